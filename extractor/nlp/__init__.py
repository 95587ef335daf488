"""spaCy extraction pipeline: lab thresholds, doses, criteria, abbreviations and references.

Public functions:

- :func:`load` – the pipeline (cached per process).
- :func:`extract` / :func:`extract_document` – the contract's extraction result for text / a document.
- :func:`extract_many` – :func:`extract` on many texts with one ``nlp.pipe`` pass.
- :func:`build_criteria` – a criteria field's text as an AND/OR tree.
- :func:`abbreviation_issues` – short forms used but never defined, or defined two ways.
- :mod:`extractor.nlp.units` – ``to_canonical(value, unit)`` for comparing quantities.

Importing this package registers the spaCy factories (``extractor_thresholds``, ``extractor_doses``,
``extractor_sentences``, ``extractor_abbreviations``, ``extractor_criteria``,
``extractor_references``) and the config functions (``extractor.unit_table.v1`` …).
"""

from __future__ import annotations

from extractor.nlp.abbreviations import abbreviation_issues
from extractor.nlp.criteria import build_criteria, find_criteria
from extractor.nlp.doses import find_doses
from extractor.nlp.pipeline import (DEFAULT_PIPELINE, build_pipeline, doc_to_dict, extract, extract_document,
                                     extract_many, load)
from extractor.nlp.references import find_references
from extractor.nlp.thresholds import find_thresholds
from extractor.nlp.units import normalise_unit, same_quantity, to_canonical

__all__ = ["load", "extract", "extract_many", "extract_document", "build_pipeline", "build_criteria", "find_criteria",
           "find_thresholds", "find_doses", "find_references", "abbreviation_issues", "to_canonical",
           "normalise_unit", "same_quantity", "doc_to_dict", "DEFAULT_PIPELINE"]
