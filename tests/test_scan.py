"""The fast corpus scan and manifest reader agree with `discover` and `read_manifest`."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

import checker.scan as scan_module
from checker.cache import ClaimsCache
from checker.corpus import _is_article_name, discover, read_manifest
from checker.model import Level
from checker.scan import Manifest, read_manifest_fast, scan
from checker.walk import article_name
from tests.runs import CORPORA


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_scan_finds_what_discover_finds(tmp_path: Path) -> None:
    for name in ("a.txt", "b.md", "README.md", "notes.pdf", ".hidden.txt", "x/y/c.txt",
                 ".git/d.txt", "x/.cache/e.txt", "z/README.txt", "z/f.TXT"):  # fmt: skip
        write(tmp_path, name, "text")
    os.symlink(tmp_path / "x", tmp_path / "link")  # a folder symlink is not followed
    os.symlink(tmp_path / "a.txt", tmp_path / "alias.txt")  # a file symlink is an article
    os.symlink(tmp_path / "gone.txt", tmp_path / "broken.txt")
    for paths in (
        [tmp_path],
        [tmp_path / "x", tmp_path / "a.txt"],
        [tmp_path / "x" / "y" / "c.txt"],
    ):
        root, files = discover(paths)
        found_root, stats, unlisted = scan(paths)
        assert found_root == root
        assert [s.path for s in stats] == [str(f) for f in files]
        assert [s.id for s in stats] == [Path(os.path.relpath(f, root)).as_posix() for f in files]
        assert unlisted == []
    broken = next(s for s in scan([tmp_path])[1] if s.id == "broken.txt")
    assert (broken.size, broken.mtime_ns) == (0, 0)


def refuse_listing(monkeypatch: pytest.MonkeyPatch, folder: Path, error: OSError) -> None:
    """`os.scandir` fails for `folder` only: root reads through chmod 000, so this is
    how the refusal is made where tests run as root."""
    original = os.scandir

    def scandir(path: str) -> Any:
        if os.fspath(path) == str(folder):
            raise error
        return original(path)

    monkeypatch.setattr(os, "scandir", scandir)


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (PermissionError(errno.EACCES, "Permission denied"), "permission denied"),
        (OSError(errno.EIO, "Input/output error"), "input/output error"),
        (FileNotFoundError(errno.ENOENT, "No such file or directory"), "no such file or directory"),
    ],
)
def test_a_folder_that_cannot_be_listed_is_reported_once_and_the_rest_scanned(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: OSError, reason: str
) -> None:
    names = ["a.txt", "2022/d.txt", "2022/secret/b.txt", "2022/secret/deeper/c.txt", "2022/z/e.md"]
    for name in names:
        write(tmp_path, name, "text")
    refuse_listing(monkeypatch, tmp_path / "2022" / "secret", error)
    root, stats, unlisted = scan([tmp_path])
    assert root == tmp_path
    assert [s.id for s in stats] == ["2022/d.txt", "2022/z/e.md", "a.txt"]
    assert [(d.render(), d.level) for d in unlisted] == [
        (
            f"2022/secret: cannot list folder ({reason}); its articles are not checked",
            Level.WARNING,
        ),
    ]


def test_a_given_folder_that_cannot_be_listed_is_named_as_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, "news/a.txt", "text")
    write(tmp_path, "other/b.txt", "text")
    monkeypatch.chdir(tmp_path)
    refuse_listing(
        monkeypatch, tmp_path / "news", PermissionError(errno.EACCES, "Permission denied")
    )
    _, stats, unlisted = scan([Path("news")])
    assert (stats, [d.render() for d in unlisted]) == (
        [],
        ["news: cannot list folder (permission denied); its articles are not checked"],
    )
    _, stats, unlisted = scan([Path("news"), Path("other")])  # root is the common parent
    assert [s.id for s in stats] == ["other/b.txt"]
    assert [d.path for d in unlisted] == ["news"]


def test_given_paths_that_cannot_be_stated_are_skipped(tmp_path: Path) -> None:
    """Missing paths, loops and broken links are `path_problem`'s to report; the scan
    neither fails on them nor lets them move the root."""
    write(tmp_path, "news/a.txt", "text")
    os.symlink("loop", tmp_path / "loop")
    os.symlink("nowhere", tmp_path / "news" / "gone")
    paths = [tmp_path / "news", tmp_path / "loop", tmp_path / "news" / "gone", tmp_path / "x"]
    root, stats, unlisted = scan(paths)
    assert (root, [s.id for s in stats], unlisted) == (tmp_path / "news", ["a.txt"], [])


@pytest.mark.parametrize("name", sorted(CORPORA))
def test_the_fast_manifest_of_the_shipped_corpora(name: str) -> None:
    entries, diags = read_manifest(CORPORA[name])
    fast, fast_diags = read_manifest_fast(CORPORA[name])
    assert dict(fast) == entries and fast_diags == diags == []


MANIFESTS = {
    "flow": "articles:\n  - {file: a.txt, outlet: X, published: 2022-01-05}\n  - {file: b.txt}\n",
    "block": (
        "# top\narticles:  # the list\n  - file: a.txt\n    # note\n    outlet: X\n\n"
        "  - file: b.txt\n    title: 'T: two'\n"
    ),
    "column zero": "articles:\n- file: a.txt\n  published: 2022-01-05 10:43\n- file: b.txt\n",
    "crlf": "articles:\r\n  - {file: a.txt}\r\n  - {file: b.txt}\r\n",
    "duplicate and missing": (
        "articles:\n  - {file: a.txt}\n  - {file: gone.txt}\n  - outlet: Y\n    file: a.txt\n"
    ),
    "duplicate key": "articles:\n  - file: a.txt\n    file: b.txt\n",
    "unknown key": "articles:\n  - {file: a.txt, outlte: X}\n",
    "bad date": "articles:\n  - {file: a.txt, published: soon}\n",
    "outside": "articles:\n  - {file: ../a.txt}\n",
    "anchors": "articles:\n  - &x {file: a.txt}\n  - *x\n",
    "other key": "articles:\n  - {file: a.txt}\nextra: 1\n",
    "syntax": "articles:\n  - {file: a.txt\n",
    "empty list": "articles: []\n",
    "empty": "",
    "not a list": "- a.txt\n",
}


def _two_articles(folder: Path, manifest: str) -> None:
    write(folder, "a.txt", "A")
    write(folder, "b.txt", "B")
    (folder / "corpus.yaml").write_bytes(manifest.encode())


@pytest.mark.parametrize("name", sorted(MANIFESTS))
def test_the_fast_manifest_says_what_read_manifest_says(name: str, tmp_path: Path) -> None:
    _two_articles(tmp_path, MANIFESTS[name])
    entries, diags = read_manifest(tmp_path)
    fast, fast_diags = read_manifest_fast(tmp_path, present=["a.txt", "b.txt"])
    assert dict(fast) == entries
    assert fast_diags == diags


class Memo:
    """The claims cache's manifest memo, in memory, counting what is parsed and stored."""

    def __init__(self) -> None:
        self.entries: dict[str, str] = {}
        self.stored = 0
        self.segments: list[bytes] = []
        self.segment_writes: list[tuple[int, int]] = []  # (first, how many)

    def manifest_entries(self, digests: Iterable[str]) -> dict[str, str]:
        return {d: self.entries[d] for d in digests if d in self.entries}

    def store_manifest_entries(self, entries: Mapping[str, str], keep: Iterable[str]) -> None:
        self.stored += len(entries)
        kept = set(keep)
        self.entries = {d: e for d, e in {**self.entries, **entries}.items() if d in kept}

    def manifest_segments(self) -> list[bytes]:
        return list(self.segments)

    def store_manifest_segments(self, first: int, segments: Sequence[bytes]) -> None:
        self.segment_writes.append((first, len(segments)))
        self.segments = self.segments[:first] + list(segments)


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The number of entries each YAML parse of the fast reader was given."""
    calls: list[int] = []
    original = scan_module._parse

    def spy(chunks: Any) -> Any:
        calls.append(len(chunks))
        return original(chunks)

    monkeypatch.setattr(scan_module, "_parse", spy)
    return calls


def entry_lines(count: int, start: int = 0) -> str:
    return "".join(
        f"  - {{file: {i}.txt, published: 2022-01-0{i % 9 + 1}}}\n" for i in range(start, count)
    )


def same_as_read_manifest(root: Path, memo: Memo | None, present: Iterable[str] = ()) -> Manifest:
    """The fast reader's result, checked against `read_manifest` and against a reader
    without memo (whose digests are computed from the entries themselves)."""
    fast, diags = read_manifest_fast(root, memo, present)
    entries, expected = read_manifest(root)
    assert (dict(fast), diags) == (entries, expected)
    plain, _ = read_manifest_fast(root, None, present)
    assert {f: fast.digest(f) for f in fast} == {f: plain.digest(f) for f in plain}
    return fast


def test_only_new_manifest_entries_are_parsed(tmp_path: Path, parsed: list[int]) -> None:
    manifest = tmp_path / "corpus.yaml"
    manifest.write_text("articles:\n" + entry_lines(50), encoding="utf-8")
    memo = Memo()
    first = same_as_read_manifest(tmp_path, memo)
    assert (memo.stored, parsed[0]) == (50, 50)
    with manifest.open("a", encoding="utf-8") as stream:
        stream.write("  - {file: new.txt, outlet: New}\n")
    parsed.clear()
    second = same_as_read_manifest(tmp_path, memo)
    assert parsed[0] == 1  # the appended entry alone (then the memo-less reader's 51)
    assert memo.stored == 50  # appended entries go to a stretch of their own
    assert second.digest("0.txt") == first.digest("0.txt") != second.digest("1.txt")
    assert second.digest("new.txt") != "" == second.digest("missing.txt")
    assert second["new.txt"].outlet == "New"


def test_an_unchanged_manifest_is_taken_whole_from_the_memo(
    tmp_path: Path, parsed: list[int]
) -> None:
    (tmp_path / "corpus.yaml").write_text("articles:\n" + entry_lines(20), encoding="utf-8")
    memo = Memo()
    first, first_diags = read_manifest_fast(tmp_path, memo)
    assert (parsed, memo.segment_writes, len(first_diags)) == ([20], [(0, 1)], 20)
    memo.entries.clear()  # the per-entry memo is not needed for it
    again, diags = read_manifest_fast(tmp_path, memo)
    assert (parsed, memo.segment_writes, diags) == ([20], [(0, 1)], first_diags)
    assert dict(again) == dict(first) and len(again) == 20
    assert {f: again.digest(f) for f in again} == {f: first.digest(f) for f in first}


def test_appends_are_kept_in_few_stretches(tmp_path: Path, parsed: list[int]) -> None:
    manifest = tmp_path / "corpus.yaml"
    manifest.write_text("articles:\n" + entry_lines(200), encoding="utf-8")
    memo = Memo()
    read_manifest_fast(tmp_path, memo)
    for i in range(200, 240):
        with manifest.open("a", encoding="utf-8") as stream:
            stream.write(entry_lines(i + 1, i))
        read_manifest_fast(tmp_path, memo)
    assert parsed == [200] + [1] * 40
    assert 2 <= len(memo.segments) <= 6
    assert all(first > 0 for first, _ in memo.segment_writes[1:])  # the first never rewritten
    assert len(same_as_read_manifest(tmp_path, memo)) == 240


def test_an_edited_entry_in_the_middle_is_parsed_again(tmp_path: Path, parsed: list[int]) -> None:
    manifest = tmp_path / "corpus.yaml"
    manifest.write_text("articles:\n" + entry_lines(30), encoding="utf-8")
    memo = Memo()
    before = same_as_read_manifest(tmp_path, memo)
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text.replace("{file: 7.txt,", "{file: 7.txt, outlet: Edited,"), "utf-8")
    parsed.clear()
    after = same_as_read_manifest(tmp_path, memo)
    assert parsed[0] == 1 and memo.segment_writes[-1] == (0, 1)
    assert after["7.txt"].outlet == "Edited"
    assert after.digest("7.txt") != before.digest("7.txt")
    assert after.digest("8.txt") == before.digest("8.txt")


APPENDS = {
    "entry": "  - {file: b.txt, title: 'B'}\n",
    "two entries": "  - {file: b.txt}\n  - file: c.txt\n    outlet: C\n",
    "duplicate": "  - {file: x.txt}\n",
    "missing": "  - {file: gone.txt}\n",
    "key of the last entry": "    outlet: X\n",
    "comment then entry": "  # more\n  - {file: b.txt}\n",
    "anchor": "  - &a {file: b.txt}\n",
    "other key": "extra: 1\n",
    "bad entry": "  - {file: b.txt, outlte: X}\n",
    "syntax": "  - {file: b.txt\n",
    "crlf": "  - {file: b.txt}\r\n",
    "document": "---\n",
    "deeper": "    - {file: b.txt}\n",
}


@pytest.mark.parametrize("name", sorted(APPENDS))
def test_an_append_says_what_read_manifest_says(name: str, tmp_path: Path) -> None:
    for file in ("a.txt", "b.txt", "c.txt", "x.txt"):
        write(tmp_path, file, "text")
    manifest = tmp_path / "corpus.yaml"
    manifest.write_text("# top\narticles:\n  - {file: x.txt}\n  - file: a.txt\n", "utf-8")
    memo = Memo()
    same_as_read_manifest(tmp_path, memo)
    with manifest.open("ab") as stream:
        stream.write(APPENDS[name].encode())
    same_as_read_manifest(tmp_path, memo)
    same_as_read_manifest(tmp_path, memo)  # and again, from what the first run stored


@pytest.mark.parametrize("name", sorted(MANIFESTS))
def test_a_remembered_manifest_says_what_read_manifest_says(name: str, tmp_path: Path) -> None:
    _two_articles(tmp_path, MANIFESTS[name])
    memo = Memo()
    for _ in range(2):
        same_as_read_manifest(tmp_path, memo, ["a.txt"])
    os.remove(tmp_path / "a.txt")  # the files are looked at on every run
    same_as_read_manifest(tmp_path, memo, [])


def test_stretches_that_do_not_fit_the_file_are_not_used(tmp_path: Path, parsed: list[int]) -> None:
    manifest = tmp_path / "corpus.yaml"
    manifest.write_text("articles:\n" + entry_lines(10), encoding="utf-8")
    memo = Memo()
    read_manifest_fast(tmp_path, memo)
    memo.segments = [b"garbage"]
    same_as_read_manifest(tmp_path, memo)
    # Another text of the same length, then this one with an entry appended: the
    # appended stretch still fits the file, the first stretch is the other text's.
    other = Memo()
    manifest.write_text("articles:\n" + entry_lines(10).replace("5.txt", "X.txt"), "utf-8")
    read_manifest_fast(tmp_path, other)
    manifest.write_text("articles:\n" + entry_lines(10) + "  - {file: z.txt}\n", "utf-8")
    read_manifest_fast(tmp_path, memo)
    assert len(memo.segments) == 2
    memo.segments[0] = other.segments[0]
    memo.entries.clear()
    parsed.clear()
    assert "5.txt" in same_as_read_manifest(tmp_path, memo)
    assert parsed[0] == 11  # per entry again: the stretches do not chain


def test_the_claims_cache_keeps_the_stretches(tmp_path: Path, parsed: list[int]) -> None:
    manifest = tmp_path / "corpus.yaml"
    manifest.write_text("articles:\n" + entry_lines(10), encoding="utf-8")
    for append in range(3):
        cache = ClaimsCache.open(tmp_path, "context", print)
        assert cache is not None
        same_as_read_manifest(tmp_path, cache)
        cache.close()
        with manifest.open("a", encoding="utf-8") as stream:
            stream.write(entry_lines(11 + append, 10 + append))
    assert parsed == [10, 10, 1, 11, 1, 12]  # each second parse is the memo-less reader's
    cache = ClaimsCache.open(tmp_path, "context", print)
    assert cache is not None
    assert len(cache.manifest_segments()) == 2
    cache.store_manifest_segments(1, [])
    assert len(cache.manifest_segments()) == 1
    cache.close()


def test_a_manifest_decodes_entries_lazily_to_the_same_values(tmp_path: Path) -> None:
    manifest = Manifest.of(read_manifest(CORPORA["seeds"])[0])
    again = Manifest({f: manifest._raw[f] for f in manifest})
    assert dict(again) == dict(manifest) and len(again) == 5


@pytest.mark.parametrize(
    "name",
    ["a.txt", "a.TXT", "a.md", "README.md", "readme.txt", ".hidden.txt", "a.", ".txt", "a",
     "a.txt.bak", "notes.pdf", "x.y.md", "README", "a..txt"],
)  # fmt: skip
def test_the_fast_article_name_test_agrees(name: str) -> None:
    assert article_name(name) == _is_article_name(name)
