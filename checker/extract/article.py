"""Extraction of one article: a pure function of (article, rulebook).

That purity is what lets the run be parallel, cached and split across machines
(DESIGN §1, §9): nothing here reads or writes anything but its arguments.
"""

from __future__ import annotations

from checker.extract.base import ArticleContext, Draft
from checker.extract.compiled import CompiledRulebook
from checker.extract.cues import forget_texts
from checker.extract.registry import EXTRACTORS
from checker.model import Article, Claim
from checker.scope import Scoper
from checker.text import Document, split_document


def extract_article(
    article: Article, rules: CompiledRulebook, *, scoped: bool = True
) -> list[Claim]:
    """Every claim the rules find in the article, placed in its event unless `scoped` is off."""
    forget_texts()
    doc = split_document(article.text)
    scoper = Scoper(rules, doc, article.published)
    readers = _readers(doc, rules)
    candidates = frozenset().union(*readers.values())
    ctx = ArticleContext(
        article, doc, rules, scoper.anchor(), candidates, scoper.windows(), readers
    )
    drafts: list[Draft] = []
    for kind, extractor in EXTRACTORS.items():
        facts = rules.of_kind(kind)
        if facts:
            drafts.extend(extractor(ctx, facts))
    claims = [_place(scoper, ctx, d) if scoped else d.claim for d in drafts]
    return sorted((c for c in claims if c is not None), key=Claim.sort_key)


def _place(scoper: Scoper, ctx: ArticleContext, draft: Draft) -> Claim | None:
    return scoper.place(draft, ctx.dates(ctx.doc.sentences[draft.sentence]))


def _readers(doc: Document, rules: CompiledRulebook) -> dict[str, frozenset[int]]:
    """The sentences where a cue of each fact occurs, from one scan of the whole article
    (its words are already indexed for the event cues): each match is mapped to its
    sentence and to the facts the phrase belongs to.  A match running past its sentence
    adds a sentence to look at; extractors check their own cues there again."""
    found: dict[str, set[int]] = {}
    for start, phrase in rules.any_cue.found(doc.text):
        sentence = doc.sentence_at(start)
        if sentence is not None:
            for fact_id in rules.cue_facts.get(phrase, ()):
                found.setdefault(fact_id, set()).add(sentence.index)
    return {fact_id: frozenset(indexes) for fact_id, indexes in found.items()}
