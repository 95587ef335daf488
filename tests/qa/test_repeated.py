"""Repeated words and phrases."""

from __future__ import annotations

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
