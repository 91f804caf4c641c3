"""Editorial review decisions: `reviews.yaml` beside the corpus, by finding fingerprint.

Editors decide what a finding means - a real error to correct, a tolerated difference, a
false alarm, something already fixed - and every later run must respect that decision.
Decisions are keyed by the finding's content fingerprint, so they survive edits elsewhere
in an article; a decision whose fingerprint no longer matches any finding is *stale*
(the articles changed, or the finding went away) and `factcheck review list` says so.

The file is edited by people as well as by `factcheck review set`, so it is read and
written with ruamel.yaml's round-trip mode: comments, key order and quoting survive a
rewrite.  Writes are atomic (`checker.atomic.write_atomic`), and a malformed file is
refused with one located line (`reviews.yaml:LINE: …`) and never overwritten.

```yaml
reviews:
  f60acded22b6…:                 # the full 64-character fingerprint
    status: confirmed            # confirmed | accepted | false_positive | fixed
    note: RBC calls the chair "President of Armenia"; correction requested
    reviewer: a.editor
    date: 2022-02-01
    history:                     # earlier decisions, oldest first
      - {status: false_positive, note: ..., reviewer: ..., date: ...}
```
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, ValidationError

# ruamel.yaml is imported where a reviews file is read or written: a check of a corpus
# without one (most checks) does not pay for importing it.
if TYPE_CHECKING:
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap

from checker.atomic import write_atomic
from checker.model import Finding, ReviewStatus, RunResult

REVIEWS_NAME = "reviews.yaml"
MIN_PREFIX = 8
SUPPRESSED_PREFIX = "review:"

HEADER = """\
# Editorial review decisions on factcheck findings, keyed by finding fingerprint.
# status: confirmed (a real error to correct) | accepted (a known, tolerated difference)
#         | false_positive (not a discrepancy) | fixed (corrected in the articles).
# accepted and false_positive findings are suppressed: still reported, never failing CI.
# Written by `factcheck review set`; comments added by hand are kept.
"""

FINGERPRINT_PATTERN = re.compile(r"[0-9a-f]{8,64}")
_FIELDS = ("status", "note", "reviewer", "date")


@dataclass(frozen=True, slots=True)
class Decision:
    """One editorial decision; `history` holds the decisions it replaced, oldest first."""

    status: ReviewStatus
    note: str = ""
    reviewer: str | None = None
    date: date | None = None
    history: tuple[Decision, ...] = ()


@dataclass(frozen=True, slots=True)
class ReviewFile:
    """The decisions of one reviews file and its text, kept to rewrite it without loss."""

    path: Path
    decisions: Mapping[str, Decision] = field(default_factory=dict)
    text: str = ""


class ReviewsInvalid(Exception):
    """A reviews file that cannot be used; the message is one located line."""


# --- validation models (the file's edge; DESIGN §3: pydantic at the edges only) ---------


class _Past(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: ReviewStatus
    note: str = ""
    reviewer: str | None = None
    date: dt.date | None = None


class _Entry(_Past):
    history: list[_Past] = []


def _decision(entry: _Entry) -> Decision:
    past = tuple(Decision(p.status, p.note, p.reviewer, p.date) for p in entry.history)
    return Decision(entry.status, entry.note, entry.reviewer, entry.date, past)


# --- where things are, for located errors ----------------------------------------------


def _line_of(node: Any, loc: Sequence[str | int]) -> int:
    """The 1-based line of the deepest part of `loc` that `node` can locate."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    line = node.lc.line if hasattr(node, "lc") else 0
    for part in loc:
        if isinstance(node, CommentedMap) and part in node:
            line = node.lc.key(part)[0]
        elif isinstance(node, CommentedSeq) and isinstance(part, int) and part < len(node):
            line = node.lc.item(part)[0]
        else:
            break
        node = node[part]
    return line + 1


def _invalid(path: Path, line: int, message: str) -> ReviewsInvalid:
    return ReviewsInvalid(f"{path}:{line}: {message}")


def _first_error(path: Path, entry: Any, key: str, error: ValidationError) -> ReviewsInvalid:
    """The first problem of one entry, named by fingerprint and field, at its line."""
    first = error.errors()[0]
    loc = [p for p in first["loc"] if isinstance(p, str | int)]
    where = ".".join(str(p) for p in loc) or "entry"
    line = _line_of(entry, loc)
    return _invalid(path, line, f"review '{key}': field '{where}': {first['msg']}")


# --- loading ---------------------------------------------------------------------------


def _yaml() -> YAML:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.width = 100
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def corpus_folder(corpus: Sequence[Path]) -> Path:
    """The folder holding the corpus: the common folder of the paths (a file by its own)."""
    given = [Path(os.path.abspath(p)) for p in corpus] or [Path(os.path.abspath("."))]
    bases = [p if p.is_dir() else p.parent for p in given]
    return Path(os.path.commonpath(bases))


def default_reviews_path(corpus: Sequence[Path]) -> Path:
    """`reviews.yaml` beside the corpus, where an editor expects the decisions on it."""
    return corpus_folder(corpus) / REVIEWS_NAME


def load_reviews(path: Path) -> ReviewFile:
    """Read a reviews file; a missing file has no decisions yet, a broken one is refused."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return ReviewFile(path)
    except OSError as error:
        raise _invalid(path, 1, f"cannot read: {error.strerror or error}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _invalid(path, 1, "not UTF-8 text") from None
    return ReviewFile(path, parse_reviews(path, text), text)


def _parse_document(path: Path, text: str) -> Any:
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        return _yaml().load(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else 1
        problem = error.problem or error.context or "invalid YAML"
        raise _invalid(path, line, problem) from None
    except YAMLError as error:
        raise _invalid(path, 1, str(error).splitlines()[0]) from None


def _entries(path: Path, document: Any) -> CommentedMap:
    """The `reviews:` mapping of a parsed file (empty when the file or mapping is)."""
    from ruamel.yaml.comments import CommentedMap

    if document is None:
        return CommentedMap()
    if not isinstance(document, CommentedMap):
        raise _invalid(path, _line_of(document, []), "expected a mapping with a 'reviews' key")
    unknown = [k for k in document if k != "reviews"]
    if unknown:
        line = _line_of(document, [unknown[0]])
        raise _invalid(path, line, f"unknown key '{unknown[0]}' (expected 'reviews')")
    entries = document.get("reviews")
    if entries is None:
        return CommentedMap()
    if not isinstance(entries, CommentedMap):
        line = _line_of(document, ["reviews"])
        raise _invalid(path, line, "'reviews' must map fingerprints to decisions")
    return entries


def parse_reviews(path: Path, text: str) -> dict[str, Decision]:
    """The decisions in `text`, validated; every error names the line it is on."""
    entries = _entries(path, _parse_document(path, text))
    decisions: dict[str, Decision] = {}
    for key, entry in entries.items():
        if not isinstance(key, str) or not FINGERPRINT_PATTERN.fullmatch(key):
            line = _line_of(entries, [key])
            message = f"'{key}' is not a fingerprint (8 to 64 lowercase hex characters)"
            raise _invalid(path, line, message)
        _bounded(path, entries, key)
        try:
            decisions[key] = _decision(_Entry.model_validate(_plain(entry)))
        except ValidationError as error:
            raise _first_error(path, entry, key, error) from None
    return decisions


MAX_VALUES = 100_000


def _bounded(path: Path, entries: CommentedMap, key: str) -> None:
    """Refuse an entry that aliases would blow up when `_plain` copies it: a "billion
    laughs" (ruamel shares aliased nodes, a copy does not) or one that contains itself."""
    count, stack = 0, [entries[key]]
    while stack:
        node = stack.pop()
        count += 1
        if count > MAX_VALUES:
            message = f"review '{key}': expands to more than {MAX_VALUES:,} values (aliases)"
            raise _invalid(path, _line_of(entries, [key]), message)
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)


def _plain(node: Any) -> Any:
    """ruamel's commented containers as plain dicts and lists for pydantic."""
    if isinstance(node, dict):
        return {k: _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    return node


# --- writing ---------------------------------------------------------------------------


def _fields(decision: Decision) -> CommentedMap:
    from ruamel.yaml.comments import CommentedMap

    out = CommentedMap()
    out["status"] = decision.status.value
    out["note"] = decision.note
    if decision.reviewer is not None:
        out["reviewer"] = decision.reviewer
    if decision.date is not None:
        out["date"] = decision.date
    return out


def _update_entry(entry: CommentedMap, decision: Decision) -> None:
    """Push the current decision onto `history`, then set the new one in place.

    Assigning into the existing mapping (rather than replacing it) keeps the comments a
    person wrote on its lines.
    """
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    past = CommentedMap((k, entry[k]) for k in _FIELDS if k in entry)
    history = entry.get("history")
    if not isinstance(history, CommentedSeq):
        history = CommentedSeq()
        entry["history"] = history
    history.append(past)
    new = _fields(decision)
    for key in _FIELDS:
        if key not in new:
            entry.pop(key, None)
        elif key in entry:
            entry[key] = new[key]
        else:
            entry.insert(list(entry).index("history"), key, new[key])


def _split_tail(text: str) -> tuple[str, str]:
    """The text and its closing comment lines, which stay at the end of the file.

    ruamel attaches comments after the last entry to that entry's last key, so a decision
    added to it would land below them; keeping them apart keeps them last.
    """
    lines = text.splitlines(keepends=True)
    cut = len(lines)
    while cut > 0 and (not lines[cut - 1].strip() or lines[cut - 1].lstrip().startswith("#")):
        cut -= 1
    body, tail = "".join(lines[:cut]), "".join(lines[cut:])
    if tail and not tail.endswith("\n"):
        tail += "\n"
    return body, tail if tail.strip() else ""


def record(reviews: ReviewFile, fingerprint: str, decision: Decision) -> ReviewFile:
    """A new `ReviewFile` with `decision` for `fingerprint`; earlier ones go to its history."""
    body, tail = _split_tail(reviews.text)
    document = _parse_document(reviews.path, body) if body.strip() else None
    if document is None:
        document = _yaml().load(HEADER + "reviews:\n")
    entries = _entries(reviews.path, document)
    document["reviews"] = entries
    if fingerprint in entries:
        _update_entry(entries[fingerprint], decision)
    else:
        entries[fingerprint] = _fields(decision)
    buffer = io.StringIO()
    _yaml().dump(document, buffer)
    text = buffer.getvalue() + tail
    return ReviewFile(reviews.path, parse_reviews(reviews.path, text), text)


def save_reviews(reviews: ReviewFile) -> None:
    """Replace the file atomically: a reader sees the old decisions or the new, never half."""
    write_atomic(reviews.path, reviews.text)


# --- applying --------------------------------------------------------------------------


def _reviewed(finding: Finding, decision: Decision | None) -> Finding:
    if decision is None:
        return finding
    suppressed_by = finding.suppressed_by
    if decision.status.suppresses:
        suppressed_by = f"{SUPPRESSED_PREFIX}{decision.status.value}"
    return replace(finding, review=decision.status.value, suppressed_by=suppressed_by)


def apply_reviews(result: RunResult, reviews: ReviewFile) -> RunResult:
    """Every finding with a decision gets its status; accepted and false-positive ones are
    suppressed as `review:<status>`, which overrides a baseline as the more specific call."""
    if not reviews.decisions:
        return result
    findings = tuple(_reviewed(f, reviews.decisions.get(f.fingerprint)) for f in result.findings)
    return replace(result, findings=findings)


def stale(result: RunResult, reviews: ReviewFile) -> list[str]:
    """Fingerprints of decisions that match no finding of `result`, sorted."""
    current = {f.fingerprint for f in result.findings}
    return sorted(fp for fp in reviews.decisions if fp not in current)


def match_prefix(prefix: str, fingerprints: Iterable[str]) -> str:
    """The one fingerprint starting with `prefix` (at least 8 characters).

    LookupError when none does (so `--force` can accept a new one), ValueError when the
    prefix is too short or ambiguous; both messages say which.
    """
    wanted = prefix.strip().lower()
    if len(wanted) < MIN_PREFIX:
        raise ValueError(f"fingerprint '{prefix}' is too short: give at least {MIN_PREFIX} chars")
    found = sorted({fp for fp in fingerprints if fp.startswith(wanted)})
    if not found:
        raise LookupError(f"no finding has fingerprint '{prefix}'")
    if len(found) > 1:
        shown = ", ".join(fp[:16] for fp in found)
        raise ValueError(f"fingerprint '{prefix}' is ambiguous: {shown}")
    return found[0]
