"""``date-anomaly``: change dates that cannot be read, lie in the future, predate the policy,
or stand far from the other rows' dates; and dates written anywhere in a text that cannot exist.

Dates come from the change form's ``date`` field, already parsed by
``extractor.changeform.dates.iso_date`` (dateparser); a non-empty date that is not ISO
afterwards could not be read. In running text and change-form cells (:func:`check_text`), a
written date ("31 September 2028", "30th February", "February 29, 2023", "31/04/2025",
"2025-02-30") whose day the month does not have is reported; a numeric date is impossible
only when it is impossible read day-first and month-first.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import statistics
from collections.abc import Mapping, Sequence

from extractor.qa.finding import Finding
from extractor.qa.text import url_spans

RULE = "date-anomaly"
_ISO = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
_YEAR = re.compile(r"\((?:[A-Za-z]+\s+)?((?:19|20)\d{2})\)|\b((?:19|20)\d{2})\b")
#: Metadata labels that carry the policy's own title or date, most telling first.
_TITLE_KEYS = ("publication_date", "published", "date_published", "product_name", "policy", "title")


_MONTH_NAMES = {name: number for number, name in enumerate(calendar.month_name) if name}
_MONTH_ABBREVIATIONS = {name: number for number, name in enumerate(calendar.month_abbr) if name} | {"Sept": 9}
_MONTH = ("(?:" + "|".join(sorted(_MONTH_NAMES, key=len, reverse=True)) + "|(?:"
          + "|".join(sorted(_MONTH_ABBREVIATIONS, key=len, reverse=True)) + r")\.?)")
_MONTH_NAMES |= _MONTH_ABBREVIATIONS
_ORDINAL = r"(?:st|nd|rd|th)"
_YEAR_4 = r"(?:1[89]|20|21)\d{2}"
#: "31 September 2028", "30th of February", "Sept 31st", "February 29, 2023", "31/04/2025", "2025-02-30".
_WRITTEN_DATE = re.compile(
    rf"\b(?P<d1>\d{{1,2}}){_ORDINAL}?\s+(?:of\s+)?(?P<m1>{_MONTH})(?![A-Za-z])(?:,?\s+(?P<y1>{_YEAR_4})\b)?"
    rf"|\b(?P<m2>{_MONTH})\s+(?P<d2>\d{{1,2}})(?:{_ORDINAL}(?:,?\s+(?P<y2a>{_YEAR_4})\b)?|,?\s+(?P<y2b>{_YEAR_4})\b)"
    rf"|(?<![\d/\-])(?<!\d\.)(?P<a>\d{{1,2}})(?P<sep>[/.\-])(?P<b>\d{{1,2}})(?P=sep)(?P<y3>{_YEAR_4})(?![\d/\-]|\.\d)"
    rf"|(?<![\d/\-])(?<!\d\.)(?P<y4>{_YEAR_4})-(?P<m4>\d{{2}})-(?P<d4>\d{{2}})(?![\d/\-]|\.\d)")


def _day_problem(day: int, month: int, year: int | None) -> str | None:
    """Why ``day`` cannot fall in ``month`` (of ``year``, or of any year when None), or None."""
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    if day < 1:
        return "there is no day 0"
    longest = calendar.monthrange(year or 2024, month)[1]  # 2024 is a leap year: 29 February may exist
    if day <= longest:
        return None
    name = calendar.month_name[month]
    if month == 2 and day == 29 and year is not None:
        return f"{year} is not a leap year"
    return f"{name} has {longest} days"


def check_text(text: str) -> list[Finding]:
    """Return date-anomaly findings (``error``) for dates written in ``text`` that cannot exist.

    Args:
        text: Running text or a change-form cell.

    Returns:
        Findings with offsets into ``text``; dates inside URLs are left alone.
    """
    urls = url_spans(text)
    findings: list[Finding] = []
    for match in _WRITTEN_DATE.finditer(text):
        if any(s <= match.start() < e for s, e in urls):
            continue
        if match.group("d1") or match.group("d2"):
            day = int(match.group("d1") or match.group("d2"))
            month = _MONTH_NAMES[(match.group("m1") or match.group("m2")).rstrip(".")]
            year_text = match.group("y1") or match.group("y2a") or match.group("y2b")
            year = int(year_text) if year_text else None
            if day > 31 and year is None:
                continue  # "40 March": a count before a word, not a date
            problem = _day_problem(day, month, year)
        elif match.group("a"):
            first, second, year = int(match.group("a")), int(match.group("b")), int(match.group("y3"))
            if match.group("sep") == "." and (len(match.group("a")) < 2 or len(match.group("b")) < 2):
                continue  # "2.31.2020": a version or section number, not a dotted date
            day_first, month_first = _day_problem(first, second, year), _day_problem(second, first, year)
            # impossible only when impossible both ways; name the problem of the reading whose month exists
            problem = (day_first if second <= 12 else month_first) if day_first and month_first else None
        else:
            problem = _day_problem(int(match.group("d4")), int(match.group("m4")), int(match.group("y4")))
        if problem:
            written = match.group()
            findings.append(Finding(RULE, "error", f"'{written}' is not a real date ({problem})", text=written,
                                    suggestion=None, start=match.start(), end=match.end()))
    return findings


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


__all__ = ["RULE", "check", "check_text", "parse_iso", "publication_year"]
