"""Project decisions applied to finished findings: level overrides, baselines, changes.

Classification (`checker.findings`) says what the corpus contains; this module says what
this project wants to hear about.  Every function is pure: it takes a `RunResult` and
returns a new one, replacing findings with `dataclasses.replace`, never mutating them.

"Known" is decided on values, not only on fingerprints.  A finding's fingerprint covers
all of its claims, so an article that merely repeats a figure already in a known
discrepancy changes the fingerprint without telling the reader anything new.  A finding
is therefore old news when each of its distinct values was already stated in its claim
group (fact, event, subject); it is new when some value of it is new.  The same rule
serves baselines (known = the baseline's claims) and `--changed-since` (known = the
claims of articles the change did not touch).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import replace

from checker.baseline import Baseline, GroupKey, group_values
from checker.compare import group_key
from checker.model import Finding, Level, RunResult

BASELINE = "baseline"

KnownValues = Mapping[GroupKey, frozenset[str]]


def new_values(finding: Finding, known: KnownValues) -> frozenset[str]:
    """The distinct values of `finding` that its claim group did not have in `known`."""
    return frozenset(
        claim.value.key()
        for claim in finding.claims
        if claim.value.key() not in known.get(group_key(claim), frozenset())
    )


def covered(finding: Finding, baseline: Baseline) -> bool:
    """Whether the baseline already knew this finding: same fingerprint, or no new value."""
    return finding.fingerprint in baseline.fingerprints or not new_values(finding, baseline.values)


def apply_baseline(result: RunResult, baseline: Baseline) -> RunResult:
    """Mark findings the baseline covers as suppressed by it; they stay in the result.

    A finding already suppressed for another reason (an editorial review) keeps that
    reason: it is the more specific decision.
    """
    findings = tuple(
        replace(f, suppressed_by=BASELINE)
        if f.suppressed_by is None and covered(f, baseline)
        else f
        for f in result.findings
    )
    return replace(result, findings=findings)


def only_changed(result: RunResult, changed_articles: Collection[str]) -> RunResult:
    """Keep the findings a change is responsible for; count the rest as hidden.

    A finding involves the change when one of its values is carried only by claims of
    changed articles: an added article that agrees with one side of an old discrepancy
    does not make that discrepancy the change's doing.
    """
    unchanged = group_values(
        c for c in result.claims if c.evidence.article_id not in changed_articles
    )
    kept = tuple(f for f in result.findings if new_values(f, unchanged))
    hidden = result.hidden + len(result.findings) - len(kept)
    return replace(result, findings=kept, hidden=hidden)


def apply_levels(result: RunResult, levels: Mapping[str, Level]) -> RunResult:
    """Give every finding of a fact the project's level for it (`[tool.factcheck.levels]`).

    Applied after classification so the taxonomy stays the same for every project; only
    how much a kind of discrepancy matters here (and so the exit code) changes.
    """
    if not levels:
        return result
    findings = tuple(
        replace(f, level=levels[f.fact_id]) if f.fact_id in levels else f for f in result.findings
    )
    return replace(result, findings=findings)
