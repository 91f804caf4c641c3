"""The JSON report: a public, versioned, byte-for-byte deterministic interface (DESIGN §7).

Downstream tools and snapshot tests diff this output, so every list has a defined order,
keys are sorted, dates are ISO strings and the same run always yields the same bytes.
The shape only grows: bump `FORMAT` if a field ever has to change meaning.
"""

from __future__ import annotations

import json
from typing import Any

import checker
from checker.model import ArticleInfo, Claim, Diagnostic, Finding, RunResult
from checker.report.base import ReportOptions, Summary, sorted_claims, sorted_findings, summarize

FORMAT = 1

JsonObject = dict[str, Any]


def encode_claim(claim: Claim) -> JsonObject:
    """A claim as DESIGN §7 shows it; `quote` is the whole sentence, never cut."""
    ev = claim.evidence
    return {
        "fact": claim.fact_id,
        "kind": claim.kind,
        "event": claim.event_id,
        "valid_at": claim.valid_at.isoformat() if claim.valid_at else None,
        "earlier": claim.earlier,
        "subject": claim.subject,
        "article": ev.article_id,
        "line": ev.line,
        "column": ev.column,
        "raw": claim.raw,
        "qualifier": claim.qualifier,
        "value": claim.value.encode(),
        "quote": ev.sentence,
    }


def encode_article(article: ArticleInfo) -> JsonObject:
    return {
        "id": article.id,
        "published": article.published.isoformat() if article.published else None,
        "date_source": article.date_source,
        "outlet": article.outlet,
        "url": article.url,
        "title": article.title,
    }


def encode_finding(finding: Finding) -> JsonObject:
    """A finding with everything needed to judge it without the corpus at hand."""
    return {
        "fingerprint": finding.fingerprint,
        "fact": finding.fact_id,
        "kind": finding.kind.value,
        "level": finding.level.value,
        "event": finding.event_id,
        "subject": finding.subject,
        "explained": finding.explained,
        "message": finding.message,
        "explanation": finding.explanation,
        "suppressed_by": finding.suppressed_by,
        "review": finding.review,
        "articles": list(finding.articles),
        "claims": [encode_claim(c) for c in sorted_claims(finding.claims)],
    }


def encode_summary(summary: Summary) -> JsonObject:
    """Totals; `findings` and `by_kind` count unsuppressed findings only."""
    return {
        "articles": summary.articles,
        "claims": summary.claims,
        "findings": {level.value: n for level, n in summary.by_level.items()},
        "by_kind": {kind.value: n for kind, n in summary.by_kind.items()},
        "suppressed": summary.suppressed,
        "undated": summary.undated,
    }


def encode_diagnostic(diagnostic: Diagnostic) -> JsonObject:
    return {
        "path": diagnostic.path,
        "line": diagnostic.line,
        "field": diagnostic.field,
        "level": diagnostic.level.value,
        "message": diagnostic.message,
    }


def _diagnostic_order(d: Diagnostic) -> tuple[str, int, str, str]:
    return (d.path, d.line if d.line is not None else -1, d.field or "", d.message)


def encode_result(result: RunResult) -> JsonObject:
    """The whole report as plain data, every list in its documented order."""
    return {
        "tool": {"name": "factcheck", "version": checker.__version__, "format": FORMAT},
        "articles": [encode_article(a) for a in sorted(result.articles, key=lambda a: a.id)],
        "claims": [encode_claim(c) for c in sorted_claims(result.claims)],
        "findings": [encode_finding(f) for f in sorted_findings(result.findings)],
        "summary": encode_summary(summarize(result)),
        "diagnostics": [
            encode_diagnostic(d) for d in sorted(result.diagnostics, key=_diagnostic_order)
        ],
    }


def dump(data: JsonObject) -> str:
    """Serialise deterministically: sorted keys, two-space indent, UTF-8 text, final newline."""
    return json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


class JsonReporter:
    """`--format json`; options are ignored because machine output must not vary with them."""

    name: str = "json"
    extension: str = ".json"

    def render(self, result: RunResult, options: ReportOptions) -> str:
        return dump(encode_result(result))
