"""Claims kept packed until read: counted without parsing, built one by one, equal to
the tuples of the same claims."""

from __future__ import annotations

from datetime import date

import pytest

from checker.claimio import encode_claims
from checker.claimseq import ClaimView, JoinedClaims, PackedGroup, value_keys
from checker.model import Claim, Evidence, Quantity

GROUP = [
    Claim(
        "casualties.deaths",
        "quantity",
        Quantity(n, n, n),
        str(n),
        None,
        Evidence(f"{article}.txt", 5, 8, 1, 5, f"{n} people died."),
        "kazakhstan-unrest-2022",
        date(2022, 1, day),
    )
    for article, n, day in (("a", 225, 15), ("b", 164, 10), ("c", 225, 16), ("d", 227, 20))
]


def _group(blob: bytes | None = None, count: int = len(GROUP)) -> PackedGroup:
    return PackedGroup(blob if blob is not None else encode_claims(GROUP), count)


def test_a_view_counts_without_parsing_and_builds_only_what_is_read() -> None:
    view = ClaimView(_group(b"not even json"), [1, 3])
    assert len(view) == 2  # nothing parsed: the blob would not parse
    group = _group()
    view = ClaimView(group, [1, 3])
    assert view[1] == GROUP[3] and view[-1] == GROUP[3]
    assert group._built == [None, None, None, GROUP[3]]
    assert list(view) == [GROUP[1], GROUP[3]] and view == (GROUP[1], GROUP[3])
    assert view[:1] == (GROUP[1],)


def test_a_view_of_the_whole_group_equals_its_tuple() -> None:
    view = ClaimView(_group())
    assert view == tuple(GROUP) and hash(view) == hash(tuple(GROUP))
    assert view != tuple(GROUP[:3]) and view != "abc"
    with pytest.raises(IndexError):
        view[4]


def test_value_keys_come_from_the_tables_not_from_built_claims() -> None:
    group = _group()
    assert value_keys(ClaimView(group, [0, 2, 3])) == [c.value.key() for c in GROUP[::2]] + [
        GROUP[3].value.key()
    ]
    assert group._built == [None] * 4
    assert value_keys(GROUP) == [c.value.key() for c in GROUP]


def test_a_wrong_count_is_an_error_not_a_short_report() -> None:
    with pytest.raises(ValueError, match="4 packed claims, 5 expected"):
        ClaimView(_group(count=5))[0]


def test_joined_claims_are_counted_at_once_and_sorted_when_read() -> None:
    joined = JoinedClaims([ClaimView(_group(), [2, 3]), (GROUP[1], GROUP[0])])
    assert len(joined) == 4
    assert list(joined) == sorted(GROUP, key=Claim.sort_key)
    assert joined == tuple(sorted(GROUP, key=Claim.sort_key)) and joined[0] == GROUP[0]
