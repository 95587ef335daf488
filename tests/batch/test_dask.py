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
    (hostile / "many_pages.pdf").write_bytes(maker.many_pages_pdf(10_000))
    (hostile / "stream_bomb.pdf").write_bytes(maker.bomb_pdf(800))
    result = run_batch([str(hostile), str(seed_export)], tmp_path / "out", workers=2, executor="dask", timeout=3,
                       memory_mb=300, progress=False)
    assert dict(result.failures) == {"many_pages.pdf": "timed out after 3 s",
                                     "stream_bomb.pdf": "memory limit 300 MB exceeded"}
    good = json.loads((tmp_path / "out" / "documents" / f"{seed_export.name}.json").read_text(encoding="utf-8"))
    assert good["status"] == "ok" and len(good["changeform"]["rows"]) == 25
