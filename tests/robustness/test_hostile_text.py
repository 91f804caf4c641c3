"""Articles whose size or shape could make a check hang: each completes within the
normal run of the suite (no timing asserts: a regression shows as a hung test) and
reports what it should.

Before the sentence and paragraph bounds of `checker.text`, a 20 KB article of one
run-on sentence full of figures took minutes (pairing every number with every cue
cost cubic time in the sentence), and a long line of spaces, a run of "Mr." or a
hard-wrapped paragraph of thousands of lines never finished splitting.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from checker.corpus import DEFAULT_MAX_BYTES
from checker.text import MAX_PARAGRAPH, MAX_SENTENCE, split_document
from tests.robustness.helpers import (
    SEED_003,
    SEEDS,
    Factcheck,
    assert_seeds_unharmed,
    check_json,
    write,
)

MB = 1024 * 1024
TOLL = "According to Kazakh authorities, 225 people were killed during the riots in Almaty."
UNDATED = "no publication date: compared by in-text dates only"


def test_a_50_mb_article_is_skipped_at_once_and_the_rest_goes_on(
    factcheck: Factcheck, corpus: Path, clean: dict[str, Any]
) -> None:
    text = SEED_003.read_bytes()
    write(corpus, "huge.txt", (text * (50 * MB // len(text) + 1))[: 50 * MB])
    outcome = check_json(factcheck, corpus)
    assert outcome.err_lines == [
        f"huge.txt: file too large (52,428,800 bytes; limit {DEFAULT_MAX_BYTES:,}): skipped"
    ]
    assert_seeds_unharmed(outcome, clean)
    assert "huge.txt" not in {a["id"] for a in outcome.report()["articles"]}


def test_a_file_of_one_5_mb_line(factcheck: Factcheck, tmp_path: Path) -> None:
    """The seed article flattened into one line, 5 MB of filler, and a toll at the end:
    every claim is on line 1 and its column points at its text."""
    filler = "The weather in the region stayed mild and quiet for the rest of the week. "
    head = SEED_003.read_text(encoding="utf-8").replace("\n", " ")
    line = head + filler * (5 * MB // len(filler)) + TOLL
    write(tmp_path / "corpus", "line.txt", line)
    outcome = check_json(factcheck, tmp_path / "corpus")
    assert outcome.code == 0
    assert outcome.err_lines == [f"line.txt: {UNDATED}"]  # its dateline is no longer a line
    claims = outcome.claims_of("line.txt")
    assert {c["line"] for c in claims} == {1}
    for claim in claims:
        start = claim["column"] - 1
        assert line[start : start + len(claim["raw"])] == claim["raw"]
    assert [c["raw"] for c in claims if c["column"] > 5 * MB] == ["225"]
    assert len(claims) > 5  # the head's claims too


def test_one_run_on_sentence_full_of_figures(factcheck: Factcheck, tmp_path: Path) -> None:
    """100 KB without a full stop, a toll every 60 characters: minutes before the fix."""
    unit = "the riots killed 14 people and injured about 90 in Almaty, "
    write(tmp_path / "corpus", "dense.txt", unit * (100_000 // len(unit)))
    outcome = check_json(factcheck, tmp_path / "corpus")
    assert outcome.code == 0
    assert outcome.err_lines == [f"dense.txt: {UNDATED}"]
    claims = outcome.claims_of("dense.txt")
    assert len(claims) == 2 * (100_000 // len(unit))  # each 14 dead and each 90 injured
    assert {(c["fact"], c["raw"]) for c in claims} == {
        ("casualties.deaths", "14"),
        ("casualties.injured", "about 90"),
    }


def test_a_line_of_5_mb_of_spaces(factcheck: Factcheck, tmp_path: Path) -> None:
    text = "Riots in Almaty\n\n" + " " * (5 * MB) + "\n\n" + TOLL + "\n"
    write(tmp_path / "corpus", "spaces.txt", text)
    outcome = check_json(factcheck, tmp_path / "corpus")
    assert outcome.err_lines == [f"spaces.txt: {UNDATED}"]
    assert [(c["raw"], c["line"], c["column"]) for c in outcome.claims_of("spaces.txt")] == [
        ("225", 5, 34)
    ]


def test_a_megabyte_of_abbreviations(factcheck: Factcheck, tmp_path: Path) -> None:
    """ "Mr." never ends a sentence, so every one of them was looked back on from the start."""
    text = "Mr. " * (MB // 4) + "\n\n" + TOLL + "\n"
    write(tmp_path / "corpus", "mr.txt", text)
    outcome = check_json(factcheck, tmp_path / "corpus")
    assert outcome.err_lines == [f"mr.txt: {UNDATED}"]
    assert [(c["raw"], c["line"]) for c in outcome.claims_of("mr.txt")] == [("225", 3)]


def test_a_hard_wrapped_paragraph_of_100_000_lines(factcheck: Factcheck, tmp_path: Path) -> None:
    """Lines ending in a comma continue the sentence: each joined line used to copy the
    whole sentence so far."""
    text = "and the crowd moved on,\n" * 100_000 + TOLL + "\n"
    write(tmp_path / "corpus", "wrapped.txt", text)
    outcome = check_json(factcheck, tmp_path / "corpus")
    assert outcome.err_lines == [f"wrapped.txt: {UNDATED}"]
    assert [(c["raw"], c["line"]) for c in outcome.claims_of("wrapped.txt")] == [("225", 100_001)]


# --- the bounds themselves ---------------------------------------------------------------


def _check_offsets(text: str) -> None:
    doc = split_document(text)
    for sentence in doc.sentences:
        assert sentence.text == text[sentence.start : sentence.end]
        assert 0 < len(sentence.text) <= MAX_SENTENCE
        p_start, p_end = doc.paragraphs[sentence.paragraph]
        assert p_start <= sentence.start < sentence.end <= p_end
    assert all(end - start <= MAX_PARAGRAPH for start, end in doc.paragraphs)


def test_long_sentences_are_cut_at_clause_breaks() -> None:
    text = "Protesters gathered in the square, " * 200 + "and then they left."
    doc = split_document(text)
    _check_offsets(text)
    assert len(doc.sentences) > 1
    assert all(s.text.endswith(",") for s in doc.sentences[:-1])  # cut after a comma
    assert " ".join(s.text for s in doc.sentences) == text


def test_text_without_spaces_is_cut_anyway() -> None:
    text = "a" * (3 * MAX_SENTENCE + 7)
    doc = split_document(text)
    _check_offsets(text)
    assert [len(s.text) for s in doc.sentences] == [MAX_SENTENCE] * 3 + [7]


def test_a_long_paragraph_is_cut_between_sentences() -> None:
    text = "The toll rose again. " * 2000
    doc = split_document(text)
    _check_offsets(text)
    assert len(doc.paragraphs) == -(-len(text.strip()) // MAX_PARAGRAPH)
    assert all(s.text == "The toll rose again." for s in doc.sentences)


def test_real_articles_are_far_below_the_bounds() -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        doc = split_document(text)
        assert max(len(s.text) for s in doc.sentences) < MAX_SENTENCE // 2
        assert max(end - start for start, end in doc.paragraphs) < MAX_PARAGRAPH // 2
