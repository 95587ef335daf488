"""The DOCX reader on Word documents built with python-docx's default template."""

from __future__ import annotations

from pathlib import Path

import docx

from extractor.readers import read_document


def test_docx_nested_list_style_is_indented_below_a_list_at_the_margin(tmp_path: Path) -> None:
    # "List Number" numbers at the margin (indent 0), "List Number 2" one level in: Word renders the
    # inner items "1." "2." again, so only their indent says they are nested.
    word = docx.Document()
    word.add_paragraph("All of the following:")
    word.add_paragraph("the diagnosis is supported by at least two of the following:", style="List Number")
    word.add_paragraph("anti-GAD65 antibodies", style="List Number 2")
    word.add_paragraph("continuous motor unit activity", style="List Number 2")
    word.add_paragraph("the patient has significant disability", style="List Number")
    path = tmp_path / "nested.docx"
    word.save(path)
    lines = {line.text.split(maxsplit=1)[-1][:12]: line for line in read_document(path).lines}
    outer, inner = lines["the diagnosi"], lines["anti-GAD65 a"]
    assert outer.indent is not None and inner.indent is not None
    assert inner.indent > outer.indent
    assert lines["the patient "].indent == outer.indent


def test_docx_three_column_row_keeps_the_middle_cell_list_and_each_line_its_column(tmp_path: Path) -> None:
    word = docx.Document()
    table = word.add_table(rows=2, cols=3)
    for cell, text in zip(table.rows[0].cells, ["Phase", "Requirements", "Documentation"], strict=True):
        cell.text = text
    label, requirements, evidence = table.rows[1].cells
    label.text = "Initiation"
    requirements.text = "All of:"
    requirements.add_paragraph("1) aged 18 years or over")
    requirements.add_paragraph("2) IgG below 4 g/L")
    evidence.text = "Referral letter"
    path = tmp_path / "stages.docx"
    word.save(path)
    document = read_document(path)
    lines = [(line.text, line.column) for line in document.lines]
    assert ("Initiation\tAll of:", 0) in lines
    assert ("1) aged 18 years or over", 1) in lines and ("2) IgG below 4 g/L", 1) in lines
    assert ("Referral letter", 2) in lines
    assert all(document.text[line.start:line.end] == line.text for line in document.lines)


def test_docx_bold_run_in_label_is_measured_and_a_wholly_bold_or_plain_line_has_none(tmp_path: Path) -> None:
    word = docx.Document()
    paragraph = word.add_paragraph()
    paragraph.add_run("Referral criteria:").bold = True
    paragraph.add_run(" refer if the platelet count is below 20.")
    word.add_paragraph().add_run("Caution").bold = True
    word.add_paragraph("Adults: paracetamol 1 g orally every 6 hours")
    mixed = word.add_paragraph()
    mixed.add_run("Note:").bold = True
    mixed.add_run(" see ")
    mixed.add_run("Table 2").bold = True  # bold again later: not a run-in label alone
    path = tmp_path / "runin.docx"
    word.save(path)
    leads = [line.lead_bold for line in read_document(path).lines]
    assert leads == [len("Referral criteria:"), 0, 0, 0]
