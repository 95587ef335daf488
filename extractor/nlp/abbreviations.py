"""Abbreviation definitions and issues (uses never defined, a short form defined two ways).

Definitions come from scispaCy's ``abbreviation_detector`` (Schwartz & Hearst 2003: "long form
(SF)") plus the reversed pattern "SF (long form)" checked with the same algorithm
(:func:`scispacy.abbreviation.find_abbreviation`). They are kept on
``doc._.abbreviation_definitions`` as ``{"short", "long", "start", "end", "long_start",
"long_end", "kind": "definition"}`` (``start``/``end`` index the short form).
:func:`abbreviation_issues` lists the short forms used but never defined and those defined with
different long forms. Rules are data: ``resources/nlp/abbreviations.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from scispacy.abbreviation import filter_matches, find_abbreviation
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span

from extractor.nlp.resources import _check_keys, _str_list, read_yaml

if not Doc.has_extension("abbreviation_definitions"):
    Doc.set_extension("abbreviation_definitions", default=None)

_SHORT_SHAPE = re.compile(r"(?<![\w-])([A-Za-z0-9][A-Za-z0-9&+/-]*[A-Za-z0-9+]|[A-Z]{2})(?![\w-])")
_REVERSED = re.compile(r"(?<![\w-])(?P<short>[A-Z][A-Za-z0-9-]*[A-Z][A-Za-z0-9-]*)\s+\((?P<long>[^()]{3,80})\)")


@dataclass(frozen=True)
class AbbreviationRules:
    """Short forms that need no definition and the length limits of a short form."""

    well_known: frozenset[str]
    min_length: int = 2
    max_length: int = 10

    @classmethod
    def from_dict(cls, data: dict[str, Any], source: str = "abbreviations.yaml") -> AbbreviationRules:
        """Build from parsed ``abbreviations.yaml``; unknown keys are rejected."""
        _check_keys(data, ("well_known", "min_length", "max_length"), source)
        return cls(well_known=frozenset(_str_list(data.get("well_known", []), source, "well_known")),
                   min_length=int(data.get("min_length", 2)), max_length=int(data.get("max_length", 10)))

    def is_short_form(self, token: str) -> bool:
        """Whether ``token`` looks like an abbreviation: 2+ capitals, no lower-case run of 3+."""
        if not self.min_length <= len(token) <= self.max_length:
            return False
        capitals = sum(ch.isupper() for ch in token)
        return capitals >= 2 and not re.search(r"[a-z]{3,}", token) and not token.isdigit() \
            and not re.fullmatch(r"[IVXLC]+", token)


@lru_cache(maxsize=4)
def abbreviation_rules(path: str | None = None) -> AbbreviationRules:
    """Rules from ``path`` or the packaged ``abbreviations.yaml`` (cached)."""
    return AbbreviationRules.from_dict(read_yaml("abbreviations.yaml", path), str(path or "abbreviations.yaml"))


_BRACKETS = re.compile(r"\(([^()\n]{1,80})\)")


def _bracket_contents(doc: Doc) -> list[tuple[int, int, int]]:
    """Token ranges inside round brackets, shaped like scispaCy's matcher output after it drops the
    brackets (found with one regex over the text instead of a second token Matcher pass)."""
    from extractor.nlp.spans import doc_text

    found = []
    for match in _BRACKETS.finditer(doc_text(doc)):
        inner = doc.char_span(match.start(1), match.end(1), alignment_mode="expand")
        opening = doc.char_span(match.start(), match.start() + 1)
        if inner is None or opening is None or not len(inner) or opening.end != inner.start:
            continue
        found.append((0, inner.start, inner.end))
    return found


def _entry(short: str, start: int, long: Any) -> dict[str, Any]:
    """A definition dict; the long form's surrounding whitespace is trimmed (offsets follow)."""
    raw = long.text
    lead = len(raw) - len(raw.lstrip())
    text = raw.strip()
    return {"short": short, "text": short, "long": text, "start": start, "end": start + len(short),
            "long_start": long.start_char + lead, "long_end": long.start_char + lead + len(text), "kind": "definition"}


def _definitions(doc: Doc) -> list[dict[str, Any]]:
    found: dict[tuple[int, int], dict[str, Any]] = {}
    # every "long form (SF)" occurrence, so a short form defined two ways is seen twice (the detector
    # keeps one long form per short form)
    candidates = _bracket_contents(doc)
    for long_candidate, short_candidate in filter_matches(candidates, doc):
        short, long = find_abbreviation(long_candidate, short_candidate)
        if long is None or (short.start_char, short.end_char) in found:
            continue
        found[(short.start_char, short.end_char)] = _entry(short.text, short.start_char, long)
    for short in getattr(doc._, "abbreviations", None) or []:
        long = short._.long_form
        if long is None or isinstance(long, str):
            continue
        # the defining occurrence is the one in brackets right after its long form
        if short.start > 0 and doc[short.start - 1].text == "(" and long.end == short.start - 1 \
                and (short.start_char, short.end_char) not in found:
            found[(short.start_char, short.end_char)] = _entry(short.text, short.start_char, long)
    from extractor.nlp.spans import doc_text

    text = doc_text(doc)
    for match in _REVERSED.finditer(text):
        short_span = doc.char_span(match.start("short"), match.end("short"))
        long_span = doc.char_span(match.start("long"), match.end("long"), alignment_mode="expand")
        if short_span is None or long_span is None:
            continue
        _short, long = find_abbreviation(long_span, short_span)
        if long is None or (match.start(), match.end("short")) in found:
            continue
        found[(short_span.start_char, short_span.end_char)] = _entry(short_span.text, short_span.start_char, long)
    return [found[key] for key in sorted(found)]


def abbreviation_issues(doc: Doc, rules: AbbreviationRules | None = None) -> dict[str, list[dict[str, Any]]]:
    """Short forms used but never defined, and short forms defined with different long forms.

    Args:
        doc: A doc processed by the pipeline (``doc._.abbreviation_definitions`` set).
        rules: Well-known short forms and limits (default: packaged).

    Returns:
        ``{"undefined": [{"short", "start", "end", "count"}], "conflicting": [{"short", "longs",
        "definitions": [...]}]}``; offsets of the first use.
    """
    rules = rules or abbreviation_rules()
    definitions = doc._.abbreviation_definitions
    if definitions is None:
        definitions = _definitions(doc)
    defined = {d["short"] for d in definitions}
    by_short: dict[str, list[dict[str, Any]]] = {}
    for item in definitions:
        by_short.setdefault(item["short"], []).append(item)
    # long forms are compared after expanding short forms they contain ("intravenous Ig" is
    # "intravenous immunoglobulin" once Ig is defined) and ignoring case, hyphens and spacing
    expansions = {short: items[0]["long"] for short, items in by_short.items()}

    def normal(long: str, own: str) -> str:
        words = [expansions.get(w, w) if w != own else w for w in re.split(r"(\W+)", long)]
        return " ".join("".join(words).lower().replace("-", " ").split())

    conflicting = []
    for short, items in by_short.items():
        classes: list[str] = []
        for item in items:
            form = normal(item["long"], short)
            if not any(_same_long_form(form, other) for other in classes):
                classes.append(form)
        if len(classes) > 1:
            conflicting.append({"short": short, "longs": [i["long"] for i in items], "definitions": items})
    undefined: dict[str, dict[str, Any]] = {}
    from extractor.nlp.spans import doc_text

    text = doc_text(doc)
    for line_match in re.finditer(r"[^\n]+", text):
        line = line_match.group(0)
        letters = [ch for ch in line if ch.isalpha()]
        if letters and sum(ch.isupper() for ch in letters) / len(letters) > 0.8 and len(letters) > 12:
            continue  # an all-capitals heading
        for match in _SHORT_SHAPE.finditer(line):
            token = match.group(1)
            if token in defined or token in rules.well_known or not rules.is_short_form(token):
                continue
            if "/" in token or _is_unit(token):
                continue
            if re.fullmatch(r"[A-Z]{1,4}\d{1,4}", token) or token.rstrip("s") in defined:
                continue  # identifiers such as NG200, TA460; plurals of defined forms
            if token.count("-") > 1 or (re.search(r"\d", token) and "-" in token):
                continue  # codes such as FIX-IG-001
            start = line_match.start() + match.start(1)
            entry = undefined.setdefault(token, {"short": token, "start": start, "end": start + len(token),
                                                 "count": 0})
            entry["count"] += 1
    return {"undefined": sorted(undefined.values(), key=lambda d: d["start"]), "conflicting": conflicting}


def _contracts(short: str, word: str) -> bool:
    """Whether ``short`` is a contraction of ``word`` (same first letter, its letters in order: "ig" of
    "immunoglobulin")."""
    if not short or not word or short[0] != word[0]:
        return False
    position = 0
    for ch in short:
        position = word.find(ch, position)
        if position < 0:
            return False
        position += 1
    return True


def _same_long_form(a: str, b: str) -> bool:
    """Two normalised long forms say the same thing: equal word by word, a word contracting the other's."""
    wa, wb = a.split(), b.split()
    return len(wa) == len(wb) and all(x == y or _contracts(x, y) or _contracts(y, x) for x, y in zip(wa, wb))


def _is_unit(token: str) -> bool:
    from extractor.nlp.resources import unit_table

    return unit_table().lookup(token) is not None


class AbbreviationCollector:
    """spaCy component after scispaCy's detector: definitions on ``doc._.abbreviation_definitions``."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        """Collect definitions from the detector's output and the "SF (long form)" pattern."""
        doc._.abbreviation_definitions = _definitions(doc)
        return doc


@Language.factory("extractor_abbreviations", assigns=["doc._.abbreviation_definitions"],
                  default_config={})
def make_abbreviation_collector(nlp: Language, name: str) -> AbbreviationCollector:
    """Factory of :class:`AbbreviationCollector`; also quietens the scispaCy detector before it."""
    if "abbreviation_detector" in nlp.pipe_names:
        detector = nlp.get_pipe("abbreviation_detector")
        quieten_global_matcher(detector)
        anchor_matcher(detector)
    return AbbreviationCollector(nlp, name)


class _QuietMatcher(Matcher):
    """A spaCy matcher that, holding no pattern, answers "no match" without running.

    spaCy's own warns (W036) on every call while empty, after the same checks and no match.
    """

    def __call__(self, doclike: Doc | Span, *args: Any, **kwargs: Any) -> Any:
        """No matches while empty; else :meth:`spacy.matcher.Matcher.__call__`."""
        if len(self) == 0:
            return []
        return super().__call__(doclike, *args, **kwargs)


class _AnchoredMatcher(Matcher):
    """A spaCy matcher whose patterns all start with one exact token (``{"ORTH": text}``).

    A token's ``ORTH`` is its verbatim text, so a document in which none of those texts occur
    cannot match, and the matcher is not run over it (running builds a Python token object per
    token, twice).
    """

    anchors: tuple[str, ...] = ()

    def __call__(self, doclike: Doc | Span, *args: Any, **kwargs: Any) -> Any:
        """No matches when no anchor text occurs; else :meth:`spacy.matcher.Matcher.__call__`."""
        if self.anchors and isinstance(doclike, Doc):
            from extractor.nlp.spans import doc_text

            text = doc_text(doclike)
            if not any(anchor in text for anchor in self.anchors):
                return []
        return super().__call__(doclike, *args, **kwargs)


def _copy_patterns(source: Matcher, target: Matcher) -> Matcher:
    """Add every pattern (and callback) of ``source`` to ``target``; return ``target``."""
    for key in list(source._patterns):
        name = source.vocab.strings[key]
        on_match, patterns = source.get(key)
        target.add(name, patterns, on_match=on_match)
    return target


def quieten_global_matcher(detector: Any) -> None:
    """Make scispaCy's ``global_matcher`` skip documents while it has no pattern.

    scispaCy's ``AbbreviationDetector`` calls its ``global_matcher`` on every document, even
    when the document defined no abbreviation and the matcher is empty, and spaCy warns (W036)
    about an empty matcher each time. The matcher is replaced by one with the same patterns
    that answers "no match" while it is empty, so nothing needs silencing and no document is
    walked for nothing; scispaCy adds and removes its per-document patterns as before.
    """
    matcher = getattr(detector, "global_matcher", None)
    if isinstance(matcher, Matcher) and not isinstance(matcher, _QuietMatcher):
        detector.global_matcher = _copy_patterns(matcher, _QuietMatcher(matcher.vocab))


def _anchors(matcher: Matcher) -> tuple[str, ...]:
    """The first-token texts of a matcher's patterns, or () when a pattern does not start with one."""
    anchors: list[str] = []
    for key in list(matcher._patterns):
        _, patterns = matcher.get(key)
        for pattern in patterns:
            first = pattern[0] if pattern else None
            if not isinstance(first, dict) or set(first) != {"ORTH"} or not isinstance(first["ORTH"], str) \
                    or not first["ORTH"]:
                return ()
            anchors.append(first["ORTH"])
    return tuple(dict.fromkeys(anchors))


def anchor_matcher(detector: Any) -> None:
    """Let scispaCy's bracket matcher skip documents without an opening bracket.

    The detector's ``matcher`` finds ``( ... )`` token runs; it is replaced by one with the same
    patterns that is not run over a document where the text its patterns start with (``(``)
    does not occur. Left as it is when a pattern does not start with an exact token.
    """
    matcher = getattr(detector, "matcher", None)
    if not isinstance(matcher, Matcher) or isinstance(matcher, _AnchoredMatcher):
        return
    anchors = _anchors(matcher)
    if anchors:
        anchored = _copy_patterns(matcher, _AnchoredMatcher(matcher.vocab))
        anchored.anchors = anchors
        detector.matcher = anchored
