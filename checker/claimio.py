"""The claim format: extraction results as JSON, one object per line (DESIGN §9).

The run splits at its seam here: `factcheck extract` writes what extraction found,
`factcheck compare` reads it back, and the claims cache stores each article's claims
in the same encoding.  So the format must round-trip every value exactly (floats as
written by `repr`, ints as ints, dates as ISO days, member sets sorted) and must be
versioned: a reader refuses a version it does not know instead of misreading it.

A claims file (JSON Lines, UTF-8):

    {"format": "factcheck-claims", "version": 1, "factcheck": "0.1.0", "rulebook": SHA256,
     "root": "/news/articles"}
    {"diagnostic": {"path": "corpus.yaml", "line": 3, "field": "file", ...}}
    {"article": {"id": "a.txt", "path": "/news/a.txt", "published": "2022-01-06", ...}}
    {"claim": {"fact": "casualties.deaths", "article": "a.txt", "value": {...}, ...}}

The header comes first (`root` is the corpus folder the claims were extracted from);
then diagnostics, articles and claims in the order of the run (an article's
diagnostics before it, its claims after it).  Reading validates every
line with pydantic at this edge; a malformed line is one located error
(`claims.jsonl:7: claim: field 'value.low': …`).  The cache, which only ever reads
what it wrote itself, uses the fast decoder without validation.
"""

from __future__ import annotations

import json
import sys
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, fields
from datetime import date
from typing import Any, Literal, TextIO

import orjson
from pydantic import BaseModel, ConfigDict, Field, ValidationError

import checker
from checker.model import (
    ArticleInfo,
    Claim,
    DateValue,
    Diagnostic,
    EntitySet,
    Evidence,
    Holder,
    Level,
    Name,
    Quantity,
    Stance,
    Value,
)

FORMAT = "factcheck-claims"
VERSION = 1
PACKED = 2  # version of `encode_claims`'s packed form (2: rows as binary integers)

JsonObject = dict[str, Any]


class ClaimsInvalid(Exception):
    """A claims file that cannot be read; the message is one located line."""


# --- encoding ---------------------------------------------------------------------------


def encode_value(value: Value) -> JsonObject:
    """Every field of a value, tagged with its type, so decoding rebuilds it exactly."""
    if isinstance(value, Quantity):
        return {
            "type": "quantity",
            "low": value.low,
            "high": value.high,
            "point": value.point,
            "exact": value.exact,
            "unit": value.unit,
        }
    if isinstance(value, EntitySet):
        return {"type": "entity_set", "members": sorted(value.members)}
    if isinstance(value, DateValue):
        return {
            "type": "date",
            "start": value.start.isoformat(),
            "end": value.end.isoformat(),
            "precision": value.precision,
        }
    if isinstance(value, Holder):
        return {
            "type": "holder",
            "office": value.office,
            "entity": value.entity,
            "capacity": value.capacity,
            "name": value.name,
        }
    if isinstance(value, Stance):
        return {"type": "stance", "item": value.item, "polarity": value.polarity}
    return {"type": "name", "entity": value.entity, "surface": value.surface}


def encode_claim(claim: Claim) -> JsonObject:
    ev = claim.evidence
    return {
        "fact": claim.fact_id,
        "kind": claim.kind,
        "article": ev.article_id,
        "value": encode_value(claim.value),
        "raw": claim.raw,
        "qualifier": claim.qualifier,
        "evidence": {
            "start": ev.start,
            "end": ev.end,
            "line": ev.line,
            "column": ev.column,
            "sentence": ev.sentence,
        },
        "event": claim.event_id,
        "valid_at": claim.valid_at.isoformat() if claim.valid_at else None,
        "earlier": claim.earlier,
        "subject": claim.subject,
    }


def encode_article(article: ArticleInfo) -> JsonObject:
    return {
        "id": article.id,
        "path": article.path,
        "published": article.published.isoformat() if article.published else None,
        "date_source": article.date_source,
        "outlet": article.outlet,
        "url": article.url,
        "title": article.title,
        "sha256": article.sha256,
    }


def encode_diagnostic(diagnostic: Diagnostic) -> JsonObject:
    return {
        "path": diagnostic.path,
        "message": diagnostic.message,
        "line": diagnostic.line,
        "field": diagnostic.field,
        "level": diagnostic.level.value,
    }


def header(rulebook: str, root: str | None = None) -> JsonObject:
    """The first line: format, version, the rulebook the claims were extracted with and
    the corpus root they were extracted from (absolute, as the extracting machine saw it)."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "factcheck": checker.__version__,
        "rulebook": rulebook,
        "root": root,
    }


def dumps(data: JsonObject | list[JsonObject]) -> str:
    """One line of compact JSON; non-ASCII kept as text (the quotes are news in any script)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def encode_claims(claims: Iterable[Claim], base: PackedClaims | None = None) -> bytes:
    """Claims as the cache stores them and workers return them: packed.

    Not the claims file's objects: decoding 300,000 of those costs seconds in dict
    lookups.  The packed form is a JSON array `[strings, days, values, sentences]` of
    each distinct string, day, value (as its canonical JSON text) and sentence once,
    then one row of `ROW` integers per claim (indexes into those tables, offsets, the
    `earlier` flag) as little-endian 32-bit integers: decoding is a C parse of the
    tables and a copy of the rows, and a claim's row becomes Python integers only when
    the claim is built.  Versioned through `PACKED` in the cache's context.

    With `base`, claims that were built from it keep its rows and tables, so a claim
    group stored again after one article joined it encodes only that article's claims
    (the base's entries no claim uses any more stay, unused).
    """
    tables = _Tables(base)
    rows = array(_INT)
    for c in claims:
        row = tables.known(c)
        rows.extend(tables.row(c) if row is None else row)
    return _pack(_dump_packed(tables.lists), rows)


ROW = 15  # integers a claim's row holds
_INT = "i"  # a C int: 32 bits wherever CPython runs
_HEAD = 4  # bytes of the tables' length before them


def _pack(tables: bytes, rows: array[int]) -> bytes:
    """The tables' length, the tables, the rows."""
    if sys.byteorder != "little":
        rows.byteswap()
    return len(tables).to_bytes(_HEAD, "little") + tables + rows.tobytes()


def _unpack(blob: bytes) -> tuple[Any, array[int]]:
    """The tables (parsed) and the rows of a packed form; ValueError if it is not one."""
    size = int.from_bytes(blob[:_HEAD], "little")
    if len(blob) < _HEAD + size:
        raise ValueError("the tables are cut short")
    tables = loads_trusted(blob[_HEAD : _HEAD + size])
    rows = array(_INT)
    rows.frombytes(memoryview(blob)[_HEAD + size :])
    if sys.byteorder != "little":
        rows.byteswap()
    if len(rows) % ROW:
        raise ValueError("the rows are cut short")
    return tables, rows


NO_CLAIMS = _pack(b"[[],[],[],[]]", array(_INT))  # a file that is not an article


class _Tables:
    """The tables of a packed form being written: lists, and where each entry is."""

    def __init__(self, base: PackedClaims | None) -> None:
        self.lists: list[list[Any]] = [[], [], [], []]
        self.index: list[dict[Any, int]] = [{}, {}, {}, {}]
        # Value id -> (value, its JSON text): claims share value objects.  The value is
        # kept so that its id cannot be reused while the table lives.
        self.texts: dict[int, tuple[Value, str]] = {}
        self.base = base
        if base is not None:
            for number, items in enumerate(base.tables()):
                self.lists[number] = list(items)
                self.index[number] = {item: i for i, item in enumerate(items)}

    def known(self, claim: Claim) -> Sequence[int] | None:
        """The base's row of a claim built from it (None: not one of those)."""
        return None if self.base is None else self.base.row_of(claim)

    def at(self, number: int, item: Any) -> int:
        index = self.index[number]
        found = index.get(item)
        if found is None:
            entries = self.lists[number]
            found = index[item] = len(entries)
            entries.append(item)
        return found

    def text(self, value: Value) -> str:
        found = self.texts.get(id(value))
        if found is None:
            found = self.texts[id(value)] = (value, dumps(encode_value(value)))
        return found[1]

    def row(self, c: Claim) -> list[int]:
        at, ev = self.at, c.evidence
        return [
            at(0, c.fact_id),
            at(0, c.kind),
            at(2, self.text(c.value)),
            at(0, c.raw),
            at(0, c.qualifier),
            at(0, ev.article_id),
            ev.start,
            ev.end,
            ev.line,
            ev.column,
            at(3, ev.sentence),
            at(0, c.event_id),
            at(1, c.valid_at.isoformat() if c.valid_at else None),
            int(c.earlier),
            at(0, c.subject),
        ]


def _dump_packed(packed: list[Any]) -> bytes:
    """orjson: rows and tables hold only strings, small integers, booleans and None
    (values are JSON text of their own), which it writes as `json` would, in a tenth of
    the time.  A string it refuses (a lone surrogate: not from an article, which is
    decoded strictly, but possible in claims read from a file) is written by `json` as
    an ASCII escape, which `loads_trusted` reads back through its fallback."""
    try:
        return orjson.dumps(packed)
    except TypeError:
        return json.dumps(packed).encode("ascii")


def group_name(claim: Claim) -> str:
    """The claim group (fact, event, subject) a claim is compared in, as the cache names
    it: claims are only ever compared within their group (`checker.compare.groups`)."""
    return dumps([claim.fact_id, claim.event_id or "", claim.subject or ""])  # type: ignore[list-item]


def group_names(claims: Iterable[Claim]) -> tuple[str, ...]:
    return tuple(sorted({group_name(c) for c in claims}))


# --- fast decoding (trusted input: our own cache) ---------------------------------------


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text is not None else None


def _quantity(v: JsonObject) -> Value:
    return Quantity(v["low"], v["high"], v["point"], v["exact"], v["unit"])


def _entity_set(v: JsonObject) -> Value:
    return EntitySet(frozenset(v["members"]))


def _date(v: JsonObject) -> Value:
    return DateValue(date.fromisoformat(v["start"]), date.fromisoformat(v["end"]), v["precision"])


def _holder(v: JsonObject) -> Value:
    return Holder(v["office"], v["entity"], v["capacity"], v["name"])


def _stance(v: JsonObject) -> Value:
    return Stance(v["item"], v["polarity"])


def _name(v: JsonObject) -> Value:
    return Name(v["entity"], v["surface"])


_VALUES: dict[str, Callable[[JsonObject], Value]] = {
    "quantity": _quantity,
    "entity_set": _entity_set,
    "date": _date,
    "holder": _holder,
    "stance": _stance,
    "name": _name,
}


class _Shared:
    """Equal strings, dates and values of many claims as one object each.

    A corpus states the same facts, events, values and days over and over; decoding each
    occurrence into its own object would multiply the memory of an archive's claims.
    Values and strings are immutable, so sharing them is safe.
    """

    def __init__(self) -> None:
        self.strings: dict[str, str] = {}
        self.days: dict[str, date] = {}
        self.values: dict[tuple[object, ...], Value] = {}
        self.texts: dict[str, Value] = {}

    def string(self, text: str) -> str:
        return self.strings.setdefault(text, text)

    def optional(self, text: str | None) -> str | None:
        return None if text is None else self.strings.setdefault(text, text)

    def optionals(self, texts: Iterable[str | None]) -> list[str | None]:
        """`optional` of each: a packed group's table holds tens of thousands."""
        share = self.strings.setdefault
        return [None if text is None else share(text, text) for text in texts]

    def day(self, text: str | None) -> date | None:
        if text is None:
            return None
        found = self.days.get(text)
        if found is None:
            found = self.days[text] = date.fromisoformat(text)
        return found

    def value(self, v: JsonObject) -> Value:
        members = v.get("members")
        if members is not None:
            key: tuple[object, ...] = (v["type"], *members)
        else:  # 14 and 14.0 are equal keys but not the same value in a report
            fields = tuple(v.values())
            key = (*fields, *map(type, fields))
        found = self.values.get(key)
        if found is None:
            found = self.values[key] = _VALUES[v["type"]](v)
        return found

    def value_text(self, text: str) -> Value:
        """A value from its canonical JSON text (the packed form's key for it)."""
        found = self.texts.get(text)
        if found is None:
            found = self.texts[text] = self.value(json.loads(text))
        return found

    def trim(self) -> None:
        """Stay bounded over a long run: forget everything past a size."""
        for table in (self.strings, self.days, self.values, self.texts):
            if len(table) > 200_000:
                table.clear()


_SHARED = _Shared()


def shared() -> _Shared:
    """The run's table of shared strings, days and values (for other trusted decoders)."""
    return _SHARED


def decode_claim(c: JsonObject, shared: _Shared | None = None) -> Claim:
    """A claim from its encoding; KeyError, TypeError or ValueError if it is not one."""
    s = shared or _SHARED
    e = c["evidence"]
    evidence = Evidence(
        s.string(c["article"]), e["start"], e["end"], e["line"], e["column"], e["sentence"]
    )
    return Claim(
        s.string(c["fact"]),
        s.string(c["kind"]),
        s.value(c["value"]),
        s.string(c["raw"]),
        s.optional(c["qualifier"]),
        evidence,
        s.optional(c["event"]),
        s.day(c["valid_at"]),
        c["earlier"],
        s.optional(c["subject"]),
    )


def loads_trusted(blob: bytes | str) -> Any:
    """JSON this program wrote itself (cache entries), parsed by orjson: three times the
    stdlib's speed on the 100 MB of claims a re-check of an archive reads.  orjson
    refuses what the stdlib writes but JSON does not allow (NaN, lone surrogates); that
    falls back to the stdlib.  It reads integers past 64 bits as floats, so the packed
    forms keep numbers that can be that large (a value's) inside JSON strings, which
    `json` parses (see `encode_claims`)."""
    try:
        return orjson.loads(blob)
    except orjson.JSONDecodeError:
        return json.loads(blob)


def decode_claims(blob: bytes) -> list[Claim]:
    """The inverse of `encode_claims`; raises ValueError when the blob is not packed
    claims.  Equal strings, days and values of the whole run are shared (`_Shared`)."""
    packed = PackedClaims(blob)
    return [packed.claim(i) for i in range(len(packed))]


class PackedClaims:
    """Packed claims parsed but not yet made into `Claim`s: a claim is built when asked
    for, so a report that shows 24 claims of a finding of 40,000 builds 24.  Raises
    ValueError when the blob is not packed claims.

    `share`: make equal strings of the whole run one object (`_Shared`), which matters
    when many small forms are decoded (an archive's articles); a claim group's form
    holds each of its strings once already."""

    __slots__ = (
        "_built", "_day", "_kept", "_raw", "_rows", "_sentences", "_share", "_text", "_value"
    )  # fmt: skip

    def __init__(self, blob: bytes, *, share: bool = True) -> None:
        try:
            self._raw, self._rows = _unpack(blob)
            _, _, values, self._sentences = self._raw
            _SHARED.trim()
            self._value = [_SHARED.value_text(x) for x in values]
        except (TypeError, KeyError, IndexError, AttributeError, ValueError) as error:
            raise ValueError(f"not packed claims: {error}") from error
        self._share = share
        # Strings and days are taken when the first claim is built: a group's strings
        # hold every article id, and a report that only counts values needs none.
        self._text: list[Any] | None = None  # strings, and None
        self._day: list[date | None] = []
        # Claim id -> its index, for `row_of`.  Every such claim is kept, so that no
        # other object can take its id while this lives.  No (claim, row) tuple each:
        # a group of 40,000 claims would make 40,000 more objects for the collector.
        self._built: dict[int, int] = {}
        self._kept: list[Claim] = []

    def tables(self) -> list[list[Any]]:
        """The packed tables as stored: strings, days, values, sentences."""
        return list(self._raw)

    def row_of(self, claim: Claim) -> array[int] | None:
        """The stored row of a claim this built (None for any other claim)."""
        index = self._built.get(id(claim))
        return None if index is None else self._row(index)

    def __len__(self) -> int:
        return len(self._rows) // ROW

    def _strings(self) -> list[Any]:
        strings, days = self._raw[0], self._raw[1]
        self._text = _SHARED.optionals(strings) if self._share else strings
        self._day = [_SHARED.day(x) for x in days]
        return self._text

    def _row(self, index: int) -> array[int]:
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self._rows[index * ROW : index * ROW + ROW]

    def value_keys(self, positions: Iterable[int]) -> list[str]:
        """The keys of these claims' values, without building the claims."""
        keys = [v.key() for v in self._value]
        rows = self._rows
        return [keys[rows[i * ROW + 2]] for i in positions]

    def article(self, index: int) -> str:
        """The article id of claim `index`, without building the claim."""
        return str(self._raw[0][self._row(index)[5]])

    def reusable_claim(self, index: int) -> Claim:
        """`claim`, remembered so that `encode_claims(…, base=self)` reuses its row."""
        claim = self.claim(index)
        self._kept.append(claim)
        self._built[id(claim)] = index
        return claim

    def reusable_claims(self, articles: AbstractSet[str]) -> list[Claim]:
        """`reusable_claim` of every claim of these articles, in order.  A group kept but
        for the article that joined it builds 40,000 claims: one pass over the rows,
        not a method call, a bounds check and a slice for each."""
        try:
            text = self._text or self._strings()
            wanted = {at for at, s in enumerate(self._raw[0]) if s in articles}
            tables = (text, self._value, self._day, self._sentences)
            built, strings = self._built, range(len(text))
            out: list[Claim] = []
            for index, row in enumerate(zip(*[iter(self._rows)] * ROW, strict=True)):
                if row[5] in wanted:
                    claim = _claim_of(tables, row)
                    built[id(claim)] = index
                    out.append(claim)
                elif row[5] not in strings:
                    raise IndexError(f"row {index} names no article")
        except (TypeError, KeyError, IndexError, AttributeError, ValueError) as error:
            raise ValueError(f"not packed claims: {error}") from error
        self._kept += out
        return out

    def claim(self, index: int) -> Claim:
        try:
            tables = (self._text or self._strings(), self._value, self._day, self._sentences)
            return _claim_of(tables, self._row(index))
        except (TypeError, KeyError, IndexError, AttributeError, ValueError) as error:
            raise ValueError(f"not packed claims: {error}") from error


_Lookups = tuple[list[Any], list[Value], list[date | None], list[str]]


def _claim_of(tables: _Lookups, row: Sequence[int]) -> Claim:
    """The claim of a packed row, given the form's strings, values, days and sentences."""
    text, values, days, sentences = tables
    (
        fact, kind, v, raw, qualifier, article, start, end, line, column, sentence,
        event, valid_at, earlier, subject,
    ) = row  # fmt: skip
    return _new_claim(
        text[fact],
        text[kind],
        values[v],
        text[raw],
        text[qualifier],
        _new_evidence(text[article], start, end, line, column, sentences[sentence]),
        text[event],
        days[valid_at],
        bool(earlier),
        text[subject],
    )


# A decoded group builds a `Claim` and an `Evidence` per claim.  Frozen dataclasses'
# `__init__` sets each field through `object.__setattr__`, the generic attribute path
# (to get past their own refusal), and that is half the cost of the two; the packed
# decoder, whose fields are trusted, stores them straight into their slots instead.


def _slot_setters(cls: type, names: tuple[str, ...]) -> list[Callable[[object, object], None]]:
    """The slot setters of a frozen, slotted dataclass's fields `names`, which must be
    all its fields in order, set by an `__init__` that does nothing more: a field added
    or reordered fails at import instead of building wrong objects."""
    if tuple(f.name for f in fields(cls)) != names or hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__name__}'s fields are not {names} alone")
    return [getattr(cls, name).__set__ for name in names]


_new = object.__new__
(
    _set_fact_id, _set_kind, _set_value, _set_raw, _set_qualifier, _set_evidence,
    _set_event_id, _set_valid_at, _set_earlier, _set_subject,
) = _slot_setters(Claim, (
    "fact_id", "kind", "value", "raw", "qualifier", "evidence",
    "event_id", "valid_at", "earlier", "subject",
))  # fmt: skip
_set_article_id, _set_start, _set_end, _set_line, _set_column, _set_sentence = _slot_setters(
    Evidence, ("article_id", "start", "end", "line", "column", "sentence")
)


def _new_claim(
    fact_id: str,
    kind: str,
    value: Value,
    raw: str,
    qualifier: str | None,
    evidence: Evidence,
    event_id: str | None,
    valid_at: date | None,
    earlier: bool,
    subject: str | None,
) -> Claim:
    """`Claim(...)`, its fields stored into their slots."""
    claim: Claim = _new(Claim)
    _set_fact_id(claim, fact_id)
    _set_kind(claim, kind)
    _set_value(claim, value)
    _set_raw(claim, raw)
    _set_qualifier(claim, qualifier)
    _set_evidence(claim, evidence)
    _set_event_id(claim, event_id)
    _set_valid_at(claim, valid_at)
    _set_earlier(claim, earlier)
    _set_subject(claim, subject)
    return claim


def _new_evidence(
    article_id: str, start: int, end: int, line: int, column: int, sentence: str
) -> Evidence:
    """`Evidence(...)`, its fields stored into their slots."""
    evidence: Evidence = _new(Evidence)
    _set_article_id(evidence, article_id)
    _set_start(evidence, start)
    _set_end(evidence, end)
    _set_line(evidence, line)
    _set_column(evidence, column)
    _set_sentence(evidence, sentence)
    return evidence


def decode_article(a: JsonObject) -> ArticleInfo:
    return ArticleInfo(
        a["id"],
        a["path"],
        _day(a["published"]),
        a["date_source"],
        a["outlet"],
        a["url"],
        a["title"],
        a["sha256"],
    )


def decode_diagnostic(d: JsonObject) -> Diagnostic:
    return Diagnostic(d["path"], d["message"], d["line"], d["field"], Level(d["level"]))


# --- validated reading (untrusted input: a claims file) ---------------------------------


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class _Header(_Strict):
    format: Literal["factcheck-claims"]
    version: int
    factcheck: str
    rulebook: str = Field(pattern=r"^[0-9a-f]{64}$")
    root: str | None = None


class _Quantity(_Strict):
    type: Literal["quantity"]
    low: float | None
    high: float | None
    point: float
    exact: bool
    unit: str | None


class _EntitySet(_Strict):
    type: Literal["entity_set"]
    members: list[str]


class _Date(_Strict):
    type: Literal["date"]
    start: date
    end: date
    precision: str


class _Holder(_Strict):
    type: Literal["holder"]
    office: str
    entity: str | None
    capacity: str | None
    name: str | None


class _Stance(_Strict):
    type: Literal["stance"]
    item: str
    polarity: bool


class _Name(_Strict):
    type: Literal["name"]
    entity: str
    surface: str


class _Evidence(_Strict):
    start: int
    end: int
    line: int
    column: int
    sentence: str


class _Claim(_Strict):
    fact: str
    kind: str
    article: str
    value: _Quantity | _EntitySet | _Date | _Holder | _Stance | _Name = Field(discriminator="type")
    raw: str
    qualifier: str | None
    evidence: _Evidence
    event: str | None
    valid_at: date | None
    earlier: bool
    subject: str | None


class _Article(_Strict):
    id: str
    path: str
    published: date | None
    date_source: str
    outlet: str | None
    url: str | None
    title: str | None
    sha256: str


class _Diagnostic(_Strict):
    path: str
    message: str
    line: int | None
    field: str | None
    level: Literal["note", "warning", "error"]


class _ClaimLine(_Strict):
    claim: _Claim


class _ArticleLine(_Strict):
    article: _Article


class _DiagnosticLine(_Strict):
    diagnostic: _Diagnostic


_RECORDS: dict[str, type[_Strict]] = {
    "claim": _ClaimLine,
    "article": _ArticleLine,
    "diagnostic": _DiagnosticLine,
}


@dataclass(frozen=True, slots=True)
class ClaimsFile:
    """What a claims file holds, in the order it was written."""

    rulebook: str
    factcheck: str
    root: str | None
    articles: tuple[ArticleInfo, ...]
    claims: tuple[Claim, ...]
    diagnostics: tuple[Diagnostic, ...]


def read_claims(stream: TextIO, name: str) -> ClaimsFile:
    """Read and validate a claims file; raise `ClaimsInvalid` at the first bad line."""
    lines = iter(enumerate(stream, start=1))
    head = _read_header(lines, name)
    articles: list[ArticleInfo] = []
    claims: list[Claim] = []
    diagnostics: list[Diagnostic] = []
    for number, line in lines:
        if not line.strip():
            continue
        kind, data = _record(line, name, number)
        if kind == "claim":
            claims.append(decode_claim(data))
        elif kind == "article":
            articles.append(decode_article(data))
        else:
            diagnostics.append(decode_diagnostic(data))
    return ClaimsFile(
        head.rulebook, head.factcheck, head.root, tuple(articles), tuple(claims), tuple(diagnostics)
    )


def _read_header(lines: Iterator[tuple[int, str]], name: str) -> _Header:
    for number, line in lines:
        if not line.strip():
            continue
        data = _json(line, name, number)
        if data.get("format") != FORMAT:
            raise ClaimsInvalid(f"{name}:{number}: not a factcheck claims file (no header line)")
        if data.get("version") != VERSION:
            raise ClaimsInvalid(
                f"{name}:{number}: claims format version {data.get('version')!r} is not"
                f" supported (this factcheck reads version {VERSION})"
            )
        try:
            return _Header.model_validate(data)
        except ValidationError as bad:
            raise ClaimsInvalid(_located(name, number, "header", bad)) from None
    raise ClaimsInvalid(f"{name}: empty file (expected a header line)")


def _json(line: str, name: str, number: int) -> JsonObject:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as bad:
        raise ClaimsInvalid(
            f"{name}:{number}: not JSON ({bad.msg} at column {bad.colno})"
        ) from None
    except RecursionError:  # [[[[... deeper than the decoder recurses
        raise ClaimsInvalid(f"{name}:{number}: not JSON (nested too deeply)") from None
    if not isinstance(data, dict):
        raise ClaimsInvalid(f"{name}:{number}: expected a JSON object")
    return data


def _record(line: str, name: str, number: int) -> tuple[str, JsonObject]:
    """The kind and the (validated) body of one line."""
    data = _json(line, name, number)
    kind = next(iter(data), "")
    if len(data) != 1 or kind not in _RECORDS:
        known = ", ".join(sorted(_RECORDS))
        got = ", ".join(sorted(data)) or "none"
        raise ClaimsInvalid(f"{name}:{number}: expected one key ({known}), got {got}")
    try:
        _RECORDS[kind].model_validate_json(line)
    except ValidationError as bad:
        raise ClaimsInvalid(_located(name, number, kind, bad)) from None
    body: JsonObject = data[kind]
    return kind, body


def _located(name: str, number: int, kind: str, bad: ValidationError) -> str:
    error = bad.errors(include_url=False)[0]
    path = [str(p) for p in error["loc"]]
    where = ".".join(path[1:] if path[:1] == [kind] else path)
    field = f" field '{where}':" if where else ""
    return f"{name}:{number}: {kind}:{field} {error['msg']}"


# --- writing ----------------------------------------------------------------------------


class ClaimsWriter:
    """Writes a claims file line by line, so extraction can stream into it."""

    def __init__(self, stream: TextIO, rulebook: str, root: str | None = None) -> None:
        self._stream = stream
        self._stream.write(dumps(header(rulebook, root)) + "\n")

    def diagnostic(self, diagnostic: Diagnostic) -> None:
        self._stream.write(dumps({"diagnostic": encode_diagnostic(diagnostic)}) + "\n")

    def article(self, article: ArticleInfo, claims: Iterable[Claim]) -> None:
        self._stream.write(dumps({"article": encode_article(article)}) + "\n")
        for claim in claims:
            self._stream.write(dumps({"claim": encode_claim(claim)}) + "\n")
