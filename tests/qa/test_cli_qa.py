"""``extractor qa`` on the command line: formats, --fail-on exit codes, bad input."""

from __future__ import annotations

import json

import pytest

from extractor.cli import main


def test_qa_json_output_and_exit_codes(seed_export, tmp_path, capsys):
    out = tmp_path / "qa.json"
    assert main(["qa", str(seed_export), "--format", "json", "-o", str(out), "--today", "2026-01-15"]) == 0
    record = json.loads(out.read_text())
    assert record["kind"] == "changeform" and {"source", "kind", "findings"} == set(record)
    assert main(["qa", str(seed_export), "--format", "json", "-o", str(out), "--fail-on", "warning"]) == 1
    assert main(["qa", str(seed_export), "--format", "json", "-o", str(out), "--fail-on", "error"]) == 0


def test_qa_fail_on_error_with_a_document_error(tmp_path):
    doc = tmp_path / "policy.txt"
    doc.write_text("Funding is agreed by the Clinical Commissioning Group for each patient.\n", encoding="utf-8")
    assert main(["qa", str(doc), "--format", "sarif", "-o", str(tmp_path / "r.sarif"), "--fail-on", "error"]) == 1
    sarif = json.loads((tmp_path / "r.sarif").read_text())
    (result,) = sarif["runs"][0]["results"]
    assert result["ruleId"] == "stale-reference" and result["level"] == "error"
    region = result["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] == 1 and region["startColumn"] == 26


def test_qa_bad_input_exits_2_with_one_line_and_writes_nothing(tmp_path, capsys):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.7 not really")
    out = tmp_path / "out.html"
    assert main(["qa", str(bad), "--format", "html", "-o", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "broken.pdf" in err[0]
    assert not out.exists()


def test_qa_unknown_rule_is_a_usage_error(seed_export, capsys):
    assert main(["qa", str(seed_export), "--rules", "spelling,colour"]) == 2
    assert "colour" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["encrypted.pdf", "truncated.pdf", "image_only.pdf", "empty.docx"])
def test_qa_unreadable_corpus_files_exit_2_with_one_line(corpora, tmp_path, capsys, name):
    out = tmp_path / "qa.sarif"
    assert main(["qa", str(corpora / "bad" / name), "--format", "sarif", "-o", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and name in err[0] and "Traceback" not in err[0]
    assert not out.exists()


def test_qa_pdf_without_change_table_is_checked_as_a_document(corpora, tmp_path):
    out = tmp_path / "qa.json"
    assert main(["qa", str(corpora / "bad" / "no_table.pdf"), "--format", "json", "-o", str(out)]) == 0
    assert json.loads(out.read_text())["kind"] == "document"


def test_qa_pdf_change_form_is_checked_per_row(corpora, tmp_path):
    pdf = corpora / "changeforms" / "generated" / "ig_changeform__landscape_ruled_repeat_header.pdf"
    out = tmp_path / "qa.json"
    assert main(["qa", str(pdf), "--format", "json", "-o", str(out), "--today", "2026-01-15"]) == 0
    record = json.loads(out.read_text())
    assert record["kind"] == "changeform"
    found = {(f["rule"], f["field"]) for f in record["findings"]}
    assert {("spelling", "new"), ("no-op-change", None), ("numeric-change", "new")} <= found
