"""Helpers the report renderers share: counting, ordering, positions, excerpts."""

from __future__ import annotations

from collections import Counter
from typing import Any

SEVERITY_ORDER = ("error", "warning", "info")
#: Contract keys of a finding, in order; anything else is an extra key.
FINDING_KEYS = ("rule", "severity", "message", "text", "suggestion", "row", "field", "page", "start", "end", "column")


def public(result: dict[str, Any]) -> dict[str, Any]:
    """The result without private keys (those starting with ``_``)."""
    return {k: v for k, v in result.items() if not k.startswith("_")}


def counts(findings: list[dict[str, Any]]) -> tuple[dict[str, int], dict[str, int]]:
    """Findings counted by severity (all three keys present) and by rule (most first)."""
    by_severity = Counter(f.get("severity") for f in findings)
    by_rule = Counter(f.get("rule") for f in findings)
    return ({s: by_severity.get(s, 0) for s in SEVERITY_ORDER}, dict(by_rule.most_common()))


def severity_index(severity: str | None) -> int:
    """0 for error, 1 warning, 2 info, 3 anything else."""
    return SEVERITY_ORDER.index(severity) if severity in SEVERITY_ORDER else 3


def line_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset`` in ``text``."""
    offset = max(0, min(offset, len(text)))
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def excerpt(text: str, start: int | None, end: int | None, width: int = 60) -> tuple[str, str, str]:
    """(before, hit, after) around ``text[start:end]``, on one line each, clipped to ``width``."""
    if start is None or end is None or not text:
        return "", "", ""
    before = " ".join(text[max(0, start - width):start].split())
    after = " ".join(text[end:end + width].split())
    return before, text[start:end], after


def summary_line(result: dict[str, Any]) -> str:
    """"source (kind): N findings – a errors, b warnings, c info"."""
    if result.get("error"):
        return f"{result.get('source')}: not checked ({result['error']})"
    findings = result.get("findings", [])
    sev, _ = counts(findings)
    noun = "finding" if len(findings) == 1 else "findings"
    return (f"{result.get('source')} ({result.get('kind')}): {len(findings)} {noun} – {sev['error']} errors, "
            f"{sev['warning']} warnings, {sev['info']} info")
