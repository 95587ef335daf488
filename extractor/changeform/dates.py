"""Change-form dates ("January 2025", "03/02/2025", "2025-02") to ISO text, with dateparser."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from dateparser.date import DateDataParser

_SETTINGS = {"DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["month", "year"],
             "PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_MONTH_NUMBERS = {**{name: number for number, name in enumerate(_MONTHS, start=1)},
                  **{name[:3]: number for number, name in enumerate(_MONTHS, start=1)}}
_DAY_FIRST = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_ISO_MONTH = re.compile(r"(\d{4})-(\d{2})")
_NAMED_DAY = re.compile(r"(\d{1,2}) ([A-Z][a-z]{2,8}) (\d{4})")
_NAMED_MONTH = re.compile(r"([A-Z][a-z]{2,8}) (\d{4})")
#: Years the plain styles are read in without dateparser (where they were checked against it).
_PLAIN_YEARS = range(1900, 2100)


def _plain_date(cleaned: str) -> str | None:
    """The ISO form of a date in one of the common plain styles, or None to leave it to dateparser.

    "03/02/2025", "2025-02-03", "2025-02", "3 Feb 2025", "3 February 2025", "February 2025" and
    "Feb 2025", for a real calendar date in 1900-2099, read as dateparser reads them with this
    module's settings (checked for every day of those years in each style); anything else,
    including an impossible date, is for dateparser. dateparser takes about half a millisecond
    per date.
    """
    year = month = day = None
    if (match := _DAY_FIRST.fullmatch(cleaned)) is not None:
        day, month, year = int(match.group(1)), int(match.group(2)), int(match.group(3))
    elif (match := _ISO_DAY.fullmatch(cleaned)) is not None:
        year, month, day = int(match.group(1)), int(match.group(2)), int(match.group(3))
    elif (match := _ISO_MONTH.fullmatch(cleaned)) is not None:
        year, month = int(match.group(1)), int(match.group(2))
    elif (match := _NAMED_DAY.fullmatch(cleaned)) is not None:
        day, month, year = int(match.group(1)), _MONTH_NUMBERS.get(match.group(2)), int(match.group(3))
    elif (match := _NAMED_MONTH.fullmatch(cleaned)) is not None:
        month, year = _MONTH_NUMBERS.get(match.group(1)), int(match.group(2))
    if year not in _PLAIN_YEARS or month is None:
        return None
    try:
        date = dt.date(year, month, 1 if day is None else day)
    except ValueError:
        return None
    return f"{date:%Y-%m-%d}" if day is not None else f"{date:%Y-%m}"


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
    plain = _plain_date(cleaned)
    if plain is not None:
        return plain
    data = _parser().get_date_data(cleaned)
    if data.date_obj is None:
        return text
    if data.period == "day":
        return data.date_obj.strftime("%Y-%m-%d")
    if data.period == "month":
        return data.date_obj.strftime("%Y-%m")
    return text
