"""The per-document stage runner on real files: which reader a file goes to, and what it records."""

from __future__ import annotations

import random

import pytest

from extractor.batch.stages import PROBE_PAGES, Context, process_document
from extractor.errors import InputError
from tests.batch._inputs import script


@pytest.fixture(scope="module")
def reading():
    return Context.create(extract=False, qa=False)


def test_long_pdf_without_a_change_table_is_read_as_a_policy_not_a_change_form(tmp_path, reading):
    path = tmp_path / "policy.pdf"
    script("make_batch_corpus").make_policy(path, PROBE_PAGES + 3, random.Random(3))
    record = process_document(str(path), reading)
    assert record["kind"] in {"policy", "document"} and record["pages"] >= PROBE_PAGES + 2
    assert record["stages"]["read"] == "ok" and "changeform" not in record


def test_long_change_form_with_its_header_on_page_one_is_still_a_change_form(tmp_path, reading):
    maker = script("make_batch_corpus")
    order = ["original", "new", "section", "reason", "changed_by", "date"]
    header = [maker.HEADERS[name][1] for name in order]
    rows = [{"original": maker.FILLER * 2 + f"Dose {n} g/kg.", "new": maker.FILLER + f"Dose {n + 1} g/kg.",
             "section": "Dosing", "reason": "Alignment with NICE guidance", "changed_by": "Policy lead",
             "date": "March 2025"} for n in range(40)]
    pdf = maker._render_form(order, header, rows, "Test", "Ref 1", landscape=False)
    path = tmp_path / "long_form.pdf"
    pdf.output(str(path))
    assert pdf.pages_count > PROBE_PAGES
    record = process_document(str(path), reading)
    assert record["kind"] == "changeform" and record["pages"] == pdf.pages_count
    assert len(record["rows"]) == 40 and record["rows"][39]["new"].endswith("Dose 40 g/kg.")


def test_unreadable_file_raises_one_line_input_error(tmp_path, reading):
    path = tmp_path / "x.pdf"
    path.write_bytes(b"%PDF-1.7\n1 0 obj << >> endobj\n")
    with pytest.raises(InputError) as caught:
        process_document(str(path), reading)
    assert str(path) in str(caught.value) and "\n" not in str(caught.value)
