"""Sentences and paragraphs with character offsets; offset -> line/column.

Every stage after loading talks about places in an article by character offset into
`Article.text`, and reports them as 1-based line and column.  This module is the one
place that decides where sentences and paragraphs start and end, so that extraction
windows, evidence quotes and report positions agree.

The splitter is rule-based and deliberately conservative: a missed split only makes an
extraction window a little wider, while a wrong split (after "Dec." in "Dec. 20 / Trend",
inside "2.5", after the initial in "E. Kosolapova") cuts a claim off from its cue.

Rules, in order:

* Paragraphs are separated by blank (whitespace-only) lines.
* Inside a paragraph a line break ends a sentence, so headlines, captions and datelines
  without final punctuation are sentences of their own - unless the text is hard-wrapped:
  the previous line does not end in terminal punctuation and the next line starts with
  a lowercase letter or a digit, or the previous line ends in a comma, semicolon, opening
  bracket or hyphen (a line cannot end there).  Such lines join into one sentence.
* Inside a line, a sentence ends at ``.``, ``!``, ``?`` or ``…`` (attached to a word,
  optionally followed by closing quotes or brackets) when whitespace and then an
  uppercase letter, a digit or an opening quote/bracket follow - except after a known
  abbreviation, a single capital initial, or a line-initial all-caps dateline place
  ("NUR-SULTAN. Jan 10 (Interfax) -").  Decimal numbers and dotted dates never split
  because no whitespace follows their dots.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

__all__ = ["Document", "Sentence", "split_document"]


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence; `text == document.text[start:end]`, without surrounding whitespace."""

    index: int
    start: int
    end: int
    text: str
    paragraph: int


@dataclass(frozen=True, slots=True)
class Document:
    """A text with its sentences and paragraphs (each paragraph a `(start, end)` span)."""

    text: str
    sentences: tuple[Sentence, ...]
    paragraphs: tuple[tuple[int, int], ...]
    _line_starts: tuple[int, ...] = field(init=False, repr=False, compare=False)
    _sentence_starts: tuple[int, ...] = field(init=False, repr=False, compare=False)
    _sentence_paragraphs: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Precomputed once so that position() and lookups are O(log n) per call.
        starts = (0, *(m.end() for m in re.finditer("\n", self.text)))
        object.__setattr__(self, "_line_starts", starts)
        object.__setattr__(self, "_sentence_starts", tuple(s.start for s in self.sentences))
        paras = tuple(s.paragraph for s in self.sentences)
        object.__setattr__(self, "_sentence_paragraphs", paras)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset; columns count characters."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1

    def paragraph_text(self, index: int) -> str:
        start, end = self.paragraphs[index]
        return self.text[start:end]

    def sentences_in_paragraph(self, index: int) -> tuple[Sentence, ...]:
        lo = bisect_right(self._sentence_paragraphs, index - 1)
        hi = bisect_right(self._sentence_paragraphs, index)
        return self.sentences[lo:hi]

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence containing `offset`, or None if it falls between sentences."""
        i = bisect_right(self._sentence_starts, offset) - 1
        if i >= 0 and offset < self.sentences[i].end:
            return self.sentences[i]
        return None


# --- rules ------------------------------------------------------------------------

# Abbreviations after which a period does not end a sentence (compared case-sensitively
# on the word before the period, dots inside kept: "U.S", "e.g").
_TITLES = ("Mr", "Mrs", "Ms", "Messrs", "Dr", "Prof", "Gen", "Col", "Lt", "Maj", "Capt", "Sgt")
_TITLES_2 = ("Adm", "Cmdr", "Gov", "Sen", "Rep", "Rev", "Hon", "Jr", "Sr", "St", "Mt", "Ft")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec")
_OTHER = ("Art", "Arts", "No", "Nos", "Vol", "Fig", "approx", "vs", "etc", "e.g", "i.e")
_DOTTED = ("U.N", "U.S", "U.K", "E.U", "a.m", "p.m")
ABBREVIATIONS = frozenset(_TITLES + _TITLES_2 + _MONTHS + _OTHER + _DOTTED)

_CLOSERS = "\"'”’»)]"
_OPENERS = "\"'“‘«(["
_TERMINAL = ".!?…"

# A candidate boundary: terminal punctuation attached to a non-space character, optional
# closing quotes/brackets (including the '' typography), whitespace, then the next char.
_BOUNDARY = re.compile(
    rf"(?<=[^\s{_TERMINAL}])[{_TERMINAL}]+(?:''|[{re.escape(_CLOSERS)}])*(?P<gap>\s+)(?=(?P<next>\S))"
)
_WORD_BEFORE = re.compile(r"([\w.]+)\.$")
_LINE_END_TERMINAL = re.compile(rf"[{_TERMINAL}](?:''|[{re.escape(_CLOSERS)}])*$")
_LINE_END_CONTINUES = re.compile(r"[,;(\[\-–—]$")
_DATELINE_PLACE = re.compile(r"^[A-Z][A-Z'\-]+(?: [A-Z][A-Z'\-]+)*\.$")


def split_document(text: str) -> Document:
    """Split `text` into paragraphs and sentences; offsets index `text` unchanged."""
    paragraphs = _paragraphs(text)
    sentences: list[Sentence] = []
    for p_index, (p_start, p_end) in enumerate(paragraphs):
        for start, end in _paragraph_sentences(text, p_start, p_end):
            sentences.append(Sentence(len(sentences), start, end, text[start:end], p_index))
    return Document(text, tuple(sentences), tuple(paragraphs))


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Spans of runs of non-blank lines, stripped of surrounding whitespace."""
    spans: list[tuple[int, int]] = []
    for m in re.finditer(r"[^\n]*\S[^\n]*(?:\n[^\n]*\S[^\n]*)*", text):
        start, end = _strip_span(text, m.start(), m.end())
        spans.append((start, end))
    return spans


def _paragraph_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for seg_start, seg_end in _segments(text, start, end):
        spans.extend(_split_segment(text, seg_start, seg_end))
    return spans


def _segments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Group the paragraph's lines into segments, joining hard-wrapped lines."""
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text[start:end])]
    segments: list[tuple[int, int]] = []
    for l_start, l_end in lines:
        a, b = _strip_span(text, start + l_start, start + l_end)
        if a == b:
            continue
        if segments and _continues(text[segments[-1][0] : segments[-1][1]], text[a]):
            segments[-1] = (segments[-1][0], b)
        else:
            segments.append((a, b))
    return segments


def _continues(previous: str, next_char: str) -> bool:
    """True if the next line continues the previous one (hard wrap)."""
    if _LINE_END_CONTINUES.search(previous):
        return True
    if _LINE_END_TERMINAL.search(previous):
        return False
    return next_char.islower() or next_char.isdigit()


def _split_segment(text: str, start: int, end: int) -> list[tuple[int, int]]:
    segment = text[start:end]
    spans: list[tuple[int, int]] = []
    cut = 0
    for m in _BOUNDARY.finditer(segment):
        if _is_boundary(segment, m, cut):
            spans.append(_strip_span(text, start + cut, start + m.start("gap")))
            cut = m.end("gap")
    spans.append(_strip_span(text, start + cut, end))
    return [s for s in spans if s[0] < s[1]]


def _is_boundary(segment: str, m: re.Match[str], cut: int) -> bool:
    nxt = m.group("next")
    if not (nxt.isupper() or nxt.isdigit() or nxt in _OPENERS):
        return False
    if segment.startswith("''", m.end("gap")):  # '' is always a closing quote
        return False
    punct = m.group(0).rstrip()
    if not punct.startswith("."):
        return True
    before = segment[cut : m.start() + 1]
    word = _WORD_BEFORE.search(before)
    if word is None:
        return True
    token = word.group(1)
    if token in ABBREVIATIONS or (len(token) == 1 and token.isupper()):
        return False
    # "NUR-SULTAN. Jan 10 (Interfax) -": an all-caps place opening the line.
    return not (cut == 0 and _DATELINE_PLACE.match(before))


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
