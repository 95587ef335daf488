"""Project configuration (extractor.toml / [tool.extractor]) seen in `extractor qa` output."""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

FORM = ("Section\tOriginal text\tNew text\tReason for change\tChanged by\tDate\n"
        "4.2\tGive 5 mg daily.\tGive 10 mg daily.\tDose updated after review\tSenior Pharmacy Lead\t03/02/2025\n"
        "5.1\tSee the regional renal netwrk guidance.\tSee the regional renal netwrk guidance on dialysis.\tClarity"
        "\tRenal Lead\t04/02/2025\n"
        "6.0\tAsk the Glenfield Drug Board.\tAsk the Glenfield Drug Board before starting.\tClarity\tRenal Lead"
        "\t05/02/2025\n")
LOCAL_REGISTRY = """entries:
  - id: glenfield-drug-board
    kind: organisation
    patterns: ['Glenfield\\s+Drug\\s+Board']
    status: abolished
    successor: Glenfield Medicines Committee
    date: 2024-04-01
    source: local governance minutes
"""


@dataclass
class Done:
    """What a run of the command printed and returned."""

    returncode: int
    stdout: str
    stderr: str


def _qa(folder: Path, *extra: str) -> Done:
    """Run ``extractor qa`` in ``folder`` (in this process, as the console script would)."""
    from extractor.cli import main

    out, err = io.StringIO(), io.StringIO()
    before = os.getcwd()
    os.chdir(folder)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = main(["qa", "form.txt", "--format", "json", "--today", "2026-01-01", *extra])
    finally:
        os.chdir(before)
    return Done(status, out.getvalue(), err.getvalue())


def test_qa_console_script_reads_the_config_of_its_working_directory(tmp_path: Path):
    (tmp_path / "form.txt").write_text(FORM, encoding="utf-8")
    (tmp_path / "extractor.toml").write_text('[qa]\nselect = ["numeric-change"]\n', encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "extractor", "qa", "form.txt", "--format", "json"], cwd=tmp_path,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0 and {f["rule"] for f in _findings(done)} == {"numeric-change"}


def _findings(done: Done | subprocess.CompletedProcess[str]) -> list[dict]:
    assert done.returncode == 0, done.stderr
    record = json.loads(done.stdout)
    return (record[0] if isinstance(record, list) else record)["findings"]


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    (tmp_path / "form.txt").write_text(FORM, encoding="utf-8")
    return tmp_path


def test_config_adds_a_word_ignores_a_rule_sets_a_severity_and_adds_a_stale_entry(project: Path):
    before = _findings(_qa(project))
    assert any(f["rule"] == "spelling" and f["text"] == "netwrk" for f in before)
    assert any(f["rule"] == "numeric-change" for f in before)
    assert not any(f["rule"] == "stale-reference" for f in before)
    (project / "words.txt").write_text("# our words\nnetwrk\n", encoding="utf-8")
    (project / "local_stale.yaml").write_text(LOCAL_REGISTRY, encoding="utf-8")
    (project / "extractor.toml").write_text(
        '[qa]\nignore = ["numeric-change"]\n[qa.severity]\nstale-reference = "warning"\n'
        '[qa.spelling]\nword-files = ["words.txt"]\n[qa.stale-reference]\nregistry = "local_stale.yaml"\n',
        encoding="utf-8")
    after = _findings(_qa(project))
    assert not any(f["rule"] == "spelling" and f["text"] == "netwrk" for f in after)
    assert not any(f["rule"] == "numeric-change" for f in after)
    stale = [f for f in after if f["rule"] == "stale-reference"]
    assert stale and {f["severity"] for f in stale} == {"warning"} and "Glenfield" in stale[0]["text"]
    assert _findings(_qa(project, "--no-config")) == before


def test_config_in_pyproject_found_from_a_subfolder(project: Path):
    (project / "pyproject.toml").write_text('[tool.extractor.qa]\nselect = ["spelling"]\n', encoding="utf-8")
    sub = project / "forms"
    sub.mkdir()
    (sub / "form.txt").write_text(FORM, encoding="utf-8")
    assert {f["rule"] for f in _findings(_qa(sub))} == {"spelling"}


@pytest.mark.parametrize("content, key", [
    ('[qa]\nslect = ["spelling"]\n', "slect"),
    ('[qa]\nselect = ["speling"]\n', "speling"),
    ('[qa.severity]\nspelling = "fatal"\n', "fatal"),
    ('[qa.spelling]\nword-files = ["missing.txt"]\n', "missing.txt"),
    ('[qa\n', "cannot read"),
])
def test_bad_config_exits_2_with_one_line_naming_file_and_key(project: Path, content: str, key: str):
    (project / "extractor.toml").write_text(content, encoding="utf-8")
    done = _qa(project)
    assert done.returncode == 2 and done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "extractor.toml" in lines[0] and key in lines[0]


def test_baseline_reports_only_findings_new_since_an_earlier_report(project: Path):
    assert _qa(project, "-o", "previous.json").returncode == 0
    form = project / "form.txt"
    form.write_text(FORM.replace("Give 10 mg daily.", "Give 10 mg daily daily."), encoding="utf-8")
    later = _findings(_qa(project, "--baseline", "previous.json"))
    assert [(f["rule"], f["text"]) for f in later] == [("repeated-word", "daily daily")]
    (project / "bad.json").write_text("{not json", encoding="utf-8")
    done = _qa(project, "--baseline", "bad.json")
    assert done.returncode == 2 and "bad.json" in done.stderr and len(done.stderr.strip().splitlines()) == 1
