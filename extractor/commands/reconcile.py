"""``extractor reconcile``: check a change form against the old and new policy it amends."""

from __future__ import annotations

import argparse

from extractor.commands.common import add_output_options, add_password_option, emit
from extractor.errors import InputError

FORMATS = ("json", "text", "csv", "sarif", "html")
_ORDER = {"info": 0, "warning": 1, "error": 2}


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``reconcile`` subcommand."""
    parser = subparsers.add_parser(
        "reconcile", help="check a change form against the old and new policy versions",
        description="For each change-form row, find its original text in the old policy and its new text in "
                    "the new policy; report rows not found, rows whose section differs from the form's, and "
                    "policy changes the form does not list.")
    parser.add_argument("form", metavar="FORM", help="the change form (PDF, DOCX, text/HTML export)")
    parser.add_argument("--old", required=True, metavar="PATH", help="the policy before the changes")
    parser.add_argument("--new", required=True, metavar="PATH", help="the policy after the changes")
    add_output_options(parser, FORMATS, "json")
    add_password_option(parser)
    parser.add_argument("--fail-on", choices=["error", "warning", "info"],
                        help="exit with status 1 when a finding at or above this severity is found")
    parser.set_defaults(func=run)


def _for_report(finding: dict) -> dict:
    """A finding as the shared renderers expect it.

    Renderers read ``start``/``end`` of a row finding as offsets into that row's field and of
    any other finding as offsets into the one text they are given (the new policy). Offsets
    into a policy are therefore kept only for findings without a row located in the new
    policy; the others keep ``page`` and ``text`` (JSON output keeps everything, with
    ``document`` naming the policy the offsets index).
    """
    if finding.get("row") is None and finding.get("document") == "new":
        return finding
    return {**finding, "start": None, "end": None}


def run(args: argparse.Namespace) -> int:
    """Reconcile; write the report; exit 0, 1 (findings at --fail-on) or 2 (unreadable input)."""
    from extractor.changeform import read_changeform
    from extractor.policy import read_policy
    from extractor.policy.reconcile import reconcile
    from extractor.reports import render

    form = read_changeform(args.form, password=args.password)
    if not form.rows:
        raise InputError(args.form, "change form has no rows to reconcile")
    missing = [name for name in ("original", "new") if name not in form.fields]
    if missing:
        raise InputError(args.form, f"change form has no {' or '.join(missing)} column (columns: {form.columns})")
    old = read_policy(args.old, password=args.password, extract=False)
    new = read_policy(args.new, password=args.password, extract=False)
    outcome = reconcile(form, old, new)
    result = {"source": str(args.form), "kind": "reconcile", "old": str(args.old), "new": str(args.new),
              "findings": outcome["findings"], "rows": outcome["rows"], "summary": outcome["summary"]}
    if args.format != "json":
        result["findings"] = [_for_report(finding) for finding in outcome["findings"]]
    if args.format in ("sarif", "html", "text"):
        result["_text"] = new.document.text
    title = f"Reconcile: {args.form} against {args.old} → {args.new}"
    emit(render([result], args.format, title=title), args.output)
    if args.fail_on:
        floor = _ORDER[args.fail_on]
        if any(_ORDER.get(f["severity"], 0) >= floor for f in outcome["findings"]):
            return 1
    return 0
