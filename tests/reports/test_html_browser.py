"""The HTML report in real headless Chromium: it opens, lists findings, and the filters work."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from extractor.qa import check_path
from extractor.reports import render

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="needs Debian's chromium at /usr/bin/chromium")]


@pytest.fixture(scope="module")
def report(seed_export, tmp_path_factory) -> tuple[Path, dict]:
    record = check_path(seed_export, settings={"today": dt.date(2026, 1, 15)}).to_dict(include_rows=True)
    path = tmp_path_factory.mktemp("html") / "qa.html"
    path.write_text(render([record], "html"), encoding="utf-8")
    return path, record


def test_html_is_self_contained(report):
    html = report[0].read_text(encoding="utf-8")
    assert "<style>" in html and "<script>" in html
    for external in ('src="http', "href=\"http", '<link rel="stylesheet"', "src=\"//"):
        assert external not in html


def test_html_report_in_chromium_lists_findings_and_filters(report, root):
    from playwright.sync_api import sync_playwright

    path, record = report
    total = len(record["findings"])
    errors_and_warnings = sum(f["severity"] in ("error", "warning") for f in record["findings"])
    spelling = sum(f["rule"] == "spelling" for f in record["findings"])
    artifacts = root / "tests" / "artifacts"
    artifacts.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1300, "height": 1800})
            page.goto(path.as_uri())
            rows = page.locator("#findings-table tr.finding")
            assert rows.count() == total
            assert page.locator("#findings-table tr.finding:visible").count() == total
            assert page.locator("[data-severity-count=warning] b").inner_text() == str(
                sum(f["severity"] == "warning" for f in record["findings"]))
            # the misspelling is highlighted inside row 3's diff
            mark = page.locator("#row-0-3 mark.hl")
            assert mark.first.inner_text() == "hypogammaglobinaemia"
            assert page.locator("#row-0-14 del.diff-del").count() >= 1
            page.select_option("#filter-severity", "error,warning")
            assert page.locator("#findings-table tr.finding:visible").count() == errors_and_warnings
            page.select_option("#filter-severity", "")
            page.select_option("#filter-rule", "spelling")
            assert page.locator("#findings-table tr.finding:visible").count() == spelling
            assert page.locator("#shown").inner_text() == f"{spelling} shown"
            page.select_option("#filter-rule", "")
            page.screenshot(path=str(artifacts / "qa_report.png"), full_page=False)
        finally:
            browser.close()
    assert (artifacts / "qa_report.png").stat().st_size > 10_000
