"""Helpers of the bad-input suite: the CLI's outcome, a copy of the seed corpus, and the
check every case makes that the rest of the run went on."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds"
RULES = REPO / "rules"
SEED_003 = SEEDS / "003_36502d064256e93d.txt"


@dataclass(frozen=True)
class Outcome:
    """One CLI run: exit code and what it printed."""

    code: int
    out: str
    err: str

    @property
    def err_lines(self) -> list[str]:
        return self.err.splitlines()

    def report(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.out)
        return data

    def claims_of(self, article: str) -> list[dict[str, Any]]:
        return [c for c in self.report()["claims"] if c["article"] == article]


Factcheck = Callable[..., Outcome]


def no_traceback(text: str) -> None:
    assert "Traceback" not in text
    assert "internal error" not in text


def copy_seeds(folder: Path) -> Path:
    """The seed corpus (articles and manifest) in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in SEEDS.iterdir():
        if path.is_file():
            shutil.copy(path, folder / path.name)
    return folder


def check_json(factcheck: Factcheck, *paths: Path, rules: Path = RULES) -> Outcome:
    """`factcheck check PATHS --rules RULES --format json`, with the claims cache as usual."""
    return factcheck("check", *paths, "--rules", rules, "--format", "json")


def assert_seeds_unharmed(outcome: Outcome, clean: dict[str, Any]) -> None:
    """The seed articles are all there, with exactly the claims of a clean run, and the
    exit code is the clean run's (1: the seeds hold an error-level contradiction)."""
    report = outcome.report()
    seeds = {a["id"] for a in clean["articles"]}
    assert seeds <= {a["id"] for a in report["articles"]}
    assert [c for c in report["claims"] if c["article"] in seeds] == clean["claims"]
    assert outcome.code == 1


def write(folder: Path, name: str, data: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path
