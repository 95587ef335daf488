"""Criteria: text under headings such as "Selection criteria" or "Recommended dose" as AND/OR trees.

Method: a line whose text (without numbering and a final colon) is one of the headings in
``resources/nlp/criteria.yaml`` opens a block of that kind; the block runs to the next criteria
heading, a numbered section heading, or two blank lines. Inside a block, bullets and numbered
items are the leaves; a line or item ending with a connective ("AND", "or", "; and") sets the
operator to the next item; an item ending in ":" whose words say "one of"/"any of" (OR) or
"all of"/"both" (AND) groups the items below it. Mixed connectives bind OR tighter than AND, so
"A AND B OR C" is AND(A, OR(B, C)). Each leaf carries the thresholds and doses found in it.
:func:`build_criteria` is the pure function the policy reader calls on one field's text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from extractor.nlp.resources import _check_keys, _str_list, phrase_pattern, read_yaml

if not Doc.has_extension("criteria"):
    Doc.set_extension("criteria", default=None)

#: Longest block a heading opens, in characters.
MAX_BLOCK = 4000


@dataclass
class CriteriaRules:
    """Heading wordings per kind, bullet characters and connective words."""

    headings: dict[str, tuple[str, ...]]
    bullets: tuple[str, ...]
    and_words: tuple[str, ...]
    or_words: tuple[str, ...]

    @classmethod
    def from_dict(cls, data: dict[str, Any], source: str = "criteria.yaml") -> CriteriaRules:
        """Build from parsed ``criteria.yaml``; unknown keys are rejected."""
        _check_keys(data, ("headings", "bullets", "and_words", "or_words"), source, required=("headings",))
        return cls(headings={k: _str_list(v, source, f"headings {k!r}") for k, v in data["headings"].items()},
                   bullets=_str_list(data.get("bullets", []), source, "bullets"),
                   and_words=_str_list(data.get("and_words", []), source, "and_words"),
                   or_words=_str_list(data.get("or_words", []), source, "or_words"))

    @cached_property
    def heading_map(self) -> dict[str, str]:
        """Normalised heading wording → kind."""
        return {_norm(form): kind for kind, forms in self.headings.items() for form in forms}

    @cached_property
    def bullet_re(self) -> re.Pattern[str]:
        chars = "".join(re.escape(b) for b in self.bullets if len(b) == 1)
        return re.compile(rf"^[ \t]*(?:[{chars}]|o(?=[ \t])|\(?(?:\d{{1,2}}|[a-z]|[ivx]{{1,4}})[.)])[ \t]+")

    @cached_property
    def connective_re(self) -> re.Pattern[str]:
        words = phrase_pattern(self.and_words + self.or_words)
        return re.compile(rf"(?:^|[,;]?\s+)(?P<word>{words})\s*[,;:]?\s*$", re.IGNORECASE)

    def op_of(self, word: str) -> str:
        """``"AND"`` or ``"OR"`` for a connective word."""
        lowered = " ".join(word.lower().split())
        return "OR" if lowered in {w.lower() for w in self.or_words} else "AND"


def _norm(text: str) -> str:
    text = re.sub(r"^\s*(?:\d+(?:\.\d+)*\.?|[A-Z]\.)\s+", "", text)
    return " ".join(text.strip().rstrip(":").strip().lower().split())


@lru_cache(maxsize=4)
def criteria_rules(path: str | None = None) -> CriteriaRules:
    """Rules from ``path`` or the packaged ``criteria.yaml`` (cached)."""
    return CriteriaRules.from_dict(read_yaml("criteria.yaml", path), str(path or "criteria.yaml"))


def _leaf(text: str, start: int, end: int, offset: int, with_quantities: bool,
          found: tuple[list[dict[str, Any]], list[dict[str, Any]]] | None = None) -> dict[str, Any]:
    leaf: dict[str, Any] = {"text": text[start:end], "start": start + offset, "end": end + offset}
    if with_quantities and found is not None:
        lo, hi = start + offset, end + offset
        leaf["thresholds"] = [dict(t) for t in found[0] if lo <= t["start"] and t["end"] <= hi]
        leaf["doses"] = [dict(d) for d in found[1] if lo <= d["start"] and d["end"] <= hi]
    elif with_quantities:
        from extractor.nlp.doses import find_doses
        from extractor.nlp.thresholds import find_thresholds

        part = text[start:end]
        leaf["thresholds"] = [_shift(t, start + offset) for t in find_thresholds(part)]
        leaf["doses"] = [_shift(d, start + offset) for d in find_doses(part)]
    else:
        leaf["thresholds"], leaf["doses"] = [], []
    return leaf


def _shift(item: dict[str, Any], by: int) -> dict[str, Any]:
    item = dict(item)
    item["start"] += by
    item["end"] += by
    return item


def _items(text: str, rules: CriteriaRules) -> list[tuple[int, int, bool, tuple[str, int]]]:
    """Item spans ``(start, end, is_bullet, (bullet mark, indent))``: bullets (with continuation lines), paragraphs."""
    items: list[list[Any]] = []
    offset = 0
    blank = True
    for line in text.split("\n"):
        stripped = line.strip()
        line_start = offset
        offset += len(line) + 1
        if not stripped:
            blank = True
            continue
        bullet = rules.bullet_re.match(line)
        # inline bullets inside one line ("• A • B")
        pieces = re.split(r"[ \t]+[•▪◦●](?=[ \t])", line) if "•" in line[1:] or "▪" in line[1:] else [line]
        pos = line_start
        for n, piece in enumerate(pieces):
            piece_start = text.index(piece, pos) if piece else pos
            pos = piece_start + len(piece)
            mark = rules.bullet_re.match(piece)
            body_start = piece_start + (mark.end() if mark else len(piece) - len(piece.lstrip()))
            body_end = piece_start + len(piece.rstrip())
            if body_end <= body_start:
                continue
            is_bullet = bool(mark) or n > 0
            continues = (not is_bullet and not blank and items and n == 0
                         and not items[-1][3] and not re.search(r"[.:;]\s*$", text[items[-1][0]:items[-1][1]])
                         and text[body_start:body_start + 1].islower())
            # a wrapped line of a bullet item (no blank line between) continues it
            continues = continues or (not is_bullet and not blank and items and n == 0 and items[-1][2]
                                      and not rules.connective_re.fullmatch(" " + piece.strip()))
            if continues:
                items[-1][1] = body_end
            else:
                marker = (mark.group(0).strip()[:1] if mark else "", len(piece) - len(piece.lstrip()))
                items.append([body_start, body_end, is_bullet, False, marker])
        blank = False
        del bullet
    return [(a, b, c, m) for a, b, c, _, m in items]


def build_criteria(text: str, *, offset: int = 0, rules: CriteriaRules | None = None,
                   with_quantities: bool = True,
                   found: tuple[list[dict[str, Any]], list[dict[str, Any]]] | None = None) -> dict[str, Any]:
    """Turn a criteria field's text into an AND/OR tree.

    Args:
        text: The text under one heading (bullets, connective lines, paragraphs).
        offset: Added to every ``start``/``end`` (the text's offset in the document).
        rules: Connective and bullet rules (default: packaged ``criteria.yaml``).
        with_quantities: Also extract thresholds and doses into each leaf.
        found: Thresholds and doses already extracted from the whole document (offsets with
            ``offset`` applied); leaves then take those inside them instead of extracting again.

    Returns:
        ``{"op": "AND"|"OR", "items": [...]}``; items are leaves ``{"text", "start", "end",
        "thresholds", "doses"}`` or nested trees.
    """
    rules = rules or criteria_rules()
    items = _items(text, rules)
    nodes: list[Any] = []   # leaves or groups
    joins: list[str | None] = []  # operator between nodes[i-1] and nodes[i]
    pending: str | None = None
    group: dict[str, Any] | None = None
    group_marker: tuple[str, int] | None = None
    for start, end, _is_bullet, marker in items:
        body = text[start:end]
        whole = rules.connective_re.fullmatch(" " + body.strip())
        if whole and len(body.split()) <= 3:
            pending = rules.op_of(whole.group("word"))
            group = None  # a connective line closes an open "one of the following:" group
            continue
        tail = rules.connective_re.search(body)
        trailing_op = None
        if tail and tail.start() > 0:
            trailing_op = rules.op_of(tail.group("word"))
            end = start + tail.start()
            body = text[start:end]
        leaf = _leaf(text, start, end, offset, with_quantities, found)
        if body.rstrip().endswith(":") and re.search(r"\b(?:one|any|either|all|both|following|each)\b", body, re.I):
            group_op = "OR" if re.search(r"\b(?:one|any|either|at least)\b", body, re.I) else "AND"
            group = {"op": group_op, "items": [], "text": body.strip(), "start": start + offset, "end": end + offset}
            group_marker = marker
            nodes.append(group)
            joins.append(pending)
            pending = trailing_op
            continue
        if group is not None and _is_bullet and marker != group_marker:
            group["items"].append(leaf)
            group["end"] = end + offset
            continue
        group = None
        nodes.append(leaf)
        joins.append(pending)
        pending = trailing_op
    return _combine(nodes, joins)


def _combine(nodes: list[Any], joins: list[str | None]) -> dict[str, Any]:
    if not nodes:
        return {"op": "AND", "items": []}
    ops = {j for j in joins[1:] if j}
    if ops <= {"AND"} or ops == {"OR"}:
        return {"op": "OR" if ops == {"OR"} else "AND", "items": nodes}
    # mixed: OR binds tighter
    groups: list[list[Any]] = [[nodes[0]]]
    for node, join in zip(nodes[1:], joins[1:]):
        if join == "OR":
            groups[-1].append(node)
        else:
            groups.append([node])
    return {"op": "AND", "items": [g[0] if len(g) == 1 else {"op": "OR", "items": g} for g in groups]}


def find_criteria(text: str, rules: CriteriaRules | None = None, *, with_quantities: bool = True,
                  found: tuple[list[dict[str, Any]], list[dict[str, Any]]] | None = None
                  ) -> list[dict[str, Any]]:
    """Criteria blocks in a document's text.

    Returns:
        ``[{"heading", "kind", "start", "end", "tree"}]`` with offsets into ``text``.
    """
    rules = rules or criteria_rules()
    headings: list[tuple[int, int, str, str]] = []  # line start, body start, heading text, kind
    offset = 0
    for line in text.split("\n"):
        line_start = offset
        offset += len(line) + 1
        stripped = line.strip()
        if not stripped or len(stripped) > 120:
            continue
        head, sep, rest = stripped.partition(":")
        kind = rules.heading_map.get(_norm(stripped)) or (rules.heading_map.get(_norm(head)) if sep else None)
        if kind is None:
            continue
        if sep and rest.strip() and _norm(stripped) not in rules.heading_map:
            body_start = line_start + line.index(":") + 1
            heading = re.sub(r"^(?:\d+(?:\.\d+)*\.?|[A-Z]\.)\s+", "", head.strip())
        else:
            body_start = line_start + len(line) + 1
            heading = re.sub(r"^(?:\d+(?:\.\d+)*\.?|[A-Z]\.)\s+", "", stripped.rstrip(":").strip())
        headings.append((line_start, body_start, heading, kind))
    blocks = []
    for n, (line_start, body_start, heading, kind) in enumerate(headings):
        limit = headings[n + 1][0] if n + 1 < len(headings) else len(text)
        limit = min(limit, body_start + MAX_BLOCK)
        body = text[body_start:limit] if body_start < limit else ""
        body = body[:_block_end(body, rules)]
        tree = build_criteria(body, offset=body_start, rules=rules, with_quantities=with_quantities, found=found)
        if not tree["items"]:
            continue  # a heading word with nothing under it
        blocks.append({"heading": heading, "kind": kind, "start": line_start, "end": body_start + len(body.rstrip()),
                       "tree": tree})
    return blocks


def _block_end(body: str, rules: CriteriaRules) -> int:
    """Where a heading's block ends: two blank lines, a numbered section heading, a title-like line
    after a blank line, or (once bullets were seen) plain text after a blank line."""
    lines = body.split("\n")
    offset = 0
    seen_bullet = False
    blank_before = False
    for n, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            if blank_before and n > 0 and offset > 0:
                return offset
            blank_before = True
            offset += len(line) + 1
            continue
        is_bullet = bool(rules.bullet_re.match(line))
        connective = rules.connective_re.fullmatch(" " + stripped) and len(stripped.split()) <= 3
        if offset > 0 and not connective:
            if re.match(r"\s*\d+(?:\.\d+)*\.?[ \t]+[A-Z]", line) and len(stripped) < 90 \
                    and not re.search(r"[.;]$", stripped):
                return offset  # numbered section heading
            if blank_before and not is_bullet:
                next_blank = n + 1 >= len(lines) or not lines[n + 1].strip()
                title_like = (len(stripped) < 90 and stripped[:1].isupper() and not re.search(r"[.;,]$", stripped)
                              and next_blank)
                if seen_bullet or title_like:
                    return offset
        seen_bullet = seen_bullet or is_bullet
        blank_before = False
        offset += len(line) + 1
    return len(body)


class CriteriaFinder:
    """spaCy component: criteria blocks on ``doc._.criteria``."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.rules = criteria_rules()

    def __call__(self, doc: Doc) -> Doc:
        """Find criteria blocks over the doc text."""
        from extractor.nlp.spans import doc_text, span_items

        found = None
        if "thresholds" in doc.spans and "doses" in doc.spans:
            found = (span_items(doc, "thresholds", "threshold"), span_items(doc, "doses", "dose"))
        doc._.criteria = find_criteria(doc_text(doc), self.rules, found=found)
        return doc


@Language.factory("extractor_criteria", assigns=["doc._.criteria"], default_config={})
def make_criteria_finder(nlp: Language, name: str) -> CriteriaFinder:
    """Factory of :class:`CriteriaFinder`."""
    return CriteriaFinder(nlp, name)
