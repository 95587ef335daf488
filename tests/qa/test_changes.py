"""Change-form row rules: no-op-change, reason-mismatch, numeric-change."""

from __future__ import annotations

import pytest

from extractor.qa.rules import changes


def test_identical_text_after_normalising_bullets_and_spacing_is_a_no_op():
    finding = changes.check_no_op("• Evidence of  high viral load\nAND", "Evidence of high viral load AND")
    assert finding is not None and finding.rule == "no-op-change"


@pytest.mark.parametrize("new", ["Removed", "Moved from Exclusion criteria to Position of immunoglobulin",
                                 "Reference to NICE guideline and footnote removed"])
def test_instructions_are_not_no_ops(new):
    assert changes.check_no_op(new, new) is None


def test_real_edit_is_not_a_no_op():
    assert changes.check_no_op("improved in abilities", "improvement in abilities") is None


@pytest.mark.parametrize(("old", "new", "what"), [
    ("after 3 doses", "after 4 doses", "a number"),
    ("IgG below 4 g/L", "IgG below 4 mg/L", "a unit"),
    ("should be given", "should not be given", "a negation"),
    ("criterion A AND criterion B", "criterion A OR criterion B", "the criteria logic"),
    ("patients must have", "patients may have", "how binding the wording is"),
    ("treated with rituximab", "treated with ocrelizumab", "a drug name"),
])
def test_minor_reason_with_meaning_change_is_a_mismatch(old, new, what):
    (finding,) = changes.check_reason(old, new, "Typo")
    assert finding.extra["change"] == what and finding.severity == "error"


def test_minor_reason_with_wording_change_is_fine():
    assert changes.check_reason("Ig may be substituted for by prednisolone", "Ig may be substituted by prednisolone",
                                "Typo") == []
    assert changes.check_reason("platelet count", "platelet factor 4 (PF4) count", "Updated terminology") == []


def test_clinical_reason_is_not_checked_for_mismatch():
    assert changes.check_reason("after 3 doses", "after 4 doses", "Updated clinical evidence") == []


def test_new_threshold_is_a_numeric_change_with_structured_new_value():
    (finding,) = changes.check_numeric("the prophylactic use of Ig", "the prophylactic use of Ig with IgG of < 4g/l")
    assert finding.field == "new" and finding.extra["old"] is None
    (new,) = finding.extra["new"]
    assert new["value"] == 4.0 and new["comparator"] == "<" and new["unit"].lower() == "g/l"


def test_same_quantity_in_other_units_is_no_numeric_change():
    assert changes.check_numeric("IgG < 4 g/L", "IgG < 400 mg/dL") == []


def test_changed_interval_is_reported_old_to_new():
    (finding,) = changes.check_numeric("within 72 hours of exposure", "within 48 hours of exposure")
    assert "72 hours" in finding.message and "48 hours" in finding.message
    assert finding.extra["old"][0]["value"] == 72 and finding.extra["new"][0]["value"] == 48


def test_house_style_rewording_of_a_frequency_is_not_a_mismatch():
    assert changes.check_reason("30 mg twice daily.", "30 mg twice a day.", "House style") == []


def test_unchanged_text_with_a_no_change_reason_is_not_a_no_op():
    text = "Patients are reviewed every 6 months."
    assert changes.check_no_op(text, text, reason="Section reviewed - no change required") is None
    assert changes.check_no_op(text, text, reason="Typo") is not None


def test_and_or_narrowed_to_and_is_a_logic_change():
    (finding,) = changes.check_reason("Patients with CIDP and/or MMN", "Patients with CIDP and MMN", "Minor wording")
    assert finding.extra["change"] == "the criteria logic"


def test_case_only_edits_are_not_meaning_changes():
    assert changes.check_reason("SCIg may be given.", "SCIG MAY BE GIVEN.", "Administrative") == []


def test_numbers_in_words_are_quantities():
    assert changes.check_numeric("funded for 12 months", "funded for twelve months") == []
    (finding,) = changes.check_numeric("given every four weeks", "given every two weeks")
    assert finding.extra["old"][0]["value"] == 4 and finding.extra["new"][0]["value"] == 2


def test_quantity_kept_while_the_word_before_it_changes_is_no_numeric_change():
    assert changes.check_numeric("assessed after six months", "assessed at six months") == []
