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


def test_attested_medical_derivations_are_words_not_typos_of_common_words():
    text = ("After ileal resection, jejunal disease or a pruritic rash, thyroiditis, glossitis or a recent "
            "meniscectomy may explain the result.")
    assert flagged(text) == {}
    speller = spelling.default_speller()
    assert speller.medical_derivation("ileal") == "ileum" and speller.medical_derivation("glossitis") == "gloss"


def test_typos_of_common_words_are_not_excused_as_derivations():
    assert flagged("The artifical valve and the offical form arrived.") == {"artifical": "artificial",
                                                                            "offical": "official"}


def test_a_word_spelt_right_elsewhere_in_the_document_is_the_correction():
    # "sulfasalazine" is in the dictionary but too rare in English to be offered unprompted
    assert flagged("Give sulfasalazne daily.") == {}
    found = spelling.check("Give sulfasalazne daily.", frequent=["sulfasalazine"])
    assert [(f.text, f.suggestion) for f in found] == [("sulfasalazne", "sulfasalazine")]


def test_document_check_offers_a_correctly_spelt_word_used_once_elsewhere():
    from extractor.document import Document
    from extractor.qa import check_document

    text = ("Screening\n\nTest ferritin and transferrin saturation for haemochromatosis.\n\n"
            "Referral\n\nRefer confirmed haemochromatsis to hepatology.")
    result = check_document(Document.from_page_texts("iron.txt", "text", [text]), settings={"rules": ("spelling",)})
    assert [(f.text, f.suggestion) for f in result.findings] == [("haemochromatsis", "haemochromatosis")]


def test_drug_shaped_typos_are_checked_against_all_known_drug_names():
    assert flagged("Patients stop lansaprazole first.") == {"lansaprazole": "lansoprazole"}
    assert flagged("Patients stop Lansaprazole first.") == {"Lansaprazole": "Lansoprazole"}


def test_a_capitalised_word_one_edit_from_a_medical_word_is_a_typo_not_a_name():
    assert flagged("Patients treated with Tocilizumb weekly.") == {"Tocilizumb": "Tocilizumab"}
    assert flagged("Reviewed by Smyth and Pavord in Leeds.") == {}


def test_medical_derivations_config_rejects_unknown_keys():
    data = {"max_edits": [], "known_zipf": 3, "min_zipf_gap": 1, "min_candidate_zipf": 2,
            "derivational_suffixes": [], "drug_suffixes": [], "us_variants": [],
            "medical_derivations": {"min_zipf": 1, "suffixes": []}}
    with pytest.raises(ConfigError, match="unknown keys"):
        spelling.SpellingConfig.from_dict(data)


@pytest.mark.parametrize("sentence", [
    "Allergy to local anesthetics or to the dressing.",            # American spelling, one 'ae' of two
    "The laboratory analyzes the sample within a day.",            # American -yze
    "Carotid stenting was done in 2019 by the designee.",          # inflections of listed words
    "Antiemetic cover and subaortic stenosis with coinfection.",   # prefixes on listed words
    "Colistin was stopped after three days.",                      # attested drug, two edits from 'colitis'
    "Stool test positive for C. difficile or P. vivax.",           # species epithets after a genus initial
])
def test_spelling_leaves_formed_variant_and_latin_words_in_real_prose_alone(sentence):
    assert flagged(sentence) == {}


def test_spelling_still_finds_slips_in_attested_and_formed_words():
    found = flagged("The drug dissapears quickly; coomit to the plan wtih the team and discuss the desease.")
    assert found == {"dissapears": "disappears", "coomit": "commit", "wtih": "with", "desease": "disease"}


def test_spelling_corrects_a_drug_name_only_to_a_drug_name():
    text = "Patients on apatinib may switch; apatinin was stopped."
    found = spelling.check(text, frequent=list(spelling.vocabulary([text])))  # the document's words offered
    assert {f.text: f.suggestion for f in found} == {"apatinin": "apatinib"}


@pytest.mark.parametrize(("word", "candidate", "usual"), [
    ("dissapears", "disappears", True), ("maintainance", "maintenance", True), ("desease", "disease", True),
    ("colistin", "colitis", False), ("stenting", "stemming", False), ("anesthetics", "aesthetic", False)])
def test_usual_slips_are_doubling_swaps_and_vowels(word, candidate, usual):
    assert spelling.usual_slips(word, candidate) is usual
