"""`factcheck explain`: one finding with everything behind it, in plain text.

A report line says *that* sources disagree; an editor deciding what to do needs *why*:
each claim in its surrounding sentences, which event it was placed in and on what
evidence, which day it is taken to speak of, what the reference timeline says for that
day, and what reviewers decided before.  Scope is re-derived from the article text with
the same cue sets the scoper uses, so the reason given is one the scoper saw.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from checker.corpus import read_article
from checker.extract.compiled import CompiledEvent, CompiledRulebook
from checker.model import ArticleInfo, Claim, DateValue, Finding
from checker.report.base import sorted_claims
from checker.reviews import Decision
from checker.scope import Scoper
from checker.text import Document, split_document
from checker.timeline import Check, Timeline, timeline_for

RULE = "─" * 72


@dataclass(frozen=True, slots=True)
class Context:
    """A claim's sentence with its neighbours, or None where the article could not be read."""

    before: str | None
    sentence: str
    after: str | None
    index: int | None  # the sentence's position in the article


def _flat(text: str) -> str:
    return " ".join(text.split())


def sentence_context(doc: Document, offset: int, fallback: str) -> Context:
    """The sentence holding `offset` and the ones just before and after it."""
    sentence = doc.sentence_at(offset)
    if sentence is None:
        return Context(None, _flat(fallback), None, None)
    i = sentence.index
    before = doc.sentences[i - 1].text if i > 0 else None
    after = doc.sentences[i + 1].text if i + 1 < len(doc.sentences) else None
    return Context(
        _flat(before) if before else None,
        _flat(sentence.text),
        _flat(after) if after else None,
        i,
    )


# --- scope -----------------------------------------------------------------------------


def _event(rules: CompiledRulebook, event_id: str) -> CompiledEvent | None:
    return next((e for e in rules.events if e.event.id == event_id), None)


def _window(event: CompiledEvent) -> str:
    e = event.event
    return f"{e.name}, {e.start.isoformat()} to {e.end.isoformat()} (±{e.margin_days} days)"


def _cue_reason(event: CompiledEvent, doc: Document, index: int) -> str | None:
    sentence = doc.sentences[index]
    for where, text in (
        ("its sentence", sentence.text),
        ("its paragraph", doc.paragraph_text(sentence.paragraph)),
    ):
        hits = sorted({_flat(h.cue) for h in event.cues.hits(text)})
        if hits:
            named = ", ".join(f"'{h}'" for h in hits[:4])
            return f"{where} names {named}"
    return None


def _why_event(
    claim: Claim,
    event: CompiledEvent,
    doc: Document | None,
    index: int | None,
    scoper: Scoper | None,
) -> str:
    """The evidence the scoper had for this event, in the order it looks for it."""
    e = event.event
    value = claim.value
    if isinstance(value, DateValue) and value.start <= e.end and e.start <= value.end:
        return "the date itself falls inside the event's window"
    if doc is not None and index is not None:
        reason = _cue_reason(event, doc, index)
        if reason is not None:
            return reason
    if scoper is not None and scoper.dominant is not None and scoper.dominant.event.id == e.id:
        return "it is the article's dominant event (most cue mentions, publication date in window)"
    return "a date stated in its sentence falls inside the event's window"


def scope_reason(
    claim: Claim,
    rules: CompiledRulebook,
    doc: Document | None,
    index: int | None,
    scoper: Scoper | None,
) -> str:
    """Which event a claim belongs to and why; or why it is compared without one."""
    compiled = rules.facts.get(claim.fact_id)
    if compiled is None:
        return "the fact is not in the rules used for this run"
    if compiled.fact.scope != "event":
        return "not event-scoped: compared with this fact's claims in every article"
    event = _event(rules, claim.event_id) if claim.event_id else None
    if event is None:
        return f"event {claim.event_id or 'none'} (not in the rules)"
    why = _why_event(claim, event, doc, index, scoper)
    return (
        f"event {event.event.id} — {_window(event)}: {why}; claims of other events are "
        "never compared with it"
    )


def validity_reason(claim: Claim, published: date | None) -> str:
    """Which day the claim speaks of, where that day comes from, and whether it is earlier."""
    if claim.valid_at is None:
        text = "undated: no publication date and no date in the sentence; compared by in-text dates"
    elif published is not None and claim.valid_at == published:
        text = f"valid at {claim.valid_at.isoformat()}: the publication date"
    else:
        text = f"valid at {claim.valid_at.isoformat()}: a date its sentence states"
    if claim.earlier:
        text += "; the article marks it as an earlier figure, superseded by that day"
    return text


# --- timeline --------------------------------------------------------------------------


def _timeline(rules: CompiledRulebook, fact_id: str) -> Timeline | None:
    compiled = rules.facts.get(fact_id)
    if compiled is None:
        return None
    return timeline_for(
        compiled.fact,
        lambda name: rules.gazetteer.country(name) or name,
        rules.gazetteer.canonical_name,
    )


def timeline_lines(finding: Finding, rules: CompiledRulebook) -> Iterator[str]:
    """The finding's own reasoning, then the rule timeline's verdict on each claim's day."""
    yield from (finding.explanation or "(no explanation recorded)").splitlines()
    timeline = _timeline(rules, finding.fact_id)
    if timeline is None:
        return
    yield "Reference timeline, claim by claim:"
    for claim in sorted_claims(finding.claims):
        if claim.valid_at is None:
            periods = timeline.ever(claim)
            right = f"right for {', '.join(periods)}" if periods else "never right"
            yield f"  {claim.evidence.article_id}: undated; by the timeline {right}"
            continue
        verdict = {Check.MATCH: "agrees", Check.MISMATCH: "disagrees", Check.UNKNOWN: "no verdict"}
        yield (
            f"  {claim.evidence.article_id} ({claim.valid_at.isoformat()}): "
            f"{verdict[timeline.check(claim)]}; {timeline.describe(claim.valid_at)}"
        )


# --- review ----------------------------------------------------------------------------


def _decision_line(decision: Decision) -> str:
    who = decision.reviewer or "unknown reviewer"
    when = decision.date.isoformat() if decision.date else "undated"
    note = f": {decision.note}" if decision.note else ""
    return f"{decision.status.value} by {who} on {when}{note}"


def review_lines(fingerprint: str, decision: Decision | None) -> Iterator[str]:
    if decision is None:
        yield "not reviewed yet; record a decision with"
        yield f"  factcheck review set {fingerprint[:12]} --status STATUS --note TEXT"
        return
    yield f"current: {_decision_line(decision)}"
    for number, past in enumerate(reversed(decision.history), start=1):
        yield f"earlier ({number}): {_decision_line(past)}"


# --- the whole explanation -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ArticleView:
    """What explaining needs of one article: its metadata, split text and scoper."""

    info: ArticleInfo | None
    doc: Document | None
    scoper: Scoper | None


def article_views(
    finding: Finding, articles: Mapping[str, ArticleInfo], rules: CompiledRulebook
) -> dict[str, ArticleView]:
    """Re-read each article of the finding once; one that is gone explains from its quote."""
    views = {}
    for article_id in finding.articles:
        info = articles.get(article_id)
        article = read_article(Path(info.path), article_id)[0] if info is not None else None
        if article is None:
            views[article_id] = ArticleView(info, None, None)
            continue
        doc = split_document(article.text)
        published = info.published if info is not None else None
        views[article_id] = ArticleView(info, doc, Scoper(rules, doc, published))
    return views


def _value(claim: Claim) -> str:
    shown = claim.value.display()
    return f"{claim.qualifier} {shown}" if claim.qualifier else shown


def claim_lines(
    number: int, claim: Claim, view: ArticleView, rules: CompiledRulebook
) -> Iterator[str]:
    ev = claim.evidence
    info = view.info
    outlet = info.outlet if info is not None and info.outlet else "unknown outlet"
    published = info.published if info is not None else None
    day = published.isoformat() if published else "undated"
    yield f"{number}. {ev.article_id}:{ev.line}:{ev.column}  {outlet}, published {day}"
    yield f"   value: {_value(claim)}   (as written: {claim.raw!r})"
    if view.doc is not None:
        context = sentence_context(view.doc, ev.start, ev.sentence)
    else:
        context = Context(None, _flat(ev.sentence), None, None)
    if context.before:
        yield f"     {context.before}"
    yield f"   > {context.sentence}"
    if context.after:
        yield f"     {context.after}"
    yield f"   scope: {scope_reason(claim, rules, view.doc, context.index, view.scoper)}"
    yield f"   time: {validity_reason(claim, published)}"


def explain_lines(
    finding: Finding,
    articles: Mapping[str, ArticleInfo],
    rules: CompiledRulebook,
    decision: Decision | None,
) -> Iterator[str]:
    """The full explanation of one finding, section by section."""
    yield f"{finding.level.value.upper()} {finding.kind.value}  {finding.fact_id}"
    yield f"fingerprint {finding.fingerprint}"
    if finding.event_id:
        yield f"event {finding.event_id}"
    if finding.suppressed_by:
        yield f"suppressed by {finding.suppressed_by}"
    yield finding.message
    yield from _section("Claims", _all_claims(finding, articles, rules))
    yield from _section("Timeline reasoning", timeline_lines(finding, rules))
    yield from _section("Review", review_lines(finding.fingerprint, decision))


def _all_claims(
    finding: Finding, articles: Mapping[str, ArticleInfo], rules: CompiledRulebook
) -> Iterator[str]:
    views = article_views(finding, articles, rules)
    claims: Sequence[Claim] = sorted_claims(finding.claims)
    for number, claim in enumerate(claims, start=1):
        if number > 1:
            yield ""
        yield from claim_lines(number, claim, views[claim.evidence.article_id], rules)


def _section(title: str, lines: Iterator[str]) -> Iterator[str]:
    yield ""
    yield f"{title} {RULE[: max(0, 72 - len(title) - 1)]}"
    yield from lines
