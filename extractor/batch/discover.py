"""Finding the documents of a batch and giving each a unique, stable output name."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from extractor.errors import UsageError

#: File types a batch picks up from folders (files named explicitly are always taken).
SUFFIXES = frozenset({".pdf", ".docx", ".txt", ".html", ".htm"})


@dataclass(frozen=True)
class Item:
    """One document of a batch.

    Attributes:
        path: The file.
        name: Output name, unique in the batch: its path below the input folder with ``/``
            written as ``__`` (``forms/a.pdf`` → ``forms__a.pdf``); ``DIR/documents/<name>.json``.
    """

    path: str
    name: str


def discover(inputs: list[str], *, exclude: str | os.PathLike[str] | None = None) -> list[Item]:
    """List the documents under ``inputs`` (files, or folders searched recursively), sorted.

    Hidden files and folders (``.name``) and anything below ``exclude`` (the output folder) are
    skipped.

    Args:
        inputs: Files and folders as given on the command line.
        exclude: A folder to leave out.

    Returns:
        The documents with their output names.

    Raises:
        UsageError: An input does not exist, or no document is found.
    """
    skip = Path(exclude).resolve() if exclude else None
    found: list[tuple[Path, str]] = []
    for raw in inputs:
        base = Path(raw)
        if not base.exists():
            raise UsageError(f"{raw}: no such file or folder")
        if base.is_file():
            found.append((base, base.name))
            continue
        for path in sorted(base.rglob("*")):
            relative = path.relative_to(base)
            if any(part.startswith(".") for part in relative.parts):
                continue
            if skip is not None and (path.resolve() == skip or skip in path.resolve().parents):
                continue
            if path.is_file() and path.suffix.lower() in SUFFIXES:
                found.append((path, "__".join(relative.parts)))
    if not found:
        raise UsageError(f"no PDF, DOCX or text documents found under {', '.join(inputs)}")
    items: list[Item] = []
    taken: set[str] = set()
    for path, name in found:
        unique, number = name, 2
        while unique in taken:
            stem, dot, suffix = name.rpartition(".")
            unique = f"{stem}-{number}.{suffix}" if dot else f"{name}-{number}"
            number += 1
        taken.add(unique)
        items.append(Item(path=str(path), name=unique))
    return items
