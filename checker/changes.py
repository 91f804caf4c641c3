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
    raw = _git(
        ["diff", "--no-color", "--no-ext-diff", "--raw", "--no-abbrev", "-z", "-M", commit, "--"],
        top,
    )
    diff = parse_raw_diff(raw.split("\0"))
    untracked = [
        p for p in _git(["ls-files", "--others", "--exclude-standard", "-z"], top).split("\0") if p
    ]
    moved = _moved_untracked(untracked, diff.deleted_blobs, top)
    relative = [*diff.edited, *(p for p in untracked if p not in moved)]
    return Changes(revision, frozenset(os.path.realpath(os.path.join(top, p)) for p in relative))


def changed_articles(articles: Iterable[ArticleInfo], changes: Changes) -> frozenset[str]:
    """Ids of the articles whose files are among the changed paths."""
    return frozenset(a.id for a in articles if os.path.realpath(a.path) in changes.paths)


@dataclass(frozen=True, slots=True)
class RawDiff:
    """What `git diff --raw` says: paths with new content, and blobs of deleted files."""

    edited: tuple[str, ...]
    deleted_blobs: frozenset[str]


def parse_raw_diff(fields: Sequence[str]) -> RawDiff:
    """Read `git diff --raw -z -M` records.

    A record is `:MODE MODE OLDSHA NEWSHA STATUS NUL PATH NUL`, with a second path for
    renames (R) and copies (C), whose status carries a similarity ("R100" = identical).
    Added, modified, type-changed, copied and edited-while-renamed paths have new content;
    a pure rename does not.
    """
    edited: list[str] = []
    deleted: set[str] = set()
    index = 0
    while index < len(fields) and fields[index].startswith(":"):
        _, _, old_blob, _, status = fields[index][1:].split(" ")
        paths = 2 if status[0] in "RC" else 1
        path = fields[index + paths]
        if status[0] == "D":
            deleted.add(old_blob)
        elif status != "R100":
            edited.append(path)
        index += 1 + paths
    return RawDiff(tuple(edited), frozenset(deleted))


def _moved_untracked(untracked: list[str], deleted_blobs: frozenset[str], top: str) -> set[str]:
    """Untracked files identical to a deleted one: a rename git cannot see before `git add`."""
    if not untracked or not deleted_blobs:
        return set()
    blobs = _git(["hash-object", "--", *untracked], top).split()
    return {path for path, blob in zip(untracked, blobs, strict=True) if blob in deleted_blobs}


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
