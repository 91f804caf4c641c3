"""`factcheck rules test`: every rule example must give exactly its value (Vale's
`vale test` is the model).  A fact without a positive and a negative example fails too:
an untested rule is a rule nobody knows works.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checker.extract.article import extract_article
from checker.extract.compiled import CompiledRulebook
from checker.gold import exact
from checker.model import Article, Claim, FactKind


@dataclass(frozen=True, slots=True)
class ExampleResult:
    fact_id: str
    index: int | None  # None: a problem with the fact's examples as a whole
    text: str
    ok: bool
    message: str


def run_examples(rules: CompiledRulebook) -> list[ExampleResult]:
    results: list[ExampleResult] = []
    for compiled in rules.facts.values():
        fact = compiled.fact
        results.extend(_coverage(fact.id, fact.examples))
        for i, example in enumerate(fact.examples):
            claims = _claims(rules, fact.id, example.text, example.published)
            ok, message = _judge(compiled.kind, claims, example.value)
            results.append(ExampleResult(fact.id, i + 1, example.text, ok, message))
    return results


def _coverage(fact_id: str, examples: list[Any]) -> list[ExampleResult]:
    positive = [e for e in examples if e.value is not None]
    negative = [e for e in examples if e.value is None]
    out = []
    if not positive:
        out.append(ExampleResult(fact_id, None, "", False, "no positive example (value: …)"))
    if not negative:
        out.append(ExampleResult(fact_id, None, "", False, "no negative example (value: null)"))
    return out


def _claims(rules: CompiledRulebook, fact_id: str, text: str, published: Any) -> list[Claim]:
    article = Article(
        id=f"example:{fact_id}",
        path=Path(f"example:{fact_id}"),
        text=text,
        published=published,
        date_source="manifest" if published else "none",
        outlet=None,
        url=None,
        title=None,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )
    return [c for c in extract_article(article, rules, scoped=False) if c.fact_id == fact_id]


def _judge(kind: FactKind, claims: list[Claim], expected: Any) -> tuple[bool, str]:
    got = ", ".join(sorted({c.value.display() for c in claims})) or "nothing"
    if expected is None:
        return (
            not claims,
            "nothing, as expected" if not claims else f"expected nothing, got {got}",
        )
    wanted = (
        [expected] if kind == FactKind.MEMBERSHIP or not isinstance(expected, list) else expected
    )
    missing = [w for w in wanted if not any(exact(c, w) for c in claims)]
    extra = [c for c in claims if not any(exact(c, w) for w in wanted)]
    if missing or extra:
        return False, f"expected {_show(wanted)}, got {got}"
    return True, got


def _show(values: list[Any]) -> str:
    return "; ".join(str(v) for v in values)
