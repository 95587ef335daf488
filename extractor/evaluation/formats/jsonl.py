"""JSONL gold and prediction files.

One document per line, in any of these shapes (detected per line):

- project gold: ``{"id", "text", "source", "spans": [{"start", "end", "label", "attributes"}]}``;
  spaCy-style JSONL is the same without ``id``/``attributes`` (an optional span ``text`` is checked);
- doccano: ``{"text", "label": [[start, end, label], ...]}`` or ``{"text", "entities": [...]}``
  with ``[start, end, label]`` lists or ``{"start_offset", "end_offset", "label"}`` objects;
- extraction output (``extractor extract --format jsonl``): ``{"id", "thresholds", "doses"}``,
  items carrying ``text``/``start``/``end`` and their attributes (predictions only; no text needed).
"""

from __future__ import annotations

import json
import os
from typing import Any

from extractor.errors import InputError
from extractor.evaluation.formats._common import as_offset, default_id, json_lines
from extractor.evaluation.model import AnnotatedDocument, Span, check_spans

#: Extraction-output keys and the label their items get.
EXTRACTION_KEYS = {"thresholds": "threshold", "doses": "dose"}
_SPAN_KEYS = {"start", "end", "label", "attributes", "text"}


def _project_spans(item: dict[str, Any], path: str | os.PathLike[str], where: str) -> list[Span]:
    spans = item.get("spans")
    if isinstance(spans, dict):  # spaCy's doc.spans-like {"sc": [...]} grouping
        spans = [span for group in spans.values() for span in group]
    if not isinstance(spans, list):
        raise InputError(path, f"{where}: \"spans\" must be a list of {{start, end, label}} objects")
    result = []
    for number, span in enumerate(spans):
        if not isinstance(span, dict) or not {"start", "end", "label"} <= span.keys():
            raise InputError(path, f"{where}: span {number} must be an object with start, end and label")
        attributes = span.get("attributes") or {}
        if not isinstance(attributes, dict):
            raise InputError(path, f"{where}: span {number} attributes must be an object")
        extra = {k: v for k, v in span.items() if k not in _SPAN_KEYS and k not in ("token_start", "token_end", "id")}
        result.append(Span(as_offset(span["start"], path, where), as_offset(span["end"], path, where),
                           str(span["label"]), {**extra, **attributes}, span.get("text")))
    return result


def _doccano_spans(item: dict[str, Any], path: str | os.PathLike[str], where: str) -> list[Span]:
    raw = item.get("label") if "label" in item else item.get("entities")
    if not isinstance(raw, list):
        raise InputError(path, f"{where}: doccano \"label\"/\"entities\" must be a list")
    result = []
    for number, entry in enumerate(raw):
        if isinstance(entry, (list, tuple)) and len(entry) == 3:
            start, end, label = entry
        elif isinstance(entry, dict) and {"start_offset", "end_offset", "label"} <= entry.keys():
            start, end, label = entry["start_offset"], entry["end_offset"], entry["label"]
        else:
            raise InputError(path, f"{where}: doccano label {number} is {entry!r}; expected [start, end, label] "
                                   "or {start_offset, end_offset, label} (document-level labels are not spans)")
        result.append(Span(as_offset(start, path, where), as_offset(end, path, where), str(label)))
    return result


def _extraction_spans(item: dict[str, Any], path: str | os.PathLike[str], where: str) -> list[Span]:
    result = []
    for key, label in EXTRACTION_KEYS.items():
        entries = item.get(key) or []
        if not isinstance(entries, list):
            raise InputError(path, f"{where}: \"{key}\" must be a list")
        for number, entry in enumerate(entries):
            if not isinstance(entry, dict) or not {"start", "end"} <= entry.keys():
                raise InputError(path, f"{where}: {key}[{number}] must be an object with start and end")
            attributes = {k: v for k, v in entry.items() if k not in ("text", "start", "end")}
            result.append(Span(as_offset(entry["start"], path, where), as_offset(entry["end"], path, where), label,
                               attributes, entry.get("text")))
    return result


def parse_line(item: dict[str, Any], path: str | os.PathLike[str], number: int, index: int) -> AnnotatedDocument:
    """Turn one JSONL object into a document (shape detected from its keys).

    Raises:
        InputError: The object has none of the known shapes or a bad span; names the line.
    """
    where = f"line {number}"
    text = item.get("text")
    if text is not None and not isinstance(text, str):
        raise InputError(path, f"{where}: \"text\" must be a string")
    if "error" in item and not any(k in item for k in ("spans", *EXTRACTION_KEYS)):
        raise InputError(path, f"{where}: the extraction failed for this document ({item['error']})")
    if "spans" in item:
        spans = _project_spans(item, path, where)
    elif "label" in item or "entities" in item:
        spans = _doccano_spans(item, path, where)
    elif any(key in item for key in EXTRACTION_KEYS):
        spans = _extraction_spans(item, path, where)
    else:
        raise InputError(path, f"{where}: expected \"spans\" (project/spaCy JSONL), \"label\"/\"entities\" "
                               "(doccano) or \"thresholds\"/\"doses\" (extract output)")
    if text is None and not any(key in item for key in EXTRACTION_KEYS):
        raise InputError(path, f"{where}: no \"text\"")
    doc_id = item.get("id")
    doc_id = str(doc_id) if doc_id is not None else default_id(path, index)
    return AnnotatedDocument(doc_id, text, check_spans(spans, text, path, where), item.get("source"),
                             f"{path}:{number}")


def read_jsonl(path: str | os.PathLike[str]) -> list[AnnotatedDocument]:
    """Read every line of a JSONL gold or prediction file.

    Raises:
        InputError: A bad line or span; a repeated id.
    """
    documents: list[AnnotatedDocument] = []
    seen: dict[str, int] = {}
    for index, (number, item) in enumerate(json_lines(path)):
        document = parse_line(item, path, number, index)
        if document.id in seen:
            raise InputError(path, f"line {number}: id {document.id!r} repeats line {seen[document.id]}")
        seen[document.id] = number
        documents.append(document)
    return documents


def dumps_project(documents: list[AnnotatedDocument]) -> str:
    """The project gold JSONL for ``documents``."""
    return "".join(json.dumps(d.to_dict(), ensure_ascii=False) + "\n" for d in documents)


def dumps_spacy_jsonl(documents: list[AnnotatedDocument]) -> str:
    """spaCy-style JSONL (``{"text", "spans": [{"start", "end", "label", "text"}]}``; no attributes)."""
    lines = []
    for document in documents:
        text = document.text or ""
        lines.append({"id": document.id, "text": text,
                      "spans": [{"start": s.start, "end": s.end, "label": s.label, "text": text[s.start:s.end]}
                                for s in document.spans]})
    return "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)


def dumps_doccano(documents: list[AnnotatedDocument], *, variant: str = "label") -> str:
    """doccano JSONL: ``variant="label"`` (``[[s, e, l]]``) or ``"entities"`` (offset objects)."""
    lines = []
    for document in documents:
        if variant == "label":
            spans: Any = [[s.start, s.end, s.label] for s in document.spans]
        else:
            spans = [{"id": n, "start_offset": s.start, "end_offset": s.end, "label": s.label}
                     for n, s in enumerate(document.spans)]
        lines.append({"id": document.id, "text": document.text, variant: spans})
    return "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)


__all__ = ["EXTRACTION_KEYS", "dumps_doccano", "dumps_project", "dumps_spacy_jsonl", "parse_line", "read_jsonl"]
