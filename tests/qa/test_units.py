"""Unit style: preferred forms and consistency."""

from __future__ import annotations

import pytest

from extractor.errors import ConfigError
from extractor.qa.rules import units


def test_non_preferred_units_after_numbers_are_found():
    text = "IgG of < 4g/l, viral load above 10⁹ IU/ml, 0.6 ml/kg, 5 mls, 100 mcg"
    assert [(f.text, f.suggestion) for f in units.check(text)] == [
        ("g/l", "g/L"), ("IU/ml", "IU/mL"), ("ml/kg", "mL/kg"), ("mls", "mL"), ("mcg", "micrograms")]


def test_preferred_units_and_words_without_numbers_are_not_flagged():
    assert units.check("IgG of 4 g/L, 0.6 mL/kg; the ml of water; 2 g/kg") == []


def test_inconsistent_styles_in_one_document_are_named():
    texts = ["IgG 4 g/L", "IgG 5 g/l"]
    styles = units.document_styles(texts)
    (finding,) = units.check(texts[1], styles=styles)
    assert finding.extra["inconsistent"] and "'g/L'" in finding.message


def test_lower_case_litre_after_any_prefixed_unit_is_found():
    text = ("Active B12 under 30 pmol/l, TSH 6 mU/l, potassium 5.5 mEq/l, troponin 14 ng/l, "
            "IgA 0.1 g/dl and MCV 101 fl.")
    assert [(f.text, f.suggestion) for f in units.check(text)] == [
        ("pmol/l", "pmol/L"), ("mU/l", "mU/L"), ("mEq/l", "mEq/L"), ("ng/l", "ng/L"), ("g/dl", "g/dL"),
        ("fl", "fL")]


def test_cell_counts_per_litre_keep_their_multiplier_and_get_a_capital_l():
    text = "Neutrophils at least 1.5 x 10^9/l, platelets over 75 ×10⁹/l and red cells 4 x10^12/l."
    assert [(f.text, f.suggestion) for f in units.check(text)] == [
        ("x 10^9/l", "x 10^9/L"), ("×10⁹/l", "×10⁹/L"), ("x10^12/l", "x10^12/L")]
    assert units.check("Neutrophils at least 1.5 x 10^9/L, platelets over 75 ×10⁹/L.") == []


def test_gm_and_gms_are_written_g():
    text = "Give 2 gm on day 1 and 1 gms on day 2, then 1 g weekly."
    styles = units.document_styles([text])
    found = units.check(text, styles=styles)
    assert [(f.text, f.suggestion) for f in found] == [("gm", "g"), ("gms", "g")]
    assert "also writes 'g'" in found[0].message


def test_unit_style_rows_may_not_name_groups_their_pattern_lacks():
    with pytest.raises(ConfigError, match="names groups"):
        units.UnitStyle.from_dict({"written": "(?P<u>n?g)/l", "preferred": r"\g<v>/L", "unit": r"\g<u>/L"})
