"""Deterministic output: the JSON, SARIF and HTML reports of one corpus are byte-identical
across runs, across `PYTHONHASHSEED` values (set iteration order), across `--jobs`
settings (worker processes finish in any order) and with a cold or a warm claims cache.

Each configuration is one subprocess that writes all three reports; the corpus (seed,
development and blind articles under one manifest) is large enough that `--jobs` really
starts worker processes.
"""

from __future__ import annotations

import inspect
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from checker.commands.check import check
from checker.report import REPORTERS
from tests.robustness.helpers import REPO, RULES

FORMATS = tuple(f for f in ("json", "sarif", "html") if f in REPORTERS)
SOURCES = {
    "seeds": REPO / "seeds",
    "dev": REPO / "tests" / "data" / "dev" / "articles",
    "blind": REPO / "tests" / "data" / "blind" / "articles",
}
DRIVER = """
import sys
from checker.cli import run
corpus, out, *flags = sys.argv[1:]
for fmt in {formats!r}:
    code = run(["check", corpus, "--rules", {rules!r}, "--format", fmt,
                "--output", f"{{out}}/report.{{fmt}}", *flags])
    assert code == 1, code
"""


def _has_option(name: str) -> bool:
    return name in inspect.signature(check).parameters


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Seed, dev and blind articles in sub-folders, with one manifest for all of them."""
    root = tmp_path_factory.mktemp("determinism") / "corpus"
    entries = []
    for name, source in SOURCES.items():
        (root / name).mkdir(parents=True)
        for path in source.glob("*.txt"):
            (root / name / path.name).write_bytes(path.read_bytes())
        manifest = yaml.safe_load((source / "corpus.yaml").read_text(encoding="utf-8"))
        entries += [{**e, "file": f"{name}/{e['file']}"} for e in manifest["articles"]]
    (root / "corpus.yaml").write_text(yaml.safe_dump({"articles": entries}), encoding="utf-8")
    return root


def _reports(corpus: Path, out: Path, seed: str, *flags: str) -> dict[str, bytes]:
    out.mkdir(parents=True)
    driver = DRIVER.format(formats=FORMATS, rules=str(RULES))
    env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(REPO), "NO_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, "-c", driver, str(corpus), str(out), *flags],
        cwd=out,
        env=env,
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()
    assert b"Traceback" not in done.stderr
    return {fmt: (out / f"report.{fmt}").read_bytes() for fmt in FORMATS}


@pytest.fixture(scope="module")
def reference(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("reference")
    return _reports(corpus, out / "run", "0", *_flags(jobs=1, cache=False))


def _flags(*, jobs: int | None, cache: bool) -> list[str]:
    flags = [] if cache or not _has_option("no_cache") else ["--no-cache"]
    if jobs is not None and _has_option("jobs"):
        flags += ["--jobs", str(jobs)]
    return flags


def test_html_is_compared_too() -> None:
    if "html" not in REPORTERS:
        pytest.skip("no 'html' reporter in checker.report.REPORTERS: HTML output untested")
    assert "html" in FORMATS


def test_the_corpus_makes_workers_start(corpus: Path) -> None:
    from checker.extraction import INLINE_BELOW

    assert len(list(corpus.rglob("*.txt"))) >= INLINE_BELOW


@pytest.mark.parametrize(
    ("seed", "jobs"),
    [("0", 1), ("1", 1), ("4242", 1)],
    ids=["same-settings-again", "hash-seed-1", "hash-seed-4242"],
)
def test_identical_across_runs_and_hash_seeds(
    corpus: Path, tmp_path: Path, reference: dict[str, bytes], seed: str, jobs: int
) -> None:
    assert _reports(corpus, tmp_path / "run", seed, *_flags(jobs=jobs, cache=False)) == reference


@pytest.mark.parametrize(("seed", "jobs"), [("2", 2), ("3", 4)], ids=["jobs-2", "jobs-4"])
def test_identical_across_jobs(
    corpus: Path, tmp_path: Path, reference: dict[str, bytes], seed: str, jobs: int
) -> None:
    if not _has_option("jobs"):
        pytest.skip("`check --jobs` is not implemented yet")
    assert _reports(corpus, tmp_path / "run", seed, *_flags(jobs=jobs, cache=False)) == reference


def test_identical_with_a_cold_and_a_warm_cache(
    corpus: Path, tmp_path: Path, reference: dict[str, bytes]
) -> None:
    if not _has_option("no_cache"):
        pytest.skip("the claims cache (`check --no-cache`) is not implemented yet")
    cached = tmp_path / "cached"
    (cached).mkdir()
    for path in corpus.rglob("*"):  # a private copy: the cache lives beside the corpus
        target = cached / path.relative_to(corpus)
        if path.is_dir():
            target.mkdir(exist_ok=True)
        else:
            target.write_bytes(path.read_bytes())
    cold = _reports(cached, tmp_path / "cold", "5", *_flags(jobs=2, cache=True))
    assert (cached / ".factcheck").is_dir()
    warm = _reports(cached, tmp_path / "warm", "6", *_flags(jobs=2, cache=True))
    assert cold == warm
    # the same articles in another folder: JSON names articles by id only; SARIF also
    # records the corpus folder (originalUriBaseIds), and nothing else differs
    assert cold["json"] == reference["json"]
    here, there = (cached.as_uri() + "/").encode(), (corpus.as_uri() + "/").encode()
    assert cold["sarif"].count(here) == 1
    assert cold["sarif"].replace(here, there) == reference["sarif"]
