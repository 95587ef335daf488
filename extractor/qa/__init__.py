"""Editorial QA: typos, repeated words, stale references, links, units, abbreviations, and the
change-form checks (no-op changes, reasons that do not match the change, numeric changes,
date anomalies).

>>> result = check_path("corpora/samples/ig_changeform_export.txt")  # doctest: +SKIP
>>> [f.rule for f in result.findings]  # doctest: +SKIP
"""

from __future__ import annotations

from extractor.qa.engine import check_changeform, check_document, check_path
from extractor.qa.finding import SEVERITIES, Finding, QAResult, at_least, severity_rank
from extractor.qa.settings import RULES, QASettings

__all__ = [
           "RULES",
           "SEVERITIES",
           "Finding",
           "QAResult",
           "QASettings",
           "at_least",
           "check_changeform",
           "check_document",
           "check_path",
           "severity_rank",
]
