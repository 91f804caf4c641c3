"""Fixtures for the CI tests: an isolated git identity and a committed seed corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ci.repo import copy_seeds, init_repo, isolate_git


@pytest.fixture
def corpus_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository whose `corpus/` holds the committed seed corpus; it is the cwd."""
    isolate_git(monkeypatch, tmp_path)
    repo = tmp_path / "repo"
    copy_seeds(repo / "corpus")
    init_repo(repo)
    monkeypatch.chdir(repo)
    return repo
