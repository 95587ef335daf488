"""Dose extraction on real policy sentences."""

from __future__ import annotations

import pytest

from extractor.nlp.doses import find_doses


def only(text: str) -> dict:
    found = find_doses(text)
    assert len(found) == 1, found
    assert text[found[0]["start"]:found[0]["end"]] == found[0]["text"]
    return found[0]


def test_seed_measles_dose_reads_product_route_and_timing_window() -> None:
    dose = only("0.15 g/kg of IVIg recommended ideally within 72 hours of exposure although can be given up to 6 days.")
    assert (dose["amount"], dose["unit"], dose["product"], dose["route"]) == (0.15, "g/kg", "IVIg", "IV")
    assert dose["timing"] == {"min": None, "max": 72, "unit": "h", "text": "within 72 hours of exposure"}


def test_maximum_after_the_amount_belongs_to_the_dose() -> None:
    dose = only("Infants 0.6 ml/kg up to a maximum of 1000mg of HNIG")
    assert dose["text"] == "0.6 ml/kg up to a maximum of 1000mg"
    assert (dose["unit"], dose["ucum"], dose["product"]) == ("mL/kg", "mL/kg", "HNIG")
    assert dose["max"] == {"value": 1000, "unit": "mg"}


@pytest.mark.parametrize("text, low, high", [
    ("IVIg 1–2 g/kg as a single course", 1, 2), ("SCIg 0.4-0.8 g/kg per month", 0.4, 0.8),
    ("Immunoglobulin 1 to 2 g/kg", 1, 2), ("between 0.4 and 0.6 g/kg", 0.4, 0.6),
])
def test_dose_range_kept_as_range(text: str, low: float, high: float) -> None:
    dose = only(text)
    assert (dose["amount"], dose["amount_max"], dose["unit"]) == (low, high, "g/kg")


@pytest.mark.parametrize("text, every, unit", [
    ("higher doses of Ig (> 2g/kg/every 6 weeks)", [6, 6], "wk"),
    ("1 g/kg every 3–6 weeks", [3, 6], "wk"), ("1 g/kg every four weeks", [4, 4], "wk"),
    ("IVIG 1 g/kg q4w", [4, 4], "wk"), ("0.5 g/kg fortnightly", [2, 2], "wk"),
    ("0.4 g/kg/day for 5 days", [1, 1], "d"), ("0.4 g/kg per month", [1, 1], "mo"),
    ("0.1 g/kg weekly", [1, 1], "wk"), ("SCIg 0.4 g/kg monthly", [1, 1], "mo"),
])
def test_frequency_phrasings(text: str, every: list, unit: str) -> None:
    assert only(text)["frequency"] == {"every": every, "unit": unit}


@pytest.mark.parametrize("text, low, high", [
    ("IVIg 2 g/kg over 2 to 5 days", 2, 5), ("IVIg 2 g/kg over 2–5 days", 2, 5), ("0.4 g/kg/day for 5 days", 5, 5),
])
def test_duration_phrasings(text: str, low: int, high: int) -> None:
    duration = only(text)["duration"]
    assert (duration["min"], duration["max"], duration["unit"]) == (low, high, "d")


@pytest.mark.parametrize("text, low, high, unit", [
    ("IVIg 1 g/kg/day on two consecutive days", 2, 2, "d"),
    ("1 g/kg on 2 to 5 successive days", 2, 5, "d"),
    ("1 g/kg every 3 weeks, maximum 12 months", None, 12, "mo"),
    ("40 mg every 2 weeks for a maximum of 16 weeks", None, 16, "wk"),
])
def test_course_on_consecutive_days_and_maximum_course_length(text: str, low: int | None, high: int,
                                                              unit: str) -> None:
    dose = only(text)
    assert (dose["duration"]["min"], dose["duration"]["max"], dose["duration"]["unit"]) == (low, high, unit)
    assert dose["max"] is None  # a course length is not a maximum dose


def test_on_day_one_is_not_a_course_length() -> None:
    assert only("IVIg 2 g/kg on day 1 of each cycle")["duration"] is None


def test_route_from_words_and_from_product() -> None:
    assert only("Give 400 mg/kg IV every four weeks")["route"] == "IV"
    assert only("Hepatitis B immunoglobulin 500 IU intramuscularly")["route"] == "IM"
    assert only("SCIg 0.1 g/kg weekly")["route"] == "SC"
    assert only("Subcutaneous immune globulin 100 mg/kg")["product"] == "SCIg"


def test_percentage_of_patients_is_not_a_dose() -> None:
    assert find_doses("The need for Ig replacement is variable ranging between 31% to 64% of patients.") == []


@pytest.mark.parametrize("text", [
    "assess how a patient has improved after each infusion or at least after 3 infusions.",
    "The National Measles Guidance, Section 2.3.2 recommends these doses are administered IM.",
    "Infants under 9 months of age; guidance published June 2019; 3 doses.",
    "infusion rate should not exceed 8 mg/kg/min",
])
def test_counts_sections_years_and_rates_are_not_doses(text: str) -> None:
    assert find_doses(text) == []


def test_two_doses_in_one_sentence_keep_their_own_modifiers() -> None:
    first, second = find_doses("IVIg 2 g/kg over 2–5 days, then 1 g/kg every 3-6 weeks")
    assert first["duration"]["max"] == 5 and first["frequency"] is None
    assert second["frequency"] == {"every": [3, 6], "unit": "wk"} and second["duration"] is None
    assert first["product"] == second["product"] == "IVIg"


def test_product_in_brackets_after_each_dose_names_that_dose() -> None:
    first, second = find_doses("Maintenance therapy: 1 g/kg every 3 weeks (IVIg) or 0.2 g/kg/week (SCIg).")
    assert (first["product"], first["route"]) == ("IVIg", "IV")
    assert (second["product"], second["route"], second["frequency"]) == ("SCIg", "SC", {"every": [1, 1], "unit": "wk"})


@pytest.mark.parametrize("text, every", [
    ("0.4 g/kg at intervals of 3 weeks", [3, 3]), ("400 mg/kg q 3-4 weeks", [3, 4]),
    ("0.4 g/kg at 4-weekly intervals", [4, 4]),
])
def test_interval_phrasings(text: str, every: list) -> None:
    assert only(text)["frequency"] == {"every": every, "unit": "wk"}


def test_age_bands_are_not_durations_or_timing_and_a_leading_window_covers_the_list() -> None:
    doses = find_doses("Within 10 days of exposure: 250 mg for children up to 5 years, 500 mg for 6–10 years, "
                       "750 mg for 11–14 years and 1000 mg for those aged 15 years and over.")
    assert [d["amount"] for d in doses] == [250, 500, 750, 1000]
    for dose in doses:
        assert dose["duration"] is None
        assert (dose["timing"]["min"], dose["timing"]["max"], dose["timing"]["unit"]) == (None, 10, "d")


def test_age_in_months_after_an_age_word_is_not_a_timing_window() -> None:
    first, second = find_doses("HNIG 0.6 mL/kg for infants up to 12 months, 1 g for older children.")
    assert first["timing"] is None and second["timing"] is None


def test_course_in_years_is_still_a_duration_when_no_age_is_stated() -> None:
    dose = only("IVIg 0.4 g/kg every 4 weeks in adults for 2 years.")
    assert (dose["duration"]["min"], dose["duration"]["max"], dose["duration"]["unit"]) == (2, 2, "a")


def test_timing_after_a_semicolon_stays_with_its_own_dose() -> None:
    first, second = find_doses("If more than 24 hours have elapsed, give 250 IU; otherwise 500 IU.")
    assert first["timing"]["min"] == 24 and second["timing"] is None


@pytest.mark.parametrize("text, low, high, unit", [
    ("SCIg 0.1 g/kg twice weekly for the first 4 weeks, then weekly", 4, 4, "wk"),
    ("IVIg 0.4 g/kg daily for the initial 5 days", 5, 5, "d"),
    ("1 g/kg every 3 weeks; the course must not exceed a total of 24 weeks", None, 24, "wk"),
    ("1 g/kg every 3 weeks; treatment should not exceed 6 months", None, 6, "mo"),
])
def test_first_and_initial_periods_and_treatment_caps(text: str, low: int | None, high: int, unit: str) -> None:
    dose = only(text)
    assert (dose["duration"]["min"], dose["duration"]["max"], dose["duration"]["unit"]) == (low, high, unit)
    assert dose["max"] is None


@pytest.mark.parametrize("text, every", [
    ("zoledronic acid 5 mg once a year", [12, 12]), ("4 mg annually", [12, 12]), ("5 mg yearly", [12, 12]),
    ("1 g every 12 months", [12, 12]), ("1 g every year", [12, 12]), ("1 g twice a year", [6, 6]),
    ("60 mg every 6 months", [6, 6]),
])
def test_yearly_frequencies_are_reported_in_months(text: str, every: list) -> None:
    assert only(text)["frequency"] == {"every": every, "unit": "mo"}


@pytest.mark.parametrize("text, product, route", [
    ("Immune globulin intravenous (human) 10% at 2 g/kg", "IVIg", "IV"),
    ("Immune Globulin, Intravenous (Human) 1 g/kg", "IVIg", "IV"),
    ("Immune globulin subcutaneous (human) 200 mg/kg weekly", "SCIg", "SC"),
    ("Intravenous immunoglobulins are given at 1 g/kg", "IVIg", "IV"),
    ("intravenous human immunoglobulin 2 g/kg over 5 days", "IVIg", "IV"),
    ("Subcutaneous human immunoglobulin 0.1 g/kg weekly", "SCIg", "SC"),
    ("subcutaneous immune globulin 100 mg/kg weekly", "SCIg", "SC"),
    ("immune globulin 100 mg/kg", "Ig", None),
])
def test_intravenous_and_subcutaneous_immune_globulin_names_are_ivig_and_scig(text: str, product: str,
                                                                             route: str | None) -> None:
    dose = only(text)
    assert (dose["product"], dose["route"]) == (product, route)


@pytest.mark.parametrize("text", [
    "National immunoglobulin use reached 95 g per 1,000 population in 2023.",
    "Australia issued 6.4 g of immunoglobulin per capita last year.",
    "Annual consumption across the health board was 41,000 g.",
    "Utilization averaged 240 mg per 100,000 people.",
    "Sales rose to 1,200 g/year per 100 000 inhabitants.",
])
def test_quantities_per_population_and_consumption_statistics_are_not_doses(text: str) -> None:
    assert find_doses(text) == []


def test_a_dose_after_a_statistic_in_another_clause_is_still_a_dose() -> None:
    assert only("Demand for immunoglobulin is high; give 500 mg of HNIG.")["amount"] == 500


def test_timing_written_once_after_a_list_of_doses_is_shared() -> None:
    from extractor.nlp.doses import find_doses

    text = ("Give 250 mg for children aged up to 5 years, 500 mg for 6 to 10 years and 750 mg for 11 to 14 years, "
            "all within 10 days of exposure.")
    assert [d["timing"] and d["timing"]["max"] for d in find_doses(text)] == [10, 10, 10]
    own = find_doses("Give 250 mg daily and 500 mg within 10 days of exposure.")
    assert [d["timing"] and d["timing"]["max"] for d in own] == [None, 10]
