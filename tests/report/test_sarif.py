"""The SARIF report: schema-valid, read back by sarif-tools, every claim located, stable."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator
from sarif import loader

from checker.model import RunResult
from checker.report import get_reporter
from checker.report.base import ReportOptions
from checker.report.sarif import FINGERPRINT_KEY, SarifReporter


def render(result: RunResult) -> str:
    return SarifReporter().render(result, ReportOptions())


def run_of(result: RunResult) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(render(result))
    run: dict[str, Any] = data["runs"][0]
    return run


@pytest.fixture(scope="module")
def validator(sarif_schema: Path) -> Draft7Validator:
    return Draft7Validator(json.loads(sarif_schema.read_text(encoding="utf-8")))


def schema_errors(validator: Draft7Validator, text: str) -> list[str]:
    errors = validator.iter_errors(json.loads(text))
    return [f"{list(e.absolute_path)}: {e.message}" for e in errors]


def load_back(text: str, tmp_path: Path) -> Any:
    path = tmp_path / "factcheck.sarif"
    path.write_text(text, encoding="utf-8")
    return loader.load_sarif_file(str(path))


def test_seed_output_validates_against_the_sarif_schema(
    seed_result: RunResult, validator: Draft7Validator
) -> None:
    assert schema_errors(validator, render(seed_result)) == []


def test_seed_output_is_read_back_by_sarif_tools(seed_result: RunResult, tmp_path: Path) -> None:
    sarif_file = load_back(render(seed_result), tmp_path)
    assert sarif_file.get_distinct_tool_names() == ["factcheck"]
    assert sarif_file.get_result_count() == len(seed_result.findings)
    records = sarif_file.get_records()
    chair = [r for r in records if r["Code"] == "csto.csc_chair"]
    assert [r["Severity"] for r in chair] == ["error"]
    assert chair[0]["Location"].endswith(".txt")
    expected = sorted(f.level.value for f in seed_result.findings)
    assert sorted(r["Severity"] for r in records) == expected


def test_seed_rules_are_the_facts_by_id(seed_result: RunResult) -> None:
    run = run_of(seed_result)
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted(f.id for f in seed_result.facts)
    chair = next(r for r in rules if r["id"] == "csto.csc_chair")
    assert chair["defaultConfiguration"] == {"level": "error"}
    assert chair["properties"] == {"kind": "role"}
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_seed_results_locate_every_claim(seed_result: RunResult) -> None:
    results = run_of(seed_result)["results"]
    findings = sorted(seed_result.findings, key=lambda f: f.sort_key())
    assert len(results) == len(findings)
    for result, finding in zip(results, findings, strict=True):
        located = result["locations"] + result.get("relatedLocations", [])
        assert len(located) == len(finding.claims)
        assert result["partialFingerprints"] == {FINGERPRINT_KEY: finding.fingerprint}
        assert "suppressions" not in result


def test_seed_corpus_root_is_the_seeds_folder(seed_result: RunResult, repo_root: Path) -> None:
    run = run_of(seed_result)
    expected = (repo_root / "seeds").as_uri() + "/"
    assert run["originalUriBaseIds"] == {"CORPUSROOT": {"uri": expected}}
    assert [a["location"]["uri"] for a in run["artifacts"]] == sorted(
        a.id for a in seed_result.articles
    )


def test_hand_built_output_is_valid_and_read_back(
    hand_result: RunResult, validator: Draft7Validator, tmp_path: Path
) -> None:
    text = render(hand_result)
    assert schema_errors(validator, text) == []
    sarif_file = load_back(text, tmp_path)
    assert sarif_file.get_result_count() == 3
    assert sorted(sarif_file.get_severities()) == ["error", "note", "warning"]


def test_contradiction_result_in_full(hand_result: RunResult) -> None:
    run = run_of(hand_result)
    result = next(r for r in run["results"] if r["ruleId"] == "casualties.deaths")
    assert result["ruleIndex"] == 0
    assert result["level"] == "error"
    assert result["kind"] == "fail"
    assert result["message"]["text"] == (
        "Death tolls of the same event disagree: 225 vs 227\nBoth figures speak of the same day."
    )
    assert result["locations"] == [
        {
            "message": {"text": "001_tass.txt, 2022-01-07: 225"},
            "physicalLocation": {
                "artifactLocation": {"index": 0, "uri": "001_tass.txt", "uriBaseId": "CORPUSROOT"},
                "region": {
                    "startLine": 6,
                    "startColumn": 10,
                    "snippet": {"text": "At least 225 people were killed, officials said."},
                },
            },
        }
    ]
    related = result["relatedLocations"]
    assert [(r["id"], r["message"]["text"]) for r in related] == [
        (1, "002_kazinform.txt, 2022-01-07: 227")
    ]
    assert related[0]["physicalLocation"]["region"]["startLine"] == 4
    assert result["properties"] == {
        "findingKind": "contradiction",
        "event": "kazakhstan-unrest-2022",
        "subject": None,
        "explained": None,
        "articles": ["001_tass.txt", "002_kazinform.txt"],
        "review": None,
    }


def test_suppressed_finding_is_kept_with_a_suppression(hand_result: RunResult) -> None:
    results = run_of(hand_result)["results"]
    suppressed = [r for r in results if "suppressions" in r]
    assert [r["ruleId"] for r in suppressed] == ["names"]
    assert suppressed[0]["suppressions"] == [
        {
            "kind": "external",
            "status": "accepted",
            "justification": "reviews.yaml (review: accepted)",
        }
    ]
    assert suppressed[0]["partialFingerprints"] == {FINGERPRINT_KEY: "c" * 64}
    assert suppressed[0]["level"] == "warning"


def test_fact_without_description_or_level_gets_defaults(hand_result: RunResult) -> None:
    rules = {r["id"]: r for r in run_of(hand_result)["tool"]["driver"]["rules"]}
    assert rules["mission.scope"]["defaultConfiguration"] == {"level": "warning"}
    assert rules["mission.scope"]["fullDescription"] == {"text": "What the mission does."}
    assert "fullDescription" not in rules["names"]


def test_finding_of_an_undescribed_fact_still_has_a_rule(
    hand_result: RunResult, validator: Draft7Validator
) -> None:
    bare = replace(hand_result, facts=())
    run = run_of(bare)
    ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert ids == ["casualties.deaths", "names", "peacekeepers.deployed"]
    assert schema_errors(validator, render(bare)) == []


def test_relative_article_paths_leave_the_base_unresolved(hand_result: RunResult) -> None:
    assert "originalUriBaseIds" not in run_of(hand_result)


def test_output_is_deterministic_and_registered(hand_result: RunResult) -> None:
    reversed_input = replace(
        hand_result,
        articles=hand_result.articles[::-1],
        findings=hand_result.findings[::-1],
        facts=hand_result.facts[::-1],
    )
    text = render(hand_result)
    assert text == render(reversed_input)
    assert text == get_reporter("sarif").render(hand_result, ReportOptions(verbose=True))
    assert text.endswith("}\n")
    head = json.loads(text)
    assert head["version"] == "2.1.0"
    assert head["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
