#!/usr/bin/env python
"""Generate two invented clinical commissioning / drug-coverage policy documents
(holdout set 2, part b), each as a DOCX and a PDF, plus one gold JSON per file.

1. ``ca_eap_criteria`` - imitates a Canadian provincial "Exceptional Access
   Program" reimbursement-criteria document.  One section per drug
   (ADALIMUMAB, IMMUNE GLOBULIN), one heading per condition (e.g.
   "Rheumatoid Arthritis (RA)").  Under each condition: run-in paragraphs
   "Initial Request:", "Renewal Request:", "Exclusion:", "Recommended Dose:",
   "Approval Duration:", "Notes:" (wording varies a little between
   conditions).  Criteria are either lists with typed lower-roman "(i)" and
   lettered "(a)" markers (hanging indents) with AND / OR printed on their own
   lines between some items, or flowing prose sentences.
   PDF: HTML printed by headless Chromium.  DOCX: built with python-docx.

2. ``trust_mmc_protocol`` - imitates an NHS hospital trust Medicines
   Management Committee protocol: title page with document-information table,
   version-history table, "Section A - Background" (with A.1/A.2),
   "Section B - Criteria by indication" with un-numbered bold indication
   headings, each followed by a three-column table "Stage | Criteria |
   Evidence required" with Start / Continue / Stop rows (criteria written as
   numbered items "1)", "2)" under a lead sentence) and a "Dosing" paragraph
   block, then "Section C - Audit and review".
   DOCX: python-docx.  PDF: LibreOffice conversion of the DOCX.

All content is invented (clinically plausible, NOT real guidance).  The
content is held once as Python data below; the documents and the gold JSON
files are both written from it.  Gold follows
corpora/gold/policy/blind2/CONVENTIONS.md.  After generation the script checks
that every section title and every criteria leaf appears in the PDF page text
and in the DOCX text (whitespace-normalised, case-insensitive).

Run:  /work/main/.venv/bin/python scripts/make_policy_holdout2_b.py
Outputs:  corpora/policies/holdout2/<doc>.{docx,pdf}
          corpora/gold/policy/holdout2/<doc>_{docx,pdf}.json
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

import pypdfium2 as pdfium
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

ROOT = Path(__file__).resolve().parent.parent
SET_NAME = "holdout2"
DOC_DIR = ROOT / "corpora" / "policies" / SET_NAME
GOLD_DIR = ROOT / "corpora" / "gold" / "policy" / SET_NAME
CHROMIUM = "/usr/bin/chromium"
SOFFICE = "/usr/bin/soffice"


# ---------------------------------------------------------------------------
# small data helpers
# ---------------------------------------------------------------------------

class Node:
    """A criteria node.  `conn` says how the connective is printed when the
    node is rendered as a list: "line" (AND/OR on its own line), "trail"
    ("; and" after each item), "semi" (";" after items, "; and" after the
    penultimate one) or "none"."""

    def __init__(self, op, items, stem=None, conn="line", min_n=None):
        self.op = op
        self.items = list(items)
        self.stem = stem
        self.conn = conn
        self.min = min_n

    def to_json(self):
        d = {"op": self.op, "stem": self.stem}
        if self.min:
            d["min"] = self.min
        d["items"] = [i.to_json() if isinstance(i, Node) else i for i in self.items]
        return d

    def leaves(self):
        out = []
        for i in self.items:
            out.extend(i.leaves() if isinstance(i, Node) else [i])
        return out

    def stems(self):
        out = [self.stem] if self.stem else []
        for i in self.items:
            if isinstance(i, Node):
                out.extend(i.stems())
        return out


def AND(*items, stem=None, conn="line"):
    return Node("AND", items, stem, conn)


def OR(*items, stem=None, conn="line"):
    return Node("OR", items, stem, conn)


def ATLEAST(n, *items, stem=None, conn="none"):
    return Node("OR", items, stem, conn, min_n=n)


def T(analyte, comparator, value, unit=None, value_max=None):
    return {"analyte": analyte, "comparator": comparator, "value": value,
            "value_max": value_max, "unit": unit}


def D(amount, unit, frequency=None, max_=None, amount_max=None):
    return {"amount": amount, "amount_max": amount_max, "unit": unit,
            "frequency": frequency, "max": max_}


def roman(n):
    vals = [(10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
    s = ""
    for v, r in vals:
        while n >= v:
            s += r
            n -= v
    return s


def marker(level, n):
    return "(%s)" % roman(n) if level == 0 else "(%s)" % "abcdefghij"[n - 1]


def norm(s):
    return re.sub(r"\s+", " ", s).strip().casefold()


CRITERIA_ROLES = {"selection_criteria", "exclusion_criteria",
                  "continuation_criteria", "diagnosis"}

# ---------------------------------------------------------------------------
# Document 1: Canadian EAP reimbursement criteria
# ---------------------------------------------------------------------------
# Field kinds:
#   "list":  run-in label + lead sentence (= root stem), then the criteria
#            tree rendered as (i)/(a) items with AND/OR lines.
#   "prose": run-in label + paragraphs; criteria tree authored separately.

EAP = {
    "docname": "ca_eap_criteria",
    "title": "Exceptional Access Program (EAP) Reimbursement Criteria for Frequently Requested Drugs",
    "style": "Canadian provincial Exceptional Access Program reimbursement criteria: drug sections, "
             "condition headings, run-in Initial/Renewal/Exclusion/Dose/Duration paragraphs with "
             "(i)/(a) criteria, AND/OR lines and prose criteria",
    "ministry": "Ministry of Health \u2013 Drug Programs Branch",
    "updated": "Criteria effective: March 2024 (supersedes September 2022)",
    "general_title": "General Information",
    "general": [
        "The criteria below describe the clinical circumstances under which the Ministry will consider "
        "reimbursement of the listed drugs through the Exceptional Access Program (EAP). Requests must be "
        "submitted by the prescriber on the applicable request form and must contain all of the clinical "
        "information needed to assess the request against the criteria.",
        "Approval is granted for the period stated for each condition. Renewal requests received after an "
        "approval has lapsed are assessed as initial requests. These criteria are for reimbursement purposes "
        "only and are not intended to replace the clinical judgement of the prescriber.",
    ],
    "drugs": [
        {
            "name": "ADALIMUMAB",
            "intro": "Products: adalimumab biosimilar pre-filled pens and syringes (all funded strengths). "
                     "Biosimilar products are reimbursed for all new starts.",
            "conditions": [
                {
                    "name": "Rheumatoid Arthritis (RA)",
                    "fields": [
                        {
                            "label": "Initial Request", "role": "selection_criteria", "kind": "list",
                            "tree": AND(
                                "the patient is 18 years of age or older",
                                AND("a DAS28 score greater than 5.1",
                                    "a C-reactive protein (CRP) level above 10 mg/L",
                                    stem="the patient has active disease, defined as both of the following:",
                                    conn="trail"),
                                OR("the patient has not responded to, or has been intolerant of, methotrexate "
                                   "given at the maximum tolerated dose for at least 12 weeks, in combination "
                                   "with at least one other conventional DMARD (e.g. sulfasalazine, "
                                   "hydroxychloroquine or leflunomide)",
                                   "where methotrexate is contraindicated, the patient has not responded to at "
                                   "least two other conventional DMARDs, each given for at least 12 weeks"),
                                stem="For the treatment of patients with moderately to severely active rheumatoid "
                                     "arthritis who meet all of the following criteria:"),
                            "thresholds": [T("age", ">=", 18, "years"), T("DAS28", ">", 5.1),
                                           T("CRP", ">", 10, "mg/L")],
                            "doses": [],
                        },
                        {
                            "label": "Notes", "role": "notes", "kind": "prose",
                            "paras": ["The DAS28 score and the date of the assessment must be included with every "
                                      "request. Adalimumab will not be funded in combination with another biologic "
                                      "agent or a Janus kinase (JAK) inhibitor."],
                            "thresholds": [], "doses": [],
                        },
                        {
                            "label": "Renewal Request", "role": "continuation_criteria", "kind": "prose",
                            "paras": ["Renewal will be considered for patients who have achieved a reduction in "
                                      "DAS28 of at least 1.2 points from baseline, or who have reached a DAS28 score "
                                      "below 3.2; and who continue to be followed by a rheumatologist."],
                            "tree": AND(OR("have achieved a reduction in DAS28 of at least 1.2 points from baseline",
                                           "have reached a DAS28 score below 3.2"),
                                        "continue to be followed by a rheumatologist"),
                            "thresholds": [T("DAS28 reduction", ">=", 1.2, "points"), T("DAS28", "<", 3.2)],
                            "doses": [],
                        },
                        {
                            "label": "Recommended Dose", "role": "dose", "kind": "prose",
                            "paras": ["40 mg subcutaneously every other week. Patients who cannot take concomitant "
                                      "methotrexate may be approved for 40 mg every week or 80 mg every other week."],
                            "thresholds": [],
                            "doses": [D(40, "mg", "every other week"), D(40, "mg", "every week"),
                                      D(80, "mg", "every other week")],
                        },
                        {
                            "label": "Approval Duration", "role": "duration", "kind": "prose",
                            "paras": ["Initial approval for 6 months; renewals for 12 months."],
                            "thresholds": [], "doses": [],
                        },
                    ],
                },
                {
                    "name": "Ankylosing Spondylitis (AS)",
                    "fields": [
                        {
                            "label": "Initial Request", "role": "selection_criteria", "kind": "prose",
                            "paras": ["Funding will be considered for patients with ankylosing spondylitis who have "
                                      "predominantly axial disease with a BASDAI score of 4 or greater despite "
                                      "treatment with at least two NSAIDs at the maximum tolerated dose for a combined "
                                      "period of at least 4 weeks, or who have peripheral arthritis that has not "
                                      "responded to an adequate trial of sulfasalazine; and who are under the care of "
                                      "a rheumatologist."],
                            "tree": AND(OR("have predominantly axial disease with a BASDAI score of 4 or greater "
                                           "despite treatment with at least two NSAIDs at the maximum tolerated dose "
                                           "for a combined period of at least 4 weeks",
                                           "have peripheral arthritis that has not responded to an adequate trial of "
                                           "sulfasalazine"),
                                        "are under the care of a rheumatologist"),
                            "thresholds": [T("BASDAI", ">=", 4)],
                            "doses": [],
                        },
                        {
                            "label": "Renewal Criteria", "role": "continuation_criteria", "kind": "list",
                            "tree": OR("a reduction of at least 2 points in the BASDAI score compared with baseline",
                                       "a BASDAI score below 4 at the time of renewal",
                                       stem="Renewal will be approved where the treating physician documents either "
                                            "of the following:"),
                            "thresholds": [T("BASDAI reduction", ">=", 2, "points"), T("BASDAI", "<", 4)],
                            "doses": [],
                        },
                        {
                            "label": "Exclusion", "role": "exclusion_criteria", "kind": "prose",
                            "paras": ["Patients receiving concurrent treatment with another biologic agent or a JAK "
                                      "inhibitor."],
                            "tree": AND("Patients receiving concurrent treatment with another biologic agent or a "
                                        "JAK inhibitor"),
                            "thresholds": [], "doses": [],
                        },
                        {
                            "label": "Notes", "role": "notes", "kind": "prose",
                            "paras": ["The BASDAI must be recorded on two occasions at least 12 weeks apart before the "
                                      "initial request is submitted.",
                                      "Patients with non-radiographic axial spondyloarthritis are assessed against the "
                                      "same criteria."],
                            "thresholds": [], "doses": [],
                        },
                        {
                            "label": "Recommended Dosage", "role": "dose", "kind": "prose",
                            "paras": ["40 mg subcutaneously every other week."],
                            "thresholds": [], "doses": [D(40, "mg", "every other week")],
                        },
                        {
                            "label": "Approval Period", "role": "duration", "kind": "prose",
                            "paras": ["12 months for initial and renewal requests."],
                            "thresholds": [], "doses": [],
                        },
                    ],
                },
                {
                    "name": "Hidradenitis Suppurativa (HS)",
                    "fields": [
                        {
                            "label": "Initial Request", "role": "selection_criteria", "kind": "list",
                            "tree": AND(
                                "Hurley stage II or stage III disease, with lesions in at least two distinct "
                                "anatomic areas",
                                "a Dermatology Life Quality Index (DLQI) score greater than 10",
                                OR("an oral tetracycline (doxycycline or minocycline)",
                                   "combination clindamycin and rifampin",
                                   stem="an inadequate response to a minimum 90-day course of systemic antibiotic "
                                        "therapy with either:",
                                   conn="trail"),
                                stem="For adult patients 18 years of age or older with moderate to severe "
                                     "hidradenitis suppurativa who meet all of the following:"),
                            "thresholds": [T("age", ">=", 18, "years"), T("DLQI", ">", 10)],
                            "doses": [],
                        },
                        {
                            "label": "Exclusion Criteria", "role": "exclusion_criteria", "kind": "prose",
                            "paras": ["Adalimumab will not be funded for patients with mild (Hurley stage I) disease, "
                                      "or in combination with other biologic therapies for hidradenitis suppurativa."],
                            "tree": OR("for patients with mild (Hurley stage I) disease",
                                       "in combination with other biologic therapies for hidradenitis suppurativa"),
                            "thresholds": [], "doses": [],
                        },
                        {
                            "label": "Renewal Request", "role": "continuation_criteria", "kind": "prose",
                            "paras": ["Patients must have achieved a Hidradenitis Suppurativa Clinical Response "
                                      "(HiSCR) at week 12 and a reduction of at least 4 points in the DLQI compared "
                                      "with baseline."],
                            "tree": AND("have achieved a Hidradenitis Suppurativa Clinical Response (HiSCR) at week 12",
                                        "a reduction of at least 4 points in the DLQI compared with baseline"),
                            "thresholds": [T("DLQI reduction", ">=", 4, "points")],
                            "doses": [],
                        },
                        {
                            "label": "Recommended Dose", "role": "dose", "kind": "prose",
                            "paras": ["160 mg at week 0, 80 mg at week 2, then 40 mg every week or 80 mg every other "
                                      "week starting at week 4."],
                            "thresholds": [],
                            "doses": [D(160, "mg", "at week 0"), D(80, "mg", "at week 2"),
                                      D(40, "mg", "every week"), D(80, "mg", "every other week")],
                        },
                        {
                            "label": "Approval Duration", "role": "duration", "kind": "prose",
                            "paras": ["Initial: 16 weeks. Renewal: 12 months."],
                            "thresholds": [], "doses": [],
                        },
                        {
                            "label": "Notes", "role": "notes", "kind": "prose",
                            "paras": ["Treatment should be discontinued in patients who have not achieved a response "
                                      "by week 12."],
                            "thresholds": [], "doses": [],
                        },
                    ],
                },
            ],
        },
        {
            "name": "IMMUNE GLOBULIN",
            "intro": "Includes intravenous (IVIG) and subcutaneous (SCIG) immune globulin products.",
            "conditions": [
                {
                    "name": "Primary Immunodeficiency (PID)",
                    "fields": [
                        {
                            "label": "Initial Request", "role": "selection_criteria", "kind": "list",
                            "tree": OR(
                                "agammaglobulinemia or severe hypogammaglobulinemia with a serum IgG level below 2 g/L",
                                AND("a serum IgG level between 2 and 4 g/L",
                                    "two or more serious bacterial infections requiring hospitalization or "
                                    "intravenous antibiotics in the past 12 months",
                                    "an impaired specific antibody response to pneumococcal polysaccharide vaccine",
                                    stem="all of the following:", conn="semi"),
                                "a combined immunodeficiency or a defined syndrome with an associated antibody "
                                "defect (e.g. Wiskott-Aldrich syndrome)",
                                stem="Immune globulin (IVIG or SCIG) will be considered for patients with a primary "
                                     "immunodeficiency confirmed by a clinical immunologist who meet one of the "
                                     "following:"),
                            "thresholds": [T("IgG", "<", 2, "g/L"), T("IgG", "range", 2, "g/L", value_max=4)],
                            "doses": [],
                        },
                        {
                            "label": "Renewal Request", "role": "continuation_criteria", "kind": "prose",
                            "paras": ["Renewal requires documentation of the current trough IgG level and a reduction "
                                      "in the frequency of serious infections compared with the pre-treatment period."],
                            "tree": AND("documentation of the current trough IgG level",
                                        "a reduction in the frequency of serious infections compared with the "
                                        "pre-treatment period"),
                            "thresholds": [], "doses": [],
                        },
                        {
                            "label": "Recommended Dose", "role": "dose", "kind": "prose",
                            "paras": ["IVIG: 0.4 to 0.6 g/kg every 4 weeks, adjusted to maintain a trough IgG level "
                                      "above 6 g/L, to a maximum of 0.8 g/kg every 4 weeks.",
                                      "SCIG: 0.1 to 0.15 g/kg every week."],
                            "thresholds": [T("trough IgG", ">", 6, "g/L")],
                            "doses": [D(0.4, "g/kg", "every 4 weeks", "0.8 g/kg every 4 weeks", amount_max=0.6),
                                      D(0.1, "g/kg", "every week", None, amount_max=0.15)],
                        },
                        {
                            "label": "Approval Duration", "role": "duration", "kind": "prose",
                            "paras": ["12 months."],
                            "thresholds": [], "doses": [],
                        },
                    ],
                },
                {
                    "name": "Immune Thrombocytopenia (ITP)",
                    "fields": [
                        {
                            "label": "Initial Request", "role": "selection_criteria", "kind": "list",
                            "tree": OR(
                                "a platelet count below 30 \u00d7 10\u2079/L with clinically significant bleeding",
                                "a platelet count below 20 \u00d7 10\u2079/L before a surgical or invasive procedure "
                                "when a rapid rise in platelet count is required",
                                AND("the platelet count is below 30 \u00d7 10\u2079/L in the third trimester or "
                                    "before delivery",
                                    "corticosteroids are ineffective, contraindicated or not tolerated",
                                    stem="pregnancy, when both of the following apply:", conn="trail"),
                                stem="IVIG will be funded for adults with ITP in any of the following circumstances:"),
                            "thresholds": [T("platelet count", "<", 30, "x10^9/L"),
                                           T("platelet count", "<", 20, "x10^9/L"),
                                           T("platelet count", "<", 30, "x10^9/L")],
                            "doses": [],
                        },
                        {
                            "label": "Exclusion", "role": "exclusion_criteria", "kind": "prose",
                            "paras": ["IVIG is not funded for patients with a platelet count of 50 \u00d7 10\u2079/L or "
                                      "higher in the absence of bleeding, or for maintenance therapy in chronic ITP."],
                            "tree": OR("patients with a platelet count of 50 \u00d7 10\u2079/L or higher in the absence "
                                       "of bleeding",
                                       "maintenance therapy in chronic ITP"),
                            "thresholds": [T("platelet count", ">=", 50, "x10^9/L")],
                            "doses": [],
                        },
                        {
                            "label": "Renewal Request", "role": "continuation_criteria", "kind": "prose",
                            "paras": ["Not applicable. Each new bleeding episode or procedure requires a new request."],
                            "tree": AND(),
                            "thresholds": [], "doses": [],
                        },
                        {
                            "label": "Recommended Dose", "role": "dose", "kind": "prose",
                            "paras": ["1 g/kg daily for 1 to 2 days (maximum 2 g/kg per episode); alternatively, "
                                      "0.4 g/kg daily for 5 days."],
                            "thresholds": [],
                            "doses": [D(1, "g/kg", "daily for 1 to 2 days", "2 g/kg per episode"),
                                      D(0.4, "g/kg", "daily for 5 days")],
                        },
                        {
                            "label": "Approval Duration", "role": "duration", "kind": "prose",
                            "paras": ["Single episode."],
                            "thresholds": [], "doses": [],
                        },
                        {
                            "label": "Notes", "role": "notes", "kind": "prose",
                            "paras": ["Dosing should be based on adjusted body weight for patients with a body mass "
                                      "index (BMI) of 30 kg/m\u00b2 or greater.",
                                      "Anti-D immune globulin is not covered under these criteria."],
                            "thresholds": [T("BMI", ">=", 30, "kg/m2")],
                            "doses": [],
                        },
                    ],
                },
            ],
        },
    ],
}


def eap_flat(node):
    """Tokens of a node rendered at one list level: unstemmed child nodes are
    spliced into the parent's list with their own connectives."""
    toks = []
    n = len(node.items)
    for k, it in enumerate(node.items):
        if k > 0:
            toks.append(("conn", node.op, node.conn, k == n - 1))
        if isinstance(it, Node) and it.stem is None:
            toks.extend(eap_flat(it))
        else:
            toks.append(("item", it))
    return toks


def eap_list_lines(node, level):
    seq = []
    for t in eap_flat(node):
        if t[0] == "item":
            seq.append({"x": t[1], "punct": ""})
            continue
        _, op, style, last = t
        if style == "line":
            seq.append({"conn": op})
        elif style in ("trail", "semi"):
            assert not isinstance(seq[-1]["x"], Node), "trailing connective after a sub-list"
            if style == "trail" or last:
                seq[-1]["punct"] = "; " + op.lower()
            else:
                seq[-1]["punct"] = ";"
    lines = []
    count = 0
    for e in seq:
        if "conn" in e:
            lines.append({"kind": "conn", "level": level, "text": e["conn"]})
            continue
        count += 1
        mk = marker(level, count)
        x = e["x"]
        if isinstance(x, Node):
            lines.append({"kind": "item", "level": level, "marker": mk, "text": x.stem + e["punct"]})
            lines.extend(eap_list_lines(x, level + 1))
        else:
            lines.append({"kind": "item", "level": level, "marker": mk, "text": x + e["punct"]})
    return lines


def eap_field_lines(f):
    """Printed lines of a field: first is the run-in paragraph (label + text)."""
    if f["kind"] == "list":
        tree = f["tree"]
        lines = [{"kind": "runin", "label": f["label"], "text": tree.stem or ""}]
        lines.extend(eap_list_lines(tree, 0))
    else:
        lines = [{"kind": "runin", "label": f["label"], "text": f["paras"][0]}]
        lines.extend({"kind": "para", "text": p} for p in f["paras"][1:])
    return lines


def eap_field_text(f):
    return "\n".join(l["text"] for l in eap_field_lines(f) if l["text"])


EAP_CSS = """
@page { size: Letter; margin: 2.0cm 2.2cm 2.2cm 2.2cm; }
body { font-family: Arial, 'Liberation Sans', Helvetica, sans-serif; font-size: 10pt; line-height: 1.32; color: #000; }
.ministry { font-size: 9pt; border-bottom: 1.5px solid #000; padding-bottom: 3pt; margin-bottom: 10pt; }
h1 { font-size: 15pt; margin: 4pt 0 4pt 0; }
.updated { font-size: 9pt; font-style: italic; margin-bottom: 12pt; }
h2.general { font-size: 12pt; margin: 12pt 0 4pt 0; }
h2.drug { font-size: 13pt; letter-spacing: 0.5pt; background: #d9dde8; border-top: 2px solid #000;
          padding: 3pt 6pt; margin: 18pt 0 6pt 0; page-break-after: avoid; }
.products { font-size: 9pt; font-style: italic; margin: 0 0 8pt 0; }
h3.cond { font-size: 11pt; text-decoration: underline; margin: 14pt 0 5pt 0; page-break-after: avoid; }
p { margin: 4pt 0; }
p.runin { margin: 7pt 0 3pt 0; }
p.para { margin: 3pt 0 3pt 0; }
div.li { margin: 2pt 0; padding-left: 2.6em; text-indent: -2.6em; }
div.li.l0 { margin-left: 1.2em; }
div.li.l1 { margin-left: 3.8em; }
div.li span.mk { display: inline-block; width: 2.6em; text-indent: 0; }
div.conn { font-weight: bold; margin: 3pt 0; }
div.conn.l0 { margin-left: 1.2em; }
div.conn.l1 { margin-left: 3.8em; }
"""


def eap_html(doc):
    e = html.escape
    out = ["<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
           "<title>%s</title><style>%s</style></head><body>" % (e(doc["title"]), EAP_CSS)]
    out.append("<div class='ministry'>%s</div>" % e(doc["ministry"]))
    out.append("<h1>%s</h1>" % e(doc["title"]))
    out.append("<div class='updated'>%s</div>" % e(doc["updated"]))
    out.append("<h2 class='general'>%s</h2>" % e(doc["general_title"]))
    for p in doc["general"]:
        out.append("<p>%s</p>" % e(p))
    for drug in doc["drugs"]:
        out.append("<h2 class='drug'>%s</h2>" % e(drug["name"]))
        out.append("<p class='products'>%s</p>" % e(drug["intro"]))
        for cond in drug["conditions"]:
            out.append("<h3 class='cond'>%s</h3>" % e(cond["name"]))
            for f in cond["fields"]:
                for l in eap_field_lines(f):
                    if l["kind"] == "runin":
                        out.append("<p class='runin'><b>%s:</b> %s</p>" % (e(l["label"]), e(l["text"])))
                    elif l["kind"] == "para":
                        out.append("<p class='para'>%s</p>" % e(l["text"]))
                    elif l["kind"] == "item":
                        out.append("<div class='li l%d'><span class='mk'>%s</span>%s</div>"
                                   % (l["level"], e(l["marker"]), e(l["text"])))
                    elif l["kind"] == "conn":
                        out.append("<div class='conn l%d'>%s</div>" % (l["level"], e(l["text"])))
    out.append("</body></html>")
    return "\n".join(out)


def docx_fix_style(style, size=None, bold=None, color=RGBColor(0, 0, 0), font="Arial"):
    style.font.name = font
    if size:
        style.font.size = Pt(size)
    if bold is not None:
        style.font.bold = bold
    style.font.color.rgb = color
    rpr = style.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.append(rfonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        if rfonts.get(qn(attr)) is not None:
            del rfonts.attrib[qn(attr)]
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(attr), font)


def add_page_number_field(paragraph, prefix="Page "):
    paragraph.add_run(prefix)
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), "PAGE")
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "1"
    r.append(t)
    fld.append(r)
    paragraph._p.append(fld)


def eap_docx(doc, path):
    d = Document()
    sec = d.sections[0]
    sec.page_width, sec.page_height = Cm(21.59), Cm(27.94)
    sec.left_margin = sec.right_margin = Cm(2.2)
    sec.top_margin, sec.bottom_margin = Cm(2.0), Cm(2.0)
    normal = d.styles["Normal"]
    docx_fix_style(normal, size=10)
    normal.paragraph_format.space_after = Pt(3)
    normal.paragraph_format.space_before = Pt(0)
    docx_fix_style(d.styles["Heading 1"], size=13, bold=True)
    docx_fix_style(d.styles["Heading 2"], size=11, bold=True)
    d.styles["Heading 1"].paragraph_format.space_before = Pt(16)
    d.styles["Heading 2"].paragraph_format.space_before = Pt(12)
    d.styles["Heading 2"].font.underline = True

    fp = sec.footer.paragraphs[0]
    fp.text = ""
    fp.add_run("EAP Reimbursement Criteria \u2013 March 2024\t\t")
    add_page_number_field(fp)

    p = d.add_paragraph(doc["ministry"])
    p.runs[0].font.size = Pt(9)
    p = d.add_paragraph()
    r = p.add_run(doc["title"])
    r.bold = True
    r.font.size = Pt(15)
    p = d.add_paragraph()
    r = p.add_run(doc["updated"])
    r.italic = True
    r.font.size = Pt(9)
    d.add_heading(doc["general_title"], level=1)
    for t in doc["general"]:
        d.add_paragraph(t)
    for drug in doc["drugs"]:
        d.add_heading(drug["name"], level=1)
        p = d.add_paragraph()
        r = p.add_run(drug["intro"])
        r.italic = True
        r.font.size = Pt(9)
        for cond in drug["conditions"]:
            d.add_heading(cond["name"], level=2)
            for f in cond["fields"]:
                for l in eap_field_lines(f):
                    if l["kind"] == "runin":
                        p = d.add_paragraph()
                        p.paragraph_format.space_before = Pt(6)
                        p.add_run(l["label"] + ":").bold = True
                        if l["text"]:
                            p.add_run(" " + l["text"])
                    elif l["kind"] == "para":
                        d.add_paragraph(l["text"])
                    elif l["kind"] == "item":
                        base = 0.6 + 1.5 * l["level"]
                        p = d.add_paragraph()
                        pf = p.paragraph_format
                        pf.left_indent = Cm(base + 1.0)
                        pf.first_line_indent = Cm(-1.0)
                        pf.tab_stops.add_tab_stop(Cm(base + 1.0))
                        p.add_run(l["marker"] + "\t" + l["text"])
                    elif l["kind"] == "conn":
                        p = d.add_paragraph()
                        p.paragraph_format.left_indent = Cm(0.6 + 1.5 * l["level"])
                        p.add_run(l["text"]).bold = True
    d.save(path)


def eap_gold(doc):
    sections = [{"number": None, "title": doc["general_title"], "level": 1, "page": None}]
    indications = []
    for drug in doc["drugs"]:
        sections.append({"number": None, "title": drug["name"], "level": 1, "page": None})
        for cond in drug["conditions"]:
            sections.append({"number": None, "title": cond["name"], "level": 2, "page": None})
            fields = []
            for f in cond["fields"]:
                g = {"label": f["label"], "role": f["role"], "text": eap_field_text(f)}
                if f["role"] in CRITERIA_ROLES:
                    g["criteria"] = f["tree"].to_json()
                g["thresholds"] = f["thresholds"]
                g["doses"] = f["doses"]
                fields.append(g)
            indications.append({"name": cond["name"], "fields": fields})
    printed = [s["title"] for s in sections]
    return doc["title"], sections, printed, indications


# ---------------------------------------------------------------------------
# Document 2: NHS trust Medicines Management Committee protocol
# ---------------------------------------------------------------------------

MMC = {
    "docname": "trust_mmc_protocol",
    "trust": "Harwood Valley Hospitals NHS Foundation Trust",
    "title": "Protocol for the Use of High-Cost Biologic and Immunoglobulin Therapies",
    "subtitle": "Medicines Management Committee",
    "style": "NHS trust Medicines Management Committee protocol: title page, version table, lettered "
             "sections, un-numbered bold indication headings with Stage/Criteria/Evidence required tables "
             "(Start/Continue/Stop rows, numbered criteria under a lead sentence) and Dosing paragraphs",
    "docinfo": [
        ("Document type", "Clinical protocol"),
        ("Reference", "MMC-P117"),
        ("Version", "3.0"),
        ("Approved by", "Medicines Management Committee"),
        ("Date approved", "14 February 2024"),
        ("Review date", "February 2026"),
        ("Author", "Lead Pharmacist, High-Cost Drugs and Homecare"),
    ],
    "version_title": "Version history",
    "versions": [
        ("Version", "Date", "Author", "Summary of changes"),
        ("1.0", "March 2019", "High-Cost Drugs Pharmacist", "New protocol"),
        ("2.0", "June 2021", "High-Cost Drugs Pharmacist", "Chronic spontaneous urticaria added; stop criteria revised"),
        ("3.0", "February 2024", "Lead Pharmacist, High-Cost Drugs",
         "Cytokine release syndrome added; evidence column added to all tables"),
    ],
    "section_a": {
        "number": "A", "title": "Background",
        "subs": [
            ("A.1", "Purpose and scope", [
                "This protocol sets out the criteria agreed by the Medicines Management Committee (MMC) for starting, "
                "continuing and stopping selected high-cost biologic and immunoglobulin therapies that are excluded "
                "from the national tariff. It applies to adult and paediatric inpatients and outpatients treated by "
                "Trust clinicians, including patients receiving treatment through a homecare provider.",
                "The protocol does not replace national commissioning policies. Where a national policy is more "
                "restrictive, the national policy applies.",
            ]),
            ("A.2", "Approval and funding process", [
                "Each new patient must be registered on the high-cost drugs database and approved by a consultant "
                "and a specialist pharmacist before the first dose is dispensed. The evidence listed for each stage "
                "must be uploaded at registration and at each review.",
                "Requests outside the criteria in Section B must be submitted to the MMC chair as an individual "
                "exceptional use request, with supporting evidence.",
            ]),
        ],
    },
    "section_b": {
        "number": "B", "title": "Criteria by indication",
        "intro": "Criteria for each indication are set out below. The Start, Continue and Stop criteria must each "
                 "be documented, together with the evidence required, before treatment is supplied.",
    },
    "section_c": {
        "number": "C", "title": "Audit and review",
        "paras": [
            "Pharmacy will audit adherence to this protocol annually and report the results to the MMC. Patients "
            "treated outside the criteria will be reviewed by the clinical lead for the specialty.",
            "This protocol will be reviewed every two years, or sooner if national guidance changes.",
        ],
    },
    "indications": [
        {
            "name": "Severe eosinophilic asthma (mepolizumab)",
            "rows": [
                {
                    "stage": "Start", "role": "selection_criteria",
                    "tree": AND(
                        "Aged 18 years or older with severe asthma confirmed by the Trust specialist asthma service",
                        "Blood eosinophil count of 300 cells/\u00b5L or more recorded in the previous 12 months",
                        "Pre-bronchodilator FEV1 below 80% predicted despite high-dose inhaled corticosteroid and a "
                        "second controller",
                        OR("Four or more exacerbations needing systemic corticosteroids in the previous 12 months",
                           "Continuous maintenance oral corticosteroids for at least the previous 6 months"),
                        stem="The patient must meet criteria 1, 2 and 3 and either 4 or 5:"),
                    "thresholds": [T("age", ">=", 18, "years"), T("eosinophil count", ">=", 300, "cells/\u00b5L"),
                                   T("FEV1 % predicted", "<", 80, "%")],
                    "evidence": ["Specialist asthma clinic letter", "Full blood count with eosinophil result",
                                 "Spirometry report", "Exacerbation and oral steroid history"],
                },
                {
                    "stage": "Continue", "role": "continuation_criteria",
                    "tree": ATLEAST(
                        2,
                        "Fewer exacerbations needing systemic corticosteroids than in the 12 months before treatment",
                        "Reduction in the maintenance oral corticosteroid dose",
                        "Asthma Control Questionnaire (ACQ-5) score improved by 0.5 points or more from baseline",
                        stem="At least 2 of the following at the 12-month review:"),
                    "thresholds": [T("ACQ-5 improvement", ">=", 0.5, "points")],
                    "evidence": ["Exacerbation record", "ACQ-5 scores at baseline and at 12 months"],
                },
                {
                    "stage": "Stop", "role": "continuation_criteria",
                    "tree": OR("The continuation criteria are not met at the annual review",
                               "The patient does not attend two consecutive review appointments",
                               "Serious hypersensitivity reaction to mepolizumab",
                               stem="Treatment should stop if any of the following apply:"),
                    "thresholds": [],
                    "evidence": ["Clinic letter documenting the reason for stopping"],
                },
            ],
            "dosing": {
                "paras": ["Mepolizumab 100 mg by subcutaneous injection every 4 weeks.",
                          "The first three doses are given in the day unit; home administration may then be offered "
                          "through the homecare provider."],
                "thresholds": [], "doses": [D(100, "mg", "every 4 weeks")],
            },
        },
        {
            "name": "Primary antibody deficiency (immunoglobulin replacement)",
            "rows": [
                {
                    "stage": "Start", "role": "selection_criteria",
                    "tree": AND("Diagnosis made by a consultant clinical immunologist",
                                "Serum IgG less than 4 g/L on two occasions at least 4 weeks apart, with secondary "
                                "causes excluded",
                                "Impaired specific antibody response to pneumococcal polysaccharide vaccination",
                                stem="All of the following:"),
                    "thresholds": [T("IgG", "<", 4, "g/L")],
                    "evidence": ["Immunology clinic letter", "Dated IgG results", "Vaccine response results"],
                },
                {
                    "stage": "Continue", "role": "continuation_criteria",
                    "tree": AND("Trough IgG maintained at 7 g/L or above",
                                "Annual immunology review with a documented infection diary",
                                stem="Both of the following:"),
                    "thresholds": [T("trough IgG", ">=", 7, "g/L")],
                    "evidence": ["Trough IgG results", "Annual review letter"],
                },
                {
                    "stage": "Stop", "role": "continuation_criteria",
                    "tree": OR("The patient declines replacement therapy after counselling",
                               "A secondary cause is identified and corrected, with IgG recovery confirmed off "
                               "treatment",
                               stem="Stop, or refer back to immunology, if either of the following applies:"),
                    "thresholds": [],
                    "evidence": ["Immunology letter"],
                },
            ],
            "dosing": {
                "paras": ["Intravenous: 0.4 g/kg every 4 weeks, adjusted to clinical response and trough IgG "
                          "(maximum 0.8 g/kg every 4 weeks).",
                          "Subcutaneous: 0.1 g/kg every week.",
                          "Dose on adjusted body weight in obese patients."],
                "thresholds": [],
                "doses": [D(0.4, "g/kg", "every 4 weeks", "0.8 g/kg every 4 weeks"), D(0.1, "g/kg", "every week")],
            },
        },
        {
            "name": "Chronic spontaneous urticaria (omalizumab)",
            "rows": [
                {
                    "stage": "Start", "role": "selection_criteria",
                    "tree": AND("Aged 12 years or older",
                                "Weekly urticaria activity score (UAS7) of 28 or more despite up to four times the "
                                "standard dose of a second generation H1 antihistamine for at least 6 weeks",
                                OR("Angioedema occurring at least once a week",
                                   "Dermatology Life Quality Index (DLQI) greater than 10",
                                   "Failure of, or intolerance to, montelukast"),
                                stem="The patient must meet criteria 1 and 2 and at least one of criteria 3 to 5:"),
                    "thresholds": [T("age", ">=", 12, "years"), T("UAS7", ">=", 28), T("DLQI", ">", 10)],
                    "evidence": ["UAS7 diary covering 2 consecutive weeks", "Antihistamine treatment history",
                                 "DLQI score"],
                },
                {
                    "stage": "Continue", "role": "continuation_criteria",
                    "tree": AND("UAS7 of 6 or less at the week 24 review",
                                "Planned trial off treatment after 12 months of good disease control",
                                stem="All of the following:"),
                    "thresholds": [T("UAS7", "<=", 6)],
                    "evidence": ["UAS7 diary at week 24"],
                },
                {
                    "stage": "Stop", "role": "continuation_criteria",
                    "tree": OR("No meaningful improvement in UAS7 by week 24",
                               "Symptoms remain controlled during the trial off treatment",
                               stem="Any of the following:"),
                    "thresholds": [],
                    "evidence": ["Dermatology or immunology clinic letter"],
                },
            ],
            "dosing": {
                "paras": ["Omalizumab 300 mg by subcutaneous injection every 4 weeks (maximum 300 mg every 4 weeks; "
                          "the dosing interval must not be shortened)."],
                "thresholds": [], "doses": [D(300, "mg", "every 4 weeks", "300 mg every 4 weeks")],
            },
        },
        {
            "name": "Giant cell arteritis (tocilizumab)",
            "rows": [
                {
                    "stage": "Start", "role": "selection_criteria",
                    "tree": AND("Diagnosis of giant cell arteritis confirmed on temporal artery ultrasound or biopsy",
                                "Aged 50 years or older at diagnosis",
                                "Disease relapse during a prednisolone taper",
                                OR("CRP above 10 mg/L at the time of relapse",
                                   "ESR above 40 mm/hour at the time of relapse"),
                                stem="Criteria 1 to 3 must all be met, together with criterion 4 or criterion 5:"),
                    "thresholds": [T("age", ">=", 50, "years"), T("CRP", ">", 10, "mg/L"),
                                   T("ESR", ">", 40, "mm/h")],
                    "evidence": ["Ultrasound or histology report", "CRP and ESR results at relapse",
                                 "Rheumatology clinic letter"],
                },
                {
                    "stage": "Continue", "role": "continuation_criteria",
                    "tree": AND("Sustained remission with prednisolone tapering as planned",
                                "CRP below 5 mg/L at the 6-month review",
                                stem="Both of the following:"),
                    "thresholds": [T("CRP", "<", 5, "mg/L")],
                    "evidence": ["Review letter with CRP result"],
                },
                {
                    "stage": "Stop", "role": "continuation_criteria",
                    "tree": OR("52 weeks of treatment have been completed",
                               "Neutrophil count below 1.0 \u00d7 10\u2079/L",
                               "ALT above 5 times the upper limit of normal",
                               stem="Stop treatment if any of the following occur:"),
                    "thresholds": [T("neutrophil count", "<", 1.0, "x10^9/L"), T("ALT", ">", 5, "x ULN")],
                    "evidence": ["Full blood count and liver function tests"],
                },
            ],
            "dosing": {
                "paras": ["Tocilizumab 162 mg by subcutaneous injection once weekly, with a tapering course of "
                          "prednisolone.",
                          "Where weekly dosing is not tolerated, 162 mg every other week may be used."],
                "thresholds": [],
                "doses": [D(162, "mg", "once weekly"), D(162, "mg", "every other week")],
            },
        },
        {
            "name": "Cytokine release syndrome after CAR-T cell therapy (tocilizumab)",
            "rows": [
                {
                    "stage": "Start", "role": "selection_criteria",
                    "tree": AND("Receiving CAR-T cell therapy under the Trust cellular therapy programme",
                                OR("Cytokine release syndrome of ASTCT grade 2 or above",
                                   "Grade 1 cytokine release syndrome with fever persisting despite antipyretics and "
                                   "supportive care"),
                                stem="The patient must meet criterion 1 and either criterion 2 or criterion 3:"),
                    "thresholds": [T("ASTCT CRS grade", ">=", 2)],
                    "evidence": ["CRS grading recorded in the electronic patient record"],
                },
                {
                    "stage": "Continue", "role": "continuation_criteria",
                    "tree": AND("No clinical improvement 8 hours after the previous dose",
                                "Fewer than 4 doses given in total",
                                stem="Further doses only if both of the following apply:"),
                    "thresholds": [],
                    "evidence": ["Prescription chart and CRS grading"],
                },
                {
                    "stage": "Stop", "role": "continuation_criteria",
                    "tree": OR("CRS has improved to grade 1 or below",
                               "4 doses have been given in total",
                               "Escalation to alternative agents is required on haematology advice",
                               stem="Any of the following:"),
                    "thresholds": [T("ASTCT CRS grade", "<=", 1)],
                    "evidence": ["Haematology consultant decision documented in the notes"],
                },
            ],
            "dosing": {
                "paras": ["Patients weighing 30 kg or more: 8 mg/kg by intravenous infusion over 1 hour "
                          "(maximum 800 mg per dose).",
                          "Patients weighing less than 30 kg: 12 mg/kg by intravenous infusion over 1 hour.",
                          "Doses may be repeated every 8 hours if required, up to 3 doses in 24 hours."],
                "thresholds": [T("weight", ">=", 30, "kg"), T("weight", "<", 30, "kg")],
                "doses": [D(8, "mg/kg", "every 8 hours", "800 mg per dose"), D(12, "mg/kg", "every 8 hours")],
            },
        },
    ],
}


def mmc_numbered(tree):
    """Leaves of a Start/Continue/Stop tree in print order (nested nodes are
    unstemmed and spliced in; the lead sentence describes the grouping)."""
    out = []
    for it in tree.items:
        if isinstance(it, Node):
            assert it.stem is None
            out.extend(mmc_numbered(it))
        else:
            out.append(it)
    return out


def mmc_row_text(row):
    return "\n".join([row["tree"].stem] + mmc_numbered(row["tree"]))


def shade(cell, fill):
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcpr.append(shd)


def repeat_header(row):
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def cell_write(cell, paras, bold=False, size=None):
    cell.paragraphs[0].text = ""
    first = True
    for t in paras:
        p = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        r = p.add_run(t)
        r.bold = bold
        if size:
            r.font.size = Pt(size)
        p.paragraph_format.space_after = Pt(2)
    return cell


def mmc_docx(doc, path):
    d = Document()
    sec = d.sections[0]
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    sec.left_margin = sec.right_margin = Cm(2.0)
    sec.top_margin, sec.bottom_margin = Cm(2.0), Cm(1.8)
    sec.different_first_page_header_footer = True
    normal = d.styles["Normal"]
    docx_fix_style(normal, size=10.5)
    normal.paragraph_format.space_after = Pt(4)
    docx_fix_style(d.styles["Heading 1"], size=13, bold=True, color=RGBColor(0x00, 0x30, 0x87))
    docx_fix_style(d.styles["Heading 2"], size=11.5, bold=True, color=RGBColor(0x00, 0x30, 0x87))
    d.styles["Heading 1"].paragraph_format.space_before = Pt(14)
    d.styles["Heading 2"].paragraph_format.space_before = Pt(10)

    hp = sec.header.paragraphs[0]
    hp.text = doc["trust"] + " \u2013 MMC-P117 v3.0"
    hp.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    hp.runs[0].font.size = Pt(8)
    fp = sec.footer.paragraphs[0]
    fp.text = ""
    fp.add_run("Uncontrolled when printed. ")
    add_page_number_field(fp)
    for r in fp.runs:
        r.font.size = Pt(8)

    # --- title page ---
    p = d.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    r = p.add_run(doc["trust"])
    r.bold = True
    r.font.size = Pt(12)
    r.font.color.rgb = RGBColor(0x00, 0x5E, 0xB8)
    for _ in range(5):
        d.add_paragraph()
    p = d.add_paragraph()
    r = p.add_run(doc["title"])
    r.bold = True
    r.font.size = Pt(22)
    p = d.add_paragraph()
    r = p.add_run(doc["subtitle"])
    r.font.size = Pt(14)
    d.add_paragraph()
    t = d.add_table(rows=len(doc["docinfo"]), cols=2)
    t.style = "Table Grid"
    t.autofit = False
    t.columns[0].width, t.columns[1].width = Cm(5), Cm(12)
    for i, (k, v) in enumerate(doc["docinfo"]):
        cell_write(t.rows[i].cells[0], [k], bold=True)
        cell_write(t.rows[i].cells[1], [v])
        shade(t.rows[i].cells[0], "E8EDF5")
        t.rows[i].cells[0].width = Cm(5)
        t.rows[i].cells[1].width = Cm(12)
    d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    # --- version history ---
    d.add_heading(doc["version_title"], level=1)
    vt = d.add_table(rows=len(doc["versions"]), cols=4)
    vt.style = "Table Grid"
    widths = [Cm(2.0), Cm(3.0), Cm(5.0), Cm(7.0)]
    vt.autofit = False
    for j, w in enumerate(widths):
        vt.columns[j].width = w
    for i, row in enumerate(doc["versions"]):
        for j, v in enumerate(row):
            c = vt.rows[i].cells[j]
            cell_write(c, [v], bold=(i == 0), size=9.5)
            c.width = widths[j]
            if i == 0:
                shade(c, "D9E2F3")

    # --- section A ---
    sa = doc["section_a"]
    d.add_heading("Section %s \u2013 %s" % (sa["number"], sa["title"]), level=1)
    for num, title, paras in sa["subs"]:
        d.add_heading("%s %s" % (num, title), level=2)
        for t_ in paras:
            d.add_paragraph(t_)

    # --- section B ---
    sb = doc["section_b"]
    d.add_heading("Section %s \u2013 %s" % (sb["number"], sb["title"]), level=1)
    d.add_paragraph(sb["intro"])
    for ind in doc["indications"]:
        p = d.add_paragraph()
        p.paragraph_format.space_before = Pt(12)
        p.paragraph_format.keep_with_next = True
        r = p.add_run(ind["name"])
        r.bold = True
        r.font.size = Pt(11.5)
        tb = d.add_table(rows=1 + len(ind["rows"]), cols=3)
        tb.style = "Table Grid"
        tb.alignment = WD_TABLE_ALIGNMENT.CENTER
        tb.autofit = False
        widths = [Cm(2.3), Cm(9.7), Cm(5.0)]
        for j, h in enumerate(["Stage", "Criteria", "Evidence required"]):
            c = tb.rows[0].cells[j]
            cell_write(c, [h], bold=True)
            shade(c, "D9E2F3")
        repeat_header(tb.rows[0])
        for i, row in enumerate(ind["rows"], start=1):
            cells = tb.rows[i].cells
            cell_write(cells[0], [row["stage"]], bold=True)
            # criteria cell: lead sentence then numbered items with hanging indent
            c = cells[1]
            c.paragraphs[0].text = ""
            lead = c.paragraphs[0]
            lead.add_run(row["tree"].stem).italic = True
            lead.paragraph_format.space_after = Pt(3)
            for k, leaf in enumerate(mmc_numbered(row["tree"]), start=1):
                p = c.add_paragraph()
                pf = p.paragraph_format
                pf.left_indent = Cm(0.75)
                pf.first_line_indent = Cm(-0.75)
                pf.tab_stops.add_tab_stop(Cm(0.75))
                pf.space_after = Pt(2)
                p.add_run("%d)\t%s" % (k, leaf))
            cell_write(cells[2], row["evidence"], size=9.5)
        for j, w in enumerate(widths):
            tb.columns[j].width = w
        for rw in tb.rows:
            for j, w in enumerate(widths):
                rw.cells[j].width = w
            if rw is not tb.rows[0]:
                trpr = rw._tr.get_or_add_trPr()
                cs = OxmlElement("w:cantSplit")
                cs.set(qn("w:val"), "true")
                trpr.append(cs)
        # dosing block
        p = d.add_paragraph()
        p.paragraph_format.space_before = Pt(6)
        p.paragraph_format.keep_with_next = True
        p.add_run("Dosing").bold = True
        for t_ in ind["dosing"]["paras"]:
            d.add_paragraph(t_)

    # --- section C ---
    sc = doc["section_c"]
    d.add_heading("Section %s \u2013 %s" % (sc["number"], sc["title"]), level=1)
    for t_ in sc["paras"]:
        d.add_paragraph(t_)
    d.save(path)


def mmc_gold(doc):
    sa, sb, sc = doc["section_a"], doc["section_b"], doc["section_c"]
    sections = [{"number": None, "title": doc["version_title"], "level": 1, "page": None}]
    printed = [doc["version_title"]]
    sections.append({"number": sa["number"], "title": sa["title"], "level": 1, "page": None})
    printed.append("Section %s \u2013 %s" % (sa["number"], sa["title"]))
    for num, title, _ in sa["subs"]:
        sections.append({"number": num, "title": title, "level": 2, "page": None})
        printed.append("%s %s" % (num, title))
    sections.append({"number": sb["number"], "title": sb["title"], "level": 1, "page": None})
    printed.append("Section %s \u2013 %s" % (sb["number"], sb["title"]))
    indications = []
    for ind in doc["indications"]:
        sections.append({"number": None, "title": ind["name"], "level": 2, "page": None})
        printed.append(ind["name"])
        fields = []
        for row in ind["rows"]:
            fields.append({"label": row["stage"], "role": row["role"], "text": mmc_row_text(row),
                           "criteria": row["tree"].to_json(), "thresholds": row["thresholds"], "doses": []})
            fields.append({"label": "Evidence required", "role": "evidence", "text": "\n".join(row["evidence"]),
                           "thresholds": [], "doses": []})
        ds = ind["dosing"]
        fields.append({"label": "Dosing", "role": "dose", "text": "\n".join(ds["paras"]),
                       "thresholds": ds["thresholds"], "doses": ds["doses"]})
        indications.append({"name": ind["name"], "fields": fields})
    sections.append({"number": sc["number"], "title": sc["title"], "level": 1, "page": None})
    printed.append("Section %s \u2013 %s" % (sc["number"], sc["title"]))
    return doc["title"], sections, printed, indications


# ---------------------------------------------------------------------------
# conversion, page finding, verification
# ---------------------------------------------------------------------------

def chromium_pdf(html_path, pdf_path):
    prof = tempfile.mkdtemp(prefix="chr_prof_")
    try:
        cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
               "--user-data-dir=" + prof, "--print-to-pdf=" + str(pdf_path), html_path.resolve().as_uri()]
        subprocess.run(cmd, check=True, timeout=180, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    finally:
        shutil.rmtree(prof, ignore_errors=True)
    if not Path(pdf_path).exists():
        raise RuntimeError("chromium produced no PDF")


def soffice_pdf(docx_path, out_dir):
    prof = tempfile.mkdtemp(prefix="lo_prof_")
    try:
        cmd = [SOFFICE, "-env:UserInstallation=" + Path(prof).as_uri(), "--headless",
               "--convert-to", "pdf", "--outdir", str(out_dir), str(docx_path)]
        subprocess.run(cmd, check=True, timeout=240, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    finally:
        shutil.rmtree(prof, ignore_errors=True)
    pdf = Path(out_dir) / (Path(docx_path).stem + ".pdf")
    if not pdf.exists():
        raise RuntimeError("LibreOffice produced no PDF")
    return pdf


def pdf_page_texts(path):
    pdf = pdfium.PdfDocument(str(path))
    texts = []
    for i in range(len(pdf)):
        page = pdf[i]
        tp = page.get_textpage()
        texts.append(tp.get_text_range())
        tp.close()
        page.close()
    pdf.close()
    return texts


def find_heading_pages(texts, printed_headings):
    """1-based page of each printed heading: first page (searching forward
    from the previous heading's page) with a text line equal to the heading;
    falling back to a substring match."""
    pages = []
    start = 0
    for h in printed_headings:
        hn = norm(h)
        found = None
        for i in range(start, len(texts)):
            if hn in [norm(l) for l in texts[i].splitlines()]:
                found = i
                break
        if found is None:
            for i in range(start, len(texts)):
                if hn in norm(texts[i]):
                    found = i
                    break
        if found is None:
            raise RuntimeError("heading not found in PDF: %r" % h)
        pages.append(found + 1)
        start = found
    return pages


def docx_text(path):
    d = Document(str(path))
    parts = []
    body = d.element.body
    from docx.table import Table
    from docx.text.paragraph import Paragraph
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            parts.append(Paragraph(child, d).text)
        elif child.tag == qn("w:tbl"):
            for row in Table(child, d).rows:
                for cell in row.cells:
                    parts.append(cell.text)
    return "\n".join(parts)


def check_tree(node, parent_op=None, is_root=True):
    """Sanity checks on a gold tree against the conventions."""
    problems = []
    if not is_root and node.stem is None and node.op == parent_op and not node.min:
        problems.append("unstemmed node with same op as parent: %r" % node.items[:1])
    if not is_root and len(node.items) == 1:
        problems.append("single-item group: %r" % node.items)
    for it in node.items:
        if isinstance(it, Node):
            problems.extend(check_tree(it, node.op, False))
        elif re.search(r"(;|,|\band|\bor|\bAND|\bOR)\s*$", it):
            problems.append("leaf ends with connective/punctuation: %r" % it)
    return problems


def verify(label, gold, printed, text):
    nt = norm(text)
    missing = []
    for h in printed:
        if norm(h) not in nt:
            missing.append(("heading", h))
    for s in gold["sections"]:
        if norm(s["title"]) not in nt:
            missing.append(("section title", s["title"]))
    if gold["title"] and norm(gold["title"]) not in nt:
        missing.append(("title", gold["title"]))
    for ind in gold["indications"]:
        if norm(ind["name"]) not in nt:
            missing.append(("indication", ind["name"]))
        for f in ind["fields"]:
            if f["label"] and norm(f["label"]) not in nt:
                missing.append(("label", f["label"]))
            for line in f["text"].split("\n"):
                if norm(line) not in nt:
                    missing.append(("text line", line))
            if "criteria" in f:
                for leaf in _json_leaves(f["criteria"]):
                    if norm(leaf) not in nt:
                        missing.append(("leaf", leaf))
                    if norm(leaf) not in norm(f["text"]):
                        missing.append(("leaf not in field text", leaf))
                for st in _json_stems(f["criteria"]):
                    if norm(st) not in nt:
                        missing.append(("stem", st))
    if missing:
        print("VERIFY FAILED for %s:" % label)
        for kind, s in missing:
            print("   missing %s: %r" % (kind, s))
        return False
    print("verified %s: all headings, labels, text lines, stems and leaves found" % label)
    return True


def _json_leaves(n):
    out = []
    for it in n["items"]:
        out.extend(_json_leaves(it) if isinstance(it, dict) else [it])
    return out


def _json_stems(n):
    out = [n["stem"]] if n["stem"] else []
    for it in n["items"]:
        if isinstance(it, dict):
            out.extend(_json_stems(it))
    return out


def write_gold(docname, ext, producer, style, title, sections, indications, pages=None):
    secs = []
    for i, s in enumerate(sections):
        s2 = dict(s)
        s2["page"] = pages[i] if pages else None
        secs.append(s2)
    gold = {
        "source": "corpora/policies/%s/%s.%s" % (SET_NAME, docname, ext),
        "producer": producer,
        "style": style,
        "title": title,
        "sections": secs,
        "indications": indications,
    }
    out = GOLD_DIR / ("%s_%s.json" % (docname, ext))
    out.write_text(json.dumps(gold, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return gold


def build_all_trees(doc_trees):
    problems = []
    for name, tree in doc_trees:
        for p in check_tree(tree):
            problems.append("%s: %s" % (name, p))
    return problems


def main():
    DOC_DIR.mkdir(parents=True, exist_ok=True)
    GOLD_DIR.mkdir(parents=True, exist_ok=True)
    ok = True

    # sanity-check all trees first
    trees = []
    for drug in EAP["drugs"]:
        for cond in drug["conditions"]:
            for f in cond["fields"]:
                if f["role"] in CRITERIA_ROLES:
                    trees.append((cond["name"] + "/" + f["label"], f["tree"]))
    for ind in MMC["indications"]:
        for row in ind["rows"]:
            trees.append((ind["name"] + "/" + row["stage"], row["tree"]))
    problems = build_all_trees(trees)
    if problems:
        print("TREE PROBLEMS:")
        for p in problems:
            print("  ", p)
        ok = False

    # ---------------- document 1: EAP ----------------
    name = EAP["docname"]
    title, sections, printed, indications = eap_gold(EAP)
    html_path = DOC_DIR / (name + ".html")
    pdf_path = DOC_DIR / (name + ".pdf")
    docx_path = DOC_DIR / (name + ".docx")
    html_path.write_text(eap_html(EAP), encoding="utf-8")
    chromium_pdf(html_path, pdf_path)
    html_path.unlink()
    eap_docx(EAP, docx_path)
    texts = pdf_page_texts(pdf_path)
    pages = find_heading_pages(texts, printed)
    g_pdf = write_gold(name, "pdf", "chromium", EAP["style"], title, sections, indications, pages)
    g_docx = write_gold(name, "docx", "python-docx", EAP["style"], title, sections, indications, None)
    print("%s.pdf: %d pages; section pages %s" % (name, len(texts), pages))
    ok &= verify(name + ".pdf", g_pdf, printed, "\n".join(texts))
    ok &= verify(name + ".docx", g_docx, printed, docx_text(docx_path))
    if not 3 <= len(texts) <= 6:
        print("WARNING: %s.pdf has %d pages (wanted 3-6)" % (name, len(texts)))
        ok = False

    # ---------------- document 2: NHS trust MMC protocol ----------------
    name = MMC["docname"]
    title, sections, printed, indications = mmc_gold(MMC)
    docx_path = DOC_DIR / (name + ".docx")
    mmc_docx(MMC, docx_path)
    tmp = Path(tempfile.mkdtemp(prefix="mmc_pdf_"))
    try:
        pdf_tmp = soffice_pdf(docx_path, tmp)
        pdf_path = DOC_DIR / (name + ".pdf")
        shutil.move(str(pdf_tmp), str(pdf_path))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    texts = pdf_page_texts(pdf_path)
    pages = find_heading_pages(texts, printed)
    g_pdf = write_gold(name, "pdf", "libreoffice", MMC["style"], title, sections, indications, pages)
    g_docx = write_gold(name, "docx", "python-docx", MMC["style"], title, sections, indications, None)
    print("%s.pdf: %d pages; section pages %s" % (name, len(texts), pages))
    ok &= verify(name + ".pdf", g_pdf, printed, "\n".join(texts))
    ok &= verify(name + ".docx", g_docx, printed, docx_text(docx_path))
    if not 3 <= len(texts) <= 6:
        print("WARNING: %s.pdf has %d pages (wanted 3-6)" % (name, len(texts)))
        ok = False

    n_thr = {}
    for nm, doc_ind in (("ca_eap_criteria", eap_gold(EAP)[3]), ("trust_mmc_protocol", mmc_gold(MMC)[3])):
        n_thr[nm] = sum(len(f["thresholds"]) for i in doc_ind for f in i["fields"])
    print("thresholds per document:", n_thr)
    print("OK" if ok else "PROBLEMS FOUND")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
