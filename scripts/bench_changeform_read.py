"""Benchmark of reading change forms: CPU time per page of ``read_changeform``, by corpus folder.

Prints a markdown table: per folder of ``corpora/changeforms`` (producers, blind forms, the
generated column-roles corpus), the files read, pages, median and total CPU milliseconds per page,
and how many files raised (not a change form / unreadable). Not a test: figures depend on the
machine and its load (printed with them).

``--tree DIR`` puts another checkout's package first on the path (compare two versions in one
session, alternating runs); ``--repeat N`` reads each file N times and keeps the fastest.

Usage::

    python scripts/bench_changeform_read.py
    python scripts/bench_changeform_read.py --tree /tmp/old --folders generated office chromium
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tree", help="another checkout whose extractor package is measured instead")
    parser.add_argument("--root", default=str(ROOT / "corpora" / "changeforms"))
    parser.add_argument("--folders", nargs="*", help="sub-folders to read (default: all)")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    if args.tree:
        sys.path.insert(0, str(Path(args.tree).resolve()))
    from tabulate import tabulate

    import extractor
    from extractor.changeform import read_changeform
    from extractor.errors import InputError

    root = Path(args.root)
    folders = args.folders or sorted(p.name for p in root.iterdir() if p.is_dir())
    rows = []
    for folder in folders:
        files = sorted(p for p in (root / folder).iterdir() if p.suffix.lower() in {".pdf", ".docx", ".txt", ".html"})
        per_page, total_ms, pages, failed = [], 0.0, 0, 0
        for path in files:
            best = float("inf")
            count = 1
            for _ in range(max(1, args.repeat)):
                start = time.process_time()
                try:
                    form = read_changeform(path)
                    count = max(1, form.pages)
                except InputError:
                    count = 1
                    failed += 1 if _ == 0 else 0
                best = min(best, (time.process_time() - start) * 1000)
            per_page.append(best / count)
            total_ms += best
            pages += count
        rows.append([folder, len(files), pages, round(statistics.median(per_page), 1) if per_page else "-",
                     round(total_ms / max(pages, 1), 1), failed])
    print(f"package: {Path(extractor.__file__).parent}  load average: {os.getloadavg()[0]:.2f}  repeat: {args.repeat}")
    print(tabulate(rows, headers=["folder", "files", "pages", "median ms/page", "mean ms/page", "raised"],
                   tablefmt="github"))


if __name__ == "__main__":
    main()
