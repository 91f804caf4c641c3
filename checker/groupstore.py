"""The compare stage reused group by group between runs (DESIGN §8: a re-check after
adding one article to an archive must not compare the whole archive again).

No finding crosses a claim group (fact, event, subject; `findings.group_findings`), so
a group's findings depend on its claims and the rules alone.  A check with the cache
stores each group with a digest of what decided it (its members' claims keys, which
cover each article's content, id, publication date, the rulebook and the extraction
code, plus the comparison code's version), its claims packed in order and its findings
as positions into those claims.  The next check computes every group's digest from the
files' records alone (a record names the groups its article's claims are in) and:

* reuses a group whose digest is unchanged: findings and claims come back packed
  (`checker.claimseq`), and only what a reporter reads is built;
* recomputes a group whose members changed, from its stored claims minus those of
  articles gone or changed, plus the claims of articles new or changed (fresh from
  extraction, or read from the cache).  With `--jobs` above one and enough claims to
  compare, the groups are computed by worker processes forked from this one: each
  inherits what it needs and sends back only the group's packed form, which is what
  reused groups are read from too.

A member whose claims the cache no longer holds raises `MissingClaims` after dropping
that file's record, so the run can read the article again.
"""

from __future__ import annotations

import hashlib
import multiprocessing
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import orjson

from checker import claimio
from checker.cache import ARTICLE, ClaimsCache, StoredGroup, compare_version
from checker.claimseq import ClaimView, PackedGroup
from checker.compare import group_key
from checker.extract.compiled import CompiledRulebook
from checker.extraction import ArticleClaims, Extraction
from checker.findings import group_findings
from checker.model import Claim, Finding, FindingKind, Level

Key = tuple[str, str, str]


class MissingClaims(Exception):
    """Claims of these files could not be read from the cache (their records are then
    dropped, so that reading the articles again restores them)."""

    def __init__(self, ids: Sequence[str]) -> None:
        super().__init__(list(ids))  # the arguments rebuild it when a worker raises it
        self.ids = list(ids)

    def __str__(self) -> str:
        return f"claims of {len(self.ids)} articles missing from the cache"


@dataclass(frozen=True, slots=True)
class Compared:
    """The compare stage's outcome: findings (sorted) and each group's claims."""

    findings: list[Finding]
    claims: list[Sequence[Claim]]
    reused: int  # groups whose findings came from the cache


class Member(NamedTuple):
    """An article of a claim group: its id and claims key, and its claims when this run
    read it (None: they are in the cache, under the key).  A named tuple: a re-check
    makes one for each of the tens of thousands of articles of a changed group."""

    id: str
    key: str
    claims: tuple[Claim, ...] | None = None


@dataclass(frozen=True, slots=True)
class _Plan:
    """The members of the groups that may have changed, in article-id order, and the
    groups known unchanged without looking at their members."""

    members: dict[str, list[Member]]
    unchanged: frozenset[str] = frozenset()
    changed: bool = False  # every group in `members` changed (no digest to compare)


def compare_groups(
    extraction: Extraction, rules: CompiledRulebook, cache: ClaimsCache, jobs: int = 1
) -> Compared:
    """Every group's findings and claims, reused or computed again (by `jobs` processes
    when there is enough to compute); the cache left with what this run found."""
    stored = cache.groups()
    version = compare_version()
    plan = _touched(extraction, _state(version, cache, len(stored)), stored)
    sorted_out = _sorted_out(plan, stored, version) if plan is not None else None
    if plan is None or sorted_out is None:
        plan = _every(extraction, cache)
        sorted_out = _sorted_out(plan, stored, version)
    assert sorted_out is not None  # a plan that looks at every group's members
    findings, parts, todo = sorted_out
    job = _Job.of(todo, plan.members, stored, cache, rules, version)
    changed = _recompute(job, jobs, cache)
    for name, group in changed.items():
        computed = _unpacked(name, group)
        if computed is None:
            raise RuntimeError(f"group {name}: its own packed form does not decode")
        findings.extend(computed[0])
        parts.append(computed[1])
    kept = plan.unchanged | {n for n, m in plan.members.items() if m}
    state = _state(version, cache, len(kept)) if extraction.complete else None
    cache.store_groups(changed, kept, state)
    findings.sort(key=Finding.sort_key)
    return Compared(findings, parts, len(parts) - len(changed))


Reused = tuple[list[Finding], list[Sequence[Claim]], dict[str, str]]


def _sorted_out(plan: _Plan, stored: Mapping[str, StoredGroup], version: str) -> Reused | None:
    """The findings and claims of the groups reused, and the groups to compute again
    (name -> digest).  An unchanged group whose findings do not decode is computed again
    from its stored members; None when those do not decode either."""
    findings: list[Finding] = []
    parts: list[Sequence[Claim]] = []
    todo: dict[str, str] = {}
    for name in sorted(plan.unchanged | plan.members.keys()):
        old = stored.get(name)
        if name in plan.unchanged:
            assert old is not None  # unchanged groups are stored ones
            digest = old.digest
        elif plan.changed:
            todo[name] = ""  # its digest is computed with it, in parallel
            continue
        else:
            digest = _digest(version, plan.members[name])
        reused = _unpacked(name, old) if old is not None and old.digest == digest else None
        if reused is not None:
            findings.extend(reused[0])
            parts.append(reused[1])
            continue
        if name in plan.unchanged:
            assert old is not None
            pairs = _pairs(old.members)
            if pairs is None:
                return None
            plan.members[name] = [Member(a, k) for a, k in pairs]
        todo[name] = digest
    return findings, parts, todo


def _state(version: str, cache: ClaimsCache, count: int) -> str:
    """The cache's groups state (`ClaimsCache.groups_state`) of `count` groups computed
    by this comparison code from the files of this context."""
    return f"{version} {cache.context} {count}"


def _touched(extraction: Extraction, state: str, stored: Mapping[str, StoredGroup]) -> _Plan | None:
    """The plan of a re-check whose groups table is the files table's (see
    `ClaimsCache.groups_state`): a group none of whose members changed is unchanged, so
    only the groups of files read, changed or gone are looked at.  None when that does
    not hold (a first run, a run on part of the corpus, a damaged group row)."""
    kept = extraction.kept
    if kept is None or not extraction.complete or kept.groups_state != state:
        return None
    read = {f.file_id: f for f in extraction.files}
    touched: set[str] = set()
    for fid, (key, groups) in kept.replaced.items():
        item = read.get(fid)
        if item is None or item.article is None or (item.key, item.groups) != (key, groups):
            touched.update(groups)
    for fid, item in read.items():
        if item.article is not None and fid not in kept.replaced:
            touched.update(item.groups)
    members: dict[str, list[Member]] = {}
    gone = read.keys() | kept.replaced.keys()  # their stored memberships are replaced
    for name in touched:
        old = stored.get(name)
        pairs = _pairs(old.members) if old is not None else []
        if pairs is None:
            return None
        members[name] = [Member(a, k) for a, k in pairs if a not in gone]
    _add_read(members, extraction.files, touched)
    left = {name: found for name, found in members.items() if found}  # others are gone
    return _Plan(left, frozenset(stored.keys() - touched), changed=True)


def _every(extraction: Extraction, cache: ClaimsCache) -> _Plan:
    """The plan that looks at every group's members: files read in this run, and the
    stored memberships of files kept (read from the cache now)."""
    members: dict[str, list[Member]] = {}
    kept = extraction.kept
    if kept is not None and kept.files:
        found, damaged = cache.memberships()
        missing = [
            k.id
            for k, flags in zip(kept.files, kept.flags, strict=True)
            if k.id not in found or (flags & ARTICLE and found[k.id][0] is None)
        ]
        if damaged or missing:
            cache.forget([*damaged, *missing])
            raise MissingClaims([*damaged, *missing])
        for k in kept.files:
            key, groups = found[k.id]
            if key is not None:
                for name in groups:
                    members.setdefault(name, []).append(Member(k.id, key))
    _add_read(members, extraction.files)
    return _Plan(members)


def _add_read(
    members: dict[str, list[Member]],
    files: Iterable[ArticleClaims],
    only: set[str] | None = None,
) -> None:
    """Add the files read in this run to the groups they are in (all, or those `only`),
    keeping each group in article-id order."""
    added: set[str] = set()
    for item in files:
        if item.article is None or item.key is None:
            continue
        for name in item.groups:
            if only is None or name in only:
                members.setdefault(name, []).append(Member(item.file_id, item.key, item.claims))
                added.add(name)
    for name in added:
        members[name].sort(key=_member_id)


@lru_cache(maxsize=64)
def _pairs(members: str) -> list[tuple[str, str]] | None:
    """A stored group's members as (article id, claims key), or None when they do not
    decode.  Remembered: planning and computing the group both ask."""
    try:
        pairs: list[tuple[str, str]] = [(a, k) for a, k in orjson.loads(members)]
    except (ValueError, TypeError):
        return None
    return pairs


def _member_id(member: Member) -> str:
    return member.id


def _digest(version: str, members: Sequence[Member]) -> str:
    """What decides a group's findings: its members' claims keys and the code."""
    lines = [version, *(f"{m.id}\t{m.key}" for m in members)]
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


# --- packed groups ----------------------------------------------------------------------


def _unpacked(name: str, stored: StoredGroup) -> tuple[list[Finding], ClaimView] | None:
    """A group's findings over its packed claims, as stored by an earlier run or just
    computed (None: the row does not decode)."""
    group = PackedGroup(stored.claims, stored.count)
    fact_id = _key(name)[0]
    try:
        found = [_finding(fact_id, row, group) for row in orjson.loads(stored.findings)]
    except (ValueError, TypeError, KeyError, IndexError):
        return None
    return found, ClaimView(group)


def _finding(fact_id: str, row: list[object], group: PackedGroup) -> Finding:
    kind, level, message, event, explanation, fingerprint, subject, explained, positions = row
    if positions is not None and not isinstance(positions, list):
        raise TypeError("positions")
    return Finding(
        fact_id=fact_id,
        kind=FindingKind(str(kind)),
        level=Level(str(level)),
        message=str(message),
        claims=ClaimView(group, positions),
        event_id=_optional(event),
        explanation=_optional(explanation),
        fingerprint=str(fingerprint),
        subject=_optional(subject),
        explained=None if explained is None else bool(explained),
    )


def _optional(value: object) -> str | None:
    return None if value is None else str(value)


def _key(name: str) -> Key:
    fact, event, subject = orjson.loads(name)
    return str(fact), str(event), str(subject)


# --- recomputing ------------------------------------------------------------------------


PARALLEL_ABOVE = 20_000  # memberships to compute again before processes pay off


@dataclass(frozen=True)
class _Job:
    """Groups to compute again and all that computing one needs.  Worker processes are
    forked after it is made, so they inherit it rather than receive it pickled; only
    each group's name goes out and its packed form comes back."""

    todo: Mapping[str, str]  # group name -> digest ("": to compute)
    members: Mapping[str, Sequence[Member]]
    stored: Mapping[str, StoredGroup]
    same: Mapping[str, frozenset[str]]  # articles whose stored claims a group keeps
    claims: _Claims
    rules: CompiledRulebook
    version: str  # of the comparison code, for the digests computed here

    @classmethod
    def of(
        cls,
        todo: Mapping[str, str],
        members: Mapping[str, Sequence[Member]],
        stored: Mapping[str, StoredGroup],
        cache: ClaimsCache,
        rules: CompiledRulebook,
        version: str,
    ) -> _Job:
        """Read here what the cache must give (workers never touch it)."""
        same = {name: _same(stored.get(name), members[name]) for name in todo}
        new = (m for name in todo for m in members[name] if m.id not in same[name])
        return cls(todo, members, stored, same, _Claims(cache, new), rules, version)

    def group(self, name: str) -> StoredGroup:
        key, same = _key(name), self.same[name]
        kept = _kept(self.stored.get(name), same)
        new = [m for m in self.members[name] if m.id not in same]
        added = [[c for c in self.claims.of(item) if group_key(c) == key] for item in new]
        group = _merged(kept.claims, added)
        found = group_findings(key, group, self.rules)
        members = self.members[name]
        digest = self.todo[name] or _digest(self.version, members)
        return _stored(digest, members, group, found, kept.base)


def _recompute(job: _Job, jobs: int, cache: ClaimsCache) -> dict[str, StoredGroup]:
    """The groups computed again, largest first; in worker processes forked from this
    one when there are several processes, several groups and enough claims."""
    names = sorted(job.todo, key=lambda name: -len(job.members[name]))
    size = sum(len(job.members[name]) for name in names)
    try:
        if jobs > 1 and len(names) > 1 and size >= PARALLEL_ABOVE and _can_fork():
            try:
                return _in_processes(job, names, jobs)
            except (OSError, BrokenProcessPool):
                pass  # no processes to be had (limits, a worker killed): compute them here
        return {name: job.group(name) for name in names}
    except MissingClaims as missing:
        cache.forget(missing.ids)
        raise


_JOB: _Job | None = None  # what forked workers compute from


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def _compute(names: Sequence[str]) -> dict[str, StoredGroup]:
    assert _JOB is not None, "workers are forked after _JOB is set"
    return {name: _JOB.group(name) for name in names}


def _in_processes(job: _Job, names: Sequence[str], jobs: int) -> dict[str, StoredGroup]:
    """The groups shared out in `jobs` parts of about equal size: this process computes
    the first while forked workers compute the others (one fork fewer, and its groups
    are not sent back through a pipe)."""
    global _JOB
    _JOB = job
    parts = _parts(names, [len(job.members[name]) for name in names], jobs)
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=len(parts) - 1, mp_context=context) as pool:
            futures = [pool.submit(_compute, part) for part in parts[1:]]
            done = _compute(parts[0])
            for future in futures:
                done.update(future.result())
        return {name: done[name] for name in names}
    finally:
        _JOB = None


def _parts(names: Sequence[str], sizes: Sequence[int], count: int) -> list[list[str]]:
    """`names` (largest first) in at most `count` non-empty parts, each taking the next
    name while it is the smallest: the longest-processing-time rule."""
    parts: list[list[str]] = [[] for _ in range(min(count, len(names)))]
    totals = [0] * len(parts)
    for name, size in zip(names, sizes, strict=True):
        smallest = totals.index(min(totals))
        parts[smallest].append(name)
        totals[smallest] += size
    return parts


def _merged(before: list[Claim], added: Sequence[list[Claim]]) -> list[Claim]:
    """A group's claims in `Claim.sort_key` order: `before` (in that order) with the
    claims of other articles, one list each in article order, put in by bisection.
    Claims of one group share their fact, so the order is by article first."""
    ids = [c.evidence.article_id for c in before]
    out: list[Claim] = []
    start = 0
    for claims in added:
        if not claims:
            continue
        at = bisect_left(ids, claims[0].evidence.article_id, lo=start)
        out += before[start:at]
        out += sorted(claims, key=Claim.sort_key)
        start = at
    out += before[start:]
    return out


@dataclass(frozen=True, slots=True)
class _Kept:
    """What a recomputed group keeps of its stored form: the claims of articles still in
    it unchanged (built from `base`, whose rows storing the group again reuses)."""

    claims: list[Claim]
    articles: frozenset[str]
    base: claimio.PackedClaims | None = None


def _same(stored: StoredGroup | None, members: Sequence[Member]) -> frozenset[str]:
    """Members of the stored group still in it with the same claims key."""
    pairs = _pairs(stored.members) if stored is not None else None
    if not pairs:
        return frozenset()
    wanted = {m.id: m.key for m in members}
    return frozenset(a for a, key in pairs if wanted.get(a) == key)


def _kept(stored: StoredGroup | None, same: frozenset[str]) -> _Kept:
    if stored is None or not same:
        return _Kept([], frozenset())
    try:
        base = claimio.PackedClaims(stored.claims, share=False)
        claims = base.reusable_claims(same)
    except (ValueError, TypeError, IndexError):
        return _Kept([], frozenset())
    return _Kept(claims, same, base)


class _Claims:
    """Articles' claims for recomputed groups: fresh from extraction, or read from the
    cache once per article however many groups need them."""

    def __init__(self, cache: ClaimsCache, members: Iterable[Member]) -> None:
        wanted = {m.key: m for m in members if m.claims is None}
        self.blobs = cache.claims_of(wanted)
        missing = [m.id for k, m in wanted.items() if k not in self.blobs]
        self.decoded: dict[str, tuple[Claim, ...]] = {}
        if missing:
            cache.forget(missing)
            raise MissingClaims(missing)

    def of(self, member: Member) -> tuple[Claim, ...]:
        if member.claims is not None:
            return member.claims
        found = self.decoded.get(member.key)
        if found is None:
            try:
                found = tuple(claimio.decode_claims(self.blobs[member.key]))
            except ValueError:
                raise MissingClaims([member.id]) from None
            self.decoded[member.key] = found
        return found


def _stored(
    digest: str,
    members: Sequence[Member],
    group: Sequence[Claim],
    found: Sequence[Finding],
    base: claimio.PackedClaims | None,
) -> StoredGroup:
    position = {id(c): i for i, c in enumerate(group)}
    rows = [
        [
            f.kind.value,
            f.level.value,
            f.message,
            f.event_id,
            f.explanation,
            f.fingerprint,
            f.subject,
            f.explained,
            None if len(f.claims) == len(group) else [position[id(c)] for c in f.claims],
        ]
        for f in found
    ]
    pairs = [[m.id, m.key] for m in members]
    return StoredGroup(
        digest,
        orjson.dumps(pairs).decode("utf-8"),
        len(group),
        claimio.encode_claims(group, base),
        orjson.dumps(rows),
    )
