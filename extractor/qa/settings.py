"""QA settings: one dataclass with named defaults, resolved from None, a dict or an instance."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from extractor.errors import UsageError

#: Every rule the engine knows, in the order reports list them.
RULES = ("spelling", "repeated-word", "stale-reference", "broken-link", "no-op-change", "reason-mismatch",
         "numeric-change", "date-anomaly", "unit-style", "abbreviation", "column-roles")


@dataclass
class QASettings:
    """How the QA engine runs.

    Attributes:
        rules: Rule ids to run (broken-link reports malformed addresses offline; fetching URLs
            also needs ``check_links``).
        check_links: Fetch every URL (network); off by default.
        link_timeout: Seconds per request.
        link_concurrency: Most requests in flight at once.
        link_cache: Optional JSON file caching link results across runs.
        max_reference_age_years: A cited guidance older than this (relative to the document's
            date) is reported as possibly out of date.
        today: The date "future" is judged against (today by default).
        row_date_outlier_months: A change-form row dated this many months away from the median
            of the other rows is an anomaly.
        spelling_min_length: Words shorter than this are not spell-checked.
        severity: Rule id to the severity its findings are given (a project's configuration).
        extra_words: Words the spelling rule takes as known, lower case (a project's word list).
        stale_registry: A stale-reference registry (YAML, the packaged schema) merged with the packaged one.
    """

    rules: tuple[str, ...] = RULES
    check_links: bool = False
    link_timeout: float = 10.0
    link_concurrency: int = 8
    link_cache: str | None = None
    max_reference_age_years: float = 5.0
    today: dt.date = field(default_factory=dt.date.today)
    row_date_outlier_months: int = 24
    spelling_min_length: int = 4
    severity: dict[str, str] = field(default_factory=dict)
    extra_words: frozenset[str] = frozenset()
    stale_registry: str | None = None

    @classmethod
    def resolve(cls, value: QASettings | dict[str, Any] | None) -> QASettings:
        """Return settings from None (defaults), a dict of fields, or an instance.

        Raises:
            UsageError: Unknown keys or rule ids.
        """
        if value is None:
            return cls()
        if isinstance(value, cls):
            return value
        if not isinstance(value, dict):
            raise UsageError(f"QA settings must be a dict or QASettings, not {type(value).__name__}")
        names = {f.name for f in dataclasses.fields(cls)}
        unknown = set(value) - names
        if unknown:
            raise UsageError(f"unknown QA settings {sorted(unknown)}; allowed: {sorted(names)}")
        settings = cls(**value)
        bad = set(settings.rules) - set(RULES)
        if bad:
            raise UsageError(f"unknown QA rules {sorted(bad)}; known: {list(RULES)}")
        return settings

    def enabled(self, rule: str) -> bool:
        """Whether ``rule`` runs (broken-link's requests only when ``check_links`` is set)."""
        if rule == "broken-link":
            return self.check_links and rule in self.rules
        return rule in self.rules


__all__ = ["RULES", "QASettings"]
