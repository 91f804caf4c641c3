"""Roles: who holds an office ("CSTO Secretary General Stanislav Zas").

The office cue, the holder (a person entity the fact allows) and the capacity ("Prime
Minister of Armenia") must sit close together; a holder-less mention still counts when
the capacity is named ("The President of Armenia, who is the chairman of the Council").
A mention marked historical ("former Secretary General") is not a claim about now.
"""

from __future__ import annotations

import re

from checker.extract.base import ArticleContext, Draft
from checker.extract.clauses import Span, cost, gap, window_before
from checker.extract.compiled import CompiledFact
from checker.model import Holder
from checker.rulebook.models import RoleFact
from checker.text import Sentence
from checker.values.entities import EntityMention

MAX_COST = 9.0
# "succeeded Stanislav Zas as Secretary General": the person after these left the office
_PREDECESSOR = re.compile(
    r"\b(?:succeed(?:ed|s|ing)?|replac(?:ed|es|ing)|predecessor|took over from|after)\s+"
    r"(?:[\w\-]+\s+){0,3}$",
    re.IGNORECASE,
)
_LIST_JOINER = re.compile(r"\b(?:and|or|while)\b")
_TITLES = (
    r"(?:Prime Minister|President|Premier|Chancellor|Head of State|head of state|"
    r"head of (?:the )?government|Head of (?:the )?Government|King|Emir)"
)


def extract_roles(ctx: ArticleContext, facts: list[CompiledFact]) -> list[Draft]:
    drafts: list[Draft] = []
    for fact in facts:
        for sentence in ctx.sentences([fact]):
            # holders are named entities of this office: the article may set the context
            if ctx.has_context(fact, sentence, article=bool(fact.fact.holders)):
                drafts.extend(_sentence(ctx, fact, sentence))
    return drafts


def _sentence(ctx: ArticleContext, fact: CompiledFact, sentence: Sentence) -> list[Draft]:
    rule: RoleFact = fact.fact
    text = sentence.text
    holders = set(rule.holders) or None
    people = [
        p
        for p in ctx.rules.gazetteer.find_people(text, holders)
        if not _PREDECESSOR.search(text[: p.start])
    ]
    capacities = _capacities(ctx, text)
    drafts: list[Draft] = []
    for hit in fact.cues.hits(text):
        span = Span(hit.start, hit.end)
        if _historical(text, hit.start, rule.former):
            continue
        capacity = _nearest_capacity(text, span, capacities)
        person = _attached(text, capacity, people) or _nearest(text, span, people)
        if person is not None:
            name = ctx.rules.gazetteer.canonical_name(person.entity)
            value = Holder(rule.office, person.entity, capacity[2] if capacity else None, name)
            where = (min(hit.start, person.start), max(hit.end, person.end))
        elif capacity is not None:
            value = Holder(rule.office, None, capacity[2], None)
            where = (min(hit.start, capacity[0]), max(hit.end, capacity[1]))
        else:
            continue
        drafts.append(ctx.draft(fact, value, sentence, where))
    return drafts


def _historical(text: str, start: int, former: list[str]) -> bool:
    before = window_before(text, start, 2)
    if any(w in before.split() for w in (f.lower() for f in former)):
        return True
    return text[max(0, start - 3) : start].lower() == "ex-"


def _nearest(text: str, span: Span, people: list[EntityMention]) -> EntityMention | None:
    """The closest person not separated from the office by a list joiner ("X and the chair")."""
    scored = [
        (cost(text, span, Span(p.start, p.end)), p.start, p)
        for p in people
        if not _LIST_JOINER.search(text[slice(*gap(span, Span(p.start, p.end)))])
    ]
    scored = [s for s in scored if s[0] <= MAX_COST]
    return min(scored)[2] if scored else None


def _attached(
    text: str, capacity: tuple[int, int, str] | None, people: list[EntityMention]
) -> EntityMention | None:
    """ "Prime Minister of Armenia Nikol Pashinyan": the person the capacity names."""
    if capacity is None:
        return None
    for p in people:
        if 0 <= p.start - capacity[1] <= 2 and not text[capacity[1] : p.start].strip(" "):
            return p
    return None


def _capacities(ctx: ArticleContext, text: str) -> list[tuple[int, int, str]]:
    """ "Prime Minister of Armenia", "President of Belarus": title of a country."""
    out: list[tuple[int, int, str]] = []
    for country in ctx.rules.gazetteer.find_countries(text):
        head = text[: country.start]
        m = re.search(_TITLES + r"\s+of\s+(?:the\s+)?$", head)
        if m:
            title = re.sub(r"\s+", " ", m.group(0)).strip()
            out.append((m.start(), country.end, f"{title} {country.entity}"))
    return out


def _nearest_capacity(
    text: str, span: Span, capacities: list[tuple[int, int, str]]
) -> tuple[int, int, str] | None:
    scored = [(cost(text, span, Span(s, e)), s, (s, e, c)) for s, e, c in capacities]
    scored = [x for x in scored if x[0] <= MAX_COST]
    return min(scored)[2] if scored else None
