"""Rebuild the spaCy pipelines under models/ from code and the rule files.

Usage:
    python scripts/build_models.py [--out models] [--check]

Writes ``models/extractor_core`` (``config.cfg``, ``meta.json``, tokenizer rules and each
component's rule data) with ``nlp.to_disk``. ``--check`` loads the written folder with
``spacy.load`` and compares its output with the in-memory pipeline on a test sentence.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ("Selection criteria\n• Serum IgG of < 4g/l, AND\n• platelets below 30 x 109/L\n"
          "Recommended dose: IVIg 2 g/kg over 2–5 days, then 1 g/kg every 4 weeks (NICE NG200).")


def main(argv: list[str] | None = None) -> int:
    """Build the pipelines; return 0 on success, 1 when ``--check`` finds a difference."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "models"), help="models folder (default: models/)")
    parser.add_argument("--check", action="store_true", help="reload with spacy.load and compare outputs")
    args = parser.parse_args(argv)

    import spacy

    from extractor.nlp.pipeline import DEFAULT_PIPELINE, build_pipeline, doc_to_dict

    nlp = build_pipeline()
    target = Path(args.out) / DEFAULT_PIPELINE
    with tempfile.TemporaryDirectory(dir=Path(args.out).parent if Path(args.out).exists() else None) as tmp:
        staging = Path(tmp) / DEFAULT_PIPELINE
        nlp.to_disk(staging)
        if target.exists():
            shutil.rmtree(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(staging), str(target))
    print(f"wrote {target} ({', '.join(nlp.pipe_names)})")
    if args.check:
        loaded = spacy.load(target)
        same = doc_to_dict(loaded(SAMPLE)) == doc_to_dict(nlp(SAMPLE))
        print("spacy.load output matches" if same else "spacy.load output DIFFERS")
        return 0 if same else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
