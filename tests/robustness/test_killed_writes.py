"""A run killed while it writes (SIGKILL: no cleanup handler runs) leaves the previous
file byte for byte, for every file the tool writes: reports (`check --output`),
baselines, review decisions, claims files and the claims cache.

The child process runs the real CLI with one change: every file opened for writing in
the target's folder writes in 1 KB pieces with a pause between them, and a marker file
appears once the first piece is written.  The test kills the child as soon as the
marker appears - mid-write by construction, whatever the writer's implementation - and
then checks the target.  A writer that truncated the target first would leave a
fragment; an atomic one leaves the old file and, at most, a hidden partial temporary.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.robustness.helpers import REPO, RULES, copy_seeds

SLOW_WRITES = r"""
import io, os, sys, time

watch = os.path.realpath(os.environ["FC_WATCH"])
marker = os.environ["FC_STARTED"]
_open = io.open


def _path(file):
    if isinstance(file, int):
        try:
            return os.readlink(f"/proc/self/fd/{file}")
        except OSError:
            return ""
    return os.path.realpath(os.fspath(file))


class Slow:
    def __init__(self, handle):
        self._handle = handle

    def write(self, data):
        for i in range(0, len(data), 1024):
            self._handle.write(data[i : i + 1024])
            self._handle.flush()
            if not os.path.exists(marker):
                with _open(marker, "w") as m:
                    m.write("started")
            time.sleep(0.02)
        return len(data)

    def __getattr__(self, name):
        return getattr(self._handle, name)

    def __iter__(self):
        return iter(self._handle)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return self._handle.__exit__(*exc)


def slow_open(file, mode="r", *args, **kwargs):
    handle = _open(file, mode, *args, **kwargs)
    writing = any(flag in mode for flag in "wax+")
    if writing and os.path.dirname(_path(file)) == watch:
        return Slow(handle)
    return handle


io.open = slow_open
import builtins

builtins.open = slow_open
sys.argv = ["factcheck", *sys.argv[1:]]
from checker.cli import main

main()
"""


def _child(tmp_path: Path, watch: Path, args: list[str]) -> tuple[subprocess.Popen[bytes], Path]:
    return _start(tmp_path, "slow_writes.py", SLOW_WRITES, args, FC_WATCH=str(watch), NO_COLOR="1")


def _start(
    tmp_path: Path, name: str, source: str, args: list[str], **env: str
) -> tuple[subprocess.Popen[bytes], Path]:
    """Run `source` as a script with `args`; it touches the returned marker once started."""
    script = tmp_path / name
    script.write_text(source, encoding="utf-8")
    marker = tmp_path / "started"
    env = {**os.environ, **env, "FC_STARTED": str(marker), "PYTHONPATH": str(REPO)}
    child = subprocess.Popen(
        [sys.executable, str(script), *args],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    return child, marker


def _kill_mid_write(child: subprocess.Popen[bytes], marker: Path) -> None:
    deadline = time.monotonic() + 120
    while not marker.exists():
        if child.poll() is not None:
            assert child.stderr is not None
            pytest.fail(f"finished before writing: {child.stderr.read().decode()}")
        assert time.monotonic() < deadline, "never started writing"
        time.sleep(0.005)
    child.send_signal(signal.SIGKILL)
    assert child.wait(timeout=30) == -signal.SIGKILL


def _leftovers(folder: Path, target: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p != target)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return copy_seeds(tmp_path / "corpus")


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def _assert_intact(out: Path, target: Path, previous: bytes) -> None:
    """The old bytes, and nothing else but (at most) a hidden partial temporary file."""
    assert target.read_bytes() == previous
    for extra in _leftovers(out, target):
        assert extra.name.startswith(f".{target.name}.")
        assert extra.name.endswith(".tmp")


@pytest.mark.parametrize("fmt", ["json", "sarif", "html", "junit", "markdown"])
def test_check_output_killed_mid_write(tmp_path: Path, corpus: Path, out: Path, fmt: str) -> None:
    target = out / f"report.{fmt}"
    previous = b"the previous report\n" * 100
    target.write_bytes(previous)
    args = ["check", str(corpus), "--rules", str(RULES), "--format", fmt, "--no-cache"]
    child, marker = _child(tmp_path, out, [*args, "--output", str(target)])
    _kill_mid_write(child, marker)
    _assert_intact(out, target, previous)
    partial = _leftovers(out, target)
    assert len(partial) == 1  # killed mid-write: the temporary holds a fragment
    if fmt in ("json", "sarif"):
        with pytest.raises(json.JSONDecodeError):
            json.loads(partial[0].read_bytes())


def test_a_run_that_is_not_killed_replaces_the_file(
    tmp_path: Path, corpus: Path, out: Path
) -> None:
    target = out / "report.json"
    target.write_bytes(b"the previous report\n")
    args = ["check", str(corpus), "--rules", str(RULES), "--format", "json", "--no-cache"]
    child, _ = _child(tmp_path, out, [*args, "--output", str(target)])
    assert child.wait(timeout=120) == 1
    json.loads(target.read_bytes())
    assert _leftovers(out, target) == []


def test_baseline_create_killed_mid_write(tmp_path: Path, corpus: Path, out: Path) -> None:
    target = out / "baseline.json"
    previous = b'{"format": 1, "tool": "an older baseline"}\n' * 50
    target.write_bytes(previous)
    args = ["baseline", "create", str(corpus), "--rules", str(RULES), "--output", str(target)]
    child, marker = _child(tmp_path, out, args)
    _kill_mid_write(child, marker)
    _assert_intact(out, target, previous)


def test_review_set_killed_mid_write(
    tmp_path: Path, corpus: Path, out: Path, clean: dict[str, Any]
) -> None:
    first, second = (f["fingerprint"] for f in clean["findings"][:2])
    target = out / "reviews.yaml"
    notes = "".join(f"# an editor's comment, line {i}\n" for i in range(100))
    previous = f"{notes}reviews:\n  {first}:\n    status: confirmed\n    note: keep me\n".encode()
    target.write_bytes(previous)
    args = ["review", "set", second, str(corpus), "--rules", str(RULES), "--reviews", str(target)]
    child, marker = _child(tmp_path, out, [*args, "--status", "accepted", "--note", "known"])
    _kill_mid_write(child, marker)
    _assert_intact(out, target, previous)


def test_extract_output_killed_mid_write(tmp_path: Path, corpus: Path, out: Path) -> None:
    target = out / "claims.jsonl"
    previous = b'{"format": "factcheck-claims", "version": 1}\n' * 50
    target.write_bytes(previous)
    args = ["extract", str(corpus), "--rules", str(RULES), "--no-cache", "--output", str(target)]
    child, marker = _child(tmp_path, out, args)
    _kill_mid_write(child, marker)
    _assert_intact(out, target, previous)


SLOW_CACHE = r"""
import os, sqlite3, sys, time

marker = os.environ["FC_STARTED"]
_connect = sqlite3.connect


class Slow(sqlite3.Connection):
    def executemany(self, sql, rows):
        cursor = super().executemany(sql, rows)
        if "INTO claims" in sql:  # inside the transaction, before its COMMIT
            with open(marker, "w") as m:
                m.write("started")
            time.sleep(60)
        return cursor


def connect(*args, **kwargs):
    return _connect(*args, factory=Slow, **kwargs)


sqlite3.connect = connect
sys.argv = ["factcheck", *sys.argv[1:]]
from checker.cli import main

main()
"""


def test_cache_survives_a_run_killed_while_it_writes(tmp_path: Path, corpus: Path) -> None:
    """The claims cache is SQLite in WAL mode: a run killed inside a cache transaction
    (claims inserted, not yet committed) leaves a cache that the next runs use without
    a warning, giving exactly the report of a run without the cache."""
    args = ["check", str(corpus), "--rules", str(RULES), "--format", "json"]
    plain = [sys.executable, "-m", "checker", *args]
    reference = subprocess.run([*plain, "--no-cache"], cwd=tmp_path, capture_output=True)
    child, marker = _start(tmp_path, "slow_cache.py", SLOW_CACHE, args)
    _kill_mid_write(child, marker)
    assert (corpus / ".factcheck" / "cache.sqlite").exists()
    for _ in range(2):  # the first run rebuilds what the killed one did not commit
        done = subprocess.run(plain, cwd=tmp_path, capture_output=True, check=False)
        assert (done.returncode, done.stderr, done.stdout) == (
            reference.returncode,
            reference.stderr,
            reference.stdout,
        )
