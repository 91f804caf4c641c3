"""The JSON Schema editors use: valid draft 2020-12, stable, and as strict as the loader."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest

from checker.rulebook.schema import rule_schema, rule_schema_json

GOOD: dict[str, Any] = {
    "entities": [{"id": "csto", "kind": "organization", "name": "CSTO", "aliases": ["ОДКБ"]}],
    "countries": {"aliases": {"Russia": ["Russian Federation"]}},
    "events": [{"id": "unrest", "name": "Unrest", "start": "2022-01-02", "end": "2022-01-31"}],
    "facts": [
        {
            "id": "csto.members",
            "extends": "membership",
            "subject": "csto",
            "timeline": [{"date": "1992-05-15", "set": ["Armenia", "Russia"]}],
            "examples": [{"text": "CSTO members are Armenia and Russia.", "value": ["Armenia"]}],
        },
        {"id": "deaths", "extends": "quantity", "cues": ["killed"], "tolerance": 0.02},
    ],
}


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = rule_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_schema_is_draft_2020_12_with_a_title() -> None:
    schema = rule_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"] == "factcheck rule file"


def test_schema_is_deterministic() -> None:
    assert rule_schema() == rule_schema()
    assert rule_schema_json() == rule_schema_json()
    assert json.loads(rule_schema_json()) == rule_schema()


def test_correct_file_validates(validator: jsonschema.Draft202012Validator) -> None:
    assert list(validator.iter_errors(GOOD)) == []


def test_unknown_key_is_rejected(validator: jsonschema.Draft202012Validator) -> None:
    fact = {"id": "deaths", "extends": "quantity", "tolerance": 0.02}
    assert validator.is_valid({"facts": [fact]})
    typo = {"id": "deaths", "extends": "quantity", "tolerence": 0.02}
    errors = list(validator.iter_errors({"facts": [typo]}))
    assert len(errors) == 1
    unexpected = "Additional properties are not allowed ('tolerence' was unexpected)"
    assert unexpected in [reason.message for reason in errors[0].context]


def test_unknown_kind_and_top_level_key_are_rejected(
    validator: jsonschema.Draft202012Validator,
) -> None:
    assert not validator.is_valid({"facts": [{"id": "x", "extends": "quantities"}]})
    assert not validator.is_valid({"fact": []})
