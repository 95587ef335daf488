"""Read, extract from and check clinical commissioning policies and their change forms.

The public Python API:

- :func:`read_changeform` – a change form (PDF, DOCX, text/HTML export) into rows.
- :func:`read_document` – any supported file into the document model.
- :func:`load` – the spaCy extraction pipeline.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language

    from extractor.changeform import ChangeForm


def read_changeform(path: str, *, password: str | None = None, **options: Any) -> ChangeForm:
    """Read a change form; see :func:`extractor.changeform.read_changeform` (``max_bytes``, ``synonyms``)."""
    from extractor.changeform import read_changeform as _read

    return _read(path, password=password, **options)


def read_document(path: str, *, password: str | None = None) -> Any:
    """Read any supported file; see :func:`extractor.readers.read_document`."""
    from extractor.readers import read_document as _read

    return _read(path, password=password)


def load(name: str | None = None, **kwargs: Any) -> Language:
    """Load the extraction pipeline; see :func:`extractor.nlp.load`."""
    from extractor.nlp import load as _load

    return _load(name, **kwargs)


__all__ = ["__version__", "read_changeform", "read_document", "load"]
