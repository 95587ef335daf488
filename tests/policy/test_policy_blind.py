"""Policies in other health systems' styles (corpora/policies/blind/, scripts/make_policy_blind.py).

The Australian-style criteria put each field under a bold label paragraph below an unnumbered
condition heading; the Canadian-style guidelines number their sections, start field paragraphs
with bold run-in labels ("Recommended:", "Not recommended:") and give one chapter as a table
with one condition per row. Each is read as printed by Chromium (PDF) and as written by Word
(DOCX), and compared with the gold written before the parser was run on them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from extractor.policy import Policy, read_policy
from extractor.policy.reconcile import normalise

_CACHE: dict[str, Policy] = {}


def _gold(corpora: Path, rendering: str) -> dict[str, Any]:
    return json.loads((corpora / "gold" / "policy" / "blind" / f"{rendering}.json").read_text(encoding="utf-8"))


def _policy(corpora: Path, rendering: str) -> Policy:
    if rendering not in _CACHE:
        _CACHE[rendering] = read_policy(corpora.parent / _gold(corpora, rendering)["source"], extract=False)
    return _CACHE[rendering]


def _entry(policy: Policy, name: str):
    return next(i for i in policy.indications if normalise(i.name) == normalise(name))


def test_policy_maps_recommended_and_not_recommended_run_in_labels(corpora: Path) -> None:
    policy, gold = _policy(corpora, "ca_ig_guidelines_pdf"), _gold(corpora, "ca_ig_guidelines_pdf")
    mmn = _entry(policy, "Multifocal motor neuropathy (MMN)")
    assert mmn.layout == "headed" and set(mmn.fields) == {"selection_criteria", "exclusion_criteria", "dose",
                                                          "outcome_measures"}
    assert (mmn.fields["selection_criteria"].label, mmn.fields["exclusion_criteria"].label) == (
        "Recommended", "Not recommended")
    expected = next(g for g in gold["indications"] if g["name"] == mmn.name)["fields"]
    for name, value in expected.items():
        assert normalise(mmn.fields[name].text) == normalise(value["text"]), name
    # The unlabelled background paragraph under the heading is no field's text.
    assert not any("rare, slowly progressive" in v.text for v in mmn.fields.values())


def test_policy_takes_specialty_from_chapter_and_reads_condition_rows(corpora: Path) -> None:
    policy, gold = _policy(corpora, "ca_ig_guidelines_pdf"), _gold(corpora, "ca_ig_guidelines_pdf")
    assert [(i.name, i.specialty) for i in policy.indications] == [(g["name"], g["specialty"])
                                                                   for g in gold["indications"]]
    row = _entry(policy, "Secondary hypogammaglobulinemia")
    assert row.layout == "row-table" and row.fields["selection_criteria"].label == "Recommended"


def test_policy_caption_is_not_a_section(corpora: Path) -> None:
    policy = _policy(corpora, "ca_ig_guidelines_pdf")
    assert not any(s.title.startswith("Table 1") for s in policy.sections)
    assert [s.number for s in policy.sections if s.number] == ["1", "2", "2.1", "2.2", "3", "3.1", "3.2", "4",
                                                               "4.1", "4.2", "5", "6"]


def test_policy_takes_use_from_indication_for_use_field(corpora: Path) -> None:
    policy, gold = _policy(corpora, "au_ig_criteria_pdf"), _gold(corpora, "au_ig_criteria_pdf")
    assert [(i.name, i.specialty, i.use) for i in policy.indications] == [
        (g["name"], g["specialty"], g["use"]) for g in gold["indications"]]
    cidp = _entry(policy, "Chronic inflammatory demyelinating polyneuropathy (CIDP)")
    assert cidp.fields["indication_for_use"].text.startswith("Long-term induction")
    # Bold "AND" lines between criteria stay in the field, as their own lines.
    assert cidp.fields["selection_criteria"].text.count("\nAND\n") == 2


def test_policy_chapter_heading_named_like_a_label_is_a_section(corpora: Path) -> None:
    # "Conditions", set as a chapter heading, is close to the name label "Condition" but titles
    # the chapter holding the entries.
    policy = _policy(corpora, "au_ig_criteria_pdf")
    chapter = next(s for s in policy.sections if s.title == "Conditions")
    assert chapter.level == 1 and chapter.number is None
    cidp = next(s for s in policy.sections if s.title.startswith("Chronic inflammatory"))
    assert policy.sections[cidp.parent] is chapter


def test_policy_document_title_does_not_push_unnumbered_heading_levels(corpora: Path) -> None:
    policy, gold = _policy(corpora, "au_ig_criteria_pdf"), _gold(corpora, "au_ig_criteria_pdf")
    sections = policy.sections
    assert policy.title.startswith("Criteria for the Clinical Use")  # the document's, not a section
    assert [(s.number, s.title, s.level, s.page) for s in sections] == [
        (g["number"], g["title"], g["level"], g["page"]) for g in gold["sections"]]


def test_docx_lines_carry_style_size_weight_and_outline_level(corpora: Path) -> None:
    from extractor.readers import read_document

    document = read_document(corpora / "policies" / "blind" / "au_ig_criteria.docx")
    text = document.text
    assert all(text[line.start:line.end] == line.text for line in document.lines)
    by_text = {line.text: line for line in document.lines}
    chapter, condition = by_text["Conditions"], by_text["Kawasaki disease"]
    label, body = by_text["Qualifying criteria"], by_text["Paediatrics"]
    assert (chapter.level, chapter.bold, condition.level) == (1, True, 2)
    assert chapter.size > condition.size > body.size
    assert (label.level, label.bold, label.size) == (None, True, body.size)
    assert not body.bold
    table = read_document(corpora / "policies" / "blind" / "ca_ig_guidelines.docx")
    (span,) = table.metadata["table_spans"]
    # a row of four cells: the first two on one line, every later cell on lines of its own
    assert table.text[span["start"]:span["end"]].startswith("Condition\tRecommended\nDose\nMonitoring")
    assert table.text[span["start"]:span["end"]].endswith("trial off therapy in the summer months.")


@pytest.mark.parametrize("rendering", ["au_ig_criteria_docx", "ca_ig_guidelines_docx"])
def test_policy_reads_docx_heading_styles_as_sections(corpora: Path, rendering: str) -> None:
    policy, gold = _policy(corpora, rendering), _gold(corpora, rendering)
    sections = policy.sections
    assert policy.title and not any(s.title == policy.title for s in sections)  # the Title paragraph
    assert [(s.number, s.title, s.level) for s in sections] == [(g["number"], g["title"], g["level"])
                                                                for g in gold["sections"]]


def test_policy_reads_docx_table_with_one_condition_per_row(corpora: Path) -> None:
    policy = _policy(corpora, "ca_ig_guidelines_docx")
    row = _entry(policy, "Primary immunodeficiency with antibody deficiency")
    assert (row.layout, row.specialty) == ("row-table", "Immunology")
    assert set(row.fields) == {"selection_criteria", "dose", "outcome_measures"}
    assert row.fields["dose"].text.startswith("0.4–0.6 g/kg every 3 to 4 weeks")
    assert policy.document.text[row.fields["dose"].start:].startswith("0.4–0.6 g/kg")


#: Entries of the Chromium print of the Australian-style criteria whose "Dose" label falls at the
#: top of a page (pages 2 and 4): it must not be taken for a running header.
_LABELS_AT_PAGE_TOPS = {("au_ig_criteria_pdf", "Chronic inflammatory demyelinating polyneuropathy (CIDP)"),
                        ("au_ig_criteria_pdf", "Specific antibody deficiency")}


@pytest.mark.parametrize("rendering", ["au_ig_criteria_pdf", "au_ig_criteria_docx", "ca_ig_guidelines_pdf",
                                       "ca_ig_guidelines_docx"])
def test_policy_reads_every_blind_entry_and_field(corpora: Path, rendering: str) -> None:
    policy, gold = _policy(corpora, rendering), _gold(corpora, rendering)
    assert [normalise(i.name) for i in policy.indications] == [normalise(g["name"]) for g in gold["indications"]]
    for expected in gold["indications"]:
        found = _entry(policy, expected["name"])
        assert (found.specialty, found.use) == (expected["specialty"], expected["use"])
        assert set(found.fields) == set(expected["fields"]), expected["name"]
        for name, value in expected["fields"].items():
            assert normalise(found.fields[name].text) == normalise(value["text"]), (expected["name"], name)


def test_policy_pdf_keeps_label_repeated_at_page_tops(corpora: Path) -> None:
    policy = _policy(corpora, "au_ig_criteria_pdf")
    for _, name in sorted(_LABELS_AT_PAGE_TOPS):
        assert "dose" in _entry(policy, name).fields
