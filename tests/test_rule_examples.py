"""Every example of the shipped rule pack, one test each (what `factcheck rules test` runs).

An example gives exactly its value, or nothing when its value is null; a fact without a
positive and a negative example fails as a whole ("<fact>-examples").
"""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.pipeline import compile_rules
from checker.ruletest import ExampleResult, run_examples

RULES = Path(__file__).resolve().parents[1] / "rules"

RESULTS = run_examples(compile_rules([RULES]))


def _id(result: ExampleResult) -> str:
    return f"{result.fact_id}-{result.index if result.index is not None else 'examples'}"


def test_every_fact_has_examples() -> None:
    facts = compile_rules([RULES]).rulebook.facts
    assert facts
    with_examples = {r.fact_id for r in RESULTS if r.index is not None}
    assert with_examples == {f.id for f in facts}


@pytest.mark.parametrize("result", RESULTS, ids=[_id(r) for r in RESULTS])
def test_rule_example(result: ExampleResult) -> None:
    assert result.ok, f"{result.fact_id} example {result.index}: {result.message}\n{result.text}"
