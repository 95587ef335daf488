"""Criteria trees from list structure: items, their nesting, stems and connective words.

Method (a shallow parse of the list, as a reader of a policy does):

1. Units. The text is cut into units: list items (a line opening with a bullet or a list
   number, with its wrapped lines), paragraphs, and bare connective lines ("AND", "OR").
   Callers that know the layout pass units with the left edge of each (PDF ``x0``, a Word
   list level); from plain text the leading spaces stand in for it.
2. Nesting. A unit's depth key is (rank of its left edge among the edges in the field, rank of
   its marker scheme in order of first use, a paragraph before any marker). Each unit is a
   child of the nearest earlier unit with a smaller key, so a "1." list with "a." items set at
   the same edge still nests, and a paragraph after a list closes it.
3. Operators. A stem — an item with children that ends with a colon or states a quantifier
   ("all of", "either", "one or more of", "at least two of", "(must meet all)") — sets its
   children's operator and is never a leaf. Between siblings, a connective line, a connective
   ending the previous item ("…; and", "…, OR") or opening the next ("Or …") joins them;
   mixed connectives bind OR tighter than AND. An item with children that is not a stem is a
   condition of its own, AND its sub-list.
4. Prose. A paragraph that enumerates conditions ("(a) … (b) …", "…; or …") is split into one
   leaf per condition.

The tree is ``{"op", "items", "stem", "start", "end"}`` (``"min"`` for "at least N of"), leaves
``{"text", "start", "end"}``; one-item groups collapse to their item, and an unstemmed group
with its parent's operator merges into the parent.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from extractor.vocabulary import NUMBER_WORDS, list_marker, marker_kind

#: Left edges closer than this (points, or spaces in plain text) are one indent.
INDENT_TOLERANCE = 3.0

_CONNECTIVE_LINE = re.compile(r"^\s*[(\[]?\s*(?P<word>and/or|and|or|plus|either)\s*[)\]]?\s*[:,;.]?\s*$", re.I)
_TRAILING = re.compile(r"(?:[,;]\s*|\s+)(?P<word>and/or|and|or|AND|OR|plus)\s*[,;:]?\s*$", re.I)
_LEADING = re.compile(r"^(?P<word>and/or|AND|OR|And|Or|and|or)\b[,:]?\s+(?=\S)")
_AT_LEAST = re.compile(
    r"\b(?:at\s+least|a\s+minimum\s+of|any|minimum\s+of)\s+(?P<n>\d+|[a-z]+)\s*(?:\(\d+\)\s*)?(?:of|or\s+more\s+of)\b"
    r"|\b(?P<m>\d+|[a-z]+)\s+or\s+more\s+of\b", re.I)
_AND_STEM = re.compile(
    r"\b(?:all|both|each|every)\b(?:\s+(?:of|the|following|criteria|conditions))?"
    r"|\bmust\s+(?:meet|fulfil+|satisfy|have)\s+(?:all|each|every)\b|\bnone\s+of\b", re.I)
_OR_STEM = re.compile(
    r"\b(?:any|either|one\s+or\s+more|at\s+least\s+one)\b|\bone\s+of\b|\(\s*[a-z0-9]+\s+or\s+[a-z0-9]+\s*\)"
    r"|\bmust\s+(?:meet|fulfil+|satisfy|have)\s+(?:one|any)\b", re.I)
_STEM_WORDS = re.compile(r"\b(?:following|criteria|conditions|below)\b", re.I)
#: Inline enumerations in prose: "(a)", "(ii)", "(1)" after a space, or "; and"/"; or".
_INLINE_ENUM = re.compile(r"(?:(?<=\s)|^)(?:\((?:[a-h]|[ivx]{1,4}|\d{1,2})\)|(?<![\w.])[a-h][.)])\s+")
_CLAUSE_SPLIT = re.compile(r";\s+(?P<word>and|or)\s+|;\s+(?=\S)", re.I)
#: Wording of a condition (not of a description): modal verbs, eligibility, patients.
_CONDITION = re.compile(r"\b(?:must|should|only|if|unless|recommended|eligible|eligibility|requir\w*|confirmed|"
                        r"documented|diagnosis\s+of|ha(?:s|ve)\s+been|patients?\s+(?:with|who)|who\s+(?:have|has|are|is)|"
                        r"(?:at\s+least|or\s+more|less\s+than|more\s+than|below|above)\b|[<>≤≥])", re.I)
#: ", and" / ", or" before a clause of its own: "X must be confirmed by …, and growth must have been measured …".
_COORDINATE = re.compile(r",\s+(?P<word>and|or)\s+(?=(?:\S+\s+){0,5}?(?:must|should|has|have|had|is|are|was|were|will)\b)",
                         re.I)
#: "… in any of the following situations: A; B; or C".
_COLON_STEM = re.compile(r"^(?P<stem>[^:]{8,200}?):\s+(?P<items>\S.*)$", re.S)
#: The first relative pronoun of a recommendation, and a later one joined by "or"/"and".
#: "whose" stays with its clause ("whose weakness is progressing": the clause's own subject).
_RELATIVE = re.compile(r"\b(?:(?:who|in\s+whom)\s+(?:(?:are|is|have|has|had)\s+(?=(?:an?|the|been|not)\b))?"
                       r"|(?=whose\s))", re.I)
_RELATIVE_JOIN = re.compile(r",?\s+(?P<word>or|and)\s+(?:who\s+|in\s+whom\s+|(?=whose\s))", re.I)
#: Words before a recommendation's population: "X is recommended (as an option) for", or any passive
#: predicate ("is covered for", "will be authorised for", "may be considered in").
_LEAD_IN = re.compile(r"^.*?\b(?:recommended|indicated|funded|commissioned|approved|considered|used|"
                      r"(?:is|are|be)\s+(?:\w+ly\s+)?[a-z]+(?:ed|en))\b"
                      r"(?:\s+as\s+an?\s+[\w-]+(?:\s+[\w-]+){0,3})?(?:\s+beyond\s+[\w-]+(?:\s+[\w-]+)?)?"
                      r"\s+(?:for|in)\s+(?:treating\s+)?", re.I)


@dataclass
class Unit:
    """One list item, paragraph or connective line of a field.

    Attributes:
        text: Its text without the marker (wrapped lines joined by the caller's text).
        start: Offset of the text.
        end: Offset one past its end.
        marker: The list marker as written ("•", "1.", "(a)"), "" for a paragraph.
        indent: Left edge (points, a list level or leading spaces), None when unknown.
    """

    text: str
    start: int
    end: int
    marker: str = ""
    indent: float | None = None
    children: list[Unit] = field(default_factory=list)
    key: tuple[int, int] = (0, 0)
    lead: str | None = None
    trail: str | None = None


def connective(text: str) -> str | None:
    """``"AND"``/``"OR"`` when ``text`` is a bare connective line ("AND", "or", "(and)"), else None."""
    match = _CONNECTIVE_LINE.match(text)
    if not match:
        return None
    word = match.group("word").lower()
    return "OR" if word in ("or", "and/or", "either") else "AND"


def _word_op(word: str) -> str:
    return "OR" if word.lower() in ("or", "and/or") else "AND"


#: A line that stops mid-sentence: the next line continues it, whatever the layout says.
_MID_SENTENCE = re.compile(r"(?:,|\b(?:and|or|of|the|a|an|for|with|to|in|by|than|that|which|who))\s*$")


def continues(previous: Unit | None, marker: str, body: str, *, new_block: bool) -> bool:
    """Whether a line (its list marker and text) continues the unit above it.

    Never when it has a marker or is a connective line, or the unit above is one. Always when the
    unit above stops mid-sentence ("… considered reasonable and" / "necessary for …"). Otherwise
    only inside one block (no blank line, paragraph break or outdent between them), and when the
    unit above is a list item or does not end a sentence.
    """
    if previous is None or marker or connective(body) or connective(previous.text):
        return False
    if _MID_SENTENCE.search(previous.text):
        return True
    if new_block:
        return False
    return bool(previous.marker) or not re.search(r"[.:;]\s*$", previous.text)


def units_from_text(text: str) -> list[Unit]:
    """Units of a plain text: marked items with their wrapped lines, paragraphs, connective lines.

    A line continues the unit above when no blank line separates them, it has no marker, and
    the unit above is a marked item or does not end a sentence. Leading spaces are the indent;
    inline bullets ("• A • B") split a line.
    """
    units: list[Unit] = []
    offset = 0
    blank = True
    for raw in text.split("\n"):
        line_start = offset
        offset += len(raw) + 1
        if not raw.strip():
            blank = True
            continue
        pieces = [(m.start(), m.group(0)) for m in re.finditer(r"(?:^|(?<=\s))[•▪●◦](?:(?!\s[•▪●◦]\s).)*", raw)] \
            if re.search(r"\S\s+[•▪●◦]\s", raw) else [(0, raw)]
        if pieces and pieces[0][0] > 0 and raw[:pieces[0][0]].strip():
            pieces.insert(0, (0, raw[:pieces[0][0]]))
        for number, (at, piece) in enumerate(pieces):
            marker, body = list_marker(piece)
            if not body:
                continue
            body_start = line_start + at + piece.index(body)
            body_end = body_start + len(body)
            indent = float(len(raw) - len(raw.lstrip())) if number == 0 else None
            previous = units[-1] if units else None
            if number == 0 and continues(previous, marker, body, new_block=blank):
                assert previous is not None
                previous.end = body_end
                previous.text = text[previous.start:previous.end]
                continue
            units.append(Unit(body, body_start, body_end, marker, indent))
        blank = False
    return units


def _depth_keys(units: list[Unit]) -> None:
    """Set each unit's depth key: (indent rank, marker scheme rank)."""
    edges = sorted({u.indent for u in units if u.indent is not None})
    clusters: list[float] = []
    for edge in edges:
        if not clusters or edge - clusters[-1] > INDENT_TOLERANCE:
            clusters.append(edge)

    def rank(indent: float | None) -> int:
        if indent is None or not clusters:
            return 0
        return max(i for i, edge in enumerate(clusters) if edge <= indent + INDENT_TOLERANCE)

    schemes: dict[str, int] = {"": 0}
    letters: dict[str, str] = {}
    for unit in units:
        kind = marker_kind(unit.marker, letters.get("alpha"))
        core = unit.marker.strip("().")
        if kind.strip("().") in ("alpha", "ALPHA"):
            letters["alpha"] = core
        schemes.setdefault(kind, len(schemes))
        unit.key = (rank(unit.indent), schemes[kind])


def _nest(units: list[Unit]) -> list[Unit]:
    """Top-level units, each holding its children (the units below it with larger keys)."""
    roots: list[Unit] = []
    stack: list[Unit] = []
    pending: str | None = None
    for unit in units:
        bare = connective(unit.text) if not unit.marker else None
        if bare:
            pending = bare
            continue
        lead = _LEADING.match(unit.text)
        if lead and len(unit.text) > lead.end():
            unit.lead = _word_op(lead.group("word"))
        if pending:
            unit.lead = pending
            pending = None
        trail = _TRAILING.search(unit.text)
        if trail and trail.start() > 0:
            unit.trail = _word_op(trail.group("word"))
        while stack and stack[-1].key >= unit.key:
            stack.pop()
        (stack[-1].children if stack else roots).append(unit)
        stack.append(unit)
    return _adopt_after_colon(roots)


def _adopt_after_colon(siblings: list[Unit]) -> list[Unit]:
    """A paragraph ending in a colon with nothing under it introduces the siblings after it
    ("Approvals valid for 6 months for applications meeting the following criteria:" then "All of
    the following:" and its items at the same level): they become its children."""
    for number, unit in enumerate(siblings):
        if not unit.marker and not unit.children and unit.text.rstrip().endswith(":") \
                and number + 1 < len(siblings):
            unit.children = siblings[number + 1:]
            return siblings[:number + 1]
    return siblings


def stem_op(text: str) -> tuple[str | None, int | None]:
    """The operator a stem's words set, and N of "at least N of": ``("OR", 2)``, ``("AND", None)``."""
    at_least = _AT_LEAST.search(text)
    if at_least:
        word = (at_least.group("n") or at_least.group("m")).lower()
        count = int(word) if word.isdigit() else NUMBER_WORDS.get(word)
        if count is not None:
            return "OR", (count if count > 1 else None)
    if _AND_STEM.search(text):
        return "AND", None
    if _OR_STEM.search(text):
        return "OR", None
    return None, None


def is_stem(unit: Unit) -> bool:
    """Whether an item with children introduces them (never a leaf of its own)."""
    text = unit.text.rstrip()
    if text.endswith(":"):
        return True
    op, _ = stem_op(text)
    return op is not None and (_STEM_WORDS.search(text) is not None or len(text.split()) <= 6)


def _trailing(unit: Unit) -> str | None:
    """The connective a unit (or, with children, its last descendant) ends with."""
    while unit.children:
        if unit.trail and not unit.text.rstrip().endswith(":"):
            return unit.trail
        unit = unit.children[-1]
    return unit.trail


def _clean_leaf(unit: Unit, source: str) -> tuple[int, int]:
    """The leaf's span without a leading or trailing connective."""
    start, end = unit.start, unit.end
    text = source[start:end]
    trail = _TRAILING.search(text)
    if trail and trail.start() > 0:
        end = start + trail.start()
    lead = _LEADING.match(text)
    if lead and start + lead.end() < end:
        start += lead.end()
    while end > start and source[end - 1] in " \t,;":
        end -= 1
    return start, end


def _inline_items(unit: Unit, source: str) -> dict[str, Any] | None:
    """The items a paragraph or a list item enumerates inline ("… one of: a. X or b. Y"), as a
    group whose stem is the words before them; None without such an enumeration."""
    start, end = _clean_leaf(unit, source)
    text = source[start:end]
    marks = _enumeration(list(_INLINE_ENUM.finditer(text)))
    parts: list[tuple[int, int]] = []
    ops: list[str] = []
    if len(marks) < 2:
        return None
    head = text[:marks[0].start()]
    for number, mark in enumerate(marks):
        piece_end = marks[number + 1].start() if number + 1 < len(marks) else len(text.rstrip().rstrip("."))
        parts.append((mark.end(), piece_end))
    for a, b in parts:
        tail = _TRAILING.search(text[a:b])
        if tail and tail.start() > 0:
            ops.append(_word_op(tail.group("word")))
    op, count = stem_op(head)
    group_op = op or (ops[0] if ops and all(o == ops[0] for o in ops) else "AND")
    leaves = [_span_leaf(source, start + a, start + b) for a, b in parts]
    return _group(group_op, [leaf for leaf in leaves if leaf], head.strip() or None, start, end, count)


def _leaves_of_prose(unit: Unit, source: str) -> Any:
    """A paragraph as one leaf, or the conditions it enumerates ("(a) … (b) …", "…; or …"); a
    paragraph of two or more sentences that each state a condition is the AND of them."""
    inline = _inline_items(unit, source)
    if inline is not None:
        return inline
    start, end = _clean_leaf(unit, source)
    text = source[start:end]
    sentences = [(start + m.start(), start + m.end()) for m in _SENTENCE.finditer(text)]
    if len(sentences) >= 2 and all(_CONDITION.search(source[a:b]) for a, b in sentences):
        heads = [_CONDITION_HEAD.match(source[a:b]) for a, b in sentences]
        said = {re.sub(r"\b(?:also|further|again)\s+", "", h.group(0).lower()).strip() if h else None for h in heads}
        if len(said) == 1 and None not in said:
            # "Treatment should be stopped if A. Treatment should also be stopped if B, or if C.":
            # the same rule stated again for another case — each case suffices
            nodes = []
            for (a, b), h in zip(sentences, heads, strict=True):
                b = a + len(source[a:b].rstrip().rstrip(".;"))
                rest = source[a + h.end():b]  # "A, or if B": the condition word repeated
                joins = list(_CONDITION_JOIN.finditer(rest))
                if joins and len({m.group("word").lower() for m in joins}) == 1:
                    clauses = _between(rest, 0, [m.span() for m in joins])
                    leaves = [_span_leaf(source, a + h.end() + x, a + h.end() + y) for x, y in clauses]
                    nodes.append({"op": _word_op(joins[0].group("word")), "items": [leaf for leaf in leaves if leaf]})
                else:
                    nodes.append(_leaves_of_prose(Unit(rest, a + h.end(), b), source))
            return _combine([node for node in nodes if node], [None] + ["OR"] * (len(nodes) - 1))
        nodes = [_leaves_of_prose(Unit(source[a:b], a, b), source) for a, b in sentences]
        return _combine([node for node in nodes if node], [None] * len(nodes))
    parts: list[tuple[int, int]] = []
    ops: list[str] = []
    colon = _COLON_STEM.match(text)
    if colon and len(_CLAUSE_SPLIT.findall(colon.group("items"))) >= 1:
        items_start = colon.start("items")
        inner = _leaves_of_prose(Unit(text[items_start:], start + items_start, end), source)
        op, count = stem_op(colon.group("stem"))
        if isinstance(inner, dict) and "op" in inner:
            return _group(op or inner["op"], inner["items"], colon.group("stem").strip(), start, end, count)
        return inner
    listed = _complement_list(text) or _conditional_predicates(text)
    if listed is not None:
        op, clauses = listed
        leaves = [_span_leaf(source, start + a, start + b) for a, b in clauses]
        return {"op": op, "items": [leaf for leaf in leaves if leaf]}
    relative = _relative_clauses(text)
    if relative is not None:
        head, op, clauses = relative
        leaves = [_announced_list(source, start + a, start + b) or _span_leaf(source, start + a, start + b)
                  for a, b in clauses]
        group = {"op": op, "items": [leaf for leaf in leaves if leaf]}
        head_leaf = _span_leaf(source, start + head[0], start + head[1]) if head else None
        return {"op": "AND", "items": [head_leaf, group]} if head_leaf else group
    pieces = list(_CLAUSE_SPLIT.finditer(text)) or list(_COORDINATE.finditer(text))
    if pieces:
        cursor = 0
        for match in pieces:
            parts.append((cursor, match.start()))
            ops.append(_word_op(match.group("word")) if match.group("word") else "AND")
            cursor = match.end()
        parts.append((cursor, len(text)))
        leaves = [_span_leaf(source, start + a, start + b) for a, b in parts]
        return _combine([leaf for leaf in leaves if leaf], [None] + ops)
    return (_announced_list(source, start, end) or _announced_pair(source, start, end)
            or _span_leaf(source, start, end))


#: "… not recommended for A, for B, or for C" / "… should not be started in patients with A, or in
#: patients with B": complements repeating their preposition after a verb of recommending.
_COMPLEMENT_HEAD = re.compile(r"^.*?\b(?:recommended|started|used|given|funded|covered|commissioned|indicated|"
                              r"offered|approved)\s+(?P<prep>for|in|as)\s+", re.I)
#: "… if A and B", "… only when A or B": predicates coordinated after a condition word.
_CONDITION_HEAD = re.compile(r"^.*?\b(?:only\s+if|if|only\s+when|when|provided\s+that|as\s+long\s+as)\s+", re.I)
_PREDICATE_JOIN = re.compile(r",?\s+(?P<word>and|or)\s+(?=(?:has|have|had|is|are|was|were|shows?|remains?|"
                             r"continues?|demonstrates?|meets?|can|cannot|does|did)\b)", re.I)


#: "… when A, or when B": the condition word repeated after the connective.
_CONDITION_JOIN = re.compile(r"[,;]?\s+(?P<word>or|and)\s+(?:only\s+)?(?:when|if|where|provided\s+that)\s+", re.I)


def _between(text: str, start: int, joins: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans between ``start``, each join and the end of the sentence the last one opens."""
    clauses, cursor = [], start
    for join_start, join_end in joins:
        clauses.append((cursor, join_start))
        cursor = join_end
    stop = re.search(r"[.;]\s*$|\.\s+[A-Z]", text[cursor:])
    clauses.append((cursor, cursor + (stop.start() if stop else len(text) - cursor)))
    return clauses


def _complement_list(text: str) -> tuple[str, list[tuple[int, int]]] | None:
    """Complements of a recommendation, each repeating its preposition: the op and their spans."""
    head = _COMPLEMENT_HEAD.match(text) or _repeated_preposition(text)
    if head is None:
        return None
    prep = head.group("prep")
    joins = list(re.finditer(rf",\s+(?:(?P<word>or|and)\s+)?(?:{prep}|for|in|as)\s+", text[head.end():], re.I))
    if not joins:
        return None
    words = {m.group("word").lower() for m in joins if m.group("word")}
    if len(words) > 1:
        return None
    clauses = _between(text, head.end(), [(head.end() + m.start(), head.end() + m.end()) for m in joins])
    negative = re.search(r"\bnot\b", text[:head.end()], re.I) is not None
    op = "AND" if words == {"and"} and not negative else "OR"
    return op, clauses


_PARALLEL_JOIN = re.compile(r",\s+(?:(?P<word>or|and)\s+)?(?P<prep>for|with|in)\s+(?=\w)", re.I)


def _repeated_preposition(text: str) -> re.Match[str] | None:
    """The head of complements that repeat their preposition, whatever the verb before them:
    "… is not reimbursed for A, or for B" / "… at discharge for patients with A, with B, or with
    C". The preposition of the last join, first written before the first join, ends the shared
    head; a join needs a comma, and the last one a connective."""
    joins = list(_PARALLEL_JOIN.finditer(text))
    if not joins or not joins[-1].group("word"):
        return None
    prep = joins[-1].group("prep").lower()
    if any(m.group("prep").lower() != prep for m in joins):
        return None
    return re.compile(rf"^.*?\b(?P<prep>{prep})\s+", re.I | re.S).match(text[:joins[0].start()])


def _conditional_predicates(text: str) -> tuple[str, list[tuple[int, int]]] | None:
    """Coordinated predicates after "if"/"when": "continue if the patient has maintained X and has had Y"."""
    head = _CONDITION_HEAD.match(text)
    if head is None:
        return None
    joins = list(_CONDITION_JOIN.finditer(text, head.end())) or list(_PREDICATE_JOIN.finditer(text, head.end()))
    if not joins or len({m.group("word").lower() for m in joins}) != 1:
        return None
    return _word_op(joins[0].group("word")), _between(text, head.end(), [m.span() for m in joins])


def _relative_clauses(text: str) -> tuple[tuple[int, int] | None, str, list[tuple[int, int]]] | None:
    """A recommendation's population and its coordinated relative clauses: "… for adults with GCA
    who have relapsing disease, or who have refractory disease" → head "adults with GCA", OR of
    "have relapsing disease", "have refractory disease". None when the sentence has no such pair."""
    first = _RELATIVE.search(text)
    if first is None:
        return None
    joins = list(_RELATIVE_JOIN.finditer(text, first.end()))
    if not joins:
        return None
    ops = {_word_op(m.group("word")) for m in joins}
    if len(ops) != 1:
        return None
    clauses = _between(text, first.end(), [m.span() for m in joins])
    lead = _LEAD_IN.search(text[:first.start()])
    head_start = lead.end() if lead else 0
    words = {w.casefold() for w in re.findall(r"[\w-]+", text[head_start:first.start()])}
    head = (head_start, first.start()) if words - _POPULATION_WORDS else None  # "for those who …": no head
    return head, ops.pop(), clauses


def inline_item_starts(text: str, *, continuing: bool = False) -> list[int]:
    """Where the items of an enumeration written inline start ("a. X; or b. Y" → [0, 9]): the
    markers that count up from "a", "i" or "1" (with ``continuing``, from whatever marker opens the
    text: "b. X c. Y" continues a list begun above); [] without two of them."""
    return [mark.start() for mark in _enumeration(list(_INLINE_ENUM.finditer(text)), continuing=continuing)]


def _enumeration(marks: list[re.Match[str]], *, continuing: bool = False) -> list[re.Match[str]]:
    """Inline markers that count up from the first ("a. … b. …", "(i) … (ii) …"); "e.g." and a
    lone "a." are not an enumeration. With ``continuing``, a marker opening the text starts the run
    whatever its letter."""
    def key(mark: re.Match[str]) -> str:
        return mark.group(0).strip().strip("().").lower()

    run: list[re.Match[str]] = []
    for mark in marks:
        label = key(mark)
        if not run:
            if label in ("a", "i", "1") or (continuing and mark.start() == 0):
                run = [mark]
            continue
        previous = key(run[-1])
        following = {"a": "b", "b": "c", "c": "d", "d": "e", "e": "f", "f": "g", "g": "h", "i": "ii", "ii": "iii",
                     "iii": "iv", "iv": "v", "v": "vi"}.get(previous) or (str(int(previous) + 1) if previous.isdigit()
                                                                            else None)
        if label == following:
            run.append(mark)
    return run if len(run) >= 2 else []


def _span_leaf(source: str, start: int, end: int) -> dict[str, Any] | None:
    while start < end and source[start] in " \t\n":
        start += 1
    while end > start and source[end - 1] in " \t\n,;":
        end -= 1
    trail = _TRAILING.search(source[start:end])
    if trail and trail.start() > 0:
        end = start + trail.start()
        while end > start and source[end - 1] in " \t,;":
            end -= 1
    return {"text": source[start:end], "start": start, "end": end} if end > start else None


#: "either A, B or C" / "both A, B and C": an enumeration a clause's words announce.
_ANNOUNCED = re.compile(r"\b(?P<word>either|both|any\s+of|all\s+of)\s+(?=\S)", re.I)


def _announced_list(source: str, start: int, end: int) -> dict[str, Any] | None:
    """The items of an enumeration announced by "either"/"both" inside a clause ("have either
    haemoglobin below 100 g/L, a platelet count below 60 ×10⁹/L, or a spleen volume more than 5
    times normal"): three or more items joined by commas and a final "or"/"and", in a node with
    the op the words set; the words before the list (the shared lead-in) are dropped."""
    text = source[start:end]
    head = _ANNOUNCED.search(text)
    if head is None:
        return None
    body_start = start + head.end()
    body = source[body_start:end].rstrip(" .;")
    last = re.search(r",?\s+(?P<word>or|and)\s+(?!.*,?\s+(?:or|and)\s+)", body)
    if last is None:
        return None
    commas = [m.span() for m in re.finditer(r",\s*", body[:last.start()])]
    if len(commas) < 1 or _word_op(last.group("word")) != ("OR" if head.group("word").lower() in ("either", "any of")
                                                             else "AND"):
        return None
    joins = [(body_start + a, body_start + b) for a, b in commas]
    joins.append((body_start + last.start(), body_start + last.end()))
    cursor, leaves = body_start, []
    for join_start, join_end in joins:
        leaves.append(_span_leaf(source, cursor, join_start))
        cursor = join_end
    leaves.append(_span_leaf(source, cursor, body_start + len(body)))
    return {"op": _word_op(last.group("word")), "items": [leaf for leaf in leaves if leaf]}


#: A sentence of a paragraph: up to a full stop followed by a capital letter, or the end.
_SENTENCE = re.compile(r"\S(?:[^.]|\.(?=\d|\w)|\.(?!\s+[A-Z]))*\.?")
_BOTH = re.compile(r"\bboth\s+(?P<first>.+?)\s+and\s+(?P<second>.+?)\s*\.?\Z", re.I | re.S)
_EITHER = re.compile(r"\beither\s+(?P<first>.+?)\s+or\s+(?P<second>.+?)\s*\.?\Z", re.I | re.S)


def _announced_pair(source: str, start: int, end: int) -> dict[str, Any] | None:
    """"… should have both A and either B or C": AND(A, OR(B, C)); "either A or B": OR(A, B). The
    words before "both"/"either" are the shared lead-in and are dropped."""
    text = source[start:end]
    for pattern, op in ((_BOTH, "AND"), (_EITHER, "OR")):
        match = pattern.search(text)
        if match is None or len(match.group("first").split()) < 3 or "," in match.group("first"):
            continue  # (a list of three or more is an announced list: _announced_list)
        first = (start + match.start("first"), start + match.end("first"))
        second = (start + match.start("second"), start + match.end("second"))
        items = []
        for a, b in (first, second):
            inner = _announced_pair(source, a, b) if op == "AND" else None
            items.append(inner or _span_leaf(source, a, b))
        if all(items):
            return {"op": op, "items": items}
    return None


def _group(op: str, items: list[Any], stem: str | None, start: int, end: int, count: int | None = None) -> dict[str, Any]:
    group: dict[str, Any] = {"op": op, "items": items, "stem": stem, "start": start, "end": end}
    if count:
        group["min"] = count
    return group


def _combine(nodes: list[Any], joins: Sequence[str | None], default: str = "AND") -> dict[str, Any]:
    """Siblings joined by connectives; OR binds tighter than AND when both occur."""
    if not nodes:
        return {"op": default, "items": []}
    ops = {j for j in joins[1:] if j}
    if not ops:
        return {"op": default, "items": list(nodes)}
    if len(ops) == 1:
        return {"op": ops.pop(), "items": list(nodes)}
    groups: list[list[Any]] = [[nodes[0]]]
    for node, join in zip(nodes[1:], joins[1:], strict=True):
        if join == "OR":
            groups[-1].append(node)
        else:
            groups.append([node])
    return {"op": "AND", "items": [g[0] if len(g) == 1 else {"op": "OR", "items": g} for g in groups]}


def _convert(siblings: list[Unit], source: str, op: str | None = None, default: str = "AND") -> dict[str, Any]:
    """A list of sibling units as a group; ``op`` (from a stem) wins over connectives that agree
    on one operator."""
    nodes: list[Any] = []
    joins: list[str | None] = []
    for number, unit in enumerate(siblings):
        join = unit.lead or (_trailing(siblings[number - 1]) if number else None)
        node: Any
        if unit.children and is_stem(unit):
            own, count = stem_op(unit.text)
            inner = _convert(unit.children, source, own, default="AND")
            stem_start, stem_end = _clean_leaf(unit, source)
            node = _group(inner["op"], inner["items"], source[stem_start:stem_end].rstrip(" :"), unit.start,
                          max(_last_end(unit), unit.end), count if inner["op"] == "OR" else None)
        elif unit.children:
            leaf = _leaves_of_prose(unit, source) if not unit.marker else _span_leaf(source, *_clean_leaf(unit, source))
            inner = _convert(unit.children, source)
            node = {"op": "AND", "items": [item for item in (leaf, inner) if item]}
        elif unit.marker and not _PARAGRAPH_NUMBER.fullmatch(unit.marker):
            node = _inline_items(unit, source) or _span_leaf(source, *_clean_leaf(unit, source))
        else:
            node = _leaves_of_prose(unit, source)
        if node:
            nodes.append(node)
            joins.append(join)
    combined = _combine(nodes, joins, default)
    if op is not None and len({j for j in joins[1:] if j}) <= 1:
        combined["op"] = op
    return combined


#: A numbered paragraph ("1.15"), read as prose: its marker numbers a recommendation, not a list item.
_PARAGRAPH_NUMBER = re.compile(r"\d+(?:\.\d+)+\.?")


def _last_end(unit: Unit) -> int:
    while unit.children:
        unit = unit.children[-1]
    return unit.end


def _drop_preamble(roots: list[Unit]) -> list[Unit]:
    """Without the description that opens a field before its first stem ("CIDP is an acquired
    disorder of peripheral nerves. … The diagnosis requires all of the following:"): paragraphs
    with no list marker, no connective joining them and no wording of a condition."""
    first_stem = next((i for i, u in enumerate(roots) if (u.children and is_stem(u)) or u.lead), None)
    if first_stem is None:
        # "A diagnosis … requires either (a) …, or (b) …": a paragraph enumerating conditions inline
        first_stem = next((i for i, u in enumerate(roots) if not u.marker and not u.children
                           and len(_enumeration(list(_INLINE_ENUM.finditer(u.text)))) >= 2), None)
    elif not roots[first_stem].children:
        first_stem -= 1  # the item an "OR" line joins the next one to
    if not first_stem:
        return roots
    drop = 0
    for number, unit in enumerate(roots[:first_stem]):
        joined = unit.trail or unit.lead or roots[number + 1].lead
        if unit.marker or unit.children or joined or _CONDITION.search(unit.text):
            break
        drop = number + 1
    return roots[drop:]


#: A sentence that says which numbered criteria must be met: "Approve if criteria 1 through 5 AND
#: either 6 or 7 are met", "Approve if ALL criteria are met", "… AT LEAST TWO of criteria 4 to 7".
_INSTRUCTION = re.compile(r"\b(?:approv\w*|authori[sz]\w*|cover\w*|eligib\w*|fund\w*|meet|met)\b[^.]*\bcriteri(?:a|on)\b"
                          r"|\bcriteri(?:a|on)\b[^.]*\b(?:are|is|be)\s+met\b", re.I)
_NUMBERS = r"\d{1,2}(?:\s*(?:through|to|thru|–|-)\s*\d{1,2})?(?:\s*(?:,|or|and|&)\s*\d{1,2}(?:\s*(?:through|to|thru|–|-)\s*\d{1,2})?)*"
_GROUP = re.compile(
    rf"(?P<least>at\s+least\s+(?P<k>\d+|[a-z]+)\s+(?:of\s+)?(?:the\s+)?(?:criteria\s+)?(?P<lnums>{_NUMBERS}))"
    rf"|(?P<any>(?:either|any\s+(?:one\s+)?of|one\s+of)\s+(?:the\s+)?(?:criteria\s+)?(?P<anums>{_NUMBERS}))"
    rf"|(?P<all>(?:all\s+(?:of\s+)?)?(?:the\s+)?criteri(?:a|on)\s+(?P<nums>{_NUMBERS}))"
    r"|(?P<every>\ball\s+(?:of\s+)?(?:the\s+)?(?:\w+\s+)?criteria\b)", re.I)


def is_instruction(text: str) -> bool:
    """Whether a sentence says which numbered criteria must be met ("Approve if ALL of criteria 1–4
    AND EITHER 5 OR 6 are met")."""
    return _INSTRUCTION.search(text) is not None and (re.search(r"\d", text) is not None
                                                      or re.search(r"\ball\b", text, re.I) is not None)


def _numbers(written: str) -> list[int]:
    """The criterion numbers a list names: "1 through 5" → 1..5, "6 or 7" → 6, 7."""
    found: list[int] = []
    for match in re.finditer(r"(\d{1,2})(?:\s*(?:through|to|thru|–|-)\s*(\d{1,2}))?", written):
        low, high = int(match.group(1)), int(match.group(2) or match.group(1))
        found += list(range(low, high + 1)) if high >= low else [low]
    return found


def compose(instruction: str, numbered: dict[int, Any]) -> dict[str, Any] | None:
    """The tree an instruction sentence builds from numbered criteria, or None when it names none.

    Each group it states ("criteria 1 through 5", "either 6 or 7", "at least two of 4 to 7",
    "all criteria") becomes AND items, an OR node, or an OR node with ``min``; criteria it does
    not mention are required too.
    """
    groups: list[tuple[str, list[int], int | None]] = []
    for match in _GROUP.finditer(instruction):
        if match.group("least"):
            word = match.group("k").lower()
            count = int(word) if word.isdigit() else NUMBER_WORDS.get(word)
            groups.append(("OR", _numbers(match.group("lnums")), count if count and count > 1 else None))
        elif match.group("any"):
            groups.append(("OR", _numbers(match.group("anums")), None))
        elif match.group("all"):
            nums = match.group("nums")
            alternative = re.search(r"\bor\b", nums) and not re.search(r"\band\b|,|&", nums)
            groups.append(("OR" if alternative else "AND", _numbers(nums), None))  # "criterion 1 or 2"
        else:
            groups.append(("AND", [], None))
    if not groups:
        return None
    used = {n for _op, numbers, _k in groups for n in numbers}
    items: list[Any] = []
    for op, numbers, count in groups:
        nodes = [numbered[n] for n in numbers if n in numbered]
        if op == "AND":
            items += nodes if numbers else [numbered[n] for n in sorted(numbered) if n not in used]
            used |= set(numbered) if not numbers else set()
        elif nodes:
            group: dict[str, Any] = {"op": "OR", "items": nodes, "stem": None}
            if count:
                group["min"] = count
            items.append(group)
    mentioned = {n for _op, numbers, _k in groups for n in numbers}
    if not any(op == "AND" and not numbers for op, numbers, _k in groups):
        items += [numbered[n] for n in sorted(numbered) if n not in mentioned]
    return {"op": "AND", "items": items} if items else None


def _by_instruction(roots: list[Unit], source: str) -> dict[str, Any] | None:
    """A list of numbered criteria whose combination a sentence states, as that sentence's tree."""
    instruction = next((u for u in roots if not u.marker and _INSTRUCTION.search(u.text)
                        and (re.search(r"\d", u.text) or re.search(r"\ball\b", u.text, re.I))), None)
    # the numbered criteria follow the instruction, or stand under it when it ends with a colon
    pool = instruction.children if instruction is not None and instruction.children else roots
    numbered = [u for u in pool if re.fullmatch(r"\(?\d{1,2}[.)]?", u.marker.strip())]
    if instruction is None or len(numbered) < 2:
        return None
    nodes = {int(u.marker.strip("().")): _convert([u], source) for u in numbered}
    nodes = {n: (tree["items"][0] if len(tree["items"]) == 1 else tree) for n, tree in nodes.items()}
    tree = compose(instruction.text, nodes)
    if tree is None:
        return None
    stem_start, stem_end = _clean_leaf(instruction, source)
    tree["stem"] = source[stem_start:stem_end].rstrip(" .:")
    tree["start"], tree["end"] = min(u.start for u in roots), max(_last_end(u) for u in roots)
    return tree


def simplify(node: Any) -> Any:
    """Collapse one-item groups and merge unstemmed groups into a parent with the same operator."""
    if not isinstance(node, dict) or "op" not in node:
        return node
    items: list[Any] = []
    for item in node["items"]:
        item = simplify(item)
        if isinstance(item, dict) and "op" in item and not item.get("stem") and not item.get("min") \
                and (item["op"] == node["op"] or len(item["items"]) <= 1):
            items.extend(item["items"])
        else:
            items.append(item)
    node = dict(node)
    node["items"] = items
    return node


#: Words that name who a recommendation is for, not what they must meet.
_POPULATION_WORDS = frozenset({"adults", "adult", "children", "child", "adolescents", "young", "people", "person",
                               "patients", "patient", "infants", "neonates", "women", "men", "members", "member",
                               "individuals", "those", "and", "or", "with", "of", "the", "a", "an", "in", "for"})


def restates(leaf_text: str, topic: str) -> bool:
    """Whether a leaf only names the population of its topic ("adults and children with CIDP" under
    "Chronic inflammatory demyelinating polyneuropathy (CIDP)"): its words other than population
    and function words are all words of the topic's name (its bracketed short form included)."""
    words = {w.casefold() for w in re.findall(r"[\w-]+", leaf_text)} - _POPULATION_WORDS
    return bool(words) and words <= {w.casefold() for w in re.findall(r"[\w-]+", topic)}


def drop_restated_population(tree: dict[str, Any], topic: str) -> dict[str, Any]:
    """The tree without a first AND item that only restates the topic's population (see
    :func:`restates`): the conventions drop such shared lead-in words ("adults with MMN who have X,
    or who have Y" is OR(X, Y) under MMN). A tree left with one group is that group."""
    items = tree.get("items", [])
    if tree.get("op") != "AND" or len(items) < 2 or "op" in items[0] or not restates(items[0].get("text", ""), topic):
        return tree
    rest = items[1:]
    if len(rest) == 1 and isinstance(rest[0], dict) and "op" in rest[0]:
        return {**rest[0], "stem": rest[0].get("stem") or tree.get("stem")}
    return {**tree, "items": rest}


def build_tree(units: list[Unit], source: str, *, default: str = "AND") -> dict[str, Any]:
    """The AND/OR tree of a field's units.

    Args:
        units: Units in reading order, offsets into ``source``.
        source: The text the offsets index.
        default: Operator of a list no stem or connective speaks for.

    Returns:
        ``{"op", "items", ...}``; a single group at the root is the root itself.
    """
    units = [u for u in units if u.text.strip()]
    if not units:
        return {"op": default, "items": []}
    _depth_keys(units)
    roots = _drop_preamble(_nest(units))
    tree = simplify(_by_instruction(roots, source) or _convert(roots, source, default=default))
    while len(tree["items"]) == 1 and isinstance(tree["items"][0], dict) and "op" in tree["items"][0]:
        tree = tree["items"][0]
    tree.setdefault("stem", None)
    return tree


__all__ = ["Unit", "build_tree", "connective", "continues", "drop_restated_population", "inline_item_starts",
           "is_instruction", "is_stem", "restates", "simplify", "stem_op", "units_from_text"]
