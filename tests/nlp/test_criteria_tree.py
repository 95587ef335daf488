"""Criteria trees from list structure, stems, connectives and prose (extractor.nlp.criteria_tree)."""

from __future__ import annotations

from typing import Any

import pytest

from extractor.nlp.criteria_tree import (
    build_tree,
    compose,
    drop_restated_population,
    restates,
    stem_op,
    units_from_text,
)


def _shape(node: Any) -> Any:
    """A tree as (op, [items]) with leaf texts, stems and ``min`` left out unless present."""
    if "op" not in node:
        return node["text"]
    head = node["op"] + (f"≥{node['min']}" if node.get("min") else "")
    return (head, [_shape(item) for item in node["items"]])


def _tree(text: str) -> Any:
    return build_tree(units_from_text(text), text)


def test_stem_sets_the_op_of_its_nested_items_and_is_never_a_leaf() -> None:
    text = ("A. Primary immunodeficiency (must meet all):\n1. Diagnosis of PID;\n2. Age ≥ 2 years;\n"
            "3. One of the following (a or b):\na. IgG < 4 g/L;\nb. Recurrent infections despite antibiotics;\n"
            "4. Prescribed by an immunologist.")
    tree = _tree(text)
    assert tree["stem"] == "Primary immunodeficiency (must meet all)"
    assert _shape(tree) == ("AND", ["Diagnosis of PID", "Age ≥ 2 years",
                                    ("OR", ["IgG < 4 g/L", "Recurrent infections despite antibiotics"]),
                                    "Prescribed by an immunologist."])


def test_connectives_at_the_ends_of_items_join_siblings_and_climb_out_of_a_sublist() -> None:
    text = ("All of the following:\n1 Patient has severe asthma; and\n2 Either:\n2.1 Eosinophils ≥ 300 cells/µL; or\n"
            "2.2 FeNO ≥ 50 ppb; and\n3 Patient is 12 years or older.")
    assert _shape(_tree(text)) == ("AND", ["Patient has severe asthma", ("OR", ["Eosinophils ≥ 300 cells/µL",
                                                                                  "FeNO ≥ 50 ppb"]),
                                           "Patient is 12 years or older."])


def test_at_least_n_of_is_an_or_with_min() -> None:
    assert stem_op("The patient must meet at least two of the following:") == ("OR", 2)
    tree = _tree("Patients must meet at least two of the following:\n• IgG below 4 g/L\n• Two serious infections\n"
                 "• Failure of antibiotics")
    assert _shape(tree) == ("OR≥2", ["IgG below 4 g/L", "Two serious infections", "Failure of antibiotics"])


def test_a_description_before_the_first_stem_is_not_a_condition() -> None:
    text = ("CIDP is an acquired disorder of peripheral nerves.\nThe diagnosis requires all of the following:\n"
            "• Progressive weakness over 8 weeks\n• Reduced reflexes")
    assert _shape(_tree(text)) == ("AND", ["Progressive weakness over 8 weeks", "Reduced reflexes"])


@pytest.mark.parametrize(("text", "expected"), [
    ("Tocilizumab is recommended for adults with giant cell arteritis who have relapsing disease, or who have "
     "refractory disease despite glucocorticoids.",
     ("AND", ["adults with giant cell arteritis", ("OR", ["have relapsing disease",
                                                          "have refractory disease despite glucocorticoids"])])),
    ("IVIG is not recommended for patients with pure sensory CIDP, for patients with anti-MAG antibodies, or for "
     "stable CIDP with an INCAT score below 2.",
     ("OR", ["patients with pure sensory CIDP", "patients with anti-MAG antibodies",
             "stable CIDP with an INCAT score below 2"])),
    ("Treatment may continue if the patient has maintained the response and has had a trial of dose reduction.",
     ("AND", ["the patient has maintained the response", "has had a trial of dose reduction"])),
    ("A diagnosis requires either (a) a serum IgG below the reference range, or (b) a genetic diagnosis.",
     ("OR", ["a serum IgG below the reference range", "a genetic diagnosis"])),
])
def test_prose_is_split_into_the_conditions_it_coordinates(text: str, expected: Any) -> None:
    assert _shape(_tree(text)) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("IVIG is not covered for CIDP when the neuropathy is associated with an IgM paraprotein, or when no "
     "objective improvement has been documented after two courses.",
     ("OR", ["the neuropathy is associated with an IgM paraprotein",
             "no objective improvement has been documented after two courses"])),
    ("Continued IVIG beyond 6 months is covered for patients who achieve a TIS of 20 or more and who have had a "
     "dose reduction at least once.",
     ("AND", ["achieve a TIS of 20 or more", "have had a dose reduction at least once"])),
    ("IVIG is recommended for adults with CIDP who have moderate disability, or whose weakness is progressing.",
     ("AND", ["adults with CIDP", ("OR", ["have moderate disability", "whose weakness is progressing"])])),
])
def test_prose_repeated_condition_words_passive_lead_ins_and_whose_clauses(text: str, expected: Any) -> None:
    assert _shape(_tree(text)) == expected


def test_a_numbered_recommendation_paragraph_is_split_like_prose() -> None:
    text = ("1.15 Orvekimab is not recommended for people with mild disease (Hurley stage I), or for people whose "
            "disease has responded to conventional systemic treatment.")
    assert _shape(_tree(text)) == ("OR", ["people with mild disease (Hurley stage I)",
                                          "people whose disease has responded to conventional systemic treatment"])


def test_a_leaf_restating_the_indication_population_is_dropped() -> None:
    tree = _tree("IVIG is recommended for adults and children with CIDP who have moderate disability, or whose "
                 "weakness is progressing.")
    dropped = drop_restated_population(tree, "Chronic inflammatory demyelinating polyneuropathy (CIDP)")
    assert _shape(dropped) == ("OR", ["have moderate disability", "whose weakness is progressing"])
    # a population with conditions of its own stays
    assert drop_restated_population(tree, "Multifocal motor neuropathy (MMN)") == tree
    assert not restates("adults aged 18 years and older with CRSwNP", "Chronic rhinosinusitis (CRSwNP)")


def test_an_instruction_ending_in_a_colon_combines_the_numbered_criteria_under_it() -> None:
    text = ("Criteria 1, 2 and 3 and one of 4 or 5 must be met:\n1) aged 18 years or over\n2) eosinophils 0.3 or "
            "more\n3) adherent to inhaled corticosteroid\n4) 4 exacerbations\n5) maintenance prednisolone")
    assert _shape(_tree(text)) == ("AND", ["aged 18 years or over", "eosinophils 0.3 or more",
                                           "adherent to inhaled corticosteroid",
                                           ("OR", ["4 exacerbations", "maintenance prednisolone"])])


def test_either_announces_an_enumeration_inside_a_clause_and_criterion_n_or_m_is_an_or() -> None:
    text = ("Imiglucerase is recommended for adults whose diagnosis is confirmed by enzyme assay, and who have "
            "either haemoglobin below 100 g/L, a platelet count below 60 x10^9/L, or a spleen volume more than "
            "5 times normal.")
    assert _shape(_tree(text)) == ("AND", ["whose diagnosis is confirmed by enzyme assay", (
        "OR", ["haemoglobin below 100 g/L", "a platelet count below 60 x10^9/L",
               "a spleen volume more than 5 times normal"])])
    assert compose("Criterion 1 or 2, and criterion 3, must be met:", {1: "a", 2: "b", 3: "c"}) == {
        "op": "AND", "items": [{"op": "OR", "items": ["a", "b"], "stem": None}, "c"]}


def test_sentences_stating_conditions_are_anded_and_both_either_pairs_nest() -> None:
    text = ("The diagnosis should be confirmed by a neurologist. Before IVIG is requested, the patient should have "
            "both electrodiagnostic evidence of demyelination and either supportive CSF findings or a documented "
            "response to immunotherapy.")
    assert _shape(_tree(text)) == ("AND", ["The diagnosis should be confirmed by a neurologist.",
                                           "electrodiagnostic evidence of demyelination",
                                           ("OR", ["supportive CSF findings", "a documented response to immunotherapy"])])


def test_a_description_before_an_inline_enumeration_is_no_condition() -> None:
    text = ("PID are inherited disorders of the immune system.\nA diagnosis requires either (a) a serum IgG below the "
            "reference range, or (b) a genetic diagnosis.")
    assert _shape(_tree(text)) == ("OR", ["a serum IgG below the reference range", "a genetic diagnosis"])


def test_an_instruction_sentence_combines_numbered_criteria() -> None:
    leaves = {n: {"text": f"c{n}", "start": 0, "end": 0} for n in range(1, 8)}
    tree = compose("Approve if criteria 1 through 5 AND either 6 or 7 are met.", leaves)
    assert _shape(tree) == ("AND", ["c1", "c2", "c3", "c4", "c5", ("OR", ["c6", "c7"])])
    tree = compose("Approve if criteria 1 to 3 are met and at least two of criteria 4 through 7.", leaves)
    assert _shape(tree) == ("AND", ["c1", "c2", "c3", ("OR≥2", ["c4", "c5", "c6", "c7"])])
    assert _shape(compose("Approve if ALL criteria are met.", {1: leaves[1], 2: leaves[2]})) == ("AND", ["c1", "c2"])


@pytest.mark.parametrize(("text", "shape"), [
    ("Anifrolumab is not reimbursed for patients with severe active lupus nephritis, or for patients with "
     "severe active central nervous system lupus.",
     ("OR", ["patients with severe active lupus nephritis", "patients with severe active central nervous system lupus"])),
    ("Prescribe an auto-injector at discharge for patients with anaphylaxis to an unavoidable trigger, with "
     "idiopathic anaphylaxis, or with asthma requiring regular inhaled corticosteroids.",
     ("OR", ["anaphylaxis to an unavoidable trigger", "idiopathic anaphylaxis",
             "asthma requiring regular inhaled corticosteroids"])),
])
def test_prose_complements_repeating_their_preposition_are_alternatives_whatever_the_verb(text, shape):
    assert _shape(_tree(text)) == shape


def test_prose_rule_restated_for_more_cases_gives_each_case_as_an_alternative():
    text = ("Treatment should be stopped if the score has not improved by 1.2 points after 12 weeks. Treatment "
            "should also be stopped if the lymphocyte count falls below 0.5, or if the neutrophil count falls below 1.0.")
    assert _shape(_tree(text)) == ("OR", ["the score has not improved by 1.2 points after 12 weeks",
                                          "the lymphocyte count falls below 0.5", "the neutrophil count falls below 1.0"])


def test_prose_sentences_stating_different_rules_still_all_apply():
    text = "Treatment may be started if the patient has failed methotrexate. It must be stopped if there is no response."
    assert _shape(_tree(text))[0] == "AND"
