"""Loading rule files: one exact, located line per mistake, and a Rulebook when all is well.

Most error cases are data in cases/*.yaml (sqlfluff-style), run by one parametrized test;
the ones here need Python (bytes, timing, the Rulebook API).
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from checker.rulebook.loader import (
    TOP_KEYS,
    RuleError,
    RulesInvalid,
    load_rulebook,
    validate,
)
from checker.rulebook.models import MembershipFact, QuantityFact, RuleFile

CASES = Path(__file__).parent / "cases"

MINIMAL = """\
entities:
  - id: csto
    kind: organization
    name: Collective Security Treaty Organization
    aliases: [CSTO]
countries:
  aliases: {Russia: [Russian Federation]}
events:
  - id: unrest-2022
    name: January 2022 unrest in Kazakhstan
    start: 2022-01-02
    end: 2022-01-31
facts:
  - id: csto.members
    extends: membership
    subject: csto
    timeline:
      - {date: 1992-05-15, set: [Armenia, Kazakhstan, Russia]}
  - id: deaths
    extends: quantity
    cues: [killed]
"""

Write = Callable[..., list[str]]


@pytest.fixture
def rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Write:
    """Write files into tmp/rules and return the rendered errors for that folder."""
    monkeypatch.chdir(tmp_path)
    folder = Path("rules")
    folder.mkdir()

    def write(**files: str | bytes) -> list[str]:
        for name, text in files.items():
            data = text.encode() if isinstance(text, str) else text
            (folder / name.replace("_", ".", 1)).write_bytes(data)
        return [error.render() for error in validate([folder])]

    return write


# --- the catalogue of mistakes ----------------------------------------------------------


def load_cases() -> list[Any]:
    cases = []
    for file in sorted(CASES.glob("*.yaml")):
        for name, case in yaml.safe_load(file.read_text(encoding="utf-8")).items():
            cases.append(pytest.param(case, id=f"{file.stem}:{name}"))
    return cases


@pytest.mark.parametrize("case", load_cases())
def test_case(case: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("rules").mkdir()
    for name, text in case["files"].items():
        Path("rules", name).write_text(text, encoding="utf-8")
    assert [error.render() for error in validate([Path("rules")])] == case["errors"]


# --- the brief's named cases, spelt out -------------------------------------------------


def test_typo_key_suggests_the_right_one(rules: Write) -> None:
    text = "facts:\n  - id: deaths\n    extends: quantity\n    tolerence: 0.02\n"
    assert rules(a_yaml=text) == [
        "rules/a.yaml:4: fact 'deaths': unknown key 'tolerence' (did you mean 'tolerance'?)"
    ]


def test_wrong_type_is_readable(rules: Write) -> None:
    text = "facts:\n  - id: deaths\n    extends: quantity\n    tolerance: abc\n"
    assert rules(a_yaml=text) == [
        "rules/a.yaml:4: fact 'deaths': field 'tolerance': expected a number, got 'abc'"
    ]


def test_bad_regex(rules: Write) -> None:
    text = "facts:\n  - id: deaths\n    extends: quantity\n    patterns: ['(\\d+']\n"
    assert rules(a_yaml=text) == [
        "rules/a.yaml:4: fact 'deaths': field 'patterns[0]': invalid RE2 pattern: missing ): (\\d+"
    ]


def test_lookahead_regex_is_not_re2(rules: Write) -> None:
    text = "facts:\n  - id: deaths\n    extends: quantity\n    patterns:\n      - 'x(?=y)'\n"
    assert rules(a_yaml=text) == [
        "rules/a.yaml:5: fact 'deaths': field 'patterns[0]': "
        "invalid RE2 pattern: invalid perl operator: (?= (RE2 has no lookahead)"
    ]


def test_yaml_syntax_error(rules: Write) -> None:
    text = "facts:\n  - id: deaths\n    message: one: two\n"
    assert rules(a_yaml=text) == [
        "rules/a.yaml:3: YAML syntax error: mapping values are not allowed here"
    ]


def test_duplicate_key(rules: Write) -> None:
    text = "facts:\n  - id: deaths\n    extends: quantity\n    extends: date\n"
    assert rules(a_yaml=text) == ["rules/a.yaml:4: duplicate key 'extends' (first on line 3)"]


def test_duplicate_fact_id_across_files(rules: Write) -> None:
    fact = "facts:\n  - id: deaths\n    extends: quantity\n"
    assert rules(a_yaml=fact, b_yaml="# same id\n" + fact) == [
        "rules/b.yaml:3: fact 'deaths': duplicate fact id, first defined at rules/a.yaml:2"
    ]


def test_unknown_entity_reference(rules: Write) -> None:
    text = MINIMAL.replace("subject: csto", "subject: cst0")
    assert rules(a_yaml=text) == [
        "rules/a.yaml:16: fact 'csto.members': field 'subject': "
        "unknown entity 'cst0' (did you mean 'csto'?)"
    ]


def test_unknown_country_in_timeline(rules: Write) -> None:
    text = MINIMAL.replace("Armenia, Kazakhstan", "Armenia, Kazakstan, Narnia")
    assert rules(a_yaml=text) == [
        "rules/a.yaml:18: fact 'csto.members': field 'timeline[0].set[1]': "
        "unknown country 'Kazakstan' (did you mean 'Kazakhstan'?)",
        "rules/a.yaml:18: fact 'csto.members': field 'timeline[0].set[2]': "
        "unknown country 'Narnia' (not in pycountry or countries.aliases)",
    ]


def test_python_object_tag(rules: Write, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = f"facts:\n  - !!python/object/apply:os.system ['touch {marker}']\n"
    assert rules(a_yaml=text) == [
        "rules/a.yaml:2: tag '!!python/object/apply:os.system' is not allowed (plain YAML only)"
    ]
    assert not marker.exists()


def test_alias_bomb_fails_fast(rules: Write) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]")
    assert rules(a_yaml="\n".join(lines)) == [
        "rules/a.yaml:6: document expands to more than 100,000 values"
    ]


def test_empty_folder(rules: Write) -> None:
    assert rules() == ["rules: no rule files found in rules"]


def test_folder_without_rule_files(rules: Write) -> None:
    assert rules(notes_txt="not rules") == ["rules: no rule files found in rules"]


def test_missing_path(tmp_path: Path) -> None:
    errors = validate([tmp_path / "nowhere"])
    assert [error.render() for error in errors] == [
        f"{tmp_path / 'nowhere'}: no such file or folder"
    ]


def test_non_utf8_file(rules: Write) -> None:
    assert rules(a_yaml=b"facts:\n  - id: caf\xe9\n") == [
        "rules/a.yaml:2: file is not valid UTF-8 (byte 0xe9)"
    ]


def test_every_file_is_checked(rules: Write) -> None:
    assert rules(a_yaml="facts: [\n", b_yaml="fact: []\n", c_yaml="- 1\n") == [
        "rules/a.yaml:2: YAML syntax error: expected the node content, but found '<stream end>'",
        "rules/b.yaml:1: unknown key 'fact' (did you mean 'facts'?)",
        "rules/c.yaml:1: expected a mapping with entities, countries, events or facts "
        "at the top level, got a list",
    ]


# --- a valid rulebook -------------------------------------------------------------------


def test_minimal_file_loads(rules: Write) -> None:
    assert rules(a_yaml=MINIMAL) == []
    book = load_rulebook([Path("rules")])
    assert [fact.id for fact in book.facts] == ["csto.members", "deaths"]
    assert isinstance(book.fact("csto.members"), MembershipFact)
    assert isinstance(book.fact("deaths"), QuantityFact)
    assert book.origins == {"csto.members": ("rules/a.yaml", 14), "deaths": ("rules/a.yaml", 19)}
    assert book.entities["csto"].aliases == ["CSTO"]
    assert book.events["unrest-2022"].name == "January 2022 unrest in Kazakhstan"
    assert book.country_aliases == {"Russia": ("Russian Federation",)}
    assert book.files == ("rules/a.yaml",)
    assert len(book.sha256) == 64


def test_unknown_fact_lookup_raises_key_error(rules: Write) -> None:
    rules(a_yaml=MINIMAL)
    with pytest.raises(KeyError, match="unknown fact 'nope'"):
        load_rulebook([Path("rules")]).fact("nope")


def test_files_in_name_order_and_aliases_merged(rules: Write) -> None:
    later = "countries:\n  aliases:\n    Russia: [Russian Federation, RF]\nfacts: []\n"
    rules(b_yaml=MINIMAL, a_yml=later)
    book = load_rulebook([Path("rules")])
    assert book.files == ("rules/a.yml", "rules/b.yaml")
    assert book.country_aliases == {"Russia": ("Russian Federation", "RF")}


def test_files_and_folders_are_deduplicated(rules: Write) -> None:
    rules(a_yaml=MINIMAL)
    book = load_rulebook([Path("rules"), Path("rules/a.yaml")])
    assert book.files == ("rules/a.yaml",)


def test_hash_follows_content_not_how_the_path_is_written(rules: Write) -> None:
    rules(a_yaml=MINIMAL)
    first = load_rulebook([Path("rules")]).sha256
    assert load_rulebook([Path("rules").resolve()]).sha256 == first
    Path("rules/a.yaml").write_text(MINIMAL + "# a comment\n", encoding="utf-8")
    assert load_rulebook([Path("rules")]).sha256 != first


def test_rulebook_pickles_for_worker_processes(rules: Write) -> None:
    rules(a_yaml=MINIMAL)
    book = load_rulebook([Path("rules")])
    copy = pickle.loads(pickle.dumps(book))
    assert copy == book
    assert copy.fact("deaths") == book.fact("deaths")


def test_rules_invalid_lists_every_error(rules: Write) -> None:
    rules(a_yaml="fact: []\n", b_yaml="facts: [\n")
    with pytest.raises(RulesInvalid) as caught:
        load_rulebook([Path("rules")])
    assert [error.path for error in caught.value.errors] == ["rules/a.yaml", "rules/b.yaml"]
    assert str(caught.value) == "\n".join(error.render() for error in caught.value.errors)


RENDERED = [
    (
        RuleError("r/a.yaml", 3, "x", "tolerance", "bad"),
        "r/a.yaml:3: fact 'x': field 'tolerance': bad",
    ),
    (RuleError("r/a.yaml", None, "x", None, "bad"), "r/a.yaml: fact 'x': bad"),
    (RuleError("r/a.yaml", 2, None, None, "bad"), "r/a.yaml:2: bad"),
    (RuleError("r/a.yaml", 2, "csto", None, "bad", "entity"), "r/a.yaml:2: entity 'csto': bad"),
]


@pytest.mark.parametrize(("error", "line"), RENDERED)
def test_render(error: RuleError, line: str) -> None:
    assert error.render() == line


def test_loader_sections_match_the_model() -> None:
    assert set(TOP_KEYS) == set(RuleFile.model_fields)
