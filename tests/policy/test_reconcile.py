"""Reconciling the seed change form with the two fixture policy versions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor.changeform import read_changeform
from extractor.changeform.model import build_changeform
from extractor.cli import main
from extractor.policy.reconcile import NormalText, normalise, reconcile
from tests.policy.conftest import load_gold

FIELDS = ["original", "new", "section", "reason", "changed_by", "date"]


@pytest.fixture(scope="module")
def outcome(seed_export: Path, policy_v1, policy_v2):
    return reconcile(read_changeform(seed_export), policy_v1, policy_v2)


def _form(rows: list[list[str]]):
    return build_changeform("made.txt", "text", 1, FIELDS, FIELDS, [(cells, [1]) for cells in rows])


def test_reconcile_finds_every_seed_row(outcome, corpora: Path) -> None:
    gold = load_gold(corpora, "ig_policy_reconcile")
    rows = {row["index"]: row for row in outcome["rows"]}
    assert len(rows) == len(gold["rows"])
    for expected in gold["rows"]:
        row = rows[expected["index"]]
        assert row["kind"] == expected["kind"], expected
        assert row["status"] not in ("original-not-found", "new-not-found", "not-applied"), row
        assert row["section_agrees"] is True, row
    assert not [f for f in outcome["findings"] if f["rule"] in ("reconcile-not-found", "reconcile-section-mismatch")]


def test_reconcile_reports_change_missing_from_form(outcome, policy_v2) -> None:
    unlisted = [f for f in outcome["findings"] if f["rule"] == "reconcile-unlisted-change"]
    assert len(unlisted) == 2
    finding = next(f for f in unlisted if "Immune thrombocytopenia" in f["message"])
    assert "Immune thrombocytopenia" in finding["message"]
    assert "20 x 10⁹/L" in finding["text"] and "30 x 10⁹/L" in finding["suggestion"]
    assert finding["document"] == "new" and finding["row"] is None
    assert "20 x 10⁹/L" in policy_v2.document.text[finding["start"]:finding["end"]]


def test_reconcile_reports_unlisted_addition_next_to_listed_change(outcome) -> None:
    # Row 13 fixes a typo in the same cell; the bullet added after it is on no row.
    (finding,) = [f for f in outcome["findings"] if f["rule"] == "reconcile-unlisted-change"
                  and "Stiff person syndrome" in f["message"]]
    assert "text added" in finding["message"] and "Falls diary" in finding["text"]
    assert "Improvement" not in finding["text"] and "improved" not in finding["text"]


def test_reconcile_locates_rows_in_the_named_entry(outcome) -> None:
    rows = {row["index"]: row for row in outcome["rows"]}
    # A typo fixed inside a table cell of a two-column entry.
    assert rows[13]["found_in_new"]["indication"].startswith("Stiff person syndrome")
    assert rows[13]["found_in_new"]["field"] == "outcome_measures"
    # A sentence moved between fields is checked against the field it now sits in.
    assert rows[8]["kind"] == "moved" and rows[8]["found_in_new"]["field"] == "position"
    # A row that names a new entry instead of quoting it is matched to the new entry.
    assert rows[23]["status"] == "added-entry"
    assert rows[23]["found_in_new"]["indication"].startswith("Scleromyxedema")


def test_reconcile_flags_changes_not_made_in_new_policy(seed_export: Path, policy_v1) -> None:
    result = reconcile(read_changeform(seed_export), policy_v1, policy_v1)
    statuses = {row["index"]: row["status"] for row in result["rows"]}
    assert statuses[13] == "not-applied"      # "improved" → "improvement" not made
    assert statuses[2] == "not-applied"       # repeated words still there although the new text is a part of them
    assert statuses[0] == "not-applied"       # "Removed" but still there
    assert statuses[11] == "new-not-found"    # added sentence missing
    # Every row fails except those whose text did not change and those that only describe the change.
    assert {i for i, s in statuses.items() if s not in ("not-applied", "new-not-found")} == {5, 12, 21, 23}
    assert not [f for f in result["findings"] if f["rule"] == "reconcile-unlisted-change"]


def test_reconcile_reports_section_mismatch(policy_v1, policy_v2) -> None:
    form = _form([["For immunosuppressed contacts Ig is mainstay management",
                   "For immunosuppressed contacts Ig is the mainstay of management",
                   "Appendix A: Use of Immunoglobulin in Infectious Diseases Varicella zoster", "Grammar", "Lead",
                   "2025-02"]])
    result = reconcile(form, policy_v1, policy_v2)
    mismatch = [f for f in result["findings"] if f["rule"] == "reconcile-section-mismatch"]
    assert len(mismatch) == 1 and mismatch[0]["row"] == 0 and mismatch[0]["field"] == "section"
    assert "Varicella zoster" in mismatch[0]["message"] and "Measles" in mismatch[0]["message"]
    assert result["rows"][0]["section_agrees"] is False


def test_reconcile_reports_quoted_text_not_found(policy_v1, policy_v2) -> None:
    form = _form([["Patients must have had three courses of rituximab", "Patients must have had two courses",
                   "Appendix A: Use of Immunoglobulin in Neurology", "Clarity", "Lead", "2025-01"]])
    result = reconcile(form, policy_v1, policy_v2)
    rules = sorted((f["rule"], f["field"]) for f in result["findings"] if f["row"] == 0)
    assert rules == [("reconcile-not-found", "new"), ("reconcile-not-found", "original")]
    assert "best match" in result["findings"][0]["message"]


def test_normalised_text_maps_back_to_original_offsets() -> None:
    text = "• Platelet  count below\n30 x 10⁹/L –  with bleeding"
    folded = NormalText(text)
    assert folded.text == normalise(text) == "platelet count below 30 x 109/l - with bleeding"
    start = folded.text.index("30 x 109/l")
    begin, end = folded.span(start, start + len("30 x 109/l"))
    assert text[begin:end] == "30 x 10⁹/L"


@pytest.mark.parametrize("fmt", ["json", "text", "csv", "sarif", "html"])
def test_reconcile_command_renders_each_format(fmt: str, seed_export: Path, corpora: Path, tmp_path: Path) -> None:
    out = tmp_path / f"report.{fmt}"
    code = main(["reconcile", str(seed_export), "--old", str(corpora / "policies" / "ig_policy_v1.pdf"),
                 "--new", str(corpora / "policies" / "ig_policy_v2.pdf"), "--format", fmt, "-o", str(out)])
    assert code == 0
    body = out.read_text(encoding="utf-8")
    assert "reconcile-unlisted-change" in body
    if fmt == "json":
        record = json.loads(body)
        assert record["kind"] == "reconcile" and len(record["rows"]) == 25
        assert set(record["findings"][0]) >= {"rule", "severity", "message", "text", "suggestion", "row", "field",
                                              "page", "start", "end"}
    if fmt == "sarif":
        assert json.loads(body)["version"] == "2.1.0"


def test_reconcile_command_fails_on_warning_and_rejects_missing_policy(seed_export: Path, corpora: Path,
                                                                       tmp_path: Path, capsys) -> None:
    v1, v2 = str(corpora / "policies" / "ig_policy_v1.pdf"), str(corpora / "policies" / "ig_policy_v2.pdf")
    assert main(["reconcile", str(seed_export), "--old", v1, "--new", v2, "--fail-on", "warning",
                 "-o", str(tmp_path / "a.json")]) == 1
    assert main(["reconcile", str(seed_export), "--old", v1, "--new", v2, "--fail-on", "error",
                 "-o", str(tmp_path / "b.json")]) == 0
    capsys.readouterr()
    out = tmp_path / "c.json"
    assert main(["reconcile", str(seed_export), "--old", str(tmp_path / "missing.pdf"), "--new", v2,
                 "-o", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert "missing.pdf" in err and err.count("\n") == 0
    assert not out.exists()


def test_reconcile_reads_pdf_change_form(corpora: Path, policy_v1, policy_v2, outcome) -> None:
    path = corpora / "changeforms" / "generated" / "ig_changeform__portrait_narrow_split_rows.pdf"
    if not path.exists():
        pytest.skip("PDF rendering of the seed change form not generated in this checkout")
    result = reconcile(read_changeform(path), policy_v1, policy_v2)
    assert [r["status"] for r in result["rows"]] == [r["status"] for r in outcome["rows"]]
    assert [f["rule"] for f in result["findings"]] == [f["rule"] for f in outcome["findings"]]
