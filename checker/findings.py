"""Findings: disagreements classified by the taxonomy of DESIGN §6, each with its
claims, a reason for its kind and a content fingerprint.

One finding per (fact, event, subject, kind): an editor reads "the death toll of the
January 2022 unrest was revised" once, with every article that took part, rather than
one line per pair of articles.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import chain

from checker.compare import (
    Cluster,
    Conflict,
    Relation,
    cluster_claims,
    conflicts,
    groups,
    settled,
)
from checker.extract.compiled import CompiledFact, CompiledRulebook
from checker.model import (
    Claim,
    FactKind,
    Finding,
    FindingKind,
    Level,
    Quantity,
    fingerprint,
)
from checker.timeline import Check, Timeline, timeline_for

_SAME_STATE = "same_state"
DISAGREEMENT_KINDS = (
    FindingKind.CONTRADICTION,
    FindingKind.INTERNAL_INCONSISTENCY,
    FindingKind.REFERENCE_MISMATCH,
)


@dataclass(frozen=True, slots=True)
class GroupContext:
    fact: CompiledFact
    event_id: str | None
    subject: str | None
    timeline: Timeline | None
    event_end: date | None
    preferred: str | None = None


def find(
    claims: Iterable[Claim], rules: CompiledRulebook, *, ordered: bool = False
) -> list[Finding]:
    """Every finding of a run, sorted.  `ordered` says the claims already come in
    `Claim.sort_key` order, so their positions can stand for their keys."""
    out: list[Finding] = []
    for key, unsorted in groups(claims).items():
        group = unsorted if ordered else sorted(unsorted, key=Claim.sort_key)
        out.extend(group_findings(key, group, rules))
    return sorted(out, key=Finding.sort_key)


def group_findings(
    key: tuple[str, str, str], group: Sequence[Claim], rules: CompiledRulebook
) -> list[Finding]:
    """The findings of one claim group (fact, event, subject), its claims given in
    `Claim.sort_key` order: no finding depends on claims of another group."""
    fact_id, event_id, subject = key
    compiled = rules.facts.get(fact_id)
    if compiled is None:
        return []
    ctx = GroupContext(
        compiled,
        event_id or None,
        subject or None,
        timeline_for(compiled.fact, _canonical(rules), rules.gazetteer.canonical_name),
        _event_end(rules, event_id),
        _preferred(rules, compiled, subject),
    )
    if compiled.kind == FactKind.NAMING:
        return naming_findings(ctx, group)
    return value_findings(ctx, group)


def _canonical(rules: CompiledRulebook):  # type: ignore[no-untyped-def]
    def canonical(name: str) -> str:
        return rules.gazetteer.country(name) or name

    return canonical


def _preferred(rules: CompiledRulebook, fact: CompiledFact, subject: str) -> str | None:
    if fact.kind != FactKind.NAMING or subject not in rules.rulebook.entities:
        return None
    return rules.gazetteer.canonical_name(subject)


def _event_end(rules: CompiledRulebook, event_id: str) -> date | None:
    event = rules.rulebook.events.get(event_id) if event_id else None
    return event.end if event else None


# --- values ----------------------------------------------------------------------------


def value_findings(ctx: GroupContext, group: Sequence[Claim]) -> list[Finding]:
    """The findings of one group, given in `Claim.sort_key` order."""
    fact = ctx.fact.fact
    clusters = cluster_claims(ctx.fact.kind, group, getattr(fact, "tolerance", 0.0))
    state = ctx.fact.kind in (FactKind.MEMBERSHIP, FactKind.ROLE)
    changes = state or bool(getattr(fact, "changes_over_time", False))
    pieces: dict[str, dict[int, Sequence[Claim]]] = defaultdict(dict)
    undated_note = False
    if len(clusters) > 1:
        window = fact.window if fact.window is not None else 0
        settles = int(getattr(fact, "settles_after", 90))

        def is_settled(claim: Claim) -> bool:
            return settled(claim, ctx.event_end, settles)

        window = window if changes else 10**6
        for conflict in conflicts(clusters, window, ctx.timeline, is_settled):
            undated_note |= _classify(ctx, conflict, changes, state, pieces)
    buckets = _claims_by_kind(pieces)
    _fold_internal(buckets)
    _resolve_states(ctx, buckets)
    if ctx.timeline is not None:
        _mismatches(ctx, group, buckets)
    positions = dict(zip(map(id, group), range(len(group)), strict=True))
    return [
        _finding(ctx, FindingKind(kind), _in_order(claims, positions), clusters, undated_note)
        for kind, claims in buckets.items()
        if claims
    ]


def _claims_by_kind(pieces: dict[str, dict[int, Sequence[Claim]]]) -> dict[str, dict[int, Claim]]:
    """Each kind's claims by id, from the distinct pieces the conflicts filed under it."""
    buckets: dict[str, dict[int, Claim]] = defaultdict(dict)
    for kind, distinct in pieces.items():
        claims = buckets[kind]
        for piece in distinct.values():
            claims.update(zip(map(id, piece), piece, strict=True))
    return buckets


def _in_order(claims: dict[int, Claim], positions: dict[int, int]) -> tuple[Claim, ...]:
    """Claims (by id) in the order of their group, whose `positions` are given by id."""
    return tuple(map(claims.__getitem__, sorted(claims, key=positions.__getitem__)))


def _classify(
    ctx: GroupContext,
    conflict: Conflict,
    changes: bool,
    state: bool,
    pieces: dict[str, dict[int, Sequence[Claim]]],
) -> bool:
    """Sort one conflict's claims into finding kinds; True when undated claims took part.
    Pieces are kept by identity: one bucket filed by many conflicts is taken in once."""
    same = conflict.pieces.get(Relation.SAME, ())
    if same:
        _add(pieces, _same_time_kind(chain.from_iterable(same)), same)
    if ctx.timeline is not None:
        _same_state(ctx, conflict.get(Relation.SAME_STATE), pieces)
    later = conflict.pieces.get(Relation.LATER, ())
    if later:
        kind = _other_time_kind(chain.from_iterable(later), changes, state)
        _add(pieces, kind, later)
    _add(pieces, FindingKind.CONTRADICTION, conflict.pieces.get(Relation.SETTLED, ()))
    undated = conflict.pieces.get(Relation.UNDATED, ())
    if undated:
        _add(pieces, _undated_kind(ctx, conflict.get(Relation.UNDATED), changes, state), undated)
    return bool(undated)


def _same_state(
    ctx: GroupContext, claims: Sequence[Claim], pieces: dict[str, dict[int, Sequence[Claim]]]
) -> None:
    """Days apart while the timeline shows no change: the timeline says who is wrong.

    Kept aside until every conflict is seen: if the wrong claim also contradicts a
    same-day source, the whole dispute is one contradiction (see `_resolve_states`).
    """
    if not claims or ctx.timeline is None:
        return
    if any(ctx.timeline.check(c) == Check.MISMATCH for c in claims):
        _add(pieces, _SAME_STATE, (claims,))
    else:
        _add(pieces, _same_time_kind(claims), (claims,))


def _resolve_states(ctx: GroupContext, buckets: dict[str, dict[int, Claim]]) -> None:
    pending = buckets.pop(_SAME_STATE, {})
    if not pending or ctx.timeline is None:
        return
    disputed = buckets.get(FindingKind.CONTRADICTION, {})
    if any(i in disputed for i in pending):
        disputed.update(pending)
        return
    for i, c in pending.items():
        if ctx.timeline.check(c) == Check.MISMATCH:
            buckets[FindingKind.REFERENCE_MISMATCH][i] = c


def _undated_kind(
    ctx: GroupContext, claims: Sequence[Claim], changes: bool, state: bool
) -> FindingKind:
    """Without dates, a changing figure most likely moved on; a state, if the timeline allows."""
    if state and ctx.timeline is not None and all(ctx.timeline.ever(c) for c in claims):
        return FindingKind.TEMPORAL_CHANGE
    if changes and not state:
        return FindingKind.REVISION
    return FindingKind.CONTRADICTION


def _fold_internal(buckets: dict[str, dict[int, Claim]]) -> None:
    """An article contradicting itself and others is one contradiction, not two findings."""
    contradiction = buckets.get(FindingKind.CONTRADICTION)
    internal = buckets.get(FindingKind.INTERNAL_INCONSISTENCY)
    if contradiction and internal:
        contradiction.update(internal)
        internal.clear()


def _add(
    pieces: dict[str, dict[int, Sequence[Claim]]], kind: str, parts: Sequence[Sequence[Claim]]
) -> None:
    if parts:
        pieces[kind].update((id(part), part) for part in parts)


def _same_time_kind(claims: Iterable[Claim]) -> FindingKind:
    articles = (c.evidence.article_id for c in claims)
    first = next(articles, None)
    if all(article == first for article in articles):  # stops at a second article
        return FindingKind.INTERNAL_INCONSISTENCY
    return FindingKind.CONTRADICTION


def _other_time_kind(claims: Iterable[Claim], changes: bool, state: bool) -> FindingKind:
    if not changes:
        return _same_time_kind(claims)
    return FindingKind.TEMPORAL_CHANGE if state else FindingKind.REVISION


def _mismatches(
    ctx: GroupContext, group: Sequence[Claim], buckets: dict[str, dict[int, Claim]]
) -> None:
    """Claims wrong for their own date: shown by a contradiction, else by their own finding."""
    assert ctx.timeline is not None
    shown = set(buckets[FindingKind.CONTRADICTION]) | set(
        buckets[FindingKind.INTERNAL_INCONSISTENCY]
    )
    wrong = [c for c in group if ctx.timeline.check(c) == Check.MISMATCH]
    for c in wrong:
        buckets[FindingKind.TEMPORAL_CHANGE].pop(id(c), None)
        if id(c) not in shown:
            buckets[FindingKind.REFERENCE_MISMATCH][id(c)] = c


def _level(
    ctx: GroupContext,
    kind: FindingKind,
    explained: bool | None,
    claims: Sequence[Claim],
    undated: bool,
) -> Level:
    rule_level = ctx.fact.fact.level
    if kind in DISAGREEMENT_KINDS:
        level = Level(rule_level) if rule_level else Level.ERROR
        if undated and not _any_same_day(claims):
            return Level.WARNING if level == Level.ERROR else level
        return level
    if kind == FindingKind.TEMPORAL_CHANGE:
        return Level.NOTE if explained else Level.WARNING
    return Level.NOTE


def _any_same_day(claims: Sequence[Claim]) -> bool:
    seen: dict[date, set[str]] = defaultdict(set)
    for c in claims:
        if c.valid_at is not None:
            seen[c.valid_at].add(c.value.key())
    per_article: dict[str, set[str]] = defaultdict(set)
    for c in claims:
        per_article[c.evidence.article_id].add(c.value.key())
    return any(len(v) > 1 for v in seen.values()) or any(len(v) > 1 for v in per_article.values())


def _finding(
    ctx: GroupContext,
    kind: FindingKind,
    claims: tuple[Claim, ...],
    clusters: Sequence[Cluster],
    undated: bool,
) -> Finding:
    explained = _explained(ctx, kind, claims)
    level = _level(ctx, kind, explained, claims, undated)
    values = _values(claims)
    return Finding(
        fact_id=ctx.fact.id,
        kind=kind,
        level=level,
        message=_message(ctx, values),
        claims=claims,
        event_id=ctx.event_id,
        explanation=_explanation(ctx, kind, claims, explained, values),
        fingerprint=fingerprint(ctx.fact.id, kind, ctx.event_id, ctx.subject, claims),
        subject=ctx.subject,
        explained=explained,
    )


def _explained(ctx: GroupContext, kind: FindingKind, claims: Sequence[Claim]) -> bool | None:
    if kind != FindingKind.TEMPORAL_CHANGE:
        return None
    if ctx.timeline is None:
        return False
    dated = [c for c in claims if c.valid_at is not None]
    return all(ctx.timeline.check(c) == Check.MATCH for c in dated) and all(
        ctx.timeline.ever(c) for c in claims if c.valid_at is None
    )


# --- wording ---------------------------------------------------------------------------


def _values(claims: Sequence[Claim]) -> list[tuple[str, list[Claim]]]:
    """The claims by the text of their value, in timeline order.  Grouped by value
    object and qualifier first (decoded claims share values), so each group is shown
    once; groups shown alike (rare) are merged claim by claim, keeping claim order."""
    by_value: dict[tuple[int, str | None], list[Claim]] = defaultdict(list)
    for c in claims:
        by_value[id(c.value), c.qualifier].append(c)
    shown = {key: _shown(group[0]) for key, group in by_value.items()}
    by: dict[str, list[Claim]]
    if len(set(shown.values())) == len(shown):
        by = {shown[key]: group for key, group in by_value.items()}
    else:
        by = defaultdict(list)
        for c in claims:
            by[shown[id(c.value), c.qualifier]].append(c)
    return sorted(by.items(), key=lambda kv: _first_time(kv[1]))


_UNDATED = date(9999, 1, 1).toordinal() - 0.5  # after every date before the year 9999


def _first_time(claims: Sequence[Claim]) -> tuple[bool, float]:
    """Earlier figures first, then by date: values read as a timeline.  Over the distinct
    (flag, day) pairs: a value's thousands of claims share a few dozen days."""
    times = {(c.earlier, c.valid_at) for c in claims}
    return min((not earlier, day.toordinal() if day else _UNDATED) for earlier, day in times)


def _shown(claim: Claim) -> str:
    value = claim.value
    text = value.display()
    if isinstance(value, Quantity) and claim.qualifier and claim.qualifier != "range":
        text = f"{claim.qualifier} {text}"
    return text


def _where(claims: Sequence[Claim]) -> str:
    """Each article with its day (a finding may hold 100,000 claims): an article's first
    claim gives its day, and it is an earlier figure only if no claim of it is current.
    No list per article (most have one claim or two), and each day written once."""
    first = {c.evidence.article_id: c for c in reversed(claims)}  # the first one stays
    current = {c.evidence.article_id for c in claims if not c.earlier}
    days: dict[date | None, str] = {}
    parts = []
    for article in sorted(first):
        day = first[article].valid_at
        shown = days.get(day)
        if shown is None:
            shown = days[day] = day.isoformat() if day else "undated"
        earlier = "" if article in current else " (earlier figure)"
        parts.append(f"{article} {shown}{earlier}")
    return "; ".join(parts)


def _message(ctx: GroupContext, by_value: Sequence[tuple[str, list[Claim]]]) -> str:
    rule_message = ctx.fact.fact.message or f"{ctx.fact.id} differs between sources"
    values = " vs ".join(f"'{v}'" for v, _ in by_value)
    subject = f" [{ctx.subject}]" if ctx.subject else ""
    return f"{rule_message}{subject}: {values}"


def _explanation(
    ctx: GroupContext,
    kind: FindingKind,
    claims: Sequence[Claim],
    explained: bool | None,
    by_value: Sequence[tuple[str, list[Claim]]],
) -> str:
    lines = [f"{value}: {_where(cs)}" for value, cs in by_value]
    lines.append(_reason(ctx, kind, claims, explained))
    return "\n".join(lines)


def _reason(
    ctx: GroupContext, kind: FindingKind, claims: Sequence[Claim], explained: bool | None
) -> str:
    undated = sorted({c.evidence.article_id for c in claims if c.valid_at is None})
    caveat = (
        f" {', '.join(undated)} {'is' if len(undated) == 1 else 'are'} undated, so the"
        " times could not be compared; this is not a guess about when it was written."
        if undated
        else ""
    )
    timeline = _timeline_note(ctx, claims)
    if kind == FindingKind.INTERNAL_INCONSISTENCY:
        return "One article states different values for the same time." + timeline + caveat
    if kind == FindingKind.CONTRADICTION:
        inside = _inside(claims)
        return (
            "The values are incompatible and speak of the same time." + inside + timeline + caveat
        )
    if kind == FindingKind.REVISION:
        return (
            "The figure changed over time while the event was recent: later reports revise"
            " earlier ones." + caveat
        )
    if kind == FindingKind.TEMPORAL_CHANGE:
        how = (
            "The reference timeline accounts for the change."
            if explained
            else "No reference timeline accounts for the change."
        )
        return f"The values were reported at different times. {how}{timeline}{caveat}"
    if kind == FindingKind.REFERENCE_MISMATCH:
        return "The claim disagrees with the reference timeline at its own date." + timeline
    return caveat


def _inside(claims: Sequence[Claim]) -> str:
    first: dict[str, str] = {}
    several: set[str] = set()
    for c in claims:
        article, key = c.evidence.article_id, c.value.key()
        if first.setdefault(article, key) != key:
            several.add(article)
    inside = sorted(several)
    return f" Partly inside one article: {', '.join(inside)}." if inside else ""


def _timeline_note(ctx: GroupContext, claims: Sequence[Claim]) -> str:
    if ctx.timeline is None:
        return ""
    days = sorted({c.valid_at for c in claims if c.valid_at is not None})
    notes = [ctx.timeline.describe(d) for d in days]
    for c in claims:
        if c.valid_at is None:
            periods = ctx.timeline.ever(c)
            if periods:
                notes.append(f"'{_shown(c)}' matches the timeline for {', '.join(periods)}")
    return (" Timeline: " + "; ".join(dict.fromkeys(notes)) + ".") if notes else ""


# --- names -----------------------------------------------------------------------------


def _spelling(surface: str) -> tuple[str | None, str]:
    tokens = surface.replace("-", " ").casefold().split()
    return (" ".join(tokens[:-1]) or None, tokens[-1])


def naming_findings(ctx: GroupContext, group: Sequence[Claim]) -> list[Finding]:
    classes: list[tuple[str | None, str, list[Claim]]] = []
    for claim in sorted(group, key=lambda c: (-len(c.value.display()), c.sort_key())):
        given, surname = _spelling(claim.value.display())
        for i, (g, s, members) in enumerate(classes):
            if s == surname and (given is None or g is None or g == given):
                members.append(claim)
                if g is None and given is not None:
                    classes[i] = (given, s, members)
                break
        else:
            classes.append((given, surname, [claim]))
    if len(classes) < 2:
        return []
    claims = tuple(group)  # in `Claim.sort_key` order already
    inside = _articles_with_several(classes)
    level = Level.WARNING if inside else Level.NOTE
    kind = FindingKind.NAMING_VARIANT
    name = ctx.subject or ""
    return [
        Finding(
            fact_id=ctx.fact.id,
            kind=kind,
            level=level,
            message=_naming_message(ctx, classes),
            claims=claims,
            event_id=None,
            explanation=_naming_explanation(classes, inside),
            fingerprint=fingerprint(ctx.fact.id, kind, None, name, claims),
            subject=ctx.subject,
        )
    ]


def _articles_with_several(classes: Sequence[tuple[str | None, str, list[Claim]]]) -> list[str]:
    seen: dict[str, int] = defaultdict(int)
    for _, _, members in classes:
        for article in {c.evidence.article_id for c in members}:
            seen[article] += 1
    return sorted(a for a, n in seen.items() if n > 1)


def _naming_message(
    ctx: GroupContext, classes: Sequence[tuple[str | None, str, list[Claim]]]
) -> str:
    forms = [sorted({c.value.display() for c in members})[0] for _, _, members in classes]
    who = ctx.preferred or ctx.subject or "entity"
    spelled = " vs ".join(f"'{f}'" for f in forms)
    return f"{who} is spelled {len(classes)} ways: {spelled}; preferred: {who}"


def _naming_explanation(
    classes: Sequence[tuple[str | None, str, list[Claim]]], inside: Sequence[str]
) -> str:
    lines = []
    for _, _, members in classes:
        forms = sorted({c.value.display() for c in members})
        articles = sorted({c.evidence.article_id for c in members})
        lines.append(f"{' / '.join(forms)}: {', '.join(articles)}")
    if inside:
        lines.append(f"Inside one article: {', '.join(inside)}.")
    return "\n".join(lines)
