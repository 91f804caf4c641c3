"""`factcheck rules validate|list|schema|test`: working on a rule pack."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from checker.cliapp import OutputOpt, emit, load_rules, rules_app, rules_paths
from checker.model import ExitCode

PathsArg = Annotated[list[Path] | None, typer.Argument(help="Rule files or folders.")]


@rules_app.command("validate")
def rules_validate(paths: PathsArg = None) -> None:
    """Check rule files; print one located line per error."""
    from checker.rulebook.loader import validate

    errors = validate(rules_paths(paths))
    for error in errors:
        sys.stderr.write(error.render() + "\n")
    if errors:
        raise typer.Exit(int(ExitCode.RULES_INVALID))
    sys.stdout.write("rules are valid\n")


@rules_app.command("list")
def rules_list(paths: PathsArg = None) -> None:
    """List the facts of the rule files with their kind, level and message."""
    compiled = load_rules(paths)
    for fact in compiled.rulebook.facts:
        path, line = compiled.rulebook.origins.get(fact.id, ("", 0))
        level = fact.level or "-"
        sys.stdout.write(
            f"{fact.id:28} {fact.extends:10} {level:8} {fact.message or ''}  ({path}:{line})\n"
        )


@rules_app.command("schema")
def rules_schema(output: OutputOpt = None) -> None:
    """Print the JSON Schema of rule files (for editor autocompletion)."""
    from checker.rulebook.schema import rule_schema

    emit(json.dumps(rule_schema(), indent=2, sort_keys=True) + "\n", output)


@rules_app.command("test")
def rules_test(paths: PathsArg = None) -> None:
    """Run every rule example: each must give exactly its value, or nothing."""
    from checker.ruletest import run_examples

    results = run_examples(load_rules(paths))
    failed = [r for r in results if not r.ok]
    for r in failed:
        where = f"example {r.index}" if r.index else "examples"
        sys.stdout.write(f"FAIL {r.fact_id} {where}: {r.message}\n")
        if r.text:
            sys.stdout.write(f"     {r.text}\n")
    sys.stdout.write(f"{len(results) - len(failed)} passed, {len(failed)} failed\n")
    if failed:
        raise typer.Exit(int(ExitCode.RULES_INVALID))
