"""Benchmarks of the batch runner: per-page cost vs pdfplumber, worker scaling, peak memory, throughput.

Prints markdown tables (and writes them to ``--report``). Not a test: figures depend on the
machine and on what else runs on it; the load average is printed with them.

Usage::

    python scripts/make_batch_corpus.py /tmp/bench/forms --forms 1000 --jobs 2
    python scripts/make_batch_corpus.py /tmp/bench/policy --forms 0 --policy-pages 500
    python scripts/bench_batch.py --forms /tmp/bench/forms --policy /tmp/bench/policy/policy_500p.pdf \\
        --work /tmp/bench/work --report benchmarks/batch.md
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pdfplumber

from extractor.batch import run_batch
from extractor.batch.stages import Context, process_document


def table(header: list[str], rows: list[list[object]]) -> str:
    """A markdown table."""
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join("---" if i == 0 else "---:" for i in range(len(header))) + " |"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def plumber_tables(paths: list[Path]) -> tuple[float, int]:
    """CPU seconds and pages for pdfplumber's own ``extract_tables`` on every page (pages closed as read)."""
    started, pages = time.process_time(), 0
    for path in paths:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_tables()
                page.close()
                pages += 1
    return time.process_time() - started, pages


def pipeline(paths: list[Path], context: Context) -> tuple[float, int, dict[str, float]]:
    """CPU seconds, pages and per-stage wall seconds of :func:`process_document` on every path, in this process."""
    started, pages, stages = time.process_time(), 0, {}
    for path in paths:
        record = process_document(str(path), context)
        pages += int(record.get("pages") or 0)
        for stage, seconds in record["timings"].items():
            stages[stage] = stages.get(stage, 0.0) + seconds
    return time.process_time() - started, pages, stages


def per_page(forms: list[Path]) -> str:
    full = Context.create()
    read_only = Context.create(extract=False, qa=False)
    # Warm-up on other forms; then each run on its own, unseen forms (the readers cache per word, so
    # a second pass over the same forms would look faster than a batch of new documents).
    warm, forms = forms[:5], forms[5:]
    pipeline(warm, full)
    pipeline(warm, read_only)
    half = len(forms) // 2
    base_s, base_pages = plumber_tables(forms)
    full_s, full_pages, stages = pipeline(forms[:half], full)
    read_s, read_pages, _ = pipeline(forms[half:], read_only)
    again_s, again_pages = plumber_tables(forms)  # the baseline again: shows how steady the figures are
    kinds = {process_document(str(forms[0]), read_only)["kind"]}
    rows = [["pdfplumber `extract_tables` (baseline)", base_pages, f"{1000 * base_s / base_pages:.1f}", "1.00"],
            ["pdfplumber `extract_tables` (baseline, repeated last)", again_pages,
             f"{1000 * again_s / again_pages:.1f}", f"{(again_s / again_pages) / (base_s / base_pages):.2f}"],
            ["batch: read only (change form or document reader)", read_pages, f"{1000 * read_s / read_pages:.1f}",
             f"{(read_s / read_pages) / (base_s / base_pages):.2f}"],
            ["batch: whole pipeline (read + spaCy extract + QA)", full_pages, f"{1000 * full_s / full_pages:.1f}",
             f"{(full_s / full_pages) / (base_s / base_pages):.2f}"]]
    stage_rows = [[stage, f"{1000 * seconds / full_pages:.1f}"] for stage, seconds in stages.items()]
    return (f"### Time per page, {len(forms)} generated change forms (one process, CPU time so other jobs on the "
            f"machine do not count; pipeline and read-only each on half of them, unseen; reader used: "
            f"{', '.join(kinds)})\n\n"
            + table(["run", "pages", "CPU ms/page", "× pdfplumber"], rows)
            + "\n\nWhole pipeline by stage (wall time, so inflated by the machine's load):\n\n"
            + table(["stage", "ms/page"], stage_rows) + "\n")


def batch_wall(paths: list[Path], out: Path, **options: object) -> tuple[float, object]:
    shutil.rmtree(out, ignore_errors=True)
    started = time.perf_counter()
    with open(os.devnull, "w", encoding="utf-8") as quiet:
        result = run_batch([str(p) for p in paths], out, progress=False, log=quiet, **options)
    return time.perf_counter() - started, result


def cpu_seconds(out: Path) -> float:
    """Total CPU seconds the workers spent on documents (from the documents table)."""
    import pandas as pd

    return float(pd.read_parquet(out / "tables" / "documents.parquet")["cpu_seconds"].fillna(0).sum())


def scaling(forms: list[Path], work: Path) -> str:
    rows, walls = [], {}
    for workers in (1, 2):
        load = os.getloadavg()[0]
        wall, result = batch_wall(forms, work / f"scale_{workers}", workers=workers)
        walls[workers] = wall
        cpu = cpu_seconds(work / f"scale_{workers}")
        rows.append([workers, result.documents, result.failed, f"{wall:.1f}", f"{result.documents / wall:.2f}",
                     f"{walls[1] / wall:.2f}", f"{cpu:.1f}", f"{cpu / wall:.2f}", f"{load:.1f}"])
    return (f"### Scaling, {len(forms)} generated change forms, local executor (wall time incl. worker start)\n\n"
            + table(["workers", "documents", "failed", "wall s", "docs/s", "speed-up", "worker CPU s",
                     "cores busy (CPU s / wall s)", "load avg before"], rows)
            + "\n\n`cores busy` is what the workers got of the machine: with 2 workers it can reach 2.0 only "
              "when nothing else runs.\n")


RSS_PROBE = """
import json, resource, sys, time
from extractor.batch.stages import Context, process_document
mode, path = sys.argv[1], sys.argv[2]
if mode == "plumber":
    import pdfplumber
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    with pdfplumber.open(path) as pdf:
        pages = 0
        for page in pdf.pages:
            page.extract_text(); page.close(); pages += 1
else:
    context = Context.create(extract=(mode == "full"), qa=(mode == "full"))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    pages = process_document(path, context)["pages"]
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"before_mb": before / 1024, "peak_mb": peak / 1024, "pages": pages,
                  "seconds": time.perf_counter() - started}))
"""


def peak_rss(policy: Path) -> str:
    rows = []
    for mode, label in (("plumber", "pdfplumber `extract_text`, pages closed"),
                        ("read", "batch: read only"), ("full", "batch: whole pipeline (read + extract + QA)")):
        done = subprocess.run([sys.executable, "-c", RSS_PROBE, mode, str(policy)], capture_output=True, text=True,
                              check=True)
        figures = json.loads(done.stdout.strip().splitlines()[-1])
        rows.append([label, figures["pages"], f"{figures['before_mb']:.0f}", f"{figures['peak_mb']:.0f}",
                     f"{figures['seconds']:.1f}"])
    return (f"### Peak RSS on a generated {policy.name} (one process)\n\n"
            + table(["run", "pages", "RSS before document, MB", "peak RSS, MB", "seconds"], rows) + "\n")


def throughput(forms: list[Path], work: Path, dask: bool) -> str:
    rows = []
    runs = [("local, 2 workers", "through_local", {})]
    if dask:
        runs.append(("Dask LocalCluster, 2 worker processes", "through_dask", {"executor": "dask"}))
    for label, folder, options in runs:
        load = os.getloadavg()[0]
        wall, result = batch_wall(forms, work / folder, workers=2, **options)
        cpu = cpu_seconds(work / folder)
        rows.append([label, result.documents, result.failed, f"{wall:.1f}", f"{result.documents / wall:.2f}",
                     f"{cpu:.1f}", f"{cpu / wall:.2f}", f"{load:.1f}"])
    return (f"### Throughput, {len(forms)} generated change forms (wall time incl. start-up and tables)\n\n"
            + table(["executor", "documents", "failed", "wall s", "docs/s", "worker CPU s", "cores busy",
                     "load avg before"], rows) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--forms", type=Path, required=True, help="folder of generated change forms")
    parser.add_argument("--policy", type=Path, help="a long generated policy PDF for the memory figure")
    parser.add_argument("--work", type=Path, default=Path("/tmp/bench_batch"), help="scratch output folder")
    parser.add_argument("--per-page", type=int, default=60, help="forms timed per page (default 60)")
    parser.add_argument("--scale", type=int, default=200, help="forms for the 1 → 2 workers run (default 200)")
    parser.add_argument("--throughput", type=int, default=1000, help="forms for the throughput run (default 1000)")
    parser.add_argument("--no-dask", action="store_true", help="skip the Dask throughput run")
    parser.add_argument("--only", nargs="*", choices=("per-page", "scaling", "rss", "throughput"))
    parser.add_argument("--report", type=Path, help="also write the tables to this markdown file")
    args = parser.parse_args()
    forms = sorted(args.forms.glob("*.pdf"))
    chosen = set(args.only or ("per-page", "scaling", "rss", "throughput"))
    parts = [(f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores shared with other "
              f"jobs (load average at start {os.getloadavg()[0]:.1f}); Python {platform.python_version()}.\n")]
    if "per-page" in chosen:
        parts.append(per_page(forms[: args.per_page]))
        print(parts[-1], flush=True)
    if "scaling" in chosen:
        parts.append(scaling(forms[: args.scale], args.work))
        print(parts[-1], flush=True)
    if "rss" in chosen and args.policy:
        parts.append(peak_rss(args.policy))
        print(parts[-1], flush=True)
    if "throughput" in chosen:
        parts.append(throughput(forms[: args.throughput], args.work, not args.no_dask))
        print(parts[-1], flush=True)
    parts.append(f"Load average at end {os.getloadavg()[0]:.1f}.\n")
    if args.report:
        args.report.parent.mkdir(parents=True, exist_ok=True)
        args.report.write_text("\n".join(parts), encoding="utf-8")


if __name__ == "__main__":
    main()
