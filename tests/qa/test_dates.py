"""Change dates: unreadable, future, before publication, outliers."""

from __future__ import annotations

import datetime as dt

from extractor.qa.rules import dates

TODAY = dt.date(2025, 6, 1)


def rows_flagged(values, **kwargs):
    return {f.row: f.message for f in dates.check(values, today=TODAY, **kwargs)}


def test_future_unreadable_early_and_outlying_dates_are_found():
    values = ["2025-01", "2025-02", "2024-11", "2027-03", "soon", "2019-05", "2025-01-15", "2024-12"]
    flagged = rows_flagged(values, metadata={"title": "Clinical commissioning policy (2024)"})
    assert set(flagged) == {3, 4, 5}
    assert "future" in flagged[3] and "cannot be read" in flagged[4] and "publication year" in flagged[5]


def test_outlier_without_publication_year():
    values = ["2025-01", "2025-02", "2024-12", "2025-03", "2021-06"]
    assert set(rows_flagged(values)) == {4}


def test_consistent_dates_raise_nothing():
    assert rows_flagged(["2024-09", "2024-12", "2025-02", "2025-01", "2023-09"],
                        metadata={"product_name": "policy (2024)"}) == {}
