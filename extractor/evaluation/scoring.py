"""Scoring predicted spans against gold: SemEval-2013 schemes, attributes, tuples, errors.

Span scores follow the SemEval-2013 Task 9.1 scheme as implemented by ``nervaluate``: its four
strategies (``strict``: exact span and label; ``exact``: exact span, any label; ``partial``:
overlap, half credit for a partial match; ``ent_type``: overlap with the right label) are run on
each document, overall and per label, with nervaluate's own classes, so the totals equal
``nervaluate.Evaluator`` on the whole set (``tests/evaluation`` checks it). Character offsets are
converted to nervaluate's inclusive ends. A fifth scheme, ``strict_attributes``, also requires every
attribute the gold records to agree (:mod:`extractor.evaluation.values`).

Per-attribute scores are slot-filling scores over spans aligned one-to-one (same label, largest
overlap first): a gold value that is not null counts toward recall, a predicted one toward precision.
Tuple scores compare each label's tuple (threshold: comparator, value, value_max, unit; dose:
amount, amount_max, unit, frequency, route) per document regardless of offsets, with an optimal
assignment (:func:`scipy.optimize.linear_sum_assignment`): ``strict`` (all fields), ``partial``
(share of fields, partial credit) and ``lenient`` (value and unit, same quantity allowed).

Confidence intervals resample documents with replacement (percentile bootstrap, Efron and
Tibshirani 1993; seeded :class:`numpy.random.Generator`); a resample with nothing to score is skipped.
"""

from __future__ import annotations

import dataclasses
import functools
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from extractor.evaluation.model import AnnotatedDocument, Span
from extractor.evaluation.values import (
    TUPLE_FIELDS,
    UNIT_KEYS,
    differences,
    lenient_match,
    tuple_credit,
    values_equal,
)

#: nervaluate's strategies, in display order, then ours.
SEMEVAL_SCHEMES = ("strict", "exact", "partial", "ent_type")
SCHEMES = (*SEMEVAL_SCHEMES, "strict_attributes")
#: Item outcomes, best first (regression mode ranks them).
OUTCOMES = ("correct", "attribute", "unit", "boundary", "label", "missed")
#: Error causes.
CAUSES = ("boundary", "attribute", "unit", "label", "missed", "spurious")
TUPLE_LEVELS = ("strict", "partial", "lenient")
CONTEXT = 60


@dataclass
class Pair:
    """A gold span and the prediction aligned with it (either may be missing)."""

    doc: int
    gold: Span | None
    pred: Span | None

    @property
    def outcome(self) -> str:
        """``correct``, ``attribute``, ``unit``, ``boundary``, ``label``, ``missed`` or ``spurious``."""
        if self.pred is None:
            return "missed"
        if self.gold is None:
            return "spurious"
        if self.gold.label != self.pred.label:
            return "label"
        if (self.gold.start, self.gold.end) != (self.pred.start, self.pred.end):
            return "boundary"
        diff = differences(self.gold.attributes, self.pred.attributes)
        if not diff:
            return "correct"
        return "unit" if any(key in UNIT_KEYS for key in diff) else "attribute"


@dataclass
class Counts:
    """Per-document arrays of ``(numerator, predicted, gold)`` plus the raw counts shown in tables."""

    numerator: np.ndarray
    actual: np.ndarray
    possible: np.ndarray
    raw: dict[str, np.ndarray] = field(default_factory=dict)

    def totals(self) -> dict[str, float]:
        num, act, pos = float(self.numerator.sum()), float(self.actual.sum()), float(self.possible.sum())
        precision, recall = (num / act if act else 0.0), (num / pos if pos else 0.0)
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {"precision": precision, "recall": recall, "f1": f1, "support": int(pos), "predicted": int(act)}


def _f1(num: np.ndarray, act: np.ndarray, pos: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        precision = np.where(act > 0, num / np.where(act > 0, act, 1), 0.0)
        recall = np.where(pos > 0, num / np.where(pos > 0, pos, 1), 0.0)
        total = precision + recall
        f1 = np.where(total > 0, 2 * precision * recall / np.where(total > 0, total, 1), 0.0)
        return np.where((act > 0) | (pos > 0), f1, np.nan)  # nothing to score in this resample


def _to_entities(spans: Sequence[Span]) -> list[Any]:
    from nervaluate.entities import Entity

    return [Entity(label=s.label, start=s.start, end=s.end - 1) for s in sorted(spans, key=lambda s: (s.start, s.end))]


def align(gold: Sequence[Span], pred: Sequence[Span]) -> list[tuple[Span | None, Span | None]]:
    """Pair gold and predicted spans one-to-one: same label first, then exact span, then largest overlap.

    Returns:
        Pairs in text order; unpaired spans appear with None on the other side.
    """
    candidates = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            overlap = min(g.end, p.end) - max(g.start, p.start)
            if overlap > 0:
                candidates.append((g.label == p.label, (g.start, g.end) == (p.start, p.end), overlap, -gi, -pi))
    candidates.sort(reverse=True)
    used_g: dict[int, int] = {}
    used_p: set[int] = set()
    for _, _, _, neg_gi, neg_pi in candidates:
        gi, pi = -neg_gi, -neg_pi
        if gi not in used_g and pi not in used_p:
            used_g[gi] = pi
            used_p.add(pi)
    pairs: list[tuple[Span | None, Span | None]] = [(g, pred[used_g[gi]] if gi in used_g else None)
                                                    for gi, g in enumerate(gold)]
    pairs += [(None, p) for pi, p in enumerate(pred) if pi not in used_p]
    return sorted(pairs, key=lambda pair: ((pair[0] or pair[1]).start, (pair[0] or pair[1]).end))  # type: ignore[union-attr]


def context(text: str | None, start: int, end: int, width: int = CONTEXT) -> str:
    """The text around ``start:end`` with the span in ``[[…]]`` on one line."""
    if not text:
        return ""
    left = max(0, start - width)
    right = min(len(text), end + width)
    snippet = (("…" if left else "") + text[left:start] + "[[" + text[start:end] + "]]" + text[end:right]
               + ("…" if right < len(text) else ""))
    return " ".join(snippet.split())


def _casefolded(document: AnnotatedDocument) -> AnnotatedDocument:
    """The document with labels compared case-insensitively (``Threshold`` = ``threshold``)."""
    if all(span.label == span.label.strip().lower() for span in document.spans):
        return document
    return dataclasses.replace(document, spans=[dataclasses.replace(s, label=s.label.strip().lower())
                                                for s in document.spans])


class Evaluation:
    """Scores of one prediction run against gold; tables are pandas DataFrames.

    Args:
        gold: Gold documents.
        pred: Predicted documents, matched to gold by ``id`` (missing ones count as predicting nothing).
            Labels compare case-insensitively.
        bootstrap: Resamples for the confidence intervals (0: none).
        seed: Seed of the resampling.
        confidence: Interval coverage (0.95: 2.5th–97.5th percentiles).
    """

    def __init__(self, gold: Sequence[AnnotatedDocument], pred: Sequence[AnnotatedDocument], *,
                 bootstrap: int = 1000, seed: int = 0, confidence: float = 0.95) -> None:
        from nervaluate.strategies import (
            EntityTypeEvaluation,
            ExactEvaluation,
            PartialEvaluation,
            StrictEvaluation,
        )

        self.gold = [_casefolded(d) for d in gold]
        by_id = {d.id: _casefolded(d) for d in pred}
        self.missing = [d.id for d in self.gold if d.id not in by_id]
        gold_ids = {d.id for d in self.gold}
        self.unmatched = [d.id for d in pred if d.id not in gold_ids]
        self.pred = [by_id.get(d.id) or AnnotatedDocument(d.id, d.text, []) for d in self.gold]
        self.bootstrap, self.seed, self.confidence = bootstrap, seed, confidence
        self.labels = sorted({s.label for d in (*self.gold, *self.pred) for s in d.spans})
        self.pairs: list[Pair] = []
        strategies = {"strict": StrictEvaluation(), "exact": ExactEvaluation(), "partial": PartialEvaluation(),
                      "ent_type": EntityTypeEvaluation()}
        n = len(self.gold)
        keys = ["(all)", *self.labels]
        raw = {(scheme, key): np.zeros((n, 5)) for scheme in SEMEVAL_SCHEMES for key in keys}
        full = {key: np.zeros((n, 3)) for key in keys}
        # attribute slot counts per (label, attribute): correct, correct on an exact span, predicted, gold
        self.attribute_keys = {label: list(dict.fromkeys(k for d in self.gold for s in d.spans if s.label == label
                                                         for k in s.attributes)) for label in self.labels}
        attrs = {(label, key): np.zeros((n, 4)) for label in self.labels for key in self.attribute_keys[label]}
        tuple_labels = [label for label in self.labels if TUPLE_FIELDS.get(label)
                        and set(TUPLE_FIELDS[label]) <= set(self.attribute_keys[label])]
        tuples = {(label, level): np.zeros((n, 3)) for label in tuple_labels for level in TUPLE_LEVELS}
        for i, (g, p) in enumerate(zip(self.gold, self.pred)):
            for key in keys:
                gs = [s for s in g.spans if key == "(all)" or s.label == key]
                ps = [s for s in p.spans if key == "(all)" or s.label == key]
                true_entities, pred_entities = _to_entities(gs), _to_entities(ps)
                for scheme, strategy in strategies.items():
                    result, _ = strategy.evaluate(true_entities, pred_entities, self.labels, i)
                    raw[(scheme, key)][i] = (result.correct, result.incorrect, result.partial, result.missed,
                                             result.spurious)
            for gold_span, pred_span in align(g.spans, p.spans):
                pair = Pair(i, gold_span, pred_span)
                self.pairs.append(pair)
                outcome = pair.outcome
                full["(all)"][i] += (outcome == "correct", pred_span is not None, gold_span is not None)
                if gold_span is not None:
                    full[gold_span.label][i] += (outcome == "correct", 0, 1)
                if pred_span is not None:
                    full[pred_span.label][i] += (0, 1, 0)
                self._count_attributes(attrs, i, gold_span, pred_span)
            for label in tuple_labels:
                self._count_tuples(tuples, i, label, [s for s in g.spans if s.label == label],
                                   [s for s in p.spans if s.label == label])
        self.counts: dict[tuple[str, str], Counts] = {}
        for (scheme, key), array in raw.items():
            correct, incorrect, partial, missed, spurious = array.T
            half = 0.5 * partial if scheme in ("partial", "ent_type") else 0.0
            self.counts[(scheme, key)] = Counts(
                correct + half, correct + incorrect + partial + spurious, correct + incorrect + partial + missed,
                {"correct": correct, "incorrect": incorrect, "partial": partial, "missed": missed,
                 "spurious": spurious})
        for key, array in full.items():
            self.counts[("strict_attributes", key)] = Counts(array[:, 0], array[:, 1], array[:, 2])
        self.attribute_counts = {k: Counts(v[:, 0], v[:, 2], v[:, 3]) for k, v in attrs.items()}
        self.attribute_exact_counts = {k: Counts(v[:, 1], v[:, 2], v[:, 3]) for k, v in attrs.items()}
        self.tuple_counts = {k: Counts(*v.T) for k, v in tuples.items()}

    # -- counting -------------------------------------------------------------------------------
    def _count_attributes(self, attrs: dict[tuple[str, str], np.ndarray], i: int, gold: Span | None,
                          pred: Span | None) -> None:
        if gold is not None and pred is not None and gold.label != pred.label:
            self._count_attributes(attrs, i, gold, None)
            self._count_attributes(attrs, i, None, pred)
            return
        label = (gold or pred).label  # type: ignore[union-attr]
        for key in self.attribute_keys.get(label, []):
            g = gold.attributes.get(key) if gold is not None else None
            p = pred.attributes.get(key) if pred is not None else None
            if gold is not None and key not in gold.attributes:
                continue  # this gold span does not record the attribute
            right = g is not None and p is not None and values_equal(key, g, p)
            exact = right and (gold.start, gold.end) == (pred.start, pred.end)  # type: ignore[union-attr]
            attrs[(label, key)][i] += (right, exact, p is not None, g is not None)

    @staticmethod
    def _count_tuples(tuples: dict[tuple[str, str], np.ndarray], i: int, label: str, gold: list[Span],
                      pred: list[Span]) -> None:
        from scipy.optimize import linear_sum_assignment

        scores = {"strict": lambda g, p: float(tuple_credit(label, g, p) == 1.0),
                  "partial": lambda g, p: tuple_credit(label, g, p),
                  "lenient": lambda g, p: float(lenient_match(label, g, p))}
        for level, score in scores.items():
            credit = 0.0
            if gold and pred:
                matrix = np.array([[score(g.attributes, p.attributes) for p in pred] for g in gold])
                rows, cols = linear_sum_assignment(matrix, maximize=True)
                credit = float(matrix[rows, cols].sum())
            tuples[(label, level)][i] += (credit, len(pred), len(gold))

    # -- intervals ------------------------------------------------------------------------------
    @functools.cached_property
    def _resamples(self) -> np.ndarray | None:
        """Document indices of each bootstrap resample (one draw, shared by every table)."""
        if not self.bootstrap or not self.gold:
            return None
        rng = np.random.default_rng(self.seed)
        return rng.integers(0, len(self.gold), size=(self.bootstrap, len(self.gold)))

    def _indices(self) -> np.ndarray | None:
        return self._resamples

    def _interval(self, counts: Sequence[Counts], indices: np.ndarray | None) -> tuple[float, float]:
        """Percentile interval of F1 (the mean F1 when several labels are given: macro)."""
        if indices is None:
            return (float("nan"), float("nan"))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN columns: resamples with nothing to score
            samples = np.nanmean([_f1(c.numerator[indices].sum(1), c.actual[indices].sum(1), c.possible[indices].sum(1))
                               for c in counts], axis=0)
        samples = samples[~np.isnan(samples)]
        if not samples.size:
            return (float("nan"), float("nan"))
        tail = (1 - self.confidence) / 2 * 100
        low, high = np.percentile(samples, [tail, 100 - tail])
        return float(low), float(high)

    # -- tables ---------------------------------------------------------------------------------
    def scores(self) -> pd.DataFrame:
        """Span scores: one row per scheme × label, plus ``micro`` and ``macro`` per scheme.

        Columns: scheme, label, precision, recall, f1, support (gold spans), predicted, correct,
        incorrect, partial, missed, spurious (SemEval counts; NaN for ``strict_attributes``), f1_low, f1_high.
        """
        indices = self._indices()
        rows = []
        for scheme in SCHEMES:
            per_label = []
            for label in self.labels:
                counts = self.counts[(scheme, label)]
                per_label.append(counts)
                rows.append(self._row(scheme, label, counts, [counts], indices))
            rows.append(self._row(scheme, "micro", self.counts[(scheme, "(all)")], [self.counts[(scheme, "(all)")]],
                                  indices))
            if per_label:
                totals = [c.totals() for c in per_label]
                low, high = self._interval(per_label, indices)
                rows.append({"scheme": scheme, "label": "macro",
                             **{m: float(np.mean([t[m] for t in totals])) for m in ("precision", "recall", "f1")},
                             "support": sum(t["support"] for t in totals),
                             "predicted": sum(t["predicted"] for t in totals), "f1_low": low, "f1_high": high})
        columns = ["scheme", "label", "precision", "recall", "f1", "f1_low", "f1_high", "support", "predicted",
                   "correct", "incorrect", "partial", "missed", "spurious"]
        frame = pd.DataFrame(rows).reindex(columns=columns)
        for name in ("support", "predicted", "correct", "incorrect", "partial", "missed", "spurious"):
            frame[name] = frame[name].astype("Int64")
        return frame

    def _row(self, scheme: str, label: str, counts: Counts, group: list[Counts],
             indices: np.ndarray | None) -> dict[str, Any]:
        low, high = self._interval(group, indices)
        row: dict[str, Any] = {"scheme": scheme, "label": label, **counts.totals(), "f1_low": low, "f1_high": high}
        for name, values in counts.raw.items():
            row[name] = int(values.sum())
        return row

    def attributes(self) -> pd.DataFrame:
        """Per label and attribute: precision, recall, f1 (with interval), support, predicted, correct.

        A value counts as correct when its span overlaps the gold span (same label);
        ``f1_exact_span``/``correct_exact_span`` count it only when the span is exact too.
        """
        indices = self._indices()
        rows = []
        for (label, key), counts in self.attribute_counts.items():
            low, high = self._interval([counts], indices)
            exact = self.attribute_exact_counts[(label, key)]
            row = {"label": label, "attribute": key, **counts.totals(), "correct": int(counts.numerator.sum()),
                   "f1_low": low, "f1_high": high, "f1_exact_span": exact.totals()["f1"],
                   "correct_exact_span": int(exact.numerator.sum())}
            if not row["support"] and not row["predicted"]:  # never filled in gold or predictions: undefined
                row.update(precision=float("nan"), recall=float("nan"), f1=float("nan"), f1_exact_span=float("nan"))
            rows.append(row)
        columns = ["label", "attribute", "precision", "recall", "f1", "f1_low", "f1_high", "support", "predicted",
                   "correct", "f1_exact_span", "correct_exact_span"]
        return pd.DataFrame(rows, columns=columns)

    def tuples(self) -> pd.DataFrame:
        """Per label and level (strict, partial, lenient): precision, recall, f1, credit."""
        indices = self._indices()
        rows = []
        for (label, level), counts in self.tuple_counts.items():
            low, high = self._interval([counts], indices)
            rows.append({"label": label, "level": level, **counts.totals(), "credit": float(counts.numerator.sum()),
                         "f1_low": low, "f1_high": high})
        columns = ["label", "level", "precision", "recall", "f1", "f1_low", "f1_high", "support", "predicted", "credit"]
        return pd.DataFrame(rows, columns=columns)

    def items(self) -> pd.DataFrame:
        """Every aligned pair: document, outcome, gold and predicted span, differing attributes."""
        rows = []
        for pair in self.pairs:
            doc = self.gold[pair.doc]
            g, p = pair.gold, pair.pred
            anchor = g or p
            diff = (differences(g.attributes, p.attributes) if g is not None and p is not None and g.label == p.label
                    else [])
            rows.append({
                "doc": doc.id, "outcome": pair.outcome, "label": anchor.label,  # type: ignore[union-attr]
                "gold_start": g.start if g else None, "gold_end": g.end if g else None,
                "gold_text": doc.text[g.start:g.end] if g and doc.text else None,
                "pred_label": p.label if p else None,
                "pred_start": p.start if p else None, "pred_end": p.end if p else None,
                "pred_text": doc.text[p.start:p.end] if p and doc.text else (p.text if p else None),
                "differences": "; ".join(f"{k}: {g.attributes.get(k)!r} → {p.attributes.get(k)!r}"  # type: ignore[union-attr]
                                         for k in diff),
                "context": context(doc.text, min(x.start for x in (g, p) if x), max(x.end for x in (g, p) if x)),
            })
        columns = ["doc", "outcome", "label", "gold_start", "gold_end", "gold_text", "pred_label", "pred_start",
                   "pred_end", "pred_text", "differences", "context"]
        frame = pd.DataFrame(rows, columns=columns)
        for name in ("gold_start", "gold_end", "pred_start", "pred_end"):
            frame[name] = frame[name].astype("Int64")
        return frame

    def errors(self) -> pd.DataFrame:
        """Every false positive and false negative with its cause (boundary, attribute, unit, label,
        missed, spurious) and context, grouped by cause."""
        frame = self.items()
        frame = frame[frame["outcome"] != "correct"].rename(columns={"outcome": "cause"})
        order = {cause: n for n, cause in enumerate(CAUSES)}
        return frame.sort_values(by=["cause", "doc", "gold_start", "pred_start"],
                                 key=lambda col: col.map(order) if col.name == "cause" else col,
                                 kind="stable").reset_index(drop=True)

    def summary(self) -> dict[str, Any]:
        """Headline numbers: documents, gold and predicted spans, micro F1 per scheme."""
        scores = self.scores()
        micro = scores[scores["label"] == "micro"].set_index("scheme")["f1"].to_dict()
        return {"documents": len(self.gold), "gold_spans": sum(len(d.spans) for d in self.gold),
                "predicted_spans": sum(len(d.spans) for d in self.pred), "micro_f1": micro,
                "missing_predictions": self.missing, "predictions_without_gold": self.unmatched}


def evaluate(gold: Sequence[AnnotatedDocument], pred: Sequence[AnnotatedDocument], **kwargs: Any) -> Evaluation:
    """Score ``pred`` against ``gold`` (see :class:`Evaluation`)."""
    return Evaluation(gold, pred, **kwargs)


__all__ = [
    "CAUSES",
    "OUTCOMES",
    "SCHEMES",
    "SEMEVAL_SCHEMES",
    "TUPLE_LEVELS",
    "Evaluation",
    "align",
    "context",
    "evaluate",
]
