"""Naming extraction: how each listed person is spelled.

Every full-name mention is a claim; a bare surname is one only when it is itself a
variant ("Lukashenka", "Nazarbaev"), since "Tokayev" alone says nothing about spelling.
Variants missing from the alias table are found by fuzzy matching.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from checker.model import Claim, Name

Extract = Callable[..., list[Claim]]


def names(claims: Sequence[Claim]) -> list[tuple[str, str]]:
    """(entity, surface) of every naming claim, in text order."""
    rows = []
    for c in sorted(claims, key=lambda c: c.evidence.start):
        if c.fact_id == "names":
            assert isinstance(c.value, Name)
            assert c.subject == c.value.entity
            assert c.raw == c.value.surface
            rows.append((c.value.entity, c.value.surface))
    return rows


def test_zhomart_variant(extract: Extract) -> None:
    text = (
        "On the evening of January 5, the President of Kazakhstan, Kassym-Zhomart Tokayev, "
        "announced that he had turned to the CSTO partners for help."
    )
    assert names(extract(text, "2022-01-06")) == [("tokayev", "Kassym-Zhomart Tokayev")]


def test_preferred_jomart_spelling(extract: Extract) -> None:
    text = (
        "Protests erupted in several Kazakh cities on January 2, escalating into mass riots "
        "with government buildings ransacked in several cities a few days later. Kazakh "
        "President Kassym-Jomart Tokayev said a state coup was attempted."
    )
    assert names(extract(text, "2022-01-25")) == [("tokayev", "Kassym-Jomart Tokayev")]


def test_bare_surname_variant_is_a_claim(extract: Extract) -> None:
    text = (
        "As stated in the message of Lukashenka's press service, during the conversation the "
        "parties discussed the tasks of the peacekeeping mission."
    )
    assert names(extract(text, "2022-01-08")) == [("lukashenko", "Lukashenka")]


def test_known_bare_surnames_are_not_claims(extract: Extract) -> None:
    text = "The press service also added that first Lukashenka phoned Pashinyan, and then Putin."
    assert names(extract(text, "2022-01-08")) == [("lukashenko", "Lukashenka")]


def test_two_full_names_in_one_sentence(extract: Extract) -> None:
    text = (
        "He also spoke with his Belarusian counterpart Alexander Lukashenko and Armenian Prime "
        "Minister Nikol Pashinyan."
    )
    assert names(extract(text, "2022-01-08")) == [
        ("lukashenko", "Alexander Lukashenko"),
        ("pashinyan", "Nikol Pashinyan"),
    ]


def test_nikolai_and_nikolay(extract: Extract) -> None:
    nikolay = (
        "According to Nikolay Bordyuzha, these collective mechanisms - the bilateral groups of "
        "the collective rapid response force, the collective activity in the sphere of "
        'information security and in the sphere of migration policy "should develop, should be '
        'more enhanced, be more up to date"'
    )
    nikolai = (
        "Kazakhstan will be able to cope with the situation in the Zhanaozen city, where mass "
        "riots took place, and there is no need for CSTO's assistance to resolve it, RIA "
        "Novosti quotes CSTO General Secretary Nikolai Bordyuzha as saying."
    )
    assert names(extract(nikolay, "2022-01-25")) == [("bordyuzha", "Nikolay Bordyuzha")]
    assert names(extract(nikolai, "2011-12-20")) == [("bordyuzha", "Nikolai Bordyuzha")]


def test_bare_preferred_surname_is_not_a_claim(extract: Extract) -> None:
    text = (
        '"There is no need for additional collective mechanisms ... I think the Kazakh '
        'leadership controls the situation," Bordyuzha said.'
    )
    assert names(extract(text, "2011-12-20")) == []


def test_zhaparov_is_found_as_japarov(extract: Extract) -> None:
    text = (
        "The website of the Russian presidential administration indicates that the head of "
        "state also discussed the emergency situation in Kazakhstan with the head of Kyrgyzstan "
        "Sadyr Zhaparov, President of Tajikistan Emomali Rahmon, as well as with the head of "
        "the Armenian government Nikol Pashinyan."
    )
    # Rahmon is an entity but not one the naming fact lists
    assert names(extract(text, "2022-01-08")) == [
        ("japarov", "Sadyr Zhaparov"),
        ("pashinyan", "Nikol Pashinyan"),
    ]


def test_nazarbaev_full_and_bare(extract: Extract) -> None:
    text = (
        "Nursultan Nazarbaev's decree puts the measures in force from December 17 to January "
        "5.\n\nAddressing an emergency session of his Security Council, Nazarbaev said the "
        "situation in Zhanaozen was now under control and promised that those responsible for "
        "the unrest would be punished."
    )
    assert names(extract(text, "2011-12-17")) == [
        ("nazarbayev", "Nursultan Nazarbaev"),
        ("nazarbayev", "Nazarbaev"),
    ]


def test_one_claim_per_spelling_per_article(extract: Extract) -> None:
    text = (
        "Russian President Vladimir Putin discussed the situation in Kazakhstan with the leaders "
        "of the CSTO. Telephone talks were held between Russian President Vladimir Putin, his "
        "Belarusian counterpart Alexander Lukashenko and Chairman of the CSTO Collective "
        "Security Council, Prime Minister of Armenia Nikol Pashinyan, on the issue of resolving "
        "the situation in Kazakhstan."
    )
    assert names(extract(text, "2022-01-08")) == [
        ("putin", "Vladimir Putin"),
        ("lukashenko", "Alexander Lukashenko"),
        ("pashinyan", "Nikol Pashinyan"),
    ]


def test_people_outside_the_list_are_not_claims(extract: Extract) -> None:
    text = (
        "Russian Foreign Minister Sergei Lavrov, in turn, ruled out the possibility of use of "
        "the CSTO collective forces in Kazakhstan."
    )
    assert names(extract(text, "2011-12-20")) == []


def test_names_have_no_event(extract: Extract) -> None:
    text = (
        "Protests erupted in several Kazakh cities on January 2. Kazakh President "
        "Kassym-Jomart Tokayev said a state coup was attempted."
    )
    claims = [c for c in extract(text, "2022-01-25", scoped=True) if c.fact_id == "names"]
    assert [(c.event_id, c.value.display()) for c in claims] == [(None, "Kassym-Jomart Tokayev")]
