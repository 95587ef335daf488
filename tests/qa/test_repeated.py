"""Repeated words and phrases."""

from __future__ import annotations

import pytest

from extractor.errors import ConfigError
from extractor.qa.rules import repeated


def found(text: str) -> list[tuple[str, str]]:
    return [(f.text, f.suggestion) for f in repeated.check(text)]


def test_repeated_single_word_is_found():
    assert found("Reduction in in numbers of episodes") == [("in in", "in")]


def test_repeated_phrase_is_found_once_as_a_phrase():
    assert found("inborn errors of immunity (IEI) – long term use long term use") == [
        ("long term use long term use", "long term use")]


def test_grammatical_doubles_are_not_repeats():
    assert found("He had had the infusion and said that that was enough.") == []


def test_heading_followed_by_same_words_is_not_a_repeat():
    assert found("Selection criteria\nSelection criteria are as follows") == []
    assert found("Dose review.\nDose review is needed.") == []


def test_repeat_across_punctuation_or_inside_urls_is_not_found():
    assert found("either in, in part, or wholly; see https://example.org/a/a/b") == []


def test_repeat_offsets_cover_both_copies():
    text = "Give the the dose"
    (finding,) = repeated.check(text)
    assert text[finding.start:finding.end] == "the the"


def test_words_repeating_around_different_numbers_are_not_repeats():
    assert found("doses of 30 mg twice daily, 60 mg twice daily and 90 mg twice daily") == []


def test_repeat_across_a_wrapped_line_is_found_but_not_after_a_heading():
    assert found("Reduction in\nin numbers of episodes") == [("in\nin", "in")]
    assert found("2.1 Selection criteria\nSelection criteria are as follows") == []
    assert found("Treatment\n\nTreatment is given weekly") == []


def test_is_is_is_a_repeat_outside_a_pseudo_cleft():
    assert found("The form is is returned to the pharmacy within a week.") == [("is is", "is")]
    assert found("Consent is\nis recorded before the first dose.") == [("is\nis", "is")]


def test_is_is_after_a_wh_clause_is_grammatical():
    assert found("What the panel needs is is a complete referral.") == []
    assert found("All we ask is is that the form is signed.") == []
    assert found("Where the infusion happens is\nis decided locally.") == []


def test_a_wh_word_in_an_earlier_sentence_does_not_allow_is_is():
    assert found("State what was given. The dose is is recorded.") == [("is is", "is")]


def test_conditional_doubles_reject_a_bad_pattern():
    with pytest.raises(ConfigError, match="conditional_doubles"):
        repeated.RepeatConfig.from_dict({"max_ngram": 3, "allowed_doubles": [], "separators": ["."],
                                         "conditional_doubles": {"is": "(unclosed"}})
