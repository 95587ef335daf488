"""The PDF change-form reader on forms printed from HTML by headless Chromium (a producer it was not built on).

The fixtures are in corpora/changeforms/chromium/ (``scripts/make_changeform_chromium.py``):
Chromium's Skia backend draws borders and shading as filled rectangles, list markers as
vector paths, and measures text with its own advances; each test names the behaviour it holds.
"""

from __future__ import annotations

import json
from pathlib import Path

import pdfplumber

from extractor.changeform.pdf_table import TableSettings, page_rulings, read_pdf_changeform

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = ROOT / "corpora" / "changeforms" / "chromium"
GOLD = ROOT / "corpora" / "gold" / "changeform"


def _gold(path: Path) -> dict:
    return json.loads((GOLD / f"{path.stem.split('__', 1)[0]}.json").read_text(encoding="utf-8"))


def test_rule_drawn_as_filled_rectangle_lies_on_its_centre_line() -> None:
    # Chromium draws each cell's border as a 1 px filled rectangle, row by row; the ruling (and
    # so the cell's edge the hard-break test measures from) is the rectangle's centre line.
    with pdfplumber.open(CHROMIUM / "cf_tocilizumab_gca__lists_paragraphs_landscape.pdf") as pdf:
        page = pdf.pages[0]
        borders = {(round(r["x0"], 2), round(r["x1"], 2)) for r in page.rects if r["width"] < 2 and r["height"] > 20}
        _, vrules = page_rulings(page.edges, TableSettings())
    assert len(borders) >= 6
    for x0, x1 in borders:
        assert x1 - x0 > 0.5
        assert any(abs(x - (x0 + x1) / 2) < 0.01 for x, _, _ in vrules), (x0, x1)


def test_word_that_would_fit_by_a_hair_was_wrapped_not_broken() -> None:
    # Chromium lays text out with its own advances, a few hundredths of an em off the PDF's glyph
    # widths: "Pharmacy" would fit after "Specialised" by 0.03 pt by the PDF's widths, yet was
    # wrapped. Only a word with room to spare marks a hard break.
    form = read_pdf_changeform(CHROMIUM / "cf_tocilizumab_gca__lists_paragraphs_landscape.pdf")
    assert [row.cells[3] for row in form.rows].count("Specialised Pharmacy Lead") == 3
    form = read_pdf_changeform(CHROMIUM / "cf_tocilizumab_gca_page_first__narrow_serif_fallback.pdf")
    assert form.rows[6].cells[3] == "Prescriber criteria reworded to reflect the network model of care"
    assert form.rows[11].cells[3] == "Summary of evidence updated after the evidence review refresh (2024)"
    form = read_pdf_changeform(CHROMIUM / "ig_changeform__a4_bordered_thead.pdf")
    assert form.rows[9].cells[0] == _gold(CHROMIUM / "ig_changeform__a4_bordered_thead.pdf")["rows"][9]["cells"][0]


def test_superscript_that_grows_the_line_box_is_not_a_paragraph_break() -> None:
    # CSS line boxes grow to hold <sup>: the line with "10⁹" sits ~0.2 em lower than the pitch,
    # as far as a paragraph gap would. Fixed-leading producers (reportlab) show no such growth.
    path = CHROMIUM / "units_superscripts__lists_paragraphs_scripts.pdf"
    form, gold = read_pdf_changeform(path), _gold(path)
    for index in (0, 1, 2, 5, 6, 7, 8):
        assert form.rows[index].cells == gold["rows"][index]["cells"]
    path = CHROMIUM / "cf_tocilizumab_gca_page_first__narrow_serif_fallback.pdf"
    form = read_pdf_changeform(path)
    assert form.rows[3].cells[1:3] == _gold(path)["rows"][3]["cells"][1:3]
    assert "2 × 10⁹/L before" in form.rows[3].cells[1]


def test_subscript_that_grows_the_line_box_is_not_a_paragraph_break() -> None:
    # A <sub> grows its line box downwards (here by ~0.23 em, more than a <sup> does upwards).
    form = read_pdf_changeform(CHROMIUM / "units_superscripts__lists_paragraphs_scripts.pdf")
    assert "PaO₂/FiO₂ ratio below 20 kPa" in form.rows[4].cells[2]


def test_list_marker_drawn_as_a_shape_reads_as_a_bullet() -> None:
    # Chromium paints an <li>'s disc as a small filled path, not a "•" glyph.
    path = CHROMIUM / "cf_tocilizumab_gca__lists_paragraphs_landscape.pdf"
    with pdfplumber.open(path) as pdf:
        assert not any("•" in (page.extract_text() or "") for page in pdf.pages)
        assert any(page.curves for page in pdf.pages)
    form, gold = read_pdf_changeform(path), _gold(path)
    for index in (2, 7):
        assert form.rows[index].cells == gold["rows"][index]["cells"]
    assert "\n• sustained remission for 12 months\n" in form.rows[7].cells[1]
    path = CHROMIUM / "units_superscripts__lists_paragraphs_scripts.pdf"
    assert read_pdf_changeform(path).rows[4].cells == _gold(path)["rows"][4]["cells"]


def test_marker_glyphs_need_a_small_shape_starting_a_line() -> None:
    from extractor.layout.markers import marker_glyphs

    def glyph(text: str, x0: float) -> dict:
        return {"text": text, "x0": x0, "x1": x0 + 5, "top": 100.0, "bottom": 110.0, "size": 10.0, "fontname": "F"}

    line = [glyph(ch, 20 + 5 * i) for i, ch in enumerate("item")]
    disc = {"x0": 10.0, "x1": 13.0, "top": 103.5, "bottom": 106.5}
    assert [g["text"] for g in marker_glyphs([disc], line)] == ["•"]
    too_big = {"x0": 5.0, "x1": 13.0, "top": 100.0, "bottom": 108.0}
    too_far = {"x0": -30.0, "x1": -27.0, "top": 103.5, "bottom": 106.5}
    mid_line = {"x0": 31.0, "x1": 34.0, "top": 103.5, "bottom": 106.5}
    off_line = {"x0": 10.0, "x1": 13.0, "top": 112.0, "bottom": 115.0}
    assert marker_glyphs([too_big, too_far, mid_line, off_line], line) == []


def test_sides_of_shaded_cells_are_not_column_rules() -> None:
    # Zebra rows without borders: Chromium fills each cell on its own. On page 2 the shaded
    # header meets a shaded row, whose sides must not turn the table into a ruled grid (that
    # cut the unshaded last row of the page off as text below the table).
    path = CHROMIUM / "cf_tocilizumab_gca__landscape_zebra_avoid.pdf"
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[1]
        assert sum(1 for r in page.rects if r["fill"] and r["width"] > 50 and r["height"] > 10) >= 10
        hrules, vrules = page_rulings(page.edges, TableSettings())
    assert vrules == [] and len(hrules) >= 4
    form, gold = read_pdf_changeform(path), _gold(path)
    assert [row.cells for row in form.rows] == [row["cells"] for row in gold["rows"]]
    assert form.rows[10].pages == [2]


def test_html_line_breaks_without_spacing_are_the_only_loss() -> None:
    # Paragraphs split by <br> (no paragraph spacing) where the next word would not have fitted
    # on the line look exactly like a wrap; rows, cells, bullets, split rows, repeated headers and
    # running header/footer ("Page X of Y") are all read right, so only line breaks may differ.
    for name in ("ig_changeform__a4_bordered_thead.pdf", "ig_changeform__running_title_page_x_of_y.pdf"):
        path = CHROMIUM / name
        form, gold = read_pdf_changeform(path), _gold(path)
        assert form.fields == gold["fields"]
        assert [[cell.replace("\n", " ") for cell in row.cells] for row in form.rows] == \
            [[cell.replace("\n", " ") for cell in row["cells"]] for row in gold["rows"]]
        assert sum(row.cells == gold_row["cells"] for row, gold_row in zip(form.rows, gold["rows"], strict=True)) >= 8
        assert any(len(row.pages) > 1 for row in form.rows)


def test_table_ruled_only_between_columns_keeps_its_outer_columns() -> None:
    # No outer frame: the first and last columns lie outside every vertical rule. The table's
    # sides are where the rules under the header row end, not its outermost column rules.
    path = CHROMIUM / "ig_changeform__inner_rules_landscape.pdf"
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        _, vrules = page_rulings(page.edges, TableSettings())
        text = [c for c in page.chars if c["text"].strip()]
    assert min(c["x0"] for c in text) < min(x for x, _, _ in vrules)
    assert max(c["x1"] for c in text) > max(x for x, _, _ in vrules)
    form, gold = read_pdf_changeform(path), _gold(path)
    assert form.columns == gold["columns"]
    assert [row.cells for row in form.rows] == [row["cells"] for row in gold["rows"]]
