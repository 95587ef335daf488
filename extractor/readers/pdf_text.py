"""Characters into text lines: pure geometry over pdfplumber ``chars`` dicts.

pdfplumber gives one dict per glyph (``text``, ``x0``, ``x1``, ``top``, ``bottom``, ``size``,
``fontname``, ``matrix``...). This module clusters those glyphs into lines by vertical overlap
and rebuilds what plain text extraction loses: a glyph that is smaller than the line's body
text and raised above its baseline is a superscript (``10⁹``), a smaller lowered one is a
subscript (``H₂O``). Glyphs with no Unicode superscript/subscript form stay plain.

The baseline of a glyph is estimated from its box: pdfminer makes each glyph's box exactly
``size`` tall, from the font's descent to ``descent + size``, shifted by any text rise. The
font's descent ratio is learnt from the glyphs' text matrices (which do not include rise), so
raised glyphs set with a text rise (reportlab ``<super>``, Word/LibreOffice superscript) and
glyphs placed with a new text matrix are both recognised.

Functions here are pure; the readers (``extractor.readers.pdf``, ``extractor.changeform``)
call them on the chars of a page or of a table cell.
"""

from __future__ import annotations

import bisect
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from extractor.settings import Resolvable

Char = Mapping[str, Any]

SUPERSCRIPTS = dict(zip("0123456789+-−=()ni", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ⁿⁱ", strict=True))
SUBSCRIPTS = dict(zip("0123456789+-−=()", "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎", strict=True))
LIGATURES = {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
_SPACES = {" ", "\u00a0", "\u2002", "\u2003", "\u2009", "\u202f"}


@dataclass(frozen=True)
class TextSettings(Resolvable):
    """Tolerances for grouping glyphs into lines and words, and for recognising scripts.

    All ratios are fractions of the line's body font size, so the settings hold for any size.

    Attributes:
        line_overlap: Least vertical overlap, as a fraction of the shorter of glyph and line,
            for a glyph of body size to join a line.
        script_overlap: Least vertical overlap, as a fraction of the glyph's height, for a
            smaller glyph (a possible script) to join a line; the line it overlaps most wins.
        word_gap: Horizontal gap between glyphs, as a fraction of the body size, that makes a
            word break when the PDF has no space glyph there.
        script_size: A glyph at most this fraction of the body size may be a script.
        script_shift: Least baseline shift (fraction of the body size) of a script glyph.
        default_descent: Descent ratio assumed when no glyph carries a text matrix.
        dedupe_tolerance: Glyphs with the same text within this distance (points) are one glyph
            drawn twice (fake bold).
        rebuild_scripts: Turn raised/lowered small glyphs into Unicode super-/subscripts.
    """

    line_overlap: float = 0.5
    script_overlap: float = 0.25
    word_gap: float = 0.2
    script_size: float = 0.9
    script_shift: float = 0.15
    default_descent: float = 0.2
    dedupe_tolerance: float = 1.0
    rebuild_scripts: bool = True

    SETTINGS_NAME: ClassVar[str] = "text settings"


@dataclass
class TextLine:
    """One line of text: its glyphs in reading order and its rebuilt text.

    Attributes:
        chars: The glyphs, left to right.
        text: The line's text with words spaced and scripts rebuilt.
        x0: Left edge.
        x1: Right edge.
        top: Top edge of the body text (pdfplumber's top-origin coordinates; script glyphs
            that stick out above or below are not counted).
        bottom: Bottom edge of the body text.
        baseline: Estimated baseline of the body text.
        size: Body font size (the most common glyph size).
    """

    chars: list[Char] = field(repr=False)
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    baseline: float
    size: float

    @property
    def first_word(self) -> str:
        """The line's first word (empty for a blank line)."""
        parts = self.text.split()
        return parts[0] if parts else ""


def descent_ratios(chars: Iterable[Char]) -> dict[str, float]:
    """Learn each font's descent as a fraction of size, from glyph boxes and text matrices.

    For a glyph drawn without text rise, ``bottom - baseline == descent * size``, and the
    baseline is the text matrix's y translation (``top + y1`` is the page height).

    Returns:
        Font name to descent ratio (median over that font's glyphs).
    """
    samples: dict[str, list[float]] = {}
    for char in chars:
        matrix = char.get("matrix")
        size = float(char.get("size") or 0)
        if not matrix or size <= 0 or "y1" not in char:
            continue
        baseline = float(char["top"]) + float(char["y1"]) - float(matrix[5])
        font = str(char.get("fontname", ""))
        values = samples.get(font)
        if values is None:
            values = samples[font] = []
        values.append((float(char["bottom"]) - baseline) / size)
    return {font: statistics.median(values) for font, values in samples.items()}


def char_baseline(char: Char, ratios: Mapping[str, float], settings: TextSettings) -> float:
    """Estimated baseline of one glyph (top-origin), including any text rise."""
    size = float(char.get("size") or (float(char["bottom"]) - float(char["top"])))
    ratio = ratios.get(str(char.get("fontname", "")), settings.default_descent)
    ratio = min(max(ratio, 0.0), 0.5)
    return float(char["bottom"]) - ratio * size


def _size(char: Char) -> float:
    return float(char.get("size") or (float(char["bottom"]) - float(char["top"])) or 1.0)


def body_size(chars: Sequence[Char], sizes: Sequence[float] | None = None) -> float:
    """The most common glyph size among non-space glyphs (ties: the larger).

    Args:
        chars: The glyphs.
        sizes: Their sizes (``_size`` of each) when already known.
    """
    sizes = [_size(c) for c in chars] if sizes is None else sizes
    exact: dict[float, int] = {}
    for char, size in zip(chars, sizes, strict=True):
        if str(char.get("text", "")).strip():
            exact[size] = exact.get(size, 0) + 1
    if not exact:
        return max(sizes, default=1.0)
    counts: dict[float, int] = {}
    for size, count in exact.items():
        key = round(size, 1)
        counts[key] = counts.get(key, 0) + count
    return max(counts.items(), key=lambda item: (item[1], item[0]))[0]


def dedupe(chars: Sequence[Char], tolerance: float = 1.0) -> list[Char]:
    """Drop glyphs drawn again at (almost) the same place with the same text (fake bold)."""
    kept: list[Char] = []
    seen: dict[tuple[str, int, int], Char] = {}
    scale = max(tolerance, 0.01)
    for char in chars:
        key = (str(char.get("text", "")), round(float(char["x0"]) / scale), round(float(char["top"]) / scale))
        if key in seen:
            continue
        seen[key] = char
        kept.append(char)
    return kept


def _overlap(a_top: float, a_bottom: float, b_top: float, b_bottom: float) -> float:
    return min(a_bottom, b_bottom) - max(a_top, b_top)


class _Group:
    """A line being gathered by :func:`chars_to_lines`: its body extent, glyphs and founding size."""

    __slots__ = ("top", "bottom", "chars", "size")

    def __init__(self, top: float, bottom: float, chars: list[Char], size: float) -> None:
        self.top, self.bottom, self.chars, self.size = top, bottom, chars, size


def chars_to_lines(chars: Iterable[Char], settings: TextSettings | Mapping[str, Any] | None = None
                   ) -> list[TextLine]:
    """Cluster glyphs into text lines, top to bottom, each rebuilt as text.

    Glyphs are taken largest first so body text founds the lines and smaller raised or lowered
    glyphs (scripts) join the line they overlap most.

    Args:
        chars: pdfplumber char dicts (a page's, a region's or a cell's).
        settings: :class:`TextSettings`, a dict of overrides, or None for defaults.

    Returns:
        The lines, ordered by baseline.
    """
    config = TextSettings.resolve(settings)
    glyphs = dedupe([c for c in chars if str(c.get("text", ""))], config.dedupe_tolerance)
    if not glyphs:
        return []
    sizes = [_size(c) for c in glyphs]
    script_size, script_overlap, line_overlap = config.script_size, config.script_overlap, config.line_overlap
    groups: list[_Group] = []
    keys: list[tuple[float, int]] = []  # (first top, index) of each group, sorted: only nearby groups are compared
    reach = 2 * max(sizes)
    tops = [float(c["top"]) for c in glyphs]
    sort_keys = [(-round(size, 1), top, float(c["x0"])) for c, size, top in zip(glyphs, sizes, tops, strict=True)]
    for k in sorted(range(len(glyphs)), key=sort_keys.__getitem__):
        char, size, top = glyphs[k], sizes[k], tops[k]
        bottom = float(char["bottom"])
        height = bottom - top
        best, best_overlap = None, 0.0
        low = bisect.bisect_left(keys, (top - reach, -1))
        high = bisect.bisect_right(keys, (bottom + reach, len(groups)))
        for position in range(low, high):
            group = groups[keys[position][1]]
            group_top, group_bottom = group.top, group.bottom
            if group_bottom <= top or group_top >= bottom:
                continue  # no overlap, so never more than the best so far (0 or more)
            overlap = min(bottom, group_bottom) - max(top, group_top)  # _overlap(), inlined
            if overlap <= best_overlap:
                continue
            if size < group.size * script_size:
                needed = script_overlap * (height or 1.0)
            else:
                needed = line_overlap * (min(height, group_bottom - group_top) or 1.0)
            if overlap >= needed:
                best, best_overlap = group, overlap
        if best is None:
            groups.append(_Group(top, bottom, [char], size))
            bisect.insort(keys, (top, len(groups) - 1))
        else:
            best.chars.append(char)
            if size >= best.size * script_size:
                best.top, best.bottom = min(best.top, top), max(best.bottom, bottom)
    ratios = descent_ratios(glyphs)
    lines = [make_line(group.chars, config, ratios) for group in groups]
    lines.sort(key=lambda line: (line.baseline, line.x0))
    return lines


def make_line(chars: Sequence[Char], settings: TextSettings | Mapping[str, Any] | None = None,
              ratios: Mapping[str, float] | None = None) -> TextLine:
    """Build one :class:`TextLine` from the glyphs of a single line."""
    config = TextSettings.resolve(settings)
    ordered = sorted(chars, key=_x0)
    ratios = descent_ratios(ordered) if ratios is None else ratios
    sizes = [_size(c) for c in ordered]
    size = body_size(ordered, sizes)
    threshold = size * config.script_size
    body = [c for c, s in zip(ordered, sizes, strict=True) if s >= threshold and str(c.get("text", "")).strip()]
    baseline = statistics.median([char_baseline(c, ratios, config) for c in (body or ordered)])
    # The line's vertical extent is its body text's: raised or lowered script glyphs do not
    # make a line taller (so gaps between lines stay comparable). The text is that of
    # :func:`line_text`, from the glyphs already in order.
    extent = body or ordered
    texted = [(c, s) for c, s in zip(ordered, sizes, strict=True) if str(c.get("text", ""))]
    text = _ordered_text([c for c, _ in texted], config, ratios, size, baseline, [s for _, s in texted])
    return TextLine(chars=list(ordered), text=text,
                    x0=min(float(c["x0"]) for c in ordered), x1=max(float(c["x1"]) for c in ordered),
                    top=min(float(c["top"]) for c in extent), bottom=max(float(c["bottom"]) for c in extent),
                    baseline=baseline, size=size)


def script_of(char: Char, size: float, baseline: float, ratios: Mapping[str, float],
              settings: TextSettings) -> str:
    """Return ``"super"``, ``"sub"`` or ``""`` for one glyph relative to its line's body text."""
    if _size(char) > size * settings.script_size:
        return ""
    shift = char_baseline(char, ratios, settings) - baseline
    if shift <= -settings.script_shift * size:
        return "super"
    if shift >= settings.script_shift * size:
        return "sub"
    return ""


def line_text(chars: Sequence[Char], settings: TextSettings | Mapping[str, Any] | None = None, *,
              ratios: Mapping[str, float] | None = None, size: float | None = None,
              baseline: float | None = None) -> str:
    """Text of one line's glyphs: spaces at word gaps, scripts rebuilt, ligatures expanded.

    Args:
        chars: The glyphs of one line (any order; sorted left to right here).
        settings: :class:`TextSettings`, a dict of overrides, or None.
        ratios: Font descent ratios (learnt from ``chars`` when omitted).
        size: Body size (most common glyph size when omitted).
        baseline: Body baseline (median of body glyphs when omitted).

    Returns:
        The text, without leading or trailing spaces.
    """
    config = TextSettings.resolve(settings)
    ordered = sorted((c for c in chars if str(c.get("text", ""))), key=_x0)
    if not ordered:
        return ""
    sizes = [_size(c) for c in ordered]
    size = body_size(ordered, sizes) if size is None else size
    limit = size * config.script_size
    if config.rebuild_scripts and any(not s > limit for s in sizes):
        # Only a glyph no larger than the limit may be a script, and only for those are the
        # fonts' descents and the body baseline needed (most lines have none).
        ratios = descent_ratios(ordered) if ratios is None else ratios
        if baseline is None:
            body = [c for c, s in zip(ordered, sizes, strict=True) if s >= limit] or ordered
            baseline = statistics.median([char_baseline(c, ratios, config) for c in body])
    return _ordered_text(ordered, config, ratios, size, baseline, sizes)


def _x0(char: Char) -> float:
    return float(char["x0"])


def _ordered_text(ordered: Sequence[Char], config: TextSettings, ratios: Mapping[str, float] | None, size: float,
                  baseline: float | None, sizes: Sequence[float]) -> str:
    """:func:`line_text` of glyphs that all have text, sorted left to right, the line's measures known.

    ``sizes`` are the glyphs' sizes (``_size`` of each). ``ratios`` and ``baseline`` are only
    read for a glyph that may be a script (no larger than ``size`` × ``script_size``); they may
    be None when there is none.
    """
    if not ordered:
        return ""
    limit = size * config.script_size
    # script_of() is "" for a glyph larger than the limit; only smaller ones are measured.
    if config.rebuild_scripts:
        kinds = [script_of(c, size, baseline, ratios, config)  # type: ignore[arg-type]
                 if not s > limit and str(c["text"]).strip() else "" for c, s in zip(ordered, sizes, strict=True)]
    else:
        kinds = [""] * len(ordered)
    # A run of raised (or lowered) glyphs is rebuilt only when every glyph of it has a Unicode
    # script form: "10⁹" and "m²" yes, the "st" of "1st" stays plain.
    convert = [False] * len(ordered)
    start = 0
    while start < len(ordered):
        end = start + 1
        while end < len(ordered) and kinds[end] == kinds[start]:
            end += 1
        table = SUPERSCRIPTS if kinds[start] == "super" else SUBSCRIPTS if kinds[start] == "sub" else None
        if table is not None and all(ch in table for c in ordered[start:end] for ch in str(c["text"])):
            convert[start:end] = [True] * (end - start)
        start = end
    parts: list[str] = []
    previous_x1: float | None = None
    gap = config.word_gap * size
    for char, kind, rebuild in zip(ordered, kinds, convert, strict=True):
        text = str(char["text"])
        if text in _SPACES or not text.strip():
            if parts and parts[-1] != " ":
                parts.append(" ")
            previous_x1 = float(char["x1"])
            continue
        if previous_x1 is not None and parts and parts[-1] != " " and float(char["x0"]) - previous_x1 > gap:
            parts.append(" ")
        if rebuild:
            text = "".join((SUPERSCRIPTS if kind == "super" else SUBSCRIPTS)[ch] for ch in text)
        parts.append(LIGATURES.get(text, text) if len(text) == 1 else "".join(LIGATURES.get(ch, ch) for ch in text))
        previous_x1 = float(char["x1"])
    return "".join(parts).strip()


def lines_text(lines: Sequence[TextLine]) -> str:
    """The lines' texts joined with newlines (no paragraph analysis)."""
    return "\n".join(line.text for line in lines)


__all__ = ["TextSettings", "TextLine", "chars_to_lines", "make_line", "line_text", "lines_text",
           "descent_ratios", "char_baseline", "body_size", "dedupe", "script_of", "SUPERSCRIPTS", "SUBSCRIPTS"]
