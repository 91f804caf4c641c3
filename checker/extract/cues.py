"""Cue phrases compiled into word-bounded, case-insensitive alternations.

Cues are literal phrases (escaped), so the alternation cannot backtrack
catastrophically and may use the standard `re` module (DESIGN §8).  A trailing `*`
makes the last word a prefix ("peacekeep*" matches peacekeepers, peacekeeping).
Inside a phrase any run of spaces matches any run of whitespace or a hyphen, so
"death toll" also finds "death-toll" and a line-wrapped "death\ntoll".  A `...` between
words stands for up to eight words ("protests ... broke out" matches "Protests broke out"
and "Protests in several cities broke out"); the gap is bounded, so it stays linear.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CueHit:
    start: int
    end: int
    cue: str


GAP = "..."
_GAP_PATTERN = r"(?:[\s\-]+[^\s;:!?]+){0,8}?[\s\-]+"
_SPACE_PATTERN = r"[\s\-]+"


def _words_pattern(words: list[str]) -> str:
    out: list[str] = []
    for i, word in enumerate(words):
        if word == GAP:
            continue
        if out:
            out.append(_GAP_PATTERN if words[i - 1] == GAP else _SPACE_PATTERN)
        out.append(_word_pattern(word))
    return "".join(out)


def _word_pattern(word: str) -> str:
    """A word, optionally possessive ("CSTO" also matches "CSTO's")."""
    if word.endswith("*") and len(word) > 1:
        return re.escape(word[:-1]) + r"[\w\-]*"
    if word[-1:].isalnum():
        return re.escape(word) + r"(?:['’]s)?"
    return re.escape(word)


def _phrase_pattern(phrase: str) -> str:
    words = phrase.split()
    body = " ".join(words).rstrip("*")
    pattern = _words_pattern(words)
    head = r"(?<![\w])" if body[:1].isalnum() else ""
    tail = r"(?![\w])" if body[-1:].isalnum() and not phrase.endswith("*") else ""
    return head + pattern + tail


def compile_cues(phrases: Iterable[str]) -> re.Pattern[str] | None:
    """One alternation, longest phrases first so 'death toll' wins over 'death'."""
    unique = sorted({p.strip() for p in phrases if p.strip()}, key=lambda p: (-len(p), p))
    if not unique:
        return None
    return re.compile("|".join(f"(?:{_phrase_pattern(p)})" for p in unique), re.IGNORECASE)


class CueSet:
    """A compiled set of phrases with a fast `search` and a list of hits."""

    __slots__ = ("_each", "_pattern", "phrases")

    def __init__(self, phrases: Sequence[str]) -> None:
        self.phrases = tuple(phrases)
        self._pattern = compile_cues(phrases)
        self._each: tuple[re.Pattern[str], ...] | None = None

    def __bool__(self) -> bool:
        return self._pattern is not None

    def hits(self, text: str) -> list[CueHit]:
        if self._pattern is None:
            return []
        return [CueHit(m.start(), m.end(), m.group(0)) for m in self._pattern.finditer(text)]

    def search(self, text: str) -> bool:
        return self._pattern is not None and self._pattern.search(text) is not None

    def spans(self, text: str) -> list[CueHit]:
        """Every phrase's matches, overlapping ones merged into one span.

        The alternation of `hits` stops at the first phrase that matches, so
        "phased withdrawal" would hide "withdrawal ... will begin"; merged spans keep the
        whole stretch of text the cues cover, which is what distances are measured from.
        """
        if self._pattern is None or not self._pattern.search(text):
            return []
        if self._each is None:
            self._each = tuple(
                p for p in (compile_cues([phrase]) for phrase in self.phrases) if p is not None
            )
        found = sorted((m.start(), m.end()) for p in self._each for m in p.finditer(text))
        merged: list[list[int]] = []
        for start, end in found:
            if merged and start < merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        return [CueHit(a, b, text[a:b]) for a, b in merged]
