"""Policies read once per session (reading and extraction take a few seconds)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from extractor.policy import Policy, read_policy


@pytest.fixture(scope="session")
def policy_v1(corpora: Path) -> Policy:
    """The fixture policy, version 1, with fields extracted."""
    return read_policy(corpora / "policies" / "ig_policy_v1.pdf")


@pytest.fixture(scope="session")
def policy_v2(corpora: Path) -> Policy:
    """Version 2 (the seed change form applied, plus one unlisted change), structure only."""
    return read_policy(corpora / "policies" / "ig_policy_v2.pdf", extract=False)


def load_gold(corpora: Path, name: str) -> dict[str, Any]:
    """A gold record from corpora/gold/policy/."""
    return json.loads((corpora / "gold" / "policy" / f"{name}.json").read_text(encoding="utf-8"))
