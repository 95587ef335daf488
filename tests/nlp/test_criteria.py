"""Criteria blocks and AND/OR trees."""

from __future__ import annotations

from extractor.nlp.criteria import build_criteria, find_criteria

BLOCK = """2.1 Selection criteria
• Confirmed diagnosis of CIDP, AND
• Significant disability (INCAT score of at least 2), AND
• One of the following:
  o IgG below 4 g/L
  o Platelet count < 30 x 10^9/L
OR
• Failure of corticosteroids

Exclusion criteria:
• Patients with IgA deficiency
• eGFR < 30 mL/min/1.73m2

Recommended dose: IVIg 2 g/kg over 2–5 days, then 1 g/kg every 4 weeks.
"""


def test_headings_open_blocks_of_their_kind() -> None:
    blocks = find_criteria(BLOCK)
    assert [(b["heading"], b["kind"]) for b in blocks] == [
        ("Selection criteria", "selection"), ("Exclusion criteria", "exclusion"), ("Recommended dose", "dose")]


def test_connectives_build_and_or_tree_with_or_binding_tighter() -> None:
    tree = find_criteria(BLOCK)[0]["tree"]
    assert tree["op"] == "AND"
    first, second, alternatives = tree["items"]
    assert first["text"] == "Confirmed diagnosis of CIDP"
    assert second["thresholds"][0]["analyte"] == "INCAT score"
    assert alternatives["op"] == "OR"
    group, failure = alternatives["items"]
    assert group["op"] == "OR" and [leaf["thresholds"][0]["analyte"] for leaf in group["items"]] == \
        ["IgG", "platelet count"]
    assert failure["text"] == "Failure of corticosteroids"


def test_leaf_offsets_index_the_document_text() -> None:
    def leaves(node):
        if "op" in node:
            for item in node["items"]:
                yield from leaves(item)
        else:
            yield node
    for block in find_criteria(BLOCK):
        for leaf in leaves(block["tree"]):
            assert BLOCK[leaf["start"]:leaf["end"]] == leaf["text"]
            for item in leaf["thresholds"] + leaf["doses"]:
                assert BLOCK[item["start"]:item["end"]] == item["text"]


def test_build_criteria_on_a_field_with_or_lines_and_offset() -> None:
    field = "• Parvovirus B19 infection confirmed by PCR,\nAND\n• Evidence of high viral load, usually above 10⁹ IU/ml"
    tree = build_criteria(field, offset=100)
    assert tree["op"] == "AND" and len(tree["items"]) == 2
    leaf = tree["items"][1]
    assert leaf["start"] >= 100 and field[leaf["start"] - 100:leaf["end"] - 100] == leaf["text"]
    assert leaf["thresholds"][0]["value"] == 10 ** 9
    either = build_criteria("• relapse within 6 months or\n• intolerance of steroids")
    assert either["op"] == "OR"
