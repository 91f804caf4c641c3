"""The gazetteer: countries from pycountry plus aliases, people by alias and near-variant."""

from __future__ import annotations

import pytest

from checker.rulebook.models import EntityDef
from checker.values.entities import EntityMention, Gazetteer, fold

COUNTRY_ALIASES = {
    "Russia": ["Russian Federation"],
    "Kyrgyzstan": ["Kyrgyz Republic", "Kirghizia"],
    "Kosovo": ["Republic of Kosovo"],
}


def person(id_: str, name: str, *aliases: str, fuzzy: bool = True) -> EntityDef:
    return EntityDef(id=id_, kind="person", name=name, aliases=list(aliases), fuzzy=fuzzy)


PEOPLE = [
    person("tokayev", "Kassym-Jomart Tokayev", "Tokayev"),
    person("lukashenko", "Alexander Lukashenko", "Lukashenko"),
    person("bordyuzha", "Nikolai Bordyuzha", "Bordyuzha"),
    person("zas", "Stanislav Zas", "Zas"),
    person("japarov", "Sadyr Japarov", "Japarov"),
    person("nazarbayev", "Nursultan Nazarbayev", "Nazarbayev"),
    person("putin", "Vladimir Putin", "Putin"),
    person("pashinyan", "Nikol Pashinyan", "Pashinyan"),
]
CSTO = EntityDef(
    id="csto",
    kind="organization",
    name="Collective Security Treaty Organization",
    aliases=["CSTO"],
)


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer([*PEOPLE, CSTO], COUNTRY_ALIASES)


def found(mentions: list[EntityMention]) -> list[tuple[str, str, bool]]:
    return [(m.entity, m.surface, m.exact) for m in mentions]


def spans_ok(text: str, mentions: list[EntityMention]) -> bool:
    return all(text[m.start : m.end] == m.surface for m in mentions)


# --- the fold -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Kassym-Zhomart", "Kassym-Jomart"),
        ("Kassym Zhomart", "Kassym-Jomart"),
        ("Nikolay", "Nikolai"),
        ("Zhaparov", "Japarov"),
        ("Nazarbaev", "Nazarbayev"),
        ("Tokaev", "Tokayev"),
        ("Dmitriy", "Dmitry"),
        ("Dzhumakeyev", "Jumakeyev"),
        ("Khachaturov", "Hachaturov"),
        ("Алёна", "Алена"),
        ("Aleksandr", "Alexandr"),
    ],
)
def test_fold_makes_transliterations_equal(a: str, b: str) -> None:
    assert fold(a) == fold(b)


def test_fold_keeps_different_names_apart() -> None:
    assert fold("Lukashenka") != fold("Lukashenko")
    assert fold("Zas") != fold("Zasypkin")


# --- countries ------------------------------------------------------------------------


def test_country_canonical_names(gaz: Gazetteer) -> None:
    assert gaz.country("Russian Federation") == "Russia"
    assert gaz.country("russia") == "Russia"
    assert gaz.country("Kirghizia") == "Kyrgyzstan"
    assert gaz.country("Kyrgyz Republic") == "Kyrgyzstan"
    assert gaz.country("Republic of Kazakhstan") == "Kazakhstan"  # pycountry official name
    assert gaz.country("Iran, Islamic Republic of") == "Iran"  # pycountry common name
    assert gaz.country("Viet Nam") == "Vietnam"
    assert gaz.country("Republic of Kosovo") == "Kosovo"  # not in pycountry: the rule's own
    assert gaz.country("Kazakh") is None
    assert gaz.country("Russian") is None
    assert gaz.country("Atlantis") is None


def test_builtin_short_names_without_rule_aliases() -> None:
    gaz = Gazetteer([], {})
    assert gaz.country("Russia") == "Russia"
    assert gaz.country("Russian Federation") == "Russia"
    assert gaz.country("Türkiye") == "Turkey"


def test_rule_aliases_choose_the_canonical_name() -> None:
    gaz = Gazetteer([], {"Russian Federation": ["Russia", "RF"]})
    assert gaz.country("Russia") == "Russian Federation"
    assert gaz.country("RF") == "Russian Federation"


def test_find_countries_in_a_seed_membership_list(gaz: Gazetteer) -> None:
    text = (
        "CSTO members are Armenia, Belarus, Kazakhstan, Kyrgyzstan, Russia, Tajikistan "
        "and Uzbekistan."
    )
    mentions = gaz.find_countries(text)
    assert [m.entity for m in mentions] == [
        "Armenia",
        "Belarus",
        "Kazakhstan",
        "Kyrgyzstan",
        "Russia",
        "Tajikistan",
        "Uzbekistan",
    ]
    assert spans_ok(text, mentions)
    assert all(m.exact for m in mentions)


def test_find_countries_longest_name_and_aliases(gaz: Gazetteer) -> None:
    text = "The Russian Federation and the Kyrgyz Republic met the Republic of\nKazakhstan."
    assert found(gaz.find_countries(text)) == [
        ("Russia", "Russian Federation", True),
        ("Kyrgyzstan", "Kyrgyz Republic", True),
        ("Kazakhstan", "Republic of\nKazakhstan", True),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Kazakh President Tokayev met Russian and Belarusian troops.",
        "Kazakhstanis believe the president is nominal.",
        "A Russia-led military alliance of six ex-Soviet states.",
        "a pro-Russia rally",
        "russia in lower case is not a name",
    ],
)
def test_demonyms_and_compounds_are_not_countries(gaz: Gazetteer, text: str) -> None:
    assert gaz.find_countries(text) == []


def test_possessive_and_pair(gaz: Gazetteer) -> None:
    text = "Kazakhstan's regions; the Russia-Belarus union; the country’s Armenia."
    assert [m.surface for m in gaz.find_countries(text)] == [
        "Kazakhstan",
        "Russia",
        "Belarus",
        "Armenia",
    ]


# --- people: the seed spellings ---------------------------------------------------------


def test_alias_table_first(gaz: Gazetteer) -> None:
    text = "President of Belarus Alexander Lukashenko and CSTO Secretary General Zas."
    assert found(gaz.find_people(text)) == [
        ("lukashenko", "Alexander Lukashenko", True),
        ("zas", "Zas", True),
    ]


def test_alias_matching_ignores_case_hyphens_and_spaces(gaz: Gazetteer) -> None:
    text = "kassym jomart TOKAYEV spoke."
    assert found(gaz.find_people(text)) == [("tokayev", "kassym jomart TOKAYEV", True)]


def test_given_name_variant_widens_an_exact_surname(gaz: Gazetteer) -> None:
    text = "The President of Kazakhstan, Kassym-Zhomart Tokayev, announced yesterday evening"
    mentions = gaz.find_people(text)
    assert found(mentions) == [("tokayev", "Kassym-Zhomart Tokayev", False)]
    assert (mentions[0].start, mentions[0].end) == (29, 51)


def test_tokayev_variant_found_fuzzily_without_any_alias() -> None:
    gaz = Gazetteer([person("tokayev", "Kassym-Jomart Tokayev")], {})
    text = "The President of Kazakhstan, Kassym-Zhomart Tokayev, announced"
    assert found(gaz.find_people(text)) == [("tokayev", "Kassym-Zhomart Tokayev", False)]
    text = "Kazakh President Kassym-Jomart Tokayev said a state coup was attempted."
    assert found(gaz.find_people(text)) == [("tokayev", "Kassym-Jomart Tokayev", True)]


def test_tokayev_variant_with_the_alias_listed_is_exact() -> None:
    gaz = Gazetteer([person("tokayev", "Kassym-Jomart Tokayev", "Kassym-Zhomart Tokayev")], {})
    text = "The President of Kazakhstan, Kassym-Zhomart Tokayev, announced"
    assert found(gaz.find_people(text)) == [("tokayev", "Kassym-Zhomart Tokayev", True)]


def test_lukashenka_is_a_near_variant(gaz: Gazetteer) -> None:
    text = "As stated in the message of Lukashenka's press service, the parties talked."
    mentions = gaz.find_people(text)
    assert found(mentions) == [("lukashenko", "Lukashenka", False)]
    assert spans_ok(text, mentions)
    text = "The press service also added that first Lukashenka phoned Pashinyan, and then Putin."
    assert found(gaz.find_people(text)) == [
        ("lukashenko", "Lukashenka", False),
        ("pashinyan", "Pashinyan", True),
        ("putin", "Putin", True),
    ]


def test_bordyuzha_nikolay_and_nikolai(gaz: Gazetteer) -> None:
    text = "RIA Novosti quotes CSTO General Secretary Nikolai Bordyuzha as saying."
    assert found(gaz.find_people(text)) == [("bordyuzha", "Nikolai Bordyuzha", True)]
    text = "CSTO former Secretary General Nikolay Bordyuzha said at a press conference"
    assert found(gaz.find_people(text)) == [("bordyuzha", "Nikolay Bordyuzha", False)]


def test_zhaparov_and_japarov(gaz: Gazetteer) -> None:
    text = "with the head of Kyrgyzstan Sadyr Zhaparov, President of Tajikistan Emomali Rahmon"
    assert found(gaz.find_people(text)) == [("japarov", "Sadyr Zhaparov", False)]
    assert found(gaz.find_people("Zhaparov said so.")) == [("japarov", "Zhaparov", False)]
    assert found(gaz.find_people("Sadyr Japarov said so.")) == [("japarov", "Sadyr Japarov", True)]


def test_nazarbaev_and_nazarbayev(gaz: Gazetteer) -> None:
    text = "Nursultan Nazarbaev's decree puts the measures in force. Nazarbaev said"
    assert found(gaz.find_people(text)) == [
        ("nazarbayev", "Nursultan Nazarbaev", False),
        ("nazarbayev", "Nazarbaev", False),
    ]
    text = "the first head of Kazakhstan, Nursultan Nazarbayev, continued to rule."
    assert found(gaz.find_people(text)) == [("nazarbayev", "Nursultan Nazarbayev", True)]


def test_ids_restrict_the_search(gaz: Gazetteer) -> None:
    text = "Putin spoke with Alexander Lukashenko and Lukashenka's aides."
    assert found(gaz.find_people(text, ids={"lukashenko"})) == [
        ("lukashenko", "Alexander Lukashenko", True),
        ("lukashenko", "Lukashenka", False),
    ]
    assert gaz.find_people(text, ids=()) == []


def test_threshold_is_honoured(gaz: Gazetteer) -> None:
    text = "Lukashenka phoned."
    assert found(gaz.find_people(text, threshold=85)) == [("lukashenko", "Lukashenka", False)]
    assert gaz.find_people(text, threshold=95) == []


def test_fuzzy_can_be_switched_off() -> None:
    gaz = Gazetteer([person("lukashenko", "Alexander Lukashenko", "Lukashenko", fuzzy=False)], {})
    assert gaz.find_people("Lukashenka phoned.") == []
    assert found(gaz.find_people("Lukashenko phoned.")) == [("lukashenko", "Lukashenko", True)]


# --- people: negatives --------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Kazakhstan will be able to cope with the situation.",
        "Russian Foreign Minister Sergei Lavrov ruled it out.",
        "The press conference took place on Tuesday.",
        "Putting the figures together, the toll rose.",
        "Protests erupted in January across Kazakhstan.",
        "President of Tajikistan Emomali Rahmon",
        "Pushing ahead, the Pashtuns marched.",
    ],
)
def test_ordinary_capitalised_words_are_not_people(gaz: Gazetteer, text: str) -> None:
    assert gaz.find_people(text) == []


def test_zas_matches_only_zas_exactly() -> None:
    gaz = Gazetteer(
        [person("zas", "Stanislav Zas", "Zas"), person("zasypkin", "Ivan Zasypkin", "Zasypkin")],
        {},
    )
    assert found(gaz.find_people("Secretary General Zas said.")) == [("zas", "Zas", True)]
    assert found(gaz.find_people("Zasypkin said.")) == [("zasypkin", "Zasypkin", True)]
    assert gaz.find_people("Zaz said.") == []  # too short to be matched fuzzily
    assert gaz.find_people("Zasypkina said.", ids={"zas"}) == []


def test_other_given_name_does_not_widen(gaz: Gazetteer) -> None:
    text = "Viktor Lukashenko, the president's son, spoke."
    assert found(gaz.find_people(text)) == [("lukashenko", "Lukashenko", True)]


# --- other entities -------------------------------------------------------------------------


def test_find_entities_by_kind(gaz: Gazetteer) -> None:
    text = "The Collective Security Treaty Organization (CSTO) met; see csto.int."
    assert found(gaz.find_entities(text, "organization")) == [
        ("csto", "Collective Security Treaty Organization", True),
        ("csto", "CSTO", True),
    ]
    assert gaz.find_entities(text, "place") == []
    assert [m.entity for m in gaz.find_entities("Russia and Armenia", "country")] == [
        "Russia",
        "Armenia",
    ]


def test_canonical_name(gaz: Gazetteer) -> None:
    assert gaz.canonical_name("tokayev") == "Kassym-Jomart Tokayev"
    assert gaz.canonical_name("csto") == "Collective Security Treaty Organization"
    with pytest.raises(KeyError):
        gaz.canonical_name("nobody")


def test_empty_gazetteer() -> None:
    gaz = Gazetteer([], {})
    assert gaz.find_people("Lukashenka phoned.") == []
    assert gaz.find_entities("CSTO", "organization") == []


# --- people in many sentences at once -------------------------------------------------------


ARTICLE = (
    "Kazakh President Kassym-Zhomart Tokayev asked for help. The bloc agreed.\n"
    "Lukashenka's press service said so; nobody else spoke.\n"
    "a sentence cut mid-word: Nazarbayev stepped down. kassym jomart tokayev, in lower case.\n"
    "Minsk-Lukashenka talks."
)


def _sentences(text: str) -> list[tuple[int, int]]:
    """Spans by hand, one of them starting and one ending inside a word."""
    cut = text.index("Nazarbayev") + len("Nazarbay")
    return [
        (0, text.index(" The bloc")),
        (text.index("The bloc"), text.index("\n")),
        (text.index("Lukashenka"), text.index(" nobody")),
        (text.index("a sentence"), cut),
        (cut, text.index("\nMinsk")),
        (text.index("nobody"), text.index("\na sentence")),
        (text.index("Lukashenka talks"), len(text)),  # a word only in the span
    ]


def test_find_people_in_is_find_people_span_by_span(gaz: Gazetteer) -> None:
    spans = _sentences(ARTICLE)
    each = [gaz.find_people(ARTICLE[s:e]) for s, e in spans]
    assert gaz.find_people_in(ARTICLE, spans) == each
    assert [found(m) for m in each] == [
        [("tokayev", "Kassym-Zhomart Tokayev", False)],
        [],
        [("lukashenko", "Lukashenka", False)],
        [],  # "Nazarbay" alone is cut short of the surname
        [("tokayev", "kassym jomart tokayev", True)],  # "ev stepped down.": an alias in lower case
        [],
        [("lukashenko", "Lukashenka", False)],
    ]


def test_find_people_in_a_subset_and_without_fuzzy_surnames() -> None:
    gaz = Gazetteer([person("zas", "Stanislav Zas", "Zas", fuzzy=False), *PEOPLE[:2]], {})
    spans = _sentences(ARTICLE)
    assert gaz.find_people_in(ARTICLE, spans, {"zas"}) == [[] for _ in spans]
    shouted = "THE BLOC MET. STANISLAV ZAS SPOKE."
    halves = [(0, 13), (14, len(shouted))]
    assert [found(m) for m in gaz.find_people_in(shouted, halves, {"zas"})] == [
        [],
        [("zas", "STANISLAV ZAS", True)],  # by its alias only: Zas is not matched fuzzily
    ]
    only_tokayev = gaz.find_people_in(ARTICLE, spans, {"tokayev"})
    assert found(only_tokayev[0]) == [("tokayev", "Kassym-Zhomart Tokayev", False)]
    assert only_tokayev == [gaz.find_people(ARTICLE[s:e], {"tokayev"}) for s, e in spans]
