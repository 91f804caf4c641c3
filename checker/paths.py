"""Why a path names nothing usable, in words a user can act on (corpus and rule paths).

Told from the error's errno, not guessed: a symbolic link loop or a link to nothing is
there in a folder listing, so "no such file" would send the user hunting for a typo
instead of fixing the link.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path


def os_reason(exc: Exception) -> str:
    """The system's reason in lower case ("permission denied"), to follow a colon."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    return str(exc)


def path_problem(path: Path) -> str | None:
    """Why a path given by the user (corpus, rules, settings) names nothing, or None."""
    try:
        os.stat(path)
    except OSError as exc:
        return unreachable(path, exc)
    except ValueError as exc:  # a NUL character, possible in a settings file
        return f"not a valid path ({exc})"
    return None


def unreachable(path: Path, exc: OSError) -> str:
    """What an OSError from stat'ing or opening `path` means for the user."""
    if exc.errno == errno.ELOOP:
        return f"symbolic link loop ({os_reason(exc)})"
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        try:
            target = os.readlink(path)
        except OSError:  # not a link (EINVAL) or not there at all
            return "no such file or folder"
        return f"broken symbolic link to '{target}'"
    return os_reason(exc)  # e.g. permission denied on a folder above it
