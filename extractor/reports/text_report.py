"""Text report for people: a summary per input, findings grouped by change-form row or page."""

from __future__ import annotations

import textwrap
from itertools import groupby
from typing import Any

from extractor.reports.common import excerpt, severity_index, summary_line


def _group_key(finding: dict[str, Any]) -> tuple[int, int]:
    return (finding.get("row") if finding.get("row") is not None else -1,
            finding.get("page") if finding.get("page") is not None else -1)


def _finding_lines(finding: dict[str, Any], text: str, row: dict[str, Any] | None = None) -> list[str]:
    where = finding.get("field") or ""
    head = f"    {finding.get('severity', ''):<8} {finding.get('rule', ''):<16} {where:<9} "
    body = textwrap.wrap(finding.get("message", ""), width=100) or [""]
    lines = [head + body[0]] + [" " * len(head) + part for part in body[1:]]
    source_text = text if not finding.get("field") else (row or {}).get(finding.get("field") or "", "")
    if source_text and finding.get("start") is not None and finding.get("end") is not None \
            and finding.get("field") not in ("reason", "date"):
        before, hit, after = excerpt(source_text, finding["start"], finding["end"], 40)
        lines.append(" " * len(head) + f"…{before}[{' '.join(hit.split())}]{after}…")
    if finding.get("suggestion"):
        lines.append(" " * len(head) + f"suggestion: {finding['suggestion']}")
    return lines


def render(results: list[dict[str, Any]], **_: Any) -> str:
    """Render each result: a summary line, then findings by row (forms) or page (documents)."""
    out: list[str] = []
    for result in results:
        out.append(summary_line(result))
        findings = sorted(result.get("findings", []), key=lambda f: (*_group_key(f), severity_index(f.get("severity"))))
        rows = {row.get("index"): row for row in result.get("rows", [])}
        text = result.get("_text", "")
        for (row, page), group in groupby(findings, key=_group_key):
            if row >= 0:
                info = rows.get(row, {})
                section = " / ".join((info.get("section") or "").split("\n"))[:80]
                label = f"  Row {row}" + (f" (page {page})" if page >= 0 else "")
                if section:
                    label += f" – {section}"
                if info.get("reason"):
                    label += f" – reason: {' '.join(info['reason'].split())[:60]}"
            else:
                label = f"  Page {page}" if page >= 0 else "  Whole document"
            out.append(label)
            for finding in group:
                out.extend(_finding_lines(finding, text, rows.get(row) if row >= 0 else None))
        out.append("")
    return "\n".join(out)
