"""A progress bar for long extractions, on a terminal only.

A bar is for a person watching: it goes to stderr, and only when stderr is a terminal,
the run is not in CI (`CI` set, as every CI service sets it) and `--quiet` was not
given.  Logs and pipes never get control sequences.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import TextIO

Advance = Callable[[int], None]


def progress_wanted(quiet: bool, stream: TextIO, environ: Mapping[str, str]) -> bool:
    if quiet or environ.get("CI", ""):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _nothing(_: int) -> None:
    return None


@contextmanager
def progress_bar(total: int, label: str, enabled: bool, stream: TextIO) -> Iterator[Advance]:
    """Yields `advance(n)`; a rich bar on `stream` when enabled and there is work."""
    if not enabled or total <= 0:
        yield _nothing
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    console = Console(file=stream, stderr=True)
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task(label, total=total)
        yield lambda n: progress.advance(task, n)


def stats_wanted(environ: Mapping[str, str] | None = None) -> bool:
    """`FACTCHECK_STATS=1` prints what a run read, extracted and took: a debugging hook."""
    env = os.environ if environ is None else environ
    return env.get("FACTCHECK_STATS", "") not in ("", "0")
