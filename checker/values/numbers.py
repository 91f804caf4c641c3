"""Numbers as news English writes them: digits, words, scales, qualifiers and ranges.

Quantity facts compare *intervals*, not points, so every mention carries the interval its
wording allows ("about 90" -> [85.5, 94.5], "more than 4,500" -> [4500, open)).

Why a hand-written scanner instead of a library: extraction runs on every candidate
sentence of every article (DESIGN §8), so the scan is one precompiled alternation walked
left to right, with no per-call allocation beyond the mentions.  Everything that merely
*looks* numeric is recognised and skipped on purpose: clock times ("18:33", "+04:00"),
numeric dates ("06.01.2022"), codes glued to words ("COVID-19", "Belarus-1", "A320").

Day-of-month numbers ("December 16") are returned like any other number: callers that
must not count them subtract the spans of :func:`checker.values.dates.find_dates`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

__all__ = [
    "NumberMention",
    "apply_qualifier",
    "find_numbers",
    "format_number",
    "parse_number",
]


@dataclass(frozen=True, slots=True)
class NumberMention:
    """One number in a text, with the interval its qualifier allows.

    ``value`` is the point as written; for a range it is the midpoint (for a year range,
    the first year) and for a vague quantity ("dozens") the least it can mean.
    """

    start: int
    end: int
    num_start: int
    raw: str
    value: float
    low: float | None
    high: float | None
    qualifier: str | None
    vague: bool = False
    is_year: bool = False
    is_ordinal: bool = False


# --------------------------------------------------------------------------- vocabulary

_UNITS: Final = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
}
_TEENS: Final = {
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS: Final = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SMALL: Final = {**_UNITS, **_TEENS, **_TENS}
_BIG: Final = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_SCALE_WORDS: Final = {"hundred": 100, **_BIG}
_ABBR_SCALES: Final = {"k": 10**3, "mn": 10**6, "mln": 10**6, "bn": 10**9, "tn": 10**12}
_PLURAL_UNITS: Final = {"thousands": 10**3, "millions": 10**6, "billions": 10**9}

_ORDINAL_WORDS: Final = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "thirtieth": 30,
    "fortieth": 40,
    "fiftieth": 50,
    "sixtieth": 60,
    "seventieth": 70,
    "eightieth": 80,
    "ninetieth": 90,
    "hundredth": 100,
    "thousandth": 1000,
}

# Vague quantities.  A plural count word means "at least two of them, fewer than the next
# order of magnitude"; the one exception is "dozens", which stops below a hundred.
_VAGUE_PLURAL: Final[dict[str, tuple[float, float]]] = {
    "dozens": (24.0, 99.0),
    "scores": (40.0, 199.0),
    "hundreds": (200.0, 999.0),
    "thousands": (2_000.0, 9_999.0),
    "millions": (2e6, 999_999_999.0),
    "billions": (2e9, 999_999_999_999.0),
}
# "tens of thousands": from the least multiplier up to just below the next power, x the unit.
_VAGUE_OF: Final[dict[str, tuple[int, int]]] = {
    "tens": (20, 100),
    "dozens": (24, 100),
    "hundreds": (200, 1000),
}
# "several hundred": how many of the unit the determiner allows.
_VAGUE_DETERMINERS: Final[dict[str, tuple[float, float]]] = {
    "several": (3.0, 9.0),
    "a few": (2.0, 5.0),
    "a couple of": (2.0, 3.0),
    "many": (2.0, 9.0),
}
_VAGUE_UNITS: Final = {"dozen": 12, **_SCALE_WORDS}

# Qualifier phrases, normalised.  Longer phrases first so "no more than" beats "more than".
_QUALIFIERS: Final[dict[str, str]] = {
    "about": "about",
    "around": "about",
    "approximately": "about",
    "approx.": "about",
    "roughly": "about",
    "some": "about",
    "an estimated": "about",
    "estimated": "about",
    "circa": "about",
    "in the region of": "about",
    "on the order of": "about",
    "nearly": "nearly",
    "almost": "nearly",
    "close to": "nearly",
    "just under": "nearly",
    "just shy of": "nearly",
    "more than": "more than",
    "over": "more than",
    "above": "more than",
    "upwards of": "more than",
    "in excess of": "more than",
    "exceeding": "more than",
    "greater than": "more than",
    "just over": "more than",
    "well over": "more than",
    "at least": "at least",
    "no fewer than": "at least",
    "not fewer than": "at least",
    "no less than": "at least",
    "not less than": "at least",
    "a minimum of": "at least",
    "up to": "up to",
    "as many as": "up to",
    "as much as": "up to",
    "at most": "at most",
    "no more than": "at most",
    "not more than": "at most",
    "a maximum of": "at most",
    "less than": "less than",
    "fewer than": "less than",
    "under": "less than",
    "below": "less than",
}

# "took over 14 buildings" is not "more than 14": "over" after these verbs is a particle.
_PARTICLE_VERBS: Final = frozenset(
    ("take", "takes", "took", "taken", "taking", "hand", "hands", "handed", "handing"),
) | frozenset(("turn", "turns", "turned", "turning", "win", "wins", "won", "pass", "passed"))
# Nouns that make a 4-digit number a count, not a year: "2000 troops".
_COUNT_NOUNS: Final = (
    "people|persons|troops|soldiers|servicemen|personnel|peacekeepers|officers|members|"
    "residents|civilians|victims|casualties|deaths|dead|protesters|demonstrators|workers|"
    "cases|units|vehicles|families|households|children|refugees|km|kilometres|kilometers|"
    "tonnes|tons|dollars|euros"
)
_UNIT_SUFFIXES: Final = frozenset({"km", "kg", "mm", "cm", "m", "t", "ha", "kw", "mw", "gw"})
_MONTHS: Final = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)

# --------------------------------------------------------------------------- patterns

_Trie = dict[str, "_Trie"]


def _alternation(words: Iterable[str]) -> str:
    """A regex alternation of literal words, longest first (so prefixes never win)."""
    items = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in items)


def _trie(words: Iterable[str]) -> str:
    """A regex matching exactly ``words``, factored by prefix so it rejects fast.

    Python's ``re`` tries a flat alternation word by word at every position; a trie fails
    after one character almost everywhere.  Spaces inside a phrase match any whitespace.
    Shared with :mod:`checker.values.dates`.
    """
    root: _Trie = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_node(root)


def _trie_node(node: _Trie) -> str:
    branches = [
        (r"\s+" if ch == " " else re.escape(ch)) + _trie_node(sub)
        for ch, sub in sorted(node.items())
        if ch
    ]
    if not branches:
        return ""
    body = f"(?:{'|'.join(branches)})"
    return f"{body}?" if "" in node else body


_SMALL_RE: Final = _alternation(_SMALL)
_SCALE_RE: Final = _alternation([*_SCALE_WORDS, "dozen"])
_BIG_AFTER: Final = "".join(f"(?<={w})|" for w in ("hundred", *_BIG)).rstrip("|")

_MASTER: Final = re.compile(
    rf"""
    (?P<skip>
        \d{{1,2}}:\d{{2}}(?::\d{{2}})?                          # 18:33, +04:00
      | \d{{1,4}}(?P<sep>[./-])\d{{1,2}}(?P=sep)\d{{1,4}}         # 06.01.2022, 2022-01-06
      | \d+/\d+                                              # 24/7, 1/2
      | (?:(?<=[^\W\d_])|(?<=[^\W\d_][-‐‑]))\d\w*              # A320, COVID-19, Belarus-1
    )
  | (?P<digits>
        (?<![\w.,])
        (?P<num>
            \d{{1,3}}(?:,\d{{3}}(?!\d))+(?:\.\d+)?
          | \d{{1,3}}(?:[ \u00a0\u202f]\d{{3}}(?!\d))+(?![.,]\d)
          | \d+(?:\.\d+)?
        )
        (?:
            (?P<ord>st|nd|rd|th)\b
          | \s*(?P<scale>hundred|thousand|million|billion|trillion)\b
          | \s?(?P<abbr>bn|mln|mn|tn)\b
          | (?P<k>k)\b
        )?
        (?P<pct>\s?%)?
        (?P<glued>[^\W\d_]\w*)?
    )
  | (?P<vague>\b(?:
        (?P<vdet>several|a\s+few|a\s+couple\s+of|many)\s+
            (?P<vunit>dozen|hundred|thousand|million|billion)\b(?!-)
      | (?P<vof>tens|dozens|hundreds)\s+of\s+(?P<vofunit>thousands|millions|billions)\b
      | (?P<vplural>dozens|scores(?=\s+of\b)|hundreds|thousands|millions|billions)\b
    ))
  | (?P<ordword>\b(?:(?:{_alternation(_TENS)})-)?(?:{_alternation(_ORDINAL_WORDS)})\b)
  | (?P<half>\bhalf\s+an?\s+(?P<halfunit>dozen|hundred|thousand|million|billion)\b)
  | (?P<andhalf>\b(?P<ah_n>{_SMALL_RE}|\d{{1,3}})\s+and\s+a\s+half\s+
        (?P<ah_unit>dozen|hundred|thousand|million|billion)\b)
  | (?P<words>
        (?:\ban?\s+(?:{_SCALE_RE})|\b(?:{_SMALL_RE}))\b
        (?:
            (?:\s*-\s*|\s+)(?:{_SMALL_RE}|{_SCALE_RE})\b
          | (?:{_BIG_AFTER}),?\s+and\s+(?:{_SMALL_RE})\b
        )*
    )
    """,
    re.IGNORECASE | re.VERBOSE,
)
_WORD_TOKEN: Final = re.compile(r"[a-z]+", re.IGNORECASE)
# Where a number can start: a run of digits or a word that can open a number phrase.  The
# master pattern is tried only there; the trigger is a trie, so scanning a paragraph costs
# one quick pass instead of a big alternation tried at every character.
_START_WORDS: Final = frozenset(
    [*_SMALL, *_ORDINAL_WORDS, *_VAGUE_PLURAL, "a", "an", "half", "several", "many", "tens"]
)
_TRIGGER_SRC: Final = rf"\d+|\b{_trie(_START_WORDS)}\b"
_TRIGGER_LOWER: Final = re.compile(_TRIGGER_SRC)  # on text.lower() when offsets survive
_TRIGGER_ANYCASE: Final = re.compile(_TRIGGER_SRC, re.IGNORECASE)
_QUALIFIER_BEFORE: Final = re.compile(
    rf"(?:^|(?<=[^\w.]))(?P<q>{_trie(_QUALIFIERS)})\s+$", re.IGNORECASE
)
_PREV_WORD: Final = re.compile(r"(\w+)\s+$")
_RANGE_OPENER: Final = re.compile(r"\b(?P<w>between|from)\s+$", re.IGNORECASE)
_CHANGE_VERB_BEFORE: Final = re.compile(
    r"\b(?:rose|risen|rise[sn]?|increas\w*|rais\w*|revis\w*|jump\w*|climb\w*|fell|fall\w*|"
    r"drop\w*|decreas\w*|reduc\w*|cut|grew|grow\w*|doubl\w*|soar\w*|went|gone|up|down|"
    r"chang\w*)\b[^.;]{0,40}$",
    re.IGNORECASE,
)
_DASH_SEP: Final = re.compile(r"\s?[-–—−]\s?")
_TO_SEP: Final = re.compile(r"\s+(?:to|through)\s+", re.IGNORECASE)
_AND_SEP: Final = re.compile(r"\s+and\s+", re.IGNORECASE)
_FOLD_AFTER: Final = re.compile(r"-?fold\b", re.IGNORECASE)
_PERCENT_AFTER: Final = re.compile(r"\s+per\s?cent\b|\s+percent\b", re.IGNORECASE)
_COUNT_NOUN_AFTER: Final = re.compile(rf"\s+(?:{_COUNT_NOUNS})\b", re.IGNORECASE)
_MONTH_BEFORE: Final = re.compile(rf"\b(?:{_MONTHS})\.?\s+$")
_NO_ONE: Final = re.compile(r"\bno\s+$", re.IGNORECASE)
_ONE_ANOTHER: Final = re.compile(r"\s+another\b", re.IGNORECASE)
_SPACES: Final = re.compile(r"[ \u00a0\u202f]")
_LOOKBACK: Final = 40


# --------------------------------------------------------------------------- atoms


@dataclass(frozen=True, slots=True)
class _Atom:
    """A number without its qualifier: what the master pattern recognised at one place."""

    start: int
    end: int
    value: float
    low: float
    high: float
    base: float  # value before a scale word ("3" in "3 million")
    scale: int
    kind: str  # "num" | "vague" | "ordinal"
    plain_int: bool  # bare digits without separators, decimals or suffixes (year candidate)


def _digits_atom(m: re.Match[str], text: str) -> _Atom | None:
    """Build an atom from the ``digits`` branch, or None when it is really a code."""
    num = m.group("num")
    end = m.end()
    if m.group("glued"):
        if m.group("glued").lower() not in _UNIT_SUFFIXES:
            return None
        end = m.start("glued")
    if _FOLD_AFTER.match(text, end):
        return None
    if _SPACES.search(num) and _MONTH_BEFORE.search(text, max(0, m.start() - 14), m.start()):
        head = _SPACES.split(num, maxsplit=1)[0]  # "January 5 100 people": 5, then 100
        return _point(m.start(), m.start() + len(head), float(head), plain=True)
    base = Decimal(_SPACES.sub("", num).replace(",", ""))
    scale = 1
    if m.group("scale"):
        scale = _SCALE_WORDS[m.group("scale").lower()]
    elif m.group("abbr") or m.group("k"):
        scale = _ABBR_SCALES[(m.group("abbr") or m.group("k")).lower()]
    value = float(base * scale)
    kind = "ordinal" if m.group("ord") else "num"
    plain = num.isdigit() and scale == 1 and not m.group("pct") and not m.group("glued")
    return _Atom(m.start(), end, value, value, value, float(base), scale, kind, plain)


def _vague_atom(m: re.Match[str]) -> _Atom:
    """Intervals for "dozens", "tens of thousands", "several hundred"; value is the low end."""
    if m.group("vdet"):
        det = " ".join(m.group("vdet").lower().split())
        unit = _VAGUE_UNITS[m.group("vunit").lower()]
        lo, hi = _VAGUE_DETERMINERS[det]
        low, high = lo * unit, hi * unit
    elif m.group("vof"):
        least, below = _VAGUE_OF[m.group("vof").lower()]
        unit = _PLURAL_UNITS[m.group("vofunit").lower()]
        low, high = float(least * unit), float(below * unit - 1)
    else:
        low, high = _VAGUE_PLURAL[m.group("vplural").lower()]
    return _Atom(m.start(), m.end(), low, low, high, low, 1, "vague", False)


def _point(start: int, end: int, value: float, kind: str = "num", plain: bool = False) -> _Atom:
    """An unscaled atom whose interval is the value itself."""
    return _Atom(start, end, value, value, value, value, 1, kind, plain)


def _words_atom(m: re.Match[str], text: str) -> _Atom | None:
    """Evaluate a run of number words; stop at the first word that breaks the grammar."""
    tokens = [(t.group().lower(), t.end()) for t in _WORD_TOKEN.finditer(m.group())]
    if tokens[0][0] == "one" and len(tokens) == 1:
        before = text[max(0, m.start() - 4) : m.start()]
        if _NO_ONE.search(before) or _ONE_ANOTHER.match(text, m.end()):
            return None
    value, used_end = _evaluate_words(tokens)
    end = m.start() + used_end
    if value is None or _FOLD_AFTER.match(text, end):
        return None
    last = next(word for word, word_end in reversed(tokens) if word_end <= used_end)
    scale = _SCALE_WORDS.get(last, 1)  # "three million": base 3, scale a million
    return _Atom(m.start(), end, value, value, value, value / scale, scale, "num", False)


def _evaluate_words(tokens: list[tuple[str, int]]) -> tuple[float | None, int]:
    """Classic total/current evaluation of English number words, validating the order.

    Returns the value of the longest valid prefix and where that prefix ends.
    """
    total, current, end = 0, 0, 0
    last: str | None = None  # "unit", "teen", "tens", "hundred", "big", "a", "and"
    last_big = math.inf
    for word, word_end in tokens:
        if word == "and":
            last = "and" if last in ("hundred", "big") else last
            continue
        if word in ("a", "an"):
            current, last = 1, "a"
            continue
        if word in _SMALL:
            n = _SMALL[word]
            joins = last in (None, "hundred", "big", "and") or (last == "tens" and 0 < n < 10)
            if not joins or (last == "tens" and n >= 10):
                break
            current += n
            last = "tens" if word in _TENS else "unit"
        elif word == "hundred":
            if current >= 100 or last == "hundred":
                break
            current, last = (current or 1) * 100, "hundred"
        elif word == "dozen":
            if current >= 100:
                break
            current, last = (current or 1) * 12, "unit"
        else:
            scale = _BIG[word]
            if scale >= last_big:
                break
            total, current, last, last_big = total + (current or 1) * scale, 0, "big", scale
        end = word_end
    if end == 0:
        return None, 0
    return float(total + current), end


def _atom_from(m: re.Match[str], text: str) -> tuple[_Atom | None, int]:
    """Turn a master-pattern match into an atom (None for skipped look-alikes) and its end."""
    kind = m.lastgroup
    if kind == "digits":
        atom = _digits_atom(m, text)
    elif kind == "vague":
        atom = _vague_atom(m)
    elif kind == "ordword":
        tens, _, unit = m.group().lower().rpartition("-")
        value = _ORDINAL_WORDS[unit] + (_TENS[tens] if tens else 0)
        atom = _point(m.start(), m.end(), float(value), "ordinal")
    elif kind == "half":
        atom = _point(m.start(), m.end(), _VAGUE_UNITS[m.group("halfunit").lower()] / 2)
    elif kind == "andhalf":  # "two and a half thousand"
        head = m.group("ah_n").lower()
        n = float(head) if head.isdigit() else float(_SMALL[head])
        atom = _point(m.start(), m.end(), (n + 0.5) * _VAGUE_UNITS[m.group("ah_unit").lower()])
    elif kind == "words":
        atom = _words_atom(m, text)
    else:
        atom = None  # a clock time, a numeric date or a code: skipped whole
    return atom, (atom.end if atom else m.end())


def _atom_exactly_at(text: str, pos: int) -> _Atom | None:
    """The number starting exactly at ``pos`` (the second end of a range), if any."""
    m = _MASTER.match(text, pos)
    return _atom_from(m, text)[0] if m else None


# --------------------------------------------------------------------------- qualifiers


def apply_qualifier(
    value: float, qualifier: str | None, approximation: float = 0.05
) -> tuple[float | None, float | None]:
    """The interval a normalised qualifier allows around one value.

    "about" widens both ways by ``approximation`` (a fraction), "nearly" only downwards;
    "more than"/"at least" leave the top open; "up to"/"at most"/"less than" start at 0.
    A "range" (or unknown) qualifier says nothing about a single value: ``(value, value)``.
    """
    return _qualify(value, value, qualifier, approximation)


def _qualify(
    low: float, high: float, qualifier: str | None, approximation: float
) -> tuple[float | None, float | None]:
    if qualifier == "about":
        return _clean(low * (1 - approximation)), _clean(high * (1 + approximation))
    if qualifier == "nearly":
        return _clean(low * (1 - approximation)), high
    if qualifier in ("more than", "at least"):
        return low, None
    if qualifier in ("up to", "at most", "less than"):
        return 0.0, high
    return low, high


def _clean(x: float) -> float:
    """Drop binary noise so 90 * 0.95 reads 85.5, not 85.49999999999999."""
    return round(x, 9)


def _qualifier_before(text: str, start: int) -> tuple[str | None, int]:
    """The normalised qualifier ending right before ``start`` and where it begins."""
    lo = max(0, start - _LOOKBACK)
    m = _QUALIFIER_BEFORE.search(text, lo, start)
    if m is None:
        return None, start
    phrase = " ".join(m.group("q").lower().split())
    if phrase == "over":
        prev = _PREV_WORD.search(text, max(0, m.start() - 20), m.start())
        if prev and prev.group(1).lower() in _PARTICLE_VERBS:
            return None, start
    return _QUALIFIERS[phrase], m.start()


# --------------------------------------------------------------------------- ranges


def _is_year(atom: _Atom) -> bool:
    return atom.plain_int and atom.kind == "num" and 1900 <= atom.value <= 2099


def _year_range_end(text: str, first: _Atom, sep_end: int, second: _Atom) -> float | None:
    """The last year of "2006-2012" / "2012–13", or None when it is not a year range."""
    digits = text[second.start : second.end]
    if not (second.plain_int and second.kind == "num"):
        return None
    if len(digits) == 4 and _is_year(second) and second.value > first.value:
        return second.value
    tight = sep_end - first.end == 1  # "2012–13", not "2012 - 13"
    if len(digits) == 2 and tight and text[first.end] in "-–—":
        century = first.value - first.value % 100
        year = century + second.value
        year = year + 100 if year <= first.value else year
        return year if year - first.value < 100 else None
    return None


def _range_partner(
    text: str, first: _Atom, seps: tuple[re.Pattern[str], ...]
) -> tuple[_Atom, re.Match[str]] | None:
    """The second number of a range right after ``first``, and the separator's match."""
    if first.kind != "num":
        return None
    for sep in seps:
        s = sep.match(text, first.end)
        second = _atom_exactly_at(text, s.end()) if s else None
        if s and second is not None and second.kind == "num":
            return second, s
    return None


@dataclass(frozen=True, slots=True)
class _Lead:
    """What precedes a number: its qualifier and an opening "between"/"from"."""

    start: int  # where the mention starts without a range
    qualifier: str | None
    range_start: int  # where the mention starts if it turns out to be a range
    seps: tuple[re.Pattern[str], ...]  # separators that may join a second number


def _lead(text: str, atom: _Atom) -> _Lead:
    """Read the qualifier and range opener before ``atom``.

    "between A and B" and "from A to B" are ranges, except "from A to B" after a verb of
    change ("raised the toll from 164 to 225"), which reports two figures, not a span.
    """
    q, start = _qualifier_before(text, atom.start)
    opener = _RANGE_OPENER.search(text, max(0, start - 10), start)
    if opener is None:
        return _Lead(start, q, start, (_DASH_SEP, _TO_SEP))
    if opener.group("w").lower() == "between":
        return _Lead(start, q, opener.start(), (_AND_SEP,))
    if _CHANGE_VERB_BEFORE.search(text, max(0, opener.start() - 60), opener.start()):
        return _Lead(start, q, start, ())
    return _Lead(start, q, opener.start(), (_DASH_SEP, _TO_SEP))


def _as_range(text: str, atom: _Atom, lead: _Lead, approximation: float) -> NumberMention | None:
    """Build a range mention ("2,000–2,500", "between 2 and 3 million", "2012–13")."""
    found = _range_partner(text, atom, lead.seps)
    if found is None:
        return None
    second, sep = found
    sep_end = sep.end()
    # "between"/"from" belong to the range only when "and"/"to" close it: "from 2006-2012".
    start = lead.start if sep.re is _DASH_SEP else lead.range_start
    end = _extend_percent(text, second.end)
    raw = text[start:end]
    if _is_year(atom) and lead.qualifier is None:
        last_year = _year_range_end(text, atom, sep_end, second)
        if last_year is not None:
            v = atom.value
            return NumberMention(
                start, end, atom.start, raw, v, v, last_year, "range", is_year=True
            )
    low = atom.value
    if atom.scale == 1 and second.scale > 1 and atom.value < second.base:
        low = atom.value * second.scale  # "2-3 million": the scale covers both ends
    high = second.value
    if not low < high:
        return None  # "voted 5 to 4" is not a range
    lo, hi = _qualify(low, high, lead.qualifier, approximation)
    return NumberMention(start, end, atom.start, raw, _clean((low + high) / 2), lo, hi, "range")


def _extend_percent(text: str, end: int) -> int:
    """Swallow a spelled-out "per cent" so the mention's span covers it."""
    m = _PERCENT_AFTER.match(text, end)
    return m.end() if m else end


# --------------------------------------------------------------------------- public API


def find_numbers(text: str, approximation: float = 0.05) -> list[NumberMention]:
    """Every number mention in ``text``, left to right, non-overlapping.

    ``approximation`` is the relative half-width given to "about" (0.05 = ±5%).
    """
    out: list[NumberMention] = []
    pos = 0
    lowered = text.lower()
    if len(lowered) == len(text):
        triggers = _TRIGGER_LOWER.finditer(lowered)
    else:  # a few characters lower-case to two: scan the original, case-blind
        triggers = _TRIGGER_ANYCASE.finditer(text)
    for token in triggers:
        start = token.start()
        if start < pos:
            continue
        m = _MASTER.match(text, start)
        if m is None:
            continue
        atom, pos = _atom_from(m, text)
        if atom is not None:
            mention = _mention(text, atom, approximation)
            out.append(mention)
            pos = max(mention.end, pos)
    return out


def _mention(text: str, atom: _Atom, approximation: float) -> NumberMention:
    """Attach the qualifier, range partner and flags to one atom."""
    if atom.kind == "ordinal":
        v = atom.value
        raw = text[atom.start : atom.end]
        return NumberMention(atom.start, atom.end, atom.start, raw, v, v, v, None, is_ordinal=True)
    lead = _lead(text, atom)
    ranged = _as_range(text, atom, lead, approximation)
    if ranged is not None:
        return ranged
    start, end, q = lead.start, _extend_percent(text, atom.end), lead.qualifier
    low, high = _qualify(atom.low, atom.high, q, approximation)
    is_year = (
        _is_year(atom)
        and q is None
        and end == atom.end
        and not _COUNT_NOUN_AFTER.match(text, atom.end)
    )
    vague = atom.kind == "vague"
    raw = text[start:end]
    return NumberMention(
        start, end, atom.start, raw, atom.value, low, high, q, vague=vague, is_year=is_year
    )


def parse_number(phrase: str) -> float | None:
    """The value of a phrase that is exactly one number ("2.5 thousand", "fourteen").

    None for anything else: empty text, several numbers, a qualifier, a range or a vague
    quantity (those have no single point value).  A leading minus sign is accepted so
    that :func:`format_number` round-trips negative values.
    """
    s = phrase.strip()
    sign = 1.0
    if s[:1] in ("-", "−"):
        sign, s = -1.0, s[1:].lstrip()
    mentions = find_numbers(s)
    if len(mentions) != 1:
        return None
    m = mentions[0]
    if m.start != 0 or m.end != len(s) or m.qualifier is not None or m.vague:
        return None
    return sign * m.value


def format_number(value: float) -> str:
    """Canonical digits with thousands commas ("4,500", "2.5", "-1,234.5").

    Uses the shortest repr of the float, so ``parse_number(format_number(x)) == x``.
    """
    if not math.isfinite(value):
        raise ValueError(f"cannot format {value!r} as a number")
    if value == int(value):
        return f"{int(value):,}"
    return f"{Decimal(repr(value)):,f}"
