"""Compiled RE2 patterns: which sentences of an article they match, found from one scan."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.extract.compiled import CompiledRulebook, _unanchored, compile_pattern
from checker.text import Document, Sentence, split_document

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = sorted([*ROOT.glob("seeds/*.txt"), *ROOT.glob("tests/data/dev/articles/*.txt")])


@pytest.mark.parametrize(
    ("source", "unanchored"),
    [
        (r"(?i)\bstate of emergency\b[^.;]{0,60}?\buntil\b", True),
        (r"^Jan", False),
        (r"troops$", False),
        (r"(?m)^Jan", False),
        (r"\Atroops", False),
        (r"troops\z", False),
        (r"costs \$5", True),
        (r"[$^]x", True),
        (r"[]^]x", True),
        (r"[[:alpha:]^]+", True),
        (r"[^]]$", False),
        (r"a\\Ab", True),  # an escaped backslash, then a letter A
    ],
)
def test_unanchored(source: str, unanchored: bool) -> None:
    assert _unanchored(source) is unanchored


def searched(source: str, doc: Document) -> frozenset[int]:
    """The oracle: the pattern searched in every sentence on its own."""
    regex = compile_pattern(source).regex
    return frozenset(s.index for s in doc.sentences if regex.search(s.text))


SOURCES = [
    r"(?i)\b(?:killed|dead|died)\b",
    r"(?i)\bstate of emergency\b[^.;]{0,60}?\b(?:until|till|through)\b",
    r"\d+",
    r"\bJan",
    r"^[A-Z]",  # anchored: every sentence searched
    r"\.$",
    r"x*",  # matches the empty string everywhere
    r"\b",
]


def test_sentences_are_those_a_search_of_each_finds_on_real_articles(
    shipped_rules: CompiledRulebook,
) -> None:
    facts = shipped_rules.facts.values()
    sources = SOURCES + [p.regex.pattern for f in facts for p in f.all_patterns]
    hits = 0
    for path in ARTICLES:
        doc = split_document(path.read_text(encoding="utf-8"))
        for source in sources:
            expected = searched(source, doc)
            assert compile_pattern(source).sentences(doc) == expected, (path.name, source)
            hits += len(expected)
    assert hits > 1000


def test_a_sentence_that_does_not_stand_alone_is_searched_by_itself() -> None:
    """Sentences cut inside a word: "killedx" in the article is "killed" in the first."""
    text = "Two were killedx y. Then 3 diedz."
    cut = text.index("x y")
    doc = Document(
        text,
        (
            Sentence(0, 0, cut, text[:cut], 0),
            Sentence(1, cut, len(text), text[cut:], 0),
        ),
        ((0, len(text)),),
    )
    assert not doc.stands_alone(doc.sentences[0])
    pattern = compile_pattern(r"\b(?:killed|died)\b")
    assert pattern.regex.search(text) is None  # not in the article as a whole
    assert pattern.sentences(doc) == searched(pattern.regex.pattern, doc) == {0}
    whole = split_document("Two were killed. Then 3 died.")
    assert pattern.sentences(whole) == {0, 1}
