"""Score policy reading on documents written blind in other house styles: indications, fields and
their roles, criteria trees, thresholds, title and sections.

Gold: ``corpora/gold/policy/<set>/*.json`` in the conventions of ``<set>/CONVENTIONS.md`` (fields
as a list with ``label``, ``role``, ``text``, ``criteria`` trees whose leaves are strings, and
``thresholds``). Sets: ``blind2`` (written by helpers who never read the reader; used for error
analysis), ``blind3`` (written later in styles like the held-out ones, by other helpers who saw
neither the reader nor the held-out documents; used for error analysis) and ``holdout`` (the same,
kept for measuring only: ``--errors`` never prints it) and ``holdout2`` (written in a later session by
helpers who saw neither the reader nor any other set; measured only, like ``holdout``); ``blind4``
(written blind in the same session in the house styles of ``holdout2``, for error analysis) and
``blind5`` (the same, in the styles described by the ``holdout`` generators' docstrings).

Scoring, per document:

- indications: a gold name matches the predicted indication with the most similar name
  (rapidfuzz ``token_set_ratio`` ≥ 90 over text normalised without a bracketed qualifier),
  one to one; precision counts predicted indications that match none;
- fields: within a matched indication, gold and predicted fields are paired one to one by the
  similarity of their texts (≥ 80); ``role`` counts pairs whose roles agree;
- trees: for gold fields with ``criteria``, the predicted tree and the gold tree are put in one
  canonical form (one-item groups collapsed, unstemmed groups with the parent's op merged,
  leaves normalised: case, punctuation, bullets, connectives) and compared: ``exact`` needs the
  same shape, ops (and ``min``) and leaves (ratio ≥ 90 each, in order); leaf P/R/F1 pairs
  leaves one to one by ratio ≥ 90;
- thresholds: per indication, gold tuples against predicted ones as in
  ``evaluation/thresholds_eval.py``: ``thr F1`` needs the analyte too (rapidfuzz ≥ 80), ``thr
  value F1`` only comparator, value, value_max and unit;
- title, and sections found by title with number and level compared.

``--no-lexicon`` runs the reader with the field-label lexicon and the label role words emptied
(structure and content only).

Run: ``python evaluation/policy_structure_eval.py [--set blind2|blind3|blind4|blind5|blind6|blind7|holdout|holdout2|all] [--no-lexicon] [--errors]``
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from rapidfuzz import fuzz
from scipy.optimize import linear_sum_assignment

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "evaluation"))

SETS = {"blind2": ROOT / "corpora" / "gold" / "policy" / "blind2",
        "blind3": ROOT / "corpora" / "gold" / "policy" / "blind3",
        "blind4": ROOT / "corpora" / "gold" / "policy" / "blind4",
        "blind5": ROOT / "corpora" / "gold" / "policy" / "blind5",
        "blind6": ROOT / "corpora" / "gold" / "policy" / "blind6",
        "blind7": ROOT / "corpora" / "gold" / "policy" / "blind7",
        "holdout": ROOT / "corpora" / "gold" / "policy" / "holdout",
        "holdout2": ROOT / "corpora" / "gold" / "policy" / "holdout2"}
#: Sets whose errors are never printed: measured, never studied.
HELD_OUT = {"holdout", "holdout2"}
_CONNECTIVE_END = re.compile(r"(?:[,;]?\s+(?:and/or|and|or))+\s*$", re.I)
_CONNECTIVE_START = re.compile(r"^(?:and/or|and|or)\b\s*", re.I)


def norm(text: str | None) -> str:
    """Lower case, bullets, punctuation and connectives at the ends removed, spaces collapsed."""
    text = " ".join((text or "").split()).lower()
    text = re.sub(r"^[•◦▪■●○‣⁃∙·*–—-]\s*", "", text)
    text = _CONNECTIVE_END.sub("", text.rstrip(" .;,:"))
    text = _CONNECTIVE_START.sub("", text)
    return re.sub(r"[^\w%<>=≥≤./+-]+", " ", text).strip()


def name_key(text: str | None) -> str:
    """An indication name without a trailing bracketed qualifier or colon."""
    return norm(re.sub(r"\s*\((?:must|meet|all|any|one|either)[^)]*\)\s*:?\s*$", "", text or "", flags=re.I))


def canonical(node: Any) -> Any:
    """A tree as nested tuples: ``(op, min, [items])``; leaves as normalised strings."""
    if isinstance(node, str):
        return norm(node)
    if "op" not in node:
        return norm(node.get("text"))
    items: list[Any] = []
    for item in node.get("items", []):
        item = canonical(item)
        if isinstance(item, tuple) and (len(item[2]) == 1 or (item[0] == node["op"] and not item[1] and not item[3])):
            items.extend(item[2])
        else:
            items.append(item)
    return (node["op"], node.get("min"), items, bool(node.get("stem")))


def _root(node: Any) -> Any:
    node = canonical(node)
    while isinstance(node, tuple) and len(node[2]) == 1 and isinstance(node[2][0], tuple):
        node = node[2][0]
    return node


def same_tree(a: Any, b: Any) -> bool:
    """Shape, ops, ``min`` and leaves (ratio ≥ 90) equal."""
    if isinstance(a, str) or isinstance(b, str):
        return isinstance(a, str) and isinstance(b, str) and fuzz.ratio(a, b) >= 90
    if len(a[2]) == 1 and len(b[2]) == 1:
        return same_tree(a[2][0], b[2][0])
    if len(a[2]) == 0 and len(b[2]) == 0:
        return True
    return a[0] == b[0] and (a[1] or None) == (b[1] or None) and len(a[2]) == len(b[2]) and all(
        same_tree(x, y) for x, y in zip(a[2], b[2], strict=True))


def leaves(node: Any) -> list[str]:
    """Normalised leaf texts of a canonical tree."""
    if isinstance(node, str):
        return [node] if node else []
    return [leaf for item in node[2] for leaf in leaves(item)]


def pair(gold: list[str], pred: list[str], scorer: Any = fuzz.ratio, least: float = 90) -> list[tuple[int, int]]:
    """One-to-one pairs of gold and predicted strings scoring at least ``least``."""
    if not gold or not pred:
        return []
    weight = np.array([[scorer(g, p) for p in pred] for g in gold], dtype=float)
    weight[weight < least] = 0
    rows, cols = linear_sum_assignment(-weight)
    return [(int(r), int(c)) for r, c in zip(rows, cols, strict=True) if weight[r, c] > 0]


def empty_lexicon_rules() -> tuple[Any, Any]:
    """Field rules with every label list and role word list emptied (names kept, matching nothing)."""
    from extractor.policy.rules import field_rules

    rules = field_rules()
    specs = [replace(spec, labels=("\u2400",)) for spec in rules.fields]
    return replace(rules, fields=specs, role_words={}), None


def read(path: Path, no_lexicon: bool) -> Any:
    """The policy with its fields extracted."""
    from extractor.policy import extract_fields, read_policy
    from extractor.policy.parser import PolicyParser
    from extractor.readers import read_document

    if not no_lexicon:
        return read_policy(path)
    fields, _ = empty_lexicon_rules()
    document = read_document(path)
    policy = PolicyParser(document, fields=fields).parse(str(path))
    extract_fields(policy)
    return policy


def score_document(gold: dict[str, Any], policy: Any, errors: list[str]) -> dict[str, Any]:
    """Counts for one gold document."""
    from thresholds_eval import score_listed

    name = Path(gold["source"]).name
    counts: dict[str, Any] = {"document": f"{name}", "indications": len(gold["indications"])}
    predicted = list(policy.indications)
    matches = pair([name_key(i["name"]) for i in gold["indications"]], [name_key(i.name) for i in predicted],
                   fuzz.token_set_ratio, 90)
    counts["ind_found"] = len(matches)
    counts["ind_predicted"] = len(predicted)
    for gi in set(range(len(gold["indications"]))) - {g for g, _ in matches}:
        errors.append(f"{name}: indication missed: {gold['indications'][gi]['name']!r}; "
                      f"got {[i.name for i in predicted]}")
    for pi in set(range(len(predicted))) - {p for _, p in matches}:
        errors.append(f"{name}: extra indication {predicted[pi].name!r}")
    totals = dict.fromkeys(("fields", "fields_found", "roles", "trees", "trees_exact", "leaf_tp", "leaf_pred",
                            "leaf_gold"), 0)
    threshold_items = []
    by_gold = dict(matches)
    for gi, entry in enumerate(gold["indications"]):
        got = predicted[by_gold[gi]] if gi in by_gold else None
        values = list(got.fields.values()) if got is not None else []
        roles = [getattr(v, "role", key) for key, v in got.fields.items()] if got is not None else []
        gold_fields = entry["fields"]
        totals["fields"] += len(gold_fields)
        field_pairs = dict(pair([norm(f["text"]) for f in gold_fields], [norm(v.text) for v in values],
                                fuzz.ratio, 80))
        meta = {norm(getattr(got, "specialty", None)), norm(getattr(got, "use", None))} - {""} if got is not None else set()
        for fi, field in enumerate(gold_fields):
            value = values[field_pairs[fi]] if fi in field_pairs else None
            if value is None and norm(field["text"]) in meta:
                # A specialty or use field is the indication's own attribute.
                totals["fields_found"] += 1
                totals["roles"] += field.get("role") is None
                continue
            if value is not None:
                totals["fields_found"] += 1
                if roles[field_pairs[fi]] == field.get("role"):
                    totals["roles"] += 1
                else:
                    errors.append(f"{name}: {entry['name'][:30]!r} field {field.get('label')!r}: role "
                                  f"{roles[field_pairs[fi]]!r}, gold {field.get('role')!r}")
            elif got is not None:
                errors.append(f"{name}: {entry['name'][:30]!r} field {field.get('label')!r} ({field.get('role')}) "
                              f"not found; got {[(v.label, r) for v, r in zip(values, roles, strict=True)]}")
            if "criteria" in field:
                gold_tree = _root(field["criteria"])
                pred_tree = _root(value.criteria) if value is not None else ("AND", None, [], False)
                gold_leaves, pred_leaves = leaves(gold_tree), leaves(pred_tree)
                totals["trees"] += 1
                exact = same_tree(gold_tree, pred_tree)
                totals["trees_exact"] += exact
                if not exact and value is not None:
                    errors.append(f"{name}: {entry['name'][:30]!r} {field.get('label')!r} tree differs:\n"
                                  f"      gold {_show(gold_tree)}\n      pred {_show(pred_tree)}")
                tp = len(pair(gold_leaves, pred_leaves))
                totals["leaf_tp"] += tp
                totals["leaf_pred"] += len(pred_leaves)
                totals["leaf_gold"] += len(gold_leaves)
        gold_thresholds = [t for f in gold_fields for t in f.get("thresholds", [])]
        pred_thresholds = [t for v in values for t in v.thresholds]
        threshold_items.append((f"{name}:{gi}", pred_thresholds, gold_thresholds))
    # thresholds of unmatched predicted indications count as false positives
    for pi in set(range(len(predicted))) - {p for _, p in matches}:
        threshold_items.append((f"{name}:extra{pi}", [t for v in predicted[pi].fields.values() for t in v.thresholds],
                                []))
    lookup = {key: pred for key, pred, _ in threshold_items}
    scores = score_listed([(key, key, gold_t) for key, _, gold_t in threshold_items], lambda key: lookup[key])
    for ident, _text, gold_t, pred_t in scores.pop("_misses"):
        errors.append(f"{name}: thresholds {ident}: gold {[_tup(t) for t in gold_t]} pred {[_tup(t) for t in pred_t]}")
    counts["thr_tp"] = scores["tuple"]["tp"]
    counts["thr_value_tp"] = scores["value"]["tp"]
    counts["thr_pred"] = scores["tuple"]["predicted"]
    counts["thr_gold"] = scores["tuple"]["gold"]
    counts.update(totals)
    counts["title"] = fuzz.ratio(norm(getattr(policy, "title", None)), norm(gold.get("title"))) >= 90
    sections = list(policy.sections)
    section_pairs = pair([norm(s["title"]) for s in gold["sections"]], [norm(s.title) for s in sections], fuzz.ratio, 90)
    counts["sections"] = len(gold["sections"])
    counts["sections_found"] = len(section_pairs)
    counts["sections_exact"] = sum(
        (gold["sections"][g].get("number") or None) == (sections[p].number or None)
        and gold["sections"][g]["level"] == sections[p].level for g, p in section_pairs)
    for g, p in section_pairs:
        want, have = gold["sections"][g], sections[p]
        if (want.get("number") or None) != (have.number or None) or want["level"] != have.level:
            errors.append(f"{name}: section {want['title'][:40]!r}: got number {have.number!r} level {have.level}, "
                          f"gold {want.get('number')!r} level {want['level']}")
    return counts


def _tup(t: dict[str, Any]) -> tuple[Any, ...]:
    return (t.get("analyte"), t.get("comparator"), t.get("value"), t.get("value_max"), t.get("unit"))


def _show(node: Any) -> str:
    if isinstance(node, str):
        return repr(node[:50])
    inner = ", ".join(_show(item) for item in node[2])
    return f"{node[0]}{'≥' + str(node[1]) if node[1] else ''}({inner})"


def _prf(tp: int, predicted: int, gold: int) -> tuple[float, float, float]:
    p = tp / predicted if predicted else 0.0
    r = tp / gold if gold else 0.0
    return round(p, 3), round(r, 3), round(2 * p * r / (p + r), 3) if p + r else 0.0


def summarise(frame: pd.DataFrame) -> pd.DataFrame:
    """Per-document rates and a total row."""
    total = frame.drop(columns=["document"]).sum(numeric_only=True)
    total["document"] = "TOTAL"
    frame = pd.concat([frame, total.to_frame().T], ignore_index=True)
    out = pd.DataFrame({"document": frame["document"]})
    out["ind R"] = (frame["ind_found"] / frame["indications"]).astype(float).round(2)
    out["ind P"] = (frame["ind_found"] / frame["ind_predicted"].replace(0, np.nan)).astype(float).round(2)
    out["fields"] = (frame["fields_found"] / frame["fields"]).astype(float).round(2)
    out["roles"] = (frame["roles"] / frame["fields"]).astype(float).round(2)
    out["trees exact"] = (frame["trees_exact"] / frame["trees"].replace(0, np.nan)).astype(float).round(2)
    out["leaf F1"] = [_prf(t, p, g)[2] for t, p, g in zip(frame["leaf_tp"], frame["leaf_pred"], frame["leaf_gold"],
                                                          strict=True)]
    out["thr F1"] = [_prf(t, p, g)[2] for t, p, g in zip(frame["thr_tp"], frame["thr_pred"], frame["thr_gold"],
                                                         strict=True)]
    out["thr value F1"] = [_prf(t, p, g)[2] for t, p, g in zip(frame["thr_value_tp"], frame["thr_pred"],
                                                                frame["thr_gold"], strict=True)]
    out["sections"] = (frame["sections_found"] / frame["sections"]).astype(float).round(2)
    out["sect exact"] = (frame["sections_exact"] / frame["sections"]).astype(float).round(2)
    out["title"] = frame["title"]
    out["n"] = [f"{int(i)} ind/{int(f)} fld/{int(t)} trees" for i, f, t in
                zip(frame["indications"], frame["fields"], frame["trees"], strict=True)]
    return out


def main(argv: list[str] | None = None) -> int:
    """Print the per-document table for each set."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=(*SETS, "all"), default="all")
    parser.add_argument("--no-lexicon", action="store_true", help="empty the field-label lexicon and role words")
    parser.add_argument("--errors", action="store_true", help="print mismatches (never for the holdout set)")
    parser.add_argument("--only", help="only gold files whose name contains this")
    args = parser.parse_args(argv)
    names = list(SETS) if args.set == "all" else [args.set]
    for set_name in names:
        rows, errors = [], []
        for path in sorted(SETS[set_name].glob("*.json")):
            if args.only and args.only not in path.name:
                continue
            gold = json.loads(path.read_text(encoding="utf-8"))
            policy = read(ROOT / gold["source"], args.no_lexicon)
            rows.append(score_document(gold, policy, errors))
        if not rows:
            continue
        print(f"== {set_name}{' (lexicon emptied)' if args.no_lexicon else ''} ==")
        with pd.option_context("display.width", 250, "display.max_columns", 30):
            print(summarise(pd.DataFrame(rows)).to_string(index=False))
        if args.errors and set_name not in HELD_OUT:
            print("\n".join(errors))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
