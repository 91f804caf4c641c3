"""The Markdown report: summary, findings with claim tables, escaping checked by rendering.

Rendering uses markdown-it-py (CommonMark plus tables, as GitHub renders comments; it comes
with rich) so the tests see what a reader would, not just the source text.
"""

from __future__ import annotations

from dataclasses import replace

from markdown_it import MarkdownIt

from checker.model import Finding, RunResult
from checker.report import get_reporter
from checker.report.base import ReportOptions
from checker.report.markdown import MAX_CLAIMS, MAX_FINDINGS, MarkdownReporter, code, md


def render(result: RunResult) -> str:
    return MarkdownReporter().render(result, ReportOptions())


def html(text: str) -> str:
    rendered: str = MarkdownIt("commonmark").enable("table").render(text)
    return rendered


def test_seed_report_summary_and_sections(seed_result: RunResult) -> None:
    text = render(seed_result)
    active = [f for f in seed_result.findings if f.suppressed_by is None]
    assert text.startswith("<!-- factcheck-report -->\n## factcheck report\n")
    assert text.count("\n### ") == min(len(active), MAX_FINDINGS)
    assert "| error | 1 |" in text
    assert "| contradiction | 1 |" in text
    first = text.split("\n### ")[1]
    assert first.startswith("1. ERROR · contradiction · `csto.csc_chair`")
    assert "| Nikol Pashinyan (Prime Minister of Armenia) |" in first
    assert "| President of Armenia |" in first
    assert len(text) < 65536  # GitHub's limit for one comment


def test_seed_report_renders_tables_with_one_row_per_claim(seed_result: RunResult) -> None:
    active = [f for f in seed_result.findings if f.suppressed_by is None]
    assert len(active) <= MAX_FINDINGS
    kinds = len({f.kind for f in active})
    summary_rows = 5 + (kinds + 1 if kinds else 0)
    claim_rows = sum(min(len(f.claims), MAX_CLAIMS) + 1 for f in active)
    assert html(render(seed_result)).count("<tr>") == summary_rows + claim_rows


def test_hand_built_finding_section(hand_result: RunResult) -> None:
    text = render(hand_result)
    assert "**2 articles, 5 claims: 1 error, 0 warnings, 1 note (1 suppressed)**" in text
    section = text.split("### 1. ")[1].split("### 2. ")[0]
    assert section.splitlines()[:7] == [
        "ERROR · contradiction · `casualties.deaths`",
        "",
        "Death tolls of the same event disagree: 225 vs 227",
        "",
        "> Both figures speak of the same day.",
        "",
        "event `kazakhstan-unrest-2022` · fingerprint `aaaaaaaaaaaa`",
    ]
    assert (
        "| 001\\_tass.txt (TASS) | 2022-01-07 | 225 | 6 | "
        "At least **225** people were killed, officials said. |" in section
    )
    assert text.index("### 1. ERROR") < text.index("### 2. NOTE")


def test_quotes_cannot_inject_html_links_or_cells(hand_result: RunResult) -> None:
    rendered = html(render(hand_result))
    assert "<b>ministry</b>" not in rendered
    assert "&lt;b&gt;ministry&lt;/b&gt;" in rendered
    assert "<code>sic</code>" not in rendered
    row = next(r for r in rendered.split("<tr>") if "Almaty" in r)
    assert row.count("<td") == 5
    hostile = replace(
        hand_result.findings[2],
        message="[click](https://example.invalid) *now* <script>x</script>",
    )
    rendered = html(render(replace(hand_result, findings=(hostile,))))
    assert "<a " not in rendered and "<script>" not in rendered and "<em>" not in rendered


def test_suppressed_findings_fold_into_details(hand_result: RunResult) -> None:
    text = render(hand_result)
    details = text.split("<details>")[1]
    assert details.splitlines()[:4] == [
        "",
        "<summary>1 suppressed finding</summary>",
        "",
        "- warning · naming_variant · `names`: Alexander Lukashenko is spelled 'Lukashenka' "
        "(suppressed by reviews.yaml, review: accepted)",
    ]
    assert "### 3." not in text


def test_long_runs_are_capped_with_a_count_of_the_rest(hand_result: RunResult) -> None:
    base = hand_result.findings[1]
    many: list[Finding] = [
        replace(base, fingerprint=f"{n:064x}", claims=base.claims * 6)
        for n in range(MAX_FINDINGS + 3)
    ]
    text = render(replace(hand_result, findings=tuple(many)))
    assert text.count("\n### ") == MAX_FINDINGS
    assert "…and 3 more findings." in text
    assert "…and 4 more claims." in text


def test_nothing_found(hand_result: RunResult) -> None:
    text = render(replace(hand_result, findings=()))
    assert "No discrepancies found." in text
    assert "<details>" not in text


def test_escape_helpers() -> None:
    assert md("a|b `c` <d> & *e*_f_ [g]\nh") == r"a\|b \`c\` &lt;d&gt; &amp; \*e\*\_f\_ \[g\] h"
    assert code("csto.members") == "`csto.members`"
    assert code("a`b") == "``a`b``"
    assert code("`x") == "`` `x ``"


def test_registered(hand_result: RunResult) -> None:
    reporter = get_reporter("markdown")
    assert reporter.extension == ".md"
    assert reporter.render(hand_result, ReportOptions()) == render(hand_result)
