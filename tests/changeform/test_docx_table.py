"""Behaviour of the Word change-form reader on small documents built with python-docx."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.enum.section import WD_SECTION
from docx.oxml import OxmlElement

from extractor.changeform import read_changeform
from extractor.changeform.docx_table import read_docx_changeform
from extractor.errors import InputError

HEADER = ["Original text", "Amended text", "Section", "Reason for change", "Changed by", "Date of change"]
ROWS = [
    ["Dose 5 mg/kg", "Dose 10 mg/kg", "4. Dosing", "Dose error", "Pharmacy Lead", "03/02/2025"],
    ["Refer within 2 weeks", "Refer within 10 days", "5. Pathway", "Threshold change", "CRG Chair", "March 2024"],
    ["NICE TA100", "NICE TA200", "References", "Reference update", "Policy Team", "April 2024"],
]


def _table(document, rows, *, repeat_header=False):
    table = document.add_table(rows=0, cols=len(rows[0]))
    table.style = "Table Grid"
    for number, cells in enumerate(rows):
        row = table.add_row()
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
        if number == 0 and repeat_header:
            flag = OxmlElement("w:tblHeader")
            row._tr.get_or_add_trPr().append(flag)
    return table


def _save(document, tmp_path: Path, name: str = "form.docx") -> Path:
    path = tmp_path / name
    document.save(str(path))
    return path


def test_docx_reads_header_mapping_and_rows(tmp_path):
    document = Document()
    document.add_paragraph("Change form")
    document.add_paragraph("Product name: Policy for drug X")
    _table(document, [HEADER] + ROWS)
    form = read_changeform(_save(document, tmp_path))
    assert form.fields == ["original", "new", "section", "reason", "changed_by", "date"]
    assert [row.cells for row in form.rows] == ROWS
    assert form.metadata == {"title": "Change form", "product_name": "Policy for drug X"}
    assert form.to_dict()["rows"][0]["date"] == "2025-02-03"


def test_docx_drops_header_rows_word_repeats_or_that_were_copied(tmp_path):
    document = Document()
    _table(document, [HEADER, ROWS[0], HEADER, ROWS[1], [h.upper() for h in HEADER], ROWS[2]], repeat_header=True)
    form = read_changeform(_save(document, tmp_path))
    assert [row.cells for row in form.rows] == ROWS


def test_docx_joins_table_continued_after_section_break_with_copied_header(tmp_path):
    document = Document()
    _table(document, [HEADER, ROWS[0]], repeat_header=True)
    document.add_section(WD_SECTION.NEW_PAGE)
    _table(document, [HEADER, ROWS[1], ROWS[2]], repeat_header=True)
    form = read_changeform(_save(document, tmp_path))
    assert [row.cells for row in form.rows] == ROWS
    assert [row.pages for row in form.rows] == [[1], [2], [2]]


def test_docx_joins_headerless_continuation_but_not_a_table_after_text(tmp_path):
    document = Document()
    _table(document, [HEADER, ROWS[0]])
    document.add_paragraph("")
    _table(document, [ROWS[1]])
    document.add_paragraph("Appendix: contacts")
    _table(document, [["Name", "Role", "Email", "Phone", "Team", "Room"]])
    form = read_changeform(_save(document, tmp_path))
    assert [row.cells for row in form.rows] == ROWS[:2]


def test_docx_keeps_bullets_and_paragraph_breaks_in_cells(tmp_path):
    document = Document()
    table = _table(document, [HEADER, ROWS[0]])
    cell = table.rows[1].cells[1]
    cell.text = "Patients must have:"
    cell.add_paragraph("IgG below 4 g/L", style="List Bullet")
    cell.add_paragraph("• two or more infections")
    cell.add_paragraph("")
    cell.add_paragraph("Review at 6 months.")
    form = read_changeform(_save(document, tmp_path))
    assert form.rows[0].cells[1] == "Patients must have:\n• IgG below 4 g/L\n• two or more infections\nReview at 6 months."


def test_docx_horizontally_merged_cell_fills_its_first_column_only(tmp_path):
    document = Document()
    table = _table(document, [HEADER, ROWS[0], ROWS[1]])
    merged = table.cell(2, 0).merge(table.cell(2, 1))
    merged.text = "Whole section replaced"
    form = read_changeform(_save(document, tmp_path))
    assert form.rows[1].cells == ["Whole section replaced", ""] + ROWS[1][2:]
    assert form.rows[0].cells == ROWS[0]


def test_docx_vertically_merged_cell_repeats_in_each_row(tmp_path):
    document = Document()
    table = _table(document, [HEADER, ROWS[0], ROWS[1]])
    merged = table.cell(1, 4).merge(table.cell(2, 4))
    merged.text = "Pharmacy Lead"
    form = read_changeform(_save(document, tmp_path))
    assert [row.cells[4] for row in form.rows] == ["Pharmacy Lead", "Pharmacy Lead"]
    assert form.rows[1].cells[:4] == ROWS[1][:4]


def test_docx_merged_title_row_above_header_is_not_a_row(tmp_path):
    document = Document()
    table = _table(document, [["Description of changes required"] + [""] * 5, HEADER, ROWS[0]])
    table.cell(0, 0).merge(table.cell(0, 5))
    form = read_changeform(_save(document, tmp_path))
    assert form.columns == HEADER
    assert [row.cells for row in form.rows] == [ROWS[0]]


def test_docx_chooses_the_table_whose_header_maps_best_and_reads_label_tables(tmp_path):
    document = Document()
    document.add_paragraph("Policy change form")
    _table(document, [["Product name", "Policy for drug Y"], ["Publication number", ""]])
    _table(document, [["Reason", "Date", "Notes"], ["a", "b", "c"]])
    _table(document, [HEADER] + ROWS)
    form = read_changeform(_save(document, tmp_path))
    assert form.columns == HEADER
    assert len(form.rows) == 3
    assert form.metadata["product_name"] == "Policy for drug Y"
    assert form.metadata["publication_number"] == ""


def test_docx_without_change_table_is_an_input_error_naming_the_file(tmp_path):
    document = Document()
    document.add_paragraph("Minutes of the meeting")
    _table(document, [["Name", "Role"], ["A", "Chair"]])
    path = _save(document, tmp_path, "minutes.docx")
    with pytest.raises(InputError, match="no change table") as info:
        read_docx_changeform(path)
    assert info.value.path == str(path)


def test_docx_with_header_but_no_rows_is_an_input_error(tmp_path):
    document = Document()
    _table(document, [HEADER, [""] * 6])
    with pytest.raises(InputError, match="no rows"):
        read_docx_changeform(_save(document, tmp_path))


def test_empty_docx_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="holds no text"):
        read_docx_changeform(_save(Document(), tmp_path))


def test_docx_that_is_not_a_word_package_is_an_input_error(tmp_path):
    path = tmp_path / "fake.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<not-word/>")
    with pytest.raises(InputError, match="unreadable Word document"):
        read_docx_changeform(path)


def test_docx_reads_table_and_metadata_inside_content_controls(tmp_path):
    document = Document()
    document.add_paragraph("Product name: Policy for drug Z")
    _table(document, [HEADER] + ROWS)
    body = document.element.body
    sdt, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
    sdt.append(content)
    for element in list(body.iterchildren())[:2]:  # the paragraph and the table, not sectPr
        content.append(element)
    body.insert(0, sdt)
    form = read_changeform(_save(document, tmp_path))
    assert [row.cells for row in form.rows] == ROWS
    assert form.metadata["product_name"] == "Policy for drug Z"


def test_docx_reads_cells_with_tracked_insertions_as_if_accepted(tmp_path):
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = Document()
    table = _table(document, [HEADER, ROWS[0]])
    paragraph = table.rows[1].cells[1].paragraphs[0]
    paragraph.text = "Dose "
    paragraph._p.append(parse_xml(f'<w:del {nsdecls("w")} w:id="1" w:author="A" w:date="2024-01-01T00:00:00Z">'
                                  '<w:r><w:delText>5 mg/kg</w:delText></w:r></w:del>'))
    paragraph._p.append(parse_xml(f'<w:ins {nsdecls("w")} w:id="2" w:author="A" w:date="2024-01-01T00:00:00Z">'
                                  '<w:r><w:t>10 mg/kg</w:t></w:r></w:ins>'))
    form = read_changeform(_save(document, tmp_path))
    assert form.rows[0].cells[1] == "Dose 10 mg/kg"


def test_docx_reads_text_inside_content_controls_and_fields_but_not_text_boxes(tmp_path):
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = Document()
    table = _table(document, [HEADER, ROWS[0]])
    paragraph = table.rows[1].cells[2].paragraphs[0]
    paragraph.text = "Section "
    paragraph._p.append(parse_xml(f'<w:sdt {nsdecls("w")}><w:sdtContent><w:r><w:t>4.2</w:t></w:r>'
                                  '</w:sdtContent></w:sdt>'))
    paragraph._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r><w:t xml:space="preserve">'
                                  ' (page 7)</w:t></w:r></w:fldSimple>'))
    form = read_changeform(_save(document, tmp_path))
    assert form.rows[0].cells[2] == "Section 4.2 (page 7)"


def _rendered_break_before(paragraph):
    """Put a w:lastRenderedPageBreak (as Word writes on save) before the paragraph's text."""
    run = paragraph.runs[0]._r
    run.insert(0, OxmlElement("w:lastRenderedPageBreak"))


def test_docx_rows_are_paged_from_words_rendered_page_breaks(tmp_path):
    document = Document()
    table = _table(document, [HEADER, *ROWS])
    split = table.rows[2].cells[1]  # ROWS[1]: its new-text cell runs on to page 2
    split.add_paragraph("continued on the next page")
    _rendered_break_before(split.paragraphs[1])
    for cell in table.rows[3].cells:  # ROWS[2] starts at the top of page 3
        _rendered_break_before(cell.paragraphs[0])
    form = read_changeform(_save(document, tmp_path))
    assert [row.pages for row in form.rows] == [[1], [1, 2], [3]]
    assert form.pages == 3


def test_docx_continuous_section_break_does_not_start_a_page(tmp_path):
    document = Document()
    _table(document, [HEADER, ROWS[0]])
    document.add_section(WD_SECTION.CONTINUOUS)
    _table(document, [HEADER, ROWS[1]], repeat_header=True)
    document.add_section(WD_SECTION.NEW_PAGE)
    _table(document, [HEADER, ROWS[2]], repeat_header=True)
    form = read_changeform(_save(document, tmp_path))
    assert [row.cells for row in form.rows] == ROWS
    assert [row.pages for row in form.rows] == [[1], [1], [2]]


def test_docx_two_row_header_with_group_label_is_one_header(tmp_path):
    top = ["Section", "Change", "", "Reason", "Changed by", "Date"]
    sub = ["", "From", "To", "", "", ""]
    rows = [[r[2], r[0], r[1], *r[3:]] for r in ROWS]
    document = Document()
    table = _table(document, [top, sub, rows[0]])
    table.cell(0, 1).merge(table.cell(0, 2)).text = "Change"
    document.add_section(WD_SECTION.NEW_PAGE)
    _table(document, [top, sub, rows[1]])  # continued, both header rows copied by hand
    form = read_changeform(_save(document, tmp_path))
    assert form.columns == ["Section", "From", "To", "Reason", "Changed by", "Date"]
    assert form.fields == ["section", "original", "new", "reason", "changed_by", "date"]
    assert [row.cells for row in form.rows] == rows[:2]
