"""Files -> Articles: discovery, decoding, metadata (front matter, manifest, dateline).

A corpus is whatever newsrooms and scrapers left on disk, so every problem with one file
(wrong encoding, binary junk, an empty file, a broken manifest line) becomes a one-line
`Diagnostic` and the run goes on with the other files.  Nothing here raises for bad input.

Offsets.  `Article.text` is the decoded text with a UTF-8 byte-order mark removed, CRLF
and lone CR normalised to LF, and YAML front matter (if any) cut off; every offset that
later stages report (claims, evidence, line/column) refers to this normalised text.
`Article.text_offset` is the number of characters of front matter removed, so an offset
in the normalised file is ``text_offset + offset``; `Article.line_offset` is the number of
lines removed, so a line in the file is ``line_offset + line``.

Metadata, first match wins per field: YAML front matter in the file, then `corpus.yaml`
in the corpus root, then (for the date only) a dateline near the top of the text.
"""

from __future__ import annotations

import calendar
import hashlib
import os
import re
import stat
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from checker.model import Article, Diagnostic, Level
from checker.paths import os_reason as _reason
from checker.paths import path_problem
from checker.paths import unreachable as _unreachable
from checker.rulebook.yamlload import LocatedData, YamlError, load_yaml
from checker.walk import ARTICLE_SUFFIXES

__all__ = [
    "DEFAULT_MAX_BYTES",
    "MANIFEST_NAME",
    "CorpusLoad",
    "ManifestEntry",
    "discover",
    "infer_dateline",
    "iter_articles",
    "load_corpus",
    "read_manifest",
    "same_files",
]

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
"""Larger files are skipped with a diagnostic.  A news article is well under 1 MB; a file
of many megabytes is a dump or a mistake, and extraction runs at a few seconds per
megabyte of dense text, so checking it would stall a CI run."""
MANIFEST_NAME = "corpus.yaml"
UNDATED = "no publication date: compared by in-text dates only"

YearHint = Callable[[str], Sequence[int]]


@dataclass(frozen=True, slots=True)
class CorpusLoad:
    root: Path
    articles: tuple[Article, ...]
    diagnostics: tuple[Diagnostic, ...]


def _to_date(value: Any) -> Any:
    """Accept a datetime or an ISO string where a date is expected (front matter and
    manifests are written by hand: `2022-01-13 10:43` means that day)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.strip()).date()
        except ValueError:
            return value
    return value


class ManifestEntry(BaseModel):
    """One article's metadata in `corpus.yaml`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    file: str = Field(min_length=1)
    outlet: str | None = None
    published: date | None = None
    url: str | None = None
    title: str | None = None

    @field_validator("published", mode="before")
    @classmethod
    def _published(cls, value: Any) -> Any:
        return _to_date(value)


class FrontMatter(BaseModel):
    """The metadata we read from front matter; other keys (tags, author…) are ignored
    because front matter is shared with static-site generators."""

    model_config = ConfigDict(extra="ignore", frozen=True, populate_by_name=True)

    published: date | None = None
    date_: date | None = Field(None, alias="date")
    outlet: str | None = None
    url: str | None = None
    title: str | None = None

    @field_validator("published", "date_", mode="before")
    @classmethod
    def _dates(cls, value: Any) -> Any:
        return _to_date(value)


# --- discovery ------------------------------------------------------------------------


def discover(
    paths: Sequence[Path], unlisted: list[Diagnostic] | None = None
) -> tuple[Path, list[Path]]:
    """The corpus root and the article files under `paths`, sorted by article id.

    The root is the common folder of the given paths (a file counts by its folder).
    Folders are walked without following directory symlinks (so a symlink loop cannot
    hang us) and without hidden folders; only `.txt` and `.md` files are articles, and
    README files are not.  Missing paths and named files that are not articles are
    skipped here and reported by `load_corpus`; a folder that cannot be listed adds a
    diagnostic to `unlisted`.
    """
    given = [(p, Path(os.path.abspath(p))) for p in paths]
    existing = [(shown, full) for shown, full in given if full.exists()]
    bases = [p if p.is_dir() else p.parent for _, p in existing]
    if bases:
        root = Path(os.path.commonpath(bases))
    else:
        root = given[0][1].parent if given else Path(os.path.abspath("."))
    problems = unlisted if unlisted is not None else []
    found: dict[str, Path] = {}
    for shown, path in existing:
        if path.is_dir():
            files: Iterable[Path] = _walk(path, root, str(shown), problems)
        else:
            files = [path] if _is_article_name(path.name) else []
        for file in files:
            found.setdefault(_article_id(root, file), file)
    return root, [found[key] for key in sorted(found)]


def unlisted_folder(shown: str, exc: OSError) -> Diagnostic:
    """A folder that could not be listed: its articles are missing from the check."""
    return Diagnostic(shown, f"cannot list folder ({_reason(exc)}); its articles are not checked")


def _walk(folder: Path, root: Path, shown: str, unlisted: list[Diagnostic]) -> Iterator[Path]:
    def failed(exc: OSError) -> None:
        where = Path(exc.filename) if exc.filename else folder
        unlisted.append(unlisted_folder(shown if where == root else _article_id(root, where), exc))

    for dirpath, dirnames, filenames in os.walk(folder, onerror=failed, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if _is_article_name(name):
                yield Path(dirpath) / name


def _is_article_name(name: str) -> bool:
    path = PurePosixPath(name)
    return (
        path.suffix.lower() in ARTICLE_SUFFIXES
        and path.stem.lower() != "readme"
        and not name.startswith(".")
    )


def _article_id(root: Path, file: Path) -> str:
    return Path(os.path.relpath(file, root)).as_posix()


# --- the manifest ---------------------------------------------------------------------


def read_manifest(root: Path) -> tuple[dict[str, ManifestEntry], list[Diagnostic]]:
    """Entries of `root/corpus.yaml` by file (relative POSIX path) and located problems.

    A bad entry is reported and skipped; an entry with only unknown keys wrong is kept
    without them.  No manifest is not a problem: it is optional.
    """
    path = root / MANIFEST_NAME
    if not path.is_file():
        return {}, []
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        return {}, [Diagnostic(MANIFEST_NAME, f"cannot read the manifest: {_reason(exc)}")]
    try:
        doc = load_yaml(text.replace("\r\n", "\n"), MANIFEST_NAME)
    except YamlError as exc:
        return {}, [Diagnostic(MANIFEST_NAME, exc.message, line=exc.line)]
    return _manifest_entries(root, doc)


def _manifest_entries(
    root: Path, doc: LocatedData
) -> tuple[dict[str, ManifestEntry], list[Diagnostic]]:
    diags: list[Diagnostic] = []
    data = doc.data
    if data is None:
        return {}, diags
    if not isinstance(data, dict) or not isinstance(data.get("articles", []), list):
        message = "expected a mapping with a list under 'articles'"
        return {}, [Diagnostic(MANIFEST_NAME, message, line=doc.line_of(()) or 1)]
    for key in sorted(set(data) - {"articles"}):
        diags.append(_unknown_key(doc, (key,), key, ("articles",)))
    entries: dict[str, ManifestEntry] = {}
    first_line: dict[str, int | None] = {}
    for index, raw in enumerate(data.get("articles", [])):
        entry = _manifest_entry(doc, index, raw, diags)
        if entry is None:
            continue
        line = doc.line_of(("articles", index, "file"))
        if entry.file in entries:
            message = f"duplicate entry for '{entry.file}' (first on line {first_line[entry.file]})"
            diags.append(Diagnostic(MANIFEST_NAME, message, line=line, field="file"))
            continue
        if not (root / entry.file).is_file():
            message = f"no such article '{entry.file}'"
            diags.append(Diagnostic(MANIFEST_NAME, message, line=line, field="file"))
        entries[entry.file] = entry
        first_line[entry.file] = line
    return entries, diags


def _manifest_entry(
    doc: LocatedData, index: int, raw: Any, diags: list[Diagnostic]
) -> ManifestEntry | None:
    at: tuple[str | int, ...] = ("articles", index)
    if not isinstance(raw, dict):
        message = "an article entry must be a mapping (file, outlet, published, url, title)"
        diags.append(Diagnostic(MANIFEST_NAME, message, line=doc.line_of(at)))
        return None
    known = set(ManifestEntry.model_fields)
    for key in sorted(set(raw) - known):
        diags.append(_unknown_key(doc, (*at, key), key, sorted(known)))
    clean = {k: v for k, v in raw.items() if k in known}
    try:
        entry = ManifestEntry.model_validate(clean)
    except ValidationError as exc:
        diags.extend(_validation_diagnostics(doc, at, exc))
        return None
    file = _normal_file(entry.file)
    if file is None:
        message = f"'{entry.file}' must be a path inside the corpus folder"
        diags.append(Diagnostic(MANIFEST_NAME, message, doc.line_of((*at, "file")), "file"))
        return None
    return entry.model_copy(update={"file": file})


def _normal_file(name: str) -> str | None:
    path = PurePosixPath(name.replace("\\", "/"))
    if path.is_absolute() or ".." in path.parts or str(path) in ("", "."):
        return None
    return str(path)


def _unknown_key(
    doc: LocatedData, at: tuple[str | int, ...], key: str, expected: Iterable[str]
) -> Diagnostic:
    message = f"unknown key (expected one of: {', '.join(expected)})"
    return Diagnostic(MANIFEST_NAME, message, line=doc.line_of(at), field=key)


def _validation_diagnostics(
    doc: LocatedData, at: tuple[str | int, ...], exc: ValidationError
) -> list[Diagnostic]:
    diags = []
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        field = next((str(p) for p in reversed(loc) if isinstance(p, str)), None)
        line = doc.line_of((*at, *loc))
        diags.append(Diagnostic(MANIFEST_NAME, str(error["msg"]), line=line, field=field))
    return diags


# --- loading --------------------------------------------------------------------------


def load_corpus(
    paths: Sequence[Path],
    year_hint: YearHint | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> CorpusLoad:
    """Discover, read and date every article under `paths`; problems become diagnostics."""
    unlisted: list[Diagnostic] = []
    root, found = discover(paths, unlisted)
    diags = [d for d in map(_path_problem, map(Path, paths)) if d is not None]
    diags.extend(unlisted)
    keys = [(_article_id(root, file), _identity(file)) for file in found]
    again, same = same_files(keys)
    files = [
        file for file, (article_id, _) in zip(found, keys, strict=True) if article_id not in again
    ]
    diags.extend(same)
    manifest, manifest_diags = read_manifest(root)
    diags.extend(manifest_diags)
    articles: list[Article] = []
    for item in iter_articles(root, files, manifest, year_hint, max_bytes=max_bytes):
        if isinstance(item, Article):
            articles.append(item)
        else:
            diags.append(item)
    return CorpusLoad(root, tuple(articles), tuple(diags))


def same_files(
    files: Iterable[tuple[str, Hashable | None]],
) -> tuple[set[str], list[Diagnostic]]:
    """Ids whose file is an earlier id's file again, and a note for each.

    `files` are (article id, identity of the file or None when unknown), in corpus order.
    One file reached twice - a folder given once directly and once through a symlink, a
    linked article inside the corpus - is one source, not two agreeing ones: the first
    id is read, the others are skipped.
    """
    first: dict[Hashable, str] = {}
    again: set[str] = set()
    diags: list[Diagnostic] = []
    for article_id, identity in files:
        if identity is None:
            continue
        earlier = first.setdefault(identity, article_id)
        if earlier != article_id:
            again.add(article_id)
            message = f"the same file as '{earlier}': skipped"
            diags.append(Diagnostic(article_id, message, level=Level.NOTE))
    return again, diags


def _identity(file: Path) -> tuple[int, int] | None:
    try:
        info = file.stat()
    except OSError:
        return None  # reading it will say why
    return info.st_dev, info.st_ino


def _path_problem(path: Path) -> Diagnostic | None:
    """Why a path given on the command line yields nothing, if it cannot."""
    problem = path_problem(path)
    if problem is not None:
        return Diagnostic(str(path), problem, level=Level.ERROR)
    if path.is_file() and not _is_article_name(path.name):
        return Diagnostic(str(path), "not an article (.txt or .md, not a README): skipped")
    return None


def iter_articles(
    root: Path,
    files: Iterable[Path],
    manifest: Mapping[str, ManifestEntry],
    year_hint: YearHint | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Article | Diagnostic]:
    """Articles and diagnostics one file at a time, so a huge corpus is never held whole."""
    for file in files:
        article_id = _article_id(root, file)
        article, diags = read_article(
            file, article_id, manifest.get(article_id), year_hint, max_bytes=max_bytes
        )
        yield from diags
        if article is not None:
            yield article


def read_article(
    path: Path,
    article_id: str,
    entry: ManifestEntry | None = None,
    year_hint: YearHint | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> tuple[Article | None, list[Diagnostic]]:
    """One file -> an Article (or None when it cannot be used) and its diagnostics."""
    diags: list[Diagnostic] = []
    decoded = _read_text(path, article_id, max_bytes, diags)
    if decoded is None:
        return None, diags
    raw, full = decoded
    front, text = _front_matter(full, article_id, diags)
    published, source = _publication(front, entry, text, year_hint)
    if published is None:
        diags.append(Diagnostic(article_id, UNDATED, level=Level.NOTE))
    article = Article(
        id=article_id,
        path=path,
        text=text,
        published=published,
        date_source=source,
        outlet=_first(front.outlet if front else None, entry.outlet if entry else None),
        url=_first(front.url if front else None, entry.url if entry else None),
        title=_first(
            front.title if front else None, entry.title if entry else None, _heading(text)
        ),
        sha256=hashlib.sha256(raw).hexdigest(),
        text_offset=len(full) - len(text),
        line_offset=full.count("\n", 0, len(full) - len(text)),
    )
    return article, diags


def _first(*values: str | None) -> str | None:
    return next((v for v in values if v), None)


def _publication(
    front: FrontMatter | None,
    entry: ManifestEntry | None,
    text: str,
    year_hint: YearHint | None,
) -> tuple[date | None, str]:
    if front is not None and (front.published or front.date_):
        return front.published or front.date_, "front-matter"
    if entry is not None and entry.published:
        return entry.published, "manifest"
    hint = year_hint(text) if year_hint is not None else ()
    found = infer_dateline(text, hint)
    return (found, "dateline") if found else (None, "none")


# --- decoding -------------------------------------------------------------------------

_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32"),
    (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32"),
    (b"\xff\xfe", "utf-16-le", "UTF-16"),
    (b"\xfe\xff", "utf-16-be", "UTF-16"),
)


def _read_text(
    path: Path, article_id: str, max_bytes: int, diags: list[Diagnostic]
) -> tuple[bytes, str] | None:
    """Raw bytes and normalised text, or None after adding the reason to `diags`."""

    def skip(message: str) -> None:
        diags.append(Diagnostic(article_id, message))

    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # a FIFO or /dev/zero would block or never end
            skip(f"not a regular file ({_file_kind(info.st_mode)}): skipped")
            return None
        size = info.st_size
        if size > max_bytes:
            skip(f"file too large ({size:,} bytes; limit {max_bytes:,}): skipped")
            return None
        raw = path.read_bytes()
    except OSError as exc:
        skip(f"cannot read: {_unreachable(path, exc)}")
        return None
    text = _decode(raw, skip)
    if text is None:
        return None
    if not text.strip():
        skip("empty file")
        return None
    return raw, text.replace("\r\n", "\n").replace("\r", "\n")


def _file_kind(mode: int) -> str:
    kinds = (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    )
    return next((name for test, name in kinds if test(mode)), "a special file")


def _decode(raw: bytes, skip: Callable[[str], None]) -> str | None:
    for bom, codec, name in _BOMS:
        if raw.startswith(bom):
            try:
                text = raw[len(bom) :].decode(codec)
            except UnicodeDecodeError as exc:
                skip(f"not valid {name} ({exc.reason} at offset {exc.start + len(bom)})")
                return None
            skip(f"decoded as {name} (byte-order mark); UTF-8 is expected")
            return text
    if b"\x00" in raw:
        skip("binary file")
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        offset = exc.start + (3 if raw.startswith(b"\xef\xbb\xbf") else 0)
        skip(f"not valid UTF-8 (byte 0x{raw[offset]:02x} at offset {offset})")
        return None


# --- front matter ---------------------------------------------------------------------

_LOOKS_LIKE_YAML = re.compile(r"\A\s*(?:#[^\n]*\n\s*)*(?:[\w\-]+[ \t]*:(?:\s|\Z)|\Z)")
_FRONT = re.compile(r"\A---[ \t]*\n(?P<body>(?:.*?\n)??)(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


def _front_matter(
    text: str, article_id: str, diags: list[Diagnostic]
) -> tuple[FrontMatter | None, str]:
    """Front matter (None if absent or unusable) and the text after it.

    A malformed block is still cut off - it is metadata, not article text - and reported
    with its file line; the article is kept without that metadata.
    """
    if not text.startswith("---"):
        return None, text
    m = _FRONT.match(text)
    if m is None or not _LOOKS_LIKE_YAML.match(m.group("body")):
        return None, text
    rest = text[m.end() :]
    try:  # a blank line for the opening `---`, so that every line YAML names is the file's
        doc = load_yaml("\n" + m.group("body"), article_id)
    except YamlError as exc:
        line = exc.line or 1
        diags.append(Diagnostic(article_id, f"front matter: {exc.message}", line=line))
        return None, rest
    if doc.data is None:
        return None, rest
    if not isinstance(doc.data, dict):
        diags.append(
            Diagnostic(article_id, "front matter must be a mapping", line=doc.line_of(()) or 2)
        )
        return None, rest
    return _front_fields(doc, article_id, diags), rest


def _front_fields(doc: LocatedData, article_id: str, diags: list[Diagnostic]) -> FrontMatter:
    data: dict[str, Any] = dict(doc.data)
    try:
        return FrontMatter.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            key = str(error["loc"][0])
            line = doc.line_of((key,)) or 2
            message = f"front matter: {error['msg']}; ignored"
            diags.append(Diagnostic(article_id, message, line=line, field=key))
            data.pop(key, None)
        return FrontMatter.model_validate(data)


def _heading(text: str) -> str | None:
    """The first heading-like line: has letters, no final sentence punctuation."""
    for line in text.split("\n", 40)[:40]:
        line = line.strip()
        if any(c.isalpha() for c in line) and len(line) <= 200:
            return None if line[-1] in ".!?" else line
    return None


# --- datelines ------------------------------------------------------------------------

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS |= {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
_MONTHS["sept"] = 9
_MONTH_WORDS = "|".join(sorted(_MONTHS, key=len, reverse=True))
_MONTH = rf"(?P<month>(?i:{_MONTH_WORDS}))\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"

_FULL_DATES = (
    re.compile(rf"(?<!\d){_DAY}\s+{_MONTH},?\s+{_YEAR}(?!\d)"),
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}(?!\d)"),
    re.compile(r"(?<![\d.])(?P<day>[0-3]?\d)\.(?P<month>[01]?\d)\.(?P<year>(?:19|20)\d\d)(?![\d])"),
    re.compile(r"(?<!\d)(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)(?!\d)"),
)
_PLACE = r"[A-Z][A-Z'\-]+(?:\s[A-Z][A-Z'\-]+)*"
_YEAR_OPT = r"(?:,?\s+(?P<year>(?:19|20)\d\d))?"
_WIRE = re.compile(
    rf"^{_PLACE}(?:,\s*[A-Z][\w'\-]+)?[,.]\s+{_MONTH}\s+{_DAY}{_YEAR_OPT}(?=[\s.,/(\-–—]|$)"
)
_PLACES_LIST = re.compile(
    rf"^(?:[A-Z][\w'\-]+(?:\s[A-Z][\w'\-]+)?,\s*){{1,3}}{_MONTH}\s+{_DAY}{_YEAR_OPT}\s*[/(\-–—]"
)
_PAREN = re.compile(rf"^{_PLACE}\s*\((?P<inner>[^)\n]{{0,100}})\)")
_TIME = re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?", re.I)
_ZONE = re.compile(r"\(?\b(?:UTC|GMT)\b(?:\s*[+-]\s*\d{1,2}(?::?\d{2})?)?\)?")
_PREPOSITIONS = frozenset(
    {"on", "by", "since", "until", "till", "from", "to", "in", "before", "after", "of", "at"}
)
_YEARS_IN_TEXT = re.compile(r"(?<![\d,])(?<!\d\.)(?:199\d|20\d\d)(?!\d)(?![.,]\d)")
_DOTTED_YEAR = re.compile(r"\b\d{1,2}[./]\d{1,2}[./]((?:199\d|20\d\d))\b")
_WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_WEEKDAY = re.compile(r"\b(" + "|".join(calendar.day_name) + r")\b")

HEAD_CHARS = 800
HEAD_LINES = 8


def infer_dateline(text: str, year_hint: Sequence[int]) -> date | None:
    """The publication date from a dateline near the top of `text`, or None.

    Only the lines starting in the first ~800 characters (at most 8 non-blank lines) are
    looked at, and only dateline shapes count: a short line that is mostly a full date
    ("Kazakhstan Materials 20 December 2011 18:33 (UTC +04:00)", "13.01.2022, 10:43",
    "19:31 GMT 06.01.2022"), a wire dateline opening a line ("MOSCOW, January 25. /TASS/.",
    "NUR-SULTAN. Jan 10 (Interfax) -", "Azerbaijan, Baku, Dec. 20 / Trend") or a place
    with a dated parenthesis ("MOSCOW (UrduPoint News / Sputnik - 07th January, 2022)").
    Ordinary body sentences ("On January 19, the state of emergency was lifted") never do.

    A dateline without a year takes it from `year_hint` plus the 4-digit years written in
    the text: a weekday named near the dateline ("on Tuesday") picks the years where the
    day falls on it; of what remains, the latest year wins.  No candidate year, no date.
    """
    for offset, line in _head_lines(text):
        for found in (_date_line(line), _wire_dateline(line)):
            if found is None:
                continue
            month, day, year = found
            if year is not None:
                result = _make_date(year, month, day)
            else:
                window = text[offset : offset + HEAD_CHARS]
                result = _resolve_year(month, day, _candidate_years(text, year_hint), window)
            if result is not None:
                return result
    return None


def _head_lines(text: str) -> list[tuple[int, str]]:
    lines: list[tuple[int, str]] = []
    for m in re.finditer(r"[^\n]+", text):
        if m.start() >= HEAD_CHARS or len(lines) >= HEAD_LINES:
            break
        if m.group().strip():
            lines.append((m.start(), m.group().strip()))
    return lines


DatePart = tuple[int, int, int | None]  # month, day, year (None: not written)


def _date_line(line: str) -> DatePart | None:
    """A short line that is mostly one full date, optionally with a time and zone."""
    if len(line) > 100 or line.rstrip("\"'”’)").endswith((".", "!", "?")):
        return None
    for pattern in _FULL_DATES:
        m = pattern.search(line)
        if m is None:
            continue
        before = line[: m.start()].split()
        if before and before[-1].lower().strip(",:") in _PREPOSITIONS:
            return None
        rest = _ZONE.sub(" ", _TIME.sub(" ", line[: m.start()] + " " + line[m.end() :]))
        if len(re.findall(r"[^\W\d_]{2,}", rest)) > 6:
            return None
        return _parts(m)
    return None


def _wire_dateline(line: str) -> DatePart | None:
    for pattern in (_WIRE, _PLACES_LIST):
        m = pattern.match(line)
        if m is not None:
            return _parts(m)
    m = _PAREN.match(line)
    if m is not None:
        inner = m.group("inner")
        for pattern in _FULL_DATES:
            found = pattern.search(inner)
            if found is not None:
                return _parts(found)
    return None


def _parts(m: re.Match[str]) -> DatePart | None:
    raw_month = m.group("month").rstrip(".")
    month = int(raw_month) if raw_month.isdigit() else _MONTHS.get(raw_month.lower())
    if month is None or not 1 <= month <= 12:
        return None
    year = m.groupdict().get("year")
    return month, int(m.group("day")), int(year) if year else None


def _make_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _candidate_years(text: str, year_hint: Sequence[int]) -> set[int]:
    years = {int(y) for y in year_hint}
    years.update(int(m.group()) for m in _YEARS_IN_TEXT.finditer(text))
    years.update(int(m.group(1)) for m in _DOTTED_YEAR.finditer(text))
    return years


def _resolve_year(month: int, day: int, years: Iterable[int], window: str) -> date | None:
    dates = [d for d in (_make_date(y, month, day) for y in years) if d is not None]
    if not dates:
        return None
    weekdays = {_WEEKDAYS[w.lower()] for w in _WEEKDAY.findall(window)}
    matching = [d for d in dates if d.weekday() in weekdays]
    return max(matching or dates)
