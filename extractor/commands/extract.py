"""``extractor extract``: thresholds, doses, criteria, abbreviations and references (json, jsonl, csv).

PATH is a PDF, DOCX, ``.txt`` (read with :func:`extractor.readers.read_document`) or a ``.jsonl``
file of ``{"id": ..., "text": ...}`` lines, each line giving one output object carrying its id.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from extractor.commands.common import (
    add_output_options,
    add_password_option,
    expand_paths,
    finish,
    to_csv,
    to_json,
    to_jsonl,
)
from extractor.errors import InputError

FORMATS = ("json", "jsonl", "csv")
#: CSV columns, one row per extracted item.
CSV_COLUMNS = ("source", "id", "type", "text", "start", "end", "analyte", "comparator", "value", "value_max",
               "amount", "amount_max", "unit", "ucum", "route", "frequency", "duration", "max", "timing",
               "product", "short", "long", "kind", "heading", "tree", "error")
_KEYS = ("thresholds", "doses", "criteria", "abbreviations", "references")


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``extract`` subcommand."""
    parser = subparsers.add_parser(
        "extract", help="extract thresholds, doses, criteria, abbreviations and references",
        description="Extract lab thresholds, doses, criteria, abbreviations and references from policies "
                    "(PDF, DOCX, .txt) or from a .jsonl file of {\"id\", \"text\"} lines.")
    parser.add_argument("paths", nargs="+", metavar="PATH", help="PDF, DOCX, .txt or .jsonl files, or folders")
    add_output_options(parser, FORMATS, "json")
    parser.add_argument("--model", metavar="NAME", default=None,
                        help="pipeline: a folder under models/, a path, or an installed spaCy package "
                             "(default: the packaged extractor_core pipeline)")
    add_password_option(parser)
    parser.set_defaults(func=run)


def read_jsonl(path: str) -> list[dict[str, Any]]:
    """Read ``{"id", "text"}`` lines; blank lines are skipped.

    Raises:
        InputError: A line is not JSON, not an object, or lacks a string ``text``; names the line.
    """
    try:
        raw = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except UnicodeDecodeError as exc:
        raise InputError(path, f"not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from None
    items = []
    for number, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(path, f"line {number}: not JSON ({exc.msg})") from None
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            raise InputError(path, f"line {number}: expected an object with a string \"text\"")
        items.append(item)
    if not items:
        raise InputError(path, "no {\"id\", \"text\"} lines")
    return items


def _flatten(record: dict[str, Any]) -> list[dict[str, Any]]:
    base = {"source": record.get("source"), "id": record.get("id")}
    if "error" in record:
        return [{**base, "error": record["error"]}]
    rows = []
    for key, kind in (("thresholds", "threshold"), ("doses", "dose"), ("abbreviations", "abbreviation"),
                      ("references", "reference")):
        for item in record.get(key, []):
            row = {**base, "type": kind, **item}
            if kind == "reference":
                row["kind"] = item.get("kind")
            rows.append(row)
    for block in record.get("criteria", []):
        rows.append({**base, "type": "criteria", "text": block["heading"], "start": block["start"],
                     "end": block["end"], "heading": block["heading"], "kind": block["kind"], "tree": block["tree"]})
    return rows


def run(args: argparse.Namespace) -> int:
    """Extract from each input; print one object per document (per line for .jsonl)."""

    from extractor.nlp import extract, extract_document, load
    from extractor.readers import read_document

    nlp = load(args.model)
    records: list[dict[str, Any]] = []
    errors: list[InputError] = []
    for path in expand_paths(args.paths):
        try:
            if path.lower().endswith(".jsonl"):
                for item in read_jsonl(path):
                    result = extract(item["text"], nlp=nlp)
                    records.append({"id": item.get("id"), "source": path, **result})
            else:
                document = read_document(path, password=args.password)
                result = extract_document(document, nlp=nlp)
                records.append({"id": None, "source": path, **result})
        except InputError as exc:
            print(f"extractor: {exc}", file=sys.stderr)
            errors.append(exc)
            records.append({"source": str(path), "error": exc.problem})

    def render(items: list[dict[str, Any]]) -> str:
        if args.format == "json":
            return to_json(items)
        if args.format == "jsonl":
            return to_jsonl(items)
        rows = [row for record in items for row in _flatten(record)]
        return to_csv(rows, CSV_COLUMNS)

    return finish(records, errors, render, args.output)
