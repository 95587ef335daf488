"""Thresholds scored as (analyte, comparator, value, unit) tuples on third-party and own suites.

Run: ``python evaluation/thresholds_eval.py [--suite chia-dev|chia-test|own|blind|all] [--baseline]
[--errors N] [--chia DIR]``

Suites:

- ``chia-dev`` / ``chia-test``: the Chia corpus of clinical-trial eligibility criteria (Kury et al.
  2020, CC BY 4.0), read from ``../shared/external/chia`` (never copied here). Gold tuples are its
  ``Measurement``/``Person --Has_value--> Value`` relations (:mod:`extractor.evaluation.tuples`).
  ``chia-test`` is a fixed sample of 50 trials (100 files) kept aside — chosen by the MD5 of the
  trial id, listed in ``corpora/gold/chia_split.json`` — and never used to write rules.
- ``own``: the project gold (``corpora/gold/{dev,test}.jsonl``), threshold spans as tuples;
  ``nhs``: the part of it taken from NHS policy text (the seed policy and NHS-style sentences).
- ``blind``: ``corpora/gold/thresholds_blind/criteria.jsonl``, written by a helper who never
  read the rules; ``blind2``: a second set by another such helper (both since used for error
  analysis); ``blind3``: a third, ``corpora/gold/thresholds_blind3/``, kept for measuring only —
  never look at its errors to write rules.

``--baseline`` also scores the naive quantulum3 + comparator-regex baseline
(:mod:`evaluation.baselines`) on each suite.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CHIA = ROOT.parent / "shared" / "external" / "chia"
SPLIT = ROOT / "corpora" / "gold" / "chia_split.json"
BLIND = ROOT / "corpora" / "gold" / "thresholds_blind" / "criteria.jsonl"
BLIND2 = ROOT / "corpora" / "gold" / "thresholds_blind2" / "criteria.jsonl"
BLIND3 = ROOT / "corpora" / "gold" / "thresholds_blind3" / "criteria.jsonl"
BLIND_SETS = {"blind": BLIND, "blind2": BLIND2, "blind3": BLIND3}
CHIA_LABELS = {"Measurement": "threshold", "Person": "threshold"}
TEST_TRIALS = 50
NHS_SOURCES = ("seed", "synthetic-nhs")


def chia_split(folder: Path) -> dict[str, list[str]]:
    """``{"test": [...], "dev": [...]}`` file stems; test = the 50 trials with the smallest MD5 of their id."""
    stems = sorted(p.stem for p in folder.glob("*.ann"))
    trials = sorted({s.rsplit("_", 1)[0] for s in stems}, key=lambda t: hashlib.md5(t.encode()).hexdigest())
    test = set(trials[:TEST_TRIALS])
    return {"test": [s for s in stems if s.rsplit("_", 1)[0] in test],
            "dev": [s for s in stems if s.rsplit("_", 1)[0] not in test]}


def load_chia(folder: Path, split: str) -> list[Any]:
    """The Chia documents of one split, read with their relations (discontinuous spans merged)."""
    from extractor.evaluation.formats.brat import read_ann

    stems = chia_split(folder)[split]
    recorded = json.loads(SPLIT.read_text(encoding="utf-8")) if SPLIT.exists() else None
    if recorded is not None and split == "test" and recorded["test"] != stems:
        raise SystemExit(f"{SPLIT}: the recorded test split differs from the computed one")
    return [read_ann(folder / f"{stem}.ann") for stem in stems]


def own_documents() -> list[Any]:
    """The project gold as documents with one ``Has_value``-free tuple per threshold span."""
    from extractor.evaluation import load_gold

    documents = []
    for name in ("dev", "test"):
        documents += load_gold(ROOT / "corpora" / "gold" / f"{name}.jsonl")
    return documents


def blind_documents(path: Path = BLIND) -> list[dict[str, Any]]:
    """The blind criteria (id, text, thresholds)."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def predictor(system: str):  # noqa: ANN201
    """A function text → threshold dicts for ``pipeline`` or ``baseline``."""
    if system == "baseline":
        sys.path.insert(0, str(ROOT / "evaluation"))
        from baselines import baseline_thresholds

        return baseline_thresholds
    from extractor.nlp import extract, load

    nlp = load()
    return lambda text: extract(text, nlp=nlp)["thresholds"]


def score_chia(documents: list[Any], predict, errors: int) -> tuple[Any, Any]:  # noqa: ANN001
    from extractor.evaluation.tuples import evaluate_tuples

    predictions = {d.id: predict(d.text) for d in documents}
    return evaluate_tuples(documents, predictions, label_map=CHIA_LABELS, max_errors=None), predictions


def score_listed(items: list[tuple[str, str, list[dict[str, Any]]]], predict) -> dict[str, float]:  # noqa: ANN001
    """Tuple P/R/F1 where gold thresholds are listed per text (no offsets): optimal one-to-one match on
    comparator, value, value_max and unit; ``tuple`` also needs the analyte (rapidfuzz ≥ 80, or contained).

    ``_misses`` lists, per text with a miss, the gold and predicted thresholds left unmatched."""
    import numpy as np
    from rapidfuzz import fuzz
    from scipy.optimize import linear_sum_assignment

    from extractor.evaluation.values import values_equal

    counts = {"tuple": [0, 0, 0], "value": [0, 0, 0]}
    misses = []
    for ident, text, gold in items:
        pred = predict(text)
        weight = np.zeros((len(gold), len(pred)))
        for gi, g in enumerate(gold):
            for pi, p in enumerate(pred):
                value_ok = all(values_equal(k, g.get(k), p.get(k)) for k in ("comparator", "value", "value_max", "unit"))
                if value_ok:
                    name = str(p.get("analyte") or "").lower()
                    wanted = str(g.get("analyte") or "").lower()
                    analyte_ok = bool(name) and (fuzz.token_set_ratio(name, wanted) >= 80
                                                 or wanted in str(p.get("text", "")).lower())
                    weight[gi, pi] = 1 + analyte_ok
        rows, cols = linear_sum_assignment(-weight) if gold and pred else ([], [])
        tuple_tp = sum(weight[r, c] == 2 for r, c in zip(rows, cols))
        value_tp = sum(weight[r, c] >= 1 for r, c in zip(rows, cols))
        for level, tp in (("tuple", tuple_tp), ("value", value_tp)):
            counts[level][0] += tp
            counts[level][1] += len(pred)
            counts[level][2] += len(gold)
        if tuple_tp < max(len(gold), len(pred)):
            matched = [(r, c) for r, c in zip(rows, cols) if weight[r, c] == 2]
            misses.append((ident, text, [g for i, g in enumerate(gold) if i not in {r for r, _ in matched}],
                           [p for i, p in enumerate(pred) if i not in {c for _, c in matched}]))
    return {level: _prf(*c) for level, c in counts.items()} | {"_misses": misses}  # type: ignore[return-value]


def _prf(tp: int, predicted: int, gold: int) -> dict[str, float]:
    p = tp / predicted if predicted else 0.0
    r = tp / gold if gold else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
            "tp": tp, "predicted": predicted, "gold": gold}


def main(argv: list[str] | None = None) -> int:
    """Print one table per suite and system."""
    import pandas as pd

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suite", choices=("chia-dev", "chia-test", "own", "nhs", *BLIND_SETS, "all"),
                        default="all")
    parser.add_argument("--baseline", action="store_true", help="also score the quantulum3 baseline")
    parser.add_argument("--errors", type=int, default=0, help="list N errors per suite (pipeline)")
    parser.add_argument("--chia", type=Path, default=CHIA, help="the Chia brat folder")
    parser.add_argument("--write-split", action="store_true", help="(re)write corpora/gold/chia_split.json")
    args = parser.parse_args(argv)
    if args.write_split:
        SPLIT.write_text(json.dumps({"source": "Chia (Kury et al. 2020), CC BY 4.0; test = 50 trials with the "
                                               "smallest MD5 of their NCT id", **chia_split(args.chia)}, indent=1)
                         + "\n", encoding="utf-8")
    suites = ["chia-dev", "chia-test", "own", "nhs", *BLIND_SETS] if args.suite == "all" else [args.suite]
    systems = ["pipeline", "baseline"] if args.baseline else ["pipeline"]
    rows = []
    for suite in suites:
        if suite.startswith("chia") and not args.chia.exists():
            print(f"{suite}: {args.chia} not found; skipped", file=sys.stderr)
            continue
        if suite in BLIND_SETS and not BLIND_SETS[suite].exists():
            continue
        for system in systems:
            predict = predictor(system)
            started = time.perf_counter()
            if suite.startswith("chia"):
                documents = load_chia(args.chia, suite.split("-")[1])
                evaluation, _ = score_chia(documents, predict, args.errors)
                table = evaluation.scores().set_index("level")
                for level in ("tuple", "value"):
                    rows.append({"suite": suite, "system": system, "level": level, **table.loc[level].to_dict()})
                if system == "pipeline":
                    reading = dict(evaluation.reading)
                    print(f"{suite}: {len(documents)} files; gold read: {reading}", file=sys.stderr)
                    print(evaluation.field_agreement().to_string(index=False), file=sys.stderr)
                    if args.errors:
                        frame = pd.DataFrame(evaluation.errors)
                        with pd.option_context("display.max_colwidth", 110, "display.width", 250):
                            print(frame.sample(min(args.errors, len(frame)), random_state=1).to_string(index=False))
            else:
                if suite in ("own", "nhs"):
                    items = [(d.id, d.text, [s.attributes for s in d.spans if s.label == "threshold"])
                             for d in own_documents() if suite == "own" or d.source in NHS_SOURCES]
                else:
                    items = [(d["id"], d["text"], d["thresholds"]) for d in blind_documents(BLIND_SETS[suite])]
                scores = score_listed(items, predict)
                misses = scores.pop("_misses")
                for level, values in scores.items():
                    rows.append({"suite": suite, "system": system, "level": level, **values})
                if system == "pipeline" and args.errors and suite != "blind3":
                    for ident, text, gold, pred in misses[:args.errors]:
                        print(f"--- {ident}: {' '.join(text.split())[:300]}")
                        print("   gold:", [(g.get('analyte'), g.get('comparator'), g.get('value'), g.get('value_max'),
                                           g.get('unit')) for g in gold])
                        print("   pred:", [(p.get('analyte'), p.get('comparator'), p.get('value'), p.get('value_max'),
                                           p.get('unit')) for p in pred])
            rows[-1]["seconds"] = round(time.perf_counter() - started, 1)
    frame = pd.DataFrame(rows)
    print(frame.to_string(index=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
