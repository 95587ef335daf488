"""Generate two blind6 policy test documents and their gold JSON.

Two invented policy documents (plausible but NOT real guidance; each says so in
its preamble), each produced as a DOCX and a PDF, with one gold JSON per
produced file:

1. ``pbm_two_column`` -- imitates a US pharmacy-benefit-manager "Clinical
   Policy Bulletin" printed in a TWO-COLUMN page layout.  Unnumbered sections
   "Policy", "Background", "Dosing and Administration", "References".  Under
   "Policy" the criteria are gathered per approval stage in roman parts
   ("I. Initial Approval Criteria", "II. Continued Therapy", "III. Exclusions");
   inside each part lettered indication blocks ("A. <indication> (must meet
   all):") hold numbered items 1., 2. with nested a., b. and i., ii. sub-items
   and stems such as "One of the following (a or b):"; blocks in parts I and
   II end with an "Approval duration: N months" line.  Doses are in a small
   "Indication | Dosing regimen | Maximum dose" table.  PDF: HTML with CSS
   ``column-count: 2`` printed by Chromium headless (Letter).  DOCX:
   python-docx, a one-column title section followed by a continuous section
   with ``w:cols w:num="2"``; the criteria lists use real Word numbering
   (decimal / lowerLetter / lowerRoman levels), so list numbers are not part
   of the paragraph text.  Indications: CIDP, multifocal motor neuropathy,
   primary humoral immunodeficiency, generalized myasthenia gravis.

2. ``eu_hta_recommendation`` -- imitates a European (Nordic-style) HTA body's
   reimbursement recommendation written in English: a title-page line, a
   boxed summary table ("Recommendation | Reimbursed with restrictions"), then
   numbered sections "1 Recommendation", "2 Conditions for reimbursement",
   "3 Patient population" (drug sub-headings 3.1/3.2 and indication
   sub-headings 3.1.1 ...), "4 Starting and stopping rules" (each indication
   introduced by a bold lead sentence).  Criteria are mostly prose sentences,
   with a few short typed-number lists, "Treatment should be stopped if ..."
   sentences and "... is not reimbursed for ..." sentences.  DOCX built with
   python-docx (heading styles, bordered summary table); PDF by LibreOffice
   conversion of that DOCX.  Indications: moderate to severe active
   rheumatoid arthritis and active psoriatic arthritis (upadacitinib), active
   systemic lupus erythematosus (anifrolumab).

Gold follows corpora/gold/policy/blind2/CONVENTIONS.md.  Gold decisions that
the conventions leave open:

* pbm_two_column: the lettered indication blocks are level-3 sections (the
  roman parts level 2, "Policy" level 1), as in the blind2 us_ig_policy gold;
  section titles keep the printed parenthetical "(must meet all)" but drop the
  trailing colon.  Each block is one unlabelled field (label null) whose role
  is set by its part (I -> selection_criteria, II -> continuation_criteria,
  III -> exclusion_criteria); the parenthetical in the block heading is part
  of the heading, not a stem, so the root node has stem null and op AND
  ("must meet all") or OR ("excluded if any apply").  "Approval duration"
  lines are duration fields placed right after the block they close.  The
  dosing table gives every indication two fields named after the column
  headers: "Dosing regimen" (role dose, with the dose rules) and "Maximum dose"
  (role dose, text only, doses []); the row's maximum is copied into the
  ``max`` of each dose rule of that row, because the printed maximum caps the
  whole row.  Counts of infections are not thresholds.
* eu_hta_recommendation: the general "Conditions for reimbursement" list and
  the drug-level introductory paragraphs belong to no indication and are not
  gold fields.  Every paragraph inside an indication (section 3 sub-heading or
  section 4 bold-lead block) is one unlabelled field, role chosen by content
  (start sentence / start list -> selection_criteria, "not reimbursed" ->
  exclusion_criteria, dose sentence -> dose, place-in-therapy sentence ->
  position, "Response is assessed ..." -> outcome_measures, "Treatment should
  be stopped if ..." -> continuation_criteria).  The bold lead sentence is the
  indication's name line, not a field.  Prose is split only at the
  connectives the conventions list (", and", ", or", "either ... or");
  when a sentence is split, the shared lead-in words ("Treatment may be
  started in", "Treatment should be stopped if", "... is not reimbursed
  for", "In addition, the patient must have either") are dropped from its
  leaves; an unsplit sentence is one leaf, printed in full.  Stop conditions
  combine with OR.

Content is held once as Python data below; documents and gold are both
generated from it.  PDF section pages are located with pypdfium2.  After
generation the script verifies that every section title, indication name,
field label, stem and criteria leaf appears in the extracted PDF and DOCX text.

Run:  /work/main/.venv/bin/python scripts/make_policy_blind6_b.py
"""

from __future__ import annotations

import copy
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
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

ROOT = Path(__file__).resolve().parent.parent
SET = "blind6"
DOC_DIR = ROOT / "corpora" / "policies" / SET
GOLD_DIR = ROOT / "corpora" / "gold" / "policy" / SET


# --------------------------------------------------------------------------
# Small data helpers
# --------------------------------------------------------------------------

class N:
    """Criteria node.  items are str leaves or N children; stem is the printed
    line introducing the list (None when there is none)."""

    def __init__(self, op, stem, items, min=None):
        self.op, self.stem, self.items, self.min = op, stem, items, min


def T(analyte, comparator, value, unit=None, value_max=None):
    return {"analyte": analyte, "comparator": comparator, "value": value,
            "value_max": value_max, "unit": unit}


def D(amount, unit, frequency=None, max=None, amount_max=None):
    return {"amount": amount, "amount_max": amount_max, "unit": unit,
            "frequency": frequency, "max": max}


def gold_tree(node):
    if isinstance(node, str):
        return node
    d = {"op": node.op, "stem": node.stem, "items": [gold_tree(x) for x in node.items]}
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


CRITERIA_ROLES = {"selection_criteria", "exclusion_criteria", "continuation_criteria", "diagnosis"}


def field(label, role, text, tree=None, thresholds=(), doses=()):
    f = {"label": label, "role": role, "text": text}
    if role in CRITERIA_ROLES:
        f["criteria"] = gold_tree(tree)
    f["thresholds"] = list(thresholds)
    f["doses"] = list(doses)
    return f


# ==========================================================================
# Document 1: PBM Clinical Policy Bulletin, two-column layout
# ==========================================================================

CIDP = "Chronic inflammatory demyelinating polyneuropathy"
MMN = "Multifocal motor neuropathy"
PHI = "Primary humoral immunodeficiency"
GMG = "Generalized myasthenia gravis"

PBM = {
    "docname": "pbm_two_column",
    "title": "Clinical Policy Bulletin: Immune Globulin (Intravenous and Subcutaneous)",
    "style": "US pharmacy-benefit-manager Clinical Policy Bulletin printed in a two-column layout: "
             "Policy section with roman approval-stage parts (Initial Approval Criteria, Continued "
             "Therapy, Exclusions), lettered indication blocks with nested 1./a./i. criteria and "
             "'Approval duration' lines, dosing table in a Dosing and Administration section",
    "company": "Meridian Pharmacy Solutions",
    "meta": [("Number", "0417"), ("Effective", "01/15/2031"), ("Last review", "11/04/2030"),
             ("Next review", "11/2031"), ("Review history", "See Policy History")],
    "preamble": "Fictitious document prepared for software testing. This bulletin is not real "
                "coverage guidance, and its criteria and doses must not be used for patient care "
                "or coverage decisions.",
    "policy_intro": [
        "Meridian Pharmacy Solutions considers immune globulin, given intravenously (IVIG) or "
        "subcutaneously (SCIG), medically necessary for the indications below when the criteria "
        "for the relevant approval stage are met.",
        "Criteria are grouped by approval stage. An indication is covered only if it is listed in "
        "Part I; the lettering of indications differs between parts.",
    ],
    "parts": [
        {
            "roman": "I",
            "title": "Initial Approval Criteria",
            "role": "selection_criteria",
            "intro": "Immune globulin is medically necessary when the member meets the criteria "
                     "for one of the following indications:",
            "blocks": [
                {
                    "indication": CIDP,
                    "qualifier": "must meet all",
                    "tree": N("AND", None, [
                        "Diagnosis of CIDP (typical CIDP or a CIDP variant) according to the 2021 "
                        "EAN/PNS criteria",
                        "Nerve conduction studies show demyelinating features in at least two motor nerves",
                        "Prescribed by or in consultation with a neurologist",
                        "Age ≥ 18 years",
                        N("OR", "Baseline disability documented by one of the following (a or b):", [
                            "Adjusted INCAT disability score ≥ 2 points",
                            "Grip strength measured with a Martin Vigorimeter < 60 kPa in either hand",
                        ]),
                        N("OR", "Member meets one of the following (a or b):", [
                            "Inadequate response, intolerance or contraindication to corticosteroids "
                            "given for at least 12 weeks",
                            N("OR", "Corticosteroids are inappropriate for one of the following "
                                    "reasons (i or ii):", [
                                "Pure motor CIDP",
                                "Rapidly progressive weakness requiring prompt treatment",
                            ]),
                        ]),
                        "Monoclonal IgM gammopathy with anti-MAG antibodies has been excluded",
                    ]),
                    "thresholds": [
                        T("age", ">=", 18, "years"),
                        T("adjusted INCAT disability score", ">=", 2, "points"),
                        T("grip strength", "<", 60, "kPa"),
                    ],
                    "duration": "6 months",
                },
                {
                    "indication": MMN,
                    "qualifier": "must meet all",
                    "tree": N("AND", None, [
                        "Diagnosis of multifocal motor neuropathy made by a neurologist with "
                        "neuromuscular expertise",
                        "Asymmetric limb weakness without objective sensory loss in the territory of "
                        "at least two motor nerves",
                        "Motor conduction block in at least one nerve outside common entrapment sites",
                        "Normal sensory nerve conduction in the upper limbs",
                        "Age ≥ 18 years",
                        "Overall Neuropathy Limitations Scale (ONLS) score of 2 or more",
                    ]),
                    "thresholds": [
                        T("age", ">=", 18, "years"),
                        T("ONLS", ">=", 2, None),
                    ],
                    "duration": "3 months",
                },
                {
                    "indication": PHI,
                    "qualifier": "must meet all",
                    "tree": N("AND", None, [
                        N("OR", "Diagnosis of one of the following (a, b, or c):", [
                            "Common variable immunodeficiency (CVID)",
                            "X-linked or autosomal recessive agammaglobulinemia",
                            "Specific antibody deficiency with impaired response to pneumococcal "
                            "polysaccharide vaccine",
                        ]),
                        "Prescribed by or in consultation with a clinical immunologist",
                        "Age ≥ 2 years",
                        N("OR", "One of the following (a or b):", [
                            "Pretreatment serum IgG < 450 mg/dL on two occasions at least 4 weeks apart",
                            N("AND", "All of the following (i and ii):", [
                                "Pretreatment serum IgG below the lower limit of the age-adjusted "
                                "reference range",
                                "Three or more serious bacterial infections in the past 12 months "
                                "despite prophylactic antibiotics",
                            ]),
                        ]),
                        "Secondary causes of hypogammaglobulinemia (e.g., protein-losing states, "
                        "medications) have been excluded",
                    ]),
                    "thresholds": [
                        T("age", ">=", 2, "years"),
                        T("IgG", "<", 450, "mg/dL"),
                    ],
                    "duration": "6 months",
                },
                {
                    "indication": GMG,
                    "qualifier": "must meet all",
                    "tree": N("AND", None, [
                        "Diagnosis of generalized myasthenia gravis with positive acetylcholine "
                        "receptor or MuSK antibodies",
                        "Age ≥ 18 years",
                        "Prescribed by or in consultation with a neurologist",
                        N("OR", "One of the following (a, b, or c):", [
                            "Myasthenic crisis or impending crisis, with forced vital capacity < 20 mL/kg",
                            "Myasthenia Gravis Activities of Daily Living (MG-ADL) score ≥ 6 with "
                            "worsening bulbar weakness",
                            "Preparation for thymectomy or other surgery in a member with moderate to "
                            "severe bulbar weakness",
                        ]),
                        "Immune globulin will not be used as chronic maintenance therapy",
                    ]),
                    "thresholds": [
                        T("age", ">=", 18, "years"),
                        T("FVC", "<", 20, "mL/kg"),
                        T("MG-ADL", ">=", 6, None),
                    ],
                    "duration": "1 month",
                },
            ],
        },
        {
            "roman": "II",
            "title": "Continued Therapy",
            "role": "continuation_criteria",
            "intro": "Requests for continued therapy are reviewed no earlier than 30 days before the "
                     "current approval ends.",
            "blocks": [
                {
                    "indication": CIDP,
                    "qualifier": "must meet all",
                    "tree": N("AND", None, [
                        N("OR", "Member meets one of the following (a or b):", [
                            "Currently receiving immune globulin for CIDP under a Meridian-administered benefit",
                            "Member has met all initial approval criteria in section I.A",
                        ]),
                        N("OR", "Objective response to therapy documented by one of the following "
                                "(a, b, or c):", [
                            "Decrease in adjusted INCAT disability score of at least 1 point from baseline",
                            "Increase in grip strength of at least 8 kPa from baseline",
                            "Increase in Medical Research Council (MRC) sum score of at least 3 points "
                            "from baseline",
                        ]),
                        "A trial of dose reduction or interval extension has been attempted within the "
                        "past 12 months, unless a previous attempt resulted in deterioration",
                    ]),
                    "thresholds": [
                        T("adjusted INCAT disability score decrease", ">=", 1, "points"),
                        T("grip strength increase", ">=", 8, "kPa"),
                        T("MRC sum score increase", ">=", 3, "points"),
                    ],
                    "duration": "12 months",
                },
                {
                    "indication": MMN,
                    "qualifier": "must meet all",
                    "tree": N("AND", None, [
                        "Member has met all initial approval criteria in section I.B",
                        N("OR", "Documented improvement from baseline in one of the following (a or b):", [
                            "MRC sum score of affected muscles, by at least 2 points",
                            "ONLS score, by at least 1 point",
                        ]),
                        "Treatment is given at the lowest dose and longest interval that maintains the response",
                    ]),
                    "thresholds": [
                        T("MRC sum score improvement", ">=", 2, "points"),
                        T("ONLS improvement", ">=", 1, "points"),
                    ],
                    "duration": "12 months",
                },
                {
                    "indication": PHI,
                    "qualifier": "must meet all",
                    "tree": N("AND", None, [
                        "Member has met all initial approval criteria in section I.C",
                        N("OR", "One of the following (a or b):", [
                            "IgG trough level ≥ 700 mg/dL within the past 6 months",
                            "Reduction in the frequency of serious bacterial infections since starting therapy",
                        ]),
                        "Member continues to be reviewed by a clinical immunologist at least every 12 months",
                    ]),
                    "thresholds": [T("IgG trough", ">=", 700, "mg/dL")],
                    "duration": "12 months",
                },
            ],
        },
        {
            "roman": "III",
            "title": "Exclusions",
            "role": "exclusion_criteria",
            "intro": "Immune globulin is not medically necessary in the following situations:",
            "blocks": [
                {
                    "indication": CIDP,
                    "qualifier": "excluded if any apply",
                    "tree": N("OR", None, [
                        "IgM paraproteinemic neuropathy with anti-MAG antibodies",
                        "POEMS syndrome",
                        "Pure sensory CIDP without functional disability",
                    ]),
                    "thresholds": [],
                    "duration": None,
                },
                {
                    "indication": PHI,
                    "qualifier": "excluded if any apply",
                    "tree": N("OR", None, [
                        "Isolated IgG subclass deficiency with normal total IgG",
                        "Selective IgA deficiency",
                        "Hypogammaglobulinemia caused by a medication that can be discontinued",
                    ]),
                    "thresholds": [],
                    "duration": None,
                },
                {
                    "indication": GMG,
                    "qualifier": "excluded if any apply",
                    "tree": N("OR", None, [
                        "Ocular myasthenia gravis without generalized weakness",
                        "Chronic maintenance therapy in stable disease",
                    ]),
                    "thresholds": [],
                    "duration": None,
                },
            ],
        },
    ],
    "background": [
        "Immune globulin is a pooled plasma product containing IgG antibodies from several thousand "
        "donors. It is used as replacement therapy in antibody deficiency and as an immunomodulatory "
        "treatment in a number of autoimmune neuromuscular disorders.",
        "In CIDP and multifocal motor neuropathy, randomized trials show improvement in disability and "
        "strength, but many patients are maintained on higher doses than they need; periodic attempts "
        "at dose reduction are therefore part of continued-therapy review. In myasthenia gravis, immune "
        "globulin is used for short-term treatment of exacerbations and before surgery rather than as "
        "maintenance therapy.",
        "Supplies of immune globulin are limited, and products are not interchangeable without "
        "clinical review.",
    ],
    "dosing_intro": [
        "Doses are calculated on actual body weight unless the plan's dosing guideline requires "
        "adjusted body weight. Infusion rates follow the product labeling.",
    ],
    "dose_table": [
        {
            "indication": CIDP,
            "regimen": "Loading: 2 g/kg IV divided over 2 to 5 consecutive days. "
                       "Maintenance: 0.4 to 1 g/kg IV every 3 weeks",
            "max": "2 g/kg per 3 weeks",
            "doses": [D(2, "g/kg", "divided over 2 to 5 consecutive days", max="2 g/kg per 3 weeks"),
                      D(0.4, "g/kg", "every 3 weeks", max="2 g/kg per 3 weeks", amount_max=1)],
        },
        {
            "indication": MMN,
            "regimen": "Loading: 2 g/kg IV divided over 2 to 5 days. "
                       "Maintenance: 1 to 2 g/kg IV every 4 to 8 weeks",
            "max": "2 g/kg per 4 weeks",
            "doses": [D(2, "g/kg", "divided over 2 to 5 days", max="2 g/kg per 4 weeks"),
                      D(1, "g/kg", "every 4 to 8 weeks", max="2 g/kg per 4 weeks", amount_max=2)],
        },
        {
            "indication": PHI,
            "regimen": "IVIG: 400 to 600 mg/kg IV every 4 weeks. SCIG: 100 to 150 mg/kg SC weekly",
            "max": "800 mg/kg per 4 weeks",
            "doses": [D(400, "mg/kg", "every 4 weeks", max="800 mg/kg per 4 weeks", amount_max=600),
                      D(100, "mg/kg", "weekly", max="800 mg/kg per 4 weeks", amount_max=150)],
        },
        {
            "indication": GMG,
            "regimen": "2 g/kg IV divided over 2 to 5 days",
            "max": "2 g/kg per exacerbation",
            "doses": [D(2, "g/kg", "divided over 2 to 5 days", max="2 g/kg per exacerbation")],
        },
    ],
    "dose_headers": ("Indication", "Dosing regimen", "Maximum dose"),
    "references": [
        "Van den Bergh PYK, van Doorn PA, Hadden RDM, et al. European Academy of Neurology/Peripheral "
        "Nerve Society guideline on diagnosis and treatment of chronic inflammatory demyelinating "
        "polyradiculoneuropathy. J Peripher Nerv Syst. 2021;26(3):242-268.",
        "Joint Task Force of the EFNS and the PNS. European Federation of Neurological Societies/"
        "Peripheral Nerve Society guideline on management of multifocal motor neuropathy. "
        "J Peripher Nerv Syst. 2010;15(4):295-301.",
        "Perez EE, Orange JS, Bonilla F, et al. Update on the use of immunoglobulin in human disease: "
        "a review of evidence. J Allergy Clin Immunol. 2017;139(3S):S1-S46.",
        "Narayanaswami P, Sanders DB, Wolfe G, et al. International consensus guidance for management "
        "of myasthenia gravis: 2020 update. Neurology. 2021;96(3):114-122.",
    ],
}


def block_heading(part_block, letter):
    return f"{letter}. {part_block['indication']} ({part_block['qualifier']}):"


def pbm_lines(node, depth=0, trailing="."):
    """Numbered criteria lines: list of (depth, text as printed without number)."""
    out = []
    n = len(node.items)
    for i, item in enumerate(node.items):
        last = i == n - 1
        after = trailing if last else (";" + (" or" if node.op == "OR" else ""))
        if isinstance(item, str):
            out.append((depth, item + after))
        else:
            out.append((depth, item.stem))
            out.extend(pbm_lines(item, depth + 1, after))
    return out


def pbm_sections():
    secs = [{"number": None, "title": "Policy", "level": 1, "page": None}]
    for part in PBM["parts"]:
        secs.append({"number": part["roman"], "title": part["title"], "level": 2, "page": None})
        for j, b in enumerate(part["blocks"]):
            secs.append({"number": chr(65 + j), "title": f"{b['indication']} ({b['qualifier']})",
                         "level": 3, "page": None})
    for t in ("Background", "Dosing and Administration", "References"):
        secs.append({"number": None, "title": t, "level": 1, "page": None})
    return secs


def pbm_indications():
    order = []
    fields = {}
    for part in PBM["parts"]:
        for b in part["blocks"]:
            name = b["indication"]
            if name not in fields:
                order.append(name)
                fields[name] = []
            lines = [t for _, t in pbm_lines(b["tree"])]
            fields[name].append(field(None, part["role"], "\n".join(lines), b["tree"],
                                      b["thresholds"], []))
            if b["duration"]:
                fields[name].append(field("Approval duration", "duration", b["duration"]))
    h = PBM["dose_headers"]
    for row in PBM["dose_table"]:
        fields[row["indication"]].append(field(h[1], "dose", row["regimen"], doses=row["doses"]))
        fields[row["indication"]].append(field(h[2], "dose", row["max"]))
    return [{"name": n, "fields": fields[n]} for n in order]


def pbm_check_strings():
    s = [PBM["title"], "Policy", "Background", "Dosing and Administration", "References"]
    for part in PBM["parts"]:
        s.append(part["title"])
        for b in part["blocks"]:
            s.append(b["indication"])
            s.append(f"{b['indication']} ({b['qualifier']})")
            s.extend(leaves(b["tree"]))
            s.extend(stems(b["tree"]))
            if b["duration"]:
                s.extend(["Approval duration", b["duration"]])
    s.extend(PBM["dose_headers"])
    for row in PBM["dose_table"]:
        s.extend([row["indication"], row["regimen"], row["max"]])
    return s


PBM_HTML = jinja2.Template("""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ title }}</title>
<style>
@page { size: Letter; margin: 0.55in 0.6in 0.65in 0.6in; }
body { font-family: "Liberation Serif", "Times New Roman", serif; font-size: 9.6pt; color: #1b1b1b;
       line-height: 1.28; margin: 0; }
.band { background: #4b1f6f; color: #fff; font-family: "Liberation Sans", Arial, sans-serif;
        padding: 5px 9px; font-size: 9pt; letter-spacing: 0.05em; text-transform: uppercase; }
.band b { font-size: 10.5pt; letter-spacing: 0.02em; }
h1 { font-family: "Liberation Sans", Arial, sans-serif; font-size: 17pt; color: #4b1f6f;
     margin: 9px 0 5px 0; }
table.meta { border-collapse: collapse; font-family: "Liberation Sans", Arial, sans-serif;
             font-size: 8.4pt; margin-bottom: 6px; }
table.meta td { border: 1px solid #b9a7c9; padding: 2px 7px; }
table.meta td.k { background: #efe8f5; font-weight: bold; }
.preamble { border-left: 4px solid #c8102e; background: #fbf3f4; padding: 4px 8px; font-size: 8.6pt;
            font-style: italic; margin: 4px 0 10px 0; }
.cols { column-count: 2; column-gap: 0.32in; column-rule: 0.75pt solid #c9bfd3; column-fill: auto; }
h2 { font-family: "Liberation Sans", Arial, sans-serif; font-size: 12.5pt; color: #fff; background: #4b1f6f;
     padding: 2px 6px; margin: 10px 0 5px 0; break-after: avoid; }
h2.first { margin-top: 0; }
h3 { font-family: "Liberation Sans", Arial, sans-serif; font-size: 10.4pt; color: #4b1f6f;
     border-bottom: 1.2px solid #4b1f6f; margin: 9px 0 4px 0; padding-bottom: 1px; break-after: avoid; }
h4 { font-family: "Liberation Sans", Arial, sans-serif; font-size: 9.6pt; margin: 7px 0 2px 0;
     color: #222; break-after: avoid; }
p { margin: 3px 0; text-align: left; }
ol { margin: 1px 0 2px 0; padding-left: 20px; }
ol ol { padding-left: 17px; }
li { margin: 1px 0; }
.dur { margin: 3px 0 6px 0; }
.dur span { font-weight: bold; }
table.dose { border-collapse: collapse; width: 100%; font-size: 8.2pt; margin: 4px 0 6px 0;
             font-family: "Liberation Sans", Arial, sans-serif; }
table.dose th, table.dose td { border: 0.8px solid #6d5a80; padding: 2px 3px; vertical-align: top;
                               text-align: left; }
table.dose th { background: #e3d7ee; }
ol.refs { padding-left: 18px; font-size: 8.6pt; }
</style></head><body>
<div class="band"><b>{{ company }}</b> &nbsp;|&nbsp; Clinical Policy Bulletin</div>
<h1>{{ title }}</h1>
<table class="meta"><tr>{% for k, v in meta %}<td class="k">{{ k }}</td><td>{{ v }}</td>{% endfor %}</tr></table>
<div class="preamble">{{ preamble }}</div>
<div class="cols">
{{ body }}
</div>
</body></html>
""")


def html_ol(node, trailing=".", depth=0):
    types = ["1", "a", "i"]
    e = html.escape
    out = [f'<ol type="{types[depth]}">']
    n = len(node.items)
    for i, item in enumerate(node.items):
        last = i == n - 1
        after = trailing if last else (";" + (" or" if node.op == "OR" else ""))
        if isinstance(item, str):
            out.append(f"<li>{e(item + after)}</li>")
        else:
            out.append(f"<li>{e(item.stem)}{html_ol(item, after, depth + 1)}</li>")
    out.append("</ol>")
    return "".join(out)


def build_pbm_html(path: Path):
    e = html.escape
    parts = ['<h2 class="first">Policy</h2>']
    for p in PBM["policy_intro"]:
        parts.append(f"<p>{e(p)}</p>")
    for part in PBM["parts"]:
        parts.append(f"<h3>{e(part['roman'])}. {e(part['title'])}</h3>")
        parts.append(f"<p>{e(part['intro'])}</p>")
        for j, b in enumerate(part["blocks"]):
            parts.append(f"<h4>{e(block_heading(b, chr(65 + j)))}</h4>")
            parts.append(html_ol(b["tree"]))
            if b["duration"]:
                parts.append(f'<p class="dur"><span>Approval duration:</span> {e(b["duration"])}</p>')
    parts.append("<h2>Background</h2>")
    for p in PBM["background"]:
        parts.append(f"<p>{e(p)}</p>")
    parts.append("<h2>Dosing and Administration</h2>")
    for p in PBM["dosing_intro"]:
        parts.append(f"<p>{e(p)}</p>")
    h = PBM["dose_headers"]
    rows = ['<table class="dose"><thead><tr>' + "".join(f"<th>{e(x)}</th>" for x in h) + "</tr></thead><tbody>"]
    for r in PBM["dose_table"]:
        rows.append(f"<tr><td>{e(r['indication'])}</td><td>{e(r['regimen'])}</td><td>{e(r['max'])}</td></tr>")
    rows.append("</tbody></table>")
    parts.append("".join(rows))
    parts.append("<h2>References</h2>")
    parts.append('<ol class="refs">' + "".join(f"<li>{e(r)}</li>" for r in PBM["references"]) + "</ol>")
    doc = PBM_HTML.render(title=PBM["title"], company=PBM["company"], meta=PBM["meta"],
                          preamble=PBM["preamble"], body="\n".join(parts))
    path.write_text(doc, encoding="utf-8")


def html_to_pdf_chromium(html_path: Path, pdf_path: Path):
    with tempfile.TemporaryDirectory() as prof:
        cmd = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
               f"--user-data-dir={prof}", f"--print-to-pdf={pdf_path}", html_path.as_uri()]
        subprocess.run(cmd, check=True, capture_output=True, timeout=180)
    if not pdf_path.exists():
        raise RuntimeError(f"Chromium did not produce {pdf_path}")


# ---- DOCX helpers --------------------------------------------------------

def set_cell_shading(cell, hex_fill):
    tcPr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), hex_fill)
    tcPr.append(shd)


def set_table_widths(table, widths):
    """Fixed column widths that both Word and LibreOffice honour (grid + cells + layout)."""
    table.autofit = False  # writes <w:tblLayout w:type="fixed"/>
    for col, w in zip(table.columns, widths):
        col.width = w
    for row in table.rows:
        for c, w in zip(row.cells, widths):
            c.width = w


def style_fonts(d, body_font, size, heading_font, color):
    st = d.styles["Normal"]
    st.font.name = body_font
    st.font.size = Pt(size)
    st.element.get_or_add_rPr().rFonts.set(qn("w:eastAsia"), body_font)
    st.paragraph_format.space_after = Pt(3)
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3", "Heading 4"):
        s = d.styles[name]
        s.font.name = heading_font
        s.font.color.rgb = color
        rpr = s.element.get_or_add_rPr()
        rfonts = rpr.find(qn("w:rFonts"))
        if rfonts is None:
            rfonts = OxmlElement("w:rFonts")
            rpr.append(rfonts)
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            rfonts.set(qn(attr), heading_font)
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            if rfonts.get(qn(attr)) is not None:
                del rfonts.attrib[qn(attr)]


class WordNumbering:
    """Real Word multi-level numbering: 1. / a. / i. (lists restart per block)."""

    def __init__(self, d, abstract_id=90):
        self.numbering = d.part.numbering_part.element
        self.abstract_id = abstract_id
        absn = OxmlElement("w:abstractNum")
        absn.set(qn("w:abstractNumId"), str(abstract_id))
        mlt = OxmlElement("w:multiLevelType")
        mlt.set(qn("w:val"), "multilevel")
        absn.append(mlt)
        for ilvl, (fmt, left) in enumerate((("decimal", 360), ("lowerLetter", 680), ("lowerRoman", 1000))):
            lvl = OxmlElement("w:lvl")
            lvl.set(qn("w:ilvl"), str(ilvl))
            for tag, val in (("w:start", "1"), ("w:numFmt", fmt), ("w:lvlText", f"%{ilvl + 1}."),
                             ("w:lvlJc", "left")):
                el = OxmlElement(tag)
                el.set(qn("w:val"), val)
                lvl.append(el)
            ppr = OxmlElement("w:pPr")
            ind = OxmlElement("w:ind")
            ind.set(qn("w:left"), str(left))
            ind.set(qn("w:hanging"), "300")
            ppr.append(ind)
            lvl.append(ppr)
            absn.append(lvl)
        # abstractNum elements must precede num elements
        first_num = self.numbering.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(absn)
        else:
            self.numbering.append(absn)
        self.next_id = 900

    def new_list(self):
        num = OxmlElement("w:num")
        self.next_id += 1
        num.set(qn("w:numId"), str(self.next_id))
        an = OxmlElement("w:abstractNumId")
        an.set(qn("w:val"), str(self.abstract_id))
        num.append(an)
        for ilvl in range(3):
            ov = OxmlElement("w:lvlOverride")
            ov.set(qn("w:ilvl"), str(ilvl))
            so = OxmlElement("w:startOverride")
            so.set(qn("w:val"), "1")
            ov.append(so)
            num.append(ov)
        self.numbering.append(num)
        return self.next_id

    @staticmethod
    def apply(paragraph, num_id, ilvl):
        numpr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        numpr.get_or_add_ilvl().val = ilvl
        numpr.get_or_add_numId().val = num_id


def set_columns(section, num, space_twips=460, sep=True):
    sectPr = section._sectPr
    cols = sectPr.find(qn("w:cols"))
    if cols is None:
        cols = OxmlElement("w:cols")
        sectPr.append(cols)
    cols.set(qn("w:num"), str(num))
    cols.set(qn("w:space"), str(space_twips))
    if sep:
        cols.set(qn("w:sep"), "1")


def build_pbm_docx(path: Path):
    d = docx.Document()
    purple = RGBColor(0x4B, 0x1F, 0x6F)
    style_fonts(d, "Liberation Serif", 9.5, "Liberation Sans", purple)
    d.styles["Title"].font.size = Pt(18)
    d.styles["Heading 1"].font.size = Pt(12.5)
    d.styles["Heading 2"].font.size = Pt(10.5)
    d.styles["Heading 3"].font.size = Pt(9.5)
    d.styles["Heading 3"].font.color.rgb = RGBColor(0x22, 0x22, 0x22)
    for hs in ("Heading 1", "Heading 2", "Heading 3"):
        d.styles[hs].paragraph_format.space_before = Pt(7)
        d.styles[hs].paragraph_format.space_after = Pt(3)
    sec = d.sections[0]
    sec.page_width, sec.page_height = Cm(21.59), Cm(27.94)
    sec.left_margin = sec.right_margin = Cm(1.5)
    sec.top_margin, sec.bottom_margin = Cm(1.4), Cm(1.6)

    band = d.add_paragraph()
    r = band.add_run(f"{PBM['company'].upper()}  |  CLINICAL POLICY BULLETIN")
    r.bold = True
    r.font.size = Pt(9)
    r.font.color.rgb = purple
    d.add_paragraph(PBM["title"], style="Title")
    mt = d.add_table(rows=1, cols=len(PBM["meta"]) * 2)
    mt.style = "Table Grid"
    for i, (k, v) in enumerate(PBM["meta"]):
        kc, vc = mt.rows[0].cells[2 * i], mt.rows[0].cells[2 * i + 1]
        kc.text = ""
        kr = kc.paragraphs[0].add_run(k)
        kr.bold = True
        kr.font.size = Pt(8)
        set_cell_shading(kc, "EFE8F5")
        vc.text = ""
        vc.paragraphs[0].add_run(v).font.size = Pt(8)
    pre = d.add_paragraph()
    pre.paragraph_format.space_before = Pt(5)
    pr = pre.add_run(PBM["preamble"])
    pr.italic = True
    pr.font.size = Pt(8.5)

    body = d.add_section(WD_SECTION.CONTINUOUS)
    set_columns(body, 2)

    numbering = WordNumbering(d)
    d.add_paragraph("Policy", style="Heading 1")
    for p in PBM["policy_intro"]:
        d.add_paragraph(p)
    for part in PBM["parts"]:
        d.add_paragraph(f"{part['roman']}. {part['title']}", style="Heading 2")
        d.add_paragraph(part["intro"])
        for j, b in enumerate(part["blocks"]):
            d.add_paragraph(block_heading(b, chr(65 + j)), style="Heading 3")
            nid = numbering.new_list()
            for depth, text in pbm_lines(b["tree"]):
                p = d.add_paragraph(text, style="List Paragraph")
                p.paragraph_format.space_after = Pt(1)
                WordNumbering.apply(p, nid, depth)
            if b["duration"]:
                p = d.add_paragraph()
                p.paragraph_format.space_before = Pt(3)
                p.add_run("Approval duration:").bold = True
                p.add_run(" " + b["duration"])
    d.add_paragraph("Background", style="Heading 1")
    for p in PBM["background"]:
        d.add_paragraph(p)
    d.add_paragraph("Dosing and Administration", style="Heading 1")
    for p in PBM["dosing_intro"]:
        d.add_paragraph(p)
    t = d.add_table(rows=1, cols=3)
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.LEFT
    for c, txt in zip(t.rows[0].cells, PBM["dose_headers"]):
        c.text = ""
        rr = c.paragraphs[0].add_run(txt)
        rr.bold = True
        rr.font.size = Pt(8)
        set_cell_shading(c, "E3D7EE")
    for row in PBM["dose_table"]:
        cells = t.add_row().cells
        for c, txt in zip(cells, (row["indication"], row["regimen"], row["max"])):
            c.text = ""
            c.paragraphs[0].add_run(txt).font.size = Pt(8)
    set_table_widths(t, (Cm(2.7), Cm(3.8), Cm(2.2)))
    d.add_paragraph("References", style="Heading 1")
    nid = numbering.new_list()
    for ref in PBM["references"]:
        p = d.add_paragraph(ref, style="List Paragraph")
        p.runs[0].font.size = Pt(8.5)
        WordNumbering.apply(p, nid, 0)
    d.save(path)


# ==========================================================================
# Document 2: European HTA reimbursement recommendation
# ==========================================================================

RA = "Moderate to severe active rheumatoid arthritis"
PSA = "Active psoriatic arthritis"
SLE = "Active systemic lupus erythematosus"

HTA = {
    "docname": "eu_hta_recommendation",
    "title": "Upadacitinib for rheumatoid arthritis and psoriatic arthritis, and anifrolumab for "
             "systemic lupus erythematosus",
    "style": "European (Nordic-style) HTA reimbursement recommendation in English: title-page line, boxed "
             "summary table, numbered sections with drug and patient-group sub-headings, prose start "
             "criteria, 'not reimbursed' sentences, short numbered lists, bold lead sentences and "
             "'Treatment should be stopped if' rules",
    "agency": "NORDIC MEDICINES REIMBURSEMENT COUNCIL",
    "title_line": "Reimbursement recommendation NMRC-R 2031/07 · Published 12 June 2031",
    "preamble": "This recommendation is fictitious. It was written to test software, is not real "
                "reimbursement guidance, and its criteria, thresholds and doses must not be used for "
                "patient care.",
    "summary": [
        ("Recommendation", "Reimbursed with restrictions"),
        ("Medicines", "Upadacitinib (Rinvoq®) 15 mg prolonged-release tablets; anifrolumab (Saphnelo®) "
                      "300 mg concentrate for solution for infusion"),
        ("Patient groups", "Adults with rheumatoid arthritis or psoriatic arthritis (upadacitinib); adults "
                           "with systemic lupus erythematosus (anifrolumab)"),
        ("Budget", "Hospital medicines budget, with reporting to the national rheumatology register"),
        ("Valid until", "30 June 2034"),
    ],
    "s1": [
        "The Council recommends that upadacitinib and anifrolumab are reimbursed with restrictions. "
        "Reimbursement applies only to the patient groups described in section 3, and only when the "
        "conditions in section 2 and the starting and stopping rules in section 4 are met.",
        "The Council considers that upadacitinib is as effective as the biological DMARDs already "
        "reimbursed for these conditions, at a lower annual cost. For anifrolumab the added benefit "
        "over standard therapy is modest and the budget impact is uncertain; the restrictions "
        "therefore limit its use to patients with high clinical and serological disease activity.",
    ],
    "s2_intro": "The following conditions apply to every patient group in this recommendation:",
    "s2_list": [
        "Treatment is started and supervised by a rheumatologist at a hospital that reports to the "
        "national rheumatology register.",
        "Baseline values and every response assessment are recorded in the register.",
        "When two or more treatments are equally suitable, the one with the lowest cost is chosen.",
        "The Council will review this recommendation no later than 30 June 2034.",
    ],
    "drugs": [
        {
            "num": "3.1",
            "name": "Upadacitinib",
            "intro": "Upadacitinib is an oral Janus kinase (JAK) inhibitor. It is reimbursed for the two "
                     "patient groups described below.",
            "groups": [
                {
                    "num": "3.1.1",
                    "name": RA,
                    "paras": [
                        {
                            "role": "selection_criteria",
                            "text": "Treatment may be started in adults with moderate to severe active "
                                    "rheumatoid arthritis who have had an inadequate response to, or are "
                                    "intolerant of, at least two conventional synthetic DMARDs, one of which "
                                    "must be methotrexate, and whose disease activity score (DAS28-ESR) is "
                                    "5.1 or higher.",
                            "tree": N("AND", None, [
                                "adults with moderate to severe active rheumatoid arthritis who have had an "
                                "inadequate response to, or are intolerant of, at least two conventional "
                                "synthetic DMARDs, one of which must be methotrexate",
                                "whose disease activity score (DAS28-ESR) is 5.1 or higher",
                            ]),
                            "thresholds": [T("DAS28-ESR", ">=", 5.1, None)],
                        },
                        {
                            "role": "position",
                            "text": "Upadacitinib may be used as the first targeted treatment or after a "
                                    "biological DMARD has failed.",
                        },
                        {
                            "role": "exclusion_criteria",
                            "text": "Upadacitinib is not reimbursed for patients aged 65 years or older who "
                                    "have a history of atherosclerotic cardiovascular disease, or for "
                                    "patients who are current smokers with other cardiovascular risk factors.",
                            "tree": N("OR", None, [
                                "patients aged 65 years or older who have a history of atherosclerotic "
                                "cardiovascular disease",
                                "patients who are current smokers with other cardiovascular risk factors",
                            ]),
                            "thresholds": [T("age", ">=", 65, "years")],
                        },
                        {
                            "role": "dose",
                            "text": "The reimbursed dose is 15 mg once daily.",
                            "doses": [D(15, "mg", "once daily")],
                        },
                    ],
                },
                {
                    "num": "3.1.2",
                    "name": PSA,
                    "paras": [
                        {
                            "role": "selection_criteria",
                            "text": "Treatment may be started in adults with active psoriatic arthritis who "
                                    "have 3 or more tender joints and 3 or more swollen joints, and whose "
                                    "disease has not responded adequately to at least two conventional "
                                    "synthetic DMARDs and at least one TNF inhibitor.",
                            "tree": N("AND", None, [
                                "adults with active psoriatic arthritis who have 3 or more tender joints "
                                "and 3 or more swollen joints",
                                "whose disease has not responded adequately to at least two conventional "
                                "synthetic DMARDs and at least one TNF inhibitor",
                            ]),
                            "thresholds": [T("tender joint count", ">=", 3, None),
                                           T("swollen joint count", ">=", 3, None)],
                        },
                        {
                            "role": "exclusion_criteria",
                            "text": "Upadacitinib is not reimbursed in combination with a biological DMARD "
                                    "or another JAK inhibitor.",
                            "tree": N("AND", None, [
                                "Upadacitinib is not reimbursed in combination with a biological DMARD "
                                "or another JAK inhibitor",
                            ]),
                        },
                        {
                            "role": "dose",
                            "text": "The reimbursed dose is 15 mg once daily, with or without methotrexate.",
                            "doses": [D(15, "mg", "once daily")],
                        },
                    ],
                },
            ],
        },
        {
            "num": "3.2",
            "name": "Anifrolumab",
            "intro": "Anifrolumab is a monoclonal antibody against the type I interferon receptor.",
            "groups": [
                {
                    "num": "3.2.1",
                    "name": SLE,
                    "paras": [
                        {
                            "role": "selection_criteria",
                            "text": "Treatment may be started in adults with active, autoantibody-positive "
                                    "systemic lupus erythematosus whose SLEDAI-2K score is 6 or higher "
                                    "despite at least 12 weeks of standard therapy. In addition, the patient "
                                    "must have either low complement (C3 below 0.9 g/L) or an anti-dsDNA "
                                    "antibody level above 30 IU/mL.",
                            "tree": N("AND", None, [
                                "adults with active, autoantibody-positive systemic lupus erythematosus "
                                "whose SLEDAI-2K score is 6 or higher despite at least 12 weeks of "
                                "standard therapy",
                                N("OR", None, [
                                    "low complement (C3 below 0.9 g/L)",
                                    "an anti-dsDNA antibody level above 30 IU/mL",
                                ]),
                            ]),
                            "thresholds": [T("SLEDAI-2K", ">=", 6, None),
                                           T("C3", "<", 0.9, "g/L"),
                                           T("anti-dsDNA", ">", 30, "IU/mL")],
                        },
                        {
                            "role": "exclusion_criteria",
                            "text": "Anifrolumab is not reimbursed for patients with severe active lupus "
                                    "nephritis, or for patients with severe active central nervous system lupus.",
                            "tree": N("OR", None, [
                                "patients with severe active lupus nephritis",
                                "patients with severe active central nervous system lupus",
                            ]),
                        },
                        {
                            "role": "dose",
                            "text": "The reimbursed dose is 300 mg given as an intravenous infusion over "
                                    "30 minutes every 4 weeks.",
                            "doses": [D(300, "mg", "every 4 weeks")],
                        },
                    ],
                },
            ],
        },
    ],
    "s4_intro": "The rules below apply in addition to the patient population criteria in section 3. "
                "Response is assessed by the treating rheumatologist and recorded in the national register.",
    "s4": [
        {
            "indication": RA,
            "lead": "Upadacitinib in moderate to severe active rheumatoid arthritis.",
            "blocks": [
                {
                    "role": "selection_criteria",
                    "kind": "list",
                    "tree": N("AND", "Before treatment is started, all of the following must apply:", [
                        "screening for latent tuberculosis and hepatitis B has been completed",
                        "the absolute lymphocyte count is 0.5 × 10⁹/L or higher",
                        "the absolute neutrophil count is 1.0 × 10⁹/L or higher",
                        "haemoglobin is 80 g/L or higher",
                    ]),
                    "thresholds": [T("lymphocyte count", ">=", 0.5, "x10^9/L"),
                                   T("neutrophil count", ">=", 1.0, "x10^9/L"),
                                   T("haemoglobin", ">=", 80, "g/L")],
                },
                {
                    "role": "outcome_measures",
                    "kind": "para",
                    "text": "Response is assessed with the DAS28-ESR at 12 weeks and then every 6 months.",
                },
                {
                    "role": "continuation_criteria",
                    "kind": "para",
                    "text": "Treatment should be stopped if the DAS28-ESR score has not improved by at least "
                            "1.2 points after 12 weeks. Treatment should also be stopped if the absolute "
                            "lymphocyte count falls below 0.5 × 10⁹/L, or if the absolute neutrophil count "
                            "falls below 1.0 × 10⁹/L.",
                    "tree": N("OR", None, [
                        "the DAS28-ESR score has not improved by at least 1.2 points after 12 weeks",
                        "the absolute lymphocyte count falls below 0.5 × 10⁹/L",
                        "the absolute neutrophil count falls below 1.0 × 10⁹/L",
                    ]),
                    "thresholds": [T("DAS28-ESR improvement", ">=", 1.2, "points"),
                                   T("lymphocyte count", "<", 0.5, "x10^9/L"),
                                   T("neutrophil count", "<", 1.0, "x10^9/L")],
                },
            ],
        },
        {
            "indication": PSA,
            "lead": "Upadacitinib in active psoriatic arthritis.",
            "blocks": [
                {
                    "role": "outcome_measures",
                    "kind": "para",
                    "text": "Response is assessed at 12 weeks using the tender and swollen joint counts and "
                            "the patient's global assessment of disease activity.",
                },
                {
                    "role": "continuation_criteria",
                    "kind": "para",
                    "text": "Treatment should be stopped if the combined tender and swollen joint count has "
                            "fallen by less than 30% after 12 weeks of treatment, or if the response is not "
                            "maintained at two consecutive 6-monthly reviews.",
                    "tree": N("OR", None, [
                        "the combined tender and swollen joint count has fallen by less than 30% after "
                        "12 weeks of treatment",
                        "the response is not maintained at two consecutive 6-monthly reviews",
                    ]),
                    "thresholds": [T("tender and swollen joint count reduction", "<", 30, "%")],
                },
            ],
        },
        {
            "indication": SLE,
            "lead": "Anifrolumab in active systemic lupus erythematosus.",
            "blocks": [
                {
                    "role": "selection_criteria",
                    "kind": "list",
                    "tree": N("AND", "Before the first infusion, both of the following must apply:", [
                        "the estimated glomerular filtration rate (eGFR) is 30 mL/min/1.73 m² or higher",
                        "hydroxychloroquine has been used for at least 12 weeks, unless it is contraindicated",
                    ]),
                    "thresholds": [T("eGFR", ">=", 30, "mL/min/1.73 m²")],
                },
                {
                    "role": "outcome_measures",
                    "kind": "para",
                    "text": "Response is assessed every 6 months with the SLEDAI-2K and the physician's "
                            "global assessment.",
                },
                {
                    "role": "continuation_criteria",
                    "kind": "para",
                    "text": "Treatment should be stopped if the SLEDAI-2K score has not fallen by at least "
                            "4 points after 52 weeks, or if it has not been possible to reduce the oral "
                            "glucocorticoid dose during the first 52 weeks.",
                    "tree": N("OR", None, [
                        "the SLEDAI-2K score has not fallen by at least 4 points after 52 weeks",
                        "it has not been possible to reduce the oral glucocorticoid dose during the first "
                        "52 weeks",
                    ]),
                    "thresholds": [T("SLEDAI-2K reduction", ">=", 4, "points")],
                },
            ],
        },
    ],
    "signoff": "On behalf of the Council: chair of the Reimbursement Committee. The assessment report "
               "NMRC-A 2031/07 gives the evidence and economic analyses on which this recommendation is based.",
}


def hta_list_lines(tree):
    return [tree.stem] + list(tree.items)


def hta_sections():
    secs = [
        {"number": "1", "title": "Recommendation", "level": 1, "page": None},
        {"number": "2", "title": "Conditions for reimbursement", "level": 1, "page": None},
        {"number": "3", "title": "Patient population", "level": 1, "page": None},
    ]
    for dr in HTA["drugs"]:
        secs.append({"number": dr["num"], "title": dr["name"], "level": 2, "page": None})
        for g in dr["groups"]:
            secs.append({"number": g["num"], "title": g["name"], "level": 3, "page": None})
    secs.append({"number": "4", "title": "Starting and stopping rules", "level": 1, "page": None})
    return secs


def hta_indications():
    out = {}
    order = []
    for dr in HTA["drugs"]:
        for g in dr["groups"]:
            order.append(g["name"])
            out[g["name"]] = []
            for p in g["paras"]:
                out[g["name"]].append(field(None, p["role"], p["text"], p.get("tree"),
                                            p.get("thresholds", []), p.get("doses", [])))
    for blk in HTA["s4"]:
        for b in blk["blocks"]:
            if b["kind"] == "list":
                text = "\n".join(hta_list_lines(b["tree"]))
            else:
                text = b["text"]
            out[blk["indication"]].append(field(None, b["role"], text, b.get("tree"),
                                                b.get("thresholds", []), b.get("doses", [])))
    return [{"name": n, "fields": out[n]} for n in order]


def hta_check_strings():
    s = [HTA["title"], HTA["title_line"], "Recommendation", "Reimbursed with restrictions"]
    s.extend(sec["title"] for sec in hta_sections())
    for dr in HTA["drugs"]:
        for g in dr["groups"]:
            s.append(g["name"])
            for p in g["paras"]:
                s.append(p["text"])
                if p.get("tree"):
                    s.extend(leaves(p["tree"]))
                    s.extend(stems(p["tree"]))
    for blk in HTA["s4"]:
        s.append(blk["lead"])
        for b in blk["blocks"]:
            if b.get("tree"):
                s.extend(leaves(b["tree"]))
                s.extend(stems(b["tree"]))
            if b["kind"] == "para":
                s.append(b["text"])
    return s


def set_table_borders(table, outer_sz=18, inner_sz=4, color="1F4E5F"):
    tblPr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), str(outer_sz if edge in ("top", "left", "bottom", "right") else inner_sz))
        el.set(qn("w:space"), "0")
        el.set(qn("w:color"), color)
        borders.append(el)
    tblPr.insert_element_before(borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook",
                                "w:tblCaption", "w:tblDescription", "w:tblPrChange")


def typed_list(d, items, indent_cm=1.0, hang_cm=0.6):
    for i, text in enumerate(items, 1):
        p = d.add_paragraph()
        pf = p.paragraph_format
        pf.left_indent = Cm(indent_cm)
        pf.first_line_indent = Cm(-hang_cm)
        pf.tab_stops.add_tab_stop(Cm(indent_cm))
        pf.space_after = Pt(6 if i == len(items) else 2)
        p.add_run(f"{i}.\t{text}")


def build_hta_docx(path: Path):
    d = docx.Document()
    teal = RGBColor(0x1F, 0x4E, 0x5F)
    style_fonts(d, "DejaVu Sans", 9.5, "DejaVu Sans", teal)
    d.styles["Title"].font.size = Pt(19)
    d.styles["Heading 1"].font.size = Pt(13.5)
    d.styles["Heading 2"].font.size = Pt(11.5)
    d.styles["Heading 3"].font.size = Pt(10.5)
    d.styles["Heading 3"].font.italic = True
    d.styles["Normal"].paragraph_format.space_after = Pt(5)
    d.styles["Normal"].paragraph_format.line_spacing = 1.12
    sec = d.sections[0]
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    sec.left_margin, sec.right_margin = Cm(2.4), Cm(2.2)
    sec.top_margin, sec.bottom_margin = Cm(2.2), Cm(2.2)

    ag = d.add_paragraph()
    r = ag.add_run(HTA["agency"])
    r.bold = True
    r.font.size = Pt(10)
    r.font.color.rgb = teal
    tl = d.add_paragraph()
    tl.add_run(HTA["title_line"]).font.size = Pt(9)
    tl.paragraph_format.space_after = Pt(30)
    d.add_paragraph(HTA["title"], style="Title")
    pre = d.add_paragraph()
    pre.paragraph_format.space_before = Pt(10)
    pr = pre.add_run(HTA["preamble"])
    pr.italic = True
    pr.font.size = Pt(8.5)

    t = d.add_table(rows=0, cols=2)
    set_table_borders(t)
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    for k, v in HTA["summary"]:
        cells = t.add_row().cells
        cells[0].text = ""
        kr = cells[0].paragraphs[0].add_run(k)
        kr.bold = True
        set_cell_shading(cells[0], "DDEBEF")
        cells[1].text = ""
        vr = cells[1].paragraphs[0].add_run(v)
        if k == "Recommendation":
            vr.bold = True
    set_table_widths(t, (Cm(4.2), Cm(12.0)))
    brk = d.add_paragraph()
    brk.add_run().add_break(WD_BREAK.PAGE)

    d.add_paragraph("1 Recommendation", style="Heading 1")
    for p in HTA["s1"]:
        d.add_paragraph(p)
    d.add_paragraph("2 Conditions for reimbursement", style="Heading 1")
    d.add_paragraph(HTA["s2_intro"])
    typed_list(d, HTA["s2_list"])
    d.add_paragraph("3 Patient population", style="Heading 1")
    for dr in HTA["drugs"]:
        d.add_paragraph(f"{dr['num']} {dr['name']}", style="Heading 2")
        d.add_paragraph(dr["intro"])
        for g in dr["groups"]:
            d.add_paragraph(f"{g['num']} {g['name']}", style="Heading 3")
            for p in g["paras"]:
                d.add_paragraph(p["text"])
    d.add_paragraph("4 Starting and stopping rules", style="Heading 1")
    d.add_paragraph(HTA["s4_intro"])
    for blk in HTA["s4"]:
        first = True
        for b in blk["blocks"]:
            p = d.add_paragraph()
            if first:
                p.paragraph_format.space_before = Pt(8)
                p.add_run(blk["lead"] + " ").bold = True
                first = False
            if b["kind"] == "list":
                p.add_run(b["tree"].stem)
                p.paragraph_format.keep_with_next = True
                typed_list(d, b["tree"].items)
            else:
                p.add_run(b["text"])
    so = d.add_paragraph()
    so.paragraph_format.space_before = Pt(14)
    sr = so.add_run(HTA["signoff"])
    sr.italic = True
    sr.font.size = Pt(8.5)
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


# ==========================================================================
# Text extraction, page finding, verification
# ==========================================================================

def norm(s: str) -> str:
    s = s.replace("\u00a0", " ").replace("\u00ad", "").replace("\x02", "")
    return re.sub(r"\s+", " ", s).strip()


def pdf_join(s: str) -> str:
    """Undo line-end breaks inside hyphenated words in pdfium text: pdfium reports a
    hyphen at a line end either as U+FFFE (then joins the lines) or as '-' + newline.
    Neither document uses automatic hyphenation, so every such hyphen is a real one."""
    s = s.replace("\ufffe", "-")
    return re.sub(r"(?<=\w)-[ ]*\r?\n(?=\w)", "-", s)


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
    num = sec["number"]
    if num and (re.fullmatch(r"[A-Z]", num) or re.fullmatch(r"[IVX]+", num)):
        return f"{num}. {sec['title']}"
    if num:
        return f"{num} {sec['title']}"
    return sec["title"]


def fill_pages(sections, page_texts):
    """Find each heading as a line (or run of wrapped lines) of its own, in document order."""
    lines_text = []
    offsets = []  # (char offset where page starts)
    pos = 0
    for t in page_texts:
        t = pdf_join(t).replace("\r\n", "\n").replace("\r", "\n")
        t = "\n".join(norm(x) for x in t.split("\n"))
        offsets.append(pos)
        lines_text.append(t)
        pos += len(t) + 1
    full = "\n".join(lines_text)
    start = 0
    for sec in sections:
        words = norm(heading_string(sec)).split(" ")
        pat = r"(?:^|\n)" + r"\s+".join(re.escape(w) for w in words) + r":?[ ]*(?=\n|$)"
        m = re.compile(pat).search(full, start)
        if m is None:
            raise RuntimeError(f"heading not found in PDF: {heading_string(sec)!r}")
        page = max(i for i, off in enumerate(offsets) if off <= m.start() + 1)
        sec["page"] = page + 1
        start = m.end()


def verify(strings, text, what):
    hay = norm(text).lower()
    missing = [s for s in strings if norm(s).lower() not in hay]
    if missing:
        print(f"[verify] {what}: {len(missing)} missing", file=sys.stderr)
        for m in missing:
            print("   -", m, file=sys.stderr)
    return missing


def check_gold(indications, what):
    """Structural self-checks against CONVENTIONS.md."""
    problems = []

    def walk(node, path):
        if isinstance(node, str):
            if node != node.strip() or node.endswith((";", " and", " or", "AND", "OR")):
                problems.append(f"{path}: leaf ends with punctuation/connective: {node!r}")
            if re.match(r"^([0-9]+|[a-z]|[ivx]+)[.)]\s", node):
                problems.append(f"{path}: leaf starts with a list number: {node!r}")
            return
        if node["op"] not in ("AND", "OR"):
            problems.append(f"{path}: bad op")
        if len(node["items"]) == 1 and not isinstance(node["items"][0], str):
            problems.append(f"{path}: single-child group")
        for i, x in enumerate(node["items"]):
            if isinstance(x, dict) and x["op"] == node["op"] and not x["stem"]:
                problems.append(f"{path}: unmerged child with same op")
            walk(x, f"{path}/{i}")

    for ind in indications:
        for k, f in enumerate(ind["fields"]):
            p = f"{what}:{ind['name']}#{k}"
            if f["label"] is not None and f["label"].endswith(":"):
                problems.append(f"{p}: label with trailing colon")
            if (f["role"] in CRITERIA_ROLES) != ("criteria" in f):
                problems.append(f"{p}: criteria presence does not match role")
            if "criteria" in f:
                walk(f["criteria"], p)
    for pr in problems:
        print("[gold]", pr, file=sys.stderr)
    return problems


def write_gold(spec, docname, kind, producer, sections, indications):
    gold = {
        "source": f"corpora/policies/{SET}/{docname}.{kind}",
        "producer": producer,
        "style": spec["style"],
        "title": spec["title"],
        "sections": sections,
        "indications": indications,
    }
    out = GOLD_DIR / f"{docname}_{kind}.json"
    out.write_text(json.dumps(gold, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return out


def count_leaves(indications):
    n = 0
    for ind in indications:
        for f in ind["fields"]:
            if "criteria" in f:
                n += len(leaves_of_gold(f["criteria"]))
    return n


def leaves_of_gold(node):
    if isinstance(node, str):
        return [node]
    out = []
    for x in node["items"]:
        out.extend(leaves_of_gold(x))
    return out


def main():
    DOC_DIR.mkdir(parents=True, exist_ok=True)
    GOLD_DIR.mkdir(parents=True, exist_ok=True)
    problems = 0

    # ---- Document 1: PBM two-column bulletin ----
    name = PBM["docname"]
    pdf_path = DOC_DIR / f"{name}.pdf"
    docx_path = DOC_DIR / f"{name}.docx"
    with tempfile.TemporaryDirectory() as tmp:
        html_path = Path(tmp) / f"{name}.html"
        build_pbm_html(html_path)
        html_to_pdf_chromium(html_path, pdf_path)
    build_pbm_docx(docx_path)
    pages = pdf_page_texts(pdf_path)
    secs_pdf = pbm_sections()
    fill_pages(secs_pdf, pages)
    inds = pbm_indications()
    problems += len(check_gold(inds, name))
    write_gold(PBM, name, "pdf", "chromium", secs_pdf, inds)
    write_gold(PBM, name, "docx", "python-docx", pbm_sections(), copy.deepcopy(inds))
    checks = pbm_check_strings()
    problems += len(verify(checks, pdf_join("\n".join(pages)), f"{name}.pdf"))
    problems += len(verify(checks, docx_text(docx_path), f"{name}.docx"))
    print(f"{name}: pdf pages={len(pages)}; indications={len(inds)}; "
          f"fields={sum(len(i['fields']) for i in inds)}; leaves={count_leaves(inds)}")
    print("   sections:", [(heading_string(s), s["page"]) for s in secs_pdf])

    # ---- Document 2: HTA recommendation ----
    name = HTA["docname"]
    docx_path = DOC_DIR / f"{name}.docx"
    build_hta_docx(docx_path)
    with tempfile.TemporaryDirectory() as tmp:
        pdf_tmp = docx_to_pdf_libreoffice(docx_path, Path(tmp))
        shutil.copy(pdf_tmp, DOC_DIR / f"{name}.pdf")
    pdf_path = DOC_DIR / f"{name}.pdf"
    pages = pdf_page_texts(pdf_path)
    secs_pdf = hta_sections()
    fill_pages(secs_pdf, pages)
    inds = hta_indications()
    problems += len(check_gold(inds, name))
    write_gold(HTA, name, "pdf", "libreoffice", secs_pdf, inds)
    write_gold(HTA, name, "docx", "python-docx", hta_sections(), copy.deepcopy(inds))
    checks = hta_check_strings()
    problems += len(verify(checks, pdf_join("\n".join(pages)), f"{name}.pdf"))
    problems += len(verify(checks, docx_text(docx_path), f"{name}.docx"))
    print(f"{name}: pdf pages={len(pages)}; indications={len(inds)}; "
          f"fields={sum(len(i['fields']) for i in inds)}; leaves={count_leaves(inds)}")
    print("   sections:", [(heading_string(s), s["page"]) for s in secs_pdf])

    if problems:
        print(f"VERIFY FAILED: {problems} problems", file=sys.stderr)
        return 1
    print("verify OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
