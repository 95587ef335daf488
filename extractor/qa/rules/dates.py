"""``date-anomaly``: change dates that cannot be read, lie in the future, predate the policy,
or stand far from the other rows' dates.

Dates come from the change form's ``date`` field, already parsed by
``extractor.changeform.dates.iso_date`` (dateparser); a non-empty date that is not ISO
afterwards could not be read.
"""

from __future__ import annotations

import datetime as dt
import re
import statistics
from collections.abc import Mapping, Sequence

from extractor.qa.finding import Finding

RULE = "date-anomaly"
_ISO = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
_YEAR = re.compile(r"\((?:[A-Za-z]+\s+)?((?:19|20)\d{2})\)|\b((?:19|20)\d{2})\b")
#: Metadata labels that carry the policy's own title or date, most telling first.
_TITLE_KEYS = ("publication_date", "published", "date_published", "product_name", "policy", "title")


def parse_iso(text: str | None) -> dt.date | None:
    """``YYYY-MM`` or ``YYYY-MM-DD`` to a date (the 1st for a month), else None."""
    match = _ISO.match((text or "").strip())
    if not match:
        return None
    year, month, day = int(match.group(1)), int(match.group(2)), int(match.group(3) or 1)
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def publication_year(metadata: Mapping[str, str]) -> int | None:
    """The policy's publication year from the form's title lines ("... England (2024)"), or None."""
    for key in _TITLE_KEYS:
        value = metadata.get(key) or ""
        years = [int(a or b) for a, b in _YEAR.findall(value)]
        if years:
            return max(years)
    return None


def _months(a: dt.date, b: dt.date) -> int:
    return (a.year - b.year) * 12 + (a.month - b.month)


def check(dates: Sequence[str | None], *, today: dt.date, metadata: Mapping[str, str] | None = None,
          outlier_months: int = 24, grace_months: int = 12) -> list[Finding]:
    """Return date-anomaly findings for a form's row dates (``row`` set, ``field`` = ``date``).

    Args:
        dates: Each row's date as the form gives it (ISO when it could be parsed).
        today: The date "future" is judged against.
        metadata: The form's labelled preamble (title, product name) for the publication year.
        outlier_months: A date this far from the median of the other rows is an outlier.
        grace_months: Changes may predate the publication year by this much (drafting).
    """
    findings: list[Finding] = []
    parsed = [parse_iso(d) for d in dates]
    pub_year = publication_year(metadata or {})
    for row, (raw, date) in enumerate(zip(dates, parsed, strict=True)):
        text = (raw or "").strip()
        if not text:
            continue
        if date is None:
            findings.append(Finding(RULE, "warning", f"the change date '{text}' cannot be read as a date",
                                    text=text, row=row, field="date"))
            continue
        if date > today:
            findings.append(Finding(RULE, "error", f"the change date {text} is in the future (today is {today:%Y-%m-%d})",
                                    text=text, row=row, field="date"))
            continue
        if pub_year and _months(date, dt.date(pub_year, 1, 1)) < -grace_months:
            findings.append(Finding(RULE, "warning",
                                    f"the change date {text} is before the policy's publication year ({pub_year})",
                                    text=text, row=row, field="date"))
            continue
        others = [d for i, d in enumerate(parsed) if d is not None and i != row]
        if len(others) >= 3:
            median = sorted(others)[len(others) // 2]
            gap = _months(date, median)
            spread = statistics.pstdev([_months(d, median) for d in others]) if len(others) > 1 else 0.0
            if abs(gap) > max(outlier_months, 3 * spread):
                findings.append(Finding(RULE, "warning",
                                        f"the change date {text} is {abs(gap)} months from the other rows' "
                                        f"(median {median:%Y-%m})", text=text, row=row, field="date"))
    return findings


__all__ = ["RULE", "check", "parse_iso", "publication_year"]
