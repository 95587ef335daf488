"""Tell a file's real type from its first bytes, not its name."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

from extractor.errors import InputError

#: Files larger than this are refused before any parsing (bytes); override per call.
DEFAULT_MAX_BYTES = 512 * 1024 * 1024


def sniff(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Return the format of ``path``: ``"pdf"``, ``"docx"``, ``"html"`` or ``"text"``.

    Args:
        path: The file to look at.
        max_bytes: Largest size accepted.

    Returns:
        The format name.

    Raises:
        InputError: The file is missing, empty, too large, or of a type no reader takes.
    """
    file = Path(path)
    if not file.exists():
        raise InputError(path, "no such file")
    if file.is_dir():
        raise InputError(path, "is a folder with no .pdf, .docx, .txt or .html file in it")
    size = file.stat().st_size
    if size == 0:
        raise InputError(path, "empty file")
    if size > max_bytes:
        raise InputError(path, f"file is {size} bytes, larger than the limit of {max_bytes}")
    with open(file, "rb") as handle:
        head = handle.read(8192)
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK"):
        try:
            with zipfile.ZipFile(file) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile as exc:
            raise InputError(path, f"corrupt ZIP container ({exc})") from None
        if "word/document.xml" in names:
            return "docx"
        raise InputError(path, "ZIP file that is not a Word document (expected .docx)")
    if file.suffix.lower() == ".pdf":
        raise InputError(path, "not a PDF (no %PDF- header)")
    if b"\x00" in head:
        raise InputError(path, "binary file of unknown type (expected PDF, DOCX, text or HTML)")
    try:
        sample = head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character may be cut at the end of the sample.
        if exc.start < len(head) - 4:
            raise InputError(path, "not UTF-8 text (expected PDF, DOCX, text or HTML)") from None
        sample = head[: exc.start].decode("utf-8")
    lowered = sample.lstrip().lower()
    if lowered.startswith(("<!doctype html", "<html")):
        return "html"
    return "text"
