"""The SARIF 2.1.0 report, for code-scanning dashboards and any SARIF viewer (DESIGN §7).

Each fact is a rule and each finding a result, so a viewer groups findings the way the
rule pack does.  A finding's claims are all located: the first as the result's location,
the others as related locations, because a disagreement is only visible side by side.
`partialFingerprints` carries the content fingerprint, so dashboards track one finding
across runs even when line numbers move.  Suppressed findings stay in the log with a
`suppressions` entry: SARIF consumers hide them, but an auditor can still see them.

Like the JSON report this output is deterministic: sorted keys, rules by id, results in
`sorted_findings` order, so two runs over the same corpus give the same bytes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import PurePosixPath
from typing import Any

import checker
from checker.model import ArticleInfo, Claim, FactInfo, Finding, Level, RunResult
from checker.report.base import ReportOptions, sorted_claims, sorted_findings
from checker.report.json_report import dump

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
BASE_ID = "CORPUSROOT"
FINGERPRINT_KEY = "factcheckFingerprint/v1"

JsonObject = dict[str, Any]


# --- rules ----------------------------------------------------------------------------


def _fallback_fact(finding: Finding) -> FactInfo:
    """A stand-in rule for a finding whose fact the run did not describe, so that every
    result still has a `ruleIndex` pointing at a real descriptor."""
    kind = finding.claims[0].kind if finding.claims else "unknown"
    return FactInfo(finding.fact_id, kind, finding.fact_id, None, None)


def rule_facts(result: RunResult) -> list[FactInfo]:
    """Every fact of the run, plus any fact only a finding names, ordered by id."""
    facts = {f.id: f for f in result.facts}
    for finding in result.findings:
        facts.setdefault(finding.fact_id, _fallback_fact(finding))
    return [facts[key] for key in sorted(facts)]


def encode_rule(fact: FactInfo) -> JsonObject:
    """A reportingDescriptor: the fact's wording, default level and kind."""
    rule: JsonObject = {
        "id": fact.id,
        "shortDescription": {"text": fact.message},
        "defaultConfiguration": {"level": (fact.level or Level.WARNING).value},
        "properties": {"kind": fact.kind},
    }
    if fact.description:
        rule["fullDescription"] = {"text": fact.description}
    return rule


# --- locations ------------------------------------------------------------------------


def claim_label(claim: Claim) -> str:
    """'003_….txt, 2022-01-25: more than 4,500' — which source said what, and when."""
    value = claim.value.display()
    if claim.qualifier:
        value = f"{claim.qualifier} {value}"
    when = claim.valid_at.isoformat() if claim.valid_at else "undated"
    if claim.earlier:
        when += " (earlier)"
    return f"{claim.evidence.article_id}, {when}: {value}"


def encode_location(claim: Claim, artifacts: Mapping[str, int]) -> JsonObject:
    """Where a claim is: the article relative to the corpus root, its line, column and sentence.

    The URI is the article id under `CORPUSROOT`, never the absolute path the run saw, so
    the log means the same on every machine that holds the corpus.
    """
    ev = claim.evidence
    artifact: JsonObject = {"uri": ev.article_id, "uriBaseId": BASE_ID}
    if ev.article_id in artifacts:
        artifact["index"] = artifacts[ev.article_id]
    region = {"startLine": ev.line, "startColumn": ev.column, "snippet": {"text": ev.sentence}}
    return {
        "physicalLocation": {"artifactLocation": artifact, "region": region},
        "message": {"text": claim_label(claim)},
    }


# --- results --------------------------------------------------------------------------


def result_message(finding: Finding) -> str:
    """The finding's message, then the reason for its kind on its own line."""
    if finding.explanation:
        return f"{finding.message}\n{finding.explanation}"
    return finding.message


def encode_suppression(finding: Finding) -> JsonObject:
    """Why a finding is suppressed: what suppressed it and the editorial review, if any."""
    justification = finding.suppressed_by or ""
    if finding.review:
        justification += f" (review: {finding.review})"
    return {"kind": "external", "status": "accepted", "justification": justification}


def encode_result(
    finding: Finding, rule_index: Mapping[str, int], artifacts: Mapping[str, int]
) -> JsonObject:
    """One result per finding with every claim located; never a claim left out."""
    claims = sorted_claims(finding.claims)
    related = [
        {"id": number, **encode_location(claim, artifacts)}
        for number, claim in enumerate(claims[1:], start=1)
    ]
    encoded: JsonObject = {
        "ruleId": finding.fact_id,
        "ruleIndex": rule_index[finding.fact_id],
        "level": finding.level.value,
        "kind": "fail",
        "message": {"text": result_message(finding)},
        "locations": [encode_location(claims[0], artifacts)] if claims else [],
        "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint},
        "properties": {
            "findingKind": finding.kind.value,
            "event": finding.event_id,
            "subject": finding.subject,
            "explained": finding.explained,
            "articles": list(finding.articles),
            "review": finding.review,
        },
    }
    if related:
        encoded["relatedLocations"] = related
    if finding.suppressed_by is not None:
        encoded["suppressions"] = [encode_suppression(finding)]
    return encoded


# --- artifacts and the run ------------------------------------------------------------


def encode_artifact(article: ArticleInfo) -> JsonObject:
    """An article as an artifact, with its hash and the metadata a reviewer asks about."""
    return {
        "location": {"uri": article.id, "uriBaseId": BASE_ID},
        "hashes": {"sha-256": article.sha256},
        "properties": {
            "outlet": article.outlet,
            "published": article.published.isoformat() if article.published else None,
            "dateSource": article.date_source,
            "title": article.title,
            "url": article.url,
        },
    }


def corpus_root(articles: Sequence[ArticleInfo]) -> str | None:
    """The `file:` URI of the folder every article id is relative to, if there is one.

    Derived only from the paths the run reported: when each absolute path ends in its
    article id and all of them share one folder, that folder is the corpus root.
    Anything else (relative paths, several roots) leaves `CORPUSROOT` unresolved, which
    SARIF allows and consumers treat as the folder they are run from.
    """
    roots = set()
    for article in articles:
        path, rel = PurePosixPath(article.path), PurePosixPath(article.id)
        if not path.is_absolute() or path.parts[-len(rel.parts) :] != rel.parts:
            return None
        roots.add(PurePosixPath(*path.parts[: -len(rel.parts)]))
    if len(roots) != 1:
        return None
    return roots.pop().as_uri().rstrip("/") + "/"


def encode_run(result: RunResult) -> JsonObject:
    """The single run: tool and rules, articles, results; the corpus root when derivable."""
    facts = rule_facts(result)
    rule_index = {fact.id: number for number, fact in enumerate(facts)}
    articles = sorted(result.articles, key=lambda a: a.id)
    artifacts = {article.id: number for number, article in enumerate(articles)}
    run: JsonObject = {
        "tool": {
            "driver": {
                "name": "factcheck",
                "version": checker.__version__,
                "semanticVersion": checker.__version__,
                "rules": [encode_rule(fact) for fact in facts],
            }
        },
        "columnKind": "unicodeCodePoints",
        "artifacts": [encode_artifact(article) for article in articles],
        "results": [
            encode_result(finding, rule_index, artifacts)
            for finding in sorted_findings(result.findings)
        ],
    }
    root = corpus_root(articles)
    if root is not None:
        run["originalUriBaseIds"] = {BASE_ID: {"uri": root}}
    return run


def encode_log(result: RunResult) -> JsonObject:
    """The whole SARIF log: one run, because one factcheck invocation is one analysis."""
    return {"$schema": SCHEMA_URI, "version": SARIF_VERSION, "runs": [encode_run(result)]}


class SarifReporter:
    """`--format sarif`; options are ignored because machine output must not vary with them."""

    name: str = "sarif"
    extension: str = ".sarif"

    def render(self, result: RunResult, options: ReportOptions) -> str:
        return dump(encode_log(result))
