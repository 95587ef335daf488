"""What reading a policy yields: sections, indication entries and their fields."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from extractor.document import Document


@dataclass
class Section:
    """A heading and the text it governs.

    Attributes:
        number: ``"2"``, ``"2.3.1"``, ``"Appendix A"``, or None for an unnumbered heading.
        title: The heading without its number.
        level: Depth, 1 for top-level sections.
        page: Page of the heading.
        start: Offset of the heading in the document text.
        end: Offset where the next heading of the same or a higher level starts.
        parent: Index of the enclosing section in :attr:`Policy.sections`, or None.
        lists: Lists directly in the section (not in a subsection): each a list of items
            ``{"marker", "text", "start", "end"}``.
    """

    number: str | None
    title: str
    level: int
    page: int | None
    start: int
    end: int
    parent: int | None = None
    lists: list[list[dict[str, Any]]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The contract's section object, plus ``lists`` (its bulleted/numbered lists' items)."""
        return {"number": self.number, "title": self.title, "level": self.level, "page": self.page,
                "start": self.start, "end": self.end, "lists": self.lists}


@dataclass
class FieldValue:
    """One field of an indication entry.

    Attributes:
        label: The label as written.
        text: The field text; paragraphs and bullets on their own lines.
        start: Offset of the text in the document.
        end: Offset one past its end.
        page: Page where it starts.
        criteria: AND/OR tree (``extractor.nlp.build_criteria``).
        thresholds: Lab thresholds found in it.
        doses: Doses found in it.
        role: Canonical field (``selection_criteria``, ``dose`` …) or None when neither the label
            nor the content says.
        role_source: ``"label"`` (a listed wording or the label's words), ``"content"`` (the
            label names no role; the text does), ``"label+content"`` (the label's words name several
            roles; the text chose), ``"section"`` (the enclosing section's title), or None.
        units: The field's list items and paragraphs with their left edges (for the criteria tree).
    """

    label: str
    text: str
    start: int
    end: int
    page: int | None
    criteria: dict[str, Any] = field(default_factory=lambda: {"op": "AND", "items": []})
    thresholds: list[dict[str, Any]] = field(default_factory=list)
    doses: list[dict[str, Any]] = field(default_factory=list)
    role: str | None = None
    role_source: str | None = None
    units: list[Any] = field(default_factory=list, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """The contract's field object (plus label, role and position)."""
        return {"text": self.text, "criteria": self.criteria, "thresholds": self.thresholds, "doses": self.doses,
                "label": self.label, "role": self.role, "role_source": self.role_source,
                "page": self.page, "start": self.start, "end": self.end}


def field_key(fields: dict[str, FieldValue], value: FieldValue) -> str:
    """The key a field takes in an indication: its role, else (or when taken) its label in snake case."""
    if value.role and value.role not in fields:
        return value.role
    base = re.sub(r"[^a-z0-9]+", "_", value.label.lower()).strip("_")[:60] or "field"
    key, number = base, 2
    while key in fields:
        key, number = f"{base}_{number}", number + 1
    return key


@dataclass
class Indication:
    """One indication entry.

    Attributes:
        name: Its title.
        specialty: Specialty named in the entry, else the one its section names.
        use: ``"short term"``, ``"long term"`` or None.
        layout: ``"headed"`` (heading and field labels) or ``"table"`` (label | text rows).
        fields: Field key to value: the canonical role, or for a field whose role is unknown or
            already taken, the label in snake case (``monitoring_and_stopping_criteria``).
        start: Offset where the entry starts.
        end: Offset where it ends.
        pages: Pages it spans.
        section: Index of the section holding it.
    """

    name: str
    specialty: str | None
    use: str | None
    layout: str
    fields: dict[str, FieldValue]
    start: int
    end: int
    pages: list[int] = field(default_factory=list)
    section: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """The contract's indication object (plus layout, position and pages)."""
        return {"name": self.name, "specialty": self.specialty, "use": self.use,
                "fields": {name: value.to_dict() for name, value in self.fields.items()},
                "layout": self.layout, "pages": self.pages, "start": self.start, "end": self.end}


@dataclass
class Policy:
    """A read policy.

    Attributes:
        source: Path as given.
        document: The document it was read from.
        title: The document's title (not one of its sections), or None.
        sections: Headings in document order.
        indications: Indication entries in document order.
        warnings: Things a reader should know (no entries recognised ...).
    """

    source: str
    document: Document
    title: str | None = None
    sections: list[Section] = field(default_factory=list)
    indications: list[Indication] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def section_at(self, offset: int) -> Section | None:
        """The innermost section containing ``offset``."""
        best: Section | None = None
        for section in self.sections:
            if section.start <= offset < section.end and (best is None or section.level >= best.level):
                best = section
        return best

    def section_path(self, section: Section | None) -> list[Section]:
        """``section`` and its ancestors, outermost first."""
        path: list[Section] = []
        while section is not None:
            path.insert(0, section)
            section = self.sections[section.parent] if section.parent is not None else None
        return path

    def indication_at(self, offset: int) -> Indication | None:
        """The indication entry containing ``offset``."""
        return next((i for i in self.indications if i.start <= offset < i.end), None)

    def to_dict(self) -> dict[str, Any]:
        """The contract's ``extractor policy`` object."""
        return {"source": self.source, "title": self.title, "pages": len(self.document.pages),
                "sections": [section.to_dict() for section in self.sections],
                "indications": [indication.to_dict() for indication in self.indications],
                "warnings": list(self.warnings)}
