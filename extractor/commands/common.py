"""Options and output handling that every subcommand shares."""

from __future__ import annotations

import argparse
import io
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from extractor.errors import InputError
from extractor.io import atomic_open


def add_output_options(parser: argparse.ArgumentParser, formats: Sequence[str], default: str) -> None:
    """Add ``--format`` and ``-o/--output`` to ``parser``."""
    parser.add_argument("--format", choices=list(formats), default=default,
                        help=f"output format (default: {default})")
    parser.add_argument("-o", "--output", metavar="PATH",
                        help="write to PATH (whole or not at all) instead of standard output")


def add_password_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--password`` for encrypted PDFs."""
    parser.add_argument("--password", help="password for encrypted PDFs")


def emit(data: str | bytes, output: str | None) -> None:
    """Write ``data`` to the ``--output`` file atomically, or to standard output."""
    if output:
        with atomic_open(output, "wb" if isinstance(data, bytes) else "w") as handle:
            handle.write(data)
        return
    if isinstance(data, bytes):
        sys.stdout.buffer.write(data)
    else:
        sys.stdout.write(data)
    sys.stdout.flush()


def to_json(records: list[dict[str, Any]]) -> str:
    """One object for one input, else a list; UTF-8 kept, two-space indent."""
    payload: Any = records[0] if len(records) == 1 else records
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def to_jsonl(records: Iterable[dict[str, Any]]) -> str:
    """One JSON object per line."""
    return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)


def to_csv(rows: list[dict[str, Any]], columns: Sequence[str] | None = None) -> str:
    """Rows of flat values as CSV via pandas; nested values are JSON-encoded."""
    frame = pd.DataFrame(rows, columns=list(columns) if columns else None)
    for column in frame.columns:
        if frame[column].map(lambda value: isinstance(value, (dict, list))).any():
            frame[column] = frame[column].map(
                lambda value: json.dumps(value, ensure_ascii=False) if isinstance(value, (dict, list)) else value)
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False)
    return buffer.getvalue()


def process_each(paths: Sequence[str], handle: Callable[[str], dict[str, Any]]
                 ) -> tuple[list[dict[str, Any]], list[InputError]]:
    """Run ``handle`` on each path; a failed file becomes ``{"source", "error"}`` and its error is kept.

    Each failure is reported on standard error as one line naming the file.

    Returns:
        The records in input order and the errors met.
    """
    records: list[dict[str, Any]] = []
    errors: list[InputError] = []
    for path in paths:
        try:
            records.append(handle(path))
        except InputError as exc:
            print(f"extractor: {exc}", file=sys.stderr)
            errors.append(exc)
            records.append({"source": str(path), "error": exc.problem})
    return records, errors


#: File name endings a folder is searched for.
READABLE_SUFFIXES = frozenset({".pdf", ".docx", ".txt", ".html", ".htm"})


def expand_paths(paths: Sequence[str]) -> list[str]:
    """Expand folders into the files below them (sorted); files are kept as given.

    A folder holding no readable file is kept as given, so that reading it fails with a
    one-line error naming it rather than producing empty output.
    """
    result: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = [str(p) for p in sorted(path.rglob("*"))
                     if p.is_file() and p.suffix.lower() in READABLE_SUFFIXES]
            result.extend(found or [raw])
        else:
            result.append(raw)
    return result


def finish(records: list[dict[str, Any]], errors: list[InputError],
           render: Callable[[list[dict[str, Any]]], str | bytes], output: str | None) -> int:
    """Write the output of a multi-file command and return its exit status.

    When every input failed nothing is written (an ``-o`` file is not created); otherwise the
    records, failed ones carrying an ``error`` key, are rendered and written whole.

    Returns:
        0 when every input was read, 2 when any failed.
    """
    if errors and len(errors) == len(records):
        return 2
    emit(render(records), output)
    return 2 if errors else 0
