"""`factcheck review set|list`: editorial decisions that every later run respects.

Decisions live in `reviews.yaml` beside the corpus (see `checker.reviews`).  `set` checks
the corpus first so that a decision is only recorded for a finding that exists (a typo in
a fingerprint would otherwise be a decision about nothing), unless `--force` says the
finding is expected later.  `list` runs the check too, because whether a decision is
current or stale depends on today's findings.
"""

from __future__ import annotations

import getpass
import os
import sys
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from checker.cliapp import (
    CorpusArg,
    FailOn,
    Failure,
    RulesOpt,
    app,
    corpus_paths,
    load_rules,
    project_config,
    report_options,
)
from checker.model import ExitCode, ReviewStatus

if TYPE_CHECKING:
    from rich.table import Table
    from rich.text import Text

    from checker.model import Finding, RunResult
    from checker.reviews import Decision, ReviewFile

review_app = typer.Typer(help="Record and list editorial review decisions (reviews.yaml).")
app.add_typer(review_app, name="review")

ReviewsOpt = Annotated[
    Path | None,
    typer.Option(
        "--reviews", help="Review decisions file (default: reviews.yaml beside the corpus)."
    ),
]


def reviews_path(flag: Path | None, corpus: Sequence[Path], configured: Path | None = None) -> Path:
    """`--reviews`, else the settings' `reviews`, else `reviews.yaml` beside the corpus."""
    from checker.reviews import default_reviews_path

    return flag or configured or default_reviews_path(corpus)


def review_file(
    flag: Path | None, corpus: Sequence[Path], configured: Path | None = None
) -> ReviewFile:
    """The decisions for a corpus; a malformed file stops the run (exit 2), never ignored."""
    from checker.reviews import ReviewsInvalid, load_reviews

    try:
        return load_reviews(reviews_path(flag, corpus, configured))
    except ReviewsInvalid as invalid:
        raise Failure(str(invalid), ExitCode.USAGE) from None


def default_reviewer() -> str:
    """Who decides when `--reviewer` is not given: $FACTCHECK_REVIEWER, else the login."""
    named = os.environ.get("FACTCHECK_REVIEWER", "").strip()
    if named:
        return named
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def _parse_day(text: str | None) -> date:
    if text is None:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise Failure(f"--date: '{text}' is not a date (YYYY-MM-DD)", ExitCode.USAGE) from None


def resolve(prefix: str, result: RunResult, reviews: ReviewFile, force: bool) -> str:
    """The full fingerprint `prefix` names among today's findings.

    With `force`, a fingerprint no finding has is accepted: first as a prefix of an
    existing (stale) decision, else as written, if it looks like a fingerprint at all.
    """
    from checker.reviews import FINGERPRINT_PATTERN, match_prefix

    try:
        return match_prefix(prefix, (f.fingerprint for f in result.findings))
    except LookupError as unknown:
        if not force:
            hint = "run `factcheck check` for current fingerprints, or pass --force"
            raise Failure(f"{unknown}; {hint}", ExitCode.USAGE) from None
    except ValueError as bad:
        raise Failure(str(bad), ExitCode.USAGE) from None
    try:
        return match_prefix(prefix, reviews.decisions)
    except LookupError:
        wanted = prefix.strip().lower()
        if not FINGERPRINT_PATTERN.fullmatch(wanted):
            message = f"'{prefix}' is not a fingerprint (8 to 64 hex characters)"
            raise Failure(message, ExitCode.USAGE) from None
        return wanted
    except ValueError as bad:
        raise Failure(str(bad), ExitCode.USAGE) from None


def _finding(result: RunResult, fingerprint: str) -> Finding | None:
    return next((f for f in result.findings if f.fingerprint == fingerprint), None)


StatusOpt = Annotated[
    ReviewStatus,
    typer.Option(
        "--status",
        "-s",
        help="confirmed (a real error), accepted (tolerated), false_positive, or fixed.",
    ),
]
NoteOpt = Annotated[str, typer.Option("--note", "-n", help="Why: what an editor should know.")]
ReviewerOpt = Annotated[
    str | None, typer.Option("--reviewer", help="Who decided (default: $FACTCHECK_REVIEWER).")
]
ForceOpt = Annotated[
    bool, typer.Option("--force", help="Record a decision for a fingerprint no finding has now.")
]
DateOpt = Annotated[
    str | None, typer.Option("--date", help="Day of the decision, YYYY-MM-DD (default today).")
]


@review_app.command("set")
def review_set(
    fingerprint: Annotated[
        str, typer.Argument(help="A finding's fingerprint, or a unique prefix of 8+ characters.")
    ],
    status: StatusOpt,
    note: NoteOpt,
    paths: CorpusArg = None,
    reviewer: ReviewerOpt = None,
    reviews: ReviewsOpt = None,
    rules: RulesOpt = None,
    force: ForceOpt = False,
    on: DateOpt = None,
) -> None:
    """Record a decision on a finding; an earlier decision moves to its history."""
    from checker.pipeline import check_corpus
    from checker.reviews import Decision, record, save_reviews

    config = project_config()
    corpus = corpus_paths(paths, config)
    current = review_file(reviews, corpus, config.reviews)  # refuse a bad file before checking
    day = _parse_day(on)
    result = check_corpus(corpus, load_rules(rules, config))
    full = resolve(fingerprint, result, current, force)
    decision = Decision(status, note, reviewer or default_reviewer(), day)
    save_reviews(record(current, full, decision))
    finding = _finding(result, full)
    what = f"{finding.fact_id} {finding.kind.value}" if finding else "no current finding"
    sys.stdout.write(f"{status.value}: {full[:12]} ({what}) in {current.path}\n")


# --- list ------------------------------------------------------------------------------


def _row(fingerprint: str, decision: Decision, findings: Mapping[str, Finding]) -> list[Text]:
    from rich.text import Text

    finding = findings.get(fingerprint)
    state = Text("current") if finding else Text("stale", style="yellow")
    what = f"{finding.fact_id} {finding.kind.value}" if finding else "-"
    return [
        Text(fingerprint[:12]),
        state,
        Text(decision.status.value),
        Text(what),
        Text(decision.reviewer or ""),
        Text(decision.date.isoformat() if decision.date else ""),
        Text(decision.note),
    ]


def decisions_table(result: RunResult, reviews: ReviewFile) -> Table:
    """Every decision, current ones first, with the finding it is about today."""
    from rich import box
    from rich.table import Table

    findings = {f.fingerprint: f for f in result.findings}
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=True)
    for name in ("fingerprint", "state", "status", "finding", "reviewer", "date"):
        table.add_column(name, no_wrap=True)
    table.add_column("note", ratio=1, overflow="fold")
    order = sorted(reviews.decisions, key=lambda fp: (fp not in findings, fp))
    for fingerprint in order:
        table.add_row(*_row(fingerprint, reviews.decisions[fingerprint], findings))
    return table


def _footer(result: RunResult, reviews: ReviewFile) -> str:
    from checker.reviews import stale

    old = len(stale(result, reviews))
    total = len(reviews.decisions)
    line = f"{total} decision{'s' if total != 1 else ''}: {total - old} current, {old} stale"
    if old:
        line += (
            " (stale: no finding has that fingerprint now; the articles changed or it was fixed)"
        )
    return line


@review_app.command("list")
def review_list(
    paths: CorpusArg = None,
    rules: RulesOpt = None,
    reviews: ReviewsOpt = None,
) -> None:
    """List review decisions and whether each still matches a finding (current) or not (stale)."""
    from rich.text import Text

    from checker.pipeline import check_corpus
    from checker.report.console import make_console

    config = project_config()
    corpus = corpus_paths(paths, config)
    current = review_file(reviews, corpus, config.reviews)
    if not current.decisions:
        sys.stdout.write(f"No review decisions in {current.path}.\n")
        return
    result = check_corpus(corpus, load_rules(rules, config))
    console, buffer = make_console(report_options(FailOn.NEVER))
    console.print(decisions_table(result, current))
    console.print(Text(_footer(result, current)))
    sys.stdout.write(buffer.getvalue())
