"""Diff-aware mode: which articles a change added or edited since a git revision.

CI on a corpus repository should fail on what a pull request introduced, not on the
archive's old discrepancies.  The comparison base is the working tree (committed,
staged and unstaged edits alike) against REV, plus untracked files, because a
pre-commit hook or a local run checks what is on disk.

A pure rename (git's similarity 100) is not a change: the article says what it said,
and since fingerprints do not depend on article ids, its findings stay what they were.
Git runs as a subprocess with arguments passed as a list, never through a shell.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from checker.model import ArticleInfo


class ChangesUnavailable(Exception):
    """Git could not say what changed; the message is one line for the user."""


@dataclass(frozen=True, slots=True)
class Changes:
    """Files added or edited since `revision`, as real absolute paths."""

    revision: str
    paths: frozenset[str]


def changed_files(revision: str, where: Path) -> Changes:
    """What changed since `revision` in the git repository that holds `where`."""
    folder = where if where.is_dir() else where.parent
    top = _toplevel(folder)
    commit = _resolve(revision, top)
    status = _git(
        ["diff", "--no-color", "--no-ext-diff", "--name-status", "-z", "-M", commit, "--"], top
    )
    untracked = _git(["ls-files", "--others", "--exclude-standard", "-z"], top)
    relative = [*edited_paths(status.split("\0")), *filter(None, untracked.split("\0"))]
    return Changes(revision, frozenset(os.path.realpath(os.path.join(top, p)) for p in relative))


def changed_articles(articles: Iterable[ArticleInfo], changes: Changes) -> frozenset[str]:
    """Ids of the articles whose files are among the changed paths."""
    return frozenset(a.id for a in articles if os.path.realpath(a.path) in changes.paths)


def edited_paths(fields: Sequence[str]) -> list[str]:
    """Paths added, modified or renamed-with-edits in `git diff --name-status -z` output.

    Records are `STATUS NUL PATH NUL`, or `STATUS NUL OLD NUL NEW NUL` for renames (R)
    and copies (C), whose status carries a similarity score ("R100" = identical).
    """
    out: list[str] = []
    index = 0
    while index < len(fields) and fields[index]:
        status = fields[index]
        if status[0] in "RC":
            new = fields[index + 2]
            if status != "R100":
                out.append(new)
            index += 3
            continue
        if status[0] != "D":
            out.append(fields[index + 1])
        index += 2
    return out


def _toplevel(folder: Path) -> str:
    try:
        return _git(["rev-parse", "--show-toplevel"], str(folder)).strip()
    except _GitFailed:
        raise ChangesUnavailable(
            f"--changed-since: {folder} is not inside a git repository"
        ) from None


def _resolve(revision: str, top: str) -> str:
    """The commit `revision` names; refuses option-like names so they cannot inject flags."""
    unknown = ChangesUnavailable(f"--changed-since: unknown git revision '{revision}'")
    if not revision or revision.startswith("-"):
        raise unknown
    try:
        return _git(["rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"], top).strip()
    except _GitFailed:
        raise unknown from None


class _GitFailed(Exception):
    pass


def _git(args: list[str], cwd: str) -> str:
    """Run git and return its stdout (paths decoded as the file system encodes them)."""
    try:
        done = subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, check=False, stdin=subprocess.DEVNULL
        )
    except FileNotFoundError:
        raise ChangesUnavailable("--changed-since needs git, which is not on PATH") from None
    if done.returncode != 0:
        raise _GitFailed(os.fsdecode(done.stderr).strip())
    return os.fsdecode(done.stdout)
