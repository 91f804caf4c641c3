"""The claim format: exact round trips, located errors, and `extract` + `compare` giving
the report `check` gives."""

from __future__ import annotations

import io
import json
from dataclasses import fields, is_dataclass
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checker.claimio import (
    FORMAT,
    NO_CLAIMS,
    ROW,
    VERSION,
    ClaimsInvalid,
    ClaimsWriter,
    PackedClaims,
    _new_claim,
    _new_evidence,
    _slot_setters,
    decode_claims,
    encode_claims,
    loads_trusted,
    read_claims,
)
from checker.claimio import _unpack as _unpack
from checker.model import (
    ArticleInfo,
    Claim,
    DateValue,
    Diagnostic,
    EntitySet,
    Evidence,
    Holder,
    Level,
    Name,
    Quantity,
    Stance,
    Value,
)
from tests.runs import CORPORA, RULES, cli, copy_corpus, json_report

SHA = "ab" * 32
EVIDENCE = Evidence("2022/a.txt", 10, 14, 3, 7, "Über 1,000 „Menschen“ starben — 225.")
VALUES: list[Value] = [
    Quantity(14, 14, 14),
    Quantity(85.5, 94.5, 90.0, exact=False),
    Quantity(4500.0, None, 4500.0, exact=False, unit="people"),
    Quantity(None, 0.1, 1e-07),
    EntitySet(frozenset({"Armenia", "Belarus", "Kazakhstan"})),
    EntitySet(frozenset()),
    DateValue(date(2022, 1, 5), date(2022, 1, 6), "night"),
    Holder("Chairman", "pashinyan", "Prime Minister of Armenia", "Nikol Pashinyan"),
    Holder("Chairman", None, "President of Armenia", None),
    Stance("disperse_protests", False),
    Name("tokayev", "Kassym-Zhomart Tokayev"),
]


def _claim(value: Value, **changes: object) -> Claim:
    fields: dict[str, object] = {
        "fact_id": "f",
        "kind": "quantity",
        "value": value,
        "raw": "225",
        "qualifier": None,
        "evidence": EVIDENCE,
        "event_id": "kazakhstan-unrest-2022",
        "valid_at": date(2022, 1, 15),
        "earlier": False,
        "subject": None,
    }
    fields.update(changes)
    return Claim(**fields)  # type: ignore[arg-type]


def _typed(value: object) -> object:
    """A value with the type of every part of it: 14 and 14.0 differ in a report."""
    if is_dataclass(value):
        return (type(value).__name__, tuple(_typed(getattr(value, f.name)) for f in fields(value)))
    if isinstance(value, frozenset):
        return ("frozenset", tuple(sorted(_typed(v) for v in value)))  # type: ignore[type-var]
    return (type(value).__name__, value)


def _same(a: Claim, b: Claim) -> bool:
    """Equal, and equal in every type too."""
    return a == b and _typed(a) == _typed(b)


@pytest.mark.parametrize("value", VALUES, ids=lambda v: type(v).__name__)
def test_every_value_type_round_trips_exactly(value: Value) -> None:
    claims = [
        _claim(value),
        _claim(value, valid_at=None, earlier=True, subject="s", qualifier="about"),
    ]
    again = decode_claims(encode_claims(claims))
    assert all(_same(a, b) for a, b in zip(claims, again, strict=True))


@given(
    st.one_of(st.none(), st.floats(allow_nan=False, allow_infinity=False), st.integers()),
    st.floats(allow_nan=False, allow_infinity=False),
)
def test_numbers_round_trip_bit_for_bit(low: float | None, point: float) -> None:
    claim = _claim(Quantity(low, None, point))
    (again,) = decode_claims(encode_claims([claim]))
    assert _same(claim, again)


def _file(claims: list[Claim]) -> str:
    stream = io.StringIO()
    writer = ClaimsWriter(stream, SHA, root="/news")
    writer.diagnostic(Diagnostic("corpus.yaml", "duplicate entry", 3, "file", Level.WARNING))
    article = ArticleInfo(
        "2022/a.txt", "/news/2022/a.txt", date(2022, 1, 15), "manifest", "TASS", None, "T", "c" * 64
    )
    writer.article(article, claims)
    return stream.getvalue()


def test_a_claims_file_reads_back_what_was_written() -> None:
    claims = [_claim(v) for v in VALUES]
    text = _file(claims)
    header = json.loads(text.splitlines()[0])
    assert (header["format"], header["version"], header["rulebook"]) == (FORMAT, VERSION, SHA)
    loaded = read_claims(io.StringIO(text), "claims.jsonl")
    assert loaded.rulebook == SHA and loaded.root == "/news"
    assert [a.id for a in loaded.articles] == ["2022/a.txt"]
    assert loaded.diagnostics[0].render() == "corpus.yaml:3: field 'file': duplicate entry"
    assert all(_same(a, b) for a, b in zip(claims, loaded.claims, strict=True))


def _error(text: str) -> str:
    with pytest.raises(ClaimsInvalid) as raised:
        read_claims(io.StringIO(text), "claims.jsonl")
    return str(raised.value)


def test_malformed_lines_are_one_located_error() -> None:
    good = _file([_claim(VALUES[0])]).splitlines()
    header, claim = good[0], good[-1]
    assert _error("") == "claims.jsonl: empty file (expected a header line)"
    assert (
        _error('{"claim": 1}\n') == "claims.jsonl:1: not a factcheck claims file (no header line)"
    )
    assert _error(header.replace('"version":1', '"version":2')).startswith(
        "claims.jsonl:1: claims format version 2 is not supported"
    )
    assert _error(f"{header}\n{{oops\n").startswith("claims.jsonl:2: not JSON")
    assert _error(f"{header}\n[1, 2]\n") == "claims.jsonl:2: expected a JSON object"
    assert _error(f'{header}\n{{"clam": {{}}}}\n') == (
        "claims.jsonl:2: expected one key (article, claim, diagnostic), got clam"
    )
    bad = claim.replace('"low":14', '"low":"many"')
    assert _error(f"{header}\n\n{bad}\n").startswith(
        "claims.jsonl:3: claim: field 'value.quantity.low'"
    )
    missing = claim.replace('"raw":"225",', "")
    assert _error(f"{header}\n{missing}\n").startswith(
        "claims.jsonl:2: claim: field 'raw': Field required"
    )


@pytest.mark.parametrize("name", sorted(CORPORA))
def test_extract_then_compare_gives_the_report_of_check(name: str, tmp_path: Path) -> None:
    corpus = copy_corpus(CORPORA[name], tmp_path / name)
    claims, report = tmp_path / "claims.jsonl", tmp_path / "compare.json"
    extracted = cli("extract", str(corpus), "--rules", str(RULES), "-o", str(claims), "-j", "2")
    assert extracted.code == 0 and extracted.out == ""
    compared = cli("compare", str(claims), "--rules", str(RULES), "-f", "json", "-o", str(report))
    assert compared.code in (0, 1), compared.err
    assert report.read_bytes() == json_report(corpus, "--no-cache")
    console = cli("compare", str(claims), "--rules", str(RULES))
    checked = cli("check", str(corpus), "--rules", str(RULES))
    assert (console.code, console.out) == (checked.code, checked.out)


def test_extract_writes_to_stdout_without_output(tmp_path: Path) -> None:
    corpus = copy_corpus(CORPORA["seeds"], tmp_path / "seeds")
    ran = cli("extract", str(corpus), "--rules", str(RULES), "--no-cache")
    lines = ran.out.splitlines()
    assert ran.code == 0 and json.loads(lines[0])["format"] == FORMAT
    assert sum(1 for line in lines if line.startswith('{"article"')) == 5


def test_compare_refuses_claims_of_other_rules(tmp_path: Path) -> None:
    corpus = copy_corpus(CORPORA["seeds"], tmp_path / "seeds")
    claims = tmp_path / "claims.jsonl"
    cli("extract", str(corpus), "--rules", str(RULES), "-o", str(claims))
    other = tmp_path / "rules"
    other.mkdir()
    for path in RULES.glob("*.yaml"):
        (other / path.name).write_text(path.read_text(encoding="utf-8") + "\n# changed\n")
    ran = cli("compare", str(claims), "--rules", str(other))
    assert ran.code == 2
    assert "extracted with other rules" in ran.err and ran.err.count("\n") == 1


def test_compare_reports_a_malformed_file_as_a_usage_error(tmp_path: Path) -> None:
    claims = tmp_path / "claims.jsonl"
    claims.write_text("not json\n", encoding="utf-8")
    ran = cli("compare", str(claims), "--rules", str(RULES))
    assert ran.code == 2
    assert ran.err.startswith(f"factcheck: {claims}:1: ")


def test_integers_past_64_bits_round_trip_exactly() -> None:
    """orjson reads such integers as floats: values stay in JSON strings the stdlib parses."""
    claim = _claim(Quantity(10**30, 10**30 + 1, 10**30))
    (again,) = decode_claims(encode_claims([claim]))
    assert _same(claim, again)
    assert again.value.low == 10**30 and isinstance(again.value.low, int)  # type: ignore[union-attr]


def test_trusted_json_the_fast_parser_refuses_falls_back_to_the_stdlib() -> None:
    assert loads_trusted(b'{"a":[1,"x"]}') == {"a": [1, "x"]}
    nan, inf = loads_trusted("[NaN, Infinity]")
    assert nan != nan and inf == float("inf")


def test_a_lone_surrogate_orjson_refuses_to_write_is_packed_by_the_stdlib() -> None:
    claim = _claim(Quantity(14, 14, 14), raw="14\udc80")
    (again,) = decode_claims(encode_claims([claim]))
    assert _same(claim, again) and again.raw == "14\udc80"


def test_packing_on_a_base_reuses_its_rows_and_adds_the_new_claims() -> None:
    old = [_claim(v, evidence=EVIDENCE) for v in VALUES[:3]]
    base = PackedClaims(encode_claims(old))
    kept = [base.reusable_claim(i) for i in range(len(base)) if i != 1]
    added = _claim(VALUES[5], raw="none", evidence=Evidence("2022/b.txt", 1, 2, 1, 1, "New."))
    again = decode_claims(encode_claims([kept[0], added, kept[1]], base))
    assert [c.raw for c in again] == ["225", "none", "225"]
    assert all(map(_same, again, [old[0], added, old[2]]))
    tables, rows = _unpack(encode_claims([kept[0], added, kept[1]], base))
    old_tables, old_rows = _unpack(encode_claims(old))
    assert tables != old_tables and tables[0][: len(old_tables[0])] == old_tables[0]
    assert rows[:ROW] == old_rows[:ROW]  # a kept row, as stored
    assert base.row_of(_claim(VALUES[0])) is None  # an equal claim not built from the base


def test_the_claims_of_some_articles_are_built_in_one_pass_and_keep_their_rows() -> None:
    other = Evidence("2022/b.txt", 1, 2, 1, 1, "Other.")
    old = [_claim(VALUES[0], evidence=EVIDENCE), _claim(VALUES[1], evidence=other)]
    old.append(_claim(VALUES[2], evidence=EVIDENCE))
    blob = encode_claims(old)
    base = PackedClaims(blob, share=False)
    kept = base.reusable_claims(frozenset({EVIDENCE.article_id, "2099/none.txt"}))
    assert [c.raw for c in kept] == [old[0].raw, old[2].raw]
    assert all(map(_same, kept, [old[0], old[2]]))
    rows = _unpack(blob)[1]
    assert [base.row_of(c) for c in kept] == [rows[:ROW], rows[2 * ROW :]]
    assert base.reusable_claims(frozenset({"2099/none.txt"})) == []
    with pytest.raises(ValueError):
        PackedClaims(blob[: -ROW * 4] + b"\x7f" * ROW * 4).reusable_claims({"2022/b.txt"})


def test_packed_claims_are_tables_then_rows_and_refused_when_cut_short() -> None:
    claims = [_claim(v, evidence=EVIDENCE) for v in VALUES[:3]]
    blob = encode_claims(claims)
    tables, rows = _unpack(blob)
    assert len(rows) == 3 * ROW and len(tables) == 4
    unshared = PackedClaims(blob, share=False)
    assert all(map(_same, [unshared.claim(i) for i in range(len(unshared))], claims))
    assert decode_claims(NO_CLAIMS) == [] and decode_claims(encode_claims([])) == []
    for cut in (blob[:3], blob[: len(blob) - 4], blob[:-1]):
        with pytest.raises(ValueError):
            decode_claims(cut)


def test_a_claim_built_twice_keeps_its_row_both_times() -> None:
    blob = encode_claims([_claim(v, evidence=EVIDENCE) for v in VALUES[:2]])
    base = PackedClaims(blob)
    first, second = base.reusable_claim(1), base.reusable_claim(1)
    assert first is not second
    assert base.row_of(first) == base.row_of(second) == _unpack(blob)[1][ROW : 2 * ROW]
    assert base.row_of(base.claim(1)) is None  # built, but not to be reused


def test_slot_constructors_build_what_the_dataclasses_build() -> None:
    """The packed decoder's constructors store the same fields as `__init__` would."""
    fields_ = ("f", "quantity", Quantity(1, 2, 1), "1", None)
    later = ("ev", date(2022, 1, 5), True, "s")
    made = _new_claim(*fields_, _new_evidence("a.txt", 1, 5, 2, 3, "It."), *later)
    plain = Claim(*fields_, Evidence("a.txt", 1, 5, 2, 3, "It."), *later)
    assert type(made) is Claim and type(made.evidence) is Evidence
    assert made == plain and hash(made) == hash(plain) and repr(made) == repr(plain)
    with pytest.raises(TypeError):  # not all its fields
        _slot_setters(Evidence, ("article_id", "start", "end", "line", "column"))
    with pytest.raises(TypeError):  # its __post_init__ computes the value key
        _slot_setters(Quantity, ("low", "high", "point", "exact", "unit", "_key"))
