"""The reporter interface and the facts every reporter derives the same way.

Each output format lives in its own module and only turns a finished `RunResult` into a
string; the CLI decides where that string goes (see `checker.atomic.write_atomic`).
Counting, ordering and quote excerpts are defined once here so that the console, JSON,
SARIF and HTML views of one run never disagree about what the run found.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol, TextIO

from checker.articleseq import undated_count
from checker.model import (
    Claim,
    DateValue,
    Finding,
    FindingKind,
    Level,
    Quantity,
    RunResult,
    Value,
)

QUOTE_LIMIT = 160  # characters of a sentence shown around a value before it is cut with "…"


@dataclass(frozen=True, slots=True)
class ReportOptions:
    """Presentation choices; none of them changes what a machine-readable report contains."""

    color: bool = False
    width: int = 120
    verbose: bool = False
    fail_on: Level | None = Level.WARNING


class Reporter(Protocol):
    """One output format.  `extension` includes the dot (".json") for default file names."""

    name: str
    extension: str

    def render(self, result: RunResult, options: ReportOptions) -> str: ...


def color_wanted(stream: TextIO, environ: Mapping[str, str]) -> bool:
    """Whether the console reporter should colour output written to `stream`.

    Colour only on a terminal, and never when the user opted out with NO_COLOR
    (https://no-color.org: any non-empty value).  The CLI builds `ReportOptions` with this.
    """
    if environ.get("NO_COLOR", ""):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


# --- counting -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Summary:
    """Run totals.  Level and kind counts cover unsuppressed findings only, because a
    suppressed finding is a decision already taken, not something still to act on."""

    articles: int
    claims: int
    by_level: Mapping[Level, int]
    by_kind: Mapping[FindingKind, int]
    suppressed: int
    undated: int
    hidden: int = 0  # findings `--changed-since` left out because no changed article is involved


def summarize(result: RunResult) -> Summary:
    """Count a run once, with every level and kind present (zero included) for a stable shape."""
    active = [f for f in result.findings if f.suppressed_by is None]
    by_level = {level: 0 for level in Level}
    by_kind = {kind: 0 for kind in FindingKind}
    for finding in active:
        by_level[finding.level] += 1
        by_kind[finding.kind] += 1
    return Summary(
        articles=len(result.articles),
        claims=len(result.claims),
        by_level=by_level,
        by_kind=by_kind,
        suppressed=len(result.findings) - len(active),
        undated=undated_count(result.articles),
        hidden=result.hidden,
    )


def plural(count: int, noun: str) -> str:
    """'1 error', '3 warnings': summary lines read as English, not as '1 error(s)'."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def summary_line(summary: Summary) -> str:
    """The one-line verdict shared by text reporters, e.g.
    '5 articles, 41 claims: 1 error, 3 warnings, 4 notes (2 suppressed)'."""
    levels = ", ".join(
        plural(summary.by_level[level], level.value)
        for level in (Level.ERROR, Level.WARNING, Level.NOTE)
    )
    line = f"{plural(summary.articles, 'article')}, {plural(summary.claims, 'claim')}: {levels}"
    if summary.suppressed:
        line += f" ({summary.suppressed} suppressed)"
    if summary.hidden:
        line += f" ({summary.hidden} hidden: no changed article involved)"
    return line


# --- ordering -------------------------------------------------------------------------


def claim_order(claim: Claim) -> tuple[tuple[str, str, int, int, str], str, str, str]:
    """`Claim.sort_key()` plus tie-breakers, so that equal keys never fall back to input order."""
    valid = claim.valid_at.isoformat() if claim.valid_at else ""
    return (claim.sort_key(), claim.event_id or "", valid, claim.raw)


def sorted_claims(claims: Iterable[Claim]) -> list[Claim]:
    return sorted(claims, key=claim_order)


def sorted_findings(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: f.sort_key())


def value_order(value: Value) -> tuple[int, float, float, str]:
    """Natural order for values of one fact: numbers and dates by magnitude, the rest by key.

    `Value.key()` is a string, which would put a toll of 90 after one of 225; scanning a
    fact table is easier when equal and neighbouring figures sit together.
    """
    if isinstance(value, Quantity):
        low = value.low if value.low is not None else float("-inf")
        high = value.high if value.high is not None else float("inf")
        return (0, low, high, value.key())
    if isinstance(value, DateValue):
        return (1, float(value.start.toordinal()), float(value.end.toordinal()), value.key())
    return (2, 0.0, 0.0, value.key())


# --- quotes ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Excerpt:
    """A quote ready to show: whitespace collapsed, perhaps cut, and where the value is."""

    text: str
    span: tuple[int, int] | None  # offsets of the raw value inside `text`, if found


_SPACE = re.compile(r"\s+")


def excerpt(sentence: str, raw: str, limit: int = QUOTE_LIMIT) -> Excerpt:
    """Locate `raw` in `sentence` and cut a long sentence to about `limit` characters around it.

    Sentences of wire copy run to several hundred characters; in a side-by-side table the
    reader needs the value and its immediate context, so the cut keeps the value centred
    and ends on word boundaries, marking each cut with "…".
    """
    text = _SPACE.sub(" ", sentence).strip()
    span = _find(text, _SPACE.sub(" ", raw).strip())
    if len(text) <= limit:
        return Excerpt(text, span)
    start, end = _window(text, span, limit)
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    cut = prefix + text[start:end] + suffix
    if span is None:
        return Excerpt(cut, None)
    shift = start - len(prefix)
    low, high = len(prefix), len(prefix) + end - start
    new_span = (min(max(span[0] - shift, low), high), min(max(span[1] - shift, low), high))
    return Excerpt(cut, new_span if new_span[0] < new_span[1] else None)


def _find(text: str, raw: str) -> tuple[int, int] | None:
    """Offsets of `raw` in `text`: exact first, then ignoring case (offsets stay valid)."""
    if not raw:
        return None
    at = text.find(raw)
    if at >= 0:
        return (at, at + len(raw))
    match = re.search(re.escape(raw), text, re.IGNORECASE)
    return match.span() if match else None


def _window(text: str, span: tuple[int, int] | None, limit: int) -> tuple[int, int]:
    """Start and end of a `limit`-character window centred on `span`, snapped to spaces."""
    if span is None:
        return 0, _snap_end(text, limit, 0)
    value_start, value_end = span
    context = max(limit - (value_end - value_start), 0) // 2
    start = max(value_start - context, 0)
    end = min(start + max(limit, value_end - value_start), len(text))
    start = max(min(start, end - limit), 0)
    return _snap_start(text, start, value_start), _snap_end(text, end, value_end)


def _snap_start(text: str, start: int, floor: int) -> int:
    """Move a cut forward to the next word start, but never past the value."""
    if start == 0 or text[start - 1] == " ":
        return start
    space = text.find(" ", start, floor)
    return space + 1 if space >= 0 else start


def _snap_end(text: str, end: int, ceiling: int) -> int:
    """Move a cut back to the previous word end, but never before the value."""
    if end >= len(text) or text[end] == " ":
        return end
    space = text.rfind(" ", ceiling, end)
    return space if space > 0 else end
