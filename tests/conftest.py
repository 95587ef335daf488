"""Shared fixtures: paths to the real documents and gold data in corpora/."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"


@pytest.fixture(scope="session")
def root() -> Path:
    """The repository root."""
    return ROOT


@pytest.fixture(scope="session")
def corpora() -> Path:
    """The corpora/ folder."""
    return CORPORA


@pytest.fixture(scope="session")
def seed_export() -> Path:
    """The Ig policy change form as exported text (the project's seed document)."""
    return CORPORA / "samples" / "ig_changeform_export.txt"


@pytest.fixture(scope="session")
def changeform_gold() -> dict[str, Any]:
    """Hand-checked rows of the seed change form."""
    return json.loads((CORPORA / "gold" / "changeform" / "ig_changeform.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def blind_forms(corpora: Path) -> dict[str, tuple[dict[str, Any], Any]]:
    """The change forms written blind by other engineers (corpora/changeforms/blind), each read
    once with the packaged word lists: file name -> (gold, ChangeForm)."""
    from extractor.changeform import read_changeform

    forms = {}
    for gold_path in sorted((corpora / "gold" / "changeform_blind").glob("*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        forms[gold["file"]] = (gold, read_changeform(corpora / "changeforms" / "blind" / gold["file"]))
    return forms
