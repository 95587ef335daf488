"""Stale references: registry entries and the age of cited guidance."""

from __future__ import annotations

import datetime as dt

import pytest

from extractor.errors import ConfigError
from extractor.qa.rules import stale


def refs(text: str, **kwargs) -> list[str]:
    return [f.extra["reference"] for f in stale.check(text, **kwargs)]


@pytest.mark.parametrize(("text", "entry"), [
    ("Advice from Public Health England.", "public-health-england"),
    ("Contact your Clinical Commissioning Group.", "clinical-commissioning-groups"),
    ("Funded by the CCG.", "clinical-commissioning-groups"),
    ("Data from NHS Digital.", "nhs-digital"),
    ("Training by Health Education England.", "health-education-england"),
    ("See NICE guideline NG200.", "nice-ng200"),
    ("National Institute for Health and Clinical Excellence (NICE) said", "nice-old-name-clinical"),
    ("per NICE CG181 lipid modification", "nice-cg181"),
    ("See www.hpa.org.uk/infections for more.", "host-hpa"),
    ("Health Protection Scotland guidance", "health-protection-scotland"),
])
def test_registry_finds_renamed_bodies_withdrawn_guidance_and_hosts(text, entry):
    assert entry in refs(text)


def test_registry_finding_names_successor_and_date():
    (finding,) = stale.check("Public Health England advised")
    assert finding.suggestion.startswith("UK Health Security Agency")
    assert "2021-10" in finding.message and finding.severity == "error"


def test_current_bodies_and_clinical_abbreviations_are_not_stale():
    text = ("UK Health Security Agency and NHS England advise; the HPA axis and PCT levels; "
            "Department of Health and Social Care; Integrated Care Boards.")
    assert refs(text) == []


def test_old_cited_guidance_is_reported_relative_to_document_date():
    text = "Guidance on measles. Available from: national guidance June 2016."
    assert refs(text, document_date=dt.date(2025, 2, 1)) == ["age"]
    assert refs(text, document_date=dt.date(2019, 2, 1)) == []
    assert refs(text, document_date=dt.date(2025, 2, 1), max_age_years=10) == []


def test_years_outside_citations_are_not_aged():
    assert refs("Patients born in 2001 were included.", document_date=dt.date(2025, 1, 1)) == []


def test_registry_rejects_unknown_keys_and_statuses():
    with pytest.raises(ConfigError, match="unknown keys"):
        stale.StaleEntry.from_dict({"id": "x", "kind": "host", "patterns": ["x"], "status": "archived",
                                    "source": "s", "colour": 1})
    with pytest.raises(ConfigError, match="status"):
        stale.StaleEntry.from_dict({"id": "x", "kind": "host", "patterns": ["x"], "status": "gone", "source": "s"})


def test_every_registry_entry_is_dated_or_explained_and_sourced():
    registry = stale.default_registry()
    assert len(registry.entries) >= 50
    for entry in registry.entries:
        assert entry.source
        assert entry.date or entry.kind == "host" or entry.note


@pytest.mark.parametrize("text", [
    "Daily intakes follow the reference values (Health Protection Agency, 2009).",
    "The leaflet, produced by Health Education England in 2019, is still handed out.",
    "In 2011, the Health Protection Agency ran the first audit.",
    "Its March 2021 report on NHS Digital's 2020 figures stands.",
    "4. Health Protection Agency. Immunoglobulin handbook. London: HPA; 2010.",
    "Audit data go to NHS England (formerly the NHS Commissioning Board).",
    "Results were sent to the then Department of Health each year.",
    "Integrated Care Boards, which replaced Clinical Commissioning Groups, fund the service.",
    "Clinical Commissioning Groups, which were abolished in July 2022, funded it before.",
    "Ask Public Health England (now the UK Health Security Agency) for the list.",
    "Follow NICE NG203, which replaced NG8, for anaemia in CKD.",
])
def test_explicitly_historical_mentions_are_not_stale(text):
    assert refs(text) == []


@pytest.mark.parametrize(("text", "entry"), [
    ("Training is funded by Health Education England in 2025.", "health-education-england"),
    ("Contact Public Health England for advice on the 2019 outbreak.", "public-health-england"),
    ("Further details are in the Department of Health handbook for clinicians, first edition, published in 2011.",
     "department-of-health"),
    ("Patients with IBD are managed in line with NICE CG166 (2013).", "nice-cg166"),
    ("Renal patients follow NICE guideline NG8.", "nice-ng8"),
])
def test_current_use_of_an_old_name_or_a_replaced_guideline_is_still_stale(text, entry):
    assert entry in refs(text)


def test_replaced_nice_guideline_cited_without_a_year_names_its_successor():
    (finding,) = stale.check("Asthma care follows NG80 locally.")
    assert finding.extra["reference"] == "nice-ng80" and "NG245" in finding.suggestion
    assert finding.extra["status"] == "replaced" and finding.extra["changed"].startswith("2024")


def test_historical_markers_reject_a_bad_pattern():
    with pytest.raises(ConfigError, match="historical_markers"):
        stale.StaleRegistry.from_dict({"entries": [], "historical_markers": {"before": ["(unclosed"]}})
