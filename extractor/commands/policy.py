"""``extractor policy``: a policy's numbered sections and indication entries (json, jsonl)."""

from __future__ import annotations

import argparse
import sys

from extractor.commands.common import (
    add_output_options,
    add_password_option,
    expand_paths,
    finish,
    process_each,
    to_json,
    to_jsonl,
)

FORMATS = ("json", "jsonl")


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``policy`` subcommand."""
    parser = subparsers.add_parser(
        "policy", help="read policies into sections and indication entries",
        description="Read policy documents (PDF, DOCX, text) into numbered sections and indication entries "
                    "(specialty, short/long term use, selection and exclusion criteria, dose, outcome measures), "
                    "each field with its criteria tree, thresholds and doses.")
    parser.add_argument("paths", nargs="+", metavar="PATH", help="policy files or folders")
    add_output_options(parser, FORMATS, "json")
    add_password_option(parser)
    parser.add_argument("--no-extract", action="store_true",
                        help="skip criteria/threshold/dose extraction (structure only, faster)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Read each policy; print one object per document; exit 2 if any file failed."""
    from extractor.policy import read_policy

    def handle(path: str) -> dict:
        policy = read_policy(path, password=args.password, extract=not args.no_extract)
        for warning in policy.warnings:
            print(f"extractor: {path}: warning: {warning}", file=sys.stderr)
        return policy.to_dict()

    def render(records: list[dict]) -> str:
        return to_json(records) if args.format == "json" else to_jsonl(records)

    records, errors = process_each(expand_paths(args.paths), handle)
    return finish(records, errors, render, args.output)
