"""CSV report: one line per finding (pandas), with the source and kind of its input."""

from __future__ import annotations

import io
import json
from typing import Any

import pandas as pd

from extractor.reports.common import FINDING_KEYS


def render(results: list[dict[str, Any]], **_: Any) -> str:
    """Flat table: source, kind, the contract's finding keys, then extra keys (JSON-encoded if nested)."""
    records: list[dict[str, Any]] = []
    for result in results:
        base = {"source": result.get("source"), "kind": result.get("kind")}
        if result.get("error"):
            records.append({**base, "error": result["error"]})
            continue
        for finding in result.get("findings", []):
            records.append({**base, **finding})
    columns = ["source", "kind", *FINDING_KEYS]
    extras = sorted({k for r in records for k in r} - set(columns))
    frame = pd.DataFrame(records, columns=columns + extras)
    for column in extras:
        frame[column] = frame[column].map(
            lambda v: json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else v)
    for column in ("row", "page", "start", "end", "column"):
        frame[column] = frame[column].astype("Int64")
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False)
    return buffer.getvalue()
