"""Print the current extraction pipeline's scores on the gold dev and test splits.

Run: ``python evaluation/run_extraction_eval.py [--split dev|test|all] [--bootstrap N] [--errors N]``

The splits and their files are read from ``corpora/gold/manifest.json``; scoring is
``extractor evaluate`` (:mod:`extractor.evaluation`): SemEval-2013 span scores via nervaluate,
attribute and tuple scores, bootstrap intervals, errors by cause. The test split is for reporting
only: never write rules from it.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    """Evaluate the pipeline on each requested split and print the tables."""
    from extractor.evaluation import evaluate, load_gold, predict
    from extractor.evaluation.render import to_text
    from extractor.evaluation.reports import extraction_report

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("dev", "test", "all"), default="all")
    parser.add_argument("--bootstrap", type=int, default=1000)
    parser.add_argument("--errors", type=int, default=20, help="errors to list per split (default 20)")
    parser.add_argument("--model", default=None)
    args = parser.parse_args(argv)

    manifest = json.loads((ROOT / "corpora" / "gold" / "manifest.json").read_text(encoding="utf-8"))
    splits = manifest["splits"]
    names = list(splits) if args.split == "all" else [args.split]
    summary = []
    for name in names:
        path = ROOT / splits[name]["file"]
        gold = load_gold(path)
        stated = splits[name].get("documents")
        if stated is not None and stated != len(gold):
            print(f"warning: manifest says {stated} {name} documents, {path.name} has {len(gold)}", file=sys.stderr)
        evaluation = evaluate(gold, predict(gold, model=args.model), bootstrap=args.bootstrap)
        report = extraction_report(evaluation, gold=str(path.relative_to(ROOT)), predictions="current pipeline")
        report.title = f"Extraction evaluation: {name} split"
        sys.stdout.write(to_text(report, max_errors=args.errors) + "\n")
        micro = evaluation.summary()["micro_f1"]
        summary.append({"split": name, **{scheme: round(f1, 3) for scheme, f1 in micro.items()}})
    if len(summary) > 1:
        import pandas as pd

        print("MICRO F1 BY SPLIT\n")
        print(pd.DataFrame(summary).set_index("split").to_string())
    return 0


if __name__ == "__main__":
    sys.exit(main())
