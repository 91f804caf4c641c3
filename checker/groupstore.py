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
  extraction, or read from the cache).

A member whose claims the cache no longer holds raises `MissingClaims` after dropping
that file's record, so the run can read the article again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import NoReturn

import orjson

from checker import claimio
from checker.cache import ClaimsCache, StoredGroup, compare_version
from checker.claimseq import ClaimView, PackedGroup
from checker.compare import group_key
from checker.extract.compiled import CompiledRulebook
from checker.extraction import ArticleClaims, Extraction
from checker.findings import group_findings
from checker.model import Claim, Finding, FindingKind, Level

Key = tuple[str, str, str]


class MissingClaims(Exception):
    """Claims of these files could not be read from the cache (their records are gone)."""

    def __init__(self, ids: Sequence[str]) -> None:
        super().__init__(f"{len(ids)} articles' claims missing from the cache")
        self.ids = ids


@dataclass(frozen=True, slots=True)
class Compared:
    """The compare stage's outcome: findings (sorted) and each group's claims."""

    findings: list[Finding]
    claims: list[Sequence[Claim]]
    reused: int  # groups whose findings came from the cache


def compare_groups(extraction: Extraction, rules: CompiledRulebook, cache: ClaimsCache) -> Compared:
    members = _members(extraction.files)
    stored = cache.groups(members)
    version = compare_version()
    findings: list[Finding] = []
    parts: list[Sequence[Claim]] = []
    todo: dict[str, str] = {}  # group name -> digest, for groups computed again
    for name, items in sorted(members.items()):
        digest = _digest(version, items)
        old = stored.get(name)
        reused = _reused(name, old) if old is not None and old.digest == digest else None
        if reused is None:
            todo[name] = digest
            continue
        findings.extend(reused[0])
        parts.append(reused[1])
    changed = _recompute(todo, members, stored, cache, rules, findings, parts)
    cache.store_groups(changed, members)
    findings.sort(key=Finding.sort_key)
    return Compared(findings, parts, len(members) - len(todo))


def _members(files: Iterable[ArticleClaims]) -> dict[str, list[ArticleClaims]]:
    """Each group's articles, in corpus (article id) order."""
    out: dict[str, list[ArticleClaims]] = {}
    for item in files:
        if item.article is not None:
            for name in item.groups:
                out.setdefault(name, []).append(item)
    return out


def _id(item: ArticleClaims) -> str:
    assert item.article is not None  # `_members` holds articles only
    return item.article.id


def _digest(version: str, items: Sequence[ArticleClaims]) -> str:
    lines = [version] + [f"{_id(i)}\t{i.key}" for i in items]
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


# --- reuse ------------------------------------------------------------------------------


def _reused(name: str, stored: StoredGroup) -> tuple[list[Finding], ClaimView] | None:
    """A stored group's findings over its packed claims (None: the row does not decode)."""
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


def _recompute(
    todo: Mapping[str, str],
    members: Mapping[str, Sequence[ArticleClaims]],
    stored: Mapping[str, StoredGroup],
    cache: ClaimsCache,
    rules: CompiledRulebook,
    findings: list[Finding],
    parts: list[Sequence[Claim]],
) -> dict[str, StoredGroup]:
    """Compute the groups in `todo` again; what to store for them."""
    kept = {name: _kept(stored.get(name), members[name]) for name in todo}
    new = {name: [i for i in members[name] if _id(i) not in kept[name][1]] for name in todo}
    claims = _Claims(cache, (i for items in new.values() for i in items))
    changed: dict[str, StoredGroup] = {}
    for name, digest in todo.items():
        key = _key(name)
        before = kept[name][0]
        added = [c for item in new[name] for c in claims.of(item) if group_key(c) == key]
        group = sorted(before + added, key=Claim.sort_key)
        found = group_findings(key, group, rules)
        findings.extend(found)
        parts.append(group)
        changed[name] = _stored(digest, members[name], group, found)
    return changed


def _kept(
    stored: StoredGroup | None, items: Sequence[ArticleClaims]
) -> tuple[list[Claim], set[str]]:
    """The stored claims of articles still in the group unchanged, and those articles."""
    if stored is None:
        return [], set()
    wanted = {_id(i): i.key for i in items}
    try:
        same = {a for a, key in orjson.loads(stored.members) if wanted.get(a) == key}
        if not same:
            return [], set()
        packed = claimio.PackedClaims(stored.claims)
        every = [packed.claim(i) for i in range(len(packed))]
    except (ValueError, TypeError):
        return [], set()
    return [c for c in every if c.evidence.article_id in same], same


class _Claims:
    """Articles' claims for recomputed groups: fresh from extraction, or read from the
    cache once per article however many groups need them."""

    def __init__(self, cache: ClaimsCache, items: Iterable[ArticleClaims]) -> None:
        wanted = {i.key: i for i in items if i.claims is None and i.key is not None}
        self.blobs = cache.claims_of(wanted)
        missing = [_id(i) for k, i in wanted.items() if k not in self.blobs]
        self.decoded: dict[str, tuple[Claim, ...]] = {}
        self.cache = cache
        if missing:
            self._fail(missing)

    def of(self, item: ArticleClaims) -> tuple[Claim, ...]:
        if item.claims is not None:
            return item.claims
        assert item.key is not None
        found = self.decoded.get(item.key)
        if found is None:
            try:
                found = tuple(claimio.decode_claims(self.blobs[item.key]))
            except ValueError:
                self._fail([_id(item)])
            self.decoded[item.key] = found
        return found

    def _fail(self, ids: Sequence[str]) -> NoReturn:
        self.cache.forget(ids)
        raise MissingClaims(ids)


def _stored(
    digest: str, items: Sequence[ArticleClaims], group: Sequence[Claim], found: Sequence[Finding]
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
    members = [[_id(i), i.key] for i in items]
    return StoredGroup(
        digest,
        orjson.dumps(members).decode("utf-8"),
        len(group),
        claimio.encode_claims(group),
        orjson.dumps(rows),
    )
