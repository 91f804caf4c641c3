"""The `factcheck` command.

`run(argv) -> ExitCode` does the work and never exits; only `main()` does, so tests
call `run` directly (proselint's pattern).  User mistakes become one located line on
stderr and a named exit code, never a traceback.
"""

from __future__ import annotations

import atexit
import gc
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

import typer
from typer.exceptions import TyperException

import checker.commands.baseline
import checker.commands.check
import checker.commands.evaluation
import checker.commands.explain
import checker.commands.extract
import checker.commands.review
import checker.commands.rules  # noqa: F401  (importing registers the commands)
from checker import __version__, cliapp
from checker.cliapp import Failure, app
from checker.model import ExitCode


@app.command()
def version() -> None:
    """Print the version."""
    sys.stdout.write(f"factcheck {__version__}\n")


def run(argv: Sequence[str] | None = None) -> ExitCode:
    """Run the command line and return its exit code; never exits the interpreter."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        outcome = app(args=args, prog_name="factcheck", standalone_mode=False)
    except Failure as failure:
        sys.stderr.write(f"factcheck: {failure}\n")
        return failure.code
    except typer.Exit as done:
        return ExitCode(done.exit_code)
    except TyperException as usage:
        sys.stderr.write(f"factcheck: {usage.format_message()}\n")
        return ExitCode.USAGE
    except typer.Abort:
        return ExitCode.USAGE
    except KeyboardInterrupt:
        sys.stderr.write("factcheck: interrupted\n")
        return ExitCode.INTERNAL
    except Exception as bug:  # a defect of ours, not the user's: say so, briefly
        sys.stderr.write(f"factcheck: internal error: {type(bug).__name__}: {bug}\n")
        return ExitCode.INTERNAL
    return ExitCode(outcome) if isinstance(outcome, int) else ExitCode.OK


def main() -> None:
    _fewer_collections()
    cliapp.HELD = []
    _leave(int(run()))


def _leave(code: int) -> NoReturn:
    """Exit without freeing the heap object by object (mypy does the same).

    A re-check of an archive ends holding hundreds of thousands of records, claims and
    strings; tearing them down one by one at exit costs a tenth of a second and gives
    nothing back.  Output is flushed and exit handlers run first, as at a normal exit."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a reader that stopped (`| head`): it read what it wanted
        pass
    atexit._run_exitfuncs()
    os._exit(code)


def _fewer_collections() -> None:
    """Let the cycle collector run rarely in the command's process (mypy does the same).

    A check of an archive builds hundreds of thousands of claims, values and findings
    that live until it ends and form no cycles; at the default thresholds the collector
    walks all of them again and again while they are built, which cost a third of a
    warm re-check of 100,000 articles.  Collection still happens, just not every 700
    allocations."""
    gc.set_threshold(200_000, 20, 20)
