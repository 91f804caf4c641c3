"""End to end on the seed corpus, through `checker.cli.run` as a user would run it.

What must and must not be flagged comes from ../shared/seeds/README.md: membership as
an explained temporal_change, the Collective Security Council chair as a contradiction,
three naming variants; no conflict over tolls of different events, troop figures of
different facts, Secretaries General over time, the January 2022 dates or the mission's
tasks.  The same must hold without seeds/corpus.yaml, where the undated articles are
said to be undated instead of guessed.
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from checker.cli import run
from checker.model import ExitCode

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
RULES = ROOT / "rules"

ARTICLE = {
    "000": "000_f0d09427fdbf423a.txt",
    "001": "001_ee5b0a576734639c.txt",
    "002": "002_a802e62d5c9bd7a3.txt",
    "003": "003_36502d064256e93d.txt",
    "004": "004_7bd650501039e11f.txt",
}
UNDATED_IDS = ("001", "002", "004")
SIX = ["Armenia", "Belarus", "Kazakhstan", "Kyrgyzstan", "Russia", "Tajikistan"]
PASHINYAN_PM = {"office": "Prime Minister of Armenia", "holder": "Nikol Pashinyan"}
PRESIDENT_OF_ARMENIA = {"office": "President of Armenia", "holder": None}
NOT_TO_BE_FLAGGED = ("casualties.", "peacekeepers.", "dates.", "mission.")

# the naming variants of the seed README: entity -> surface -> articles using it
NAMING_VARIANTS = {
    "tokayev": {
        "Kassym-Zhomart Tokayev": {"001", "002", "004"},
        "Kassym-Jomart Tokayev": {"003"},
    },
    "lukashenko": {"Alexander Lukashenko": {"002", "004"}, "Lukashenka": {"004"}},
    "bordyuzha": {"Nikolai Bordyuzha": {"000"}, "Nikolay Bordyuzha": {"003"}},
}

Report = dict[str, Any]


def short(article_id: str) -> str:
    return article_id[:3]


def check(args: list[str], stderr: io.StringIO | None = None) -> tuple[ExitCode, str]:
    """Run `factcheck check` with the shipped rules; returns the code and stdout."""
    out = io.StringIO()
    err = stderr if stderr is not None else io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run(["check", *args, "--rules", str(RULES)])
    return code, out.getvalue()


@pytest.fixture(scope="module")
def seed_report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    output = tmp_path_factory.mktemp("report") / "seeds.json"
    code, stdout = check([str(SEEDS), "--format", "json", "--output", str(output)])
    assert code == ExitCode.FINDINGS
    assert stdout == ""
    report: Report = json.loads(output.read_text(encoding="utf-8"))
    return report


@pytest.fixture(scope="module")
def bare_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed articles without seeds/corpus.yaml."""
    folder = tmp_path_factory.mktemp("bare")
    for path in sorted(SEEDS.glob("*.txt")):
        shutil.copyfile(path, folder / path.name)
    assert not (folder / "corpus.yaml").exists()
    return folder


@pytest.fixture(scope="module")
def bare_run(bare_corpus: Path) -> tuple[Report, str]:
    err = io.StringIO()
    code, stdout = check([str(bare_corpus), "--format", "json"], stderr=err)
    assert code == ExitCode.FINDINGS
    return json.loads(stdout), err.getvalue()


@pytest.fixture(scope="module")
def bare_report(bare_run: tuple[Report, str]) -> Report:
    return bare_run[0]


def findings_of(report: Report, fact: str) -> list[dict[str, Any]]:
    return [f for f in report["findings"] if f["fact"] == fact]


def claims_of(report: Report, fact: str) -> list[tuple[str, str | None, Any]]:
    """(article, event, value) of every claim of a fact, sorted."""
    rows = [
        (short(c["article"]), c["event"], c["value"]) for c in report["claims"] if c["fact"] == fact
    ]
    return sorted(rows, key=lambda r: json.dumps(r, sort_keys=True))


def values_by_article(finding: dict[str, Any]) -> set[tuple[str, str]]:
    return {
        (short(c["article"]), json.dumps(c["value"], sort_keys=True)) for c in finding["claims"]
    }


def naming_table(finding: dict[str, Any]) -> dict[str, set[str]]:
    table: dict[str, set[str]] = defaultdict(set)
    for c in finding["claims"]:
        table[c["value"]["surface"]].add(short(c["article"]))
    return dict(table)


def as_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True)


# --- exit codes, output and usage errors ------------------------------------------------


def test_default_check_fails_on_warnings(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)  # no arguments: seeds/ with rules/
    assert run(["check"]) == ExitCode.FINDINGS
    out, err = capsys.readouterr()
    assert err == ""
    assert "5 articles" in out
    assert "1 error" in out and "1 warning" in out


@pytest.mark.parametrize(
    ("fail_on", "expected"),
    [
        ("never", ExitCode.OK),
        ("error", ExitCode.FINDINGS),
        ("warning", ExitCode.FINDINGS),
        ("note", ExitCode.FINDINGS),
    ],
)
def test_fail_on(fail_on: str, expected: ExitCode, capsys: pytest.CaptureFixture[str]) -> None:
    code = run(["check", str(SEEDS), "--rules", str(RULES), "--fail-on", fail_on])
    assert code == expected
    assert capsys.readouterr().err == ""


def test_json_on_stdout_is_the_report_written_by_output(
    capsys: pytest.CaptureFixture[str], seed_report: Report
) -> None:
    code = run(["check", str(SEEDS), "--rules", str(RULES), "--format", "json"])
    out, err = capsys.readouterr()
    assert code == ExitCode.FINDINGS
    assert err == ""
    assert json.loads(out) == seed_report


def test_output_writes_the_file_and_nothing_to_stdout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "out" / "report.json"
    target.parent.mkdir()
    code = run(["check", str(SEEDS), "--rules", str(RULES), "--format", "json", "-o", str(target)])
    assert code == ExitCode.FINDINGS
    assert capsys.readouterr() == ("", "")
    report = json.loads(target.read_text(encoding="utf-8"))
    assert report["summary"]["articles"] == 5


def test_json_is_deterministic(tmp_path: Path) -> None:
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    for target in (first, second):
        check([str(SEEDS), "--format", "json", "--output", str(target)])
    assert first.read_bytes() == second.read_bytes()


def test_missing_corpus_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "no-such-corpus"
    assert run(["check", str(missing), "--rules", str(RULES)]) == ExitCode.USAGE
    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"factcheck: {missing}: no such file or folder\n"


def test_unknown_format_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["check", str(SEEDS), "--rules", str(RULES), "--format", "xml"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    # the list of formats grows as reporters are added
    assert err.startswith("factcheck: unknown report format 'xml'; choose one of: console, json")
    assert len(err.splitlines()) == 1


def test_bad_fail_on_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["check", str(SEEDS), "--fail-on", "sometimes"]) == ExitCode.USAGE
    out, err = capsys.readouterr()
    assert out == ""
    assert len(err.splitlines()) == 1
    assert err.startswith("factcheck: ") and "--fail-on" in err and "Traceback" not in err


# --- the report's shape ----------------------------------------------------------------


def test_tool_articles_and_summary(seed_report: Report) -> None:
    assert seed_report["tool"]["name"] == "factcheck"
    assert seed_report["tool"]["format"] == 1
    assert [
        (a["id"], a["published"], a["date_source"], a["outlet"]) for a in seed_report["articles"]
    ] == [
        (ARTICLE["000"], "2011-12-20", "manifest", "Trend News Agency (Baku)"),
        (ARTICLE["001"], "2022-01-06", "manifest", "RBC (syndicated)"),
        (ARTICLE["002"], "2022-01-06", "manifest", "RBC (rbc.ru)"),
        (ARTICLE["003"], "2022-01-25", "manifest", "TASS"),
        (ARTICLE["004"], "2022-01-08", "manifest", "Bbabo.net"),
    ]
    summary = seed_report["summary"]
    assert summary["articles"] == 5
    assert summary["claims"] == len(seed_report["claims"])
    assert summary["findings"]["error"] == 1
    assert summary["findings"]["warning"] == 1
    assert summary["findings"]["note"] == sum(f["level"] == "note" for f in seed_report["findings"])


# --- must be flagged -------------------------------------------------------------------


def test_only_the_expected_findings_at_warning_or_error(seed_report: Report) -> None:
    serious = {
        (f["fact"], f["kind"], f["level"], f["subject"])
        for f in seed_report["findings"]
        if f["level"] in ("warning", "error")
    }
    assert serious == {
        ("csto.csc_chair", "contradiction", "error", None),
        ("names", "naming_variant", "warning", "lukashenko"),
    }


def test_every_finding_is_expected(seed_report: Report) -> None:
    kinds = {(f["fact"], f["kind"], f["subject"]) for f in seed_report["findings"]}
    # the change of Secretary General between 2011 and 2022 may be shown as an
    # explained note (test_secretaries_general_are_not_a_conflict); nothing else may appear
    kinds.discard(("csto.secretary_general", "temporal_change", None))
    assert kinds == {
        ("csto.members", "temporal_change", None),
        ("csto.csc_chair", "contradiction", None),
        ("names", "naming_variant", "tokayev"),
        ("names", "naming_variant", "lukashenko"),
        ("names", "naming_variant", "bordyuzha"),
    }


def test_membership_change_is_an_explained_temporal_change(seed_report: Report) -> None:
    (finding,) = findings_of(seed_report, "csto.members")
    assert (finding["kind"], finding["level"], finding["explained"], finding["event"]) == (
        "temporal_change",
        "note",
        True,
        None,
    )
    assert finding["articles"] == [ARTICLE["000"], ARTICLE["001"], ARTICLE["002"]]
    assert values_by_article(finding) == {
        ("000", as_json([*SIX, "Uzbekistan"])),
        ("001", as_json(SIX)),
        ("002", as_json(SIX)),
    }
    assert "Uzbekistan suspended its membership" in finding["explanation"]


def test_council_chair_is_a_contradiction_partly_inside_one_article(seed_report: Report) -> None:
    (finding,) = findings_of(seed_report, "csto.csc_chair")
    assert (finding["kind"], finding["level"], finding["event"]) == ("contradiction", "error", None)
    assert finding["articles"] == [ARTICLE["001"], ARTICLE["002"], ARTICLE["004"]]
    assert values_by_article(finding) == {
        ("001", as_json(PASHINYAN_PM)),
        ("002", as_json(PRESIDENT_OF_ARMENIA)),
        ("002", as_json(PASHINYAN_PM)),
        ("004", as_json(PASHINYAN_PM)),
    }
    assert f"Partly inside one article: {ARTICLE['002']}." in finding["explanation"]
    assert "undated" not in finding["explanation"]


@pytest.mark.parametrize("entity", sorted(NAMING_VARIANTS))
def test_naming_variants(seed_report: Report, entity: str) -> None:
    (finding,) = [f for f in findings_of(seed_report, "names") if f["subject"] == entity]
    assert finding["kind"] == "naming_variant"
    assert naming_table(finding) == NAMING_VARIANTS[entity]
    # Lukashenka and Lukashenko in one article (004) is a warning; across articles a note
    assert finding["level"] == ("warning" if entity == "lukashenko" else "note")


def test_no_other_naming_findings(seed_report: Report) -> None:
    subjects = sorted(f["subject"] for f in findings_of(seed_report, "names"))
    assert subjects == sorted(NAMING_VARIANTS)


# --- must not be flagged ----------------------------------------------------------------


def test_tolls_troops_dates_and_tasks_are_not_flagged(seed_report: Report) -> None:
    flagged = [
        f["fact"] for f in seed_report["findings"] if f["fact"].startswith(NOT_TO_BE_FLAGGED)
    ]
    assert flagged == []


def test_secretaries_general_are_not_a_conflict(seed_report: Report) -> None:
    for finding in findings_of(seed_report, "csto.secretary_general"):
        assert (finding["kind"], finding["level"], finding["explained"]) == (
            "temporal_change",
            "note",
            True,
        )
        assert ARTICLE["003"] not in finding["articles"]  # "former Secretary General"


# --- the claims (the fact table behind the findings) --------------------------------------


def test_tolls_under_their_own_events(seed_report: Report) -> None:
    assert claims_of(seed_report, "casualties.deaths") == [
        ("000", "zhanaozen-2011", {"low": 14, "high": 14}),
        ("003", "kazakhstan-unrest-2022", {"low": 225, "high": 225}),
    ]
    assert claims_of(seed_report, "casualties.injured") == [
        ("000", "zhanaozen-2011", {"low": 85.5, "high": 94.5}),
        ("003", "kazakhstan-unrest-2022", {"low": 4500, "high": None}),
    ]
    qualifiers = {
        (short(c["article"]), c["raw"], c["qualifier"])
        for c in seed_report["claims"]
        if c["fact"] == "casualties.injured"
    }
    assert qualifiers == {("000", "about 90", "about"), ("003", "more than 4,500", "more than")}


def test_toll_evidence_is_located(seed_report: Report) -> None:
    (zhanaozen,) = [
        c
        for c in seed_report["claims"]
        if c["fact"] == "casualties.deaths" and short(c["article"]) == "000"
    ]
    assert (zhanaozen["line"], zhanaozen["raw"], zhanaozen["valid_at"]) == (15, "14", "2011-12-20")
    assert zhanaozen["quote"].startswith("On Friday mass riots took place")
    line = (SEEDS / ARTICLE["000"]).read_text(encoding="utf-8").splitlines()[14]
    assert line[zhanaozen["column"] - 1 :].startswith("14 and injured")


def test_peacekeeper_figures_are_different_facts(seed_report: Report) -> None:
    assert claims_of(seed_report, "peacekeepers.approved") == [
        ("001", "kazakhstan-unrest-2022", {"low": 2500, "high": 2500})
    ]
    assert claims_of(seed_report, "peacekeepers.force_total") == [
        ("001", None, {"low": 3600, "high": 3600})
    ]
    raws = {c["fact"]: c["raw"] for c in seed_report["claims"] if c["fact"].startswith("peace")}
    assert raws == {
        "peacekeepers.approved": "2.5 thousand",
        "peacekeepers.force_total": "3.6 thousand",
    }


def test_twenty_thousand_bandits_is_no_claim(seed_report: Report) -> None:
    assert [c for c in seed_report["claims"] if "20,000" in c["raw"]] == []
    assert claims_of(seed_report, "peacekeepers.deployed") == []


def test_dates_of_january_2022(seed_report: Report) -> None:
    def day(start: str, end: str | None = None) -> dict[str, str]:
        return {"start": start, "end": end or start}

    event = "kazakhstan-unrest-2022"
    assert claims_of(seed_report, "dates.protests_start") == [
        ("003", event, day("2022-01-02")),
        ("004", event, day("2022-01-01", "2022-01-10")),
    ]
    assert claims_of(seed_report, "dates.aid_request") == [
        ("001", event, day("2022-01-05")),
        ("002", event, day("2022-01-05")),
    ]
    assert claims_of(seed_report, "dates.csto_decision") == [
        ("001", event, day("2022-01-05", "2022-01-06"))
    ]
    assert claims_of(seed_report, "dates.emergency_lifted") == [("003", event, day("2022-01-19"))]
    raws = {(short(c["article"]), c["raw"]) for c in seed_report["claims"] if c["kind"] == "date"}
    assert {("001", "yesterday evening"), ("001", "the night of January 6")} <= raws


def test_mission_scope_items(seed_report: Report) -> None:
    rows = {
        (short(c["article"]), c["value"]["item"], c["value"]["polarity"], c["event"])
        for c in seed_report["claims"]
        if c["fact"] == "mission.scope"
    }
    event = "kazakhstan-unrest-2022"
    assert rows == {
        ("001", "guard_facilities", True, event),
        ("001", "disperse_protests", False, event),
        ("004", "guard_facilities", True, event),
        ("004", "disperse_protests", False, event),
        ("004", "border_protection", True, event),
        ("004", "counter_terrorism", True, event),
    }


def test_membership_claims(seed_report: Report) -> None:
    assert claims_of(seed_report, "csto.members") == [
        ("000", None, [*SIX, "Uzbekistan"]),
        ("001", None, SIX),
        ("002", None, SIX),
    ]


def test_role_claims(seed_report: Report) -> None:
    secretaries = {(a, v["holder"]) for a, _, v in claims_of(seed_report, "csto.secretary_general")}
    assert secretaries == {("000", "Nikolai Bordyuzha"), ("001", "Stanislav Zas")}
    chairs = {(a, as_json(v)) for a, _, v in claims_of(seed_report, "csto.csc_chair")}
    assert chairs == {
        ("001", as_json(PASHINYAN_PM)),
        ("002", as_json(PRESIDENT_OF_ARMENIA)),
        ("002", as_json(PASHINYAN_PM)),
        ("004", as_json(PASHINYAN_PM)),
    }


def test_naming_claims(seed_report: Report) -> None:
    rows = {(a, v["entity"], v["surface"]) for a, _, v in claims_of(seed_report, "names")}
    assert rows == {
        ("000", "bordyuzha", "Nikolai Bordyuzha"),
        ("000", "nazarbayev", "Nursultan Nazarbayev"),
        ("001", "pashinyan", "Nikol Pashinyan"),
        ("001", "tokayev", "Kassym-Zhomart Tokayev"),
        ("001", "zas", "Stanislav Zas"),
        ("002", "lukashenko", "Alexander Lukashenko"),
        ("002", "pashinyan", "Nikol Pashinyan"),
        ("002", "tokayev", "Kassym-Zhomart Tokayev"),
        ("003", "bordyuzha", "Nikolay Bordyuzha"),
        ("003", "tokayev", "Kassym-Jomart Tokayev"),
        ("004", "japarov", "Sadyr Zhaparov"),
        ("004", "lukashenko", "Alexander Lukashenko"),
        ("004", "lukashenko", "Lukashenka"),
        ("004", "nazarbayev", "Nursultan Nazarbayev"),
        ("004", "pashinyan", "Nikol Pashinyan"),
        ("004", "putin", "Vladimir Putin"),
        ("004", "tokayev", "Kassym-Zhomart Tokayev"),
    }


# --- factcheck facts ---------------------------------------------------------------------


def test_facts_json_groups_claims_by_fact_and_event(
    capsys: pytest.CaptureFixture[str], seed_report: Report
) -> None:
    code = run(["facts", str(SEEDS), "--rules", str(RULES), "--format", "json"])
    out, err = capsys.readouterr()
    assert (code, err) == (ExitCode.OK, "")
    groups = {
        (g["fact"], g["event"]): sorted((short(c["article"]), c["raw"]) for c in g["claims"])
        for g in json.loads(out)["facts"]
    }
    assert groups[("casualties.deaths", "zhanaozen-2011")] == [("000", "14")]
    assert groups[("casualties.deaths", "kazakhstan-unrest-2022")] == [("003", "225")]
    assert groups[("casualties.injured", "zhanaozen-2011")] == [("000", "about 90")]
    assert groups[("casualties.injured", "kazakhstan-unrest-2022")] == [("003", "more than 4,500")]
    assert groups[("peacekeepers.approved", "kazakhstan-unrest-2022")] == [("001", "2.5 thousand")]
    assert groups[("peacekeepers.force_total", None)] == [("001", "3.6 thousand")]
    assert groups[("dates.csto_decision", "kazakhstan-unrest-2022")] == [
        ("001", "the night of January 6")
    ]
    # the fact table holds every claim of the check, no more and no fewer
    assert sum(len(v) for v in groups.values()) == len(seed_report["claims"])


def test_facts_console_names_facts_events_and_values(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(["facts", str(SEEDS), "--rules", str(RULES)]) == ExitCode.OK
    out, err = capsys.readouterr()
    assert err == ""
    for text in (
        "casualties.deaths",
        "zhanaozen-2011",
        "kazakhstan-unrest-2022",
        "4,500",
        "more than",
        "2,500",
        "3,600",
        "mission.scope",
    ):
        assert text in out, text


# --- without seeds/corpus.yaml ----------------------------------------------------------


def test_bare_corpus_dates_from_datelines_only(bare_report: Report) -> None:
    dated = {short(a["id"]): (a["published"], a["date_source"]) for a in bare_report["articles"]}
    assert dated == {
        "000": ("2011-12-20", "dateline"),
        "001": (None, "none"),
        "002": (None, "none"),
        "003": ("2022-01-25", "dateline"),
        "004": (None, "none"),
    }
    assert bare_report["summary"]["undated"] == 3


def test_bare_corpus_reports_each_undated_article_once(bare_run: tuple[Report, str]) -> None:
    _, stderr = bare_run
    assert sorted(stderr.splitlines()) == [
        f"{ARTICLE[i]}: no publication date: compared by in-text dates only" for i in UNDATED_IDS
    ]


def test_bare_corpus_console_mentions_the_undated_articles(
    bare_corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["check", str(bare_corpus), "--rules", str(RULES)]) == ExitCode.FINDINGS
    out, _ = capsys.readouterr()
    for i in UNDATED_IDS:
        assert ARTICLE[i] in out
    assert "no publication date" in out


@pytest.mark.parametrize("entity", sorted(NAMING_VARIANTS))
def test_bare_corpus_keeps_the_naming_variants(bare_report: Report, entity: str) -> None:
    (finding,) = [f for f in findings_of(bare_report, "names") if f["subject"] == entity]
    assert finding["kind"] == "naming_variant"
    assert naming_table(finding) == NAMING_VARIANTS[entity]


def test_bare_corpus_keeps_the_chair_disagreement(bare_report: Report) -> None:
    disagreeing = [
        f
        for f in findings_of(bare_report, "csto.csc_chair")
        if {("002", as_json(PRESIDENT_OF_ARMENIA)), ("002", as_json(PASHINYAN_PM))}
        <= values_by_article(f)
    ]
    assert len(disagreeing) == 1
    (finding,) = disagreeing
    assert finding["kind"] in ("contradiction", "internal_inconsistency")
    assert finding["level"] in ("warning", "error")
    assert "undated" in finding["explanation"]


def test_bare_corpus_membership_change_is_still_explained(bare_report: Report) -> None:
    (finding,) = findings_of(bare_report, "csto.members")
    assert (finding["kind"], finding["level"], finding["explained"]) == (
        "temporal_change",
        "note",
        True,
    )
    assert values_by_article(finding) == {
        ("000", as_json([*SIX, "Uzbekistan"])),
        ("001", as_json(SIX)),
        ("002", as_json(SIX)),
    }


def test_bare_corpus_findings_with_undated_articles_say_so(bare_report: Report) -> None:
    undated = {ARTICLE[i] for i in UNDATED_IDS}
    checked = 0
    for finding in bare_report["findings"]:
        if finding["kind"] == "naming_variant":
            continue  # spelling does not depend on when an article was written
        dated_at = {c["article"]: c["valid_at"] for c in finding["claims"]}
        involved = undated & set(dated_at)
        if involved:
            checked += 1
            assert all(dated_at[a] is None for a in involved)
            assert "undated" in finding["explanation"], finding["explanation"]
    assert checked >= 2  # the membership change and the chair disagreement at least


def test_bare_corpus_flags_nothing_that_must_not_be_flagged(bare_report: Report) -> None:
    flagged = [
        f["fact"] for f in bare_report["findings"] if f["fact"].startswith(NOT_TO_BE_FLAGGED)
    ]
    assert flagged == []
    serious = {
        (f["fact"], f["subject"])
        for f in bare_report["findings"]
        if f["level"] in ("warning", "error")
    }
    assert serious <= {("csto.csc_chair", None), ("names", "lukashenko")}
    for finding in findings_of(bare_report, "csto.secretary_general"):
        assert (finding["kind"], finding["level"]) == ("temporal_change", "note")


def test_bare_corpus_claims_keep_their_events(bare_report: Report) -> None:
    assert claims_of(bare_report, "casualties.deaths") == [
        ("000", "zhanaozen-2011", {"low": 14, "high": 14}),
        ("003", "kazakhstan-unrest-2022", {"low": 225, "high": 225}),
    ]
    assert claims_of(bare_report, "casualties.injured") == [
        ("000", "zhanaozen-2011", {"low": 85.5, "high": 94.5}),
        ("003", "kazakhstan-unrest-2022", {"low": 4500, "high": None}),
    ]
    assert claims_of(bare_report, "peacekeepers.approved") == [
        ("001", "kazakhstan-unrest-2022", {"low": 2500, "high": 2500})
    ]
    assert claims_of(bare_report, "peacekeepers.force_total") == [
        ("001", None, {"low": 3600, "high": 3600})
    ]


def test_bare_corpus_uses_explicit_dates_and_drops_relative_ones(bare_report: Report) -> None:
    event = "kazakhstan-unrest-2022"
    # 002's "the evening of January 5" is explicit; 001's "yesterday evening" has no anchor
    assert claims_of(bare_report, "dates.aid_request") == [
        ("002", event, {"start": "2022-01-05", "end": "2022-01-05"})
    ]
    assert claims_of(bare_report, "dates.csto_decision") == [
        ("001", event, {"start": "2022-01-05", "end": "2022-01-06"})
    ]
    undated_claims = [c for c in bare_report["claims"] if short(c["article"]) in UNDATED_IDS]
    assert undated_claims and all(c["valid_at"] is None for c in undated_claims)


@pytest.mark.parametrize("corpus", ["seed_report", "bare_report"])
def test_every_disagreement_shows_at_least_two_values(
    corpus: str, request: pytest.FixtureRequest
) -> None:
    # regression: undated claims that all agreed were once reported as a temporal_change
    report: Report = request.getfixturevalue(corpus)
    for finding in report["findings"]:
        if finding["kind"] == "reference_mismatch":
            continue  # one claim against the timeline
        key = "surface" if finding["kind"] == "naming_variant" else None
        shown = {c["value"][key] if key else as_json(c["value"]) for c in finding["claims"]}
        assert len(shown) >= 2, finding["message"]
