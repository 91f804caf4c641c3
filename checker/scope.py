"""Scoping: which event a claim is about, and when it holds.

Claims of different events are never compared, so this is what keeps "14 dead in the
2011 Zhanaozen riots" apart from "225 dead in January 2022".  A claim's event is, in
order: the event whose window holds the claim's own date (date facts) or a date its
sentence states; the event a cue of its sentence names; of its paragraph; the article's
dominant event.  An event that starts after the article was published is never a
candidate.  An event-scoped claim that fits no event is dropped: comparing it with
anything would be a guess.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date, timedelta

from checker.extract.base import Draft
from checker.extract.compiled import CompiledEvent, CompiledRulebook
from checker.model import Claim
from checker.text import Document
from checker.values.dates import DateMention

PUBLICATION_BONUS = 3


class Scoper:
    """Event placement for the claims of one article."""

    def __init__(self, rules: CompiledRulebook, doc: Document, published: date | None) -> None:
        self.rules = rules
        self.doc = doc
        self.published = published
        self.candidates = tuple(e for e in rules.events if self._possible(e))
        self.dominant = self._dominant()

    def _possible(self, event: CompiledEvent) -> bool:
        """An article cannot report an event that began after it was published."""
        if self.published is None:
            return True
        return event.event.start - timedelta(days=1) <= self.published

    def _dominant(self) -> CompiledEvent | None:
        scores: Counter[str] = Counter()
        for event in self.candidates:
            scores[event.event.id] = len(event.cues.hits(self.doc.text))
            if self.published is not None and _window_holds(event, self.published):
                scores[event.event.id] += PUBLICATION_BONUS
        return self._best(scores)

    def _best(self, scores: Counter[str]) -> CompiledEvent | None:
        ranked = scores.most_common()
        if not ranked or ranked[0][1] <= 0:
            return None
        if len(ranked) > 1 and ranked[1][1] == ranked[0][1]:
            return None
        return next(e for e in self.candidates if e.event.id == ranked[0][0])

    def windows(self) -> tuple[tuple[date, date], ...]:
        """Windows (with margins) of the events this article may report, dominant first."""
        ordered = sorted(self.candidates, key=lambda e: e is not self.dominant)
        return tuple(_window(e) for e in ordered)

    def anchor(self) -> date | None:
        """The date month-day phrases are read against: publication, else the event's start."""
        if self.published is not None:
            return self.published
        return self.dominant.event.start if self.dominant else None

    def place(self, draft: Draft, sentence_dates: Sequence[DateMention]) -> Claim | None:
        fact = self.rules.facts[draft.claim.fact_id].fact
        if fact.scope != "event":
            return draft.claim
        event = self._event_for(draft, sentence_dates)
        return replace(draft.claim, event_id=event.event.id) if event else None

    def _event_for(
        self, draft: Draft, sentence_dates: Sequence[DateMention]
    ) -> CompiledEvent | None:
        pool = self.candidates
        if draft.dates:
            pool = tuple(e for e in pool if any(_overlaps(e, a, b) for a, b in draft.dates))
            if len(pool) <= 1:
                return pool[0] if pool else None
        stated = [(m.first, m.last) for m in sentence_dates if m.first and m.last]
        by_date = [e for e in pool if any(_overlaps(e, a, b) for a, b in stated)]
        if len(by_date) == 1:
            return by_date[0]
        sentence = self.doc.sentences[draft.sentence].text
        for text in (sentence, self.doc.paragraph_text(draft.paragraph)):
            chosen = self._by_cues(pool, text)
            if chosen is not None:
                return chosen
        return self.dominant if self.dominant in pool else None

    def _by_cues(self, pool: Iterable[CompiledEvent], text: str) -> CompiledEvent | None:
        scores: Counter[str] = Counter({e.event.id: len(e.cues.hits(text)) for e in pool})
        best = self._best(scores)
        return best


def _window(event: CompiledEvent) -> tuple[date, date]:
    margin = timedelta(days=event.event.margin_days)
    return event.event.start - margin, event.event.end + margin


def _window_holds(event: CompiledEvent, day: date) -> bool:
    lo, hi = _window(event)
    return lo <= day <= hi


def _overlaps(event: CompiledEvent, first: date, last: date) -> bool:
    lo, hi = _window(event)
    return first <= hi and lo <= last
