"""Score ``extractor.policy`` against the policy gold and reconcile against the reconcile gold.

Policy gold (``corpora/gold/policy/<fixture>.json``): indications with name, specialty, use and
each field's text. Indications are matched by name (rapidfuzz ratio >= 95 over normalised
text); a field is correct when its normalised text equals the gold's (bullets, line breaks and
case folded), and its similarity is reported too.

Reconcile gold (``corpora/gold/policy/*_reconcile.json``): for each change-form row its kind
(change, addition, removal, moved, described) and where the text sits; and the policy changes
the form does not list.

Blind gold (``corpora/gold/policy/blind/``, written by ``scripts/make_policy_blind.py`` for
documents in other health systems' styles, ``corpora/policies/blind/``): the same indication
records plus the expected ``sections`` (number, title, level, and the page for a PDF). With
``--blind`` the tables are per document, sections are scored too (matched by title, then number,
level and page compared; sections found that the gold does not have are listed), and the
mismatched entries and fields are printed.

Run: ``python evaluation/policy_eval.py [--gold-dir corpora/gold/policy]`` or
``python evaluation/policy_eval.py --blind``; prints pandas tables.
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


def score_policy(gold: dict[str, Any], root: Path, policy: Any = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Field-level rows (one per gold field) and entry-level rows (one per gold indication)."""
    if policy is None:
        policy = read_policy(root / gold["source"], extract=False)
    found = policy.indications
    fields_rows, entry_rows = [], []
    for entry in gold["indications"]:
        match = max(found, key=lambda i: fuzz.ratio(normalise(i.name), normalise(entry["name"])), default=None)
        matched = match is not None and _same(match.name, entry["name"])
        entry_rows.append({"document": Path(gold["source"]).name, "indication": entry["name"][:50],
                           "layout": entry["layout"], "found": matched,
                           "got_name": match.name if match is not None else None,
                           "got_specialty": match.specialty if matched else None,
                           "got_use": match.use if matched else None,
                           "specialty": matched and match.specialty == entry["specialty"],
                           "use": matched and match.use == entry["use"],
                           "extra_fields": sorted(set(match.fields) - set(entry["fields"])) if matched else []})
        for name, value in entry["fields"].items():
            got = match.fields.get(name) if matched else None
            similarity = fuzz.ratio(normalise(got.text), normalise(value["text"])) if got else 0.0
            fields_rows.append({"document": Path(gold["source"]).name, "layout": entry["layout"], "field": name,
                                "indication": entry["name"][:40],
                                "present": got is not None, "exact": got is not None and similarity == 100.0,
                                "similarity": similarity, "got": got.text if got else None,
                                "expected": value["text"]})
    return pd.DataFrame(fields_rows), pd.DataFrame(entry_rows)


def score_sections(gold: dict[str, Any], policy: Any) -> tuple[pd.DataFrame, list[str]]:
    """One row per gold section (found by title; number, level, page compared) and the titles of
    sections found that match no gold section."""
    found = list(policy.sections)
    used: set[int] = set()
    rows = []
    for expected in gold["sections"]:
        best = max(range(len(found)), key=lambda i: fuzz.ratio(normalise(found[i].title), normalise(expected["title"])),
                   default=None)
        ok = best is not None and best not in used and _same(found[best].title, expected["title"])
        got = found[best] if ok else None
        if ok:
            used.add(best)
        rows.append({"document": Path(gold["source"]).name, "section": expected["title"][:40], "found": ok,
                     "number_ok": ok and (got.number or None) == expected["number"],
                     "level_ok": ok and got.level == expected["level"],
                     "page_ok": ok and ("page" not in expected or got.page == expected["page"]),
                     "got": None if got is None else f"{got.number} | {got.title[:30]} | L{got.level} p{got.page}"})
    extra = [f"{s.number} {s.title}"[:60] for i, s in enumerate(found) if i not in used]
    return pd.DataFrame(rows), extra


def blind_report(gold_dir: Path) -> int:
    """Per-document tables for the blind gold: sections, entries, fields; mismatches listed."""
    section_frames, field_frames, entry_frames, extras = [], [], [], {}
    for path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        policy = read_policy(ROOT / gold["source"], extract=False)
        sections, extra = score_sections(gold, policy)
        section_frames.append(sections)
        extras[Path(gold["source"]).name] = extra
        fields, entries = score_policy(gold, ROOT, policy)
        fields["n_found_entries"] = len(policy.indications)
        field_frames.append(fields)
        entry_frames.append(entries.assign(n_found=len(policy.indications)))
    sections = pd.concat(section_frames, ignore_index=True)
    fields = pd.concat(field_frames, ignore_index=True)
    entries = pd.concat(entry_frames, ignore_index=True)
    print("== Sections (found by title; number, level, page of those found) ==")
    table = sections.groupby("document").agg(expected=("found", "size"), found=("found", "sum"),
                                             number_ok=("number_ok", "sum"), level_ok=("level_ok", "sum"),
                                             page_ok=("page_ok", "sum"))
    table["extra"] = [len(extras[d]) for d in table.index]
    print(table.to_string())
    print("\n== Indication entries ==")
    table = entries.groupby("document").agg(expected=("found", "size"), found=("found", "sum"),
                                            found_total=("n_found", "first"), specialty=("specialty", "sum"),
                                            use=("use", "sum"))
    print(table.to_string())
    print("\n== Fields (exact normalised text) per document ==")
    table = fields.groupby(["document", "field"]).agg(n=("present", "size"), present=("present", "sum"),
                                                      exact=("exact", "sum"), similarity=("similarity", "mean"))
    print(table.round(1).to_string())
    per_doc = fields.groupby("document").agg(n=("present", "size"), present=("present", "sum"),
                                             exact=("exact", "sum"), similarity=("similarity", "mean"))
    print("\n" + per_doc.round(1).to_string())
    print(f"\nTOTAL sections {int(sections['found'].sum())}/{len(sections)}  "
          f"entries {int(entries['found'].sum())}/{len(entries)}  "
          f"specialty {int(entries['specialty'].sum())}/{len(entries)}  use {int(entries['use'].sum())}/{len(entries)}  "
          f"fields present {int(fields['present'].sum())}/{len(fields)}  exact {int(fields['exact'].sum())}/{len(fields)}")
    print("\n== Mismatches ==")
    for _, row in sections[~(sections["found"] & sections["number_ok"] & sections["level_ok"] & sections["page_ok"])].iterrows():
        print(f"section  {row['document']}: {row['section']!r} got {row['got']!r}")
    for document, extra in extras.items():
        for title in extra:
            print(f"extra section  {document}: {title!r}")
    for _, row in entries.iterrows():
        if not (row["found"] and row["specialty"] and row["use"]):
            print(f"entry  {row['document']}: {row['indication']!r} found={row['found']} (best {row['got_name']!r}) "
                  f"specialty={row['got_specialty']!r} use={row['got_use']!r}")
        if row["extra_fields"]:
            print(f"entry  {row['document']}: {row['indication']!r} extra fields {row['extra_fields']}")
    for _, row in fields[~fields["exact"]].iterrows():
        if row["present"]:
            print(f"field  {row['document']}: {row['indication']!r} {row['field']} ({row['similarity']:.0f})\n"
                  f"    expected: {row['expected']!r}\n    got:      {row['got']!r}")
        else:
            print(f"field  {row['document']}: {row['indication']!r} {row['field']} missing")
    return 0


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
    parser.add_argument("--gold-dir", default=None,
                        help="gold folder (default corpora/gold/policy, or corpora/gold/policy/blind with --blind)")
    parser.add_argument("--blind", action="store_true",
                        help="score the documents of corpora/policies/blind: sections too, per document")
    args = parser.parse_args(argv)
    pd.set_option("display.width", 160)
    if args.blind:
        pd.set_option("display.max_colwidth", 60)
        return blind_report(Path(args.gold_dir or ROOT / "corpora" / "gold" / "policy" / "blind"))
    gold_dir = Path(args.gold_dir or ROOT / "corpora" / "gold" / "policy")
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
