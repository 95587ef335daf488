"""Benchmark of reading policies: CPU time per page of ``read_policy``, by corpus folder and format.

Prints a markdown table: per folder of ``corpora/policies`` (the NHS fixtures, policies written
blind in other house styles) and per format (PDF, DOCX), the files, pages, and mean CPU
milliseconds per page for structure only (``extract=False``) and with every field's criteria,
thresholds and doses extracted. Not a test: figures depend on the machine and its load (printed
with them). ``--tree DIR`` measures another checkout's package instead, to compare two versions
in one session.

Usage::

    python scripts/bench_policy_read.py
    python scripts/bench_policy_read.py --tree /tmp/old --folders blind2 blind3
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tree", help="another checkout whose extractor package is measured instead")
    parser.add_argument("--root", default=str(ROOT / "corpora" / "policies"))
    parser.add_argument("--folders", nargs="*", help="sub-folders to read (default: the top folder and all)")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    if args.tree:
        sys.path.insert(0, str(Path(args.tree).resolve()))
    from tabulate import tabulate

    import extractor
    from extractor.nlp import load
    from extractor.policy import read_policy

    load()  # the pipeline is built once per process; not part of a document's time
    root = Path(args.root)
    folders = args.folders or ["."] + sorted(p.name for p in root.iterdir() if p.is_dir())
    rows = []
    for folder in folders:
        for suffix in (".pdf", ".docx"):
            files = sorted(p for p in (root / folder).iterdir() if p.suffix.lower() == suffix)
            if not files:
                continue
            pages, times = 0, {False: 0.0, True: 0.0}
            for path in files:
                for extract in (False, True):
                    best = float("inf")
                    for _ in range(max(1, args.repeat)):
                        start = time.process_time()
                        policy = read_policy(path, extract=extract)
                        best = min(best, time.process_time() - start)
                    times[extract] += best
                pages += len(policy.document.pages) if suffix == ".pdf" else 1
            unit = "page" if suffix == ".pdf" else "file"
            rows.append([folder, suffix[1:], len(files), pages, unit,
                         round(times[False] * 1000 / pages, 1), round(times[True] * 1000 / pages, 1)])
    print(f"package: {Path(extractor.__file__).parent}  load average: {os.getloadavg()[0]:.2f}  repeat: {args.repeat}")
    print(tabulate(rows, headers=["folder", "format", "files", "pages (DOCX: files)", "per",
                                  "structure ms/per", "with extraction ms/per"], tablefmt="github"))


if __name__ == "__main__":
    main()
