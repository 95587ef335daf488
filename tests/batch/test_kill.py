"""A batch killed with SIGKILL mid-run loses nothing already written, and --resume completes it."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pandas as pd
import psutil
import pytest

from extractor.batch import run_batch
from tests.batch._inputs import generated_forms


def _done(ledger) -> int:
    if not ledger.exists():
        return 0
    try:
        with sqlite3.connect(ledger, timeout=1) as db:
            return db.execute("SELECT COUNT(*) FROM documents WHERE status IN ('ok', 'failed')").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def _assert_only_whole_files(out):
    for path in (out / "documents").glob("*.json"):
        record = json.loads(path.read_text(encoding="utf-8"))
        assert record["status"] in {"ok", "failed"} and record["name"] == path.name[: -len(".json")]
    for path in (out / "tables").glob("*.parquet") if (out / "tables").exists() else ():
        pd.read_parquet(path)


@pytest.mark.slow
def test_sigkill_mid_run_then_resume_completes_with_all_outputs_valid(tmp_path):
    inputs = tmp_path / "incoming"
    generated_forms(inputs, 16, seed=5)
    (inputs / "notes.txt").write_text("Plain notes, not a change form.\n", encoding="utf-8")
    out = tmp_path / "results"
    process = subprocess.Popen([sys.executable, "-m", "extractor", "batch", str(inputs), "--out", str(out),
                                "--workers", "1"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    children: list[psutil.Process] = []
    deadline = time.monotonic() + 120
    while _done(out / "ledger.sqlite") < 4 and process.poll() is None and time.monotonic() < deadline:
        children = psutil.Process(process.pid).children(recursive=True) or children
        time.sleep(0.05)
    assert process.poll() is None, "the batch finished before it could be killed; make it longer"
    children = psutil.Process(process.pid).children(recursive=True) or children
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    # Orphaned workers notice that their parent is gone and exit.
    _, alive = psutil.wait_procs(children, timeout=15)
    for child in alive:
        child.kill()
    assert not alive, f"worker processes outlived the killed batch: {[c.pid for c in alive]}"

    done_before = _done(out / "ledger.sqlite")
    assert 4 <= done_before < 17
    _assert_only_whole_files(out)

    result = run_batch([str(inputs)], out, resume=True, workers=1, progress=False)
    assert result.documents == 17 and result.reused >= done_before
    assert result.processed == 17 - result.reused
    _assert_only_whole_files(out)
    assert not [p for p in out.rglob(".*.part")]
    assert len(list((out / "documents").glob("*.json"))) == 17
    documents = pd.read_parquet(out / "tables" / "documents.parquet")
    assert sorted(documents["document"]) == sorted([f"form_{i:03d}.pdf" for i in range(16)] + ["notes.txt"])
    with sqlite3.connect(out / "ledger.sqlite") as db:
        statuses = dict(db.execute("SELECT status, COUNT(*) FROM documents GROUP BY status").fetchall())
    assert statuses.get("running", 0) == 0 and sum(statuses.values()) == 17
