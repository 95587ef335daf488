"""Gold and prediction readers for the formats annotators use, and writers for each.

:func:`read_annotations` picks the reader from ``fmt`` or, with ``"auto"``, from the path: a folder
holding ``.ann`` files or an ``.ann`` file → brat; ``.spacy`` → DocBin; ``.json`` → Label Studio;
``.jsonl`` → project/spaCy-style/doccano/extraction output (detected per line); a folder otherwise
→ every ``.jsonl``, ``.json`` and ``.spacy`` file under it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from extractor.errors import InputError, UsageError
from extractor.evaluation.formats.brat import BratOptions, read_brat, write_brat
from extractor.evaluation.formats.jsonl import (
    dumps_doccano,
    dumps_project,
    dumps_spacy_jsonl,
    read_jsonl,
)
from extractor.evaluation.formats.labelstudio import dumps_labelstudio, read_labelstudio
from extractor.evaluation.formats.spacy_docbin import read_docbin, write_docbin
from extractor.evaluation.model import AnnotatedDocument

#: Format names accepted by ``--gold-format`` (``jsonl`` covers project, spaCy-style and doccano lines).
READERS: dict[str, Callable[[str | os.PathLike[str]], list[AnnotatedDocument]]] = {
    "jsonl": read_jsonl, "doccano": read_jsonl, "spacy": read_docbin, "brat": read_brat,
    "labelstudio": read_labelstudio,
}
FORMATS = ("auto", *READERS)
_SUFFIXES = {".jsonl": "jsonl", ".spacy": "spacy", ".json": "labelstudio", ".ann": "brat"}


def detect_format(path: str | os.PathLike[str]) -> str:
    """The reader name for ``path`` (see the module docstring).

    Raises:
        InputError: The path does not exist or its type is unknown.
    """
    path = Path(path)
    if path.is_dir():
        return "brat" if any(path.rglob("*.ann")) else "folder"
    if not path.exists():
        raise InputError(path, "no such file or folder")
    if path.suffix.lower() == ".txt" and path.with_suffix(".ann").exists():
        return "brat"
    found = _SUFFIXES.get(path.suffix.lower())
    if found is None:
        raise InputError(path, f"cannot tell the annotation format from {path.suffix or 'no suffix'!r}; "
                               f"pass --gold-format ({', '.join(READERS)})")
    return found


def read_annotations(path: str | os.PathLike[str], fmt: str = "auto",
                     brat: BratOptions | dict[str, Any] | None = None) -> list[AnnotatedDocument]:
    """Read gold (or prediction) documents from ``path``.

    Args:
        path: A file or folder.
        fmt: ``auto`` or one of :data:`READERS`.
        brat: How the brat reader treats discontinuous and misaligned spans (:class:`BratOptions`).

    Raises:
        InputError: Unreadable input, bad spans, or ids repeated across files.
        UsageError: Unknown ``fmt``.
    """
    if fmt not in FORMATS:
        raise UsageError(f"unknown annotation format {fmt!r}; expected one of {', '.join(FORMATS)}")
    if fmt == "auto":
        fmt = detect_format(path)
    if fmt == "brat":
        return read_brat(path, BratOptions.resolve(brat))
    if fmt != "folder":
        if Path(path).is_dir():
            return _read_folder(path, fmt)
        return READERS[fmt](path)
    return _read_folder(path, None)


def _read_folder(path: str | os.PathLike[str], fmt: str | None) -> list[AnnotatedDocument]:
    files = sorted(p for p in Path(path).rglob("*") if p.is_file() and p.suffix.lower() in (".jsonl", ".json", ".spacy")
                   and not p.name.startswith("."))
    if not files:
        raise InputError(path, "no .jsonl, .json, .spacy or brat .ann files in this folder")
    documents: list[AnnotatedDocument] = []
    seen: dict[str, str] = {}
    for file in files:
        for document in READERS[fmt or _SUFFIXES[file.suffix.lower()]](file):
            if document.id in seen:
                raise InputError(file, f"document id {document.id!r} already read from {seen[document.id]}")
            seen[document.id] = document.origin
            documents.append(document)
    return documents


__all__ = [
    "FORMATS",
    "BratOptions",
    "READERS",
    "detect_format",
    "dumps_doccano",
    "dumps_labelstudio",
    "dumps_project",
    "dumps_spacy_jsonl",
    "read_annotations",
    "read_brat",
    "read_docbin",
    "read_jsonl",
    "read_labelstudio",
    "write_brat",
    "write_docbin",
]
