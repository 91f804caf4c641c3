"""`factcheck extract` and `factcheck compare`: one check split at its seam (DESIGN §9).

`extract` maps articles to claims (here, in worker processes, or on a dask cluster)
and writes them in the versioned claim format; `compare` reads such a file and reports
exactly what `check` would have reported on the same corpus and rules.  Between the two
the claims can be moved, merged or produced by another engine (Spark, Ray) that writes
the same format.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

import typer

from checker.cliapp import (
    Failure,
    JobsOpt,
    NoCacheOpt,
    OutputOpt,
    QuietOpt,
    RulesOpt,
    app,
    corpus_paths,
    default_jobs,
    emit,
    exit_code_for,
    fail_on_level,
    load_rules,
    project_config,
    report_options,
    warn,
)
from checker.commands.check import (
    BaselineOpt,
    FailOnOpt,
    FormatOpt,
    NoBaselineOpt,
    _baseline,
    _diagnostics_to_stderr,
    _levels,
    _reporter,
)
from checker.commands.review import ReviewsOpt, review_file
from checker.model import ExitCode

if TYPE_CHECKING:
    from checker.claimio import ClaimsFile
    from checker.extraction import Extraction


class Executor(StrEnum):
    PROCESSES = "processes"
    DASK = "dask"


@app.command()
def extract(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Corpus folders or article files (default: settings, else seeds/)."),
    ] = None,
    rules: RulesOpt = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Claims file to write (default stdout).")
    ] = None,
    jobs: JobsOpt = None,
    no_cache: NoCacheOpt = False,
    executor: Annotated[
        Executor,
        typer.Option(help="Where extraction runs: worker processes here, or a dask cluster."),
    ] = Executor.PROCESSES,
    scheduler: Annotated[
        str,
        typer.Option(
            metavar="ADDRESS|local",
            help="With --executor dask: the scheduler's address, or local for a cluster here.",
        ),
    ] = "local",
    quiet: QuietOpt = False,
) -> None:
    """Extract every article's claims into a claims file (JSON Lines) for `compare`."""
    from checker.extraction import ExecutorUnavailable, ExtractOptions, RunStats, extract_corpus
    from checker.progress import progress_wanted, stats_wanted

    config = project_config()
    corpus = corpus_paths(paths, config)
    compiled = load_rules(rules, config)
    options = ExtractOptions(
        jobs=jobs or default_jobs(),
        cache=not no_cache,
        progress=progress_wanted(quiet, sys.stderr, os.environ),
        executor=executor.value,
        scheduler=scheduler,
        warn=warn,
    )
    stats = RunStats()
    try:
        extraction = extract_corpus(corpus, compiled, options, stats)
    except ExecutorUnavailable as unavailable:
        raise Failure(str(unavailable), ExitCode.USAGE) from None
    if stats_wanted():
        sys.stderr.write(f"factcheck: {stats.line()}\n")
    with _claims_output(output) as stream:
        write_extraction(stream, extraction, compiled.rulebook.sha256)


def write_extraction(stream: TextIO, extraction: Extraction, rulebook: str) -> None:
    """The claims file of an extraction: corpus diagnostics, then each article with its
    own diagnostics before it and its claims after it, in corpus order."""
    from checker.claimio import ClaimsWriter

    writer = ClaimsWriter(stream, rulebook, root=str(extraction.root))
    for diagnostic in extraction.diagnostics:
        writer.diagnostic(diagnostic)
    for item in extraction.files:
        for diagnostic in item.diagnostics:
            writer.diagnostic(diagnostic)
        if item.article is not None:
            writer.article(item.article, item.loaded())


@contextmanager
def _claims_output(output: Path | None) -> Iterator[TextIO]:
    """stdout, or a sibling temporary file renamed over `output` once complete, so a
    failed run never leaves half a claims file that `compare` would read as whole."""
    if output is None:
        yield sys.stdout
        return
    if output.is_dir() or not output.parent.is_dir():
        raise Failure(f"{output}: cannot write here (a folder, or no such folder)", ExitCode.USAGE)
    temporary = output.with_name(f".{output.name}.{os.getpid()}.tmp")
    try:
        with temporary.open("w", encoding="utf-8", newline="\n") as stream:
            yield stream
        os.replace(temporary, output)
    except OSError as err:
        raise Failure(f"{output}: cannot write: {err.strerror}", ExitCode.USAGE) from None
    finally:
        temporary.unlink(missing_ok=True)


@app.command()
def compare(
    claims: Annotated[Path, typer.Argument(help="A claims file written by `factcheck extract`.")],
    rules: RulesOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    fail_on: FailOnOpt = None,
    baseline: BaselineOpt = None,
    no_baseline: NoBaselineOpt = False,
    reviews: ReviewsOpt = None,
) -> None:
    """Compare the claims of a claims file and report, as `check` does."""
    from checker.pipeline import compare_claims
    from checker.reviews import apply_reviews
    from checker.suppress import apply_baseline, apply_levels

    config = project_config()
    fmt = fmt or config.format or "console"
    reporter = _reporter(fmt)
    compiled = load_rules(rules, config)
    levels = _levels(config, compiled)
    known = _baseline(baseline or (None if no_baseline else config.baseline))
    loaded = _read(claims)
    if loaded.rulebook != compiled.rulebook.sha256:
        raise Failure(
            f"{claims}: extracted with other rules (rulebook {loaded.rulebook[:12]}, these are"
            f" {compiled.rulebook.sha256[:12]}); compare with the rules that extracted it",
            ExitCode.USAGE,
        )
    root = Path(loaded.root) if loaded.root else None
    corpus = [root] if root is not None and root.is_dir() else []
    decisions = (
        review_file(reviews, corpus, config.reviews)
        if reviews or config.reviews or corpus
        else None
    )
    result = compare_claims(loaded.articles, loaded.claims, loaded.diagnostics, compiled)
    result = apply_levels(result, levels)
    if known is not None:
        result = apply_baseline(result, known)
    if decisions is not None:
        result = apply_reviews(result, decisions)
    threshold = fail_on_level(fail_on, config)
    _diagnostics_to_stderr(result, fmt)
    emit(reporter.render(result, report_options(threshold)), output)
    raise typer.Exit(int(exit_code_for(result, threshold)))


def _read(path: Path) -> ClaimsFile:
    from checker.claimio import ClaimsInvalid, read_claims

    try:
        if str(path) == "-":
            return read_claims(sys.stdin, "<stdin>")
        with path.open(encoding="utf-8") as stream:
            return read_claims(stream, str(path))
    except ClaimsInvalid as invalid:
        raise Failure(str(invalid), ExitCode.USAGE) from None
    except (OSError, UnicodeDecodeError) as err:
        reason = err.strerror if isinstance(err, OSError) else "not UTF-8"
        raise Failure(f"{path}: cannot read: {reason}", ExitCode.USAGE) from None
