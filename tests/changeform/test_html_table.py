"""Change forms exported as HTML pages with a real <table> (extractor/changeform/html_table.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.changeform import read_changeform
from extractor.changeform.html_table import lay_out, read_tables
from extractor.errors import NotAChangeForm

FIXTURE = Path(__file__).resolve().parents[2] / "corpora" / "changeforms" / "html" / "vancomycin_two_row_header.html"


def test_html_changeform_two_row_header_gives_sub_headings_and_roles():
    form = read_changeform(FIXTURE)
    assert form.format == "html"
    assert form.columns == ["Ref", "Before", "After", "Why?", "Who asked?"]
    assert form.fields == ["section", "original", "new", "reason", "changed_by"]
    assert [row.cells[0] for row in form.rows] == ["2.1", "3.4", "5"]
    assert form.rows[0].cells[2] == "Give 15 mg/kg every 8 hours.\n• check levels\n• adjust"
    assert form.metadata["policy"] == "Vancomycin dosing guideline"


def test_html_rowspan_repeats_and_colspan_fills_first_column():
    tables, _ = read_tables('<table><tr><td rowspan="2">A</td><td colspan="2">B</td></tr><tr><td>c</td><td>d</td></tr></table>')
    table = tables[0]
    assert lay_out(table) == [["A", "B", ""], ["A", "c", "d"]]


def test_html_page_whose_tables_are_not_change_tables_is_not_a_form(tmp_path):
    path = tmp_path / "menu.html"
    path.write_text("<!doctype html><table><tr><th>Day</th><th>Meal</th></tr><tr><td>Mon</td><td>Soup</td></tr></table>",
                    encoding="utf-8")
    with pytest.raises(NotAChangeForm):
        read_changeform(path)
