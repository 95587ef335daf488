"""Write change forms whose column headers the reader has not seen, with gold roles and planted defects.

The fixtures made so far (``make_changeform_pdfs.py``, ``make_changeform_office.py``,
``make_changeform_chromium.py``) print a handful of gold files whose headers are the wordings
``extractor/resources/changeform/headers.yaml`` lists. Real forms say the same things in other
words ("Superseded wording", "Amended to read", "Where in policy", "Raised by"), put the columns
in any order, add columns of their own ("No.", "Status", "Impact on patients") and classify
changes ("Nature of change": Typographical / Clinical / Administrative, Minor / Major, or
coded A/B/C). This script invents such forms:

* headers drawn from a thesaurus of each field's *meaning* (:data:`ROLE_HEADERS`,
  :data:`EXTRA_HEADERS`, 10-20 wordings each, at least half of them absent from
  ``headers.yaml``; the script prints how many are new);
* 3-8 columns in a random order (new text sometimes before the original), sometimes a
  change-type column and extra columns without a role, a title, and sometimes a two-column
  metadata table ("Policy | ...", "Reference | ...", "Version | ...") or "Label: value" lines;
* 4-12 rows of invented clinical-policy amendments (thresholds, doses, intervals, criteria
  lists, rewordings, references), cells with paragraph breaks and "• " bullets; two long forms
  run over several pages with rows split by the page break;
* planted defects with gold (rule ids of ``extractor qa``): ``spelling``, ``repeated-word``,
  ``reason-mismatch`` (a clinical number changed under a typographical reason or change type),
  ``no-op-change`` (the new text equals the original, yet a correction is claimed) and
  ``date-anomaly`` (a date that cannot exist); the other rows are clean (British spelling,
  reason consistent with the change) and listed in ``clean_rows``;
* five producers in turn: reportlab and fpdf2 PDFs, python-docx Word files, LibreOffice PDFs
  printed from such Word files (``soffice --headless --convert-to pdf``) and Chromium PDFs
  printed from HTML (``chromium --headless --print-to-pdf``). Drawing helpers are imported from
  the three generators above.

Output: ``<out>/<formid>__<producer>_<style>.pdf|docx`` and one gold file per form,
``<gold>/<formid>.json``, shaped like ``corpora/gold/changeform/*.json`` (source, description,
columns, fields, metadata, rows[{index, cells, pages}]) plus ``producer``, ``file``,
``defects`` [{rule, row, column, text, note}] and ``clean_rows``. ``pages`` are recorded while
reportlab draws each row (exact, rows split by a page break included) and left empty for the
other producers, as in the existing gold files.

The output is deterministic for a seed: gold, reportlab, fpdf2 and Word files are the same bytes
on every run; PDFs from LibreOffice and Chromium carry their own creation times::

    python scripts/make_changeform_roles.py                       # 45 forms, seed 7
    python scripts/make_changeform_roles.py --count 10 --out /tmp/roles --gold /tmp/roles_gold
    python evaluation/column_roles_eval.py                        # score the reader on them
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import html
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path
from random import Random
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

import make_changeform_chromium as chromium_helpers  # noqa: E402 - sibling generator, found via sys.path
import make_changeform_office as office_helpers  # noqa: E402
import make_changeform_pdfs as pdf_helpers  # noqa: E402

OUT = ROOT / "corpora" / "changeforms" / "roles"
GOLD = ROOT / "corpora" / "gold" / "changeform_roles"
HEADERS_YAML = ROOT / "extractor" / "resources" / "changeform" / "headers.yaml"
PRODUCERS = ("reportlab", "fpdf2", "docx", "libreoffice", "chromium")
RULES = ("spelling", "repeated-word", "reason-mismatch", "no-op-change", "date-anomaly")
BULLET = "• "
PREFIX = "cfr"

# --------------------------------------------------------------------------- thesaurus

#: Header wordings per canonical role, by meaning. Roughly a third are in headers.yaml (marked
#: ``# in yaml``, as read on writing); the rest say the same thing in other words.
ROLE_HEADERS: dict[str, tuple[str, ...]] = {
    "original": (
        "Superseded wording", "As published", "Wording before amendment", "Existing paragraph",
        "Current position", "Published text", "What the policy says now", "Before",
        "Extract from current version", "Wording to be replaced", "Policy statement (current)",
        "Original text", "Current wording", "Previous wording", "Text in current policy",  # in yaml
        "Old text",  # in yaml
    ),
    "new": (
        "Agreed amendment", "Amended to read", "Revised paragraph", "Replacement", "Suggested revision",
        "After", "Wording after amendment", "Text to be inserted", "Agreed new wording",
        "Policy statement (revised)", "Replace with",
        "Proposed wording", "New text", "Revised wording", "Updated text", "Change to",  # in yaml
    ),
    "section": (
        "Para ref", "Where in policy", "Heading affected", "Policy section", "Part of policy affected",
        "Document reference", "Heading / paragraph", "Reference in policy", "Chapter", "Page / para",
        "Section", "Paragraph", "Page number", "Location in document", "Clause",  # in yaml
    ),
    "reason": (
        "Evidence / rationale", "Why", "Basis for amendment", "Explanation", "Grounds for change",
        "Reason for amendment", "Why is this needed?", "Supporting evidence", "Driver for change",
        "Background to change",
        "Justification", "Reason for change", "Rationale", "Purpose of change",  # in yaml
    ),
    "changed_by": (
        "Lead", "Raised by", "Submitted by", "Originator", "Clinical lead", "Name / role", "Contact",
        "Requester", "Amendment owner", "Initiated by", "Who raised it",
        "Proposed by", "Requested by", "Changed by", "Author",  # in yaml
    ),
    "date": (
        "Effective from", "Logged", "Approved on", "Date agreed", "Implemented", "Date logged",
        "Month of change", "When agreed", "Sign-off date", "Entered", "Date raised",
        "Date", "Date of change", "Date amended",  # in yaml
    ),
    "change_type": (
        "Type of amendment", "Change classification", "Kind of change", "Amendment category",
        "Significance", "Level of change", "Minor/major", "Change class", "Clinical or administrative?",
        "Nature of change", "Category", "Type of change", "Classification",  # in yaml
    ),
}

#: Header wordings of columns that have no canonical role (gold field ``null``).
EXTRA_HEADERS: dict[str, tuple[str, ...]] = {
    "number": ("No.", "#", "Item", "Row", "Ref no.", "Change no.", "ID", "Seq.", "Line", "Entry"),
    "status": ("Status", "Outcome", "Decision", "Agreed?", "Accepted (Y/N)", "Approval status",
               "Current status", "State", "CPAG decision", "Sign-off status"),
    "impact": ("Impact on patients", "Patient impact", "Clinical impact", "Impact on service",
               "Effect on patients", "Implications", "Consequence for patients", "Expected impact",
               "Risk to patients", "Financial impact"),
    "comments": ("Reviewer comments", "CPAG comments", "Notes", "Remarks", "Panel feedback",
                 "Additional notes", "Observations", "Reviewer notes", "Other comments", "Follow-up"),
}

# --------------------------------------------------------------------------- content


@dataclass(frozen=True)
class Fact:
    """A sentence carrying a clinical quantity that an amendment may change.

    Attributes:
        template: The sentence with ``{v}`` where the quantity goes.
        values: Quantities in ascending order ("0.4 g/kg", "0.5 g/kg").
        noun: What the quantity is (dose, threshold, interval, duration).
        section: The policy section it stands in ("4.2 Dosing").
    """

    template: str
    values: tuple[str, ...]
    noun: str
    section: str


@dataclass(frozen=True)
class Policy:
    """An invented clinical commissioning policy that the forms amend.

    Attributes:
        key: Short name used in form ids.
        title: Product name with the publication year.
        drug: The drug, lower case.
        condition: The condition treated.
        crg: The clinical reference group.
        reference: The policy's reference number.
        facts: Quantity-bearing sentences.
        criteria_lead: Sentence that introduces the eligibility list.
        criteria: Eligibility criteria (bullets).
        requirements: Sentences a form may add as a new paragraph.
        removable: (section, sentence) pairs a form may delete.
    """

    key: str
    title: str
    drug: str
    condition: str
    crg: str
    reference: str
    facts: tuple[Fact, ...]
    criteria_lead: str
    criteria: tuple[str, ...]
    requirements: tuple[str, ...]
    removable: tuple[tuple[str, str], ...]

    @property
    def year(self) -> int:
        """Publication year (from the title)."""
        return int(re.findall(r"\((\d{4})\)", self.title)[-1])


POLICIES: tuple[Policy, ...] = (
    Policy("ig_pid", "Clinical commissioning policy: Immunoglobulin for primary immunodeficiency (2021)",
           "immunoglobulin", "primary immunodeficiency", "Immunology and Allergy CRG", "SSC2106", (
               Fact("Immunoglobulin replacement may be considered when serum IgG < {v} despite adequate "
                    "antibiotic prophylaxis.", ("4 g/L", "5 g/L", "6 g/L"), "threshold", "3.1 Eligibility criteria"),
               Fact("The recommended starting dose is {v} every 3 weeks, adjusted to the trough IgG level.",
                    ("0.4 g/kg", "0.5 g/kg", "0.6 g/kg"), "dose", "4.2 Dosing"),
               Fact("Trough IgG levels should be measured every {v} during the first year of treatment.",
                    ("3 months", "4 months", "6 months"), "interval", "5.1 Monitoring"),
           ), "Patients must meet all of the following criteria:", (
               "serum IgG < 4 g/L on two occasions at least 4 weeks apart",
               "three or more courses of antibiotics for bacterial infection in the past 12 months",
               "documented failure of antibiotic prophylaxis",
               "assessment by a consultant immunologist",
           ), (
               "All patients must be registered on the national immunoglobulin database before the first infusion.",
               "Home therapy may be offered once the patient has completed a training programme with the "
               "immunology nurse specialist.",
           ), (
               ("5.3 Shared care", "Prescriptions must be renewed by the general practitioner every six months."),
               ("2 Scope", "Treatment is restricted to centres with a designated immunology service."),
           )),
    Policy("ig_itp", "Clinical commissioning policy: Immunoglobulin for immune thrombocytopenia in adults (2022)",
           "immunoglobulin", "immune thrombocytopenia", "Blood and Marrow Transplantation CRG", "SSC2211", (
               Fact("Immunoglobulin may be given when platelets < {v} and there is active bleeding.",
                    ("20 x 10^9/L", "30 x 10^9/L", "50 x 10^9/L"), "threshold", "3.2 Starting criteria"),
               Fact("The recommended dose is {v} as a single dose, which may be repeated once if there is no "
                    "response.", ("0.8 g/kg", "1 g/kg", "2 g/kg"), "dose", "4.1 Dose"),
               Fact("A second course should not be given within {v} of the first without discussion with a "
                    "consultant haematologist.", ("2 weeks", "4 weeks", "6 weeks"), "interval", "4.3 Repeat courses"),
           ), "Immunoglobulin is indicated for adults with immune thrombocytopenia who have:", (
               "platelets < 30 x 10^9/L with active bleeding",
               "an urgent need to raise the platelet count before surgery",
               "failed to respond to corticosteroids",
               "a contraindication to corticosteroids",
           ), (
               "The platelet count should be checked within 7 days of each course and recorded on the "
               "national database.",
               "Patients with a platelet count above 50 x 10^9/L do not need immunoglobulin before minor procedures.",
           ), (
               ("3.4 Exclusions", "Patients with a history of thrombosis are excluded from treatment."),
               ("6 Audit", "Each centre must submit a quarterly audit of immunoglobulin use to the regional panel."),
           )),
    Policy("ritux_nmosd", "Clinical commissioning policy: Rituximab for neuromyelitis optica spectrum disorder "
           "(2020)", "rituximab", "neuromyelitis optica spectrum disorder", "Neurosciences CRG", "URN 1915", (
               Fact("Rituximab is given as {v} by intravenous infusion on days 1 and 15, repeated every 6 months.",
                    ("500 mg", "1,000 mg"), "dose", "4.1 Dosing regimen"),
               Fact("Re-treatment should be considered when the CD19 count rises above {v} of total lymphocytes.",
                    ("1%", "2%", "5%"), "threshold", "4.3 Re-treatment"),
               Fact("Patients should be reviewed by the specialist neuromyelitis service every {v}.",
                    ("6 months", "12 months"), "interval", "5 Monitoring and review"),
           ), "Rituximab is commissioned for patients who have:", (
               "a confirmed diagnosis of NMOSD with positive aquaporin-4 antibodies",
               "at least one relapse in the previous 12 months",
               "an inadequate response to azathioprine or mycophenolate",
           ), (
               "Hepatitis B serology must be checked before the first infusion.",
               "Immunoglobulin levels should be measured before each course of rituximab.",
           ), (
               ("2.2 Exclusions", "Patients under 16 years of age are excluded from this policy."),
               ("6 Governance", "Prescribing is limited to the two national NMOSD centres."),
           )),
    Policy("toci_gca", "Clinical commissioning policy: Tocilizumab for giant cell arteritis (2023)",
           "tocilizumab", "giant cell arteritis", "Specialised Rheumatology CRG", "PRN00417", (
               Fact("Tocilizumab 162 mg is given by subcutaneous injection every {v} with a tapering course of "
                    "glucocorticoids.", ("7 days", "14 days"), "interval", "4.1 Dose"),
               Fact("Treatment should be stopped after a maximum of {v} of continuous therapy.",
                    ("12 months", "18 months", "24 months"), "duration", "4.4 Stopping criteria"),
               Fact("Full blood count and liver function should be checked every {v} for the first 3 months.",
                    ("2 weeks", "4 weeks"), "interval", "5.2 Monitoring"),
           ), "Tocilizumab may be used in patients who have:", (
               "relapsing giant cell arteritis despite glucocorticoids",
               "unacceptable adverse effects from glucocorticoids",
               "a diagnosis confirmed by temporal artery biopsy or imaging",
           ), (
               "Patients should be screened for latent tuberculosis before starting treatment.",
               "A second course may be considered for patients who relapse after stopping, following discussion "
               "at the regional multidisciplinary team meeting.",
           ), (
               ("3.3 Exclusions", "Patients with active diverticulitis are excluded from treatment."),
               ("7 Implementation", "Treatment must be initiated in a rheumatology day unit."),
           )),
    Policy("ecu_ahus", "Clinical commissioning policy: Eculizumab for atypical haemolytic uraemic syndrome (2019)",
           "eculizumab", "atypical haemolytic uraemic syndrome", "Renal Services CRG", "SSC1911", (
               Fact("Eculizumab {v} is given weekly for the first 4 weeks, then 1,200 mg every 2 weeks.",
                    ("600 mg", "900 mg"), "dose", "4.2 Dosing"),
               Fact("Withdrawal of treatment may be considered after {v} of stable renal function.",
                    ("6 months", "12 months", "24 months"), "duration", "4.5 Withdrawal"),
               Fact("Remission is defined as a platelet count above {v} on two consecutive measurements.",
                    ("100 x 10^9/L", "150 x 10^9/L"), "threshold", "2 Definitions"),
           ), "Eculizumab is commissioned for patients with:", (
               "a clinical diagnosis of atypical haemolytic uraemic syndrome",
               "ADAMTS13 activity above 10%",
               "no evidence of Shiga toxin-producing infection",
           ), (
               "All patients must receive meningococcal vaccination at least 2 weeks before the first dose.",
               "Patients must carry a patient safety card at all times during treatment.",
           ), (
               ("3.2 Exclusions", "Patients with a known complement gene variant are excluded from withdrawal."),
               ("6 Governance", "The national service will review every patient at least once a year."),
           )),
    Policy("romi_itp", "Clinical commissioning policy: Romiplostim for chronic immune thrombocytopenia in children "
           "(2023)", "romiplostim", "chronic immune thrombocytopenia", "Paediatric Haematology CRG", "URN 2304", (
               Fact("The starting dose of romiplostim is {v} once weekly by subcutaneous injection.",
                    ("1 microgram/kg", "2 micrograms/kg"), "dose", "4.1 Dose"),
               Fact("The dose should be reduced when platelets > {v} for two consecutive weeks.",
                    ("150 x 10^9/L", "200 x 10^9/L", "250 x 10^9/L"), "threshold", "4.2 Dose adjustment"),
               Fact("Treatment should be stopped if the platelet count does not rise after {v} at the maximum dose.",
                    ("4 weeks", "6 weeks", "8 weeks"), "duration", "4.4 Stopping criteria"),
           ), "Romiplostim may be used in children aged 1 year and over who have:", (
               "chronic immune thrombocytopenia for at least 12 months",
               "an insufficient response to corticosteroids and immunoglobulin",
               "platelets < 30 x 10^9/L or clinically significant bleeding",
           ), (
               "A bone marrow examination should be considered before treatment in children with atypical features.",
               "Parents or carers may be trained to give the injections at home.",
           ), (
               ("5.3 Shared care", "Shared care with the general practitioner is not appropriate."),
               ("3.4 Exclusions", "Children under 2 years of age are excluded from treatment."),
           )),
    Policy("buro_xlh", "Clinical commissioning policy: Burosumab for X-linked hypophosphataemia (2022)",
           "burosumab", "X-linked hypophosphataemia", "Metabolic Disorders CRG", "SSC2205", (
               Fact("The starting dose in children is {v} every 2 weeks, rounded to the nearest 10 mg.",
                    ("0.4 mg/kg", "0.8 mg/kg"), "dose", "4.1 Dosing in children"),
               Fact("Fasting serum phosphate should be measured every {v} during dose titration.",
                    ("2 weeks", "4 weeks"), "interval", "5.1 Monitoring"),
               Fact("The dose should not exceed {v} every 2 weeks.", ("90 mg", "120 mg"), "dose", "4.3 Maximum dose"),
           ), "Burosumab is commissioned for patients who have:", (
               "a confirmed PHEX variant or a family history of X-linked hypophosphataemia",
               "radiographic evidence of bone disease",
               "an inadequate response to oral phosphate and active vitamin D",
           ), (
               "Oral phosphate and active vitamin D must be stopped one week before the first dose.",
               "Renal ultrasound should be performed every 12 months to check for nephrocalcinosis.",
           ), (
               ("2.3 Adults", "Adults may only be treated within a clinical trial."),
               ("6 Governance", "Every start must be approved by the national multidisciplinary team."),
           )),
    Policy("cina_phpt", "Clinical commissioning policy: Cinacalcet for primary hyperparathyroidism (2021)",
           "cinacalcet", "primary hyperparathyroidism", "Endocrinology CRG", "SSC2110", (
               Fact("Cinacalcet may be considered when the adjusted serum calcium is above {v} and surgery is "
                    "contraindicated.", ("2.85 mmol/L", "3.0 mmol/L"), "threshold", "3.1 Starting criteria"),
               Fact("The starting dose is {v} twice daily.", ("15 mg", "30 mg"), "dose", "4.1 Dose"),
               Fact("Serum calcium should be measured within {v} of each dose change.",
                    ("1 week", "2 weeks"), "interval", "5.1 Monitoring"),
           ), "Cinacalcet is commissioned for patients who have:", (
               "primary hyperparathyroidism confirmed by a consultant endocrinologist",
               "symptomatic hypercalcaemia",
               "surgery declined, failed or contraindicated",
           ), (
               "The response should be reviewed by the endocrinology team after three months of treatment.",
               "Patients should be advised to take cinacalcet with food.",
           ), (
               ("3.3 Exclusions",
                "Cinacalcet is not commissioned for secondary hyperparathyroidism under this policy."),
               ("7 Implementation", "Supply must be through the hospital pharmacy."),
           )),
    Policy("emici_haem", "Clinical commissioning policy: Emicizumab for haemophilia A with inhibitors (2019)",
           "emicizumab", "haemophilia A with inhibitors", "Specialised Blood Disorders CRG", "URN 1908", (
               Fact("The maintenance dose is 1.5 mg/kg once weekly or {v}.",
                    ("3 mg/kg every 2 weeks", "6 mg/kg every 4 weeks"), "dose", "4.2 Maintenance dose"),
               Fact("Patients should have had at least {v} treated bleeds in the previous 6 months.",
                    ("2", "4", "6"), "threshold", "3.1 Starting criteria"),
               Fact("Trough levels should be checked {v} after starting treatment.",
                    ("4 weeks", "8 weeks", "12 weeks"), "interval", "5 Monitoring"),
           ), "Emicizumab is commissioned for patients with haemophilia A who have:", (
               "a current or previous factor VIII inhibitor",
               "failed or declined immune tolerance induction",
               "registration with a haemophilia comprehensive care centre",
           ), (
               "Bypassing agents should be used with caution and at the lowest effective dose.",
               "Every bleed must be recorded in the national haemophilia database.",
           ), (
               ("2.2 Scope", "Patients without inhibitors are outside the scope of this policy."),
               ("6 Governance", "The regional haemophilia network will audit use every year."),
           )),
    Policy("nusi_sma", "Clinical commissioning policy: Nusinersen for spinal muscular atrophy (2019)",
           "nusinersen", "spinal muscular atrophy", "Neurosciences CRG", "SSC1926", (
               Fact("Maintenance doses of 12 mg are given intrathecally every {v} after the loading doses.",
                    ("4 months", "6 months"), "interval", "4.2 Maintenance"),
               Fact("Motor function should be assessed at least every {v} using a validated scale.",
                    ("4 months", "6 months", "12 months"), "interval", "5.1 Assessment"),
               Fact("Treatment should be stopped if motor function declines on {v} consecutive assessments.",
                    ("2", "3"), "threshold", "4.4 Stopping criteria"),
           ), "Nusinersen is commissioned for patients who have:", (
               "genetically confirmed 5q spinal muscular atrophy",
               "types 1, 2 or 3 disease",
               "a baseline motor function assessment",
           ), (
               "Patients should be offered physiotherapy and respiratory support in line with the standards of care.",
               "The decision to stop treatment must be discussed with the patient and their family.",
           ), (
               ("3.2 Exclusions", "Patients who need permanent ventilation are excluded."),
               ("7 Implementation", "Treatment is given only in the designated neuromuscular centres."),
           )),
    Policy("mepo_asthma", "Clinical commissioning policy: Mepolizumab for severe eosinophilic asthma (2023)",
           "mepolizumab", "severe eosinophilic asthma", "Respiratory CRG", "PRN00562", (
               Fact("Mepolizumab may be considered when the blood eosinophil count is at least {v} in the previous "
                    "12 months.", ("150 cells/µL", "300 cells/µL", "400 cells/µL"), "threshold",
                    "3.1 Starting criteria"),
               Fact("Patients should have had at least {v} exacerbations needing systemic corticosteroids in the "
                    "previous 12 months.", ("3", "4"), "threshold", "3.1 Starting criteria"),
               Fact("The response should be assessed after {v} of treatment.", ("16 weeks", "12 months"),
                    "interval", "5.2 Review"),
           ), "Mepolizumab is commissioned for adults who have:", (
               "severe asthma confirmed by a specialist asthma service",
               "good adherence to high-dose inhaled corticosteroids",
               "a blood eosinophil count of at least 300 cells/µL",
           ), (
               "Adherence must be checked with prescription records before treatment starts.",
               "Patients who respond may be offered self-administration at home.",
           ), (
               ("2.2 Scope", "Children are outside the scope of this policy."),
               ("6 Governance", "Each start must be approved by the regional asthma network."),
           )),
)

#: Sentences of background that long forms add around the amended wording ({drug}, {condition}).
BACKGROUND = (
    "{Drug} is commissioned by NHS England for {condition} when the criteria in this policy are met and "
    "treatment is prescribed by a specialist centre.",
    "Patients should be assessed by a consultant with experience of {condition}, and the decision to treat "
    "should be recorded in the clinical notes together with the baseline measurements.",
    "Where a patient is already receiving {drug} under a previous policy, treatment may continue provided "
    "that the continuation criteria are met at the next scheduled review.",
    "The specialist team should give the patient written information about the expected benefits, the known "
    "adverse effects and the arrangements for monitoring before the first dose.",
    "Prescribers should report suspected adverse reactions through the Yellow Card scheme and record them in "
    "the national registry where one exists.",
)

#: Rewordings that keep the meaning (reason: wording), ``{drug}``/``{Drug}`` filled in.
WORDING_PAIRS = (
    ("Patients who fulfil the criteria below will be eligible for treatment with {drug}.",
     "Patients who meet the criteria below are eligible for treatment with {drug}."),
    ("The decision to start treatment will be made by the multidisciplinary team (MDT).",
     "The multidisciplinary team (MDT) will make the decision to start treatment."),
    ("Clinicians should ensure that the patient has been fully informed of the risks and benefits of treatment.",
     "Clinicians should make sure that the patient has been fully informed of the risks and benefits of treatment."),
    ("Outcome data should be recorded in the relevant national registry.",
     "Outcome data should be entered in the relevant national registry."),
    ("Treatment should be commenced in a specialist centre.", "Treatment should be started in a specialist centre."),
    ("The treating clinician is responsible for ensuring that monitoring takes place.",
     "The treating clinician is responsible for making sure that monitoring takes place."),
    ("Prior approval must be obtained via the Blueteq system before the first dose.",
     "Prior approval must be obtained through the Blueteq system before the first dose."),
    ("{Drug} is administered in hospital under the supervision of the specialist team.",
     "{Drug} is given in hospital under the supervision of the specialist team."),
)
WORDING_REASONS = ("Wording clarified", "Plain English wording", "Sentence reworded for clarity",
                   "Minor wording change", "Editorial change to improve readability", "Wording simplified")
WORDING_SECTIONS = ("1 Introduction", "2 Scope", "3 Eligibility criteria", "5 Monitoring", "6 Governance",
                    "Plain language summary", "Executive summary")

#: Administrative changes (names, references), with their reason and section.
ADMIN_PAIRS = (
    ("Approval is given by the Clinical Reference Group.", "Approval is given by the Clinical Expert Panel.",
     "Terminology updated following the restructure of clinical groups", "6 Governance"),
    ("Queries should be directed to the Specialised Commissioning Team.",
     "Queries should be directed to the Specialised Commissioning Policy Team.", "Team name updated",
     "8 Contact details"),
    ("NHS England (2016) Clinical commissioning policy statement: {condition}.",
     "NHS England (2024) Clinical commissioning policy statement: {condition}.",
     "Reference updated to the current version", "Appendix B: References"),
    ("National Institute for Health and Care Excellence (2018) Guidance on {condition}.",
     "National Institute for Health and Care Excellence (2023) Guidance on {condition}.",
     "Reference replaced by the current guidance", "9 References"),
    ("This policy will be reviewed by the Clinical Reference Group.",
     "This policy will be reviewed by the Clinical Expert Panel.", "Name of committee updated", "10 Review"),
)

EMPTY_ORIGINALS = ("None", "N/A", "–", "Not applicable", "No previous text")
REMOVED_MARKERS = ("Removed", "Deleted.", "Paragraph removed", "This paragraph has been removed.", "Removed.")
NEW_REASONS = ("New requirement agreed by CPAG", "Added to reflect national audit requirements",
               "Added following stakeholder engagement", "Safety requirement added on the advice of the CRG")
REMOVAL_REASONS = ("No longer relevant following the change in commissioning responsibility",
                   "Superseded by the national service specification", "Removed at the request of the CRG",
                   "Duplicates another section of the policy")
CRITERIA_REASONS = ("Additional criterion agreed by the CRG",
                    "Starting criteria extended following the evidence review",
                    "New criterion added at the request of the CRG")
#: Reasons for a quantity change: {Noun}, {noun}, {dir}, {old}, {new}.
QUANTITY_REASONS = ("{Noun} {dir} in line with the current SmPC", "{Noun} {dir} following the evidence review",
                    "{Noun} {dir} from {old} to {new} on clinical advice", "Change in {noun} agreed at CPAG",
                    "Updated {noun} agreed by the CRG")
DIRECTIONS = {"dose": ("increased", "reduced"), "threshold": ("raised", "lowered"),
              "interval": ("increased", "reduced"), "duration": ("increased", "reduced")}
#: Reasons that claim a change of no clinical meaning (planted with a changed number: reason-mismatch).
MINOR_REASONS = ("Typographical error corrected", "Formatting corrected", "Typo", "Minor formatting correction",
                 "Spelling and formatting corrected", "Administrative correction", "Minor wording change")
#: Reasons that say nothing about the kind of change (the change type then claims it is minor).
NEUTRAL_REASONS = ("Brought into line with the policy template", "Requested at the annual policy review",
                   "Raised by the policy team")
#: Reasons of a no-op row: a correction is claimed, yet the text is unchanged.
NO_OP_REASONS = ("Typographical error corrected", "Spelling corrected", "Grammar corrected", "Punctuation corrected",
                 "Spelling of drug name corrected")
NOTES = ("See section 5 for the monitoring schedule.", "Doses are based on actual body weight.",
         "This applies to new patients and to patients already on treatment.")

#: Change-type schemes: category (clinical, typographical, administrative) to the value written.
CHANGE_TYPES = {
    "words": {"clinical": "Clinical", "typographical": "Typographical", "administrative": "Administrative"},
    "minor_major": {"clinical": "Major", "typographical": "Minor", "administrative": "Minor"},
    "coded": {"clinical": "C", "typographical": "A", "administrative": "B"},
}
CODED_KEY = "A = typographical or formatting; B = administrative; C = clinical"

PEOPLE = ("Senior Pharmacy Lead", "Dr A. Patel", "Dr A. Patel, Consultant Immunologist", "Policy Team",
          "J. Okafor (Lead Pharmacist)", "Clinical Lead, {crg}", "{crg}", "CPAG", "Ms R. Hughes",
          "Specialised Commissioning Pharmacist", "Dr S. Nwosu", "Prof. K. Lindqvist", "Mr D. Evans, Policy Lead")
STATUSES = ("Agreed", "Approved", "Accepted", "Approved by CPAG", "Complete", "Agreed at CRG")
IMPACT_CLINICAL = ("Patients on treatment to be reviewed at their next appointment",
                   "A small number of patients may become eligible",
                   "Current patients continue; applies to new starters")
IMPACT_NONE = ("None", "No impact – wording only", "None expected")
COMMENTS = ("Agreed at CPAG", "Checked against the SmPC", "No further comments", "Accepted without change",
            "Pharmacy to update the prescribing form", "Noted by the clinical panel")
TITLES = ("Change form for published clinical commissioning policies", "Record of amendments",
          "Policy amendment log", "Summary of changes", "Schedule of changes to the published policy",
          "Clinical policy: record of changes")
VERSIONS = ("Version 2.0", "v1.3", "2.1 (final)", "Version 3", "1.1 draft for CPAG")

#: Words the spelling defects misspell (correct -> misspelt), all in the texts above.
TYPOS = {
    "patients": "pateints", "patient": "patinet", "treatment": "treatmnet", "monitoring": "monitorng",
    "criteria": "critera", "guidance": "guidence", "eligible": "elegible", "specialist": "specalist",
    "following": "follwing", "response": "responce", "agreed": "agred", "clinical": "clincal",
    "updated": "upated", "current": "currnet", "national": "natonal", "should": "shoud",
    "measured": "measurd", "considered": "considred", "reviewed": "reveiwed", "evidence": "evidance",
    "approval": "aproval", "maximum": "maxium", "requirement": "requirment", "registered": "registred",
    "decision": "descision", "wording": "wordng", "receiving": "recieving", "supervision": "supervison",
    "subcutaneous": "subcutanous", "intravenous": "intraveneous", "exacerbations": "exacerbatoins",
    "glucocorticoids": "glucocorticiods", "consecutive": "consecutve", "infusion": "infusoin",
    "assessment": "assesment", "committee": "comittee", "relevant": "relevent", "before": "befor",
    "within": "whithin", "adjusted": "ajusted", "injection": "injecton",
}
#: Function words doubled by the repeated-word defects.
DOUBLED = ("the", "to", "of", "and", "for", "with", "by", "in")
#: An impossible date in each date style (style -> text), and for running text.
BAD_DATES = {"%d/%m/%Y": "31/04/2024", "%d %B %Y": "31 September 2024", "%B %Y": "30 February 2024",
             "%Y-%m-%d": "2025-02-29", "%d-%b-%Y": "31-Jun-2024", "%d.%m.%Y": "31.06.2024", "%d %b %Y": "30 Feb 2025"}
IN_TEXT_BAD_DATES = ("31 September 2024", "30 February 2025", "31/06/2024")
DATE_STYLES = tuple(BAD_DATES)

# --------------------------------------------------------------------------- form model


@dataclass
class Row:
    """One row being written: text per column key, what kind of change it records, its defect.

    Attributes:
        cells: Column key (a role, or ``x:<kind>`` for an extra column) to cell text.
        category: ``clinical``, ``typographical`` or ``administrative`` (drives the change type).
        kind: How the row was made (quantity, wording, admin, new, removal, criteria, ...).
        defect: The planted defect ``{"rule", "key", "text", "note"}``, or None for a clean row.
        section: Section the row amends (as the policy numbers it).
        fact: The quantity sentence the row amends, if any.
        quantity: The quantity before and after, if the row changes one.
    """

    cells: dict[str, str]
    category: str
    kind: str
    section: str
    defect: dict[str, Any] | None = None
    fact: Fact | None = None
    quantity: tuple[str, str] | None = None


@dataclass
class Form:
    """One form to write.

    Attributes:
        form_id: File stem before ``__``.
        policy: The policy amended.
        producer: One of :data:`PRODUCERS`.
        style: Style name (the part of the file name after the producer).
        params: Producer-specific drawing parameters.
        title: Title paragraph.
        metadata: Labelled metadata ("Policy", "Reference", "Version", maybe "Change type key").
        metadata_layout: ``lines`` ("Label: value" paragraphs), ``table`` (two-column table) or ``none``.
        keys: Column keys in table order.
        headers: Header text per column.
        rows: The rows.
        long: Whether the form is meant to run over several pages.
    """

    form_id: str
    policy: Policy
    producer: str
    style: str = ""
    params: dict[str, Any] = field(default_factory=dict)
    title: str = ""
    metadata: dict[str, str] = field(default_factory=dict)
    metadata_layout: str = "lines"
    keys: list[str] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    long: bool = False

    @property
    def fields(self) -> list[str | None]:
        """Canonical field per column (None for extra columns)."""
        return [None if key.startswith("x:") else key for key in self.keys]

    def cell_rows(self) -> list[list[str]]:
        """Cell texts row by row in column order."""
        return [[row.cells[key] for key in self.keys] for row in self.rows]

    @property
    def suffix(self) -> str:
        """File extension of the producer's output."""
        return ".docx" if self.producer == "docx" else ".pdf"

    @property
    def file_name(self) -> str:
        """``<formid>__<producer>_<style>.<ext>``."""
        return f"{self.form_id}__{self.producer}_{self.style}{self.suffix}"


# --------------------------------------------------------------------------- rows


def _fill(text: str, policy: Policy) -> str:
    return text.format(drug=policy.drug, Drug=policy.drug[:1].upper() + policy.drug[1:],
                       condition=policy.condition, crg=policy.crg)


def fact_text(fact: Fact, value: str, policy: Policy) -> str:
    """The fact's sentence with ``value`` as its quantity."""
    return _fill(fact.template.replace("{v}", value), policy)


def _context(rng: Random, policy: Policy, long: bool) -> tuple[list[str], list[str]]:
    """Paragraphs shared by an original and new text: (before, after) the amended sentence."""
    before: list[str] = []
    after: list[str] = []
    if long:
        picked = rng.sample(BACKGROUND, rng.randint(1, 2))
        before += [_fill(p, policy) for p in picked]
        if rng.random() < 0.6:
            after += [policy.criteria_lead] + [BULLET + c for c in rng.sample(policy.criteria, 2)]
    elif rng.random() < 0.25:
        after.append(rng.choice(NOTES))
    return before, after


def _wrap(sentence: str, before: list[str], after: list[str], rng: Random) -> str:
    """The cell text: paragraphs before, the sentence (sometimes run on from the last), paragraphs after."""
    paragraphs = list(before)
    if paragraphs and rng.random() < 0.3:
        paragraphs[-1] = f"{paragraphs[-1]} {sentence}"
    else:
        paragraphs.append(sentence)
    return "\n".join(paragraphs + after)


def quantity_row(rng: Random, policy: Policy, fact: Fact, long: bool, *, reason: str | None = None) -> Row:
    """A row that changes the quantity of ``fact``; the reason says so unless ``reason`` is given."""
    i, j = rng.sample(range(len(fact.values)), 2)
    old, new = fact.values[i], fact.values[j]
    before, after = _context(rng, policy, long)
    state = rng.getstate()
    original = _wrap(fact_text(fact, old, policy), before, after, rng)
    rng.setstate(state)  # the same paragraphs, joined the same way
    new_text = _wrap(fact_text(fact, new, policy), before, after, rng)
    if reason is None:
        up, down = DIRECTIONS[fact.noun]
        noun = "monitoring interval" if fact.noun == "interval" and "monitor" in fact.section.lower() else fact.noun
        reason = rng.choice(QUANTITY_REASONS).format(Noun=noun[:1].upper() + noun[1:], noun=noun,
                                                     dir=up if j > i else down, old=old, new=new)
    return Row({"original": original, "new": new_text, "reason": reason}, "clinical", "quantity", fact.section,
               fact=fact, quantity=(old, new))


def wording_row(rng: Random, policy: Policy, pair: tuple[str, str], long: bool) -> Row:
    """A rewording that keeps the meaning."""
    before, after = _context(rng, policy, long)
    state = rng.getstate()
    original = _wrap(_fill(pair[0], policy), before, after, rng)
    rng.setstate(state)
    new = _wrap(_fill(pair[1], policy), before, after, rng)
    return Row({"original": original, "new": new, "reason": rng.choice(WORDING_REASONS)}, "typographical",
               "wording", rng.choice(WORDING_SECTIONS))


def admin_row(rng: Random, policy: Policy, item: tuple[str, str, str, str]) -> Row:
    """A name, contact or reference update."""
    return Row({"original": _fill(item[0], policy), "new": _fill(item[1], policy), "reason": item[2]},
               "administrative", "admin", item[3])


def new_row(rng: Random, policy: Policy, sentence: str, long: bool) -> Row:
    """A paragraph added where there was none."""
    new = sentence
    if long:
        new = "\n".join([sentence, _fill(rng.choice(BACKGROUND), policy)])
    section = rng.choice(("5 Monitoring", "4 Treatment", "3 Eligibility criteria", "6 Governance"))
    return Row({"original": rng.choice(EMPTY_ORIGINALS), "new": new, "reason": rng.choice(NEW_REASONS)},
               "clinical", "new", section)


def removal_row(rng: Random, policy: Policy, item: tuple[str, str]) -> Row:
    """A paragraph deleted."""
    return Row({"original": item[1], "new": rng.choice(REMOVED_MARKERS), "reason": rng.choice(REMOVAL_REASONS)},
               "clinical", "removal", item[0])


def criteria_row(rng: Random, policy: Policy, long: bool) -> Row:
    """A criterion added to the eligibility list (bullets)."""
    items = list(policy.criteria)
    added = items.pop(rng.randrange(len(items)))
    kept = items if long else items[: rng.randint(2, len(items))]
    original = "\n".join([policy.criteria_lead] + [BULLET + c for c in kept])
    new = "\n".join([policy.criteria_lead] + [BULLET + c for c in kept] + [BULLET + added])
    return Row({"original": original, "new": new, "reason": rng.choice(CRITERIA_REASONS)}, "clinical", "criteria",
               rng.choice(("3 Eligibility criteria", "3.1 Starting criteria", "Appendix A")))


def make_rows(rng: Random, policy: Policy, count: int, long: bool) -> list[Row]:
    """``count`` clean rows, no piece of content used twice."""
    facts = list(policy.facts)
    wordings = list(WORDING_PAIRS)
    admins = list(ADMIN_PAIRS)
    requirements = list(policy.requirements)
    removable = list(policy.removable)
    for pool in (facts, wordings, admins, requirements, removable):
        rng.shuffle(pool)
    criteria_done = False
    rows: list[Row] = []
    kinds = ("quantity", "quantity", "quantity", "wording", "wording", "admin", "new", "removal", "criteria")
    while len(rows) < count:
        kind = rng.choice(kinds)
        if kind == "quantity" and facts:
            rows.append(quantity_row(rng, policy, facts.pop(), long))
        elif kind == "wording" and wordings:
            rows.append(wording_row(rng, policy, wordings.pop(), long))
        elif kind == "admin" and admins:
            rows.append(admin_row(rng, policy, admins.pop()))
        elif kind == "new" and requirements:
            rows.append(new_row(rng, policy, requirements.pop(), long))
        elif kind == "removal" and removable:
            rows.append(removal_row(rng, policy, removable.pop()))
        elif kind == "criteria" and not criteria_done:
            rows.append(criteria_row(rng, policy, long))
            criteria_done = True
        elif not (facts or wordings or admins or requirements or removable):
            break
    return rows


def unused_fact(rng: Random, form: Form) -> Fact:
    """A quantity sentence of the policy that no row amends yet (any, when all are taken)."""
    used = {row.fact for row in form.rows}
    return rng.choice([f for f in form.policy.facts if f not in used] or list(form.policy.facts))


# --------------------------------------------------------------------------- columns and cells


def choose_keys(rng: Random) -> list[str]:
    """The form's column keys in table order (3-8 columns, original and new always)."""
    optional = [key for key, p in (("section", 0.8), ("reason", 0.8), ("changed_by", 0.6), ("date", 0.6),
                                   ("change_type", 0.4)) if rng.random() < p]
    extras = rng.choices((0, 1, 2), weights=(55, 35, 10))[0]
    optional += ["x:" + kind for kind in rng.sample(sorted(EXTRA_HEADERS), extras)]
    if not optional:
        optional.append(rng.choice(("reason", "section")))
    optional = optional[:6]
    mode = rng.choices(("conventional", "new_first", "shuffled"), weights=(45, 20, 35))[0]
    if mode == "shuffled":
        keys = ["original", "new", *optional]
        rng.shuffle(keys)
        return keys
    pair = ["new", "original"] if mode == "new_first" else ["original", "new"]
    head = [k for k in optional if k == "x:number"]
    if "section" in optional and rng.random() < 0.5:
        head.append("section")
    tail = [k for k in optional if k not in head]
    if len(tail) > 1 and rng.random() < 0.5:
        a, b = rng.sample(range(len(tail)), 2)
        tail[a], tail[b] = tail[b], tail[a]
    return head + pair + tail


def choose_headers(rng: Random, keys: list[str]) -> list[str]:
    """A header wording per column, from the thesaurus; sometimes in capitals."""
    upper = rng.random() < 0.12
    out = []
    for key in keys:
        pool = EXTRA_HEADERS[key[2:]] if key.startswith("x:") else ROLE_HEADERS[key]
        text = rng.choice(pool)
        out.append(text.upper() if upper else text)
    return out


def section_text(section: str, style: str) -> str:
    """How a form writes the section a row amends ("4.2 Dosing", "Para 4.2", "p. 7")."""
    number, _, heading = section.partition(" ")
    numbered = bool(re.match(r"^\d+(\.\d+)*$", number))
    if not numbered:
        return section
    page = int(number.split(".")[0]) + 2 + (int(number.split(".")[1]) // 2 if "." in number else 0)
    return {"full": section, "para": f"Para {number}", "page": f"p. {page}", "heading": heading,
            "both": f"{section}\n(page {page})"}[style]


def fill_columns(rng: Random, form: Form) -> None:
    """Write the section, changed-by, date, change-type and extra cells of every row."""
    section_style = rng.choice(("full", "full", "para", "page", "heading", "both"))
    people = [_fill(p, form.policy) for p in rng.sample(PEOPLE, rng.randint(2, 4))]
    date_style = rng.choice(DATE_STYLES)
    start_year = max(form.policy.year, 2023)
    day = dt.date(start_year, 1, 1) + dt.timedelta(days=rng.randint(0, 540 if start_year < 2025 else 150))
    scheme = rng.choice(sorted(CHANGE_TYPES))
    form.params["change_type_scheme"] = scheme
    form.params["date_style"] = date_style
    form.params["section_style"] = section_style
    for number, row in enumerate(form.rows, start=1):
        if rng.random() < 0.6:
            day += dt.timedelta(days=rng.randint(1, 21))
        row.cells["section"] = section_text(row.section, section_style)
        row.cells["changed_by"] = rng.choice(people)
        row.cells["date"] = day.strftime(date_style)
        row.cells["change_type"] = CHANGE_TYPES[scheme][row.category]
        row.cells["x:number"] = str(number)
        row.cells["x:status"] = rng.choice(STATUSES)
        row.cells["x:impact"] = rng.choice(IMPACT_CLINICAL if row.category == "clinical" else IMPACT_NONE)
        row.cells["x:comments"] = rng.choice(COMMENTS)


# --------------------------------------------------------------------------- defects


def _defect(rule: str, key: str | None, text: str, note: str) -> dict[str, Any]:
    return {"rule": rule, "key": key, "text": text, "note": note}


def _clean(form: Form) -> list[int]:
    return [i for i, row in enumerate(form.rows) if row.defect is None]


def plant_spelling(rng: Random, form: Form) -> bool:
    """Misspell one word of a clean row's original, new, reason or free-text extra cell."""
    keys = [k for k in ("original", "new", "reason", "x:impact", "x:comments") if k in form.keys]
    candidates = []
    for i in _clean(form):
        row = form.rows[i]
        for key in keys:
            if key == "original" and row.kind == "new":
                continue
            for word in TYPOS:
                for match in re.finditer(rf"\b{word}\b", row.cells[key], re.IGNORECASE):
                    candidates.append((i, key, match))
    if not candidates:
        return False
    # spread the defects over the columns: pick a column first, then a place in it
    key = rng.choice(sorted({c[1] for c in candidates}))
    i, key, match = rng.choice([c for c in candidates if c[1] == key])
    row = form.rows[i]
    word = match.group()
    typo = TYPOS[word.lower()]
    typo = typo[:1].upper() + typo[1:] if word[:1].isupper() else typo
    row.cells[key] = row.cells[key][: match.start()] + typo + row.cells[key][match.end():]
    row.defect = _defect("spelling", key, typo, f"'{typo}' is a misspelling of '{word}'")
    return True


def plant_repeated(rng: Random, form: Form) -> bool:
    """Double a function word inside a sentence of a clean row's text cell."""
    keys = [k for k in ("original", "new", "reason", "x:impact", "x:comments") if k in form.keys]
    candidates = []
    for i in _clean(form):
        for key in keys:
            text = form.rows[i].cells[key]
            for match in re.finditer(rf"(?<=[a-z] )({'|'.join(DOUBLED)}) (?=[a-z])", text):
                candidates.append((i, key, match))
    if not candidates:
        return False
    key = rng.choice(sorted({c[1] for c in candidates}))
    i, key, match = rng.choice([c for c in candidates if c[1] == key])
    row = form.rows[i]
    word = match.group(1)
    row.cells[key] = row.cells[key][: match.end()] + word + " " + row.cells[key][match.end():]
    row.defect = _defect("repeated-word", key, f"{word} {word}", f"'{word}' written twice")
    return True


def _replaceable(form: Form) -> list[int]:
    """Clean rows a defect row may replace (not the criteria row: it holds the only bullets of short forms)."""
    return [i for i in _clean(form) if form.rows[i].kind != "criteria"]


def plant_reason_mismatch(rng: Random, form: Form) -> bool:
    """Replace a clean row with a clinical number change declared typographical (reason or change type)."""
    has_reason, has_type = "reason" in form.keys, "change_type" in form.keys
    spots = _replaceable(form)
    if not (has_reason or has_type) or not spots:
        return False
    i = rng.choice(spots)
    fact = unused_fact(rng, form)
    via_type = has_type and (not has_reason or rng.random() < 0.4)
    reason = rng.choice(NEUTRAL_REASONS) if via_type else rng.choice(MINOR_REASONS)
    row = quantity_row(rng, form.policy, fact, form.long, reason=reason)
    old, new = row.quantity  # type: ignore[misc]
    keep = {k: v for k, v in form.rows[i].cells.items() if k not in row.cells}
    row.cells.update(keep)
    row.category = "typographical"
    row.kind = "mismatch"
    scheme = form.params["change_type_scheme"]
    row.cells["change_type"] = CHANGE_TYPES[scheme]["typographical"]
    row.cells["section"] = section_text(fact.section, form.params["section_style"])
    row.cells["x:impact"] = rng.choice(IMPACT_NONE)
    claimed = f"change type '{row.cells['change_type']}'" if via_type else f"reason '{reason}'"
    row.defect = _defect("reason-mismatch", "new", f"{old} → {new}",
                         f"the {fact.noun} changes from {old} to {new}, yet the {claimed} declares a "
                         f"non-clinical edit")
    form.rows[i] = row
    return True


def plant_no_op(rng: Random, form: Form) -> bool:
    """Replace a clean row with one whose new text equals the original while a correction is claimed."""
    spots = _replaceable(form)
    if not spots:
        return False
    i = rng.choice(spots)
    row = form.rows[i]
    # the wording that stays: an added paragraph's new text, a deleted one's original, else the original
    text = row.cells["new"] if row.kind == "new" else row.cells["original"]
    row.cells["original"] = row.cells["new"] = text
    row.cells["reason"] = rng.choice(NO_OP_REASONS)
    row.category = "typographical"
    row.kind = "no-op"
    row.cells["change_type"] = CHANGE_TYPES[form.params["change_type_scheme"]]["typographical"]
    row.cells["x:impact"] = rng.choice(IMPACT_NONE)
    claim = f"reason '{row.cells['reason']}'" if "reason" in form.keys else "row"
    row.defect = _defect("no-op-change", None, text, f"the new text is identical to the original, yet the {claim} "
                         f"records a correction")
    return True


def plant_date(rng: Random, form: Form) -> bool:
    """An impossible date: in the date column, or written into a new paragraph's text."""
    clean = _clean(form)
    if not clean:
        return False
    if "date" in form.keys:
        i = rng.choice(clean)
        bad = BAD_DATES[form.params["date_style"]]
        form.rows[i].cells["date"] = bad
        form.rows[i].defect = _defect("date-anomaly", "date", bad, f"'{bad}' is not a real date")
        return True
    spots = [i for i in clean if form.rows[i].kind == "new"]
    if not spots:
        return False
    i = rng.choice(spots)
    bad = rng.choice(IN_TEXT_BAD_DATES)
    row = form.rows[i]
    first, _, rest = row.cells["new"].partition("\n")
    added = f"{first} This applies to patients starting treatment from {bad}."
    row.cells["new"] = added + (f"\n{rest}" if rest else "")
    row.defect = _defect("date-anomaly", "new", bad, f"'{bad}' in the new text is not a real date")
    return True


PLANTERS = {"spelling": plant_spelling, "repeated-word": plant_repeated, "reason-mismatch": plant_reason_mismatch,
            "no-op-change": plant_no_op, "date-anomaly": plant_date}


def plant_defects(rng: Random, form: Form, queue: deque[str], count: int) -> None:
    """Plant ``count`` defects, taking rules from the shared ``queue`` so that each rule is used as often.

    Rows are replaced first (reason-mismatch, no-op), then clean rows are edited (date, spelling,
    repeated word), so that an edit never lands on a row that is later replaced; each defect takes
    a row of its own. A rule whose planter finds no place plants nothing.
    """
    chosen: list[str] = []
    for rule in list(queue):
        if len(chosen) == count:
            break
        if rule == "reason-mismatch" and not {"reason", "change_type"} & set(form.keys):
            continue
        if rule == "date-anomaly" and "date" not in form.keys and not any(r.kind == "new" for r in form.rows):
            continue
        chosen.append(rule)
    for rule in chosen:  # used: to the back of the queue
        queue.remove(rule)
        queue.append(rule)
    order = ("reason-mismatch", "no-op-change", "date-anomaly", "spelling", "repeated-word")
    for rule in sorted(chosen, key=order.index):
        PLANTERS[rule](rng, form)


# --------------------------------------------------------------------------- planning


def plan_form(index: int, seed: int, producer: str, queue: deque[str], long: bool) -> Form:
    """One form: columns, headers, rows, planted defects, title, metadata and drawing style."""
    rng = Random(f"{seed}:{index}")
    policy = POLICIES[(index * 7 + seed) % len(POLICIES)]
    form = Form(form_id=f"{PREFIX}{index:02d}_{policy.key}", policy=policy, producer=producer, long=long)
    form.keys = choose_keys(rng)
    if long and "reason" not in form.keys:
        form.keys.insert(form.keys.index("new") + 1, "reason")
    form.headers = choose_headers(rng, form.keys)
    form.rows = make_rows(rng, policy, rng.randint(10, 12) if long else rng.randint(4, 12), long)
    rng.shuffle(form.rows)
    fill_columns(rng, form)
    defects = rng.choices((0, 1, 2, 3), weights=(10, 35, 40, 15))[0]
    plant_defects(rng, form, queue, min(defects, max(len(form.rows) // 3, 1)))
    form.title = rng.choice(TITLES)
    form.metadata_layout = rng.choices(("lines", "table", "none"), weights=(45, 35, 20))[0]
    form.metadata = {}
    if form.metadata_layout != "none":
        form.metadata = {"Policy": policy.title, "Reference": policy.reference, "Version": rng.choice(VERSIONS)}
    if "change_type" in form.keys and form.params["change_type_scheme"] == "coded":
        form.metadata["Change type key"] = CODED_KEY
    choose_style(rng, form)
    return form


# --------------------------------------------------------------------------- widths


def _word_width(text: str, font: str, size: float) -> float:
    from reportlab.pdfbase import pdfmetrics

    words = [w for w in text.split() if "://" not in w]
    return max((pdfmetrics.stringWidth(w, font, size) for w in words), default=0.0)


def allocate_widths(form: Form, usable: float, font: str, bold: str, size: float, padding: float) -> list[float] | None:
    """Column widths in points: roughly by content length, never narrower than the longest word.

    Returns None when the longest words do not fit side by side in ``usable`` points.
    """
    pdf_helpers.register_fonts()
    columns = list(zip(*form.cell_rows(), strict=True)) if form.rows else [()] * len(form.keys)
    need = [max(_word_width(header, bold, size), *(_word_width(c, font, size) for c in column)) + padding
            for header, column in zip(form.headers, columns, strict=True)]
    want = [max(sum(len(c) for c in column) / max(len(column), 1), 6) ** 0.6 for column in columns]
    if sum(need) > usable:
        return None
    fixed: set[int] = set()  # columns held at their longest word; the others share the rest by content
    while True:
        free = [i for i in range(len(need)) if i not in fixed]
        room = usable - sum(need[i] for i in fixed)
        widths = [need[i] if i in fixed else room * want[i] / sum(want[j] for j in free) for i in range(len(need))]
        short = {i for i in free if widths[i] < need[i]}
        if not short:
            return widths
        fixed |= short


def fit(form: Form, portrait: float, landscape: float, font: str, bold: str, size: float, padding: float,
        prefer_landscape: bool) -> tuple[bool, float, list[float]]:
    """Orientation, font size and widths (points) that fit every word; smaller type or landscape if needed."""
    orientations = [True, False] if prefer_landscape else [False, True]
    for is_landscape in orientations:
        step = size
        while step >= 6.5:
            widths = allocate_widths(form, landscape if is_landscape else portrait, font, bold, step, padding)
            if widths:
                return is_landscape, step, widths
            step -= 0.5
    raise SystemExit(f"{form.form_id}: a word is too wide for its column even in landscape at 6.5 pt")


# --------------------------------------------------------------------------- styles


RL_FONTS = {"helvetica": ("Helvetica", "Helvetica-Bold"), "times": ("Times-Roman", "Times-Bold"),
            "dejavu": ("DejaVuSans", "DejaVuSans-Bold"), "dejavuserif": ("DejaVuSerif", "DejaVuSerif-Bold"),
            "narrow": ("LiberationSansNarrow", "LiberationSansNarrow-Bold")}
FPDF_FONTS = {"dejavu": ("DejaVuSans", "DejaVuSans-Bold"), "dejavuserif": ("DejaVuSerif", "DejaVuSerif-Bold"),
              "narrow": ("LiberationSansNarrow", "LiberationSansNarrow-Bold")}
#: Word fonts and the reportlab metrics that stand in for them when columns are sized.
DOCX_FONTS = {"arial": ("Arial", "Helvetica"), "times": ("Times New Roman", "Times-Roman"),
              "calibri": ("Calibri", "Helvetica"), "liberation": ("Liberation Sans", "Helvetica"),
              "dejavu": ("DejaVu Sans", "DejaVuSans"), "narrow": ("Liberation Sans Narrow", "LiberationSansNarrow")}
_BOLD = {"Helvetica": "Helvetica-Bold", "Times-Roman": "Times-Bold", "DejaVuSans": "DejaVuSans-Bold",
         "LiberationSansNarrow": "LiberationSansNarrow-Bold"}
DOCX_TABLE_STYLES = {"grid": "", "lightgrid": "Light Grid Accent 1", "mediumshading": "Medium Shading 1 Accent 1",
                     "lightlist": "Light List Accent 1"}
A4 = (595.2756, 841.8898)


def choose_style(rng: Random, form: Form) -> None:
    """Pick the drawing parameters of the form's producer and name the style."""
    wide = len(form.keys) >= 6 or form.long and rng.random() < 0.5
    p = form.params
    p["prefer_landscape"] = wide or rng.random() < 0.25
    if form.producer in ("reportlab", "fpdf2"):
        fonts = RL_FONTS if form.producer == "reportlab" else FPDF_FONTS
        p["font"] = rng.choice(sorted(fonts))
        p["size"] = rng.choice((8, 8.5, 9, 10))
        p["rules"] = rng.choice(("grid", "booktabs", "shaded", "none")) if form.producer == "reportlab" else \
            rng.choice(("grid", "shadedhead", "zebra"))
        p["align"] = rng.choice(("LEFT", "JUSTIFY")) if form.producer == "fpdf2" else "LEFT"
        p["repeat_header"] = rng.random() < 0.7
        p["running"] = form.producer == "reportlab" and rng.random() < 0.4
        # reportlab splits a row at a page break only when asked to split in rows first
        p["split_rows"] = form.producer == "reportlab" and (form.long or rng.random() < 0.4)
        form.style = f"{p['rules']}_{p['font']}" + ("_running" if p["running"] else "") + \
            ("_justified" if p.get("align") == "JUSTIFY" else "") + \
            ("_splitrows" if p["split_rows"] else "")
    elif form.producer in ("docx", "libreoffice"):
        p["font"] = rng.choice(sorted(DOCX_FONTS))
        p["size"] = rng.choice((9, 10, 11))
        p["table_style"] = rng.choice(("grid", "grid", "borderless", "lightgrid", "mediumshading", "lightlist"))
        p["shade_header"] = p["table_style"] in ("grid", "borderless") and rng.random() < 0.5
        p["list_bullets"] = rng.random() < 0.5
        p["repeat_header"] = rng.random() < 0.7
        p["split"] = len(form.rows) >= 6 and rng.random() < 0.15
        p["title_row"] = rng.random() < 0.1
        p["running_header"] = rng.choice(("", "", "OFFICIAL", "NHS England – Specialised Commissioning"))
        form.style = f"{p['table_style']}_{p['font']}" + ("_lists" if p["list_bullets"] else "") + \
            ("_split" if p["split"] else "") + ("_titlerow" if p["title_row"] else "")
    else:
        set_chromium_base(form, rng.choice(chromium_bases(form)))
        return
    p["landscape"], _, _ = layout_fit(form)  # the orientation the columns fit in
    form.style += "_landscape" if p["landscape"] else "_portrait"


def chromium_bases(form: Form) -> list[str]:
    """Style sheets of make_changeform_chromium a form may use (long forms: rows allowed to split)."""
    names = [layout.name for layout in chromium_helpers.LAYOUTS]
    if form.long:
        names = [n for n in names if n not in ("landscape_zebra_avoid", "narrow_serif_fallback")]
    return names


def set_chromium_base(form: Form, base: str) -> None:
    """Use the style sheet of make_changeform_chromium's layout ``base``; name the style after it."""
    form.params["base"] = base
    form.params["landscape"], _, _ = layout_fit(form)
    form.style = base.replace("_landscape", "") + ("_landscape" if form.params["landscape"] else "_portrait")


RL_MARGIN = 51.02  # 1.8 cm
FPDF_MARGIN = 40.0
DOCX_USABLE = ((21.0 - 4.0) / 2.54 * 72, (29.7 - 4.0) / 2.54 * 72)  # make_changeform_office: 2 cm margins


def layout_fit(form: Form) -> tuple[bool, float, list[float]]:
    """Orientation, font size and column widths (points) of the form as its producer draws it."""
    p = form.params
    if form.producer == "reportlab":
        font, bold = RL_FONTS[p["font"]]
        portrait, landscape = A4[0] - 2 * RL_MARGIN, A4[1] - 2 * RL_MARGIN
        return fit(form, portrait, landscape, font, bold, p["size"], 9, p["prefer_landscape"])
    if form.producer == "fpdf2":
        font, bold = FPDF_FONTS[p["font"]]
        portrait, landscape = A4[0] - 2 * FPDF_MARGIN, A4[1] - 2 * FPDF_MARGIN
        return fit(form, portrait, landscape, font, bold, p["size"], 8, p["prefer_landscape"])
    if form.producer in ("docx", "libreoffice"):
        metrics = DOCX_FONTS[p["font"]][1]
        return fit(form, *DOCX_USABLE, metrics, _BOLD[metrics], p["size"], 12, p["prefer_landscape"])
    base = next(layout for layout in chromium_helpers.LAYOUTS if layout.name == p["base"])
    family = "DejaVuSans" if "DejaVu" in base.css else "Helvetica"
    return fit(form, A4[0] - 68, A4[1] - 68, family, _BOLD[family], 9, 14, p["prefer_landscape"])


# --------------------------------------------------------------------------- producers


def _page_mark(row: int, sink: dict[int, set[int]]) -> Any:
    """A flowable of no size that records the page it is drawn on for ``row`` (cells start and end with one)."""
    from reportlab.platypus import Flowable

    class PageMark(Flowable):
        def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
            return 0.0, 0.0

        def draw(self) -> None:
            sink.setdefault(row, set()).add(self.canv.getPageNumber())

    return PageMark()


def render_reportlab(form: Form, path: Path) -> list[list[int]]:
    """Typeset with reportlab platypus, reusing make_changeform_pdfs' cell markup, rules and furniture.

    Returns:
        The pages each row is drawn on (from marks at the start and end of every cell).
    """
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import Frame, PageTemplate, Paragraph, Spacer, Table, TableStyle

    pdf_helpers.register_fonts()
    p = form.params
    font, bold = RL_FONTS[p["font"]]
    margin = RL_MARGIN
    is_landscape, size, widths = layout_fit(form)
    pagesize = (A4[1], A4[0]) if is_landscape else A4
    layout = pdf_helpers.Layout(form.style, form.form_id, pagesize, font, bold, size,
                                tuple(w / sum(widths) for w in widths), rules=p["rules"],
                                repeat_header=p["repeat_header"], running=p["running"], margin=margin)
    body = ParagraphStyle("body", fontName=font, fontSize=size, leading=size * 1.22)
    gap = ParagraphStyle("gap", parent=body, spaceBefore=layout.paragraph_gap)
    head = ParagraphStyle("head", parent=body, fontName=bold,
                          textColor=colors.white if p["rules"] == "shaded" else colors.black)
    title = ParagraphStyle("title", parent=body, fontName=bold, fontSize=size + 5, leading=(size + 5) * 1.3,
                           spaceAfter=6)
    story: list[Any] = [Paragraph(pdf_helpers.markup(form.title, "•"), title)]
    if form.metadata_layout == "table":
        meta = Table([[Paragraph(f"<b>{pdf_helpers.markup(k, '•')}</b>", body),
                       Paragraph(pdf_helpers.markup(v, "•"), body)] for k, v in form.metadata.items()],
                     colWidths=[4 * cm, pagesize[0] - 2 * margin - 4 * cm], hAlign="LEFT",
                     style=TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                                       ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        story += [meta, Spacer(1, 10)]
    else:
        story += [Paragraph(f"<b>{pdf_helpers.markup(k, '•')}:</b> {pdf_helpers.markup(v, '•')}", body)
                  for k, v in form.metadata.items()]
        story.append(Spacer(1, 10))
    data = [[Paragraph(pdf_helpers.markup(h, "•"), head) for h in form.headers]]
    marks: dict[int, set[int]] = {}
    data += [[[_page_mark(r, marks), *pdf_helpers.cell(text, layout, body, gap), _page_mark(r, marks)]
              for text in cells] for r, cells in enumerate(form.cell_rows())]
    table = Table(data, colWidths=widths, repeatRows=1 if layout.repeat_header else 0, splitInRow=1,
                  splitByRow=0 if p["split_rows"] else 1,
                  style=pdf_helpers.table_style(layout, len(data)), hAlign="LEFT")
    story.append(table)
    furniture = pdf_helpers.running_furniture(layout, form.policy.drug.title())
    pages = 0
    for _ in range(2):  # twice, so that "Page N of M" knows M
        marks.clear()
        doc = pdf_helpers._CountingDoc(str(path), pagesize=pagesize, leftMargin=margin, rightMargin=margin,
                                       topMargin=margin, bottomMargin=margin, title=form.title,
                                       author="extractor fixtures", invariant=1)
        doc.total_pages = pages
        doc.addPageTemplates([PageTemplate("page", [Frame(margin, margin, pagesize[0] - 2 * margin,
                                                          pagesize[1] - 2 * margin, leftPadding=0, rightPadding=0,
                                                          topPadding=0, bottomPadding=0)], onPage=furniture)])
        doc.build(list(story))
        pages = doc.page
    return [list(range(min(marks[r]), max(marks[r]) + 1)) if r in marks else [] for r in range(len(form.rows))]


def _fpdf_text(text: str) -> str:
    """fpdf2 cells have no paragraph spacing: paragraphs apart by an empty line, bullets on the next line
    (as ``make_changeform_pdfs.build_fpdf`` writes them)."""
    paragraphs = text.split("\n")
    return "".join(p if i == 0 else ("\n" if p.startswith(BULLET) else "\n\n") + p for i, p in enumerate(paragraphs))


def render_fpdf(form: Form, path: Path) -> None:
    """Typeset with fpdf2's table API (grid, centred cells, rows never split)."""
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    p = form.params
    font, bold = FPDF_FONTS[p["font"]]
    margin = FPDF_MARGIN
    is_landscape, size, widths = layout_fit(form)
    pdf = FPDF(orientation="L" if is_landscape else "P", unit="pt", format="A4")
    pdf.set_creation_date(dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc))
    pdf.set_margins(margin, margin)
    pdf.set_auto_page_break(True, margin=margin)
    pdf.add_font(font, fname=pdf_helpers.TTF_FONTS[font])
    pdf.add_font(font, style="B", fname=pdf_helpers.TTF_FONTS[bold])
    pdf.add_page()
    pdf.set_font(font, "B", size + 5)
    pdf.multi_cell(0, (size + 5) * 1.3, form.title, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font(font, size=size)
    if form.metadata_layout == "table":
        with pdf.table(col_widths=(110, pdf.epw - 110), line_height=size * 1.3, padding=3, first_row_as_headings=False,
                       width=pdf.epw) as meta:
            for key, value in form.metadata.items():
                row = meta.row()
                row.cell(key)
                row.cell(value)
        pdf.ln(8)
    else:
        for key, value in form.metadata.items():
            pdf.set_font(font, "B", size)
            pdf.write(size * 1.3, f"{key}: ")
            pdf.set_font(font, size=size)
            pdf.write(size * 1.3, value)
            pdf.ln(size * 1.4)
        pdf.ln(6)
    heading = FontFace(emphasis="BOLD", fill_color=(217, 226, 243) if p["rules"] in ("shadedhead", "zebra") else None)
    options: dict[str, Any] = {}
    if p["rules"] == "zebra":
        options = {"cell_fill_color": (237, 237, 237), "cell_fill_mode": "ROWS"}
    with pdf.table(col_widths=widths, width=sum(widths), line_height=size * 1.25, padding=3, headings_style=heading,
                   text_align=p["align"],
                   repeat_headings=1 if p["repeat_header"] else 0, **options) as table:
        for cells in [form.headers, *form.cell_rows()]:
            row = table.row()
            for text in cells:
                row.cell(_fpdf_text(text))
    pdf.output(str(path))


def docx_document(form: Form) -> Any:
    """The Word document, built by make_changeform_office.build with a layout made from the form's style."""
    p = form.params
    family = DOCX_FONTS[p["font"]][0]
    is_landscape, size, widths = layout_fit(form)
    rows = len(form.rows)
    layout = office_helpers.Layout(
        form.form_id, form.style, family, size, is_landscape, borders=p["table_style"] != "borderless",
        shade_header=p["shade_header"], repeat_header=p["repeat_header"], list_bullets=p["list_bullets"],
        widths=tuple(round(w, 1) for w in widths), split_at=rows // 2 if p["split"] else None,
        split_landscape=is_landscape, copy_header=True, metadata_table=form.metadata_layout == "table",
        running_header=p["running_header"], table_style=DOCX_TABLE_STYLES.get(p["table_style"], ""),
        title_row="Description of changes" if p["title_row"] else "")
    metadata = {"title": form.title, **{k.lower().replace(" ", "_"): v for k, v in form.metadata.items()}}
    gold = {"metadata": metadata, "columns": form.headers, "rows": [{"cells": c} for c in form.cell_rows()]}
    return office_helpers.build(layout, gold)


def render_docx(form: Form, path: Path) -> None:
    """Write the Word document, its zip entries stamped with a fixed time (same bytes on every run)."""
    import io
    import zipfile

    buffer = io.BytesIO()
    docx_document(form).save(buffer)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            stamped = zipfile.ZipInfo(info.filename, date_time=(2025, 1, 1, 0, 0, 0))
            stamped.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(stamped, source.read(info.filename))


def render_libreoffice(form: Form, path: Path, soffice: str) -> None:
    """Write the Word document to a scratch folder and print it to PDF with LibreOffice."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / f"{path.stem}.docx"
        docx_document(form).save(str(source))
        pdf = office_helpers.convert(source, Path(tmp), soffice)
        shutil.move(str(pdf), path)


def form_html(form: Form) -> str:
    """The HTML page printed by Chromium: a chosen style sheet of make_changeform_chromium, the form's widths."""
    p = form.params
    base = next(layout for layout in chromium_helpers.LAYOUTS if layout.name == p["base"])
    is_landscape, _, widths = layout_fit(form)
    layout = dataclasses.replace(base, widths=tuple(round(100 * w / sum(widths), 1) for w in widths),
                                 landscape=is_landscape)
    css = layout.css + f"""
@page {{ size: A4 {'landscape' if is_landscape else 'portrait'}; margin: 15mm 12mm; }}
h1 {{ font-size: 14pt; margin: 0 0 6pt 0; }}
p.meta {{ margin: 0 0 3pt 0; }}
table.meta {{ width: auto; margin-bottom: 10pt; border-collapse: collapse; }}
table.meta td {{ border: 1px solid #555; padding: 2px 6px; }}
"""
    if form.long:  # let a row break after any line, so that one is split by a page break
        css += "td, td p, td li, td div { orphans: 1; widows: 1; }\n"
    esc = chromium_helpers.inline
    meta = ""
    if form.metadata_layout == "table":
        meta = '<table class="meta">' + "".join(f"<tr><td><b>{esc(k)}</b></td><td>{esc(v)}</td></tr>"
                                                 for k, v in form.metadata.items()) + "</table>"
    else:
        meta = "".join(f'<p class="meta"><b>{esc(k)}:</b> {esc(v)}</p>' for k, v in form.metadata.items())
        meta += '<div style="height:8pt"></div>'
    cols = "".join(f'<col style="width:{w}%">' for w in layout.widths)
    head = "".join(f"<th>{esc(h)}</th>" for h in form.headers)
    body = "\n".join("<tr>" + "".join(f"<td>{chromium_helpers.cell_html(c, layout)}</td>" for c in cells) + "</tr>"
                     for cells in form.cell_rows())
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(form.title)}</title>'
            f"<style>{css}</style></head><body><h1>{esc(form.title)}</h1>{meta}"
            f'<table class="changes"><colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead>'
            f"<tbody>\n{body}\n</tbody></table></body></html>")


def render_chromium(form: Form, path: Path, chromium: str) -> None:
    """Print the form's HTML to PDF with headless Chromium (no browser header or footer)."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "form.html"
        source.write_text(form_html(form), encoding="utf-8")
        profile = Path(tmp) / "profile"
        command = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                   f"--user-data-dir={profile}", f"--print-to-pdf={path}", source.as_uri()]
        subprocess.run(command, check=True, capture_output=True, timeout=180)
    if not path.exists():
        raise RuntimeError(f"Chromium wrote no PDF for {form.form_id}")


# --------------------------------------------------------------------------- gold


def pdf_row_pages(path: Path, form: Form) -> list[list[int]]:
    """Pages where words found only in a row are printed, per row (empty if none): a check, not gold.

    A row's pages found this way may be fewer than it spans (a part that repeats words of other
    rows is not seen); used to report rows split by a page break in PDFs other than reportlab's.
    """
    import pdfplumber

    def tokens(text: str) -> list[str]:
        return [w.lower() for w in re.findall(r"[A-Za-z][A-Za-z'-]{3,}", text)]

    per_row = [Counter(t for cell in cells for t in tokens(cell)) for cells in form.cell_rows()]
    elsewhere = Counter(t for text in [form.title, *form.headers, *form.metadata, *form.metadata.values()]
                        for t in tokens(text))
    total = Counter()
    for counts in per_row:
        total.update(counts.keys())
    on_pages: dict[str, list[int]] = {}
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            for word in page.extract_words():
                for token in tokens(word["text"]):
                    on_pages.setdefault(token, []).append(number)
    out = []
    for counts in per_row:
        unique = [t for t, n in counts.items() if n == 1 and total[t] == 1 and not elsewhere[t]
                  and len(on_pages.get(t, [])) == 1]
        out.append(sorted({on_pages[t][0] for t in unique}))
    return out


def gold_record(form: Form, seed: int, out: Path, pages: list[list[int]]) -> dict[str, Any]:
    """The gold file's content."""
    defects = []
    for index, row in enumerate(form.rows):
        if row.defect and row.defect.get("rule"):
            key = row.defect["key"]
            column = form.keys.index(key) if key in form.keys else None
            defects.append({"rule": row.defect["rule"], "row": index, "column": column, "text": row.defect["text"],
                            "note": row.defect["note"]})
    try:
        source = (out / form.file_name).relative_to(ROOT).as_posix()
    except ValueError:
        source = str(out / form.file_name)
    return {
        "source": source,
        "description": (f"Written by scripts/make_changeform_roles.py (seed {seed}) with {form.producer}, style "
                        f"{form.style}: headers from a thesaurus of field meanings, columns in the form's own order, "
                        f"{len(defects)} planted defect(s). Cells in column order; paragraph breaks as \\n; bullets "
                        f"as '• '. Pages are given for reportlab forms (where each row is drawn) and left empty "
                        f"for the other producers: compare cells."),
        "producer": form.producer,
        "file": form.file_name,
        "columns": form.headers,
        "fields": form.fields,
        "metadata": {"title": form.title, **{k.lower().replace(" ", "_"): v for k, v in form.metadata.items()}},
        "rows": [{"index": i, "cells": cells, "pages": pages[i] if i < len(pages) else []}
                 for i, cells in enumerate(form.cell_rows())],
        "defects": defects,
        "clean_rows": [i for i, row in enumerate(form.rows) if not (row.defect and row.defect.get("rule"))],
    }


# --------------------------------------------------------------------------- tools and main


def find_tool(name: str, wait_seconds: float) -> str | None:
    """The path of ``name`` on PATH, polling every 60 s for up to ``wait_seconds`` (apt may be installing it)."""
    deadline = time.monotonic() + wait_seconds
    while True:
        found = shutil.which(name)
        if found or time.monotonic() >= deadline:
            return found
        print(f"waiting for {name} to be installed ...", file=sys.stderr)
        time.sleep(min(60.0, max(deadline - time.monotonic(), 0.0)))


def thesaurus_report(path: Path = HEADERS_YAML) -> list[str]:
    """One line per role: how many of its wordings headers.yaml lists (compared after normalising)."""
    import yaml

    def norm(text: str) -> str:
        return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())

    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}
    known = {role: {norm(s) for s in wordings} for role, wordings in (data.get("fields") or {}).items()}
    everything = set().union(*known.values()) if known else set()
    lines = []
    for role, wordings in [*ROLE_HEADERS.items(), *[(f"(none: {k})", v) for k, v in EXTRA_HEADERS.items()]]:
        listed = [w for w in wordings if norm(w) in known.get(role, everything)]
        flag = "" if 2 * len(listed) <= len(wordings) else "  (fewer than half new)"
        new = len(wordings) - len(listed)
        lines.append(f"  {role:<20} {len(wordings):2d} wordings, {new:2d} not in headers.yaml{flag}")
    return lines


def assign_producers(count: int, seed: int) -> list[str]:
    """Producers for forms 0..count-1, each used count/5 times (±1), in a seeded order."""
    rng = Random(f"{seed}:producers")
    slots = [PRODUCERS[i % len(PRODUCERS)] for i in range(count)]
    rng.shuffle(slots)
    return slots


def main(argv: list[str] | None = None) -> int:
    """Write the forms and their gold; print one line per form and the totals."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help=f"forms folder (default: {OUT.relative_to(ROOT)})")
    parser.add_argument("--gold", type=Path, default=GOLD, help=f"gold folder (default: {GOLD.relative_to(ROOT)})")
    parser.add_argument("--count", type=int, default=45, help="number of forms (default 45)")
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    parser.add_argument("--wait", type=float, default=600, help="seconds to wait for soffice/chromium (default 600)")
    parser.add_argument("--only", help="write only forms whose id contains this")
    args = parser.parse_args(argv)
    out, gold_dir = args.out.resolve(), args.gold.resolve()
    print("header thesaurus:")
    print("\n".join(thesaurus_report()))
    tools = {"libreoffice": find_tool("soffice", args.wait), "chromium": find_tool("chromium", args.wait)}
    skipped = [name for name, tool in tools.items() if tool is None]
    for name in skipped:
        print(f"WARNING: {'soffice' if name == 'libreoffice' else name} not found after {args.wait:.0f} s: "
              f"the {name} forms are skipped", file=sys.stderr)
    out.mkdir(parents=True, exist_ok=True)
    gold_dir.mkdir(parents=True, exist_ok=True)
    if not args.only:
        for old in [*out.glob(f"{PREFIX}[0-9][0-9]_*__*"), *gold_dir.glob(f"{PREFIX}[0-9][0-9]_*.json")]:
            old.unlink()
    producers = assign_producers(args.count, args.seed)
    long_forms = {producers.index("reportlab") if "reportlab" in producers else None,
                  producers.index("chromium") if "chromium" in producers else None} - {None}
    queue = deque(RULES)
    rules_planted: Counter[str] = Counter()
    written = 0
    for index, producer in enumerate(producers):
        form = plan_form(index, args.seed, producer, queue, index in long_forms)
        if producer in skipped or (args.only and args.only not in form.form_id):
            continue
        path = out / form.file_name
        pages: list[list[int]] = []
        if producer == "reportlab":
            pages = render_reportlab(form, path)
        elif producer == "fpdf2":
            render_fpdf(form, path)
        elif producer == "docx":
            render_docx(form, path)
        elif producer == "libreoffice":
            render_libreoffice(form, path, tools["libreoffice"])  # type: ignore[arg-type]
        else:
            render_chromium(form, path, tools["chromium"])  # type: ignore[arg-type]
        seen = pages or (pdf_row_pages(path, form) if path.suffix == ".pdf" else [])
        if form.long and producer == "chromium":  # another style sheet until a row is seen split
            for base in chromium_bases(form):
                if any(len(found) > 1 for found in seen):
                    break
                path.unlink()
                set_chromium_base(form, base)
                path = out / form.file_name
                render_chromium(form, path, tools["chromium"])  # type: ignore[arg-type]
                seen = pdf_row_pages(path, form)
        record = gold_record(form, args.seed, out, pages)
        (gold_dir / f"{form.form_id}.json").write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n",
                                                      encoding="utf-8")
        rules_planted.update(d["rule"] for d in record["defects"])
        split = [i for i, found in enumerate(seen) if len(found) > 1]
        npages = max((max(found) for found in seen if found), default=0)
        note = f"  long: {npages} pages, rows split by a page break: {split}" if form.long else ""
        if form.long and not split and path.suffix == ".pdf":
            note += "  WARNING: no row found split"
        print(f"{path.name}  {len(form.keys)} cols, {len(form.rows)} rows, "
              f"{len(record['defects'])} defects{note}")
        written += 1
    size = sum(p.stat().st_size for p in out.glob(f"{PREFIX}*__*"))
    print(f"\n{written} forms in {out}, {size / 1e6:.2f} MB; defects planted: "
          + ", ".join(f"{rule} {rules_planted[rule]}" for rule in RULES))
    if skipped:
        print(f"skipped producers: {', '.join(skipped)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
