"""The JUnit XML report, for CI systems that show test results but not SARIF.

Each fact of the rule pack is one test case, so the CI's test view reads as "which facts
do the sources agree on".  A fact fails with one `<failure>` per unsuppressed finding at
or above `--fail-on`, matching the exit code; findings below the threshold and
suppressed ones are written to `<system-out>` rather than dropped.  A fact whose only
findings are suppressed is skipped: a decision was taken, so it neither passes silently
nor fails the build.

`failures` and `skipped` count test cases, as the JUnit schema defines them, so that
tests - failures - skipped is the number of facts that passed.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field

from checker.model import Claim, FactInfo, Finding, Level, RunResult
from checker.report.base import (
    ReportOptions,
    plural,
    sorted_claims,
    sorted_findings,
    summarize,
    summary_line,
)

SUITE = "factcheck"

# Characters XML 1.0 cannot carry even escaped; article text may hold stray control bytes.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """Text safe for an XML 1.0 document: ElementTree escapes markup but not control codes."""
    return _NOT_XML.sub("\ufffd", text)


def fails(finding: Finding, fail_on: Level | None) -> bool:
    """Whether a finding fails its test case: unsuppressed and at or above the threshold.

    `fail_on=None` is `--fail-on never`, where nothing fails: the report then agrees with
    the exit code instead of showing red tests in a green build.
    """
    if finding.suppressed_by is not None or fail_on is None:
        return False
    return finding.level.rank >= fail_on.rank


@dataclass(slots=True)
class _Case:
    """The findings of one fact, split by what they do to its test case."""

    fact: FactInfo
    failing: list[Finding] = field(default_factory=list)
    other: list[Finding] = field(default_factory=list)

    @property
    def skipped(self) -> bool:
        return not self.failing and any(f.suppressed_by is not None for f in self.other)


def _cases(result: RunResult, fail_on: Level | None) -> list[_Case]:
    """One case per fact, ordered by fact id; a fact only a finding names gets one too."""
    cases = {fact.id: _Case(fact) for fact in result.facts}
    for finding in sorted_findings(result.findings):
        case = cases.get(finding.fact_id)
        if case is None:
            kind = finding.claims[0].kind if finding.claims else "unknown"
            fact = FactInfo(finding.fact_id, kind, finding.fact_id, None, None)
            case = cases[finding.fact_id] = _Case(fact)
        (case.failing if fails(finding, fail_on) else case.other).append(finding)
    return [cases[key] for key in sorted(cases)]


# --- text -----------------------------------------------------------------------------


def claim_line(claim: Claim) -> str:
    """'002_….txt:5:5 2022-01-06 Nikol Pashinyan — "Chairman of …"': where, when, what."""
    ev = claim.evidence
    value = claim.value.display()
    if claim.qualifier:
        value = f"{claim.qualifier} {value}"
    when = claim.valid_at.isoformat() if claim.valid_at else "undated"
    return f'{ev.article_id}:{ev.line}:{ev.column} {when} {value} — "{ev.sentence}"'


def finding_text(finding: Finding) -> str:
    """Everything needed to judge a finding from the CI log alone, one claim per line."""
    head = f"{finding.level.value} {finding.kind.value}: {finding.message}"
    lines = [head]
    if finding.explanation:
        lines.append(finding.explanation)
    if finding.event_id:
        lines.append(f"event: {finding.event_id}")
    if finding.suppressed_by is not None:
        review = f", review: {finding.review}" if finding.review else ""
        lines.append(f"suppressed by: {finding.suppressed_by}{review}")
    elif finding.review:
        lines.append(f"review: {finding.review}")
    lines.append(f"fingerprint: {finding.fingerprint}")
    lines += [f"  {claim_line(c)}" for c in sorted_claims(finding.claims)]
    return "\n".join(lines)


# --- elements -------------------------------------------------------------------------


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: xml_text(v) for k, v in attrs.items()})
    if text is not None:
        element.text = xml_text(text)
    return element


def _case_element(suite: ET.Element, case: _Case) -> None:
    element = _sub(suite, "testcase", classname=f"{SUITE}.{case.fact.kind}", name=case.fact.id)
    for finding in case.failing:
        attrs = {"message": finding.message, "type": finding.kind.value}
        _sub(element, "failure", finding_text(finding), **attrs)
    if case.skipped:
        reasons = sorted({f.suppressed_by or "" for f in case.other if f.suppressed_by})
        note = f"{plural(len(case.other), 'finding')} suppressed by {', '.join(reasons)}"
        _sub(element, "skipped", message=note)
    if case.other:
        _sub(element, "system-out", "\n\n".join(finding_text(f) for f in case.other))


def _counts(cases: Iterable[_Case]) -> dict[str, str]:
    listed = list(cases)
    return {
        "tests": str(len(listed)),
        "failures": str(sum(1 for c in listed if c.failing)),
        "errors": "0",
        "skipped": str(sum(1 for c in listed if c.skipped)),
    }


def build_tree(result: RunResult, options: ReportOptions) -> ET.Element:
    """`<testsuites>` holding the one `factcheck` suite, with its totals on both levels."""
    cases = _cases(result, options.fail_on)
    counts = _counts(cases)
    root = ET.Element("testsuites", {"name": SUITE, **counts})
    suite = _sub(root, "testsuite", name=SUITE, **counts)
    for case in cases:
        _case_element(suite, case)
    _sub(suite, "system-out", summary_line(summarize(result)))
    return root


class JunitReporter:
    """`--format junit`; only `fail_on` matters, deciding which findings fail their fact."""

    name: str = "junit"
    extension: str = ".xml"

    def render(self, result: RunResult, options: ReportOptions) -> str:
        root = build_tree(result, options)
        ET.indent(root)
        body = ET.tostring(root, encoding="unicode")
        return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'
