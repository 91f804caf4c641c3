"""Gold labels: the file format of ../shared/dev/README.md and how a claim matches one.

Used by `factcheck eval` (scoring against a gold file) and `factcheck rules test`
(rule examples use the same value encoding), so both agree on what "the same value"
means.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from checker.model import Claim, DateValue, EntitySet, Holder, Name, Quantity, Stance


class GoldClaim(BaseModel):
    model_config = ConfigDict(extra="ignore")
    article: str
    fact: str
    event: str | None = None
    value: Any = None
    quote: str | None = None
    optional: bool = False


class GoldFinding(BaseModel):
    model_config = ConfigDict(extra="ignore")
    fact: str
    kind: str
    event: str | None = None
    entity: str | None = None
    articles: list[str] = Field(default_factory=list)
    optional: bool = False


class GoldNonFinding(BaseModel):
    model_config = ConfigDict(extra="ignore")
    fact: str
    event: str | None = None
    articles: list[str] = Field(default_factory=list)
    reason: str | None = None


class GoldFile(BaseModel):
    model_config = ConfigDict(extra="ignore")
    claims: list[GoldClaim] = Field(default_factory=list)
    findings: list[GoldFinding] = Field(default_factory=list)
    non_findings: list[GoldNonFinding] = Field(default_factory=list)


def _date(x: Any) -> date:
    return x if isinstance(x, date) else date.fromisoformat(str(x))


def _interval(value: Any) -> tuple[float | None, float | None]:
    if isinstance(value, dict):
        low, high = value.get("low"), value.get("high")
        return (None if low is None else float(low), None if high is None else float(high))
    return float(value), float(value)


def _overlap(a: tuple[float | None, float | None], b: tuple[float | None, float | None]) -> bool:
    a_lo, a_hi = (
        a[0] if a[0] is not None else float("-inf"),
        a[1] if a[1] is not None else float("inf"),
    )
    b_lo, b_hi = (
        b[0] if b[0] is not None else float("-inf"),
        b[1] if b[1] is not None else float("inf"),
    )
    return a_lo <= b_hi and b_lo <= a_hi


def _dates(value: Any) -> tuple[date, date]:
    if isinstance(value, dict):
        return _date(value["start"]), _date(value["end"])
    return _date(value), _date(value)


def _norm(text: Any) -> str:
    return " ".join(str(text or "").replace("-", " ").casefold().split())


Resolver = Callable[[str], str | None]  # a person's name as written -> entity id


def compatible(claim: Claim, expected: Any, resolve: Resolver | None = None) -> bool:
    """The README's matching rule: overlap for intervals, equality for the rest."""
    value = claim.value
    try:
        if isinstance(value, Quantity):
            return _overlap((value.low, value.high), _interval(expected))
        if isinstance(value, DateValue):
            first, last = _dates(expected)
            return value.start <= last and first <= value.end
        return _equal_other(value, expected, resolve)
    except (KeyError, TypeError, ValueError):
        return False


def exact(claim: Claim, expected: Any) -> bool:
    """Rule examples: the text must give exactly this value."""
    value = claim.value
    try:
        if isinstance(value, Quantity):
            return (value.low, value.high) == _interval(expected) or (
                not isinstance(expected, dict) and value.point == float(expected) and value.exact
            )
        if isinstance(value, DateValue):
            return (value.start, value.end) == _dates(expected)
        return _equal_other(value, expected)
    except (KeyError, TypeError, ValueError):
        return False


def _equal_other(value: object, expected: Any, resolve: Resolver | None = None) -> bool:
    if isinstance(value, EntitySet):
        return {_norm(m) for m in value.members} == {_norm(m) for m in expected}
    if isinstance(value, Holder):
        holder: object = expected.get("holder")
        if holder is None or value.entity is None:
            return (
                holder is None
                and value.entity is None
                and _norm(value.capacity or value.office) == _norm(expected.get("office"))
            )
        if _norm(value.name or value.entity) == _norm(holder):
            return True
        return resolve is not None and resolve(str(holder)) == value.entity
    if isinstance(value, Stance):
        return bool(value.item == expected["item"] and value.polarity == bool(expected["polarity"]))
    if isinstance(value, Name):
        return bool(value.entity == expected["entity"] and value.surface == expected["surface"])
    return False
