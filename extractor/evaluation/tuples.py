"""The thresholds tuple task: (analyte, comparator, value, unit) read from relations in the gold.

Third-party corpora annotate a measured thing and its value as two spans joined by a relation
(Chia: ``Measurement --Has_value--> Value``, ``Person --Has_value--> Value`` for ages). Each such
relation whose first argument's label maps to ``threshold`` (``--label-map``) is one gold tuple:
the analyte is the first argument, and the comparator, value(s) and unit are read from the value
span with :func:`extractor.nlp.thresholds.parse_value` (a value without a number — "positive",
"confirmed" — is not a threshold and is counted as skipped).

A predicted threshold is paired with a gold tuple when its span overlaps the gold value span;
pairs are chosen by an optimal assignment (:func:`scipy.optimize.linear_sum_assignment`) that
prefers full agreement. Levels:

- ``tuple``: analyte, comparator, value, value_max and unit all agree. The analyte agrees when the
  predicted analyte's words overlap the gold analyte span, or their names match (rapidfuzz
  ``token_set_ratio`` ≥ 80 after lower-casing; the canonical name "age" for ages).
- ``value``: comparator, value, value_max and unit agree (analyte ignored).

A prediction that overlaps a value the gold leaves unscored (a relation from an unmapped label —
a drug's dose, a life expectancy — or a value without a number) counts neither way; how many is
reported. Units compare by UCUM code after normalisation.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from extractor.errors import InputError, UsageError
from extractor.evaluation.model import AnnotatedDocument, Span
from extractor.evaluation.values import values_equal

#: The relation read as "measured thing has value".
VALUE_RELATION = "Has_value"
#: Fields compared at the ``value`` level (the ``tuple`` level adds the analyte).
VALUE_FIELDS = ("comparator", "value", "value_max", "unit")
LEVELS = ("tuple", "value")
ANALYTE_SCORE = 80
_AGE_WORDS = re.compile(r"\b(?:age[sd]?|old|older|younger|years?)\b", re.IGNORECASE)


def parse_label_map(spec: str | None) -> dict[str, str]:
    """``"Measurement=threshold,Person=threshold"`` or a JSON/YAML file of ``{gold: pipeline}`` → dict.

    Raises:
        UsageError: An item is not ``gold=pipeline``, or the file is not a mapping of strings.
    """
    if not spec:
        return {}
    path = Path(spec)
    if path.suffix.lower() in (".json", ".yaml", ".yml"):
        import yaml

        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise InputError(path, f"cannot read the label map: {exc}") from None
        if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
            raise InputError(path, "the label map must be a mapping of gold label to pipeline label")
        return dict(data)
    mapping = {}
    for item in spec.split(","):
        gold, sep, pipeline = item.partition("=")
        if not sep or not gold.strip() or not pipeline.strip():
            raise UsageError(f"--label-map item {item!r} is not GOLD=PIPELINE (e.g. Measurement=threshold)")
        mapping[gold.strip()] = pipeline.strip()
    return mapping


def map_labels(documents: Sequence[AnnotatedDocument], mapping: Mapping[str, str]) -> list[AnnotatedDocument]:
    """The documents with span labels renamed by ``mapping`` (labels not in it are kept)."""
    if not mapping:
        return list(documents)
    for document in documents:
        for span in document.spans:
            span.label = mapping.get(span.label, span.label)
    return list(documents)


@dataclass
class GoldTuple:
    """One gold threshold read from a relation."""

    analyte: Span
    value: Span
    fields: dict[str, Any]
    scored: bool


@dataclass
class TupleEvaluation:
    """Scores of predicted thresholds against relation-based gold tuples.

    Attributes:
        counts: ``{level: Counter(tp, predicted, gold)}``.
        fields: Agreement per field over positionally paired tuples.
        reading: What the gold reader and the tuple builder skipped or repaired.
        errors: One row per missed, spurious or disagreeing tuple.
    """

    counts: dict[str, Counter[str]] = field(default_factory=dict)
    fields: Counter[str] = field(default_factory=Counter)
    paired: int = 0
    reading: Counter[str] = field(default_factory=Counter)
    errors: list[dict[str, Any]] = field(default_factory=list)
    documents: int = 0

    def scores(self) -> pd.DataFrame:
        """Precision, recall and F1 per level."""
        rows = []
        for level in LEVELS:
            c = self.counts.get(level, Counter())
            tp, predicted, gold = c["tp"], c["predicted"], c["gold"]
            precision = tp / predicted if predicted else 0.0
            recall = tp / gold if gold else 0.0
            f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
            rows.append({"level": level, "precision": round(precision, 3), "recall": round(recall, 3),
                         "f1": round(f1, 3), "tp": tp, "predicted": predicted, "gold": gold})
        return pd.DataFrame(rows)

    def field_agreement(self) -> pd.DataFrame:
        """Share of positionally paired tuples on which each field agrees."""
        return pd.DataFrame([{"field": name, "agree": self.fields[name], "paired": self.paired,
                              "share": round(self.fields[name] / self.paired, 3) if self.paired else 0.0}
                             for name in ("analyte", *VALUE_FIELDS)])


def gold_tuples(document: AnnotatedDocument, mapping: Mapping[str, str], reading: Counter[str],
                relation: str = VALUE_RELATION) -> list[GoldTuple]:
    """The document's gold tuples (scored and unscored) from its relations.

    The gold is read into the contract's conventions, each repair counted in ``reading``: a
    comparator written just after the annotated value ("18 years | of age or older") is read with
    it; so is a unit written just after it ("18-80 | years"); a unit written once after the last of
    several values of one mention is every value's; a lower and an upper bound on the same mention become one ``range``, and so do two or more
    levels of one scale ("ASA 1 | or 2"); a blood-pressure pair ("140/90") is two tuples.
    """
    from extractor.nlp.thresholds import make_finder, parse_value

    finder = _finder(make_finder)
    found = []
    text = document.text or ""
    for rel in document.relations:
        if rel.label != relation:
            continue
        fields = parse_value(finder, text[rel.arg2.start:rel.arg2.end])
        label = mapping.get(rel.arg1.label, rel.arg1.label)
        scored = label == "threshold" and fields is not None
        if label == "threshold" and fields is None:
            reading["values_without_a_number"] += 1
        elif label != "threshold":
            reading[f"unscored_{rel.arg1.label}_values"] += 1
        analyte = text[rel.arg1.start:rel.arg1.end]
        if fields is not None and fields.get("unit") is None:
            unit = finder.units.leading_unit().match(text, rel.arg2.end)
            written = finder.units.lookup(unit.group(0).strip()) if unit else None
            if written is not None:  # "18-80 | years", "140/90 | mmHg": the unit just after the value span
                fields.update({"unit": written.unit, "ucum": written.ucum})
                reading["units_read_after_the_value_span"] += 1
        if fields is not None and fields["comparator"] == "=":
            after = _comparator_after(finder, text, rel.arg2.end)
            if after is not None:
                fields["comparator"] = after
                reading["comparators_read_after_the_value_span"] += 1
        if fields is not None and rel.arg1.label.lower() == "person" and _AGE_WORDS.search(analyte) \
                and (fields.get("ucum") in ("a", "mo", "wk", "d") or fields.get("ucum") is None):
            analyte = "age"
        pair = _PRESSURE.fullmatch(text[rel.arg2.start:rel.arg2.end])
        if fields is not None and pair is not None:
            reading["pressure_pairs_split"] += 1
            if re.search(r"mm\s*Hg", pair.group(0), re.IGNORECASE):
                fields.update({"unit": "mmHg", "ucum": "mm[Hg]"})
            high = {**fields, "analyte": "systolic blood pressure"}
            low = {**fields, "analyte": "diastolic blood pressure", "value": int(pair.group("low"))}
            found += [GoldTuple(rel.arg1, rel.arg2, high, scored), GoldTuple(rel.arg1, rel.arg2, low, scored)]
            continue
        found.append(GoldTuple(rel.arg1, rel.arg2, {**(fields or {}), "analyte": analyte}, scored))
    return _merge_bounds(found, reading)


_PRESSURE = re.compile(r"\s*(?:[<>≤≥=]=?|(?:greater|less|more|higher|lower)\s+than)?\s*\d{2,3}\s*/\s*(?P<low>\d{2,3})"
                       r"\s*(?:mm\s*Hg|mmHg)?\s*", re.IGNORECASE)
def _comparator_after(finder: Any, text: str, end: int) -> str | None:
    """A comparator written right after an annotated value ("18 years | of age or older")."""
    found = finder.comparator_after(text[end:end + 40])
    if found is not None:
        return str(found[0])
    from extractor.nlp.thresholds import or_more_after

    return or_more_after(text, end)


def _merge_bounds(tuples: list[GoldTuple], reading: Counter[str]) -> list[GoldTuple]:
    """One ``range`` for a lower and an upper bound, or for two or more scale levels, on one mention; a
    value annotated inside a longer value of the same mention ("equal to 6 months" inside "greater than
    or equal to 6 months", Chia's way of writing ≥) is left to the longer one."""
    inside = {id(t) for t in tuples for o in tuples if o is not t and t.scored and o.scored
              and (t.analyte.start, t.analyte.end) == (o.analyte.start, o.analyte.end)
              and o.value.start <= t.value.start and t.value.end <= o.value.end
              and (o.value.start, o.value.end) != (t.value.start, t.value.end)}
    if inside:
        reading["values_inside_a_longer_value_dropped"] += len(inside)
        tuples = [t for t in tuples if id(t) not in inside]
    by_mention: dict[tuple[int, int], list[GoldTuple]] = {}
    for item in tuples:
        if item.scored and item.fields.get("value_max") is None:
            by_mention.setdefault((item.analyte.start, item.analyte.end), []).append(item)
    for group in by_mention.values():  # "Age < 20 | or > 35 years": a unit written once, after the last value
        later = sorted(group, key=lambda t: t.value.start)
        for n, item in enumerate(later):
            unit = next((t.fields for t in later[n + 1:] if t.fields.get("unit")), None)
            if item.fields.get("unit") is None and item.fields["comparator"] != "=" and unit is not None:
                item.fields.update({"unit": unit["unit"], "ucum": unit.get("ucum")})
                reading["units_read_from_a_later_value"] += 1
    merged: set[int] = set()
    extra: list[GoldTuple] = []
    for group in by_mention.values():
        lower = [t for t in group if t.fields["comparator"] in (">", ">=")]
        upper = [t for t in group if t.fields["comparator"] in ("<", "<=")]
        levels = [t for t in group if t.fields["comparator"] == "=" and t.fields.get("unit") is None]
        if len(lower) == 1 and len(upper) == 1 and lower[0].fields["value"] < upper[0].fields["value"]:
            low, high = lower[0], upper[0]
            unit = high.fields.get("unit") or low.fields.get("unit")
            ucum = high.fields.get("ucum") or low.fields.get("ucum")
            fields = {**low.fields, "comparator": "range", "value_max": high.fields["value"], "unit": unit, "ucum": ucum}
            extra.append(GoldTuple(low.analyte, _union(low.value, high.value), fields, True))
            merged |= {id(low), id(high)}
            reading["two_sided_bounds_merged"] += 1
        elif len(levels) >= 2:
            values = sorted(t.fields["value"] for t in levels)
            first = min(levels, key=lambda t: t.value.start)
            span = first.value
            for t in levels:
                span = _union(span, t.value)
            extra.append(GoldTuple(first.analyte, span, {**first.fields, "comparator": "range", "value": values[0],
                                                         "value_max": values[-1]}, True))
            merged |= {id(t) for t in levels}
            reading["scale_levels_merged"] += 1
    return [t for t in tuples if id(t) not in merged] + extra


def _union(a: Span, b: Span) -> Span:
    return Span(min(a.start, b.start), max(a.end, b.end), a.label)


_FINDER: list[Any] = []


def _finder(make: Any) -> Any:
    if not _FINDER:
        _FINDER.append(make())
    return _FINDER[0]


def _analyte_agrees(gold: GoldTuple, pred: dict[str, Any]) -> bool:
    from rapidfuzz import fuzz

    start, end = pred.get("analyte_start"), pred.get("analyte_end")
    if isinstance(start, int) and isinstance(end, int) and min(end, gold.analyte.end) > max(start, gold.analyte.start):
        return True
    name = pred.get("analyte")
    if not isinstance(name, str):
        return False
    return fuzz.token_set_ratio(name.lower(), str(gold.fields["analyte"]).lower()) >= ANALYTE_SCORE


def _value_agrees(gold: GoldTuple, pred: dict[str, Any]) -> bool:
    return all(values_equal(name, gold.fields.get(name), pred.get(name)) for name in VALUE_FIELDS)


def evaluate_tuples(gold: Sequence[AnnotatedDocument], predictions: Mapping[str, Iterable[dict[str, Any]]], *,
                    label_map: Mapping[str, str] | None = None, relation: str = VALUE_RELATION,
                    max_errors: int | None = None) -> TupleEvaluation:
    """Score predicted thresholds (contract dicts per document id) against the gold's relations.

    Args:
        gold: Documents read with their relations (brat).
        predictions: Document id → predicted thresholds (``extract`` output's ``thresholds``).
        label_map: Gold label → pipeline label; first arguments mapped to ``threshold`` are scored.
        relation: The relation type that joins a measured thing to its value.
        max_errors: Keep at most this many error rows (None: all).
    """
    from scipy.optimize import linear_sum_assignment

    mapping = dict(label_map or {})
    if not any(v == "threshold" for v in mapping.values()):
        mapping.setdefault("threshold", "threshold")
    result = TupleEvaluation(counts={level: Counter() for level in LEVELS}, documents=len(gold))
    for document in gold:
        for key, count in document.reading.items():
            result.reading[key] += count
        tuples = gold_tuples(document, mapping, result.reading, relation)
        preds = list(predictions.get(document.id, ()))
        scored = [t for t in tuples if t.scored]
        unscored = [t for t in tuples if not t.scored]
        # predictions over an unscored value count neither way
        kept = []
        for pred in preds:
            if not any(_overlaps(pred, t.value) for t in scored) and any(_overlaps(pred, t.value) for t in unscored):
                result.reading["predictions_over_unscored_values"] += 1
                continue
            kept.append(pred)
        pairs: list[tuple[int, int]] = []
        if scored and kept:
            import numpy as np

            weight = np.zeros((len(scored), len(kept)))
            for gi, g in enumerate(scored):
                for pi, p in enumerate(kept):
                    if _overlaps(p, g.value) or _overlaps(p, g.analyte):
                        value_ok = _value_agrees(g, p)
                        weight[gi, pi] = 1 + 2 * value_ok + (value_ok and _analyte_agrees(g, p))
            rows, cols = linear_sum_assignment(-weight)
            pairs = [(r, c) for r, c in zip(rows, cols) if weight[r, c] > 0]
        matched_g = {r for r, _ in pairs}
        matched_p = {c for _, c in pairs}
        for level in LEVELS:
            result.counts[level]["gold"] += len(scored)
            result.counts[level]["predicted"] += len(kept)
        for r, c in pairs:
            g, p = scored[r], kept[c]
            result.paired += 1
            agree = {"analyte": _analyte_agrees(g, p), **{n: values_equal(n, g.fields.get(n), p.get(n))
                                                          for n in VALUE_FIELDS}}
            for name, ok in agree.items():
                result.fields[name] += ok
            value_ok = all(agree[n] for n in VALUE_FIELDS)
            result.counts["value"]["tp"] += value_ok
            result.counts["tuple"]["tp"] += value_ok and agree["analyte"]
            if not (value_ok and agree["analyte"]):
                result.errors.append(_error(document, "disagree", g, p, [n for n, ok in agree.items() if not ok]))
        for gi, g in enumerate(scored):
            if gi not in matched_g:
                result.errors.append(_error(document, "missed", g, None, []))
        for pi, p in enumerate(kept):
            if pi not in matched_p:
                result.errors.append(_error(document, "spurious", None, p, []))
    if max_errors is not None:
        result.errors = result.errors[:max_errors]
    return result


def _overlaps(pred: dict[str, Any], span: Span) -> bool:
    return min(int(pred["end"]), span.end) > max(int(pred["start"]), span.start)


def _error(document: AnnotatedDocument, cause: str, gold: GoldTuple | None, pred: dict[str, Any] | None,
           fields: list[str]) -> dict[str, Any]:
    text = document.text or ""
    where = gold.value if gold is not None else None
    start = where.start if where is not None else int(pred["start"]) if pred else 0
    end = where.end if where is not None else int(pred["end"]) if pred else 0
    lo, hi = max(0, start - 80), min(len(text), end + 30)
    line = " ".join(text[lo:hi].split())

    def show(item: dict[str, Any] | None) -> str:
        if not item:
            return ""
        bound = f"{item.get('value')}..{item.get('value_max')}" if item.get("value_max") is not None \
            else f"{item.get('value')}"
        return f"{item.get('analyte')} {item.get('comparator')} {bound} {item.get('unit') or ''}".strip()
    return {"document": document.id, "cause": cause, "fields": ",".join(fields),
            "gold": show(gold.fields if gold else None), "predicted": show(pred), "context": line}


__all__ = ["LEVELS", "VALUE_RELATION", "GoldTuple", "TupleEvaluation", "evaluate_tuples", "gold_tuples",
           "map_labels", "parse_label_map"]
