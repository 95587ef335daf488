"""Score ``extractor qa`` against the gold findings in corpora/gold/qa/ (per-rule precision/recall).

Gold files: ``{"source", "kind", "settings": {"today": "YYYY-MM-DD"}, "findings": [...]}`` where a
change-form entry is ``{"rule", "row", "field"}`` (matched on all three) and a running-text entry
is ``{"rule", "start", "end"}`` (matched by a finding of the same rule whose span overlaps). Every
finding that matches no gold entry is a false alarm; every gold entry no finding matches is a miss.

Optional keys (used by the blind set in ``corpora/gold/qa/blind/``): ``"traps"``, entries shaped like
findings that must NOT be flagged (a false alarm on one is labelled ``(trap)`` and counted per rule),
and ``"needs": "<setting>"`` on a gold entry that can only be found with that setting on (e.g.
``check_links``); such an entry is left out of the scores, and listed, when the setting is off.

Run: ``python evaluation/qa_eval.py [--gold corpora/gold/qa] [--verbose] [--baseline codespell|pyspellchecker]``
(``--gold corpora/gold/qa/blind`` scores the blind set).

``--baseline`` scores a general-purpose spell checker (if installed) on the same gold's
``spelling`` entries, for comparison with the ``spelling`` row of the main table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent


def _matches(finding: dict[str, Any], gold: dict[str, Any]) -> bool:
    if finding["rule"] != gold["rule"]:
        return False
    if "row" in gold:
        return finding.get("row") == gold["row"] and finding.get("field") == gold.get("field")
    start, end = finding.get("start"), finding.get("end")
    return start is not None and end is not None and start < gold["end"] and gold["start"] < end


def score_file(path: Path) -> tuple[list[dict[str, Any]], list[str]]:
    """Return one record per gold entry or finding (rule, outcome) and lines describing errors."""
    from extractor.qa import check_path

    gold = json.loads(path.read_text(encoding="utf-8"))
    settings = dict(gold.get("settings", {}))
    if "today" in settings:
        settings["today"] = dt.date.fromisoformat(settings["today"])
    result = check_path(ROOT / gold["source"], settings=settings).to_dict()
    findings = result["findings"]
    records: list[dict[str, Any]] = []
    notes: list[str] = []
    if gold.get("kind") and gold["kind"] != result["kind"]:
        notes.append(f"{gold['source']}: kind {result['kind']!r}, gold says {gold['kind']!r}")
    matched_findings: set[int] = set()
    for entry in gold["findings"]:
        if entry.get("needs") and not settings.get(entry["needs"]):
            notes.append(f"SKIP  {gold['source']}: {entry} (not scored: needs {entry['needs']})")
            continue
        hits = [i for i, f in enumerate(findings) if _matches(f, entry)]
        matched_findings.update(hits)
        records.append({"document": Path(gold["source"]).name, "rule": entry["rule"], "outcome": "tp" if hits else "fn"})
        if not hits:
            elsewhere = sorted({str(f.get("field")) for f in findings if "row" in entry and f["rule"] == entry["rule"]
                                and f.get("row") == entry["row"]})
            hint = f" (same rule and row found on field {', '.join(elsewhere)})" if elsewhere else ""
            notes.append(f"MISS  {gold['source']}: {entry}{hint}")
    traps = gold.get("traps", [])
    for trap in traps:
        records.append({"document": Path(gold["source"]).name, "rule": trap["rule"], "outcome": "trap",
                        "alarm": any(_matches(f, trap) for f in findings)})
    for i, finding in enumerate(findings):
        if i not in matched_findings:
            on_trap = any(_matches(finding, trap) for trap in traps)
            records.append({"document": Path(gold["source"]).name, "rule": finding["rule"], "outcome": "fp"})
            notes.append(f"FALSE{' (trap)' if on_trap else ''} {gold['source']}: {finding['rule']} row={finding.get('row')} "
                         f"field={finding.get('field')} start={finding.get('start')} {finding.get('text')!r} "
                         f"{finding['message'][:100]}")
    return records, notes


def _baseline_checker(name: str):  # type: ignore[no-untyped-def]
    """Return a function text -> [(start, end)] of words the named tool flags."""
    import re

    if name == "codespell":
        from importlib import resources

        wrong = set()
        data = resources.files("codespell_lib").joinpath("data/dictionary.txt").read_text(encoding="utf-8")
        for line in data.splitlines():
            wrong.add(line.split("->", 1)[0].strip().lower())
        return lambda text: [(m.start(), m.end()) for m in re.finditer(r"[A-Za-z]+", text) if m.group().lower() in wrong]
    if name == "pyspellchecker":
        from spellchecker import SpellChecker

        checker = SpellChecker()

        def run(text: str) -> list[tuple[int, int]]:
            tokens = [(m.start(), m.end(), m.group()) for m in re.finditer(r"[A-Za-z][A-Za-z']+", text)]
            unknown = checker.unknown([t[2].lower() for t in tokens])
            return [(a, b) for a, b, w in tokens if w.lower() in unknown]

        return run
    raise SystemExit(f"unknown baseline {name!r}; expected codespell or pyspellchecker")


def score_baseline(path: Path, name: str) -> list[dict[str, Any]]:
    """Spelling-only records for a baseline tool on one gold file."""
    from extractor.changeform import read_changeform
    from extractor.errors import InputError
    from extractor.readers import read_document

    flag = _baseline_checker(name)
    gold = json.loads(path.read_text(encoding="utf-8"))
    findings: list[dict[str, Any]] = []
    source = ROOT / gold["source"]
    if gold.get("kind") == "changeform":
        form = read_changeform(source)
        for row in form.rows:
            old, new = form.value(row, "original") or "", form.value(row, "new") or ""
            new_hits = {new[a:b].lower() for a, b in flag(new)}
            for a, b in flag(new):
                findings.append({"rule": "spelling", "row": row.index, "field": "new", "start": a, "end": b})
            for a, b in flag(old):
                if old[a:b].lower() not in new_hits:
                    findings.append({"rule": "spelling", "row": row.index, "field": "original", "start": a, "end": b})
    else:
        try:
            text = read_document(source).text
        except InputError:
            return []
        findings = [{"rule": "spelling", "start": a, "end": b} for a, b in flag(text)]
    entries = [e for e in gold["findings"] if e["rule"] == "spelling"]
    records = []
    matched: set[int] = set()
    for entry in entries:
        hits = [i for i, f in enumerate(findings) if _matches(f, entry)]
        matched.update(hits)
        records.append({"document": path.name, "rule": "spelling", "outcome": "tp" if hits else "fn"})
    records += [{"document": path.name, "rule": "spelling", "outcome": "fp"}
                for i in range(len(findings)) if i not in matched]
    return records


def table(records: list[dict[str, Any]]) -> pd.DataFrame:
    """Per-rule counts of gold entries found (tp), missed (fn) and false alarms (fp), with P/R/F1."""
    frame = pd.DataFrame([{key: r[key] for key in ("document", "rule", "outcome")}
                          for r in records if r["outcome"] != "trap"])
    counts = frame.pivot_table(index="rule", columns="outcome", aggfunc="size", fill_value=0)
    for column in ("tp", "fp", "fn"):
        if column not in counts:
            counts[column] = 0
    counts = counts[["tp", "fp", "fn"]]
    counts.loc["ALL"] = counts.sum()
    tp, fp, fn = counts["tp"], counts["fp"], counts["fn"]
    counts["precision"] = (tp / (tp + fp)).where(tp + fp > 0).round(3)
    counts["recall"] = (tp / (tp + fn)).where(tp + fn > 0).round(3)
    counts["f1"] = (2 * counts["precision"] * counts["recall"] / (counts["precision"] + counts["recall"])).round(3)
    return counts


def main(argv: list[str] | None = None) -> int:
    """Print the per-rule table for all gold files and, with --verbose, each miss and false alarm."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", default=str(ROOT / "corpora" / "gold" / "qa"), help="folder of gold JSON files")
    parser.add_argument("--verbose", action="store_true", help="list every miss and false alarm")
    parser.add_argument("--baseline", choices=["codespell", "pyspellchecker"],
                        help="also score a general spell checker on the spelling entries")
    args = parser.parse_args(argv)
    records: list[dict[str, Any]] = []
    notes: list[str] = []
    files = sorted(Path(args.gold).glob("*.json"))
    if not files:
        print(f"no gold files in {args.gold}", file=sys.stderr)
        return 2
    for path in files:
        file_records, file_notes = score_file(path)
        records += file_records
        notes += file_notes
        doc = table(file_records).loc["ALL"]
        print(f"{path.name}: tp={int(doc.tp)} fp={int(doc.fp)} fn={int(doc.fn)}")
    print()
    with pd.option_context("display.width", 120):
        print(table(records).to_string())
    trap_records = [r for r in records if r["outcome"] == "trap"]
    if trap_records:
        traps = pd.DataFrame(trap_records).groupby("rule")["alarm"].agg(traps="size", alarmed="sum")
        traps.loc["ALL"] = traps.sum()
        print("\ntraps (must not be flagged) and how many drew a false alarm:")
        print(traps.astype(int).to_string())
    if args.baseline:
        baseline = [r for path in files for r in score_baseline(path, args.baseline)]
        print(f"\nbaseline {args.baseline} on the spelling entries:")
        print(table(baseline).to_string())
    if args.verbose or notes:
        print()
        print("\n".join(notes) if notes else "no misses, no false alarms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
