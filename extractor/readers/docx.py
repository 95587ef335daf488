"""Word documents (.docx) with python-docx: body paragraphs, list bullets and tables.

Each paragraph (and each table row, its cells joined by tabs) is one line of the text. Lines
carry the paragraph's effective font size and weight (direct formatting, then the run's and the
paragraph's style and their base styles, then the document defaults) and, for paragraphs styled
as headings, their outline level; ``metadata["table_spans"]`` gives each table's ``start``/``end``
in the text, as the PDF reader does.
"""

from __future__ import annotations

import os
import re
import zipfile
from collections import Counter
from typing import Any

import docx
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from extractor.document import Document, Line, Table
from extractor.errors import InputError
from extractor.readers.docx_numbering import ListNumbering
from extractor.readers.html import BULLET
from extractor.vocabulary import BULLET_GLYPHS


def open_docx(path: str | os.PathLike[str]) -> DocxDocument:
    """Open a .docx file, raising :class:`InputError` when it is not a readable Word file."""
    try:
        return docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError(path, f"unreadable Word document ({type(exc).__name__}: {exc})") from None
    except Exception as exc:  # python-docx raises lxml and package errors of many kinds
        raise InputError(path, f"unreadable Word document ({type(exc).__name__})") from None


#: Containers whose runs are not part of the paragraph's accepted text: tracked deletions, the
#: source of a tracked move, and text boxes anchored in the paragraph (their own paragraphs).
_HIDDEN_CONTAINERS = frozenset({qn("w:del"), qn("w:moveFrom"), qn("w:txbxContent")})
_RUN = qn("w:r")


def accepted_text(paragraph: Paragraph) -> str:
    """A paragraph's text as if every tracked change were accepted.

    Unlike python-docx's ``Paragraph.text``, runs nested in tracked insertions (``w:ins``,
    ``w:moveTo``), content controls (``w:sdt``), simple fields (``w:fldSimple``) and smart
    tags are kept; runs in tracked deletions and text boxes are left out. Each run is rendered
    by python-docx's own ``CT_R.text`` (tabs, breaks, non-breaking hyphens).
    """
    return "".join(run.text for run in _accepted_runs(paragraph))


def _accepted_runs(paragraph: Paragraph) -> list[Run]:
    """The runs :func:`accepted_text` keeps (not inside a deletion or text box), as python-docx runs."""
    root = paragraph._p
    runs: list[Run] = []
    for run in root.iter(_RUN):
        node = run.getparent()
        while node is not None and node is not root and node.tag not in _HIDDEN_CONTAINERS:
            node = node.getparent()
        if node is root:
            runs.append(Run(run, paragraph))
    return runs


def _inherited(style: Any, get: Any) -> Any:
    """The first value ``get(style)`` gives that is not None, walking up the base styles."""
    seen = 0
    while style is not None and seen < 20:
        value = get(style)
        if value is not None:
            return value
        style = style.base_style
        seen += 1
    return None


def _default_size(word: DocxDocument) -> float:
    """The document's default font size in points (``w:docDefaults``; Word's own default is 10)."""
    defaults = word.styles.element.find(qn("w:docDefaults"))
    size = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:sz')}") if defaults is not None else None
    try:
        return int(size.get(qn("w:val"))) / 2 if size is not None else 10.0
    except (TypeError, ValueError):
        return 10.0


_HEADING_STYLE = re.compile(r"^heading\s*(\d)$", re.IGNORECASE)


def _outline_level(paragraph: Paragraph) -> int | None:
    """1-based outline level of a heading paragraph (its own or its style's ``w:outlineLvl``, or a
    "Heading N" style), or None for body text."""
    def own(element: Any) -> int | None:
        props = element.find(qn("w:pPr"))
        level = props.find(qn("w:outlineLvl")) if props is not None else None
        if level is None:
            return None
        try:
            value = int(level.get(qn("w:val")))
        except (TypeError, ValueError):
            return None
        return value + 1 if 0 <= value < 9 else 0  # 9 is "body text"

    level = own(paragraph._p)
    if level is None and style_of(paragraph) is not None:
        level = _inherited(style_of(paragraph), lambda s: own(s.element))
        if level is None:
            match = _HEADING_STYLE.match(style_of(paragraph).name or "")
            level = int(match.group(1)) if match else None
    return level or None


def bold_lead(paragraph: Paragraph) -> str:
    """The text of the bold runs opening a paragraph whose other runs are not bold (a run-in label
    such as "Referral criteria:"), or "" when there is none."""
    style_bold = _inherited(style_of(paragraph), lambda s: s.font.bold)
    lead: list[str] = []
    rest = False
    for run in _accepted_runs(paragraph):
        if not run.text:
            continue
        char_style = run.style if run._r.rPr is not None and run._r.rPr.rStyle is not None else None
        bold = run.bold
        if bold is None:
            bold = _inherited(char_style, lambda s: s.font.bold)
        if bold is None:
            bold = style_bold
        if bold and not rest:
            lead.append(run.text)
        elif run.text.strip():
            rest = True
            if bold:  # bold again later: not a run-in label alone
                return ""
    return "".join(lead) if rest and "".join(lead).strip() else ""


def paragraph_font(paragraph: Paragraph, default_size: float) -> tuple[float, bool]:
    """The font size and weight carrying most of a paragraph's characters, as Word would apply them."""
    style = style_of(paragraph)
    style_size = _inherited(style, lambda s: s.font.size)
    style_bold = _inherited(style, lambda s: s.font.bold)
    counts: Counter[tuple[float, bool]] = Counter()
    for run in _accepted_runs(paragraph):
        text = run.text.strip()
        if not text:
            continue
        char_style = run.style if run._r.rPr is not None and run._r.rPr.rStyle is not None else None
        size = run.font.size or _inherited(char_style, lambda s: s.font.size) or style_size
        bold = run.bold
        if bold is None:
            bold = _inherited(char_style, lambda s: s.font.bold)
        if bold is None:
            bold = style_bold
        counts[(round(size.pt, 1) if size is not None else default_size, bool(bold))] += len(text)
    if not counts:
        return (round(style_size.pt, 1) if style_size is not None else default_size), bool(style_bold)
    return counts.most_common(1)[0][0]


def style_of(paragraph: Paragraph) -> Any:
    """``paragraph.style``, resolved once per document and style id.

    python-docx resolves a paragraph without a ``w:pStyle`` by scanning every style for the
    default on each call, which made reading a long document quadratic; the resolved style is
    kept on the document part, per style id.
    """
    cache = paragraph.part.__dict__.setdefault("_extractor_styles", {})
    key = paragraph._p.style
    if key not in cache:
        cache[key] = paragraph.style
    return cache[key]


def paragraph_text(paragraph: Paragraph, numbering: ListNumbering | None = None) -> str:
    """Return a paragraph's text, prefixed with ``• `` when Word numbers it as a list item.

    Args:
        paragraph: The paragraph.
        numbering: The document's list numbering; when given, a numbered item is prefixed with
            the label Word prints ("A.", "2.", "iii.") and a bulleted one with its bullet glyph.
            Call it for every paragraph in reading order (the counters advance).
    """
    text = accepted_text(paragraph).strip()
    if not text:
        return ""
    label = numbering.label(paragraph) if numbering is not None else None
    if label is not None:
        marker = label[0].strip()
        if not marker:
            return text
        if not any(ch.isalnum() for ch in marker):
            return (marker if marker in BULLET_GLYPHS else "•") + " " + text
        return f"{marker} {text}"
    props = paragraph._p.pPr
    is_list = props is not None and props.find(qn("w:numPr")) is not None
    style = (style_of(paragraph).name or "").lower() if style_of(paragraph) is not None else ""
    if text[0] in "•●▪◦":
        return BULLET + text[1:].lstrip()
    if is_list or "list bullet" in style:
        return BULLET + text
    return text


#: Indent of one list level, in points (Word's default numbering indents by a quarter inch).
LIST_LEVEL_INDENT = 18.0


def paragraph_indent(paragraph: Paragraph) -> float:
    """Where a paragraph's first line starts, in points: a list item's level (``w:ilvl``, or the
    digit of a "List Bullet 2" style), else its own or its style's left indent less a hanging
    first line, else 0."""
    props = paragraph._p.pPr
    numbering = props.find(qn("w:numPr")) if props is not None else None
    style = (style_of(paragraph).name or "") if style_of(paragraph) is not None else ""
    if numbering is not None:
        level = numbering.find(qn("w:ilvl"))
        return LIST_LEVEL_INDENT * (int(level.get(qn("w:val"), "0")) + 1) if level is not None else LIST_LEVEL_INDENT
    styled = re.match(r"list(?: bullet| number| paragraph| continue)?\s*(\d)?$", style.strip(), re.IGNORECASE)
    if styled:
        return LIST_LEVEL_INDENT * int(styled.group(1) or 1)
    try:
        indent = paragraph.paragraph_format.left_indent
        first = paragraph.paragraph_format.first_line_indent
        if style_of(paragraph) is not None:
            indent = indent if indent is not None else style_of(paragraph).paragraph_format.left_indent
            first = first if first is not None else style_of(paragraph).paragraph_format.first_line_indent
    except (ValueError, AttributeError):
        indent, first = None, None
    # Where the first line starts: a hanging paragraph ("1.1<TAB>text") puts its number left of its text.
    left = (indent.pt if indent is not None else 0.0) + (first.pt if first is not None and first.pt < 0 else 0.0)
    return round(max(left, 0.0), 1)


def _first_line(numbering: ListNumbering, paragraph: Paragraph) -> float:
    """Where a paragraph's first line starts: its list level's indent when numbered (0 is a real
    indent: a list at the margin), else :func:`paragraph_indent`."""
    level = numbering.indent(paragraph)
    return level if level is not None else paragraph_indent(paragraph)


def cell_text(cell: object) -> str:
    """Return a table cell's paragraphs joined by ``\\n``, bullets kept."""
    parts = [paragraph_text(p) for p in cell.paragraphs]  # type: ignore[attr-defined]
    return "\n".join(part for part in parts if part)


def _unique_cells(row: Any) -> list[tuple[int, Any]]:
    """A row's cells with their column numbers, a horizontally merged cell counted once."""
    cells: list[tuple[int, Any]] = []
    seen: set[int] = set()
    for cell in row.cells:
        if id(cell._tc) not in seen:
            seen.add(id(cell._tc))
            cells.append((len(cells), cell))
    return cells


def table_rows(table: DocxTable) -> list[list[str]]:
    """Return a Word table as rows of cell texts (horizontally merged cells counted once)."""
    return [[cell_text(cell) for _column, cell in _unique_cells(row)] for row in table.rows]


def read_docx(path: str | os.PathLike[str]) -> Document:
    """Read a .docx into a one-page :class:`Document` with its tables.

    Raises:
        InputError: The file is not a readable Word document or holds no text.
    """
    word = open_docx(path)
    default_size = _default_size(word)
    numbering = ListNumbering(word)
    # (text, size, bold, outline level, table index, indent)
    # indent: a paragraph's, or for a table row (per-line indents, per-line cell columns)
    blocks: list[tuple[str, float, bool, int | None, int | None, float | tuple[list[float], list[int]] | None]] = []
    leads: dict[int, str] = {}  # block index → bold run-in text opening it
    tables: list[Table] = []
    body = word.element.body
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            paragraph = Paragraph(child, word)
            text = paragraph_text(paragraph, numbering)
            if text:
                size, bold = paragraph_font(paragraph, default_size)
                lead = "" if bold else bold_lead(paragraph)
                if lead:
                    leads[len(blocks)] = lead.strip()
                blocks.append((text, size, bold, _outline_level(paragraph), None,
                               _first_line(numbering, paragraph)))
        elif child.tag == qn("w:tbl"):
            table = DocxTable(child, word)
            rows = table_rows(table)
            tables.append(Table(rows=rows, pages=[[1] for _ in rows]))
            for row, cells in zip(table.rows, rows, strict=False):
                fonts: Counter[tuple[float, bool]] = Counter()
                bold_cells: list[bool] = []
                for cell in row.cells:
                    cell_fonts: Counter[bool] = Counter()
                    for paragraph in cell.paragraphs:
                        font = paragraph_font(paragraph, default_size)
                        fonts[font] += len(paragraph.text.strip())
                        cell_fonts[font[1]] += len(paragraph.text.strip())
                    if sum(cell_fonts.values()):
                        bold_cells.append(cell_fonts[True] > cell_fonts[False])
                size, _ = fonts.most_common(1)[0][0] if fonts else (default_size, False)
                # A row is bold when every cell is (a header row), not when its label cell outweighs its text.
                bold = bool(bold_cells) and all(bold_cells)
                # One line per row, so "Label<TAB>text" reads as a labelled row; the last cell's
                # further paragraphs and list items follow on lines of their own, with their indents.
                # In a row of three cells or more ("Initiation | criteria list | documentation",
                # "Item | Condition | Circumstances | Period") every cell after the first is read that
                # way (its paragraphs each a line, with their column), so a list in a middle cell
                # keeps its items.
                unique = _unique_cells(row)
                spread = len(unique) >= 3
                listed = unique[1:] if spread else unique[-1:]
                texts = [(text, p, column) for column, cell in listed
                         for p in cell.paragraphs if (text := paragraph_text(p, numbering))]
                kept = [cell.replace("\n", " ") for cell in cells[:len(cells) - len(listed)]] if not spread \
                    else [cells[0].replace("\n", " ")]
                head = "\t".join(kept + [texts[0][0]]) if texts else "\t".join(kept)
                body = "\n".join([head] + [text for text, _p, _c in texts[1:]])
                indents = [_first_line(numbering, p) for _t, p, _c in texts]
                columns = [column for _t, _p, column in texts]
                if columns and kept:
                    columns[0] = 0  # the row's first line opens with its first cell
                blocks.append((body, size, bold, None, len(tables) - 1, (indents, columns) if texts else None))
    text = "\n".join(block[0] for block in blocks)
    if not text.strip():
        raise InputError(path, "Word document holds no text")
    lines: list[Line] = []
    spans: dict[int, list[int]] = {}
    offset = 0
    for block_index, (block, size, bold, level, table_index, indent) in enumerate(blocks):
        for number, match in enumerate(re.finditer(r"[^\n]+", block)):
            piece = match.group(0)
            stripped = piece.strip()
            if stripped:
                start = offset + match.start() + len(piece) - len(piece.lstrip())
                column = None
                if isinstance(indent, tuple):  # a table row: per-line indents and cell columns
                    own = indent[0][number] if number < len(indent[0]) else None
                    column = indent[1][number] if number < len(indent[1]) else None
                else:
                    own = indent
                lead = leads.get(block_index, "") if number == 0 else ""
                lines.append(Line(text=stripped, start=start, end=start + len(stripped), page=1, size=size,
                                  bold=bold, level=level, indent=own, column=column,
                                  lead_bold=len(lead) if lead and stripped.startswith(lead) else 0))
        if table_index is not None:
            span = spans.setdefault(table_index, [offset, offset])
            span[1] = offset + len(block)
        offset += len(block) + 1
    metadata = {"table_spans": [{"table": index, "start": spans[index][0], "end": spans[index][1]}
                                if index in spans else {"table": index, "start": None, "end": None}
                                for index in range(len(tables))]}
    return Document.from_page_texts(str(path), "docx", [text], lines=lines, tables=tables, metadata=metadata)
