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
from functools import lru_cache


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


_TOKEN = re.compile(r"[^\W_]+")


@lru_cache(maxsize=8192)
def _words(text: str) -> frozenset[str]:
    """The lower-cased words of a text; every fact's cue set asks about the same sentence."""
    return frozenset(_TOKEN.findall(text.casefold()))


def _anchor(phrase: str) -> tuple[str, bool]:
    """The first word of a phrase, lower-cased, and whether it is a prefix ("peacekeep*")."""
    first = phrase.split()[0]
    first = re.split(r"[\W_]+", first.rstrip("*").casefold(), maxsplit=1)[0] or first.casefold()
    return first, phrase.split()[0].endswith("*")


@dataclass(frozen=True, slots=True)
class _Group:
    """Phrases sharing a first word: their alternation, and each phrase on its own."""

    together: re.Pattern[str]
    each: tuple[re.Pattern[str], ...]


def _group(phrases: list[str]) -> _Group:
    together = compile_cues(phrases)
    assert together is not None
    each = tuple(re.compile(_phrase_pattern(p), re.IGNORECASE) for p in phrases)
    return _Group(together, each)


class CueSet:
    """A compiled set of phrases with a fast `search` and a list of hits.

    Matching is two-step: the words of a text are looked up in a table of the phrases'
    first words, and only the phrases whose first word occurs are run.  One big
    alternation would try every phrase at every position; a rule pack has hundreds.
    """

    __slots__ = ("_by_word", "_prefix_tuple", "_prefixes", "phrases")

    def __init__(self, phrases: Sequence[str]) -> None:
        self.phrases = tuple(p.strip() for p in phrases if p.strip())
        by_word: dict[str, list[str]] = {}
        prefixes: dict[str, list[str]] = {}
        for phrase in sorted(set(self.phrases), key=lambda p: (-len(p), p)):
            word, is_prefix = _anchor(phrase)
            (prefixes if is_prefix else by_word).setdefault(word, []).append(phrase)
        self._by_word = {w: _group(ps) for w, ps in by_word.items()}
        self._prefixes = {w: _group(ps) for w, ps in prefixes.items()}
        self._prefix_tuple = tuple(self._prefixes)

    def __bool__(self) -> bool:
        return bool(self.phrases)

    def _groups(self, text: str) -> list[_Group]:
        words = _words(text)
        found = [self._by_word[w] for w in words if w in self._by_word]
        if self._prefix_tuple:
            started = [t for t in words if t.startswith(self._prefix_tuple)]
            found += [g for w, g in self._prefixes.items() if any(t.startswith(w) for t in started)]
        return found

    def might_match(self, text: str) -> bool:
        """Cheap test: does the text hold the first word of any phrase?"""
        words = _words(text)
        if not words.isdisjoint(self._by_word):
            return True
        return bool(self._prefix_tuple) and any(t.startswith(self._prefix_tuple) for t in words)

    def hits(self, text: str) -> list[CueHit]:
        """Non-overlapping matches, leftmost first and longest at one position."""
        found = sorted(
            (m.start(), m.start() - m.end(), m.end())
            for g in self._groups(text)
            for m in g.together.finditer(text)
        )
        out: list[CueHit] = []
        for start, _, end in found:
            if out and start < out[-1].end:
                continue
            out.append(CueHit(start, end, text[start:end]))
        return out

    def search(self, text: str) -> bool:
        return any(g.together.search(text) for g in self._groups(text))

    def spans(self, text: str) -> list[CueHit]:
        """Every phrase's matches, overlapping ones merged into one span.

        Leftmost-longest hits would let "phased withdrawal" hide "withdrawal ... will
        begin"; merged spans keep the whole stretch of text the cues cover, which is what
        distances are measured from.
        """
        found = sorted(
            (m.start(), m.end())
            for g in self._groups(text)
            if g.together.search(text)
            for p in g.each
            for m in p.finditer(text)
        )
        merged: list[list[int]] = []
        for start, end in found:
            if merged and start < merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        return [CueHit(a, b, text[a:b]) for a, b in merged]
