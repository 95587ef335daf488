"""The extraction gold corpus: well-formed, disjoint splits, exact offsets."""

from __future__ import annotations

import json


def load(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_gold_offsets_slice_the_text_and_splits_are_disjoint(corpora) -> None:
    dev, test = load(corpora / "gold" / "dev.jsonl"), load(corpora / "gold" / "test.jsonl")
    assert not {d["id"] for d in dev} & {d["id"] for d in test}
    assert not {d["text"] for d in dev} & {d["text"] for d in test}
    total = 0
    for doc in dev + test:
        assert set(doc) == {"id", "text", "source", "spans"}
        for span in doc["spans"]:
            assert 0 <= span["start"] < span["end"] <= len(doc["text"])
            assert span["label"] in {"threshold", "dose"}
            assert doc["text"][span["start"]:span["end"]].strip() == doc["text"][span["start"]:span["end"]]
            total += 1
    assert total >= 150
    assert any(not doc["spans"] for doc in dev) and any(not doc["spans"] for doc in test)


def test_manifest_counts_match_the_files(corpora) -> None:
    manifest = json.loads((corpora / "gold" / "manifest.json").read_text(encoding="utf-8"))
    for split in ("dev", "test"):
        docs = load(corpora / "gold" / f"{split}.jsonl")
        counts = {}
        for doc in docs:
            for span in doc["spans"]:
                counts[span["label"]] = counts.get(span["label"], 0) + 1
        assert manifest["splits"][split]["spans"] == counts
        assert manifest["splits"][split]["documents"] == len(docs)


def test_splits_are_built_from_the_sources_the_manifest_names(corpora) -> None:
    """dev = dev.yaml + test.yaml (old test split, every id kept); test = blind.yaml only."""
    import yaml

    manifest = json.loads((corpora / "gold" / "manifest.json").read_text(encoding="utf-8"))
    sources = corpora / "gold" / "extraction_sources"
    assert [p.rsplit("/", 1)[-1] for p in manifest["splits"]["dev"]["built_from"]] == ["dev.yaml", "test.yaml"]
    assert [p.rsplit("/", 1)[-1] for p in manifest["splits"]["test"]["built_from"]] == ["blind.yaml"]
    assert "blind" in manifest["description"]
    for split in ("dev", "test"):
        ids = [d["id"] for d in load(corpora / "gold" / f"{split}.jsonl")]
        written = [doc["id"] for path in manifest["splits"][split]["built_from"]
                   for doc in yaml.safe_load((sources / path.rsplit("/", 1)[-1]).read_text(encoding="utf-8"))]
        assert ids == written
