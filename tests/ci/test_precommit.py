"""A real `pre-commit run` in a corpus repository that uses this repository's hook.

The hook repository is a snapshot of this working tree committed into a temporary git
repository, so the test checks the hook definition and packaging as they are now.
pre-commit installs the package into its own virtual environment with pip (offline
here: pip is configured with a local index), under a temporary PRE_COMMIT_HOME.  It
takes about 15 s with a warm pip cache, so it runs with the rest of the suite.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from checker.model import ExitCode
from tests.ci.repo import (
    CONTRADICTING,
    ROOT,
    RULES,
    add_article,
    cli,
    commit_all,
    copy_seeds,
    git,
    init_repo,
    isolate_git,
)

PACKAGE_FILES = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml")


def hook_repository(target: Path) -> str:
    """Commit a copy of the package and the hook definition; return the commit's sha."""
    target.mkdir()
    for name in PACKAGE_FILES:
        shutil.copy(ROOT / name, target / name)
    shutil.copytree(
        ROOT / "checker", target / "checker", ignore=shutil.ignore_patterns("__pycache__")
    )
    init_repo(target)
    return git(target, "rev-parse", "HEAD").strip()


def corpus_repository(root: Path, hooks: Path, rev: str) -> None:
    """The seed corpus with its rules, settings, a baseline, and the hook configured."""
    copy_seeds(root / "corpus")
    shutil.copytree(RULES, root / "rules")
    (root / "factcheck.toml").write_text(
        'corpus = "corpus"\nrules = "rules"\nbaseline = ".factcheck/baseline.json"\n'
    )
    (root / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hooks}\n    rev: {rev}\n    hooks:\n      - id: factcheck\n"
    )
    init_repo(root)


def pre_commit(repo: Path, home: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never"],
        cwd=repo,
        env={**os.environ, "PRE_COMMIT_HOME": str(home)},
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def test_hook_passes_on_the_baseline_and_fails_on_a_contradiction(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    isolate_git(monkeypatch, tmp_path)
    rev = hook_repository(tmp_path / "hooks")
    repo = tmp_path / "news"
    corpus_repository(repo, tmp_path / "hooks", rev)
    monkeypatch.chdir(repo)
    assert cli("baseline", "create").code == ExitCode.OK
    commit_all(repo, "baseline of the known discrepancies")
    home = tmp_path / "pre-commit-home"

    passed = pre_commit(repo, home)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "factcheck" in passed.stdout and "Passed" in passed.stdout

    add_article(repo / "corpus", CONTRADICTING)
    git(repo, "add", "-A")
    failed = pre_commit(repo, home)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "Failed" in failed.stdout
    assert "- exit code: 1" in failed.stdout
    assert "casualties.deaths" in failed.stdout
    assert CONTRADICTING[0] in failed.stdout
