"""Dates of events: when the protests began, when the request was made, and so on.

Dates in a sentence are resolved against the article's anchor (its publication date)
and matched one-to-one to the nearest cue of any date fact, so "Under a decision taken
on January 6 … after Tokayev turned to the bloc for help" gives the date to the
decision, not to the request.  A rule pattern with a `value` group names the date
directly ("in force from December 17 to January 5": the end of the range).  A fact with
`duration_from` turns "the withdrawal will take no more than 10 days" into an interval
counted from that fact's date in the same sentence.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from checker.extract.base import ArticleContext, Draft
from checker.extract.clauses import Span, cost, word_count
from checker.extract.compiled import CompiledFact
from checker.model import DateValue
from checker.rulebook.models import DateFact
from checker.text import Sentence
from checker.values.dates import DateMention, find_dates, find_durations

MAX_COST = 16.0
REUSE_COST = 6.0
# a date before its cue, not opening the sentence, usually belongs to an earlier predicate
# ("the appeal made on 5 January and the decision adopted on 6 January")
BEFORE_CUE_COST = 4.0
_OPENING_WORDS = 4
_APPOSITION = re.compile(r"^\s*,\s*(?:the (?:same )?day|when|on which|the date)\b", re.IGNORECASE)


def extract_dates(ctx: ArticleContext, facts: list[CompiledFact]) -> list[Draft]:
    drafts: list[Draft] = []
    for sentence in ctx.sentences(facts):
        drafts.extend(_sentence(ctx, facts, sentence))
    return drafts


def _sentence(ctx: ArticleContext, facts: list[CompiledFact], sentence: Sentence) -> list[Draft]:
    usable = [f for f in facts if ctx.has_context(f, sentence)]
    drafts = _from_patterns(ctx, usable, sentence)
    taken = {(d.claim.evidence.start, d.claim.evidence.end) for d in drafts}
    mentions = [
        m
        for m in ctx.dates(sentence)
        if m.first is not None and not _covered(ctx, sentence, m, taken)
    ]
    hits = [(Span(h.start, h.end), f) for f in usable for h in f.cues.spans(sentence.text)]
    pairs = sorted(
        (_cost(sentence.text, m, span), i, j)
        for i, m in enumerate(mentions)
        for j, (span, _) in enumerate(hits)
    )
    used_m: set[int] = set()
    used_h: set[int] = set()
    for c, i, j in pairs:
        if c > MAX_COST or i in used_m or j in used_h:
            continue
        used_m.add(i)
        used_h.add(j)
        drafts.append(_draft(ctx, hits[j][1], sentence, mentions[i]))
    drafts.extend(_shared(ctx, sentence, mentions, hits, used_h, drafts))
    drafts = _distinct(drafts)
    claimed = {d.claim.fact_id for d in drafts}
    for fact in usable:
        if fact.id not in claimed and fact.cues.search(sentence.text):
            drafts.extend(_from_duration(ctx, fact, sentence, drafts))
    return drafts


def _cost(text: str, m: DateMention, cue: Span) -> float:
    base = cost(text, Span(m.start, m.end), cue, MAX_COST)
    opening = word_count(text, 0, m.start) < _OPENING_WORDS
    return base + (BEFORE_CUE_COST if m.end <= cue.start and not opening else 0.0)


def _shared(
    ctx: ArticleContext,
    sentence: Sentence,
    mentions: list[DateMention],
    hits: list[tuple[Span, CompiledFact]],
    used: set[int],
    drafts: list[Draft],
) -> list[Draft]:
    """ "left on 19 January, the day the state of emergency was lifted": one date, two facts.

    A cue left without a date shares a date that an apposition ("…, the day …",
    "…, when …") ties to it; a fact already dated in this sentence takes no second date.
    """
    dated = {d.claim.fact_id for d in drafts}
    out: list[Draft] = []
    for j, (span, fact) in enumerate(hits):
        if j in used or fact.id in dated or not mentions:
            continue
        best = min(mentions, key=lambda m: cost(sentence.text, Span(m.start, m.end), span))
        tie = sentence.text[best.end : span.start]
        if (
            _APPOSITION.match(tie)
            and cost(sentence.text, Span(best.start, best.end), span) <= REUSE_COST
        ):
            out.append(_draft(ctx, fact, sentence, best))
            dated.add(fact.id)
    return out


def _event_year(ctx: ArticleContext, m: DateMention) -> tuple[date, date]:
    """ "On the evening of 5 January" in an anniversary piece a year later: a date without
    its year that fits no event the article reports takes the year of the event it fits."""
    assert m.first is not None and m.last is not None
    if m.year_given or m.relative or _inside(ctx.windows, m.first, m.last):
        return m.first, m.last
    for lo, hi in ctx.windows:
        for year in sorted({lo.year, hi.year}):
            shift = year - m.first.year
            try:
                first, last = m.first.replace(year=year), m.last.replace(year=m.last.year + shift)
            except ValueError:  # 29 February
                continue
            if lo <= first and last <= hi:
                return first, last
    return m.first, m.last


def _inside(windows: tuple[tuple[date, date], ...], first: date, last: date) -> bool:
    return any(lo <= first and last <= hi for lo, hi in windows)


def _distinct(drafts: list[Draft]) -> list[Draft]:
    """ "Today, January 19, …" names one date twice: one claim per fact and value."""
    seen: set[tuple[str, str]] = set()
    out = []
    for d in drafts:
        key = (d.claim.fact_id, d.claim.value.key())
        if key not in seen:
            seen.add(key)
            out.append(d)
    return out


def _covered(
    ctx: ArticleContext, sentence: Sentence, m: DateMention, taken: set[tuple[int, int]]
) -> bool:
    start = sentence.start + m.start + ctx.article.text_offset
    end = sentence.start + m.end + ctx.article.text_offset
    return any(start < e and s < end for s, e in taken)


def _draft(ctx: ArticleContext, fact: CompiledFact, sentence: Sentence, m: DateMention) -> Draft:
    assert m.first is not None and m.last is not None
    first, last = _event_year(ctx, m)
    value = DateValue(first, last, m.precision)
    return ctx.draft(fact, value, sentence, (m.start, m.end), dates=((first, last),))


def _from_patterns(
    ctx: ArticleContext, facts: list[CompiledFact], sentence: Sentence
) -> list[Draft]:
    drafts: list[Draft] = []
    for fact in facts:
        for pattern in fact.patterns:
            for start, end in pattern.matches(sentence.text):
                for m in find_dates(sentence.text[start:end], ctx.anchor)[:1]:
                    if m.first is None or m.last is None:
                        continue
                    shifted = DateMention(
                        start + m.start,
                        start + m.end,
                        m.raw,
                        m.first,
                        m.last,
                        m.precision,
                        m.relative,
                        m.year_given,
                    )
                    drafts.append(_draft(ctx, fact, sentence, shifted))
    return drafts


def _from_duration(
    ctx: ArticleContext, fact: CompiledFact, sentence: Sentence, drafts: list[Draft]
) -> list[Draft]:
    """ "the withdrawal will take no more than 10 days", counted from the start's date."""
    rule: DateFact = fact.fact
    anchors = [d for d in drafts if d.claim.fact_id == rule.duration_from]
    durations = find_durations(sentence.text)
    if rule.duration_from is None or not anchors or not durations:
        return []
    anchor = anchors[0].claim.value
    assert isinstance(anchor, DateValue)
    dated = [(m.start, m.end) for m in ctx.dates(sentence)]
    free = [d for d in durations if not any(d.start < e and s < d.end for s, e in dated)]
    cues = fact.cues.spans(sentence.text)
    if not free or not cues:
        return []
    cue = Span(cues[0].start, cues[0].end)
    duration = min(free, key=lambda d: cost(sentence.text, Span(d.start, d.end), cue))
    first: date = anchor.start
    last: date = anchor.end + timedelta(days=duration.days)
    value = DateValue(first, last, "range")
    return [
        ctx.draft(fact, value, sentence, (duration.start, duration.end), dates=((first, last),))
    ]
