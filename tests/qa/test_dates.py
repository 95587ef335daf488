"""Change dates: unreadable, future, before publication, outliers."""

from __future__ import annotations

import datetime as dt

import pytest

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


@pytest.mark.parametrize(("text", "written", "why"), [
    ("The next review is due on 31 June 2027.", "31 June 2027", "June has 30 days"),
    ("Stock counts are taken on the 30th of February each year.", "30th of February", "February has 29 days"),
    ("Approved at the meeting of February 29, 2027.", "February 29, 2027", "2027 is not a leap year"),
    ("Signed off 31/11/2025 by the chair.", "31/11/2025", "November has 30 days"),
    ("Effective from 2026-04-31.", "2026-04-31", "April has 30 days"),
])
def test_impossible_dates_in_running_text_are_found(text, written, why):
    (finding,) = dates.check_text(text)
    assert (finding.text, finding.severity, finding.rule) == (written, "error", "date-anomaly")
    assert text[finding.start:finding.end] == written and why in finding.message


def test_real_dates_counts_and_dates_inside_urls_are_not_anomalies():
    text = ("Published 29 February 2024, reviewed 30 April 2025 and on 12/31/2025; 40 March-born infants; "
            "it may 31 times; see https://example.org/2025/02/30/minutes and section 2.30.2025.")
    assert dates.check_text(text) == []


def test_impossible_date_in_a_document_and_in_a_change_form_cell_is_reported():
    from extractor.changeform.model import build_changeform
    from extractor.document import Document
    from extractor.qa import check_changeform, check_document

    text = "Local protocol\n\nThis protocol takes effect on 31 September 2026 for all adult wards."
    doc = check_document(Document.from_page_texts("protocol.txt", "text", [text]), settings={"today": TODAY})
    assert [(f.rule, f.text, text[f.start:f.end]) for f in doc.findings if f.rule == "date-anomaly"] == [
        ("date-anomaly", "31 September 2026", "31 September 2026")]

    form = build_changeform("f.txt", "text", 1, ["Old", "New", "Reason", "Date"], ["original", "new", "reason", "date"],
                            [(["Audit by 31 April 2025.", "Audit by 30 April 2025.", "Date corrected", "2025-01"], [1]),
                             (["Start on 1 March.", "Start on 30 February.", "Start date moved", "2025-01"], [1])])
    result = check_changeform(form, settings={"today": TODAY, "rules": ("date-anomaly",)})
    assert [(f.row, f.field, f.text, f.severity) for f in result.findings] == [
        (0, "original", "31 April 2025", "info"), (1, "new", "30 February", "error")]
