#!/usr/bin/env python
"""Generate the blind4 policy test set: four invented drug-coverage / commissioning
policy documents, each produced as DOCX and PDF, with one gold JSON per produced file.

All clinical content is INVENTED (plausible, but not real guidance).

Documents (corpora/policies/blind4/):

1. ke_formulary            -- national formulary "restricted medicines" booklet
   (Kenya/Malaysia-like). Numbered sections; each medicine + condition is a numbered
   sub-heading ("3.1 Infliximab – Crohn's disease") followed by a bordered 2-column table
   whose first row is a bold header ("Item | Details" / "Parameter | Criteria"); rows are
   labelled fields (Indication, Who may prescribe, Eligibility (all required), Do not use if,
   Dose, Monitoring, Continuation, Authorisation period ... labels vary per medicine);
   criteria are nested bullet lists inside the cells.
   PDF: Chromium (HTML + CSS borders, nested <ul>).  DOCX: python-docx (Table Grid, List
   Bullet / List Bullet 2 styles inside the cells).

2. hospital_dtc_protocol   -- hospital Drugs & Therapeutics Committee protocol: title page,
   version table, "Part 1 – Background", "Part 2 – Criteria" where each indication is a bold
   unnumbered heading followed by a 3-column table "Phase | Requirements | Documentation
   required" with rows Initiation / Continuation / Discontinuation; requirements are typed
   "1)", "2)" items (nested "a)") introduced by a lead sentence such as "Criteria 1 and 2 and
   one of 3 or 4 must be met:"; a run-in "Dose:" paragraph follows each table.
   DOCX: python-docx.  PDF: LibreOffice conversion of the DOCX.

3. provincial_eap          -- provincial exceptional-access reimbursement criteria: a
   capitalised heading per drug, a heading per condition, run-in bold labels ("Initial
   approval:", "Renewal:", "Not funded:", "Dosage:", "Duration of approval:", "Diagnosis:"),
   criteria as typed "(i)"/"(ii)" items with "(a)"/"(b)" nested, bare AND / OR lines between
   some items, and some criteria written as prose sentences.
   PDF: Chromium (HTML).  DOCX: python-docx with typed markers and hanging indents.

4. board_guideline         -- health-board clinical guideline: numbered sections, "3.1
   <condition>" as Word Heading 2, short bold paragraph labels (Who qualifies, Exclusions,
   Regimen, Review, When to stop, Length of treatment), criteria as real Word multi-level
   numbered lists (custom numbering definition 1. / a. / i.), stems "all of:", "either of:",
   "at least two of:", items ending "; and" / "; or"; one condition (Gaucher disease) is
   written as prose paragraphs with coordinated clauses.
   DOCX: python-docx.  PDF: LibreOffice conversion of the DOCX.

Gold (corpora/gold/policy/blind4/<docname>_<pdf|docx>.json) follows
corpora/gold/policy/blind2/CONVENTIONS.md.  Content is held once as Python data below; the
documents and the gold files are both written from it.  After generation the script checks
that every section title, every criteria leaf / stem and every field text line can be found
in the text extracted from each PDF (pypdfium2) and DOCX (python-docx).

Run:  /work/main/.venv/bin/python scripts/make_policy_blind4.py
"""
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import docx
import pypdfium2 as pdfium
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor

ROOT = Path(__file__).resolve().parent.parent
SET = "blind4"
DOC_DIR = ROOT / "corpora" / "policies" / SET
GOLD_DIR = ROOT / "corpora" / "gold" / "policy" / SET
CRIT_ROLES = {"selection_criteria", "exclusion_criteria", "continuation_criteria", "diagnosis"}


# ----------------------------------------------------------------------------------------
# data model
# ----------------------------------------------------------------------------------------
class Node:
    def __init__(self, op, items, stem=None, min=None, conn=None):
        self.op, self.items, self.stem, self.min, self.conn = op, list(items), stem, min, conn


def AND(*items, stem=None, conn=None):
    return Node("AND", items, stem, None, conn)


def OR(*items, stem=None, conn=None):
    return Node("OR", items, stem, None, conn)


def ATLEAST(n, *items, stem=None, conn=None):
    return Node("OR", items, stem, n, conn)


def node_json(n):
    if isinstance(n, str):
        return n
    d = {"op": n.op, "stem": n.stem}
    if n.min:
        d["min"] = n.min
    d["items"] = [node_json(i) for i in n.items]
    return d


def T(analyte, comparator, value, unit=None, value_max=None):
    return {"analyte": analyte, "comparator": comparator, "value": value,
            "value_max": value_max, "unit": unit}


def D(amount, unit, frequency=None, amount_max=None, max=None):
    return {"amount": amount, "amount_max": amount_max, "unit": unit,
            "frequency": frequency, "max": max}


class Field:
    """A labelled block of an indication.

    prose   -- paragraphs printed before the list (or the whole text of a prose field)
    tree    -- criteria tree; when given it is rendered as a list (root stem = lead line)
    after   -- paragraphs printed after the list
    criteria-- explicit criteria tree for prose fields (leaves are substrings of the prose)
    """

    def __init__(self, label, role, tree=None, prose=(), after=(), criteria=None,
                 th=(), doses=()):
        self.label, self.role, self.tree = label, role, tree
        self.prose, self.after = list(prose), list(after)
        self.criteria, self.th, self.doses = criteria, list(th), list(doses)
        self.lines = []  # rendered list lines, filled by render()

    def render(self, default_conn):
        self.lines = render_entries(self.tree, default_conn) if self.tree else []
        return self

    def text_lines(self):
        out = list(self.prose)
        if self.tree is not None and self.tree.stem:
            out.append(self.tree.stem)
        out += [ln["text"] for ln in self.lines]
        out += self.after
        return out

    def gold(self):
        g = {"label": self.label, "role": self.role, "text": "\n".join(self.text_lines())}
        if self.role in CRIT_ROLES:
            if self.tree is not None:
                g["criteria"] = node_json(self.tree)
            elif self.criteria is not None:
                g["criteria"] = node_json(self.criteria)
            else:
                g["criteria"] = {"op": "AND", "stem": None, "items": []}
        g["thresholds"] = self.th
        g["doses"] = self.doses
        return g


class Indication:
    def __init__(self, name, fields, **extra):
        self.name, self.fields, self.extra = name, fields, extra

    def gold(self):
        return {"name": self.name, "fields": [f.gold() for f in self.fields]}


def flatten(node, level=0, anc=()):
    out = []
    anc2 = anc + (node,)
    for it in node.items:
        if isinstance(it, str):
            out.append({"level": level, "text": it, "anc": anc2, "stem_of": None})
        elif it.stem:
            out.append({"level": level, "text": it.stem, "anc": anc2, "stem_of": it})
            out += flatten(it, level + 1, anc2)
        else:
            out += flatten(it, level, anc2)
    return out


def render_entries(root, default_conn):
    """Turn a criteria tree into printed list lines.

    Each line: {"kind": "item"|"conn", "level", "idx", "text"}.  Connectives between
    neighbouring items come from their lowest common node: 'suffix' appends "; and"/"; or",
    'lines' inserts a bare AND / OR line, 'none' prints nothing (the stem says it)."""
    ents = flatten(root)
    lines, counters = [], {}
    root_mode = root.conn or default_conn
    for k, e in enumerate(ents):
        lvl = e["level"]
        counters[lvl] = counters.get(lvl, 0) + 1
        for deeper in [x for x in counters if x > lvl]:
            del counters[deeper]
        conn = None
        if k + 1 < len(ents):
            nx = ents[k + 1]
            if not (e["stem_of"] is not None and any(a is e["stem_of"] for a in nx["anc"])):
                lca = None
                for a, b in zip(e["anc"], nx["anc"]):
                    if a is b:
                        lca = a
                    else:
                        break
                conn = (lca.op, lca.conn or default_conn, nx["level"])
        text = e["text"]
        if conn and conn[1] == "suffix":
            text += "; and" if conn[0] == "AND" else "; or"
        elif k + 1 == len(ents) and root_mode == "suffix" and not text.endswith((":", ".")):
            text += "."
        lines.append({"kind": "item", "level": lvl, "idx": counters[lvl], "text": text,
                      "stem": e["stem_of"] is not None})
        if conn and conn[1] == "lines":
            lines.append({"kind": "conn", "level": conn[2], "idx": None, "text": conn[0]})
    return lines


def leaves_and_stems(n, out):
    if isinstance(n, str):
        out.append(n)
        return out
    if n.stem:
        out.append(n.stem)
    for i in n.items:
        leaves_and_stems(i, out)
    return out


def roman(n):
    vals = [(10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
    s = ""
    for v, r in vals:
        while n >= v:
            s += r
            n -= v
    return s


def section_printed(sec):
    return sec.get("printed") or (f"{sec['number']} {sec['title']}" if sec["number"] else sec["title"])


# ----------------------------------------------------------------------------------------
# document 1: ke_formulary
# ----------------------------------------------------------------------------------------
def doc_ke_formulary():
    X9 = "×10⁹/L"
    ind_ifx = Indication("Infliximab – Crohn's disease", [
        Field("Indication", "indication_for_use",
              prose=["Moderately to severely active Crohn's disease in adults and in children aged 6 years and above"],
              th=[T("age", ">=", 6, "years")]),
        Field("Who may prescribe", None,
              prose=["Consultant gastroenterologist or paediatric gastroenterologist at a Level 5 or Level 6 hospital"]),
        Field("Eligibility (all required)", "selection_criteria", tree=AND(
            "Diagnosis of Crohn's disease confirmed by ileocolonoscopy and histology",
            "Harvey-Bradshaw Index (HBI) of 8 or more",
            OR("corticosteroid dependence (unable to reduce prednisolone below 10 mg daily within 3 months)",
               "no response to azathioprine or mercaptopurine given for at least 12 weeks",
               "intolerance of both thiopurines and methotrexate",
               stem="Failure of conventional therapy, defined as one of:"),
            "Latent tuberculosis and hepatitis B screening completed and negative, or treated"),
            th=[T("HBI", ">=", 8, None)]),
        Field("Do not use if", "exclusion_criteria", tree=OR(
            "Active tuberculosis or other serious active infection",
            "Moderate to severe heart failure (NYHA class III or IV)",
            "Undrained intra-abdominal or perianal abscess",
            "History of demyelinating disease")),
        Field("Dose", "dose",
              prose=["5 mg/kg by intravenous infusion at weeks 0, 2 and 6",
                     "Maintenance: 5 mg/kg every 8 weeks (maximum 10 mg/kg per infusion on specialist advice for loss of response)"],
              doses=[D(5, "mg/kg", "at weeks 0, 2 and 6"),
                     D(5, "mg/kg", "every 8 weeks", max="10 mg/kg per infusion")]),
        Field("Monitoring", "outcome_measures",
              prose=["HBI and C-reactive protein (CRP) at week 14, then every 6 months",
                     "Full blood count and liver function tests before each infusion"]),
        Field("Continuation", "continuation_criteria", tree=AND(
            OR("fall in HBI of at least 3 points from baseline",
               "CRP below 10 mg/L",
               stem="Response at week 14, shown by one of:"),
            "No serious infusion reaction or infection"),
            th=[T("HBI reduction", ">=", 3, "points"), T("CRP", "<", 10, "mg/L")]),
        Field("Authorisation period", "duration",
              prose=["Initial authorisation: 6 months", "Renewal: 12 months at a time"]),
    ], header=("Item", "Details"))

    ind_vdz = Indication("Vedolizumab – Ulcerative colitis", [
        Field("Indication", "indication_for_use",
              prose=["Moderately to severely active ulcerative colitis in adults"]),
        Field("Prescriber", None, prose=["Consultant gastroenterologist (IBD service)"]),
        Field("Eligibility criteria (all must apply)", "selection_criteria", tree=AND(
            "Age 18 years or older",
            "Total Mayo score of 6 to 12 with an endoscopic subscore of at least 2",
            OR("oral or intravenous corticosteroids",
               "azathioprine or mercaptopurine",
               "a TNF-alpha inhibitor (infliximab or adalimumab)",
               stem="Inadequate response to, loss of response to, or intolerance of at least one of:"),
            "Stool culture and Clostridioides difficile toxin negative within the previous 4 weeks"),
            th=[T("age", ">=", 18, "years"), T("Mayo score", "range", 6, None, 12),
                T("Mayo endoscopic subscore", ">=", 2, None)]),
        Field("Exclusions", "exclusion_criteria", tree=OR(
            "Active severe infection, including cytomegalovirus colitis",
            "Progressive multifocal leukoencephalopathy (PML) at any time",
            "Toxic megacolon or imminent colectomy")),
        Field("Dosage", "dose",
              prose=["300 mg by intravenous infusion at weeks 0, 2 and 6, then 300 mg every 8 weeks"],
              doses=[D(300, "mg", "at weeks 0, 2 and 6"), D(300, "mg", "every 8 weeks")]),
        Field("Response assessment", "outcome_measures",
              prose=["Partial Mayo score at week 14 and every 6 months thereafter"]),
        Field("Renewal", "continuation_criteria", tree=AND(
            OR("partial Mayo score of 2 or less with no subscore above 1",
               "reduction in partial Mayo score of at least 2 points from baseline",
               stem="Continuing benefit, shown by one of:"),
            "Off oral corticosteroids for at least 8 weeks"),
            th=[T("partial Mayo score", "<=", 2, None),
                T("partial Mayo score reduction", ">=", 2, "points")]),
        Field("Approval period", "duration", prose=["12 months; renewable every 12 months"]),
    ], header=("Parameter", "Criteria"))

    ind_ere = Indication("Erenumab – Chronic migraine", [
        Field("Indication", "indication_for_use",
              prose=["Prevention of chronic migraine in adults"]),
        Field("Who may prescribe", None,
              prose=["Consultant neurologist; continuation may be prescribed by the referring medical officer"]),
        Field("Eligibility (all required)", "selection_criteria", tree=AND(
            "Adult aged 18 to 65 years",
            "Chronic migraine (ICHD-3): headache on 15 or more days per month for more than 3 months, with migraine features on at least 8 of those days",
            "MIDAS score of 21 or more",
            ATLEAST(3, "amitriptyline", "propranolol or metoprolol", "topiramate",
                    "candesartan", "sodium valproate (men only)",
                    stem="Failure of at least three of the following preventive medicines, each taken for at least 3 months at an adequate dose:"),
            "Medication overuse headache treated or excluded"),
            th=[T("age", "range", 18, "years", 65), T("headache days", ">=", 15, "days per month"),
                T("MIDAS", ">=", 21, None)]),
        Field("Do not use if", "exclusion_criteria", tree=OR(
            "Pregnant or breastfeeding",
            "Uncontrolled hypertension",
            "Myocardial infarction, stroke or transient ischaemic attack in the previous 6 months",
            "Severe constipation")),
        Field("Dose", "dose",
              prose=["70 mg by subcutaneous injection every 4 weeks",
                     "May be increased to 140 mg every 4 weeks if response is inadequate after 3 months (maximum 140 mg every 4 weeks)"],
              doses=[D(70, "mg", "every 4 weeks"),
                     D(140, "mg", "every 4 weeks", max="140 mg every 4 weeks")]),
        Field("Monitoring", "outcome_measures",
              prose=["Headache diary and MIDAS score at baseline and at 12 weeks",
                     "Blood pressure at each review"]),
        Field("Continuation", "continuation_criteria", tree=AND(
            OR("a reduction of at least 50% in monthly migraine days",
               "a reduction of at least 30% in MIDAS score",
               stem="At 12 weeks, one of:"),
            "No serious adverse effects"),
            th=[T("monthly migraine days reduction", ">=", 50, "%"),
                T("MIDAS reduction", ">=", 30, "%")]),
        Field("Authorisation period", "duration",
              prose=["Initial: 3 months", "Continuation: 12 months"]),
    ], header=("Item", "Details"))

    ind_gh = Indication("Somatropin – Growth hormone deficiency in children", [
        Field("Indication", "indication_for_use",
              prose=["Growth failure due to growth hormone (GH) deficiency in children with open epiphyses"]),
        Field("Prescriber", None, prose=["Consultant paediatric endocrinologist"]),
        Field("Eligibility criteria (all must apply)", "selection_criteria", tree=AND(
            OR("height below -2.0 SDS for age and sex",
               "height velocity below -1.0 SDS measured over at least 12 months",
               stem="Auxology showing one of:"),
            AND("peak GH below 7 µg/L on two different stimulation tests",
                "MRI of the pituitary and hypothalamus performed",
                stem="GH deficiency confirmed by both:"),
            "Open epiphyses on bone age X-ray",
            "Hypothyroidism, coeliac disease and chronic systemic illness excluded"),
            th=[T("height SDS", "<", -2.0, "SDS"), T("height velocity SDS", "<", -1.0, "SDS"),
                T("peak GH", "<", 7, "µg/L")]),
        Field("Contraindications", "exclusion_criteria", tree=OR(
            "Active malignancy",
            "Proliferative or pre-proliferative diabetic retinopathy",
            "Closed epiphyses",
            "Acute critical illness")),
        Field("Dose", "dose",
              prose=["0.025–0.035 mg/kg daily by subcutaneous injection at bedtime"],
              doses=[D(0.025, "mg/kg", "daily", amount_max=0.035)]),
        Field("Monitoring", "outcome_measures",
              prose=["Height, weight and height velocity every 6 months",
                     "IGF-1, thyroid function and HbA1c every 12 months"]),
        Field("Continuation criteria", "continuation_criteria", tree=AND(
            "Increase in height velocity of at least 2 cm/year over the pre-treatment rate in the first year",
            "Good adherence confirmed by the dispensing record"),
            th=[T("height velocity increase", ">=", 2, "cm/year")]),
        Field("Stop treatment if", "continuation_criteria", tree=OR(
            "Height velocity falls below 2 cm/year",
            "Final height is reached",
            "Epiphyses have fused"),
            th=[T("height velocity", "<", 2, "cm/year")]),
        Field("Duration", "duration", prose=["12 months, renewable annually until final height"]),
    ], header=("Parameter", "Criteria"))

    blocks = [
        ("h", 1, "1", "Purpose of this booklet"),
        ("p", "This booklet lists medicines on the National Formulary that may be supplied only when the criteria below are met and an authorisation has been granted by the County Medicines and Therapeutics Committee. The criteria summarise the restrictions for prescribers and pharmacists; they do not replace the product information."),
        ("p", "Each entry is set out as a table. Unless a row says otherwise, every listed eligibility criterion must be satisfied."),
        ("h", 1, "2", "Applying for authorisation"),
        ("p", "Complete Form RM-1 and attach the investigations named in the table. Incomplete applications are returned to the prescriber. An authorisation is valid only at the facility named on the form."),
        ("h", 1, "3", "Gastrointestinal medicines"),
        ("p", "Biological therapy for inflammatory bowel disease is restricted to Level 5 and Level 6 hospitals with an established IBD service."),
        ("h", 2, "3.1", "Infliximab – Crohn's disease"), ("ind", ind_ifx),
        ("h", 2, "3.2", "Vedolizumab – Ulcerative colitis"), ("ind", ind_vdz),
        ("h", 1, "4", "Neurological medicines"),
        ("p", "Monoclonal antibodies against calcitonin gene-related peptide (CGRP) are reserved for patients managed in a specialist headache clinic."),
        ("h", 2, "4.1", "Erenumab – Chronic migraine"), ("ind", ind_ere),
        ("h", 1, "5", "Endocrine medicines"),
        ("h", 2, "5.1", "Somatropin – Growth hormone deficiency in children"), ("ind", ind_gh),
    ]
    return {
        "name": "ke_formulary",
        "title": "Restricted Medicines Booklet: Specialist Authorisation Criteria",
        "kicker": ["Ministry of Health", "National Medicines Formulary – 4th Edition (2025)"],
        "style": "national formulary restricted-medicines booklet (Kenya/Malaysia-like): numbered sub-headings per medicine, bordered 2-column tables with bold header row, nested bullets in cells",
        "pdf_producer": "chromium", "docx_producer": "python-docx",
        "conn": "none", "blocks": blocks,
    }


# ----------------------------------------------------------------------------------------
# document 2: hospital_dtc_protocol
# ----------------------------------------------------------------------------------------
def doc_hospital_dtc():
    X9 = "×10⁹/L"
    ind_mepo = Indication("Mepolizumab – severe eosinophilic asthma", [
        Field("Initiation", "selection_criteria", tree=AND(
            "Patient aged 18 years or over with severe asthma confirmed by a respiratory consultant",
            f"Blood eosinophil count of 0.3 {X9} or more recorded in the previous 12 months",
            "Adherence to high-dose inhaled corticosteroid plus a long-acting beta2-agonist confirmed by the asthma nurse",
            OR("At least 4 exacerbations needing systemic corticosteroids in the previous 12 months",
               "Continuous oral prednisolone of at least 5 mg daily for the previous 6 months"),
            stem="Criteria 1, 2 and 3 and one of 4 or 5 must be met:"),
            after=["Initiation request form (Appendix B); eosinophil count; exacerbation record"],
            th=[T("age", ">=", 18, "years"), T("blood eosinophil count", ">=", 0.3, "x10^9/L")]),
        Field("Continuation", "continuation_criteria", tree=AND(
            OR("Reduction of at least 50% in exacerbations needing systemic corticosteroids compared with the 12 months before treatment",
               "Asthma Control Questionnaire (ACQ-6) score improved by at least 0.5"),
            "Continued attendance at the severe asthma clinic",
            stem="Criterion 1 or 2, and criterion 3, must be met at the 12-month review:"),
            after=["Review form signed by the consultant; ACQ-6 score"],
            th=[T("ACQ-6 improvement", ">=", 0.5, "points")]),
        Field("Discontinuation", "continuation_criteria", tree=OR(
            "Continuation criteria not met at 12 months",
            "Pregnancy",
            "Serious hypersensitivity reaction",
            stem="Stop treatment if any of the following apply:"),
            after=["Notify pharmacy on form DTC-3"]),
        Field("Dose", "dose", prose=["100 mg by subcutaneous injection every 4 weeks."],
              doses=[D(100, "mg", "every 4 weeks")]),
    ])

    ind_bari = Indication("Baricitinib – rheumatoid arthritis", [
        Field("Initiation", "selection_criteria", tree=AND(
            "Adult aged 18 years or over with rheumatoid arthritis meeting the 2010 ACR/EULAR classification criteria",
            "Disease Activity Score (DAS28-CRP) greater than 5.1 on two occasions one month apart",
            OR("Inadequate response to at least two conventional DMARDs, including methotrexate",
               "Inadequate response to, or intolerance of, a biological DMARD"),
            AND(f"lymphocyte count at least 0.5 {X9}",
                f"neutrophil count at least 1.0 {X9}",
                "haemoglobin at least 80 g/L",
                stem="Baseline blood tests showing all of:"),
            stem="Criteria 1 and 2 and one of 3 or 4 must be met, and criterion 5 must be met:"),
            after=["DAS28-CRP worksheet; full blood count; TB and hepatitis screen"],
            th=[T("age", ">=", 18, "years"), T("DAS28-CRP", ">", 5.1, None),
                T("lymphocyte count", ">=", 0.5, "x10^9/L"), T("neutrophil count", ">=", 1.0, "x10^9/L"),
                T("haemoglobin", ">=", 80, "g/L")]),
        Field("Continuation", "continuation_criteria", tree=AND(
            "Improvement in DAS28-CRP of more than 1.2 points at 6 months",
            "No serious infection, venous thromboembolism or major cardiovascular event",
            stem="Both of the following:"),
            after=["DAS28-CRP at 6 months, then every 6 months"],
            th=[T("DAS28-CRP improvement", ">", 1.2, "points")]),
        Field("Discontinuation", "continuation_criteria", tree=OR(
            f"Lymphocyte count falls below 0.5 {X9}",
            f"Neutrophil count falls below 1.0 {X9}",
            "Haemoglobin falls below 80 g/L",
            "Venous thromboembolism",
            stem="Stop if one of the following occurs:"),
            after=["Record reason for stopping in the biologics register"],
            th=[T("lymphocyte count", "<", 0.5, "x10^9/L"), T("neutrophil count", "<", 1.0, "x10^9/L"),
                T("haemoglobin", "<", 80, "g/L")]),
        Field("Dose", "dose",
              prose=["4 mg orally once daily; 2 mg once daily for patients aged 75 years or over or with eGFR 30–60 mL/min/1.73m²."],
              doses=[D(4, "mg", "once daily"), D(2, "mg", "once daily")],
              th=[T("age", ">=", 75, "years"), T("eGFR", "range", 30, "mL/min/1.73m2", 60)]),
    ])

    ind_dupi = Indication("Dupilumab – moderate to severe atopic dermatitis", [
        Field("Initiation", "selection_criteria", tree=AND(
            "Age 12 years or over",
            "Eczema Area and Severity Index (EASI) of 16 or more",
            "Dermatology Life Quality Index (DLQI) greater than 10",
            "Inadequate response to, intolerance of, or contraindication to at least one systemic immunosuppressant (ciclosporin, methotrexate, azathioprine or mycophenolate)",
            stem="All of:"),
            after=["EASI and DLQI recorded on the dermatology biologics form"],
            th=[T("age", ">=", 12, "years"), T("EASI", ">=", 16, None), T("DLQI", ">", 10, None)]),
        Field("Continuation", "continuation_criteria", tree=AND(
            "At least 50% reduction in EASI score from baseline (EASI 50)",
            "Improvement in DLQI of at least 4 points",
            stem="Criteria 1 and 2 must be met at 16 weeks:"),
            after=["EASI and DLQI at 16 weeks, then every 6 months"],
            th=[T("EASI reduction", ">=", 50, "%"), T("DLQI improvement", ">=", 4, "points")]),
        Field("Discontinuation", "continuation_criteria", tree=OR(
            "EASI 50 not achieved at 16 weeks",
            "Loss of response at two consecutive reviews",
            "Severe keratitis",
            stem="Stop if any of:"),
            after=["Dermatology consultant letter"]),
        Field("Dose", "dose",
              prose=["600 mg loading dose by subcutaneous injection, then 300 mg every 2 weeks. Patients aged 12 to 17 years weighing less than 60 kg: 400 mg loading dose, then 200 mg every 2 weeks."],
              doses=[D(600, "mg", "loading dose"), D(300, "mg", "every 2 weeks"),
                     D(400, "mg", "loading dose"), D(200, "mg", "every 2 weeks")],
              th=[T("age", "range", 12, "years", 17), T("weight", "<", 60, "kg")]),
    ])

    blocks = [
        ("titlepage",),
        ("h", 1, None, "Document control"),
        ("vtable", [("Version", "Date", "Author", "Summary of changes"),
                    ("1.0", "March 2021", "Lead Pharmacist, Medicines Optimisation", "New protocol"),
                    ("2.0", "June 2023", "Consultant Rheumatologist", "Baricitinib criteria added"),
                    ("3.1", "January 2025", "DTC Secretary", "Dupilumab criteria added; renal dosing updated")]),
        ("h", 1, "Part 1", "Background", "Part 1 – Background"),
        ("h", 2, "1.1", "Purpose"),
        ("p", "This protocol sets out the criteria under which the Trust will fund selected high-cost biological and targeted medicines that are not covered by a national commissioning policy. Requests outside these criteria must be submitted to the Drugs and Therapeutics Committee (DTC) as an individual funding request."),
        ("h", 2, "1.2", "Scope"),
        ("p", "The protocol applies to adult and adolescent patients treated by the respiratory, rheumatology and dermatology services. Homecare supply is arranged by the pharmacy department once initiation has been approved."),
        ("h", 1, "Part 2", "Criteria", "Part 2 – Criteria"),
        ("p", "Each medicine below has a table of requirements for starting, continuing and stopping treatment. Criteria are numbered; the sentence above each list states which criteria must be met."),
        ("h", 2, None, "Mepolizumab – severe eosinophilic asthma"), ("ind", ind_mepo),
        ("h", 2, None, "Baricitinib – rheumatoid arthritis"), ("ind", ind_bari),
        ("h", 2, None, "Dupilumab – moderate to severe atopic dermatitis"), ("ind", ind_dupi),
        ("h", 1, "Part 3", "Governance and audit", "Part 3 – Governance and audit"),
        ("p", "Prescribing against this protocol is audited annually by the pharmacy department and reported to the DTC. The protocol will be reviewed in January 2027 or sooner if national guidance changes."),
    ]
    return {
        "name": "hospital_dtc_protocol",
        "title": "Protocol for the Use of Restricted Biological and Targeted Therapies",
        "kicker": ["Riverside University Hospitals", "Drugs and Therapeutics Committee"],
        "style": "hospital Drugs & Therapeutics Committee protocol: title page, version table, Parts, bold unnumbered indication headings with 3-column Phase | Requirements | Documentation tables, typed 1) items with lead sentence, run-in Dose paragraph",
        "pdf_producer": "libreoffice", "docx_producer": "python-docx",
        "conn": "none", "blocks": blocks,
    }


# ----------------------------------------------------------------------------------------
# document 3: provincial_eap
# ----------------------------------------------------------------------------------------
def doc_provincial_eap():
    X9 = "×10⁹/L"
    ind_af = Indication("Stroke prevention in atrial fibrillation", [
        Field("Initial approval", "selection_criteria", tree=AND(
            "CHADS2 score of 1 or more",
            OR("INR not adequately controlled despite at least 2 months of warfarin (time in therapeutic range below 60%)",
               "documented allergy or intolerance to warfarin",
               "INR monitoring is not available or not accessible",
               stem="one of the following:"),
            "creatinine clearance of 25 mL/min or more",
            stem="For the prevention of stroke and systemic embolism in patients with atrial fibrillation who meet all of the following criteria:",
            conn="lines"),
            th=[T("CHADS2", ">=", 1, None), T("time in therapeutic range", "<", 60, "%"),
                T("creatinine clearance", ">=", 25, "mL/min")]),
        Field("Renewal", "continuation_criteria",
              prose=["Renewal is not required; approval is indefinite provided that the patient continues to meet the initial criteria."],
              criteria=AND("the patient continues to meet the initial criteria")),
        Field("Not funded", "exclusion_criteria",
              prose=["Apixaban is not funded for patients with a mechanical heart valve or with moderate to severe mitral stenosis."],
              criteria=OR("a mechanical heart valve", "moderate to severe mitral stenosis")),
        Field("Dosage", "dose",
              prose=["5 mg twice daily. Reduce to 2.5 mg twice daily in patients with at least two of: age 80 years or older, body weight 60 kg or less, serum creatinine 133 µmol/L or more."],
              doses=[D(5, "mg", "twice daily"), D(2.5, "mg", "twice daily")],
              th=[T("age", ">=", 80, "years"), T("weight", "<=", 60, "kg"),
                  T("serum creatinine", ">=", 133, "µmol/L")]),
        Field("Duration of approval", "duration", prose=["Indefinite."]),
    ])

    ind_vte = Indication("Treatment of venous thromboembolism", [
        Field("Initial approval", "selection_criteria", tree=OR(
            "active cancer, where low molecular weight heparin is not tolerated",
            "a documented inability to achieve a stable INR on warfarin",
            AND("intolerance of warfarin",
                f"platelet count of at least 50 {X9}",
                stem="both of the following:"),
            stem="For the treatment of deep vein thrombosis or pulmonary embolism in patients who have:",
            conn="lines"),
            th=[T("platelet count", ">=", 50, "x10^9/L")]),
        Field("Renewal", "continuation_criteria",
              prose=["Approval beyond 6 months requires confirmation that one of the following applies: (a) the venous thromboembolism was unprovoked; or (b) a persistent risk factor remains."],
              criteria=OR("the venous thromboembolism was unprovoked", "a persistent risk factor remains",
                          stem="Approval beyond 6 months requires confirmation that one of the following applies:")),
        Field("Dosage", "dose",
              prose=["10 mg twice daily for 7 days, then 5 mg twice daily. After 6 months, 2.5 mg twice daily may be used for extended prevention."],
              doses=[D(10, "mg", "twice daily for 7 days"), D(5, "mg", "twice daily"),
                     D(2.5, "mg", "twice daily")]),
        Field("Duration of approval", "duration",
              prose=["6 months initially; renewals are approved for 12 months."]),
    ])

    ind_fabry = Indication("Fabry disease", [
        Field("Diagnosis", "diagnosis", tree=OR(
            "alpha-galactosidase A activity in leucocytes below 5% of the normal mean (males)",
            "a pathogenic GLA gene variant (males and females)",
            stem="The diagnosis must be confirmed by one of:"),
            th=[T("alpha-galactosidase A activity", "<", 5, "% of normal mean")]),
        Field("Initial approval", "selection_criteria", tree=OR(
            OR("persistent albuminuria above 30 mg/g creatinine",
               "eGFR below 90 mL/min/1.73m² with no other cause",
               stem="renal involvement, shown by one of:"),
            "cardiac involvement, with left ventricular wall thickness of 13 mm or more on echocardiography or cardiac MRI",
            "neuropathic pain not controlled by standard analgesia",
            "transient ischaemic attack or stroke confirmed by imaging",
            stem="Patients must have at least one of the following manifestations of organ involvement:",
            conn="lines"),
            th=[T("albuminuria", ">", 30, "mg/g creatinine"), T("eGFR", "<", 90, "mL/min/1.73m2"),
                T("left ventricular wall thickness", ">=", 13, "mm")]),
        Field("Renewal", "continuation_criteria",
              prose=["Renewal every 12 months requires documented stable or improved renal function and attendance at the annual review at a designated Fabry centre."],
              criteria=AND("documented stable or improved renal function",
                           "attendance at the annual review at a designated Fabry centre")),
        Field("Not funded", "exclusion_criteria",
              prose=["Agalsidase beta is not funded for patients with end-stage renal disease on dialysis who have no cardiac or neurological involvement, or in combination with migalastat."],
              criteria=OR("patients with end-stage renal disease on dialysis who have no cardiac or neurological involvement",
                          "in combination with migalastat")),
        Field("Dosage", "dose", prose=["1 mg/kg by intravenous infusion every 2 weeks."],
              doses=[D(1, "mg/kg", "every 2 weeks")]),
        Field("Duration of approval", "duration", prose=["12 months."]),
    ])

    ind_psa = Indication("Psoriatic arthritis", [
        Field("Initial approval", "selection_criteria", tree=AND(
            "at least 3 swollen joints and at least 3 tender joints",
            ATLEAST(2, "methotrexate", "leflunomide", "sulfasalazine",
                    stem="inadequate response to, or intolerance of, at least two of the following, each given for at least 3 months:"),
            "inadequate response to at least one TNF inhibitor, unless contraindicated",
            stem="For adults (18 years of age or older) with active psoriatic arthritis who meet all of the following:",
            conn="lines"),
            th=[T("age", ">=", 18, "years"), T("swollen joint count", ">=", 3, None),
                T("tender joint count", ">=", 3, None)]),
        Field("Renewal", "continuation_criteria", tree=OR(
            "a PsARC response at 12 weeks",
            "an improvement in HAQ-DI of at least 0.35",
            stem="Patients must show one of the following:",
            conn="lines"),
            th=[T("HAQ-DI improvement", ">=", 0.35, "points")]),
        Field("Not funded", "exclusion_criteria",
              prose=["Upadacitinib is not funded in combination with a biologic DMARD or another JAK inhibitor."],
              criteria=AND("Upadacitinib is not funded in combination with a biologic DMARD or another JAK inhibitor")),
        Field("Dosage", "dose", prose=["15 mg orally once daily (maximum 15 mg per day)."],
              doses=[D(15, "mg", "once daily", max="15 mg per day")]),
        Field("Duration of approval", "duration", prose=["Initial: 6 months. Renewal: 12 months."]),
    ])

    blocks = [
        ("h", 1, None, "General information"),
        ("p", "The drugs in this list are not benefits of the provincial drug program but may be reimbursed through the Exceptional Access Program when the criteria below are met. Requests must be submitted by the prescriber on the EAP request form with supporting documentation."),
        ("p", "Approval is granted for the period stated. Renewal requests must include evidence of response where renewal criteria are specified."),
        ("h", 1, None, "APIXABAN"),
        ("p", "2.5 mg and 5 mg tablets"),
        ("h", 2, None, "Stroke prevention in atrial fibrillation"), ("ind", ind_af),
        ("h", 2, None, "Treatment of venous thromboembolism"), ("ind", ind_vte),
        ("h", 1, None, "AGALSIDASE BETA"),
        ("p", "35 mg vial for intravenous infusion – approved through the provincial rare disease review panel"),
        ("h", 2, None, "Fabry disease"), ("ind", ind_fabry),
        ("h", 1, None, "UPADACITINIB"),
        ("p", "15 mg extended-release tablets"),
        ("h", 2, None, "Psoriatic arthritis"), ("ind", ind_psa),
    ]
    return {
        "name": "provincial_eap",
        "title": "Exceptional Access Program – Reimbursement Criteria for Frequently Requested Drugs",
        "kicker": ["Ministry of Health and Long-Term Care", "Drug Programs Branch – Updated April 2025"],
        "style": "provincial exceptional-access reimbursement criteria list (Canada-like): capitalised drug headings, condition headings, run-in bold labels, typed (i)/(a) items, bare AND/OR lines, some prose criteria",
        "pdf_producer": "chromium", "docx_producer": "python-docx",
        "conn": "none", "blocks": blocks,
    }


# ----------------------------------------------------------------------------------------
# document 4: board_guideline
# ----------------------------------------------------------------------------------------
def doc_board_guideline():
    X9 = "×10⁹/L"
    ind_mig = Indication("Episodic migraine (galcanezumab)", [
        Field("Who qualifies", "selection_criteria", tree=AND(
            "aged 18 years or over",
            "at least 4 monthly migraine days over a 3-month headache diary",
            "fewer than 15 headache days per month",
            OR("a reduction of less than 30% in monthly migraine days after 8 weeks at a tolerated dose",
               "intolerable side effects",
               "a contraindication to the treatment",
               stem="failure of at least three oral preventive treatments, where failure means one of:"),
            stem="Adults who meet all of:"),
            th=[T("age", ">=", 18, "years"), T("monthly migraine days", ">=", 4, "days"),
                T("headache days", "<", 15, "days per month"),
                T("monthly migraine days reduction", "<", 30, "%")]),
        Field("Exclusions", "exclusion_criteria", tree=OR(
            "pregnancy or planned pregnancy",
            "medication overuse headache that has not been addressed",
            "a serious cardiovascular or cerebrovascular event in the past 6 months",
            stem="Do not offer galcanezumab to people with any of:")),
        Field("Regimen", "dose",
              prose=["Loading dose of 240 mg by subcutaneous injection, then 120 mg once a month."],
              doses=[D(240, "mg", "loading dose"), D(120, "mg", "once a month")]),
        Field("Review", "outcome_measures",
              prose=["Review at 3 months using the headache diary and the Migraine Disability Assessment (MIDAS) score."]),
        Field("When to stop", "continuation_criteria", tree=OR(
            "monthly migraine days have fallen by less than 50% after 3 months",
            "the MIDAS score has fallen by less than 30%",
            stem="Stop treatment if either of:"),
            th=[T("monthly migraine days reduction", "<", 50, "%"), T("MIDAS reduction", "<", 30, "%")]),
        Field("Length of treatment", "duration",
              prose=["Continue for 12 months, then consider a 3-month treatment break to reassess need."]),
    ])

    ind_cd = Indication("Crohn's disease (ustekinumab)", [
        Field("Who qualifies", "selection_criteria", tree=AND(
            ATLEAST(2, "a Harvey-Bradshaw Index of 7 or more",
                    "faecal calprotectin above 250 µg/g",
                    "C-reactive protein above 5 mg/L",
                    "active ulceration on ileocolonoscopy or MR enterography",
                    stem="objective evidence of active disease, with at least two of:"),
            "inadequate response to, loss of response to or intolerance of a TNF-alpha inhibitor",
            "latent tuberculosis excluded or treated",
            stem="Adults with moderately to severely active Crohn's disease who have all of:"),
            th=[T("HBI", ">=", 7, None), T("faecal calprotectin", ">", 250, "µg/g"),
                T("CRP", ">", 5, "mg/L")]),
        Field("Exclusions", "exclusion_criteria", tree=OR(
            "active serious infection",
            "malignancy in the past 5 years, other than treated non-melanoma skin cancer",
            stem="Ustekinumab should not be started in people with either of:")),
        Field("Regimen", "dose",
              prose=["Single intravenous induction dose by body weight:",
                     "55 kg or less: 260 mg",
                     "more than 55 kg to 85 kg: 390 mg",
                     "more than 85 kg: 520 mg",
                     "Then 90 mg by subcutaneous injection every 8 weeks, starting 8 weeks after the induction dose."],
              doses=[D(260, "mg", "single induction dose"), D(390, "mg", "single induction dose"),
                     D(520, "mg", "single induction dose"), D(90, "mg", "every 8 weeks")],
              th=[T("weight", "<=", 55, "kg"), T("weight", "range", 55, "kg", 85),
                  T("weight", ">", 85, "kg")]),
        Field("Review", "outcome_measures",
              prose=["Assess response at week 16 using HBI, CRP and faecal calprotectin, then every 12 months."]),
        Field("When to stop", "continuation_criteria", tree=OR(
            "a fall in HBI of less than 3 points",
            "continued need for oral corticosteroids",
            stem="Stop ustekinumab if, at week 16, there is either of:"),
            th=[T("HBI reduction", "<", 3, "points")]),
        Field("Length of treatment", "duration",
              prose=["Approve for 12 months at a time, with annual review."]),
    ])

    ind_gau = Indication("Gaucher disease type 1 (imiglucerase)", [
        Field("Who qualifies", "selection_criteria",
              prose=[f"Imiglucerase is recommended for people with Gaucher disease type 1 whose diagnosis is confirmed by deficient glucocerebrosidase activity in leucocytes and who have either haemoglobin below 100 g/L, a platelet count below 60 {X9}, or a spleen volume more than 5 times normal."],
              criteria=AND("whose diagnosis is confirmed by deficient glucocerebrosidase activity in leucocytes",
                           OR("haemoglobin below 100 g/L", f"a platelet count below 60 {X9}",
                              "a spleen volume more than 5 times normal")),
              th=[T("haemoglobin", "<", 100, "g/L"), T("platelet count", "<", 60, "x10^9/L"),
                  T("spleen volume", ">", 5, "x normal")]),
        Field("Exclusions", "exclusion_criteria",
              prose=["It is not recommended for Gaucher disease type 2, or for people who are asymptomatic with normal blood counts."],
              criteria=OR("Gaucher disease type 2", "people who are asymptomatic with normal blood counts")),
        Field("Regimen", "dose",
              prose=["60 units/kg by intravenous infusion every 2 weeks; the dose may be reduced to 30 units/kg every 2 weeks once treatment goals are met."],
              doses=[D(60, "units/kg", "every 2 weeks"), D(30, "units/kg", "every 2 weeks")]),
        Field("Review", "outcome_measures",
              prose=["Review haemoglobin, platelet count, spleen volume and chitotriosidase every 12 months."]),
        Field("Length of treatment", "duration", prose=["Lifelong, subject to annual review."]),
    ])

    ind_agh = Indication("Adult growth hormone deficiency (somatropin)", [
        Field("Who qualifies", "selection_criteria", tree=AND(
            "severe growth hormone deficiency, with a peak GH response below 3 µg/L in an insulin tolerance test or an equivalent test",
            "impaired quality of life, with an AGHDA score of 11 or more",
            "other pituitary hormone deficiencies already replaced",
            stem="Adults who meet all of:"),
            th=[T("peak GH", "<", 3, "µg/L"), T("AGHDA", ">=", 11, None)]),
        Field("Regimen", "dose",
              prose=["Start at 0.2 mg daily by subcutaneous injection and adjust to keep IGF-1 within the age-related reference range; maximum 1 mg daily."],
              doses=[D(0.2, "mg", "daily", max="1 mg daily")]),
        Field("When to stop", "continuation_criteria",
              prose=["Stop treatment if the AGHDA score has not improved by at least 7 points after 9 months."],
              criteria=AND("the AGHDA score has not improved by at least 7 points after 9 months"),
              th=[T("AGHDA improvement", ">=", 7, "points")]),
        Field("Length of treatment", "duration",
              prose=["Initial 9-month trial, then continue while benefit is sustained."]),
    ])

    blocks = [
        ("h", 1, "1", "Introduction"),
        ("p", "This guideline describes which patients may start, continue and stop selected high-cost medicines prescribed by the Board's neurology, gastroenterology and metabolic medicine services. It supports the Area Drug and Therapeutics Committee's formulary decisions."),
        ("h", 1, "2", "Scope"),
        ("p", "The guideline applies to adults and, where stated, children treated in Board hospitals. It does not cover patients enrolled in clinical trials."),
        ("h", 1, "3", "Criteria by condition"),
        ("p", "For each condition the criteria for starting treatment, the regimen, the review schedule and the stopping rules are listed. Numbered lists are joined by the word at the end of each item."),
        ("h", 2, "3.1", "Episodic migraine (galcanezumab)"), ("ind", ind_mig),
        ("h", 2, "3.2", "Crohn's disease (ustekinumab)"), ("ind", ind_cd),
        ("h", 2, "3.3", "Gaucher disease type 1 (imiglucerase)"), ("ind", ind_gau),
        ("h", 2, "3.4", "Adult growth hormone deficiency (somatropin)"), ("ind", ind_agh),
        ("h", 1, "4", "Implementation and audit"),
        ("p", "Clinical pharmacists will check new requests against this guideline. Uptake and outcomes are audited yearly and reported to the Area Drug and Therapeutics Committee."),
        ("h", 1, "5", "Document history"),
        ("p", "Version 2.0, approved May 2025. Review date: May 2028."),
    ]
    return {
        "name": "board_guideline",
        "title": "Clinical Guideline: High-Cost Medicines in Neurology, Gastroenterology and Metabolic Medicine",
        "kicker": ["Loch Ardmore Health Board"],
        "style": "health-board clinical guideline (Scotland-like): numbered Heading 1/Heading 2 sections, short bold paragraph labels, Word multi-level numbered lists with '; and'/'; or' connectives, one prose condition",
        "pdf_producer": "libreoffice", "docx_producer": "python-docx",
        "conn": "suffix", "blocks": blocks,
    }


# ----------------------------------------------------------------------------------------
# HTML rendering (Chromium)
# ----------------------------------------------------------------------------------------
def e(s):
    return html.escape(s, quote=False)


def lines_to_ul(lines):
    out, depth = [], -1
    for ln in [x for x in lines if x["kind"] == "item"]:
        lvl = ln["level"]
        if lvl > depth:
            out.append("<ul>" * (lvl - depth))
            depth = lvl
        else:
            out.append("</li>")
            while depth > lvl:
                out.append("</ul></li>")
                depth -= 1
        out.append("<li>" + e(ln["text"]))
    out.append("</li>")
    while depth > 0:
        out.append("</ul></li>")
        depth -= 1
    out.append("</ul>")
    return "".join(out)


CSS_KE = """
@page { size: A4; margin: 18mm 16mm 18mm 16mm; }
body { font-family: 'DejaVu Sans', sans-serif; font-size: 9.5pt; line-height: 1.3; color: #111; }
.kicker { font-size: 9pt; color: #333; margin: 0; }
h1 { font-size: 16pt; margin: 6pt 0 12pt 0; border-bottom: 2px solid #225; padding-bottom: 4pt; }
h2 { font-size: 12.5pt; margin: 14pt 0 6pt 0; color: #223; }
h3 { font-size: 11pt; margin: 12pt 0 5pt 0; }
table { border-collapse: collapse; width: 100%; margin-bottom: 8pt; page-break-inside: auto; }
td, th { border: 1px solid #333; padding: 3pt 5pt; vertical-align: top; text-align: left; }
th { background: #dde3ee; font-weight: bold; }
td.lab { width: 27%; font-weight: bold; background: #f4f4f4; }
td p { margin: 0 0 2pt 0; }
ul { margin: 1pt 0 1pt 0; padding-left: 14pt; }
li { margin: 0 0 1pt 0; }
tr { page-break-inside: avoid; }
"""

CSS_EAP = """
@page { size: Letter; margin: 20mm 18mm 20mm 18mm; }
body { font-family: 'Liberation Serif', 'Times New Roman', serif; font-size: 10.5pt; line-height: 1.3; }
.kicker { font-size: 9.5pt; margin: 0; }
h1 { font-size: 15pt; margin: 8pt 0 12pt 0; }
h2 { font-size: 12.5pt; margin: 16pt 0 4pt 0; border-top: 1.5px solid #000; padding-top: 4pt; letter-spacing: 0.5pt; }
h3 { font-size: 11pt; margin: 10pt 0 4pt 0; font-style: italic; }
p { margin: 0 0 5pt 0; }
.item { margin: 0 0 2pt 0; }
.mk { display: inline-block; width: 26pt; }
.l0 { padding-left: 48pt; text-indent: -26pt; }
.l1 { padding-left: 78pt; text-indent: -26pt; }
.conn { font-weight: bold; margin: 2pt 0 2pt 22pt; }
"""


def html_page(css, body):
    return f"<!DOCTYPE html><html><head><meta charset='utf-8'><style>{css}</style></head><body>{body}</body></html>"


def html_ke(doc):
    b = [f"<p class='kicker'>{e(k)}</p>" for k in doc["kicker"]]
    b.append(f"<h1>{e(doc['title'])}</h1>")
    for blk in doc["blocks"]:
        if blk[0] == "h":
            tag = "h2" if blk[1] == 1 else "h3"
            b.append(f"<{tag}>{e(blk[2] + ' ' + blk[3])}</{tag}>")
        elif blk[0] == "p":
            b.append(f"<p>{e(blk[1])}</p>")
        elif blk[0] == "ind":
            ind = blk[1]
            h1, h2 = ind.extra["header"]
            rows = [f"<tr><th>{e(h1)}</th><th>{e(h2)}</th></tr>"]
            for f in ind.fields:
                cell = "".join(f"<p>{e(p)}</p>" for p in f.prose)
                if f.tree is not None and f.tree.stem:
                    cell += f"<p>{e(f.tree.stem)}</p>"
                if f.lines:
                    cell += lines_to_ul(f.lines)
                cell += "".join(f"<p>{e(p)}</p>" for p in f.after)
                rows.append(f"<tr><td class='lab'>{e(f.label)}</td><td>{cell}</td></tr>")
            b.append("<table>" + "".join(rows) + "</table>")
    return html_page(CSS_KE, "\n".join(b))


def marker_eap(ln):
    return f"({roman(ln['idx'])})" if ln["level"] == 0 else f"({chr(96 + ln['idx'])})"


def html_eap(doc):
    b = [f"<p class='kicker'>{e(k)}</p>" for k in doc["kicker"]]
    b.append(f"<h1>{e(doc['title'])}</h1>")
    for blk in doc["blocks"]:
        if blk[0] == "h":
            tag = "h2" if blk[1] == 1 else "h3"
            b.append(f"<{tag}>{e(blk[3])}</{tag}>")
        elif blk[0] == "p":
            b.append(f"<p>{e(blk[1])}</p>")
        elif blk[0] == "ind":
            for f in blk[1].fields:
                first = f.prose[:1] or ([f.tree.stem] if f.tree is not None and f.tree.stem else [""])
                b.append(f"<p><b>{e(f.label)}:</b> {e(first[0])}</p>")
                rest = f.prose[1:]
                for p in rest:
                    b.append(f"<p>{e(p)}</p>")
                for ln in f.lines:
                    if ln["kind"] == "conn":
                        b.append(f"<div class='conn'>{e(ln['text'])}</div>")
                    else:
                        b.append(f"<div class='item l{ln['level']}'><span class='mk'>{marker_eap(ln)}</span>{e(ln['text'])}</div>")
                for p in f.after:
                    b.append(f"<p>{e(p)}</p>")
    return html_page(CSS_EAP, "\n".join(b))


def chromium_pdf(html_text, pdf_path):
    with tempfile.TemporaryDirectory() as td:
        src = Path(td) / "doc.html"
        src.write_text(html_text, encoding="utf-8")
        cmd = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
               f"--user-data-dir={td}/profile", f"--print-to-pdf={pdf_path}", src.as_uri()]
        subprocess.run(cmd, check=True, capture_output=True, timeout=180)
    if not Path(pdf_path).exists():
        raise RuntimeError(f"chromium did not produce {pdf_path}")


def libreoffice_pdf(docx_path, outdir):
    with tempfile.TemporaryDirectory() as td:
        cmd = ["soffice", f"-env:UserInstallation=file://{td}/lo", "--headless", "--convert-to", "pdf",
               "--outdir", str(outdir), str(docx_path)]
        subprocess.run(cmd, check=True, capture_output=True, timeout=300)
    pdf = Path(outdir) / (Path(docx_path).stem + ".pdf")
    if not pdf.exists():
        raise RuntimeError(f"LibreOffice did not produce {pdf}")
    return pdf


# ----------------------------------------------------------------------------------------
# DOCX rendering
# ----------------------------------------------------------------------------------------
def set_cell_shading(cell, hexcolor):
    tcPr = cell._tc.get_or_add_tcPr()
    tcPr.append(parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{hexcolor}"/>'))


def set_widths(table, widths):
    """Fixed column widths honoured by Word and LibreOffice (grid + every cell)."""
    table.autofit = False
    grid = table._tbl.tblGrid
    for gc, w in zip(grid.findall(qn("w:gridCol")), widths):
        gc.set(qn("w:w"), str(int(w.twips)))
    for row in table.rows:
        for c, w in zip(row.cells, widths):
            c.width = w


class CellWriter:
    def __init__(self, cell):
        self.cell, self.used = cell, False

    def par(self, text="", style=None, bold=False):
        if not self.used:
            p = self.cell.paragraphs[0]
            self.used = True
            if style:
                p.style = style
        else:
            p = self.cell.add_paragraph(style=style)
        if text:
            r = p.add_run(text)
            r.bold = bold
        p.paragraph_format.space_after = Pt(1)
        return p


def base_document(font="Calibri", size=10):
    d = docx.Document()
    st = d.styles["Normal"]
    st.font.name = font
    st.font.size = Pt(size)
    for s in d.sections:
        s.left_margin = s.right_margin = Cm(2.0)
        s.top_margin = s.bottom_margin = Cm(2.0)
    return d


def heading(d, text, level):
    h = d.add_heading(text, level)
    return h


def docx_ke(doc, path):
    d = base_document("Arial", 9.5)
    for k in doc["kicker"]:
        p = d.add_paragraph(k)
        p.paragraph_format.space_after = Pt(0)
    d.add_heading(doc["title"], 0)
    bullet = {0: "List Bullet", 1: "List Bullet 2", 2: "List Bullet 3"}
    for blk in doc["blocks"]:
        if blk[0] == "h":
            heading(d, f"{blk[2]} {blk[3]}", blk[1])
        elif blk[0] == "p":
            d.add_paragraph(blk[1])
        elif blk[0] == "ind":
            ind = blk[1]
            t = d.add_table(rows=1, cols=2)
            t.style = "Table Grid"
            t.alignment = WD_TABLE_ALIGNMENT.CENTER
            for c, txt in zip(t.rows[0].cells, ind.extra["header"]):
                CellWriter(c).par(txt, bold=True)
                set_cell_shading(c, "DDE3EE")
            for f in ind.fields:
                row = t.add_row()
                CellWriter(row.cells[0]).par(f.label, bold=True)
                w = CellWriter(row.cells[1])
                for p in f.prose:
                    w.par(p)
                if f.tree is not None and f.tree.stem:
                    w.par(f.tree.stem)
                for ln in f.lines:
                    w.par(ln["text"], style=bullet[ln["level"]])
                for p in f.after:
                    w.par(p)
            set_widths(t, (Cm(4.6), Cm(12.4)))
            d.add_paragraph()
    d.save(path)


def hanging_par(container_add, text, marker, level, base=0.0, step=0.8, hang=0.8, size=None):
    p = container_add()
    pf = p.paragraph_format
    left = Cm(base + hang + step * level)
    pf.left_indent = left
    pf.first_line_indent = -Cm(hang)
    pf.tab_stops.add_tab_stop(left)
    pf.space_after = Pt(1)
    r = p.add_run(f"{marker}\t{text}")
    if size:
        r.font.size = size
    return p


def docx_dtc(doc, path):
    d = base_document("Calibri", 10.5)
    # title page
    for _ in range(6):
        d.add_paragraph()
    for k in doc["kicker"]:
        p = d.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        r = p.add_run(k)
        r.font.size = Pt(14)
        r.bold = True
    d.add_paragraph()
    t = d.add_heading(doc["title"], 0)
    t.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for line in ["Protocol reference: DTC-P-017", "Version 3.1 – January 2025",
                 "Approved by the Drugs and Therapeutics Committee on 14 January 2025"]:
        p = d.add_paragraph(line)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    for blk in doc["blocks"]:
        if blk[0] == "titlepage":
            continue
        if blk[0] == "h":
            printed = blk[4] if len(blk) > 4 else (f"{blk[2]} {blk[3]}" if blk[2] else blk[3])
            heading(d, printed, blk[1])
        elif blk[0] == "p":
            d.add_paragraph(blk[1])
        elif blk[0] == "vtable":
            rows = blk[1]
            t = d.add_table(rows=len(rows), cols=len(rows[0]))
            t.style = "Table Grid"
            for i, row in enumerate(rows):
                for c, txt in zip(t.rows[i].cells, row):
                    CellWriter(c).par(txt, bold=(i == 0))
            d.add_paragraph()
        elif blk[0] == "ind":
            ind = blk[1]
            fields = [f for f in ind.fields if f.role != "dose"]
            t = d.add_table(rows=1, cols=3)
            t.style = "Table Grid"
            for c, txt in zip(t.rows[0].cells, ("Phase", "Requirements", "Documentation required")):
                CellWriter(c).par(txt, bold=True)
                set_cell_shading(c, "D9E2F3")
            for f in fields:
                row = t.add_row()
                CellWriter(row.cells[0]).par(f.label, bold=True)
                w = CellWriter(row.cells[1])
                for p in f.prose:
                    w.par(p)
                if f.tree is not None and f.tree.stem:
                    w.par(f.tree.stem)
                for ln in f.lines:
                    mk = f"{ln['idx']})" if ln["level"] == 0 else f"{chr(96 + ln['idx'])})"
                    if not w.used:
                        w.par("")
                    hanging_par(row.cells[1].add_paragraph, ln["text"], mk, ln["level"], step=0.7, hang=0.7)
                w2 = CellWriter(row.cells[2])
                for p in f.after:
                    w2.par(p)
            set_widths(t, (Cm(3.7), Cm(9.1), Cm(4.2)))
            for f in ind.fields:
                if f.role == "dose":
                    p = d.add_paragraph()
                    p.paragraph_format.space_before = Pt(6)
                    r = p.add_run(f"{f.label}: ")
                    r.bold = True
                    p.add_run(" ".join(f.prose))
    d.save(path)


def docx_eap(doc, path):
    d = base_document("Times New Roman", 11)
    for k in doc["kicker"]:
        p = d.add_paragraph(k)
        p.paragraph_format.space_after = Pt(0)
    d.add_heading(doc["title"], 0)
    for blk in doc["blocks"]:
        if blk[0] == "h":
            heading(d, blk[3], blk[1])
        elif blk[0] == "p":
            d.add_paragraph(blk[1])
        elif blk[0] == "ind":
            for f in blk[1].fields:
                first = f.prose[:1] or ([f.tree.stem] if f.tree is not None and f.tree.stem else [""])
                p = d.add_paragraph()
                r = p.add_run(f"{f.label}:")
                r.bold = True
                p.add_run(" " + first[0])
                for x in f.prose[1:]:
                    d.add_paragraph(x)
                for ln in f.lines:
                    if ln["kind"] == "conn":
                        p = d.add_paragraph()
                        p.paragraph_format.left_indent = Cm(0.8)
                        p.paragraph_format.space_after = Pt(1)
                        p.add_run(ln["text"]).bold = True
                    else:
                        hanging_par(d.add_paragraph, ln["text"], marker_eap(ln), ln["level"],
                                    base=0.8, step=1.0, hang=1.0)
                for x in f.after:
                    d.add_paragraph(x)
    d.save(path)


ABSTRACT_XML = (
    '<w:abstractNum {ns} w:abstractNumId="{aid}">'
    '<w:multiLevelType w:val="multilevel"/>'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/>'
    '<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2."/>'
    '<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="1440" w:hanging="360"/></w:pPr></w:lvl>'
    '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerRoman"/><w:lvlText w:val="%3."/>'
    '<w:lvlJc w:val="right"/><w:pPr><w:ind w:left="2160" w:hanging="180"/></w:pPr></w:lvl>'
    '</w:abstractNum>')


def docx_board(doc, path):
    d = base_document("Arial", 10.5)
    numbering = d.part.numbering_part.element
    aid = 77
    absn = parse_xml(ABSTRACT_XML.format(ns=nsdecls("w"), aid=aid))
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(absn)
    else:
        numbering.append(absn)

    def new_list():
        num = numbering.add_num(aid)
        num.add_lvlOverride(ilvl=0).add_startOverride(1)
        return num.numId

    p = d.add_paragraph()
    r = p.add_run(doc["kicker"][0])
    r.bold = True
    r.font.size = Pt(12)
    d.add_heading(doc["title"], 0)
    info = d.add_table(rows=3, cols=2)
    info.style = "Table Grid"
    for row, (a, b) in zip(info.rows, [("Document type", "Clinical guideline"), ("Version", "2.0"),
                                       ("Owner", "Area Drug and Therapeutics Committee")]):
        CellWriter(row.cells[0]).par(a, bold=True)
        CellWriter(row.cells[1]).par(b)
    d.add_paragraph()
    for blk in doc["blocks"]:
        if blk[0] == "h":
            heading(d, f"{blk[2]} {blk[3]}", blk[1])
        elif blk[0] == "p":
            d.add_paragraph(blk[1])
        elif blk[0] == "ind":
            for f in blk[1].fields:
                lp = d.add_paragraph()
                lp.paragraph_format.space_before = Pt(6)
                lp.paragraph_format.space_after = Pt(2)
                lp.paragraph_format.keep_with_next = True
                lp.add_run(f.label).bold = True
                for x in f.prose:
                    d.add_paragraph(x)
                if f.tree is not None and f.tree.stem:
                    d.add_paragraph(f.tree.stem).paragraph_format.space_after = Pt(2)
                if f.lines:
                    numid = new_list()
                    for ln in f.lines:
                        q = d.add_paragraph(ln["text"], style="List Paragraph")
                        q.paragraph_format.space_after = Pt(1)
                        numPr = q._p.get_or_add_pPr().get_or_add_numPr()
                        numPr.get_or_add_ilvl().val = ln["level"]
                        numPr.get_or_add_numId().val = numid
                for x in f.after:
                    d.add_paragraph(x)
    d.save(path)


# ----------------------------------------------------------------------------------------
# text extraction, gold, verification
# ----------------------------------------------------------------------------------------
def pdf_pages(path):
    pdf = pdfium.PdfDocument(str(path))
    out = []
    for i in range(len(pdf)):
        tp = pdf[i].get_textpage()
        out.append(tp.get_text_range())
        tp.close()
    pdf.close()
    return out


def docx_text(path):
    d = docx.Document(str(path))
    parts = []

    def walk_tables(tables):
        for t in tables:
            for row in t.rows:
                for c in row.cells:
                    parts.extend(p.text for p in c.paragraphs)
                    walk_tables(c.tables)

    parts.extend(p.text for p in d.paragraphs)
    walk_tables(d.tables)
    return "\n".join(parts)


def norm(s):
    s = s.replace("\u00ad", "").replace("\ufffe", "-").replace("\u2010", "-")
    return re.sub(r"\s+", " ", s).strip().lower()


def squash(s):
    return re.sub(r"\s+", "", norm(s))


def find_pages(doc, pages):
    res, start = [], 0
    npages = [norm(p) for p in pages]
    lines = [[norm(x) for x in p.splitlines()] for p in pages]
    for sec in doc["sections"]:
        target = norm(section_printed(sec))
        found = None
        for i in range(start, len(pages)):
            if target in lines[i]:
                found = i
                break
        if found is None:
            for i in range(start, len(pages)):
                if target in npages[i] or squash(section_printed(sec)) in re.sub(r"\s", "", npages[i]):
                    found = i
                    break
        if found is None:
            raise RuntimeError(f"{doc['name']}: heading not found in PDF: {target!r}")
        res.append(found + 1)
        start = found
    return res


def collect_sections(doc):
    secs = []
    for blk in doc["blocks"]:
        if blk[0] == "h":
            s = {"number": blk[2], "title": blk[3], "level": blk[1]}
            if len(blk) > 4:
                s["printed"] = blk[4]
            secs.append(s)
    return secs


def indications(doc):
    return [blk[1] for blk in doc["blocks"] if blk[0] == "ind"]


def write_gold(doc, fmt, pages):
    src = f"corpora/policies/{SET}/{doc['name']}.{fmt}"
    g = {
        "source": src,
        "producer": doc["pdf_producer"] if fmt == "pdf" else doc["docx_producer"],
        "style": doc["style"],
        "title": doc["title"],
        "sections": [{"number": s["number"], "title": s["title"], "level": s["level"],
                      "page": (pages[i] if pages else None)} for i, s in enumerate(doc["sections"])],
        "indications": [ind.gold() for ind in indications(doc)],
    }
    out = GOLD_DIR / f"{doc['name']}_{fmt}.json"
    out.write_text(json.dumps(g, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return out


def verify(doc, text, label):
    nt = norm(text)
    st = squash(text)
    problems = []

    def check(s, what):
        if norm(s) in nt:
            return
        if squash(s) in st:
            problems.append(f"  (soft: whitespace differs) {what}: {s!r}")
            return
        problems.append(f"  MISSING {what}: {s!r}")

    check(doc["title"], "title")
    for s in doc["sections"]:
        check(s["title"], "section")
    for ind in indications(doc):
        check(ind.name, "indication")
        for f in ind.fields:
            check(f.label, "label")
            for ln in f.text_lines():
                check(ln, "text line")
            tree = f.tree if f.tree is not None else f.criteria
            if tree is not None:
                for leaf in leaves_and_stems(tree, []):
                    check(leaf, "leaf/stem")
    hard = [p for p in problems if "MISSING" in p]
    print(f"verify {doc['name']} [{label}]: {len(hard)} missing, {len(problems) - len(hard)} soft")
    for p in problems:
        print(p)
    return not hard


def main():
    DOC_DIR.mkdir(parents=True, exist_ok=True)
    GOLD_DIR.mkdir(parents=True, exist_ok=True)
    docs = [doc_ke_formulary(), doc_hospital_dtc(), doc_provincial_eap(), doc_board_guideline()]
    ok = True
    for doc in docs:
        for ind in indications(doc):
            for f in ind.fields:
                f.render(doc["conn"])
        doc["sections"] = collect_sections(doc)
        name = doc["name"]
        docx_path = DOC_DIR / f"{name}.docx"
        pdf_path = DOC_DIR / f"{name}.pdf"
        if name == "ke_formulary":
            docx_ke(doc, docx_path)
            chromium_pdf(html_ke(doc), pdf_path)
        elif name == "provincial_eap":
            docx_eap(doc, docx_path)
            chromium_pdf(html_eap(doc), pdf_path)
        elif name == "hospital_dtc_protocol":
            docx_dtc(doc, docx_path)
            libreoffice_pdf(docx_path, DOC_DIR)
        elif name == "board_guideline":
            docx_board(doc, docx_path)
            libreoffice_pdf(docx_path, DOC_DIR)
        pages = pdf_pages(pdf_path)
        page_nums = find_pages(doc, pages)
        print(f"{name}: {len(pages)} pages; section pages {page_nums}")
        write_gold(doc, "pdf", page_nums)
        write_gold(doc, "docx", None)
        ok &= verify(doc, "\n".join(pages), "pdf")
        ok &= verify(doc, docx_text(docx_path), "docx")
    if not ok:
        print("VERIFICATION FAILED")
        sys.exit(1)
    print("all documents verified")


if __name__ == "__main__":
    main()
