"""Number mentions in news phrasing: values, intervals, qualifiers and what is not a number."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checker.values.numbers import (
    NumberMention,
    apply_qualifier,
    find_numbers,
    format_number,
    parse_number,
)

OPEN = None  # an open end of an interval

# (sentence, raw, value, low, high, qualifier): each sentence holds exactly one number.
NUMBER_CASES = [
    # digits and separators
    ("The CSTO sent 3,600 troops to the republic.", "3,600", 3600, 3600, 3600, None),
    ("Prosecutors have identified 4,578 victims of the unrest.", "4,578", 4578, 4578, 4578, None),
    ("The contingent numbers 4 500 servicemen.", "4 500", 4500, 4500, 4500, None),
    ("The region has 816 000 inhabitants.", "816 000", 816000, 816000, 816000, None),
    ("Inflation rose by 2.5 points.", "2.5", 2.5, 2.5, 2.5, None),
    ("The cost of gas doubled to 120 tenge.", "120", 120, 120, 120, None),
    ("Shoigu said 14 Russian planes would fly out.", "14", 14, 14, 14, None),
    # scale words
    (
        "The approved number of peacekeepers is 2.5 thousand people.",
        "2.5 thousand",
        2500,
        2500,
        2500,
        None,
    ),
    (
        "It freed 1.6 thousand members of the security forces.",
        "1.6 thousand",
        1600,
        1600,
        1600,
        None,
    ),
    ("The city has 3 million residents.", "3 million", 3e6, 3e6, 3e6, None),
    ("The fund lost 1.2bn last year.", "1.2bn", 1.2e9, 1.2e9, 1.2e9, None),
    # number words
    ("Fourteen people died in the clashes.", "Fourteen", 14, 14, 14, None),
    ("Police detained twenty-five people.", "twenty-five", 25, 25, 25, None),
    ("Police detained a hundred people.", "a hundred", 100, 100, 100, None),
    (
        "Police detained one hundred and twenty people.",
        "one hundred and twenty",
        120,
        120,
        120,
        None,
    ),
    ("He said six of them were police officers.", "six", 6, 6, 6, None),
    ("The ombudsman said three of those killed were minors.", "three", 3, 3, 3, None),
    ("More than a dozen buildings burned.", "More than a dozen", 12, 12, OPEN, "more than"),
    # about: ±5% by default
    ("The riots injured about 90 people.", "about 90", 90, 85.5, 94.5, "about"),
    ("Around 70 people had been arrested.", "Around 70", 70, 66.5, 73.5, "about"),
    ("There are approximately 2,000 soldiers.", "approximately 2,000", 2000, 1900, 2100, "about"),
    ("Roughly 500 people rallied.", "Roughly 500", 500, 475, 525, "about"),
    ("The bloc sent some 2,000 troops.", "some 2,000", 2000, 1900, 2100, "about"),
    ("An estimated 10,000 protesters marched.", "An estimated 10,000", 1e4, 9500, 10500, "about"),
    # nearly: only downwards
    ("It left nearly 100 wounded.", "nearly 100", 100, 95, 100, "nearly"),
    ("Police detained almost 1,700 people.", "almost 1,700", 1700, 1615, 1700, "nearly"),
    ("Close to 300 people were hurt.", "Close to 300", 300, 285, 300, "nearly"),
    # lower bounds
    ("More than 4,500 were injured.", "More than 4,500", 4500, 4500, OPEN, "more than"),
    ("The bloc sent over 2,000 troops.", "over 2,000", 2000, 2000, OPEN, "more than"),
    ("Upwards of 200 vehicles burned.", "Upwards of 200", 200, 200, OPEN, "more than"),
    ("Damage ran in excess of 1,000 homes.", "in excess of 1,000", 1000, 1000, OPEN, "more than"),
    ("At least 11 people were shot dead.", "At least 11", 11, 11, OPEN, "at least"),
    ("No fewer than 19 officers died.", "No fewer than 19", 19, 19, OPEN, "at least"),
    # upper bounds start at zero
    ("Russia is sending up to 3,000 troops.", "up to 3,000", 3000, 0, 3000, "up to"),
    ("Withdrawal will take no more than 10 days.", "no more than 10", 10, 0, 10, "at most"),
    ("The mission will last at most 10 days.", "at most 10", 10, 0, 10, "at most"),
    ("Fewer than 20 people came.", "Fewer than 20", 20, 0, 20, "less than"),
    ("Turnout was less than 5%.", "less than 5%", 5, 0, 5, "less than"),
    ("Children under 18 were released.", "under 18", 18, 0, 18, "less than"),
    # ranges: the midpoint is the value
    ("They number 2,000–2,500 people.", "2,000–2,500", 2250, 2000, 2500, "range"),
    ("They number 2,000-2,500 people.", "2,000-2,500", 2250, 2000, 2500, "range"),
    ("They number between 2,000 and 2,500.", "between 2,000 and 2,500", 2250, 2000, 2500, "range"),
    ("They number 2,000 to 2,500 people.", "2,000 to 2,500", 2250, 2000, 2500, "range"),
    (
        "It will cost between two and three million.",
        "between two and three million",
        2.5e6,
        2e6,
        3e6,
        "range",
    ),
    # vague quantities
    ("Dozens of people were hurt.", "Dozens", 24, 24, 99, None),
    ("Scores of people were hurt.", "Scores", 40, 40, 199, None),
    ("Hundreds of people had been protesting.", "Hundreds", 200, 200, 999, None),
    ("Thousands of people were injured.", "Thousands", 2000, 2000, 9999, None),
    ("Tens of thousands took to the streets.", "Tens of thousands", 2e4, 2e4, 99999, None),
    ("Several hundred people gathered.", "Several hundred", 300, 300, 900, None),
    ("Several thousand people gathered.", "Several thousand", 3000, 3000, 9000, None),
    # percentages and money keep the bare number
    ("Prices rose by 5% overnight.", "5%", 5, 5, 5, None),
    ("Prices rose by 5 per cent overnight.", "5 per cent", 5, 5, 5, None),
]

VAGUE = {"Dozens", "Scores", "Hundreds", "Thousands", "Tens of thousands"}
VAGUE |= {"Several hundred", "Several thousand"}


def _only(text: str) -> NumberMention:
    found = find_numbers(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(("text", "raw", "value", "low", "high", "qualifier"), NUMBER_CASES)
def test_number_value_and_interval(
    text: str, raw: str, value: float, low: float, high: float | None, qualifier: str | None
) -> None:
    m = _only(text)
    assert m.raw == raw
    assert text[m.start : m.end] == raw
    assert m.value == pytest.approx(value)
    assert m.low == pytest.approx(low)
    assert m.high == (None if high is None else pytest.approx(high))
    assert m.qualifier == qualifier
    assert m.vague is (raw in VAGUE)
    assert not m.is_year and not m.is_ordinal


@pytest.mark.parametrize(
    ("text", "raw", "low", "high"),
    [
        ("It was created in 1992.", "1992", 1992, 1992),
        ("Oil workers struck in 2011.", "2011", 2011, 2011),
        ("The 2012–13 season was calm.", "2012–13", 2012, 2013),
        ("He served from 2006-2012.", "2006-2012", 2006, 2012),
        ("He served from 2006 to 2012.", "from 2006 to 2012", 2006, 2012),
        ("Especially in 2021-2022, it failed.", "2021-2022", 2021, 2022),
    ],
)
def test_years(text: str, raw: str, low: float, high: float) -> None:
    m = _only(text)
    assert (m.raw, m.low, m.high, m.value) == (raw, low, high, low)
    assert m.is_year
    assert m.qualifier == ("range" if low != high else None)


def test_a_count_of_two_thousand_is_not_a_year() -> None:
    assert not _only("The bloc sent 2000 troops.").is_year
    assert not _only("The bloc sent about 2000 troops.").is_year


@pytest.mark.parametrize(
    ("text", "raw", "value"),
    [
        ("MOSCOW (Sputnik - 07th January, 2022)", "07th", 7),
        ("The pullout ends on the 19th.", "19th", 19),
        ("The first is guarding facilities.", "first", 1),
        ("It is the twenty-first drill.", "twenty-first", 21),
    ],
)
def test_ordinals(text: str, raw: str, value: float) -> None:
    m = next(m for m in find_numbers(text) if m.is_ordinal)
    assert (m.raw, m.value, m.low, m.high, m.qualifier) == (raw, value, value, value, None)


@pytest.mark.parametrize(
    "text",
    [
        "Kazakhstan Materials 18:33 (UTC +04:00)",
        "19:31 GMT 06.01.2022",
        "It aired on Belarus-1 and Russia-24.",
        'The drill "Indestructible Brotherhood-2024" began.',
        "COVID-19 cases rose.",
        "They flew an A320 and an Il-76.",
        "The attack showed a force of arms.",
        "There was a tenfold increase and a twofold increase.",
        "It was a two-fold rise.",
        "No one was hurt.",
    ],
)
def test_not_numbers(text: str) -> None:
    assert find_numbers(text) == []


def _values(text: str) -> list[tuple[float, str | None]]:
    return [(m.value, m.qualifier) for m in find_numbers(text)]


def test_sentence_killed_and_injured() -> None:
    text = "which killed 14 and injured about 90 people"
    found = find_numbers(text)
    assert [(m.raw, m.low, m.high, m.qualifier) for m in found] == [
        ("14", 14, 14, None),
        ("about 90", 85.5, 94.5, "about"),
    ]
    assert found[1].num_start == text.index("90")


def test_sentence_wounded_police_arrested() -> None:
    text = (
        "He said 86 people had been wounded, six of them police officers, "
        "and that around 70 people had been arrested."
    )
    assert _values(text) == [(86, None), (6, None), (70, "about")]


def test_space_groups_do_not_merge_across_dates_or_words() -> None:
    assert _values("on January 6 2022 it began") == [(6, None), (2022, None)]
    assert _values("14 Russian planes") == [(14, None)]
    assert _values("on January 5 100 people died") == [(5, None), (100, None)]


def test_one_is_a_word_number_but_a_is_not() -> None:
    assert _values("one of their main tasks was to guard") == [(1, None)]
    assert _values("a force of peacekeepers") == []


def test_change_from_to_is_two_figures_not_a_range() -> None:
    text = "The government raised the toll from 164 to 225."
    assert _values(text) == [(164, None), (225, None)]
    assert _values("from 10 to 20 people") == [(15, "range")]


def test_over_after_a_verb_is_a_particle() -> None:
    assert _values("They took over 14 buildings.") == [(14, None)]


def test_mentions_are_ordered_and_disjoint() -> None:
    text = (
        "More than 4,500 people were injured and 225 killed; about 2,000 troops, "
        "3,000 from Russia, 500 from Belarus, arrived on 6 January."
    )
    found = find_numbers(text)
    assert [m.value for m in found] == [4500, 225, 2000, 3000, 500, 6]
    for a, b in itertools.pairwise(found):
        assert a.end <= b.start
    for m in found:
        assert m.start <= m.num_start < m.end and m.raw == text[m.start : m.end]


def test_custom_approximation() -> None:
    m = find_numbers("about 200 people", approximation=0.1)[0]
    assert (m.low, m.high) == (180, 220)


@pytest.mark.parametrize(
    ("qualifier", "expected"),
    [
        (None, (90, 90)),
        ("about", (85.5, 94.5)),
        ("nearly", (85.5, 90)),
        ("more than", (90, None)),
        ("at least", (90, None)),
        ("up to", (0, 90)),
        ("at most", (0, 90)),
        ("less than", (0, 90)),
        ("range", (90, 90)),
    ],
)
def test_apply_qualifier(qualifier: str | None, expected: tuple[float, float | None]) -> None:
    assert apply_qualifier(90, qualifier) == expected


@pytest.mark.parametrize(
    ("phrase", "value"),
    [
        ("3,600", 3600),
        ("816 000", 816000),
        ("2.5 thousand", 2500),
        ("1.2bn", 1.2e9),
        ("fourteen", 14),
        ("a hundred", 100),
        ("one hundred and twenty", 120),
        ("  2011 ", 2011),
        ("-1,234.5", -1234.5),
        ("about 90", None),
        ("dozens", None),
        ("2,000-2,500", None),
        ("14 and 15", None),
        ("COVID-19", None),
        ("a", None),
        ("", None),
    ],
)
def test_parse_number(phrase: str, value: float | None) -> None:
    assert parse_number(phrase) == value


@pytest.mark.parametrize(
    ("value", "text"),
    [(4500, "4,500"), (2.5, "2.5"), (816000.0, "816,000"), (-1234.5, "-1,234.5"), (0, "0")],
)
def test_format_number(value: float, text: str) -> None:
    assert format_number(value) == text


def test_format_number_rejects_non_finite() -> None:
    with pytest.raises(ValueError):
        format_number(math.inf)


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_format_parse_round_trip(x: float) -> None:
    assert parse_number(format_number(x)) == x


@pytest.mark.parametrize(
    ("text", "value", "low", "high"),
    [
        ("the force would number some two and a half thousand personnel", 2500, 2375, 2625),
        ("one and a half million people", 1_500_000, 1_500_000, 1_500_000),
    ],
)
def test_and_a_half_scales(text: str, value: float, low: float, high: float) -> None:
    (n,) = find_numbers(text)
    assert (n.value, n.low, n.high) == (value, low, high)
