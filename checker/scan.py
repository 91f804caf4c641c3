"""Finding a large corpus fast: article files with their stat, manifest entries parsed once.

`checker.corpus.discover` and `read_manifest` are exact but made for small corpora: a
path computation per file and a YAML loader that records the line of every value.  A
check of an archive of 100,000 articles must not spend seconds before it reads an
article, and a re-check must not parse a manifest of 100,000 entries again because one
was appended.  So:

* `scan` walks the folders once with `os.scandir`, returning each article's id, path
  and stat (size, mtime, inode), in the same order and with the same root as `discover`,
  and a diagnostic for each folder it could not list (its articles go unchecked, which
  the user must hear about rather than get a clean report of a smaller corpus).
* `read_manifest_fast` splits `corpus.yaml` into its entries by their `- ` lines, parses
  only entries whose text it has not seen (remembered by a digest in the claims cache),
  and validates them as `read_manifest` does.  Anything unusual (another top-level key,
  anchors, tags, an entry with a problem) falls back to `read_manifest`, so diagnostics
  and edge cases stay exactly as there.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import re
import stat
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import Any, Protocol

import yaml
from pydantic import ValidationError
from yaml.nodes import MappingNode, ScalarNode

from checker.cache import FileStat
from checker.corpus import (
    ARTICLE_SUFFIXES,
    MANIFEST_NAME,
    ManifestEntry,
    _normal_file,
    read_manifest,
    unlisted_folder,
)
from checker.model import Diagnostic

# --- files ------------------------------------------------------------------------------


def scan(paths: Sequence[Path]) -> tuple[Path, list[FileStat], list[Diagnostic]]:
    """The corpus root, its article files with their stat sorted by article id, and a
    diagnostic for each folder that could not be listed.

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
    rows: list[_Row] = []
    unlisted: list[Diagnostic] = []
    with _paused_gc():
        for shown, path, folder in existing:
            if folder:
                prefix = _relative_prefix(root, str(path))
                _walk(str(path), prefix, prefix[:-1] or str(shown), rows, unlisted)
            elif _article_name(path.name):
                rows.append(_stat(Path(os.path.relpath(path, root)).as_posix(), str(path)))
        if len(existing) > 1:  # overlapping paths find a file twice: keep the first
            rows = list({row[0]: row for row in reversed(rows)}.values())
        rows.sort(key=_id)
        return root, [FileStat(*row) for row in rows], unlisted


# An article file as the walk finds it: id, path, size, mtime_ns, inode.  Tuples, made
# into `FileStat`s once sorted: the cheapest objects to build and to sort by id.
_Row = tuple[str, str, int, int, int]


@contextmanager
def _paused_gc() -> Iterator[None]:
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


def _article_name(name: str) -> bool:
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
    folder: str, prefix: str, shown: str, rows: list[_Row], unlisted: list[Diagnostic]
) -> None:
    """Add the article files under `folder` and its subfolders to `rows`, in no order.
    A folder that cannot be listed adds a diagnostic naming it as `shown` to `unlisted`.

    Subfolders are entered in name order, so the diagnostics come in the order of
    `discover`'s; files need no order here, `scan` sorts them all once."""
    try:
        entries = list(os.scandir(folder))
    except OSError as exc:
        unlisted.append(unlisted_folder(shown, exc))
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
        elif _article_name(entry.name):
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


def _stat(article_id: str, path: str) -> _Row:
    try:
        st = os.stat(path)
    except OSError:
        return (article_id, path, 0, 0, 0)
    return (article_id, path, st.st_size, st.st_mtime_ns, st.st_ino)


# --- the manifest -----------------------------------------------------------------------


class EntryMemo(Protocol):
    """Where parsed manifest entries are remembered between runs (the claims cache)."""

    def manifest_entries(self, digests: Iterable[str]) -> dict[str, str]: ...

    def store_manifest_entries(self, entries: Mapping[str, str], keep: Iterable[str]) -> None: ...


class Manifest(Mapping[str, ManifestEntry]):
    """Manifest entries by file, decoded on first use from their canonical JSON.

    A re-check reads only the few articles that changed, so only their entries need to
    become `ManifestEntry` objects; every article needs its entry's `digest`.
    """

    def __init__(self, raw: Mapping[str, str]) -> None:
        self._raw = raw
        self._decoded: dict[str, ManifestEntry] = {}

    @classmethod
    def of(cls, entries: Mapping[str, ManifestEntry]) -> Manifest:
        manifest = cls({file: _canonical(entry) for file, entry in entries.items()})
        manifest._decoded.update(entries)
        return manifest

    def __getitem__(self, file: str) -> ManifestEntry:
        entry = self._decoded.get(file)
        if entry is None:
            entry = self._decoded[file] = _decode_entry(self._raw[file])
        return entry

    def __iter__(self) -> Iterator[str]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)

    def digest(self, file: str) -> str:
        """A digest of the file's entry ("" without one): what the cache compares."""
        raw = self._raw.get(file)
        return "" if raw is None else hashlib.blake2b(raw.encode(), digest_size=16).hexdigest()


def _canonical(entry: ManifestEntry) -> str:
    return json.dumps(entry.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)


def _decode_entry(raw: str) -> ManifestEntry:
    """An entry validated when it was stored: rebuilt without validating again."""
    data = json.loads(raw)
    published = data.get("published")
    data["published"] = date.fromisoformat(published) if published else None
    return ManifestEntry.model_construct(**data)


def read_manifest_fast(
    root: Path, memo: EntryMemo | None = None, present: Iterable[str] = ()
) -> tuple[Manifest, list[Diagnostic]]:
    """The manifest's entries and located problems, as `read_manifest` gives them.

    `present` are article ids known to exist (found by `scan`), so that checking that
    each entry names a file costs no system call for them.
    """
    path = root / MANIFEST_NAME
    if not path.is_file():
        return Manifest({}), []
    try:
        text = path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
    except (OSError, UnicodeDecodeError):
        return _slow(root)
    chunks = _chunks(text)
    if chunks is None:
        return _slow(root)
    digests = [hashlib.blake2b(c.text.encode(), digest_size=16).hexdigest() for c in chunks]
    known = memo.manifest_entries(digests) if memo is not None else {}
    parsed = _parse([c for c, d in zip(chunks, digests, strict=True) if d not in known])
    if parsed is None:
        return _slow(root)
    fresh = iter(parsed)
    raws = [known[d] if d in known else next(fresh) for d in digests]
    if memo is not None:
        new = {d: r for d, r in zip(digests, raws, strict=True) if d not in known}
        if new or len(set(digests)) != len(known):
            memo.store_manifest_entries(new, digests)
    return _entries(root, chunks, raws, set(present))


def _slow(root: Path) -> tuple[Manifest, list[Diagnostic]]:
    entries, diags = read_manifest(root)
    return Manifest.of(entries), diags


@dataclass(frozen=True, slots=True)
class _Chunk:
    line: int  # 1-based line of the entry's "- "
    text: str


_TOP = re.compile(r"articles:[ \t]*(?:#.*)?")
_FIRST_ITEM = re.compile(r"^( *)- ", re.M)
_FILE_KEY = re.compile(r"(?:^|[\s{,])[\"']?file[\"']?[ \t]*:")


def _chunks(text: str) -> list[_Chunk] | None:
    """The entries' texts under `articles:`, or None when the file has any other shape:
    anything but comments and `articles:` before the first `- `, a line after it that
    is neither an entry, a comment, blank nor indented under an entry, or YAML features
    (anchors, aliases, tags, merges, documents) that tie entries to each other."""
    first = _FIRST_ITEM.search(text)
    if first is None or not _header_only(text[: first.start()]):
        return None
    indent = re.escape(first.group(1))
    body = text[first.start() :]
    stray = re.compile(rf"^(?!{indent}- |{indent} |[ \t]*(?:#|$))", re.M)
    if stray.search(body) is not None or _unusual(body):
        return None
    starts = [0, *(m.start() + 1 for m in re.finditer(rf"\n{indent}- ", body))]
    line = text.count("\n", 0, first.start()) + 1
    chunks = []
    for start, end in zip(starts, [*starts[1:], len(body)], strict=True):
        chunks.append(_Chunk(line, body[start:end].rstrip() + "\n"))
        line += body.count("\n", start, end)
    return chunks


def _unusual(body: str) -> bool:
    """Anchors, aliases, tags, merge keys or document markers anywhere in the entries.

    Found by looking for their characters first (fast even in 20 MB of manifest), then
    at what precedes each one: "Q&A" in a title is text, "- &x {…}" an anchor."""
    for char in "&*!":
        at = body.find(char)
        while at != -1:
            if at == 0 or body[at - 1] in " \t\n\r[{,:":
                return True
            at = body.find(char, at + 1)
    return "<<" in body or "\n---" in body or "\n..." in body


def _header_only(head: str) -> bool:
    """Comments, blank lines and one `articles:` line: what may come before the list."""
    tops = 0
    for line in head.split("\n"):
        bare = line.strip()
        if not bare or bare.startswith("#"):
            continue
        if not _TOP.fullmatch(line.rstrip()):
            return False
        tops += 1
    return tops == 1


class _Loader(yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader):  # type: ignore[misc]
    """libyaml's parser; a duplicate key is refused, as `load_yaml` refuses it."""

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        keys = [k.value for k, _ in node.value if isinstance(k, ScalarNode)]
        if len(keys) != len(set(keys)):
            raise yaml.constructor.ConstructorError(None, None, "duplicate key", node.start_mark)
        return super().construct_mapping(node, deep)  # type: ignore[no-any-return]


def _parse(chunks: Sequence[_Chunk]) -> list[str] | None:
    """Canonical JSON of each entry, or None when one needs `read_manifest`'s diagnostics."""
    if not chunks:
        return []
    try:
        data = yaml.load("articles:\n" + "".join(c.text for c in chunks), Loader=_Loader)
    except (yaml.YAMLError, RecursionError):
        return None
    items = data.get("articles") if isinstance(data, dict) else None
    if not isinstance(items, list) or len(items) != len(chunks):
        return None
    out = []
    for raw in items:
        entry = _valid(raw)
        if entry is None:
            return None
        out.append(_canonical(entry))
    return out


def _valid(raw: Any) -> ManifestEntry | None:
    if not isinstance(raw, dict) or set(raw) - set(ManifestEntry.model_fields):
        return None
    try:
        entry = ManifestEntry.model_validate(raw)
    except ValidationError:
        return None
    file = _normal_file(entry.file)
    return None if file is None else entry.model_copy(update={"file": file})


def _entries(
    root: Path, chunks: Sequence[_Chunk], raws: Sequence[str], present: set[str]
) -> tuple[Manifest, list[Diagnostic]]:
    """Entries by file with the diagnostics `read_manifest` gives for duplicates and
    missing files, at the line of each entry's `file` key."""
    entries: dict[str, str] = {}
    first: dict[str, _Chunk] = {}
    diags: list[Diagnostic] = []
    for chunk, raw in zip(chunks, raws, strict=True):
        file = _file_of(raw)
        if file in entries:
            message = f"duplicate entry for '{file}' (first on line {_file_line(first[file])})"
            diags.append(Diagnostic(MANIFEST_NAME, message, line=_file_line(chunk), field="file"))
            continue
        if file not in present and not (root / file).is_file():
            message = f"no such article '{file}'"
            diags.append(Diagnostic(MANIFEST_NAME, message, _file_line(chunk), "file"))
        entries[file] = raw
        first[file] = chunk
    return Manifest(entries), diags


_DECODER = json.JSONDecoder()
_FILE_FIRST = '{"file": '


def _file_of(raw: str) -> str:
    """The file of a canonical entry: its first key, read without decoding the rest."""
    if raw.startswith(_FILE_FIRST):
        return str(_DECODER.raw_decode(raw, len(_FILE_FIRST))[0])
    return str(json.loads(raw)["file"])


def _file_line(chunk: _Chunk) -> int:
    m = _FILE_KEY.search(chunk.text)
    return chunk.line + (chunk.text.count("\n", 0, m.start()) if m else 0)
