"""Timeline charts for the HTML report: claims on a date axis against the rule timeline.

A membership list, an office holder or a death toll can change; whether two sources
disagree or merely speak of different days is easiest to judge when each claim is a
point at its date, one lane per value, under the reference timeline the rule gives.
The geometry is computed here and drawn as inline SVG by the template, so the page
needs no charting library and the same run always gives the same picture.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from checker.model import ArticleInfo, Claim, EntitySet, EventInfo, FactInfo, TimelinePeriod
from checker.report.base import value_order

WIDTH = 960
LABEL_WIDTH = 236  # room for lane labels left of the plot
RIGHT = 28
TOP = 14
BAND = 30  # height of the rule-timeline band
LANE = 34
AXIS = 34  # room for tick labels below the lanes
CHAR = 6.6  # average width of a 12px label character, to decide what fits
MAX_TICKS = 9
LABEL_CHARS = 32


@dataclass(frozen=True, slots=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True, slots=True)
class Lane:
    y: float
    label: str
    title: str
    expected: tuple[tuple[float, float], ...]  # x spans where the timeline expects this value


@dataclass(frozen=True, slots=True)
class Point:
    x: float
    y: float
    count: int
    status: str  # match | mismatch | neutral
    earlier: bool
    title: str


@dataclass(frozen=True, slots=True)
class Bar:
    x: float
    width: float
    label: str  # empty when it does not fit; the title always has it
    title: str
    shade: int


@dataclass(frozen=True, slots=True)
class Chart:
    """Everything the template draws for one fact (and event)."""

    fact_id: str
    message: str
    event_id: str | None
    event_name: str | None
    width: int
    height: float
    band_height: float
    plot_left: float
    plot_right: float
    band_y: float | None
    lanes_top: float
    lanes_bottom: float
    ticks: tuple[Tick, ...]
    lanes: tuple[Lane, ...]
    points: tuple[Point, ...]
    bars: tuple[Bar, ...]
    window: tuple[float, float] | None
    undated: int
    legend_timeline: bool


# --- the date axis ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Axis:
    low: date
    high: date
    left: float
    right: float

    def x(self, day: date) -> float:
        span = max((self.high - self.low).days, 1)
        return round(self.left + (day - self.low).days / span * (self.right - self.left), 1)

    def clip(self, day: date) -> date:
        return min(max(day, self.low), self.high)


def make_axis(days: Sequence[date]) -> Axis:
    """An axis around `days` with a margin, so points never sit on the plot's edge."""
    low, high = min(days), max(days)
    pad = timedelta(days=max((high - low).days // 16, 20))
    return Axis(low - pad, high + pad, LABEL_WIDTH, WIDTH - RIGHT)


def _month_start(day: date, step: int) -> date:
    month = (day.month - 1) // step * step + 1
    return date(day.year, month, 1)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def ticks(axis: Axis) -> tuple[Tick, ...]:
    """Years, months or days, whichever gives at most ten ticks that do not overlap."""
    span = (axis.high - axis.low).days
    if span > 3 * 365:
        step = max(1, -(-(axis.high.year - axis.low.year) // MAX_TICKS))
        years = range(axis.low.year + 1, axis.high.year + 1)
        days = [date(y, 1, 1) for y in years if y % step == 0]
        return tuple(Tick(axis.x(d), str(d.year)) for d in days)
    if span > 90:
        step = next(s for s in (1, 2, 3, 6, 12) if span / 30 / s <= MAX_TICKS)
        day = _add_months(_month_start(axis.low, step), step)
        out = []
        while day <= axis.high:
            out.append(Tick(axis.x(day), day.strftime("%b %Y")))
            day = _add_months(day, step)
        return tuple(out)
    step = max(1, -(-span // MAX_TICKS))
    days = [axis.low + timedelta(days=n) for n in range(step, span, step)]
    return tuple(
        Tick(axis.x(d), _day_label(d, i == 0 or d.year != days[i - 1].year))
        for i, d in enumerate(days)
    )


def _day_label(day: date, with_year: bool) -> str:
    """'6 Jan', with the year on the first tick and where it changes."""
    label = f"{day.day} {day.strftime('%b')}"
    return f"{label} {day.year}" if with_year else label


# --- lanes and points ------------------------------------------------------------------


def shown_value(claim: Claim) -> str:
    """The value as the article put it ("more than 4,500")."""
    shown = claim.value.display()
    return f"{claim.qualifier} {shown}" if claim.qualifier else shown


def _short(text: str, limit: int = LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def period_at(periods: Sequence[TimelinePeriod], day: date) -> TimelinePeriod | None:
    """The last period that holds `day` (terms may overlap at a hand-over)."""
    holding = [p for p in periods if p.start <= day and (p.end is None or day <= p.end)]
    return holding[-1] if holding else None


def claim_status(claim: Claim, periods: Sequence[TimelinePeriod]) -> str:
    """Whether the rule timeline agrees with the claim at the claim's own date."""
    if not periods or claim.valid_at is None:
        return "neutral"
    period = period_at(periods, claim.valid_at)
    if period is None:
        return "neutral"
    return "match" if claim.value.key() in period.keys else "mismatch"


def _point_title(claims: Sequence[Claim], articles: Mapping[str, ArticleInfo]) -> str:
    lines = []
    for c in claims:
        info = articles.get(c.evidence.article_id)
        outlet = f" ({info.outlet})" if info is not None and info.outlet else ""
        when = c.valid_at.isoformat() if c.valid_at else "undated"
        earlier = ", an earlier figure" if c.earlier else ""
        lines.append(f"{c.evidence.article_id}{outlet}, {when}{earlier}: {shown_value(c)}")
        lines.append(f"“{' '.join(c.evidence.sentence.split())}”")
    return "\n".join(lines)


def _points(
    claims: Sequence[Claim],
    lane_y: dict[str, float],
    axis: Axis,
    fact: FactInfo,
    articles: Mapping[str, ArticleInfo],
) -> tuple[Point, ...]:
    """One point per (value, day, earlier): sources that agree on a day share a point."""
    spots: dict[tuple[str, date, bool], list[Claim]] = defaultdict(list)
    for c in claims:
        if c.valid_at is not None:
            spots[(c.value.key(), c.valid_at, c.earlier)].append(c)
    points = []
    for (key, day, earlier), members in sorted(spots.items()):
        status = claim_status(members[0], fact.timeline)
        title = _point_title(members, articles)
        points.append(Point(axis.x(day), lane_y[key], len(members), status, earlier, title))
    return tuple(points)


def _lanes(
    values: Sequence[tuple[str, str, str]],
    top: float,
    axis: Axis,
    periods: Sequence[TimelinePeriod],
) -> tuple[Lane, ...]:
    lanes = []
    for index, (key, label, title) in enumerate(values):
        spans = tuple(
            (axis.x(axis.clip(p.start)), axis.x(axis.clip(p.end or axis.high)))
            for p in periods
            if key in p.keys and _visible(p, axis)
        )
        y = round(top + LANE * index + LANE / 2, 1)
        lanes.append(Lane(y, _short(label), title, spans))
    return tuple(lanes)


# --- the rule timeline -----------------------------------------------------------------


def _visible(period: TimelinePeriod, axis: Axis) -> bool:
    return period.start <= axis.high and (period.end is None or period.end >= axis.low)


def _bars(periods: Sequence[TimelinePeriod], axis: Axis, by_note: bool) -> tuple[Bar, ...]:
    """The periods inside the axis.  With `by_note` a bar is named by the change that
    started it ("Uzbekistan suspended its membership"): a member list does not fit."""
    bars = []
    for index, period in enumerate(periods):
        if not _visible(period, axis):
            continue
        x1 = axis.x(axis.clip(period.start))
        x2 = axis.x(axis.clip(period.end or axis.high))
        end = period.end.isoformat() if period.end else "today"
        note = f" — {period.note}" if period.note else ""
        title = f"{period.start.isoformat()} to {end}: {period.label}{note}"
        fits = int((x2 - x1 - 10) / CHAR)
        text = period.note if by_note and period.note else period.label
        label = _short(text, fits) if fits >= 6 else ""
        bars.append(Bar(x1, round(x2 - x1, 1), label, title, index % 2))
    return tuple(bars)


# --- one chart -------------------------------------------------------------------------


def _values(claims: Iterable[Claim]) -> list[tuple[str, str, str]]:
    """(key, label, full text) of each distinct value, in natural value order."""
    first: dict[str, Claim] = {}
    for c in sorted(claims, key=lambda c: (value_order(c.value), c.sort_key())):
        first.setdefault(c.value.key(), c)
    sets = [c.value.members for c in first.values() if isinstance(c.value, EntitySet)]
    common = frozenset.intersection(*sets) if len(sets) > 1 else None
    return [(key, _lane_label(c, common), shown_value(c)) for key, c in first.items()]


def _lane_label(claim: Claim, common: frozenset[str] | None) -> str:
    """A member list by what sets it apart ("7 members incl. Uzbekistan"): lists of six
    or seven countries cut to one label width would all read the same."""
    value = claim.value
    if common is None or not isinstance(value, EntitySet):
        return shown_value(claim)
    extra = sorted(value.members - common)
    label = f"{len(value.members)} members"
    return f"{label} incl. {', '.join(extra)}" if extra else label


def chart(
    fact: FactInfo,
    event: EventInfo | None,
    claims: Sequence[Claim],
    articles: Mapping[str, ArticleInfo],
) -> Chart | None:
    """The chart of one fact's claims about one event; None when no claim has a date."""
    days = [c.valid_at for c in claims if c.valid_at is not None]
    if not days:
        return None
    if event is not None:
        days += [event.start, event.end]
    axis = make_axis(days)
    band_y = float(TOP) if fact.timeline else None
    lanes_top = TOP + (BAND + 10 if fact.timeline else 0)
    values = _values(claims)
    lanes = _lanes(values, lanes_top, axis, fact.timeline)
    lane_y = {key: lane.y for (key, _, _), lane in zip(values, lanes, strict=True)}
    lanes_bottom = lanes_top + LANE * len(values)
    window = (axis.x(event.start), axis.x(event.end)) if event is not None else None
    return Chart(
        fact_id=fact.id,
        message=fact.message,
        event_id=event.id if event else None,
        event_name=event.name if event else None,
        width=WIDTH,
        height=lanes_bottom + AXIS,
        band_height=BAND,
        plot_left=axis.left,
        plot_right=axis.right,
        band_y=band_y,
        lanes_top=lanes_top,
        lanes_bottom=lanes_bottom,
        ticks=ticks(axis),
        lanes=lanes,
        points=_points(claims, lane_y, axis, fact, articles),
        bars=_bars(fact.timeline, axis, fact.kind == "membership"),
        window=window,
        undated=sum(1 for c in claims if c.valid_at is None),
        legend_timeline=bool(fact.timeline),
    )
