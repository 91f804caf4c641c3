"""`factcheck rules validate|list|schema|test` through `checker.cli.run`, and what every
command does with a broken rule pack: exit code 3 and one located line per mistake.

The four mistakes of issue 2 (a typo in a key, a wrong type, a bad regex, a YAML syntax
error) are each made in a copy of the shipped rule pack; the expected line is computed
from the mutated file, so the tests keep working while the pack grows.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from checker.cli import run
from checker.model import ExitCode
from checker.pipeline import compile_rules
from checker.rulebook.schema import rule_schema
from checker.ruletest import run_examples

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
RULES = ROOT / "rules"

# the fact ids of ../shared/dev/README.md: the shipped pack must cover every one
DEV_FACT_IDS = {
    "csto.members",
    "csto.secretary_general",
    "csto.csc_chair",
    "peacekeepers.approved",
    "peacekeepers.deployed",
    "peacekeepers.force_total",
    "casualties.deaths",
    "casualties.injured",
    "mission.scope",
    "dates.protests_start",
    "dates.aid_request",
    "dates.csto_decision",
    "dates.withdrawal_start",
    "dates.withdrawal_end",
    "dates.emergency_lifted",
    "names",
}
KINDS = "quantity|membership|date|role|statement|naming"
LIST_LINE = re.compile(
    rf"^(?P<id>\S+) +(?P<kind>{KINDS}) +(?P<level>note|warning|error|-) +(?P<message>.*)"
    r"  \((?P<path>rules/[\w.-]+\.yaml):(?P<line>\d+)\)$"
)


@pytest.fixture
def in_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from the repository root, so rule paths render as rules/FILE.yaml."""
    monkeypatch.chdir(ROOT)


@pytest.fixture
def pack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the shipped rule pack in tmp/rules, with tmp as the working folder."""
    shutil.copytree(RULES, tmp_path / "rules")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "rules"


def line_of(text: str, needle: str) -> int:
    assert text.count(needle) == 1, f"{needle!r} must occur once"
    return text[: text.index(needle)].count("\n") + 1


def mutate(pack: Path, name: str, old: str, new: str) -> str:
    """Replace the one occurrence of `old` in rules/NAME; returns the new text."""
    path = pack / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} no longer occurs exactly once in rules/{name}"
    text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return text


# --- the shipped pack -----------------------------------------------------------------------


def test_validate_shipped_rules(in_root: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["rules", "validate"]) == ExitCode.OK
    assert capsys.readouterr() == ("rules are valid\n", "")


def test_validate_an_explicit_folder(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["rules", "validate", str(RULES)]) == ExitCode.OK
    assert capsys.readouterr() == ("rules are valid\n", "")


def test_list_every_fact_with_kind_level_and_origin(
    in_root: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["rules", "list"]) == ExitCode.OK
    out, err = capsys.readouterr()
    assert err == ""
    rulebook = compile_rules([RULES]).rulebook
    rows = [LIST_LINE.match(line) for line in out.splitlines()]
    assert all(rows), out
    listed = [m.group("id") for m in rows if m]
    assert listed == [f.id for f in rulebook.facts]
    assert len(set(listed)) == len(listed)
    assert set(listed) == DEV_FACT_IDS
    for m in rows:
        assert m is not None
        fact = next(f for f in rulebook.facts if f.id == m.group("id"))
        assert m.group("kind") == fact.extends
        assert m.group("level") == (fact.level or "-")
        assert m.group("message") == (fact.message or "")
        source = (ROOT / m.group("path")).read_text(encoding="utf-8").splitlines()
        assert f"id: {fact.id}" in source[int(m.group("line")) - 1]


def test_list_kinds_and_levels_of_the_seed_facts(
    in_root: None, capsys: pytest.CaptureFixture[str]
) -> None:
    run(["rules", "list"])
    rows = {
        m.group("id"): (m.group("kind"), m.group("level"))
        for m in map(LIST_LINE.match, capsys.readouterr().out.splitlines())
        if m
    }
    assert rows["csto.members"] == ("membership", "warning")
    assert rows["csto.csc_chair"] == ("role", "error")
    assert rows["casualties.deaths"] == ("quantity", "error")
    assert rows["mission.scope"] == ("statement", "error")
    assert rows["dates.aid_request"] == ("date", "error")
    assert rows["names"] == ("naming", "note")


def timestamp_free_loader() -> type[yaml.SafeLoader]:
    """YAML as an editor sees it: dates stay strings, as the JSON Schema expects."""

    class Loader(yaml.SafeLoader):
        pass

    Loader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return Loader


def test_schema_is_printed_and_accepts_the_shipped_pack(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(["rules", "schema"]) == ExitCode.OK
    out, err = capsys.readouterr()
    assert err == ""
    schema = json.loads(out)
    assert schema == rule_schema()
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)
    files = sorted(RULES.glob("*.yaml"))
    assert files
    for path in files:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=timestamp_free_loader())
        errors = [e.message for e in validator.iter_errors(data)]
        assert errors == [], path.name


def test_schema_rejects_an_unknown_key(capsys: pytest.CaptureFixture[str]) -> None:
    run(["rules", "schema"])
    schema = json.loads(capsys.readouterr().out)
    validator = jsonschema.validators.validator_for(schema)(schema)
    good: dict[str, Any] = {"facts": [{"id": "deaths", "extends": "quantity", "cues": ["killed"]}]}
    typo: dict[str, Any] = {"facts": [{"id": "deaths", "extends": "quantity", "cuez": ["x"]}]}
    assert validator.is_valid(good)
    assert not validator.is_valid(typo)


def test_schema_output_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "rules.schema.json"
    assert run(["rules", "schema", "--output", str(target)]) == ExitCode.OK
    assert capsys.readouterr() == ("", "")
    assert json.loads(target.read_text(encoding="utf-8")) == rule_schema()


def test_rules_test_passes_every_shipped_example(
    in_root: None, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run(["rules", "test"])
    out, err = capsys.readouterr()
    total = len(run_examples(compile_rules([RULES])))
    assert out.splitlines()[-1] == f"{total} passed, 0 failed", out
    assert "FAIL" not in out
    assert (code, err) == (ExitCode.OK, "")
    # every fact has at least one positive and one negative example, so at least two each
    assert total >= 2 * len(DEV_FACT_IDS)


def test_rules_test_reports_a_wrong_example(pack: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mutate(
        pack,
        "casualties.yaml",
        'killed 14 and injured about 90 people.",\n         value: 14}',
        'killed 14 and injured about 90 people.",\n         value: 15}',
    )
    total = len(run_examples(compile_rules([pack])))
    assert run(["rules", "test"]) == ExitCode.RULES_INVALID
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "FAIL casualties.deaths example 1: expected 15, got 14",
        "     On Friday mass riots took place in the oil town which killed 14 and injured about "
        "90 people.",
        f"{total - 1} passed, 1 failed",
    ]


def test_rules_test_requires_a_negative_example(
    pack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mutate(
        pack,
        "names.yaml",
        '      - {text: "Tokayev said a state coup was attempted.", value: null}\n',
        "",
    )
    assert run(["rules", "test"]) == ExitCode.RULES_INVALID
    out = capsys.readouterr().out.splitlines()
    assert "FAIL names examples: no negative example (value: null)" in out
    assert out[-1].endswith(" passed, 1 failed")


# --- the four mistakes ---------------------------------------------------------------------


@dataclass(frozen=True)
class Mistake:
    file: str
    old: str
    new: str
    expected: Callable[[str], str]  # mutated text -> the one located line

    def make(self, pack: Path) -> str:
        return self.expected(mutate(pack, self.file, self.old, self.new))


def _typo(text: str) -> str:
    line = line_of(text, "    holder: [bordyuzha,")
    return (
        f"rules/csto.yaml:{line}: fact 'csto.secretary_general': "
        "unknown key 'holder' (did you mean 'holders'?)"
    )


def _wrong_type(text: str) -> str:
    line = line_of(text, "    threshold: high")
    return (
        f"rules/names.yaml:{line}: fact 'names': field 'threshold': "
        "expected a whole number, got 'high'"
    )


def _bad_regex(text: str) -> str:
    data = yaml.safe_load(text)
    (fact,) = [f for f in data["facts"] if f["id"] == "dates.emergency_lifted"]
    (index,) = [i for i, p in enumerate(fact["patterns"]) if "(?:force|effect\\b" in p]
    line = line_of(text, '"(?i)\\\\bin (?:force|effect\\\\b')
    return (
        f"rules/dates.yaml:{line}: fact 'dates.emergency_lifted': field 'patterns[{index}]': "
        f"invalid RE2 pattern: missing ): {fact['patterns'][index]}"
    )


def _yaml_syntax(text: str) -> str:
    line = line_of(text, "\tscope: event")
    return (
        f"rules/mission.yaml:{line}: YAML syntax error: "
        "found character '\\t' that cannot start any token"
    )


MISTAKES = {
    "typo-in-key": Mistake(
        "csto.yaml", "    holders: [bordyuzha,", "    holder: [bordyuzha,", _typo
    ),
    "wrong-type": Mistake(
        "names.yaml", "    threshold: 85\n", "    threshold: high\n", _wrong_type
    ),
    "bad-regex": Mistake(
        "dates.yaml",
        '"(?i)\\\\bin (?:force|effect)\\\\b',
        '"(?i)\\\\bin (?:force|effect\\\\b',
        _bad_regex,
    ),
    "yaml-syntax": Mistake(
        "mission.yaml", "\n    scope: event\n", "\n\tscope: event\n", _yaml_syntax
    ),
}


@pytest.mark.parametrize("mistake", MISTAKES.values(), ids=MISTAKES.keys())
def test_validate_gives_one_located_line(
    mistake: Mistake, pack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = mistake.make(pack)
    assert run(["rules", "validate"]) == ExitCode.RULES_INVALID
    assert capsys.readouterr() == ("", expected + "\n")


@pytest.mark.parametrize("mistake", MISTAKES.values(), ids=MISTAKES.keys())
@pytest.mark.parametrize(
    "command",
    [
        ["check", str(SEEDS), "--rules", "rules"],
        ["check", str(SEEDS)],  # rules/ of the working folder by default
        ["check", str(SEEDS), "--format", "json"],
        ["facts", str(SEEDS)],
        ["rules", "list"],
        ["rules", "test"],
    ],
    ids=["check", "check-default-rules", "check-json", "facts", "list", "test"],
)
def test_every_command_stops_with_exit_3(
    mistake: Mistake, command: list[str], pack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = mistake.make(pack)
    assert run(command) == ExitCode.RULES_INVALID
    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"factcheck: {expected}\n"
    assert "Traceback" not in err


def test_validate_reports_each_broken_file_once(
    pack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = [m.make(pack) for m in MISTAKES.values()]
    assert run(["rules", "validate"]) == ExitCode.RULES_INVALID
    out, err = capsys.readouterr()
    assert out == ""
    assert sorted(err.splitlines()) == sorted(expected)
