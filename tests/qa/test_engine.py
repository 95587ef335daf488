"""The QA engine on the seed change form and on running text."""

from __future__ import annotations

import datetime as dt

import pytest

from extractor.document import Document
from extractor.qa import QASettings, check_document, check_path

TODAY = dt.date(2026, 1, 15)


@pytest.fixture(scope="module")
def seed_result(seed_export):
    return check_path(seed_export, settings={"today": TODAY})


def keys(result):
    return {(f.rule, f.row, f.field) for f in result.findings}


def test_seed_change_form_quality_bar(seed_result):
    found = keys(seed_result)
    expected = {
        ("repeated-word", 2, "original"), ("repeated-word", 10, "original"),
        ("spelling", 3, "new"),
        ("stale-reference", 7, "original"), ("stale-reference", 14, "original"), ("stale-reference", 17, "original"),
        ("no-op-change", 5, None), ("no-op-change", 12, None),
        ("numeric-change", 4, "new"),
    }
    assert expected <= found
    assert seed_result.kind == "changeform"


def test_seed_has_no_false_alarms_of_the_error_rules(seed_result):
    allowed_rows = {"spelling": {3}, "repeated-word": {2, 10}, "no-op-change": {5, 12}, "stale-reference": {7, 14, 17},
                    "reason-mismatch": set(), "date-anomaly": set(), "abbreviation": set()}
    for finding in seed_result.findings:
        if finding.rule in allowed_rows:
            assert finding.row in allowed_rows[finding.rule], finding


def test_seed_severities_follow_introduced_kept_fixed(seed_result):
    by = {(f.rule, f.row): f for f in seed_result.findings}
    assert by[("spelling", 3)].severity == "warning"  # in both old and new
    assert by[("repeated-word", 10)].severity == "info"  # fixed by the new text
    assert by[("stale-reference", 14)].severity == "info"
    numeric = by[("numeric-change", 4)]
    assert numeric.extra["new"][0]["value"] == 4.0 and numeric.extra["old"] is None


def test_seed_stale_references_name_the_expected_entries(seed_result):
    names = {f.extra.get("reference") for f in seed_result.findings if f.rule == "stale-reference"}
    assert {"nice-ng200", "phe-measles-pep-2019"} <= names
    # row 14 cites "Public Health England. Guidelines on ... June 2019": PHE is named as the author of a
    # 2019 reference, before it closed (historical); the superseded guidance it cites is what is stale
    assert "public-health-england" not in names


def test_result_dict_has_contract_shape(seed_result):
    record = seed_result.to_dict()
    assert record["source"].endswith("ig_changeform_export.txt") and record["kind"] == "changeform"
    for finding in record["findings"]:
        assert list(finding)[:10] == ["rule", "severity", "message", "text", "suggestion", "row", "field", "page",
                                      "start", "end"]
        assert finding["severity"] in ("error", "warning", "info")


def test_running_text_offsets_index_document_text_and_pages():
    doc = Document.from_page_texts("policy.txt", "text", [
        "Commissioning policy, published March 2024.\nPatients with hypogammaglobinaemia are eligible.",
        "Funding is agreed by the Clinical Commissioning Group in in each area."])
    result = check_document(doc, settings={"today": TODAY})
    assert result.kind == "document"
    by_rule = {f.rule: f for f in result.findings}
    for rule, page, text in [("spelling", 1, "hypogammaglobinaemia"), ("repeated-word", 2, "in in"),
                             ("stale-reference", 2, "Clinical Commissioning Group")]:
        finding = by_rule[rule]
        assert finding.page == page and doc.text[finding.start:finding.end] == text
        assert finding.row is None and finding.field is None


def test_rules_can_be_switched_off():
    doc = Document.from_page_texts("p.txt", "text", ["in in hypogammaglobinaemia"])
    result = check_document(doc, settings=QASettings(rules=("repeated-word",)))
    assert {f.rule for f in result.findings} == {"repeated-word"}


def test_result_dict_is_exactly_the_contract_unless_rows_are_asked_for(seed_result):
    assert set(seed_result.to_dict()) == {"source", "kind", "findings"}
    rows = seed_result.to_dict(include_rows=True)["rows"]
    assert rows[3]["new"].startswith("In patients developing") and rows[3]["reason"] == "Updated clinical evidence"


def test_form_without_a_new_text_column_gets_text_checks_but_no_diff_rules():
    from extractor.changeform.model import build_changeform

    form = build_changeform("f.txt", "text", 1, ["Text", "Reason", "Date"], ["original", "reason", "date"],
                            [(["Give the the dose of 4 g/L to patients", "Typo", "2025-01"], [1])])
    result = check_changeform_(form)
    assert {(f.rule, f.field) for f in result.findings} == {("repeated-word", "original")}


def check_changeform_(form):
    from extractor.qa import check_changeform

    return check_changeform(form, settings={"today": TODAY, "rules": ("repeated-word", "no-op-change",
                                                                      "numeric-change", "reason-mismatch")})


def test_change_form_severity_ranks_introduced_over_kept_over_fixed():
    from extractor.changeform.model import build_changeform
    from extractor.qa import check_changeform

    rows = [(["Give the dose.", "Give the the dose.", "Wording", "2025-01"], [1]),
            (["Give the the dose.", "Give the the dose now.", "Wording", "2025-01"], [1]),
            (["Give the the dose.", "Give the dose.", "Wording", "2025-01"], [1])]
    form = build_changeform("f.txt", "text", 1, ["Old", "New", "Reason", "Date"], ["original", "new", "reason", "date"],
                            rows)
    result = check_changeform(form, settings={"today": TODAY, "rules": ("repeated-word",)})
    assert [(f.row, f.field, f.severity) for f in result.findings] == [
        (0, "new", "error"), (1, "new", "warning"), (2, "original", "info")]
