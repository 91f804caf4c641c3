"""The `factcheck` command.

`run(argv) -> ExitCode` does the work and never exits; only `main()` does, so tests
call `run` directly (proselint's pattern).  User mistakes become one located line on
stderr and a named exit code, never a traceback.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from typer.exceptions import TyperException

from checker import __version__
from checker.atomic import write_atomic
from checker.evaluate import GoldInvalid, evaluate, load_gold
from checker.extract.compiled import CompiledRulebook
from checker.model import ExitCode, Level, RunResult
from checker.pipeline import check_corpus, compile_rules
from checker.report import get_reporter
from checker.report.base import ReportOptions, color_wanted
from checker.report.evaluation import render_console, render_json
from checker.report.facts_table import render_facts
from checker.rulebook.loader import RulesInvalid, validate
from checker.rulebook.schema import rule_schema
from checker.ruletest import run_examples

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
    list[Path] | None, typer.Argument(help="Corpus folders or article files (default: seeds/).")
]
RulesOpt = Annotated[
    list[Path] | None,
    typer.Option("--rules", "-r", help="Rule files or folders (default: rules/)."),
]
FormatOpt = Annotated[str, typer.Option("--format", "-f", help="console, json")]
OutputOpt = Annotated[Path | None, typer.Option("--output", "-o", help="Write the report here.")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress output.")]


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    else:
        write_atomic(output, text)


def _rules(paths: list[Path] | None) -> CompiledRulebook:
    try:
        return compile_rules(paths or [DEFAULT_RULES])
    except RulesInvalid as invalid:
        raise Failure(
            "\n".join(e.render() for e in invalid.errors), ExitCode.RULES_INVALID
        ) from None


def _corpus(paths: list[Path] | None) -> list[Path]:
    chosen = paths or [DEFAULT_CORPUS]
    missing = [p for p in chosen if not p.exists()]
    if missing:
        raise Failure(f"{missing[0]}: no such file or folder", ExitCode.USAGE)
    return chosen


def _options(fail_on: FailOn) -> ReportOptions:
    level = None if fail_on == FailOn.NEVER else Level(fail_on.value)
    return ReportOptions(color=color_wanted(sys.stdout, os.environ), fail_on=level)


def exit_code_for(result: RunResult, fail_on: FailOn) -> ExitCode:
    if fail_on == FailOn.NEVER:
        return ExitCode.OK
    threshold = Level(fail_on.value).rank
    failing = [f for f in result.findings if f.suppressed_by is None and f.level.rank >= threshold]
    return ExitCode.FINDINGS if failing else ExitCode.OK


def _diagnostics_to_stderr(result: RunResult, fmt: str) -> None:
    if fmt != "console":
        for d in result.diagnostics:
            sys.stderr.write(d.render() + "\n")


@app.command()
def check(
    paths: CorpusArg = None,
    rules: RulesOpt = None,
    fmt: FormatOpt = "console",
    output: OutputOpt = None,
    fail_on: Annotated[FailOn, typer.Option("--fail-on", help="Lowest level that fails.")] = (
        FailOn.WARNING
    ),
    quiet: QuietOpt = False,
) -> None:
    """Check a corpus for discrepancies between articles."""
    reporter = _reporter(fmt)
    compiled = _rules(rules)
    result = check_corpus(_corpus(paths), compiled)
    options = _options(fail_on)
    _diagnostics_to_stderr(result, fmt)
    _emit(reporter.render(result, options), output)
    raise typer.Exit(int(exit_code_for(result, fail_on)))


def _reporter(fmt: str):  # type: ignore[no-untyped-def]
    try:
        return get_reporter(fmt)
    except ValueError as bad:
        raise Failure(str(bad), ExitCode.USAGE) from None


@app.command()
def facts(
    paths: CorpusArg = None,
    rules: RulesOpt = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="console or json")] = "console",
    output: OutputOpt = None,
) -> None:
    """Print the fact table: every claim by fact, event and article."""
    compiled = _rules(rules)
    result = check_corpus(_corpus(paths), compiled)
    try:
        text = render_facts(result, _options(FailOn.NEVER), fmt)
    except ValueError as bad:
        raise Failure(str(bad), ExitCode.USAGE) from None
    _emit(text, output)


@rules_app.command("validate")
def rules_validate(paths: Annotated[list[Path] | None, typer.Argument()] = None) -> None:
    """Check rule files; print one located line per error."""
    errors = validate(paths or [DEFAULT_RULES])
    for error in errors:
        sys.stderr.write(error.render() + "\n")
    if errors:
        raise typer.Exit(int(ExitCode.RULES_INVALID))
    sys.stdout.write("rules are valid\n")


@rules_app.command("list")
def rules_list(paths: Annotated[list[Path] | None, typer.Argument()] = None) -> None:
    """List the facts of the rule files with their kind, level and message."""
    compiled = _rules(paths)
    for fact in compiled.rulebook.facts:
        path, line = compiled.rulebook.origins.get(fact.id, ("", 0))
        level = fact.level or "-"
        sys.stdout.write(
            f"{fact.id:28} {fact.extends:10} {level:8} {fact.message or ''}  ({path}:{line})\n"
        )


@rules_app.command("schema")
def rules_schema(output: OutputOpt = None) -> None:
    """Print the JSON Schema of rule files (for editor autocompletion)."""
    _emit(json.dumps(rule_schema(), indent=2, sort_keys=True) + "\n", output)


@rules_app.command("test")
def rules_test(paths: Annotated[list[Path] | None, typer.Argument()] = None) -> None:
    """Run every rule example: each must give exactly its value, or nothing."""
    results = run_examples(_rules(paths))
    failed = [r for r in results if not r.ok]
    for r in failed:
        where = f"example {r.index}" if r.index else "examples"
        sys.stdout.write(f"FAIL {r.fact_id} {where}: {r.message}\n")
        if r.text:
            sys.stdout.write(f"     {r.text}\n")
    sys.stdout.write(f"{len(results) - len(failed)} passed, {len(failed)} failed\n")
    if failed:
        raise typer.Exit(int(ExitCode.RULES_INVALID))


@app.command("eval")
def eval_command(
    gold: Annotated[Path, typer.Option("--gold", "-g", help="Gold labels (YAML).")],
    paths: CorpusArg = None,
    rules: RulesOpt = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="console or json")] = "console",
    output: OutputOpt = None,
) -> None:
    """Score claims and findings against gold labels: precision, recall, misses."""
    if fmt not in ("console", "json"):
        raise Failure(f"unknown eval format '{fmt}'; choose console or json", ExitCode.USAGE)
    try:
        labels = load_gold(gold)
    except GoldInvalid as bad:
        raise Failure(str(bad), ExitCode.USAGE) from None
    result = check_corpus(_corpus(paths), _rules(rules))
    evaluation = evaluate(result, labels)
    text = render_json(evaluation) if fmt == "json" else render_console(evaluation)
    _emit(text, output)


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
    sys.exit(int(run()))
