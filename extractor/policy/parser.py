"""Find a policy's sections and indication entries in a read :class:`~extractor.document.Document`.

Method:

1. Field labels. A line is a field label when its text before a colon or tab, or the whole line when
   it stands alone as a bold line, a table's first-column cell or a paragraph of its own, maps
   to a canonical field (``resources/policy/fields.yaml``, rapidfuzz ratio).
2. Headings. A line that is not a label and not in a table is a heading when it carries a
   heading number (``2.``, ``2.3.1``, ``Appendix A``, ``A.1``; ``structure.yaml``) and is bold or
   larger than the body text, or, unnumbered, when it is larger than the body text or a bold
   paragraph of its own. Lines continuing it (same font, same paragraph) are joined to it.
   Numbered headings take their level from the number; an unnumbered one takes the level
   numbered headings of its font size have, else one below the last larger heading.
3. Entries. Headings and "name" labels ("Indication") split the text into segments. A segment
   opened by a heading and holding at least two field labels is a headed entry named by the
   heading; one opened by a name label is a labelled entry (a two-column table when the label
   sits in a table) named by that label's value. Tables continued on the next page are one
   entry because the reader gives the text in reading order with running headers removed.
   A smaller unnumbered heading with no labels of its own inside an entry stays part of it.

For text and DOCX documents (no font information) lines come from the text, and only numbered
headings and labels standing on their own line are recognised.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from extractor.document import Document, Line
from extractor.policy.model import FieldValue, Indication, Policy, Section
from extractor.policy.rules import (
    FieldRules,
    StructureRules,
    field_rules,
    structure_rules,
)

_BULLET = re.compile(r"^[•◦▪■●○‣⁃∙·*–-]\s")
_LIST_ITEM = re.compile(r"^(?P<marker>[•◦▪■●○‣⁃∙·*–-]|\(?[a-z]\)|\(?[ivx]{1,4}\)|\d{1,2}\)|\(\d{1,2}\))\s+\S")
_CONNECTIVE = re.compile(r"(?:AND|OR|AND/OR|EITHER|PLUS)", re.IGNORECASE)
_COLON = re.compile(r"^(?P<label>[^:\t]{2,60}?)\s*(?::|\t)\s*(?P<value>.*)$")


@dataclass
class Label:
    """A field label found on a line.

    Attributes:
        field: Canonical field name.
        text: The label as written.
        line: Index of its line.
        start: Offset of the label.
        value_start: Offset where the field's text starts.
        in_table: Whether it is a table cell.
    """

    field: str
    text: str
    line: int
    start: int
    value_start: int
    in_table: bool


@dataclass
class Heading:
    """A heading before its end and parent are known."""

    number: str | None
    title: str
    level: int | None
    line: int
    start: int
    end_line: int
    size: float | None
    bold: bool
    page: int | None


def _join_lines(paragraph: str) -> str:
    """A paragraph's wrapped lines joined by spaces; a bare connective ("AND") keeps its own line."""
    groups: list[list[str]] = []
    for raw in paragraph.split("\n"):
        line = " ".join(raw.split())
        if not line:
            continue
        if _CONNECTIVE.fullmatch(line):
            groups.extend([[line], []])
        elif groups and groups[-1]:
            groups[-1].append(line)
        else:
            groups.append([line])
    return "\n".join(" ".join(group) for group in groups if group)


def document_lines(document: Document) -> list[Line]:
    """The document's lines; for formats without line information, lines cut from the text."""
    if document.lines:
        return list(document.lines)
    lines: list[Line] = []
    for page in document.pages:
        for match in re.finditer(r"[^\n]+", page.text):
            text = match.group(0)
            stripped = text.strip()
            if not stripped:
                continue
            start = page.start + match.start() + (len(text) - len(text.lstrip()))
            lines.append(Line(text=stripped, start=start, end=start + len(stripped), page=page.number))
    return lines


def body_size(lines: list[Line]) -> float | None:
    """The font size carrying the most characters, or None without font information."""
    counts: Counter[float] = Counter()
    for line in lines:
        if line.size:
            counts[round(line.size, 1)] += len(line.text)
    return counts.most_common(1)[0][0] if counts else None


class PolicyParser:
    """Finds sections and entries in one document.

    Args:
        document: The read document.
        fields: Field label rules (default: packaged).
        structure: Heading rules (default: packaged).
    """

    def __init__(self, document: Document, *, fields: FieldRules | None = None,
                 structure: StructureRules | None = None) -> None:
        self.document = document
        self.text = document.text
        self.fields = fields or field_rules()
        self.structure = structure or structure_rules()
        self.lines = document_lines(document)
        self.body = body_size(self.lines)
        spans = document.metadata.get("table_spans") or []
        # Only narrow tables (label | text, perhaps a third column) hold entries.
        widths = [max((len(row) for row in table.rows), default=0) for table in document.tables]
        self.table_spans = [(s["start"], s["end"]) for s in spans if s.get("start") is not None
                            and (s["table"] >= len(widths) or widths[s["table"]] <= 3)]
        self.all_table_spans = [(s["start"], s["end"]) for s in spans if s.get("start") is not None]
        self._label_x = self._label_columns()
        self._row_mates = self._same_row()
        # DOCX (one paragraph per line), and formats without line information whose text has no
        # blank lines, make every line a paragraph of its own.
        self.line_paragraphs = document.format == "docx" or (
            not document.lines and not any("\n\n" in page.text for page in document.pages))

    # -- line predicates -------------------------------------------------------------------

    def _table_of(self, line: Line) -> int | None:
        for index, (start, end) in enumerate(self.table_spans):
            if start <= line.start < end:
                return index
        return None

    def _label_columns(self) -> dict[int, float]:
        """Left edge of each table's first column (the smallest x0 of its lines)."""
        columns: dict[int, float] = {}
        for line in self.lines:
            table = self._table_of(line)
            if table is not None and line.x0 is not None:
                columns[table] = min(columns.get(table, line.x0), line.x0)
        return columns

    def _same_row(self) -> list[tuple[int, bool]]:
        """For each line: how many lines share its baseline on the page, and whether it is leftmost.

        A reader splits a row of a table drawn without rules into one line per column; such
        cells are labels only in a two-column row, and only in the left column.
        """
        rows: dict[tuple[int, int], list[int]] = {}
        for index, line in enumerate(self.lines):
            if line.top is not None:
                rows.setdefault((line.page, round(line.top)), []).append(index)
        mates: list[tuple[int, bool]] = [(1, True)] * len(self.lines)
        for members in rows.values():
            leftmost = min(members, key=lambda i: self.lines[i].x0 or 0.0)
            for index in members:
                mates[index] = (len(members), index == leftmost)
        return mates

    def para_start(self, index: int) -> bool:
        """Whether line ``index`` starts a paragraph (blank line or page break before it)."""
        if index == 0 or self.line_paragraphs:
            return True
        return "\n\n" in self.text[self.lines[index - 1].end:self.lines[index].start]

    def para_end(self, index: int) -> bool:
        """Whether line ``index`` ends a paragraph."""
        return index == len(self.lines) - 1 or self.para_start(index + 1)

    def after_sentence(self, index: int) -> bool:
        """Whether line ``index`` starts a paragraph or follows a line ending a sentence or clause."""
        if self.para_start(index):
            return True
        return self.lines[index - 1].text.rstrip()[-1:] in ".:;!?)"

    def label_at(self, index: int, *, after_label: bool = False) -> Label | None:
        """The field label on line ``index``, if any.

        Args:
            index: Line index.
            after_label: The previous line was a label (labels often follow each other with no
                gap: "Specialty: Immunology" then "Short or long term use: Long term").
        """
        line = self.lines[index]
        text = line.text.strip()
        if not text[:1].isalpha() or _BULLET.match(text):
            return None
        table = self._table_of(line)
        # Without positions a table row is one line ("Label<TAB>value", DOCX) opening in the first column.
        in_label_column = table is not None and (line.x0 is None
                                                 or line.x0 - self._label_x.get(table, line.x0) <= 3.0)
        if (table is not None and not in_label_column) or (
                table is None and any(start <= line.start < end for start, end in self.all_table_spans)):
            return None
        mates, leftmost = self._row_mates[index]
        if mates > 2 or not leftmost:
            return None
        opens = after_label or self.after_sentence(index)
        colon = _COLON.match(text)
        if colon and opens:
            found = self.fields.match_label(colon.group("label"))
            if found:
                value_start = line.start + colon.start("value") if colon.group("value") else line.end
                return Label(found[0], colon.group("label"), index, line.start, value_start, table is not None)
        if len(text.split()) > 8 or text[-1:] in ".,;":
            return None
        strong = (line.bold or in_label_column) and self.para_start(index)
        if strong or opens:
            # In a regular face with no gap around it, a line must match a label almost exactly.
            found = self.fields.match_label(text, min_score=None if strong else max(self.fields.min_score, 95))
            if found and found[0] == "name" and table is None and self._heading_size(line):
                # A line standing alone in a heading's size ("Conditions") titles a chapter; an
                # entry's name label is set like the other labels, its value beside or below it.
                return None
            if found:
                return Label(found[0], text.rstrip(":"), index, line.start, line.end, table is not None)
        return None

    def _heading_size(self, line: Line) -> bool:
        """Whether ``line`` is set larger than the body text, as headings are."""
        return self.body is not None and line.size is not None and line.size >= self.body + 0.9

    def heading_at(self, index: int) -> Heading | None:
        """The heading starting on line ``index``, if any (continuation lines joined)."""
        line = self.lines[index]
        text = " ".join(line.text.split())
        if any(start <= line.start < end for start, end in self.all_table_spans) or not self.para_start(index):
            return None
        if self._row_mates[index][0] > 1:
            return None  # a cell of a table drawn without rules
        if _BULLET.match(text) or not text[:1].isalnum():
            return None
        fonts = self.body is not None and line.size is not None
        bigger = fonts and line.size >= self.body + 0.9
        numbered = self.structure.numbered(text)
        end_line = index
        while (end_line + 1 < len(self.lines) and not self.para_start(end_line + 1)
               and self.lines[end_line + 1].size == line.size and self.lines[end_line + 1].bold == line.bold):
            end_line += 1
        full = " ".join(" ".join(self.lines[i].text.split()) for i in range(index, end_line + 1))
        if len(full.split()) > self.structure.max_heading_words or self.structure.excluded(full):
            return None
        if numbered:
            if fonts and not (bigger or line.bold or line.level is not None):
                return None
            if not fonts and (full.endswith((".", ",", ";")) or len(full.split()) > 15):
                return None
            number, _, level = numbered
            title = self.structure.numbered(full)[1] if self.structure.numbered(full) else numbered[1]
            return Heading(number, title.strip(" :–-"), level, index, line.start, end_line, line.size, line.bold,
                           line.page)
        if line.level is not None:
            # Styled as a heading (DOCX "Heading 2"): the style's outline level is its level.
            return Heading(None, full, line.level, index, line.start, end_line, line.size, line.bold, line.page)
        if not fonts:
            return None
        if bigger or (line.bold and text[:1].isupper() and self.para_end(end_line)):
            return Heading(None, full, None, index, line.start, end_line, line.size, line.bold, line.page)
        return None

    # -- structure ---------------------------------------------------------------------------

    def find(self) -> tuple[list[Label], list[Heading]]:
        """All labels and headings, in document order."""
        labels: list[Label] = []
        headings: list[Heading] = []
        index = 0
        while index < len(self.lines):
            label = self.label_at(index, after_label=bool(labels) and labels[-1].line == index - 1)
            if label:
                labels.append(label)
                index += 1
                continue
            heading = self.heading_at(index)
            if heading:
                headings.append(heading)
                index = heading.end_line + 1
                continue
            index += 1
        self._assign_levels(headings)
        return labels, headings

    @staticmethod
    def _document_title(headings: list[Heading]) -> Heading | None:
        """The document's title: an unnumbered first heading on the first page, set larger than
        every other heading."""
        if not headings:
            return None
        first = headings[0]
        if first.number is not None or first.page not in (None, 1) or not first.size:
            return None
        if all((h.size or 0) < first.size - 0.2 for h in headings[1:]):
            return first
        return None

    @classmethod
    def _assign_levels(cls, headings: list[Heading]) -> None:
        size_levels: dict[float, int] = {}
        for heading in headings:
            if heading.level is not None and heading.size:
                size_levels.setdefault(round(heading.size, 1), heading.level)
        # The title is a level-1 section of its own, not the parent of the document's chapters.
        title = cls._document_title(headings)
        if title is not None and title.level is None:
            title.level = 1
        previous: list[Heading] = []
        for heading in headings:
            if heading is title:
                continue
            if heading.level is None:
                size = round(heading.size or 0, 1)
                if size in size_levels:
                    heading.level = size_levels[size]
                else:
                    larger = [h for h in previous if (h.size or 0) > (heading.size or 0) + 0.2
                              or ((h.size or 0) >= (heading.size or 0) - 0.2 and h.bold and not heading.bold)]
                    heading.level = (larger[-1].level or 0) + 1 if larger else 1
            previous.append(heading)

    def sections(self, headings: list[Heading]) -> list[Section]:
        """Sections with ends (next heading at the same or a higher level) and parents."""
        sections: list[Section] = []
        stack: list[int] = []
        for heading in headings:
            level = heading.level or 1
            while stack and sections[stack[-1]].level >= level:
                sections[stack.pop()].end = heading.start
            sections.append(Section(number=heading.number, title=heading.title, level=level, page=heading.page,
                                    start=heading.start, end=len(self.text),
                                    parent=stack[-1] if stack else None))
            stack.append(len(sections) - 1)
        return sections

    # -- entries -------------------------------------------------------------------------------

    def _clean(self, start: int, end: int) -> tuple[str, int, int]:
        raw = self.text[start:end]
        lead = len(raw) - len(raw.lstrip())
        trimmed = raw.strip()
        breaks = r"\n" if self.line_paragraphs else r"\n\s*\n"
        paragraphs = [_join_lines(p) for p in re.split(breaks, trimmed)]
        return "\n".join(p for p in paragraphs if p), start + lead, start + lead + len(trimmed)

    def entries(self, labels: list[Label], headings: list[Heading], sections: list[Section]) -> list[Indication]:
        """Indication entries from labels and headings."""
        bounds: list[tuple[int, str, Any]] = [(h.start, "heading", h) for h in headings]
        bounds += [(lab.start, "name", lab) for lab in labels if lab.field == "name"]
        bounds += [(title.start, "name", title) for title in self.title_rows(labels)]
        bounds.sort(key=lambda item: item[0])
        segments: list[dict[str, Any]] = []
        for number, (start, kind, item) in enumerate(bounds):
            end = bounds[number + 1][0] if number + 1 < len(bounds) else len(self.text)
            inside = [lab for lab in labels if start <= lab.start < end and lab.field != "name"]
            segments.append({"start": start, "end": end, "kind": kind, "item": item, "labels": inside})
        entries: list[dict[str, Any]] = []
        for segment in segments:
            item = segment["item"]
            if segment["kind"] == "name":
                if any(self.fields.spec(lab.field).kind == "text" for lab in segment["labels"]):
                    segment["name_label"] = item
                    entries.append(segment)
                continue
            heading: Heading = item
            content = [lab for lab in segment["labels"] if self.fields.spec(lab.field).kind == "text"]
            required = not self.fields.entry_requires or any(
                lab.field in self.fields.entry_requires for lab in segment["labels"])
            if len(segment["labels"]) >= 2 and content and required:
                entries.append(segment)
                continue
            if entries and entries[-1]["end"] == segment["start"] and not segment["labels"] and heading.number is None:
                entry_size = self._entry_size(entries[-1])
                if heading.size and entry_size and heading.size < entry_size - 0.2:
                    entries[-1]["end"] = segment["end"]
        return [self._indication(entry, sections) for entry in entries]

    def row_entries(self, sections: list[Section]) -> list[Indication]:
        """Entries of tables with one indication per row under a header row of field labels.

        A table qualifies when its first row maps at least three cells to fields, one of them the
        entry's name (or an unlabelled first column) and one a content field. Each cell's text is
        taken from the document text between it and the next cell (found in reading order), so
        offsets and rejoined hyphens match the rest of the document. A row whose name cell is
        empty continues the entry above (a row split by a page break); repeated header rows
        are skipped.
        """
        from extractor.policy.text import NormalText, normalise

        spans = {s["table"]: (s["start"], s["end"]) for s in self.document.metadata.get("table_spans") or []
                 if s.get("start") is not None}
        entries: list[Indication] = []
        for index, table in enumerate(self.document.tables):
            if index not in spans or len(table.rows) < 2 or len(table.rows[0]) < 3:
                continue
            header = table.rows[0]
            names: list[str | None] = []
            for cell in header:
                found = self.fields.match_label(cell) if cell.strip() else None
                names.append(found[0] if found else None)
            if "name" not in names and names[0] is None and sum(n is not None for n in names) >= 2:
                names[0] = "name"
            kinds = [self.fields.spec(n).kind for n in names if n]
            if "name" not in names or sum(n is not None for n in names) < 3 or "text" not in kinds:
                continue
            start, end = spans[index]
            normal = NormalText(self.text[start:end])
            cursor = 0
            cells: list[tuple[int, int, str | None, int | None]] = []  # (row, column, field, offset)
            for row_number, row in enumerate(table.rows):
                for column, cell in enumerate(row):
                    probe = normalise(cell)[:40]
                    at = normal.text.find(probe, cursor) if probe else -1
                    if at < 0:
                        continue
                    cursor = at + len(probe)
                    offset = start + normal.span(at, at + 1)[0]
                    cells.append((row_number, column, names[column] if column < len(names) else None, offset))
            for number, (row_number, _column, name, offset) in enumerate(cells):
                if row_number == 0 or name is None or offset is None:
                    continue
                row = table.rows[row_number]
                if [normalise(c) for c in row] == [normalise(c) for c in header]:
                    continue
                stop = cells[number + 1][3] if number + 1 < len(cells) else end
                text, value_start, value_end = self._clean(offset, stop)
                if name == "name":
                    if not text:
                        continue
                    section = self._section_of(offset, sections)
                    entries.append(Indication(name=" ".join(text.split()), specialty=None, use=None,
                                              layout="row-table", fields={}, start=offset, end=offset,
                                              section=section))
                    continue
                if not entries or not text:
                    continue
                entry = entries[-1]
                if entry.start < offset and name in entry.fields:
                    old = entry.fields[name]
                    entry.fields[name] = FieldValue(old.label, old.text + "\n" + text, old.start, value_end, old.page)
                else:
                    label = header[names.index(name)]
                    entry.fields[name] = FieldValue(label, text, value_start, value_end, self.document.page_at(value_start))
                entry.end = max(entry.end, value_end)
        for entry in entries:
            meta = {k: entry.fields.pop(k) for k in [k for k in entry.fields if self.fields.spec(k).kind == "meta"]}
            entry.specialty = meta["specialty"].text if "specialty" in meta else None
            if entry.specialty is None and entry.section is not None:
                for section in self._path(entry.section, sections):
                    entry.specialty = self.fields.specialty_in(section.title) or entry.specialty
            entry.use = self.fields.use_of(meta["use"].text) if "use" in meta else None
            if entry.use is None:
                suffix = re.search(r"[–—-]\s*([^–—-]+)$", entry.name)
                entry.use = self.fields.use_of(suffix.group(1)) if suffix else None
            entry.use = entry.use or self._stated_use(entry.fields)
            first, last = self.document.page_at(entry.start), self.document.page_at(max(entry.start, entry.end - 1))
            entry.pages = list(range(first, (last or first) + 1)) if first else []
        return [entry for entry in entries if entry.fields]

    def title_rows(self, labels: list[Label]) -> list[Label]:
        """Tables whose first row names the entry instead of an "Indication" label row.

        The first row counts as a title when it sits in the first column (or spans the table),
        is not itself a label, and the table has at least two label rows and no name label. A
        table continued from the previous page starts with a value cell (not in the first
        column) or with a repeated label, so it is not mistaken for a new entry.
        """
        titles: list[Label] = []
        for index, (start, end) in enumerate(self.table_spans):
            inside = [lab for lab in labels if start <= lab.start < end]
            if len(inside) < 2 or any(lab.field == "name" for lab in inside) or inside[0].start <= start:
                continue
            first = next((n for n, line in enumerate(self.lines) if line.start >= start), None)
            if first is None:
                continue
            line = self.lines[first]
            if line.x0 is not None and line.x0 - self._label_x.get(index, line.x0) > 3.0:
                continue
            name = " ".join(self.text[start:inside[0].start].split())
            if not name or len(name.split()) > self.structure.max_heading_words:
                continue
            titles.append(Label("name", "", first, start, start, True))
        return titles

    def _stated_use(self, values: dict[str, FieldValue]) -> str | None:
        """The use stated by a field that says it ("Indication for use: Short-term treatment of ..."),
        for an entry with no "use" field and no use in its name."""
        for name in self.fields.use_fields:
            if name in values:
                use = self.fields.use_of(values[name].text)
                if use:
                    return use
        return None

    def _entry_size(self, entry: dict[str, Any]) -> float | None:
        item = entry["item"]
        return item.size if isinstance(item, Heading) else self.lines[item.line].size

    def _indication(self, entry: dict[str, Any], sections: list[Section]) -> Indication:
        labels: list[Label] = entry["labels"]
        if "name_label" in entry:
            name_label: Label = entry["name_label"]
            stop = labels[0].start if labels else entry["end"]
            name = " ".join(self._clean(name_label.value_start, stop)[0].split())
            layout = "table" if name_label.in_table else "labelled"
        else:
            name = entry["item"].title
            layout = "table" if labels and sum(lab.in_table for lab in labels) * 2 > len(labels) else "headed"
        values: dict[str, FieldValue] = {}
        for number, label in enumerate(labels):
            stop = labels[number + 1].start if number + 1 < len(labels) else entry["end"]
            text, start, end = self._clean(label.value_start, stop)
            if label.field in values:
                # The label repeated (a row continued on the next page): one field, without the
                # repeated label in its text.
                previous = values[label.field]
                joined = "\n".join(part for part in (previous.text, text) if part)
                values[label.field] = FieldValue(previous.label, joined, previous.start, max(end, previous.end),
                                                 previous.page)
                continue
            values[label.field] = FieldValue(label.text, text, start, end, self.document.page_at(start))
        section_index = self._section_of(entry["start"], sections)
        specialty = values["specialty"].text if "specialty" in values else None
        if specialty is None and section_index is not None:
            for section in self._path(section_index, sections):
                specialty = self.fields.specialty_in(section.title) or specialty
        use = self.fields.use_of(values["use"].text) if "use" in values else None
        if use is None:
            suffix = re.search(r"[–—-]\s*([^–—-]+)$", name)
            use = self.fields.use_of(suffix.group(1)) if suffix else None
        use = use or self._stated_use(values)
        content = {key: value for key, value in values.items() if self.fields.spec(key).kind == "text"}
        first, last = self.document.page_at(entry["start"]), self.document.page_at(max(entry["start"], entry["end"] - 1))
        pages = list(range(first, (last or first) + 1)) if first else []
        return Indication(name=name, specialty=specialty, use=use, layout=layout, fields=content,
                          start=entry["start"], end=entry["end"], pages=pages, section=section_index)

    @staticmethod
    def _section_of(offset: int, sections: list[Section]) -> int | None:
        best = None
        for index, section in enumerate(sections):
            if section.start <= offset < section.end:
                best = index
        return best

    @staticmethod
    def _path(index: int, sections: list[Section]) -> list[Section]:
        path = []
        current: int | None = index
        while current is not None:
            path.insert(0, sections[current])
            current = sections[current].parent
        return path

    def lists(self, labels: list[Label], headings: list[Heading], sections: list[Section]) -> None:
        """Attach bulleted and numbered lists to the innermost section holding them.

        An item starts at a line opening with a bullet or a list number ("(a)", "ii)", "3)");
        its wrapped lines follow without a paragraph break. Items of one list follow each other
        with nothing else between them.
        """
        stops = {h.line for h in headings} | {lab.line for lab in labels}
        current: list[dict[str, Any]] = []
        owner: int | None = None

        def close() -> None:
            if current and owner is not None:
                sections[owner].lists.append(list(current))
            current.clear()

        index = 0
        while index < len(self.lines):
            match = _LIST_ITEM.match(self.lines[index].text) if index not in stops else None
            if not match:
                if index in stops or self.para_start(index):
                    close()
                index += 1
                continue
            last = index
            while (last + 1 < len(self.lines) and last + 1 not in stops and not self.para_start(last + 1)
                   and not _LIST_ITEM.match(self.lines[last + 1].text)):
                last += 1
            start, end = self.lines[index].start, self.lines[last].end
            section = self._section_of(start, sections)
            if current and section != owner:
                close()
            owner = section
            text = " ".join(self.text[start:end].split())
            current.append({"marker": match.group("marker"), "text": text[len(match.group("marker")):].strip(),
                            "start": start, "end": end})
            index = last + 1
        close()

    def parse(self, source: str) -> Policy:
        """Sections and entries of the document as a :class:`Policy` (fields not yet extracted)."""
        labels, headings = self.find()
        sections = self.sections(headings)
        indications = self.entries(labels, headings, sections)
        taken = [(i.start, i.end) for i in indications]
        for entry in self.row_entries(sections):
            if not any(start <= entry.start < end for start, end in taken):
                indications.append(entry)
        indications.sort(key=lambda i: i.start)
        self.lists(labels, headings, sections)
        policy = Policy(source=source, document=self.document, sections=sections, indications=indications)
        if not indications:
            policy.warnings.append("no indication entries recognised (no heading or table followed by field "
                                   "labels such as 'Selection criteria'); sections only")
        return policy
