"""`factcheck check --changed-since REV`: only what a change introduced is reported.

Acceptance (issue 4): in a git repository holding the seed corpus, an added article that
contradicts a death toll fails the check with exactly that finding; an added article
that agrees with everything passes, although it joins old discrepancies.
"""

from __future__ import annotations

from pathlib import Path

from checker.model import ExitCode
from tests.ci.repo import (
    AGREEING,
    CONTRADICTING,
    RULES,
    active,
    add_article,
    cli,
    commit_all,
    git,
    rename_article,
)


def check_json(*extra: str) -> tuple[int, list[dict[str, object]]]:
    outcome = cli("check", "corpus", "--rules", RULES, "--format", "json", *extra)
    return outcome.code, outcome.json()["findings"]


def test_contradicting_article_fails_with_only_its_finding(corpus_repo: Path) -> None:
    add_article(corpus_repo / "corpus", CONTRADICTING)
    code, findings = check_json("--changed-since", "HEAD")
    assert code == ExitCode.FINDINGS
    assert len(findings) == 1
    (finding,) = findings
    assert finding["suppressed_by"] is None
    assert finding["fact"] == "casualties.deaths"
    assert finding["kind"] == "contradiction"
    assert CONTRADICTING[0] in finding["articles"]


def test_agreeing_article_passes(corpus_repo: Path) -> None:
    add_article(corpus_repo / "corpus", AGREEING)
    code, findings = check_json("--changed-since", "HEAD")
    assert (code, findings) == (ExitCode.OK, [])
    # it did join old discrepancies: without --changed-since they are reported with it
    code, everything = check_json()
    assert code == ExitCode.FINDINGS
    assert any(AGREEING[0] in f["articles"] for f in active({"findings": everything}))


def test_console_summary_says_how_many_were_hidden(corpus_repo: Path) -> None:
    add_article(corpus_repo / "corpus", CONTRADICTING)
    outcome = cli("check", "corpus", "--rules", RULES, "--changed-since", "HEAD")
    assert outcome.code == ExitCode.FINDINGS
    summary = outcome.out.strip().splitlines()[-1]
    assert summary.endswith("(6 hidden: no changed article involved)"), summary
    assert "1 error" in summary


def test_committed_change_is_found_against_an_older_revision(corpus_repo: Path) -> None:
    add_article(corpus_repo / "corpus", CONTRADICTING)
    commit_all(corpus_repo, "add a TASS article")
    assert check_json("--changed-since", "HEAD")[1] == []
    code, findings = check_json("--changed-since", "HEAD~1")
    assert code == ExitCode.FINDINGS
    assert [f["fact"] for f in findings] == ["casualties.deaths"]


def test_staged_article_counts_as_changed(corpus_repo: Path) -> None:
    add_article(corpus_repo / "corpus", CONTRADICTING)
    git(corpus_repo, "add", "corpus")
    code, findings = check_json("--changed-since", "HEAD")
    assert code == ExitCode.FINDINGS
    assert len(findings) == 1


def test_renamed_article_brings_back_nothing(corpus_repo: Path) -> None:
    add_article(corpus_repo / "corpus", CONTRADICTING)
    commit_all(corpus_repo, "add a TASS article")
    before = {f["fingerprint"] for f in check_json()[1]}
    rename_article(corpus_repo / "corpus", CONTRADICTING[0], "2022/tass-toll.txt")
    assert check_json("--changed-since", "HEAD") == (ExitCode.OK, [])
    assert {f["fingerprint"] for f in check_json()[1]} == before


def test_corpus_in_a_subfolder_of_the_repository(corpus_repo: Path) -> None:
    add_article(corpus_repo / "corpus", CONTRADICTING)
    outcome = cli(
        "check", corpus_repo / "corpus", "--rules", RULES, "--format", "json",
        "--changed-since", "HEAD",
    )  # fmt: skip
    assert outcome.code == ExitCode.FINDINGS
    assert len(outcome.json()["findings"]) == 1


def test_not_a_git_repository_is_a_usage_error(tmp_path: Path, corpus_repo: Path) -> None:
    outside = tmp_path / "plain"
    (outside / "a").mkdir(parents=True)
    (outside / "a" / "note.txt").write_text("Nothing to see.\n")
    outcome = cli("check", outside / "a", "--rules", RULES, "--changed-since", "HEAD")
    assert outcome.code == ExitCode.USAGE
    assert outcome.err.count("\n") == 1
    assert "is not inside a git repository" in outcome.err


def test_unknown_revision_is_a_usage_error(corpus_repo: Path) -> None:
    for revision in ("no-such-branch", "--output=/tmp/x"):
        outcome = cli("check", "corpus", "--rules", RULES, f"--changed-since={revision}")
        assert outcome.code == ExitCode.USAGE, revision
        assert outcome.err == f"factcheck: --changed-since: unknown git revision '{revision}'\n"
