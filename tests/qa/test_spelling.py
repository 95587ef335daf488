"""Spelling: typos of known words are found with a suggestion; rare medical terms are not flagged."""

from __future__ import annotations

import pytest

from extractor.errors import ConfigError
from extractor.qa.rules import spelling


def flagged(text: str) -> dict[str, str]:
    return {f.text: f.suggestion for f in spelling.check(text)}


def test_spelling_finds_long_medical_typo_with_suggestion():
    found = flagged("In patients developing hypogammaglobinaemia associated with B-cell aplasia.")
    assert found == {"hypogammaglobinaemia": "hypogammaglobulinaemia"}


@pytest.mark.parametrize("word", ["trough", "scleromyxedema", "ganglionopathy", "dysautonomia", "eculizumab",
                                  "polyradiculoneuropathy", "syncopal", "mofetil", "haematopoietic", "necrolysis",
                                  "foliaceus", "obliterans", "alveolitis", "neutropaenia", "burosumab"])
def test_spelling_leaves_rare_and_medical_words_alone(word):
    assert flagged(f"The {word} was noted in the review.") == {}


def test_spelling_ignores_names_abbreviations_compounds_and_caps():
    text = ("Pavord and Hunt used the Rasch-built overall disability scale with anti-PF4 and CD20 depleting agents, "
            "IVIg, SCIg, bi-specific chemo-immunotherapy and the MRC sum score; see https://www.nice.org.uk/guidance/ng200. "
            "FOLLOW THE GUIDANCE.")
    assert flagged(text) == {}


def test_spelling_finds_common_typos():
    found = flagged("We recieve the pateint and it occured seperately after an improvment.")
    assert found == {"recieve": "receive", "pateint": "patient", "occured": "occurred", "seperately": "separately",
                     "improvment": "improvement"}


def test_spelling_checks_drug_names_against_the_lexicon_even_when_capitalised():
    assert flagged("Treatment with Rituxamab was started.") == {"Rituxamab": "Rituximab"}
    assert flagged("Treatment with Zanidatamab was started.") == {}  # unknown drug, far from known ones


def test_spelling_uses_frequent_document_words_as_candidates():
    text = "The zorbulin level was low."
    assert spelling.check(text) == []
    found = spelling.check("The zorbulen level was low.", frequent=["zorbulin"])
    assert [(f.text, f.suggestion) for f in found] == [("zorbulen", "zorbulin")]


def test_spelling_offsets_point_at_the_word():
    text = "Use of Ig in hypogammaglobinaemia."
    (finding,) = spelling.check(text)
    assert text[finding.start:finding.end] == "hypogammaglobinaemia"


def test_spelling_config_rejects_unknown_keys():
    with pytest.raises(ConfigError, match="unknown keys"):
        spelling.SpellingConfig.from_dict({"max_edits": [], "known_zipf": 3, "min_zipf_gap": 1, "min_candidate_zipf": 2,
                                           "derivational_suffixes": [], "drug_suffixes": [], "us_variants": [],
                                           "colour": "red"})


def test_spelling_prefers_the_more_frequent_of_equally_close_words():
    assert flagged("Scans are done every year to asess nephrocalcinosis.") == {"asess": "assess"}


def test_spelling_finds_misspelt_drug_names_and_dropped_final_letters():
    found = flagged("Patients received ritiximab, eculizimab, prednisalone and methotrexat.")
    assert found == {"ritiximab": "rituximab", "eculizimab": "eculizumab", "prednisalone": "prednisolone",
                     "methotrexat": "methotrexate"}


def test_spelling_accepts_attested_latin_terms_near_english_words():
    assert flagged("Neuromyelitis optica and bronchiolitis obliterans were excluded.") == {}


def test_words_split_over_two_lines_are_not_typos():
    assert flagged("Policy approved for routine commissionin\ng by the board.") == {}


def test_a_letter_slipped_into_an_ending_is_a_typo_not_a_derivation():
    assert flagged("Observe for anaphylaxsis after the dose.") == {"anaphylaxsis": "anaphylaxis"}
