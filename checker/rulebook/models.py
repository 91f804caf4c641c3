"""Pydantic models of rule files: the edge where user-written YAML becomes typed data.

Vale-style: every fact picks its kind with `extends`; each kind documents its own fields
on top of the shared ones.  `extra="forbid"` everywhere, so a misspelt key is an error
that names the fact and the key instead of being silently ignored.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from checker.model import Level

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_.\-]*$", max_length=80)]
Phrase = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Pattern = Annotated[str, StringConstraints(min_length=1, max_length=2000)]
"""An RE2 pattern: alternations of month or number words are longer than a phrase."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class EntityDef(Strict):
    """A person, organisation or place that facts refer to by id."""

    id: Id
    kind: Literal["person", "organization", "country", "place", "other"] = "person"
    name: Phrase = Field(description="The preferred spelling.")
    aliases: list[Phrase] = Field(default_factory=list, description="Accepted other spellings.")
    fuzzy: bool = Field(True, description="Match near-variants of the name with rapidfuzz.")


class CountriesDef(Strict):
    """Countries come from pycountry; these add names the standard does not know."""

    aliases: dict[str, list[Phrase]] = Field(default_factory=dict)


class EventDef(Strict):
    id: Id
    name: Phrase
    start: date
    end: date
    cues: list[Phrase] = Field(default_factory=list, description="Words that place a claim in it.")
    margin_days: int = Field(30, ge=0, description="Dates this close to the window still fit.")

    @model_validator(mode="after")
    def _ordered(self) -> EventDef:
        if self.end < self.start:
            raise ValueError("end is before start")
        return self


class Example(Strict):
    """A rule test: the text must give exactly `value` (null: nothing)."""

    text: Annotated[str, StringConstraints(min_length=1)]
    value: Any = None
    published: date | None = Field(None, description="Publication date for relative dates.")


class FactBase(Strict):
    id: Id
    message: Phrase | None = None
    level: Level | None = None
    description: str | None = None
    cues: list[Phrase] = Field(default_factory=list, description="Case-insensitive phrases.")
    patterns: list[Pattern] = Field(default_factory=list, description="RE2 regular expressions.")
    not_near: list[Phrase] = Field(
        default_factory=list, description="Words beside the value that make it a different figure."
    )
    context: list[Phrase] = Field(
        default_factory=list, description="One must appear in the sentence or its paragraph."
    )
    scope: Literal["event", "global"] = "global"
    window: int | None = Field(
        None, ge=0, description="Days within which differing values contradict (null: always)."
    )
    examples: list[Example] = Field(default_factory=list)


class QuantityFact(FactBase):
    extends: Literal["quantity"]
    changes_over_time: bool = False
    settles_after: int = Field(
        90, ge=0, description="Days after the event ends when figures settle."
    )
    tolerance: float = Field(0.0, ge=0, le=1, description="Relative slack when comparing.")
    approximation: float = Field(0.05, ge=0, le=1, description="Width of 'about N'.")
    not_cues: list[Phrase] = Field(
        default_factory=list, description="Other predicates that claim a nearby number."
    )
    min_value: float | None = None
    max_value: float | None = None
    allow_vague: bool = Field(False, description="Accept 'dozens', 'thousands'.")


class TimelineEntry(Strict):
    date: date
    set: list[Phrase] | None = None
    add: list[Phrase] | None = None
    remove: list[Phrase] | None = None
    note: str | None = None


class MembershipFact(FactBase):
    extends: Literal["membership"]
    subject: Id
    of: Literal["country", "organization", "person"] = "country"
    min_members: int = Field(2, ge=1)
    timeline: list[TimelineEntry] = Field(default_factory=list)


class DateFact(FactBase):
    extends: Literal["date"]
    duration_from: Id | None = Field(
        None, description="A duration in the sentence ('will take ten days') counts from this fact."
    )


class RoleTerm(Strict):
    holder: Id
    start: date
    end: date | None = None
    capacity: Phrase | None = None
    note: str | None = None


class RoleFact(FactBase):
    extends: Literal["role"]
    office: Phrase = Field(description="The office's name as reported.")
    holders: list[Id] = Field(default_factory=list, description="Entity ids that may hold it.")
    former: list[Phrase] = Field(
        default_factory=lambda: ["former", "ex-", "ex", "then", "previous", "late"],
        description="Words that make a mention historical.",
    )
    timeline: list[RoleTerm] = Field(default_factory=list)


class StatementItem(Strict):
    id: Id
    cues: list[Phrase] = Field(default_factory=list)
    patterns: list[Pattern] = Field(default_factory=list)


class StatementFact(FactBase):
    extends: Literal["statement"]
    items: list[StatementItem] = Field(min_length=1)


class NamingFact(FactBase):
    extends: Literal["naming"]
    entities: list[Id] = Field(min_length=1)
    threshold: int = Field(85, ge=50, le=100, description="rapidfuzz score for a near-variant.")


AnyFact = QuantityFact | MembershipFact | DateFact | RoleFact | StatementFact | NamingFact
Fact = Annotated[AnyFact, Field(discriminator="extends")]


class RuleFile(Strict):
    entities: list[EntityDef] = Field(default_factory=list)
    countries: CountriesDef | None = None
    events: list[EventDef] = Field(default_factory=list)
    facts: list[Fact] = Field(default_factory=list)
