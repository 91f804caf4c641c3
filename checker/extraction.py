"""The extract stage of a run: every article of a corpus to its claims, in parallel and
cached (DESIGN §8, §9).

Extraction is a pure function of (article, rulebook), so it maps over articles in any
order and on any number of processes or machines:

* `--jobs 1` (or a handful of articles) runs in this process;
* `--jobs N` runs a `ProcessPoolExecutor` of forked workers that inherit the compiled
  rulebook (where processes cannot be forked, each compiles it once from the rule
  files); work goes out as chunks of article paths, so each text is read by the worker
  that extracts it, and results stream back chunk by chunk;
* `--executor dask` maps the same chunks over a dask.distributed cluster.

What comes back is an `Extracted` per file: its metadata, diagnostics and claims in
the claim format.  Texts never come back, so the main process holds claims, not
articles.  The claims cache (`checker.cache`) is asked first: files unchanged since the
last run are not read at all, files whose content is known are read and hashed but not
extracted.
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checker import claimio
from checker.cache import ClaimsCache, Extracted, FileStat, Kept, claims_key, context_of, now_ns
from checker.corpus import (
    DEFAULT_MAX_BYTES,
    ManifestEntry,
    _path_problem,
    read_article,
    same_files,
)
from checker.extract.article import extract_article
from checker.extract.compiled import CompiledRulebook
from checker.model import Article, ArticleInfo, Claim, Diagnostic
from checker.progress import progress_bar
from checker.rulebook.loader import Rulebook, load_rulebook
from checker.scan import read_manifest_fast, scan

if TYPE_CHECKING:
    from checker.ahead import Ahead

INLINE_BELOW = 24  # fewer articles than this to extract: starting workers costs more
MAX_CHUNK = 200
MIN_CHUNK = 8
STORE_EVERY = 2000  # results written to the cache per transaction


@dataclass(frozen=True, slots=True)
class Task:
    """One file to read and extract, with its manifest entry and that entry's digest."""

    stat: FileStat
    entry: ManifestEntry | None
    entry_digest: str


@dataclass(frozen=True, slots=True)
class WorkerSpec:
    """What a worker needs to set itself up: the rules (as files, or the loaded rulebook
    for remote workers that do not share our disk), and the cache to consult."""

    rule_files: tuple[str, ...]
    rulebook_sha256: str
    rulebook: Rulebook | None
    cache_path: str | None
    context: str
    max_bytes: int


@dataclass
class RunStats:
    """What a run did, for `FACTCHECK_STATS=1` and for tests of the cache."""

    articles: int = 0
    read: int = 0
    extracted: int = 0
    cached: int = 0
    groups: int = 0  # claim groups compared
    groups_computed: int = 0  # ... of which not reused from the cache
    seconds: dict[str, float] = field(default_factory=dict)

    def line(self) -> str:
        times = ", ".join(f"{k} {v:.2f}s" for k, v in self.seconds.items())
        return (
            f"{self.articles} articles: {self.extracted} extracted, {self.read} read,"
            f" {self.cached} from the cache; {self.groups} claim groups,"
            f" {self.groups_computed} compared again ({times})"
        )


@dataclass(frozen=True, slots=True)
class ArticleClaims:
    """One file's outcome in corpus order: its article (None if unusable), diagnostics
    and claims.  `claims` is None when they were left in the cache under `key` (see
    `ExtractOptions.leave_claims`); `groups` names the claim groups they belong to."""

    article: ArticleInfo | None
    diagnostics: tuple[Diagnostic, ...]
    claims: tuple[Claim, ...] | None
    key: str | None = None
    groups: tuple[str, ...] = ()
    file_id: str = ""  # the article id, also for a file that is not a usable article

    def loaded(self) -> tuple[Claim, ...]:
        """The claims, which a run that left them in the cache must not ask for."""
        if self.claims is None:
            raise RuntimeError(f"claims of {self.key} were left in the cache")
        return self.claims


@dataclass(frozen=True, slots=True)
class Extraction:
    """The extract stage's result: the corpus-level diagnostics (paths, folders that
    cannot be listed, manifest) and each file's outcome, in article-id order.

    When claims were left in the cache (`ExtractOptions.leave_claims`), `cache` is
    still open for the compare stage (which closes it), `files` holds the files read in
    this run and `kept` the others, unchanged and undecoded; `complete` says whether
    the run covered every file the cache knows of this corpus."""

    root: Path
    diagnostics: tuple[Diagnostic, ...]
    files: tuple[ArticleClaims, ...]
    cache: ClaimsCache | None = None
    kept: Kept | None = None
    complete: bool = False


# --- one worker -------------------------------------------------------------------------


class Worker:
    """Extraction in one process: compiled rules, their year hint, a cache to consult."""

    def __init__(
        self, rules: CompiledRulebook, context: str, max_bytes: int, cache: ClaimsCache | None
    ) -> None:
        from checker.pipeline import year_hint

        self.rules = rules
        self.hint = year_hint(rules)
        self.context = context
        self.max_bytes = max_bytes
        self.cache = cache

    @classmethod
    def from_spec(cls, spec: WorkerSpec) -> Worker:
        rulebook = spec.rulebook or load_rulebook(spec.rule_files)
        if rulebook.sha256 != spec.rulebook_sha256:
            raise RuntimeError("the rule files changed while the run was starting")
        cache = _read_only_cache(spec)
        return cls(CompiledRulebook(rulebook), spec.context, spec.max_bytes, cache)

    def run(self, task: Task) -> Extracted:
        checked = now_ns()
        stat = task.stat
        article, diags = read_article(
            Path(stat.path), stat.id, task.entry, self.hint, max_bytes=self.max_bytes
        )
        if article is None:
            none = claimio.NO_CLAIMS
            return Extracted(stat, task.entry_digest, None, tuple(diags), none, False, checked)
        info = article_info(article)
        known = self._known(article)
        if known is not None:
            return Extracted(stat, task.entry_digest, info, tuple(diags), known, False, checked)
        claims = claimio.encode_claims(extract_article(article, self.rules))
        return Extracted(stat, task.entry_digest, info, tuple(diags), claims, True, checked)

    def _known(self, article: Article) -> bytes | None:
        if self.cache is None:
            return None
        key = claims_key(article.sha256, article.id, article.published, self.context)
        return self.cache.claims_for(key)


def article_info(article: Article) -> ArticleInfo:
    return ArticleInfo(
        id=article.id,
        path=str(article.path),
        published=article.published,
        date_source=article.date_source,
        outlet=article.outlet,
        url=article.url,
        title=article.title,
        sha256=article.sha256,
    )


def _read_only_cache(spec: WorkerSpec) -> ClaimsCache | None:
    """Workers only read the cache; the main process writes it."""
    if spec.cache_path is None:
        return None
    return ClaimsCache.reader(Path(spec.cache_path), spec.context)


_WORKER: Worker | None = None
_FORKED_RULES: CompiledRulebook | None = None  # the parent's, in a forked worker
_REMOTE: dict[str, Worker] = {}
_REMOTE_LOCK = threading.Lock()


def init_worker(spec: WorkerSpec) -> None:
    """ProcessPoolExecutor initializer: a forked worker takes the rules its parent
    compiled (the same rulebook, by its hash); any other compiles them once."""
    global _WORKER
    rules = _FORKED_RULES
    if rules is None or rules.rulebook.sha256 != spec.rulebook_sha256:
        _WORKER = Worker.from_spec(spec)
    else:
        _WORKER = Worker(rules, spec.context, spec.max_bytes, _read_only_cache(spec))


def run_chunk(tasks: Sequence[Task]) -> list[Extracted]:
    assert _WORKER is not None, "init_worker did not run"
    return [_WORKER.run(t) for t in tasks]


def run_chunk_remote(tasks: Sequence[Task], spec: WorkerSpec) -> list[Extracted]:
    """The dask task: one compiled rulebook per worker process, made on its first chunk."""
    with _REMOTE_LOCK:
        worker = _REMOTE.get(spec.rulebook_sha256)
        if worker is None:
            worker = _REMOTE[spec.rulebook_sha256] = Worker.from_spec(spec)
    return [worker.run(t) for t in tasks]


# --- executors --------------------------------------------------------------------------
# Each executor starts its work when called and returns an iterator over the results, so
# worker processes are started before the progress bar's thread is.


def chunks(tasks: Sequence[Task], jobs: int) -> list[list[Task]]:
    """Consecutive tasks (neighbouring files) in chunks that shrink towards the end
    (guided scheduling): each is a quarter of what is left per worker, so early chunks
    are large enough that sending them costs little, and the last ones so small that
    the workers finish together instead of one waiting out another's last chunk."""
    parts: list[list[Task]] = []
    at = 0
    while at < len(tasks):
        size = max(MIN_CHUNK, min(MAX_CHUNK, (len(tasks) - at) // (jobs * 4)))
        parts.append(list(tasks[at : at + size]))
        at += size
    return parts


def run_inline(tasks: Sequence[Task], worker: Worker) -> Iterator[Extracted]:
    return (worker.run(task) for task in tasks)


def run_processes(
    tasks: Sequence[Task], spec: WorkerSpec, jobs: int, rules: CompiledRulebook
) -> Iterator[Extracted]:
    """Chunks of tasks on a pool of `jobs` processes, started the platform's default way.
    Where that is a fork, the workers inherit `rules` instead of loading and compiling
    the rule files again."""
    global _FORKED_RULES
    parts = chunks(tasks, jobs)
    context = multiprocessing.get_context()
    _FORKED_RULES = rules if context.get_start_method() == "fork" else None
    pool = ProcessPoolExecutor(
        max_workers=min(jobs, len(parts)),
        mp_context=context,
        initializer=init_worker,
        initargs=(spec,),
    )
    try:
        futures = [pool.submit(run_chunk, part) for part in parts]
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    return _drain(pool, futures)


WORKERS_LOST = (OSError, BrokenProcessPool)  # no worker process could start, or one died


def falling_back(
    results: Iterator[Extracted],
    tasks: Sequence[Task],
    worker: Callable[[], Worker],
    warn: Callable[[str], None],
) -> Iterator[Extracted]:
    """The results of worker processes; when one is lost (killed, or the pool broke),
    the tasks they did not finish run in this process, after one warning, rather than
    the check failing."""
    done: set[str] = set()
    try:
        for result in results:
            done.add(result.stat.id)
            yield result
    except WORKERS_LOST as lost:
        yield from run_inline(
            [t for t in tasks if t.stat.id not in done], _here(lost, worker, warn)
        )


def _here(lost: BaseException, worker: Callable[[], Worker], warn: Callable[[str], None]) -> Worker:
    """The worker of this process, after saying why the worker processes are not used."""
    warn(f"worker processes unavailable ({lost or type(lost).__name__}); extracting here")
    return worker()


def _drain(
    pool: ProcessPoolExecutor, futures: list[Future[list[Extracted]]]
) -> Iterator[Extracted]:
    try:
        for future in as_completed(futures):
            yield from future.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


class ExecutorUnavailable(Exception):
    """The chosen executor cannot run here; the message says why in one line."""


def run_dask(
    tasks: Sequence[Task], spec: WorkerSpec, scheduler: str, jobs: int
) -> Iterator[Extracted]:
    """Map the chunks over a dask.distributed cluster: `scheduler` is its address, or
    `local` for a cluster on this machine (`jobs` worker processes; threads for one)."""
    try:
        distributed: Any = importlib.import_module("dask.distributed")  # an optional extra
    except ImportError:
        raise ExecutorUnavailable(
            "--executor dask needs dask.distributed: pip install 'factcheck[dask]'"
        ) from None
    cluster: Any = None
    try:
        if scheduler == "local":
            cluster = distributed.LocalCluster(
                n_workers=max(1, jobs),
                threads_per_worker=1,
                processes=jobs > 1,
                dashboard_address=":0",
            )
            client = distributed.Client(cluster)
        else:
            client = distributed.Client(scheduler, timeout=30)
    except (OSError, TimeoutError, ValueError) as failed:
        if cluster is not None:
            cluster.close()
        raise ExecutorUnavailable(
            f"cannot reach the dask scheduler {scheduler}: {failed}"
        ) from None
    futures = client.map(run_chunk_remote, chunks(tasks, max(1, jobs)), spec=spec, pure=False)
    return _drain_dask(client, cluster, futures)


def _drain_dask(client: Any, cluster: Any, futures: list[Any]) -> Iterator[Extracted]:
    distributed: Any = importlib.import_module("dask.distributed")
    try:
        for _, results in distributed.as_completed(futures, with_results=True):
            yield from results
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


# --- the stage --------------------------------------------------------------------------


def _ignore(message: str) -> None:
    return None


@dataclass(frozen=True)
class ExtractOptions:
    jobs: int = 1
    cache: bool = False
    progress: bool = False
    executor: str = "processes"  # or "dask"
    scheduler: str = "local"
    max_bytes: int = DEFAULT_MAX_BYTES
    inline_below: int = INLINE_BELOW  # fewer articles to extract: no worker processes
    warn: Callable[[str], None] = _ignore
    # Leave unchanged files' claims in the cache and keep it open for the compare stage,
    # which reuses the claim groups they belong to (`checker.groupstore`).
    leave_claims: bool = False
    ahead: Ahead | None = None  # a walk of the corpus begun earlier (`checker.ahead`)


def extract_corpus(
    corpus: Sequence[Path],
    rules: CompiledRulebook,
    options: ExtractOptions | None = None,
    stats: RunStats | None = None,
) -> Extraction:
    """Read and extract every article under `corpus`, from the cache where possible."""
    options = options or ExtractOptions()
    stats = stats if stats is not None else RunStats()
    clock = _Clock(stats)
    root, found, unlisted = scan(corpus, options.ahead)
    diags = [d for d in map(_path_problem, map(Path, corpus)) if d is not None]
    diags.extend(unlisted)
    files, same = _once_each(found)
    diags.extend(same)
    context = context_of(rules.rulebook.sha256, options.max_bytes)
    cache = ClaimsCache.open(root, context, options.warn) if options.cache else None
    leave = options.leave_claims and cache is not None
    if leave and cache is not None:
        cache.begin_records()  # checked while the manifest is read
    manifest, manifest_diags = read_manifest_fast(root, cache, (f.id for f in files))
    diags.extend(manifest_diags)
    digests = manifest.digests()
    kept = cache.kept(files, digests) if leave and cache is not None else None
    done = {} if leave else _from_cache(cache, files, digests, options)
    clock.lap("scan")

    def task(file: FileStat) -> Task:
        return Task(file, manifest.get(file.id), digests.get(file.id, ""))

    unread = kept.fresh if kept is not None else [f for f in files if f.id not in done]
    done.update(_extract(list(map(task, unread)), rules, options, cache, context, stats))
    clock.lap("extract")
    complete = _whole(corpus, root) and not unlisted  # unlisted articles are not gone
    if cache is not None:
        if complete:
            cache.forget_others(files)
        cache.keep_listing()
        if not leave:
            cache.close()
    if kept is not None and cache is not None and cache.failed:  # kept claims are lost
        lost = [task(f) for f in files if f.id not in done]
        done.update(_extract(lost, rules, options, None, context, stats))
    stats.articles = len(files)
    stats.cached = len(files) - stats.extracted
    if kept is None or cache is None or cache.failed:
        read = tuple(done[f.id] for f in files if f.id in done)
        return Extraction(root, tuple(diags), read)
    read = tuple(done[f.id] for f in kept.fresh if f.id in done)
    return Extraction(root, tuple(diags), read, cache, kept, complete)


def _once_each(found: list[FileStat]) -> tuple[list[FileStat], list[Diagnostic]]:
    """The files without those that are an earlier file again (`same_files`), and a note
    for each; when no two share an inode, as in any archive, without a look at each."""
    inodes = [f.ino for f in found if f.ino]
    if len(set(inodes)) == len(inodes):
        return found, []
    again, same = same_files((f.id, (f.ino, f.size, f.mtime_ns) if f.ino else None) for f in found)
    return [f for f in found if f.id not in again], same


def _from_cache(
    cache: ClaimsCache | None,
    files: Sequence[FileStat],
    digests: Mapping[str, str],
    options: ExtractOptions,
) -> dict[str, ArticleClaims]:
    """Outcomes of files unchanged since the cache saw them; a stored entry that does
    not decode is dropped (its file is read again) with one warning."""
    if cache is None:
        return {}
    done: dict[str, ArticleClaims] = {}
    damaged: list[str] = []
    for fid, hit in cache.known_files(files, digests).items():
        try:
            done[fid] = _outcome(hit, cache.context)
        except (ValueError, KeyError, TypeError):
            damaged.append(fid)
    if damaged:
        cache.forget(damaged)
        options.warn(
            f"cache {cache.path}: {len(damaged)} damaged entries; reading those articles again"
        )
    return done


def _outcome(result: Extracted, context: str) -> ArticleClaims:
    """A result with its claims decoded (and their groups named)."""
    if result.article is None:
        return ArticleClaims(None, result.diagnostics, (), file_id=result.stat.id)
    claims = tuple(claimio.decode_claims(result.claims))
    key = _key(result.article, context)
    names = claimio.group_names(claims)
    return ArticleClaims(result.article, result.diagnostics, claims, key, names, result.stat.id)


def _key(article: ArticleInfo, context: str) -> str:
    return claims_key(article.sha256, article.id, article.published, context)


def _decoded(
    result: Extracted,
    tasks: dict[str, Task],
    rules: CompiledRulebook,
    context: str,
    options: ExtractOptions,
) -> tuple[Extracted, ArticleClaims]:
    """A result and its decoded outcome; claims from a damaged cache entry are extracted
    again (and the entry is overwritten when results are stored)."""
    try:
        outcome = _outcome(result, context)
    except (ValueError, KeyError, TypeError):
        if result.extracted:
            raise  # our own fresh encoding does not decode: a defect, not damage
        options.warn(f"cache: damaged entry for {result.stat.id}; extracting it again")
        result = Worker(rules, context, options.max_bytes, None).run(tasks[result.stat.id])
        outcome = _outcome(result, context)
    return replace(result, groups=outcome.groups), outcome


def _extract(
    todo: Sequence[Task],
    rules: CompiledRulebook,
    options: ExtractOptions,
    cache: ClaimsCache | None,
    context: str,
    stats: RunStats,
) -> dict[str, ArticleClaims]:
    """Run the tasks; decode and cache results as they arrive, not at the end."""
    done: dict[str, ArticleClaims] = {}
    pending: list[Extracted] = []
    results = _executor(todo, rules, options, cache, context)
    tasks = {t.stat.id: t for t in todo}
    with progress_bar(len(todo), "extracting", options.progress, sys.stderr) as advance:
        for found in results:
            result, done[found.stat.id] = _decoded(found, tasks, rules, context, options)
            stats.read += 1
            stats.extracted += result.extracted
            pending.append(result)
            if cache is not None and len(pending) >= STORE_EVERY:
                cache.store(pending)
                pending = []
            advance(1)
    if cache is not None:
        cache.store(pending)
    return done


def _executor(
    todo: Sequence[Task],
    rules: CompiledRulebook,
    options: ExtractOptions,
    cache: ClaimsCache | None,
    context: str,
) -> Iterator[Extracted]:
    if not todo:
        return iter(())
    if cache is not None and not cache.holds_claims():
        cache = None  # nothing to look up: every article is extracted
    if options.executor == "dask":
        spec = _spec(rules, None, context, options, ship_rules=True)
        return run_dask(todo, spec, options.scheduler, options.jobs)
    if options.jobs <= 1 or len(todo) < options.inline_below:
        return run_inline(todo, Worker(rules, context, options.max_bytes, cache))
    spec = _spec(rules, cache, context, options, ship_rules=not rules.rulebook.files)

    def here() -> Worker:
        return Worker(rules, context, options.max_bytes, cache)

    try:
        started = run_processes(todo, spec, options.jobs, rules)
    except WORKERS_LOST as lost:  # not one worker process could start
        return run_inline(todo, _here(lost, here, options.warn))
    return falling_back(started, todo, here, options.warn)


def _spec(
    rules: CompiledRulebook,
    cache: ClaimsCache | None,
    context: str,
    options: ExtractOptions,
    *,
    ship_rules: bool,
) -> WorkerSpec:
    return WorkerSpec(
        rule_files=tuple(rules.rulebook.files),
        rulebook_sha256=rules.rulebook.sha256,
        rulebook=rules.rulebook if ship_rules else None,
        cache_path=str(cache.path) if cache is not None and not cache.failed else None,
        context=context,
        max_bytes=options.max_bytes,
    )


def _whole(corpus: Sequence[Path], root: Path) -> bool:
    """Whether this run covered the whole corpus root (so files it did not see are gone)."""
    return any(Path(os.path.abspath(p)) == root and p.is_dir() for p in corpus)


class _Clock:
    def __init__(self, stats: RunStats) -> None:
        self.stats = stats
        self.last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.stats.seconds[name] = now - self.last
        self.last = now
