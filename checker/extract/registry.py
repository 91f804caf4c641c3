"""Extractors by fact kind: the one place that maps a kind to its code."""

from __future__ import annotations

from collections.abc import Mapping

from checker.extract.base import Extractor
from checker.extract.date import extract_dates
from checker.extract.membership import extract_memberships
from checker.extract.naming import extract_names
from checker.extract.quantity import extract_quantities
from checker.extract.role import extract_roles
from checker.extract.statement import extract_statements
from checker.model import FactKind

EXTRACTORS: Mapping[FactKind, Extractor] = {
    FactKind.QUANTITY: extract_quantities,
    FactKind.MEMBERSHIP: extract_memberships,
    FactKind.DATE: extract_dates,
    FactKind.ROLE: extract_roles,
    FactKind.STATEMENT: extract_statements,
    FactKind.NAMING: extract_names,
}
