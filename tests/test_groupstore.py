"""The compare stage reused group by group: a re-check after an edit, an addition or a
removal gives the report a fresh check gives, comparing only the groups that changed."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

from checker.articleseq import Articles, article_index, undated_count
from checker.cache import CACHE_DIR, CACHE_NAME, FileStat
from checker.claimseq import ClaimView, JoinedClaims
from checker.extract.compiled import CompiledRulebook
from checker.extraction import RunStats
from checker.groupstore import _in_processes, _parts
from checker.model import RunResult
from checker.pipeline import check_corpus, compile_rules
from checker.report.base import ReportOptions
from checker.report.json_report import JsonReporter
from tests.runs import DEV, RULES, age, age_all, copy_corpus, no_processes

T = TypeVar("T")
TOLL = "\n\nThe Health Ministry said that 300 people were killed during the unrest.\n"


@pytest.fixture(scope="module")
def rules() -> CompiledRulebook:
    return compile_rules([RULES])


@pytest.fixture
def dev(tmp_path: Path) -> Path:
    corpus = copy_corpus(DEV, tmp_path / "dev")
    age_all(corpus)
    return corpus


def _run(corpus: Path, rules: CompiledRulebook, cache: bool = True) -> tuple[RunResult, RunStats]:
    stats = RunStats()
    return check_corpus([corpus], rules, cache=cache, stats=stats), stats


def _json(result: RunResult) -> str:
    return JsonReporter().render(result, ReportOptions())


def _fresh(corpus: Path, rules: CompiledRulebook) -> str:
    return _json(_run(corpus, rules, cache=False)[0])


def _article_with(result: RunResult, fact: str, event: str) -> str:
    return next(
        c.evidence.article_id for c in result.claims if c.fact_id == fact and c.event_id == event
    )


def _stored_groups(corpus: Path) -> set[tuple[str, str, str]]:
    with sqlite3.connect(corpus / CACHE_DIR / CACHE_NAME) as db:
        return {tuple(json.loads(key)) for (key,) in db.execute("SELECT key FROM groups")}


def test_a_warm_check_reuses_every_group_with_equal_findings(
    dev: Path, rules: CompiledRulebook
) -> None:
    cold, first = _run(dev, rules)
    warm, again = _run(dev, rules)
    assert first.groups == first.groups_computed == again.groups > 10
    assert again.groups_computed == 0
    assert all(isinstance(f.claims, ClaimView) for f in warm.findings)
    assert isinstance(warm.claims, JoinedClaims) and len(warm.claims) == len(cold.claims)
    assert warm.findings == cold.findings and warm.claims == cold.claims


def test_an_edited_article_compares_its_groups_again(dev: Path, rules: CompiledRulebook) -> None:
    before, _ = _run(dev, rules)
    article = dev / _article_with(before, "casualties.deaths", "kazakhstan-unrest-2022")
    article.write_text(article.read_text(encoding="utf-8") + TOLL, encoding="utf-8")
    age(article)
    after, stats = _run(dev, rules)
    assert _json(after) == _fresh(dev, rules)
    assert 0 < stats.groups_computed < stats.groups
    deaths = {c.raw for c in after.claims if c.fact_id == "casualties.deaths"}
    assert "300" in deaths and "300" not in {c.raw for c in before.claims}


def test_a_removed_article_leaves_its_groups(dev: Path, rules: CompiledRulebook) -> None:
    before, _ = _run(dev, rules)
    gone = _article_with(before, "casualties.deaths", "zhanaozen-2011")
    (dev / gone).unlink()
    after, stats = _run(dev, rules)
    assert _json(after) == _fresh(dev, rules)
    assert 0 < stats.groups_computed < stats.groups
    assert gone not in {c.evidence.article_id for f in after.findings for c in f.claims}


def test_a_group_no_article_is_in_any_more_leaves_the_cache(
    dev: Path, rules: CompiledRulebook
) -> None:
    before, _ = _run(dev, rules)
    key = ("csto.members", "", "")
    assert key in _stored_groups(dev)
    for article in {c.evidence.article_id for c in before.claims if c.fact_id == key[0]}:
        (dev / article).unlink()
    after, _ = _run(dev, rules)
    assert _json(after) == _fresh(dev, rules)
    assert key not in _stored_groups(dev) and _stored_groups(dev)


def test_changed_comparison_code_compares_every_group_again(
    dev: Path, rules: CompiledRulebook, monkeypatch: pytest.MonkeyPatch
) -> None:
    _run(dev, rules)
    monkeypatch.setattr("checker.groupstore.compare_version", lambda: "another version")
    result, stats = _run(dev, rules)
    assert stats.groups_computed == stats.groups and stats.extracted == 0
    assert _json(result) == _fresh(dev, rules)


def test_groups_computed_by_worker_processes_equal_those_computed_here(
    dev: Path, rules: CompiledRulebook, monkeypatch: pytest.MonkeyPatch
) -> None:
    here = _json(_run(dev, rules)[0])
    shutil.rmtree(dev / CACHE_DIR)
    forked: list[object] = []
    monkeypatch.setattr("checker.groupstore._in_processes", _spy(_in_processes, forked))
    report, stats, _ = _with_workers(dev, rules, monkeypatch)
    assert report == here and len(forked) == 1
    assert stats.groups_computed == stats.groups


def test_claims_a_worker_cannot_read_are_read_again_from_the_article(
    dev: Path, rules: CompiledRulebook, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _json(_run(dev, rules)[0])
    with sqlite3.connect(dev / CACHE_DIR / CACHE_NAME) as db:
        db.execute("UPDATE claims SET claims = x'5b5d7878' WHERE rowid = 2")
        db.execute("DELETE FROM groups")
    report, stats, warnings = _with_workers(dev, rules, monkeypatch)
    assert report == expected
    assert stats.extracted == 1 and len(warnings) == 1 and "damaged" in warnings[0]


def _with_workers(
    corpus: Path, rules: CompiledRulebook, monkeypatch: pytest.MonkeyPatch
) -> tuple[str, RunStats, list[str]]:
    """A check with two jobs in which any group to compute goes to worker processes."""
    monkeypatch.setattr("checker.groupstore.PARALLEL_ABOVE", 0)
    stats, warnings = RunStats(), []
    result = check_corpus([corpus], rules, cache=True, jobs=2, stats=stats, warn=warnings.append)
    return _json(result), stats, warnings


def _spy(function: Callable[..., T], calls: list[object]) -> Callable[..., T]:
    def spy(*args: object) -> T:
        calls.append(args)
        return function(*args)

    return spy


def test_groups_are_computed_here_when_no_worker_process_can_start(
    dev: Path, rules: CompiledRulebook, monkeypatch: pytest.MonkeyPatch
) -> None:
    here = _json(_run(dev, rules)[0])
    shutil.rmtree(dev / CACHE_DIR)
    monkeypatch.setattr("checker.groupstore.ProcessPoolExecutor", no_processes)
    report, stats, _ = _with_workers(dev, rules, monkeypatch)
    assert report == here and stats.groups_computed == stats.groups


# --- re-checks that never read unchanged files' groups -----------------------------------


def _plans(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Which plan each compare stage took: "touched" (only changed files' groups) or
    "every" (every file's groups read from the cache)."""
    import checker.groupstore as groupstore

    taken: list[str] = []
    touched, every = groupstore._touched, groupstore._every

    def spy_touched(*args: object) -> object:
        plan = touched(*args)  # type: ignore[arg-type]
        if plan is not None:
            taken.append("touched")
        return plan

    def spy_every(*args: object) -> object:
        taken.append("every")
        return every(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(groupstore, "_touched", spy_touched)
    monkeypatch.setattr(groupstore, "_every", spy_every)
    return taken


def test_adding_an_article_looks_only_at_the_groups_it_is_in(
    dev: Path, rules: CompiledRulebook, monkeypatch: pytest.MonkeyPatch
) -> None:
    taken = _plans(monkeypatch)
    _run(dev, rules)
    (dev / "new.txt").write_text(f"Kazakhstan: the toll\n\nALMATY, January 16.{TOLL}", "utf-8")
    age(dev / "new.txt")
    after, stats = _run(dev, rules)
    assert taken == ["every", "touched"]
    assert _json(after) == _fresh(dev, rules)
    assert stats.read == 1 and stats.groups_computed == 1 < stats.groups


def test_a_check_of_part_of_the_corpus_leaves_the_next_whole_check_correct(
    dev: Path, rules: CompiledRulebook, monkeypatch: pytest.MonkeyPatch
) -> None:
    taken = _plans(monkeypatch)
    _run(dev, rules)
    part = sorted(p for p in dev.iterdir() if p.suffix == ".txt")[:5]
    check_corpus(part, rules, cache=True)
    after, stats = _run(dev, rules)
    assert taken == ["every", "every", "every"]  # the part's groups are not the corpus's
    assert _json(after) == _fresh(dev, rules) and stats.extracted == 0
    _run(dev, rules)
    assert taken[-1] == "touched"


def test_groups_stored_before_a_run_was_cut_short_are_not_trusted(
    dev: Path, rules: CompiledRulebook, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run killed after it stored a new article's record but before it stored the
    groups leaves groups without that article: the next check must see it."""
    taken = _plans(monkeypatch)
    before = _json(_run(dev, rules)[0])
    with sqlite3.connect(dev / CACHE_DIR / CACHE_NAME) as db:
        saved = db.execute("SELECT * FROM groups").fetchall()
    article = dev / _article_with(_run(dev, rules)[0], "casualties.deaths", "zhanaozen-2011")
    article.write_text(article.read_text(encoding="utf-8") + TOLL, encoding="utf-8")
    age(article)
    _run(dev, rules)
    with sqlite3.connect(dev / CACHE_DIR / CACHE_NAME) as db:  # the groups of before ...
        db.execute("DELETE FROM groups")
        db.executemany(f"INSERT INTO groups VALUES ({', '.join('?' * 7)})", saved)
        db.execute("DELETE FROM meta WHERE key = 'groups'")  # ... as a cut-short run leaves
    after, stats = _run(dev, rules)
    assert taken[-1] == "every" and stats.groups_computed > 0
    assert _json(after) == _fresh(dev, rules) != before


def test_a_damaged_file_record_is_read_again(dev: Path, rules: CompiledRulebook) -> None:
    expected = _json(_run(dev, rules)[0])
    with sqlite3.connect(dev / CACHE_DIR / CACHE_NAME) as db:
        db.execute("UPDATE files SET record = '[\"cut short' WHERE rowid = 3")
    after, stats = _run(dev, rules)
    assert _json(after) == expected and stats.read == 1 and stats.extracted == 0


def test_a_warm_check_builds_only_the_articles_a_report_reads(
    dev: Path, rules: CompiledRulebook
) -> None:
    (dev / "undated.txt").write_text("A note\n\nSomething happened, people said.\n", "utf-8")
    (dev / "empty.txt").write_text("", "utf-8")
    age_all(dev)
    fresh, _ = _run(dev, rules, cache=False)
    _run(dev, rules)
    warm, _ = _run(dev, rules)
    assert warm.diagnostics == fresh.diagnostics and len(fresh.diagnostics) == 2
    assert isinstance(warm.articles, Articles) and isinstance(fresh.articles, tuple)
    some = fresh.articles[3]
    assert article_index(warm.articles)[some.id] == some
    kept = [isinstance(item, FileStat) for item in warm.articles._items]
    assert kept.count(False) == 1 and len(kept) == len(fresh.articles)
    assert warm.articles == fresh.articles and list(warm.articles) == list(fresh.articles)
    assert undated_count(warm.articles) == undated_count(fresh.articles) == 1


def test_stored_members_that_do_not_decode_make_every_group_looked_at(
    dev: Path, rules: CompiledRulebook, monkeypatch: pytest.MonkeyPatch
) -> None:
    taken = _plans(monkeypatch)
    before, _ = _run(dev, rules)
    with sqlite3.connect(dev / CACHE_DIR / CACHE_NAME) as db:
        db.execute("UPDATE groups SET members = '[[\"cut short'")
    article = dev / _article_with(before, "casualties.deaths", "kazakhstan-unrest-2022")
    article.write_text(article.read_text(encoding="utf-8") + TOLL, encoding="utf-8")
    age(article)
    after, stats = _run(dev, rules)
    assert taken == ["every", "every"] and 0 < stats.groups_computed < stats.groups
    assert _json(after) == _fresh(dev, rules)


def _damaged_groups(
    corpus: Path, rules: CompiledRulebook, monkeypatch: pytest.MonkeyPatch, damage: str
) -> tuple[list[str], RunStats, int]:
    """A check after `damage` (SQL on the groups of a checked corpus): the plans taken,
    what it did, and the rows damaged; its report must be the undamaged one."""
    taken = _plans(monkeypatch)
    expected = _json(_run(corpus, rules)[0])
    with sqlite3.connect(corpus / CACHE_DIR / CACHE_NAME) as db:
        damaged = db.execute(damage).rowcount
    after, stats = _run(corpus, rules)
    assert _json(after) == expected
    return taken, stats, damaged


def test_unchanged_groups_whose_findings_do_not_decode_are_computed_again(
    dev: Path, rules: CompiledRulebook, monkeypatch: pytest.MonkeyPatch
) -> None:
    damage = "UPDATE groups SET findings = x'5b7878' WHERE rowid % 2 = 0"
    taken, stats, damaged = _damaged_groups(dev, rules, monkeypatch, damage)
    assert taken == ["every", "touched"] and stats.groups_computed == damaged > 0


def test_an_unchanged_group_with_nothing_left_that_decodes_makes_every_group_looked_at(
    dev: Path, rules: CompiledRulebook, monkeypatch: pytest.MonkeyPatch
) -> None:
    damage = "UPDATE groups SET findings = x'5b7878', members = '[' WHERE rowid = 2"
    taken, stats, damaged = _damaged_groups(dev, rules, monkeypatch, damage)
    assert taken == ["every", "touched", "every"]  # the touched plan could not go on
    assert stats.groups_computed == damaged == 1


def test_groups_computed_in_a_touched_plan_keep_digests_every_plan_accepts(
    dev: Path, rules: CompiledRulebook, monkeypatch: pytest.MonkeyPatch
) -> None:
    taken = _plans(monkeypatch)
    before, _ = _run(dev, rules)
    article = dev / _article_with(before, "casualties.deaths", "kazakhstan-unrest-2022")
    article.write_text(article.read_text(encoding="utf-8") + TOLL, encoding="utf-8")
    age(article)
    _, edited = _run(dev, rules)
    with sqlite3.connect(dev / CACHE_DIR / CACHE_NAME) as db:
        db.execute("DELETE FROM meta WHERE key = 'groups'")  # as a check of part would
    _, again = _run(dev, rules)
    assert taken == ["every", "touched", "every"]
    assert edited.groups_computed > 0 and again.groups_computed == 0


def test_groups_are_shared_out_in_parts_of_about_equal_size() -> None:
    names = ["a", "b", "c", "d", "e"]
    assert _parts(names, [40, 30, 10, 8, 5], 2) == [["a", "d"], ["b", "c", "e"]]  # 48, 45
    assert _parts(names[:2], [3, 2], 4) == [["a"], ["b"]]
