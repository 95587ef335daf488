"""Generate holdout policy documents (set A) and their gold JSON from one Python source.

Two invented documents (realistic for their house style; not clinical guidance):

1. ``nz_special_authority`` -- imitates the New Zealand PHARMAC Pharmaceutical Schedule
   "Special Authority" criteria. Therapeutic-group headings, medicine headings in capitals and,
   per medicine, an "Initial application -- (condition)" block and a "Renewal -- (condition)"
   block ("Applications only from ... Approvals valid for N months for applications meeting the
   following criteria:"), followed by "All of the following:" / "Either:" / "Any of the
   following:" / "Both:" stems and typed hierarchical numbers ("1", "2", "2.1", "2.3.1") with
   "; and" / "; or" at item ends or bare "or" lines between items, plus "Note:" paragraphs.
   5 indications. Built as DOCX with python-docx (typed numbers with hanging indents, PAGE
   field in the footer) and converted to PDF by LibreOffice.
   Outputs: nz_special_authority.docx (python-docx) and nz_special_authority.pdf (libreoffice).

2. ``uk_trust_biologics`` -- imitates a UK NHS trust / area prescribing committee prescribing
   guideline and treatment algorithm for biologics in severe asthma: document-control table,
   numbered sections ("4 Omalizumab for ...", "4.1 Inclusion criteria", "4.2 Exclusion
   criteria", "4.3 Dosing", "4.4 Monitoring and continuation" ...), "Patients must fulfil ALL
   of the following:" lead-ins, bullets with nested dashes, "at least 2 of" lists, bare AND/OR
   lines, a prose NICE-like recommendation paragraph. 4 indications. Rendered to HTML and
   printed by headless Chromium (CSS bullets, running footer with page numbers), and separately
   written as DOCX with python-docx (real bullet lists; level-2 list redefined to an en dash).
   Outputs: uk_trust_biologics.pdf (chromium) and uk_trust_biologics.docx (python-docx).

Gold: the content (headings, fields, criteria trees, thresholds, doses) is held as Python data;
the renderers turn the same data into printed lines, and the gold JSON is written from the same
data (criteria trees built from the nested nodes with the CONVENTIONS.md normalisation: stems
on nodes, single-item groups collapsed, stemless same-op children merged). PDF page numbers of
section headings are found by searching pypdfium2 page texts. After writing, every section
title and every criteria leaf is checked against the PDF page text (and the DOCX text).

Usage: python scripts/make_policy_holdout_a.py [--out corpora/policies/holdout]
                                                [--gold corpora/gold/policy/holdout]
"""
from __future__ import annotations

import argparse
import copy
import html
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "corpora" / "policies" / "holdout"
DEFAULT_GOLD = ROOT / "corpora" / "gold" / "policy" / "holdout"
SET = "holdout"


# ----------------------------------------------------------------------------------------
# Data helpers
# ----------------------------------------------------------------------------------------

def N(op, stem, *items, conn="none", min=None):
    """A criteria node. conn: how connectives are printed between its items:
    'suffix' ("; and"), 'line' (bare and/or line), 'none'. Stemless child nodes are printed
    inline at the parent's level (their connective is their own op)."""
    return {"op": op, "stem": stem, "items": list(items), "conn": conn, "min": min}


def T(analyte, comparator, value, value_max=None, unit=None):
    return {"analyte": analyte, "comparator": comparator, "value": value,
            "value_max": value_max, "unit": unit}


def D(amount, unit, frequency=None, amount_max=None, max=None):
    return {"amount": amount, "amount_max": amount_max, "unit": unit,
            "frequency": frequency, "max": max}


def F(label, role, blocks, thresholds=(), doses=(), num=None):
    """A field. blocks: ('p', text) | ('crit', node) | ('prose', text, node) | ('ul', items)."""
    return {"label": label, "role": role, "blocks": blocks, "thresholds": list(thresholds),
            "doses": list(doses), "num": num}


CRITERIA_ROLES = {"selection_criteria", "exclusion_criteria", "continuation_criteria", "diagnosis"}


def gold_tree(node):
    if isinstance(node, str):
        return node
    items = []
    for it in node["items"]:
        g = gold_tree(it)
        if (isinstance(g, dict) and g["stem"] is None and g["op"] == node["op"]
                and "min" not in g and not node.get("min")):
            items.extend(g["items"])
        else:
            items.append(g)
    if len(items) == 1 and node["stem"] is None:
        return items[0]
    out = {"op": node["op"], "stem": node["stem"]}
    if node.get("min"):
        out["min"] = node["min"]
    out["items"] = items
    return out


def leaves(tree):
    if isinstance(tree, str):
        return [tree]
    out = []
    for it in tree["items"]:
        out.extend(leaves(it))
    return out


def entries(node):
    """Flatten a node into [item, connective-after] at one printed level."""
    out = []
    items = node["items"]
    for i, it in enumerate(items):
        if isinstance(it, dict) and it["stem"] is None:
            out.extend(entries(it))
        else:
            out.append([it, None])
        if i < len(items) - 1:
            out[-1][1] = node["op"]
    return out


def rows_for(node, prefix, depth, upper_lines, style=None):
    """Printed rows of a node's items: (kind, depth, number, text)."""
    style = style or node["conn"]
    rows = []
    for k, (it, cw) in enumerate(entries(node), 1):
        num = f"{prefix}.{k}" if prefix else str(k)
        if isinstance(it, str):
            text = it
            if cw and style == "suffix":
                text += f"; {cw.lower()}"
            rows.append(("item", depth, num, text))
        else:
            rows.append(("item", depth, num, it["stem"]))
            rows.extend(rows_for(it, num, depth + 1, upper_lines))
        if cw and style == "line":
            rows.append(("conn", depth, None, cw.upper() if upper_lines else cw.lower()))
    return rows


def crit_rows(node, upper_lines):
    rows = []
    if node["stem"]:
        rows.append(("stem", 0, None, node["stem"]))
    rows.extend(rows_for(node, "", 0, upper_lines))
    return rows


def ul_rows(items, depth=0):
    rows = []
    for it in items:
        if isinstance(it, tuple):
            rows.append(("item", depth, None, it[0]))
            rows.extend(ul_rows(it[1], depth + 1))
        else:
            rows.append(("item", depth, None, it))
    return rows


def block_rows(block, upper_lines):
    kind = block[0]
    if kind in ("p", "prose"):
        return [("p", 0, None, block[1])]
    if kind == "crit":
        return crit_rows(block[1], upper_lines)
    if kind == "ul":
        return ul_rows(block[1])
    raise ValueError(kind)


def field_gold(field, upper_lines):
    lines = []
    nodes = []
    for b in field["blocks"]:
        lines.extend(r[3] for r in block_rows(b, upper_lines))
        if b[0] == "crit":
            nodes.append(b[1])
        elif b[0] == "prose":
            nodes.append(b[2])
    g = {"label": field["label"], "role": field["role"], "text": "\n".join(lines)}
    if field["role"] in CRITERIA_ROLES:
        if not nodes:
            tree = {"op": "AND", "stem": None, "items": []}
        elif len(nodes) == 1:
            tree = gold_tree(nodes[0])
        else:
            tree = gold_tree(N("AND", None, *nodes))
        if isinstance(tree, str):
            tree = {"op": "AND", "stem": None, "items": [tree]}
        g["criteria"] = tree
    g["thresholds"] = copy.deepcopy(field["thresholds"])
    g["doses"] = copy.deepcopy(field["doses"])
    return g


# ----------------------------------------------------------------------------------------
# Document 1: NZ PHARMAC-style Special Authority criteria
# ----------------------------------------------------------------------------------------

NZ_TITLE = "Pharmaceutical Schedule — Special Authority Criteria"
NZ_STYLE = ("New Zealand PHARMAC Pharmaceutical Schedule Special Authority criteria: medicine "
            "headings, 'Initial application — (condition)' / 'Renewal — (condition)' blocks with "
            "typed hierarchical numbering (1, 2.1, 2.3.1) and and/or connectives")

IG_FROM = "Applications only from a clinical immunologist or relevant specialist."
RA_FROM = ("Applications only from a rheumatologist or a medical practitioner on the "
           "recommendation of a rheumatologist.")
GH_FROM = "Applications only from a paediatric endocrinologist or endocrinologist."
ASTHMA_FROM = "Applications only from a respiratory physician or clinical immunologist."


def nz_indications():
    """Returns list of (group, medicine, indication name, fields)."""
    pid = "primary immunodeficiency"
    ra = "rheumatoid arthritis"
    ghd = "growth hormone deficiency in children"
    sea = "severe eosinophilic asthma"
    ipf = "idiopathic pulmonary fibrosis"
    return [
        ("Blood Products and Immunology", "IMMUNOGLOBULIN", pid, [
            F(f"Initial application — ({pid})", "selection_criteria", [
                ("p", IG_FROM + " Approvals valid for 6 months for applications meeting the "
                      "following criteria:"),
                ("crit", N("AND", "All of the following:",
                           "Patient has a primary immunodeficiency confirmed by a clinical "
                           "immunologist",
                           N("OR", "Any of the following:",
                             "Serum IgG < 4 g/L (excluding paraprotein) on two occasions at least "
                             "4 weeks apart",
                             "Serum IgG between 4 and 6 g/L with at least 3 serious bacterial "
                             "infections in the previous 12 months despite antibiotic prophylaxis",
                             N("AND", "Specific antibody deficiency with both:",
                               "Serum IgG within the age-related reference range",
                               "Failure to mount a protective antibody response after "
                               "pneumococcal polysaccharide vaccination", conn="suffix"),
                             conn="suffix"),
                           "Secondary causes of hypogammaglobulinaemia, including protein loss "
                           "and medication effects, have been excluded",
                           conn="suffix")),
            ], thresholds=[T("serum IgG", "<", 4, unit="g/L"),
                           T("serum IgG", "range", 4, 6, "g/L")]),
            F(f"Renewal — ({pid})", "continuation_criteria", [
                ("p", IG_FROM + " Approvals valid for 2 years for applications meeting the "
                      "following criteria:"),
                ("crit", N("AND", "Both:",
                           "The patient has had a reduction in the frequency or severity of "
                           "infections since starting treatment",
                           "Trough serum IgG is ≥ 7 g/L on the current dose",
                           conn="suffix")),
            ], thresholds=[T("trough serum IgG", ">=", 7, unit="g/L")]),
            F("Note", "notes", [
                ("p", "The usual dose is 0.4 to 0.6 g/kg every 3 to 4 weeks for intravenous "
                      "immunoglobulin, or 0.1 to 0.15 g/kg every week for subcutaneous "
                      "immunoglobulin, adjusted to the trough IgG level."),
            ], doses=[D(0.4, "g/kg", "every 3 to 4 weeks", amount_max=0.6),
                      D(0.1, "g/kg", "every week", amount_max=0.15)]),
        ]),
        ("Musculoskeletal System", "ADALIMUMAB", ra, [
            F(f"Initial application — ({ra})", "selection_criteria", [
                ("p", RA_FROM + " Approvals valid for 6 months for applications meeting the "
                      "following criteria:"),
                ("crit", N("AND", "All of the following:",
                           "Patient has had severe and active erosive rheumatoid arthritis for "
                           "at least 6 months",
                           "Patient has tried and not responded to at least 3 months of oral or "
                           "parenteral methotrexate at the maximum tolerated dose",
                           "Patient has tried and not responded to at least 3 months of "
                           "methotrexate in combination with at least one other conventional "
                           "synthetic disease-modifying agent",
                           N("OR", "Either:",
                             "DAS28 > 5.1 measured on two occasions at least one month apart",
                             N("AND", "All of the following:",
                               "Patient has persistent active disease in at least 4 of the "
                               "following joints: wrist, elbow, knee, ankle, shoulder or hip",
                               "C-reactive protein (CRP) > 15 mg/L measured no more than one "
                               "month before the date of this application",
                               conn="suffix"),
                             conn="suffix"),
                           "Adalimumab is to be used in combination with methotrexate unless "
                           "methotrexate is contraindicated or not tolerated",
                           conn="suffix")),
            ], thresholds=[T("DAS28", ">", 5.1), T("CRP", ">", 15, unit="mg/L")]),
            F(f"Renewal — ({ra})", "continuation_criteria", [
                ("p", RA_FROM + " Approvals valid for 2 years for applications meeting the "
                      "following criteria:"),
                ("crit", N("AND", "All of the following:",
                           N("OR", "Either:",
                             "Following the initial 6 months of treatment, DAS28 has improved by "
                             "at least 1.2 from baseline",
                             "On subsequent renewal applications, the patient continues to have "
                             "DAS28 ≤ 3.2",
                             conn="suffix"),
                           "Adalimumab is to be administered at a dose of 40 mg every 14 days",
                           conn="suffix")),
            ], thresholds=[T("DAS28 improvement", ">=", 1.2), T("DAS28", "<=", 3.2)],
              doses=[D(40, "mg", "every 14 days")]),
        ]),
        ("Hormone Preparations", "SOMATROPIN", ghd, [
            F(f"Initial application — ({ghd})", "selection_criteria", [
                ("p", GH_FROM + " Approvals valid for 9 months for applications meeting the "
                      "following criteria:"),
                ("crit", N("AND", "All of the following:",
                           N("OR", "Either:",
                             "Height below the 3rd percentile for age and sex",
                             "Height velocity < 25th percentile for age, adjusted for bone age "
                             "and pubertal status, measured over at least 6 months",
                             conn="line"),
                           N("OR", "Either:",
                             "Peak serum growth hormone < 5 mcg/L on two different provocation "
                             "tests",
                             "Peak serum growth hormone < 3 mcg/L on one provocation test in a "
                             "patient with a documented structural abnormality of the "
                             "hypothalamic-pituitary region",
                             conn="line"),
                           "Serum IGF-1 < −2 SD for age and sex",
                           "Other causes of short stature, including hypothyroidism, coeliac "
                           "disease and psychosocial deprivation, have been excluded",
                           conn="none")),
            ], thresholds=[T("height", "<", 3, unit="percentile"),
                           T("height velocity", "<", 25, unit="percentile"),
                           T("peak serum growth hormone", "<", 5, unit="mcg/L"),
                           T("peak serum growth hormone", "<", 3, unit="mcg/L"),
                           T("IGF-1", "<", -2, unit="SD")]),
            F(f"Renewal — ({ghd})", "continuation_criteria", [
                ("p", GH_FROM + " Approvals valid for 12 months for applications meeting the "
                      "following criteria:"),
                ("crit", N("AND", "All of the following:",
                           N("OR", "Either:",
                             "Height velocity is ≥ 50th percentile for bone age during the first "
                             "year of treatment",
                             "Height velocity is ≥ 25th percentile for bone age in the second or "
                             "subsequent year of treatment",
                             conn="line"),
                           "Bone age is < 14 years (females) or < 16 years (males)",
                           "No serious adverse effects attributable to somatropin have occurred",
                           "The patient remains adherent to treatment",
                           conn="suffix")),
            ], thresholds=[T("height velocity", ">=", 50, unit="percentile"),
                           T("height velocity", ">=", 25, unit="percentile"),
                           T("bone age", "<", 14, unit="years"),
                           T("bone age", "<", 16, unit="years")]),
            F("Note", "notes", [
                ("p", "Somatropin is funded at a dose of 0.025 to 0.035 mg/kg daily by "
                      "subcutaneous injection (maximum 4.5 mg/m² per week)."),
            ], doses=[D(0.025, "mg/kg", "daily", amount_max=0.035, max="4.5 mg/m² per week")]),
        ]),
        ("Respiratory System and Allergies", "MEPOLIZUMAB", sea, [
            F(f"Initial application — ({sea})", "selection_criteria", [
                ("p", ASTHMA_FROM + " Approvals valid for 12 months for applications meeting "
                      "the following criteria:"),
                ("crit", N("AND", "All of the following:",
                           "Patient is aged 12 years or older",
                           "Patient has severe asthma confirmed by a respiratory physician after "
                           "at least 12 months of assessment",
                           "Patient has been adherent to high-dose inhaled corticosteroid plus a "
                           "long-acting beta-2 agonist for at least 12 months",
                           "Blood eosinophil count ≥ 0.5 × 10^9/L in the previous 12 months",
                           N("OR", "Any of the following:",
                             "At least 4 exacerbations requiring systemic corticosteroids in the "
                             "previous 12 months",
                             "Continuous treatment with oral corticosteroids for at least the "
                             "previous 6 months",
                             "FEV1 < 60% predicted despite optimised treatment",
                             conn="line"),
                           "Asthma Control Questionnaire (ACQ-5) score ≥ 2.0",
                           conn="suffix")),
            ], thresholds=[T("age", ">=", 12, unit="years"),
                           T("blood eosinophils", ">=", 0.5, unit="x10^9/L"),
                           T("FEV1 % predicted", "<", 60, unit="%"),
                           T("ACQ-5", ">=", 2.0)]),
            F(f"Renewal — ({sea})", "continuation_criteria", [
                ("p", ASTHMA_FROM + " Approvals valid for 12 months for applications meeting "
                      "the following criteria:"),
                ("crit", N("AND", "All of the following:",
                           N("OR", "Either:",
                             "Exacerbations requiring systemic corticosteroids have reduced by at "
                             "least 50% compared with the 12 months before treatment",
                             "Maintenance oral corticosteroid dose has reduced by at least 50% "
                             "while asthma control has been maintained",
                             conn="suffix"),
                           "ACQ-5 score has improved by at least 0.5 from baseline",
                           "Mepolizumab is to be administered at a dose of 100 mg every 4 weeks",
                           conn="suffix")),
            ], thresholds=[T("ACQ-5 improvement", ">=", 0.5)],
              doses=[D(100, "mg", "every 4 weeks")]),
        ]),
        ("Respiratory System and Allergies", "NINTEDANIB", ipf, [
            F(f"Initial application — ({ipf})", "selection_criteria", [
                ("p", "Applications only from a respiratory physician. Approvals valid for 12 "
                      "months for applications meeting the following criteria:"),
                ("crit", N("AND", "All of the following:",
                           "Patient has been diagnosed with idiopathic pulmonary fibrosis by a "
                           "multidisciplinary team including a radiologist",
                           "Forced vital capacity (FVC) is between 50% and 90% predicted",
                           "Diffusing capacity for carbon monoxide (DLCO) is ≥ 30% predicted",
                           "Patient has not smoked tobacco for at least 3 months",
                           N("OR", "Either:",
                             "Patient has not previously received funded pirfenidone",
                             "Pirfenidone was discontinued because of intolerance within the "
                             "first 6 months of treatment",
                             conn="suffix"),
                           "Nintedanib is not to be used in combination with funded pirfenidone",
                           conn="suffix")),
            ], thresholds=[T("FVC % predicted", "range", 50, 90, "%"),
                           T("DLCO % predicted", ">=", 30, unit="%")]),
            F(f"Renewal — ({ipf})", "continuation_criteria", [
                ("prose", "Applications only from a respiratory physician or a medical "
                          "practitioner on the recommendation of a respiratory physician. "
                          "Approvals valid for 12 months where the patient's FVC has declined by "
                          "less than 10% predicted over the preceding 12 months and nintedanib "
                          "has been well tolerated.",
                 N("AND", None,
                   "the patient's FVC has declined by less than 10% predicted over the "
                   "preceding 12 months",
                   "nintedanib has been well tolerated")),
            ], thresholds=[T("FVC decline % predicted", "<", 10, unit="%")]),
            F("Note", "notes", [
                ("p", "Nintedanib is funded at a dose of 150 mg twice daily; the dose may be "
                      "reduced to 100 mg twice daily to manage adverse effects."),
            ], doses=[D(150, "mg", "twice daily"), D(100, "mg", "twice daily")]),
        ]),
    ]


NZ_INTRO = [
    "This extract reproduces the Special Authority criteria for a small number of specialist "
    "medicines listed in the Pharmaceutical Schedule. A Special Authority is a prescriber-led "
    "application that, once approved, allows a medicine to be subsidised for a named patient.",
    "Applications are made electronically or on the appropriate form. The approval number must "
    "be quoted on each prescription. Where an approval expires, a renewal application must be "
    "made before the end of the approval period if treatment is to continue with subsidy.",
]
NZ_EXPLAN = [
    "Relevant specialist means a practitioner vocationally registered in the specialty named in "
    "the criteria, or a practitioner working under that specialist's supervision.",
    "Approvals valid for means the period, from the date of approval, for which the medicine may "
    "be dispensed with subsidy under that approval.",
    "Numbering. Criteria are numbered 1, 2, 3 and sub-criteria 1.1, 1.2 and so on. The words "
    "'and' and 'or' at the end of a criterion, or on a line of their own, show how the "
    "neighbouring criteria combine. A heading such as 'Either' or 'All of the following' applies "
    "to the sub-criteria numbered beneath it.",
    "Unless otherwise stated, laboratory results must have been obtained no more than three "
    "months before the date of the application.",
]
NZ_GLOSSARY = [
    ("ACQ-5", "Asthma Control Questionnaire, five-item version"),
    ("CRP", "C-reactive protein"),
    ("DAS28", "Disease Activity Score using 28 joint counts"),
    ("DLCO", "diffusing capacity of the lung for carbon monoxide"),
    ("FEV1", "forced expiratory volume in one second"),
    ("FVC", "forced vital capacity"),
    ("IGF-1", "insulin-like growth factor 1"),
    ("SD", "standard deviation"),
]


def nz_structure():
    """Ordered elements: ('h', level, number, title) / ('para', text) / ('ind', name, fields)."""
    els = [("h", 1, None, "Introduction")]
    els += [("para", t) for t in NZ_INTRO]
    els.append(("h", 1, None, "Explanatory notes"))
    els += [("para", t) for t in NZ_EXPLAN]
    last_group = None
    for group, med, name, fields in nz_indications():
        if group != last_group:
            els.append(("h", 1, None, group))
            last_group = group
        els.append(("h", 2, None, med))
        els.append(("ind", name, fields))
    els.append(("h", 1, None, "Glossary of abbreviations"))
    els += [("gloss", a, b) for a, b in NZ_GLOSSARY]
    return els


def add_page_field(paragraph):
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    fld = parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr="PAGE"><w:r><w:t>1</w:t></w:r>'
                    f'</w:fldSimple>')
    paragraph._p.append(fld)


def style_base(doc, font="Arial", size=10):
    from docx.shared import Pt, RGBColor, Cm
    st = doc.styles["Normal"]
    st.font.name = font
    st.font.size = Pt(size)
    st.paragraph_format.space_after = Pt(3)
    for name, sz in (("Heading 1", 13), ("Heading 2", 11.5), ("Title", 18)):
        s = doc.styles[name]
        s.font.name = font
        s.font.size = Pt(sz)
        s.font.bold = True
        s.font.color.rgb = RGBColor(0, 0, 0)
        s.paragraph_format.space_before = Pt(10)
        s.paragraph_format.space_after = Pt(4)
        rpr = s.element.get_or_add_rPr()
        for el in rpr.findall("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}rFonts"):
            rpr.remove(el)
        s.font.name = font
    for sec in doc.sections:
        sec.page_height = Cm(29.7)
        sec.page_width = Cm(21.0)
        sec.left_margin = sec.right_margin = Cm(2.0)
        sec.top_margin = sec.bottom_margin = Cm(2.0)


def build_nz_docx(path):
    import docx
    from docx.shared import Pt, Cm
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    doc = docx.Document()
    style_base(doc)
    t = doc.add_paragraph(NZ_TITLE, style="Title")
    p = doc.add_paragraph()
    r = p.add_run("Extract for selected specialist medicines — Section B and Section H listings — "
                  "effective 1 June 2025")
    r.italic = True
    ft = doc.sections[0].footer.paragraphs[0]
    ft.text = "Pharmaceutical Schedule — Special Authority criteria (extract)    Page "
    add_page_field(ft)
    ft.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for run in ft.runs:
        run.font.size = Pt(8)

    step = 0.9
    for el in nz_structure():
        if el[0] == "h":
            doc.add_paragraph(el[3], style=f"Heading {el[1]}")
        elif el[0] == "para":
            if el[1].startswith(("Relevant specialist", "Approvals valid for", "Numbering.")):
                head = re.match(r"(Relevant specialist|Approvals valid for|Numbering\.)", el[1]).group(1)
                p = doc.add_paragraph()
                p.add_run(head).bold = True
                p.add_run(el[1][len(head):])
            else:
                doc.add_paragraph(el[1])
        elif el[0] == "gloss":
            p = doc.add_paragraph()
            p.paragraph_format.left_indent = Cm(2.5)
            p.paragraph_format.first_line_indent = Cm(-2.5)
            p.paragraph_format.tab_stops.add_tab_stop(Cm(2.5))
            p.paragraph_format.space_after = Pt(1)
            p.add_run(el[1]).bold = True
            p.add_run("\t" + el[2])
        elif el[0] == "ind":
            for f in el[2]:
                if f["label"] == "Note":
                    for b in f["blocks"]:
                        p = doc.add_paragraph()
                        p.paragraph_format.space_before = Pt(4)
                        p.add_run("Note: ").bold = True
                        p.add_run(b[1]).italic = False
                    continue
                p = doc.add_paragraph()
                p.paragraph_format.space_before = Pt(8)
                p.paragraph_format.keep_with_next = True
                p.add_run(f["label"]).bold = True
                for b in f["blocks"]:
                    for kind, depth, num, text in block_rows(b, upper_lines=False):
                        p = doc.add_paragraph()
                        pf = p.paragraph_format
                        pf.space_after = Pt(1.5)
                        if kind == "p":
                            p.add_run(text)
                            pf.space_after = Pt(3)
                        elif kind == "stem":
                            p.add_run(text)
                        elif kind == "conn":
                            pf.left_indent = Cm(step * (depth + 1))
                            p.add_run(text)
                        else:
                            width = step + 0.35 * (num.count("."))
                            left = step * depth + width
                            pf.left_indent = Cm(left)
                            pf.first_line_indent = Cm(-width)
                            pf.tab_stops.add_tab_stop(Cm(left))
                            p.add_run(f"{num}\t{text}")
    doc.save(path)


# ----------------------------------------------------------------------------------------
# Document 2: UK trust prescribing guideline for biologics in severe asthma
# ----------------------------------------------------------------------------------------

UK_TITLE = "Biologic Therapies for Severe Asthma in Adults: Prescribing Guideline and Treatment Algorithm"
UK_STYLE = ("UK NHS trust / area prescribing committee biologics prescribing guideline: numbered "
            "sections per drug (x.1 Inclusion criteria, x.2 Exclusion criteria, Dosing, "
            "Monitoring and continuation), bullets with nested dashes, ALL/at least 2 of lead-ins, "
            "bare AND/OR lines")
UK_FOOTER = "Severe asthma biologics guideline — version 3.1 — uncontrolled when printed"

EXAC = "exacerbations requiring systemic corticosteroids"


def uk_indications():
    """List of (number, heading title, fields); fields carry their own sub-section number."""
    oma = ("4", "Omalizumab for severe persistent allergic asthma", [
        F("Inclusion criteria", "selection_criteria", [
            ("crit", N("AND", "Patients must fulfil ALL of the following:",
                       "Aged 18 years or over",
                       "Severe persistent allergic asthma confirmed by the specialist severe "
                       "asthma service",
                       N("OR", "Sensitisation to a perennial aeroallergen confirmed by either:",
                         "a positive skin prick test",
                         "specific IgE ≥ 0.35 kUA/L",
                         conn="suffix"),
                       "Total serum IgE 30–1,500 IU/mL",
                       "Body weight 20–150 kg",
                       f"At least 4 severe {EXAC} in the previous 12 months",
                       "ACQ-5 ≥ 1.5 despite optimised treatment")),
        ], thresholds=[T("age", ">=", 18, unit="years"),
                       T("specific IgE", ">=", 0.35, unit="kUA/L"),
                       T("total serum IgE", "range", 30, 1500, "IU/mL"),
                       T("body weight", "range", 20, 150, "kg"),
                       T("ACQ-5", ">=", 1.5)], num="4.1"),
        F("Exclusion criteria", "exclusion_criteria", [
            ("crit", N("OR", "Omalizumab should not be started if any of the following apply:",
                       "current smoker (or stopped smoking less than 6 months ago)",
                       "pregnancy",
                       "concurrent treatment with another biologic for asthma",
                       "uncontrolled comorbidities that are the main driver of symptoms, such as "
                       "inducible laryngeal obstruction or dysfunctional breathing",
                       "previous anaphylaxis to omalizumab")),
        ], num="4.2"),
        F("Dosing", "dose", [
            ("p", "The dose is determined from baseline total IgE (IU/mL) and body weight (kg) "
                  "using the dosing table in the Summary of Product Characteristics."),
            ("ul", ["75 mg to 600 mg by subcutaneous injection every 2 or 4 weeks",
                    "Maximum dose 600 mg every 2 weeks",
                    "The first three doses are given in the day unit with 2 hours of observation "
                    "after each injection"]),
        ], doses=[D(75, "mg", "every 2 or 4 weeks", amount_max=600, max="600 mg every 2 weeks")],
          num="4.3"),
        F("Monitoring and continuation", "continuation_criteria", [
            ("p", "Response is assessed by the severe asthma multidisciplinary team (MDT) at 16 "
                  "weeks and at 12 months. ACQ-5 and spirometry are recorded at every review."),
            ("crit", N("AND", "At 16 weeks, continue treatment only if BOTH of the following are "
                              "met:",
                       "improvement in ACQ-5 of at least 0.5 points from baseline",
                       "the MDT global evaluation of treatment effectiveness is good or "
                       "excellent")),
            ("prose", "At 12 months and annually thereafter, continue treatment only if there has "
                      f"been a ≥ 50% reduction in {EXAC} compared with the 12 months before "
                      "treatment.",
             N("AND", None,
               f"there has been a ≥ 50% reduction in {EXAC} compared with the 12 months before "
               "treatment")),
        ], thresholds=[T("ACQ-5 improvement", ">=", 0.5, unit="points")], num="4.4"),
    ])

    mepo = ("5", "Mepolizumab for severe refractory eosinophilic asthma", [
        F(None, "selection_criteria", [
            ("prose", "Mepolizumab is recommended as an add-on treatment option for adults with "
                      "severe refractory eosinophilic asthma who have a blood eosinophil count of "
                      "300 cells/µL or more in the previous 12 months and who have had 4 or more "
                      f"{EXAC} in the previous 12 months, or who have needed continuous oral "
                      "corticosteroids over the previous 6 months.",
             N("AND", None,
               "have a blood eosinophil count of 300 cells/µL or more in the previous 12 months",
               N("OR", None,
                 f"have had 4 or more {EXAC} in the previous 12 months",
                 "have needed continuous oral corticosteroids over the previous 6 months"))),
        ], thresholds=[T("blood eosinophils", ">=", 300, unit="cells/µL")]),
        F("Inclusion criteria", "selection_criteria", [
            ("crit", N("AND", "Patients must fulfil ALL of the following:",
                       "aged 18 years or over",
                       "severe asthma confirmed after at least 6 months of assessment by the "
                       "specialist severe asthma service",
                       "adherence to high-dose inhaled corticosteroid plus at least one additional "
                       "controller confirmed by prescription records and inhaler technique review",
                       "blood eosinophil count ≥ 300 cells/µL recorded in the previous 12 months",
                       N("OR", "at least ONE of the following:",
                         f"4 or more {EXAC} in the previous 12 months",
                         "continuous oral corticosteroids for at least the previous 6 months"))),
        ], thresholds=[T("age", ">=", 18, unit="years"),
                       T("blood eosinophils", ">=", 300, unit="cells/µL")], num="5.1"),
        F("Exclusion criteria", "exclusion_criteria", [
            ("crit", N("OR", "Do not start mepolizumab in patients with any of the following:",
                       "active helminth infection (treat before starting)",
                       "known hypersensitivity to mepolizumab or any excipient",
                       "current smoking",
                       "eosinophilic granulomatosis with polyangiitis managed outside the asthma "
                       "service")),
        ], num="5.2"),
        F("Dosing", "dose", [
            ("ul", ["100 mg by subcutaneous injection every 4 weeks",
                    "Self-administration at home may be considered after the first 3 doses have "
                    "been given in clinic"]),
        ], doses=[D(100, "mg", "every 4 weeks")], num="5.3"),
        F("Monitoring", "outcome_measures", [
            ("p", "Record the following at baseline and at every review:"),
            ("ul", ["annualised exacerbation rate",
                    "maintenance oral corticosteroid dose",
                    "ACQ-5 score",
                    "FEV1 and FeNO",
                    "blood eosinophil count"]),
        ], num="5.4"),
        F("Continuation criteria", "continuation_criteria", [
            ("p", "Review at 12 months."),
            ("crit", N("OR", "Continue mepolizumab if EITHER of the following is achieved:",
                       f"≥ 50% reduction in {EXAC} compared with the 12 months before treatment",
                       "≥ 50% reduction in maintenance oral corticosteroid dose while maintaining "
                       "or improving asthma control")),
        ], num="5.5"),
    ])

    benra = ("6", "Benralizumab for severe eosinophilic asthma", [
        F("Place in therapy", "position", [
            ("p", "Benralizumab is an alternative to mepolizumab for patients who meet the "
                  "eosinophilic criteria. The choice between them is guided by dosing frequency, "
                  "patient preference and the MDT's assessment."),
        ], num="6.1"),
        F("Starting criteria", "selection_criteria", [
            ("crit", N("AND", "All patients must have:",
                       "blood eosinophil count ≥ 300 cells/µL in the previous 12 months",
                       N("OR", None,
                         f"3 or more {EXAC} in the previous 12 months",
                         "continuous oral corticosteroids for at least the previous 6 months"),
                       "ACQ-5 ≥ 1.5",
                       conn="line")),
        ], thresholds=[T("blood eosinophils", ">=", 300, unit="cells/µL"),
                       T("ACQ-5", ">=", 1.5)], num="6.2"),
        F("Exclusion criteria", "exclusion_criteria", [
            ("crit", N("OR", "Benralizumab is not suitable if the patient has any of:",
                       "active parasitic infection",
                       "pregnancy or planned pregnancy during treatment",
                       "concurrent treatment with another asthma biologic")),
        ], num="6.3"),
        F("Dose and administration", "dose", [
            ("ul", ["30 mg by subcutaneous injection at weeks 0, 4 and 8",
                    "then 30 mg every 8 weeks thereafter"]),
        ], doses=[D(30, "mg", "at weeks 0, 4 and 8"), D(30, "mg", "every 8 weeks")], num="6.4"),
        F("Response assessment and continuation", "continuation_criteria", [
            ("crit", N("OR", "Assess response at 12 months. Continue only if the patient meets at "
                             "least 2 of the following:",
                       f"≥ 50% reduction in {EXAC}",
                       "≥ 50% reduction in maintenance oral corticosteroid dose",
                       "improvement in ACQ-5 of ≥ 0.5",
                       "improvement in FEV1 of ≥ 100 mL",
                       min=2)),
        ], thresholds=[T("ACQ-5 improvement", ">=", 0.5),
                       T("FEV1 improvement", ">=", 100, unit="mL")], num="6.5"),
        F("Approval period", "duration", [
            ("p", "Initial funding approval is for 12 months. Subsequent approvals are for 12 "
                  "months at a time, subject to the continuation criteria above."),
        ], num="6.6"),
    ])

    dupi = ("7", "Dupilumab for severe asthma with type 2 inflammation", [
        F("Inclusion criteria", "selection_criteria", [
            ("crit", N("AND", "Patients must fulfil ALL of the following:",
                       "aged 18 years or over",
                       "severe asthma inadequately controlled despite optimised high-dose inhaled "
                       "corticosteroid plus an additional controller",
                       f"at least 3 {EXAC} in the previous 12 months",
                       N("OR", "evidence of type 2 inflammation, with at least 2 of the following:",
                         "blood eosinophils ≥ 150 cells/µL",
                         "FeNO ≥ 50 ppb",
                         "chronic rhinosinusitis with nasal polyps",
                         min=2),
                       "anti-IL-5 therapy considered unsuitable by the MDT")),
        ], thresholds=[T("age", ">=", 18, unit="years"),
                       T("blood eosinophils", ">=", 150, unit="cells/µL"),
                       T("FeNO", ">=", 50, unit="ppb")], num="7.1"),
        F("Exclusions", "exclusion_criteria", [
            ("crit", N("OR", "Dupilumab must not be used in patients with any of the following:",
                       "blood eosinophils > 1,500 cells/µL",
                       "active helminth infection",
                       "current treatment with another biologic for asthma")),
        ], thresholds=[T("blood eosinophils", ">", 1500, unit="cells/µL")], num="7.2"),
        F("Dosing", "dose", [
            ("ul", ["Loading dose 400 mg subcutaneously, then 200 mg every 2 weeks",
                    ("Patients on maintenance oral corticosteroids or with co-morbid moderate to "
                     "severe atopic dermatitis:",
                     ["loading dose 600 mg, then 300 mg every 2 weeks"])]),
        ], doses=[D(400, "mg"), D(200, "mg", "every 2 weeks"),
                  D(600, "mg"), D(300, "mg", "every 2 weeks")], num="7.3"),
        F("Monitoring and continuation", "continuation_criteria", [
            ("p", "Check the blood eosinophil count at 16 weeks. Review response at 12 months."),
            ("crit", N("OR", "Treatment continues if the patient has ONE OR MORE of the following "
                             "at 12 months:",
                       f"≥ 50% reduction in {EXAC}",
                       "≥ 50% reduction in maintenance oral corticosteroid dose",
                       "improvement in FEV1 of ≥ 200 mL")),
        ], thresholds=[T("FEV1 improvement", ">=", 200, unit="mL")], num="7.4"),
        F("Stopping criteria", "continuation_criteria", [
            ("crit", N("OR", "Stop dupilumab if any of the following occur:",
                       "the continuation criteria are not met at 12 months",
                       "symptomatic eosinophilia with blood eosinophils > 3,000 cells/µL",
                       "serious hypersensitivity reaction")),
        ], thresholds=[T("blood eosinophils", ">", 3000, unit="cells/µL")], num="7.5"),
    ])
    return [oma, mepo, benra, dupi]


UK_CONTROL = [
    ("Document type", "Prescribing guideline"),
    ("Version", "3.1"),
    ("Approved by", "Area Prescribing Committee and Trust Drugs and Therapeutics Committee"),
    ("Date approved", "March 2025"),
    ("Review date", "March 2027"),
    ("Author", "Severe Asthma Service, Department of Respiratory Medicine"),
]


def uk_general():
    """General (non-indication) sections: list of (number, title, level, blocks)."""
    before = [
        ("1", "Purpose and scope", 1, [
            ("p", "This guideline sets out the criteria for starting, continuing and stopping "
                  "biologic therapies for severe asthma in adults treated by the regional "
                  "severe asthma service and its network clinics. It applies to all prescribers "
                  "and pharmacists involved in the supply of these high-cost medicines."),
            ("p", "It does not cover children, biologics used for other conditions, or "
                  "treatments supplied within clinical trials."),
        ]),
        ("2", "Definitions", 1, [
            ("ul", ["Severe asthma: asthma that remains uncontrolled despite high-dose inhaled "
                    "corticosteroid plus a second controller, or that needs this treatment to "
                    "stay controlled.",
                    "Exacerbation: a worsening of asthma needing at least 3 days of systemic "
                    "corticosteroids, an emergency visit or a hospital admission.",
                    "Optimised treatment: adherence, inhaler technique, comorbidities and "
                    "environmental triggers have been reviewed and addressed.",
                    "Maintenance oral corticosteroids (OCS): continuous daily oral "
                    "corticosteroids for 6 months or more."]),
        ]),
        ("3", "General principles and treatment algorithm", 1, [
            ("p", "All biologics in this guideline are specialist-initiated and are supplied by "
                  "the hospital pharmacy or a homecare provider."),
        ]),
        ("3.1", "Prerequisites before any biologic", 2, [
            ("ul", ["Diagnosis reviewed in the severe asthma MDT",
                    ("Treatable traits addressed, including:",
                     ["adherence checked against dispensing records",
                      "smoking cessation offered",
                      "rhinitis, reflux and dysfunctional breathing managed"]),
                    "Baseline ACQ-5, spirometry, FeNO and blood eosinophil count recorded"]),
        ]),
        ("3.2", "Choosing a biologic", 2, [
            ("p", "Step 1: confirm severe asthma and optimised treatment. Step 2: determine the "
                  "inflammatory phenotype (allergic, eosinophilic or type 2 high). Step 3: select "
                  "the biologic whose criteria in sections 4 to 7 are met, taking patient "
                  "preference and comorbidities into account. Step 4: review response at the "
                  "intervals stated for each medicine."),
        ]),
        ("3.3", "General dosing and administration principles", 2, [
            ("ul", ["Doses are given by subcutaneous injection; the first doses are given under "
                    "supervision",
                    "Patients or carers may self-administer once trained",
                    "Do not use two asthma biologics at the same time"]),
        ]),
    ]
    after = [
        ("8", "Switching between biologics", 1, [
            ("p", "A switch to a different biologic may be considered by the MDT when the "
                  "continuation criteria for the current biologic are not met, or when adverse "
                  "effects prevent its use. The new biologic's starting criteria must be met "
                  "using results from before the first biologic was started."),
        ]),
        ("9", "References", 1, [
            ("ul", ["Global Initiative for Asthma. Global strategy for asthma management and "
                    "prevention. Updated annually.",
                    "British Thoracic Society. Guidance on the management of severe asthma in "
                    "specialist centres.",
                    "Summaries of Product Characteristics for omalizumab, mepolizumab, "
                    "benralizumab and dupilumab."]),
        ]),
        ("Appendix A", "Glossary of abbreviations", 1, [
            ("ul", ["ACQ-5: Asthma Control Questionnaire, five-item version",
                    "FeNO: fractional exhaled nitric oxide",
                    "FEV1: forced expiratory volume in one second",
                    "MDT: multidisciplinary team",
                    "OCS: oral corticosteroids"]),
        ]),
    ]
    return before, after


def heading_text(number, title):
    if number and number.startswith("Appendix"):
        return f"{number} — {title}"
    return f"{number} {title}" if number else title


def uk_structure():
    """Ordered elements: ('h', level, number, title) / ('blocks', blocks) / ('field', field)."""
    before, after = uk_general()
    els = []
    for num, title, lvl, blocks in before:
        els.append(("h", lvl, num, title))
        els.append(("blocks", blocks))
    for num, name, fields in uk_indications():
        els.append(("h", 1, num, name))
        for f in fields:
            if f["label"]:
                els.append(("h", 2, f["num"], f["label"]))
            els.append(("field", f))
    for num, title, lvl, blocks in after:
        els.append(("h", lvl, num, title))
        els.append(("blocks", blocks))
    return els


UK_CSS = """
@page { size: A4; margin: 20mm 18mm 22mm 18mm; }
body { font-family: 'Liberation Sans', Arial, sans-serif; font-size: 10.5pt; line-height: 1.35; color: #111; }
.org { font-size: 9.5pt; color: #005eb8; font-weight: bold; margin: 0 0 4pt 0; }
h1.title { font-size: 17pt; color: #005eb8; margin: 0 0 10pt 0; }
table.control { border-collapse: collapse; width: 100%; margin-bottom: 12pt; font-size: 9.5pt; }
table.control td { border: 1px solid #999; padding: 3pt 6pt; vertical-align: top; }
table.control td.k { background: #e8eef7; font-weight: bold; width: 30%; }
h2 { font-size: 13pt; color: #005eb8; margin: 14pt 0 5pt 0; page-break-after: avoid; }
h3 { font-size: 11pt; margin: 9pt 0 4pt 0; page-break-after: avoid; }
p { margin: 0 0 5pt 0; }
ul { margin: 2pt 0 6pt 0; padding-left: 20pt; list-style-type: disc; }
ul ul { list-style-type: none; padding-left: 18pt; margin: 1pt 0 2pt 0; }
ul ul > li::before { content: "\\2013"; display: inline-block; width: 12pt; margin-left: -12pt; }
li { margin: 1pt 0; }
li.conn { list-style-type: none; font-weight: bold; margin: 2pt 0 2pt -14pt; }
ul ul > li.conn::before { content: ""; }
"""


def uk_html():
    e = html.escape
    out = [f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{e(UK_TITLE)}</title>"
           f"<style>{UK_CSS}</style></head><body>"]
    out.append("<p class='org'>Northmoor Teaching Hospitals NHS Foundation Trust · Wessex Vale "
               "Area Prescribing Committee</p>")
    out.append(f"<h1 class='title'>{e(UK_TITLE)}</h1>")
    out.append("<table class='control'>" + "".join(
        f"<tr><td class='k'>{e(k)}</td><td>{e(v)}</td></tr>" for k, v in UK_CONTROL) + "</table>")

    def rows_html(rows):
        h = []
        depth = -1
        for kind, d, _num, text in rows:
            if kind in ("p", "stem"):
                while depth >= 0:
                    h.append("</li></ul>")
                    depth -= 1
                h.append(f"<p>{e(text)}</p>")
                continue
            if d > depth:
                while d > depth:
                    h.append("<ul>")
                    depth += 1
            else:
                while depth > d:
                    h.append("</li></ul>")
                    depth -= 1
                h.append("</li>")
            cls = " class='conn'" if kind == "conn" else ""
            h.append(f"<li{cls}>{e(text)}")
        while depth >= 0:
            h.append("</li></ul>")
            depth -= 1
        return "".join(h)

    for el in uk_structure():
        if el[0] == "h":
            tag = "h2" if el[1] == 1 else "h3"
            out.append(f"<{tag}>{e(heading_text(el[2], el[3]))}</{tag}>")
        elif el[0] == "blocks":
            rows = [r for b in el[1] for r in block_rows(b, upper_lines=True)]
            out.append(rows_html(rows))
        elif el[0] == "field":
            rows = [r for b in el[1]["blocks"] for r in block_rows(b, upper_lines=True)]
            out.append(rows_html(rows))
    out.append("</body></html>")
    return "\n".join(out)


def build_uk_pdf(path):
    from playwright.sync_api import sync_playwright
    footer = ("<div style='font-size:8pt;width:100%;padding:0 18mm;font-family:Arial,sans-serif;"
              "color:#444;display:flex;justify-content:space-between'>"
              f"<span>{html.escape(UK_FOOTER)}</span>"
              "<span>Page <span class='pageNumber'></span> of <span class='totalPages'></span>"
              "</span></div>")
    with tempfile.TemporaryDirectory() as td:
        src = Path(td) / "uk.html"
        src.write_text(uk_html(), encoding="utf-8")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium")
            page = browser.new_page()
            page.goto(src.as_uri())
            page.pdf(path=str(path), format="A4", display_header_footer=True,
                     header_template="<div></div>", footer_template=footer,
                     margin={"top": "20mm", "bottom": "22mm", "left": "18mm", "right": "18mm"},
                     print_background=True)
            browser.close()


def build_uk_docx(path):
    import docx
    from docx.shared import Pt, Cm, RGBColor
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    doc = docx.Document()
    style_base(doc, size=10.5)
    # Redefine the level-2 bullet list (List Bullet 2) to use an en dash.
    num_el = doc.part.numbering_part.element
    W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    abs_id = None
    for num in num_el.findall(f"{W}num"):
        if num.get(f"{W}numId") == "2":
            abs_id = num.find(f"{W}abstractNumId").get(f"{W}val")
    for an in num_el.findall(f"{W}abstractNum"):
        if an.get(f"{W}abstractNumId") == abs_id:
            lvl = an.find(f"{W}lvl")
            lvl.find(f"{W}lvlText").set(f"{W}val", "–")
            rpr = lvl.find(f"{W}rPr")
            if rpr is not None:
                lvl.remove(rpr)
    p = doc.add_paragraph()
    r = p.add_run("Northmoor Teaching Hospitals NHS Foundation Trust · Wessex Vale Area "
                  "Prescribing Committee")
    r.bold = True
    r.font.color.rgb = RGBColor(0, 0x5E, 0xB8)
    doc.add_paragraph(UK_TITLE, style="Title")
    tbl = doc.add_table(rows=0, cols=2)
    tbl.style = "Table Grid"
    for k, v in UK_CONTROL:
        cells = tbl.add_row().cells
        cells[0].text = k
        cells[0].paragraphs[0].runs[0].bold = True
        cells[1].text = v
    ft = doc.sections[0].footer.paragraphs[0]
    ft.text = UK_FOOTER + "    Page "
    add_page_field(ft)
    for run in ft.runs:
        run.font.size = Pt(8)

    def emit(rows):
        for kind, d, _num, text in rows:
            if kind in ("p", "stem"):
                doc.add_paragraph(text)
            elif kind == "conn":
                p = doc.add_paragraph()
                p.paragraph_format.left_indent = Cm(0.3 + 0.9 * d)
                p.add_run(text).bold = True
            else:
                doc.add_paragraph(text, style="List Bullet" if d == 0 else "List Bullet 2")

    for el in uk_structure():
        if el[0] == "h":
            doc.add_paragraph(heading_text(el[2], el[3]), style=f"Heading {el[1]}")
        elif el[0] == "blocks":
            emit([r for b in el[1] for r in block_rows(b, upper_lines=True)])
        elif el[0] == "field":
            emit([r for b in el[1]["blocks"] for r in block_rows(b, upper_lines=True)])
    doc.save(path)


# ----------------------------------------------------------------------------------------
# Gold, PDF conversion, checks
# ----------------------------------------------------------------------------------------

def norm(s):
    s = s.replace("\r", "").replace("\u00ad", "").replace("\ufffe", "")
    s = s.replace("\u2010", "-").replace("\u2011", "-")
    s = re.sub(r"-\s*\n\s*", "-", s)
    s = re.sub(r"\s+", " ", s)
    return s.strip()


def squash(s):
    return re.sub(r"[\s\-]+", "", s)


def pdf_pages(path):
    import pypdfium2 as pdfium
    pdf = pdfium.PdfDocument(str(path))
    texts = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    pdf.close()
    return texts


def find_pages(section_headings, pages):
    """section_headings: list of printed heading strings, in order. Sequential search."""
    ntexts = [squash(norm(t)) for t in pages]
    out = []
    cur = 0
    for h in section_headings:
        key = squash(norm(h))
        found = None
        for i in range(cur, len(ntexts)):
            if key in ntexts[i]:
                found = i
                break
        if found is None:
            raise RuntimeError(f"heading not found in PDF: {h!r}")
        out.append(found + 1)
        cur = found
    return out


def nz_gold():
    sections, inds = [], []
    for el in nz_structure():
        if el[0] == "h":
            sections.append({"number": el[2], "title": el[3], "level": el[1], "page": None,
                             "_printed": heading_text(el[2], el[3])})
        elif el[0] == "ind":
            inds.append({"name": el[1],
                         "fields": [field_gold(f, upper_lines=False) for f in el[2]]})
    return sections, inds


def uk_gold():
    sections, inds = [], []
    for el in uk_structure():
        if el[0] == "h":
            sections.append({"number": el[2], "title": el[3], "level": el[1], "page": None,
                             "_printed": heading_text(el[2], el[3])})
    for num, name, fields in uk_indications():
        inds.append({"name": name, "fields": [field_gold(f, upper_lines=True) for f in fields]})
    return sections, inds


def write_gold(gold_dir, docname, kind, producer, style, title, sections, inds, pages):
    secs = []
    for s, pg in zip(sections, pages or [None] * len(sections)):
        secs.append({"number": s["number"], "title": s["title"], "level": s["level"],
                     "page": pg})
    g = {"source": f"corpora/policies/{SET}/{docname}.{kind}", "producer": producer,
         "style": style, "title": title, "sections": secs, "indications": inds}
    path = gold_dir / f"{docname}_{kind}.json"
    path.write_text(json.dumps(g, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def docx_text(path):
    import docx
    d = docx.Document(str(path))
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            for c in row.cells:
                parts.append(c.text)
    return "\n".join(parts)


def check_doc(label, text, title, sections, inds):
    flat = squash(norm(text))
    missing = []
    for s in [title] + [s["_printed"] for s in sections]:
        if squash(norm(s)) not in flat:
            missing.append(("section", s))
    n_leaves = 0
    for ind in inds:
        if squash(norm(ind["name"])) not in flat:
            missing.append(("indication", ind["name"]))
        for f in ind["fields"]:
            if f["label"] and squash(norm(f["label"])) not in flat:
                missing.append(("label", f["label"]))
            if "criteria" in f:
                for lf in leaves(f["criteria"]):
                    n_leaves += 1
                    if squash(norm(lf)) not in flat:
                        missing.append(("leaf", lf))
            ftext = f["text"]
            for t in f["thresholds"]:
                vals = [t["value"]] + ([t["value_max"]] if t["value_max"] is not None else [])
                for v in vals:
                    forms = {str(v), f"{v:g}", f"{v:,}", f"{v:,g}", f"{v:.1f}",
                             f"{v:g}".replace("-", "−")}
                    if not any(fm in ftext for fm in forms):
                        missing.append(("threshold", f"{t['analyte']} {v}"))
            for dz in f["doses"]:
                if f"{dz['amount']:g}" not in ftext:
                    missing.append(("dose", str(dz)))
                if dz["frequency"] and dz["frequency"] not in ftext:
                    missing.append(("dose freq", dz["frequency"]))
    if missing:
        print(f"[{label}] MISSING:", *missing, sep="\n  ")
    return missing, n_leaves


def summarise(inds):
    nf = sum(len(i["fields"]) for i in inds)
    nl = sum(len(leaves(f["criteria"])) for i in inds for f in i["fields"] if "criteria" in f)
    nt = sum(len(f["thresholds"]) for i in inds for f in i["fields"])
    nd = sum(len(f["doses"]) for i in inds for f in i["fields"])
    return nf, nl, nt, nd


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="documents directory")
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="gold JSON directory")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    args.gold.mkdir(parents=True, exist_ok=True)
    ok = True

    # --- NZ: python-docx -> LibreOffice PDF
    nz_docx = args.out / "nz_special_authority.docx"
    build_nz_docx(nz_docx)
    with tempfile.TemporaryDirectory() as td:
        subprocess.run(["/usr/bin/soffice", "-env:UserInstallation=file:///tmp/lo_holdout_a",
                        "--headless", "--convert-to", "pdf", "--outdir", td, str(nz_docx)],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.copy(Path(td) / "nz_special_authority.pdf", args.out / "nz_special_authority.pdf")
    # --- UK: Chromium PDF + python-docx DOCX
    build_uk_pdf(args.out / "uk_trust_biologics.pdf")
    build_uk_docx(args.out / "uk_trust_biologics.docx")

    docs = [
        ("nz_special_authority", NZ_TITLE, NZ_STYLE, nz_gold, "libreoffice"),
        ("uk_trust_biologics", UK_TITLE, UK_STYLE, uk_gold, "chromium"),
    ]
    for docname, title, style, goldfn, pdf_producer in docs:
        sections, inds = goldfn()
        pdf_path = args.out / f"{docname}.pdf"
        pages = pdf_pages(pdf_path)
        pg = find_pages([s["_printed"] for s in sections], pages)
        write_gold(args.gold, docname, "pdf", pdf_producer, style, title, sections, inds, pg)
        write_gold(args.gold, docname, "docx", "python-docx", style, title, sections, inds, None)
        m1, _ = check_doc(f"{docname}.pdf", "\n".join(pages), title, sections, inds)
        m2, _ = check_doc(f"{docname}.docx", docx_text(args.out / f"{docname}.docx"), title,
                          sections, inds)
        ok = ok and not m1 and not m2
        nf, nl, nt, nd = summarise(inds)
        print(f"{docname}: pdf pages={len(pages)} sections={len(sections)} "
              f"indications={len(inds)} fields={nf} criteria_leaves={nl} thresholds={nt} "
              f"doses={nd} check={'OK' if not (m1 or m2) else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
