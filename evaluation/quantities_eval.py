"""How many quantities in medical units the scanner reads in quantulum3's own test sentences.

Run: ``python evaluation/quantities_eval.py [--errors]``

quantulum3 ships its test sentences (``_lang/en_US/tests/quantities.json``, MIT licence) inside
the package (the ``eval`` extra installs it); they are read from there, never copied here. Each
expected quantity whose unit is one policies use (mass, volume, temperature, time, percentage,
dose of radiation) is looked for among :func:`extractor.nlp.quantities.scan`'s quantities: the
same value and the same UCUM code, anywhere in the sentence. quantulum3 gives a range ("44 mg to
50 mg", "between 44 and 50 mg") as its mean, so two quantities joined as a range count when their
mean is the expected value.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from importlib import resources

#: quantulum3 unit names → UCUM codes of the units policies use.
MEDICAL_UNITS = {"milligram": "mg", "gram": "g", "kilogram": "kg", "microgram": "ug", "litre": "L",
                 "millilitre": "mL", "centilitre": "cL", "cubic centimetre": "cm3", "degree Celsius": "Cel",
                 "degree fahrenheit": "[degF]", "year": "a", "month": "mo", "week": "wk", "day": "d", "hour": "h",
                 "minute": "min", "second": "s", "percentage": "%", "milligray": "mGy"}
#: UCUM codes that name the same unit.
SAME = {"cm3": {"cm3", "mL"}, "cL": {"cL"}}


def main(argv: list[str] | None = None) -> int:
    """Print how many medical-unit quantities are read, and list the misses with --errors."""
    from extractor.nlp.quantities import scan
    from extractor.nlp.ucum import ucum_candidate

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true")
    args = parser.parse_args(argv)
    try:
        path = resources.files("quantulum3").joinpath("_lang", "en_US", "tests", "quantities.json")
        cases = json.loads(path.read_text(encoding="utf-8"))
    except (ModuleNotFoundError, FileNotFoundError):
        print("quantulum3 is not installed (pip install -e '.[eval]')", file=sys.stderr)
        return 2
    found = total = 0
    for case in cases:
        quantities = scan(case["req"])
        for expected in case["res"]:
            code = MEDICAL_UNITS.get(expected["unit"])
            if code is None:
                continue
            total += 1
            wanted = SAME.get(code, {code})
            def unit_ok(q) -> bool:  # noqa: ANN001
                return q.unit is not None and (q.unit.ucum in wanted or ucum_candidate(q.unit.unit) in wanted)

            value = float(expected["value"])
            hit = any(unit_ok(q) and math.isclose(q.value, value, rel_tol=1e-6) for q in quantities) or any(
                unit_ok(b) and (a.unit is None or unit_ok(a)) and math.isclose((a.value + b.value) / 2, value,
                                                                              rel_tol=1e-6)
                for a, b in zip(quantities, quantities[1:]))
            found += hit
            if args.errors and not hit:
                print(f"missed {expected['surface']!r} ({expected['unit']}) in: {case['req']}")
    print(f"quantulum3 test sentences, quantities in medical units: {found}/{total} read "
          f"({found / total:.0%})" if total else "no medical-unit quantities")
    return 0


if __name__ == "__main__":
    sys.exit(main())
