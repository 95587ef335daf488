"""Column roles of a change table, from its header AND its content, solved as one assignment.

Every reader (PDF, DOCX, text/HTML export) hands this module the same thing — a grid of a
header row and body rows of cell texts — and this module alone decides (a) whether the grid is
a change table and (b) what each column means. The method:

1. **Header evidence** ``H[c, f]`` (0–1): the fuzzy match of the header cell with the field's
   synonym list (:mod:`extractor.changeform.fields`), and direction/role *cue words* anywhere in
   the header ("superseded", "current" → original; "proposed", "amended" → new; "by", "who" →
   changed_by), the header's head word (the last word before a preposition: "Proposed *by*",
   "Reason *for* change") weighing most.
2. **Content evidence** ``C[c, f]`` (0–1) from the cells' shapes (:class:`ColumnProfile`): the
   share of cells that read as dates; short section references ("4.2", "Appendix A", headings);
   short person, role or body names; stated reasons (mid-length, reason words, coded "(A) ..."
   or "Type 2"); categorical columns with few distinct values (``change_type``); and prose.
   The original and new text columns are the *pair* of text columns whose cells resemble each
   other row by row (rapidfuzz; prose columns, or any two whose cells pair closely), their direction told by header cues, then by content (an
   "N/A" or "None" original, a "Removed" instruction as new text, later years in the new
   text), then by order (original first).
3. **Assignment.** ``S = max(H, 0.95·C) + 0.25·min(H, C)``, lowered where the content plainly
   says another role than a weak header. Every candidate (original, new) pair is tried (and no pair); the remaining
   columns and fields are solved with the Hungarian method (:func:`scipy.optimize.linear_sum_assignment`),
   a column staying unmapped (``None``) when no field scores above :data:`NULL_SCORE`.

Word lists (``resources/changeform/headers.yaml``, ``content.yaml``) raise confidence; none is
a gate: with every list emptied the cell shapes alone still assign the roles. Whatever was
guessed from content alone, or could not be told apart, is said in :attr:`Roles.warnings`.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

import yaml
from rapidfuzz import fuzz

from extractor.changeform.dates import iso_date
from extractor.changeform.fields import NO_ROLE, ROLES, HeaderSynonyms, default_synonyms, normalise_header, score_header
from extractor.errors import ConfigError, check_keys

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

_RESOURCE = "resources/changeform/content.yaml"
#: Score a column must beat to take a field; below it the column stays unmapped.
NULL_SCORE = 0.3
#: Header score from which the header alone is said to name the field.
HEADER_CONFIDENT = 0.6
#: Content score from which the cells alone are said to show the field.
CONTENT_CONFIDENT = 0.4
#: Most rows a column's profile and the row-by-row pairing are measured on.
SAMPLE_ROWS = 60
#: Header evidence of an abbreviated cue word ("Orig.", "Rsn", "Dt").
ABBREVIATION_CUE = 0.5
#: Least row-by-row similarity (0–1) of two prose columns for them to be taken as original/new.
PAIR_SIMILARITY = 0.45
_TEXT_FIELDS = ("original", "new")
_PREPOSITIONS = frozenset({"of", "for", "to", "in", "on", "at", "from", "with", "which", "that", "where"})
_TEXT_NOUNS = frozenset({"text", "wording", "words", "version", "statement", "content", "paragraph", "sentence",
                         "passage", "extract", "description", "describe", "stated", "reads", "read", "amendment",
                         "revision", "language", "clause", "entry"})
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
_NUMERIC_DATE = re.compile(r"^\s*(\d{1,4})([/.\-])(\d{1,2})(?:[/.\-](\d{2,4}))?\s*$")
_SECTION_NUMBER = re.compile(r"^\s*(?:§\s*)?(?:\d+(?:\.\d+)*[a-z]?|[A-Z]\d*(?:\.\d+)+|[IVX]+\.|[A-Z]\))(?=[\s:.,)–-]|$)")
_CODE = re.compile(r"^\s*(?:\(?[A-Za-z0-9]{1,2}[).:]|(?:type|code|category|cat\.?|class|level)\s*[A-Za-z0-9]{1,2}\b)",
                   re.IGNORECASE)
_INITIALS = re.compile(r"\b[A-Z]\.\s?(?:[A-Z]\.\s?)*[A-Z][a-z]+|\b[A-Z][a-z]+,?\s+[A-Z]\.?(?:\s|$)")
_ROW_NUMBER = re.compile(r"^\s*\(?[0-9]{1,3}[.)]?\s*$")
_EMPTY_ORIGINAL = re.compile(r"^\W*(?:none|n/?a|nil|new|not\s+applicable|no\s+(?:previous\s+|existing\s+)?"
                             r"(?:text|wording|entry)|-+|–|—)\W*$", re.IGNORECASE)
_INSTRUCTION = re.compile(r"^\W*(?:(?:this\s+\w+\s+)?(?:has\s+been\s+|was\s+)?(?:removed|deleted|omitted|withdrawn)"
                          r"|delete|remove)\b.{0,60}$", re.IGNORECASE)


# --------------------------------------------------------------------------- lexicons (evidence)


@dataclass(frozen=True)
class ContentLexicon:
    """Words that raise the confidence of a content profile (``resources/changeform/content.yaml``).

    Attributes:
        roles: Words of people's roles, teams and bodies.
        reasons: Words of stated reasons.
        change_types: Values of a change-type column.
        section_words: Words of section references and headings.
        section_markers: Words that start a reference to a place in a document ("Appendix B").
    """

    roles: frozenset[str] = frozenset()
    reasons: frozenset[str] = frozenset()
    change_types: frozenset[str] = frozenset()
    section_words: frozenset[str] = frozenset()
    section_markers: frozenset[str] = frozenset()

    @classmethod
    def from_dict(cls, data: object, source: str = _RESOURCE) -> ContentLexicon:
        """Build from parsed YAML; unknown keys or non-list values raise :class:`ConfigError`."""
        checked = check_keys(data, ("roles", "reasons", "change_types", "section_words", "section_markers"), source)
        lists: dict[str, frozenset[str]] = {}
        for key, words in checked.items():
            if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
                raise ConfigError(source, f"{key!r}: expected a list of words")
            lists[key] = frozenset(w.lower() for w in words)
        return cls(**lists)

    @staticmethod
    def share(words: Sequence[str], lexicon: frozenset[str]) -> float:
        """Share of ``words`` found in ``lexicon`` (a lexicon entry ending in ``*`` is a prefix)."""
        if not words or not lexicon:
            return 0.0
        prefixes = _prefixes(lexicon)
        hits = sum(1 for w in words if w in lexicon or (prefixes and w.startswith(prefixes)))
        return hits / len(words)


@lru_cache(maxsize=16)
def _prefixes(lexicon: frozenset[str]) -> tuple[str, ...]:
    """The prefix entries of a word list ("typo*" -> "typo"), computed once per list."""
    return tuple(w[:-1] for w in lexicon if w.endswith("*"))


@lru_cache(maxsize=1)
def default_lexicon() -> ContentLexicon:
    """The content lexicon shipped in the package."""
    text = resources.files("extractor").joinpath(_RESOURCE).read_text(encoding="utf-8")
    return ContentLexicon.from_dict(yaml.safe_load(text))


# --------------------------------------------------------------------------- content profiles


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


@lru_cache(maxsize=8192)
def is_date(text: str) -> bool:
    """Whether a short cell reads as a date ("03/02/2025", "Feb 2025", "2025-02", "31/02/2025")."""
    flat = " ".join(text.split())
    if not flat or len(flat) > 40 or not any(ch.isdigit() for ch in flat):
        return False
    match = _NUMERIC_DATE.match(flat)
    if match:
        if match.group(2) == ".":
            # "12.02.26" is a date; "3.1.12" and "4.2.10" are section numbers
            return len(match.group(1)) == 2 and len(match.group(3)) == 2 and match.group(4) is not None
        return len(match.group(1)) == 4 or match.group(4) is not None
    return iso_date(flat) != flat


@lru_cache(maxsize=4096)
def is_participle(word: str) -> bool:
    """Whether a word is the past participle of a common English verb ("approved", "noted", "deferred").

    By word formation: it ends in *-ed* and, less that ending (and a doubled consonant), is a
    common word in wordfreq (Zipf ≥ 3.5); "Mohammed" or "Ahmed" are not ("mohamm", "ahm").
    """
    word = word.lower()
    if len(word) < 5 or not word.endswith("ed"):
        return False
    from wordfreq import zipf_frequency

    stems = {word[:-1], word[:-2]}
    if len(word) > 5 and word[-3] == word[-4]:
        stems.add(word[:-3])  # deferred -> defer
    if word.endswith("ied"):
        stems.add(word[:-3] + "y")  # clarified -> clarify
    return any(len(stem) >= 3 and zipf_frequency(stem, "en") >= 3.5 for stem in stems)


def _is_person(text: str, lexicon: ContentLexicon) -> float:
    """How much a cell reads as a person, role or body: short, no sentence, names or role words."""
    flat = " ".join(text.split())
    words = _words(flat)
    if not words or len(words) > 10 or len(flat) > 90 or flat.endswith((".", ";")) and len(words) > 3:
        return 0.0
    if len(flat.strip("()")) <= 1 or re.fullmatch(r"\(?[A-Za-z]{1,2}\d{1,2}\)?", flat):
        return 0.0  # a code ("A", "T2"), not a name or initials
    if sum(ch.isdigit() for ch in flat) > 2:
        return 0.0
    score = 0.0
    if ContentLexicon.share(words, lexicon.roles) > 0:
        score = 1.0
    elif is_participle(words[0]):
        score = 0.0  # "Approved", "Accepted by CPAG", "Noted": a status or remark, not a name
    elif _INITIALS.search(flat):
        score = 0.9
    else:
        tokens = [t for t in re.split(r"[\s,;/&]+", flat) if t]
        capitalised = sum(1 for t in tokens if t[:1].isupper() or t.isupper())
        if tokens and capitalised / len(tokens) >= 0.75 and len(tokens) <= 5:
            score = 0.4  # a name-shaped phrase; a heading or a status looks the same, so weakly
    return score


def _is_section(text: str, lexicon: ContentLexicon) -> float:
    """How much a cell reads as a place in the document: a number, a named part, or a heading."""
    flat = " ".join(text.split())
    words = _words(flat)
    if not flat or len(words) > 14:
        return 0.0
    if _SECTION_NUMBER.match(flat):
        return 1.0
    if words and words[0] in lexicon.section_markers:
        return 1.0
    if re.search(r"\b(?:p|pp|pg|para|s)\.?\s*\d", flat, re.IGNORECASE):
        return 0.9
    share = ContentLexicon.share(words, lexicon.section_words)
    heading = len(words) <= 8 and not flat.endswith(".") and flat[:1].isupper()
    return max(0.7 * share + (0.2 if heading else 0.0), 0.35 if heading else 0.0)


def _is_reason(text: str, lexicon: ContentLexicon) -> float:
    """How much a cell reads as a stated reason: mid-length, reason words, or a code."""
    flat = " ".join(text.split())
    words = _words(flat)
    if not words:
        return 0.0
    score = 0.0
    if _CODE.match(flat) and len(words) <= 25:
        score = 0.8
    share = ContentLexicon.share(words, lexicon.reasons)
    if share:
        score = max(score, min(1.0, 0.45 + 1.5 * share))
    if len(words) > 45:
        score *= 0.5
    return score


@dataclass(frozen=True)
class ColumnProfile:
    """What a column's cells look like.

    Attributes:
        filled: Share of rows with text in the column.
        words: Median word count of its filled cells.
        most_words: Word count of its longest filled cell.
        long: Share of filled cells with 8 words or more (prose).
        dates: Share of filled cells that read as dates.
        sections: Mean section-reference score of filled cells.
        people: Mean person/role score of filled cells.
        reasons: Mean reason score of filled cells.
        distinct: Distinct values over filled cells (1.0 when every cell differs, or with fewer than 3).
        type_words: Share of the column's words that are change-type words.
        numbering: Whether the cells are row numbers (1, 2, 3 ...).
        bullets: Share of filled cells with a list or several paragraphs.
        codes: Whether every filled cell is a short code ("A", "T2", "(C)").
    """

    filled: float
    words: float
    most_words: int
    long: float
    dates: float
    sections: float
    people: float
    reasons: float
    distinct: float
    type_words: float
    numbering: bool
    bullets: float
    codes: bool = False

    @property
    def prose(self) -> float:
        """How much the column holds running text (0–1)."""
        return min(1.0, 0.6 * self.long + 0.4 * min(1.0, self.words / 12) + 0.2 * self.bullets)

    @property
    def categorical(self) -> bool:
        """Few distinct short values, repeated across rows."""
        return self.most_words <= 4 and self.distinct <= 0.6 and not self.numbering


def profile(cells: Sequence[str], lexicon: ContentLexicon) -> ColumnProfile:
    """Profile one column's body cells (see :class:`ColumnProfile`)."""
    filled = [" ".join(c.split()) for c in cells if c and c.strip()]
    n = len(filled)
    if not n:
        return ColumnProfile(0.0, 0.0, 0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, False, 0.0)
    counts = [len(_words(c)) for c in filled]
    all_words = [w for c in filled for w in _words(c)]
    numbers = [int(re.sub(r"\D", "", c)) for c in filled if _ROW_NUMBER.match(c)]
    numbering = len(numbers) == n and n >= 2 and numbers == sorted(numbers)
    values = {c.lower().strip(" .") for c in filled}
    return ColumnProfile(
        filled=n / max(len(cells), 1),
        words=float(statistics.median(counts)),
        most_words=max(counts),
        long=sum(k >= 8 for k in counts) / n,
        dates=sum(is_date(c) for c in filled) / n,
        sections=0.0 if numbering else statistics.fmean(_is_section(c, lexicon) for c in filled),
        people=statistics.fmean(_is_person(c, lexicon) for c in filled),
        reasons=statistics.fmean(_is_reason(c, lexicon) for c in filled),
        distinct=len(values) / n if n >= 3 else 1.0,
        type_words=ContentLexicon.share(all_words, lexicon.change_types),
        numbering=numbering,
        codes=all(re.fullmatch(r"\(?[A-Za-z]{0,2}\d{0,2}\)?", c) and len(c.strip("()")) <= 3 for c in filled)
        and not numbering,
        bullets=sum(("•" in c or "\n" in raw) for c, raw in zip(filled, [c for c in cells if c and c.strip()],
                                                             strict=True)) / n,
    )


def content_scores(p: ColumnProfile) -> dict[str, float]:
    """Content evidence (0–1) of one column for each role other than original/new."""
    if p.filled == 0 or p.numbering:
        return {name: 0.0 for name in ROLES}
    short = p.words <= 6
    # One value repeated down a column ("Approved" in every row) shows little of what it is.
    uniform = 0.7 if p.distinct <= 1 / 3 and p.filled > 0 else 1.0
    scores = {
        "date": p.dates if p.words <= 6 else 0.0,
        "section": p.sections * (1.0 if p.words <= 10 else 0.4) * (1 - p.dates),
        "changed_by": p.people * (1.0 if short else 0.5) * (1 - p.dates) * (uniform if p.people < 0.6 else 1.0),
        "reason": p.reasons * (1 - p.dates) * (0.6 if p.categorical else 1.0),
        "change_type": 0.0,
        "original": 0.3 * p.prose,
        "new": 0.3 * p.prose,
    }
    if p.categorical or (p.type_words >= 0.5 and p.words <= 4):
        # A column of few repeated values is a change type when its values are change-type words
        # or short codes ("A", "T2"); otherwise (a status, a yes/no) only weakly: its header must say it.
        if p.type_words >= 0.3:
            scores["change_type"] = min(1.0, 0.45 + p.type_words)
        else:
            scores["change_type"] = 0.4 if p.codes else 0.25
    return scores


def pair_similarity(a: Sequence[str], b: Sequence[str]) -> tuple[float, int]:
    """Mean row-by-row similarity (0–1) of two columns, over rows where both hold real text.

    Rows where one side is "None"/"N/A" or an instruction ("Removed") are left out.

    Returns:
        The mean similarity and the number of rows it was measured on.
    """
    scores = []
    for x, y in zip(a, b, strict=True):
        x, y = " ".join(x.split()), " ".join(y.split())
        if not x or not y or _EMPTY_ORIGINAL.match(x) or _EMPTY_ORIGINAL.match(y) \
                or _INSTRUCTION.match(x) or _INSTRUCTION.match(y):
            continue
        scores.append(max(fuzz.ratio(x.lower(), y.lower()), fuzz.token_set_ratio(x.lower(), y.lower()) * 0.9) / 100)
    return (statistics.fmean(scores) if scores else 0.0), len(scores)


def growth(a: Sequence[str], b: Sequence[str]) -> float:
    """Share of rows (−1 … 1) where ``b`` is longer than ``a`` minus those where it is shorter.

    Amendments add more than they remove, so the new text is more often the longer one: a weak
    tie-breaker for the direction of a pair, never a reason to be sure of it.
    """
    votes = [(len(y) > 1.1 * len(x)) - (len(x) > 1.1 * len(y)) for x, y in zip(a, b, strict=True) if x.strip() and y.strip()]
    return statistics.fmean(votes) if votes else 0.0


def direction_evidence(a: Sequence[str], b: Sequence[str]) -> float:
    """Content evidence (−1 … 1) that column ``a`` is the original text and ``b`` the new.

    An empty-meaning original ("None", "N/A", "New") sits in the original column; an instruction
    ("Removed", "Deleted") in the new one; the new text cites later years.
    """
    votes = 0.0
    rows = 0
    for x, y in zip(a, b, strict=True):
        x, y = " ".join(x.split()), " ".join(y.split())
        if not (x or y):
            continue
        rows += 1
        votes += (bool(_EMPTY_ORIGINAL.match(x)) - bool(_EMPTY_ORIGINAL.match(y)))
        votes += (bool(_INSTRUCTION.match(y)) - bool(_INSTRUCTION.match(x)))
        years_x = [int(v) for v in _YEAR.findall(x)]
        years_y = [int(v) for v in _YEAR.findall(y)]
        if years_x and years_y and max(years_x) != max(years_y):
            votes += 0.5 if max(years_y) > max(years_x) else -0.5
    return max(-1.0, min(1.0, votes / max(rows, 1) * 3)) if rows else 0.0


# --------------------------------------------------------------------------- header evidence


def head_word(cell: str) -> str:
    """The header's head word: the last word before its first preposition ("Reason *for* change")."""
    words = _words(cell)
    head = ""
    for word in words:
        if word in _PREPOSITIONS and head:
            break
        head = word
    return head


@lru_cache(maxsize=8192)
def _is_cue(word: str, cues: frozenset[str]) -> bool:
    """Whether a header word is one of the cues, or a cue of 4+ letters with an ending ("currently")."""
    return word in cues or any(len(cue) >= 4 and word.startswith(cue) and len(word) - len(cue) <= 3 for cue in cues)


_VOWELS = frozenset("aeiou")


def abbreviates(short: str, word: str) -> bool:
    """Whether ``short`` is an abbreviation of ``word``: its start ("Orig.", "Sect.", "Cat.") or
    its consonant skeleton ("Rsn" for reason, "Dt" for date), the first letters alike.

    The usual ways headers are shortened (truncation with a full stop, dropped vowels); a short
    header word is compared with the cue words this way only when the header has one or two words.
    """
    short = short.lower().rstrip(".")
    if len(short) < 2 or len(short) >= len(word) or short[0] != word[0]:
        return False
    if len(short) >= 3 and word.startswith(short):
        return True
    if len(short) > 4 or sum(ch in _VOWELS for ch in short[1:]):
        return False
    letters = iter(word)
    return all(ch in letters for ch in short)  # a subsequence of the word's letters


#: Most words of a header cell (a longer cell is a sentence of a body row, not a label).
HEADER_MAX_WORDS = 12


def is_sentence(cell: str) -> bool:
    """Whether a cell reads as a sentence rather than a label: many words, or several ending in a full stop."""
    words = cell.split()
    return len(words) > HEADER_MAX_WORDS or (len(words) > 2 and cell.rstrip().endswith("."))


def looks_like_header(cells: Sequence[str], *, min_filled: int = 2, all_filled: bool = False) -> bool:
    """Whether a row of cells is shaped like a header row, whatever its words.

    At least ``min_filled`` filled cells (every cell, with ``all_filled``), none longer than
    :data:`HEADER_MAX_WORDS` words, and at most one that reads as a sentence.
    """
    filled = [cell for cell in cells if cell.strip()]
    if len(filled) < min_filled or (all_filled and len(filled) < len(cells)):
        return False
    if any(len(cell.split()) > HEADER_MAX_WORDS for cell in filled):
        return False
    return sum(1 for cell in filled if is_sentence(cell)) <= 1


def header_scores(cell: str, synonyms: HeaderSynonyms) -> dict[str, float]:
    """Header evidence (0–1) of one header cell for each role: synonyms, then cue words.

    A cell that reads as a sentence (a body row taken for a header) gives no evidence.
    """
    scores = {name: 0.0 for name in (*ROLES, NO_ROLE)}
    if not normalise_header(cell) or is_sentence(cell):
        return scores
    for name in ROLES:
        listed = synonyms.fields.get(name, ())
        if listed:
            score = score_header(cell, listed)
            if score >= synonyms.min_score:
                scores[name] = score / 100
    words = _words(cell)
    head = head_word(cell)
    cued: set[str] = set()
    closeness: dict[str, float] = {}
    for name in (*ROLES, NO_ROLE):
        cues = synonyms.cues.get(name, frozenset())
        hits = [w for w in words if _is_cue(w, cues)]
        if hits:
            cue = 0.85 if head in hits else 0.6
            scores[name] = max(scores[name], cue)
            cued.add(name)
        elif len(words) <= 2:
            # an abbreviated header ("Orig.", "Rsn"): how much of the cue word it keeps
            kept = [len(w) / len(cue) for w in words if len(w) <= 5 for cue in cues if abbreviates(w, cue)]
            if kept:
                closeness[name] = max(kept)
    if closeness and not cued:
        best = max(closeness.values())
        for name, kept in closeness.items():
            if kept == best:  # the cue word it abbreviates most closely ("Rsn": reason, not responsible)
                scores[name] = max(scores[name], ABBREVIATION_CUE)
                cued.add(name)
    # Original and new text headers share their noun ("Superseded wording", "Revised wording"): a
    # fuzzy match on it says nothing of direction. A direction cue for one side caps the other
    # side's fuzzy score unless that is a near-exact wording.
    for this, other in (("original", "new"), ("new", "original")):
        if this in cued and other not in cued and scores[other] < 0.9:
            scores[other] = min(scores[other], 0.4)
    if any(w in _TEXT_NOUNS for w in words) and synonyms.cues:
        for name in _TEXT_FIELDS:
            scores[name] = max(scores[name], 0.4)
    return scores


# --------------------------------------------------------------------------- the assignment


@dataclass(frozen=True)
class Evidence:
    """Why a column got its role.

    Attributes:
        source: ``"header"``, ``"content"`` or ``"header+content"``.
        score: Confidence 0–1.
    """

    source: str
    score: float

    def to_dict(self) -> dict[str, object]:
        """The contract's ``field_evidence`` entry."""
        return {"source": self.source, "score": round(self.score, 3)}


@dataclass
class Roles:
    """The roles of a grid's columns.

    Attributes:
        fields: Canonical role of each column, or None.
        evidence: Why (None for an unmapped column).
        warnings: One-line notes on what was guessed or could not be told.
        notes: The same notes with the 0-based column each is about (None: the whole table).
        score: The assignment's total (the columns' scores, unmapped columns' null scores and the
            direction evidence of the original/new pair).
        is_change_table: Whether the grid is taken as a change table.
        pair_similarity: Row-by-row similarity of the original and new columns (None without a pair).
    """

    fields: list[str | None]
    evidence: list[Evidence | None]
    warnings: list[str] = field(default_factory=list)
    notes: list[tuple[int | None, str]] = field(default_factory=list)
    score: float = 0.0
    is_change_table: bool = False
    pair_similarity: float | None = None

    @property
    def header_mapped(self) -> int:
        """Columns whose role the header names (with or without content)."""
        return sum(1 for e in self.evidence if e is not None and e.source != "content")


def _names_text(cell: str) -> bool:
    """Whether a header names a text column: a text noun ("wording", "text", "amendment")."""
    return any(word in _TEXT_NOUNS for word in _words(cell))


def _combine(h: float, c: float, content_other: float) -> float:
    """A column's score for a field: the stronger evidence plus a quarter of the weaker one.

    Not capped at 1: where header and content both agree, that must still outweigh a column
    whose header alone says as much (a capped score would tie "Proposed wording" as new with
    it as original). Content alone weighs a little less than a header naming the field exactly
    ("Reason for change" stays the reason whatever its cells look like); a weaker header is
    overruled when the cells plainly say another role.
    """
    score = max(h, 0.95 * c) + 0.25 * min(h, c)
    if 0 < h < 0.9 and c < 0.1 and content_other >= 0.6:
        score -= 0.3  # the header hints at one thing, the cells plainly say another
    return score


def _solve(matrix: np.ndarray, null: Sequence[float]) -> tuple[float, list[int]]:
    """Best assignment of rows (columns of the grid) to matrix columns (fields).

    Args:
        matrix: Score of each grid column (row) for each field (column).
        null: Per grid column, the score of leaving it unmapped (:data:`NULL_SCORE`, or more when
            its header names a column of no role).

    Returns:
        Total score and, per grid column, the field index or -1.
    """
    import numpy as np  # imported here: reading a form's pages must not pay for SciPy up front
    from scipy.optimize import linear_sum_assignment

    n_cols, n_fields = matrix.shape
    if n_cols == 0:
        return 0.0, []
    padded = np.repeat(np.asarray(null, dtype=float)[:, None], n_fields + n_cols, axis=1)
    padded[:, :n_fields] = matrix
    rows, cols = linear_sum_assignment(-padded)
    choice = [-1] * n_cols
    total = 0.0
    for r, c in zip(rows, cols, strict=True):
        total += padded[r, c]
        if c < n_fields and padded[r, c] > null[r]:
            choice[r] = c
    return total, choice


def assign_roles(header: Sequence[str], rows: Sequence[Sequence[str]], *,
                 synonyms: HeaderSynonyms | None = None, lexicon: ContentLexicon | None = None,
                 codes: frozenset[str] = frozenset()) -> Roles:
    """Decide each column's role from its header cell and its body cells.

    Args:
        header: Header cell texts (one per column; empty strings allowed).
        rows: Body rows, each one text per column.
        synonyms: Header wordings and cue words; the packaged ones by default.
        lexicon: Content word lists; the packaged ones by default.
        codes: Codes a legend near the table explains ("A", "B", "T1"): a column whose cells
            are those codes classifies the changes (``change_type``).

    Returns:
        The roles, with evidence, warnings and whether the grid reads as a change table.
    """
    import numpy as np

    synonyms = synonyms if synonyms is not None else default_synonyms()
    lexicon = lexicon if lexicon is not None else default_lexicon()
    width = len(header)
    if len(rows) > SAMPLE_ROWS:  # evenly spaced rows stand for a long table (the pairwise work is per row)
        step = len(rows) / SAMPLE_ROWS
        rows = [rows[int(i * step)] for i in range(SAMPLE_ROWS)]
    columns = [[(list(r) + [""] * width)[c] for r in rows] for c in range(width)]
    profiles = [profile(col, lexicon) for col in columns]
    content = [content_scores(p) for p in profiles]
    if codes:
        for c, column in enumerate(columns):
            values = [" ".join(v.split()).strip("() .").upper() for v in column if v.strip()]
            if len(values) >= 2 and sum(v in codes for v in values) >= 0.8 * len(values) and len(set(values)) >= 2:
                content[c]["change_type"] = max(content[c]["change_type"], 0.85)
    heads = [header_scores(cell, synonyms) for cell in header]
    names = list(ROLES)
    others = [n for n in names if n not in _TEXT_FIELDS]

    def combined(c: int, name: str, c_score: float | None = None) -> float:
        score = content[c][name] if c_score is None else c_score
        rival = max((v for k, v in content[c].items() if k != name and k not in _TEXT_FIELDS), default=0.0)
        return _combine(heads[c][name], score, rival)

    # Candidate original/new pairs: prose columns, columns whose header names them, and any two
    # text columns (not dates, numbering or categories) whose cells resemble each other row by row.
    textual = [c for c in range(width) if profiles[c].filled and not profiles[c].numbering
               and profiles[c].dates < 0.5 and not profiles[c].categorical]
    pair_info: dict[tuple[int, int], tuple[float, float, float]] = {}
    for a, b in itertools.combinations(textual, 2):
        sim, measured = pair_similarity(columns[a], columns[b])
        named = [max(heads[c][n] for n in _TEXT_FIELDS) >= 0.5 or profiles[c].prose >= 0.25 for c in (a, b)]
        if not (all(named) or sim >= PAIR_SIMILARITY):
            continue
        pair_info[(a, b)] = (sim, direction_evidence(columns[a], columns[b]) if measured else 0.0,
                             growth(columns[a], columns[b]))

    best: tuple[float, tuple[int, int] | None, list[int]] | None = None
    options: list[tuple[int, int] | None] = [None]
    options += [(a, b) for a, b in pair_info] + [(b, a) for a, b in pair_info]
    for option in options:
        total = 0.0
        rest = list(range(width))
        fields_left = names
        if option is not None:
            a, b = option
            key = (min(a, b), max(a, b))
            sim, direction, longer = pair_info[key]
            sign = 1 if (a, b) == key else -1
            direction, longer = sign * direction, sign * longer
            prose = (profiles[a].prose + profiles[b].prose) / 2
            pair_content = max(0.0, min(1.0, (sim - 0.3) / 0.35)) * 0.75 + 0.25 * prose
            total += combined(a, "original", pair_content) + combined(b, "new", pair_content)
            total += 0.15 * direction + 0.05 * longer + (0.02 if a < b else 0.0)
            rest = [c for c in range(width) if c not in option]
            fields_left = others
        matrix = np.array([[combined(c, n) for n in fields_left] for c in rest]).reshape(len(rest), len(fields_left))  # noqa: E501
        sub_total, choice = _solve(matrix, [max(NULL_SCORE, heads[c][NO_ROLE]) for c in rest])
        total += sub_total
        if best is None or total > best[0] + 1e-9:
            assignment = [-1] * width
            for c, f in zip(rest, choice, strict=True):
                assignment[c] = names.index(fields_left[f]) if f >= 0 else -1
            if option is not None:
                assignment[option[0]] = names.index("original")
                assignment[option[1]] = names.index("new")
            best = (total, option, assignment)
    assert best is not None
    total, pair, assignment = best
    return _explain(header, columns, profiles, content, heads, pair, pair_info, assignment, total)


def _explain(header: Sequence[str], columns: list[list[str]], profiles: list[ColumnProfile],
             content: list[dict[str, float]], heads: list[dict[str, float]], pair: tuple[int, int] | None,
             pair_info: dict[tuple[int, int], tuple[float, float, float]], assignment: list[int], total: float) -> Roles:
    """Turn the chosen assignment into fields, evidence, warnings and the change-table verdict."""
    names = list(ROLES)
    fields: list[str | None] = [names[i] if i >= 0 else None for i in assignment]
    evidence: list[Evidence | None] = []
    notes: list[tuple[int | None, str]] = []
    similarity = None
    if pair is not None:
        key = (min(pair), max(pair))
        similarity = pair_info[key][0]

    def label(c: int) -> str:
        text = " ".join(header[c].split())
        return f"column {c + 1} ('{text[:40]}')" if text else f"column {c + 1} (no header)"

    for c, name in enumerate(fields):
        if name is None:
            evidence.append(None)
            p = profiles[c]
            header_best = max(((k, v) for k, v in heads[c].items() if k != NO_ROLE), key=lambda kv: kv[1])
            if heads[c][NO_ROLE] >= max(header_best[1], HEADER_CONFIDENT):
                continue  # its header says it has no role ("Status", "Remarks"): nothing to warn of
            if p.filled >= 0.5 and not p.numbering and (p.prose >= 0.3 or header_best[1] >= HEADER_CONFIDENT):
                notes.append((c, f"{label(c)} was not understood and is left unmapped"))
            continue
        h = heads[c][name]
        if name in _TEXT_FIELDS and pair is not None and c in pair:
            c_score = max(0.0, min(1.0, ((similarity or 0.0) - 0.3) / 0.35))
        else:
            c_score = content[c][name]
        if h >= HEADER_CONFIDENT and c_score >= CONTENT_CONFIDENT:
            source = "header+content"
        elif h >= HEADER_CONFIDENT or (h > c_score and h >= 0.4):
            source = "header"
        else:
            source = "content"
        score = min(1.0, max(h, c_score) + 0.25 * min(h, c_score))
        evidence.append(Evidence(source, score))
        header_best = max(((k, v) for k, v in heads[c].items() if k != NO_ROLE), key=lambda kv: kv[1])
        if source == "content":
            if header_best[1] >= HEADER_CONFIDENT and header_best[0] != name:
                notes.append((c, f"{label(c)}: its header reads as '{header_best[0]}' but its cells as "
                                  f"'{name}'; taken as '{name}'"))
            else:
                notes.append((c, f"{label(c)} taken as '{name}' from its content alone (header not recognised)"))
    if pair is not None:
        a, b = pair
        header_direction = (heads[a]["original"] - heads[a]["new"]) + (heads[b]["new"] - heads[b]["original"])
        key = (min(a, b), max(a, b))
        direction = pair_info[key][1] if (a, b) == key else -pair_info[key][1]
        if abs(header_direction) < 0.2 and abs(direction) < 0.1:
            why = "it comes first" if a < b else "the other column's text is mostly longer"
            notes.append((None, f"the original and new text columns could not be told apart; {label(a)} taken "
                                f"as the original ({why}) and {label(b)} as the new text"))
    present = set(fields)
    if not {"original", "new"} & present:
        notes.append((None, "no column of original or new text was found"))
    elif not {"original", "new"} <= present:
        missing = "original" if "original" not in present else "new"
        notes.append((None, f"no column of {missing} text was found"))
    header_named = sum(1 for e in evidence if e is not None and e.source != "content")
    assigned = sum(1 for f in fields if f is not None)
    strong_pair = pair is not None and (similarity or 0.0) >= PAIR_SIMILARITY
    # Text columns whose header names them as text ("Published text", "Agreed amendment"), not
    # merely as before/after of something else ("Before treatment", "Current pathway").
    text_named = sum(1 for c, f in enumerate(fields)
                     if f in _TEXT_FIELDS and (heads[c][f] >= 0.9 or (heads[c][f] >= 0.5 and _names_text(header[c]))))
    width = len(header)
    # A change table: its header names three roles; or a pair of original/new columns whose cells
    # resemble each other, with a third role and a header that names one, or with both text
    # columns named as text by the header; or, failing a strong pair, three confident roles one
    # of which is a text column.
    is_table = width >= 2 and (
        header_named >= 3
        or (strong_pair and (assigned >= 3 and header_named >= 1 or text_named == 2))
        or (width >= 3 and assigned >= 3 and bool({"original", "new"} & present)
            and sum(1 for e in evidence if e is not None and e.score >= 0.5) >= 3)
        or (width == 2 and text_named == 2))
    return Roles(fields=fields, evidence=evidence, warnings=[text for _, text in notes], notes=notes, score=total,
                 is_change_table=is_table, pair_similarity=similarity)


@dataclass
class Grid:
    """A table as every reader hands it over: a header row and body rows of cell texts.

    Attributes:
        header: Header cell texts, one per column.
        rows: Body rows (each padded or cut to the header's width by :func:`choose_table`).
        key: What the reader needs to find the table again (its position, header row ...).
    """

    header: list[str]
    rows: list[list[str]]
    key: object = None


#: How many leading rows of a table may hold its header (title rows may come first).
HEADER_SEARCH_ROWS = 3


def header_choices(rows: Sequence[Sequence[str]], search: int = HEADER_SEARCH_ROWS
                   ) -> Iterator[tuple[int, int, list[str]]]:
    """Header candidates among a table's first rows: (first row, number of rows, header cells).

    Each of the first ``search`` rows shaped like a header (:func:`looks_like_header`), and each
    pair of rows read as one header — a group label over sub-headings ("Text" over "Before" |
    "After"), the sub-heading standing for its column where there is one.
    """
    for index, cells in enumerate(rows[:search]):
        if looks_like_header(cells):
            yield index, 1, list(cells)
        if index + 1 < len(rows) and any(cell.strip() for cell in rows[index + 1]):
            combined = combine_header_rows(cells, rows[index + 1])
            if looks_like_header(combined):
                yield index, 2, combined


def combine_header_rows(top: Sequence[str], sub: Sequence[str]) -> list[str]:
    """Two header rows as one: a sub-heading replaces the group label above it."""
    return [below or above for above, below in zip(top, sub, strict=True)]


def table_rank(roles: Roles, position: int) -> tuple[int, bool, int]:
    """Order of candidate change tables: most roles named by the header, then a pair of original/new
    columns whose cells resemble each other, then the first (a table continued after a break repeats
    its header)."""
    return (roles.header_mapped, (roles.pair_similarity or 0.0) >= PAIR_SIMILARITY, -position)


def choose_table(grids: Sequence[Grid], *, synonyms: HeaderSynonyms | None = None,
                 lexicon: ContentLexicon | None = None) -> tuple[Grid, Roles] | None:
    """Pick the grid that is the change table, by header and content alike.

    Of the grids that read as a change table (:attr:`Roles.is_change_table`), the one whose
    header names the most roles wins (:func:`table_rank`), then one with a pair of original/new
    columns whose cells resemble each other, then the first.

    Args:
        grids: Candidate tables (several header choices of one table may be among them).
        synonyms: Header wordings; the packaged ones by default.
        lexicon: Content word lists; the packaged ones by default.

    Returns:
        The grid and its roles, or None when no grid reads as a change table.
    """
    best: tuple[tuple[int, bool, int], Grid, Roles] | None = None
    for position, grid in enumerate(grids):
        width = len(grid.header)
        rows = [(list(row) + [""] * width)[:width] for row in grid.rows]
        roles = assign_roles(grid.header, rows, synonyms=synonyms, lexicon=lexicon)
        if not roles.is_change_table:
            continue
        rank = table_rank(roles, position)
        if best is None or rank > best[0]:
            best = (rank, grid, roles)
    return (best[1], best[2]) if best else None


__all__ = ["ColumnProfile", "ContentLexicon", "Evidence", "Grid", "NULL_SCORE", "Roles", "assign_roles",
           "choose_table", "combine_header_rows", "header_choices", "table_rank",
           "content_scores", "default_lexicon", "direction_evidence", "abbreviates", "header_scores", "head_word",
           "is_date", "pair_similarity", "profile"]
