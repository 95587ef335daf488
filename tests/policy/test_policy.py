"""Reading policies: sections, indication entries in both layouts, fields and their extractions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor.cli import main
from extractor.policy import read_policy
from extractor.policy.reconcile import normalise
from tests.policy.conftest import load_gold


def _by_name(policy, name: str):
    return next(i for i in policy.indications if normalise(i.name) == normalise(name))


@pytest.mark.parametrize("version", [1, 2])
def test_policy_reads_every_fixture_indication_and_field(version: int, corpora: Path, policy_v1, policy_v2) -> None:
    policy = policy_v1 if version == 1 else policy_v2
    gold = load_gold(corpora, f"ig_policy_v{version}")
    assert [normalise(i.name) for i in policy.indications] == [normalise(g["name"]) for g in gold["indications"]]
    for expected in gold["indications"]:
        found = _by_name(policy, expected["name"])
        assert (found.specialty, found.use, found.layout) == (expected["specialty"], expected["use"], expected["layout"])
        assert set(found.fields) == set(expected["fields"])
        for name, value in expected["fields"].items():
            assert normalise(found.fields[name].text) == normalise(value["text"]), (expected["name"], name)


def test_policy_reads_indication_continuing_across_pages(policy_v1, corpora: Path) -> None:
    entry = _by_name(policy_v1, "Secondary antibody deficiency – long term use")
    assert entry.layout == "headed" and entry.pages == [2, 3]
    gold = next(g for g in load_gold(corpora, "ig_policy_v1")["indications"] if g["name"] == entry.name)
    for name in ("selection_criteria", "exclusion_criteria", "dose", "outcome_measures"):
        assert normalise(entry.fields[name].text) == normalise(gold["fields"][name]["text"])
    # The running header between the pages is not part of the field.
    assert "fixture" not in entry.fields["selection_criteria"].text


def test_policy_reads_two_column_table_layout(policy_v1) -> None:
    entry = _by_name(policy_v1, "Specific antibody deficiency with normal IgG – long term use")
    assert entry.layout == "table"
    # Other wordings of the labels map to the canonical fields.
    assert entry.fields["selection_criteria"].label == "Eligibility criteria"
    assert entry.fields["dose"].label == "Dosage"
    assert entry.fields["outcome_measures"].label == "Review"
    assert entry.fields["dose"].text == "0.4 g/kg every 4 weeks for twelve months, then review."
    assert entry.specialty == "Immunology" and entry.use == "long term"


def test_policy_reads_table_row_split_across_pages(policy_v2, corpora: Path) -> None:
    entry = _by_name(policy_v2, "Tetanus prone injury (prophylaxis) – short term use")
    assert entry.layout == "table" and len(entry.pages) == 2
    gold = next(g for g in load_gold(corpora, "ig_policy_v2")["indications"] if g["name"] == entry.name)
    assert normalise(entry.fields["dose"].text) == normalise(gold["fields"]["dose"]["text"])


def test_policy_sections_have_numbers_levels_and_offsets(policy_v1) -> None:
    text = policy_v1.document.text
    by_number = {s.number: s for s in policy_v1.sections if s.number}
    assert [by_number[n].level for n in ("1", "1.1", "3.2.1", "Appendix A", "A.3")] == [1, 2, 3, 1, 2]
    assert by_number["3.2.1"].title == "Switching between products"
    assert by_number["Appendix A"].title == "Indications by specialty"
    for section in policy_v1.sections:
        assert text[section.start:].startswith(section.number or section.title[:10])
        assert section.start < section.end <= len(text)
    # A section ends where the next one of the same or higher level starts.
    assert by_number["3"].end == by_number["4"].start
    assert by_number["3.2"].start < by_number["3.2.1"].start < by_number["3.2"].end
    # Unnumbered indication headings sit one level below their specialty heading.
    uveitis = next(s for s in policy_v1.sections if s.title.startswith("Autoimmune uveitis"))
    assert uveitis.level == 3 and uveitis.number is None


def test_policy_fields_carry_criteria_thresholds_and_doses(policy_v1) -> None:
    text = policy_v1.document.text
    itp = _by_name(policy_v1, "Immune thrombocytopenia (ITP) in adults – short term use")
    selection = itp.fields["selection_criteria"]
    assert text[selection.start:selection.end].startswith("Urgent rise in platelets")
    threshold = selection.thresholds[0]
    assert (threshold["value"], threshold["ucum"], threshold["comparator"]) == (30, "10*9/L", "<")
    assert text[threshold["start"]:threshold["end"]] == threshold["text"]
    assert selection.criteria["op"] in ("AND", "OR") and len(selection.criteria["items"]) >= 3
    dose = itp.fields["dose"].doses[0]
    assert (dose["amount"], dose["ucum"]) == (1, "g/kg")
    assert text[dose["start"]:dose["end"]] == dose["text"]


def test_policy_maps_other_health_systems_labels_in_text_documents(tmp_path: Path) -> None:
    path = tmp_path / "other.txt"
    path.write_text("1. Scope\n\nThis guideline covers intravenous immunoglobulin in children.\n\n"
                    "2. Indications\n\n2.1 Kawasaki disease\n\nClinical area: Paediatrics\n\nDuration of use: Short-term\n\n"
                    "Inclusion criteria:\n\nFever for at least 5 days with four principal features.\n\n"
                    "Dosing regimen:\n\n2 g/kg as a single infusion over 12 hours.\n\n"
                    "Monitoring and review:\n\nEchocardiogram at 6 weeks.\n\n"
                    "2.2 Toxic shock syndrome\n\nClinical area: Infectious diseases\n\nDuration of use: acute\n\n"
                    "Eligibility Criteria:\n\nStreptococcal toxic shock not responding to antibiotics.\n\n"
                    "Dose:\n\n1 g/kg on day 1 then 0.5 g/kg on days 2 and 3.\n", encoding="utf-8")
    policy = read_policy(path)
    assert [s.number for s in policy.sections] == ["1", "2", "2.1", "2.2"]
    kawasaki, toxic = policy.indications
    assert (kawasaki.name, kawasaki.specialty, kawasaki.use) == ("Kawasaki disease", "Paediatrics", "short term")
    assert set(kawasaki.fields) == {"selection_criteria", "dose", "outcome_measures"}
    assert kawasaki.fields["dose"].doses[0]["ucum"] == "g/kg"
    assert toxic.use == "short term" and toxic.fields["selection_criteria"].text.startswith("Streptococcal")


def test_policy_without_indications_warns_and_keeps_sections(tmp_path: Path, capsys) -> None:
    path = tmp_path / "plain.txt"
    path.write_text("1. Introduction\n\nSome text.\n\n2. Governance\n\nMore text here.\n", encoding="utf-8")
    policy = read_policy(path)
    assert [s.title for s in policy.sections] == ["Introduction", "Governance"]
    assert policy.indications == [] and policy.warnings
    out = tmp_path / "out.json"
    assert main(["policy", str(path), "-o", str(out)]) == 0
    record = json.loads(out.read_text(encoding="utf-8"))
    assert record["warnings"] and record["indications"] == []
    assert "warning" in capsys.readouterr().err


def test_policy_command_prints_contract_json(corpora: Path, tmp_path: Path) -> None:
    out = tmp_path / "policy.json"
    assert main(["policy", str(corpora / "policies" / "ig_policy_v2.pdf"), "--no-extract", "-o", str(out)]) == 0
    record = json.loads(out.read_text(encoding="utf-8"))
    assert record["pages"] == 8 and len(record["indications"]) == 19
    assert set(record["sections"][0]) >= {"number", "title", "level", "page", "start", "end"}
    entry = record["indications"][0]
    assert set(entry) >= {"name", "specialty", "use", "fields"}
    assert set(entry["fields"]["selection_criteria"]) >= {"text", "criteria", "thresholds", "doses"}


def test_policy_command_rejects_bad_input_with_one_line(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.7\n1 0 obj<<>>\n")
    out = tmp_path / "out.json"
    assert main(["policy", str(bad), "-o", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "broken.pdf" in err and "Traceback" not in err
    assert not out.exists()


def test_policy_reads_table_named_by_spanning_title_row(policy_v1) -> None:
    entry = _by_name(policy_v1, "Acquired red cell aplasia associated with chronic parvovirus B19 infection – short term use")
    assert entry.layout == "table"
    assert entry.specialty == "Haematology" and entry.use == "short term"
    assert entry.fields["selection_criteria"].text.splitlines() == [
        "• Parvovirus B19 infection confirmed by PCR,", "AND",
        "• Evidence of high viral load, usually above 10⁹ IU/ml",
        "• Transfusion-dependent anaemia with reticulocytopenia"]
    # The entry before it does not swallow the title row.
    previous = policy_v1.indications[policy_v1.indications.index(entry) - 1]
    assert "Acquired red cell aplasia" not in previous.fields["outcome_measures"].text


def test_field_labels_match_variants_and_continuations() -> None:
    from extractor.policy.rules import field_rules

    rules = field_rules()
    assert rules.match_label("Selection Criteria (continued)")[0] == "selection_criteria"
    assert rules.match_label("Speciality")[0] == "specialty"
    assert rules.match_label("Recommended dosage")[0] == "dose"
    assert rules.match_label("Advice is available at") is None
    assert rules.use_of("Long-term") == "long term" and rules.use_of("acute") == "short term"


def test_field_rules_reject_unknown_keys() -> None:
    from extractor.errors import ConfigError
    from extractor.policy.rules import FieldRules

    with pytest.raises(ConfigError, match="unknown keys"):
        FieldRules.from_dict({"fields": {"dose": {"labels": ["Dose"]}}, "synonyms": []})
    with pytest.raises(ConfigError, match="unknown keys"):
        FieldRules.from_dict({"fields": {"dose": {"labels": ["Dose"], "weight": 2}}})


def test_policy_reads_two_column_entry_drawn_without_rules(tmp_path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    path = tmp_path / "borderless.pdf"
    canvas = Canvas(str(path), pagesize=A4, invariant=1)
    canvas.setFont("Helvetica-Bold", 13)
    canvas.drawString(56, 760, "Kawasaki disease – short term use")
    y = 736
    for label, value in [("Specialty", "Paediatrics"), ("Short or long term use", "Short term"),
                         ("Selection criteria", "Fever for five days with four principal features,"),
                         (None, "or fewer features with coronary changes."),
                         ("Recommended dose", "2 g/kg as a single infusion.")]:
        canvas.setFont("Helvetica", 10)
        if label:
            canvas.drawString(56, y, label)
        canvas.drawString(220, y, value)
        y -= 14
    canvas.showPage()
    canvas.save()
    policy = read_policy(path, extract=False)
    (entry,) = policy.indications
    assert (entry.name, entry.specialty, entry.use) == ("Kawasaki disease – short term use", "Paediatrics", "short term")
    assert entry.fields["selection_criteria"].text == ("Fever for five days with four principal features, "
                                                       "or fewer features with coronary changes.")
    assert entry.fields["dose"].text == "2 g/kg as a single infusion."


def test_policy_reads_docx_with_label_paragraphs_and_tab_tables(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_heading("1. Scope", level=1)
    document.add_paragraph("This guideline covers intravenous immunoglobulin.")
    document.add_heading("2.1 Kawasaki disease", level=2)
    document.add_paragraph("Specialty: Paediatrics")
    document.add_paragraph("Short or long term use: Short term")
    document.add_paragraph().add_run("Selection criteria").bold = True
    document.add_paragraph("Fever for five days.", style="List Bullet")
    document.add_paragraph("Coronary changes on echo.", style="List Bullet")
    document.add_paragraph().add_run("Recommended dose").bold = True
    document.add_paragraph("2 g/kg single infusion.")
    table = document.add_table(rows=0, cols=2)
    for label, value in [("Indication", "Toxic shock syndrome"), ("Specialty", "Infectious diseases"),
                         ("Selection criteria", "Streptococcal toxic shock."), ("Dose", "1 g/kg on day 1.")]:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value
    path = tmp_path / "policy.docx"
    document.save(str(path))
    policy = read_policy(path, extract=False)
    assert [(s.number, s.title) for s in policy.sections] == [("1", "Scope"), ("2.1", "Kawasaki disease")]
    kawasaki, toxic = policy.indications
    assert kawasaki.fields["selection_criteria"].text.splitlines() == ["• Fever for five days.",
                                                                       "• Coronary changes on echo."]
    assert (toxic.name, toxic.specialty) == ("Toxic shock syndrome", "Infectious diseases")
    assert toxic.fields["dose"].text == "1 g/kg on day 1."


def test_policy_reads_regular_face_labels_without_gaps(tmp_path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    path = tmp_path / "plain.pdf"
    canvas = Canvas(str(path), pagesize=A4, invariant=1)
    canvas.setFont("Helvetica-Bold", 13)
    canvas.drawString(56, 760, "Kawasaki disease")
    canvas.setFont("Helvetica", 10)
    y = 740
    for text in ["Specialty: Paediatrics", "Short or long term use: Short term", "Selection criteria",
                 "Fever for five days with four principal", "features of the disease.", "Recommended dose",
                 "2 g/kg as a single infusion, then review.", "Outcome measures", "Echocardiogram at six weeks."]:
        canvas.drawString(56, y, text)
        y -= 13
    canvas.showPage()
    canvas.save()
    (entry,) = read_policy(path, extract=False).indications
    assert (entry.name, entry.specialty, entry.use) == ("Kawasaki disease", "Paediatrics", "short term")
    assert {k: v.text for k, v in entry.fields.items()} == {
        "selection_criteria": "Fever for five days with four principal features of the disease.",
        "dose": "2 g/kg as a single infusion, then review.",
        "outcome_measures": "Echocardiogram at six weeks."}


def test_policy_general_section_with_dose_and_review_headings_is_not_an_entry(tmp_path: Path) -> None:
    path = tmp_path / "general.txt"
    path.write_text("5. Dosing and review\n\nDose\n\nDoses are rounded to the nearest vial.\n\n"
                    "Review\n\nEvery patient is reviewed after six months.\n", encoding="utf-8")
    policy = read_policy(path, extract=False)
    assert [s.title for s in policy.sections] == ["Dosing and review"]
    assert policy.indications == [] and policy.warnings


def test_policy_sections_carry_their_lists(policy_v1, policy_v2) -> None:
    summary = next(s for s in policy_v1.sections if s.number == "1.1")
    (items,) = summary.lists
    assert [item["text"] for item in items] == [
        "Who can receive immunoglobulin and for how long", "How doses are worked out and reviewed",
        "New indications section", "Where to find the criteria for each condition"]
    assert all(policy_v1.document.text[i["start"]:i["end"]].startswith("•") for i in items)
    # Version 2 removed one item (the change form's first row).
    assert len(next(s for s in policy_v2.sections if s.number == "1.1").lists[0]) == 3
    assert "lists" in summary.to_dict()


@pytest.mark.parametrize("name", ["ig_changeform__landscape_ruled_repeat_header.pdf",
                                  "ig_changeform__unruled_portrait_narrow.pdf",
                                  "cf_burosumab_xlh__shaded_rows_helvetica.pdf"])
def test_policy_finds_no_entries_in_a_wide_change_form_table(corpora: Path, name: str) -> None:
    path = corpora / "changeforms" / "generated" / name
    if not path.exists():
        pytest.skip("PDF rendering of a change form not generated in this checkout")
    policy = read_policy(path, extract=False)
    # Its cells quote "Recommended dose" and other labels, but a six-column table (ruled or not)
    # holds no entries, and its cells are not headings.
    assert policy.indications == [] and policy.warnings
    assert policy.sections == []


def test_policy_maps_criteria_wording_of_another_health_system(tmp_path: Path) -> None:
    path = tmp_path / "criteria.txt"
    path.write_text(
        "Condition: Multifocal motor neuropathy\n"
        "Specialty: Neurology\n"
        "Level of Evidence: Evidence of probable benefit.\n"
        "Description and Diagnostic Criteria: Asymmetric weakness with conduction block.\n"
        "Qualifying Criteria for Ig Therapy: Weakness that limits daily activities.\n"
        "Review Criteria for Assessing the Effectiveness of Ig Use: Grip strength after four months.\n"
        "Dose: 2 g/kg in divided doses over 2 to 5 days.\n", encoding="utf-8")
    (entry,) = read_policy(path, extract=False).indications
    assert entry.name == "Multifocal motor neuropathy" and entry.specialty == "Neurology"
    assert set(entry.fields) == {"evidence", "diagnosis", "selection_criteria", "outcome_measures", "dose"}
    assert entry.fields["outcome_measures"].text == "Grip strength after four months."


def test_policy_joins_field_whose_label_is_repeated_after_a_page_break(tmp_path: Path) -> None:
    path = tmp_path / "continued.txt"
    path.write_text("Indication: Kawasaki disease\nSpecialty: Paediatrics\nSelection criteria: Fever for five days.\n"
                    "Selection criteria (continued): Coronary changes on echo.\nDose: 2 g/kg once.\n", encoding="utf-8")
    (entry,) = read_policy(path, extract=False).indications
    assert entry.fields["selection_criteria"].text == "Fever for five days.\nCoronary changes on echo."
    assert entry.fields["dose"].text == "2 g/kg once."


def test_policy_reads_table_with_one_indication_per_row(tmp_path: Path) -> None:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen.canvas import Canvas

    path = tmp_path / "rows.pdf"
    width, _ = landscape(A4)
    canvas = Canvas(str(path), pagesize=landscape(A4), invariant=1)
    canvas.setFont("Helvetica-Bold", 14)
    canvas.drawString(40, 550, "3. Use of immunoglobulin in Neurology")
    columns = [40, 230, 330, 560, width - 40]
    rows = [("Condition", "Duration of use", "Eligibility criteria", "Dose"),
            ("Myasthenic crisis", "Short term", "Rapidly worsening bulbar weakness.", "2 g/kg over 2 to 5 days."),
            ("Multifocal motor neuropathy", "Long term", "Weakness limiting daily activities.", "1 g/kg every 4 weeks.")]
    top = 520
    for number, row in enumerate(rows):
        canvas.setFont("Helvetica-Bold" if number == 0 else "Helvetica", 10)
        for column, text in enumerate(row):
            canvas.rect(columns[column], top - 24, columns[column + 1] - columns[column], 24)
            canvas.drawString(columns[column] + 4, top - 16, text)
        top -= 24
    canvas.showPage()
    canvas.save()
    policy = read_policy(path, extract=False)
    crisis, mmn = policy.indications
    assert (crisis.name, crisis.use, crisis.layout, crisis.specialty) == ("Myasthenic crisis", "short term",
                                                                         "row-table", "Neurology")
    assert crisis.fields["selection_criteria"].text == "Rapidly worsening bulbar weakness."
    assert mmn.fields["dose"].text == "1 g/kg every 4 weeks." and mmn.use == "long term"
    assert policy.document.text[mmn.fields["dose"].start:mmn.fields["dose"].end] == "1 g/kg every 4 weeks."
