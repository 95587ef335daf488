"""Opening PDFs with pdfplumber, turning its failures into one-line :class:`InputError` s.

Pages are read one at a time and closed (``page.close()``) as soon as they are done, so memory
does not grow with the page count. Each page becomes text lines with font size and weight
(glyphs clustered by :mod:`extractor.readers.pdf_text`, which also rebuilds superscripts such
as ``10⁹``); ruled tables (pdfplumber ``find_tables``) are read cell by cell, in reading order
with the text around them, and also kept as :class:`~extractor.document.Table` s.

Then, over the whole document:

- running headers and footers are dropped: lines in the top or bottom band of the page whose
  text (digits masked) recurs at about the same height on many pages, and page numbers
  ("Page 3 of 40", "- 3 -", "3") in those bands;
- words hyphenated at a line end are made whole again on the first line: a typesetter's wrap
  loses its hyphen ("immuno-" + "globulin"), a real compound keeps it ("B-" + "cell"): the
  hyphen stays when the part before it is a capital, digit or single letter, when the next
  line starts with a capital, when the hyphenated form occurs unbroken elsewhere in the
  document, or when both parts are common words and their concatenation is no word (wordfreq); a URL wrapped after a slash continues without a space;
- a line is split where its glyphs are far apart (columns of a table drawn without rules);
- a blank line separates paragraphs (a larger vertical gap, a change of font size or weight,
  a bullet, a table cell, the next column, a return to a column further left).
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar
from unicodedata import normalize as normalize_unicode

import pdfplumber
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfplumber.pdf import PDF
from pdfplumber.utils.exceptions import PdfminerException

from extractor.document import PAGE_SEPARATOR, Document, Line, Page, Table
from extractor.errors import InputError
from extractor.layout.markers import marker_glyphs, page_shapes
from extractor.layout.columns import column_order, gutter
from extractor.readers.pdf_text import TextLine, chars_to_lines, make_line
from extractor.settings import Resolvable
from extractor.vocabulary import symbol_bullet

BULLETS = "•◦▪▫■□●○‣⁃∙·-–*"
_PAGE_NUMBER = re.compile(
    r"^\s*(?:page\s+\d+(?:\s*(?:of|/)\s*\d+)?|\d+\s*(?:of|/)\s*\d+|[-–—]?\s*\d{1,4}\s*[-–—]?|[ivxlc]{1,6})\s*$",
    re.IGNORECASE)
_HYPHEN_END = re.compile(r"(?P<head>[^\W\d_]+)[-\u00ad\u2010]$")
_URL_END = re.compile(r"(?:https?://|www\.)\S*[/\-_.?=&]$", re.IGNORECASE)
_MARKER = re.compile(r"[•◦▪■●○‣⁃∙·*–-]|\(?(?:\d{1,2}(?:\.\d{1,2}){0,4}|[A-Za-z]|[ivxlc]{1,5})[.):]?|"
                     r"(?:Appendix|Annex|Section|Schedule)\s+\w{1,3}[.:]?")
_FIRST_WORD = re.compile(r"^(?P<word>[^\W\d_]+)(?P<tail>[^\s]*)\s*")
_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|,b\b|-b\b", re.IGNORECASE)
_DIGITS = re.compile(r"\d+")
_COMPOUND = re.compile(r"[^\W\d_]+-[^\W\d_]+")


@dataclass(frozen=True)
class PdfSettings(Resolvable):
    """How pages are turned into lines and which lines are running headers and footers.

    Attributes:
        margin_band: Fraction of the page height at the top and at the bottom where running
            headers and footers may sit.
        repeat_share: A margin line is a running header/footer when its text (digits masked)
            occurs at about the same height on at least this share of the pages...
        repeat_min_pages: ...and on at least this many pages.
        position_tolerance: Points of height difference still counted as "the same place".
        paragraph_gap: Vertical gap between lines, as a multiple of the font size, above
            which a new paragraph starts.
        column_gap: Horizontal gap between glyphs of one line, as a multiple of the font size,
            that splits it into separate lines (columns of a table drawn without rules).
        rejoin_hyphens: Rejoin words hyphenated across line ends.
        tables: Read ruled tables cell by cell.
        text_columns: Read a page set in two text columns one column after the other
            (:func:`extractor.layout.columns.column_order`).
    """

    margin_band: float = 0.12
    repeat_share: float = 0.5
    repeat_min_pages: int = 2
    position_tolerance: float = 4.0
    paragraph_gap: float = 1.5
    column_gap: float = 3.0
    rejoin_hyphens: bool = True
    tables: bool = True
    text_columns: bool = True

    SETTINGS_NAME: ClassVar[str] = "PDF settings"


@dataclass
class RawLine:
    """A line before offsets are known.

    Attributes:
        text: Its text.
        size: Body font size.
        bold: Most glyphs bold.
        x0: Left edge.
        top: Top edge.
        bottom: Bottom edge.
        block: Identifier of the text block (free text, or a table cell); hyphen rejoining and
            paragraph gaps only apply within one block.
        para: Starts a new paragraph.
        table: Index of the table (in the document) the line belongs to, or None.
        lead_bold: Characters of a bold run-in opening a line that is otherwise not bold.
    """

    text: str
    size: float
    bold: bool
    x0: float
    top: float
    bottom: float
    block: Any = None
    para: bool = False
    table: int | None = None
    lead_bold: int = 0


@dataclass
class RawPage:
    """One page's lines and tables before assembly."""

    number: int
    width: float
    height: float
    lines: list[RawLine] = field(default_factory=list)
    images: int = 0
    broken_stream: bool = False


def _describe(path: str | os.PathLike[str], exc: BaseException, password: str | None) -> InputError:
    """Map a pdfminer/pdfplumber exception to a one-line :class:`InputError`."""
    inner = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
    name = type(inner).__name__
    if isinstance(inner, PDFPasswordIncorrect) or "Password" in name or "Encrypt" in name:
        if password:
            return InputError(path, "encrypted PDF and the password given is wrong")
        return InputError(path, "encrypted PDF; pass --password to open it")
    if isinstance(inner, PDFSyntaxError) or "Syntax" in name or "PSEOF" in name:
        return InputError(path, f"corrupt or truncated PDF ({inner or name})")
    return InputError(path, f"unreadable PDF ({name}: {inner})")


def _declared_pages(pdf: PDF) -> int:
    """The page count the page tree root declares (0 when unknown)."""
    from pdfminer.pdftypes import resolve1

    try:
        root = resolve1(pdf.doc.catalog.get("Pages"))
        count = resolve1(root.get("Count", 0)) if isinstance(root, dict) else 0
    except (MemoryError, RecursionError):
        raise
    except Exception:  # noqa: BLE001 - a broken tree declares nothing usable
        return 0
    return count if isinstance(count, int) and count > 0 else 0


@contextlib.contextmanager
def open_pdf(path: str | os.PathLike[str], *, password: str | None = None) -> Iterator[PDF]:
    """Open ``path`` with pdfplumber, raising :class:`InputError` for anything unreadable.

    Args:
        path: The PDF file.
        password: Password of an encrypted PDF.

    Yields:
        The open :class:`pdfplumber.pdf.PDF`.

    Raises:
        InputError: Not a PDF, corrupt, truncated, encrypted (no or wrong password), no pages.
    """
    try:
        pdf = pdfplumber.open(path, password=password or "")
    except (PdfminerException, PDFSyntaxError, PDFPasswordIncorrect) as exc:
        raise _describe(path, exc, password) from None
    except (ValueError, TypeError, KeyError, AssertionError, RecursionError) as exc:
        raise InputError(path, f"unreadable PDF ({type(exc).__name__}: {exc})") from None
    try:
        try:
            count = len(pdf.pages)
        except (PdfminerException, PDFSyntaxError, PDFPasswordIncorrect) as exc:
            raise _describe(path, exc, password) from None
        except (ValueError, TypeError, KeyError, AssertionError, RecursionError) as exc:
            raise InputError(path, f"unreadable PDF ({type(exc).__name__}: {exc})") from None
        if count == 0:
            if any(type(xref).__name__ == "PDFXRefFallback" for xref in getattr(pdf.doc, "xrefs", [])):
                # pdfminer had to rebuild the cross-reference table and still found no page tree.
                raise InputError(path, "corrupt or damaged PDF (cross-reference table unreadable, no pages found)")
            declared = _declared_pages(pdf)
            if declared:
                raise InputError(path, f"corrupt or damaged PDF (page tree declares {declared} pages but none can "
                                       "be reached)")
            raise InputError(path, "PDF has no pages")
        yield pdf
    finally:
        pdf.close()


# ----------------------------------------------------------------------------------------------
# Pure helpers
# ----------------------------------------------------------------------------------------------

def is_bold(chars: list[Mapping[str, Any]]) -> bool:
    """Whether most visible glyphs are set in a bold (or black/heavy/semibold) face."""
    visible = [c for c in chars if str(c.get("text", "")).strip()]
    if not visible:
        return False
    heavy = sum(1 for c in visible if _BOLD_FONT.search(str(c.get("fontname", ""))))
    return heavy * 2 > len(visible)


def _raw(line: TextLine, block: Any, table: int | None = None) -> RawLine:
    text = line.text
    shown = symbol_bullet(text[:1]) if text[1:2].isspace() and text[:1] != "o" else None
    if shown:  # a symbol-font bullet (Symbol's U+F0B7 …) opening the line
        text = shown + text[1:]
    bold = is_bold(line.chars)
    return RawLine(text=text, size=round(float(line.size), 2), bold=bold, x0=line.x0,
                   top=line.top, bottom=line.bottom, block=block, table=table,
                   lead_bold=0 if bold else bold_lead(line))


def bold_lead(line: TextLine) -> int:
    """How many characters of ``line.text`` a bold run opening the line covers, when the glyphs
    after it are not bold (a run-in label); 0 otherwise."""
    glyphs = [c for c in line.chars if str(c.get("text", "")).strip()]
    count = 0
    for char in glyphs:
        if not _BOLD_FONT.search(str(char.get("fontname", ""))):
            break
        count += 1
    if not count or count == len(glyphs) or any(_BOLD_FONT.search(str(c.get("fontname", ""))) for c in glyphs[count:]):
        return 0
    seen = 0
    for index, ch in enumerate(line.text):  # the text position after the count-th glyph
        if not ch.isspace():
            seen += 1
            if seen == count:
                return index + 1
    return 0


def _inside(char: Mapping[str, Any], bbox: tuple[float, float, float, float]) -> bool:
    x = (float(char["x0"]) + float(char["x1"])) / 2
    y = (float(char["top"]) + float(char["bottom"])) / 2
    return bbox[0] <= x <= bbox[2] and bbox[1] <= y <= bbox[3]


def cell_text(lines: list[TextLine]) -> str:
    """A table cell's text: wrapped lines joined by spaces, paragraphs and bullets by ``\\n``.

    A line ends a paragraph when it is clearly shorter than the cell's longest line and ends
    with punctuation, or when the next line starts with a bullet.
    """
    if not lines:
        return ""
    widest = max(line.x1 - line.x0 for line in lines)
    parts: list[str] = [lines[0].text]
    for previous, line in itertools.pairwise(lines):
        short = (previous.x1 - previous.x0) < 0.7 * widest and previous.text.rstrip()[-1:] in ".:;,!?)"
        bullet = line.text[:1] in BULLETS and line.text[1:2] == " "
        parts.append("\n" if short or bullet else " ")
        parts.append(line.text)
    return "".join(parts)


def undecodable_content(page: Any) -> bool:
    """Whether a page's content stream declares data but yields none (damaged compression)."""
    from pdfminer.pdftypes import resolve1

    try:
        streams = list(getattr(page.page_obj, "contents", None) or [])
        for stream in streams:
            declared = resolve1(stream.attrs.get("Length", 0)) if hasattr(stream, "attrs") else 0
            try:
                data = stream.get_data()
            except Exception:  # noqa: BLE001 - a decoder failure is exactly what is asked about
                return True
            if isinstance(declared, int) and declared > 0 and not data:
                return True
    except (MemoryError, RecursionError):
        raise
    except Exception:  # noqa: BLE001 - unknown structure: do not claim damage
        return False
    return False


#: Glyph keys :func:`page_objects` reads straight from pdfminer (any other key: through pdfplumber).
GLYPH_KEYS = ("text", "x0", "x1", "top", "bottom", "size", "fontname", "matrix", "y1", "upright")


@dataclass
class PageObjects:
    """What the readers need of one page.

    Attributes:
        chars: One dict per glyph with the keys asked for, values as in ``page.chars``.
        edges: ``page.edges`` (lines, rectangle sides, curve segments, in pdfplumber's order).
        images: ``len(page.images)``.
    """

    chars: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    images: int


def _matrix(matrix: Any) -> Any:
    """A glyph's text matrix as pdfplumber gives it (``resolve_all(matrix)``).

    pdfminer computes a glyph's matrix by multiplying matrices, so it is a tuple of numbers,
    which ``resolve_all`` returns unchanged; anything else goes through ``resolve_all``.
    """
    if type(matrix) is tuple:
        return matrix
    from pdfplumber.utils.pdfinternals import resolve_all

    return resolve_all(matrix)


def page_objects(page: Any, keys: tuple[str, ...] = GLYPH_KEYS) -> PageObjects:
    """A page's glyphs (``keys`` of each), edges and image count, equal to pdfplumber's.

    ``page.chars`` turns every glyph into a dict of some 25 attributes (colours and marked-content
    tags resolved), and ``page.edges`` and ``page.images`` build all of them too. Glyphs are most
    of a page's objects, so here they are read straight from pdfminer's layout objects with the
    arithmetic of :meth:`pdfplumber.page.Page.process_object` for the keys in
    :data:`GLYPH_KEYS`; the few other objects (lines, rectangles, curves) still go through
    pdfplumber. A page that is not a plain :class:`pdfplumber.page.Page` (a cropped page, a test
    stand-in), or keys outside :data:`GLYPH_KEYS`, are read through the page's own properties.

    Args:
        page: A pdfplumber page (or any object with ``chars``, ``edges`` and ``images``).
        keys: The glyph keys wanted, in the order the dicts should have them.

    Returns:
        The glyphs, edges and image count.
    """
    from pdfplumber.page import Page as PlumberPage

    if type(page) is not PlumberPage or not set(keys) <= set(GLYPH_KEYS):
        return PageObjects([{key: char.get(key) for key in keys} for char in page.chars], page.edges,
                           len(page.images))
    from pdfplumber.page import fix_fontname_bytes
    from pdfplumber.utils.geometry import curve_to_edges, line_to_edge, rect_to_edges

    from pdfminer.layout import LTContainer

    height = page.height
    mb_x0, mb_top = page.mediabox[:2]
    norm = page.pdf.unicode_norm
    whole = keys == GLYPH_KEYS
    chars: list[dict[str, Any]] = []
    others: dict[str, list[dict[str, Any]]] = {"line": [], "rect": [], "curve": []}
    images = 0
    # The layout's leaves depth first, as pdfplumber walks them: a container's objects are read
    # where the container stands.
    stack = [iter(page.layout._objs)]
    while stack:
        for obj in stack[-1]:
            name = obj.__class__.__name__
            if name == "LTChar":
                attrs = obj.__dict__
                text = obj.get_text()
                fontname = attrs["fontname"]
                matrix = attrs["matrix"]
                x0, x1, y1 = attrs["x0"], attrs["x1"], attrs["y1"]
                values = {"text": text if norm is None else normalize_unicode(norm, text),
                          "x0": x0 if mb_x0 == 0 else x0 + mb_x0, "x1": x1 if mb_x0 == 0 else x1 + mb_x0,
                          "top": (height - y1) + mb_top, "bottom": (height - attrs["y0"]) + mb_top,
                          "size": attrs["size"],
                          "fontname": fix_fontname_bytes(fontname) if isinstance(fontname, bytes) else fontname,
                          "matrix": matrix if type(matrix) is tuple else _matrix(matrix), "y1": y1,
                          "upright": attrs["upright"]}
                chars.append(values if whole else {key: values[key] for key in keys})
                continue
            if isinstance(obj, LTContainer):
                stack.append(iter(obj._objs))
                break
            kind = (name[2:] if name.startswith("LT") else name).lower()
            if kind in others:
                others[kind].append(page.process_object(obj))
            elif kind == "image":
                images += 1
        else:
            stack.pop()
    edges = [line_to_edge(line) for line in others["line"]]
    edges += [edge for rect in others["rect"] for edge in rect_to_edges(rect)]
    edges += [edge for curve in others["curve"] for edge in curve_to_edges(curve)]
    return PageObjects(chars, edges, images)


class _RuledPage:
    """What pdfplumber's table finder reads of a page with its default (ruling lines) strategy."""

    def __init__(self, bbox: tuple[float, float, float, float], edges: list[dict[str, Any]]) -> None:
        self.bbox = bbox
        self.edges = edges


def _column_edges(table: Any) -> dict[int, tuple[float, float]]:
    """Each column's left and right edge, from the rows where the cell was found."""
    edges: dict[int, tuple[float, float]] = {}
    for row in table.rows:
        for column, bbox in enumerate(row.cells):
            if bbox is not None and column not in edges:
                edges[column] = (bbox[0], bbox[2])
    return edges


def _complete_cells(cells: list[Any], columns: dict[int, tuple[float, float]]) -> list[Any]:
    """A row's cells with a cell pdfplumber could not close (a row split by a page break has no
    bottom rule under its text cell) rebuilt from its column's edges and the row's height."""
    found = [bbox for bbox in cells if bbox is not None]
    if len(found) == len(cells) or not found:
        return list(cells)
    top, bottom = min(b[1] for b in found), max(b[3] for b in found)

    def free(column: int) -> bool:
        left, right = columns[column]
        return all(b[2] <= left + 1 or b[0] >= right - 1 for b in found)  # not under a merged cell

    return [bbox if bbox is not None or column not in columns or not free(column) else
            (columns[column][0], top, columns[column][1], bottom) for column, bbox in enumerate(cells)]


def find_tables(page: Any, edges: list[dict[str, Any]], chars: list[dict[str, Any]] | None = None) -> list[Any]:
    """``page.find_tables()`` from the page's edges already read (see :func:`page_objects`).

    pdfplumber's default table settings find tables from the ruling lines alone (the page's
    edges and box), so the finder is given those instead of the page, whose ``edges`` property
    would turn every glyph into a dict first.
    """
    from pdfplumber.table import TableFinder

    tables = TableFinder(_RuledPage(page.bbox, edges)).tables  # type: ignore[arg-type]
    return [_open_body(page, table, edges, chars) if len(table.rows) == 1 and chars else table for table in tables]


def _runs_across(chars: list[dict[str, Any]], x: float, top: float, bottom: float) -> bool:
    """Whether a word runs across ``x`` between ``top`` and ``bottom``: two glyphs of one line that
    touch on either side of it."""
    near = [c for c in chars if top <= float(c["top"]) and float(c["bottom"]) <= bottom
            and float(c["x0"]) - 3.0 <= x <= float(c["x1"]) + 3.0]
    left = [c for c in near if float(c["x1"]) <= x + 0.5]
    right = [c for c in near if float(c["x0"]) >= x - 0.5]
    return any(abs(float(a["top"]) - float(b["top"])) < 1.0 and float(b["x0"]) - float(a["x1"]) < 1.5
               and str(a.get("text", "")).strip() and str(b.get("text", "")).strip() for a in left for b in right)


def _open_body(page: Any, header: Any, edges: list[dict[str, Any]], chars: list[dict[str, Any]]) -> Any:
    """A header row drawn as a closed box over a body ruled only across (no vertical rules), as word
    processors print a table with horizontal borders: the whole table, its columns the header's
    cells and its rows the full-width rules below the header; the header alone when no such rule
    follows."""
    from pdfplumber.table import TableFinder, TableSettings

    x0, _top, x1, bottom = header.bbox
    rules = sorted({round(float(e["top"]), 1) for e in edges if e.get("orientation") == "h"
                    and abs(float(e["x0"]) - x0) <= 3.0 and abs(float(e["x1"]) - x1) <= 3.0
                    and float(e["top"]) > bottom + 1.0})
    cells = [cell for cell in header.rows[0].cells if cell is not None]
    if not rules or len(cells) < 2:
        return header
    columns = sorted({round(float(c[0]), 1) for c in cells} | {round(float(c[2]), 1) for c in cells})
    if any(_runs_across(chars, x, bottom, rules[-1]) for x in columns[1:-1]):
        return header  # text runs across the header's columns: a notice under a box, not a table body
    settings = TableSettings.resolve({"vertical_strategy": "explicit", "horizontal_strategy": "explicit",
                                      "explicit_vertical_lines": columns,
                                      "explicit_horizontal_lines": [header.bbox[1], bottom, *rules]})
    found = TableFinder(_RuledPage(page.bbox, []), settings).tables  # type: ignore[arg-type]
    return found[0] if found and len(found[0].rows) > 1 else header


def split_columns(line: TextLine, gap: float) -> list[TextLine]:
    """Split a line where its glyphs are more than ``gap`` × its font size apart (columns)."""
    glyphs = [c for c in line.chars if str(c.get("text", "")).strip()]
    if len(glyphs) < 2:
        return [line]
    parts: list[list[Any]] = [[glyphs[0]]]
    for previous, char in itertools.pairwise(glyphs):
        if float(char["x0"]) - float(previous["x1"]) > gap * line.size:
            parts.append([])
        parts[-1].append(char)
    # A list marker or heading number set at a tab stop stays with the text after it.
    merged: list[list[Any]] = [parts[0]]
    for part in parts[1:]:
        left = "".join(str(c["text"]) for c in merged[-1]).strip()
        if len(merged) == 1 and _MARKER.fullmatch(left):
            merged[-1] = merged[-1] + part
        else:
            merged.append(part)
    if len(merged) == 1:
        return [line]
    return [make_line(part) for part in merged]


def _column_lines(parts: list[tuple[TextLine, float]], x: float, settings: PdfSettings) -> list[tuple[TextLine, float]]:
    """Lines rebuilt on each side of a gutter at ``x``.

    Lines are first gathered across the whole page width, so a large heading in one column can
    swallow two lines of small text beside it in the other; each side's glyphs are gathered
    again on their own. A line that crosses the gutter only through a gap wider than its font
    size (two columns' lines a little closer than ``column_gap``) is cut there; a line whose
    words run across the gutter (a title, a notice) stays whole.
    """
    left: list[Any] = []
    right: list[Any] = []
    whole: list[tuple[TextLine, float]] = []
    for part, top in parts:
        glyphs = [c for c in part.chars if str(c.get("text", "")).strip()]
        before = [c for c in glyphs if float(c["x1"]) <= x]
        after = [c for c in glyphs if float(c["x0"]) >= x]
        if not after:
            left.extend(part.chars)
        elif not before:
            right.extend(part.chars)
        elif len(before) + len(after) == len(glyphs) and \
                min(float(c["x0"]) for c in after) - max(float(c["x1"]) for c in before) >= part.size:
            left.extend(c for c in part.chars if float(c["x1"]) <= x)  # spaces too: words stay apart
            right.extend(c for c in part.chars if float(c["x1"]) > x)
        else:
            whole.append((part, top))
    for side in (left, right):
        for line in chars_to_lines(side):
            whole.extend((part, line.top) for part in split_columns(line, settings.column_gap))
    return whole


def read_page(page: Any, table_base: int, settings: PdfSettings) -> tuple[RawPage, list[Table]]:
    """Turn one pdfplumber page into raw lines (tables read cell by cell) and tables.

    Args:
        page: A pdfplumber page.
        table_base: Index the page's first table will have in the document.
        settings: Reader settings.

    Returns:
        The page's lines in reading order and its tables.
    """
    objects = page_objects(page)
    chars = [c for c in objects.chars if str(c.get("text", ""))]
    # Bullets a browser draws as shapes read as "•", as typed bullets do.
    chars += marker_glyphs(page_shapes(page), chars) if chars else []
    found = []
    if settings.tables and chars:
        for table in find_tables(page, objects.edges, chars):
            if table.rows and max(len(row.cells) for row in table.rows) >= 2:
                found.append(table)
    blocks: list[tuple[tuple[float, float, float, float], list[RawLine]]] = []  # (box, lines)
    tables: list[Table] = []
    taken: set[int] = set()
    for offset, table in enumerate(found):
        index = table_base + offset
        in_table = [c for c in chars if _inside(c, table.bbox)]
        taken.update(id(c) for c in in_table)
        table_lines: list[RawLine] = []
        rows: list[list[str]] = []
        columns = _column_edges(table)
        for row_number, row in enumerate(table.rows):
            cells: list[str] = []
            for column, bbox in enumerate(_complete_cells(row.cells, columns)):
                if bbox is None:
                    continue
                cell_lines = chars_to_lines([c for c in in_table if _inside(c, bbox)])
                cells.append(cell_text(cell_lines))
                for number, line in enumerate(cell_lines):
                    raw = _raw(line, (page.page_number, "table", index, row_number, column), index)
                    raw.para = number == 0
                    table_lines.append(raw)
            rows.append(cells)
        bold_first = all(line.bold for line in table_lines if line.block[3] == 0) if table_lines else False
        tables.append(Table(rows=rows, pages=[[page.page_number] for _ in rows],
                            header_rows=1 if bold_first and len(rows) > 1 and len(rows[0]) > 2 else 0))
        x0, top, x1, bottom = (float(v) for v in table.bbox)
        blocks.append(((x0, top, x1, bottom), table_lines))
    parts = [(part, line.top) for line in chars_to_lines([c for c in chars if id(c) not in taken])
             for part in split_columns(line, settings.column_gap)]
    x = gutter([(p.x0, top, p.x1, p.bottom) for p, top in parts] + [box for box, _ in blocks], float(page.width)) \
        if settings.text_columns and parts else None
    if x is not None:
        parts = _column_lines(parts, x, settings)
    for part, top in parts:
        blocks.append(((part.x0, top, part.x1, part.bottom), [_raw(part, (page.page_number, "text"))]))
    blocks.sort(key=lambda item: item[0][1])
    if x is not None:
        blocks = [blocks[i] for i in column_order([box for box, _ in blocks], float(page.width))]
    raw_page = RawPage(number=page.page_number, width=float(page.width), height=float(page.height),
                       images=objects.images, broken_stream=not chars and undecodable_content(page))
    for _, lines in blocks:
        raw_page.lines.extend(line for line in lines if line.text.strip())
    return raw_page, tables


def _mask(text: str) -> str:
    return _DIGITS.sub("#", " ".join(text.lower().split()))


def drop_running_lines(pages: list[RawPage], settings: PdfSettings) -> int:
    """Remove running headers, footers and page numbers in place; return how many lines went.

    A line counts only inside the top or bottom ``margin_band`` of its page, and never inside a
    table; and only when its text stands in the margins of more pages than in the body.
    """
    def margin(page: RawPage, line: RawLine) -> str | None:
        if line.table is not None:
            return None
        if line.bottom <= page.height * settings.margin_band:
            return "top"
        if line.top >= page.height * (1 - settings.margin_band):
            return "bottom"
        return None

    counts: Counter[tuple[str, str, int]] = Counter()
    body: Counter[str] = Counter()  # pages on which a text stands as a line of the body
    for page in pages:
        seen = set()
        in_body = set()
        for line in page.lines:
            band = margin(page, line)
            if band:
                seen.add((band, _mask(line.text), round(line.top / settings.position_tolerance)))
            elif line.table is None:
                in_body.add(_mask(line.text))
        counts.update(seen)
        body.update(in_body)
    needed = max(settings.repeat_min_pages, settings.repeat_share * len(pages))
    removed = 0
    for page in pages:
        kept: list[RawLine] = []
        for line in page.lines:
            band = margin(page, line)
            if band:
                key = round(line.top / settings.position_tolerance)
                masked = _mask(line.text)
                in_margin = max(counts[(band, masked, k)] for k in (key - 1, key, key + 1))
                # Furniture repeats in the margins more often than it stands in the body (a title
                # on page 1 and as a running header after it); a label or heading that merely
                # falls at the top of some pages stands in the body of more pages than that.
                repeated = in_margin >= needed and body[masked] < in_margin
                if (len(pages) > 1 and repeated) or _PAGE_NUMBER.match(line.text):
                    removed += 1
                    continue
            kept.append(line)
        page.lines = kept
    return removed


def _compounds(pages: list[RawPage]) -> set[str]:
    """Hyphenated words written unbroken anywhere in the document (lower case)."""
    found: set[str] = set()
    for page in pages:
        for line in page.lines:
            found.update(match.lower() for match in _COMPOUND.findall(line.text))
    return found


def keep_hyphen(head: str, tail: str, compounds: set[str]) -> bool:
    """Whether ``head-`` + ``tail`` across a line end is a real compound rather than a wrap.

    Args:
        head: The letters before the hyphen (end of one line).
        tail: The first word of the next line.
        compounds: Hyphenated words the document writes unbroken elsewhere.

    Returns:
        True to keep the hyphen ("B-cell", "anti-TNF", "post-exposure" seen elsewhere, or
        "well-established": both parts common words, the joined form no word, per wordfreq).
    """
    if len(head) <= 1 or head.isupper() or not tail[:1].islower():
        return True
    if f"{head}-{tail}".lower() in compounds:
        return True
    return _known_compound(head.lower(), tail.lower())


@functools.lru_cache(maxsize=4096)
def _known_compound(head: str, tail: str) -> bool:
    """Two common words whose concatenation is no word ("well-" + "established"), by wordfreq."""
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # pragma: no cover - wordfreq is a dependency
        return False
    return (zipf_frequency(head + tail, "en") == 0 and zipf_frequency(head, "en") >= 3
            and zipf_frequency(tail, "en") >= 3)


def rejoin_hyphens(pages: list[RawPage]) -> int:
    """Make words split by a line-end hyphen whole within one text block; return how many."""
    compounds = _compounds(pages)
    joined = 0
    for page in pages:
        lines = page.lines
        index = 0
        while index < len(lines) - 1:
            line, following = lines[index], lines[index + 1]
            url = _URL_END.search(line.text)
            below = following.block == line.block and following.top > line.top + 1.0
            if url and below and following.text[:1].isalnum():
                # A URL wrapped after a slash or hyphen continues on the next line without a space.
                piece = following.text.split(None, 1)
                line.text += piece[0]
                following.text = piece[1] if len(piece) > 1 else ""
                joined += 1
                if not following.text.strip():
                    del lines[index + 1]
                    continue
                index += 1
                continue
            match = _HYPHEN_END.search(line.text)
            if match and below:
                word = _FIRST_WORD.match(following.text)
                if word:
                    # A wrap artefact loses its hyphen; a real compound keeps it but is made whole.
                    # A soft hyphen (U+00AD) is always a wrap artefact.
                    kept = line.text[-1] != "\u00ad" and keep_hyphen(match.group("head"), word.group("word"), compounds)
                    line.text = (line.text if kept else line.text[:-1]) + word.group("word") + word.group("tail")
                    following.text = following.text[word.end():]
                    joined += 1
                    if not following.text.strip():
                        del lines[index + 1]
                        continue
            index += 1
    return joined


def mark_paragraphs(page: RawPage, settings: PdfSettings) -> None:
    """Set ``para`` on lines that start a paragraph (gap, size/weight change, bullet, new block)."""
    previous: RawLine | None = None
    for line in page.lines:
        if previous is None:
            line.para = True
        elif line.block != previous.block or abs(line.top - previous.top) < 1.0:
            line.para = True  # another block, or the next column of the same line
        elif line.table is None:
            gap = line.top - previous.top
            outdent = previous.x0 - line.x0 > 2 * max(line.size, previous.size)
            line.para = (gap > settings.paragraph_gap * max(line.size, previous.size) or outdent
                         or abs(line.size - previous.size) > 0.5 or line.bold != previous.bold
                         or (line.text[:1] in BULLETS and line.text[1:2] == " "))
        else:
            line.para = line.text[:1] in BULLETS and line.text[1:2] == " "
        previous = line


def assemble(source: str, pages: list[RawPage], tables: list[Table], metadata: dict[str, Any]) -> Document:
    """Join raw pages into a :class:`Document` with line offsets and table spans."""
    texts: list[str] = []
    placed: list[list[tuple[RawLine, int]]] = []
    for page in pages:
        parts: list[str] = []
        positions: list[tuple[RawLine, int]] = []
        length = 0
        for line in page.lines:
            if parts:
                separator = "\n\n" if line.para else "\n"
                parts.append(separator)
                length += len(separator)
            positions.append((line, length))
            parts.append(line.text)
            length += len(line.text)
        texts.append("".join(parts))
        placed.append(positions)
    document = Document.from_page_texts(source, "pdf", texts, tables=tables, metadata=metadata)
    spans: dict[int, list[int]] = defaultdict(lambda: [-1, -1, 0])
    for page, raw, positions in zip(document.pages, pages, placed, strict=True):
        page.width, page.height = raw.width, raw.height
        for line, at in positions:
            start = page.start + at
            document.lines.append(Line(text=line.text, start=start, end=start + len(line.text), page=page.number,
                                       size=line.size, bold=line.bold, x0=line.x0, top=line.top,
                                       lead_bold=line.lead_bold))
            if line.table is not None:
                span = spans[line.table]
                span[0] = start if span[0] < 0 else span[0]
                span[1] = start + len(line.text)
                span[2] = page.number
    document.metadata["table_spans"] = [
        {"table": index, "start": spans[index][0], "end": spans[index][1]} if index in spans
        else {"table": index, "start": None, "end": None} for index in range(len(tables))]
    return document


def read_pdf(path: str | os.PathLike[str], *, password: str | None = None) -> Document:
    """Read a PDF into a :class:`Document`: page texts, lines with font size and weight, tables.

    Args:
        path: The PDF file.
        password: Password of an encrypted PDF.

    Returns:
        The document, one :class:`~extractor.document.Page` per PDF page, running headers and
        footers removed, hyphenated wraps rejoined, paragraphs separated by a blank line.
        ``metadata["table_spans"]`` gives each table's ``start``/``end`` in the text.

    Raises:
        InputError: The PDF cannot be read, or no page has a text layer (image-only scan).
    """
    settings = PdfSettings()
    raw_pages: list[RawPage] = []
    tables: list[Table] = []
    with open_pdf(path, password=password) as pdf:
        for page in pdf.pages:
            try:
                raw_page, page_tables = read_page(page, len(tables), settings)
            except (MemoryError, RecursionError):
                raise  # the batch runner reports these as resource limits
            except Exception as exc:  # noqa: BLE001 - any parser failure on a hostile page is bad input
                raise InputError(path, f"page {page.page_number} unreadable ({type(exc).__name__})") from None
            finally:
                page.close()
            raw_pages.append(raw_page)
            tables.extend(page_tables)
        try:
            metadata = dict(pdf.metadata or {})
        except (MemoryError, RecursionError):
            raise
        except Exception:  # noqa: BLE001 - a broken Info dictionary loses only the metadata
            metadata = {}
    if not any(line.text.strip() for page in raw_pages for line in page.lines):
        if not any(page.images for page in raw_pages) and any(page.broken_stream for page in raw_pages):
            raise InputError(path, "corrupt or damaged PDF (page content cannot be decoded)")
        raise InputError(path, "PDF has no text layer (image-only or scanned); run OCR first")
    drop_running_lines(raw_pages, settings)
    if settings.rejoin_hyphens:
        rejoin_hyphens(raw_pages)
    for raw_page in raw_pages:
        mark_paragraphs(raw_page, settings)
    return assemble(str(path), raw_pages, tables, metadata)


__all__ = [
    "PAGE_SEPARATOR",
    "Page",
    "PdfSettings",
    "cell_text",
    "drop_running_lines",
    "is_bold",
    "keep_hyphen",
    "open_pdf",
    "read_pdf",
    "rejoin_hyphens",
]
