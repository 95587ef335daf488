"""Text columns: a page set in two columns is read one column after the other; tables are not."""

from __future__ import annotations

from pathlib import Path

from extractor.layout.columns import column_order, gutter
from extractor.readers import read_document

WIDTH = 612.0


def _two_columns(rows: int, *, top: float = 100.0) -> list[tuple[float, float, float, float]]:
    boxes = []
    for row in range(rows):
        y = top + row * 12.0
        boxes.append((50.0, y, 290.0, y + 10.0))   # left column line
        boxes.append((320.0, y, 560.0, y + 10.0))  # right column line on the same baseline
    return boxes


def test_column_order_reads_the_left_column_to_its_foot_before_the_right():
    boxes = _two_columns(8)
    order = column_order(boxes, WIDTH)
    assert [boxes[i][0] for i in order] == [50.0] * 8 + [320.0] * 8
    assert 290.0 < gutter(boxes, WIDTH) < 320.0


def test_column_order_keeps_full_width_lines_in_place_and_reads_each_band_apart():
    title = [(50.0, 60.0, 560.0, 75.0)]
    band_one = _two_columns(6, top=100.0)
    notice = [(50.0, 180.0, 560.0, 190.0)]
    band_two = _two_columns(6, top=200.0)
    boxes = title + band_one + notice + band_two
    order = column_order(boxes, WIDTH)
    assert order[0] == 0 and order[13] == 13  # the title first, the notice between the bands
    assert [boxes[i][0] for i in order[1:13]] == [50.0] * 6 + [320.0] * 6


def test_column_order_leaves_a_label_value_table_in_row_order():
    # narrow labels beside wide values: rows of a form, not columns of prose
    boxes = []
    for row in range(10):
        y = 100.0 + row * 14.0
        boxes += [(50.0, y, 120.0, y + 10.0), (320.0, y, 560.0, y + 10.0)]
    assert column_order(boxes, WIDTH) == list(range(len(boxes)))


def test_column_order_leaves_rows_of_cells_of_unequal_height_in_row_order():
    # a two-column table without rules: each row's right cell runs on while the left one stops
    boxes = []
    y = 100.0
    for _row in range(4):
        boxes.append((50.0, y, 290.0, y + 10.0))
        for line in range(5):
            boxes.append((320.0, y + line * 12.0, 560.0, y + line * 12.0 + 10.0))
        y += 5 * 12.0 + 20.0
    boxes.sort(key=lambda b: (b[1], b[0]))
    assert column_order(boxes, WIDTH) == list(range(len(boxes)))


def test_two_column_pdf_reads_each_list_whole_and_ungarbled(corpora: Path):
    text = read_document(corpora / "policies" / "blind6" / "pbm_two_column.pdf").text
    mmn = text.index("B. Multifocal motor neuropathy (must meet all):")
    block = text[mmn:text.index("Approval duration: 3 months", mmn)]
    for item in ("1. Diagnosis of multifocal motor neuropathy", "3. Motor conduction block in at least one nerve",
                 "6. Overall Neuropathy Limitations Scale"):
        assert item in block  # the list runs on from the foot of the left column to the top of the right
    assert "Criteria are grouped by approval stage. An indication is covered" in text
    assert "Mcoomtomr" not in text  # a large heading no longer swallows the small lines beside it


def test_column_order_reads_a_narrow_box_of_links_beside_the_text_on_its_own():
    # "On this page" links (narrow, 11 pt leading) beside the guidance text (wide, 14 pt leading)
    aside = [(40.0, 100.0 + n * 11.0, 150.0, 108.0 + n * 11.0) for n in range(12)]
    text = [(180.0, 100.0 + n * 14.0, 560.0, 111.0 + n * 14.0) for n in range(10)]
    boxes = sorted(aside + text, key=lambda b: (b[1], b[0]))
    order = column_order(boxes, WIDTH)
    assert [boxes[i][0] for i in order] == [40.0] * 12 + [180.0] * 10


def test_web_page_print_reads_the_on_this_page_box_apart_from_the_recommendations(corpora: Path):
    text = read_document(corpora / "policies" / "blind7" / "web_guidance_print.pdf").text
    box = text[text.index("On this page"):text.index("5 Review")]
    assert "Brenovimab is recommended" not in box  # the links read together, then the text
