"""Sentence and paragraph splitting on real seed and dev sentences, with offsets."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.text import Document, Sentence, split_document

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def seed(name: str) -> Document:
    path = next(SEEDS.glob(f"{name}_*.txt"))
    return split_document(path.read_text(encoding="utf-8"))


def texts(text: str) -> list[str]:
    return [s.text for s in split_document(text).sentences]


def find(doc: Document, prefix: str) -> Sentence:
    matches = [s for s in doc.sentences if s.text.startswith(prefix)]
    assert len(matches) >= 1, f"no sentence starts with {prefix!r}"
    return matches[0]


# --- invariants on every seed ----------------------------------------------------------


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_offsets_slice_the_text(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    doc = split_document(text)
    assert doc.sentences, "every seed has sentences"
    previous_end = 0
    for i, s in enumerate(doc.sentences):
        assert s.index == i
        assert text[s.start : s.end] == s.text
        assert s.text == s.text.strip() and s.text
        assert s.start >= previous_end
        p_start, p_end = doc.paragraphs[s.paragraph]
        assert p_start <= s.start and s.end <= p_end
        previous_end = s.end


# --- seed 000: datelines, initials, ellipsis -------------------------------------------


def test_seed_000_dateline_and_initial_stay_whole() -> None:
    doc = seed("000")
    s = find(doc, "Azerbaijan, Baku")
    assert s.text == "Azerbaijan, Baku, Dec. 20 / Trend E. Kosolapova/"
    assert doc.position(s.start) == (9, 1)
    date_line = find(doc, "Kazakhstan Materials")
    assert date_line.text == "Kazakhstan Materials 20 December 2011 18:33 (UTC +04:00)"
    assert doc.position(date_line.start) == (5, 1)
    # The next line starts with a capital: a line break ends the dateline sentence.
    assert doc.sentences[date_line.index + 1].text.startswith("Kazakhstan will be able")


def test_seed_000_spaced_ellipsis_inside_a_quote_does_not_split() -> None:
    doc = seed("000")
    s = find(doc, '"There is no need')
    assert s.text == (
        '"There is no need for additional collective mechanisms ... I think the Kazakh '
        'leadership controls the situation," Bordyuzha said.'
    )
    assert doc.position(s.start) == (13, 1)


def test_seed_000_paragraph_with_three_sentences() -> None:
    doc = seed("000")
    first = find(doc, "On Friday mass riots")
    sentences = doc.sentences_in_paragraph(first.paragraph)
    assert [s.text for s in sentences] == [
        "On Friday mass riots took place in the Kazakh oil town of Zhanaozen in the Mangistau "
        "region which killed 14 and injured about 90 people.",
        "President Nursultan Nazarbayev signed a decree to impose a state of emergency in the "
        "area from Saturday.",
        "According to the Prosecutor General's Office, situation in the Zhanaozen city is "
        "gradually stabilizing.",
    ]
    assert doc.position(sentences[1].start) == (15, 138)
    assert doc.position(sentences[2].start) == (15, 243)
    assert doc.paragraph_text(first.paragraph).startswith("On Friday")
    assert doc.paragraph_text(first.paragraph).endswith("gradually stabilizing.")


def test_seed_000_headlines_are_sentences() -> None:
    doc = seed("000")
    assert doc.sentences[0].text == "..."
    assert (
        doc.sentences[1].text == "CSTO: Kazakhstan to be able to cope with situation in Zhanaozen"
    )
    assert doc.sentences[-1].text == "Latest"


# --- seed 001 and 002: decimals, the '' typography, Art. ----------------------------------


def test_seed_001_decimals_do_not_split() -> None:
    doc = seed("001")
    s = find(doc, "The approved number")
    assert s.text == (
        "The approved number of peacekeepers in Kazakhstan & mdash; 2.5 thousand people, "
        "the CSTO secretary general said."
    )
    assert doc.position(s.start) == (13, 1)
    assert find(doc, "In total").text == (
        "In total, the CSTO peacekeeping force includes 3.6 thousand people."
    )


def test_seed_001_closing_double_apostrophe_stays_with_its_sentence() -> None:
    doc = seed("001")
    s = find(doc, "The Chairman of the Council")
    assert s.text.endswith("normalize the situation in this country. ''")
    assert doc.position(s.start) == (19, 81)
    assert all(t.text != "''" for t in doc.sentences)


def test_seed_001_spaced_opening_curly_quote() -> None:
    doc = seed("001")
    assert find(doc, "“ We expect").text == "“ We expect that the period will be short."
    assert find(doc, "And in the decision").text.endswith("for a short period.")


def test_seed_002_article_abbreviation() -> None:
    doc = seed("002")
    s = find(doc, "In accordance with Art.")
    assert s.text.startswith("In accordance with Art. 4 of the CSTO treaty, the parties")
    assert s.text.endswith("including a military one.")
    assert doc.position(s.start) == (17, 1)


def test_seed_002_single_quotes_before_the_period() -> None:
    doc = seed("002")
    s = find(doc, "According to him, we are talking")
    assert s.text.endswith("the appeal to the CSTO members is 'appropriate and timely'.")


# --- seed 003: wire dateline, single-paragraph article ------------------------------------


def test_seed_003_tass_dateline_is_its_own_sentence() -> None:
    doc = seed("003")
    dateline = find(doc, "MOSCOW")
    assert dateline.text == "MOSCOW, January 25. /TASS/."
    assert doc.position(dateline.start) == (3, 1)
    following = doc.sentences[dateline.index + 1]
    assert following.text.startswith("The peacekeeping mission of the Collective Security")
    assert following.text.endswith("dedicated to CSTO peacekeeping missions on Tuesday.")
    assert doc.position(following.start) == (3, 29)
    assert following.paragraph == dateline.paragraph == 0


def test_seed_003_last_line_sentences() -> None:
    doc = seed("003")
    assert [s.text for s in doc.sentences[-3:]] == [
        "Law and order, Kazakh authorities affirm, was restored to all of the country’s "
        "regions by the morning of January 7.",
        "On January 19, the state of emergency was lifted nationwide.",
        "According to Kazakh authorities, 225 people were killed in the upheaval and more "
        "than 4,500 were injured.",
    ]
    assert doc.position(doc.sentences[-1].start) == (7, 405)


# --- seed 004: curly quotes ---------------------------------------------------------------


def test_seed_004_curly_quote_then_new_sentence() -> None:
    doc = seed("004")
    s = find(doc, "In Alma-Ata, as reported")
    nxt = doc.sentences[s.index + 1]
    assert s.text == (
        'In Alma-Ata, as reported by "Sputnik Kazakhstan", "the mopping-up of armed '
        'pogromists continues."'
    )
    assert (
        nxt.text == "“The sounds of individual shots are sometimes heard there,” the message says."
    )
    assert doc.position(nxt.start) == (31, 99)


# --- dev-corpus sentences (inline, so the test needs no files outside the repo) -----------


def test_ap_caption_dates_do_not_split() -> None:
    text = (
        "[Photo] A vehicle is prepared at an airport outside Almaty, Kazakhstan, Thursday, "
        "Jan. 13, 2022. Faced with unprecedented mass protests, Tokayev asked for help.\n\n"
        "The demonstrations began on Jan. 2 in the oil- and gas-rich Central Asian nation."
    )
    assert texts(text) == [
        "[Photo] A vehicle is prepared at an airport outside Almaty, Kazakhstan, Thursday, "
        "Jan. 13, 2022.",
        "Faced with unprecedented mass protests, Tokayev asked for help.",
        "The demonstrations began on Jan. 2 in the oil- and gas-rich Central Asian nation.",
    ]


def test_interfax_dateline_stays_with_its_sentence() -> None:
    text = (
        "NUR-SULTAN. Jan 10 (Interfax) - The Collective Security Treaty Organization (CSTO) "
        "mission will leave Kazakhstan, Kazakh State Secretary Yerlan Karin said."
    )
    assert texts(text) == [text]


def test_un_abbreviation_and_numeric_dates() -> None:
    assert texts("It could deploy under a U.N. mandate or without one. Next.") == [
        "It could deploy under a U.N. mandate or without one.",
        "Next.",
    ]
    assert texts("19:31 GMT 06.01.2022") == ["19:31 GMT 06.01.2022"]
    assert texts("Mr. Zas and Dr. Smith met e.g. Russia. They left.") == [
        "Mr. Zas and Dr. Smith met e.g. Russia.",
        "They left.",
    ]


def test_question_and_exclamation_marks() -> None:
    text = "Who gave the order to shoot? What part did agents play! Why? because."
    assert texts(text) == [
        "Who gave the order to shoot?",
        "What part did agents play!",
        "Why? because.",
    ]


def test_closing_curly_quote_after_period() -> None:
    assert texts("It was “over.” Then it began. “Next,” he said.") == [
        "It was “over.”",
        "Then it began.",
        "“Next,” he said.",
    ]


# --- line breaks and paragraphs ------------------------------------------------------------


def test_hard_wrapped_lines_join_and_headlines_do_not() -> None:
    text = (
        "Headline without a stop\n"
        "The CSTO includes Russia, Kazakhstan\n"
        "and Armenia, and its force numbers\n"
        "3,600 people.\n"
        "Another line starts here"
    )
    doc = split_document(text)
    assert [s.text for s in doc.sentences] == [
        "Headline without a stop",
        "The CSTO includes Russia, Kazakhstan\nand Armenia, and its force numbers\n3,600 people.",
        "Another line starts here",
    ]
    assert doc.position(doc.sentences[1].end) == (4, 14)


def test_line_ending_in_comma_continues_even_before_a_capital() -> None:
    assert texts("The CSTO includes Russia,\nKazakhstan and Armenia.") == [
        "The CSTO includes Russia,\nKazakhstan and Armenia."
    ]


def test_paragraphs_and_lookups() -> None:
    text = "  First para. Second sentence.\n\n \n\nSecond para\nline two.\n"
    doc = split_document(text)
    assert doc.paragraphs == ((2, 30), (35, 56))
    assert doc.paragraph_text(1) == "Second para\nline two."
    assert [s.text for s in doc.sentences_in_paragraph(0)] == [
        "First para.",
        "Second sentence.",
    ]
    # lowercase after a line without a stop: a hard wrap, one sentence
    assert [s.text for s in doc.sentences_in_paragraph(1)] == ["Second para\nline two."]
    assert doc.sentences_in_paragraph(5) == ()
    assert doc.sentence_at(15) == doc.sentences[1]
    assert doc.sentence_at(0) is None


def test_position_is_one_based_and_clamped() -> None:
    doc = split_document("ab\ncd\n\nef")
    assert doc.position(0) == (1, 1)
    assert doc.position(2) == (1, 3)  # the newline itself
    assert doc.position(3) == (2, 1)
    assert doc.position(7) == (4, 1)
    assert doc.position(9) == (4, 3)  # end of text
    assert doc.position(99) == (4, 3)


def test_empty_and_blank_text() -> None:
    assert split_document("").sentences == ()
    assert split_document(" \n\n\t\n").paragraphs == ()
    assert split_document("").position(0) == (1, 1)
