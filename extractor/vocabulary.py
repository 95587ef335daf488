"""Words every stage reads the same way: numbers written as words.

One home for small closed vocabularies shared across readers, extraction and QA, so that
"three times the ULN" (extraction) and "three" → "3" (change-form numeric checks) agree.
"""

from __future__ import annotations

#: Cardinal numbers written as words, and the multiplicatives "twice"/"thrice".
NUMBER_WORDS: dict[str, int] = {
    **{word: value for value, word in enumerate(
        ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
         "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"])},
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
}
#: Multiplicatives: "twice the upper limit of normal".
MULTIPLICATIVES: dict[str, int] = {"twice": 2, "thrice": 3}

__all__ = ["MULTIPLICATIVES", "NUMBER_WORDS"]
