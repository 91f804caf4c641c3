"""What every extractor shares: the article being read and how a claim is recorded.

An extractor gets an `ArticleContext` (the article split into sentences, its anchor
date, the compiled rules) and returns `Draft`s: claims not yet placed in an event.
Scoping (`checker.scope`) turns drafts into final claims, so extractors never need to
know about events.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from checker.extract.compiled import CompiledFact, CompiledRulebook, Pattern
from checker.extract.cues import CueSet
from checker.model import Article, Claim, Evidence, Value
from checker.text import Document, Sentence
from checker.values.dates import DateMention, find_dates
from checker.values.numbers import NumberMention, find_numbers


@dataclass(frozen=True, slots=True)
class Draft:
    """A claim before scoping, with what scoping needs to know about where it came from."""

    claim: Claim
    sentence: int
    paragraph: int
    dates: tuple[tuple[date, date], ...] = ()  # dates the value itself spans (date facts)


@dataclass
class ArticleContext:
    article: Article
    doc: Document
    rules: CompiledRulebook
    anchor: date | None  # the publication date, else a date the article's event implies
    candidates: frozenset[int]  # sentences holding any cue of any fact
    windows: tuple[tuple[date, date], ...] = ()  # windows of the events the article may report
    readers: Mapping[str, frozenset[int]] = field(default_factory=dict)  # fact -> its cue sentences
    _dates: dict[int, list[DateMention]] = field(default_factory=dict)
    _numbers: dict[int, list[NumberMention]] = field(default_factory=dict)
    _copied: set[str] = field(default_factory=set)
    _holding: dict[int, frozenset[int]] = field(default_factory=dict)
    _patterned: dict[int, frozenset[int]] = field(default_factory=dict)

    def sentences(self, facts: Sequence[CompiledFact] = ()) -> Iterator[Sentence]:
        """Sentences worth reading for these facts: those where one of their cues or
        patterns occurs.  Every extractor needs its own fact's cue or pattern in the
        sentence, so the others cannot hold a claim; they are skipped before any value
        parser runs (DESIGN §8).  The article's one cue scan names the sentences for
        each fact; RE2 patterns cannot join that scan and are tried sentence by sentence."""
        if not facts:
            yield from (s for s in self.doc.sentences if s.index in self.candidates)
            return
        cued = frozenset().union(*(self.readers.get(f.id, frozenset()) for f in facts))
        matched = frozenset().union(*(self._matched(p) for f in facts for p in f.all_patterns))
        for sentence in self.doc.sentences:
            i = sentence.index
            if i in matched or (i in cued and any(f.cued(sentence.text) for f in facts)):
                yield sentence

    def _matched(self, pattern: Pattern) -> frozenset[int]:
        found = self._patterned.get(id(pattern))
        if found is None:
            found = self._patterned[id(pattern)] = pattern.sentences(self.doc)
        return found

    def holding(self, cues: CueSet) -> frozenset[int]:
        """The sentences in which `cues` occur: one scan of the article, then an exact
        check of the sentences it names (so that a sentence without any is never
        tokenized for them)."""
        found = self._holding.get(id(cues))
        if found is None:
            flagged = {self.doc.sentence_at(start) for start, _ in cues.found(self.doc.text)}
            found = frozenset(s.index for s in flagged if s is not None and cues.search(s.text))
            self._holding[id(cues)] = found
        return found

    def dates(self, sentence: Sentence) -> list[DateMention]:
        """Dates of a sentence; in an undated article relative ones ("yesterday") are unknown.

        A relative date after an absolute one counts from it ("Jan. 11 - Tokayev says the
        withdrawal will begin in two days"), and "the same day" repeats the last date of
        the sentence before.
        """
        if sentence.index not in self._dates:
            found = _reanchored(sentence.text, find_dates(sentence.text, self.anchor))
            found += self._same_day(sentence, found)
            if self.article.published is None:
                found = [m for m in found if not m.relative or m.raw in self._copied]
            self._dates[sentence.index] = sorted(found, key=lambda m: m.start)
        return self._dates[sentence.index]

    def _same_day(self, sentence: Sentence, found: list[DateMention]) -> list[DateMention]:
        m = _SAME_DAY.search(sentence.text)
        if m is None or any(d.start < m.end() and m.start() < d.end for d in found):
            return []
        previous = [
            s
            for s in self.doc.sentences_in_paragraph(sentence.paragraph)
            if s.index == sentence.index - 1
        ] or ([self.doc.sentences[sentence.index - 1]] if sentence.index else [])
        days = [d for s in previous for d in self.dates(s) if d.first and d.first == d.last]
        if not days:
            return []
        last = days[0]  # the main clause's date usually opens the sentence
        self._copied.add(m.group(0))
        return [
            DateMention(
                m.start(), m.end(), m.group(0), last.first, last.last, "day", True, last.year_given
            )
        ]

    def numbers(self, sentence: Sentence) -> list[NumberMention]:
        if sentence.index not in self._numbers:
            self._numbers[sentence.index] = find_numbers(sentence.text)
        return self._numbers[sentence.index]

    def has_context(self, fact: CompiledFact, sentence: Sentence, *, article: bool = False) -> bool:
        """A fact with `context` words needs one in the sentence or its paragraph (or, for
        facts precise enough on their own, anywhere in the article)."""
        if not fact.context:
            return True
        if fact.context.search(sentence.text):
            return True
        if fact.context.search(self.doc.paragraph_text(sentence.paragraph)):
            return True
        return article and fact.context.search(self.doc.text)

    def draft(
        self,
        fact: CompiledFact,
        value: Value,
        sentence: Sentence,
        span: tuple[int, int],
        *,
        qualifier: str | None = None,
        earlier: bool = False,
        subject: str | None = None,
        dates: tuple[tuple[date, date], ...] = (),
    ) -> Draft:
        """Record a value found at `span` (offsets inside the sentence)."""
        start = sentence.start + span[0]
        end = sentence.start + span[1]
        line, column = self.doc.position(start)
        evidence = Evidence(
            article_id=self.article.id,
            start=start + self.article.text_offset,
            end=end + self.article.text_offset,
            line=line + self.article.line_offset,
            column=column,
            sentence=sentence.text,
        )
        claim = Claim(
            fact_id=fact.id,
            kind=fact.kind.value,
            value=value,
            raw=sentence.text[span[0] : span[1]],
            qualifier=qualifier,
            evidence=evidence,
            valid_at=self.article.published,
            earlier=earlier,
            subject=subject,
        )
        return Draft(claim, sentence.index, sentence.paragraph, dates)


Extractor = Callable[[ArticleContext, list[CompiledFact]], list[Draft]]

_SAME_DAY = re.compile(
    r"\b(?:on )?(?:the same day|that same day|that day|later that day|the same evening)\b",
    re.IGNORECASE,
)
_EXACT = ("day", "part", "night")


def _reanchored(text: str, found: list[DateMention]) -> list[DateMention]:
    """Relative dates after an absolute day in the sentence count from that day."""
    base = next((m for m in found if not m.relative and m.precision in _EXACT and m.last), None)
    if base is None or base.last is None:
        return found
    later = [m for m in found if m.relative and m.start > base.end]
    if not later:
        return found
    again = {(m.start, m.end): m for m in find_dates(text, base.last)}
    return [again.get((m.start, m.end), m) if m in later else m for m in found]
