"""Units the unit table does not list, read as UCUM with ucumvert and measured with pint.

The unit table (``resources/nlp/units.yaml``) names the units policies write most, with their
written variants. Any other unit written after a number ("pg/mL", "mEq/L", "ng/dL", "cm/year",
"mL/kg/min") is rewritten into a UCUM candidate by a few spelling rules (µ/mc → u, "per" → "/",
"cells/" → "{cells}/", "IU" → "[iU]", "lb" → "[lb_av]" ...) and kept only when ucumvert's UCUM
grammar parses it (Hegewald, *ucumvert*, 2023; the Unified Code for Units of Measure, Schadow &
McDonald). Its kind — mass concentration, count concentration, pressure, time … — comes from
pint's dimensionality of the parsed unit, and its factor to the kind's base unit from a pint
conversion, so ``same_quantity`` compares "pg/mL" with the table's "ng/mL".

The registry loads on first use (about a second) and every result is cached.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from extractor.nlp.resources import Unit, UnitTable

_PREFIXES = {"nano": "n", "micro": "u", "milli": "m", "pico": "p", "deci": "d", "kilo": "k", "": ""}
_SPELT = {"gram": "g", "litre": "L", "mole": "mol"}
#: Spelling rewrites from written units to UCUM, applied in order to each "/"-separated part.
_ATOMS: list[tuple[re.Pattern[str], Any]] = [(re.compile(p), r) for p, r in [
    (r"^(?:mcg|µg|μg)$", "ug"), (r"^(?:mcl|µl|μl|ul)$", "uL"), (r"^(?:µ|μ|mc)(?=[a-zA-Z])", "u"),
    (r"^(?:gm|gms|gram|grams)$", "g"), (r"^(?:msec|msecs)$", "ms"), (r"^(?:sec|secs|seconds?)$", "s"),
    (r"^(?:hr|hrs|hours?)$", "h"), (r"^(?:mins?|minutes?)$", "min"), (r"^(?:days?)$", "d"),
    (r"^(?:weeks?|wks?)$", "wk"), (r"^(?:months?)$", "mo"), (r"^(?:years?|yrs?|yr)$", "a"),
    (r"^(?:cc)$", "mL"), (r"^([munpkd]?)l$", r"\1L"), (r"^([munpkd]?)(?:litres?|liters?)$", r"\1L"),
    (r"^(?:ml|mls)$", "mL"), (r"^dl$", "dL"), (r"^([mµun]?)eq$", r"\1eq"), (r"^([mµun]?)Eq$", r"\1eq"),
    (r"^([mkµ]?)IU$", r"\1[iU]"), (r"^([mkµ]?)iu$", r"\1[iU]"), (r"^(?:lbs?|pounds?)$", "[lb_av]"),
    (r"^(?:cells?|cop(?:y|ies)|beats?|breaths?|events?)$", r"{\g<0>}"),
    # counts in words: "million per L" is 10*6/L, "thousand/mm3" 10*3/mm3
    (r"^(?:thousands?|k)$", "10*3"), (r"^(?:millions?)$", "10*6"), (r"^(?:billions?)$", "10*9"), (r"^(?:m²|sq\.?m)$", "m2"), (r"^mm³$", "mm3"),
    (r"^(?:kgs?|kilograms?)$", "kg"),
    # spelt-out units: a prefix word and a unit word ("nanogram per millilitre", "millimoles per litre")
    (r"^(nano|micro|milli|pico|deci|kilo)?(grams?|litres?|liters?|moles?)$",
     lambda m: _PREFIXES.get(m.group(1) or "", "") + _SPELT[m.group(2).rstrip("s").replace("liter", "litre")]), (r"^(?:bpm)$", "{beats}/min"), (r"^([mµu]?)[Oo]sm$", r"\1osm"),
]]
#: Pint dimensionality → unit kind (the table's kind names).
_KINDS = {
    "[mass] / [length] ** 3": "mass_concentration",
    "[substance] / [length] ** 3": "substance_concentration",
    "1 / [length] ** 3": "count_concentration",
    "[substance] / [time] / [length] ** 3": "activity_concentration",
    "[length] ** 3 / [time]": "filtration_rate",
    "[mass] / [length] / [time] ** 2": "pressure",
    "[time]": "time",
    "[mass]": "mass",
    "[length]": "length",
    "[length] ** 3": "volume",
    "[mass] / [length] ** 2": "body_mass_index",
    "[length] / [time]": "velocity",
    "1 / [time]": "rate",
    "[mass] / [time]": "dose_rate",
    "[length] ** 3 / [mass]": "volume_per_weight",
    "[length] ** 3 / [mass] / [time]": "volume_rate_per_weight",
    "[substance] / [mass]": "substance_per_mass",
    "[temperature]": "temperature",
}
#: A unit written after a number that may be one the table lacks: letter-initial parts joined by "/".
OPEN_UNIT = re.compile(
    r"(?:[A-Za-zµμ\[{][\w\[\]{}µμ²³^]*|%)(?:\s?(?:/|\bper\b)\s?(?:[A-Za-zµμ\[{][\w\[\]{}µμ²³^]*))+"
    r"(?![\w/])")


@lru_cache(maxsize=1)
def registry() -> Any:
    """ucumvert's pint registry with the UCUM definitions (loaded once)."""
    from ucumvert import PintUcumRegistry

    return PintUcumRegistry()


def ucum_candidate(written: str) -> str:
    """The UCUM spelling of a written unit ("mEq/L" → "meq/L", "cells/mm³" → "{cells}/mm3")."""
    parts = re.split(r"\s*(?:/|\bper\b)\s*", written.strip())
    out = []
    for part in parts:
        part = part.replace("²", "2").replace("³", "3").replace("^", "")
        for pattern, replacement in _ATOMS:
            part = pattern.sub(replacement, part)
        out.append(part)
    return "/".join(out)


@lru_cache(maxsize=2048)
def _parse(code: str) -> Any:
    from ucumvert import InvalidUcumError

    try:
        return registry().from_ucum(code)
    except (InvalidUcumError, AttributeError, KeyError, ValueError, TypeError, Exception):  # noqa: BLE001
        # ucumvert raises lark and pint errors of many types for a code it cannot read
        return None


def unit_kind(code: str) -> str | None:
    """The kind of a UCUM code from its pint dimensionality, or None when unparsed or unknown."""
    quantity = _parse(code)
    if quantity is None:
        return None
    dims = str(quantity.dimensionality)
    if dims == "dimensionless":
        # "µg/g" (faecal calprotectin), "mmol/mol": a ratio of two amounts of one kind
        parts = code.split("/")
        if len(parts) == 2 and all(_parse(part) is not None for part in parts):
            inner = str(_parse(parts[0]).dimensionality)
            if inner == "[mass]" and parts[1] == "kg":
                return "dose_per_weight"  # "µg/kg": per kilogram of body weight, a dose
            return {"[mass]": "mass_ratio", "[substance]": "substance_ratio"}.get(inner)
        return None
    if "[iU]" in code and dims == "1 / [length] ** 3":  # pint counts international units as plain numbers
        return "activity_concentration"
    return _KINDS.get(dims, "other")


def open_unit(written: str, table: UnitTable) -> Unit | None:
    """A :class:`~extractor.nlp.resources.Unit` for a written unit the table lacks, or None.

    The factor converts to the base unit the table uses for that kind (so "pg/mL" compares with
    "ng/mL"); kinds the table does not have take the UCUM code itself as their base.
    """
    code = ucum_candidate(written)
    if not re.search(r"[A-Za-z%\[{]", code):
        return None
    kind = unit_kind(code)
    if kind is None:
        return None
    base, factor = code, 1.0
    for reference in (unit for unit in table.units if unit.kind == kind):
        converted = convert(1.0, code, reference.ucum)
        if converted is not None:
            base, factor = reference.base, converted * reference.factor
            break
    display = "/".join(part.strip() for part in re.split(r"\s*(?:/|\bper\b)\s*", written)).replace("μ", "µ")
    return Unit(unit=display, ucum=code, kind=kind, base=base, factor=factor, forms=(written,))


def convert(value: float, code: str, to_code: str) -> float | None:
    """``value`` in UCUM ``code`` expressed in ``to_code``, or None when they do not convert."""
    source, target = _parse(code), _parse(to_code)
    if source is None or target is None:
        return None
    try:
        return float((value * source).to(target.units).magnitude / target.magnitude)
    except Exception:  # noqa: BLE001  (pint's DimensionalityError and friends)
        return None


__all__ = ["OPEN_UNIT", "convert", "open_unit", "registry", "ucum_candidate", "unit_kind"]
