"""Policy documents: numbered sections, indication entries and their fields; reconciling a change form.

>>> policy = read_policy("corpora/policies/ig_policy_v1.pdf")  # doctest: +SKIP
>>> [i.name for i in policy.indications][:2]  # doctest: +SKIP
>>> policy.to_dict()["indications"][0]["fields"]["selection_criteria"]["criteria"]  # doctest: +SKIP
"""

from __future__ import annotations

import os
import re
from typing import Any

from extractor.document import Document
from extractor.errors import InputError
from extractor.policy.model import FieldValue, Indication, Policy, Section
from extractor.policy.parser import PolicyParser
from extractor.readers import read_document
from extractor.readers.sniff import DEFAULT_MAX_BYTES


def _shift(value: Any, by: int) -> Any:
    """Shift every ``start``/``end`` in nested dicts and lists by ``by``."""
    if isinstance(value, list):
        return [_shift(item, by) for item in value]
    if isinstance(value, dict):
        return {key: (item + by if key in ("start", "end") and isinstance(item, int) else _shift(item, by))
                for key, item in value.items()}
    return value


#: Wording of a rule for stopping: any one of its conditions is enough.
_STOPPING = re.compile(r"\b(?:stop(?:s|ped|ping)?|discontinu\w*|withdraw\w*|cease\w*|do\s+not\s+use|not\s+be\s+used|"
                       r"contraindicat\w*)\b", re.IGNORECASE)


def list_default(value: FieldValue) -> str:
    """How the items of a field's list combine when no stem or connective says: OR for exclusions and
    stopping rules (any one applies: "Do not use if", "Stop treatment if"), AND otherwise."""
    if value.role == "exclusion_criteria":
        return "OR"
    opening = (value.label or "") + " " + value.text[:120]
    return "OR" if value.role == "continuation_criteria" and _STOPPING.search(opening) else "AND"


def extract_fields(policy: Policy) -> None:
    """Fill each field's criteria tree, thresholds and doses with :mod:`extractor.nlp`.

    Offsets index the document text. Texts are run through the pipeline in one ``nlp.pipe``
    batch; criteria trees come from :func:`extractor.nlp.build_criteria`.
    """
    from extractor.nlp import build_criteria, load
    from extractor.nlp.criteria_tree import Unit, drop_restated_population
    from extractor.nlp.pipeline import doc_to_dict

    values: list[FieldValue] = [value for indication in policy.indications for value in indication.fields.values()]
    topics = [indication.name or "" for indication in policy.indications for _ in indication.fields.values()]
    if not values:
        return
    text = policy.document.text
    nlp = load()
    raws = [text[value.start:value.end] for value in values]
    docs = list(nlp.pipe(raws))
    for value, raw, doc, topic in zip(values, raws, docs, topics, strict=True):
        found = doc_to_dict(doc)
        value.thresholds = _shift(found.get("thresholds", []), value.start)
        value.doses = _shift(found.get("doses", []), value.start)
        units = [Unit(u.text, u.start - value.start, min(u.end, value.end) - value.start, u.marker, u.indent)
                 for u in value.units if value.start <= u.start < value.end]
        value.criteria = drop_restated_population(
            build_criteria(raw, offset=value.start, with_quantities=False, units=units or None,
                           default=list_default(value)), topic)


def parse_policy(document: Document, *, extract: bool = True) -> Policy:
    """Find the sections and indication entries of an already read document.

    Args:
        document: The document.
        extract: Also extract criteria, thresholds and doses for each field.

    Returns:
        The policy.
    """
    policy = PolicyParser(document).parse(document.source)
    if extract:
        extract_fields(policy)
    return policy


def read_policy(path: str | os.PathLike[str], *, password: str | None = None, extract: bool = True,
                max_bytes: int = DEFAULT_MAX_BYTES) -> Policy:
    """Read a policy (PDF, DOCX or text) into its sections and indication entries.

    Args:
        path: The file.
        password: Password of an encrypted PDF.
        extract: Also run the extraction pipeline on each field (slower; reconcile skips it).
        max_bytes: Largest file accepted.

    Returns:
        The policy; ``warnings`` says when no indication entry was recognised.

    Raises:
        InputError: The file cannot be read or has no text.
    """
    document = read_document(path, password=password, max_bytes=max_bytes)
    if not document.text.strip():
        raise InputError(path, "document has no text")
    return parse_policy(document, extract=extract)


__all__ = ["FieldValue", "Indication", "Policy", "Section", "extract_fields", "parse_policy", "read_policy"]
