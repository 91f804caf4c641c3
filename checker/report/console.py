"""The console report: findings for an editor reading a terminal.

Article text is untrusted input: a sentence may contain "[bold]" or "[link=…]".  Every
piece of corpus text therefore goes into a `rich.text.Text` (which never parses markup)
and nothing from a run is ever formatted into a markup string.  Rendering goes to an
in-memory console so the reporter returns a string like every other reporter, coloured
only when asked to and never when NO_COLOR is set.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import partial
from io import StringIO
from itertools import groupby, pairwise

from rich import box
from rich._wrap import divide_line
from rich.cells import cell_len, set_cell_size
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.padding import Padding
from rich.rule import Rule
from rich.segment import Segment
from rich.style import Style
from rich.table import Column, Table
from rich.text import Text

from checker.claimseq import value_keys
from checker.model import ArticleInfo, Claim, Diagnostic, FactInfo, Finding, Level, RunResult
from checker.report.base import (
    ReportOptions,
    excerpt,
    sorted_claims,
    sorted_findings,
    summarize,
    summary_line,
)

LEVEL_STYLE: Mapping[Level, str] = {
    Level.ERROR: "bold red",
    Level.WARNING: "yellow",
    Level.NOTE: "blue",
}
VALUE_STYLE = "bold underline"
NO_FINDINGS = "No discrepancies found."


def make_console(options: ReportOptions) -> tuple[Console, StringIO]:
    """An off-screen console: ANSI only when colour is wanted, fixed width, no markup,
    emoji codes or number highlighting applied behind our back."""
    buffer = StringIO()
    color = options.color and not os.environ.get("NO_COLOR", "")
    console = Console(
        file=buffer,
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        width=options.width,
        markup=False,
        emoji=False,
        highlight=False,
    )
    return console, buffer


# --- a faster table of Text cells -----------------------------------------------------

Line = list[Segment]


class TextTable(Table):
    """A `rich.table.Table` that renders cells which are plain `Text` without rich's
    per-cell machinery, to the same text and styles.

    Rich renders each cell through a `Padding`, two nested `Console.render_lines` and a
    fresh `ConsoleOptions`, then re-measures every line; a report's tables hold
    thousands of cells and spent most of the report's time there.  Here a body cell that
    fits on one line is padded directly, one without spans is wrapped as `Paragraph`
    wraps prose, one with spans by rich's own `Text.wrap`, and each output line goes out
    as few segments.  Headers, other renderables, styled
    cells and layouts `_simple` does not accept go through rich as before, so the output
    never differs from a `Table`'s (tests/report compare the two).
    """

    def _simple(self) -> bool:
        """The layouts `_render` reproduces; anything else is rendered by rich."""
        top, _, bottom, _ = self.padding
        return (
            self.box is not None
            and self.show_header
            and not (self.show_edge or self.show_footer or self.show_lines or self.leading)
            and not (self.collapse_padding or top or bottom)
        )

    def _measure_column(
        self, console: Console, options: ConsoleOptions, column: Column
    ) -> Measurement:
        """As `Table._measure_column`, without wrapping each cell in a `Padding` first."""
        if column.width is not None or not self._simple() or options.max_width < 1:
            return super()._measure_column(console, options, column)
        left, right = self._pads(column._index)
        header = Measurement.get(console, options, Padding(column.header, (0, right, 0, left)))
        lows, highs = [header.minimum], [header.maximum]
        for cell in column.cells:
            low, high = _padded_measure(console, options, cell, left + right)
            lows.append(low)
            highs.append(high)
        measured = Measurement(max(lows), max(highs)).with_maximum(options.max_width)
        return measured.clamp(
            None if column.min_width is None else column.min_width + left + right,
            None if column.max_width is None else column.max_width + left + right,
        )

    def _render(self, console: Console, options: ConsoleOptions, widths: list[int]) -> RenderResult:
        """As `Table._render` for the `_simple` layouts: the header by rich, then the
        body rows, with a rule under the header and after each section."""
        if not self._simple():
            yield from super()._render(console, options, widths)
            return
        assert self.box is not None
        border = console.get_style(self.style or "") + console.get_style(self.border_style or "")
        boxed = self.box.substitute(options, safe=_pick(self.safe_box, console.safe_box))
        head = self._header_cells(console, options, widths)
        yield from _row_segments(head, _divider(boxed.head_vertical, border, Style.null()))
        yield Segment(boxed.get_row(widths, "head", edge=False), border)
        yield Segment.line()
        rule = Segment(boxed.get_row(widths, "row", edge=False), border)
        slots = [
            _Slot(column, width, *self._pads(column._index), console.get_style(column.style or ""))
            for column, width in zip(self.columns, widths, strict=True)
        ]
        for index, row in enumerate(self.rows):
            last = index == len(self.rows) - 1
            row_style = console.get_style(self.get_row_style(console, index))
            cells = _body_cells(console, options, slots, index, row_style)
            vertical = boxed.foot_vertical if last else boxed.mid_vertical
            yield from _row_segments(cells, _divider(vertical, border, row_style))
            if row.end_section and not last:
                yield rule
                yield Segment.line()

    def _pads(self, column_index: int) -> tuple[int, int]:
        """Left and right padding of a column's cells, as `Table._get_cells` pads them."""
        _, right, _, left = self.padding
        if not self.pad_edge:
            left = 0 if column_index == 0 else left
            right = 0 if column_index == len(self.columns) - 1 else right
        return left, right

    def _header_cells(
        self, console: Console, options: ConsoleOptions, widths: list[int]
    ) -> list[list[Line]]:
        """The header row, rendered by rich itself: once per table, so its cost is small."""
        base = console.get_style(self.header_style or "")
        lines: list[list[Line]] = []
        styles: list[Style] = []
        for column, width in zip(self.columns, widths, strict=True):
            style = base + console.get_style(column.header_style)
            left, right = self._pads(column._index)
            padded = Padding(column.header, (0, right, 0, left))
            lines.append(_rich_lines(console, options, padded, column, width, style))
            styles.append(style)
        return _shape(lines, widths, ["bottom"] * len(widths), styles)


@dataclass(frozen=True, slots=True)
class _Slot:
    """A body column as `TextTable._render` lays it out, looked up once per table
    rather than once per cell."""

    column: Column
    width: int
    left: int
    right: int
    style: Style


def _body_cells(
    console: Console, options: ConsoleOptions, slots: list[_Slot], index: int, row_style: Style
) -> list[list[Line]]:
    """One body row: each cell's lines, aligned and shaped to the row's height."""
    blank = console.get_style("none")
    lines: list[list[Line]] = []
    styles: list[Style] = []
    verticals: list[str] = []
    for slot in slots:
        cell = slot.column._cells[index]
        style = slot.style + row_style
        lines.append(_cell_lines(console, options, cell, slot, style, blank))
        styles.append(style)
        verticals.append(getattr(cell, "vertical", None) or slot.column.vertical)
    return _shape(lines, [slot.width for slot in slots], verticals, styles)


def _pick(first: bool | None, fallback: bool) -> bool:
    """rich's `pick_bool` for two values: the first one that is set."""
    return fallback if first is None else first


def _divider(vertical: str, border: Style, row_style: Style) -> Segment:
    """The column separator; a blank one takes the row's background, as rich draws it."""
    if vertical.strip():
        return Segment(vertical, border)
    return Segment(vertical, row_style.background_style + border)


def _row_segments(cells: list[list[Line]], divider: Segment) -> Iterator[Segment]:
    """A row's lines, cells left to right with the divider between them."""
    new_line = Segment.line()
    for line_no in range(len(cells[0])):
        parts = list(cells[0][line_no])
        for cell in cells[1:]:
            parts.append(divider)
            parts += cell[line_no]
        yield from _joined(parts)
        yield new_line


def _joined(segments: list[Segment]) -> Iterator[Segment]:
    """Runs of unstyled printable-ASCII segments as one: every segment costs rich time,
    and these print the same joined (a style-less segment is written as its bare text,
    colour or not), even where a console too narrow for the table crops the line.
    Anything else stays a segment of its own, as rich cuts at segment boundaries."""
    plain: list[str] = []
    for segment in segments:
        if segment.style or segment.control or not _single_cells(segment.text):
            if plain:
                yield Segment("".join(plain))
                plain.clear()
            yield segment
        else:
            plain.append(segment.text)
    if plain:
        yield Segment("".join(plain))


def _single_cells(text: str) -> bool:
    """Printable ASCII: one cell per character, no line breaks, no tabs, nothing that
    rich measures or wraps differently from its length."""
    return text.isascii() and text.isprintable()


def _padded_measure(
    console: Console, options: ConsoleOptions, cell: RenderableType, extra: int
) -> tuple[int, int]:
    """`Measurement.get` of the cell inside a `Padding` of `extra` columns; printable
    ASCII Text is measured by its length and its longest word, as rich measures it."""
    max_width = options.max_width
    if max_width - extra < 1:
        low = high = max_width
    else:
        low, high = _measure(console, options, cell)
        low, high = min(low + extra, max_width), min(high + extra, max_width)
    low = min(max(0, low), high)
    return (0, 0) if high < 1 else (low, max(low, high))


def _measure(console: Console, options: ConsoleOptions, cell: RenderableType) -> tuple[int, int]:
    """`Measurement.get` of a cell, with the shortcut of `_padded_measure`."""
    if not isinstance(cell, Text) or not _single_cells(cell.plain):
        low, high = Measurement.get(console, options, cell)
        return low, high
    plain = cell.plain
    high = min(len(plain), options.max_width)
    low = min(max(map(len, plain.split()), default=len(plain)), high)
    return (0, 0) if high < 1 else (low, high)


def _rich_lines(
    console: Console,
    options: ConsoleOptions,
    cell: RenderableType,
    column: Column,
    width: int,
    style: Style,
) -> list[Line]:
    """A padded cell's lines exactly as `Table._render` asks rich for them."""
    cell_options = options.update(
        width=width,
        justify=column.justify,
        no_wrap=column.no_wrap,
        overflow=column.overflow,
        height=None,
        highlight=column.highlight,
    )
    return console.render_lines(cell, cell_options, style=style)


def _cell_lines(
    console: Console,
    options: ConsoleOptions,
    cell: RenderableType,
    slot: _Slot,
    style: Style,
    blank: Style,
) -> list[Line]:
    """A body cell's lines, padded to the slot's width: plain Text directly, the rest by
    rich.  `blank` is the style rich's `Padding` gives its spaces."""
    left, right = slot.left, slot.right
    inner = slot.width - left - right
    if style or inner < 1 or not _plain_text(cell):
        padded = Padding(cell, (0, right, 0, left))
        return _rich_lines(console, options, padded, slot.column, slot.width, style)
    assert isinstance(cell, Text)
    lines = _text_lines(console, cell, inner, slot.column, blank)
    if not (left or right):
        return lines
    before = [Segment(" " * left, blank)] if left else []
    after = [Segment(" " * right, blank)] if right else []
    return [before + line + after for line in lines]


def _plain_text(cell: RenderableType) -> bool:
    """A Text with no settings of its own, the only cells `_text_lines` renders."""
    return (
        isinstance(cell, Text)
        and not cell.style
        and cell.justify is None
        and cell.overflow is None
        and cell.no_wrap is None
        and cell.end == "\n"
    )


def _text_lines(
    console: Console, text: Text, width: int, column: Column, blank: Style
) -> list[Line]:
    """What `Console.render_lines` makes of `text` at `width`, justified as `column`.

    Printable ASCII without spans that fits is one line, padded on the side the column
    justifies to; other text without spans or tabs in a left-justified folding column is
    wrapped as `Paragraph` wraps it and padded; anything else is wrapped by rich's own
    `Text.wrap`.  Lines are then cropped or padded to `width` as `render_lines` does.
    """
    justify = column.justify or "default"
    overflow = column.overflow or "fold"
    plain = text.plain
    if not text.spans and len(plain) <= width and _single_cells(plain):
        if justify == "left":
            return [[Segment(plain + " " * (width - len(plain)))]]
        if justify == "right" and overflow != "ignore":
            plain = plain.rstrip()
            return [[Segment(" " * (width - len(plain)) + plain)]]
    if (justify, overflow) == ("left", "fold") and _unstyled_prose(text, column):
        pieces = [_left_cut(piece, width) for piece in _wrapped(plain, width)]
        return [_fitted([Segment(piece)], piece, width, blank) for piece in pieces]
    tab_size = console.tab_size if text.tab_size is None else text.tab_size
    lines = text.wrap(
        console,
        width,
        justify=justify,
        overflow=overflow,
        tab_size=tab_size or 8,
        no_wrap=column.no_wrap,
    )
    return [_fitted(list(line.render(console)), line.plain, width, blank) for line in lines]


def _unstyled_prose(text: Text, column: Column) -> bool:
    """No spans, no tabs, wrapped: what `_wrapped` and `_left_cut` render as `Text` does."""
    return not (text.spans or column.no_wrap or "\t" in text.plain)


def _fitted(segments: Line, plain: str, width: int, blank: Style) -> Line:
    """A wrapped line at exactly `width` cells; measured only when it may not be."""
    if len(plain) == width and _single_cells(plain):
        return segments
    return Segment.adjust_line_length(segments, width, style=blank)


def _shape(
    cells: list[list[Line]], widths: list[int], verticals: list[str], styles: list[Style]
) -> list[list[Line]]:
    """Cells aligned to the row's height, as `Table._render` shapes them; every line is
    already exactly its column's width."""
    height = max(len(lines) for lines in cells)
    if height == 0:
        return [[[Segment(" " * width)]] for width in widths]
    if all(len(lines) == height for lines in cells):
        return cells
    return [
        _align(lines, width, height, vertical, style)
        for lines, width, vertical, style in zip(cells, widths, verticals, styles, strict=True)
    ]


def _align(lines: list[Line], width: int, height: int, vertical: str, style: Style) -> list[Line]:
    """A cell's lines with blank ones added above or below, as `Table._render` aligns."""
    if vertical == "top":
        return Segment.align_top(lines, width, height, style)
    if vertical == "middle":
        return Segment.align_middle(lines, width, height, style)
    return Segment.align_bottom(lines, width, height, style)


# --- prose ----------------------------------------------------------------------------


class Paragraph(Text):
    """A Text of prose, such as an explanation listing thousands of articles, wrapped
    with string operations to exactly what `Text` renders.

    `Text.wrap` makes a `Text` of every line and every piece of a line, each copy
    scanned for control codes again; an archive's explanations are thousands of lines.
    Here the breaks come from rich's own `divide_line` and each line is cut as `Text`
    cuts it.  Spans, tabs and any justification or overflow but rich's defaults go
    through `Text` itself.
    """

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        if not self._prose(options):
            yield from super().__rich_console__(console, options)
            return
        style = None
        if self.style:
            get_style = partial(console.get_style, default=Style.null())
            style = Style.combine([get_style(""), get_style(self.style)])
        width = options.max_width
        for index, piece in enumerate(_wrapped(self.plain, width)):
            if index:
                yield Segment("\n")
            if piece := _cut(piece, width):
                yield Segment(piece, style)
        if self.end:
            yield Segment(self.end)

    def _prose(self, options: ConsoleOptions) -> bool:
        """Rendered here: no spans or tabs, wrapped and folded, not justified."""
        return (
            not self.spans
            and "\t" not in self.plain
            and (self.justify or options.justify or "default") == "default"
            and (self.overflow or options.overflow or "fold") == "fold"
            and not (options.no_wrap if self.no_wrap is None else self.no_wrap)
        )


def _wrapped(text: str, width: int) -> list[str]:
    """Text without tabs broken into lines of about `width` cells where `Text.wrap`
    breaks it (at newlines, then where rich's `divide_line` says), not yet cut."""
    pieces: list[str] = []
    for line in text.split("\n"):
        bounds = [0, *divide_line(line, width, fold=True), len(line)]
        pieces += [line[start:end] for start, end in pairwise(bounds)]
    return pieces


def _rstrip_end(piece: str, width: int) -> str:
    """`Text.rstrip_end`: trailing whitespace past `width` characters is dropped."""
    excess = len(piece) - width
    if excess <= 0:
        return piece
    trailing = len(piece) - len(piece.rstrip())
    return piece[: len(piece) - min(trailing, excess)]


def _cut(piece: str, width: int) -> str:
    """A wrapped piece as `Text.wrap` leaves it unjustified: `rstrip_end`, then
    `truncate` folding whatever is still too wide."""
    piece = _rstrip_end(piece, width)
    return set_cell_size(piece, width) if cell_len(piece) > width else piece


def _left_cut(piece: str, width: int) -> str:
    """A wrapped piece as `Text.wrap` leaves it left-justified: `rstrip_end`, then
    `truncate` with padding (which pads only what it did not crop)."""
    piece = _rstrip_end(piece, width)
    length = cell_len(piece)
    if length > width:
        return set_cell_size(piece, width)
    return piece + " " * (width - length)


# --- table cells, shared with the fact table ------------------------------------------


def date_text(claim: Claim) -> Text:
    """The day a claim is valid for, flagged when the article itself calls it superseded."""
    text = Text(claim.valid_at.isoformat() if claim.valid_at else "undated")
    if claim.earlier:
        text.append(" (earlier)", style="italic")
    return text


def value_text(claim: Claim, *, with_qualifier: bool = True) -> Text:
    """The normalised value, read as the article put it ("more than 4,500")."""
    shown = claim.value.display()
    if with_qualifier and claim.qualifier:
        shown = f"{claim.qualifier} {shown}"
    return Text(shown)


def quote_text(claim: Claim) -> Text:
    """The claim's sentence, cut around the value if long, with the value emphasised."""
    quote = excerpt(claim.evidence.sentence, claim.raw)
    text = Text(quote.text)
    if quote.span is not None:
        text.stylize(VALUE_STYLE, *quote.span)
    return text


def claims_table(
    claims: Iterable[Claim],
    articles: Mapping[str, ArticleInfo],
    *,
    qualifier_column: bool = False,
    section_by_value: bool = False,
    style: str = "",
) -> Table:
    """Claims side by side, one row each, so differing values are seen at a glance.

    With `section_by_value` (claims sorted by value) a rule separates each run of equal
    values, so agreeing sources form one visual block.
    """
    table = TextTable(
        box=box.SIMPLE_HEAD, expand=True, show_edge=False, pad_edge=False, style=style
    )
    table.add_column("article", overflow="fold", max_width=28)
    table.add_column("outlet", overflow="fold", max_width=16)
    table.add_column("date", no_wrap=True)
    table.add_column("value", overflow="fold", max_width=32)
    if qualifier_column:
        table.add_column("qualifier", overflow="fold", max_width=14)
    table.add_column("line", justify="right", no_wrap=True)
    table.add_column("quote", ratio=1, min_width=24, overflow="fold")
    previous: str | None = None
    for claim in claims:
        key = claim.value.key()
        if section_by_value and previous is not None and key != previous:
            table.add_section()
        previous = key
        table.add_row(*claim_cells(claim, articles, qualifier_column=qualifier_column))
    return table


def claim_cells(
    claim: Claim, articles: Mapping[str, ArticleInfo], *, qualifier_column: bool
) -> list[RenderableType]:
    """One table row; every cell is a Text so that no corpus text is read as markup."""
    article_id = claim.evidence.article_id
    info = articles.get(article_id)
    outlet = info.outlet if info is not None and info.outlet else ""
    cells: list[RenderableType] = [
        Text(article_id),
        Text(outlet),
        date_text(claim),
        value_text(claim, with_qualifier=not qualifier_column),
    ]
    if qualifier_column:
        cells.append(Text(claim.qualifier or ""))
    cells += [Text(str(claim.evidence.line)), quote_text(claim)]
    return cells


# --- findings -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _View:
    """What every block of one report needs to look up, built once per render."""

    articles: Mapping[str, ArticleInfo]
    facts: Mapping[str, FactInfo]
    options: ReportOptions

    @classmethod
    def of(cls, result: RunResult, options: ReportOptions, cited: set[str]) -> _View:
        """Only the `cited` articles are looked up: an archive has 100,000, a report
        without --verbose shows a few hundred."""
        return cls(
            articles={a.id: a for a in result.articles if a.id in cited},
            facts={f.id: f for f in result.facts},
            options=options,
        )


Shown = tuple[Finding, list[Claim], int]
"""A finding, the claims its table shows and how many more it has."""


def fact_heading(fact_id: str, info: FactInfo | None, fallback: str) -> Rule:
    """A rule across the screen naming the fact, so one fact's findings read as a section."""
    title = Text()
    title.append(fact_id, style="bold")
    title.append(" — ")
    title.append(info.message if info else fallback)
    return Rule(title, align="left", style="cyan")


def _finding_header(finding: Finding, view: _View) -> Text:
    """Level first and coloured, since it decides what the reader must act on."""
    level = finding.level
    text = Text()
    text.append(level.value.upper(), style=LEVEL_STYLE[level])
    text.append(f"  {finding.kind.value}", style="bold")
    if finding.event_id:
        text.append(f"  event: {finding.event_id}")
    if finding.subject:
        text.append(f"  subject: {finding.subject}")
    if finding.explained is not None:
        text.append("  explained" if finding.explained else "  unexplained")
    if finding.review:
        text.append(f"  review: {finding.review}")
    if not view.options.verbose:
        text.append(f"  {finding.fingerprint[:12]}", style="dim")
    return text


def _finding_block(shown: Shown, view: _View) -> Group:
    finding, claims, hidden = shown
    parts: list[RenderableType] = [_finding_header(finding, view)]
    if view.options.verbose:
        parts.append(Text(f"fingerprint: {finding.fingerprint}", style="dim"))
    parts.append(Paragraph(finding.message))
    if finding.explanation:
        parts.append(Paragraph(_short_lines(finding.explanation, view), style="italic"))
    parts.append(claims_table(claims, view.articles))
    if hidden:
        more = f"… and {hidden:,} more claims (all of them: --verbose, --format json or html)"
        parts.append(Text(more, style="dim"))
    parts.append(Text(""))
    return Group(*parts)


MAX_ROWS = 24
"""Claims shown per finding: an archive's finding may hold thousands, a terminal cannot."""
MAX_LINE = 400


def _shown_claims(finding: Finding, options: ReportOptions) -> Shown:
    """Every claim in verbose mode; else at most `MAX_ROWS`, taken from each value in
    turn so that every disagreeing value is shown."""
    if options.verbose or len(finding.claims) <= MAX_ROWS:
        return finding, sorted_claims(finding.claims), 0
    # A finding's claims already come in `Claim.sort_key` order (what `sorted_claims`
    # refines only among equal keys), so an archive's 100,000 claims are not sorted again.
    # Value keys, not claims: claims of an archive's reused finding stay packed, and
    # only the picked ones are built.
    picked = _round_robin(value_keys(finding.claims), MAX_ROWS)
    shown = sorted_claims(finding.claims[i] for i in picked)
    return finding, shown, len(finding.claims) - len(picked)


def _round_robin(keys: list[str], limit: int) -> list[int]:
    """Positions of up to `limit` claims: the first of each value (values in order of
    first appearance), then the second of each, and so on.

    The values come from `dict.fromkeys` and each next position from `list.index`, both
    in C: a finding of 40,000 claims needs only the first few positions of each value,
    and a Python loop over all of them cost more than the rest of its block.
    """
    last: dict[str, int] = dict.fromkeys(keys, -1)
    picked: list[int] = []
    values = list(last)
    while values and len(picked) < limit:
        remaining: list[str] = []
        for key in values:
            if len(picked) == limit:
                break
            if (at := _index(keys, key, last[key] + 1)) is not None:
                last[key] = at
                picked.append(at)
                remaining.append(key)
        values = remaining
    return picked


def _index(keys: list[str], key: str, start: int) -> int | None:
    """The next position of `key` in `keys` from `start` on, if there is one."""
    try:
        return keys.index(key, start)
    except ValueError:
        return None


def _short_lines(text: str, view: _View) -> str:
    """An explanation line listing thousands of articles, cut unless verbose.  Lines are
    sliced out one by one: an archive's explanations run to megabytes, and splitting
    them would copy all of it to keep a few hundred characters a line."""
    if view.options.verbose:
        return text
    lines: list[str] = []
    start = 0
    while (end := text.find("\n", start)) >= 0:
        lines.append(_short_line(text, start, end))
        start = end + 1
    lines.append(_short_line(text, start, len(text)))
    return "\n".join(lines)


def _short_line(text: str, start: int, end: int) -> str:
    """`text[start:end]`, cut to `MAX_LINE` characters with "…" if longer."""
    if end - start <= MAX_LINE:
        return text[start:end]
    return text[start : start + MAX_LINE - 1] + "…"


def _fact_details(info: FactInfo | None) -> Iterator[Text]:
    """Verbose mode: where the rule lives and what it means, for whoever tunes it."""
    if info is None:
        return
    if info.description:
        yield Text(info.description, style="dim")
    if info.origin:
        yield Text(f"rule: {info.origin}", style="dim")


def _active_blocks(findings: list[Shown], view: _View) -> Iterator[RenderableType]:
    for fact_id, group in groupby(findings, key=lambda shown: shown[0].fact_id):
        members = list(group)
        info = view.facts.get(fact_id)
        yield fact_heading(fact_id, info, members[0][0].message)
        if view.options.verbose:
            yield from _fact_details(info)
        for shown in members:
            yield _finding_block(shown, view)


def _suppressed_block(finding: Finding, view: _View) -> Group:
    """A dimmed entry: still visible, so a suppression can be questioned, but out of the way."""
    level, kind = finding.level.value.upper(), finding.kind.value
    head = Text(f"{level}  {kind}  {finding.fact_id}  ", style="dim")
    head.append(finding.message)
    reason = Text(f"  suppressed by: {finding.suppressed_by}", style="dim")
    reason.append(f"; review: {finding.review or 'none'}; articles: {', '.join(finding.articles)}")
    parts: list[RenderableType] = [head, reason]
    if view.options.verbose:
        parts.append(claims_table(sorted_claims(finding.claims), view.articles, style="dim"))
    return Group(*parts)


def _suppressed_blocks(findings: list[Finding], view: _View) -> Iterator[RenderableType]:
    if not findings:
        return
    yield Rule(Text(f"suppressed ({len(findings)})"), align="left", style="dim")
    for finding in findings:
        yield _suppressed_block(finding, view)


def diagnostic_line(diagnostic: Diagnostic) -> Text:
    """Input problems are context, not findings: one dim line each."""
    return Text(f"{diagnostic.level.value}: {diagnostic.render()}", style="dim")


def _cited(active: list[Shown], suppressed: list[Finding], options: ReportOptions) -> set[str]:
    """The articles whose claims the report's tables show."""
    cited = {c.evidence.article_id for _, claims, _ in active for c in claims}
    if options.verbose:
        cited.update(c.evidence.article_id for f in suppressed for c in f.claims)
    return cited


def report_blocks(result: RunResult, options: ReportOptions) -> Iterator[RenderableType]:
    """Everything the console shows, top to bottom: findings, suppressed, diagnostics, totals."""
    ordered = sorted_findings(result.findings)
    active = [_shown_claims(f, options) for f in ordered if f.suppressed_by is None]
    suppressed = [f for f in ordered if f.suppressed_by is not None]
    view = _View.of(result, options, _cited(active, suppressed, options))
    if active:
        yield from _active_blocks(active, view)
    else:
        yield Text(NO_FINDINGS, style="green")
    yield from _suppressed_blocks(suppressed, view)
    if result.diagnostics:
        yield Text("")
    for diagnostic in result.diagnostics:
        yield diagnostic_line(diagnostic)
    yield Text("")
    yield Text(summary_line(summarize(result)), style="bold")


class ConsoleReporter:
    """`--format console`, the default: human-readable, optionally coloured."""

    name: str = "console"
    extension: str = ".txt"

    def render(self, result: RunResult, options: ReportOptions) -> str:
        console, buffer = make_console(options)
        for block in report_blocks(result, options):
            console.print(block)
        return buffer.getvalue()
