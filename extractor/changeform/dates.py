"""Change-form dates ("January 2025", "03/02/2025", "2025-02") to ISO text, with dateparser."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from dateparser.date import DateDataParser

_SETTINGS = {"DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["month", "year"],
             "PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}


_NUMERIC = re.compile(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})\s*$")


@lru_cache(maxsize=2)
def _parser(order: str = "DMY") -> DateDataParser:
    return DateDataParser(languages=["en"], settings={**_SETTINGS, "DATE_ORDER": order})


def date_order(texts: Iterable[str | None]) -> str:
    """The order of a column's numeric dates: ``"MDY"`` when more of them can only be read month
    first ("03/14/2025") than day first ("14/03/2025"), else ``"DMY"`` (UK order).

    A form keeps one order, so the dates that can only be one way decide for the rest; a date
    written the other way is then no date of the form's (:func:`iso_date` leaves it as written).
    """
    day_first = month_first = 0
    for text in texts:
        match = _NUMERIC.match(text or "")
        if match:
            first, second = int(match.group(1)), int(match.group(2))
            day_first += first > 12 >= second
            month_first += second > 12 >= first
    return "MDY" if month_first > day_first else "DMY"


@lru_cache(maxsize=4096)
def iso_date(text: str, order: str = "DMY") -> str:
    """Return ``YYYY-MM-DD`` when a day is given, ``YYYY-MM`` for a month, else ``text`` unchanged.

    Numeric dates are read in ``order`` (UK order, day first, unless the form's dates say
    otherwise: :func:`date_order`). A text that names no month and year (a bare year, "TBC",
    empty) or no valid date in that order ("13/05/2026" month first) is returned as written.

    Args:
        text: The date as written in the form.
        order: ``"DMY"`` or ``"MDY"``.

    Returns:
        The ISO date, or the text as written.
    """
    cleaned = " ".join(text.split())
    if not cleaned or not any(ch.isdigit() for ch in cleaned):
        return text
    numeric = _NUMERIC.match(cleaned)
    if numeric and int(numeric.group(2 if order == "DMY" else 1)) > 12:
        return text  # no month 13: not a date in the form's order (dateparser would swap them)
    data = _parser(order).get_date_data(cleaned)
    if data.date_obj is None:
        return text
    if data.period == "day":
        return data.date_obj.strftime("%Y-%m-%d")
    if data.period == "month":
        return data.date_obj.strftime("%Y-%m")
    return text
