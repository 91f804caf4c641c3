"""A corpus repository for CI tests: the seed corpus in a temporary git repository.

Git runs with a test identity and without the user's or system's configuration (no
signing hooks, no aliases), so the tests behave the same on a laptop and in CI, and
never touch the network.
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from checker.cli import run

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
RULES = ROOT / "rules"

GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "factcheck tests",
    "GIT_AUTHOR_EMAIL": "tests@factcheck.invalid",
    "GIT_COMMITTER_NAME": "factcheck tests",
    "GIT_COMMITTER_EMAIL": "tests@factcheck.invalid",
    "GIT_CONFIG_NOSYSTEM": "1",
}

CONTRADICTING = (
    "005_tass_toll.txt",
    "Kazakhstan reports higher toll of January unrest\n"
    "MOSCOW, January 25. /TASS/. According to the Prosecutor General's Office of"
    " Kazakhstan, 230 people were killed in the January unrest in Kazakhstan, the office"
    " said on Tuesday.\n",
)
AGREEING = (
    "005_tass_summit.txt",
    "CSTO summit reviews the peacekeeping mission in Kazakhstan\n"
    "MOSCOW, January 25. /TASS/. The CSTO members are Armenia, Belarus, Kazakhstan,"
    " Kyrgyzstan, Russia and Tajikistan.\n"
    "The Chairman of the CSTO Collective Security Council, Prime Minister of Armenia Nikol"
    " Pashinyan, thanked the peacekeepers.\n"
    "According to Kazakh authorities, 225 people were killed in the January unrest in"
    " Kazakhstan.\n",
)


def isolate_git(monkeypatch: pytest.MonkeyPatch, home: Path) -> None:
    """Test identity, and no global or system git configuration."""
    for name, value in GIT_IDENTITY.items():
        monkeypatch.setenv(name, value)
    empty = home / "gitconfig"
    empty.write_text("")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(empty))


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, text=True, check=True, timeout=60
    )
    return done.stdout


def init_repo(repo: Path) -> None:
    repo.mkdir(parents=True, exist_ok=True)
    git(repo, "init", "-q", "-b", "main")
    commit_all(repo, "initial corpus")


def commit_all(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--no-verify", "-m", message)


def copy_seeds(corpus: Path) -> None:
    corpus.mkdir(parents=True, exist_ok=True)
    for source in [*SEEDS.glob("*.txt"), SEEDS / "corpus.yaml"]:
        shutil.copy(source, corpus / source.name)


def add_article(corpus: Path, article: tuple[str, str], published: str = "2022-01-25") -> None:
    """Write an article and its manifest entry (the seeds' corpus.yaml lists every file)."""
    name, text = article
    (corpus / name).write_text(text, encoding="utf-8")
    with (corpus / "corpus.yaml").open("a", encoding="utf-8") as manifest:
        manifest.write(
            f"  - file: {name}\n    outlet: TASS\n    published: {published}\n"
            f"    url: null\n    title: {text.splitlines()[0]}\n"
        )


def rename_article(corpus: Path, old: str, new: str) -> None:
    """Rename a file and its manifest entry, as an editor would with `git mv`."""
    (corpus / new).parent.mkdir(parents=True, exist_ok=True)
    (corpus / old).rename(corpus / new)
    manifest = corpus / "corpus.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


@dataclass(frozen=True)
class Outcome:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


def cli(*args: str | Path) -> Outcome:
    """Run the command line in-process, capturing both streams."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run([str(a) for a in args])
    return Outcome(int(code), out.getvalue(), err.getvalue())


def active(report: Any) -> list[Any]:
    """Unsuppressed findings of a JSON report."""
    return [f for f in report["findings"] if f["suppressed_by"] is None]
