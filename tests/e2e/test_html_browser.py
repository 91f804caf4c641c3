"""The HTML report in a real browser: headless Chromium driven by Playwright.

What an editor relies on is checked where it happens, in the rendered page: the seed
corpus's findings are visible, a filter hides what it should, the fact table keeps the
tolls of 2011 (14) and 2022 (225) under different events, and hostile article text (script
tags, `javascript:` links, event-handler attributes) is shown as text and never runs.
A screenshot of each page is saved under test-artifacts/ for a person to look at.

Uses Debian's chromium (never `playwright install`); skips only when no Chromium exists.
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from checker.cli import run
from checker.model import ExitCode

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
RULES = ROOT / "rules"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str | None:
    for candidate in ("/usr/bin/chromium", "chromium", "chromium-browser"):
        found = shutil.which(candidate)
        if found:
            return found
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    executable = chromium_path()
    if executable is None:
        pytest.skip("no Chromium found (Debian: apt-get install chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def factcheck(*args: str) -> tuple[ExitCode, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run([*args, "--rules", str(RULES)])
    return code, out.getvalue()


def html_report(corpus: Path, output: Path) -> Path:
    code, _ = factcheck("check", str(corpus), "--format", "html", "--output", str(output))
    assert code == ExitCode.FINDINGS
    return output


class Opened:
    """A loaded report page plus what it tried to do: requests made and errors thrown."""

    def __init__(self, browser: Browser, report: Path) -> None:
        self.page: Page = browser.new_page(viewport={"width": 1360, "height": 1000})
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on(
            "console",
            lambda message: self.errors.append(message.text) if message.type == "error" else None,
        )
        self.page.goto(report.resolve().as_uri())
        self.page.wait_for_load_state("load")

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / name
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def visible_findings(self) -> list[str]:
        kinds: list[str] = self.page.eval_on_selector_all(
            "[data-finding]",
            "els => els.filter(e => e.offsetParent !== null).map(e => e.dataset.kind)",
        )
        return kinds


@pytest.fixture(scope="module")
def seed_page(browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Opened]:
    report = html_report(SEEDS, tmp_path_factory.mktemp("html") / "report.html")
    opened = Opened(browser, report)
    yield opened
    opened.page.close()


@pytest.fixture(scope="module")
def seed_findings() -> list[dict[str, str]]:
    code, out = factcheck("check", str(SEEDS), "--format", "json")
    assert code == ExitCode.FINDINGS
    findings: list[dict[str, str]] = json.loads(out)["findings"]
    return findings


def test_seed_findings_are_visible(seed_page: Opened, seed_findings: list[dict[str, str]]) -> None:
    page = seed_page.page
    assert sorted(seed_page.visible_findings()) == sorted(f["kind"] for f in seed_findings)
    for finding in seed_findings:
        card = page.locator(f"#finding-{finding['fingerprint']}")
        assert card.is_visible()
        assert finding["message"] in card.inner_text().replace("\n", " ")
    chair = page.locator("[data-finding][data-fact='csto.csc_chair']")
    assert chair.locator("mark").count() >= 2  # the values are highlighted in their sentences
    assert page.locator("#shown-count").inner_text() == str(len(seed_findings))


def test_filtering_by_kind_hides_the_others(seed_page: Opened) -> None:
    page = seed_page.page
    page.select_option("#filter-kind", "contradiction")
    try:
        assert seed_page.visible_findings() == ["contradiction"]
        hidden = page.locator("[data-finding]:not([data-kind='contradiction'])")
        assert hidden.count() >= 1
        assert all(not hidden.nth(i).is_visible() for i in range(hidden.count()))
        assert page.locator("#shown-count").inner_text() == "1"
        page.select_option("#filter-level", "note")
        assert seed_page.visible_findings() == []
        assert page.locator("#no-match").is_visible()
    finally:
        page.click("#filter-reset")
    assert len(seed_page.visible_findings()) == page.locator("[data-finding]").count()


def test_filtering_by_fact_narrows_the_fact_table_too(seed_page: Opened) -> None:
    page = seed_page.page
    page.select_option("#filter-fact", "csto.members")
    try:
        assert seed_page.visible_findings() == ["temporal_change"]
        rows = page.locator("tr[data-fact-row]")
        shown = [
            rows.nth(i).get_attribute("data-fact")
            for i in range(rows.count())
            if rows.nth(i).is_visible()
        ]
        assert shown == ["csto.members"]
    finally:
        page.click("#filter-reset")


def test_fact_table_lists_14_and_225_under_different_events(seed_page: Opened) -> None:
    rows = seed_page.page.locator("tr[data-fact-row][data-fact='casualties.deaths']")
    by_event = {}
    for i in range(rows.count()):
        row = rows.nth(i)
        assert row.is_visible()
        chips = row.locator(".chip")
        by_event[row.get_attribute("data-event")] = [
            chips.nth(j).inner_text() for j in range(chips.count())
        ]
        header = row.locator("th").inner_text()
        assert ("Zhanaozen" in header) == (row.get_attribute("data-event") == "zhanaozen-2011")
    assert by_event == {"zhanaozen-2011": ["14"], "kazakhstan-unrest-2022": ["225"]}
    quote = rows.locator(".chip", has_text="14").get_attribute("title") or ""
    assert "000_f0d09427fdbf423a.txt" in quote


def test_timelines_are_drawn(seed_page: Opened) -> None:
    chart = seed_page.page.locator("[data-timeline][data-fact='csto.members'] svg")
    assert chart.is_visible()
    box = chart.bounding_box()
    assert box is not None and box["width"] > 600 and box["height"] > 80
    assert (
        seed_page.page.locator("[data-timeline][data-fact='csto.members'] circle.pt").count() == 2
    )


def test_page_stays_offline_and_error_free_and_is_screenshotted(seed_page: Opened) -> None:
    assert seed_page.errors == []
    assert all(url.startswith("file:") for url in seed_page.requests), seed_page.requests
    shot = seed_page.screenshot("html-report-seeds.png")
    assert shot.stat().st_size > 10_000


# --- hostile article text ----------------------------------------------------------------

PAYLOAD = "window.__pwned = 1"
HOSTILE = {
    "a.txt": (
        "Unrest in Almaty <script>window.__pwned = 1</script>\n\n"
        "ALMATY, January 10. Kazakh officials said 225 people were killed in Almaty during the "
        'January unrest <script>window.__pwned = 1</script><img src=x onerror="window.__pwned=1">'
        " and the toll may rise.\n"
    ),
    "b.txt": (
        "Toll in Almaty\n\n"
        "ALMATY, January 10. Health officials said 164 people were killed in Almaty during the "
        'January unrest, see <a href="javascript:window.__pwned=1" onclick="window.__pwned=1">'
        'the list</a> and <svg onload="window.__pwned=1"></svg>.\n'
    ),
}
HOSTILE_MANIFEST = """articles:
  - file: a.txt
    outlet: '<b onmouseover="window.__pwned=1">Wire</b>'
    published: 2022-01-10
    url: 'javascript:window.__pwned=1'
    title: '<script>window.__pwned=1</script>'
  - file: b.txt
    outlet: Daily
    published: 2022-01-10
    url: 'https://example.org/b?x=1&y="><script>window.__pwned=1</script>'
"""


@pytest.fixture(scope="module")
def hostile_page(browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Opened]:
    corpus = tmp_path_factory.mktemp("hostile")
    for name, text in HOSTILE.items():
        (corpus / name).write_text(text, encoding="utf-8")
    (corpus / "corpus.yaml").write_text(HOSTILE_MANIFEST, encoding="utf-8")
    opened = Opened(browser, html_report(corpus, corpus / "report.html"))
    yield opened
    opened.page.close()


def test_hostile_text_reaches_the_page_as_text(hostile_page: Opened) -> None:
    page = hostile_page.page
    assert hostile_page.visible_findings() == ["contradiction"]
    card = page.locator("[data-finding]").inner_text()
    assert "<script>window.__pwned = 1</script>" in card
    assert 'href="javascript:window.__pwned=1"' in card
    table = page.locator("table.facts").inner_text()
    assert '<b onmouseover="window.__pwned=1">Wire</b>' in table
    titles = page.eval_on_selector_all("[title]", "els => els.map(e => e.title).join(' ')")
    assert "<script>window.__pwned = 1</script>" in titles  # the quotes on hover


def test_no_script_ran_and_no_handler_or_link_was_injected(hostile_page: Opened) -> None:
    page = hostile_page.page
    page.eval_on_selector_all(
        "body *",
        "els => els.forEach(e => ['mouseover', 'click', 'load', 'error'].forEach("
        "t => e.dispatchEvent(new Event(t))))",
    )
    page.hover(".chip >> nth=0")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("script").count() == 1  # the report's own
    injected = page.evaluate(
        "Array.from(document.querySelectorAll('*')).flatMap("
        "e => Array.from(e.attributes).map(a => a.name)).filter(n => n.startsWith('on'))"
    )
    assert injected == []
    assert page.locator("a[href^='javascript:' i], img, iframe, object").count() == 0
    sources = page.eval_on_selector_all("a[rel~='noopener']", "els => els.map(e => e.href)")
    assert all(s.startswith("https://example.org/") for s in sources)
    assert hostile_page.errors == []
    hostile_page.screenshot("html-report-hostile.png")
