"""Map a change form's header cells to canonical field names.

Header wordings differ between forms ("Describe what was stated in original document",
"Current wording", "Was"), so each header cell is compared with a list of synonyms per field
(``resources/changeform/headers.yaml``) using rapidfuzz's ``token_set_ratio`` on normalised
text, and columns are assigned greedily from the best score down, each field to one column.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import yaml
from rapidfuzz import fuzz, utils

from extractor.errors import ConfigError

#: Canonical change-form fields, in the contract's order (``change_type``: a column classifying the change).
FIELDS = ("original", "new", "section", "reason", "changed_by", "date", "change_type")
#: Cue-word key for header words that name a column with no canonical role ("Status", "Remarks").
NO_ROLE = "none"
#: The roles a column may take (:mod:`extractor.changeform.roles`); the same names as :data:`FIELDS`.
ROLES = FIELDS
_RESOURCE = "resources/changeform/headers.yaml"


@dataclass(frozen=True)
class HeaderSynonyms:
    """Synonym lists per canonical field, and the score a match needs.

    Attributes:
        fields: Field name to its header wordings.
        min_score: Lowest rapidfuzz score (0–100) accepted as a match.
        cues: Field name to single words that point to it anywhere in a header ("superseded",
            "proposed", "by"): evidence for :mod:`extractor.changeform.roles`, weaker than a wording.
    """

    fields: dict[str, tuple[str, ...]]
    min_score: float = 70.0
    cues: dict[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: dict[str, object], source: str = _RESOURCE) -> HeaderSynonyms:
        """Build from parsed YAML, rejecting unknown keys and fields.

        Raises:
            ConfigError: Unknown key or field, or a field whose synonyms are not a list of strings.
        """
        allowed = {"fields", "min_score", "cues"}
        unknown = set(data) - allowed
        if unknown:
            raise ConfigError(source, f"unknown keys {sorted(unknown)}; allowed: {sorted(allowed)}")
        raw_cues = data.get("cues") or {}
        if not isinstance(raw_cues, dict):
            raise ConfigError(source, "'cues' must map field names to lists of words")
        cues: dict[str, frozenset[str]] = {}
        for name, words in raw_cues.items():
            if name not in FIELDS and name != NO_ROLE:
                raise ConfigError(source, f"cues: unknown field {name!r}; expected one of {[*FIELDS, NO_ROLE]}")
            if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
                raise ConfigError(source, f"cues: field {name!r}: expected a list of words")
            cues[name] = frozenset(w.lower() for w in words)
        raw_fields = data.get("fields")
        if not isinstance(raw_fields, dict):
            raise ConfigError(source, "'fields' must map field names to lists of header wordings")
        fields: dict[str, tuple[str, ...]] = {}
        for name, synonyms in raw_fields.items():
            if name not in FIELDS:
                raise ConfigError(source, f"unknown field {name!r}; expected one of {list(FIELDS)}")
            if not isinstance(synonyms, list) or not all(isinstance(s, str) for s in synonyms):
                raise ConfigError(source, f"field {name!r}: expected a list of strings")
            fields[name] = tuple(synonyms)
        return cls(fields=fields, min_score=float(data.get("min_score", 70)), cues=cues)  # type: ignore[arg-type]


@lru_cache(maxsize=1)
def default_synonyms() -> HeaderSynonyms:
    """Load the synonym data shipped in the package."""
    text = resources.files("extractor").joinpath(_RESOURCE).read_text(encoding="utf-8")
    return HeaderSynonyms.from_dict(yaml.safe_load(text))


_SEPARATORS = re.compile(r"[/\\_]")
#: Least rapidfuzz ratio for one header word to match a different one-word synonym (a typo).
SINGLE_WORD_SCORE = 88.0
#: Entries each of the header caches below keeps: a few documents' worth of header-search cells
#: (most repeats are within one document; a larger cache only grows a long batch's workers).
_CACHED_CELLS = 8192


@lru_cache(maxsize=_CACHED_CELLS)
def normalise_header(text: str) -> str:
    """Lower-case, drop punctuation and collapse whitespace (rapidfuzz's default processor)."""
    return utils.default_process(_SEPARATORS.sub(" ", text))


def score_header(cell: str, synonyms: Sequence[str]) -> float:
    """Best similarity (0–100) between a header cell and any of ``synonyms``.

    Short synonyms ("was", "to") must match the whole cell; longer ones may match by tokens.
    """
    return _cell_score(cell, tuple(synonyms))


@lru_cache(maxsize=6 * _CACHED_CELLS)
def _cell_score(cell: str, synonyms: tuple[str, ...], floor: float = 0.0) -> float:
    """:func:`score_header` when it is at least ``floor``, else 0.0.

    Cached: the header search scores the same cells many times.
    """
    text = normalise_header(cell)
    if not text:
        return 0.0
    return _best_score(text, _normalised(synonyms), floor)


@lru_cache(maxsize=256)
def _normalised(synonyms: tuple[str, ...]) -> tuple[str, ...]:
    """The synonyms normalised (a field's list is normalised once, not per header cell)."""
    return tuple(normalise_header(synonym) for synonym in synonyms)


@lru_cache(maxsize=6 * _CACHED_CELLS)
def _best_score(text: str, targets: tuple[str, ...], floor: float = 0.0) -> float:
    """Best similarity of a normalised cell to normalised synonyms, or 0.0 when it is below ``floor``.

    A synonym's score is min(max(token set ratio, ratio), WRatio); only a score at least the
    best so far (and the floor) can change the answer, so each rapidfuzz scorer is given that
    as its ``score_cutoff`` (it then returns 0 for anything lower and the exact score
    otherwise, and can stop early). Cached too: cells that differ only in case, punctuation
    or spacing normalise alike, and the forms of one template share their headers.
    """
    best = 0.0
    single = " " not in text
    for target in targets:
        if len(target) <= 4 or len(text) <= 4:
            score = 100.0 if text == target else 0.0
        elif single and " " not in target and text != target:
            # Two single words alike in letters are different words ("justification" is not
            # "classification"), unless they differ by a slip of a letter or two.
            score = fuzz.ratio(text, target)
            score = score if score >= SINGLE_WORD_SCORE else 0.0
        else:
            need = max(best, floor)
            # A header that merely contains a common word ("date") should not beat a longer match.
            limit = fuzz.WRatio(text, target, score_cutoff=need)
            if limit < need or not limit:
                continue
            score = max(fuzz.token_set_ratio(text, target, score_cutoff=need) if len(target.split()) > 1 else 0.0,
                        fuzz.ratio(text, target, score_cutoff=need))
            score = min(score, limit)
        best = max(best, score)
    return best if best >= floor else 0.0


def map_headers(header: Sequence[str], synonyms: HeaderSynonyms | None = None) -> list[str | None]:
    """Return the canonical field of each header cell, or None where none matches.

    Args:
        header: The header row's cell texts.
        synonyms: Synonym data; the packaged list by default.

    Returns:
        One entry per header cell.
    """
    synonyms = synonyms or default_synonyms()
    # Scores below the threshold are never used, so they need not be exact (see _best_score).
    floor = synonyms.min_score if 0.0 <= synonyms.min_score <= 100.0 else 0.0
    candidates: list[tuple[float, int, str]] = []
    for column, cell in enumerate(header):
        for name in FIELDS:
            score = _cell_score(cell, tuple(synonyms.fields.get(name, ())), floor)
            if score >= synonyms.min_score:
                candidates.append((score, column, name))
    mapping: list[str | None] = [None] * len(header)
    taken: set[str] = set()
    for _score, column, name in sorted(candidates, key=lambda c: (-c[0], c[1])):
        if mapping[column] is None and name not in taken:
            mapping[column] = name
            taken.add(name)
    return mapping


__all__ = ["FIELDS", "NO_ROLE", "ROLES", "HeaderSynonyms", "default_synonyms", "map_headers", "score_header"]
