"""Finding a large corpus fast: article files with their stat, manifest entries parsed once.

`checker.corpus.discover` and `read_manifest` are exact but made for small corpora: a
path computation per file and a YAML loader that records the line of every value.  A
check of an archive of 100,000 articles must not spend seconds before it reads an
article, and a re-check must not parse a manifest of 100,000 entries again because one
was appended.  So:

* `scan` walks the folders once with `os.scandir` (`checker.walk`, perhaps in a process
  started before this one imported the pipeline: `checker.ahead`), returning each
  article's id, path and stat (size, mtime, inode), in the same order and with the same
  root as `discover`, and a diagnostic for each folder it could not list (its articles
  go unchecked, which the user must hear about rather than get a clean report of a
  smaller corpus).
* `read_manifest_fast` splits `corpus.yaml` into its entries by their `- ` lines, parses
  only entries whose text it has not seen (remembered by a digest in the claims cache),
  and validates them as `read_manifest` does.  Anything unusual (another top-level key,
  anchors, tags, an entry with a problem) falls back to `read_manifest`, so diagnostics
  and edge cases stay exactly as there.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import accumulate, pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import orjson
import yaml
from pydantic import ValidationError
from yaml.nodes import MappingNode, ScalarNode

from checker.cache import FileStat
from checker.corpus import (
    MANIFEST_NAME,
    ManifestEntry,
    _normal_file,
    read_manifest,
    unlisted_folder,
)
from checker.model import Diagnostic
from checker.walk import paused_gc, walk

if TYPE_CHECKING:
    from checker.ahead import Ahead

# --- files ------------------------------------------------------------------------------


def scan(
    paths: Sequence[Path], ahead: Ahead | None = None
) -> tuple[Path, list[FileStat], list[Diagnostic]]:
    """The corpus root, its article files with their stat sorted by article id, and a
    diagnostic for each folder that could not be listed (`checker.walk`).  `ahead`: a
    walk begun earlier in another process (`checker.ahead`), taken if it walked these
    paths."""
    walked = ahead.take(paths) if ahead is not None else None
    if walked is None:
        walked = walk(paths)
    with paused_gc():
        files = list(map(FileStat._make, walked.rows))
    unlisted = [unlisted_folder(shown, error) for shown, error in walked.unlisted]
    return Path(walked.root), files, unlisted


# --- the manifest -----------------------------------------------------------------------


class EntryMemo(Protocol):
    """Where parsed manifest entries are remembered between runs (the claims cache):
    entries by the digest of their text, and stretches of the manifest (`_Stretch`)."""

    def manifest_entries(self, digests: Iterable[str]) -> dict[str, str]: ...

    def store_manifest_entries(self, entries: Mapping[str, str], keep: Iterable[str]) -> None: ...

    def manifest_segments(self) -> list[bytes]: ...

    def store_manifest_segments(self, first: int, segments: Sequence[bytes]) -> None: ...


class _Raws(Mapping[str, str]):
    """Entries' canonical JSON by file, cut out of a stretch's buffer when asked for: a
    re-check of 100,000 articles asks for a few entries, and building 100,000 strings it
    does not use would cost more than the rest of reading the manifest."""

    def __init__(self, stretch: _Stretch, files: Mapping[str, object]) -> None:
        self._stretch = stretch
        self._files = files  # the files listed, each once, in the manifest's order
        self._index: dict[str, int] | None = None

    def __getitem__(self, file: str) -> str:
        if file not in self._files:
            raise KeyError(file)
        if self._index is None:
            self._index = _first_positions(self._stretch.files)
        at, ends = self._index[file], self._stretch.ends
        return self._stretch.raws[ends[at - 1] if at else 0 : ends[at]].decode()

    def __iter__(self) -> Iterator[str]:
        return iter(self._files)

    def __len__(self) -> int:
        return len(self._files)


def _first_positions(files: Sequence[str]) -> dict[str, int]:
    """Where each file is listed first."""
    index: dict[str, int] = {}
    for at, file in enumerate(files):
        index.setdefault(file, at)
    return index


class Manifest(Mapping[str, ManifestEntry]):
    """Manifest entries by file, decoded on first use from their canonical JSON.

    A re-check reads only the few articles that changed, so only their entries need to
    become `ManifestEntry` objects; every article needs its entry's `digest`, which a
    remembered manifest brings along (`digests`) rather than hashing every entry again.
    """

    def __init__(self, raw: Mapping[str, str], digests: Mapping[str, str] | None = None) -> None:
        self._raw = raw
        self._digests = digests
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
        return self.digests().get(file, "")

    def digests(self) -> Mapping[str, str]:
        """Every entry's `digest` by file (a file without an entry has none)."""
        if self._digests is None:
            self._digests = {file: _digest(raw.encode()) for file, raw in self._raw.items()}
        return self._digests


def _digest(raw: bytes) -> str:
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


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

    With a memo, a manifest read before costs a hash of its bytes and the load of what
    was remembered; one appended to, that and a parse of the new entries; any other
    change, a parse of the entries whose text is new.  `present` are article ids known
    to exist (found by `scan`), so that checking that each entry names a file costs no
    system call for them.
    """
    path = root / MANIFEST_NAME
    if not path.is_file():
        return Manifest({}), []
    try:
        data = path.read_bytes()
    except OSError:
        return _slow(root)
    stretch = _remembered(data, memo) if memo is not None else None
    if stretch is None:
        stretch = _parse_all(data, memo)
    if stretch is None:
        return _slow(root)
    return _entries(root, stretch, set(present))


def _slow(root: Path) -> tuple[Manifest, list[Diagnostic]]:
    entries, diags = read_manifest(root)
    return Manifest.of(entries), diags


# --- remembered stretches of the manifest ---


_FORMAT = 1
_EMPTY = hashlib.sha256(b"").hexdigest()
_LENGTH = 8  # bytes of a stored stretch's header length


@dataclass(frozen=True, slots=True)
class _Stretch:
    """The parsed entries of bytes `start` to `end` of `corpus.yaml`, as the claims cache
    keeps them between runs.

    The digests of the bytes before `start` and before `end` chain stretches together
    and tie them to the file: when the file's first `end` bytes still have the digest,
    every stretch up to this one still holds, and what follows was appended.  An append
    is remembered as a stretch of its own, so a re-check writes only its new entries
    (rewriting the 30 MB of a 100,000-entry manifest costs a tenth of a second).
    """

    start: int
    end: int
    before: str  # sha256 of the file's bytes before `start`
    through: str  # sha256 of its bytes before `end`
    line: int  # number of the line that begins at `end`
    indent: str  # of the entries' `- `
    files: list[str]  # each entry's file, in the order of the manifest
    lines: list[int]  # the line of each entry's `file` key
    digests: list[str]  # each entry's `Manifest.digest`
    raws: bytes  # each entry's canonical JSON in UTF-8, back to back
    ends: list[int]  # where each entry's JSON ends in `raws`

    def encode(self) -> bytes:
        """A header of JSON (orjson parses 100,000 names in a few milliseconds), then
        the entries' JSON as it is: no escaping on the way in, no parse on the way out."""
        head = orjson.dumps(
            {
                "format": _FORMAT,
                "start": self.start,
                "end": self.end,
                "before": self.before,
                "through": self.through,
                "line": self.line,
                "indent": self.indent,
                "files": self.files,
                "lines": self.lines,
                "digests": self.digests,
                "ends": self.ends,
            }
        )
        return len(head).to_bytes(_LENGTH, "big") + head + self.raws

    @classmethod
    def decode(cls, blob: bytes) -> _Stretch | None:
        """The stretch `encode` wrote, or None for anything else (another format)."""
        try:
            size = int.from_bytes(blob[:_LENGTH], "big")
            head = orjson.loads(memoryview(blob)[_LENGTH : _LENGTH + size])
            if not isinstance(head, dict) or head.get("format") != _FORMAT:
                return None
            del head["format"]
            stretch = cls(raws=blob[_LENGTH + size :], **head)
        except (ValueError, TypeError, KeyError, AttributeError):  # orjson's error is a ValueError
            return None
        return stretch if stretch._consistent() else None

    def _consistent(self) -> bool:
        count = len(self.files)
        return (
            len(self.lines) == len(self.ends) == len(self.digests) == count
            and (self.ends[-1] if count else 0) == len(self.raws)
            and 0 <= self.start <= self.end
        )

    @classmethod
    def join(cls, parts: Sequence[_Stretch]) -> _Stretch:
        """Consecutive stretches as one."""
        if len(parts) == 1:
            return parts[0]
        ends: list[int] = []
        offset = 0
        for part in parts:
            ends.extend(part.ends if not offset else (end + offset for end in part.ends))
            offset += len(part.raws)
        return cls(
            parts[0].start,
            parts[-1].end,
            parts[0].before,
            parts[-1].through,
            parts[-1].line,
            parts[0].indent,
            [file for part in parts for file in part.files],
            [line for part in parts for line in part.lines],
            [digest for part in parts for digest in part.digests],
            b"".join(part.raws for part in parts),
            ends,
        )


def _stretch(
    span: tuple[int, int, str, str, int], indent: str, chunks: Sequence[_Chunk], raws: list[str]
) -> _Stretch:
    """The stretch of the given entries; `span` is its start, end, before, through, line."""
    encoded = [raw.encode() for raw in raws]
    return _Stretch(
        *span,
        indent,
        [_file_of(raw) for raw in raws],
        [_file_line(chunk) for chunk in chunks],
        list(map(_digest, encoded)),
        b"".join(encoded),
        list(accumulate(map(len, encoded))),
    )


def _remembered(data: bytes, memo: EntryMemo) -> _Stretch | None:
    """The entries of the manifest `data` from the memo's stretches when they are its
    beginning, parsing only what was appended; None when they are not (or the appended
    text is unusual), for the per-entry path to decide."""
    stretches = _stretches(memo.manifest_segments())
    if not stretches or len(data) < stretches[-1].end:
        return None
    last = stretches[-1]
    hasher = hashlib.sha256(memoryview(data)[: last.end])
    if hasher.hexdigest() != last.through:
        return None
    if len(data) == last.end:
        return _Stretch.join(stretches)
    hasher.update(memoryview(data)[last.end :])
    new = _appended(data, last, hasher.hexdigest())
    if new is None:
        return None
    first, rewritten = _settle(stretches, new)
    memo.store_manifest_segments(first, [stretch.encode() for stretch in rewritten])
    return _Stretch.join([*stretches, new])


def _stretches(blobs: Sequence[bytes]) -> list[_Stretch]:
    """The stored stretches when they decode and follow each other from the file's
    first byte; none otherwise (another run may have rewritten some of them)."""
    stretches = [_Stretch.decode(blob) for blob in blobs]
    known = [s for s in stretches if s is not None]
    if len(known) != len(stretches) or not known:
        return []
    if known[0].start != 0 or known[0].before != _EMPTY:
        return []
    for a, b in pairwise(known):
        if (b.start, b.before, b.indent) != (a.end, a.through, a.indent):
            return []
    return known


def _appended(data: bytes, last: _Stretch, through: str) -> _Stretch | None:
    """The entries after byte `last.end`, when they begin at a line that begins an
    entry and are usual (see `_chunks`).

    Then the whole text would split into the old text's entries and these (the split is
    at lines that begin an entry; the checks are line by line), so parsing them alone
    gives what parsing it all would."""
    if data[last.end - 1 : last.end] != b"\n":
        return None
    try:
        text = data[last.end :].decode("utf-8").replace("\r\n", "\n")
    except UnicodeDecodeError:
        return None
    if not text.startswith(last.indent + "- "):
        return None
    chunks = _split(text, last.indent, last.line)
    raws = None if chunks is None else _parse(chunks)
    if chunks is None or raws is None:
        return None
    span = (last.end, len(data), last.through, through, last.line + text.count("\n"))
    return _stretch(span, last.indent, chunks, raws)


def _settle(stretches: Sequence[_Stretch], new: _Stretch) -> tuple[int, list[_Stretch]]:
    """Where the stored stretches change (an index) and what replaces them from there.

    A new stretch is merged with the ones before it while they are at most twice its
    size: sizes then grow geometrically from the newest, so there are a few stretches
    (a logarithm of the appends) and an entry is rewritten a few times in all; the first
    stretch of a large manifest is rewritten only once as much has been appended."""
    first, merged = len(stretches), new
    while first and _size(stretches[first - 1]) <= 2 * _size(merged):
        first -= 1
        merged = _Stretch.join([stretches[first], merged])
    return first, [merged]


def _size(stretch: _Stretch) -> int:
    return stretch.end - stretch.start


# --- parsing entries ---


def _parse_all(data: bytes, memo: EntryMemo | None) -> _Stretch | None:
    """The entries of `data`, parsing only those whose text the memo has not seen, and
    remembered as one stretch; None when the file needs `read_manifest`."""
    try:
        text = data.decode("utf-8-sig").replace("\r\n", "\n")
    except UnicodeDecodeError:
        return None
    split = _chunks(text)
    if split is None:
        return None
    indent, chunks = split
    digests = [_digest(c.text.encode()) for c in chunks]
    known = memo.manifest_entries(digests) if memo is not None else {}
    parsed = _parse([c for c, d in zip(chunks, digests, strict=True) if d not in known])
    if parsed is None:
        return None
    fresh = iter(parsed)
    raws = [known[d] if d in known else next(fresh) for d in digests]
    span = (0, len(data), _EMPTY, hashlib.sha256(data).hexdigest(), text.count("\n") + 1)
    stretch = _stretch(span, indent, chunks, raws)
    if memo is not None:
        new = {d: r for d, r in zip(digests, raws, strict=True) if d not in known}
        if new or len(set(digests)) != len(known):
            memo.store_manifest_entries(new, digests)
        memo.store_manifest_segments(0, [stretch.encode()])
    return stretch


@dataclass(frozen=True, slots=True)
class _Chunk:
    line: int  # 1-based line of the entry's "- "
    text: str


_TOP = re.compile(r"articles:[ \t]*(?:#.*)?")
_FIRST_ITEM = re.compile(r"^( *)- ", re.M)
_FILE_KEY = re.compile(r"(?:^|[\s{,])[\"']?file[\"']?[ \t]*:")


def _chunks(text: str) -> tuple[str, list[_Chunk]] | None:
    """The entries' indentation and texts under `articles:`, or None when the file has
    any other shape: anything but comments and `articles:` before the first `- `, or
    entries `_split` refuses."""
    first = _FIRST_ITEM.search(text)
    if first is None or not _header_only(text[: first.start()]):
        return None
    line = text.count("\n", 0, first.start()) + 1
    chunks = _split(text[first.start() :], first.group(1), line)
    return None if chunks is None else (first.group(1), chunks)


def _split(body: str, indent: str, line: int) -> list[_Chunk] | None:
    """The entries of `body` (which begins with one, at `line`), or None when a line is
    neither an entry, a comment, blank nor indented under an entry, or when YAML
    features (anchors, aliases, tags, merges, documents) tie entries to each other."""
    margin = re.escape(indent)
    stray = re.compile(rf"^(?!{margin}- |{margin} |[ \t]*(?:#|$))", re.M)
    if stray.search(body) is not None or _unusual(body):
        return None
    starts = [0, *(m.start() + 1 for m in re.finditer(rf"\n{margin}- ", body))]
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


def _entries(root: Path, stretch: _Stretch, present: set[str]) -> tuple[Manifest, list[Diagnostic]]:
    """Entries by file (the first entry of a file counts) with the diagnostics
    `read_manifest` gives for duplicates and missing files, in the manifest's order, at
    the line of each entry's `file` key.  Whole-list operations, no Python work per
    entry, when no file is listed twice or missing: a re-check of 100,000 articles."""
    files = stretch.files
    digests = dict(zip(files, stretch.digests, strict=True))
    absent = [file for file in digests.keys() - present if not (root / file).is_file()]
    if len(digests) == len(files) and not absent:
        return Manifest(_Raws(stretch, digests), digests), []
    index = _first_positions(files)
    digests = {file: stretch.digests[at] for file, at in index.items()}
    twice = [at for at, file in enumerate(files) if index[file] != at]
    diags = [_problem(stretch, index, at) for at in sorted(twice + [index[f] for f in absent])]
    return Manifest(_Raws(stretch, digests), digests), diags


def _problem(stretch: _Stretch, index: Mapping[str, int], at: int) -> Diagnostic:
    """The diagnostic of entry `at`: a file listed before, or else a missing file."""
    file = stretch.files[at]
    line = stretch.lines[at]
    if index[file] != at:
        message = f"duplicate entry for '{file}' (first on line {stretch.lines[index[file]]})"
        return Diagnostic(MANIFEST_NAME, message, line=line, field="file")
    return Diagnostic(MANIFEST_NAME, f"no such article '{file}'", line, "file")


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
