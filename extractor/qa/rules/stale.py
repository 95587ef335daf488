"""``stale-reference``: renamed or abolished bodies, withdrawn or replaced guidance, retired hosts,
superseded titles, and cited guidance older than the document by more than a set age.

The registry is data (``resources/qa/stale_references.yaml``): each entry names its patterns,
status, successor, the date of the change and a source note. The age check looks for a year
("June 2019", "(2016)") in a sentence that cites guidance and compares it with the document's
date (the latest change date of a change form, the latest date written in a document).

A mention that is explicitly historical is not stale: one introduced as former (the registry's
``historical_markers``: "(formerly X)", "the then X", "X, which was replaced by Y", "X (now Y)"),
and, for the kinds in ``historical_kinds`` (organisations), one dated no later than the change by a
date bound to it: a citation year ("X, 1991", "X (2016)"), "X ... in 2016" ("published by X in
2016"), "in 2016, X", "X's 2016 report", or the year of a reference whose author X is
("3. X. Title. London: HMSO; 1991."). A date elsewhere in the sentence does not count.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from extractor.errors import ConfigError
from extractor.qa.data import check_keys, read_yaml, resource_name
from extractor.qa.finding import Finding

RULE = "stale-reference"
_SOURCE = resource_name("stale_references.yaml")
_KINDS = ("organisation", "guidance", "host", "title")
_STATUSES = ("renamed", "abolished", "replaced", "withdrawn", "superseded", "archived")
_MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|December|"
           "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec")
_YEAR = re.compile(rf"\b(?:(?:\d{{1,2}}\s+)?(?:{_MONTHS})\.?\s+)?((?:19|20)\d{{2}})\b(?![/\-]\d)")
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?](?!\d)|\n|$)")
_MONTH_NUMBER = {name: number for number, names in enumerate(
    [(), ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
     ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
     ("december", "dec")]) for name in names}
_DATE = rf"(?:(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?(?P<month>{_MONTHS})\.?,?\s+)?(?P<year>(?:19|20)\d{{2}})\b(?![/\-]\d)"
#: Dates bound to a mention: after it, at the start of the text that follows; before it, at the end of
#: the text that precedes.
_DATE_AFTER = (re.compile(rf"^\s*[,(\[]?\s*{_DATE}"),                           # "X, 1991", "X (March 2016)"
               re.compile(rf"^(?:\s+[A-Za-z]+){{0,6}}?\s+(?:in|during)\s+{_DATE}"),  # "X published it in 2016"
               re.compile(rf"^['’]s\s+{_DATE}"))                                # "X's 2016 report"
_DATE_BEFORE = (re.compile(rf"\b(?:in|during|until|before|by)\s+{_DATE},?\s+(?:the\s+)?$", re.IGNORECASE),
                re.compile(rf"\bthe\s+{_DATE}\s+$", re.IGNORECASE))            # "the 2016 X report"
_REFERENCE_START = re.compile(r"[ \t]*(?:\[?\d{1,3}[.)\]][ \t]*|[-•*–][ \t]*)?")
_REFERENCE_END = re.compile(r"\n\s*\n|\n[ \t]*(?:\[?\d{1,3}[.)\]]|[-•*–])[ \t]")


@dataclass(frozen=True)
class StaleEntry:
    """One registry entry.

    Attributes:
        id: Stable entry id.
        kind: ``organisation``, ``guidance``, ``host`` or ``title``.
        patterns: Compiled patterns.
        status: What happened (``renamed``, ``withdrawn`` ...).
        successor: What replaced it, or None.
        date: When (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``), or None.
        source: Where the fact was checked.
        note: Optional remark.
    """

    id: str
    kind: str
    patterns: tuple[re.Pattern[str], ...]
    status: str
    successor: str | None
    date: str | None
    source: str
    note: str | None = None

    @classmethod
    def from_dict(cls, data: dict, source: str = _SOURCE) -> StaleEntry:
        """Build one entry, rejecting unknown keys, kinds and statuses."""
        check_keys(data, ("id", "kind", "patterns", "case_sensitive", "status", "successor", "date", "source",
                          "note"), source, required=("id", "kind", "patterns", "status", "source"))
        where = f"{source} entry {data.get('id')!r}"
        if data["kind"] not in _KINDS:
            raise ConfigError(where, f"kind {data['kind']!r}; expected one of {list(_KINDS)}")
        if data["status"] not in _STATUSES:
            raise ConfigError(where, f"status {data['status']!r}; expected one of {list(_STATUSES)}")
        flags = 0 if data.get("case_sensitive") else re.IGNORECASE
        try:
            patterns = tuple(re.compile(p, flags) for p in data["patterns"])
        except re.error as exc:
            raise ConfigError(where, f"bad pattern: {exc}") from None
        date = data.get("date")
        return cls(str(data["id"]), data["kind"], patterns, data["status"], data.get("successor"),
                   None if date is None else str(date), str(data["source"]), data.get("note"))

    def message(self, written: str) -> str:
        """A sentence saying what happened to the thing cited."""
        when = f" ({self.date})" if self.date else ""
        verb = {"renamed": "was renamed", "abolished": "was abolished", "replaced": "was replaced",
                "withdrawn": "has been withdrawn", "superseded": "has been superseded",
                "archived": "is retired or archived"}[self.status]
        tail = f"; now {self.successor}" if self.successor else ""
        return f"'{written}' {verb}{when}{tail}"


@dataclass(frozen=True)
class StaleRegistry:
    """The registry and the age check's settings.

    Attributes:
        entries: Registry entries.
        max_age_years: Default age beyond which cited guidance is reported.
        citation_words: Words that mark a sentence as a citation.
    """

    entries: tuple[StaleEntry, ...]
    max_age_years: float
    citation_words: tuple[str, ...]
    former_before: tuple[re.Pattern[str], ...] = ()
    former_after: tuple[re.Pattern[str], ...] = ()
    historical_kinds: frozenset[str] = frozenset()

    @classmethod
    def from_dict(cls, data: dict, source: str = _SOURCE) -> StaleRegistry:
        """Build from parsed YAML."""
        check_keys(data, ("entries", "max_age_years", "citation_words", "historical_markers", "historical_kinds"),
                   source, required=("entries",))
        entries = tuple(StaleEntry.from_dict(item, source) for item in data["entries"])
        ids = [e.id for e in entries]
        if len(ids) != len(set(ids)):
            raise ConfigError(source, "entry ids must be unique")
        markers = data.get("historical_markers") or {}
        check_keys(markers, ("before", "after"), f"{source} historical_markers")
        try:
            before = tuple(re.compile(p, re.IGNORECASE) for p in markers.get("before", ()))
            after = tuple(re.compile(p, re.IGNORECASE) for p in markers.get("after", ()))
        except re.error as exc:
            raise ConfigError(source, f"historical_markers: bad pattern: {exc}") from None
        kinds = frozenset(data.get("historical_kinds", ()))
        if kinds - set(_KINDS):
            raise ConfigError(source, f"historical_kinds {sorted(kinds - set(_KINDS))}; expected some of {list(_KINDS)}")
        return cls(entries, float(data.get("max_age_years", 5)), tuple(data.get("citation_words", ())),
                   before, after, kinds)


@lru_cache(maxsize=1)
def default_registry() -> StaleRegistry:
    """The packaged registry."""
    return StaleRegistry.from_dict(read_yaml("stale_references.yaml"))


@lru_cache(maxsize=8)
def merged_registry(path: str | None) -> StaleRegistry:
    """The packaged registry with a project's own entries (a YAML file in the same schema) added.

    Raises:
        ConfigError: The file is not valid YAML in the registry's schema, or an entry's id is
            already used by the packaged registry.
    """
    base = default_registry()
    if not path:
        return base
    import yaml

    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(path, f"cannot read the stale-reference registry ({type(exc).__name__})") from None
    local = StaleRegistry.from_dict(data if isinstance(data, dict) else {"entries": data}, path)
    clash = sorted({e.id for e in local.entries} & {e.id for e in base.entries})
    if clash:
        raise ConfigError(path, f"entry ids {clash} are already in the packaged registry; choose other ids")
    return dataclasses.replace(base, entries=base.entries + local.entries)


def _change_date(date: str | None) -> tuple[int, int | None] | None:
    """(year, month or None) of an entry's change date ("2021-10-01", "2019-11", "2012")."""
    match = re.match(r"(\d{4})(?:-(\d{2}))?", date or "")
    return (int(match.group(1)), int(match.group(2)) if match.group(2) else None) if match else None


def _bound_dates(text: str, start: int, end: int) -> list[tuple[int, int | None]]:
    """Dates bound to the mention at ``start:end`` (citation year, "X in 2016", reference year)."""
    found = []
    after, before = text[end:end + 80], text[max(0, start - 60):start]
    for pattern in _DATE_AFTER:
        match = pattern.match(after)
        if match:
            found.append(match)
    for pattern in _DATE_BEFORE:
        match = pattern.search(before)
        if match:
            found.append(match)
    line_start = text.rfind("\n", 0, start) + 1
    if _REFERENCE_START.fullmatch(text[line_start:start]) and re.match(r"\s*[.,:]", text[end:end + 3]):
        stop = _REFERENCE_END.search(text, end)
        reference = text[end:min(stop.start() if stop else len(text), end + 400)]
        match = re.search(_DATE, reference)  # the author's reference: its (first) date
        if match:
            found.append(match)
    dates = []
    for match in found:
        month = match.group("month")
        dates.append((int(match.group("year")), _MONTH_NUMBER.get(month.lower()) if month else None))
    return dates


def historical(text: str, start: int, end: int, entry: StaleEntry, registry: StaleRegistry) -> bool:
    """Whether the mention ``text[start:end]`` of ``entry`` is explicitly historical, not stale.

    It is when introduced as former (the registry's markers around it) or, for the registry's
    ``historical_kinds``, dated no later than the entry's change by a date bound to the mention.
    """
    before, after = text[max(0, start - 80):start], text[end:end + 120]
    if any(p.search(before) for p in registry.former_before) or any(p.match(after) for p in registry.former_after):
        return True
    change = _change_date(entry.date)
    if entry.kind not in registry.historical_kinds or change is None:
        return False
    for year, month in _bound_dates(text, start, end):
        if (year, month) <= change if month and change[1] else year <= change[0]:  # type: ignore[operator]
            return True
    return False


def _registry_findings(text: str, registry: StaleRegistry) -> list[Finding]:
    taken: list[tuple[int, int]] = []
    findings: list[Finding] = []
    for entry in registry.entries:
        for pattern in entry.patterns:
            for match in pattern.finditer(text):
                start, end = match.span()
                if any(s < end and start < e for s, e in taken):
                    continue
                taken.append((start, end))
                if historical(text, start, end, entry, registry):
                    continue
                findings.append(Finding(RULE, "error", entry.message(match.group()), text=match.group(),
                                        suggestion=entry.successor, start=start, end=end,
                                        extra={"reference": entry.id, "status": entry.status,
                                               "changed": entry.date, "source_note": entry.source}))
    return findings


def _age_findings(text: str, registry: StaleRegistry, document_date: dt.date, max_age: float) -> list[Finding]:
    findings: list[Finding] = []
    for sentence in _SENTENCE.finditer(text):
        lowered = sentence.group().lower()
        if not any(word in lowered for word in registry.citation_words):
            continue
        for match in _YEAR.finditer(sentence.group()):
            year = int(match.group(1))
            if year < 1950 or year > document_date.year:
                continue
            age = document_date.year - year + (document_date.month - 6.5) / 12
            if age <= max_age:
                continue
            start, end = sentence.start() + match.start(), sentence.start() + match.end()
            findings.append(Finding(RULE, "info",
                                    f"cited guidance dated {match.group()} is more than {max_age:g} years older "
                                    f"than the document ({document_date:%Y-%m}); check it is still current",
                                    text=match.group(), suggestion=None, start=start, end=end,
                                    extra={"reference": "age", "status": "old"}))
    return findings


def check(text: str, *, document_date: dt.date | None = None, max_age_years: float | None = None,
          registry: StaleRegistry | None = None) -> list[Finding]:
    """Return stale-reference findings for ``text`` (offsets into ``text``).

    Args:
        text: The text.
        document_date: The document's date for the age check (no age check when None).
        max_age_years: Age limit (the registry's default when None).
        registry: The registry (the packaged one by default).
    """
    registry = registry or default_registry()
    findings = _registry_findings(text, registry)
    if document_date is not None:
        limit = registry.max_age_years if max_age_years is None else max_age_years
        taken = [(f.start, f.end) for f in findings]
        for finding in _age_findings(text, registry, document_date, limit):
            if not any(s <= finding.start < e for s, e in taken):  # type: ignore[operator]
                findings.append(finding)
    return sorted(findings, key=lambda f: f.start or 0)


__all__ = ["RULE", "StaleEntry", "StaleRegistry", "check", "default_registry", "historical", "merged_registry"]
