"""Comparison stays near-linear without changing its answers: the sweep over sorted days
in `conflicts` files every claim under exactly the relations that judging every pair of
buckets with `relation` gives (the definition it replaces)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date, timedelta
from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from checker.compare import (
    INF,
    Cluster,
    Relation,
    _bounds,
    _buckets,
    _current_by_article,
    _disagreeing,
    _same_article,
    cluster_intervals,
    conflicts,
    relation,
)
from checker.model import Claim, Evidence, Quantity
from checker.rulebook.models import RoleTerm, TimelineEntry
from checker.timeline import MembershipTimeline, RoleTimeline, Timeline

BASE = date(2022, 1, 1)
Split = dict[Relation, set[int]]


def _by_pairs(
    clusters: list[Cluster],
    window: int,
    timeline: Timeline | None,
    settled: Callable[[Claim], bool],
) -> list[Split]:
    """Every pair of buckets judged by `relation`: quadratic, and the reference."""
    out = []
    for a, b in combinations(clusters, 2):
        a, b = _disagreeing(a, b), _disagreeing(b, a)
        if not a.claims or not b.claims:
            continue
        split: Split = defaultdict(set)
        for ba in _buckets(a):
            for bb in _buckets(b):
                verdict = relation(ba[0], bb[0], window, timeline, settled)
                split[verdict].update(id(c) for c in (*ba, *bb))
        both = _same_article(_current_by_article(a), _current_by_article(b))
        split[Relation.SAME].update(id(c) for c in both)
        out.append({k: v for k, v in split.items() if v})
    return out


TIMELINES: list[Timeline | None] = [
    None,
    MembershipTimeline(
        [
            TimelineEntry(date=BASE + timedelta(days=10), set=["A", "B"]),
            TimelineEntry(date=BASE + timedelta(days=30), remove=["B"]),
            TimelineEntry(date=BASE + timedelta(days=45), add=["B"]),  # back as it was
        ],
        lambda name: name,
    ),
    RoleTimeline(
        [
            RoleTerm(holder="x", start=BASE + timedelta(days=5), end=BASE + timedelta(days=20)),
            RoleTerm(holder="y", start=BASE + timedelta(days=25)),
        ],
        lambda name: name,
    ),
]

claim_specs = st.tuples(
    st.one_of(st.none(), st.integers(0, 60)),  # day
    st.booleans(),  # earlier
    st.integers(0, 6),  # article
    st.sampled_from(["exact", "exact", "at least", "at most"]),  # open bounds fit others
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.lists(claim_specs, min_size=1, max_size=10), min_size=2, max_size=4),
    st.sampled_from([0, 1, 3, 10**6]),
    st.sampled_from(range(len(TIMELINES))),
    st.integers(0, 60),
)
def test_the_sweep_files_claims_as_every_pair_would(
    specs: list[list[tuple[int | None, bool, int, str]]], window: int, which: int, cut: int
) -> None:
    clusters = []
    offset = 0
    for value, members in enumerate(specs):
        claims = []
        for day, earlier, article, bound in members:
            evidence = Evidence(f"a{article}", offset, offset + 1, 1, 1, "s")
            offset += 1
            valid = BASE + timedelta(days=day) if day is not None else None
            low = None if bound == "at most" else value
            high = None if bound == "at least" else value
            quantity = Quantity(low, high, value, exact=bound == "exact")
            claims.append(
                Claim("f", "quantity", quantity, "1", None, evidence, None, valid, earlier)
            )
        clusters.append(Cluster(sorted(claims, key=Claim.sort_key), value, value))
    timeline = TIMELINES[which]
    last_day = BASE + timedelta(days=cut)

    def settled(claim: Claim) -> bool:
        return claim.valid_at is not None and not claim.earlier and claim.valid_at > last_day

    swept = conflicts(clusters, window, timeline, settled)
    found = [{k: {id(c) for c in v} for k, v in conflict.claims.items()} for conflict in swept]
    assert found == _by_pairs(clusters, window, timeline, settled)
    for conflict in swept:  # each claim once per relation
        for claims in conflict.claims.values():
            assert len(set(map(id, claims))) == len(claims)


def _sweep_claims(items: list[tuple[float, float, Claim]], tolerance: float) -> list[Cluster]:
    """Claims sorted by bounds swept one by one: each joins the last cluster if it overlaps."""
    clusters: list[Cluster] = []
    for lo, hi, claim in sorted(items, key=lambda t: (t[0], t[1])):
        current = clusters[-1] if clusters else None
        if current is not None and lo <= current.hi and current.lo <= hi:
            current.claims.append(claim)
            current.lo, current.hi = max(current.lo, lo), min(current.hi, hi)
        else:
            clusters.append(Cluster([claim], lo, hi, tolerance=tolerance))
    return clusters


def _clusters_by_scan(claims: list[Claim], tolerance: float) -> list[Cluster]:
    """Open values joining the first cluster they fit, found by looking at every one;
    each cluster's claims then put in the order given, as `cluster_intervals` keeps them."""
    bounded, open_ended = [], []
    for c in claims:
        lo, hi = _bounds(c, tolerance)
        (open_ended if lo == -INF or hi == INF else bounded).append((lo, hi, c))
    clusters = _sweep_claims(bounded, tolerance)
    leftovers = []
    for lo, hi, c in open_ended:
        fits = [k for k in clusters if lo <= k.hi and k.lo <= hi]
        if fits and len(fits) < len(clusters):
            fits[0].claims.append(c)
        elif not fits:
            leftovers.append((lo, hi, c))
    clusters.extend(_sweep_claims(leftovers, tolerance))
    position = {id(c): i for i, c in enumerate(claims)}
    for k in clusters:
        k.claims.sort(key=lambda c: position[id(c)])
    return clusters


interval = st.tuples(st.integers(0, 30), st.integers(0, 6), st.sampled_from(["", "low", "high"]))


@settings(max_examples=300, deadline=None)
@given(st.lists(interval, min_size=1, max_size=15), st.sampled_from([0.0, 0.05]))
def test_open_values_join_clusters_found_by_bisection_as_by_scan(
    specs: list[tuple[int, int, str]], tolerance: float
) -> None:
    claims = []
    for i, (start, width, open_end) in enumerate(specs):
        low = None if open_end == "low" else start
        high = None if open_end == "high" else start + width
        evidence = Evidence("a", i, i + 1, 1, 1, "s")
        claims.append(Claim("f", "quantity", Quantity(low, high, start), "1", None, evidence))
    fast = cluster_intervals(claims, tolerance)
    slow = _clusters_by_scan(claims, tolerance)
    assert [[id(c) for c in k.claims] for k in fast] == [[id(c) for c in k.claims] for k in slow]
    assert [(k.lo, k.hi) for k in fast] == [(k.lo, k.hi) for k in slow]
