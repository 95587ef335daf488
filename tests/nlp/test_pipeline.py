"""The spaCy pipeline: assembly, loading, serialisation and document-level extraction."""

from __future__ import annotations

import subprocess
import sys
import warnings

import pytest
import spacy

import extractor
import extractor.nlp as nlp_api
from extractor.errors import UsageError
from extractor.nlp.pipeline import DEFAULT_PIPELINE, MODELS_DIR, build_pipeline, doc_to_dict

TEXT = ("Selection criteria\n• Serum IgG of < 4g/l, AND\n• platelets below 30 x 109/L\n\n"
        "Recommended dose: intravenous immunoglobulin (IVIg) 2 g/kg over 2–5 days, then 1 g/kg every 4 weeks "
        "(see NICE NG200).")


@pytest.fixture(scope="module")
def nlp() -> spacy.language.Language:
    return nlp_api.load()


def test_default_pipeline_has_scispacy_tokenizer_sentences_abbreviations_and_our_components(nlp) -> None:
    assert nlp.pipe_names == ["extractor_sentences", "abbreviation_detector", "extractor_abbreviations",
                              "extractor_thresholds", "extractor_doses", "extractor_criteria", "extractor_references"]
    # scispaCy's tokenizer keeps "g/kg" whole where spaCy's default splits it
    assert "g/kg" in [t.text for t in nlp("2 g/kg")]


def test_load_is_cached_per_process_and_package_load_delegates(nlp) -> None:
    assert nlp_api.load() is nlp
    assert extractor.load() is nlp


def test_unknown_model_name_is_a_usage_error_naming_model_and_installed() -> None:
    with pytest.raises(UsageError, match=r"'no_such_model'.*installed: .*extractor_core"):
        nlp_api.load("no_such_model")


def test_results_live_on_doc_spans_with_extension_attributes(nlp) -> None:
    doc = nlp(TEXT)
    thresholds = list(doc.spans["thresholds"])
    assert [span._.threshold["analyte"] for span in thresholds] == ["IgG", "platelet count"]
    assert [span._.dose["amount"] for span in doc.spans["doses"]] == [2, 1]
    assert [s.text.strip() for s in doc.sents][:2] == ["Selection criteria", "• Serum IgG of < 4g/l, AND"]


def test_extract_returns_contract_keys_with_offsets_into_text() -> None:
    result = nlp_api.extract(TEXT)
    assert set(result) == {"thresholds", "doses", "criteria", "abbreviations", "references"}
    for key in ("thresholds", "doses", "abbreviations", "references"):
        for item in result[key]:
            assert TEXT[item["start"]:item["end"]] == item["text"], item
    assert [c["kind"] for c in result["criteria"]] == ["selection", "dose"]
    assert {"short": "IVIg", "long": "intravenous immunoglobulin"}.items() <= result["abbreviations"][0].items()
    assert any(r["kind"] == "nice_id" and r["id"] == "NG200" for r in result["references"])


def test_pipeline_round_trips_to_disk(tmp_path) -> None:
    built = build_pipeline()
    built.to_disk(tmp_path / "pipe")
    loaded = spacy.load(tmp_path / "pipe")
    assert loaded.pipe_names == built.pipe_names
    assert doc_to_dict(loaded(TEXT)) == doc_to_dict(built(TEXT))


def test_spacy_load_models_dir() -> None:
    folder = MODELS_DIR / DEFAULT_PIPELINE
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=FutureWarning)
        loaded = spacy.load(folder)
    assert doc_to_dict(loaded(TEXT)) == doc_to_dict(build_pipeline()(TEXT))


def test_models_dir_rules_match_packaged_rule_files() -> None:
    """models/ is rebuilt (scripts/build_models.py) whenever a rule file changes."""
    import json

    from extractor.nlp.resources import dose_rules, threshold_rules, unit_table

    folder = MODELS_DIR / DEFAULT_PIPELINE
    saved = lambda part, name: json.loads((folder / part / name).read_text(encoding="utf-8"))  # noqa: E731
    assert saved("extractor_thresholds", "rules.json") == json.loads(json.dumps(threshold_rules().to_dict()))
    assert saved("extractor_doses", "rules.json") == json.loads(json.dumps(dose_rules().to_dict()))
    assert saved("extractor_doses", "units.json") == json.loads(json.dumps(unit_table().to_dict()))


def test_components_added_to_a_pipeline_saved_elsewhere(tmp_path) -> None:
    plain = spacy.blank("en")
    plain.add_pipe("sentencizer")
    plain.to_disk(tmp_path / "plain")
    pipe = nlp_api.load(str(tmp_path / "plain"))
    assert "extractor_thresholds" in pipe.pipe_names and "extractor_sentences" not in pipe.pipe_names
    assert nlp_api.extract("IgG below 4 g/L.", nlp=pipe)["thresholds"][0]["value"] == 4


def test_extract_document_offsets_index_document_text_on_real_pdf(corpora) -> None:
    from extractor.readers import read_document

    document = read_document(corpora / "policies" / "ig_policy_v1.pdf")
    result = nlp_api.extract_document(document)
    text = document.text
    assert len(result["doses"]) >= 5 and len(result["thresholds"]) >= 3
    for key in ("thresholds", "doses", "abbreviations", "references"):
        for item in result[key]:
            assert text[item["start"]:item["end"]] == item["text"], item
    assert {c["kind"] for c in result["criteria"]} >= {"selection", "exclusion", "dose", "outcome"}

    def leaves(node):
        if "op" in node:
            for item in node["items"]:
                yield from leaves(item)
        else:
            yield node
    texts = [leaf["text"] for block in result["criteria"] for leaf in leaves(block["tree"])]
    assert texts and all(text[leaf["start"]:leaf["end"]] == leaf["text"]
                         for block in result["criteria"] for leaf in leaves(block["tree"]))
    # a block ends before the next indication's title and metadata lines
    assert not [t for t in texts if t.startswith(("Specialty:", "Short or long term use:"))]
    assert all(block["tree"]["items"] for block in result["criteria"])


def test_import_time_does_not_leak_warning_filters() -> None:
    code = ("import warnings, extractor.nlp as n; n.load(); "
            "print(any(f[0] == 'ignore' and f[2] is FutureWarning for f in warnings.filters))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("source", ["default", "models_dir"])
def test_text_defining_no_abbreviation_runs_without_any_warning(source) -> None:
    nlp = nlp_api.load() if source == "default" else spacy.load(MODELS_DIR / DEFAULT_PIPELINE)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # scispaCy's detector used to warn (W036) about its empty matcher
        doc = nlp("Give 2 g/kg over five days. No short forms are defined here.")
    assert [span.text for span in doc.spans["doses"]] == ["2 g/kg"]


def test_two_thresholds_over_the_same_words_keep_their_own_attributes() -> None:
    from extractor.nlp import extract, load

    doc = load()("Uncontrolled hypertension (BP > 160/100 mmHg).")
    assert [span._.threshold["analyte"] for span in doc.spans["thresholds"]] == [
        "systolic blood pressure", "diastolic blood pressure"]
    assert [t["value"] for t in extract("BP > 160/100 mmHg")["thresholds"]] == [160, 100]
