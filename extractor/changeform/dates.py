"""Change-form dates ("January 2025", "03/02/2025", "2025-02") to ISO text, with dateparser."""

from __future__ import annotations

from functools import lru_cache

from dateparser.date import DateDataParser

_SETTINGS = {"DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["month", "year"],
             "PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}


@lru_cache(maxsize=1)
def _parser() -> DateDataParser:
    return DateDataParser(languages=["en"], settings=_SETTINGS)


@lru_cache(maxsize=4096)
def iso_date(text: str) -> str:
    """Return ``YYYY-MM-DD`` when a day is given, ``YYYY-MM`` for a month, else ``text`` unchanged.

    UK order (day first) is assumed for numeric dates. A text that names no month and year
    (a bare year, "TBC", empty) is returned as written.

    Args:
        text: The date as written in the form.

    Returns:
        The ISO date, or the text as written.
    """
    cleaned = " ".join(text.split())
    if not cleaned or not any(ch.isdigit() for ch in cleaned):
        return text
    data = _parser().get_date_data(cleaned)
    if data.date_obj is None:
        return text
    if data.period == "day":
        return data.date_obj.strftime("%Y-%m-%d")
    if data.period == "month":
        return data.date_obj.strftime("%Y-%m")
    return text
