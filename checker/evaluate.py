"""`factcheck eval`: score a run against gold labels (format: ../shared/dev/README.md).

Claims: a prediction is right when a gold claim of the same article, fact and event has
a compatible value; precision counts only facts the gold file labels.  Several
predictions may match one gold claim (an article that repeats its figure is not wrong
twice).  Findings: fact, event, kind (and entity, for names) agree and the article sets
overlap with Jaccard >= 0.5.  A predicted finding that matches no gold finding but a
`non_findings` entry is a false alarm counted twice and named.  Optional gold entries
are neither required nor held against a prediction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from checker.gold import (
    GoldClaim,
    GoldFile,
    GoldFinding,
    GoldNonFinding,
    Resolver,
    compatible,
)
from checker.model import Claim, Finding, RunResult
from checker.rulebook.yamlload import YamlError, load_yaml

JACCARD = 0.5


class GoldInvalid(Exception):
    """A gold file that cannot be read: one located line."""


@dataclass
class Score:
    """Precision over predictions, recall over gold entries (they may match many-to-one)."""

    correct: int = 0  # predictions that match gold
    wrong: int = 0  # predictions that match nothing (non-findings count twice)
    found: int = 0  # gold entries some prediction matches
    missed: int = 0  # gold entries nothing matches

    @property
    def precision(self) -> float | None:
        total = self.correct + self.wrong
        return self.correct / total if total else None

    @property
    def recall(self) -> float | None:
        total = self.found + self.missed
        return self.found / total if total else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None or p + r == 0:
            return None
        return 2 * p * r / (p + r)

    def encode(self) -> dict[str, Any]:
        return {
            "correct": self.correct,
            "wrong": self.wrong,
            "found": self.found,
            "missed": self.missed,
            "precision": _round(self.precision),
            "recall": _round(self.recall),
            "f1": _round(self.f1),
        }


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


@dataclass
class Evaluation:
    claims: Score = field(default_factory=Score)
    claims_by_fact: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    findings: Score = field(default_factory=Score)
    findings_by_fact: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    missed_claims: list[GoldClaim] = field(default_factory=list)
    false_claims: list[Claim] = field(default_factory=list)
    missed_findings: list[GoldFinding] = field(default_factory=list)
    false_findings: list[Finding] = field(default_factory=list)
    flagged_non_findings: list[tuple[Finding, GoldNonFinding]] = field(default_factory=list)


def load_gold(path: Path) -> GoldFile:
    try:
        located = load_yaml(path.read_text(encoding="utf-8"), str(path))
    except OSError as err:
        raise GoldInvalid(f"{path}: cannot read: {err.strerror}") from None
    except UnicodeDecodeError:
        raise GoldInvalid(f"{path}: not valid UTF-8") from None
    except YamlError as err:
        raise GoldInvalid(str(err)) from None
    try:
        return GoldFile.model_validate(located.data)
    except ValidationError as err:
        first = err.errors()[0]
        loc = tuple(first["loc"])
        line = located.line_of(loc)
        where = ".".join(str(p) for p in loc)
        raise GoldInvalid(f"{path}:{line}: field '{where}': {first['msg']}") from None


def evaluate(result: RunResult, gold: GoldFile, resolve: Resolver | None = None) -> Evaluation:
    """Score a run; `resolve` maps a gold holder's name to an entity id (spelling-proof)."""
    ev = Evaluation()
    articles = {a.id for a in result.articles}
    claims = [c for c in result.claims if c.evidence.article_id in articles]
    _score_claims(ev, claims, gold, resolve)
    _score_findings(ev, result.findings, gold)
    return ev


# --- claims ----------------------------------------------------------------------------


def _claim_index(gold: Iterable[GoldClaim]) -> dict[tuple[str, str, str], list[GoldClaim]]:
    index: dict[tuple[str, str, str], list[GoldClaim]] = defaultdict(list)
    for g in gold:
        index[(g.article, g.fact, g.event or "")].append(g)
    return index


def _score_claims(
    ev: Evaluation, claims: Sequence[Claim], gold: GoldFile, resolve: Resolver | None
) -> None:
    labelled = {g.fact for g in gold.claims}
    index = _claim_index(gold.claims)
    found: set[int] = set()
    for claim in claims:
        if claim.fact_id not in labelled:
            continue
        key = (claim.evidence.article_id, claim.fact_id, claim.event_id or "")
        matches = [g for g in index.get(key, []) if compatible(claim, g.value, resolve)]
        found.update(id(g) for g in matches)
        if not matches:
            ev.claims.wrong += 1
            ev.claims_by_fact[claim.fact_id].wrong += 1
            ev.false_claims.append(claim)
        elif any(not g.optional for g in matches):
            ev.claims.correct += 1
            ev.claims_by_fact[claim.fact_id].correct += 1
    for g in gold.claims:
        if g.optional:
            continue
        hit = id(g) in found
        for score in (ev.claims, ev.claims_by_fact[g.fact]):
            score.found += hit
            score.missed += not hit
        if not hit:
            ev.missed_claims.append(g)


# --- findings --------------------------------------------------------------------------


def _jaccard(a: Iterable[str], b: Iterable[str]) -> float:
    sa, sb = set(a), set(b)
    return len(sa & sb) / len(sa | sb) if sa | sb else 0.0


def _matches(finding: Finding, gold: GoldFinding) -> bool:
    if finding.fact_id != gold.fact or finding.kind.value != gold.kind:
        return False
    if (finding.event_id or None) != (gold.event or None):
        return False
    if gold.entity is not None and finding.subject != gold.entity:
        return False
    return _jaccard(finding.articles, gold.articles) >= JACCARD


def _hits_non_finding(finding: Finding, non: GoldNonFinding) -> bool:
    if finding.fact_id != non.fact:
        return False
    if non.event is not None and finding.event_id != non.event:
        return False
    return _jaccard(finding.articles, non.articles) >= JACCARD


def _score_findings(ev: Evaluation, findings: Sequence[Finding], gold: GoldFile) -> None:
    matched: set[int] = set()
    for f in findings:
        hits = [g for g in gold.findings if _matches(f, g)]
        matched.update(id(g) for g in hits)
        if hits:
            if any(not g.optional for g in hits):
                ev.findings.correct += 1
                ev.findings_by_fact[f.fact_id].correct += 1
            continue
        penalty = 1
        non = next((n for n in gold.non_findings if _hits_non_finding(f, n)), None)
        if non is not None:
            ev.flagged_non_findings.append((f, non))
            penalty = 2
        ev.findings.wrong += penalty
        ev.findings_by_fact[f.fact_id].wrong += penalty
        ev.false_findings.append(f)
    for g in gold.findings:
        if g.optional:
            continue
        hit = id(g) in matched
        for score in (ev.findings, ev.findings_by_fact[g.fact]):
            score.found += hit
            score.missed += not hit
        if not hit:
            ev.missed_findings.append(g)
