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

import bisect
import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
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
_FEW_WORDS = 48  # below this, reading every word beats sorting them


class _Text:
    """A text's words by where they start, and what each cue set found in it."""

    __slots__ = ("_prefixed", "_vocabulary", "found", "words")

    def __init__(self, text: str) -> None:
        words: dict[str, list[int]] = {}
        if text.isascii():
            for m in _TOKEN.finditer(text.lower()):
                words.setdefault(m.group(), []).append(m.start())
        else:
            for m in _TOKEN.finditer(text):
                words.setdefault(m.group().casefold(), []).append(m.start())
        self.words = words
        self.found: dict[int, list[tuple[_Group, list[int]]]] = {}
        self._vocabulary: list[str] | None = None
        self._prefixed: dict[str, list[int]] = {}

    def starting(self, prefix: str) -> list[int]:
        """Where the words beginning with `prefix` start, in order.

        A long text's vocabulary is sorted once, so a prefix costs a bisection, not a
        pass over every word of the text for every cue set that has prefixes; a
        sentence's few words are simply read."""
        found = self._prefixed.get(prefix)
        if found is None:
            words = self.words
            if len(words) <= _FEW_WORDS:
                runs = [starts for word, starts in words.items() if word.startswith(prefix)]
            else:
                if self._vocabulary is None:
                    self._vocabulary = sorted(words)
                vocabulary = self._vocabulary
                i = bisect.bisect_left(vocabulary, prefix)
                runs = []
                while i < len(vocabulary) and vocabulary[i].startswith(prefix):
                    runs.append(words[vocabulary[i]])
                    i += 1
            found = runs[0] if len(runs) == 1 else sorted(itertools.chain.from_iterable(runs))
            self._prefixed[prefix] = found
        return found


@lru_cache(maxsize=4096)
def _indexed(text: str) -> _Text:
    """The words of a text, found once however many cue sets ask.

    Every cue set of every fact asks about the same sentence (and events about the same
    paragraph and article).  Phrases can only match where their first word starts, so
    these positions are all a cue set needs.
    """
    return _Text(text)


def forget_texts() -> None:
    """Start a new article with an empty memo: what a text found is shared by the cue
    sets reading one article, never carried from one article to the next (syndicated
    copies would otherwise make a corpus look faster than its text is)."""
    _indexed.cache_clear()


def _required_words(phrase: str) -> frozenset[str]:
    """The words a text must hold for `phrase` to match in it, besides its first one:
    every run of letters and digits of its literal words, folded like the text's word
    index.  Gaps and prefixes ("peacekeep*") require nothing."""
    required: set[str] = set()
    for i, word in enumerate(phrase.split()):
        if word == GAP or word.endswith("*"):
            continue
        runs = [run for run in re.split(r"[\W_]+", word.casefold()) if run]
        required.update(runs[1:] if i == 0 else runs)
    return frozenset(required)


def _fewest(requirements: Iterable[frozenset[str]]) -> tuple[frozenset[str], ...] | None:
    """The requirements to test, smallest first, without those another one implies;
    None when a phrase requires nothing, so the group is always worth trying."""
    kept: list[frozenset[str]] = []
    for required in sorted(set(requirements), key=lambda r: (len(r), sorted(r))):
        if not required:
            return None
        if not any(k <= required for k in kept):
            kept.append(required)
    return tuple(kept)


def _anchor(phrase: str) -> tuple[str, bool]:
    """The first word of a phrase, lower-cased, and whether it is a prefix ("peacekeep*")."""
    first = phrase.split()[0]
    first = re.split(r"[\W_]+", first.rstrip("*").casefold(), maxsplit=1)[0] or first.casefold()
    return first, phrase.split()[0].endswith("*")


class _Group:
    """Phrases sharing a first word, tried where that word starts.

    A large group ("the …": a hundred phrases) is split further by its phrases' second
    word: at a position only the phrases whose second word follows in the text are
    tried, in the group's order, so the first phrase to match is the one the whole
    alternation would pick.  Patterns are compiled on first use: a run that reads most
    articles from the cache never needs most of them.
    """

    __slots__ = ("_each", "_patterns", "_requires", "_split", "anywhere", "phrases")

    def __init__(self, phrases: list[str]) -> None:
        self.phrases = phrases
        self._requires = _fewest(_required_words(p) for p in phrases)
        # A phrase that does not start with a letter or digit may match inside a word,
        # so the positions of its first word do not bound where it starts.
        self.anywhere = any(not " ".join(p.split())[:1].isalnum() for p in phrases)
        self._split = _by_second_word(phrases) if len(phrases) > SPLIT_ABOVE else None
        self._patterns: dict[str | None, re.Pattern[str]] = {}
        self._each: dict[int, re.Pattern[str]] = {}

    def possible(self, words: dict[str, list[int]]) -> bool:
        """Whether one of the phrases has all its words in the text (`words`: the
        text's word index).  A phrase matches only where each of its literal words
        occurs as a word of the text, as its first word does; most groups fail here
        and are never tried position by position."""
        if self._requires is None:
            return True
        present = words.keys()
        return any(present >= required for required in self._requires)

    @property
    def together(self) -> re.Pattern[str]:
        """The alternation of every phrase, longest first."""
        return self._alternation(_ALL, range(len(self.phrases)))

    def _alternation(self, key: str | None, members: Iterable[int]) -> re.Pattern[str]:
        pattern = self._patterns.get(key)
        if pattern is None:
            compiled = compile_cues([self.phrases[i] for i in members])
            assert compiled is not None
            pattern = self._patterns[key] = compiled
        return pattern

    def _members(self, text: str, start: int) -> tuple[str | None, tuple[int, ...]]:
        """The phrases that may match at `start`, by the word after the first one."""
        assert self._split is not None
        m = _NEXT_WORD.match(text, start)
        key = m.group(1).casefold() if m is not None else None
        members = self._split.get(key) if key is not None else None
        return (key, members) if members is not None else (None, self._split[None])

    def match(self, text: str, start: int) -> re.Match[str] | None:
        """What the group's alternation matches at `start`."""
        if self._split is None:
            return self.together.match(text, start)
        key, members = self._members(text, start)
        return self._alternation(key, members).match(text, start) if members else None

    def each_at(self, text: str, start: int) -> Iterator[tuple[int, re.Pattern[str]]]:
        """The single phrases that may match at `start`, as (index, pattern)."""
        members = range(len(self.phrases)) if self._split is None else self._members(text, start)[1]
        for i in members:
            pattern = self._each.get(i)
            if pattern is None:
                pattern = self._each[i] = re.compile(
                    _phrase_pattern(self.phrases[i]), re.IGNORECASE
                )
            yield i, pattern

    def finditer(self, text: str, starts: list[int]) -> list[Span]:
        """The alternation's `finditer(text)`, tried only where the first word starts."""
        if self.anywhere:
            return [m.span() for m in self.together.finditer(text)]
        found: list[Span] = []
        end = -1
        for start in starts:
            if start < end:
                continue
            m = self.match(text, start)
            if m is not None:
                found.append(m.span())
                end = m.end()
        return found

    def occurs(self, text: str, starts: list[int]) -> bool:
        """Whether the alternation matches anywhere: stops at the first match."""
        if self.anywhere:
            return self.together.search(text) is not None
        return any(self.match(text, start) is not None for start in starts)

    def phrase_spans(self, text: str, starts: list[int]) -> list[Span]:
        """Each phrase's own `finditer(text)` matches, all phrases together."""
        if self.anywhere:
            return [
                m.span() for i, pattern in self.each_at(text, 0) for m in pattern.finditer(text)
            ]
        found: list[Span] = []
        ends: dict[int, int] = {}
        for start in starts:
            for i, pattern in self.each_at(text, start):
                if start < ends.get(i, -1):
                    continue
                m = pattern.match(text, start)
                if m is not None:
                    found.append(m.span())
                    ends[i] = m.end()
        return found


SPLIT_ABOVE = 6
_ALL = "\0all"
_NEXT_WORD = re.compile(r"[^\W_]+(?:['’]s)?[\s\-]+([^\W_]+)", re.IGNORECASE)


def _by_second_word(phrases: list[str]) -> dict[str | None, tuple[int, ...]] | None:
    """Phrase indexes by the first word of their second word; None (key) holds the
    phrases every position must try.  None when the group cannot be split: its first
    word is not one plain ASCII word, so the word after it cannot be found simply."""
    first = {p.split()[0].casefold() for p in phrases}
    word = next(iter(first))
    if len(first) != 1 or not (word.isascii() and word.isalnum()):
        return None
    keyed: dict[str, list[int]] = {}
    rest: list[int] = []
    for i, phrase in enumerate(phrases):
        words = phrase.split()
        second = words[1] if len(words) > 1 else ""
        if not second[:1].isalnum() or second == GAP or second.endswith("*"):
            rest.append(i)
            continue
        key = re.split(r"[\W_]+", second.casefold(), maxsplit=1)[0]
        keyed.setdefault(key, []).append(i)
    split: dict[str | None, tuple[int, ...]] = {
        k: tuple(sorted(v + rest)) for k, v in keyed.items()
    }
    split[None] = tuple(rest)
    return split


Span = tuple[int, int]
_SERIALS = itertools.count()


class CueSet:
    """A compiled set of phrases with a fast `search` and a list of hits.

    Matching is two-step: the words of a text are looked up in a table of the phrases'
    first words, and the phrases of a first word that occurs are tried only where that
    word starts, and only if the text holds every other word of one of them.  One big
    alternation would try every phrase at every position; a rule pack has hundreds, and
    a first word like "the" or "in" occurs in most sentences.  Words are compared as
    the text's word index folds them (`_Text`), which is what lets a phrase be looked up
    instead of tried; `tests/extract/test_cues.py` checks the result against the one
    alternation on real articles.
    """

    __slots__ = ("_by_word", "_prefixes", "_serial", "phrases")

    def __init__(self, phrases: Sequence[str]) -> None:
        self._serial = next(_SERIALS)  # never reused, unlike id(): keys what a text found
        self.phrases = tuple(p.strip() for p in phrases if p.strip())
        by_word: dict[str, list[str]] = {}
        prefixes: dict[str, list[str]] = {}
        for phrase in sorted(set(self.phrases), key=lambda p: (-len(p), p)):
            word, is_prefix = _anchor(phrase)
            (prefixes if is_prefix else by_word).setdefault(word, []).append(phrase)
        self._by_word = {w: _Group(ps) for w, ps in by_word.items()}
        self._prefixes = {w: _Group(ps) for w, ps in prefixes.items()}

    def __bool__(self) -> bool:
        return bool(self.phrases)

    def _groups(self, text: str) -> list[tuple[_Group, list[int]]]:
        """The groups whose first word occurs in the text, with where it starts."""
        indexed = _indexed(text)
        found = indexed.found.get(self._serial)
        if found is None:
            found = indexed.found[self._serial] = self._find_groups(indexed)
        return found

    def _find_groups(self, indexed: _Text) -> list[tuple[_Group, list[int]]]:
        """Looked up from whichever side is smaller: a sentence has fewer words than a
        cue set has first words, an article more.  Callers never depend on the order."""
        words, by_word = indexed.words, self._by_word
        if len(by_word) < len(words):
            found = [(g, words[w]) for w, g in by_word.items() if w in words]
        else:
            found = [(by_word[w], starts) for w, starts in words.items() if w in by_word]
        for prefix, group in self._prefixes.items():
            starts = indexed.starting(prefix)
            if starts:
                found.append((group, starts))
        return [(g, starts) for g, starts in found if g.possible(words)]

    def might_match(self, text: str) -> bool:
        """Whether any phrase occurs in the text."""
        return self.search(text)

    def found(self, text: str) -> list[tuple[int, str]]:
        """(position, phrase) for every phrase matching at every position, each tried on
        its own (no match hides another): the combined scan of a long text, e.g. which
        sentences of an article hold which cues.  A match may run past the sentence it
        starts in; that only adds a sentence to look at, never loses one."""
        out: list[tuple[int, str]] = []
        for g, positions in self._groups(text):
            if g.anywhere:
                for i, pattern in g.each_at(text, 0):
                    out.extend((m.start(), g.phrases[i]) for m in pattern.finditer(text))
                continue
            for start in positions:
                if g.match(text, start) is not None:
                    out.extend(
                        (start, g.phrases[i])
                        for i, pattern in g.each_at(text, start)
                        if pattern.match(text, start) is not None
                    )
        return out

    def hits(self, text: str) -> list[CueHit]:
        """Non-overlapping matches, leftmost first and longest at one position."""
        found = sorted(
            (start, start - end, end)
            for g, starts in self._groups(text)
            for start, end in g.finditer(text, starts)
        )
        out: list[CueHit] = []
        for start, _, end in found:
            if out and start < out[-1].end:
                continue
            out.append(CueHit(start, end, text[start:end]))
        return out

    def search(self, text: str) -> bool:
        return any(g.occurs(text, starts) for g, starts in self._groups(text))

    def spans(self, text: str) -> list[CueHit]:
        """Every phrase's matches, overlapping ones merged into one span.

        Leftmost-longest hits would let "phased withdrawal" hide "withdrawal ... will
        begin"; merged spans keep the whole stretch of text the cues cover, which is what
        distances are measured from.
        """
        found: list[Span] = []
        for g, starts in self._groups(text):
            if g.occurs(text, starts):
                found.extend(g.phrase_spans(text, starts))
        found.sort()
        merged: list[list[int]] = []
        for start, end in found:
            if merged and start < merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        return [CueHit(a, b, text[a:b]) for a, b in merged]
