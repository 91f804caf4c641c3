"""Quantity extraction: tolls and troop numbers from real seed and dev sentences.

Each case asserts the exact interval, qualifier and `earlier` flag of every quantity
claim, so a number given to the wrong cue, a sub-group taken for the total or a
retracted figure kept all fail here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from checker.model import Claim, Quantity

Extract = Callable[..., list[Claim]]

QUANTITY_FACTS = (
    "casualties.deaths",
    "casualties.injured",
    "peacekeepers.approved",
    "peacekeepers.deployed",
    "peacekeepers.force_total",
)

Row = tuple[str, float | None, float | None, str | None, bool]


def quantities(claims: Sequence[Claim]) -> list[Row]:
    """(fact, low, high, qualifier, earlier) of every quantity claim, in text order."""
    rows = []
    for c in sorted(claims, key=lambda c: c.evidence.start):
        if c.fact_id in QUANTITY_FACTS:
            assert isinstance(c.value, Quantity)
            rows.append((c.fact_id, c.value.low, c.value.high, c.qualifier, c.earlier))
    return rows


# --- seed 000: the Zhanaozen riots, December 2011 ---------------------------------------

ZHANAOZEN = (
    "On Friday mass riots took place in the Kazakh oil town of Zhanaozen in the Mangistau "
    "region which killed 14 and injured about 90 people."
)


def test_killed_and_injured_go_to_their_own_cues(extract: Extract) -> None:
    claims = extract(ZHANAOZEN, "2011-12-20")
    assert quantities(claims) == [
        ("casualties.deaths", 14, 14, None, False),
        ("casualties.injured", 85.5, 94.5, "about", False),
    ]
    deaths, injured = sorted(claims, key=lambda c: c.evidence.start)
    assert (deaths.raw, injured.raw) == ("14", "about 90")
    assert isinstance(deaths.value, Quantity) and deaths.value.exact
    assert isinstance(injured.value, Quantity) and not injured.value.exact
    assert injured.value.point == 90
    assert deaths.valid_at is not None and deaths.valid_at.isoformat() == "2011-12-20"


def test_zhanaozen_toll_is_scoped_to_the_2011_event(extract: Extract) -> None:
    claims = [c for c in extract(ZHANAOZEN, "2011-12-20", scoped=True) if c.kind == "quantity"]
    assert {(c.fact_id, c.event_id) for c in claims} == {
        ("casualties.deaths", "zhanaozen-2011"),
        ("casualties.injured", "zhanaozen-2011"),
    }


def test_unscoped_claims_have_no_event(extract: Extract) -> None:
    assert all(c.event_id is None for c in extract(ZHANAOZEN, "2011-12-20"))


# --- seed 003: the January 2022 unrest ---------------------------------------------------

TASS_TOLL = (
    "According to Kazakh authorities, 225 people were killed in the upheaval and more than "
    "4,500 were injured."
)


def test_more_than_is_an_open_interval(extract: Extract) -> None:
    assert quantities(extract(TASS_TOLL, "2022-01-25")) == [
        ("casualties.deaths", 225, 225, None, False),
        ("casualties.injured", 4500, None, "more than", False),
    ]


def test_2022_toll_is_scoped_to_the_2022_event(extract: Extract) -> None:
    claims = extract(TASS_TOLL, "2022-01-25", scoped=True)
    assert {c.event_id for c in claims if c.kind == "quantity"} == {"kazakhstan-unrest-2022"}


# --- sub-groups and other predicates ---------------------------------------------------


def test_wounded_total_without_its_police_subgroup_or_the_arrests(extract: Extract) -> None:
    text = (
        "He said 86 people had been wounded, six of them police officers, and that around 70 "
        "people had been arrested."
    )
    assert quantities(extract(text, "2011-12-17")) == [("casualties.injured", 86, 86, None, False)]


def test_of_the_225_killed_the_175_is_a_subgroup(extract: Extract) -> None:
    text = (
        "Kazakhstan's Health Ministry reported that of the 225 people killed, 175 died in "
        "medical facilities."
    )
    assert quantities(extract(text, "2022-01-15")) == [("casualties.deaths", 225, 225, None, False)]


def test_victims_are_not_injured_and_law_enforcement_is_a_subgroup(extract: Extract) -> None:
    text = (
        "Kazakhstan's prosecutors have identified 4,578 victims of the unrest, Serik Shalabayev "
        "said, adding that 4,353 of them were injured, including 3,393 members of the law "
        "enforcement agencies, and that 225 bodies were taken to the country's morgues during "
        "the state of emergency."
    )
    assert quantities(extract(text, "2022-01-15")) == [
        ("casualties.injured", 4353, 4353, None, False),
        ("casualties.deaths", 225, 225, None, False),
    ]


def test_police_among_the_dead_is_not_the_toll(extract: Extract) -> None:
    text = (
        "Serik Shalabayev, head of the criminal prosecution service in the general prosecutor's "
        "office, said 19 police officers or servicemen were among the dead, news reports said. "
        "More than 4,300 people were injured, he said."
    )
    assert quantities(extract(text, "2022-01-15")) == [
        ("casualties.injured", 4300, None, "more than", False)
    ]


def test_bodies_total_kept_and_its_law_enforcement_share_dropped(extract: Extract) -> None:
    text = (
        "At a briefing on Saturday, Serik Shalabayev, a representative of the state prosecutor, "
        "said that during the state of emergency the bodies of 225 people had been delivered to "
        "morgues, 19 of them law enforcement officers and military personnel."
    )
    assert quantities(extract(text, "2022-01-15")) == [("casualties.deaths", 225, 225, None, False)]


def test_treatment_counts_and_security_officers_are_not_the_injury_toll(
    extract: Extract,
) -> None:
    text = (
        "The ministry had earlier said that more than 2,200 people sought treatment for injuries "
        "suffered during the protests, and the Interior Ministry said about 1,300 security "
        "officers were injured."
    )
    assert quantities(extract(text, "2022-01-10")) == []


def test_subgroup_tolls_of_the_abc_report(extract: Extract) -> None:
    for text in (
        "The country's children's rights ombudsman said three of those killed were minors, "
        "among them a four-year-old girl.",
        "Kazakh authorities said earlier on Sunday that 16 police or national guard officers "
        "had been killed.",
        "The authorities had previously put the civilian death toll at 26.",
        "Health ministry spokeswoman Asel Artakshinova said more than 2,600 people had sought "
        "treatment at hospitals, 67 of whom were currently in a serious condition.",
        "More than 20,000 people took part in the pogroms, and 546 criminal cases are under "
        "investigation, according to the Prosecutor General's Office.",
    ):
        assert quantities(extract(text, "2022-01-10")) == [], text


def test_at_least_shot_dead(extract: Extract) -> None:
    text = (
        "Kazakhstan's president has ordered a state of emergency and a curfew in Zhanaozen, the "
        "western town where at least 11 people were shot dead on December 16 during a protest "
        "by striking oil workers."
    )
    assert quantities(extract(text, "2011-12-17")) == [
        ("casualties.deaths", 11, None, "at least", False)
    ]


# --- retracted and earlier figures -----------------------------------------------------


def test_retracted_figure_is_no_claim(extract: Extract) -> None:
    text = (
        "A higher death toll of 164, which appeared on an official Telegram channel last week, "
        "was quickly retracted."
    )
    assert quantities(extract(text, "2022-01-15")) == []


def test_deleted_report_loses_its_figure_in_the_whole_article(extract: Extract) -> None:
    text = (
        "At least 164 people have been killed in the protests that have shaken Kazakhstan over "
        "the past week, according to a health ministry report that has since been deleted.\n\n"
        "It is unclear whether the 164 deaths include only civilians or also law-enforcement "
        "officers."
    )
    assert quantities(extract(text, "2022-01-10")) == []


def test_previous_toll_is_an_earlier_claim(extract: Extract) -> None:
    text = (
        "MOSCOW - A senior law-enforcement official in Kazakhstan said Saturday that 225 people "
        "died during the violent demonstrations that shook the country this month, a "
        "considerably higher number than previously announced.\n\n"
        "The previous official death toll was 164."
    )
    assert quantities(extract(text, "2022-01-15")) == [
        ("casualties.deaths", 225, 225, None, False),
        ("casualties.deaths", 164, 164, None, True),
    ]


def test_previous_toll_alone(extract: Extract) -> None:
    claims = extract("The previous official death toll was 164.", "2022-01-15")
    assert quantities(claims) == [("casualties.deaths", 164, 164, None, True)]
    assert claims[0].raw == "164"


def test_revised_upward_from_gives_the_earlier_figure(extract: Extract) -> None:
    text = (
        "The decree came as the government raised its official death toll to 11. Nurdaulen "
        "Syundikov, spokesman for the Kazakh prosecutor-general, revised the figure upward from "
        "10. He said 86 people had been wounded, six of them police officers, and that around 70 "
        "people had been arrested."
    )
    assert quantities(extract(text, "2011-12-17")) == [
        ("casualties.deaths", 11, 11, None, False),
        ("casualties.deaths", 10, 10, None, True),
        ("casualties.injured", 86, 86, None, False),
    ]


# --- peacekeepers ------------------------------------------------------------------------


def test_approved_strength_and_whole_force_are_different_facts(extract: Extract) -> None:
    text = (
        "The approved number of peacekeepers in Kazakhstan & mdash; 2.5 thousand people, the "
        "CSTO secretary general said. At the same time, he noted that, if necessary, it could be "
        "strengthened. In total, the CSTO peacekeeping force includes 3.6 thousand people."
    )
    claims = extract(text, "2022-01-06")
    assert quantities(claims) == [
        ("peacekeepers.approved", 2500, 2500, None, False),
        ("peacekeepers.force_total", 3600, 3600, None, False),
    ]
    assert [c.raw for c in sorted(claims, key=lambda c: c.evidence.start)] == [
        "2.5 thousand",
        "3.6 thousand",
    ]


def test_force_total_has_no_event_even_when_scoped(extract: Extract) -> None:
    text = "In total, the CSTO peacekeeping force includes 3.6 thousand people."
    claims = [c for c in extract(text, "2022-01-06", scoped=True) if c.kind == "quantity"]
    assert [(c.fact_id, c.event_id) for c in claims] == [("peacekeepers.force_total", None)]


def test_will_number_about(extract: Extract) -> None:
    text = (
        "MOSCOW (Sputnik) - The peacekeeping force of the Collective Security Treaty "
        "Organization (CSTO) in Kazakhstan will number about 2,500 people, but it can be "
        "enlarged if necessary, CSTO Secretary-General Stanislav Zas told Sputnik on Thursday."
    )
    assert quantities(extract(text, "2022-01-06")) == [
        ("peacekeepers.approved", 2375, 2625, "about", False)
    ]


def test_troops_present_and_sent(extract: Extract) -> None:
    present = (
        "At present there are about 2,000 military personnel from Russia, Belarus, Kyrgyzstan, "
        "Armenia and Tajikistan in the country."
    )
    sent = (
        "At the request of President Kassym-Jomart Tokayev, the Russia-led Collective Security "
        "Treaty Organization sent a force of more than 2,000 soldiers, mostly Russians, to serve "
        "as peacekeepers."
    )
    assert quantities(extract(present, "2022-01-13")) == [
        ("peacekeepers.deployed", 1900, 2100, "about", False)
    ]
    assert quantities(extract(sent, "2022-01-15")) == [
        ("peacekeepers.deployed", 2000, None, "more than", False)
    ]


def test_one_countrys_contingent_is_not_the_mission(extract: Extract) -> None:
    for text in (
        "Armenia has sent a peacekeeping unit of 100 people to Kazakhstan for a limited period "
        "of time as part of the peacekeeping mission of the Collective Security Treaty "
        "Organization (CSTO), the Armenian Ministry of Defense said in a statement released on "
        "Friday.",
        "Russia is reportedly sending 3,000 troops to Kazakhstan as part of the CSTO "
        "peacekeeping forces, Belarus – 500, Tajikistan – 200 and Kyrgyzstan – 150.",
        "The head of the Russian Defense Ministry said the deployment of the CSTO peacekeepers "
        "in Kazakhstan had made it possible to free about 1.6 thousand members of the "
        "republic's security forces for other tasks.",
    ):
        assert quantities(extract(text, "2022-01-07")) == [], text


def test_twenty_thousand_bandits_is_no_quantity(extract: Extract) -> None:
    text = (
        "“It is critically important to understand why the state“ slept through ”the "
        "underground preparations for terrorist attacks by the militants' sleeping cells. "
        "Alma-Ata alone was attacked by 20,000 bandits, ”Tokayev said on January 7."
    )
    assert quantities(extract(text, "2022-01-08")) == []
