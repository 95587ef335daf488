"""``abbreviation``: abbreviations used before their definition, defined two ways, or never defined.

Definitions ("long form (SF)") are found with scispaCy's abbreviation detector (the
Schwartz & Hearst algorithm, ``scispacy.abbreviation``) run candidate by candidate, so that a
second, different definition of the same short form is seen too (the detector itself keeps
only the first). Uses are whole-word, case-sensitive occurrences of the short form.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from extractor.qa.data import check_keys, read_yaml, resource_name
from extractor.qa.finding import Finding
from extractor.qa.text import url_spans

RULE = "abbreviation"
_SOURCE = resource_name("abbreviations.yaml")
_CAPS = re.compile(r"(?<![\w\-/])([A-Z][A-Za-z]*[A-Z][A-Za-z]*s?)(?![\w\-/])")


@dataclass(frozen=True)
class AbbreviationConfig:
    """Settings (``resources/qa/abbreviations.yaml``).

    Attributes:
        common: Abbreviations never reported as undefined.
        min_length: Shortest short form considered.
        max_length: Longest short form considered.
        report_undefined: Whether undefined abbreviations are reported in running text.
    """

    common: frozenset[str]
    min_length: int
    max_length: int
    report_undefined: bool

    @classmethod
    def from_dict(cls, data: dict, source: str = _SOURCE) -> AbbreviationConfig:
        """Build from parsed YAML, rejecting unknown keys."""
        check_keys(data, ("common", "min_length", "max_length", "report_undefined"), source, required=("common",))
        return cls(frozenset(str(x) for x in data["common"]), int(data.get("min_length", 2)),
                   int(data.get("max_length", 8)), bool(data.get("report_undefined", True)))


@dataclass(frozen=True)
class Definition:
    """An abbreviation's definition.

    Attributes:
        short: The short form.
        long: The long form.
        start: Offset of the long form.
        short_start: Offset of the short form (inside the parentheses).
    """

    short: str
    long: str
    start: int
    short_start: int


@lru_cache(maxsize=1)
def default_config() -> AbbreviationConfig:
    """The packaged settings."""
    return AbbreviationConfig.from_dict(read_yaml("abbreviations.yaml"))


@lru_cache(maxsize=1)
def _pipeline():  # type: ignore[no-untyped-def]
    import spacy
    from scispacy.abbreviation import AbbreviationDetector  # noqa: F401  (registers the factory)

    nlp = spacy.blank("en")
    nlp.add_pipe("abbreviation_detector")
    return nlp


def definitions(text: str) -> list[Definition]:
    """Return every "long form (SF)" definition in ``text``, in order, repeats included."""
    from scispacy.abbreviation import filter_matches, find_abbreviation

    nlp = _pipeline()
    detector = nlp.get_pipe("abbreviation_detector")
    doc = nlp.make_doc(text)
    matches = [(m[0], m[1] + 1, m[2] - 1) for m in detector.matcher(doc)]
    found: list[Definition] = []
    for long_candidate, short_candidate in filter_matches(matches, doc):
        cut = [t.i for t in long_candidate if t.text in {"(", ")", "[", "]", ";", ".", ":"}]
        if cut and cut[-1] + 1 < long_candidate.end:
            long_candidate = doc[cut[-1] + 1:long_candidate.end]
        short, long = find_abbreviation(long_candidate, short_candidate)
        if long is None:
            continue
        found.append(Definition(short.text, long.text, long.start_char, short.start_char))
    return sorted(found, key=lambda d: d.start)


def _same_long(a: str, b: str) -> bool:
    def norm(text: str) -> str:
        text = re.sub(r"[\s\-–/]+", "", text.lower())
        return re.sub(r"(ies|es|s)$", "", text)

    return norm(a) == norm(b)


def check(text: str, *, config: AbbreviationConfig | None = None, report_undefined: bool | None = None
          ) -> list[Finding]:
    """Return abbreviation findings for ``text``.

    Args:
        text: The text.
        config: Settings (the packaged ones by default).
        report_undefined: Override the config's ``report_undefined``.
    """
    config = config or default_config()
    undefined = config.report_undefined if report_undefined is None else report_undefined
    from_nlp = _check_with_nlp(text, config, undefined)
    if from_nlp is not None:
        return from_nlp
    findings: list[Finding] = []
    defs = definitions(text)
    by_short: dict[str, list[Definition]] = defaultdict(list)
    for definition in defs:
        by_short[definition.short].append(definition)
    for short, items in by_short.items():
        first = items[0]
        for other in items[1:]:
            if not _same_long(first.long, other.long):
                findings.append(Finding(RULE, "warning",
                                        f"'{short}' is defined as '{first.long}' and later as '{other.long}'",
                                        text=f"{other.long} ({short})", suggestion=first.long,
                                        start=other.start, end=other.short_start + len(short) + 1))
    urls = url_spans(text)
    definition_spans = {(d.short_start, d.short_start + len(d.short)) for d in defs}
    seen: set[str] = set()
    for match in _CAPS.finditer(text):
        word = match.group(1)
        base = word[:-1] if word.endswith("s") and word[:-1] in by_short else word
        if base in seen or any(s <= match.start() < e for s, e in urls):
            continue
        if not config.min_length <= len(base) <= config.max_length or (match.start(), match.end()) in definition_spans:
            continue
        if sum(ch.isupper() for ch in base) < 2:
            continue
        seen.add(base)
        if base in by_short:
            first = by_short[base][0]
            if match.start() < first.start:
                findings.append(Finding(RULE, "warning", f"'{base}' is used before it is defined as '{first.long}'",
                                        text=word, suggestion=f"{first.long} ({base})",
                                        start=match.start(), end=match.end()))
        elif undefined and base not in config.common and base.upper() != base.lower() \
                and (base.isupper() or sum(ch.isupper() for ch in base) >= 2):
            findings.append(Finding(RULE, "info", f"'{base}' is used without a definition", text=word,
                                    suggestion=None, start=match.start(), end=match.end()))
    return sorted(findings, key=lambda f: f.start or 0)


def _on_heading_line(text: str, offset: int) -> bool:
    """Whether ``offset`` lies on a title or heading line (short, no sentence punctuation at its end)."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    line = text[start:end if end >= 0 else len(text)].strip()
    return len(line) <= 80 and not line.endswith((".", ";", ",", ":"))


def _identifier(token: str) -> bool:
    """Codes such as "FIX-IG-001" or "NG200": letters with digits are identifiers, not abbreviations."""
    return any(ch.isdigit() for ch in token)


def _check_with_nlp(text: str, config: AbbreviationConfig, undefined: bool) -> list[Finding] | None:
    """Findings from the NLP pipeline's abbreviation issues (``extractor.nlp.abbreviation_issues``).

    Returns None when the NLP package is unavailable, so the scispaCy-only path runs instead.
    """
    try:
        from extractor.nlp import abbreviation_issues
    except Exception:  # noqa: BLE001 - a broken or missing NLP package: the scispaCy-only path runs
        return None
    # Only the tokens are needed: without the pipeline's annotations the NLP module finds the
    # definitions itself, which spares running thresholds, doses and criteria over the document.
    doc = _pipeline().make_doc(text)
    issues = abbreviation_issues(doc)
    findings: list[Finding] = []
    for item in issues.get("conflicting", []):
        first, *others = sorted(item["definitions"], key=lambda d: d["long_start"])
        for other in others:
            if _same_long(first["long"], other["long"]):
                continue
            findings.append(Finding(RULE, "warning", f"'{item['short']}' is defined as '{first['long']}' and later "
                                    f"as '{other['long']}'", text=text[other["long_start"]:other["end"] + 1],
                                    suggestion=first["long"], start=other["long_start"], end=other["end"] + 1))
    definitions_found = definitions(text)
    first_definition: dict[str, Definition] = {}
    reported = [(f.start or 0, f.end or 0) for f in findings]
    for definition in definitions_found:
        first = first_definition.setdefault(definition.short, definition)
        end = definition.short_start + len(definition.short)
        if first is definition or _same_long(first.long, definition.long) \
                or any(s < end and definition.start < e for s, e in reported):
            continue
        reported.append((definition.start, end))
        findings.append(Finding(RULE, "warning", f"'{definition.short}' is defined as '{first.long}' and later "
                                f"as '{definition.long}'", text=text[definition.start:end + 1],
                                suggestion=first.long, start=definition.start, end=end + 1))
    urls = url_spans(text)
    for short, definition in first_definition.items():
        for match in re.finditer(rf"(?<![\w\-/]){re.escape(short)}(?![\w\-/])", text[:definition.start]):
            if any(s <= match.start() < e for s, e in urls) or _on_heading_line(text, match.start()):
                continue
            findings.append(Finding(RULE, "warning", f"'{short}' is used before it is defined as '{definition.long}'",
                                    text=short, suggestion=f"{definition.long} ({short})", start=match.start(),
                                    end=match.end()))
            break
    if undefined:
        for item in issues.get("undefined", []):
            if item["short"] in config.common or item["short"] in first_definition or _identifier(item["short"]):
                continue
            if text[:item["start"]].rstrip().endswith("("):
                continue  # written in brackets after its long form, which the detector could not align
            if any(s <= item["start"] < e for s, e in urls):
                continue
            findings.append(Finding(RULE, "info", f"'{item['short']}' is used without a definition",
                                    text=item["short"], suggestion=None, start=item["start"], end=item["end"]))
    return sorted(findings, key=lambda f: f.start or 0)


__all__ = ["RULE", "AbbreviationConfig", "Definition", "check", "default_config", "definitions"]
