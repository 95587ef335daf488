"""Column roles from header AND content (extractor/changeform/roles.py), on forms written blind."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from extractor.changeform import HeaderSynonyms, read_changeform
from extractor.changeform.roles import Grid, assign_roles, choose_table, header_scores
from extractor.errors import NotAChangeForm

ROOT = Path(__file__).resolve().parents[2]
BLIND = ROOT / "corpora" / "changeforms" / "blind"
BLIND_GOLD = sorted((ROOT / "corpora" / "gold" / "changeform_blind").glob("*.gold.json"))
NO_WORDINGS = HeaderSynonyms(fields={})  # no synonyms and no cue words: content alone


def _gold(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def test_changeform_columns_of_forms_written_elsewhere_match_gold(blind_forms):
    assert len(blind_forms) >= 18
    for name, (gold, form) in blind_forms.items():
        assert form.fields == gold["fields"], name
        assert len(form.field_evidence) == len(form.fields)
        for role, evidence in zip(form.fields, form.field_evidence, strict=True):
            assert (evidence is None) == (role is None)
            if evidence:
                assert evidence["source"] in {"header", "content", "header+content"} and 0 < evidence["score"] <= 1


def test_changeform_content_alone_maps_nine_in_ten_columns_of_blind_forms():
    right = total = 0
    for gold_path in BLIND_GOLD[::2]:  # every other form (the whole set: evaluation/column_roles_eval.py)
        gold = _gold(gold_path)
        form = read_changeform(BLIND / gold["file"], synonyms=NO_WORDINGS)
        right += sum(a == b for a, b in zip(form.fields, gold["fields"], strict=True))
        total += len(gold["fields"])
        # the original/new pair and its direction come from the cells alone
        assert form.fields.index("original") == gold["fields"].index("original"), gold["file"]
        assert form.fields.index("new") == gold["fields"].index("new"), gold["file"]
    assert right / total >= 0.9


def test_changeform_content_alone_says_so_in_warnings():
    form = read_changeform(BLIND / "cf09_calder_oral_anticoagulation.txt", synonyms=NO_WORDINGS)
    assert form.fields == ["section", "original", "new", "reason", "changed_by", "date", "change_type"]
    assert all(e["source"] == "content" for e in form.field_evidence)
    assert len(form.warnings) >= 6 and all("content alone" in w for w in form.warnings[:6])


def test_proposed_wording_is_new_text_and_proposed_by_its_author():
    header = ["Proposed wording", "Current wording", "Proposed by", "Logged"]
    rows = [["Give 0.4 g/kg every 4 weeks.", "Give 0.4 g/kg every 3 weeks.", "Dr A. Patel", "03/02/2025"],
            ["Check IgG before each dose.", "Check IgG every 3 months.", "Senior Pharmacy Lead", "4 March 2025"],
            ["Stop if no response at 6 months.", "Stop if no response.", "Neurology CRG", "2025-04"]]
    roles = assign_roles(header, rows)
    assert roles.fields == ["new", "original", "changed_by", "date"]
    assert roles.is_change_table


def test_direction_cue_overrides_the_shared_noun():
    scores = header_scores("Superseded wording", HeaderSynonyms.from_dict(
        {"fields": {"new": ["revised wording"]}, "cues": {"original": ["superseded"], "new": ["revised"]}}))
    assert scores["original"] > scores["new"]


def test_status_column_of_one_value_is_not_a_change_type():
    header = ["Ref", "Before", "After", "Status"]
    rows = [[f"4.{i}", f"Dose {i} mg daily.", f"Dose {i + 1} mg daily.", "Approved"] for i in range(1, 7)]
    assert assign_roles(header, rows).fields[3] is None


def test_change_type_column_found_from_its_values():
    header = ["Where", "Was", "Now", "Kind"]
    kinds = ["Typographical", "Clinical", "Administrative", "Clinical", "Typographical"]
    rows = [[f"Section {i}", f"Give {i} mg.", f"Give {i + 2} mg.", k] for i, k in enumerate(kinds)]
    assert assign_roles(header, rows, synonyms=NO_WORDINGS).fields[3] == "change_type"


def test_pair_that_cannot_be_told_apart_is_a_warning():
    header = ["A", "B", "C"]
    rows = [["2.1", "Platelets below 30 x 10^9/L.", "Platelets below 50 x 10^9/L."],
            ["3.4", "Review every 6 months.", "Review every 12 months."],
            ["5.0", "Dose 1 g/kg.", "Dose 2 g/kg."]]
    roles = assign_roles(header, rows, synonyms=NO_WORDINGS)
    assert roles.fields == ["section", "original", "new"]
    assert any("could not be told apart" in w for w in roles.warnings)


def test_choose_table_skips_version_history_for_the_change_table():
    history = Grid(["Version", "Date", "Author"], [["1.0", "01/01/2024", "J. Smith"], ["1.1", "02/02/2025", "A. Jones"]])
    changes = Grid(["Ref", "Old", "New", "Why"],
                   [["1.2", "Give 1 g/kg over 2 days.", "Give 2 g/kg over 2 to 5 days.", "Dose updated"],
                    ["3.1", "Check IgG trough levels.", "Check IgG trough levels every 3 months.", "Clarity"]])
    chosen = choose_table([history, changes])
    assert chosen is not None and chosen[0] is changes


def test_text_without_a_change_table_is_not_a_change_form(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("Minutes\nItem\tOwner\tDue\nBudget\tFinance team\tMarch\nRota\tMatron\tApril\n", encoding="utf-8")
    with pytest.raises(NotAChangeForm):
        read_changeform(path)


def test_changeform_command_prints_role_warnings_on_stderr():
    done = subprocess.run([sys.executable, "-m", "extractor", "changeform", str(BLIND / "cf07_riverside_hit_itp.pdf")],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0
    record = json.loads(done.stdout)
    assert record["warnings"] and all(w in done.stderr for w in record["warnings"])
    assert record["fields"][1] == "original" and record["field_evidence"][1]["source"] == "content"


GENERATED = ROOT / "corpora" / "changeforms" / "roles"
GENERATED_GOLD = ROOT / "corpora" / "gold" / "changeform_roles"


def test_generated_thesaurus_forms_columns_and_rows_from_five_producers():
    right = total = rows_right = rows_total = 0
    for gold_path in sorted(GENERATED_GOLD.glob("*.json"))[::2]:  # every other form: all five producers
        gold = _gold(gold_path)
        path = next(GENERATED.glob(f"{gold_path.stem}__*"))
        form = read_changeform(path)
        right += sum(a == b for a, b in zip(form.fields, gold["fields"], strict=True))
        total += len(gold["fields"])
        found = [[c.strip() for c in row.cells] for row in form.rows]
        rows_right += sum(1 for row in gold["rows"] if [c.strip() for c in row["cells"]] in found)
        rows_total += len(gold["rows"])
    assert right / total >= 0.97 and rows_right / rows_total >= 0.97


def test_abbreviated_headers_read_as_the_cue_they_shorten():
    scores = {h: max(header_scores(h, HeaderSynonyms.from_dict(
        {"fields": {}, "cues": {"original": ["original"], "new": ["revised"], "reason": ["reason"],
                                "changed_by": ["initials", "responsible"], "date": ["date"],
                                "change_type": ["category"]}})).items(), key=lambda kv: kv[1])[0]
              for h in ["Orig.", "Rev.", "Rsn", "Init.", "Dt", "Cat."]}
    assert scores == {"Orig.": "original", "Rev.": "new", "Rsn": "reason", "Init.": "changed_by", "Dt": "date",
                      "Cat.": "change_type"}


def test_one_header_word_is_not_a_different_word_alike_in_letters():
    from extractor.changeform.fields import score_header

    assert score_header("Justification", ("classification",)) == 0.0
    assert score_header("Reasn", ("reason",)) >= 88


def test_body_row_sentence_is_no_header_evidence():
    assert max(header_scores("The dose has been changed to 10 mg daily for adults.", HeaderSynonyms.from_dict(
        {"fields": {}, "cues": {"new": ["changed"]}})).values()) == 0.0


def test_ordinary_before_after_table_is_not_a_change_table():
    header = ["Before treatment", "After treatment"]
    rows = [["Haemoglobin 90 g/L", "Haemoglobin 110 g/L"], ["Platelets 20 x 10^9/L", "Platelets 60 x 10^9/L"],
            ["Ferritin 10 micrograms/L", "Ferritin 40 micrograms/L"]]
    assert not assign_roles(header, rows).is_change_table


def test_three_level_section_numbers_are_not_dates():
    from extractor.changeform.roles import is_date

    assert not is_date("3.1.12") and not is_date("4.2.10")
    assert is_date("12.02.26") and is_date("03/02/2025") and is_date("2025-02")


def test_text_export_header_found_after_many_label_lines():
    from extractor.changeform.text_export import parse_export

    meta = "".join(f"Label {i}\tvalue {i}\n" for i in range(12))
    table = ("Section\tOriginal text\tNew text\tReason for change\tDate\n"
             "4.2\tGive 5 mg daily for four weeks.\tGive 10 mg daily for four weeks.\tDose corrected\t01/02/2024\n"
             "5.1\tReview at 12 weeks.\tReview at 16 weeks.\tUpdated evidence\t03/02/2024\n")
    form = parse_export(meta + table, "meta.txt")
    assert form.fields[:5] == ["section", "original", "new", "reason", "date"] and len(form.rows) == 2


def test_pdf_header_of_known_wording_without_rows_is_an_input_error(tmp_path):
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

    from extractor.errors import InputError

    path = tmp_path / "header_only.pdf"
    table = Table([["Section", "Original text", "New text", "Reason for change", "Date"]])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    SimpleDocTemplate(str(path), pagesize=A4).build([table])
    with pytest.raises(InputError, match="header but no rows") as info:
        read_changeform(path)
    assert not isinstance(info.value, NotAChangeForm)
