"""Word distances and clause boundaries inside one sentence.

Extractors attach a value to the nearest cue of its clause ("killed 14 and injured
about 90" gives 14 to killed and 90 to injured).  Distance is counted in words, and
crossing punctuation or a coordinating word costs extra, so a number prefers the cue of
its own clause without forbidding an appositive in between.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

_WORD = re.compile(r"[\w][\w'’\-.,]*[\w]|[\w]")
_STRONG = re.compile(r"[;:()\[\]]|\s[–—-]\s|—|–(?=\s)")
_COMMA = re.compile(r",")
_JOINER = re.compile(r"\b(?:and|but|while|whereas|although|though|whom|which|who)\b", re.IGNORECASE)

STRONG_COST = 4.0
COMMA_COST = 1.0
JOINER_COST = 1.0


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int


def words(text: str) -> list[tuple[int, int, str]]:
    """Word tokens with offsets; numbers with separators ("4,500", "2.5") stay whole."""
    return [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(text)]


def gap(a: Span, b: Span) -> tuple[int, int]:
    """The character range strictly between two spans, whichever comes first."""
    if a.end <= b.start:
        return a.end, b.start
    if b.end <= a.start:
        return b.end, a.start
    return 0, 0


def word_count(text: str, start: int, end: int) -> int:
    return len(_WORD.findall(text, start, end)) if end > start else 0


def cost(text: str, a: Span, b: Span, limit: float = math.inf) -> float:
    """How far apart two spans are, in words plus clause-boundary penalties.

    With a `limit`, a gap of more words than that costs infinity without being read to
    the end: callers that keep only pairs within the limit then spend time per pair
    bounded by the limit, not by the sentence (dense hostile text has many pairs).
    """
    lo, hi = gap(a, b)
    if hi <= lo:
        return 0.0
    if limit < math.inf:
        for count, _ in enumerate(_WORD.finditer(text, lo, hi), 1):
            if count > limit:
                return math.inf
    between = text[lo:hi]
    return (
        word_count(text, lo, hi)
        + STRONG_COST * len(_STRONG.findall(between))
        + COMMA_COST * len(_COMMA.findall(between))
        + JOINER_COST * len(_JOINER.findall(between))
    )


def clause_start(text: str, offset: int) -> int:
    """Offset where the clause holding `offset` begins (after , ; : dash or a joiner)."""
    best = 0
    for pattern in (_STRONG, _COMMA, _JOINER):
        for m in pattern.finditer(text, 0, offset):
            best = max(best, m.end())
    return best


def clause_end(text: str, offset: int) -> int:
    """Offset where the clause holding `offset` ends."""
    ends = [m.start() for p in (_STRONG, _COMMA) for m in [p.search(text, offset)] if m]
    return min(ends) if ends else len(text)


def window_before(text: str, offset: int, count: int) -> str:
    """The `count` words before `offset`, lower-cased, never crossing a strong boundary."""
    start = 0
    for m in _STRONG.finditer(text, 0, offset):
        start = m.end()
    tokens = _WORD.findall(text, start, offset)
    return " ".join(tokens[-count:]).lower() if count else ""


def window_after(text: str, offset: int, count: int, stop: Iterable[str] = ()) -> str:
    """The `count` words after `offset`, stopping at punctuation or a stop word."""
    stops = {w.lower() for w in stop}
    out: list[str] = []
    last_end = offset
    for m in _WORD.finditer(text, offset):
        prefix = text[last_end : m.start()]
        if any(ch in prefix for ch in ",;:()[]") or "–" in prefix or "—" in prefix:
            break
        word = m.group(0).lower()
        if word in stops:
            break
        out.append(word)
        last_end = m.end()
        if len(out) >= count:
            break
    return " ".join(out)


def contains_phrase(window: str, phrases: Iterable[str]) -> str | None:
    """The first phrase found in a lower-cased window, word-bounded."""
    padded = f" {window} "
    for phrase in phrases:
        if f" {phrase.lower()} " in padded:
            return phrase
    return None
