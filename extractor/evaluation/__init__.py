"""Evaluation against annotated gold: span, attribute and tuple scores, error analysis, regressions.

>>> from extractor.evaluation import load_gold, predict, evaluate
>>> gold = load_gold("corpora/gold/dev.jsonl")  # doctest: +SKIP
>>> result = evaluate(gold, predict(gold))  # doctest: +SKIP
>>> result.scores()   # pandas DataFrame: scheme × label → precision, recall, f1, interval  # doctest: +SKIP
>>> result.errors()   # every false positive/negative with cause and context  # doctest: +SKIP

Gold formats: project JSONL, spaCy DocBin and spaCy-style JSONL, brat standoff, Label Studio JSON,
doccano JSONL (:mod:`extractor.evaluation.formats`). QA findings: :mod:`extractor.evaluation.qa`.
"""

from __future__ import annotations

from extractor.evaluation.formats import FORMATS, detect_format, read_annotations
from extractor.evaluation.model import AnnotatedDocument, Span
from extractor.evaluation.predict import predict, read_predictions
from extractor.evaluation.qa import (
           QAEvaluation,
           evaluate_qa,
           read_qa_gold,
           read_qa_predictions,
)
from extractor.evaluation.regression import Comparison, compare
from extractor.evaluation.scoring import Evaluation, evaluate

#: Read gold documents (alias of :func:`read_annotations`).
load_gold = read_annotations

__all__ = [
           "FORMATS",
           "AnnotatedDocument",
           "Comparison",
           "Evaluation",
           "QAEvaluation",
           "Span",
           "compare",
           "detect_format",
           "evaluate",
           "evaluate_qa",
           "load_gold",
           "predict",
           "read_annotations",
           "read_predictions",
           "read_qa_gold",
           "read_qa_predictions",
]
