"""The thresholds tuple task: gold from brat Has_value relations (Chia style)."""

from __future__ import annotations

import json

import pytest

from extractor.cli import main
from extractor.evaluation import read_annotations
from extractor.evaluation.tuples import evaluate_tuples, parse_label_map
from extractor.errors import UsageError

TEXT = "Age >= 18 years; total bilirubin < 1.5 x ULN; AST, ALT < 2.5 x ULN; pregnancy test negative"
ANN = """T1\tPerson 0 3\tAge
T2\tValue 4 15\t>= 18 years
T3\tMeasurement 17 32\ttotal bilirubin
T4\tValue 33 44\t< 1.5 x ULN
T5\tMeasurement 46 49\tAST
T6\tMeasurement 51 54\tALT
T7\tValue 55 66\t< 2.5 x ULN
T8\tProcedure 68 82\tpregnancy test
T9\tValue 83 91\tnegative
T10\tMeasurement 17 22;33 36\ttotal < 1
R1\tHas_value Arg1:T1 Arg2:T2
R2\tHas_value Arg1:T3 Arg2:T4
R3\tHas_value Arg1:T5 Arg2:T7
R4\tHas_value Arg1:T6 Arg2:T7
R5\tHas_value Arg1:T8 Arg2:T9
"""


@pytest.fixture
def chia_like(tmp_path):
    (tmp_path / "NCT0001_inc.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "NCT0001_inc.ann").write_text(ANN, encoding="utf-8")
    return tmp_path


def test_relations_become_tuples_and_the_pipeline_gets_every_one(chia_like):
    from extractor.nlp import extract

    gold = read_annotations(chia_like)
    assert len(gold[0].relations) == 5 and gold[0].reading == {"discontinuous_merged": 1}
    predictions = {d.id: extract(d.text)["thresholds"] for d in gold}
    result = evaluate_tuples(gold, predictions, label_map={"Measurement": "threshold", "Person": "threshold"})
    scores = result.scores().set_index("level")
    assert scores.loc["tuple", ["tp", "predicted", "gold"]].tolist() == [4, 4, 4]
    assert result.reading["unscored_Procedure_values"] == 1  # a pregnancy test is not mapped to threshold


def test_a_wrong_value_is_a_miss_and_a_spurious_prediction(chia_like):
    gold = read_annotations(chia_like)
    wrong = [{"start": 33, "end": 44, "analyte": "bilirubin", "comparator": "<", "value": 2.5, "value_max": None,
              "unit": "× ULN"}]
    result = evaluate_tuples(gold, {"NCT0001_inc": wrong}, label_map={"Measurement": "threshold"})
    assert result.scores().set_index("level").loc["value", ["tp", "predicted", "gold"]].tolist() == [0, 1, 3]
    assert [e["cause"] for e in result.errors].count("disagree") == 1


def test_label_map_is_parsed_from_the_command_line_or_a_file(tmp_path):
    assert parse_label_map("Measurement=threshold, Person=threshold") == {"Measurement": "threshold",
                                                                          "Person": "threshold"}
    path = tmp_path / "map.json"
    path.write_text(json.dumps({"Measurement": "threshold"}), encoding="utf-8")
    assert parse_label_map(str(path)) == {"Measurement": "threshold"}
    with pytest.raises(UsageError, match="Measurement"):
        parse_label_map("Measurement")


def test_evaluate_command_scores_threshold_tuples(chia_like, capsys):
    status = main(["evaluate", "--gold", str(chia_like), "--task", "thresholds", "--format", "json",
                   "--label-map", "Measurement=threshold,Person=threshold"])
    captured = capsys.readouterr()
    assert status == 0
    report = json.loads(captured.out)
    tuple_row = next(row for row in report["scores"] if row["level"] == "tuple")
    assert (tuple_row["tp"], tuple_row["gold"]) == (4, 4)
    assert "discontinuous_merged 1" in captured.err
