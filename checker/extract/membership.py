"""Membership: a complete list of members ("CSTO members are Armenia, Belarus, …").

A list counts only when a membership cue introduces it (cues are written with
`{subject}`, expanded to the subject's names) and nothing beside it makes it a list of
something else: contributors ("units from Russia, Belarus and Armenia"), history
("until 1999"), examples ("such as").
"""

from __future__ import annotations

import re

from checker.extract.base import ArticleContext, Draft
from checker.extract.clauses import contains_phrase, window_before
from checker.extract.compiled import CompiledFact
from checker.model import EntitySet
from checker.rulebook.models import MembershipFact
from checker.text import Sentence
from checker.values.entities import EntityMention

_SEPARATOR = re.compile(r"^\s*(?:,\s*(?:and\s+|as well as\s+)?|and\s+|&\s+|as well as\s+)$")
_BRIDGE = re.compile(
    r"^[\s:,\-–—(]*(?:are|is|were|include|includes)?[\s:,\-–—(]*"
    r"(?:(?:the\s+)?(?:[\w\-]+\s+){0,4}(?:states|countries|nations|members|republics)"
    r"\s*[:\-–—(,]\s*)?$",
    re.I,
)


def extract_memberships(ctx: ArticleContext, facts: list[CompiledFact]) -> list[Draft]:
    drafts: list[Draft] = []
    for fact in facts:
        for sentence in ctx.sentences([fact]):
            if ctx.has_context(fact, sentence):
                drafts.extend(_sentence(ctx, fact, sentence))
    return drafts


def _runs(text: str, mentions: list[EntityMention]) -> list[list[EntityMention]]:
    """Consecutive mentions joined only by commas and 'and': the lists of a sentence."""
    runs: list[list[EntityMention]] = []
    for m in mentions:
        if runs and _SEPARATOR.match(text[runs[-1][-1].end : m.start]):
            runs[-1].append(m)
        else:
            runs.append([m])
    return runs


def _sentence(ctx: ArticleContext, fact: CompiledFact, sentence: Sentence) -> list[Draft]:
    rule: MembershipFact = fact.fact
    text = sentence.text
    hits = fact.cues.spans(text)
    if not hits or not _names_subject(ctx, fact, sentence):
        return []
    runs = [
        r
        for r in _runs(text, ctx.rules.gazetteer.find_countries(text))
        if len(r) >= rule.min_members
    ]
    drafts: list[Draft] = []
    for run in runs:
        start, end = run[0].start, run[-1].end
        if not any(_introduces(text, h.start, h.end, start, end) for h in hits):
            continue
        if contains_phrase(window_before(text, start, 4), fact.not_near):
            continue
        members = frozenset(m.entity for m in run)
        drafts.append(ctx.draft(fact, EntitySet(members), sentence, (start, end)))
    return drafts


def _names_subject(ctx: ArticleContext, fact: CompiledFact, sentence: Sentence) -> bool:
    """The organisation is named in the sentence or the one before it ("Today it has six
    members: …" after a sentence about the CSTO)."""
    if fact.subject is None or fact.subject.search(sentence.text):
        return True
    before = [
        s
        for s in ctx.doc.sentences_in_paragraph(sentence.paragraph)
        if s.index == sentence.index - 1
    ]
    return bool(before) and fact.subject.search(before[0].text)


def _introduces(text: str, cue_start: int, cue_end: int, start: int, end: int) -> bool:
    """The cue sits right before the list, or right after it ("… are members of the CSTO")."""
    if cue_end <= start:
        return _BRIDGE.match(text[cue_end:start]) is not None
    if end <= cue_start:
        return (
            re.match(
                r"^[\s,]*(?:are|were|is|remain|became)?\s*(?:all\s+)?$", text[end:cue_start], re.I
            )
            is not None
        )
    return False
