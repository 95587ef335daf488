"""Build corpora/gold/{dev,test}.jsonl and manifest.json from the YAML sources here.

Usage: python corpora/gold/extraction_sources/build_gold.py

Splits (``SPLITS``): ``dev`` = dev.yaml + test.yaml (both used for rule development; the old test
split was merged into dev after it had been used for error analysis), ``test`` = blind.yaml (written
2026-12-01 without access to the rules, never used to write rules).

Each span is found in its document's text in order (searching after the previous span's start);
a span that is not found, or an unknown attribute, stops the build with a message.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
GOLD = HERE.parent
#: Output split -> the YAML files it is built from, in order.
SPLITS: dict[str, tuple[str, ...]] = {"dev": ("dev.yaml", "test.yaml"), "test": ("blind.yaml",)}
DESCRIPTION = ("Hand-annotated threshold and dose mentions in policy-style sentences; "
               "see corpora/gold/extraction_sources/README.md for conventions. "
               "The test split (blind.yaml) was written blind, 2026-12-01, without access to the rules, "
               "and is never used to write rules; the old test split (test.yaml) was merged into dev "
               "after it had been used for error analysis.")
DOSE_KEYS = ("amount", "amount_max", "unit", "ucum", "route", "frequency", "duration", "max", "timing", "product")


def _interval(value: list | None) -> dict | None:
    if value is None:
        return None
    low, high, unit, *text = value
    return {"min": low, "max": high, "unit": unit, "text": text[0] if text else None}


def convert(doc: dict, split: str) -> dict:
    """One YAML document as a gold JSON document; ``split`` names its source in error messages."""
    text = doc["text"]
    spans = []
    cursor = 0
    for entry in doc.get("spans") or []:
        (kind, value), = entry.items()
        written = value[0]
        start = text.find(written, cursor)
        if start < 0:
            sys.exit(f"{split}/{doc['id']}: span {written!r} not found")
        end = start + len(written)
        cursor = start + 1
        if kind == "T":
            _, analyte, comparator, low, high, unit, ucum = value
            attributes = {"analyte": analyte, "comparator": comparator, "value": low, "value_max": high,
                          "unit": unit, "ucum": ucum}
            label = "threshold"
        elif kind == "D":
            raw = value[1]
            unknown = set(raw) - set(DOSE_KEYS)
            if unknown:
                sys.exit(f"{split}/{doc['id']}: unknown dose keys {sorted(unknown)}")
            attributes = {key: raw.get(key) for key in DOSE_KEYS}
            freq = raw.get("frequency")
            attributes["frequency"] = {"every": [freq[0], freq[1]], "unit": freq[2]} if freq else None
            attributes["duration"] = _interval(raw.get("duration"))
            attributes["timing"] = _interval(raw.get("timing"))
            attributes["max"] = {"value": raw["max"][0], "unit": raw["max"][1]} if raw.get("max") else None
            label = "dose"
        else:
            sys.exit(f"{split}/{doc['id']}: unknown span kind {kind!r}")
        assert text[start:end] == written
        spans.append({"start": start, "end": end, "label": label, "attributes": attributes})
    return {"id": doc["id"], "text": text, "source": doc["source"], "spans": spans}


def main() -> int:
    manifest = {"description": DESCRIPTION,
                "format": "one JSON document per line: {id, text, source, spans: [{start, end, label, attributes}]}",
                "labels": ["threshold", "dose"], "splits": {}}
    seen: set[str] = set()
    for split, files in SPLITS.items():
        out = []
        for name in files:
            docs = yaml.safe_load((HERE / name).read_text(encoding="utf-8"))
            out += [convert(doc, name) for doc in docs]
        ids = {d["id"] for d in out}
        repeated = sorted(i for i, n in Counter(d["id"] for d in out).items() if n > 1)
        if ids & seen or repeated:
            sys.exit(f"{split}: duplicate ids {sorted(ids & seen) + repeated}")
        texts = {d["text"] for d in out}
        seen |= ids
        (GOLD / f"{split}.jsonl").write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in out),
                                             encoding="utf-8")
        labels = Counter(s["label"] for d in out for s in d["spans"])
        manifest["splits"][split] = {
            "file": f"corpora/gold/{split}.jsonl",
            "built_from": [f"corpora/gold/extraction_sources/{name}" for name in files],
            "documents": len(out),
            "negative_documents": sum(1 for d in out if not d["spans"]),
            "spans": dict(sorted(labels.items())),
            "sources": dict(sorted(Counter(d["source"] for d in out).items())),
        }
        manifest.setdefault("_texts", {})[split] = texts
    if manifest["_texts"]["dev"] & manifest["_texts"]["test"]:
        sys.exit("dev and test share a text")
    del manifest["_texts"]
    manifest["total_spans"] = dict(Counter(
        label for split in manifest["splits"].values() for label, n in split["spans"].items() for _ in range(n)))
    (GOLD / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(manifest["splits"], indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
