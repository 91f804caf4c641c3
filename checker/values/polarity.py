"""Negation: is a statement asserted or denied in its clause?

"they will not participate in dispersing the demonstrations" and "He rejected as untrue
every suggestion that units would break up demonstrations" deny the task; "they only
guard the facilities" after a dash does not inherit the negation before it.  The scope
of a negator is its own clause, up to `reach` words before the statement.
"""

from __future__ import annotations

import re

NEGATORS = (
    "not",
    "no",
    "never",
    "nor",
    "neither",
    "without",
    "rather than",
    "instead of",
    "rejected",
    "rejects",
    "reject",
    "denied",
    "denies",
    "deny",
    "untrue",
    "refused",
    "refuses",
    "ruled out",
    "rules out",
    "dismissed",
    "false",
    "wrongly",
    "won't",
    "will not",
    "cannot",
    "can't",
    "wouldn't",
    "isn't",
    "aren't",
    "wasn't",
    "weren't",
    "don't",
    "doesn't",
    "didn't",
    "shouldn't",
    "mustn't",
    "nothing",
    "none",
)
_BOUNDARY = re.compile(r"[;:()\[\]]|\s[–—-]\s|—|–|,\s*(?:and|but|while|whereas)\b|\bbut\b", re.I)
_WORD = re.compile(r"[\w'’]+")
_NEG = re.compile(
    r"(?<![\w'’])(?:"
    + "|".join(re.escape(n) for n in sorted(NEGATORS, key=len, reverse=True))
    + r")(?![\w'’])|n['’]t\b",
    re.IGNORECASE,
)


def is_negated(text: str, offset: int, reach: int = 10) -> bool:
    """True when a negator governs the statement starting at `offset`."""
    start = 0
    for m in _BOUNDARY.finditer(text, 0, offset):
        start = m.end()
    words = list(_WORD.finditer(text, start, offset))
    if len(words) > reach:
        start = words[-reach].start()
    return _NEG.search(text, start, offset) is not None


def polarity(text: str, offset: int) -> bool:
    return not is_negated(text, offset)
