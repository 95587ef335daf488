"""Findings and results: the contract's shape for what a QA rule reports."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

#: Severities from most to least serious; ``--fail-on`` compares with this order.
SEVERITIES = ("error", "warning", "info")
_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}


def severity_rank(severity: str) -> int:
    """Return 0 for ``error``, 1 for ``warning``, 2 for ``info`` (lower is more serious).

    Raises:
        ValueError: ``severity`` is not one of :data:`SEVERITIES`.
    """
    try:
        return _RANK[severity]
    except KeyError:
        raise ValueError(f"unknown severity {severity!r}; expected one of {list(SEVERITIES)}") from None


def at_least(severity: str, threshold: str) -> bool:
    """Whether ``severity`` is as serious as ``threshold`` or more."""
    return severity_rank(severity) <= severity_rank(threshold)


@dataclass
class Finding:
    """One problem found by a QA rule.

    Attributes:
        rule: Stable rule id (``spelling``, ``repeated-word`` ...).
        severity: ``error``, ``warning`` or ``info``.
        message: One sentence for a person.
        text: The offending text as written.
        suggestion: A replacement, or None.
        row: 0-based change-form row, or None for running text.
        field: Canonical change-form field (``original``, ``new`` ...), or None.
        column: 0-based change-form column the finding is in, or None (running text, whole row).
        page: 1-based page, or None when unknown.
        start: Offset of ``text`` in the field's text (change forms) or the document text.
        end: Offset one past the end of ``text``.
        extra: Rule-specific keys added to the JSON object (``old``/``new`` for numeric changes).
    """

    rule: str
    severity: str
    message: str
    text: str = ""
    suggestion: str | None = None
    row: int | None = None
    field: str | None = None
    column: int | None = None
    page: int | None = None
    start: int | None = None
    end: int | None = None
    extra: dict[str, Any] = dataclasses.field(default_factory=dict)

    def __post_init__(self) -> None:
        severity_rank(self.severity)

    def to_dict(self) -> dict[str, Any]:
        """Return the contract's JSON object (extra keys after the contract's ones)."""
        record: dict[str, Any] = {"rule": self.rule, "severity": self.severity, "message": self.message,
                                  "text": self.text, "suggestion": self.suggestion, "row": self.row,
                                  "field": self.field, "page": self.page, "start": self.start, "end": self.end,
                                  "column": self.column}
        for key, value in self.extra.items():
            record.setdefault(key, value)
        return record

    def sort_key(self) -> tuple[Any, ...]:
        """Order by row, field, position, then severity."""
        return (self.row if self.row is not None else -1, self.column if self.column is not None else -1,
                self.field or "",
                self.start if self.start is not None else -1, severity_rank(self.severity), self.rule)


@dataclass
class QAResult:
    """The findings for one input.

    Attributes:
        source: The path checked.
        kind: ``"changeform"`` or ``"document"``.
        findings: What was found, in reading order.
        rows: For change forms, per-row data the reports show (index, original, new, section,
            reason, date); empty for documents.
        text: For documents, the checked text (reports quote it); not in :meth:`to_dict`.
    """

    source: str
    kind: str
    findings: list[Finding] = dataclasses.field(default_factory=list)
    rows: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    text: str = ""

    def to_dict(self, *, include_rows: bool = False) -> dict[str, Any]:
        """Return the contract's JSON object; with ``include_rows``, also ``rows`` (per-row data for reports)."""
        record: dict[str, Any] = {"source": self.source, "kind": self.kind,
                                  "findings": [finding.to_dict() for finding in self.findings]}
        if include_rows and self.rows:
            record["rows"] = self.rows
        return record

    def worst(self) -> str | None:
        """The most serious severity among the findings, or None when there are none."""
        if not self.findings:
            return None
        return min((finding.severity for finding in self.findings), key=severity_rank)


__all__ = ["SEVERITIES", "Finding", "QAResult", "at_least", "severity_rank"]
