"""The evaluation HTML report in real headless Chromium: it opens, shows the tables, and the cause
filters narrow the error list."""

from __future__ import annotations

import os

import pytest

from extractor.cli import main

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not os.path.exists(CHROMIUM),
                                 reason="needs Debian's chromium at /usr/bin/chromium (never downloaded)")]


@pytest.fixture(scope="module")
def report(corpora, tmp_path_factory):
    toy = corpora / "gold" / "toy"
    path = tmp_path_factory.mktemp("evaluation") / "eval.html"
    assert main(["evaluate", "--gold", str(toy / "gold.jsonl"), "--pred", str(toy / "pred.jsonl"), "--baseline",
                 str(toy / "baseline.jsonl"), "--report", str(path), "--bootstrap", "100",
                 "-o", str(path.with_suffix(".txt"))]) == 0
    return path


def test_report_is_self_contained(report):
    html = report.read_text(encoding="utf-8")
    assert "<style>" in html and "<script>" in html
    for external in ('src="http', 'href="http', '<link rel="stylesheet"', 'src="//', "@import"):
        assert external not in html


def test_report_opens_in_chromium_and_filters_errors_by_cause(report, root):
    from playwright.sync_api import sync_playwright

    artifacts = root / "tests" / "artifacts"
    artifacts.mkdir(parents=True, exist_ok=True)
    shot = artifacts / "evaluation_report.png"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1600})
            page.goto(report.as_uri())
            assert page.title() == "Extraction evaluation"
            assert page.locator("h2", has_text="Span scores per label").count() == 1
            assert page.locator("#error-table tbody tr:visible").count() == 5
            assert page.locator("#error-count").inner_text() == "(5 shown)"
            page.click(".filters button[data-cause=boundary]")
            visible = page.locator("#error-table tbody tr:visible")
            assert visible.count() == 1
            assert visible.first.locator("mark").inner_text() == "serum IgG < 4 g/L"
            page.click(".filters button[data-cause=all]")
            page.fill("#error-search", "toy-3")
            assert page.locator("#error-table tbody tr:visible").count() == 1
            assert page.locator("#error-table tbody tr:visible td.cause").inner_text().lower() == "label"
            assert page.locator("#regression td.worse").count() == 4
            page.fill("#error-search", "")
            page.screenshot(path=str(shot), full_page=True)
        finally:
            browser.close()
    assert shot.stat().st_size > 10_000
