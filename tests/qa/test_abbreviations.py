"""Abbreviations: used before definition, defined two ways, undefined."""

from __future__ import annotations

from extractor.qa.rules import abbreviations


def messages(text: str) -> list[str]:
    return [f.message for f in abbreviations.check(text)]


def test_use_before_definition_is_found():
    found = messages("Offer HSCT early. Haematopoietic stem cell transplantation (HSCT) is curative.")
    assert found == ["'HSCT' is used before it is defined as 'Haematopoietic stem cell transplantation'"]


def test_two_definitions_of_one_abbreviation_are_found():
    text = "Intravenous immunoglobulin (IVIg) is used. Later, intravenous Ig (IVIg) is given."
    (finding,) = abbreviations.check(text)
    assert "defined as 'Intravenous immunoglobulin' and later as 'intravenous Ig'" in finding.message


def test_undefined_abbreviation_is_info_and_common_ones_are_not_reported():
    findings = abbreviations.check("Patients with MMN are seen in the NHS by their GP.")
    assert [(f.text, f.severity) for f in findings] == [("MMN", "info")]


def test_defined_abbreviations_used_later_raise_nothing():
    text = "Multifocal motor neuropathy (MMN) is rare. MMN responds to Ig."
    assert abbreviations.check(text) == []


def test_identifiers_and_bracketed_short_forms_are_not_undefined_abbreviations():
    text = "Reference: FIX-IG-001. Ig – subcutaneous (SCIg) may be used; therapy (CAR-T cells) is common."
    assert abbreviations.check(text) == []


def test_use_in_a_title_line_before_the_body_definition_is_not_reported():
    text = "RSV immunisation: local guidance\nRespiratory syncytial virus (RSV) causes bronchiolitis. RSV is common."
    assert abbreviations.check(text) == []


def test_change_form_cell_defining_one_short_form_two_ways_is_found():
    from extractor.changeform.model import build_changeform
    from extractor.qa import check_changeform

    new = ("Offer plasma exchange (PLEX) when Ig has failed.\n\n"
           "Each PLEX course is approved by the patient liaison executive (PLEX).")
    form = build_changeform("f.txt", "text", 1, ["Old", "New", "Reason", "Date"], ["original", "new", "reason", "date"],
                            [(["Offer plasma exchange when Ig has failed.", new, "Approval route added", "2025-03"], [1]),
                             (["Use plasma exchange (PLEX) locally.", "Use plasma exchange (PLEX) in a centre.",
                               "Setting clarified", "2025-03"], [1])])
    result = check_changeform(form, settings={"rules": ("abbreviation",)})
    assert [(f.row, f.field, f.text, f.suggestion) for f in result.findings] == [
        (0, "new", "patient liaison executive (PLEX)", "plasma exchange")]
    assert "earlier in this text" in result.findings[0].message
    assert new[result.findings[0].start:result.findings[0].end] == "patient liaison executive (PLEX)"
