"""Shared inputs for the reporter tests: the real seed run and a small hand-built run.

The seed run exercises the reporters on what the pipeline really produces; the hand-built
run pins exact output and covers what the seeds lack (a suppressed finding, a finding
below the failure threshold, text that needs escaping).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from checker.model import (
    ArticleInfo,
    Claim,
    Evidence,
    FactInfo,
    Finding,
    FindingKind,
    Level,
    Name,
    Quantity,
    RunResult,
)
from checker.pipeline import check_corpus, compile_rules

ROOT = Path(__file__).resolve().parents[2]
SHARED_SARIF_SCHEMA = ROOT.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"
# a copy ships with the tests, so a clone without shared/ beside it still validates
SARIF_SCHEMA = (
    SHARED_SARIF_SCHEMA
    if SHARED_SARIF_SCHEMA.is_file()
    else ROOT / "tests" / "data" / "schemas" / "sarif-schema-2.1.0.json"
)
EVENT = "kazakhstan-unrest-2022"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def sarif_schema() -> Path:
    """The schema beside the clone, as CI lays it out; tests skip only if it is truly absent."""
    if not SARIF_SCHEMA.is_file():
        pytest.skip(f"SARIF schema not found at {SARIF_SCHEMA}")
    return SARIF_SCHEMA


@pytest.fixture(scope="session")
def seed_result() -> RunResult:
    """The shipped rules over the seed corpus, by absolute paths so the cwd does not matter."""
    return check_corpus([ROOT / "seeds"], compile_rules([ROOT / "rules"]))


def claim(
    fact: str, value: Quantity | Name, raw: str, where: tuple[str, int], sentence: str
) -> Claim:
    """A claim whose evidence points at `raw` inside `sentence` on line `where[1]`."""
    article, line = where
    at = sentence.index(raw)
    evidence = Evidence(
        article, 100 * line + at, 100 * line + at + len(raw), line, at + 1, sentence
    )
    kind = "naming" if isinstance(value, Name) else "quantity"
    return Claim(fact, kind, value, raw, None, evidence, EVENT, date(2022, 1, 7))


TASS = "001_tass.txt"
KAZINFORM = "002_kazinform.txt"

DEATHS_TASS = claim(
    "casualties.deaths",
    Quantity(225, 225, 225),
    "225",
    (TASS, 6),
    "At least 225 people were killed, officials said.",
)
DEATHS_KAZ = claim(
    "casualties.deaths",
    Quantity(227, 227, 227),
    "227",
    (KAZINFORM, 4),
    "227 people died: 50% of them in Almaty, the <b>ministry</b> said | `sic`.",
)
TROOPS_TASS = claim(
    "peacekeepers.deployed",
    Quantity(2030, 2030, 2030),
    "2,030",
    (TASS, 9),
    "So far 2,030 servicemen have arrived.",
)
TROOPS_KAZ = claim(
    "peacekeepers.deployed",
    Quantity(2500, 2500, 2500),
    "2,500",
    (KAZINFORM, 8),
    "The force will reach 2,500.",
)
SPELLING = claim(
    "names",
    Name("lukashenko", "Lukashenka"),
    "Lukashenka",
    (KAZINFORM, 2),
    "Lukashenka spoke on Friday.",
)

CONTRADICTION = Finding(
    "casualties.deaths",
    FindingKind.CONTRADICTION,
    Level.ERROR,
    "Death tolls of the same event disagree: 225 vs 227",
    (DEATHS_KAZ, DEATHS_TASS),
    EVENT,
    "Both figures speak of the same day.",
    "a" * 64,
)
REVISION = Finding(
    "peacekeepers.deployed",
    FindingKind.REVISION,
    Level.NOTE,
    "Troops sent differ: 2,030 vs 2,500",
    (TROOPS_TASS, TROOPS_KAZ),
    EVENT,
    None,
    "b" * 64,
)
SUPPRESSED = Finding(
    "names",
    FindingKind.NAMING_VARIANT,
    Level.WARNING,
    "Alexander Lukashenko is spelled 'Lukashenka'",
    (SPELLING,),
    None,
    None,
    "c" * 64,
    suppressed_by="reviews.yaml",
    subject="lukashenko",
    review="accepted",
)

FACTS = (
    FactInfo("peacekeepers.deployed", "quantity", "Troops sent differ", None, Level.WARNING),
    FactInfo("names", "naming", "Names are spelled differently", None, Level.NOTE),
    FactInfo("mission.scope", "statement", "Mission tasks differ", "What the mission does.", None),
    FactInfo(
        "casualties.deaths", "quantity", "Death tolls disagree", "People killed.", Level.ERROR
    ),
)


def article(id_: str, outlet: str) -> ArticleInfo:
    return ArticleInfo(
        id_, f"seeds/{id_}", date(2022, 1, 7), "manifest", outlet, None, None, "0" * 64
    )


@pytest.fixture
def hand_result() -> RunResult:
    """Two articles, four facts; an error, a note and a suppressed warning."""
    return RunResult(
        articles=(article(TASS, "TASS"), article(KAZINFORM, "Kazinform")),
        claims=(DEATHS_TASS, DEATHS_KAZ, TROOPS_TASS, TROOPS_KAZ, SPELLING),
        findings=(SUPPRESSED, REVISION, CONTRADICTION),
        facts=FACTS,
    )
