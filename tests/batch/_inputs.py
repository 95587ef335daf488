"""Builders of real batch inputs for the batch tests (the repository's generator scripts)."""

from __future__ import annotations

import importlib.util
import random
import shutil
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]


def script(name: str) -> ModuleType:
    """Import ``scripts/<name>.py`` as a module."""
    spec = importlib.util.spec_from_file_location(f"_scripts_{name}", ROOT / "scripts" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def generated_forms(folder: Path, count: int, seed: int = 11) -> list[Path]:
    """Write ``count`` generated change-form PDFs (1–3 pages) into ``folder``."""
    maker = script("make_batch_corpus")
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for number in range(count):
        path = folder / f"form_{number:03d}.pdf"
        maker.make_form(path, rng)
        paths.append(path)
    return paths


def mixed_inputs(folder: Path, seed_export: Path, forms: int = 4) -> Path:
    """A folder with the seed change-form export, a policy text, generated PDFs and a fake PDF."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(seed_export, folder / seed_export.name)
    sub = folder / "pdf"
    generated_forms(sub, forms)
    (folder / "policy.txt").write_text(
        "1 Eligibility\nPatients with a serum IgG below 4 g/L and recurrent infections are eligible.\n\n"
        "2 Dosing\nImmunoglobulin 0.4 g/kg every 4 weeks, up to a maximum of 90 g.\n", encoding="utf-8")
    (folder / "broken.pdf").write_text("this is not a PDF at all", encoding="utf-8")
    return folder
