"""Settings files: where they are found, how they are read, how mistakes are reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.config import (
    Config,
    ConfigInvalid,
    discover_config,
    find_config,
    line_of,
    load_config,
)
from checker.model import Level


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_no_settings_file_means_defaults(tmp_path: Path) -> None:
    assert discover_config(tmp_path) == Config()


def test_search_goes_upwards(tmp_path: Path) -> None:
    own = write(tmp_path / "factcheck.toml", 'corpus = "articles"\n')
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    assert find_config(deep) == (own, ())


def test_factcheck_toml_wins_over_pyproject_in_one_folder(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.factcheck]\ncorpus = ["py"]\n')
    write(tmp_path / "factcheck.toml", 'corpus = ["own"]\n')
    assert discover_config(tmp_path).corpus == (tmp_path / "own",)


def test_pyproject_without_the_table_does_not_stop_the_search(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.factcheck]\nfail_on = "error"\n')
    inner = write(tmp_path / "pkg" / "pyproject.toml", '[project]\nname = "x"\n').parent
    config = discover_config(inner)
    assert (config.source, config.fail_on) == (tmp_path / "pyproject.toml", "error")


def test_nearer_file_wins(tmp_path: Path) -> None:
    write(tmp_path / "factcheck.toml", 'fail_on = "error"\n')
    inner = write(tmp_path / "sub" / "pyproject.toml", '[tool.factcheck]\nfail_on = "note"\n')
    assert discover_config(inner.parent).fail_on == "note"


def test_everything_is_read_and_paths_are_relative_to_the_file(tmp_path: Path) -> None:
    path = write(
        tmp_path / "repo" / "factcheck.toml",
        'corpus = ["articles", "wire"]\n'
        'rules = "rules"\n'
        'fail_on = "error"\n'
        'format = "sarif"\n'
        'baseline = ".factcheck/baseline.json"\n'
        'reviews = "reviews.yaml"\n'
        "\n"
        "[levels]\n"
        '"casualties.deaths" = "warning"\n'
        "names = 'note'\n",
    )
    base = path.parent
    config = load_config(path)
    assert config.corpus == (base / "articles", base / "wire")
    assert config.rules == (base / "rules",)
    assert (config.fail_on, config.format) == ("error", "sarif")
    assert config.baseline == base / ".factcheck/baseline.json"
    assert config.reviews == base / "reviews.yaml"
    assert config.levels == {"casualties.deaths": Level.WARNING, "names": Level.NOTE}
    assert config.where("names") == f"{path}:10"


def test_unknown_key_is_located(tmp_path: Path) -> None:
    path = write(tmp_path / "factcheck.toml", 'corpus = "a"\n\nfail-on = "error"\n')
    with pytest.raises(ConfigInvalid) as raised:
        load_config(path)
    message = str(raised.value)
    assert message.startswith(f"{path}:3: unknown key 'fail-on'; known keys: corpus, rules,")
    assert "\n" not in message


def test_unknown_key_in_pyproject_names_the_table(tmp_path: Path) -> None:
    write(
        tmp_path / "pyproject.toml",
        '[project]\nname = "x"\n\n[tool.factcheck]\ncorpus = "a"\nrulez = "r"\n',
    )
    with pytest.raises(ConfigInvalid, match=r":6: \[tool\.factcheck\] unknown key 'rulez'"):
        discover_config(tmp_path)


def test_bad_value_is_located(tmp_path: Path) -> None:
    path = write(tmp_path / "factcheck.toml", '[levels]\n"casualties.deaths" = "fatal"\n')
    with pytest.raises(ConfigInvalid) as raised:
        load_config(path)
    assert str(raised.value).startswith(f"{path}:2: key 'levels.casualties.deaths': Input should")


def test_invalid_toml(tmp_path: Path) -> None:
    path = write(tmp_path / "factcheck.toml", "corpus = [\n")
    with pytest.raises(ConfigInvalid, match="not valid TOML"):
        load_config(path)


@pytest.mark.parametrize(
    ("text", "table", "key", "line"),
    [
        ("a = 1\nb = 2\n", (), "b", 2),
        ("[tool.factcheck]\n'b' = 2\n", ("tool", "factcheck"), "b", 2),
        ('[ tool . "factcheck" ]  # settings\nx=1\n', ("tool", "factcheck"), "x", 2),
        ("[tool.factcheck]\n[tool.factcheck.levels]\nx = 1\n", ("tool", "factcheck"), "levels", 2),
        ("[other]\nb = 2\n", (), "b", None),
    ],
)
def test_line_of(text: str, table: tuple[str, ...], key: str, line: int | None) -> None:
    assert line_of(text, table, key) == line
