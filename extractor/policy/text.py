"""Text folded for comparison, with a map back to the original offsets."""

from __future__ import annotations

import unicodedata

_BULLETS = "•◦▪■●○‣⁃∙·"


def normalise(text: str) -> str:
    """Text folded for comparison: NFKC, lower case, bullets dropped, whitespace collapsed."""
    return NormalText(text).text


class NormalText:
    """A normalised copy of a text that maps each of its characters back to the original.

    Args:
        text: The original text.
    """

    def __init__(self, text: str) -> None:
        chars: list[str] = []
        origin: list[int] = []
        for index, char in enumerate(text):
            folded = unicodedata.normalize("NFKC", char).lower()
            if char in _BULLETS:
                folded = " "
            elif char in "‐‑‒–—−":
                folded = "-"
            elif char in "‘’‛′":
                folded = "'"
            elif char in "“”„″":
                folded = '"'
            for piece in folded:
                if piece.isspace():
                    if not chars or chars[-1] == " ":
                        continue
                    piece = " "
                chars.append(piece)
                origin.append(index)
        while chars and chars[-1] == " ":
            chars.pop()
            origin.pop()
        self.source = text
        self.text = "".join(chars)
        self.origin = origin

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets of the normalised range ``[start, end)``."""
        if not self.origin:
            return 0, 0
        start = min(max(start, 0), len(self.origin) - 1)
        end = min(max(end, start + 1), len(self.origin))
        return self.origin[start], self.origin[end - 1] + 1


__all__ = ["NormalText", "normalise"]
