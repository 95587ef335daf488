"""QA findings against gold findings (``--task qa``).

Gold: ``corpora/gold/qa/<name>.json`` = ``{"source": PATH, "findings": [...]}`` where a finding is
``{"rule", "row", "field"}`` (change forms) or ``{"rule", "start", "end"}`` (running text). The
source path is tried as given, then relative to the gold file's folder and each folder above it.

Predictions: :func:`extractor.qa.check_path` on the source, or ``extractor qa --format json`` output
files (``--pred``) matched by source path or file name. A predicted finding matches a gold one
with the same rule, row and field (a gold finding without ``field`` means the whole row: null), or
the same rule and overlapping offsets; matching is one-to-one in file order. A gold file's optional
``settings`` (``{"today": "YYYY-MM-DD", ...}``) are passed to the checker.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from extractor.errors import InputError
from extractor.evaluation.formats._common import read_json


@dataclass
class QAGold:
    """One gold file: the checked document and its expected findings."""

    name: str
    source: Path
    findings: list[dict[str, Any]]
    path: Path
    settings: dict[str, Any] = field(default_factory=dict)


@dataclass
class QAEvaluation:
    """Per-rule scores and every false positive and false negative.

    Attributes:
        matches: One row per gold or predicted finding: file, rule, outcome (``correct``,
            ``missed``, ``spurious``), where (row/field or offsets), message.
    """

    matches: pd.DataFrame = field(default_factory=pd.DataFrame)

    def scores(self) -> pd.DataFrame:
        """Per rule, then ``micro`` and ``macro``: precision, recall, f1, support, predicted, correct."""
        rows = []
        frame = self.matches
        for rule in sorted(frame["rule"].unique()) if not frame.empty else []:
            rows.append(_prf(rule, frame[frame["rule"] == rule]))
        if rows:
            micro = _prf("micro", frame)
            macro = {"rule": "macro", **{m: sum(r[m] for r in rows) / len(rows) for m in ("precision", "recall", "f1")},
                     "support": micro["support"], "predicted": micro["predicted"], "correct": micro["correct"]}
            rows += [micro, macro]
        return pd.DataFrame(rows, columns=["rule", "precision", "recall", "f1", "support", "predicted", "correct"])

    def errors(self) -> pd.DataFrame:
        """The missed and spurious findings, grouped by outcome then rule."""
        frame = self.matches
        if frame.empty:
            return frame
        return frame[frame["outcome"] != "correct"].sort_values(["outcome", "rule", "file"], kind="stable"
                                                                 ).reset_index(drop=True)


def _prf(name: str, frame: pd.DataFrame) -> dict[str, Any]:
    correct = int((frame["outcome"] == "correct").sum())
    support = correct + int((frame["outcome"] == "missed").sum())
    predicted = correct + int((frame["outcome"] == "spurious").sum())
    precision = correct / predicted if predicted else 0.0
    recall = correct / support if support else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"rule": name, "precision": precision, "recall": recall, "f1": f1, "support": support,
            "predicted": predicted, "correct": correct}


def _resolve_source(source: str, gold_path: Path) -> Path:
    candidate = Path(source)
    if candidate.is_absolute():
        return candidate
    for base in (Path.cwd(), gold_path.parent, *gold_path.resolve().parents):
        if (base / candidate).exists():
            return base / candidate
    return candidate


def read_qa_gold(path: str | os.PathLike[str]) -> list[QAGold]:
    """Read one gold ``.json`` or every ``.json`` in a folder.

    Raises:
        InputError: Not the gold shape; a finding without a rule or without row/offsets (names it).
    """
    path = Path(path)
    files = sorted(path.glob("*.json")) if path.is_dir() else [path]
    if not files:
        raise InputError(path, "no QA gold .json files in this folder")
    golds = []
    for file in files:
        data = read_json(file)
        if not isinstance(data, dict) or not isinstance(data.get("source"), str) or not isinstance(
                data.get("findings"), list):
            raise InputError(file, "expected {\"source\": PATH, \"findings\": [...]}")
        for number, finding in enumerate(data["findings"]):
            if not isinstance(finding, dict) or not isinstance(finding.get("rule"), str):
                raise InputError(file, f"finding {number}: expected an object with a \"rule\"")
            has_row = finding.get("row") is not None
            has_offsets = finding.get("start") is not None and finding.get("end") is not None
            if not (has_row or has_offsets):
                raise InputError(file, f"finding {number} ({finding['rule']}): needs \"row\" (and \"field\") or "
                                       "\"start\" and \"end\"")
        settings = data.get("settings") or {}
        if not isinstance(settings, dict):
            raise InputError(file, "\"settings\" must be an object of QA settings")
        if isinstance(settings.get("today"), str):
            try:
                settings = {**settings, "today": dt.date.fromisoformat(settings["today"])}
            except ValueError:
                raise InputError(file, f"settings.today {settings['today']!r} is not YYYY-MM-DD") from None
        golds.append(QAGold(file.stem, _resolve_source(data["source"], file), data["findings"], file, settings))
    return golds


def _matches(gold: dict[str, Any], pred: dict[str, Any]) -> bool:
    if gold["rule"] != pred.get("rule"):
        return False
    if gold.get("row") is not None:
        if pred.get("row") != gold["row"]:
            return False
        return gold.get("field") == pred.get("field")
    start, end = pred.get("start"), pred.get("end")
    if start is None or end is None:
        return False
    return (start, end) == (gold["start"], gold["end"]) or (start < gold["end"] and gold["start"] < end)


def _where(finding: dict[str, Any]) -> str:
    if finding.get("row") is not None:
        return f"row {finding['row']}" + (f" {finding['field']}" if finding.get("field") else "")
    if finding.get("start") is not None:
        return f"{finding['start']}-{finding.get('end')}"
    return ""


def score_findings(name: str, gold: Sequence[dict[str, Any]], pred: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Match one file's findings; one row per gold finding (correct/missed) and per unmatched prediction."""
    used: set[int] = set()
    rows = []
    for finding in gold:
        match = next((i for i, p in enumerate(pred) if i not in used and _matches(finding, p)), None)
        if match is not None:
            used.add(match)
        found = pred[match] if match is not None else {}
        rows.append({"file": name, "rule": finding["rule"], "outcome": "correct" if match is not None else "missed",
                     "where": _where(finding), "message": found.get("message") or finding.get("message", ""),
                     "text": found.get("text") or finding.get("text", "")})
    for i, finding in enumerate(pred):
        if i not in used:
            rows.append({"file": name, "rule": finding.get("rule"), "outcome": "spurious", "where": _where(finding),
                         "message": finding.get("message", ""), "text": finding.get("text", "")})
    return rows


def read_qa_predictions(path: str | os.PathLike[str]) -> dict[str, list[dict[str, Any]]]:
    """Read ``extractor qa --format json`` outputs (one file or a folder): findings by source.

    Raises:
        InputError: Not QA output.
    """
    path = Path(path)
    files = sorted(path.glob("*.json")) if path.is_dir() else [path]
    result: dict[str, list[dict[str, Any]]] = {}
    for file in files:
        data = read_json(file)
        records = data if isinstance(data, list) else [data]
        for record in records:
            if not isinstance(record, dict) or not isinstance(record.get("findings"), list):
                raise InputError(file, "expected extractor qa JSON output ({\"source\", \"findings\"})")
            result[str(record.get("source"))] = record["findings"]
    return result


def evaluate_qa(gold: Sequence[QAGold], predictions: dict[str, list[dict[str, Any]]] | None = None, *,
                check: Callable[[Path], dict[str, Any]] | None = None) -> QAEvaluation:
    """Score QA findings per rule.

    Args:
        gold: Gold files from :func:`read_qa_gold`.
        predictions: Findings by source (from :func:`read_qa_predictions`); when None, each source is
            checked with ``check`` (default :func:`extractor.qa.check_path`).
        check: The checker to run on a source path.

    Raises:
        InputError: A source cannot be found or read, or has no predictions in the given files.
    """
    rows: list[dict[str, Any]] = []
    for item in gold:
        if predictions is None:
            if not item.source.exists():
                raise InputError(item.path, f"source {item.source} not found")
            if check is None:
                from extractor.qa import check_path

                found = check_path(item.source, settings=item.settings or None).to_dict()["findings"]
            else:
                found = check(item.source)["findings"]
        else:
            found = _lookup(predictions, item)
        rows += score_findings(item.name, item.findings, found)
    columns = ["file", "rule", "outcome", "where", "message", "text"]
    return QAEvaluation(pd.DataFrame(rows, columns=columns))


def _lookup(predictions: dict[str, list[dict[str, Any]]], item: QAGold) -> list[dict[str, Any]]:
    for source, findings in predictions.items():
        if source == str(item.source) or Path(source).name == item.source.name:
            return findings
    raise InputError(item.path, f"no predictions for source {item.source.name}")


__all__ = ["QAEvaluation", "QAGold", "evaluate_qa", "read_qa_gold", "read_qa_predictions", "score_findings"]
