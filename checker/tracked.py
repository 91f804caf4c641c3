"""Whether a file is tracked by git: a claims cache that came with a checkout is not ours.

The claims cache is trusted like the code (it decides which claims a report shows
without reading the articles again).  A cache someone committed arrives with every
clone and pull, so a check that used it would report what its author stored, not what
the articles say.  The cache refuses to open a file git tracks.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

GIT_TIMEOUT_S = 10


def _in_work_tree(path: Path) -> bool:
    """A `.git` (folder or file, as in worktrees) in the path's folder or above it: the
    cheap test that spares a run outside any repository the git process."""
    return any((folder / ".git").exists() for folder in (path, *path.parents))


def tracked_by_git(path: Path) -> bool:
    """Whether git tracks `path` (False without git, outside a work tree, or when git
    fails: the question is only ever asked to refuse a file, never to trust one)."""
    folder = path.parent
    git = shutil.which("git")
    if git is None or not folder.is_dir() or not _in_work_tree(folder):
        return False
    try:
        done = subprocess.run(
            [git, "ls-files", "--error-unmatch", "--", path.name],
            cwd=folder,
            capture_output=True,
            timeout=GIT_TIMEOUT_S,
            env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"},
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0
