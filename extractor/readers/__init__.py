"""Readers: files (PDF, DOCX, text, HTML) into the :class:`~extractor.document.Document` model."""

from __future__ import annotations

import os

from extractor.document import Document
from extractor.readers.sniff import DEFAULT_MAX_BYTES, sniff


def read_document(
    path: str | os.PathLike[str], *, password: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Document:
    """Read any supported file, choosing the reader from the file's content.

    Args:
        path: The file.
        password: Password for an encrypted PDF.
        max_bytes: Largest file accepted.

    Returns:
        The document.

    Raises:
        InputError: The file is unreadable, empty, of an unsupported type or too large.
    """
    kind = sniff(path, max_bytes=max_bytes)
    if kind == "pdf":
        from extractor.readers.pdf import read_pdf

        return read_pdf(path, password=password)
    if kind == "docx":
        from extractor.readers.docx import read_docx

        return read_docx(path)
    from extractor.readers.text import read_text

    return read_text(path)


__all__ = ["read_document", "sniff", "Document"]
