"""Change forms exported as an HTML page: the amendments table among the page's ``<table>`` elements.

Web exports (a content system's "export as HTML", a saved intranet page) keep the change form
as a real table. Each ``<table>`` is laid out on its grid — a ``colspan`` cell gives its text to
the first column it covers and ``""`` to the others, a ``rowspan`` cell repeats its text in the
rows it covers, as the Word reader does — and its cells are rendered with
:func:`~extractor.readers.html.html_to_text` (paragraphs as ``\\n``, list items as ``• ``).
Every table, with each of its first rows (or a two-row header) as header, is handed to
:func:`~extractor.changeform.roles.choose_table`, which picks the change table by header and
content. Text outside the tables before it is the form's metadata ("Policy: ...").
A table nested in a cell is part of that cell's text.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser

from extractor.changeform.fields import HeaderSynonyms
from extractor.changeform.model import ChangeForm, build_changeform, label_metadata
from extractor.changeform.roles import Grid, choose_table, header_choices
from extractor.errors import InputError, NotAChangeForm
from extractor.readers.html import html_to_text
from extractor.readers.text import load_text

_VOID = {"br", "hr", "img", "input", "meta", "link", "col", "wbr", "area", "base", "source"}


@dataclass
class _Cell:
    html: list[str] = field(default_factory=list)
    colspan: int = 1
    rowspan: int = 1


@dataclass
class HtmlTable:
    """One ``<table>`` as read: rows of cells (HTML, spans) and the text before it."""

    rows: list[list[_Cell]] = field(default_factory=list)
    before: str = ""


class _TableReader(HTMLParser):
    """Collects the outermost tables of a page and the HTML between them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[HtmlTable] = []
        self.trailing = ""  # the page's HTML after its last table (set by :meth:`close`)
        self._outside: list[str] = []
        self._depth = 0  # nesting of <table>
        self._cell: _Cell | None = None
        self._skip = 0

    def _emit(self, text: str) -> None:
        if self._cell is not None:
            self._cell.html.append(text)
        elif self._depth == 0:
            self._outside.append(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style", "head", "title"}:
            self._skip += 1
            return
        if tag == "table":
            self._depth += 1
            if self._depth == 1:
                self.tables.append(HtmlTable(before="".join(self._outside)))
                self._outside = []
                return
        if self._depth == 1 and tag == "tr":
            self.tables[-1].rows.append([])
            return
        if self._depth == 1 and tag in {"td", "th"}:
            values = dict(attrs)
            self._cell = _Cell(colspan=_span(values.get("colspan")), rowspan=_span(values.get("rowspan")))
            if not self.tables[-1].rows:
                self.tables[-1].rows.append([])
            self.tables[-1].rows[-1].append(self._cell)
            return
        self._emit(self.get_starttag_text() or f"<{tag}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._emit(self.get_starttag_text() or f"<{tag}/>")

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style", "head", "title"}:
            self._skip = max(0, self._skip - 1)
            return
        if tag == "table":
            self._depth = max(0, self._depth - 1)
            if self._depth == 0:
                self._cell = None
                return
        if self._depth == 1 and tag in {"td", "th"}:
            self._cell = None
            return
        if self._depth == 1 and tag in {"tr", "thead", "tbody", "tfoot"}:
            return
        if tag not in _VOID:
            self._emit(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self._emit(escape(data, quote=False))

    def close(self) -> None:
        super().close()
        self.trailing = "".join(self._outside)


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 100))
    except ValueError:
        return 1


def read_tables(page: str) -> tuple[list[HtmlTable], str]:
    """The outermost tables of an HTML page, in order, and the page's HTML after the last one."""
    reader = _TableReader()
    reader.feed(page)
    reader.close()
    return reader.tables, reader.trailing


def lay_out(table: HtmlTable) -> list[list[str]]:
    """The table's rows as one text per grid column (colspan: first column; rowspan: repeated)."""
    grid: list[list[str]] = []
    pending: dict[tuple[int, int], str] = {}  # (row, column) filled by a rowspan from above
    for r, cells in enumerate(table.rows):
        row: list[str] = []
        column = 0
        queue = list(cells)
        while queue or (r, column) in pending:
            if (r, column) in pending:
                row.append(pending.pop((r, column)))
                column += 1
                continue
            cell = queue.pop(0)
            text = html_to_text("".join(cell.html))
            for k in range(cell.colspan):
                value = text if k == 0 else ""
                row.append(value)
                for below in range(1, cell.rowspan):
                    pending[(r + below, column + k)] = value
            column += cell.colspan
        grid.append(row)
    width = max((len(row) for row in grid), default=0)
    return [(row + [""] * width)[:width] for row in grid]


def parse_html_changeform(page: str, source: str, *, synonyms: HeaderSynonyms | None = None) -> ChangeForm:
    """Read the change table of an HTML page.

    Raises:
        NotAChangeForm: No table reads as a change table.
        InputError: The change table has a header but no rows.
    """
    tables, trailing = read_tables(page)
    grids = []
    laid = [lay_out(table) for table in tables]
    for position, rows in enumerate(laid):
        for first, count, header in header_choices(rows):
            body = [row for row in rows[first + count:] if any(cell.strip() for cell in row)]
            grids.append(Grid([" ".join(cell.split()) for cell in header], body, key=(position, first, count)))
    chosen = choose_table(grids, synonyms=synonyms)
    if chosen is None:
        raise NotAChangeForm(source, "no change table found (no table whose header or columns read as "
                                     "original/new text, section, reason, author or date)")
    grid, _roles = chosen
    position = grid.key[0]  # type: ignore[index]
    header = grid.header
    copies = {tuple(" ".join(c.split()).lower() for c in header)}
    rows = [(row, [1]) for row in grid.rows if tuple(" ".join(c.split()).lower() for c in row) not in copies]
    if not rows:
        raise InputError(source, "change table has a header but no rows")
    before = [line for table in tables[:position + 1] for line in html_to_text(table.before).split("\n")]
    after = [line for html in [*(t.before for t in tables[position + 1:]), trailing]
             for line in html_to_text(html).split("\n")]
    metadata = label_metadata([line for line in before if line.strip()])
    return build_changeform(source, "html", 1, header, None, rows, metadata, synonyms=synonyms,
                            context=before + after)


def read_html_changeform(path: str | os.PathLike[str], *, synonyms: HeaderSynonyms | None = None) -> ChangeForm:
    """Read a change form from an HTML page with a ``<table>``."""
    return parse_html_changeform(load_text(path), str(path), synonyms=synonyms)


__all__ = ["HtmlTable", "lay_out", "parse_html_changeform", "read_html_changeform", "read_tables"]
