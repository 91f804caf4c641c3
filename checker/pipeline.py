"""One run, end to end: corpus → extract → scope → compare → report-ready result.

The CLI, the test suite and library users all go through `check_corpus`, so there is
one definition of what a check is.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING

from checker.articleseq import Articles, damaged_records, kept_diagnostics
from checker.claimseq import JoinedClaims
from checker.extract.article import extract_article
from checker.extract.compiled import CompiledRulebook
from checker.extraction import Extraction, ExtractOptions, RunStats, extract_corpus
from checker.extraction import article_info as article_info
from checker.findings import find
from checker.groupstore import MissingClaims, compare_groups
from checker.model import (
    Article,
    ArticleInfo,
    Claim,
    Diagnostic,
    EventInfo,
    FactInfo,
    FactKind,
    Finding,
    Level,
    RunResult,
)
from checker.rulebook.loader import Rulebook, load_rulebook
from checker.timeline import timeline_for

if TYPE_CHECKING:
    from checker.ahead import Ahead

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


def check_corpus(
    corpus: Sequence[Path],
    rules: CompiledRulebook,
    *,
    jobs: int = 1,
    cache: bool = False,
    progress: bool = False,
    warn: Callable[[str], None] | None = None,
    stats: RunStats | None = None,
    ahead: Ahead | None = None,
) -> RunResult:
    """Check a corpus with compiled rules and return everything a reporter needs.

    Articles stream through extraction (`jobs` processes; `cache` reuses the claims
    stored beside the corpus), so texts are never all in memory; then the claims of the
    whole corpus are compared (with the cache: only the claim groups that changed).
    `warn` receives one line per problem with the cache.  `ahead`: a walk of the corpus
    begun earlier (`checker.ahead`).
    """
    options = ExtractOptions(
        jobs=jobs,
        cache=cache,
        progress=progress,
        warn=warn or (lambda message: None),
        leave_claims=cache,
        ahead=ahead,
    )
    stats = stats if stats is not None else RunStats()
    # A changed group needs the claims of its articles; if the cache lost some (a
    # damaged entry), their records are dropped and the articles read again.  Should
    # that fail too, the check runs without the cache.
    for _ in range(2):
        extraction = extract_corpus(corpus, rules, options, stats)
        started = time.perf_counter()
        try:
            result = compare_extraction(extraction, rules, stats, jobs)
        except MissingClaims as missing:
            options.warn(
                f"cache: what is stored of {len(missing.ids)} articles is missing or damaged;"
                " reading them again"
            )
            continue
        stats.seconds["compare"] = time.perf_counter() - started
        return result
    return check_corpus(corpus, rules, jobs=jobs, progress=progress, warn=warn, stats=stats)


def compare_extraction(
    extraction: Extraction, rules: CompiledRulebook, stats: RunStats | None = None, jobs: int = 1
) -> RunResult:
    """The compare stage over an extraction (corpus order kept for articles and
    diagnostics: corpus-level ones first, then each file's).  An extraction that left
    claims in the cache is compared group by group, reusing unchanged groups."""
    articles: Sequence[ArticleInfo] = tuple(
        f.article for f in extraction.files if f.article is not None
    )
    diagnostics = (*extraction.diagnostics, *(d for f in extraction.files for d in f.diagnostics))
    if extraction.kept is not None:
        _refuse_damaged(extraction)
        articles = Articles(articles, extraction.kept)
        diagnostics = (*extraction.diagnostics, *_file_diagnostics(extraction))
    if extraction.cache is None:
        claims = _in_claim_order(extraction)
        return compare_claims(articles, claims, diagnostics, rules, ordered=True)
    try:
        compared = compare_groups(extraction, rules, extraction.cache, jobs)
    finally:
        extraction.cache.close()
    if stats is not None:
        stats.groups = len(compared.claims)
        stats.groups_computed = stats.groups - compared.reused
    return _result(articles, JoinedClaims(compared.claims), compared.findings, diagnostics, rules)


def _refuse_damaged(extraction: Extraction) -> None:
    """A kept file whose stored record is not whole is forgotten, to be read again
    (`MissingClaims`)."""
    assert extraction.kept is not None and extraction.cache is not None
    lost = damaged_records(extraction.kept)
    if lost:
        extraction.cache.forget(lost, claims=False)
        extraction.cache.close()
        raise MissingClaims(lost)


def _file_diagnostics(extraction: Extraction) -> list[Diagnostic]:
    """Each file's diagnostics in file order, files read and kept alike."""
    read = [(f.file_id, f.diagnostics) for f in extraction.files]
    found = [pair for pair in read if pair[1]]
    if extraction.kept is not None:
        found += kept_diagnostics(extraction.kept)
    return [d for _, diagnostics in sorted(found, key=itemgetter(0)) for d in diagnostics]


def _in_claim_order(extraction: Extraction) -> list[Claim]:
    """All claims in `Claim.sort_key` order without computing a key: files come sorted
    by article id and each file's claims sorted, so taking them fact by fact in file
    order is that order (fact, article, position)."""
    by_fact: dict[str, list[Claim]] = {}
    for item in extraction.files:
        for claim in item.loaded():
            found = by_fact.get(claim.fact_id)
            if found is None:
                found = by_fact[claim.fact_id] = []
            found.append(claim)
    return [c for fact in sorted(by_fact) for c in by_fact[fact]]


def compare_claims(
    articles: Sequence[ArticleInfo],
    claims: Iterable[Claim],
    diagnostics: Sequence[Diagnostic],
    rules: CompiledRulebook,
    *,
    ordered: bool = False,
) -> RunResult:
    """Findings from extracted claims: what `check` and `factcheck compare` share.
    `ordered`: the claims already come in `Claim.sort_key` order (no need to sort)."""
    ordered_claims = list(claims) if ordered else sorted(claims, key=Claim.sort_key)
    findings = find(ordered_claims, rules, ordered=True)
    return _result(articles, tuple(ordered_claims), findings, diagnostics, rules)


def _result(
    articles: Sequence[ArticleInfo],
    claims: Sequence[Claim],
    findings: Sequence[Finding],
    diagnostics: Sequence[Diagnostic],
    rules: CompiledRulebook,
) -> RunResult:
    return RunResult(
        articles=articles if isinstance(articles, Articles) else tuple(articles),
        claims=claims,
        findings=tuple(findings),
        facts=described_facts(rules),
        events=event_infos(rules.rulebook),
        diagnostics=tuple(diagnostics),
    )
