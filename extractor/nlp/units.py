"""Unit normalisation to UCUM and comparison of quantities across units.

The unit table (``resources/nlp/units.yaml``) gives each unit its UCUM code, its kind and a
factor to the kind's base unit, so ``to_canonical(4, "g/L") == to_canonical(400, "mg/dL")``.
Units are looked up by written form ("g/l", "IU/ml"), by normalised unit ("g/L") or by UCUM
code ("[iU]/mL", "10*9/L").
"""

from __future__ import annotations

import math

from extractor.errors import UsageError
from extractor.nlp.resources import Unit, unit_table


def find_unit(unit: str) -> Unit | None:
    """The table entry for a written form, normalised unit or UCUM code; else a unit the table lacks
    read as UCUM (:func:`extractor.nlp.ucum.open_unit`, "pg/mL"); None when neither knows it."""
    from extractor.nlp.ucum import open_unit

    table = unit_table()
    return table.by_code.get(unit) or table.lookup(unit) or open_unit(unit, table)


def normalise_unit(unit: str) -> tuple[str, str] | None:
    """Return ``(unit, ucum)`` for a written unit ("g/l" → ("g/L", "g/L"); "IU/ml" → ("IU/mL", "[iU]/mL")).

    Returns:
        None when the unit is not in the table.
    """
    found = find_unit(unit)
    return (found.unit, found.ucum) if found else None


def to_canonical(value: float, unit: str) -> tuple[float, str]:
    """Convert a value into its kind's base unit.

    Args:
        value: The number as written.
        unit: A written form, normalised unit or UCUM code.

    Returns:
        ``(value_in_base, base_ucum)``; e.g. ``(4, "g/L")`` → ``(4.0, "g/L")`` and
        ``(400, "mg/dL")`` → ``(4.0, "g/L")``; ``(30, "10*9/L")`` and ``(30000, "/uL")`` → ``(3e10, "/L")``.

    Raises:
        UsageError: The unit is not known.
    """
    found = find_unit(unit)
    if found is None:
        raise UsageError(f"unknown unit {unit!r}; expected one of the units in resources/nlp/units.yaml")
    return float(value) * found.factor, found.base


def same_quantity(a: tuple[float, str], b: tuple[float, str], *, rel_tol: float = 1e-6) -> bool:
    """Whether two ``(value, unit)`` pairs denote the same quantity after normalisation.

    Unknown units compare equal only when written identically with the same value.
    """
    try:
        va, ba = to_canonical(*a)
        vb, bb = to_canonical(*b)
    except UsageError:
        return a[1] == b[1] and math.isclose(float(a[0]), float(b[0]), rel_tol=rel_tol)
    return ba == bb and math.isclose(va, vb, rel_tol=rel_tol, abs_tol=1e-12)
