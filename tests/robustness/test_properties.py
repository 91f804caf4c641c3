"""Property-based tests (hypothesis) of the value parsers and the comparator.

Parsers run on whatever text a corpus holds, so they must never raise and must keep
their own invariants on any input; the comparator must not care in which order claims
arrive or which article is called what.  Example counts stay modest so the suite stays
fast; a failure prints the smallest input hypothesis could find.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.extract.compiled import CompiledRulebook
from checker.findings import find
from checker.model import Claim, EntitySet, Evidence, Finding, Holder, Name, Quantity, Stance
from checker.pipeline import compile_rules
from checker.text import split_document
from checker.values.dates import find_dates, find_durations
from checker.values.numbers import find_numbers, format_number, parse_number
from checker.values.polarity import is_negated, polarity

RULES = Path(__file__).resolve().parents[2] / "rules"
FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# News-like text: the words parsers react to, mixed with digits, punctuation and noise,
# finds far more edge cases than uniformly random characters.
PHRASES = (
    "about around some nearly almost over more than less fewer at least up to at most",
    "one two three ten eleven fourteen twenty thirty hundred thousand million billion",
    "half a dozen dozens hundreds thousands and or to from between - – — , . ; : ( )",
    "killed dead injured were was not no never did deny denied will won't troops",
    "January February Dec. Jan 2 5th 2011 2022 1990s on Friday yesterday evening",
    "the beginning end middle of week month year ago later days hours in within",
    "4,500 2.5 1.5 90 225 0 00 1,000,000 3.14 12:30 06.01.2022 2022-01-05 % per cent",
    "Mr. U.S. “ ” 's",
)
WORDS = [word for phrase in PHRASES for word in phrase.split(" ")] + ["\n", "\n\n"]
news = st.lists(st.sampled_from(WORDS), max_size=40).map(" ".join)
any_text = st.one_of(st.text(max_size=200), news)


# --- the parsers never raise, and their mentions point at their text -----------------------


@FAST
@given(any_text)
def test_find_numbers_never_raises_and_intervals_hold_their_point(text: str) -> None:
    mentions = find_numbers(text)
    end = -1
    for m in mentions:
        assert end <= m.start <= m.num_start < m.end <= len(text)  # ordered, disjoint
        assert text[m.start : m.end] == m.raw
        end = m.end
        if m.low is not None:
            assert m.low <= m.value, m
        if m.high is not None:
            assert m.value <= m.high, m


@FAST
@given(any_text, st.one_of(st.none(), st.dates(date(1990, 1, 1), date(2030, 12, 31))))
def test_find_dates_never_raises_and_intervals_are_ordered(text: str, anchor: date | None) -> None:
    for m in find_dates(text, anchor):
        assert text[m.start : m.end] == m.raw
        assert (m.first is None) == (m.last is None)
        if m.first is not None and m.last is not None:
            assert m.first <= m.last, m


@FAST
@given(any_text)
def test_find_durations_never_raises(text: str) -> None:
    for m in find_durations(text):
        assert text[m.start : m.end] == m.raw
        assert m.days >= 0
        assert m.bound in ("within", "about", "at least", "exact")


@FAST
@given(any_text)
def test_split_document_never_raises_and_covers_the_text(text: str) -> None:
    doc = split_document(text)
    previous = 0
    for s in doc.sentences:
        assert text[s.start : s.end] == s.text
        assert s.text.strip() == s.text != ""
        assert previous <= s.start
        previous = s.end
        p_start, p_end = doc.paragraphs[s.paragraph]
        assert p_start <= s.start and s.end <= p_end
    # every non-space character belongs to a sentence
    covered = sum(len(s.text.split()) and len("".join(s.text.split())) for s in doc.sentences)
    assert covered == len("".join(text.split()))
    for offset in (0, len(text) // 2, len(text)):
        line, column = doc.position(offset)
        assert line == text.count("\n", 0, offset) + 1
        assert column == offset - (text.rfind("\n", 0, offset) + 1) + 1


@FAST
@given(any_text, st.data())
def test_polarity_never_raises(text: str, data: st.DataObject) -> None:
    offset = data.draw(st.integers(0, len(text)))
    assert polarity(text, offset) is (not is_negated(text, offset))


# --- numbers: format and parse again ----------------------------------------------------------

UNITS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
TEENS = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen"]
TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def _spelled(n: int) -> str:
    """1-99 in words, the way news spells them ("twenty-one")."""
    if n < 10:
        return UNITS[n - 1]
    if n < 18:
        return TEENS[n - 10]
    if n < 20:
        return ["eighteen", "nineteen"][n - 18]
    tens, units = divmod(n, 10)
    return TENS[tens - 2] + (f"-{UNITS[units - 1]}" if units else "")


phrases = st.one_of(
    st.integers(0, 10**12).map(lambda n: f"{n:,}"),  # 4,500
    st.integers(0, 10**9).map(str),  # 4500
    st.decimals(0, 10**6, places=2, allow_nan=False).map(lambda d: f"{d:f}"),  # 2.50
    st.tuples(st.integers(1, 999), st.integers(0, 9), st.sampled_from(["thousand", "million"])).map(
        lambda t: f"{t[0]}.{t[1]} {t[2]}"  # 2.5 thousand
    ),
    st.tuples(st.integers(1, 99), st.sampled_from(["", " hundred", " thousand", " million"])).map(
        lambda t: _spelled(t[0]) + t[1]  # fourteen, twenty-one thousand
    ),
)


@FAST
@given(phrases)
def test_formatting_a_parsed_number_and_parsing_it_again_gives_the_same_value(phrase: str) -> None:
    value = parse_number(phrase)
    assert value is not None, phrase
    assert parse_number(format_number(value)) == value


# --- the comparator: order and names do not matter ---------------------------------------------

KZ = "kazakhstan-unrest-2022"
ZH = "zhanaozen-2011"
OFFICE = "Chairman of the CSTO Collective Security Council"
START = date(2022, 1, 1)


@pytest.fixture(scope="module")
def rules() -> CompiledRulebook:
    return compile_rules([RULES])


def _quantity(point: int, shape: str) -> Quantity:
    if shape == "about":
        return Quantity(point * 0.95, point * 1.05, point, exact=False)
    if shape == "more":
        return Quantity(point, None, point, exact=False)
    if shape == "range":
        return Quantity(point, point + 10, point + 5, exact=False)
    return Quantity(point, point, point)


values = st.one_of(
    st.tuples(
        st.just("casualties.deaths"),
        st.just("quantity"),
        st.builds(
            _quantity,
            st.sampled_from([14, 16, 17, 164, 225, 227, 230]),
            st.sampled_from(["exact", "about", "more", "range"]),
        ),
        st.sampled_from([KZ, ZH, None]),
    ),
    st.tuples(
        st.just("csto.members"),
        st.just("membership"),
        st.frozensets(
            st.sampled_from(
                [
                    "Armenia",
                    "Belarus",
                    "Kazakhstan",
                    "Kyrgyzstan",
                    "Russia",
                    "Tajikistan",
                    "Uzbekistan",
                ]
            ),
            min_size=2,
        ).map(EntitySet),
        st.just(None),
    ),
    st.tuples(
        st.just("csto.csc_chair"),
        st.just("role"),
        st.sampled_from(
            [
                Holder(OFFICE, "pashinyan", "Prime Minister of Armenia", "Nikol Pashinyan"),
                Holder(OFFICE, None, "President of Armenia", None),
                Holder(OFFICE, "tokayev", None, "Kassym-Jomart Tokayev"),
            ]
        ),
        st.just(None),
    ),
    st.tuples(
        st.just("mission.scope"),
        st.just("statement"),
        st.builds(
            Stance, st.sampled_from(["disperse_protests", "guard_facilities"]), st.booleans()
        ),
        st.just(KZ),
    ),
    st.tuples(
        st.just("names"),
        st.just("naming"),
        st.sampled_from(
            [
                Name("lukashenko", "Alexander Lukashenko"),
                Name("lukashenko", "Lukashenka"),
                Name("nazarbayev", "Nursultan Nazarbayev"),
                Name("nazarbayev", "Nazarbaev"),
            ]
        ),
        st.just(None),
    ),
)
claim_specs = st.lists(
    st.tuples(
        values,
        st.integers(0, 4),  # article
        st.one_of(st.none(), st.integers(0, 4000)),  # day of validity, from 2011 to 2022
        st.booleans(),  # earlier
    ),
    min_size=1,
    max_size=14,
)


def _claims(
    specs: list[tuple[tuple[str, str, object, str | None], int, int | None, bool]],
) -> list[Claim]:
    claims = []
    for index, ((fact, kind, value, event), article, day, earlier) in enumerate(specs):
        subject = getattr(value, "item", None) or getattr(value, "entity", None)
        subject = subject if kind in ("statement", "naming") else None
        valid_at = None if day is None else START - timedelta(days=day)
        evidence = Evidence(
            f"art{article}.txt", index * 10, index * 10 + 3, index + 1, 1, f"Sentence {index}."
        )
        claims.append(
            Claim(fact, kind, value, "raw", None, evidence, event, valid_at, earlier, subject)
        )  # type: ignore[arg-type]
    return claims


def _shape(
    findings: list[Finding], rename: dict[str, str] | None = None
) -> list[tuple[object, ...]]:
    """What a finding is, independent of order, with article ids mapped by `rename`."""
    rename = rename or {}
    return sorted(
        (
            f.fingerprint,
            f.fact_id,
            f.kind.value,
            f.level.value,
            f.event_id,
            f.suppressed_by,
            tuple(
                sorted(
                    (
                        rename.get(c.evidence.article_id, c.evidence.article_id),
                        c.value.key(),
                        c.evidence.start,
                    )
                    for c in f.claims
                )
            ),
        )
        for f in findings
    )


@FAST
@given(claim_specs, st.randoms(use_true_random=False))
def test_findings_do_not_depend_on_claim_order(
    rules: CompiledRulebook, specs: list, rnd: random.Random
) -> None:  # type: ignore[type-arg]
    claims = _claims(specs)
    expected = find(claims, rules)
    shuffled = list(claims)
    rnd.shuffle(shuffled)
    again = find(shuffled, rules)
    assert again == expected  # identical findings, in the same order, same fingerprints


@FAST
@given(claim_specs, st.permutations(range(5)))
def test_findings_are_symmetric_in_the_articles(
    rules: CompiledRulebook, specs: list, order: list[int]
) -> None:  # type: ignore[type-arg]
    """Swapping which article is called what changes no finding: same kinds, levels and
    fingerprints (fingerprints hold no article ids), same claims under the new names."""
    claims = _claims(specs)
    rename = {f"art{i}.txt": f"art{j}.txt" for i, j in enumerate(order)}
    renamed = [
        replace(c, evidence=replace(c.evidence, article_id=rename[c.evidence.article_id]))
        for c in claims
    ]
    assert _shape(find(renamed, rules)) == _shape(find(claims, rules), rename)
