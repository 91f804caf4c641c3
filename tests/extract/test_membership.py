"""Membership extraction: complete lists of CSTO members, and the lists that are not.

A membership cue must introduce the list; contributor lists ("units from Russia, Belarus
and Armenia"), drills, history ("Until 1999 …") and signatories are not the membership.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from checker.model import Claim, EntitySet

Extract = Callable[..., list[Claim]]

SIX = ["Armenia", "Belarus", "Kazakhstan", "Kyrgyzstan", "Russia", "Tajikistan"]


def members(claims: Sequence[Claim]) -> list[list[str]]:
    out = []
    for c in claims:
        if c.fact_id == "csto.members":
            assert isinstance(c.value, EntitySet)
            out.append(sorted(c.value.members))
    return out


def test_2011_list_with_uzbekistan(extract: Extract) -> None:
    text = (
        "The CSTO charter reaffirmed the desire of all participant countries to abstain from "
        "using threat of force. CSTO members are Armenia, Belarus, Kazakhstan, Kyrgyzstan, "
        "Russia, Tajikistan and Uzbekistan."
    )
    claims = extract(text, "2011-12-20")
    assert members(claims) == [[*SIX, "Uzbekistan"]]
    (claim,) = [c for c in claims if c.fact_id == "csto.members"]
    assert (
        claim.raw == "Armenia, Belarus, Kazakhstan, Kyrgyzstan, Russia, Tajikistan and Uzbekistan"
    )
    assert claim.event_id is None


def test_includes_in_any_order(extract: Extract) -> None:
    text = (
        "The CSTO includes Russia, Kazakhstan, Armenia, Belarus, Kyrgyzstan and Tajikistan. Zas "
        "in an interview with RIA Novosti said that all members of the organization "
        "participated in sending peacekeepers to Kazakhstan."
    )
    assert members(extract(text, "2022-01-06")) == [SIX]


def test_alphabetical_list(extract: Extract) -> None:
    text = "The CSTO includes Armenia, Belarus, Kazakhstan, Kyrgyzstan, Russia and Tajikistan."
    assert members(extract(text, "2022-01-06")) == [SIX]


def test_members_of_the_csto_with_a_colon(extract: Extract) -> None:
    text = (
        "Six states are members of the CSTO: Russia, Belarus, Kazakhstan, Kyrgyzstan, Armenia "
        "and Tajikistan."
    )
    assert members(extract(text, "2024-02-23")) == [SIX]


def test_membership_is_not_event_scoped(extract: Extract) -> None:
    text = "The CSTO includes Armenia, Belarus, Kazakhstan, Kyrgyzstan, Russia and Tajikistan."
    claims = [c for c in extract(text, "2022-01-06", scoped=True) if c.fact_id == "csto.members"]
    assert [(c.event_id, c.valid_at and c.valid_at.isoformat()) for c in claims] == [
        (None, "2022-01-06")
    ]


def test_contributor_and_other_lists_are_not_the_membership(extract: Extract) -> None:
    for text, published in (
        (
            "The forces include servicemen from Russia, Belarus, Armenia, Tajikistan and "
            "Kyrgyzstan.",
            "2022-01-10",
        ),
        (
            "The peacekeeping contingent consisted of units of the armed forces of Russia, "
            "Belarus, Armenia, Tajikistan and Kyrgyzstan.",
            "2022-01-19",
        ),
        (
            "At present there are about 2,000 military personnel from Russia, Belarus, "
            "Kyrgyzstan, Armenia and Tajikistan in the country.",
            "2022-01-13",
        ),
        (
            "According to a statement from the CSTO press center, military contingents from "
            "Russia, Belarus, Kyrgyzstan, and Tajikistan have joined their Kazakh counterparts "
            "for the joint maneuvers, which are taking place at the Bereg training ground in "
            "Kazakhstan's Almaty region.",
            "2024-09-27",
        ),
        (
            "Shoigu said 14 Russian planes would fly out all the forces of the colleagues from "
            "Armenia, Tajikistan and Belarus tomorrow, while the Kyrgyz colleagues would leave "
            "on their own within five days.",
            "2022-01-13",
        ),
        (
            "Serbia and the Union State have observer status. Until 1999, Georgia, Uzbekistan "
            "and Azerbaijan also took part in the treaty, but they chose not to extend the "
            "partnership. Uzbekistan temporarily returned to the CSTO in 2006-2012.",
            "2024-02-23",
        ),
        (
            "The leaders of the countries (the agreement was signed by Armenia, Belarus, "
            "Kazakhstan, Kyrgyzstan, Russia and Tajikistan) collectively decided to bring "
            "peacekeepers into the republic.",
            "2022-01-08",
        ),
    ):
        assert members(extract(text, published)) == [], text
