"""`TextTable` renders exactly what rich's `Table` renders, whatever the cells hold.

The console report draws its claim tables with `TextTable`, which skips rich's per-cell
machinery for speed; these tests render the same tables both ways, with and without
colour, at widths from far too narrow to wide, and compare the text.
"""

from __future__ import annotations

import random

import pytest
from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from checker.report.base import ReportOptions
from checker.report.console import make_console
from checker.report.text_table import Paragraph, TextTable

PIECES = (
    "the",
    "ministry",
    "2,030",
    "[bold]not markup[/bold]",
    "Алматы",
    "東京都の",
    "e\u0301",
    "\t",
    "\n",
    "\x1b[31m",
    "x\x1b",
    "\u200b",
    "  ",
    "supercalifragilisticexpialidocious-and-more-words-joined",
    "",
    "😀",
    "a" * 45,
    "…",
    "trailing ",
    " lead",
)
WIDTHS = (12, 25, 40, 57, 80, 120)


def random_text(rng: random.Random) -> Text:
    """A cell as the reporter makes them: plain, or with a styled span or two."""
    text = Text(" ".join(rng.choice(PIECES) for _ in range(rng.choice((0, 1, 3, 12)))))
    if len(text) > 3 and rng.random() < 0.5:
        start = rng.randrange(len(text) - 2)
        text.stylize("bold underline", start, start + rng.randint(1, 5))
    if rng.random() < 0.2:
        text.append(" (earlier)", style="italic")
    return text


def claim_like_table(cls: type[Table], rows: list[list[Text]], style: str) -> Table:
    """The columns of `claims_table`, with sections after some rows."""
    table = cls(box=box.SIMPLE_HEAD, expand=True, show_edge=False, pad_edge=False, style=style)
    table.add_column("article", overflow="fold", max_width=28)
    table.add_column("outlet", overflow="fold", max_width=16)
    table.add_column("date", no_wrap=True)
    table.add_column("value", overflow="fold", max_width=32)
    table.add_column("line", justify="right", no_wrap=True)
    table.add_column("quote", ratio=1, min_width=24, overflow="fold")
    for index, row in enumerate(rows):
        table.add_row(*row, end_section=index % 4 == 3)
    return table


def printed(renderable: RenderableType, width: int, *, color: bool) -> str:
    console, buffer = make_console(ReportOptions(width=width, color=color))
    console.print(renderable)
    return buffer.getvalue()


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("color", [False, True])
def test_same_text_as_a_rich_table(seed: int, color: bool) -> None:
    rng = random.Random(seed)
    rows = [[random_text(rng) for _ in range(6)] for _ in range(rng.choice((0, 1, 5, 9)))]
    style = rng.choice(("", "dim"))
    for width in WIDTHS:
        fast = printed(claim_like_table(TextTable, rows, style), width, color=color)
        slow = printed(claim_like_table(Table, rows, style), width, color=color)
        assert fast == slow, (seed, width)


def test_other_layouts_and_cells_fall_back_to_rich() -> None:
    """Edges, lines, footers, non-Text cells, styled columns and other justifications
    are drawn as rich draws them."""
    layouts: list[dict[str, bool]] = [{"show_lines": True}, {"show_footer": True}, {}]
    for options in [*layouts, {"show_edge": False}, {"show_edge": False, "pad_edge": False}]:
        tables = []
        for cls in (TextTable, Table):
            table = cls(box=box.ROUNDED, **options)
            table.add_column("a", footer="sum", justify="center", vertical="middle")
            table.add_column("b", style="red")
            table.add_column("c", justify="right", overflow="ignore")
            table.add_column("d", justify="center")
            table.add_row(Text("x " * 30), "[bold]markup[/bold] string", Text("z"), Text("c"))
            table.add_row(Table("nested"), Text("y", justify="right"), Text("z "), Text("c c"))
            tables.append(printed(table, 40, color=True))
        assert tables[0] == tables[1], options


def test_lines_cropped_by_a_narrow_console_keep_rich_cuts() -> None:
    """A console narrower than the table crops each line where rich cuts it; merging a
    zero-width control character into its neighbours would keep it past the cut."""
    cells = ["006_long-article-name-.txt", "", "2022-01-07", "a" * 50, "1234567890"]
    row = [Text(cell) for cell in cells] + [Text("\x1b[31m ministry [link=http://x]")]
    for width in (30, 40, 50):
        fast = printed(claim_like_table(TextTable, [row], ""), width, color=False)
        slow = printed(claim_like_table(Table, [row], ""), width, color=False)
        assert fast == slow, width


def random_prose(rng: random.Random) -> str:
    """Lines of words as an explanation has them, some far longer than any console."""
    lines = [" ".join(rng.choice(PIECES) for _ in range(rng.choice((0, 2, 30, 120))))]
    return "\n".join(lines * rng.randint(1, 3))


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("color", [False, True])
def test_paragraph_wraps_as_text_does(seed: int, color: bool) -> None:
    rng = random.Random(seed)
    prose = random_prose(rng) + rng.choice(("", "  ", "\n", " …"))
    style = rng.choice(("", "italic", "dim"))
    for width in WIDTHS:
        fast = printed(Group(Paragraph(prose, style=style)), width, color=color)
        slow = printed(Group(Text(prose, style=style)), width, color=color)
        assert fast == slow, (seed, width)


def test_paragraph_with_spans_or_justified_falls_back_to_text() -> None:
    for make in (
        lambda cls: cls("a b\tc " * 20, justify="full"),
        lambda cls: cls("value 225 " * 20).append("x", style="bold"),
        lambda cls: cls("no wrap " * 20, no_wrap=True, overflow="ellipsis"),
    ):
        fast, slow = (printed(Group(make(cls)), 40, color=True) for cls in (Paragraph, Text))
        assert fast == slow


@pytest.mark.parametrize(
    "prose", ["ab\u0301   x", "東京    東京", "x" * 12 + "  \n\n" + "y\u200b " * 9, "\x1b" * 7]
)
def test_paragraph_cuts_trailing_space_and_wide_text_as_text_does(prose: str) -> None:
    for width in range(1, 9):
        fast = printed(Group(Paragraph(prose, style="italic")), width, color=True)
        slow = printed(Group(Text(prose, style="italic")), width, color=True)
        assert fast == slow, width


@pytest.mark.parametrize(
    "cell",
    [
        "ab\u0301   x",
        "ab\u0301\u00a0\u00a0\u00a0x",
        "東京    東京",
        "x" * 12 + "  \n\n" + "y\u200b " * 9,
        "\x1b" * 7,
    ],
)
def test_folded_cells_cut_trailing_space_and_wide_text_as_rich_does(cell: str) -> None:
    for width in range(10, 40, 3):
        fast = printed(claim_like_table(TextTable, [[Text(cell)] * 6], ""), width, color=True)
        slow = printed(claim_like_table(Table, [[Text(cell)] * 6], ""), width, color=True)
        assert fast == slow, width
