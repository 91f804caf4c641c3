"""Statements: items a text asserts or denies ("will not disperse demonstrations").

Each item of a statement fact has its own cues (and optional RE2 patterns); polarity
comes from negation in the item's clause.  One claim per item per sentence.
"""

from __future__ import annotations

from checker.extract.base import ArticleContext, Draft
from checker.extract.compiled import CompiledFact
from checker.model import Stance
from checker.values.polarity import polarity


def extract_statements(ctx: ArticleContext, facts: list[CompiledFact]) -> list[Draft]:
    drafts: list[Draft] = []
    for fact in facts:
        for sentence in ctx.sentences([fact]):
            if not ctx.has_context(fact, sentence):
                continue
            for item, cues, patterns in fact.items:
                spans = [(h.start, h.end) for h in cues.hits(sentence.text)]
                spans += [s for p in patterns for s in p.matches(sentence.text)]
                if not spans:
                    continue
                start, end = min(spans)
                value = Stance(item, polarity(sentence.text, start))
                drafts.append(ctx.draft(fact, value, sentence, (start, end), subject=item))
    return drafts
