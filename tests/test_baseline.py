"""The baseline file format: round trip, determinism, located errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checker.baseline import (
    Baseline,
    BaselineInvalid,
    load_baseline,
    parse_baseline,
    render_baseline,
    write_baseline,
)
from tests.test_suppress import OLD, finding, result, toll


def test_round_trip_gives_the_same_baseline(tmp_path: Path) -> None:
    run = result(OLD, extra=(toll(225, "c"),))
    path = tmp_path / "deep" / "baseline.json"
    write_baseline(path, run)
    assert load_baseline(path) == Baseline.of(run.findings, run.claims)


def test_rendering_is_deterministic_and_deduplicated() -> None:
    a = result(OLD, finding(toll(1, "x"), toll(2, "y")), extra=(toll(225, "a"),))
    b = result(finding(toll(1, "x"), toll(2, "y")), OLD)
    assert render_baseline(a) == render_baseline(b)
    data = json.loads(render_baseline(a))
    assert len(data["claims"]) == 4
    assert data["claims"][0] == {
        "fact": "casualties.deaths",
        "event": "kazakhstan-unrest-2022",
        "subject": None,
        "value": "1..1",
        "article": "x",
    }


def test_unknown_fields_are_ignored_for_forward_compatibility() -> None:
    data = json.loads(render_baseline(result(OLD)))
    data["reviewed_by"] = "desk"
    data["findings"][0]["note"] = "known since 2022"
    assert parse_baseline(json.dumps(data), "b.json").fingerprints == {OLD.fingerprint}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{\n", "b.json:2:1: not valid JSON: Expecting property name"),
        ('"x"', "b.json: a baseline is a JSON object, not str"),
        ('{"format": 2}', "b.json: field 'format': baseline format 2 (written by a newer"),
        ('{"format": 0}', "b.json: field 'format': baseline format 0 is not supported"),
        ('{"format": "1"}', "b.json: field 'format': Input should be a valid integer"),
        (
            '{"format": 1, "tool": {"name": "f", "version": "1"}, "findings": [],'
            ' "claims": [{"fact": "f", "event": null, "subject": null, "value": 1}]}',
            "b.json: field 'claims[0].value': Input should be a valid string (and 1 more)",
        ),
    ],
)
def test_errors_are_one_located_line(text: str, message: str) -> None:
    with pytest.raises(BaselineInvalid) as raised:
        parse_baseline(text, "b.json")
    assert str(raised.value).startswith(message), str(raised.value)
    assert "\n" not in str(raised.value)


def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    path.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(BaselineInvalid, match="cannot read the baseline"):
        load_baseline(path)
