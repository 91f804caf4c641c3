"""A corpus walk begun in a forked process: taken only when it walked the same paths
and finished, and never left running."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

import checker.ahead as ahead_module
from checker.ahead import Ahead, walking_ahead
from checker.scan import scan
from checker.walk import walk
from tests.runs import DEV, RULES, cli, copy_corpus


def _gone(pid: int) -> bool:
    """Whether the process has been waited for (no zombie left)."""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def test_a_walk_ahead_finds_what_a_walk_here_finds(tmp_path: Path) -> None:
    corpus = copy_corpus(DEV, tmp_path / "dev")
    (corpus / "2022" / "x").mkdir(parents=True)
    (corpus / "2022" / "x" / "late.md").write_text("A note.\n", encoding="utf-8")
    started = Ahead.start([corpus])
    assert started is not None
    walked = started.take([corpus])
    here = walk([corpus])
    assert walked is not None and (walked.root, walked.unlisted) == (here.root, [])
    assert walked.rows == [list(row) for row in here.rows]  # arrays, as JSON has them
    assert len(walked.rows) == 18 and walked.rows[-1][0] == "2022/x/late.md"
    assert _gone(started._pid) and started.take([corpus]) is None  # taken once


def test_scan_takes_the_walk_and_builds_the_same_files(tmp_path: Path) -> None:
    corpus = copy_corpus(DEV, tmp_path / "dev")
    assert scan([corpus], Ahead.start([corpus])) == scan([corpus])


def test_a_walk_of_other_paths_is_not_taken(tmp_path: Path) -> None:
    corpus = copy_corpus(DEV, tmp_path / "dev")
    started = Ahead.start([corpus])
    assert started is not None
    assert started.take([corpus / "2022"]) is None and _gone(started._pid)


def test_an_unlisted_folder_comes_back_with_its_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = copy_corpus(DEV, tmp_path / "dev")
    (corpus / "secret").mkdir()
    original = os.scandir

    def scandir(path: str) -> object:
        if path.endswith("secret"):
            raise PermissionError(errno.EACCES, "Permission denied", path)
        return original(path)

    monkeypatch.setattr(os, "scandir", scandir)  # the forked process inherits it
    started = Ahead.start([corpus])
    assert started is not None
    walked = started.take([corpus])
    assert walked is not None
    [(shown, error)] = walked.unlisted
    assert shown == "secret" and isinstance(error, PermissionError)
    assert (error.errno, error.strerror) == (errno.EACCES, "Permission denied")
    here = walk([corpus])
    assert walked.rows == [list(row) for row in here.rows]


def test_a_walk_that_fails_is_done_again_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = copy_corpus(DEV, tmp_path / "dev")

    def broken(paths: object) -> object:
        raise RuntimeError("the walk broke")

    monkeypatch.setattr(ahead_module, "walk", broken)  # only the forked process walks
    started = Ahead.start([corpus])
    assert started is not None and started.take([corpus]) is None
    assert scan([corpus], Ahead.start([corpus])) == scan([corpus])


def test_a_walk_nobody_takes_is_ended(tmp_path: Path) -> None:
    corpus = copy_corpus(DEV, tmp_path / "dev")
    with walking_ahead([corpus], 2) as started:
        assert started is not None
    assert _gone(started._pid)
    with walking_ahead([corpus], 1) as one_process, walking_ahead(None, 2) as no_paths:
        assert one_process is None and no_paths is None


def test_no_process_to_fork_means_no_walk_ahead(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fork() -> int:
        raise OSError(errno.EAGAIN, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", fork)
    corpus = copy_corpus(DEV, tmp_path / "dev")
    assert Ahead.start([corpus]) is None
    both = [cli("check", str(corpus), "--rules", str(RULES), "--jobs", j) for j in ("1", "2")]
    assert both[0] == both[1] and both[0].out.endswith("notes\n")


def test_the_command_line_begins_the_walk_before_typer_reads_it(tmp_path: Path) -> None:
    from checker.cli import _walk_ahead

    corpus = copy_corpus(DEV, tmp_path / "dev")
    argv = ["check", "-o", str(tmp_path / "out.txt"), str(corpus), "--rules", str(RULES)]
    begun = _walk_ahead([*argv, "--quiet", "--jobs", "2"])
    assert begun is not None and begun._paths == (corpus,)
    with walking_ahead([corpus], 2, begun) as used:
        assert used is begun and used.take([corpus]) is not None
    for refused in ([*argv, "--jobs=1"], ["check", "--no-such-option", str(corpus)], ["version"]):
        assert _walk_ahead(refused) is None
    assert _walk_ahead(["check"]) is None  # the corpus comes from the settings
