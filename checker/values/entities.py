"""Countries and people in text: the gazetteer.

Countries come from pycountry (name, common name, official name) plus the rulebook's
aliases, so membership lists and office titles ("Prime Minister of Armenia") resolve to
one canonical name per country whatever the outlet wrote.  People come from the rule
entities: first the alias table, then near-variants found with rapidfuzz, because news
transliterate Russian and Kazakh names freely ("Kassym-Zhomart" / "Kassym-Jomart",
"Lukashenko" / "Lukashenka") and a naming fact exists precisely to catch those.

Everything is compiled once in the constructor: one alternation per kind (longest name
first, so "Republic of Belarus" wins over "Belarus") and the folded name forms for
fuzzy matching.  Searching a sentence is then one regex scan plus a few rapidfuzz calls
on capitalised tokens.
"""

from __future__ import annotations

import bisect
import calendar
import re
import unicodedata
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import pycountry
from rapidfuzz import fuzz, process

from checker.rulebook.models import EntityDef

__all__ = ["EntityMention", "Gazetteer", "fold"]


@dataclass(frozen=True, slots=True)
class EntityMention:
    """A span of text naming an entity; `exact` is False for a fuzzy near-variant."""

    start: int
    end: int
    entity: str
    surface: str
    exact: bool


# Short names the news use where pycountry only has a formal one ("Russian Federation")
# or an inverted one ("Palestine, State of").  The rulebook's aliases take precedence.
BUILTIN_COUNTRY_ALIASES: Mapping[str, Sequence[str]] = {
    "Russia": ["Russian Federation"],
    "Turkey": ["Türkiye", "Turkiye", "Republic of Türkiye"],
    "Palestine": ["State of Palestine", "Palestine, State of"],
    "Micronesia": ["Federated States of Micronesia", "Micronesia, Federated States of"],
    "Democratic Republic of the Congo": ["DR Congo", "Congo, The Democratic Republic of the"],
    "Brunei": ["Brunei Darussalam"],
    "Vatican City": ["Holy See", "Holy See (Vatican City State)"],
    "United Kingdom": ["Britain", "Great Britain"],
    "United States": ["United States of America"],
    "Côte d'Ivoire": ["Ivory Coast"],
    "Cabo Verde": ["Cape Verde"],
    "Eswatini": ["Swaziland"],
    "North Macedonia": ["Macedonia"],
    "Myanmar": ["Burma"],
}

# Capitalised words that are never a person's name however close they look to one.
_NOT_NAMES = frozenset(
    w.casefold()
    for w in (*calendar.month_name[1:], *calendar.day_name, "President", "Minister", "General")
)
# English word endings that transliterated surnames do not have ("Putting" is not "Putin").
_ENGLISH_ENDINGS = ("ing", "ed", "ly", "tion", "ment", "ness", "ian", "ians", "ese")

GIVEN_NAME_THRESHOLD = 70
"""rapidfuzz ratio for a given name to count as the entity's ("Nikolay" / "Nikolai")."""

MIN_SINGLE_TOKEN = 5
"""Letters a lone surname needs before it may be matched fuzzily ("Zas" only exactly)."""

_SEP = r"[\s\-‐‑]+"
_TOKEN = re.compile(r"(?<![\w\-])[^\W\d_]\w*(?:[\-‐‑][^\W\d_]\w*)*")
# The `_TOKEN`s that may be capitalised: ASCII lower-case ones are skipped in C.
_CAPITALISED = re.compile(r"(?<![\w\-])(?=[A-Z]|[^\x00-\x7f])[^\W\d_]\w*(?:[\-‐‑][^\W\d_]\w*)*")


# --- transliteration fold -------------------------------------------------------------

_FOLD_STEPS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), r)
    for p, r in (
        (r"[\-‐‑'’\s]+", " "),  # hyphens, apostrophes, spaces: one separator
        (r"dzh", "j"),  # Dzhumakeyev / Jumakeyev
        (r"zh", "j"),  # Zhaparov / Japarov, Kassym-Zhomart / Kassym-Jomart
        (r"kh", "h"),  # Khachaturov / Hachaturov
        (r"ph", "f"),
        (r"x", "ks"),  # Alexander / Aleksander
        (r"w", "v"),
        (r"y", "i"),  # ya/ia, yu/iu, ai/ay, ei/ey, -iy/-y
        (r"(?<=[aeiou])i(?=e)", ""),  # Nazarbayev / Nazarbaev, Tokayev / Tokaev
        (r"(\w)\1+", r"\1"),  # double letters: Kassym / Kasym, -iy -> -ii -> -i
    )
)


@lru_cache(maxsize=65536)
def fold(name: str) -> str:
    """A transliteration-neutral key for comparing spellings of one name.

    Steps, in order: casefold; ё -> е and accents dropped (é -> e); hyphens, apostrophes
    and spaces -> one space; dzh -> j, zh -> j, kh -> h, ph -> f, x -> ks, w -> v; y -> i
    (so ya/ia, yu/iu, ay/ai, ey/ei and -iy/-y agree); an i between a vowel and e is
    dropped (ayev/aev); doubled letters collapse.  "Kassym-Zhomart" and "Kassym-Jomart"
    both fold to "kasim jomart", "Nazarbayev" and "Nazarbaev" to "nazarbaev".
    """
    text = name.casefold().replace("ё", "е")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    for pattern, replacement in _FOLD_STEPS:
        text = pattern.sub(replacement, text)
    return text.strip()


def _key(name: str) -> str:
    """Exact-match key: case, hyphen/space runs and apostrophe styles do not matter."""
    return re.sub(r"[\s\-‐‑]+", " ", name.replace("’", "'")).strip().casefold()


# --- name patterns --------------------------------------------------------------------


def _name_regex(name: str, case: str) -> str:
    """One name as a regex: words joined by any run of spaces/hyphens.

    `case`: "insensitive"; "initial" (first letter as written, the rest any case, so
    "Chad" is not found in "chad" but "CHAD" is); "exact" (acronyms such as CSTO).
    """
    words = [re.escape(w).replace("'", "['’]") for w in re.split(_SEP, name.strip()) if w]
    body = _SEP.join(words)
    if case == "exact":
        return body
    if case == "initial" and body[:1].isalnum():
        return f"{body[0]}(?i:{body[1:]})" if len(body) > 1 else body
    return f"(?i:{body})"


def _alternation(names: Iterable[tuple[str, str]]) -> re.Pattern[str] | None:
    """Compile (name, case) pairs into one word-bounded alternation, longest first.

    A name glued to a lowercase word by a hyphen ("Russia-led", "pro-Russia") is not a
    mention of it; "Russia-Belarus" mentions both.
    """
    unique = {(n.strip(), c) for n, c in names if n.strip()}
    ordered = sorted(unique, key=lambda nc: (-len(nc[0]), nc))
    if not ordered:
        return None
    body = "|".join(_name_regex(n, c) for n, c in ordered)
    return re.compile(rf"(?<![\w])(?:{body})(?![\w]|-[a-z])")


_GLUED_LEFT = re.compile(r"(?<![\w\-])[^\W\d_]\w*-\Z")


def _matches(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """Matches of an `_alternation`, minus names glued to a lowercase word on the left."""
    for m in pattern.finditer(text):
        glued = _GLUED_LEFT.search(text, max(0, m.start() - 40), m.start())
        if glued is None or not glued.group()[0].islower():
            yield m


def _org_case(name: str) -> str:
    letters = [c for c in name if c.isalpha()]
    return "exact" if len(letters) >= 2 and all(c.isupper() for c in letters) else "initial"


# --- people ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Person:
    """Folded name forms of one person entity."""

    id: str
    surnames: tuple[str, ...]
    given: tuple[str, ...]


def _person(entity: EntityDef) -> _Person:
    surnames: list[str] = []
    given: list[str] = []
    for form in (entity.name, *entity.aliases):
        words = form.split()
        if not words:
            continue
        surnames.append(fold(words[-1]))
        if len(words) > 1:
            given.append(fold(" ".join(words[:-1])))
    return _Person(entity.id, tuple(dict.fromkeys(surnames)), tuple(dict.fromkeys(given)))


@dataclass(frozen=True, slots=True)
class _PeopleIndex:
    """Compiled matchers for one set of person ids."""

    pattern: re.Pattern[str] | None
    aliases: Mapping[str, str]  # normalised alias -> entity id
    surnames: tuple[str, ...]  # folded, parallel to `owners`
    owners: tuple[str, ...]
    keywords: tuple[str, ...] | None = None  # see `_keywords`


@dataclass(frozen=True, slots=True)
class _Token:
    start: int
    end: int
    text: str


class Gazetteer:
    """Finds countries, people and other rule entities in text."""

    def __init__(
        self, entities: Sequence[EntityDef], country_aliases: Mapping[str, Sequence[str]]
    ) -> None:
        self._entities = {e.id: e for e in entities}
        self._country_of, self._country_names = _country_table(country_aliases)
        self._countries = _alternation((n, "initial") for n in self._country_names)
        self._people = {e.id: _person(e) for e in entities if e.kind == "person"}
        self._alias_owner: dict[str, dict[str, str]] = {}
        for e in entities:
            owners = self._alias_owner.setdefault(e.kind, {})
            for form in (e.name, *e.aliases):
                owners.setdefault(_key(form), e.id)
        self._kind_patterns: dict[str, re.Pattern[str] | None] = {
            kind: _alternation(
                (f, "insensitive" if kind == "person" else _org_case(f))
                for e in entities
                if e.kind == kind
                for f in (e.name, *e.aliases)
            )
            for kind in {e.kind for e in entities}
        }
        self._people_cache: dict[frozenset[str] | None, _PeopleIndex] = {}
        self._near_surname: dict[tuple[str, int, int], bool] = {}
        self._people_index(None)  # the full index up front; subsets are cached on first use

    # --- countries ---

    def country(self, name: str) -> str | None:
        """The canonical name of a country written any known way, else None."""
        return self._country_of.get(_key(name))

    def find_countries(self, text: str) -> list[EntityMention]:
        """Country names in `text` (not demonyms: "Kazakh", "Russian" are not countries)."""
        if self._countries is None:
            return []
        return [
            EntityMention(m.start(), m.end(), self._country_of[_key(m.group())], m.group(), True)
            for m in _matches(self._countries, text)
        ]

    # --- people and other entities ---

    def canonical_name(self, entity_id: str) -> str:
        """The preferred spelling of an entity (KeyError for an unknown id)."""
        return self._entities[entity_id].name

    def find_entities(self, text: str, kind: str) -> list[EntityMention]:
        """Mentions of rule entities of `kind` by their alias table (no fuzzy matching).

        Countries (kind "country") come from `find_countries`; all-caps aliases such as
        "CSTO" match only as written.
        """
        if kind == "country":
            return self.find_countries(text)
        pattern = self._kind_patterns.get(kind)
        owners = self._alias_owner.get(kind, {})
        if pattern is None:
            return []
        return [
            EntityMention(m.start(), m.end(), owners[_key(m.group())], m.group(), True)
            for m in _matches(pattern, text)
        ]

    def find_people(
        self, text: str, ids: Collection[str] | None = None, threshold: int = 85
    ) -> list[EntityMention]:
        """People in `text`: alias-table matches (exact) and near-variants (not exact).

        An exact surname preceded by a near-variant of the given name is widened to
        cover it ("Kassym-Zhomart Tokayev" when only "Tokayev" is an alias), and so is a
        fuzzy surname.  A lone fuzzy surname needs `MIN_SINGLE_TOKEN` letters, the same
        first letter and a name-like ending, so ordinary capitalised words stay out.
        """
        index = self._people_index(ids)
        if not self._may_name_people(text, index, threshold):
            return []
        return self._mentions(text, index, threshold)

    def find_people_in(
        self,
        text: str,
        spans: Sequence[tuple[int, int]],
        ids: Collection[str] | None = None,
        threshold: int = 85,
    ) -> list[list[EntityMention]]:
        """`find_people(text[start:end], ids, threshold)` for each span (offsets in the
        span's own text), looking for capitalised words near a surname once in the whole
        text instead of once per span.  Most sentences of an article name nobody."""
        index = self._people_index(ids)
        near = self._near_starts(text, index, threshold) if index.surnames else []
        lowered = _lowered(text, index)
        out: list[list[EntityMention]] = []
        for start, end in spans:
            part = text[start:end]
            if not _whole_words(text, start, end):
                may = self._may_name_people(part, index, threshold)
            else:
                i = bisect.bisect_left(near, start)
                may = i < len(near) and near[i] < end
                may = may or self._alias_in(part, index, lowered, start, end)
            out.append(self._mentions(part, index, threshold) if may else [])
        return out

    @staticmethod
    def _alias_in(
        part: str, index: _PeopleIndex, lowered: str | None, start: int, end: int
    ) -> bool:
        """Whether an alias of the index occurs in `part` (`text[start:end]`): in ASCII
        text, only where one of the aliases' keywords occurs in the lower-cased text is
        the alternation worth its scan."""
        if index.pattern is None:
            return False
        if lowered is not None and index.keywords is not None:
            return any(lowered.find(k, start, end) >= 0 for k in index.keywords) and (
                index.pattern.search(part) is not None
            )
        return index.pattern.search(part) is not None

    def _near_starts(self, text: str, index: _PeopleIndex, threshold: int) -> list[int]:
        """Where the capitalised words near one of the index's surnames start."""
        near = self._near
        return [m.start() for m in _CAPITALISED.finditer(text) if near(m.group(), index, threshold)]

    def _near(self, word: str, index: _PeopleIndex, threshold: int) -> bool:
        """`_near_a_surname` for a capitalised word, remembered: a corpus repeats its
        vocabulary."""
        if not word[:1].isupper():
            return False
        memo = self._near_surname
        key = (word, id(index), threshold)
        near = memo.get(key)
        if near is None:
            if len(memo) > 200_000:
                memo.clear()
            near = memo[key] = self._near_a_surname(word, index, threshold)
        return near

    def _mentions(self, text: str, index: _PeopleIndex, threshold: int) -> list[EntityMention]:
        tokens = [_Token(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
        mentions = [self._widen(text, tokens, m) for m in self._exact_people(text, index)]
        taken = [(m.start, m.end) for m in mentions]
        for i, token in enumerate(tokens):
            if any(s < token.end and token.start < e for s, e in taken):
                continue
            found = self._fuzzy_person(text, tokens, i, index, threshold)
            if found is not None:
                mentions.append(found)
                taken.append((found.start, found.end))
        return sorted(mentions, key=lambda m: (m.start, m.end))

    def _may_name_people(self, text: str, index: _PeopleIndex, threshold: int) -> bool:
        """False when `find_people` cannot find anyone: no alias occurs and no capitalised
        word is near a surname.  Most sentences name nobody; this answers for them with
        one regex search and a memo of the words seen (a corpus repeats its vocabulary),
        instead of tokenizing them."""
        if self._alias_in(text, index, _lowered(text, index), 0, len(text)):
            return True
        if not index.surnames:
            return False
        return any(self._near(m.group(), index, threshold) for m in _CAPITALISED.finditer(text))

    def _near_a_surname(self, word: str, index: _PeopleIndex, threshold: int) -> bool:
        """What `_fuzzy_person` asks before anything else about a token."""
        if not _could_be_name(word) or self.country(word) is not None:
            return False
        best = process.extractOne(
            fold(word), index.surnames, scorer=fuzz.ratio, processor=None, score_cutoff=threshold
        )
        return best is not None

    def _people_index(self, ids: Collection[str] | None) -> _PeopleIndex:
        key = None if ids is None else frozenset(ids)
        index = self._people_cache.get(key)
        if index is None:
            people = [p for p in self._people.values() if key is None or p.id in key]
            aliases: dict[str, str] = {}
            for p in people:
                for form in (self._entities[p.id].name, *self._entities[p.id].aliases):
                    aliases.setdefault(_key(form), p.id)
            pattern = _alternation((f, "insensitive") for f in aliases)
            pairs = [(s, p.id) for p in people if self._entities[p.id].fuzzy for s in p.surnames]
            surnames, owners = tuple(s for s, _ in pairs), tuple(o for _, o in pairs)
            index = _PeopleIndex(pattern, aliases, surnames, owners, _keywords(aliases))
            self._people_cache[key] = index
        return index

    def _exact_people(self, text: str, index: _PeopleIndex) -> list[EntityMention]:
        if index.pattern is None:
            return []
        return [
            EntityMention(m.start(), m.end(), index.aliases[_key(m.group())], m.group(), True)
            for m in _matches(index.pattern, text)
        ]

    def _widen(self, text: str, tokens: list[_Token], mention: EntityMention) -> EntityMention:
        """Extend a bare exact surname over a preceding variant of the given name."""
        entity = self._entities[mention.entity]
        if len(mention.surface.split()) > 1 or not entity.fuzzy:
            return mention
        i = next((k for k, t in enumerate(tokens) if t.start == mention.start), None)
        if i is None:
            return mention
        start = self._given_start(text, tokens, i, self._people[mention.entity])
        if start is None:
            return mention
        surface = text[start : mention.end]
        return EntityMention(start, mention.end, mention.entity, surface, False)

    def _fuzzy_person(
        self, text: str, tokens: list[_Token], i: int, index: _PeopleIndex, threshold: int
    ) -> EntityMention | None:
        token = tokens[i]
        if not _could_be_name(token.text) or self.country(token.text) is not None:
            return None
        folded = fold(token.text)
        best = process.extractOne(
            folded, index.surnames, scorer=fuzz.ratio, processor=None, score_cutoff=threshold
        )
        if best is None:
            return None
        person = self._people[index.owners[best[2]]]
        start = self._given_start(text, tokens, i, person)
        if start is None:
            letters = sum(c.isalpha() for c in token.text)
            if letters < MIN_SINGLE_TOKEN or folded[:1] != best[0][:1] or _englishy(token.text):
                return None
            start = token.start
        return EntityMention(start, token.end, person.id, text[start : token.end], False)

    def _given_start(self, text: str, tokens: list[_Token], i: int, person: _Person) -> int | None:
        """Start of the given name right before token `i`, if it matches `person`'s."""
        for k in (1, 2):
            if i - k < 0 or not all(
                _adjacent(text, tokens[j], tokens[j + 1]) for j in range(i - k, i)
            ):
                return None
            words = [t.text for t in tokens[i - k : i]]
            if not all(w[0].isupper() for w in words):
                return None
            candidate = fold(" ".join(words))
            for given in person.given:
                if candidate.count(" ") != given.count(" "):
                    continue
                if fuzz.ratio(candidate, given, processor=None) >= GIVEN_NAME_THRESHOLD:
                    return tokens[i - k].start
        return None


def _keywords(aliases: Iterable[str]) -> tuple[str, ...] | None:
    """The longest run of letters and digits of each alias, lower-cased: a match of the
    alias in ASCII text holds it, since `re` matches ASCII letters case-blind exactly as
    `lower` folds them.  None when an alias is not ASCII or has no such run."""
    keywords: set[str] = set()
    for alias in aliases:
        runs = re.findall(r"[a-z0-9]+", alias.lower())
        if not alias.isascii() or not runs:
            return None
        keywords.add(max(runs, key=len))
    return tuple(sorted(keywords))


def _lowered(text: str, index: _PeopleIndex) -> str | None:
    """The text lower-cased when the index's keywords can screen it (see `_keywords`)."""
    return text.lower() if index.keywords is not None and text.isascii() else None


_TOKEN_CHARS = re.compile(r"[\w\-‐‑]")


def _whole_words(text: str, start: int, end: int) -> bool:
    """Whether `text[start:end]` neither begins nor ends inside a `_TOKEN`: then the
    tokens of the part are exactly the tokens of the whole that start in it."""
    before = start == 0 or _TOKEN_CHARS.match(text, start - 1) is None
    return before and (end >= len(text) or _TOKEN_CHARS.match(text, end) is None)


def _adjacent(text: str, left: _Token, right: _Token) -> bool:
    gap = text[left.end : right.start]
    return 0 < len(gap) <= 2 and gap.isspace() and "\n" not in gap


def _could_be_name(word: str) -> bool:
    return word[:1].isupper() and word.casefold() not in _NOT_NAMES


def _englishy(word: str) -> bool:
    return word.casefold().endswith(_ENGLISH_ENDINGS)


# --- country table --------------------------------------------------------------------


def _country_table(
    rule_aliases: Mapping[str, Sequence[str]],
) -> tuple[dict[str, str], list[str]]:
    """(normalised surface -> canonical name, every surface form).

    The canonical name of a pycountry country is the key of the first alias group
    (rule groups before the built-in ones) sharing a name with it, else its common
    name, else its name.  A rule group matching no pycountry country (e.g. Kosovo) is a
    country of its own.
    """
    groups = [(k, [k, *v]) for k, v in rule_aliases.items()]
    groups += [(k, [k, *v]) for k, v in BUILTIN_COUNTRY_ALIASES.items()]
    of: dict[str, str] = {}
    used: set[int] = set()
    for country in pycountry.countries:
        names = _pycountry_names(country)
        keys = {_key(n) for n in names}
        matching = [i for i, (_, g) in enumerate(groups) if keys & {_key(n) for n in g}]
        canonical = groups[matching[0]][0] if matching else names[0]
        for i in matching:
            names += groups[i][1]
            used.add(i)
        for name in names:
            of.setdefault(_key(name), canonical)
    for i, (canonical, group) in enumerate(groups):
        if i not in used and i < len(rule_aliases):
            for name in group:
                of.setdefault(_key(name), canonical)
    surfaces = {name for _, group in groups for name in group}
    surfaces.update(n for c in pycountry.countries for n in _pycountry_names(c))
    return of, sorted(s for s in surfaces if _key(s) in of)


def _pycountry_names(country: object) -> list[str]:
    """Common name first (it is the canonical one when there is no alias group)."""
    names = [getattr(country, a, None) for a in ("common_name", "name", "official_name")]
    return [n for n in names if isinstance(n, str) and n]
