"""Score ``extractor.policy`` against the policy gold and reconcile against the reconcile gold.

Policy gold (``corpora/gold/policy/<fixture>.json``): indications with name, specialty, use and
each field's text. Indications are matched by name (rapidfuzz ratio >= 95 over normalised
text); a field is correct when its normalised text equals the gold's (bullets, line breaks and
case folded), and its similarity is reported too.

Reconcile gold (``corpora/gold/policy/*_reconcile.json``): for each change-form row its kind
(change, addition, removal, moved, described) and where the text sits; and the policy changes
the form does not list.

Run: ``python evaluation/policy_eval.py [--gold-dir corpora/gold/policy]``; prints pandas tables.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import pandas as pd
from rapidfuzz import fuzz

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor.policy import read_policy
from extractor.policy.reconcile import normalise


def _same(a: str | None, b: str | None, threshold: float = 95.0) -> bool:
    return fuzz.ratio(normalise(a or ""), normalise(b or "")) >= threshold


def score_policy(gold: dict[str, Any], root: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Field-level rows (one per gold field) and entry-level rows (one per gold indication)."""
    policy = read_policy(root / gold["source"], extract=False)
    found = policy.indications
    fields_rows, entry_rows = [], []
    for entry in gold["indications"]:
        match = max(found, key=lambda i: fuzz.ratio(normalise(i.name), normalise(entry["name"])), default=None)
        matched = match is not None and _same(match.name, entry["name"])
        entry_rows.append({"document": Path(gold["source"]).name, "indication": entry["name"][:50],
                           "layout": entry["layout"], "found": matched,
                           "specialty": matched and match.specialty == entry["specialty"],
                           "use": matched and match.use == entry["use"],
                           "extra_fields": sorted(set(match.fields) - set(entry["fields"])) if matched else []})
        for name, value in entry["fields"].items():
            got = match.fields.get(name) if matched else None
            similarity = fuzz.ratio(normalise(got.text), normalise(value["text"])) if got else 0.0
            fields_rows.append({"document": Path(gold["source"]).name, "layout": entry["layout"], "field": name,
                                "present": got is not None, "exact": got is not None and similarity == 100.0,
                                "similarity": similarity})
    return pd.DataFrame(fields_rows), pd.DataFrame(entry_rows)


def score_reconcile(gold: dict[str, Any], form_path: str, root: Path, policies: dict[str, Any]
                    ) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Per-row reconcile results and the unlisted-change score for one rendering of the form."""
    from extractor.changeform import read_changeform
    from extractor.policy.reconcile import reconcile

    form = read_changeform(root / form_path)
    for key in ("old", "new"):
        if gold[key] not in policies:
            policies[gold[key]] = read_policy(root / gold[key], extract=False)
    outcome = reconcile(form, policies[gold["old"]], policies[gold["new"]])
    rows = {row["index"]: row for row in outcome["rows"]}
    table = []
    for expected in gold["rows"]:
        row = rows.get(expected["index"], {})
        where = row.get("found_in_new") or row.get("found_in_old") or {}
        if expected["kind"] == "removal":
            where = row.get("found_in_old") or {}
        label = where.get("indication") or (where.get("section") or "").split(" > ")[-1]
        if not where and expected["kind"] == "described":
            label = row.get("section_named") or ""
        table.append({"row": expected["index"], "kind": expected["kind"], "kind_ok": row.get("kind") == expected["kind"],
                      "status": row.get("status"),
                      "reconciled": row.get("status") not in (None, "original-not-found", "new-not-found", "not-applied"),
                      "location_ok": _same(label, expected["location"]),
                      "form_section_agrees": row.get("section_agrees")})
    unlisted = [f for f in outcome["findings"] if f["rule"] == "reconcile-unlisted-change"]
    caught = sum(any(normalise(u["new"]) in normalise(f["text"] or "") for f in unlisted) for u in gold["unlisted"])
    return pd.DataFrame(table), {"unlisted_expected": len(gold["unlisted"]), "unlisted_caught": caught,
                                 "unlisted_false_alarms": len(unlisted) - caught}


def main(argv: list[str] | None = None) -> int:
    """Print the tables; exit 0."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold-dir", default=str(ROOT / "corpora" / "gold" / "policy"))
    args = parser.parse_args(argv)
    gold_dir = Path(args.gold_dir)
    pd.set_option("display.width", 160)
    field_frames, entry_frames = [], []
    for path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        if "indications" in gold:
            fields, entries = score_policy(gold, ROOT)
            field_frames.append(fields)
            entry_frames.append(entries)
    if field_frames:
        fields = pd.concat(field_frames, ignore_index=True)
        entries = pd.concat(entry_frames, ignore_index=True)
        print("== Indication entries ==")
        print(entries.groupby(["document", "layout"])[["found", "specialty", "use"]].mean().round(3).to_string())
        print(f"entries found: {int(entries['found'].sum())}/{len(entries)}")
        print("\n== Fields (accuracy = exact normalised text) ==")
        summary = fields.groupby(["field"]).agg(n=("present", "size"), present=("present", "mean"),
                                                exact=("exact", "mean"), similarity=("similarity", "mean"))
        print(summary.round(3).to_string())
        print(f"fields exact: {int(fields['exact'].sum())}/{len(fields)}  "
              f"present: {int(fields['present'].sum())}/{len(fields)}  "
              f"mean similarity: {fields['similarity'].mean():.1f}")
        extra = entries[entries["extra_fields"].map(bool)]
        if len(extra):
            print("entries with fields the gold does not have:")
            print(extra[["document", "indication", "extra_fields"]].to_string(index=False))
    policies: dict[str, Any] = {}
    summary = []
    for path in sorted(gold_dir.glob("*_reconcile.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        for form_path in gold["forms"]:
            if not (ROOT / form_path).exists():
                print(f"(skipping {form_path}: not in this checkout)")
                continue
            table, unlisted = score_reconcile(gold, form_path, ROOT, policies)
            if form_path == gold["forms"][0]:
                print(f"\n== Reconcile: {form_path} ({gold['old']} → {gold['new']}) ==")
                print(table.to_string(index=False))
            summary.append({"form": Path(form_path).name, "rows": len(table),
                            "reconciled": int(table["reconciled"].sum()), "kind_ok": int(table["kind_ok"].sum()),
                            "location_ok": int(table["location_ok"].sum()),
                            "form_section_agrees": int((table["form_section_agrees"] == True).sum()),
                            "unlisted_caught": f"{unlisted['unlisted_caught']}/{unlisted['unlisted_expected']}",
                            "unlisted_false_alarms": unlisted["unlisted_false_alarms"]})
    if summary:
        print("\n== Reconcile summary (per rendering of the change form) ==")
        print(pd.DataFrame(summary).to_string(index=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
