from __future__ import annotations

import json
import subprocess
import sys

from extractor.cli import main


def test_python_dash_m_runs_the_same_command_line(seed_export):
    result = subprocess.run([sys.executable, "-m", "extractor", "changeform", str(seed_export)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)["rows"]) == 25


def test_changeform_writes_csv_to_output_file(seed_export, tmp_path):
    out = tmp_path / "rows.csv"
    assert main(["changeform", str(seed_export), "--format", "csv", "-o", str(out)]) == 0
    header = out.read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("source,index,original,new,section,reason,changed_by,date")


def test_missing_file_exits_2_with_one_line_naming_it(tmp_path, capsys):
    missing = tmp_path / "nope.pdf"
    out = tmp_path / "out.json"
    assert main(["changeform", str(missing), "-o", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and str(missing) in err[0]
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_several_files_keep_going_and_mark_the_failed_one(seed_export, tmp_path, capsys):
    bad = tmp_path / "bad.pdf"
    bad.write_text("not a pdf", encoding="utf-8")
    assert main(["changeform", str(seed_export), str(bad), "--format", "json"]) == 2
    records = json.loads(capsys.readouterr().out)
    assert len(records[0]["rows"]) == 25
    assert records[1] == {"source": str(bad), "error": "not a PDF (no %PDF- header)"}


def test_folder_with_no_readable_file_exits_2_naming_it(tmp_path, capsys):
    folder = tmp_path / "incoming"
    folder.mkdir()
    (folder / "notes.xlsx").write_bytes(b"PK")
    for command in ("changeform", "qa", "policy", "extract"):
        assert main([command, str(folder)]) == 2
        captured = capsys.readouterr()
        assert captured.out == ""
        err = captured.err.strip().splitlines()
        assert len(err) == 1 and str(folder) in err[0] and "no .pdf" in err[0]
