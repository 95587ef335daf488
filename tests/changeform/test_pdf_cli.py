"""``extractor changeform`` on PDFs: JSON output, exit codes, one-line errors, per-file errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FORM = ROOT / "corpora" / "changeforms" / "generated" / "units_superscripts__ruled_scripts.pdf"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "extractor", "changeform", *args],
                          capture_output=True, text=True, check=False)


def test_cli_reads_pdf_change_form_as_json() -> None:
    result = _run(str(FORM), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["fields"] == ["section", "original", "new", "reason", "changed_by", "date"]
    assert len(data["rows"]) == 10
    assert data["rows"][0]["date"] == "2025-03-04"
    assert data["rows"][3]["new"] == "Positive end-expiratory pressure of at least 10 cmH₂O"


def test_cli_bad_pdf_exits_2_with_one_stderr_line(tmp_path: Path) -> None:
    bad = tmp_path / "truncated.pdf"
    bad.write_bytes(FORM.read_bytes()[:400])
    result = _run(str(bad), "--format", "json")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(bad) in lines[0] and "Traceback" not in result.stderr
    assert result.stdout == ""


def test_cli_several_files_one_failing_still_outputs_the_others(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4\n%garbage only\n")
    result = _run(str(FORM), str(bad), "--format", "json")
    assert result.returncode == 2
    records = json.loads(result.stdout)
    assert len(records[0]["rows"]) == 10
    assert records[1]["source"] == str(bad) and "error" in records[1]
    assert len(result.stderr.strip().splitlines()) == 1


def test_cli_password_opens_encrypted_pdf(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(FORM).pages:
        writer.add_page(page)
    writer.encrypt(user_password="pw", algorithm="AES-128")
    locked = tmp_path / "locked.pdf"
    with locked.open("wb") as handle:
        writer.write(handle)
    refused = _run(str(locked))
    assert refused.returncode == 2 and "--password" in refused.stderr
    opened = _run(str(locked), "--password", "pw")
    assert opened.returncode == 0, opened.stderr
    assert len(json.loads(opened.stdout)["rows"]) == 10
