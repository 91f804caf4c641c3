"""`factcheck eval` on the development corpus: the regression floor of issue 3.

The targets are the issue's: claims precision >= 0.95 and recall >= 0.90 overall, no
fact below 0.80 on either, findings precision >= 0.95 and recall >= 0.90, and no
non-finding flagged.  This is a quality floor measured on text we did not write, not a
timing.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checker.cli import run
from checker.evaluate import GoldInvalid, evaluate, load_gold
from checker.pipeline import check_corpus, compile_rules

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT / "tests" / "data" / "dev"


@pytest.fixture(scope="module")
def dev_evaluation():  # type: ignore[no-untyped-def]
    rules = compile_rules([ROOT / "rules"])
    result = check_corpus([DEV / "articles"], rules)
    return evaluate(result, load_gold(DEV / "gold.yaml"))


def test_dev_claims_meet_targets(dev_evaluation) -> None:  # type: ignore[no-untyped-def]
    claims = dev_evaluation.claims
    assert claims.precision is not None and claims.precision >= 0.95
    assert claims.recall is not None and claims.recall >= 0.90


@pytest.mark.parametrize(
    "fact",
    [
        "casualties.deaths",
        "casualties.injured",
        "csto.members",
        "csto.secretary_general",
        "dates.csto_decision",
        "dates.emergency_lifted",
        "dates.protests_start",
        "dates.withdrawal_end",
        "dates.withdrawal_start",
        "mission.scope",
        "names",
        "peacekeepers.approved",
        "peacekeepers.deployed",
    ],
)
def test_dev_claims_per_fact(dev_evaluation, fact: str) -> None:  # type: ignore[no-untyped-def]
    score = dev_evaluation.claims_by_fact[fact]
    assert score.precision is None or score.precision >= 0.80, fact
    assert score.recall is not None and score.recall >= 0.80, fact


def test_dev_findings_meet_targets(dev_evaluation) -> None:  # type: ignore[no-untyped-def]
    findings = dev_evaluation.findings
    assert findings.precision is not None and findings.precision >= 0.95
    assert findings.recall is not None and findings.recall >= 0.90
    assert dev_evaluation.flagged_non_findings == []


def test_eval_command_json(capsys: pytest.CaptureFixture[str]) -> None:
    code = run(
        [
            "eval",
            "--gold",
            str(DEV / "gold.yaml"),
            "--format",
            "json",
            str(DEV / "articles"),
            "--rules",
            str(ROOT / "rules"),
        ]
    )
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    assert out["findings"]["flagged_non_findings"] == []
    assert out["claims"]["overall"]["recall"] >= 0.9
    kinds = {(f["fact"], f["kind"]) for f in out["findings"]["false"]}
    assert kinds == set()


def test_eval_names_a_flagged_non_finding(tmp_path: Path) -> None:
    """A gold file whose only non-finding is a real contradiction: it must be named."""
    gold = tmp_path / "gold.yaml"
    gold.write_text(
        "claims: []\nfindings: []\nnon_findings:\n"
        "  - {fact: casualties.injured, articles: [028_ifp-news.txt, 029_time-news.txt],"
        " reason: test}\n",
        encoding="utf-8",
    )
    rules = compile_rules([ROOT / "rules"])
    ev = evaluate(check_corpus([DEV / "articles"], rules), load_gold(gold))
    assert [n.reason for _, n in ev.flagged_non_findings] == ["test"]
    assert ev.findings.wrong >= 2


def test_bad_gold_file_is_a_located_error(tmp_path: Path) -> None:
    gold = tmp_path / "gold.yaml"
    gold.write_text("claims:\n  - {article: a.txt}\n", encoding="utf-8")
    with pytest.raises(GoldInvalid, match=r"gold.yaml:2: field 'claims.0.fact'"):
        load_gold(gold)


BLIND = ROOT / "tests" / "data" / "blind"


def test_second_corpus_floor() -> None:
    """The second corpus (other newsrooms' phrasing) stays at its measured level."""
    rules = compile_rules([ROOT / "rules"])
    ev = evaluate(check_corpus([BLIND / "articles"], rules), load_gold(BLIND / "gold.yaml"))
    assert ev.claims.precision is not None and ev.claims.precision >= 0.95
    assert ev.claims.recall is not None and ev.claims.recall >= 0.85
    assert ev.findings.precision is not None and ev.findings.precision >= 0.9
    assert ev.findings.recall is not None and ev.findings.recall >= 0.9
    assert ev.flagged_non_findings == []
