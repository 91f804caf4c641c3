"""Parallel extraction: the same report whatever the number of processes.

The seed and development corpora are smaller than the size at which `check` bothers to
start worker processes, so the process pool is forced through `ExtractOptions` here,
and exercised through the command line on a generated corpus large enough to use it.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import shutil
from pathlib import Path

import pytest

from benchmarks import generate
from checker.cache import Extracted
from checker.extraction import ExtractOptions, RunStats, Task, Worker, chunks, extract_corpus
from checker.pipeline import compare_extraction, compile_rules
from checker.progress import progress_bar, progress_wanted
from checker.report.base import ReportOptions
from checker.report.json_report import JsonReporter
from tests.runs import CORPORA, RULES, cli, copy_corpus, json_report, no_processes


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 60-article generated corpus: more than `check` extracts in-process."""
    folder = tmp_path_factory.mktemp("generated") / "corpus"
    generate.generate(folder, 60, seed=7, planted=0.1)
    return folder


def _report(corpus: Path, jobs: int, inline_below: int) -> str:
    rules = compile_rules([RULES])
    options = ExtractOptions(jobs=jobs, inline_below=inline_below)
    result = compare_extraction(extract_corpus([corpus], rules, options), rules)
    return JsonReporter().render(result, ReportOptions())


@pytest.mark.parametrize("name", sorted(CORPORA))
def test_a_process_pool_gives_the_in_process_report(name: str, tmp_path: Path) -> None:
    corpus = copy_corpus(CORPORA[name], tmp_path / name)
    assert _report(corpus, jobs=2, inline_below=0) == _report(corpus, jobs=1, inline_below=0)


@pytest.mark.parametrize("name", sorted(CORPORA))
def test_jobs_1_and_2_on_the_command_line_give_one_report(name: str, tmp_path: Path) -> None:
    corpus = copy_corpus(CORPORA[name], tmp_path / name)
    one = json_report(corpus, "--jobs", "1", "--no-cache")
    assert json_report(corpus, "--jobs", "2", "--no-cache") == one


def test_the_pool_runs_on_a_corpus_large_enough(generated: Path) -> None:
    rules = compile_rules([RULES])
    stats = RunStats()
    extract_corpus([generated], rules, ExtractOptions(jobs=2), stats)
    assert stats.extracted == 60
    one = json_report(generated, "--jobs", "1", "--no-cache")
    assert json_report(generated, "--jobs", "2", "--no-cache") == one


@pytest.mark.skipif(
    multiprocessing.get_start_method() != "fork", reason="processes are not forked here"
)
def test_forked_workers_use_the_rules_compiled_here(generated: Path, tmp_path: Path) -> None:
    """Workers inherit the compiled rules instead of reading the rule files again: the
    pool works even when the files are gone once the rules are compiled."""
    copied = Path(shutil.copytree(RULES, tmp_path / "rules"))
    rules = compile_rules([copied])
    shutil.rmtree(copied)
    warnings: list[str] = []
    stats = RunStats()
    extract_corpus([generated], rules, ExtractOptions(jobs=2, warn=warnings.append), stats)
    assert (stats.extracted, warnings) == (60, [])


def test_planted_contradictions_are_reported(generated: Path) -> None:
    report = json_report(generated, "--no-cache")
    assert b'"kind": "contradiction"' in report


def test_chunks_keep_neighbouring_files_together_and_cover_all() -> None:
    tasks = list(range(1000))
    parts = chunks(tasks, jobs=2)  # type: ignore[arg-type]
    assert [t for part in parts for t in part] == tasks
    assert len(parts) >= 16  # several per worker, so the last ones finish together
    sizes = [len(part) for part in parts]
    assert sizes == sorted(sizes, reverse=True)  # large first, small last
    assert sizes[0] == 1000 // 8 and sizes[-1] <= 8
    assert [len(p) for p in chunks(tasks[:20], jobs=2)] == [8, 8, 4]  # type: ignore[arg-type]
    assert chunks([], jobs=2) == []  # type: ignore[arg-type]


def test_jobs_must_be_positive(tmp_path: Path) -> None:
    corpus = copy_corpus(CORPORA["seeds"], tmp_path / "seeds")
    ran = cli("check", str(corpus), "--rules", str(RULES), "--jobs", "0")
    assert ran.code == 2
    assert "--jobs" in ran.err


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_progress_bar_only_on_a_terminal_outside_ci_and_not_quiet() -> None:
    terminal, pipe = _Terminal(), io.StringIO()
    assert progress_wanted(False, terminal, {})
    assert not progress_wanted(True, terminal, {})
    assert not progress_wanted(False, terminal, {"CI": "true"})
    assert not progress_wanted(False, pipe, {})


def test_the_progress_bar_draws_on_its_stream_and_counts() -> None:
    stream = _Terminal()
    with progress_bar(3, "extracting", True, stream) as advance:
        for _ in range(3):
            advance(1)
    assert "extracting" in stream.getvalue()
    quiet = io.StringIO()
    with progress_bar(3, "extracting", False, quiet) as advance:
        advance(3)
    assert quiet.getvalue() == ""


def _report_warning(corpus: Path, jobs: int) -> tuple[str, list[str]]:
    rules = compile_rules([RULES])
    warnings: list[str] = []
    options = ExtractOptions(jobs=jobs, inline_below=0, warn=warnings.append)
    result = compare_extraction(extract_corpus([corpus], rules, options), rules)
    return JsonReporter().render(result, ReportOptions()), warnings


def test_no_worker_process_to_start_extracts_here_with_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = copy_corpus(CORPORA["dev"], tmp_path / "dev")
    expected = _report(corpus, jobs=1, inline_below=0)
    monkeypatch.setattr("checker.extraction.ProcessPoolExecutor", no_processes)
    report, warnings = _report_warning(corpus, jobs=2)
    assert report == expected
    assert warnings == [
        "worker processes unavailable ([Errno 11] Resource temporarily unavailable);"
        " extracting here"
    ]


def test_a_worker_killed_midway_leaves_its_articles_to_this_process(
    generated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _report(generated, jobs=1, inline_below=0)
    last = max(p.relative_to(generated).as_posix() for p in generated.rglob("*.txt"))
    parent, run = os.getpid(), Worker.run

    def dies_on_the_last_article(worker: Worker, task: Task) -> Extracted:
        if os.getpid() != parent and task.stat.id == last:
            os._exit(1)  # as the kernel's OOM killer would end the worker
        return run(worker, task)

    monkeypatch.setattr(Worker, "run", dies_on_the_last_article)  # forked workers inherit it
    report, warnings = _report_warning(generated, jobs=2)
    assert report == expected
    assert len(warnings) == 1 and "terminated abruptly" in warnings[0]
