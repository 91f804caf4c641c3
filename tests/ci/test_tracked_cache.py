"""A claims cache committed to git is not trusted: it came with the checkout, not from
this machine's runs, so a check reads the articles instead (one warning line)."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import orjson
import pytest

from checker.cache import CACHE_DIR, CACHE_NAME
from checker.claimio import _pack, _unpack
from checker.tracked import tracked_by_git
from tests.ci.repo import RULES, cli, git

STATS = re.compile(r"(\d+) articles: (\d+) extracted, (\d+) read, (\d+) from the cache")


def _check(monkeypatch: pytest.MonkeyPatch) -> tuple[str, tuple[int, ...], str]:
    """JSON report, (articles, extracted, read, cached) and stderr of one check."""
    monkeypatch.setenv("FACTCHECK_STATS", "1")
    outcome = cli("check", "corpus", "--rules", RULES, "--format", "json", "--jobs", "1")
    found = STATS.search(outcome.err)
    assert found is not None, outcome.err
    return outcome.out, tuple(int(n) for n in found.groups()), outcome.err


def _poison(cache: Path) -> None:
    """What a tampered cache would hold: every stored claim says 99,999 dead."""
    db = sqlite3.connect(cache)
    rows = db.execute("SELECT key, claims FROM claims").fetchall()
    for key, claims in rows:
        tables, packed_rows = _unpack(bytes(claims))
        text = orjson.dumps(tables).decode("utf-8").replace('"low":225', '"low":99999')
        db.execute(
            "UPDATE claims SET claims = ? WHERE key = ?", (_pack(text.encode(), packed_rows), key)
        )
    db.commit()
    db.close()


def test_an_ignored_cache_is_used(corpus_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first, _, _ = _check(monkeypatch)
    again, counts, err = _check(monkeypatch)
    assert counts[:2] == (5, 0)  # nothing extracted (young files are read and hashed)
    assert again == first and "tracked by git" not in err


def test_a_committed_cache_is_not_used(corpus_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    clean, _, _ = _check(monkeypatch)
    cache = corpus_repo / "corpus" / CACHE_DIR / CACHE_NAME
    _poison(cache)
    git(corpus_repo, "add", "-f", f"corpus/{CACHE_DIR}/{CACHE_NAME}")
    git(corpus_repo, "commit", "-q", "--no-verify", "-m", "commit the cache by mistake")
    stored = cache.read_bytes()
    report, counts, err = _check(monkeypatch)
    assert counts[:2] == (5, 5)
    assert report == clean and "99,999" not in report and "99999" not in report
    assert err.count("tracked by git") == 1
    assert f"git rm --cached {CACHE_DIR}/{CACHE_NAME}" in err
    assert cache.read_bytes() == stored  # neither used nor rewritten


def test_tracked_by_git_outside_a_repository_is_false(tmp_path: Path) -> None:
    file = tmp_path / "cache.sqlite"
    file.write_bytes(b"")
    assert tracked_by_git(file) is False
    assert tracked_by_git(tmp_path / "missing" / "cache.sqlite") is False
