"""``unit-style``: units written in a non-preferred style, or in two styles in one document.

The table of written forms, preferred forms and unit identities is data
(``resources/qa/unit_styles.csv``). A unit is only recognised right after a number
("4g/l", "0.6 ml/kg", "3 mls", "2 x 10^9/l"), so ordinary words are never taken for units. A
row's preferred form and identity may name the groups of its pattern (``\\g<prefix>/L``), so
that one row covers a family of units (a lower-case litre after any prefixed unit).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from extractor.errors import ConfigError
from extractor.qa.data import check_keys, read_csv, resource_name
from extractor.qa.finding import Finding
from extractor.qa.text import url_spans

RULE = "unit-style"
_SOURCE = resource_name("unit_styles.csv")
_NUMBER = r"(?<![\w.])\d+(?:[.,]\d+)?(?:\^?\d+|[⁰¹²³⁴⁵⁶⁷⁸⁹]+)?(?:\s?(?:-|–|to)\s?\d+(?:[.,]\d+)?)?\s?"
_DIGIT = re.compile(r"\d")
#: Where a number can start: every row's pattern starts so (``_NUMBER``).
_NUMBER_START = re.compile(r"(?<![\w.])\d")
#: Texts whose mentions a table keeps (a form's new texts are read for the document's styles and
#: again when checked).
_MENTIONS_KEPT = 256


@dataclass(frozen=True)
class UnitStyle:
    """One row of the table.

    Attributes:
        written: Regex of the form as written (case-sensitive).
        preferred: The preferred form (may name the pattern's groups: ``\\g<prefix>/L``).
        unit: The unit's identity (may name the pattern's groups too).
    """

    written: str
    preferred: str
    unit: str

    @classmethod
    def from_dict(cls, data: dict, source: str = _SOURCE) -> UnitStyle:
        """Build from a CSV row, rejecting unknown or missing columns, bad patterns and unknown groups."""
        check_keys(data, ("written", "preferred", "unit"), source, required=("written", "preferred", "unit"))
        try:
            pattern = re.compile(data["written"])
        except re.error as exc:
            raise ConfigError(source, f"bad pattern {data['written']!r}: {exc}") from None
        for column in ("preferred", "unit"):
            unknown = set(re.findall(r"\\g<(\w+)>", data[column])) - set(pattern.groupindex)
            if unknown:
                raise ConfigError(source, f"{column} {data[column]!r} names groups {sorted(unknown)} that the "
                                          f"pattern {data['written']!r} does not define")
        return cls(data["written"], data["preferred"], data["unit"])

    def expand(self, template: str, match: re.Match[str]) -> str:
        """Fill ``template`` (the preferred form or identity) with the groups of ``match``."""
        if "\\g<" not in template:
            return template
        return re.sub(r"\\g<(\w+)>", lambda m: match.group(m.group(1)) or "", template)


@dataclass(frozen=True)
class UnitMention:
    """A unit found after a number.

    Attributes:
        written: The unit as written.
        style: The table row it matched.
        start: Offset of the unit.
        end: Offset one past it.
        preferred: The preferred form for this mention (the row's, groups filled in).
        unit: The unit's identity for this mention.
    """

    written: str
    style: UnitStyle
    start: int
    end: int
    preferred: str = ""
    unit: str = ""


class UnitTable:
    """The unit-style table with one compiled pattern per row.

    Args:
        styles: The table's rows; earlier rows win when two match at the same place.
    """

    def __init__(self, styles: Iterable[UnitStyle]) -> None:
        self.styles = tuple(styles)
        self._patterns = [(re.compile(_NUMBER + rf"(?P<unit>{s.written})(?![A-Za-z0-9])"), s) for s in self.styles]
        self._kept: dict[str, tuple[UnitMention, ...]] = {}

    def mentions(self, text: str) -> list[UnitMention]:
        """Return every unit written after a number, outside URLs, left to right.

        Every pattern starts with a digit, so a text without one has none; the mentions of the
        last texts read are kept (they are immutable).
        """
        if not _DIGIT.search(text):
            return []
        kept = self._kept.get(text)
        if kept is None:
            kept = tuple(self._find(text))
            if len(self._kept) >= _MENTIONS_KEPT:
                self._kept.pop(next(iter(self._kept)))
            self._kept[text] = kept
        return list(kept)

    def _find(self, text: str) -> list[UnitMention]:
        """:meth:`mentions`, computed."""
        urls = url_spans(text)
        found: dict[int, UnitMention] = {}
        starts = [match.start() for match in _NUMBER_START.finditer(text)]
        for pattern, style in self._patterns:
            for match in _matches_at(pattern, text, starts):
                start, end = match.span("unit")
                if any(s <= start < e for s, e in urls):
                    continue
                current = found.get(start)
                if current is None or end - start > current.end - current.start:
                    found[start] = UnitMention(match.group("unit"), style, start, end,
                                               style.expand(style.preferred, match), style.expand(style.unit, match))
        return [found[k] for k in sorted(found)]


def _matches_at(pattern: re.Pattern[str], text: str, starts: list[int]) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for a pattern that can only match at one of ``starts`` (sorted).

    Every row's pattern starts with a number, so instead of scanning the whole text once per
    row, each row is tried where a number starts (its lookbehind still sees the text before).
    """
    end = 0
    for start in starts:
        if start < end:
            continue
        match = pattern.match(text, start)
        if match is not None:
            yield match
            end = match.end()


@lru_cache(maxsize=1)
def default_table() -> UnitTable:
    """The packaged table."""
    return UnitTable(UnitStyle.from_dict(row) for row in read_csv("unit_styles.csv"))


@lru_cache(maxsize=4096)
def unit_identity(written: str) -> str | None:
    """The identity of a unit written on its own ("mls" → "mL", "gm" → "g") in the packaged table, or None."""
    for style in default_table().styles:
        match = re.fullmatch(style.written, written)
        if match:
            return style.expand(style.unit, match)
    return None


def document_styles(texts: Iterable[str], table: UnitTable | None = None) -> dict[str, Counter[str]]:
    """For each unit identity, how often each written form occurs across ``texts``."""
    table = table or default_table()
    styles: dict[str, Counter[str]] = defaultdict(Counter)
    for text in texts:
        for mention in table.mentions(text):
            styles[mention.unit][mention.written] += 1
    return styles


def check(text: str, *, styles: dict[str, Counter[str]] | None = None, table: UnitTable | None = None
          ) -> list[Finding]:
    """Return unit-style findings for ``text`` (severity ``warning``).

    Args:
        text: The text.
        styles: Written forms per unit across the whole document (from :func:`document_styles`);
            when given, a unit written in more than one way is reported as inconsistent.
        table: The unit table (the packaged one by default).
    """
    table = table or default_table()
    findings: list[Finding] = []
    for mention in table.mentions(text):
        forms = (styles or {}).get(mention.unit, Counter())
        others = sorted(form for form in forms if form != mention.written)
        if mention.written == mention.preferred:
            continue
        message = f"write '{mention.preferred}' rather than '{mention.written}'"
        if others:
            message += f"; this document also writes {', '.join(repr(o) for o in others)}"
        findings.append(Finding(RULE, "warning", message, text=mention.written, suggestion=mention.preferred,
                                start=mention.start, end=mention.end,
                                extra={"inconsistent": bool(others)}))
    return findings


__all__ = ["RULE", "UnitMention", "UnitStyle", "UnitTable", "check", "default_table", "document_styles",
           "unit_identity"]
