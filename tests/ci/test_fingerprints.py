"""Fingerprints identify a finding by content: stable under unrelated edits, renames and
the folder the check runs from (issue 4), so baselines and code-scanning alerts follow a
finding across the life of a corpus repository."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.ci.repo import RULES, cli, copy_seeds, rename_article

ARTICLE_004 = "004_7bd650501039e11f.txt"  # takes part in four of the six seed findings


def fingerprints(corpus: Path | str) -> dict[tuple[str, str, str | None], str]:
    outcome = cli("check", corpus, "--rules", RULES, "--format", "json")
    findings = outcome.json()["findings"]
    return {(f["fact"], f["kind"], f["subject"]): f["fingerprint"] for f in findings}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    copy_seeds(folder)
    return folder


def test_unrelated_lines_do_not_change_fingerprints(corpus: Path) -> None:
    before = fingerprints(corpus)
    article = corpus / ARTICLE_004
    lines = article.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[1:1] = ["\n", "Editor's note: this report was updated with a photo caption.\n"]
    lines.append("\nThe agency will publish further updates.\n")
    article.write_text("".join(lines), encoding="utf-8")
    assert fingerprints(corpus) == before


def test_renaming_an_article_keeps_fingerprints(corpus: Path) -> None:
    before = fingerprints(corpus)
    rename_article(corpus, ARTICLE_004, "archive/bbabo-csto-leaders.txt")
    assert fingerprints(corpus) == before


def test_working_directory_does_not_matter(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    absolute = fingerprints(corpus)
    monkeypatch.chdir(corpus)
    assert fingerprints(".") == absolute
    elsewhere = tmp_path / "some" / "where"
    elsewhere.mkdir(parents=True)
    monkeypatch.chdir(elsewhere)
    assert fingerprints(os.path.relpath(corpus, elsewhere)) == absolute


def test_a_changed_value_changes_the_fingerprint(corpus: Path) -> None:
    before = fingerprints(corpus)
    article = corpus / "002_a802e62d5c9bd7a3.txt"
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("President of Armenia, who", "President of Russia, who"))
    after = fingerprints(corpus)
    assert (
        after[("csto.csc_chair", "contradiction", None)]
        != before[("csto.csc_chair", "contradiction", None)]
    )
