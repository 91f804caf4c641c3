"""The baseline file: the findings and claims a corpus had when it was adopted.

A newsroom adopting factcheck on an existing archive cannot fix every known discrepancy
first; the baseline records them so that CI fails only on what a change introduces
(`checker.suppress.apply_baseline` decides what "introduces" means).  The file is JSON,
versioned by `format`, sorted and free of timestamps so that re-creating it on an
unchanged corpus gives the same bytes and a reviewer sees a meaningful diff.

Claims are kept as (fact, event, subject, value key, article): the value keys are what
coverage is decided on; the article ids are there for the human reading the file.
Pydantic validates the file at this edge only; the rest of the program sees `Baseline`.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictInt, ValidationError

import checker
from checker.atomic import write_atomic
from checker.compare import group_key
from checker.model import Claim, Finding, RunResult

FORMAT = 1
DEFAULT_NAME = Path(".factcheck") / "baseline.json"

GroupKey = tuple[str, str, str]  # (fact, event or "", subject or ""), as `compare.group_key`


class BaselineInvalid(Exception):
    """A baseline that cannot be read; the message is one located line for the user."""


@dataclass(frozen=True, slots=True)
class Baseline:
    """What a baseline knows: fingerprints, and the values each claim group already had."""

    fingerprints: frozenset[str] = frozenset()
    values: Mapping[GroupKey, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, findings: Iterable[Finding], claims: Iterable[Claim]) -> Baseline:
        """The baseline a run would write, without the round trip through a file."""
        return cls(frozenset(f.fingerprint for f in findings), group_values(claims))


def group_values(claims: Iterable[Claim]) -> dict[GroupKey, frozenset[str]]:
    """Distinct value keys per claim group: the unit in which values are "already known"."""
    found: dict[GroupKey, set[str]] = defaultdict(set)
    for claim in claims:
        found[group_key(claim)].add(claim.value.key())
    return {key: frozenset(values) for key, values in found.items()}


# --- the file format ------------------------------------------------------------------


class _Model(BaseModel):
    # Readers ignore fields they do not know, so a later factcheck may add fields to
    # format 1 without breaking older readers; a change of meaning bumps `format`.
    model_config = ConfigDict(extra="ignore", frozen=True)


class _Tool(_Model):
    name: str
    version: str


class _Finding(_Model):
    fingerprint: str = Field(min_length=1)
    fact: str
    kind: str
    level: str
    event: str | None
    subject: str | None
    message: str


class _Claim(_Model):
    fact: str
    event: str | None
    subject: str | None
    value: str
    article: str


class _File(_Model):
    format: StrictInt
    tool: _Tool
    findings: list[_Finding]
    claims: list[_Claim]


def _finding_record(finding: Finding) -> dict[str, Any]:
    return {
        "fingerprint": finding.fingerprint,
        "fact": finding.fact_id,
        "kind": finding.kind.value,
        "level": finding.level.value,
        "event": finding.event_id,
        "subject": finding.subject,
        "message": finding.message,
    }


def _claim_records(claims: Iterable[Claim]) -> list[dict[str, Any]]:
    """One record per distinct (fact, event, subject, value, article), sorted."""
    distinct = {
        (c.fact_id, c.event_id or "", c.subject or "", c.value.key(), c.evidence.article_id)
        for c in claims
    }
    return [
        {"fact": f, "event": e or None, "subject": s or None, "value": v, "article": a}
        for f, e, s, v, a in sorted(distinct)
    ]


def render_baseline(result: RunResult) -> str:
    """The baseline of a run as deterministic JSON text (sorted keys and records)."""
    findings = sorted(result.findings, key=lambda f: (f.fingerprint, f.fact_id))
    document = {
        "format": FORMAT,
        "tool": {"name": "factcheck", "version": checker.__version__},
        "findings": [_finding_record(f) for f in findings],
        "claims": _claim_records(result.claims),
    }
    return json.dumps(document, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def write_baseline(path: Path, result: RunResult) -> None:
    """Write atomically: a CI job killed mid-write must not leave a baseline that hides nothing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, render_baseline(result))


def load_baseline(path: Path) -> Baseline:
    """Read and validate a baseline file; every problem is one `BaselineInvalid` line."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise BaselineInvalid(
            f"{path}: no such baseline (create one with `factcheck baseline create`)"
        ) from None
    except (OSError, UnicodeDecodeError) as bad:
        raise BaselineInvalid(f"{path}: cannot read the baseline: {bad}") from None
    return parse_baseline(text, str(path))


def parse_baseline(text: str, origin: str) -> Baseline:
    """Validate baseline JSON text; `origin` names it in error messages."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as bad:
        raise BaselineInvalid(
            f"{origin}:{bad.lineno}:{bad.colno}: not valid JSON: {bad.msg}"
        ) from None
    except RecursionError:  # [[[[... deeper than the decoder recurses
        raise BaselineInvalid(f"{origin}: not valid JSON: nested too deeply") from None
    _check_format(data, origin)
    try:
        parsed = _File.model_validate(data)
    except ValidationError as invalid:
        raise BaselineInvalid(_first_error(invalid, origin)) from None
    return _baseline(parsed)


def _check_format(data: object, origin: str) -> None:
    """Refuse a format this version does not know before judging fields it cannot know."""
    if not isinstance(data, dict):
        raise BaselineInvalid(f"{origin}: a baseline is a JSON object, not {type(data).__name__}")
    version = data.get("format")
    if isinstance(version, int) and not isinstance(version, bool) and version != FORMAT:
        newer = " (written by a newer factcheck)" if version > FORMAT else ""
        raise BaselineInvalid(
            f"{origin}: field 'format': baseline format {version}{newer} is not supported;"
            f" this factcheck reads format {FORMAT}"
        )


def _first_error(invalid: ValidationError, origin: str) -> str:
    """The first validation error as `file: field 'findings[3].fingerprint': message`."""
    error = invalid.errors()[0]
    where = ""
    for part in error["loc"]:
        where += f"[{part}]" if isinstance(part, int) else (f".{part}" if where else str(part))
    more = len(invalid.errors()) - 1
    tail = f" (and {more} more)" if more else ""
    return f"{origin}: field '{where}': {error['msg']}{tail}"


def _baseline(parsed: _File) -> Baseline:
    values: dict[GroupKey, set[str]] = defaultdict(set)
    for claim in parsed.claims:
        values[(claim.fact, claim.event or "", claim.subject or "")].add(claim.value)
    return Baseline(
        fingerprints=frozenset(f.fingerprint for f in parsed.findings),
        values={key: frozenset(v) for key, v in values.items()},
    )
