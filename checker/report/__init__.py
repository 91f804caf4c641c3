"""Reporters, one per module, registered by format name.

The CLI never branches on a format: it looks the name up here.  A new format is one new
module with a class satisfying `Reporter` and one entry in `_ALL` below.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from checker.report.base import Reporter, ReportOptions
from checker.report.console import ConsoleReporter
from checker.report.github import GithubReporter
from checker.report.html import HtmlReporter
from checker.report.json_report import JsonReporter
from checker.report.junit import JunitReporter
from checker.report.markdown import MarkdownReporter
from checker.report.sarif import SarifReporter

__all__ = ["REPORTERS", "ReportOptions", "Reporter", "get_reporter"]

_ALL: tuple[Reporter, ...] = (
    ConsoleReporter(),
    JsonReporter(),
    SarifReporter(),
    JunitReporter(),
    GithubReporter(),
    MarkdownReporter(),
    HtmlReporter(),
)

REPORTERS: Mapping[str, Reporter] = MappingProxyType({r.name: r for r in _ALL})


def get_reporter(name: str) -> Reporter:
    """The reporter for `name`; an unknown name is a usage error that lists the valid ones."""
    try:
        return REPORTERS[name]
    except KeyError:
        valid = ", ".join(REPORTERS)
        raise ValueError(f"unknown report format {name!r}; choose one of: {valid}") from None
