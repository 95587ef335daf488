#!/usr/bin/env python
"""Generate two blind test policies in a US health-plan (payer) coverage-policy house style.

House style
    US payer medical/pharmacy coverage policies.  Document 1 imitates a "Clinical Policy:
    <drug class>" layout: roman-numbered sections (I. Requirements for Prior Authorization,
    II. Criteria for Initial Approval, III. Continued Therapy, IV. Appendices, V. References),
    lettered indications inside II and III ("A. Primary Immunodeficiency (must meet all):")
    with numbered criteria (1./a./i.), "Approval duration:" lines and a dosing table in an
    appendix (Indication | Dosing Regimen | Maximum Dose).  An indication's fields are
    therefore split over three places (initial criteria, continued-therapy criteria, dosing
    row).  Document 2 imitates a different payer's "Specialty Drug Prior Authorization
    Criteria" layout: decimal-numbered sections, one sub-section per indication with bold
    run-in labels ("Initial Authorization:", "Exclusions:", "Reauthorization:", "Dosing:",
    "Authorization Period:", ...), bullet glyphs (•, –, ◦), bare AND/OR lines, "; and"/"; or"
    item endings and prose criteria.

Documents (content invented for testing; not clinical guidance)
    us_ig_policy.pdf     immune globulin policy, HTML printed by headless Chromium (Letter,
                         running header/footer with page numbers, real <ol>/<ul> CSS markers)
    us_ig_policy.docx    same content built with python-docx (real Word list numbering)
    us_biologic_policy.docx  dupilumab policy built with python-docx (real Word numbering)
    us_biologic_policy.pdf   that DOCX converted by LibreOffice (soffice --headless)

Gold
    All content lives below as Python data (indications -> fields -> lists/prose).  The same
    objects are rendered to HTML/DOCX and turned into gold JSON: field text is the printed
    lines, criteria trees are derived from the list structure (stems set the op, "; and"/"; or"
    and bare AND/OR lines set the op of stem-less lists, OR binding tighter), prose criteria
    carry an explicit tree whose leaves are checked to be substrings of the prose.  Section
    pages are found by searching the produced PDF text with pypdfium2.  Finally every section
    title, criteria leaf and field line is checked against the PDF page text (and DOCX text).
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
from dataclasses import dataclass, field as dc_field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEF_OUT = ROOT / "corpora/policies/blind2"
DEF_GOLD = ROOT / "corpora/gold/policy/blind2"

# ----------------------------------------------------------------------------------------
# data model
# ----------------------------------------------------------------------------------------


@dataclass
class Item:
    text: str                      # printed text without glyph/number and without punctuation
    sub: "Lst | None" = None       # sub-list; the item text is then the sub-list's stem
    conn: str | None = None        # 'and' | 'or' connective following this item
    line: bool = False             # connective printed on its own line ("AND") not "; and"


@dataclass
class Lst:
    style: str                     # decimal lower-alpha lower-roman upper-alpha disc circle dash square
    items: list
    op: str | None = None          # op set by the stem introducing this list
    min: int | None = None
    punct: str = ";"               # printed after plain items ("" for none)


@dataclass
class Field:
    label: str | None
    role: str | None
    paras: list = dc_field(default_factory=list)   # prose paragraphs (first one run-in after label)
    stem: str | None = None        # printed text introducing the list (after label / paras)
    lst: Lst | None = None
    tree: dict | None = None       # explicit criteria tree (prose criteria)
    root_op: str | None = None     # op of a stem-less root list (e.g. "(must meet all)")
    thresholds: list = dc_field(default_factory=list)
    doses: list = dc_field(default_factory=list)


@dataclass
class Ind:
    name: str
    fields: list                   # doc 2: all fields; doc 1: Section II fields
    cont: list = dc_field(default_factory=list)    # doc 1: Section III fields
    heading: str | None = None     # doc 1: printed lettered heading text
    regimen: list = dc_field(default_factory=list)  # doc 1: Appendix C dosing regimen lines
    maximum: str | None = None     # doc 1: Appendix C maximum dose cell
    doses: list = dc_field(default_factory=list)    # doc 1: doses of the Appendix C row
    section: str | None = None     # doc 2: sub-section number


def T(analyte, comparator, value, unit=None, value_max=None):
    return {"analyte": analyte, "comparator": comparator, "value": value,
            "value_max": value_max, "unit": unit}


def D(amount, unit, frequency=None, amount_max=None, maximum=None):
    return {"amount": amount, "amount_max": amount_max, "unit": unit,
            "frequency": frequency, "max": maximum}


I = Item
CRIT_ROLES = {"selection_criteria", "exclusion_criteria", "continuation_criteria", "diagnosis"}
ORDERED = {"decimal", "lower-alpha", "lower-roman", "upper-alpha"}

# ----------------------------------------------------------------------------------------
# printed text and criteria trees
# ----------------------------------------------------------------------------------------


def printed(item: Item, lst: Lst) -> str:
    if item.sub is not None:
        return item.text
    if item.conn and not item.line:
        return f"{item.text}; {item.conn}"
    return item.text + lst.punct


def list_lines(lst: Lst) -> list[str]:
    out = []
    for it in lst.items:
        out.append(printed(it, lst))
        if it.sub is not None:
            out.extend(list_lines(it.sub))
        if it.conn and it.line:
            out.append(it.conn.upper())
    return out


def field_lines(f: Field) -> list[str]:
    lines = list(f.paras)
    if f.stem:
        lines.append(f.stem)
    if f.lst:
        lines.extend(list_lines(f.lst))
    return lines


def _node(op, stem, items, mn=None):
    n = {"op": op, "stem": stem}
    if mn:
        n["min"] = mn
    n["items"] = items
    return n


def _normalise(node):
    if isinstance(node, str):
        return node
    items = []
    for ch in node["items"]:
        ch = _normalise(ch)
        if isinstance(ch, dict) and ch["op"] == node["op"] and not ch["stem"] and "min" not in ch \
                and "min" not in node:
            items.extend(ch["items"])
        else:
            items.append(ch)
    node["items"] = items
    return node


def tree_of(lst: Lst, stem=None, op=None, mn=None):
    kids = []
    for it in lst.items:
        if it.sub is not None:
            kids.append(tree_of(it.sub, stem=it.text, op=it.sub.op, mn=it.sub.min))
        else:
            kids.append(it.text)
    conns = [it.conn for it in lst.items[:-1]]
    given = [c for c in conns if c]
    if op is not None:
        assert all(c == op.lower() for c in given), (stem, conns)
        return _node(op, stem, kids, mn)
    if not given:
        raise ValueError(f"list without stem or connectives needs root_op: {lst.items[0].text}")
    if len(set(given)) == 1:
        return _node(given[0].upper(), stem, kids)
    # mixed: OR binds tighter -> split at 'and'
    groups, cur = [], [kids[0]]
    for c, k in zip(conns, kids[1:]):
        if c == "and":
            groups.append(cur)
            cur = [k]
        else:
            cur.append(k)
    groups.append(cur)
    items = [g[0] if len(g) == 1 else _node("OR", None, g) for g in groups]
    return _node("AND", stem, items)


def field_tree(f: Field):
    if f.tree is not None:
        return f.tree
    if f.lst is None:
        return _node("AND", None, [])
    if f.stem:
        return _normalise(tree_of(f.lst, stem=f.stem, op=f.lst.op, mn=f.lst.min))
    return _normalise(tree_of(f.lst, op=f.root_op))


def leaves(t):
    if isinstance(t, str):
        return [t]
    out = []
    for x in t["items"]:
        out.extend(leaves(x))
    return out


def gold_field(f: Field) -> dict:
    g = {"label": f.label, "role": f.role, "text": "\n".join(field_lines(f))}
    if f.role in CRIT_ROLES:
        g["criteria"] = field_tree(f)
    g["thresholds"] = f.thresholds
    g["doses"] = f.doses
    return g


# ----------------------------------------------------------------------------------------
# DOCUMENT 1 -- immune globulin clinical policy (Chromium PDF + python-docx DOCX)
# ----------------------------------------------------------------------------------------

IG_TITLE = "Clinical Policy: Immune Globulins"
IG_SUBTITLE = "Intravenous (IVIG) and Subcutaneous (SCIG) Immune Globulin Products"
IG_META = [("Reference Number", "NH.PHAR.118"), ("Effective Date", "04.01.25"),
           ("Last Review Date", "02.25"), ("Line of Business", "Commercial, HIM, Medicaid")]


def dur(months: str) -> Field:
    return Field("Approval duration", "duration", paras=[months])


IG_INDS = [
    Ind(
        name="Primary Immunodeficiency",
        heading="Primary Immunodeficiency (must meet all):",
        fields=[
            Field(None, "selection_criteria", root_op="AND", lst=Lst("decimal", [
                I("Diagnosis of one of the following (a, b, c, or d):", Lst("lower-alpha", [
                    I("Common variable immunodeficiency (CVID)"),
                    I("X-linked agammaglobulinemia or another congenital agammaglobulinemia"),
                    I("Severe combined immunodeficiency (SCID) or a combined immunodeficiency with antibody deficiency"),
                    I("Specific antibody deficiency"),
                ], op="OR")),
                I("Prescribed by or in consultation with an immunologist"),
                I("Age ≥ 2 years"),
                I("One of the following (a or b):", Lst("lower-alpha", [
                    I("Pretreatment serum IgG < 400 mg/dL"),
                    I("All of the following (i, ii, and iii):", Lst("lower-roman", [
                        I("Pretreatment serum IgG below the lower limit of the age-adjusted reference range"),
                        I("Impaired antibody response to pneumococcal polysaccharide vaccine, with protective titers to < 50% of serotypes tested"),
                        I("History of recurrent or severe bacterial infections despite prophylactic antibiotics"),
                    ], op="AND")),
                ], op="OR")),
                I("Member does not have any of the following (a, b, or c):", Lst("lower-alpha", [
                    I("IgA deficiency with antibodies against IgA and a history of hypersensitivity"),
                    I("History of anaphylaxis to a human immune globulin product"),
                    I("Isolated IgG subclass deficiency with a normal total IgG"),
                ], op="OR")),
            ]), thresholds=[T("age", ">=", 2, "years"), T("IgG", "<", 400, "mg/dL"),
                            T("pneumococcal serotypes with protective titers", "<", 50, "%")]),
            dur("6 months"),
        ],
        cont=[
            Field(None, "continuation_criteria", root_op="AND", lst=Lst("decimal", [
                I("Member has previously met all initial approval criteria", conn="and"),
                I("Member is responding positively to therapy, as evidenced by a reduction in the frequency or severity of bacterial infections", conn="and"),
                I("Trough serum IgG level is ≥ 600 mg/dL, drawn within the last 6 months", conn="and"),
                I("If request is for a dose increase, the new dose does not exceed the maximum dose in Appendix C"),
            ]), thresholds=[T("trough IgG", ">=", 600, "mg/dL")]),
            dur("12 months"),
        ],
        regimen=["IVIG: 300 to 800 mg/kg IV every 3 to 4 weeks",
                 "SCIG: 100 to 200 mg/kg SC weekly, or the equivalent total dose divided over 2 to 7 days"],
        maximum="IVIG: 800 mg/kg every 3 weeks; SCIG: 200 mg/kg per week",
        doses=[D(300, "mg/kg", "every 3 to 4 weeks", 800, "800 mg/kg every 3 weeks"),
               D(100, "mg/kg", "weekly", 200, "200 mg/kg per week")],
    ),
    Ind(
        name="Chronic Inflammatory Demyelinating Polyneuropathy",
        heading="Chronic Inflammatory Demyelinating Polyneuropathy (must meet all):",
        fields=[
            Field(None, "selection_criteria", root_op="AND", lst=Lst("decimal", [
                I("Diagnosis of CIDP confirmed by nerve conduction studies showing demyelination in at least two nerves"),
                I("Prescribed by or in consultation with a neurologist"),
                I("Age ≥ 18 years"),
                I("Functional disability documented by either of the following (a or b):", Lst("lower-alpha", [
                    I("Inflammatory Neuropathy Cause and Treatment (INCAT) disability score ≥ 2 points"),
                    I("Inflammatory Rasch-built Overall Disability Scale (I-RODS) centile score ≤ 70"),
                ], op="OR")),
                I("Progressive or relapsing symptoms for at least 8 weeks"),
                I("Other causes of neuropathy have been excluded, including all of the following:", Lst("disc", [
                    I("Monoclonal gammopathy with anti-myelin-associated glycoprotein (anti-MAG) antibodies"),
                    I("POEMS syndrome"),
                    I("Hereditary demyelinating neuropathy"),
                ], op="AND", punct="")),
            ]), thresholds=[T("age", ">=", 18, "years"), T("INCAT disability score", ">=", 2, "points"),
                            T("I-RODS centile score", "<=", 70, None)]),
            dur("3 months"),
        ],
        cont=[
            Field(None, "continuation_criteria", root_op="AND", lst=Lst("decimal", [
                I("Member meets either of the following (a or b):", Lst("lower-alpha", [
                    I("Currently receiving IVIG or SCIG via Northbridge Health benefit"),
                    I("Member has previously met all initial approval criteria"),
                ], op="OR")),
                I("Objective improvement from baseline documented by any of the following (a, b, or c):", Lst("lower-alpha", [
                    I("Decrease in INCAT disability score of ≥ 1 point"),
                    I("Increase in I-RODS centile score of ≥ 4 points"),
                    I("Improvement in grip strength of ≥ 8 kPa on a Martin Vigorimeter"),
                ], op="OR")),
                I("An attempt to lower the dose or lengthen the dosing interval has been made within the past 12 months, unless a previous attempt resulted in relapse"),
            ]), thresholds=[T("INCAT disability score decrease", ">=", 1, "points"),
                            T("I-RODS centile score increase", ">=", 4, "points"),
                            T("grip strength improvement", ">=", 8, "kPa")]),
            dur("12 months"),
        ],
        regimen=["Induction: 2 g/kg IV divided over 2 to 5 consecutive days",
                 "Maintenance: 0.4 to 1 g/kg IV every 3 weeks, or SCIG 0.2 to 0.4 g/kg weekly"],
        maximum="2 g/kg per induction course; 1 g/kg every 3 weeks (maintenance)",
        doses=[D(2, "g/kg", "divided over 2 to 5 consecutive days", None, "2 g/kg per induction course"),
               D(0.4, "g/kg", "every 3 weeks", 1, "1 g/kg every 3 weeks (maintenance)"),
               D(0.2, "g/kg", "weekly", 0.4, None)],
    ),
    Ind(
        name="Immune Thrombocytopenia",
        heading="Immune Thrombocytopenia (must meet all):",
        fields=[
            Field(None, "selection_criteria", root_op="AND", lst=Lst("decimal", [
                I("Diagnosis of primary immune thrombocytopenia (ITP)"),
                I("Prescribed by or in consultation with a hematologist"),
                I("One of the following (a, b, or c):", Lst("lower-alpha", [
                    I("Platelet count < 20,000/µL"),
                    I("Platelet count < 30,000/µL with active mucosal or other significant bleeding"),
                    I("Platelet count < 50,000/µL before a planned surgical or dental procedure"),
                ], op="OR")),
                I("Member meets one of the following (a or b):", Lst("lower-alpha", [
                    I("A rapid rise in platelet count is required and IVIG will be used together with corticosteroids"),
                    I("Inadequate response, intolerance, or contraindication to corticosteroids"),
                ], op="OR")),
            ]), thresholds=[T("platelet count", "<", 20000, "/µL"), T("platelet count", "<", 30000, "/µL"),
                            T("platelet count", "<", 50000, "/µL")]),
            dur("1 month"),
        ],
        cont=[
            Field(None, "continuation_criteria", root_op="AND", lst=Lst("decimal", [
                I("Previous IVIG course produced a platelet response, with platelet count ≥ 50,000/µL after treatment"),
                I("One of the following (a or b):", Lst("lower-alpha", [
                    I("Recurrent platelet count < 30,000/µL", conn="or", line=True),
                    I("Clinically significant bleeding"),
                ], op="OR")),
            ]), thresholds=[T("platelet count", ">=", 50000, "/µL"), T("platelet count", "<", 30000, "/µL")]),
            dur("1 month"),
        ],
        regimen=["1 g/kg IV daily for 1 to 2 days, or",
                 "0.4 g/kg IV daily for 5 days"],
        maximum="2 g/kg per course",
        doses=[D(1, "g/kg", "daily for 1 to 2 days", None, "2 g/kg per course"),
               D(0.4, "g/kg", "daily for 5 days", None, "2 g/kg per course")],
    ),
    Ind(
        name="Multifocal Motor Neuropathy",
        heading="Multifocal Motor Neuropathy (must meet all):",
        fields=[
            Field(None, "selection_criteria", root_op="AND", lst=Lst("decimal", [
                I("Diagnosis of MMN supported by all of the following (a, b, and c):", Lst("lower-alpha", [
                    I("Progressive, asymmetric limb weakness in the distribution of at least two motor nerves, without objective sensory loss"),
                    I("Definite or probable motor conduction block in at least one nerve"),
                    I("Normal sensory nerve conduction in the upper limb segments tested"),
                ], op="AND")),
                I("Prescribed by or in consultation with a neurologist"),
                I("Age ≥ 18 years"),
                I("Baseline Medical Research Council (MRC) sum score ≤ 56 documented"),
            ]), thresholds=[T("age", ">=", 18, "years"), T("MRC sum score", "<=", 56, None)]),
            dur("3 months"),
        ],
        cont=[
            Field(None, "continuation_criteria", root_op="AND", lst=Lst("decimal", [
                I("Member has previously met all initial approval criteria"),
                I("Documented stabilization or improvement in muscle strength or functional disability compared with baseline"),
                I("The lowest effective dose and the longest effective interval are being used"),
            ])),
            dur("12 months"),
        ],
        regimen=["Induction: 2 g/kg IV divided over 2 to 5 days",
                 "Maintenance: 0.4 to 2 g/kg IV every 2 to 6 weeks"],
        maximum="2 g/kg per month",
        doses=[D(2, "g/kg", "divided over 2 to 5 days", None, "2 g/kg per month"),
               D(0.4, "g/kg", "every 2 to 6 weeks", 2, "2 g/kg per month")],
    ),
    Ind(
        name="Kawasaki Disease",
        heading="Kawasaki Disease (must meet all):",
        fields=[
            Field(None, "selection_criteria", root_op="AND", lst=Lst("decimal", [
                I("Diagnosis of complete or incomplete Kawasaki disease"),
                I("Prescribed by or in consultation with a pediatric cardiologist or pediatric infectious disease specialist"),
                I("Age < 18 years"),
                I("One of the following (a or b):", Lst("lower-alpha", [
                    I("Treatment will begin within 10 days of the onset of fever"),
                    I("Both of the following (i and ii):", Lst("lower-roman", [
                        I("Presentation after day 10 of illness"),
                        I("Coronary artery luminal dimension z-score ≥ 2.5 on echocardiogram"),
                    ], op="AND")),
                ], op="OR")),
                I("IVIG will be given with aspirin unless aspirin is contraindicated"),
            ]), thresholds=[T("age", "<", 18, "years"), T("coronary artery z-score", ">=", 2.5, "SD")]),
            dur("1 month"),
        ],
        cont=[
            Field(None, "continuation_criteria", root_op="AND", lst=Lst("decimal", [
                I("Member received a first dose of IVIG for acute Kawasaki disease within the past 7 days"),
                I("Persistent or recrudescent fever (temperature ≥ 38.0 °C) at least 36 hours after the end of the first infusion"),
                I("Request is for one additional dose only"),
            ]), thresholds=[T("temperature", ">=", 38.0, "°C")]),
            dur("14 days"),
        ],
        regimen=["2 g/kg IV as a single infusion over 10 to 12 hours",
                 "A second dose of 2 g/kg may be given once for persistent fever"],
        maximum="4 g/kg total per illness",
        doses=[D(2, "g/kg", "single infusion over 10 to 12 hours", None, "4 g/kg total per illness"),
               D(2, "g/kg", "once", None, "4 g/kg total per illness")],
    ),
    Ind(
        name="Secondary Hypogammaglobulinemia Associated with B-Cell Malignancy",
        heading="Secondary Hypogammaglobulinemia Associated with B-Cell Malignancy (must meet all):",
        fields=[
            Field(None, "selection_criteria", root_op="AND", lst=Lst("decimal", [
                I("Diagnosis of one of the following (a, b, or c):", Lst("lower-alpha", [
                    I("B-cell chronic lymphocytic leukemia"),
                    I("Multiple myeloma"),
                    I("B-cell aplasia following CD19- or BCMA-directed CAR-T cell therapy"),
                ], op="OR")),
                I("Prescribed by or in consultation with a hematologist or oncologist"),
                I("Serum IgG < 500 mg/dL, excluding paraprotein"),
                I("Member meets at least two of the following (a, b, or c):", Lst("lower-alpha", [
                    I("Two or more serious bacterial infections requiring IV antibiotics or hospitalization in the past 12 months"),
                    I("Post-vaccination pneumococcal titer rise less than 2-fold"),
                    I("Infections recur despite at least 3 months of prophylactic antibiotics"),
                ], op="OR", min=2)),
            ]), thresholds=[T("IgG", "<", 500, "mg/dL"), T("pneumococcal titer rise", "<", 2, "fold")]),
            dur("6 months"),
        ],
        cont=[
            Field(None, "continuation_criteria", root_op="AND", lst=Lst("decimal", [
                I("Member is currently receiving immune globulin via Northbridge Health benefit", conn="and"),
                I("Fewer serious bacterial infections than in the 12 months before treatment", conn="and"),
                I("Trough serum IgG between 500 and 1,000 mg/dL within the last 6 months"),
            ]), thresholds=[T("trough IgG", "range", 500, "mg/dL", value_max=1000)]),
            dur("6 months"),
        ],
        regimen=["IVIG: 400 mg/kg IV every 4 weeks",
                 "SCIG: 100 mg/kg SC weekly"],
        maximum="800 mg/kg every 4 weeks",
        doses=[D(400, "mg/kg", "every 4 weeks", None, "800 mg/kg every 4 weeks"),
               D(100, "mg/kg", "weekly", None, None)],
    ),
]


def ig_dose_fields(ind: Ind) -> list[Field]:
    return [Field("Dosing Regimen", "dose", paras=list(ind.regimen), doses=ind.doses),
            Field("Maximum Dose", "dose", paras=[ind.maximum])]


# general (non-indication) content.  blocks: ("p", text) ("ul", [..]) ("ol", [..]) ("table", rows)
IG_GENERAL_TOP = [
    (None, "Description", [
        ("p", "Immune globulins (IG) are sterile concentrates of human immunoglobulin G (IgG) "
              "prepared from pooled donor plasma. Products are given intravenously (IVIG) or "
              "subcutaneously (SCIG) and are used as antibody replacement or as immunomodulating "
              "therapy. This policy applies to the products listed below."),
        ("ul", ["Intravenous: Gammagard Liquid®, Gamunex-C®, Octagam®, Panzyga®, Privigen®",
                "Subcutaneous: Cuvitru®, Hizentra®, HyQvia®, Xembify®"]),
    ]),
    (None, "Policy/Criteria", [
        ("p", "Provider must submit documentation (such as office chart notes, lab results or other "
              "clinical information) supporting that the member has met all approval criteria. "
              "It is the policy of health plans affiliated with Northbridge Health that immune "
              "globulins are medically necessary when the following criteria are met."),
    ]),
    ("I", "Requirements for Prior Authorization", [
        ("p", "Every request must include the following information:"),
        ("ul", ["Diagnosis and the applicable ICD-10-CM code(s)",
                "Current body weight in kilograms (and height when dosing by adjusted body weight)",
                "Relevant laboratory results, including pretreatment serum IgG where applicable",
                "Product requested, dose, frequency, route and site of care"]),
        ("p", "Requests for diagnoses not listed in Section II are reviewed against the off-label "
              "use policy NH.PMN.53. Dose is calculated on actual body weight unless the member's "
              "body mass index is 30 kg/m² or more, when adjusted body weight is used."),
    ]),
]

IG_APPENDICES = [
    ("Appendix A", "Abbreviation/Acronym Key", [
        ("p", "CAR-T: chimeric antigen receptor T cell"),
        ("p", "CIDP: chronic inflammatory demyelinating polyneuropathy"),
        ("p", "I-RODS: Inflammatory Rasch-built Overall Disability Scale"),
        ("p", "INCAT: Inflammatory Neuropathy Cause and Treatment"),
        ("p", "ITP: immune thrombocytopenia"),
        ("p", "MMN: multifocal motor neuropathy"),
        ("p", "SCIG: subcutaneous immune globulin"),
    ]),
    ("Appendix B", "General Information", [
        ("ul", ["IgG trough levels should be drawn immediately before the next scheduled infusion.",
                "Products stabilized with sucrose carry a higher risk of renal dysfunction; infuse at "
                "the minimum practicable rate.",
                "When switching between IVIG and SCIG, apply the dose adjustment factor in the product "
                "labeling.",
                "Brand-to-brand switching should be avoided once a member is stable on a product."]),
    ]),
    ("Appendix C", "Dosage and Administration", "TABLE"),
    ("Appendix D", "Contraindications/Boxed Warnings", [
        ("ul", ["Contraindication(s): history of anaphylactic or severe systemic reaction to human "
                "immune globulin; IgA-deficient patients with antibodies against IgA and a history "
                "of hypersensitivity; hyperprolinemia (L-proline stabilized products).",
                "Boxed warning(s): thrombosis; renal dysfunction and acute renal failure (IVIG "
                "products)."]),
    ]),
]

IG_REFERENCES = [
    "Perez EE, Orange JS, Bonilla F, et al. Update on the use of immunoglobulin in human disease: "
    "a review of evidence. J Allergy Clin Immunol. 2017;139(3S):S1-S46.",
    "Van den Bergh PYK, van Doorn PA, Hadden RDM, et al. European Academy of Neurology/Peripheral "
    "Nerve Society guideline on diagnosis and treatment of chronic inflammatory demyelinating "
    "polyradiculoneuropathy. J Peripher Nerv Syst. 2021;26(3):242-268.",
    "Neunert C, Terrell DR, Arnold DM, et al. American Society of Hematology 2019 guidelines for "
    "immune thrombocytopenia. Blood Adv. 2019;3(23):3829-3866.",
    "McCrindle BW, Rowley AH, Newburger JW, et al. Diagnosis, treatment, and long-term management "
    "of Kawasaki disease. Circulation. 2017;135(17):e927-e999.",
    "Product prescribing information for the immune globulin products listed in this policy.",
]

IG_REMINDER = ("This clinical policy has been developed by appropriately experienced and licensed "
               "health care professionals. It is not intended to dictate to providers how to practice "
               "medicine, and providers are expected to exercise professional medical judgment.")

# ----------------------------------------------------------------------------------------
# DOCUMENT 2 -- dupilumab specialty drug PA criteria (python-docx DOCX -> LibreOffice PDF)
# ----------------------------------------------------------------------------------------

BIO_PAYER = "Harborview Health Partners"
BIO_TITLE = "Specialty Drug Prior Authorization Criteria: Dupilumab (Dupixent®)"
BIO_META = [("Policy Number", "SDPA-0412"), ("Effective Date", "April 1, 2025"),
            ("Review Cycle", "Annual"), ("Applies To", "Commercial and Exchange plans")]

CRS_PROSE = ("Dupixent is recommended as add-on maintenance treatment for adults aged 18 years and "
             "older with inadequately controlled chronic rhinosinusitis with nasal polyps who have had "
             "prior sinonasal surgery, or who have had an inadequate response to at least 8 weeks of "
             "daily intranasal corticosteroids. The member must also have a Sino-Nasal Outcome Test "
             "(SNOT-22) score of 30 or higher.")
ASTHMA_EXCL = ("Dupixent is not covered for asthma when it is used in combination with another asthma "
               "biologic (for example omalizumab, mepolizumab, benralizumab or tezepelumab), or when "
               "it is used for the relief of acute bronchospasm or status asthmaticus.")

BIO_INDS = [
    Ind(
        name="Moderate-to-Severe Atopic Dermatitis", section="4.1",
        fields=[
            Field("Initial Authorization", "selection_criteria",
                  stem="Dupixent is approved when the member meets all of the following:",
                  lst=Lst("decimal", [
                      I("Age 6 months or older"),
                      I("Diagnosis of moderate-to-severe atopic dermatitis"),
                      I("Disease severity documented by at least one of the following:", Lst("disc", [
                          I("Eczema Area and Severity Index (EASI) score ≥ 16"),
                          I("Investigator's Global Assessment (IGA) score ≥ 3"),
                          I("Body surface area (BSA) involvement ≥ 10%"),
                      ], op="OR", punct="")),
                      I("Peak Pruritus Numerical Rating Scale (PP-NRS) score ≥ 4"),
                      I("Inadequate response, intolerance, or contraindication to both of the following:", Lst("disc", [
                          I("A medium- to high-potency topical corticosteroid used for at least 28 days", conn="and"),
                          I("A topical calcineurin inhibitor or topical PDE-4 inhibitor used for at least 6 weeks"),
                      ], op="AND", punct="")),
                      I("Prescribed by or in consultation with a dermatologist, allergist, or immunologist"),
                  ], op="AND", punct="."),
                  thresholds=[T("age", ">=", 6, "months"), T("EASI", ">=", 16, None),
                              T("IGA", ">=", 3, None), T("BSA involvement", ">=", 10, "%"),
                              T("PP-NRS", ">=", 4, None)]),
            Field("Exclusions", "exclusion_criteria",
                  stem="Coverage will not be provided if any of the following apply:",
                  lst=Lst("disc", [
                      I("Concurrent use with another biologic or a Janus kinase (JAK) inhibitor for atopic dermatitis"),
                      I("Mild disease, defined as an EASI score < 7"),
                      I("Untreated helminth infection"),
                  ], op="OR", punct=""),
                  thresholds=[T("EASI", "<", 7, None)]),
            Field("Reauthorization", "continuation_criteria", lst=Lst("decimal", [
                I("No gap in therapy longer than 60 days", conn="and"),
                I("Clinical response compared with baseline, shown by one or more of the following:", Lst("circle", [
                    I("Reduction in EASI score of ≥ 50% (EASI-50)"),
                    I("IGA score ≤ 1 (clear or almost clear)"),
                    I("Reduction in PP-NRS score of ≥ 4 points"),
                ], op="OR", punct="")),
            ]), thresholds=[T("EASI reduction", ">=", 50, "%"), T("IGA", "<=", 1, None),
                            T("PP-NRS reduction", ">=", 4, "points")]),
            Field("Dosing", "dose", lst=Lst("dash", [
                I("Adults: 600 mg subcutaneously on day 1 (two 300 mg injections), then 300 mg every 2 weeks"),
                I("Pediatric members: weight-based dosing according to the FDA-approved labeling"),
            ], punct=""), doses=[D(600, "mg", "on day 1"), D(300, "mg", "every 2 weeks")]),
            Field("Authorization Period", "duration", paras=["Initial: 6 months. Reauthorization: 12 months."]),
        ],
    ),
    Ind(
        name="Moderate-to-Severe Asthma", section="4.2",
        fields=[
            Field("Initial Authorization", "selection_criteria",
                  stem="All of the following criteria must be met:",
                  lst=Lst("disc", [
                      I("Member is 6 years of age or older", conn="and", line=True),
                      I("Diagnosis of moderate-to-severe asthma", conn="and", line=True),
                      I("Evidence of type 2 inflammation, shown by one of the following:", Lst("dash", [
                          I("Blood eosinophil count ≥ 150 cells/µL within the past 6 weeks", conn="or", line=True),
                          I("Fractional exhaled nitric oxide (FeNO) ≥ 25 ppb", conn="or", line=True),
                          I("Dependence on daily oral corticosteroids for at least 4 weeks"),
                      ], op="OR", punct=""), conn="and", line=True),
                      I("Pre-bronchodilator FEV1 < 80% of predicted", conn="and", line=True),
                      I("Asthma is uncontrolled despite at least 3 months of a medium- to high-dose inhaled corticosteroid plus an additional controller, with at least two of the following:", Lst("dash", [
                          I("Two or more exacerbations requiring systemic corticosteroids in the past 12 months"),
                          I("Asthma Control Questionnaire (ACQ-5) score ≥ 1.5"),
                          I("Asthma Control Test (ACT) score < 20"),
                          I("An asthma-related hospitalization or emergency department visit in the past 12 months"),
                      ], op="OR", min=2, punct=""), conn="and", line=True),
                      I("Dupixent will be used as add-on maintenance treatment"),
                  ], op="AND", punct=""),
                  thresholds=[T("age", ">=", 6, "years"), T("blood eosinophil count", ">=", 150, "cells/µL"),
                              T("FeNO", ">=", 25, "ppb"), T("FEV1 % predicted", "<", 80, "%"),
                              T("ACQ-5", ">=", 1.5, None), T("ACT", "<", 20, None)]),
            Field("Exclusions", "exclusion_criteria", paras=[ASTHMA_EXCL],
                  tree=_node("OR", None, [
                      "used in combination with another asthma biologic (for example omalizumab, mepolizumab, benralizumab or tezepelumab)",
                      "used for the relief of acute bronchospasm or status asthmaticus"])),
            Field("Reauthorization", "continuation_criteria",
                  stem="Continued therapy is approved when both of the following are met:",
                  lst=Lst("decimal", [
                      I("Member continues to use an inhaled corticosteroid-containing controller"),
                      I("Positive response to therapy, shown by any of the following:", Lst("circle", [
                          I("Fewer exacerbations requiring systemic corticosteroids than in the 12 months before treatment"),
                          I("Reduction in the daily oral corticosteroid dose from baseline"),
                          I("Increase in pre-bronchodilator FEV1 of ≥ 100 mL from baseline"),
                          I("Decrease in ACQ-5 score of ≥ 0.5 points"),
                      ], op="OR", punct="")),
                  ], op="AND", punct="."),
                  thresholds=[T("FEV1 increase", ">=", 100, "mL"), T("ACQ-5 decrease", ">=", 0.5, "points")]),
            Field("Dosing", "dose", lst=Lst("dash", [
                I("Initial dose of 400 mg subcutaneously (two 200 mg injections), then 200 mg every 2 weeks"),
                I("Oral corticosteroid-dependent asthma: initial dose of 600 mg, then 300 mg every 2 weeks"),
                I("Children 6 to 11 years: weight-based dosing according to the FDA-approved labeling"),
            ], punct=""), doses=[D(400, "mg", None), D(200, "mg", "every 2 weeks"),
                                 D(600, "mg", None), D(300, "mg", "every 2 weeks")],
                  thresholds=[T("age", "range", 6, "years", value_max=11)]),
            Field("Authorization Period", "duration", paras=["6 months initial; 12 months for reauthorization"]),
        ],
    ),
    Ind(
        name="Chronic Rhinosinusitis with Nasal Polyps", section="4.3",
        fields=[
            Field("Diagnostic Requirements", "diagnosis",
                  stem="The diagnosis must be confirmed by both of the following:",
                  lst=Lst("disc", [
                      I("Nasal endoscopy or computed tomography of the sinuses showing bilateral nasal polyps"),
                      I("Total endoscopic nasal polyp score (NPS) ≥ 5 out of a maximum of 8, with a score of at least 2 in each nasal cavity"),
                  ], op="AND", punct=""),
                  thresholds=[T("nasal polyp score", ">=", 5, None), T("nasal polyp score per nasal cavity", ">=", 2, None)]),
            Field("Initial Authorization", "selection_criteria", paras=[CRS_PROSE],
                  tree=_node("AND", None, [
                      "adults aged 18 years and older with inadequately controlled chronic rhinosinusitis with nasal polyps",
                      _node("OR", None, ["have had prior sinonasal surgery",
                                         "have had an inadequate response to at least 8 weeks of daily intranasal corticosteroids"]),
                      "The member must also have a Sino-Nasal Outcome Test (SNOT-22) score of 30 or higher"]),
                  thresholds=[T("age", ">=", 18, "years"), T("SNOT-22", ">=", 30, "points")]),
            Field("Reauthorization", "continuation_criteria", lst=Lst("disc", [
                I("Member continues daily intranasal corticosteroid therapy", conn="and"),
                I("Reduction in nasal polyp score of at least 1 point from baseline", conn="or"),
                I("Improvement in SNOT-22 score of at least 8.9 points", conn="or"),
                I("Reduced need for systemic corticosteroids or sinonasal surgery"),
            ], punct=""), thresholds=[T("nasal polyp score reduction", ">=", 1, "points"),
                                     T("SNOT-22 improvement", ">=", 8.9, "points")]),
            Field("Dosing", "dose", paras=["300 mg subcutaneously every 2 weeks; after 24 weeks the interval "
                                           "may be extended to every 4 weeks when the response is sustained."],
                  doses=[D(300, "mg", "every 2 weeks"), D(300, "mg", "every 4 weeks")]),
            Field("Authorization Period", "duration", paras=["Initial: 6 months. Reauthorization: 12 months."]),
        ],
    ),
    Ind(
        name="Eosinophilic Esophagitis", section="4.4",
        fields=[
            Field("Initial Authorization", "selection_criteria",
                  stem="Must meet all of the following:",
                  lst=Lst("decimal", [
                      I("Age 1 year or older"),
                      I("Body weight at least 15 kg"),
                      I("Diagnosis confirmed by esophageal biopsy showing ≥ 15 eosinophils per high-power field (eos/hpf)"),
                      I("Dysphagia Symptom Questionnaire (DSQ) score of 10 or more"),
                      I("Either of the following:", Lst("lower-alpha", [
                          I("Inadequate response to at least 8 weeks of high-dose proton pump inhibitor therapy"),
                          I("Inadequate response, intolerance, or contraindication to swallowed topical corticosteroids"),
                      ], op="OR")),
                      I("Other causes of esophageal eosinophilia have been ruled out"),
                  ], op="AND"),
                  thresholds=[T("age", ">=", 1, "years"), T("body weight", ">=", 15, "kg"),
                              T("esophageal eosinophils", ">=", 15, "eos/hpf"), T("DSQ", ">=", 10, None)]),
            Field("Exclusions", "exclusion_criteria", stem="Any of the following:", lst=Lst("disc", [
                I("Eosinophilic gastritis or gastroenteritis without esophageal involvement"),
                I("Esophageal stricture needing dilation within the past 12 weeks"),
                I("Concurrent use of budesonide oral suspension"),
            ], op="OR", punct="")),
            Field("Place in Therapy", "position", paras=[
                "Second line, after proton pump inhibitors and swallowed topical corticosteroids; not a "
                "substitute for effective dietary elimination therapy."]),
            Field("Response Assessment", "outcome_measures", paras=[
                "Response is reviewed after 6 months using repeat esophagogastroduodenoscopy with "
                "biopsy and the DSQ score."]),
            Field("Reauthorization", "continuation_criteria",
                  stem="Continued approval requires at least one of the following:", lst=Lst("disc", [
                      I("Peak esophageal eosinophil count ≤ 6 eos/hpf on repeat biopsy"),
                      I("Improvement in dysphagia symptoms from baseline"),
                  ], op="OR", punct=""),
                  thresholds=[T("esophageal eosinophils", "<=", 6, "eos/hpf")]),
            Field("Dosing", "dose", lst=Lst("dash", [
                I("15 kg to less than 30 kg: 200 mg subcutaneously every other week"),
                I("30 kg to less than 40 kg: 300 mg subcutaneously every other week"),
                I("40 kg or more: 300 mg subcutaneously every week"),
            ], punct=""), doses=[D(200, "mg", "every other week"), D(300, "mg", "every other week"),
                                 D(300, "mg", "every week")],
                  thresholds=[T("body weight", "range", 15, "kg", value_max=30),
                              T("body weight", "range", 30, "kg", value_max=40),
                              T("body weight", ">=", 40, "kg")]),
            Field("Authorization Period", "duration", paras=["Initial: 6 months. Reauthorization: 12 months."]),
        ],
    ),
]

BIO_GENERAL_BEFORE = [
    ("1", "Overview", [
        ("p", "Dupilumab (Dupixent®) is a human monoclonal antibody that blocks the shared receptor "
              "subunit of interleukin-4 and interleukin-13, two cytokines that drive type 2 "
              "inflammation. It is given by subcutaneous injection and may be self-administered after "
              "training. This document sets out the criteria used by Harborview Health Partners to "
              "review pharmacy benefit requests for dupilumab."),
    ]),
    ("2", "Definitions", [
        ("ul", ["ACQ-5: Asthma Control Questionnaire, five-item version; higher scores mean poorer control",
                "EASI: Eczema Area and Severity Index, a composite score from 0 to 72",
                "FeNO: fractional exhaled nitric oxide, measured in parts per billion (ppb)",
                "IGA: Investigator's Global Assessment, a 5-point scale from 0 (clear) to 4 (severe)",
                "NPS: endoscopic nasal polyp score, 0 to 4 for each nasal cavity",
                "SNOT-22: Sino-Nasal Outcome Test, 22 items, total score 0 to 110"]),
    ]),
    ("3", "General Requirements", [
        ("p", "The following apply to every request, in addition to the indication-specific criteria "
              "in Section 4:"),
        ("ul", ["Dupixent is prescribed at an FDA-approved dose and frequency.",
                "Quantity limits: two prefilled syringes or pens per 28 days after the loading dose, "
                "except for eosinophilic esophagitis.",
                "Samples or manufacturer free-drug programs do not establish prior use for the purpose "
                "of reauthorization."]),
    ]),
]
BIO_COVERAGE_INTRO = ("Dupixent is considered medically necessary for the indications below when the "
                      "indication's criteria are met. Each indication lists its own authorization "
                      "period.")
BIO_GENERAL_AFTER = [
    ("5", "Limitations of Coverage", [
        ("ul", ["Use for any indication not listed in Section 4 is considered investigational.",
                "Dupixent is not covered for cosmetic indications or for mild disease managed with "
                "topical therapy alone.",
                "Concurrent use of two targeted immunomodulators is not covered."]),
    ]),
    ("6", "Background", [
        ("p", "Dupilumab was first approved in 2017 for atopic dermatitis and has since been approved "
              "for asthma, chronic rhinosinusitis with nasal polyps, eosinophilic esophagitis and "
              "other type 2 inflammatory conditions. Conjunctivitis and injection-site reactions are "
              "the most common adverse events."),
    ]),
    ("7", "References", [
        ("ol", ["Dupixent (dupilumab) injection, prescribing information. Regeneron Pharmaceuticals; 2024.",
                "Davis DMR, Drucker AM, Alikhan A, et al. Guidelines of care for the management of "
                "atopic dermatitis in adults with phototherapy and systemic therapies. J Am Acad "
                "Dermatol. 2024;90(2):e43-e56.",
                "Global Initiative for Asthma. Global Strategy for Asthma Management and Prevention, "
                "2024 update.",
                "Hirano I, Chan ES, Rank MA, et al. AGA/JTF clinical practice guidelines on the "
                "management of eosinophilic esophagitis. Gastroenterology. 2020;158(6):1776-1786."]),
    ]),
    ("8", "Revision History", [
        ("table", [["Date", "Action"],
                   ["04/2025", "Annual review; eosinophilic esophagitis weight bands updated."],
                   ["10/2024", "Reauthorization period extended to 12 months for all indications."],
                   ["04/2024", "New policy."]]),
    ]),
]

# ----------------------------------------------------------------------------------------
# HTML rendering (document 1)
# ----------------------------------------------------------------------------------------

HTML_LIST_ATTR = {"decimal": ("ol", 'type="1"'), "lower-alpha": ("ol", 'type="a"'),
                  "lower-roman": ("ol", 'type="i"'), "upper-alpha": ("ol", 'type="A"'),
                  "disc": ("ul", 'style="list-style-type: disc"'),
                  "circle": ("ul", 'style="list-style-type: circle"'),
                  "square": ("ul", 'style="list-style-type: square"'),
                  "dash": ("ul", 'class="dash"')}
e = html.escape


def html_list(lst: Lst) -> str:
    tag, attr = HTML_LIST_ATTR[lst.style]
    out = [f"<{tag} {attr}>"]
    for it in lst.items:
        body = e(printed(it, lst))
        if it.sub is not None:
            body += html_list(it.sub)
        if it.conn and it.line:
            body += f'<div class="conn">{it.conn.upper()}</div>'
        out.append(f"<li>{body}</li>")
    out.append(f"</{tag}>")
    return "".join(out)


def html_blocks(blocks) -> str:
    out = []
    for kind, val in blocks:
        if kind == "p":
            out.append(f"<p>{e(val)}</p>")
        elif kind in ("ul", "ol"):
            out.append(f"<{kind}>" + "".join(f"<li>{e(x)}</li>" for x in val) + f"</{kind}>")
    return "".join(out)


def html_field(f: Field) -> str:
    out = []
    if f.label:
        first = f.paras[0] if f.paras else (f.stem or "")
        out.append(f'<p class="runin"><b>{e(f.label)}:</b> {e(first)}</p>')
        rest = f.paras[1:] if f.paras else []
    else:
        rest = list(f.paras)
        if f.stem:
            rest.append(f.stem)
    out.extend(f"<p>{e(p)}</p>" for p in rest)
    if f.lst:
        out.append(html_list(f.lst))
    return "".join(out)


def ig_html() -> str:
    css = """
    @page { size: Letter; }
    body { font-family: 'Liberation Serif', 'DejaVu Serif', serif; font-size: 10.5pt; line-height: 1.28; color: #111; }
    h1 { font-family: 'Liberation Sans', sans-serif; font-size: 19pt; color: #1f3b6e; margin: 0 0 2pt 0; }
    .subtitle { font-family: 'Liberation Sans', sans-serif; font-size: 11pt; color: #1f3b6e; margin: 0 0 8pt 0; }
    table.meta { border-collapse: collapse; margin-bottom: 8pt; font-size: 9pt; }
    table.meta td { padding: 1pt 10pt 1pt 0; }
    h2 { font-family: 'Liberation Sans', sans-serif; font-size: 12pt; color: #1f3b6e; border-bottom: 1px solid #1f3b6e; margin: 12pt 0 4pt 0; }
    h3 { font-family: 'Liberation Sans', sans-serif; font-size: 10.5pt; margin: 8pt 0 3pt 0; }
    ol, ul { margin: 2pt 0 2pt 0; padding-left: 22pt; }
    li { margin: 1pt 0; }
    ol.ind > li { font-weight: normal; margin-top: 6pt; }
    ol.ind > li::marker { font-weight: bold; }
    .indhead { font-weight: bold; margin: 0 0 2pt 0; }
    .dur { font-weight: bold; margin: 3pt 0 0 0; }
    .conn { font-weight: bold; margin: 1pt 0 1pt -14pt; }
    ul.dash { list-style-type: "\\2013  "; }
    p { margin: 3pt 0; }
    table.dose { border-collapse: collapse; width: 100%; font-size: 9.5pt; margin-top: 4pt; }
    table.dose th, table.dose td { border: 1px solid #555; padding: 3pt 5pt; vertical-align: top; text-align: left; }
    table.dose th { background: #dde4f0; }
    table.dose tr { break-inside: avoid; }
    .reminder { font-size: 9pt; }
    """
    b = [f"<html><head><meta charset='utf-8'><style>{css}</style></head><body>"]
    b.append(f"<h1>{e(IG_TITLE)}</h1><div class='subtitle'>{e(IG_SUBTITLE)}</div>")
    b.append("<table class='meta'><tr>" + "".join(
        f"<td><b>{e(k)}:</b> {e(v)}</td>" for k, v in IG_META) + "</tr></table>")
    b.append("<p><i>See Important Reminder at the end of this policy for important regulatory and "
             "legal information.</i></p>")
    for num, title, blocks in IG_GENERAL_TOP:
        b.append(f"<h2>{(num + '. ') if num else ''}{e(title)}</h2>{html_blocks(blocks)}")

    def ind_list(cont: bool):
        out = ['<ol type="A" class="ind">']
        for ind in IG_INDS:
            fl = ind.cont if cont else ind.fields
            inner = [f'<p class="indhead">{e(ind.heading)}</p>']
            for f in fl:
                if f.role == "duration":
                    inner.append(f'<p class="dur">{e(f.label)}: {e(f.paras[0])}</p>')
                else:
                    inner.append(html_field(f))
            out.append("<li>" + "".join(inner) + "</li>")
        out.append("</ol>")
        return "".join(out)

    b.append("<h2>II. Criteria for Initial Approval</h2>" + ind_list(False))
    b.append("<h2>III. Continued Therapy</h2>" + ind_list(True))
    b.append("<h2>IV. Appendices</h2>")
    for num, title, blocks in IG_APPENDICES:
        head = f"<h3>{e(num)}: {e(title)}</h3>"
        if blocks != "TABLE":
            b.append(head)
        if blocks == "TABLE":
            rows = ["<tr><th>Indication</th><th>Dosing Regimen</th><th>Maximum Dose</th></tr>"]
            for ind in IG_INDS:
                rows.append(f"<tr><td>{e(ind.name)}</td><td>"
                            + "<br>".join(e(x) for x in ind.regimen)
                            + f"</td><td>{e(ind.maximum)}</td></tr>")
            b.append("<div style='break-inside: avoid'>" + head + "<table class='dose'>"
                     + "".join(rows) + "</table></div>")
        else:
            b.append(html_blocks(blocks))
    b.append("<h2>V. References</h2><ol>" + "".join(f"<li>{e(r)}</li>" for r in IG_REFERENCES) + "</ol>")
    b.append(f"<h2>Important Reminder</h2><p class='reminder'>{e(IG_REMINDER)}</p>")
    b.append("</body></html>")
    return "".join(b)


def render_ig_pdf(path: Path):
    from playwright.sync_api import sync_playwright
    header = ("<div style='font-size:8px;font-family:Liberation Sans,sans-serif;width:100%;"
              "margin:0 0.8in;display:flex;justify-content:space-between;color:#1f3b6e'>"
              f"<span>CLINICAL POLICY</span><span>Immune Globulins &middot; NH.PHAR.118</span></div>")
    footer = ("<div style='font-size:8px;font-family:Liberation Sans,sans-serif;width:100%;"
              "margin:0 0.8in;display:flex;justify-content:space-between;color:#444'>"
              "<span>Northbridge Health</span>"
              "<span>Page <span class='pageNumber'></span> of <span class='totalPages'></span></span></div>")
    with sync_playwright() as p:
        br = p.chromium.launch(executable_path="/usr/bin/chromium")
        pg = br.new_page()
        pg.set_content(ig_html(), wait_until="load")
        pg.pdf(path=str(path), format="Letter", display_header_footer=True, header_template=header,
               footer_template=footer, print_background=True,
               margin={"top": "0.85in", "bottom": "0.75in", "left": "0.8in", "right": "0.8in"})
        br.close()


# ----------------------------------------------------------------------------------------
# DOCX helpers (real Word numbering)
# ----------------------------------------------------------------------------------------

from docx import Document  # noqa: E402
from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: E402
from docx.oxml import OxmlElement  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402
from docx.shared import Pt, RGBColor, Inches, Twips  # noqa: E402

WORD_FMT = {"decimal": ("decimal", "%{n}."), "lower-alpha": ("lowerLetter", "%{n}."),
            "lower-roman": ("lowerRoman", "%{n}."), "upper-alpha": ("upperLetter", "%{n}."),
            "disc": ("bullet", "•"), "circle": ("bullet", "◦"), "dash": ("bullet", "–"),
            "square": ("bullet", "▪")}
STEP = 360  # twips per list level


class Numbering:
    def __init__(self, doc):
        self.root = doc.part.numbering_part.element
        self.abs = {}
        self.next_id = 50

    def _abstract(self, style):
        if style in self.abs:
            return self.abs[style]
        aid = self.next_id
        self.next_id += 1
        a = OxmlElement("w:abstractNum")
        a.set(qn("w:abstractNumId"), str(aid))
        mlt = OxmlElement("w:multiLevelType")
        mlt.set(qn("w:val"), "multilevel")
        a.append(mlt)
        fmt, txt = WORD_FMT[style]
        for lvl in range(9):
            L = OxmlElement("w:lvl")
            L.set(qn("w:ilvl"), str(lvl))
            for tag, val in (("w:start", "1"), ("w:numFmt", fmt),
                             ("w:lvlText", txt.replace("{n}", str(lvl + 1))), ("w:lvlJc", "left")):
                el = OxmlElement(tag)
                el.set(qn("w:val"), val)
                L.append(el)
            ppr = OxmlElement("w:pPr")
            ind = OxmlElement("w:ind")
            ind.set(qn("w:left"), str(STEP * (lvl + 1) + 120))
            ind.set(qn("w:hanging"), str(STEP))
            ppr.append(ind)
            L.append(ppr)
            a.append(L)
        nums = self.root.findall(qn("w:num"))
        if nums:
            nums[0].addprevious(a)
        else:
            self.root.append(a)
        self.abs[style] = aid
        return aid

    def new_list(self, style, ilvl):
        aid = self._abstract(style)
        nid = self.next_id
        self.next_id += 1
        n = OxmlElement("w:num")
        n.set(qn("w:numId"), str(nid))
        an = OxmlElement("w:abstractNumId")
        an.set(qn("w:val"), str(aid))
        n.append(an)
        ov = OxmlElement("w:lvlOverride")
        ov.set(qn("w:ilvl"), str(ilvl))
        so = OxmlElement("w:startOverride")
        so.set(qn("w:val"), "1")
        ov.append(so)
        n.append(ov)
        self.root.append(n)
        return nid


def set_num(par, nid, ilvl):
    numpr = par._p.get_or_add_pPr().get_or_add_numPr()
    numpr.get_or_add_ilvl().val = ilvl
    numpr.get_or_add_numId().val = nid


def indent(par, level, extra=0):
    par.paragraph_format.left_indent = Twips(STEP * (level + 1) + 120 + extra)


def tight(par, before=1, after=1):
    par.paragraph_format.space_before = Pt(before)
    par.paragraph_format.space_after = Pt(after)


def docx_list(doc, numbering, lst: Lst, ilvl: int):
    nid = numbering.new_list(lst.style, ilvl)
    for it in lst.items:
        p = doc.add_paragraph(printed(it, lst))
        set_num(p, nid, ilvl)
        tight(p)
        if it.sub is not None:
            docx_list(doc, numbering, it.sub, ilvl + 1)
        if it.conn and it.line:
            c = doc.add_paragraph()
            c.add_run(it.conn.upper()).bold = True
            indent(c, ilvl)
            tight(c)


def docx_blocks(doc, numbering, blocks, ilvl=0):
    for kind, val in blocks:
        if kind == "p":
            tight(doc.add_paragraph(val), 2, 3)
        elif kind in ("ul", "ol"):
            lst = Lst("disc" if kind == "ul" else "decimal", [I(x) for x in val], punct="")
            docx_list(doc, numbering, lst, ilvl)
        elif kind == "table":
            t = doc.add_table(rows=0, cols=len(val[0]))
            t.style = "Table Grid"
            for r, row in enumerate(val):
                cells = t.add_row().cells
                for c, txt in enumerate(row):
                    cells[c].text = txt
                    if r == 0:
                        for run in cells[c].paragraphs[0].runs:
                            run.bold = True


def add_field_run(par, instr):
    r = par.add_run()
    for kind, text in (("begin", None), ("instr", instr), ("separate", None), ("t", "1"), ("end", None)):
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {text} "
        elif kind == "t":
            el = OxmlElement("w:t")
            el.text = text
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        r._r.append(el)


def header_footer(doc, left_head, right_head, left_foot):
    sec = doc.sections[0]
    hp = sec.header.paragraphs[0]
    hp.text = f"{left_head}\t\t{right_head}"
    for r in hp.runs:
        r.font.size = Pt(8)
    fp = sec.footer.paragraphs[0]
    fp.add_run(f"{left_foot}\t\tPage ").font.size = Pt(8)
    add_field_run(fp, "PAGE")
    fp.add_run(" of ").font.size = Pt(8)
    add_field_run(fp, "NUMPAGES")


def style_doc(doc, body_font, head_font, color):
    st = doc.styles["Normal"]
    st.font.name = body_font
    st.font.size = Pt(10.5)
    for name, size in (("Heading 1", 13), ("Heading 2", 11), ("Heading 3", 10.5)):
        h = doc.styles[name]
        h.font.name = head_font
        h.font.size = Pt(size)
        h.font.color.rgb = color
        h.font.bold = True
        rfonts = h.element.rPr.find(qn("w:rFonts"))
        for att in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            if rfonts is not None and rfonts.get(qn(att)) is not None:
                del rfonts.attrib[qn(att)]
        h.paragraph_format.space_before = Pt(10 if name == "Heading 1" else 6)
        h.paragraph_format.space_after = Pt(3)
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Inches(8.5), Inches(11)
    sec.left_margin = sec.right_margin = Inches(0.9)
    sec.top_margin = sec.bottom_margin = Inches(0.8)


def meta_table(doc, meta):
    t = doc.add_table(rows=1, cols=len(meta))
    for c, (k, v) in enumerate(meta):
        p = t.rows[0].cells[c].paragraphs[0]
        p.add_run(f"{k}: ").bold = True
        p.add_run(v)
        for r in p.runs:
            r.font.size = Pt(8.5)


def render_ig_docx(path: Path):
    doc = Document()
    style_doc(doc, "Liberation Serif", "Liberation Sans", RGBColor(0x1F, 0x3B, 0x6E))
    numbering = Numbering(doc)
    header_footer(doc, "CLINICAL POLICY", "Immune Globulins · NH.PHAR.118", "Northbridge Health")
    t = doc.add_paragraph()
    r = t.add_run(IG_TITLE)
    r.bold, r.font.size, r.font.color.rgb = True, Pt(19), RGBColor(0x1F, 0x3B, 0x6E)
    s = doc.add_paragraph()
    s.add_run(IG_SUBTITLE).font.size = Pt(11)
    meta_table(doc, IG_META)
    doc.add_paragraph().add_run("See Important Reminder at the end of this policy for important "
                                "regulatory and legal information.").italic = True
    for num, title, blocks in IG_GENERAL_TOP:
        doc.add_heading(f"{num}. {title}" if num else title, level=1)
        docx_blocks(doc, numbering, blocks)

    def ind_list(cont):
        nid = numbering.new_list("upper-alpha", 0)
        for ind in IG_INDS:
            p = doc.add_paragraph()
            p.add_run(ind.heading).bold = True
            set_num(p, nid, 0)
            tight(p, 6, 2)
            for f in (ind.cont if cont else ind.fields):
                if f.role == "duration":
                    d = doc.add_paragraph()
                    d.add_run(f"{f.label}: {f.paras[0]}").bold = True
                    indent(d, 0)
                    tight(d, 3, 3)
                else:
                    for para in f.paras + ([f.stem] if f.stem else []):
                        q = doc.add_paragraph(para)
                        indent(q, 0)
                    if f.lst:
                        docx_list(doc, numbering, f.lst, 1)

    doc.add_heading("II. Criteria for Initial Approval", level=1)
    ind_list(False)
    doc.add_heading("III. Continued Therapy", level=1)
    ind_list(True)
    doc.add_heading("IV. Appendices", level=1)
    for num, title, blocks in IG_APPENDICES:
        doc.add_heading(f"{num}: {title}", level=2)
        if blocks == "TABLE":
            tb = doc.add_table(rows=1, cols=3)
            tb.style = "Table Grid"
            for c, h in enumerate(("Indication", "Dosing Regimen", "Maximum Dose")):
                tb.rows[0].cells[c].text = ""
                tb.rows[0].cells[c].paragraphs[0].add_run(h).bold = True
            for ind in IG_INDS:
                cells = tb.add_row().cells
                cells[0].text = ind.name
                cells[1].text = ind.regimen[0]
                for extra in ind.regimen[1:]:
                    cells[1].add_paragraph(extra)
                cells[2].text = ind.maximum
        else:
            docx_blocks(doc, numbering, blocks)
    doc.add_heading("V. References", level=1)
    docx_blocks(doc, numbering, [("ol", IG_REFERENCES)])
    doc.add_heading("Important Reminder", level=1)
    doc.add_paragraph(IG_REMINDER)
    doc.save(str(path))


def render_bio_docx(path: Path):
    doc = Document()
    teal = RGBColor(0x0B, 0x5E, 0x6B)
    style_doc(doc, "Liberation Sans", "Liberation Sans", teal)
    doc.styles["Normal"].font.size = Pt(10)
    numbering = Numbering(doc)
    header_footer(doc, BIO_PAYER, "Specialty Drug Prior Authorization Criteria", "Dupilumab (Dupixent®)")
    p = doc.add_paragraph()
    r = p.add_run(BIO_PAYER.upper())
    r.font.size, r.font.color.rgb, r.bold = Pt(9), teal, True
    t = doc.add_paragraph()
    r = t.add_run(BIO_TITLE)
    r.bold, r.font.size, r.font.color.rgb = True, Pt(17), teal
    meta_table(doc, BIO_META)
    for num, title, blocks in BIO_GENERAL_BEFORE:
        doc.add_heading(f"{num}. {title}", level=1)
        docx_blocks(doc, numbering, blocks)
    doc.add_heading("4. Coverage Criteria", level=1)
    doc.add_paragraph(BIO_COVERAGE_INTRO)
    for ind in BIO_INDS:
        doc.add_heading(f"{ind.section} {ind.name}", level=2)
        for f in ind.fields:
            first = f.paras[0] if f.paras else (f.stem or "")
            lp = doc.add_paragraph()
            lp.add_run(f"{f.label}:").bold = True
            if first:
                lp.add_run(" " + first)
            tight(lp, 5, 2)
            rest = f.paras[1:] + ([f.stem] if f.paras and f.stem else [])
            for para in rest:
                tight(doc.add_paragraph(para))
            if f.lst:
                docx_list(doc, numbering, f.lst, 0)
    for num, title, blocks in BIO_GENERAL_AFTER:
        doc.add_heading(f"{num}. {title}", level=1)
        docx_blocks(doc, numbering, blocks)
    doc.save(str(path))


def soffice_pdf(docx: Path, outdir: Path):
    prof = Path(tempfile.mkdtemp(prefix="lo_blind2us_"))
    try:
        subprocess.run(["/usr/bin/soffice", f"-env:UserInstallation=file://{prof}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(outdir), str(docx)],
                       check=True, capture_output=True, timeout=240)
    finally:
        shutil.rmtree(prof, ignore_errors=True)


# ----------------------------------------------------------------------------------------
# gold
# ----------------------------------------------------------------------------------------


def norm(s: str) -> str:
    s = s.replace("\u00ad", "").replace("\ufffe", "").replace("\u2010", "-").replace("\u2011", "-")
    return re.sub(r"\s+", "", s)


def pdf_pages(path: Path) -> list[str]:
    import pypdfium2 as pdfium
    pdf = pdfium.PdfDocument(str(path))
    out = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    pdf.close()
    return out


def docx_text(path: Path) -> str:
    d = Document(str(path))
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            for c in row.cells:
                parts.append(c.text)
    return "\n".join(parts)


def ig_sections():
    """(number, title, level, printed search strings)"""
    out = []
    for num, title, _ in IG_GENERAL_TOP:
        out.append((num, title, 1, [f"{num}. {title}" if num else title]))
    for num, title in (("II", "Criteria for Initial Approval"), ("III", "Continued Therapy")):
        out.append((num, title, 1, [f"{num}. {title}"]))
        for k, ind in enumerate(IG_INDS):
            letter = "ABCDEFG"[k]
            out.append((letter, ind.heading.rstrip(":"), 2, [f"{letter}. {ind.heading}", ind.heading]))
    out.append(("IV", "Appendices", 1, ["IV. Appendices"]))
    for num, title, _ in IG_APPENDICES:
        out.append((num, title, 2, [f"{num}: {title}"]))
    out.append(("V", "References", 1, ["V. References"]))
    out.append((None, "Important Reminder", 1, ["Important Reminder"]))
    return out


def bio_sections():
    out = []
    for num, title, _ in BIO_GENERAL_BEFORE:
        out.append((num, title, 1, [f"{num}. {title}"]))
    out.append(("4", "Coverage Criteria", 1, ["4. Coverage Criteria"]))
    for ind in BIO_INDS:
        out.append((ind.section, ind.name, 2, [f"{ind.section} {ind.name}"]))
    for num, title, _ in BIO_GENERAL_AFTER:
        out.append((num, title, 1, [f"{num}. {title}"]))
    return out


def find_pages(sections, pages):
    res, start, problems = [], 0, []
    np_ = [norm(p) for p in pages]
    for num, title, level, probes in sections:
        found = None
        for probe in probes:
            for i in range(start, len(np_)):
                if norm(probe) in np_[i]:
                    found = i
                    break
            if found is not None:
                break
        if found is None:
            problems.append(f"section not found: {probes[0]}")
        else:
            start = found
        res.append({"number": num, "title": title, "level": level,
                    "page": None if found is None else found + 1})
    return res, problems


def ig_gold_inds():
    out = []
    for ind in IG_INDS:
        fields = list(ind.fields) + list(ind.cont) + ig_dose_fields(ind)
        out.append({"name": ind.name, "fields": [gold_field(f) for f in fields]})
    return out


def bio_gold_inds():
    return [{"name": ind.name, "fields": [gold_field(f) for f in ind.fields]} for ind in BIO_INDS]


def all_fields(doc):
    if doc == "ig":
        for ind in IG_INDS:
            yield from list(ind.fields) + list(ind.cont) + ig_dose_fields(ind)
    else:
        for ind in BIO_INDS:
            yield from ind.fields


def self_check_data(doc) -> list[str]:
    probs = []
    for f in all_fields(doc):
        text = "\n".join(field_lines(f))
        if f.role in CRIT_ROLES:
            for leaf in leaves(field_tree(f)):
                if leaf not in text:
                    probs.append(f"leaf not in field text: {leaf!r}")
        for th in f.thresholds:
            for v in (th["value"], th["value_max"]):
                if v is None:
                    continue
                cands = {str(v), f"{v:,}", f"{v:g}", f"{v:,.0f}" if float(v).is_integer() else str(v)}
                if not any(c in text for c in cands):
                    probs.append(f"threshold value {v} not in field text {f.label}")
        for d in f.doses:
            if f"{d['amount']:g}" not in text:
                probs.append(f"dose amount {d['amount']} not in field text {f.label}")
    return probs


def check_output(name, sections, inds, text_pages) -> list[str]:
    joined = norm("".join(text_pages))
    probs = []
    for s in sections:
        if norm(s["title"]) not in joined:
            probs.append(f"{name}: title missing {s['title']!r}")
    for ind in inds:
        if norm(ind["name"]) not in joined:
            probs.append(f"{name}: indication name missing {ind['name']!r}")
        for f in ind["fields"]:
            if f["label"] and norm(f["label"]) not in joined:
                probs.append(f"{name}: label missing {f['label']!r}")
            for line in f["text"].split("\n"):
                if norm(line) not in joined:
                    probs.append(f"{name}: field line missing {line[:70]!r}")
            if "criteria" in f:
                for leaf in leaves(f["criteria"]):
                    if norm(leaf) not in joined:
                        probs.append(f"{name}: leaf missing {leaf[:70]!r}")
    return probs


def count(inds):
    nf = sum(len(i["fields"]) for i in inds)
    nl = sum(len(leaves(f["criteria"])) for i in inds for f in i["fields"] if "criteria" in f)
    nt = sum(len(f["thresholds"]) for i in inds for f in i["fields"])
    nd = sum(len(f["doses"]) for i in inds for f in i["fields"])
    return nf, nl, nt, nd


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=DEF_OUT, help="documents directory")
    ap.add_argument("--gold-out", type=Path, default=DEF_GOLD, help="gold JSON directory")
    a = ap.parse_args(argv)
    a.out.mkdir(parents=True, exist_ok=True)
    a.gold_out.mkdir(parents=True, exist_ok=True)

    probs = self_check_data("ig") + self_check_data("bio")

    ig_pdf, ig_docx = a.out / "us_ig_policy.pdf", a.out / "us_ig_policy.docx"
    bio_pdf, bio_docx = a.out / "us_biologic_policy.pdf", a.out / "us_biologic_policy.docx"
    render_ig_pdf(ig_pdf)
    render_ig_docx(ig_docx)
    render_bio_docx(bio_docx)
    soffice_pdf(bio_docx, a.out)

    ig_style = ("US health-plan clinical policy (Clinical Policy: <drug>): roman sections, lettered "
                "indications with numbered criteria, approval durations, continued-therapy section, "
                "dosing table in an appendix")
    bio_style = ("US payer specialty drug prior authorization criteria: numbered sections, one "
                 "sub-section per indication with bold run-in labels (Initial Authorization, "
                 "Reauthorization, Dosing, Authorization Period)")
    jobs = [("us_ig_policy", "pdf", "chromium", ig_pdf, IG_TITLE, ig_sections(), ig_gold_inds(), ig_style),
            ("us_ig_policy", "docx", "python-docx", ig_docx, IG_TITLE, ig_sections(), ig_gold_inds(), ig_style),
            ("us_biologic_policy", "pdf", "libreoffice", bio_pdf, BIO_TITLE, bio_sections(), bio_gold_inds(), bio_style),
            ("us_biologic_policy", "docx", "python-docx", bio_docx, BIO_TITLE, bio_sections(), bio_gold_inds(), bio_style)]
    summary = []
    for docname, kind, producer, path, title, secs, inds, style in jobs:
        if kind == "pdf":
            pages = pdf_pages(path)
            sections, p2 = find_pages(secs, pages)
            probs += [f"{path.name}: {x}" for x in p2]
        else:
            pages = [docx_text(path)]
            sections = [{"number": n, "title": t, "level": lv, "page": None} for n, t, lv, _ in secs]
        if norm(title) not in norm("".join(pages)):
            probs.append(f"{path.name}: title not found")
        probs += check_output(path.name, sections, inds, pages)
        gold = {"source": f"corpora/policies/{a.out.name}/{path.name}", "producer": producer,
                "style": style, "title": title, "sections": sections, "indications": inds}
        (a.gold_out / f"{docname}_{kind}.json").write_text(
            json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        nf, nl, nt, nd = count(inds)
        summary.append(f"{path.name:26s} {producer:12s} pages={len(pages) if kind == 'pdf' else '-':>2} "
                       f"sections={len(sections)} indications={len(inds)} fields={nf} leaves={nl} "
                       f"thresholds={nt} doses={nd}")
    print("\n".join(summary))
    if probs:
        print("PROBLEMS:")
        print("\n".join("  " + p for p in probs))
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
