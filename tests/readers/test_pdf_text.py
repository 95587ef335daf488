"""Lines and scripts rebuilt from the glyphs of real PDFs made with reportlab and fpdf2."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate

from extractor.readers.pdf_text import TextSettings, chars_to_lines, line_text


def _reportlab_pdf(path: Path, paragraphs: list[str]) -> Path:
    style = getSampleStyleSheet()["Normal"]
    SimpleDocTemplate(str(path)).build([Paragraph(text, style) for text in paragraphs])
    return path


def _lines(path: Path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [line.text for line in chars_to_lines(pdf.pages[0].chars)]


def test_rebuilds_superscript_and_subscript_from_raised_and_lowered_glyphs(tmp_path: Path) -> None:
    pdf = _reportlab_pdf(tmp_path / "s.pdf", [
        "Platelets below 30 x 10<super>9</super>/L at 1.73 m<super>2</super>, pressure in cmH<sub>2</sub>O",
        "A second line follows"])
    assert _lines(pdf) == ["Platelets below 30 x 10⁹/L at 1.73 m², pressure in cmH₂O", "A second line follows"]


def test_raised_letters_without_unicode_form_stay_plain(tmp_path: Path) -> None:
    pdf = _reportlab_pdf(tmp_path / "s.pdf", ["the 1<super>st</super> and 2<super>nd</super> line"])
    assert _lines(pdf) == ["the 1st and 2nd line"]


def test_scripts_kept_plain_when_rebuilding_is_switched_off(tmp_path: Path) -> None:
    pdf = _reportlab_pdf(tmp_path / "s.pdf", ["10<super>9</super>/L"])
    with pdfplumber.open(pdf) as handle:
        lines = chars_to_lines(handle.pages[0].chars, {"rebuild_scripts": False})
    assert [line.text for line in lines] == ["109/L"]


def test_fpdf_superscript_set_by_char_vpos(tmp_path: Path) -> None:
    from fpdf import FPDF

    doc = FPDF()
    doc.add_page()
    doc.set_font("helvetica", size=11)
    doc.write(text="eGFR below 30 mL/min/1.73 m")
    doc.char_vpos = "SUP"
    doc.write(text="2")
    doc.char_vpos = "LINE"
    doc.write(text=" and CO")
    doc.char_vpos = "SUB"
    doc.write(text="2")
    doc.char_vpos = "LINE"
    doc.output(str(tmp_path / "f.pdf"))
    assert _lines(tmp_path / "f.pdf") == ["eGFR below 30 mL/min/1.73 m² and CO₂"]


def test_lines_are_ordered_top_to_bottom_and_words_spaced_by_gaps() -> None:
    def glyph(text: str, x0: float, top: float, size: float = 10.0) -> dict[str, object]:
        return {"text": text, "x0": x0, "x1": x0 + 5, "top": top, "bottom": top + size, "size": size,
                "fontname": "F"}

    chars = [glyph("b", 0, 20), glyph("a", 0, 0), glyph("c", 5, 0), glyph("d", 15, 0)]
    assert [line.text for line in chars_to_lines(chars)] == ["ac d", "b"]
    assert line_text(chars[1:]) == "ac d"


def test_settings_resolve_rejects_unknown_keys() -> None:
    assert TextSettings.resolve({"word_gap": 0.3}).word_gap == 0.3
    assert TextSettings.resolve(None) == TextSettings()
    with pytest.raises(ValueError, match="allowed"):
        TextSettings.resolve({"wordgap": 0.3})
