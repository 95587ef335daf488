"""Scores against an independent hand count on the toy gold set, and against nervaluate itself.

Toy gold (corpora/gold/toy/gold.jsonl), 3 documents, 5 spans (2 dose, 3 threshold):

    toy-1 "Give IVIg 0.4 g/kg every 4 weeks if serum IgG < 4 g/L."
          D1 dose 10-18 "0.4 g/kg"            T1 threshold 36-53 "serum IgG < 4 g/L"
    toy-2 "Platelets below 50 x 10^9/L. Dose 2 g/kg over 5 days."
          T2 threshold 0-27 (unit 10^9/L)      D2 dose 34-40 "2 g/kg"
    toy-3 "Treat if IgG is below 5 g/L."
          T3 threshold 9-27

Predictions (corpora/gold/toy/pred.jsonl), 5 spans:

    toy-1 D1 exact, all attributes right           T1' threshold 42-53 "IgG < 4 g/L" (boundary; unit "g/l")
    toy-2 T2 exact span, unit g/L (unit error)      S dose 46-52 "5 days" (spurious); D2 not found (missed)
    toy-3 T3's exact span labelled dose (label error)

Hand count, SemEval-2013 (overall; P = R because 5 predicted and 5 gold):
    strict   : D1 correct, T1' incorrect, T2 correct, S spurious, D2 missed, toy-3 incorrect
               → COR 2 INC 2 PAR 0 MIS 1 SPU 1, P = R = F1 = 2/5 = 0.4
    exact    : toy-3 now correct (span equal, label ignored) → COR 3 INC 1 MIS 1 SPU 1, F1 = 3/5 = 0.6
    partial  : T1' partial → COR 3 PAR 1 MIS 1 SPU 1, P = R = (3 + 0.5)/5 = 0.7
    ent_type : T1' correct (overlap, same label), toy-3 incorrect → COR 3 INC 1 MIS 1 SPU 1, F1 = 0.6
Per label, strict:
    dose     : D1 correct; S and toy-3's dose spurious; D2 missed → P = 1/3, R = 1/2, F1 = 0.4
    threshold: T2 correct; T1' incorrect; T3 missed → P = 1/2, R = 1/3, F1 = 0.4;  macro F1 = 0.4
strict_attributes: only D1 is exact with every attribute → P = R = 1/5 = 0.2
Attribute "unit" (slot filling over overlapping same-label pairs, "g/l" = "g/L"):
    threshold: T1'–T1 right, T2 wrong, T3 unpaired → correct 1, predicted 2, gold 3 → P 0.5 R 1/3 F1 0.4
    dose     : D1 right; S and toy-3 dose predicted, D2 gold → correct 1, predicted 3, gold 2 → F1 0.4
    on exact spans only: threshold 0 (T1' is a boundary error), dose 1 (D1)
Tuples (offsets ignored):
    threshold strict 1 of (2 predicted, 3 gold) → F1 0.4; partial credit T1 1 + T2 3/4 = 1.75
              → P 0.875, R 0.5833, F1 0.7; lenient (value+unit) 1 → F1 0.4
    dose      strict 1 of (3, 2) → F1 0.4; partial D1 1 + (S vs D2: amount_max, frequency, route agree) 3/5
              = 1.6 → P 0.5333, R 0.8, F1 0.64
Error causes: boundary T1, unit T2, label T3, missed D2, spurious S.
"""

from __future__ import annotations

import copy
import math

import pytest
from nervaluate import Evaluator

from extractor.evaluation import compare, evaluate, load_gold, read_predictions
from extractor.evaluation.model import Span
from extractor.evaluation.scoring import align
from extractor.evaluation.values import (
    lenient_match,
    same_quantity,
    tuple_credit,
    values_equal,
)


@pytest.fixture(scope="module")
def toy(corpora):
    gold = load_gold(corpora / "gold" / "toy" / "gold.jsonl")
    pred = read_predictions(corpora / "gold" / "toy" / "pred.jsonl", gold)
    return gold, pred


def _score(frame, scheme, label):
    row = frame[(frame["scheme"] == scheme) & (frame["label"] == label)].iloc[0]
    return row


@pytest.mark.parametrize(("scheme", "counts", "f1"), [
    ("strict", (2, 2, 0, 1, 1), 0.4),
    ("exact", (3, 1, 0, 1, 1), 0.6),
    ("partial", (3, 0, 1, 1, 1), 0.7),
    ("ent_type", (3, 1, 0, 1, 1), 0.6),
])
def test_semeval_scores_equal_the_hand_count(toy, scheme, counts, f1):
    row = _score(evaluate(*toy, bootstrap=0).scores(), scheme, "micro")
    assert (row.correct, row.incorrect, row.partial, row.missed, row.spurious) == counts
    assert row.precision == pytest.approx(f1) and row.recall == pytest.approx(f1) and row.f1 == pytest.approx(f1)


def test_per_label_macro_and_attribute_strict_scores_equal_the_hand_count(toy):
    scores = evaluate(*toy, bootstrap=0).scores()
    dose, threshold = _score(scores, "strict", "dose"), _score(scores, "strict", "threshold")
    assert (dose.precision, dose.recall, dose.f1) == pytest.approx((1 / 3, 1 / 2, 0.4))
    assert (threshold.precision, threshold.recall, threshold.f1) == pytest.approx((1 / 2, 1 / 3, 0.4))
    assert (dose.support, dose.predicted, threshold.support, threshold.predicted) == (2, 3, 3, 2)
    assert _score(scores, "strict", "macro").f1 == pytest.approx(0.4)
    assert _score(scores, "strict_attributes", "micro").f1 == pytest.approx(0.2)
    assert _score(scores, "strict_attributes", "threshold").f1 == 0.0


def test_attribute_scores_equal_the_hand_count(toy):
    attributes = evaluate(*toy, bootstrap=0).attributes().set_index(["label", "attribute"])
    unit = attributes.loc[("threshold", "unit")]
    assert (unit.correct, unit.predicted, unit.support) == (1, 2, 3)
    assert unit.f1 == pytest.approx(0.4)
    # the one right threshold unit is on T1', whose span is not exact
    assert unit.correct_exact_span == 0 and unit.f1_exact_span == 0.0
    assert attributes.loc[("dose", "unit")].correct_exact_span == 1
    dose_unit = attributes.loc[("dose", "unit")]
    assert (dose_unit.correct, dose_unit.predicted, dose_unit.support) == (1, 3, 2)
    # never filled in gold nor predictions: undefined, not zero
    assert math.isnan(attributes.loc[("dose", "amount_max")].f1)


def test_tuple_scores_equal_the_hand_count(toy):
    tuples = evaluate(*toy, bootstrap=0).tuples().set_index(["label", "level"])
    assert tuples.loc[("threshold", "strict")].f1 == pytest.approx(0.4)
    assert tuples.loc[("threshold", "partial")].credit == pytest.approx(1.75)
    assert tuples.loc[("threshold", "partial")].f1 == pytest.approx(0.7)
    assert tuples.loc[("threshold", "lenient")].f1 == pytest.approx(0.4)
    assert tuples.loc[("dose", "partial")].credit == pytest.approx(1.6)
    assert tuples.loc[("dose", "partial")].f1 == pytest.approx(0.64)


def test_errors_list_every_false_positive_and_negative_by_cause(toy):
    errors = evaluate(*toy, bootstrap=0).errors()
    causes = dict(zip(errors["cause"], zip(errors["doc"], errors["gold_text"].fillna(""),
                                           errors["pred_text"].fillna(""))))
    assert causes == {"boundary": ("toy-1", "serum IgG < 4 g/L", "IgG < 4 g/L"),
                      "unit": ("toy-2", "Platelets below 50 x 10^9/L", "Platelets below 50 x 10^9/L"),
                      "label": ("toy-3", "IgG is below 5 g/L", "IgG is below 5 g/L"),
                      "missed": ("toy-2", "2 g/kg", ""),
                      "spurious": ("toy-2", "", "5 days")}
    unit = errors[errors["cause"] == "unit"].iloc[0]
    assert "unit: '10^9/L' → 'g/L'" in unit.differences
    assert "[[5 days]]" in errors[errors["cause"] == "spurious"].iloc[0].context


def test_regression_lists_items_that_got_better_and_worse(toy, corpora):
    gold, pred = toy
    baseline = read_predictions(corpora / "gold" / "toy" / "baseline.jsonl", gold)
    comparison = compare(evaluate(gold, pred, bootstrap=0), evaluate(gold, baseline, bootstrap=0))
    items = comparison.items()
    text = lambda value: value if isinstance(value, str) else ""
    changes = {(row.doc, row.start, text(row.baseline), text(row.current)): row.change for row in items.itertuples()}
    assert changes == {("toy-1", 36, "missed", "boundary"): "better",
                       ("toy-2", 0, "correct", "unit"): "worse",
                       ("toy-2", 34, "correct", "missed"): "worse",
                       ("toy-2", 46, "", "spurious"): "worse",
                       ("toy-3", 9, "correct", "label"): "worse"}
    scores = comparison.scores()
    strict = scores[(scores.table == "spans") & (scores.group == "strict") & (scores.key == "micro")
                    & (scores.metric == "f1")].iloc[0]
    # baseline: 4 of 4 predicted correct, 4 of 5 gold → F1 8/9
    assert strict.baseline == pytest.approx(8 / 9) and strict.current == pytest.approx(0.4)
    assert strict.change == "worse"


def _shifted(gold):
    """Predictions that differ from gold in every way the schemes tell apart."""
    pred = copy.deepcopy(gold)
    for n, document in enumerate(pred):
        kept = []
        for m, span in enumerate(document.spans):
            case = (n + m) % 6
            if case == 1:
                span.end = max(span.start + 1, span.end - 2)          # boundary
            elif case == 2:
                span.label = "dose" if span.label == "threshold" else "threshold"  # label
            elif case == 3:
                continue                                              # missed
            elif case == 4:
                span.start = min(span.end - 1, span.start + 3)        # boundary, other side
            kept.append(span)
        if n % 4 == 0 and document.text and len(document.text) > 4:
            kept.append(Span(0, 3, "dose"))                           # spurious (or overlapping)
        document.spans = sorted(kept, key=lambda s: (s.start, s.end))
    return pred


def test_span_scores_equal_nervaluate_on_the_dev_gold(corpora):
    gold = load_gold(corpora / "gold" / "dev.jsonl")
    pred = _shifted(gold)
    ours = evaluate(gold, pred, bootstrap=0).scores()
    labels = ["dose", "threshold"]
    as_dicts = lambda docs: [[{"label": s.label, "start": s.start, "end": s.end - 1}
                              for s in sorted(d.spans, key=lambda s: (s.start, s.end))] for d in docs]
    theirs = Evaluator(as_dicts(gold), as_dicts(pred), tags=labels, loader="dict").evaluate()
    compared = 0
    for scheme in ("strict", "exact", "partial", "ent_type"):
        for label, result in [("micro", theirs["overall"][scheme])] + [
                (tag, theirs["entities"][tag][scheme]) for tag in labels]:
            row = _score(ours, scheme, label)
            assert (row.correct, row.incorrect, row.partial, row.missed, row.spurious) == (
                result.correct, result.incorrect, result.partial, result.missed, result.spurious), (scheme, label)
            assert (row.precision, row.recall, row.f1) == pytest.approx((result.precision, result.recall, result.f1))
            compared += 1
    assert compared == 12
    assert _score(ours, "strict", "micro").f1 < 1.0  # the perturbation really changed something


def test_bootstrap_intervals_are_seeded_and_bracket_the_score(corpora):
    gold = load_gold(corpora / "gold" / "dev.jsonl")
    pred = _shifted(gold)
    first = evaluate(gold, pred, bootstrap=300, seed=7).scores()
    again = evaluate(gold, pred, bootstrap=300, seed=7).scores()
    other = evaluate(gold, pred, bootstrap=300, seed=8).scores()
    assert first[["f1_low", "f1_high"]].equals(again[["f1_low", "f1_high"]])
    assert not first[["f1_low", "f1_high"]].equals(other[["f1_low", "f1_high"]])
    for row in first.itertuples():
        assert row.f1_low <= row.f1 + 1e-9 and row.f1 <= row.f1_high + 1e-9, row
        assert row.f1_low < row.f1_high or row.f1 in (0.0, 1.0)


def test_documents_without_predictions_count_as_missed(toy):
    gold, pred = toy
    extra = copy.deepcopy(pred[0])
    extra.id = "not-in-gold"
    evaluation = evaluate(gold, [d for d in pred if d.id != "toy-3"] + [extra], bootstrap=0)
    assert evaluation.missing == ["toy-3"] and evaluation.unmatched == ["not-in-gold"]
    assert _score(evaluation.scores(), "strict", "threshold").missed == 1


def test_alignment_prefers_same_label_then_exact_span():
    g = [Span(0, 10, "threshold")]
    p = [Span(0, 8, "threshold"), Span(0, 10, "dose"), Span(2, 10, "threshold")]
    pairs = align(g, p)
    assert (pairs[0][0], pairs[0][1]) == (g[0], p[0])
    assert sum(1 for a, b in pairs if a is None) == 2


def test_values_compare_after_normalisation():
    assert values_equal("unit", "g/l", "g/L") and values_equal("ucum", "[iU]/mL", "IU/ml")
    assert not values_equal("unit", "g/L", "mg/L")
    assert values_equal("value", 4, 4.0000001) and not values_equal("value", 4, 4.1)
    assert values_equal("timing", {"min": None, "max": 72, "unit": "h", "text": "within 72 hours"},
                        {"min": None, "max": 72, "unit": "h", "text": "in 72 h"})
    assert not values_equal("frequency", {"every": [3, 4], "unit": "wk"}, {"every": [3, 3], "unit": "wk"})
    assert same_quantity(400, "mg/dL", 4, "g/L") and not same_quantity(50, "g/L", 50, "10*9/L")
    assert lenient_match("threshold", {"value": 400, "unit": "mg/dL"}, {"value": 4, "unit": "g/l"})
    assert tuple_credit("dose", {"amount": 1, "unit": "g/kg"}, {"amount": 1, "unit": "mg/kg"}) == pytest.approx(4 / 5)


def test_labels_compare_case_insensitively(toy):
    gold, pred = toy
    shouted = copy.deepcopy(gold)
    for document in shouted:
        for span in document.spans:
            span.label = span.label.title()
    row = _score(evaluate(shouted, pred, bootstrap=0).scores(), "strict", "micro")
    assert row.f1 == pytest.approx(0.4)
