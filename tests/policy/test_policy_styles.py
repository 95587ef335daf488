"""Policies in house styles the reader was not written for (corpora/policies/blind2, blind3).

Written blind by helpers who never read the reader (scripts/make_policy_blind2_*.py,
make_policy_blind3_*.py): a US payer policy whose criteria for one indication sit in two
sections, an NHS-style policy with one label | text table per indication and unlisted row
labels, Australian condition pages with bold label paragraphs, Canadian prose with run-in labels
closed by a full stop, and a prior-authorisation packet whose criteria are table rows combined by
an instruction sentence. Each assertion is one behaviour the gold (written before the reader
was run on them) records.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from extractor.policy import Policy, read_policy
from extractor.policy.reconcile import normalise

_CACHE: dict[str, Policy] = {}


def _policy(corpora: Path, path: str) -> Policy:
    if path not in _CACHE:
        _CACHE[path] = read_policy(corpora / "policies" / path)
    return _CACHE[path]


def _entry(policy: Policy, name: str) -> Any:
    return next(i for i in policy.indications if normalise(i.name).startswith(normalise(name)))


def _shape(node: Any) -> Any:
    if "op" not in node:
        return " ".join(node["text"].split())
    return (node["op"] + (f"≥{node['min']}" if node.get("min") else ""), [_shape(i) for i in node["items"]])


@pytest.mark.parametrize("path", ["blind2/nhs_table_policy.pdf", "blind2/nhs_table_policy.docx"])
def test_policy_unlisted_table_row_labels_are_fields_with_roles_from_words_and_content(corpora: Path,
                                                                                      path: str) -> None:
    policy = _policy(corpora, path)
    assert len(policy.indications) == 5 and policy.title.startswith("Clinical Commissioning Policy")
    pompe = _entry(policy, "Late-onset Pompe disease")
    roles = {value.label: value.role for value in pompe.fields.values()}
    assert roles["Starting criteria"] == "selection_criteria"
    assert roles["Who should not receive treatment"] == "exclusion_criteria"  # a label wrapped in its cell
    assert roles["Monitoring and stopping criteria"] == "continuation_criteria"  # two roles named; content chose
    assert roles["Treatment"] is None  # never appended to a neighbour
    assert any("unknown" not in w and "role" in w for w in policy.warnings)


def test_policy_row_split_across_pages_keeps_its_text(corpora: Path) -> None:
    pompe = _entry(_policy(corpora, "blind2/nhs_table_policy.pdf"), "Late-onset Pompe disease")
    starting = pompe.fields["selection_criteria"]
    assert "Age 16 years or older" in starting.text and "Baseline FVC" in starting.text
    assert starting.criteria["op"] == "AND" and any(
        isinstance(item, dict) and item.get("op") == "OR" for item in starting.criteria["items"])


@pytest.mark.parametrize("path", ["blind2/us_ig_policy.pdf", "blind2/us_ig_policy.docx"])
def test_policy_criteria_in_role_sections_are_gathered_under_their_indication(corpora: Path, path: str) -> None:
    policy = _policy(corpora, path)
    pid = _entry(policy, "Primary Immunodeficiency")
    assert pid.fields["selection_criteria"].role_source == "section"
    assert pid.fields["continuation_criteria"].label == "Continued Therapy"
    assert {"duration", "dose"} <= set(pid.fields)  # "Approval duration: 6 months"; the dosing table row
    sections = {(s.number, s.title): s.level for s in policy.sections}
    assert sections[("II", "Criteria for Initial Approval")] == 1
    assert sections[("A", "Primary Immunodeficiency (must meet all)")] == 2
    tree = pid.fields["selection_criteria"].criteria
    assert tree["op"] == "AND" and ("OR", [
        "Pretreatment serum IgG < 400 mg/dL",
        ("AND", ["Pretreatment serum IgG below the lower limit of the age-adjusted reference range",
                 "Impaired antibody response to pneumococcal polysaccharide vaccine, with protective titers to "
                 "< 50% of serotypes tested",
                 "History of recurrent or severe bacterial infections despite prophylactic antibiotics"])]) in [
        _shape(item) for item in tree["items"]]


def test_policy_run_in_labels_closed_by_a_full_stop_and_roles_from_the_opening_sentence(corpora: Path) -> None:
    cidp = _entry(_policy(corpora, "blind2/ca_ivig_neuro_guideline.pdf"), "Chronic inflammatory demyelinating")
    roles = {value.label: value.role for value in cidp.fields.values()}
    assert roles["Diagnosis"] == "diagnosis" and roles["Dosing"] == "dose"
    assert roles["Recommendation 2"] == "exclusion_criteria"  # "IVIG is not recommended for …"
    assert roles["Recommendation 3"] == "continuation_criteria"


@pytest.mark.parametrize("path", ["blind2/ca_ivig_neuro_guideline.pdf", "blind2/ca_ivig_neuro_guideline.docx"])
def test_policy_run_in_labels_found_by_their_siblings_are_fields_of_their_own(corpora: Path, path: str) -> None:
    policy = _policy(corpora, path)
    stiff = _entry(policy, "Stiff person syndrome")
    by_label = {value.label: value for value in stiff.fields.values()}
    # no label word names these; two sibling run-in labels under the same heading do
    assert by_label["Criteria for initial use"].role == "selection_criteria"  # from its content
    assert by_label["Information required with the request"].role is None
    assert "antibody results" not in by_label["Approval period"].text
    cidp = _entry(policy, "Chronic inflammatory demyelinating")
    assert "Practice point" in {value.label for value in cidp.fields.values()}
    assert "over-treated" not in cidp.fields["evidence"].text


def test_policy_label_styled_lines_are_fields_and_sub_blocks_stay_in_theirs(corpora: Path) -> None:
    cidp = _entry(_policy(corpora, "blind2/au_ig_conditions.pdf"), "Chronic inflammatory demyelinating")
    assert cidp.fields["chapter"].role is None and cidp.fields["chapter"].text == "5"
    assert "Initial" in cidp.fields["dose"].text and "Maintenance" in cidp.fields["dose"].text
    assert cidp.fields["continuation_criteria"].label == "Continuing"


@pytest.mark.parametrize("path", ["blind3/pa_packet.pdf", "blind3/pa_packet.docx"])
def test_policy_criteria_table_rows_combine_as_the_instruction_says(corpora: Path, path: str) -> None:
    omalizumab = _entry(_policy(corpora, path), "OMALIZUMAB")
    tree = omalizumab.fields["selection_criteria"].criteria
    assert tree["stem"].startswith("Approve if criteria 1 through 5")
    assert tree["op"] == "AND" and len(tree["items"]) == 6 and tree["items"][-1]["op"] == "OR"


@pytest.mark.parametrize("path", ["blind4/ke_formulary.pdf", "blind4/ke_formulary.docx"])
def test_policy_table_under_its_own_heading_is_named_by_the_heading(corpora: Path, path: str) -> None:
    policy = _policy(corpora, path)
    names = [entry.name for entry in policy.indications]
    assert names[0] == "Infliximab – Crohn's disease" and len(names) == 4
    infliximab = policy.indications[0]
    # the "Indication" row states the use; the "Item | Details" header row is no field
    assert infliximab.fields["indication_for_use"].text.startswith("Moderately to severely active Crohn")
    assert not any(value.label in ("Item", "Parameter") for value in infliximab.fields.values())


@pytest.mark.parametrize("path", ["blind4/hospital_dtc_protocol.pdf", "blind4/hospital_dtc_protocol.docx"])
def test_policy_three_column_stage_tables_label_rows_by_their_first_cell(corpora: Path, path: str) -> None:
    policy = _policy(corpora, path)
    assert [entry.name.split(" –")[0] for entry in policy.indications] == ["Mepolizumab", "Baricitinib", "Dupilumab"]
    roles = {value.label: value.role for value in policy.indications[0].fields.values()}
    assert roles["Initiation"] == "selection_criteria" and roles["Continuation"] == "continuation_criteria"


@pytest.mark.parametrize("path", ["blind4/ke_formulary.pdf", "blind4/ke_formulary.docx"])
def test_policy_exclusion_and_stopping_lists_without_a_stem_are_any_of(corpora: Path, path: str) -> None:
    policy = _policy(corpora, path)
    infliximab, somatropin = policy.indications[0], policy.indications[3]
    assert infliximab.fields["exclusion_criteria"].criteria["op"] == "OR"  # "Do not use if"
    stopping = next(v for v in somatropin.fields.values() if v.label == "Stop treatment if")
    assert stopping.criteria["op"] == "OR"
    assert infliximab.fields["selection_criteria"].criteria["op"] == "AND"


@pytest.mark.parametrize("path", ["blind4/hospital_dtc_protocol.pdf", "blind4/hospital_dtc_protocol.docx"])
def test_policy_criteria_of_a_stage_row_come_from_its_criteria_cell_only(corpora: Path, path: str) -> None:
    mepolizumab = _policy(corpora, path).indications[0]
    stopping = next(v for v in mepolizumab.fields.values() if v.label == "Discontinuation")
    assert "DTC-3" in stopping.text  # the documentation cell stays in the field's text …
    assert _shape(stopping.criteria) == ("OR", ["Continuation criteria not met at 12 months", "Pregnancy",
                                                "Serious hypersensitivity reaction"])  # … not in its criteria


def _without_lexicon(path: Path) -> Policy:
    from dataclasses import replace

    from extractor.policy.parser import PolicyParser
    from extractor.policy.rules import field_rules
    from extractor.readers import read_document

    rules = field_rules()
    empty = replace(rules, fields=[replace(spec, labels=("\u2400",)) for spec in rules.fields], role_words={})
    return PolicyParser(read_document(path), fields=empty).parse(str(path))


def test_policy_entries_of_a_chapter_whose_sub_headings_head_criteria_need_no_lexicon(corpora: Path) -> None:
    policy = _without_lexicon(corpora / "policies" / "blind2" / "nice_ta_style.docx")
    # "1 Recommendations" › one sub-heading per condition, each over numbered recommendation paragraphs
    assert [entry.name for entry in policy.indications][:2] == ["Plaque psoriasis in adults",
                                                                "Plaque psoriasis in children and young people"]


def test_policy_entries_recurring_under_two_sections_are_found_with_the_label_lexicon_emptied(corpora: Path) -> None:
    policy = _without_lexicon(corpora / "policies" / "blind2" / "us_ig_policy.docx")
    names = [entry.name for entry in policy.indications]
    # "II. Criteria for Initial Approval" and "III. Continued Therapy" hold the same six sub-headings:
    # no title word is needed to see that they are the entries
    assert len(names) == 6 and names[0].startswith("Primary Immunodeficiency")
    assert not any(name.startswith("Approval duration") for name in names)


def test_policy_cell_paragraph_running_on_from_one_lettered_item_into_the_next_is_split() -> None:
    from extractor.policy.parser import _split_run_on_items

    cell = "Baseline IgE is within either of the following ranges:\na. Age 12 or older: 30 to 700 IU/mL; or b. Age 6 to 11"
    assert _split_run_on_items(cell) == ["Baseline IgE is within either of the following ranges:",
                                         "a. Age 12 or older: 30 to 700 IU/mL; or", "b. Age 6 to 11"]
    assert _split_run_on_items("Low vitamin b. levels (see a. below)") == ["Low vitamin b. levels (see a. below)"]


@pytest.mark.parametrize("path", ["blind3/lcd_style.pdf", "blind3/lcd_style.docx"])
def test_policy_a_dose_line_under_a_label_naming_no_role_stays_in_the_dose(corpora: Path, path: str) -> None:
    dermatomyositis = _entry(_policy(corpora, path), "Refractory dermatomyositis")
    assert "Maximum: 2 g/kg per 4-week cycle" in " ".join(dermatomyositis.fields["dose"].text.split())
    assert not any(value.label == "Maximum" for value in dermatomyositis.fields.values())


@pytest.mark.parametrize("path", ["blind3/eu_ig_protocol.pdf", "blind3/eu_ig_protocol.docx"])
def test_policy_a_bold_label_and_short_value_line_ends_its_field(corpora: Path, path: str) -> None:
    itp = _entry(_policy(corpora, path), "Immune thrombocytopenia")
    values = list(itp.fields.values())
    priority = next(v for v in values if v.label == "Priority")
    assert priority.text == "Medium" and priority.role is None
    after = values[values.index(priority) + 1]
    assert after.label == "" and after.text.startswith("In children with ITP")  # a field of its own


@pytest.mark.parametrize("path", ["blind5/medicaid_pa_forms.pdf", "blind5/medicaid_pa_forms.docx"])
def test_policy_criteria_table_with_an_instruction_row_after_its_rows(corpora: Path, path: str) -> None:
    pnh = _policy(corpora, path).indications[0]
    approval = next(v for v in pnh.fields.values() if v.label == "Criteria for approval")
    assert approval.role == "selection_criteria"  # from the "Approve if …" row, not the label's words
    tree = approval.criteria
    assert tree["op"] == "AND" and len(tree["items"]) == 5 and tree["items"][-1]["op"] == "OR"


@pytest.mark.parametrize("path", ["blind5/special_authority_schedule.pdf", "blind5/special_authority_schedule.docx"])
def test_policy_special_authority_blocks_keep_their_stems_in_the_criteria(corpora: Path, path: str) -> None:
    spondylitis = _policy(corpora, path).indications[0]
    labels = [value.label for value in spondylitis.fields.values()]
    assert "All of the following" not in labels and "Both" not in labels
    renewal = next(v for v in spondylitis.fields.values() if v.label.startswith("Renewal"))
    assert renewal.criteria["op"] == "AND" and renewal.criteria["items"][0]["op"] == "OR"


@pytest.mark.parametrize("path", ["blind6/sg_subsidy_list.docx", "blind6/sg_subsidy_list.pdf"])
def test_policy_table_of_records_without_listed_headers_gives_one_indication_per_row(corpora: Path, path: str) -> None:
    """"Drug | Subsidised clinical indication(s) | Clinical criteria": no header is in the lexicon; the
    short column whose cells differ row by row names the entries, the drug merged over three rows
    belongs to each of its rows, and a cell's "Dose:" paragraph and approval length are fields."""
    policy = _policy(corpora, path)
    assert len(policy.indications) == 6
    gca = _entry(policy, "Relapsing or refractory giant cell arteritis")
    roles = {value.label: value.role for value in gca.fields.values()}
    assert roles["Clinical criteria"] == "selection_criteria"  # the column's role, though this cell alone is unclear
    assert roles[""] == "duration" and "Approval for 12 months" in gca.fields["duration"].text
    jia = _entry(policy, "Active systemic juvenile idiopathic arthritis")
    assert jia.fields["dose"].label == "Dose" and jia.fields["dose"].text.startswith("12 mg/kg")
    assert "Dose" not in jia.fields["selection_criteria"].text and gca.fields["selection_criteria"].role_source == "content"
    if path.endswith(".docx"):
        assert gca.fields["drug"].text.startswith("Tocilizumab")  # its row's drug, not the row above's


@pytest.mark.parametrize("path", ["blind6/eu_hta_recommendation.docx", "blind6/eu_hta_recommendation.pdf"])
def test_policy_prose_recommendation_entries_come_from_the_deepest_headings_and_named_paragraphs(corpora: Path,
                                                                                               path: str) -> None:
    """No field label anywhere: "3.1 Upadacitinib" › "3.1.1 … rheumatoid arthritis" headings are the
    entries, each paragraph a field with its content's role; "4 Starting and stopping rules" adds
    the paragraphs after "Upadacitinib in active psoriatic arthritis." to that entry; the summary
    box under the subtitle is the document's title, not an indication."""
    policy = _policy(corpora, path)
    assert [i.name for i in policy.indications] == ["Moderate to severe active rheumatoid arthritis",
                                                    "Active psoriatic arthritis", "Active systemic lupus erythematosus"]
    assert policy.title.startswith("Upadacitinib for rheumatoid arthritis")
    psa = _entry(policy, "Active psoriatic arthritis")
    roles = [value.role for value in psa.fields.values()]
    assert roles[:3] == ["selection_criteria", "exclusion_criteria", "dose"]
    assert "continuation_criteria" in roles[3:]  # "Treatment should be stopped if …" from section 4
    assert all(value.label == "" for value in psa.fields.values())


@pytest.mark.parametrize("path", ["blind6/pbm_two_column.docx", "blind6/pbm_two_column.pdf"])
def test_policy_two_column_bulletin_gathers_each_stage_under_its_indications(corpora: Path, path: str) -> None:
    """Parts I–III ("III. Exclusions" numbered like its siblings, though its title is a label's)
    hold lettered indication blocks, "(excluded if any apply)" a scope note, not a label; each
    indication gets a field from each part naming it, and the dosing table's row."""
    policy = _policy(corpora, path)
    assert [i.name.split(" (")[0] for i in policy.indications] == [
        "Chronic inflammatory demyelinating polyneuropathy", "Multifocal motor neuropathy",
        "Primary humoral immunodeficiency", "Generalized myasthenia gravis"]
    cidp = policy.indications[0]
    roles = [value.role for value in cidp.fields.values()]
    assert {"selection_criteria", "continuation_criteria", "exclusion_criteria", "dose"} <= set(roles)
    levels = {s.title: s.level for s in policy.sections}
    assert levels["Policy"] == 1 and levels["Initial Approval Criteria"] == 2 and levels["Exclusions"] == 2
    assert levels["Background"] == 1 and levels["References"] == 1


@pytest.mark.parametrize("path", ["blind6/who_stg_chapter.docx", "blind6/who_stg_chapter.pdf"])
def test_policy_bold_run_in_labels_are_fields_and_plain_group_prefixes_stay_in_theirs(corpora: Path, path: str) -> None:
    """"**Indications for hydroxyurea:** Offer …" is a field by its bold face though no word list
    knows it; "Adults: paracetamol …" in the plain face under the same heading stays in the dose."""
    policy = _policy(corpora, path)
    sickle = _entry(policy, "Sickle cell disease")
    labels = [value.label for value in sickle.fields.values()]
    assert "Indications for hydroxyurea" in labels and "Adults" not in labels and "Children" not in labels
    dose = next(v for v in sickle.fields.values() if v.label == "Pharmacological treatment")
    assert "Adults: paracetamol 1 g" in dose.text and dose.role == "dose"
    hydroxyurea = next(v for v in sickle.fields.values() if v.label == "Indications for hydroxyurea")
    assert hydroxyurea.role == "selection_criteria" and hydroxyurea.criteria["op"] == "AND"


@pytest.mark.parametrize("path", ["blind7/legislative_instrument.docx", "blind7/legislative_instrument.pdf"])
def test_policy_schedule_table_ruled_only_across_gives_one_indication_per_row(corpora: Path, path: str) -> None:
    """"Item | Condition | Circumstances … | Maximum period of approval": printed with horizontal rules
    only (the PDF's body has no vertical rule), four cells a row (each cell's list keeps its
    items), the item numbers no field, and the circumstances — lettered conditions joined
    "; and" — the selection criteria though no word list names the column."""
    policy = _policy(corpora, path)
    assert [i.name for i in policy.indications] == [
        "Chronic inflammatory demyelinating polyneuropathy", "Multifocal motor neuropathy",
        "Immune thrombocytopenia in adults", "Kawasaki disease", "Primary immunodeficiency with antibody deficiency"]
    pid = policy.indications[-1]
    assert {v.label for v in pid.fields.values()} == {"Circumstances in which treatment is available",
                                                       "Maximum period of approval"}
    assert pid.fields["selection_criteria"].text.rstrip().endswith("every 4 weeks.")  # "12 months" inside it is no cell
    assert pid.fields["duration"].text.strip() == "12 months"
    cidp = policy.indications[0]
    assert _shape(cidp.fields["selection_criteria"].criteria)[0] == "AND"
    assert len(_shape(cidp.fields["selection_criteria"].criteria)[1]) == 6


def test_policy_short_table_rows_join_the_entries_they_name_and_invent_none(corpora: Path) -> None:
    """"Condition | Dose | Maximum" under "2 Information about …": each row adds its dose to the
    condition recommended in section 1; it opens no entry of its own."""
    policy = _policy(corpora, "blind7/web_guidance_print.docx")
    assert len(policy.indications) == 4
    asthma = _entry(policy, "Severe eosinophilic asthma")
    dose = next(v for v in asthma.fields.values() if v.label == "Dose")
    assert dose.role == "dose" and "every 4 weeks" in dose.text


def test_policy_stage_headings_name_their_indication_without_any_word_list(corpora: Path) -> None:
    """"Initial application — (ankylosing spondylitis)" and "Renewal — (ankylosing spondylitis)", read
    with the label lexicon emptied: the shared stage words name no entry, the bracketed rest does."""
    from dataclasses import replace

    from extractor.policy.parser import PolicyParser
    from extractor.policy.rules import field_rules
    from extractor.readers import read_document

    rules = field_rules()
    empty = replace(rules, fields=[replace(spec, labels=("\u2400",)) for spec in rules.fields], role_words={})
    document = read_document(corpora / "policies" / "blind5" / "special_authority_schedule.docx")
    names = [i.name for i in PolicyParser(document, fields=empty).parse("x").indications]
    assert not any(name.startswith("Renewal") for name in names)
    assert sum(normalise(name) == normalise("ankylosing spondylitis") for name in names) == 1
