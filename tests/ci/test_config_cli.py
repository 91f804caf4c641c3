"""Settings drive a bare `factcheck check`; flags win; mistakes stop with exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.model import ExitCode
from tests.ci.repo import RULES, cli, copy_seeds


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A corpus project whose settings are written by each test; cwd is a subfolder."""
    root = tmp_path / "project"
    copy_seeds(root / "articles")
    (root / "docs").mkdir()
    monkeypatch.chdir(root / "docs")
    return root


def settings(root: Path, text: str) -> None:
    (root / "factcheck.toml").write_text(
        f'corpus = ["articles"]\nrules = ["{RULES}"]\n{text}', encoding="utf-8"
    )


def test_corpus_rules_and_fail_on_come_from_the_file(project: Path) -> None:
    settings(project, 'fail_on = "never"\n')
    outcome = cli("check", "--format", "json")
    assert outcome.code == ExitCode.OK  # the seeds have an error; fail_on never lets it pass
    assert len(outcome.json()["articles"]) == 5


def test_flags_win(project: Path) -> None:
    settings(project, 'fail_on = "never"\nformat = "json"\n')
    assert cli("check").json()["summary"]["findings"]["error"] == 1
    outcome = cli("check", "--fail-on", "error", "--format", "console")
    assert outcome.code == ExitCode.FINDINGS
    assert outcome.out.rstrip().endswith("1 error, 1 warning, 4 notes")
    only_one = cli("check", project / "articles" / "003_36502d064256e93d.txt")
    assert len(only_one.json()["articles"]) == 1


def test_pyproject_table_is_honoured(project: Path) -> None:
    (project / "pyproject.toml").write_text(
        f'[project]\nname = "news"\n\n[tool.factcheck]\ncorpus = "articles"\n'
        f'rules = "{RULES}"\nfail_on = "error"\n',
        encoding="utf-8",
    )
    outcome = cli("check")
    assert outcome.code == ExitCode.FINDINGS
    assert "5 articles" in outcome.out


def test_level_overrides_apply_after_classification(project: Path) -> None:
    settings(project, '[levels]\n"csto.csc_chair" = "note"\nnames = "note"\n')
    outcome = cli("check", "--format", "json")
    assert outcome.code == ExitCode.OK
    levels = {(f["fact"], f["kind"]): f["level"] for f in outcome.json()["findings"]}
    assert levels[("csto.csc_chair", "contradiction")] == "note"
    assert cli("check", "--fail-on", "note").code == ExitCode.FINDINGS


def test_unknown_key_is_a_one_line_located_usage_error(project: Path) -> None:
    settings(project, 'fail_on = "error"\nbasline = "b.json"\n')
    outcome = cli("check")
    assert outcome.code == ExitCode.USAGE
    assert outcome.err.count("\n") == 1
    assert outcome.err.startswith(
        f"factcheck: {project / 'factcheck.toml'}:4: unknown key 'basline'"
    )
    assert outcome.out == ""


def test_unknown_fact_in_levels_is_located(project: Path) -> None:
    settings(project, '\n[levels]\n"casualties.death" = "note"\n')
    outcome = cli("check")
    assert outcome.code == ExitCode.USAGE
    expected = f"{project / 'factcheck.toml'}:5: levels: unknown fact 'casualties.death'"
    assert outcome.err == f"factcheck: {expected}\n"


def test_bad_fail_on_value(project: Path) -> None:
    settings(project, 'fail_on = "sometimes"\n')
    outcome = cli("check")
    assert outcome.code == ExitCode.USAGE
    assert ":3: key 'fail_on': Input should be 'error', 'warning', 'note' or 'never'" in outcome.err


def test_other_commands_use_the_settings_too(project: Path) -> None:
    settings(project, "")
    assert "rules are valid" in cli("rules", "validate").out
    facts = cli("facts", "--format", "json")
    assert facts.code == ExitCode.OK
