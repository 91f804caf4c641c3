"""Crash-safe file writes for reports, baselines and review files.

A report written with a plain ``open(..., "w")`` is truncated first and filled later, so
an interrupted run (Ctrl-C, a full disk, a killed CI job) leaves a half-written file that
the next tool in the pipeline (a SARIF upload, a baseline comparison) reads as corrupt.
Writing a sibling temporary file and renaming it over the target is atomic on POSIX and
on Windows: readers see either the old content or the new, never a mixture.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from pathlib import Path

_NEW_FILE_MODE = 0o666  # narrowed by the process umask, exactly as open() would do


def write_atomic(path: Path, data: str | bytes) -> None:
    """Replace `path` with `data` (text is UTF-8) so that no reader sees a partial file.

    The temporary file lives in the target's directory because a rename is only atomic
    within one file system.  An existing target keeps its permission bits; a new one gets
    the usual umask-derived mode.  A symlink is followed so that the link stays a link.
    On any failure the temporary file is removed and the old target is left untouched.
    """
    target = Path(os.path.realpath(path))
    payload = data.encode("utf-8") if isinstance(data, str) else data
    mode = _existing_mode(target)
    tmp = _write_temp(target, payload)
    try:
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        _remove_quietly(tmp)
        raise
    _fsync_directory(target.parent)


def _existing_mode(target: Path) -> int | None:
    """Permission bits of the file being replaced, or None when it does not exist yet."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        return None


def _write_temp(target: Path, payload: bytes) -> Path:
    """Write and fsync a uniquely named sibling of `target`; remove it again on failure.

    `os.open` with O_EXCL (rather than `tempfile.mkstemp`) lets the umask apply, so a new
    report is readable by the group like any other file the user creates.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        tmp = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
        try:
            fd = os.open(tmp, flags, _NEW_FILE_MODE)
            break
        except FileExistsError:
            continue
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        _remove_quietly(tmp)
        raise
    return tmp


def _remove_quietly(tmp: Path) -> None:
    """Best-effort cleanup: the original error matters more than a failed unlink."""
    with contextlib.suppress(OSError):
        os.unlink(tmp)


def _fsync_directory(directory: Path) -> None:
    """Persist the rename itself; not possible (nor needed) on every platform."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
