"""Broken and hostile rule files through `factcheck check` and `factcheck rules validate`.

Rule packs are shared between desks and arrive in pull requests, so a rule file is
untrusted input: each mistake is one located line and exit code 3, nothing in a rule
file constructs a Python object or runs code, and no pattern can take more than linear
time on any article.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import re2

from checker.extract.compiled import CompiledRulebook, compile_pattern
from checker.pipeline import compile_rules
from checker.text import split_document
from tests.robustness.helpers import RULES, SEEDS, Factcheck, write

MINIMAL = """\
entities:
  - id: csto
    kind: organization
    name: Collective Security Treaty Organization
    aliases: [CSTO]
events:
  - id: unrest-2022
    name: January 2022 unrest in Kazakhstan
    start: 2022-01-02
    end: 2022-01-31
    cues: [Almaty]
facts:
  - id: deaths
    extends: quantity
    cues: [killed]
"""
FACT_END = "    cues: [killed]\n"  # the last line of MINIMAL, where fact fields are added
FACT_LINE = MINIMAL.count("\n") + 1  # the line a field added after FACT_END lands on

BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8)
)


def with_field(text: str) -> str:
    return MINIMAL.replace(FACT_END, FACT_END + text)


CASES = [
    pytest.param(
        MINIMAL + "  - id: other\n    extends: quantity\n    cues: [killed\n",
        f"{FACT_LINE + 3}: YAML syntax error: expected ',' or ']', but got '<stream end>' "
        f"(while parsing a flow sequence on line {FACT_LINE + 2})",
        id="yaml-syntax",
    ),
    pytest.param(
        "facts:\n\t- id: tab\n",
        "2: YAML syntax error: found character '\\t' that cannot start any token",
        id="yaml-tab",
    ),
    pytest.param(
        with_field("    cues: [dead]\n"),
        f"{FACT_LINE}: duplicate key 'cues' (first on line {FACT_LINE - 1})",
        id="duplicate-key",
    ),
    pytest.param(
        with_field("    tolerence: 0.1\n"),
        f"{FACT_LINE}: fact 'deaths': unknown key 'tolerence' (did you mean 'tolerance'?)",
        id="unknown-key",
    ),
    pytest.param(
        MINIMAL + "rules: []\n",
        f"{FACT_LINE}: unknown key 'rules' (expected entities, countries, events or facts)",
        id="unknown-top-key",
    ),
    pytest.param(
        with_field("    tolerance: abc\n"),
        f"{FACT_LINE}: fact 'deaths': field 'tolerance': expected a number, got 'abc'",
        id="wrong-type",
    ),
    pytest.param(
        MINIMAL.replace("    cues: [killed]\n", "    cues: killed\n"),
        f"{FACT_LINE - 1}: fact 'deaths': field 'cues': expected a list, got 'killed'",
        id="wrong-type-list",
    ),
    pytest.param(
        MINIMAL.replace("extends: quantity", "extends: quantities"),
        f"{FACT_LINE - 2}: fact 'deaths': field 'extends': unknown kind 'quantities' "
        "(expected one of: quantity, membership, date, role, statement, naming)",
        id="unknown-kind",
    ),
    pytest.param(
        BOMB,
        "6: document expands to more than 100,000 values",
        id="billion-laughs",
    ),
    pytest.param(
        "a: &a [x]\n"
        + "".join(f"k{i}: &k{i} [*{'a' if i == 0 else f'k{i - 1}'}]\n" for i in range(12)),
        "10: aliases nested more than 8 deep",
        id="alias-chain",
    ),
    pytest.param(
        "facts: &f\n  - *f\n",
        "2: alias refers to itself",
        id="alias-cycle",
    ),
    pytest.param(
        with_field("    patterns: ['(unclosed']\n"),
        f"{FACT_LINE}: fact 'deaths': field 'patterns[0]': invalid RE2 pattern: "
        "missing ): (unclosed",
        id="invalid-regex",
    ),
    pytest.param(
        with_field("    patterns: ['(\\d+) and \\1']\n"),
        f"{FACT_LINE}: fact 'deaths': field 'patterns[0]': invalid RE2 pattern: "
        "invalid escape sequence: \\1 (RE2 has no backreferences)",
        id="backreference",
    ),
    pytest.param(
        with_field("    patterns: ['killed(?= \\d)']\n"),
        f"{FACT_LINE}: fact 'deaths': field 'patterns[0]': invalid RE2 pattern: "
        "invalid perl operator: (?= (RE2 has no lookahead)",
        id="lookahead",
    ),
    pytest.param(
        with_field("    patterns: ['(?<!not )killed']\n"),
        f"{FACT_LINE}: fact 'deaths': field 'patterns[0]': invalid RE2 pattern: "
        "invalid perl operator: (?<! (RE2 has no lookbehind)",
        id="lookbehind",
    ),
    pytest.param(
        with_field("    patterns: ['(?:\\pL{100}){10}']\n"),
        f"{FACT_LINE}: fact 'deaths': field 'patterns[0]': invalid RE2 pattern: "
        "pattern too large - compile failed",
        id="pattern-too-large",
    ),
    pytest.param(
        MINIMAL
        + "  - id: stance\n    extends: statement\n    items:\n"
        + "      - {id: a, patterns: ['(?P<x>a)(?P=x)']}\n",
        f"{FACT_LINE + 3}: fact 'stance': field 'items[0].patterns[0]': invalid RE2 pattern: "
        "invalid perl operator: (?P (RE2 has no backreferences)",
        id="statement-item-pattern",
    ),
    pytest.param(
        "",
        "the file is empty (expected a mapping with entities, countries, events or facts)",
        id="empty-file",
    ),
    pytest.param(
        b"facts: []\n\x00\x01",
        "2: YAML syntax error: character U+0000 is not allowed",
        id="binary",
    ),
    pytest.param(
        b"facts:\n  - id: caf\xe9\n",
        "2: file is not valid UTF-8 (byte 0xe9)",
        id="not-utf8",
    ),
]


@pytest.mark.parametrize(("text", "message"), CASES)
@pytest.mark.parametrize("command", ["check", "validate"])
def test_rule_file_mistake_is_one_located_line(
    factcheck: Factcheck, tmp_path: Path, command: str, text: str | bytes, message: str
) -> None:
    rules = tmp_path / "rules"
    path = write(rules, "pack.yaml", text)
    if command == "check":
        outcome = factcheck("check", SEEDS, "--rules", rules, "--format", "json")
    else:
        outcome = factcheck("rules", "validate", rules)
    where = f"{path}:" if message[:1].isdigit() else f"{path}: "
    prefix = "factcheck: " if command == "check" else ""
    assert (outcome.code, outcome.out) == (3, "")
    assert outcome.err_lines == [f"{prefix}{where}{message}"]


@pytest.mark.parametrize(
    ("tag", "value"),
    [
        ("!!python/object/apply:os.system", '["touch {marker}"]'),
        ("!!python/object/new:os.system", '["touch {marker}"]'),
        ("!!python/object:builtins.object", "{{}}"),
        ("!!python/name:os.system", "''"),
        ("!!python/module:os", "''"),
        ("!!python/tuple", "[a, b]"),
        ("!ruby/object", "{{}}"),
    ],
)
def test_no_python_object_is_ever_constructed(
    factcheck: Factcheck, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tag: str, value: str
) -> None:
    """The tag is refused at its line before anything is built: no command runs, and no
    constructor of PyYAML's unsafe loaders is even called."""
    import yaml.constructor

    called: list[str] = []
    for name in dir(yaml.constructor.FullConstructor):
        if name.startswith("construct_python"):
            monkeypatch.setattr(
                yaml.constructor.FullConstructor,
                name,
                lambda *args, name=name, **kwargs: called.append(name),
            )
    marker = tmp_path / "pwned"
    rules = tmp_path / "rules"
    write(
        rules,
        "pack.yaml",
        MINIMAL + f"  - id: evil\n    extends: {tag} {value.format(marker=marker)}\n",
    )
    outcome = factcheck("check", SEEDS, "--rules", rules, "--format", "json")
    assert (outcome.code, outcome.out) == (3, "")
    assert outcome.err_lines == [
        f"factcheck: {rules / 'pack.yaml'}:{FACT_LINE + 1}: tag '{tag}' is not allowed "
        "(plain YAML only)"
    ]
    assert not marker.exists()
    assert called == []


def test_an_empty_rules_folder(factcheck: Factcheck, tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "README.md").write_text("no rules here\n", encoding="utf-8")
    outcome = factcheck("check", SEEDS, "--rules", rules, "--format", "json")
    assert (outcome.code, outcome.out) == (3, "")
    assert outcome.err_lines == [f"factcheck: {rules}: no rule files found in {rules}"]


def test_a_missing_rules_folder(factcheck: Factcheck, tmp_path: Path) -> None:
    outcome = factcheck("check", SEEDS, "--rules", tmp_path / "nope", "--format", "json")
    assert (outcome.code, outcome.out) == (3, "")
    assert outcome.err_lines == [f"factcheck: {tmp_path / 'nope'}: no such file or folder"]


def test_two_files_defining_the_same_fact(factcheck: Factcheck, tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    write(rules, "a.yaml", MINIMAL)
    write(rules, "b.yaml", "facts:\n  - id: deaths\n    extends: quantity\n    cues: [dead]\n")
    outcome = factcheck("check", SEEDS, "--rules", rules, "--format", "json")
    assert (outcome.code, outcome.out) == (3, "")
    assert outcome.err_lines == [
        f"factcheck: {rules / 'b.yaml'}:2: fact 'deaths': duplicate fact id, "
        f"first defined at {rules / 'a.yaml'}:{FACT_LINE - 3}"
    ]


def test_every_mistake_in_every_file_at_once(factcheck: Factcheck, tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    write(rules, "a.yaml", with_field("    tolerance: abc\n"))
    write(rules, "b.yaml", "facts: [\n")
    write(rules, "c.yaml", BOMB)
    outcome = factcheck("rules", "validate", rules)
    assert outcome.code == 3
    assert [line.split(": ", 1)[0] for line in outcome.err_lines] == [
        f"{rules / 'a.yaml'}:{FACT_LINE}",
        f"{rules / 'b.yaml'}:2",
        f"{rules / 'c.yaml'}:6",
    ]


# --- RE2: patterns that would backtrack catastrophically run in linear time ----------------

CATASTROPHIC = ["(a+)+$", "(a|aa)+$", "(a|a?)+b", "(\\w+\\s?)+$", "(x+x+)+y", "(.*a){20}"]


DATE_PATTERNS = ["(?P<value>(a+)+$)", "(?P<value>(\\w+\\s?)+$)"]


def flow(patterns: list[str]) -> str:
    """A YAML flow list of single-quoted strings (backslashes stay as written)."""
    return "[" + ", ".join("'" + p.replace("'", "''") + "'" for p in patterns) + "]"


HOSTILE_RULES = (
    "facts:\n"
    "  - id: mission.letters\n"
    "    extends: statement\n"
    "    cues: [the]\n"
    "    items:\n"
    "      - id: runs\n"
    f"        patterns: {flow([*CATASTROPHIC, '(?:a+)+!$'])}\n"
    "  - id: letters.date\n"
    "    extends: date\n"
    "    cues: [killed]\n"
    f"    patterns: {flow(DATE_PATTERNS)}\n"
)


def test_catastrophic_patterns_on_a_megabyte_of_a(factcheck: Factcheck, tmp_path: Path) -> None:
    """Runs of 60 a's, each ending in '!', so every pattern above fails only at the very
    end of a run: exponential for a backtracking engine, linear for RE2.  The run
    completes (no timing assert: a backtracking engine would hang the test)."""
    rules = tmp_path / "rules"
    write(rules, "hostile.yaml", HOSTILE_RULES)
    run = "a" * 60 + "!"
    text = (run + " ") * (1_000_000 // (len(run) + 1))
    write(tmp_path / "corpus", "aaa.txt", text)
    outcome = factcheck("check", tmp_path / "corpus", "--rules", rules, "--format", "json")
    assert outcome.code == 0
    assert outcome.err_lines == ["aaa.txt: no publication date: compared by in-text dates only"]
    claims = outcome.claims_of("aaa.txt")  # the item's patterns matched, once a sentence
    assert len(claims) == len(split_document(text).sentences) > 900
    assert {(c["fact"], c["value"]["item"]) for c in claims} == {("mission.letters", "runs")}
    assert all(set(c["raw"]) <= set("a! ") for c in claims)


@pytest.mark.parametrize("pattern", CATASTROPHIC)
def test_a_catastrophic_pattern_on_one_megabyte_string(pattern: str) -> None:
    text = "a" * 1_000_000 + "!"
    compiled = compile_pattern(pattern)
    assert isinstance(compiled.regex, re2._Regexp)
    compiled.matches(text)  # completes


def test_every_user_pattern_runs_on_re2() -> None:
    """Fact patterns and statement item patterns of the shipped pack and of a pack with
    both kinds: all compiled by RE2, none by `re`."""
    for compiled in (compile_rules([RULES]), _hostile_pack()):
        patterns = [p for fact in compiled.facts.values() for p in fact.all_patterns]
        assert patterns
        assert all(isinstance(p.regex, re2._Regexp) for p in patterns)


def _hostile_pack() -> CompiledRulebook:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        write(Path(folder), "hostile.yaml", HOSTILE_RULES)
        return compile_rules([Path(folder)])
