from __future__ import annotations

from extractor.changeform import read_changeform
from extractor.changeform.model import join_continuation
from extractor.changeform.text_export import parse_export


def test_text_export_reads_every_row_of_the_seed(seed_export, changeform_gold):
    form = read_changeform(seed_export)
    assert len(form.rows) == len(changeform_gold["rows"]) == 25
    assert form.fields == ["original", "new", "section", "reason", "changed_by", "date"]


def test_text_export_cells_match_gold_up_to_line_breaks_the_export_lost(seed_export, changeform_gold):
    form = read_changeform(seed_export)
    for row, gold in zip(form.rows, changeform_gold["rows"], strict=True):
        assert [" ".join(c.split()) for c in row.cells] == [" ".join(c.split()) for c in gold["cells"]], row.index


def test_text_export_merges_row_split_across_page_break(seed_export):
    form = read_changeform(seed_export)
    row = form.rows[1]
    assert row.cells[1] == "Added:\nCommissioning Criteria Policy for the use of therapeutic immunoglobulin (Ig) England, 2024"
    assert row.pages == [1, 2]


def test_text_export_keeps_bullets_and_paragraph_breaks(seed_export):
    form = read_changeform(seed_export)
    assert form.rows[5].cells[0] == ("• Parvovirus B19 infection confirmed by PCR,\nAND\n"
                                     "• Evidence of high viral load, usually above 10⁹ IU/ml")


def test_text_export_parses_dates_to_iso_month(seed_export):
    form = read_changeform(seed_export).to_dict()
    assert [row["date"] for row in form["rows"][:3]] == ["2025-01", "2025-02", "2025-01"]
    assert form["rows"][0]["cells"][5] == "January 2025"


def test_text_export_maps_other_header_wordings():
    text = ("Current wording\tProposed wording\tReason for change\tRequested by\tPage\n"
            "Take 1 g daily\tTake 2 g daily\tDose error\tDr A\t4\n")
    form = parse_export(text, "form.txt")
    assert form.fields == ["original", "new", "reason", "changed_by", "section"]
    assert form.to_dict()["rows"][0]["new"] == "Take 2 g daily"


def test_join_continuation_joins_a_sentence_cut_by_a_page_with_a_space():
    assert join_continuation("for the use of", "therapeutic Ig") == "for the use of therapeutic Ig"
    assert join_continuation("ends here.", "New paragraph") == "ends here.\nNew paragraph"


def test_changeform_frame_has_one_row_per_change(seed_export):
    frame = read_changeform(seed_export).to_frame()
    assert len(frame) == 25
    assert {"original", "new", "section", "reason", "changed_by", "date"} <= set(frame.columns)
