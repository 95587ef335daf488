"""Generate the policy "holdout2" set A: two invented commissioning / coverage documents.

1. ``scot_guideline`` -- imitates an NHS Scotland health-board clinical guideline on the use of
   human normal immunoglobulin in adults (invented board "NHS Strathmoran"). Page 1 carries a
   document-control box (two-column table); the body has numbered Heading 1 sections
   ("1 Introduction", "2 Scope", "3 Conditions", ...) and one numbered Heading 2 per condition
   ("3.2 Multifocal motor neuropathy"). Under each condition, short bold paragraph labels
   (wording varies by condition) introduce the fields; criteria are real Word multi-level
   numbered lists (custom numbering definition 1. / a. / i., restarted for every list) with
   stems such as "All of the following:", "One of:", "at least two of:", some items ending in
   "; and" / "; or", and one condition written as prose. Produced as DOCX (python-docx) and as
   PDF (LibreOffice conversion of that DOCX).

2. ``za_formulary`` -- imitates a South African provincial formulary "Motivation criteria"
   booklet (invented "Western Highveld Province"). Numbered sections; each medicine + condition
   is a numbered sub-heading followed by a bordered two-column table "Criterion | Requirement"
   with rows such as Indication, Prescriber level, Inclusion criteria (ALL must apply),
   Exclusion criteria (ANY), Dosage, Review, Renewal, Approval period; criteria inside cells
   are bullet lists with nested dash sub-bullets and laboratory thresholds. Produced as HTML
   printed to PDF by Chromium and as a DOCX built with python-docx (same content, bullet
   paragraphs inside table cells).

All content is invented and is NOT clinical guidance. The content is held once as Python data;
documents and gold JSON (one per produced file, see corpora/gold/policy/blind2/CONVENTIONS.md)
are written from it, then verified against the text extracted from the produced files.

Run:  /work/main/.venv/bin/python scripts/make_policy_holdout2_a.py
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import docx
import pypdfium2 as pdfium
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor

ROOT = Path(__file__).resolve().parent.parent
DOC_DIR = ROOT / "corpora" / "policies" / "holdout2"
GOLD_DIR = ROOT / "corpora" / "gold" / "policy" / "holdout2"
SOFFICE = "/usr/bin/soffice"
CHROMIUM = "/usr/bin/chromium"


# ----------------------------------------------------------------------------------------------
# Data helpers
# ----------------------------------------------------------------------------------------------

def P(text):
    """A paragraph block."""
    return ("p", text)


def L(*items):
    """A list block; items are strings or li(...) dicts."""
    return ("list", list(items))


def li(text, *children):
    return {"t": text, "c": list(children)}


def AND(*items, stem=None):
    return {"op": "AND", "stem": stem, "items": list(items)}


def OR(*items, stem=None, min=None):  # noqa: A002 - mirrors the gold key
    node = {"op": "OR", "stem": stem}
    if min is not None:
        node["min"] = min
    node["items"] = list(items)
    return node


def T(analyte, comparator, value, unit=None, value_max=None):
    return {"analyte": analyte, "comparator": comparator, "value": value,
            "value_max": value_max, "unit": unit}


def D(amount, unit, frequency=None, max=None, amount_max=None):  # noqa: A002
    return {"amount": amount, "amount_max": amount_max, "unit": unit,
            "frequency": frequency, "max": max}


def F(label, role, blocks, criteria=None, thresholds=(), doses=(), inline=False):
    return {"label": label, "role": role, "blocks": blocks, "criteria": criteria,
            "thresholds": list(thresholds), "doses": list(doses), "inline": inline}


CRIT_ROLES = {"selection_criteria", "exclusion_criteria", "continuation_criteria", "diagnosis"}
PLT = "× 10⁹/L"
EGFR = "mL/min/1.73 m²"

# ----------------------------------------------------------------------------------------------
# Document 1: NHS Scotland style immunoglobulin guideline
# ----------------------------------------------------------------------------------------------

SCOT = {
    "docname": "scot_guideline",
    "style": ("NHS Scotland health-board clinical guideline (immunoglobulin): document-control box, "
              "numbered sections and condition sub-headings, bold paragraph labels, Word multi-level "
              "numbered criteria lists"),
    "board": "NHS Strathmoran",
    "title": "Clinical Guideline: Use of Human Normal Immunoglobulin (IVIg and SCIg) in Adults",
    "control": [
        ("Document title", "Use of Human Normal Immunoglobulin (IVIg and SCIg) in Adults"),
        ("Document reference", "SMG-CG-0412"),
        ("Version", "3.0"),
        ("Lead author", "Immunoglobulin Assessment Panel (Chair: Consultant Immunologist)"),
        ("Approved by", "Area Drug and Therapeutics Committee"),
        ("Date approved", "14 March 2024"),
        ("Review date", "March 2027"),
        ("Supersedes", "Version 2.2 (June 2021)"),
        ("Target audience", "Consultant neurologists, haematologists and immunologists; pharmacy"),
    ],
    "pre_sections": [
        ("1", "Introduction", [
            "Human normal immunoglobulin is a blood product in limited supply. This guideline sets out the "
            "conditions for which NHS Strathmoran will fund intravenous (IVIg) or subcutaneous (SCIg) "
            "immunoglobulin in adults, the information the Immunoglobulin Assessment Panel needs to approve "
            "a request, and how response must be recorded.",
            "Requests for conditions not listed in section 3 must be submitted to the panel as an individual "
            "patient request with supporting evidence.",
        ]),
        ("2", "Scope", [
            "This guideline applies to adult inpatients and outpatients treated in any NHS Strathmoran "
            "hospital, including patients receiving home SCIg supported by the immunology nurse service. "
            "It does not cover children, neonates, or the use of hyperimmune (specific) immunoglobulins "
            "such as anti-D or hepatitis B immunoglobulin.",
        ]),
    ],
    "conditions_section": ("3", "Conditions",
                           "Each condition below lists who may be treated, who should not be treated, the "
                           "regimen, how response is assessed and how long an approval lasts. Prescribers "
                           "must record baseline outcome measures before the first dose."),
    "post_sections": [
        ("4", "Dose calculation and rounding", [
            "Doses are calculated on actual body weight. Where body mass index is 30 kg/m² or more, use "
            "adjusted body weight. Round each dose to the nearest whole vial, and record the brand and "
            "batch number of every infusion.",
        ]),
        ("5", "Audit and monitoring", [
            "Pharmacy will provide the panel with a quarterly report of immunoglobulin use by condition. "
            "The panel will audit the recording of outcome measures against this guideline each year.",
        ]),
        ("6", "References", [
            "Strathmoran Immunoglobulin Assessment Panel. Annual activity and outcomes report 2023.",
            "Area Drug and Therapeutics Committee. Policy for the approval of high-cost medicines, version 5.",
        ]),
    ],
    "indications": [],
}

SCOT["indications"] = [
    {   # 3.1 CIDP
        "number": "3.1",
        "name": "Chronic inflammatory demyelinating polyradiculoneuropathy",
        "fields": [
            F("Eligibility", "selection_criteria", [
                P("All of the following:"),
                L("Aged 18 years or over",
                  "Diagnosis of CIDP made by a consultant neurologist, meeting EAN/PNS 2021 criteria for "
                  "CIDP or possible CIDP; and",
                  li("Significant disability, shown by one of:",
                     "INCAT disability score of 2 or more",
                     "MRC sum score below 50 (out of 60)"),
                  "Corticosteroids contraindicated, ineffective after 6 weeks, or not tolerated"),
            ],
                criteria=AND(
                    "Aged 18 years or over",
                    "Diagnosis of CIDP made by a consultant neurologist, meeting EAN/PNS 2021 criteria for "
                    "CIDP or possible CIDP",
                    OR("INCAT disability score of 2 or more",
                       "MRC sum score below 50 (out of 60)",
                       stem="Significant disability, shown by one of:"),
                    "Corticosteroids contraindicated, ineffective after 6 weeks, or not tolerated",
                    stem="All of the following:"),
                thresholds=[T("age", ">=", 18, "years"), T("INCAT", ">=", 2),
                            T("MRC sum score", "<", 50)]),
            F("Exclude if", "exclusion_criteria", [
                P("Any of:"),
                L("IgM paraproteinaemia with anti-MAG antibodies",
                  "Selective IgA deficiency with known anti-IgA antibodies",
                  f"eGFR below 30 {EGFR}, unless agreed with the renal team"),
            ],
                criteria=OR("IgM paraproteinaemia with anti-MAG antibodies",
                            "Selective IgA deficiency with known anti-IgA antibodies",
                            f"eGFR below 30 {EGFR}, unless agreed with the renal team",
                            stem="Any of:"),
                thresholds=[T("eGFR", "<", 30, "mL/min/1.73m2")]),
            F("Regimen", "dose", [
                P("Induction: 2 g/kg in divided doses over 2 to 5 days."),
                P("Maintenance: 0.4 to 1 g/kg every 2 to 6 weeks, titrated to the lowest effective dose "
                  "(maximum 2 g/kg in any 4-week period)."),
            ],
                doses=[D(2, "g/kg"),
                       D(0.4, "g/kg", "every 2 to 6 weeks", "2 g/kg in any 4-week period", amount_max=1)]),
            F("Assess response", "outcome_measures", [
                P("Record INCAT, MRC sum score and grip strength before the first course and before the third "
                  "maintenance course. A meaningful response is an improvement of at least 1 point in INCAT or "
                  "at least 4 points in MRC sum score."),
            ],
                thresholds=[T("INCAT improvement", ">=", 1, "points"),
                            T("MRC sum score improvement", ">=", 4, "points")]),
            F("Stop if", "continuation_criteria", [
                P("One of:"),
                L("No objective improvement after two induction courses; or",
                  "Serious adverse reaction (thrombosis, haemolysis or aseptic meningitis); or",
                  "Successful withdrawal during a supervised dose-reduction trial"),
            ],
                criteria=OR("No objective improvement after two induction courses",
                            "Serious adverse reaction (thrombosis, haemolysis or aseptic meningitis)",
                            "Successful withdrawal during a supervised dose-reduction trial",
                            stem="One of:")),
            F("How long", "duration", [
                P("Initial approval for 6 months; thereafter 12 months at a time."),
            ], inline=True),
        ],
    },
    {   # 3.2 MMN
        "number": "3.2",
        "name": "Multifocal motor neuropathy",
        "fields": [
            F("Who is eligible", "selection_criteria", [
                P("Both of:"),
                L("Diagnosis of MMN with motor conduction block in at least two nerves outside common "
                  "entrapment sites",
                  li("Functional impairment, with at least two of:",
                     "MRC grade 4 or less in wrist or finger extension",
                     "Reduced grip strength on dynamometry compared with the unaffected side",
                     "Difficulty with a named activity of daily living recorded by the neurologist")),
            ],
                criteria=AND(
                    "Diagnosis of MMN with motor conduction block in at least two nerves outside common "
                    "entrapment sites",
                    OR("MRC grade 4 or less in wrist or finger extension",
                       "Reduced grip strength on dynamometry compared with the unaffected side",
                       "Difficulty with a named activity of daily living recorded by the neurologist",
                       stem="Functional impairment, with at least two of:", min=2),
                    stem="Both of:"),
                thresholds=[T("MRC grade", "<=", 4)]),
            F("Do not use if", "exclusion_criteria", [
                P("Upper motor neurone signs are present (reconsider the diagnosis)."),
            ],
                criteria=AND("Upper motor neurone signs are present (reconsider the diagnosis)")),
            F("Dose", "dose", [
                P("Loading: 2 g/kg over 2 to 5 days."),
                P("Maintenance: 1 g/kg every 4 weeks, adjusted to response (maximum 2 g/kg every 4 weeks)."),
                P("Once stable, SCIg at the same total monthly dose, given weekly, may be used."),
            ],
                doses=[D(2, "g/kg"), D(1, "g/kg", "every 4 weeks", "2 g/kg every 4 weeks")]),
            F("Reviewing response", "outcome_measures", [
                P("Grip strength and the named functional task at baseline, 3 months and 6 months."),
            ]),
            F("Continue only if", "continuation_criteria", [
                L("Objective improvement in strength or function is documented; and",
                  "The dose has been reviewed in the last 12 months"),
            ],
                criteria=AND("Objective improvement in strength or function is documented",
                             "The dose has been reviewed in the last 12 months")),
            F("Duration of approval", "duration", [P("12 months, renewable.")]),
        ],
    },
    {   # 3.3 ITP
        "number": "3.3",
        "name": "Immune thrombocytopenia in adults",
        "fields": [
            F("Start criteria", "selection_criteria", [
                L("Primary ITP confirmed by a haematologist; and",
                  f"Platelet count below 30 {PLT} with clinically significant bleeding; or",
                  f"Platelet count below 50 {PLT} before surgery or a procedure where a rapid rise is needed"),
            ],
                criteria=AND("Primary ITP confirmed by a haematologist",
                             OR(f"Platelet count below 30 {PLT} with clinically significant bleeding",
                                f"Platelet count below 50 {PLT} before surgery or a procedure where a rapid "
                                "rise is needed")),
                thresholds=[T("platelet count", "<", 30, "x10^9/L"), T("platelet count", "<", 50, "x10^9/L")]),
            F("Exclude if", "exclusion_criteria", [
                P("Any of:"),
                L("Thrombocytopenia secondary to drugs, TTP or heparin-induced thrombocytopenia",
                  f"Platelet count of 50 {PLT} or more with no bleeding"),
            ],
                criteria=OR("Thrombocytopenia secondary to drugs, TTP or heparin-induced thrombocytopenia",
                            f"Platelet count of 50 {PLT} or more with no bleeding", stem="Any of:"),
                thresholds=[T("platelet count", ">=", 50, "x10^9/L")]),
            F("Regimen", "dose", [
                P(f"1 g/kg on day 1, repeated on day 2 if the platelet count is still below 30 {PLT} "
                  "(maximum 2 g/kg per episode)."),
                P("Where fluid overload is a concern: 0.4 g/kg daily for 5 days."),
            ],
                thresholds=[T("platelet count", "<", 30, "x10^9/L")],
                doses=[D(1, "g/kg", None, "2 g/kg per episode"), D(0.4, "g/kg", "daily")]),
            F("Assess response", "outcome_measures", [
                P(f"Platelet count on days 3, 7 and 14. Response is a platelet count of at least 30 {PLT} "
                  "and at least double the baseline count."),
            ],
                thresholds=[T("platelet count", ">=", 30, "x10^9/L")]),
            F("How long", "duration", [
                P("One episode per request; a further episode needs a new request to the panel."),
            ]),
        ],
    },
    {   # 3.4 PAD
        "number": "3.4",
        "name": "Primary antibody deficiency",
        "fields": [
            F("Eligibility", "selection_criteria", [
                P("All of:"),
                L("Diagnosis of primary antibody deficiency made by a clinical immunologist",
                  "Secondary causes (protein loss, medication, lymphoproliferative disease) excluded",
                  li("One of:",
                     "Serum IgG below 4 g/L (paraprotein excluded); or",
                     "Serum IgG between 4 and 6 g/L with failure of specific antibody response to "
                     "pneumococcal polysaccharide vaccine"),
                  li("Clinically significant infection burden, shown by one of:",
                     li("At least two of:",
                        "Three or more antibiotic courses for bacterial infection in the past 12 months",
                        "A hospital admission for infection in the past 12 months",
                        "Bronchiectasis on CT"),
                     "A single life-threatening bacterial infection (e.g. meningitis, empyema)")),
            ],
                criteria=AND(
                    "Diagnosis of primary antibody deficiency made by a clinical immunologist",
                    "Secondary causes (protein loss, medication, lymphoproliferative disease) excluded",
                    OR("Serum IgG below 4 g/L (paraprotein excluded)",
                       "Serum IgG between 4 and 6 g/L with failure of specific antibody response to "
                       "pneumococcal polysaccharide vaccine", stem="One of:"),
                    OR(OR("Three or more antibiotic courses for bacterial infection in the past 12 months",
                          "A hospital admission for infection in the past 12 months",
                          "Bronchiectasis on CT", stem="At least two of:", min=2),
                       "A single life-threatening bacterial infection (e.g. meningitis, empyema)",
                       stem="Clinically significant infection burden, shown by one of:"),
                    stem="All of:"),
                thresholds=[T("IgG", "<", 4, "g/L"), T("IgG", "range", 4, "g/L", value_max=6)]),
            F("Not suitable if", "exclusion_criteria", [
                P("Any of:"),
                L("Hypogammaglobulinaemia expected to recover within 3 months",
                  "Isolated IgA deficiency",
                  "Isolated IgG subclass deficiency with normal total IgG"),
            ],
                criteria=OR("Hypogammaglobulinaemia expected to recover within 3 months",
                            "Isolated IgA deficiency",
                            "Isolated IgG subclass deficiency with normal total IgG", stem="Any of:")),
            F("Dosing", "dose", [
                P("Start at 0.4 to 0.6 g/kg every 4 weeks (IVIg), or the same total divided into weekly "
                  "SCIg doses."),
                P("Adjust to keep trough IgG at least 8 g/L; maximum 0.8 g/kg every 4 weeks unless agreed by "
                  "the immunologist."),
            ],
                thresholds=[T("trough IgG", ">=", 8, "g/L")],
                doses=[D(0.4, "g/kg", "every 4 weeks", "0.8 g/kg every 4 weeks", amount_max=0.6)]),
            F("Monitoring", "outcome_measures", [
                P("Trough IgG every 3 months in the first year, then every 6 months. Keep an infection diary "
                  "and record days lost from work or education."),
            ]),
            F("Continuation", "continuation_criteria", [
                P("Continue if infection frequency has fallen compared with the year before treatment and "
                  "trough IgG is above 7 g/L."),
            ],
                criteria=AND("infection frequency has fallen compared with the year before treatment",
                             "trough IgG is above 7 g/L"),
                thresholds=[T("trough IgG", ">", 7, "g/L")]),
            F("How long", "duration", [P("12 months, renewed annually after review.")]),
        ],
    },
    {   # 3.5 MG (prose)
        "number": "3.5",
        "name": "Myasthenia gravis",
        "fields": [
            F(None, "selection_criteria", [
                P("Immunoglobulin is recommended for adults with generalised myasthenia gravis who are in "
                  "myasthenic crisis, who have a forced vital capacity below 50% of predicted, or who have "
                  "rapidly progressive bulbar weakness, and in whom plasma exchange is not an option."),
            ],
                criteria=AND("adults with generalised myasthenia gravis",
                             OR("who are in myasthenic crisis",
                                "who have a forced vital capacity below 50% of predicted",
                                "who have rapidly progressive bulbar weakness"),
                             "in whom plasma exchange is not an option"),
                thresholds=[T("FVC % predicted", "<", 50, "%")]),
            F("Not recommended", "exclusion_criteria", [
                P("Immunoglobulin should not be used for maintenance treatment of stable disease or for "
                  "purely ocular myasthenia."),
            ],
                criteria=OR("for maintenance treatment of stable disease", "for purely ocular myasthenia")),
            F("Regimen", "dose", [
                P("2 g/kg over 2 to 5 days as a single course. A second course within 4 weeks is not funded."),
            ],
                doses=[D(2, "g/kg")]),
            F("Assess response", "outcome_measures", [
                P("MG-ADL or QMG score before treatment and at 2 and 4 weeks; FVC daily while an inpatient."),
            ]),
            F("How long", "duration", [P("One course per exacerbation.")]),
        ],
    },
]

# ----------------------------------------------------------------------------------------------
# Document 2: South African provincial formulary motivation criteria
# ----------------------------------------------------------------------------------------------

ZPLT = "x 10⁹/L"

ZA = {
    "docname": "za_formulary",
    "style": ("South African provincial formulary 'Motivation criteria': numbered sections, one bordered "
              "Criterion | Requirement table per medicine and condition, bulleted criteria with nested "
              "dash sub-bullets"),
    "dept": "DEPARTMENT OF HEALTH · WESTERN HIGHVELD PROVINCE",
    "committee": "Provincial Pharmaceutical and Therapeutics Committee",
    "title": "Motivation Criteria for Restricted Medicines",
    "edition": "Edition 4 · Effective 1 July 2024 · Adult and paediatric hospital level",
    "pre_sections": [
        ("1", "Purpose", [
            P("This document lists the criteria a prescriber must meet when motivating for a medicine that is "
              "not on the provincial Essential Medicines List (EML) or is restricted to specialist use. "
              "Motivations that do not address every row of the relevant table will be returned unprocessed."),
        ]),
        ("2", "General requirements for all motivations", [
            P("Every motivation must be submitted on the provincial motivation form and must include:"),
            L("the patient's hospital number, age and weight in kg",
              "copies of the laboratory results referred to in the criteria, dated within the last 3 months",
              li("the name and signature of the motivating prescriber, with:",
                 "HPCSA registration number",
                 "contact telephone number"),
              "a record of previous treatment, including doses and duration"),
        ]),
    ],
    "criteria_section": ("3", "Motivation criteria by medicine"),
    "post_sections": [
        ("4", "Submission and turnaround", [
            P("Submit motivations to the hospital pharmacy manager, who forwards them to the Provincial PTC "
              "secretariat. Routine motivations are decided within 10 working days; urgent motivations "
              "(marked URGENT with a clinical reason) within 48 hours."),
        ]),
        ("Appendix A", "Abbreviations", [
            P("ART: antiretroviral therapy. BSA: body surface area. csDMARD: conventional synthetic "
              "disease-modifying antirheumatic drug. DAS28: disease activity score (28 joints). DLQI: "
              "Dermatology Life Quality Index. EML: Essential Medicines List. PASI: Psoriasis Area and "
              "Severity Index. PTC: Pharmaceutical and Therapeutics Committee. UACR: urine "
              "albumin:creatinine ratio. ULN: upper limit of normal."),
        ]),
    ],
    "indications": [],
}

ZA["indications"] = [
    {
        "number": "3.1",
        "name": "Adalimumab for severe rheumatoid arthritis",
        "fields": [
            F("Indication", "indication_for_use", [
                P("Severe active rheumatoid arthritis in adults not controlled by conventional synthetic DMARDs."),
            ]),
            F("Prescriber level", None, [
                P("Rheumatologist at a tertiary or regional hospital. The first prescription must be issued by "
                  "the rheumatology clinic."),
            ]),
            F("Inclusion criteria (ALL must apply)", "selection_criteria", [
                L("Age 18 years or older",
                  "Diagnosis meets the 2010 ACR/EULAR classification criteria",
                  "DAS28-ESR > 5.1 on two occasions at least 4 weeks apart",
                  li("Inadequate response to csDMARDs, shown by both of:",
                     "methotrexate at the maximum tolerated dose for at least 3 months",
                     "at least one other csDMARD (sulfasalazine or leflunomide) for at least 3 months"),
                  "Latent TB excluded (chest X-ray and IGRA or TST) within the past 3 months",
                  "Hepatitis B and C serology documented"),
            ],
                criteria=AND(
                    "Age 18 years or older",
                    "Diagnosis meets the 2010 ACR/EULAR classification criteria",
                    "DAS28-ESR > 5.1 on two occasions at least 4 weeks apart",
                    AND("methotrexate at the maximum tolerated dose for at least 3 months",
                        "at least one other csDMARD (sulfasalazine or leflunomide) for at least 3 months",
                        stem="Inadequate response to csDMARDs, shown by both of:"),
                    "Latent TB excluded (chest X-ray and IGRA or TST) within the past 3 months",
                    "Hepatitis B and C serology documented"),
                thresholds=[T("age", ">=", 18, "years"), T("DAS28-ESR", ">", 5.1)]),
            F("Exclusion criteria (ANY)", "exclusion_criteria", [
                L("Active tuberculosis, or latent TB not yet treated",
                  "Heart failure, NYHA class III or IV",
                  "Malignancy within the past 5 years (excluding non-melanoma skin cancer)",
                  f"Neutrophil count < 1.5 {ZPLT}"),
            ],
                criteria=OR("Active tuberculosis, or latent TB not yet treated",
                            "Heart failure, NYHA class III or IV",
                            "Malignancy within the past 5 years (excluding non-melanoma skin cancer)",
                            f"Neutrophil count < 1.5 {ZPLT}"),
                thresholds=[T("neutrophil count", "<", 1.5, "x10^9/L")]),
            F("Dosage", "dose", [
                P("40 mg subcutaneously every 2 weeks. Dose escalation to weekly dosing is not funded."),
            ],
                doses=[D(40, "mg", "every 2 weeks")]),
            F("Review", "outcome_measures", [
                P("DAS28-ESR at 12 weeks and every 6 months thereafter, recorded on the renewal form."),
            ]),
            F("Renewal", "continuation_criteria", [
                L("Improvement in DAS28-ESR of at least 1.2 from baseline"),
                P("OR"),
                L("DAS28-ESR ≤ 3.2 (low disease activity)"),
            ],
                criteria=OR("Improvement in DAS28-ESR of at least 1.2 from baseline",
                            "DAS28-ESR ≤ 3.2 (low disease activity)"),
                thresholds=[T("DAS28-ESR improvement", ">=", 1.2), T("DAS28-ESR", "<=", 3.2)]),
            F("Approval period", "duration", [P("Initial 6 months; renewals for 12 months.")]),
        ],
    },
    {
        "number": "3.2",
        "name": "Ustekinumab for moderate to severe plaque psoriasis",
        "fields": [
            F("Indication", "indication_for_use", [P("Chronic moderate to severe plaque psoriasis in adults.")]),
            F("Prescriber level", None, [P("Dermatologist.")]),
            F("Inclusion criteria (ALL must apply)", "selection_criteria", [
                L(li("Disease severity, with one of:",
                     "PASI ≥ 10",
                     "BSA ≥ 10%",
                     "DLQI > 10 with psoriasis of the face, hands, feet or genitals"),
                  "Phototherapy (narrowband UVB) tried for at least 12 weeks, or not accessible",
                  "Failure of, intolerance to or contraindication to methotrexate and ciclosporin"),
            ],
                criteria=AND(
                    OR("PASI ≥ 10", "BSA ≥ 10%",
                       "DLQI > 10 with psoriasis of the face, hands, feet or genitals",
                       stem="Disease severity, with one of:"),
                    "Phototherapy (narrowband UVB) tried for at least 12 weeks, or not accessible",
                    "Failure of, intolerance to or contraindication to methotrexate and ciclosporin"),
                thresholds=[T("PASI", ">=", 10), T("BSA", ">=", 10, "%"), T("DLQI", ">", 10)]),
            F("Exclusion criteria (ANY)", "exclusion_criteria", [
                L("Active tuberculosis or untreated latent TB",
                  "Pregnancy or breastfeeding",
                  "Erythrodermic or generalised pustular psoriasis"),
            ],
                criteria=OR("Active tuberculosis or untreated latent TB",
                            "Pregnancy or breastfeeding",
                            "Erythrodermic or generalised pustular psoriasis")),
            F("Dosage", "dose", [
                L("Weight ≤ 100 kg: 45 mg at week 0 and week 4, then every 12 weeks",
                  "Weight > 100 kg: 90 mg at week 0 and week 4, then every 12 weeks (maximum 90 mg per dose)"),
            ],
                thresholds=[T("weight", "<=", 100, "kg"), T("weight", ">", 100, "kg")],
                doses=[D(45, "mg", "at week 0 and week 4, then every 12 weeks"),
                       D(90, "mg", "at week 0 and week 4, then every 12 weeks", "90 mg per dose")]),
            F("Review", "outcome_measures", [P("PASI and DLQI at week 16 and every 6 months.")]),
            F("Renewal", "continuation_criteria", [
                P("One of:"),
                L("PASI reduction of at least 75% from baseline at week 16",
                  "PASI reduction of at least 50% with a DLQI improvement of at least 5 points"),
            ],
                criteria=OR("PASI reduction of at least 75% from baseline at week 16",
                            "PASI reduction of at least 50% with a DLQI improvement of at least 5 points",
                            stem="One of:"),
                thresholds=[T("PASI reduction", ">=", 75, "%"), T("PASI reduction", ">=", 50, "%"),
                            T("DLQI improvement", ">=", 5, "points")]),
            F("Approval period", "duration", [P("12 months.")]),
        ],
    },
    {
        "number": "3.3",
        "name": "Intravenous immunoglobulin for children living with HIV and recurrent bacterial infections",
        "fields": [
            F("Indication", "indication_for_use", [
                P("Prevention of serious bacterial infections in children living with HIV despite "
                  "antiretroviral therapy and co-trimoxazole prophylaxis."),
            ]),
            F("Prescriber level", None, [P("Paediatrician or paediatric infectious diseases specialist.")]),
            F("Inclusion criteria (ALL must apply)", "selection_criteria", [
                L("Age under 15 years",
                  "On ART for at least 6 months with documented adherence",
                  "Two or more serious bacterial infections (pneumonia, meningitis, bacteraemia) in the past "
                  "12 months despite co-trimoxazole prophylaxis",
                  li("Laboratory evidence of one of:",
                     "IgG < 4 g/L",
                     "CD4 percentage < 15%",
                     "CD4 count < 200 cells/µL in children aged 5 years or older")),
            ],
                criteria=AND(
                    "Age under 15 years",
                    "On ART for at least 6 months with documented adherence",
                    "Two or more serious bacterial infections (pneumonia, meningitis, bacteraemia) in the past "
                    "12 months despite co-trimoxazole prophylaxis",
                    OR("IgG < 4 g/L", "CD4 percentage < 15%",
                       "CD4 count < 200 cells/µL in children aged 5 years or older",
                       stem="Laboratory evidence of one of:")),
                thresholds=[T("age", "<", 15, "years"), T("IgG", "<", 4, "g/L"), T("CD4 %", "<", 15, "%"),
                            T("CD4 count", "<", 200, "cells/µL"), T("age", ">=", 5, "years")]),
            F("Exclusion criteria (ANY)", "exclusion_criteria", [
                L("IgA deficiency with anti-IgA antibodies",
                  "Severe acute malnutrition (weight-for-height < -3 SD) until stabilised"),
            ],
                criteria=OR("IgA deficiency with anti-IgA antibodies",
                            "Severe acute malnutrition (weight-for-height < -3 SD) until stabilised"),
                thresholds=[T("weight-for-height z-score", "<", -3, "SD")]),
            F("Dosage", "dose", [
                P("0.4 g/kg intravenously every 4 weeks (maximum 20 g per infusion)."),
            ],
                doses=[D(0.4, "g/kg", "every 4 weeks", "20 g per infusion")]),
            F("Review", "outcome_measures", [
                P("Infection episodes, trough IgG, weight and height every 3 months."),
            ]),
            F("Renewal", "continuation_criteria", [
                L("Fewer serious bacterial infections than in the 12 months before IVIG, and",
                  li("Ongoing immune deficiency, with either:",
                     "CD4 percentage still < 20%",
                     "IgG still < 6 g/L")),
            ],
                criteria=AND("Fewer serious bacterial infections than in the 12 months before IVIG",
                             OR("CD4 percentage still < 20%", "IgG still < 6 g/L",
                                stem="Ongoing immune deficiency, with either:")),
                thresholds=[T("CD4 %", "<", 20, "%"), T("IgG", "<", 6, "g/L")]),
            F("Approval period", "duration", [P("6 months.")]),
        ],
    },
    {
        "number": "3.4",
        "name": "Eltrombopag for chronic immune thrombocytopenia",
        "fields": [
            F("Indication", "indication_for_use", [
                P("Chronic immune thrombocytopenia (present for more than 12 months) in adults."),
            ]),
            F("Prescriber level", None, [P("Haematologist.")]),
            F("Inclusion criteria (ALL must apply)", "selection_criteria", [
                L(f"Platelet count < 30 {ZPLT} on two counts at least 2 weeks apart",
                  "Relapsed after, or not a candidate for, splenectomy",
                  li("Inadequate response to, or intolerance of, at least two of:",
                     "corticosteroids",
                     "IVIG or anti-D",
                     "rituximab"),
                  "HIV and hepatitis C excluded or treated as the cause"),
            ],
                criteria=AND(
                    f"Platelet count < 30 {ZPLT} on two counts at least 2 weeks apart",
                    "Relapsed after, or not a candidate for, splenectomy",
                    OR("corticosteroids", "IVIG or anti-D", "rituximab",
                       stem="Inadequate response to, or intolerance of, at least two of:", min=2),
                    "HIV and hepatitis C excluded or treated as the cause"),
                thresholds=[T("platelet count", "<", 30, "x10^9/L")]),
            F("Exclusion criteria (ANY)", "exclusion_criteria", [
                L("ALT > 3 x upper limit of normal",
                  "Hepatic impairment with Child-Pugh score ≥ 7",
                  "Previous thrombosis within 6 months"),
            ],
                criteria=OR("ALT > 3 x upper limit of normal",
                            "Hepatic impairment with Child-Pugh score ≥ 7",
                            "Previous thrombosis within 6 months"),
                thresholds=[T("ALT", ">", 3, "x ULN"), T("Child-Pugh score", ">=", 7)]),
            F("Dosage", "dose", [
                L("Start 50 mg orally once daily (maximum 75 mg daily)",
                  li("Adjust in 25 mg steps to keep the platelet count 50–150 " + ZPLT + ":",
                     "reduce if platelets > 200 " + ZPLT,
                     "stop if platelets > 400 " + ZPLT)),
            ],
                thresholds=[T("platelet count", "range", 50, "x10^9/L", value_max=150),
                            T("platelet count", ">", 200, "x10^9/L"),
                            T("platelet count", ">", 400, "x10^9/L")],
                doses=[D(50, "mg", "once daily", "75 mg daily")]),
            F("Review", "outcome_measures", [
                P("Full blood count weekly until stable, then monthly. Liver function every 2 weeks during "
                  "dose adjustment, then monthly."),
            ]),
            F("Renewal", "continuation_criteria", [
                L(f"Platelet count ≥ 50 {ZPLT} sustained, or",
                  "Clinically significant reduction in bleeding"),
            ],
                criteria=OR(f"Platelet count ≥ 50 {ZPLT} sustained",
                            "Clinically significant reduction in bleeding"),
                thresholds=[T("platelet count", ">=", 50, "x10^9/L")]),
            F("Approval period", "duration", [P("6 months initially, then 12 months.")]),
        ],
    },
    {
        "number": "3.5",
        "name": "Empagliflozin for type 2 diabetes with chronic kidney disease",
        "fields": [
            F("Indication", "indication_for_use", [
                P("Adults with type 2 diabetes and chronic kidney disease at high risk of progression."),
            ]),
            F("Prescriber level", None, [
                P("Specialist physician (internal medicine, nephrology or endocrinology)."),
            ]),
            F("Inclusion criteria (ALL must apply)", "selection_criteria", [
                L("HbA1c between 7% and 10%",
                  f"eGFR 25–75 {EGFR}",
                  "Urine albumin:creatinine ratio (UACR) ≥ 3 mg/mmol",
                  "On the maximum tolerated dose of an ACE inhibitor or ARB for at least 4 weeks, unless "
                  "contraindicated",
                  li("Inadequate glycaemic control on one of:",
                     "metformin plus a sulfonylurea",
                     "insulin (any regimen)")),
            ],
                criteria=AND(
                    "HbA1c between 7% and 10%",
                    f"eGFR 25–75 {EGFR}",
                    "Urine albumin:creatinine ratio (UACR) ≥ 3 mg/mmol",
                    "On the maximum tolerated dose of an ACE inhibitor or ARB for at least 4 weeks, unless "
                    "contraindicated",
                    OR("metformin plus a sulfonylurea", "insulin (any regimen)",
                       stem="Inadequate glycaemic control on one of:")),
                thresholds=[T("HbA1c", "range", 7, "%", value_max=10),
                            T("eGFR", "range", 25, "mL/min/1.73m2", value_max=75),
                            T("UACR", ">=", 3, "mg/mmol")]),
            F("Exclusion criteria (ANY)", "exclusion_criteria", [
                L("Type 1 diabetes or previous diabetic ketoacidosis",
                  f"eGFR < 20 {EGFR}",
                  "On dialysis",
                  "Three or more genital mycotic infections in the past 12 months"),
            ],
                criteria=OR("Type 1 diabetes or previous diabetic ketoacidosis",
                            f"eGFR < 20 {EGFR}",
                            "On dialysis",
                            "Three or more genital mycotic infections in the past 12 months"),
                thresholds=[T("eGFR", "<", 20, "mL/min/1.73m2")]),
            F("Dosage", "dose", [
                P("10 mg orally once daily; no titration (maximum 10 mg daily for this indication)."),
            ],
                doses=[D(10, "mg", "once daily", "10 mg daily for this indication")]),
            F("Review", "outcome_measures", [
                P("eGFR, potassium and UACR at 3 months, then every 6 months. HbA1c every 6 months."),
            ]),
            F("Renewal", "continuation_criteria", [
                L(f"eGFR remains ≥ 20 {EGFR}",
                  "No episode of ketoacidosis since the last approval",
                  "Adherence confirmed from the dispensing record"),
            ],
                criteria=AND(f"eGFR remains ≥ 20 {EGFR}",
                             "No episode of ketoacidosis since the last approval",
                             "Adherence confirmed from the dispensing record"),
                thresholds=[T("eGFR", ">=", 20, "mL/min/1.73m2")]),
            F("Approval period", "duration", [P("12 months.")]),
        ],
    },
]


# ----------------------------------------------------------------------------------------------
# Shared helpers
# ----------------------------------------------------------------------------------------------

def list_lines(items):
    out = []
    for it in items:
        if isinstance(it, str):
            out.append(it)
        else:
            out.append(it["t"])
            out.extend(list_lines(it["c"]))
    return out


def blocks_lines(blocks):
    out = []
    for kind, val in blocks:
        if kind == "p":
            out.append(val)
        else:
            out.extend(list_lines(val))
    return out


def tree_leaves(node):
    out = []
    for it in node["items"]:
        if isinstance(it, str):
            out.append(it)
        else:
            out.extend(tree_leaves(it))
    return out


def tree_stems(node):
    out = [node["stem"]] if node.get("stem") else []
    for it in node["items"]:
        if isinstance(it, dict):
            out.extend(tree_stems(it))
    return out


def norm(s: str) -> str:
    s = s.replace("\u00ad", "").replace("\ufffe", "").replace("\x02", "")
    s = s.replace("\u00a0", " ").replace("\u2009", " ").replace("\u202f", " ")
    return re.sub(r"\s+", " ", s).strip().lower()


def gold_for(doc, producer, fmt, pages):
    sections = []
    for num, title, level in doc_sections(doc):
        sections.append({"number": num, "title": title, "level": level,
                         "page": pages.get((num, title)) if fmt == "pdf" else None})
    inds = []
    for ind in doc["indications"]:
        fields = []
        for f in ind["fields"]:
            g = {"label": f["label"], "role": f["role"], "text": "\n".join(blocks_lines(f["blocks"]))}
            if f["role"] in CRIT_ROLES:
                g["criteria"] = f["criteria"]
            g["thresholds"] = f["thresholds"]
            g["doses"] = f["doses"]
            fields.append(g)
        inds.append({"name": ind["name"], "fields": fields})
    return {
        "source": f"corpora/policies/holdout2/{doc['docname']}.{fmt}",
        "producer": producer,
        "style": doc["style"],
        "title": doc["title"],
        "sections": sections,
        "indications": inds,
    }


def doc_sections(doc):
    """(number, title, level) in document order."""
    out = [(n, t, 1) for n, t, _ in doc["pre_sections"]]
    if doc is SCOT:
        n, t, _ = doc["conditions_section"]
    else:
        n, t = doc["criteria_section"]
    out.append((n, t, 1))
    out.extend((ind["number"], ind["name"], 2) for ind in doc["indications"])
    out.extend((n, t, 1) for n, t, _ in doc["post_sections"])
    return out


def printed_heading(doc, num, title):
    if doc is SCOT:
        return f"{num} {title}"
    if num.startswith("Appendix"):
        return f"{num}: {title}"
    if "." in num:
        return f"{num} {title}"
    return f"{num}. {title}"


# ---- python-docx numbering helpers --------------------------------------------------------------

class Numbering:
    def __init__(self, document):
        self.el = document.part.numbering_part.element
        self.next_abs = 90
        self.next_num = 200

    def add_abstract(self, levels):
        """levels: list of (numFmt, lvlText, left_twips, hanging_twips)."""
        abs_id = self.next_abs
        self.next_abs += 1
        xml = (f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abs_id}">'
               '<w:multiLevelType w:val="multilevel"/>')
        for i, (fmt, txt, left, hang) in enumerate(levels):
            xml += (f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
                    f'<w:lvlText w:val="{html.escape(txt, quote=True)}"/><w:lvlJc w:val="left"/>'
                    f'<w:pPr><w:ind w:left="{left}" w:hanging="{hang}"/></w:pPr></w:lvl>')
        xml += "</w:abstractNum>"
        el = parse_xml(xml)
        first_num = self.el.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(el)
        else:
            self.el.append(el)
        return abs_id

    def add_num(self, abs_id, restart_levels=3):
        num_id = self.next_num
        self.next_num += 1
        xml = (f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abs_id}"/>'
               + "".join(f'<w:lvlOverride w:ilvl="{i}"><w:startOverride w:val="1"/></w:lvlOverride>'
                         for i in range(restart_levels))
               + "</w:num>")
        self.el.append(parse_xml(xml))
        return num_id


def set_num(paragraph, num_id, level):
    pPr = paragraph._p.get_or_add_pPr()
    numPr = OxmlElement("w:numPr")
    ilvl = OxmlElement("w:ilvl")
    ilvl.set(qn("w:val"), str(level))
    nid = OxmlElement("w:numId")
    nid.set(qn("w:val"), str(num_id))
    numPr.append(ilvl)
    numPr.append(nid)
    pstyle = pPr.find(qn("w:pStyle"))
    if pstyle is not None:
        pstyle.addnext(numPr)
    else:
        pPr.insert(0, numPr)


def shade(cell, fill):
    tcPr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcPr.append(shd)


def repeat_header(row):
    trPr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trPr.append(el)


def set_col_widths(table, widths):
    table.autofit = False
    grid = table._tbl.tblGrid
    for gc, w in zip(grid.findall(qn("w:gridCol")), widths):
        gc.set(qn("w:w"), str(int(w.twips)))
    for row in table.rows:
        for cell, w in zip(row.cells, widths):
            cell.width = w


def add_field_run(paragraph, instr):
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), instr)
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "1"
    r.append(t)
    fld.append(r)
    paragraph._p.append(fld)


def base_document(font="Arial", size=11):
    d = docx.Document()
    sec = d.sections[0]
    sec.page_height, sec.page_width = Cm(29.7), Cm(21.0)
    sec.left_margin = sec.right_margin = Cm(2.3)
    sec.top_margin = sec.bottom_margin = Cm(2.2)
    st = d.styles["Normal"]
    st.font.name = font
    st.font.size = Pt(size)
    st.element.rPr.rFonts.set(qn("w:eastAsia"), font)
    st.paragraph_format.space_after = Pt(4)
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
        s = d.styles[name]
        s.font.name = font
        rpr = s.element.get_or_add_rPr()
        rfonts = rpr.find(qn("w:rFonts"))
        if rfonts is None:
            rfonts = OxmlElement("w:rFonts")
            rpr.insert(0, rfonts)
        for a in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            if rfonts.get(qn(a)) is not None:
                del rfonts.attrib[qn(a)]
        for a in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            rfonts.set(qn(a), font)
    return d


# ----------------------------------------------------------------------------------------------
# Scot guideline: DOCX (python-docx) -> PDF (LibreOffice)
# ----------------------------------------------------------------------------------------------

def build_scot_docx(path: Path):
    doc = SCOT
    d = base_document("Arial", 11)
    d.styles["Heading 1"].font.size = Pt(14)
    d.styles["Heading 1"].font.color.rgb = RGBColor(0x00, 0x3B, 0x7A)
    d.styles["Heading 2"].font.size = Pt(12)
    d.styles["Heading 2"].font.color.rgb = RGBColor(0x00, 0x3B, 0x7A)
    d.styles["Title"].font.size = Pt(18)
    numbering = Numbering(d)
    abs_id = numbering.add_abstract([
        ("decimal", "%1.", 720, 360),
        ("lowerLetter", "%2.", 1440, 360),
        ("lowerRoman", "%3.", 2160, 360),
    ])

    sec = d.sections[0]
    hp = sec.header.paragraphs[0]
    hp.text = f"{doc['board']} · Immunoglobulin clinical guideline · Version 3.0"
    hp.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    hp.runs[0].font.size = Pt(8)
    fp = sec.footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fp.add_run("Page ")
    add_field_run(fp, "PAGE")
    fp.add_run(" of ")
    add_field_run(fp, "NUMPAGES")

    p = d.add_paragraph(doc["board"])
    p.runs[0].bold = True
    p.runs[0].font.size = Pt(12)
    p.runs[0].font.color.rgb = RGBColor(0x00, 0x3B, 0x7A)
    d.add_paragraph(doc["title"], style="Title")

    # document control box
    t = d.add_table(rows=1, cols=2)
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    top = t.rows[0].cells[0].merge(t.rows[0].cells[1])
    top.paragraphs[0].add_run("Document control").bold = True
    shade(top, "D9E2F3")
    for k, v in doc["control"]:
        row = t.add_row()
        row.cells[0].paragraphs[0].add_run(k).bold = True
        row.cells[1].paragraphs[0].add_run(v)
        shade(row.cells[0], "F2F2F2")
    set_col_widths(t, (Cm(5), Cm(11.4)))
    d.add_paragraph()

    def add_blocks(blocks):
        for kind, val in blocks:
            if kind == "p":
                d.add_paragraph(val)
            else:
                num_id = numbering.add_num(abs_id)

                def walk(items, level):
                    for it in items:
                        text = it if isinstance(it, str) else it["t"]
                        lp = d.add_paragraph(text, style="List Paragraph")
                        set_num(lp, num_id, level)
                        lp.paragraph_format.space_after = Pt(2)
                        if not isinstance(it, str):
                            walk(it["c"], level + 1)
                walk(val, 0)

    for num, title, paras in doc["pre_sections"]:
        d.add_heading(f"{num} {title}", level=1)
        for para in paras:
            d.add_paragraph(para)
    num, title, intro = doc["conditions_section"]
    d.add_heading(f"{num} {title}", level=1)
    d.add_paragraph(intro)
    for ind in doc["indications"]:
        d.add_heading(f"{ind['number']} {ind['name']}", level=2)
        for f in ind["fields"]:
            if f["label"] is None:
                add_blocks(f["blocks"])
            elif f["inline"]:
                first = f["blocks"][0]
                assert first[0] == "p"
                lp = d.add_paragraph()
                lp.add_run(f["label"] + ": ").bold = True
                lp.add_run(first[1])
                add_blocks(f["blocks"][1:])
            else:
                lp = d.add_paragraph()
                lp.add_run(f["label"]).bold = True
                lp.paragraph_format.keep_with_next = True
                lp.paragraph_format.space_before = Pt(6)
                lp.paragraph_format.space_after = Pt(2)
                add_blocks(f["blocks"])
    for num, title, paras in doc["post_sections"]:
        d.add_heading(f"{num} {title}", level=1)
        if title == "References":
            rid = numbering.add_num(abs_id)
            for para in paras:
                lp = d.add_paragraph(para, style="List Paragraph")
                set_num(lp, rid, 0)
        else:
            for para in paras:
                d.add_paragraph(para)
    d.save(str(path))


def soffice_to_pdf(docx_path: Path, out_dir: Path) -> Path:
    with tempfile.TemporaryDirectory() as prof:
        subprocess.run([SOFFICE, f"-env:UserInstallation=file://{prof}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(out_dir), str(docx_path)],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=180)
    pdf = out_dir / (docx_path.stem + ".pdf")
    if not pdf.exists():
        raise RuntimeError(f"LibreOffice did not produce {pdf}")
    return pdf


# ----------------------------------------------------------------------------------------------
# ZA formulary: HTML (Chromium) and DOCX (python-docx)
# ----------------------------------------------------------------------------------------------

ZA_CSS = """
@page { size: A4; margin: 18mm 16mm 18mm 16mm; }
body { font-family: 'Liberation Sans', Arial, sans-serif; font-size: 10pt; color: #111; }
.dept { font-size: 9pt; font-weight: bold; letter-spacing: 0.5px; color: #1d4d2b; margin: 0; }
.committee { font-size: 10pt; margin: 2px 0 10px 0; }
h1 { font-size: 17pt; color: #1d4d2b; margin: 6px 0 2px 0; }
.edition { font-size: 9pt; color: #444; border-bottom: 2px solid #1d4d2b; padding-bottom: 6px;
           margin-bottom: 14px; }
h2 { font-size: 12.5pt; color: #1d4d2b; margin: 16px 0 6px 0; }
h3 { font-size: 11pt; margin: 14px 0 6px 0; break-after: avoid; }
p { margin: 0 0 5px 0; line-height: 1.3; }
table.crit { width: 100%; border-collapse: collapse; margin-bottom: 10px; }
table.crit th, table.crit td { border: 1px solid #333; padding: 4px 6px; vertical-align: top; }
table.crit th { background: #d8e6d2; text-align: left; }
table.crit td.lab { width: 28%; font-weight: bold; background: #f3f3f3; }
table.crit tr { break-inside: avoid; }
ul { list-style: none; margin: 0 0 3px 0; padding-left: 14px; }
ul li { position: relative; margin: 0 0 2px 0; line-height: 1.3; }
ul li::before { content: '\\2022'; position: absolute; left: -11px; }
ul ul { padding-left: 14px; margin-top: 2px; }
ul ul li::before { content: '\\2013'; left: -11px; }
td p.conj { font-weight: bold; margin: 3px 0; }
"""


def html_items(items):
    out = ["<ul>"]
    for it in items:
        if isinstance(it, str):
            out.append(f"<li>{html.escape(it)}</li>")
        else:
            out.append(f"<li>{html.escape(it['t'])}{html_items(it['c'])}</li>")
    out.append("</ul>")
    return "".join(out)


def html_blocks(blocks, in_cell=False):
    out = []
    for kind, val in blocks:
        if kind == "p":
            cls = ' class="conj"' if in_cell and val in ("OR", "AND") else ""
            out.append(f"<p{cls}>{html.escape(val)}</p>")
        else:
            out.append(html_items(val))
    return "".join(out)


def build_za_html(path: Path):
    doc = ZA
    h = ["<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
         f"<title>{html.escape(doc['title'])}</title><style>{ZA_CSS}</style></head><body>",
         f"<p class='dept'>{html.escape(doc['dept'])}</p>",
         f"<p class='committee'>{html.escape(doc['committee'])}</p>",
         f"<h1>{html.escape(doc['title'])}</h1>",
         f"<p class='edition'>{html.escape(doc['edition'])}</p>"]
    for num, title, blocks in doc["pre_sections"]:
        h.append(f"<h2>{html.escape(printed_heading(doc, num, title))}</h2>")
        h.append(html_blocks(blocks))
    num, title = doc["criteria_section"]
    h.append(f"<h2>{html.escape(printed_heading(doc, num, title))}</h2>")
    for ind in doc["indications"]:
        h.append(f"<h3>{html.escape(printed_heading(doc, ind['number'], ind['name']))}</h3>")
        h.append("<table class='crit'><thead><tr><th>Criterion</th><th>Requirement</th></tr></thead><tbody>")
        for f in ind["fields"]:
            h.append(f"<tr><td class='lab'>{html.escape(f['label'])}</td>"
                     f"<td>{html_blocks(f['blocks'], in_cell=True)}</td></tr>")
        h.append("</tbody></table>")
    for num, title, blocks in doc["post_sections"]:
        h.append(f"<h2>{html.escape(printed_heading(doc, num, title))}</h2>")
        h.append(html_blocks(blocks))
    h.append("</body></html>")
    path.write_text("".join(h), encoding="utf-8")


def chromium_to_pdf(html_path: Path, pdf_path: Path):
    with tempfile.TemporaryDirectory() as prof:
        subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                        f"--user-data-dir={prof}", f"--print-to-pdf={pdf_path}", html_path.as_uri()],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=180)
    if not pdf_path.exists():
        raise RuntimeError(f"Chromium did not produce {pdf_path}")


def build_za_docx(path: Path):
    doc = ZA
    d = base_document("Arial", 10)
    green = RGBColor(0x1D, 0x4D, 0x2B)
    for name, size in (("Heading 1", 13), ("Heading 2", 11), ("Title", 17)):
        d.styles[name].font.size = Pt(size)
        d.styles[name].font.color.rgb = green
    numbering = Numbering(d)
    abs_id = numbering.add_abstract([
        ("bullet", "•", 360, 260),
        ("bullet", "–", 720, 260),
        ("bullet", "▪", 1080, 260),
    ])
    bullet_num = numbering.add_num(abs_id, restart_levels=0)

    fp = d.sections[0].footer.paragraphs[0]
    fp.text = f"{doc['committee']} · {doc['title']} · Edition 4"
    fp.runs[0].font.size = Pt(8)

    p = d.add_paragraph()
    r = p.add_run(doc["dept"])
    r.bold = True
    r.font.size = Pt(9)
    r.font.color.rgb = green
    d.add_paragraph(doc["committee"])
    d.add_paragraph(doc["title"], style="Title")
    p = d.add_paragraph(doc["edition"])
    p.runs[0].font.size = Pt(9)

    def add_blocks(container, blocks, first_para=None):
        """Append blocks to a document or cell; reuse first_para (empty cell paragraph) if given."""
        pending = [first_para]

        def new_para(text, style=None):
            if pending[0] is not None:
                para = pending[0]
                pending[0] = None
                if style:
                    para.style = d.styles[style]
                para.add_run(text)
            else:
                para = container.add_paragraph(text, style=style) if style else container.add_paragraph(text)
            return para

        for kind, val in blocks:
            if kind == "p":
                para = new_para(val)
                if val in ("OR", "AND"):
                    para.runs[0].bold = True
            else:
                def walk(items, level):
                    for it in items:
                        text = it if isinstance(it, str) else it["t"]
                        para = new_para(text, "List Paragraph")
                        set_num(para, bullet_num, level)
                        para.paragraph_format.space_after = Pt(1)
                        if not isinstance(it, str):
                            walk(it["c"], level + 1)
                walk(val, 0)

    for num, title, blocks in doc["pre_sections"]:
        d.add_heading(printed_heading(doc, num, title), level=1)
        add_blocks(d, blocks)
    num, title = doc["criteria_section"]
    d.add_heading(printed_heading(doc, num, title), level=1)
    for ind in doc["indications"]:
        d.add_heading(printed_heading(doc, ind["number"], ind["name"]), level=2)
        t = d.add_table(rows=1, cols=2)
        t.style = "Table Grid"
        hdr = t.rows[0]
        repeat_header(hdr)
        for c, txt in zip(hdr.cells, ("Criterion", "Requirement")):
            c.paragraphs[0].add_run(txt).bold = True
            shade(c, "D8E6D2")
        for f in ind["fields"]:
            row = t.add_row()
            row.cells[0].paragraphs[0].add_run(f["label"]).bold = True
            shade(row.cells[0], "F3F3F3")
            add_blocks(row.cells[1], f["blocks"], first_para=row.cells[1].paragraphs[0])
        set_col_widths(t, (Cm(4.6), Cm(11.8)))
        d.add_paragraph()
    for num, title, blocks in doc["post_sections"]:
        d.add_heading(printed_heading(doc, num, title), level=1)
        add_blocks(d, blocks)
    d.save(str(path))


# ----------------------------------------------------------------------------------------------
# Text extraction, page finding and verification
# ----------------------------------------------------------------------------------------------

def pdf_pages(path: Path):
    pdf = pdfium.PdfDocument(str(path))
    try:
        return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    finally:
        pdf.close()


def docx_text(path: Path) -> str:
    d = docx.Document(str(path))
    parts = []

    def cell_texts(table):
        for row in table.rows:
            for cell in row.cells:
                for para in cell.paragraphs:
                    parts.append(para.text)
                for sub in cell.tables:
                    cell_texts(sub)

    body = d.element.body
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            parts.append("".join(t.text or "" for t in child.iter(qn("w:t"))))
    for table in d.tables:
        cell_texts(table)
    return "\n".join(parts)


def find_pages(doc, pages):
    npages = [norm(p) for p in pages]
    found = {}
    for num, title, _level in doc_sections(doc):
        target = norm(printed_heading(doc, num, title))
        pg = None
        for i, pt in enumerate(npages):
            # heading must start a line: check against the line-joined page text
            if re.search(r"(^|\s)" + re.escape(target) + r"(\s|$)", pt):
                pg = i + 1
                break
        found[(num, title)] = pg
    return found


def check_strings(doc, full_text: str, what: str):
    nt = norm(full_text)
    errors = []
    for num, title, _ in doc_sections(doc):
        if norm(printed_heading(doc, num, title)) not in nt:
            errors.append(f"{what}: section heading missing: {printed_heading(doc, num, title)!r}")
    if norm(doc["title"]) not in nt:
        errors.append(f"{what}: title missing")
    for ind in doc["indications"]:
        for f in ind["fields"]:
            field_norm = norm(" ".join(blocks_lines(f["blocks"])))
            if f["label"] and norm(f["label"]) not in nt:
                errors.append(f"{what}: label missing {f['label']!r}")
            for line in blocks_lines(f["blocks"]):
                if norm(line) not in nt:
                    errors.append(f"{what}: text line missing {line!r}")
            if f["role"] in CRIT_ROLES:
                for leaf in tree_leaves(f["criteria"]) + tree_stems(f["criteria"]):
                    if norm(leaf) not in nt:
                        errors.append(f"{what}: criteria string missing {leaf!r}")
                    if norm(leaf) not in field_norm:
                        errors.append(f"{what}: criteria string not in its field {leaf!r}")
            elif f["criteria"] is not None:
                errors.append(f"{what}: criteria on non-criteria role {f['label']!r}")
    return errors


def write_gold(gold, name):
    GOLD_DIR.mkdir(parents=True, exist_ok=True)
    p = GOLD_DIR / name
    p.write_text(json.dumps(gold, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return p


def main() -> int:
    DOC_DIR.mkdir(parents=True, exist_ok=True)
    GOLD_DIR.mkdir(parents=True, exist_ok=True)
    errors = []
    produced = []

    # --- scot_guideline ---
    scot_docx = DOC_DIR / "scot_guideline.docx"
    build_scot_docx(scot_docx)
    with tempfile.TemporaryDirectory() as tmp:
        pdf_tmp = soffice_to_pdf(scot_docx, Path(tmp))
        scot_pdf = DOC_DIR / "scot_guideline.pdf"
        shutil.copy(pdf_tmp, scot_pdf)
    pages = pdf_pages(scot_pdf)
    scot_pages = find_pages(SCOT, pages)
    errors += [f"scot pdf: no page for section {k}" for k, v in scot_pages.items() if v is None]
    errors += check_strings(SCOT, "\n".join(pages), "scot pdf")
    errors += check_strings(SCOT, docx_text(scot_docx), "scot docx")
    produced += [scot_docx, scot_pdf]
    produced.append(write_gold(gold_for(SCOT, "libreoffice", "pdf", scot_pages), "scot_guideline_pdf.json"))
    produced.append(write_gold(gold_for(SCOT, "python-docx", "docx", {}), "scot_guideline_docx.json"))
    print(f"scot_guideline.pdf: {len(pages)} pages")

    # --- za_formulary ---
    with tempfile.TemporaryDirectory() as tmp:
        html_path = Path(tmp) / "za_formulary.html"
        build_za_html(html_path)
        za_pdf = DOC_DIR / "za_formulary.pdf"
        chromium_to_pdf(html_path, za_pdf)
    za_docx = DOC_DIR / "za_formulary.docx"
    build_za_docx(za_docx)
    pages = pdf_pages(za_pdf)
    za_pages = find_pages(ZA, pages)
    errors += [f"za pdf: no page for section {k}" for k, v in za_pages.items() if v is None]
    errors += check_strings(ZA, "\n".join(pages), "za pdf")
    errors += check_strings(ZA, docx_text(za_docx), "za docx")
    produced += [za_pdf, za_docx]
    produced.append(write_gold(gold_for(ZA, "chromium", "pdf", za_pages), "za_formulary_pdf.json"))
    produced.append(write_gold(gold_for(ZA, "python-docx", "docx", {}), "za_formulary_docx.json"))
    print(f"za_formulary.pdf: {len(pages)} pages")

    for doc in (SCOT, ZA):
        nt = sum(len(f["thresholds"]) for i in doc["indications"] for f in i["fields"])
        nd = sum(len(f["doses"]) for i in doc["indications"] for f in i["fields"])
        print(f"{doc['docname']}: {len(doc['indications'])} indications, {nt} thresholds, {nd} doses")
    for p in produced:
        print("wrote", p.relative_to(ROOT))
    if errors:
        print("VERIFICATION FAILED:", file=sys.stderr)
        for e in errors:
            print("  " + e, file=sys.stderr)
        return 1
    print("verification OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
