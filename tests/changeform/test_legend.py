"""Code legends ("A = typographical; B = clinical") read from the text around a change table."""

from __future__ import annotations

import glob
from pathlib import Path

from extractor.changeform.legend import code_legend, expand_code
from extractor.qa.engine import check_path

ROLES = Path(__file__).resolve().parents[2] / "corpora" / "changeforms" / "roles"


def test_legend_pairs_split_at_each_code_even_with_commas_in_meanings():
    legend = code_legend(["A = typographical/formatting, B = clarification, no clinical change, C = clinical change"])
    assert legend == {"A": "typographical/formatting", "B": "clarification, no clinical change", "C": "clinical change"}


def test_label_lines_without_two_codes_are_no_legend():
    assert code_legend(["Policy: Burosumab (2022)", "Version: 2.1"]) == {}


def test_expand_code_keeps_unknown_values():
    legend = {"T1": "editorial"}
    assert expand_code("T1", legend) == "T1 (editorial)" and expand_code("Clinical", legend) == "Clinical"


def test_clinical_change_coded_typographical_by_the_forms_legend_is_a_reason_mismatch():
    # cfr41: "Change type key: A = typographical or formatting; ..." above the table; a row coded A
    # moves a monitoring interval from 8 to 12 weeks under a reason that names no change type.
    path = Path(glob.glob(str(ROLES / "cfr41_*"))[0])
    result = check_path(path)
    hits = [f for f in result.findings if f.rule == "reason-mismatch" and f.row == 5]
    assert hits and "typographical" in hits[0].message
