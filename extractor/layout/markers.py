"""List markers drawn as shapes: Chromium's ``<li>`` discs, circles and squares become ``•`` glyphs.

Shared by every PDF reader (the document reader and the change-form table reader), so a list
reads the same whichever of them meets it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

Char = dict[str, Any]

#: Least and greatest width and height of a marker, as fractions of the size of its text.
MARKER_SIZE: tuple[float, float] = (0.15, 0.7)
#: Widest gap between a marker and the text it starts, as a fraction of the text size.
MARKER_GAP = 2.5


def page_shapes(page: Any, largest: float = 12.0) -> list[dict[str, Any]]:
    """The page's small curves and rectangles (at most ``largest`` points across), as pdfplumber objects.

    Read from the page's pdfminer layout (cached by pdfplumber), so only the few small shapes are
    turned into dicts; a page without a layout (a stand-in) has none.
    """
    from pdfminer.layout import LTContainer, LTCurve, LTLine

    layout = getattr(page, "layout", None)
    if layout is None:
        return []
    shapes, stack = [], list(layout)
    while stack:
        obj = stack.pop()
        if isinstance(obj, LTCurve) and not isinstance(obj, LTLine):
            if obj.width <= largest and obj.height <= largest and (obj.fill or obj.stroke):
                shapes.append(page.process_object(obj))
        elif isinstance(obj, LTContainer):
            stack.extend(obj)
    return shapes


def marker_glyphs(shapes: Sequence[Mapping[str, Any]], chars: Sequence[Char], *,
                  size: tuple[float, float] = MARKER_SIZE, gap: float = MARKER_GAP) -> list[Char]:
    """Bullet glyphs for list markers drawn as shapes (Chromium's ``<li>`` disc, circle, square).

    A shape is a marker when it is about square, between ``size`` (fractions) of the size of the text
    to its right across, centred on that text's line (between its top fifth and its bottom sixth),
    and the text starts within ``gap`` × the text size after it with no glyph just before it (a
    marker starts its line). It becomes a ``•`` glyph on that line, so the cell text reads
    ``• item`` as for a bullet typed as text.
    """
    from bisect import bisect_left, bisect_right

    low, high = size
    glyphs: list[Char] = []
    squares = [shape for shape in shapes if float(shape["bottom"]) > float(shape["top"])
               and 0.6 <= (float(shape["x1"]) - float(shape["x0"])) / (float(shape["bottom"]) - float(shape["top"])) <= 1.6]
    if not squares:
        return glyphs
    # Glyphs by top, so each shape looks only at the glyphs of lines it could sit on.
    visible = sorted((c for c in chars if str(c["text"]).strip()), key=lambda c: float(c["top"]))
    tops = [float(c["top"]) for c in visible]
    tallest = max((float(c["bottom"]) - float(c["top"]) for c in visible), default=0.0)
    for shape in squares:
        x0, x1, top, bottom = (float(shape[k]) for k in ("x0", "x1", "top", "bottom"))
        width, height, middle = x1 - x0, bottom - top, (top + bottom) / 2
        near = visible[bisect_left(tops, middle - tallest):bisect_right(tops, middle)]
        on_line = [c for c in near
                   if float(c["top"]) + 0.2 * float(c["size"]) <= middle <= float(c["bottom"]) - 0.15 * float(c["size"])]
        after = [c for c in on_line if x1 <= float(c["x0"]) <= x1 + gap * float(c["size"])]
        if not after:
            continue
        first = min(after, key=lambda c: float(c["x0"]))
        size = float(first["size"])
        if not (low * size <= width <= high * size and low * size <= height <= high * size):
            continue
        if any(x0 - size <= float(c["x1"]) <= x0 + 0.01 for c in on_line):
            continue
        glyphs.append({"text": "•", "x0": x0, "x1": x1, "top": float(first["top"]), "bottom": float(first["bottom"]),
                       "size": size, "fontname": first.get("fontname"), "matrix": None, "upright": True})
    return glyphs


__all__ = ["MARKER_GAP", "MARKER_SIZE", "marker_glyphs", "page_shapes"]
