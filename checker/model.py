"""Core data types shared by every stage.

Plain frozen dataclasses: they are created in the hot path (one per claim) and must
be cheap, hashable and safe to pass between processes.  No logic lives here beyond
ordering, value encoding and fingerprints, so that every stage can rely on the same
definitions without importing each other.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import IntEnum, StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any


class Level(StrEnum):
    """Finding levels, named as in SARIF."""

    NOTE = "note"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _LEVEL_RANK[self]


_LEVEL_RANK = {Level.NOTE: 1, Level.WARNING: 2, Level.ERROR: 3}


class ExitCode(IntEnum):
    OK = 0
    FINDINGS = 1
    USAGE = 2
    RULES_INVALID = 3
    INTERNAL = 4


class FindingKind(StrEnum):
    CONTRADICTION = "contradiction"
    INTERNAL_INCONSISTENCY = "internal_inconsistency"
    REVISION = "revision"
    TEMPORAL_CHANGE = "temporal_change"
    REFERENCE_MISMATCH = "reference_mismatch"
    NAMING_VARIANT = "naming_variant"


class ReviewStatus(StrEnum):
    """An editorial decision on a finding (`checker.reviews`)."""

    CONFIRMED = "confirmed"
    ACCEPTED = "accepted"
    FALSE_POSITIVE = "false_positive"
    FIXED = "fixed"

    @property
    def suppresses(self) -> bool:
        """Accepted and false-positive findings need no action, so they must not fail CI."""
        return self in (ReviewStatus.ACCEPTED, ReviewStatus.FALSE_POSITIVE)


class FactKind(StrEnum):
    QUANTITY = "quantity"
    MEMBERSHIP = "membership"
    DATE = "date"
    ROLE = "role"
    STATEMENT = "statement"
    NAMING = "naming"


@dataclass(frozen=True, slots=True)
class Article:
    id: str
    path: Path
    text: str
    published: date | None
    date_source: str  # manifest | front-matter | dateline | none
    outlet: str | None
    url: str | None
    title: str | None
    sha256: str
    text_offset: int = 0  # characters of front matter stripped before `text`
    line_offset: int = 0  # lines of front matter stripped before `text`


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A problem with an input file: reported in one line, never a traceback."""

    path: str
    message: str
    line: int | None = None
    field: str | None = None
    level: Level = Level.WARNING

    def render(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        what = f"field '{self.field}': {self.message}" if self.field else self.message
        return f"{where}: {what}"


# --- values -------------------------------------------------------------------------


# Value keys are compared, grouped and hashed millions of times over an archive: each
# value computes its key once, in a `_key` field that takes no part in equality, hashing
# or repr.


@dataclass(frozen=True, slots=True)
class Quantity:
    """A closed interval; `None` is an open end.  `point` is the figure as written."""

    low: float | None
    high: float | None
    point: float
    exact: bool = True
    unit: str | None = None
    _key: str = field(default="", init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_key", f"{_num(self.low)}..{_num(self.high)}")

    def encode(self) -> dict[str, Any]:
        return {"low": _num(self.low), "high": _num(self.high)}

    def key(self) -> str:
        return self._key

    def display(self) -> str:
        return _fmt_num(self.point)


@dataclass(frozen=True, slots=True)
class EntitySet:
    members: frozenset[str]
    _key: str = field(default="", init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_key", "|".join(sorted(self.members)))

    def encode(self) -> list[str]:
        return sorted(self.members)

    def key(self) -> str:
        return self._key

    def display(self) -> str:
        return ", ".join(sorted(self.members))


@dataclass(frozen=True, slots=True)
class DateValue:
    """An interval of days; precision says how the text put it (day, night, part, month…)."""

    start: date
    end: date
    precision: str = "day"
    _key: str = field(default="", init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_key", f"{self.start.isoformat()}..{self.end.isoformat()}")

    def encode(self) -> dict[str, str]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat()}

    def key(self) -> str:
        return self._key

    def display(self) -> str:
        if self.start == self.end:
            return self.start.isoformat()
        return f"{self.start.isoformat()} – {self.end.isoformat()}"


@dataclass(frozen=True, slots=True)
class Holder:
    """Who holds an office.

    `entity` is the holder's entity id (None when the text names only the capacity,
    "The President of Armenia, who is the chairman…"); `name` its preferred spelling;
    `capacity` the other office the holder is named by ("Prime Minister of Armenia").
    """

    office: str
    entity: str | None
    capacity: str | None = None
    name: str | None = None

    def encode(self) -> dict[str, str | None]:
        return {"office": self.capacity or self.office, "holder": self.name or self.entity}

    def key(self) -> str:
        if self.entity is not None:
            return f"holder:{self.entity}"
        return f"capacity:{(self.capacity or self.office).casefold()}"

    def display(self) -> str:
        who = self.name or self.entity
        if who and self.capacity:
            return f"{who} ({self.capacity})"
        return who or self.capacity or self.office


@dataclass(frozen=True, slots=True)
class Stance:
    item: str
    polarity: bool

    def encode(self) -> dict[str, Any]:
        return {"item": self.item, "polarity": self.polarity}

    def key(self) -> str:
        return f"{self.item}:{'yes' if self.polarity else 'no'}"

    def display(self) -> str:
        return f"{self.item}: {'yes' if self.polarity else 'no'}"


@dataclass(frozen=True, slots=True)
class Name:
    entity: str
    surface: str

    def encode(self) -> dict[str, str]:
        return {"entity": self.entity, "surface": self.surface}

    def key(self) -> str:
        return f"{self.entity}:{self.surface}"

    def display(self) -> str:
        return self.surface


Value = Quantity | EntitySet | DateValue | Holder | Stance | Name


def _num(x: float | None) -> int | float | None:
    if x is None:
        return None
    return int(x) if float(x).is_integer() else round(x, 6)


def _fmt_num(x: float) -> str:
    n = _num(x)
    return f"{n:,}" if isinstance(n, int) else str(n)


# --- claims and findings --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Evidence:
    article_id: str
    start: int
    end: int
    line: int
    column: int
    sentence: str


@dataclass(frozen=True, slots=True)
class Claim:
    """One value of one fact as one article states it.

    `valid_at` is the day the value is asserted for (the publication date unless the
    sentence dates it); `earlier` marks a figure the article itself reports as
    superseded ("the previous toll was 164"), valid some time before `valid_at`.
    `subject` distinguishes claims of one fact that are compared separately (the
    entity of a naming claim, the item of a statement).
    """

    fact_id: str
    kind: str
    value: Value
    raw: str
    qualifier: str | None
    evidence: Evidence
    event_id: str | None = None
    valid_at: date | None = None
    earlier: bool = False
    subject: str | None = None

    def sort_key(self) -> tuple[str, str, int, int, str]:
        return (
            self.fact_id,
            self.evidence.article_id,
            self.evidence.start,
            self.evidence.end,
            self.value.key(),
        )


@dataclass(frozen=True, slots=True)
class Finding:
    fact_id: str
    kind: FindingKind
    level: Level
    message: str
    claims: Sequence[Claim]  # a tuple, or a `checker.claimseq` view of packed claims
    event_id: str | None
    explanation: str | None
    fingerprint: str
    suppressed_by: str | None = None
    subject: str | None = None
    explained: bool | None = None
    review: str | None = None

    @property
    def articles(self) -> tuple[str, ...]:
        return tuple(sorted({c.evidence.article_id for c in self.claims}))

    def sort_key(self) -> tuple[str, str, str, str]:
        return (self.fact_id, self.event_id or "", self.kind.value, self.fingerprint)


def fingerprint(
    fact_id: str,
    kind: FindingKind,
    event_id: str | None,
    subject: str | None,
    claims: tuple[Claim, ...],
) -> str:
    """Content hash of a finding, stable across everything that is not its content.

    Each claim counts as (value, hash of its sentence) rather than (article id, value):
    article ids are paths, so a renamed or moved article would otherwise turn a known
    finding into a "new" one in code scanning and baselines.  The sentence hash keeps two
    claims of one value apart when they come from different statements; line numbers and
    whitespace are left out, so edits elsewhere in an article change nothing.  The claims
    are a sorted multiset: the same sentence stated twice counts twice.

    The hashed text is `json.dumps([fact_id, kind, event_id, subject, sorted parts])`
    (stored fingerprints depend on it), written part by part: a finding of 40,000
    claims has a few dozen distinct (value, sentence) pairs, so each sentence is hashed,
    and each part encoded, once per pair and repeated as often as it counts.
    """
    by_sentence = Counter((c.value.key(), c.evidence.sentence) for c in claims)
    parts: Counter[tuple[str, str]] = Counter()
    for (key, sentence), count in by_sentence.items():
        parts[key, sentence_digest(sentence)] += count  # reflowed sentences hash alike
    items = ", ".join(", ".join([json.dumps(part)] * n) for part, n in sorted(parts.items()))
    head = json.dumps([fact_id, kind.value, event_id, subject])
    payload = f"{head[:-1]}, [{items}]]"
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@lru_cache(maxsize=1 << 16)
def sentence_digest(sentence: str) -> str:
    """sha256 of a sentence with runs of whitespace collapsed (reflowed text hashes alike).
    Cached: a corpus's findings hash the same sentences again and again."""
    normalised = " ".join(sentence.split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class FactInfo:
    """What reporters need to know about a rule: its id, kind, wording and default level."""

    id: str
    kind: str
    message: str
    description: str | None
    level: Level | None
    origin: str | None = None  # "rules/file.yaml:LINE"
    changes_over_time: bool = False  # a state (membership, role) or a figure that is revised
    timeline: tuple[TimelinePeriod, ...] = ()  # the rule's reference timeline, if it has one


@dataclass(frozen=True, slots=True)
class TimelinePeriod:
    """One period of a rule's reference timeline, for reports that draw it.

    `keys` are the `Value.key()`s a claim valid inside the period must have to agree with
    the timeline (a holder's entity and capacity, a member list); `end` None is open.
    """

    start: date
    end: date | None
    label: str
    keys: tuple[str, ...]
    note: str | None = None


@dataclass(frozen=True, slots=True)
class EventInfo:
    id: str
    name: str
    start: date
    end: date


@dataclass(frozen=True, slots=True)
class ArticleInfo:
    """An article's metadata without its text: what a report keeps after extraction."""

    id: str
    path: str
    published: date | None
    date_source: str
    outlet: str | None
    url: str | None
    title: str | None
    sha256: str


@dataclass(frozen=True, slots=True)
class RunResult:
    """Everything one run produced, in order, ready for any reporter."""

    articles: Sequence[ArticleInfo]  # a tuple, or `checker.articleseq.Articles`
    claims: Sequence[Claim]  # a tuple, or `checker.claimseq.JoinedClaims`
    findings: tuple[Finding, ...]
    facts: tuple[FactInfo, ...] = ()
    events: tuple[EventInfo, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()
    hidden: int = 0  # findings left out of the report (`--changed-since`), counted for the summary
