"""Helpers the format readers share: reading files with one-line errors."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from extractor.errors import InputError


def read_text(path: str | os.PathLike[str]) -> str:
    """Read a UTF-8 file exactly as stored (line ends kept: offsets count them).

    Raises:
        InputError: Missing, unreadable or not UTF-8.
    """
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            return handle.read()
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except IsADirectoryError:
        raise InputError(path, "is a folder, expected a file") from None
    except UnicodeDecodeError as exc:
        raise InputError(path, f"not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from None


def json_lines(path: str | os.PathLike[str]) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield ``(line_number, object)`` for each non-blank line of a JSONL file.

    Raises:
        InputError: A line is not a JSON object; names the line.
    """
    found = False
    for number, line in enumerate(read_text(path).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(path, f"line {number}: not JSON ({exc.msg})") from None
        if not isinstance(item, dict):
            raise InputError(path, f"line {number}: expected a JSON object, got {type(item).__name__}")
        found = True
        yield number, item
    if not found:
        raise InputError(path, "no JSON lines")


def read_json(path: str | os.PathLike[str]) -> Any:
    """Parse a JSON file.

    Raises:
        InputError: Not JSON.
    """
    try:
        return json.loads(read_text(path))
    except json.JSONDecodeError as exc:
        raise InputError(path, f"not JSON (line {exc.lineno}: {exc.msg})") from None


def default_id(path: str | os.PathLike[str], index: int) -> str:
    """An id for a document that carries none: ``<file stem>:<index>``."""
    return f"{Path(path).stem}:{index}"


def as_offset(value: Any, path: str | os.PathLike[str], where: str) -> int:
    """An integer offset (JSON numbers like 12.0 accepted).

    Raises:
        InputError: Not a whole number.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)) or int(value) != value:
        raise InputError(path, f"{where}: offset {value!r} is not a whole number")
    return int(value)
