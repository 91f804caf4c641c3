"""The faster pieces of findings give exactly what their plain definitions give: the
fingerprint (stored in users' baselines) and the wording of a finding."""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import replace
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from checker.compare import Cluster, _buckets
from checker.findings import _first_time, _shown, _values, _where
from checker.model import (
    Claim,
    EntitySet,
    Evidence,
    FindingKind,
    Quantity,
    Value,
    fingerprint,
    sentence_digest,
)


def _fingerprint_by_definition(
    fact_id: str,
    kind: FindingKind,
    event_id: str | None,
    subject: str | None,
    claims: tuple[Claim, ...],
) -> str:
    """The fingerprint as first defined: every claim's part sorted, then `json.dumps`."""
    parts = sorted((c.value.key(), sentence_digest(c.evidence.sentence)) for c in claims)
    payload = json.dumps([fact_id, kind.value, event_id, subject, parts], sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


texts = st.text(alphabet=st.sampled_from('ab \t\n"\\é€\U0001f600'), max_size=6)
values = st.one_of(
    st.integers(-3, 3).map(lambda n: Quantity(n, n, n)),
    st.lists(texts, max_size=2).map(lambda m: EntitySet(frozenset(m))),
)


def _claim(value: Value, sentence: str, article: str, earlier: bool) -> Claim:
    evidence = Evidence(article, 0, 1, 1, 1, sentence)
    return Claim("f", "k", value, "raw", None, evidence, "e", date(2022, 1, 1), earlier)


claims = st.builds(
    _claim,
    values,
    texts,
    st.sampled_from(["a", "b", "c"]),
    st.booleans(),
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(claims, max_size=12),
    st.sampled_from(list(FindingKind)),
    st.one_of(st.none(), texts),
    st.one_of(st.none(), texts),
)
def test_fingerprint_is_the_hash_of_its_definition(
    group: list[Claim], kind: FindingKind, event_id: str | None, subject: str | None
) -> None:
    expected = _fingerprint_by_definition("fact.é", kind, event_id, subject, tuple(group))
    assert fingerprint("fact.é", kind, event_id, subject, tuple(group)) == expected


def _where_by_definition(claims: list[Claim]) -> str:
    """Each article's first claim gives its day; an earlier figure if none is current."""
    first: dict[str, Claim] = {}
    current: set[str] = set()
    for c in claims:
        first.setdefault(c.evidence.article_id, c)
        if not c.earlier:
            current.add(c.evidence.article_id)
    parts = []
    for article in sorted(first):
        day = first[article].valid_at
        earlier = "" if article in current else " (earlier figure)"
        parts.append(f"{article} {day.isoformat() if day else 'undated'}{earlier}")
    return "; ".join(parts)


def _values_by_definition(claims: list[Claim]) -> list[tuple[str, list[Claim]]]:
    """Claims by shown value, claim by claim, sorted by their first time."""
    by: dict[str, list[Claim]] = defaultdict(list)
    for c in claims:
        by[_shown(c)].append(c)
    return sorted(by.items(), key=lambda kv: _first_time(kv[1]))


days = st.one_of(st.none(), st.integers(0, 3).map(lambda n: date(2022, 1, 1 + n)))
shared_values = st.sampled_from(
    [Quantity(14, 14, 14), Quantity(14.0, 14.0, 14.0), Quantity(10, 20, 14), Quantity(3, 3, 3)]
)
dated_claims = st.builds(
    lambda value, qualifier, article, day, earlier: replace(
        _claim(value, "s", article, earlier), qualifier=qualifier, valid_at=day
    ),
    shared_values,
    st.sampled_from([None, "range", "about"]),
    st.sampled_from(["a", "b", "c"]),
    days,
    st.booleans(),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(dated_claims, max_size=12))
def test_values_and_where_are_their_definitions(group: list[Claim]) -> None:
    """Values shown alike (14 and 14.0, or a range around 14) merge in claim order."""
    found = _values(group)
    expected = _values_by_definition(group)
    assert [(text, [id(c) for c in cs]) for text, cs in found] == [
        (text, [id(c) for c in cs]) for text, cs in expected
    ]
    assert _where(group) == _where_by_definition(group)


def _buckets_by_definition(claims: list[Claim]) -> list[tuple[Claim, ...]]:
    by: dict[tuple[int, bool], list[Claim]] = defaultdict(list)
    for c in claims:
        by[(c.valid_at.toordinal() if c.valid_at else 0, c.earlier)].append(c)
    return [tuple(v) for _, v in sorted(by.items())]


@settings(max_examples=200, deadline=None)
@given(st.lists(dated_claims, max_size=12))
def test_buckets_are_their_definition(group: list[Claim]) -> None:
    assert _buckets(Cluster(group)) == _buckets_by_definition(group)
