"""Helpers for tests that run whole checks: corpus copies and CLI runs with captured output.

Checks with the cache write `.factcheck/` into the corpus folder, so these tests work on
copies in a temporary folder, never on the corpora in the repository.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from checker.cli import run
from checker.model import ExitCode

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "rules"
SEEDS = ROOT / "seeds"
DEV = ROOT / "tests" / "data" / "dev" / "articles"
CORPORA = {"seeds": SEEDS, "dev": DEV}


@dataclass(frozen=True)
class Ran:
    code: ExitCode
    out: str
    err: str


def cli(*args: str) -> Ran:
    """`factcheck ARGS` through `checker.cli.run`, stdout and stderr captured."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run(list(args))
    return Ran(code, out.getvalue(), err.getvalue())


def copy_corpus(source: Path, target: Path) -> Path:
    """A copy of a corpus folder (articles and manifest) without any cache."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(".factcheck"))
    return target


def json_report(corpus: Path, *flags: str) -> bytes:
    """The JSON report of `factcheck check CORPUS FLAGS` with the shipped rules, as bytes."""
    output = corpus.parent / f"{corpus.name}-{abs(hash(flags))}.json"
    ran = cli("check", str(corpus), "--rules", str(RULES), "-f", "json", "-o", str(output), *flags)
    assert ran.code in (ExitCode.OK, ExitCode.FINDINGS), ran.err
    return output.read_bytes()


def age(path: Path, seconds: int = 60) -> None:
    """Files the cache may trust by their stat were written more than a moment before
    they were read (a just-written file could change again within the clock's tick)."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns - seconds * 1_000_000_000))


def age_all(corpus: Path) -> None:
    for path in corpus.rglob("*"):
        if path.is_file() and ".factcheck" not in path.parts:
            age(path)


def no_processes(*args: object, **options: object) -> object:
    """A stand-in for `ProcessPoolExecutor` on a machine that cannot start a process."""
    raise OSError(11, "Resource temporarily unavailable")
