"""Rendering of `factcheck eval`: scores per fact and overall, then every miss and false
alarm with its quote, article and line, so a rule author sees what to fix."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from checker.evaluate import Evaluation, Score
from checker.model import Claim, Finding
from checker.report.json_report import encode_claim


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{x:.2f}"


def _score_table(title: str, overall: Score, by_fact: dict[str, Score]) -> Table:
    table = Table(title=title, title_justify="left")
    for col in ("fact", "precision", "recall", "F1", "correct", "wrong", "found", "missed"):
        table.add_column(col, justify="left" if col == "fact" else "right")
    for fact in sorted(by_fact):
        s = by_fact[fact]
        table.add_row(
            fact,
            _pct(s.precision),
            _pct(s.recall),
            _pct(s.f1),
            str(s.correct),
            str(s.wrong),
            str(s.found),
            str(s.missed),
        )
    o = overall
    table.add_row(
        Text("overall", style="bold"),
        _pct(o.precision),
        _pct(o.recall),
        _pct(o.f1),
        str(o.correct),
        str(o.wrong),
        str(o.found),
        str(o.missed),
    )
    return table


def _claim_line(claim: Claim) -> Text:
    e = claim.evidence
    event = f" [{claim.event_id}]" if claim.event_id else ""
    return Text(
        f"  {e.article_id}:{e.line} {claim.fact_id}{event} = {claim.value.display()}"
        f"\n      {e.sentence}"
    )


def _finding_line(f: Finding) -> Text:
    event = f" [{f.event_id}]" if f.event_id else ""
    return Text(f"  {f.fact_id}{event} {f.kind.value} {', '.join(f.articles)}\n      {f.message}")


def render_console(ev: Evaluation, width: int = 120) -> str:
    buf = StringIO()
    console = Console(
        file=buf, width=width, markup=False, highlight=False, no_color=True, force_terminal=False
    )
    console.print(_score_table("Claims", ev.claims, ev.claims_by_fact))
    console.print(_score_table("Findings", ev.findings, ev.findings_by_fact))
    console.print(Text(f"Missed claims ({len(ev.missed_claims)}):", style="bold"))
    for g in ev.missed_claims:
        event = f" [{g.event}]" if g.event else ""
        console.print(Text(f"  {g.article} {g.fact}{event} = {g.value}\n      {g.quote or ''}"))
    console.print(Text(f"False claims ({len(ev.false_claims)}):", style="bold"))
    for c in ev.false_claims:
        console.print(_claim_line(c))
    console.print(Text(f"Missed findings ({len(ev.missed_findings)}):", style="bold"))
    for gf in ev.missed_findings:
        event = f" [{gf.event}]" if gf.event else ""
        console.print(Text(f"  {gf.fact}{event} {gf.kind} {', '.join(gf.articles)}"))
    console.print(Text(f"False findings ({len(ev.false_findings)}):", style="bold"))
    for f in ev.false_findings:
        console.print(_finding_line(f))
    for f, non in ev.flagged_non_findings:
        console.print(
            Text(
                f"  flagged non-finding: {non.fact} {', '.join(non.articles)}"
                f" ({non.reason or 'no reason given'}) by {f.fingerprint[:12]}"
            )
        )
    return buf.getvalue()


def encode(ev: Evaluation) -> dict[str, Any]:
    return {
        "claims": {
            "overall": ev.claims.encode(),
            "by_fact": {k: v.encode() for k, v in sorted(ev.claims_by_fact.items())},
            "missed": [g.model_dump(mode="json") for g in ev.missed_claims],
            "false": [encode_claim(c) for c in ev.false_claims],
        },
        "findings": {
            "overall": ev.findings.encode(),
            "by_fact": {k: v.encode() for k, v in sorted(ev.findings_by_fact.items())},
            "missed": [g.model_dump(mode="json") for g in ev.missed_findings],
            "false": [
                {
                    "fingerprint": f.fingerprint,
                    "fact": f.fact_id,
                    "kind": f.kind.value,
                    "event": f.event_id,
                    "articles": list(f.articles),
                    "message": f.message,
                }
                for f in ev.false_findings
            ],
            "flagged_non_findings": [
                {
                    "fingerprint": f.fingerprint,
                    "fact": n.fact,
                    "articles": n.articles,
                    "reason": n.reason,
                }
                for f, n in ev.flagged_non_findings
            ],
        },
    }


def render_json(ev: Evaluation) -> str:
    return json.dumps(encode(ev), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
