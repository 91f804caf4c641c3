"""`TextTable` and `Paragraph`: rich's `Table` and `Text` for the console report's
claim tables and prose, rendered to the same text and styles without rich's per-cell
machinery.

A report of an archive's findings draws thousands of table cells and explanations of
thousands of lines; rich's generic path (a `Padding`, nested `render_lines` and fresh
options per cell, a `Text` per wrapped piece) was most of its time.  These classes take
the common cases (plain text cells, unstyled prose) themselves and hand everything
else to rich.  They use rich internals (`Table._render`, `Table._measure_column`,
`Column._cells`, `rich._wrap.divide_line`), so pyproject.toml pins rich's major
version, and tests/report/test_text_table.py renders every case both ways.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from itertools import pairwise

from rich._wrap import divide_line
from rich.cells import cell_len, set_cell_size
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.measure import Measurement
from rich.padding import Padding
from rich.segment import Segment
from rich.style import Style
from rich.table import Column, Table
from rich.text import Text

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
