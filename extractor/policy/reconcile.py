"""Reconcile a change form with the old and new versions of the policy it amends.

For each change-form row the quoted original text is located in the old policy and the new text
in the new policy (rapidfuzz ``partial_ratio_alignment`` over normalised text: Unicode NFKC,
lower case, bullets and line breaks folded, so wrapping, hyphenation and bullets do not matter).
Rows are classified from their cells (rules in ``resources/policy/reconcile.yaml``):

- ``change``: original → new, both located; the change is *applied* when the new policy holds
  the new text better than the original;
- ``addition``: original "None" – the new text must be in the new policy and not in the old;
- ``removal``: new "Removed" – the original must be gone from the new policy;
- ``moved`` / ``described``: the new cell describes the change ("Moved from Exclusion criteria
  to Position of immunoglobulin", "Details … updated"); a move is checked against the field the
  text now sits in, other descriptions are reported as unverified.

The section column is resolved to the policy's sections and entries (token_set_ratio per line,
the most specific match wins) and compared with where the text was found. Finally the two
policies are diffed over normalised paragraphs (:mod:`difflib`); changed paragraphs that no row
accounts for are reported as changes missing from the form.

Findings use the QA finding shape, with ``document`` (``"old"``/``"new"``) saying which policy
``page``/``start``/``end`` refer to.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml
from rapidfuzz import fuzz, utils

from extractor.changeform import ChangeForm
from extractor.errors import ConfigError
from extractor.policy.model import Policy
from extractor.policy.rules import _check_keys, field_rules
from extractor.policy.text import NormalText, normalise

# ----------------------------------------------------------------------------------------------
# Rules
# ----------------------------------------------------------------------------------------------

@dataclass
class ReconcileRules:
    """Thresholds and wordings used to read change-form cells.

    Attributes:
        found_score: partial_ratio at which quoted text counts as found.
        section_score: token_set_ratio at which a section line names a policy section.
        none_values: Cells meaning "no original text".
        removed_values: Cells meaning "removed".
        instruction_prefixes: Patterns of instruction words before quoted text.
        addition_prefixes: Patterns of words saying the text was added ("Added:").
        descriptions: (kind, pattern) of cells describing a change.
        max_description_words: Longest describing cell.
        severities: Rule id to severity.
    """

    found_score: float = 90.0
    section_score: float = 85.0
    none_values: set[str] = field(default_factory=set)
    removed_values: set[str] = field(default_factory=set)
    instruction_prefixes: list[re.Pattern[str]] = field(default_factory=list)
    addition_prefixes: list[re.Pattern[str]] = field(default_factory=list)
    descriptions: list[tuple[str, re.Pattern[str]]] = field(default_factory=list)
    max_description_words: int = 25
    severities: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: dict[str, Any], source: str = "reconcile.yaml") -> ReconcileRules:
        """Build from YAML; unknown keys are an error."""
        data = _check_keys(source, data, {"version", "found_score", "section_score", "none_values", "removed_values",
                                          "instruction_prefixes", "addition_prefixes", "descriptions",
                                          "max_description_words",
                                          "severities"})
        descriptions = []
        for item in data.get("descriptions") or []:
            item = _check_keys(f"{source}: description", item, {"kind", "pattern"}, {"kind", "pattern"})
            try:
                descriptions.append((item["kind"], re.compile(item["pattern"], re.IGNORECASE)))
            except re.error as exc:
                raise ConfigError(source, f"description {item['kind']!r}: bad pattern ({exc})") from None
        severities = dict(data.get("severities") or {})
        bad = {k: v for k, v in severities.items() if v not in ("error", "warning", "info")}
        if bad:
            raise ConfigError(source, f"severities must be error, warning or info: {bad}")
        return cls(found_score=float(data.get("found_score", 90)), section_score=float(data.get("section_score", 85)),
                   none_values={v.lower() for v in data.get("none_values") or []},
                   removed_values={v.lower() for v in data.get("removed_values") or []},
                   instruction_prefixes=[re.compile(p, re.IGNORECASE) for p in data.get("instruction_prefixes") or []],
                   addition_prefixes=[re.compile(p, re.IGNORECASE) for p in data.get("addition_prefixes") or []],
                   descriptions=descriptions, max_description_words=int(data.get("max_description_words", 25)),
                   severities=severities)

    def severity(self, rule: str) -> str:
        """Severity of a rule id (warning when not configured)."""
        return self.severities.get(rule, "warning")

    def quoted(self, text: str | None) -> str:
        """The cell without instruction prefixes ("Added: ...")."""
        text = text or ""
        for pattern in self.instruction_prefixes + self.addition_prefixes:
            text = pattern.sub("", text, count=1)
        return text.strip()

    def is_addition(self, text: str | None) -> bool:
        """Whether a new-text cell starts by saying it was added ("Added: ...")."""
        return any(pattern.match(text or "") for pattern in self.addition_prefixes)

    def is_none(self, text: str | None) -> bool:
        """Whether a cell means "no text"."""
        return not (text or "").strip() or " ".join((text or "").lower().split()).strip(" .") in self.none_values

    def is_removed(self, text: str | None) -> bool:
        """Whether a new-text cell means "removed"."""
        return " ".join((text or "").lower().split()).strip(" .") in self.removed_values

    def description(self, text: str) -> tuple[str, re.Match[str]] | None:
        """``(kind, match)`` when a cell describes a change rather than quoting text."""
        if len(text.split()) > self.max_description_words:
            return None
        for kind, pattern in self.descriptions:
            match = pattern.search(text)
            if match:
                return kind, match
        return None


@cache
def reconcile_rules() -> ReconcileRules:
    """The packaged reconcile rules (cached)."""
    text = resources.files("extractor").joinpath("resources").joinpath("policy").joinpath(
        "reconcile.yaml").read_text(encoding="utf-8")
    return ReconcileRules.from_dict(yaml.safe_load(text))


# ----------------------------------------------------------------------------------------------
# Normalised text with offsets back to the document
# ----------------------------------------------------------------------------------------------

@dataclass
class Location:
    """Where quoted text was found in a policy.

    Attributes:
        score: Alignment score (0-100).
        start: Offset in the policy's document text.
        end: Offset one past the end.
        page: Page of ``start``.
        text: The policy text there.
        path: Titles of the enclosing sections, outermost first.
        indication: Name of the enclosing indication entry, or None.
        field: Canonical field of the entry holding it, or None.
    """

    score: float
    start: int
    end: int
    page: int | None
    text: str
    path: list[str]
    indication: str | None
    field: str | None

    def to_dict(self) -> dict[str, Any]:
        """Plain dict for JSON."""
        return {"score": round(self.score, 1), "page": self.page, "start": self.start, "end": self.end,
                "section": " > ".join(self.path) or None, "indication": self.indication, "field": self.field,
                "text": self.text}


class PolicyIndex:
    """A policy prepared for searching: normalised text, paragraphs, targets for section names.

    Args:
        policy: The policy.
    """

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self.text = policy.document.text
        self.normal = NormalText(self.text)
        self.targets = self._targets()

    def _targets(self) -> list[tuple[str, int, int, int, bool]]:
        """(normalised title, start, end, depth, leaf) for every section and indication entry.

        A leaf holds no other section or entry; only leaves are narrow enough for a row that
        describes its change to account for every difference inside them.
        """
        targets = []
        for section in self.policy.sections:
            title = " ".join(filter(None, [section.number, section.title]))
            targets.append((title, section.start, section.end, section.level))
        for indication in self.policy.indications:
            section = self.policy.sections[indication.section] if indication.section is not None else None
            depth = (section.level if section else 0) + 1
            targets.append((indication.name, indication.start, indication.end, depth))
        self.cores = {title: utils.default_process(re.split(r"\s[–—-]\s(?=[^–—-]*$)", title)[0])
                      for title, *_ in targets}
        return [(title, start, end, depth,
                 not any(start <= other[1] and other[2] <= end and other[1:3] != (start, end) for other in targets))
                for title, start, end, depth in targets]

    def locate(self, text: str) -> Location | None:
        """Best alignment of ``text`` in the policy, or None for empty text."""
        needle = normalise(text)
        if not needle or not self.normal.text:
            return None
        alignment = fuzz.partial_ratio_alignment(needle, self.normal.text)
        if alignment is None:
            return None
        start, end = self.normal.span(alignment.dest_start, alignment.dest_end)
        return self.location(alignment.score, start, end)

    def location(self, score: float, start: int, end: int) -> Location:
        """Describe the place ``[start, end)`` of the document text."""
        section = self.policy.section_at(start)
        path = [" ".join(filter(None, [s.number, s.title])) for s in self.policy.section_path(section)]
        indication = self.policy.indication_at(start)
        field_name = None
        if indication:
            for name, value in indication.fields.items():
                if value.start <= start < max(value.end, value.start + 1):
                    field_name = name
        return Location(score=score, start=start, end=end, page=self.policy.document.page_at(start),
                        text=self.text[start:end], path=path,
                        indication=indication.name if indication else None, field=field_name)

    def named(self, section_text: str, rules: ReconcileRules) -> tuple[str, int, int, int, bool] | None:
        """The most specific section or entry that a form's section cell names, or None.

        Each line of the cell is compared with every title: token_set_ratio, or partial_ratio
        when the title (without a "– short term use" tail) is shorter than the line, since cells
        often run the appendix title and the entry name together on one line.
        """
        best: tuple[int, float, tuple[str, int, int, int, bool]] | None = None
        for line in (section_text or "").split("\n"):
            key = utils.default_process(line)
            if len(key) < 4:
                continue
            for target in self.targets:
                core = self.cores.get(target[0]) or utils.default_process(target[0])
                score = fuzz.token_set_ratio(key, utils.default_process(target[0]))
                if 8 <= len(core) <= len(key):
                    score = max(score, fuzz.partial_ratio(core, key))
                if score >= rules.section_score and (best is None or (target[3], score) > best[:2]):
                    best = (target[3], score, target)
        return best[2] if best else None


# ----------------------------------------------------------------------------------------------
# Paragraph diff
# ----------------------------------------------------------------------------------------------

def paragraphs(policy: Policy) -> list[tuple[str, int, int]]:
    """Normalised paragraphs with their offsets; a paragraph broken by a page break is one."""
    document = policy.document
    text = document.text
    page_starts = {page.start for page in document.pages[1:]}
    pieces: list[tuple[int, int]] = []
    for match in re.finditer(r"\S(?:.*?\S)?(?=\n\s*\n|\s*\Z)", text, re.DOTALL):
        start, end = match.start(), match.end()
        if pieces and start in page_starts:
            before = text[pieces[-1][0]:pieces[-1][1]].rstrip()
            after = text[start:end]
            if before[-1:] not in ".:;!?" and (after[:1].islower() or before[-1:] in ",-–("):
                pieces[-1] = (pieces[-1][0], end)
                continue
        pieces.append((start, end))
    return [(normalise(text[start:end]), start, end) for start, end in pieces]


@dataclass
class Hunk:
    """A difference between the old and new policy paragraphs."""

    tag: str
    old: list[tuple[str, int, int]]
    new: list[tuple[str, int, int]]


def diff_policies(old: Policy, new: Policy) -> list[Hunk]:
    """Paragraph-level differences (difflib.SequenceMatcher over normalised paragraphs)."""
    old_paras, new_paras = paragraphs(old), paragraphs(new)
    matcher = difflib.SequenceMatcher(None, [p[0] for p in old_paras], [p[0] for p in new_paras], autojunk=False)
    return [Hunk(tag, old_paras[i1:i2], new_paras[j1:j2])
            for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]


# ----------------------------------------------------------------------------------------------
# Reconciliation
# ----------------------------------------------------------------------------------------------

@dataclass
class RowResult:
    """What reconciling one row found."""

    index: int
    kind: str
    status: str
    original: str | None
    new: str | None
    section: str | None
    reason: str | None
    date: str | None
    found_old: Location | None = None
    found_new: Location | None = None
    original_in_new: Location | None = None
    section_agrees: bool | None = None
    named: str | None = None
    covers_old: list[tuple[int, int]] = field(default_factory=list)
    covers_new: list[tuple[int, int]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The per-row record of the report."""
        return {"index": self.index, "kind": self.kind, "status": self.status, "original": self.original,
                "new": self.new, "section": self.section, "reason": self.reason, "date": self.date,
                "found_in_old": self.found_old.to_dict() if self.found_old else None,
                "found_in_new": self.found_new.to_dict() if self.found_new else None,
                "section_named": self.named, "section_agrees": self.section_agrees}


def _finding(rules: ReconcileRules, rule: str, message: str, text: str | None, suggestion: str | None,
             row: int | None, field_name: str | None, where: Location | None, document: str | None,
             severity: str | None = None) -> dict[str, Any]:
    return {"rule": rule, "severity": severity or rules.severity(rule), "message": message, "text": text,
            "suggestion": suggestion, "row": row, "field": field_name,
            "page": where.page if where else None, "start": where.start if where else None,
            "end": where.end if where else None, "document": document}


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Reconciler:
    """Reconciles one change form against an old and a new policy.

    Args:
        form: The change form.
        old: The policy before the changes.
        new: The policy after them.
        rules: Reconcile rules (default: packaged).
    """

    def __init__(self, form: ChangeForm, old: Policy, new: Policy, *, rules: ReconcileRules | None = None) -> None:
        self.form = form
        self.rules = rules or reconcile_rules()
        self.old = PolicyIndex(old)
        self.new = PolicyIndex(new)
        self.findings: list[dict[str, Any]] = []

    def _add(self, *args: Any, **kwargs: Any) -> None:
        self.findings.append(_finding(self.rules, *args, **kwargs))

    def row(self, row: Any) -> RowResult:
        """Reconcile one row."""
        value = self.form.value
        original, new = value(row, "original"), value(row, "new")
        result = RowResult(index=row.index, kind="change", status="ok", original=original, new=new,
                           section=value(row, "section"), reason=value(row, "reason"), date=value(row, "date"))
        found = self.rules.found_score
        quoted_original = None if self.rules.is_none(original) else self.rules.quoted(original)
        quoted_new = None if self.rules.is_none(new) else self.rules.quoted(new)
        if quoted_original:
            result.found_old = self.old.locate(quoted_original)
        if quoted_new and not self.rules.is_removed(new):
            result.found_new = self.new.locate(quoted_new)
        new_found = bool(result.found_new and result.found_new.score >= found)
        old_found = bool(result.found_old and result.found_old.score >= found)
        description = None if new_found or not quoted_new else self.rules.description(quoted_new)
        if (quoted_original is None or self.rules.is_addition(new)) and not description:
            result.kind = "addition"
        elif self.rules.is_removed(new) or (description and description[0] == "removed"):
            result.kind = "removal"
        elif description:
            result.kind = "moved" if description[0] == "moved" else "described"
        if quoted_original and result.kind != "addition":
            result.original_in_new = self.new.locate(quoted_original)
        if self.rules.is_addition(new) and quoted_original and not old_found:
            quoted_original = None  # only says where the text was added; no need to find it verbatim
        # Where the form says the change is.
        named_old = self.old.named(result.section or "", self.rules)
        named_new = self.new.named(result.section or "", self.rules)
        result.named = (named_new or named_old or (None,))[0]
        if quoted_original and not old_found:
            result.status = "original-not-found"
            self._add("reconcile-not-found",
                      f"row {row.index}: original text not found in the old policy "
                      f"(best match {result.found_old.score:.0f}%)" if result.found_old else
                      f"row {row.index}: original text not found in the old policy",
                      _short(quoted_original), _short(result.found_old.text) if result.found_old else None,
                      row.index, "original", result.found_old, "old", severity="warning")
        if old_found:
            result.covers_old.append((result.found_old.start, result.found_old.end))
        in_new = result.original_in_new
        if result.kind in ("change", "addition"):
            if not new_found:
                result.status = "new-not-found"
                self._add("reconcile-not-found",
                          f"row {row.index}: new text not found in the new policy"
                          + (f" (best match {result.found_new.score:.0f}%)" if result.found_new else ""),
                          _short(quoted_new or ""), _short(result.found_new.text) if result.found_new else None,
                          row.index, "new", result.found_new, "new")
            else:
                result.covers_new.append((result.found_new.start, result.found_new.end))
                before, after = normalise(quoted_original or ""), normalise(quoted_new or "")
                # The original may stay when the new text only extends it; otherwise finding it
                # verbatim (or better than the new text) means the change was not made.
                extends = before.rstrip(" .,:;") in after
                still = (result.kind == "change" and in_new is not None and before != after and not extends
                         and (in_new.score >= 99.5 or in_new.score > result.found_new.score))
                if still:
                    result.status = "not-applied"
                    self._add("reconcile-not-applied",
                              f"row {row.index}: the new policy still has the original text "
                              f"({in_new.score:.0f}% vs {result.found_new.score:.0f}% for the new text)",
                              _short(in_new.text), _short(quoted_new or ""), row.index, "new", in_new, "new")
                if result.kind == "addition" and self.old.locate(quoted_new or "") is not None:
                    previous = self.old.locate(quoted_new or "")
                    if previous and previous.score >= 99:
                        result.status = "already-present"
                        self._add("reconcile-unverified", f"row {row.index}: text said to be added was already "
                                  "in the old policy", _short(quoted_new or ""), None, row.index, "new", previous,
                                  "old")
        elif result.kind == "removal":
            if in_new and in_new.score >= max(found, 95):
                result.status = "not-applied"
                self._add("reconcile-not-applied", f"row {row.index}: text said to be removed is still in the new "
                          f"policy ({in_new.score:.0f}%)", _short(in_new.text), "remove it or correct the row",
                          row.index, "original", in_new, "new")
            elif result.status == "ok":
                result.status = "removed"
        elif result.kind == "moved":
            target = description[1].group("target") if description else ""
            wanted = field_rules().match_label(target, min_score=80) if target else None
            if in_new and in_new.score >= found:
                result.covers_new.append((in_new.start, in_new.end))
                result.found_new = in_new
                if wanted and in_new.field and in_new.field != wanted[0]:
                    result.status = "not-applied"
                    self._add("reconcile-not-applied", f"row {row.index}: text said to be moved to "
                              f"'{target}' is under '{in_new.field}' in the new policy", _short(in_new.text), None,
                              row.index, "new", in_new, "new")
                elif result.status == "ok":
                    result.status = "moved"
            else:
                result.status = "new-not-found"
                self._add("reconcile-not-found", f"row {row.index}: moved text not found in the new policy",
                          _short(quoted_original or ""), None, row.index, "new", in_new, "new")
        else:  # described
            self._describe(result, quoted_new or "", named_new)
        self._check_section(result, named_old, named_new)
        if result.kind == "described" and named_new and named_new[4]:
            result.covers_new.append((named_new[1], named_new[2]))
        if result.kind == "described" and named_old and named_old[4]:
            result.covers_old.append((named_old[1], named_old[2]))
        return result

    def _describe(self, result: RowResult, description: str, named_new: tuple[str, int, int, int, bool] | None) -> None:
        """A cell describing an update: find a new entry it names, else mark it unverified."""
        old_names = [utils.default_process(i.name) for i in self.old.policy.indications]
        for indication in self.new.policy.indications:
            core = re.split(r"\s[–—-]\s", indication.name)[0]
            is_new = all(fuzz.ratio(utils.default_process(indication.name), name) < 90 for name in old_names)
            if is_new and fuzz.partial_ratio(utils.default_process(core), utils.default_process(description)) >= 90:
                result.status = "added-entry"
                result.found_new = self.new.location(100.0, indication.start, indication.end)
                result.covers_new.append((indication.start, indication.end))
                return
        result.status = "unverified"
        result.found_new = None  # the description was never meant to be found verbatim
        where = self.new.location(100.0, named_new[1], named_new[1]) if named_new else None
        self._add("reconcile-unverified", f"row {result.index}: the new text describes the change "
                  "instead of quoting it; check the section by hand", _short(description), None, result.index, "new",
                  where, "new")

    def _check_section(self, result: RowResult, named_old: tuple[str, int, int, int, bool] | None,
                       named_new: tuple[str, int, int, int, bool] | None) -> None:
        checks = []
        if result.found_new and result.found_new.score >= self.rules.found_score and named_new:
            checks.append((result.found_new, named_new, "new"))
        elif result.found_old and result.found_old.score >= self.rules.found_score and named_old:
            checks.append((result.found_old, named_old, "old"))
        for where, named, document in checks:
            inside = named[1] <= where.start < named[2]
            result.section_agrees = inside
            if not inside:
                found_at = where.indication or (where.path[-1] if where.path else "the front matter")
                self._add("reconcile-section-mismatch",
                          f"row {result.index}: the form names '{_short(named[0], 60)}' but the text is in "
                          f"'{_short(found_at, 60)}'", _short(where.text), found_at, result.index, "section",
                          where, document)

    def unlisted(self, results: list[RowResult]) -> None:
        """Report paragraph changes between the policies that no row accounts for."""
        def covered(span: tuple[int, int], covers: list[tuple[int, int]]) -> bool:
            return any(start < span[1] and span[0] < end for start, end in covers)

        covers_old = [c for r in results for c in r.covers_old]
        covers_new = [c for r in results for c in r.covers_new]
        for hunk in diff_policies(self.old.policy, self.new.policy):
            # A paragraph whose whole text is still on the other side was only re-split or
            # merged (a listed change next to it moved the paragraph boundary).
            old_side = " ".join(p[0] for p in hunk.old)
            new_side = " ".join(p[0] for p in hunk.new)
            old_left = [p for p in hunk.old if not covered((p[1], p[2]), covers_old) and p[0] not in new_side]
            new_left = [p for p in hunk.new if not covered((p[1], p[2]), covers_new) and p[0] not in old_side]
            if not old_left and not new_left:
                continue
            before = " / ".join(self.old.text[p[1]:p[2]] for p in old_left)
            after = " / ".join(self.new.text[p[1]:p[2]] for p in new_left)
            if new_left:
                where = self.new.location(100.0, new_left[0][1], new_left[-1][2])
                document = "new"
            else:
                where = self.old.location(100.0, old_left[0][1], old_left[-1][2])
                document = "old"
            place = where.indication or (where.path[-1] if where.path else "front matter")
            verb = "changed" if old_left and new_left else "added" if new_left else "removed"
            self._add("reconcile-unlisted-change",
                      f"text {verb} in '{_short(place, 60)}' is not listed on the change form",
                      _short(after or before, 160),
                      f"add a row: original '{_short(before, 100) or 'None'}' → new '{_short(after, 100) or 'Removed'}'",
                      None, None, where, document)

    def run(self) -> dict[str, Any]:
        """Reconcile every row and look for unlisted changes.

        Returns:
            ``{"findings": [...], "rows": [...], "summary": {...}}``.
        """
        results = [self.row(row) for row in self.form.rows]
        self.unlisted(results)
        statuses: dict[str, int] = {}
        for result in results:
            statuses[result.status] = statuses.get(result.status, 0) + 1
        agreed = [r.section_agrees for r in results if r.section_agrees is not None]
        return {"findings": self.findings, "rows": [r.to_dict() for r in results],
                "summary": {"rows": len(results), "statuses": statuses,
                            "section_agreement": f"{sum(agreed)}/{len(agreed)}",
                            "unlisted_changes": sum(f["rule"] == "reconcile-unlisted-change" for f in self.findings)}}


def reconcile(form: ChangeForm, old: Policy, new: Policy, *, rules: ReconcileRules | None = None) -> dict[str, Any]:
    """Reconcile ``form`` with the ``old`` and ``new`` policy versions (see the module docstring).

    Returns:
        ``{"findings", "rows", "summary"}``.
    """
    return Reconciler(form, old, new, rules=rules).run()


__all__ = [
    "Location",
    "NormalText",
    "PolicyIndex",
    "ReconcileRules",
    "Reconciler",
    "diff_policies",
    "normalise",
    "paragraphs",
    "reconcile",
    "reconcile_rules",
]
