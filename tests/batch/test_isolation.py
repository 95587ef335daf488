"""Hostile inputs: every file ends as a result or a one-line error within its limits; the batch goes on."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest

from extractor.batch import run_batch
from tests.batch._inputs import script


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    script("make_hostile_corpus").make(folder, pages=10_000, bomb_mb=1200)
    return folder


@pytest.mark.slow
def test_hostile_corpus_completes_and_the_summary_counts_every_file(hostile, tmp_path, seed_export):
    shutil.copy(seed_export, hostile / "zz_good_export.txt")
    try:
        result = run_batch([str(hostile)], tmp_path / "out", workers=2, timeout=45, memory_mb=512, progress=False)
    finally:
        (hostile / "zz_good_export.txt").unlink()
    records = {p.name[: -len(".json")]: json.loads(p.read_text(encoding="utf-8"))
               for p in (tmp_path / "out" / "documents").glob("*.json")}
    assert len(records) == result.documents == 12
    for name, record in records.items():
        assert record["status"] in {"ok", "failed"}, name
        if record["status"] == "failed":
            assert record["error"] and "\n" not in record["error"] and len(record["error"]) < 200, name
            assert "Traceback" not in record["error"] and "internal error" not in record["error"], name
        assert record["seconds"] is not None and record["seconds"] <= 45 + 1, name
    errors = {name: record["error"] for name, record in records.items() if record["status"] == "failed"}
    assert errors["encrypted.pdf"] == "encrypted PDF; pass --password to open it"
    assert errors["not_a_pdf.pdf"] == "not a PDF (no %PDF- header)"
    assert errors["zero_bytes.pdf"] == "empty file"
    assert errors["zero_pages.pdf"] == "PDF has no pages"
    assert "truncated" in errors["truncated.pdf"] or "corrupt" in errors["truncated.pdf"]
    assert "no text layer" in errors["image_only.pdf"]
    assert errors["stream_bomb.pdf"] == "memory limit 512 MB exceeded"
    assert "empty.docx" in errors
    assert records["zz_good_export.txt"]["status"] == "ok"
    assert records["many_pages.pdf"]["status"] == "ok" and records["many_pages.pdf"]["pages"] == 10_000
    summary = (tmp_path / "out" / "summary.md").read_text(encoding="utf-8")
    ok = sum(r["status"] == "ok" for r in records.values())
    assert f"| 12 | {ok} | {len(errors)} | 12 | 0 |" in summary
    assert all(f"| {name} |" in summary for name in errors)
    table = pd.read_csv(tmp_path / "out" / "tables" / "errors.csv")
    assert sorted(table["document"]) == sorted(errors)


def test_a_document_past_its_time_limit_is_killed_and_the_next_runs_in_a_new_worker(tmp_path, seed_export):
    # 60,000 pages take minutes to read: far past the limit, while the good form needs about a second.
    slow_pdf = tmp_path / "many_pages.pdf"
    slow_pdf.write_bytes(script("make_hostile_corpus").many_pages_pdf(60_000))
    result = run_batch([str(slow_pdf), str(seed_export)], tmp_path / "out", workers=1, timeout=5, progress=False)
    slow = json.loads((tmp_path / "out" / "documents" / "many_pages.pdf.json").read_text(encoding="utf-8"))
    good = json.loads((tmp_path / "out" / "documents" / f"{seed_export.name}.json").read_text(encoding="utf-8"))
    assert slow["status"] == "failed" and slow["error"] == "timed out after 5 s"
    assert good["status"] == "ok" and len(good["changeform"]["rows"]) == 25
    assert result.failures == [("many_pages.pdf", "timed out after 5 s")]


def test_a_document_that_balloons_fails_with_the_memory_limit_and_the_worker_survives(hostile, tmp_path, seed_export):
    run_batch([str(hostile / "stream_bomb.pdf"), str(seed_export)], tmp_path / "out", workers=1, timeout=60,
              memory_mb=256, progress=False)
    bomb = json.loads((tmp_path / "out" / "documents" / "stream_bomb.pdf.json").read_text(encoding="utf-8"))
    good = json.loads((tmp_path / "out" / "documents" / f"{seed_export.name}.json").read_text(encoding="utf-8"))
    assert bomb["status"] == "failed" and bomb["error"] == "memory limit 256 MB exceeded"
    assert good["status"] == "ok"
    assert bomb["worker"]["pid"] == good["worker"]["pid"]
