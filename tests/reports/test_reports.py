"""Report renderers on real QA results: json, text, csv, sarif."""

from __future__ import annotations

import datetime as dt
import io
import json

import pandas as pd
import pytest

from extractor.document import Document
from extractor.errors import UsageError
from extractor.qa import check_document, check_path
from extractor.reports import render


@pytest.fixture(scope="module")
def form_record(seed_export):
    return check_path(seed_export, settings={"today": dt.date(2026, 1, 15)}).to_dict(include_rows=True)


@pytest.fixture(scope="module")
def doc_record():
    doc = Document.from_page_texts("policy.txt", "text", [
        "Policy published May 2024.\nSee the Clinical Commissioning Group.",
        "Reduction in in relapses and a dose of 2 g/kg."])
    result = check_document(doc, settings={"today": dt.date(2026, 1, 15)})
    return {**result.to_dict(), "_text": result.text}


def test_json_is_the_contract_object_without_private_keys(doc_record):
    data = json.loads(render([doc_record], "json"))
    assert set(data) == {"source", "kind", "findings"}
    assert len(json.loads(render([doc_record, doc_record], "json"))) == 2


def test_text_groups_findings_by_row_and_page(form_record, doc_record):
    text = render([form_record, doc_record], "text")
    assert "Row 3 (page 2)" in text and "hypogammaglobulinaemia" in text
    assert "Page 1" in text and "Page 2" in text and "[in in]" in text
    assert text.index("Row 2") < text.index("Row 10")


def test_csv_has_one_line_per_finding(form_record):
    frame = pd.read_csv(io.StringIO(render([form_record], "csv")))
    assert len(frame) == len(form_record["findings"])
    assert list(frame.columns[:12]) == ["source", "kind", "rule", "severity", "message", "text", "suggestion", "row",
                                        "field", "page", "start", "end"]
    assert set(frame["rule"]) >= {"spelling", "repeated-word", "no-op-change"}


def test_sarif_2_1_0_levels_rules_and_locations(form_record, doc_record):
    log = json.loads(render([form_record, doc_record], "sarif"))
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert {"spelling", "no-op-change", "stale-reference"} <= set(rule_ids)
    levels = {r["level"] for r in run["results"]}
    assert levels <= {"error", "warning", "note"} and "note" in levels
    for result in run["results"]:
        assert rule_ids[result["ruleIndex"]] == result["ruleId"]
    form_results = [r for r in run["results"] if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                    == form_record["source"]]
    assert any(loc["logicalLocations"][0]["name"] == "rows[3].new" for r in form_results for loc in r["locations"])
    doc_results = [r for r in run["results"] if r not in form_results]
    repeated = next(r for r in doc_results if r["ruleId"] == "repeated-word")
    region = repeated["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (4, 11)  # page 2 follows a blank line


def test_unknown_format_is_a_usage_error(doc_record):
    with pytest.raises(UsageError, match="unknown report format"):
        render([doc_record], "pdf")


def test_reports_accept_failed_inputs():
    failed = [{"source": "x.pdf", "error": "encrypted PDF"}]
    assert "not checked" in render(failed, "text")
    assert json.loads(render(failed, "sarif"))["runs"][0]["invocations"][0]["executionSuccessful"] is False
    assert "x.pdf" in render(failed, "csv") and "encrypted" in render(failed, "html")


def test_html_diff_highlights_overlapping_findings_that_cross_a_change():
    from extractor.reports.html_report import diff_html

    old, new = "give 0.4 g/kg every 3 weeks", "give 0.5 g/kg every 4 weeks"
    findings = [{"rule": "numeric-change", "severity": "warning", "message": "dose changed", "field": "new",
                 "start": 0, "end": len(new)},
                {"rule": "reason-mismatch", "severity": "error", "message": "reason says typo", "field": "new",
                 "start": 0, "end": len(new)}]
    html = str(diff_html(old, new, findings))
    assert '<ins class="diff-ins">' in html and '<del class="diff-del">' in html
    assert 'data-rule="reason-mismatch"' in html  # the more severe of two findings on the same text wins
