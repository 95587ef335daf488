"""Generate a folder of hostile inputs for the batch runner's isolation tests.

Each file is something a real batch meets sooner or later; every one must end as a result or a
one-line error within the per-document time and memory limits, and the batch must go on:

- ``truncated.pdf``: a valid change form cut in half.
- ``corrupt_xref.pdf``: a valid PDF whose cross-reference offsets and trailer are garbage.
- ``encrypted.pdf``: password protected (user password ``secret``).
- ``image_only.pdf``: a scanned-looking page, an image and no text layer.
- ``zero_pages.pdf``: a page tree with no pages.
- ``many_pages.pdf``: 10,000 tiny pages (``--pages``).
- ``deep_nesting.pdf``: an object nested 50,000 arrays deep.
- ``stream_bomb.pdf``: a ~1 MB Flate stream that inflates to ``--bomb-mb`` MB.
- ``not_a_pdf.pdf``: a PNG image named ``.pdf``.
- ``empty.docx``: a Word document with no paragraphs and no tables.
- ``zero_bytes.pdf``: an empty file.

Usage::

    python scripts/make_hostile_corpus.py OUT_DIR [--pages 10000] [--bomb-mb 1500]
"""

from __future__ import annotations

import argparse
import io
import zlib
from pathlib import Path


def build_pdf(objects: list[bytes], *, root: int = 1) -> bytes:
    """Serialise numbered objects (1..n) into a PDF with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root {root} 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def page_objects(content: bytes, *, extra: bytes = b"", filters: bytes = b"") -> list[bytes]:
    """Catalog, page tree, one page with Helvetica and ``content`` as its content stream."""
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> " + extra + b">>",
        b"<< /Length " + str(len(content)).encode() + b" " + filters + b">>\nstream\n" + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]


def form_pdf(rows: int = 12, password: str | None = None) -> bytes:
    """A small but real change form (fpdf2 table), optionally encrypted."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    if password:
        pdf.set_encryption(owner_password=password + "-owner", user_password=password)
    pdf.add_page()
    pdf.set_font("Helvetica", size=9)
    pdf.cell(0, 8, "Clinical commissioning policy - change form", new_x="LMARGIN", new_y="NEXT")
    with pdf.table(col_widths=(40, 40, 30, 40, 20, 20)) as table:
        table.row(["Original text", "New text", "Section", "Reason for change", "Changed by", "Date"])
        for number in range(rows):
            table.row([f"Dose of {number + 1} g/kg every 4 weeks", f"Dose of {number + 2} g/kg every 4 weeks",
                       f"Section {number % 5 + 1}", "Updated following clinical review", "Policy lead",
                       f"0{number % 9 + 1}/2025"])
    return bytes(pdf.output())


def image_only_pdf() -> bytes:
    """One page holding only a picture of text (as a scan would)."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw

    picture = Image.new("L", (800, 300), 255)
    draw = ImageDraw.Draw(picture)
    for line in range(6):
        draw.text((20, 20 + 40 * line), f"Scanned line {line + 1}: patients with IgG < 4 g/L", fill=0)
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.image(io.BytesIO(buffer.getvalue()), x=10, y=10, w=190)
    return bytes(pdf.output())


def many_pages_pdf(pages: int) -> bytes:
    """``pages`` tiny pages with a word each, sharing one font object."""
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(pages)).encode()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [" + kids + b"] /Count " + str(pages).encode() + b" >>",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    for i in range(pages):
        content = f"BT /F1 6 Tf 2 2 Td (p{i + 1}) Tj ET".encode()
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 36 12] /Contents "
                       + str(5 + 2 * i).encode() + b" 0 R /Resources << /Font << /F1 3 0 R >> >> >>")
        objects.append(b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content + b"\nendstream")
    return build_pdf(objects)


def deep_nesting_pdf(depth: int = 50_000) -> bytes:
    """A page whose resources hold an array nested ``depth`` levels deep."""
    nested = b"[" * depth + b"1" + b"]" * depth
    return build_pdf(page_objects(b"BT /F1 12 Tf 72 720 Td (Nested) Tj ET", extra=b"/Deep " + nested + b" "))


def bomb_pdf(megabytes: int) -> bytes:
    """A page whose content stream is a small Flate stream that inflates to ``megabytes`` MB."""
    compressor = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    parts = [compressor.compress(b"BT /F1 12 Tf 72 720 Td (Bomb) Tj ET\n")]
    parts += [compressor.compress(chunk) for _ in range(megabytes)]
    parts.append(compressor.flush())
    return build_pdf(page_objects(b"".join(parts), filters=b"/Filter /FlateDecode "))


def corrupt_xref_pdf() -> bytes:
    """A valid PDF whose xref offsets point nowhere and whose trailer is damaged."""
    data = bytearray(build_pdf(page_objects(b"BT /F1 12 Tf 72 720 Td (Corrupt xref) Tj ET")))
    start = data.index(b"xref\n")
    table = data[start:]
    garbled = bytearray()
    for line in bytes(table).split(b"\n"):
        if line.endswith(b" n "):
            line = b"9999999999 00000 n "
        garbled += line + b"\n"
    garbled = garbled.replace(b"/Root 1 0 R", b"/Root 77 0 R")
    return bytes(data[:start] + garbled)


def zero_pages_pdf() -> bytes:
    return build_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"])


def png_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def empty_docx() -> bytes:
    import docx

    buffer = io.BytesIO()
    document = docx.Document()
    for paragraph in list(document.paragraphs):
        paragraph._element.getparent().remove(paragraph._element)
    document.save(buffer)
    return buffer.getvalue()


def make(out: Path, *, pages: int = 10_000, bomb_mb: int = 1500) -> dict[str, Path]:
    """Write every hostile file into ``out``; return them by name."""
    out.mkdir(parents=True, exist_ok=True)
    form = form_pdf()
    files = {
        "truncated.pdf": form[: len(form) // 2],
        "corrupt_xref.pdf": corrupt_xref_pdf(),
        "encrypted.pdf": form_pdf(password="secret"),
        "image_only.pdf": image_only_pdf(),
        "zero_pages.pdf": zero_pages_pdf(),
        "many_pages.pdf": many_pages_pdf(pages),
        "deep_nesting.pdf": deep_nesting_pdf(),
        "stream_bomb.pdf": bomb_pdf(bomb_mb),
        "not_a_pdf.pdf": png_bytes(),
        "empty.docx": empty_docx(),
        "zero_bytes.pdf": b"",
    }
    written = {}
    for name, data in files.items():
        (out / name).write_bytes(data)
        written[name] = out / name
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to write into")
    parser.add_argument("--pages", type=int, default=10_000, help="pages of many_pages.pdf (default 10000)")
    parser.add_argument("--bomb-mb", type=int, default=1500, help="inflated size of stream_bomb.pdf (default 1500)")
    args = parser.parse_args()
    for name, path in make(args.out, pages=args.pages, bomb_mb=args.bomb_mb).items():
        print(f"{path.stat().st_size:>10}  {name}")


if __name__ == "__main__":
    main()
