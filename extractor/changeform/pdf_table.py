"""Change forms in PDF: find the change table on each page and rebuild its rows.

The method, page by page (pdfplumber geometry, then pure functions):

1. **Rulings.** Horizontal and vertical edges of lines and rectangles (``page.edges``) are
   merged by position. Vertical rulings that several rows share give the column boundaries of
   a ruled table; horizontal rulings (grid lines, booktabs rules, the edges of shaded rows)
   that span most of the table separate rows.
2. **Header row.** Text lines are grouped into bands (lines close together, not separated by a
   ruling); each band is cut into cells, by the vertical rulings when the band has them, else
   by clustering its words' x-extents (columns of an unruled table are only aligned text). The
   band whose cells read most like change-form headers (:func:`~extractor.changeform.fields.map_headers`)
   is the header. Its columns are refined to the gutters of the body text below it and carried
   to later pages that have neither rulings nor a repeated header.
3. **Page furniture.** Lines that recur at the same place on most pages near the top or bottom
   (running header and footer, digits ignored) and page numbers ("Page 3 of 9") are dropped,
   as are header rows repeated on later pages; text above the table on its first page is kept
   as metadata ("Product name: ...").
4. **Rows.** Glyphs in the table region are assigned to columns and clustered into lines
   (:func:`extractor.readers.pdf_text.chars_to_lines`, which also rebuilds super/subscripts).
   In a full grid rows are the bands between row rulings. Otherwise (no rules, booktabs,
   shaded rows) a row starts, inside each band, at a height where two or more columns — one
   of them an identifying column — begin a cell (a line set apart from the line above it)
   and no column has text running across that height. A header row drawn again (on a later
   page or after a split) is dropped.
5. **Rows split by a page break.** The first row of a page continues the previous page's last
   row when its identifying cells (reason, author, date) are empty — what a row cut in the
   middle leaves on the next page — or when the previous part ran down to the bottom of the
   page, the new part leaves empty a cell the previous part filled, and some cell reads cut
   (continues in lower case, or a paragraph stops without closing punctuation at the page
   bottom). The two parts become one row.
6. **Cell text.** Consecutive lines of a cell are one paragraph (joined with a space) unless
   the next line starts with a bullet, is further below than the line spacing, or its first
   word would have fitted at the end of the previous line (the classic hard-break test: the
   writer pressed Enter). Bullets (``●``, ``▪``, Symbol/OpenSymbol private-use glyphs) become
   ``• ``. A line ending in a hyphen or dash is joined without a space and keeps it
   ("B-cell", "anti-TNF", "2416–2427": office suites break after hyphens and do not hyphenate
   by themselves) unless it is a soft hyphen (U+00AD); a web address or a word too long for
   its column, cut at the column edge, is rejoined without a space. Across a page break a full
   last line leaves the choice to :func:`~extractor.changeform.model.join_continuation`.

Only the geometry of the page is used, never the wording of a particular form.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import os
import re
import statistics
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from rapidfuzz import fuzz

from extractor.changeform.fields import (
    FIELDS,
    HeaderSynonyms,
    default_synonyms,
    map_headers,
    normalise_header,
    score_header,
)
from extractor.changeform.model import ChangeForm, build_changeform, label_metadata
from extractor.changeform.roles import looks_like_header, table_rank
from extractor.errors import InputError, NotAChangeForm
from extractor.layout.markers import marker_glyphs, page_shapes
from extractor.readers.pdf import page_objects, undecodable_content
from extractor.readers.pdf_text import TextLine, TextSettings, chars_to_lines, line_text
from extractor.settings import Resolvable

Char = dict[str, Any]

#: Fields every real change row fills in; a first row on a page with all of them empty continues a row.
IDENTITY_FIELDS = ("reason", "changed_by", "date")
BULLET = "• "
_BULLET_GLYPHS = set("•●▪■◦○◆◼▸►‣⁃∙·")
_PAGE_NUMBER = re.compile(r"^\s*(page\s*)?\d+\s*((of|/)\s*\d+)?\s*$", re.IGNORECASE)
_URL_START = re.compile(r"^(https?|ftp)(:|$)|^www\.|://", re.IGNORECASE)
_URL_PUNCT = re.compile(r"[/.:\-_?=#&%~]")
_CLOSED = re.compile(r"[.!?:;)\]\"'”’]\s*$")
_CHAR_KEYS = ("text", "x0", "x1", "top", "bottom", "size", "fontname", "matrix", "y1", "upright")


@dataclass(frozen=True)
class TableSettings(Resolvable):
    """Tolerances of the change-table reader; ratios are fractions of the body font size.

    Attributes:
        text: Settings of line clustering and script rebuilding (:class:`TextSettings`).
        min_header_fields: Fewest header cells that must map to a canonical field.
        band_gap: Vertical gap (fraction of size) that ends a band of lines when looking for
            the header row.
        header_max_lines: Most lines a header band may have.
        min_ruling: Shortest edge (points) taken as a ruling.
        max_rule_width: Widest filled, unstroked shape (points across) whose sides are vertical
            rulings; the sides of a wider fill are cell shading, not column rules.
        ruling_tolerance: Edges this close (points) are one ruling.
        row_ruling_span: Least fraction of the table width a horizontal ruling must cover to
            separate rows.
        column_ruling_share: Least share of the best-covered vertical ruling's length for a
            vertical ruling to be a column boundary.
        column_gap: Least horizontal gap (fraction of size) between two header cells of an
            unruled table.
        row_gap: Extra gap (fraction of size) above the usual line gap that sets a cell's first
            line apart from the line above it (tables without row rulings).
        paragraph_gap: Extra baseline distance (fraction of size) above the usual line pitch
            that makes a paragraph break.
        fit_tolerance: Points of slack in the hard-break test.
        fit_margin: Room (fraction of size) a word must have to spare at the end of the line above
            for the break before it to count as a hard break. Typesetters measure text with their
            own advances (hinted, rounded to device units), a few hundredths of an em off the PDF's
            glyph widths, so a word that would fit by less was wrapped (Chromium does so).
        marker_size: Least and greatest width and height (fractions of the text's size) of a small
            shape drawn as a list marker (:func:`marker_glyphs`).
        marker_gap: Widest gap (fraction of size) between such a marker and the text it starts.
        furniture_zone: Fraction of the page height at top and bottom where running headers,
            footers and page numbers are looked for.
        furniture_share: Least share of pages a line must recur on to be furniture.
        min_structural_columns: Fewest cells of a header row found by shape alone (no known wording).
        structural_candidates: Most header rows found by shape alone that are read and judged.
        straddle_margin: How far (fraction of size) a word must run past a column boundary on
            each side for its line to count as text across the columns (which ends the table).
    """

    text: TextSettings = field(default_factory=TextSettings)
    min_header_fields: int = 2
    band_gap: float = 0.6
    header_max_lines: int = 6
    min_ruling: float = 4.0
    max_rule_width: float = 4.0
    ruling_tolerance: float = 2.0
    row_ruling_span: float = 0.5
    column_ruling_share: float = 0.3
    column_gap: float = 0.5
    row_gap: float = 0.1
    paragraph_gap: float = 0.1
    fit_tolerance: float = 0.0
    fit_margin: float = 0.05
    marker_size: tuple[float, float] = (0.15, 0.7)
    marker_gap: float = 2.5
    furniture_zone: float = 0.15
    furniture_share: float = 0.5
    min_structural_columns: int = 3
    structural_candidates: int = 4
    straddle_margin: float = 0.5

    SETTINGS_NAME: ClassVar[str] = "change-table settings"

    @classmethod
    def coerce(cls, values: dict[str, Any]) -> dict[str, Any]:
        """Resolve a nested ``text`` override into :class:`TextSettings`."""
        if "text" in values:
            values["text"] = TextSettings.resolve(values["text"])
        return values


# --------------------------------------------------------------------------- page geometry


@dataclass
class PageData:
    """What the reader keeps of one page after closing it."""

    number: int
    width: float
    height: float
    chars: list[Char]
    hrules: list[tuple[float, float, float]]  # (y, x0, x1)
    vrules: list[tuple[float, float, float]]  # (x, top, bottom)
    images: int = 0
    broken_stream: bool = False  # no glyphs although the content stream declares data


def _merge_segments(segments: list[tuple[float, float, float]], tolerance: float) -> list[tuple[float, float, float]]:
    """Merge collinear segments (pos, start, end) that touch or overlap; a merged ruling lies midway.

    A rule drawn as a thin filled rectangle gives two edges a line width apart (and, drawn cell
    by cell, many pieces of each): the ruling is its centre line, midway between the outermost
    edges merged, as for a stroked line of that width. (A running mean of the pieces would drift
    to whichever side comes last and misplace the cell's edge by up to the rule's width.)
    """
    merged: list[tuple[float, float, float, float]] = []  # (lowest pos, highest pos, start, end)
    for pos, start, end in sorted(segments):
        for i, (low, high, mstart, mend) in enumerate(merged):
            if abs((low + high) / 2 - pos) <= tolerance and start <= mend + tolerance and end >= mstart - tolerance:
                merged[i] = (min(low, pos), max(high, pos), min(mstart, start), max(mend, end))
                break
        else:
            merged.append((pos, pos, start, end))
    return [((low + high) / 2, start, end) for low, high, start, end in merged]


def _shading_side(edge: Mapping[str, Any], widest_rule: float) -> bool:
    """Whether an edge is the side of a filled area wider than a rule (from the shape's points)."""
    if not edge.get("fill") or edge.get("stroke") or edge.get("object_type") not in ("rect_edge", "curve_edge"):
        return False
    xs = [float(point[0]) for point in edge.get("pts") or ()]
    return bool(xs) and max(xs) - min(xs) > widest_rule


def page_rulings(edges: Sequence[Mapping[str, Any]], settings: TableSettings
                 ) -> tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]]:
    """Horizontal ``(y, x0, x1)`` and vertical ``(x, top, bottom)`` rulings from pdfplumber edges.

    The top and bottom of a shaded area separate rows, but its sides are no column rules: a
    vertical edge of a filled, unstroked shape wider than ``max_rule_width`` is left out (cells
    shaded one by one, as Chromium paints them, would otherwise rule every column wherever a
    shaded row meets a shaded header).
    """
    horizontal, vertical = [], []
    for edge in edges:
        x0, x1, top, bottom = float(edge["x0"]), float(edge["x1"]), float(edge["top"]), float(edge["bottom"])
        if edge.get("orientation") == "h" and x1 - x0 >= settings.min_ruling:
            horizontal.append((top, x0, x1))
        elif edge.get("orientation") == "v" and bottom - top >= settings.min_ruling \
                and not _shading_side(edge, settings.max_rule_width):
            vertical.append((x0, top, bottom))
    return (_merge_segments(horizontal, settings.ruling_tolerance),
            _merge_segments(vertical, settings.ruling_tolerance))


def load_pages(pdf: Any, settings: TableSettings) -> list[PageData]:
    """Copy each page's glyphs and rulings, closing the page after it (memory stays flat)."""
    pages = []
    for page in pdf.pages:
        try:
            objects = page_objects(page, _CHAR_KEYS)
            chars = [char for char in objects.chars if str(char.get("text", "")).strip() or char.get("text") == " "]
            hrules, vrules = page_rulings(objects.edges, settings)
            chars += marker_glyphs(page_shapes(page), chars, size=settings.marker_size, gap=settings.marker_gap)
            pages.append(PageData(page.page_number, float(page.width), float(page.height), chars, hrules, vrules,
                                  images=objects.images, broken_stream=not chars and undecodable_content(page)))
        finally:
            page.close()
    return pages


# --------------------------------------------------------------------------- words and columns


@dataclass
class Word:
    """A run of glyphs without a space or gap."""

    text: str
    x0: float
    x1: float
    chars: list[Char]


def line_words(line: TextLine, settings: TableSettings) -> list[Word]:
    """Split a text line into words at space glyphs and gaps wider than the word gap."""
    words: list[Word] = []
    current: list[Char] = []
    previous_x1 = None
    for char in line.chars:
        text = str(char["text"])
        gap = previous_x1 is not None and float(char["x0"]) - previous_x1 > settings.text.word_gap * line.size
        if not text.strip() or gap:
            if current:
                words.append(Word("".join(str(c["text"]) for c in current), float(current[0]["x0"]),
                                  max(float(c["x1"]) for c in current), current))
            current = []
        if text.strip():
            current.append(char)
        previous_x1 = float(char["x1"])
    if current:
        words.append(Word("".join(str(c["text"]) for c in current), float(current[0]["x0"]),
                          max(float(c["x1"]) for c in current), current))
    return words


def cluster_columns(lines: Sequence[TextLine], settings: TableSettings,
                    memo: dict[Any, Any] | None = None) -> list[tuple[float, float]]:
    """x-extents of an unruled header's cells: word extents merged across its lines.

    Args:
        lines: The header's lines.
        settings: Reader settings.
        memo: Word extents per line already computed (see :func:`find_header`), filled in.
    """
    intervals = []
    for line in lines:
        intervals.extend(_word_extents(line, settings, memo))
    intervals.sort()
    merged: list[list[float]] = []
    for x0, x1, size in intervals:
        if merged and x0 - merged[-1][1] < settings.column_gap * size:
            merged[-1][1] = max(merged[-1][1], x1)
        else:
            merged.append([x0, x1])
    return [(a, b) for a, b in merged]


def _word_extents(line: TextLine, settings: TableSettings,
                  memo: dict[Any, Any] | None = None) -> list[tuple[float, float, float]]:
    """``(x0, x1, size)`` of each word of a line (looked up in, or added to, ``memo``)."""
    key = ("words", id(line))
    extents = memo.get(key) if memo is not None else None
    if extents is None:
        extents = [(word.x0, word.x1, line.size) for word in line_words(line, settings)]
        if memo is not None:
            memo[key] = extents
    return extents


def ruled_columns(vrules: Sequence[tuple[float, float, float]], top: float, bottom: float,
                  settings: TableSettings) -> list[float]:
    """x positions of vertical rulings that cross the band ``top``–``bottom`` (sorted)."""
    xs = sorted({round(x, 1) for x, t, b in vrules if t <= top + settings.ruling_tolerance
                 and b >= bottom - settings.ruling_tolerance})
    out: list[float] = []
    for x in xs:
        if not out or x - out[-1] > settings.ruling_tolerance:
            out.append(x)
    return out


def column_of(x: float, boundaries: Sequence[float]) -> int:
    """Index of the column whose span holds ``x`` (boundaries are the inner separators)."""
    index = 0
    for boundary in boundaries:
        if x >= boundary:
            index += 1
    return index


def _centre(char: Mapping[str, Any]) -> float:
    return (float(char["x0"]) + float(char["x1"])) / 2


# --------------------------------------------------------------------------- header


@dataclass
class Header:
    """The header row found on a page."""

    cells: list[str]
    fields: list[str | None]
    top: float
    bottom: float
    boundaries: list[float]  # inner column separators
    left: float
    right: float
    ruled: bool
    score: float = 0.0


def _band_lines(lines: Sequence[TextLine], hrules: Sequence[tuple[float, float, float]],
                settings: TableSettings) -> list[list[TextLine]]:
    """Group lines into bands: close together and not separated by a horizontal ruling."""
    bands: list[list[TextLine]] = []
    for line in sorted(lines, key=lambda ln: ln.top):
        if bands:
            band = bands[-1]
            bottom = max(ln.bottom for ln in band)
            gap = line.top - bottom
            ruled = any(bottom - 1 <= y <= line.top + 1 and x0 <= line.x1 and x1 >= line.x0 for y, x0, x1 in hrules)
            if gap < settings.band_gap * max(line.size, band[-1].size) and not ruled:
                band.append(line)
                continue
        bands.append([line])
    return bands


def _cells_text(lines: Sequence[TextLine], boundaries: Sequence[float], width: int, settings: TableSettings,
                memo: dict[Any, Any] | None = None) -> list[str]:
    """Texts of a header band's cells: each line's glyphs cut at the column boundaries.

    Args:
        lines: The band's lines.
        boundaries: Inner column separators.
        width: Number of columns.
        settings: Reader settings.
        memo: Cut lines already computed (see :func:`find_header`), filled in.
    """
    parts: list[list[str]] = [[] for _ in range(width)]
    cut = tuple(boundaries)
    for line in lines:
        key = (id(line), cut, width)
        texts = memo.get(key) if memo is not None else None
        if texts is None:
            texts = _line_cells(line, boundaries, width, settings, memo)
            if memo is not None:
                memo[key] = texts
        for index, text in enumerate(texts):
            if text:
                parts[index].append(text)
    return [" ".join(texts) for texts in parts]


def _line_cells(line: TextLine, boundaries: Sequence[float], width: int, settings: TableSettings,
                memo: dict[Any, Any] | None = None) -> list[str]:
    """Text of one line's glyphs in each column (empty where it has none).

    Other boundaries often cut a line into the same pieces, so with a ``memo`` the text of each
    piece (the positions of its glyphs in the line) is looked up before it is rebuilt.
    """
    picked: list[list[int]] = [[] for _ in range(width)]
    cuts = sorted(boundaries)
    for position, char in enumerate(line.chars):
        centre = (float(char["x0"]) + float(char["x1"])) / 2  # _centre()
        # column_of(): how many boundaries lie at or left of the centre
        index = bisect.bisect_right(cuts, centre) if centre == centre else 0
        if 0 <= index < width:
            picked[index].append(position)
    texts = []
    for positions in picked:
        if not positions:
            texts.append("")
            continue
        key = ("piece", id(line), tuple(positions))
        text = memo.get(key) if memo is not None else None
        if text is None:
            text = line_text([line.chars[position] for position in positions], settings.text)
            if memo is not None:
                memo[key] = text
        texts.append(text)
    return texts


def _dominant_font(lines: Sequence[TextLine]) -> str:
    counts = Counter(str(c.get("fontname", "")) for ln in lines for c in ln.chars if str(c["text"]).strip())
    return counts.most_common(1)[0][0] if counts else ""


def _table_sides(page: PageData, xs: Sequence[float], top: float, bottom: float, text_left: float,
                 text_right: float, size: float) -> tuple[float, float]:
    """Left and right edges of a ruled table whose header spans ``top``–``bottom``.

    Its outermost column rules, unless the header's text runs past one: a table ruled only
    between its columns (no outer frame) has its first and last columns outside its rules, and
    that side's edge is where the horizontal rules at the header row end (else the text's edge).
    """
    left, right = xs[0], xs[-1]
    if text_left >= left and text_right <= right:
        return left, right
    across = [(x0, x1) for y, x0, x1 in page.hrules if top - 1.5 * size <= y <= bottom + 1.5 * size
              and x0 <= text_left + size and x1 >= text_right - size]
    if text_left < left:
        left = min([text_left] + [x0 for x0, _ in across])
    if text_right > right:
        right = max([text_right] + [x1 for _, x1 in across])
    return left, right


def _header_from(page: PageData, sub: Sequence[TextLine], settings: TableSettings,
                 synonyms: HeaderSynonyms | None, memo: dict[Any, Any] | None = None) -> Header | None:
    """Read some lines as a header row; None when too few cells map to change-form fields.

    Args:
        page: The page.
        sub: Consecutive lines of one band.
        settings: Reader settings.
        synonyms: Header wordings per field; None to judge the lines by shape alone
            (:func:`header_shaped`), whatever their words.
        memo: What earlier calls on the same page's lines computed (see :func:`find_header`).
    """
    key = ("header", id(sub[0]), id(sub[-1]), len(sub), synonyms is None)
    if memo is not None and key in memo:
        return memo[key]
    header = _read_header(page, sub, settings, synonyms, memo)
    if memo is not None:
        memo[key] = header
    return header


def _read_header(page: PageData, sub: Sequence[TextLine], settings: TableSettings,
                 synonyms: HeaderSynonyms | None, memo: dict[Any, Any] | None = None) -> Header | None:
    """:func:`_header_from` without its memo of whole runs."""
    top, bottom = min(ln.top for ln in sub), max(ln.bottom for ln in sub)
    # Column rulings must run on below the header into the body: the sides of a shaded
    # header cell alone do not make a ruled table.
    size = max(ln.size for ln in sub)
    xs = ruled_columns(page.vrules, top, bottom + 1.5 * size, settings)
    text_left, text_right = min(ln.x0 for ln in sub), max(ln.x1 for ln in sub)
    inner = [x for x in xs if text_left < x < text_right]
    groups: list[tuple[float, float, float, float]] = []
    if len(inner) >= settings.min_header_fields - 1 and len(xs) >= 3:
        boundaries, ruled = inner, True
        left, right = _table_sides(page, xs, top, bottom, text_left, text_right, size)
        groups = header_groups(page, xs, top, bottom, size, settings)
        boundaries = sorted(set(boundaries) | {x for _, _, _, x in groups})
    else:
        spans = cluster_columns(sub, settings, memo)
        if len(spans) < settings.min_header_fields:
            return None
        boundaries = [b[0] - 1.0 for b in spans[1:]]
        left, right, ruled = spans[0][0], spans[-1][1], False
    cells = _cells_text(sub, boundaries, len(boundaries) + 1, settings, memo)
    for y, group_left, group_right in {(y, a, b) for y, a, b, _ in groups}:
        # Within a group label's span the sub-headings below its rule name the columns.
        lower = _cells_text([ln for ln in sub if ln.top >= y - 1], boundaries, len(boundaries) + 1, settings, None)
        edges = [left, *boundaries, right]
        for index in range(len(cells)):
            if group_left - 1 <= edges[index] and edges[index + 1] <= group_right + 1 and lower[index]:
                cells[index] = lower[index]
    if synonyms is None:
        if not header_shaped(cells, settings):
            return None
        return Header(cells, [None] * len(cells), top, bottom, boundaries, left, right, ruled, 0.0)
    mapped, fuzzy = _map_cells(tuple(cells), synonyms)
    count = sum(f is not None for f in mapped)
    if count < max(settings.min_header_fields, (len(cells) + 1) // 2):
        return None
    return Header(cells, list(mapped), top, bottom, boundaries, left, right, ruled, count * 1000 + fuzzy)


def header_groups(page: PageData, xs: Sequence[float], top: float, bottom: float, size: float,
                  settings: TableSettings) -> list[tuple[float, float, float, float]]:
    """Group labels of a two-row header: a cell whose rule below spans some columns, split under it.

    A vertical rule that starts inside the header band (below its top) and runs on into the body
    splits a column of the full-height rules into sub-columns; the horizontal rule at its top,
    spanning that column, separates the group label ("Text") above from the sub-headings
    ("Before" | "After") below.

    Returns:
        (rule y, group's left edge, group's right edge, sub-column rule x) for each split.
    """
    found = []
    for x, t, b in page.vrules:
        if not (top + settings.ruling_tolerance < t < bottom and b >= bottom + 1.5 * size - settings.ruling_tolerance):
            continue
        if any(abs(x - full) <= settings.ruling_tolerance for full in xs):
            continue
        left = max((full for full in xs if full < x), default=None)
        right = min((full for full in xs if full > x), default=None)
        if left is None or right is None:
            continue
        if any(abs(y - t) <= settings.ruling_tolerance + 1 and x0 <= left + 2 and x1 >= right - 2
               for y, x0, x1 in page.hrules):
            found.append((t, left, right, x))
    return found


def header_shaped(cells: Sequence[str], settings: TableSettings) -> bool:
    """Whether cells look like a table's header row, whatever their words: at least
    ``min_structural_columns`` cells, every one filled, shaped as labels (:func:`looks_like_header`)."""
    return len(cells) >= settings.min_structural_columns and looks_like_header(cells, all_filled=True)


@functools.lru_cache(maxsize=64)
def own_wording(cells: tuple[str, ...]) -> HeaderSynonyms:
    """Header "synonyms" that are a header's own cells, one per field slot: to find it drawn again.

    A header repeated on a later page is the same wording, whatever the words; matching a
    page's bands against the first header's cells finds it as the synonym search finds a
    known header. Columns past the number of field slots are left out (a repeat still maps
    most of its cells). Cached, so that the forms of one template share one object (and the
    header-mapping cache keyed on it stays small).
    """
    return HeaderSynonyms(fields={name: (cell,) for name, cell in zip(FIELDS, cells, strict=False) if cell.strip()},
                          min_score=80.0)


def _closed_by_rule(band: Sequence[TextLine], hrules: Sequence[tuple[float, float, float]]) -> bool:
    """Whether a horizontal rule runs under a band of lines, across it (a ruled table row)."""
    bottom = max(ln.bottom for ln in band)
    size = max(ln.size for ln in band)
    left, right = min(ln.x0 for ln in band), max(ln.x1 for ln in band)
    return any(bottom - 1 <= y <= bottom + 1.5 * size and x0 <= left + size and x1 >= right - size
               for y, x0, x1 in hrules)


def structural_headers(page: PageData, settings: TableSettings, lines: Sequence[TextLine]) -> list[Header]:
    """Header rows found by shape alone on a page, top first (see :func:`header_shaped`).

    Each band's header is its first line and the lines after it set in the same font (a header
    set apart in bold); a band of more than three lines all in one font gives its first line,
    unless a rule closes it (a ruled header row whose cells wrap).
    """
    memo: dict[Any, Any] = {}
    found = []
    for band in _band_lines(lines, page.hrules, settings):
        font = _dominant_font(band[:1])
        same = 1
        while same < len(band) and same < settings.header_max_lines and _dominant_font([band[same]]) == font:
            same += 1
        if same == len(band) and len(band) > 3 and not _closed_by_rule(band, page.hrules):
            same = 1
        header = _header_from(page, band[:same], settings, None, memo)
        if header is not None:
            found.append(header)
    return found


_MAPPED: dict[tuple[int, tuple[str, ...]], tuple[HeaderSynonyms, tuple[str | None, ...], float]] = {}


def _map_cells(cells: tuple[str, ...], synonyms: HeaderSynonyms) -> tuple[tuple[str | None, ...], float]:
    """Fields of some header cells and their summed match scores (cached: headers repeat per page)."""
    key = (id(synonyms), cells)
    cached = _MAPPED.get(key)
    if cached is None or cached[0] is not synonyms:
        if len(_MAPPED) > 20000:
            _MAPPED.clear()
        mapped = map_headers(cells, synonyms)
        fuzzy = sum(score_header(c, synonyms.fields.get(f, ())) for c, f in zip(cells, mapped, strict=True) if f)
        cached = _MAPPED[key] = (synonyms, tuple(mapped), fuzzy)
    return cached[1], cached[2]


def find_header(page: PageData, settings: TableSettings, synonyms: HeaderSynonyms,
                lines: Sequence[TextLine] | None = None) -> Header | None:
    """Find the change table's header row on a page, or None.

    Each band of lines is searched for the shortest run of lines that maps the most header
    fields best (a heading may sit right above the header row and the first body row right
    below it, with no gap); the run then grows over neighbouring lines set in the same font
    (header wording that wraps) as long as no field is lost. The runs overlap, so what is
    computed for a line or a run (cut into cells, split into words) is kept for this call.
    """
    lines = list(lines if lines is not None else chars_to_lines(page.chars, settings.text))
    memo: dict[Any, Any] = {}
    found: list[Header] = []
    limit = settings.header_max_lines
    for band in _band_lines(lines, page.hrules, settings):
        best: tuple[tuple[int, float, int], int, int, Header] | None = None
        # The header row starts within the first lines of its band (after a heading at most).
        for i in range(min(len(band), limit)):
            for j in range(i + 1, min(len(band), i + limit) + 1):
                header = _header_from(page, band[i:j], settings, synonyms, memo)
                if header is None:
                    continue
                key = (int(header.score // 1000), round(header.score % 1000, 3), -(j - i))
                if best is None or key > best[0]:
                    best = (key, i, j, header)
        if best is None:
            continue
        _, i, j, header = best
        font = _dominant_font(band[i:j])
        while j < len(band) and j - i < limit and _dominant_font([band[j]]) == font:
            grown = _header_from(page, band[i:j + 1], settings, synonyms, memo)
            if grown is None or grown.score // 1000 < header.score // 1000:
                break
            j, header = j + 1, grown
        while i > 0 and j - i < limit and _dominant_font([band[i - 1]]) == font:
            grown = _header_from(page, band[i - 1:j], settings, synonyms, memo)
            if grown is None or grown.score // 1000 < header.score // 1000:
                break
            i, header = i - 1, grown
        if j < len(band) and len(band) - i <= limit and _closed_by_rule(band, page.hrules) \
                and all(_dominant_font([line]) == font for line in band[j:]):
            # A ruled header row whose cells wrap: the rule below closes it, whatever each line maps.
            whole = _header_from(page, band[i:], settings, synonyms, memo)
            if whole is not None:
                header = whole
        found.append(header)
    # The band mapping the most header fields wins (a small label/value table of the form's
    # details above may also read like headers); of equals, the first on the page.
    return max(found, key=lambda h: (h.score // 1000, -h.top), default=None)


def refine_boundaries(header: Header, body: Sequence[Char]) -> list[float]:
    """Move an unruled header's column separators into the body text's gutters.

    Header cells may be centred or wrapped differently from the body; the separator between
    two columns is put in the widest vertical strip free of body glyphs between the two header
    cells' left edges.
    """
    if header.ruled or not body:
        return list(header.boundaries)
    occupied = sorted((float(c["x0"]), float(c["x1"])) for c in body if str(c["text"]).strip())
    merged: list[list[float]] = []
    for x0, x1 in occupied:
        if merged and x0 <= merged[-1][1] + 0.5:
            merged[-1][1] = max(merged[-1][1], x1)
        else:
            merged.append([x0, x1])
    gaps = [(a[1], b[0]) for a, b in zip(merged, merged[1:], strict=False)]
    refined = []
    previous = header.left
    for boundary in header.boundaries:
        candidates = [g for g in gaps if previous < g[1] and g[0] < boundary + (boundary - previous)
                      and g[0] <= boundary + 20 and g[1] >= boundary - 40]
        if candidates:
            gap = min(candidates, key=lambda g: (0 if g[0] <= boundary <= g[1] else 1, -(g[1] - g[0])))
            refined.append((gap[0] + gap[1]) / 2)
        else:
            refined.append(boundary)
        previous = refined[-1]
    return refined


# --------------------------------------------------------------------------- furniture


def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def find_furniture(pages: Sequence[PageData], page_lines: Sequence[Sequence[TextLine]],
                   settings: TableSettings) -> list[set[int]]:
    """Indexes (per page) of lines that are running headers, footers or page numbers."""
    seen: Counter[tuple[str, int]] = Counter()
    keyed: list[list[tuple[int, tuple[str, int] | None]]] = []
    for page, lines in zip(pages, page_lines, strict=True):
        entries = []
        for index, line in enumerate(lines):
            zone = settings.furniture_zone * page.height
            if line.bottom <= zone or line.top >= page.height - zone:
                key = (_furniture_key(line.text), round(line.top / 4))
                entries.append((index, key))
            else:
                entries.append((index, None))
        for key in {k for _, k in entries if k}:
            seen[key] += 1
        keyed.append(entries)
    needed = max(2, int(settings.furniture_share * len(pages) + 0.999))
    out = []
    for lines, entries in zip(page_lines, keyed, strict=True):
        found = set()
        for index, key in entries:
            if key is None:
                continue
            if _PAGE_NUMBER.match(lines[index].text) or (len(pages) > 1 and seen[key] >= needed):
                found.add(index)
        out.append(found)
    return out


# --------------------------------------------------------------------------- rows on a page


@dataclass
class RawRow:
    """One table row as found on one page: the lines of each cell."""

    page: int
    cells: list[list[TextLine]]
    limits: list[float]
    top: float
    bottom: float
    left: float = 0.0


def _column_lines(chars: Sequence[Char], boundaries: Sequence[float], width: int,
                  settings: TableSettings) -> list[list[TextLine]]:
    buckets: list[list[Char]] = [[] for _ in range(width)]
    for char in chars:
        index = column_of(_centre(char), boundaries)
        if 0 <= index < width:
            buckets[index].append(char)
    return [chars_to_lines(bucket, settings.text) for bucket in buckets]


def _row_separators(page: PageData, left: float, right: float, top: float, bottom: float,
                    settings: TableSettings) -> list[float]:
    width = max(right - left, 1.0)
    ys = sorted(y for y, x0, x1 in page.hrules
                if top - 1 <= y <= bottom + 1 and min(x1, right) - max(x0, left) >= settings.row_ruling_span * width)
    out: list[float] = []
    for y in ys:
        if not out or y - out[-1] > settings.ruling_tolerance:
            out.append(y)
    return out


def _alignment_row_starts(columns: Sequence[Sequence[TextLine]], settings: TableSettings, usual_gap: float,
                          identity: Sequence[int] = ()) -> list[float]:
    """Tops where a new row begins in a table without row rulings.

    A cell's first line follows the line above it in its column by more than the usual line
    gap (a *block start*). A row begins at a height where two or more columns have a block
    start (one of them an identifying column — reason, author, date — when the form has them)
    and no column has a line running across that height or ending just above it.
    """
    all_lines = [line for lines in columns for line in lines]
    if not all_lines:
        return []
    size = statistics.median(line.size for line in all_lines)
    clear = usual_gap + settings.row_gap * size
    tolerance = 0.15 * size
    starts_by_column: list[list[float]] = []
    for lines in columns:
        ordered = sorted(lines, key=lambda ln: ln.top)
        starts = [ln.top for i, ln in enumerate(ordered) if i == 0 or ln.top - ordered[i - 1].bottom > clear]
        starts_by_column.append(starts)
    first = min(line.top for line in all_lines)
    candidates = sorted({round(t, 1) for starts in starts_by_column for t in starts})
    out = [first]
    for top in candidates:
        if top <= first + tolerance:
            continue
        beginning = {c for c, starts in enumerate(starts_by_column) if any(abs(t - top) <= tolerance for t in starts)}
        if len(beginning) < 2 or (identity and not beginning & set(identity)):
            continue
        blocked = any(line.top < top - tolerance and line.bottom > top - clear for line in all_lines)
        if not blocked:
            out.append(top)
    return out


def page_rows(page: PageData, chars: Sequence[Char], boundaries: Sequence[float], left: float, right: float,
              top: float, bottom: float, ruled_columns_: bool, settings: TableSettings,
              usual_gap: float, identity: Sequence[int] = ()) -> list[RawRow]:
    """Split the table region of one page into rows of cell lines."""
    width = len(boundaries) + 1
    columns = _column_lines(chars, boundaries, width, settings)
    if not any(columns):
        return []
    limits = [b for b in boundaries] + [right]
    separators = _row_separators(page, left, right, top, bottom, settings)
    body_tops = sorted(line.top for lines in columns for line in lines)
    inner = [y for y in separators if body_tops[0] + 1 < y < max(ln.bottom for c in columns for ln in c) - 1]
    # A full grid: column rulings, and row rulings between the rows or just below the last one
    # (a page holding a single row has no ruling between rows).
    text_bottom = max(ln.bottom for c in columns for ln in c)
    size = statistics.median(ln.size for c in columns for ln in c)
    closing = any(text_bottom < y <= text_bottom + 2 * size and min(x1, right) - max(x0, left)
                  >= settings.row_ruling_span * (right - left) for y, x0, x1 in page.hrules)
    grid = ruled_columns_ and bool(inner or closing)
    edges = [float("-inf"), *inner, float("inf")]
    bands = []
    for upper, lower in zip(edges, edges[1:], strict=False):
        cells = [[ln for ln in lines if upper <= (ln.top + ln.bottom) / 2 < lower] for lines in columns]
        if not any(cells):
            continue
        if grid:
            bands.append(cells)
            continue
        # Without a full grid, rows inside a band (booktabs, shading, no rules) are found by alignment.
        cuts = [t - 0.5 for t in _alignment_row_starts(cells, settings, usual_gap, identity)[1:]]
        sub_edges = [float("-inf"), *cuts, float("inf")]
        for a, b in zip(sub_edges, sub_edges[1:], strict=False):
            part = [[ln for ln in lines if a <= ln.top < b] for lines in cells]
            if any(part):
                bands.append(part)
    rows = []
    for cells in bands:
        # A ruled column's text may reach its right ruling less the padding; an unruled column's
        # reach is learnt over the whole table (see :func:`assemble`).
        rows.append(RawRow(page.number, cells, list(limits) if ruled_columns_ else [],
                           min(ln.top for c in cells for ln in c), max(ln.bottom for c in cells for ln in c), left))
    return rows


# --------------------------------------------------------------------------- cell text


def _is_bullet_glyph(ch: str) -> bool:
    return ch in _BULLET_GLYPHS or "\ue000" <= ch <= "\uf8ff"


_CID = re.compile(r"^\(cid:\d+\)\s*")


def normalise_bullet(text: str) -> tuple[str, bool]:
    """Return the line's text with a leading bullet glyph written as ``• ``, and whether it had one.

    A glyph the PDF gives no Unicode for (pdfminer's ``(cid:N)``) at the start of a line is a
    symbol-font bullet.
    """
    stripped = text.lstrip()
    cid = _CID.match(stripped)
    if cid:
        return BULLET + stripped[cid.end():], True
    if stripped and _is_bullet_glyph(stripped[0]) and (len(stripped) == 1 or not stripped[1].isalnum()
                                                       or stripped[0] in "•●▪■◦"):
        return BULLET + stripped[1:].lstrip(), True
    return text, False


def space_widths(lines: Sequence[TextLine], settings: TableSettings) -> dict[tuple[str, float], float]:
    """Width of a space per (font, size): space glyphs where the PDF has them, else word gaps."""
    samples: dict[tuple[str, float], list[float]] = {}
    gaps: dict[tuple[str, float], list[float]] = {}
    for line in lines:
        previous: Char | None = None
        for char in line.chars:
            key = (str(char.get("fontname", "")), round(float(char.get("size") or line.size), 1))
            if str(char["text"]) == " ":
                width = float(char["x1"]) - float(char["x0"])
                if width > 0:
                    samples.setdefault(key, []).append(width)
            elif previous is not None and str(previous["text"]).strip():
                gap = float(char["x0"]) - float(previous["x1"])
                if gap > settings.text.word_gap * line.size:
                    gaps.setdefault(key, []).append(gap)
            previous = char
    out = {key: statistics.median(values) for key, values in gaps.items()}
    out.update({key: statistics.median(values) for key, values in samples.items()})
    return out


def _space_width(line: TextLine, widths: Mapping[tuple[str, float], float] | None = None) -> float:
    spaces = [float(c["x1"]) - float(c["x0"]) for c in line.chars if str(c["text"]) == " "]
    if spaces:
        return statistics.median(spaces)
    if widths:
        last = next((c for c in reversed(line.chars) if str(c["text"]).strip()), None)
        if last is not None:
            key = (str(last.get("fontname", "")), round(float(last.get("size") or line.size), 1))
            if key in widths:
                return widths[key]
    return 0.25 * line.size


def _line_end(line: TextLine) -> float:
    """Right end of a line as typeset, allowing for glyphs the PDF gives no width.

    pdfminer places a glyph it cannot map in a base-14 font (``(cid:127)``, a bullet) with zero
    width, so the glyphs after it sit further left than drawn; each counts as a bullet's
    width (0.35 em).
    """
    unknown = sum(1 for c in line.chars if str(c["text"]).strip() and float(c["x1"]) - float(c["x0"]) <= 0.01)
    return line.x1 + unknown * 0.35 * line.size


def _first_glyph_width(line: TextLine) -> float:
    glyph = next((c for c in line.chars if str(c["text"]).strip()), None)
    return float(glyph["x1"]) - float(glyph["x0"]) if glyph else 0.0


def _first_word_width(line: TextLine) -> float:
    chars = [c for c in line.chars if str(c["text"]).strip()]
    if not chars:
        return 0.0
    end = float(chars[0]["x1"])
    previous = float(chars[0]["x1"])
    for char in chars[1:]:
        if float(char["x0"]) - previous > 0.2 * line.size:
            break
        end = previous = float(char["x1"])
    # The word as it was measured by the typesetter ends where its last glyph ends.
    start = float(chars[0]["x0"])
    words = line.text.split(" ")
    if words and len(words[0]) < len(chars):
        # Use the glyph run up to the first space glyph when the PDF has space glyphs.
        spaces = [c for c in line.chars if str(c["text"]) == " "]
        if spaces:
            end = min(end, float(spaces[0]["x0"])) if float(spaces[0]["x0"]) > start else end
    return end - start


@dataclass
class CellLine:
    """A cell line with what the paragraph analysis needs."""

    line: TextLine
    limit: float
    page_break_before: bool = False


_PATH_CHUNK = re.compile(r"\w[./@_]\w|://")


def broken_word(before: str, after: str) -> bool:
    """Whether two fragments are one word cut at a column edge (not two words).

    A path or address ("publishing.service.gov.u" + "k)") is; otherwise the joined word must be
    an English word (wordfreq) while the first fragment is not ("commissionin" + "g").
    """
    from wordfreq import zipf_frequency

    if _PATH_CHUNK.search(before):
        return True
    head = re.sub(r"^\W+", "", before)
    tail = re.sub(r"\W+$", "", after)
    if not head.isalpha() or not tail.isalpha():
        return False
    return zipf_frequency(head + tail, "en") > 0 and zipf_frequency(head, "en") == 0


def _seam(before: str, after: str) -> tuple[str, str]:
    """The two words either side of a line join (lower case), to recognise the same join elsewhere."""
    return (" ".join(before.lower().split()[-2:]), " ".join(after.lower().split()[:2]))


def script_overhang(upper: TextLine, lower: TextLine) -> tuple[float, float]:
    """Points by which script glyphs stick out between two lines: ``(above, below)``.

    ``above``: how far the lower line's superscripts rise above its body text; ``below``: how far
    the upper line's subscripts drop below its body text (a line's ``top``/``bottom`` are its
    body text's, so only smaller raised or lowered glyphs count).
    """
    above = lower.top - min((float(c["top"]) for c in lower.chars if str(c["text"]).strip()), default=lower.top)
    below = max((float(c["bottom"]) for c in upper.chars if str(c["text"]).strip()), default=upper.bottom) - upper.bottom
    return max(above, 0.0), max(below, 0.0)


def script_growth(cells: Sequence[Sequence[CellLine]], pitch: float) -> tuple[float, float]:
    """How much further apart (fraction of size) lines stand with a superscript, and with a subscript, between them.

    CSS line boxes (Chromium) grow to hold a ``<sup>`` or ``<sub>``, so a line with a superscript
    sits lower than the line pitch, and so does the line after one with a subscript; a
    typesetter with fixed leading (reportlab, office suites) keeps the pitch. For each kind, over
    the pairs of consecutive lines with only that kind of script between them, the median extra
    distance, each capped at that pair's overhang (a line box grows by no more than its scripts
    stick out); 0 when the form has no such pairs. A pair whose lower line is a bullet item is
    left out: list items are often set apart by paragraph spacing.
    """
    raised: list[float] = []
    lowered: list[float] = []
    for lines in cells:
        for a, b in zip(lines, lines[1:], strict=False):
            if b.page_break_before or normalise_bullet(b.line.text)[1]:
                continue
            size = max(a.line.size, b.line.size)
            above, below = (value / size for value in script_overhang(a.line, b.line))
            extra = max((b.line.baseline - a.line.baseline) / size - pitch, 0.0)
            if above > 0 and not below:
                raised.append(min(extra, above))
            elif below > 0 and not above:
                lowered.append(min(extra, below))
    return (statistics.median(raised) if raised else 0.0, statistics.median(lowered) if lowered else 0.0)


def cell_text(lines: Sequence[CellLine], settings: TableSettings, pitch: float,
              spaces: Mapping[tuple[str, float], float] | None = None,
              breaks: set[tuple[str, str]] | None = None, growth: tuple[float, float] = (0.0, 0.0)) -> str:
    """Rebuild one cell's text from its lines: paragraphs, bullets, hyphens, wrapped addresses.

    Args:
        lines: The cell's lines in order (from every page the cell is on).
        settings: Reader settings.
        pitch: Usual baseline distance within a paragraph, as a fraction of the font size.
        spaces: Space widths per (font, size).
        breaks: Paragraph breaks seen where the geometry was unambiguous, as (words before,
            words after); filled in when ``lines`` decide one, and consulted at a page break
            after a full line, where the geometry cannot tell (the same text broken the same
            way elsewhere in the form decides).
        growth: Extra distance (fraction of size) of lines with a superscript, and with a
            subscript, between them (:func:`script_growth`), not counted as paragraph spacing.
    """
    out = ""
    previous: CellLine | None = None
    for entry in lines:
        text, bulleted = normalise_bullet(entry.line.text)
        if not text:
            continue
        if previous is None:
            out = text
            previous = entry
            continue
        prev = previous.line
        size = max(prev.size, entry.line.size)
        join = " "
        words = text.split(" ")
        first_width = _first_word_width(entry.line)
        fits = _line_end(prev) + _space_width(prev, spaces) + first_width \
            <= previous.limit + settings.fit_tolerance - settings.fit_margin * prev.size
        gap = (entry.line.baseline - prev.baseline) / size if not entry.page_break_before else 0.0
        if gap and any(growth):
            above, below = script_overhang(prev, entry.line)
            gap -= min(growth[0], above / size) + min(growth[1], below / size)
        last = out.rsplit(None, 1)[-1] if out.split() else ""
        if bulleted or fits or (gap and gap > pitch + settings.paragraph_gap):
            join = "\n"
            if breaks is not None and not bulleted:
                breaks.add(_seam(out, text))
        elif entry.page_break_before and breaks and _seam(out, text) in breaks:
            join = "\n"
        elif out.endswith("\u00ad"):
            out, join = out[:-1], ""
        elif out.endswith(("–", "—")) and len(last) > 1:
            join = ""  # a line broken after a dash inside a word or range ("2416–2427")
        elif out.endswith("-") and not out.endswith(" -") and len(last) > 1:
            join = ""  # office suites break lines after a hyphen; the hyphen is the writer's
        elif _URL_START.search(last) and (_URL_PUNCT.search(words[0]) or _URL_PUNCT.search(last[-1])):
            join = ""  # a web address too long for its column, broken at the column edge
        elif " " not in prev.text.strip() and previous.limit - _line_end(prev) < _first_glyph_width(entry.line) \
                and broken_word(last, words[0]):
            join = ""  # a word wider than its column, broken at the column edge

        out = f"{out}{join}{text}"
        previous = entry
    return out.strip()


# --------------------------------------------------------------------------- the reader


def _identity_columns(fields_: Sequence[str | None]) -> list[int]:
    return [i for i, name in enumerate(fields_) if name in IDENTITY_FIELDS]


def _continues(row: RawRow, previous: RawRow | None, fields_: Sequence[str | None], deepest: float) -> bool:
    """Whether the first row on a page is the rest of the previous page's last row.

    It is when its identifying cells (reason, author, date) are all empty — a real row fills
    them in — or when the previous page's last row ran down to the bottom of the page's table
    area and this row leaves empty an identifying cell that the previous part filled.
    """
    filled = [bool(cell) for cell in row.cells]
    if not any(filled):
        return False
    identity = _identity_columns(fields_) or [0]
    if not any(filled[i] for i in identity if i < len(filled)):
        return True
    if previous is None:
        return False
    size = statistics.median(ln.size for cell in previous.cells for ln in cell) if any(previous.cells) else 10.0
    reached_bottom = previous.bottom >= deepest - 2.5 * size
    gaps = [i for i in range(len(filled)) if not filled[i] and previous.cells[i]]
    if not (reached_bottom and gaps):
        return False
    # And some cell reads as cut: its part on the new page starts in lower case, or its part on
    # the previous page (a paragraph, not a one-line name) ends without closing punctuation at
    # the bottom of the page.
    for before, after in zip(previous.cells, row.cells, strict=False):
        if before and after:
            head = after[0].text.lstrip("•●▪ ")
            if head[:1].islower() or (len(before) > 1 and before[-1].bottom >= deepest - 2.5 * size
                                      and not _CLOSED.search(before[-1].text)):
                return True
    return False


def read_pages(pages: Sequence[PageData], source: str, settings: TableSettings | Mapping[str, Any] | None = None,
               synonyms: HeaderSynonyms | None = None) -> ChangeForm:
    """Read the change table from loaded pages (see the module docstring for the method).

    The header row is looked for by its wording first (the synonym search); when no header of
    known wording reads as a change table, header rows found by shape alone on the first pages
    are read too, and :mod:`~extractor.changeform.roles` judges each table by header and content.

    Raises:
        InputError: No page has text, or a header of known wording has no rows under it.
        NotAChangeForm: No table reads as a change table.
    """
    config = TableSettings.resolve(settings)
    synonyms = synonyms if synonyms is not None else default_synonyms()
    if not any(page.chars for page in pages):
        if not any(page.images for page in pages) and any(page.broken_stream for page in pages):
            raise InputError(source, "corrupt or damaged PDF (page content cannot be decoded)")
        raise InputError(source, "PDF has no text layer (image-only or scanned); run OCR first")
    page_lines = [chars_to_lines(page.chars, config.text) for page in pages]
    furniture = find_furniture(pages, page_lines, config)
    best: tuple[tuple[int, bool, int], ChangeForm] | None = None
    known_without_rows = False
    for position, (start, header) in enumerate(_header_candidates(pages, page_lines, config, synonyms)):
        form = _read_table(pages, page_lines, furniture, start, header, config, synonyms, source)
        if form is None:
            known_without_rows |= position == 0 and header.score >= 1000
            continue
        if form.roles is None or not form.roles.is_change_table:
            continue
        rank = table_rank(form.roles, position)
        if best is None or rank > best[0]:
            best = (rank, form)
        if position == 0 and header.score >= 1000 and form.roles.header_mapped >= 3 and not form.warnings:
            break  # a header of known wording that the content confirms throughout: look no further
    if best is None:
        if known_without_rows:  # a header of known wording, and nothing under it (yet: page cut short)
            raise InputError(source, "change table has a header but no rows")
        raise NotAChangeForm(source, "no change table found (no table whose header or columns read as "
                                     "original/new text, section, reason, author or date)")
    return best[1]


def _header_candidates(pages: Sequence[PageData], page_lines: Sequence[Sequence[TextLine]],
                       settings: TableSettings, synonyms: HeaderSynonyms) -> Iterator[tuple[int, Header]]:
    """(page index, header) to try: the first header of known wording, then headers found by shape.

    Headers by shape are taken from the first two pages with text, top first, at most
    ``structural_candidates`` of them, leaving out the known header itself (a header by shape
    over the same band that reads its lines differently — a two-row header read whole — stays).
    """
    known: tuple[int, Header] | None = None
    for index, page in enumerate(pages):
        header = find_header(page, settings, synonyms, page_lines[index])
        if header is not None:
            known = (index, header)
            yield known
            break
    shown = 0
    with_text = [index for index, lines in enumerate(page_lines) if lines][:2]
    for index in with_text:
        previous: Header | None = None
        for header in structural_headers(pages[index], settings, page_lines[index]):
            if previous is not None and previous.ruled and header.ruled and _same_columns(previous, header, settings):
                continue  # a body row of the table just tried (a version history above the changes)
            previous = header
            if known and known[0] == index and header.top < known[1].bottom and header.bottom > known[1].top \
                    and header.cells == known[1].cells:
                continue  # the known header itself
            if shown >= settings.structural_candidates:
                return
            shown += 1
            yield index, header


def _same_columns(a: Header, b: Header, settings: TableSettings) -> bool:
    """Whether two header rows share their column rules (rows of one ruled table)."""
    return len(a.boundaries) == len(b.boundaries) and all(
        abs(x - y) <= settings.ruling_tolerance for x, y in zip(a.boundaries, b.boundaries, strict=True))


def _read_table(pages: Sequence[PageData], page_lines: Sequence[Sequence[TextLine]], furniture: list[set[int]],
                start: int, header: Header, config: TableSettings, synonyms: HeaderSynonyms,
                source: str) -> ChangeForm | None:
    """Read the table under ``header``; its column roles come from header and content together.

    The rows are cut with the header's roles (identifying columns start rows); when the roles
    the content gives name other identifying columns, the table is read again with them.
    """
    form = _read_rows(pages, page_lines, furniture, start, header, config, synonyms, source)
    if form is None or form.roles is None:
        return form
    if _identity_columns(form.fields) != _identity_columns(header.fields):
        again = _read_rows(pages, page_lines, furniture, start,
                           dataclasses.replace(header, fields=list(form.fields)), config, synonyms, source)
        if again is not None and again.roles is not None and again.roles.is_change_table:
            return again
    return form


def _read_rows(pages: Sequence[PageData], page_lines: Sequence[Sequence[TextLine]], furniture: list[set[int]],
               start: int, header: Header, config: TableSettings, synonyms: HeaderSynonyms,
               source: str) -> ChangeForm | None:
    """Rows of the table under ``header`` (found on page index ``start``), or None when it has none."""
    width = len(header.cells)
    again = own_wording(tuple(header.cells))
    again_fields = map_headers(header.cells, again)
    before = [ln.text for i, ln in enumerate(page_lines[start]) if i not in furniture[start] and ln.bottom <= header.top + 1]
    metadata = label_metadata(before, allow_empty=False)
    after: list[str] = []  # text after the table ends (a legend of codes, a sign-off)
    raw: list[RawRow] = []
    boundaries, left, right, ruled = header.boundaries, header.left, header.right, header.ruled
    gaps = [b.top - a.bottom for lines in page_lines for a, b in zip(lines, lines[1:], strict=False)
            if 0 <= b.top - a.bottom < 0.5 * a.size]
    usual_gap = statistics.median(gaps) if gaps else 0.25 * header_size(page_lines[start])
    ended = False
    for index in range(start, len(pages)):
        if ended:
            break
        page = pages[index]
        region_top: float | None = header.bottom if index == start else None
        if index > start:
            repeat = find_header(page, config, again, page_lines[index])
            if repeat is not None and len(repeat.cells) == width and repeat.fields == again_fields:
                region_top = repeat.bottom
                boundaries, left, right, ruled = repeat.boundaries, repeat.left, repeat.right, repeat.ruled
            elif ruled:
                cols = _page_ruled_columns(page, config)
                if len(cols) == width + 1:
                    boundaries, left, right = cols[1:-1], cols[0], cols[-1]
        body_lines = [ln for i, ln in enumerate(page_lines[index])
                      if i not in furniture[index] and (region_top is None or ln.top >= region_top - 0.5)]
        if ruled:
            span = [(y, x0, x1) for y, x0, x1 in page.hrules
                    if min(x1, right) - max(x0, left) >= config.row_ruling_span * (right - left)]
            if span:
                # The table's extent: its outer horizontal rulings, or the vertical rulings where a
                # row cut by the page break has no closing rule.
                inside = [(t, b) for x, t, b in page.vrules if left - 2 <= x <= right + 2]
                lowest = max([y for y, _, _ in span] + [b for _, b in inside])
                highest = min([y for y, _, _ in span] + [t for t, _ in inside])
                body_lines = [ln for ln in body_lines if ln.top < lowest
                              and (region_top is not None or ln.bottom > highest)]
        # Text that runs across column boundaries (a paragraph after the table) ends the table.
        table_lines = []
        for position, line in enumerate(body_lines):
            outside = line.x0 < left - 20 or (ruled and line.x1 > right + 20)
            if outside or _straddles(line, boundaries, config):
                if table_lines or index > start:
                    ended = True
                    after = [ln.text for ln in body_lines[position:]]
                    break
                continue
            table_lines.append(line)
        if not table_lines:
            continue
        chars = [c for ln in table_lines for c in ln.chars]
        if not ruled:
            boundaries = refine_boundaries(Header(header.cells, header.fields, header.top, header.bottom,
                                                  list(boundaries), left, right, False), chars)
        top = min(ln.top for ln in table_lines)
        bottom = max(ln.bottom for ln in table_lines)
        rows = page_rows(page, chars, boundaries, left, right, top, bottom, ruled, config, usual_gap,
                         _identity_columns(header.fields))
        raw.extend(row for row in rows if not _repeats_header(row, header))
    if not raw:
        return None
    return assemble(raw, header, pages, source, metadata, config, synonyms, context=before + after)


def _repeats_header(row: RawRow, header: Header) -> bool:
    """Whether a row is the header row drawn again (on a later page or after a split)."""
    texts = [" ".join(line.text for line in lines) for lines in row.cells]
    if len(texts) != len(header.cells):
        return False
    return all(fuzz.ratio(normalise_header(a), normalise_header(b)) >= 90 for a, b in zip(texts, header.cells, strict=True))


def header_size(lines: Sequence[TextLine]) -> float:
    """Median size of some lines (1.0 when there are none)."""
    return statistics.median(ln.size for ln in lines) if lines else 1.0


def _page_ruled_columns(page: PageData, settings: TableSettings) -> list[float]:
    lengths: dict[float, float] = {}
    for x, top, bottom in page.vrules:
        key = next((k for k in lengths if abs(k - x) <= settings.ruling_tolerance), round(x, 1))
        lengths[key] = lengths.get(key, 0.0) + bottom - top
    if not lengths:
        return []
    best = max(lengths.values())
    return sorted(x for x, length in lengths.items() if length >= settings.column_ruling_share * best)


def _straddles(line: TextLine, boundaries: Sequence[float], settings: TableSettings) -> bool:
    """Whether a word of the line runs well across a column boundary (the line is not table text).

    "Well" is by more than ``straddle_margin`` × size on each side: the gutters of an unruled
    table are learnt from the rows read so far, and a longer word in a later row may end a
    point or two past one without leaving its column.
    """
    margin = max(1.0, settings.straddle_margin * line.size)
    for word in line_words(line, settings):
        for boundary in boundaries:
            if word.x0 + margin < boundary < word.x1 - margin:
                return True
    return False


def assemble(raw: Sequence[RawRow], header: Header, pages: Sequence[PageData], source: str,
             metadata: dict[str, str], settings: TableSettings, synonyms: HeaderSynonyms | None = None,
             context: Sequence[str] = ()) -> ChangeForm:
    """Merge rows split by page breaks and build each cell's text."""
    width = len(header.cells)
    merged: list[tuple[list[list[CellLine]], list[int]]] = []
    last_page: int | None = None
    last_row: RawRow | None = None
    deepest = max(row.bottom for row in raw)
    column_reach = [0.0] * width
    for row in raw:
        for c, lines in enumerate(row.cells):
            for line in lines:
                column_reach[c] = max(column_reach[c], line.x1)
    for row in raw:
        limits = row.limits or column_reach
        cells = [[CellLine(line, _limit(limits, c, row, header)) for line in lines] for c, lines in enumerate(row.cells)]
        if merged and row.page != last_page and _continues(row, last_row, header.fields, deepest):
            previous, pages_ = merged[-1]
            for c in range(width):
                if cells[c]:
                    cells[c][0].page_break_before = True
                previous[c].extend(cells[c])
            pages_.append(row.page)
        else:
            merged.append((cells, [row.page]))
        last_page, last_row = row.page, row
    pitches = []
    for cells, _ in merged:
        for lines in cells:
            for a, b in zip(lines, lines[1:], strict=False):
                if not b.page_break_before:
                    pitches.append((b.line.baseline - a.line.baseline) / max(a.line.size, b.line.size))
    pitch = statistics.median(pitches) if pitches else 1.2
    spaces = space_widths([cl.line for cells, _ in merged for lines in cells for cl in lines], settings)
    growth = script_growth([lines for cells, _ in merged for lines in cells], pitch)
    # Two passes: the first collects the paragraph breaks the geometry decides, the second
    # consults them where a cell continues across a page break. A cell with no page break reads
    # the same in both (breaks are only consulted at one), so its first text is kept.
    breaks: set[tuple[str, str]] = set()
    first = [[cell_text(lines, settings, pitch, spaces, breaks, growth) for lines in cells] for cells, _ in merged]
    rows = []
    for (cells, row_pages), texts in zip(merged, first, strict=True):
        texts = [cell_text(lines, settings, pitch, spaces, breaks, growth)
                 if any(entry.page_break_before for entry in lines) else text
                 for lines, text in zip(cells, texts, strict=True)]
        rows.append((texts, row_pages))
    return build_changeform(source, "pdf", len(pages), header.cells, None, rows, metadata, synonyms=synonyms,
                            context=context)


def _limit(limits: Sequence[float], column: int, row: RawRow, header: Header) -> float:
    """Right edge the text of ``column`` may reach (ruled: its ruling less the left padding)."""
    if row.limits:
        lines = row.cells[column]
        right = limits[column]
        left = limits[column - 1] if column else row.left
        pad = min((ln.x0 for ln in lines), default=left) - left
        return right - max(pad, 0.0)
    return limits[column]


def read_pdf_changeform(path: str | os.PathLike[str], *, password: str | None = None,
                        settings: TableSettings | Mapping[str, Any] | None = None,
                        synonyms: HeaderSynonyms | None = None) -> ChangeForm:
    """Read a change form from a PDF.

    Args:
        path: The PDF file.
        password: Password of an encrypted PDF.
        settings: :class:`TableSettings`, a dict of overrides, or None for the defaults.
        synonyms: Header wordings (the packaged ones by default).

    Returns:
        The change form: header cells, canonical fields and one row per change.

    Raises:
        InputError: The PDF cannot be opened, has no text layer, or holds no change table.
    """
    from extractor.readers.pdf import open_pdf

    config = TableSettings.resolve(settings)
    with open_pdf(path, password=password) as pdf:
        try:
            pages = load_pages(pdf, config)
        except InputError:
            raise
        except Exception as exc:  # pdfminer raises many kinds of error on damaged content streams
            raise InputError(path, f"unreadable PDF page ({type(exc).__name__}: {exc})") from None
    try:
        return read_pages(pages, str(path), config, synonyms)
    except (ValueError, IndexError, KeyError, TypeError, ZeroDivisionError) as exc:
        # Geometry no table layout explains (overlapping text, degenerate glyph boxes).
        raise InputError(path, f"change table could not be read ({type(exc).__name__}: {exc})") from None


__all__ = ["TableSettings", "read_pdf_changeform", "read_pages", "find_header", "cell_text", "normalise_bullet",
           "IDENTITY_FIELDS", "FIELDS"]
