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
