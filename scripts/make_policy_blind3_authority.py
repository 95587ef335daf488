#!/usr/bin/env python
"""Generate the "blind3" authority-criteria test documents and their gold JSON.

Two invented (not clinical guidance) house styles, each held once as Python data below and
rendered from that single source into the documents AND the gold, so they cannot disagree.

1. ``authority_criteria`` -- a provincial/national "Exceptional Access" / "Special Authority"
   drug criteria listing (in the manner of Ontario EAP, PHARMAC Special Authority or PBS
   restrictions).  General unnumbered sections, then a heading per drug (bold, larger) and a
   heading per indication (bold).  Each drug-indication pair has an "Initial application" /
   "Initial authority" block and a "Renewal" / "Continuing treatment" block (plus, for some,
   "Exclusions" or "Discontinuation").  Each block opens with a sentence such as
   "Applications from a rheumatologist. Approvals valid for 6 months where the patient meets
   all of the following:" followed by criteria numbered 1, 2, 2.1, 2.2, 3 typed as text
   (not Word lists), with "Either:" / "Any of the following:" / "Both:" sub-stems and the
   connectives either at the end of items ("; and", "; or") or alone on their own lines.
   Inline-labelled "Funded dose:" and "Notes:" paragraphs follow some blocks.
   Produced as DOCX with python-docx and as PDF by converting that DOCX with LibreOffice.

2. ``eu_ig_protocol`` -- a European national/hospital immunoglobulin "demand management"
   protocol.  Numbered chapters ("1 Introduction", "1.1 Purpose"); each indication is a
   numbered heading ("5.3 Guillain-Barré syndrome") followed by a "Priority: High" line (gold: a
   field labelled "Priority", role null) and
   unnumbered bold sub-headings (Eligibility, Exclusions, Dosage, Efficacy outcome measures,
   Review; Diagnosis for one) each followed by a lettered list "(a) ... AND" / "(b) ... OR"
   with the capitalised connective at the end of items, sometimes nested "(i) (ii)", plus prose
   paragraphs.  Produced as PDF by headless Chromium from HTML and as DOCX with python-docx.

Gold: one JSON per produced file (``<doc>_<pdf|docx>.json``) following
corpora/gold/policy/blind3/CONVENTIONS.md.  Criteria trees are the same Python node objects that
drive the rendering (a stemless child node is printed flattened into its parent's list, so
connectives between neighbouring items are the op of their lowest common node); thresholds and
doses are written by hand next to the field they belong to and sanity-checked against the field
text.  PDF section pages are found with pypdfium2 by searching page texts for the printed
heading line.  After writing, every section title and criteria leaf is checked against the PDF
text (whitespace/hyphen-insensitive) and a summary is printed.

Usage: python scripts/make_policy_blind3_authority.py [--out /work/main/corpora]
"""
from __future__ import annotations

import argparse
import html
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

CRITERIA_ROLES = {"selection_criteria", "exclusion_criteria", "continuation_criteria", "diagnosis"}
SET = "blind3"


# --------------------------------------------------------------------------------------------
# data model
# --------------------------------------------------------------------------------------------
def N(op, items, stem=None, conn="end", min=None):
    """A criteria node.  conn: 'end' (connective at end of items), 'bare' (own line), 'none'."""
    assert op in ("AND", "OR")
    return {"op": op, "stem": stem, "items": items, "conn": conn, "min": min}


def T(analyte, comparator, value, unit=None, value_max=None):
    return {"analyte": analyte, "comparator": comparator, "value": value,
            "value_max": value_max, "unit": unit}


def D(amount, unit, frequency=None, amount_max=None, max=None):
    return {"amount": amount, "amount_max": amount_max, "unit": unit,
            "frequency": frequency, "max": max}


def F(label, role, tree=None, pre=(), post=(), thresholds=(), doses=(), inline=False,
      prose_tree=None, heading=True):
    """A field.  tree: rendered list (root stem printed as paragraph).  prose_tree: gold-only tree
    for a prose paragraph given in ``pre``.  inline: label printed as 'Label: text' run."""
    return {"label": label, "role": role, "tree": tree, "pre": list(pre), "post": list(post),
            "thresholds": list(thresholds), "doses": list(doses), "inline": inline,
            "prose_tree": prose_tree}


# --------------------------------------------------------------------------------------------
# Document 1: Special Authority criteria listing
# --------------------------------------------------------------------------------------------
DOC1 = {
    "name": "authority_criteria",
    "style": "Provincial/national Exceptional Access / Special Authority criteria listing (EAP/PHARMAC/PBS-like): drug and indication headings, Initial application and Renewal blocks with typed 1, 2, 2.1 numbering",
    "title": "Exceptional Access Programme: Special Authority Criteria for Selected Specialist Medicines",
    "subtitle": "Drug Benefit Schedule, Section B extract. Criteria in effect from 1 March 2025 (version 7.2)",
    "footer": "Exceptional Access Programme - Special Authority Criteria - version 7.2",
}

DOC1_GENERAL_BEFORE = [
    ("About this listing", [
        "This listing sets out the Special Authority criteria for the specialist medicines below. "
        "A listed medicine is subsidised for a patient only after an application has been approved "
        "against the criteria for the relevant indication. Medicines are grouped by chemical name; "
        "each indication has its own initial and renewal criteria.",
        "Where a medicine is subsidised for more than one indication, an approval under one "
        "indication does not authorise treatment under another. Practitioners should apply under the "
        "indication that matches the patient's diagnosis.",
    ]),
    ("How to apply", [
        "Applications are made through the prescriber portal or on the paper Special Authority form "
        "for the indication. Each approval is given an approval number, which must be quoted on every "
        "prescription.",
        "Renewal applications should be submitted in the four weeks before the current approval "
        "expires. Renewals received after expiry are assessed against the initial application criteria.",
        "Where an application is declined, the prescriber may ask for it to be reconsidered by the "
        "Exceptional Access Clinical Review Committee, giving the clinical reasons why the criteria "
        "should not apply to the patient.",
    ]),
    ("Definitions", [
        "Relevant practitioner: a medical practitioner, nurse practitioner or pharmacist prescriber "
        "working within their scope of practice.",
        "Baseline: the most recent assessment made before the first subsidised dose.",
        "Conventional DMARD: methotrexate, sulfasalazine, hydroxychloroquine or leflunomide.",
        "Criterion: each numbered line within an application block. Criteria numbered 2.1, 2.2 and "
        "so on are sub-criteria of criterion 2.",
    ]),
    ("General conditions of funding", [
        "Approvals are valid for the period stated in the block under which they were granted, counted "
        "from the date of approval. Subsidy is limited to the funded dose stated for the indication; "
        "doses are rounded to the nearest whole pack or vial.",
        "Where a biosimilar brand is listed, new patients must start on the listed brand. Patients "
        "changing brands keep their existing approval and renewal date.",
        "Dose escalation beyond the funded dose, and combination with another subsidised biologic for "
        "the same indication, are not subsidised unless stated otherwise.",
    ]),
]

DOC1_GENERAL_AFTER = [
    ("Abbreviations", [
        "6MWD: six-minute walk distance",
        "ACQ-5: five-item Asthma Control Questionnaire",
        "DAS28-CRP: Disease Activity Score in 28 joints using C-reactive protein",
        "DLQI: Dermatology Life Quality Index",
        "FEV1: forced expiratory volume in one second",
        "FVC: forced vital capacity",
        "HAQ-DI: Health Assessment Questionnaire Disability Index",
        "PASI: Psoriasis Area and Severity Index",
        "SDS: standard deviation score",
    ]),
    ("Document history", [
        "Version 7.2 (March 2025): renewal criteria for chronic plaque psoriasis revised; "
        "discontinuation criteria added for late-onset Pompe disease.",
        "Version 7.1 (September 2024): omalizumab renewal period extended from 6 to 12 months.",
    ]),
]

DOC1_DRUGS = [
    {
        "drug": "Adalimumab",
        "presentation": "Injection 40 mg in 0.4 mL pre-filled pen or syringe (listed biosimilar brand)",
        "indications": [
            {
                "name": "Rheumatoid arthritis",
                "fields": [
                    F("Initial application", "selection_criteria", N("AND", [
                        "The patient has severe and active erosive rheumatoid arthritis of at least six months' duration",
                        N("OR", [
                            "The patient has not responded to at least three months of methotrexate at the maximum tolerated dose in combination with sulfasalazine and hydroxychloroquine",
                            "The patient has not responded to at least three months of leflunomide in combination with another conventional DMARD where methotrexate is contraindicated or not tolerated",
                        ], stem="Either:", conn="end"),
                        N("OR", [
                            "DAS28-CRP score greater than 5.1 at two assessments at least one month apart",
                            "Health Assessment Questionnaire Disability Index (HAQ-DI) score of 1.0 or more",
                            "C-reactive protein greater than 15 mg/L measured within the month before the application",
                        ], stem="Any of the following:", conn="bare"),
                        "The patient will not receive adalimumab in combination with another biologic or targeted synthetic DMARD",
                    ], stem="Applications from a rheumatologist or a medical practitioner on the recommendation of a rheumatologist. Approvals valid for 6 months where the patient meets all of the following:", conn="end"),
                      thresholds=[T("DAS28-CRP", ">", 5.1), T("HAQ-DI", ">=", 1.0),
                                  T("C-reactive protein", ">", 15, "mg/L")]),
                    F("Renewal", "continuation_criteria", N("OR", [
                        "Following the initial approval period, the patient's DAS28-CRP score has fallen by at least 1.2 from the pre-treatment baseline",
                        N("AND", [
                            "The patient's DAS28-CRP score is less than 3.2",
                            "The treating physician considers that the patient continues to benefit from treatment",
                        ], stem="Both:", conn="end"),
                    ], stem="Applications from any relevant practitioner. Approvals valid for 2 years where the patient meets either of the following:", conn="bare"),
                      thresholds=[T("DAS28-CRP reduction", ">=", 1.2), T("DAS28-CRP", "<", 3.2)]),
                    F("Funded dose", "dose", pre=["40 mg by subcutaneous injection every 2 weeks."],
                      inline=True, doses=[D(40, "mg", "every 2 weeks")]),
                    F("Notes", "notes", inline=True, pre=[
                        "A baseline DAS28-CRP must be recorded on the application form. Patients changing from another subsidised TNF inhibitor because of intolerance do not need to meet criterion 2 again, provided the original approval was granted under these criteria."]),
                ],
            },
            {
                "name": "Chronic plaque psoriasis",
                "fields": [
                    F("Initial application", "selection_criteria", N("AND", [
                        N("OR", [
                            "Psoriasis Area and Severity Index (PASI) score greater than 10",
                            "Body surface area affected of at least 10%",
                            "Severe psoriasis of the face, hands, feet or genital area with a Dermatology Life Quality Index (DLQI) score greater than 10",
                        ], stem="Any of the following:", conn="end"),
                        N("OR", [
                            "Phototherapy (narrowband UVB or PUVA)",
                            "Methotrexate",
                            "Ciclosporin",
                            "Acitretin",
                        ], stem="The patient has not responded to, is intolerant of, or has a contraindication to at least two of the following:", conn="none", min=2),
                        "The PASI or DLQI assessment was completed no more than one month before the application",
                    ], stem="Applications from a dermatologist. Approvals valid for 4 months where the patient meets all of the following:", conn="end"),
                      thresholds=[T("PASI", ">", 10), T("body surface area affected", ">=", 10, "%"),
                                  T("DLQI", ">", 10)]),
                    F("Renewal", "continuation_criteria", N("OR", [
                        "The patient has achieved at least a 75% reduction in PASI score from the pre-treatment baseline",
                        N("AND", [
                            "The patient has achieved at least a 50% reduction in PASI score from the pre-treatment baseline",
                            "The DLQI score has improved by at least 5 points from the pre-treatment baseline",
                            "The current DLQI score is 5 or less",
                        ], stem="All of the following:", conn="end"),
                    ], stem="Applications from a dermatologist, or from any relevant practitioner on the recommendation of a dermatologist. Approvals valid for 1 year where the patient meets either of the following:", conn="bare"),
                      thresholds=[T("PASI reduction", ">=", 75, "%"), T("PASI reduction", ">=", 50, "%"),
                                  T("DLQI improvement", ">=", 5, "points"), T("DLQI", "<=", 5)]),
                    F("Funded dose", "dose", inline=True,
                      pre=["Loading dose 80 mg once, then 40 mg every 2 weeks starting one week later."],
                      doses=[D(80, "mg", "once"), D(40, "mg", "every 2 weeks")]),
                ],
            },
        ],
    },
    {
        "drug": "Somatropin",
        "presentation": "Injection 5 mg, 10 mg and 15 mg cartridges",
        "indications": [
            {
                "name": "Growth hormone deficiency in children",
                "fields": [
                    F("Initial authority", "selection_criteria", N("AND", [
                        N("OR", [
                            "Height standard deviation score (SDS) less than -2.0 for age and sex",
                            "Height velocity SDS less than -1.0 measured over at least 6 months",
                        ], stem="Either:", conn="bare"),
                        N("AND", [
                            "Peak serum growth hormone concentration below 5 µg/L on two different provocation tests",
                            "Magnetic resonance imaging of the hypothalamic-pituitary region has been performed",
                        ], stem="Both:", conn="end"),
                        "The patient's epiphyses are open",
                        "Other causes of short stature, such as hypothyroidism, coeliac disease and chronic illness, have been excluded",
                    ], stem="Applications from a paediatric endocrinologist. Approvals valid for 9 months where the patient meets all of the following:", conn="end"),
                      thresholds=[T("height SDS", "<", -2.0, "SD"), T("height velocity SDS", "<", -1.0, "SD"),
                                  T("peak growth hormone", "<", 5, "µg/L")]),
                    F("Exclusions", "exclusion_criteria", N("OR", [
                        "Active malignancy",
                        "Acute critical illness following surgery, trauma or acute respiratory failure",
                        "Proliferative or severe non-proliferative diabetic retinopathy",
                        "Known hypersensitivity to somatropin or any excipient",
                    ], stem="Somatropin is not subsidised under this indication where any of the following apply:", conn="none")),
                    F("Continuing treatment", "continuation_criteria", N("AND", [
                        N("OR", [
                            "In the first year of treatment, height velocity has increased by at least 2 cm/year above the pre-treatment height velocity",
                            "In subsequent years, height velocity is at least 4 cm/year",
                        ], stem="Either:", conn="end"),
                        "Bone age is less than 14 years in girls or less than 16 years in boys",
                        "The patient has been adherent to treatment",
                    ], stem="Applications from a paediatric endocrinologist. Approvals valid for 12 months where the patient meets all of the following:", conn="bare"),
                      thresholds=[T("height velocity increase", ">=", 2, "cm/year"),
                                  T("height velocity", ">=", 4, "cm/year"),
                                  T("bone age", "<", 14, "years"), T("bone age", "<", 16, "years")]),
                    F("Funded dose", "dose", inline=True,
                      pre=["0.025 to 0.035 mg/kg daily by subcutaneous injection, to a maximum of 2 mg daily."],
                      doses=[D(0.025, "mg/kg", "daily", amount_max=0.035, max="2 mg daily")]),
                    F("Notes", "notes", inline=True, pre=[
                        "Provocation tests must be carried out in a recognised paediatric endocrine unit. Sex steroid priming before testing is recommended for children at or near the age of puberty. Applications must include a growth chart showing all height measurements."]),
                ],
            },
        ],
    },
    {
        "drug": "Omalizumab",
        "presentation": "Injection 75 mg and 150 mg pre-filled syringes",
        "indications": [
            {
                "name": "Severe allergic asthma",
                "fields": [
                    F("Initial application", "selection_criteria", N("AND", [
                        "The patient is aged 6 years or older",
                        "The patient has a diagnosis of severe asthma with objective evidence of variable airflow obstruction",
                        "Sensitisation to at least one perennial aeroallergen has been confirmed by skin prick testing or specific IgE",
                        "Total serum IgE is between 30 and 1500 IU/mL",
                        N("AND", [
                            "High-dose inhaled corticosteroid",
                            "A long-acting beta-2 agonist",
                            "A long-acting muscarinic antagonist or leukotriene receptor antagonist",
                        ], stem="The patient has been adherent to all of the following for at least 12 months:", conn="none"),
                        N("OR", [
                            "At least four exacerbations requiring systemic corticosteroids in the previous 12 months",
                            "Continuous treatment with oral corticosteroids for at least the previous 6 months",
                        ], stem="Either:", conn="bare"),
                        "Asthma Control Questionnaire (ACQ-5) score of at least 2.0",
                    ], stem="Applications from a respiratory physician or clinical immunologist. Approvals valid for 6 months where the patient meets all of the following:", conn="end"),
                      thresholds=[T("age", ">=", 6, "years"), T("total serum IgE", "range", 30, "IU/mL", 1500),
                                  T("ACQ-5", ">=", 2.0)]),
                    F("Renewal", "continuation_criteria", N("AND", [
                        "The ACQ-5 score has fallen by at least 0.5 from the pre-treatment baseline",
                        N("OR", [
                            "Pre-bronchodilator FEV1 has improved by at least 10% from the pre-treatment baseline",
                            "The number of exacerbations requiring systemic corticosteroids has fallen compared with the 12 months before treatment",
                            "The maintenance oral corticosteroid dose has been reduced or stopped",
                        ], stem="Any of the following:", conn="end"),
                    ], stem="Applications from a respiratory physician. Approvals valid for 12 months where the patient meets both of the following:", conn="bare"),
                      thresholds=[T("ACQ-5 reduction", ">=", 0.5), T("FEV1 improvement", ">=", 10, "%")]),
                    F("Funded dose", "dose", inline=True, pre=[
                        "75 mg to 600 mg by subcutaneous injection every 2 or 4 weeks, according to baseline total IgE and body weight, to a maximum of 600 mg every 2 weeks."],
                      doses=[D(75, "mg", "every 2 or 4 weeks", amount_max=600, max="600 mg every 2 weeks")]),
                    F("Notes", "notes", inline=True, pre=[
                        "The first three doses should be given in a setting able to manage anaphylaxis. Baseline ACQ-5, FEV1 and exacerbation history must be recorded on the initial application."]),
                ],
            },
        ],
    },
    {
        "drug": "Alglucosidase alfa",
        "presentation": "Powder for infusion 50 mg vial",
        "indications": [
            {
                "name": "Late-onset Pompe disease",
                "fields": [
                    F("Initial application", "selection_criteria", N("AND", [
                        N("AND", [
                            "Deficient acid alpha-glucosidase activity in leucocytes, fibroblasts or dried blood spot",
                            "Two pathogenic variants in the GAA gene",
                        ], stem="The diagnosis has been confirmed by both:", conn="end"),
                        N("OR", [
                            "Upright forced vital capacity (FVC) below 80% predicted",
                            "Six-minute walk distance (6MWD) below 75% of predicted for age, sex and height",
                            "A fall in FVC of at least 10% from upright to supine",
                        ], stem="The patient has symptomatic disease with one or more of the following:", conn="end"),
                        "Upright FVC is at least 30% predicted",
                        "The patient does not require invasive ventilation",
                    ], stem="Applications from a metabolic physician or neurologist, on the recommendation of the Lysosomal Storage Disorders Advisory Panel. Approvals valid for 12 months where the patient meets all of the following:", conn="bare"),
                      thresholds=[T("FVC % predicted", "<", 80, "%"), T("6MWD % predicted", "<", 75, "%"),
                                  T("FVC fall upright to supine", ">=", 10, "%"),
                                  T("FVC % predicted", ">=", 30, "%")]),
                    F("Renewal", "continuation_criteria", N("AND", [
                        N("OR", [
                            "Upright FVC has declined by no more than 10% from the previous assessment",
                            "6MWD has declined by no more than 15% from the previous assessment",
                        ], stem="Either:", conn="bare"),
                        "The assessments listed in the Notes have been completed within the previous 3 months",
                        "No criterion for discontinuation applies",
                    ], stem="Applications from a metabolic physician. Approvals valid for 12 months where the patient meets all of the following:", conn="end"),
                      thresholds=[T("FVC decline", "<=", 10, "%"), T("6MWD decline", "<=", 15, "%")]),
                    F("Discontinuation", "continuation_criteria", N("OR", [
                        "The patient has become dependent on invasive ventilation",
                        "Upright FVC has fallen by more than 20% from the value at the start of treatment",
                        "Infusion-associated reactions cannot be managed despite premedication and slower infusion rates",
                        "The patient has not attended infusions as prescribed",
                    ], stem="Treatment will not be renewed where any of the following apply:", conn="none"),
                      thresholds=[T("FVC decline", ">", 20, "%")]),
                    F("Funded dose", "dose", inline=True, pre=["20 mg/kg by intravenous infusion every 2 weeks."],
                      doses=[D(20, "mg/kg", "every 2 weeks")]),
                    F("Notes", "notes", inline=True, pre=[
                        "Assessments required at baseline and before each renewal are upright and supine FVC, a six-minute walk test and a patient-reported activity scale. Results are reviewed by the Advisory Panel."]),
                ],
            },
        ],
    },
]


# --------------------------------------------------------------------------------------------
# Document 2: immunoglobulin demand management protocol
# --------------------------------------------------------------------------------------------
X9 = "× 10⁹/L"
DOC2 = {
    "name": "eu_ig_protocol",
    "style": "European national/hospital immunoglobulin demand management protocol: numbered chapters, numbered indication headings with Priority line, unnumbered bold sub-headings and lettered (a)/(i) lists with AND/OR at item ends",
    "title": "National Immunoglobulin Demand Management Protocol",
    "subtitle": "National Hospital Pharmacy and Transfusion Network. Edition 4, January 2025",
}

# chapters: (number, title, paragraphs, [subsections (number, title, paragraphs)])
DOC2_CHAPTERS_BEFORE = [
    ("1", "Introduction", [], [
        ("1.1", "Purpose", [
            "This protocol sets out how human normal immunoglobulin (Ig) is prioritised and approved in "
            "hospitals of the network. Ig is a plasma-derived product in limited supply, and demand "
            "management ensures that patients with the greatest expected benefit are treated first.",
            "The protocol applies to intravenous and subcutaneous Ig. It does not cover hyperimmune "
            "immunoglobulins such as anti-D or hepatitis B immunoglobulin.",
        ]),
        ("1.2", "Scope", [
            "The protocol covers adult and paediatric patients treated in network hospitals and in "
            "home therapy programmes supervised by them. Indications not listed in chapter 5 require "
            "individual approval by the Immunoglobulin Assessment Panel.",
        ]),
    ]),
    ("2", "Governance", [
        "Each hospital appoints an Ig lead pharmacist and a clinical lead, who together are responsible "
        "for local implementation of this protocol.",
    ], [
        ("2.1", "Immunoglobulin Assessment Panels", [
            "Requests are reviewed by a regional Immunoglobulin Assessment Panel (the Panel). Requests "
            "for High priority indications may be approved by the clinical lead and notified to the "
            "Panel within two working days; all other requests require Panel approval before treatment.",
        ]),
        ("2.2", "Priority categories", [
            "High: conditions in which Ig is life-saving or prevents serious, irreversible disability. "
            "Supply is maintained during shortages.",
            "Medium: conditions with a reasonable evidence base in which other treatments exist. Supply "
            "may be restricted to the lowest effective dose during shortages.",
            "Low: conditions with limited evidence, or in which Ig is one of several options. Supply may "
            "be suspended during shortages.",
        ]),
    ]),
    ("3", "General dosing principles", [], [
        ("3.1", "Dosing weight", [
            "Doses in g/kg are calculated using the patient's actual body weight, except in adults with a "
            "body mass index of 30 kg/m² or more, in whom an adjusted body weight is used: ideal body "
            "weight plus 40% of the difference between actual and ideal body weight.",
        ]),
        ("3.2", "Rounding and product choice", [
            "Calculated doses are rounded down to the nearest whole vial where the difference is less "
            "than 10%. Patients should remain on the same product where possible; product changes are "
            "recorded in the infusion record.",
        ]),
    ]),
    ("4", "Definitions", [
        "Course: the total dose given for one episode of treatment, whether given on one day or "
        "divided over several days.",
        "Trough level: the serum IgG concentration measured immediately before a replacement dose.",
        "Review: a documented assessment of efficacy against the outcome measures for the indication, "
        "carried out by the treating specialist.",
    ], []),
]

DOC2_CHAPTERS_AFTER = [
    ("6", "Audit and data collection", [
        "Every request, approval and infusion is recorded in the national Ig database, including the "
        "indication, priority, dose, dosing weight and outcome measures. Hospitals receive a quarterly "
        "report comparing their use with the network average.",
        "Use outside this protocol is reviewed at each Panel meeting.",
    ], []),
    ("7", "References", [
        "1. Network Transfusion Committee. Prioritisation of immunoglobulin during supply shortages. Edition 3, 2022.",
        "2. European guideline on the management of chronic inflammatory demyelinating polyneuropathy, second revision, 2021.",
        "3. International consensus report on the investigation and management of primary immune thrombocytopenia, 2019 update.",
        "4. Consensus recommendations on immunoglobulin replacement in primary and secondary antibody deficiency, 2023.",
    ], []),
]

DOC2_INTRO_CH5 = [
    "Each indication states its priority category (section 2.2), the eligibility and exclusion "
    "criteria, the recommended dosage, the efficacy outcome measures to be recorded and the review "
    "requirements. Items in lettered lists are combined as shown by AND or OR at the end of each item.",
]

DOC2_INDICATIONS = [
    {
        "number": "5.1", "name": "Primary antibody deficiency", "priority": "High",
        "fields": [
            F("Priority", None, pre=["High"], inline=True),
            F("Eligibility", "selection_criteria", N("AND", [
                "diagnosis of a primary immunodeficiency with impaired antibody production, made by a clinical immunologist",
                "a history of recurrent or severe bacterial infections",
                N("OR", [
                    "IgG below 4 g/L, excluding any paraprotein",
                    "IgG below the lower limit of the age-related reference range with a documented failure of antibody response to protein or polysaccharide vaccines",
                    "a defined genetic defect known to cause agammaglobulinaemia or severe combined immunodeficiency",
                ], stem="one of the following:"),
            ], stem="Ig replacement is indicated where all of the following are met:"),
              thresholds=[T("IgG", "<", 4, "g/L")]),
            F("Exclusions", "exclusion_criteria", N("OR", [
                "isolated IgA deficiency",
                "IgG subclass deficiency with normal total IgG and normal vaccine responses",
                "hypogammaglobulinaemia secondary to medication or malignancy (see section 5.5)",
            ])),
            F("Dosage", "dose", N("OR", [
                "intravenous: 0.4 to 0.6 g/kg every 3 to 4 weeks",
                "subcutaneous: 0.1 to 0.15 g/kg weekly, or the same monthly total divided into more frequent doses",
            ]), post=["Doses are calculated using the dosing weight in section 3.1 and adjusted according to trough IgG and clinical response."],
              doses=[D(0.4, "g/kg", "every 3 to 4 weeks", amount_max=0.6), D(0.1, "g/kg", "weekly", amount_max=0.15)]),
            F("Efficacy outcome measures", "outcome_measures", N("AND", [
                "trough IgG level, aiming for at least 7 g/L",
                "number and severity of bacterial infections",
                "days of hospital admission and days lost from school or work",
            ]), thresholds=[T("trough IgG", ">=", 7, "g/L")]),
            F("Review", "continuation_criteria", N("AND", [
                "trough IgG measured at least twice in the previous 12 months",
                N("OR", [
                    "fewer bacterial infections than before treatment",
                    "fewer days in hospital or on antibiotics",
                    "improved growth in children",
                ], stem="documented clinical benefit, shown by one of the following:"),
            ], stem="Review by the treating immunologist at least every 12 months. Continued treatment requires all of the following:")),
        ],
    },
    {
        "number": "5.2", "name": "Immune thrombocytopenia", "priority": "Medium",
        "fields": [
            F("Priority", None, pre=["Medium"], inline=True),
            F(None, "selection_criteria", pre=[
                "In children with ITP, Ig is recommended for those who have mucosal or other significant bleeding, or who need a rapid rise in platelet count before a procedure."],
              prose_tree=N("OR", [
                  "have mucosal or other significant bleeding",
                  "need a rapid rise in platelet count before a procedure",
              ])),
            F("Eligibility", "selection_criteria", N("AND", [
                f"platelet count below 30 {X9}",
                N("OR", [
                    "active bleeding requiring urgent treatment",
                    "a planned surgical or dental procedure for which the platelet count must be raised",
                    "corticosteroids are contraindicated or have failed to raise the platelet count",
                ]),
            ], stem="Ig is indicated in adults aged 18 years or over with ITP where:"),
              thresholds=[T("age", ">=", 18, "years"), T("platelet count", "<", 30, "x10^9/L")]),
            F("Exclusions", "exclusion_criteria", N("OR", [
                f"asymptomatic patients with a platelet count of 30 {X9} or more and no planned procedure",
                "thrombocytopenia from non-immune causes, including thrombotic thrombocytopenic purpura and heparin-induced thrombocytopenia",
                "maintenance treatment of chronic ITP, unless approved by the Panel",
            ]), thresholds=[T("platelet count", ">=", 30, "x10^9/L")]),
            F("Dosage", "dose", N("OR", [
                "1 g/kg as a single dose",
                "0.4 g/kg daily for 2 to 5 days, to a maximum of 2 g/kg per course",
            ]), post=["A second dose may be given once after 48 to 72 hours if the platelet count response is inadequate. Doses are calculated using the dosing weight (section 3.1)."],
              doses=[D(1, "g/kg", "single dose"), D(0.4, "g/kg", "daily for 2 to 5 days", max="2 g/kg per course")]),
            F("Efficacy outcome measures", "outcome_measures", N("AND", [
                "platelet count before treatment and at days 2 to 4 and day 7 after treatment",
                f"a platelet count of at least 50 {X9} within 7 days",
                "cessation of bleeding",
            ]), thresholds=[T("platelet count", ">=", 50, "x10^9/L")]),
            F("Review", "continuation_criteria", N("AND", [
                f"the previous course raised the platelet count to at least 50 {X9}",
                N("OR", [
                    "bleeding has recurred",
                    "a further procedure is planned",
                ], stem="one of the following applies:"),
            ], stem="Further courses require Panel approval and are supported only where:"),
              thresholds=[T("platelet count", ">=", 50, "x10^9/L")]),
        ],
    },
    {
        "number": "5.3", "name": "Guillain-Barré syndrome", "priority": "High",
        "fields": [
            F("Priority", None, pre=["High"], inline=True),
            F(None, "position", pre=[
                "Ig and plasma exchange are considered equally effective in GBS. Ig is the usual first-line treatment because it is easier to give and more widely available."]),
            F("Eligibility", "selection_criteria", N("AND", [
                "diagnosis of Guillain-Barré syndrome or a recognised variant, made by a neurologist",
                "onset of weakness within the previous 4 weeks",
                N("OR", [
                    "GBS disability score of 3 or more",
                    "rapidly progressive weakness with a GBS disability score of 2 or more",
                    "bulbar weakness or respiratory compromise, including a vital capacity below 20 mL/kg",
                ], stem="one of the following:"),
            ]), thresholds=[T("GBS disability score", ">=", 3), T("GBS disability score", ">=", 2),
                            T("vital capacity", "<", 20, "mL/kg")]),
            F("Exclusions", "exclusion_criteria", N("OR", [
                "onset of weakness more than 4 weeks before the request",
                "mild, non-progressive disease with a GBS disability score of 1 or less",
                N("OR", [
                    "previous anaphylaxis to Ig",
                    "IgA deficiency with known anti-IgA antibodies",
                ], stem="a contraindication to Ig, including:"),
            ]), thresholds=[T("GBS disability score", "<=", 1)]),
            F("Dosage", "dose", N("OR", [
                "0.4 g/kg daily for 5 days",
                "1 g/kg daily for 2 days, in adults without renal impairment or cardiovascular risk factors",
            ]), post=["Both regimens give a total of 2 g/kg per course. Treatment should start as soon as possible after eligibility is confirmed."],
              doses=[D(0.4, "g/kg", "daily for 5 days"), D(1, "g/kg", "daily for 2 days")]),
            F("Efficacy outcome measures", "outcome_measures", N("AND", [
                "GBS disability score at baseline, 4 weeks and 8 weeks",
                "MRC sum score at baseline and 4 weeks",
                "need for and duration of mechanical ventilation",
            ])),
            F("Review", "continuation_criteria", N("OR", [
                "there is a treatment-related fluctuation, with deterioration after initial improvement or stabilisation within 8 weeks of onset",
                "acute-onset CIDP is suspected (see section 5.4)",
            ], stem="A second course of Ig is not routinely recommended. It may be approved by the Panel where:")),
        ],
    },
    {
        "number": "5.4", "name": "Chronic inflammatory demyelinating polyneuropathy", "priority": "Medium",
        "fields": [
            F("Priority", None, pre=["Medium"], inline=True),
            F("Diagnosis", "diagnosis", N("AND", [
                "progressive or relapsing symmetrical weakness of proximal and distal muscles over at least 8 weeks",
                "reduced or absent tendon reflexes in all limbs",
                "nerve conduction studies showing demyelination that meets current international electrodiagnostic criteria",
                N("OR", [
                    "raised cerebrospinal fluid protein",
                    "nerve root enhancement or hypertrophy on MRI",
                    "an objective response to a previous course of immunotherapy",
                ], stem="one or more of the following supportive findings:"),
            ], stem="The diagnosis must be made by a neurologist and be supported by all of the following:")),
            F("Eligibility", "selection_criteria", N("AND", [
                "diagnosis confirmed as above",
                N("OR", [
                    "INCAT disability score of 2 or more",
                    "MRC sum score below 50",
                    "I-RODS centile score below 70",
                ], stem="significant disability, shown by one of the following:"),
                "corticosteroids have been considered as an alternative first-line treatment",
            ]), thresholds=[T("INCAT disability score", ">=", 2), T("MRC sum score", "<", 50),
                            T("I-RODS centile score", "<", 70)]),
            F("Exclusions", "exclusion_criteria", N("OR", [
                "neuropathy associated with an IgM paraprotein and anti-MAG antibodies",
                "POEMS syndrome",
                "diabetic or other metabolic neuropathy without electrophysiological evidence of demyelination",
            ], stem="Ig is not supported under this indication for any of the following:")),
            F("Dosage", "dose", N("AND", [
                "induction: 2 g/kg given over 2 to 5 days",
                "maintenance: 0.4 to 1 g/kg every 2 to 6 weeks, adjusted to the lowest effective dose",
            ]), post=["Subcutaneous Ig at 0.2 to 0.4 g/kg weekly may replace intravenous maintenance once the patient is stable."],
              doses=[D(2, "g/kg", "over 2 to 5 days"), D(0.4, "g/kg", "every 2 to 6 weeks", amount_max=1),
                     D(0.2, "g/kg", "weekly", amount_max=0.4)]),
            F("Efficacy outcome measures", "outcome_measures", N("AND", [
                "INCAT disability score",
                "MRC sum score",
                "grip strength by vigorimeter",
                "I-RODS centile score",
            ]), post=["All measures are recorded at baseline, after induction and before each review."]),
            F("Review", "continuation_criteria", N("AND", [
                "a trial of dose reduction or withdrawal has been considered and documented in the previous 12 months",
                N("OR", [
                    "improvement in INCAT disability score of at least 1 point",
                    "improvement in MRC sum score of at least 4 points",
                    "improvement in grip strength of at least 8 kPa",
                ], stem="an objective response to treatment, shown by one of the following:"),
            ], stem="Continuation after induction, and at each 12-month review, requires:"),
              thresholds=[T("INCAT improvement", ">=", 1, "points"), T("MRC sum score improvement", ">=", 4, "points"),
                          T("grip strength improvement", ">=", 8, "kPa")]),
        ],
    },
    {
        "number": "5.5", "name": "Secondary antibody deficiency", "priority": "Low",
        "fields": [
            F("Priority", None, pre=["Low"], inline=True),
            F("Eligibility", "selection_criteria", N("AND", [
                "an established underlying cause of hypogammaglobulinaemia, for example chronic lymphocytic leukaemia, myeloma or previous CAR-T cell therapy",
                "IgG below 4 g/L, excluding any paraprotein",
                N("OR", [
                    "three or more severe or recurrent bacterial infections in the previous 12 months despite antibiotic prophylaxis",
                    "a single life-threatening infection requiring hospital admission",
                ], stem="either:"),
            ], stem="Ig replacement may be considered where all of the following are met:"),
              thresholds=[T("IgG", "<", 4, "g/L")]),
            F("Exclusions", "exclusion_criteria", N("OR", [
                "IgG of 4 g/L or more",
                "infections that are adequately controlled with prophylactic antibiotics",
            ]), thresholds=[T("IgG", ">=", 4, "g/L")]),
            F("Dosage", "dose", N("OR", [
                "intravenous: 0.4 g/kg every 4 weeks, up to a maximum of 0.6 g/kg every 4 weeks",
                "subcutaneous: 0.1 g/kg weekly",
            ]), post=["The dose is adjusted to keep the trough IgG at or above the lower limit of the reference range."],
              doses=[D(0.4, "g/kg", "every 4 weeks", max="0.6 g/kg every 4 weeks"), D(0.1, "g/kg", "weekly")]),
            F("Efficacy outcome measures", "outcome_measures", N("AND", [
                "number of infections and hospital admissions",
                "antibiotic use",
                "trough IgG levels",
            ])),
            F("Review", "continuation_criteria", N("AND", [
                "serious infections have become less frequent compared with the 12 months before treatment",
                "the underlying condition or its treatment still causes antibody deficiency",
            ], stem="Treatment is reviewed after 12 months and continues only where:")),
        ],
    },
]


# --------------------------------------------------------------------------------------------
# tree -> printed lines, tree -> gold
# --------------------------------------------------------------------------------------------
def _entries(node, path):
    """Flatten stemless child nodes into the parent's list. Returns [(item, path_of_nodes)]."""
    out = []
    for it in node["items"]:
        if isinstance(it, dict) and it["stem"] is None:
            out.extend(_entries(it, path + [it]))
        else:
            out.append((it, path + [it] if isinstance(it, dict) else path))
    return out


def _lca(p1, p2):
    common = None
    for a, b in zip(p1, p2):
        if a is b:
            common = a
        else:
            break
    return common


def roman(n):
    return ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"][n - 1]


def tree_lines(root, style):
    """Return printed lines: dicts {kind: 'stem'|'item'|'bare', level, marker, text}.

    style 'numeric': 1, 2.1, 2.1.1 markers; connectives lower-case, '; and' at end.
    style 'lettered': (a), (i), (A) markers; connectives upper-case ' AND' at end.
    """
    lines = []
    if root["stem"]:
        lines.append({"kind": "stem", "level": 0, "marker": None, "text": root["stem"]})

    def conn_word(op):
        return op.lower() if style == "numeric" else op

    def end_conn(op):
        return f"; {op.lower()}" if style == "numeric" else f" {op}"

    def marker(prefix, i, level):
        if style == "numeric":
            return ".".join(prefix + [str(i)])
        if level == 0:
            return f"({chr(ord('a') + i - 1)})"
        if level == 1:
            return f"({roman(i)})"
        return f"({chr(ord('A') + i - 1)})"

    def emit(node, level, prefix):
        ents = _entries(node, [node])
        for k, (it, path) in enumerate(ents):
            i = k + 1
            m = marker(prefix, i, level)
            conn_node = _lca(path, ents[k + 1][1]) if k + 1 < len(ents) else None
            mode = conn_node["conn"] if conn_node else "none"
            if isinstance(it, str):
                text = it + (end_conn(conn_node["op"]) if mode == "end" else "")
                lines.append({"kind": "item", "level": level, "marker": m, "text": text})
                if mode == "bare":
                    lines.append({"kind": "bare", "level": level, "marker": None,
                                  "text": conn_word(conn_node["op"])})
            else:
                lines.append({"kind": "item", "level": level, "marker": m, "text": it["stem"]})
                emit(it, level + 1, prefix + [str(i)])
                if mode in ("end", "bare"):
                    lines.append({"kind": "bare", "level": level, "marker": None,
                                  "text": conn_word(conn_node["op"])})

    emit(root, 0, [])
    return lines


def gold_tree(node, parent_op=None):
    items = []
    for it in node["items"]:
        if isinstance(it, str):
            items.append(it)
        else:
            assert len(it["items"]) > 1, "single-item group"
            assert not (it["stem"] is None and it["op"] == node["op"]), "stemless same-op child"
            items.append(gold_tree(it, node["op"]))
    out = {"op": node["op"], "stem": node["stem"], "items": items}
    if node["min"]:
        out["min"] = node["min"]
    return out


def leaves(tree):
    for it in tree["items"]:
        if isinstance(it, str):
            yield it
        else:
            yield from leaves(it)


def field_text_lines(f, style):
    lines = list(f["pre"])
    if f["tree"]:
        lines += [ln["text"] for ln in tree_lines(f["tree"], style)]
    lines += f["post"]
    return lines


def gold_field(f, style):
    g = {"label": f["label"], "role": f["role"],
         "text": "\n".join(field_text_lines(f, style))}
    if f["role"] in CRITERIA_ROLES:
        tree = f["prose_tree"] or f["tree"]
        assert tree is not None
        if f["tree"] is not None:
            assert not f["pre"] and not f["post"], "criteria field with extra prose"
        g["criteria"] = gold_tree(tree)
    g["thresholds"] = f["thresholds"]
    g["doses"] = f["doses"]
    return g


def _numstr(v):
    s = f"{v}"
    return s


def sanity_check_field(f, style):
    text = " ".join(field_text_lines(f, style))
    for t in f["thresholds"]:
        for v in (t["value"], t["value_max"]):
            if v is None:
                continue
            assert _numstr(v) in text, (f["label"], t, text[:80])
    for d in f["doses"]:
        assert _numstr(d["amount"]) in text, (f["label"], d)
        if d["amount_max"] is not None:
            assert _numstr(d["amount_max"]) in text, (f["label"], d)
        for key in ("frequency", "max"):
            if d[key]:
                assert d[key] in text, (f["label"], d[key])
    if f["prose_tree"]:
        for leaf in leaves(f["prose_tree"]):
            assert leaf in text, leaf
    if f["role"] not in CRITERIA_ROLES:
        assert f["prose_tree"] is None


# --------------------------------------------------------------------------------------------
# DOCX helpers
# --------------------------------------------------------------------------------------------
def _base_doc(font="Liberation Sans", size=10):
    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    sec.left_margin = sec.right_margin = Cm(2.2)
    sec.top_margin = sec.bottom_margin = Cm(2.0)
    st = doc.styles["Normal"]
    st.font.name = font
    st.font.size = Pt(size)
    st.paragraph_format.space_after = Pt(4)
    st.paragraph_format.space_before = Pt(0)
    for name, sz in (("Heading 1", 13), ("Heading 2", 11)):
        h = doc.styles[name]
        h.font.name = font
        h.font.size = Pt(sz)
        h.font.bold = True
        h.font.italic = False
        h.font.color.rgb = RGBColor(0, 0, 0)
        rfonts = h.element.rPr.rFonts
        for att in list(rfonts.attrib):
            if att.endswith("Theme"):
                del rfonts.attrib[att]
        rfonts.set(qn("w:ascii"), font)
        rfonts.set(qn("w:hAnsi"), font)
        h.paragraph_format.space_before = Pt(10)
        h.paragraph_format.space_after = Pt(4)
    return doc


def _para(doc, text="", bold=False, size=None, italic=False, keep=False, align=None,
          space_before=None, space_after=None, left=None, first=None, tab=None):
    p = doc.add_paragraph()
    if text:
        r = p.add_run(text)
        r.bold = bold
        r.italic = italic
        if size:
            r.font.size = Pt(size)
    pf = p.paragraph_format
    if keep:
        pf.keep_with_next = True
    if align:
        p.alignment = align
    if space_before is not None:
        pf.space_before = Pt(space_before)
    if space_after is not None:
        pf.space_after = Pt(space_after)
    if left is not None:
        pf.left_indent = Cm(left)
    if first is not None:
        pf.first_line_indent = Cm(first)
    if tab is not None:
        pf.tab_stops.add_tab_stop(Cm(tab))
    return p


def _footer(doc, text):
    f = doc.sections[0].footer
    p = f.paragraphs[0]
    r = p.add_run(text)
    r.font.size = Pt(8)


def _docx_tree(doc, tree, style, base_indent):
    """Render list lines into DOCX paragraphs with typed markers and hanging indents."""
    hang = 1.0 if style == "numeric" else 0.9
    step = 1.0 if style == "numeric" else 0.9
    for ln in tree_lines(tree, style):
        if ln["kind"] == "stem":
            _para(doc, ln["text"], keep=True)
            continue
        left = base_indent + hang + ln["level"] * step
        if ln["kind"] == "bare":
            _para(doc, ln["text"], left=left, space_after=2)
            continue
        p = _para(doc, f"{ln['marker']}\t{ln['text']}", left=left, first=-hang, tab=left,
                  space_after=2)
        if ln["text"].endswith(":"):
            p.paragraph_format.keep_with_next = True


# --------------------------------------------------------------------------------------------
# Document 1 rendering
# --------------------------------------------------------------------------------------------
def build_doc1_docx(path):
    doc = _base_doc("Liberation Sans", 10)
    _para(doc, DOC1["title"], bold=True, size=16, space_after=4)
    _para(doc, DOC1["subtitle"], italic=True, size=9, space_after=10)
    _footer(doc, DOC1["footer"])
    for title, paras in DOC1_GENERAL_BEFORE:
        doc.add_paragraph(title, style="Heading 1")
        for t in paras:
            _para(doc, t)
    for drug in DOC1_DRUGS:
        # drug heading: direct formatting, bold, larger
        _para(doc, drug["drug"], bold=True, size=14, keep=True, space_before=16, space_after=2)
        _para(doc, drug["presentation"], italic=True, size=9, keep=True, space_after=6)
        for ind in drug["indications"]:
            _para(doc, ind["name"], bold=True, size=11, keep=True, space_before=8, space_after=4)
            for f in ind["fields"]:
                if f["inline"]:
                    p = _para(doc, space_before=2)
                    r = p.add_run(f"{f['label']}: ")
                    r.bold = True
                    p.add_run(" ".join(f["pre"]))
                    continue
                _para(doc, f["label"], bold=True, keep=True, space_before=6, space_after=2)
                for t in f["pre"]:
                    _para(doc, t)
                if f["tree"]:
                    _docx_tree(doc, f["tree"], "numeric", 0.0)
                for t in f["post"]:
                    _para(doc, t)
    for title, paras in DOC1_GENERAL_AFTER:
        doc.add_paragraph(title, style="Heading 1")
        for t in paras:
            _para(doc, t, space_after=2)
    doc.save(path)


def doc1_sections():
    secs = [(None, t, 1) for t, _ in DOC1_GENERAL_BEFORE]
    for drug in DOC1_DRUGS:
        secs.append((None, drug["drug"], 1))
        for ind in drug["indications"]:
            secs.append((None, ind["name"], 2))
    secs += [(None, t, 1) for t, _ in DOC1_GENERAL_AFTER]
    return secs


def doc1_indications():
    return [ind for drug in DOC1_DRUGS for ind in drug["indications"]]


# --------------------------------------------------------------------------------------------
# Document 2 rendering
# --------------------------------------------------------------------------------------------
def doc2_sections():
    secs = []
    for num, title, _, subs in DOC2_CHAPTERS_BEFORE:
        secs.append((num, title, 1))
        secs += [(n, t, 2) for n, t, _ in subs]
    secs.append(("5", "Indications", 1))
    secs += [(ind["number"], ind["name"], 2) for ind in DOC2_INDICATIONS]
    for num, title, _, subs in DOC2_CHAPTERS_AFTER:
        secs.append((num, title, 1))
        secs += [(n, t, 2) for n, t, _ in subs]
    return secs


def _doc2_blocks():
    """Yield a neutral block stream used by both the HTML and DOCX renderers."""
    def chapter(num, title, paras, subs):
        yield ("h1", f"{num} {title}")
        for t in paras:
            yield ("p", t)
        for n, t, ps in subs:
            yield ("h2", f"{n} {t}")
            for x in ps:
                yield ("p", x)

    for ch in DOC2_CHAPTERS_BEFORE:
        yield from chapter(*ch)
    yield ("h1", "5 Indications")
    for t in DOC2_INTRO_CH5:
        yield ("p", t)
    for ind in DOC2_INDICATIONS:
        yield ("h2", f"{ind['number']} {ind['name']}")
        for f in ind["fields"]:
            if f["inline"]:
                yield ("inline", (f["label"], " ".join(f["pre"])))
                continue
            if f["label"]:
                yield ("subhead", f["label"])
            for t in f["pre"]:
                yield ("p", t)
            if f["tree"]:
                for ln in tree_lines(f["tree"], "lettered"):
                    yield ("stem" if ln["kind"] == "stem" else ln["kind"], ln)
            for t in f["post"]:
                yield ("p", t)
    for ch in DOC2_CHAPTERS_AFTER:
        yield from chapter(*ch)


def build_doc2_html():
    e = html.escape
    out = [f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{e(DOC2['title'])}</title>
<style>
 @page {{ size: A4; margin: 22mm 20mm 22mm 22mm; }}
 body {{ font-family: 'DejaVu Sans', sans-serif; font-size: 9.5pt; line-height: 1.4; color: #111; }}
 .title {{ font-size: 18pt; font-weight: bold; color: #1d3f6e; margin: 0 0 4pt 0; }}
 .subtitle {{ font-size: 10pt; color: #444; margin: 0 0 16pt 0; border-bottom: 1.5pt solid #1d3f6e; padding-bottom: 8pt; }}
 h1 {{ font-size: 13pt; color: #1d3f6e; margin: 16pt 0 6pt 0; break-after: avoid; }}
 h2 {{ font-size: 11pt; margin: 12pt 0 4pt 0; break-after: avoid; }}
 p {{ margin: 0 0 5pt 0; }}
 .priority {{ margin: 0 0 6pt 0; }}
 .prio-High {{ color: #8a1212; }} .prio-Medium {{ color: #8a5a00; }} .prio-Low {{ color: #1f5c1f; }}
 .subhead {{ font-weight: bold; margin: 7pt 0 3pt 0; break-after: avoid; }}
 .li {{ margin: 0 0 2.5pt 0; }}
 .li .m {{ display: inline-block; width: 8mm; margin-left: -8mm; }}
 .keep {{ break-inside: avoid; }}
 .bare {{ margin: 0 0 2.5pt 0; font-weight: bold; }}
</style></head><body>
<p class="title">{e(DOC2['title'])}</p>
<p class="subtitle">{e(DOC2['subtitle'])}</p>
"""]
    keep_open = False  # keep an indication heading with its priority line and first list item
    for kind, x in _doc2_blocks():
        if keep_open and kind in ("h1", "h2"):
            out.append("</div>")
            keep_open = False
        if kind == "h1":
            out.append(f"<h1>{e(x)}</h1>")
        elif kind == "h2":
            out.append('<div class="keep">')
            keep_open = True
            out.append(f"<h2>{e(x)}</h2>")
        elif kind == "p":
            out.append(f"<p>{e(x)}</p>")
        elif kind == "inline":
            label, text = x
            cls = f' class="priority prio-{text}"' if label == "Priority" else ""
            out.append(f'<p class="priority"><b>{e(label)}:</b> <span{cls}>{e(text)}</span></p>')
        elif kind == "subhead":
            out.append(f'<p class="subhead">{e(x)}</p>')
        elif kind == "stem":
            out.append(f"<p>{e(x['text'])}</p>")
        elif kind == "item":
            pad = 8 + 8 * x["level"]
            out.append(f'<div class="li" style="padding-left:{pad}mm"><span class="m">{e(x["marker"])}</span>{e(x["text"])}</div>')
            if keep_open:
                out.append("</div>")
                keep_open = False
        elif kind == "bare":
            pad = 8 + 8 * x["level"]
            out.append(f'<div class="bare" style="padding-left:{pad}mm">{e(x["text"])}</div>')
    out.append("</body></html>")
    return "\n".join(out)


def build_doc2_pdf(path, html_text):
    from playwright.sync_api import sync_playwright
    footer = ('<div style="font-size:7pt;width:100%;text-align:center;color:#555;font-family:DejaVu Sans">'
              'Immunoglobulin demand management - Edition 4 - page <span class="pageNumber"></span> of '
              '<span class="totalPages"></span></div>')
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium")
        pg = b.new_page()
        pg.set_content(html_text, wait_until="load")
        pg.pdf(path=str(path), format="A4", print_background=True, display_header_footer=True,
               header_template="<div></div>", footer_template=footer,
               margin={"top": "20mm", "bottom": "22mm", "left": "22mm", "right": "20mm"})
        b.close()


def build_doc2_docx(path):
    doc = _base_doc("Liberation Sans", 10)
    _para(doc, DOC2["title"], bold=True, size=18, space_after=4)
    _para(doc, DOC2["subtitle"], size=10, space_after=12)
    _footer(doc, "Immunoglobulin demand management - Edition 4")
    for kind, x in _doc2_blocks():
        if kind == "h1":
            doc.add_paragraph(x, style="Heading 1")
        elif kind == "h2":
            doc.add_paragraph(x, style="Heading 2")
        elif kind == "p":
            _para(doc, x)
        elif kind == "inline":
            p = _para(doc)
            p.add_run(f"{x[0]}:").bold = True
            p.add_run(f" {x[1]}")
        elif kind == "subhead":
            _para(doc, x, bold=True, keep=True, space_before=6, space_after=2)
        elif kind == "stem":
            _para(doc, x["text"], keep=True)
        elif kind == "item":
            left = 0.9 + 0.9 * x["level"]
            _para(doc, f"{x['marker']}\t{x['text']}", left=left, first=-0.9, tab=left, space_after=2)
        elif kind == "bare":
            left = 0.9 + 0.9 * x["level"]
            p = _para(doc, left=left, space_after=2)
            p.add_run(x["text"]).bold = True
    doc.save(path)


# --------------------------------------------------------------------------------------------
# PDF inspection, gold writing, checks
# --------------------------------------------------------------------------------------------
def pdf_pages(path):
    import pypdfium2 as pdfium
    pdf = pdfium.PdfDocument(str(path))
    texts = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    pdf.close()
    return texts


def norm(s):
    s = s.replace("\ufffe", "").replace("\u00ad", "").replace("\u2010", "").replace("\u2011", "")
    s = s.replace("-", "")
    return re.sub(r"\s+", "", s)


def find_pages(sections, texts):
    """Page of each printed heading: first page (from the previous heading's page on) with a line
    equal to the heading as printed."""
    pages, start = [], 0
    for num, title, _ in sections:
        printed = norm(f"{num} {title}" if num else title)
        found = None
        for i in range(start, len(texts)):
            lines = [norm(ln) for ln in re.split(r"[\r\n]+", texts[i])]
            if printed in lines:
                found = i
                break
        assert found is not None, f"heading not found in PDF: {printed}"
        pages.append(found + 1)
        start = found
    return pages


def write_gold(meta, sections, indications, style, fmt, producer, doc_path, gold_dir, pages=None):
    g = {
        "source": f"corpora/policies/{SET}/{doc_path.name}",
        "producer": producer,
        "style": meta["style"],
        "title": meta["title"],
        "sections": [{"number": n, "title": t, "level": lv, "page": (pages[i] if pages else None)}
                     for i, (n, t, lv) in enumerate(sections)],
        "indications": [{"name": ind["name"], "fields": [gold_field(f, style) for f in ind["fields"]]}
                        for ind in indications],
    }
    out = gold_dir / f"{meta['name']}_{fmt}.json"
    out.write_text(json.dumps(g, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return out, g


def check_pdf(gold, texts):
    full = norm("".join(texts))
    missing = []
    if gold["title"] and norm(gold["title"]) not in full:
        missing.append(("title", gold["title"]))
    for s in gold["sections"]:
        if norm(s["title"]) not in full:
            missing.append(("section", s["title"]))
    for ind in gold["indications"]:
        if norm(ind["name"]) not in full:
            missing.append(("indication", ind["name"]))
        for f in ind["fields"]:
            if f["label"] and norm(f["label"]) not in full:
                missing.append(("label", f["label"]))
            if "criteria" in f:
                for leaf in leaves(f["criteria"]):
                    if norm(leaf) not in full:
                        missing.append(("leaf", leaf))
            for line in f["text"].split("\n"):
                if norm(line) not in full:
                    missing.append(("text", line))
    return missing


def docx_text(path):
    d = Document(str(path))
    return "\n".join(p.text for p in d.paragraphs)


def summarize(gold, pages):
    fields = [f for ind in gold["indications"] for f in ind["fields"]]
    n_leaves = sum(len(list(leaves(f["criteria"]))) for f in fields if "criteria" in f)
    return (f"pages={pages} indications={len(gold['indications'])} fields={len(fields)} "
            f"leaves={n_leaves} thresholds={sum(len(f['thresholds']) for f in fields)} "
            f"doses={sum(len(f['doses']) for f in fields)} sections={len(gold['sections'])}")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default="/work/main/corpora",
                    help="corpora root; documents go to policies/blind3, gold to gold/policy/blind3")
    args = ap.parse_args(argv)
    root = Path(args.out)
    docs_dir = root / "policies" / SET
    gold_dir = root / "gold" / "policy" / SET
    docs_dir.mkdir(parents=True, exist_ok=True)
    gold_dir.mkdir(parents=True, exist_ok=True)
    conv_src = root / "gold" / "policy" / "blind2" / "CONVENTIONS.md"
    if conv_src.exists() and not (gold_dir / "CONVENTIONS.md").exists():
        shutil.copy(conv_src, gold_dir / "CONVENTIONS.md")

    # sanity checks on the data
    for ind in doc1_indications():
        for f in ind["fields"]:
            sanity_check_field(f, "numeric")
    for ind in DOC2_INDICATIONS:
        for f in ind["fields"]:
            sanity_check_field(f, "lettered")

    report = []
    # ---- document 1: python-docx -> LibreOffice PDF
    d1_docx = docs_dir / f"{DOC1['name']}.docx"
    d1_pdf = docs_dir / f"{DOC1['name']}.pdf"
    build_doc1_docx(d1_docx)
    with tempfile.TemporaryDirectory() as td:
        subprocess.run(["/usr/bin/soffice", "-env:UserInstallation=file:///tmp/lo_blind3_authority",
                        "--headless", "--convert-to", "pdf", "--outdir", td, str(d1_docx)],
                       check=True, capture_output=True)
        shutil.move(str(Path(td) / f"{DOC1['name']}.pdf"), d1_pdf)
    secs1, inds1 = doc1_sections(), doc1_indications()
    texts1 = pdf_pages(d1_pdf)
    pages1 = find_pages(secs1, texts1)
    _, g1pdf = write_gold(DOC1, secs1, inds1, "numeric", "pdf", "libreoffice", d1_pdf, gold_dir, pages1)
    _, g1docx = write_gold(DOC1, secs1, inds1, "numeric", "docx", "python-docx", d1_docx, gold_dir)
    # ---- document 2: HTML -> Chromium PDF; python-docx DOCX
    d2_pdf = docs_dir / f"{DOC2['name']}.pdf"
    d2_docx = docs_dir / f"{DOC2['name']}.docx"
    build_doc2_pdf(d2_pdf, build_doc2_html())
    build_doc2_docx(d2_docx)
    secs2 = doc2_sections()
    texts2 = pdf_pages(d2_pdf)
    pages2 = find_pages(secs2, texts2)
    _, g2pdf = write_gold(DOC2, secs2, DOC2_INDICATIONS, "lettered", "pdf", "chromium", d2_pdf, gold_dir, pages2)
    _, g2docx = write_gold(DOC2, secs2, DOC2_INDICATIONS, "lettered", "docx", "python-docx", d2_docx, gold_dir)

    ok = True
    for name, gold, texts in ((d1_pdf.name, g1pdf, texts1), (d2_pdf.name, g2pdf, texts2)):
        miss = check_pdf(gold, texts)
        if miss:
            ok = False
            print(f"MISMATCH {name}:", *miss, sep="\n  ")
        report.append(f"{name}: {summarize(gold, len(texts))}")
    for name, gold, path in ((d1_docx.name, g1docx, d1_docx), (d2_docx.name, g2docx, d2_docx)):
        full = norm(docx_text(path))
        miss = check_pdf(gold, [docx_text(path)])
        if miss:
            ok = False
            print(f"MISMATCH {name}:", *miss, sep="\n  ")
        report.append(f"{name}: {summarize(gold, None)}")
    print("\n".join(report))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
