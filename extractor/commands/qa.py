"""``extractor qa``: editorial QA of change forms and documents (text, json, csv, sarif, html)."""

from __future__ import annotations

import argparse
import datetime as dt

from extractor.commands.common import add_output_options, add_password_option, expand_paths, finish, process_each
from extractor.errors import UsageError

FORMATS = ("text", "json", "csv", "sarif", "html")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {text!r}") from None


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``qa`` subcommand."""
    from extractor.qa.settings import RULES

    parser = subparsers.add_parser(
        "qa", help="check change forms and documents for typos, stale references and suspicious changes",
        description="Check change forms (per row and field) or documents (running text): spelling, repeated "
                    "words, stale references, links, units, abbreviations, and change rows whose stated reason "
                    "does not match what changed.")
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files (PDF, DOCX, text/HTML export) or folders")
    add_output_options(parser, FORMATS, "text")
    add_password_option(parser)
    parser.add_argument("--fail-on", choices=["error", "warning", "info"],
                        help="exit with status 1 when a finding at or above this severity is found")
    parser.add_argument("--check-links", action="store_true", help="fetch every URL (needs network; off by default)")
    parser.add_argument("--link-timeout", type=float, default=10.0, metavar="SECONDS",
                        help="timeout per link request (default: 10)")
    parser.add_argument("--link-cache", metavar="PATH", help="JSON file caching link results across runs")
    parser.add_argument("--max-age", type=float, default=5.0, metavar="YEARS",
                        help="report cited guidance older than this relative to the document's date (default: 5)")
    parser.add_argument("--rules", metavar="IDS",
                        help=f"comma-separated rule ids to run (default: all of {','.join(RULES)})")
    parser.add_argument("--today", type=_date, metavar="YYYY-MM-DD",
                        help="the date 'future' change dates are judged against (default: today)")
    parser.add_argument("--config", metavar="PATH",
                        help="configuration file (default: extractor.toml, or [tool.extractor] in pyproject.toml, "
                             "found from the working directory upward)")
    parser.add_argument("--no-config", action="store_true", help="ignore configuration files")
    parser.add_argument("--baseline", metavar="PREVIOUS.json",
                        help="report only findings absent from an earlier 'qa --format json' report")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Check each input; write the report; exit 0, 1 (findings at --fail-on) or 2 (bad input)."""
    from extractor.qa import QASettings, at_least, check_path
    from extractor.qa.rules.links import LinkChecker
    from extractor.qa.settings import RULES
    from extractor.reports import render

    from extractor.config import load_qa_config

    config = load_qa_config(args.config, disabled=args.no_config)
    settings_dict: dict = config.settings() if config else {}
    if args.rules:  # the command line wins over the configuration
        rules = tuple(r.strip() for r in args.rules.split(",") if r.strip())
        unknown = set(rules) - set(RULES)
        if unknown:
            raise UsageError(f"unknown rule ids {sorted(unknown)}; expected some of {list(RULES)}")
        settings_dict["rules"] = rules
    settings_dict.update({"check_links": args.check_links, "link_timeout": args.link_timeout,
                          "link_cache": args.link_cache, "max_reference_age_years": args.max_age})
    if args.today:
        settings_dict["today"] = args.today
    settings = QASettings.resolve(settings_dict)
    checker = LinkChecker(timeout=settings.link_timeout, concurrency=settings.link_concurrency,
                          cache_path=settings.link_cache) if settings.check_links else None
    texts: dict[str, str] = {}

    baseline = None
    if args.baseline:
        from extractor.qa.baseline import read_baseline

        baseline = read_baseline(args.baseline)

    def handle(path: str) -> dict:
        result = check_path(path, password=args.password, settings=settings, checker=checker)
        texts[path] = result.text
        record = result.to_dict(include_rows=True)
        if baseline is not None:
            from extractor.qa.baseline import new_findings

            record["findings"] = new_findings(path, record["findings"], baseline)
        return record

    def render_records(records: list[dict]) -> str:
        if args.format in ("sarif", "html", "text"):
            records = [{**r, "_text": texts.get(r["source"], "")} for r in records]
        if args.format == "json":
            records = [{k: v for k, v in r.items() if k != "rows"} for r in records]
        return render(records, args.format, title="QA report: " + ", ".join(r["source"] for r in records)[:200])

    records, errors = process_each(expand_paths(args.paths), handle)
    status = finish(records, errors, render_records, args.output)
    if status == 0 and args.fail_on:
        worst = [f["severity"] for r in records for f in r.get("findings", [])]
        if any(at_least(severity, args.fail_on) for severity in worst):
            return 1
    return status
