"""Quantities: tolls, troop numbers, any counted figure a rule names.

Numbers and cues of every quantity fact in a sentence are matched one-to-one, nearest
first, with clause boundaries costing extra ("killed 14 and injured about 90": 14 goes
to killed, 90 to injured).  Predicates that are not facts (`not_cues`: arrested,
sought treatment, victims…) take part in the matching, so they claim the numbers that
belong to them.  A matched number is then dropped when its own words make it a
sub-group ("six of them police officers", "19 police officers were among the dead"),
and an article that calls a figure retracted or deleted loses that figure everywhere.
A figure the article marks as earlier ("the previous toll was 164", "revised the
figure upward from 10") stays a claim, flagged `earlier`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from checker.extract.base import ArticleContext, Draft
from checker.extract.clauses import (
    Span,
    clause_start,
    contains_phrase,
    cost,
    window_after,
    window_before,
)
from checker.extract.compiled import CompiledFact
from checker.extract.cues import CueHit, CueSet
from checker.model import Quantity
from checker.rulebook.models import QuantityFact
from checker.text import Sentence
from checker.values.numbers import NumberMention, apply_qualifier

MAX_COST = 15.0
RETRACTED = CueSet(
    [
        "retracted",
        "retraction",
        "deleted",
        "refuted",
        "disavowed",
        "did not confirm",
        "not confirmed",
        "unconfirmed",
        "by mistake",
        "in error",
        "erroneous",
        "erroneously",
    ]
)
# "withdrew" and "denied" are retractions only of a figure: troops withdraw too
_WITHDRAWN_FIGURE = re.compile(
    r"\b(?:number|figure|toll|report|post|data|count|tally)\b(?:\s+\S+){0,4}?\s+"
    r"(?:\w+\s+)?(?:withdrew|withdrawn|denied|removed|retracted)\b",
    re.IGNORECASE,
)
_EARLIER_OPENING = re.compile(
    r"^\s*(?:(?:in|during|over|within) the first (?:days|day|hours|week|weeks)\b|at first\b|"
    r"initially\b|originally\b|at the time\b|back then\b|earlier\b|previously\b)",
    re.IGNORECASE,
)
_COORDINATED = re.compile(r"^[^,;:()]*\band\s+$", re.IGNORECASE)
EARLIER = (
    "previous",
    "previously",
    "earlier",
    "initial",
    "initially",
    "original",
    "originally",
    "prior",
    "had put",
    "had been put",
    "old",
)
_REVISION_FROM = re.compile(
    r"\b(?:revised|raised|rais\w*|rose|risen|increased|climbed|jumped|grew|updated|lowered|"
    r"reduced|corrected|cut|up|down|higher|lower|increas\w*|revis\w*)\b[^.;]{0,60}?\bfrom\s+"
    r"(?:(?:the|an?|its|their|an earlier|a previous|the previous|the earlier|the initial)\s+)?"
    r"(?:(?:figure|toll|total|count|number|tally)\s+of\s+)?$",
    re.IGNORECASE,
)
_PARTITIVE_AFTER = re.compile(
    r"^\s*(?:people\s+|persons\s+)?(?:of|among)\s+(?:them|whom|those|these|the|which)\b",
    re.IGNORECASE,
)
_PREDICATE_NEXT = re.compile(r"^\s*(?:were|was|had been|have been|are|being)\b", re.IGNORECASE)
_OF_THE_TOTAL = re.compile(
    r"\bof (?:the|those|these)\s+\d[\d,.]*(?:\s+\w+){0,3}\s*,\s*(?:\w+\s+){0,3}$", re.IGNORECASE
)
SUBSET_BEFORE = ("including", "among them", "of whom", "of them", "among whom", "incl", "of which")
HEAD_STOPS = (
    "were",
    "was",
    "had",
    "have",
    "has",
    "are",
    "is",
    "will",
    "would",
    "been",
    "be",
    "and",
    "but",
    "while",
    "whereas",
)
COUNTRY = "{country}"
_MODIFIED = re.compile(
    r"\b(?:the|a|an|its|their|his|her|our|this|that)\s+((?:[\w\-]+\s+){0,1}[\w\-]+)\s+$",
    re.IGNORECASE,
)
_DESTINATION = re.compile(
    r"\b(?:in|to|into|inside|within|at|across|throughout)\s+(?:the\s+)?$", re.IGNORECASE
)
ANAPHORS = CueSet(
    [
        "the figure",
        "this figure",
        "that figure",
        "the number",
        "this number",
        "the toll",
        "the tally",
        "the count",
    ]
)


@dataclass(frozen=True, slots=True)
class _Hit:
    span: Span
    fact: CompiledFact | None  # None: a predicate that is not a fact (a `not_cue`)


def extract_quantities(ctx: ArticleContext, facts: list[CompiledFact]) -> list[Draft]:
    drafts: list[Draft] = []
    retracted: set[tuple[str, float]] = set()
    cued = {s.index for s in ctx.sentences(facts)}  # a claim needs its fact's cue
    for sentence in ctx.doc.sentences:
        found: list[Draft] = []
        if sentence.index in cued:
            found = _sentence(ctx, facts, sentence, retracted)
        if sentence.index in ctx.holding(ANAPHORS):
            found += _anaphora(ctx, sentence, drafts, found)
        drafts.extend(found)
    return [d for d in drafts if (d.claim.fact_id, _point(d)) not in retracted]


def _point(draft: Draft) -> float:
    value = draft.claim.value
    return value.point if isinstance(value, Quantity) else float("nan")


def _numbers(ctx: ArticleContext, sentence: Sentence) -> list[NumberMention]:
    found = ctx.numbers(sentence)
    if not found:  # dates only take numbers away
        return []
    dates = [(d.start, d.end) for d in ctx.dates(sentence)]
    text = sentence.text
    return [
        n
        for n in found
        if not n.is_year
        and not n.is_ordinal
        and not _subgroup(text, n)
        and not any(n.num_start < e and s < n.end for s, e in dates)
    ]


def _hits(ctx: ArticleContext, facts: list[CompiledFact], sentence: Sentence) -> list[_Hit]:
    hits: list[_Hit] = []
    for f in facts:
        spans = f.cues.spans(sentence.text)
        if spans and ctx.has_context(f, sentence):  # the context may mean the paragraph
            hits.extend(_Hit(Span(h.start, h.end), f) for h in spans)
    blockers: list[CueHit] = [h for f in facts for h in f.not_cues.hits(sentence.text)]
    for b in blockers:
        if not any(b.start < h.span.end and h.span.start < b.end for h in hits):
            hits.append(_Hit(Span(b.start, b.end), None))
    return hits


def _match(
    text: str,
    numbers: list[NumberMention],
    hits: list[_Hit],
    fits: Callable[[NumberMention, _Hit], bool],
) -> list[tuple[int, int]]:
    """One-to-one nearest matching of numbers to cue hits; returns (number, hit) indexes.

    Only pairs that could become a claim compete, so "250 units of equipment were
    deployed" does not take the cue away from "some 2,030 servicemen".
    """
    pairs = sorted(_near_pairs(text, numbers, hits))
    used_n: set[int] = set()
    used_h: set[int] = set()
    out: list[tuple[int, int]] = []
    for _, i, j in pairs:  # `fits` only where it decides: dense text has many pairs
        if i in used_n or j in used_h or not fits(numbers[i], hits[j]):
            continue
        used_n.add(i)
        used_h.add(j)
        out.append((i, j))
    return out


def _near_pairs(
    text: str, numbers: list[NumberMention], hits: list[_Hit]
) -> Iterator[tuple[float, int, int]]:
    """(cost, number, hit) for every pair within `MAX_COST`, found by walking outward
    from each number and stopping at the first hit more than `MAX_COST` words away on
    each side: a farther hit has at least as many words in between.  Dense hostile text
    ("killed 14, killed 14, ...") then costs time per number bounded by the hits within
    reach, not by the sentence."""
    by_start = sorted(range(len(hits)), key=lambda j: hits[j].span.start)
    by_end = sorted(range(len(hits)), key=lambda j: -hits[j].span.end)
    for i, n in enumerate(numbers):
        span = Span(n.start, n.end)
        right = [j for j in by_start if hits[j].span.start >= n.end]
        seen = set(right)
        left = [j for j in by_end if hits[j].span.end <= n.start and j not in seen]
        seen.update(left)
        yield from ((0.0, i, j) for j in range(len(hits)) if j not in seen)  # overlapping
        for side in (right, left):
            for j in side:
                c = cost(text, span, hits[j].span, MAX_COST)
                if c == math.inf:
                    break
                if c <= MAX_COST:
                    yield c, i, j


def _sentence(
    ctx: ArticleContext,
    facts: list[CompiledFact],
    sentence: Sentence,
    retracted: set[tuple[str, float]],
) -> list[Draft]:
    text = sentence.text
    every = _numbers(ctx, sentence)
    numbers = [n for n in every if not _revised_from(text, n)]
    if not numbers:
        return []
    hits = _hits(ctx, facts, sentence)
    if not any(h.fact for h in hits):
        return []

    def fits(n: NumberMention, hit: _Hit) -> bool:
        return hit.fact is None or _fits(ctx, hit.fact, text, n, hit.span, every)

    drafts: list[Draft] = []
    for i, j in _match(text, numbers, hits, fits):
        fact = hits[j].fact
        if fact is None:
            continue
        draft = _accept(ctx, fact, sentence, numbers[i], hits[j].span, retracted)
        if draft is not None:
            drafts.append(draft)
    drafts.extend(_earlier_figures(ctx, sentence, [n for n in every if n not in numbers], drafts))
    return drafts


def _fits(
    ctx: ArticleContext,
    fact: CompiledFact,
    text: str,
    n: NumberMention,
    cue: Span,
    numbers: list[NumberMention],
) -> bool:
    """Could this number be this fact's value?  Vague, out of range or a sub-group: no."""
    rule: QuantityFact = fact.fact
    if n.vague and not rule.allow_vague:
        return False
    if rule.min_value is not None and n.value < rule.min_value:
        return False
    if rule.max_value is not None and n.value > rule.max_value:
        return False
    if _subgroup(text, n) or _near_excluded(ctx, text, n, cue, fact.not_near):
        return False
    return not _shares_subgroup(text, n, numbers, fact.not_near)


def _shares_subgroup(
    text: str, n: NumberMention, numbers: list[NumberMention], not_near: tuple[str, ...]
) -> bool:
    """ "eight police officers had been killed and 317 injured": 317 are police officers too."""
    previous = [p for p in numbers if p.end <= n.start]
    if not previous or not not_near:
        return False
    p = previous[-1]
    if not _COORDINATED.match(text[p.end : n.start]):
        return False
    return contains_phrase(window_after(text, p.end, 6, HEAD_STOPS), not_near) is not None


def _accept(
    ctx: ArticleContext,
    fact: CompiledFact,
    sentence: Sentence,
    n: NumberMention,
    cue: Span,
    retracted: set[tuple[str, float]],
) -> Draft | None:
    text = sentence.text
    if _retracted(text):
        retracted.add((fact.id, n.value))
        return None
    return _draft(ctx, fact, sentence, n, earlier=_is_earlier(text, n, cue))


def _retracted(text: str) -> bool:
    """A figure the sentence calls retracted, deleted or published by mistake is no claim."""
    return RETRACTED.search(text) or _WITHDRAWN_FIGURE.search(text) is not None


def _draft(
    ctx: ArticleContext, fact: CompiledFact, sentence: Sentence, n: NumberMention, *, earlier: bool
) -> Draft:
    rule: QuantityFact = fact.fact
    if n.qualifier == "range" or n.vague:
        low, high = n.low, n.high
    else:
        low, high = apply_qualifier(n.value, n.qualifier, rule.approximation)
    value = Quantity(low=low, high=high, point=n.value, exact=n.qualifier is None)
    return ctx.draft(
        fact, value, sentence, (n.start, n.end), qualifier=n.qualifier, earlier=earlier
    )


def _subgroup(text: str, n: NumberMention) -> bool:
    """ "six of them police officers", "including 3,393", "of the 225 killed, 175 died"."""
    after = _PARTITIVE_AFTER.match(text[n.end :])
    if after and not _PREDICATE_NEXT.match(text[n.end + after.end() :]):
        return True
    if contains_phrase(window_before(text, n.start, 3), SUBSET_BEFORE):
        return True
    return _OF_THE_TOTAL.search(text[: n.start]) is not None


def _near_excluded(
    ctx: ArticleContext, text: str, n: NumberMention, cue: Span, not_near: tuple[str, ...]
) -> bool:
    """A sub-group word beside the number or just before the cue ("civilian death toll")."""
    if not not_near:
        return False
    before = text[cue.end : n.start] if cue.end <= n.start else text[: n.start]
    windows = (
        window_before(before, len(before), 3),
        window_after(text, n.end, 6, HEAD_STOPS),
        _modifier(text, cue),
    )
    if any(contains_phrase(w, not_near) for w in windows):
        return True
    return COUNTRY in not_near and _one_country(ctx, text, n, cue)


def _modifier(text: str, cue: Span) -> str:
    """The word that modifies a nominal cue: "the civilian death toll" -> "civilian".

    Only after a determiner, so the subject of a verb cue ("Police shot dead 14") is not
    mistaken for a sub-group.
    """
    m = _MODIFIED.search(text[: cue.start])
    return m.group(1).lower() if m else ""


def _one_country(ctx: ArticleContext, text: str, n: NumberMention, cue: Span) -> bool:
    """ "Belarus sent 500 troops": one country's contingent, not the whole force.

    A rule opts in with `{country}` in `not_near`; a list of countries ("troops from
    Russia, Belarus and Armenia") is the whole force and does not count.
    """
    start = clause_start(text, min(n.start, cue.start))
    stretch = text[start : max(n.start, cue.start)]
    found = [
        c
        for c in ctx.rules.gazetteer.find_countries(stretch)
        if not _DESTINATION.search(stretch[: c.start])
    ]
    return len(found) == 1


def _is_earlier(text: str, n: NumberMention, cue: Span) -> bool:
    """ "the previous toll was 164", "revised … from 10", "In the first days … fourteen dead"."""
    before = window_before(text, min(n.start, cue.start), 4)
    if contains_phrase(before, EARLIER) is not None or _revised_from(text, n):
        return True
    return _EARLIER_OPENING.match(text) is not None


def _revised_from(text: str, n: NumberMention) -> bool:
    return _REVISION_FROM.search(text[: n.start]) is not None


def _earlier_figures(
    ctx: ArticleContext, sentence: Sentence, numbers: list[NumberMention], found: list[Draft]
) -> list[Draft]:
    """ "raised the toll to 11 from 10": the `from` figure is the same fact, earlier."""
    if not found:
        return []
    fact = ctx.rules.facts[found[0].claim.fact_id]
    return [
        _draft(ctx, fact, sentence, n, earlier=True)
        for n in numbers
        if _revised_from(sentence.text, n)
    ]


def _anaphora(
    ctx: ArticleContext, sentence: Sentence, previous: list[Draft], found: list[Draft]
) -> list[Draft]:
    """ "revised the figure upward from 10": the figure is the last toll of the paragraph."""
    anaphors = ANAPHORS.hits(sentence.text)
    same_paragraph = [d for d in previous if d.paragraph == sentence.paragraph]
    if not anaphors or not same_paragraph:
        return []
    fact = ctx.rules.facts[same_paragraph[-1].claim.fact_id]
    taken = {d.claim.raw for d in found}
    numbers = [n for n in _numbers(ctx, sentence) if n.raw not in taken]
    if not numbers:
        return []
    span = Span(anaphors[0].start, anaphors[0].end)
    best = min(numbers, key=lambda n: cost(sentence.text, Span(n.start, n.end), span))
    if cost(sentence.text, Span(best.start, best.end), span) > MAX_COST:
        return []
    if _subgroup(sentence.text, best) or _retracted(sentence.text):
        return []
    earlier = _is_earlier(sentence.text, best, span)
    return [_draft(ctx, fact, sentence, best, earlier=earlier)]
