"""Loading corpora: manifest, front matter, datelines, and every kind of broken file."""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from checker.corpus import (
    discover,
    infer_dateline,
    iter_articles,
    load_corpus,
    read_manifest,
)
from checker.model import Article, Diagnostic, Level
from checker.paths import path_problem

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
DEV = Path("/work/shared/dev/articles")
UNDATED = "no publication date: compared by in-text dates only"


def by_id(articles: Sequence[Article]) -> dict[str, Article]:
    return {a.id[:3]: a for a in articles}


def messages(diags: Sequence[Diagnostic]) -> list[str]:
    return [d.render() for d in diags]


@pytest.fixture
def bare_seeds(tmp_path: Path) -> Path:
    """The seed articles without their manifest."""
    for path in SEEDS.glob("*.txt"):
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


def write(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


# --- the seed corpus -------------------------------------------------------------------


def test_seeds_with_manifest() -> None:
    load = load_corpus([SEEDS])
    assert load.root == SEEDS
    assert load.diagnostics == ()
    articles = by_id(load.articles)
    assert list(articles) == ["000", "001", "002", "003", "004"]
    assert {k: a.published for k, a in articles.items()} == {
        "000": date(2011, 12, 20),
        "001": date(2022, 1, 6),
        "002": date(2022, 1, 6),
        "003": date(2022, 1, 25),
        "004": date(2022, 1, 8),
    }
    assert all(a.date_source == "manifest" for a in load.articles)
    assert articles["003"].outlet == "TASS"
    assert (
        articles["004"].title
        == "CSTO leaders: gangs from the outside cannot be allowed into Kazakhstan"
    )
    seed_000 = articles["000"]
    assert seed_000.id == "000_f0d09427fdbf423a.txt"
    assert seed_000.sha256 == hashlib.sha256(seed_000.path.read_bytes()).hexdigest()
    assert seed_000.text == seed_000.path.read_text(encoding="utf-8")
    assert seed_000.text_offset == 0


def test_seed_manifest_titles_are_each_articles_heading() -> None:
    entries, diags = read_manifest(SEEDS)
    assert diags == []
    for name, entry in entries.items():
        text = (SEEDS / name).read_text(encoding="utf-8")
        assert entry.title is not None and entry.title in text.splitlines()


def test_seeds_without_manifest_use_datelines(bare_seeds: Path) -> None:
    load = load_corpus([bare_seeds], year_hint=lambda text: [2022])
    articles = by_id(load.articles)
    assert articles["000"].published == date(2011, 12, 20)
    assert articles["000"].date_source == "dateline"
    assert articles["003"].published == date(2022, 1, 25)
    assert articles["003"].date_source == "dateline"
    for key in ("001", "002", "004"):
        assert articles[key].published is None
        assert articles[key].date_source == "none"
    undated = [d for d in load.diagnostics if d.message == UNDATED]
    assert sorted(d.path[:3] for d in undated) == ["001", "002", "004"]
    assert all(d.level is Level.NOTE for d in undated)


def test_seed_003_has_no_year_of_its_own(bare_seeds: Path) -> None:
    load = load_corpus([bare_seeds], year_hint=lambda text: [])
    articles = by_id(load.articles)
    assert articles["003"].published is None
    assert articles["000"].published == date(2011, 12, 20)  # its dateline has the year
    load = load_corpus([bare_seeds])  # no hint at all
    assert by_id(load.articles)["003"].published is None


def test_single_file_gets_manifest_of_its_folder() -> None:
    load = load_corpus([SEEDS / "003_36502d064256e93d.txt"])
    assert [a.id for a in load.articles] == ["003_36502d064256e93d.txt"]
    assert load.articles[0].date_source == "manifest"


# --- the dev corpus ---------------------------------------------------------------------


@pytest.mark.skipif(not DEV.is_dir(), reason="dev corpus not available")
def test_dev_corpus_loads_with_manifest_dates() -> None:
    load = load_corpus([DEV])
    assert load.diagnostics == ()
    assert len(load.articles) == 17
    assert all(a.date_source == "manifest" and a.published for a in load.articles)
    articles = {a.id: a for a in load.articles}
    assert articles["031_tass.txt"].published == date(2022, 1, 19)
    assert articles["028_ifp-news.txt"].url is None


@pytest.mark.skipif(not DEV.is_dir(), reason="dev corpus not available")
def test_dev_datelines_without_manifest(tmp_path: Path) -> None:
    for path in DEV.glob("*.txt"):
        shutil.copy(path, tmp_path / path.name)
    load = load_corpus([tmp_path], year_hint=lambda text: [2011, 2022])
    dated = {a.id: a.published for a in load.articles if a.published}
    assert dated == {
        "013_sputnik.txt": date(2022, 1, 6),  # 19:31 GMT 06.01.2022
        "015_panorama-am.txt": date(2022, 1, 7),  # 07.01.2022
        "017_urdupoint.txt": date(2022, 1, 7),  # (UrduPoint News / Sputnik - 07th January, 2022)
        "018_interfax.txt": date(2022, 1, 10),  # NUR-SULTAN. Jan 10 (Interfax) - … Monday
        "023_qazaq-tv.txt": date(2022, 1, 13),  # 13.01.2022, 10:43
        "031_tass.txt": date(2022, 1, 19),  # MOSCOW, January 19. /TASS/.
    }


# --- dateline inference ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "hint", "expected"),
    [
        ("20 December 2011 18:33\nBody.", [], date(2011, 12, 20)),
        (
            "Title\n\nKazakhstan Materials 20 December 2011 18:33 (UTC +04:00)\n",
            [],
            date(2011, 12, 20),
        ),
        ("MOSCOW, January 25. /TASS/. Body text.", [2022], date(2022, 1, 25)),
        ("MOSCOW, January 25. /TASS/. Body text.", [], None),
        ("MOSCOW, January 25. /TASS/. It happened in 2019.", [], date(2019, 1, 25)),
        ("NUR-SULTAN. Jan 10 (Interfax) - Body.", [2022], date(2022, 1, 10)),
        ("MOSCOW (UrduPoint News / Sputnik - 07th January, 2022) Zas said.", [], date(2022, 1, 7)),
        ("Headline\n\n07.01.2022\n\nBody.", [], date(2022, 1, 7)),
        ("Headline\n\n13.01.2022, 10:43\n\nBody.", [], date(2022, 1, 13)),
        ("Headline\n\nBody one.\n\n19:31 GMT 06.01.2022\n", [], date(2022, 1, 6)),
        ("Azerbaijan, Baku, Dec. 20 / Trend E. Kosolapova/\n", [2011], date(2011, 12, 20)),
        ("Published 2022-01-13\n", [], date(2022, 1, 13)),
    ],
)
def test_infer_dateline(text: str, hint: list[int], expected: date | None) -> None:
    assert infer_dateline(text, hint) == expected


@pytest.mark.parametrize(
    "text",
    [
        "On January 19, the state of emergency was lifted nationwide.",
        "Title\n\nEight years ago, on 16 December 2011, police opened fire on citizens.",
        "Withdrawal to be completed by January 19, 2022\n",  # a headline, not a dateline
        "[Photo] At an airport outside Almaty, Kazakhstan, Thursday, Jan. 13, 2022. More.",
        "MOSCOW (Sputnik) - The force will number about 2,500 people.",
        "Headline\n\n31.02.2022\n",  # not a day
    ],
)
def test_body_sentences_are_not_datelines(text: str) -> None:
    assert infer_dateline(text, [2011, 2022]) is None


def test_dateline_year_from_weekday_then_latest() -> None:
    text = "MOSCOW, January 10. /TASS/. The minister said on Monday that…"
    assert infer_dateline(text, [2011, 2022, 2023]) == date(2022, 1, 10)  # a Monday
    text = "MOSCOW, January 25. /TASS/. He said on Tuesday."  # Tuesday in 2011 and 2022
    assert infer_dateline(text, [2011, 2022, 2019]) == date(2022, 1, 25)
    text = "MOSCOW, January 25. /TASS/. No weekday here."
    assert infer_dateline(text, [2011, 2019]) == date(2019, 1, 25)


def test_dateline_beyond_the_head_is_ignored() -> None:
    text = "Headline\n\n" + "Body sentence here.\n\n" * 60 + "07.01.2022\n"
    assert infer_dateline(text, []) is None


def test_year_hint_receives_the_text(bare_seeds: Path) -> None:
    seen: list[str] = []

    def hint(text: str) -> list[int]:
        seen.append(text[:4])
        return [2022]

    load_corpus([bare_seeds / "003_36502d064256e93d.txt"], year_hint=hint)
    assert seen == ["CSTO"]


# --- front matter ---------------------------------------------------------------------------


def test_front_matter_wins_and_is_cut_off(tmp_path: Path) -> None:
    front = "---\npublished: 2022-01-09\noutlet: Example\nurl: https://x.test/a\ntitle: T\n---\n"
    write(tmp_path, "a.md", front + "Body line.\nMOSCOW, January 25. /TASS/.\n")
    write(
        tmp_path, "corpus.yaml", "articles:\n  - {file: a.md, published: 2022-01-01, outlet: M}\n"
    )
    load = load_corpus([tmp_path], year_hint=lambda t: [2022])
    (article,) = load.articles
    assert load.diagnostics == ()
    assert article.published == date(2022, 1, 9)
    assert article.date_source == "front-matter"
    assert (article.outlet, article.url, article.title) == ("Example", "https://x.test/a", "T")
    assert article.text == "Body line.\nMOSCOW, January 25. /TASS/.\n"
    assert article.text_offset == len(front)
    assert article.line_offset == 6


def test_front_matter_date_key_and_datetime(tmp_path: Path) -> None:
    write(tmp_path, "a.md", "---\ndate: 2022-01-13 10:43:00\ntags: [x]\n---\nBody.\n")
    (article,) = load_corpus([tmp_path]).articles
    assert article.published == date(2022, 1, 13)
    assert article.title is None  # "Body." is a sentence, not a heading


def test_manifest_fills_fields_front_matter_lacks(tmp_path: Path) -> None:
    write(tmp_path, "a.md", "---\noutlet: Front\n---\nHeadline\n\nBody.\n")
    write(
        tmp_path, "corpus.yaml", "articles:\n  - {file: a.md, published: 2022-01-01, outlet: M}\n"
    )
    (article,) = load_corpus([tmp_path]).articles
    assert (article.published, article.date_source) == (date(2022, 1, 1), "manifest")
    assert article.outlet == "Front"
    assert article.title == "Headline"


def test_malformed_front_matter(tmp_path: Path) -> None:
    write(tmp_path, "a.md", "---\npublished: 2022-01-09\ntitle: [unclosed\n---\nBody text.\n")
    load = load_corpus([tmp_path])
    (article,) = load.articles
    assert article.text == "Body text.\n"
    assert article.published is None
    (problem, undated) = load.diagnostics
    assert problem.path == "a.md" and problem.line is not None and problem.line >= 3
    assert problem.message.startswith("front matter: YAML syntax error")
    assert undated.message == UNDATED


def test_front_matter_with_a_bad_field_keeps_the_others(tmp_path: Path) -> None:
    write(tmp_path, "a.md", "---\noutlet: Ok\npublished: yesterday\n---\nBody.\n")
    load = load_corpus([tmp_path])
    (article,) = load.articles
    assert article.outlet == "Ok" and article.published is None
    assert load.diagnostics[0].line == 3
    assert load.diagnostics[0].field == "published"


def test_a_leading_rule_is_not_front_matter(tmp_path: Path) -> None:
    text = "---\nJust a separator line, then text.\n---\nMore text.\n"
    write(tmp_path, "a.md", text)
    load = load_corpus([tmp_path])
    assert load.articles[0].text == text
    assert [d.message for d in load.diagnostics] == [UNDATED]


# --- broken files ---------------------------------------------------------------------------


def test_broken_files_are_reported_and_skipped(tmp_path: Path) -> None:
    write(tmp_path, "empty.txt", b"")
    write(tmp_path, "blank.txt", b"  \n\t\r\n")
    write(tmp_path, "binary.txt", b"GIF89a\x00\x01\x02")
    write(tmp_path, "latin1.txt", "Zhanaozen café".encode("latin-1"))
    write(tmp_path, "good.txt", "Headline\n\nText.\n")
    load = load_corpus([tmp_path])
    assert [a.id for a in load.articles] == ["good.txt"]
    rendered = messages(load.diagnostics)
    assert "blank.txt: empty file" in rendered
    assert "empty.txt: empty file" in rendered
    assert "binary.txt: binary file" in rendered
    assert "latin1.txt: not valid UTF-8 (byte 0xe9 at offset 13)" in rendered


def test_oversized_file(tmp_path: Path) -> None:
    write(tmp_path, "big.txt", "x" * 2000)
    load = load_corpus([tmp_path], max_bytes=1000)
    assert load.articles == ()
    assert messages(load.diagnostics) == [
        "big.txt: file too large (2,000 bytes; limit 1,000): skipped"
    ]


def test_utf16_with_bom_is_decoded_with_a_warning(tmp_path: Path) -> None:
    write(tmp_path, "u16.txt", "\ufeffHeadline\r\n\r\nМосква text.".encode("utf-16-le"))
    load = load_corpus([tmp_path])
    (article,) = load.articles
    assert article.text == "Headline\n\nМосква text."
    assert any("UTF-16" in d.message and d.level is Level.WARNING for d in load.diagnostics)


def test_utf8_bom_crlf_and_lone_cr_are_normalised(tmp_path: Path) -> None:
    raw = b"\xef\xbb\xbfHeadline\r\n\r\nLine one.\rLine two.\r\n"
    write(tmp_path, "crlf.txt", raw)
    (article,) = load_corpus([tmp_path]).articles
    assert article.text == "Headline\n\nLine one.\nLine two.\n"
    assert article.sha256 == hashlib.sha256(raw).hexdigest()


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = write(tmp_path, "locked.txt", "Text.")
    original = Path.read_bytes

    def deny(self: Path) -> bytes:
        if self == target:
            raise PermissionError(13, "Permission denied")
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", deny)
    load = load_corpus([tmp_path])
    assert load.articles == ()
    assert messages(load.diagnostics) == ["locked.txt: cannot read: permission denied"]


def test_dangling_symlink_is_reported(tmp_path: Path) -> None:
    os.symlink(tmp_path / "nowhere.txt", tmp_path / "dangling.txt")
    load = load_corpus([tmp_path])
    assert messages(load.diagnostics) == [
        f"dangling.txt: cannot read: broken symbolic link to '{tmp_path / 'nowhere.txt'}'"
    ]


def test_missing_path_is_reported(tmp_path: Path) -> None:
    load = load_corpus([tmp_path / "nope"])
    assert load.articles == ()
    assert [d.message for d in load.diagnostics] == ["no such file or folder"]
    assert load.diagnostics[0].level is Level.ERROR


LOOP = "symbolic link loop (too many levels of symbolic links)"


def test_path_problem_says_what_is_there(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", "text")
    os.symlink("self", tmp_path / "self")
    os.symlink("two", tmp_path / "one")
    os.symlink("one", tmp_path / "two")
    os.symlink("nowhere.txt", tmp_path / "gone.txt")
    os.symlink("gone.txt", tmp_path / "via.txt")  # a link to a broken link
    names = ["a.txt", ".", "self", "one", "self/x.txt", "gone.txt", "via.txt", "nope", "a.txt/x"]
    problems = {name: path_problem(tmp_path / name) for name in names}
    assert problems == {
        "a.txt": None,
        ".": None,
        "self": LOOP,
        "one": LOOP,
        "self/x.txt": LOOP,
        "gone.txt": "broken symbolic link to 'nowhere.txt'",
        "via.txt": "broken symbolic link to 'gone.txt'",
        "nope": "no such file or folder",
        "a.txt/x": "no such file or folder",
    }


def test_path_problem_gives_the_systems_reason_otherwise(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder above the path that may not be entered (root enters anything, so the
    refusal is simulated for that one path)."""
    locked = tmp_path / "locked" / "news"
    original = os.stat

    def stat(path: Any, *args: Any, **kwargs: Any) -> os.stat_result:
        if os.fspath(path) == str(locked):
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return original(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", stat)
    assert path_problem(locked) == "permission denied"
    assert path_problem(Path("bad\0name")) == "not a valid path (embedded null byte)"


def test_a_loop_among_the_paths_is_an_error_and_the_rest_is_loaded(tmp_path: Path) -> None:
    os.symlink("loop", tmp_path / "loop")
    news = write(tmp_path, "news/a.txt", "Riots in Zhanaozen.").parent
    load = load_corpus([news, tmp_path / "loop"])
    assert [a.id for a in load.articles] == ["a.txt"]
    assert [(d.render(), d.level) for d in load.diagnostics] == [
        (f"{tmp_path / 'loop'}: {LOOP}", Level.ERROR),
        (f"a.txt: {UNDATED}", Level.NOTE),
    ]


# --- discovery ---------------------------------------------------------------------------------


def test_discover_skips_readme_manifest_hidden_and_other_files(tmp_path: Path) -> None:
    for name in ("b.txt", "a.md", "sub/c.txt", "README.md", "sub/readme.txt", "notes.rst"):
        write(tmp_path, name, "Text.")
    write(tmp_path, ".git/x.txt", "Text.")
    write(tmp_path, "corpus.yaml", "articles: []\n")
    root, files = discover([tmp_path])
    assert root == tmp_path
    assert [f.relative_to(tmp_path).as_posix() for f in files] == ["a.md", "b.txt", "sub/c.txt"]
    load = load_corpus([tmp_path])
    assert [a.id for a in load.articles] == ["a.md", "b.txt", "sub/c.txt"]


def test_named_files_that_are_not_articles(tmp_path: Path) -> None:
    manifest = write(tmp_path, "corpus.yaml", "articles: []\n")
    readme = write(tmp_path, "README.md", "# Corpus\n")
    article = write(tmp_path, "a.txt", "A.")
    load = load_corpus([manifest, readme, article])
    assert [a.id for a in load.articles] == ["a.txt"]
    skipped = [d for d in load.diagnostics if "not an article" in d.message]
    assert [Path(d.path).name for d in skipped] == ["corpus.yaml", "README.md"]


def test_discover_root_is_common_folder_of_files(tmp_path: Path) -> None:
    a = write(tmp_path, "x/a.txt", "A.")
    b = write(tmp_path, "y/b.txt", "B.")
    root, files = discover([a, b, a])
    assert root == tmp_path
    assert files == [a, b]


def test_symlink_loop_does_not_hang(tmp_path: Path) -> None:
    write(tmp_path, "sub/a.txt", "Text.")
    os.symlink(tmp_path, tmp_path / "sub" / "loop")
    os.symlink(tmp_path / "sub", tmp_path / "sub" / "self")
    root, files = discover([tmp_path])
    assert [f.relative_to(root).as_posix() for f in files] == ["sub/a.txt"]


def test_iter_articles_is_lazy(tmp_path: Path) -> None:
    files = [write(tmp_path, f"{i}.txt", "Text.") for i in range(3)]
    items = iter_articles(tmp_path, files, {})
    first = next(items)
    assert isinstance(first, Diagnostic) and first.message == UNDATED
    second = next(items)
    assert isinstance(second, Article) and second.id == "0.txt"


# --- the manifest -------------------------------------------------------------------------------


def test_manifest_problems_are_located(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", "A.")
    write(tmp_path, "b.txt", "B.")
    write(
        tmp_path,
        "corpus.yaml",
        "articles:\n"
        "  - file: a.txt\n"  # 2
        "    outlte: Typo\n"  # 3
        "    published: 2022-01-06\n"
        "  - file: gone.txt\n"  # 5
        "  - file: a.txt\n"  # 6
        "  - file: b.txt\n"  # 7
        "    published: not a date\n"  # 8
        "extra: 1\n",  # 9
    )
    entries, diags = read_manifest(tmp_path)
    rendered = messages(diags)
    assert rendered[0].startswith("corpus.yaml:9: field 'extra': unknown key")
    assert rendered[1].startswith("corpus.yaml:3: field 'outlte': unknown key")
    assert "corpus.yaml:5: field 'file': no such article 'gone.txt'" in rendered
    assert "corpus.yaml:6: field 'file': duplicate entry for 'a.txt' (first on line 2)" in rendered
    assert any(r.startswith("corpus.yaml:8: field 'published': ") for r in rendered)
    assert sorted(entries) == ["a.txt", "gone.txt"]
    assert entries["a.txt"].published == date(2022, 1, 6)  # kept without the unknown key
    load = load_corpus([tmp_path])
    assert by_id(load.articles)["a.t"].date_source == "manifest"


def test_manifest_yaml_errors(tmp_path: Path) -> None:
    write(tmp_path, "corpus.yaml", "articles:\n  - file: a.txt\n  - file: [\n")
    entries, diags = read_manifest(tmp_path)
    assert entries == {}
    assert len(diags) == 1 and diags[0].line is not None
    assert diags[0].message.startswith("YAML syntax error")
    write(tmp_path, "corpus.yaml", "articles:\n  - file: a.txt\n    file: b.txt\n")
    entries, diags = read_manifest(tmp_path)
    assert entries == {} and "duplicate key 'file'" in diags[0].render()
    write(tmp_path, "corpus.yaml", "- a.txt\n")
    entries, diags = read_manifest(tmp_path)
    assert messages(diags) == ["corpus.yaml:1: expected a mapping with a list under 'articles'"]
    write(tmp_path, "corpus.yaml", "articles:\n  - a.txt\n  - {file: ../x.txt}\n")
    entries, diags = read_manifest(tmp_path)
    assert entries == {}
    assert diags[0].line == 2 and "must be a mapping" in diags[0].message
    assert diags[1].line == 3 and "inside the corpus folder" in diags[1].message


def test_no_manifest_and_empty_manifest(tmp_path: Path) -> None:
    assert read_manifest(tmp_path) == ({}, [])
    write(tmp_path, "corpus.yaml", "")
    assert read_manifest(tmp_path) == ({}, [])


def test_load_corpus_reports_a_folder_it_cannot_list_as_the_scanner_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The library's walk (`discover`) and the command's (`checker.scan`) say the same."""
    from checker.scan import scan
    from tests.test_scan import refuse_listing

    for name in ["a.txt", "2022/secret/b.txt", "2022/c.txt"]:
        write(tmp_path, name, "MOSCOW, January 7. Text.\n")
    secret = tmp_path / "2022" / "secret"
    refusal = PermissionError(errno.EACCES, "Permission denied", str(secret))
    refuse_listing(monkeypatch, secret, refusal)
    load = load_corpus([tmp_path])
    expected = "2022/secret: cannot list folder (permission denied); its articles are not checked"
    assert expected in messages(load.diagnostics)
    assert [a.id for a in load.articles] == ["2022/c.txt", "a.txt"]
    assert [d.render() for d in scan([tmp_path])[2]] == [expected]
