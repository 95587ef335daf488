"""The batch driver: discover, skip what the ledger says is done, run the rest, write the tables.

Order of writes for each document: its JSON goes to ``DIR/documents/<name>.json`` by atomic
rename, *then* the ledger row says ``ok``/``failed``. A run killed at any moment therefore
leaves only whole files, and ``--resume`` redoes exactly the documents whose row is missing,
still ``running``, or whose content (SHA-256) or tool version changed. The combined tables and
the summary are rebuilt from the per-document JSON at the end of each run that changed
anything.
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from extractor import __version__
from extractor.batch.discover import Item, discover
from extractor.batch.executors import Executor, make_executor
from extractor.batch.ledger import Ledger, sha256_file
from extractor.batch.summary import summarise, write_summary
from extractor.batch.tables import TABLES, write_tables
from extractor.batch.worker import Settings
from extractor.io import write_text

OUTPUTS = ["summary.md", "summary.html"] + [f"tables/{name}.{ext}" for name in TABLES for ext in ("parquet", "csv")]


@dataclass
class BatchResult:
    """What a batch run did.

    Attributes:
        out: The output folder.
        documents: Documents in the batch.
        processed: Documents run this time.
        reused: Documents skipped because the ledger has them done.
        failed: Documents that failed (this run or before).
        summary: The summary figures (None when nothing changed and nothing was rewritten).
    """

    out: Path
    documents: int
    processed: int
    reused: int
    failed: int
    summary: dict[str, Any] | None = None
    failures: list[tuple[str, str]] = field(default_factory=list)


class Progress:
    """A tqdm bar (documents/s, ETA) on a terminal; plain log lines otherwise."""

    def __init__(self, total: int, stream: TextIO | None = None, bar: bool | None = None) -> None:
        self.stream = stream or sys.stderr
        self.total = total
        self.count = 0
        self.started = time.monotonic()
        isatty = getattr(self.stream, "isatty", lambda: False)()
        self._bar = None
        if (isatty if bar is None else bar) and total:
            from tqdm import tqdm

            self._bar = tqdm(total=total, unit="doc", file=self.stream, dynamic_ncols=True, smoothing=0.1)

    def update(self, name: str, outcome: dict[str, Any]) -> None:
        """Count one finished document."""
        self.count += 1
        if self._bar is not None:
            self._bar.update(1)
            if outcome.get("status") != "ok":
                self._bar.write(f"extractor batch: {name}: failed: {outcome.get('error')}", file=self.stream)
            return
        elapsed = time.monotonic() - self.started
        rate = self.count / elapsed if elapsed > 0 else 0.0
        eta = (self.total - self.count) / rate if rate > 0 else 0.0
        status = "ok" if outcome.get("status") == "ok" else f"failed: {outcome.get('error')}"
        print(f"extractor batch: [{self.count}/{self.total}] {name}: {status} ({outcome.get('seconds') or 0:.2f} s;"
              f" {rate:.2f} docs/s, ETA {eta:.0f} s)", file=self.stream, flush=True)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


def remove_partial_files(out: Path) -> list[Path]:
    """Delete temporary ``.*.part`` files a killed run left in the output folders; return them."""
    removed = []
    for folder in (out, out / "documents", out / "tables"):
        for path in folder.glob(".*.part") if folder.is_dir() else ():
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def _document_json(item: Item, sha256: str, outcome: dict[str, Any]) -> dict[str, Any]:
    record = {"name": item.name, "source": item.path, "sha256": sha256, "tool_version": __version__,
              "status": outcome.get("status"), "error": outcome.get("error"), "seconds": outcome.get("seconds"),
              "cpu_seconds": outcome.get("cpu_seconds")}
    record.update(outcome.get("record") or {})
    record["source"] = item.path
    if outcome.get("worker"):
        record["worker"] = outcome["worker"]
    return record


def _fingerprint(entries: list[tuple[str, str]]) -> str:
    return hashlib.sha256(json.dumps([__version__, sorted(entries)]).encode()).hexdigest()


def run_batch(inputs: list[str], out: str | Path, *, workers: int = 1, executor: str = "local",
              scheduler: str | None = None, resume: bool = False, retry_failed: bool = False, timeout: float = 60.0, memory_mb: int = 1024,
              password: str | None = None, extract: bool = True, qa: bool = True, progress: bool | None = None,
              log: TextIO | None = None,
              make: Callable[[str, Settings, int, str | None], Executor] = make_executor) -> BatchResult:
    """Run a batch.

    Args:
        inputs: Files and folders.
        out: Output folder (created).
        workers: Documents processed at once.
        executor: ``local`` or ``dask``.
        scheduler: Dask scheduler address (``--executor dask`` only).
        resume: Skip documents the ledger has finished for the same content and tool version.
        retry_failed: With ``resume``, run documents that failed before again (say, after raising
            ``timeout``); by default a failure is final for unchanged content.
        timeout: Seconds one document may take (0: no limit).
        memory_mb: Memory one document may use in its worker (MB, 0: no cap).
        password: Password tried on encrypted PDFs.
        extract: Run spaCy extraction.
        qa: Run QA checks.
        progress: Force the progress bar on/off (default: on when stderr is a terminal).
        log: Stream for progress lines (default stderr).
        make: Executor factory (tests may pass their own).

    Returns:
        What the run did.

    Raises:
        UsageError: No such input, nothing to process, or a bad executor choice.
    """
    out = Path(out)
    items = discover(inputs, exclude=out)
    out.mkdir(parents=True, exist_ok=True)
    documents_dir = out / "documents"
    documents_dir.mkdir(exist_ok=True)
    remove_partial_files(out)
    settings = Settings(password=password, memory_mb=memory_mb, timeout=timeout, extract=extract, qa=qa)
    started = time.monotonic()
    with Ledger(out / "ledger.sqlite") as ledger:
        hashes = {item.name: sha256_file(item.path) for item in items}
        todo = [item for item in items
                if not (resume and ledger.is_done(item.name, hashes[item.name], __version__, out,
                                                  retry_failed=retry_failed))]
        reused = len(items) - len(todo)
        if todo:
            _process(todo, hashes, ledger, out, settings, workers, executor, scheduler, progress, log, make)
        entries = {item.name: ledger.get(item.name) for item in items}
        fingerprint = _fingerprint([(name, f"{e.sha256}:{e.status}:{e.finished}") for name, e in entries.items()
                                    if e is not None])
        failures = [(name, e.error or "") for name, e in entries.items() if e is not None and e.status != "ok"]
        result = BatchResult(out=out, documents=len(items), processed=len(todo), reused=reused,
                             failed=len(failures), failures=failures)
        if not todo and ledger.meta("fingerprint") == fingerprint and all((out / p).is_file() for p in OUTPUTS):
            return result  # nothing changed since the last complete run: write nothing
        records = []
        for item in items:
            path = documents_dir / f"{item.name}.json"
            try:
                records.append(json.loads(path.read_text(encoding="utf-8")))
            except (OSError, ValueError):
                entry = entries.get(item.name)
                records.append({"name": item.name, "source": item.path, "status": "failed",
                                "error": (entry.error if entry else None) or "no result recorded"})
        counts = write_tables(records, out / "tables")
        result.summary = summarise(records, tables=counts, run={
            "executor": executor, "workers": workers, "processed": len(todo), "reused": reused,
            "wall_seconds": time.monotonic() - started, "tool_version": __version__})
        write_summary(result.summary, out)
        ledger.set_meta("fingerprint", fingerprint)
    return result


def _process(todo: list[Item], hashes: dict[str, str], ledger: Ledger, out: Path, settings: Settings,
             workers: int, executor: str, scheduler: str | None, progress: bool | None, log: TextIO | None,
             make: Callable[[str, Settings, int, str | None], Executor]) -> None:
    """Run ``todo`` on the executor, recording each outcome as it arrives."""
    bar = Progress(len(todo), log, progress)
    queue = list(reversed(todo))
    running: dict[Any, Item] = {}

    def record(item: Item, outcome: dict[str, Any]) -> None:
        target = f"documents/{item.name}.json"
        data = _document_json(item, hashes[item.name], outcome)
        write_text(out / target, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        ledger.finish(item.name, status="ok" if outcome.get("status") == "ok" else "failed",
                      error=outcome.get("error"), kind=data.get("kind"), pages=data.get("pages"),
                      seconds=outcome.get("seconds"), timings=data.get("timings"), output=target)
        bar.update(item.name, outcome)

    try:
        with make(executor, settings, workers, scheduler) as pool:
            while queue or running:
                while queue and len(running) < pool.in_flight:
                    item = queue.pop()
                    ledger.start(item.name, item.path, hashes[item.name], __version__)
                    running[pool.submit(item.path)] = item
                for future, outcome in pool.expired(list(running)).items():
                    record(running.pop(future), outcome)
                for future in pool.wait(list(running), timeout=0.5):
                    if future in running:
                        record(running.pop(future), pool.outcome(future))
    finally:
        bar.close()
