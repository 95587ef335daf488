"""Threshold extraction on real policy sentences."""

from __future__ import annotations

import pytest

from extractor.nlp.thresholds import find_thresholds


def only(text: str) -> dict:
    found = find_thresholds(text)
    assert len(found) == 1, found
    item = found[0]
    assert text[item["start"]:item["end"]] == item["text"]
    return item


def test_seed_serum_igg_threshold_reads_comparator_value_and_unit() -> None:
    item = only("The prophylactic use of Ig would be appropriate in patients with a serum IgG of < 4g/l at "
                "the time of commencement of a bi-specific antibody.")
    assert item["text"] == "serum IgG of < 4g/l"
    assert (item["analyte"], item["comparator"], item["value"], item["unit"], item["ucum"]) == \
        ("IgG", "<", 4, "g/L", "g/L")


@pytest.mark.parametrize("text", [
    "platelet count below 30 x 109/L", "platelet count below 30x109/L", "platelet count below 30 × 10⁹/L",
    "platelet count below 30 x 10^9/L", "platelet count below 30 ×10⁹/litre",
])
def test_threshold_reads_lost_superscript_as_power_of_ten(text: str) -> None:
    item = only(text)
    assert (item["value"], item["unit"], item["ucum"]) == (30, "10^9/L", "10*9/L")


def test_viral_load_above_flattened_109_is_a_billion_international_units() -> None:
    for text in ("Evidence of high viral load, usually above 10⁹ IU/ml", "high viral load, usually above 109 IU/ml"):
        item = only(text)
        assert item["analyte"] == "viral load"
        assert item["comparator"] == ">"
        assert item["value"] == 10 ** 9
        assert (item["unit"], item["ucum"]) == ("IU/mL", "[iU]/mL")


@pytest.mark.parametrize("text, comparator", [
    ("IgG below 4 g/L", "<"), ("IgG less than 4 g/L", "<"), ("IgG under 4 g/L", "<"), ("IgG ≤ 4 g/L", "<="),
    ("IgG no more than 4 g/L", "<="), ("IgG above 4 g/L", ">"), ("IgG greater than 4 g/L", ">"),
    ("IgG exceeding 4 g/L", ">"), ("IgG at least 4 g/L", ">="), ("IgG greater than or equal to 4 g/L", ">="),
    ("IgG ≥ 4 g/L", ">="), ("IgG 4 g/L or less", "<="), ("IgG of 4 g/L or more", ">="),
    ("Hb stays at or above 100 g/L", ">="), ("IgG at or below 4 g/L", "<="), ("IgG equal to or above 4 g/L", ">="),
])
def test_comparator_words_and_symbols(text: str, comparator: str) -> None:
    assert only(text)["comparator"] == comparator


@pytest.mark.parametrize("text", ["Hb between 80 and 100 g/L", "Hb 80–100 g/L", "Hb 80 to 100 g/L"])
def test_threshold_range_keeps_both_ends_never_a_mean(text: str) -> None:
    item = only(text)
    assert (item["comparator"], item["value"], item["value_max"], item["unit"]) == ("range", 80, 100, "g/L")


def test_us_units_and_thousands_separator() -> None:
    item = only("Platelets <30,000/µL or active bleeding.")
    assert (item["analyte"], item["value"], item["ucum"]) == ("platelet count", 30000, "/uL")
    item = only("Patients must have a serum IgG level less than 400 mg/dL, or more than 2 standard deviations "
                "below the mean for age.")
    assert (item["value"], item["unit"]) == (400, "mg/dL")


def test_second_threshold_shares_the_analyte_without_overlapping() -> None:
    found = find_thresholds("Platelet count less than 30 x 109/L, or less than 50 x 109/L with mucosal bleeding.")
    assert [(t["analyte"], t["value"]) for t in found] == [("platelet count", 30), ("platelet count", 50)]
    assert found[0]["end"] <= found[1]["start"]


@pytest.mark.parametrize("text", [
    "variable ranging between 31% to 64% in published studies",
    "In the 2019 audit, 45% of patients received more than one course.",
    "antibody negative between 6 and 18 days after exposure",
    "improved after each infusion or at least after 3 infusions",
    "Section 2.3.2 recommends these doses",
    "Two randomised trials (n = 120) reported responses.",
    "at least 80% of caloric intake from parenteral nutrition",
])
def test_percentages_counts_durations_and_intervals_are_not_thresholds(text: str) -> None:
    assert find_thresholds(text) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("temperature > 38.0 C for more than 10 days", ("temperature", ">", 38.0)),  # the duration is no threshold
    ("Liver stiffness of =9.5 kilo Pascal", ("liver stiffness", "=", 9.5)),    # a unit the table lacks
    ("heart rate <60 beat per minute", ("heart rate", "<", 60)),                 # after a measure the lexicon knows
])
def test_a_measure_followed_by_an_unknown_unit_keeps_its_number(text: str, expected: tuple) -> None:
    found = find_thresholds(text)
    assert [(t["analyte"].lower(), t["comparator"], t["value"]) for t in found] == [expected]


@pytest.mark.parametrize(("text", "expected"), [
    ("Infants under 9 months of age with a significant exposure to measles.", [("<", 9, None, "mo")]),
    ("Children over 2 years of age and adults under 70 years may be treated.", [(">", 2, None, "a"),
                                                                                 ("<", 70, None, "a")]),
    ("Males and females 21 years of age or older;", [(">=", 21, None, "a")]),
    ("aged 18 or older, have undergone surgery", [(">=", 18, None, None)]),
    ("English speaking between 18 and 75 years old", [("range", 18, 75, "a")]),
    ("older than 65 years", [(">", 65, None, "a")]),
])
def test_ages_are_thresholds_on_age(text: str, expected: list) -> None:
    found = find_thresholds(text)
    assert [(t["comparator"], t["value"], t["value_max"], t["ucum"]) for t in found] == expected
    assert {t["analyte"] for t in found} == {"age"}


def test_other_lab_units() -> None:
    assert only("eGFR less than 30 mL/min/1.73 m2")["ucum"] == "mL/min/{1.73_m2}"
    assert only("Temperature above 38.5°C")["ucum"] == "Cel"
    assert only("CD4 count below 200 cells/mm3")["ucum"] == "{cells}/mm3"
    assert only("CSF opening pressure greater than 25 cmH2O")["ucum"] == "cm[H2O]"


def test_si_thousands_spacing_before_a_per_volume_unit() -> None:
    item = only("platelets < 20 000/µL")
    assert (item["value"], item["ucum"]) == (20000, "/uL")
    assert find_thresholds("in 2 000 patients over 5 years") == []


def test_label_with_colon_names_the_analyte() -> None:
    item = only("Neutrophils: <0.5 × 10^9/l")
    assert item["analyte"] == "neutrophil count" and item["text"].startswith("Neutrophils")


def test_body_weight_threshold_is_not_a_dose() -> None:
    from extractor.nlp.doses import find_doses

    text = "Patients weighing less than 40 kg receive 1 g/kg."
    item = only(text)
    assert (item["analyte"], item["comparator"], item["value"], item["ucum"]) == ("body weight", "<", 40, "kg")
    assert [d["amount"] for d in find_doses(text)] == [1]


@pytest.mark.parametrize("text, analyte, ucum", [
    ("Hct < 24% on two samples", "haematocrit", "%"),
    ("proteinuria >0.5 g/24 h", "protein", "g/(24.h)"),
    ("urine protein:creatinine ratio > 50 mg/mmol", "urine protein:creatinine ratio", "mg/mmol"),
    ("ALT > 3 × ULN", "ALT", "{ULN}"),
    ("oxygen saturation below 92%", "oxygen saturation", "%"),
])
def test_other_health_systems_lab_units(text: str, analyte: str, ucum: str) -> None:
    item = only(text)
    assert (item["analyte"], item["ucum"]) == (analyte, ucum)


@pytest.mark.parametrize("text, span, analyte", [
    ("an erythrocyte sedimentation rate (ESR) measurement greater than 30 mm/hr at two visits",
     "erythrocyte sedimentation rate (ESR) measurement greater than 30 mm/hr", "ESR"),
    ("a forced expiratory volume in one second (FEV1) of less than 50% predicted",
     "forced expiratory volume in one second (FEV1) of less than 50% predicted", "FEV1"),
    ("once the C-reactive protein (CRP) level is above 10 mg/L",
     "C-reactive protein (CRP) level is above 10 mg/L", "CRP"),
    ("whose low-density lipoprotein cholesterol (LDL-C) concentration stays above 4.0 mmol/L",
     "low-density lipoprotein cholesterol (LDL-C) concentration stays above 4.0 mmol/L", "LDL-C"),
    ("a hepatitis B surface antibody (anti-HBs) concentration below 10 mIU/mL",
     "hepatitis B surface antibody (anti-HBs) concentration below 10 mIU/mL", "anti-HBs"),
    ("IgG (immunoglobulin G) below 4 g/L", "IgG (immunoglobulin G) below 4 g/L", "IgG"),
])
def test_threshold_span_starts_at_the_long_form_never_inside_a_bracket(text: str, span: str, analyte: str) -> None:
    item = only(text)
    assert (item["text"], item["analyte"]) == (span, analyte)


def test_bracketed_short_form_not_in_the_lexicon_starts_at_its_long_form() -> None:
    item = only("with a serum tryptase (ST) level above 20 µg/L")
    assert item["text"] == "serum tryptase (ST) level above 20 µg/L"


@pytest.mark.parametrize("text, span, analyte", [
    ("Consider ventilation where the sniff nasal inspiratory pressure is less than 40 cmH2O.",
     "sniff nasal inspiratory pressure is less than 40 cmH2O", "sniff nasal inspiratory pressure"),
    ("A baseline serum tryptase level in excess of 20 ng/mL supports the diagnosis.",
     "serum tryptase level in excess of 20 ng/mL", "tryptase"),
    ("patients with a recent 25-hydroxyvitamin D level below 25 nmol/L",
     "25-hydroxyvitamin D level below 25 nmol/L", "25-hydroxyvitamin D"),
    ("a plasma viscosity level in excess of 1.8 mmol/L", "plasma viscosity level in excess of 1.8 mmol/L",
     "viscosity"),
])
def test_threshold_span_extends_over_an_analyte_phrase_not_in_the_lexicon(text: str, span: str, analyte: str) -> None:
    item = only(text)
    assert (item["text"], item["analyte"]) == (span, analyte)


@pytest.mark.parametrize("text", [
    "Ventilate if the patient has less than 60 cmH2O.",
    "Stop when, despite treatment, less than 60 cmH2O is reached.",
])
def test_analyte_phrase_stops_at_clause_words_and_punctuation(text: str) -> None:
    assert only(text)["text"] == "less than 60 cmH2O"


@pytest.mark.parametrize("text, span, analyte", [
    ("urine albumin-to-creatinine ratio above 30 mg/mmol", "urine albumin-to-creatinine ratio above 30 mg/mmol",
     "ACR"),
    ("LDL cholesterol greater than 5 mmol/L", "LDL cholesterol greater than 5 mmol/L", "LDL-C"),
    ("LDL-C above 4.9 mmol/L", "LDL-C above 4.9 mmol/L", "LDL-C"),
    ("low-density lipoprotein cholesterol above 4.9 mmol/L", "low-density lipoprotein cholesterol above 4.9 mmol/L",
     "LDL-C"),
    ("if the varicella zoster antibody titre is below 150 mIU/mL",
     "varicella zoster antibody titre is below 150 mIU/mL", "antibody titre"),
    ("measles neutralising antibody titres below 120 mIU/mL", "measles neutralising antibody titres below 120 mIU/mL",
     "neutralising antibody titre"),
    ("a recent HbA1c above 58 mmol/mol", "HbA1c above 58 mmol/mol", "HbA1c"),
    ("a rising antibody level greater than 0.1 IU/mL", "antibody level greater than 0.1 IU/mL", "antibody titre"),
])
def test_longest_lexicon_analyte_wins_qualifiers_stay_and_leading_adjectives_go(text: str, span: str,
                                                                                 analyte: str) -> None:
    item = only(text)
    assert (item["text"], item["analyte"]) == (span, analyte)


@pytest.mark.parametrize("text, analyte, comparator, value, ucum", [
    ("complement C3 below 0.9 g/L", "C3", "<", 0.9, "g/L"),
    ("C4 of less than 0.1 g/L", "C4", "<", 0.1, "g/L"),
    ("ESR greater than 30 mm/h", "ESR", ">", 30, "mm/h"),
    ("FEV1 less than 60% predicted", "FEV1", "<", 60, "%{predicted}"),
    ("FVC below 50% of predicted", "FVC", "<", 50, "%{predicted}"),
    ("anti-HBs level below 10 mIU/mL", "anti-HBs", "<", 10, "m[iU]/mL"),
    ("maximal inspiratory pressure below 60 cmH2O", "maximal inspiratory pressure", "<", 60, "cm[H2O]"),
    ("haemoglobin A1c above 75 mmol/mol", "HbA1c", ">", 75, "mmol/mol"),
    ("estimated GFR below 30 mL/min/1.73 m2", "eGFR", "<", 30, "mL/min/{1.73_m2}"),
    ("urine albumin/creatinine ratio above 300 mg/g", "ACR", ">", 300, "mg/g"),
])
def test_common_analytes_and_units_of_other_health_systems(text: str, analyte: str, comparator: str,
                                                           value: float, ucum: str) -> None:
    item = only(text)
    assert (item["analyte"], item["comparator"], item["value"], item["ucum"]) == (analyte, comparator, value, ucum)


@pytest.mark.parametrize("text, span, analyte, comparator, ucum", [
    ("adults with a body mass index of 40 kg/m2 or more", "body mass index of 40 kg/m2 or more", "BMI", ">=", "kg/m2"),
    ("a BMI of 35 kg/m² or more plus a comorbidity", "BMI of 35 kg/m² or more", "BMI", ">=", "kg/m2"),
    ("a transferrin saturation of less than 20%", "transferrin saturation of less than 20%", "TSAT", "<", "%"),
    ("serum ferritin of 30 µg/L or less", "serum ferritin of 30 µg/L or less", "ferritin", "<=", "ug/L"),
])
def test_value_then_or_more_after_of_and_percent_after_of_less_than_are_thresholds(
        text: str, span: str, analyte: str, comparator: str, ucum: str) -> None:
    item = only(text)
    assert (item["text"], item["analyte"], item["comparator"], item["ucum"]) == (span, analyte, comparator, ucum)


def test_a_titre_is_read_as_its_dilution() -> None:
    item = only("neutralising antibody titres below 1:10")
    assert (item["analyte"], item["comparator"], item["value"], item["ucum"]) == (
        "neutralising antibody titre", "<", 10, "{titer}")
    assert find_thresholds("a ratio below 2:1") == []


@pytest.mark.parametrize("text", [
    "More than 20% of adults in the audit had a body mass index above the healthy range.",
    "Fewer than 10% of patients with an ESR above the reference range relapsed.",
])
def test_shares_of_people_are_not_thresholds(text: str) -> None:
    assert find_thresholds(text) == []


def test_long_form_start_follows_schwartz_hearst() -> None:
    from extractor.nlp.thresholds import long_form_start

    before = "a raised erythrocyte sedimentation rate "
    assert before[long_form_start(before, "ESR"):].strip() == "erythrocyte sedimentation rate"
    before = "with a forced expiratory volume in one second "
    assert before[long_form_start(before, "FEV1"):].strip() == "forced expiratory volume in one second"
    assert long_form_start("treated with the drug ", "ESR") is None


@pytest.mark.parametrize(("text", "ucum"), [
    ("platelet count of less than 20,000 million per L", "10*6/L"),   # counts in words, read as UCUM
    ("platelets > 150 thousand/mm3", "10*3/mm3"),
    ("heart rate <60 beat per minute", "{beat}/min"),                  # singular as well as plural
])
def test_units_spelt_with_count_words_are_read_without_a_table_entry(text: str, ucum: str) -> None:
    (found,) = find_thresholds(text)
    assert found["ucum"] == ucum
