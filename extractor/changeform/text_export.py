"""Change forms exported as text: tab-separated rows whose cells may hold HTML fragments.

Content systems export a change form as lines of tab-separated cells, a blank line where the
source had a page break, and cell text as HTML fragments (``<p>``, ``<ul>``). A row that the
page break split continues on the first line after it, with its identifying cells (reason,
author, date) empty; that line is merged into the row above.
"""

from __future__ import annotations

import os
import re

from extractor.changeform.fields import HeaderSynonyms
from extractor.changeform.model import ChangeForm, build_changeform, join_continuation, label_metadata
from extractor.changeform.roles import Grid, Roles, choose_table, looks_like_header
from extractor.errors import InputError, NotAChangeForm
from extractor.readers.html import html_to_text, looks_like_html
from extractor.readers.text import load_text

#: Fields that every real change row fills in; a line with all of them empty continues a row.
IDENTITY_FIELDS = ("reason", "changed_by", "date")


def cell_text(raw: str) -> str:
    """Render one exported cell (HTML fragment or plain text) as text."""
    return html_to_text(raw) if looks_like_html(raw) else " ".join(raw.split())


#: Lines of tab-separated cells after a candidate header read to judge it (the table's first rows).
SAMPLE_ROWS = 40
#: Candidate header lines tried (the first lines with tab-separated cells).
CANDIDATES = 8


def _find_header(lines: list[str], synonyms: HeaderSynonyms | None = None) -> tuple[int, Roles | None]:
    """The line of the change table's header, judged by header and content (:func:`choose_table`)."""
    tabbed = [number for number, line in enumerate(lines) if "\t" in line]
    grids = []
    # Header candidates: lines of three or more cells shaped like labels, the first few of them
    # (lines of "Label<TAB>value" metadata above the table have two).
    shaped = [number for number in tabbed if lines[number].count("\t") >= 2
              and looks_like_header([cell_text(cell) for cell in lines[number].split("\t")])]
    for number in shaped[:CANDIDATES]:
        header = [cell_text(cell) for cell in lines[number].split("\t")]
        body = [[cell_text(cell) for cell in lines[n].split("\t")] for n in tabbed if n > number][:SAMPLE_ROWS]
        grids.append(Grid(header, body, key=number))
    chosen = choose_table(grids, synonyms=synonyms)
    if chosen is None:
        return -1, None
    return int(chosen[0].key), chosen[1]  # type: ignore[call-overload]


def _is_continuation(cells: list[str], fields: list[str | None], after_break: bool) -> bool:
    if not any(cells):
        return False
    identity = _identity(fields)
    if identity:
        return all(not cells[i] for i in identity if i < len(cells))
    return after_break and not cells[0]


def parse_export(text: str, source: str, *, synonyms: HeaderSynonyms | None = None) -> ChangeForm:
    """Parse exported change-form text into a :class:`ChangeForm`.

    The rows are cut with the roles the table's first rows give; when the roles of the whole
    table name other identifying columns (reason, author, date), the rows are cut again with them.

    Args:
        text: The file's text.
        source: Its path, for the model and error messages.
        synonyms: Header wordings (the packaged ones by default).

    Returns:
        The change form.

    Raises:
        NotAChangeForm: No line reads as the header of a change table.
        InputError: The change table has a header but no rows.
    """
    lines = text.replace("\r\n", "\n").split("\n")
    header_at, roles = _find_header(lines, synonyms)
    if header_at < 0 or roles is None:
        raise NotAChangeForm(source, "no change table found (no table whose header or columns read as "
                                     "original/new text, section, reason, author or date)")
    metadata = label_metadata(line.strip() for line in lines[:header_at] if line.strip())
    header = [cell_text(cell) for cell in lines[header_at].split("\t")]
    before = [line.strip() for line in lines[:header_at] if line.strip()]
    fields = roles.fields
    for _ in range(2):
        rows, after, page = _rows(lines[header_at + 1:], fields, len(header))
        if not rows:
            raise InputError(source, "change table has a header but no rows")
        form = build_changeform(source, "text", page, header, None, rows, metadata, synonyms=synonyms,
                                context=before + after)
        if _identity(form.fields) == _identity(fields):
            break
        fields = form.fields
    return form


def _identity(fields: list[str | None]) -> list[int]:
    return [i for i, name in enumerate(fields) if name in IDENTITY_FIELDS]


def _rows(lines: list[str], fields: list[str | None], width: int
          ) -> tuple[list[tuple[list[str], list[int]]], list[str], int]:
    """The table's rows (cells, pages) below its header, the text lines among them, and the page count."""
    rows: list[tuple[list[str], list[int]]] = []
    after: list[str] = []
    page, after_break = 1, False
    for line in lines:
        if not line.strip():
            after_break = after_break or bool(rows)
            continue
        if "\t" not in line:
            after.append(line.strip())  # running header, footer, page number, a legend below the table
            continue
        cells = [cell_text(cell) for cell in line.split("\t")]
        cells = (cells + [""] * width)[:width]
        if not any(any(ch.isalnum() for ch in cell) for cell in cells):
            continue  # a rule line ("---") between rows
        if after_break:
            page += 1
        if rows and _is_continuation(cells, fields, after_break):
            previous, pages = rows[-1]
            merged = [join_continuation(a, b) for a, b in zip(previous, cells, strict=True)]
            rows[-1] = (merged, pages + [page])
        else:
            rows.append((cells, [page]))
        after_break = False
    return rows, after, page


def read_text_export(path: str | os.PathLike[str], *, synonyms: HeaderSynonyms | None = None) -> ChangeForm:
    """Read a text/HTML change-form export from ``path``."""
    return parse_export(load_text(path), str(path), synonyms=synonyms)
