"""Thresholds on analytes, units and scales no word list names (issue 12)."""

from __future__ import annotations

import pytest

from extractor.nlp.quantities import scan
from extractor.nlp.thresholds import find_thresholds
from extractor.nlp.ucum import open_unit, ucum_candidate
from extractor.nlp.resources import unit_table
from extractor.nlp.units import same_quantity


def _tuples(text: str) -> list[tuple]:
    return [(t["analyte"], t["comparator"], t["value"], t["value_max"], t["ucum"]) for t in find_thresholds(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("left ventricular ejection fraction below 35%", [("left ventricular ejection fraction", "<", 35, None, "%")]),
    ("corrected QT interval > 480 ms", [("corrected QT interval", ">", 480, None, "ms")]),
    ("NT-proBNP > 125 pg/mL", [("NT-proBNP", ">", 125, None, "pg/mL")]),
    ("serum magnesium < 1.5 mEq/L", [("magnesium", "<", 1.5, None, "meq/L")]),
    ("growth velocity below 4 cm/year", [("growth velocity", "<", 4, None, "cm/a")]),
    ("T-score ≤ -2.5", [("T-score", "<=", -2.5, None, None)]),
    ("DAS28 score greater than 5.1", [("DAS28 score", ">", 5.1, None, None)]),
])
def test_unknown_analytes_are_named_by_the_words_before_the_comparator(text, expected):
    assert _tuples(text) == expected
    assert find_thresholds(text)[0]["analyte_known"] is False


def test_known_analytes_say_so_and_carry_the_mention_offsets():
    found = find_thresholds("Patients with haemoglobin < 9 gm/dL")[0]
    assert (found["analyte"], found["ucum"], found["analyte_known"]) == ("haemoglobin", "g/dL", True)
    assert "Patients with haemoglobin < 9 gm/dL"[found["analyte_start"]:found["analyte_end"]] == "haemoglobin"


def test_coordinated_analytes_each_take_the_bound():
    assert _tuples("ALT, AST and bilirubin ≤ 3 x ULN") == [
        ("ALT", "<=", 3, None, "{ULN}"), ("AST", "<=", 3, None, "{ULN}"), ("bilirubin", "<=", 3, None, "{ULN}")]
    assert _tuples("patients with diabetes and HbA1c > 8%") == [("HbA1c", ">", 8, None, "%")]


def test_two_sided_bounds_are_one_range_and_pressure_pairs_are_two():
    assert _tuples("HbA1c ≥ 6.5% and ≤ 10%") == [("HbA1c", "range", 6.5, 10, "%")]
    assert _tuples("BP > 160/100 mmHg") == [("systolic blood pressure", ">", 160, None, "mm[Hg]"),
                                            ("diastolic blood pressure", ">", 100, None, "mm[Hg]")]


@pytest.mark.parametrize(("text", "values"), [
    ("NYHA class III or IV", [3, 4]),
    ("ECOG performance status 0, 1 or 2", [0, 1, 2]),
    ("ASA I-II", [1, 2]),
])
def test_ordinal_scales_list_the_levels_allowed(text, values):
    (found,) = find_thresholds(text)
    assert (found["comparator"], found["value"], found["value_max"], found["values"]) == (
        "range", min(values), max(values), values)
    assert found["scale"] == found["analyte"]


def test_european_numbers_negative_values_and_lost_powers_are_read():
    assert [(q.value, q.unit and q.unit.ucum) for q in scan("creatinine 2,5 mg/dL")] == [(2.5, "mg/dL")]
    assert [q.value for q in scan(">15.000 cells/mm3")] == [15000]
    assert [q.value for q in scan("Z-score < -3")] == [-3]
    assert [q.value for q in scan("4-6 g/L")] == [4, 6]
    assert [(q.value, q.unit.ucum) for q in scan("Platelets > 100 109/l")] == [(100, "10*9/L")]


def test_units_the_table_lacks_are_read_as_ucum_and_compare_across_prefixes():
    table = unit_table()
    assert ucum_candidate("mcg/dL") == "ug/dL" and ucum_candidate("cells/mm³") == "{cells}/mm3"
    unit = open_unit("pg/mL", table)
    assert (unit.ucum, unit.kind) == ("pg/mL", "mass_concentration")
    assert same_quantity((1000, "pg/mL"), (1, "ng/mL"))
    assert open_unit("patients/day", table) is None
    # a table unit is never stretched by what follows it: "per month" stays a dose frequency
    assert [q.unit.ucum for q in scan("0.4-0.8 g/kg per month") if q.unit] == ["g/kg"]


@pytest.mark.parametrize(("text", "expected"), [
    ("LVEF not below 50% by echocardiogram", [("LVEF", ">=", 50, None, "%")]),
    ("prothrombin time greater or equal to 4 seconds", [("prothrombin time", ">=", 4, None, "s")]),
    ("QTc greater than (>) 450msec", [("QTc", ">", 450, None, "ms")]),
    ("CA-125 greater than twice the upper limit of normal", [("CA-125", ">", 2, None, "{ULN}")]),
    ("lipase at least three times the upper limit of normal", [("lipase", ">=", 3, None, "{ULN}")]),
    ("PTT </= 1.5 x upper normal limit of institution", [("PTT", "<=", 1.5, None, "{ULN}")]),
    ("Subjects over the age of 18 years", [("age", ">", 18, None, "a")]),
    ("gestational age of 36 weeks or more", [("gestational age", ">=", 36, None, "wk")]),
    ("FEV1 between 30% and 80% of predicted", [("FEV1", "range", 30, 80, "%{predicted}")]),
    ("patients with FEV1/FVC <70%", [("FEV1/FVC", "<", 70, None, "%")]),
    ("Serum potassium >=5.1 mmol/L or <3.5 mmol/L", [("potassium", ">=", 5.1, None, "mmol/L"),
                                                     ("potassium", "<", 3.5, None, "mmol/L")]),
    ("Mini-Mental State Examination (MMSE) score <= 24", [("MMSE score", "<=", 24, None, None)]),
    ("nyha class of ii, iii or iv.", [("nyha", "range", 2, 4, None)]),
    ("ecog performance status of 0, 1, or 2.", [("ecog", "range", 0, 2, None)]),
    ("hba1c >6.0% to <=11.5%", [("HbA1c", "range", 6, 11.5, "%")]),
    ("bmi of greater than (>) 18.5 or less than equal to (<=) 35 kg/m2", [("BMI", ">", 18.5, None, "kg/m2"),
                                                                         ("BMI", "<=", 35, None, "kg/m2")]),
])
def test_comparators_numbers_and_names_are_read_from_their_grammar(text, expected):
    assert _tuples(text) == expected


@pytest.mark.parametrize("text", [
    "no more than 2 repeats will be authorised",
    "Consider HRIG 20 IU/kg for category III exposures",
    "For MMN, IVIG 1–2 g/kg is given every 4–8 weeks",
])
def test_counts_categories_and_amounts_are_not_thresholds(text):
    assert find_thresholds(text) == []


def test_span_offsets_hold_after_a_long_sentence_prefix():
    text = ("In the opinion of the multidisciplinary team that reviews each application for funding, and only "
            "then, the left ventricular ejection fraction not below 50% and the QTc greater than (>) 450 ms apply.")
    found = find_thresholds(text)
    assert [t["text"] for t in found] == ["left ventricular ejection fraction not below 50%",
                                         "QTc greater than (>) 450 ms"]
    assert [text[t["start"]:t["end"]] for t in found] == [t["text"] for t in found]


def test_scales_need_a_scale_and_age_bands_in_two_units_are_two_bounds():
    assert _tuples("Treatment with class I or III antiarrhythmic drugs") == []
    assert _tuples("and will have received at least 4 red cell transfusions") == []
    assert _tuples("ASA physical status classification I or II") == [("ASA physical status", "range", 1, 2, None)]
    assert _tuples("Children aged between 6 months and 5 years") == [("age", ">=", 6, None, "mo"),
                                                                       ("age", "<=", 5, None, "a")]
    assert _tuples("sitting systolic/diastolic BP < 140/90 mmHg") == [
        ("systolic blood pressure", "<", 140, None, "mm[Hg]"), ("diastolic blood pressure", "<", 90, None, "mm[Hg]")]


def test_names_units_and_ages_read_from_their_words():
    assert _tuples("Hgb 8.0 g/dL or greater Pulse oximetry of 90% or greater on room air") == [
        ("haemoglobin", ">=", 8, None, "g/dL"), ("Pulse oximetry", ">=", 90, None, "%")]
    assert _tuples("Adult men and women (=18 years).") == [("age", "=", 18, None, "a")]
    assert _tuples("AMH greater than (>) 1.1 nanogram per milliliter") == [("AMH", ">", 1.1, None, "ng/mL")]


def test_a_change_of_a_measurement_is_its_own_analyte():
    assert _tuples("the PHQ-9 falls by 6 points or more, or the GAD-7 falls by 4 points or more.") == [
        ("fall in PHQ-9", ">=", 6, None, None), ("fall in GAD-7", ">=", 4, None, None)]
    assert _tuples("an acute increase in total SOFA score of 2 points or more") == [
        ("increase in total SOFA score", ">=", 2, None, None)]
    assert _tuples("Barthel-Index on admission of 30 points or less (≤ 30)") == [("Barthel-Index", "<=", 30, None, None)]
    assert _tuples("platelet count falls below 50 x 10^9/L") == [("platelet count", "<", 50, None, "10*9/L")]


@pytest.mark.parametrize(("text", "expected"), [
    ("Improvement of at least 1 point on the INCAT disability score",
     [("improvement in INCAT disability score", ">=", 1, None, None)]),
    ("a 75% reduction in the PASI score (PASI 75) from when treatment started",
     [("reduction in PASI score", ">=", 75, None, "%")]),
    ("a reduction of at least 30% in the stiffness index", [("reduction in stiffness index", ">=", 30, None, "%")]),
])
def test_a_change_names_its_measurement_after_the_value(text, expected):
    assert _tuples(text) == expected


def test_standard_deviation_scores_are_a_dimensionless_unit():
    assert _tuples("serum IGF-1 is no higher than +2 SDS for age and sex") == [("IGF-1", "<=", 2, None, "{SD}")]


def test_score_points_compare_equal_to_no_unit():
    from extractor.evaluation.values import values_equal

    assert values_equal("unit", "points", None) and values_equal("unit", None, "centile points")
    assert values_equal("unit", "SD", None)
    assert not values_equal("unit", "%", None)


@pytest.mark.parametrize(("text", "expected"), [
    ("children who weigh 25 kg or more", [("body weight", ">=", 25, None, "kg")]),
    ("body weight 25 kg to less than 50 kg", [("body weight", "range", 25, 50, "kg")]),
])
def test_weight_written_as_a_verb_and_a_range_closed_by_less_than(text, expected):
    assert _tuples(text) == expected


def test_percentiles_are_read_with_their_ordinal_and_an_article_after_the_comparator():
    assert _tuples("height velocity below the 25th percentile for age") == [
        ("height velocity", "<", 25, None, "{percentile}")]
    assert _tuples("BMI at or above the 99th centile") == [("BMI", ">=", 99, None, "{percentile}")]


@pytest.mark.parametrize(("text", "expected"), [
    ("with fewer than 50% of serotypes reaching a protective titre",
     [("serotypes reaching a protective titre", "<", 50, None, "%")]),
    ("Eosinophils more than 10% of the total leucocyte count", [("Eosinophils", ">", 10, None, "%")]),
    ("Weight for height is less than 130% of ideal body weight", [("body weight", "<", 130, None, "%")]),
    ("forced vital capacity below 20 mL/kg or less than 50% of predicted",
     [("FVC", "<", 20, None, "mL/kg"), ("FVC", "<", 50, None, "%{predicted}")]),
    ("Fractional exhaled nitric oxide (FeNO) ≥ 25 ppb", [("FeNO", ">=", 25, None, "[ppb]")]),
    ("Peak esophageal eosinophil count ≤ 6 eos/hpf", [("Peak esophageal eosinophil", "<=", 6, None, "{eos}/{hpf}")]),
    ("titer rise less than 2-fold", [("titer rise", "<", 2, None, "{fold}")]),
    ("15 kg to less than 30 kg: 200 mg every other week", [("body weight", "range", 15, 30, "kg")]),
    ("Body weight ≥ 110 lb (50 kg) and ≤ 330 lb (150 kg)",
     [("body weight", "range", 110, 330, "[lb_av]"), ("body weight", "range", 50, 150, "kg")]),
    ("Bone age reaches 14 years or more", [("bone age", ">=", 14, None, "a")]),
])
def test_shares_open_units_weight_bands_and_relative_bounds(text, expected):
    assert _tuples(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("a 5-point reduction in DLQI from when treatment started", [("reduction in DLQI", ">=", 5, None, None)]),
    ("a reduction of at least 2 points in the MG-ADL score or at least 3 points in the QMG score",
     [("reduction in MG-ADL score", ">=", 2, None, None), ("reduction in QMG score", ">=", 3, None, None)]),
    ("an increase of at least 4 centile points on the I-RODS", [("increase in I-RODS", ">=", 4, None, None)]),
    ("an increase of at least 2 points in the MRC sum score of affected muscles",
     [("increase in MRC sum score", ">=", 2, None, None)]),
    ("the total AN count has fallen by less than 50% from baseline", [("fall in total AN", "<", 50, None, "%")]),
    ("Increase in pre-bronchodilator FEV1 of ≥ 100 mL from baseline",
     [("increase in pre-bronchodilator FEV1", ">=", 100, None, "mL")]),
])
def test_changes_in_points_shared_changes_and_acronyms_spelled_like_stop_words(text, expected):
    assert _tuples(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("an Overall Neuropathy Limitations Scale\n(ONLS) score of 2 or more", [("ONLS score", ">=", 2, None, None)]),
    ("Investigator's Global Assessment (IGA) score ≥ 3", [("IGA score", ">=", 3, None, None)]),
    ("the 2017 EULAR/ACR classification criteria (probability of 55% or more)",
     [("probability", ">=", 55, None, "%")]),
    ("Total endoscopic nasal polyp score (NPS) ≥ 5 out of a maximum of 8", [("NPS", ">=", 5, None, None)]),
])
def test_the_name_is_read_across_a_line_break_inside_a_bracket_and_before_a_scale_maximum(text, expected):
    assert _tuples(text) == expected


@pytest.mark.parametrize("text", [
    "a mean gain in adult height of about 5 to 8 cm",
    "a reduction of at least 50% in the daily prednisolone dose",
    "stabilisation of FVC over 78 weeks.",
    "recurrent fever at least 36 hours after the end of the first infusion.",
])
def test_estimates_doses_periods_and_time_points_are_not_thresholds(text):
    assert find_thresholds(text) == []


def test_a_modal_verb_never_names_the_analyte():
    found = find_thresholds("trial blood loss will not exceed 3 percent of the total blood volume")
    assert found == []  # before: analyte "will"; the words before a modal are no adjacent name either


@pytest.mark.parametrize(("text", "expected"), [
    ("Age >=19 patients who complained of dizziness", [("age", ">=", 19, None, None)]),
    ("ASA classification >= IV.", [("ASA", ">=", 4, None, None)]),
    ("the Glasgow Coma Scale score must be 13-15", [("Glasgow Coma Scale score", "range", 13, 15, None)]),
    ("(Baseline Dyspnea Index focal score <or= 8)", [("Dyspnea Index focal score", "<=", 8, None, None)]),
    ("<37 weeks gestation, H/o Cesarean Section", [("gestational age", "<", 37, None, "wk")]),
    ("with a 70% or greater stenosis (by visual estimate)", [("stenosis", ">=", 70, None, "%")]),
    ("Patient less than age 4 years", [("age", "<", 4, None, "a")]),
])
def test_scales_with_a_comparator_gestation_notations_and_names_after_the_value(text, expected):
    assert _tuples(text) == expected


def test_a_score_compared_with_a_number_keeps_its_name():
    assert _tuples("COPD Assessment Test (CAT) score ≥ 10") == [("CAT score", ">=", 10, None, None)]


@pytest.mark.parametrize(("text", "expected"), [
    ("Bone age is less than 14 years in girls or less than 16 years in boys",
     [("bone age", "<", 14, None, "a"), ("bone age", "<", 16, None, "a")]),
    ("HDL-cholesterol (<40mg/dl in men, <50 mg/dl in women)",
     [("HDL-cholesterol", "<", 40, None, "mg/dL"), ("HDL-cholesterol", "<", 50, None, "mg/dL")]),
])
def test_a_subgroup_between_bounds_and_a_name_before_a_bracket(text, expected):
    assert _tuples(text) == expected


@pytest.mark.parametrize("text", ["platelet count before treatment and at days 2 to 4 and day 7 after treatment",
                                  "Approve if ALL of criteria 1–4 AND EITHER 5 OR 6 are met",
                                  "signs of cognitive impairment (< 120 on the scale)"])
def test_time_points_and_conditions_before_a_bracketed_number_are_not_thresholds(text):
    assert find_thresholds(text) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("faecal calprotectin above 250 µg/g; or", [("faecal calprotectin", ">", 250, None, "ug/g")]),
    ("more than 55 kg to 85 kg: 390 mg\nmore than 85 kg: 520 mg",
     [("body weight", "range", 55, 85, "kg"), ("body weight", ">", 85, None, "kg")]),
    ("Stop treatment if the AGHDA score has not improved by at least 7 points after 9 months.",
     [("improvement in AGHDA score", ">=", 7, None, None)]),
    ("At least 50% reduction in EASI score from baseline", [("reduction in EASI score", ">=", 50, None, "%")]),
    ("monthly migraine days have fallen by less than 50% after 3 months",
     [("fall in monthly migraine days", "<", 50, None, "%")]),
])
def test_mass_ratios_weight_bands_after_doses_negated_and_named_changes(text, expected):
    assert _tuples(text) == expected


def test_a_dose_per_kilogram_is_never_a_mass_ratio_and_event_counts_are_no_thresholds():
    assert _tuples("IVIG 5 µg/kg daily") == []
    assert _tuples("at least 50% reduction in exacerbations needing oral corticosteroids") == []


@pytest.mark.parametrize(("text", "expected"), [
    ("2) Asthma Control Questionnaire (ACQ-6)\nscore improved by at least 0.5",
     [("improvement in ACQ-6 score", ">=", 0.5, None, None)]),
    ("alpha-galactosidase A activity in leucocytes below 5% of the normal mean",
     [("alpha-galactosidase A activity in leucocytes", "<", 5, None, "%")]),
    ("serum vitamin D below 25 nmol/L", [("vitamin D", "<", 25, None, "nmol/L")]),
])
def test_changed_measures_take_their_short_form_and_specimens_and_single_letters_stay_in_names(text, expected):
    assert _tuples(text) == expected


def test_a_change_in_events_named_on_the_next_line_is_no_threshold():
    assert _tuples("1) Reduction of at least 50% in exacerbations\nneeding systemic corticosteroids") == []


@pytest.mark.parametrize(("text", "expected"), [
    ("with 3 or more tender joints and 3 or more swollen joints",
     [("tender joint count", ">=", 3, None, None), ("swollen joint count", ">=", 3, None, None)]),
    ("fewer than 15 headache days per month", [("headache days", "<", 15, None, None)]),
])
def test_counts_of_findings_are_thresholds(text, expected):
    assert _tuples(text) == expected
    assert find_thresholds("fewer than 15 headache days per month")[0]["unit"] == "days per month"


@pytest.mark.parametrize("text", ["At least 4 exacerbations needing systemic corticosteroids",
                                  "at least 2 prior lines of therapy", "at least 3 months of treatment",
                                  "at least 5 half-lives", "a hearing loss of 2 or more"])
def test_counts_of_events_treatments_and_periods_are_not(text):
    assert [t for t in find_thresholds(text) if t["analyte"] and t["analyte"].endswith("count")] == []


def test_what_counts_as_history_is_rule_data_not_code():
    from dataclasses import replace

    from extractor.nlp.resources import threshold_rules
    from extractor.nlp.thresholds import make_finder

    text = "at least 50% reduction in exacerbations"  # no time window, no defining consequence: words only
    assert make_finder().find(text) == []
    found = make_finder(replace(threshold_rules(), event_words=())).find(text)
    assert [(t["analyte"], t["value"]) for t in found] == [("reduction in exacerbations", 50)]


@pytest.mark.parametrize("text", ["at least 2 flare-ups in the past year",
                                  "at least 50% reduction in crises requiring hospital admission"])
def test_event_counts_are_known_by_their_time_window_or_consequence_not_only_their_names(text):
    # neither "flare-ups" nor "crises" is in the rules' event words
    assert find_thresholds(text) == []
