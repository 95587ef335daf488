"""Words every stage reads the same way: numbers written as words, list bullets and markers.

One home for small closed vocabularies shared across readers, extraction and QA, so that
"three times the ULN" (extraction) and "three" → "3" (change-form numeric checks) agree.
"""

from __future__ import annotations

import re as _re

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


#: Glyphs that mark a bulleted list item when they start a line and a space follows.
BULLET_GLYPHS = "•◦▪▫■□●○‣⁃∙·➢►✓✔❖◆◇*-–—"

#: Bullets set in a symbol font (Symbol, Wingdings) come out as private-use code points: the glyph they show.
SYMBOL_BULLETS = {"\uf0b7": "•", "\uf0a7": "▪", "\uf0d8": "➢", "\uf0fc": "✓", "\uf06f": "◦", "o": "◦"}


def symbol_bullet(char: str) -> str | None:
    """The bullet a symbol-font character shows ("\uf0b7" → "•"), "•" for any other private-use
    character, or None for an ordinary character."""
    if char in SYMBOL_BULLETS:
        return SYMBOL_BULLETS[char]
    return "•" if len(char) == 1 and "\ue000" <= char <= "\uf8ff" else None


_ROMAN = "ivxlc"
#: A list marker at the start of a line: a bullet glyph, "o", or a number or letter with its
#: punctuation ("1.", "2.1", "a)", "(iv)", "B."); a bare number ("2 Patient has", "1.2 6MWD has") only
#: before a capital or a code that starts with digits and a capital.
LIST_MARKER = _re.compile(
    r"^[ \t]*(?P<marker>[•◦▪▫■□●○‣⁃∙·➢►✓✔❖◆◇*]|[-–—](?=\s)|o(?=[ \t])"
    r"|\((?:\d{1,2}|[a-zA-Z]|[ivxlcIVXLC]{1,5})\)"
    r"|(?:\d{1,2}(?:\.\d{1,2}){0,3}|[a-zA-Z]|[ivxlcIVXLC]{1,5})[.)](?=[ \t])"
    r"|\d{1,2}(?:\.\d{1,2}){0,3}(?=[ \t]+\d*[A-Z]))[ \t]*")


def list_marker(line: str) -> tuple[str, str]:
    """Split a line into its list marker and the rest: ``("(a)", "Platelets < 30")``; ``("", line)`` without one."""
    match = LIST_MARKER.match(line)
    if not match or match.end() >= len(line.rstrip()):
        return "", line.strip()
    return match.group("marker"), line[match.end():].strip()


def marker_kind(marker: str, previous_letter: str | None = None) -> str:
    """A marker's numbering scheme with its punctuation: ``"•"``, ``"decimal."``, ``"alpha)"``,
    ``"(roman)"``, ``"decimal-2"`` for "2.1"; "" for no marker.

    Args:
        marker: The marker as written.
        previous_letter: The letter of the previous item of a lettered list, so "i" after "h"
            counts as a letter and not a roman one.
    """
    if not marker:
        return ""
    core = marker.strip("().")
    if not any(ch.isalnum() for ch in marker) or marker == "o":
        return "•" if marker in "•●" else marker
    wrap = "(" if marker.startswith("(") else ""
    tail = ")" if marker.endswith(")") else ("." if marker.endswith(".") else "")
    if core.replace(".", "").isdigit():
        dots = core.count(".")
        scheme = f"decimal-{dots + 1}" if dots else "decimal"
    elif core.lower() and all(ch in _ROMAN for ch in core.lower()) and not (
            len(core) == 1 and previous_letter and ord(core.lower()) == ord(previous_letter.lower()) + 1):
        scheme = "ROMAN" if core.isupper() else "roman"
    else:
        scheme = "ALPHA" if core.isupper() else "alpha"
    return f"{wrap}{scheme}{tail}"


__all__ += ["BULLET_GLYPHS", "LIST_MARKER", "SYMBOL_BULLETS", "list_marker", "marker_kind", "symbol_bullet"]
