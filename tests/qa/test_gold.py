"""Regression against the planted-defect gold in corpora/gold/qa/: every defect found, no false alarm."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

GOLD = sorted((Path(__file__).resolve().parents[2] / "corpora" / "gold" / "qa").glob("*.json"))


def _evaluation(root: Path):
    spec = importlib.util.spec_from_file_location("qa_eval", root / "evaluation" / "qa_eval.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("gold", GOLD, ids=[p.stem for p in GOLD])
def test_gold_document_defects_are_all_found_without_false_alarms(gold, root):
    records, notes = _evaluation(root).score_file(gold)
    outcomes = [r["outcome"] for r in records]
    assert "fn" not in outcomes and "fp" not in outcomes, "\n".join(notes)
    assert outcomes.count("tp") >= 10


def test_gold_covers_every_rule(root):
    import json

    from extractor.qa import RULES

    # broken-link is covered by malformed addresses, which are found offline
    rules = {f["rule"] for path in GOLD for f in json.loads(path.read_text())["findings"]}
    assert rules == set(RULES)
