"""The cache's write-ahead log copied into the database on a thread of its own.

A re-check writes the claim groups a new article joined: at 100,000 articles some
15 MB. That passes the log's threshold, so SQLite would also copy the pages into the
database file and wait for the disk in the commit itself: a fifth of a second of a
re-check that must take under two. The copy needs no Python, so it runs on a thread of
its own while this process goes on to render the report, and the process waits for
it before it ends (an exit handler). The pages are as safe as in any commit: they are
in the log until the copy is done, and a copy cut short is finished by the next one.

Only the command line does this (`IN_BACKGROUND`, set by `checker.cli.main`): a
program that calls the pipeline gets its cache back with nothing still writing to it.
"""

from __future__ import annotations

import atexit
import sqlite3
import threading
from pathlib import Path

IN_BACKGROUND = False  # whether the log is copied on a thread the process waits for at exit


def checkpoint_later(path: Path, timeout: float) -> threading.Thread | None:
    """Start copying the log of the database at `path` into it; None when no connection
    can be had, which loses nothing: the next commit or close copies it."""
    try:
        # Opened here, not on the thread: while it is open, closing the cache's own
        # connection is not the last close, which would copy the log there and then.
        db = sqlite3.connect(path, timeout=timeout, isolation_level=None, check_same_thread=False)
    except sqlite3.Error:
        return None
    thread = threading.Thread(target=_checkpoint, args=(db,), name="factcheck-checkpoint")
    thread.start()
    atexit.register(thread.join)  # `checker.cli` leaves through the exit handlers
    return thread


def _checkpoint(db: sqlite3.Connection) -> None:
    try:
        db.execute("PRAGMA synchronous = NORMAL")
        db.execute("PRAGMA wal_checkpoint(PASSIVE)")
    except sqlite3.Error:
        pass  # busy or failed: the pages stay in the log for the next checkpoint
    finally:
        db.close()
