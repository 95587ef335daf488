"""Typeset change-form gold files as PDF fixtures with reportlab (and fpdf2), in several table layouts.

Each layout (:data:`LAYOUTS`) takes the rows of one gold file in ``corpora/gold/changeform/``
and sets them as a reportlab table: landscape or portrait, ruled grid, no rules at all
(columns only by text alignment), horizontal rules only (booktabs), alternately shaded rows,
header row repeated on every page or not, rows split across pages in mid-paragraph, running
header and footer with "Page N of M", a title and preamble above the table, several fonts
(Helvetica, Times, DejaVu TrueType). Cell paragraphs (``\\n`` in gold) become separate
paragraphs, bullets ``• `` stay bullets (one layout draws them with another glyph, which the
reader must normalise), and Unicode super/subscripts (``10⁹``, ``cmH₂O``) are typeset as
raised or lowered smaller glyphs, not as the Unicode characters.

Output is deterministic (``invariant=1``: no creation date or random document id), so the
committed fixtures only change when a layout does::

    python scripts/make_changeform_pdfs.py                       # corpora/changeforms/generated/
    python scripts/make_changeform_pdfs.py --out /tmp/forms --only ig_changeform__landscape_ruled
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph, Spacer, Table, TableStyle

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "corpora" / "gold" / "changeform"
OUT = ROOT / "corpora" / "changeforms" / "generated"
BULLET = "• "
SUPERSCRIPTS = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱ", "0123456789+-=()ni", strict=True))
SUBSCRIPTS = dict(zip("₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎", "0123456789+-=()", strict=True))
TTF_FONTS = {
    "DejaVuSans": "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "DejaVuSans-Bold": "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "DejaVuSerif": "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
    "DejaVuSerif-Bold": "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf",
    "LiberationSansNarrow": "/usr/share/fonts/truetype/liberation/LiberationSansNarrow-Regular.ttf",
    "LiberationSansNarrow-Bold": "/usr/share/fonts/truetype/liberation/LiberationSansNarrow-Bold.ttf",
}


@dataclass(frozen=True)
class Layout:
    """How one fixture sets its gold file's rows.

    Attributes:
        name: Layout name (the part after ``__`` in the file name).
        gold: Gold file stem in ``corpora/gold/changeform/``.
        pagesize: Page size in points.
        font: Body font; ``bold`` is the header font.
        bold: Header font.
        size: Body font size.
        widths: Column widths as fractions of the frame width.
        rules: ``grid``, ``none``, ``booktabs`` or ``shaded``.
        repeat_header: Repeat the header row on each page.
        running: Running header, footer and "Page N of M" on every page.
        preamble: Title and preamble paragraphs above the table on page 1.
        bullet: Glyph that draws a gold bullet (``•`` or another one the reader normalises).
        paragraph_gap: Points of space before each paragraph after a cell's first.
        margin: Page margins in points.
        producer: ``reportlab`` or ``fpdf2`` (fpdf2's ``table()``: grid, cells centred
            vertically, rows never split, paragraphs apart by an empty line).
    """

    name: str
    gold: str
    pagesize: tuple[float, float]
    font: str
    bold: str
    size: float
    widths: tuple[float, ...]
    rules: str = "grid"
    repeat_header: bool = True
    running: bool = False
    preamble: bool = False
    bullet: str = "•"
    paragraph_gap: float = 3.0
    margin: float = 1.8 * cm
    producer: str = "reportlab"


LAYOUTS: tuple[Layout, ...] = (
    Layout("landscape_ruled_repeat_header", "ig_changeform", landscape(A4), "Helvetica", "Helvetica-Bold", 9,
           (0.22, 0.24, 0.18, 0.14, 0.12, 0.10)),
    Layout("portrait_narrow_split_rows", "ig_changeform", A4, "Times-Roman", "Times-Bold", 8,
           (0.2, 0.19, 0.17, 0.15, 0.15, 0.14), repeat_header=False, paragraph_gap=1.5),
    Layout("running_header_footer_dejavu", "ig_changeform", A4, "DejaVuSans", "DejaVuSans-Bold", 7,
           (0.22, 0.2, 0.17, 0.15, 0.14, 0.12), running=True, preamble=True, bullet="▪"),
    Layout("ruled_scripts", "units_superscripts", A4, "Helvetica", "Helvetica-Bold", 11,
           (0.15, 0.19, 0.21, 0.16, 0.17, 0.12)),
    Layout("shaded_rows_serif", "units_superscripts", landscape(A4), "DejaVuSerif", "DejaVuSerif-Bold", 11,
           (0.12, 0.24, 0.26, 0.14, 0.14, 0.10), rules="shaded", running=True),
    Layout("unruled_alignment_times", "cf_tocilizumab_gca", landscape(A4), "Times-Roman", "Times-Bold", 10,
           (0.27, 0.29, 0.2, 0.16, 0.08), rules="none", preamble=True),
    Layout("unruled_portrait_narrow", "ig_changeform", A4, "LiberationSansNarrow", "LiberationSansNarrow-Bold", 8.5,
           (0.2, 0.2, 0.18, 0.16, 0.14, 0.12), rules="none", running=True),
    Layout("booktabs_dejavu", "cf_cinacalcet_phpt", landscape(A4), "DejaVuSans", "DejaVuSans-Bold", 8.5,
           (0.05, 0.12, 0.24, 0.24, 0.15, 0.11, 0.09), rules="booktabs", preamble=True),
    Layout("shaded_rows_helvetica", "cf_burosumab_xlh", A4, "Helvetica", "Helvetica-Bold", 8.5,
           (0.13, 0.15, 0.2, 0.26, 0.15, 0.11), rules="shaded", repeat_header=False),
    Layout("fpdf2_grid_centred", "cf_tocilizumab_gca", landscape(A4), "DejaVuSans", "DejaVuSans-Bold", 9,
           (0.3, 0.3, 0.18, 0.14, 0.08), producer="fpdf2"),
)


def register_fonts() -> None:
    """Register the TrueType fonts the layouts use (DejaVu, Liberation)."""
    for name, path in TTF_FONTS.items():
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, path))


def markup(text: str, bullet: str) -> str:
    """reportlab paragraph markup for one paragraph: escaped, scripts as ``<super>``/``<sub>``."""
    if text.startswith(BULLET):
        text = f"{bullet} {text[len(BULLET):]}"
    out: list[str] = []
    for ch in escape(text):
        if ch in SUPERSCRIPTS:
            out.append(f"<super>{SUPERSCRIPTS[ch]}</super>")
        elif ch in SUBSCRIPTS:
            out.append(f"<sub>{SUBSCRIPTS[ch]}</sub>")
        else:
            out.append(ch)
    return "".join(out).replace("</super><super>", "").replace("</sub><sub>", "")


def cell(text: str, layout: Layout, style: ParagraphStyle, gap_style: ParagraphStyle) -> list[Paragraph]:
    """A cell's paragraphs (one per ``\\n``-separated gold paragraph)."""
    paragraphs = [p for p in text.split("\n")] or [""]
    return [Paragraph(markup(p, layout.bullet), style if i == 0 else gap_style) for i, p in enumerate(paragraphs)]


def table_style(layout: Layout, rows: int) -> TableStyle:
    """Rules, shading and padding for a layout."""
    commands: list[tuple] = [("VALIGN", (0, 0), (-1, -1), "TOP"),
                             ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                             ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 5)]
    if layout.rules == "grid":
        commands += [("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                     ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#D9E2F3"))]
    elif layout.rules == "booktabs":
        commands += [("LINEABOVE", (0, 0), (-1, 0), 1.2, colors.black),
                     ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
                     ("LINEBELOW", (0, -1), (-1, -1), 1.2, colors.black)]
    elif layout.rules == "shaded":
        commands += [("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#1F3864")),
                     ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
                     ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.HexColor("#EDEDED"), colors.white])]
    return TableStyle(commands)


def check_word_widths(layout: Layout, gold: dict) -> None:
    """Refuse a layout whose columns are narrower than a word (reportlab would break it mid-word).

    Web addresses are exempt: like a word processor, reportlab breaks an address too long for
    its column at the column edge, and the reader must rejoin it.
    """
    frame_width = layout.pagesize[0] - 2 * layout.margin
    for row in [{"cells": gold["columns"]}, *gold["rows"]]:
        for fraction, text in zip(layout.widths, row["cells"], strict=True):
            room = fraction * frame_width - 8
            for word in text.split():
                if "://" in word or word.startswith("www."):
                    continue
                font = layout.bold if row.get("cells") is gold["columns"] else layout.font
                if pdfmetrics.stringWidth(word, font, layout.size) > room:
                    raise SystemExit(f"{layout.gold}__{layout.name}: word {word!r} wider than its column")


def running_furniture(layout: Layout, title: str) -> Callable:
    """Page callback drawing the running header, footer and "Page N of M"."""
    def draw(canvas, doc) -> None:  # noqa: ANN001 - reportlab callback signature
        if not layout.running:
            return
        width, height = layout.pagesize
        canvas.saveState()
        canvas.setFont(layout.font, 7.5)
        canvas.drawString(layout.margin, height - layout.margin / 2, f"{title}: record of changes")
        canvas.drawRightString(width - layout.margin, height - layout.margin / 2, "OFFICIAL")
        canvas.drawString(layout.margin, layout.margin / 2, "Specialised Commissioning – Clinical Policy Team")
        canvas.drawRightString(width - layout.margin, layout.margin / 2, f"Page {doc.page} of {doc.total_pages}")
        canvas.restoreState()
    return draw


class _CountingDoc(BaseDocTemplate):
    """Builds twice so "Page N of M" knows M."""

    total_pages = 0

    def afterFlowable(self, flowable) -> None:  # noqa: ANN001, N802 - reportlab hook
        self.total_pages = max(self.total_pages, self.page)


def build_fpdf(layout: Layout, out: Path) -> Path:
    """Typeset one layout with fpdf2's table API (another producer than reportlab)."""
    import datetime as dt

    from fpdf import FPDF
    from fpdf.fonts import FontFace

    gold = json.loads((GOLD / f"{layout.gold}.json").read_text(encoding="utf-8"))
    pdf = FPDF(orientation="L" if layout.pagesize[0] > layout.pagesize[1] else "P", unit="pt", format="A4")
    pdf.set_creation_date(dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc))
    pdf.set_margins(layout.margin, layout.margin)
    pdf.set_auto_page_break(True, margin=layout.margin)
    pdf.add_font(layout.font, fname=TTF_FONTS[layout.font])
    pdf.add_font(layout.font, style="B", fname=TTF_FONTS[layout.bold])
    pdf.set_font(layout.font, size=layout.size)
    pdf.add_page()
    frame_width = layout.pagesize[0] - 2 * layout.margin
    with pdf.table(col_widths=[f * frame_width for f in layout.widths], line_height=layout.size * 1.25,
                   padding=3, headings_style=FontFace(emphasis="BOLD"), repeat_headings=1) as table:
        for cells in [gold["columns"], *[row["cells"] for row in gold["rows"]]]:
            row = table.row()
            for text in cells:
                # fpdf2 cells have no paragraph spacing: the writer leaves an empty line between
                # paragraphs (not before list items), as many do in word processors.
                paragraphs = text.replace(BULLET, f"{layout.bullet} ").split("\n")
                row.cell("".join(p if i == 0 else ("\n" if p.startswith(layout.bullet) else "\n\n") + p
                                 for i, p in enumerate(paragraphs)))
    path = out / f"{layout.gold}__{layout.name}.pdf"
    pdf.output(str(path))
    return path


def build(layout: Layout, out: Path) -> Path:
    """Typeset one layout into ``out/<gold>__<name>.pdf``."""
    register_fonts()
    if layout.producer == "fpdf2":
        return build_fpdf(layout, out)
    gold = json.loads((GOLD / f"{layout.gold}.json").read_text(encoding="utf-8"))
    body = ParagraphStyle("body", fontName=layout.font, fontSize=layout.size, leading=layout.size * 1.22,
                          alignment=TA_LEFT)
    gap = ParagraphStyle("gap", parent=body, spaceBefore=layout.paragraph_gap)
    head = ParagraphStyle("head", parent=body, fontName=layout.bold)
    if layout.rules == "shaded":
        head = ParagraphStyle("head_white", parent=head, textColor=colors.white)
    check_word_widths(layout, gold)
    title = gold["columns"] and Path(layout.gold).name.replace("_", " ").title()
    data = [[Paragraph(markup(c, layout.bullet), head) for c in gold["columns"]]]
    data += [[cell(text, layout, body, gap) for text in row["cells"]] for row in gold["rows"]]
    width, height = layout.pagesize
    frame_width = width - 2 * layout.margin
    table = Table(data, colWidths=[f * frame_width for f in layout.widths], repeatRows=1 if layout.repeat_header else 0,
                  splitInRow=1, style=table_style(layout, len(data)), hAlign="LEFT")
    story: list = []
    if layout.preamble:
        story += [Paragraph(f"{title} – clinical commissioning policy", ParagraphStyle(
                      "title", parent=head, fontSize=layout.size + 5, leading=(layout.size + 5) * 1.3)),
                  Paragraph("Product name: " + escape(title), body),
                  Paragraph("Summary of changes made to the policy since its last publication. Each row records "
                            "the text as published, the text that replaces it, where it applies and why.", body),
                  Spacer(1, 10)]
    story.append(table)
    path = out / f"{layout.gold}__{layout.name}.pdf"
    furniture = running_furniture(layout, title)
    pages = 0
    for _ in range(2):
        doc = _CountingDoc(str(path), pagesize=layout.pagesize, leftMargin=layout.margin,
                           rightMargin=layout.margin, topMargin=layout.margin, bottomMargin=layout.margin,
                           title=f"{title} change form", author="extractor fixtures", invariant=1)
        doc.total_pages = pages
        doc.addPageTemplates([PageTemplate("page", [Frame(layout.margin, layout.margin, frame_width,
                                                          height - 2 * layout.margin, id="body",
                                                          leftPadding=0, rightPadding=0, topPadding=0,
                                                          bottomPadding=0)],
                                           onPage=furniture)])
        doc.build(list(story))
        pages = doc.page
    return path


def main(argv: list[str] | None = None) -> int:
    """Write the fixtures; print one line per file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help=f"output folder (default: {OUT})")
    parser.add_argument("--only", nargs="*", default=None, help="fixture names (<gold>__<layout>) to write")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for layout in LAYOUTS:
        if args.only and f"{layout.gold}__{layout.name}" not in args.only:
            continue
        path = build(layout, args.out)
        print(f"{path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
