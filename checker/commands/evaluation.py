"""`factcheck eval`: precision and recall of a rule pack against gold labels."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

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
)
from checker.model import ExitCode


@app.command("eval")
def eval_command(
    gold: Annotated[Path, typer.Option("--gold", "-g", help="Gold labels (YAML).")],
    paths: CorpusArg = None,
    rules: RulesOpt = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="console or json")] = "console",
    output: OutputOpt = None,
) -> None:
    """Score claims and findings against gold labels: precision, recall, misses."""
    # Imported here: every other command starts without the evaluation's modules.
    from checker.evaluate import GoldInvalid, evaluate, load_gold
    from checker.pipeline import check_corpus
    from checker.report.evaluation import render_console, render_json

    if fmt not in ("console", "json"):
        raise Failure(f"unknown eval format '{fmt}'; choose console or json", ExitCode.USAGE)
    try:
        labels = load_gold(gold)
    except GoldInvalid as bad:
        raise Failure(str(bad), ExitCode.USAGE) from None
    compiled = load_rules(rules)
    result = check_corpus(corpus_paths(paths), compiled)

    def resolve(name: str) -> str | None:
        people = compiled.gazetteer.find_people(name)
        return people[0].entity if people else None

    evaluation = evaluate(result, labels, resolve)
    emit(render_json(evaluation) if fmt == "json" else render_console(evaluation), output)
