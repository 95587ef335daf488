"""Batch runs end to end: outputs, tables, summary, ledger, resume, CLI exit statuses."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time

import pandas as pd
import pytest

from extractor.batch import run_batch
from extractor.batch.tables import TABLES
from extractor.changeform import read_changeform
from extractor.cli import main
from tests.batch._inputs import mixed_inputs


@pytest.fixture(scope="module")
def inputs(tmp_path_factory, seed_export):
    return mixed_inputs(tmp_path_factory.mktemp("incoming"), seed_export)


@pytest.fixture(scope="module")
def first_run(inputs, tmp_path_factory):
    out = tmp_path_factory.mktemp("results")
    result = run_batch([str(inputs)], out, workers=2, timeout=120, progress=False)
    return out, result


def test_batch_writes_one_json_per_document_with_unique_names(first_run, inputs):
    out, result = first_run
    names = sorted(p.name for p in (out / "documents").glob("*.json"))
    assert names == ["broken.pdf.json", "ig_changeform_export.txt.json", "pdf__form_000.pdf.json",
                     "pdf__form_001.pdf.json", "pdf__form_002.pdf.json", "pdf__form_003.pdf.json",
                     "policy.txt.json"]
    assert result.documents == 7 and result.processed == 7 and result.reused == 0
    seed = json.loads((out / "documents" / "ig_changeform_export.txt.json").read_text(encoding="utf-8"))
    assert seed["status"] == "ok" and seed["kind"] == "changeform"
    assert len(seed["changeform"]["rows"]) == 25 and seed["pages"] == 12
    assert len(seed["sha256"]) == 64 and seed["stages"]["read"] == "ok"
    policy = json.loads((out / "documents" / "policy.txt.json").read_text(encoding="utf-8"))
    assert policy["status"] == "ok" and policy["kind"] in {"policy", "document"}


def test_failed_document_is_listed_in_errors_and_the_batch_completes(first_run):
    out, result = first_run
    assert result.failed == 1
    broken = json.loads((out / "documents" / "broken.pdf.json").read_text(encoding="utf-8"))
    assert broken["status"] == "failed" and broken["error"] == "not a PDF (no %PDF- header)"
    errors = pd.read_parquet(out / "tables" / "errors.parquet")
    assert errors[["document", "error"]].values.tolist() == [["broken.pdf", "not a PDF (no %PDF- header)"]]


def test_tables_exist_in_parquet_and_csv_with_the_same_rows(first_run, seed_export):
    out, _ = first_run
    for name in TABLES:
        parquet = pd.read_parquet(out / "tables" / f"{name}.parquet")
        csv = pd.read_csv(out / "tables" / f"{name}.csv")
        assert len(parquet) == len(csv), name
        assert list(parquet.columns[:2]) == ["document", "source"], name
    rows = pd.read_parquet(out / "tables" / "rows.parquet")
    seed_rows = rows[rows["document"] == "ig_changeform_export.txt"]
    assert len(seed_rows) == 25
    # The table carries exactly what the change-form reader gives for the file.
    expected = read_changeform(str(seed_export)).records()
    for column in ("original", "new", "reason", "date"):
        assert seed_rows[column].tolist() == [record[column] for record in expected], column


def test_findings_table_matches_the_documents_findings(first_run):
    out, _ = first_run
    findings = pd.read_parquet(out / "tables" / "findings.parquet")
    expected = 0
    for path in (out / "documents").glob("*.json"):
        expected += len(json.loads(path.read_text(encoding="utf-8")).get("findings") or [])
    assert len(findings) == expected
    if expected:
        assert set(findings["severity"]) <= {"error", "warning", "info"}


def test_summary_counts_documents_failures_and_findings(first_run):
    out, result = first_run
    markdown = (out / "summary.md").read_text(encoding="utf-8")
    assert "| 7 | 6 | 1 | 7 | 0 |" in markdown
    assert "| broken.pdf | not a PDF (no %PDF- header) |" in markdown
    assert f"| findings | {result.summary['tables']['findings']} |" in markdown
    html = (out / "summary.html").read_text(encoding="utf-8")
    assert "<td class=\"error\">not a PDF (no %PDF- header)</td>" in html
    assert html.count("<tr>") >= 8


def test_ledger_records_hash_status_version_and_output(first_run):
    out, _ = first_run
    with sqlite3.connect(out / "ledger.sqlite") as db:
        rows = db.execute("SELECT name, sha256, status, error, tool_version, output, seconds FROM documents").fetchall()
    assert len(rows) == 7
    by_name = {row[0]: row for row in rows}
    assert by_name["broken.pdf"][2:4] == ("failed", "not a PDF (no %PDF- header)")
    assert all(row[4] == "0.1.0" and row[5] == f"documents/{row[0]}.json" for row in rows)
    assert all(row[2] in {"ok", "failed"} and row[6] is not None for row in rows)


def test_the_pipeline_context_loads_once_per_worker(first_run):
    out, _ = first_run
    workers = [json.loads(p.read_text(encoding="utf-8")).get("worker") for p in (out / "documents").glob("*.json")]
    pids = {worker["pid"] for worker in workers}
    assert 1 <= len(pids) <= 2
    assert all(worker["contexts_loaded"] == 1 for worker in workers)


def test_resume_does_nothing_when_inputs_are_unchanged_and_redoes_a_changed_file(inputs, tmp_path):
    out = tmp_path / "out"
    run_batch([str(inputs)], out, workers=1, timeout=120, progress=False)
    written = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file() and p.suffix != ".sqlite"
               and "sqlite" not in p.name}
    time.sleep(0.05)
    again = run_batch([str(inputs)], out, resume=True, progress=False)
    assert (again.processed, again.reused, again.summary) == (0, 7, None)
    assert {p: p.stat().st_mtime_ns for p in written} == written

    policy = inputs / "policy.txt"
    original = policy.read_text(encoding="utf-8")
    try:
        policy.write_text(original + "\n3 Monitoring\nCheck IgG trough levels every 6 months.\n", encoding="utf-8")
        changed = run_batch([str(inputs)], out, resume=True, progress=False)
    finally:
        policy.write_text(original, encoding="utf-8")
    assert (changed.processed, changed.reused) == (1, 6)
    assert changed.summary is not None and changed.summary["processed"] == 1
    record = json.loads((out / "documents" / "policy.txt.json").read_text(encoding="utf-8"))
    assert "Monitoring" in json.dumps(record) or record["pages"] == 1


def test_cli_missing_input_folder_exits_2_with_one_line(tmp_path, capsys):
    missing = tmp_path / "nowhere"
    assert main(["batch", str(missing), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and str(missing) in err[0]
    assert not (tmp_path / "out").exists()


def test_cli_exits_0_with_failed_documents_and_logs_plain_lines_off_a_terminal(inputs, tmp_path):
    result = subprocess.run([sys.executable, "-m", "extractor", "batch", str(inputs), "--out", str(tmp_path / "o"),
                             "--workers", "2"], capture_output=True, text=True, check=False,
                            env={**os.environ, "PYTHONWARNINGS": "ignore"})
    assert result.returncode == 0, result.stderr
    lines = result.stderr.strip().splitlines()
    progress = [line for line in lines if line.startswith("extractor batch: [")]
    assert len(progress) == 7 and "\r" not in result.stderr
    assert any("broken.pdf: failed: not a PDF" in line for line in progress)
    assert "docs/s" in progress[-1] and "ETA" in progress[-1]
    assert lines[-1].startswith("extractor batch: 7 documents, 7 processed, 0 reused, 1 failed")


def test_progress_bar_shows_rate_and_eta_when_asked(inputs, tmp_path):
    import io

    stream = io.StringIO()
    run_batch([str(inputs / "policy.txt"), str(inputs / "broken.pdf")], tmp_path / "o", progress=True, log=stream)
    text = stream.getvalue()
    assert "2/2" in text and "doc/s" in text and "<" in text  # tqdm's "elapsed<remaining" ETA
    assert "broken.pdf: failed: not a PDF" in text


def test_resume_keeps_failures_unless_retry_failed_and_skips_an_output_folder_inside_the_inputs(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_text("Patients with IgG below 4 g/L.\n", encoding="utf-8")
    (inputs / "b.pdf").write_text("not a pdf", encoding="utf-8")
    out = inputs / "results"
    first = run_batch([str(inputs)], out, progress=False)
    assert (first.documents, first.failed) == (2, 1)
    again = run_batch([str(inputs)], out, resume=True, progress=False)
    assert (again.documents, again.processed) == (2, 0)  # results/ (JSON, CSV) was not picked up as input
    retried = run_batch([str(inputs)], out, resume=True, retry_failed=True, progress=False)
    assert (retried.processed, retried.reused, retried.failed) == (1, 1, 1)
