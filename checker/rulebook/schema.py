"""JSON Schema of rule files, so editors can complete keys and show field documentation.

Generated from the pydantic models, so it cannot drift from what the loader accepts
(except for the checks that need more than one file: ids, references, country names).
"""

from __future__ import annotations

import json
from typing import Any

from checker.rulebook.models import RuleFile

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
TITLE = "factcheck rule file"


def rule_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one rule file; equal on every call."""
    schema = RuleFile.model_json_schema()
    schema.pop("title", None)
    return {
        "$schema": SCHEMA_DIALECT,
        "title": TITLE,
        "description": "Entities, events and facts for the factcheck consistency checker.",
        **schema,
    }


def rule_schema_json() -> str:
    """The schema as stable text (sorted keys, two-space indent, final newline) for a file
    that is committed or diffed."""
    return json.dumps(rule_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
