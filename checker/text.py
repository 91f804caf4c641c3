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
* Bounds, so that hostile input cannot make extraction slow: a "sentence" longer than
  `MAX_SENTENCE` characters (a table flattened into one line, text without punctuation)
  is cut at the last clause break or space before the limit, and a paragraph longer than
  `MAX_PARAGRAPH` characters is cut between sentences.  Extractors look at a sentence
  and its paragraph, so their work per sentence stays bounded and a whole article costs
  time linear in its length.  Real news sentences are far below the bounds.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

__all__ = ["MAX_PARAGRAPH", "MAX_SENTENCE", "Document", "Sentence", "split_document"]

MAX_SENTENCE = 1_000
"""Characters in one sentence at most; the longest in the seed and test corpora has 406."""

MAX_PARAGRAPH = 10_000
"""Characters in one paragraph at most (cut between sentences); real ones have < 3,000."""


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

    def stands_alone(self, sentence: Sentence) -> bool:
        """Whether whitespace (or nothing) surrounds the sentence: then a match found in
        the whole text that lies inside it is a match of the sentence alone, since what
        a pattern looks at around it (a word boundary) is the same in both."""
        start, end = sentence.start, sentence.end
        return (start == 0 or self.text[start - 1].isspace()) and (
            end >= len(self.text) or self.text[end].isspace()
        )

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
# The pattern opens with the punctuation and looks behind it afterwards, so that `re`
# skips to the next terminal in C instead of trying the look-behind at every character.
_BOUNDARY = re.compile(
    rf"[{_TERMINAL}](?<=[^\s{_TERMINAL}][{_TERMINAL}])[{_TERMINAL}]*"
    rf"(?:''|[{re.escape(_CLOSERS)}])*(?P<gap>\s+)(?=(?P<next>\S))"
)
_WORD_BEFORE = re.compile(r"([\w.]+)\.$")
_LINE_END_TERMINAL = re.compile(rf"[{_TERMINAL}](?:''|[{re.escape(_CLOSERS)}])*$")
_LINE_END_CONTINUES = re.compile(r"[,;(\[\-–—]$")
_DATELINE_PLACE = re.compile(r"^[A-Z][A-Z'\-]+(?: [A-Z][A-Z'\-]+)*\.$")


def split_document(text: str) -> Document:
    """Split `text` into paragraphs and sentences; offsets index `text` unchanged."""
    paragraphs: list[tuple[int, int]] = []
    sentences: list[Sentence] = []
    for p_start, p_end in _paragraphs(text):
        spans = _paragraph_sentences(text, p_start, p_end)
        chunks = [spans] if p_end - p_start <= MAX_PARAGRAPH else _chunks(spans)
        for chunk in chunks:
            p_index = len(paragraphs)
            paragraphs.append((p_start, p_end) if len(chunks) == 1 else (chunk[0][0], chunk[-1][1]))
            for start, end in chunk:
                sentences.append(Sentence(len(sentences), start, end, text[start:end], p_index))
    return Document(text, tuple(sentences), tuple(paragraphs))


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Spans of runs of non-blank lines, stripped of surrounding whitespace.

    A scan line by line, not a regular expression: a pattern such as
    ``[^\\n]*\\S[^\\n]*`` backtracks quadratically over a long line of spaces.
    """
    spans: list[tuple[int, int]] = []
    run: tuple[int, int] | None = None
    pos = 0
    while pos <= len(text):
        newline = text.find("\n", pos)
        end = len(text) if newline < 0 else newline
        if text[pos:end].strip():
            run = (run[0] if run else pos, end)
        elif run is not None:
            spans.append(_strip_span(text, *run))
            run = None
        pos = end + 1
    if run is not None:
        spans.append(_strip_span(text, *run))
    return spans


def _paragraph_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for seg_start, seg_end in _segments(text, start, end):
        for s_start, s_end in _split_segment(text, seg_start, seg_end):
            spans.extend(_bounded(text, s_start, s_end))
    return spans


_CLAUSE_BREAKS = ("; ", ", ", " ")


def _bounded(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A sentence span cut into pieces of at most `MAX_SENTENCE` characters: at the last
    clause break in the second half of the limit, else the last space, else anywhere."""
    pieces: list[tuple[int, int]] = []
    while end - start > MAX_SENTENCE:
        limit = start + MAX_SENTENCE
        cut = limit
        for mark in _CLAUSE_BREAKS:
            found = text.rfind(mark, start + MAX_SENTENCE // 2, limit)
            if found >= 0:
                cut = found + len(mark.rstrip())
                break
        piece = _strip_span(text, start, cut)
        if piece[0] < piece[1]:
            pieces.append(piece)
        start = _strip_span(text, cut, end)[0]
    if start < end:
        pieces.append((start, end))
    return pieces


def _chunks(spans: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """Consecutive sentences grouped into pieces of at most `MAX_PARAGRAPH` characters."""
    chunks: list[list[tuple[int, int]]] = []
    for span in spans:
        if chunks and span[1] - chunks[-1][0][0] <= MAX_PARAGRAPH:
            chunks[-1].append(span)
        else:
            chunks.append([span])
    return chunks


def _segments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Group the paragraph's lines into segments, joining hard-wrapped lines."""
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text[start:end])]
    segments: list[tuple[int, int]] = []
    for l_start, l_end in lines:
        a, b = _strip_span(text, start + l_start, start + l_end)
        if a == b:
            continue
        if segments and _continues(_tail(text, *segments[-1]), text[a]):
            segments[-1] = (segments[-1][0], b)
        else:
            segments.append((a, b))
    return segments


def _tail(text: str, start: int, end: int) -> str:
    """The end of a segment, enough for `_continues` (which looks at its last characters)."""
    return text[max(start, end - 64) : end]


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
    # Only the last word matters; searching all the text since the last cut would make a
    # long run of abbreviations ("Mr. Mr. Mr. ...") quadratic.
    end = m.start() + 1
    lo = max(cut, end - 64)
    word = _WORD_BEFORE.search(segment, lo, end)
    if word is None:
        return True
    token = word.group(1)
    whole = word.start() > lo or lo == cut  # else a longer word was cut off by the window
    if whole and (token in ABBREVIATIONS or (len(token) == 1 and token.isupper())):
        return False
    # "NUR-SULTAN. Jan 10 (Interfax) -": an all-caps place opening the line.
    return not (cut == 0 and _DATELINE_PLACE.match(segment, 0, end))


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
