"""References: NICE identifiers, URLs, organisations and cited guidance with its year.

Regular expressions over the doc text, built from ``resources/nlp/references.yaml``:
NICE identifiers ("NG200", "TA460", "NICE PH 21"), URLs ("https://…", "www.…", bare
"…gov.uk" domains), organisation names (case-sensitive, so the adjective "nice" is not NICE) and
guidance titles followed by a year ("National measles guidelines July 2024"). Results are dicts
``{"kind", "text", "start", "end", ...}`` on ``doc._.references``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from extractor.nlp.resources import _check_keys, _str_list, phrase_pattern, read_yaml

if not Doc.has_extension("references"):
    Doc.set_extension("references", default=None)

_MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|December|"
           "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"')\]]+"
                  r"|(?<![@\w.])(?:[a-z0-9-]+\.)+(?:gov\.uk|nhs\.uk|org\.uk|ac\.uk|nice\.org\.uk|gov\.au|gov|org|com|net|int)"
                  r"(?:/[^\s<>\"')\]]*)?(?![\w.])", re.IGNORECASE)


@dataclass
class ReferenceRules:
    """NICE prefixes, organisation names and guidance words."""

    nice_prefixes: tuple[str, ...]
    nice_prefixes_after_nice: tuple[str, ...]
    organisations: dict[str, tuple[str, ...]]
    guidance_words: tuple[str, ...]

    @classmethod
    def from_dict(cls, data: dict[str, Any], source: str = "references.yaml") -> ReferenceRules:
        """Build from parsed ``references.yaml``; unknown keys are rejected."""
        _check_keys(data, ("nice_prefixes", "nice_prefixes_after_nice", "organisations", "guidance_words"),
                    source, required=("nice_prefixes", "organisations"))
        return cls(nice_prefixes=_str_list(data["nice_prefixes"], source, "nice_prefixes"),
                   nice_prefixes_after_nice=_str_list(data.get("nice_prefixes_after_nice", []), source,
                                                      "nice_prefixes_after_nice"),
                   organisations={k: _str_list(v, source, f"organisation {k!r}")
                                  for k, v in data["organisations"].items()},
                   guidance_words=_str_list(data.get("guidance_words", []), source, "guidance_words"))

    @cached_property
    def nice_re(self) -> re.Pattern[str]:
        strong = "|".join(sorted(self.nice_prefixes, key=len, reverse=True))
        weak = "|".join(sorted(self.nice_prefixes + self.nice_prefixes_after_nice, key=len, reverse=True))
        return re.compile(
            rf"(?<![\w/])(?P<strong>(?:{strong})\d{{1,4}})(?![\w/])"
            rf"|(?<=NICE\s)(?:(?:guideline|guidance|technology\s+appraisal|quality\s+standard)\s+)?"
            rf"(?P<weak>(?:{weak})\s?\d{{1,4}})(?![\w/])")

    @cached_property
    def org_map(self) -> dict[str, str]:
        """Written organisation name → canonical name."""
        return {f: name for name, forms in self.organisations.items() for f in forms}

    @cached_property
    def organisation_re(self) -> re.Pattern[str]:
        return re.compile(phrase_pattern(self.org_map, ignore_case=False))

    @cached_property
    def guidance_words_re(self) -> re.Pattern[str]:
        """Any guidance word, case-insensitive."""
        return re.compile(phrase_pattern(self.guidance_words), re.IGNORECASE)

    @cached_property
    def guidance_re(self) -> re.Pattern[str]:
        words = phrase_pattern(self.guidance_words)
        title_word = r"(?:[A-Z][\w’'&-]*|of|on|for|the|and|in|to|with|by|[a-z][\w-]*)"
        return re.compile(
            rf"(?P<title>(?:[A-Z][\w’'&-]*[ ]+(?:{title_word}[ ]+){{0,14}}?)?(?i:{words})"
            rf"(?:[ ]+{title_word}){{0,10}}?)"
            rf"[ ]*[,.(]?[ ]*(?:(?P<month>{_MONTHS})[ ]+)?(?P<year>(?:19|20)\d{{2}})\b\)?")


@lru_cache(maxsize=4)
def reference_rules(path: str | None = None) -> ReferenceRules:
    """Rules from ``path`` or the packaged ``references.yaml`` (cached)."""
    return ReferenceRules.from_dict(read_yaml("references.yaml", path), str(path or "references.yaml"))


def find_references(text: str, rules: ReferenceRules | None = None) -> list[dict[str, Any]]:
    """All references in ``text``, in order.

    Returns:
        Dicts with ``kind`` ("nice_id", "url", "organisation", "guidance"), ``text``, ``start``, ``end``
        and ``id`` (NICE id, no space), ``url``, ``name`` (canonical organisation) or ``title``/``year``.
    """
    rules = rules or reference_rules()
    found: list[dict[str, Any]] = []
    urls = []
    for match in _URL.finditer(text):
        value = match.group(0).rstrip(".,;:")
        urls.append((match.start(), match.start() + len(value)))
        found.append({"kind": "url", "text": value, "start": match.start(), "end": match.start() + len(value),
                      "url": value if "://" in value else "https://" + value})

    def inside_url(start: int, end: int) -> bool:
        return any(a <= start and end <= b for a, b in urls)

    for match in rules.nice_re.finditer(text):
        group = "strong" if match.group("strong") else "weak"
        if inside_url(match.start(group), match.end(group)):
            continue
        written = match.group(group)
        found.append({"kind": "nice_id", "text": written, "start": match.start(group), "end": match.end(group),
                      "id": written.replace(" ", "")})
    for match in rules.organisation_re.finditer(text):
        if inside_url(match.start(), match.end()):
            continue
        found.append({"kind": "organisation", "text": match.group(0), "start": match.start(),
                      "end": match.end(), "name": rules.org_map.get(match.group(0), match.group(0))})
    for match in _guidance_matches(text, rules):
        title = match.group("title").strip()
        found.append({"kind": "guidance", "text": match.group(0).rstrip(" ,.("), "start": match.start(),
                      "end": match.start() + len(match.group(0).rstrip(" ,.(")), "title": title,
                      "year": int(match.group("year")),
                      "month": match.group("month")})
    found.sort(key=lambda r: (r["start"], -r["end"]))
    return found


_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")


def _guidance_matches(text: str, rules: ReferenceRules):  # noqa: ANN202
    """Guidance matches, trying the (slow) title pattern only on lines holding a guidance word and a year."""
    words = rules.guidance_words_re
    for line in re.finditer(r"[^\n]+", text):
        if not _YEAR.search(line.group(0)) or not words.search(line.group(0)):
            continue
        for match in rules.guidance_re.finditer(text, line.start(), line.end()):
            yield match


class ReferenceFinder:
    """spaCy component: references on ``doc._.references``."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.rules = reference_rules()

    def __call__(self, doc: Doc) -> Doc:
        """Find references over the doc text."""
        from extractor.nlp.spans import doc_text

        doc._.references = find_references(doc_text(doc), self.rules)
        return doc


@Language.factory("extractor_references", assigns=["doc._.references"], default_config={})
def make_reference_finder(nlp: Language, name: str) -> ReferenceFinder:
    """Factory of :class:`ReferenceFinder`."""
    return ReferenceFinder(nlp, name)
