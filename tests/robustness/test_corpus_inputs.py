"""Broken, odd and hostile corpus files, each through `factcheck check` as CI runs it.

Each case: the exit code, the exact diagnostic lines on stderr (JSON keeps stdout clean),
no traceback, and the seed articles' claims exactly as in a clean run - one bad file
never stops the check of the others.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.robustness.helpers import (
    RULES,
    SEED_003,
    Factcheck,
    Outcome,
    assert_seeds_unharmed,
    check_json,
    write,
)

UNDATED = "no publication date: compared by in-text dates only"
SEED_IDS = [f"00{i}" for i in range(5)]


def without_article(claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in c.items() if k != "article"} for c in claims]


# --- unusable files: one line each, the rest goes on -----------------------------------


@pytest.mark.parametrize(
    ("name", "data", "line"),
    [
        ("empty.txt", b"", "empty.txt: empty file"),
        ("blank.md", b" \n\t\r\n\n", "blank.md: empty file"),
        ("binary.txt", b"GIF89a\x01\x00\x01\x00\x00\xff\xff", "binary.txt: binary file"),
        ("zeros.txt", b"\x00" * 4096, "zeros.txt: binary file"),
        (
            "latin1.txt",
            "Riots in Zhanaozen: 14 killed, café closed.".encode("latin-1"),
            "latin1.txt: not valid UTF-8 (byte 0xe9 at offset 34)",
        ),
        (
            "truncated.txt",
            "Riots killed 14 — ".encode()[:-2],  # a multi-byte character cut in half
            "truncated.txt: not valid UTF-8 (byte 0xe2 at offset 16)",
        ),
        (
            "utf16-broken.txt",
            b"\xff\xfe" + "Riots".encode("utf-16-le") + b"\x00\xd8",  # half a surrogate pair
            "utf16-broken.txt: not valid UTF-16 (unexpected end of data at offset 12)",
        ),
    ],
)
def test_unusable_file_is_one_line_and_skipped(
    factcheck: Factcheck,
    corpus: Path,
    clean: dict[str, Any],
    name: str,
    data: bytes,
    line: str,
) -> None:
    write(corpus, name, data)
    outcome = check_json(factcheck, corpus)
    assert outcome.err_lines == [line]
    assert name not in {a["id"] for a in outcome.report()["articles"]}
    assert outcome.report()["diagnostics"][0]["message"] == line.split(": ", 1)[1]
    assert_seeds_unharmed(outcome, clean)


def test_console_report_shows_the_diagnostic_after_the_findings(
    factcheck: Factcheck, corpus: Path
) -> None:
    write(corpus, "empty.txt", b"")
    outcome = factcheck("check", corpus, "--rules", Path(__file__).parents[2] / "rules")
    assert outcome.code == 1
    assert outcome.err == ""
    assert "warning: empty.txt: empty file" in outcome.out.splitlines()


# --- encodings and line endings: decoded, same claims, same lines --------------------------


@pytest.fixture
def pair(tmp_path: Path) -> Path:
    """A corpus holding seed 003 as plain UTF-8 with LF line ends (`plain.txt`)."""
    folder = tmp_path / "pair"
    write(folder, "plain.txt", SEED_003.read_bytes())
    return folder


@pytest.mark.parametrize(
    ("name", "encode", "lines"),
    [
        ("bom8.txt", lambda t: b"\xef\xbb\xbf" + t.encode(), []),
        (
            "u16le.txt",
            lambda t: b"\xff\xfe" + t.encode("utf-16-le"),
            ["u16le.txt: decoded as UTF-16 (byte-order mark); UTF-8 is expected"],
        ),
        (
            "u16be.txt",
            lambda t: b"\xfe\xff" + t.encode("utf-16-be"),
            ["u16be.txt: decoded as UTF-16 (byte-order mark); UTF-8 is expected"],
        ),
        ("crlf.txt", lambda t: t.replace("\n", "\r\n").encode(), []),
        ("cr.txt", lambda t: t.replace("\n", "\r").encode(), []),
        (
            "mixed.txt",  # CRLF, LF and lone CR in turn
            lambda t: "".join(
                line + ("\r\n", "\n", "\r")[i % 3] for i, line in enumerate(t.split("\n"))
            ).encode(),
            [],
        ),
        (
            "u16crlf.txt",
            lambda t: b"\xff\xfe" + t.replace("\n", "\r\n").encode("utf-16-le"),
            ["u16crlf.txt: decoded as UTF-16 (byte-order mark); UTF-8 is expected"],
        ),
    ],
)
def test_encodings_and_line_ends_give_the_same_claims_on_the_same_lines(
    factcheck: Factcheck, pair: Path, name: str, encode: Any, lines: list[str]
) -> None:
    write(pair, name, encode(SEED_003.read_text(encoding="utf-8")))
    outcome = check_json(factcheck, pair)
    assert outcome.err_lines == lines
    plain, variant = outcome.claims_of("plain.txt"), outcome.claims_of(name)
    assert len(plain) >= 5
    assert without_article(variant) == without_article(plain)  # values, lines, columns, quotes
    articles = {a["id"]: a for a in outcome.report()["articles"]}
    assert articles[name]["published"] == articles["plain.txt"]["published"] == "2022-01-25"


# --- front matter ---------------------------------------------------------------------


FRONT_TEXT = SEED_003.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("front", "lines"),
    [
        (
            "---\ntitle: [unclosed\npublished: 2022-01-25\n---\n",
            [
                "fm.md:3: front matter: YAML syntax error: expected ',' or ']', but got ':' "
                "(while parsing a flow sequence on line 2)"
            ],
        ),
        (
            "---\noutlet: TASS\npublished: tomorrow\n---\n",
            [
                "fm.md:3: field 'published': front matter: "
                "Input should be a valid date or datetime, input is too short; ignored"
            ],
        ),
        (
            "---\noutlet: TASS\noutlet: RIA\n---\n",
            ["fm.md:3: front matter: duplicate key 'outlet' (first on line 2)"],
        ),
        (
            "---\na: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n"
            "c: &c [*b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c]\n"
            "e: &e [*d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e]\n"
            "---\n",
            ["fm.md:7: front matter: document expands to more than 100,000 values"],
        ),
    ],
    ids=["syntax", "bad-date", "duplicate-key", "alias-bomb"],
)
def test_malformed_front_matter_is_located_and_the_article_still_read(
    factcheck: Factcheck, pair: Path, front: str, lines: list[str]
) -> None:
    write(pair, "fm.md", front + FRONT_TEXT)
    outcome = check_json(factcheck, pair)
    assert outcome.err_lines == lines
    # the block is cut off either way: the text, its claims and their lines are the article's
    offset = front.count("\n")
    shifted = [
        {**c, "line": c["line"] + offset} for c in without_article(outcome.claims_of("plain.txt"))
    ]
    assert without_article(outcome.claims_of("fm.md")) == shifted


def test_front_matter_cannot_run_code(factcheck: Factcheck, pair: Path, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    front = f'---\ntitle: !!python/object/apply:os.system ["touch {marker}"]\n---\n'
    write(pair, "fm.md", front + FRONT_TEXT)
    outcome = check_json(factcheck, pair)
    assert outcome.err_lines == [
        "fm.md:2: front matter: tag '!!python/object/apply:os.system' is not allowed "
        "(plain YAML only)"
    ]
    assert not marker.exists()
    assert outcome.claims_of("fm.md")


# --- the manifest ---------------------------------------------------------------------


def append_manifest(corpus: Path, text: str) -> None:
    manifest = corpus / "corpus.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8") + text, encoding="utf-8")


def manifest_line(corpus: Path, needle: str, nth: int = 1) -> int:
    lines = (corpus / "corpus.yaml").read_text(encoding="utf-8").splitlines()
    return [i for i, line in enumerate(lines, 1) if needle in line][nth - 1]


def test_manifest_naming_missing_files(
    factcheck: Factcheck, corpus: Path, clean: dict[str, Any]
) -> None:
    append_manifest(corpus, "  - {file: gone.txt, outlet: Nobody}\n  - {file: sub/gone.md}\n")
    outcome = check_json(factcheck, corpus)
    assert outcome.err_lines == [
        f"corpus.yaml:{manifest_line(corpus, 'gone.txt')}: field 'file': "
        "no such article 'gone.txt'",
        f"corpus.yaml:{manifest_line(corpus, 'sub/gone.md')}: field 'file': "
        "no such article 'sub/gone.md'",
    ]
    assert_seeds_unharmed(outcome, clean)


def test_two_manifest_entries_for_one_file(
    factcheck: Factcheck, corpus: Path, clean: dict[str, Any]
) -> None:
    append_manifest(corpus, "  - {file: 003_36502d064256e93d.txt, outlet: Impostor}\n")
    outcome = check_json(factcheck, corpus)
    first = manifest_line(corpus, "003_36502d064256e93d.txt")
    second = manifest_line(corpus, "003_36502d064256e93d.txt", 2)
    assert outcome.err_lines == [
        f"corpus.yaml:{second}: field 'file': duplicate entry for "
        f"'003_36502d064256e93d.txt' (first on line {first})"
    ]
    outlets = {a["id"]: a["outlet"] for a in outcome.report()["articles"]}
    assert outlets["003_36502d064256e93d.txt"] == "TASS"  # the first entry wins
    assert_seeds_unharmed(outcome, clean)


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (
            "  - {file: ../outside.txt}\n",
            "field 'file': '../outside.txt' must be a path inside the corpus folder",
        ),
        (
            "  - {file: /etc/passwd}\n",
            "field 'file': '/etc/passwd' must be a path inside the corpus folder",
        ),
        (
            "  - {file: x.txt, publisher: Y}\n",
            "field 'publisher': unknown key (expected one of: file, outlet, published, title, url)",
        ),
        (
            "  - just a string\n",
            "an article entry must be a mapping (file, outlet, published, url, title)",
        ),
    ],
)
def test_bad_manifest_entries(
    factcheck: Factcheck, corpus: Path, clean: dict[str, Any], entry: str, message: str
) -> None:
    append_manifest(corpus, entry)
    outcome = check_json(factcheck, corpus)
    line = len((corpus / "corpus.yaml").read_text(encoding="utf-8").splitlines())
    lines = outcome.err_lines
    assert lines[0] == f"corpus.yaml:{line}: {message}"
    if "x.txt" in entry:  # the known keys are kept, and x.txt does not exist
        assert lines[1:] == [f"corpus.yaml:{line}: field 'file': no such article 'x.txt'"]
    else:
        assert lines[1:] == []
    assert_seeds_unharmed(outcome, clean)


def test_manifest_yaml_error_falls_back_to_datelines(factcheck: Factcheck, corpus: Path) -> None:
    (corpus / "corpus.yaml").write_text("articles:\n  - {file: 000.txt\n", encoding="utf-8")
    outcome = check_json(factcheck, corpus)
    assert outcome.err_lines[0] == (
        "corpus.yaml:3: YAML syntax error: expected ',' or '}', but got '<stream end>' "
        "(while parsing a flow mapping on line 2)"
    )
    dates = {a["id"][:3]: (a["published"], a["date_source"]) for a in outcome.report()["articles"]}
    assert dates["000"] == ("2011-12-20", "dateline")  # the articles are still read and dated
    assert outcome.code == 1


def test_manifest_alias_bomb_fails_fast(factcheck: Factcheck, corpus: Path) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8)
    )
    (corpus / "corpus.yaml").write_text(bomb + "articles: []\n", encoding="utf-8")
    outcome = check_json(factcheck, corpus)
    assert outcome.err_lines[0] == "corpus.yaml:6: document expands to more than 100,000 values"
    assert len(outcome.report()["articles"]) == 5
    assert outcome.code == 1


def test_manifest_cannot_run_code(factcheck: Factcheck, corpus: Path, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    (corpus / "corpus.yaml").write_text(
        f"articles: !!python/object/new:os.system [touch {marker}]\n", encoding="utf-8"
    )
    outcome = check_json(factcheck, corpus)
    assert outcome.err_lines[0] == (
        "corpus.yaml:1: tag '!!python/object/new:os.system' is not allowed (plain YAML only)"
    )
    assert not marker.exists()
    assert len(outcome.report()["articles"]) == 5


# --- one article reached twice ----------------------------------------------------------


def test_a_folder_and_a_file_inside_it_give_each_article_once(
    factcheck: Factcheck, corpus: Path, clean: dict[str, Any]
) -> None:
    outcome = check_json(factcheck, corpus, corpus / "003_36502d064256e93d.txt", corpus)
    assert outcome.err_lines == []
    assert outcome.report() == {**clean, "tool": outcome.report()["tool"]}


def test_one_folder_twice_through_a_symlink(factcheck: Factcheck, tmp_path: Path) -> None:
    """Each article is read once, under its first id in corpus order (ids sort)."""
    from tests.robustness.helpers import copy_seeds

    real = copy_seeds(tmp_path / "news" / "main")
    os.symlink(real, tmp_path / "news" / "zlink", target_is_directory=True)
    outcome = check_json(factcheck, tmp_path / "news" / "zlink", real)
    ids = sorted(p.name for p in real.glob("*.txt"))
    assert [a["id"] for a in outcome.report()["articles"]] == [f"main/{i}" for i in ids]
    assert (
        outcome.err_lines
        == [f"zlink/{i}: the same file as 'main/{i}': skipped" for i in ids]
        + [  # without the manifest (it is the root's, one level up) three have no dateline
            f"main/{i}: {UNDATED}" for i in ids if i[:3] in ("001", "002", "004")
        ]
    )
    assert outcome.code == 1


def test_a_linked_article_inside_the_corpus_is_read_once(
    factcheck: Factcheck, corpus: Path, clean: dict[str, Any]
) -> None:
    os.symlink("003_36502d064256e93d.txt", corpus / "zz_copy.txt")
    outcome = check_json(factcheck, corpus)
    assert outcome.err_lines == [
        "zz_copy.txt: the same file as '003_36502d064256e93d.txt': skipped"
    ]
    assert_seeds_unharmed(outcome, clean)
    assert outcome.report()["findings"] == clean["findings"]


# --- links, loops and files that are not files -------------------------------------------


def test_symlink_loops(factcheck: Factcheck, corpus: Path, clean: dict[str, Any]) -> None:
    os.symlink("loop-b.txt", corpus / "loop-a.txt")
    os.symlink("loop-a.txt", corpus / "loop-b.txt")
    os.symlink(".", corpus / "again", target_is_directory=True)  # a folder loop: not followed
    os.symlink(corpus, corpus / "back.txt", target_is_directory=True)
    outcome = check_json(factcheck, corpus)
    assert outcome.err_lines == [
        "loop-a.txt: cannot read: symbolic link loop (too many levels of symbolic links)",
        "loop-b.txt: cannot read: symbolic link loop (too many levels of symbolic links)",
    ]
    assert_seeds_unharmed(outcome, clean)


LOOP = "symbolic link loop (too many levels of symbolic links)"


def test_a_symlink_loop_named_on_the_command_line(factcheck: Factcheck, tmp_path: Path) -> None:
    """A usage error like a missing path (exit 2, nothing checked), saying what it is."""
    os.symlink("b.txt", tmp_path / "a.txt")
    os.symlink("a.txt", tmp_path / "b.txt")
    outcome = check_json(factcheck, tmp_path / "a.txt")
    assert (outcome.code, outcome.out) == (2, "")
    assert outcome.err_lines == [f"factcheck: {tmp_path / 'a.txt'}: {LOOP}"]


def test_a_link_to_itself_named_on_the_command_line(factcheck: Factcheck, corpus: Path) -> None:
    """`ln -s loop loop; factcheck check loop`, also next to a good corpus: the whole
    command line is refused, as for a missing path."""
    os.symlink("loop", "loop")
    for paths in ([Path("loop")], [corpus, Path("loop")]):
        outcome = check_json(factcheck, *paths)
        assert (outcome.code, outcome.out) == (2, "")
        assert outcome.err_lines == [f"factcheck: loop: {LOOP}"]


def test_a_symlink_loop_named_in_the_settings(factcheck: Factcheck) -> None:
    Path("factcheck.toml").write_text('corpus = "loop"\n', encoding="utf-8")
    os.symlink("loop", "loop")
    outcome = factcheck("extract")
    assert (outcome.code, outcome.out) == (2, "")
    assert outcome.err_lines == [f"factcheck: {Path.cwd() / 'loop'}: {LOOP}"]


def test_a_broken_symlink_named_on_the_command_line(factcheck: Factcheck, tmp_path: Path) -> None:
    os.symlink("nowhere.txt", tmp_path / "gone.txt")
    outcome = check_json(factcheck, tmp_path / "gone.txt")
    assert (outcome.code, outcome.out) == (2, "")
    assert outcome.err_lines == [
        f"factcheck: {tmp_path / 'gone.txt'}: broken symbolic link to 'nowhere.txt'"
    ]


def test_dangling_symlink(factcheck: Factcheck, corpus: Path, clean: dict[str, Any]) -> None:
    os.symlink("nowhere.txt", corpus / "dangling.txt")
    outcome = check_json(factcheck, corpus)
    assert outcome.err_lines == ["dangling.txt: cannot read: broken symbolic link to 'nowhere.txt'"]
    assert_seeds_unharmed(outcome, clean)


def test_a_named_pipe_named_like_an_article_does_not_block(
    factcheck: Factcheck, corpus: Path, clean: dict[str, Any]
) -> None:
    """Unreadable in a way that holds for root too: opening a FIFO without a writer
    blocks forever, so it must not be opened at all."""
    os.mkfifo(corpus / "pipe.txt")
    outcome = check_json(factcheck, corpus)
    assert outcome.err_lines == ["pipe.txt: not a regular file (a named pipe): skipped"]
    assert_seeds_unharmed(outcome, clean)


def test_a_link_to_an_endless_device(
    factcheck: Factcheck, corpus: Path, clean: dict[str, Any]
) -> None:
    os.symlink("/dev/zero", corpus / "zero.txt")  # st_size 0, but reading never ends
    outcome = check_json(factcheck, corpus)
    assert outcome.err_lines == ["zero.txt: not a regular file (a character device): skipped"]
    assert_seeds_unharmed(outcome, clean)


def test_a_folder_named_like_an_article_is_a_folder(
    factcheck: Factcheck, corpus: Path, clean: dict[str, Any]
) -> None:
    write(corpus, "issue.txt/inside.txt", FRONT_TEXT)
    outcome = check_json(factcheck, corpus)
    assert outcome.err_lines == []
    assert outcome.claims_of("issue.txt/inside.txt")
    assert_seeds_unharmed(outcome, clean)


def test_a_file_that_refuses_to_be_read(
    factcheck: Factcheck, corpus: Path, clean: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """chmod 000 as root still reads, so the refusal is simulated: reading raises
    PermissionError exactly as the kernel would (EACCES)."""
    locked = write(corpus, "locked.txt", FRONT_TEXT)
    original = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == locked.name:
            raise PermissionError(13, "Permission denied", str(self))
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    outcome = check_json(factcheck, corpus)
    assert outcome.err_lines == ["locked.txt: cannot read: permission denied"]
    assert_seeds_unharmed(outcome, clean)


def _checked_while_locked(
    factcheck: Factcheck,
    corpus: Path,
    locked: Path,
    probe: Callable[[Path], object],
    mode: int,
    doing: str,
) -> Outcome:
    """The check of `corpus` while `locked` is chmod 000 (its mode restored after);
    skipped where the mode does not stop `probe` (as root, CI)."""
    locked.chmod(0)
    try:
        try:
            probe(locked)
        except PermissionError:
            return check_json(factcheck, corpus)
        pytest.skip(f"running as root: chmod 000 does not stop {doing}")
    finally:
        locked.chmod(mode)


def test_chmod_000(factcheck: Factcheck, corpus: Path, clean: dict[str, Any]) -> None:
    """The real thing where it works; as root (CI) the mode does not stop reading, so the
    two cases above stand in for it."""
    locked = write(corpus, "locked.txt", FRONT_TEXT)
    outcome = _checked_while_locked(factcheck, corpus, locked, Path.read_bytes, 0o644, "reading")
    assert outcome.err_lines == ["locked.txt: cannot read: permission denied"]
    assert_seeds_unharmed(outcome, clean)


# --- folders that cannot be listed -----------------------------------------------------

SECRET = "2022/secret: cannot list folder (permission denied); its articles are not checked"


def refuse_listing(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """chmod 000 as root still lists, so the refusal is simulated: listing `folder`
    raises PermissionError exactly as the kernel would (EACCES); other folders list."""
    original = os.scandir

    def scandir(path: str) -> Any:
        if os.fspath(path) == str(folder):
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return original(path)

    monkeypatch.setattr(os, "scandir", scandir)


def test_a_folder_that_cannot_be_listed_is_one_line_and_the_rest_is_checked(
    factcheck: Factcheck, corpus: Path, clean: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    write(corpus, "2022/secret/hidden.txt", FRONT_TEXT)
    write(corpus, "2022/open/visible.txt", FRONT_TEXT)
    refuse_listing(monkeypatch, corpus / "2022" / "secret")
    outcome = check_json(factcheck, corpus)
    assert outcome.err_lines == [SECRET]
    assert outcome.report()["diagnostics"] == [
        {
            "path": "2022/secret",
            "line": None,
            "field": None,
            "level": "warning",
            "message": SECRET.split(": ", 1)[1],
        }
    ]
    ids = [a["id"] for a in outcome.report()["articles"]]
    assert "2022/open/visible.txt" in ids and "2022/secret/hidden.txt" not in ids
    assert without_article(outcome.claims_of("2022/open/visible.txt")) == without_article(
        outcome.claims_of("003_36502d064256e93d.txt")
    )
    assert_seeds_unharmed(outcome, clean)


def test_console_report_shows_a_folder_that_cannot_be_listed(
    factcheck: Factcheck, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(corpus, "2022/secret/hidden.txt", FRONT_TEXT)
    refuse_listing(monkeypatch, corpus / "2022" / "secret")
    outcome = factcheck("check", corpus, "--rules", Path(__file__).parents[2] / "rules")
    assert outcome.code == 1
    assert outcome.err == ""
    assert f"warning: {SECRET}" in outcome.out.splitlines()


def test_a_corpus_folder_that_cannot_be_listed_is_named_as_given(
    factcheck: Factcheck, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    refuse_listing(monkeypatch, corpus)
    outcome = check_json(factcheck, corpus)
    assert outcome.code == 0
    assert outcome.err_lines == [
        f"{corpus}: cannot list folder (permission denied); its articles are not checked"
    ]
    assert outcome.report()["articles"] == []


def test_extract_records_a_folder_that_cannot_be_listed(
    factcheck: Factcheck, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The claims file carries the diagnostic, so `compare` reports it too."""
    write(corpus, "2022/secret/hidden.txt", FRONT_TEXT)
    refuse_listing(monkeypatch, corpus / "2022" / "secret")
    claims = corpus.parent / "claims.jsonl"
    outcome = factcheck("extract", corpus, "--rules", RULES, "--output", claims)
    assert (outcome.code, outcome.err) == (0, "")
    compared = factcheck("compare", claims, "--rules", RULES, "--format", "json")
    assert compared.err_lines == [SECRET]
    assert len(compared.report()["articles"]) == 5


def test_chmod_000_folder(factcheck: Factcheck, corpus: Path, clean: dict[str, Any]) -> None:
    """The real thing where it works; as root (CI) the mode does not stop listing, so the
    cases above stand in for it."""
    locked = corpus / "2022" / "secret"
    write(corpus, "2022/secret/hidden.txt", FRONT_TEXT)
    outcome = _checked_while_locked(factcheck, corpus, locked, os.listdir, 0o755, "listing")
    assert outcome.err_lines == [SECRET]
    assert "2022/secret/hidden.txt" not in {a["id"] for a in outcome.report()["articles"]}
    assert_seeds_unharmed(outcome, clean)


def test_a_missing_path_is_a_usage_error(factcheck: Factcheck, tmp_path: Path) -> None:
    outcome = check_json(factcheck, tmp_path / "nope")
    assert (outcome.code, outcome.out) == (2, "")
    assert outcome.err_lines == [f"factcheck: {tmp_path / 'nope'}: no such file or folder"]


def test_a_corpus_with_nothing_readable(factcheck: Factcheck, tmp_path: Path) -> None:
    folder = tmp_path / "junk"
    write(folder, "a.txt", b"")
    write(folder, "b.txt", b"\x00\x01")
    outcome = check_json(factcheck, folder)
    assert outcome.code == 0
    assert outcome.err_lines == ["a.txt: empty file", "b.txt: binary file"]
    report = outcome.report()
    assert (report["articles"], report["claims"], report["findings"]) == ([], [], [])
