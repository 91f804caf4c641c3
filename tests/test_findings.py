"""Comparison and the finding taxonomy on hand-built claims: clusters, time, timelines."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from checker.compare import cluster_intervals
from checker.extract.compiled import CompiledRulebook
from checker.findings import find
from checker.model import (
    Claim,
    EntitySet,
    Evidence,
    Holder,
    Level,
    Name,
    Quantity,
    Stance,
    Value,
)
from checker.pipeline import compile_rules

ROOT = Path(__file__).resolve().parents[1]
KZ = "kazakhstan-unrest-2022"
ZH = "zhanaozen-2011"


@pytest.fixture(scope="module")
def rules() -> CompiledRulebook:
    return compile_rules([ROOT / "rules"])


def claim(
    fact: str,
    value: Value,
    article: str,
    day: date | None,
    *,
    event: str | None = None,
    earlier: bool = False,
    subject: str | None = None,
    qualifier: str | None = None,
    kind: str = "quantity",
) -> Claim:
    evidence = Evidence(article, 0, 1, 1, 1, f"sentence of {article}")
    return Claim(fact, kind, value, "raw", qualifier, evidence, event, day, earlier, subject)


def q(low: float | None, high: float | None = None, point: float | None = None) -> Quantity:
    high = low if high is None and point is None else high
    return Quantity(low, high, point if point is not None else (low or 0.0))


def kinds(findings: list) -> list[tuple[str, str, tuple[str, ...]]]:  # type: ignore[type-arg]
    return [(f.fact_id, f.kind.value, f.articles) for f in findings]


def test_open_bound_fits_both_sides_and_stays_out(rules: CompiledRulebook) -> None:
    day = date(2022, 1, 15)
    claims = [
        claim("casualties.injured", q(4300, None, 4300), "a", day, event=KZ),
        claim("casualties.injured", q(4353), "b", day, event=KZ),
        claim("casualties.injured", q(4578), "c", day, event=KZ),
        claim("casualties.injured", q(4500, None, 4500), "c", day, event=KZ),
    ]
    found = find(claims, rules)
    assert kinds(found) == [("casualties.injured", "contradiction", ("b", "c"))]
    assert found[0].level == Level.ERROR


def test_earlier_figure_is_a_revision_not_an_inconsistency(rules: CompiledRulebook) -> None:
    day = date(2022, 1, 15)
    claims = [
        claim("casualties.deaths", q(164), "a", day, event=KZ, earlier=True),
        claim("casualties.deaths", q(225), "a", day, event=KZ),
        claim("casualties.deaths", q(225), "b", day, event=KZ),
    ]
    found = find(claims, rules)
    assert kinds(found) == [("casualties.deaths", "revision", ("a", "b"))]
    assert found[0].level == Level.NOTE


def test_settled_figures_that_differ_contradict(rules: CompiledRulebook) -> None:
    claims = [
        claim("casualties.deaths", q(16), "a", date(2021, 12, 16), event=ZH),
        claim("casualties.deaths", q(17), "b", date(2021, 12, 17), event=ZH),
    ]
    assert kinds(find(claims, rules)) == [("casualties.deaths", "contradiction", ("a", "b"))]


def test_recent_then_settled_is_a_revision(rules: CompiledRulebook) -> None:
    claims = [
        claim("casualties.deaths", q(11), "a", date(2011, 12, 17), event=ZH),
        claim("casualties.deaths", q(16), "b", date(2020, 1, 13), event=ZH),
    ]
    assert kinds(find(claims, rules)) == [("casualties.deaths", "revision", ("a", "b"))]


def test_different_events_are_never_compared(rules: CompiledRulebook) -> None:
    claims = [
        claim("casualties.deaths", q(14), "a", date(2011, 12, 20), event=ZH),
        claim("casualties.deaths", q(225), "b", date(2022, 1, 25), event=KZ),
    ]
    assert find(claims, rules) == []


def test_same_article_disagreeing_with_itself(rules: CompiledRulebook) -> None:
    day = date(2022, 1, 10)
    claims = [
        claim("peacekeepers.approved", q(2500), "a", day, event=KZ),
        claim("peacekeepers.approved", q(3600), "a", day, event=KZ),
    ]
    found = find(claims, rules)
    assert kinds(found) == [("peacekeepers.approved", "internal_inconsistency", ("a",))]


MEMBERS_2011 = frozenset(
    ["Armenia", "Belarus", "Kazakhstan", "Kyrgyzstan", "Russia", "Tajikistan", "Uzbekistan"]
)
MEMBERS_2022 = MEMBERS_2011 - {"Uzbekistan"}


def test_membership_change_explained_by_timeline(rules: CompiledRulebook) -> None:
    claims = [
        claim("csto.members", EntitySet(MEMBERS_2011), "a", date(2011, 12, 20), kind="membership"),
        claim("csto.members", EntitySet(MEMBERS_2022), "b", date(2022, 1, 6), kind="membership"),
    ]
    found = find(claims, rules)
    assert kinds(found) == [("csto.members", "temporal_change", ("a", "b"))]
    assert found[0].explained is True and found[0].level == Level.NOTE
    assert "Uzbekistan suspended its membership" in (found[0].explanation or "")


def test_membership_wrong_for_its_date_is_a_reference_mismatch(rules: CompiledRulebook) -> None:
    claims = [
        claim("csto.members", EntitySet(MEMBERS_2011), "a", date(2022, 1, 6), kind="membership"),
    ]
    found = find(claims, rules)
    assert kinds(found) == [("csto.members", "reference_mismatch", ("a",))]


def test_undated_membership_says_so(rules: CompiledRulebook) -> None:
    claims = [
        claim("csto.members", EntitySet(MEMBERS_2011), "a", date(2011, 12, 20), kind="membership"),
        claim("csto.members", EntitySet(MEMBERS_2022), "b", None, kind="membership"),
    ]
    found = find(claims, rules)
    assert kinds(found) == [("csto.members", "temporal_change", ("a", "b"))]
    assert "undated" in (found[0].explanation or "")


def test_role_capacity_contradiction(rules: CompiledRulebook) -> None:
    day = date(2022, 1, 6)
    office = "Chairman of the CSTO Collective Security Council"
    pm = Holder(office, "pashinyan", "Prime Minister of Armenia", "Nikol Pashinyan")
    president = Holder(office, None, "President of Armenia", None)
    claims = [
        claim("csto.csc_chair", pm, "a", day, kind="role"),
        claim("csto.csc_chair", president, "b", day, kind="role"),
        claim("csto.csc_chair", pm, "b", day, kind="role"),
        claim("csto.csc_chair", pm, "c", date(2022, 1, 8), kind="role"),
    ]
    found = find(claims, rules)
    assert kinds(found) == [("csto.csc_chair", "contradiction", ("a", "b", "c"))]
    assert "Partly inside one article: b" in (found[0].explanation or "")


def test_statement_polarity_conflict(rules: CompiledRulebook) -> None:
    day = date(2022, 1, 7)
    claims = [
        claim(
            "mission.scope",
            Stance("disperse_protests", False),
            "a",
            day,
            event=KZ,
            subject="disperse_protests",
            kind="statement",
        ),
        claim(
            "mission.scope",
            Stance("disperse_protests", True),
            "b",
            day,
            event=KZ,
            subject="disperse_protests",
            kind="statement",
        ),
        claim(
            "mission.scope",
            Stance("guard_facilities", True),
            "b",
            day,
            event=KZ,
            subject="guard_facilities",
            kind="statement",
        ),
    ]
    found = find(claims, rules)
    assert kinds(found) == [("mission.scope", "contradiction", ("a", "b"))]
    assert found[0].subject == "disperse_protests"


def test_naming_variants_across_and_inside_articles(rules: CompiledRulebook) -> None:
    day = date(2022, 1, 8)
    claims = [
        claim(
            "names",
            Name("lukashenko", "Alexander Lukashenko"),
            "a",
            day,
            subject="lukashenko",
            kind="naming",
        ),
        claim(
            "names",
            Name("lukashenko", "Alexander Lukashenko"),
            "b",
            day,
            subject="lukashenko",
            kind="naming",
        ),
        claim(
            "names", Name("lukashenko", "Lukashenka"), "b", day, subject="lukashenko", kind="naming"
        ),
        claim(
            "names",
            Name("nazarbayev", "Nursultan Nazarbaev"),
            "c",
            day,
            subject="nazarbayev",
            kind="naming",
        ),
        claim(
            "names", Name("nazarbayev", "Nazarbaev"), "c", day, subject="nazarbayev", kind="naming"
        ),
    ]
    found = find(claims, rules)
    assert kinds(found) == [("names", "naming_variant", ("a", "b"))]
    assert found[0].level == Level.WARNING
    assert "preferred: Alexander Lukashenko" in found[0].message


def test_fingerprint_ignores_lines_and_order(rules: CompiledRulebook) -> None:
    day = date(2022, 1, 15)
    first = [
        claim("casualties.deaths", q(225), "a", day, event=KZ),
        claim("casualties.deaths", q(230), "b", day, event=KZ),
    ]
    moved = [
        replace(c, evidence=replace(c.evidence, start=50, end=53, line=9, column=4))
        for c in reversed(first)
    ]
    assert [f.fingerprint for f in find(first, rules)] == [
        f.fingerprint for f in find(moved, rules)
    ]


def test_sweep_clusters_share_a_point() -> None:
    day = date(2022, 1, 1)
    claims = [claim("x", q(v), "a", day) for v in (10, 10.5, 11, 20, 21)]
    claims.append(claim("x", q(9, 12, 10), "b", day))
    clusters = cluster_intervals(claims, tolerance=0.05)
    assert [sorted(c.value.point for c in k.claims) for k in clusters] == [  # type: ignore[union-attr]
        [10, 10, 10.5, 11],
        [20, 21],
    ]
