"""Baselines, changed-article filtering and level overrides on hand-built findings.

The value rule under test: a finding is old news when each of its distinct values was
already stated in its claim group; repeating a known value is not news, a new value is.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from checker.baseline import Baseline
from checker.model import (
    ArticleInfo,
    Claim,
    Evidence,
    Finding,
    FindingKind,
    Level,
    Quantity,
    RunResult,
    fingerprint,
)
from checker.suppress import apply_baseline, apply_levels, covered, new_values, only_changed

FACT, EVENT = "casualties.deaths", "kazakhstan-unrest-2022"


def toll(value: int, article: str, sentence: str | None = None, event: str = EVENT) -> Claim:
    text = sentence or f"{value} people were killed, {article} reported."
    return Claim(
        fact_id=FACT,
        kind="quantity",
        value=Quantity(value, value, value),
        raw=str(value),
        qualifier=None,
        evidence=Evidence(article, 0, 3, 1, 1, text),
        event_id=event,
        valid_at=date(2022, 1, 25),
    )


def finding(*claims: Claim, fact: str = FACT) -> Finding:
    kind = FindingKind.CONTRADICTION
    event = claims[0].event_id
    return Finding(
        fact_id=fact,
        kind=kind,
        level=Level.ERROR,
        message="tolls disagree",
        claims=claims,
        event_id=event,
        explanation=None,
        fingerprint=fingerprint(fact, kind, event, None, claims),
    )


def result(*findings: Finding, extra: tuple[Claim, ...] = ()) -> RunResult:
    claims = tuple(c for f in findings for c in f.claims) + extra
    ids = sorted({c.evidence.article_id for c in claims})
    articles = tuple(
        ArticleInfo(a, f"/corpus/{a}", None, "none", None, None, None, "0" * 64) for a in ids
    )
    return RunResult(articles=articles, claims=claims, findings=findings)


OLD = finding(toll(225, "a"), toll(230, "b"))
BASELINE = Baseline.of([OLD], OLD.claims)


def test_same_fingerprint_is_covered() -> None:
    assert covered(OLD, BASELINE)
    assert covered(OLD, Baseline(fingerprints=frozenset({OLD.fingerprint})))


def test_repeating_a_known_value_is_covered_despite_a_new_fingerprint() -> None:
    grown = finding(*OLD.claims, toll(225, "c"))
    assert grown.fingerprint != OLD.fingerprint
    assert new_values(grown, BASELINE.values) == frozenset()
    assert covered(grown, BASELINE)


def test_a_new_value_is_not_covered() -> None:
    grown = finding(*OLD.claims, toll(240, "c"))
    assert new_values(grown, BASELINE.values) == {"240..240"}
    assert not covered(grown, BASELINE)


def test_values_count_only_within_their_group() -> None:
    elsewhere = "zhanaozen-2011"
    other_event = finding(toll(225, "a", event=elsewhere), toll(230, "b", event=elsewhere))
    assert not covered(other_event, BASELINE)


def test_apply_baseline_marks_without_mutating() -> None:
    new = finding(toll(225, "a"), toll(240, "c"))
    before = result(OLD, new)
    after = apply_baseline(before, BASELINE)
    assert [f.suppressed_by for f in after.findings] == ["baseline", None]
    assert [f.suppressed_by for f in before.findings] == [None, None]
    assert after.findings[0] == replace(OLD, suppressed_by="baseline")


def test_an_earlier_suppression_keeps_its_reason() -> None:
    reviewed = replace(OLD, suppressed_by="reviews.yaml")
    after = apply_baseline(result(reviewed), BASELINE)
    assert after.findings[0].suppressed_by == "reviews.yaml"


def test_only_changed_keeps_findings_with_a_value_only_changed_articles_state() -> None:
    new_side = finding(toll(225, "a"), toll(240, "new"))
    agreeing = finding(toll(225, "a"), toll(230, "b"), toll(230, "new"))
    untouched = finding(
        toll(14, "a", event="zhanaozen-2011"), toll(16, "b", event="zhanaozen-2011")
    )
    before = result(new_side, agreeing, untouched)
    after = only_changed(before, {"new"})
    assert after.findings == (new_side,)
    assert after.hidden == 2
    assert before.hidden == 0


def test_only_changed_sees_values_stated_elsewhere_in_the_group() -> None:
    """An unchanged article carrying 240 in another finding of the group makes 240 old."""
    pair = finding(toll(225, "a"), toll(240, "new"))
    elsewhere = toll(240, "c", sentence="Officials earlier said 240 people were killed.")
    assert only_changed(result(pair, extra=(elsewhere,)), {"new"}).findings == ()


def test_edited_article_counts_as_changed() -> None:
    pair = finding(toll(225, "a"), toll(230, "b"))
    assert only_changed(result(pair), {"b"}).findings == (pair,)


def test_apply_levels() -> None:
    names = finding(toll(1, "a"), toll(2, "b"), fact="names")
    before = result(OLD, names)
    after = apply_levels(before, {FACT: Level.WARNING})
    assert [f.level for f in after.findings] == [Level.WARNING, Level.ERROR]
    assert [f.level for f in before.findings] == [Level.ERROR, Level.ERROR]
    assert apply_levels(before, {}) is before
