"""`factcheck explain FINGERPRINT`: one finding with its claims in context and its reasons."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from checker.cliapp import (
    CorpusArg,
    Failure,
    OutputOpt,
    RulesOpt,
    app,
    corpus_paths,
    emit,
    load_rules,
    project_config,
)
from checker.commands.review import ReviewsOpt, review_file
from checker.model import ExitCode

if TYPE_CHECKING:
    from checker.model import Finding, RunResult
    from checker.reviews import ReviewFile


def find_finding(prefix: str, result: RunResult, reviews: ReviewFile) -> Finding:
    """The finding `prefix` names; a usage error says when only a stale decision has it."""
    from checker.reviews import match_prefix

    try:
        full = match_prefix(prefix, (f.fingerprint for f in result.findings))
    except LookupError as unknown:
        message = str(unknown)
        try:
            old = match_prefix(prefix, reviews.decisions)
            message += f"; {reviews.path} holds a stale decision for {old[:12]}"
        except (LookupError, ValueError):
            pass
        raise Failure(message, ExitCode.USAGE) from None
    except ValueError as bad:
        raise Failure(str(bad), ExitCode.USAGE) from None
    return next(f for f in result.findings if f.fingerprint == full)


@app.command()
def explain(
    fingerprint: Annotated[
        str, typer.Argument(help="A finding's fingerprint, or a unique prefix of 8+ characters.")
    ],
    paths: CorpusArg = None,
    rules: RulesOpt = None,
    reviews: ReviewsOpt = None,
    output: OutputOpt = None,
) -> None:
    """Explain one finding: its claims in context, scope and timeline reasoning, reviews."""
    from checker.articleseq import article_index
    from checker.explain import explain_lines
    from checker.pipeline import check_corpus
    from checker.reviews import apply_reviews

    config = project_config()
    corpus = corpus_paths(paths, config)
    decisions = review_file(reviews, corpus, config.reviews)
    compiled = load_rules(rules, config)
    result = apply_reviews(check_corpus(corpus, compiled), decisions)
    finding = find_finding(fingerprint, result, decisions)
    articles = article_index(result.articles)
    decision = decisions.decisions.get(finding.fingerprint)
    emit("\n".join(explain_lines(finding, articles, compiled, decision)) + "\n", output)
