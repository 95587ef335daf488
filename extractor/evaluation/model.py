"""Annotated documents as every gold reader returns them: text, spans, attributes.

Every reader (project JSONL, spaCy, brat, Label Studio, doccano) yields :class:`AnnotatedDocument`
objects whose spans have been checked against the text with :func:`check_spans`, so a scorer never
meets an offset outside the text or a span whose recorded surface text disagrees with its slice.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from extractor.errors import InputError

#: The labels the extraction gold uses (other labels are read and scored too).
LABELS = ("threshold", "dose")


@dataclass
class Span:
    """One annotated or predicted mention.

    Attributes:
        start: First character offset (0-based) into the document text.
        end: Offset one past the last character.
        label: The mention type (``threshold``, ``dose``, ...).
        attributes: Normalised values (the contract's threshold/dose keys); empty when the format
            records none.
        text: The surface text the file recorded for the span, if any.
        note: A free-text annotator note (brat ``AnnotatorNotes``); kept, not scored.
        ident: The id the file gave the span (brat ``T12``), for relations; None otherwise.
        fragments: The pieces of a discontinuous span read with ``discontinuous="merge"``
            (``[(start, end), ...]``); empty for a contiguous span.
    """

    start: int
    end: int
    label: str
    attributes: dict[str, Any] = field(default_factory=dict)
    text: str | None = None
    note: str | None = None
    ident: str | None = None
    fragments: list[tuple[int, int]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The project gold format's span object."""
        return {"start": self.start, "end": self.end, "label": self.label, "attributes": dict(self.attributes)}


@dataclass
class Relation:
    """A binary relation between two spans (brat ``R`` lines: ``Has_value Arg1:T3 Arg2:T2``).

    Attributes:
        label: The relation type.
        arg1: The first argument (e.g. the measured thing).
        arg2: The second argument (e.g. its value).
    """

    label: str
    arg1: Span
    arg2: Span


@dataclass
class AnnotatedDocument:
    """A document with its spans.

    Attributes:
        id: The document identifier predictions are matched by.
        text: The full text the offsets index (None for prediction files without text).
        spans: The mentions, sorted by (start, end).
        source: Where the document came from (free text, e.g. ``seed`` or a file name).
        origin: File (and line) the document was read from, for error messages.
        relations: Relations between the spans (brat only; not scored as spans).
        reading: Counts of what the reader repaired or left out (``discontinuous_merged``,
            ``misaligned_skipped`` ...), reported with the scores.
        warnings: One line per span left out or repaired, naming the file and line.
    """

    id: str
    text: str | None
    spans: list[Span] = field(default_factory=list)
    source: str | None = None
    origin: str = ""
    relations: list[Relation] = field(default_factory=list)
    reading: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The project gold format's line object."""
        return {"id": self.id, "text": self.text, "source": self.source,
                "spans": [span.to_dict() for span in sorted(self.spans, key=lambda s: (s.start, s.end))]}


def _same_surface(recorded: str, actual: str) -> bool:
    """Recorded span text equals the slice, allowing only whitespace differences (brat writes
    line breaks inside a span as spaces)."""
    return recorded == actual or recorded.split() == actual.split()


def check_spans(spans: list[Span], text: str | None, path: str | os.PathLike[str], where: str) -> list[Span]:
    """Check that each span's offsets lie inside ``text`` and its recorded text matches the slice.

    Args:
        spans: The spans read.
        text: The document text (None: only the offsets' order is checked).
        path: The file, named in the error.
        where: Where in the file ("line 3", "task 12", "T4") the document is.

    Returns:
        The spans sorted by (start, end).

    Raises:
        InputError: A span is out of range, empty, reversed, or its text differs from the slice.
    """
    for span in spans:
        if not isinstance(span.start, int) or not isinstance(span.end, int) or isinstance(span.start, bool):
            raise InputError(path, f"{where}: span offsets must be integers, got {span.start!r}-{span.end!r}")
        if not isinstance(span.label, str) or not span.label:
            raise InputError(path, f"{where}: span {span.start}-{span.end} has no label")
        if span.start < 0 or span.end <= span.start:
            raise InputError(path, f"{where}: span {span.start}-{span.end} ({span.label}) is empty or reversed")
        if text is not None and span.end > len(text):
            raise InputError(path, f"{where}: span {span.start}-{span.end} ({span.label}) is outside the text "
                                   f"({len(text)} characters)")
        if text is not None and span.text is not None and not _same_surface(span.text, text[span.start:span.end]):
            raise InputError(path, f"{where}: span {span.start}-{span.end} ({span.label}) records "
                                   f"{span.text!r} but the text there is {text[span.start:span.end]!r}")
    return sorted(spans, key=lambda s: (s.start, s.end, s.label))


__all__ = ["LABELS", "AnnotatedDocument", "Relation", "Span", "check_spans"]
