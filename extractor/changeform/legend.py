"""Code legends of a change form: what the codes of a change-type or reason column stand for.

Forms that classify each change with a code ("A", "B", "T2") explain the codes once, in a
legend line near the table: "Change type: A = typographical or formatting; B = administrative;
C = clinical". The legend is read from the text around the table (the form's metadata) as
pairs of a short code and its meaning, so that a row coded "A" is understood as a
typographical change wherever its form says so.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

#: A code (one to three letters or digits, optionally in brackets) and its meaning, up to the next code.
_PAIR = re.compile(r"(?:^|(?<=[\s;,.(]))\(?(?P<code>[A-Z0-9]{1,3}|[A-Z][a-z]?\d)\)?\s*(?:=|:|–|—|-)\s*"
                   r"(?P<meaning>.*?)(?=\s*[;,.]?\s*\(?(?:[A-Z0-9]{1,3}|[A-Z][a-z]?\d)\)?\s*(?:=|:|–|—)(?:\s|$)|\s*$)")


def code_legend(texts: Iterable[str]) -> dict[str, str]:
    """Codes and their meanings found in legend lines ("A = typographical; B = clinical").

    A line counts as a legend when it holds two or more such pairs; codes are kept as written
    (upper case), meanings with their outer punctuation stripped.

    Args:
        texts: Lines around the table (metadata values, labels with their values).

    Returns:
        Code to meaning; empty when no legend is found.
    """
    lines = [" ".join(text.split()) for text in texts if text and text.strip()]
    legend: dict[str, str] = {}
    for number, flat in enumerate(lines):
        pairs = [(m.group("code"), m.group("meaning").strip(" ;,.")) for m in _PAIR.finditer(flat)]
        if len(pairs) < 2:
            continue
        for code, meaning in pairs:
            if not meaning and number + 1 < len(lines):
                meaning = lines[number + 1].strip(" ;,.")  # the legend wraps after "C ="
            if meaning:
                legend.setdefault(code.upper(), meaning)
    return legend


def expand_code(value: str | None, legend: dict[str, str]) -> str | None:
    """A cell's code with its meaning ("A (typographical or formatting)"), or the cell as written."""
    if not value or not legend:
        return value
    flat = " ".join(value.split()).strip("() .")
    meaning = legend.get(flat.upper())
    return f"{value.strip()} ({meaning})" if meaning else value


__all__ = ["code_legend", "expand_code"]
