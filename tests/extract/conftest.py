"""Extractor tests: real sentences of the seed and dev articles through `extract_article`.

`extract(text, published=None, scoped=False)` wraps a text in an Article (dated when
`published` is given) and returns every claim the shipped rule pack finds in it.  The
rules are compiled once for the whole session.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from checker.extract.article import extract_article
from checker.extract.compiled import CompiledRulebook
from checker.model import Article, Claim
from checker.pipeline import compile_rules

RULES = Path(__file__).resolve().parents[2] / "rules"

Extract = Callable[..., list[Claim]]


@pytest.fixture(scope="session")
def shipped_rules() -> CompiledRulebook:
    return compile_rules([RULES])


def make_article(text: str, published: date | str | None = None) -> Article:
    day = date.fromisoformat(published) if isinstance(published, str) else published
    return Article(
        id="test.txt",
        path=Path("test.txt"),
        text=text,
        published=day,
        date_source="manifest" if day else "none",
        outlet=None,
        url=None,
        title=None,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )


@pytest.fixture
def extract(shipped_rules: CompiledRulebook) -> Extract:
    def run(text: str, published: date | str | None = None, scoped: bool = False) -> list[Claim]:
        return extract_article(make_article(text, published), shipped_rules, scoped=scoped)

    return run
