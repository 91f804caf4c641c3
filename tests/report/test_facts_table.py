"""The fact table: every claim by fact, event and article, agreeing values side by side."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from checker.model import (
    ArticleInfo,
    Claim,
    EntitySet,
    EventInfo,
    Evidence,
    FactInfo,
    Level,
    Quantity,
    RunResult,
    Value,
)
from checker.report.base import ReportOptions
from checker.report.facts_table import render_facts

UNREST = "kazakhstan-unrest-2022"
RIOTS = "zhanaozen-2011"
OPTIONS = ReportOptions(width=200)


def claim(fact: str, value: Value, raw: str, article: str, sentence: str, **extra: Any) -> Claim:
    at = sentence.index(raw)
    evidence = Evidence(article, at, at + len(raw), 1, at + 1, sentence)
    kind = "membership" if isinstance(value, EntitySet) else "quantity"
    return Claim(fact, kind, value, raw, extra.pop("qualifier", None), evidence, **extra)


def deaths(n: float, article: str, sentence: str, **extra: Any) -> Claim:
    low, high = extra.pop("interval", (n, n))
    raw = f"{n:,.0f}"
    value = Quantity(low, high, n)
    return claim("casualties.deaths", value, raw, article, sentence, **extra)


MEMBERS = EntitySet(frozenset({"Armenia", "Belarus", "Russia"}))
CLAIMS = (
    deaths(225, "002_ria.txt", "In all, 225 people were killed.", event_id=UNREST),
    deaths(225, "001_tass.txt", "The toll stands at 225 [i]dead[/i].", event_id=UNREST),
    deaths(
        90,
        "003_blog.md",
        "About 90 died.",
        event_id=UNREST,
        interval=(85.5, 94.5),
        qualifier="about",
    ),
    deaths(
        16,
        "001_tass.txt",
        "Earlier, 16 deaths were reported.",
        event_id=UNREST,
        earlier=True,
        valid_at=date(2022, 1, 7),
    ),
    deaths(14, "003_blog.md", "The riots killed 14 people.", event_id=RIOTS),
    deaths(17, "002_ria.txt", "Some 17 died in some unrest.", event_id=None),
    claim("csto.members", MEMBERS, "Armenia", "002_ria.txt", "Members: Armenia, Belarus, Russia."),
    claim("csto.members", MEMBERS, "Russia", "001_tass.txt", "Russia, Belarus and Armenia are in."),
)
RESULT = RunResult(
    articles=(
        ArticleInfo("001_tass.txt", "a", date(2022, 1, 7), "manifest", "TASS", None, None, ""),
        ArticleInfo("002_ria.txt", "b", date(2022, 1, 8), "manifest", "RIA", None, None, ""),
        ArticleInfo("003_blog.md", "c", None, "none", None, None, None, ""),
    ),
    claims=CLAIMS,
    findings=(),
    facts=(FactInfo("casualties.deaths", "quantity", "Death tolls differ", None, Level.ERROR),),
    events=(EventInfo(UNREST, "January 2022 unrest", date(2022, 1, 2), date(2022, 1, 31)),),
)


def as_json(result: RunResult = RESULT) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(render_facts(result, OPTIONS, fmt="json"))
    return data


def test_json_groups_by_fact_then_event_with_no_event_first() -> None:
    groups = as_json()["facts"]
    assert all(set(g) == {"fact", "kind", "event", "claims"} for g in groups)
    assert [(g["fact"], g["kind"], g["event"]) for g in groups] == [
        ("casualties.deaths", "quantity", None),
        ("casualties.deaths", "quantity", UNREST),
        ("casualties.deaths", "quantity", RIOTS),
        ("csto.members", "membership", None),
    ]


def test_json_claims_sorted_by_value_then_article() -> None:
    unrest = as_json()["facts"][1]["claims"]
    assert [(c["value"], c["article"]) for c in unrest] == [
        ({"low": 16, "high": 16}, "001_tass.txt"),
        ({"low": 85.5, "high": 94.5}, "003_blog.md"),
        ({"low": 225, "high": 225}, "001_tass.txt"),
        ({"low": 225, "high": 225}, "002_ria.txt"),
    ]
    assert unrest[0]["earlier"] is True and unrest[1]["qualifier"] == "about"
    assert unrest[2]["quote"] == "The toll stands at 225 [i]dead[/i]."


def test_json_is_deterministic_whatever_the_input_order() -> None:
    first = render_facts(RESULT, OPTIONS, fmt="json")
    shuffled = replace(RESULT, claims=RESULT.claims[::-1])
    assert render_facts(shuffled, OPTIONS, fmt="json") == first
    assert first.endswith("\n")


def test_console_headings_name_fact_kind_message_and_event() -> None:
    out = render_facts(RESULT, OPTIONS)
    assert "casualties.deaths (quantity) — Death tolls differ" in out
    assert "csto.members (membership)" in out
    assert (
        f"event: {UNREST} — January 2022 unrest  4 claims, 3 distinct values in 3 articles" in out
    )
    assert f"event: {RIOTS}" in out
    assert "no event" in out


def test_console_rows_in_value_order_with_qualifier_and_earlier_marker() -> None:
    out = render_facts(RESULT, OPTIONS)
    rows = [line for line in out.splitlines() if re.search(r"\b(16|about|225)\b", line)]
    assert "(earlier)" in rows[0] and "Earlier, 16 deaths" in rows[0]
    assert "about" in rows[1] and "003_blog.md" in rows[1]
    assert "001_tass.txt" in rows[2] and "TASS" in rows[2]
    assert "002_ria.txt" in rows[3]


def test_console_shows_quotes_literally_without_ansi() -> None:
    out = render_facts(RESULT, OPTIONS)
    assert "The toll stands at 225 [i]dead[/i]." in out
    assert "\x1b[" not in out
    assert out.rstrip().splitlines()[-1] == "8 claims of 2 facts in 3 articles"


def test_empty_run() -> None:
    empty = RunResult((), (), ())
    assert render_facts(empty, OPTIONS).strip() == "No claims found."
    assert as_json(empty) == {"facts": []}


def test_unknown_format_is_a_value_error() -> None:
    with pytest.raises(ValueError, match=r"'csv'.*console, json"):
        render_facts(RESULT, OPTIONS, fmt="csv")
