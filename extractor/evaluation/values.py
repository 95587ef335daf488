"""Comparing attribute values and the (comparator, value, unit, frequency, route) tuples.

Units compare after normalisation to their UCUM code (:func:`extractor.nlp.units.normalise_unit`),
so ``g/l`` equals ``g/L``; numbers compare with a relative tolerance of 1e-6; text compares
case- and whitespace-insensitively; objects (``frequency``, ``timing``, ``max`` …) compare key by
key, ignoring their free-text ``text`` key. The lenient tuple match also accepts the same quantity
in another unit of its kind (``400 mg/dL`` = ``4 g/L``, :func:`extractor.nlp.units.same_quantity`).
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Any

#: Tuple fields scored per label ("unit after normalisation"); other labels have none.
TUPLE_FIELDS: dict[str, tuple[str, ...]] = {
    "threshold": ("comparator", "value", "value_max", "unit"),
    "dose": ("amount", "amount_max", "unit", "frequency", "route"),
}
#: The (value, unit) pair the lenient tuple score compares.
LENIENT_FIELDS: dict[str, tuple[str, str]] = {"threshold": ("value", "unit"), "dose": ("amount", "unit")}
#: Attribute keys that hold units; a difference in these is a ``unit`` error.
UNIT_KEYS = ("unit", "ucum")


@lru_cache(maxsize=1024)
def normalise_unit(unit: str) -> str:
    """The UCUM code of a written unit when the unit table knows it, else the unit casefolded."""
    from extractor.nlp.units import normalise_unit as lookup

    found = lookup(unit)
    return found[1] if found else " ".join(unit.split()).casefold()


def same_unit(gold: str, pred: str) -> bool:
    """Units equal after normalisation to UCUM, where annotations in braces carry no meaning (UCUM §2.1.4:
    "%{predicted}" is "%", "{cells}/mm3" is "/mm3"); an annotation alone ("{ULN}") must match itself."""
    a, b = normalise_unit(gold), normalise_unit(pred)
    if a == b:
        return True
    bare_a, bare_b = re.sub(r"\{[^{}]*\}", "", a), re.sub(r"\{[^{}]*\}", "", b)
    return bool(bare_a) and bool(bare_b) and bare_a == bare_b


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


#: Written units that only say a value is a count of score points: dimensionless, as no unit.
_SCORE_POINTS = re.compile(r"(?:centile\s+|percentage\s+)?(?:points?|pts)|\{(?:score|points?|SD)\}|SDS?|z-?score",
                           re.IGNORECASE)


def values_equal(key: str, gold: Any, pred: Any) -> bool:
    """Whether a predicted attribute value equals the gold one (see the module docstring). A unit of
    score points ("points", "{score}") or of standard deviations ("SD", "{SD}": a z-score) equals no unit."""
    if key in UNIT_KEYS:
        gold = None if isinstance(gold, str) and _SCORE_POINTS.fullmatch(gold.strip()) else gold
        pred = None if isinstance(pred, str) and _SCORE_POINTS.fullmatch(pred.strip()) else pred
    if gold is None or pred is None:
        return gold is None and pred is None
    if key in UNIT_KEYS and isinstance(gold, str) and isinstance(pred, str):
        return same_unit(gold, pred)
    if _is_number(gold) and _is_number(pred):
        return math.isclose(float(gold), float(pred), rel_tol=1e-6, abs_tol=1e-12)
    if isinstance(gold, str) and isinstance(pred, str):
        return " ".join(gold.split()).casefold() == " ".join(pred.split()).casefold()
    if isinstance(gold, dict) and isinstance(pred, dict):
        keys = (gold.keys() | pred.keys()) - {"text"}
        return all(values_equal(k, gold.get(k), pred.get(k)) for k in keys)
    if isinstance(gold, (list, tuple)) and isinstance(pred, (list, tuple)):
        return len(gold) == len(pred) and all(values_equal(key, g, p) for g, p in zip(gold, pred))
    return bool(gold == pred)


def differences(gold: dict[str, Any], pred: dict[str, Any]) -> list[str]:
    """The gold-recorded attribute keys whose predicted value differs, in gold order."""
    return [key for key in gold if not values_equal(key, gold[key], pred.get(key))]


def same_quantity(value_a: Any, unit_a: Any, value_b: Any, unit_b: Any) -> bool:
    """Equal (value, unit) pairs, or the same quantity in two units of one kind."""
    if values_equal("value", value_a, value_b) and values_equal("unit", unit_a, unit_b):
        return True
    if not (_is_number(value_a) and _is_number(value_b) and isinstance(unit_a, str) and isinstance(unit_b, str)):
        return False
    from extractor.errors import UsageError
    from extractor.nlp.units import same_quantity as same

    try:
        return bool(same((float(value_a), unit_a), (float(value_b), unit_b)))
    except UsageError:  # a unit the table does not know: only the plain comparison applies
        return False


def tuple_credit(label: str, gold: dict[str, Any], pred: dict[str, Any]) -> float:
    """Share of the label's tuple fields that agree (partial credit, 0..1)."""
    fields = TUPLE_FIELDS.get(label, ())
    if not fields:
        return 0.0
    return sum(values_equal(f, gold.get(f), pred.get(f)) for f in fields) / len(fields)


def lenient_match(label: str, gold: dict[str, Any], pred: dict[str, Any]) -> bool:
    """Value and unit agree (same quantity allowed)."""
    value, unit = LENIENT_FIELDS.get(label, ("value", "unit"))
    return same_quantity(gold.get(value), gold.get(unit), pred.get(value), pred.get(unit))


__all__ = [
    "LENIENT_FIELDS",
    "same_unit",
    "TUPLE_FIELDS",
    "UNIT_KEYS",
    "differences",
    "lenient_match",
    "normalise_unit",
    "same_quantity",
    "tuple_credit",
    "values_equal",
]
