"""Safe loading: nothing the tool reads can construct a Python object or run code, and
no file can make it expand aliases or nesting without bound.

Two halves: an audit of the source (every YAML load goes through a safe loader, no
pickle, eval or exec), and each kind of file the tool reads - rules, `corpus.yaml`,
front matter, gold files, `reviews.yaml`, baselines, claims files and settings - fed
a Python tag, an alias bomb or absurd nesting through the CLI.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest
import yaml
from yaml.constructor import FullConstructor, SafeConstructor

from tests.robustness.helpers import REPO, RULES, SEEDS, Factcheck, write

PACKAGE = REPO / "checker"
UNSAFE_YAML = {
    "load_all",
    "full_load",
    "full_load_all",
    "unsafe_load",
    "unsafe_load_all",
    "Loader",
    "FullLoader",
    "UnsafeLoader",
    "CLoader",
    "CFullLoader",
    "CUnsafeLoader",
    "Constructor",
    "FullConstructor",
    "UnsafeConstructor",
}
SAFE_RUAMEL = {"rt", "safe"}

BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8)
)
DEEP_JSON = "[" * 100_000 + "]" * 100_000


# --- the source ---------------------------------------------------------------------------


def _modules() -> list[tuple[str, ast.Module]]:
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        name = ".".join(path.relative_to(REPO).with_suffix("").parts)
        out.append((name.removesuffix(".__init__"), ast.parse(path.read_text(encoding="utf-8"))))
    return out


def _yaml_loads(tree: ast.Module) -> list[ast.Call]:
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "load"
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "yaml"
    ]


def test_no_unsafe_yaml_api_is_used() -> None:
    found = [
        f"{module}:{node.lineno}: yaml.{node.attr}"
        for module, tree in _modules()
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and node.attr in UNSAFE_YAML
        and isinstance(node.value, ast.Name)
        and node.value.id == "yaml"
    ]
    assert found == []


def test_every_yaml_load_uses_a_safe_constructor() -> None:
    """`yaml.load(..., Loader=X)`: X builds only plain YAML types (SafeConstructor, and not
    FullConstructor, which is a SafeConstructor that builds Python objects)."""
    seen = 0
    for module, tree in _modules():
        for call in _yaml_loads(tree):
            loader = next((k.value for k in call.keywords if k.arg == "Loader"), None)
            assert isinstance(loader, ast.Name), f"{module}:{call.lineno}: Loader by name"
            cls = getattr(importlib.import_module(module), loader.id)
            assert issubclass(cls, SafeConstructor), f"{module}:{call.lineno}"
            assert not issubclass(cls, FullConstructor), f"{module}:{call.lineno}"
            seen += 1
    assert seen >= 1  # the manifest's fast path (checker.scan)


def test_ruamel_only_in_round_trip_or_safe_mode() -> None:
    modes = []
    for module, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "YAML":
                typ = next((k.value for k in node.keywords if k.arg == "typ"), None)
                assert isinstance(typ, ast.Constant), f"{module}:{node.lineno}"
                modes.append(typ.value)
    assert modes and set(modes) <= SAFE_RUAMEL


def test_no_pickle_marshal_eval_or_exec() -> None:
    bad = []
    for module, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [a.name for a in node.names] + [getattr(node, "module", None) or ""]
                bad += [
                    f"{module}: import {n}"
                    for n in names
                    if n in {"pickle", "marshal", "shelve", "dill"}
                ]
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in {"eval", "exec"}:
                bad.append(f"{module}:{node.lineno}: {node.func.id}")  # type: ignore[attr-defined]
    assert bad == []


def test_the_shared_loader_refuses_every_python_tag() -> None:
    from checker.rulebook.yamlload import YamlError, load_yaml

    for tag in ("!!python/object/apply:os.system", "!!python/name:os.system", "!!binary"):
        with pytest.raises(YamlError, match="is not allowed"):
            load_yaml(f"x: {tag} [a]\n", "t.yaml")
    assert yaml.safe_load("x: 1") == {"x": 1}  # PyYAML itself is still importable and safe


# --- every file the tool reads --------------------------------------------------------------


@pytest.fixture
def marker(tmp_path: Path) -> Path:
    return tmp_path / "pwned"


def evil(marker: Path) -> str:
    return f'!!python/object/apply:os.system ["touch {marker}"]'


def test_gold_file(factcheck: Factcheck, tmp_path: Path, marker: Path) -> None:
    gold = write(tmp_path, "gold.yaml", f"articles: {evil(marker)}\n")
    outcome = factcheck("eval", "--gold", gold, SEEDS, "--rules", RULES)
    assert (outcome.code, outcome.out) == (2, "")
    assert outcome.err_lines == [
        f"factcheck: {gold}:1: tag '!!python/object/apply:os.system' is not allowed "
        "(plain YAML only)"
    ]
    assert not marker.exists()
    write(tmp_path, "gold.yaml", BOMB)
    outcome = factcheck("eval", "--gold", gold, SEEDS, "--rules", RULES)
    assert outcome.code == 2
    assert outcome.err_lines == [
        f"factcheck: {gold}:6: document expands to more than 100,000 values"
    ]


def test_reviews_file_cannot_run_code(factcheck: Factcheck, tmp_path: Path, marker: Path) -> None:
    reviews = write(tmp_path, "reviews.yaml", f"reviews:\n  abcdef12: {evil(marker)}\n")
    outcome = factcheck("check", SEEDS, "--rules", RULES, "--reviews", reviews, "--format", "json")
    assert (outcome.code, outcome.out) == (2, "")
    assert outcome.err_lines == [
        f"factcheck: {reviews}:2: review 'abcdef12': field 'entry': "
        "Input should be a valid dictionary or instance of _Entry"
    ]
    assert not marker.exists()


def test_reviews_file_alias_bomb(factcheck: Factcheck, tmp_path: Path) -> None:
    """ruamel shares aliased nodes, but turning an entry into plain data copied them:
    this file hung the check before the expansion was bounded."""
    bomb = "".join(f"      {line}\n" for line in BOMB.splitlines())
    text = f"reviews:\n  abcdef12:\n    status: confirmed\n    note: x\n    extra:\n{bomb}"
    reviews = write(tmp_path, "reviews.yaml", text)
    outcome = factcheck("check", SEEDS, "--rules", RULES, "--reviews", reviews, "--format", "json")
    assert (outcome.code, outcome.out) == (2, "")
    assert outcome.err_lines == [
        f"factcheck: {reviews}:2: review 'abcdef12': expands to more than 100,000 values (aliases)"
    ]


def test_baseline_nested_too_deeply(factcheck: Factcheck, tmp_path: Path) -> None:
    baseline = write(tmp_path, "baseline.json", DEEP_JSON)
    outcome = factcheck(
        "check", SEEDS, "--rules", RULES, "--baseline", baseline, "--format", "json"
    )
    assert (outcome.code, outcome.out) == (2, "")
    assert outcome.err_lines == [f"factcheck: {baseline}: not valid JSON: nested too deeply"]


def test_claims_file_nested_too_deeply(factcheck: Factcheck, tmp_path: Path) -> None:
    claims = write(tmp_path, "claims.jsonl", DEEP_JSON + "\n")
    outcome = factcheck("compare", claims, "--rules", RULES)
    assert (outcome.code, outcome.out) == (2, "")
    assert outcome.err_lines == [f"factcheck: {claims}:1: not JSON (nested too deeply)"]


def test_settings_nested_too_deeply(factcheck: Factcheck, tmp_path: Path) -> None:
    settings = write(Path.cwd(), "factcheck.toml", "corpus = " + DEEP_JSON + "\n")
    outcome = factcheck("check", SEEDS, "--rules", RULES, "--format", "json")
    assert (outcome.code, outcome.out) == (2, "")
    assert outcome.err_lines == [f"factcheck: {settings}: not valid TOML: nested too deeply"]


@pytest.mark.parametrize("where", ["rules", "manifest"])
def test_yaml_nested_too_deeply(factcheck: Factcheck, tmp_path: Path, where: str) -> None:
    deep = "[" * 20_000 + "]" * 20_000
    if where == "rules":
        rules = write(tmp_path / "rules", "deep.yaml", f"facts: {deep}\n").parent
        outcome = factcheck("rules", "validate", rules)
        assert outcome.code == 3
        assert outcome.err_lines == [
            f"{rules / 'deep.yaml'}: YAML syntax error: collections nested too deeply"
        ]
    else:
        from tests.robustness.helpers import check_json, copy_seeds

        corpus = copy_seeds(tmp_path / "corpus")
        (corpus / "corpus.yaml").write_text(f"articles: {deep}\n", encoding="utf-8")
        outcome = check_json(factcheck, corpus)
        assert outcome.code == 1  # the articles are still checked, dated by their datelines
        assert (
            outcome.err_lines[0] == "corpus.yaml: YAML syntax error: collections nested too deeply"
        )
        assert len(outcome.report()["articles"]) == 5
