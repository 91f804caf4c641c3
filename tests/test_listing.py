"""The cache's listing of stored files: its blob, the rows laid over it, and the
column-wise comparison with the files a run finds."""

from __future__ import annotations

import random

import pytest

from checker import listing as listing_module
from checker.cache import FileStat
from checker.listing import (
    FEW,
    Compared,
    Listing,
    Row,
    _one_by_one,
    compare,
    decode,
    encode,
    from_rows,
    overlaid,
)

CONTEXT = "rules:code"


def _stat(name: str, size: int = 100, mtime: int = 5, ino: int = 0) -> FileStat:
    return FileStat(name, f"/corpus/{name}", size, mtime, ino or hash(name) % 10_000)


def _listing(stats: list[FileStat], entries: dict[str, str] | None = None) -> Listing:
    """What the cache would list for these files, all trusted, articles (flag 1)."""
    entries = entries or {}
    rows = [(s.id, s.size, s.mtime_ns, s.ino, entries.get(s.id, ""), 1, 1) for s in stats]
    return from_rows(rows)


FILES = [_stat(f"2022/01/{n:02d}.txt") for n in range(1, 9)]


def test_a_listing_survives_its_blob_and_a_damaged_blob_is_refused() -> None:
    listing = _listing(FILES, {FILES[2].id: "e2"})
    assert decode(encode(listing)) == listing
    assert decode(encode(from_rows([]))) == Listing([], [], [], [], [], [], [])
    for blob in (b"not json", b"[[1], [2]]", b"[[1],[2],[3],[4],[5],[6],[7,8]]", b"{}"):
        with pytest.raises(ValueError):
            decode(blob)


def test_rows_written_since_replace_add_and_remove_files() -> None:
    base = _listing(FILES)
    changed: Row = (FILES[3].id, 999, 6, FILES[3].ino, "e", 0, 3, CONTEXT)
    added: Row = ("2022/01/04b.txt", 10, 7, 77, "", 1, 1, CONTEXT)
    elsewhere: Row = (FILES[0].id, 1, 1, 1, "", 1, 1, "other rules")  # read under others
    result = overlaid(base, [changed, added, elsewhere], CONTEXT)
    assert result.ids == [f.id for f in FILES[1:4]] + [added[0]] + [f.id for f in FILES[4:]]
    at = result.ids.index(FILES[3].id)
    assert [column[at] for column in result] == list(changed[:-1])
    assert result.ids.index(added[0]) == at + 1 and result.sizes[at + 1] == 10
    assert overlaid(base, [], CONTEXT) is base


def test_many_rows_are_merged_to_the_same_listing_as_a_few_put_in_place() -> None:
    chooser = random.Random(7)
    base = _listing(FILES)
    rows: list[Row] = []
    names = [f.id for f in FILES] + [f"2022/02/{n:03d}.txt" for n in range(3 * FEW)]
    for n in range(3 * FEW):
        name = chooser.choice(names)
        context = CONTEXT if chooser.random() < 0.8 else "other rules"
        rows.append((name, n, n, n, f"e{n}", n % 2, 1, context))
    rows = list({r[0]: r for r in rows}.values())  # one row per file, as in the table
    merged = overlaid(base, rows, CONTEXT)  # more than a few: merged by id
    one_by_one = base
    for start in range(0, len(rows), FEW):
        one_by_one = overlaid(one_by_one, rows[start : start + FEW], CONTEXT)
    assert len(rows) > FEW and merged == one_by_one
    assert merged.ids == sorted(merged.ids)
    assert not {r[0] for r in rows if r[-1] != CONTEXT} & set(merged.ids)


def test_unchanged_files_are_kept_and_the_others_read_or_let_go() -> None:
    entries = {f.id: "entry" for f in FILES}
    listing = _listing(FILES, entries)
    same = compare(listing, FILES, entries)
    assert same.kept == FILES and same.flags == [1] * 8 and same.fresh == same.others == []

    added = _stat("2022/01/03b.txt")
    edited = FILES[5]._replace(mtime_ns=9)
    moved = FILES[6]._replace(ino=1)
    found = [*FILES[:3], added, *FILES[4:5], edited, moved, FILES[7]]  # FILES[3] is gone
    renamed = {**entries, FILES[7].id: "another entry"}
    result = compare(listing, found, renamed)
    assert result.kept == [*FILES[:3], FILES[4]]
    assert result.fresh == [added, edited, moved, FILES[7]]
    assert sorted(result.others) == sorted(f.id for f in FILES[3:4] + FILES[5:])


def test_untrusted_records_and_flags_come_from_the_listing() -> None:
    rows = [(s.id, s.size, s.mtime_ns, s.ino, "", 1, n % 8) for n, s in enumerate(FILES)]
    rows[2] = (*rows[2][:5], 0, 1)  # recorded too soon after the file changed
    result = compare(from_rows(rows), FILES, {})
    assert result.kept == FILES[:2] + FILES[3:] and result.fresh == [FILES[2]]
    assert result.flags == [0, 1, 3, 4, 5, 6, 7] and result.others == [FILES[2].id]


def test_untrusted_records_are_read_again_without_comparing_file_by_file(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rows = [(s.id, s.size, s.mtime_ns, s.ino, "", int(n != 5), 1) for n, s in enumerate(FILES)]
    added = _stat("2022/01/02b.txt")
    found = sorted([*FILES, added])

    def refused(*args: object) -> Compared:
        raise AssertionError("compared file by file")

    monkeypatch.setattr(listing_module, "_one_by_one", refused)
    result = compare(from_rows(rows), found, {})
    assert result.kept == FILES[:5] + FILES[6:] and result.fresh == [added, FILES[5]]
    assert result.flags == [1] * 7 and result.others == [FILES[5].id]


def test_the_columns_give_what_comparing_file_by_file_gives() -> None:
    chooser = random.Random(11)
    names = [f"2022/{m:02d}/{d:02d}.txt" for m in range(1, 4) for d in range(1, 29)]
    for _ in range(300):
        stored = sorted(chooser.sample(names, chooser.randint(0, 40)))
        rows = [
            (name, 10, 5, n + 1, "e", int(chooser.random() > 0.1), n % 3)
            for n, name in enumerate(stored)
        ]
        found = [
            _stat(name, 10, 5 if chooser.random() > 0.05 else 6, at + 1)
            for at, name in enumerate(stored)
            if chooser.random() > 0.1
        ] + [_stat(name) for name in chooser.sample(names, 3) if name not in stored]
        found.sort()
        entries = {name: "e" for name in names if chooser.random() > 0.05}
        listing = from_rows(rows)
        assert compare(listing, found, entries) == _one_by_one(listing, found, entries)


def test_files_in_another_order_than_the_listing_are_looked_up() -> None:
    shuffled = FILES[::-1]  # e.g. ids the database and Python order differently
    result = compare(_listing(shuffled), FILES[:-1], {})
    assert result.kept == FILES[:-1] and result.fresh == []
    assert result.others == [FILES[-1].id]


def test_no_files_found_lets_every_stored_file_go() -> None:
    result = compare(_listing(FILES), [], {})
    assert result.kept == result.fresh == [] and result.others == [f.id for f in FILES]
    nothing = compare(from_rows([]), FILES, {})
    assert nothing.kept == [] and nothing.fresh == FILES and nothing.others == []
