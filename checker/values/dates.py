"""Dates and durations as news English writes them, resolved to intervals of days.

A date fact is compared as a day interval (DESIGN §5): "January 2" is one day, "the
beginning of January" is Jan 1–10, "on Friday" is the last Friday up to the publication
date.  Relative phrases need that date (the *anchor*); without one they are still found,
but left unresolved (``first``/``last`` None).

Why our own grammar and not dateparser: ``dateparser.search`` costs ≈ 11 ms an article
and ``dateparser.parse`` ≈ 0.8 ms a phrase (DESIGN §8), while the phrases news uses are a
small closed set.  Everything here is one precompiled alternation, tried only where a
cheap trigger scan says a date phrase can start.  Every phrase the grammar recognises is
resolved by it, so dateparser is never needed.

A range such as "from December 17 to January 5" or "January 4 and 5" yields one mention
per day; the parts lend each other their year ("December 17, 2011 to January 5").
"""

from __future__ import annotations

import calendar
import math
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from checker.values.numbers import _trie, parse_number  # _trie: one fast-matching regex builder

__all__ = [
    "DateMention",
    "DurationMention",
    "find_dates",
    "find_durations",
    "resolve_month_day",
]


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date phrase and the interval of days it stands for (``first`` <= ``last``)."""

    start: int
    end: int
    raw: str
    first: date | None
    last: date | None
    precision: str  # day | night | part | week | month | year | range
    relative: bool  # resolved against the anchor (yesterday, on Friday, in two days)
    year_given: bool  # the text stated the year


@dataclass(frozen=True, slots=True)
class DurationMention:
    """A length of time ("ten days", "a week") in whole days, with how it is bounded."""

    start: int
    end: int
    raw: str
    days: int
    bound: str  # within | about | at least | exact


# --------------------------------------------------------------------------- vocabulary

_MONTHS: Final = (
    *("january", "february", "march", "april", "may", "june", "july", "august"),
    *("september", "october", "november", "december"),
)
_MONTH_ABBR: Final = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH_NUM: Final = {name: i for i, name in enumerate(_MONTHS, 1)} | _MONTH_ABBR
_WEEKDAYS: Final = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_WEEKDAY_ABBR: Final = {
    "mon": 0,
    "tue": 1,
    "tues": 1,
    "wed": 2,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "fri": 4,
    "sat": 5,
    "sun": 6,
}
_WEEKDAY_NUM: Final = {name: i for i, name in enumerate(_WEEKDAYS)} | _WEEKDAY_ABBR
_COUNT_WORDS: Final = {"a": 1, "an": 1, "another": 1, "one": 1, "a couple of": 2}
_UNIT_DAYS: Final = {"day": 1, "week": 7, "fortnight": 14, "month": 30, "year": 365}

# Parts of a month and of a year: (first day, last day) and (first month, last month).
# A last day of 31 means "the month's last day".
_MONTH_PARTS: Final = {
    "early": (1, 10),
    "beginning": (1, 10),
    "start": (1, 10),
    "first days": (1, 10),
    "mid": (11, 20),
    "middle": (11, 20),
    "late": (21, 31),
    "end": (21, 31),
    "last days": (21, 31),
    "first half": (1, 15),
    "second half": (16, 31),
    "first week": (1, 7),
}
_YEAR_PARTS: Final = {
    "early": (1, 4),
    "beginning": (1, 4),
    "start": (1, 4),
    "mid": (5, 8),
    "middle": (5, 8),
    "late": (9, 12),
    "end": (9, 12),
    "first half": (1, 6),
    "second half": (7, 12),
}

# --------------------------------------------------------------------------- patterns


def _cased(words: Iterable[str], lower_too: bool = True) -> str:
    """Month names as news prints them: Title or UPPER case (lower case only if unambiguous).

    "may" and "march" are common lower-case words, and abbreviations like "mar" or "jan"
    collide with names and words, so those must be capitalised to count as months.
    """
    forms: list[str] = []
    for w in words:
        forms += [w.title(), w.upper()]
        if lower_too and w not in ("may", "march"):
            forms.append(w)
    return _trie(forms)


_MONTH_RE: Final = rf"(?:{_cased(_MONTHS)}|{_cased(_MONTH_ABBR, lower_too=False)}\.?)(?![A-Za-z])"
_WD_FULL: Final = "|".join(_WEEKDAYS)
_WD_ANY: Final = _trie([*_WEEKDAYS, *_WEEKDAY_ABBR])
_DAY_RE: Final = r"(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?(?![\d:A-Za-z])(?!\.\d)(?!\s*%)"
_YEAR_RE: Final = r"(?:1[89]\d\d|20\d\d)(?!\d)(?!\s*%)(?![.,]\d)"
_PREP: Final = r"in|since|by|until|till|during|throughout|from|before|after|through"
_PART_OF_DAY: Final = r"night|evening|morning|afternoon"
_COUNT_TRIGGERS: Final = (
    *("a", "an", "another", "one", "two", "three", "four", "five", "six", "seven", "eight"),
    *("nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen"),
    *("seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty", "sixty"),
    *("seventy", "eighty", "ninety", "zero"),
)
_COUNT_RE: Final = (
    r"\d{1,3}|a\s+couple\s+of|another|an?|"
    r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-[a-z]+)?|"
    r"zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
    r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
)
# Words after a four-digit number that make it a count, not a year: "in 2000 people".
_COUNT_NOUNS: Final = (
    r"people|persons|protesters|demonstrators|troops|soldiers|servicemen|peacekeepers|"
    r"officers|police|residents|civilians|victims|workers|members|of\s+(?:them|whom)"
)


def _month(name: str) -> str:
    return rf"(?P<{name}>{_MONTH_RE})"


def _day(name: str) -> str:
    return rf"(?P<{name}>{_DAY_RE})"


def _weekday_prefix(name: str) -> str:
    """ "Thursday, " before an explicit date: absorbed into the date's mention."""
    return rf"(?:(?i:on)\s+)?(?:(?P<{name}>(?i:{_WD_ANY}))\.?,?\s+)?"


_DAY_SEP: Final = r"(?:\s*,\s*|\s*,?\s+(?i:and|&)\s+|\s*[-–—]\s*|\s+(?i:to|through|till|until)\s+)"
_NIGHT_SEP: Final = r"\s*(?:[-–—]|(?i:to|into))\s*"

_ALTERNATIVES: Final = {
    "nightof": rf"""
        (?i:the\s+)?(?P<no_part>(?i:{_PART_OF_DAY}))\s+(?i:of)\s+(?i:the\s+)?
        (?: {_month("no_m1")}\s+{_day("no_d1")}(?:{_NIGHT_SEP}{_day("no_d2")})?
          | {_day("no_d3")}(?:{_NIGHT_SEP}{_day("no_d4")})?\s+(?:(?i:of)\s+)?{_month("no_m2")}
        )(?:,?\s+(?P<no_y>{_YEAR_RE}))?""",
    "partmonth": rf"""
        (?i:(?:the\s+)?(?:very\s+)?(?P<pm_pos>beginning|start|middle|end|first\s+half|
            second\s+half|first\s+days|last\s+days|first\s+week|last\s+week)\s+of\s+
          | (?P<pm_adj>early|mid|late)(?:\s*-\s*|\s+))
        (?: {_month("pm_m")}(?!\s+\d{{1,2}}(?!\d))(?:,?\s+(?P<pm_y>{_YEAR_RE}))?
          | (?P<pm_yonly>{_YEAR_RE}) )""",
    "md": rf"{_weekday_prefix('md_wd')}{_month('md_m')}\s+(?i:the\s+)?{_day('md_d')}",
    "dm": rf"""
        {_weekday_prefix("dm_wd")}(?:(?i:the)\s+)?(?<![\w.,:/-])
        (?P<dm_days>{_DAY_RE}(?:{_DAY_SEP}{_DAY_RE})*)\s+(?:(?i:of)\s+)?{_month("dm_m")}""",
    "numeric": r"""
        (?<![\d.])(?P<nd_d>\d{1,2})(?P<nd_sep>[./])(?P<nd_m>\d{1,2})(?P=nd_sep)(?P<nd_y>\d{4})
        (?!\.?\d)""",
    "iso": r"(?<![\d-])(?P<iso_y>\d{4})-(?P<iso_m>\d\d)-(?P<iso_d>\d\d)(?![\d])",
    "yrange": rf"""
        (?<![\w.,-])(?:(?P<yr_open>(?i:from|between))\s+)?(?P<yr_a>(?:19|20)\d\d)
        (?: (?P<yr_tight>[-–—])(?P<yr_b2>\d\d)(?![\d])
          | (?P<yr_sep>\s*[-–—]\s*|\s+(?i:to|and|through|until)\s+)(?P<yr_b4>{_YEAR_RE}))
        (?![\w]|[-–/.]\d)""",
    "monthyear": rf"{_month('my_m')},?\s+(?P<my_y>{_YEAR_RE})",
    "monthonly": rf"""
        (?P<mo_pre>(?i:{_PREP}|last|next|this))\s+{_month("mo_m")}(?!\.?\s*\d)""",
    "pyear": rf"""
        (?i:{_PREP}|the\s+year)\s+(?P<py_y>{_YEAR_RE})(?!\s*[-–—]\s*\d)
        (?!\s+(?i:{_COUNT_NOUNS})\b)""",
    "rel": rf"""
        (?i:(?P<rel_w>the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|yesterday|
            today|tomorrow|tonight|last\s+night|this\s+(?:morning|afternoon|evening))
        (?:\s+(?P<rel_part>{_PART_OF_DAY}))?)\b""",
    "relunit": r"""
        (?i:(?:(?:over|in|during)\s+(?=the))?
            (?P<ru_mod>last|this|next|the\s+(?:past|previous|last|coming)|earlier\s+this|
            later\s+this)\s+(?P<ru_u>week|month|year))\b""",
    "wd": rf"""
        (?i:(?:(?P<wd_mod>last|next|this|past|coming|on)\s+)?(?P<wd_d>{_WD_FULL})
        (?:\s+(?P<wd_part>{_PART_OF_DAY}))?)\b""",
    "offset": rf"""
        (?i:(?P<of_kw>in|within)\s+(?:the\s+next\s+|the\s+coming\s+|
            (?:about|around|almost|nearly|approximately)\s+)?(?P<of_n>{_COUNT_RE})\s+
        (?P<of_u>days?|weeks?))\b(?!\s+(?i:of|after|before|later|earlier|since|ago)\b)""",
    "ago": rf"(?i:(?P<ago_n>{_COUNT_RE})\s+(?P<ago_u>days?|weeks?|months?|years?)\s+ago)\b",
}
_MASTER: Final = re.compile(
    "|".join(f"(?P<{name}>{body})" for name, body in _ALTERNATIVES.items()), re.VERBOSE
)

# Words that can open a date phrase; the master pattern is tried only at these.
_TRIGGER_WORDS: Final = [
    *_MONTHS,
    *_MONTH_ABBR,
    *_WEEKDAYS,
    *_WEEKDAY_ABBR,
    *_PREP.split("|"),
    *_COUNT_TRIGGERS,
    *("the", "on", "between", "early", "mid", "late", "last", "next", "this", "past"),
    *("coming", "over", "yesterday", "today", "tomorrow", "tonight", "within", "earlier"),
    *("later", "night", "evening", "morning", "afternoon"),
]
_TRIGGER_SRC: Final = rf"\d+|\b{_trie(_TRIGGER_WORDS)}\b"
_TRIGGER_LOWER: Final = re.compile(_TRIGGER_SRC)
_TRIGGER_ANYCASE: Final = re.compile(_TRIGGER_SRC, re.IGNORECASE)

# after a day and month a four-digit year is the year, even before a noun: "On 2 January
# 2022 residents gathered" (a count there, "2 January 2,022 residents", would need a comma)
_TAIL_YEAR: Final = re.compile(rf",?\s+(?P<y>{_YEAR_RE})(?!\d|,\d)")
_TAIL_TIME: Final = re.compile(
    r",?\s+(?:at\s+)?\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?(?!\d)", re.IGNORECASE
)
_MORE_DAYS: Final = re.compile(
    rf"""(?: \s*,\s*(?P<c>{_DAY_RE})(?=\s*,\s*\d|\s*,?\s+(?:and|&)\s+\d)
           | (?:\s*,?\s+(?:and|&)\s+|\s*[-–—]\s*|\s+(?:to|through|till|until)\s+)(?P<d>{_DAY_RE})
         )(?!\s+(?:{_COUNT_NOUNS})\b)""",
    re.VERBOSE | re.IGNORECASE,
)
_DAY_NUMBER: Final = re.compile(r"\d{1,2}")
_LINK: Final = re.compile(
    r"\s*(?:(?P<list>,?\s*(?:and|&)|,)|,?\s*(?:[-–—]|to|until|till|through|and\s+to))\s*(?:the\s+)?",
    re.IGNORECASE,
)
_FUTURE_BEFORE: Final = re.compile(
    r"\b(?:will|would|shall|'ll|is\s+to|are\s+to|going\s+to|expected\s+to|plans?\s+to|"
    r"planned\s+to|set\s+to|due\s+to|begins?|starts?)\b[^.!?;]*$",
    re.IGNORECASE,
)
_ON: Final = re.compile(r"on\s+", re.IGNORECASE)
_SPACE: Final = re.compile(r"\s+")


# --------------------------------------------------------------------------- resolution


def resolve_month_day(month: int, day: int, anchor: date) -> date:
    """The occurrence of month/day nearest to ``anchor`` (so within about ±6 months).

    Used when the text gives no year: "January 5" in a paper of 2011-12-17 is 2012-01-05,
    "December 16" is 2011-12-16.  An exact tie goes to the past.
    """
    return _nearest_month_day(month, day, anchor, prefer_past=True)


def _nearest_month_day(month: int, day: int, anchor: date, prefer_past: bool) -> date:
    """Nearest valid occurrence; Feb 29 looks further afield for a leap year."""
    best: tuple[tuple[int, bool], date] | None = None
    for spread in (1, 4):
        for year in range(anchor.year - spread, anchor.year + spread + 1):
            try:
                d = date(year, month, day)
            except ValueError:
                continue
            key = (abs((d - anchor).days), (d > anchor) if prefer_past else (d < anchor))
            if best is None or key < best[0]:
                best = (key, d)
        if best is not None:
            return best[1]
    raise ValueError(f"no calendar date has month {month} and day {day}")


def _nearest_month_year(month: int, anchor: date, prefer_past: bool) -> int:
    """The year of the occurrence of ``month`` nearest to the anchor's month."""
    diff = month - anchor.month
    if diff > 6 or (diff == 6 and prefer_past):
        return anchor.year - 1
    if diff < -6 or (diff == -6 and not prefer_past):
        return anchor.year + 1
    return anchor.year


def _month_span(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _add_months(d: date, months: int) -> tuple[int, int]:
    index = d.year * 12 + d.month - 1 + months
    return index // 12, index % 12 + 1


def _days(n: int) -> timedelta:
    return timedelta(days=n)


# --------------------------------------------------------------------------- handlers


@dataclass(frozen=True, slots=True)
class _Ctx:
    text: str
    anchor: date | None
    prefer_past: bool

    def mention(
        self,
        start: int,
        end: int,
        span: tuple[date, date] | None,
        precision: str,
        *,
        relative: bool = False,
        year_given: bool = False,
    ) -> DateMention:
        first, last = span if span else (None, None)
        raw = self.text[start:end]
        return DateMention(start, end, raw, first, last, precision, relative, year_given)


@dataclass(frozen=True, slots=True)
class _Pending:
    """An explicit month and day whose year may still come from a neighbour or the anchor."""

    start: int
    end: int
    month: int
    day: int
    year: int | None  # stated in the text
    precision: str  # day | night | part
    first_offset: int = 0  # the interval relative to the day: night of Jan 6 = (-1, 0)
    last_offset: int = 0


_Item = DateMention | _Pending
_Handler = Callable[[re.Match[str], _Ctx], tuple[list[_Item], int]]


def _month_of(m: re.Match[str], group: str) -> int:
    return _MONTH_NUM[m.group(group).rstrip(".").lower()]


def _day_of(token: str) -> int:
    """1 from "1st", 7 from "07th"."""
    return int(token.rstrip("stndrhSTNDRH"))


def _skip_on(text: str, start: int) -> int:
    """Mentions start at the date, not at a leading "on"."""
    on = _ON.match(text, start)
    return on.end() if on else start


def _tail(text: str, end: int) -> tuple[int | None, int]:
    """A year after a day ("December 16, 2011") and a clock time after that, if present."""
    year = None
    y = _TAIL_YEAR.match(text, end)
    if y:
        year, end = int(y.group("y")), y.end()
    return year, _time_end(text, end)


def _time_end(text: str, end: int) -> int:
    """Where a clock time after a date ends ("20 December 2011 18:33"); it joins the span."""
    t = _TAIL_TIME.match(text, end)
    return t.end() if t else end


def _valid(year: int | None, month: int, day: int) -> bool:
    """Whether the day exists in the month (of a leap year when the year is unknown)."""
    return day <= calendar.monthrange(year or 2000, month)[1]


def _handle_md(m: re.Match[str], ctx: _Ctx) -> tuple[list[_Item], int]:
    """ "January 4", "Thursday, Jan. 13, 2022", "January 4 and 5", "Dec. 20 18:33"."""
    text, month = ctx.text, _month_of(m, "md_m")
    spans = [(_skip_on(text, m.start()), m.end(), _day_of(m.group("md_d")))]
    pos = m.end()
    while more := _MORE_DAYS.match(text, pos):
        g = "c" if more.group("c") else "d"
        spans.append((more.start(g), more.end(g), _day_of(more.group(g))))
        pos = more.end()
    return _days_items(ctx, month, spans, pos)


def _handle_dm(m: re.Match[str], ctx: _Ctx) -> tuple[list[_Item], int]:
    """ "20 December 2011", "07th January, 2022", "4 and 5 January"."""
    month, base = _month_of(m, "dm_m"), m.start("dm_days")
    days = list(_DAY_NUMBER.finditer(m.group("dm_days")))
    spans = [(base + d.start(), base + d.end(), int(d.group())) for d in days]
    spans[0] = (_skip_on(ctx.text, m.start()), *spans[0][1:])
    spans[-1] = (spans[-1][0], m.end(), spans[-1][2])  # the last day carries the month
    return _days_items(ctx, month, spans, m.end())


def _days_items(
    ctx: _Ctx, month: int, spans: list[tuple[int, int, int]], end: int
) -> tuple[list[_Item], int]:
    """One pending day per listed day; a year and a time after the last apply to all."""
    year, end = _tail(ctx.text, end)
    spans[-1] = (spans[-1][0], end, spans[-1][2])
    items: list[_Item] = [
        _Pending(s, e, month, day, year, "day") for s, e, day in spans if _valid(year, month, day)
    ]
    return items, end


def _handle_nightof(m: re.Match[str], ctx: _Ctx) -> tuple[list[_Item], int]:
    """ "the night of January 6" = Jan 5–6; "the evening of January 5" = that day, a part."""
    month = _month_of(m, "no_m1" if m.group("no_m1") else "no_m2")
    day = _day_of(m.group("no_d1") or m.group("no_d3"))
    second = m.group("no_d2") or m.group("no_d4")
    year = int(m.group("no_y")) if m.group("no_y") else None
    end = _time_end(ctx.text, m.end())
    if not _valid(year, month, day):
        return [], end
    if m.group("no_part").lower() != "night":
        return [_Pending(m.start(), end, month, day, year, "part")], end
    if second is not None and _day_of(second) == day + 1:  # "the night of January 5 to 6"
        return [_Pending(m.start(), end, month, day, year, "night", 0, 1)], end
    return [_Pending(m.start(), end, month, day, year, "night", -1, 0)], end


def _handle_partmonth(m: re.Match[str], ctx: _Ctx) -> tuple[list[_Item], int]:
    """ "the beginning of January" = Jan 1–10, "mid-January", "late 2021"."""
    part = _SPACE.sub(" ", (m.group("pm_pos") or m.group("pm_adj")).lower())
    if m.group("pm_yonly"):
        of_year = _part_of_year(int(m.group("pm_yonly")), part)
        return [ctx.mention(m.start(), m.end(), of_year, "part", year_given=True)], m.end()
    month = _month_of(m, "pm_m")
    given = m.group("pm_y") is not None
    year = int(m.group("pm_y")) if given else _year_for_month(month, ctx)
    span = _part_of_month(year, month, part) if year is not None else None
    return [ctx.mention(m.start(), m.end(), span, "part", year_given=given)], m.end()


def _part_of_month(year: int, month: int, part: str) -> tuple[date, date]:
    last_day = calendar.monthrange(year, month)[1]
    if part == "last week":
        return date(year, month, last_day - 6), date(year, month, last_day)
    lo, hi = _MONTH_PARTS[part]
    return date(year, month, lo), date(year, month, min(hi, last_day))


def _part_of_year(year: int, part: str) -> tuple[date, date]:
    lo, hi = _YEAR_PARTS.get(part, (1, 12))  # "the first week of 2022": the whole year
    return date(year, lo, 1), _month_span(year, hi)[1]


def _year_for_month(month: int, ctx: _Ctx, modifier: str | None = None) -> int | None:
    """The year of a month named without one: nearest to the anchor, or last/next/this."""
    a = ctx.anchor
    if a is None:
        return None
    if modifier == "last":
        return a.year if month < a.month else a.year - 1
    if modifier == "next":
        return a.year if month > a.month else a.year + 1
    if modifier == "this":
        return a.year
    return _nearest_month_year(month, a, ctx.prefer_past)


def _handle_numeric(m: re.Match[str], ctx: _Ctx) -> tuple[list[_Item], int]:
    """ "06.01.2022" (day first, as outside the US) and "13.01.2022, 10:43"."""
    day, month, year = int(m.group("nd_d")), int(m.group("nd_m")), int(m.group("nd_y"))
    if month > 12 and day <= 12:
        day, month = month, day  # 01/13/2022 can only be month first
    return _explicit(m, ctx, year, month, day)


def _handle_iso(m: re.Match[str], ctx: _Ctx) -> tuple[list[_Item], int]:
    """ "2022-01-06"."""
    year, month, day = int(m.group("iso_y")), int(m.group("iso_m")), int(m.group("iso_d"))
    return _explicit(m, ctx, year, month, day)


def _explicit(
    m: re.Match[str], ctx: _Ctx, year: int, month: int, day: int
) -> tuple[list[_Item], int]:
    if not (1 <= month <= 12 and day >= 1 and _valid(year, month, day)):
        return [], m.end()
    end = _time_end(ctx.text, m.end())
    d = date(year, month, day)
    return [ctx.mention(m.start(), end, (d, d), "day", year_given=True)], end


def _handle_yrange(m: re.Match[str], ctx: _Ctx) -> tuple[list[_Item], int]:
    """ "2012–13", "2006-2012", "between 2006 and 2012": whole years, precision "range"."""
    first = int(m.group("yr_a"))
    if m.group("yr_b2"):
        last = first - first % 100 + int(m.group("yr_b2"))
        last += 100 if last <= first else 0
    else:
        last = int(m.group("yr_b4"))
        sep = m.group("yr_sep").strip().lower()
        if (sep == "and") != ((m.group("yr_open") or "").lower() == "between"):
            return [], m.end()  # "in 2011 and 2012" names two years, not a span
    if not first < last < first + 100:
        return [], m.end()
    span = (date(first, 1, 1), date(last, 12, 31))
    return [ctx.mention(m.start("yr_a"), m.end(), span, "range", year_given=True)], m.end()


def _handle_monthyear(m: re.Match[str], ctx: _Ctx) -> tuple[list[_Item], int]:
    """ "January 2022", "Sept. 2023": the whole month."""
    span = _month_span(int(m.group("my_y")), _month_of(m, "my_m"))
    return [ctx.mention(m.start(), m.end(), span, "month", year_given=True)], m.end()


def _handle_monthonly(m: re.Match[str], ctx: _Ctx) -> tuple[list[_Item], int]:
    """ "in January", "since March", "last December": the whole month, year from anchor."""
    pre = m.group("mo_pre").lower()
    modifier = pre if pre in ("last", "next", "this") else None
    start = m.start() if modifier else m.start("mo_m")
    month = _month_of(m, "mo_m")
    year = _year_for_month(month, ctx, modifier)
    span = _month_span(year, month) if year is not None else None
    return [ctx.mention(start, m.end(), span, "month")], m.end()


def _handle_pyear(m: re.Match[str], ctx: _Ctx) -> tuple[list[_Item], int]:
    """ "in 2011", "since 1999": the whole year (a bare number is never a year)."""
    year = int(m.group("py_y"))
    span = (date(year, 1, 1), date(year, 12, 31))
    return [ctx.mention(m.start("py_y"), m.end(), span, "year", year_given=True)], m.end()


def _handle_rel(m: re.Match[str], ctx: _Ctx) -> tuple[list[_Item], int]:
    """ "yesterday evening", "today", "last night", "tomorrow"."""
    word = _SPACE.sub(" ", m.group("rel_w").lower())
    part = (m.group("rel_part") or "").lower()
    offset = {
        "the day before yesterday": -2,
        "yesterday": -1,
        "the day after tomorrow": 2,
        "tomorrow": 1,
        "last night": -1,
    }.get(word, 0)
    night = part == "night" or word in ("tonight", "last night")
    precision = "night" if night else ("part" if part or word.startswith("this") else "day")
    span = None
    if ctx.anchor is not None:
        day = ctx.anchor + _days(offset)
        span = (day, day + _days(1)) if night else (day, day)
    return [ctx.mention(m.start(), m.end(), span, precision, relative=True)], m.end()


def _handle_relunit(m: re.Match[str], ctx: _Ctx) -> tuple[list[_Item], int]:
    """ "last week" (the Monday–Sunday week before the anchor's), "this month", "the past year"."""
    mod = _SPACE.sub(" ", m.group("ru_mod").lower())
    unit = m.group("ru_u").lower()
    span = _unit_span(ctx.anchor, mod, unit) if ctx.anchor else None
    return [ctx.mention(m.start("ru_mod"), m.end(), span, unit, relative=True)], m.end()


def _unit_span(a: date, mod: str, unit: str) -> tuple[date, date]:
    """The calendar week (Monday first), month or year that a modifier picks out."""
    if mod in ("the past", "the previous", "the last"):  # a rolling window up to the anchor
        return a - _days(_UNIT_DAYS[unit]), a
    shift = {"last": -1, "next": 1, "the coming": 1}.get(mod, 0)
    if unit == "week":
        monday = a - _days(a.weekday()) + _days(7 * shift)
        span = (monday, monday + _days(6))
    elif unit == "month":
        span = _month_span(*_add_months(a, shift))
    else:
        span = (date(a.year + shift, 1, 1), date(a.year + shift, 12, 31))
    if mod == "earlier this":
        return span[0], a
    if mod == "later this":
        return a, span[1]
    return span


def _handle_wd(m: re.Match[str], ctx: _Ctx) -> tuple[list[_Item], int]:
    """ "on Friday": the latest Friday on or before the anchor (the next one if not past)."""
    mod = (m.group("wd_mod") or "").lower()
    start = m.start("wd_d") if mod in ("", "on") else m.start()
    part = (m.group("wd_part") or "").lower()
    precision = "night" if part == "night" else ("part" if part else "day")
    span = None
    if ctx.anchor is not None:
        day = _resolve_weekday(_WEEKDAY_NUM[m.group("wd_d").lower()], ctx.anchor, mod, ctx)
        span = (day, day + _days(1)) if part == "night" else (day, day)
    return [ctx.mention(start, m.end(), span, precision, relative=True)], m.end()


def _resolve_weekday(weekday: int, a: date, mod: str, ctx: _Ctx) -> date:
    back = (a.weekday() - weekday) % 7
    ahead = (weekday - a.weekday()) % 7
    if mod in ("last", "past"):
        return a - _days(back or 7)
    if mod in ("next", "coming"):
        return a + _days(ahead or 7)
    if mod == "this":
        return a + _days(weekday - a.weekday())
    return a - _days(back) if ctx.prefer_past else a + _days(ahead)


def _count(phrase: str) -> int | None:
    words = _SPACE.sub(" ", phrase.lower())
    if words in _COUNT_WORDS:
        return _COUNT_WORDS[words]
    value = parse_number(words)
    return int(value) if value is not None and value == int(value) else None


def _handle_offset(m: re.Match[str], ctx: _Ctx) -> tuple[list[_Item], int]:
    """ "in two days" = anchor + 2 (only about the future); "within two days" = [anchor, +2]."""
    n = _count(m.group("of_n"))
    within = m.group("of_kw").lower() == "within"
    text = ctx.text
    if n is None or not (within or _FUTURE_BEFORE.search(text, max(0, m.start() - 80), m.start())):
        return [], m.end()  # "killed in a week of protests" is no date
    days = n * _UNIT_DAYS[m.group("of_u").lower().rstrip("s")]
    span = None
    if ctx.anchor is not None:
        target = ctx.anchor + _days(days)
        span = (ctx.anchor, target) if within else (target, target)
    precision = "range" if within else "day"
    return [ctx.mention(m.start(), m.end(), span, precision, relative=True)], m.end()


def _handle_ago(m: re.Match[str], ctx: _Ctx) -> tuple[list[_Item], int]:
    """ "two days ago", "eight years ago": counted back from the anchor."""
    n = _count(m.group("ago_n"))
    unit = m.group("ago_u").lower().rstrip("s")
    if n is None:
        return [], m.end()
    precision = {"day": "day", "week": "day", "month": "month", "year": "year"}[unit]
    span = None
    if ctx.anchor is not None:
        a = ctx.anchor
        if unit in ("day", "week"):
            d = a - _days(n * _UNIT_DAYS[unit])
            span = (d, d)
        elif unit == "month":
            span = _month_span(*_add_months(a, -n))
        else:
            span = (date(a.year - n, 1, 1), date(a.year - n, 12, 31))
    return [ctx.mention(m.start(), m.end(), span, precision, relative=True)], m.end()


_HANDLERS: Final[dict[str, _Handler]] = {
    "nightof": _handle_nightof,
    "partmonth": _handle_partmonth,
    "md": _handle_md,
    "dm": _handle_dm,
    "numeric": _handle_numeric,
    "iso": _handle_iso,
    "yrange": _handle_yrange,
    "monthyear": _handle_monthyear,
    "monthonly": _handle_monthonly,
    "pyear": _handle_pyear,
    "rel": _handle_rel,
    "relunit": _handle_relunit,
    "wd": _handle_wd,
    "offset": _handle_offset,
    "ago": _handle_ago,
}


# --------------------------------------------------------------------------- find_dates


def find_dates(text: str, anchor: date | None, *, prefer_past: bool = True) -> list[DateMention]:
    """Every date phrase in ``text``, left to right, resolved against ``anchor``.

    ``anchor`` is the publication date.  ``prefer_past`` decides ties and bare weekdays:
    news mostly reports what happened, so "on Friday" means the Friday just gone.
    """
    ctx = _Ctx(text, anchor, prefer_past)
    items: list[_Item] = []
    pos = 0
    for token in _triggers(text):
        start = token.start()
        if start < pos:
            continue
        m = _MASTER.match(text, start)
        if m is None or m.lastgroup is None:
            continue
        found, end = _HANDLERS[m.lastgroup](m, ctx)
        if found:
            items.extend(found)
            pos = end
    return _resolve_pending(items, ctx)


def _triggers(text: str) -> Iterator[re.Match[str]]:
    """Places where a date phrase can start (scanned case-blind on a lower-cased copy)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return _TRIGGER_LOWER.finditer(lowered)
    return _TRIGGER_ANYCASE.finditer(text)


def _resolve_pending(items: list[_Item], ctx: _Ctx) -> list[DateMention]:
    """Give each month-day its year: stated, borrowed from a linked neighbour, or nearest.

    A year stated anywhere in a linked run flows to the others ("December 17 to January 5,
    2012" puts December 17 in 2011; "January 4 and 5, 2022").  Without a stated year the
    first of a range takes the year nearest the anchor and the rest follow in order, while
    the parts of a mere list ("Jan. 2, Jan. 10") are each placed nearest the anchor.
    """
    links = _links(items, ctx.text)
    years: list[int | None] = [it.year if isinstance(it, _Pending) else None for it in items]
    for i in range(len(items) - 1, 0, -1):  # a stated year flows back to earlier parts
        year, cur, before = years[i], items[i], items[i - 1]
        if links[i] and years[i - 1] is None and year is not None:
            assert isinstance(cur, _Pending) and isinstance(before, _Pending)
            years[i - 1] = _borrow_year(year, cur, before, backwards=True)
    from_text = [y is not None for y in years]
    out: list[DateMention] = []
    for i, it in enumerate(items):
        if not isinstance(it, _Pending):
            out.append(it)
            continue
        before, prev_year = items[i - 1], years[i - 1] if i else None
        if years[i] is None and prev_year is not None and (links[i] == "range" or from_text[i - 1]):
            assert isinstance(before, _Pending)
            years[i] = _borrow_year(prev_year, before, it, backwards=False)
            from_text[i] = from_text[i - 1]
        elif years[i] is None and ctx.anchor is not None:
            years[i] = _nearest_month_day(it.month, it.day, ctx.anchor, ctx.prefer_past).year
        out.append(_pending_mention(it, years[i], ctx))
    return out


def _links(items: list[_Item], text: str) -> list[str | None]:
    """How each month-day joins the one before it: "range" (to, dash), "list" (and, comma)."""
    links: list[str | None] = [None] * len(items)
    for i in range(1, len(items)):
        a, b = items[i - 1], items[i]
        if isinstance(a, _Pending) and isinstance(b, _Pending):
            link = _LINK.fullmatch(text, a.end, b.start)
            if link is not None:
                links[i] = "list" if link.group("list") else "range"
    return links


def _borrow_year(year: int, known: _Pending, other: _Pending, *, backwards: bool) -> int:
    """The year of ``other`` given its linked neighbour ``known`` in ``year``.

    Going forwards a later month-day wraps into the next year ("December 17 to January 5");
    going backwards an earlier one wraps into the previous year.
    """
    if backwards:
        return year - 1 if (other.month, other.day) > (known.month, known.day) else year
    return year + 1 if (other.month, other.day) < (known.month, known.day) else year


def _pending_mention(it: _Pending, year: int | None, ctx: _Ctx) -> DateMention:
    span = None
    if year is not None and _valid(year, it.month, it.day):
        d = date(year, it.month, it.day)
        span = (d + _days(it.first_offset), d + _days(it.last_offset))
    return ctx.mention(it.start, it.end, span, it.precision, year_given=it.year is not None)


# --------------------------------------------------------------------------- durations

_DURATION_UNIT: Final = re.compile(
    r"\b(?P<u>day|week|fortnight|month|year|hour)s?\b(?!-old|\s+old\b)", re.IGNORECASE
)
_DURATION_COUNT: Final = re.compile(
    rf"(?:^|(?<=[^\w-]))(?P<n>{_COUNT_RE})(?:\s+|-)$", re.IGNORECASE
)
_NOT_A_LENGTH: Final = re.compile(
    r"\s+(?:ago|later|earlier|after|before|since|from\s+now)\b", re.IGNORECASE
)
_BOUND_WITHIN: Final = re.compile(
    r"\b(?:within|no\s+more\s+than|not\s+more\s+than|at\s+most|up\s+to|no\s+longer\s+than|"
    r"not\s+longer\s+than|less\s+than|fewer\s+than|under|(?:a\s+)?maximum\s+of|in\s+less\s+than|"
    r"in\s+under)\s+(?:(?:about|around|almost|nearly|approximately|roughly|some|just)\s+)?$",
    re.IGNORECASE,
)
_BOUND_AT_LEAST: Final = re.compile(
    r"\b(?:at\s+least|more\s+than|over|no\s+less\s+than|not\s+less\s+than|upwards\s+of|"
    r"in\s+excess\s+of|a\s+minimum\s+of)\s+$",
    re.IGNORECASE,
)
_BOUND_ABOUT: Final = re.compile(
    r"\b(?:about|around|almost|nearly|approximately|roughly|some|close\s+to|an\s+estimated|"
    r"more\s+or\s+less|just\s+under|just\s+over)\s+$",
    re.IGNORECASE,
)
_ESTIMATE_BEFORE: Final = re.compile(
    r"\b(?:expected|estimated|likely|projected|planned|scheduled|supposed|should|could|may|"
    r"might|approximately)\b[^.!?;]*$",
    re.IGNORECASE,
)


def find_durations(text: str) -> list[DurationMention]:
    """Every counted length of time ("ten days", "a week", "48 hours"), in whole days.

    ``bound`` reads the words before the count: "within"/"no more than" -> "within";
    "at least"/"more than" -> "at least"; "about"/"almost" or an estimate ("expected to
    take ten days") -> "about"; otherwise "exact".  Offsets ("two days ago", "a week
    later") are points in time, not lengths, and are left out.
    """
    out: list[DurationMention] = []
    for u in _DURATION_UNIT.finditer(text):
        if _NOT_A_LENGTH.match(text, u.end()):
            continue
        c = _DURATION_COUNT.search(text, max(0, u.start() - 30), u.start())
        if c is None:
            continue
        n = _count(c.group("n"))
        if n is None:
            continue
        unit = u.group("u").lower()
        days = math.ceil(n / 24) if unit == "hour" else n * _UNIT_DAYS[unit]
        start = c.start()
        raw = text[start : u.end()]
        out.append(DurationMention(start, u.end(), raw, days, _bound(text, start)))
    return out


def _bound(text: str, start: int) -> str:
    window = max(0, start - 60)
    if _BOUND_WITHIN.search(text, window, start):
        return "within"
    if _BOUND_AT_LEAST.search(text, window, start):
        return "at least"
    if _BOUND_ABOUT.search(text, window, start) or _ESTIMATE_BEFORE.search(text, window, start):
        return "about"
    return "exact"
