"""The HTML reporter without a browser: structure, escaping, determinism, self-containment.

The browser tests (tests/e2e/test_html_browser.py) prove the page works in Chromium; these
pin what can be read off the markup: every finding, its quotes with the value marked, the
review status, the fact table's rows by event, timelines, and that nothing reaches out to
the network or lets corpus text through unescaped.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import io
import re
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest
from jinja2 import StrictUndefined

from checker.cli import run
from checker.model import ArticleInfo, RunResult
from checker.report import REPORTERS, ReportOptions
from checker.report.html import (
    HtmlReporter,
    article_href,
    environment,
    render_html,
    safe_url,
    script_hash,
)
from tests.report.conftest import CONTRADICTION, EVENT


class Page(HTMLParser):
    """Elements with their attributes and text, enough to query the report's structure."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self._in: str | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        if tag in ("script", "style"):
            self._in = tag

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "script":
            self.scripts.append(data)
        elif self._in == "style":
            self.styles.append(data)

    def having(self, attribute: str) -> list[dict[str, str | None]]:
        return [attrs for _, attrs in self.elements if attribute in attrs]


def test_html_is_registered_and_renders_the_seed_run(seed_result: RunResult) -> None:
    reporter = REPORTERS["html"]
    assert isinstance(reporter, HtmlReporter)
    assert reporter.extension == ".html"
    html = reporter.render(seed_result, ReportOptions())
    assert html.startswith("<!DOCTYPE html>")
    page = Page(html)
    findings = page.having("data-finding")
    assert len(findings) == len(seed_result.findings)
    assert {f["id"] for f in findings} == {f"finding-{f.fingerprint}" for f in seed_result.findings}


def test_output_is_deterministic(seed_result: RunResult) -> None:
    assert render_html(seed_result) == render_html(seed_result)


def test_template_environment_escapes_and_is_strict() -> None:
    env = environment()
    assert env.autoescape is True
    assert env.undefined is StrictUndefined


def test_page_is_self_contained(seed_result: RunResult) -> None:
    """No external script, style, font or image: the file works offline, as an artifact."""
    html = render_html(seed_result)
    page = Page(html)
    assert not [tag for tag, attrs in page.elements if "src" in attrs]
    assert not [tag for tag, _ in page.elements if tag in ("link", "iframe", "object", "embed")]
    css = "".join(page.styles)
    assert "@import" not in css
    assert "url(" not in css
    assert "@font-face" not in css
    hrefs = [attrs["href"] or "" for attrs in page.having("href")]
    assert all(h.startswith(("#", "file:", "https:", "http:")) for h in hrefs)


def test_only_the_page_script_may_run(seed_result: RunResult) -> None:
    """The CSP allows exactly the inline script by hash, so injected script could not run."""
    html = render_html(seed_result)
    page = Page(html)
    [script] = page.scripts
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    assert script_hash(script) == f"'sha256-{digest}'"
    [csp] = [a for _, a in page.elements if a.get("http-equiv") == "Content-Security-Policy"]
    policy = csp["content"] or ""
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["script-src"] == f"'sha256-{digest}'"


def test_corpus_text_is_escaped_and_the_value_marked(hand_result: RunResult) -> None:
    html = render_html(hand_result)
    assert "<b>ministry</b>" not in html
    assert "&lt;b&gt;ministry&lt;/b&gt;" in html
    assert "<mark>227</mark>" in html
    assert "At least <mark>225</mark> people were killed" in html


def test_quotes_stand_side_by_side_one_column_per_value(hand_result: RunResult) -> None:
    html = render_html(hand_result)
    block = html.split(f'id="finding-{CONTRADICTION.fingerprint}"', 1)[1].split("</article>")[0]
    heads = re.findall(r'<span class="value">([^<]*)</span>', block)
    assert sorted(heads) == ["225", "227"]
    assert "001_tass.txt:6:" in block
    assert "Kazinform" in block
    assert "2022-01-07" in block


def test_each_quote_links_to_its_article_line(hand_result: RunResult) -> None:
    html = render_html(hand_result)
    assert 'href="seeds/001_tass.txt#L6"' in html


def test_review_status_is_shown_and_filterable(hand_result: RunResult) -> None:
    page = Page(render_html(hand_result))
    reviews = {a["data-fact"]: a["data-review"] for a in page.having("data-finding")}
    assert reviews == {
        "names": "accepted",
        "peacekeepers.deployed": "unreviewed",
        "casualties.deaths": "unreviewed",
    }
    html = render_html(hand_result)
    assert "suppressed · reviews.yaml" in html
    filters = {a.get("data-filter") for a in page.having("data-filter")}
    assert filters == {"fact", "kind", "level", "review"}


def test_findings_run_open_first_then_by_level(hand_result: RunResult) -> None:
    page = Page(render_html(hand_result))
    order = [(a["data-level"], a["data-review"]) for a in page.having("data-finding")]
    assert order == [("error", "unreviewed"), ("note", "unreviewed"), ("warning", "accepted")]


def test_fact_table_keeps_events_apart(seed_result: RunResult) -> None:
    """14 (Zhanaozen 2011) and 225 (January 2022) sit in different rows, by event."""
    html = render_html(seed_result)
    rows = re.findall(r'<tr data-fact-row data-fact="casualties.deaths"(.*?)</tr>', html, re.S)
    by_event = {
        re.search(r'data-event="([^"]*)"', row).group(1): re.findall(  # type: ignore[union-attr]
            r'<span class="chip[^"]*" title="[^"]*">([^<]*)</span>', row
        )
        for row in rows
    }
    assert by_event == {"kazakhstan-unrest-2022": ["225"], "zhanaozen-2011": ["14"]}


def test_fact_table_cells_carry_their_quote_on_hover(seed_result: RunResult) -> None:
    html = render_html(seed_result)
    match = re.search(r'<span class="chip[^"]*" title="([^"]*)">14</span>', html)
    assert match is not None
    assert "000_f0d09427fdbf423a.txt:" in match.group(1)
    assert "killed" in match.group(1) or "dead" in match.group(1) or "died" in match.group(1)


def test_timelines_draw_claims_against_the_rule_timeline(seed_result: RunResult) -> None:
    html = render_html(seed_result)
    charts = re.findall(r'<figure class="chart" data-timeline data-fact="([^"]+)"', html)
    assert {"csto.members", "csto.secretary_general", "csto.csc_chair"} <= set(charts)
    members = html.split('data-timeline data-fact="csto.members"', 1)[1].split("</figure>")[0]
    assert "Uzbekistan suspended its membership" in members  # the rule timeline's change
    assert members.count('class="pt match') >= 2  # both dates agree with the timeline
    chair = html.split('data-timeline data-fact="csto.csc_chair"', 1)[1].split("</figure>")[0]
    assert 'class="pt mismatch' in chair  # "President of Armenia" is not the timeline's holder


def test_summary_counts_levels_kinds_and_reviews(hand_result: RunResult) -> None:
    html = render_html(hand_result)
    summary = html.split('id="summary"', 1)[1].split("</section>")[0]
    assert re.search(r"error<b>1</b>", summary)
    assert re.search(r"suppressed<b>1</b>", summary)
    assert re.search(r"accepted</span><b>1</b>", summary)
    assert re.search(r"unreviewed</span><b>2</b>", summary)


def test_unsafe_urls_and_paths_never_become_links() -> None:
    assert safe_url("javascript:alert(1)") is None
    assert safe_url(" JavaScript:alert(1)") is None
    assert safe_url("data:text/html,x") is None
    assert safe_url("https://example.org/a?b=1") == "https://example.org/a?b=1"
    info = ArticleInfo("javascript:x.txt", "javascript:x.txt", None, "none", None, None, None, "")
    assert article_href(info, info.id, 3) == "javascript%3Ax.txt#L3"
    absolute = replace(info, path="/corpus/a b.txt")
    assert article_href(absolute, "a b.txt", 2) == "file:///corpus/a%20b.txt#L2"


def test_report_without_findings_or_claims_still_renders(tmp_path: Path) -> None:
    html = render_html(RunResult(articles=(), claims=(), findings=()))
    assert "No discrepancies found." in html
    assert "No claims found." in html


@pytest.mark.parametrize("kind", ["temporal_change", "contradiction", "naming_variant"])
def test_kind_filter_lists_only_kinds_present(seed_result: RunResult, kind: str) -> None:
    page = Page(render_html(seed_result))
    options = [
        a.get("value") for tag, a in page.elements if tag == "option" and a.get("value") == kind
    ]
    assert options == [kind]


def test_event_name_is_shown_for_event_findings(hand_result: RunResult) -> None:
    html = render_html(hand_result)
    assert f'title="{EVENT}"' in html


def test_two_cli_runs_write_byte_identical_files(tmp_path: Path, repo_root: Path) -> None:
    """Through the command line, as CI would: same corpus and rules, same bytes."""
    outputs = [tmp_path / "one.html", tmp_path / "two.html"]
    for output in outputs:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            run([
                "check", str(repo_root / "seeds"), "--rules", str(repo_root / "rules"),
                "--format", "html", "--output", str(output),
            ])  # fmt: skip
    assert outputs[0].read_bytes() == outputs[1].read_bytes()
    assert outputs[0].stat().st_size > 20_000
