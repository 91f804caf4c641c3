"""A corpus walk begun before a check imports the rest of factcheck.

A re-check of an archive has two costs that do not depend on each other before it can
compare anything: stat'ing every file (0.4 s for 100,000) and importing the pipeline
and compiling the rules (as long again).  So `factcheck check` forks a process that
walks the corpus (`checker.walk`, which needs only the standard library) as soon as it
knows the corpus, goes on with the second, and takes the walk's result through a pipe
when extraction asks for it (`checker.scan.scan`).

Only the result of a walk of exactly the paths extraction is given is taken.  Where no
process can be forked, or the walk fails in any way, the check walks the corpus itself,
so this changes when the walk happens, never what it finds.
"""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

import orjson

from checker.walk import Walked, walk


class Ahead:
    """A walk of `paths` running in a forked process."""

    def __init__(self, paths: Sequence[Path], pid: int, pipe: int) -> None:
        self._paths = tuple(paths)
        self._pid = pid
        self._pipe: int | None = pipe

    @classmethod
    def start(cls, paths: Sequence[Path]) -> Ahead | None:
        """Fork a process that walks `paths` (None: no process could be forked)."""
        if not paths or not hasattr(os, "fork"):
            return None
        try:
            read, write = os.pipe()
        except OSError:
            return None
        try:
            pid = os.fork()
        except OSError:
            os.close(read)
            os.close(write)
            return None
        if pid == 0:
            os.close(read)
            _walk_and_send(paths, write)
        os.close(write)
        return cls(paths, pid, read)

    def take(self, paths: Sequence[Path]) -> Walked | None:
        """What the walk found, if it walked these paths and finished; None otherwise
        (the caller walks them itself).  Only the first call can get a result."""
        if self._pipe is None:
            return None
        try:
            with os.fdopen(self._pipe, "rb") as stream:
                data = stream.read()
        except OSError:
            data = b""
        finally:
            self._pipe = None
        if self._reap() != 0 or tuple(paths) != self._paths:
            return None
        try:
            return _decoded(data)
        except (ValueError, TypeError, KeyError, IndexError):  # cut short: walk again
            return None

    def close(self) -> None:
        """End a walk nobody took (the command stopped before extraction)."""
        if self._pipe is not None:
            os.close(self._pipe)
            self._pipe = None
            with contextlib.suppress(OSError):  # it ended already
                os.kill(self._pid, signal.SIGKILL)
            self._reap()

    def _reap(self) -> int:
        """Wait for the process; its exit status (nonzero also when it was killed)."""
        try:
            _, status = os.waitpid(self._pid, 0)
        except ChildProcessError:
            return -1
        return os.waitstatus_to_exitcode(status)


def begin(paths: Sequence[Path] | None, jobs: int) -> Ahead | None:
    """A walk of `paths` begun now; None when no paths are given (they come from the
    settings, read later) or one process is wanted."""
    return Ahead.start(paths) if paths and jobs > 1 else None


@contextmanager
def walking_ahead(
    paths: Sequence[Path] | None, jobs: int, begun: Ahead | None = None
) -> Iterator[Ahead | None]:
    """A walk of `paths` (`begun` already, or begun now: `begin`), ended when the block
    is left."""
    ahead = begun or begin(paths, jobs)
    try:
        yield ahead
    finally:
        if ahead is not None:
            ahead.close()


def _walk_and_send(paths: Sequence[Path], pipe: int) -> NoReturn:
    """The forked process: walk, send the result, leave without running anything of the
    parent's (exit handlers, buffered output)."""
    code = 1
    try:
        data = _encoded(walk(paths))
        with os.fdopen(pipe, "wb") as stream:
            stream.write(data)
        code = 0
    finally:
        os._exit(code)


def _encoded(walked: Walked) -> bytes:
    """JSON: rows as arrays, and each unlisted folder's error by its number and text."""
    unlisted = [[shown, e.errno, e.strerror, e.filename] for shown, e in walked.unlisted]
    return orjson.dumps([walked.root, walked.rows, unlisted])


def _decoded(data: bytes) -> Walked:
    """The inverse of `_encoded`; ValueError, TypeError, KeyError or IndexError when the
    data is not a whole walk."""
    root, rows, unlisted = orjson.loads(data)
    errors: list[tuple[str, OSError]] = [
        (shown, OSError(number, text, filename)) for shown, number, text, filename in unlisted
    ]
    if not isinstance(root, str) or not isinstance(rows, list):
        raise ValueError("not a walk")
    return Walked(root, rows, errors)  # rows as arrays: `FileStat._make` takes them
