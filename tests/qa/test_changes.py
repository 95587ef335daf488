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


def test_removed_criterion_under_a_wording_reason_is_a_mismatch():
    old = ("Offer SCIg at home if the carer has been trained, the first three doses were given in clinic, "
           "and a sharps bin has been supplied.")
    new = "Offer SCIg at home if the carer has been trained and the first three doses were given in clinic."
    (finding,) = changes.check_reason(old, new, "Clarification")
    assert finding.field == "original" and "sharps bin has been supplied" in finding.text
    assert finding.extra["change"].startswith("the criteria (a clause is removed")
    assert old[finding.start:finding.end] == finding.text


def test_reordered_or_reworded_sentences_are_not_removed_clauses():
    old = "Ferritin under 30 micrograms/L with anaemia: start oral iron before referral."
    new = "Before referral, start oral iron if anaemia is present with ferritin under 30 micrograms/L."
    assert changes.check_reason(old, new, "Wording improved") == []
    assert changes.check_reason("The clinician who prescribes must document the outcome.",
                                "The prescriber must record the outcome.", "Rewording") == []
    assert changes.check_reason("Give it in order to prevent relapse.", "Give it to prevent relapse.", "Typo") == []


def test_a_clarification_that_names_what_it_clarifies_is_not_claimed_as_minor():
    assert changes.check_reason("Patients are reviewed by a nurse.",
                                "Patients are reviewed by the infusion team within two weeks.",
                                "Clarified who reviews patients") == []


@pytest.mark.parametrize("reason", ["Dose updated to match the SmPC", "Updated dosing", "Infusion rate changed",
                                    "Threshold revised after audit"])
def test_reason_claiming_a_quantity_change_without_one_is_a_mismatch_on_the_reason(reason):
    old = "Infuse over 30 minutes in 100 mL sodium chloride 0.9%."
    new = "Infuse slowly, over 30 minutes, diluted in 100 mL of sodium chloride 0.9%."
    (finding,) = changes.check_reason(old, new, reason)
    assert (finding.rule, finding.field, finding.text, finding.severity) == ("reason-mismatch", "reason", reason, "error")
    assert finding.extra["change"] == "no quantity"


@pytest.mark.parametrize(("old", "new"), [
    ("Infuse over 30 minutes.", "Infuse over 60 minutes."),
    ("Give 2 g once.", "Give 2 g twice."),
    ("Review every month.", "Review every quarter."),
    ("Give 500 mg.", "Give 0.5 g."),
])
def test_reason_claiming_a_quantity_change_with_one_is_fine(old, new):
    assert changes.check_reason(old, new, "Dose updated") == []


@pytest.mark.parametrize(("old", "new"), [
    ("Flush with 20 mL of saline.", "Flush with 20 mls saline."),
    ("Give 1 g daily.", "Give 1 gm daily."),
    ("Keep IgG above 5 g/L.", "Keep IgG above 5 g/l."),
])
def test_a_unit_only_respelt_under_a_wording_reason_is_not_a_mismatch(old, new):
    assert changes.check_reason(old, new, "Wording tidied") == []


def test_a_unit_changed_for_another_unit_is_still_a_mismatch():
    (finding,) = changes.check_reason("Flush with 20 mL of saline.", "Flush with 20 L of saline.", "Typo")
    assert finding.extra["change"] in ("a unit", "a quantity")


def test_an_added_clause_that_mentions_a_drug_is_not_a_changed_drug_name():
    assert changes.check_reason("Give methylprednisolone for 3 days.",
                                "Give methylprednisolone for 3 days before oral prednisolone is started.",
                                "Wording") == []


def test_a_case_only_unit_change_beside_filler_words_is_not_a_mismatch_but_negation_still_is():
    assert changes.check_reason("Neutrophils of 1.5 x 10^9/L are needed.", "A neutrophil count of 1.5 x 10^9/l is needed.",
                                "Wording improved") == []
    (finding,) = changes.check_reason("Give 10 mL of saline.", "Do not give 10 mls of saline.", "Wording improved")
    assert finding.extra["change"] == "a negation"


def test_a_reworded_analyte_with_the_same_threshold_is_no_numeric_change():
    assert changes.check_numeric("Platelets of at least 50 x 10^9/L are required.",
                                 "A platelet count of at least 50 x 10^9/L is required.") == []
    (finding,) = changes.check_numeric("Platelets of at least 50 x 10^9/L are required.",
                                       "A neutrophil count of at least 50 x 10^9/L is required.")
    assert finding.rule == "numeric-change"
