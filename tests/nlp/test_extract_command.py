"""``extractor extract`` on real files: formats, .jsonl ids, bad input, unknown model."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd

from extractor.cli import main


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "extractor", "extract", *args], capture_output=True, text=True)


def test_jsonl_in_jsonl_out_carries_ids(tmp_path, capsys) -> None:
    source = tmp_path / "sentences.jsonl"
    source.write_text(json.dumps({"id": "m01", "text": "serum IgG of < 4g/l"}) + "\n\n"
                      + json.dumps({"id": "m02", "text": "Infants 0.6 ml/kg up to a maximum of 1000mg of HNIG"}) + "\n",
                      encoding="utf-8")
    assert main(["extract", str(source), "--format", "jsonl"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["id"] for line in lines] == ["m01", "m02"]
    assert lines[0]["thresholds"][0] == {"text": "serum IgG of < 4g/l", "start": 0, "end": 19, "analyte": "IgG",
                                         "comparator": "<", "value": 4, "value_max": None, "unit": "g/L",
                                         "ucum": "g/L", "analyte_known": True, "analyte_start": 0,
                                         "analyte_end": 9}
    dose = lines[1]["doses"][0]
    assert (dose["text"], dose["max"], dose["product"]) == ("0.6 ml/kg up to a maximum of 1000mg",
                                                           {"value": 1000, "unit": "mg"}, "HNIG")


def test_malformed_jsonl_line_is_one_line_error_naming_file_and_line(tmp_path) -> None:
    source = tmp_path / "bad.jsonl"
    source.write_text('{"id": 1, "text": "IgG < 4 g/L"}\n{"id": 2, "text": \n', encoding="utf-8")
    out = tmp_path / "out.json"
    result = run(str(source), "-o", str(out))
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "bad.jsonl" in result.stderr and "line 2" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_text_file_to_csv_rows_per_item(tmp_path, seed_export) -> None:
    out = tmp_path / "rows.csv"
    assert main(["extract", str(seed_export), "--format", "csv", "-o", str(out)]) == 0
    frame = pd.read_csv(out)
    assert {"threshold", "dose", "abbreviation", "reference"} <= set(frame["type"])
    doses = frame[frame["type"] == "dose"]
    assert "0.6 ml/kg up to a maximum of 1000mg" in set(doses["text"])


def test_pdf_to_json_and_one_bad_file_keeps_the_good_one(tmp_path, corpora, capsys) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    status = main(["extract", str(corpora / "policies" / "ig_policy_v1.pdf"), str(empty)])
    assert status == 2
    records = json.loads(capsys.readouterr().out)
    assert records[0]["doses"] and records[1]["error"]


def test_unknown_model_exits_2_with_message(tmp_path) -> None:
    source = tmp_path / "a.txt"
    source.write_text("IgG below 4 g/L", encoding="utf-8")
    result = run(str(source), "--model", "en_core_nonexistent")
    assert result.returncode == 2
    assert "en_core_nonexistent" in result.stderr and "Traceback" not in result.stderr
