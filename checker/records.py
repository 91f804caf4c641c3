"""Stored records of the files a re-check keeps, fetched on a thread of their own.

A re-check of an archive keeps 100,000 files unread (`checker.cache.ClaimsCache.kept`)
and needs their records (metadata and diagnostics, `checker.cache.encode_record`) only
when a report shows their articles.  Fetching them with the stat comparison cost a
tenth of a second more, most of it SQLite's own work: reading pages and checking that
each record is a whole JSON array.  That work runs in C without Python's lock, so a
thread does it while this process reads the manifest and compares the files.

A record that is not whole is left out; the compare stage then has its file read again
(`checker.pipeline`), as for claims the cache lost.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

_WHOLE = (
    "SELECT id, record FROM files WHERE context = ?"
    " AND CASE WHEN json_valid(record) THEN json_array_length(record) END = 9"
)


class StoredRecords:
    """The whole records of one context's files, being fetched on a thread."""

    def __init__(self, path: Path, context: str, timeout: float) -> None:
        self._records: dict[str, str] = {}
        self._failed: sqlite3.Error | None = None
        self._fetching = threading.Thread(
            target=self._fetch, args=(path, context, timeout), daemon=True
        )
        self._fetching.start()

    def _fetch(self, path: Path, context: str, timeout: float) -> None:
        try:
            db = sqlite3.connect(path, timeout=timeout)
            try:
                self._records = dict(db.execute(_WHOLE, (context,)))
            finally:
                db.close()
        except sqlite3.Error as error:
            self._failed = error

    def get(self) -> dict[str, str]:
        """The records by file id; raises the fetch's sqlite3.Error."""
        self._fetching.join()
        if self._failed is not None:
            raise self._failed
        return self._records


def where_in(
    db: sqlite3.Connection, query: str, values: Sequence[str], first: Sequence[object] = ()
) -> Iterator[Any]:
    """The rows of `query`, which ends in a column, `IN` these values: a few hundred at
    a time (SQLite limits a statement's parameters).  `first`: the query's own ones."""
    for start in range(0, len(values), 500):
        part = values[start : start + 500]
        marks = ",".join("?" * len(part))
        yield from db.execute(f"{query} IN ({marks})", (*first, *part))
