"""The PDF reader on real PDFs: the generated policy fixtures and small PDFs drawn here with reportlab."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from extractor.errors import InputError
from extractor.readers.pdf import keep_hyphen, read_pdf


@pytest.fixture(scope="module")
def policy_v1(corpora: Path):
    return read_pdf(corpora / "policies" / "ig_policy_v1.pdf")


def _pdf(path: Path, pages: list[list[tuple[float, str]]], *, header: str | None = None) -> Path:
    """Draw pages of (y, text) lines in Helvetica 10, with an optional running header and page numbers."""
    canvas = Canvas(str(path), pagesize=A4, invariant=1)
    for number, lines in enumerate(pages, start=1):
        canvas.setFont("Helvetica", 10)
        if header:
            canvas.drawString(56, 800, header)
            canvas.drawCentredString(297, 30, f"Page {number} of {len(pages)}")
        for y, text in lines:
            canvas.drawString(56, y, text)
        canvas.showPage()
    canvas.save()
    return path


def test_pdf_reader_rejoins_hyphenated_wraps(tmp_path: Path) -> None:
    path = _pdf(tmp_path / "wraps.pdf", [[
        (700, "Replacement therapy with immuno-"),
        (687, "globulin is reviewed yearly in patients with B-"),
        (674, "cell aplasia after CAR-T therapy, and post-"),
        (661, "exposure prophylaxis follows the post-exposure guidance."),
    ]])
    text = " ".join(read_pdf(path).text.split())
    assert "immunoglobulin is reviewed" in text
    assert "B-cell aplasia" in text            # single capital before the hyphen: a real compound
    assert "post-exposure prophylaxis" in text  # written unbroken elsewhere in the document
    assert "immuno-" not in text


def test_keep_hyphen_separates_compounds_from_wrap_artefacts() -> None:
    assert keep_hyphen("B", "cell", set())
    assert keep_hyphen("anti", "TNF", set())
    assert keep_hyphen("post", "exposure", {"post-exposure"})
    assert keep_hyphen("well", "established", set())
    assert not keep_hyphen("immuno", "globulin", set())
    assert not keep_hyphen("commen", "cement", set())


def test_pdf_reader_drops_running_header_and_footer(policy_v1, corpora: Path) -> None:
    text = policy_v1.text
    assert "Page 1 of" not in text and "Page 8 of 8" not in text
    assert "invented test fixture" not in text
    assert "Not clinical guidance" not in text
    assert not any(re.fullmatch(r"Page \d+ of \d+", line.text) for line in policy_v1.lines)
    # Body text on the same pages survives.
    assert "Plain language summary" in text and "Autoimmune uveitis" in text


def test_pdf_reader_drops_header_only_when_repeated(tmp_path: Path) -> None:
    pages = [[(700, f"Body text of page {n} about immunoglobulin.")] for n in range(1, 4)]
    document = read_pdf(_pdf(tmp_path / "header.pdf", pages, header="Running header of the policy"))
    assert "Running header" not in document.text
    assert "Page 2 of 3" not in document.text
    assert [page.text for page in document.pages] == [f"Body text of page {n} about immunoglobulin." for n in (1, 2, 3)]


def test_pdf_reader_rebuilds_raised_superscript(policy_v1) -> None:
    assert "above 10⁹ IU/ml" in policy_v1.text
    assert "30 x 10⁹/L" in policy_v1.text
    assert "109 IU/ml" not in policy_v1.text


def test_pdf_reader_lines_carry_offsets_font_size_and_weight(policy_v1) -> None:
    text = policy_v1.text
    for line in policy_v1.lines:
        assert text[line.start:line.end] == line.text
        assert policy_v1.page_at(line.start) == line.page
    heading = next(line for line in policy_v1.lines if line.text == "3.2.1 Switching between products")
    body = next(line for line in policy_v1.lines if line.text.startswith("Switching between brands"))
    assert heading.bold and not body.bold
    assert heading.size > body.size


def test_pdf_reader_reads_table_cells_in_reading_order(policy_v1) -> None:
    text = policy_v1.text
    assert "Indication\n\nSpecific antibody deficiency with normal IgG – long term use\n\nSpecialty\n\nImmunology" in text
    table = next(t for t in policy_v1.tables if t.rows and "Specific antibody deficiency" in t.rows[0][-1])
    assert table.rows[1] == ["Specialty", "Immunology"]
    assert table.header_rows == 0
    spans = policy_v1.metadata["table_spans"]
    assert len(spans) == len(policy_v1.tables)
    span = spans[policy_v1.tables.index(table)]
    assert text[span["start"]:span["end"]].startswith("Indication")


def test_pdf_reader_rejects_pdf_without_text(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    canvas = Canvas(str(path), pagesize=A4)
    canvas.rect(50, 50, 400, 600, fill=1)
    canvas.showPage()
    canvas.save()
    with pytest.raises(InputError, match="no text layer"):
        read_pdf(path)


def test_pdf_reader_rejects_truncated_pdf(tmp_path: Path, corpora: Path) -> None:
    data = (corpora / "policies" / "ig_policy_v1.pdf").read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[:2000])
    with pytest.raises(InputError) as info:
        read_pdf(path)
    assert "cut.pdf" in str(info.value) and "\n" not in str(info.value)


def test_pdf_reader_keeps_heading_number_set_at_a_tab_stop(tmp_path: Path) -> None:
    path = tmp_path / "tab.pdf"
    canvas = Canvas(str(path), pagesize=A4, invariant=1)
    canvas.setFont("Helvetica-Bold", 14)
    canvas.drawString(56, 760, "2.3.1")
    canvas.drawString(120, 760, "Dose calculation")
    canvas.setFont("Helvetica", 10)
    canvas.drawString(56, 740, "Specialty")
    canvas.drawString(220, 740, "Neurology")
    canvas.showPage()
    canvas.save()
    lines = [line.text for line in read_pdf(path).lines]
    assert lines == ["2.3.1 Dose calculation", "Specialty", "Neurology"]


def test_rejoin_removes_soft_hyphens_always() -> None:
    from extractor.readers.pdf import RawLine, RawPage, rejoin_hyphens

    page = RawPage(number=1, width=595, height=842, lines=[
        RawLine("therapy with immuno\u00ad", 10, False, 56, 100, 110, block="b"),
        RawLine("globulin and B\u00ad", 10, False, 56, 113, 123, block="b"),
        RawLine("cell aplasia", 10, False, 56, 126, 136, block="b")])
    assert rejoin_hyphens([page]) == 2
    assert [line.text for line in page.lines] == ["therapy with immunoglobulin", "and Bcell", "aplasia"]


def _hand_built_pdf(path: Path, objects: list[bytes]) -> Path:
    """A PDF of the given objects (1 is the catalog) with a correct cross-reference table."""
    body, offsets = b"%PDF-1.4\n", []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(body))
        body += f"{number} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(body)
    body += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    body += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    body += f"trailer\n<</Size {len(objects) + 1}/Root 1 0 R>>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(body)
    return path


def test_pdf_reader_reports_undecodable_page_content_as_corrupt(tmp_path: Path) -> None:
    garbage = bytes((i * 37 + 11) % 256 for i in range(300))
    path = _hand_built_pdf(tmp_path / "damaged.pdf", [
        b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R>>",
        b"<</Length 300/Filter/FlateDecode>>\nstream\n" + garbage + b"\nendstream"])
    with pytest.raises(InputError, match="corrupt or damaged"):
        read_pdf(path)


def test_pdf_reader_reports_unreachable_page_tree_as_corrupt(tmp_path: Path) -> None:
    path = _hand_built_pdf(tmp_path / "circular.pdf", [
        b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[2 0 R]/Count 1>>"])
    with pytest.raises(InputError, match="page tree declares 1 pages"):
        read_pdf(path)


def test_pdf_bold_run_in_label_is_measured_from_the_glyph_fonts(corpora: Path) -> None:
    document = read_pdf(corpora / "policies" / "blind6" / "who_stg_chapter.pdf")
    leads = {line.text[:line.lead_bold] for line in document.lines if line.lead_bold}
    assert {"Referral criteria:", "Caution:", "Indications for hydroxyurea:"} <= leads
    assert not any(line.lead_bold for line in document.lines if line.text.startswith("Adults:"))


def test_pdf_table_ruled_only_across_takes_its_columns_from_the_header_box(corpora: Path) -> None:
    document = read_pdf(corpora / "policies" / "blind7" / "legislative_instrument.pdf")
    rows = [row for table in document.tables for row in table.rows if any(cell.strip() for cell in row)]
    conditions = [row[1] for row in rows if row[0].strip().isdigit()]
    assert conditions[0] == "Chronic inflammatory demyelinating polyneuropathy" and len(conditions) == 5
    assert all(len(row) == 4 for row in rows)


def test_pdf_notice_under_a_header_box_is_not_a_table_body(corpora: Path) -> None:
    document = read_pdf(corpora / "policies" / "blind6" / "pbm_two_column.pdf")
    assert not any("Fictitious" in cell for table in document.tables for row in table.rows for cell in row)
