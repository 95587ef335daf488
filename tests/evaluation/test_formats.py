"""Every gold reader round-trips a sample of its format, reads the hand-written samples in
corpora/gold/toy/, and reports bad spans with their file and line."""

from __future__ import annotations

import json
import shutil

import pytest

from extractor.errors import InputError
from extractor.evaluation import load_gold, read_predictions
from extractor.evaluation.formats import (
    detect_format,
    dumps_doccano,
    dumps_labelstudio,
    dumps_project,
    dumps_spacy_jsonl,
    write_brat,
    write_docbin,
)


@pytest.fixture(scope="module")
def toy_dir(corpora):
    return corpora / "gold" / "toy"


@pytest.fixture(scope="module")
def sample(corpora):
    """The dev gold: real texts with every attribute shape (nulls, objects, lists, floats)."""
    return load_gold(corpora / "gold" / "dev.jsonl")


def _spans(documents, attributes=True):
    return sorted((d.id, d.text, tuple((s.start, s.end, s.label, json.dumps(s.attributes, sort_keys=True)
                                        if attributes else "") for s in d.spans)) for d in documents)


def test_project_jsonl_round_trips(sample, tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text(dumps_project(sample), encoding="utf-8")
    assert _spans(load_gold(path)) == _spans(sample)


def test_brat_round_trips_attributes_through_a_and_note_lines(sample, tmp_path):
    write_brat(sample, tmp_path / "brat")
    ann = (tmp_path / "brat" / "seed-igg.ann").read_text(encoding="utf-8")
    assert "\tcomparator T1 <" in ann and "AnnotatorNotes T1" in ann
    assert detect_format(tmp_path / "brat") == "brat"
    assert _spans(load_gold(tmp_path / "brat")) == _spans(sample)


def test_spacy_docbin_round_trips_spans_and_attributes(sample, tmp_path):
    write_docbin(sample, tmp_path / "gold.spacy")
    assert _spans(load_gold(tmp_path / "gold.spacy")) == _spans(sample)


def test_labelstudio_round_trips_choices_and_textareas(sample, tmp_path):
    path = tmp_path / "export.json"
    path.write_text(dumps_labelstudio(sample), encoding="utf-8")
    tasks = json.loads(path.read_text(encoding="utf-8"))
    kinds = {r["type"] for t in tasks for r in t["annotations"][0]["result"]}
    assert kinds == {"labels", "choices", "textarea"}
    assert _spans(load_gold(path)) == _spans(sample)


@pytest.mark.parametrize("variant", ["label", "entities"])
def test_doccano_round_trips_both_variants(sample, tmp_path, variant):
    path = tmp_path / "doccano.jsonl"
    path.write_text(dumps_doccano(sample, variant=variant), encoding="utf-8")
    assert _spans(load_gold(path, "doccano"), attributes=False) == _spans(sample, attributes=False)


def test_spacy_style_jsonl_round_trips_and_checks_span_text(sample, tmp_path):
    path = tmp_path / "spans.jsonl"
    path.write_text(dumps_spacy_jsonl(sample), encoding="utf-8")
    assert _spans(load_gold(path), attributes=False) == _spans(sample, attributes=False)


def test_hand_written_samples_read_the_same_spans(toy_dir):
    gold = {d.id: [(s.start, s.end, s.label) for s in d.spans] for d in load_gold(toy_dir / "gold.jsonl")}
    for name in ("brat", "doccano.jsonl", "doccano_entities.jsonl", "labelstudio.json", "gold.spacy"):
        for document in load_gold(toy_dir / name):
            assert [(s.start, s.end, s.label) for s in document.spans] == gold[document.id], (name, document.id)
    spacy_style = load_gold(toy_dir / "spacy_style.jsonl")
    assert [[(s.start, s.end, s.label) for s in d.spans] for d in spacy_style] == [gold["toy-1"], gold["toy-3"]]
    assert [d.id for d in spacy_style] == ["spacy_style:0", "spacy_style:1"]
    brat = {d.id: d for d in load_gold(toy_dir / "brat")}
    dose, threshold = brat["toy-1"].spans
    assert dose.attributes == {"route": "IV", "amount": 0.4, "frequency": {"every": [4, 4], "unit": "wk"}}
    assert threshold.attributes == {"comparator": "<"} and threshold.note == "check analyte lexicon"
    assert brat["toy-2"].spans[0].attributes == {"unit": "10^9/L", "value": 50}


def _copy_brat(toy_dir, tmp_path):
    folder = tmp_path / "brat"
    shutil.copytree(toy_dir / "brat", folder)
    return folder


@pytest.mark.parametrize(("mode", "spans", "count"), [
    ("merge", [(34, 40)], {"discontinuous_merged": 1}),
    ("split", [(34, 35), (36, 40)], {"discontinuous_split": 1}),
    ("skip", [], {"discontinuous_skipped": 1}),
])
def test_brat_discontinuous_span_is_merged_split_or_skipped_and_counted(toy_dir, tmp_path, mode, spans, count):
    folder = _copy_brat(toy_dir, tmp_path)
    ann = folder / "toy-2.ann"
    ann.write_text(ann.read_text(encoding="utf-8") + "T3\tdose 34 35;36 40\n", encoding="utf-8")
    document = {d.id: d for d in load_gold(folder, "brat", brat={"discontinuous": mode})}["toy-2"]
    assert [(s.start, s.end) for s in document.spans if s.ident == "T3"] == spans
    assert document.reading == count


def test_brat_discontinuous_span_is_rejected_with_its_line_when_asked(toy_dir, tmp_path):
    folder = _copy_brat(toy_dir, tmp_path)
    ann = folder / "toy-2.ann"
    ann.write_text(ann.read_text(encoding="utf-8") + "T3\tdose 34 35;36 40\t2 g/kg\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"toy-2\.ann: line 5: T3 is a discontinuous span \(34 35;36 40\)"):
        load_gold(folder, "brat", brat={"discontinuous": "error"})


def test_brat_span_text_that_does_not_match_the_txt_is_left_out_with_a_warning(toy_dir, tmp_path):
    folder = _copy_brat(toy_dir, tmp_path)
    ann = folder / "toy-1.ann"
    ann.write_text(ann.read_text(encoding="utf-8").replace("10 18\t0.4 g/kg", "11 18\t0.4 g/kg"), encoding="utf-8")
    document = {d.id: d for d in load_gold(folder)}["toy-1"]
    assert document.reading == {"misaligned_skipped": 1}
    assert "records '0.4 g/kg' but the text there is '.4 g/kg'" in document.warnings[0]
    assert all(span.ident != "T1" for span in document.spans)
    with pytest.raises(InputError, match=r"toy-1\.ann: line 1 \(T1\): span 11-18 \(dose\) records '0.4 g/kg' but "
                                         r"the text there is '.4 g/kg'"):
        load_gold(folder, "brat", brat={"misaligned": "error"})


def test_brat_without_its_txt_is_reported(toy_dir, tmp_path):
    folder = _copy_brat(toy_dir, tmp_path)
    (folder / "toy-1.txt").unlink()
    with pytest.raises(InputError, match="no text file toy-1.txt"):
        load_gold(folder)


@pytest.mark.parametrize(("line", "problem"), [
    ({"id": "a", "text": "abc", "spans": [{"start": 1, "end": 9, "label": "dose"}]},
     r"line 2: span 1-9 \(dose\) is outside the text \(3 characters\)"),
    ({"id": "a", "text": "abc", "spans": [{"start": 0, "end": 2, "label": "dose", "text": "bc"}]},
     r"line 2: span 0-2 \(dose\) records 'bc' but the text there is 'ab'"),
    ({"id": "a", "text": "abc", "spans": [{"start": 2, "end": 2, "label": "dose"}]}, r"line 2: span 2-2 .* empty"),
    ({"id": "a", "text": "abc", "spans": [{"start": "0", "end": 2, "label": "dose"}]}, r"line 2: offset '0'"),
    ({"id": "a", "text": "abc", "label": ["positive"]}, r"line 2: doccano label 0 is 'positive'"),
    ({"id": "a", "words": ["abc"]}, r"line 2: expected \"spans\""),
    ({"id": "x", "text": "abc", "spans": []}, r"line 2: id 'x' repeats line 1"),
])
def test_jsonl_bad_span_names_file_and_line(tmp_path, line, problem):
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps({"id": "x", "text": "abc", "spans": []}) + "\n" + json.dumps(line) + "\n",
                    encoding="utf-8")
    with pytest.raises(InputError, match=problem) as caught:
        load_gold(path)
    assert str(caught.value).startswith(str(path))


def test_labelstudio_span_out_of_range_names_the_task(toy_dir, tmp_path):
    tasks = json.loads((toy_dir / "labelstudio.json").read_text(encoding="utf-8"))
    tasks[2]["annotations"][0]["result"][0]["value"]["end"] = 999
    path = tmp_path / "export.json"
    path.write_text(json.dumps(tasks), encoding="utf-8")
    with pytest.raises(InputError, match=r"task 3: span 9-999 \(threshold\) is outside the text"):
        load_gold(path)


def test_corrupt_docbin_and_unknown_suffix_are_input_errors(tmp_path):
    bad = tmp_path / "gold.spacy"
    bad.write_bytes(b"\x00not msgpack at all")
    with pytest.raises(InputError, match="not a spaCy DocBin"):
        load_gold(bad)
    other = tmp_path / "gold.csv"
    other.write_text("a,b\n", encoding="utf-8")
    with pytest.raises(InputError, match="cannot tell the annotation format"):
        load_gold(other)


def test_prediction_span_text_is_checked_against_the_gold_text(toy_dir, tmp_path):
    gold = load_gold(toy_dir / "gold.jsonl")
    lines = (toy_dir / "pred.jsonl").read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace('"start": 46, "end": 52', '"start": 45, "end": 51')
    path = tmp_path / "pred.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"pred\.jsonl: line 2: span 45-51 \(dose\) records '5 days'"):
        read_predictions(path, gold)
    unrelated = tmp_path / "other.jsonl"
    unrelated.write_text(json.dumps({"id": "zzz", "thresholds": [], "doses": []}) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="no document id in common with the gold"):
        read_predictions(unrelated, gold)


def test_docbin_with_entities_only_and_no_user_data_reads_doc_ents(tmp_path):
    import spacy
    from spacy.tokens import DocBin

    nlp = spacy.blank("en")
    doc = nlp.make_doc("Serum IgG below 4 g/L and give 0.4 g/kg monthly")
    doc.ents = [doc.char_span(0, 21, label="threshold"), doc.char_span(31, 39, label="dose")]
    path = tmp_path / "ents.spacy"
    DocBin(docs=[doc]).to_disk(path)
    (document,) = load_gold(path)
    assert document.id == "ents:0"
    assert [(s.start, s.end, s.label, s.attributes) for s in document.spans] == [
        (0, 21, "threshold", {}), (31, 39, "dose", {})]
