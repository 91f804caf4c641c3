"""The JSON report: exact DESIGN §7 shape, every value kind encoded, byte-for-byte stable."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from typing import Any

import checker
from checker.model import (
    ArticleInfo,
    Claim,
    DateValue,
    Diagnostic,
    EntitySet,
    Evidence,
    Finding,
    FindingKind,
    Holder,
    Level,
    Name,
    Quantity,
    RunResult,
    Stance,
    Value,
)
from checker.report import get_reporter
from checker.report.base import ReportOptions
from checker.report.json_report import JsonReporter

EVENT = "kazakhstan-unrest-2022"
CLAIM_KEYS = {
    "fact",
    "kind",
    "event",
    "valid_at",
    "earlier",
    "subject",
    "article",
    "line",
    "column",
    "raw",
    "qualifier",
    "value",
    "quote",
}


def claim(
    fact: str,
    kind: str,
    value: Value,
    raw: str,
    article: str,
    sentence: str,
    line: int,
    **extra: Any,
) -> Claim:
    at = sentence.index(raw)
    evidence = Evidence(
        article, 1000 * line + at, 1000 * line + at + len(raw), line, at + 1, sentence
    )
    return Claim(fact, kind, value, raw, extra.pop("qualifier", None), evidence, **extra)


def article(id_: str, published: date | None, outlet: str | None) -> ArticleInfo:
    source = "manifest" if published else "none"
    return ArticleInfo(id_, f"seeds/{id_}", published, source, outlet, None, None, "0" * 64)


ARTICLES = (
    article("001_tass.txt", date(2022, 1, 7), "TASS"),
    article("002_kazinform.txt", date(2022, 1, 8), "Казинформ"),
    article("003_blog.md", None, None),
)
OPEN = claim(
    "peacekeepers.deployed",
    "quantity",
    Quantity(4500, None, 4500, exact=False),
    "4,500",
    "002_kazinform.txt",
    "More than 4,500 peacekeepers arrived.",
    3,
    qualifier="more than",
    event_id=EVENT,
    valid_at=date(2022, 1, 8),
)
POINT = claim(
    "peacekeepers.deployed",
    "quantity",
    Quantity(2500, 2500, 2500),
    "2,500",
    "001_tass.txt",
    "About 2,500 troops were deployed.",
    5,
    event_id=EVENT,
    valid_at=date(2022, 1, 7),
)
MEMBERS = claim(
    "csto.members",
    "membership",
    EntitySet(frozenset({"Russia", "Armenia"})),
    "Russia and Armenia",
    "003_blog.md",
    "CSTO members are Russia and Armenia.",
    2,
)
REQUEST = claim(
    "dates.aid_request",
    "date",
    DateValue(date(2022, 1, 5), date(2022, 1, 5)),
    "January 5",
    "001_tass.txt",
    "Help was requested on January 5.",
    1,
    event_id=EVENT,
    valid_at=date(2022, 1, 7),
    earlier=True,
)
CHAIR = claim(
    "csto.csc_chair",
    "role",
    Holder("Prime Minister of Armenia", "Nikol Pashinyan"),
    "Nikol Pashinyan",
    "002_kazinform.txt",
    "Nikol Pashinyan chairs the council.",
    4,
)
SCOPE = claim(
    "mission.scope",
    "statement",
    Stance("disperse_protests", False),
    "will not participate",
    "002_kazinform.txt",
    "The troops will not participate in dispersing protests.",
    7,
    event_id=EVENT,
    subject="disperse_protests",
)
NAME = claim(
    "names",
    "naming",
    Name("lukashenko", "Lukashenka"),
    "Lukashenka",
    "003_blog.md",
    "Lukashenka spoke on Friday.",
    9,
    subject="lukashenko",
)
CLAIMS = (NAME, OPEN, POINT, MEMBERS, REQUEST, CHAIR, SCOPE)

CONTRADICTION = Finding(
    "peacekeepers.deployed",
    FindingKind.CONTRADICTION,
    Level.ERROR,
    "Deployed troops differ",
    (OPEN, POINT),
    EVENT,
    "more than 4,500 and 2,500 on overlapping days",
    "f" * 64,
)
VARIANT = Finding(
    "names",
    FindingKind.NAMING_VARIANT,
    Level.NOTE,
    "Lukashenko spelled Lukashenka",
    (NAME,),
    None,
    None,
    "e" * 64,
    suppressed_by="reviews.yaml",
    subject="lukashenko",
    review="accepted",
)
RESULT = RunResult(
    ARTICLES,
    CLAIMS,
    (VARIANT, CONTRADICTION),
    diagnostics=(Diagnostic("seeds/bad.txt", "not UTF-8"),),
)


def render(result: RunResult = RESULT) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(JsonReporter().render(result, ReportOptions()))
    return data


def reversed_result(result: RunResult) -> RunResult:
    return replace(
        result,
        articles=result.articles[::-1],
        claims=result.claims[::-1],
        findings=result.findings[::-1],
    )


def test_top_level_shape_and_tool() -> None:
    data = render()
    assert set(data) == {"tool", "articles", "claims", "findings", "summary", "diagnostics"}
    assert data["tool"] == {"name": "factcheck", "version": checker.__version__, "format": 1}


def test_articles_sorted_by_id_with_iso_dates() -> None:
    assert render()["articles"] == [
        {
            "id": "001_tass.txt",
            "published": "2022-01-07",
            "date_source": "manifest",
            "outlet": "TASS",
            "url": None,
            "title": None,
        },
        {
            "id": "002_kazinform.txt",
            "published": "2022-01-08",
            "date_source": "manifest",
            "outlet": "Казинформ",
            "url": None,
            "title": None,
        },
        {
            "id": "003_blog.md",
            "published": None,
            "date_source": "none",
            "outlet": None,
            "url": None,
            "title": None,
        },
    ]


def test_claims_are_sorted_by_claim_sort_key() -> None:
    claims = render()["claims"]
    assert all(set(c) == CLAIM_KEYS for c in claims)
    assert [(c["fact"], c["article"]) for c in claims] == [
        ("csto.csc_chair", "002_kazinform.txt"),
        ("csto.members", "003_blog.md"),
        ("dates.aid_request", "001_tass.txt"),
        ("mission.scope", "002_kazinform.txt"),
        ("names", "003_blog.md"),
        ("peacekeepers.deployed", "001_tass.txt"),
        ("peacekeepers.deployed", "002_kazinform.txt"),
    ]


def test_open_ended_quantity_claim_in_full() -> None:
    by_raw = {c["raw"]: c for c in render()["claims"]}
    assert by_raw["4,500"] == {
        "fact": "peacekeepers.deployed",
        "kind": "quantity",
        "event": EVENT,
        "valid_at": "2022-01-08",
        "earlier": False,
        "subject": None,
        "article": "002_kazinform.txt",
        "line": 3,
        "column": 11,
        "raw": "4,500",
        "qualifier": "more than",
        "value": {"low": 4500, "high": None},
        "quote": "More than 4,500 peacekeepers arrived.",
    }


def test_every_value_kind_is_encoded_as_in_the_gold_format() -> None:
    values = {c["fact"]: c["value"] for c in render()["claims"] if c["raw"] != "4,500"}
    assert values == {
        "peacekeepers.deployed": {"low": 2500, "high": 2500},
        "csto.members": ["Armenia", "Russia"],
        "dates.aid_request": {"start": "2022-01-05", "end": "2022-01-05"},
        "csto.csc_chair": {"office": "Prime Minister of Armenia", "holder": "Nikol Pashinyan"},
        "mission.scope": {"item": "disperse_protests", "polarity": False},
        "names": {"entity": "lukashenko", "surface": "Lukashenka"},
    }


def test_earlier_flag_and_subject_are_kept() -> None:
    by_fact = {c["fact"]: c for c in render()["claims"]}
    assert by_fact["dates.aid_request"]["earlier"] is True
    assert by_fact["mission.scope"]["subject"] == "disperse_protests"


def test_findings_sorted_with_suppressed_ones_kept() -> None:
    findings = render()["findings"]
    assert [f["fact"] for f in findings] == ["names", "peacekeepers.deployed"]
    variant, contradiction = findings
    assert set(contradiction) == {
        "fingerprint",
        "fact",
        "kind",
        "level",
        "event",
        "subject",
        "explained",
        "message",
        "explanation",
        "suppressed_by",
        "review",
        "articles",
        "claims",
    }
    assert contradiction["kind"] == "contradiction"
    assert contradiction["level"] == "error"
    assert contradiction["suppressed_by"] is None
    assert contradiction["articles"] == ["001_tass.txt", "002_kazinform.txt"]
    assert [c["raw"] for c in contradiction["claims"]] == ["2,500", "4,500"]
    assert (variant["suppressed_by"], variant["review"]) == ("reviews.yaml", "accepted")
    assert variant["subject"] == "lukashenko"


def test_summary_counts_unsuppressed_findings_only() -> None:
    assert render()["summary"] == {
        "articles": 3,
        "claims": 7,
        "findings": {"error": 1, "warning": 0, "note": 0},
        "by_kind": {
            "contradiction": 1,
            "internal_inconsistency": 0,
            "revision": 0,
            "temporal_change": 0,
            "reference_mismatch": 0,
            "naming_variant": 0,
        },
        "suppressed": 1,
        "undated": 1,
    }


def test_diagnostics_are_listed() -> None:
    assert render()["diagnostics"] == [
        {
            "path": "seeds/bad.txt",
            "line": None,
            "field": None,
            "level": "warning",
            "message": "not UTF-8",
        },
    ]


def test_output_is_byte_identical_whatever_the_input_order() -> None:
    reporter = get_reporter("json")
    first = reporter.render(RESULT, ReportOptions())
    assert first == reporter.render(RESULT, ReportOptions(verbose=True, color=True))
    assert first == reporter.render(reversed_result(RESULT), ReportOptions())


def test_serialisation_is_sorted_indented_and_not_ascii_escaped() -> None:
    text = JsonReporter().render(RESULT, ReportOptions())
    assert text.endswith("}\n")
    assert "Казинформ" in text
    assert text == json.dumps(json.loads(text), sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def test_empty_run() -> None:
    data = render(RunResult((), (), ()))
    assert (data["articles"], data["claims"], data["findings"]) == ([], [], [])
    assert data["summary"]["findings"] == {"error": 0, "warning": 0, "note": 0}
