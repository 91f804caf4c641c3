"""Extraction of one article: a pure function of (article, rulebook).

That purity is what lets the run be parallel, cached and split across machines
(DESIGN §1, §9): nothing here reads or writes anything but its arguments.
"""

from __future__ import annotations

from checker.extract.base import ArticleContext, Draft
from checker.extract.compiled import CompiledRulebook
from checker.extract.registry import EXTRACTORS
from checker.model import Article, Claim
from checker.scope import Scoper
from checker.text import Document, split_document


def extract_article(
    article: Article, rules: CompiledRulebook, *, scoped: bool = True
) -> list[Claim]:
    """Every claim the rules find in the article, placed in its event unless `scoped` is off."""
    doc = split_document(article.text)
    scoper = Scoper(rules, doc, article.published)
    ctx = ArticleContext(
        article, doc, rules, scoper.anchor(), _candidates(doc, rules), scoper.windows()
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


def _candidates(doc: Document, rules: CompiledRulebook) -> frozenset[int]:
    """Sentences holding the first word of a cue of any fact: one table look-up per word."""
    return frozenset(s.index for s in doc.sentences if rules.any_cue.might_match(s.text))
