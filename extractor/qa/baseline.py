"""Findings baselines: report only what an earlier QA report did not already list.

As ruff's and semgrep's baselines do for legacy code: an editor accepts the findings of a
reviewed report once, and later runs show only new ones. A finding is the same as an earlier one
when its file name, rule, normalised text and place (row and column of a change form, or the
page of running text) agree — not its offsets or message, which move when text is edited.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from extractor.errors import InputError
from extractor.qa.text import normalise

Key = tuple[str, str, str, Any, Any, Any]


def finding_key(source: str, finding: Mapping[str, Any]) -> Key:
    """What identifies a finding across runs: file name, rule, normalised text and place."""
    place = (finding.get("row"), finding.get("column") if finding.get("column") is not None else finding.get("field"))
    if finding.get("row") is None:
        place = (None, finding.get("page"))
    return (Path(source).name, str(finding.get("rule")), normalise(str(finding.get("text") or "")), *place,
            finding.get("severity"))


def read_baseline(path: str | Path) -> Counter[Key]:
    """The findings of an earlier ``qa --format json`` report, counted by key.

    Raises:
        InputError: Not a readable JSON QA report.
    """
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(path, f"cannot read the baseline report ({type(exc).__name__})") from None
    records = data if isinstance(data, list) else [data]
    if not all(isinstance(r, dict) and isinstance(r.get("findings", []), list) for r in records):
        raise InputError(path, "not a QA report (expected the JSON that 'extractor qa --format json' writes)")
    return Counter(finding_key(str(r.get("source", "")), f) for r in records for f in r.get("findings", []))


def new_findings(source: str, findings: Iterable[Mapping[str, Any]], baseline: Counter[Key]) -> list[Any]:
    """The findings not in the baseline (a finding listed twice before may be matched twice)."""
    left = Counter(baseline)
    out = []
    for finding in findings:
        key = finding_key(source, finding)
        if left[key] > 0:
            left[key] -= 1
        else:
            out.append(finding)
    return out


__all__ = ["finding_key", "new_findings", "read_baseline"]
