"""Rule data for the extraction components, loaded from ``extractor/resources/nlp/*.yaml``.

Each file is read by one small class whose ``from_dict`` rejects unknown keys (medspaCy style:
rules are data, adding a unit, analyte or product needs no code). The classes also turn their
written forms into compiled, longest-first regular expressions shared by the components.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from extractor.errors import ConfigError, check_keys

_PACKAGE_DIR = "resources/nlp"


_check_keys = check_keys  # one implementation for every rule file (extractor.errors)


def _str_list(value: Any, source: str, what: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(source, f"{what}: expected a list of strings")
    return tuple(value)


def read_yaml(name: str, path: str | Path | None = None) -> dict[str, Any]:
    """Read a rule file: ``path`` when given, else the packaged ``resources/nlp/<name>``.

    Raises:
        ConfigError: The file is missing or is not a YAML mapping.
    """
    source = str(path) if path else f"{_PACKAGE_DIR}/{name}"
    try:
        if path:
            text = Path(path).read_text(encoding="utf-8")
        else:
            text = resources.files("extractor").joinpath(_PACKAGE_DIR, name).read_text(encoding="utf-8")
        data = yaml.safe_load(text)
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(source, f"cannot read rule file: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(source, "expected a YAML mapping at the top level")
    return data


def phrase_pattern(forms: Iterable[str], *, word_boundaries: bool = True, ignore_case: bool = True) -> str:
    """Alternation of written forms, longest first, spaces matching any run of whitespace.

    Args:
        forms: Written forms (escaped here).
        word_boundaries: Wrap alphanumeric edges in look-arounds so "IM" does not match inside "IMIg".
        ignore_case: The pattern will be compiled case-insensitively (widens the first-character look-ahead).

    Returns:
        A regex source string (no groups).
    """
    parts = []
    forms = list(forms)
    for form in sorted(set(forms), key=lambda f: (-len(f), f)):
        if not form:
            continue
        body = r"\s+".join(re.escape(piece) for piece in form.split())
        if word_boundaries:
            if form[0].isalnum():
                body = r"(?<![\w])" + body
            if form[-1].isalnum() or form[-1] in "²³⁹":
                body = body + r"(?![\w²³⁰¹⁴⁵⁶⁷⁸⁹])"
        parts.append(body)
    if not parts:
        return "(?!x)x"
    # a look-ahead on the possible first characters lets the engine skip most positions cheaply
    firsts = {form[0] for form in forms if form}
    if ignore_case:
        firsts |= {ch.swapcase() for ch in firsts}
    if any(ch.isspace() for ch in firsts):
        return "(?:" + "|".join(parts) + ")"
    # when every form starts a word, one shared look-behind rejects positions inside words before the
    # alternatives are tried one by one (each keeps its own, so the pattern matches the same text)
    shared = r"(?<![\w])" if word_boundaries and all(form[0].isalnum() for form in forms if form) else ""
    return shared + "(?=[" + "".join(re.escape(ch) for ch in sorted(firsts)) + "])(?:" + "|".join(parts) + ")"


# ---------------------------------------------------------------------------------------- units
@dataclass(frozen=True)
class Unit:
    """One unit: the normalised form shown to users, its UCUM code, kind and factor to the base unit."""

    unit: str
    ucum: str
    kind: str
    base: str
    factor: float
    forms: tuple[str, ...]

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], source: str = "units.yaml") -> Unit:
        """Build from one ``units`` entry; unknown keys are rejected."""
        _check_keys(data, ("unit", "ucum", "kind", "base", "factor", "forms"), source,
                    required=("unit", "ucum", "kind", "base", "factor", "forms"))
        return cls(unit=str(data["unit"]), ucum=str(data["ucum"]), kind=str(data["kind"]),
                   base=str(data["base"]), factor=float(data["factor"]),
                   forms=_str_list(data["forms"], source, f"unit {data['unit']!r} forms"))


@dataclass
class UnitTable:
    """All known units, with a lookup from written form (case-folded, spaces squeezed) to unit."""

    units: tuple[Unit, ...]
    by_form: dict[str, Unit] = field(default_factory=dict, repr=False)
    by_code: dict[str, Unit] = field(default_factory=dict, repr=False)
    by_exact: dict[str, Unit] = field(default_factory=dict, repr=False)
    _patterns: dict[tuple[str, ...] | None, str] = field(default_factory=dict, repr=False, compare=False)
    _leading: re.Pattern[str] | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        for unit in self.units:
            for form in (*unit.forms, unit.unit):
                self.by_exact.setdefault(self.key(form, fold=False), unit)
                key = self.key(form)
                # exact-case forms win over case-folded ones ("mL" vs "ml" both fine; keep first)
                self.by_form.setdefault(key, unit)
            self.by_code.setdefault(unit.ucum, unit)
            self.by_code.setdefault(unit.unit, unit)

    @staticmethod
    def key(form: str, fold: bool = True) -> str:
        """Lookup key of a written form: no spaces, µ/μ unified, a decimal comma read as a point
        ("1,73 m²"), a leading multiplication sign before a power of ten dropped ("x10^9/L" is
        "10^9/L"), lower case unless ``fold`` is False."""
        key = re.sub(r"(?<=\d),(?=\d)", ".", re.sub(r"\s+", "", form).replace("μ", "µ"))
        key = re.sub(r"^[xX×*](?=10)", "", key)
        return key.lower() if fold else key

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], source: str = "units.yaml") -> UnitTable:
        """Build from parsed ``units.yaml``; unknown keys are rejected."""
        _check_keys(data, ("units",), source, required=("units",))
        if not isinstance(data["units"], list):
            raise ConfigError(source, "'units' must be a list")
        return cls(units=tuple(Unit.from_dict(entry, source) for entry in data["units"]))

    def to_dict(self) -> dict[str, Any]:
        """The data this table was built from (for ``to_disk``)."""
        return {"units": [{"unit": u.unit, "ucum": u.ucum, "kind": u.kind, "base": u.base,
                           "factor": u.factor, "forms": list(u.forms)} for u in self.units]}

    def lookup(self, written: str) -> Unit | None:
        """The unit a written form stands for, or None; a form written in the table's own case wins
        ("G/l" is giga per litre, "g/l" grams per litre)."""
        return self.by_exact.get(self.key(written, fold=False)) or self.by_form.get(self.key(written))

    def pattern(self, kinds: Iterable[str] | None = None) -> str:
        """Regex alternation of the written forms (of the given kinds), "/" allowing spaces around it
        (built once per set of kinds)."""
        key = tuple(sorted(kinds)) if kinds is not None else None
        if key not in self._patterns:
            self._patterns[key] = self._build_pattern(key)
        return self._patterns[key]

    def leading_unit(self) -> re.Pattern[str]:
        """A compiled pattern of one written unit at the start of a text, one space allowed before it."""
        if self._leading is None:
            self._leading = re.compile(r"[ \u00a0]?(?:" + self.pattern() + r")", re.IGNORECASE)
        return self._leading

    def _build_pattern(self, kinds: Iterable[str] | None) -> str:
        wanted = set(kinds) if kinds is not None else None
        forms = [f for u in self.units if wanted is None or u.kind in wanted for f in u.forms]
        parts = []
        for form in sorted(set(forms), key=lambda f: (-len(f), f)):
            body = "".join(r"\s*/\s*" if ch == "/" else (r"\s*" if ch == " " else re.escape(ch)) for ch in form)
            body = body.replace(r"1\.73", r"1[.,]73")  # "mL/min/1,73 m²" in decimal-comma countries
            if form[-1].isalnum() or form[-1] in "²³":
                body += r"(?![A-Za-z0-9µμ²³])"
            parts.append(body)
        return "(?:" + "|".join(parts) + ")"


@lru_cache(maxsize=8)
def unit_table(path: str | None = None) -> UnitTable:
    """The unit table from ``path`` or the packaged ``units.yaml`` (cached)."""
    name = "units.yaml"
    return UnitTable.from_dict(read_yaml(name, path), source=str(path or name))


# ---------------------------------------------------------------------------- threshold rules
@dataclass(frozen=True)
class ThresholdRules:
    """Analyte lexicon, comparator phrases, range words and unit kinds for thresholds."""

    analytes: dict[str, tuple[str, ...]]
    comparators_before: dict[str, tuple[str, ...]]
    comparators_after: dict[str, tuple[str, ...]]
    range_joiners: tuple[str, ...]
    range_openers: tuple[str, ...]
    lab_unit_kinds: tuple[str, ...]
    population_words: tuple[str, ...]
    age_words: tuple[str, ...]
    qualified_analytes: tuple[str, ...] = ()
    scales: tuple[str, ...] = ()
    event_words: tuple[str, ...] = ()
    uncounted_words: tuple[str, ...] = ()
    dose_words: tuple[str, ...] = ()

    KEYS = ("analytes", "comparators_before", "comparators_after", "range_joiners", "range_openers",
            "lab_unit_kinds", "population_words", "age_words", "qualified_analytes", "scales", "event_words",
            "uncounted_words", "dose_words")
    COMPARATORS = ("<", "<=", ">", ">=", "=")

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], source: str = "thresholds.yaml") -> ThresholdRules:
        """Build from parsed ``thresholds.yaml``; unknown keys and comparators are rejected."""
        _check_keys(data, cls.KEYS, source, required=("analytes", "comparators_before"))
        analytes = {str(k): _str_list(v, source, f"analyte {k!r}") for k, v in data["analytes"].items()}
        comps: dict[str, dict[str, tuple[str, ...]]] = {}
        for key in ("comparators_before", "comparators_after"):
            raw = data.get(key) or {}
            for symbol in raw:
                if symbol not in cls.COMPARATORS:
                    raise ConfigError(source, f"{key}: unknown comparator {symbol!r}; "
                                              f"expected one of {list(cls.COMPARATORS)}")
            comps[key] = {s: _str_list(v, source, f"{key} {s!r}") for s, v in raw.items()}
        return cls(analytes=analytes, comparators_before=comps["comparators_before"],
                   comparators_after=comps["comparators_after"],
                   range_joiners=_str_list(data.get("range_joiners", []), source, "range_joiners"),
                   range_openers=_str_list(data.get("range_openers", []), source, "range_openers"),
                   lab_unit_kinds=_str_list(data.get("lab_unit_kinds", []), source, "lab_unit_kinds"),
                   population_words=_str_list(data.get("population_words", []), source, "population_words"),
                   age_words=_str_list(data.get("age_words", []), source, "age_words"),
                   qualified_analytes=_str_list(data.get("qualified_analytes", []), source, "qualified_analytes"),
                   scales=_str_list(data.get("scales", []), source, "scales"),
                   event_words=_str_list(data.get("event_words", []), source, "event_words"),
                   uncounted_words=_str_list(data.get("uncounted_words", []), source, "uncounted_words"),
                   dose_words=_str_list(data.get("dose_words", []), source, "dose_words"))

    def to_dict(self) -> dict[str, Any]:
        """The data these rules were built from."""
        return {"analytes": {k: list(v) for k, v in self.analytes.items()},
                "comparators_before": {k: list(v) for k, v in self.comparators_before.items()},
                "comparators_after": {k: list(v) for k, v in self.comparators_after.items()},
                "range_joiners": list(self.range_joiners), "range_openers": list(self.range_openers),
                "lab_unit_kinds": list(self.lab_unit_kinds),
                "population_words": list(self.population_words), "age_words": list(self.age_words),
                "qualified_analytes": list(self.qualified_analytes), "scales": list(self.scales),
                "event_words": list(self.event_words), "uncounted_words": list(self.uncounted_words),
                "dose_words": list(self.dose_words)}


@lru_cache(maxsize=8)
def threshold_rules(path: str | None = None) -> ThresholdRules:
    """Threshold rules from ``path`` or the packaged ``thresholds.yaml`` (cached)."""
    return ThresholdRules.from_dict(read_yaml("thresholds.yaml", path), source=str(path or "thresholds.yaml"))


# --------------------------------------------------------------------------------- dose rules
@dataclass(frozen=True)
class Product:
    """An immunoglobulin (or other) product: canonical name, implied route, written forms."""

    name: str
    route: str | None
    forms: tuple[str, ...]

    @classmethod
    def from_dict(cls, name: str, data: Mapping[str, Any], source: str = "doses.yaml") -> Product:
        """Build from one ``products`` entry; unknown keys are rejected."""
        _check_keys(data, ("route", "forms"), source, required=("forms",))
        route = data.get("route")
        if route not in (None, "IV", "SC", "IM"):
            raise ConfigError(source, f"product {name!r}: route {route!r} must be IV, SC, IM or null")
        return cls(name=name, route=route, forms=_str_list(data["forms"], source, f"product {name!r}"))


@dataclass(frozen=True)
class DoseRules:
    """Products, routes, number and frequency words, and cue phrases for maxima, durations, timing."""

    dose_unit_kinds: tuple[str, ...]
    products: tuple[Product, ...]
    routes: dict[str, tuple[str, ...]]
    number_words: dict[str, float]
    frequency_words: dict[str, tuple[float, float, str]]
    max_cues: tuple[str, ...]
    duration_cues: tuple[str, ...]
    timing_cues: tuple[str, ...]
    timing_events: tuple[str, ...]
    age_words: tuple[str, ...] = ()
    population_words: tuple[str, ...] = ()
    statistic_words: tuple[str, ...] = ()

    KEYS = ("dose_unit_kinds", "products", "routes", "number_words", "frequency_words", "max_cues",
            "duration_cues", "timing_cues", "timing_events", "age_words", "population_words", "statistic_words")
    TIME_UNITS = ("h", "d", "wk", "mo", "min", "a")

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], source: str = "doses.yaml") -> DoseRules:
        """Build from parsed ``doses.yaml``; unknown keys, routes and frequency units are rejected."""
        _check_keys(data, cls.KEYS, source, required=("dose_unit_kinds", "products", "routes"))
        routes = {}
        for route, forms in data["routes"].items():
            if route not in ("IV", "SC", "IM"):
                raise ConfigError(source, f"routes: unknown route {route!r}; expected IV, SC or IM")
            routes[route] = _str_list(forms, source, f"route {route!r}")
        freq = {}
        for form, value in (data.get("frequency_words") or {}).items():
            if (not isinstance(value, list) or len(value) != 3 or value[2] not in cls.TIME_UNITS):
                raise ConfigError(source, f"frequency_words {form!r}: expected [min, max, unit] with unit "
                                          f"in {list(cls.TIME_UNITS)}")
            freq[str(form)] = (float(value[0]), float(value[1]), str(value[2]))
        return cls(
            dose_unit_kinds=_str_list(data["dose_unit_kinds"], source, "dose_unit_kinds"),
            products=tuple(Product.from_dict(str(k), v, source) for k, v in data["products"].items()),
            routes=routes,
            number_words={str(k): float(v) for k, v in (data.get("number_words") or {}).items()},
            frequency_words=freq,
            max_cues=_str_list(data.get("max_cues", []), source, "max_cues"),
            duration_cues=_str_list(data.get("duration_cues", []), source, "duration_cues"),
            timing_cues=_str_list(data.get("timing_cues", []), source, "timing_cues"),
            timing_events=_str_list(data.get("timing_events", []), source, "timing_events"),
            age_words=_str_list(data.get("age_words", []), source, "age_words"),
            population_words=_str_list(data.get("population_words", []), source, "population_words"),
            statistic_words=_str_list(data.get("statistic_words", []), source, "statistic_words"))

    def to_dict(self) -> dict[str, Any]:
        """The data these rules were built from."""
        return {"dose_unit_kinds": list(self.dose_unit_kinds),
                "products": {p.name: {"route": p.route, "forms": list(p.forms)} for p in self.products},
                "routes": {k: list(v) for k, v in self.routes.items()},
                "number_words": dict(self.number_words),
                "frequency_words": {k: list(v) for k, v in self.frequency_words.items()},
                "max_cues": list(self.max_cues), "duration_cues": list(self.duration_cues),
                "timing_cues": list(self.timing_cues), "timing_events": list(self.timing_events),
                "age_words": list(self.age_words), "population_words": list(self.population_words),
                "statistic_words": list(self.statistic_words)}


@lru_cache(maxsize=8)
def dose_rules(path: str | None = None) -> DoseRules:
    """Dose rules from ``path`` or the packaged ``doses.yaml`` (cached)."""
    return DoseRules.from_dict(read_yaml("doses.yaml", path), source=str(path or "doses.yaml"))
