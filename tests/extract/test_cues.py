"""Cue sets: phrases found through the words a text holds, as one alternation finds them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from checker.extract.compiled import CompiledRulebook
from checker.extract.cues import CueSet, _indexed, _required_words, compile_cues, forget_texts

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = sorted([*ROOT.glob("seeds/*.txt"), *ROOT.glob("tests/data/dev/articles/*.txt")])


@pytest.fixture(autouse=True)
def _fresh_memo() -> None:
    forget_texts()


def spans(cues: CueSet, text: str) -> list[tuple[int, int]]:
    return [(h.start, h.end) for h in cues.hits(text)]


def test_required_words_leave_out_the_first_word_gaps_and_prefixes() -> None:
    assert _required_words("would be deployed") == {"be", "deployed"}
    assert _required_words("protests ... broke out") == {"broke", "out"}
    assert _required_words("peacekeep* force") == {"force"}
    assert _required_words("deploy peacekeep*") == set()
    assert _required_words("co-operation treaty") == {"operation", "treaty"}
    assert _required_words("CSTO's mission") == {"s", "mission"}
    assert _required_words("death") == set()


def test_a_phrase_whose_other_words_are_missing_is_not_tried() -> None:
    cues = CueSet(["would be deployed", "would send"])
    assert spans(cues, "Troops would be deployed, and Russia would send more.") == [
        (7, 24),
        (37, 47),
    ]
    text = "Troops would go, and Russia would stay."
    assert spans(cues, text) == []
    assert cues._groups(text) == []  # "would" occurs, but neither phrase's other words


def test_prefixes_are_found_wherever_a_word_begins_with_them() -> None:
    text = "Peacekeepers, peacekeeping and the peacekeeper; not apeacekeeper."
    cues = CueSet(["peacekeep*"])
    assert [h.cue for h in cues.hits(text)] == ["Peacekeepers", "peacekeeping", "peacekeeper"]
    assert _indexed(text).starting("peacekeep") == [0, 14, 35]
    assert _indexed(text).starting("peacekeepx") == []
    long = text + "".join(f" word{i}" for i in range(60))  # its vocabulary is bisected
    assert _indexed(long).starting("peacekeep") == [0, 14, 35]
    ones = [m.start() for m in re.finditer(r"\bword1\w*", long)]
    assert len(ones) == 11  # word1, word10 ... word19
    assert _indexed(long).starting("word1") == ones
    assert _indexed(long).starting("zz") == []


def test_the_sentence_side_and_the_article_side_agree() -> None:
    """A short text is looked up word by word, a long one anchor by anchor."""
    phrases = ["death toll", "killed", "the death toll", "people were killed", "dead"]
    cues = CueSet(phrases)
    short = "The death toll rose; 225 people were killed."
    long = " ".join([short] + [f"filler{i} word{i}." for i in range(40)])
    assert spans(cues, short) == [(0, 14), (25, 43)]
    assert spans(cues, long) == spans(cues, short)


def test_hits_are_the_alternations_matches_on_real_articles(
    shipped_rules: CompiledRulebook,
) -> None:
    """Every cue set of the shipped rules, on every seed and dev article, gives the
    spans one big alternation of the same phrases gives."""
    facts = shipped_rules.facts.values()
    cue_sets = [c for f in facts for c in (f.cues, f.context, f.not_cues) if c]
    cue_sets += [e.cues for e in shipped_rules.events] + [shipped_rules.any_cue]
    compared = 0
    for path in ARTICLES:
        text = path.read_text(encoding="utf-8")
        forget_texts()
        for cues in cue_sets:
            pattern = compile_cues(cues.phrases)
            assert pattern is not None
            expected = [m.span() for m in pattern.finditer(text)]
            assert spans(cues, text) == expected, (path.name, cues.phrases[:3])
            compared += len(expected)
    assert compared > 1000
