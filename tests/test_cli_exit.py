"""`factcheck` as a process: it leaves without tearing its heap down (`cli._leave`), so
what it wrote must still all arrive, with the exit code the run decided."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from checker.model import ExitCode
from tests.runs import DEV, RULES, SEEDS, cli, copy_corpus


def _command(corpus: Path) -> list[str]:
    return [sys.executable, "-m", "checker", "check", str(corpus), "--rules", str(RULES)]


def test_the_whole_report_and_the_exit_code_arrive(tmp_path: Path) -> None:
    corpus = copy_corpus(SEEDS, tmp_path / "seeds")
    expected = cli("check", str(corpus), "--rules", str(RULES), "--quiet", "--no-cache")
    ran = subprocess.run(
        [*_command(corpus), "--quiet", "--no-cache"], capture_output=True, text=True
    )
    assert expected.code == ExitCode.FINDINGS == ran.returncode
    assert ran.stdout == expected.out and ran.stdout.endswith("4 notes\n")
    assert ran.stderr == ""


def test_a_reader_that_stops_early_gets_no_traceback(tmp_path: Path) -> None:
    corpus = copy_corpus(DEV, tmp_path / "dev")  # a report larger than a pipe holds
    process = subprocess.Popen(
        [*_command(corpus), "--quiet", "--format", "html"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.readline().startswith("<!DOCTYPE html>")
    process.stdout.close()
    errors = process.stderr.read()
    assert process.wait() == ExitCode.FINDINGS
    assert "Traceback" not in errors


def test_the_command_runs_without_automatic_cycle_collection(tmp_path: Path) -> None:
    corpus = copy_corpus(SEEDS, tmp_path / "seeds")
    probe = (
        "import atexit, gc, sys\n"
        "atexit.register(lambda: print('collector enabled:', gc.isenabled()))\n"
        "from checker import cli\n"
        "sys.argv = ['factcheck', *sys.argv[1:]]\n"
        "cli.main()\n"
    )
    ran = subprocess.run(
        [sys.executable, "-c", probe, "check", str(corpus), "--rules", str(RULES), "--quiet"],
        capture_output=True,
        text=True,
    )
    assert ran.returncode == ExitCode.FINDINGS
    assert ran.stdout.endswith("4 notes\ncollector enabled: False\n")


def test_the_command_line_starts_without_the_pipeline() -> None:
    """Commands import the rest of factcheck when they run, so that `check` can start
    walking its corpus first (`checker.ahead`)."""
    probe = (
        "import sys; import checker.cli;"
        " print(sorted(m for m in ('pydantic', 'checker.pipeline', 'checker.cache', 'rich',"
        " 'yaml', 'checker.reviews') if m in sys.modules))"
    )
    ran = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert ran.stdout == "[]\n"
