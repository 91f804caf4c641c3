"""Which files changed since a revision, as `--changed-since` sees them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from checker.changes import ChangesUnavailable, changed_articles, changed_files, parse_raw_diff
from checker.model import ArticleInfo
from tests.ci.repo import commit_all, git, init_repo, isolate_git

BLOB_A, BLOB_B, ZERO = "a" * 40, "b" * 40, "0" * 40


def test_parse_raw_diff() -> None:
    fields = [
        f":100644 100644 {BLOB_A} {ZERO} M", "m.txt",
        f":000000 100644 {ZERO} {BLOB_B} A", "a.txt",
        f":100644 000000 {BLOB_A} {ZERO} D", "gone.txt",
        f":100644 100644 {BLOB_B} {BLOB_B} R100", "old.txt", "moved.txt",
        f":100644 100644 {BLOB_A} {ZERO} R087", "was.txt", "edited.txt",
        f":100644 100644 {BLOB_A} {ZERO} C075", "src.txt", "copy.txt",
        f":100644 120000 {BLOB_A} {ZERO} T", "link.txt",
        "",
    ]  # fmt: skip
    diff = parse_raw_diff(fields)
    assert diff.edited == ("m.txt", "a.txt", "edited.txt", "copy.txt", "link.txt")
    assert diff.deleted_blobs == {BLOB_A}
    assert parse_raw_diff([""]).edited == ()


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    isolate_git(monkeypatch, tmp_path)
    root = tmp_path / "repo"
    for name in ("same", "edit", "stage", "move", "delete", "move-untracked"):
        (root / "c").mkdir(parents=True, exist_ok=True)
        (root / "c" / f"{name}.txt").write_text(f"The article {name}.\n")
    (root / ".gitignore").write_text("*.tmp\n")
    init_repo(root)
    return root


def test_changed_files_in_a_repository(repo: Path) -> None:
    corpus = repo / "c"
    (corpus / "edit.txt").write_text("Edited.\n")
    (corpus / "stage.txt").write_text("Staged.\n")
    git(repo, "add", "c/stage.txt")
    git(repo, "mv", "c/move.txt", "c/moved.txt")
    (corpus / "delete.txt").unlink()
    (corpus / "move-untracked.txt").rename(corpus / "moved-untracked.txt")
    (corpus / "new.txt").write_text("New.\n")
    (corpus / "ignored.tmp").write_text("Ignored.\n")
    changes = changed_files("HEAD", corpus)
    names = {os.path.relpath(p, os.path.realpath(corpus)) for p in changes.paths}
    assert names == {"edit.txt", "stage.txt", "new.txt"}


def test_changed_files_against_an_older_commit(repo: Path) -> None:
    (repo / "c" / "later.txt").write_text("Later.\n")
    commit_all(repo, "later")
    assert changed_files("HEAD", repo).paths == frozenset()
    (later,) = changed_files("HEAD~1", repo / "c" / "same.txt").paths
    assert later.endswith("later.txt")


def test_changed_articles_match_by_real_path(repo: Path) -> None:
    (repo / "c" / "edit.txt").write_text("Edited.\n")
    changes = changed_files("HEAD", repo)
    articles = [
        ArticleInfo(name, str(repo / "c" / name), None, "none", None, None, None, "")
        for name in ("edit.txt", "same.txt")
    ]
    assert changed_articles(articles, changes) == {"edit.txt"}


def test_errors(tmp_path: Path, repo: Path) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    with pytest.raises(ChangesUnavailable, match="is not inside a git repository"):
        changed_files("HEAD", plain)
    for revision in ("nope", "-p", ""):
        with pytest.raises(ChangesUnavailable, match="unknown git revision"):
            changed_files(revision, repo)


def test_missing_git(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(repo))
    with pytest.raises(ChangesUnavailable, match="needs git"):
        changed_files("HEAD", repo)
