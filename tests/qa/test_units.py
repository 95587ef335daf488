"""Unit style: preferred forms and consistency."""

from __future__ import annotations

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
