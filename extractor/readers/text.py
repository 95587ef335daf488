"""Plain-text and HTML files as one-page documents."""

from __future__ import annotations

import os
from pathlib import Path

from extractor.document import Document
from extractor.errors import InputError
from extractor.readers.html import html_to_text, looks_like_html


def load_text(path: str | os.PathLike[str]) -> str:
    """Return the file's text, decoded as UTF-8 (with or without a byte-order mark).

    Raises:
        InputError: The bytes are not UTF-8 text.
    """
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(path, f"not UTF-8 text (byte {exc.start})") from None


def read_text(path: str | os.PathLike[str]) -> Document:
    """Read a ``.txt`` (or HTML) file; HTML markup is rendered to text.

    Raises:
        InputError: The file is not UTF-8 or holds no text.
    """
    raw = load_text(path)
    text = html_to_text(raw) if looks_like_html(raw) else raw.replace("\r\n", "\n")
    if not text.strip():
        raise InputError(path, "file holds no text")
    return Document.from_page_texts(str(path), "html" if looks_like_html(raw) else "text", [text])
