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

import itertools
import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from extractor.document import Document, Line, Table
from extractor.nlp.criteria_tree import Unit, connective, continues, inline_item_starts, is_instruction
from extractor.nlp.quantities import scan
from extractor.policy.model import FieldValue, Indication, Policy, Section, field_key
from extractor.policy.roles import content_roles, lead_role, role_from_content, states_duration
from extractor.vocabulary import list_marker
from extractor.policy.rules import (
    FieldRules,
    StructureRules,
    field_rules,
    structure_rules,
)



def _bulleted(text: str) -> bool:
    """Whether a line opens with a bullet glyph (not a number or letter)."""
    marker = list_marker(text)[0]
    return bool(marker) and (marker == "o" or not any(ch.isalnum() for ch in marker))

_CONNECTIVE = re.compile(r"(?:AND|OR|AND/OR|EITHER|PLUS)", re.IGNORECASE)
_COLON = re.compile(r"^(?P<label>[^:\t]{2,60}?)\s*(?::|\t)\s*(?P<value>.*)$")
#: A checkbox cell of a criteria table: "☐ Yes ☐ No", "Y / N".
_CHECKBOX = re.compile(r"(?:[☐☑☒□■✓✔]\s*)?(?:(?:yes|no|y|n|met|not met)\s*(?:[/|]\s*)?(?:[☐☑☒□■✓✔]\s*)?)*", re.I)
#: A run-in label closed by a full stop: "Dosing. An induction dose of 2 g/kg …".
_PERIOD = re.compile(r"^(?P<label>[A-Z][^.:;,\t]{1,40}?)\.\s+(?P<value>[A-Z(].*)$")
#: Roles a run-in label ("Reauthorization: …") may take from its words alone; "Note:" or
#: "Evidence:" inside a field's text do not start a field of their own unless listed as labels.
RUN_IN_ROLES = frozenset({"selection_criteria", "exclusion_criteria", "continuation_criteria", "dose",
                          "outcome_measures", "duration", "diagnosis"})
#: A glossary's definition: one sentence opening with an article ("A request to continue therapy …").
#: A list item closed by its connective ("…; and", "…; or", "…; and/or"), at a line end or not
#: (a PDF cell's wrapped lines are joined).
_JOINED_ITEM = re.compile(r";\s+(?:and/or|and|or)\b", re.I)
_DEFINITION = re.compile(r"(?:A|An|The)\s(?:[^.•]|\.(?=\d))*\.?\Z")
#: Verbs that make a run-in phrase a sentence ("Evidence is limited. …"), never a label.
_FINITE_VERBS = frozenset({"is", "are", "was", "were", "has", "have", "had", "may", "should", "must", "can", "will",
                           "do", "does", "did", "shall", "would", "could"})
#: Roles of criteria fields, between which the content may overrule a label's near-miss wording.
CRITERIA_ROLES = ("selection_criteria", "exclusion_criteria", "continuation_criteria")
#: Roles a section title may give the entries under it ("Criteria for initial approval").
SECTION_ROLES = frozenset({"selection_criteria", "exclusion_criteria", "continuation_criteria"})


#: A stem and nothing else: "All of the following", "Either", "Both", "One or more of the following".
_STEM_ONLY = re.compile(r"(?:all|any|either|both|each|one|one\s+or\s+more|at\s+least\s+(?:\d+|one|two|three|four))"
                        r"(?:\s+of)?(?:\s+the\s+following)?(?:\s+(?:criteria|conditions|apply|applies))?", re.I)


def _stem_phrase(label: str) -> bool:
    """Whether a run-in phrase is a list's stem ("All of the following", "Either", "Both", "Any of
    the following"): its words set an operator and it says nothing else."""
    return _STEM_ONLY.fullmatch(label.strip()) is not None


def _split_run_on_items(cell: str) -> list[str]:
    """A cell's paragraphs, a paragraph that runs on from one lettered item into the next ("a. Age
    12 years or older: 30 to 700 IU/mL; or b. Age 6 to 11 years …") split where each item starts
    (:func:`extractor.nlp.criteria_tree.inline_item_starts`, when the paragraph opens with the first)."""
    pieces: list[str] = []
    for paragraph in cell.split("\n"):
        starts = inline_item_starts(paragraph.strip(), continuing=True) \
            if re.match(r"\s*\(?[a-h][.)]\s", paragraph) else []
        paragraph = paragraph.strip()
        if not starts:
            pieces.append(paragraph)
            continue
        bounds = starts + [len(paragraph)]
        pieces += [paragraph[a:b].strip() for a, b in zip(bounds, bounds[1:], strict=False)]
    return pieces


@dataclass
class Label:
    """A field label found on a line.

    Attributes:
        field: Canonical field name, or None when the label names none (its role then comes
            from the field's content).
        text: The label as written.
        line: Index of its line.
        start: Offset of the label.
        value_start: Offset where the field's text starts.
        in_table: Whether it is a table cell.
    """

    field: str | None
    text: str
    line: int
    start: int
    value_start: int
    in_table: bool
    source: str | None = "lexicon"
    end_line: int | None = None


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
    scheme: str | None = None


_STAGE_SPLIT = re.compile(r"^(?P<stage>[^–—:(]{3,40}?)\s*(?:[–—:]\s*|(?=\())(?P<name>.+)$")


def _stage_names(entries: list[dict[str, Any]]) -> None:
    """Name entries headed "<stage> — <name>" by their names when two or more of them share the stage
    ("Initial application — (ankylosing spondylitis)", "Renewal — (ankylosing spondylitis)"): the
    stage is what the block is, the rest what it is for, so one indication gathers both."""
    parts = [(_STAGE_SPLIT.match(e["item"].title), e) for e in entries]
    stages = Counter(m.group("stage").strip().lower() for m, _e in parts if m)
    for match, entry in parts:
        if match and stages[match.group("stage").strip().lower()] >= 2:
            entry["name"] = match.group("name").strip().strip("()").strip()


def _name_key(name: str) -> str:
    """An indication name compared across sections: without a bracketed qualifier ("(must meet
    all)") or a final colon, lower case, words only."""
    name = re.sub(r"\s*\((?:[^()]*\b(?:must|meet|all|any|one|either|both)\b[^()]*)\)\s*:?\s*$", "", name, flags=re.I)
    return normalise_label(name)


def normalise_label(text: str) -> str:
    """A label compared with another: lower case, words only."""
    return " ".join(re.findall(r"\w+", text.lower()))


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
        self._line_ends = [line.end for line in self.lines]  # lines are in reading order
        self.body = body_size(self.lines)
        spans = document.metadata.get("table_spans") or []
        # Only narrow tables (label | text, perhaps a third column) hold entries.
        widths = [max((len(row) for row in table.rows), default=0) for table in document.tables]
        self.table_spans = [(s["start"], s["end"]) for s in spans if s.get("start") is not None
                            and (s["table"] >= len(widths) or widths[s["table"]] <= 3)]
        self.all_table_spans = [(s["start"], s["end"]) for s in spans if s.get("start") is not None]
        self._label_x = self._label_columns()
        self._column_starts: dict[int, list[float]] = {}
        self._row_mates = self._same_row()
        self._short_rows: set[int] = set()  # entries from rows of tables with short cells only
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

    def _doc_table(self, table: int) -> Table | None:
        """The document table of the ``table``-th narrow table span."""
        spans = [s for s in self.document.metadata.get("table_spans") or [] if s.get("start") is not None]
        start, _end = self.table_spans[table]
        index = next((s["table"] for s in spans if s["start"] == start), None)
        return self.document.tables[index] if index is not None and index < len(self.document.tables) else None

    def _table_columns(self, table: int) -> int:
        """How many columns the ``table``-th narrow table has."""
        found = self._doc_table(table)
        return 2 if found is None else max((len(row) for row in found.rows), default=1)

    @cached_property
    def _table_lines(self) -> dict[int, list[int]]:
        """The indexes of each narrow table's lines, in reading order (computed once)."""
        found: dict[int, list[int]] = {}
        for index, line in enumerate(self.lines):
            table = self._table_of(line)
            if table is not None:
                found.setdefault(table, []).append(index)
        return found

    @cached_property
    def _label_tables(self) -> frozenset[int]:
        """Narrow tables of three columns whose first column labels each row ("Initiation |
        Criteria … | Documentation …"): under a header row that names no entry field, every first
        cell a short phrase and every row's other cells longer. A table whose header maps its
        columns to fields holds one entry per row instead (:meth:`row_entries`)."""
        labelled = set()
        # a table split by a page break is read as one: its parts follow each other with nothing between
        groups: list[list[int]] = []
        for number, (start, _end) in enumerate(self.table_spans):
            if groups and not self.text[self.table_spans[groups[-1][-1]][1]:start].strip():
                groups[-1].append(number)
            else:
                groups.append([number])
        for group in groups:
            parts = [self._doc_table(number) for number in group]
            if any(part is None for part in parts):
                continue
            table = Table(rows=[row for part in parts for row in part.rows])  # type: ignore[union-attr]
            if len(table.rows) < 2 or max(len(row) for row in table.rows) != 3:
                continue
            header = [cell for cell in table.rows[0] if cell.strip()]
            roles = [self.fields.label_role(cell)[0] for cell in header]
            if sum(role is not None for role in roles) >= 3 or (roles and roles[0] == "name"):
                continue  # columns of entry fields, or a first column of entry names ("Indication | Dose | …")
            rows = [row for row in table.rows[1:] if row and row[0].strip()]
            if len(rows) >= 2 and all(len(row[0].split()) <= 6 and row[0].strip()[:1].isalpha()
                                      and sum(len(cell.split()) for cell in row[1:]) > 2 * len(row[0].split())
                                      for row in rows):
                labelled.update(group)
                starts = self._header_columns(group[0])
                for number in group:
                    self._column_starts[number] = starts
        return frozenset(labelled)

    def _header_columns(self, table: int) -> list[float]:
        """Left edges of a table's columns from its first row's cells on one baseline (PDF), or []."""
        members = [self.lines[index] for index in self._table_lines.get(table, [])]
        first = members[0] if members else None
        if first is None or first.x0 is None or first.top is None:
            return []
        return sorted(line.x0 for line in members if line.page == first.page
                      and line.top is not None and abs(line.top - first.top) < 2.0 and line.x0 is not None)

    def column_of(self, index: int) -> int | None:
        """The table column line ``index`` was read from: the reader's (DOCX), or from the header's
        column edges for a row-labelled table (PDF); None outside such tables."""
        line = self.lines[index]
        if line.column is not None:
            return line.column
        table = self._table_of(line)
        if table is None or table not in self._label_tables or line.x0 is None:
            return None
        starts = self._column_starts.get(table) or []
        return max((number for number, edge in enumerate(starts) if line.x0 >= edge - 3.0), default=None)

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
        cells are labels only in a two-column row, and only in the left column. Lines on one
        baseline that the reader put far apart (text columns read one after the other) are not
        mates.
        """
        rows: dict[tuple[int, int], list[int]] = {}
        for index, line in enumerate(self.lines):
            if line.top is not None:
                rows.setdefault((line.page, round(line.top)), []).append(index)
        mates: list[tuple[int, bool]] = [(1, True)] * len(self.lines)
        for found in rows.values():
            # cells of one row are read one after another; lines on one baseline read far apart
            # are in different text columns of the page, not cells of a row
            groups: list[list[int]] = [[found[0]]]
            for index in found[1:]:
                if index - groups[-1][-1] <= 2:
                    groups[-1].append(index)
                else:
                    groups.append([index])
            for members in groups:
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

    def _after_list_item(self, index: int) -> bool:
        """Whether line ``index`` is back at the margin after a list item whose text has no final stop
        ("(iii) creatinine clearance of 25 mL/min or more" / "Renewal: …"): it starts where the item's
        marker does, not where a wrapped line of the item's text would."""
        if index == 0:
            return False
        line, previous = self.lines[index], self.lines[index - 1]
        if line.x0 is None or previous.x0 is None or list_marker(line.text)[0]:
            return False
        item = next((self.lines[n] for n in range(index - 1, max(-1, index - 6), -1)
                     if list_marker(self.lines[n].text)[0]), None)
        return item is not None and line.x0 <= item.x0 + 6.0 and previous.x0 >= item.x0 - 1.0  # type: ignore[operator]

    def label_at(self, index: int, *, after_label: bool = False) -> Label | None:
        """The field label on line ``index``, if any.

        Args:
            index: Line index.
            after_label: The previous line was a label (labels often follow each other with no
                gap: "Specialty: Immunology" then "Short or long term use: Long term").
        """
        line = self.lines[index]
        text = line.text.strip()
        if not text[:1].isalpha() or _bulleted(text) or (line.column or 0) > 0:
            return None  # (a line of a later cell, "a)\tlymphocyte count …", labels nothing)
        table = self._table_of(line)
        # Without positions a table row is one line ("Label<TAB>value", DOCX) opening in the first column.
        # Without positions a row's further lines (the text cell's paragraphs) have no tab.
        in_label_column = table is not None and (("\t" in text or self._table_columns(table) <= 1)
                                                 if line.x0 is None
                                                 else line.x0 - self._label_x.get(table, line.x0) <= 3.0)
        if (table is not None and not in_label_column) or (
                table is None and any(start <= line.start < end for start, end in self.all_table_spans)):
            return None
        mates, leftmost = self._row_mates[index]
        if (mates > 2 and not (table in self._label_tables and in_label_column)) or not leftmost:
            return None
        opens = after_label or self.after_sentence(index) or self._after_list_item(index)
        colon = _COLON.match(text) or _PERIOD.match(text)
        previous = self.lines[index - 1].text.rstrip() if index else ""
        if colon and line.lead_bold and colon.group("value").strip() and not previous.endswith((",", "-", "–")) \
                and abs(line.lead_bold - colon.start("value")) <= 2 and len(colon.group("label").split()) <= 6:
            # a run-in label set in bold ("**Indications for hydroxyurea:** Offer …"): a label by its
            # face, whatever it says, and a new block though the line before ends with no stop
            # ("… 35 mg/kg per day [A]"); its role comes from its words or its content
            role, source = self.fields.label_role(colon.group("label"))
            return Label(role, colon.group("label"), index, line.start, line.start + colon.start("value"),
                         table is not None, source or "style")
        if colon and opens and (text[:1].isupper() or table is not None):  # "continue treatment if:" wraps a sentence
            role, source = self.fields.label_role(colon.group("label"))
            short = len(colon.group("label").split()) <= 5
            value = colon.group("value")
            if source == "words" and (role not in RUN_IN_ROLES or not short or value[:1].islower()):
                # a definition ("Initial authorisation: the first period of …") is not a field
                role, source = None, None
            elif role is None and short and not value[:1].islower() and \
                    set(self.fields.label_votes(colon.group("label"))) & RUN_IN_ROLES:
                source = "words"
            if colon.re is _PERIOD and source != "lexicon" and not (source == "words" and role):
                source = None  # "Practice point. …": a sentence, unless its words name one role
            if source is not None:
                value_start = line.start + colon.start("value") if colon.group("value") else line.end
                return Label(role, colon.group("label"), index, line.start, value_start, table is not None, source)
        head = text.partition("\t")[0] if in_label_column else text
        if len(head.split()) > 12 or head[-1:] in ".,;":
            return None
        strong = (line.bold or in_label_column) and self.para_start(index)
        if len(head.split()) > 8 and not (strong and self.fields.match_label(head)):
            return None
        if strong or opens:
            # In a regular face with no gap around it, a line must match a label almost exactly.
            numbered = self.structure.numbered(text)
            # a numbered line ("B. Primary humoral immunodeficiency (excluded if any apply):") is a
            # heading unless what follows its number is a label almost exactly ("B. Dosage:")
            found = self.fields.match_label(numbered[1] if numbered else text,
                                            min_score=None if strong and not numbered else max(self.fields.min_score, 95))
            if found and table is None and self._heading_size(line) and not text.endswith(":") \
                    and (found[0] == "name" or self.para_end(index)):
                # A line standing alone in a heading's size ("Conditions", "Background", "References")
                # titles a section; it is a field's label only when its siblings say so
                # (:meth:`field_headings`). An entry's name label is set like the other labels.
                return None
            if found:
                return Label(found[0], text.rstrip(":"), index, line.start, line.end, table is not None)
            if in_label_column and self.para_start(index) and (self._table_columns(table) == 2
                                                               or table in self._label_tables):
                # The first column of a label | text table: a label by its place, whatever it says.
                cell, tab, _rest = text.partition("\t")
                value_start = line.start + len(cell) + 1 if tab else line.end
                if not tab:
                    # A label wrapped in its cell ("Who should not receive" / "treatment").
                    for later in range(index + 1, min(index + 4, len(self.lines))):
                        follow = self.lines[later]
                        if (self.para_start(later) or follow.x0 is None or self._table_of(follow) != table
                                or abs(follow.x0 - line.x0) > 3.0 or follow.bold != line.bold):
                            break
                        cell, value_start = self.text[line.start:follow.end], follow.end
                last = index
                if not tab:
                    last = next((n for n in range(index, len(self.lines)) if self.lines[n].end >= value_start), index)
                cell = " ".join(cell.split())
                role, source = self.fields.label_role(cell)
                return Label(role, cell.strip().rstrip(":"), index, line.start, value_start, True, source, last)
            if strong and line.bold and not self._heading_size(line) and len(text.split()) <= 6 \
                    and not self.structure.numbered(text) and set(self.fields.label_votes(text)) & RUN_IN_ROLES:
                # A bold line in the body size whose words name a role ("Continuing", "Stopping rules").
                role, source = self.fields.label_role(text)
                return Label(role if self._kind(role) == "text" else None, text.rstrip(":"), index, line.start,
                             line.end, table is not None, source or "words")
        return None

    def repeated_labels(self, labels: list[Label], headings: list[Heading]) -> tuple[list[Label], list[Heading]]:
        """Labels found by repetition: the same short line, or the same run-in phrase ("Dosing.",
        "Approval period:"), opening blocks under at least two different headings, when at least
        two such phrases recur. Repetition is the evidence; the lexicon is not consulted, and the
        role comes from the label's words or the content.
        """
        taken = {lab.line for lab in labels}
        heading_lines = {h.line: h for h in headings}
        # What opens an entry: a numbered or heading-sized heading, or a name label ("Indication 2: …").
        openers = sorted([h.start for h in headings if h.number is not None or self._heading_size(self.lines[h.line])]
                         + [lab.start for lab in labels if lab.field == "name"])
        candidates: list[tuple[str, int, int, str]] = []  # key, line, value start, text
        owner: int | None = None
        names = {lab.line for lab in labels if lab.field == "name"}
        for index, line in enumerate(self.lines):
            if (index in heading_lines and (heading_lines[index].number is not None or self._heading_size(line))) \
                    or index in names:
                owner = index
            outdented = index > 0 and line.x0 is not None and self.lines[index - 1].x0 is not None \
                and line.x0 < self.lines[index - 1].x0 - 3.0  # back at the margin after a list
            if index in taken or owner is None or self._table_of(line) is not None \
                    or not (self.after_sentence(index) or outdented):
                continue
            text = line.text.strip()
            if list_marker(text)[0] or not text[:1].isalpha() or connective(text):
                continue
            run_in = _COLON.match(text) or _PERIOD.match(text)
            if run_in and len(run_in.group("label").split()) <= 5 and "\t" not in text \
                    and not self.structure.excluded(run_in.group("label")):
                candidates.append((re.sub(r"\s*\d+$", "", self.fields.label_key(run_in.group("label"))), index,
                                   line.start + run_in.start("value"), run_in.group("label")))
            elif line.bold and not self._heading_size(line) and len(text.split()) <= 10 and text[-1:] not in ".,;" \
                    and self.structure.numbered(text) is None and not self.structure.excluded(text):
                candidates.append((self.fields.label_key(text), index, line.end, text.rstrip(":")))
        parents: dict[str, set[int]] = {}
        owners: dict[int, int] = {}
        owner_start = -1
        for key, index, _value, _text in candidates:
            owner_start = max((start for start in openers if start <= self.lines[index].start), default=-1)
            owners[index] = owner_start
            parents.setdefault(key, set()).add(owner_start)
        repeated = {key for key, where in parents.items() if len(where) >= 2 and key}
        # Labels already known count as evidence of the pattern too ("Eligibility" under each heading).
        known_keys: dict[str, set[int]] = {}
        for lab in labels:
            if lab.field == "name":
                continue
            owner_start = max((start for start in openers if start <= lab.start), default=-1)
            known_keys.setdefault(self.fields.label_key(lab.text), set()).add(owner_start)
        pattern = repeated | {key for key, where in known_keys.items() if len(where) >= 2}
        if not repeated or len(pattern) < 2:
            return labels, headings
        # Sub-blocks: phrases that mostly sit right under a label with no text of its own ("Dose" ›
        # "Initial"), and phrases that only ever follow such sub-blocks ("Maintenance").
        known = {lab.line: (self.fields.label_key(lab.text), lab.value_start) for lab in labels}
        by_line = {c[1]: c for c in candidates if c[0] in repeated}
        heads = {h.line for h in headings}
        under_empty: dict[str, list[bool]] = {}
        previous_keys: dict[str, set[str | None]] = {}
        previous: tuple[str | None, int] = (None, -1)
        for index, line in enumerate(self.lines):
            if index in heads and index not in by_line:
                previous = (None, -1)
            if index in known:
                previous = known[index]
                continue
            if index not in by_line:
                continue
            key, _line, value_start, _text = by_line[index]
            empty = previous[1] >= 0 and not self.text[previous[1]:line.start].strip()
            under_empty.setdefault(key, []).append(empty)
            previous_keys.setdefault(key, set()).add(previous[0])
            previous = (key, value_start)
        sub = {key for key, flags in under_empty.items() if sum(flags) * 2 > len(flags)}
        grown = True
        while grown:
            grown = False
            for key, before in previous_keys.items():
                if key not in sub and before and before <= sub:
                    sub.add(key)
                    grown = True
        added: list[Label] = []
        for key, index, value_start, text in candidates:
            if key not in repeated or key in sub:
                continue
            role, source = self.fields.label_role(text)
            added.append(Label(role, text, index, self.lines[index].start, value_start, False, source or "repeated"))
        lines = {lab.line for lab in added}
        return (sorted(labels + added, key=lambda lab: lab.start),
                [h for h in headings if h.line not in lines])

    def sibling_labels(self, labels: list[Label], headings: list[Heading]) -> list[Label]:
        """Run-in labels found by their siblings: under a heading where two or more run-in labels
        of one form ("Dosing: …" or "Dosing. …") already open paragraphs, another paragraph opening
        with a short phrase in that form ("Information required with the request: …", "Practice
        point. …") is a label too, whatever its words; its role comes from the words or the content.
        A phrase with a verb ("Evidence is limited. …") is a sentence, not a label.
        """
        bounds = sorted({h.start for h in headings} | {0, len(self.text)})
        taken = {lab.line for lab in labels}
        by_block: dict[int, list[Label]] = {}
        for lab in labels:
            if lab.field != "name" and not lab.in_table and lab.value_start < self.lines[lab.line].end:
                by_block.setdefault(bisect_right(bounds, lab.start), []).append(lab)
        added: list[Label] = []
        for index, line in enumerate(self.lines):
            block = by_block.get(bisect_right(bounds, line.start), [])
            if len(block) < 2 or index in taken or self._table_of(line) is not None \
                    or not self.after_sentence(index):
                continue
            text = line.text.strip()
            if list_marker(text)[0] or not text[:1].isupper() or connective(text):
                continue
            for form in (_COLON, _PERIOD):
                run_in = form.match(text)
                siblings = sum(1 for lab in block if form.match(self.lines[lab.line].text.strip())
                               and self.lines[lab.line].text.strip().startswith(lab.text))
                if run_in is None or siblings < 2 or not run_in.group("value")[:1].isupper() \
                        and not run_in.group("value")[:1].isdigit():
                    continue
                words = run_in.group("label").split()
                if len(words) > (6 if form is _COLON else 4) or "\t" in text \
                        or any(w.lower() in _FINITE_VERBS for w in words) \
                        or self.structure.excluded(run_in.group("label")):
                    continue
                owner = max((lab for lab in labels if lab.start < line.start), key=lambda lab: lab.start, default=None)
                if owner is not None and (owner.field == "dose" or owner.value_start >= self.lines[owner.line].end):
                    break  # "Dose" › "Induction: 2 g/kg …": sub-blocks of a field stay in it
                if any(0 <= n < len(self.lines) and n not in taken and self.after_sentence(n)
                       and (other := form.match(self.lines[n].text.strip())) is not None
                       and other.group("value").strip() and len(other.group("label").split()) <= 6
                       for n in (index - 1, index + 1)):
                    break  # a run of "Maintenance: …", "Maximum: …" lines is a list inside a field
                role, source = self.fields.label_role(run_in.group("label"))
                added.append(Label(role, run_in.group("label"), index, line.start, line.start + run_in.start("value"),
                                   False, source or "sibling"))
                break
        return sorted(labels + added, key=lambda lab: lab.start)

    def _signature(self, line: Line) -> tuple[float, bool, float]:
        return (round(line.size or 0.0, 1), line.bold, round((line.x0 or 0.0) / 4))

    def styled_labels(self, labels: list[Label], headings: list[Heading]) -> tuple[list[Label], list[Heading]]:
        """Headings set like the document's field labels, between labels of one entry, are labels.

        Standalone labels (alone on their line, outside tables) give the labels' style: font size,
        weight and left edge. An unnumbered heading in that style that follows a label with no
        larger heading between them is an unlisted label ("Chapter") — its role comes from its
        content — unless it opens a sub-block of the field above: it follows a label with no text
        between them ("Dose" › "Initial" › "Maintenance"), and then it stays in that field's text.
        """
        standalone = [lab for lab in labels if not lab.in_table and lab.value_start == self.lines[lab.line].end]
        styles = Counter(self._signature(self.lines[lab.line]) for lab in standalone)
        if not styles or styles.most_common(1)[0][1] < 2:
            return labels, headings
        style = styles.most_common(1)[0][0]
        kept: list[Heading] = []
        added: list[Label] = []
        sub_block = False
        events = sorted([(lab.start, "label", lab) for lab in labels] + [(h.start, "heading", h) for h in headings],
                        key=lambda item: item[0])
        last_label: Label | None = None
        last_end = -1
        for _start, kind, item in events:
            if kind == "label":
                last_label, sub_block = item, False
                last_end = self.lines[item.line].end
                continue
            heading: Heading = item
            same = (heading.number is None and heading.end_line == heading.line
                    and self._signature(self.lines[heading.line]) == style and len(heading.title.split()) <= 12)
            if not same or last_label is None:
                if not same:
                    last_label = None
                kept.append(heading)
                continue
            if sub_block or not self.text[last_end:heading.start].strip():
                sub_block = True  # a sub-heading of the field above: its text stays in that field
                last_end = self.lines[heading.line].end
                continue
            role, source = self.fields.label_role(heading.title)
            label = Label(role if self._kind(role) == "text" else None, heading.title, heading.line, heading.start,
                          self.lines[heading.line].end, False, source)
            added.append(label)
            last_label, last_end = label, self.lines[heading.line].end
        if not added and len(kept) == len(headings):
            return labels, headings
        return sorted(labels + added, key=lambda lab: lab.start), kept

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
        if _bulleted(text) or not text[:1].isalnum():
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
            scheme = self.structure.scheme(text) if level == 0 else None
            return Heading(number, title.strip(" :–-"), level or None, index, line.start, end_line, line.size,
                           line.bold, line.page, scheme)
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
            label = self.label_at(index, after_label=bool(labels) and (labels[-1].end_line or labels[-1].line) == index - 1)
            if label:
                labels.append(label)
                index = (label.end_line or index) + 1
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
        """The document's title: the largest unnumbered heading on the first page before its first
        numbered heading, set larger than every other heading."""
        if not headings:
            return None
        opening = []
        for heading in headings:
            if heading.number is not None or heading.page not in (None, 1):
                break
            opening.append(heading)
        candidates = [h for h in opening if h.size]
        if not candidates:
            return None
        first = max(candidates, key=lambda h: h.size or 0.0)
        if all((h.size or 0) < (first.size or 0) - 0.2 for h in headings if h is not first):
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
        scheme_levels: dict[str, int] = {}
        for heading in headings:
            if heading is title:
                continue
            if heading.scheme is not None:
                # Roman "I." then letters "A.": each scheme one below the heading it first appears under.
                if heading.scheme not in scheme_levels:
                    # Set like an earlier heading of another kind: that heading's level; else one below
                    # the heading it first appears under.
                    alike = next((h.level for h in previous if h.scheme != heading.scheme and h.level and h.size
                                  and heading.size and abs(h.size - heading.size) < 0.2 and h.bold == heading.bold),
                                 None)
                    above = next((h.level for h in reversed(previous) if h.scheme != heading.scheme and h.level), 0)
                    scheme_levels[heading.scheme] = alike or above + 1
                heading.level = scheme_levels[heading.scheme]
            elif heading.level is None:
                size = round(heading.size or 0, 1)
                if size in size_levels:
                    heading.level = size_levels[size]
                else:
                    larger = [h for h in previous if (h.size or 0) > (heading.size or 0) + 0.2
                              or ((h.size or 0) >= (heading.size or 0) - 0.2 and h.bold and not heading.bold)]
                    heading.level = (larger[-1].level or 0) + 1 if larger else 1
            if title is None or heading.start > title.start:  # a masthead above the title sets no level
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
        # Headings that each hold exactly one named entry, at a level where every heading holding one
        # does so (two or more): "3.1 Infliximab – Crohn's disease" over its own table. A chapter
        # heading with several "Indication:" rows under it never names them.
        owner: dict[int, int] = {}
        holder: int | None = None
        for number, segment in enumerate(segments):
            if segment["kind"] == "heading":
                holder = number
            elif holder is not None:
                owner[number] = holder
        held = Counter(owner.values())
        levels: dict[int | None, list[int]] = {}
        for number in held:
            levels.setdefault(segments[number]["item"].level, []).append(held[number])
        single = {level for level, counts in levels.items() if len(counts) >= 2 and set(counts) == {1}}
        for number, segment in enumerate(segments):
            item = segment["item"]
            if segment["kind"] == "name":
                if any(self._kind(lab.field) == "text" for lab in segment["labels"]):
                    segment["name_label"] = item
                    before = segments[number - 1] if number else None
                    if before is not None and before["kind"] == "heading" and before["end"] == segment["start"] \
                            and before["item"].level in single \
                            and all(self.header_row(lab) for lab in before["labels"]) \
                            and not self.structure.excluded(before["item"].title):
                        # "3.1 Infliximab – Crohn's disease" over a table whose "Indication" row states
                        # the use: the heading names the entry, the row is a field of it
                        segment["heading"] = before["item"]
                        segment["start"] = before["start"]
                    entries.append(segment)
                continue
            heading: Heading = item
            content = [lab for lab in segment["labels"] if self._kind(lab.field) == "text"]
            required = not self.fields.entry_requires or any(
                (lab.field in self.fields.entry_requires and self._substantial(lab, segment["labels"], segment["end"]))
                or self._content_requires(lab, labels, segment["end"]) for lab in segment["labels"])
            if len(segment["labels"]) >= 2 and content and required and not self._glossary(segment["labels"]):
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
                found = self.fields.label_role(cell) if cell.strip() else (None, None)
                names.append(found[0])
            if "name" not in names and names[0] is None and sum(n is not None for n in names) >= 2:
                names[0] = "name"
            kinds = [self.fields.spec(n).kind for n in names if n]
            if "name" not in names or sum(n is not None for n in names) < 3 or "text" not in kinds:
                names = self.record_columns(table, names) or []
                if not names:
                    continue
            # a table of short cells only ("Condition | Dose | Maximum") adds to entries named elsewhere
            short = all(len(" ".join(row[c].split()).split()) < 12 for row in table.rows[1:]
                        for c in range(len(row)) if c < len(names) and names[c] not in (None, "name"))
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
                    whole = normalise(cell)  # past the whole cell: its text may hold the next cell's words
                    cursor = at + (len(whole) if normal.text.startswith(whole, at) else len(probe))
                    offset = start + normal.span(at, at + 1)[0]
                    cells.append((row_number, column, names[column] if column < len(names) else None, offset))
            column_of = [column for _row, column, _name, _offset in cells]
            column_keys: dict[tuple[int, int], str] = {}
            repeated = {row_number for row_number, row in enumerate(table.rows)
                        if row_number and [normalise(c) for c in row] == [normalise(c) for c in header]}
            stops = [cells[n + 1][3] if n + 1 < len(cells) else end for n in range(len(cells))]
            row_entry: dict[int, Indication] = {}  # the entry each row of this table belongs to
            for number, (row_number, _column, name, offset) in enumerate(cells):
                if name != "name" or row_number == 0 or row_number in repeated:
                    continue
                text, _value_start, _value_end = self._clean(offset, stops[number])
                if text:
                    entries.append(Indication(name=" ".join(text.split()), specialty=None, use=None,
                                              layout="row-table", fields={}, start=offset, end=offset,
                                              section=self._section_of(offset, sections)))
                    if short:
                        self._short_rows.add(id(entries[-1]))
                if entries:  # an empty name cell continues the entry above (a row split by a page break)
                    row_entry[row_number] = entries[-1]
            for number, (row_number, _column, name, offset) in enumerate(cells):
                entry = row_entry.get(row_number)
                if name is None or name == "name" or entry is None:
                    continue
                name = name or None  # "": a column whose header names no role
                label = header[column_of[number]] if column_of[number] < len(header) else name
                for block, (block_label, block_start, block_stop) in enumerate(
                        self._cell_blocks(offset, stops[number], name)):
                    text, value_start, value_end = self._clean(block_start, block_stop)
                    if not text:
                        continue
                    if block:  # a labelled or differently-minded paragraph of the cell: a field of its own
                        found = self.fields.label_role(block_label) if block_label else (None, None)
                        role, source = (found[0], "label") if found[0] else ("duration", "content") \
                            if states_duration(text) else self.field_role(
                                Label(None, block_label or "", 0, block_start, block_start, True), text)
                        value = FieldValue(block_label or "", text, value_start, value_end,
                                           self.document.page_at(value_start), role=role, role_source=source,
                                           units=self.units(block_start, block_stop))
                        entry.fields[field_key(entry.fields, FieldValue(block_label or "", "", 0, 0, None,
                                                                        role=role))] = value
                        entry.end = max(entry.end, value_end)
                        continue
                    key = column_keys.get((id(entry), column_of[number]))
                    if key in entry.fields:
                        old = entry.fields[key]
                        entry.fields[key] = FieldValue(old.label, old.text + "\n" + text, old.start, value_end, old.page,
                                                       role=old.role, role_source=old.role_source,
                                                       units=old.units + self.units(block_start, block_stop))
                    else:
                        role, source = (name, "label") if name else self.field_role(
                            Label(None, label, 0, offset, offset, True), text)
                        value = FieldValue(label, text, value_start, value_end, self.document.page_at(value_start),
                                           role=role, role_source=source, units=self.units(block_start, block_stop))
                        key = column_keys[(id(entry), column_of[number])] = field_key(entry.fields, value)
                        entry.fields[key] = value
                    entry.end = max(entry.end, value_end)
            self._column_roles([entry for entry in entries if entry.layout == "row-table"], header)
        for entry in entries:
            meta = {k: entry.fields.pop(k) for k in [k for k in entry.fields if self._kind(k) == "meta"]}
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

    def _cell_blocks(self, start: int, stop: int, column_role: str | None) -> list[tuple[str | None, int, int]]:
        """A record-table cell cut where a paragraph begins another field: ``(label, start, stop)``s.

        The first block is the column's own field (label None). A later paragraph opening with a
        short run-in label saying another role than the cell's (``column_role``, else the cell's
        content) — "Dose: 12 mg/kg …" in a criteria cell — starts a field of that label; an unmarked paragraph
        stating an approval length ("Initial approval for 6 months; renewal subject to …") starts
        an unlabelled field.
        """
        first = bisect_right(self._line_ends, start)
        lines = [n for n in range(first, len(self.lines)) if self.lines[n].start < stop]
        cuts: list[tuple[str | None, int]] = [(None, start)]
        base_role = column_role or ("duration" if states_duration(self.text[start:stop]) else None)
        for index in lines:
            line = self.lines[index]
            if line.start <= start:
                continue
            marked = bool(list_marker(line.text)[0])
            opens = self.para_start(index) or self.after_sentence(index) or self._after_list_item(index)
            run_in = _COLON.match(line.text.strip())
            if opens and not marked and run_in and run_in.group("value").strip():
                label = run_in.group("label").strip()
                if 0 < len(label.split()) <= 4 and label[:1].isupper() and not re.search(r"\d", label) \
                        and not _STEM_ONLY.match(label):
                    cuts.append((label, line.start))
                    continue
            if opens and not marked and base_role != "duration" and states_duration(self.text[line.start:stop]):
                cuts.append((None, line.start))
        # a run-in label opens a field of its own only when it says another role than the cell does
        # ("Dose:" under clinical criteria); "IVIG:" / "SCIG:" in a dosing cell are parts of one field
        ends = [at for _label, at in cuts[1:]] + [stop]
        base = column_role or role_from_content(self.text[start:ends[0]])
        kept = [cuts[0]]
        for (label, at), end in zip(cuts[1:], ends[1:], strict=True):
            if label is not None:
                said = self.fields.label_role(label)[0] or role_from_content(self.text[at:end])
                if not said or said == base:
                    continue
            kept.append((label, at))
        cuts = kept
        blocks = []
        for number, (label, at) in enumerate(cuts):
            end = cuts[number + 1][1] if number + 1 < len(cuts) else stop
            value = at if label is None else at + self.text[at:end].index(":") + 1
            blocks.append((label, value, end))
        return blocks

    def _column_roles(self, entries: list[Indication], header: list[str]) -> None:
        """Give every cell of a column whose header names no role the role its cells' content says
        most: a column holds one kind of field ("Clinical criteria" is selection criteria in every
        row, though one row's wording alone would not tell). The role must be said by a third of
        the cells at least, and twice as often as any other."""
        by_label: dict[str, list[FieldValue]] = {}
        changed: set[int] = set()
        for entry in entries:
            for value in entry.fields.values():
                if value.label in header and value.role_source in ("content", None):
                    by_label.setdefault(value.label, []).append(value)
        for values in by_label.values():
            votes = Counter(v.role for v in values if v.role).most_common(2)
            clear = bool(votes) and votes[0][1] * 3 >= len(values) and (len(votes) == 1 or votes[0][1] >= 2 * votes[1][1])
            listed = sum(len(_JOINED_ITEM.findall(v.text)) >= 2 for v in values)
            if not clear and listed * 2 >= len(values) and not {r for r, _n in votes} & {
                    "exclusion_criteria", "continuation_criteria"}:
                # cells of conditions joined item by item ("(a) …; and (b) …; and (c) either: …"),
                # none marked as exclusion or continuation: who may start, as a plain list says
                votes, clear = [("selection_criteria", listed)], True
            if clear:
                role = votes[0][0]
                for value in values:
                    if value.role is None:
                        value.role, value.role_source = role, "content"
                        changed.add(id(value))
        for entry in entries:  # keyed by the role now known, as fields are
            if any(id(value) in changed for value in entry.fields.values()):
                fields: dict[str, FieldValue] = {}
                for key, value in entry.fields.items():
                    fields[field_key(fields, value) if id(value) in changed else key] = value
                entry.fields = fields

    def record_columns(self, table: Table, names: list[str | None]) -> list[str | None] | None:
        """What each column of a table of records holds, when the table is one: one entry per row.

        Structure decides, the label lexicon only adds evidence. The first row is a header (short
        cells, no figures, no sentences) over at least two columns, at least one body column holds
        long text (criteria, doses), and one short column names each row's entry: the short column
        whose cells differ most from row to row, its header naming the entry ("Indication",
        "Condition") as evidence, and counted against a column of figures and units (strengths
        of a product) or whose text repeats down the rows (a drug merged over its indications).

        Returns:
            ``"name"`` for the name column, the role a header names (lexicon), ``""`` for a
            column whose header names none (its role then comes from its content), None for an
            empty column; or None when the table is not a table of records.
        """
        header = table.rows[0]
        width = len(header)
        if width < 2 or any(len(row) != width for row in table.rows):
            return None
        key = [" ".join(cell.split()).lower() for cell in header]
        body = [row for row in table.rows[1:] if [" ".join(c.split()).lower() for c in row] != key]
        if not body or any(not cell.strip() for cell in header):
            return None
        if any(len(cell.split()) > 6 or re.search(r"\d|[.;:]\s*$", cell.strip()) for cell in header):
            return None  # not a header row
        columns = [[" ".join(row[c].split()) for row in body] for c in range(width)]
        filled = [[cell for cell in column if cell] for column in columns]
        mean_words = [sum(len(c.split()) for c in cells) / len(cells) if cells else 0.0 for cells in filled]
        long = [c for c in range(width) if mean_words[c] >= 12]
        named_column = next((c for c in range(width) if names[c] == "name"), None)
        if not long and named_column is None:
            return None  # short cells under headers naming nothing: a grid of values, not entries
        best, best_score = None, 0.0
        for c in range(width):
            cells = filled[c]
            if c in long or not cells or mean_words[c] > self.structure.max_heading_words:
                continue
            score = len(set(cells)) / len(cells) * len(cells) / len(body)
            # figures with units (a product's strengths, "162 mg/0.9 mL") name no entry
            score -= sum(any(q.unit is not None for q in scan(cell)) for cell in cells) / len(cells)
            # a name is words: a column of dates or codes ("07/01/2025", "J1459") names no entry
            score -= sum(sum(ch.isalpha() for ch in cell) * 2 < len(cell) for cell in cells) / len(cells) * 2
            named = names[c] == "name" or (self.fields.match_label(header[c]) or (None,))[0] == "name"
            score += 1.0 if named else 0.0
            score -= 0.5 if names[c] not in (None, "name") else 0.0  # a header naming a role is a field
            if score > best_score + 1e-9:
                best, best_score = c, score
        if best is None or (not long and best != named_column):
            return None
        numbering = [c for c in range(width) if filled[c] and all(re.fullmatch(r"[\dA-Za-z]{1,3}[.)]?", x)
                                                                    for x in filled[c])]  # "Item": 1, 2, 3
        return ["name" if c == best else (names[c] if names[c] not in (None, "name") else "")
                if filled[c] and c not in numbering else None for c in range(width)]

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

    def _glossary(self, labels: list[Label]) -> bool:
        """Whether a segment's labels are the rows of a two-column table under a header row ("Term |
        Definition", "Abbreviation | Meaning"): a glossary, not an indication's fields. The header is
        a first row set in bold throughout, whose label names no role and whose text is one or two words."""
        first = labels[0] if labels else None
        if first is None or not first.in_table or first.field is not None:
            return False
        table = self._table_of(self.lines[first.line])
        if table is None or not all(self._table_of(self.lines[lab.line]) == table for lab in labels):
            return False
        if not self.header_row(first, labels[1].start if len(labels) > 1 else None):
            return False
        # rows whose labels name roles ("Inclusion criteria", "Dose") are an indication's fields under
        # a "Criterion | Requirement" header, not terms being defined ("Renewal | A request to
        # continue therapy …": one sentence opening with an article defines the term)
        rows = labels[1:]
        stops = [lab.start for lab in rows[1:]] + [None]
        definitions = sum(1 for lab, stop in zip(rows, stops, strict=True)
                          if _DEFINITION.match(self.text[lab.value_start:stop or lab.value_start + 400].strip()))
        return sum(1 for lab in rows if lab.field is not None) < 2 or definitions * 2 >= len(rows)

    def header_row(self, label: Label, stop: int | None = None) -> bool:
        """Whether a table label and its value are a header row ("Term | Definition", "Item |
        Details"): the first row of its table, set in bold throughout, its label naming no role and
        its text one or two words."""
        if not label.in_table or label.field is not None:
            return False
        table = self._table_of(self.lines[label.line])
        if table is None or self._table_lines.get(table, [label.line])[0] < label.line:
            return False
        stop = stop if stop is not None else label.value_start + 40
        value = self.text[label.value_start:stop].strip().split("\n")[0]
        limit = min(stop, label.value_start + len(value) + 1)
        cells = list(itertools.takewhile(lambda line: line.start < limit, self.lines[label.line:]))
        header = bool(cells) and all(line.bold for line in cells)  # both cells set as a header
        return header and 0 < len(value.split()) <= 2 and not re.search(r"[\d.,;:]", value)

    def _kind(self, name: str | None) -> str:
        """``"meta"`` for name, specialty and use; ``"text"`` for every other field, named or not."""
        if name is None:
            return "text"
        try:
            return self.fields.spec(name).kind
        except StopIteration:
            return "text"

    def _substantial(self, label: Label, labels: list[Label], end: int) -> bool:
        """Whether a label's value says enough to be criteria: five words or more, or a list — not a
        summary box's status ("Recommendation | Reimbursed with restrictions")."""
        following = [lab.start for lab in labels if lab.start > label.start] + [end]
        value = self.text[label.value_start:min(following)]
        return len(value.split()) >= 5 or "\n" in value.strip()

    def _content_requires(self, label: Label, labels: list[Label], end: int) -> bool:
        """Whether a label that names no role heads criteria content (so its entry is an indication)."""
        if label.field is not None:
            return False
        following = [lab.start for lab in labels if lab.start > label.start] + [end]
        text = self.text[label.value_start:min(following)]
        return role_from_content(text) in self.fields.entry_requires

    def field_role(self, label: Label, text: str) -> tuple[str | None, str | None]:
        """A field's role from its label (lexicon, or role words naming one role) and its content.

        A label whose words name several roles ("Monitoring and stopping criteria") takes the
        one its content points at among them; a label naming none takes the content's role, if
        the content is clear; else the role is None.
        """
        if label.field is not None:
            if label.field in CRITERIA_ROLES and self.fields.match_label(label.text) != (label.field, 100.0):
                # A label near a listed wording ("Recommendation 2") yields to criteria content that
                # plainly says otherwise ("IVIG is not recommended for …").
                stated = lead_role(text)
                if stated in ("exclusion_criteria", "continuation_criteria") and stated != label.field:
                    return stated, "label+content"  # the marked roles; "selection" is what a plain list is
                chosen = role_from_content(text, among=set(CRITERIA_ROLES))
                scores = content_roles(text)
                if chosen and chosen != label.field and scores.get(chosen, 0) >= 0.5 \
                        and scores.get(chosen, 0) > scores.get(label.field, 0):
                    return chosen, "label+content"
            if label.field == "outcome_measures" and lead_role(text) == "continuation_criteria" \
                    and any(line.rstrip().endswith(":") for line in text.splitlines()):
                # "Review: continue only where all of the following are met:" states rules to
                # continue by, not measures to record.
                return "continuation_criteria", "label+content"
            return label.field, "label"
        votes = set(self.fields.label_votes(label.text))
        if votes:
            chosen = role_from_content(text, among=votes)
            if chosen:
                return chosen, "label+content"
            return max(votes, key=lambda role: self.fields.label_votes(label.text)[role]), "label"
        chosen = role_from_content(text)
        return (chosen, "content") if chosen else (None, None)

    def _lead_field(self, entry: dict[str, Any], stop: int, sections: list[Section]) -> FieldValue | None:
        """The text between an entry's heading and its first label, as a field when the section
        holding the entry names a role ("Criteria for initial approval" › "A. Primary
        immunodeficiency") or the entry has no labels at all; else None (an introduction)."""
        item = entry["item"]
        if not isinstance(item, Heading):
            return None
        begin = self.lines[item.end_line].end
        text, start, end = self._clean(begin, stop)
        if not text:
            return None
        index = self._section_of(item.start, sections)
        parent = sections[index].parent if index is not None else None
        role, source = (None, None)
        label = ""
        if parent is not None:
            role, source = self.fields.label_role(sections[parent].title)
            label = sections[parent].title if role else ""  # "3.1 Upadacitinib" › … names no field
        if role is None and entry["labels"]:
            return None
        if role is None:
            role = role_from_content(text)
            source = "content" if role else None
        else:
            source = "section"
        return FieldValue(label, text, start, end, self.document.page_at(start), role=role, role_source=source,
                          units=self.units(begin, stop))

    def numbered_paragraphs(self, value: FieldValue) -> list[FieldValue]:
        """A lead field made of numbered paragraphs ("1.1 X is recommended …", "1.2 Give X as …")
        as one field per paragraph, each with the role its content states (the section's role
        when the content is criteria without a clearer role)."""
        units = value.units
        numbered = [u for u in units if re.fullmatch(r"\d{1,2}\.\d{1,2}", u.marker)]
        if len(numbered) < 2:
            return [value]
        edge = min(u.indent for u in numbered if u.indent is not None) if any(
            u.indent is not None for u in numbered) else None
        starts = [u for u in numbered if edge is None or u.indent is None or abs(u.indent - edge) <= 3.0]
        if len(starts) < 2:
            return [value]
        fields: list[FieldValue] = []
        bounds = [self.text.rfind(u.marker, value.start, u.start) for u in starts] + [max(value.end, units[-1].end)]
        if value.start < bounds[0] and self.text[value.start:bounds[0]].strip():
            bounds.insert(0, value.start)
        for begin, stop in zip(bounds, bounds[1:], strict=False):
            text, start, end = self._clean(begin, stop)
            if not text:
                continue
            role = role_from_content(text)
            if role is None and value.role in SECTION_ROLES:
                role = role_from_content(text, among=set(SECTION_ROLES))
            part = FieldValue("", text, start, end, self.document.page_at(start), role=role,
                              role_source="content" if role else None,
                              units=[u for u in units if begin <= u.start < stop])
            fields.append(part)
        return fields or [value]

    def prose_paragraphs(self, value: FieldValue) -> list[FieldValue]:
        """An unlabelled entry's text as one field per paragraph when its paragraphs say different
        things — who may start, who may not, the dose, when to stop — each with the role its
        content states; a paragraph ending in a colon keeps the list it introduces."""
        units = value.units
        starts = [u for u in units if not u.marker and not connective(u.text)]
        if len(starts) < 2:
            return [value]
        bounds = [u.start for u in starts] + [value.end]
        bounds[0] = min(bounds[0], value.start)
        fields: list[FieldValue] = []
        for begin, stop in zip(bounds, bounds[1:], strict=False):
            text, start, end = self._clean(begin, stop)
            if not text:
                continue
            role = "duration" if states_duration(text) else role_from_content(text)
            fields.append(FieldValue("", text, start, end, self.document.page_at(start), role=role,
                                     role_source="content" if role else None,
                                     units=[u for u in units if begin <= u.start < stop]))
        if len({f.role for f in fields}) < 2:
            return [value]
        return fields

    def units(self, start: int, end: int) -> list[Unit]:
        """The list items, paragraphs and connective lines between two offsets, with their left
        edges (offsets into the document text), for :func:`extractor.nlp.criteria_tree.build_tree`."""
        units: list[Unit] = []
        tables = [(s["table"], s["start"], s["end"]) for s in self.document.metadata.get("table_spans") or []
                  if s.get("start") is not None and start <= s["start"] and s["end"] <= end + 1
                  and s["table"] < len(self.document.tables)]  # a table inside the field, not the one holding it
        inside = [(a, b) for _t, a, b in tables]
        first = max(0, bisect_right(self._line_ends, start))
        after_table = False  # nothing continues across a table
        for index in range(first, len(self.lines)):
            line = self.lines[index]
            if line.start >= end:
                break
            if any(a <= line.start < b for a, b in inside):
                after_table = True
                continue
            if line.end <= start:
                continue
            column = self.column_of(index)
            if column is not None and column >= 2 and self._table_of(line) in self._label_tables:
                continue  # "Documentation required": another cell of the row, not the criteria
            begin = max(line.start, start)
            stop = min(line.end, end)
            raw = self.text[begin:stop]
            if not raw.strip():
                continue
            marker, body = list_marker(raw)
            body_start = begin + (raw.index(body) if body else 0)
            body_end = body_start + len(body)
            # a value starting after its run-in label has no indent of its own ("Initial approval: For
            # … all of the following:" over items at the margin): the shallowest, like a heading's
            indent = (line.x0 if line.x0 is not None else line.indent) if begin == line.start else None
            previous = units[-1] if units and not after_table else None
            after_table = False
            outdented = previous is not None and bool(previous.marker) and previous.indent is not None \
                and indent is not None and indent < previous.indent - 1.0
            new_block = self.para_start(index) or line.start < start or outdented or (
                self.line_paragraphs and not self.document.lines)
            if continues(previous, marker, body, new_block=new_block):
                assert previous is not None
                previous.end = body_end
                previous.text = self.text[previous.start:body_end]
                continue
            units.append(Unit(body, body_start, body_end, marker, indent))
        for table, a, b in tables:
            units += self.table_units(table, a, b)
        return sorted(units, key=lambda unit: unit.start)

    def table_units(self, table: int, start: int, end: int) -> list[Unit]:
        """A criteria table's rows as units: "No. | Criterion | Met? (☐ Yes ☐ No)" → one item per
        row, numbered by its first cell, its text the criterion cell (the longest that is not a
        checkbox); further paragraphs of that cell are sub-items. A header row without a number
        is left out when the other rows have one."""
        from extractor.policy.text import NormalText, normalise

        rows = self.document.tables[table].rows
        normal = NormalText(self.text[start:end])
        edges = [line.x0 if line.x0 is not None else line.indent for line in self.lines if start <= line.start < end]
        edge = min((e for e in edges if e is not None), default=None)
        cursor = 0
        numbered = [row for row in rows if row and re.fullmatch(r"\(?\d{1,2}[.)]?|[a-z][.)]", row[0].strip())]
        units: list[Unit] = []
        for row in rows:
            cells = [cell for cell in row if cell.strip()]
            if not cells:
                continue
            marker = row[0].strip() if re.fullmatch(r"\(?\d{1,2}[.)]?|[a-z][.)]", row[0].strip()) else ""
            if not marker and len(numbered) >= 2 and not any(is_instruction(cell) for cell in cells):
                continue  # a header row; a row saying which criteria must be met is kept
            texts = [cell for cell in (row[1:] if marker else row) if not _CHECKBOX.fullmatch(cell.strip())]
            if not texts:
                continue
            criterion = max(texts, key=len)
            for depth, paragraph in enumerate(p for p in _split_run_on_items(criterion) if p.strip()):
                sub_marker, body = list_marker(paragraph)
                probe = normalise(body)[:40]
                at = normal.text.find(probe, cursor) if probe else -1
                if at < 0:
                    continue
                cursor = at + len(probe)
                begin, _ = normal.span(at, at + 1)
                _, finish = normal.span(at + len(normalise(body)) - 1, at + len(normalise(body)))
                indent = None if edge is None else edge + (0.0 if depth == 0 else 20.0)
                units.append(Unit(self.text[start + begin:start + finish], start + begin, start + finish,
                                  marker if depth == 0 else (sub_marker or "•"), indent))
        return units

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
        run_on: FieldValue | None = None
        if "heading" in entry:
            name_label = entry["name_label"]
            name = entry["heading"].title
            layout = "table" if name_label.in_table else "labelled"
            stop = labels[0].start if labels else entry["end"]
            text, start, end = self._clean(name_label.value_start, stop)
            run_on = FieldValue(name_label.text, text, start, end, self.document.page_at(start),
                                role="indication_for_use", role_source="label")
        elif "name_label" in entry:
            name_label: Label = entry["name_label"]
            stop = labels[0].start if labels else entry["end"]
            name = " ".join(self._clean(name_label.value_start, stop)[0].split())
            layout = "table" if name_label.in_table else "labelled"
            sentence = re.search(r"\.\s+(?=[A-Z])", self.text[name_label.value_start:stop])
            if not name_label.in_table and sentence is not None:
                # "Indication 1: Chronic ITP. IVIG is considered reasonable … when ALL of …": the name
                # ends with its sentence; what follows is the entry's first field.
                cut = name_label.value_start + sentence.end()
                name = " ".join(self.text[name_label.value_start:name_label.value_start + sentence.start()].split())
                text, start, end = self._clean(cut, stop)
                role = role_from_content(text)
                run_on = FieldValue("", text, start, end, self.document.page_at(start), role=role,
                                    role_source="content" if role else None, units=self.units(cut, stop))
        else:
            name = entry.get("name") or entry["item"].title
            layout = "table" if labels and sum(lab.in_table for lab in labels) * 2 > len(labels) else "headed"
        values: dict[str, FieldValue] = {}
        previous_label: Label | None = None
        lead_end = labels[0].start if labels else entry["end"]
        lead = self._lead_field(entry, lead_end, sections) or run_on
        parts = self.numbered_paragraphs(lead) if lead is not None else []
        if lead is not None and parts == [lead] and not lead.label and not labels:
            parts = self.prose_paragraphs(lead)
        for part in parts:
            values[field_key(values, part)] = part
        pending: list[tuple[Label, int]] = []
        for number, label in enumerate(labels):
            stop = labels[number + 1].start if number + 1 < len(labels) else entry["end"]
            line = self.lines[label.line]
            if not label.in_table and line.bold and label.value_start < line.end \
                    and len(self.text[label.value_start:line.end].split()) <= 3 and self.text[line.end:stop].strip():
                # "Priority: Medium" set in bold on its own line: its value ends with the line; the
                # plain paragraph after it is a field of its own, its role from its content
                pending.append((label, line.end))
                rest = Label(None, "", label.line, line.end, line.end, False, "unlabelled")
                pending.append((rest, stop))
                continue
            pending.append((label, stop))
        for number, (label, stop) in enumerate(pending):
            if number == 0 and len(pending) > 1 and self.header_row(label, stop):
                continue  # "Criterion | Requirement": the table's header row names its columns, no field
            text, start, end = self._clean(label.value_start, stop)
            if label.field is not None and previous_label is not None and label.field == previous_label.field \
                    and label.field in values \
                    and self.fields.label_key(label.text) == self.fields.label_key(previous_label.text):
                # The label repeated (a row continued on the next page): one field, without the
                # repeated label in its text.
                previous = values[label.field]
                joined = "\n".join(part for part in (previous.text, text) if part)
                values[label.field] = FieldValue(previous.label, joined, previous.start, max(end, previous.end),
                                                 previous.page, role=previous.role, role_source=previous.role_source,
                                                 units=previous.units + self.units(label.value_start, stop))
                continue
            previous_label = label
            if self._kind(label.field) == "meta":
                values[label.field] = FieldValue(label.text, text, start, end, self.document.page_at(start),
                                                 role=label.field, role_source="label")
                continue
            last = list(values.values())[-1] if values else None
            if last is None and _stem_phrase(label.text) and label.field is None:
                # the entry opens with "All of the following:": an unlabelled field, its stem included
                text, start, end = self._clean(label.start, stop)
                role = role_from_content(text)
                values[field_key(values, FieldValue("", text, start, end, None))] = FieldValue(
                    "", text, start, end, self.document.page_at(start), role=role,
                    role_source="content" if role else None, units=self.units(label.start, stop))
                continue
            if last is not None and _stem_phrase(label.text) and label.field is None:
                # "All of the following:" opens the list of the field before it, never a field
                self._extend_last(values, end, stop)
                continue
            role, source = self.field_role(label, text)
            if last is not None and label.field is None and source == "content" and role == "dose" \
                    and last.role == "dose" and label.source in ("repeated", "sibling", "words"):
                # "Utilization guidelines: 2 g/kg …" then "Maximum: 2 g/kg per 4-week cycle": a line of
                # the dose whose label names no role of its own stays in the dose
                self._extend_last(values, end, stop)
                continue
            value = FieldValue(label.text, text, start, end, self.document.page_at(start), role=role,
                               role_source=source, units=self.units(label.value_start, stop))
            values[field_key(values, value)] = value
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
        content = {key: value for key, value in values.items() if self._kind(value.role) == "text"
                   or value.role_source != "label"}
        first, last = self.document.page_at(entry["start"]), self.document.page_at(max(entry["start"], entry["end"] - 1))
        pages = list(range(first, (last or first) + 1)) if first else []
        return Indication(name=name, specialty=specialty, use=use, layout=layout, fields=content,
                          start=entry["start"], end=entry["end"], pages=pages, section=section_index)

    def _extend_last(self, values: dict[str, FieldValue], end: int, stop: int) -> None:
        """Stretch the last field of ``values`` to ``end``: a labelled line that belongs to it."""
        key, last = list(values.items())[-1]
        text, _start, _end = self._clean(last.start, end)
        values[key] = FieldValue(last.label, text, last.start, end, last.page, role=last.role,
                                 role_source=last.role_source, units=self.units(last.start, stop))

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

        An item starts at a line opening with a list marker (:data:`extractor.vocabulary.LIST_MARKER`:
        a bullet, "(a)", "ii)", "3." …); its wrapped lines follow without a paragraph break. Items
        of one list follow each other with nothing else between them.
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
            marker = list_marker(self.lines[index].text)[0] if index not in stops else ""
            if not marker:
                if index in stops or self.para_start(index):
                    close()
                index += 1
                continue
            last = index
            while (last + 1 < len(self.lines) and last + 1 not in stops and not self.para_start(last + 1)
                   and not list_marker(self.lines[last + 1].text)[0]):
                last += 1
            start, end = self.lines[index].start, self.lines[last].end
            section = self._section_of(start, sections)
            if current and section != owner:
                close()
            owner = section
            text = " ".join(self.text[start:end].split())
            current.append({"marker": marker, "text": list_marker(text)[1], "start": start, "end": end})
            index = last + 1
        close()

    def field_headings(self, labels: list[Label], headings: list[Heading]) -> tuple[list[Label], list[Heading]]:
        """Sub-headings that are an entry's fields become labels.

        A heading's direct sub-headings are its fields when at least two of them, and at least
        half, name a role ("Recommendations", "Dosing", "Duration and review"), none of them has
        sub-headings of its own, and the heading is not the only parent of the whole document.
        The others among them become labels too (their role then comes from their content).
        """
        converted: set[int] = set()
        for number, heading in enumerate(headings):
            level = heading.level or 1
            children: list[int] = []
            for later in range(number + 1, len(headings)):
                if (headings[later].level or 1) <= level:
                    break
                children.append(later)
            if len(children) < 2:
                continue
            top = min(headings[i].level or 1 for i in children)
            direct = [i for i in children if (headings[i].level or 1) == top]
            if len(direct) != len(children):
                continue
            if any(headings[i].scheme == "appendix" for i in direct):
                continue
            # a scope note in brackets ("(excluded if any apply)", "(must meet all)") says how an
            # entry's criteria combine; it names no field
            named = [i for i in direct if self.fields.label_votes(_name_key(headings[i].title))
                     or self.fields.match_label(_name_key(headings[i].title))]
            if len(named) >= 2 and len(named) * 2 > len(direct):
                converted.update(direct)
        if not converted:
            return labels, headings
        for index in converted:
            heading = headings[index]
            role, source = self.fields.label_role(heading.title)
            value_start = self.lines[heading.end_line].end
            labels.append(Label(role if self._kind(role) == "text" else None, heading.title, heading.line,
                                heading.start, value_start, False, source))
        labels.sort(key=lambda lab: lab.start)
        return labels, [h for i, h in enumerate(headings) if i not in converted]

    def section_entries(self, labels: list[Label], headings: list[Heading], sections: list[Section],
                        taken: list[tuple[int, int]]) -> list[dict[str, Any]]:
        """Entries named by sub-headings of a section whose title names a role: "II. Criteria for
        initial approval" › "A. Primary immunodeficiency (must meet all)" is the primary
        immunodeficiency entry, its text the selection criteria."""
        by_parent: dict[int, list[dict[str, Any]]] = {}
        # Whatever their titles say, sections whose sub-headings name the same entries as another
        # section's ("II. Initial approval" and "III. Continued therapy", each › A. PID, B. CIDP …)
        # hold those entries' fields.
        names: dict[int, set[str]] = {}
        for index, section in enumerate(sections):
            if section.parent is not None:
                names.setdefault(section.parent, set()).add(_name_key(section.title))
        recurring = {parent for parent, keys in names.items()
                     if any(len(keys & others) >= 2 for other, others in names.items() if other != parent)}
        for number, heading in enumerate(headings):
            index = self._section_of(heading.start, sections)
            if index is None or sections[index].parent is None:
                continue
            role, _ = self.fields.label_role(sections[sections[index].parent].title)
            titled = role in SECTION_ROLES or sections[index].parent in recurring
            if self.fields.label_votes(_name_key(heading.title)) or any(a <= heading.start < b for a, b in taken):
                continue
            end = sections[index].end
            following = [h.start for h in headings[number + 1:] if h.start < end]
            end = min(following + [end])
            inside = [lab for lab in labels if heading.start <= lab.start < end and lab.field != "name"]
            body = self.text[self.lines[heading.end_line].end:(inside[0].start if inside else end)]
            criteria = role_from_content(body) in SECTION_ROLES or sum(
                bool(list_marker(line)[0]) for line in body.splitlines()) >= 2
            by_parent.setdefault(sections[index].parent, []).append(
                {"start": heading.start, "end": end, "kind": "heading", "item": heading, "labels": inside,
                 "criteria": criteria, "titled": titled})
        found: list[dict[str, Any]] = []
        leaves: list[dict[str, Any]] = []
        shared = {key for parent in recurring for other in recurring if other != parent
                  for key in names[parent] & names[other]}
        for parent, entries in by_parent.items():
            if parent in recurring:  # the entries are the recurring names ("Approval duration: 6 months" is none)
                entries = [e for e in entries if _name_key(e["item"].title) in shared] or entries
            # A role section holds entries when most of its sub-headings head criteria lists; any
            # other section when three or more do and at least three in four ("1 Recommendations" ›
            # one sub-heading per condition, whatever the section's title says).
            criteria = sum(e["criteria"] for e in entries)
            if entries[0]["titled"]:
                if len(entries) >= 2 and criteria * 2 > len(entries):
                    found += [e for e in entries if e["criteria"]]
                continue
            # (a sub-heading whose title recurs under other sections is a field's label, not an entry)
            recurs = sum(_name_key(e["item"].title) in keys for e in entries
                         for other, keys in names.items() if other != parent)
            chapter = sections[parent].level == 1  # a chapter's sub-headings, not an entry's sub-blocks
            if chapter and criteria >= 3 and criteria * 4 >= len(entries) * 3 and not recurs:
                found += [e for e in entries if e["criteria"]]
            elif not recurs:
                leaves.extend(e for e in entries if not any(s.parent == self._section_of(e["item"].start, sections)
                                                            for s in sections))
        # Cousins: the deepest headings, whatever parent holds them ("3.1 Upadacitinib" › "3.1.1
        # Rheumatoid arthritis", "3.1.2 Psoriatic arthritis"; "3.2 Anifrolumab" › "3.2.1 Lupus"), are
        # entries when two or more of them, and three in four, head criteria.
        by_level: dict[int, list[dict[str, Any]]] = {}
        for entry in leaves:
            by_level.setdefault(entry["item"].level or 0, []).append(entry)
        if by_level:
            level = max(by_level)
            cousins = by_level[level]
            criteria = sum(e["criteria"] for e in cousins)
            parents = {sections[i].parent for i in (self._section_of(e["item"].start, sections) for e in cousins)
                       if i is not None}
            # under one heading whose fellows at its level head criteria themselves ("Somatropin" ›
            # "Growth hormone deficiency" › "Initial authority", "Exclusions" beside "Adalimumab" ›
            # "Rheumatoid arthritis"), the deepest headings are that entry's fields
            fellows = any(e["criteria"] for e in by_level.get(level - 1, []))
            if level >= 2 and criteria >= 2 and criteria * 4 >= len(cousins) * 3 and (len(parents) >= 2 or not fellows):
                staged = [e for e in cousins if e["criteria"] and e not in found]
                _stage_names(staged)
                found += staged
        return found

    def named_paragraphs(self, indications: list[Indication], headings: list[Heading]) -> None:
        """Attach paragraphs outside every entry to the entry a short lead sentence names.

        "4 Starting and stopping rules" › "Upadacitinib in active psoriatic arthritis. Response is
        assessed at 12 weeks … Treatment should be stopped if …": the sentence names an entry found
        elsewhere (its whole name, in a sentence not much longer), and the paragraphs up to the next
        such sentence or heading are that entry's fields, one per paragraph when they say different
        things (criteria gathered across sections are attached to the indications they name).
        """
        if not indications:
            return
        spans = [(i.start, i.end) for i in indications]
        keys = [(_name_key(i.name), i) for i in indications if len(_name_key(i.name).split()) >= 2]
        stops = sorted({h.start for h in headings} | {len(self.text)})
        leads: list[tuple[int, int, Indication]] = []  # (paragraph start, text start, entry)
        for index, line in enumerate(self.lines):
            if not self.para_start(index) or any(a <= line.start < b for a, b in spans):
                continue
            sentence = re.match(r"(.{3,160}?)\.(?:\s|$)", self.text[line.start:line.end + 200])
            if not sentence:
                continue
            said = normalise_label(sentence.group(1))
            named = [i for key, i in keys if re.search(rf"\b{re.escape(key)}\b", said)
                     and len(said.split()) <= len(key.split()) + 4]
            if len(named) == 1:
                leads.append((line.start, line.start + sentence.end(), named[0]))
        for number, (begin, text_start, entry) in enumerate(leads):
            stop = min([s for s in stops if s > begin] + ([leads[number + 1][0]] if number + 1 < len(leads) else []))
            text, start, end = self._clean(text_start, stop)
            if not text:
                continue
            role = role_from_content(text)
            value = FieldValue("", text, start, end, self.document.page_at(start), role=role,
                               role_source="content" if role else None, units=self.units(text_start, stop))
            for part in self.prose_paragraphs(value):
                entry.fields[field_key(entry.fields, part)] = part

    @staticmethod
    def _overview(entry: Indication, indications: list[Indication]) -> bool:
        """Whether an entry is a summary of the others, not an indication: the first entry, its name
        holding the names of two or more of the entries after it, and of half of them at least
        ("Upadacitinib for rheumatoid arthritis and psoriatic arthritis, and anifrolumab for
        systemic lupus erythematosus" over a summary box)."""
        if entry is not min(indications, key=lambda i: i.start):
            return False
        name = _name_key(entry.name)
        ends = Counter(" ".join(_name_key(other.name).split()[-2:]) for other in indications)
        held = [other for other in indications if other is not entry
                and ends[" ".join(_name_key(other.name).split()[-2:])] == 1  # "… – long term use" tells none
                and " ".join(_name_key(other.name).split()[-2:]) in name]
        return len(held) >= 2 and len(held) * 2 >= len(indications) - 1

    def merge_same_names(self, indications: list[Indication]) -> list[Indication]:
        """Entries naming the same indication in different sections (initial approval, continued
        therapy, a dosing table) become one; the first keeps its place and takes the others' fields."""
        merged: list[Indication] = []
        for indication in indications:
            key = _name_key(indication.name)
            same = next((m for m in merged if key and _name_key(m.name) == key), None)
            if same is None:
                merged.append(indication)
                continue
            for value in indication.fields.values():
                same.fields[field_key(same.fields, value)] = value
            same.pages = sorted(set(same.pages) | set(indication.pages))
            same.specialty = same.specialty or indication.specialty
            same.use = same.use or indication.use
        return merged

    def plain_run_ins(self, labels: list[Label], headings: list[Heading]) -> list[Label]:
        """Drop run-in labels in the plain face under a heading whose run-in labels are set in bold.

        When most run-in labels of a block ("Referral criteria: …") open with a bold run, a plain
        "Adults: …" or "Children: …" there is part of a field (a dose for a group), not a label.
        """
        starts = [h.start for h in headings]
        groups: dict[int, list[Label]] = {}
        for lab in labels:
            if not lab.in_table and lab.value_start < self.lines[lab.line].end and not self.lines[lab.line].bold:
                groups.setdefault(bisect_right(starts, lab.start), []).append(lab)
        plain: set[int] = set()
        for run_ins in groups.values():  # each heading's block decides for itself
            styled = [lab for lab in run_ins if self.lines[lab.line].lead_bold]
            if len(styled) >= 2 and len(styled) * 3 >= len(run_ins) * 2:
                plain.update(id(lab) for lab in run_ins if not self.lines[lab.line].lead_bold and lab.source != "lexicon")
        return [lab for lab in labels if id(lab) not in plain]

    def numbered_labels(self, labels: list[Label], headings: list[Heading]) -> tuple[list[Label], list[Heading]]:
        """Numbered labels that continue a sequence of headings become headings.

        "I. Initial Approval Criteria", "II. Continued Therapy" are headings; "III. Exclusions",
        numbered in the same scheme and set in the same face, is the next of them, though its
        title is a label's.
        """
        seen = {(self.structure.scheme(self.lines[h.line].text) or h.level, self._signature(self.lines[h.line])[:2],
                 h.number) for h in headings if h.number}
        kept: list[Label] = []
        for label in labels:
            line = self.lines[label.line]
            numbered = self.structure.numbered(line.text.strip())
            key = (self.structure.scheme(line.text.strip()) or (numbered[2] if numbered else None),
                   self._signature(line)[:2])
            if numbered and not label.in_table and any(k[:2] == key and k[2] != numbered[0] for k in seen):
                heading = self.heading_at(label.line)
                if heading is not None:
                    headings.append(heading)
                    continue
            kept.append(label)
        if len(kept) == len(labels):
            return labels, headings
        headings.sort(key=lambda h: h.start)
        self._assign_levels(headings)
        return kept, headings

    def parse(self, source: str) -> Policy:
        """Sections and entries of the document as a :class:`Policy` (fields not yet extracted)."""
        labels, headings = self.find()
        labels, headings = self.numbered_labels(labels, headings)
        labels, headings = self.repeated_labels(labels, headings)
        labels, headings = self.styled_labels(labels, headings)
        labels = self.sibling_labels(labels, headings)
        labels = self.plain_run_ins(labels, headings)
        title = self._document_title(headings)
        if title is not None:
            after = next((h.start for h in headings if h.start > title.start), len(self.text))
            if any(title.start < lab.start < after and lab.field in self.fields.entry_requires for lab in labels):
                title = None  # a heading its field labels follow opens an entry
            else:
                headings = [h for h in headings if h is not title]
        sections = self.sections(headings)
        labels, headings = self.field_headings(labels, headings)
        indications = self.entries(labels, headings, sections)
        taken = [(i.start, i.end) for i in indications]
        extra = self.section_entries(labels, headings, sections, taken)
        indications += [self._indication(entry, sections) for entry in extra]
        taken = [(i.start, i.end) for i in indications]
        named = {_name_key(i.name) for i in indications}
        for entry in self.row_entries(sections):
            if id(entry) in self._short_rows and named and _name_key(entry.name) not in named:
                continue  # a row of a short-celled table naming none of the entries found elsewhere
            if not any(start <= entry.start < end for start, end in taken):
                indications.append(entry)
        indications.sort(key=lambda i: i.start)
        indications = self.merge_same_names(indications)
        self.named_paragraphs(indications, headings)
        overviews = [i for i in indications if self._overview(i, indications)]
        if overviews:
            indications = [i for i in indications if i not in overviews]
            if title is None:
                title = Heading(None, overviews[0].name, 1, 0, overviews[0].start, 0, None, False, None)
        self.lists(labels, headings, sections)
        policy = Policy(source=source, document=self.document, title=title.title if title else None,
                        sections=sections, indications=indications)
        if not indications:
            policy.warnings.append("no indication entries recognised (no heading or table followed by field "
                                   "labels such as 'Selection criteria'); sections only")
        unknown = [(i.name, v.label) for i in indications for v in i.fields.values() if v.role is None]
        if unknown:
            policy.warnings.append(f"{len(unknown)} field(s) whose role neither label nor content tells: "
                                   + "; ".join(f"{name[:40]!r} › {label[:40]!r}" for name, label in unknown[:5]))
        return policy
