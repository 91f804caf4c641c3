"""Comparison: group claims by (fact, event, subject), cluster them by compatible value,
and classify every disagreement between clusters by time (DESIGN §6).

Clustering is a sort-and-sweep, never all pairs.  Open-ended values ("more than
4,300") are compatible with many figures, so they never split a group: they join the
clusters they fit and are left out of a finding when they fit them all.  Time is
compared between buckets of claims that share a validity date, so the work grows with
the number of distinct dates, not with the number of claims.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Container, Hashable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from enum import StrEnum
from itertools import accumulate, chain, combinations
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
    """Two clusters that disagree, their claims sorted by how their times relate (in no
    particular order within a relation: findings order their claims).

    Each relation holds disjoint pieces (a bucket's claims, mostly) rather than one flat
    tuple: a bucket is in many conflicts, and findings take each piece in once."""

    a: Cluster
    b: Cluster
    pieces: dict[Relation, tuple[tuple[Claim, ...], ...]]

    def get(self, relation: Relation) -> tuple[Claim, ...]:
        return tuple(chain.from_iterable(self.pieces.get(relation, ())))

    @property
    def claims(self) -> dict[Relation, tuple[Claim, ...]]:
        return {relation: self.get(relation) for relation in self.pieces}


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


def _value_bounds(claims: Sequence[Claim], tolerance: float) -> dict[int, tuple[float, float]]:
    """`_bounds` of each distinct value (by identity): decoded claims share values, so a
    large group has few."""
    known: dict[int, tuple[float, float]] = {}
    for c in claims:
        if id(c.value) not in known:
            known[id(c.value)] = _bounds(c, tolerance)
    return known


def cluster_intervals(claims: Sequence[Claim], tolerance: float = 0.0) -> list[Cluster]:
    """Sweep bounded values into clusters with a common point; open ones join what they fit.

    Where a claim lands depends on its bounds alone, so the sweep runs over distinct
    bounds, and each cluster then takes its claims in the order given."""
    known = _value_bounds(claims, tolerance)
    distinct = list(dict.fromkeys(known.values()))
    bounded = sorted(b for b in distinct if b[0] != -INF and b[1] != INF)
    clusters, home = _sweep_bounds(bounded, tolerance)
    # The sweep's clusters are disjoint and in order, so the ones an open value fits
    # are a run found by bisection.
    los, his = [k.lo for k in clusters], [k.hi for k in clusters]
    leftovers: list[tuple[float, float]] = []
    for lo, hi in (b for b in distinct if b[0] == -INF or b[1] == INF):
        first, last = bisect_left(his, lo), bisect_right(los, hi)
        if first < last and last - first < len(clusters):
            home[lo, hi] = first
        elif first >= last:
            leftovers.append((lo, hi))
    more, more_home = _sweep_bounds(sorted(leftovers), tolerance)
    home.update((b, len(clusters) + j) for b, j in more_home.items())
    clusters.extend(more)
    where = {v: home[b] for v, b in known.items() if b in home}
    for c in claims:
        j = where.get(id(c.value))
        if j is not None:
            clusters[j].claims.append(c)
    return clusters


def _sweep_bounds(
    items: Sequence[tuple[float, float]], tolerance: float
) -> tuple[list[Cluster], dict[tuple[float, float], int]]:
    """Sorted distinct bounds swept into (still empty) clusters, and each one's cluster."""
    clusters: list[Cluster] = []
    home: dict[tuple[float, float], int] = {}
    for lo, hi in items:
        current = clusters[-1] if clusters else None
        if current is not None and lo <= current.hi and current.lo <= hi:
            current.lo, current.hi = max(current.lo, lo), min(current.hi, hi)
        else:
            clusters.append(Cluster([], lo, hi, tolerance=tolerance))
        home[lo, hi] = len(clusters) - 1
    return clusters, home


def cluster_categories(claims: Sequence[Claim]) -> list[Cluster]:
    """Equal values cluster; a holder named only by capacity joins the holder of that
    capacity.  Each cluster keeps its claims in the order given."""
    by_key: dict[str, Cluster] = {}
    for claim in claims:
        key = claim.value.key()
        by_key.setdefault(key, Cluster(key=key)).claims.append(claim)
    clusters = list(by_key.values())
    if not claims or not isinstance(claims[0].value, Holder):
        return clusters
    merged = _merge_capacities(clusters)
    return merged if len(merged) == len(clusters) else _refilled(merged, claims)


def _refilled(clusters: list[Cluster], claims: Sequence[Claim]) -> list[Cluster]:
    """The clusters with their claims put back in the order of `claims` (after merges)."""
    home = {id(c): k for k in clusters for c in k.claims}
    for k in clusters:
        k.claims = []
    for c in claims:
        home[id(c)].claims.append(c)
    return clusters


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
    """Clusters of agreeing claims, each in the order of `claims` (give them sorted)."""
    if kind in (FactKind.QUANTITY, FactKind.DATE):
        return cluster_intervals(claims, tolerance)
    return cluster_categories(claims)


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
    """Each pair of disagreeing clusters, its claims split by how their times relate.

    Claims of one day and earlier-flag (a bucket) relate alike to everything, so each
    bucket learns the set of `relation`s it has with the other cluster's buckets, then
    its claims are filed under them.  The sets come from a sweep over the other
    cluster's sorted days (`_Sweep`), not from every pair of days: the work grows with
    clusters, buckets and claims, never with their products.
    """
    out: list[Conflict] = []
    timed = _Timing(window, timeline, is_settled)
    currents = _current_by_shared_article(clusters)
    sides = [_Side(k, timed, current) for k, current in zip(clusters, currents, strict=True)]
    for one, other in combinations(sides, 2):
        a, b = one.disagreeing(other.cluster), other.disagreeing(one.cluster)
        if not a.cluster.claims or not b.cluster.claims:
            continue
        pieces: dict[Relation, list[tuple[Claim, ...]]] = defaultdict(list)
        same_a = _file(a.buckets, b.sweep, pieces)
        same_b = _file(b.buckets, a.sweep, pieces)
        articles = sorted(a.current.keys() & b.current.keys())
        extra = [
            c
            for part, filed in ((a, same_a), (b, same_b))
            for article in articles
            for c in part.current[article]
            if _slot(c) not in filed
        ]
        if extra:
            pieces[Relation.SAME].append(tuple(extra))
        out.append(Conflict(a.cluster, b.cluster, {k: tuple(v) for k, v in pieces.items()}))
    return out


class _Timing:
    """What relates claims in time, the same for every pair of a call to `conflicts`,
    and the sweeps made with it.  A sweep depends only on its buckets' `traits`, and
    what is left of a cluster once another's values drop some of its claims mostly
    keeps every bucket, so one sweep serves the many pairs that drop different claims.
    """

    def __init__(
        self, window: int, timeline: Timeline | None, is_settled: Callable[[Claim], bool]
    ) -> None:
        self.window = window
        self.timeline = timeline
        self.is_settled = is_settled
        self.sweeps: dict[tuple[Traits, ...], _Sweep] = {}

    def sweep(self, buckets: Sequence[_Bucket]) -> _Sweep:
        traits = tuple(b.traits for b in buckets)
        found = self.sweeps.get(traits)
        if found is None:
            found = self.sweeps[traits] = _Sweep(buckets, self.window, self.timeline is not None)
        return found


Slot = tuple[int | None, bool]  # a bucket's day (ordinal) and earlier-flag


def _slot(claim: Claim) -> Slot:
    return (claim.valid_at.toordinal() if claim.valid_at else None, claim.earlier)


def _file(
    buckets: Sequence[_Bucket], sweep: _Sweep, pieces: dict[Relation, list[tuple[Claim, ...]]]
) -> set[Slot]:
    """File each bucket's claims under its relations with the other cluster; return the
    slots of those filed as the same time, which one article's claims need not repeat."""
    same: set[Slot] = set()
    for bucket in buckets:
        found = sweep.relations(bucket)
        for relation_ in found:
            pieces[relation_].append(bucket.claims)  # buckets are disjoint
        if Relation.SAME in found:
            same.add((bucket.day, bucket.earlier))
    return same


@dataclass(frozen=True, slots=True)
class _Part:
    """A cluster, or what is left of it once some claims are dropped, ready for all
    the pairs it is in: its buckets, its current claims by (shared) article, and the
    sweep the other cluster's buckets are judged by (built once, not once per pair)."""

    cluster: Cluster
    buckets: list[_Bucket]
    current: dict[str, list[Claim]]
    sweep: _Sweep

    @classmethod
    def of(
        cls,
        cluster: Cluster,
        buckets: list[_Bucket],
        current: dict[str, list[Claim]],
        timed: _Timing,
    ) -> _Part:
        return cls(cluster, buckets, current, timed.sweep(buckets))


class _Side:
    """A cluster prepared once for all the pairs it is in: its buckets, its current
    claims by article, and its distinct values' bounds sorted both ways, so that the few
    claims another cluster's values also fit are found by bisection, not by a look at
    each.  What is left once they are dropped is kept for the next pair that drops the
    same claims, so pairs share their buckets (and findings take them in once)."""

    def __init__(self, cluster: Cluster, timed: _Timing, current: dict[str, list[Claim]]) -> None:
        self.cluster = cluster
        self.timed = timed
        self.buckets = _Bucket.all(cluster, timed.timeline, timed.is_settled)
        self.whole = _Part.of(cluster, self.buckets, current, timed)
        self.slot = {(b.day, b.earlier): j for j, b in enumerate(self.buckets)}
        self.members = _positions_by_bounds(cluster)
        self.ranges = ranges = list(self.members)
        self.by_lo = sorted((lo, j) for j, (lo, _) in enumerate(ranges))
        self.by_hi = sorted((hi, j) for j, (_, hi) in enumerate(ranges))
        self.los = [lo for lo, _ in self.by_lo]
        self.his = [hi for hi, _ in self.by_hi]
        self.without: dict[tuple[int, ...], _Part] = {}

    def fitting(self, other: Cluster) -> tuple[int, ...]:
        """Positions of claims whose values also fit the other cluster's common range."""
        if other.lo is None or other.hi is None or not self.ranges:
            return ()
        below = bisect_right(self.los, other.hi)  # by_lo[:below]: lo <= other.hi
        above = bisect_left(self.his, other.lo)  # by_hi[above:]: hi >= other.lo
        if below <= len(self.his) - above:
            hit = [j for _, j in self.by_lo[:below] if self.ranges[j][1] >= other.lo]
        else:
            hit = [j for _, j in self.by_hi[above:] if self.ranges[j][0] <= other.hi]
        return tuple(sorted(i for j in hit for i in self.members[self.ranges[j]]))

    def disagreeing(self, other: Cluster) -> _Part:
        """`_disagreeing(self.cluster, other)` with its buckets and current claims."""
        dropped = self.fitting(other)
        if not dropped:
            return self.whole
        part = self.without.get(dropped)
        if part is None:
            part = self.without[dropped] = self._dropping(dropped)
        return part

    def _dropping(self, dropped: tuple[int, ...]) -> _Part:
        """The cluster, buckets and current claims without the claims at `dropped`."""
        claims = list(self.cluster.claims)
        for i in reversed(dropped):
            del claims[i]
        gone = {id(self.cluster.claims[i]) for i in dropped}
        buckets = list(self.buckets)
        for j in sorted({self.slot[_slot(self.cluster.claims[i])] for i in dropped}, reverse=True):
            kept = tuple(c for c in buckets[j].claims if id(c) not in gone)
            if kept:
                buckets[j] = replace(buckets[j], claims=kept)
            else:
                del buckets[j]
        current = dict(self.whole.current)
        for article in {self.cluster.claims[i].evidence.article_id for i in dropped}:
            kept_here = [c for c in current.get(article, ()) if id(c) not in gone]
            if kept_here:
                current[article] = kept_here
            else:
                current.pop(article, None)
        k = self.cluster
        cluster = Cluster(claims, k.lo, k.hi, k.key, k.tolerance)
        return _Part.of(cluster, buckets, current, self.timed)


def _positions_by_bounds(cluster: Cluster) -> dict[tuple[float, float], list[int]]:
    """Positions of the cluster's measured claims (quantities, dates) by their bounds,
    each bound computed once per value (decoded claims share values)."""
    by_value: dict[int, list[int]] = defaultdict(list)
    for i, c in enumerate(cluster.claims):
        by_value[id(c.value)].append(i)
    out: dict[tuple[float, float], list[int]] = defaultdict(list)
    for positions in by_value.values():
        claim = cluster.claims[positions[0]]
        if isinstance(claim.value, (Quantity, DateValue)):
            out[_bounds(claim, cluster.tolerance)].extend(positions)
    return out


# Every set of relations a bucket has found so far, each one object (see `_Sweep.relations`).
_RELATION_SETS: dict[frozenset[Relation], frozenset[Relation]] = {}

Traits = tuple[int | None, bool, bool, Hashable | None]  # a bucket's day, flags and state


@dataclass(frozen=True, slots=True)
class _Bucket:
    """Claims of one cluster sharing a day and an earlier-flag: alike for `relation`."""

    claims: tuple[Claim, ...]
    day: int | None  # ordinal
    earlier: bool
    settled: bool
    state: Hashable | None  # the timeline's state on the day (None: not covered)
    # All that `relation` looks at in the bucket's claims: the key its relations are
    # remembered by, looked up once per bucket and pair.
    traits: Traits = field(default=(None, False, False, None), init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "traits", (self.day, self.earlier, self.settled, self.state))

    @classmethod
    def all(
        cls, cluster: Cluster, timeline: Timeline | None, is_settled: Callable[[Claim], bool]
    ) -> list[_Bucket]:
        out = []
        for claims in _buckets(cluster):
            first = claims[0]
            day = first.valid_at
            state = timeline.state(day) if timeline is not None and day is not None else None
            ordinal = day.toordinal() if day is not None else None
            out.append(cls(claims, ordinal, first.earlier, is_settled(first), state))
        return out


class _Days:
    """Sorted days of some buckets with running counts of the settled ones."""

    def __init__(self, buckets: Iterable[_Bucket]) -> None:
        pairs = sorted((b.day, b.settled) for b in buckets if b.day is not None)
        self.days = [d for d, _ in pairs]
        self.settled = list(accumulate((int(s) for _, s in pairs), initial=0))

    def __bool__(self) -> bool:
        return bool(self.days)

    def near(self, day: int, window: int) -> tuple[int, int]:
        """(days within `window` of `day`, settled ones among them)."""
        lo, hi = bisect_left(self.days, day - window), bisect_right(self.days, day + window)
        return hi - lo, self.settled[hi] - self.settled[lo]


class _Sweep:
    """The relations one bucket has with any bucket of another cluster, as `relation`
    defines them, found by counting (bisect) instead of by pairs."""

    def __init__(self, buckets: Sequence[_Bucket], window: int, timeline: bool) -> None:
        self.window = window
        self.timeline = timeline
        self.known: dict[Traits, frozenset[Relation]] = {}
        self.flags = {b.earlier for b in buckets}
        self.undated = {b.earlier for b in buckets if b.day is None}
        self.unknown = {
            e: _Days(b for b in buckets if b.earlier == e and b.state is None) for e in self.flags
        }
        self.states: dict[bool, dict[Hashable, _Days]] = {}
        for e in self.flags:
            by_state: dict[Hashable, list[_Bucket]] = defaultdict(list)
            for b in buckets:
                if b.earlier == e and b.day is not None and b.state is not None:
                    by_state[b.state].append(b)
            self.states[e] = {state: _Days(bs) for state, bs in by_state.items()}

    def relations(self, x: _Bucket) -> frozenset[Relation]:
        """Remembered by the bucket's traits: buckets of many clusters share them.  The
        sets are shared too (there are 32 at most): a large group remembers tens of
        thousands, which as objects of their own would keep the collector busy."""
        traits = x.traits
        found = self.known.get(traits)
        if found is None:
            relations = frozenset(self._relations(x))
            found = self.known[traits] = _RELATION_SETS.setdefault(relations, relations)
        return found

    def _relations(self, x: _Bucket) -> set[Relation]:
        found: set[Relation] = set()
        if self.flags - {x.earlier}:
            found.add(Relation.LATER)
        if x.earlier not in self.flags:
            return found
        if x.day is None or x.earlier in self.undated:
            found.add(Relation.UNDATED)
        if x.day is None:
            return found
        states = self.states[x.earlier]
        if x.state is None:  # `relation` knows nothing of the timeline for x's day
            for days in (self.unknown[x.earlier], *states.values()):
                self._unknown(x, days, found)
            return found
        self._unknown(x, self.unknown[x.earlier], found)
        if any(state != x.state for state in states):
            found.add(Relation.LATER)  # the timeline changed between the two days
        same = states.get(x.state)
        if same:
            within, _ = same.near(x.day, self.window)
            if within:
                found.add(Relation.SAME)
            if within < len(same.days):
                found.add(Relation.SAME_STATE)
        return found

    def _unknown(self, x: _Bucket, days: _Days, found: set[Relation]) -> None:
        """Days the timeline cannot judge: same time within the window, else settled or
        later."""
        if not days:
            return
        assert x.day is not None
        within, settled_within = days.near(x.day, self.window)
        if within:
            found.add(Relation.SAME)
        outside = len(days.days) - within
        settled_outside = days.settled[-1] - settled_within
        if x.settled and settled_outside:
            found.add(Relation.SETTLED)
        if outside - (settled_outside if x.settled else 0):
            found.add(Relation.LATER)


def _disagreeing(
    cluster: Cluster, other: Cluster, reach: tuple[float, float] | None = None
) -> Cluster:
    """The part of a cluster that disagrees with the other: an open bound ("at least 14")
    that also fits the other cluster's values takes no side.  `reach` (what the
    cluster's values span together) spares looking at each claim when none can fit."""
    if other.lo is None or other.hi is None:
        return cluster
    if reach is not None and not (reach[0] <= other.hi and other.lo <= reach[1]):
        return cluster
    kept = [c for c in cluster.claims if not _fits(c, other)]
    if len(kept) == len(cluster.claims):
        return cluster
    return Cluster(kept, cluster.lo, cluster.hi, cluster.key)


def _reach(cluster: Cluster) -> tuple[float, float] | None:
    """The lowest and highest bound of a cluster's values (None: not intervals)."""
    bounds = [
        _bounds(c, cluster.tolerance)
        for c in cluster.claims
        if isinstance(c.value, (Quantity, DateValue))
    ]
    if not bounds:
        return None
    return min(lo for lo, _ in bounds), max(hi for _, hi in bounds)


def _fits(claim: Claim, cluster: Cluster) -> bool:
    value = claim.value
    if not isinstance(value, (Quantity, DateValue)):
        return False
    lo, hi = _bounds(claim, cluster.tolerance)
    return bool(lo <= cluster.hi and cluster.lo <= hi)


def _current_by_article(
    cluster: Cluster, only: Container[str] | None = None
) -> dict[str, list[Claim]]:
    """A cluster's current (not earlier) claims by article (of the articles `only`)."""
    out: dict[str, list[Claim]] = defaultdict(list)
    for c in cluster.claims:
        if not c.earlier and (only is None or c.evidence.article_id in only):
            out[c.evidence.article_id].append(c)
    return out


def _current_by_shared_article(clusters: Sequence[Cluster]) -> list[dict[str, list[Claim]]]:
    """Each cluster's `_current_by_article` for the articles with current claims in
    more than one cluster: only those can be in both clusters of a pair.  Most articles
    of a large group are in one cluster, so no list is made for them."""
    articles = [{c.evidence.article_id for c in k.claims if not c.earlier} for k in clusters]
    seen = Counter(chain.from_iterable(articles))
    shared = {article for article, count in seen.items() if count > 1}
    return [
        _current_by_article(k, mine) if (mine := found & shared) else {}
        for k, found in zip(clusters, articles, strict=True)
    ]


def _same_article(a: dict[str, list[Claim]], b: dict[str, list[Claim]]) -> list[Claim]:
    """One article stating two current values at once disagrees with itself: the claims
    of articles in both clusters (given as `_current_by_article`)."""
    both = a.keys() & b.keys()
    return [c for side in (a, b) for article in sorted(both) for c in side[article]]


def _buckets(cluster: Cluster) -> list[tuple[Claim, ...]]:
    """Claims that share a date and earlier-flag behave alike in time.  In order of day
    (undated first) and flag, each bucket's day number taken once, not per claim."""
    by: dict[tuple[date | None, bool], list[Claim]] = defaultdict(list)
    for c in cluster.claims:
        by[c.valid_at, c.earlier].append(c)
    return [tuple(by[key]) for key in sorted(by, key=_bucket_order)]


def _bucket_order(key: tuple[date | None, bool]) -> tuple[int, bool]:
    day, earlier = key
    return (day.toordinal() if day else 0, earlier)


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
