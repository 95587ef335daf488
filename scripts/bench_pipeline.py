"""Words per second of the extraction pipeline against spaCy's bare tokenizer on the corpora texts.

Usage:
    python scripts/bench_pipeline.py [--repeat 3] [--model NAME]

Texts: the gold sentences (corpora/gold/*.jsonl), the seed export, the QA excerpt and the text of
the policy PDFs. Prints one row per stage: the bare ``spacy.blank("en").tokenizer``, scispaCy's
tokenizer, the full pipeline per document (``nlp.pipe``), and ``extract_document`` on the PDFs.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def corpus_texts() -> list[str]:
    """The texts benchmarked, read from corpora/."""
    texts: list[str] = []
    for split in ("dev", "test"):
        path = ROOT / "corpora" / "gold" / f"{split}.jsonl"
        if path.exists():
            lines = path.read_text(encoding="utf-8").splitlines()
            texts += [json.loads(line)["text"] for line in lines if line.strip()]
    extra = [ROOT / "corpora" / "samples" / "ig_changeform_export.txt",
             *sorted((ROOT / "corpora" / "qa").glob("*.txt"))]
    for path in extra:
        if path.exists():
            texts.append(path.read_text(encoding="utf-8"))
    from extractor.readers import read_document

    for pdf in sorted((ROOT / "corpora" / "policies").glob("*.pdf")):
        texts.append(read_document(pdf).text)
    return texts


def timed(func: Callable[[], object], repeat: int) -> float:
    """Best wall time of ``repeat`` runs."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per stage; the best is kept")
    parser.add_argument("--model", default=None, help="pipeline name (default: extractor_core)")
    args = parser.parse_args(argv)

    import spacy

    from extractor.nlp import load
    from extractor.nlp.pipeline import scispacy_tokenizer

    texts = corpus_texts()
    words = sum(len(t.split()) for t in texts)
    bare = spacy.blank("en").tokenizer
    nlp = load(args.model)
    sci = scispacy_tokenizer(spacy.blank("en"))
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r".*\[W036\]")
        rows = [
            ("spacy.blank('en').tokenizer", timed(lambda: [bare(t) for t in texts], args.repeat)),
            ("scispaCy tokenizer", timed(lambda: [sci(t) for t in texts], args.repeat)),
            ("full pipeline (nlp.pipe)", timed(lambda: list(nlp.pipe(texts)), args.repeat)),
        ]
    base = rows[0][1]
    print(f"{len(texts)} texts, {words} words, best of {args.repeat}")
    print(f"{'stage':34} {'seconds':>8} {'words/s':>10} {'vs tokenizer':>13}")
    for name, seconds in rows:
        print(f"{name:34} {seconds:8.3f} {words / seconds:10.0f} {base / seconds:12.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
