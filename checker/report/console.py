"""The console report: findings for an editor reading a terminal.

Article text is untrusted input: a sentence may contain "[bold]" or "[link=…]".  Every
piece of corpus text therefore goes into a `rich.text.Text` (which never parses markup)
and nothing from a run is ever formatted into a markup string.  Rendering goes to an
in-memory console so the reporter returns a string like every other reporter, coloured
only when asked to and never when NO_COLOR is set.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from io import StringIO
from itertools import groupby

from rich import box
from rich.console import Console, Group, RenderableType
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from checker.articleseq import article_index
from checker.claimseq import value_keys
from checker.model import ArticleInfo, Claim, Diagnostic, FactInfo, Finding, Level, RunResult
from checker.report.base import (
    ReportOptions,
    excerpt,
    sorted_claims,
    sorted_findings,
    summarize,
    summary_line,
)
from checker.report.text_table import Paragraph, TextTable

LEVEL_STYLE: Mapping[Level, str] = {
    Level.ERROR: "bold red",
    Level.WARNING: "yellow",
    Level.NOTE: "blue",
}
VALUE_STYLE = "bold underline"
NO_FINDINGS = "No discrepancies found."


def make_console(options: ReportOptions) -> tuple[Console, StringIO]:
    """An off-screen console: ANSI only when colour is wanted, fixed width, no markup,
    emoji codes or number highlighting applied behind our back."""
    buffer = StringIO()
    color = options.color and not os.environ.get("NO_COLOR", "")
    console = Console(
        file=buffer,
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        width=options.width,
        markup=False,
        emoji=False,
        highlight=False,
    )
    return console, buffer


# --- table cells, shared with the fact table ------------------------------------------


def date_text(claim: Claim) -> Text:
    """The day a claim is valid for, flagged when the article itself calls it superseded."""
    text = Text(claim.valid_at.isoformat() if claim.valid_at else "undated")
    if claim.earlier:
        text.append(" (earlier)", style="italic")
    return text


def value_text(claim: Claim, *, with_qualifier: bool = True) -> Text:
    """The normalised value, read as the article put it ("more than 4,500")."""
    shown = claim.value.display()
    if with_qualifier and claim.qualifier:
        shown = f"{claim.qualifier} {shown}"
    return Text(shown)


def quote_text(claim: Claim) -> Text:
    """The claim's sentence, cut around the value if long, with the value emphasised."""
    quote = excerpt(claim.evidence.sentence, claim.raw)
    text = Text(quote.text)
    if quote.span is not None:
        text.stylize(VALUE_STYLE, *quote.span)
    return text


def claims_table(
    claims: Iterable[Claim],
    articles: Mapping[str, ArticleInfo],
    *,
    qualifier_column: bool = False,
    section_by_value: bool = False,
    style: str = "",
) -> Table:
    """Claims side by side, one row each, so differing values are seen at a glance.

    With `section_by_value` (claims sorted by value) a rule separates each run of equal
    values, so agreeing sources form one visual block.
    """
    table = TextTable(
        box=box.SIMPLE_HEAD, expand=True, show_edge=False, pad_edge=False, style=style
    )
    table.add_column("article", overflow="fold", max_width=28)
    table.add_column("outlet", overflow="fold", max_width=16)
    table.add_column("date", no_wrap=True)
    table.add_column("value", overflow="fold", max_width=32)
    if qualifier_column:
        table.add_column("qualifier", overflow="fold", max_width=14)
    table.add_column("line", justify="right", no_wrap=True)
    table.add_column("quote", ratio=1, min_width=24, overflow="fold")
    previous: str | None = None
    for claim in claims:
        key = claim.value.key()
        if section_by_value and previous is not None and key != previous:
            table.add_section()
        previous = key
        table.add_row(*claim_cells(claim, articles, qualifier_column=qualifier_column))
    return table


def claim_cells(
    claim: Claim, articles: Mapping[str, ArticleInfo], *, qualifier_column: bool
) -> list[RenderableType]:
    """One table row; every cell is a Text so that no corpus text is read as markup."""
    article_id = claim.evidence.article_id
    info = articles.get(article_id)
    outlet = info.outlet if info is not None and info.outlet else ""
    cells: list[RenderableType] = [
        Text(article_id),
        Text(outlet),
        date_text(claim),
        value_text(claim, with_qualifier=not qualifier_column),
    ]
    if qualifier_column:
        cells.append(Text(claim.qualifier or ""))
    cells += [Text(str(claim.evidence.line)), quote_text(claim)]
    return cells


# --- findings -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _View:
    """What every block of one report needs to look up, built once per render."""

    articles: Mapping[str, ArticleInfo]
    facts: Mapping[str, FactInfo]
    options: ReportOptions

    @classmethod
    def of(cls, result: RunResult, options: ReportOptions, cited: set[str]) -> _View:
        """Only the `cited` articles are looked up: an archive has 100,000, a report
        without --verbose shows a few hundred."""
        return cls(
            articles=_cited_articles(result, cited),
            facts={f.id: f for f in result.facts},
            options=options,
        )


def _cited_articles(result: RunResult, cited: set[str]) -> dict[str, ArticleInfo]:
    """The articles the tables show, looked up by id: an archive's other articles are
    never decoded (`checker.articleseq`)."""
    index = article_index(result.articles)
    return {i: a for i in sorted(cited) if (a := index.get(i)) is not None}


Shown = tuple[Finding, list[Claim], int]
"""A finding, the claims its table shows and how many more it has."""


def fact_heading(fact_id: str, info: FactInfo | None, fallback: str) -> Rule:
    """A rule across the screen naming the fact, so one fact's findings read as a section."""
    title = Text()
    title.append(fact_id, style="bold")
    title.append(" — ")
    title.append(info.message if info else fallback)
    return Rule(title, align="left", style="cyan")


def _finding_header(finding: Finding, view: _View) -> Text:
    """Level first and coloured, since it decides what the reader must act on."""
    level = finding.level
    text = Text()
    text.append(level.value.upper(), style=LEVEL_STYLE[level])
    text.append(f"  {finding.kind.value}", style="bold")
    if finding.event_id:
        text.append(f"  event: {finding.event_id}")
    if finding.subject:
        text.append(f"  subject: {finding.subject}")
    if finding.explained is not None:
        text.append("  explained" if finding.explained else "  unexplained")
    if finding.review:
        text.append(f"  review: {finding.review}")
    if not view.options.verbose:
        text.append(f"  {finding.fingerprint[:12]}", style="dim")
    return text


def _finding_block(shown: Shown, view: _View) -> Group:
    finding, claims, hidden = shown
    parts: list[RenderableType] = [_finding_header(finding, view)]
    if view.options.verbose:
        parts.append(Text(f"fingerprint: {finding.fingerprint}", style="dim"))
    parts.append(Paragraph(finding.message))
    if finding.explanation:
        parts.append(Paragraph(_short_lines(finding.explanation, view), style="italic"))
    parts.append(claims_table(claims, view.articles))
    if hidden:
        more = f"… and {hidden:,} more claims (all of them: --verbose, --format json or html)"
        parts.append(Text(more, style="dim"))
    parts.append(Text(""))
    return Group(*parts)


MAX_ROWS = 24
"""Claims shown per finding: an archive's finding may hold thousands, a terminal cannot."""
MAX_LINE = 400


def _shown_claims(finding: Finding, options: ReportOptions) -> Shown:
    """Every claim in verbose mode; else at most `MAX_ROWS`, taken from each value in
    turn so that every disagreeing value is shown."""
    if options.verbose or len(finding.claims) <= MAX_ROWS:
        return finding, sorted_claims(finding.claims), 0
    # A finding's claims already come in `Claim.sort_key` order (what `sorted_claims`
    # refines only among equal keys), so an archive's 100,000 claims are not sorted again.
    # Value keys, not claims: claims of an archive's reused finding stay packed, and
    # only the picked ones are built.
    picked = _round_robin(value_keys(finding.claims), MAX_ROWS)
    shown = sorted_claims(finding.claims[i] for i in picked)
    return finding, shown, len(finding.claims) - len(picked)


def _round_robin(keys: list[str], limit: int) -> list[int]:
    """Positions of up to `limit` claims: the first of each value (values in order of
    first appearance), then the second of each, and so on.

    The values come from `dict.fromkeys` and each next position from `list.index`, both
    in C: a finding of 40,000 claims needs only the first few positions of each value,
    and a Python loop over all of them cost more than the rest of its block.
    """
    last: dict[str, int] = dict.fromkeys(keys, -1)
    picked: list[int] = []
    values = list(last)
    while values and len(picked) < limit:
        remaining: list[str] = []
        for key in values:
            if len(picked) == limit:
                break
            if (at := _index(keys, key, last[key] + 1)) is not None:
                last[key] = at
                picked.append(at)
                remaining.append(key)
        values = remaining
    return picked


def _index(keys: list[str], key: str, start: int) -> int | None:
    """The next position of `key` in `keys` from `start` on, if there is one."""
    try:
        return keys.index(key, start)
    except ValueError:
        return None


def _short_lines(text: str, view: _View) -> str:
    """An explanation line listing thousands of articles, cut unless verbose.  Lines are
    sliced out one by one: an archive's explanations run to megabytes, and splitting
    them would copy all of it to keep a few hundred characters a line."""
    if view.options.verbose:
        return text
    lines: list[str] = []
    start = 0
    while (end := text.find("\n", start)) >= 0:
        lines.append(_short_line(text, start, end))
        start = end + 1
    lines.append(_short_line(text, start, len(text)))
    return "\n".join(lines)


def _short_line(text: str, start: int, end: int) -> str:
    """`text[start:end]`, cut to `MAX_LINE` characters with "…" if longer."""
    if end - start <= MAX_LINE:
        return text[start:end]
    return text[start : start + MAX_LINE - 1] + "…"


def _fact_details(info: FactInfo | None) -> Iterator[Text]:
    """Verbose mode: where the rule lives and what it means, for whoever tunes it."""
    if info is None:
        return
    if info.description:
        yield Text(info.description, style="dim")
    if info.origin:
        yield Text(f"rule: {info.origin}", style="dim")


def _active_blocks(findings: list[Shown], view: _View) -> Iterator[RenderableType]:
    for fact_id, group in groupby(findings, key=lambda shown: shown[0].fact_id):
        members = list(group)
        info = view.facts.get(fact_id)
        yield fact_heading(fact_id, info, members[0][0].message)
        if view.options.verbose:
            yield from _fact_details(info)
        for shown in members:
            yield _finding_block(shown, view)


def _suppressed_block(finding: Finding, view: _View) -> Group:
    """A dimmed entry: still visible, so a suppression can be questioned, but out of the way."""
    level, kind = finding.level.value.upper(), finding.kind.value
    head = Text(f"{level}  {kind}  {finding.fact_id}  ", style="dim")
    head.append(finding.message)
    reason = Text(f"  suppressed by: {finding.suppressed_by}", style="dim")
    reason.append(f"; review: {finding.review or 'none'}; articles: {', '.join(finding.articles)}")
    parts: list[RenderableType] = [head, reason]
    if view.options.verbose:
        parts.append(claims_table(sorted_claims(finding.claims), view.articles, style="dim"))
    return Group(*parts)


def _suppressed_blocks(findings: list[Finding], view: _View) -> Iterator[RenderableType]:
    if not findings:
        return
    yield Rule(Text(f"suppressed ({len(findings)})"), align="left", style="dim")
    for finding in findings:
        yield _suppressed_block(finding, view)


def diagnostic_line(diagnostic: Diagnostic) -> Text:
    """Input problems are context, not findings: one dim line each."""
    return Text(f"{diagnostic.level.value}: {diagnostic.render()}", style="dim")


def _cited(active: list[Shown], suppressed: list[Finding], options: ReportOptions) -> set[str]:
    """The articles whose claims the report's tables show."""
    cited = {c.evidence.article_id for _, claims, _ in active for c in claims}
    if options.verbose:
        cited.update(c.evidence.article_id for f in suppressed for c in f.claims)
    return cited


def report_blocks(result: RunResult, options: ReportOptions) -> Iterator[RenderableType]:
    """Everything the console shows, top to bottom: findings, suppressed, diagnostics, totals."""
    ordered = sorted_findings(result.findings)
    active = [_shown_claims(f, options) for f in ordered if f.suppressed_by is None]
    suppressed = [f for f in ordered if f.suppressed_by is not None]
    view = _View.of(result, options, _cited(active, suppressed, options))
    if active:
        yield from _active_blocks(active, view)
    else:
        yield Text(NO_FINDINGS, style="green")
    yield from _suppressed_blocks(suppressed, view)
    if result.diagnostics:
        yield Text("")
    for diagnostic in result.diagnostics:
        yield diagnostic_line(diagnostic)
    yield Text("")
    yield Text(summary_line(summarize(result)), style="bold")


class ConsoleReporter:
    """`--format console`, the default: human-readable, optionally coloured."""

    name: str = "console"
    extension: str = ".txt"

    def render(self, result: RunResult, options: ReportOptions) -> str:
        console, buffer = make_console(options)
        for block in report_blocks(result, options):
            console.print(block)
        return buffer.getvalue()
