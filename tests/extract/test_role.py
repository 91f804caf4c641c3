"""Role extraction: who holds a CSTO office, in which capacity, and who used to.

A "former" or "ex-" office holder says nothing about who holds the office now; a
holder-less mention counts when the capacity is named ("The President of Armenia, who
is the chairman …").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from checker.model import Claim, Holder

Extract = Callable[..., list[Claim]]

SG = "csto.secretary_general"
CHAIR = "csto.csc_chair"
PASHINYAN_PM = (CHAIR, "pashinyan", "Prime Minister of Armenia", "Nikol Pashinyan")

Row = tuple[str, str | None, str | None, str | None]


def roles(claims: Sequence[Claim]) -> list[Row]:
    """(fact, entity, capacity, name) of every role claim, in text order."""
    rows = []
    for c in sorted(claims, key=lambda c: c.evidence.start):
        if c.kind == "role":
            assert isinstance(c.value, Holder)
            rows.append((c.fact_id, c.value.entity, c.value.capacity, c.value.name))
    return rows


# --- Secretary General ------------------------------------------------------------------


def test_secretary_general_with_surname_only(extract: Extract) -> None:
    text = (
        "CSTO Secretary General Zas said that the duration of the presence of peacekeepers in "
        "Kazakhstan depends on the situation."
    )
    claims = extract(text, "2022-01-06")
    assert roles(claims) == [(SG, "zas", None, "Stanislav Zas")]
    assert [c.raw for c in claims if c.kind == "role"] == ["Secretary General Zas"]


def test_secretary_general_after_a_long_clause(extract: Extract) -> None:
    text = (
        "The peacekeeping forces that the Collective Security Treaty Organization (CSTO) "
        "introduced into Kazakhstan at the request of the country's leadership will be "
        "withdrawn when the authorities feel they can control the situation on their own, CSTO "
        "Secretary General Stanislav Zas said in an interview with RIA Novosti."
    )
    assert roles(extract(text, "2022-01-06")) == [(SG, "zas", None, "Stanislav Zas")]


def test_general_secretary_in_2011(extract: Extract) -> None:
    text = (
        "Kazakhstan will be able to cope with the situation in the Zhanaozen city, where mass "
        "riots took place, and there is no need for CSTO's assistance to resolve it, RIA "
        "Novosti quotes CSTO General Secretary Nikolai Bordyuzha as saying."
    )
    assert roles(extract(text, "2011-12-20")) == [(SG, "bordyuzha", None, "Nikolai Bordyuzha")]


def test_hyphenated_office_before_and_after_the_name(extract: Extract) -> None:
    after = (
        "MOSCOW (UrduPoint News / Sputnik - 07th January, 2022) Stanislav Zas, "
        "secretary-general of the Collective Security Treaty Organization (CSTO), said in an "
        "interview with Sputnik on Thursday that the CSTO peacekeeping mission in Kazakhstan is "
        "there to secure strategic facilities and help maintain public order, and not to "
        "disperse rallies, as some have wrongly claimed."
    )
    before = (
        "MOSCOW (Sputnik) - The peacekeeping force of the Collective Security Treaty "
        "Organization (CSTO) in Kazakhstan will number about 2,500 people, but it can be "
        "enlarged if necessary, CSTO Secretary-General Stanislav Zas told Sputnik on Thursday."
    )
    assert roles(extract(after, "2022-01-07")) == [(SG, "zas", None, "Stanislav Zas")]
    assert roles(extract(before, "2022-01-06")) == [(SG, "zas", None, "Stanislav Zas")]


def test_former_and_ex_secretary_general_are_not_claims(extract: Extract) -> None:
    for text in (
        "MOSCOW, January 25. /TASS/. The peacekeeping mission of the Collective Security Treaty "
        "Organization (CSTO) has confirmed the demand for collective mechanisms, CSTO former "
        "Secretary General Nikolay Bordyuzha said at a press conference dedicated to CSTO "
        "peacekeeping missions on Tuesday.",
        "CSTO mission in Kazakhstan proves demand for collective mechanisms — ex-Secretary General",
        "The former secretary general emphasized that the integration would only grow, "
        "reiterating that at a meeting of the CSTO Collective Security Council which took "
        "place immediately following the deployment of peacekeeping forces to Kazakhstan, "
        "practically all presidents talked about the necessity to perfect the collective "
        "potential.",
    ):
        assert roles(extract(text, "2022-01-25")) == [], text


# --- Chairman of the Collective Security Council ------------------------------------------


def test_chair_named_with_capacity_after_a_context_sentence(extract: Extract) -> None:
    text = (
        "The CSTO Collective Security Council decided to help on the night of January 6. The "
        "Chairman of the Council, Prime Minister of Armenia Nikol Pashinyan, noted that the "
        "peacekeeping forces are being brought into Kazakhstan “ for a limited time period in "
        "order to stabilize and normalize the situation in this country. ''"
    )
    claims = extract(text, "2022-01-06")
    assert roles(claims) == [PASHINYAN_PM]
    assert [c.raw for c in claims if c.kind == "role"] == [
        "Chairman of the Council, Prime Minister of Armenia Nikol Pashinyan"
    ]


def test_chairman_of_the_council_alone_lacks_context(extract: Extract) -> None:
    text = (
        "The Chairman of the Council, Prime Minister of Armenia Nikol Pashinyan, noted that the "
        "peacekeeping forces are being brought into Kazakhstan for a limited time period."
    )
    assert roles(extract(text, "2022-01-06")) == []


def test_chair_and_prime_minister_joined_by_and(extract: Extract) -> None:
    text = (
        "The Chairman of the Collective Security Council of the Collective Security Treaty "
        "Organization and Prime Minister of Armenia Nikol Pashinyan, announced that he was "
        "starting consultations on providing assistance to Kazakhstan."
    )
    assert roles(extract(text, "2022-01-06")) == [PASHINYAN_PM]


def test_chair_after_other_leaders(extract: Extract) -> None:
    text = (
        "Telephone talks were held between Russian President Vladimir Putin, his Belarusian "
        "counterpart Alexander Lukashenko and Chairman of the CSTO Collective Security Council, "
        "Prime Minister of Armenia Nikol Pashinyan, on the issue of resolving the situation in "
        "Kazakhstan."
    )
    assert roles(extract(text, "2022-01-08")) == [PASHINYAN_PM]


def test_chair_by_capacity_only(extract: Extract) -> None:
    text = "The President of Armenia, who is the chairman of the Collective Security Council"
    claims = extract(text, "2022-01-06")
    assert roles(claims) == [(CHAIR, None, "President of Armenia", None)]
    (claim,) = [c for c in claims if c.kind == "role"]
    assert claim.value.encode() == {"office": "President of Armenia", "holder": None}


def test_capacity_only_and_named_chair_are_different_values(extract: Extract) -> None:
    by_capacity = extract(
        "The President of Armenia, who is the chairman of the Collective Security Council",
        "2022-01-06",
    )
    named = extract(
        "The Chairman of the Collective Security Council of the Collective Security Treaty "
        "Organization and Prime Minister of Armenia Nikol Pashinyan, announced that he was "
        "starting consultations on providing assistance to Kazakhstan.",
        "2022-01-06",
    )
    keys = {c.value.key() for c in [*by_capacity, *named] if c.kind == "role"}
    assert keys == {"capacity:president of armenia", "holder:pashinyan"}


def test_chairing_the_organization_is_not_chairing_the_council(extract: Extract) -> None:
    text = (
        "Kazakhstan, which chairs the Organization this year, has named as its priorities "
        "improving the arrangements for the operational deployment of Troops (Collective "
        "Forces), including the unimpeded transit of contingents, and developing the CSTO's "
        "peacekeeping potential."
    )
    assert roles(extract(text, "2024-09-27")) == []


def test_prime_minister_without_a_chair_cue_is_no_role(extract: Extract) -> None:
    text = (
        "He also spoke with his Belarusian counterpart Alexander Lukashenko and Armenian Prime "
        "Minister Nikol Pashinyan."
    )
    assert roles(extract(text, "2022-01-08")) == []
