"""`factcheck check` and `factcheck facts`: the main job and its fact table."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from checker import cliapp
from checker.ahead import walking_ahead
from checker.cliapp import (
    CorpusArg,
    FailOn,
    Failure,
    JobsOpt,
    NoCacheOpt,
    OutputOpt,
    QuietOpt,
    RulesOpt,
    app,
    checked,
    corpus_paths,
    default_jobs,
    emit,
    exit_code_for,
    fail_on_level,
    load_rules,
    project_config,
    report_options,
)
from checker.commands.review import ReviewsOpt, review_file
from checker.model import ExitCode, Level
from checker.report import REPORTERS, get_reporter

if TYPE_CHECKING:
    from checker.baseline import Baseline
    from checker.changes import Changes
    from checker.config import Config
    from checker.extract.compiled import CompiledRulebook
    from checker.model import RunResult
    from checker.report import Reporter

FORMATS = ", ".join(sorted(REPORTERS))
FormatOpt = Annotated[
    str | None, typer.Option("--format", "-f", help=f"One of: {FORMATS} (default console).")
]
FailOnOpt = Annotated[
    FailOn | None, typer.Option("--fail-on", help="Lowest level that fails (default warning).")
]


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


BaselineOpt = Annotated[
    Path | None,
    typer.Option("--baseline", help="Suppress the findings this baseline file already covers."),
]
NoBaselineOpt = Annotated[
    bool, typer.Option("--no-baseline", help="Ignore the baseline named in the settings file.")
]
ChangedSinceOpt = Annotated[
    str | None,
    typer.Option(
        "--changed-since",
        metavar="REV",
        help="Report only findings involving articles added or changed since this git revision.",
    ),
]


@app.command()
def check(
    paths: CorpusArg = None,
    rules: RulesOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    fail_on: FailOnOpt = None,
    baseline: BaselineOpt = None,
    no_baseline: NoBaselineOpt = False,
    changed_since: ChangedSinceOpt = None,
    reviews: ReviewsOpt = None,
    quiet: QuietOpt = False,
    jobs: JobsOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """Check a corpus for discrepancies between articles."""
    # The corpus is walked in another process while this one imports the pipeline.
    with walking_ahead(paths, jobs or default_jobs(), cliapp.AHEAD) as ahead:
        from checker.changes import changed_articles
        from checker.reviews import apply_reviews
        from checker.suppress import apply_baseline, apply_levels, only_changed

        config = project_config()
        fmt = fmt or config.format or "console"
        reporter = _reporter(fmt)
        corpus = corpus_paths(paths, config)
        compiled = load_rules(rules, config)
        levels = _levels(config, compiled)
        known = _baseline(baseline or (None if no_baseline else config.baseline))
        changes = _changes(changed_since, corpus)
        decisions = review_file(reviews, corpus, config.reviews)
        result = apply_levels(checked(corpus, compiled, jobs, no_cache, quiet, ahead), levels)
        if known is not None:
            result = apply_baseline(result, known)
        result = apply_reviews(result, decisions)
        if changes is not None:
            result = only_changed(result, changed_articles(result.articles, changes))
        threshold = fail_on_level(fail_on, config)
        _diagnostics_to_stderr(result, fmt)
        emit(reporter.render(result, report_options(threshold)), output)
        raise typer.Exit(int(exit_code_for(result, threshold)))


def _levels(config: Config, compiled: CompiledRulebook) -> Mapping[str, Level]:
    """The settings' level overrides, refusing facts the rules do not define (typos)."""
    for fact_id in config.levels:
        if fact_id not in compiled.facts:
            raise Failure(
                f"{config.where(fact_id)}: levels: unknown fact '{fact_id}'", ExitCode.USAGE
            )
    return config.levels


def _baseline(path: Path | None) -> Baseline | None:
    from checker.baseline import BaselineInvalid, load_baseline

    if path is None:
        return None
    try:
        return load_baseline(path)
    except BaselineInvalid as invalid:
        raise Failure(str(invalid), ExitCode.USAGE) from None


def _changes(revision: str | None, corpus: list[Path]) -> Changes | None:
    """Ask git before the (slower) check, so a wrong revision fails at once."""
    from checker.changes import ChangesUnavailable, changed_files

    if revision is None:
        return None
    try:
        return changed_files(revision, corpus[0])
    except ChangesUnavailable as unavailable:
        raise Failure(str(unavailable), ExitCode.USAGE) from None


@app.command()
def facts(
    paths: CorpusArg = None,
    rules: RulesOpt = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="console or json")] = "console",
    output: OutputOpt = None,
    reviews: ReviewsOpt = None,
) -> None:
    """Print the fact table: every claim by fact, event and article."""
    from checker.pipeline import check_corpus
    from checker.report.facts_table import render_facts
    from checker.reviews import apply_reviews

    corpus = corpus_paths(paths)
    decisions = review_file(reviews, corpus, project_config().reviews)
    result = apply_reviews(check_corpus(corpus, load_rules(rules)), decisions)
    try:
        text = render_facts(result, report_options(FailOn.NEVER), fmt)
    except ValueError as bad:
        raise Failure(str(bad), ExitCode.USAGE) from None
    emit(text, output)
