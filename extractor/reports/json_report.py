"""JSON report: the contract's object per input (a list when there are several)."""

from __future__ import annotations

import json
from typing import Any

from extractor.reports.common import public


def render(results: list[dict[str, Any]], **_: Any) -> str:
    """One object for one input, else a list; private keys dropped; UTF-8 kept."""
    records = [public(r) for r in results]
    payload: Any = records[0] if len(records) == 1 else records
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
