"""The fact table behind `factcheck facts`: every claim, by fact, event and article.

Findings show only where sources disagree; the fact table shows what each source says,
which is how an editor checks the extraction itself and sees the consensus a finding
departs from.  Within one fact and event the claims are ordered by value, so sources
that agree sit together and an outlier stands out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import groupby

from rich.console import RenderableType
from rich.rule import Rule
from rich.text import Text

from checker.articleseq import article_index
from checker.model import Claim, EventInfo, FactInfo, RunResult
from checker.report.base import ReportOptions, plural, value_order
from checker.report.console import claims_table, make_console
from checker.report.json_report import JsonObject, dump, encode_claim

NO_CLAIMS = "No claims found."


@dataclass(frozen=True, slots=True)
class FactGroup:
    """The claims of one fact about one event (or about no event), in table order."""

    fact_id: str
    kind: str
    event_id: str | None
    claims: tuple[Claim, ...]


def _row_order(claim: Claim) -> tuple[tuple[int, float, float, str], str, int, int]:
    ev = claim.evidence
    return (value_order(claim.value), ev.article_id, ev.start, ev.end)


def group_claims(claims: Iterable[Claim]) -> list[FactGroup]:
    """Group by fact, then event (claims with no event first), rows by value then article."""
    buckets: dict[tuple[str, str | None], list[Claim]] = defaultdict(list)
    for claim in claims:
        buckets[(claim.fact_id, claim.event_id)].append(claim)
    keys = sorted(buckets, key=lambda k: (k[0], k[1] is not None, k[1] or ""))
    groups = []
    for fact_id, event_id in keys:
        rows = tuple(sorted(buckets[(fact_id, event_id)], key=_row_order))
        groups.append(FactGroup(fact_id, rows[0].kind, event_id, rows))
    return groups


# --- JSON -----------------------------------------------------------------------------


def encode_facts(result: RunResult) -> JsonObject:
    """`{"facts": [{"fact", "kind", "event", "claims"}]}` with claims encoded as in the report."""
    return {
        "facts": [
            {
                "fact": group.fact_id,
                "kind": group.kind,
                "event": group.event_id,
                "claims": [encode_claim(c) for c in group.claims],
            }
            for group in group_claims(result.claims)
        ]
    }


def _render_json(result: RunResult, options: ReportOptions) -> str:
    return dump(encode_facts(result))


# --- console --------------------------------------------------------------------------


def _fact_rule(group: FactGroup, info: FactInfo | None) -> Rule:
    title = Text()
    title.append(group.fact_id, style="bold")
    title.append(f" ({group.kind})")
    if info is not None:
        title.append(" — ")
        title.append(info.message)
    return Rule(title, align="left", style="cyan")


def _event_line(group: FactGroup, events: Mapping[str, EventInfo]) -> Text:
    """Which event the table is about, and how much the sources agree on it."""
    text = Text()
    if group.event_id is None:
        text.append("no event", style="bold")
    else:
        text.append(f"event: {group.event_id}", style="bold")
        info = events.get(group.event_id)
        if info is not None:
            text.append(f" — {info.name}")
    values = len({c.value.key() for c in group.claims})
    articles = len({c.evidence.article_id for c in group.claims})
    counts = f"  {plural(len(group.claims), 'claim')}, {plural(values, 'distinct value')}"
    text.append(f"{counts} in {plural(articles, 'article')}", style="dim")
    return text


def _fact_blocks(result: RunResult) -> Iterator[RenderableType]:
    articles = article_index(result.articles)
    facts = {f.id: f for f in result.facts}
    events = {e.id: e for e in result.events}
    for fact_id, fact_groups in groupby(group_claims(result.claims), key=lambda g: g.fact_id):
        for index, group in enumerate(fact_groups):
            if index == 0:
                yield _fact_rule(group, facts.get(fact_id))
            yield _event_line(group, events)
            yield claims_table(group.claims, articles, qualifier_column=True, section_by_value=True)


def _footer(result: RunResult) -> Text:
    facts = len({c.fact_id for c in result.claims})
    articles = len({c.evidence.article_id for c in result.claims})
    line = f"{plural(len(result.claims), 'claim')} of {plural(facts, 'fact')}"
    return Text(f"{line} in {plural(articles, 'article')}", style="bold")


def _render_console(result: RunResult, options: ReportOptions) -> str:
    console, buffer = make_console(options)
    if not result.claims:
        console.print(Text(NO_CLAIMS))
        return buffer.getvalue()
    for block in _fact_blocks(result):
        console.print(block)
    console.print(Text(""))
    console.print(_footer(result))
    return buffer.getvalue()


FACT_FORMATS: Mapping[str, Callable[[RunResult, ReportOptions], str]] = {
    "console": _render_console,
    "json": _render_json,
}


def render_facts(result: RunResult, options: ReportOptions, fmt: str = "console") -> str:
    """Render the fact table as `fmt` ("console" or "json"); ValueError names the valid ones."""
    try:
        renderer = FACT_FORMATS[fmt]
    except KeyError:
        valid = ", ".join(sorted(FACT_FORMATS))
        raise ValueError(f"unknown fact table format {fmt!r}; choose one of: {valid}") from None
    return renderer(result, options)
