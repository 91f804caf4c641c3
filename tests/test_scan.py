"""The fast corpus scan and manifest reader agree with `discover` and `read_manifest`."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pytest

from checker.corpus import _is_article_name, discover, read_manifest
from checker.model import Level
from checker.scan import Manifest, _article_name, read_manifest_fast, scan
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


@pytest.mark.parametrize("name", sorted(MANIFESTS))
def test_the_fast_manifest_says_what_read_manifest_says(name: str, tmp_path: Path) -> None:
    write(tmp_path, "a.txt", "A")
    write(tmp_path, "b.txt", "B")
    (tmp_path / "corpus.yaml").write_bytes(MANIFESTS[name].encode())
    entries, diags = read_manifest(tmp_path)
    fast, fast_diags = read_manifest_fast(tmp_path, present=["a.txt", "b.txt"])
    assert dict(fast) == entries
    assert fast_diags == diags


class Memo:
    """The claims cache's manifest memo, in memory, counting what is parsed."""

    def __init__(self) -> None:
        self.entries: dict[str, str] = {}
        self.stored = 0

    def manifest_entries(self, digests: Iterable[str]) -> dict[str, str]:
        return {d: self.entries[d] for d in digests if d in self.entries}

    def store_manifest_entries(self, entries: Mapping[str, str], keep: Iterable[str]) -> None:
        self.stored += len(entries)
        kept = set(keep)
        self.entries = {d: e for d, e in {**self.entries, **entries}.items() if d in kept}


def test_only_new_manifest_entries_are_parsed(tmp_path: Path) -> None:
    lines = ["articles:"] + [
        f"  - {{file: {i}.txt, published: 2022-01-0{i % 9 + 1}}}" for i in range(50)
    ]
    manifest = tmp_path / "corpus.yaml"
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    memo = Memo()
    first, _ = read_manifest_fast(tmp_path, memo)
    assert memo.stored == 50
    with manifest.open("a", encoding="utf-8") as stream:
        stream.write("  - {file: new.txt, outlet: New}\n")
    second, _ = read_manifest_fast(tmp_path, memo)
    assert memo.stored == 51
    assert dict(second) == read_manifest(tmp_path)[0]
    assert second.digest("0.txt") == first.digest("0.txt") != second.digest("1.txt")
    assert second.digest("missing.txt") == ""


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
    assert _article_name(name) == _is_article_name(name)
