"""The typer application and what every command shares: options, loading, output.

Commands live one group per module in `checker.commands` and register themselves on
`app`; `checker.cli` imports them and owns `run`/`main`.
"""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from checker.model import ExitCode, Level
from checker.paths import path_problem

if TYPE_CHECKING:
    from checker.ahead import Ahead
    from checker.config import Config
    from checker.extract.compiled import CompiledRulebook
    from checker.model import RunResult
    from checker.report.base import ReportOptions

# The rest of factcheck is imported where a command needs it, not here: a check starts
# walking its corpus (`checker.ahead`) before it imports the pipeline, so that the two
# overlap.

DEFAULT_CORPUS = Path("seeds")
DEFAULT_RULES = Path("rules")


class FailOn(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"
    NEVER = "never"


class Failure(Exception):
    """A user-facing failure: message for stderr and the exit code to return."""

    def __init__(self, message: str, code: ExitCode) -> None:
        super().__init__(message)
        self.code = code


app = typer.Typer(
    add_completion=False,
    no_args_is_help=False,
    help="Cross-source fact-consistency checker for news corpora.",
    context_settings={"help_option_names": ["-h", "--help"]},
)
rules_app = typer.Typer(help="Validate, list, test and describe rule files.")
app.add_typer(rules_app, name="rules")

CorpusArg = Annotated[
    list[Path] | None,
    typer.Argument(help="Corpus folders or article files (default: settings, else seeds/)."),
]
RulesOpt = Annotated[
    list[Path] | None,
    typer.Option("--rules", "-r", help="Rule files or folders (default: settings, else rules/)."),
]
OutputOpt = Annotated[Path | None, typer.Option("--output", "-o", help="Write the report here.")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress output.")]
JobsOpt = Annotated[
    int | None,
    typer.Option(
        "--jobs", "-j", min=1, help="Processes that extract articles (default: number of cores)."
    ),
]
NoCacheOpt = Annotated[
    bool,
    typer.Option("--no-cache", help="Neither read nor write CORPUS/.factcheck/cache.sqlite."),
]


def emit(text: str, output: Path | None) -> None:
    """Print, or write atomically so an interrupted run never leaves half a report."""
    from checker.atomic import write_atomic

    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    if output.is_dir():
        raise Failure(f"{output}: is a folder; name a file to write", ExitCode.USAGE)
    if not output.parent.is_dir():
        raise Failure(f"{output}: the folder {output.parent} does not exist", ExitCode.USAGE)
    try:
        write_atomic(output, text)
    except OSError as err:
        raise Failure(f"{output}: cannot write: {err.strerror}", ExitCode.USAGE) from None


def project_config() -> Config:
    """The settings for this invocation (factcheck.toml / pyproject.toml), found from the cwd."""
    from checker.config import ConfigInvalid, discover_config

    try:
        return discover_config()
    except ConfigInvalid as invalid:
        raise Failure(str(invalid), ExitCode.USAGE) from None


def rules_paths(paths: list[Path] | None, config: Config | None = None) -> list[Path]:
    """Flags first, then the project's settings, then the shipped default `rules/`."""
    if paths:
        return paths
    settings = config if config is not None else project_config()
    return list(settings.rules) or [DEFAULT_RULES]


def load_rules(paths: list[Path] | None, config: Config | None = None) -> CompiledRulebook:
    from checker.pipeline import compile_rules
    from checker.rulebook.loader import RulesInvalid

    try:
        return compile_rules(rules_paths(paths, config))
    except RulesInvalid as invalid:
        message = "\n".join(e.render() for e in invalid.errors)
        raise Failure(message, ExitCode.RULES_INVALID) from None


def corpus_paths(paths: list[Path] | None, config: Config | None = None) -> list[Path]:
    """Flags first, then the project's settings, then the default `seeds/`."""
    if paths:
        chosen = paths
    else:
        settings = config if config is not None else project_config()
        chosen = list(settings.corpus) or [DEFAULT_CORPUS]
    for path in chosen:
        problem = path_problem(path)
        if problem is not None:
            raise Failure(f"{path}: {problem}", ExitCode.USAGE)
    return chosen


def fail_on_level(flag: FailOn | None, config: Config) -> FailOn:
    """`--fail-on`, else the settings' `fail_on`, else `warning`."""
    if flag is not None:
        return flag
    return FailOn(config.fail_on) if config.fail_on else FailOn.WARNING


def report_options(fail_on: FailOn) -> ReportOptions:
    from checker.report.base import ReportOptions, color_wanted

    level = None if fail_on == FailOn.NEVER else Level(fail_on.value)
    return ReportOptions(color=color_wanted(sys.stdout, os.environ), fail_on=level)


def exit_code_for(result: RunResult, fail_on: FailOn) -> ExitCode:
    """FINDINGS when an unsuppressed finding is at or above the threshold."""
    if fail_on == FailOn.NEVER:
        return ExitCode.OK
    threshold = Level(fail_on.value).rank
    failing = [f for f in result.findings if f.suppressed_by is None and f.level.rank >= threshold]
    return ExitCode.FINDINGS if failing else ExitCode.OK


def default_jobs() -> int:
    """The cores this process may use (a container's CPU set, not the host's)."""
    affinity = getattr(os, "sched_getaffinity", None)
    return len(affinity(0)) if affinity is not None else os.cpu_count() or 1


def warn(message: str) -> None:
    sys.stderr.write(f"factcheck: warning: {message}\n")


def checked(
    corpus: list[Path],
    rules: CompiledRulebook,
    jobs: int | None,
    no_cache: bool,
    quiet: bool,
    ahead: Ahead | None = None,
) -> RunResult:
    """`check_corpus` as the commands run it: in parallel, cached, with a progress bar on
    a terminal, cache problems as warnings, and `FACTCHECK_STATS=1` statistics."""
    from checker.extraction import RunStats
    from checker.pipeline import check_corpus
    from checker.progress import progress_wanted, stats_wanted

    stats = RunStats()
    result = check_corpus(
        corpus,
        rules,
        jobs=jobs or default_jobs(),
        cache=not no_cache,
        progress=progress_wanted(quiet, sys.stderr, os.environ),
        warn=warn,
        stats=stats,
        ahead=ahead,
    )
    if stats_wanted():
        sys.stderr.write(f"factcheck: {stats.line()}\n")
    if HELD is not None:
        HELD.append(result)
    return result


# Results the process exits holding instead of freeing them when a command returns
# (`checker.cli.main` sets it; see `cli._leave`): an archive's result is hundreds of
# thousands of objects, a tenth of a second to free one by one.  None: free them (tests
# run many commands in one process).
HELD: list[object] | None = None
# The walk `checker.cli.main` began for `check` before typer parsed the command line.
AHEAD: Ahead | None = None
