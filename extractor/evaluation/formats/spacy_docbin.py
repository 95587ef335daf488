"""spaCy ``DocBin`` files (``.spacy``).

Spans come from every ``doc.spans`` group, or from ``doc.ents`` when there are no span groups.
Attributes come from the span extension ``gold_attributes`` (stored in ``doc.user_data`` when the
DocBin keeps user data); without it spans have no attributes. The document id is
``doc.user_data["id"]`` when set, else ``<file stem>:<index>``.
"""

from __future__ import annotations

import os
import zlib
from itertools import pairwise
from pathlib import Path
from typing import Any

from extractor.errors import InputError
from extractor.evaluation.formats._common import default_id
from extractor.evaluation.model import AnnotatedDocument, Span, check_spans

#: The span extension holding a span's attributes.
EXTENSION = "gold_attributes"


def _register() -> None:
    from spacy.tokens import Span as SpacySpan

    if not SpacySpan.has_extension(EXTENSION):
        SpacySpan.set_extension(EXTENSION, default=None)


def _plain(value: Any) -> Any:
    """msgpack gives tuples for JSON lists; turn them back."""
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def read_docbin(path: str | os.PathLike[str]) -> list[AnnotatedDocument]:
    """Read a ``.spacy`` file.

    Raises:
        InputError: Not a DocBin.
    """
    import spacy
    from spacy.tokens import DocBin

    _register()
    try:
        docbin = DocBin(store_user_data=True).from_disk(path)
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except (ValueError, KeyError, TypeError, zlib.error) as exc:  # corrupt msgpack/zlib payloads
        raise InputError(path, f"not a spaCy DocBin ({type(exc).__name__})") from None
    vocab = spacy.blank("en").vocab
    documents = []
    for index, doc in enumerate(docbin.get_docs(vocab)):
        groups = [span for key in doc.spans for span in doc.spans[key]]
        source = groups if groups else list(doc.ents)
        spans = [Span(s.start_char, s.end_char, s.label_, _plain(dict(getattr(s._, EXTENSION) or {})), s.text)
                 for s in source]
        doc_id = doc.user_data.get("id") if isinstance(doc.user_data, dict) else None
        doc_id = str(doc_id) if doc_id is not None else default_id(path, index)
        documents.append(AnnotatedDocument(doc_id, doc.text, check_spans(spans, doc.text, path, f"doc {index}"),
                                           source=doc.user_data.get("source"), origin=f"{path} (doc {index})"))
    if not documents:
        raise InputError(path, "the DocBin holds no documents")
    return documents


def _make_doc(nlp: Any, text: str, spans: list[Span]) -> Any:
    """Tokenize ``text`` so that every span boundary is a token boundary (pieces between boundaries
    are tokenized by ``nlp``), keeping the text exactly."""
    from spacy.tokens import Doc

    cuts = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    words: list[str] = []
    spaces: list[bool] = []
    for begin, end in pairwise(cuts):
        piece = nlp.make_doc(text[begin:end])
        for token in piece:
            words.append(token.text)
            spaces.append(bool(token.whitespace_))
    doc = Doc(nlp.vocab, words=words, spaces=spaces)
    return doc


def write_docbin(documents: list[AnnotatedDocument], path: str | os.PathLike[str], *, key: str = "sc") -> Path:
    """Write ``documents`` as a DocBin with spans in ``doc.spans[key]`` and their attributes.

    Raises:
        InputError: A span does not fall on token boundaries of spaCy's English tokenizer.
    """
    import spacy
    from spacy.tokens import DocBin

    from extractor.io import write_bytes

    _register()
    nlp = spacy.blank("en")
    docbin = DocBin(store_user_data=True)
    for document in documents:
        doc = _make_doc(nlp, document.text or "", document.spans)
        group = []
        for span in document.spans:
            made = doc.char_span(span.start, span.end, label=span.label, alignment_mode="strict")
            if made is None:
                raise InputError(path, f"document {document.id}: span {span.start}-{span.end} does not fall on "
                                       "token boundaries")
            setattr(made._, EXTENSION, dict(span.attributes))
            group.append(made)
        doc.spans[key] = group
        doc.user_data["id"] = document.id
        doc.user_data["source"] = document.source
        docbin.add(doc)
    write_bytes(path, docbin.to_bytes())
    return Path(path)


__all__ = ["EXTENSION", "read_docbin", "write_docbin"]
