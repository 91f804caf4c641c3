"""Finding a corpus's article files with their stat: a walk that needs nothing but the
standard library, so that a process forked before the rest of factcheck is imported
can run it (`checker.ahead`).

Same root, ids and order as `checker.corpus.discover`, without a path computation per
file: a walk over 100,000 files does everything here 100,000 times.
"""

from __future__ import annotations

import gc
import os
import stat
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from operator import attrgetter, itemgetter
from pathlib import Path

ARTICLE_SUFFIXES = frozenset({".txt", ".md"})


def walk(paths: Sequence[Path]) -> Walked:
    """The corpus root, its article files with their stat sorted by article id, and the
    folders that could not be listed, with why.

    Same root, ids and order as `checker.corpus.discover`: folders walked without
    following directory symlinks or entering hidden folders, named files kept when
    they are articles.  A file that cannot be stat'ed gets zeros (reading it reports why).
    A given path that cannot be stat'ed is skipped (`checker.paths.path_problem` says why).
    """
    given = [(p, Path(os.path.abspath(p))) for p in paths]
    kinds = [(shown, full, _is_folder(full)) for shown, full in given]
    existing = [(shown, full, folder) for shown, full, folder in kinds if folder is not None]
    bases = [full if folder else full.parent for _, full, folder in existing]
    if bases:
        root = Path(os.path.commonpath(bases))
    else:
        root = given[0][1].parent if given else Path(os.path.abspath("."))
    rows: list[Row] = []
    unlisted: list[tuple[str, OSError]] = []
    with paused_gc():
        for shown, path, folder in existing:
            if folder:
                prefix = _relative_prefix(root, str(path))
                _walk(str(path), prefix, prefix[:-1] or str(shown), rows, unlisted)
            elif article_name(path.name):
                rows.append(_stat(Path(os.path.relpath(path, root)).as_posix(), str(path)))
        if len(existing) > 1:  # overlapping paths find a file twice: keep the first
            rows = list({row[0]: row for row in reversed(rows)}.values())
        rows.sort(key=_id)
    return Walked(str(root), rows, unlisted)


# An article file as the walk finds it: id, path, size, mtime_ns, inode.  Tuples, made
# into `FileStat`s once sorted: the cheapest objects to build and to sort by id.
Row = tuple[str, str, int, int, int]


@dataclass(frozen=True, slots=True)
class Walked:
    """What a walk found: the corpus root, its article files (`Row`s sorted by id), and
    each folder that could not be listed, as shown to the user, with the error."""

    root: str
    rows: list[Row]
    unlisted: list[tuple[str, OSError]]


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection while a phase allocates objects without cycles.

    A walk of 100,000 files allocates a stat result, a row and a `FileStat` per file;
    each thousand of them triggers a collection, and as the heap grows CPython traverses
    all of it again several times: a tenth of a second at that size, for nothing."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _is_folder(path: Path) -> bool | None:
    """Whether `path` is a folder, or None when it cannot be stat'ed at all (missing,
    a broken link, a link loop, a parent folder we may not enter)."""
    try:
        return stat.S_ISDIR(os.stat(path).st_mode)
    except (OSError, ValueError):
        return None


def article_name(name: str) -> bool:
    """`checker.corpus._is_article_name` without building a path object for each file
    (a walk over 100,000 files does this 100,000 times).

    A stem lowers to "readme" only when it is six ASCII letters (no other character
    lowers to one of them, and only U+0130 lowers to two characters, one an accent),
    so only a dot at 6 needs the comparison."""
    dot = name.rfind(".")
    if dot <= 0 or name[0] == ".":
        return False
    suffix = name[dot:]
    if suffix not in ARTICLE_SUFFIXES and suffix.lower() not in ARTICLE_SUFFIXES:
        return False
    return dot != 6 or name[:6].lower() != "readme"


def _relative_prefix(root: Path, folder: str) -> str:
    rel = Path(os.path.relpath(folder, root)).as_posix()
    return "" if rel == "." else rel + "/"


def _walk(
    folder: str, prefix: str, shown: str, rows: list[Row], unlisted: list[tuple[str, OSError]]
) -> None:
    """Add the article files under `folder` and its subfolders to `rows`, in no order.
    A folder that cannot be listed is added to `unlisted`, named as `shown`.

    Subfolders are entered in name order, so the diagnostics come in the order of
    `discover`'s; files need no order here, `walk` sorts them all once."""
    try:
        entries = list(os.scandir(folder))
    except OSError as exc:
        unlisted.append((shown, exc))
        return
    subfolders = []
    for entry in entries:
        try:
            is_folder = entry.is_dir()
        except OSError:
            is_folder = False
        if is_folder:
            if entry.name[0] != "." and not entry.is_symlink():
                subfolders.append(entry)
        elif article_name(entry.name):
            try:
                st = entry.stat()
            except OSError:
                rows.append((prefix + entry.name, entry.path, 0, 0, 0))
                continue
            rows.append((prefix + entry.name, entry.path, st.st_size, st.st_mtime_ns, st.st_ino))
    for sub in sorted(subfolders, key=_name):
        name = prefix + sub.name
        _walk(sub.path, name + "/", name, rows, unlisted)


_name = attrgetter("name")
_id = itemgetter(0)


def _stat(article_id: str, path: str) -> Row:
    try:
        st = os.stat(path)
    except OSError:
        return (article_id, path, 0, 0, 0)
    return (article_id, path, st.st_size, st.st_mtime_ns, st.st_ino)
