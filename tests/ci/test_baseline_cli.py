"""`factcheck baseline create` then `factcheck check --baseline FILE`, end to end.

Acceptance (issue 4): a baseline created before a change behaves like `--changed-since`:
a new contradicting article fails the check with only its finding, an agreeing one
passes; covered findings stay visible as suppressed in JSON and SARIF.
"""

from __future__ import annotations

import json
from pathlib import Path

from checker.model import ExitCode
from tests.ci.repo import AGREEING, CONTRADICTING, RULES, active, add_article, cli

BASELINE = Path("corpus/.factcheck/baseline.json")


def create_baseline(*extra: str) -> None:
    outcome = cli("baseline", "create", "corpus", "--rules", RULES, *extra)
    assert outcome.code == ExitCode.OK, outcome.err
    assert "recorded in" in outcome.out


def test_create_writes_the_default_file_deterministically(corpus_repo: Path) -> None:
    create_baseline()
    first = BASELINE.read_bytes()
    create_baseline()
    assert BASELINE.read_bytes() == first
    data = json.loads(first)
    assert data["format"] == 1
    assert len(data["findings"]) == 6
    assert {"fact", "event", "subject", "value", "article"} == set(data["claims"][0])


def test_unchanged_corpus_is_fully_covered(corpus_repo: Path) -> None:
    create_baseline()
    outcome = cli("check", "corpus", "--rules", RULES, "--baseline", BASELINE, "-f", "json")
    assert outcome.code == ExitCode.OK
    findings = outcome.json()["findings"]
    assert len(findings) == 6
    assert {f["suppressed_by"] for f in findings} == {"baseline"}


def test_contradicting_article_is_the_only_new_finding(corpus_repo: Path) -> None:
    create_baseline()
    add_article(corpus_repo / "corpus", CONTRADICTING)
    outcome = cli("check", "corpus", "--rules", RULES, "--baseline", BASELINE, "-f", "json")
    assert outcome.code == ExitCode.FINDINGS
    report = outcome.json()
    (new,) = active(report)
    assert new["fact"] == "casualties.deaths"
    assert CONTRADICTING[0] in new["articles"]
    suppressed = [f for f in report["findings"] if f["suppressed_by"] == "baseline"]
    assert len(suppressed) == 6
    assert report["summary"]["suppressed"] == 6


def test_agreeing_article_is_covered_although_fingerprints_changed(corpus_repo: Path) -> None:
    create_baseline()
    known = {f["fingerprint"] for f in json.loads(BASELINE.read_text())["findings"]}
    add_article(corpus_repo / "corpus", AGREEING)
    outcome = cli("check", "corpus", "--rules", RULES, "--baseline", BASELINE, "-f", "json")
    assert outcome.code == ExitCode.OK
    findings = outcome.json()["findings"]
    assert active({"findings": findings}) == []
    joined = [f for f in findings if AGREEING[0] in f["articles"]]
    assert joined and all(f["fingerprint"] not in known for f in joined)


def test_sarif_keeps_covered_findings_as_suppressions(corpus_repo: Path) -> None:
    create_baseline()
    add_article(corpus_repo / "corpus", CONTRADICTING)
    outcome = cli("check", "corpus", "--rules", RULES, "--baseline", BASELINE, "-f", "sarif")
    assert outcome.code == ExitCode.FINDINGS
    results = outcome.json()["runs"][0]["results"]
    assert len(results) == 7
    suppressed = [r for r in results if r.get("suppressions")]
    assert len(suppressed) == 6
    (new,) = [r for r in results if not r.get("suppressions")]
    assert new["ruleId"] == "casualties.deaths"


def test_output_option_and_settings_path(corpus_repo: Path) -> None:
    create_baseline("--output", "known.json")
    assert Path("known.json").is_file()
    Path("factcheck.toml").write_text(
        f'corpus = ["corpus"]\nrules = ["{RULES}"]\nbaseline = "ci/baseline.json"\n'
    )
    assert cli("baseline", "create").code == ExitCode.OK
    assert Path("ci/baseline.json").is_file()
    add_article(corpus_repo / "corpus", AGREEING)
    assert cli("check").code == ExitCode.OK  # the configured baseline applies
    assert cli("check", "--no-baseline").code == ExitCode.FINDINGS


def test_malformed_baseline_is_one_located_line(corpus_repo: Path) -> None:
    cases = {
        '{\n  "format": 1,\n  oops\n}\n': "broken.json:3:3: not valid JSON",
        '{"format": 1, "tool": {"name": "f", "version": "0"}, "claims": []}': (
            "field 'findings': Field required"
        ),
        '{"format": 7, "findings": [], "claims": []}': "baseline format 7 (written by a newer",
        '{"format": 1, "tool": {"name": "f", "version": "0"}, "claims": [],'
        ' "findings": [{"fingerprint": 3}]}': "field 'findings[0].fingerprint'",
        "[]": "a baseline is a JSON object",
    }
    for text, expected in cases.items():
        Path("broken.json").write_text(text)
        outcome = cli("check", "corpus", "--rules", RULES, "--baseline", "broken.json")
        assert outcome.code == ExitCode.USAGE, text
        assert outcome.err.startswith("factcheck: broken.json"), outcome.err
        assert outcome.err.count("\n") == 1 and "Traceback" not in outcome.err
        assert expected in outcome.err, outcome.err


def test_missing_baseline_is_a_usage_error(corpus_repo: Path) -> None:
    outcome = cli("check", "corpus", "--rules", RULES, "--baseline", "nope.json")
    assert outcome.code == ExitCode.USAGE
    assert "nope.json: no such baseline" in outcome.err
