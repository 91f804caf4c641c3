"""The cache's write-ahead log copied into its database file on a thread."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from checker.checkpoint import checkpoint_later


def _logged(path: Path) -> sqlite3.Connection:
    """A database in WAL mode whose table is in the file and whose row is only in the log."""
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA wal_autocheckpoint = 0")
    db.execute("CREATE TABLE t (x)")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.execute("INSERT INTO t VALUES ('in the log')")
    return db


def _in_the_file(path: Path) -> list[tuple[str]]:
    """The rows the database file itself holds, without its log."""
    db = sqlite3.connect(f"{path.as_uri()}?immutable=1", uri=True)
    try:
        return db.execute("SELECT x FROM t").fetchall()
    finally:
        db.close()


def test_the_log_is_copied_into_the_file_on_a_thread(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite"
    db = _logged(path)
    assert _in_the_file(path) == []
    thread = checkpoint_later(path, 1.0)
    assert thread is not None
    thread.join()
    assert _in_the_file(path) == [("in the log",)]
    assert db.execute("SELECT x FROM t").fetchall() == [("in the log",)]
    db.close()


def test_no_connection_means_no_thread(tmp_path: Path) -> None:
    assert checkpoint_later(tmp_path / "missing" / "cache.sqlite", 0.1) is None
