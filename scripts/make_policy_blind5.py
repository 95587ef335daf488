"""Generate the blind5 policy test documents and their gold JSON.

Two invented drug-funding criteria documents (plausible but NOT real guidance),
each produced as a DOCX and a PDF, with one gold JSON per produced file:

1. ``special_authority_schedule`` -- imitates a national pharmaceutical schedule's
   "Special Authority" criteria (New Zealand PHARMAC-like).  Therapeutic-group
   headings (Heading 1), medicine names in CAPITALS (Heading 2), and per medicine
   bold blocks titled "Initial application — (condition)" / "Renewal — (condition)".
   Each block opens with "Applications only from ... Approvals valid for N months
   for applications meeting the following criteria:", then a stem ("All of the
   following:", "Either:", "Any of the following:", "Both:") and typed
   hierarchical numbers (1, 2, 2.1, 2.2, 2.2.1) in hanging-indent paragraphs,
   items ending "; and" / "; or", some bare "or" lines between items, and
   "Note:" paragraphs.  DOCX built with python-docx; PDF by LibreOffice
   conversion of that DOCX.  Indications: ankylosing spondylitis (adalimumab),
   severe osteoporosis (teriparatide), chronic spontaneous urticaria
   (omalizumab), idiopathic pulmonary fibrosis (pirfenidone).

2. ``medicaid_pa_forms`` -- imitates a US state Medicaid prior-authorization
   criteria form set.  "General Instructions", lettered parts ("A. ...",
   "B. ..."), sub-headings "A.1 <drug> – <indication>", each followed by a
   bordered "Criteria for approval" table (No. | Criterion | Met? with ☐ Yes ☐ No),
   six numbered rows and a merged instruction row ("Approve if ALL of criteria
   1–4 AND EITHER 5 OR 6 are met", "... AT LEAST TWO of criteria 3 to 6 ..."),
   then "Approval period:", "Renewal criteria:" (bullets), "Exclusion
   criteria:" (bullets), "Dosing limits:", "Quantity limit:".  PDF printed
   from HTML by Chromium; DOCX built with python-docx using the same tables.
   Indications: PNH (eculizumab), Prader-Willi syndrome (somatropin),
   allergic asthma (omalizumab), IPF (nintedanib).

Gold follows corpora/gold/policy/blind2/CONVENTIONS.md.  Content is held once
as Python data below; documents and gold are both generated from it.  PDF
section pages are located with pypdfium2.  After generation the script verifies
that every section title, indication name, field label and criteria leaf
appears in the extracted PDF and DOCX text.

Run:  /work/main/.venv/bin/python scripts/make_policy_blind5.py
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
import jinja2
import pypdfium2 as pdfium
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

ROOT = Path(__file__).resolve().parent.parent
DOC_DIR = ROOT / "corpora" / "policies" / "blind5"
GOLD_DIR = ROOT / "corpora" / "gold" / "policy" / "blind5"


# --------------------------------------------------------------------------
# Small data helpers
# --------------------------------------------------------------------------

class N:
    """Criteria node. items are str leaves or N children.

    bare=True  -> connectives printed as separate lines ("or") between items
    suffix     -> (bullets) print "; and"/"; or" at the end of items
    """

    def __init__(self, op, stem, items, min=None, bare=False, suffix=True):
        self.op, self.stem, self.items = op, stem, items
        self.min, self.bare, self.suffix = min, bare, suffix


def T(analyte, comparator, value, unit=None, value_max=None):
    return {"analyte": analyte, "comparator": comparator, "value": value,
            "value_max": value_max, "unit": unit}


def D(amount, unit, frequency=None, max=None, amount_max=None):
    return {"amount": amount, "amount_max": amount_max, "unit": unit,
            "frequency": frequency, "max": max}


def gold_tree(node):
    if isinstance(node, str):
        return node
    d = {"op": node.op, "stem": node.stem,
         "items": [gold_tree(x) for x in node.items]}
    if node.min:
        d["min"] = node.min
    return d


def leaves(node):
    if isinstance(node, str):
        return [node]
    out = []
    for x in node.items:
        out.extend(leaves(x))
    return out


def stems(node):
    if isinstance(node, str):
        return []
    out = [node.stem] if node.stem else []
    for x in node.items:
        out.extend(stems(x))
    return out


# --------------------------------------------------------------------------
# Document 1: Special Authority schedule (PHARMAC-like)
# --------------------------------------------------------------------------

SA = {
    "docname": "special_authority_schedule",
    "title": "Pharmaceutical Schedule — Special Authority Criteria",
    "style": "New Zealand PHARMAC-like pharmaceutical schedule Special Authority criteria: "
             "therapeutic groups, CAPITALISED medicine headings, Initial application / Renewal "
             "blocks with typed hierarchical numbering (1, 2.1, 2.2.1), '; and'/'; or' and bare 'or' lines",
    "preamble": [
        "Section B extract — Community medicines subject to Special Authority. "
        "Effective 1 March 2031 (fictitious document prepared for software testing; not funding advice).",
        "Special Authority approvals are issued to the applying practitioner for a named patient. "
        "An approval number must be quoted on each prescription. Criteria numbering within each "
        "application is hierarchical; every item must be read together with the connective "
        "that follows it.",
    ],
    "groups": [
        {
            "title": "Musculoskeletal System",
            "medicines": [
                {
                    "name": "ADALIMUMAB",
                    "sa_line": "Special Authority SA2107 — Retail pharmacy",
                    "indication": "ankylosing spondylitis",
                    "blocks": [
                        {
                            "kind": "criteria",
                            "label": "Initial application — (ankylosing spondylitis)",
                            "role": "selection_criteria",
                            "intro": "Applications only from a rheumatologist. Approvals valid for 6 months "
                                     "for applications meeting the following criteria:",
                            "tree": N("AND", "All of the following:", [
                                "The patient has a confirmed diagnosis of ankylosing spondylitis present for more than six months",
                                "The patient has low back pain and stiffness that is relieved by exercise but not by rest",
                                "The patient has bilateral sacroiliitis demonstrated by plain radiographs, CT or MRI scan",
                                N("OR", "Either:", [
                                    "The patient has limitation of motion of the lumbar spine in the sagittal and the frontal planes",
                                    "The patient has limitation of chest expansion relative to normal values for age and gender",
                                ]),
                                "The patient has not responded adequately to treatment with two or more NSAIDs at maximum "
                                "tolerated doses, each taken for at least 3 months together with a supervised exercise programme",
                                N("AND", "Both:", [
                                    "A Bath Ankylosing Spondylitis Disease Activity Index (BASDAI) score of at least 4.0 "
                                    "on a 0–10 scale has been recorded after the NSAID trial",
                                    N("OR", "Either:", [
                                        "An erythrocyte sedimentation rate (ESR) greater than 25 mm per hour",
                                        "A C-reactive protein (CRP) level greater than 10 mg/L",
                                    ]),
                                ]),
                                "Adalimumab is to be prescribed at a dose of 40 mg every 14 days",
                            ]),
                            "thresholds": [
                                T("BASDAI", ">=", 4.0, None),
                                T("ESR", ">", 25, "mm/hr"),
                                T("CRP", ">", 10, "mg/L"),
                            ],
                            "doses": [D(40, "mg", "every 14 days")],
                        },
                        {
                            "kind": "criteria",
                            "label": "Renewal — (ankylosing spondylitis)",
                            "role": "continuation_criteria",
                            "intro": "Applications only from a rheumatologist or any relevant practitioner on the "
                                     "recommendation of a rheumatologist. Approvals valid for 2 years for applications "
                                     "meeting the following criteria:",
                            "tree": N("AND", "Both:", [
                                N("OR", "Either:", [
                                    "The patient's BASDAI score has improved by 50% or more from the pre-treatment baseline",
                                    "The patient's BASDAI score has improved by at least 2.0 points from the pre-treatment "
                                    "baseline on a 0–10 scale",
                                ], bare=True),
                                "Adalimumab is to be prescribed at a dose of 40 mg every 14 days",
                            ]),
                            "thresholds": [
                                T("BASDAI improvement", ">=", 50, "%"),
                                T("BASDAI improvement", ">=", 2.0, "points"),
                            ],
                            "doses": [D(40, "mg", "every 14 days")],
                        },
                        {
                            "kind": "note",
                            "label": "Note",
                            "role": "notes",
                            "text": "BASDAI and ESR or CRP measurements must have been taken no more than one month "
                                    "before the application. Adalimumab is not subsidised in combination with any "
                                    "other biological agent.",
                            "thresholds": [],
                            "doses": [],
                        },
                    ],
                },
                {
                    "name": "TERIPARATIDE",
                    "sa_line": "Special Authority SA1139 — Retail pharmacy",
                    "indication": "severe osteoporosis",
                    "blocks": [
                        {
                            "kind": "criteria",
                            "label": "Initial application — (severe osteoporosis)",
                            "role": "selection_criteria",
                            "intro": "Applications only from any relevant practitioner. Approvals valid for 18 months "
                                     "for applications meeting the following criteria:",
                            "tree": N("AND", "All of the following:", [
                                "The patient has severe, established osteoporosis",
                                "The patient has a documented bone mineral density (BMD) T-score of -2.5 or less at the hip or lumbar spine",
                                "The patient has had two or more fractures due to minimal trauma",
                                N("OR", "Any of the following:", [
                                    "The patient has had at least one new symptomatic fragility fracture after at least "
                                    "12 months' continuous therapy with a funded antiresorptive agent at adequate doses",
                                    "The patient has a documented intolerance or contraindication to both bisphosphonates and denosumab",
                                    "The patient has had a further documented decline in BMD despite 2 years of antiresorptive therapy",
                                ], bare=True),
                            ]),
                            "thresholds": [T("BMD T-score", "<=", -2.5, None)],
                            "doses": [],
                        },
                        {
                            "kind": "note",
                            "label": "Note",
                            "role": "notes",
                            "text": "Teriparatide is subsidised for a maximum of 18 months of treatment in a patient's "
                                    "lifetime. The recommended dose is 20 mcg by subcutaneous injection once daily.",
                            "thresholds": [],
                            "doses": [D(20, "mcg", "once daily")],
                        },
                    ],
                },
            ],
        },
        {
            "title": "Respiratory System and Allergies",
            "medicines": [
                {
                    "name": "OMALIZUMAB",
                    "sa_line": "Special Authority SA1744 — Retail pharmacy",
                    "indication": "chronic spontaneous urticaria",
                    "blocks": [
                        {
                            "kind": "criteria",
                            "label": "Initial application — (chronic spontaneous urticaria)",
                            "role": "selection_criteria",
                            "intro": "Applications only from a clinical immunologist or dermatologist. Approvals valid "
                                     "for 6 months for applications meeting the following criteria:",
                            "tree": N("AND", "All of the following:", [
                                "The patient is 12 years of age or older",
                                "The patient has chronic spontaneous urticaria with or without angioedema, with "
                                "symptoms present for at least 6 weeks",
                                "The patient has a weekly Urticaria Activity Score (UAS7) of 16 or more, recorded over "
                                "the 7 days before the application",
                                N("OR", "Either:", [
                                    "The patient has not responded to at least 4 weeks of treatment with a "
                                    "second-generation antihistamine at up to four times the licensed dose",
                                    N("AND", "Both:", [
                                        "The patient has not responded to a second-generation antihistamine at the licensed dose",
                                        "The patient is unable to tolerate an increased antihistamine dose",
                                    ]),
                                ]),
                                "Omalizumab is to be prescribed at a dose of 300 mg every 4 weeks",
                            ]),
                            "thresholds": [
                                T("age", ">=", 12, "years"),
                                T("UAS7", ">=", 16, None),
                            ],
                            "doses": [D(300, "mg", "every 4 weeks")],
                        },
                        {
                            "kind": "criteria",
                            "label": "Renewal — (chronic spontaneous urticaria)",
                            "role": "continuation_criteria",
                            "intro": "Applications only from a clinical immunologist or dermatologist. Approvals valid "
                                     "for 6 months for applications meeting the following criteria:",
                            "tree": N("AND", "Both:", [
                                N("OR", "Either:", [
                                    "The patient's UAS7 score has decreased by at least 50% from baseline",
                                    "The patient has a UAS7 score of 6 or less",
                                ]),
                                "A trial of treatment withdrawal is to be undertaken after every 12 months of continuous treatment",
                            ]),
                            "thresholds": [
                                T("UAS7 reduction", ">=", 50, "%"),
                                T("UAS7", "<=", 6, None),
                            ],
                            "doses": [],
                        },
                        {
                            "kind": "note",
                            "label": "Note",
                            "role": "notes",
                            "text": "Omalizumab is not subsidised for chronic inducible urticaria. Applications for "
                                    "severe allergic asthma are made under a separate Special Authority.",
                            "thresholds": [],
                            "doses": [],
                        },
                    ],
                },
                {
                    "name": "PIRFENIDONE",
                    "sa_line": "Special Authority SA1960 — Retail pharmacy",
                    "indication": "idiopathic pulmonary fibrosis",
                    "blocks": [
                        {
                            "kind": "criteria",
                            "label": "Initial application — (idiopathic pulmonary fibrosis)",
                            "role": "selection_criteria",
                            "intro": "Applications only from a respiratory physician. Approvals valid for 12 months for "
                                     "applications meeting the following criteria:",
                            "tree": N("AND", "All of the following:", [
                                "The patient has been diagnosed with idiopathic pulmonary fibrosis by a multidisciplinary "
                                "team that includes a radiologist",
                                "The patient has a forced vital capacity (FVC) between 50% and 90% of predicted",
                                "The patient has a diffusing capacity of the lung for carbon monoxide (DLCO) of 30% of "
                                "predicted or more",
                                "Pirfenidone is not to be used in combination with nintedanib",
                                N("OR", "Any of the following:", [
                                    "The patient has not previously received an antifibrotic agent for idiopathic pulmonary fibrosis",
                                    "The patient has received nintedanib and discontinued it because of intolerance",
                                    "The patient has received nintedanib and experienced disease progression, defined as "
                                    "an absolute decline in FVC of 10% or more of predicted within any 12-month period",
                                ]),
                            ]),
                            "thresholds": [
                                T("FVC % predicted", "range", 50, "%", value_max=90),
                                T("DLCO % predicted", ">=", 30, "%"),
                                T("FVC % predicted decline", ">=", 10, "%"),
                            ],
                            "doses": [],
                        },
                        {
                            "kind": "criteria",
                            "label": "Renewal — (idiopathic pulmonary fibrosis)",
                            "role": "continuation_criteria",
                            "intro": "Applications only from a respiratory physician. Approvals valid for 12 months for "
                                     "applications meeting the following criteria:",
                            "tree": N("AND", "Both:", [
                                "The patient's FVC has declined by less than 10% of predicted in the preceding 12 months",
                                "Pirfenidone is not to be used in combination with nintedanib",
                            ]),
                            "thresholds": [T("FVC % predicted decline", "<", 10, "%")],
                            "doses": [],
                        },
                        {
                            "kind": "note",
                            "label": "Note",
                            "role": "notes",
                            "text": "The maintenance dose of pirfenidone is 801 mg three times daily (maximum 2,403 mg "
                                    "per day), reached by titration over 14 days.",
                            "thresholds": [],
                            "doses": [D(801, "mg", "three times daily", max="2,403 mg per day")],
                        },
                    ],
                },
            ],
        },
    ],
}


def sa_lines(node, prefix="", depth=0, trailing=""):
    """Render a criteria node as numbered lines: (kind, number, text, depth)."""
    out = []
    conn = "and" if node.op == "AND" else "or"
    n = len(node.items)
    for i, item in enumerate(node.items):
        num = f"{prefix}{i + 1}"
        last = i == n - 1
        after = trailing if last else ("" if node.bare else f"; {conn}")
        if isinstance(item, str):
            out.append(("item", num, item + after, depth))
        else:
            out.append(("item", num, item.stem, depth))
            out.extend(sa_lines(item, num + ".", depth + 1, after))
        if not last and node.bare:
            out.append(("conn", None, conn, depth))
    return out


def set_cell_shading(cell, hex_fill):
    tcPr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), hex_fill)
    tcPr.append(shd)


def base_document(font="Arial", size=10):
    d = docx.Document()
    st = d.styles["Normal"]
    st.font.name = font
    st.font.size = Pt(size)
    st.element.rPr.rFonts.set(qn("w:eastAsia"), font)
    st.paragraph_format.space_after = Pt(3)
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
        s = d.styles[name]
        s.font.name = font
        s.font.color.rgb = RGBColor(0x1F, 0x2A, 0x44)
        rpr = s.element.get_or_add_rPr()
        rfonts = rpr.find(qn("w:rFonts"))
        if rfonts is None:
            rfonts = OxmlElement("w:rFonts")
            rpr.append(rfonts)
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            rfonts.set(qn(attr), font)
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            if rfonts.get(qn(attr)) is not None:
                del rfonts.attrib[qn(attr)]
    d.styles["Title"].font.size = Pt(20)
    d.styles["Heading 1"].font.size = Pt(14)
    d.styles["Heading 2"].font.size = Pt(12)
    sec = d.sections[0]
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    sec.left_margin = sec.right_margin = Cm(2.0)
    sec.top_margin = sec.bottom_margin = Cm(2.0)
    return d


def build_sa_docx(path: Path):
    d = base_document("Arial", 10)
    d.add_paragraph(SA["title"], style="Title")
    for p in SA["preamble"]:
        para = d.add_paragraph(p)
        para.runs[0].italic = True
    INDENT0, STEP, HANG = 0.0, 1.0, 1.0
    for g in SA["groups"]:
        d.add_paragraph(g["title"], style="Heading 1")
        for m in g["medicines"]:
            d.add_paragraph(m["name"], style="Heading 2")
            sl = d.add_paragraph(m["sa_line"])
            sl.runs[0].italic = True
            for b in m["blocks"]:
                if b["kind"] == "note":
                    p = d.add_paragraph()
                    p.paragraph_format.space_before = Pt(4)
                    r = p.add_run("Note: ")
                    r.bold = True
                    p.add_run(b["text"])
                    continue
                p = d.add_paragraph()
                p.paragraph_format.space_before = Pt(8)
                p.paragraph_format.keep_with_next = True
                r = p.add_run(b["label"])
                r.bold = True
                p = d.add_paragraph(b["intro"])
                p.paragraph_format.keep_with_next = True
                d.add_paragraph(b["tree"].stem).paragraph_format.keep_with_next = True
                for kind, num, text, depth in sa_lines(b["tree"]):
                    left = INDENT0 + (depth + 1) * STEP + (0.3 * depth)
                    p = d.add_paragraph()
                    pf = p.paragraph_format
                    pf.space_after = Pt(2)
                    if kind == "conn":
                        pf.left_indent = Cm(left)
                        p.add_run(text)
                    else:
                        pf.left_indent = Cm(left)
                        pf.first_line_indent = Cm(-HANG)
                        pf.tab_stops.add_tab_stop(Cm(left))
                        p.add_run(f"{num}\t{text}")
    d.save(path)


def docx_to_pdf_libreoffice(docx_path: Path, out_dir: Path) -> Path:
    with tempfile.TemporaryDirectory() as prof:
        cmd = ["soffice", f"-env:UserInstallation=file://{prof}", "--headless",
               "--convert-to", "pdf", "--outdir", str(out_dir), str(docx_path)]
        subprocess.run(cmd, check=True, capture_output=True, timeout=180)
    pdf = out_dir / (docx_path.stem + ".pdf")
    if not pdf.exists():
        raise RuntimeError(f"LibreOffice did not produce {pdf}")
    return pdf


def sa_sections():
    secs = []
    for g in SA["groups"]:
        secs.append({"number": None, "title": g["title"], "level": 1, "page": None})
        for m in g["medicines"]:
            secs.append({"number": None, "title": m["name"], "level": 2, "page": None})
    return secs


def sa_indications():
    inds = []
    for g in SA["groups"]:
        for m in g["medicines"]:
            fields = []
            for b in m["blocks"]:
                if b["kind"] == "note":
                    fields.append({"label": b["label"], "role": b["role"], "text": b["text"],
                                   "thresholds": b["thresholds"], "doses": b["doses"]})
                    continue
                lines = [b["intro"], b["tree"].stem] + [t for _, _, t, _ in sa_lines(b["tree"])]
                fields.append({"label": b["label"], "role": b["role"], "text": "\n".join(lines),
                               "criteria": gold_tree(b["tree"]),
                               "thresholds": b["thresholds"], "doses": b["doses"]})
            inds.append({"name": m["indication"], "fields": fields})
    return inds


def sa_check_strings():
    s = [SA["title"]]
    for g in SA["groups"]:
        s.append(g["title"])
        for m in g["medicines"]:
            s.append(m["name"])
            s.append(m["indication"])
            for b in m["blocks"]:
                s.append(b["label"])
                if b["kind"] == "criteria":
                    s.extend(leaves(b["tree"]))
                    s.extend(stems(b["tree"]))
                    s.append(b["intro"])
                else:
                    s.append(b["text"])
    return s


# --------------------------------------------------------------------------
# Document 2: Medicaid prior-authorization criteria forms
# --------------------------------------------------------------------------

PA = {
    "docname": "medicaid_pa_forms",
    "title": "Medicaid Pharmacy Prior Authorization Criteria: Specialty Drug Forms",
    "style": "US state Medicaid prior-authorization criteria form set: lettered parts, 'A.1 Drug – "
             "Indication' sub-headings, bordered 'No. | Criterion | Met?' checkbox tables with an "
             "approval-rule row, then Approval period / Renewal / Exclusion / Dosing / Quantity blocks",
    "agency": "State of Westmarch Department of Health Services — Medicaid Pharmacy Program",
    "form_id": "Form PA-SD-14 (rev. 07/2031) — fictitious document prepared for software testing",
    "general": {
        "title": "General Instructions",
        "paras": [
            "Complete one form per drug request. Submit the completed form with supporting chart notes "
            "and laboratory reports through the pharmacy prior authorization portal.",
            "For each numbered criterion, tick Yes or No. The approval rule in the last row of each table "
            "states which combination of criteria must be met. Requests that do not meet the approval rule "
            "are referred for clinical pharmacist review.",
            "Renewal requests must include documentation of response to therapy as listed under "
            "Renewal criteria for the drug.",
        ],
    },
    "parts": [
        {
            "letter": "A",
            "title": "Hematology and Endocrinology",
            "forms": [
                {
                    "num": "A.1",
                    "drug": "Eculizumab",
                    "indication": "Paroxysmal Nocturnal Hemoglobinuria (PNH)",
                    "rows": [
                        "Patient is 18 years of age or older",
                        "Diagnosis of PNH confirmed by flow cytometry with a PNH granulocyte clone size of 10% or greater",
                        "Lactate dehydrogenase (LDH) ≥ 1.5 × the upper limit of normal (ULN)",
                        "Patient has been vaccinated against meningococcal infection at least 2 weeks before the first dose",
                        "Patient has required at least one red blood cell transfusion in the past 12 months",
                        "Patient has a history of a thrombotic event attributed to PNH",
                    ],
                    "instruction": "Approve if ALL of criteria 1–4 AND EITHER 5 OR 6 are met.",
                    "tree": lambda r: N("AND", None, [r[0], r[1], r[2], r[3], N("OR", None, [r[4], r[5]])]),
                    "criteria_thresholds": [
                        T("age", ">=", 18, "years"),
                        T("PNH granulocyte clone size", ">=", 10, "%"),
                        T("LDH", ">=", 1.5, "x ULN"),
                    ],
                    "approval_period": "6 months initial; 12 months renewal.",
                    "renewal": N("AND", "All of the following:", [
                        "Prescribed by or in consultation with a hematologist",
                        "Patient remains current with meningococcal vaccination",
                        N("OR", "Documented response to therapy, as shown by either:", [
                            "Reduction in LDH from the pretreatment baseline",
                            "Stabilization or increase in hemoglobin without red blood cell transfusion",
                        ]),
                    ], suffix=False),
                    "renewal_thresholds": [],
                    "exclusion": N("OR", "Do not approve if any of the following apply:", [
                        "Unresolved serious Neisseria meningitidis infection",
                        "Concurrent use of another complement inhibitor (e.g., ravulizumab or pegcetacoplan)",
                    ], suffix=False),
                    "dosing": [
                        "Induction: 600 mg intravenously every 7 days for the first 4 doses.",
                        "Maintenance: 900 mg intravenously every 14 days, beginning 7 days after the fourth induction dose.",
                    ],
                    "dosing_doses": [D(600, "mg", "every 7 days"), D(900, "mg", "every 14 days")],
                    "quantity": "Four 300 mg/30 mL vials per 14 days.",
                },
                {
                    "num": "A.2",
                    "drug": "Somatropin",
                    "indication": "Prader-Willi Syndrome (PWS)",
                    "rows": [
                        "Diagnosis of Prader-Willi syndrome confirmed by genetic testing (DNA methylation analysis)",
                        "Prescribed by or in consultation with a pediatric endocrinologist",
                        "Patient is 2 years of age or older",
                        "Epiphyses are open, confirmed by bone age radiograph",
                        "Sleep study within the past 6 months shows no severe obstructive sleep apnea",
                        "Weight for height is less than 130% of ideal body weight",
                    ],
                    "instruction": "Approve only if ALL of criteria 1–6 are met.",
                    "tree": lambda r: N("AND", None, list(r)),
                    "criteria_thresholds": [
                        T("age", ">=", 2, "years"),
                        T("weight for height", "<", 130, "%"),
                    ],
                    "approval_period": "12 months (initial and renewal).",
                    "renewal": N("AND", None, [
                        "Height velocity of at least 2 cm/year over the previous 12 months",
                        "Epiphyses remain open",
                        "No new or worsening obstructive sleep apnea requiring intervention",
                    ]),
                    "renewal_thresholds": [T("height velocity", ">=", 2, "cm/year")],
                    "exclusion": N("OR", None, [
                        "Active malignancy",
                        "Closed epiphyses",
                        "Severe obesity",
                        "Untreated severe obstructive sleep apnea",
                    ]),
                    "dosing": [
                        "0.24 mg/kg per week by subcutaneous injection, divided into 6 to 7 daily doses; "
                        "maximum 2.7 mg per day.",
                    ],
                    "dosing_doses": [D(0.24, "mg/kg", "per week", max="2.7 mg per day")],
                    "quantity": "Quantity sufficient for 28 days per fill.",
                },
            ],
        },
        {
            "letter": "B",
            "title": "Immunology and Pulmonology",
            "forms": [
                {
                    "num": "B.1",
                    "drug": "Omalizumab",
                    "indication": "Moderate to Severe Persistent Allergic Asthma",
                    "rows": [
                        "Patient is 6 years of age or older",
                        "Positive skin test or in vitro reactivity to a perennial aeroallergen",
                        "Pretreatment serum total IgE between 30 and 1,500 IU/mL",
                        "Body weight between 20 and 150 kg",
                        "Two or more asthma exacerbations requiring systemic corticosteroids in the past 12 months "
                        "despite adherence to high-dose inhaled corticosteroid plus a second controller",
                        "FEV1 less than 80% of predicted despite adherence to high-dose inhaled corticosteroid "
                        "plus a second controller",
                    ],
                    "instruction": "Approve if ALL of criteria 1–4 AND EITHER 5 OR 6 are met.",
                    "tree": lambda r: N("AND", None, [r[0], r[1], r[2], r[3], N("OR", None, [r[4], r[5]])]),
                    "criteria_thresholds": [
                        T("age", ">=", 6, "years"),
                        T("total IgE", "range", 30, "IU/mL", value_max=1500),
                        T("body weight", "range", 20, "kg", value_max=150),
                        T("FEV1 % predicted", "<", 80, "%"),
                    ],
                    "approval_period": "6 months initial; 12 months renewal.",
                    "renewal": N("AND", "All of the following:", [
                        "Documented improvement in asthma control since starting omalizumab",
                        "Continued use of inhaled corticosteroid plus a second controller medication",
                        "Patient is not a current smoker",
                    ], suffix=False),
                    "renewal_thresholds": [],
                    "exclusion": N("OR", "Deny if any of the following apply:", [
                        "Use for acute bronchospasm or status asthmaticus",
                        "Concurrent use with another biologic for asthma (e.g., mepolizumab, benralizumab, dupilumab)",
                    ], suffix=False),
                    "dosing": [
                        "75 mg to 375 mg subcutaneously every 2 or 4 weeks, determined by pretreatment IgE and body "
                        "weight; maximum 375 mg every 2 weeks.",
                    ],
                    "dosing_doses": [D(75, "mg", "every 2 or 4 weeks", max="375 mg every 2 weeks", amount_max=375)],
                    "quantity": "Five 150 mg/mL prefilled syringes per 28 days.",
                },
                {
                    "num": "B.2",
                    "drug": "Nintedanib",
                    "indication": "Idiopathic Pulmonary Fibrosis (IPF)",
                    "rows": [
                        "FVC of 50% of predicted or greater within the past 60 days",
                        "DLCO between 30% and 79% of predicted",
                        "Usual interstitial pneumonia (UIP) pattern on high-resolution computed tomography (HRCT)",
                        "Surgical lung biopsy or cryobiopsy consistent with UIP",
                        "Other known causes of interstitial lung disease (e.g., occupational exposures, connective "
                        "tissue disease, drug toxicity) have been excluded",
                        "Diagnosis confirmed at a multidisciplinary discussion",
                    ],
                    "instruction": "Approve if criteria 1 and 2 and AT LEAST TWO of criteria 3 to 6 are met.",
                    "tree": lambda r: N("AND", None, [r[0], r[1], N("OR", None, [r[2], r[3], r[4], r[5]], min=2)]),
                    "criteria_thresholds": [
                        T("FVC % predicted", ">=", 50, "%"),
                        T("DLCO % predicted", "range", 30, "%", value_max=79),
                    ],
                    "approval_period": "12 months (initial and renewal).",
                    "renewal": N("AND", None, [
                        "Absolute decline in FVC % predicted of less than 10% over the previous 12 months",
                        "Not used in combination with pirfenidone",
                    ]),
                    "renewal_thresholds": [T("FVC % predicted decline", "<", 10, "%")],
                    "exclusion": N("OR", None, [
                        "Moderate or severe hepatic impairment (Child-Pugh B or C)",
                        "Pregnancy",
                        "Concurrent use with pirfenidone",
                    ]),
                    "dosing": [
                        "150 mg orally twice daily, approximately 12 hours apart. The dose may be reduced to 100 mg "
                        "twice daily for adverse reactions. Maximum 300 mg per day.",
                    ],
                    "dosing_doses": [D(150, "mg", "twice daily", max="300 mg per day"), D(100, "mg", "twice daily")],
                    "quantity": "60 capsules per 30 days.",
                },
            ],
        },
    ],
}

CHECKBOX = "☐ Yes ☐ No"


def bullet_lines(node, depth=0, trailing=""):
    """Render a bullet criteria node: list of (depth, text)."""
    out = []
    conn = "and" if node.op == "AND" else "or"
    n = len(node.items)
    for i, item in enumerate(node.items):
        last = i == n - 1
        after = trailing if last else (f"; {conn}" if node.suffix else "")
        if isinstance(item, str):
            out.append((depth, item + after))
        else:
            out.append((depth, item.stem))
            out.extend(bullet_lines(item, depth + 1, after))
    return out


def form_heading(f):
    return f"{f['drug']} – {f['indication']}"


def pa_sections():
    secs = [{"number": None, "title": PA["general"]["title"], "level": 1, "page": None}]
    for p in PA["parts"]:
        secs.append({"number": p["letter"], "title": p["title"], "level": 1, "page": None})
        for f in p["forms"]:
            secs.append({"number": f["num"], "title": form_heading(f), "level": 2, "page": None})
    return secs


def pa_indications():
    inds = []
    for p in PA["parts"]:
        for f in p["forms"]:
            tree = f["tree"](f["rows"])
            ren, exc = f["renewal"], f["exclusion"]
            ren_lines = ([ren.stem] if ren.stem else []) + [t for _, t in bullet_lines(ren)]
            exc_lines = ([exc.stem] if exc.stem else []) + [t for _, t in bullet_lines(exc)]
            fields = [
                {"label": "Criteria for approval", "role": "selection_criteria",
                 "text": "\n".join(f["rows"] + [f["instruction"]]),
                 "criteria": gold_tree(tree), "thresholds": f["criteria_thresholds"], "doses": []},
                {"label": "Approval period", "role": "duration", "text": f["approval_period"],
                 "thresholds": [], "doses": []},
                {"label": "Renewal criteria", "role": "continuation_criteria", "text": "\n".join(ren_lines),
                 "criteria": gold_tree(ren), "thresholds": f["renewal_thresholds"], "doses": []},
                {"label": "Exclusion criteria", "role": "exclusion_criteria", "text": "\n".join(exc_lines),
                 "criteria": gold_tree(exc), "thresholds": [], "doses": []},
                {"label": "Dosing limits", "role": "dose", "text": "\n".join(f["dosing"]),
                 "thresholds": [], "doses": f["dosing_doses"]},
                {"label": "Quantity limit", "role": "dose", "text": f["quantity"],
                 "thresholds": [], "doses": []},
            ]
            inds.append({"name": f["indication"], "fields": fields})
    return inds


def pa_check_strings():
    s = [PA["title"], PA["general"]["title"]]
    for p in PA["parts"]:
        s.append(p["title"])
        for f in p["forms"]:
            s.append(form_heading(f))
            s.append(f["indication"])
            s.extend(f["rows"])
            s.append(f["instruction"])
            for node in (f["renewal"], f["exclusion"]):
                s.extend(leaves(node))
                s.extend(stems(node))
            s.extend(f["dosing"])
            s.append(f["quantity"])
            s.extend(["Criteria for approval", "Approval period:", "Renewal criteria:",
                      "Exclusion criteria:", "Dosing limits:", "Quantity limit:"])
    return s


HTML_TEMPLATE = jinja2.Template("""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ title }}</title>
<style>
@page { size: Letter; margin: 0.7in 0.75in; }
body { font-family: "Liberation Sans", Arial, sans-serif; font-size: 10pt; color: #111; }
.agency { font-size: 9pt; text-transform: uppercase; letter-spacing: 0.04em; border-bottom: 2px solid #123d6b;
          padding-bottom: 4px; color: #123d6b; font-weight: bold; }
h1 { font-size: 16pt; margin: 10px 0 2px 0; color: #123d6b; }
.formid { font-size: 8.5pt; color: #444; margin-bottom: 10px; }
h2 { font-size: 13pt; background: #123d6b; color: #fff; padding: 3px 6px; margin: 16px 0 6px 0; }
h3 { font-size: 11.5pt; color: #123d6b; border-bottom: 1px solid #123d6b; margin: 14px 0 6px 0; padding-bottom: 2px; }
p { margin: 3px 0; }
.caption { font-weight: bold; margin-top: 6px; }
table.crit { border-collapse: collapse; width: 100%; margin: 3px 0 6px 0; page-break-inside: avoid; }
table.crit th, table.crit td { border: 1px solid #333; padding: 3px 5px; vertical-align: top; }
table.crit th { background: #dfe6ef; text-align: left; }
td.no { width: 34px; text-align: center; }
td.met { width: 92px; white-space: nowrap; }
td.rule { font-weight: bold; background: #f3f3f3; }
.label { font-weight: bold; }
ul { margin: 2px 0 4px 0; padding-left: 22px; }
ul ul { list-style-type: circle; }
li { margin: 1px 0; }
.form { page-break-inside: auto; }
.keep { page-break-inside: avoid; break-inside: avoid; }
h3, .caption { page-break-after: avoid; break-after: avoid; }
</style></head><body>
<div class="agency">{{ agency }}</div>
<h1>{{ title }}</h1>
<div class="formid">{{ form_id }}</div>
{{ body }}
</body></html>
""")


def html_bullets(node):
    # nested <ul> from bullet_lines
    lines = bullet_lines(node)
    out, cur = [], -1
    for depth, text in lines:
        while cur < depth:
            out.append("<ul>")
            cur += 1
        while cur > depth:
            out.append("</li></ul>")
            cur -= 1
        if out and out[-1] not in ("<ul>",) and not out[-1].endswith("</ul>"):
            out.append("</li>")
        elif out and out[-1].endswith("</ul>"):
            out.append("</li>")
        out.append(f"<li>{html.escape(text)}")
    out.append("</li>")
    while cur >= 0:
        out.append("</ul>")
        cur -= 1
        if cur >= 0:
            out.append("</li>")
    return "".join(out)


def build_pa_html(path: Path):
    e = html.escape
    parts = []
    g = PA["general"]
    parts.append(f"<h2>{e(g['title'])}</h2>")
    for para in g["paras"]:
        parts.append(f"<p>{e(para)}</p>")
    for p in PA["parts"]:
        parts.append(f"<h2>{e(p['letter'])}. {e(p['title'])}</h2>")
        for f in p["forms"]:
            parts.append('<div class="form">')
            parts.append('<div class="keep">')
            parts.append(f"<h3>{e(f['num'])} {e(form_heading(f))}</h3>")
            parts.append('<p class="caption">Criteria for approval</p>')
            rows = ['<table class="crit"><thead><tr><th>No.</th><th>Criterion</th><th>Met?</th></tr></thead><tbody>']
            for i, r in enumerate(f["rows"], 1):
                rows.append(f'<tr><td class="no">{i}</td><td>{e(r)}</td><td class="met">{CHECKBOX}</td></tr>')
            rows.append(f'<tr><td class="rule" colspan="3">{e(f["instruction"])}</td></tr></tbody></table>')
            parts.append("".join(rows))
            parts.append("</div>")
            parts.append(f'<p><span class="label">Approval period:</span> {e(f["approval_period"])}</p>')
            for label, node in (("Renewal criteria:", f["renewal"]), ("Exclusion criteria:", f["exclusion"])):
                parts.append(f'<p class="label">{label}</p>')
                if node.stem:
                    parts.append(f"<p>{e(node.stem)}</p>")
                parts.append(html_bullets(node))
            if len(f["dosing"]) == 1:
                parts.append(f'<p><span class="label">Dosing limits:</span> {e(f["dosing"][0])}</p>')
            else:
                parts.append('<p class="label">Dosing limits:</p>')
                for line in f["dosing"]:
                    parts.append(f"<p>{e(line)}</p>")
            parts.append(f'<p><span class="label">Quantity limit:</span> {e(f["quantity"])}</p>')
            parts.append("</div>")
    doc = HTML_TEMPLATE.render(title=PA["title"], agency=PA["agency"], form_id=PA["form_id"],
                               body="\n".join(parts))
    path.write_text(doc, encoding="utf-8")


def html_to_pdf_chromium(html_path: Path, pdf_path: Path):
    with tempfile.TemporaryDirectory() as prof:
        cmd = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
               f"--user-data-dir={prof}", f"--print-to-pdf={pdf_path}", html_path.as_uri()]
        subprocess.run(cmd, check=True, capture_output=True, timeout=180)
    if not pdf_path.exists():
        raise RuntimeError(f"Chromium did not produce {pdf_path}")


def set_col_width(table, idx, width):
    for row in table.rows:
        row.cells[idx].width = width


def build_pa_docx(path: Path):
    d = base_document("Arial", 10)
    sec = d.sections[0]
    sec.page_width, sec.page_height = Cm(21.59), Cm(27.94)
    sec.left_margin = sec.right_margin = Cm(1.9)
    a = d.add_paragraph(PA["agency"])
    a.runs[0].bold = True
    a.runs[0].font.size = Pt(9)
    d.add_paragraph(PA["title"], style="Title")
    fi = d.add_paragraph(PA["form_id"])
    fi.runs[0].font.size = Pt(8.5)
    g = PA["general"]
    d.add_paragraph(g["title"], style="Heading 1")
    for para in g["paras"]:
        d.add_paragraph(para)
    for p in PA["parts"]:
        d.add_paragraph(f"{p['letter']}. {p['title']}", style="Heading 1")
        for f in p["forms"]:
            d.add_paragraph(f"{f['num']} {form_heading(f)}", style="Heading 2")
            cap = d.add_paragraph()
            cap.add_run("Criteria for approval").bold = True
            cap.paragraph_format.keep_with_next = True
            t = d.add_table(rows=1, cols=3)
            t.style = "Table Grid"
            t.alignment = WD_TABLE_ALIGNMENT.CENTER
            hdr = t.rows[0].cells
            for c, txt in zip(hdr, ("No.", "Criterion", "Met?")):
                c.text = ""
                c.paragraphs[0].add_run(txt).bold = True
                set_cell_shading(c, "DFE6EF")
            for i, r in enumerate(f["rows"], 1):
                cells = t.add_row().cells
                cells[0].text = str(i)
                cells[0].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
                cells[1].text = r
                cells[2].text = CHECKBOX
            last = t.add_row().cells
            merged = last[0].merge(last[1]).merge(last[2])
            merged.text = ""
            merged.paragraphs[0].add_run(f["instruction"]).bold = True
            set_cell_shading(merged, "F3F3F3")
            set_col_width(t, 0, Cm(1.2))
            set_col_width(t, 1, Cm(13.0))
            set_col_width(t, 2, Cm(3.2))
            sp = d.add_paragraph()
            sp.paragraph_format.space_before = Pt(4)
            sp.add_run("Approval period: ").bold = True
            sp.add_run(f["approval_period"])
            for label, node in (("Renewal criteria:", f["renewal"]), ("Exclusion criteria:", f["exclusion"])):
                lp = d.add_paragraph()
                lp.add_run(label).bold = True
                lp.paragraph_format.keep_with_next = True
                if node.stem:
                    d.add_paragraph(node.stem)
                for depth, text in bullet_lines(node):
                    d.add_paragraph(text, style="List Bullet" if depth == 0 else "List Bullet 2")
            if len(f["dosing"]) == 1:
                dp = d.add_paragraph()
                dp.add_run("Dosing limits: ").bold = True
                dp.add_run(f["dosing"][0])
            else:
                d.add_paragraph().add_run("Dosing limits:").bold = True
                for line in f["dosing"]:
                    d.add_paragraph(line)
            qp = d.add_paragraph()
            qp.add_run("Quantity limit: ").bold = True
            qp.add_run(f["quantity"])
    d.save(path)


# --------------------------------------------------------------------------
# Text extraction, page finding, verification
# --------------------------------------------------------------------------

def norm(s: str) -> str:
    s = s.replace("\u00a0", " ").replace("\u00ad", "").replace("\x02", "")
    return re.sub(r"\s+", " ", s).strip()


def pdf_page_texts(path: Path):
    pdf = pdfium.PdfDocument(str(path))
    texts = []
    for i in range(len(pdf)):
        tp = pdf[i].get_textpage()
        texts.append(tp.get_text_range())
        tp.close()
    pdf.close()
    return texts


def docx_text(path: Path) -> str:
    d = docx.Document(str(path))
    out = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            seen = set()
            for c in row.cells:
                if id(c._tc) in seen:
                    continue
                seen.add(id(c._tc))
                out.append(c.text)
    return "\n".join(out)


def heading_string(sec):
    if sec["number"] and re.fullmatch(r"[A-Z]", sec["number"]):
        return f"{sec['number']}. {sec['title']}"
    if sec["number"]:
        return f"{sec['number']} {sec['title']}"
    return sec["title"]


def fill_pages(sections, page_texts):
    normed = [norm(t) for t in page_texts]
    start = 0
    for sec in sections:
        target = norm(heading_string(sec))
        found = None
        for i in range(start, len(normed)):
            if target in normed[i]:  # case-sensitive first (CAPITAL medicine names)
                found = i
                break
        if found is None:
            for i in range(start, len(normed)):
                if target.lower() in normed[i].lower():
                    found = i
                    break
        if found is None:
            raise RuntimeError(f"heading not found in PDF: {target!r}")
        sec["page"] = found + 1
        start = found


def verify(strings, text, what):
    hay = norm(text).lower()
    missing = [s for s in strings if norm(s).lower() not in hay]
    if missing:
        print(f"[verify] {what}: {len(missing)} missing", file=sys.stderr)
        for m in missing:
            print("   -", m, file=sys.stderr)
    return missing


def write_gold(spec, docname, kind, producer, sections, indications):
    suffix = "pdf" if kind == "pdf" else "docx"
    gold = {
        "source": f"corpora/policies/blind5/{docname}.{suffix}",
        "producer": producer,
        "style": spec["style"],
        "title": spec["title"],
        "sections": sections,
        "indications": indications,
    }
    out = GOLD_DIR / f"{docname}_{suffix}.json"
    out.write_text(json.dumps(gold, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return out


def main():
    DOC_DIR.mkdir(parents=True, exist_ok=True)
    GOLD_DIR.mkdir(parents=True, exist_ok=True)
    problems = 0

    # ---- Document 1 ----
    name = SA["docname"]
    sa_docx = DOC_DIR / f"{name}.docx"
    build_sa_docx(sa_docx)
    with tempfile.TemporaryDirectory() as tmp:
        pdf_tmp = docx_to_pdf_libreoffice(sa_docx, Path(tmp))
        shutil.copy(pdf_tmp, DOC_DIR / f"{name}.pdf")
    sa_pdf = DOC_DIR / f"{name}.pdf"
    pages = pdf_page_texts(sa_pdf)
    secs_pdf = sa_sections()
    fill_pages(secs_pdf, pages)
    inds = sa_indications()
    write_gold(SA, name, "pdf", "libreoffice", secs_pdf, inds)
    write_gold(SA, name, "docx", "python-docx", sa_sections(), inds)
    checks = sa_check_strings()
    problems += len(verify(checks, "\n".join(pages), f"{name}.pdf"))
    problems += len(verify(checks, docx_text(sa_docx), f"{name}.docx"))
    print(f"{name}: pdf pages={len(pages)}; sections={[(s['title'], s['page']) for s in secs_pdf]}")

    # ---- Document 2 ----
    name = PA["docname"]
    pa_docx = DOC_DIR / f"{name}.docx"
    build_pa_docx(pa_docx)
    pa_pdf = DOC_DIR / f"{name}.pdf"
    with tempfile.TemporaryDirectory() as tmp:
        html_path = Path(tmp) / f"{name}.html"
        build_pa_html(html_path)
        html_to_pdf_chromium(html_path, pa_pdf)
    pages = pdf_page_texts(pa_pdf)
    secs_pdf = pa_sections()
    fill_pages(secs_pdf, pages)
    inds = pa_indications()
    write_gold(PA, name, "pdf", "chromium", secs_pdf, inds)
    write_gold(PA, name, "docx", "python-docx", pa_sections(), inds)
    checks = pa_check_strings()
    problems += len(verify(checks, "\n".join(pages), f"{name}.pdf"))
    problems += len(verify(checks, docx_text(pa_docx), f"{name}.docx"))
    print(f"{name}: pdf pages={len(pages)}; sections={[(s['title'], s['page']) for s in secs_pdf]}")

    if problems:
        print(f"VERIFY FAILED: {problems} missing strings", file=sys.stderr)
        return 1
    print("verify OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
