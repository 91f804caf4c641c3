"""`factcheck extract --executor dask`: the extract stage on dask.distributed gives the
claims the process pool gives (the dask extra is installed by CI)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.runs import CORPORA, RULES, cli, copy_corpus

distributed = pytest.importorskip("dask.distributed")


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """A local cluster with threads in this process, as a remote scheduler would be."""
    cluster = distributed.LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, dashboard_address=":0"
    )
    try:
        yield str(cluster.scheduler_address)
    finally:
        cluster.close()


def _extract(corpus: Path, output: Path, *flags: str) -> str:
    ran = cli(
        "extract", str(corpus), "--rules", str(RULES), "-o", str(output), "--no-cache", *flags
    )
    assert ran.code == 0, ran.err
    return output.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(CORPORA))
def test_a_dask_cluster_gives_the_claims_of_the_process_pool(
    name: str, scheduler: str, tmp_path: Path
) -> None:
    corpus = copy_corpus(CORPORA[name], tmp_path / name)
    expected = _extract(corpus, tmp_path / "pool.jsonl", "--jobs", "2")
    on_dask = _extract(
        corpus, tmp_path / "dask.jsonl", "--executor", "dask", "--scheduler", scheduler
    )
    assert on_dask == expected


def test_a_local_cluster_is_started_on_request(tmp_path: Path) -> None:
    corpus = copy_corpus(CORPORA["seeds"], tmp_path / "seeds")
    expected = _extract(corpus, tmp_path / "pool.jsonl")
    local = _extract(
        corpus, tmp_path / "local.jsonl", "--executor", "dask", "--scheduler", "local", "-j", "1"
    )
    assert local == expected


def test_an_unreachable_scheduler_is_a_usage_error(tmp_path: Path) -> None:
    corpus = copy_corpus(CORPORA["seeds"], tmp_path / "seeds")
    ran = cli(
        "extract", str(corpus), "--rules", str(RULES), "--no-cache",
        "--executor", "dask", "--scheduler", "tcp://127.0.0.1:9",
    )  # fmt: skip
    assert ran.code == 2
    assert "cannot reach the dask scheduler" in ran.err
