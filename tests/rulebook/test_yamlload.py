"""Safe, located YAML loading: lines for every key and item, and no way to run code or
exhaust memory from a rule file."""

from __future__ import annotations

import datetime
import time

import pytest

from checker.rulebook.yamlload import MAX_ALIAS_DEPTH, YamlError, load_yaml


def error_of(text: str) -> str:
    with pytest.raises(YamlError) as caught:
        load_yaml(text, "rules/a.yaml")
    return str(caught.value)


def test_plain_data_with_lines() -> None:
    text = "facts:\n  - id: deaths\n    tolerance: 0.5\n    start: 2022-01-02\n  - id: other\n"
    located = load_yaml(text, "rules/a.yaml")
    assert located.data == {
        "facts": [
            {"id": "deaths", "tolerance": 0.5, "start": datetime.date(2022, 1, 2)},
            {"id": "other"},
        ]
    }
    assert located.lines[("facts",)] == 1
    assert located.lines[("facts", 0)] == 2
    assert located.lines[("facts", 0, "tolerance")] == 3
    assert located.lines[("facts", 1, "id")] == 5


def test_line_of_missing_key_is_its_parent() -> None:
    located = load_yaml("facts:\n  - id: deaths\n    extends: quantity\n", "a.yaml")
    assert located.line_of(("facts", 0, "quantity", "subject")) == 2


def test_keys_are_always_text() -> None:
    assert load_yaml("no: 1\n2022-01-02: x\n", "a.yaml").data == {"no": 1, "2022-01-02": "x"}


def test_empty_document_is_none() -> None:
    assert load_yaml("# only a comment\n", "a.yaml").data is None


def test_duplicate_key_names_both_lines() -> None:
    text = "facts:\n  - id: a\n    cues: [x]\n    cues: [y]\n"
    assert error_of(text) == "rules/a.yaml:4: duplicate key 'cues' (first on line 3)"


def test_syntax_error_is_located() -> None:
    text = "facts:\n  - id: a\n    message: one: two\n"
    assert (
        error_of(text) == "rules/a.yaml:3: YAML syntax error: mapping values are not allowed here"
    )


def test_syntax_error_with_context_on_another_line() -> None:
    assert error_of("facts:\n  - a\n  - b\n oops: 2\n") == (
        "rules/a.yaml:4: YAML syntax error: expected <block end>, but found "
        "'<block mapping start>' (while parsing a block mapping on line 1)"
    )


def test_two_documents_are_refused() -> None:
    assert error_of("a: 1\n---\nb: 2\n") == (
        "rules/a.yaml:2: YAML syntax error: expected a single document in the stream, "
        "but found another document"
    )


def test_control_character_is_located() -> None:
    assert error_of("a: 1\nb: \x07\n") == (
        "rules/a.yaml:2: YAML syntax error: character U+0007 is not allowed"
    )


def test_python_object_tag_never_runs(tmp_path: pytest.TempPathFactory) -> None:
    text = "facts:\n  - !!python/object/apply:os.system ['touch /tmp/factcheck-pwned']\n"
    assert error_of(text) == (
        "rules/a.yaml:2: tag '!!python/object/apply:os.system' is not allowed (plain YAML only)"
    )


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ("a: !!python/name:os.system\n", "!!python/name:os.system"),
        ("a: !!set {x: null}\n", "!!set"),
        ("a: !!binary aGk=\n", "!!binary"),
        ("a: !custom x\n", "!custom"),
        ("!!python/str key: x\n", "!!python/str"),
    ],
)
def test_other_tags_are_refused(text: str, tag: str) -> None:
    assert error_of(text) == f"rules/a.yaml:1: tag '{tag}' is not allowed (plain YAML only)"


def test_invalid_date_is_located() -> None:
    assert error_of("a:\n  start: 2022-02-30\n") == (
        "rules/a.yaml:2: invalid date '2022-02-30': day is out of range for month"
    )


def test_complex_key_is_refused() -> None:
    assert error_of("? [a, b]\n: 1\n") == (
        "rules/a.yaml:1: a mapping key must be a plain value, not a list or mapping"
    )


def test_aliases_and_merge_keys_work() -> None:
    text = (
        "base: &base {cues: [killed], tolerance: 0.1}\n"
        "fact:\n"
        "  <<: *base\n"
        "  tolerance: 0.2\n"
        "again: *base\n"
    )
    located = load_yaml(text, "a.yaml")
    assert located.data["fact"] == {"cues": ["killed"], "tolerance": 0.2}
    assert located.data["again"] == {"cues": ["killed"], "tolerance": 0.1}
    assert located.lines[("fact", "tolerance")] == 4
    assert located.lines[("fact", "cues")] == 1  # merged: where it was written


def test_billion_laughs_fails_fast() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]")
    started = time.perf_counter()
    message = error_of("\n".join(lines) + "\n")
    assert time.perf_counter() - started < 1.0
    assert message == "rules/a.yaml:6: document expands to more than 100,000 values"


def test_deep_alias_chain_is_refused() -> None:
    lines = ["a0: &a0 [x]"]
    lines += [f"a{i}: &a{i} [*a{i - 1}]" for i in range(1, MAX_ALIAS_DEPTH + 2)]
    assert error_of("\n".join(lines) + "\n") == (
        f"rules/a.yaml:{MAX_ALIAS_DEPTH + 2}: aliases nested more than {MAX_ALIAS_DEPTH} deep"
    )


def test_merge_bomb_fails_fast() -> None:
    lines = ["a: &a {x: 1, y: 2}"]
    for prev, name in zip("abcd", "bcde", strict=True):
        lines.append(f"{name}: &{name} {{<<: [{', '.join([f'*{prev}'] * 40)}]}}")
    started = time.perf_counter()
    message = error_of("\n".join(lines) + "\n")
    assert time.perf_counter() - started < 1.0
    assert message.endswith("document expands to more than 100,000 values")


def test_recursive_alias_is_refused() -> None:
    assert error_of("a: &a [1, *a]\n") == "rules/a.yaml:1: alias refers to itself"


def test_recursive_merge_is_refused() -> None:
    assert error_of("a: &a {x: 1, <<: *a}\n") == (
        "rules/a.yaml:1: '<<' merges a mapping into itself"
    )


def test_deep_nesting_is_refused() -> None:
    message = error_of("a: " + "[" * 100 + "]" * 100 + "\n")
    assert message == "rules/a.yaml:1: collections nested more than 64 deep"
