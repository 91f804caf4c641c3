"""The console report and the reporter registry: real rendered text, no markup leaks."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from checker.model import (
    ArticleInfo,
    Claim,
    DateValue,
    Diagnostic,
    EntitySet,
    Evidence,
    FactInfo,
    Finding,
    FindingKind,
    Holder,
    Level,
    Name,
    Quantity,
    RunResult,
    Stance,
    Value,
)
from checker.report import REPORTERS, get_reporter
from checker.report.base import ReportOptions, color_wanted, excerpt, summarize, summary_line
from checker.report.console import ConsoleReporter

EVENT = "kazakhstan-unrest-2022"
ANSI = re.compile(r"\x1b\[")
WIDE = ReportOptions(width=240)
LONG = (
    "In a statement issued late on Thursday after a long meeting of the council in Moscow, "
    "the ministry said that 2,030 servicemen had been deployed so far, while other "
    "contingents from the member states were still on their way to the airfields near Almaty."
)


def claim(
    fact: str, value: Value, raw: str, article: str, sentence: str, line: int, **extra: Any
) -> Claim:
    at = sentence.index(raw)
    evidence = Evidence(
        article, 100 * line + at, 100 * line + at + len(raw), line, at + 1, sentence
    )
    kind = extra.pop("kind", "quantity")
    return Claim(fact, kind, value, raw, extra.pop("qualifier", None), evidence, **extra)


def article(id_: str, published: date | None, outlet: str | None) -> ArticleInfo:
    return ArticleInfo(id_, id_, published, "manifest", outlet, None, None, "0" * 64)


OPEN = claim(
    "peacekeepers.deployed",
    Quantity(4500, None, 4500, exact=False),
    "4,500",
    "002_ria.txt",
    "More than 4,500 troops [bold]not markup[/bold] arrived.",
    3,
    qualifier="more than",
    event_id=EVENT,
    valid_at=date(2022, 1, 8),
)
EARLIER = claim(
    "peacekeepers.deployed",
    Quantity(2030, 2030, 2030),
    "2,030",
    "001_tass.txt",
    LONG,
    6,
    event_id=EVENT,
    valid_at=date(2022, 1, 7),
    earlier=True,
)
OTHERS = (
    claim(
        "csto.members",
        EntitySet(frozenset({"Russia", "Armenia"})),
        "Russia and Armenia",
        "003_blog.md",
        "Members are Russia and Armenia.",
        2,
        kind="membership",
    ),
    claim(
        "dates.aid_request",
        DateValue(date(2022, 1, 5), date(2022, 1, 5)),
        "January 5",
        "001_tass.txt",
        "Help was requested on January 5.",
        1,
        kind="date",
    ),
    claim(
        "csto.csc_chair",
        Holder("Prime Minister of Armenia", "Nikol Pashinyan"),
        "Nikol Pashinyan",
        "002_ria.txt",
        "Nikol Pashinyan chairs it.",
        4,
        kind="role",
    ),
    claim(
        "mission.scope",
        Stance("disperse_protests", False),
        "will not",
        "002_ria.txt",
        "They will not disperse protests.",
        7,
        kind="statement",
    ),
)
NAME = claim(
    "names",
    Name("lukashenko", "Lukashenka"),
    "Lukashenka",
    "003_blog.md",
    "Lukashenka spoke on Friday.",
    9,
    kind="naming",
    subject="lukashenko",
)
CONTRADICTION = Finding(
    "peacekeepers.deployed",
    FindingKind.CONTRADICTION,
    Level.ERROR,
    "Deployed troops differ",
    (OPEN, EARLIER),
    EVENT,
    "The figures overlap in time but not in value.",
    "f" * 64,
)
VARIANT = Finding(
    "names",
    FindingKind.NAMING_VARIANT,
    Level.NOTE,
    "Lukashenko spelled Lukashenka",
    (NAME,),
    None,
    None,
    "e" * 64,
    suppressed_by="reviews.yaml",
    review="accepted",
)
RESULT = RunResult(
    articles=(
        article("001_tass.txt", date(2022, 1, 7), "TASS"),
        article("002_ria.txt", date(2022, 1, 8), "RIA Novosti"),
        article("003_blog.md", None, None),
    ),
    claims=(OPEN, EARLIER, *OTHERS, NAME),
    findings=(VARIANT, CONTRADICTION),
    facts=(
        FactInfo(
            "peacekeepers.deployed",
            "quantity",
            "Troop numbers differ between sources",
            None,
            Level.ERROR,
        ),
    ),
    diagnostics=(Diagnostic("seeds/broken.txt", "not valid UTF-8"),),
)


def render(result: RunResult = RESULT, options: ReportOptions = WIDE) -> str:
    return ConsoleReporter().render(result, options)


def test_finding_lists_fact_kind_level_message_and_explanation() -> None:
    out = render()
    assert "peacekeepers.deployed — Troop numbers differ between sources" in out
    assert "ERROR  contradiction  event: kazakhstan-unrest-2022" in out
    assert "Deployed troops differ" in out
    assert "The figures overlap in time but not in value." in out


def test_claims_table_shows_articles_outlets_dates_values_and_quotes() -> None:
    out = render()
    row = next(line for line in out.splitlines() if "002_ria.txt" in line)
    for cell in ("RIA Novosti", "2022-01-08", "more than 4,500", " 3 ", "More than 4,500 troops"):
        assert cell in row
    assert "2022-01-07 (earlier)" in out
    assert "001_tass.txt" in out and "TASS" in out


def test_article_text_is_never_read_as_markup() -> None:
    assert "[bold]not markup[/bold]" in render()


def test_long_sentences_are_cut_around_the_value() -> None:
    row = next(line for line in render().splitlines() if "001_tass.txt" in line)
    assert "…" in row and "2,030 servicemen" in row
    assert "In a statement issued" not in row


def test_suppressed_findings_follow_dimmed_with_reason_and_review() -> None:
    out = render()
    assert "suppressed by: reviews.yaml; review: accepted; articles: 003_blog.md" in out
    assert out.index("Lukashenko spelled Lukashenka") > out.index("Deployed troops differ")


def test_diagnostics_then_summary_line_last() -> None:
    lines = render().rstrip("\n").splitlines()
    assert lines[-1] == "3 articles, 7 claims: 1 error, 0 warnings, 0 notes (1 suppressed)"
    assert "warning: seeds/broken.txt: not valid UTF-8" in lines


def test_no_findings_says_so() -> None:
    out = render(RunResult(RESULT.articles, RESULT.claims, ()))
    assert "No discrepancies found." in out
    assert out.rstrip().endswith("3 articles, 7 claims: 0 errors, 0 warnings, 0 notes")


def test_only_suppressed_findings_still_says_no_discrepancies() -> None:
    out = render(RunResult(RESULT.articles, RESULT.claims, (VARIANT,)))
    assert out.index("No discrepancies found.") < out.index("suppressed by: reviews.yaml")


def test_verbose_shows_full_fingerprint_and_suppressed_claims() -> None:
    out = render(options=ReportOptions(width=240, verbose=True))
    assert f"fingerprint: {'f' * 64}" in out
    assert "Lukashenka spoke on Friday." in out


def test_no_ansi_without_color_and_ansi_with_it() -> None:
    assert not ANSI.search(render())
    assert ANSI.search(render(options=ReportOptions(color=True)))


def test_no_color_environment_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    assert not ANSI.search(render(options=ReportOptions(color=True)))


def test_width_is_respected() -> None:
    out = render(options=ReportOptions(width=80))
    assert max(len(line) for line in out.splitlines()) <= 80


def test_summary_line_pluralises() -> None:
    one = RunResult(RESULT.articles[:1], (OPEN,), (CONTRADICTION,))
    assert summary_line(summarize(one)) == "1 article, 1 claim: 1 error, 0 warnings, 0 notes"


def test_excerpt_keeps_short_sentences_and_finds_the_value() -> None:
    quote = excerpt("  About   2,500\ntroops. ", "2,500")
    assert quote.text == "About 2,500 troops."
    assert quote.span is not None and quote.text[slice(*quote.span)] == "2,500"


def test_excerpt_cuts_on_word_boundaries_around_the_value() -> None:
    quote = excerpt(LONG, "2,030", limit=60)
    assert quote.text.startswith("…") and quote.text.endswith("…")
    assert len(quote.text) <= 62
    assert quote.span is not None and quote.text[slice(*quote.span)] == "2,030"
    assert all(word in LONG.split() for word in quote.text.strip("…").split())


def test_excerpt_without_the_value_cuts_the_end() -> None:
    quote = excerpt(LONG, "absent", limit=40)
    assert quote.span is None
    assert quote.text.startswith("In a statement") and quote.text.endswith("…")


def test_color_wanted_needs_a_tty_and_no_no_color() -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert color_wanted(Tty(), {}) is True
    assert color_wanted(Tty(), {"NO_COLOR": "1"}) is False
    assert color_wanted(io.StringIO(), {}) is False


def test_registry_lists_console_and_json() -> None:
    assert {"console", "json"} <= set(REPORTERS)
    assert all(name == reporter.name for name, reporter in REPORTERS.items())
    assert get_reporter("console").extension == ".txt"
    assert get_reporter("json").extension == ".json"


def test_a_console_check_does_not_import_the_html_reporter() -> None:
    code = (
        "import sys; from checker.report import get_reporter; get_reporter('console');"
        " print(sorted(m for m in ('jinja2', 'checker.report.html') if m in sys.modules))"
    )
    ran = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert ran.stdout.strip() == "[]"
    assert get_reporter("html").extension == ".html"


def test_unknown_format_is_a_value_error_naming_the_valid_ones() -> None:
    with pytest.raises(ValueError, match=r"'yaml'.*console.*json"):
        get_reporter("yaml")


def test_header_shows_explanation_status_and_review() -> None:
    confirmed = replace(CONTRADICTION, explained=False, review="confirmed")
    out = render(RunResult(RESULT.articles, RESULT.claims, (confirmed,)))
    assert "event: kazakhstan-unrest-2022  unexplained  review: confirmed" in out
