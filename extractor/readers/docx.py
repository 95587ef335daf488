"""Word documents (.docx) with python-docx: body paragraphs, list bullets and tables."""

from __future__ import annotations

import os
import zipfile

import docx
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph

from extractor.document import Document, Table
from extractor.errors import InputError
from extractor.readers.html import BULLET


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
    root = paragraph._p
    parts: list[str] = []
    for run in root.iter(_RUN):
        node = run.getparent()
        while node is not None and node is not root and node.tag not in _HIDDEN_CONTAINERS:
            node = node.getparent()
        if node is root:
            parts.append(run.text)
    return "".join(parts)


def paragraph_text(paragraph: Paragraph) -> str:
    """Return a paragraph's text, prefixed with ``• `` when Word numbers it as a bullet list item."""
    text = accepted_text(paragraph).strip()
    if not text:
        return ""
    props = paragraph._p.pPr
    is_list = props is not None and props.find(qn("w:numPr")) is not None
    style = (paragraph.style.name or "").lower() if paragraph.style is not None else ""
    if text[0] in "•●▪◦":
        return BULLET + text[1:].lstrip()
    if is_list or "list bullet" in style:
        return BULLET + text
    return text


def cell_text(cell: object) -> str:
    """Return a table cell's paragraphs joined by ``\\n``, bullets kept."""
    parts = [paragraph_text(p) for p in cell.paragraphs]  # type: ignore[attr-defined]
    return "\n".join(part for part in parts if part)


def table_rows(table: DocxTable) -> list[list[str]]:
    """Return a Word table as rows of cell texts (horizontally merged cells counted once)."""
    rows: list[list[str]] = []
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(cell_text(cell))
        rows.append(cells)
    return rows


def read_docx(path: str | os.PathLike[str]) -> Document:
    """Read a .docx into a one-page :class:`Document` with its tables.

    Raises:
        InputError: The file is not a readable Word document or holds no text.
    """
    word = open_docx(path)
    blocks: list[str] = []
    tables: list[Table] = []
    body = word.element.body
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            text = paragraph_text(Paragraph(child, word))
            if text:
                blocks.append(text)
        elif child.tag == qn("w:tbl"):
            rows = table_rows(DocxTable(child, word))
            tables.append(Table(rows=rows, pages=[[1] for _ in rows]))
            blocks.extend("\t".join(cell.replace("\n", " ") for cell in row) for row in rows)
    text = "\n".join(blocks)
    if not text.strip():
        raise InputError(path, "Word document holds no text")
    return Document.from_page_texts(str(path), "docx", [text], tables=tables)
