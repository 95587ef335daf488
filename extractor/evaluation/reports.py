"""Assembling :class:`~extractor.evaluation.render.Report` objects from evaluations."""

from __future__ import annotations

from typing import Any

from extractor.evaluation.qa import QAEvaluation
from extractor.evaluation.regression import Comparison
from extractor.evaluation.render import Report, Section, records
from extractor.evaluation.scoring import Evaluation
from extractor.evaluation.tuples import TupleEvaluation


def extraction_report(evaluation: Evaluation, *, gold: str, predictions: str,
                      comparison: Comparison | None = None) -> Report:
    """The report of one extraction evaluation (with a regression section when ``comparison`` is given)."""
    summary = evaluation.summary()
    interval = (f"{evaluation.confidence:.0%} percentile bootstrap over {evaluation.bootstrap} document resamples "
                f"(seed {evaluation.seed})" if evaluation.bootstrap else "no intervals (--bootstrap 0)")
    meta: dict[str, Any] = {"gold": f"{gold} ({summary['documents']} documents, {summary['gold_spans']} spans)",
                            "predictions": f"{predictions} ({summary['predicted_spans']} spans)",
                            "intervals": interval}
    if evaluation.missing:
        meta["documents without predictions"] = f"{len(evaluation.missing)} (scored as predicting nothing)"
    if evaluation.unmatched:
        meta["predicted documents not in the gold"] = f"{len(evaluation.unmatched)} (not scored)"
    scores, attributes, tuples = evaluation.scores(), evaluation.attributes(), evaluation.tuples()
    sections = [
        Section("Span scores per label (SemEval-2013 via nervaluate)", scores, "strict: exact span and label; "
                "exact: exact span; partial: overlap, half credit; ent_type: overlap and label; strict_attributes: "
                "exact span, label and every gold attribute", ["scheme", "label"]),
        Section("Attribute scores", attributes, "slot filling over aligned spans (overlapping, same label; "
                "f1_exact_span: exact span too); units compared after normalisation", ["label", "attribute"]),
        Section("Tuple scores", tuples, "threshold (comparator, value, value_max, unit), dose (amount, "
                "amount_max, unit, frequency, route); partial: share of fields; lenient: value and unit",
                ["label", "level"]),
    ]
    data: dict[str, Any] = {"gold": gold, "predictions": predictions, "summary": summary,
                            "scores": records(scores), "attributes": records(attributes), "tuples": records(tuples),
                            "errors": records(evaluation.errors())}
    regression = None
    if comparison is not None:
        changes = comparison.scores()
        moved = changes[changes["change"].isin(["better", "worse"]) & (changes["metric"] == "f1")]
        sections.append(Section("F1 changes against the baseline", moved.drop(columns=["metric"]),
                                "current minus baseline; precision and recall changes are in --format json",
                                ["table", "group", "key"]))
        regression = comparison.items()
        meta["baseline"] = f"{comparison.baseline_name} — {comparison.summary()['better']} items better, " \
                           f"{comparison.summary()['worse']} worse"
        data["regression"] = {"baseline": comparison.baseline_name, **comparison.summary(),
                              "scores": records(changes), "items": records(regression)}
    return Report("Extraction evaluation", meta, sections, evaluation.errors(), regression, data)


def qa_report(evaluation: QAEvaluation, *, gold: str, predictions: str) -> Report:
    """The report of a QA findings evaluation."""
    scores = evaluation.scores()
    matches = evaluation.matches
    meta = {"gold": f"{gold} ({matches['file'].nunique() if not matches.empty else 0} files, "
                    f"{int((matches['outcome'] != 'spurious').sum())} findings)",
            "predictions": predictions}
    errors = evaluation.errors().rename(columns={"outcome": "cause"})
    data = {"gold": gold, "predictions": predictions, "scores": records(scores), "errors": records(errors)}
    return Report("QA findings evaluation", meta,
                  [Section("Scores per rule", scores, "a finding matches by rule + row + field (change forms) or "
                           "rule + overlapping offsets (text)", ["rule"])], errors, None, data)


def tuples_report(evaluation: TupleEvaluation, *, gold: str, predictions: str, label_map: dict[str, str]) -> Report:
    """The report of a thresholds tuple evaluation (relations in the gold)."""
    import pandas as pd

    scores = evaluation.scores()
    agreement = evaluation.field_agreement()
    reading = pd.DataFrame([{"what": key, "count": count} for key, count in sorted(evaluation.reading.items())])
    errors = pd.DataFrame(evaluation.errors)
    meta = {"gold": f"{gold} ({evaluation.documents} documents)", "predictions": predictions,
            "label map": ", ".join(f"{k}={v}" for k, v in label_map.items()) or "(none)"}
    data = {"gold": gold, "predictions": predictions, "scores": records(scores),
            "fields": records(agreement), "reading": dict(evaluation.reading), "errors": records(errors)}
    sections = [
        Section("Threshold tuples", scores, "tuple: analyte, comparator, value, value_max and unit; value: the same "
                "without the analyte. Gold tuples come from Has_value relations whose first argument maps to "
                "'threshold'", ["level"]),
        Section("Field agreement over paired tuples", agreement, "a prediction is paired with the gold tuple whose "
                "value span it overlaps", ["field"]),
        Section("What the reader repaired or left unscored", reading, "discontinuous spans, misaligned spans, "
                "values without a number, relations from unmapped labels, predictions over unscored values",
                ["what"]),
    ]
    return Report("Threshold tuple evaluation", meta, sections, errors, None, data)


__all__ = ["extraction_report", "qa_report", "tuples_report"]
