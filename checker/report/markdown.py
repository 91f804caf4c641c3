"""The Markdown report: a summary short enough to post as a pull-request comment.

Totals first, then the findings most in need of action (errors before warnings before
notes), each with its claims side by side; suppressed findings fold into a `<details>`
block so they can be questioned without crowding the comment.  Comment size is bounded
by capping findings and claims with "…and K more" rather than by truncating text.

Article text is untrusted: in a rendered comment a quote could otherwise open a link,
inject HTML or break a table.  Every piece of corpus text goes through `md()`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from checker.articleseq import article_index
from checker.model import ArticleInfo, Claim, Finding, Level, RunResult
from checker.report.base import (
    ReportOptions,
    Summary,
    excerpt,
    plural,
    sorted_claims,
    sorted_findings,
    summarize,
    summary_line,
)

MARKER = "<!-- factcheck-report -->"  # lets a bot find and update its earlier comment
MAX_FINDINGS = 20
MAX_CLAIMS = 8
NO_FINDINGS = "No discrepancies found."

_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_PUNCT = re.compile(r"([\\`*_\[\]|~#])")
_SPACE = re.compile(r"\s+")


def md(text: str) -> str:
    """Literal text for a Markdown table cell or paragraph.

    Whitespace collapses to one line (a newline would end a table row), HTML
    specials become entities and Markdown punctuation is backslash-escaped, which
    CommonMark guarantees renders the character itself.
    """
    text = _SPACE.sub(" ", text).strip()
    text = "".join(_HTML.get(char, char) for char in text)
    return _PUNCT.sub(r"\\\1", text)


def code(text: str) -> str:
    """An inline code span that survives backticks inside `text`."""
    text = _SPACE.sub(" ", text).strip()
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def more(count: int, noun: str) -> str:
    """'…and 3 more findings.': says how much a cap left out, so nothing vanishes silently."""
    return f"…and {plural(count, f'more {noun}')}."


# --- summary --------------------------------------------------------------------------


def summary_tables(summary: Summary) -> Iterator[str]:
    """Counts by level (plus suppressed), then by kind for the kinds that occur."""
    yield "| level | findings |"
    yield "| --- | ---: |"
    for level in (Level.ERROR, Level.WARNING, Level.NOTE):
        yield f"| {level.value} | {summary.by_level[level]} |"
    yield f"| suppressed | {summary.suppressed} |"
    kinds = [(kind, n) for kind, n in summary.by_kind.items() if n]
    if kinds:
        yield ""
        yield "| kind | findings |"
        yield "| --- | ---: |"
        yield from (f"| {kind.value} | {n} |" for kind, n in sorted(kinds))


# --- findings -------------------------------------------------------------------------


def quote_cell(claim: Claim) -> str:
    """The sentence, cut around the value, with the value in bold."""
    quote = excerpt(claim.evidence.sentence, claim.raw)
    if quote.span is None:
        return md(quote.text)
    start, end = quote.span
    before, value, after = quote.text[:start], quote.text[start:end], quote.text[end:]
    spaced_before = " " if before.endswith(" ") else ""
    spaced_after = " " if after.startswith(" ") else ""
    return f"{md(before)}{spaced_before}**{md(value)}**{spaced_after}{md(after)}".strip()


def claim_row(claim: Claim, articles: Mapping[str, ArticleInfo]) -> str:
    ev = claim.evidence
    info = articles.get(ev.article_id)
    source = md(ev.article_id)
    if info is not None and info.outlet:
        source += f" ({md(info.outlet)})"
    value = claim.value.display()
    if claim.qualifier:
        value = f"{claim.qualifier} {value}"
    when = claim.valid_at.isoformat() if claim.valid_at else "undated"
    if claim.earlier:
        when += " (earlier)"
    return f"| {source} | {when} | {md(value)} | {ev.line} | {quote_cell(claim)} |"


def claims_table(claims: list[Claim], articles: Mapping[str, ArticleInfo]) -> Iterator[str]:
    yield "| article | date | value | line | quote |"
    yield "| --- | --- | --- | ---: | --- |"
    yield from (claim_row(c, articles) for c in claims[:MAX_CLAIMS])
    if len(claims) > MAX_CLAIMS:
        yield ""
        yield more(len(claims) - MAX_CLAIMS, "claim")


def finding_section(
    number: int, finding: Finding, articles: Mapping[str, ArticleInfo]
) -> Iterator[str]:
    """Level, kind and fact in the heading; then message, reason, scope and the claims."""
    level, kind = finding.level.value.upper(), finding.kind.value
    yield f"### {number}. {level} · {kind} · {code(finding.fact_id)}"
    yield ""
    yield md(finding.message)
    if finding.explanation:
        yield ""
        yield from (f"> {md(line)}" for line in finding.explanation.splitlines() if line.strip())
    yield ""
    yield " · ".join(_scope(finding))
    yield ""
    yield from claims_table(sorted_claims(finding.claims), articles)
    yield ""


def _scope(finding: Finding) -> Iterator[str]:
    if finding.event_id:
        yield f"event {code(finding.event_id)}"
    if finding.explained is not None:
        yield "explained" if finding.explained else "unexplained"
    if finding.review:
        yield f"review: {md(finding.review)}"
    yield f"fingerprint {code(finding.fingerprint[:12])}"


def suppressed_section(findings: list[Finding]) -> Iterator[str]:
    """Suppressed findings, one line each, folded away but never dropped."""
    if not findings:
        return
    yield "<details>"
    yield f"<summary>{plural(len(findings), 'suppressed finding')}</summary>"
    yield ""
    for finding in findings[:MAX_FINDINGS]:
        review = f", review: {md(finding.review)}" if finding.review else ""
        yield (
            f"- {finding.level.value} · {finding.kind.value} · {code(finding.fact_id)}: "
            f"{md(finding.message)} (suppressed by {md(finding.suppressed_by or '')}{review})"
        )
    if len(findings) > MAX_FINDINGS:
        yield ""
        yield more(len(findings) - MAX_FINDINGS, "suppressed finding")
    yield ""
    yield "</details>"
    yield ""


def _urgency(finding: Finding) -> tuple[int, tuple[str, str, str, str]]:
    """Errors first: when the list is capped, what is cut is what matters least."""
    return (-finding.level.rank, finding.sort_key())


def report_lines(result: RunResult) -> Iterator[str]:
    summary = summarize(result)
    yield MARKER
    yield "## factcheck report"
    yield ""
    yield f"**{summary_line(summary)}**"
    yield ""
    yield from summary_tables(summary)
    yield ""
    ordered = sorted(sorted_findings(result.findings), key=_urgency)
    active = [f for f in ordered if f.suppressed_by is None]
    articles = article_index(result.articles)
    if not active:
        yield NO_FINDINGS
        yield ""
    for number, finding in enumerate(active[:MAX_FINDINGS], start=1):
        yield from finding_section(number, finding, articles)
    if len(active) > MAX_FINDINGS:
        yield more(len(active) - MAX_FINDINGS, "finding")
        yield ""
    yield from suppressed_section([f for f in ordered if f.suppressed_by is not None])


class MarkdownReporter:
    """`--format markdown`: GitHub-flavoured Markdown for a pull-request comment."""

    name: str = "markdown"
    extension: str = ".md"

    def render(self, result: RunResult, options: ReportOptions) -> str:
        return "\n".join(report_lines(result)).rstrip("\n") + "\n"
