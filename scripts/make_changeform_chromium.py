"""Print change-form gold files as HTML tables with headless Chromium: fixtures from a third producer.

The reportlab/fpdf2 fixtures (``make_changeform_pdfs.py``) and the LibreOffice ones
(``make_changeform_office.py``) were made by the team that wrote the reader. Chromium's Skia PDF
backend writes text, rulings (filled rectangles), shading, list markers and page breaks its own
way, so the same gold rows printed from HTML measure how far the reader generalises.

Each layout (:data:`LAYOUTS`) renders one gold file of ``corpora/gold/changeform/`` as an HTML
table and prints it with Chromium (Playwright, ``executable_path=/usr/bin/chromium``,
``page.pdf``):

* ``a4_bordered_thead`` — A4 portrait, ``border-collapse`` grid, the ``<thead>`` repeated by
  Chromium on every page, rows split across pages (Chromium's default); paragraphs as ``<br>``,
  bullets as "• " text.
* ``landscape_zebra_avoid`` — landscape, no borders, zebra-shaded body rows, rows kept whole
  (``page-break-inside: avoid``); paragraphs as ``<div>``.
* ``running_title_page_x_of_y`` — ``displayHeaderFooter`` with the document title as a running
  header and "Page X of Y" as the footer, a title and "Product name:" preamble above the table.
* ``lists_paragraphs_scripts`` — paragraphs as ``<p>``, bullets as real ``<ul><li>`` lists (the
  marker is Chromium's, not text in the cell), Unicode super/subscripts of the gold typeset as
  ``<sup>``/``<sub>`` (10<sup>9</sup>/L, cmH<sub>2</sub>O); the gold writes them back as ``10⁹``
  and ``H₂O``, the convention of ``units_superscripts.json``, while digits the gold writes
  plain ("cmH2O", "Mg2+") stay plain.
* ``inner_rules_landscape`` — rules between the columns and under each row only, no outer frame
  (the first and last columns lie outside every vertical rule); ``<p>`` and ``<ul>`` in cells.
* ``narrow_serif_fallback`` — another column set and order ("Page | Current wording | Proposed
  wording | Reason for change | Requested by | Date") in narrow columns with many wrapped lines,
  set in a web font that does not load (falls back to the generic ``serif``).

Gold: a fixture ``<gold>__<layout>.pdf`` is scored against ``corpora/gold/changeform/<gold>.json``
(``evaluation/changeform_eval.py``). Layouts that print a gold file's rows as they are reuse it;
the reordered layout has its own gold, ``cf_tocilizumab_gca_page_first.json``, which this
script derives from ``cf_tocilizumab_gca.json`` (columns moved, a "Date" column added) and
writes next to it.

Run (needs Chromium; CI does not run this, the PDFs are committed)::

    python scripts/make_changeform_chromium.py                  # corpora/changeforms/chromium/
    python scripts/make_changeform_chromium.py --only narrow    # layouts whose name contains this
"""

from __future__ import annotations

import argparse
import copy
import html
import json
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "corpora" / "gold" / "changeform"
OUT = ROOT / "corpora" / "changeforms" / "chromium"
CHROMIUM = "/usr/bin/chromium"
BULLET = "• "
SUPERSCRIPTS = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱ", "0123456789+-=()ni", strict=True))
SUBSCRIPTS = dict(zip("₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎", "0123456789+-=()", strict=True))

#: Dates added to the reordered tocilizumab form's rows (one per row, as a form would record them).
PAGE_FIRST_DATES = ("04/03/2024", "04/03/2024", "11/03/2024", "11/03/2024", "18/03/2024", "18/03/2024",
                    "25/03/2024", "25/03/2024", "02/04/2024", "02/04/2024", "08/04/2024", "08/04/2024",
                    "15/04/2024", "15/04/2024", "22/04/2024", "22/04/2024")


@dataclass(frozen=True)
class Layout:
    """How one fixture prints its gold file's rows.

    Attributes:
        name: Layout name (the part after ``__`` in the file name).
        gold: Gold file stem in ``corpora/gold/changeform/``.
        css: Style sheet of the page (table rules, shading, fonts, widths).
        landscape: Landscape A4 instead of portrait.
        paragraphs: How a cell's paragraphs are marked up: ``br`` (line breaks), ``div`` or ``p``.
        lists: Bullets as ``<ul><li>`` lists (else "• " text).
        header_footer: Chromium's ``displayHeaderFooter`` with a running title and "Page X of Y".
        preamble: A title and "Product name:" lines above the table.
        widths: Column widths in percent (``<col>``), or empty for Chromium's automatic widths.
        margin: Page margins (CSS length) for ``page.pdf``.
    """

    name: str
    gold: str
    css: str
    landscape: bool = False
    paragraphs: str = "br"
    lists: bool = False
    header_footer: bool = False
    preamble: bool = False
    widths: tuple[float, ...] = ()
    margin: dict[str, str] = field(default_factory=lambda: {"top": "15mm", "bottom": "15mm",
                                                            "left": "12mm", "right": "12mm"})


BASE_CSS = """
body { margin: 0; }
table { width: 100%; }
th, td { vertical-align: top; text-align: left; }
th { font-weight: bold; }
"""

LAYOUTS: tuple[Layout, ...] = (
    Layout("a4_bordered_thead", "ig_changeform", BASE_CSS + """
body { font-family: "Liberation Sans", Arial, sans-serif; font-size: 9pt; line-height: 1.25; }
table { border-collapse: collapse; }
th, td { border: 1px solid #000; padding: 3px 5px; }
thead th { background: #d9e2f3; }
""", widths=(22, 24, 18, 14, 12, 10)),
    Layout("landscape_zebra_avoid", "cf_tocilizumab_gca", BASE_CSS + """
body { font-family: "DejaVu Sans", sans-serif; font-size: 9pt; line-height: 1.3; }
table { border-collapse: collapse; }
th, td { padding: 5px 8px; }
thead th { background: #1f3864; color: #fff; }
tbody tr:nth-child(even) { background: #e8edf5; }
tr { page-break-inside: avoid; break-inside: avoid; }
td div + div { margin-top: 4px; }
""", landscape=True, paragraphs="div", widths=(28, 32, 18, 14, 8)),
    Layout("running_title_page_x_of_y", "ig_changeform", BASE_CSS + """
body { font-family: "Liberation Serif", "Times New Roman", serif; font-size: 10pt; line-height: 1.2; }
h1 { font-size: 14pt; margin: 0 0 6pt 0; }
p.meta { margin: 0 0 4pt 0; }
table { border-collapse: collapse; margin-top: 8pt; }
th, td { border-top: 0.75pt solid #444; border-bottom: 0.75pt solid #444; padding: 4px 4px; }
thead th { border-bottom: 1.5pt solid #000; }
""", header_footer=True, preamble=True, widths=(22, 23, 19, 14, 12, 10),
           margin={"top": "22mm", "bottom": "20mm", "left": "15mm", "right": "15mm"}),
    Layout("lists_paragraphs_scripts", "units_superscripts", BASE_CSS + """
body { font-family: "DejaVu Sans", sans-serif; font-size: 10pt; line-height: 1.35; }
table { border-collapse: separate; border-spacing: 0; border: 1px solid #666; }
th, td { border-right: 1px solid #999; border-bottom: 1px solid #999; padding: 4px 6px; }
thead th { background: #f0f0f0; }
td p { margin: 0 0 5px 0; }
td ul { margin: 0 0 5px 0; padding-left: 18px; }
""", paragraphs="p", lists=True, widths=(13, 19, 25, 17, 15, 11)),
    Layout("lists_paragraphs_landscape", "cf_tocilizumab_gca", BASE_CSS + """
body { font-family: "Liberation Sans", Arial, sans-serif; font-size: 10pt; line-height: 1.3; }
table { border-collapse: collapse; }
th, td { border: 0.5pt solid #333; padding: 4px 6px; }
td p { margin: 0 0 6px 0; }
td ul { margin: 0 0 6px 0; padding-left: 20px; }
""", landscape=True, paragraphs="p", lists=True, widths=(30, 32, 17, 14, 7)),
    Layout("inner_rules_landscape", "ig_changeform", BASE_CSS + """
body { font-family: "Liberation Sans", Arial, sans-serif; font-size: 9pt; line-height: 1.25; }
table { border-collapse: collapse; }
th, td { padding: 3px 5px; border-bottom: 1px solid #000; }
th + th, td + td { border-left: 1px solid #000; }
td p { margin: 0 0 4px 0; }
td ul { margin: 0 0 4px 0; padding-left: 16px; }
""", landscape=True, paragraphs="p", lists=True),
    Layout("narrow_serif_fallback", "cf_tocilizumab_gca_page_first", BASE_CSS + """
@font-face { font-family: "Policy Serif"; src: url("fonts/policy-serif-missing.woff2") format("woff2"); }
body { font-family: "Policy Serif", serif; font-size: 9pt; line-height: 1.2; }
table { border-collapse: collapse; width: 72%; }
th, td { border-bottom: 1px solid #888; padding: 2px 3px; }
thead th { border-bottom: 2px solid #000; }
td p { margin: 0 0 3px 0; }
""", paragraphs="p", widths=(7, 22, 24, 18, 16, 13)),
)


# --------------------------------------------------------------------------- gold


def page_first_gold() -> dict[str, Any]:
    """The tocilizumab form with "Page" moved first and a "Date" column added (its own gold)."""
    base = json.loads((GOLD / "cf_tocilizumab_gca.json").read_text(encoding="utf-8"))
    order = [base["columns"].index(name) for name in
             ("Page", "Current wording", "Proposed wording", "Reason for change", "Requested by")]
    if len(PAGE_FIRST_DATES) != len(base["rows"]):
        raise SystemExit("PAGE_FIRST_DATES needs one date per row of cf_tocilizumab_gca.json")
    gold = copy.deepcopy(base)
    gold["source"] = "corpora/changeforms/chromium/cf_tocilizumab_gca_page_first__*.pdf"
    gold["description"] = ("cf_tocilizumab_gca.json with the columns in another order and wording order "
                           "('Page' first) and a 'Date' column added (dd/mm/yyyy); written by "
                           "scripts/make_changeform_chromium.py. Cells in column order; paragraph breaks "
                           "as \\n; bullets as '• '. Pages are left empty: compare cells.")
    gold["columns"] = [base["columns"][i] for i in order] + ["Date"]
    gold["fields"] = [base["fields"][i] for i in order] + ["date"]
    gold["rows"] = [{"index": i, "cells": [row["cells"][c] for c in order] + [date], "pages": []}
                    for i, (row, date) in enumerate(zip(base["rows"], PAGE_FIRST_DATES, strict=True))]
    return gold


DERIVED = {"cf_tocilizumab_gca_page_first": page_first_gold}


def load_gold(stem: str) -> dict[str, Any]:
    """A gold file (derived ones are built, not read)."""
    if stem in DERIVED:
        return DERIVED[stem]()
    return json.loads((GOLD / f"{stem}.json").read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- HTML


def inline(text: str) -> str:
    """Escaped HTML of one paragraph, Unicode super/subscripts as ``<sup>``/``<sub>``."""
    out: list[str] = []
    for ch in html.escape(text, quote=False):
        if ch in SUPERSCRIPTS:
            out.append(f"<sup>{SUPERSCRIPTS[ch]}</sup>")
        elif ch in SUBSCRIPTS:
            out.append(f"<sub>{SUBSCRIPTS[ch]}</sub>")
        else:
            out.append(ch)
    return "".join(out).replace("</sup><sup>", "").replace("</sub><sub>", "")


def cell_html(text: str, layout: Layout) -> str:
    """One cell's content: paragraphs (``\\n`` in gold) and bullets (``• ``) as the layout marks them up."""
    paragraphs = text.split("\n")
    if layout.paragraphs == "br" and not layout.lists:
        return "<br>".join(inline(p) for p in paragraphs)
    blocks: list[str] = []
    items: list[str] = []
    for paragraph in paragraphs:
        if layout.lists and paragraph.startswith(BULLET):
            items.append(f"<li>{inline(paragraph[len(BULLET):])}</li>")
            continue
        if items:
            blocks.append("<ul>" + "".join(items) + "</ul>")
            items = []
        tag = "div" if layout.paragraphs == "div" else "p"
        blocks.append(f"<{tag}>{inline(paragraph)}</{tag}>")
    if items:
        blocks.append("<ul>" + "".join(items) + "</ul>")
    return "".join(blocks)


def page_html(layout: Layout, gold: dict[str, Any]) -> str:
    """The whole HTML page of one layout."""
    title = gold.get("metadata", {}).get("product_name") or layout.gold.replace("_", " ").title()
    head = "".join(f"<th>{html.escape(c)}</th>" for c in gold["columns"])
    cols = "".join(f'<col style="width:{w}%">' for w in layout.widths)
    body = "\n".join("<tr>" + "".join(f"<td>{cell_html(c, layout)}</td>" for c in row["cells"]) + "</tr>"
                     for row in gold["rows"])
    preamble = ""
    if layout.preamble:
        preamble = (f"<h1>Change form for published clinical commissioning policies</h1>"
                    f'<p class="meta">Product name: {html.escape(title)}</p>'
                    f'<p class="meta">Summary of changes made to the policy since its last publication. Each row '
                    f"records the text as published, the text that replaces it, where it applies and why.</p>")
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)} – '
            f"record of changes</title><style>{layout.css}</style></head><body>{preamble}"
            f"<table><colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead><tbody>\n{body}\n</tbody></table>"
            f"</body></html>")


HEADER_TEMPLATE = ('<div style="font-size:8px; width:100%; margin:0 12mm; font-family:sans-serif;">'
                   '<span class="title"></span><span style="float:right">OFFICIAL</span></div>')
FOOTER_TEMPLATE = ('<div style="font-size:8px; width:100%; margin:0 12mm; font-family:sans-serif;">'
                   'Specialised Commissioning – Clinical Policy Team<span style="float:right">Page '
                   '<span class="pageNumber"></span> of <span class="totalPages"></span></span></div>')


def build(layouts: list[Layout], out: Path) -> list[Path]:
    """Print each layout to ``out/<gold>__<name>.pdf`` with one headless Chromium."""
    from playwright.sync_api import sync_playwright

    written = []
    with sync_playwright() as p, tempfile.TemporaryDirectory() as tmp:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--disable-gpu", "--no-sandbox"])
        try:
            page = browser.new_page()
            for layout in layouts:
                source = Path(tmp) / f"{layout.gold}__{layout.name}.html"
                source.write_text(page_html(layout, load_gold(layout.gold)), encoding="utf-8")
                page.goto(source.as_uri(), wait_until="load")
                page.evaluate("document.fonts.ready")
                path = out / f"{layout.gold}__{layout.name}.pdf"
                options: dict[str, Any] = {"path": str(path), "format": "A4", "landscape": layout.landscape,
                                           "margin": layout.margin, "print_background": True}
                if layout.header_footer:
                    options.update(display_header_footer=True, header_template=HEADER_TEMPLATE,
                                   footer_template=FOOTER_TEMPLATE)
                page.pdf(**options)
                written.append(path)
        finally:
            browser.close()
    return written


def write_derived_gold() -> list[Path]:
    """Write the gold files this script derives (deterministic: same input, same file)."""
    written = []
    for stem, make in DERIVED.items():
        path = GOLD / f"{stem}.json"
        path.write_text(json.dumps(make(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    """Write the derived gold and the PDFs; print one line per file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help=f"output folder (default: {OUT})")
    parser.add_argument("--only", help="build only layouts whose fixture name contains this")
    parser.add_argument("--html", type=Path, help="also write each layout's HTML into this folder")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for path in write_derived_gold():
        print(path.relative_to(ROOT))
    layouts = [layout for layout in LAYOUTS if not args.only or args.only in f"{layout.gold}__{layout.name}"]
    if args.html:
        args.html.mkdir(parents=True, exist_ok=True)
        for layout in layouts:
            (args.html / f"{layout.gold}__{layout.name}.html").write_text(
                page_html(layout, load_gold(layout.gold)), encoding="utf-8")
    for path in build(layouts, args.out):
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
