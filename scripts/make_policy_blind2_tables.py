#!/usr/bin/env python
"""Generate two blind test policy documents (PDF + DOCX each) and their gold JSON.

Document 1 -- ``au_ig_conditions``
    House style: Australian national "Criteria for the Clinical Use of Immunoglobulin"
    condition pages.  Each condition is an unnumbered heading followed by labelled blocks
    ("Specialty", "Chapter", "Indication for use", "Level of evidence", "Description and
    diagnostic criteria", "Justification for evidence category", "Diagnosis is required",
    "Qualifying Criteria for Immunoglobulin Therapy", "Review Criteria for Assessing the
    Effectiveness of Immunoglobulin Use", "Continuing", "Dose" with "Initial"/"Maintenance"
    sub-blocks).  Criteria blocks are joined by bold AND / OR lines; nested criteria use real
    Word lists (numbering.xml, styles "List Bullet", "List Bullet 2", "List Number", ...).
    Built with python-docx; the PDF is that DOCX converted by LibreOffice (soffice).

Document 2 -- ``nhs_table_policy``
    House style: NHS England-like clinical commissioning policy with numbered sections
    ("1 Introduction", "2 Definitions", "3 Eligibility", "3.1 ..." one per indication) and ONE
    TWO-COLUMN TABLE PER INDICATION (label cell | text cell) with non-standard row labels
    ("Starting criteria", "Who should not receive treatment", "Monitoring and stopping
    criteria", "Treatment regimen", "Expected duration", "Evidence summary", "Diagnostic
    work-up", ...).  Text cells hold paragraphs, bulleted/numbered lists and AND/OR lines.
    PDF printed by headless Chromium from HTML (bordered tables, browser-drawn disc bullets,
    rows allowed to split across pages); DOCX built with python-docx using real tables.

Gold: every indication, field, criteria tree, threshold and dose is held below as Python data;
the same objects are rendered into the documents and serialised into the gold JSON, following
corpora/gold/policy/blind2/CONVENTIONS.md.  Criteria trees are normalised (same-op stemless
groups merged, single-item groups unwrapped).  Section pages are found afterwards by searching
the PDF page texts with pypdfium2; the script then self-checks that every section title and
every criteria leaf occurs in the PDF text.  Content is invented for testing, not guidance.

Usage: python scripts/make_policy_blind2_tables.py [--out DOCDIR] [--gold GOLDDIR]
"""
from __future__ import annotations

import argparse
import copy
import html
import json
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, List, Optional, Union

ROOT = Path(__file__).resolve().parents[1]
DEF_OUT = ROOT / "corpora" / "policies" / "blind2"
DEF_GOLD = ROOT / "corpora" / "gold" / "policy" / "blind2"


# --------------------------------------------------------------------------------------
# Content model
# --------------------------------------------------------------------------------------
@dataclass
class Node:
    """A criteria group. ``style`` says how it is printed:
    bullets / numbered  -> (optional stem paragraph) + list; nested Node items need a stem
    lines               -> items printed as blocks separated by bold AND/OR lines
    flat                -> (only inside 'lines') items spliced into the parent's lines,
                           separated by this node's own connector
    ``trail`` is a connective printed at the end of every item but the last ("; and")."""
    op: str
    items: List[Union[str, "Node"]]
    stem: Optional[str] = None
    min: Optional[int] = None
    style: str = "bullets"
    trail: Optional[str] = None


@dataclass
class Sub:
    """A bold-italic sub-label line inside a field (e.g. 'Initial' in a Dose block)."""
    text: str


@dataclass
class Field:
    label: Optional[str]
    role: Optional[str]
    blocks: List[Union[str, Node, Sub]]
    criteria: Optional[dict] = None          # explicit tree (prose fields)
    thresholds: list = field(default_factory=list)  # (analyte, comp, value, value_max, unit)
    doses: list = field(default_factory=list)       # (amount, amount_max, unit, freq, max)


@dataclass
class Indication:
    name: str
    fields: List[Field]
    number: Optional[str] = None


def T(analyte, comp, value, unit=None, value_max=None):
    return (analyte, comp, value, value_max, unit)


def D(amount, unit, frequency=None, amount_max=None, max_=None):
    return (amount, amount_max, unit, frequency, max_)


def tree(op, items, stem=None, min_=None):
    d = {"op": op, "stem": stem}
    if min_:
        d["min"] = min_
    d["items"] = items
    return d


CRIT_ROLES = {"selection_criteria", "exclusion_criteria", "continuation_criteria", "diagnosis"}

# ======================================================================================
# Document 1: Australian Ig criteria condition pages
# ======================================================================================
AU_TITLE = "Criteria for the Clinical Use of Immunoglobulin in Australia"
AU_SUBTITLE = "Condition pages extract \u2013 Edition 3 (test version, not for clinical use)"

AU_FRONT = [
    ("About this extract", [
        "This extract reproduces, in the standard condition-page layout, the criteria for five "
        "conditions for which immunoglobulin (Ig) is funded under the national blood "
        "arrangements. Each condition page sets out who may start Ig, how the response must be "
        "reviewed, when Ig may continue and the doses that may be authorised.",
        "Requests are made through the national authorisation system. An authorisation is "
        "linked to one condition and one indication for use; a change of indication requires a "
        "new request.",
    ]),
    ("Definitions", [
        "Immunoglobulin (Ig): a blood product prepared from pooled human plasma and given by "
        "intravenous (IVIg) or subcutaneous (SCIg) infusion.",
        "Initial authorisation: the first period of funded therapy for a condition, usually "
        "3 to 6 months, after which a review is required.",
        "Continuing authorisation: a further period of funded therapy granted when the "
        "continuing criteria are met at review.",
        "Trough IgG: the serum IgG level measured immediately before the next scheduled dose.",
    ]),
    ("General dosing principles", [
        "Doses are expressed in grams per kilogram of body weight. For patients who are "
        "overweight, the dose is calculated on adjusted body weight using the dose calculator.",
        "The lowest dose that achieves the desired clinical outcome should be used, and the "
        "need for continuing therapy should be reassessed at every review. Doses above those "
        "listed on a condition page require a new request with supporting justification.",
    ]),
]

AU_BACK = [
    ("References", [
        "Expert working group consensus statements on the use of Ig in neurological, "
        "haematological and immunological conditions (test citations).",
        "Systematic reviews of randomised trials of Ig in immune-mediated neuropathy, "
        "myasthenia gravis and immune thrombocytopenia (test citations).",
    ]),
    ("Abbreviations", [
        "CIDP \u2013 chronic inflammatory demyelinating polyneuropathy; CSF \u2013 cerebrospinal "
        "fluid; INCAT \u2013 Inflammatory Neuropathy Cause and Treatment; ITP \u2013 immune "
        "thrombocytopenia; MG-ADL \u2013 Myasthenia Gravis Activities of Daily Living; MRC \u2013 "
        "Medical Research Council; QMG \u2013 Quantitative Myasthenia Gravis score.",
    ]),
]

AU_CONDITIONS: List[Indication] = [
    # ----------------------------------------------------------------------------------
    Indication("Chronic inflammatory demyelinating polyneuropathy (CIDP)", [
        Field("Specialty", None, ["Neurology"]),
        Field("Chapter", None, ["5"]),
        Field("Indication for use", "indication_for_use", [
            "Induction and maintenance therapy in adults and children with CIDP"]),
        Field("Level of evidence", "evidence", [
            "Evidence of efficacy \u2013 moderate quality evidence (Category 1)"]),
        Field("Description and diagnostic criteria", "diagnosis", [
            "CIDP is an acquired, immune-mediated disorder of peripheral nerves with a "
            "progressive or relapsing course. Weakness is usually symmetrical and affects both "
            "proximal and distal muscles.",
            Node("AND", [
                "Progressive or relapsing weakness of the upper or lower limbs developing over "
                "at least 8 weeks",
                "Reduced or absent tendon reflexes in all limbs",
                "Nerve conduction studies showing features of demyelination in at least two "
                "motor nerves",
                Node("OR", [
                    "CSF protein above the upper limit of normal with a CSF white cell count "
                    "below 10 cells/\u00b5L",
                    "MRI showing gadolinium enhancement or hypertrophy of nerve roots or plexus",
                    "Objective clinical improvement after a trial of immunomodulatory therapy",
                ], stem="One or more of the following supportive findings:"),
            ], stem="The diagnosis requires all of the following:"),
        ], thresholds=[T("CSF white cell count", "<", 10, "cells/\u00b5L")]),
        Field("Justification for evidence category", "evidence", [
            "Several randomised placebo-controlled trials and a systematic review show that Ig "
            "produces short-term improvement in disability that is similar to that achieved "
            "with corticosteroids or plasma exchange. Evidence for long-term maintenance comes "
            "from a randomised withdrawal study and observational cohorts.",
        ]),
        Field("Diagnosis is required", "diagnosis", [
            "Yes \u2013 diagnosis must be made by a neurologist"],
            criteria=tree("AND", ["diagnosis must be made by a neurologist"])),
        Field("Qualifying Criteria for Immunoglobulin Therapy", "selection_criteria", [
            Node("AND", [
                "Diagnosis of CIDP has been made by a neurologist",
                "Significant functional disability, with an INCAT disability score of 2 or more",
                Node("OR", [
                    "The patient has not previously received Ig for CIDP",
                    "Ig was previously effective and was withheld for a trial off therapy, "
                    "with documented clinical deterioration",
                ], stem="Either of the following:"),
                "Corticosteroids are contraindicated, have failed or are not preferred because "
                "of the patient\u2019s comorbidities",
            ], style="lines"),
        ], thresholds=[T("INCAT disability score", ">=", 2)]),
        Field("Review Criteria for Assessing the Effectiveness of Immunoglobulin Use",
              "outcome_measures", [
            "Review by a neurologist is required within 4 months of starting therapy and then "
            "at least every 12 months.",
            Node("AND", [
                "INCAT disability score",
                "Medical Research Council (MRC) sum score",
                "Grip strength measured with a vigorimeter or dynamometer",
                "Rasch-built Overall Disability Scale (R-ODS)",
            ], stem="Clinical effectiveness of Ig therapy may be assessed by:"),
        ]),
        Field("Continuing", "continuation_criteria", [
            Node("AND", [
                "Improvement or stabilisation has been documented by the treating neurologist",
                Node("OR", [
                    "Improvement of at least 1 point on the INCAT disability score",
                    "Increase of 4 points or more on the MRC sum score",
                    "Increase in grip strength of at least 8 kPa",
                ], stem="One or more of the following at review:"),
                "A trial of dose reduction has been planned or undertaken in patients who have "
                "been stable for 12 months or more",
            ], style="lines"),
        ], thresholds=[T("INCAT disability score improvement", ">=", 1, "points"),
                       T("MRC sum score increase", ">=", 4, "points"),
                       T("grip strength increase", ">=", 8, "kPa")]),
        Field("Dose", "dose", [
            Sub("Initial"),
            "Induction: 2 g/kg in 2 to 5 divided doses given over 2 to 5 consecutive days.",
            Sub("Maintenance"),
            "0.4 to 1 g/kg every 2 to 6 weeks. The maximum dose is 2 g/kg in any 4-week period.",
            "The aim is to use the lowest dose that maintains optimal functional status.",
        ], doses=[D(2, "g/kg", None),
                  D(0.4, "g/kg", "every 2 to 6 weeks", amount_max=1,
                    max_="2 g/kg in any 4-week period")]),
    ]),
    # ----------------------------------------------------------------------------------
    Indication("Primary immunodeficiency diseases with antibody deficiency", [
        Field("Specialty", None, ["Immunology"]),
        Field("Chapter", None, ["7"]),
        Field("Indication for use", "indication_for_use", [
            "Replacement therapy in patients with primary antibody deficiency"]),
        Field("Level of evidence", "evidence", [
            "Evidence of efficacy \u2013 high quality evidence (Category 1)"]),
        Field("Description and diagnostic criteria", "diagnosis", [
            "Primary immunodeficiency diseases (PID) are inherited disorders in which part of "
            "the immune system is missing or does not work normally. Antibody deficiency "
            "causes recurrent bacterial infections of the respiratory tract.",
            "A diagnosis of PID with antibody deficiency requires either (a) a serum IgG level "
            "below the age-specific reference range on at least two occasions, or (b) a genetic "
            "diagnosis of a recognised PID associated with antibody failure.",
        ], criteria=tree("OR", [
            "a serum IgG level below the age-specific reference range on at least two occasions",
            "a genetic diagnosis of a recognised PID associated with antibody failure",
        ])),
        Field("Justification for evidence category", "evidence", [
            "Ig replacement has been standard care for several decades. Cohort studies and "
            "registry data show fewer serious infections and fewer hospital admissions with "
            "replacement therapy; placebo-controlled trials would not be ethical.",
        ]),
        Field("Diagnosis is required", "diagnosis", [
            "Yes \u2013 diagnosis must be made by a clinical immunologist"],
            criteria=tree("AND", ["diagnosis must be made by a clinical immunologist"])),
        Field("Qualifying Criteria for Immunoglobulin Therapy", "selection_criteria", [
            Node("AND", [
                "Diagnosis of a PID with antibody deficiency confirmed by a clinical "
                "immunologist",
                Node("OR", [
                    "Agammaglobulinaemia or severe hypogammaglobulinaemia with a serum IgG "
                    "less than 3 g/L",
                    "Combined immunodeficiency requiring Ig replacement as determined by a "
                    "clinical immunologist",
                    Node("AND", [
                        "Serum IgG between 3 g/L and 6 g/L",
                        Node("OR", [
                            "Two or more serious bacterial infections in the previous 12 months",
                            "Impaired response to polysaccharide vaccine, with fewer than 50% of "
                            "serotypes reaching a protective titre",
                            "Bronchiectasis confirmed by CT of the chest",
                        ], stem="At least two of:", min=2, style="numbered"),
                    ], stem="Both of the following:", style="numbered"),
                ], stem="Any of the following:", style="numbered"),
                "Antibiotic prophylaxis has been considered",
            ], style="lines"),
        ], thresholds=[T("IgG", "<", 3, "g/L"), T("IgG", "range", 3, "g/L", value_max=6),
                       T("protective vaccine serotype responses", "<", 50, "%")]),
        Field("Review Criteria for Assessing the Effectiveness of Immunoglobulin Use",
              "outcome_measures", [
            "Review by a clinical immunologist is required within 6 months and then every "
            "12 months.",
            Node("AND", [
                "Trough serum IgG level",
                "Number and severity of infections",
                "Days lost from school or work",
                "Hospital admissions for infection",
            ], stem="Effectiveness of therapy may be assessed by:"),
        ]),
        Field("Continuing", "continuation_criteria", [
            Node("AND", [
                "Ongoing review by a clinical immunologist has confirmed benefit",
                "The trough serum IgG is 5 g/L or more",
                "Infection frequency has not increased compared with the period before "
                "treatment",
            ], stem="Ig may continue when all of the following are met:", trail="; and"),
        ], thresholds=[T("trough IgG", ">=", 5, "g/L")]),
        Field("Dose", "dose", [
            Sub("Initial"),
            "A loading dose of 1 g/kg may be given, as a single dose or divided over 2 days.",
            Sub("Maintenance"),
            "0.4 to 0.6 g/kg every 4 weeks intravenously, up to a maximum of 1 g/kg every "
            "4 weeks.",
            "Subcutaneous: 0.1 to 0.15 g/kg weekly.",
            "The dose is adjusted to achieve a trough IgG at or above the lower limit of the "
            "reference range and to control infections.",
        ], doses=[D(1, "g/kg", None),
                  D(0.4, "g/kg", "every 4 weeks", amount_max=0.6, max_="1 g/kg every 4 weeks"),
                  D(0.1, "g/kg", "weekly", amount_max=0.15)]),
    ]),
    # ----------------------------------------------------------------------------------
    Indication("Immune thrombocytopenia (ITP) in adults", [
        Field("Specialty", None, ["Haematology"]),
        Field("Chapter", None, ["3"]),
        Field("Indication for use", "indication_for_use", [
            "Adults with newly diagnosed, persistent or chronic ITP who need a rapid rise in "
            "platelet count"]),
        Field("Level of evidence", "evidence", [
            "Evidence of probable benefit \u2013 more research needed (Category 2a)"]),
        Field("Description and diagnostic criteria", "diagnosis", [
            "ITP is an autoimmune disorder in which antibodies cause accelerated destruction "
            "and impaired production of platelets.",
            Node("AND", [
                "Platelet count less than 100 x 10^9/L",
                "Blood film examination excludes pseudothrombocytopenia and other "
                "haematological disorders",
                "Other causes of thrombocytopenia, such as drugs, infection and liver disease, "
                "have been excluded",
            ], stem="ITP is diagnosed when all of the following apply:"),
        ], thresholds=[T("platelet count", "<", 100, "x10^9/L")]),
        Field("Justification for evidence category", "evidence", [
            "Randomised trials show that Ig raises the platelet count faster than "
            "corticosteroids, but there is limited evidence that this reduces serious "
            "bleeding.",
        ]),
        Field("Diagnosis is required", "diagnosis", [
            "Yes \u2013 diagnosis must be made by a haematologist"],
            criteria=tree("AND", ["diagnosis must be made by a haematologist"])),
        Field("Qualifying Criteria for Immunoglobulin Therapy", "selection_criteria", [
            Node("AND", [
                "Adult aged 18 years or older with ITP",
                "Platelet count less than 30 x 10^9/L",
                Node("OR", [
                    "Clinically significant bleeding (WHO bleeding grade 2 or above)",
                    "Preparation for surgery or another invasive procedure",
                ], style="flat"),
            ], style="lines"),
        ], thresholds=[T("age", ">=", 18, "years"), T("platelet count", "<", 30, "x10^9/L"),
                       T("WHO bleeding grade", ">=", 2)]),
        Field("Review Criteria for Assessing the Effectiveness of Immunoglobulin Use",
              "outcome_measures", [
            "Review by a haematologist is required after each course.",
            Node("AND", [
                "Platelet count 7 days after the course",
                "Resolution of bleeding",
                "Successful completion of the planned procedure",
            ], stem="Effectiveness is assessed by:"),
        ]),
        Field("Continuing", "continuation_criteria", [
            Node("OR", [
                "A platelet response (platelet count of 30 x 10^9/L or more and at least "
                "double the baseline count) was achieved with the previous course",
                "The patient has recurrent severe thrombocytopenia with bleeding and other "
                "therapies are contraindicated",
            ], stem="Further courses may be authorised when either of the following applies:",
                trail=", or"),
        ], thresholds=[T("platelet count", ">=", 30, "x10^9/L")]),
        Field("Dose", "dose", [
            Sub("Initial"),
            "1 g/kg daily for 1 to 2 days (maximum 2 g/kg per episode).",
            Sub("Maintenance"),
            "Not routinely funded; each further episode is treated as a new initial course.",
        ], doses=[D(1, "g/kg", "daily for 1 to 2 days", max_="2 g/kg per episode")]),
    ]),
    # ----------------------------------------------------------------------------------
    Indication("Myasthenia gravis", [
        Field("Specialty", None, ["Neurology"]),
        Field("Chapter", None, ["5"]),
        Field("Indication for use", "indication_for_use", [
            "Myasthenic crisis and severe exacerbations, preparation for surgery, and "
            "maintenance therapy in refractory disease"]),
        Field("Level of evidence", "evidence", [
            "Evidence of efficacy \u2013 moderate quality evidence (Category 1)"]),
        Field("Description and diagnostic criteria", "diagnosis", [
            "Myasthenia gravis is an autoimmune disorder of the neuromuscular junction causing "
            "fatigable weakness.",
            Node("AND", [
                "Fluctuating, fatigable weakness of ocular, bulbar, limb or respiratory muscles",
                Node("OR", [
                    "Positive acetylcholine receptor or MuSK antibodies",
                    "Decrement of more than 10% on repetitive nerve stimulation",
                    "Increased jitter on single-fibre electromyography",
                ], stem="At least one of the following supporting investigations:"),
            ], stem="The diagnosis requires both of the following:"),
        ], thresholds=[T("CMAP decrement on repetitive nerve stimulation", ">", 10, "%")]),
        Field("Justification for evidence category", "evidence", [
            "Randomised trials show Ig is as effective as plasma exchange for exacerbations. "
            "Evidence for maintenance therapy is limited to small trials and case series.",
        ]),
        Field("Diagnosis is required", "diagnosis", [
            "Yes \u2013 diagnosis must be made by a neurologist"],
            criteria=tree("AND", ["diagnosis must be made by a neurologist"])),
        Field("Qualifying Criteria for Immunoglobulin Therapy", "selection_criteria", [
            Node("OR", [
                Node("AND", [
                    "Severe exacerbation, including myasthenic crisis",
                    Node("OR", [
                        "QMG score of 17 or more",
                        "Forced vital capacity less than 60% of predicted",
                    ], stem="Either of the following:"),
                ], stem="Acute treatment \u2013 all of the following:"),
                "Preparation for thymectomy or other surgery in a patient with bulbar or "
                "respiratory weakness",
                Node("AND", [
                    "MG-ADL score of 6 or more despite current treatment",
                    "Failure of, intolerance of, or contraindication to at least two "
                    "immunosuppressive agents",
                    "Treatment is given under the direction of a neurologist",
                ], stem="Maintenance in refractory disease \u2013 all of the following:"),
            ], style="lines"),
        ], thresholds=[T("QMG score", ">=", 17), T("FVC % predicted", "<", 60, "%"),
                       T("MG-ADL score", ">=", 6)]),
        Field("Review Criteria for Assessing the Effectiveness of Immunoglobulin Use",
              "outcome_measures", [
            "For maintenance therapy, review by a neurologist is required within 3 months and "
            "then every 6 months.",
            Node("AND", [
                "MG-ADL score",
                "QMG score",
                "Frequency of exacerbations and hospital admissions",
                "Reduction in corticosteroid requirement",
            ], stem="Response may be measured by:"),
        ]),
        Field("Continuing", "continuation_criteria", [
            Node("AND", [
                "Improvement of 2 points or more on the MG-ADL score compared with baseline",
                "A trial of dose reduction has been attempted in the last 12 months, unless "
                "previous attempts led to deterioration",
            ], trail="; and"),
        ], thresholds=[T("MG-ADL score improvement", ">=", 2, "points")]),
        Field("Dose", "dose", [
            Sub("Initial"),
            "Exacerbation or crisis: 2 g/kg in divided doses over 2 to 5 days.",
            "Before surgery: 1 g/kg as a single dose.",
            Sub("Maintenance"),
            "0.4 to 1 g/kg every 4 to 6 weeks, adjusted to the lowest effective dose.",
        ], doses=[D(2, "g/kg", None), D(1, "g/kg", None),
                  D(0.4, "g/kg", "every 4 to 6 weeks", amount_max=1)]),
    ]),
    # ----------------------------------------------------------------------------------
    Indication("Acquired hypogammaglobulinaemia secondary to haematological malignancies", [
        Field("Specialty", None, ["Haematology"]),
        Field("Chapter", None, ["3"]),
        Field("Indication for use", "indication_for_use", [
            "Prevention of recurrent bacterial infections in patients with hypogammaglobulinaemia "
            "caused by a haematological malignancy or its treatment"]),
        Field("Level of evidence", "evidence", [
            "Evidence of probable benefit \u2013 more research needed (Category 2a)"]),
        Field("Description and diagnostic criteria", "diagnosis", [
            "Low antibody levels are common in B-cell malignancies and after B-cell depleting "
            "or cellular therapies, and increase the risk of serious infection.",
            Node("AND", [
                "Serum IgG, excluding paraprotein, below the lower limit of the age-specific "
                "reference range",
                Node("OR", [
                    "Chronic lymphocytic leukaemia, lymphoma or multiple myeloma",
                    "Treatment with B-cell depleting therapy or CAR T-cell therapy in the "
                    "previous 24 months",
                    "Allogeneic haemopoietic stem cell transplantation",
                ], stem="One of the following underlying causes:", trail="; or"),
            ], stem="The diagnosis requires both of the following:"),
        ]),
        Field("Justification for evidence category", "evidence", [
            "Older randomised trials in chronic lymphocytic leukaemia and myeloma showed fewer "
            "bacterial infections with Ig, without a survival benefit. Evidence after newer "
            "therapies is observational.",
        ]),
        Field("Diagnosis is required", "diagnosis", [
            "Yes \u2013 diagnosis must be made by a haematologist or clinical immunologist"],
            criteria=tree("AND", [
                "diagnosis must be made by a haematologist or clinical immunologist"])),
        Field("Qualifying Criteria for Immunoglobulin Therapy", "selection_criteria", [
            Node("AND", [
                "Serum IgG less than 4 g/L, excluding paraprotein",
                Node("OR", [
                    "Recurrent or severe bacterial infections despite continuous oral "
                    "antibiotic prophylaxis for at least 3 months",
                    "A life-threatening infection in the previous 6 months",
                    "Bronchiectasis confirmed by high-resolution CT",
                ], stem="One or more of the following:"),
                "Antibiotic prophylaxis alone is inadequate or not tolerated",
            ], style="lines"),
        ], thresholds=[T("IgG", "<", 4, "g/L")]),
        Field("Review Criteria for Assessing the Effectiveness of Immunoglobulin Use",
              "outcome_measures", [
            "Review by the treating specialist is required every 6 months.",
            Node("AND", [
                "Frequency of infections",
                "Hospital admissions for infection",
                "Trough serum IgG level",
            ], stem="Effectiveness is assessed by:"),
        ]),
        Field("Continuing", "continuation_criteria", [
            Node("AND", [
                "Reduced frequency or severity of infections compared with the 12 months "
                "before starting Ig",
                "Trough serum IgG maintained at 6 g/L or more",
                "A trial off Ig has been considered, particularly in patients in remission for "
                "at least 12 months",
            ], stem="Continuation requires all of the following:"),
        ], thresholds=[T("trough IgG", ">=", 6, "g/L")]),
        Field("Dose", "dose", [
            Sub("Initial"),
            "0.4 g/kg every 4 weeks intravenously, or 0.1 g/kg weekly by subcutaneous infusion.",
            Sub("Maintenance"),
            "0.4 g/kg every 4 weeks, adjusted to keep the trough IgG at the lower limit of the "
            "reference range; maximum 0.6 g/kg every 4 weeks.",
        ], doses=[D(0.4, "g/kg", "every 4 weeks"), D(0.1, "g/kg", "weekly"),
                  D(0.4, "g/kg", "every 4 weeks", max_="0.6 g/kg every 4 weeks")]),
    ]),
]

# ======================================================================================
# Document 2: NHS-England-like commissioning policy, one table per indication
# ======================================================================================
NHS_TITLE = ("Clinical Commissioning Policy: Specialised biologic, enzyme replacement and "
             "growth hormone therapies for rare conditions (all ages)")
NHS_META = [("Policy reference", "CCP-TEST-0427"), ("Version", "1.0 (test document)"),
            ("Published", "2025"), ("Review date", "2028")]

NHS_PRE = [
    ("1", "Introduction", [
        "This policy sets out the circumstances in which the specialised commissioning team "
        "will routinely fund five high-cost therapies for rare conditions. It replaces the "
        "previous individual funding arrangements for these treatments.",
        "Treatment must be prescribed by a specialist centre designated for the condition, and "
        "each patient must be registered on the relevant national database before the first "
        "dose is supplied.",
    ]),
    ("2", "Definitions", [
        "Specialist centre: a provider designated by the commissioner to assess, start and "
        "monitor treatment for the condition concerned.",
        "Multidisciplinary team (MDT): a meeting of clinicians from the relevant specialties "
        "that reviews and approves each request before treatment starts.",
        "Stopping criteria: the circumstances in which funded treatment must be discontinued. "
        "Clinicians must discuss the stopping criteria with patients before treatment starts.",
        "Standard deviation score (SDS): the number of standard deviations a measurement lies "
        "above or below the mean for age and sex.",
    ]),
    ("3", "Eligibility", [
        "Treatment is commissioned only for patients who meet the criteria in the table for the "
        "relevant indication. Each table lists the starting criteria, the groups who should not "
        "receive treatment, the regimen to be used and the conditions for continuing or "
        "stopping treatment.",
    ]),
]

NHS_POST = [
    ("4", "Governance and audit", [
        "Specialist centres must submit baseline and follow-up data for every patient to the "
        "national registry at the intervals set out in each table. The commissioner will audit "
        "compliance with the starting and stopping criteria annually.",
    ]),
    ("5", "Equality statement", [
        "The commissioner has considered the duties of the Equality Act 2010 in developing this "
        "policy. No adverse impact on any protected group has been identified.",
    ]),
    ("6", "References", [
        "Evidence reviews commissioned for this policy (test citations): enzyme replacement in "
        "late-onset Pompe disease; interleukin-6 inhibition in giant cell arteritis; growth "
        "hormone in Turner syndrome; anti-IL-5 therapy in eosinophilic granulomatosis with "
        "polyangiitis; anti-FGF23 therapy in X-linked hypophosphataemia.",
    ]),
]

NHS_INDICATIONS: List[Indication] = [
    # ----------------------------------------------------------------------------------
    Indication("Late-onset Pompe disease", number="3.1", fields=[
        Field("Treatment", None, [
            "Enzyme replacement therapy (ERT) with alglucosidase alfa or avalglucosidase alfa"]),
        Field("Diagnostic work-up", "diagnosis", [
            Node("AND", [
                "Deficient acid alpha-glucosidase (GAA) enzyme activity in leucocytes, "
                "fibroblasts or a dried blood spot",
                "Two pathogenic GAA variants on genetic testing",
            ], stem="The diagnosis must be confirmed by both of the following:"),
        ]),
        Field("Starting criteria", "selection_criteria", [
            Node("AND", [
                Node("AND", [
                    "Age 16 years or older at the start of treatment",
                    "Symptomatic disease with measurable muscle weakness or respiratory "
                    "involvement",
                ]),
                Node("OR", [
                    "Upright forced vital capacity (FVC) below 80% of predicted",
                    "A fall of 10% or more in FVC from upright to supine",
                    "Six-minute walk test (6MWT) distance below 75% of predicted",
                ], stem="One or more of the following:"),
                "Baseline FVC, 6MWT, MRC muscle grading and a quality of life questionnaire "
                "have been completed before the first infusion",
            ], style="lines"),
        ], thresholds=[T("age", ">=", 16, "years"), T("FVC % predicted", "<", 80, "%"),
                       T("FVC fall upright to supine", ">=", 10, "%"),
                       T("6MWT % predicted", "<", 75, "%")]),
        Field("Who should not receive treatment", "exclusion_criteria", [
            Node("OR", [
                "Continuous invasive ventilation",
                "Another life-limiting condition in which ERT would not be expected to improve "
                "outcomes",
                "A previous severe infusion reaction to ERT that could not be managed with "
                "premedication or desensitisation",
            ], stem="Treatment will not be commissioned for patients with any of the "
                    "following:"),
        ]),
        Field("Treatment regimen", "dose", [
            "Alglucosidase alfa: 20 mg/kg every 2 weeks by intravenous infusion.",
            "Avalglucosidase alfa: 20 mg/kg every 2 weeks by intravenous infusion.",
            "Home infusion may be arranged after the first 6 infusions if these were "
            "tolerated.",
        ], doses=[D(20, "mg/kg", "every 2 weeks"), D(20, "mg/kg", "every 2 weeks")]),
        Field("Monitoring and stopping criteria", "continuation_criteria", [
            "FVC, 6MWT and muscle strength are reviewed every 6 months in the first year and "
            "then every 12 months by the specialist centre.",
            Node("OR", [
                "FVC falls by more than 10% predicted over 12 months despite adherence to "
                "treatment",
                "The patient becomes dependent on invasive ventilation for 24 hours a day",
                "Persistent severe infusion-associated reactions",
                "The patient chooses to stop treatment",
            ], stem="ERT should be stopped if any of the following occur:"),
        ], thresholds=[T("FVC % predicted decline", ">", 10, "%")]),
        Field("Expected duration", "duration", [
            "Initial approval for 12 months, then renewed every 12 months subject to the "
            "stopping criteria."]),
        Field("Evidence summary", "evidence", [
            "One randomised placebo-controlled trial showed a modest improvement in walking "
            "distance and stabilisation of FVC over 78 weeks. A second trial comparing the two "
            "enzymes found similar effects on FVC.",
        ]),
    ]),
    # ----------------------------------------------------------------------------------
    Indication("Giant cell arteritis", number="3.2", fields=[
        Field("Treatment", None, ["Tocilizumab by subcutaneous injection"]),
        Field("Starting criteria", "selection_criteria", [
            "Tocilizumab is recommended for adults with giant cell arteritis who have relapsing "
            "disease, or who have refractory disease despite high-dose glucocorticoids.",
            Node("AND", [
                "The diagnosis has been confirmed by temporal artery biopsy or vascular imaging",
                "The patient was aged 50 years or older at diagnosis",
                "The patient is under the care of a specialist rheumatology service",
            ], stem="It is commissioned only when all of the following apply:"),
        ], criteria=tree("AND", [
            "adults with giant cell arteritis",
            tree("OR", ["have relapsing disease",
                        "have refractory disease despite high-dose glucocorticoids"]),
            tree("AND", [
                "The diagnosis has been confirmed by temporal artery biopsy or vascular imaging",
                "The patient was aged 50 years or older at diagnosis",
                "The patient is under the care of a specialist rheumatology service",
            ], stem="It is commissioned only when all of the following apply:"),
        ]), thresholds=[T("age at diagnosis", ">=", 50, "years")]),
        Field("Who should not receive treatment", "exclusion_criteria", [
            Node("OR", [
                "Active serious infection, including untreated latent tuberculosis",
                "Absolute neutrophil count below 1.0 x 10^9/L",
                "Platelet count below 50 x 10^9/L",
                "ALT or AST more than 5 times the upper limit of normal",
            ], stem="Any of the following:"),
        ], thresholds=[T("absolute neutrophil count", "<", 1.0, "x10^9/L"),
                       T("platelet count", "<", 50, "x10^9/L"),
                       T("ALT or AST", ">", 5, "x ULN")]),
        Field("Treatment regimen", "dose", [
            "162 mg by subcutaneous injection once weekly, given with a tapering course of "
            "glucocorticoids.",
        ], doses=[D(162, "mg", "once weekly")]),
        Field("Monitoring and stopping criteria", "continuation_criteria", [
            "Full blood count and liver function are checked every 4 weeks for the first "
            "3 months and then every 12 weeks.",
            Node("OR", [
                "No reduction in glucocorticoid requirement after 24 weeks of treatment",
                "A serious infection or other serious adverse event attributed to tocilizumab",
            ], stem="Stop tocilizumab if either of the following occurs:"),
        ]),
        Field("Expected duration", "duration", [
            "A single course of up to 12 months. A further course is not routinely "
            "commissioned."]),
        Field("Evidence summary", "evidence", [
            "A randomised trial showed higher rates of sustained remission at 52 weeks with "
            "weekly tocilizumab plus a 26-week glucocorticoid taper than with glucocorticoids "
            "alone, and a lower cumulative glucocorticoid dose.",
        ]),
    ]),
    # ----------------------------------------------------------------------------------
    Indication("Short stature associated with Turner syndrome", number="3.3", fields=[
        Field("Treatment", None, ["Somatropin (recombinant human growth hormone)"]),
        Field("Diagnostic work-up", "diagnosis", [
            "Turner syndrome must be confirmed by peripheral blood karyotype, and growth must "
            "have been measured by a paediatric endocrinology team on at least two occasions "
            "6 months apart.",
        ], criteria=tree("AND", [
            "Turner syndrome must be confirmed by peripheral blood karyotype",
            "growth must have been measured by a paediatric endocrinology team on at least two "
            "occasions 6 months apart",
        ])),
        Field("Starting criteria", "selection_criteria", [
            Node("AND", [
                "Age 2 years or older",
                "Height standard deviation score (SDS) of -2.0 or below for age",
                "Height velocity less than 4 cm/year over at least 6 months",
                "Open epiphyses, with a bone age of less than 14 years",
            ], stem="All of the following:"),
        ], thresholds=[T("age", ">=", 2, "years"), T("height SDS", "<=", -2.0, "SD"),
                       T("height velocity", "<", 4, "cm/year"),
                       T("bone age", "<", 14, "years")]),
        Field("Who should not receive treatment", "exclusion_criteria", [
            Node("OR", [
                "Active malignancy",
                "Closed epiphyses",
                "Proliferative or severe non-proliferative diabetic retinopathy",
            ], stem="Somatropin should not be started if any of the following apply:",
                trail="; or"),
        ]),
        Field("Treatment regimen", "dose", [
            "45 to 50 micrograms/kg daily by subcutaneous injection.",
            "The dose is reviewed every 6 months according to weight, growth response and "
            "serum IGF-1.",
        ], doses=[D(45, "micrograms/kg", "daily", amount_max=50)]),
        Field("Continuation at 12 months", "continuation_criteria", [
            Node("AND", [
                "Height velocity has increased by at least 2 cm/year compared with the year "
                "before treatment",
                "Serum IGF-1 is no higher than +2 SDS for age and sex",
            ], style="lines"),
        ], thresholds=[T("height velocity increase", ">=", 2, "cm/year"),
                       T("IGF-1 SDS", "<=", 2, "SD")]),
        Field("Monitoring and stopping criteria", "continuation_criteria", [
            "Height, weight, pubertal stage and IGF-1 are measured every 6 months.",
            Node("OR", [
                "Height velocity falls below 2 cm/year",
                "Bone age reaches 14 years or more",
                "The patient or family chooses to stop",
            ], stem="Treatment stops when any of the following occurs:"),
        ], thresholds=[T("height velocity", "<", 2, "cm/year"),
                       T("bone age", ">=", 14, "years")]),
        Field("Expected duration", "duration", [
            "Until near-final height is reached, with funding confirmed at each annual review."]),
        Field("Evidence summary", "evidence", [
            "Randomised and long-term cohort studies show a mean gain in adult height of "
            "about 5 to 8 cm with growth hormone started in childhood.",
        ]),
    ]),
    # ----------------------------------------------------------------------------------
    Indication("Eosinophilic granulomatosis with polyangiitis", number="3.4", fields=[
        Field("Treatment", None, ["Mepolizumab"]),
        Field("Place in therapy", "position", [
            "Add-on treatment for relapsing or refractory disease after standard "
            "glucocorticoid and immunosuppressive therapy."]),
        Field("Starting criteria", "selection_criteria", [
            Node("AND", [
                Node("AND", [
                    "Diagnosis of EGPA made by a specialist vasculitis service",
                    Node("OR", [
                        "Blood eosinophil count of at least 1.0 x 10^9/L",
                        "Eosinophils more than 10% of the total leucocyte count",
                    ], stem="Eosinophilia documented at any time by either:"),
                ]),
                Node("OR", [
                    "Relapse within the previous 12 months while receiving prednisolone",
                    "Birmingham Vasculitis Activity Score (BVAS) above 0 on two occasions",
                    "Inability to reduce prednisolone below 7.5 mg per day without relapse",
                ], stem="At least two of the following:", min=2),
            ], style="lines"),
        ], thresholds=[T("blood eosinophil count", ">=", 1.0, "x10^9/L"),
                       T("eosinophils % of leucocytes", ">", 10, "%"),
                       T("BVAS", ">", 0)]),
        Field("Who should not receive treatment", "exclusion_criteria", [
            "Mepolizumab is not recommended for people with new-onset organ-threatening or "
            "life-threatening EGPA, or for people who are pregnant.",
        ], criteria=tree("OR", [
            "people with new-onset organ-threatening or life-threatening EGPA",
            "people who are pregnant",
        ])),
        Field("Treatment regimen", "dose", [
            "300 mg by subcutaneous injection every 4 weeks, given as three 100 mg injections.",
        ], doses=[D(300, "mg", "every 4 weeks")]),
        Field("Response assessment", "outcome_measures", [
            "Response is assessed at 52 weeks using BVAS, the daily prednisolone dose and the "
            "number of relapses.",
        ]),
        Field("Criteria for continuing beyond 52 weeks", "continuation_criteria", [
            Node("OR", [
                "Remission, defined as a BVAS of 0 with prednisolone 4 mg per day or less",
                "A reduction of at least 50% in the daily prednisolone dose compared with "
                "baseline",
            ], stem="Either of the following:"),
        ], thresholds=[T("BVAS", "=", 0)]),
        Field("Expected duration", "duration", [
            "Approval for 52 weeks, then annual re-approval by the MDT."]),
        Field("Evidence summary", "evidence", [
            "A randomised trial showed more accrued weeks of remission and fewer relapses with "
            "mepolizumab than with placebo over 52 weeks.",
        ]),
    ]),
    # ----------------------------------------------------------------------------------
    Indication("X-linked hypophosphataemia in children and young people", number="3.5",
               fields=[
        Field("Treatment", None, ["Burosumab"]),
        Field("Diagnostic work-up", "diagnosis", [
            Node("OR", [
                "A pathogenic PHEX variant in the child or in a first-degree relative",
                "Serum FGF23 above the reference range with low serum phosphate",
            ], stem="Either of the following:"),
        ]),
        Field("Starting criteria", "selection_criteria", [
            Node("AND", [
                "Aged 1 to 17 years",
                "Radiographic evidence of rickets with a Rickets Severity Score (RSS) of 2.0 "
                "or more",
                "Fasting serum phosphate below the age-related reference range",
                Node("OR", [
                    "Inadequate response to at least 12 months of conventional therapy with "
                    "oral phosphate and active vitamin D",
                    "Intolerance of, or contraindication to, conventional therapy",
                    "Nephrocalcinosis of grade 2 or higher on renal ultrasound",
                ], stem="One of the following:", style="numbered"),
            ], stem="All of the following criteria must be met:", style="numbered"),
        ], thresholds=[T("age", "range", 1, "years", value_max=17),
                       T("RSS", ">=", 2.0), T("nephrocalcinosis grade", ">=", 2)]),
        Field("Who should not receive treatment", "exclusion_criteria", [
            Node("OR", [
                "eGFR less than 30 mL/min/1.73 m2",
                "Fasting serum phosphate within or above the age-related reference range",
                "Oral phosphate or active vitamin D analogues that cannot be stopped 1 week "
                "before the first dose",
            ], stem="Any of the following:"),
        ], thresholds=[T("eGFR", "<", 30, "mL/min/1.73m2")]),
        Field("Treatment regimen", "dose", [
            "Starting dose 0.8 mg/kg every 2 weeks, rounded to the nearest 10 mg, to a maximum "
            "of 90 mg per dose.",
            "The dose may be increased in steps to 2 mg/kg every 2 weeks (maximum 90 mg).",
        ], doses=[D(0.8, "mg/kg", "every 2 weeks", max_="90 mg per dose"),
                  D(2, "mg/kg", "every 2 weeks", max_="90 mg")]),
        Field("Monitoring and stopping criteria", "continuation_criteria", [
            "RSS, fasting phosphate, growth and renal ultrasound are reviewed at 12 months.",
            Node("OR", [
                "A reduction in RSS of at least 1.0",
                "Serum phosphate within the reference range with maintained growth velocity",
            ], style="lines"),
            "Treatment stops if neither applies at the 12-month review.",
        ], criteria=tree("OR", [
            "A reduction in RSS of at least 1.0",
            "Serum phosphate within the reference range with maintained growth velocity",
        ]), thresholds=[T("RSS reduction", ">=", 1.0)]),
        Field("Expected duration", "duration", [
            "Until growth is complete, with annual review; care transfers to adult services at "
            "18 years."]),
        Field("Evidence summary", "evidence", [
            "An open-label randomised trial in children showed greater healing of rickets with "
            "burosumab than with conventional therapy over 64 weeks.",
        ]),
    ]),
]


# --------------------------------------------------------------------------------------
# Intermediate representation: ('p', text, style) ('conn', op) ('sub', text)
#                              ('list', kind, [(text, sublist|None), ...])
# --------------------------------------------------------------------------------------
def _list_from_node(node: Node):
    kind = "number" if node.style == "numbered" else "bullet"
    out = []
    n = len(node.items)
    for i, it in enumerate(node.items):
        if isinstance(it, str):
            txt = it + (node.trail if node.trail and i < n - 1 else "")
            out.append((txt, None))
        else:
            assert it.stem, "nested list items need a stem"
            out.append((it.stem, _list_from_node(it)))
    return ("list", kind, out)


def node_blocks(node: Node):
    blocks = []
    if node.style == "lines":
        if node.stem:
            blocks.append(("p", node.stem, None))
        for i, it in enumerate(node.items):
            if i > 0:
                blocks.append(("conn", node.op))
            if isinstance(it, str):
                blocks.append(("p", it, None))
            elif it.style == "flat":
                for j, sub in enumerate(it.items):
                    if j > 0:
                        blocks.append(("conn", it.op))
                    blocks.append(("p", sub, None))
            else:
                blocks.extend(node_blocks(it))
    else:
        if node.stem:
            blocks.append(("p", node.stem, None))
        blocks.append(_list_from_node(node))
    return blocks


def field_blocks(f: Field):
    out = []
    for b in f.blocks:
        if isinstance(b, str):
            out.append(("p", b, None))
        elif isinstance(b, Sub):
            out.append(("sub", b.text))
        else:
            out.extend(node_blocks(b))
    return out


def blocks_text_lines(blocks):
    lines = []

    def walk_list(lst):
        for txt, sub in lst[2]:
            lines.append(txt)
            if sub:
                walk_list(sub)

    for b in blocks:
        if b[0] in ("p", "sub"):
            lines.append(b[1])
        elif b[0] == "conn":
            lines.append(b[1])
        else:
            walk_list(b)
    return lines


# --------------------------------------------------------------------------------------
# Gold
# --------------------------------------------------------------------------------------
def norm_tree(x, root=False):
    if isinstance(x, str):
        return x
    if isinstance(x, dict):  # explicit tree already in gold form
        items = [norm_tree(i) for i in x["items"]]
        d = {"op": x["op"], "stem": x.get("stem")}
        if x.get("min"):
            d["min"] = x["min"]
        d["items"] = items
        return d
    items = []
    for it in x.items:
        c = norm_tree(it)
        if isinstance(c, dict) and c["op"] == x.op and c["stem"] is None and "min" not in c:
            items.extend(c["items"])
        else:
            items.append(c)
    if not root and x.stem is None and len(items) == 1:
        return items[0]
    d = {"op": x.op, "stem": x.stem}
    if x.min:
        d["min"] = x.min
    d["items"] = items
    return d


def field_gold(f: Field):
    lines = blocks_text_lines(field_blocks(f))
    g: dict[str, Any] = {"label": f.label, "role": f.role, "text": "\n".join(lines)}
    if f.role in CRIT_ROLES:
        if f.criteria is not None:
            g["criteria"] = norm_tree(f.criteria)
        else:
            nodes = [b for b in f.blocks if isinstance(b, Node)]
            if len(nodes) == 1:
                g["criteria"] = norm_tree(nodes[0], root=True)
            elif not nodes:
                g["criteria"] = {"op": "AND", "stem": None, "items": []}
            else:
                g["criteria"] = norm_tree(Node("AND", nodes), root=True)
    g["thresholds"] = [{"analyte": a, "comparator": c, "value": v, "value_max": vm, "unit": u}
                       for (a, c, v, vm, u) in f.thresholds]
    g["doses"] = [{"amount": a, "amount_max": am, "unit": u, "frequency": fr, "max": mx}
                  for (a, am, u, fr, mx) in f.doses]
    return g


def tree_leaves(t):
    if isinstance(t, str):
        return [t]
    out = []
    for i in t["items"]:
        out.extend(tree_leaves(i))
    return out


# --------------------------------------------------------------------------------------
# DOCX helpers (real numbering)
# --------------------------------------------------------------------------------------
from docx import Document  # noqa: E402
from docx.enum.table import WD_TABLE_ALIGNMENT  # noqa: E402
from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: E402
from docx.oxml import parse_xml  # noqa: E402
from docx.oxml.ns import nsdecls, qn  # noqa: E402
from docx.shared import Cm, Pt, RGBColor  # noqa: E402

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


class Numbering:
    BULLET_GLYPHS = ["\u2022", "\u2013", "\u25e6"]
    NUM_FMTS = [("decimal", "%1."), ("lowerLetter", "%2."), ("lowerRoman", "%3.")]

    def __init__(self, doc, base_indent_cm=0.0):
        self.doc = doc
        self.el = doc.part.numbering_part.element
        ids = [int(a.get(qn("w:abstractNumId"))) for a in self.el.findall(qn("w:abstractNum"))]
        nums = [int(a.get(qn("w:numId"))) for a in self.el.findall(qn("w:num"))]
        self.next_abs = max(ids + [0]) + 1
        self.next_num = max(nums + [0]) + 1
        self.abs_bullet = self._add_abstract("bullet", base_indent_cm)
        self.abs_number = self._add_abstract("number", base_indent_cm)

    def _add_abstract(self, kind, base):
        aid = self.next_abs
        self.next_abs += 1
        lvls = []
        for i in range(3):
            left = int((base + 0.63 * (i + 1)) * 567)
            hang = int(0.5 * 567)
            if kind == "bullet":
                fmt, txt = "bullet", self.BULLET_GLYPHS[i]
            else:
                fmt, txt = self.NUM_FMTS[i]
            lvls.append(
                f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
                f'<w:lvlText w:val="{txt}"/><w:lvlJc w:val="left"/>'
                f'<w:pPr><w:ind w:left="{left}" w:hanging="{hang}"/></w:pPr>'
                + ('<w:rPr><w:rFonts w:ascii="Liberation Sans" w:hAnsi="Liberation Sans"/></w:rPr>'
                   if kind == "bullet" else "") + '</w:lvl>')
        xml = (f'<w:abstractNum {W_NS} w:abstractNumId="{aid}">'
               f'<w:multiLevelType w:val="hybridMultilevel"/>' + "".join(lvls) + "</w:abstractNum>")
        el = parse_xml(xml)
        first_num = self.el.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(el)
        else:
            self.el.append(el)
        return aid

    def new_list(self, kind):
        nid = self.next_num
        self.next_num += 1
        aid = self.abs_bullet if kind == "bullet" else self.abs_number
        overrides = "".join(
            f'<w:lvlOverride w:ilvl="{i}"><w:startOverride w:val="1"/></w:lvlOverride>'
            for i in range(3)) if kind == "number" else ""
        self.el.append(parse_xml(
            f'<w:num {W_NS} w:numId="{nid}"><w:abstractNumId w:val="{aid}"/>{overrides}</w:num>'))
        return nid


def set_numpr(par, num_id, ilvl):
    pPr = par._p.get_or_add_pPr()
    numPr = parse_xml(f'<w:numPr {W_NS}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>')
    existing = pPr.find(qn("w:numPr"))
    if existing is not None:
        pPr.remove(existing)
    pPr.insert(0, numPr) if pPr.find(qn("w:pStyle")) is None else pPr.find(qn("w:pStyle")).addnext(numPr)


def style_name(kind, lvl):
    base = "List Bullet" if kind == "bullet" else "List Number"
    return base if lvl == 0 else f"{base} {lvl + 1}"


class ParFactory:
    """Yields paragraphs either in the document body or inside a table cell."""

    def __init__(self, container, first_par=None):
        self.c = container
        self.first = first_par

    def add(self, style=None):
        if self.first is not None:
            p = self.first
            self.first = None
            if style:
                p.style = style
            return p
        return self.c.add_paragraph(style=style)


def docx_blocks(pf: ParFactory, numbering: Numbering, blocks, space_after=Pt(3)):
    for b in blocks:
        if b[0] == "p":
            p = pf.add()
            p.add_run(b[1])
            p.paragraph_format.space_after = space_after
        elif b[0] == "sub":
            p = pf.add()
            r = p.add_run(b[1])
            r.bold = True
            r.italic = True
            p.paragraph_format.space_after = Pt(1)
            p.paragraph_format.keep_with_next = True
        elif b[0] == "conn":
            p = pf.add()
            r = p.add_run(b[1])
            r.bold = True
            p.paragraph_format.space_before = Pt(2)
            p.paragraph_format.space_after = Pt(2)
        else:
            nid = numbering.new_list(b[1])

            def emit(lst, lvl):
                for txt, sub in lst[2]:
                    p = pf.add(style=style_name(lst[1], lvl))
                    set_numpr(p, nid, lvl)
                    p.add_run(txt)
                    p.paragraph_format.space_after = Pt(1)
                    if sub:
                        if sub[1] != lst[1]:
                            # a different list kind nested inside: keep one numId per kind
                            emit_other(sub, lvl + 1)
                        else:
                            emit(sub, lvl + 1)

            def emit_other(lst, lvl):
                nid2 = numbering.new_list(lst[1])
                for txt, sub in lst[2]:
                    p = pf.add(style=style_name(lst[1], lvl))
                    set_numpr(p, nid2, lvl)
                    p.add_run(txt)
                    p.paragraph_format.space_after = Pt(1)
                    if sub:
                        emit(sub, lvl + 1)

            emit(b, 0)


def set_base_font(doc, name="Liberation Sans", size=10):
    st = doc.styles["Normal"]
    st.font.name = name
    st.font.size = Pt(size)
    rpr = st.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = parse_xml(f'<w:rFonts {W_NS}/>')
        rpr.append(rfonts)
    for a in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(a), name)
    for sname in ("Title", "Heading 1", "Heading 2", "Heading 3", "Subtitle"):
        s = doc.styles[sname]
        s.font.name = name
        r = s.element.get_or_add_rPr()
        rf = r.find(qn("w:rFonts"))
        if rf is None:
            rf = parse_xml(f'<w:rFonts {W_NS}/>')
            r.append(rf)
        for a in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            rf.set(qn(a), name)
        for th in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
            if rf.get(qn(th)) is not None:
                del rf.attrib[qn(th)]


def shade(cell_or_par_el, fill):
    cell_or_par_el.append(parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{fill}"/>'))


# --------------------------------------------------------------------------------------
# Document 1 rendering
# --------------------------------------------------------------------------------------
def build_au_docx(path: Path):
    doc = Document()
    sec = doc.sections[0]
    sec.page_height, sec.page_width = Cm(29.7), Cm(21.0)
    sec.left_margin = sec.right_margin = Cm(2.0)
    sec.top_margin = sec.bottom_margin = Cm(1.8)
    set_base_font(doc, size=10)
    for sname, size, color in (("Title", 20, "1F3864"), ("Heading 1", 14, "1F3864"),
                               ("Heading 2", 13, "7B2C5E")):
        s = doc.styles[sname]
        s.font.size = Pt(size)
        s.font.color.rgb = RGBColor.from_string(color)
        s.font.bold = True
        s.font.italic = False
    doc.styles["Heading 1"].paragraph_format.space_before = Pt(10)
    doc.styles["Heading 2"].paragraph_format.space_before = Pt(4)
    numbering = Numbering(doc)

    # running footer
    fp = sec.footer.paragraphs[0]
    fp.text = "Criteria for the Clinical Use of Immunoglobulin in Australia \u2013 test extract"
    fp.runs[0].font.size = Pt(8)

    doc.add_paragraph(AU_TITLE, style="Title")
    p = doc.add_paragraph()
    r = p.add_run(AU_SUBTITLE)
    r.italic = True
    r.font.size = Pt(11)
    pf = ParFactory(doc)
    for title, paras in AU_FRONT:
        doc.add_paragraph(title, style="Heading 1")
        for t in paras:
            doc.add_paragraph(t).paragraph_format.space_after = Pt(4)
    doc.add_paragraph("Conditions", style="Heading 1")
    doc.add_paragraph(
        "The condition pages follow. Criteria joined by AND must all be met; where criteria "
        "are joined by OR, only one of the joined criteria needs to be met."
    ).paragraph_format.space_after = Pt(4)
    for k, ind in enumerate(AU_CONDITIONS):
        h = doc.add_paragraph(ind.name, style="Heading 2")
        h.paragraph_format.space_before = Pt(14)
        h.paragraph_format.keep_with_next = True
        for f in ind.fields:
            lp = doc.add_paragraph()
            lr = lp.add_run(f.label)
            lr.bold = True
            lr.font.color.rgb = RGBColor.from_string("7B2C5E")
            lp.paragraph_format.space_before = Pt(5)
            lp.paragraph_format.space_after = Pt(1)
            lp.paragraph_format.keep_with_next = True
            # thin rule under the label
            pPr = lp._p.get_or_add_pPr()
            pPr.append(parse_xml(
                f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="4" w:space="1" '
                f'w:color="BFBFBF"/></w:pBdr>'))
            docx_blocks(pf, numbering, field_blocks(f))
    for title, paras in AU_BACK:
        doc.add_paragraph(title, style="Heading 1")
        for t in paras:
            doc.add_paragraph(t).paragraph_format.space_after = Pt(4)
    doc.save(path)


# --------------------------------------------------------------------------------------
# Document 2 rendering (HTML for Chromium, DOCX with real tables)
# --------------------------------------------------------------------------------------
NHS_CSS = """
@page { size: A4; margin: 18mm 17mm 20mm 17mm; }
body { font-family: 'Liberation Sans', Arial, sans-serif; font-size: 10.5pt; color: #111;
       line-height: 1.32; }
.org { color: #005EB8; font-weight: bold; font-size: 10pt; text-align: right;
       border-bottom: 3px solid #005EB8; padding-bottom: 4px; margin-bottom: 18px; }
h1.title { font-size: 20pt; color: #005EB8; margin: 8px 0 14px 0; line-height: 1.2; }
table.meta { border-collapse: collapse; margin-bottom: 16px; }
table.meta td { padding: 2px 10px 2px 0; font-size: 9.5pt; }
h2 { font-size: 14pt; color: #005EB8; margin: 18px 0 6px 0; }
h3 { font-size: 12pt; color: #003087; margin: 16px 0 6px 0; break-after: avoid; }
p { margin: 0 0 6px 0; }
table.ind { border-collapse: collapse; width: 100%; margin: 4px 0 12px 0; }
table.ind td { border: 1px solid #4c6272; padding: 5px 7px; vertical-align: top; }
table.ind td.lab { width: 27%; background: #E8EDEE; font-weight: bold; }
table.ind tr { break-inside: auto; }
td p { margin: 0 0 4px 0; }
td p.conn { font-weight: bold; margin: 4px 0; }
ul, ol { margin: 2px 0 4px 0; padding-left: 20px; }
ul { list-style-type: disc; }
ul ul { list-style-type: circle; }
ul ul ul { list-style-type: square; }
ol { list-style-type: decimal; }
ol ol { list-style-type: lower-alpha; }
ol ol ol { list-style-type: lower-roman; }
li { margin: 1px 0; }
.footer-note { font-size: 8.5pt; color: #555; margin-top: 18px; }
"""


def html_blocks(blocks):
    out = []

    def lst(b, depth):
        tag = "ol" if b[1] == "number" else "ul"
        s = [f"<{tag}>"]
        for txt, sub in b[2]:
            s.append("<li>" + html.escape(txt) + (lst(sub, depth + 1) if sub else "") + "</li>")
        s.append(f"</{tag}>")
        return "".join(s)

    for b in blocks:
        if b[0] == "p":
            out.append(f"<p>{html.escape(b[1])}</p>")
        elif b[0] == "sub":
            out.append(f"<p><b><i>{html.escape(b[1])}</i></b></p>")
        elif b[0] == "conn":
            out.append(f'<p class="conn">{b[1]}</p>')
        else:
            out.append(lst(b, 0))
    return "\n".join(out)


def build_nhs_html(spacer_mm=0.0):
    h = ["<!DOCTYPE html><html><head><meta charset='utf-8'><title>", html.escape(NHS_TITLE),
         "</title><style>", NHS_CSS, "</style></head><body>"]
    h.append('<div class="org">Specialised Services Commissioning \u2013 test document</div>')
    h.append(f'<h1 class="title">{html.escape(NHS_TITLE)}</h1>')
    h.append('<table class="meta">' + "".join(
        f"<tr><td><b>{html.escape(k)}</b></td><td>{html.escape(v)}</td></tr>"
        for k, v in NHS_META) + "</table>")
    for num, title, paras in NHS_PRE:
        h.append(f"<h2>{num} {html.escape(title)}</h2>")
        h.extend(f"<p>{html.escape(t)}</p>" for t in paras)
    if spacer_mm:
        h.append(f'<div style="height:{spacer_mm}mm"></div>')
    for ind in NHS_INDICATIONS:
        h.append(f"<h3>{ind.number} {html.escape(ind.name)}</h3>")
        h.append('<table class="ind">')
        for f in ind.fields:
            h.append(f'<tr><td class="lab">{html.escape(f.label)}</td><td>'
                     f"{html_blocks(field_blocks(f))}</td></tr>")
        h.append("</table>")
    for num, title, paras in NHS_POST:
        h.append(f"<h2>{num} {html.escape(title)}</h2>")
        h.extend(f"<p>{html.escape(t)}</p>" for t in paras)
    h.append('<p class="footer-note">This document was produced for software testing. Its '
             "content is invented and must not be used as clinical guidance.</p>")
    h.append("</body></html>")
    return "".join(h)


def print_chromium(html_text: str, pdf_path: Path):
    from playwright.sync_api import sync_playwright
    with tempfile.TemporaryDirectory() as td:
        hp = Path(td) / "doc.html"
        hp.write_text(html_text, encoding="utf-8")
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path="/usr/bin/chromium")
            pg = b.new_page()
            pg.goto(hp.as_uri())
            pg.pdf(path=str(pdf_path), format="A4", print_background=True,
                   display_header_footer=True,
                   header_template="<span></span>",
                   footer_template="<div style='font-size:8px;width:100%;text-align:center;"
                                   "color:#555'>Page <span class='pageNumber'></span> of "
                                   "<span class='totalPages'></span></div>",
                   margin={"top": "18mm", "bottom": "20mm", "left": "17mm", "right": "17mm"})
            b.close()


def build_nhs_docx(path: Path):
    doc = Document()
    sec = doc.sections[0]
    sec.page_height, sec.page_width = Cm(29.7), Cm(21.0)
    sec.left_margin = sec.right_margin = Cm(1.8)
    sec.top_margin = sec.bottom_margin = Cm(1.8)
    set_base_font(doc, size=10)
    for sname, size in (("Title", 18), ("Heading 1", 14), ("Heading 2", 12)):
        s = doc.styles[sname]
        s.font.size = Pt(size)
        s.font.color.rgb = RGBColor.from_string("005EB8")
        s.font.bold = True
    numbering = Numbering(doc)
    p = doc.add_paragraph("Specialised Services Commissioning \u2013 test document")
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    p.runs[0].bold = True
    doc.add_paragraph(NHS_TITLE, style="Title")
    mt = doc.add_table(rows=0, cols=2)
    for k, v in NHS_META:
        cells = mt.add_row().cells
        cells[0].paragraphs[0].add_run(k).bold = True
        cells[1].paragraphs[0].add_run(v)
    for num, title, paras in NHS_PRE:
        doc.add_paragraph(f"{num} {title}", style="Heading 1")
        for t in paras:
            doc.add_paragraph(t)
    for ind in NHS_INDICATIONS:
        doc.add_paragraph(f"{ind.number} {ind.name}", style="Heading 2")
        t = doc.add_table(rows=0, cols=2)
        t.style = doc.styles["Table Grid"]
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        for f in ind.fields:
            cells = t.add_row().cells
            cells[0].width, cells[1].width = Cm(4.6), Cm(12.8)
            shade(cells[0]._tc.get_or_add_tcPr(), "E8EDEE")
            cells[0].paragraphs[0].add_run(f.label).bold = True
            docx_blocks(ParFactory(cells[1], cells[1].paragraphs[0]), numbering,
                        field_blocks(f), space_after=Pt(2))
        t.autofit = False
        for col, w in zip(t.columns, (Cm(4.6), Cm(12.8))):
            col.width = w
        doc.add_paragraph()
    for num, title, paras in NHS_POST:
        doc.add_paragraph(f"{num} {title}", style="Heading 1")
        for t in paras:
            doc.add_paragraph(t)
    doc.add_paragraph("This document was produced for software testing. Its content is "
                      "invented and must not be used as clinical guidance.")
    doc.save(path)


# --------------------------------------------------------------------------------------
# PDF text utilities, pages, self-check
# --------------------------------------------------------------------------------------
def pdf_pages(path: Path):
    import pypdfium2 as pdfium
    pdf = pdfium.PdfDocument(str(path))
    texts = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    pdf.close()
    return texts


def squash(s: str) -> str:
    s = s.replace("\u00ad", "").replace("\ufffe", "").replace("\u2010", "").replace("-", "")
    s = s.replace("\u2019", "'")
    s = re.sub(r"-\s*\r?\n\s*", "-", s)
    return re.sub(r"\s+", "", s).lower()


def find_heading_page(pages, heading, start=0):
    target = squash(heading)
    for i in range(start, len(pages)):
        for line in pages[i].splitlines():
            if squash(line) == target:
                return i + 1
    for i in range(start, len(pages)):
        if target in squash(pages[i]):
            return i + 1
    return None


def soffice_pdf(docx_path: Path, outdir: Path):
    prof = Path(tempfile.gettempdir()) / "lo_blind2_tables"
    subprocess.run(["/usr/bin/soffice", f"-env:UserInstallation=file://{prof}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(outdir), str(docx_path)],
                   check=True, capture_output=True, timeout=240)


def make_gold(docname, fmt, producer, style, title, sections, indications, rel_dir):
    return {
        "source": f"{rel_dir}/{docname}.{fmt}",
        "producer": producer,
        "style": style,
        "title": title,
        "sections": sections,
        "indications": [{"name": ind.name, "fields": [field_gold(f) for f in ind.fields]}
                        for ind in indications],
    }


def check(pdf_path, gold):
    pages = pdf_pages(pdf_path)
    full = squash("\n".join(pages))
    problems = []
    for s in gold["sections"]:
        if squash(s["title"]) not in full:
            problems.append(("section", s["title"]))
        if s["page"] is None:
            problems.append(("section page", s["title"]))
    n_leaves = n_thr = n_doses = n_fields = 0
    for ind in gold["indications"]:
        if squash(ind["name"]) not in full:
            problems.append(("indication", ind["name"]))
        for f in ind["fields"]:
            n_fields += 1
            if f["label"] and squash(f["label"]) not in full:
                problems.append(("label", f["label"]))
            for line in f["text"].split("\n"):
                if squash(line) not in full:
                    problems.append(("text line", line))
            if "criteria" in f:
                for leaf in tree_leaves(f["criteria"]):
                    n_leaves += 1
                    if squash(leaf) not in full:
                        problems.append(("leaf", leaf))
            ftxt = f["text"]
            for t in f["thresholds"]:
                n_thr += 1
                vals = [t["value"]] + ([t["value_max"]] if t["value_max"] is not None else [])
                for v in vals:
                    reps = {str(v), f"{v:g}", f"{abs(v):g}", f"{v:.1f}"}
                    if not any(r in ftxt for r in reps):
                        problems.append(("threshold value", t["analyte"], v))
            for d in f["doses"]:
                n_doses += 1
                if f"{d['amount']:g}" not in ftxt:
                    problems.append(("dose amount", d["amount"]))
                if d["frequency"] and d["frequency"] not in ftxt:
                    problems.append(("dose freq", d["frequency"]))
                if d["max"] and d["max"] not in ftxt:
                    problems.append(("dose max", d["max"]))
    return {"pages": len(pages), "fields": n_fields, "leaves": n_leaves, "thresholds": n_thr,
            "doses": n_doses, "problems": problems}


def row_split_info(pdf_path):
    """Return (label, page) pairs for NHS table rows whose text continues on the next page."""
    pages = [squash(t) for t in pdf_pages(pdf_path)]
    out = []
    for ind in NHS_INDICATIONS:
        start = next(i for i, p in enumerate(pages) if squash(f"{ind.number} {ind.name}") in p)
        for f in ind.fields:
            lines = [squash(x) for x in blocks_text_lines(field_blocks(f))]
            first = max(lines[:2], key=len)
            pg_first = next((i for i in range(start, len(pages)) if first in pages[i]), None)
            pg_last = next((i for i in range(start, len(pages)) if lines[-1] in pages[i]), None)
            if pg_first is not None and pg_last is not None and pg_last > pg_first:
                out.append((ind.number, f.label, pg_first + 1, pg_last + 1))
    return out


# --------------------------------------------------------------------------------------
def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=str(DEF_OUT), help="directory for PDF/DOCX documents")
    ap.add_argument("--gold", default=str(DEF_GOLD), help="directory for gold JSON")
    args = ap.parse_args()
    out, gold_dir = Path(args.out), Path(args.gold)
    out.mkdir(parents=True, exist_ok=True)
    gold_dir.mkdir(parents=True, exist_ok=True)
    try:
        rel_dir = str(out.resolve().relative_to(ROOT))
    except ValueError:
        rel_dir = str(out)

    summary = []
    # ---------------- document 1 ----------------
    au = "au_ig_conditions"
    build_au_docx(out / f"{au}.docx")
    with tempfile.TemporaryDirectory() as td:
        shutil.copy(out / f"{au}.docx", Path(td) / f"{au}.docx")
        soffice_pdf(Path(td) / f"{au}.docx", Path(td))
        shutil.copy(Path(td) / f"{au}.pdf", out / f"{au}.pdf")
    au_secs = ([(None, t, 1) for t, _ in AU_FRONT] + [(None, "Conditions", 1)]
               + [(None, c.name, 2) for c in AU_CONDITIONS] + [(None, t, 1) for t, _ in AU_BACK])
    au_style = ("Australian national 'Criteria for the Clinical Use of Immunoglobulin' condition "
                "pages: unnumbered condition headings with labelled blocks and AND/OR lines")
    pages = pdf_pages(out / f"{au}.pdf")
    secs_pdf, last = [], 0
    for num, t, lvl in au_secs:
        pg = find_heading_page(pages, t, max(last - 1, 0))
        last = pg or last
        secs_pdf.append({"number": num, "title": t, "level": lvl, "page": pg})
    for fmt, producer, secs in (
            ("pdf", "libreoffice", secs_pdf),
            ("docx", "python-docx", [dict(s, page=None) for s in secs_pdf])):
        g = make_gold(au, fmt, producer, au_style, AU_TITLE, secs, AU_CONDITIONS, rel_dir)
        (gold_dir / f"{au}_{fmt}.json").write_text(json.dumps(g, indent=2, ensure_ascii=False)
                                                   + "\n", encoding="utf-8")
        if fmt == "pdf":
            summary.append((au + ".pdf", check(out / f"{au}.pdf", g), len(AU_CONDITIONS)))

    # ---------------- document 2 ----------------
    nhs = "nhs_table_policy"
    print_chromium(build_nhs_html(), out / f"{nhs}.pdf")
    build_nhs_docx(out / f"{nhs}.docx")
    nhs_secs = ([(n, t, 1) for n, t, _ in NHS_PRE]
                + [(i.number, i.name, 2) for i in NHS_INDICATIONS]
                + [(n, t, 1) for n, t, _ in NHS_POST])
    nhs_style = ("NHS England-like clinical commissioning policy: numbered sections and one "
                 "two-column label|text table per indication")
    pages = pdf_pages(out / f"{nhs}.pdf")
    secs_pdf, last = [], 0
    for num, t, lvl in nhs_secs:
        pg = find_heading_page(pages, f"{num} {t}", max(last - 1, 0))
        last = pg or last
        secs_pdf.append({"number": num, "title": t, "level": lvl, "page": pg})
    for fmt, producer, secs in (
            ("pdf", "chromium", secs_pdf),
            ("docx", "python-docx", [dict(s, page=None) for s in secs_pdf])):
        g = make_gold(nhs, fmt, producer, nhs_style, NHS_TITLE, secs, NHS_INDICATIONS, rel_dir)
        (gold_dir / f"{nhs}_{fmt}.json").write_text(json.dumps(g, indent=2, ensure_ascii=False)
                                                    + "\n", encoding="utf-8")
        if fmt == "pdf":
            summary.append((nhs + ".pdf", check(out / f"{nhs}.pdf", g), len(NHS_INDICATIONS)))
    splits = row_split_info(out / f"{nhs}.pdf")

    ok = True
    for name, res, n_ind in summary:
        print(f"{name}: pages={res['pages']} indications={n_ind} fields={res['fields']} "
              f"leaves={res['leaves']} thresholds={res['thresholds']} doses={res['doses']}")
        for pr in res["problems"]:
            ok = False
            print("   PROBLEM:", pr)
    print("NHS table rows split across pages:", splits or "NONE")
    print("self-check:", "OK" if ok else "FAILED")


if __name__ == "__main__":
    main()
