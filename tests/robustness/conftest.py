"""Fixtures of the bad-input suite: the CLI run in-process from a folder without settings,
a writable copy of the seed corpus, and the clean run every case compares against.

Every case asserts its exact outcome: the exit code, the exact diagnostic lines (or a
precise pattern of them), no traceback, and - where a broken input should not stop the
check - that the seed articles' claims are exactly those of a clean run.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from checker.cli import run
from tests.robustness.helpers import RULES, Factcheck, Outcome, copy_seeds, no_traceback


@pytest.fixture
def factcheck(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Factcheck:
    """`factcheck ARGS...` in-process, from a folder without a settings file."""
    home = tmp_path / "cwd"
    home.mkdir()
    monkeypatch.chdir(home)
    monkeypatch.setenv("NO_COLOR", "1")

    def call(*args: str | Path) -> Outcome:
        capsys.readouterr()
        code = run([str(a) for a in args])
        captured = capsys.readouterr()
        no_traceback(captured.err)
        no_traceback(captured.out)
        return Outcome(int(code), captured.out, captured.err)

    return call


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A writable copy of the seed corpus, with its manifest."""
    return copy_seeds(tmp_path / "corpus")


@pytest.fixture(scope="session")
def clean(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The JSON report of the untouched seed corpus: what every case that keeps going
    must still report for the seed articles."""
    folder = copy_seeds(tmp_path_factory.mktemp("clean") / "corpus")
    output = folder.parent / "clean.json"
    args = ["check", str(folder), "--rules", str(RULES), "--format", "json", "--no-cache"]
    assert run([*args, "--output", str(output)]) == 1
    data: dict[str, Any] = json.loads(output.read_text(encoding="utf-8"))
    return data
