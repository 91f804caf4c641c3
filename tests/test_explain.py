"""`factcheck explain`: one finding with every claim in context, its scope and timeline
reasoning and its review history, through `checker.cli.run` as an editor would call it."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from checker.cli import run
from checker.explain import validity_reason
from checker.model import ExitCode
from tests.report.conftest import DEATHS_TASS

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
RULES = ROOT / "rules"

ARTICLES = {
    "a.txt": (
        "Unrest in Almaty\n\nALMATY, January 10. Protesters gathered again on Sunday. Kazakh "
        "officials said 225 people were killed in Almaty during the January unrest. The figure "
        "may rise.\n"
    ),
    "b.txt": (
        "Toll in Almaty\n\nALMATY, January 10. Hospitals are full. Health officials said 164 "
        "people were killed in Almaty during the January unrest.\n"
    ),
}
MANIFEST = """articles:
  - {file: a.txt, outlet: Wire One, published: 2022-01-10}
  - {file: b.txt, outlet: Daily Two, published: 2022-01-10}
"""


def cli(*args: str) -> tuple[ExitCode, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run([*args, "--rules", str(RULES)])
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def tolls(tmp_path: Path) -> Path:
    """Two wires giving different death tolls of the January 2022 unrest on one day."""
    folder = tmp_path / "tolls"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "corpus.yaml").write_text(MANIFEST, encoding="utf-8")
    return folder


def fingerprint_of(corpus: Path, fact: str) -> str:
    _, out, _ = cli("check", str(corpus), "--format", "json")
    [finding] = [f for f in json.loads(out)["findings"] if f["fact"] == fact]
    fingerprint: str = finding["fingerprint"]
    return fingerprint


def explain(corpus: Path, prefix: str) -> str:
    code, out, err = cli("explain", prefix, str(corpus))
    assert (code, err) == (ExitCode.OK, "")
    return out


def test_every_claim_with_article_outlet_date_value_and_place(tolls: Path) -> None:
    fingerprint = fingerprint_of(tolls, "casualties.deaths")
    out = explain(tolls, fingerprint[:8])
    assert out.startswith("ERROR contradiction  casualties.deaths\n")
    assert f"fingerprint {fingerprint}" in out
    assert "1. a.txt:3:80  Wire One, published 2022-01-10" in out
    assert "2. b.txt:3:63  Daily Two, published 2022-01-10" in out
    assert "value: 225" in out and "value: 164" in out


def test_full_sentence_context_from_the_article(tolls: Path) -> None:
    out = explain(tolls, fingerprint_of(tolls, "casualties.deaths")[:8])
    first = out.split("1. a.txt", 1)[1].split("2. b.txt")[0]
    lines = [line.strip() for line in first.splitlines()]
    quote = "> Kazakh officials said 225 people were killed in Almaty during the January unrest."
    at = lines.index(quote)
    assert lines[at - 1] == "Protesters gathered again on Sunday."
    assert lines[at + 1] == "The figure may rise."


def test_scope_names_the_event_its_window_and_the_evidence(tolls: Path) -> None:
    out = explain(tolls, fingerprint_of(tolls, "casualties.deaths")[:8])
    assert (
        "scope: event kazakhstan-unrest-2022 — January 2022 unrest in Kazakhstan and the CSTO "
        "mission, 2022-01-02 to 2022-01-31 (±30 days): its sentence names 'Almaty'"
    ) in out
    assert "time: valid at 2022-01-10: the publication date" in out


def test_timeline_reasoning_and_review_history(tolls: Path) -> None:
    fingerprint = fingerprint_of(tolls, "casualties.deaths")
    out = explain(tolls, fingerprint)
    assert "The values are incompatible and speak of the same time." in out
    assert "not reviewed yet" in out
    for status, note, day in (
        ("confirmed", "ask Daily Two", "2022-02-01"),
        ("fixed", "corrected", "2022-02-03"),
    ):
        code, _, err = cli(
            "review", "set", fingerprint[:12], str(tolls), "--status", status,
            "--note", note, "--reviewer", "ed", "--date", day,
        )  # fmt: skip
        assert code == ExitCode.OK, err
    review = explain(tolls, fingerprint[:12]).split("Review ─", 1)[1]
    assert "current: fixed by ed on 2022-02-03: corrected" in review
    assert "earlier (1): confirmed by ed on 2022-02-01: ask Daily Two" in review


def test_state_facts_explain_each_claim_against_the_rule_timeline(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    out = explain(seeds, fingerprint_of(seeds, "csto.csc_chair")[:10])
    assert "scope: not event-scoped" in out
    timeline = out.split("Reference timeline, claim by claim:", 1)[1].split("Review ─")[0]
    assert "002_a802e62d5c9bd7a3.txt (2022-01-06): disagrees; Nikol Pashinyan" in timeline
    assert "001_ee5b0a576734639c.txt (2022-01-06): agrees" in timeline
    assert "President of Armenia" in out


def test_unknown_or_short_fingerprints_are_usage_errors(tolls: Path) -> None:
    code, out, err = cli("explain", "0000000000", str(tolls))
    assert (code, out) == (ExitCode.USAGE, "")
    assert "no finding has fingerprint '0000000000'" in err
    code, _, err = cli("explain", "87d8", str(tolls))
    assert code == ExitCode.USAGE
    assert "too short" in err


def test_a_stale_decision_is_mentioned_when_its_finding_is_gone(tolls: Path) -> None:
    fingerprint = fingerprint_of(tolls, "casualties.deaths")
    cli("review", "set", fingerprint, str(tolls), "--status", "confirmed", "--note", "x")
    (tolls / "b.txt").unlink()
    code, _, err = cli("explain", fingerprint[:12], str(tolls))
    assert code == ExitCode.USAGE
    assert "holds a stale decision" in err


def test_validity_reasons() -> None:
    published = date(2022, 1, 7)
    assert validity_reason(DEATHS_TASS, published) == "valid at 2022-01-07: the publication date"
    stated = replace(DEATHS_TASS, valid_at=date(2022, 1, 5))
    assert validity_reason(stated, published) == "valid at 2022-01-05: a date its sentence states"
    earlier = replace(DEATHS_TASS, earlier=True)
    assert "earlier figure" in validity_reason(earlier, published)
    undated = replace(DEATHS_TASS, valid_at=None)
    assert validity_reason(undated, None).startswith("undated")
