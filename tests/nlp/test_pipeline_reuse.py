"""extract_many() and extract()'s kept results give what one nlp() call per text gives."""

from __future__ import annotations

from extractor.nlp import extract, extract_many, load
from extractor.nlp.pipeline import doc_to_dict

TEXTS = [
    "Patients with serum IgG below 4 g/L are eligible for intravenous immunoglobulin (IVIg).",
    "Give IVIg 0.4 g/kg every 4 weeks; review after 3 months.",
    "",
    "Platelet count < 30 x 10^9/L despite 2 g/kg of IVIg.",
    "Patients with serum IgG below 4 g/L are eligible for intravenous immunoglobulin (IVIg).",
]


def test_extract_many_equals_one_pipeline_call_per_text() -> None:
    nlp = load()
    expected = [doc_to_dict(nlp(text)) for text in TEXTS]
    assert extract_many(TEXTS, nlp=nlp) == expected
    assert [extract(text, nlp=nlp) for text in TEXTS] == expected


def test_kept_extraction_result_is_a_copy_the_caller_may_change() -> None:
    nlp = load()
    text = "Give rituximab 375 mg/m2 weekly for 4 weeks when the platelet count is below 30 x 10^9/L."
    first = extract(text, nlp=nlp)
    first["doses"].clear()
    first["thresholds"].append({"changed": True})
    again = extract(text, nlp=nlp)
    assert again == doc_to_dict(nlp(text))
    assert again["doses"]


def test_abbreviation_detector_finds_definitions_with_and_without_brackets_in_a_batch() -> None:
    nlp = load()
    texts = ["No brackets and no abbreviations here.",
             "Chronic inflammatory demyelinating polyneuropathy (CIDP) responds to IVIg. CIDP relapses.",
             "CIDP is mentioned without a definition here."]
    docs = list(nlp.pipe(texts))
    assert [str(a) for a in docs[0]._.abbreviations] == []
    assert [(str(a), str(a._.long_form)) for a in docs[1]._.abbreviations] == [
        ("CIDP", "Chronic inflammatory demyelinating polyneuropathy"),
        ("CIDP", "Chronic inflammatory demyelinating polyneuropathy")]
    assert [str(a) for a in docs[2]._.abbreviations] == []
    detector = nlp.get_pipe("abbreviation_detector")
    assert len(detector.global_matcher) == 0  # scispaCy removed the patterns it added per document
