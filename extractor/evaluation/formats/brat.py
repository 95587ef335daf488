"""brat standoff: ``name.txt`` with ``name.ann`` beside it.

Read: ``T`` lines (``T1<TAB>label start end<TAB>text``) become spans, their text checked against
the ``.txt`` slice; a discontinuous span (``0 5;9 12``) is rejected with its line, since the
scorers compare contiguous offsets. ``A``/``M`` lines (``A1<TAB>Route T1 IV``; binary ``A2<TAB>Negated
T1``) become attributes (lower-cased name; numbers parsed; binary → true), and an
``AnnotatorNotes`` ``#`` line whose note is a JSON object adds its keys (other notes are kept as
the span's ``note``, not scored). Relations, events and normalisations (``R``, ``E``, ``N``, ``*``) carry no spans and
are not scored.

Write: the same layout; scalar attributes without spaces as ``A`` lines, every other attribute
(null, objects, text with spaces) in one JSON note.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from extractor.errors import InputError
from extractor.evaluation.formats._common import read_text
from extractor.evaluation.model import AnnotatedDocument, Span, check_spans

_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")
_SIMPLE = re.compile(r"\S+")


def _scalar(value: str) -> Any:
    if _NUMBER.fullmatch(value):
        number = float(value)
        return int(number) if number.is_integer() and "." not in value and "e" not in value.lower() else number
    return value


def read_ann(ann_path: str | os.PathLike[str], txt_path: str | os.PathLike[str] | None = None) -> AnnotatedDocument:
    """Read one ``.ann`` file and its ``.txt``.

    Raises:
        InputError: The ``.txt`` is missing, a line is malformed, a span is discontinuous or does not
            match the text.
    """
    ann_path = Path(ann_path)
    txt_path = Path(txt_path) if txt_path else ann_path.with_suffix(".txt")
    if not txt_path.exists():
        raise InputError(ann_path, f"no text file {txt_path.name} beside the annotations")
    text = read_text(txt_path)
    spans: dict[str, Span] = {}
    lines: dict[str, int] = {}
    pending: list[tuple[int, str, list[str]]] = []
    for number, line in enumerate(read_text(ann_path).splitlines(), start=1):
        if not line.strip():
            continue
        parts = line.split("\t")
        ident = parts[0]
        if ident.startswith("T"):
            if len(parts) < 2:
                raise InputError(ann_path, f"line {number}: text-bound annotation {ident} lacks 'label start end'")
            fields = parts[1].split(" ", 1)
            if len(fields) != 2:
                raise InputError(ann_path, f"line {number}: {ident} lacks offsets")
            label, offsets = fields
            if ";" in offsets:
                raise InputError(ann_path, f"line {number}: {ident} is a discontinuous span ({offsets}); "
                                           "split it into contiguous spans to score it")
            bounds = offsets.split()
            if len(bounds) != 2 or not all(b.isdigit() for b in bounds):
                raise InputError(ann_path, f"line {number}: {ident} offsets {offsets!r} are not 'start end'")
            span = Span(int(bounds[0]), int(bounds[1]), label, {}, parts[2] if len(parts) > 2 else None)
            check_spans([span], text, ann_path, f"line {number} ({ident})")
            spans[ident] = span
            lines[ident] = number
        elif ident[:1] in ("A", "M", "#"):
            pending.append((number, ident, parts))
        elif ident[:1] in ("R", "E", "N", "*"):
            continue
        else:
            raise InputError(ann_path, f"line {number}: unknown annotation id {ident!r}")
    for number, ident, parts in pending:
        if ident.startswith("#"):
            fields = parts[1].split() if len(parts) > 1 else []
            if len(fields) < 2 or len(parts) < 3:
                raise InputError(ann_path, f"line {number}: note {ident} lacks 'AnnotatorNotes T<n><TAB>text'")
            target, note = fields[1], parts[2]
            if target not in spans:
                continue  # notes on relations/events
            try:
                value = json.loads(note)
            except json.JSONDecodeError:
                value = None
            if isinstance(value, dict):
                spans[target].attributes.update(value)
            else:
                spans[target].note = note
            continue
        fields = parts[1].split() if len(parts) > 1 else []
        if len(fields) not in (2, 3):
            raise InputError(ann_path, f"line {number}: attribute {ident} is not 'Name T<n> [value]'")
        name, target = fields[0], fields[1]
        if target not in spans:
            if target.startswith("T"):
                raise InputError(ann_path, f"line {number}: attribute {ident} refers to unknown span {target}")
            continue  # attributes of events/relations
        spans[target].attributes[name.lower()] = _scalar(fields[2]) if len(fields) == 3 else True
    return AnnotatedDocument(ann_path.stem, text, sorted(spans.values(), key=lambda s: (s.start, s.end, s.label)),
                             source=txt_path.name, origin=str(ann_path))


def read_brat(path: str | os.PathLike[str]) -> list[AnnotatedDocument]:
    """Read a folder of ``.ann``/``.txt`` pairs (recursively), or one ``.ann`` (or its ``.txt``).

    Raises:
        InputError: No ``.ann`` file, or any bad file.
    """
    path = Path(path)
    if path.is_dir():
        anns = sorted(path.rglob("*.ann"))
        if not anns:
            raise InputError(path, "no brat .ann files in this folder")
        return [read_ann(ann) for ann in anns]
    ann = path if path.suffix == ".ann" else path.with_suffix(".ann")
    if not ann.exists():
        raise InputError(path, f"no brat annotation file {ann.name}")
    return [read_ann(ann)]


def write_brat(documents: list[AnnotatedDocument], folder: str | os.PathLike[str]) -> list[Path]:
    """Write ``<id>.txt`` and ``<id>.ann`` for each document into ``folder``.

    Returns:
        The ``.ann`` paths written.
    """
    from extractor.io import write_text

    folder = Path(folder)
    written = []
    for document in documents:
        stem = re.sub(r"[^\w.-]+", "_", document.id)
        text = document.text or ""
        lines: list[str] = []
        attribute_number = note_number = 0
        for number, span in enumerate(document.spans, start=1):
            surface = text[span.start:span.end].replace("\n", " ")
            lines.append(f"T{number}\t{span.label} {span.start} {span.end}\t{surface}")
            notes = {}
            for name, value in span.attributes.items():
                simple = (isinstance(value, (int, float)) and not isinstance(value, bool)) or (
                    isinstance(value, str) and _SIMPLE.fullmatch(value) and _scalar(value) == value)
                if simple and name == name.lower() and " " not in name:
                    attribute_number += 1
                    lines.append(f"A{attribute_number}\t{name} T{number} {value}")
                elif value is True and name == name.lower():
                    attribute_number += 1
                    lines.append(f"A{attribute_number}\t{name} T{number}")
                else:
                    notes[name] = value
            if notes:
                note_number += 1
                lines.append(f"#{note_number}\tAnnotatorNotes T{number}\t{json.dumps(notes, ensure_ascii=False)}")
        write_text(folder / f"{stem}.txt", text)
        write_text(folder / f"{stem}.ann", "\n".join(lines) + ("\n" if lines else ""))
        written.append(folder / f"{stem}.ann")
    return written


__all__ = ["read_ann", "read_brat", "write_brat"]
