"""Word list numbering as printed: the "A.", "1.", "a.", "i." and bullets Word draws before list paragraphs.

python-docx exposes a paragraph's numbering reference (``w:numPr``: a numbering instance and a
level) but not the label Word renders from it. Method (ECMA-376 Part 1, §17.9): each instance
(``w:num``) points at an abstract definition (``w:abstractNum``) whose levels (``w:lvl``) give
the number format (``w:numFmt``), the label template (``w:lvlText``, "%1." with ``%n`` the
counter of level n), the start value and the indent. Counters run per instance; a level's
counter restarts when a shallower level of the same instance advances. A paragraph without its
own ``w:numPr`` takes its style's (through ``basedOn``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from docx.oxml.ns import qn

from extractor.vocabulary import symbol_bullet

_ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
          (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]


@dataclass(frozen=True)
class Level:
    """One level of an abstract numbering definition."""

    fmt: str
    text: str
    start: int
    indent: float | None


def roman(number: int) -> str:
    """Lower-case roman numeral of a positive integer."""
    out = []
    for value, letters in _ROMAN:
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


def format_number(number: int, fmt: str) -> str:
    """A counter in a Word number format (``decimal``, ``upperLetter``, ``lowerRoman`` …)."""
    if fmt in ("upperLetter", "lowerLetter"):
        letter = chr(ord("a") + (number - 1) % 26) * ((number - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("upperRoman", "lowerRoman"):
        return roman(number).upper() if fmt == "upperRoman" else roman(number)
    if fmt == "decimalZero":
        return f"{number:02d}"
    return str(number)


def _val(element: Any, tag: str) -> str | None:
    child = element.find(qn(tag)) if element is not None else None
    return child.get(qn("w:val")) if child is not None else None


class ListNumbering:
    """Renders the list labels of one document's paragraphs, in reading order.

    Args:
        document: A python-docx document.
    """

    def __init__(self, document: Any) -> None:
        self.instances: dict[str, str] = {}
        self.abstract: dict[str, dict[int, Level]] = {}
        self.counters: dict[str, list[int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        for abstract in root.findall(qn("w:abstractNum")):
            levels: dict[int, Level] = {}
            for lvl in abstract.findall(qn("w:lvl")):
                ind = lvl.find(qn("w:pPr"))
                ind = ind.find(qn("w:ind")) if ind is not None else None
                left = ind.get(qn("w:left")) or ind.get(qn("w:start")) if ind is not None else None
                hanging = ind.get(qn("w:hanging")) if ind is not None else None
                indent = int(left) / 20 if left and left.lstrip("-").isdigit() else None
                if indent is not None and hanging and hanging.isdigit():
                    indent -= int(hanging) / 20  # the label sits where the hanging first line starts
                levels[int(lvl.get(qn("w:ilvl"), "0"))] = Level(
                    fmt=_val(lvl, "w:numFmt") or "decimal", text=_val(lvl, "w:lvlText") or "",
                    start=int(_val(lvl, "w:start") or 1), indent=indent)
            self.abstract[abstract.get(qn("w:abstractNumId"))] = levels
        for num in root.findall(qn("w:num")):
            self.instances[num.get(qn("w:numId"))] = _val(num, "w:abstractNumId") or ""

    @staticmethod
    def _reference(paragraph: Any) -> tuple[str, int] | None:
        """The paragraph's (numbering instance, level), its own or its style's."""
        props = paragraph._p.pPr
        numbering = props.find(qn("w:numPr")) if props is not None else None
        from extractor.readers.docx import style_of

        style = style_of(paragraph)
        while numbering is None and style is not None:
            style_props = style.element.find(qn("w:pPr"))
            numbering = style_props.find(qn("w:numPr")) if style_props is not None else None
            style = style.base_style
        if numbering is None:
            return None
        num_id = _val(numbering, "w:numId")
        if num_id is None or num_id == "0":
            return None
        return num_id, int(_val(numbering, "w:ilvl") or 0)

    def indent(self, paragraph: Any) -> float | None:
        """The indent (points) of a numbered paragraph's level, without advancing any counter."""
        reference = self._reference(paragraph)
        if reference is None:
            return None
        level = self.abstract.get(self.instances.get(reference[0], ""), {}).get(reference[1])
        return level.indent if level is not None else None

    def label(self, paragraph: Any) -> tuple[str, float | None] | None:
        """The label Word prints before ``paragraph`` ("A.", "2.", "•") and the level's indent in
        points; None when the paragraph is not numbered. Call once per paragraph, in order."""
        reference = self._reference(paragraph)
        if reference is None:
            return None
        num_id, level = reference
        levels = self.abstract.get(self.instances.get(num_id, ""), {})
        if level not in levels:
            return ("•", None)
        counters = self.counters.setdefault(num_id, [0] * 9)
        definition = levels[level]
        counters[level] = counters[level] + 1 if counters[level] else definition.start
        for deeper in range(level + 1, len(counters)):
            counters[deeper] = 0
        if definition.fmt == "bullet":
            return symbol_bullet(definition.text) or definition.text or "•", definition.indent
        if definition.fmt == "none":
            return "", definition.indent
        text = definition.text
        for number in range(level + 1, 0, -1):
            wanted = levels.get(number - 1)
            value = counters[number - 1] or (wanted.start if wanted else 1)
            text = text.replace(f"%{number}", format_number(value, wanted.fmt if wanted else "decimal"))
        return text, definition.indent


__all__ = ["ListNumbering", "format_number", "roman"]
