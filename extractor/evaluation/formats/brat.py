"""brat standoff: ``name.txt`` with ``name.ann`` beside it.

Read: ``T`` lines (``T1<TAB>label start end<TAB>text``) become spans, their text checked against
the ``.txt`` slice. A discontinuous span (``0 5;9 12``) is merged into one span from its first to
its last character (``discontinuous="merge"``, the pieces kept in ``Span.fragments``), split into
one span per piece (``"split"``), left out (``"skip"``) or rejected (``"error"``). A span whose
recorded text disagrees with the ``.txt`` is left out with a warning (``misaligned="warn"``) or
rejected (``"error"``); every repair is counted in ``AnnotatedDocument.reading``. ``A``/``M`` lines
(``A1<TAB>Route T1 IV``; binary ``A2<TAB>Negated T1``) become attributes (lower-cased name; numbers
parsed; binary → true), and an ``AnnotatorNotes`` ``#`` line whose note is a JSON object adds its
keys (other notes are kept as the span's ``note``, not scored). ``R`` lines between two spans
become :class:`~extractor.evaluation.model.Relation` objects (the thresholds tuple task reads
``Has_value``); events, equivalences and normalisations (``E``, ``*``, ``N``) are not read.

Write: the same layout; scalar attributes without spaces as ``A`` lines, every other attribute
(null, objects, text with spaces) in one JSON note.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extractor.errors import InputError, UsageError
from extractor.evaluation.formats._common import read_text
from extractor.evaluation.model import AnnotatedDocument, Relation, Span, check_spans

#: What to do with a discontinuous span.
DISCONTINUOUS = ("merge", "split", "skip", "error")
_DISCONTINUOUS_COUNT = {"merge": "discontinuous_merged", "split": "discontinuous_split",
                        "skip": "discontinuous_skipped"}
#: What to do with a span whose recorded text disagrees with the ``.txt``.
MISALIGNED = ("warn", "error")


@dataclass(frozen=True)
class BratOptions:
    """How the brat reader treats spans the scorers cannot take as written.

    Attributes:
        discontinuous: ``merge`` (default), ``split``, ``skip`` or ``error``.
        misaligned: ``warn`` (default: leave the span out, count and name it) or ``error``.
    """

    discontinuous: str = "merge"
    misaligned: str = "warn"

    def __post_init__(self) -> None:
        if self.discontinuous not in DISCONTINUOUS:
            raise UsageError(f"discontinuous={self.discontinuous!r}; expected one of {', '.join(DISCONTINUOUS)}")
        if self.misaligned not in MISALIGNED:
            raise UsageError(f"misaligned={self.misaligned!r}; expected one of {', '.join(MISALIGNED)}")

    @classmethod
    def resolve(cls, options: BratOptions | dict[str, Any] | None) -> BratOptions:
        """Accept None (defaults), a dict of settings or an instance.

        Raises:
            UsageError: Unknown keys or values.
        """
        if options is None:
            return cls()
        if isinstance(options, cls):
            return options
        unknown = set(options) - {"discontinuous", "misaligned"}
        if unknown:
            raise UsageError(f"unknown brat option(s) {', '.join(sorted(unknown))}; expected discontinuous, misaligned")
        return cls(**options)

_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")
_SIMPLE = re.compile(r"\S+")


def _scalar(value: str) -> Any:
    if _NUMBER.fullmatch(value):
        number = float(value)
        return int(number) if number.is_integer() and "." not in value and "e" not in value.lower() else number
    return value


def _bump(document_counts: dict[str, int], key: str) -> None:
    document_counts[key] = document_counts.get(key, 0) + 1


def read_ann(ann_path: str | os.PathLike[str], txt_path: str | os.PathLike[str] | None = None,
             options: BratOptions | dict[str, Any] | None = None) -> AnnotatedDocument:
    """Read one ``.ann`` file and its ``.txt``.

    Args:
        ann_path: The annotation file.
        txt_path: Its text (default: the ``.txt`` beside it).
        options: :class:`BratOptions` (or a dict of them).

    Raises:
        InputError: The ``.txt`` is missing, a line is malformed, or (with the ``error`` options) a
            span is discontinuous or does not match the text.
    """
    settings = BratOptions.resolve(options)
    ann_path = Path(ann_path)
    txt_path = Path(txt_path) if txt_path else ann_path.with_suffix(".txt")
    if not txt_path.exists():
        raise InputError(ann_path, f"no text file {txt_path.name} beside the annotations")
    text = read_text(txt_path)
    spans: dict[str, list[Span]] = {}
    counts: dict[str, int] = {}
    warnings: list[str] = []
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
            pieces = []
            for piece in offsets.split(";"):
                bounds = piece.split()
                if len(bounds) != 2 or not all(b.isdigit() for b in bounds):
                    raise InputError(ann_path, f"line {number}: {ident} offsets {offsets!r} are not 'start end'")
                pieces.append((int(bounds[0]), int(bounds[1])))
            recorded = parts[2] if len(parts) > 2 else None
            if len(pieces) > 1:
                if settings.discontinuous == "error":
                    raise InputError(ann_path, f"line {number}: {ident} is a discontinuous span ({offsets}); "
                                               "split it into contiguous spans to score it")
                _bump(counts, _DISCONTINUOUS_COUNT[settings.discontinuous])
                if settings.discontinuous == "skip":
                    continue
            if len(pieces) > 1 and settings.discontinuous == "merge":
                pieces_read = [Span(min(p[0] for p in pieces), max(p[1] for p in pieces), label, {}, None,
                                    ident=ident, fragments=pieces)]
            elif len(pieces) > 1:
                pieces_read = [Span(a, b, label, {}, None, ident=ident) for a, b in pieces]
            else:
                pieces_read = [Span(pieces[0][0], pieces[0][1], label, {}, recorded, ident=ident)]
            try:
                for span in pieces_read:
                    check_spans([span], text, ann_path, f"line {number} ({ident})")
                if len(pieces) > 1 and recorded is not None \
                        and recorded.split() != " ".join(text[a:b] for a, b in pieces).split():
                    raise InputError(ann_path, f"line {number} ({ident}): span {offsets} ({label}) records "
                                               f"{recorded!r} but the text there is "
                                               f"{' '.join(text[a:b] for a, b in pieces)!r}")
            except InputError as error:
                if settings.misaligned == "error":
                    raise
                _bump(counts, "misaligned_skipped")
                warnings.append(str(error))
                continue
            spans[ident] = pieces_read
        elif ident[:1] in ("A", "M", "#", "R"):
            pending.append((number, ident, parts))
        elif ident[:1] in ("E", "N", "*"):
            continue
        else:
            raise InputError(ann_path, f"line {number}: unknown annotation id {ident!r}")
    relations: list[Relation] = []
    for number, ident, parts in pending:
        fields = parts[1].split() if len(parts) > 1 else []
        if ident.startswith("R"):
            args = dict(field.split(":", 1) for field in fields[1:] if ":" in field)
            first, second = spans.get(args.get("Arg1", "")), spans.get(args.get("Arg2", ""))
            if len(fields) < 3 or len(args) < 2:
                raise InputError(ann_path, f"line {number}: relation {ident} is not 'Type Arg1:T<n> Arg2:T<n>'")
            if first and second:  # relations to left-out spans (or events) are dropped with them
                relations.append(Relation(fields[0], first[0], second[0]))
            continue
        if ident.startswith("#"):
            if len(fields) < 2 or len(parts) < 3:
                raise InputError(ann_path, f"line {number}: note {ident} lacks 'AnnotatorNotes T<n><TAB>text'")
            target, note = fields[1], parts[2]
            if target not in spans:
                continue  # notes on relations/events or on left-out spans
            try:
                value = json.loads(note)
            except json.JSONDecodeError:
                value = None
            for span in spans[target]:
                if isinstance(value, dict):
                    span.attributes.update(value)
                else:
                    span.note = note
            continue
        if len(fields) not in (2, 3):
            raise InputError(ann_path, f"line {number}: attribute {ident} is not 'Name T<n> [value]'")
        name, target = fields[0], fields[1]
        if target not in spans:
            continue  # attributes of events/relations, or of left-out spans
        for span in spans[target]:
            span.attributes[name.lower()] = _scalar(fields[2]) if len(fields) == 3 else True
    every = [span for pieces in spans.values() for span in pieces]
    return AnnotatedDocument(ann_path.stem, text, sorted(every, key=lambda s: (s.start, s.end, s.label)),
                             source=txt_path.name, origin=str(ann_path), relations=relations,
                             reading=counts, warnings=warnings)


def read_brat(path: str | os.PathLike[str], options: BratOptions | dict[str, Any] | None = None
              ) -> list[AnnotatedDocument]:
    """Read a folder of ``.ann``/``.txt`` pairs (recursively), or one ``.ann`` (or its ``.txt``).

    Args:
        path: The folder or file.
        options: :class:`BratOptions` (or a dict of them).

    Raises:
        InputError: No ``.ann`` file, or any bad file.
    """
    path = Path(path)
    if path.is_dir():
        anns = sorted(path.rglob("*.ann"))
        if not anns:
            raise InputError(path, "no brat .ann files in this folder")
        return [read_ann(ann, options=options) for ann in anns]
    ann = path if path.suffix == ".ann" else path.with_suffix(".ann")
    if not ann.exists():
        raise InputError(path, f"no brat annotation file {ann.name}")
    return [read_ann(ann, options=options)]


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


__all__ = ["DISCONTINUOUS", "MISALIGNED", "BratOptions", "read_ann", "read_brat", "write_brat"]
