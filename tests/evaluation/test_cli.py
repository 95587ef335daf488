"""``extractor evaluate`` end to end: tables on stdout, -o, --format, --report, regression, QA, bad input."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from extractor.cli import main


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "extractor", "evaluate", *args], capture_output=True, text=True,
                          timeout=300, check=False)


@pytest.fixture(scope="module")
def toy(corpora):
    return corpora / "gold" / "toy"


def test_json_output_carries_the_hand_counted_scores(toy, capsys):
    status = main(["evaluate", "--gold", str(toy / "gold.jsonl"), "--pred", str(toy / "pred.jsonl"),
                   "--format", "json", "--bootstrap", "200"])
    assert status == 0
    data = json.loads(capsys.readouterr().out)
    micro = data["summary"]["micro_f1"]
    assert micro == pytest.approx({"strict": 0.4, "exact": 0.6, "partial": 0.7, "ent_type": 0.6,
                                   "strict_attributes": 0.2})
    strict_micro = next(r for r in data["scores"] if r["scheme"] == "strict" and r["label"] == "micro")
    assert strict_micro["f1_low"] <= 0.4 <= strict_micro["f1_high"]
    assert sorted(e["cause"] for e in data["errors"]) == ["boundary", "label", "missed", "spurious", "unit"]


def test_text_output_prints_per_type_and_per_attribute_tables(toy, capsys):
    assert main(["evaluate", "--gold", str(toy / "gold.jsonl"), "--pred", str(toy / "pred.jsonl"),
                 "--bootstrap", "0"]) == 0
    out = capsys.readouterr().out
    assert "Span scores per label" in out and "Attribute scores" in out and "Tuple scores" in out
    strict_threshold = next(line for line in out.splitlines() if line.split()[:2] == ["strict", "dose"])
    assert strict_threshold.split()[2:5] == ["0.333", "0.5", "0.4"]
    assert "boundary: 1, unit: 1, label: 1, missed: 1, spurious: 1" in out


def test_markdown_to_file_and_html_report(toy, tmp_path, capsys):
    out, html = tmp_path / "eval.md", tmp_path / "eval.html"
    assert main(["evaluate", "--gold", str(toy / "gold.jsonl"), "--pred", str(toy / "pred.jsonl"), "--format",
                 "markdown", "-o", str(out), "--report", str(html), "--bootstrap", "50"]) == 0
    assert capsys.readouterr().out == ""
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Extraction evaluation") and "| scheme " in text and "### boundary (1)" in text
    page = html.read_text(encoding="utf-8")
    assert "<mark>serum IgG &lt; 4 g/L</mark>" in page and 'data-cause="unit"' in page


def test_gold_format_given_through_format_reads_brat(toy, capsys):
    assert main(["evaluate", "--gold", str(toy / "brat"), "--format", "brat", "--pred", str(toy / "pred.jsonl"),
                 "--bootstrap", "0"]) == 0
    out = capsys.readouterr().out
    assert "gold: " in out and "(2 documents, 4 spans)" in out


def test_regression_mode_lists_better_and_worse(toy, capsys):
    assert main(["evaluate", "--gold", str(toy / "gold.jsonl"), "--pred", str(toy / "pred.jsonl"), "--baseline",
                 str(toy / "baseline.jsonl"), "--format", "json", "--bootstrap", "0"]) == 0
    regression = json.loads(capsys.readouterr().out)["regression"]
    assert (regression["better"], regression["worse"]) == (1, 4)
    assert {(i["doc"], i["current"]) for i in regression["items"] if i["change"] == "worse"} == {
        ("toy-2", "unit"), ("toy-2", "missed"), ("toy-2", "spurious"), ("toy-3", "label")}


def test_qa_task_scores_findings_per_rule(toy, tmp_path, capsys):
    # hand count in corpora/gold/toy/README.md: micro 5/7, macro F1 3/6
    html = tmp_path / "qa.html"
    assert main(["evaluate", "--gold", str(toy / "qa" / "gold"), "--task", "qa", "--pred", str(toy / "qa" / "pred"),
                 "--format", "json", "--report", str(html)]) == 0
    page = html.read_text(encoding="utf-8")
    assert page.count('<tr data-cause="missed">') == 2 and page.count('<tr data-cause="spurious">') == 2
    data = json.loads(capsys.readouterr().out)
    scores = {row["rule"]: row for row in data["scores"]}
    assert scores["micro"]["f1"] == pytest.approx(5 / 7) and scores["macro"]["f1"] == pytest.approx(0.5)
    assert (scores["spelling"]["correct"], scores["unit-style"]["support"], scores["abbreviation"]["predicted"]) == (
        3, 1, 1)
    assert sorted((e["file"], e["rule"], e["cause"]) for e in data["errors"]) == [
        ("form", "no-op-change", "missed"), ("form", "no-op-change", "spurious"),
        ("running_text", "abbreviation", "spurious"), ("running_text", "unit-style", "missed")]


def test_qa_task_runs_the_checker_on_the_source(toy, capsys):
    assert main(["evaluate", "--gold", str(toy / "qa" / "gold" / "running_text.json"), "--task", "qa",
                 "--format", "json"]) == 0
    scores = {row["rule"]: row for row in json.loads(capsys.readouterr().out)["scores"]}
    assert scores["repeated-word"]["correct"] == 1 and scores["spelling"]["support"] == 2


def test_pipeline_predictions_on_the_toy_gold(toy, capsys):
    assert main(["evaluate", "--gold", str(toy / "gold.jsonl"), "--format", "json", "--bootstrap", "0"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["predictions"] == "current pipeline"
    assert data["summary"]["predicted_spans"] >= 1
    assert all(0.0 <= r["f1"] <= 1.0 for r in data["scores"])


@pytest.mark.parametrize(("args", "message"), [
    (["--gold", "missing.jsonl"], "missing.jsonl: no such file or folder"),
    (["--gold", "{toy}/gold.jsonl", "--pred", "{toy}/gold.spacy", "--pred-format", "jsonl"], "gold.spacy: not UTF-8"),
    (["--gold", "{toy}/gold.jsonl", "--report", "out.txt"], "--report expects an .html path"),
    (["--gold", "{toy}/gold.jsonl", "--format", "brat", "--gold-format", "jsonl"], "disagree"),
])
def test_bad_input_is_one_line_and_exit_2(toy, tmp_path, args, message):
    result = _run(*[a.format(toy=toy) for a in args], "-o", str(tmp_path / "out.txt"))
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out.txt").exists()


def test_extract_output_file_scores_the_same_as_running_the_pipeline(toy, tmp_path, capsys):
    run = tmp_path / "run.jsonl"
    assert main(["extract", str(toy / "gold.jsonl"), "--format", "jsonl", "-o", str(run)]) == 0
    assert main(["evaluate", "--gold", str(toy / "gold.jsonl"), "--pred", str(run), "--format", "json",
                 "--bootstrap", "0"]) == 0
    from_file = json.loads(capsys.readouterr().out)
    assert main(["evaluate", "--gold", str(toy / "gold.jsonl"), "--format", "json", "--bootstrap", "0"]) == 0
    from_pipeline = json.loads(capsys.readouterr().out)
    assert from_file["scores"] == from_pipeline["scores"]
    assert from_file["attributes"] == from_pipeline["attributes"]
    assert from_file["summary"]["predicted_spans"] == from_pipeline["summary"]["predicted_spans"]
