"""Combined tables of a batch: every document's rows, thresholds, doses, criteria, findings, errors.

Each table is a pandas DataFrame written as Parquet (pyarrow) and CSV, both atomically. Every
table starts with ``document`` (the output name) and ``source`` (the input path) so rows can be
joined back to ``DIR/documents/<document>.json``. Nested values (dicts, lists) are stored as
JSON text so that both formats hold the same data.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from extractor.io import atomic_path

#: Tables written, with the columns each has even when empty.
TABLES: dict[str, tuple[str, ...]] = {
    "documents": ("document", "source", "status", "kind", "pages", "seconds", "cpu_seconds", "error"),
    "rows": ("document", "source", "index", "original", "new", "section", "reason", "changed_by", "date",
             "change_type", "pages"),
    "thresholds": ("document", "source", "row", "field", "text", "start", "end", "analyte", "comparator",
                   "value", "value_max", "unit", "ucum"),
    "doses": ("document", "source", "row", "field", "text", "start", "end", "amount", "amount_max", "unit",
              "ucum", "route", "frequency", "duration", "max", "timing", "product"),
    "criteria": ("document", "source", "row", "field", "text", "start", "end"),
    "abbreviations": ("document", "source", "row", "field", "text", "start", "end"),
    "references": ("document", "source", "row", "field", "text", "start", "end"),
    "findings": ("document", "source", "kind", "rule", "severity", "message", "text", "suggestion", "row",
                 "field", "page", "start", "end"),
    "errors": ("document", "source", "error"),
}


def collect(records: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Spread document records (the per-document JSON objects) over the tables' rows."""
    tables: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    for record in records:
        key = {"document": record["name"], "source": record["source"]}
        tables["documents"].append({**key, "status": record.get("status"), "kind": record.get("kind"),
                                    "pages": record.get("pages"), "seconds": record.get("seconds"),
                                    "cpu_seconds": record.get("cpu_seconds"), "error": record.get("error")})
        if record.get("status") != "ok":
            tables["errors"].append({**key, "error": record.get("error")})
            continue
        for row in record.get("rows") or []:
            tables["rows"].append({**key, **{k: v for k, v in row.items() if k != "source"}})
        for name in ("thresholds", "doses", "criteria", "abbreviations", "references"):
            for item in (record.get("extraction") or {}).get(name, []):
                tables[name].append({**key, "row": None, "field": None, **item})
        for finding in record.get("findings") or []:
            tables["findings"].append({**key, "kind": record.get("kind"), **finding})
    return tables


def _cell(value: Any) -> Any:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, (dict, list, tuple)) else value


def frame(rows: list[dict[str, Any]], columns: Iterable[str]) -> pd.DataFrame:
    """A DataFrame with the table's own columns first, nested values as JSON, mixed columns as text."""
    columns = list(columns)
    extra = [key for row in rows for key in row if key not in columns]
    ordered = columns + list(dict.fromkeys(extra))
    table = pd.DataFrame([{key: _cell(row.get(key)) for key in ordered} for row in rows], columns=ordered)
    for column in table.columns:
        kinds = {type(v) for v in table[column] if v is not None and not (isinstance(v, float) and pd.isna(v))}
        if len(kinds) > 1 and not kinds <= {int, float, bool}:
            table[column] = table[column].map(lambda v: None if v is None else str(v))
        elif not kinds:
            table[column] = table[column].astype("object")
    return table


def write_tables(records: Iterable[dict[str, Any]], folder: str | Path) -> dict[str, int]:
    """Write every table as ``folder/<name>.parquet`` and ``folder/<name>.csv``.

    Returns:
        Row count of each table.
    """
    folder = Path(folder)
    counts: dict[str, int] = {}
    for name, rows in collect(records).items():
        table = frame(rows, TABLES[name])
        with atomic_path(folder / f"{name}.parquet") as tmp:
            table.to_parquet(tmp, index=False, engine="pyarrow")
        with atomic_path(folder / f"{name}.csv") as tmp:
            table.to_csv(tmp, index=False)
        counts[name] = len(table)
    return counts
