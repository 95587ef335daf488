"""The batch summary report: documents, pages, findings by rule and severity, failures, timings.

Written as ``DIR/summary.md`` (markdown) and ``DIR/summary.html`` (Jinja2 template
``extractor/templates/batch_summary.html.j2``), both atomically.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from extractor.io import write_text

SEVERITY_ORDER = ("error", "warning", "info")


def summarise(records: Iterable[dict[str, Any]], *, run: dict[str, Any], tables: dict[str, int]) -> dict[str, Any]:
    """Gather the summary's figures from the document records and this run's facts.

    Args:
        records: Per-document records of every document in the batch.
        run: Facts of this run: ``executor``, ``workers``, ``processed``, ``reused``, ``wall_seconds``,
            ``tool_version``.
        tables: Row count of each combined table.

    Returns:
        A JSON-ready dict the markdown and HTML renderers share.
    """
    records = list(records)
    ok = [r for r in records if r.get("status") == "ok"]
    failed = [r for r in records if r.get("status") != "ok"]
    by_rule: dict[str, Counter[str]] = {}
    for record in ok:
        for finding in record.get("findings") or []:
            by_rule.setdefault(str(finding.get("rule")), Counter())[str(finding.get("severity"))] += 1
    severities = Counter()
    for counts in by_rule.values():
        severities.update(counts)
    stage_totals: Counter[str] = Counter()
    for record in ok:
        for stage, seconds in (record.get("timings") or {}).items():
            stage_totals[stage] += float(seconds or 0)
    stage_states: dict[str, Counter[str]] = {}
    for record in ok:
        for stage, state in (record.get("stages") or {}).items():
            stage_states.setdefault(stage, Counter())[str(state) if len(str(state)) < 80 else "error"] += 1
    processed = int(run.get("processed", 0))
    wall = float(run.get("wall_seconds", 0.0))
    slowest = sorted(records, key=lambda r: -(r.get("seconds") or 0))[:10]
    return {
        "tool_version": run.get("tool_version"),
        "executor": run.get("executor"),
        "workers": run.get("workers"),
        "documents": len(records),
        "ok": len(ok),
        "failed": len(failed),
        "processed": processed,
        "reused": int(run.get("reused", 0)),
        "pages": sum(int(r.get("pages") or 0) for r in ok),
        "kinds": dict(sorted(Counter(str(r.get("kind")) for r in ok).items())),
        "findings_total": sum(severities.values()),
        "severities": {name: severities.get(name, 0) for name in SEVERITY_ORDER},
        "findings": [{"rule": rule, **{name: counts.get(name, 0) for name in SEVERITY_ORDER},
                      "total": sum(counts.values())}
                     for rule, counts in sorted(by_rule.items(), key=lambda item: -sum(item[1].values()))],
        "failures": [{"document": r.get("name"), "source": r.get("source"), "error": r.get("error")}
                     for r in failed],
        "wall_seconds": round(wall, 2),
        "documents_per_second": round(processed / wall, 2) if wall > 0 and processed else None,
        "stage_states": {stage: dict(counts) for stage, counts in stage_states.items()},
        "stage_seconds": {stage: round(seconds, 2) for stage, seconds in sorted(stage_totals.items())},
        "slowest": [{"document": r.get("name"), "seconds": r.get("seconds"), "status": r.get("status")}
                    for r in slowest if r.get("seconds")],
        "tables": dict(tables),
    }


def _md_escape(text: Any) -> str:
    return str(text if text is not None else "").replace("|", "\\|").replace("\n", " ")


def to_markdown(summary: dict[str, Any]) -> str:
    """Render the summary as markdown."""
    lines = [
        "# Batch summary", "",
        f"extractor {summary['tool_version']}, executor {summary['executor']} with {summary['workers']} workers.", "",
        "| documents | ok | failed | processed this run | reused from ledger | pages | findings |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        (f"| {summary['documents']} | {summary['ok']} | {summary['failed']} | {summary['processed']} "
         f"| {summary['reused']} | {summary['pages']} | {summary['findings_total']} |"), "",
    ]
    if summary["kinds"]:
        lines += ["Document kinds: " + ", ".join(f"{kind} {count}" for kind, count in summary["kinds"].items()), ""]
    lines += ["## Findings by rule and severity", ""]
    if summary["findings"]:
        lines += ["| rule | " + " | ".join(SEVERITY_ORDER) + " | total |",
                  "| --- | " + " | ".join("---:" for _ in SEVERITY_ORDER) + " | ---: |"]
        for row in summary["findings"]:
            lines.append(f"| {_md_escape(row['rule'])} | " + " | ".join(str(row[s]) for s in SEVERITY_ORDER)
                         + f" | {row['total']} |")
        lines.append("| **all** | " + " | ".join(str(summary["severities"][s]) for s in SEVERITY_ORDER)
                     + f" | {summary['findings_total']} |")
    else:
        lines.append("No findings.")
    lines += ["", "## Failures", ""]
    if summary["failures"]:
        lines += ["| document | error |", "| --- | --- |"]
        lines += [f"| {_md_escape(f['document'])} | {_md_escape(f['error'])} |" for f in summary["failures"]]
    else:
        lines.append("None.")
    rate = summary["documents_per_second"]
    lines += ["", "## Timings", "",
              f"Wall time {summary['wall_seconds']} s for {summary['processed']} documents processed this run"
              + (f" ({rate} documents/s)." if rate else "."), ""]
    if summary["stage_states"]:
        lines += ["| stage | seconds (all documents) | outcome (documents) |", "| --- | ---: | --- |"]
        for stage, states in summary["stage_states"].items():
            outcome = ", ".join(f"{_md_escape(state)} {count}" for state, count in states.items())
            lines.append(f"| {stage} | {summary['stage_seconds'].get(stage, 0)} | {outcome} |")
        lines.append("")
    if summary["slowest"]:
        lines += ["Slowest documents:", ""]
        lines += [f"- {_md_escape(s['document'])}: {s['seconds']} s ({s['status']})" for s in summary["slowest"]]
        lines.append("")
    lines += ["## Tables", "", "| table | rows |", "| --- | ---: |"]
    lines += [f"| {name} | {count} |" for name, count in summary["tables"].items()]
    return "\n".join(lines) + "\n"


def to_html(summary: dict[str, Any]) -> str:
    """Render the summary as a standalone HTML page (Jinja2, autoescaped)."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    environment = Environment(loader=PackageLoader("extractor", "templates"),
                              autoescape=select_autoescape(["html", "j2"]))
    return environment.get_template("batch_summary.html.j2").render(s=summary, severities=SEVERITY_ORDER)


def write_summary(summary: dict[str, Any], folder: str | Path) -> None:
    """Write ``summary.md`` and ``summary.html`` into ``folder``."""
    folder = Path(folder)
    write_text(folder / "summary.md", to_markdown(summary))
    write_text(folder / "summary.html", to_html(summary))
