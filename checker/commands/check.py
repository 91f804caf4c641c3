"""`factcheck check` and `factcheck facts`: the main job and its fact table."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from checker.cliapp import (
    CorpusArg,
    FailOn,
    Failure,
    OutputOpt,
    QuietOpt,
    RulesOpt,
    app,
    corpus_paths,
    emit,
    exit_code_for,
    load_rules,
    report_options,
)
from checker.model import ExitCode, RunResult
from checker.pipeline import check_corpus
from checker.report import REPORTERS, Reporter, get_reporter
from checker.report.facts_table import render_facts

FORMATS = ", ".join(sorted(REPORTERS))


def _reporter(fmt: str) -> Reporter:
    try:
        return get_reporter(fmt)
    except ValueError as bad:
        raise Failure(str(bad), ExitCode.USAGE) from None


def _diagnostics_to_stderr(result: RunResult, fmt: str) -> None:
    """Machine formats keep stdout clean; their diagnostics go to stderr."""
    if fmt != "console":
        for d in result.diagnostics:
            sys.stderr.write(d.render() + "\n")


@app.command()
def check(
    paths: CorpusArg = None,
    rules: RulesOpt = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help=f"One of: {FORMATS}.")] = "console",
    output: OutputOpt = None,
    fail_on: Annotated[FailOn, typer.Option("--fail-on", help="Lowest level that fails.")] = (
        FailOn.WARNING
    ),
    quiet: QuietOpt = False,
) -> None:
    """Check a corpus for discrepancies between articles."""
    reporter = _reporter(fmt)
    result = check_corpus(corpus_paths(paths), load_rules(rules))
    _diagnostics_to_stderr(result, fmt)
    emit(reporter.render(result, report_options(fail_on)), output)
    raise typer.Exit(int(exit_code_for(result, fail_on)))


@app.command()
def facts(
    paths: CorpusArg = None,
    rules: RulesOpt = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="console or json")] = "console",
    output: OutputOpt = None,
) -> None:
    """Print the fact table: every claim by fact, event and article."""
    result = check_corpus(corpus_paths(paths), load_rules(rules))
    try:
        text = render_facts(result, report_options(FailOn.NEVER), fmt)
    except ValueError as bad:
        raise Failure(str(bad), ExitCode.USAGE) from None
    emit(text, output)
