"""``extractor batch``: every PDF/DOCX (and text export) under the inputs into JSON, tables and a summary."""

from __future__ import annotations

import argparse
import sys

from extractor.commands.common import add_password_option


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``batch`` subcommand."""
    parser = subparsers.add_parser(
        "batch", help="process folders of change forms and policies",
        description="Process every PDF, DOCX and text export under the inputs: DIR/documents/<name>.json per "
                    "document, DIR/tables/*.parquet|csv, DIR/summary.md|html and the ledger DIR/ledger.sqlite.")
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="files or folders (searched recursively)")
    parser.add_argument("--out", required=True, metavar="DIR", help="output folder")
    parser.add_argument("--workers", type=_positive_int, default=1, metavar="N",
                        help="documents processed at once (default: 1)")
    parser.add_argument("--executor", choices=("local", "dask"), default="local",
                        help="local process pool or Dask distributed (default: local)")
    parser.add_argument("--scheduler", metavar="ADDRESS",
                        help="Dask scheduler to connect to (tcp://host:8786); default starts a local cluster")
    parser.add_argument("--resume", action="store_true",
                        help="skip documents the ledger has finished with unchanged content")
    parser.add_argument("--retry-failed", action="store_true",
                        help="with --resume, run documents that failed before again")
    parser.add_argument("--timeout", type=float, default=60.0, metavar="SECONDS",
                        help="time limit per document; a worker past it is killed (default: 60, 0 = none)")
    parser.add_argument("--memory-mb", type=int, default=1024, metavar="MB",
                        help="memory one document may use in its worker (default: 1024, 0 = no cap)")
    parser.add_argument("--no-extract", dest="extract", action="store_false", help="skip spaCy extraction")
    parser.add_argument("--no-qa", dest="qa", action="store_false", help="skip QA checks")
    parser.add_argument("--progress", choices=("auto", "bar", "log"), default="auto",
                        help="progress bar (bar), one line per document (log), or bar on a terminal (auto)")
    add_password_option(parser)
    parser.set_defaults(func=run)


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1, got {text}")
    return value


def run(args: argparse.Namespace) -> int:
    """Run the batch; exit 0 when it completed (failed documents are listed in tables/errors)."""
    from extractor.batch import run_batch

    result = run_batch(args.inputs, args.out, workers=args.workers, executor=args.executor,
                       scheduler=args.scheduler, resume=args.resume, retry_failed=args.retry_failed, timeout=args.timeout,
                       memory_mb=args.memory_mb, password=args.password, extract=args.extract, qa=args.qa,
                       progress={"auto": None, "bar": True, "log": False}[args.progress])
    state = "up to date" if result.summary is None else f"summary in {result.out / 'summary.md'}"
    print(f"extractor batch: {result.documents} documents, {result.processed} processed, {result.reused} reused,"
          f" {result.failed} failed; {state}", file=sys.stderr)
    return 0
