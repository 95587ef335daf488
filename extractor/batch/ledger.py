"""The batch ledger: one SQLite row per document, so a run can be resumed after any stop.

Each row records the document's content hash (SHA-256), status (``running``, ``ok``, ``failed``),
one-line error, timings, the tool version that produced it and the output path. Every change
is committed at once; SQLite's journal keeps the file consistent even when the process is
killed mid-write, so the ledger never claims an output that was not fully written (outputs are
renamed into place *before* their row says ``ok``).
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Self

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    name TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    status TEXT NOT NULL,
    error TEXT,
    kind TEXT,
    pages INTEGER,
    seconds REAL,
    timings TEXT,
    tool_version TEXT NOT NULL,
    output TEXT,
    started REAL,
    finished REAL
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
"""

#: Statuses after which a document needs no more work (for the same content and tool version).
FINAL = ("ok", "failed")


def sha256_file(path: str | os.PathLike[str], chunk: int = 1 << 20) -> str:
    """Return the hex SHA-256 of a file's content."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
    return digest.hexdigest()


@dataclass
class Entry:
    """One ledger row."""

    name: str
    path: str
    sha256: str
    status: str
    error: str | None
    kind: str | None
    pages: int | None
    seconds: float | None
    timings: dict[str, float]
    tool_version: str
    output: str | None
    started: float | None
    finished: float | None


class Ledger:
    """The SQLite ledger of a batch output folder.

    Args:
        path: The database file (``DIR/ledger.sqlite``); created when missing.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(SCHEMA)
        self._db.commit()

    def close(self) -> None:
        """Close the database."""
        self._db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, name: str) -> Entry | None:
        """Return the row for document ``name``, or None."""
        row = self._db.execute(
            "SELECT name, path, sha256, status, error, kind, pages, seconds, timings, tool_version, output,"
            " started, finished FROM documents WHERE name = ?", (name,)).fetchone()
        if row is None:
            return None
        values = list(row)
        values[8] = json.loads(values[8]) if values[8] else {}
        return Entry(*values)

    def entries(self) -> list[Entry]:
        """Return every row, by name."""
        names = [row[0] for row in self._db.execute("SELECT name FROM documents ORDER BY name")]
        return [entry for name in names if (entry := self.get(name)) is not None]

    def is_done(self, name: str, sha256: str, tool_version: str, root: Path, *, retry_failed: bool = False) -> bool:
        """Whether ``name`` was finished for this exact content and tool version, its output intact.

        With ``retry_failed`` a document that failed counts as not done.
        """
        entry = self.get(name)
        if entry is None or entry.status not in FINAL or (retry_failed and entry.status == "failed"):
            return False
        if entry.sha256 != sha256 or entry.tool_version != tool_version:
            return False
        return entry.output is None or (root / entry.output).is_file()

    def start(self, name: str, path: str, sha256: str, tool_version: str) -> None:
        """Mark ``name`` as running (a row left ``running`` after a kill is redone on resume)."""
        self._db.execute(
            "INSERT INTO documents (name, path, sha256, status, tool_version, started)"
            " VALUES (?, ?, ?, 'running', ?, ?) ON CONFLICT(name) DO UPDATE SET path=excluded.path,"
            " sha256=excluded.sha256, status='running', error=NULL, tool_version=excluded.tool_version,"
            " started=excluded.started, finished=NULL",
            (name, path, sha256, tool_version, time.time()))
        self._db.commit()

    def finish(self, name: str, *, status: str, error: str | None, kind: str | None, pages: int | None,
               seconds: float | None, timings: dict[str, float] | None, output: str | None) -> None:
        """Record the outcome of ``name`` (call only after its output file is in place)."""
        self._db.execute(
            "UPDATE documents SET status=?, error=?, kind=?, pages=?, seconds=?, timings=?, output=?,"
            " finished=? WHERE name=?",
            (status, error, kind, pages, seconds, json.dumps(timings or {}), output, time.time(), name))
        self._db.commit()

    def meta(self, key: str) -> str | None:
        """Return a stored run property."""
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else row[0]

    def set_meta(self, key: str, value: Any) -> None:
        """Store a run property."""
        self._db.execute("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE"
                         " SET value=excluded.value", (key, str(value)))
        self._db.commit()
