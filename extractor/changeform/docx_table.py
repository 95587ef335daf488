"""Change forms written in Word: the amendments table of a ``.docx`` file.

The body is walked in order (paragraphs and tables, also inside block content controls). Each table is laid out on its grid: a
horizontally merged cell gives its text to the first column it covers and ``""`` to the
others, and a vertically merged cell repeats its text in every row it covers (each change row
then carries the section or author it shares with its neighbours). The change table is the
one that :func:`~extractor.changeform.roles.choose_table` picks by header and content, with
each of the first rows (or two rows: a group label over sub-headings) tried as its header. A table that continues it after a page or
section break (same number of columns, with only empty paragraphs between, or starting with
a copy of the header) is joined to it. Header rows that Word repeats ("repeat as header row")
or that were copied into the table are dropped, as are empty rows.

Metadata ("Product name: ..." lines or two-column label tables before the change table) is
read with the same label pattern as the text export reader.

Word files have no fixed pages. When Word saved the file it left ``w:lastRenderedPageBreak``
marks where its last layout started each page; rows are paged from those (a row with a mark
inside a cell spans two pages). Files without marks (written by other programs) are paged from
explicit page breaks and new-page section breaks.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from dataclasses import dataclass, field

from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph

from extractor.changeform.fields import HeaderSynonyms
from extractor.changeform.model import ChangeForm, build_changeform, label_metadata
from extractor.changeform.roles import Grid, choose_table, header_choices
from extractor.errors import InputError, NotAChangeForm
from extractor.readers.docx import cell_text, open_docx, paragraph_text



@dataclass
class _Block:
    """A table of the body, laid out on its grid, with the pages of its rows and the text before it."""

    rows: list[list[str]]
    header_flags: list[bool]
    row_pages: list[list[int]]
    gap_text: list[str] = field(default_factory=list)


class _Pager:
    """Follows page numbers through the body.

    Uses Word's ``w:lastRenderedPageBreak`` marks when the file has any; otherwise explicit page
    breaks (``w:br w:type="page"``, ``w:pageBreakBefore``) and section breaks that start a new page.
    """

    def __init__(self, body: object) -> None:
        self.page = 1
        self.rendered = next(body.iter(qn("w:lastRenderedPageBreak")), None) is not None  # type: ignore[attr-defined]
        sections = list(body.iter(qn("w:sectPr")))  # type: ignore[attr-defined]
        # A paragraph's sectPr ends a section; whether a new page follows is the NEXT section's type.
        self._next_type = {sect: _section_type(following) for sect, following in itertools.pairwise(sections)}

    def paragraph(self, element: object) -> None:
        """Advance past a body paragraph."""
        if self.rendered:
            self.page += sum(1 for _ in element.iter(qn("w:lastRenderedPageBreak")))  # type: ignore[attr-defined]
            return
        self.page += sum(1 for br in element.iter(qn("w:br")) if br.get(qn("w:type")) == "page")  # type: ignore[attr-defined]
        properties = element.find(qn("w:pPr"))  # type: ignore[attr-defined]
        if properties is None:
            return
        if properties.find(qn("w:pageBreakBefore")) is not None:
            self.page += 1
        sect = properties.find(qn("w:sectPr"))
        if sect is not None and self._next_type.get(sect, "nextPage") != "continuous":
            self.page += 1

    def row(self, tr: object) -> list[int]:
        """Advance past a table row and return the pages it is on."""
        if not self.rendered:
            return [self.page]
        stats = [_cell_breaks(tc) for tc in tr.iterchildren(qn("w:tc"))]  # type: ignore[attr-defined]
        breaks = max((count for count, _ in stats), default=0)
        if not breaks:
            return [self.page]
        starts_on_next = not any(before for count, before in stats if count)
        first = self.page + (1 if starts_on_next else 0)
        self.page += breaks
        return list(range(first, self.page + 1))


def _section_type(sect: object) -> str:
    kind = sect.find(qn("w:type"))  # type: ignore[attr-defined]
    return "nextPage" if kind is None else kind.get(qn("w:val"), "nextPage")


def _cell_breaks(tc: object) -> tuple[int, bool]:
    """Count rendered page breaks in a cell, and whether any text precedes the first one."""
    count, text_before = 0, False
    for element in tc.iter(qn("w:t"), qn("w:lastRenderedPageBreak")):  # type: ignore[attr-defined]
        if element.tag == qn("w:lastRenderedPageBreak"):
            count += 1
        elif not count and (element.text or "").strip():
            text_before = True
    return count, text_before


def _norm(cells: list[str]) -> list[str]:
    return [" ".join(cell.split()).lower() for cell in cells]


def _grid_rows(table: DocxTable, pager: _Pager) -> tuple[list[list[str]], list[bool], list[list[int]]]:
    """Return the table's rows as one text per grid column, which rows Word marks as header, and their pages.

    Horizontally merged cells fill their first grid column; vertically merged cells repeat.
    """
    width = len(table.columns)
    rows: list[list[str]] = []
    flags: list[bool] = []
    pages: list[list[int]] = []
    for row in table.rows:
        pages.append(pager.row(row._tr))
        cells: list[str] = [""] * row.grid_cols_before
        previous_tc = None
        for cell in row.cells:
            if cell._tc is previous_tc:
                cells.append("")  # further grid columns of a horizontally merged cell
                continue
            previous_tc = cell._tc
            cells.append(cell_text(cell))
        rows.append((cells + [""] * width)[:width])
        properties = row._tr.trPr
        marker = properties.find(qn("w:tblHeader")) if properties is not None else None
        flags.append(marker is not None and marker.get(qn("w:val"), "true") not in ("0", "false", "off"))
    return rows, flags, pages


def _body_elements(container: object) -> Iterator[object]:
    """Yield the paragraphs and tables of the body in order, also those inside content controls."""
    for child in container.iterchildren():  # type: ignore[attr-defined]
        if child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _body_elements(content)
        elif child.tag in (qn("w:p"), qn("w:tbl")):
            yield child


def _walk(word: DocxDocument) -> tuple[list[str], list[_Block], int, list[str]]:
    """Return the paragraph texts before the first table, every table as a block, the page count, and
    the paragraph texts after the last table."""
    preamble: list[str] = []
    blocks: list[_Block] = []
    gap: list[str] = []
    body = word.element.body
    pager = _Pager(body)
    for child in _body_elements(body):
        if child.tag == qn("w:p"):
            text = paragraph_text(Paragraph(child, word))
            if text:
                (gap if blocks else preamble).append(text)
            pager.paragraph(child)
        else:
            rows, flags, pages = _grid_rows(DocxTable(child, word), pager)
            blocks.append(_Block(rows=rows, header_flags=flags, row_pages=pages, gap_text=gap))
            gap = []
    return preamble, blocks, pager.page, gap


def _metadata_lines(preamble: list[str], blocks: list[_Block], table_at: int) -> list[str]:
    """Lines before the change table: paragraphs, and two-column label tables as ``label: value``."""
    lines = list(preamble)
    for block in blocks[:table_at + 1]:
        lines.extend(block.gap_text)
        if block is blocks[table_at]:
            break
        for cells in block.rows:
            filled = [" ".join(cell.split()) for cell in cells if cell.strip()]
            if len(filled) == 2 and len(filled[0]) <= 60:
                lines.append(f"{filled[0].rstrip(':')}: {filled[1]}")
            elif len(filled) == 1 and len(filled[0]) <= 60:
                lines.append(f"{filled[0].rstrip(':')}:")
    return lines


def _continues(block: _Block, headers: set[tuple[str, ...]], width: int) -> bool:
    """Whether ``block`` continues the change table whose header rows are ``headers``."""
    if not block.rows or len(block.rows[0]) != width:
        return False
    starts_with_header = tuple(_norm(block.rows[0])) in headers or block.header_flags[0]
    return starts_with_header or not block.gap_text


def _data_rows(block: _Block, headers: set[tuple[str, ...]], start: int) -> Iterator[tuple[list[str], list[int]]]:
    """Yield (cells, pages) of the block's change rows from ``start``, header copies and empty rows left out."""
    for index in range(start, len(block.rows)):
        cells = block.rows[index]
        if block.header_flags[index] or tuple(_norm(cells)) in headers:
            continue  # a header row repeated by Word or copied into the table
        if not any(cell.strip() for cell in cells):
            continue
        yield cells, block.row_pages[index]


def parse_docx_changeform(word: DocxDocument, source: str, *, synonyms: HeaderSynonyms | None = None) -> ChangeForm:
    """Read the change table of an open Word document.

    Args:
        word: The python-docx document.
        source: Its path, for the model and error messages.
        synonyms: Header wordings (the packaged ones by default).

    Returns:
        The change form (``format="docx"``).

    Raises:
        InputError: The document has no text, no change table, or a change table without rows.
    """
    preamble, blocks, pages, trailing = _walk(word)
    if not blocks:
        if not preamble:
            raise InputError(source, "Word document holds no text")
        raise NotAChangeForm(source, "no change table found (the Word document has no tables)")
    grids = []
    for position, block in enumerate(blocks):
        for header_row, header_rows, cells in header_choices(block.rows):
            header = [" ".join(cell.split()) for cell in cells]
            copies = {tuple(_norm(block.rows[header_row + k])) for k in range(header_rows)} | {tuple(_norm(header))}
            body = [row for row, _ in _data_rows(block, copies, header_row + header_rows)]
            grids.append(Grid(header, body, key=(position, header_row, header_rows)))
    chosen = choose_table(grids, synonyms=synonyms)
    if chosen is None:
        raise NotAChangeForm(source, "no change table found (no table whose header or columns read as "
                                     "original/new text, section, reason, author or date)")
    table_at, header_row, header_rows = chosen[0].key  # type: ignore[misc]
    main = blocks[table_at]
    header = chosen[0].header
    copies = {tuple(_norm(main.rows[header_row + k])) for k in range(header_rows)} | {tuple(_norm(header))}
    rows = list(_data_rows(main, copies, header_row + header_rows))
    for block in blocks[table_at + 1:]:
        if not _continues(block, copies, len(header)):
            break
        rows.extend(_data_rows(block, copies, 0))
    if not rows:
        raise InputError(source, "change table has a header but no rows")
    before = _metadata_lines(preamble, blocks, table_at)
    after = [line for block in blocks[table_at + 1:] for line in block.gap_text] + trailing
    return build_changeform(source, "docx", pages, header, None, rows, label_metadata(before), synonyms=synonyms,
                            context=before + after)


def read_docx_changeform(path: str | os.PathLike[str], *, synonyms: HeaderSynonyms | None = None) -> ChangeForm:
    """Read a change form from a ``.docx`` file.

    Args:
        path: The Word file.

    Returns:
        The change form.

    Raises:
        InputError: Not a readable Word document, no text, or no change table.
    """
    return parse_docx_changeform(open_docx(path), str(path), synonyms=synonyms)


__all__ = ["parse_docx_changeform", "read_docx_changeform"]
