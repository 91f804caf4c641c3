"""`factcheck baseline create`: record today's findings so CI fails only on new ones."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from checker.cliapp import CorpusArg, RulesOpt, app, corpus_paths, load_rules, project_config

baseline_app = typer.Typer(help="Record known findings so that checks report only new ones.")
app.add_typer(baseline_app, name="baseline")


def default_baseline(corpus: list[Path]) -> Path:
    """`.factcheck/baseline.json` in the corpus folder (the common folder of several paths).

    Inside the corpus rather than beside it, so that `factcheck baseline create .` in a
    corpus repository never writes outside the repository.
    """
    from checker.baseline import DEFAULT_NAME

    folders = [str((p if p.is_dir() else p.parent).absolute()) for p in corpus]
    return Path(os.path.commonpath(folders)) / DEFAULT_NAME


@baseline_app.command("create")
def baseline_create(
    paths: CorpusArg = None,
    rules: RulesOpt = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Where to write it (default: the settings' baseline, else"
            " CORPUS/.factcheck/baseline.json).",
        ),
    ] = None,
) -> None:
    """Check the corpus and record its findings and claims as the baseline."""
    from checker.baseline import write_baseline
    from checker.pipeline import check_corpus
    from checker.report.base import plural

    config = project_config()
    corpus = corpus_paths(paths, config)
    result = check_corpus(corpus, load_rules(rules, config))
    target = output or config.baseline or default_baseline(corpus)
    write_baseline(target, result)
    sys.stdout.write(
        f"baseline: {plural(len(result.findings), 'finding')} and"
        f" {plural(len(result.claims), 'claim')} recorded in {target}\n"
    )
