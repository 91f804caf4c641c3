"""One run, end to end: corpus → extract → scope → compare → report-ready result.

The CLI, the test suite and library users all go through `check_corpus`, so there is
one definition of what a check is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from checker.corpus import load_corpus
from checker.extract.article import extract_article
from checker.extract.compiled import CompiledRulebook
from checker.findings import find
from checker.model import (
    Article,
    ArticleInfo,
    Claim,
    EventInfo,
    FactInfo,
    FactKind,
    Level,
    RunResult,
)
from checker.rulebook.loader import Rulebook, load_rulebook
from checker.timeline import timeline_for

_YEAR = re.compile(r"\b(?:19[5-9]\d|20\d\d)\b")


def compile_rules(paths: Sequence[Path]) -> CompiledRulebook:
    """Load, validate and compile rule files; raises RulesInvalid with located errors."""
    return CompiledRulebook(load_rulebook(paths))


def year_hint(rules: CompiledRulebook) -> Callable[[str], list[int]]:
    """Candidate years for a dateline without one: events the text names, years it states."""

    def hint(text: str) -> list[int]:
        years = {e.event.start.year for e in rules.events if e.cues.search(text)}
        years |= {int(y) for y in _YEAR.findall(text)}
        return sorted(years)

    return hint


def article_info(article: Article) -> ArticleInfo:
    return ArticleInfo(
        id=article.id,
        path=str(article.path),
        published=article.published,
        date_source=article.date_source,
        outlet=article.outlet,
        url=article.url,
        title=article.title,
        sha256=article.sha256,
    )


def fact_infos(rulebook: Rulebook) -> tuple[FactInfo, ...]:
    infos = []
    for fact in rulebook.facts:
        path, line = rulebook.origins.get(fact.id, ("", 0))
        infos.append(
            FactInfo(
                id=fact.id,
                kind=fact.extends,
                message=fact.message or f"{fact.id} differs between sources",
                description=fact.description,
                level=Level(fact.level) if fact.level else None,
                origin=f"{path}:{line}" if path else None,
            )
        )
    return tuple(infos)


def described_facts(rules: CompiledRulebook) -> tuple[FactInfo, ...]:
    """`fact_infos` plus what only compiled rules know: whether the fact changes over time
    and its reference timeline with canonical names, so reports can draw claims against it."""
    out = []
    for info in fact_infos(rules.rulebook):
        compiled = rules.facts[info.id]
        timeline = timeline_for(
            compiled.fact,
            lambda name: rules.gazetteer.country(name) or name,
            rules.gazetteer.canonical_name,
        )
        changes = compiled.kind in (FactKind.MEMBERSHIP, FactKind.ROLE) or bool(
            getattr(compiled.fact, "changes_over_time", False)
        )
        periods = timeline.periods() if timeline is not None else ()
        out.append(replace(info, changes_over_time=changes, timeline=periods))
    return tuple(out)


def event_infos(rulebook: Rulebook) -> tuple[EventInfo, ...]:
    return tuple(
        EventInfo(e.id, e.name, e.start, e.end)
        for e in sorted(rulebook.events.values(), key=lambda e: e.id)
    )


def extract_all(articles: Iterable[Article], rules: CompiledRulebook) -> list[Claim]:
    return [claim for article in articles for claim in extract_article(article, rules)]


def check_corpus(corpus: Sequence[Path], rules: CompiledRulebook) -> RunResult:
    """Check a corpus with compiled rules and return everything a reporter needs."""
    load = load_corpus(corpus, year_hint=year_hint(rules))
    claims = sorted(extract_all(load.articles, rules), key=Claim.sort_key)
    findings = find(claims, rules)
    return RunResult(
        articles=tuple(article_info(a) for a in load.articles),
        claims=tuple(claims),
        findings=tuple(findings),
        facts=described_facts(rules),
        events=event_infos(rules.rulebook),
        diagnostics=tuple(load.diagnostics),
    )
