"""Predictions to score: from the current pipeline or from files.

:func:`predict` runs :func:`extractor.nlp.extract` on each gold document's text; :func:`read_predictions`
reads a JSONL of ``extractor extract --format jsonl`` output or of the project gold format (any
format :func:`extractor.evaluation.formats.read_annotations` reads) and checks each predicted span
against the gold text of the document with the same id.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from extractor.errors import InputError
from extractor.evaluation.formats import read_annotations
from extractor.evaluation.formats.jsonl import EXTRACTION_KEYS
from extractor.evaluation.model import AnnotatedDocument, Span, check_spans


def spans_from_extraction(result: dict[str, Any]) -> list[Span]:
    """Spans of an extraction result (``thresholds`` → ``threshold``, ``doses`` → ``dose``)."""
    spans = []
    for key, label in EXTRACTION_KEYS.items():
        for item in result.get(key) or []:
            attributes = {k: v for k, v in item.items() if k not in ("text", "start", "end")}
            spans.append(Span(int(item["start"]), int(item["end"]), label, attributes, item.get("text")))
    return spans


def predict(gold: Sequence[AnnotatedDocument], *, model: str | None = None) -> list[AnnotatedDocument]:
    """Run the current extraction pipeline on each gold document's text.

    Args:
        gold: The documents (their spans are not looked at).
        model: Pipeline name or path for :func:`extractor.nlp.load` (default: the packaged one).
    """
    from extractor.nlp import extract, load

    nlp = load(model)
    documents = []
    for document in gold:
        text = document.text or ""
        spans = spans_from_extraction(extract(text, nlp=nlp))
        documents.append(AnnotatedDocument(document.id, text, check_spans(spans, text, "pipeline", document.id),
                                           document.source, "pipeline"))
    return documents


def read_predictions(path: str | os.PathLike[str], gold: Sequence[AnnotatedDocument], fmt: str = "auto"
                     ) -> list[AnnotatedDocument]:
    """Read predictions and check their spans against the gold texts.

    Raises:
        InputError: Unreadable file, a span outside or disagreeing with the gold text, a prediction
            whose text differs from the gold's, or no document id in common with the gold.
    """
    predictions = read_annotations(path, fmt)
    texts = {d.id: d.text for d in gold}
    common = [d for d in predictions if d.id in texts]
    if predictions and not common:
        raise InputError(path, f"no document id in common with the gold (e.g. {predictions[0].id!r}; "
                               f"gold has {next(iter(texts), None)!r})")
    for document in common:
        gold_text = texts[document.id]
        number = document.origin.rsplit(":", 1)[-1] if document.origin.startswith(f"{path}:") else ""
        where = f"line {number}" if number.isdigit() else f"document {document.id!r}"
        if document.text is not None and gold_text is not None and document.text != gold_text:
            raise InputError(path, f"{where}: document {document.id!r} has a different text from the gold's")
        check_spans(document.spans, gold_text, path, where)
    return predictions


__all__ = ["predict", "read_predictions", "spans_from_extraction"]
