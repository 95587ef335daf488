"""Policy reading rules as data: indication field labels and heading numbering.

Rules live in ``extractor/resources/policy/fields.yaml`` and ``structure.yaml``; the small
classes here load them, reject unknown keys (saying which are allowed) and answer the questions
the parser asks: which canonical field does a label name, is a line's number a heading number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml
from rapidfuzz import fuzz, process, utils

from extractor.errors import ConfigError, check_keys


def _check_keys(source: str, data: Any, allowed: set[str], required: set[str] = frozenset()) -> dict[str, Any]:
    """:func:`extractor.errors.check_keys` with the file first, as the policy rule classes call it."""
    return check_keys(data, allowed, source, required)


#: A negation in a label (after :func:`_normal`: lower case, "don't" becomes "don t").
_NEGATION = re.compile(r"\b(?:not|no|never|cannot|nor|(?:do|does|should|must|will)n\s?t|won\s?t)\b")


def _normal(text: str) -> str:
    """Lower case, punctuation to spaces, whitespace collapsed (rapidfuzz default_process)."""
    return utils.default_process(text)


@dataclass(frozen=True)
class FieldSpec:
    """One canonical field and the labels that name it.

    Attributes:
        name: Canonical key (``selection_criteria``).
        labels: Label wordings seen in policies.
        kind: ``"meta"`` (name, specialty, use) or ``"text"``.
    """

    name: str
    labels: tuple[str, ...]
    kind: str = "text"

    @classmethod
    def from_dict(cls, name: str, data: dict[str, Any], source: str = "fields.yaml") -> FieldSpec:
        """Build from YAML; unknown keys are an error."""
        data = _check_keys(f"{source}: field {name!r}", data, {"labels", "kind"}, {"labels"})
        kind = data.get("kind", "text")
        if kind not in ("meta", "text"):
            raise ConfigError(source, f"field {name!r}: kind must be 'meta' or 'text', not {kind!r}")
        labels = data["labels"]
        if not isinstance(labels, list) or not labels or not all(isinstance(x, str) for x in labels):
            raise ConfigError(source, f"field {name!r}: labels must be a non-empty list of strings")
        return cls(name=name, labels=tuple(labels), kind=kind)


@dataclass
class FieldRules:
    """Field labels, values of "use", and specialty names.

    Attributes:
        fields: Canonical fields in the order entries usually list them.
        min_score: Least rapidfuzz score for a label to count.
        use_values: Canonical use (``"short term"``) to its wordings.
        specialties: Specialty names recognised in section titles.
        label_noise: Patterns removed from a label before matching ("(continued)").
        entry_requires: Fields one of which a headed entry must have.
        use_fields: Fields whose text states the use when an entry has no "use" field.
        role_words: Field name to words that are evidence of that role in a label.
    """

    fields: list[FieldSpec]
    min_score: float = 88.0
    use_values: dict[str, list[str]] = field(default_factory=dict)
    specialties: list[str] = field(default_factory=list)
    label_noise: list[re.Pattern[str]] = field(default_factory=list)
    entry_requires: list[str] = field(default_factory=list)
    use_fields: list[str] = field(default_factory=list)
    role_words: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: dict[str, Any], source: str = "fields.yaml") -> FieldRules:
        """Build from the YAML mapping; unknown keys are an error."""
        data = _check_keys(source, data, {"version", "min_score", "fields", "use_values", "specialties",
                                          "label_noise", "entry_requires", "use_fields", "role_words"}, {"fields"})
        if not isinstance(data["fields"], dict):
            raise ConfigError(source, "fields must map canonical names to {labels, kind}")
        specs = [FieldSpec.from_dict(name, spec, source) for name, spec in data["fields"].items()]
        rules = cls(fields=specs, min_score=float(data.get("min_score", 88)),
                   use_values={k: list(v) for k, v in (data.get("use_values") or {}).items()},
                   specialties=list(data.get("specialties") or []),
                   label_noise=[re.compile(p, re.IGNORECASE) for p in data.get("label_noise") or []],
                   entry_requires=list(data.get("entry_requires") or []),
                   use_fields=list(data.get("use_fields") or []),
                   role_words={k: [str(w) for w in v] for k, v in (data.get("role_words") or {}).items()})
        names = {spec.name for spec in rules.fields}
        for key in ("entry_requires", "use_fields", "role_words"):
            unknown = set(getattr(rules, key)) - names
            if unknown:
                raise ConfigError(source, f"{key} names unknown fields {sorted(unknown)}; fields: {sorted(names)}")
        return rules

    @property
    def _choices(self) -> dict[str, str]:
        cached = getattr(self, "_choice_cache", None)
        if cached is None:
            cached = {_normal(label): spec.name for spec in self.fields for label in spec.labels}
            self._choice_cache = cached
        return cached

    def spec(self, name: str) -> FieldSpec:
        """The field called ``name``."""
        return next(spec for spec in self.fields if spec.name == name)

    def match_label(self, text: str, *, min_score: float | None = None) -> tuple[str, float] | None:
        """Map a label's text to its canonical field.

        Args:
            text: The label as written ("Selection Criteria:", "Dosage").
            min_score: Override of :attr:`min_score`.

        Returns:
            ``(canonical name, score)``, or None when nothing scores high enough.
        """
        for pattern in self.label_noise:
            text = pattern.sub(" ", text)
        key = _normal(text)
        if not key or len(key) > 60:
            return None
        choices = self._choices
        if key in choices:
            return choices[key], 100.0
        best = process.extractOne(key, list(choices), scorer=fuzz.ratio)
        if best and best[1] >= (self.min_score if min_score is None else min_score):
            return choices[best[0]], float(best[1])
        return None

    @property
    def _word_patterns(self) -> list[tuple[str, re.Pattern[str]]]:
        cached = getattr(self, "_word_cache", None)
        if cached is None:
            cached = []
            for role, words in self.role_words.items():
                for word in words:
                    stem = re.escape(_normal(word.rstrip("*")))
                    ending = r"\w*" if word.endswith("*") else ""
                    cached.append((role, re.compile(rf"\b{stem}{ending}\b")))
            self._word_cache = cached
        return cached

    def label_votes(self, text: str) -> dict[str, int]:
        """Roles whose role words occur in a label, each scored by its longest matching word; a
        negated label ("Who should not receive treatment") votes for exclusion above all others."""
        key = _normal(text)
        votes: dict[str, int] = {}
        for role, pattern in self._word_patterns:
            match = pattern.search(key)
            if match:
                votes[role] = max(votes.get(role, 0), len(match.group(0)))
        negated = len(key.split()) >= 2 and _NEGATION.search(key) is not None  # "No." alone numbers a column
        if negated and votes:
            return {"exclusion_criteria": max(votes.values()) + 1}
        if negated and self.role_words:
            return {"exclusion_criteria": 1}
        return votes

    def label_role(self, text: str) -> tuple[str | None, str | None]:
        """The role a label names, and the evidence: ``("dose", "lexicon")`` for a listed wording,
        ``("selection_criteria", "words")`` when role words point at one role only, else ``(None, None)``
        (the caller weighs :meth:`label_votes` against the content)."""
        found = self.match_label(text)
        votes = self.label_votes(text)
        if found and (found[1] >= 100 or not votes or found[0] in votes):
            return found[0], "lexicon"
        # A near miss of a listed wording ("Criteria for continued use" ~ "Criteria for use") yields
        # to role words that name another role.
        if len(votes) == 1:
            return next(iter(votes)), "words"
        return (found[0], "lexicon") if found else (None, None)

    def label_key(self, text: str) -> str:
        """A label without its noise ("(continued)"), normalised, to tell a repeated label."""
        for pattern in self.label_noise:
            text = pattern.sub(" ", text)
        return _normal(text)

    def use_of(self, text: str) -> str | None:
        """Canonical "use" (``"short term"``/``"long term"``) of a value or name suffix, or None."""
        key = _normal(text)
        for canonical, wordings in self.use_values.items():
            for wording in wordings:
                if re.search(rf"\b{re.escape(_normal(wording))}\b", key):
                    return canonical
        return None

    def specialty_in(self, text: str) -> str | None:
        """A specialty named in ``text`` (a section title), or None."""
        key = _normal(text)
        for name in self.specialties:
            if re.search(rf"\b{re.escape(_normal(name))}\b", key):
                return name
        return None


@dataclass(frozen=True)
class HeadingPattern:
    """One way of numbering headings.

    Attributes:
        name: Identifier.
        pattern: Regular expression with groups ``number`` and ``title``.
        level: ``"dots"`` (depth from the number's parts), ``"scheme"`` (depth from the order in
            which the document first uses the scheme; :meth:`StructureRules.numbered` answers 0
            and the parser assigns it) or a fixed level.
    """

    name: str
    pattern: re.Pattern[str]
    level: str | int

    @classmethod
    def from_dict(cls, data: dict[str, Any], source: str = "structure.yaml") -> HeadingPattern:
        """Build from YAML; unknown keys are an error."""
        data = _check_keys(f"{source}: heading", data, {"name", "pattern", "level"}, {"name", "pattern", "level"})
        try:
            compiled = re.compile(data["pattern"])
        except re.error as exc:
            raise ConfigError(source, f"heading {data['name']!r}: bad pattern ({exc})") from None
        if not {"number", "title"} <= set(compiled.groupindex):
            raise ConfigError(source, f"heading {data['name']!r}: pattern needs groups 'number' and 'title'")
        level = data["level"]
        if level not in ("dots", "scheme") and not isinstance(level, int):
            raise ConfigError(source, f"heading {data['name']!r}: level must be 'dots', 'scheme' or an integer")
        return cls(name=data["name"], pattern=compiled, level=level)

    def level_of(self, number: str) -> int:
        """Depth of a heading number: ``2`` → 1, ``2.3.1`` → 3, ``A.1`` → 2."""
        if isinstance(self.level, int):
            return self.level
        if self.level == "scheme":
            return 0
        parts = len(re.findall(r"\d+", number))
        return parts + (1 if number[:1].isalpha() else 0)


@dataclass
class StructureRules:
    """Heading numbering patterns and lines that are never headings.

    Attributes:
        headings: Numbering patterns, tried in order.
        not_headings: Patterns of lines never taken as headings.
        max_heading_words: Longest heading, in words.
    """

    headings: list[HeadingPattern]
    not_headings: list[re.Pattern[str]]
    max_heading_words: int = 30

    @classmethod
    def from_dict(cls, data: dict[str, Any], source: str = "structure.yaml") -> StructureRules:
        """Build from the YAML mapping; unknown keys are an error."""
        data = _check_keys(source, data, {"version", "headings", "not_headings", "max_heading_words"}, {"headings"})
        return cls(headings=[HeadingPattern.from_dict(h, source) for h in data["headings"]],
                   not_headings=[re.compile(p) for p in data.get("not_headings") or []],
                   max_heading_words=int(data.get("max_heading_words", 30)))

    def numbered(self, text: str) -> tuple[str, str, int] | None:
        """``(number, title, level)`` when ``text`` starts with a heading number, else None.

        ``level`` is 0 for a scheme whose depth the document decides (``level: scheme``);
        :meth:`scheme` names it.
        """
        found = self._match(text)
        if found is None:
            return None
        heading, match = found
        return match.group("number").strip(), match.group("title").strip(), heading.level_of(match.group("number"))

    def scheme(self, text: str) -> str | None:
        """The name of the numbering pattern ``text`` starts with, or None."""
        found = self._match(text)
        return found[0].name if found else None

    def _match(self, text: str) -> tuple[HeadingPattern, re.Match[str]] | None:
        for heading in self.headings:
            match = heading.pattern.match(text.strip())
            if match:
                return heading, match
        return None

    def excluded(self, text: str) -> bool:
        """Whether ``text`` can never be a heading."""
        return any(p.search(text.strip()) for p in self.not_headings)


def _load_yaml(name: str) -> dict[str, Any]:
    text = resources.files("extractor").joinpath("resources").joinpath("policy").joinpath(name).read_text(encoding="utf-8")
    return yaml.safe_load(text)


@cache
def field_rules() -> FieldRules:
    """The packaged field rules (cached)."""
    return FieldRules.from_dict(_load_yaml("fields.yaml"))


@cache
def structure_rules() -> StructureRules:
    """The packaged structure rules (cached)."""
    return StructureRules.from_dict(_load_yaml("structure.yaml"))
