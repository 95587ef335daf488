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

from extractor.nlp.criteria_tree import Unit, build_tree, units_from_text
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


def _quantities(leaf: dict[str, Any], text: str, offset: int, with_quantities: bool,
                found: tuple[list[dict[str, Any]], list[dict[str, Any]]] | None) -> None:
    """Give a leaf (offsets into ``text``, shifted by ``offset`` here) its thresholds and doses."""
    start, end = leaf["start"], leaf["end"]
    leaf["start"], leaf["end"] = start + offset, end + offset
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


def _shift(item: dict[str, Any], by: int) -> dict[str, Any]:
    item = dict(item)
    item["start"] += by
    item["end"] += by
    return item


def build_criteria(text: str, *, offset: int = 0, rules: CriteriaRules | None = None,
                   with_quantities: bool = True,
                   found: tuple[list[dict[str, Any]], list[dict[str, Any]]] | None = None,
                   units: list[Unit] | None = None, default: str = "AND") -> dict[str, Any]:
    """Turn a criteria field's text into an AND/OR tree (:mod:`extractor.nlp.criteria_tree`).

    Args:
        text: The text under one heading (bullets, connective lines, paragraphs).
        offset: Added to every ``start``/``end`` (the text's offset in the document).
        rules: Unused; kept for callers that pass the packaged rules.
        with_quantities: Also extract thresholds and doses into each leaf.
        found: Thresholds and doses already extracted from the whole document (offsets with
            ``offset`` applied); leaves then take those inside them instead of extracting again.
        units: The field's items with their left edges when the caller knows the layout
            (offsets into ``text``); else they are read from the text.
        default: Operator of a list that no stem or connective speaks for.

    Returns:
        ``{"op": "AND"|"OR", "items": [...], "stem"}``; items are leaves ``{"text", "start",
        "end", "thresholds", "doses"}`` or nested groups (``stem``, ``start``, ``end``, and
        ``min`` for "at least N of").
    """
    del rules
    tree = build_tree(units if units is not None else units_from_text(text), text, default=default)

    def visit(node: dict[str, Any]) -> None:
        if "op" in node:
            if "start" in node:
                node["start"] += offset
                node["end"] += offset
            for item in node["items"]:
                visit(item)
        else:
            _quantities(node, text, offset, with_quantities, found)

    for item in tree["items"]:
        visit(item)
    if "start" in tree:
        tree["start"] += offset
        tree["end"] += offset
    return tree


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
