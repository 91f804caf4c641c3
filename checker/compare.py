"""Comparison: group claims by (fact, event, subject), cluster them by compatible value,
and classify every disagreement between clusters by time (DESIGN §6).

Clustering is a sort-and-sweep, never all pairs.  Open-ended values ("more than
4,300") are compatible with many figures, so they never split a group: they join the
clusters they fit and are left out of a finding when they fit them all.  Time is
compared between buckets of claims that share a validity date, so the work grows with
the number of distinct dates, not with the number of claims.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from itertools import combinations
from typing import Any

from checker.model import Claim, DateValue, EntitySet, FactKind, Holder, Quantity, Stance
from checker.timeline import Timeline

INF = float("inf")


@dataclass
class Cluster:
    """Claims whose values agree; `lo`/`hi` bound what they have in common."""

    claims: list[Claim] = field(default_factory=list)
    lo: Any = None
    hi: Any = None
    key: str = ""
    tolerance: float = 0.0


class Relation(StrEnum):
    """How two disagreeing claims relate in time."""

    SAME = "same"  # same day (or within the fact's window), or one article
    SAME_STATE = "same_state"  # different days, but the timeline shows no change between
    LATER = "later"  # different times while the figure was still moving
    SETTLED = "settled"  # different times, both after the event settled
    UNDATED = "undated"  # a date is unknown


@dataclass(frozen=True, slots=True)
class Conflict:
    """Two clusters that disagree, their claims sorted by how their times relate."""

    a: Cluster
    b: Cluster
    claims: dict[Relation, tuple[Claim, ...]]

    def get(self, relation: Relation) -> tuple[Claim, ...]:
        return self.claims.get(relation, ())


def group_key(claim: Claim) -> tuple[str, str, str]:
    return (claim.fact_id, claim.event_id or "", claim.subject or "")


def groups(claims: Iterable[Claim]) -> dict[tuple[str, str, str], list[Claim]]:
    out: dict[tuple[str, str, str], list[Claim]] = defaultdict(list)
    for claim in claims:
        out[group_key(claim)].append(claim)
    return dict(sorted(out.items()))


# --- clustering ------------------------------------------------------------------------


def _bounds(claim: Claim, tolerance: float) -> tuple[float, float]:
    value = claim.value
    if isinstance(value, Quantity):
        slack = abs(value.point) * tolerance
        lo = -INF if value.low is None else value.low - slack
        hi = INF if value.high is None else value.high + slack
        return lo, hi
    assert isinstance(value, DateValue)
    return float(value.start.toordinal()), float(value.end.toordinal())


def cluster_intervals(claims: Sequence[Claim], tolerance: float = 0.0) -> list[Cluster]:
    """Sweep bounded values into clusters with a common point; open ones join what they fit."""
    bounded: list[tuple[float, float, Claim]] = []
    open_ended: list[tuple[float, float, Claim]] = []
    for c in claims:
        lo, hi = _bounds(c, tolerance)
        (open_ended if lo == -INF or hi == INF else bounded).append((lo, hi, c))
    clusters = _sweep(sorted(bounded, key=lambda t: (t[0], t[1])), tolerance)
    leftovers: list[tuple[float, float, Claim]] = []
    for lo, hi, c in open_ended:
        fits = [k for k in clusters if lo <= k.hi and k.lo <= hi]
        if fits and len(fits) < len(clusters):
            fits[0].claims.append(c)
        elif not fits:
            leftovers.append((lo, hi, c))
    if leftovers:
        clusters.extend(_sweep(sorted(leftovers, key=lambda t: (t[0], t[1])), tolerance))
    return clusters


def _sweep(items: Sequence[tuple[float, float, Claim]], tolerance: float) -> list[Cluster]:
    clusters: list[Cluster] = []
    for lo, hi, claim in items:
        current = clusters[-1] if clusters else None
        if current is not None and lo <= current.hi and current.lo <= hi:
            current.claims.append(claim)
            current.lo, current.hi = max(current.lo, lo), min(current.hi, hi)
        else:
            clusters.append(Cluster([claim], lo, hi, tolerance=tolerance))
    return clusters


def cluster_categories(claims: Sequence[Claim]) -> list[Cluster]:
    """Equal values cluster; a holder named only by capacity joins the holder of that capacity."""
    by_key: dict[str, Cluster] = {}
    for claim in claims:
        key = claim.value.key()
        by_key.setdefault(key, Cluster(key=key)).claims.append(claim)
    clusters = list(by_key.values())
    return (
        _merge_capacities(clusters) if claims and isinstance(claims[0].value, Holder) else clusters
    )


def _merge_capacities(clusters: list[Cluster]) -> list[Cluster]:
    named = [k for k in clusters if k.key.startswith("holder:")]
    kept = list(named)
    for k in clusters:
        if k in named:
            continue
        capacity = k.key.removeprefix("capacity:")
        target = next((n for n in named if capacity in _capacities(n)), None)
        if target is not None:
            target.claims.extend(k.claims)
        else:
            kept.append(k)
    return kept


def _capacities(cluster: Cluster) -> set[str]:
    return {
        c.value.capacity.casefold()
        for c in cluster.claims
        if isinstance(c.value, Holder) and c.value.capacity
    }


def cluster_claims(kind: FactKind, claims: Sequence[Claim], tolerance: float) -> list[Cluster]:
    if kind in (FactKind.QUANTITY, FactKind.DATE):
        clusters = cluster_intervals(claims, tolerance)
    else:
        clusters = cluster_categories(claims)
    for k in clusters:
        k.claims.sort(key=Claim.sort_key)
    return clusters


# --- time ------------------------------------------------------------------------------


def _day(claim: Claim) -> date | None:
    return claim.valid_at


def relation(
    a: Claim,
    b: Claim,
    window: int,
    timeline: Timeline | None,
    is_settled: Callable[[Claim], bool],
) -> Relation:
    """How two claims relate in time (DESIGN §6)."""
    if a.earlier != b.earlier:
        return Relation.LATER
    da, db = a.valid_at, b.valid_at
    if da is None or db is None:
        return Relation.UNDATED
    known = timeline is not None and timeline.covers(da) and timeline.covers(db)
    changed = known and timeline is not None and timeline.changes_between(min(da, db), max(da, db))
    if changed:
        return Relation.LATER
    if abs((da - db).days) <= window:
        return Relation.SAME
    if known:
        return Relation.SAME_STATE
    return Relation.SETTLED if is_settled(a) and is_settled(b) else Relation.LATER


def conflicts(
    clusters: Sequence[Cluster],
    window: int,
    timeline: Timeline | None,
    is_settled: Callable[[Claim], bool] = lambda _: False,
) -> list[Conflict]:
    """Each pair of disagreeing clusters, its claims split by how their times relate."""
    out: list[Conflict] = []
    for a, b in combinations(clusters, 2):
        split: dict[Relation, dict[int, Claim]] = defaultdict(dict)
        a, b = _disagreeing(a, b), _disagreeing(b, a)
        if not a.claims or not b.claims:
            continue
        for ca, cb in _bucket_pairs(a, b):
            verdict = relation(ca[0], cb[0], window, timeline, is_settled)
            for c in (*ca, *cb):
                split[verdict][id(c)] = c
        for c in _same_article(a, b):
            split[Relation.SAME][id(c)] = c
        out.append(Conflict(a, b, {k: _ordered(v) for k, v in split.items()}))
    return out


def _disagreeing(cluster: Cluster, other: Cluster) -> Cluster:
    """The part of a cluster that disagrees with the other: an open bound ("at least 14")
    that also fits the other cluster's values takes no side."""
    if other.lo is None or other.hi is None:
        return cluster
    kept = [c for c in cluster.claims if not _fits(c, other)]
    return Cluster(kept, cluster.lo, cluster.hi, cluster.key)


def _fits(claim: Claim, cluster: Cluster) -> bool:
    value = claim.value
    if not isinstance(value, (Quantity, DateValue)):
        return False
    lo, hi = _bounds(claim, cluster.tolerance)
    return bool(lo <= cluster.hi and cluster.lo <= hi)


def _ordered(claims: dict[int, Claim]) -> tuple[Claim, ...]:
    return tuple(sorted(claims.values(), key=Claim.sort_key))


def _same_article(a: Cluster, b: Cluster) -> list[Claim]:
    """One article stating two current values at once disagrees with itself."""
    in_a = {c.evidence.article_id for c in a.claims if not c.earlier}
    in_b = {c.evidence.article_id for c in b.claims if not c.earlier}
    both = in_a & in_b
    return [c for c in (*a.claims, *b.claims) if c.evidence.article_id in both and not c.earlier]


def _buckets(cluster: Cluster) -> list[tuple[Claim, ...]]:
    """Claims that share a date and earlier-flag behave alike in time."""
    by: dict[tuple[str, bool], list[Claim]] = defaultdict(list)
    for c in cluster.claims:
        by[(c.valid_at.isoformat() if c.valid_at else "", c.earlier)].append(c)
    return [tuple(v) for _, v in sorted(by.items())]


def _bucket_pairs(a: Cluster, b: Cluster) -> Iterable[tuple[tuple[Claim, ...], tuple[Claim, ...]]]:
    """Pairs of buckets: their number grows with distinct dates, not with claims."""
    for ba in _buckets(a):
        for bb in _buckets(b):
            yield ba, bb


def settled(claim: Claim, event_end: date | None, settles_after: int) -> bool:
    if claim.valid_at is None or event_end is None or claim.earlier:
        return False
    return claim.valid_at > event_end + timedelta(days=settles_after)


def describe_value(claim: Claim) -> str:
    value = claim.value
    text = value.display()
    if isinstance(value, Quantity) and claim.qualifier:
        text = f"{claim.qualifier} {text}"
    if isinstance(value, (EntitySet, Stance)):
        return text
    return text
