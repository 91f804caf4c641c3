"""The claims cache: SQLite beside the corpus (`CORPUS/.factcheck/cache.sqlite`).

A check after adding one article to an archive should extract one article (DESIGN §8).
Extraction is a pure function of the article's bytes, its id and publication date and
the rulebook, so its claims are stored under exactly those inputs plus the versions of
the code and of the claim format: `claims` rows are keyed by (article sha256, article
id, publication date, rulebook sha256, factcheck version, format version) and hold the
claims in the claim format of `checker.claimio`.  The cache never holds article texts.

Hashing 100,000 files to find their keys would make a warm run slow, so a second table
remembers each file as it was last read: (id, size, mtime_ns, inode) with its sha256,
metadata, diagnostics, claims key and the claim groups its claims belong to.  A file
whose stat and manifest entry are unchanged is taken from there without being opened;
any other file is read, hashed and looked up by content, and only a file whose content
is new is extracted.  A stat record written less than `RACY_NS` after the file's mtime
is not trusted (the file may have changed again within the clock's granularity, as
git's "racily clean" entries).

A check of the whole corpus with claims left in the cache (`ClaimsCache.kept`) decodes
none of those records to compare them: it compares the stat columns of a stored
listing of the files table (`checker.listing`: one blob, plus the rows written since,
which carry a higher write number `seq`), `flags` say what else it needs to know (an
article, undated, with diagnostics), and the records come on a thread of their own
(`checker.records`) and are decoded when a report shows the article.

A third table keeps each claim group's findings and packed claims for the compare stage
(`checker.groupstore`, which says when they are reused), so a re-check reads the claims
of unchanged files only when a group they are in changed.  While the `groups` state in
`meta` holds (`groups_state`), the groups table is exactly the files table's, and a
re-check need not read which groups each unchanged file is in.

Parsed `corpus.yaml` entries are kept by the digest of their text (see
`checker.scan.read_manifest_fast`), so a manifest of 100,000 entries with one appended
is not parsed again.

Failure never stops a check: a corrupt file is deleted and rebuilt, a locked one (another
run is writing) is bypassed, each with one warning line; writes are transactions in WAL
mode, so an interrupted run leaves the previous state.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from importlib import metadata
from pathlib import Path
from typing import NamedTuple

import checker
from checker import checkpoint, claimio
from checker.listing import FEW, Listing, Row, compare, decode, encode, from_rows, overlaid
from checker.model import ArticleInfo, Diagnostic, Level
from checker.records import StoredRecords, where_in
from checker.tracked import tracked_by_git

CACHE_DIR = ".factcheck"
CACHE_NAME = "cache.sqlite"
SCHEMA = 5  # 2: records packed as arrays; 3: claim groups; 4: file flags, groups state;
# 5: the listing (`checker.listing`) and write numbers
RACY_NS = 2_000_000_000  # a stat younger than this when it was recorded is re-checked
BUSY_MS = 2000
AUTOCHECKPOINT = 1000  # SQLite's default: log pages that make a commit copy them over
BATCH = 2000
# `files.flags`: what a re-check needs to know of an unchanged file without decoding it.
ARTICLE, UNDATED, DIAGNOSED = 1, 2, 4
_GROUPS_STATE = "groups"  # meta key: the groups table is the files table's (see below)
LISTING_SLACK = FEW  # rows written since the listing that a re-check lays over it
# The write number of rows stored now: above every row's and the listing's, whatever
# rows were deleted since.
_NEXT_SEQ = (
    "SELECT max(coalesce((SELECT max(seq) FROM files), 0),"
    " coalesce((SELECT max(seq) FROM listing), 0)) + 1"
)
# A stored file's listing columns (`checker.listing.Listing`), given `RACY_NS`.
_LISTED = "id, size, mtime_ns, ino, entry, checked_ns - mtime_ns >= ?, flags"

Warn = Callable[[str], None]

# Modules whose code decides what extraction yields: a change to any of them must
# invalidate cached claims even when nobody bumps the version number.
_EXTRACTION_CODE = (
    "extract",
    "values",
    "rulebook",
    "text.py",
    "scope.py",
    "corpus.py",
    "model.py",
    "claimio.py",
    "timeline.py",
)
# What decides a claim group's findings besides its claims (the rulebook is in the
# claims' keys already).
_COMPARE_CODE = ("compare.py", "findings.py", "groupstore.py", "claimseq.py", "timeline.py")
_EXTRACTION_LIBRARIES = ("google-re2", "pycountry", "rapidfuzz", "text2num", "dateparser")

_TABLES = (
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS claims (key TEXT PRIMARY KEY, claims BLOB NOT NULL)",
    """CREATE TABLE IF NOT EXISTS files (
         id TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
         ino INTEGER NOT NULL, entry TEXT NOT NULL, context TEXT NOT NULL,
         checked_ns INTEGER NOT NULL, claims_key TEXT, record TEXT NOT NULL,
         groups TEXT NOT NULL, flags INTEGER NOT NULL, seq INTEGER NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS files_seq ON files (seq)",
    """CREATE TABLE IF NOT EXISTS listing (
         context TEXT PRIMARY KEY, seq INTEGER NOT NULL, columns BLOB NOT NULL)""",
    "CREATE TABLE IF NOT EXISTS manifest (digest TEXT PRIMARY KEY, entry TEXT NOT NULL)",
    """CREATE TABLE IF NOT EXISTS groups (
         key TEXT PRIMARY KEY, digest TEXT NOT NULL, members TEXT NOT NULL,
         count INTEGER NOT NULL, checksum INTEGER NOT NULL, claims BLOB NOT NULL,
         findings BLOB NOT NULL)""",
)


class FileStat(NamedTuple):
    """A file as the directory listing shows it: enough to tell whether it changed.
    A named tuple: a walk of an archive makes 100,000 of them, at a third of the cost of
    a frozen dataclass."""

    id: str
    path: str
    size: int
    mtime_ns: int
    ino: int


@dataclass(frozen=True, slots=True)
class Extracted:
    """One file's extraction result: what a worker returns and what the cache stores.

    `claims` is the article's claims in the packed claim format (empty when a stored
    record was taken without them); `extracted` says whether extraction ran or the
    claims came from the cache; `groups` names the claim groups (`group_name`) the
    claims belong to, so a re-check knows which groups an article takes part in
    without reading its claims.
    """

    stat: FileStat
    entry: str  # digest of the file's manifest entry ("" without one)
    article: ArticleInfo | None
    diagnostics: tuple[Diagnostic, ...]
    claims: bytes
    extracted: bool
    checked_ns: int
    groups: tuple[str, ...] = ()


def code_version() -> str:
    """factcheck's version, a digest of the extraction code and the versions of the
    libraries extraction calls: what must match for a cached claim to be reused."""
    digest = _code_digest(_EXTRACTION_CODE)
    for library in _EXTRACTION_LIBRARIES:
        try:
            digest.update(f"{library}={metadata.version(library)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{library}=none".encode())
    return f"{checker.__version__}+{digest.hexdigest()[:16]}"


def compare_version() -> str:
    """A digest of the code that turns a claim group into findings: what must match,
    besides the group's claims, for stored findings to be reused."""
    return _code_digest(_COMPARE_CODE).hexdigest()[:16]


def _code_digest(names: Sequence[str]) -> hashlib._Hash:
    digest = hashlib.sha256(checker.__version__.encode())
    package = Path(checker.__file__).parent
    for name in names:
        path = package / name
        files = sorted(path.rglob("*.py")) if path.is_dir() else [path]
        for file in files:
            digest.update(file.relative_to(package).as_posix().encode() + b"\0")
            digest.update(file.read_bytes())
    return digest


def context_of(rulebook: str, max_bytes: int) -> str:
    """Everything besides a file itself that decides what reading it yields."""
    return f"{rulebook}:{code_version()}:claims-v{claimio.VERSION}.{claimio.PACKED}:max{max_bytes}"


def claims_key(sha256: str, article_id: str, published: date | None, context: str) -> str:
    payload = json.dumps(
        [sha256, article_id, published.isoformat() if published else None, context]
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def entry_digest(entry: Mapping[str, object] | None) -> str:
    if entry is None:
        return ""
    payload = json.dumps(entry, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def encode_record(article: ArticleInfo | None, diagnostics: Sequence[Diagnostic]) -> str:
    """A file's metadata and diagnostics as one JSON array (not objects: a re-check of
    100,000 files decodes 100,000 records before it can report anything)."""
    row: list[object] = [None] * 8
    if article is not None:
        published = article.published.isoformat() if article.published else None
        row = [
            article.id, article.path, published, article.date_source,
            article.outlet, article.url, article.title, article.sha256,
        ]  # fmt: skip
    diags = [[d.path, d.message, d.line, d.field, d.level.value] for d in diagnostics]
    return claimio.dumps([*row, diags])  # type: ignore[list-item]


def decode_record(
    text: str, path: str | None = None
) -> tuple[ArticleInfo | None, tuple[Diagnostic, ...]]:
    """The inverse of `encode_record`; ValueError, TypeError or KeyError when it is not
    one.  `path`: where the file is now (a corpus moved since keeps its article ids)."""
    article_id, stored, published, source, outlet, url, title, sha256, diags = (
        claimio.loads_trusted(text)
    )
    shared = claimio.shared()
    article = None
    if article_id is not None:
        article = ArticleInfo(
            article_id,
            path or stored,
            shared.day(published),
            shared.string(source),
            shared.optional(outlet),
            url,
            title,
            sha256,
        )
    if not diags:
        return article, ()
    return article, tuple(Diagnostic(p, m, n, f, Level(v)) for p, m, n, f, v in diags)


def flags_of(article: ArticleInfo | None, diagnostics: Sequence[Diagnostic]) -> int:
    flags = DIAGNOSED if diagnostics else 0
    if article is not None:
        flags |= ARTICLE | (UNDATED if article.published is None else 0)
    return flags


# A stored file's claims key and claim group names.
Membership = tuple[str | None, tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class Kept:
    """What a re-check takes from the cache before reading anything (`ClaimsCache.kept`):

    * `files`: the unchanged files, in the order of the stats given, and `flags`, what
      their stored records say (`ARTICLE`, `UNDATED`, `DIAGNOSED`);
    * `fresh`: the other files given, to read;
    * `replaced`: the claims key and groups stored for every other file the cache knew
      (changed, racily clean or gone), read before this run overwrites them;
    * `groups_state`: whether the groups table was computed from exactly the files
      table (`ClaimsCache.groups_state`), also as it was before this run;
    * `records`: where the kept files' records are read when a report needs them."""

    files: list[FileStat]
    flags: list[int]
    fresh: list[FileStat]
    replaced: dict[str, Membership]
    groups_state: str | None
    records: StoredRecords | None

    @classmethod
    def nothing(cls, found: Sequence[FileStat]) -> Kept:
        return cls([], [], list(found), {}, None, None)


@dataclass(frozen=True, slots=True)
class StoredGroup:
    """A claim group as the last run left it: the digest of its members' claims keys,
    the members (JSON), its claims packed in order and its findings (JSON)."""

    digest: str
    members: str
    count: int
    claims: bytes
    findings: bytes


class CacheUnavailable(Exception):
    """The cache cannot be used for this run; the message says why, in one line."""


class ClaimsCache:
    """An open cache for one corpus root and one context (rulebook, code, format)."""

    def __init__(self, path: Path, context: str, warn: Warn) -> None:
        self.path = path
        self.context = context
        self._warn = warn
        self._db: sqlite3.Connection | None = None
        self.failed = False
        self._group_names: dict[str, tuple[str, ...]] = {}
        self._records: StoredRecords | None = None

    # --- opening ---

    @classmethod
    def open(cls, root: Path, context: str, warn: Warn) -> ClaimsCache | None:
        """The cache of a corpus root, created if needed; None (after a warning) when it
        cannot be used.  A corrupt file is deleted and rebuilt."""
        path = root / CACHE_DIR / CACHE_NAME
        if tracked_by_git(path):
            warn(
                f"cache {path}: tracked by git, so it came with the checkout rather than"
                f" from this machine's runs; checking without it (untrack it: git rm"
                f" --cached {CACHE_DIR}/{CACHE_NAME})"
            )
            return None
        cache = cls(path, context, warn)
        try:
            cache._connect()
            return cache
        except CacheUnavailable as why:
            warn(f"cache {path}: {why}; checking without it")
        except sqlite3.DatabaseError as bad:
            if _is_locked(bad):
                warn(f"cache {path}: locked by another run; checking without it")
                return None
            warn(f"cache {path}: unreadable ({bad}); rebuilding it")
            cache.close()
            try:
                _remove(path)
                cache._connect()
                return cache
            except (OSError, sqlite3.DatabaseError, CacheUnavailable) as again:
                warn(f"cache {path}: cannot rebuild ({again}); checking without it")
        cache.close()
        return None

    @classmethod
    def reader(cls, path: Path, context: str) -> ClaimsCache | None:
        """A read-only connection for a worker process (the main process writes)."""
        cache = cls(path, context, lambda message: None)
        try:
            cache._db = sqlite3.connect(
                f"{path.as_uri()}?mode=ro", uri=True, timeout=BUSY_MS / 1000
            )
        except sqlite3.Error:
            return None
        return cache

    def _connect(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise CacheUnavailable(f"cannot create {self.path.parent} ({err.strerror})") from None
        db = sqlite3.connect(self.path, timeout=BUSY_MS / 1000, isolation_level=None)
        self._db = db
        db.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
        mode = db.execute("PRAGMA journal_mode = WAL").fetchone()
        if mode is None or str(mode[0]).lower() != "wal":
            raise sqlite3.DatabaseError(f"cannot use WAL mode (journal mode {mode})")
        db.execute("PRAGMA synchronous = NORMAL")
        with self._transaction():
            for statement in _TABLES:
                db.execute(statement)
            row = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
            if row is None or row[0] != str(SCHEMA):
                for table in ("claims", "files", "manifest", "groups", "listing"):
                    db.execute(f"DROP TABLE IF EXISTS {table}")
                for statement in _TABLES:
                    db.execute(statement)
                db.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (str(SCHEMA),))
        db.execute("SELECT count(*) FROM files").fetchone()  # a corrupt page shows here

    def close(self) -> None:
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._db = None

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        assert self._db is not None
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def _give_up(self, doing: str, error: sqlite3.Error) -> None:
        """Stop using the cache for this run after a database error, with one warning."""
        if not self.failed:
            why = "locked by another run" if _is_locked(error) else str(error)
            self._warn(f"cache {self.path}: cannot {doing} ({why}); continuing without it")
        self.failed = True
        self.close()

    # --- files ---

    def known_files(
        self, stats: Iterable[FileStat], entries: Mapping[str, str]
    ) -> dict[str, Extracted]:
        """Files unchanged since they were last read (same stat, manifest entry and
        context), with their stored results and claims; the rest must be read."""
        found: dict[str, Extracted] = {}
        for stat, entry, checked_ns, record, groups, key, claims in self._unchanged(stats, entries):
            try:
                article, diagnostics = decode_record(record, stat.path)
                names = self._names(groups)
            except (ValueError, KeyError, TypeError):
                continue
            if article is not None and (key is None or claims is None):
                continue  # its claims are gone: read it again
            blob = bytes(claims or b"")
            found[stat.id] = Extracted(
                stat, entry, article, diagnostics, blob, False, checked_ns, names
            )
        return found

    def begin_records(self) -> None:
        """Begin reading the stored records (`checker.records`) before the files are
        compared, so that SQLite checks them meanwhile."""
        if self._db is not None and self._records is None:
            self._records = StoredRecords(self.path, self.context, BUSY_MS / 1000)

    def kept(self, stats: Sequence[FileStat], entries: Mapping[str, str]) -> Kept:
        """The files unchanged since they were last read (same stat, manifest entry and
        context, not racily clean), found by comparing whole columns (`checker.listing`);
        their records come on a thread (`checker.records`)."""
        self.begin_records()
        if self._db is None or self._records is None:
            return Kept.nothing(stats)
        try:
            state = self.groups_state()
            listing = self._listing()
        except sqlite3.Error as error:
            self._give_up("read", error)
            return Kept.nothing(stats)
        same = compare(listing, stats, entries)
        replaced, broken = self.memberships(same.others)
        return Kept(
            same.kept, same.flags, same.fresh, replaced, None if broken else state, self._records
        )

    def _listing(self) -> Listing:
        """The stored files of this context: the listing with the rows written since it
        laid over, or every row when there is no listing of this context."""
        assert self._db is not None
        found = self._db.execute(
            "SELECT seq, columns FROM listing WHERE context = ?", (self.context,)
        ).fetchone()
        if found is not None:
            with contextlib.suppress(ValueError):
                base = decode(found[1])
                since: list[Row] = self._db.execute(
                    f"SELECT {_LISTED}, context FROM files WHERE seq > ?", (RACY_NS, found[0])
                ).fetchall()
                return overlaid(base, since, self.context)
        return self._every_row(self._db)

    def _every_row(self, db: sqlite3.Connection) -> Listing:
        query = f"SELECT {_LISTED} FROM files WHERE context = ? ORDER BY id"
        return from_rows(db.execute(query, (RACY_NS, self.context)).fetchall())

    def keep_listing(self) -> None:
        """Write the listing again when there is none of this context or it has more
        than `LISTING_SLACK` rows written since it: a re-check lays those over it one by
        one, and writing 100,000 files' columns costs about a tenth of a second."""
        if self._db is None:
            return
        try:
            with self._transaction() as db:
                found = db.execute(
                    "SELECT seq FROM listing WHERE context = ?", (self.context,)
                ).fetchone()
                if found is not None:
                    since = "SELECT count(*) FROM files WHERE seq > ?"
                    if db.execute(since, (found[0],)).fetchone()[0] <= LISTING_SLACK:
                        return
                seq = db.execute("SELECT coalesce(max(seq), 0) FROM files").fetchone()[0]
                columns = encode(self._every_row(db))
                db.execute("DELETE FROM listing")
                db.execute("INSERT INTO listing VALUES (?, ?, ?)", (self.context, seq, columns))
        except sqlite3.Error as error:
            self._give_up("write", error)

    def memberships(
        self, ids: Iterable[str] | None = None
    ) -> tuple[dict[str, Membership], list[str]]:
        """The stored claims key and claim groups of these files (None: every file of
        this context), and the ids of files whose stored groups do not decode."""
        found: dict[str, Membership] = {}
        damaged: list[str] = []
        if self._db is None:
            return found, damaged
        query = "SELECT id, claims_key, groups FROM files WHERE context = ?"
        try:
            if ids is None:
                rows: Iterable[tuple[str, str | None, str]] = self._db.execute(
                    query, (self.context,)
                )
            else:
                chosen = sorted(set(ids))
                rows = where_in(self._db, f"{query} AND id", chosen, (self.context,))
            for fid, key, groups in rows:
                try:
                    found[fid] = (key, self._names(groups))
                except (ValueError, TypeError):
                    damaged.append(fid)
        except sqlite3.Error as error:
            self._give_up("read", error)
        return found, damaged

    def _unchanged(
        self, stats: Iterable[FileStat], entries: Mapping[str, str]
    ) -> Iterator[tuple[FileStat, str, int, str, str, str | None, bytes | None]]:
        """Stored rows of files whose stat, manifest entry and context are unchanged
        (and not racily clean): (stat, entry, checked_ns, record, groups, key, claims)."""
        if self._db is None:
            return
        wanted = {s.id: s for s in stats}
        try:
            rows = self._db.execute(
                "SELECT f.id, f.size, f.mtime_ns, f.ino, f.entry, f.checked_ns, f.record,"
                " f.groups, f.claims_key, c.claims FROM files f"
                " LEFT JOIN claims c ON c.key = f.claims_key WHERE f.context = ?",
                (self.context,),
            )
            for fid, size, mtime_ns, ino, entry, checked_ns, record, groups, key, got in rows:
                stat = wanted.get(fid)
                if (
                    stat is not None
                    and stat.size == size
                    and stat.mtime_ns == mtime_ns
                    and stat.ino == ino
                    and entry == entries.get(fid, "")
                    and checked_ns - mtime_ns >= RACY_NS
                ):
                    yield stat, entry, checked_ns, record, groups, key, got
        except sqlite3.Error as error:
            self._give_up("read", error)

    def _names(self, groups: str) -> tuple[str, ...]:
        """A record's group names; articles share their lists, so each is parsed once."""
        names = self._group_names.get(groups)
        if names is None:
            names = self._group_names[groups] = tuple(map(str, claimio.loads_trusted(groups)))
        return names

    def holds_claims(self) -> bool:
        """Whether any claims are stored.  A cache that holds none (a first run) cannot
        know an article's claims, so workers skip the look-up per article."""
        if self._db is None:
            return False
        try:
            return self._db.execute("SELECT 1 FROM claims LIMIT 1").fetchone() is not None
        except sqlite3.Error as error:
            self._give_up("read", error)
            return False

    def claims_for(self, key: str) -> bytes | None:
        """Stored claims under a content key (None when absent or unreadable)."""
        if self._db is None:
            return None
        try:
            row = self._db.execute("SELECT claims FROM claims WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error as error:
            self._give_up("read", error)
            return None
        return bytes(row[0]) if row is not None else None

    def claims_of(self, keys: Iterable[str]) -> dict[str, bytes]:
        """Stored claims under many content keys (the ones found)."""
        found: dict[str, bytes] = {}
        wanted = sorted(set(keys))
        if self._db is None:
            return found
        try:
            rows = where_in(self._db, "SELECT key, claims FROM claims WHERE key", wanted)
            found.update((k, bytes(c)) for k, c in rows)
        except sqlite3.Error as error:
            self._give_up("read", error)
        return found

    def store(self, results: Sequence[Extracted]) -> None:
        """Record files read in this run (stat, metadata, claims), in transactions."""
        if self._db is None or not results:
            return
        try:
            for start in range(0, len(results), BATCH):
                with self._transaction() as db:
                    _groups_changed(db)
                    batch = results[start : start + BATCH]
                    seq = db.execute(_NEXT_SEQ).fetchone()[0]
                    db.executemany(
                        "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        [(*self._file_row(r), seq) for r in batch],
                    )
                    db.executemany(
                        "INSERT OR REPLACE INTO claims VALUES (?, ?)",
                        [(self._key(r), r.claims) for r in batch if r.article is not None],
                    )
        except sqlite3.Error as error:
            self._give_up("write", error)

    def _key(self, r: Extracted) -> str | None:
        if r.article is None:
            return None
        return claims_key(r.article.sha256, r.article.id, r.article.published, self.context)

    def _file_row(self, r: Extracted) -> tuple[object, ...]:
        s = r.stat
        record = encode_record(r.article, r.diagnostics)
        return (
            s.id,
            s.size,
            s.mtime_ns,
            s.ino,
            r.entry,
            self.context,
            r.checked_ns,
            self._key(r),
            record,
            claimio.dumps(list(r.groups)),  # type: ignore[arg-type]
            flags_of(r.article, r.diagnostics),
        )

    def forget(self, ids: Sequence[str], *, claims: bool = True) -> None:
        """Drop what is stored for these files: damaged entries.  `claims`: their claims
        too (not when only a record is damaged: the file is read again and its claims
        found by its content)."""
        if self._db is None:
            return
        try:
            with self._transaction() as db:
                _files_deleted(db)
                for fid in ids:
                    if claims:
                        keys = "SELECT claims_key FROM files WHERE id = ?"
                        db.execute(f"DELETE FROM claims WHERE key IN ({keys})", (fid,))
                    db.execute("DELETE FROM files WHERE id = ?", (fid,))
        except sqlite3.Error as error:
            self._give_up("write", error)

    def forget_others(self, found: Sequence[FileStat]) -> None:
        """Drop records of files that are gone (`found`: every file there is, each once),
        and claims no file refers to any more."""
        if self._db is None:
            return
        try:
            with self._transaction() as db:
                files = db.execute("SELECT count(*) FROM files").fetchone()[0]
                # Every file of this run has a record (stored or found), so as many
                # records as files means none is gone: an archive's re-check skips the
                # 100,000-row temporary table.
                if files != len(found):
                    files = self._drop_files_but(db, {f.id for f in found})
                claims = db.execute("SELECT count(*) FROM claims").fetchone()[0]
                if claims > 2 * files + 1000:  # edited articles leave their old claims
                    db.execute(
                        "DELETE FROM claims WHERE key NOT IN"
                        " (SELECT claims_key FROM files WHERE claims_key IS NOT NULL)"
                    )
        except sqlite3.Error as error:
            self._give_up("write", error)

    @staticmethod
    def _drop_files_but(db: sqlite3.Connection, ids: set[str]) -> int:
        """Delete the records of files not in `ids`; the number of records left."""
        _files_deleted(db)
        db.execute("CREATE TEMP TABLE IF NOT EXISTS keep (id TEXT PRIMARY KEY)")
        db.execute("DELETE FROM keep")
        db.executemany("INSERT OR IGNORE INTO keep VALUES (?)", ((i,) for i in ids))
        db.execute("DELETE FROM files WHERE id NOT IN (SELECT id FROM keep)")
        return int(db.execute("SELECT count(*) FROM files").fetchone()[0])

    # --- claim groups (`checker.groupstore`) ---

    def groups(self) -> dict[str, StoredGroup]:
        """The stored groups (a damaged row is left out: it is computed again and
        overwritten)."""
        if self._db is None:
            return {}
        found: dict[str, StoredGroup] = {}
        try:
            for row in self._db.execute("SELECT * FROM groups"):
                name, digest, members, count, checksum, claims, findings = row
                claims = bytes(claims)
                if zlib.crc32(claims) == checksum:
                    found[name] = StoredGroup(digest, members, count, claims, bytes(findings))
        except sqlite3.Error as error:
            self._give_up("read", error)
        return found

    def store_groups(
        self, changed: Mapping[str, StoredGroup], keep: Iterable[str], state: str | None
    ) -> None:
        """Write the groups computed in this run; drop the ones no longer in the corpus.
        `state`: what `groups_state` returns until a file's record changes, when the
        groups are now exactly those of the files table (None: they are not)."""
        if self._db is None:
            return
        kept = set(keep)
        later = checkpoint.IN_BACKGROUND
        try:
            if later:
                self._db.execute("PRAGMA wal_autocheckpoint = 0")  # on a thread, below
            with self._transaction() as db:
                rows = [(name, *_group_row(g)) for name, g in changed.items()]
                db.executemany("INSERT OR REPLACE INTO groups VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
                gone = [(n,) for (n,) in db.execute("SELECT key FROM groups") if n not in kept]
                db.executemany("DELETE FROM groups WHERE key = ?", gone)
                _groups_changed(db)
                if state is not None:
                    db.execute("INSERT INTO meta VALUES (?, ?)", (_GROUPS_STATE, state))
            if later:
                self._db.execute(f"PRAGMA wal_autocheckpoint = {AUTOCHECKPOINT}")
        except sqlite3.Error as error:
            self._give_up("write", error)
            return
        if later:
            checkpoint.checkpoint_later(self.path, BUSY_MS / 1000)  # waited for at exit

    def groups_state(self) -> str | None:
        """What the last run that computed the groups from every file of the files table
        said of them (`store_groups`), if no file's record changed since: every write
        to the files table clears it.  While it holds, a group none of whose members
        changed is the same group, so a re-check need not read which groups each of
        100,000 unchanged files is in (`checker.groupstore`)."""
        if self._db is None:
            return None
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (_GROUPS_STATE,)).fetchone()
        return None if row is None else str(row[0])

    # --- manifest entries ---

    def manifest_entries(self, digests: Iterable[str]) -> dict[str, str]:
        """Parsed manifest entries (JSON) by the digest of their text."""
        if self._db is None:
            return {}
        wanted = set(digests)
        try:
            rows = self._db.execute("SELECT digest, entry FROM manifest")
            return {d: e for d, e in rows if d in wanted}
        except sqlite3.Error as error:
            self._give_up("read", error)
            return {}

    def store_manifest_entries(self, entries: Mapping[str, str], keep: Iterable[str]) -> None:
        if self._db is None:
            return
        try:
            with self._transaction() as db:
                db.executemany("INSERT OR REPLACE INTO manifest VALUES (?, ?)", entries.items())
                kept = set(keep)
                stale = [
                    (d,) for (d,) in db.execute("SELECT digest FROM manifest") if d not in kept
                ]
                db.executemany("DELETE FROM manifest WHERE digest = ?", stale)
        except sqlite3.Error as error:
            self._give_up("write", error)

    def manifest_segments(self) -> list[bytes]:
        """The remembered stretches of `corpus.yaml`, in order (see `checker.scan`).

        Kept as rows of `meta`, one per stretch, so that an append to the manifest
        writes its own stretch instead of rewriting 30 MB, and read in one statement,
        so that another run's write shows entirely or not at all."""
        if self._db is None:
            return []
        low, high = self._segment_key(0), self._segment_key(-1)
        try:
            rows = self._db.execute(
                "SELECT value FROM meta WHERE key >= ? AND key <= ? ORDER BY key", (low, high)
            ).fetchall()
        except sqlite3.Error as error:
            self._give_up("read", error)
            return []
        return [value if isinstance(value, bytes) else value.encode() for (value,) in rows]

    def store_manifest_segments(self, first: int, segments: Sequence[bytes]) -> None:
        """Replace the stretches from the `first` on by `segments`."""
        if self._db is None:
            return
        rows = [(self._segment_key(first + at), segment) for at, segment in enumerate(segments)]
        try:
            with self._transaction() as db:
                bounds = (self._segment_key(first), self._segment_key(-1))
                db.execute("DELETE FROM meta WHERE key >= ? AND key <= ?", bounds)
                db.executemany("INSERT INTO meta VALUES (?, ?)", rows)
        except sqlite3.Error as error:
            self._give_up("write", error)

    @staticmethod
    def _segment_key(at: int) -> str:
        """The `meta` key of stretch `at` (-1: above them all), in the order of `at`."""
        return f"manifest segment {at:06d}" if at >= 0 else "manifest segment ~"


def _groups_changed(db: sqlite3.Connection) -> None:
    """The files table changes (or the groups table stops being its): see `groups_state`."""
    db.execute("DELETE FROM meta WHERE key = ?", (_GROUPS_STATE,))


def _files_deleted(db: sqlite3.Connection) -> None:
    """Rows of the files table go: the listing cannot say so (`checker.listing`)."""
    _groups_changed(db)
    db.execute("DELETE FROM listing")


def _group_row(g: StoredGroup) -> tuple[object, ...]:
    return (g.digest, g.members, g.count, zlib.crc32(g.claims), g.claims, g.findings)


def _is_locked(error: sqlite3.Error) -> bool:
    text = str(error).lower()
    return "locked" in text or "busy" in text


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            os.remove(f"{path}{suffix}")


def now_ns() -> int:
    return time.time_ns()
