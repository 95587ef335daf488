"""Change forms: read the table of amendments from a PDF, DOCX or text/HTML export.

>>> form = read_changeform("corpora/samples/ig_changeform_export.txt")  # doctest: +SKIP
>>> form.to_frame()[["original", "new", "date"]]  # doctest: +SKIP
"""

from __future__ import annotations

import os

from extractor.changeform.fields import FIELDS, HeaderSynonyms, map_headers
from extractor.changeform.model import ChangeForm, ChangeRow, join_continuation
from extractor.readers.sniff import DEFAULT_MAX_BYTES, sniff


def read_changeform(path: str | os.PathLike[str], *, password: str | None = None,
                    max_bytes: int = DEFAULT_MAX_BYTES, synonyms: HeaderSynonyms | None = None) -> ChangeForm:
    """Read a change form from a PDF, DOCX or text/HTML export.

    Args:
        path: The file.
        password: Password of an encrypted PDF.
        max_bytes: Largest file accepted.
        synonyms: Header wordings and cue words for the column roles (the packaged ones by
            default; ``HeaderSynonyms(fields={})`` judges columns by content alone).

    Returns:
        The change form with its rows.

    Raises:
        NotAChangeForm: The file is readable but holds no change table.
        InputError: The file cannot be read.
    """
    kind = sniff(path, max_bytes=max_bytes)
    if kind == "pdf":
        from extractor.changeform.pdf_table import read_pdf_changeform

        return read_pdf_changeform(path, password=password, synonyms=synonyms)
    if kind == "docx":
        from extractor.changeform.docx_table import read_docx_changeform

        return read_docx_changeform(path, synonyms=synonyms)
    from extractor.readers.text import load_text

    text = load_text(path)
    if html_tables(text, kind):
        from extractor.changeform.html_table import parse_html_changeform

        return parse_html_changeform(text, str(path), synonyms=synonyms)
    from extractor.changeform.text_export import parse_export

    return parse_export(text, str(path), synonyms=synonyms)


def html_tables(text: str, kind: str) -> bool:
    """Whether a text file's change table is an HTML ``<table>`` rather than tab-separated lines."""
    if "<table" not in text.lower():
        return False
    return kind == "html" or not any(line.count("\t") >= 2 for line in text.splitlines())


__all__ = ["ChangeForm", "ChangeRow", "FIELDS", "HeaderSynonyms", "read_changeform", "map_headers", "join_continuation"]
