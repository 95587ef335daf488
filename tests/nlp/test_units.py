"""Unit normalisation: UCUM codes and comparison across units."""

from __future__ import annotations

import pytest

from extractor.errors import UsageError
from extractor.nlp.units import normalise_unit, same_quantity, to_canonical


def test_mass_concentrations_compare_equal_after_normalisation() -> None:
    assert to_canonical(4, "g/L") == pytest.approx(to_canonical(400, "mg/dL"))
    assert same_quantity((4, "g/l"), (400, "mg/dL"))
    assert not same_quantity((4, "g/L"), (40, "mg/dL"))


def test_cell_counts_compare_equal_across_power_and_microlitre() -> None:
    assert same_quantity((30, "10*9/L"), (30000, "/µL"))
    assert same_quantity((30, "10^9/L"), (30000, "/mm3"))


def test_written_units_normalise_to_display_unit_and_ucum() -> None:
    assert normalise_unit("g/l") == ("g/L", "g/L")
    assert normalise_unit("IU/ml") == ("IU/mL", "[iU]/mL")
    assert normalise_unit("ml/kg") == ("mL/kg", "mL/kg")
    assert normalise_unit("°C") == ("°C", "Cel")
    assert normalise_unit("furlongs") is None


def test_unknown_unit_raises_usage_error_naming_it() -> None:
    with pytest.raises(UsageError, match="furlongs"):
        to_canonical(1, "furlongs")


def test_different_kinds_never_compare_equal() -> None:
    assert not same_quantity((4, "g/L"), (4, "g/kg"))


@pytest.mark.parametrize("written, expected", [
    ("mm/hr", ("mm/h", "mm/h")), ("mm/h", ("mm/h", "mm/h")), ("mm in the first hour", ("mm/h", "mm/h")),
    ("kg/m2", ("kg/m2", "kg/m2")), ("kg/m²", ("kg/m2", "kg/m2")), ("mcg/L", ("µg/L", "ug/L")),
    ("mIU/mL", ("mIU/mL", "m[iU]/mL")), ("cells/µL", ("cells/µL", "{cells}/uL")), ("mg/g", ("mg/g", "mg/g")),
])
def test_sedimentation_rate_body_mass_index_and_other_lab_units_normalise(written: str,
                                                                          expected: tuple[str, str]) -> None:
    assert normalise_unit(written) == expected
