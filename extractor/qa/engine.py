"""Run the QA rules over a change form (per row and field) or a document (running text).

Change forms: text rules run on each row's original and new text; a problem the new text
introduced keeps its full severity, one it kept from the original is reported on the new
text (with the severity ``resources/qa/severities.yaml`` allows for kept problems), and one
it fixed is reported on the original as ``info``. Row rules (no-op-change, reason-mismatch,
numeric-change) and date-anomaly run on the rows. Documents: the text rules run on the
document text, offsets index :attr:`Document.text` and ``page`` comes from ``page_at``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from functools import lru_cache
from typing import Any

from extractor.changeform.legend import code_legend, expand_code
from extractor.changeform.model import ChangeForm
from extractor.document import Document
from extractor.errors import ConfigError, NotAChangeForm
from extractor.qa.data import read_yaml, resource_name
from extractor.qa.finding import SEVERITIES, Finding, QAResult, severity_rank
from extractor.qa.rules import abbreviations, changes, dates, links, repeated, spelling, stale, units
from extractor.qa.settings import QASettings
from extractor.qa.text import normalise

_STATUSES = ("introduced", "kept", "fixed")
#: Most words of a cell spell-checked as a label (title case, not proper names).
LABEL_WORDS = 8
#: Rule id of the warnings about a change form's columns (roles guessed, or not told apart).
ROLES_RULE = "column-roles"
_DATE_IN_TEXT = re.compile(
    r"\b(?:(\d{1,2})\s+)?(January|February|March|April|May|June|July|August|September|October|November|December)"
    r"\s+((?:19|20)\d{2})\b|\b((?:19|20)\d{2})-(\d{2})(?:-(\d{2}))?\b|\b(\d{1,2})/(\d{1,2})/((?:19|20)\d{2})\b")
_MONTH_NUMBER = {m: i for i, m in enumerate(["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"], start=1)}


@lru_cache(maxsize=1)
def severity_table() -> dict[str, dict[str, str]]:
    """The packaged table of severities by rule and status (introduced, kept, fixed)."""
    source = resource_name("severities.yaml")
    data = read_yaml("severities.yaml")
    if not isinstance(data, dict):
        raise ConfigError(source, "expected a mapping of rule ids")
    for rule, levels in data.items():
        if not isinstance(levels, dict) or set(levels) != set(_STATUSES) or set(levels.values()) - set(SEVERITIES):
            raise ConfigError(source, f"rule {rule!r}: expected {list(_STATUSES)} each one of {list(SEVERITIES)}")
    return data


#: The severity each text rule gives a plain finding; a rule that gives less (an old citation is
#: ``info``) has judged the finding milder, and the table never raises it.
_RULE_DEFAULT = {"spelling": "error", "repeated-word": "warning", "stale-reference": "error",
                 "unit-style": "warning", "abbreviation": "warning", "broken-link": "error",
                 "date-anomaly": "error"}


def _cap(finding: Finding, status: str) -> Finding:
    """Set a change-form finding's severity from the table for its status (introduced, kept, fixed)."""
    level = severity_table().get(finding.rule, {}).get(status)
    if not level:
        return finding
    if finding.severity == _RULE_DEFAULT.get(finding.rule) or severity_rank(level) > severity_rank(finding.severity):
        finding.severity = level
    return finding


def _text_findings(text: str, settings: QASettings, *, document_date: dt.date | None, frequent: list[str],
                   styles: dict | None, checker: links.LinkChecker | None, running_text: bool) -> list[Finding]:
    found: list[Finding] = []
    if not text.strip():
        return found
    if settings.enabled(spelling.RULE):
        found += spelling.check(text, frequent=frequent, min_length=settings.spelling_min_length,
                                speller=spelling.project_speller(settings.extra_words))
    if settings.enabled(repeated.RULE):
        found += repeated.check(text)
    if settings.enabled(stale.RULE):
        found += stale.check(text, document_date=document_date, max_age_years=settings.max_reference_age_years,
                             registry=stale.merged_registry(settings.stale_registry))
    if settings.enabled(units.RULE):
        found += units.check(text, styles=styles)
    if settings.enabled(dates.RULE):
        found += dates.check_text(text)
    if running_text and settings.enabled(abbreviations.RULE):
        found += abbreviations.check(text)
    if links.RULE in settings.rules:
        found += links.malformed(text)  # offline: a mangled scheme needs no request
    if checker is not None and settings.enabled(links.RULE):
        found += links.check(text, checker)
    return found


def _prefetch(checker: links.LinkChecker | None, settings: QASettings, texts: list[str]) -> None:
    """Request every URL of the texts in one batch (concurrently; and so that "no host answered"
    is judged on the whole run rather than text by text)."""
    if checker is not None and settings.enabled(links.RULE):
        checker.check_urls(url for text in texts for url, _, _ in links.find_urls(text))


def _key(finding: Finding) -> tuple[str, str]:
    return finding.rule, normalise(finding.text)


def _checker(settings: QASettings) -> links.LinkChecker | None:
    if not settings.enabled(links.RULE):
        return None
    return links.LinkChecker(timeout=settings.link_timeout, concurrency=settings.link_concurrency,
                             cache_path=settings.link_cache)


def _frequent(texts: list[str]) -> list[str]:
    """Words of the document offered as spelling corrections: frequent ones, and known ones used anywhere."""
    counts = spelling.vocabulary(texts)
    speller = spelling.default_speller()
    return [word for word, n in counts.items() if len(word) >= 5 and (n >= 3 or speller.known(word))]


def form_date(form: ChangeForm, today: dt.date) -> dt.date | None:
    """The latest readable change date of a form that is not in the future, or None."""
    parsed = [dates.parse_iso(form.value(row, "date")) for row in form.rows]
    valid = [d for d in parsed if d is not None and d <= today]
    return max(valid) if valid else None


def text_date(text: str, today: dt.date) -> dt.date | None:
    """The latest full or month-year date written in ``text`` that is not in the future, or None."""
    found = []
    for m in _DATE_IN_TEXT.finditer(text):
        try:
            if m.group(2):
                found.append(dt.date(int(m.group(3)), _MONTH_NUMBER[m.group(2)], int(m.group(1) or 1)))
            elif m.group(4):
                found.append(dt.date(int(m.group(4)), int(m.group(5)), int(m.group(6) or 1)))
            else:
                found.append(dt.date(int(m.group(9)), int(m.group(8)), int(m.group(7))))
        except ValueError:
            continue
    valid = [d for d in found if d <= today]
    return max(valid) if valid else None


def check_changeform(form: ChangeForm, *, settings: QASettings | dict[str, Any] | None = None,
                     checker: links.LinkChecker | None = None) -> QAResult:
    """Check a change form row by row.

    Args:
        form: The change form.
        settings: QA settings (None, dict or :class:`QASettings`).
        checker: A link checker to share between documents (made from the settings if None).

    Returns:
        The findings, with per-row data for the reports.
    """
    settings = QASettings.resolve(settings)
    checker = checker or _checker(settings)
    config = changes.default_config()
    speller = spelling.default_speller()
    today = settings.today
    doc_date = form_date(form, today) or today
    originals = [form.value(row, "original") or "" for row in form.rows]
    news = [form.value(row, "new") or "" for row in form.rows]
    frequent = _frequent([f"{o}\n{n}" for o, n in zip(originals, news, strict=True)])
    _prefetch(checker, settings, news if "new" in form.fields else originals)
    styles = units.document_styles(news)
    findings: list[Finding] = _role_findings(form) if settings.enabled(ROLES_RULE) else []
    rows: list[dict[str, Any]] = []
    paired = "original" in form.fields and "new" in form.fields
    column_of = {name: index for index, name in enumerate(form.fields) if name}
    # Columns other than the original and new text (section, reason, author, unmapped ones ...):
    # each cell is checked for spelling, repeated words and malformed links on its own.
    other_columns = [index for index, name in enumerate(form.fields) if name not in ("original", "new", "date")]
    legend = code_legend([*form.context, *(f"{k}: {v}" for k, v in form.metadata.items())])
    for row, old, new in zip(form.rows, originals, news, strict=True):
        page = row.pages[0] if row.pages else None
        reason = form.value(row, "reason")
        change_type = expand_code(form.value(row, "change_type"), legend)
        stated = _stated_reason(expand_code(reason, legend), change_type)
        rows.append({"index": row.index, "section": form.value(row, "section"), "reason": reason,
                     "changed_by": form.value(row, "changed_by"), "date": form.value(row, "date"),
                     "change_type": form.value(row, "change_type"),
                     "original": old, "new": new, "pages": list(row.pages)})
        kwargs = {"document_date": doc_date, "frequent": frequent, "styles": styles, "running_text": False}
        for column in other_columns:
            for finding in _cell_findings(row.cells[column], settings, frequent=frequent, checker=checker):
                finding.row, finding.column, finding.field, finding.page = row.index, column, form.fields[column], page
                findings.append(_cap(finding, "introduced"))
        if not paired:  # a form without both text columns: check the text there is, no diff rules
            for name, text in (("original", old), ("new", new)):
                if name in form.fields:
                    for finding in _text_findings(text, settings, checker=checker, **kwargs):
                        finding.row, finding.field, finding.page = row.index, name, page
                        finding.column = column_of[name]
                        findings.append(_cap(finding, "introduced"))
            continue
        old_found = [] if config.is_empty(old) else _text_findings(old, settings, checker=None, **kwargs)
        new_found = _text_findings(new, settings, checker=checker, **kwargs)
        old_keys = {_key(f) for f in old_found}
        new_keys = {_key(f) for f in new_found}
        for finding in new_found:
            status = "kept" if _key(finding) in old_keys else "introduced"
            if status == "kept":
                finding.message += " (also in the original text)"
            finding.row, finding.field, finding.column, finding.page = row.index, "new", column_of["new"], page
            findings.append(_cap(finding, status))
        for finding in old_found:
            if _key(finding) in new_keys:
                continue
            finding.row, finding.field, finding.column, finding.page = row.index, "original", column_of["original"], page
            finding.message += " (fixed in the new text)"
            findings.append(_cap(finding, "fixed"))
        row_found: list[Finding] = []
        if settings.enabled(changes.NO_OP):
            no_op = changes.check_no_op(old, new, config=config, reason=stated)
            if no_op:
                if stated:
                    no_op.message += f" (stated reason: '{' '.join(stated.split())}')"
                row_found.append(no_op)
        if settings.enabled(changes.REASON):
            row_found += changes.check_reason(old, new, expand_code(reason, legend), config=config,
                                              is_drug=speller.is_drug_shaped, change_type=change_type)
        if settings.enabled(changes.NUMERIC):
            row_found += changes.check_numeric(old, new, config=config)
        for finding in row_found:
            finding.row, finding.page = row.index, page
            if finding.field == "reason" and not reason:
                finding.field = "change_type"  # the stated reason was the change type alone
            finding.column = column_of.get(finding.field) if finding.field else None
        findings += row_found
    if settings.enabled(dates.RULE):
        found = dates.check([form.value(row, "date") for row in form.rows], today=today, metadata=form.metadata,
                            outlier_months=settings.row_date_outlier_months)
        for finding in found:
            finding.row = form.rows[finding.row].index  # type: ignore[index]
            finding.page = form.rows[finding.row].pages[0] if form.rows[finding.row].pages else None
        findings += found
    if settings.enabled(abbreviations.RULE):
        findings += _form_abbreviations(form, news)
    for finding in findings:
        if finding.column is None and finding.field in column_of:
            finding.column = column_of[finding.field]
    _apply_severities(findings, settings)
    findings.sort(key=Finding.sort_key)
    return QAResult(source=form.source, kind="changeform", findings=findings, rows=rows)


def _apply_severities(findings: list[Finding], settings: QASettings) -> None:
    """Give each finding the severity a project's configuration sets for its rule (``[qa.severity]``)."""
    for finding in findings:
        finding.severity = settings.severity.get(finding.rule, finding.severity)


def _stated_reason(reason: str | None, change_type: str | None) -> str | None:
    """What a row says about its change: the reason, and the change type when the form has one."""
    parts = [" ".join(text.split()) for text in (reason, change_type) if text and text.strip()]
    return "; ".join(parts) if parts else reason


def _cell_findings(text: str, settings: QASettings, *, frequent: list[str],
                   checker: links.LinkChecker | None) -> list[Finding]:
    """Findings in a cell outside the original and new text: spelling, repeated words, links, and
    (as ``info``) names of defunct bodies.

    A short cell (a label: heading, team, status) is spell-checked as a label, its capitalised
    words not taken for proper names (:func:`spelling.check`).
    """
    found: list[Finding] = []
    if not text.strip():
        return found
    if settings.enabled(spelling.RULE):
        found += spelling.check(text, frequent=frequent, min_length=settings.spelling_min_length,
                                label=len(text.split()) <= LABEL_WORDS,
                                speller=spelling.project_speller(settings.extra_words))
    if settings.enabled(repeated.RULE):
        found += repeated.check(text)
    if links.RULE in settings.rules:
        found += links.malformed(text)
    if checker is not None and settings.enabled(links.RULE):
        found += links.check(text, checker)
    if settings.enabled(stale.RULE):
        # A reason or note that names a defunct body records history ("after the NPSA alert"): the
        # editor sees it (info), but it is no error in the policy's wording.
        for finding in stale.check(text, registry=stale.merged_registry(settings.stale_registry)):
            finding.severity = "info"
            found.append(finding)
    return found


def _role_findings(form: ChangeForm) -> list[Finding]:
    """``column-roles`` warnings: what the reader guessed about the form's columns, or could not tell."""
    notes = form.roles.notes if form.roles is not None else [(None, text) for text in form.warnings]
    out = []
    for column, message in notes:
        header = form.columns[column] if column is not None and column < len(form.columns) else ""
        out.append(Finding(ROLES_RULE, "warning", message, text=header, column=column,
                           field=form.fields[column] if column is not None else None))
    return out


def _form_abbreviations(form: ChangeForm, news: list[str]) -> list[Finding]:
    """Abbreviations defined two different ways in the new texts, within one cell or across rows."""
    first: dict[str, tuple[int, abbreviations.Definition]] = {}
    out: list[Finding] = []
    for position, text in enumerate(news):
        for definition in abbreviations.definitions(text):
            seen = first.get(definition.short)
            if seen is None:
                first[definition.short] = (position, definition)
            elif not abbreviations._same_long(seen[1].long, definition.long):
                row = form.rows[position]
                where = "earlier in this text" if seen[0] == position else f"in row {form.rows[seen[0]].index}"
                out.append(Finding(abbreviations.RULE, "warning",
                                   f"'{definition.short}' is defined as '{definition.long}' here but as "
                                   f"'{seen[1].long}' {where}",
                                   text=f"{definition.long} ({definition.short})", suggestion=seen[1].long,
                                   row=row.index, field="new", page=row.pages[0] if row.pages else None,
                                   start=definition.start, end=definition.short_start + len(definition.short) + 1))
    return out


def check_document(document: Document, *, settings: QASettings | dict[str, Any] | None = None,
                   checker: links.LinkChecker | None = None) -> QAResult:
    """Check a document's running text.

    Args:
        document: The document.
        settings: QA settings.
        checker: A link checker to share between documents.

    Returns:
        The findings (offsets into ``document.text``, pages from ``page_at``).
    """
    settings = QASettings.resolve(settings)
    checker = checker or _checker(settings)
    text = document.text
    _prefetch(checker, settings, [text])
    doc_date = text_date(text, settings.today)
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    found = _text_findings(text, settings, document_date=doc_date, frequent=_frequent(paragraphs),
                           styles=units.document_styles([text]), checker=checker, running_text=True)
    for finding in found:
        finding.page = document.page_at(finding.start) if finding.start is not None else None
    _apply_severities(found, settings)
    found.sort(key=Finding.sort_key)
    return QAResult(source=document.source, kind="document", findings=found, text=text)


def check_path(path: str | os.PathLike[str], *, password: str | None = None, check_links: bool = False,
               settings: QASettings | dict[str, Any] | None = None,
               checker: links.LinkChecker | None = None) -> QAResult:
    """Read ``path`` as a change form, or as a document when it holds no change table, and check it.

    Args:
        path: The file (PDF, DOCX, text/HTML export).
        password: Password of an encrypted PDF.
        check_links: Fetch every URL (overrides the settings' ``check_links`` when True).
        settings: QA settings.
        checker: A link checker to share between files.

    Raises:
        InputError: The file cannot be read.
    """
    from extractor.changeform import read_changeform
    from extractor.readers import read_document

    settings = QASettings.resolve(settings)
    if check_links and not settings.check_links:
        settings = QASettings(**{**settings.__dict__, "check_links": True})
    try:
        form = read_changeform(path, password=password)
    except NotAChangeForm:
        form = None
    except ModuleNotFoundError as exc:  # a change-table reader for this format is not installed
        if not (exc.name or "").startswith("extractor."):
            raise
        form = None
    if form is not None and form.rows:
        return check_changeform(form, settings=settings, checker=checker)
    document = read_document(path, password=password)
    return check_document(document, settings=settings, checker=checker)



__all__ = ["check_changeform", "check_document", "check_path", "form_date", "severity_table", "text_date"]
