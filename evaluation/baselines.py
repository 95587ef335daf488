"""The naive threshold baseline the extractor must beat: quantulum3 quantities + a comparator regex.

For every quantity quantulum3 finds, a comparator written right before it ("<", "≥", "less
than", "at least" ...) or right after it ("or more") makes a threshold; the analyte is the up to
four words before the comparator (stop words trimmed). No lexicon, no clause logic. This is the
"what a competent engineer writes in an afternoon" line from issue 12.

Needs ``quantulum3`` (the ``eval`` extra).
"""

from __future__ import annotations

import re
import warnings
from typing import Any

_BEFORE = [
    (r"(?:≤|<=|=<|less than or equal to|no more than|not more than|at most|up to|maximum of)", "<="),
    (r"(?:≥|>=|=>|greater than or equal to|more than or equal to|at least|no less than|not less than|minimum of)",
     ">="),
    (r"(?:<|less than|lower than|below|under|fewer than)", "<"),
    (r"(?:>|greater than|more than|higher than|above|over|exceeding|in excess of)", ">"),
    (r"(?:=|equal to)", "="),
]
_BEFORE_RE = [(re.compile(rf"{pattern}\s*\Z", re.IGNORECASE), symbol) for pattern, symbol in _BEFORE]
_AFTER_RE = [(re.compile(r"\A\s*(?:or|and)\s+(?:more|greater|higher|above|over)\b", re.IGNORECASE), ">="),
             (re.compile(r"\A\s*(?:or|and)\s+(?:less|lower|below|under|fewer)\b", re.IGNORECASE), "<=")]
_STOP = {"of", "is", "a", "an", "the", "with", "and", "or", "be", "must", "should", "level", "levels", "value", "in"}
_UNIT_SYMBOLS = {"percentage": "%", "dimensionless": None}


def _unit(quantity: Any) -> str | None:
    """The unit as written in the quantity's surface (scored after the same UCUM normalisation as ours)."""
    name = quantity.unit.name
    if name in _UNIT_SYMBOLS:
        return _UNIT_SYMBOLS[name]
    written = re.sub(r"^[\d.,\s\-–]+", "", quantity.surface).strip()
    return written or name


def baseline_thresholds(text: str) -> list[dict[str, Any]]:
    """Thresholds by quantulum3 + comparator regex, as contract dicts."""
    from quantulum3 import classifier, parser

    classifier.USE_CLF = False  # its pickled scikit-learn model does not load on current scikit-learn
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        quantities = parser.parse(text)
    results = []
    for quantity in quantities:
        start, end = quantity.span
        before = text[max(0, start - 40):start]
        comparator, comp_start = None, start
        for pattern, symbol in _BEFORE_RE:
            match = pattern.search(before)
            if match:
                comparator, comp_start = symbol, start - (len(before) - match.start())
                break
        if comparator is None:
            for pattern, symbol in _AFTER_RE:
                match = pattern.match(text[end:end + 30])
                if match:
                    comparator = symbol
                    end += match.end()
                    break
        if comparator is None:
            continue
        words = re.findall(r"[\w+-]+", text[max(0, comp_start - 60):comp_start])
        while words and words[-1].lower() in _STOP:
            words.pop()
        analyte_words = []
        for word in reversed(words[-4:]):
            if word.lower() in _STOP:
                break
            analyte_words.insert(0, word)
        results.append({"text": text[comp_start:end], "start": comp_start, "end": end,
                        "analyte": " ".join(analyte_words) or None, "comparator": comparator,
                        "value": quantity.value, "value_max": None, "unit": _unit(quantity)})
    return results


__all__ = ["baseline_thresholds"]
