"""Reporters, one per module, registered by format name.

The CLI never branches on a format: it looks the name up here.  A new format is one new
module with a class satisfying `Reporter` and one entry in `_ALL` below.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from checker.report.base import Reporter, ReportOptions

__all__ = ["REPORTERS", "ReportOptions", "Reporter", "get_reporter"]


def __getattr__(name: str) -> Any:
    """`Reporter` and `ReportOptions` from `checker.report.base`, imported when asked
    for: the command line names the formats before it imports any reporter."""
    if name in ("Reporter", "ReportOptions"):
        return getattr(importlib.import_module("checker.report.base"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# Format name -> module and class.  Imported when first asked for: a check that writes
# the console report should not import jinja2 for the HTML one.
_ALL: dict[str, tuple[str, str]] = {
    "console": ("checker.report.console", "ConsoleReporter"),
    "json": ("checker.report.json_report", "JsonReporter"),
    "sarif": ("checker.report.sarif", "SarifReporter"),
    "junit": ("checker.report.junit", "JunitReporter"),
    "github": ("checker.report.github", "GithubReporter"),
    "markdown": ("checker.report.markdown", "MarkdownReporter"),
    "html": ("checker.report.html", "HtmlReporter"),
}


class _Reporters(Mapping[str, "Reporter"]):
    """The reporters by format name, each made on first use."""

    def __init__(self) -> None:
        self._made: dict[str, Reporter] = {}

    def __getitem__(self, name: str) -> Reporter:
        made = self._made.get(name)
        if made is None:
            module, cls = _ALL[name]
            made = self._made[name] = getattr(importlib.import_module(module), cls)()
        return made

    def __iter__(self) -> Iterator[str]:
        return iter(_ALL)

    def __len__(self) -> int:
        return len(_ALL)


REPORTERS: Mapping[str, Reporter] = _Reporters()


def get_reporter(name: str) -> Reporter:
    """The reporter for `name`; an unknown name is a usage error that lists the valid ones."""
    try:
        return REPORTERS[name]
    except KeyError:
        valid = ", ".join(REPORTERS)
        raise ValueError(f"unknown report format {name!r}; choose one of: {valid}") from None
