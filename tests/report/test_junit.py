"""The JUnit report: read back by junitparser with the failures, skips and counts expected."""

from __future__ import annotations

from dataclasses import replace

from junitparser import Failure, JUnitXml, Skipped, TestCase, TestSuite

from checker.model import Level, RunResult
from checker.report import get_reporter
from checker.report.base import ReportOptions
from checker.report.junit import JunitReporter, xml_text


def parse(result: RunResult, fail_on: Level | None = Level.WARNING) -> TestSuite:
    text = JunitReporter().render(result, ReportOptions(fail_on=fail_on))
    xml = JUnitXml.fromstring(text.encode("utf-8"))
    suites = list(xml)
    assert [s.name for s in suites] == ["factcheck"]
    suite: TestSuite = suites[0]
    return suite


def cases(suite: TestSuite) -> dict[str, TestCase]:
    return {case.name: case for case in suite}


def test_seed_csc_chair_fails_and_a_fact_without_findings_passes(seed_result: RunResult) -> None:
    suite = parse(seed_result)
    by_name = cases(suite)
    assert set(by_name) == {f.id for f in seed_result.facts}
    chair = by_name["csto.csc_chair"]
    assert chair.classname == "factcheck.role"
    assert chair.is_failure
    assert [(r.type, r.message) for r in chair.result] == [
        ("contradiction", f.message) for f in seed_result.findings if f.fact_id == "csto.csc_chair"
    ]
    quiet = sorted({f.id for f in seed_result.facts} - {f.fact_id for f in seed_result.findings})
    assert quiet, "the seed run should leave some fact without findings"
    assert all(by_name[name].is_passed for name in quiet)


def test_seed_counts_match_what_junitparser_reads(seed_result: RunResult) -> None:
    suite = parse(seed_result)
    failing = [c for c in suite if c.is_failure]
    threshold = Level.WARNING.rank
    expected = {
        f.fact_id
        for f in seed_result.findings
        if f.suppressed_by is None and f.level.rank >= threshold
    }
    assert {c.name for c in failing} == expected
    assert suite.tests == len(seed_result.facts)
    assert suite.failures == len(failing)
    assert suite.errors == 0
    assert suite.skipped == 0


def test_failures_follow_fail_on(seed_result: RunResult) -> None:
    errors_only = {c.name for c in parse(seed_result, Level.ERROR) if c.is_failure}
    assert errors_only == {"csto.csc_chair"}
    notes = {c.name for c in parse(seed_result, Level.NOTE) if c.is_failure}
    assert notes == {f.fact_id for f in seed_result.findings}
    assert not any(c.is_failure for c in parse(seed_result, None))


def test_hand_built_cases_and_counts(hand_result: RunResult) -> None:
    suite = parse(hand_result)
    by_name = cases(suite)
    assert list(by_name) == ["casualties.deaths", "mission.scope", "names", "peacekeepers.deployed"]
    assert (suite.tests, suite.failures, suite.errors, suite.skipped) == (4, 1, 0, 1)
    deaths = by_name["casualties.deaths"]
    [failure] = deaths.result
    assert isinstance(failure, Failure)
    assert failure.type == "contradiction"
    assert failure.message == "Death tolls of the same event disagree: 225 vs 227"
    assert failure.text is not None
    assert failure.text.splitlines() == [
        "error contradiction: Death tolls of the same event disagree: 225 vs 227",
        "Both figures speak of the same day.",
        "event: kazakhstan-unrest-2022",
        f"fingerprint: {'a' * 64}",
        '  001_tass.txt:6:10 2022-01-07 225 — "At least 225 people were killed, officials said."',
        "  002_kazinform.txt:4:1 2022-01-07 227 — "
        '"227 people died: 50% of them in Almaty, the <b>ministry</b> said | `sic`."',
    ]
    assert by_name["mission.scope"].is_passed


def test_suppressed_fact_is_skipped_and_below_threshold_goes_to_system_out(
    hand_result: RunResult,
) -> None:
    by_name = cases(parse(hand_result))
    names = by_name["names"]
    [skipped] = names.result
    assert isinstance(skipped, Skipped)
    assert skipped.message == "1 finding suppressed by reviews.yaml"
    assert "suppressed by: reviews.yaml, review: accepted" in (names.system_out or "")
    troops = by_name["peacekeepers.deployed"]
    assert troops.is_passed
    assert (troops.system_out or "").startswith("note revision: Troops sent differ")


def test_one_failure_per_finding(hand_result: RunResult) -> None:
    second = replace(
        hand_result.findings[2],
        fingerprint="d" * 64,
        message="Another toll differs",
        level=Level.WARNING,
    )
    doubled = replace(hand_result, findings=(*hand_result.findings, second))
    suite = parse(doubled)
    deaths = cases(suite)["casualties.deaths"]
    assert [r.message for r in deaths.result] == [
        "Death tolls of the same event disagree: 225 vs 227",
        "Another toll differs",
    ]
    assert suite.failures == 1  # failing test cases, as the JUnit schema counts them


def test_control_characters_are_replaced_not_written() -> None:
    assert xml_text("a\x00b\x1bc\td\n") == "a\ufffdb\ufffdc\td\n"


def test_output_is_registered_and_deterministic(hand_result: RunResult) -> None:
    reporter = get_reporter("junit")
    assert reporter.extension == ".xml"
    text = reporter.render(hand_result, ReportOptions())
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')
    reversed_input = replace(
        hand_result, findings=hand_result.findings[::-1], facts=hand_result.facts[::-1]
    )
    assert text == reporter.render(reversed_input, ReportOptions())
