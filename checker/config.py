"""Project settings: `factcheck.toml` or `[tool.factcheck]` in `pyproject.toml`.

A corpus repository states once where its articles, rules and baseline live, so that a
bare `factcheck check` (in a pre-commit hook, in CI, on a laptop) does the same thing
everywhere.  The file is found by searching from the current folder upwards; in one
folder `factcheck.toml` wins over `pyproject.toml`, and a `pyproject.toml` without a
`[tool.factcheck]` table does not stop the search.  Paths in the file are relative to
the file, not to wherever the command runs.  Command-line flags always win (the CLI
asks for a setting only when its flag is absent).

Unknown keys are errors naming file, line and key: a misspelt `fail-on` that silently
did nothing would make CI pass when it should fail.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from checker.model import Level

CONFIG_NAME = "factcheck.toml"
PYPROJECT = "pyproject.toml"
TOOL_TABLE = ("tool", "factcheck")


class ConfigInvalid(Exception):
    """A settings file that cannot be used; the message is one located line."""


@dataclass(frozen=True, slots=True)
class Config:
    """Resolved settings; empty tuples and None mean "not configured, use the default"."""

    source: Path | None = None
    corpus: tuple[Path, ...] = ()
    rules: tuple[Path, ...] = ()
    fail_on: str | None = None
    format: str | None = None
    baseline: Path | None = None
    reviews: Path | None = None
    levels: Mapping[str, Level] = field(default_factory=dict)
    level_lines: Mapping[str, int] = field(default_factory=dict)  # where each override is

    def where(self, fact_id: str) -> str:
        """`file:line` of a level override, for messages about it."""
        line = self.level_lines.get(fact_id)
        return f"{self.source}:{line}" if line else str(self.source)


class _Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    corpus: list[str] | None = None
    rules: list[str] | None = None
    fail_on: Literal["error", "warning", "note", "never"] | None = None
    format: str | None = None
    baseline: str | None = None
    reviews: str | None = None
    levels: dict[str, Literal["error", "warning", "note"]] = {}

    @field_validator("corpus", "rules", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        """`corpus = "articles"` reads as naturally as `corpus = ["articles"]`."""
        return [value] if isinstance(value, str) else value


# --- finding the file -----------------------------------------------------------------


def find_config(start: Path) -> tuple[Path, tuple[str, ...]] | None:
    """The nearest settings file at or above `start`, with the table its settings are in."""
    for folder in (start, *start.parents):
        own = folder / CONFIG_NAME
        if own.is_file():
            return own, ()
        project = folder / PYPROJECT
        if project.is_file() and _has_tool_table(project):
            return project, TOOL_TABLE
    return None


def _has_tool_table(path: Path) -> bool:
    """Whether a pyproject.toml configures factcheck; a broken one is reported when it does."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return re.search(r"^\s*\[\s*tool\.factcheck\s*[\].]", text, re.MULTILINE) is not None


def discover_config(start: Path | None = None) -> Config:
    """Settings for a command run in `start` (default: the current folder), or none."""
    found = find_config((start or Path.cwd()).absolute())
    return Config() if found is None else load_config(*found)


# --- reading it -----------------------------------------------------------------------


def load_config(path: Path, table: Sequence[str] = ()) -> Config:
    """Read, validate and resolve one settings file; raises `ConfigInvalid`."""
    try:
        text = path.read_text(encoding="utf-8")
        data: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as bad:
        raise ConfigInvalid(f"{path}: not valid TOML: {bad}") from None
    except RecursionError:  # [[[[... deeper than the parser recurses
        raise ConfigInvalid(f"{path}: not valid TOML: nested too deeply") from None
    except (OSError, UnicodeDecodeError) as bad:
        raise ConfigInvalid(f"{path}: cannot read settings: {bad}") from None
    for key in table:
        data = data.get(key, {})
    try:
        settings = _Settings.model_validate(data)
    except ValidationError as invalid:
        raise ConfigInvalid(_located(invalid, path, text, tuple(table))) from None
    return _resolve(settings, path, text, tuple(table))


def _resolve(settings: _Settings, path: Path, text: str, table: tuple[str, ...]) -> Config:
    """Paths relative to the file's folder; levels as `Level`, with their lines."""
    base = path.parent

    def at(value: str | None) -> Path | None:
        return None if value is None else base / value

    return Config(
        source=path,
        corpus=tuple(base / p for p in settings.corpus or ()),
        rules=tuple(base / p for p in settings.rules or ()),
        fail_on=settings.fail_on,
        format=settings.format,
        baseline=at(settings.baseline),
        reviews=at(settings.reviews),
        levels={fact: Level(level) for fact, level in settings.levels.items()},
        level_lines={
            fact: line_of(text, (*table, "levels"), fact) or 0 for fact in settings.levels
        },
    )


def _located(invalid: ValidationError, path: Path, text: str, table: tuple[str, ...]) -> str:
    """The first error as `file:line: [table] key 'x': what is wrong`."""
    error = invalid.errors()[0]
    keys = [str(part) for part in error["loc"] if not isinstance(part, int)]
    line = _line_for(text, table, keys)
    where = f"{path}:{line}" if line else str(path)
    section = f"[{'.'.join(table)}] " if table else ""
    name = ".".join(keys)
    if error["type"] == "extra_forbidden":
        return f"{where}: {section}unknown key '{name}'; known keys: {_known_keys()}"
    return f"{where}: {section}key '{name}': {error['msg']}"


def _known_keys() -> str:
    return ", ".join(_Settings.model_fields)


def _line_for(text: str, table: tuple[str, ...], keys: list[str]) -> int | None:
    """The line of the innermost key we can find, falling back to its parents."""
    for depth in range(len(keys), 0, -1):
        line = line_of(text, (*table, *keys[: depth - 1]), keys[depth - 1])
        if line:
            return line
    return None


_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")


def line_of(text: str, table: Sequence[str], key: str) -> int | None:
    """1-based line where `key` is assigned inside `[table]` (TOML keeps no positions).

    A small scan, not a TOML parser: it tracks `[headers]` and matches `key =` with the
    key bare or quoted, which is how settings files are written in practice.
    """
    wanted = _dotted(table)
    current = ""
    assign = re.compile(rf"^\s*(?:{re.escape(key)}|\"{re.escape(key)}\"|'{re.escape(key)}')\s*=")
    as_table = _dotted([*table, key])
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            current = _dotted(_split_header(header.group(1)))
            if current == as_table:
                return number
        elif current == wanted and assign.match(line):
            return number
    return None


def _split_header(header: str) -> list[str]:
    """`tool.factcheck."levels"` → ["tool", "factcheck", "levels"]."""
    return [part.strip().strip("\"'") for part in re.findall(r'"[^"]*"|\'[^\']*\'|[^.]+', header)]


def _dotted(parts: Sequence[str]) -> str:
    return "\x1f".join(parts)
