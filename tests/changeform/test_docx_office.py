"""Every Word change-form fixture in corpora/changeforms/ read exactly as its gold says."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor.changeform import read_changeform

CORPORA = Path(__file__).resolve().parents[2] / "corpora"
FIXTURES = sorted(p for p in (CORPORA / "changeforms").rglob("*.docx") if "__" in p.stem
                  and (CORPORA / "gold" / "changeform" / f"{p.stem.split('__')[0]}.json").exists())


def _gold(path: Path) -> dict:
    name = path.stem.split("__")[0]
    return json.loads((CORPORA / "gold" / "changeform" / f"{name}.json").read_text(encoding="utf-8"))


def test_docx_fixtures_cover_the_seed_and_three_variants():
    golds = {path.stem.split("__")[0] for path in FIXTURES}
    assert {"ig_changeform", "cf_tocilizumab_gca", "cf_cinacalcet_phpt", "cf_burosumab_xlh"} <= golds


@pytest.mark.parametrize("path", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_docx_fixture_rows_match_gold_exactly(path):
    gold = _gold(path)
    form = read_changeform(path)
    assert form.format == "docx"
    assert form.columns == gold["columns"]
    assert form.fields == gold["fields"]
    assert [row.cells for row in form.rows] == [row["cells"] for row in gold["rows"]]


@pytest.mark.parametrize("path", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_docx_fixture_metadata_is_read_from_text_before_the_table(path):
    gold = _gold(path)
    form = read_changeform(path)
    for key in ("title", "product_name"):
        assert form.metadata[key] == gold["metadata"][key]


def test_docx_section_break_starts_a_new_page_for_the_continued_table():
    path = CORPORA / "changeforms" / "office" / "cf_cinacalcet_phpt__split_sections_arial.docx"
    form = read_changeform(path)
    assert [row.pages for row in form.rows[7:9]] == [[1], [2]]
    assert form.pages == 2


def test_docx_variant_dates_parse_to_iso_days():
    form = read_changeform(CORPORA / "changeforms" / "office" / "cf_burosumab_xlh__portrait_grid_liberation_serif.docx")
    dates = [record["date"] for record in form.to_dict()["rows"]]
    assert dates[0] == "2025-02-03"
    assert dates[5] == "2024-03-12"
