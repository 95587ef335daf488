"""Shared plumbing of the rule components: results as spans with attribute dicts, data on disk."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, Span, SpanGroup
from spacy.util import ensure_path

def _key(name: str, span: Span) -> tuple[str, int, int, int]:
    return (f"extractor.{name}", span.start_char, span.end_char, span.id)


def _getter(name: str) -> Any:
    def get(span: Span) -> Any:
        return span.doc.user_data.get(_key(name, span))
    return get


def _setter(name: str) -> Any:
    def set_(span: Span, value: Any) -> None:
        span.doc.user_data[_key(name, span)] = value
    return set_


# Values are kept per span *and* span id (spaCy's own extension storage keys spans by their
# characters only), so two results over the same words each keep their own dict.
for _name in ("threshold", "dose"):
    if not Span.has_extension(_name):
        Span.set_extension(_name, getter=_getter(_name), setter=_setter(_name))


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
    character offsets and text. Items over the same characters get spans of their own.
    """
    spans = []
    for number, item in enumerate(items, start=1):
        covering = doc.char_span(item["start"], item["end"], alignment_mode="expand")
        if covering is None or not len(covering):
            continue
        # spaCy keys a span's extension values by its tokens, label and id: a distinct id per item keeps
        # two items over the same words apart ("BP > 160/100 mmHg" is a systolic and a diastolic threshold)
        span = Span(doc, covering.start, covering.end, label=attribute, span_id=number)
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
