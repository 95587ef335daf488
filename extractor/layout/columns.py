"""Reading order of a page set in text columns: each column read to its foot before the next.

Method (a whitespace-gutter reading of the page, after Breuel 2003, "High performance document
layout analysis"): lines that share a baseline but are separated by a wide gap show where a gutter
runs; the gutter is the position most such gaps cover. Boxes that cross it (a title, a full-width
table or notice) cut the page into bands; inside a band with enough wide lines on both sides, the
left column's boxes come before the right column's. A band is left as it is when it looks like a
table rather than prose: few lines on a side, narrow cells on their values' baselines (labels and
values), or one side broken by wide blank stretches where the other side runs on (rows of cells of
unequal height). A narrow side whose lines keep their own leading (a box of links beside the
text) is read on its own.

Pure geometry: boxes in, an order out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import median

#: (x0, top, x1, bottom) in points, top-origin coordinates.
Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class ColumnSettings:
    """When a band of a page is read as two text columns.

    Attributes:
        min_lines: Fewest boxes on each side of the gutter.
        min_width: Narrowest median box width on each side, as a share of the page width
            (a column of prose is wide; a table's label cells are not).
        bin_width: Width of the bins in which gutter positions are counted, in points.
        max_gap: Largest blank stretch between consecutive boxes of one side, in median line
            pitches, before the stretch counts as a break (a table row ending).
        max_breaks: Largest share of such breaks on a side.
        max_aligned: A narrow side (a box of links beside the text) is a column of its own only
            when at most this share of its lines sits on a baseline of the other side's (a form's
            labels sit on their values').
    """

    min_lines: int = 6
    min_width: float = 0.28
    bin_width: float = 4.0
    max_gap: float = 3.0
    max_breaks: float = 0.2
    max_aligned: float = 0.5

    @classmethod
    def resolve(cls, value: ColumnSettings | dict | None) -> ColumnSettings:
        """Settings from None (the defaults), a dict of overrides, or an instance."""
        if value is None:
            return cls()
        if isinstance(value, cls):
            return value
        return cls(**value)


def gutter(boxes: Sequence[Box], page_width: float, settings: ColumnSettings | dict | None = None) -> float | None:
    """Given line boxes, return the x of the gutter most same-row gaps cover, or None.

    Two boxes are on one row when their vertical extents overlap by half the smaller height; the
    gap between them votes for every bin it covers. Only the middle half of the page can hold a
    gutter.
    """
    config = ColumnSettings.resolve(settings)
    ordered = sorted(boxes, key=lambda b: b[0])
    votes: Counter[int] = Counter()
    for index, left in enumerate(ordered):
        for right in ordered[index + 1:]:
            overlap = min(left[3], right[3]) - max(left[1], right[1])
            height = min(left[3] - left[1], right[3] - right[1])
            if right[0] > left[2] and height > 0 and overlap >= height / 2:
                low, high = int(left[2] // config.bin_width) + 1, int(right[0] // config.bin_width)
                for cell in range(low, high):
                    if page_width * 0.25 <= cell * config.bin_width <= page_width * 0.75:
                        votes[cell] += 1
                break  # the nearest box to the right on the row
    if not votes:
        return None
    cell, count = max(votes.items(), key=lambda item: (item[1], -abs(item[0] * config.bin_width - page_width / 2)))
    return (cell + 0.5) * config.bin_width if count >= config.min_lines else None


def _prose_side(side: Sequence[Box], page_width: float, config: ColumnSettings) -> bool:
    if len(side) < config.min_lines or median(b[2] - b[0] for b in side) < config.min_width * page_width:
        return False
    tops = sorted(b[1] for b in side)
    pitches = [b - a for a, b in zip(tops, tops[1:], strict=False) if b > a]
    if not pitches:
        return False
    pitch = median(pitches)
    breaks = sum(p > config.max_gap * pitch for p in pitches)
    return breaks <= config.max_breaks * len(pitches)


def _aligned(left: Sequence[Box], right: Sequence[Box]) -> float:
    """The share of the shorter side's boxes that share a row with a box of the other side."""
    short, other = (left, right) if len(left) <= len(right) else (right, left)
    if not short:
        return 1.0

    def paired(box: Box) -> bool:
        return any(min(box[3], o[3]) - max(box[1], o[1]) >= 0.8 * min(box[3] - box[1], o[3] - o[1]) for o in other)
    return sum(paired(b) for b in short) / len(short)


def column_order(boxes: Sequence[Box], page_width: float, settings: ColumnSettings | dict | None = None) -> list[int]:
    """Given boxes in top-to-bottom order, return their indexes in reading order.

    Each band between boxes that cross the gutter is read left column first when both sides are
    prose (see the module docstring); otherwise the given order is kept.
    """
    config = ColumnSettings.resolve(settings)
    order = list(range(len(boxes)))
    x = gutter(boxes, page_width, config)
    if x is None:
        return order
    result: list[int] = []
    band: list[int] = []

    def flush() -> None:
        left = [i for i in band if boxes[i][2] <= x]
        right = [i for i in band if boxes[i][0] >= x]
        sides = [boxes[i] for i in left], [boxes[i] for i in right]
        wide = all(_prose_side(side, page_width, config) for side in sides)
        # a narrow box beside the text ("On this page" links): its lines keep their own leading,
        # while a form's labels sit on their values' baselines
        aside = not wide and all(_prose_side(side, 0.0, config) for side in sides) \
            and _aligned(*sides) <= config.max_aligned
        if wide or aside:
            result.extend(left + right)
        else:
            result.extend(band)
        band.clear()

    for index in order:
        x0, _top, x1, _bottom = boxes[index]
        if x0 < x - 1.0 and x1 > x + 1.0:  # crosses the gutter: a full-width line, table or notice
            flush()
            result.append(index)
        else:
            band.append(index)
    flush()
    return result


__all__ = ["Box", "ColumnSettings", "column_order", "gutter"]
