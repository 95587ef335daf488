"""The Dask executor: same results as the local pool on a 2-worker LocalCluster of processes."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from extractor.batch import run_batch
from tests.batch._inputs import mixed_inputs, script

pytest.importorskip("distributed")


@pytest.mark.slow
def test_dask_local_cluster_gives_the_same_tables_as_the_local_pool(tmp_path, seed_export):
    inputs = mixed_inputs(tmp_path / "incoming", seed_export, forms=3)
    local = run_batch([str(inputs)], tmp_path / "local", workers=1, progress=False)
    dask = run_batch([str(inputs)], tmp_path / "dask", workers=2, executor="dask", progress=False)
    assert (dask.documents, dask.processed, dask.failed) == (local.documents, local.processed, local.failed) == (6, 6, 1)
    for table in ("documents", "rows", "thresholds", "doses", "findings", "errors"):
        a = pd.read_parquet(tmp_path / "local" / "tables" / f"{table}.parquet").drop(columns=["seconds", "cpu_seconds"], errors="ignore")
        b = pd.read_parquet(tmp_path / "dask" / "tables" / f"{table}.parquet").drop(columns=["seconds", "cpu_seconds"], errors="ignore")
        pd.testing.assert_frame_equal(a, b, check_dtype=False)
    workers = [json.loads(p.read_text(encoding="utf-8"))["worker"] for p in (tmp_path / "dask" / "documents").glob("*.json")]
    assert all(worker["contexts_loaded"] == 1 for worker in workers)
    assert "executor dask with 2 workers" in (tmp_path / "dask" / "summary.md").read_text(encoding="utf-8")


@pytest.mark.slow
def test_dask_worker_past_its_time_limit_is_restarted_and_memory_cap_applies(tmp_path, seed_export):
    hostile = tmp_path / "hostile"
    maker = script("make_hostile_corpus")
    hostile.mkdir()
    (hostile / "many_pages.pdf").write_bytes(maker.many_pages_pdf(60_000))
    (hostile / "stream_bomb.pdf").write_bytes(maker.bomb_pdf(800))
    result = run_batch([str(hostile), str(seed_export)], tmp_path / "out", workers=2, executor="dask", timeout=5,
                       memory_mb=300, progress=False)
    assert dict(result.failures) == {"many_pages.pdf": "timed out after 5 s",
                                     "stream_bomb.pdf": "memory limit 300 MB exceeded"}
    good = json.loads((tmp_path / "out" / "documents" / f"{seed_export.name}.json").read_text(encoding="utf-8"))
    assert good["status"] == "ok" and len(good["changeform"]["rows"]) == 25


@pytest.mark.slow
def test_scheduler_address_connects_to_a_running_cluster(tmp_path, seed_export):
    from distributed import LocalCluster

    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
        result = run_batch([str(seed_export)], tmp_path / "out", executor="dask", scheduler=cluster.scheduler_address,
                           progress=False)
    assert (result.documents, result.processed, result.failed) == (1, 1, 0)
    record = json.loads((tmp_path / "out" / "documents" / f"{seed_export.name}.json").read_text(encoding="utf-8"))
    assert record["kind"] == "changeform" and len(record["changeform"]["rows"]) == 25


def test_unreachable_scheduler_is_a_one_line_usage_error(tmp_path, seed_export, capsys):
    from extractor.cli import main

    status = main(["batch", str(seed_export), "--out", str(tmp_path / "out"), "--executor", "dask",
                   "--scheduler", "tcp://127.0.0.1:9"])
    err = capsys.readouterr().err.strip().splitlines()
    assert status == 2 and len(err) == 1 and "cannot connect to Dask scheduler tcp://127.0.0.1:9" in err[0]
