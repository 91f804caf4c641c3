"""The faster pieces of findings give exactly what their plain definitions give: the
fingerprint (stored in users' baselines) and the wording of a finding."""

from __future__ import annotations

import hashlib
import json
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

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
