"""Write change-form fixtures as Word documents and convert them to PDF with LibreOffice.

Each gold file in ``corpora/gold/changeform/`` (the seed ``ig_changeform.json`` and the invented
variants ``cf_*.json``) is laid out one or more ways (:data:`LAYOUTS`) as a real Word document
made with python-docx: title and preamble paragraphs ("Product name: ..."), then a Word table
whose header row may be marked to repeat on each page, cells holding several paragraphs and
bullets (as Word list paragraphs or as "•" text), different fonts and sizes, portrait and
landscape sections, tables with and without borders or header shading, and tables continued
in a second table after a section break. LibreOffice then prints each ``.docx`` to PDF, the
way an office suite produces the forms that are published.

The output is committed under ``corpora/changeforms/office/`` as ``<gold>__<layout>.docx`` and
``.pdf`` (CI has no LibreOffice; this script is run by hand once when layouts change)::

    apt-get install -y libreoffice-writer-nogui fonts-crosextra-carlito   # once
    python scripts/make_changeform_office.py            # all layouts
    python scripts/make_changeform_office.py --no-pdf   # Word files only

``soffice`` must be on PATH (or pass ``--soffice``). Fonts named in the documents that are not
installed are substituted by LibreOffice (Arial → Liberation Sans, Times New Roman →
Liberation Serif, Calibri → Carlito), as on any machine without Microsoft fonts.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "corpora" / "gold" / "changeform"
OUT = ROOT / "corpora" / "changeforms" / "office"
BULLET = "• "


@dataclass(frozen=True)
class Layout:
    """How one fixture lays out its gold rows.

    Attributes:
        gold: Gold file stem in ``corpora/gold/changeform``.
        name: Layout name (the part after ``__`` in the fixture name).
        font: Font family of the whole document.
        size: Font size in points.
        landscape: Whether the (first) section is landscape.
        borders: Draw the "Table Grid" borders; False leaves a table without visible borders.
        shade_header: Fill the header cells with a colour.
        repeat_header: Mark the header row to repeat at the top of each page.
        list_bullets: Write bullets as Word "List Bullet" paragraphs instead of "•" text.
        widths: Relative column widths.
        split_at: Row index where the table is cut and continued in a second table after a
            section break (None: one table).
        split_landscape: Orientation of the section holding the second table.
        copy_header: Start the second table with a copy of the header row.
        metadata_table: Put the form's metadata in a two-column table instead of paragraphs.
        running_header: Text of the page header ("" for none).
        table_style: A Word table style to use instead of plain borders ("Light Grid Accent 1").
        title_row: Text of a merged title row above the header inside the table ("" for none).
    """

    gold: str
    name: str
    font: str
    size: float
    landscape: bool
    borders: bool = True
    shade_header: bool = False
    repeat_header: bool = True
    list_bullets: bool = False
    widths: tuple[float, ...] = ()
    split_at: int | None = None
    split_landscape: bool = True
    copy_header: bool = True
    metadata_table: bool = False
    running_header: str = ""
    table_style: str = ""
    title_row: str = ""


LAYOUTS = (
    Layout("ig_changeform", "landscape_grid_arial", "Arial", 10, True, shade_header=True,
           widths=(5, 5, 3, 3, 2.2, 1.8), running_header="OFFICIAL"),
    Layout("ig_changeform", "portrait_narrow_times", "Times New Roman", 9, False, list_bullets=True,
           widths=(3.7, 3.7, 3.0, 2.3, 2.4, 1.9), metadata_table=True),
    Layout("cf_tocilizumab_gca", "portrait_borderless_calibri", "Calibri", 10, False, borders=False,
           list_bullets=True, widths=(5, 5, 3, 3, 1.5)),
    Layout("cf_tocilizumab_gca", "landscape_grid_liberation", "Liberation Sans", 11, True,
           shade_header=True, repeat_header=False, widths=(6, 6, 3.5, 3, 1.2),
           running_header="NHS England – Specialised Commissioning"),
    Layout("cf_cinacalcet_phpt", "landscape_shaded_times", "Times New Roman", 10, True, shade_header=True,
           widths=(0.8, 2.4, 5, 5, 3, 2.4, 2)),
    Layout("cf_cinacalcet_phpt", "split_sections_arial", "Arial", 9, False, list_bullets=True,
           widths=(1.0, 2.0, 3.0, 3.6, 2.7, 2.6, 2.1), split_at=8, split_landscape=True, copy_header=True),
    Layout("cf_burosumab_xlh", "portrait_grid_liberation_serif", "Liberation Serif", 9, False,
           widths=(2.1, 2.6, 3.7, 4.0, 2.7, 1.9), running_header="OFFICIAL – SENSITIVE"),
    Layout("cf_tocilizumab_gca", "light_grid_title_row_dejavu", "DejaVu Sans", 9, False,
           table_style="Light Grid Accent 1", title_row="Description of changes required",
           widths=(5, 5, 3.2, 3, 1.4)),
    Layout("cf_cinacalcet_phpt", "medium_shading_calibri", "Calibri", 11, True,
           table_style="Medium Shading 1 Accent 1", widths=(0.9, 2.6, 5, 5, 3.2, 2.8, 2.3)),
    Layout("cf_burosumab_xlh", "landscape_narrow_borderless", "Liberation Sans Narrow", 9, True, borders=False,
           shade_header=True, list_bullets=True, widths=(2, 2.2, 5, 6, 2, 1.6), split_at=6,
           split_landscape=True, copy_header=False),
)


def _set_font(document: Document, font: str, size: float) -> None:
    for style_name in ("Normal", "List Bullet"):
        style = document.styles[style_name]
        style.font.name = font
        style.font.size = Pt(size)
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attribute), font)
    for style_name in ("Title", "Heading 1"):
        style = document.styles[style_name]
        style.font.name = font
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attribute), font)
        fonts.attrib.pop(qn("w:asciiTheme"), None)
        fonts.attrib.pop(qn("w:hAnsiTheme"), None)


def _orient(section: object, landscape: bool) -> None:
    width, height = Cm(21.0), Cm(29.7)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT  # type: ignore[attr-defined]
    section.page_width, section.page_height = (height, width) if landscape else (width, height)  # type: ignore[attr-defined]
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.0))
    section.top_margin = section.bottom_margin = Cm(2.2)  # type: ignore[attr-defined]


def _page_field(paragraph: object) -> None:
    """Append "Page N" with a PAGE field to a footer paragraph."""
    paragraph.add_run("Page ")  # type: ignore[attr-defined]
    simple = OxmlElement("w:fldSimple")
    simple.set(qn("w:instr"), " PAGE ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    simple.append(run)
    paragraph._p.append(simple)  # type: ignore[attr-defined]


def _decorate_section(section: object, layout: Layout) -> None:
    section.footer.is_linked_to_previous = False  # type: ignore[attr-defined]
    _page_field(section.footer.paragraphs[0])  # type: ignore[attr-defined]
    if layout.running_header:
        section.header.paragraphs[0].text = layout.running_header  # type: ignore[attr-defined]


def _fill_cell(cell: object, text: str, layout: Layout, bold: bool = False) -> None:
    """Write ``text`` into a cell: one Word paragraph per line, bullets as list items or "•" text."""
    lines = text.split("\n")
    first = cell.paragraphs[0]  # type: ignore[attr-defined]
    for number, line in enumerate(lines):
        paragraph = first if number == 0 else cell.add_paragraph()  # type: ignore[attr-defined]
        if line.startswith(BULLET) and layout.list_bullets:
            paragraph.style = "List Bullet"
            line = line[len(BULLET):]
        paragraph.paragraph_format.space_after = Pt(2)
        run = paragraph.add_run(line)
        run.bold = bold


def _shade(cell: object, fill: str) -> None:
    properties = cell._tc.get_or_add_tcPr()  # type: ignore[attr-defined]
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    properties.append(shading)


def _mark_repeat(row: object) -> None:
    properties = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _add_table(document: Document, layout: Layout, columns: list[str], rows: list[list[str]],
               usable_cm: float, with_header: bool) -> None:
    table = document.add_table(rows=0, cols=len(columns))
    if layout.table_style:
        table.style = layout.table_style
    elif layout.borders:
        table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    weights = layout.widths or (1.0,) * len(columns)
    widths = [Cm(usable_cm * w / sum(weights)) for w in weights]
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    if layout.title_row and with_header:
        row = table.add_row()
        title = row.cells[0].merge(row.cells[-1])
        _fill_cell(title, layout.title_row, layout, bold=True)
        if layout.repeat_header:
            _mark_repeat(row)
    body = ([columns] if with_header else []) + rows
    for number, cells in enumerate(body):
        row = table.add_row()
        is_header = with_header and number == 0
        for cell, text, width in zip(row.cells, cells, widths, strict=True):
            cell.width = width
            _fill_cell(cell, text, layout, bold=is_header)
            if is_header and layout.shade_header:
                _shade(cell, "D9E2F3")
        if is_header and layout.repeat_header:
            _mark_repeat(row)


def _usable(landscape: bool) -> float:
    return (29.7 if landscape else 21.0) - 4.0


def build(layout: Layout, gold: dict) -> Document:
    """Return the Word document of one fixture."""
    document = Document()
    _set_font(document, layout.font, layout.size)
    section = document.sections[0]
    _orient(section, layout.landscape)
    _decorate_section(section, layout)
    metadata = gold.get("metadata", {})
    document.add_paragraph(metadata.get("title", "Change form"), style="Title")
    labels = [(key.replace("_", " ").capitalize(), value) for key, value in metadata.items() if key != "title"]
    if layout.metadata_table:
        table = document.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        for label, value in labels:
            row = table.add_row()
            row.cells[0].text = label
            row.cells[1].text = value
        document.add_paragraph("")
    else:
        for label, value in labels:
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{label}:").bold = True
            if value:
                paragraph.add_run(f" {value}")
    if not layout.title_row:
        document.add_paragraph("Description of changes required", style="Heading 1")
    rows = [row["cells"] for row in gold["rows"]]
    columns = gold["columns"]
    cut = layout.split_at if layout.split_at is not None else len(rows)
    _add_table(document, layout, columns, rows[:cut], _usable(layout.landscape), with_header=True)
    if cut < len(rows):
        section = document.add_section(WD_SECTION.NEW_PAGE)
        _orient(section, layout.split_landscape)
        _add_table(document, layout, columns, rows[cut:], _usable(layout.split_landscape),
                   with_header=layout.copy_header)
    document.add_paragraph("")
    document.add_paragraph("Sign-off: approved by the Clinical Priorities Advisory Group.")
    return document


def convert(docx_path: Path, outdir: Path, soffice: str) -> Path:
    """Print ``docx_path`` to PDF in ``outdir`` with LibreOffice headless; return the PDF path."""
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(outdir), str(docx_path)],
                       check=True, capture_output=True, timeout=300)
    pdf = outdir / (docx_path.stem + ".pdf")
    if not pdf.exists():
        raise RuntimeError(f"LibreOffice wrote no PDF for {docx_path}")
    return pdf


def main(argv: list[str] | None = None) -> int:
    """Write every layout's .docx (and .pdf unless --no-pdf) into corpora/changeforms/office/."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-pdf", action="store_true", help="write the Word files only")
    parser.add_argument("--soffice", default=shutil.which("soffice") or "soffice", help="LibreOffice binary")
    parser.add_argument("--only", help="build only layouts whose fixture name contains this")
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    for layout in LAYOUTS:
        stem = f"{layout.gold}__{layout.name}"
        if args.only and args.only not in stem:
            continue
        gold = json.loads((GOLD / f"{layout.gold}.json").read_text(encoding="utf-8"))
        path = OUT / f"{stem}.docx"
        build(layout, gold).save(str(path))
        line = f"{path.relative_to(ROOT)}  {len(gold['rows'])} rows"
        if not args.no_pdf:
            pdf = convert(path, OUT, args.soffice)
            line += f"  -> {pdf.name}"
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
