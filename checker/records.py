"""Stored records of the files a re-check keeps, read when a report shows them.

A re-check of an archive keeps 100,000 files unread (`checker.cache.ClaimsCache.kept`)
and needs their records (metadata and diagnostics, `checker.cache.encode_record`) only
for the articles a report shows: a console report, a few hundred.  Fetching them all
with the stat comparison cost a tenth of a second, and fetching them all on a thread
as much again in waiting for it.  So they are fetched by id when asked for, and all at
once only for a report that lists every article.

Every record must still be whole, or its file is read again rather than kept (the
compare stage sees to it, `checker.pipeline`).  SQLite checks that on a thread of its
own while this process reads the manifest: the check runs in C without Python's lock,
and only the ids of damaged records come back.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

_DAMAGED = (
    "SELECT id FROM files WHERE context = ?"
    " AND CASE WHEN json_valid(record) THEN json_array_length(record) END IS NOT 9"
)
_RECORDS = "SELECT id, record FROM files WHERE context = ?"


class StoredRecords:
    """One context's stored records: the check of their wholeness, begun on a thread,
    and a connection to fetch them, opened when first asked for."""

    def __init__(self, path: Path, context: str, timeout: float) -> None:
        self._path, self._context, self._timeout = path, context, timeout
        self._damaged: set[str] = set()
        self._failed: sqlite3.Error | None = None
        self._db: sqlite3.Connection | None = None
        self._checking = threading.Thread(target=self._check, daemon=True)
        self._checking.start()

    def _check(self) -> None:
        try:
            db = sqlite3.connect(self._path, timeout=self._timeout)
            try:
                self._damaged = {i for (i,) in db.execute(_DAMAGED, (self._context,))}
            finally:
                db.close()
        except sqlite3.Error as error:
            self._failed = error

    def damaged(self) -> set[str]:
        """The ids of files whose record is not whole; raises the check's sqlite3.Error."""
        self._checking.join()
        if self._failed is not None:
            raise self._failed
        return self._damaged

    def of(self, ids: Iterable[str]) -> dict[str, str]:
        """The records of these files (those found)."""
        query = f"{_RECORDS} AND id"
        return dict(where_in(self._connection(), query, sorted(set(ids)), (self._context,)))

    def every(self) -> dict[str, str]:
        """Every file's record: for a report that lists every article."""
        return dict(self._connection().execute(_RECORDS, (self._context,)))

    def _connection(self) -> sqlite3.Connection:
        if self._db is None:
            self._db = sqlite3.connect(self._path, timeout=self._timeout)
        return self._db

    def close(self) -> None:
        """Close the connection (a sqlite3 connection is freed only by the cycle
        collector, and until it is closed the cache's write-ahead log stays)."""
        if self._db is not None:
            self._db.close()
            self._db = None


def where_in(
    db: sqlite3.Connection, query: str, values: Sequence[str], first: Sequence[object] = ()
) -> Iterator[Any]:
    """The rows of `query`, which ends in a column, `IN` these values: a few hundred at
    a time (SQLite limits a statement's parameters).  `first`: the query's own ones."""
    for start in range(0, len(values), 500):
        part = values[start : start + 500]
        marks = ",".join("?" * len(part))
        yield from db.execute(f"{query} IN ({marks})", (*first, *part))
