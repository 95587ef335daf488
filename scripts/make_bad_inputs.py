"""Write the bad-input suite: small broken, encrypted, empty and mislabelled files in corpora/bad/.

Every file here must make the command line fail cleanly (one line on standard error naming the
file and the problem, exit status 2, no traceback, no half-written output), except that
``encrypted.pdf`` opens with ``--password secret``. ``tests/test_bad_input.py`` checks them.

Run from the repository root (needs reportlab, pypdf, python-docx and Pillow; the files are
committed, so this only needs running when the suite changes)::

    python scripts/make_bad_inputs.py

| file | what it is |
| --- | --- |
| ``text_named.pdf`` | a plain text file with a .pdf name |
| ``empty.pdf`` | zero bytes |
| ``truncated.pdf`` | the first half of a real change-form PDF |
| ``corrupt_xref.pdf`` | a real PDF whose xref table and startxref offset are garbage and whose objects are damaged |
| ``corrupt_xref_recoverable.pdf`` | a real change form whose xref table is garbage but whose objects are intact: readers must recover it (the one file here that reads) |
| ``encrypted.pdf`` | a change form encrypted with the user password ``secret`` |
| ``image_only.pdf`` | one page holding only a picture of a change table (no text layer) |
| ``no_table.pdf`` | a valid PDF of prose (meeting minutes), no change table |
| ``zero_pages.pdf`` | a valid PDF whose page tree is empty |
| ``corrupt_stream.pdf`` | a well-formed PDF whose only page content stream is not valid Flate data |
| ``circular_pages.pdf`` | a well-formed PDF whose page tree lists itself as its own kid |
| ``empty.docx`` | a valid Word file with no text |
| ``not_word.docx`` | a ZIP archive of a CSV file, named .docx |
| ``truncated.docx`` | the first 5,000 bytes of a real Word file (the ZIP directory is lost) |
| ``broken_xml.docx`` | a Word package whose ``word/document.xml`` is cut in half (invalid XML) |

Files too large to commit (over the size limit) are made on the fly by the tests (sparse files).
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from docx import Document
from PIL import Image, ImageDraw
from pypdf import PdfWriter
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "corpora" / "bad"
PASSWORD = "secret"
HEADER = ["Original text", "New text", "Section", "Reason for change", "Changed by", "Date of change"]
ROWS = [
    ["Methotrexate 7.5 mg once weekly", "Methotrexate 10 mg once weekly", "4. Dosing", "Dose update",
     "Rheumatology CRG", "05/06/2024"],
    ["eGFR below 30 ml/min", "eGFR below 45 mL/min/1.73 m²", "3. Exclusions", "Threshold change",
     "Renal Pharmacist", "July 2024"],
    ["See NICE CG79", "See NICE NG100", "References", "Guideline replaced", "Policy Team", "August 2024"],
]


def change_form_pdf(encrypt: str | None = None) -> bytes:
    """Return a small one-page change form (title, product line, a ruled table) made with reportlab."""
    buffer = io.BytesIO()
    styles = getSampleStyleSheet()
    document = SimpleDocTemplate(buffer, pagesize=landscape(A4), encrypt=encrypt, title="Change form", invariant=True,
                                 leftMargin=1.5 * cm, rightMargin=1.5 * cm)
    cell = styles["BodyText"]
    table = Table([[Paragraph(text, cell) for text in row] for row in [HEADER, *ROWS]],
                  colWidths=[6 * cm, 6 * cm, 3 * cm, 4 * cm, 3.5 * cm, 3 * cm], repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    document.build([Paragraph("Change form", styles["Title"]),
                    Paragraph("Product name: Clinical commissioning policy for methotrexate", cell),
                    Spacer(1, 12), table])
    return buffer.getvalue()


def prose_pdf() -> bytes:
    """Return a valid two-paragraph PDF of meeting minutes (text, but no change table)."""
    buffer = io.BytesIO()
    styles = getSampleStyleSheet()
    document = SimpleDocTemplate(buffer, pagesize=A4, title="Minutes", invariant=True)
    document.build([Paragraph("Minutes of the Clinical Reference Group", styles["Title"]),
                    Paragraph("The group reviewed the draft policy and agreed that the evidence review "
                              "should be refreshed before the next meeting. Actions were assigned to the "
                              "policy team.", styles["BodyText"]),
                    Paragraph("Date of next meeting: 14 May 2025.", styles["BodyText"])])
    return buffer.getvalue()


def image_only_pdf() -> bytes:
    """Return a one-page PDF whose only content is a raster picture of a table (a scan)."""
    picture = Image.new("L", (1200, 500), 255)
    draw = ImageDraw.Draw(picture)
    for x in range(20, 1200, 195):
        draw.line([(x, 20), (x, 480)], fill=0, width=2)
    for y in (20, 90, 200, 300, 400, 480):
        draw.line([(20, y), (1190, y)], fill=0, width=2)
    for column, text in enumerate(HEADER):
        draw.text((30 + column * 195, 40), text, fill=0)
    for number, row in enumerate(ROWS):
        for column, text in enumerate(row):
            draw.text((30 + column * 195, 110 + number * 100), text[:28], fill=0)
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=landscape(A4), invariant=True)
    page.drawImage(ImageReader(picture), 1 * cm, 5 * cm, width=27 * cm, height=11 * cm)
    page.showPage()
    page.save()
    return buffer.getvalue()


def garbage_xref(data: bytes) -> bytes:
    """Overwrite the xref table, trailer and startxref offset with garbage (objects left intact)."""
    start = data.rindex(b"xref")
    broken = bytearray(data[:start])
    broken += b"xref\n0 9\nGARBAGE GARBAGE f\n" + b"zz" * 40 + b"\ntrailer\n<< /Size 9 /Root 99 0 R >>\n"
    broken += b"startxref\n123456789\n%%EOF\n"
    return bytes(broken)


def corrupt_xref(data: bytes) -> bytes:
    """Garbage xref as :func:`garbage_xref`, and every object header broken so nothing can be recovered."""
    return re.sub(rb"(\d+) 0 obj", rb"\1 0 jbo", garbage_xref(data))


def raw_pdf(objects: list[bytes]) -> bytes:
    """Return a PDF made of ``objects`` (numbered from 1, the first the catalog) with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    start = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{start}\n%%EOF\n".encode()
    return bytes(out)


def corrupt_stream_pdf() -> bytes:
    """Return a one-page PDF whose content stream claims FlateDecode but holds noise."""
    noise = bytes((i * 37 + 11) % 256 for i in range(300))
    return raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
         b"/Contents 4 0 R >>"),
        b"<< /Length 300 /Filter /FlateDecode >>\nstream\n" + noise + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ])


def circular_pages_pdf() -> bytes:
    """Return a PDF whose page tree node names itself as its only kid."""
    return raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>"])


def zero_pages_pdf() -> bytes:
    """Return a structurally valid PDF with an empty page tree, written by pypdf."""
    buffer = io.BytesIO()
    PdfWriter().write(buffer)
    return buffer.getvalue()


def empty_docx() -> bytes:
    """Return a valid Word document with no text at all."""
    buffer = io.BytesIO()
    Document().save(buffer)
    return buffer.getvalue()


def zip_of_csv() -> bytes:
    """Return a ZIP archive holding a CSV file (not a Word package)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("rows.csv", "original,new\nold text,new text\n")
    return buffer.getvalue()


def broken_xml_docx() -> bytes:
    """Return a Word package whose main document part is cut in half (not well-formed XML)."""
    source = zipfile.ZipFile(io.BytesIO(empty_docx()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                data = data[: len(data) // 2]
            archive.writestr(item, data)
    return buffer.getvalue()


def build() -> dict[str, bytes]:
    """Return every bad file's name and bytes."""
    real = change_form_pdf()
    return {
        "text_named.pdf": b"Original text\tNew text\tReason\nThis is plain text, not a PDF.\n",
        "empty.pdf": b"",
        "truncated.pdf": real[: len(real) // 2],
        "corrupt_xref.pdf": corrupt_xref(real),
        "corrupt_xref_recoverable.pdf": garbage_xref(real),
        "encrypted.pdf": change_form_pdf(encrypt=PASSWORD),
        "image_only.pdf": image_only_pdf(),
        "no_table.pdf": prose_pdf(),
        "zero_pages.pdf": zero_pages_pdf(),
        "corrupt_stream.pdf": corrupt_stream_pdf(),
        "circular_pages.pdf": circular_pages_pdf(),
        "empty.docx": empty_docx(),
        "not_word.docx": zip_of_csv(),
        "truncated.docx": empty_docx()[:5000],
        "broken_xml.docx": broken_xml_docx(),
    }


def main() -> None:
    """Write the suite into corpora/bad/."""
    OUT.mkdir(parents=True, exist_ok=True)
    for name, data in build().items():
        (OUT / name).write_bytes(data)
        print(f"{OUT.relative_to(ROOT) / name}  {len(data)} bytes")


if __name__ == "__main__":
    main()
