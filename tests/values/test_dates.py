"""Date and duration mentions in news phrasing, resolved against the publication date."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from checker.values.dates import (
    DateMention,
    find_dates,
    find_durations,
    resolve_month_day,
)

D = date.fromisoformat

# anchor -> (text, raw, interval, precision); each text holds exactly one date phrase and an
# interval is "first" or "first..last".
CASES_BY_ANCHOR: dict[str | None, list[tuple[str, str, str, str]]] = {
    None: [
        ("20 December 2011", "20 December 2011", "2011-12-20", "day"),
        (
            "Materials 20 December 2011 18:33 (UTC +04:00)",
            "20 December 2011 18:33",
            "2011-12-20",
            "day",
        ),
        ("Posted December 16, 2011 by staff", "December 16, 2011", "2011-12-16", "day"),
        ("On 16 December 2011, police opened fire.", "16 December 2011", "2011-12-16", "day"),
        ("(Sputnik - 07th January, 2022) Stanislav Zas", "07th January, 2022", "2022-01-07", "day"),
        ("19:31 GMT 06.01.2022", "06.01.2022", "2022-01-06", "day"),
        ("13.01.2022, 10:43", "13.01.2022, 10:43", "2022-01-13", "day"),
        ("published: 2022-01-06", "2022-01-06", "2022-01-06", "day"),
        ("a decision taken on January 6, 2022, to act", "January 6, 2022", "2022-01-06", "day"),
        ("at an airport, Thursday, Jan. 13, 2022.", "Thursday, Jan. 13, 2022", "2022-01-13", "day"),
        (
            "The talks stalled in late February 2024.",
            "late February 2024",
            "2024-02-21..2024-02-29",
            "part",
        ),
        (
            "The unrest of January 2022 shook the country.",
            "January 2022",
            "2022-01-01..2022-01-31",
            "month",
        ),
        (
            "In September 2023, Pashinyan spoke.",
            "September 2023",
            "2023-09-01..2023-09-30",
            "month",
        ),
        ("It was created in 1992.", "1992", "1992-01-01..1992-12-31", "year"),
        ("Oil workers struck in 2011.", "2011", "2011-01-01..2011-12-31", "year"),
        ("Until 1999, Georgia was a member.", "1999", "1999-01-01..1999-12-31", "year"),
        ("The 2012–13 season was calm.", "2012–13", "2012-01-01..2013-12-31", "range"),
        ("He served 2006-2012 as envoy.", "2006-2012", "2006-01-01..2012-12-31", "range"),
    ],
    "2011-12-17": [
        ("The decree is in force until January 5.", "January 5", "2012-01-05", "day"),
        ("Police opened fire on December 16.", "December 16", "2011-12-16", "day"),
    ],
    "2011-12-20": [
        ("Azerbaijan, Baku, Dec. 20 / Trend", "Dec. 20", "2011-12-20", "day"),
        ("On Friday mass riots took place.", "Friday", "2011-12-16", "day"),
    ],
    "2022-01-06": [
        (
            "On the evening of January 5, Tokayev spoke.",
            "the evening of January 5",
            "2022-01-05",
            "part",
        ),
        ("Tokayev announced yesterday evening that", "yesterday evening", "2022-01-05", "part"),
        ("The president said yesterday that", "yesterday", "2022-01-05", "day"),
        ("Shots were heard last night.", "last night", "2022-01-05..2022-01-06", "night"),
    ],
    "2022-01-07": [
        (
            "The Council decided on the night of January 6.",
            "the night of January 6",
            "2022-01-05..2022-01-06",
            "night",
        ),
        (
            "Troops came on the night of January 5 to 6.",
            "the night of January 5 to 6",
            "2022-01-05..2022-01-06",
            "night",
        ),
        ("Zas told Sputnik on Thursday.", "Thursday", "2022-01-06", "day"),
    ],
    "2022-01-10": [
        ("Protests began on January 2nd.", "January 2nd", "2022-01-02", "day"),
        ("NUR-SULTAN. Jan 10 (Interfax) - The mission", "Jan 10", "2022-01-10", "day"),
        (
            "Protests went on since the beginning of January.",
            "the beginning of January",
            "2022-01-01..2022-01-10",
            "part",
        ),
        ("Protests began in early January.", "early January", "2022-01-01..2022-01-10", "part"),
        (
            "Troops leave by the end of January.",
            "the end of January",
            "2022-01-21..2022-01-31",
            "part",
        ),
    ],
    "2022-01-11": [
        ("Withdrawal will begin in two days.", "in two days", "2022-01-13", "day"),
        ("It will withdraw within two days.", "within two days", "2022-01-11..2022-01-13", "range"),
    ],
    "2022-01-13": [
        ("Peacekeepers start leaving Kazakhstan today.", "today", "2022-01-13", "day"),
        ("Planes will fly out tomorrow.", "tomorrow", "2022-01-14", "day"),
    ],
    "2022-01-15": [
        ("The demonstrations began on Jan. 2 in the west.", "Jan. 2", "2022-01-02", "day"),
        ("The bloc sent troops last week.", "last week", "2022-01-03..2022-01-09", "week"),
        ("Figures for the past week", "the past week", "2022-01-08..2022-01-15", "week"),
    ],
    "2022-01-25": [
        ("MOSCOW, January 25. /TASS/.", "January 25", "2022-01-25", "day"),
        ("Tokayev told parliament on Tuesday.", "Tuesday", "2022-01-25", "day"),
        (
            "Order was restored by the morning of January 7.",
            "the morning of January 7",
            "2022-01-07",
            "part",
        ),
        ("Troops left by mid-January.", "mid-January", "2022-01-11..2022-01-20", "part"),
    ],
    "2022-01-29": [
        ("In January, 4,578 people were injured.", "January", "2022-01-01..2022-01-31", "month"),
        ("Riots shook the country this month.", "this month", "2022-01-01..2022-01-31", "month"),
    ],
    "2022-02-10": [
        ("Troops left in late January.", "late January", "2022-01-21..2022-01-31", "part"),
    ],
    "2019-12-16": [
        ("Eight years ago the strike ended.", "Eight years ago", "2011-01-01..2011-12-31", "year"),
    ],
}
DATE_CASES = [
    pytest.param(anchor, *case, id=case[1])
    for anchor, cases in CASES_BY_ANCHOR.items()
    for case in cases
]


def _only(text: str, anchor: date | None) -> DateMention:
    found = find_dates(text, anchor)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(("anchor", "text", "raw", "interval", "precision"), DATE_CASES)
def test_date_phrase(
    anchor: str | None, text: str, raw: str, interval: str, precision: str
) -> None:
    m = _only(text, D(anchor) if anchor else None)
    first, _, last = interval.partition("..")
    assert m.raw == raw == text[m.start : m.end]
    assert (m.first, m.last, m.precision) == (D(first), D(last or first), precision)


@pytest.mark.parametrize(
    ("text", "relative", "year_given"),
    [
        ("on 16 December 2011", False, True),
        ("on December 16", False, False),
        ("yesterday", True, False),
        ("on Friday", True, False),
        ("it will end in two days", True, False),
        ("in 2011", False, True),
    ],
)
def test_flags(text: str, relative: bool, year_given: bool) -> None:
    m = _only(text, D("2011-12-20"))
    assert (m.relative, m.year_given) == (relative, year_given)


def _days(text: str, anchor: date | None = None) -> list[tuple[str, date | None, date | None]]:
    return [(m.raw, m.first, m.last) for m in find_dates(text, anchor)]


def test_range_from_to_gives_two_mentions() -> None:
    text = "The measures are in force from December 17 to January 5."
    assert _days(text, D("2011-12-17")) == [
        ("December 17", D("2011-12-17"), D("2011-12-17")),
        ("January 5", D("2012-01-05"), D("2012-01-05")),
    ]


def test_a_stated_year_flows_across_a_range() -> None:
    assert _days("from December 17, 2011 to January 5") == [
        ("December 17, 2011", D("2011-12-17"), D("2011-12-17")),
        ("January 5", D("2012-01-05"), D("2012-01-05")),
    ]
    assert _days("from December 17 to January 5, 2012") == [
        ("December 17", D("2011-12-17"), D("2011-12-17")),
        ("January 5, 2012", D("2012-01-05"), D("2012-01-05")),
    ]


def test_day_lists_give_one_mention_per_day() -> None:
    text = "Protesters clashed with police in Almaty on January 4 and 5, with casualties."
    assert _days(text, D("2022-01-10")) == [
        ("January 4", D("2022-01-04"), D("2022-01-04")),
        ("5", D("2022-01-05"), D("2022-01-05")),
    ]
    assert [m.first for m in find_dates("on 4 and 5 January 2022", None)] == [
        D("2022-01-04"),
        D("2022-01-05"),
    ]


def test_september_to_october() -> None:
    text = "A drill is being held in Kazakhstan from September 26 to October 7, TASS reports."
    assert _days(text, D("2024-09-27")) == [
        ("September 26", D("2024-09-26"), D("2024-09-26")),
        ("October 7", D("2024-10-07"), D("2024-10-07")),
    ]


def test_nearest_year_for_a_list_without_year() -> None:
    found = find_dates("Jan. 2, Jan 10 and December 30", D("2022-01-15"))
    assert [m.first for m in found] == [D("2022-01-02"), D("2022-01-10"), D("2021-12-30")]


def test_without_anchor_relative_and_yearless_dates_are_unresolved() -> None:
    for text in ("January 5", "yesterday", "on Friday", "the beginning of January", "last week"):
        m = _only(text, None)
        assert (m.first, m.last) == (None, None), text


def test_prefer_future_weekday() -> None:
    (m,) = find_dates("The summit opens on Friday.", D("2011-12-20"), prefer_past=False)
    assert m.first == D("2011-12-23")


@pytest.mark.parametrize(
    "text",
    [
        "225 people were killed and more than 4,500 were injured.",
        "Kazakhstan Materials 18:33 (UTC +04:00)",
        "In accordance with Article 4 of the treaty.",
        "Shoigu said 14 Russian planes would fly out.",
        "COVID-19 and Belarus-1",
        "Protesters may march in the capital.",
        "A crowd of 2000 people gathered in 2000 people.",
        "Several people were killed in a week of protests.",
        "The drill Indestructible Brotherhood-2024 began.",
    ],
)
def test_not_dates(text: str) -> None:
    assert find_dates(text, D("2022-01-10")) == []


SANITY_PHRASES = [
    "20 December 2011",
    "the night of January 1",
    "the night of 31 December",
    "late February",
    "the end of February 2024",
    "last week",
    "this week",
    "next month",
    "last year",
    "within a week",
    "yesterday evening",
    "tonight",
    "Friday night",
    "2012–13",
    "1999-00",
    "early 2022",
    "three months ago",
    "from December 30 to January 2",
]


@pytest.mark.parametrize("anchor", ["2022-01-01", "2011-12-20", "2024-02-29", "2023-07-01"])
def test_intervals_are_ordered_and_spans_match(anchor: str) -> None:
    text = ". ".join(SANITY_PHRASES)
    found = find_dates(text, D(anchor))
    assert len(found) == len(SANITY_PHRASES) + 1  # the last phrase yields two mentions
    for m in found:
        assert m.first is not None and m.last is not None
        assert m.first <= m.last, m
        assert m.raw == text[m.start : m.end]
    for a, b in itertools.pairwise(found):
        assert a.end <= b.start


@pytest.mark.parametrize(
    ("month", "day", "anchor", "expected"),
    [
        (1, 5, "2011-12-17", "2012-01-05"),
        (12, 16, "2011-12-17", "2011-12-16"),
        (6, 1, "2022-01-01", "2022-06-01"),
        (2, 29, "2022-01-01", "2020-02-29"),
    ],
)
def test_resolve_month_day(month: int, day: int, anchor: str, expected: str) -> None:
    assert resolve_month_day(month, day, D(anchor)) == D(expected)


@pytest.mark.parametrize(
    ("text", "raw", "days", "bound"),
    [
        ("the withdrawal will take no more than 10 days.", "10 days", 10, "within"),
        ("the withdrawal is expected to take ten days to complete.", "ten days", 10, "about"),
        ("the Kyrgyz would leave on their own within five days.", "five days", 5, "within"),
        ("the troops will leave within almost a week.", "a week", 7, "within"),
        ("the forces might remain for another week.", "another week", 7, "about"),
        ("the operation lasted two weeks.", "two weeks", 14, "exact"),
        ("the curfew was lifted after 48 hours of calm.", "48 hours", 2, "exact"),
        ("the strike went on for more than a month.", "a month", 30, "at least"),
        ("an eight-month strike ended.", "eight-month", 240, "exact"),
    ],
)
def test_durations(text: str, raw: str, days: int, bound: str) -> None:
    (d,) = find_durations(text)
    assert (d.raw, d.days, d.bound) == (raw, days, bound)
    assert text[d.start : d.end] == raw


@pytest.mark.parametrize(
    "text",
    ["It happened two days ago.", "A week later they left.", "A four-year-old girl died."],
)
def test_offsets_and_ages_are_not_durations(text: str) -> None:
    assert find_durations(text) == []
