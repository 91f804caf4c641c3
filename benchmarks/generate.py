"""A deterministic corpus generator for the benchmarks: N plausible news articles.

Articles are made of the seed and development articles' own sentences, recombined: the
sentences that carry claims (tolls, troop numbers, dates, office holders, lists of
members, mission scope, names) with their figures replaced by what was true on the
article's publication day, sentences of the same sources without claims, and filler
paragraphs written from templates (reactions, context, "could not be verified").  Each
article gets an outlet, a publication date, a url and a title, recorded in `corpus.yaml`.

A fraction of the articles (`--planted`, 2 % by default) states a different death toll
than the other articles of its day: planted contradictions that `factcheck check` must
report.  Their ids are listed in `generated.json` beside the corpus, with the seed.

Article i depends only on (seed, i), never on N, so the first 1,000 articles of a
100,000-article corpus are the 1,000-article corpus, and `--add` appends article N as the
"one new article" of a warm re-check.

    python benchmarks/generate.py OUT -n 10000 [--seed 1] [--planted 0.02]
    python benchmarks/generate.py OUT --add        # one more article, manifest appended
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from checker.corpus import load_corpus
from checker.extract.article import extract_article
from checker.model import Claim
from checker.pipeline import compile_rules, year_hint
from checker.text import split_document

ROOT = Path(__file__).resolve().parent.parent
SOURCES = (ROOT / "seeds", ROOT / "tests" / "data" / "dev" / "articles")
RULES = ROOT / "rules"
STATE = "generated.json"
MANIFEST = "corpus.yaml"

EVENT_2011 = "zhanaozen-2011"
EVENT_2022 = "kazakhstan-unrest-2022"
GLOBAL = "csto"
TOPICS = (EVENT_2022, EVENT_2011, GLOBAL)
TOPIC_WEIGHTS = (0.6, 0.25, 0.15)

MIN_BYTES = 1000
MAX_BYTES = 5000

# --- what was true when -------------------------------------------------------------
# (first day, value): a figure holds from its day until the next one.  Articles state
# the figure of their publication day, so only planted ones disagree on a day.

TRUTH: dict[tuple[str, str], tuple[tuple[date, int], ...]] = {
    ("casualties.deaths", EVENT_2022): (
        (date(2022, 1, 1), 26),
        (date(2022, 1, 9), 164),
        (date(2022, 1, 15), 225),
    ),
    ("casualties.deaths", EVENT_2011): (
        (date(2011, 12, 16), 10),
        (date(2011, 12, 17), 11),
        (date(2011, 12, 18), 14),
        (date(2012, 1, 10), 16),
    ),
    ("casualties.injured", EVENT_2022): (
        (date(2022, 1, 1), 1000),
        (date(2022, 1, 9), 2200),
        (date(2022, 1, 15), 4353),
    ),
    ("casualties.injured", EVENT_2011): (
        (date(2011, 12, 16), 86),
        (date(2012, 1, 10), 100),
    ),
    ("peacekeepers.approved", EVENT_2022): ((date(2022, 1, 1), 2500),),
    ("peacekeepers.deployed", EVENT_2022): ((date(2022, 1, 1), 2030),),
}


def truth(fact: str, event: str, day: date) -> int | None:
    """The figure that held on `day`, or None when the generator keeps the original."""
    steps = TRUTH.get((fact, event))
    if not steps:
        return None
    value = steps[0][1]
    for start, figure in steps:
        if start <= day:
            value = figure
    return value


# --- outlets, places, filler --------------------------------------------------------

OUTLETS = (
    ("TASS", "tass.com"),
    ("RIA Novosti", "ria.ru"),
    ("Interfax", "interfax.com"),
    ("Sputnik", "sputniknews.com"),
    ("Kazinform", "inform.kz"),
    ("Tengrinews", "tengrinews.kz"),
    ("Kursiv", "kursiv.media"),
    ("Vlast.kz", "vlast.kz"),
    ("24.kg", "24.kg"),
    ("AKIpress", "akipress.com"),
    ("Asia-Plus", "asiaplustj.info"),
    ("Trend News Agency", "trend.az"),
    ("news.az", "news.az"),
    ("Armenpress", "armenpress.am"),
    ("BelTA", "belta.by"),
    ("RFE/RL", "rferl.org"),
    ("Eurasianet", "eurasianet.org"),
    ("The Diplomat", "thediplomat.com"),
    ("Reuters", "reuters.com"),
    ("Associated Press", "apnews.com"),
    ("AFP", "afp.com"),
    ("Al Jazeera", "aljazeera.com"),
    ("BBC News", "bbc.com"),
    ("Deutsche Welle", "dw.com"),
    ("The Guardian", "theguardian.com"),
    ("Bloomberg", "bloomberg.com"),
    ("Kommersant", "kommersant.ru"),
    ("RBC", "rbc.ru"),
    ("Novaya Gazeta", "novayagazeta.ru"),
    ("Qazaq TV", "qazaqtv.com"),
)
CITIES_2022 = ("Almaty", "Nur-Sultan", "Aktobe", "Taraz", "Shymkent", "Taldykorgan", "Kyzylorda")
CITIES_2011 = ("Zhanaozen", "Aktau", "Shetpe", "Mangistau", "Atyrau", "Uralsk")
CITIES_CSTO = ("Moscow", "Minsk", "Yerevan", "Bishkek", "Dushanbe", "Astana")
SPEAKERS = (
    "A government spokesman",
    "An opposition activist",
    "A local resident",
    "A regional official",
    "A lawyer for several of the detained",
    "A spokeswoman for the foreign ministry",
    "An economist in the capital",
    "A human rights advocate",
    "A diplomat who asked not to be named",
)
FILLER = (
    "{speaker} said the situation in {city} remained tense but calm.",
    "{speaker}, speaking to reporters in {city}, said the authorities would review the"
    " handling of the crisis.",
    "The claims could not be independently verified.",
    "Internet access was restricted in several regions, which made it hard to check"
    " reports from {city}.",
    "Shops and banks in {city} reopened on {weekday}, and public transport resumed"
    " a limited service.",
    "{speaker} told {outlet} that many families were still waiting for news of relatives.",
    "The ministry did not respond to a request for comment.",
    "Analysts said the events would weigh on the country's politics for months.",
    "Queues formed outside supermarkets in {city} as residents stocked up on food.",
    "Flights to and from {city} were suspended for several days.",
    "{speaker} called for an independent investigation.",
    "Several newspapers in the region carried the story on their front pages.",
    "The government promised to cap fuel prices for six months.",
    "Residents of {city} described scenes of confusion in the streets.",
    "The prosecutor's office said investigations were under way.",
    "Opposition groups abroad called for talks with the authorities.",
    "Foreign ministers of neighbouring countries discussed the situation by phone.",
    "{speaker} said the economy would need time to recover.",
    "Television channels showed burned-out cars and damaged buildings in {city}.",
    "The national bank closed the currency market for a week.",
    "Workers in {city} returned to their jobs after the holidays.",
    "{outlet} correspondents in {city} reported long lines at checkpoints.",
    "Officials declined to give details of the operation.",
    "{speaker} said that the talks would continue next week.",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
TITLES = {
    EVENT_2022: (
        "Kazakhstan unrest: what we know",
        "Calm returns to {city} after days of unrest",
        "CSTO troops in Kazakhstan: the latest",
        "Kazakhstan counts the cost of January violence",
        "Authorities in {city} lift curfew as protests subside",
        "Fuel prices, protests and a foreign mission: Kazakhstan's crisis explained",
        "Kazakhstan's president addresses the nation",
        "Peacekeepers begin to leave {city}",
    ),
    EVENT_2011: (
        "Zhanaozen: the strike that ended in bloodshed",
        "Oil town of {city} under curfew",
        "Kazakhstan investigates deaths in {city}",
        "Zhanaozen anniversary: families still seek answers",
        "Striking oil workers and the police: what happened in {city}",
    ),
    GLOBAL: (
        "CSTO: who is in the alliance and who leads it",
        "Collective security summit opens in {city}",
        "CSTO leaders meet in {city}",
        "The CSTO at thirty",
        "Alliance ministers gather in {city}",
    ),
}


# --- the sentence pool --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Figure:
    """A number inside a sentence that states a claim, replaced by the day's figure."""

    start: int
    end: int
    fact: str
    event: str


@dataclass(frozen=True, slots=True)
class Template:
    text: str
    figures: tuple[Figure, ...] = ()
    deaths: bool = False  # holds a current death toll: a planted contradiction can go here


@dataclass
class Pool:
    """Sentences by topic: those that state claims and those that only give context."""

    claims: dict[str, list[Template]] = field(default_factory=dict)
    context: dict[str, list[str]] = field(default_factory=dict)


_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+$|^\d+$")


def build_pool() -> Pool:
    """Read the seed and development articles and sort their sentences by topic.

    The shipped extractor decides which sentences state claims, so the generated
    articles carry claims of every fact kind in the phrasings of real newsrooms.
    """
    rules = compile_rules([RULES])
    pool = Pool({t: [] for t in TOPICS}, {t: [] for t in TOPICS})
    for source in SOURCES:
        for article in load_corpus([source], year_hint(rules)).articles:
            doc = split_document(article.text)
            by_sentence: dict[int, list[Claim]] = {}
            for claim in extract_article(article, rules):
                found = doc.sentence_at(claim.evidence.start - article.text_offset)
                if found is not None:
                    by_sentence.setdefault(found.index, []).append(claim)
            for sentence in doc.sentences:
                start = sentence.start + article.text_offset
                _add_sentence(pool, sentence.text, start, by_sentence.get(sentence.index, []))
    for topic in TOPICS:
        pool.claims[topic].sort(key=lambda t: t.text)
        pool.context[topic] = sorted(set(pool.context[topic]))
    return pool


def _add_sentence(pool: Pool, text: str, start: int, claims: list[Claim]) -> None:
    """File a sentence under its topic; `start` is its offset in the file."""
    if not 30 <= len(text) <= 420:
        return
    if not claims:
        if text[-1:] in '."”' and text[:1].isupper():
            pool.context[_context_topic(text)].append(text)
        return
    events = {c.event_id for c in claims}
    topic = EVENT_2011 if EVENT_2011 in events else EVENT_2022 if EVENT_2022 in events else GLOBAL
    figures = [_figure(c, start) for c in claims]
    found = tuple(sorted((f for f in figures if f is not None), key=lambda f: f.start))
    deaths = any(f.fact == "casualties.deaths" for f in found)
    pool.claims[topic].append(Template(text, found, deaths))


def _figure(claim: Claim, sentence_start: int) -> Figure | None:
    """The claim's number, if it is a plain figure the truth table knows."""
    event = claim.event_id or ""
    if claim.earlier or not _DIGITS.match(claim.raw) or (claim.fact_id, event) not in TRUTH:
        return None
    offset = claim.evidence.start - sentence_start
    return Figure(offset, offset + len(claim.raw), claim.fact_id, event)


def _context_topic(text: str) -> str:
    lowered = text.lower()
    if "zhanaozen" in lowered or "2011" in lowered or "mangistau" in lowered:
        return EVENT_2011
    if "csto" in lowered and "kazakhstan" not in lowered:
        return GLOBAL
    return EVENT_2022


# --- one article --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Generated:
    file: str
    text: str
    outlet: str
    published: date
    url: str
    title: str
    planted: bool


def publication_day(topic: str, rnd: random.Random) -> date:
    """Most articles follow the event closely; some look back months or years later."""
    if topic == EVENT_2022:
        if rnd.random() < 0.9:
            return date(2022, 1, 3) + timedelta(days=rnd.randint(0, 40))
        return date(2022, 3, 1) + timedelta(days=rnd.randint(0, 700))
    if topic == EVENT_2011:
        if rnd.random() < 0.85:
            return date(2011, 12, 17) + timedelta(days=rnd.randint(0, 45))
        year = rnd.randint(2012, 2021)
        return date(year, 12, 16) + timedelta(days=rnd.randint(-2, 3))
    return date(2019, 1, 1) + timedelta(days=rnd.randint(0, 5 * 365))


def _number(value: int, like: str) -> str:
    return f"{value:,}" if "," in like or value >= 10000 else str(value)


def fill(template: Template, day: date, planted_delta: int) -> str:
    """The template with each figure set to the day's value (plus the planted error)."""
    text = template.text
    for fig in reversed(template.figures):
        value = truth(fig.fact, fig.event, day)
        if value is None:
            continue
        if fig.fact == "casualties.deaths":
            value += planted_delta
        text = text[: fig.start] + _number(value, text[fig.start : fig.end]) + text[fig.end :]
    return text


def filler(rnd: random.Random, cities: Sequence[str], outlet: str) -> str:
    template = rnd.choice(FILLER)
    return template.format(
        speaker=rnd.choice(SPEAKERS),
        city=rnd.choice(cities),
        weekday=rnd.choice(WEEKDAYS),
        outlet=outlet,
    )


def _cities(topic: str) -> Sequence[str]:
    return {EVENT_2022: CITIES_2022, EVENT_2011: CITIES_2011}.get(topic, CITIES_CSTO)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60]


def _dateline(rnd: random.Random, day: date, city: str, outlet: str) -> str:
    if rnd.random() < 0.5:
        return ""
    return f"{city.upper()}, {day.strftime('%B')} {day.day}. /{outlet}/. "


def make_article(index: int, seed: int, pool: Pool, planted: float) -> Generated:
    """Article `index`: a function of (seed, index) only."""
    rnd = random.Random(f"factcheck-bench:{seed}:{index}")
    topic = rnd.choices(TOPICS, TOPIC_WEIGHTS)[0]
    day = publication_day(topic, rnd)
    outlet, domain = rnd.choice(OUTLETS)
    cities = _cities(topic)
    city = rnd.choice(cities)
    title = rnd.choice(TITLES[topic]).format(city=city)
    templates = rnd.sample(pool.claims[topic], k=min(len(pool.claims[topic]), rnd.randint(1, 4)))
    plant = topic != GLOBAL and rnd.random() < planted
    if plant and not any(t.deaths for t in templates):
        deaths = [t for t in pool.claims[topic] if t.deaths]
        templates[0] = rnd.choice(deaths)
    delta = rnd.choice((-7, 3, 5, 12, 40)) if plant else 0
    body = _body(rnd, topic, day, outlet, city, templates, delta)
    text = f"{title}\n\n{body}\n"
    file = f"{day:%Y/%m/%d}/{index:06d}-{_slug(outlet)}.txt"
    url = f"https://{domain}/{day:%Y/%m/%d}/{_slug(title)}-{index}"
    return Generated(file, text, outlet, day, url, title, plant)


def _body(
    rnd: random.Random,
    topic: str,
    day: date,
    outlet: str,
    city: str,
    templates: Sequence[Template],
    delta: int,
) -> str:
    """Claim paragraphs (each claim sentence with context after it), then filler, then
    more claims, until the article reaches its size (1-5 KB)."""
    target = rnd.randint(MIN_BYTES, MAX_BYTES - 600)
    cities = _cities(topic)
    used: set[str] = set()

    def other(context_share: float) -> str:
        """A claim-free sentence of the topic's sources or a filler one, not used before."""
        for _ in range(8):
            pick = (
                context(rnd, topic) if rnd.random() < context_share else filler(rnd, cities, outlet)
            )
            if pick not in used:
                break
        used.add(pick)
        return pick

    paragraphs: list[str] = []
    for i, template in enumerate(templates):
        claim = fill(template, day, delta if template.deaths else 0)
        if i == 0:
            claim = _dateline(rnd, day, city, outlet) + claim
        if claim[-1:] not in _TERMINAL:  # a headline or caption: a line of its own
            paragraphs.append(claim)
            claim = other(0.5)
        paragraphs.append(f"{claim} {other(0.5)}")
        paragraphs.append(" ".join(other(0.0) for _ in range(rnd.randint(1, 3))))
    size = sum(len(p) + 2 for p in paragraphs)
    while size < target:
        extra = " ".join(other(0.4) for _ in range(rnd.randint(2, 4)))
        paragraphs.insert(rnd.randint(1, len(paragraphs)), extra)
        size += len(extra) + 2
    return "\n\n".join(paragraphs)


_TERMINAL = (".", "!", "?", '"', "”", "'", "’", ")")
_POOL: Pool | None = None


def context(rnd: random.Random, topic: str) -> str:
    """A claim-free sentence of the topic's sources."""
    assert _POOL is not None
    return rnd.choice(_POOL.context[topic] or _POOL.context[EVENT_2022])


# --- the corpus ---------------------------------------------------------------------


def manifest_line(article: Generated) -> str:
    """One flow-style manifest entry; JSON strings are valid YAML double-quoted scalars."""
    return (
        f"  - {{file: {json.dumps(article.file)}, outlet: {json.dumps(article.outlet)},"
        f" published: {article.published.isoformat()}, url: {json.dumps(article.url)},"
        f" title: {json.dumps(article.title)}}}\n"
    )


def write_article(out: Path, article: Generated) -> None:
    path = out / article.file
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(article.text, encoding="utf-8")


def generate(out: Path, count: int, seed: int, planted: float) -> dict[str, object]:
    """Write `count` articles, `corpus.yaml` and `generated.json` under `out`."""
    pool = _load_pool()
    out.mkdir(parents=True, exist_ok=True)
    planted_ids: list[str] = []
    total = 0
    with (out / MANIFEST).open("w", encoding="utf-8") as manifest:
        manifest.write("# Generated by benchmarks/generate.py; see generated.json.\narticles:\n")
        for index in range(count):
            article = make_article(index, seed, pool, planted)
            write_article(out, article)
            manifest.write(manifest_line(article))
            total += len(article.text.encode("utf-8"))
            if article.planted:
                planted_ids.append(article.file)
    state: dict[str, object] = {
        "seed": seed,
        "count": count,
        "planted_fraction": planted,
        "bytes": total,
        "planted": planted_ids,
    }
    (out / STATE).write_text(json.dumps(state, indent=1) + "\n", encoding="utf-8")
    return state


def add_article(out: Path) -> str:
    """Append the next article (index = current count) to the corpus and its manifest."""
    state = json.loads((out / STATE).read_text(encoding="utf-8"))
    pool = _load_pool()
    index = int(state["count"])
    article = make_article(index, int(state["seed"]), pool, float(state["planted_fraction"]))
    write_article(out, article)
    with (out / MANIFEST).open("a", encoding="utf-8") as manifest:
        manifest.write(manifest_line(article))
    state["count"] = index + 1
    state["bytes"] = int(state["bytes"]) + len(article.text.encode("utf-8"))
    if article.planted:
        state["planted"].append(article.file)
    (out / STATE).write_text(json.dumps(state, indent=1) + "\n", encoding="utf-8")
    return article.file


def _load_pool() -> Pool:
    global _POOL
    if _POOL is None:
        _POOL = build_pool()
    return _POOL


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder to write the corpus into")
    parser.add_argument("-n", "--count", type=int, default=1000, help="number of articles")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--planted", type=float, default=0.02, help="fraction with a wrong toll")
    parser.add_argument("--add", action="store_true", help="append one article to OUT")
    args = parser.parse_args(argv)
    if args.add:
        print(add_article(args.out))
        return 0
    state = generate(args.out, args.count, args.seed, args.planted)
    planted = state["planted"]
    assert isinstance(planted, list)
    print(f"{args.count} articles, {state['bytes']:,} bytes, {len(planted)} planted contradictions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
