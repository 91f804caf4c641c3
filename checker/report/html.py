"""The HTML report: one self-contained page an editor would rather read than the console.

Summary, findings with their disagreeing quotes side by side, filters, the fact table and
timelines, in a single file with inline CSS and JS: it can be mailed, archived or opened
from a CI artifact without a network.  Article text is untrusted, so the page is built
with Jinja2 autoescaping on and never marks corpus text safe; the value is highlighted
by splitting the sentence into before / value / after and escaping each part.  A
Content-Security-Policy allows only the page's own script (by hash), so even a future
escaping slip could not run a script that arrived in an article.

The output is deterministic: no timestamps, everything sorted, the same run gives the
same bytes.
"""

from __future__ import annotations

import base64
import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import PurePath, PurePosixPath
from urllib.parse import quote, urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

import checker
from checker.articleseq import article_index
from checker.compare import group_key
from checker.model import (
    ArticleInfo,
    Claim,
    EventInfo,
    FactInfo,
    Finding,
    FindingKind,
    Level,
    RunResult,
)
from checker.report.base import (
    ReportOptions,
    excerpt,
    sorted_claims,
    sorted_findings,
    summarize,
    summary_line,
    value_order,
)
from checker.report.html_timeline import Chart, chart, shown_value

GroupKey = tuple[str, str, str]  # (fact, event or "", subject or "") as the comparator groups
UNREVIEWED = "unreviewed"
REVIEW_STATES = ("confirmed", "accepted", "false_positive", "fixed", UNREVIEWED)
LEVELS = (Level.ERROR, Level.WARNING, Level.NOTE)
WHOLE = 10**9  # excerpt limit that never cuts: the HTML shows the whole sentence
TEMPLATE = "report.html.j2"


@cache
def environment() -> Environment:
    """The template environment: autoescaping on, and an undefined name is an error."""
    return Environment(
        loader=PackageLoader("checker", "report/templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _asset(name: str) -> str:
    """A static file beside the template (our CSS or JS, never corpus text)."""
    loader = environment().loader
    assert loader is not None
    source, _, _ = loader.get_source(environment(), name)
    return source


def script_hash(script: str) -> str:
    """The CSP source for exactly this inline script."""
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


# --- links -----------------------------------------------------------------------------


def article_href(info: ArticleInfo | None, article_id: str, line: int) -> str:
    """A link to the article's line: a file: URI for an absolute path, else relative.

    Relative paths are percent-encoded (':' included), so an article named like a URL
    scheme ("javascript:…") can never become one.
    """
    path = PurePath(info.path) if info is not None else PurePosixPath(article_id)
    if path.is_absolute():
        return f"{path.as_uri()}#L{line}"
    return f"{quote(path.as_posix(), safe='/')}#L{line}"


def safe_url(url: str | None) -> str | None:
    """An article's source URL only when it is http(s): a manifest is corpus data too."""
    if not url:
        return None
    scheme = urlsplit(url.strip()).scheme.lower()
    return url.strip() if scheme in ("http", "https") else None


# --- views -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Quote:
    """One claim as a card: its sentence split around the value, and where it is from."""

    before: str
    value: str
    after: str
    shown: str
    article_id: str
    outlet: str
    title: str
    when: str
    earlier: bool
    line: int
    column: int
    href: str
    source: str | None


@dataclass(frozen=True, slots=True)
class Column:
    """The claims that share one value: one column of the side-by-side view."""

    value: str
    sources: int
    quotes: tuple[Quote, ...]


@dataclass(frozen=True, slots=True)
class FindingView:
    fingerprint: str
    fact: str
    kind: str
    level: str
    message: str
    explanation: tuple[str, ...]
    event: str | None
    event_name: str | None
    subject: str | None
    explained: bool | None
    review: str
    suppressed_by: str | None
    columns: tuple[Column, ...]


def quote_view(claim: Claim, articles: Mapping[str, ArticleInfo]) -> Quote:
    ev = claim.evidence
    info = articles.get(ev.article_id)
    cut = excerpt(ev.sentence, claim.raw, WHOLE)
    start, end = cut.span if cut.span is not None else (len(cut.text), len(cut.text))
    return Quote(
        before=cut.text[:start],
        value=cut.text[start:end],
        after=cut.text[end:],
        shown=shown_value(claim),
        article_id=ev.article_id,
        outlet=(info.outlet or "") if info is not None else "",
        title=(info.title or "") if info is not None else "",
        when=claim.valid_at.isoformat() if claim.valid_at else "undated",
        earlier=claim.earlier,
        line=ev.line,
        column=ev.column,
        href=article_href(info, ev.article_id, ev.line),
        source=safe_url(info.url) if info is not None else None,
    )


def _first_time(claims: Sequence[Claim]) -> tuple[bool, str]:
    """Earlier figures first, then by date, so columns read left to right as a timeline."""
    return min((not c.earlier, c.valid_at.isoformat() if c.valid_at else "9999") for c in claims)


def columns(claims: Iterable[Claim], articles: Mapping[str, ArticleInfo]) -> tuple[Column, ...]:
    by_value: dict[str, list[Claim]] = defaultdict(list)
    for claim in sorted_claims(claims):
        by_value[shown_value(claim)].append(claim)
    ordered = sorted(by_value.items(), key=lambda kv: (_first_time(kv[1]), kv[0]))
    return tuple(
        Column(
            value,
            len({c.evidence.article_id for c in cs}),
            tuple(quote_view(c, articles) for c in cs),
        )
        for value, cs in ordered
    )


def finding_view(
    finding: Finding, articles: Mapping[str, ArticleInfo], events: Mapping[str, EventInfo]
) -> FindingView:
    event = events.get(finding.event_id) if finding.event_id else None
    return FindingView(
        fingerprint=finding.fingerprint,
        fact=finding.fact_id,
        kind=finding.kind.value,
        level=finding.level.value,
        message=finding.message,
        explanation=tuple((finding.explanation or "").splitlines()),
        event=finding.event_id,
        event_name=event.name if event else None,
        subject=finding.subject,
        explained=finding.explained,
        review=finding.review or UNREVIEWED,
        suppressed_by=finding.suppressed_by,
        columns=columns(finding.claims, articles),
    )


def _urgency(finding: Finding) -> tuple[bool, int, tuple[str, str, str, str]]:
    """Open findings first, errors before notes: the page reads in order of action."""
    return (finding.suppressed_by is not None, -finding.level.rank, finding.sort_key())


# --- the fact table --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Chip:
    """One value in one cell; the quote shows on hover, `tone` tells values apart."""

    text: str
    quote: str
    tone: int


@dataclass(frozen=True, slots=True)
class FactRow:
    fact: str
    message: str
    event: str | None
    event_name: str | None
    subject: str | None
    flagged: bool
    cells: tuple[tuple[Chip, ...], ...]


def _chip(claims: Sequence[Claim], tone: int) -> Chip:
    quotes = [
        f"{c.evidence.article_id}:{c.evidence.line} “{' '.join(c.evidence.sentence.split())}”"
        for c in claims
    ]
    return Chip(shown_value(claims[0]), "\n\n".join(quotes), tone)


def _cell(claims: Sequence[Claim], tones: Mapping[str, int]) -> tuple[Chip, ...]:
    by_value: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        by_value[claim.value.key()].append(claim)
    keys = sorted(by_value, key=lambda k: tones[k])
    return tuple(_chip(by_value[k], tones[k]) for k in keys)


def row_groups(claims: Iterable[Claim]) -> list[tuple[GroupKey, list[Claim]]]:
    """Claims by (fact, event, subject) - the groups the comparator compares - so figures
    of different events, or names of different people, never share a row."""
    out: dict[GroupKey, list[Claim]] = defaultdict(list)
    for claim in sorted_claims(claims):
        out[group_key(claim)].append(claim)
    return sorted(out.items(), key=lambda kv: (kv[0][0], kv[0][1] != "", kv[0][1], kv[0][2]))


def fact_row(
    key: GroupKey,
    claims: Sequence[Claim],
    article_ids: Sequence[str],
    flagged: bool,
    lookups: tuple[Mapping[str, FactInfo], Mapping[str, EventInfo]],
) -> FactRow:
    """One row of the table; values get tones only where a finding flags the row."""
    facts, events = lookups
    fact_id, event_id, subject = key
    tones: dict[str, int] = {}
    for claim in sorted(claims, key=lambda c: value_order(c.value)):
        tones.setdefault(claim.value.key(), len(tones) if flagged else -1)
    per_article: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        per_article[claim.evidence.article_id].append(claim)
    info = facts.get(fact_id)
    event = events.get(event_id) if event_id else None
    return FactRow(
        fact=fact_id,
        message=info.message if info else fact_id,
        event=event_id or None,
        event_name=event.name if event else None,
        subject=subject or None,
        flagged=flagged,
        cells=tuple(_cell(per_article.get(a, []), tones) for a in article_ids),
    )


def fact_rows(result: RunResult, article_ids: Sequence[str]) -> list[FactRow]:
    flagged = {
        group_key(f.claims[0]) for f in result.findings if f.claims and f.suppressed_by is None
    }
    lookups = ({f.id: f for f in result.facts}, {e.id: e for e in result.events})
    return [
        fact_row(key, claims, article_ids, key in flagged, lookups)
        for key, claims in row_groups(result.claims)
    ]


# --- timelines -------------------------------------------------------------------------


def charts(result: RunResult, articles: Mapping[str, ArticleInfo]) -> list[Chart]:
    """A chart for every fact that changes over time, one per event it has claims about;
    a lone dated claim is left out unless a rule timeline gives it something to meet."""
    facts = {f.id: f for f in result.facts}
    events = {e.id: e for e in result.events}
    out = []
    for (fact_id, event_id, _), claims in row_groups(result.claims):
        info = facts.get(fact_id)
        if info is None or not info.changes_over_time:
            continue
        if sum(1 for c in claims if c.valid_at is not None) < 2 and not info.timeline:
            continue
        drawn = chart(info, events.get(event_id), claims, articles)
        if drawn is not None:
            out.append(drawn)
    return out


# --- the page --------------------------------------------------------------------------


def _options(values: Iterable[str]) -> list[str]:
    return sorted(set(values))


def _review_counts(findings: Sequence[Finding]) -> dict[str, int]:
    counts = dict.fromkeys(REVIEW_STATES, 0)
    for finding in findings:
        state = finding.review or UNREVIEWED
        counts[state] = counts.get(state, 0) + 1
    return counts


def _summary(result: RunResult) -> dict[str, object]:
    """The totals at the top: counts by level and kind (open findings), and by review."""
    summary = summarize(result)
    return {
        "version": checker.__version__,
        "summary": summary,
        "summary_line": summary_line(summary),
        "levels": [level.value for level in LEVELS],
        "by_level": {level.value: summary.by_level[level] for level in LEVELS},
        "by_kind": {kind.value: n for kind, n in summary.by_kind.items()},
        "kinds": [kind.value for kind in FindingKind],
        "reviews": _review_counts(result.findings),
        "review_states": list(REVIEW_STATES),
    }


def _filters(findings: Sequence[Finding]) -> dict[str, object]:
    """Filter choices: only values some finding has, so no choice empties the page."""
    return {
        "fact_options": _options(f.fact_id for f in findings),
        "kind_options": _options(f.kind.value for f in findings),
        "level_options": [lv.value for lv in LEVELS if any(f.level == lv for f in findings)],
        "review_options": _options(f.review or UNREVIEWED for f in findings),
    }


def _assets() -> dict[str, object]:
    """Our own stylesheet and script, inlined; the script's hash goes into the CSP."""
    script = _asset("report.js")
    return {
        "css": Markup(_asset("report.css")),  # our stylesheet, not corpus text
        "script": Markup(script),  # our script, not corpus text
        "script_hash": script_hash(script),
    }


def context(result: RunResult) -> dict[str, object]:
    """Everything the template shows, as plain values in their display order."""
    articles = article_index(result.articles)
    events = {e.id: e for e in result.events}
    article_list = sorted(result.articles, key=lambda a: a.id)
    ordered = sorted(sorted_findings(result.findings), key=_urgency)
    return {
        **_summary(result),
        **_filters(result.findings),
        **_assets(),
        "findings": [finding_view(f, articles, events) for f in ordered],
        "articles": article_list,
        "article_hrefs": {a.id: article_href(a, a.id, 1) for a in article_list},
        "article_sources": {a.id: safe_url(a.url) for a in article_list},
        "rows": fact_rows(result, [a.id for a in article_list]),
        "charts": charts(result, articles),
        "diagnostics": [d.render() for d in result.diagnostics],
    }


def render_html(result: RunResult) -> str:
    """The whole page; a pure function of the run, so equal runs give equal bytes."""
    return environment().get_template(TEMPLATE).render(context(result))


class HtmlReporter:
    """`--format html`: the editor's report; options do not change it (it has its own filters)."""

    name: str = "html"
    extension: str = ".html"

    def render(self, result: RunResult, options: ReportOptions) -> str:
        return render_html(result)
