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
from itertools import repeat
from typing import TYPE_CHECKING, Any, NamedTuple

import orjson

if TYPE_CHECKING:
    from checker.cache import FileStat


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
    if len(rows) > FEW:
        return _merged(base, rows, context)
    columns: list[list[Any]] = [list(c) for c in base]
    ids: list[str] = columns[0]
    for row in sorted(rows):
        at = bisect_left(ids, row[0])
        present = at < len(ids) and ids[at] == row[0]
        values = zip(columns, row[:-1], strict=True)
        if row[-1] != context:
            if present:
                for column in columns:
                    del column[at]
        elif present:
            for column, value in values:
                column[at] = value
        else:
            for column, value in values:
                column.insert(at, value)
    return Listing(*columns)


FEW = 64  # rows written since a listing that are put in place rather than merged


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
    """A re-check finds the files the listing holds, give or take a few added or gone,
    with the same stat: then the two, both in id order, line up once those few are
    taken out, and each column compares as a whole, in C.  Files whose stat was
    recorded too soon to trust (often the last ones added) are taken out with them, to
    be read again.  Anything else (a file edited, ids in another order) is compared
    file by file."""
    now: list[list[Any]] = [list(c) for c in zip(*found, strict=True)] or [[] for _ in range(5)]
    del now[1]  # the paths
    files = list(found)
    stored: list[list[Any]] = [list(column) for column in listing]
    added: list[FileStat] = []
    gone: list[str] = []
    doubted = _untrusted(listing)
    if now[0] != stored[0] or doubted:
        new, old = set(now[0]), set(stored[0])
        added = [found[at] for at in _take_out((new - old) | (new & doubted), [*now, files])]
        gone = [listing.ids[at] for at in _take_out((old - new) | doubted, stored)]
    now.append(list(map(entries.get, now[0], repeat(""))))
    if now != stored[:5]:
        return _one_by_one(listing, found, entries)
    return Compared(files, stored[6], added, gone)


def _untrusted(listing: Listing) -> set[str]:
    """The ids whose stat was recorded too soon to trust (`Listing.trusted`)."""
    if 0 not in listing.trusted:  # a scan in C: almost always the answer
        return set()
    return {file for file, trusted in zip(listing.ids, listing.trusted, strict=True) if not trusted}


def _take_out(chosen: set[Any], columns: list[list[Any]]) -> list[int]:
    """Delete the rows whose first column's value is chosen (found by bisection), and
    return where they were.  A row that is not where the order puts it stays: the
    columns then do not line up, and the caller sees that."""
    first, taken = columns[0], []
    for value in sorted(chosen, reverse=True):  # from the end: places before stay put
        at = bisect_left(first, value)
        if at < len(first) and first[at] == value:
            taken.append(at)
            for column in columns:
                del column[at]
    return taken[::-1]


def _one_by_one(
    listing: Listing, found: Sequence[FileStat], entries: Mapping[str, str]
) -> Compared:
    """Each file compared with its stored row, looked up by id: slower than whole
    columns, right whatever changed."""
    where = {file: at for at, file in enumerate(listing.ids)}
    kept: list[FileStat] = []
    flags: list[int] = []
    fresh: list[FileStat] = []
    for file in found:
        at = where.pop(file.id, None)
        if at is not None and listing.trusted[at] and _same(listing, at, file, entries):
            kept.append(file)
            flags.append(listing.flags[at])
        else:
            fresh.append(file)
            if at is not None:
                where[file.id] = at  # stored but changed: one of the others
    return Compared(kept, flags, fresh, sorted(where))


def _same(listing: Listing, at: int, file: FileStat, entries: Mapping[str, str]) -> bool:
    return (
        listing.sizes[at] == file.size
        and listing.mtimes[at] == file.mtime_ns
        and listing.inos[at] == file.ino
        and listing.entries[at] == entries.get(file.id, "")
    )
