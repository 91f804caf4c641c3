"""Load rule files into a `Rulebook`, reporting every mistake as one located line.

Rule authors are journalists and editors, not programmers: a mistake must read as
``rules/csto.yaml:12: fact 'csto.members': field 'tolerance': expected a number, got 'abc'``
and never as a traceback.  Every file is checked, and all errors are reported at once, so
that one run of ``factcheck rules validate`` shows everything to fix.

Checking happens in two passes.  Each file alone: YAML syntax, duplicate keys, the pydantic
models item by item (so one bad fact does not hide the next), RE2 patterns.  Then across
files: duplicate ids, references to entities and facts, country names.
"""

from __future__ import annotations

import difflib
import hashlib
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Generic, TypeVar, get_args

import pycountry
import re2
from pydantic import BaseModel, StringConstraints, TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from checker.paths import path_problem
from checker.rulebook.models import (
    CountriesDef,
    DateFact,
    EntityDef,
    EventDef,
    Fact,
    Id,
    MembershipFact,
    NamingFact,
    RoleFact,
)
from checker.rulebook.yamlload import LocatedData, YamlError, load_yaml

Loc = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)

RULE_SUFFIXES = (".yaml", ".yml")
MAX_FILE_BYTES = 10_000_000
"""Rule files are small; refusing huge ones keeps a stray data file from stalling a run."""


@dataclass(frozen=True, slots=True)
class RuleError:
    """One problem in the rules, rendered as one line an editor can jump to.

    `fact` is the id of the item the problem is in; `section` says what kind of item it is
    ("fact", "entity" or "event").  `field` is the path inside the item, e.g. "timeline[1].date".
    """

    path: str
    line: int | None
    fact: str | None
    field: str | None
    message: str
    section: str = "fact"

    def render(self) -> str:
        parts = [self.path if self.line is None else f"{self.path}:{self.line}"]
        if self.fact is not None:
            parts.append(f"{self.section} '{self.fact}'")
        if self.field is not None:
            parts.append(f"field '{self.field}'")
        parts.append(self.message)
        return ": ".join(parts)


class RulesInvalid(Exception):
    """The rules cannot be used; `errors` lists every problem found, in file order."""

    def __init__(self, errors: Iterable[RuleError]) -> None:
        self.errors = tuple(errors)
        super().__init__("\n".join(error.render() for error in self.errors))


@dataclass(frozen=True)
class Rulebook:
    """All rule files, checked and merged.  Plain containers so it pickles to workers."""

    facts: tuple[Fact, ...]
    entities: Mapping[str, EntityDef]
    events: Mapping[str, EventDef]
    country_aliases: Mapping[str, tuple[str, ...]]
    origins: Mapping[str, tuple[str, int]]
    files: tuple[str, ...]
    sha256: str
    _by_id: Mapping[str, Fact] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {fact.id: fact for fact in self.facts})

    def fact(self, fact_id: str) -> Fact:
        try:
            return self._by_id[fact_id]
        except KeyError:
            raise KeyError(f"unknown fact {fact_id!r}") from None


def load_rulebook(paths: Sequence[str | os.PathLike[str]]) -> Rulebook:
    """Load rule files and folders (``*.yaml``, ``*.yml``); raise `RulesInvalid` listing
    every error in every file."""
    state = _load(paths)
    if state.errors:
        raise RulesInvalid(_sorted(state.errors, state.files))
    return _rulebook(state)


def validate(paths: Sequence[str | os.PathLike[str]]) -> tuple[RuleError, ...]:
    """Every error in the rules, in file order; empty when they load."""
    state = _load(paths)
    return tuple(_sorted(state.errors, state.files))


# --- collecting files -------------------------------------------------------------------


@dataclass(frozen=True)
class _Source:
    """One parsed file: its name as given and where each value sits."""

    path: str
    located: LocatedData

    def line(self, loc: Loc) -> int | None:
        return self.located.line_of(loc)


@dataclass(frozen=True)
class _Item(Generic[M]):
    """A validated entity, event or fact and where it was defined."""

    source: _Source
    section: str
    index: int
    model: M

    @property
    def label(self) -> str:
        return _SECTION_LABELS.get(self.section, "fact")

    def line(self, *sub: str | int) -> int | None:
        return self.source.line((self.section, self.index, *sub))

    def error(self, message: str, *sub: str | int) -> RuleError:
        """An error about this item, at `sub` (a path inside it) when given."""
        fact_id = getattr(self.model, "id", None)
        where = _dotted(sub) if sub else None
        return RuleError(self.source.path, self.line(*sub), fact_id, where, message, self.label)


@dataclass
class _State:
    """Everything gathered from all files; valid items only, plus the errors."""

    files: list[str] = field(default_factory=list)
    digest: Any = field(default_factory=hashlib.sha256)
    entities: list[_Item[EntityDef]] = field(default_factory=list)
    events: list[_Item[EventDef]] = field(default_factory=list)
    facts: list[_Item[Fact]] = field(default_factory=list)
    countries: list[_Item[CountriesDef]] = field(default_factory=list)
    broken: dict[str, set[str]] = field(default_factory=lambda: {s: set() for s in _LISTS})
    errors: list[RuleError] = field(default_factory=list)


def _load(paths: Sequence[str | os.PathLike[str]]) -> _State:
    state = _State()
    for file in _rule_files([Path(p) for p in paths], state):
        state.files.append(str(file))
        source = _read(file, state)
        if source is not None:
            _check_file(source, state)
    if state.files:
        state.errors.extend(_cross_check(state))
    return state


def _rule_files(paths: list[Path], state: _State) -> list[Path]:
    """The files to read: given files as they are, folders' rule files; sorted by name."""
    if not paths:
        state.errors.append(RuleError(".", None, None, None, "no rule files given"))
    found: dict[Path, Path] = {}
    for path in paths:
        for file in _expand(path, state):
            found.setdefault(file.resolve(), file)
    return sorted(found.values(), key=lambda file: (file.name, str(file)))


def _expand(path: Path, state: _State) -> list[Path]:
    def fail(message: str) -> list[Path]:
        state.errors.append(RuleError(str(path), None, None, None, message))
        return []

    if path.is_file():
        return [path]
    if not path.is_dir():
        return fail(path_problem(path) or "neither a file nor a folder")
    try:
        files = sorted(
            child
            for child in path.iterdir()
            if child.suffix in RULE_SUFFIXES and not child.name.startswith(".") and child.is_file()
        )
    except OSError as exc:
        return fail(f"cannot read folder: {exc.strerror or exc}")
    return files or fail(f"no rule files found in {path}")


def _read(file: Path, state: _State) -> _Source | None:
    """Read, hash and parse one file; on failure record a located error and return None."""
    try:
        return _parse(file, state)
    except YamlError as exc:
        state.errors.append(RuleError(exc.path, exc.line, None, None, exc.message))
        return None


def _parse(file: Path, state: _State) -> _Source:
    path = str(file)
    try:
        if file.stat().st_size > MAX_FILE_BYTES:
            raise YamlError(path, None, f"file is larger than {MAX_FILE_BYTES:,} bytes")
        data = file.read_bytes()
    except OSError as exc:
        raise YamlError(path, None, f"cannot read file: {exc.strerror or exc}") from None
    state.digest.update(f"{file.name}\0{len(data)}\0".encode())
    state.digest.update(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        message = f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x})"
        raise YamlError(path, line, message) from None
    return _Source(path, load_yaml(text, path))


# --- checking one file ------------------------------------------------------------------

_LISTS: dict[str, TypeAdapter[Any]] = {
    "entities": TypeAdapter(EntityDef),
    "events": TypeAdapter(EventDef),
    "facts": TypeAdapter(Fact),
}
_SECTION_LABELS = {"entities": "entity", "events": "event", "facts": "fact"}
TOP_KEYS = ("entities", "countries", "events", "facts")
"""The sections of a rule file, as in `RuleFile` (a test keeps the two in step)."""


def _check_file(source: _Source, state: _State) -> None:
    data = source.located.data
    if not isinstance(data, dict):
        expected = "a mapping with entities, countries, events or facts"
        message = (
            f"the file is empty (expected {expected})"
            if data is None
            else f"expected {expected} at the top level, got {_show(data)}"
        )
        state.errors.append(RuleError(source.path, source.line(()), None, None, message))
        return
    for key, value in data.items():
        if key == "countries":
            _check_countries(source, value, state)
        elif key in _LISTS:
            _check_list(source, key, value, state)
        else:
            hint = (
                _did_you_mean(key, TOP_KEYS) or " (expected entities, countries, events or facts)"
            )
            message = f"unknown key '{key}'{hint}"
            state.errors.append(RuleError(source.path, source.line((key,)), None, None, message))


def _check_list(source: _Source, section: str, value: Any, state: _State) -> None:
    """Validate a section's items one by one, so that one bad item hides no other error."""
    if not isinstance(value, list):
        message = f"expected a list, got {_show(value)}"
        state.errors.append(RuleError(source.path, source.line((section,)), None, section, message))
        return
    for index, data in enumerate(value):
        if section == "facts":
            state.errors.extend(_check_patterns(source, index, data))
        try:
            model = _LISTS[section].validate_python(data)
        except ValidationError as exc:
            state.errors.extend(_convert(exc, source, section, index, data))
            if isinstance(data, dict) and isinstance(data.get("id"), str):
                state.broken[section].add(data["id"])
            continue
        getattr(state, section).append(_Item(source, section, index, model))


def _check_countries(source: _Source, value: Any, state: _State) -> None:
    if value is None:  # `countries:` with nothing under it, as RuleFile allows
        return
    try:
        model = CountriesDef.model_validate(value)
    except ValidationError as exc:
        state.errors.extend(_convert(exc, source, "countries", None, value))
        return
    state.countries.append(_Item(source, "countries", 0, model))


_RE2_OPTIONS = re2.Options()
_RE2_OPTIONS.log_errors = False  # we report the error ourselves; RE2 would print to stderr
_RE2_HINTS = {
    "(?=": "RE2 has no lookahead",
    "(?!": "RE2 has no lookahead",
    "(?<=": "RE2 has no lookbehind",
    "(?<!": "RE2 has no lookbehind",
    "(?P": "RE2 has no backreferences",  # (?P=name); (?P<name>...) groups are fine
}


def _check_patterns(source: _Source, index: int, data: Any) -> Iterator[RuleError]:
    """Compile every user pattern with RE2, the engine that will run it on untrusted text.

    Works on the raw data, so a fact with other mistakes still has its patterns checked.
    """
    if not isinstance(data, dict):
        return
    fact_id = data.get("id") if isinstance(data.get("id"), str) else None
    found = _raw_patterns(data, ())
    items = data.get("items")
    for i, sub in enumerate(items if isinstance(items, list) else ()):
        found += _raw_patterns(sub, ("items", i))
    for loc, pattern in found:
        problem = _re2_problem(pattern)
        if problem is not None:
            line = source.line(("facts", index, *loc))
            message = f"invalid RE2 pattern: {problem}"
            yield RuleError(source.path, line, fact_id, _dotted(loc), message)


def _raw_patterns(data: Any, at: Loc) -> list[tuple[Loc, str]]:
    patterns = data.get("patterns") if isinstance(data, dict) else None
    if not isinstance(patterns, list):
        return []
    return [((*at, "patterns", i), p) for i, p in enumerate(patterns) if isinstance(p, str)]


def _re2_problem(pattern: str) -> str | None:
    try:
        re2.compile(pattern, _RE2_OPTIONS)
    except re2.error as exc:
        arg = exc.args[0] if exc.args else exc
        text = arg.decode("utf-8", "replace") if isinstance(arg, bytes) else str(arg)
        if text.startswith("invalid escape sequence: \\") and text[-1:].isdigit():
            return f"{text} (RE2 has no backreferences)"
        hint = next((h for op, h in _RE2_HINTS.items() if text.endswith(op)), None)
        return f"{text} ({hint})" if hint else text
    return None


# --- pydantic errors as readable lines --------------------------------------------------


def _fact_kinds() -> dict[str, type[BaseModel]]:
    """Fact classes by their `extends` value, in the order the union lists them."""
    union = get_args(Fact)[0]
    return {get_args(cls.model_fields["extends"].annotation)[0]: cls for cls in get_args(union)}


_FACT_KINDS = _fact_kinds()
_ID_PATTERN = next(m.pattern for m in get_args(Id)[1:] if isinstance(m, StringConstraints))
_DATE = "a date (YYYY-MM-DD)"
_EXPECTED = {
    "float_parsing": "a number",
    "float_type": "a number",
    "finite_number": "a finite number",
    "int_parsing": "a whole number",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "bool_parsing": "true or false",
    "bool_type": "true or false",
    "string_type": "text",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "date_type": _DATE,
    "date_parsing": _DATE,
    "date_from_datetime_parsing": _DATE,
    "date_from_datetime_inexact": _DATE,
}
_BOUNDS = {
    "greater_than_equal": ("ge", "at least"),
    "greater_than": ("gt", "more than"),
    "less_than_equal": ("le", "at most"),
    "less_than": ("lt", "less than"),
}


def _convert(
    exc: ValidationError, source: _Source, section: str, index: int | None, data: Any
) -> list[RuleError]:
    """One `RuleError` per pydantic error, located by the path pydantic reports."""
    fact_id = data.get("id") if isinstance(data, dict) and index is not None else None
    fact_id = fact_id if isinstance(fact_id, str) else None
    base: Loc = (section,) if index is None else (section, index)
    label = _SECTION_LABELS.get(section, "fact")
    errors = []
    for error in exc.errors():
        loc, field_loc, message = _explain(error, section, data)
        if index is None:  # not an item: name the field from the top of the file
            field_loc = (section, *field_loc)
        field_name = _dotted(field_loc) if field_loc else None
        line = source.line((*base, *loc))
        errors.append(RuleError(source.path, line, fact_id, field_name, message, label))
    return errors


def _explain(error: ErrorDetails, section: str, data: Any) -> tuple[Loc, Loc, str]:
    """The error's location inside the item, the field to name (empty: the item itself)
    and a readable message."""
    loc: Loc = tuple(error["loc"])
    kind = error["type"]
    if section == "facts" and isinstance(data, dict) and loc[:1] == (data.get("extends"),):
        loc = loc[1:]  # pydantic puts the discriminator's tag first
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        return ("extends",), ("extends",), _bad_kind(data)
    if kind == "extra_forbidden":
        key = str(loc[-1])
        model = _model_at(_root_model(section, data), loc[:-1])
        keys = list(model.model_fields) if model else []
        hint = _did_you_mean(key, keys) or _split_hint(key, error.get("input"))
        return loc, loc[:-1], f"unknown key '{key}'{hint}"
    if kind == "missing":
        return loc, loc, "required field is missing"
    return loc, loc, _message(error)


def _split_hint(key: str, value: Any) -> str:
    """A key of several words with no value is usually the tail of a text cut by a comma in
    a flow mapping: ``{note: Azerbaijan, Georgia and Uzbekistan left}``."""
    if value is None and " " in key.strip():
        return " (a comma inside {...} ends a value: put the text in quotes)"
    return ""


def _bad_kind(data: Any) -> str:
    kinds = ", ".join(_FACT_KINDS)
    value = data.get("extends") if isinstance(data, dict) else None
    if value is None:
        return f"required field is missing (one of: {kinds})"
    return f"unknown kind {_show(value)} (expected one of: {kinds})"


def _message(error: ErrorDetails) -> str:
    kind, value, ctx = error["type"], error.get("input"), error.get("ctx") or {}
    if kind in _EXPECTED:
        hint = " (put it in quotes)" if kind == "string_type" and _is_plain(value) else ""
        return f"expected {_EXPECTED[kind]}, got {_show(value)}{hint}"
    if kind in ("enum", "literal_error"):
        return f"expected {ctx.get('expected')}, got {_show(value)}"
    if kind in _BOUNDS:
        key, words = _BOUNDS[kind]
        return f"must be {words} {_show(ctx.get(key))}, got {_show(value)}"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        return f"is longer than {ctx.get('max_length')} characters"
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == _ID_PATTERN:
        return f"{_show(value)} is not a valid id (use a-z, 0-9, '.', '_' and '-')"
    if kind == "too_short":
        return f"needs at least {_items(ctx.get('min_length'))}"
    if kind == "too_long":
        return f"allows at most {_items(ctx.get('max_length'))}"
    text = str(error["msg"]).removeprefix("Value error, ").removeprefix("Assertion failed, ")
    return text[:1].lower() + text[1:]


def _items(count: Any) -> str:
    return f"{count} item" if count == 1 else f"{count} items"


def _is_plain(value: Any) -> bool:
    """A YAML value that became a non-string because it looked like one (yes, 12, 2022-01-02)."""
    return value is not None and not isinstance(value, dict | list)


def _root_model(section: str, data: Any) -> type[BaseModel] | None:
    if section == "facts":
        kind = data.get("extends") if isinstance(data, dict) else None
        return _FACT_KINDS.get(kind) if isinstance(kind, str) else None
    models: dict[str, type[BaseModel]] = {
        "entities": EntityDef,
        "events": EventDef,
        "countries": CountriesDef,
    }
    return models.get(section)


def _model_at(model: type[BaseModel] | None, loc: Loc) -> type[BaseModel] | None:
    """The model that validates the mapping at `loc`, for suggesting its keys."""
    for part in loc:
        if model is None:
            return None
        if isinstance(part, int):
            continue
        info = model.model_fields.get(part)
        model = _inner_model(info.annotation) if info else None
    return model


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _closest(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str | None:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=cutoff)
    return close[0] if close else None


def _did_you_mean(word: str, choices: Iterable[str]) -> str:
    close = _closest(word, choices)
    return f" (did you mean '{close}'?)" if close else ""


def _show(value: Any) -> str:
    """A value as the user wrote it in YAML, shortened."""
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:39] + "…"
        return f"'{text}'"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _dotted(loc: Loc) -> str:
    """("timeline", 1, "date") -> "timeline[1].date"."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


# --- checking across files --------------------------------------------------------------


def _cross_check(state: _State) -> list[RuleError]:
    errors = [*_duplicates(state.entities), *_duplicates(state.events)]
    errors += _duplicates(state.facts)
    errors += _alias_clashes(state.countries)
    entities = {item.model.id for item in state.entities} | state.broken["entities"]
    facts: dict[str, Fact] = {}
    for item in state.facts:
        facts.setdefault(item.model.id, item.model)
    countries = _country_names(item.model for item in state.countries)
    for item in state.facts:
        for sub, kind, name in _references(item.model):
            message = _unknown(kind, name, entities, facts, state.broken["facts"], countries)
            if message:
                errors.append(item.error(message, *sub))
    return errors


def _duplicates(items: Sequence[_Item[Any]]) -> list[RuleError]:
    """Ids must be unique across all files; the first definition wins, later ones fail."""
    first: dict[str, _Item[Any]] = {}
    errors = []
    for item in items:
        earlier = first.setdefault(item.model.id, item)
        if earlier is not item:
            where = f"{earlier.source.path}:{earlier.line('id')}"
            errors.append(item.error(f"duplicate {item.label} id, first defined at {where}"))
    return errors


def _alias_clashes(items: Sequence[_Item[CountriesDef]]) -> list[RuleError]:
    """An alias naming two countries would make country matching depend on file order."""
    owner: dict[str, str] = {}
    errors = []
    for item in items:
        for country, aliases in item.model.aliases.items():
            for index, alias in enumerate(aliases):
                other = owner.setdefault(alias.casefold(), country)
                if other != country:
                    line = item.source.line(("countries", "aliases", country, index))
                    field_name = _dotted(("countries", "aliases", country, index))
                    message = f"alias '{alias}' is already an alias of '{other}'"
                    errors.append(RuleError(item.source.path, line, None, field_name, message))
    return errors


def _references(fact: Any) -> Iterator[tuple[Loc, str, str]]:
    """(where in the fact, what it refers to, the name) for every cross-reference."""
    if isinstance(fact, MembershipFact):
        yield ("subject",), "entity", fact.subject
        if fact.of == "country":
            for i, entry in enumerate(fact.timeline):
                for op in ("set", "add", "remove"):
                    for j, name in enumerate(getattr(entry, op) or ()):
                        yield ("timeline", i, op, j), "country", name
    elif isinstance(fact, RoleFact):
        yield from ((("holders", i), "entity", holder) for i, holder in enumerate(fact.holders))
        for i, term in enumerate(fact.timeline):
            yield ("timeline", i, "holder"), "entity", term.holder
    elif isinstance(fact, NamingFact):
        yield from ((("entities", i), "entity", entity) for i, entity in enumerate(fact.entities))
    elif isinstance(fact, DateFact) and fact.duration_from is not None:
        yield ("duration_from",), "fact", fact.duration_from


def _unknown(
    kind: str,
    name: str,
    entities: set[str],
    facts: Mapping[str, Any],
    broken_facts: set[str],
    countries: _Countries,
) -> str | None:
    """What is wrong with a reference, or None.  Broken items count as known: their own
    error is already reported, and a second one about the reference would only confuse."""
    if kind == "entity" and name not in entities:
        return f"unknown entity '{name}'{_did_you_mean(name, entities)}"
    if kind == "country" and name.casefold() not in countries.known:
        close = _closest(name.casefold(), countries.suggest, cutoff=0.8)  # many short names
        hint = f"did you mean '{countries.suggest[close]}'?" if close else _NOT_A_COUNTRY
        return f"unknown country '{name}' ({hint})"
    if kind == "fact" and name not in facts and name not in broken_facts:
        return f"unknown fact '{name}'{_did_you_mean(name, [*facts, *broken_facts])}"
    if kind == "fact" and name in facts and not isinstance(facts[name], DateFact):
        return f"fact '{name}' is a {facts[name].extends} fact, not a date fact"
    return None


_NOT_A_COUNTRY = "not in pycountry or countries.aliases"


@dataclass(frozen=True)
class _Countries:
    """Valid country names (casefolded) and, for suggestions, every known spelling mapped
    to the name to write instead."""

    known: frozenset[str]
    suggest: Mapping[str, str]


def _country_names(defs: Iterable[CountriesDef]) -> _Countries:
    suggest = dict(_pycountry_names())
    known = set(suggest)
    for countries in defs:
        for country, aliases in countries.aliases.items():
            known.add(country.casefold())
            suggest[country.casefold()] = country
            suggest.update((alias.casefold(), country) for alias in aliases)
    return _Countries(frozenset(known), suggest)


@cache
def _pycountry_names() -> tuple[tuple[str, str], ...]:
    names = []
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                names.append((value.casefold(), value))
    return tuple(names)


# --- building the rulebook --------------------------------------------------------------


def _rulebook(state: _State) -> Rulebook:
    aliases: dict[str, list[str]] = {}
    for item in state.countries:
        for country, extra in item.model.aliases.items():
            merged = aliases.setdefault(country, [])
            merged.extend(alias for alias in extra if alias not in merged)
    origins = {}
    for fact in state.facts:
        origins[fact.model.id] = (fact.source.path, fact.line("id") or fact.line() or 0)
    return Rulebook(
        facts=tuple(item.model for item in state.facts),
        entities={item.model.id: item.model for item in state.entities},
        events={item.model.id: item.model for item in state.events},
        country_aliases={country: tuple(names) for country, names in aliases.items()},
        origins=origins,
        files=tuple(state.files),
        sha256=state.digest.hexdigest(),
    )


def _sorted(errors: Iterable[RuleError], files: Sequence[str]) -> list[RuleError]:
    """File order, then line; errors about paths rather than files come first."""
    order = {path: index for index, path in enumerate(files)}
    return sorted(errors, key=lambda error: (order.get(error.path, -1), error.line or 0))
