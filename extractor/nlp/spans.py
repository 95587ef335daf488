"""Shared plumbing of the rule components: results as spans with attribute dicts, data on disk."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, Span, SpanGroup
from spacy.util import ensure_path

for _name in ("threshold", "dose"):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)


def doc_text(doc: Doc) -> str:
    """``doc.text``, computed once per doc (spaCy rebuilds it from the tokens on every access)."""
    text = doc.user_data.get("extractor.text")
    if text is None:
        text = doc.text
        doc.user_data["extractor.text"] = text
    return text


def set_spans(doc: Doc, key: str, attribute: str, items: list[dict[str, Any]]) -> None:
    """Put ``items`` on ``doc.spans[key]``, each span's ``span._.<attribute>`` holding its dict.

    The span covers the tokens that overlap the item's characters; the dict keeps the exact
    character offsets and text.
    """
    spans = []
    for item in items:
        span = doc.char_span(item["start"], item["end"], alignment_mode="expand")
        if span is None or not len(span):
            continue
        setattr(span._, attribute, item)
        spans.append(span)
    doc.spans[key] = SpanGroup(doc, name=key, spans=spans)


def span_items(doc: Doc, key: str, attribute: str) -> list[dict[str, Any]]:
    """The attribute dicts of ``doc.spans[key]`` in text order (empty when the key is absent)."""
    if key not in doc.spans:
        return []
    items = [getattr(span._, attribute) for span in doc.spans[key]]
    return sorted((dict(i) for i in items if i), key=lambda i: (i["start"], i["end"]))


def write_json(path: str | Path, name: str, data: dict[str, Any]) -> None:
    """Write ``data`` as ``<path>/<name>`` (creating the folder)."""
    folder = ensure_path(path)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def read_json(path: str | Path, name: str) -> dict[str, Any] | None:
    """Read ``<path>/<name>``, or None when it does not exist."""
    file = ensure_path(path) / name
    if not file.exists():
        return None
    return json.loads(file.read_text(encoding="utf-8"))
