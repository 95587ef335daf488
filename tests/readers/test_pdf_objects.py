"""page_objects() and find_tables() read what pdfplumber's page properties give, on real PDFs."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from extractor.readers.pdf import GLYPH_KEYS, find_tables, page_objects

CORPORA = Path(__file__).resolve().parents[2] / "corpora"
# The generated column-roles corpus (changeforms/roles) repeats these producers 45 times, and the later
# blind policy sets (blind3 onwards, holdout sets) repeat the Chromium, LibreOffice and python-docx
# producers of blind2: left out for time (the suite must stay under five minutes).
_REPEATS = {"roles", "blind3", "blind4", "blind5", "blind6", "blind7", "holdout", "holdout2"}
PDFS = sorted(p for p in CORPORA.rglob("*.pdf") if "bad" not in p.parts and not _REPEATS & set(p.parts))


def _plumber_view(page: pdfplumber.page.Page) -> tuple[list[dict], list[dict], int, list]:
    """What pdfplumber itself gives for the page (its own layout, read afresh)."""
    page.close()  # drops the layout page_objects() built, so pdfplumber builds its own
    chars = [{key: char.get(key) for key in GLYPH_KEYS} for char in page.chars]
    return chars, page.edges, len(page.images), [t.cells for t in page.find_tables()]


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_page_objects_equal_pdfplumber_chars_edges_images_and_tables(path: Path) -> None:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            objects = page_objects(page)
            tables = [t.cells for t in find_tables(page, objects.edges)]
            chars, edges, images, plumber_tables = _plumber_view(page)
            assert objects.chars == chars
            assert [list(c) for c in objects.chars] == [list(c) for c in chars]  # same key order
            assert objects.edges == edges
            assert objects.images == images
            assert tables == plumber_tables
            page.close()


def test_page_objects_of_a_stand_in_page_reads_its_properties() -> None:
    class StandIn:
        chars = [{"text": "a", "x0": 1.0, "x1": 2.0, "top": 3.0, "bottom": 4.0, "size": 1.0, "fontname": "F",
                  "matrix": (1, 0, 0, 1, 1, 2), "y1": 5.0, "upright": True, "extra": 1}]
        edges = [{"orientation": "h", "x0": 0.0, "x1": 10.0, "top": 1.0, "bottom": 1.0}]
        images: list = []

    objects = page_objects(StandIn(), ("text", "x0"))
    assert objects.chars == [{"text": "a", "x0": 1.0}]
    assert objects.edges == StandIn.edges
    assert objects.images == 0
