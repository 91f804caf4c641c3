"""Reference timelines of state facts: who belonged, who held an office, when.

A timeline lets the comparator tell a change over time ("Uzbekistan suspended its
membership in 2012") from a contradiction, and catch a claim that is wrong for its own
date.  Membership timelines are a sequence of set/add/remove steps; role timelines are
terms with a start and an optional end.  Outside what a timeline covers nothing is
concluded.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from checker.model import Claim, EntitySet, Holder, TimelinePeriod
from checker.rulebook.models import MembershipFact, RoleFact, RoleTerm, TimelineEntry


class Check(StrEnum):
    MATCH = "match"
    MISMATCH = "mismatch"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Step:
    day: date
    members: frozenset[str]
    note: str | None


class Timeline:
    """Shared interface of the two timeline shapes."""

    def covers(self, day: date) -> bool:
        raise NotImplementedError

    def changes_between(self, first: date, last: date) -> bool:
        raise NotImplementedError

    def check(self, claim: Claim) -> Check:
        raise NotImplementedError

    def describe(self, day: date) -> str:
        raise NotImplementedError

    def state(self, day: date) -> Hashable | None:
        """What the timeline says holds on `day` (None where it does not cover it): two
        covered days differ by `changes_between` exactly when their states differ."""
        raise NotImplementedError

    def ever(self, claim: Claim) -> list[str]:
        """Periods in which the claim's value was right (for claims without a date)."""
        raise NotImplementedError

    def periods(self) -> tuple[TimelinePeriod, ...]:
        """The timeline as dated periods, for reports that draw it next to the claims."""
        raise NotImplementedError


class MembershipTimeline(Timeline):
    def __init__(self, entries: Sequence[TimelineEntry], canonical: Callable[[str], str]) -> None:
        steps: list[Step] = []
        members: frozenset[str] = frozenset()
        for e in sorted(entries, key=lambda x: x.date):
            if e.set is not None:
                members = frozenset(canonical(n) for n in e.set)
            members = (members | {canonical(n) for n in e.add or []}) - {
                canonical(n) for n in e.remove or []
            }
            steps.append(Step(e.date, members, e.note))
        self.steps = tuple(steps)
        self._days = [s.day for s in self.steps]

    def _at(self, day: date) -> Step | None:
        i = bisect_right(self._days, day) - 1
        return self.steps[i] if i >= 0 else None

    def covers(self, day: date) -> bool:
        return bool(self.steps) and day >= self.steps[0].day

    def changes_between(self, first: date, last: date) -> bool:
        before, after = self._at(first), self._at(last)
        return before is None or after is None or before.members != after.members

    def state(self, day: date) -> Hashable | None:
        step = self._at(day) if self.covers(day) else None
        return step.members if step is not None else None

    def check(self, claim: Claim) -> Check:
        step = self._at(claim.valid_at) if claim.valid_at else None
        if step is None or not isinstance(claim.value, EntitySet):
            return Check.UNKNOWN
        return Check.MATCH if claim.value.members == step.members else Check.MISMATCH

    def describe(self, day: date) -> str:
        step = self._at(day)
        if step is None:
            return f"the timeline starts after {day.isoformat()}"
        listed = ", ".join(sorted(step.members))
        note = f" ({step.note}, {step.day.isoformat()})" if step.note else ""
        return f"on {day.isoformat()} the members were {listed}{note}"

    def ever(self, claim: Claim) -> list[str]:
        if not isinstance(claim.value, EntitySet):
            return []
        periods: list[list[str]] = []
        previous: frozenset[str] | None = None
        for i, step in enumerate(self.steps):
            end = self.steps[i + 1].day.isoformat() if i + 1 < len(self.steps) else "today"
            if step.members == claim.value.members:
                if previous == step.members and periods:
                    periods[-1][1] = end
                else:
                    periods.append([step.day.isoformat(), end])
            previous = step.members
        return [f"{start} to {end}" for start, end in periods]

    def periods(self) -> tuple[TimelinePeriod, ...]:
        ends = [s.day for s in self.steps[1:]]
        return tuple(
            TimelinePeriod(
                start=step.day,
                end=end,
                label=", ".join(sorted(step.members)) or "no members",
                keys=("|".join(sorted(step.members)),),
                note=step.note,
            )
            for step, end in zip(self.steps, [*ends, None], strict=True)
        )


class RoleTimeline(Timeline):
    def __init__(self, terms: Sequence[RoleTerm], names: Callable[[str], str]) -> None:
        self.terms = tuple(sorted(terms, key=lambda t: t.start))
        self.names = names

    def _at(self, day: date) -> RoleTerm | None:
        holding = [t for t in self.terms if t.start <= day and (t.end is None or day <= t.end)]
        return holding[-1] if holding else None

    def covers(self, day: date) -> bool:
        return self._at(day) is not None

    def changes_between(self, first: date, last: date) -> bool:
        return self._at(first) != self._at(last)

    def state(self, day: date) -> Hashable | None:
        term = self._at(day)
        return None if term is None else term.model_dump_json()

    def check(self, claim: Claim) -> Check:
        term = self._at(claim.valid_at) if claim.valid_at else None
        value = claim.value
        if term is None or not isinstance(value, Holder):
            return Check.UNKNOWN
        if value.entity is not None:
            return Check.MATCH if value.entity == term.holder else Check.MISMATCH
        if term.capacity is None or value.capacity is None:
            return Check.UNKNOWN
        same = value.capacity.casefold() == term.capacity.casefold()
        return Check.MATCH if same else Check.MISMATCH

    def describe(self, day: date) -> str:
        term = self._at(day)
        if term is None:
            return f"the timeline does not cover {day.isoformat()}"
        cap = f" as {term.capacity}" if term.capacity else ""
        end = term.end.isoformat() if term.end else "today"
        return f"{self.names(term.holder)}{cap} held it from {term.start.isoformat()} to {end}"

    def ever(self, claim: Claim) -> list[str]:
        value = claim.value
        if not isinstance(value, Holder):
            return []
        return [
            f"{t.start.isoformat()} to {t.end.isoformat() if t.end else 'today'}"
            for t in self.terms
            if value.entity == t.holder
            or (
                value.entity is None
                and value.capacity
                and t.capacity
                and value.capacity.casefold() == t.capacity.casefold()
            )
        ]

    def periods(self) -> tuple[TimelinePeriod, ...]:
        return tuple(_term_period(t, self.names) for t in self.terms)


def _term_period(term: RoleTerm, names: Callable[[str], str]) -> TimelinePeriod:
    """A term of office; claims naming the holder or, without a name, the capacity agree."""
    keys = [f"holder:{term.holder}"]
    if term.capacity:
        keys.append(f"capacity:{term.capacity.casefold()}")
    label = names(term.holder) + (f" ({term.capacity})" if term.capacity else "")
    return TimelinePeriod(term.start, term.end, label, tuple(keys), term.note)


def timeline_for(
    fact: object, canonical_country: Callable[[str], str], entity_name: Callable[[str], str]
) -> Timeline | None:
    if isinstance(fact, MembershipFact) and fact.timeline:
        return MembershipTimeline(fact.timeline, canonical_country)
    if isinstance(fact, RoleFact) and fact.timeline:
        return RoleTimeline(fact.timeline, entity_name)
    return None
