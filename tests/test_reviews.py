"""Review decisions: the file (round trip, history, located errors, atomic writes), what a
decision does to a run, and the whole loop through the command line: set a decision,
re-check, read it back from JSON, SARIF and HTML, then make it stale."""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from checker.cli import run
from checker.model import ExitCode, RunResult
from checker.reviews import (
    Decision,
    ReviewFile,
    ReviewsInvalid,
    ReviewStatus,
    apply_reviews,
    default_reviews_path,
    load_reviews,
    match_prefix,
    parse_reviews,
    record,
    save_reviews,
    stale,
)
from tests.report.conftest import CONTRADICTION, REVISION, SUPPRESSED

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
RULES = ROOT / "rules"
FP = "ab" * 32
OTHER = "cd" * 32


def cli(*args: str) -> tuple[ExitCode, str, str]:
    """Run factcheck with the shipped rules; returns code, stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run([*args, "--rules", str(RULES)])
    return code, out.getvalue(), err.getvalue()


# --- the file --------------------------------------------------------------------------


def test_missing_file_has_no_decisions(tmp_path: Path) -> None:
    reviews = load_reviews(tmp_path / "reviews.yaml")
    assert reviews.decisions == {}
    assert not (tmp_path / "reviews.yaml").exists()


def test_default_path_is_beside_the_corpus(tmp_path: Path) -> None:
    (tmp_path / "corpus").mkdir()
    article = tmp_path / "corpus" / "a.txt"
    article.write_text("x", encoding="utf-8")
    assert default_reviews_path([tmp_path / "corpus"]) == tmp_path / "corpus" / "reviews.yaml"
    assert default_reviews_path([article]) == tmp_path / "corpus" / "reviews.yaml"


def test_record_save_load_round_trip_with_history(tmp_path: Path) -> None:
    path = tmp_path / "reviews.yaml"
    first = Decision(ReviewStatus.CONFIRMED, "real error", "ed", date(2022, 2, 1))
    second = Decision(ReviewStatus.ACCEPTED, 'says "chair": fine', "an", date(2022, 3, 1))
    save_reviews(record(load_reviews(path), FP, first))
    save_reviews(record(load_reviews(path), FP, second))
    decision = load_reviews(path).decisions[FP]
    assert (decision.status, decision.note, decision.reviewer) == (
        ReviewStatus.ACCEPTED,
        'says "chair": fine',
        "an",
    )
    assert decision.history == (first,)


def test_comments_survive_a_rewrite(tmp_path: Path) -> None:
    path = tmp_path / "reviews.yaml"
    path.write_text(
        "# our decisions, see the style guide\n"
        "reviews:\n"
        f"  {FP}:  # the chair\n"
        "    status: confirmed   # asked RBC for a correction\n"
        "    note: wrong office\n"
        "# end of file\n",
        encoding="utf-8",
    )
    save_reviews(record(load_reviews(path), FP, Decision(ReviewStatus.FIXED, "corrected")))
    save_reviews(record(load_reviews(path), OTHER, Decision(ReviewStatus.FALSE_POSITIVE, "no")))
    text = path.read_text(encoding="utf-8")
    for comment in ("# our decisions", "# the chair", "# asked RBC", "# end of file"):
        assert comment in text
    assert text.rstrip().endswith("# end of file")
    decisions = load_reviews(path).decisions
    assert decisions[FP].status == ReviewStatus.FIXED
    assert decisions[FP].history[0].note == "wrong office"
    assert decisions[OTHER].status == ReviewStatus.FALSE_POSITIVE


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("reviews:\n  not-hex: {status: fixed}\n", 2, "is not a fingerprint"),
        (f"reviews:\n  {FP}:\n    status: maybe\n", 3, "field 'status'"),
        (f"reviews:\n  {FP}:\n    status: fixed\n    colour: red\n", 4, "field 'colour'"),
        (f"reviews:\n  {FP}: {{status: fixed}}\n  {FP}: {{status: fixed}}\n", 3, "duplicate"),
        ("reviews: [\n", 2, ""),
        ("decisions: {}\n", 1, "unknown key 'decisions'"),
        ("reviews: [1, 2]\n", 1, "must map fingerprints"),
        (
            f"reviews:\n  {FP}:\n    status: fixed\n    history:\n      - {{status: no}}\n",
            5,
            "history.0.status",
        ),
    ],
)
def test_malformed_files_give_one_located_line(text: str, line: int, words: str) -> None:
    with pytest.raises(ReviewsInvalid) as raised:
        parse_reviews(Path("reviews.yaml"), text)
    message = str(raised.value)
    assert message.startswith(f"reviews.yaml:{line}: ")
    assert words in message
    assert "\n" not in message


def test_non_utf8_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "reviews.yaml"
    path.write_bytes(b"reviews:\n  \xff\xfe: x\n")
    with pytest.raises(ReviewsInvalid, match=r"reviews\.yaml:1: not UTF-8"):
        load_reviews(path)


def test_an_interrupted_write_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "reviews.yaml"
    save_reviews(record(load_reviews(path), FP, Decision(ReviewStatus.CONFIRMED, "keep me")))
    before = path.read_bytes()

    def broken(src: Any, dst: Any) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OSError, match="disk full"):
        save_reviews(record(load_reviews(path), FP, Decision(ReviewStatus.FIXED, "lost")))
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["reviews.yaml"]


# --- applying decisions ----------------------------------------------------------------


@pytest.fixture
def hand_result() -> RunResult:
    """Three hand-built findings (see tests/report/conftest.py), one already suppressed."""
    findings = (SUPPRESSED, REVISION, CONTRADICTION)
    claims = tuple(c for f in findings for c in f.claims)
    return RunResult(articles=(), claims=claims, findings=findings)


def reviewed(hand_result: RunResult, **statuses: ReviewStatus) -> RunResult:
    by_fp = {"contradiction": CONTRADICTION.fingerprint, "revision": REVISION.fingerprint}
    decisions = {by_fp[name]: Decision(status) for name, status in statuses.items()}
    return apply_reviews(hand_result, ReviewFile(Path("reviews.yaml"), decisions))


def finding(result: RunResult, fingerprint: str) -> Any:
    return next(f for f in result.findings if f.fingerprint == fingerprint)


@pytest.mark.parametrize("status", [ReviewStatus.ACCEPTED, ReviewStatus.FALSE_POSITIVE])
def test_accepted_and_false_positive_are_suppressed(
    hand_result: RunResult, status: ReviewStatus
) -> None:
    result = reviewed(hand_result, contradiction=status)
    found = finding(result, CONTRADICTION.fingerprint)
    assert found.review == status.value
    assert found.suppressed_by == f"review:{status.value}"


@pytest.mark.parametrize("status", [ReviewStatus.CONFIRMED, ReviewStatus.FIXED])
def test_confirmed_and_fixed_stay_open(hand_result: RunResult, status: ReviewStatus) -> None:
    result = reviewed(hand_result, contradiction=status)
    found = finding(result, CONTRADICTION.fingerprint)
    assert (found.review, found.suppressed_by) == (status.value, None)


def test_findings_without_a_decision_are_untouched(hand_result: RunResult) -> None:
    result = reviewed(hand_result, contradiction=ReviewStatus.CONFIRMED)
    assert finding(result, REVISION.fingerprint) == REVISION
    assert finding(result, SUPPRESSED.fingerprint) == SUPPRESSED


def test_a_review_overrides_a_baseline_only_when_it_suppresses(hand_result: RunResult) -> None:
    base = replace(
        hand_result,
        findings=tuple(replace(f, suppressed_by="baseline") for f in hand_result.findings),
    )
    decisions = {
        CONTRADICTION.fingerprint: Decision(ReviewStatus.ACCEPTED),
        REVISION.fingerprint: Decision(ReviewStatus.CONFIRMED),
    }
    result = apply_reviews(base, ReviewFile(Path("r.yaml"), decisions))
    assert finding(result, CONTRADICTION.fingerprint).suppressed_by == "review:accepted"
    assert finding(result, REVISION.fingerprint).suppressed_by == "baseline"


def test_decisions_matching_no_finding_are_stale(hand_result: RunResult) -> None:
    decisions = {CONTRADICTION.fingerprint: Decision(ReviewStatus.CONFIRMED)}
    decisions[FP] = Decision(ReviewStatus.FIXED)
    assert stale(hand_result, ReviewFile(Path("r.yaml"), decisions)) == [FP]


def test_prefixes_must_be_long_unique_and_known() -> None:
    fingerprints = ["abcdef0123" + "0" * 54, "abcdef0199" + "0" * 54]
    assert match_prefix("abcdef0123", fingerprints) == fingerprints[0]
    assert match_prefix("ABCDEF0199", fingerprints) == fingerprints[1]
    with pytest.raises(ValueError, match="too short"):
        match_prefix("abcdef0", fingerprints)
    with pytest.raises(ValueError, match="ambiguous"):
        match_prefix("abcdef01", fingerprints)
    with pytest.raises(LookupError, match="no finding"):
        match_prefix("ffffffff", fingerprints)


# --- the command line, end to end ------------------------------------------------------


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A copy of the seed corpus, so decisions are written beside it and not in the repo."""
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    return folder


def seed_findings(corpus: Path) -> list[dict[str, Any]]:
    code, out, _ = cli("check", str(corpus), "--format", "json")
    assert code == ExitCode.FINDINGS
    findings: list[dict[str, Any]] = json.loads(out)["findings"]
    return findings


def chair_contradiction(corpus: Path) -> str:
    [chair] = [f for f in seed_findings(corpus) if f["fact"] == "csto.csc_chair"]
    assert chair["kind"] == "contradiction"
    fingerprint: str = chair["fingerprint"]
    return fingerprint


def test_a_decision_reaches_json_sarif_and_html_then_goes_stale(corpus: Path) -> None:
    fingerprint = chair_contradiction(corpus)
    code, out, err = cli(
        "review", "set", fingerprint[:10], str(corpus),
        "--status", "accepted", "--note", "RBC house style", "--reviewer", "ed",
    )  # fmt: skip
    assert (code, err) == (ExitCode.OK, "")
    assert fingerprint[:12] in out
    assert "csto.csc_chair contradiction" in out

    code, out, _ = cli("check", str(corpus), "--format", "json", "--fail-on", "error")
    assert code == ExitCode.OK  # the only error is accepted, so it no longer fails CI
    [chair] = [f for f in json.loads(out)["findings"] if f["fingerprint"] == fingerprint]
    assert (chair["review"], chair["suppressed_by"]) == ("accepted", "review:accepted")

    _, out, _ = cli("check", str(corpus), "--format", "sarif")
    results = json.loads(out)["runs"][0]["results"]
    [result] = [
        r for r in results if r["partialFingerprints"]["factcheckFingerprint/v1"] == fingerprint
    ]
    assert result["properties"]["review"] == "accepted"
    assert "review:accepted" in result["suppressions"][0]["justification"]

    _, out, _ = cli("check", str(corpus), "--format", "html")
    block = out.split(f'id="finding-{fingerprint}"', 1)[1].split("</article>")[0]
    assert 'data-review="accepted"' in block
    assert "suppressed · review:accepted" in block

    code, out, _ = cli("review", "list", str(corpus))
    assert code == ExitCode.OK
    assert "current" in out and "stale" not in out.split("\n")[2]

    (corpus / "002_a802e62d5c9bd7a3.txt").unlink()  # the article that says "President"
    code, out, _ = cli("review", "list", str(corpus))
    assert code == ExitCode.OK
    [row] = [line for line in out.splitlines() if line.startswith(fingerprint[:12])]
    assert row.split()[1:3] == ["stale", "accepted"]
    assert "1 decision: 0 current, 1 stale" in out


def test_a_second_decision_keeps_the_first_in_history(corpus: Path) -> None:
    fingerprint = chair_contradiction(corpus)
    for status, note, day in (
        ("confirmed", "ask RBC", "2022-02-01"),
        ("fixed", "done", "2022-03-01"),
    ):
        code, _, err = cli(
            "review", "set", fingerprint, str(corpus),
            "--status", status, "--note", note, "--date", day,
        )  # fmt: skip
        assert code == ExitCode.OK, err
    decision = load_reviews(corpus / "reviews.yaml").decisions[fingerprint]
    assert (decision.status, decision.date) == (ReviewStatus.FIXED, date(2022, 3, 1))
    assert [(d.status, d.note) for d in decision.history] == [(ReviewStatus.CONFIRMED, "ask RBC")]
    code, out, _ = cli("check", str(corpus), "--format", "json")
    assert code == ExitCode.FINDINGS  # fixed but still there: it fails until it is gone
    [chair] = [f for f in json.loads(out)["findings"] if f["fingerprint"] == fingerprint]
    assert (chair["review"], chair["suppressed_by"]) == ("fixed", None)


def test_unknown_fingerprint_is_a_usage_error_unless_forced(corpus: Path) -> None:
    args = ("review", "set", "0123456789abcdef", str(corpus), "--status", "fixed", "--note", "x")
    code, _, err = cli(*args)
    assert code == ExitCode.USAGE
    assert "no finding has fingerprint '0123456789abcdef'" in err
    assert not (corpus / "reviews.yaml").exists()
    code, _, err = cli(*args, "--force")
    assert code == ExitCode.OK, err
    assert list(load_reviews(corpus / "reviews.yaml").decisions) == ["0123456789abcdef"]


def test_short_prefix_is_a_usage_error(corpus: Path) -> None:
    code, _, err = cli("review", "set", "abc", str(corpus), "--status", "fixed", "--note", "x")
    assert code == ExitCode.USAGE
    assert "too short" in err


def test_malformed_file_stops_every_command_and_is_left_alone(corpus: Path) -> None:
    path = corpus / "reviews.yaml"
    broken = f"# keep this\nreviews:\n  {FP}:\n    status: maybe\n".encode()
    path.write_bytes(broken)
    fingerprint = chair_contradiction_from_console(corpus)
    for args in (
        ("review", "set", fingerprint, str(corpus), "--status", "fixed", "--note", "x"),
        ("review", "list", str(corpus)),
        ("check", str(corpus)),
        ("explain", fingerprint, str(corpus)),
    ):
        code, _, err = cli(*args)
        assert code == ExitCode.USAGE, args
        assert err.startswith(f"factcheck: {path}:4: review '{FP}': field 'status'"), err
        assert err.count("\n") == 1
    assert path.read_bytes() == broken


def chair_contradiction_from_console(corpus: Path) -> str:
    """The fingerprint without reading reviews (the file under test is broken)."""
    code, out, _ = cli("check", str(corpus), "--format", "json", "--reviews", "/nonexistent.yaml")
    assert code == ExitCode.FINDINGS
    [chair] = [f for f in json.loads(out)["findings"] if f["fact"] == "csto.csc_chair"]
    fingerprint: str = chair["fingerprint"]
    return fingerprint


def test_reviews_option_points_at_another_file(corpus: Path, tmp_path: Path) -> None:
    other = tmp_path / "elsewhere.yaml"
    fingerprint = chair_contradiction(corpus)
    code, _, err = cli(
        "review", "set", fingerprint[:8], str(corpus), "--reviews", str(other),
        "--status", "false_positive", "--note", "not a conflict",
    )  # fmt: skip
    assert code == ExitCode.OK, err
    assert not (corpus / "reviews.yaml").exists()
    code, out, _ = cli("check", str(corpus), "--format", "json", "--reviews", str(other))
    [chair] = [f for f in json.loads(out)["findings"] if f["fingerprint"] == fingerprint]
    assert chair["review"] == "false_positive"


def test_review_list_without_decisions(corpus: Path) -> None:
    code, out, _ = cli("review", "list", str(corpus))
    assert code == ExitCode.OK
    assert out.startswith("No review decisions in ")


def test_settings_name_the_reviews_file_for_every_command(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "factcheck.toml").write_text('reviews = "decisions.yaml"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    fingerprint = chair_contradiction(corpus)
    code, _, err = cli(
        "review", "set", fingerprint[:8], str(corpus), "--status", "confirmed", "--note", "x"
    )
    assert code == ExitCode.OK, err
    assert (tmp_path / "decisions.yaml").exists()
    assert not (corpus / "reviews.yaml").exists()
    _, out, _ = cli("check", str(corpus), "--format", "json")
    [chair] = [f for f in json.loads(out)["findings"] if f["fingerprint"] == fingerprint]
    assert chair["review"] == "confirmed"
    _, out, _ = cli("explain", fingerprint[:8], str(corpus))
    assert "current: confirmed" in out


def test_a_check_without_a_reviews_file_does_not_import_ruamel(tmp_path: Path) -> None:
    corpus = tmp_path / "seeds"
    shutil.copytree(SEEDS, corpus)
    code = (
        "import sys; from checker.cli import run;"
        f" run(['check', {str(corpus)!r}, '--rules', {str(RULES)!r}, '--quiet', '-o',"
        f" {str(tmp_path / 'out.txt')!r}]);"
        " print('ruamel.yaml' in sys.modules)"
    )
    ran = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert ran.stdout.strip() == "False"
    assert (tmp_path / "out.txt").read_text(encoding="utf-8").endswith("4 notes\n")
