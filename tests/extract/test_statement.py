"""Statement extraction: the mission's tasks, each said to be a task or denied.

Polarity comes from negation in the item's clause ("will not participate in dispersing
the demonstrations" is disperse_protests: no), and a statement needs the mission's
context in its sentence or paragraph.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from checker.model import Claim, Stance

Extract = Callable[..., list[Claim]]


def stances(claims: Sequence[Claim]) -> list[tuple[str, bool]]:
    """(item, polarity) of every mission.scope claim, in text order."""
    rows = []
    for c in sorted(claims, key=lambda c: c.evidence.start):
        if c.fact_id == "mission.scope":
            assert isinstance(c.value, Stance)
            assert c.subject == c.value.item
            rows.append((c.value.item, c.value.polarity))
    return rows


def test_guard_yes_and_disperse_no_in_one_sentence(extract: Extract) -> None:
    text = (
        "Zas noted that the peacekeepers will guard the strategic facilities of Kazakhstan and "
        "help maintain order in the republic, they will not participate in dispersing the "
        "demonstrations."
    )
    claims = extract(text, "2022-01-06")
    assert stances(claims) == [("guard_facilities", True), ("disperse_protests", False)]
    assert [c.raw for c in claims if c.fact_id == "mission.scope"] == [
        "guard the strategic facilities",
        "dispersing the demonstrations",
    ]


def test_negation_before_a_dash_does_not_reach_the_next_clause(extract: Extract) -> None:
    text = (
        "The contingent is brought in to stabilize and normalize the situation. They will be "
        "present in the country for a limited period. At the same time, they will not interact "
        "with the protesters - they only guard the military and other state facilities."
    )
    assert stances(extract(text, "2022-01-08")) == [
        ("disperse_protests", False),
        ("guard_facilities", True),
    ]


def test_without_the_missions_context_there_is_no_statement(extract: Extract) -> None:
    text = (
        "At the same time, they will not interact with the protesters - they only guard the "
        "military and other state facilities."
    )
    assert stances(extract(text, "2022-01-08")) == []


def test_and_not_to_disperse_rallies(extract: Extract) -> None:
    text = (
        "MOSCOW (UrduPoint News / Sputnik - 07th January, 2022) Stanislav Zas, "
        "secretary-general of the Collective Security Treaty Organization (CSTO), said in an "
        "interview with Sputnik on Thursday that the CSTO peacekeeping mission in Kazakhstan is "
        "there to secure strategic facilities and help maintain public order, and not to "
        "disperse rallies, as some have wrongly claimed."
    )
    assert stances(extract(text, "2022-01-07")) == [
        ("guard_facilities", True),
        ("disperse_protests", False),
    ]


def test_rejected_as_untrue_is_a_denial(extract: Extract) -> None:
    text = (
        "He rejected as untrue every suggestion that CSTO units would break up demonstrations, "
        "saying that this would not happen and that the CSTO Collective Peacekeeping Forces "
        "have different tasks."
    )
    assert stances(extract(text, "2022-01-07")) == [("disperse_protests", False)]


def test_border_and_terrorism_tasks(extract: Extract) -> None:
    border = (
        "“Concerning the topic of the activities of the CSTO peacekeeping forces in "
        "Kazakhstan, the leaders emphasized during their conversations that one of their main "
        "tasks was to prevent the penetration of bandit formations into Kazakhstan from the "
        "outside,” the statement says."
    )
    terrorism = (
        "“They discussed the situation in the republic, joint actions within the framework of "
        "the CSTO mandate to combat international terrorism and to ensure order and security of "
        "citizens of Kazakhstan,” the Kremlin's website says."
    )
    assert stances(extract(border, "2022-01-08")) == [("border_protection", True)]
    assert stances(extract(terrorism, "2022-01-08")) == [("counter_terrorism", True)]


def test_protecting_sites_and_assisting_law_enforcement(extract: Extract) -> None:
    text = (
        "The CSTO collective peacekeeping forces were deployed to Kazakhstan temporarily, under "
        "a resolution adopted by the CSTO Collective Security Council on January 6, to help "
        "stabilize and normalize the situation. The forces include servicemen from Russia, "
        "Belarus, Armenia, Tajikistan and Kyrgyzstan. Their main tasks are protecting strategic "
        "government and military sites and assisting Kazakh law enforcement agencies."
    )
    assert stances(extract(text, "2022-01-10")) == [
        ("guard_facilities", True),
        ("law_enforcement_support", True),
    ]


def test_under_their_protection(extract: Extract) -> None:
    text = (
        "According to the Russian minister, the CSTO peacekeepers in Kazakhstan had taken 14 "
        "objects of strategic importance under their protection."
    )
    assert stances(extract(text, "2022-01-13")) == [("guard_facilities", True)]


def test_engaged_only_in_protecting(extract: Extract) -> None:
    text = (
        "For the duration of the mission, the statement said, the peacekeeping unit of the "
        "Armenian Armed Forces will be engaged only in protecting strategic facilities and "
        "infrastructure."
    )
    assert stances(extract(text, "2022-01-07")) == [("guard_facilities", True)]


def test_scope_claims_belong_to_the_2022_event(extract: Extract) -> None:
    text = (
        "Zas noted that the peacekeepers will guard the strategic facilities of Kazakhstan and "
        "help maintain order in the republic, they will not participate in dispersing the "
        "demonstrations."
    )
    claims = [c for c in extract(text, "2022-01-06", scoped=True) if c.kind == "statement"]
    assert {c.event_id for c in claims} == {"kazakhstan-unrest-2022"}
    assert len(claims) == 2


def test_help_against_terrorism_is_not_a_mission_task(extract: Extract) -> None:
    text = (
        "Tokayev also said he had asked the leaders of the CSTO member states to help contain "
        "the terrorist threat to Kazakhstan."
    )
    assert stances(extract(text, "2022-01-10")) == []
