"""The files a claims cache knows, as columns: what a re-check compares every file's stat
with (`checker.cache.ClaimsCache.kept`).

Fetching 100,000 rows from SQLite builds a tuple and seven values for each: a tenth of a
second before any comparison, and comparing them one file at a time as much again.  So
the cache also keeps its files table's stat columns as one blob (the `listing` table),
as of a write number (`files.seq`).  A re-check parses it in one call, lays over it the
few rows written since (an index on `seq` finds them), and compares whole columns,
which are equal but for the files that changed.  The cache writes the blob again when
the rows written since it reach a share of it, and drops it when a row is deleted.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping, Sequence
from itertools import compress
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

import orjson

if TYPE_CHECKING:
    from checker.cache import FileStat

T = TypeVar("T")


class Listing(NamedTuple):
    """Stored files of one context in id order: column `i` holds file `ids[i]`'s value.
    `trusted`: the stat was recorded long enough after the file's mtime that a change
    within the clock's granularity cannot hide behind it (see `RACY_NS`)."""

    ids: list[str]
    sizes: list[int]
    mtimes: list[int]
    inos: list[int]
    entries: list[str]
    trusted: list[int]  # 1 or 0
    flags: list[int]


# A row of the files table as `overlaid` takes it: the listing's columns in order, then
# the row's context.
Row = tuple[str, int, int, int, str, int, int, str]


def encode(listing: Listing) -> bytes:
    return orjson.dumps(list(listing))


def decode(blob: bytes) -> Listing:
    """The inverse of `encode`; ValueError when the blob is not a listing."""
    try:
        columns = orjson.loads(blob)
    except orjson.JSONDecodeError as error:
        raise ValueError(f"not a listing: {error}") from None
    if (
        not isinstance(columns, list)
        or len(columns) != len(Listing._fields)
        or not all(isinstance(c, list) and len(c) == len(columns[0]) for c in columns)
    ):
        raise ValueError("not a listing: wrong columns")
    return Listing(*columns)


def from_rows(rows: Sequence[Sequence[object]]) -> Listing:
    """A listing of rows in id order, each the listing's columns in order."""
    if not rows:
        return Listing([], [], [], [], [], [], [])
    return Listing(*map(list, zip(*rows, strict=True)))


def overlaid(base: Listing, rows: Sequence[Row], context: str) -> Listing:
    """`base` with the rows written since it: a row of `context` replaces or adds its
    file, a row of another context (the file was read under other rules since) removes
    it.  A few rows are put in place; many (a run cut short before it wrote the
    listing again) are merged in by id."""
    if not rows:
        return base
    if len(rows) > _FEW:
        return _merged(base, rows, context)
    columns: list[list[Any]] = [list(c) for c in base]
    ids: list[str] = columns[0]
    for row in sorted(rows):
        at = bisect_left(ids, row[0])
        present = at < len(ids) and ids[at] == row[0]
        for column, value in zip(columns, row[:-1], strict=True):
            if row[-1] != context:
                if present:
                    del column[at]
            elif present:
                column[at] = value
            else:
                column.insert(at, value)
    return Listing(*columns)


_FEW = 64


def _merged(base: Listing, rows: Sequence[Row], context: str) -> Listing:
    files: dict[str, tuple[Any, ...]] = dict(zip(base.ids, zip(*base, strict=True), strict=True))
    for row in rows:
        if row[-1] == context:
            files[row[0]] = row[:-1]
        else:
            files.pop(row[0], None)
    return from_rows([files[i] for i in sorted(files)])


class Compared(NamedTuple):
    """What comparing a listing with the files found gives:

    * `kept`: the files unchanged since recorded (same stat and manifest entry, trusted),
      in the order found, and `flags`, their stored flags;
    * `fresh`: every other file found, in the order found (to read);
    * `others`: the ids of the listing's other files (changed, untrusted or gone)."""

    kept: list[FileStat]
    flags: list[int]
    fresh: list[FileStat]
    others: list[str]


def compare(listing: Listing, found: Sequence[FileStat], entries: Mapping[str, str]) -> Compared:
    """Compare column by column: the files found and the listing, both in id order, are
    the same files but for those added or gone, so their columns line up once those
    are left out."""
    if not found:
        return Compared([], [], [], list(listing.ids))
    ids, _, sizes, mtimes, inos = map(list, zip(*found, strict=True))
    here, there = _lined_up(ids, listing.ids)
    get = entries.get
    now = zip(_take(sizes, here), _take(mtimes, here), _take(inos, here), strict=True)
    now_entries = [get(i, "") for i in _take(ids, here)]
    stored = zip(*(_take(c, there) for c in listing[1:4]), strict=True)
    stored_entries, trusted = _take(listing.entries, there), _take(listing.trusted, there)
    same = [
        a == b and e == f and t
        for a, b, e, f, t in zip(now, stored, now_entries, stored_entries, trusted, strict=True)
    ]
    changed = [k for k, s in enumerate(same) if not s]  # positions in the lined-up columns
    fresh = sorted({*_at(here, changed), *_left_out(len(ids), here)})
    others = [*_at(there, changed), *_left_out(len(listing.ids), there)]
    return Compared(
        list(compress(_take(list(found), here), same)),
        list(compress(_take(listing.flags, there), same)),
        [found[i] for i in fresh],
        [listing.ids[i] for i in others],
    )


def _lined_up(ids: list[str], stored: list[str]) -> tuple[list[int] | None, list[int] | None]:
    """Positions in `ids` and in `stored` of the ids both hold, in the same order (None:
    all of them, in place)."""
    if ids == stored:
        return None, None
    both = set(ids).intersection(stored)
    here = [i for i, x in enumerate(ids) if x in both]
    there = [i for i, x in enumerate(stored) if x in both]
    if _take(ids, here) != _take(stored, there):  # not the same order: look each up
        where = {x: i for i, x in enumerate(stored)}
        there = [where[ids[i]] for i in here]
    return here, there


def _take(column: list[T], at: list[int] | None) -> list[T]:
    """The column's values at these positions (None: all)."""
    return column if at is None else list(map(column.__getitem__, at))


def _at(positions: list[int] | None, chosen: list[int]) -> list[int]:
    """Positions in a column of the lined-up positions `chosen`."""
    return chosen if positions is None else [positions[k] for k in chosen]


def _left_out(size: int, positions: list[int] | None) -> list[int]:
    """Positions in a column of `size` values that are not lined up."""
    return [] if positions is None else sorted(set(range(size)).difference(positions))
