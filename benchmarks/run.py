"""Benchmarks of `factcheck check` on generated corpora, against the floor of reading the
files and scanning them once for every cue of the rule pack.

For each size N it generates a corpus (`benchmarks/generate.py`, into a temporary or
given folder, never into the repository) and measures, each as a subprocess of its own
so that peak RSS is that run's (`os.wait4`):

* floor (re): read every file and run one compiled regex of every cue phrase of the
  rule pack over it, built with `checker.extract.cues.compile_cues` (Python `re`, the
  semantics of the cue matcher): what one scan for cues costs when done naively;
* floor (RE2): the same phrases as one RE2 automaton (ASCII word boundaries instead of
  lookarounds): the cheapest single scan we know of;
* cold: `factcheck check` with an empty claims cache;
* warm: the same again (everything from the cache);
* warm + 1: after adding one generated article (and its manifest entry).

and prints, then writes to RESULTS.md, wall time, articles/s, MB/s, peak RSS, claims and
findings, and each run's ratio to both floors.  Benchmarks are not tests: nothing here
is asserted, and CI does not run it.

    python benchmarks/run.py --sizes 1000,10000,100000 [--jobs 2] [--workdir DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules"
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
STATS = re.compile(
    r"(?P<articles>\d+) articles: (?P<extracted>\d+) extracted, (?P<read>\d+) read,"
    r" (?P<cached>\d+) from the cache; (?P<groups>\d+) claim groups,"
    r" (?P<computed>\d+) compared again \((?P<times>[^)]*)\)"
)
SUMMARY = re.compile(
    r"(?P<articles>[\d,]+) articles?, (?P<claims>[\d,]+) claims?: (?P<errors>\d+) errors?,"
    r" (?P<warnings>\d+) warnings?, (?P<notes>\d+) notes?"
)


@dataclass
class Run:
    """One measured subprocess."""

    name: str
    seconds: float
    rss_mb: float
    claims: int | None = None
    findings: int | None = None
    detail: dict[str, str] = field(default_factory=dict)


@dataclass
class Size:
    articles: int
    megabytes: float
    runs: list[Run] = field(default_factory=list)

    def run(self, name: str) -> Run:
        return next(r for r in self.runs if r.name == name)


# --- the floor (run in a subprocess: `run.py --floor re|re2 CORPUS`) ---------------------


def cue_phrases() -> list[str]:
    """Every cue phrase of the shipped rule pack: facts' (and their items') and events'."""
    from checker.pipeline import compile_rules

    rules = compile_rules([RULES])
    phrases = {p for f in rules.facts.values() if f.triggers for p in f.triggers.phrases}
    phrases |= {p for e in rules.events for p in e.cues.phrases}
    return sorted(phrases)


def floor_pattern(engine: str) -> object:
    from checker.extract.cues import _phrase_pattern, compile_cues

    phrases = cue_phrases()
    if engine == "re":
        return compile_cues(phrases)
    import re2

    ordered = sorted(phrases, key=lambda p: (-len(p), p))
    source = "|".join(f"(?:{_phrase_pattern(p)})" for p in ordered)
    source = source.replace(r"(?<![\w])", r"\b").replace(r"(?![\w])", r"\b")
    options = re2.Options()
    options.case_sensitive = False
    options.max_mem = 256 << 20
    return re2.compile(source, options)


def floor(engine: str, corpus: Path) -> dict[str, float]:
    """Read every article file and count the pattern's matches: read + scan only."""
    pattern = floor_pattern(engine)
    finditer = pattern.finditer  # type: ignore[attr-defined]
    started = time.perf_counter()
    files = matches = size = 0
    for folder, subfolders, names in os.walk(corpus):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
        for name in sorted(names):
            if name.endswith((".txt", ".md")):
                raw = Path(folder, name).read_bytes()
                size += len(raw)
                files += 1
                matches += sum(1 for _ in finditer(raw.decode("utf-8")))
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "files": files, "bytes": size, "matches": matches}


# --- measuring --------------------------------------------------------------------------


def measure(name: str, argv: Sequence[str], env: dict[str, str]) -> tuple[Run, str, str]:
    """Run a subprocess to its end; wall time and its own peak RSS (not its parent's)."""
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen(argv, stdout=out, stderr=err, env=env, cwd=ROOT)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if process.returncode not in (0, 1):
        raise RuntimeError(f"{name} failed ({process.returncode}): {stderr.strip()}")
    return Run(name, seconds, usage.ru_maxrss / 1024), stdout, stderr


FLOOR_REPEATS = {"re2": 3, "re": 1}
"""Runs of each floor; the fastest counts.  A floor slowed by a busy machine would flatter
every ratio to it, so the RE2 floor (about a second at N = 10,000) is timed three times;
the `re` floor takes minutes and is far from any target."""


def measure_floor(engine: str, corpus: Path, env: dict[str, str]) -> Run:
    argv = [sys.executable, str(Path(__file__).resolve()), "--floor", engine, str(corpus)]
    runs: list[tuple[float, Run, dict[str, float]]] = []
    for _ in range(FLOOR_REPEATS[engine]):
        run, stdout, _ = measure(f"floor ({'RE2' if engine == 're2' else 're'})", argv, env)
        data = json.loads(stdout)
        runs.append((data["seconds"], run, data))
    seconds, run, data = min(runs, key=lambda r: r[0])
    run.detail = {"process": f"{run.seconds:.2f}s", "matches": str(int(data["matches"]))}
    if len(runs) > 1:
        run.detail["best of"] = " / ".join(f"{r[0]:.2f}s" for r in runs)
    run.seconds = seconds  # read + scan only: the process start is not the floor
    return run


def measure_check(name: str, corpus: Path, jobs: int, env: dict[str, str]) -> Run:
    report = corpus.parent / f"{corpus.name}-report.txt"
    argv = [
        sys.executable, "-m", "checker", "check", str(corpus), "--rules", str(RULES),
        "--jobs", str(jobs), "--quiet", "--fail-on", "never", "--output", str(report),
    ]  # fmt: skip
    run, _, stderr = measure(name, argv, {**env, "FACTCHECK_STATS": "1"})
    summary = SUMMARY.search(report.read_text(encoding="utf-8").splitlines()[-1])
    if summary is not None:
        run.claims = int(summary["claims"].replace(",", ""))
        run.findings = sum(int(summary[k]) for k in ("errors", "warnings", "notes"))
    stats = STATS.search(stderr)
    if stats is not None:
        keys = ("extracted", "read", "cached", "groups", "computed", "times")
        run.detail = {k: stats[k] for k in keys}
    return run


def bench_size(count: int, jobs: int, workdir: Path, skip_re_floor: bool) -> Size:
    from benchmarks import generate

    corpus = workdir / f"corpus-{count}"
    if corpus.exists():
        shutil.rmtree(corpus)
    started = time.perf_counter()
    state = generate.generate(corpus, count, seed=1, planted=0.02)
    print(f"\nN = {count:,}: generated in {time.perf_counter() - started:.1f}s", flush=True)
    size = Size(count, int(state["bytes"]) / 1e6)  # type: ignore[call-overload]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("CI", None)
    for engine in ["re2"] if skip_re_floor else ["re", "re2"]:
        record(size, measure_floor(engine, corpus, env))
    record(size, measure_check("cold", corpus, jobs, env))
    record(size, measure_check("warm", corpus, jobs, env))
    generate.add_article(corpus)
    record(size, measure_check("warm + 1", corpus, jobs, env))
    shutil.rmtree(corpus)
    return size


def record(size: Size, run: Run) -> None:
    size.runs.append(run)
    print("  " + line(size, run), flush=True)


# --- reporting --------------------------------------------------------------------------


def line(size: Size, run: Run) -> str:
    rate = size.articles / run.seconds
    found = "" if run.claims is None else f"{run.claims:,} claims, {run.findings} findings, "
    detail = ", ".join(f"{k} {v}" for k, v in run.detail.items())
    return (
        f"{run.name:<12} {run.seconds:8.2f}s {rate:9,.0f} articles/s"
        f" {size.megabytes / run.seconds:7.2f} MB/s {run.rss_mb:7.0f} MB RSS  {found}{detail}"
    )


def _ratio(run: Run, floor: Run | None) -> str:
    return f"{run.seconds / floor.seconds:.2f}×" if floor is not None else "–"


def table(sizes: Sequence[Size]) -> list[str]:
    rows = [
        "| N | run | wall s | articles/s | MB/s | peak RSS MB | claims | findings |"
        " ÷ floor (re) | ÷ floor (RE2) | what the run did |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for size in sizes:
        floors = {r.name: r for r in size.runs if r.name.startswith("floor")}
        for run in size.runs:
            detail = "; ".join(f"{k} {v}" for k, v in run.detail.items())
            rows.append(
                f"| {size.articles:,} | {run.name} | {run.seconds:.2f} |"
                f" {size.articles / run.seconds:,.0f} | {size.megabytes / run.seconds:.2f} |"
                f" {run.rss_mb:.0f} | {'' if run.claims is None else f'{run.claims:,}'} |"
                f" {'' if run.findings is None else run.findings} |"
                f" {_ratio(run, floors.get('floor (re)'))} |"
                f" {_ratio(run, floors.get('floor (RE2)'))} |"
                f" {detail} |"
            )
    return rows


def targets(sizes: Sequence[Size]) -> list[str]:
    """The issue's targets, each judged on this run's figures."""
    by_n = {s.articles: s for s in sizes}
    out = []
    if 10_000 in by_n:
        s = by_n[10_000]
        cold = s.run("cold").seconds
        for floor_name in ("floor (re)", "floor (RE2)"):
            found = [r for r in s.runs if r.name == floor_name]
            if found:
                ratio = cold / found[0].seconds
                verdict = "met" if ratio <= 4 else f"not met (by {ratio / 4:.1f}×)"
                out.append(
                    f"- Cold check at N = 10,000 ≤ 4× {floor_name}: {ratio:.2f}× — {verdict}"
                )
    if 100_000 in by_n:
        s = by_n[100_000]
        warm1, cold = s.run("warm + 1").seconds, s.run("cold").seconds
        out.append(
            f"- Warm re-check after adding one article at N = 100,000 under 2 s: {warm1:.2f}s — "
            + ("met" if warm1 < 2 else f"not met (by {warm1 - 2:.2f}s, {warm1 / 2:.2f}×)")
        )
        speedup = cold / warm1
        out.append(
            f"- … and at least 30× faster than cold: {speedup:.0f}× — "
            + ("met" if speedup >= 30 else "not met")
        )
        rss = s.run("cold").rss_mb
        verdict = "met" if rss <= 1024 else "not met"
        out.append(f"- Peak RSS at N = 100,000 ≤ 1 GiB: {rss:.0f} MB — {verdict}")
        if 10_000 in by_n:
            scale = cold / by_n[10_000].run("cold").seconds
            out.append(
                f"- time(100,000) / time(10,000) ≤ 11 for cold runs: {scale:.2f} — "
                + ("met" if scale <= 11 else "not met")
            )
    return out


def machine(load_at_start: tuple[float, float, float]) -> str:
    model = "unknown CPU"
    with open("/proc/cpuinfo", encoding="utf-8") as info:
        for row in info:
            if row.startswith("model name"):
                model = row.split(":", 1)[1].strip()
                break
    return (
        f"{os.cpu_count()} × {model}, Python {platform.python_version()},"
        f" {platform.system()} {platform.release()}; load average at the start"
        f" {_load(load_at_start)}, at the end {_load(os.getloadavg())}"
    )


def _load(load: tuple[float, float, float]) -> str:
    return " / ".join(f"{x:.2f}" for x in load)


def commit() -> str:
    try:
        done = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        )
        return done.stdout.strip() or "unknown"
    except OSError:
        return "unknown"


def write_results(
    sizes: Sequence[Size],
    jobs: int,
    path: Path,
    notes: str,
    load_at_start: tuple[float, float, float],
) -> None:
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# Benchmark results",
        "",
        f"`python benchmarks/run.py` at commit {commit()}, {when}; {machine(load_at_start)}.",
        f"`factcheck check --jobs {jobs}` with the shipped rules on corpora from"
        " `benchmarks/generate.py` (seed 1, 2 % planted contradictions); console report to a file.",
        "",
        *table(sizes),
        "",
        "## Targets",
        "",
        *(targets(sizes) or ["- (needs N = 10,000 and 100,000)"]),
    ]
    if notes:
        lines += ["", notes.strip()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="comma-separated Ns")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--workdir", type=Path, help="where to generate (default: a temp dir)")
    parser.add_argument("--results", type=Path, default=RESULTS, help="Markdown table to write")
    parser.add_argument("--notes", type=Path, help="a Markdown file appended to the results")
    parser.add_argument(
        "--skip-re-floor-above",
        type=int,
        default=10**9,
        metavar="N",
        help="time only the RE2 floor for larger corpora (the re floor is slow)",
    )
    parser.add_argument("--floor", nargs=2, metavar=("ENGINE", "CORPUS"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.floor:
        print(json.dumps(floor(args.floor[0], Path(args.floor[1]))))
        return 0
    sys.path.insert(0, str(ROOT))
    load_at_start = os.getloadavg()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="factcheck-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    sizes = [
        bench_size(int(n), args.jobs, workdir, int(n) > args.skip_re_floor_above)
        for n in args.sizes.split(",")
    ]
    notes = args.notes.read_text(encoding="utf-8") if args.notes else ""
    write_results(sizes, args.jobs, args.results, notes, load_at_start)
    print(f"\nwritten to {args.results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
