"""Label Studio JSON export (a list of tasks).

Each task: ``{"id", "data": {"text": ...}, "annotations": [{"result": [...]}]}``. A ``labels``
result (``value: {start, end, text, labels}``) is a span per label; ``choices`` and ``textarea``
results that share its region ``id`` (per-region controls) become attributes named by their
``from_name`` (a textarea holding JSON is parsed: ``"4"`` → 4, ``"null"`` → null). The first
annotation that was not cancelled is read; ``predictions`` are ignored.
"""

from __future__ import annotations

import json
import os
from typing import Any

from extractor.errors import InputError
from extractor.evaluation.formats._common import as_offset, read_json
from extractor.evaluation.model import AnnotatedDocument, Span, check_spans


def _task_text(task: dict[str, Any], path: str | os.PathLike[str], where: str) -> str:
    data = task.get("data")
    if not isinstance(data, dict):
        raise InputError(path, f"{where}: no \"data\" object")
    if isinstance(data.get("text"), str):
        return data["text"]
    strings = [v for v in data.values() if isinstance(v, str)]
    if len(strings) == 1:
        return strings[0]
    raise InputError(path, f"{where}: cannot tell which \"data\" field is the text (expected \"text\")")


def _attribute_value(result: dict[str, Any]) -> Any:
    value = result.get("value") or {}
    if "choices" in value:
        choices = value["choices"]
        return choices[0] if isinstance(choices, list) and len(choices) == 1 else choices
    if "text" in value:
        texts = value["text"]
        raw = texts[0] if isinstance(texts, list) and len(texts) == 1 else texts
        if isinstance(raw, str):
            try:
                return json.loads(raw)
            except json.JSONDecodeError:
                return raw
        return raw
    if "number" in value:
        return value["number"]
    if "rating" in value:
        return value["rating"]
    return value


def read_labelstudio(path: str | os.PathLike[str]) -> list[AnnotatedDocument]:
    """Read a Label Studio JSON export.

    Raises:
        InputError: Not a list of tasks, a task without text, or a bad span; names the task.
    """
    tasks = read_json(path)
    if isinstance(tasks, dict):
        tasks = [tasks]
    if not isinstance(tasks, list) or not tasks or not all(isinstance(t, dict) for t in tasks):
        raise InputError(path, "expected a Label Studio export: a list of task objects")
    documents = []
    for index, task in enumerate(tasks):
        where = f"task {task.get('id', index)}"
        text = _task_text(task, path, where)
        annotations = [a for a in task.get("annotations") or task.get("completions") or []
                       if isinstance(a, dict) and not a.get("was_cancelled")]
        results = annotations[0].get("result", []) if annotations else []
        spans: dict[str, list[Span]] = {}
        extras: list[dict[str, Any]] = []
        order: list[Span] = []
        for number, result in enumerate(results):
            if not isinstance(result, dict):
                raise InputError(path, f"{where}: result {number} is not an object")
            value = result.get("value") or {}
            kind = result.get("type")
            if kind in ("labels", "hypertextlabels") or (kind is None and "labels" in value):
                if "start" not in value or "end" not in value:
                    raise InputError(path, f"{where}: result {number} has labels but no start/end")
                region = str(result.get("id", f"#{number}"))
                for label in value.get("labels") or []:
                    span = Span(as_offset(value["start"], path, where), as_offset(value["end"], path, where),
                                str(label), {}, value.get("text"))
                    spans.setdefault(region, []).append(span)
                    order.append(span)
            elif kind in ("choices", "textarea", "number", "rating", "taxonomy"):
                extras.append(result)
        for result in extras:
            region = str(result.get("id")) if result.get("id") is not None else None
            if region in spans:
                for span in spans[region]:
                    span.attributes[str(result.get("from_name", "attribute"))] = _attribute_value(result)
        doc_id = task.get("data", {}).get("id", task.get("id", index))
        documents.append(AnnotatedDocument(str(doc_id), text, check_spans(order, text, path, where),
                                           source=task.get("data", {}).get("source"), origin=f"{path} ({where})"))
    return documents


def dumps_labelstudio(documents: list[AnnotatedDocument]) -> str:
    """A Label Studio export of ``documents`` (strings as choices, other values as JSON textareas)."""
    tasks = []
    for index, document in enumerate(documents, start=1):
        text = document.text or ""
        results: list[dict[str, Any]] = []
        for number, span in enumerate(document.spans):
            region = f"r{number}"
            results.append({"id": region, "from_name": "label", "to_name": "text", "type": "labels",
                            "value": {"start": span.start, "end": span.end, "text": text[span.start:span.end],
                                      "labels": [span.label]}})
            for name, value in span.attributes.items():
                if isinstance(value, str):
                    results.append({"id": region, "from_name": name, "to_name": "text", "type": "choices",
                                    "value": {"start": span.start, "end": span.end, "choices": [value]}})
                else:
                    results.append({"id": region, "from_name": name, "to_name": "text", "type": "textarea",
                                    "value": {"start": span.start, "end": span.end,
                                              "text": [json.dumps(value, ensure_ascii=False)]}})
        tasks.append({"id": index, "data": {"id": document.id, "text": text, "source": document.source},
                      "annotations": [{"id": index, "was_cancelled": False, "result": results}]})
    return json.dumps(tasks, ensure_ascii=False, indent=2) + "\n"


__all__ = ["dumps_labelstudio", "read_labelstudio"]
