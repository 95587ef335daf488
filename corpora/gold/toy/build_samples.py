"""Write the generated format samples of the toy gold: ``labelstudio.json`` and ``gold.spacy``.

The brat, doccano and spaCy-style JSONL samples beside them are written by hand.

    python corpora/gold/toy/build_samples.py
"""

from __future__ import annotations

from pathlib import Path

from extractor.evaluation.formats import (
    dumps_labelstudio,
    read_annotations,
    write_docbin,
)
from extractor.io import write_text

HERE = Path(__file__).resolve().parent

if __name__ == "__main__":
    gold = read_annotations(HERE / "gold.jsonl")
    write_text(HERE / "labelstudio.json", dumps_labelstudio(gold))
    write_docbin(gold, HERE / "gold.spacy")
