"""HTML report: one self-contained file (inline CSS and JS, no external assets).

It shows counts by severity and rule, a findings table that severity and rule filters narrow
(JavaScript), and for change forms each row's word-level diff (old → new, difflib) with the
findings highlighted where they are. The page is a Jinja2 template in
``extractor/templates/qa_report.html.j2``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from extractor import __version__
from extractor.qa.text import word_diff
from extractor.reports.common import counts, excerpt, severity_index


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(loader=PackageLoader("extractor", "templates"), autoescape=select_autoescape(["html", "j2"]),
                       trim_blocks=True, lstrip_blocks=True)


Span = tuple[int, int, dict[str, Any]]
#: Of two findings on the same text, the more severe one is highlighted.
_SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}


def _highlight(text: str, offset: int, spans: list[Span]) -> Markup:
    """Escape ``text`` (which starts at ``offset`` of its field) with <mark> around finding spans."""
    pieces: list[str] = []
    cursor = 0
    local = sorted(((max(s - offset, 0), min(e - offset, len(text)), f) for s, e, f in spans
                    if s < offset + len(text) and e > offset and e > s),
                   key=lambda span: (span[0], -span[1], _SEVERITY_RANK.get(span[2].get("severity"), 3)))
    for start, end, finding in local:
        if start < cursor:
            continue
        pieces.append(str(escape(text[cursor:start])))
        sev = finding.get("severity", "info")
        pieces.append(f'<mark class="hl sev-{escape(sev)}" data-rule="{escape(finding.get("rule", ""))}" '
                      f'title="{escape(finding.get("rule", ""))}: {escape(finding.get("message", ""))}">'
                      f"{escape(text[start:end])}</mark>")
        cursor = end
    pieces.append(str(escape(text[cursor:])))
    return Markup("".join(pieces))


def diff_html(old: str, new: str, findings: list[dict[str, Any]]) -> Markup:
    """The new text with deletions and insertions marked and findings highlighted in place.

    Args:
        old: The original text.
        new: The new text.
        findings: The row's findings; those with ``field`` ``new`` or ``original`` and offsets
            are highlighted in the new text or the deleted old text.
    """
    new_spans: list[Span] = [(f["start"], f["end"], f) for f in findings
                             if f.get("field") == "new" and f.get("start") is not None and f.get("end") is not None]
    old_spans: list[Span] = [(f["start"], f["end"], f) for f in findings
                             if f.get("field") == "original" and f.get("start") is not None and f.get("end") is not None]
    out: list[str] = []
    cursor = 0
    for op in word_diff(old or "", new or ""):
        if op.new_start > cursor:
            out.append(_highlight(new[cursor:op.new_start], cursor, new_spans))
            cursor = op.new_start
        if op.tag == "equal":
            out.append(_highlight(new[op.new_start:op.new_end], op.new_start, new_spans))
        else:
            if op.old:
                out.append(Markup('<del class="diff-del">') + _highlight(op.old, op.old_start, old_spans)
                           + Markup("</del>"))
            if op.new:
                out.append(Markup('<ins class="diff-ins">') + _highlight(op.new, op.new_start, new_spans)
                           + Markup("</ins>"))
        cursor = max(cursor, op.new_end)
    if cursor < len(new or ""):
        out.append(_highlight(new[cursor:], cursor, new_spans))
    return Markup("").join(out)


def _view(result: dict[str, Any], number: int) -> dict[str, Any]:
    findings = sorted(result.get("findings", []),
                      key=lambda f: (f.get("row") if f.get("row") is not None else -1, f.get("start") or 0))
    text = result.get("_text", "")
    items = []
    for position, finding in enumerate(findings):
        before, hit, after = excerpt(text, finding.get("start"), finding.get("end"), 50) if text else ("", "", "")
        where = []
        if finding.get("row") is not None:
            where.append(f"row {finding['row']}")
        if finding.get("field"):
            where.append(str(finding["field"]))
        if finding.get("page") is not None:
            where.append(f"page {finding['page']}")
        items.append({**finding, "id": f"f{number}-{position}", "where": ", ".join(where),
                      "before": before, "hit": hit or finding.get("text", ""), "after": after,
                      "sev_index": severity_index(finding.get("severity"))})
    by_row: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for item in items:
        if item.get("row") is not None:
            by_row[item["row"]].append(item)
    rows = []
    for row in result.get("rows", []):
        row_findings = by_row.get(row.get("index"), [])
        rows.append({**row, "diff": diff_html(row.get("original") or "", row.get("new") or "", row_findings),
                     "findings": row_findings,
                     "row_level": [f for f in row_findings if f.get("field") in (None, "reason", "date")
                                   or f.get("rule") == "reason-mismatch"]})
    sev, rules = counts(findings)
    return {"source": result.get("source"), "kind": result.get("kind"), "error": result.get("error"),
            "findings": items, "rows": rows, "severity_counts": sev, "rule_counts": rules, "number": number}


def render(results: list[dict[str, Any]], *, title: str = "QA report", **_: Any) -> str:
    """Return the whole HTML page."""
    views = [_view(result, number) for number, result in enumerate(results)]
    all_findings = [f for v in views for f in v["findings"]]
    sev, rules = counts(all_findings)
    template = _environment().get_template("qa_report.html.j2")
    return template.render(title=title, results=views, severity_counts=sev, rule_counts=rules,
                           total=len(all_findings), version=__version__,
                           generated=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"))
