"""The rulebook compiled once per run: cue alternations, RE2 patterns, the gazetteer.

Everything an extractor matches is built here, so extracting an article never
compiles anything (DESIGN §8).  User-written `patterns` run on RE2 (linear time, safe
on untrusted text); cues are escaped literal phrases and use `re`.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import re2

from checker.extract.cues import CueSet
from checker.model import FactKind
from checker.rulebook.loader import Rulebook
from checker.rulebook.models import AnyFact, EventDef, MembershipFact, StatementFact
from checker.text import Document
from checker.values.entities import Gazetteer

SUBJECT = "{subject}"
GENERIC_SUBJECTS = ("the organization", "the organisation", "the bloc", "the alliance")


@dataclass(frozen=True, slots=True)
class Pattern:
    """An RE2 pattern and the offset group of its `value` (None: the whole match)."""

    regex: Any
    value_group: int | None
    unanchored: bool = False  # no ^, $, \A or \z: a match means the same in any text around it

    def sentences(self, doc: Document) -> frozenset[int]:
        """The indexes of the sentences in which the pattern matches (`search`).

        An unanchored pattern is first run once over the whole article: a match inside a
        sentence is a match in the article too, so only sentences that some match of the
        article overlaps are searched one by one.  A sentence that does not stand alone
        (a word cut in two) is always searched: a word boundary could differ there."""
        search = self.regex.search
        if not self.unanchored:
            return frozenset(s.index for s in doc.sentences if search(s.text))
        text = doc.text
        found = [m.span() for m in self.regex.finditer(text)]
        starts = [start for start, _ in found]
        out: set[int] = set()
        for s in doc.sentences:
            if doc.stands_alone(s):
                i = bisect.bisect_right(starts, s.end) - 1  # the last match starting by its end
                near = found[max(0, i - 1) : i + 1] if i >= 0 else []
                if not any(_overlaps(a, b, s.start, s.end) for a, b in near):
                    continue
            if search(s.text):
                out.add(s.index)
        return frozenset(out)

    def matches(self, text: str) -> list[tuple[int, int]]:
        spans: list[tuple[int, int]] = []
        for m in self.regex.finditer(text):
            span = m.span(self.value_group) if self.value_group is not None else m.span()
            if span[0] >= 0:
                spans.append(span)
        return spans


_RE2_OPTIONS = re2.Options()
_RE2_OPTIONS.log_errors = False  # RE2 would print to stderr (e.g. "DFA out of memory"; it
# then falls back to its NFA, still linear): a check's stderr is for our diagnostics


def compile_pattern(source: str) -> Pattern:
    regex = re2.compile(source, _RE2_OPTIONS)
    return Pattern(regex, regex.groupindex.get("value"), _unanchored(source))


def _unanchored(source: str) -> bool:
    """Whether an RE2 pattern has no assertion about where the text begins or ends: no
    `^` or `$` outside a character class, no `\\A` or `\\z`."""
    i = 0
    in_class = False
    while i < len(source):
        c = source[i]
        if c == "\\":
            if source[i + 1 : i + 2] in ("A", "z") and not in_class:
                return False
            i += 2
            continue
        if in_class:
            if c == "]":
                in_class = False
            elif c == "[" and source[i + 1 : i + 2] == ":":  # [:alpha:] inside a class
                close = source.find(":]", i + 2)
                i = close + 2 if close >= 0 else i + 1
                continue
        elif c == "[":
            in_class = True
            i += 1
            if source[i : i + 1] == "^":
                i += 1
            if source[i : i + 1] == "]":  # a leading ] is a member
                i += 1
            continue
        elif c in "^$":
            return False
        i += 1
    return True


def _overlaps(a: int, b: int, start: int, end: int) -> bool:
    """Whether a match `[a, b)` (perhaps empty) touches a sentence `[start, end)`."""
    return a < end and start < b if a < b else start <= a <= end


@dataclass(frozen=True, slots=True)
class CompiledFact:
    fact: Any  # one of the rulebook's fact models
    kind: FactKind
    cues: CueSet
    context: CueSet
    not_near: tuple[str, ...]
    not_cues: CueSet
    patterns: tuple[Pattern, ...]
    items: tuple[tuple[str, CueSet, tuple[Pattern, ...]], ...] = ()
    subject: CueSet | None = None  # membership: the names of the organisation
    triggers: CueSet | None = (
        None  # its cues and its items' cues: what makes a sentence worth reading
    )

    @property
    def id(self) -> str:
        return str(self.fact.id)

    def cued(self, text: str) -> bool:
        """Whether one of the fact's cues (or its items' cues) occurs in the text."""
        return self.triggers is not None and self.triggers.search(text)

    @property
    def all_patterns(self) -> tuple[Pattern, ...]:
        """The fact's RE2 patterns and its items' patterns."""
        return self.patterns + tuple(p for _, _, patterns in self.items for p in patterns)


@dataclass(frozen=True, slots=True)
class CompiledEvent:
    event: EventDef
    cues: CueSet


class CompiledRulebook:
    """Compiled matchers for every fact, event and entity of a rulebook."""

    def __init__(self, rulebook: Rulebook) -> None:
        self.rulebook = rulebook
        self.gazetteer = Gazetteer(list(rulebook.entities.values()), rulebook.country_aliases)
        self.facts: dict[str, CompiledFact] = {f.id: self._compile_fact(f) for f in rulebook.facts}
        self.events = tuple(CompiledEvent(e, CueSet(e.cues)) for e in rulebook.events.values())
        self.any_cue = CueSet([c for f in self.facts.values() for c in _all_cues(f)])
        self.cue_facts: dict[str, frozenset[str]] = _cue_facts(self.facts.values())

    def of_kind(self, kind: FactKind) -> list[CompiledFact]:
        return [f for f in self.facts.values() if f.kind == kind]

    def _compile_fact(self, fact: AnyFact) -> CompiledFact:
        kind = FactKind(fact.extends)
        cues = list(fact.cues)
        subject = None
        if isinstance(fact, MembershipFact):
            names = self._subject_names(fact.subject)
            cues = _expand_subject(cues, names)
            subject = CueSet(names)
        items: tuple[tuple[str, CueSet, tuple[Pattern, ...]], ...] = ()
        if isinstance(fact, StatementFact):
            items = tuple(
                (i.id, CueSet(i.cues), tuple(compile_pattern(p) for p in i.patterns))
                for i in fact.items
            )
        item_cues = [
            c for i in (fact.items if isinstance(fact, StatementFact) else []) for c in i.cues
        ]
        return CompiledFact(
            fact=fact,
            kind=kind,
            cues=CueSet(cues),
            triggers=CueSet([*cues, *item_cues]),
            context=CueSet(fact.context),
            not_near=tuple(p.lower() for p in fact.not_near),
            not_cues=CueSet(getattr(fact, "not_cues", [])),
            patterns=tuple(compile_pattern(p) for p in fact.patterns),
            items=items,
            subject=subject,
        )

    def _subject_names(self, entity_id: str) -> list[str]:
        entity = self.rulebook.entities.get(entity_id)
        names = [entity.name, *entity.aliases] if entity else [entity_id]
        names += [f"the {n}" for n in names]
        return [*names, *GENERIC_SUBJECTS]


def _expand_subject(cues: Sequence[str], names: Sequence[str]) -> list[str]:
    out: list[str] = []
    for cue in cues:
        out.extend(cue.replace(SUBJECT, n) for n in names) if SUBJECT in cue else out.append(cue)
    return out


def _all_cues(fact: CompiledFact) -> list[str]:
    cues = list(fact.cues.phrases)
    for _, item_cues, _ in fact.items:
        cues.extend(item_cues.phrases)
    return cues


def _cue_facts(facts: Iterable[CompiledFact]) -> dict[str, frozenset[str]]:
    """Which facts each cue phrase belongs to: what one scan of an article tells each fact."""
    owners: dict[str, set[str]] = {}
    for fact in facts:
        for phrase in _all_cues(fact):
            owners.setdefault(phrase, set()).add(fact.id)
    return {phrase: frozenset(ids) for phrase, ids in owners.items()}
