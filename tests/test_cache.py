"""The claims cache: same reports with and without it, one extraction per new article,
and never a crash on a damaged or busy cache file."""

from __future__ import annotations

import errno
import json
import os
import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest

from checker import checkpoint
from checker.cache import CACHE_DIR, CACHE_NAME, ClaimsCache, context_of
from checker.extract.compiled import CompiledRulebook
from checker.extraction import RunStats
from checker.pipeline import check_corpus, compile_rules
from checker.report.base import ReportOptions
from checker.report.json_report import JsonReporter
from checker.text import split_document
from tests.runs import CORPORA, RULES, SEEDS, age, age_all, copy_corpus, json_report

NEW_ARTICLE = """Kazakhstan: the toll

ALMATY, January 16. The Health Ministry said that 225 people were killed during the unrest.
"""


@pytest.fixture(scope="module")
def rules() -> CompiledRulebook:
    return compile_rules([RULES])


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    return copy_corpus(SEEDS, tmp_path / "seeds")


def _check(
    corpus: Path, rules: CompiledRulebook, cache: bool = True
) -> tuple[str, RunStats, list[str]]:
    """The JSON report, what the run did, and its warnings."""
    stats = RunStats()
    warnings: list[str] = []
    result = check_corpus([corpus], rules, cache=cache, stats=stats, warn=warnings.append)
    return JsonReporter().render(result, ReportOptions()), stats, warnings


def _cache_file(corpus: Path) -> Path:
    return corpus / CACHE_DIR / CACHE_NAME


@pytest.mark.parametrize("name", sorted(CORPORA))
def test_reports_are_identical_with_and_without_the_cache(name: str, tmp_path: Path) -> None:
    corpus = copy_corpus(CORPORA[name], tmp_path / name)
    without = json_report(corpus, "--no-cache")
    assert not _cache_file(corpus).exists()
    cold = json_report(corpus)
    assert _cache_file(corpus).exists()
    warm = json_report(corpus)
    assert cold == warm == without


def test_a_folder_that_cannot_be_listed_keeps_its_articles_cached(
    seeds: Path, rules: CompiledRulebook, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Articles in a folder the scan could not list are not gone: the whole-corpus run
    must not forget them, or restoring the folder's permissions re-extracts them all."""
    locked = seeds / "2022"
    (locked / "new.txt").parent.mkdir()
    (locked / "new.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    age_all(seeds)
    _, first, _ = _check(seeds, rules)
    original = os.scandir

    def scandir(path: str) -> Any:
        if os.fspath(path) == str(locked):
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return original(path)

    with monkeypatch.context() as patch:
        patch.setattr(os, "scandir", scandir)
        refused, second, _ = _check(seeds, rules)
    _, third, _ = _check(seeds, rules)
    assert [d["message"] for d in json.loads(refused)["diagnostics"]] == [
        "cannot list folder (permission denied); its articles are not checked"
    ]
    assert (first.extracted, second.articles, second.cached) == (6, 5, 5)
    assert (third.articles, third.read, third.cached) == (6, 0, 6)


def test_a_warm_run_reads_no_article(seeds: Path, rules: CompiledRulebook) -> None:
    age_all(seeds)
    cold, first, _ = _check(seeds, rules)
    warm, second, _ = _check(seeds, rules)
    assert (first.extracted, first.read) == (5, 5)
    assert (second.extracted, second.read, second.cached) == (0, 0, 5)
    assert warm == cold


def test_adding_one_article_extracts_exactly_that_one(seeds: Path, rules: CompiledRulebook) -> None:
    age_all(seeds)
    _check(seeds, rules)
    (seeds / "100_new.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    report, stats, _ = _check(seeds, rules)
    assert (stats.articles, stats.extracted, stats.read) == (6, 1, 1)
    assert report == _check(seeds, rules, cache=False)[0]


def test_a_touched_but_unchanged_file_is_read_not_extracted(
    seeds: Path, rules: CompiledRulebook
) -> None:
    age_all(seeds)
    _check(seeds, rules)
    touched = next(seeds.glob("*.txt"))
    os.utime(touched, ns=(0, 1_000_000_000))  # another mtime, same bytes
    _, stats, _ = _check(seeds, rules)
    assert (stats.read, stats.extracted) == (1, 0)


def test_articles_are_looked_up_by_content_only_when_the_cache_holds_claims(
    seeds: Path, rules: CompiledRulebook, monkeypatch: pytest.MonkeyPatch
) -> None:
    looked: list[str] = []
    lookup = ClaimsCache.claims_for

    def counted(cache: ClaimsCache, key: str) -> bytes | None:
        looked.append(key)
        return lookup(cache, key)

    monkeypatch.setattr(ClaimsCache, "claims_for", counted)
    age_all(seeds)
    _check(seeds, rules)  # a first run: the cache is empty, so nothing is looked up
    assert looked == []
    os.utime(next(seeds.glob("*.txt")), ns=(0, 1_000_000_000))
    _, stats, _ = _check(seeds, rules)
    assert (len(looked), stats.read, stats.extracted) == (1, 1, 0)


def test_groups_written_by_a_re_check_reach_the_file_through_a_thread(
    seeds: Path, rules: CompiledRulebook, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[threading.Thread | None] = []
    later = checkpoint.checkpoint_later

    def recorded(path: Path, timeout: float) -> threading.Thread | None:
        started.append(later(path, timeout))
        return started[-1]

    monkeypatch.setattr(checkpoint, "checkpoint_later", recorded)
    monkeypatch.setattr(checkpoint, "IN_BACKGROUND", True)  # as `checker.cli.main` sets it
    age_all(seeds)
    _check(seeds, rules)
    (seeds / "100_new.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    report, stats, _ = _check(seeds, rules)
    assert stats.groups_computed > 0 and len(started) == 2
    for thread in started:
        assert thread is not None
        thread.join()
    with sqlite3.connect(_cache_file(seeds)) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("SELECT count(*) FROM groups").fetchone() == (stats.groups,)
    assert report == _check(seeds, rules, cache=False)[0]


def test_an_edited_article_and_a_changed_manifest_date_are_extracted_again(
    seeds: Path, rules: CompiledRulebook
) -> None:
    age_all(seeds)
    _check(seeds, rules)
    edited = seeds / "003_36502d064256e93d.txt"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nMore text.\n", encoding="utf-8")
    manifest = seeds / "corpus.yaml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text.replace("published: 2022-01-08", "published: 2022-01-09"), "utf-8")
    report, stats, _ = _check(seeds, rules)
    assert stats.extracted == 2  # the edited article and the one whose date moved
    assert report == _check(seeds, rules, cache=False)[0]


def test_other_rules_do_not_reuse_claims(
    seeds: Path, rules: CompiledRulebook, tmp_path: Path
) -> None:
    _check(seeds, rules)
    other_rules = tmp_path / "rules"
    other_rules.mkdir()
    for path in RULES.glob("*.yaml"):
        (other_rules / path.name).write_text(path.read_text(encoding="utf-8") + "\n# edited\n")
    _, stats, _ = _check(seeds, compile_rules([other_rules]))
    assert stats.extracted == 5


def test_a_corrupt_cache_file_is_rebuilt_with_a_warning(
    seeds: Path, rules: CompiledRulebook
) -> None:
    expected = _check(seeds, rules, cache=False)[0]
    _check(seeds, rules)
    _cache_file(seeds).write_bytes(b"this is not a database" * 100)
    report, stats, warnings = _check(seeds, rules)
    assert report == expected
    assert len(warnings) == 1 and "rebuilding it" in warnings[0]
    assert stats.extracted == 5
    again, _, quiet = _check(seeds, rules)
    assert again == expected and quiet == []


DAMAGE = "UPDATE {table} SET claims = x'7b6e6f74206a736f6e' WHERE rowid = 1"


def _damaged(corpus: Path, rules: CompiledRulebook, *statements: str) -> tuple[str, RunStats]:
    """The report of a check with the cache, after which the statements damage it."""
    age_all(corpus)
    expected, stats, _ = _check(corpus, rules)
    with sqlite3.connect(_cache_file(corpus)) as db:
        for statement in statements:
            db.execute(statement)
    return expected, stats


def test_a_damaged_entry_is_extracted_again_with_a_warning(
    seeds: Path, rules: CompiledRulebook
) -> None:
    # Without stored groups, the groups are compared from the articles' claims.
    expected, _ = _damaged(seeds, rules, DAMAGE.format(table="claims"), "DELETE FROM groups")
    report, stats, warnings = _check(seeds, rules)
    assert report == expected
    assert stats.extracted == 1
    assert len(warnings) == 1 and "damaged" in warnings[0]


def test_a_damaged_entry_no_changed_group_needs_is_not_read(
    seeds: Path, rules: CompiledRulebook
) -> None:
    expected, _ = _damaged(seeds, rules, DAMAGE.format(table="claims"))
    report, stats, warnings = _check(seeds, rules)
    assert report == expected
    assert (stats.extracted, stats.groups_computed) == (0, 0) and warnings == []


def test_a_damaged_group_is_compared_again_from_its_articles(
    seeds: Path, rules: CompiledRulebook
) -> None:
    expected, first = _damaged(seeds, rules, DAMAGE.format(table="groups"))
    report, stats, warnings = _check(seeds, rules)
    assert report == expected and warnings == []
    assert first.groups_computed == first.groups > 1
    assert (stats.extracted, stats.groups_computed) == (0, 1)


def test_adding_an_article_compares_only_the_groups_it_takes_part_in(
    seeds: Path, rules: CompiledRulebook
) -> None:
    age_all(seeds)
    _check(seeds, rules)
    (seeds / "new.txt").write_text(NEW_ARTICLE.replace("225", "300"), encoding="utf-8")
    report, stats, _ = _check(seeds, rules)
    assert report == _check(seeds, rules, cache=False)[0]
    assert stats.extracted == 1 and stats.groups_computed == 1
    deaths = [f for f in json.loads(report)["findings"] if f["fact"] == "casualties.deaths"]
    assert "new.txt" in {c["article"] for f in deaths for c in f["claims"]}


def test_a_locked_cache_is_bypassed_with_a_warning(seeds: Path, rules: CompiledRulebook) -> None:
    expected = _check(seeds, rules)[0]
    holder = sqlite3.connect(_cache_file(seeds), isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        report, stats, warnings = _check(seeds, rules)
    finally:
        holder.close()
    assert report == expected
    assert stats.extracted == 5
    assert len(warnings) == 1 and "locked" in warnings[0]


def test_the_cache_holds_claims_not_article_texts(seeds: Path, rules: CompiledRulebook) -> None:
    result_text = _check(seeds, rules)[0]
    with sqlite3.connect(_cache_file(seeds)) as db:
        stored = "\n".join(
            value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
            for table in ("files", "claims", "manifest")
            for row in db.execute(f"SELECT * FROM {table}")
            for value in row
        )
    for article in seeds.glob("*.txt"):
        text = article.read_text(encoding="utf-8")
        sentences = [s.text for s in split_document(text).sentences if len(s.text) > 40]
        quoted = [s for s in sentences if s in result_text]
        assert text not in stored
        for sentence in sentences:
            assert (sentence in stored) == (sentence in quoted), sentence


def test_a_deleted_article_leaves_the_cache(seeds: Path, rules: CompiledRulebook) -> None:
    _check(seeds, rules)
    gone = seeds / "000_f0d09427fdbf423a.txt"
    gone.unlink()
    _check(seeds, rules)
    with sqlite3.connect(_cache_file(seeds)) as db:
        ids = {row[0] for row in db.execute("SELECT id FROM files")}
    assert gone.name not in ids and len(ids) == 4


def test_a_large_manifest_is_parsed_once(tmp_path: Path, rules: CompiledRulebook) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    lines = ["articles:"]
    for i in range(200):
        (corpus / f"{i:03d}.txt").write_text(f"Article {i}\n\nNothing to see.\n", encoding="utf-8")
        lines.append(f"  - {{file: {i:03d}.txt, outlet: Outlet {i}, published: 2022-01-05}}")
    (corpus / "corpus.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    _check(corpus, rules)
    context = context_of(rules.rulebook.sha256, 50 * 1024 * 1024)
    cache = ClaimsCache.open(corpus, context, lambda message: None)
    assert cache is not None
    try:
        remembered = cache.manifest_entries(["x"])
        with sqlite3.connect(_cache_file(corpus)) as db:
            (count,) = db.execute("SELECT count(*) FROM manifest").fetchone()
    finally:
        cache.close()
    assert remembered == {} and count == 200


def test_a_cache_that_fails_midway_leaves_no_article_unread(
    seeds: Path, rules: CompiledRulebook, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Claims left in a cache that then stops working are read from the articles."""
    age_all(seeds)
    _check(seeds, rules)
    (seeds / "new.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    expected = _check(seeds, rules, cache=False)[0]

    def failing(cache: ClaimsCache, results: object) -> None:
        cache._give_up("write", sqlite3.OperationalError("disk I/O error"))

    monkeypatch.setattr(ClaimsCache, "store", failing)
    report, stats, warnings = _check(seeds, rules)
    assert report == expected
    assert stats.extracted == 6 and len(warnings) == 1 and "disk I/O error" in warnings[0]


def _listing_row(corpus: Path) -> tuple[int, int, int] | None:
    """The listing's write number, the files table's highest, and its number of files."""
    with sqlite3.connect(_cache_file(corpus)) as db:
        found = db.execute("SELECT seq, columns FROM listing").fetchone()
        top = db.execute("SELECT max(seq) FROM files").fetchone()[0]
    return None if found is None else (found[0], top, len(json.loads(found[1])[0]))


def test_the_listing_is_written_once_and_then_laid_over(
    seeds: Path, rules: CompiledRulebook
) -> None:
    age_all(seeds)
    _check(seeds, rules)
    assert _listing_row(seeds) == (1, 1, 5)
    (seeds / "100_new.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    age(seeds / "100_new.txt")
    report, stats, _ = _check(seeds, rules)
    assert _listing_row(seeds) == (1, 2, 5)  # the new file's row is laid over it
    assert (stats.read, stats.cached) == (1, 5)
    assert report == _check(seeds, rules, cache=False)[0]
    again, stats, _ = _check(seeds, rules)
    assert again == report and (stats.read, stats.cached) == (0, 6)


def test_the_listing_is_written_again_after_many_rows(
    seeds: Path, rules: CompiledRulebook, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("checker.cache.LISTING_SLACK", 1)
    age_all(seeds)
    _check(seeds, rules)
    for n in (1, 2):
        (seeds / f"10{n}_new.txt").write_text(NEW_ARTICLE + f"\nNote {n}.\n", encoding="utf-8")
        _check(seeds, rules)
    assert _listing_row(seeds) == (3, 3, 7)  # two rows since: written again


def test_a_deleted_file_drops_the_listing_until_the_next_run(
    seeds: Path, rules: CompiledRulebook
) -> None:
    age_all(seeds)
    expected = _check(seeds, rules)[0]
    (seeds / "100_new.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    _check(seeds, rules)
    (seeds / "100_new.txt").unlink()
    report, stats, _ = _check(seeds, rules)  # deletes a row: the listing goes, then back
    assert report == expected and stats.cached == 5
    assert _listing_row(seeds) == (1, 1, 5)


def test_a_damaged_listing_is_read_from_the_files_table(
    seeds: Path, rules: CompiledRulebook
) -> None:
    expected, _ = _damaged(seeds, rules, "UPDATE listing SET columns = x'7b7d'")
    report, stats, warnings = _check(seeds, rules)
    assert report == expected and (stats.read, stats.cached) == (0, 5) and warnings == []


def test_records_that_cannot_be_checked_have_their_files_read_again(
    seeds: Path, rules: CompiledRulebook, monkeypatch: pytest.MonkeyPatch
) -> None:
    age_all(seeds)
    expected, _, _ = _check(seeds, rules)
    monkeypatch.setattr("checker.records._DAMAGED", "SELECT id FROM gone WHERE id = ?")
    report, stats, warnings = _check(seeds, rules)
    assert report == expected and (stats.read, stats.extracted) == (5, 0)
    assert warnings == [
        "cache: what is stored of 5 articles is missing or damaged; reading them again"
    ]
