"""Names: how each listed person is spelled.

Every full-name mention is a claim ("Kassym-Zhomart Tokayev"); a bare surname is one
only when it is itself a variant ("Lukashenka"), since "Tokayev" alone says nothing
about spelling.  The alias table is consulted first, rapidfuzz finds near-variants.
"""

from __future__ import annotations

from checker.extract.base import ArticleContext, Draft
from checker.extract.compiled import CompiledFact
from checker.model import Name
from checker.rulebook.models import NamingFact
from checker.values.entities import EntityMention


def extract_names(ctx: ArticleContext, facts: list[CompiledFact]) -> list[Draft]:
    drafts: list[Draft] = []
    for fact in facts:
        rule: NamingFact = fact.fact
        seen: set[tuple[str, str]] = set()
        sentences = ctx.doc.sentences
        found = ctx.rules.gazetteer.find_people_in(
            ctx.doc.text, [(s.start, s.end) for s in sentences], set(rule.entities), rule.threshold
        )
        for sentence, people in zip(sentences, found, strict=True):
            for person in people:
                key = (person.entity, person.surface)
                if key in seen or not _informative(ctx, person):
                    continue
                seen.add(key)
                value = Name(person.entity, person.surface)
                drafts.append(
                    ctx.draft(
                        fact, value, sentence, (person.start, person.end), subject=person.entity
                    )
                )
    return drafts


def _informative(ctx: ArticleContext, person: EntityMention) -> bool:
    if len(person.surface.split()) > 1:
        return True
    entity = ctx.rules.rulebook.entities[person.entity]
    known = {t.casefold() for n in (entity.name, *entity.aliases) for t in n.split()}
    return person.surface.casefold() not in known
