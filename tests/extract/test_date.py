"""Date extraction: when things happened, from real seed and dev sentences.

Relative phrases ("yesterday evening", "in two days", "today", "on Thursday") resolve
against the publication date; a duration ("no more than 10 days") counts from the
start it follows; a date attaches to the nearest cue of its own fact.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from checker.model import Claim, DateValue

Extract = Callable[..., list[Claim]]

Row = tuple[str, str, str]


def dates(claims: Sequence[Claim]) -> list[Row]:
    """(fact, start, end) of every date claim, sorted."""
    rows = []
    for c in claims:
        if c.kind == "date":
            assert isinstance(c.value, DateValue)
            rows.append((c.fact_id, c.value.start.isoformat(), c.value.end.isoformat()))
    return sorted(rows)


def only(claims: Sequence[Claim]) -> Claim:
    found = [c for c in claims if c.kind == "date"]
    assert len(found) == 1, found
    return found[0]


# --- the seed articles --------------------------------------------------------------------


def test_the_night_of_january_6_spans_the_evening_before(extract: Extract) -> None:
    text = "The CSTO Collective Security Council decided to help on the night of January 6."
    claim = only(extract(text, "2022-01-06"))
    assert claim.fact_id == "dates.csto_decision"
    assert claim.value == DateValue(date(2022, 1, 5), date(2022, 1, 6), "night")
    assert claim.raw == "the night of January 6"


YESTERDAY = (
    "The President of Kazakhstan, Kassym-Zhomart Tokayev, announced yesterday evening that a "
    "request for help from the CSTO would be 'relevant and timely' against the backdrop of "
    "protests over a twofold increase in liquefied gas."
)


def test_yesterday_evening_is_the_day_before_publication(extract: Extract) -> None:
    claim = only(extract(YESTERDAY, "2022-01-06"))
    assert (claim.fact_id, claim.raw) == ("dates.aid_request", "yesterday evening")
    assert dates([claim]) == [("dates.aid_request", "2022-01-05", "2022-01-05")]
    assert isinstance(claim.value, DateValue) and claim.value.precision == "part"


def test_yesterday_in_an_undated_article_is_not_guessed(extract: Extract) -> None:
    assert dates(extract(YESTERDAY, None)) == []
    assert dates(extract(YESTERDAY, None, scoped=True)) == []


EVENING_OF_JANUARY_5 = (
    "On the evening of January 5, the President of Kazakhstan, Kassym-Zhomart Tokayev, "
    "announced that he had turned to the CSTO partners for help."
)


def test_the_evening_of_january_5(extract: Extract) -> None:
    claim = only(extract(EVENING_OF_JANUARY_5, "2022-01-06"))
    assert dates([claim]) == [("dates.aid_request", "2022-01-05", "2022-01-05")]
    assert claim.raw == "the evening of January 5"


def test_undated_article_reads_month_and_day_in_its_events_year(extract: Extract) -> None:
    claim = only(extract(EVENING_OF_JANUARY_5, None, scoped=True))
    assert dates([claim]) == [("dates.aid_request", "2022-01-05", "2022-01-05")]
    assert claim.event_id == "kazakhstan-unrest-2022"
    assert claim.valid_at is None


def test_undated_article_without_an_event_gets_no_year(extract: Extract) -> None:
    text = "The CSTO Collective Security Council decided to help on the night of January 6."
    assert dates(extract(text, None)) == []


def test_protests_erupted_on_january_2(extract: Extract) -> None:
    text = (
        "Protests erupted in several Kazakh cities on January 2, escalating into mass riots "
        "with government buildings ransacked in several cities a few days later."
    )
    assert dates(extract(text, "2022-01-25")) == [
        ("dates.protests_start", "2022-01-02", "2022-01-02")
    ]


def test_since_the_beginning_of_january(extract: Extract) -> None:
    text = "Protests have been held in Kazakhstan since the beginning of January."
    claim = only(extract(text, "2022-01-08"))
    assert dates([claim]) == [("dates.protests_start", "2022-01-01", "2022-01-10")]
    assert claim.raw == "the beginning of January"


def test_state_of_emergency_lifted(extract: Extract) -> None:
    text = "On January 19, the state of emergency was lifted nationwide."
    assert dates(extract(text, "2022-01-25")) == [
        ("dates.emergency_lifted", "2022-01-19", "2022-01-19")
    ]


# --- the dev articles ---------------------------------------------------------------------


def test_in_force_until_rolls_into_the_next_year(extract: Extract) -> None:
    text = "Nursultan Nazarbaev's decree puts the measures in force from December 17 to January 5."
    claim = only(extract(text, "2011-12-17"))
    assert dates([claim]) == [("dates.emergency_lifted", "2012-01-05", "2012-01-05")]
    assert claim.raw == "January 5"


def test_in_two_days_and_a_withdrawal_duration(extract: Extract) -> None:
    text = (
        "A phased withdrawal of the united CSTO peacekeeping contingent will begin in two days, "
        "he said, and the withdrawal will take no more than 10 days."
    )
    claims = extract(text, "2022-01-11")
    assert dates(claims) == [
        ("dates.withdrawal_end", "2022-01-13", "2022-01-23"),
        ("dates.withdrawal_start", "2022-01-13", "2022-01-13"),
    ]
    raws = {c.fact_id: c.raw for c in claims if c.kind == "date"}
    assert raws == {"dates.withdrawal_start": "in two days", "dates.withdrawal_end": "10 days"}


def test_today_and_ten_days_to_complete(extract: Extract) -> None:
    text = (
        "The CSTO peacekeeping forces will begin to leave Kazakhstan today, and the withdrawal "
        "of the whole contingent is expected to take ten days to complete."
    )
    assert dates(extract(text, "2022-01-13")) == [
        ("dates.withdrawal_end", "2022-01-13", "2022-01-23"),
        ("dates.withdrawal_start", "2022-01-13", "2022-01-13"),
    ]


def test_pulled_out_by_a_deadline(extract: Extract) -> None:
    text = (
        "The CSTO collective peacekeeping forces will be pulled out of Kazakhstan by January 19 "
        "inclusive, Russian Defense Minister, Army General Sergei Shoigu reported to Russian "
        "President Vladimir Putin, TASS reports."
    )
    assert dates(extract(text, "2022-01-13")) == [
        ("dates.withdrawal_end", "2022-01-19", "2022-01-19")
    ]


def test_decision_date_goes_to_the_decision_not_the_request(extract: Extract) -> None:
    text = (
        "Under a decision taken by the CSTO Collective Security Council on January 6, 2022, the "
        "organization's collective peacekeeping forces were sent to Kazakhstan for a limited "
        "period to stabilize and normalize the situation in the Central Asian republic after "
        "Kazakh President Kassym-Jomart Tokayev turned to the Russia-led security bloc for help."
    )
    assert dates(extract(text, "2022-01-19")) == [
        ("dates.csto_decision", "2022-01-06", "2022-01-06")
    ]


def test_resolution_adopted_on_january_6(extract: Extract) -> None:
    text = (
        "The CSTO collective peacekeeping forces were deployed to Kazakhstan temporarily, under "
        "a resolution adopted by the CSTO Collective Security Council on January 6, to help "
        "stabilize and normalize the situation."
    )
    assert dates(extract(text, "2022-01-10")) == [
        ("dates.csto_decision", "2022-01-06", "2022-01-06")
    ]


def test_weekday_resolves_to_the_last_one_before_publication(extract: Extract) -> None:
    text = (
        "Troops from the Collective Security Treaty Organization (CSTO), an alliance of six "
        "former Soviet states, helped to calm the violence in the Central Asian country and "
        "began a phased withdrawal on Thursday."
    )
    # published on Saturday 15 January 2022: the Thursday before is the 13th
    assert dates(extract(text, "2022-01-15")) == [
        ("dates.withdrawal_start", "2022-01-13", "2022-01-13")
    ]


def test_began_pulling_out(extract: Extract) -> None:
    text = (
        "On January 13, the CSTO began pulling its peacekeeping contingent out of the Central "
        "Asian republic."
    )
    assert dates(extract(text, "2022-01-15")) == [
        ("dates.withdrawal_start", "2022-01-13", "2022-01-13")
    ]


def test_jan_abbreviation(extract: Extract) -> None:
    text = (
        "The demonstrations began on Jan. 2 in the oil- and gas-rich Central Asian nation in "
        "protest at a sharp increase in fuel prices."
    )
    assert dates(extract(text, "2022-01-15")) == [
        ("dates.protests_start", "2022-01-02", "2022-01-02")
    ]


def test_zhanaozen_named_but_the_date_places_it_in_2022(extract: Extract) -> None:
    text = (
        "The situation in Kazakhstan deteriorated on January 2 after protests against a steep "
        "rise in liquefied gas prices in Zhanaozen, a city in the Mangistau region of western "
        "Kazakhstan."
    )
    claim = only(extract(text, "2022-01-10", scoped=True))
    assert dates([claim]) == [("dates.protests_start", "2022-01-02", "2022-01-02")]
    assert claim.event_id == "kazakhstan-unrest-2022"


def test_dates_without_a_fact_cue_are_not_claims(extract: Extract) -> None:
    for text, published in (
        (
            "Over time the economic and political protests spread across the country, and "
            "protesters clashed with police in Almaty on January 4 and 5, with casualties.",
            "2022-01-10",
        ),
        (
            "President Kassym-Jomart Tokayev dismissed the government on the morning of "
            "January 5, and a state of emergency was declared nationwide.",
            "2022-01-10",
        ),
        (
            "The Russian Defense Ministry said on Saturday that all of its planes carrying "
            "troops had returned.",
            "2022-01-15",
        ),
        (
            "On October 6, 2007, CSTO member nations agreed on a major expansion of the "
            "organization that would create a CSTO Peacekeeping Force capable of deploying in "
            "its member nations either under a U.N. mandate or without one.",
            "2024-09-27",
        ),
        (
            'The protesters, whom Tokayev called "real terrorists" on January 5, ransacked '
            "shops, cafes, banks, and central television channels of the republic.",
            "2022-01-08",
        ),
    ):
        assert dates(extract(text, published)) == [], text
