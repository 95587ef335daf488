"""Regression mode: two prediction runs against the same gold, what got better and what got worse.

Scores are compared row by row (span schemes, attributes, tuples: F1, precision, recall). Items
are compared per gold span by their outcome (``correct`` > ``attribute`` > ``unit`` > ``boundary``
> ``label`` > ``missed``) and per spurious prediction (one that only the current run makes is worse,
one that only the baseline made is better).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from extractor.evaluation.scoring import OUTCOMES, Evaluation

_RANK = {outcome: n for n, outcome in enumerate(OUTCOMES)}


class Comparison:
    """The current run's evaluation against a baseline's, on the same gold.

    Args:
        current: Evaluation of the run under test.
        baseline: Evaluation of the reference run.
        baseline_name: How reports name the baseline (its file).
    """

    def __init__(self, current: Evaluation, baseline: Evaluation, *, baseline_name: str = "baseline") -> None:
        self.baseline_name = baseline_name
        if [d.id for d in current.gold] != [d.id for d in baseline.gold]:
            raise ValueError("the two evaluations use different gold documents")
        self.current = current
        self.baseline = baseline

    def scores(self) -> pd.DataFrame:
        """One row per table × key × metric with ``baseline``, ``current``, ``delta`` and ``change``."""
        frames = []
        for table, keys, a, b in (
                ("spans", ["scheme", "label"], self.baseline.scores(), self.current.scores()),
                ("attributes", ["label", "attribute"], self.baseline.attributes(), self.current.attributes()),
                ("tuples", ["label", "level"], self.baseline.tuples(), self.current.tuples())):
            if a.empty and b.empty:
                continue
            merged = a.merge(b, on=keys, how="outer", suffixes=("_baseline", "_current"))
            for metric in ("precision", "recall", "f1"):
                part = merged[keys].copy()
                part.columns = ["group", "key"]
                part.insert(0, "table", table)
                part["metric"] = metric
                part["baseline"] = merged[f"{metric}_baseline"]
                part["current"] = merged[f"{metric}_current"]
                frames.append(part)
        frame = pd.concat(frames, ignore_index=True)
        frame["delta"] = frame["current"] - frame["baseline"]
        frame["change"] = frame["delta"].map(lambda d: "new" if pd.isna(d) else "better" if d > 1e-12 else
                                             "worse" if d < -1e-12 else "same")
        return frame

    def items(self) -> pd.DataFrame:
        """Gold spans whose outcome changed, and spurious predictions made by one run only."""
        def keyed(evaluation: Evaluation) -> tuple[dict[Any, Any], dict[Any, Any]]:
            gold, spurious = {}, {}
            for pair in evaluation.pairs:
                doc = evaluation.gold[pair.doc]
                if pair.gold is not None:
                    gold[(doc.id, pair.gold.start, pair.gold.end, pair.gold.label)] = (pair, doc)
                else:
                    spurious[(doc.id, pair.pred.start, pair.pred.end, pair.pred.label)] = (pair, doc)  # type: ignore[union-attr]
            return gold, spurious

        base_gold, base_spurious = keyed(self.baseline)
        cur_gold, cur_spurious = keyed(self.current)
        rows = []
        for key, (pair, doc) in cur_gold.items():
            before = base_gold[key][0].outcome if key in base_gold else "missed"
            after = pair.outcome
            if before != after:
                rows.append({"doc": key[0], "label": key[3], "start": key[1], "end": key[2],
                             "text": doc.text[key[1]:key[2]] if doc.text else None, "baseline": before,
                             "current": after, "change": "better" if _RANK[after] < _RANK[before] else "worse"})
        for key in cur_spurious.keys() - base_spurious.keys():
            doc = cur_spurious[key][1]
            rows.append({"doc": key[0], "label": key[3], "start": key[1], "end": key[2],
                         "text": doc.text[key[1]:key[2]] if doc.text else None, "baseline": None,
                         "current": "spurious", "change": "worse"})
        for key in base_spurious.keys() - cur_spurious.keys():
            doc = base_spurious[key][1]
            rows.append({"doc": key[0], "label": key[3], "start": key[1], "end": key[2],
                         "text": doc.text[key[1]:key[2]] if doc.text else None, "baseline": "spurious",
                         "current": None, "change": "better"})
        columns = ["change", "doc", "label", "start", "end", "text", "baseline", "current"]
        frame = pd.DataFrame(rows, columns=columns)
        return frame.sort_values(["change", "doc", "start"], kind="stable").reset_index(drop=True)

    def summary(self) -> dict[str, int]:
        """How many items got better and worse."""
        items = self.items()
        return {"better": int((items["change"] == "better").sum()), "worse": int((items["change"] == "worse").sum())}


def compare(current: Evaluation, baseline: Evaluation, *, baseline_name: str = "baseline") -> Comparison:
    """Compare two evaluations of the same gold (see :class:`Comparison`)."""
    return Comparison(current, baseline, baseline_name=baseline_name)


__all__ = ["Comparison", "compare"]
