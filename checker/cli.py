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
from pathlib import Path
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
from checker import __version__, checkpoint, cliapp
from checker.ahead import Ahead, begin
from checker.cliapp import Failure, app, default_jobs
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
    checkpoint.IN_BACKGROUND = True  # joined by the exit handlers `_leave` runs
    cliapp.HELD = []
    cliapp.AHEAD = _walk_ahead(sys.argv[1:])
    code = run()
    if cliapp.AHEAD is not None:
        cliapp.AHEAD.close()  # a walk the command did not take (`check --help`)
    _leave(int(code))


def _walk_ahead(argv: Sequence[str]) -> Ahead | None:
    """For `factcheck check PATHS`, the corpus walk (`checker.ahead`) begun before typer
    converts the arguments, which costs a fifth of a second (a pydantic adapter for each
    parameter): the command's own parser reads them as they are.  None for anything
    else, and for arguments it refuses (typer then says why)."""
    if not argv or argv[0] != "check":
        return None
    try:
        command = typer.main.get_command(app).commands["check"]  # type: ignore[attr-defined]
        context = command.context_class(command, info_name="check")
        options, _, _ = command.make_parser(context).parse_args(list(argv[1:]))
        jobs = int(options.get("jobs") or default_jobs())
    except Exception:  # a usage error, reported when typer parses the same arguments
        return None
    return begin([Path(p) for p in options.get("paths") or ()], jobs)


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
    """No automatic cycle collection in the command's process (nor in the workers it
    forks, which inherit the setting).

    A factcheck command is one pass that ends, and what it builds (records, claims,
    values, findings) forms no cycles.  Even at a threshold of 200,000 allocations the
    collector walked the growing heap a hundred times in a re-check of 100,000
    articles (0.14 s of 2.5 s, and as much again in a worker) and 10% of a cold
    check, and freed nothing: peak memory is the same without it (measured on 10,000
    articles, cold).  Tests call `run`, which leaves the collector alone."""
    gc.disable()
