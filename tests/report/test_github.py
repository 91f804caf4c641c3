"""GitHub workflow-command annotations: exact lines, escaping, paths the runner can resolve."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from checker.model import RunResult
from checker.report import get_reporter
from checker.report.base import ReportOptions
from checker.report.github import GithubReporter, escape_data, escape_property

COMMAND = re.compile(r"^::(error|warning|notice) file=([^,]*),line=(\d+),col=(\d+),title=[^:]*::")


def render(result: RunResult) -> list[str]:
    return GithubReporter().render(result, ReportOptions()).splitlines()


def test_hand_built_lines_exactly(hand_result: RunResult) -> None:
    deaths = (
        "title=casualties.deaths contradiction::"
        "Death tolls of the same event disagree: 225 vs 227%0ABoth figures speak of the same day."
    )
    troops = "title=peacekeepers.deployed revision::Troops sent differ: 2,030 vs 2,500"
    assert render(hand_result) == [
        f"::error file=seeds/001_tass.txt,line=6,col=10,{deaths}%0AThis article: 225",
        f"::error file=seeds/002_kazinform.txt,line=4,col=1,{deaths}%0AThis article: 227",
        f"::notice file=seeds/001_tass.txt,line=9,col=8,{troops}%0AThis article: 2,030",
        f"::notice file=seeds/002_kazinform.txt,line=8,col=22,{troops}%0AThis article: 2,500",
        "factcheck: 2 articles, 5 claims: 1 error, 0 warnings, 1 note (1 suppressed)",
    ]


def test_suppressed_findings_are_omitted(hand_result: RunResult) -> None:
    assert not any("names" in line for line in render(hand_result))
    unsuppressed = replace(hand_result.findings[0], suppressed_by=None)
    shown = replace(hand_result, findings=(unsuppressed,))
    assert render(shown)[0].startswith(
        "::warning file=seeds/002_kazinform.txt,line=2,col=1,title=names naming_variant::"
    )


def test_escaping_follows_the_runner() -> None:
    assert escape_data("50% done\r\nnext: a, b") == "50%25 done%0D%0Anext: a, b"
    assert escape_property("a,b:c%\n") == "a%2Cb%3Ac%25%0A"


def test_hostile_text_cannot_end_or_forge_a_command(hand_result: RunResult) -> None:
    finding = replace(
        hand_result.findings[2], message="Tolls differ\n::error file=x::forged", explanation=None
    )
    hostile = replace(
        hand_result,
        findings=(finding,),
        articles=tuple(replace(a, path=f"seeds/a,b:{a.id}") for a in hand_result.articles),
    )
    first, second, summary = render(hostile)
    assert first == (
        "::error file=seeds/a%2Cb%3A001_tass.txt,line=6,col=10,title=casualties.deaths "
        "contradiction::Tolls differ%0A::error file=x::forged%0AThis article: 225"
    )
    assert second.startswith("::error file=seeds/a%2Cb%3A002_kazinform.txt,")
    assert not summary.startswith("::")


def test_absolute_paths_become_workspace_relative(
    seed_result: RunResult, repo_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo_root)
    lines = render(seed_result)
    commands = [COMMAND.match(line) for line in lines[:-1]]
    assert all(commands)
    files = {m.group(2) for m in commands if m}
    assert files and all((repo_root / f).is_file() and f.startswith("seeds/") for f in files)
    claims = {
        (c.evidence.article_id, c.evidence.line, c.evidence.column)
        for f in seed_result.findings
        if f.suppressed_by is None
        for c in f.claims
    }
    located = {
        (m.group(2).removeprefix("seeds/"), int(m.group(3)), int(m.group(4))) for m in commands if m
    }
    assert located == claims
    chair = [line for line in lines if "title=csto.csc_chair contradiction::" in line]
    assert chair and all(line.startswith("::error ") for line in chair)


def test_paths_outside_the_workspace_fall_back_to_the_article_id(
    seed_result: RunResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    files = {m.group(2) for m in map(COMMAND.match, render(seed_result)[:-1]) if m}
    assert files == {c.evidence.article_id for f in seed_result.findings for c in f.claims}


def test_registered(hand_result: RunResult) -> None:
    reporter = get_reporter("github")
    assert reporter.render(hand_result, ReportOptions()) == GithubReporter().render(
        hand_result, ReportOptions(verbose=True)
    )
