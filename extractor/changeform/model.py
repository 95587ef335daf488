"""The change-form model: a table of rows, each cell mapped to a canonical field."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from extractor.changeform.dates import date_order, iso_date
from extractor.changeform.fields import FIELDS, HeaderSynonyms

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from extractor.changeform.roles import Roles

_SENTENCE_END = re.compile(r"[.!?:;)\]\"'”’]\s*$")
#: A ``Label: value`` line above a change table ("Policy: ...", "Date of change: ...").
LABEL_LINE = re.compile(r"^\s*([A-Z][A-Za-z /()-]{2,60}?)\s*:\s*(.*)$")


def label_metadata(lines: Iterable[str], *, allow_empty: bool = True) -> dict[str, str]:
    """Read the lines above a change table into metadata.

    ``Label: value`` lines become ``{"label": "value"}`` (label lower-cased, spaces as
    underscores); the first other line is the form's ``title``.

    Args:
        lines: The text lines before the table, in reading order.
        allow_empty: Whether ``Label:`` with nothing after it is a label (False: it may be a title).

    Returns:
        The metadata.
    """
    metadata: dict[str, str] = {}
    for line in lines:
        match = LABEL_LINE.match(line)
        if match and (allow_empty or match.group(2).strip()):
            metadata[match.group(1).strip().lower().replace(" ", "_")] = match.group(2).strip()
        elif "title" not in metadata:
            metadata["title"] = line.strip()
    return metadata


def join_continuation(before: str, after: str) -> str:
    """Join the two parts of a cell that a page break split.

    A paragraph cut mid-sentence (the first part ends without closing punctuation and the
    second starts in lower case) is joined with a space; otherwise the parts are separate
    paragraphs and are joined with ``\\n``.

    Args:
        before: Text of the cell on the earlier page.
        after: Text of the same cell on the later page.

    Returns:
        The cell's whole text.
    """
    before, after = before.rstrip(), after.lstrip()
    if not before:
        return after
    if not after:
        return before
    if not _SENTENCE_END.search(before) and (after[0].islower() or after[0].isdigit() or after[0] in "(,"):
        return f"{before} {after}"
    return f"{before}\n{after}"


@dataclass
class ChangeRow:
    """One row of a change form.

    Attributes:
        index: 0-based position among the form's rows.
        cells: Cell texts in the source table's column order.
        pages: 1-based pages the row appears on.
    """

    index: int
    cells: list[str]
    pages: list[int] = field(default_factory=list)


@dataclass
class ChangeForm:
    """A read change form.

    Attributes:
        source: The path it was read from.
        pages: Page count of the source.
        columns: Header cell texts in column order.
        fields: Canonical field of each column (None when unknown).
        rows: The change rows.
        metadata: Text around the table (title, product name, summary), by label.
        format: Reader used: ``"pdf"``, ``"docx"``, ``"text"`` or ``"html"``.
        field_evidence: Per column, why it got its field (``{"source", "score"}``), None when unmapped.
        warnings: One-line notes on roles guessed from content or columns not told apart.
        roles: The role assignment behind ``fields`` (None when the caller gave the fields).
        context: Text lines around the table (before it, then after it): titles, legends of codes.
    """

    source: str
    pages: int
    columns: list[str]
    fields: list[str | None]
    rows: list[ChangeRow]
    metadata: dict[str, str] = field(default_factory=dict)
    format: str = "pdf"
    field_evidence: list[dict[str, Any] | None] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    roles: Roles | None = field(default=None, repr=False, compare=False)
    context: list[str] = field(default_factory=list, repr=False)

    def value(self, row: ChangeRow, name: str) -> str | None:
        """Return a row's value for canonical field ``name`` (dates in ISO), or None if unmapped."""
        if name not in self.fields:
            return None
        text = row.cells[self.fields.index(name)]
        return iso_date(text, self.date_order) if name == "date" else text

    @property
    def date_order(self) -> str:
        """``"MDY"`` when the form's date column writes month first (US forms), else ``"DMY"``."""
        if "date" not in self.fields:
            return "DMY"
        column = self.fields.index("date")
        return date_order(row.cells[column] for row in self.rows)

    def row_dict(self, row: ChangeRow) -> dict[str, Any]:
        """Return one row as the contract's JSON object."""
        record: dict[str, Any] = {"index": row.index, "cells": list(row.cells)}
        for name in self.fields:
            if name is not None:
                record[name] = self.value(row, name)
        record["pages"] = list(row.pages)
        return record

    def to_dict(self) -> dict[str, Any]:
        """Return the contract's JSON object for the document."""
        return {"source": self.source, "pages": self.pages, "columns": list(self.columns),
                "fields": list(self.fields), "rows": [self.row_dict(row) for row in self.rows],
                "metadata": dict(self.metadata),
                "field_evidence": [dict(e) if e else None for e in self.field_evidence] or [None] * len(self.fields),
                "warnings": list(self.warnings)}

    def records(self) -> list[dict[str, Any]]:
        """Return flat records, one per row: source, index, pages and each canonical field."""
        out = []
        for row in self.rows:
            record: dict[str, Any] = {"source": self.source, "index": row.index}
            for name in FIELDS:
                record[name] = self.value(row, name)
            for position, (column, text) in enumerate(zip(self.columns, row.cells, strict=False)):
                if self.fields[position] is None:
                    record[column or f"column_{position}"] = text
            record["pages"] = ",".join(str(p) for p in row.pages)
            out.append(record)
        return out

    def to_frame(self) -> pd.DataFrame:
        """Return the rows as a pandas DataFrame (one row per change, one column per field)."""
        import pandas as pd

        return pd.DataFrame(self.records())

    def __len__(self) -> int:
        return len(self.rows)


def build_changeform(source: str, fmt: str, pages: int, header: Sequence[str],
                     fields: Sequence[str | None] | None, rows: Sequence[tuple[list[str], list[int]]],
                     metadata: dict[str, str] | None = None, *, synonyms: HeaderSynonyms | None = None,
                     context: Sequence[str] = ()) -> ChangeForm:
    """Assemble a :class:`ChangeForm`, numbering rows and padding them to the header's width.

    Args:
        source: The path read.
        fmt: The reader (``"pdf"``, ``"docx"``, ``"text"``, ``"html"``).
        pages: Page count.
        header: Header cell texts.
        fields: Each column's field as the caller knows it, or None to let
            :func:`~extractor.changeform.roles.assign_roles` decide from the header and the rows.
        rows: (cells, pages) of each row.
        metadata: Text around the table, by label.
        synonyms: Header wordings for the role assignment (the packaged ones by default).
        context: Text lines around the table; a legend of codes there ("A = typographical; ...")
            shows which column holds those codes.
    """
    width = len(header)
    built = []
    for index, (cells, row_pages) in enumerate(rows):
        padded = (list(cells) + [""] * width)[:width]
        built.append(ChangeRow(index=index, cells=padded, pages=sorted(set(row_pages))))
    evidence: list[dict[str, Any] | None] = []
    warnings: list[str] = []
    roles = None
    if fields is None:
        from extractor.changeform.roles import assign_roles

        from extractor.changeform.legend import code_legend

        codes = frozenset(code_legend([*context, *(metadata or {}).values()]))
        roles = assign_roles(header, [row.cells for row in built], synonyms=synonyms, codes=codes)
        fields = roles.fields
        evidence = [e.to_dict() if e else None for e in roles.evidence]
        warnings = list(roles.warnings)
    return ChangeForm(source=source, pages=pages, columns=list(header), fields=list(fields), rows=built,
                      metadata=dict(metadata or {}), format=fmt, field_evidence=evidence, warnings=warnings,
                      roles=roles, context=[line for line in context if line.strip()])
