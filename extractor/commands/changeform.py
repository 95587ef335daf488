"""``extractor changeform``: change forms into rows (json, jsonl, csv)."""

from __future__ import annotations

import argparse
import sys

from extractor.commands.common import (add_output_options, add_password_option, expand_paths, finish,
                                       process_each, to_csv, to_json, to_jsonl)

FORMATS = ("json", "jsonl", "csv")


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``changeform`` subcommand."""
    parser = subparsers.add_parser("changeform", help="read change forms into rows",
                                   description="Read change forms (PDF, DOCX, text/HTML export) into rows.")
    parser.add_argument("paths", nargs="+", metavar="PATH", help="change form files or folders")
    add_output_options(parser, FORMATS, "json")
    add_password_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Read each form; print one object per document; exit 2 if any file failed."""
    from extractor.changeform import read_changeform

    forms = {}

    def handle(path: str) -> dict:
        form = read_changeform(path, password=args.password)
        forms[path] = form
        for warning in form.warnings:  # also in the JSON's "warnings"; here for a person at the terminal
            print(f"extractor: {path}: warning: {warning}", file=sys.stderr)
        return form.to_dict()

    def render(records: list[dict]) -> str:
        if args.format == "json":
            return to_json(records)
        if args.format == "jsonl":
            return to_jsonl(records)
        flat: list[dict] = []
        for record in records:
            form = forms.get(record["source"])
            flat.extend(form.records() if form else [{"source": record["source"], "error": record["error"]}])
        return to_csv(flat)

    records, errors = process_each(expand_paths(args.paths), handle)
    return finish(records, errors, render, args.output)
