"""Abbreviation definitions and issues; references (NICE ids, URLs, organisations, guidance)."""

from __future__ import annotations

import pytest

import extractor.nlp as nlp_api
from extractor.nlp.references import find_references


@pytest.fixture(scope="module")
def seed_doc(seed_export):
    return nlp_api.load()(seed_export.read_text(encoding="utf-8"))


def test_definitions_from_the_seed(seed_doc) -> None:
    pairs = {(d["short"], d["long"]) for d in seed_doc._.abbreviation_definitions}
    assert ("HNIG", "human normal Ig") in pairs
    assert ("PLEX", "plasma exchange") in pairs
    assert all(d["kind"] == "definition" for d in seed_doc._.abbreviation_definitions)


def test_short_form_defined_two_ways_is_conflicting(seed_doc) -> None:
    issues = nlp_api.abbreviation_issues(seed_doc)
    vitt = [c for c in issues["conflicting"] if c["short"] == "VITT"]
    assert vitt and len({" ".join(x.split()) for x in vitt[0]["longs"]}) == 2


def test_use_never_defined_is_listed_once_with_first_offset() -> None:
    doc = nlp_api.load()("Intravenous immunoglobulin (IVIg) is first line. PLEX is an alternative; PLEX needs access.")
    issues = nlp_api.abbreviation_issues(doc)
    undefined = {u["short"]: u for u in issues["undefined"]}
    assert "IVIg" not in undefined
    assert undefined["PLEX"]["count"] == 2 and doc.text[undefined["PLEX"]["start"]:].startswith("PLEX")


def test_short_form_before_its_long_form_in_brackets() -> None:
    doc = nlp_api.load()("Treat VITT (vaccine-induced immune thrombocytopenia and thrombosis) urgently.")
    assert doc._.abbreviation_definitions[0]["short"] == "VITT"


def test_references_in_the_seed(seed_export) -> None:
    refs = find_references(seed_export.read_text(encoding="utf-8"))
    ids = {r["id"] for r in refs if r["kind"] == "nice_id"}
    assert ids == {"NG200", "TA460"}
    assert any(r["kind"] == "url" and "gov.uk/government/publications" in r["url"] for r in refs)
    orgs = {r["name"] for r in refs if r["kind"] == "organisation"}
    assert {"NICE", "UKHSA", "NHS England", "Public Health England"} <= orgs
    guidance = {(r["title"], r["year"]) for r in refs if r["kind"] == "guidance"}
    assert ("National measles guidelines", 2024) in guidance


def test_nice_word_in_lower_case_is_not_an_organisation() -> None:
    assert find_references("It would be nice to have a TA-free day in 2020.") == []


def test_long_forms_differing_only_by_a_contraction_do_not_conflict() -> None:
    doc = nlp_api.load()("Give intravenous immunoglobulin (IVIg). Later, intravenous Ig (IVIg) was repeated. "
                         "Codes such as FIX-IG-001 are not abbreviations.")
    issues = nlp_api.abbreviation_issues(doc)
    assert issues["conflicting"] == []
    assert "FIX-IG-001" not in {u["short"] for u in issues["undefined"]}
