"""Generate the blind7 (part a) policy test document and its gold JSON.

One invented document (plausible but NOT a real law or real funding guidance --
it says so in its title block), produced as a DOCX and a PDF, with one gold
JSON per produced file, following corpora/gold/policy/blind2/CONVENTIONS.md.

``legislative_instrument`` -- imitates an Australian / UK statutory instrument
(a ministerial "Determination") that sets the eligibility rules of a subsidised
medicine program: "National Health (Highly Specialised Drugs — Immunoglobulin)
Determination 2031".

Layout (house style):
  * title block: instrument name (bold, large), "made under section 42 of the
    National Health (Specialised Medicines) Act 2027", an italic statement that
    the instrument is fictitious, the enacting words "I, Dr ..., Delegate of the
    Minister for Health, make the following determination.", date and a
    signature block; a running footer with the instrument name and page number;
  * "Part 1 — Preliminary" with sections "1 Name", "2 Commencement",
    "3 Authority", "4 Definitions" (a definitions list "In this instrument:"
    whose defined terms are bold run-ins: "approved specialist means ...;");
  * "Part 2 — Eligibility" with "5 Eligible patients — general",
    "6 Continuing treatment", "7 Exceptional circumstances approvals":
    subsections "(1)", paragraphs "(a)" and subparagraphs "(i)" typed in
    hanging-indent paragraphs (no Word numbering), items ending "; and" /
    "; or", "either:" lead-ins, "Despite subsection (1) ..." exclusions and
    "Note:" paragraphs;
  * "Schedule 1 — Conditions and circumstances" on a new page: a real Word
    table "Item | Condition | Circumstances in which treatment is available |
    Maximum period of approval" (header row repeated, rows kept whole on a
    page), five conditions; the
    Circumstances cell holds typed "(a) ...; and (b) ..." items with "(i)"
    sub-items, an "either:" stem, an "any of the following:" stem, an
    "at least 2 of the following:" stem, one inline prose "..., or ..." item,
    one top-level "(a) ...; or (b) ...; and (c) ..." mix, thresholds (age,
    platelet count, IgG, INCAT and ONLS disability scores), doses ("at a dose
    not exceeding 2 g/kg per course", "0.4 to 1 g/kg every 3 weeks") and, in
    two rows, a trailing "Note:" paragraph.
  * Section headings are plain Normal-style paragraphs with a bold, larger run
    ("5<tab>Eligible patients — general"), NOT Word heading styles.
  DOCX built with python-docx; PDF by LibreOffice conversion of that DOCX.

Gold decisions for this style:
  * sections: Parts ("Part 1", "Part 2") and "Schedule 1" are level 1 with
    number "Part 1" / "Schedule 1" and title the words after the dash;
    numbered sections 1-7 are level 2 with number "1".."7".
  * each Schedule 1 table ROW is one indication; its name is the Condition
    cell as printed.  The Item number is the row's number, not a field.
  * the row's fields are the remaining columns, labelled by their column
    headers: "Circumstances in which treatment is available" (role
    selection_criteria -- it states who may start subsidised treatment; its
    criteria tree is the cell's lettered list) and "Maximum period of
    approval" (role duration).  A "Note:" paragraph printed inside the
    Circumstances cell is a separate field labelled "Note" (role notes),
    placed after the criteria field, as it is read.
  * the general sections of Part 2 (5 Eligible patients — general,
    6 Continuing treatment, 7 Exceptional circumstances approvals) apply to
    every condition but are printed once, outside any schedule row and not
    under any condition's name: they are SECTIONS only and are NOT copied
    into the indications as fields (as in earlier gold, where a general
    "Requirements for Prior Authorization" or "General notes" section was not
    copied into each indication).  Likewise the definitions and the Notes of
    Parts 1-2 are not fields.
  * doses written inside a criteria item stay in the leaf and are also listed
    in that field's "doses"; "at a dose not exceeding 2 g/kg per course" is
    recorded as amount 2 g/kg with max "2 g/kg per course" (frequency null).
  * the top-level mix "(a) ...; or (b) ...; and (c) ...; and (d) ..." is read
    with OR binding tighter: AND(OR(a, b), c, d).
  * the inline item "the patient has a platelet count of less than 30 × 10⁹/L,
    or a platelet count of less than 50 × 10⁹/L with active bleeding" is prose
    enumerating two whole conditions: an OR node (stem null) of two leaves,
    the shared inline lead-in "the patient has" dropped from both ("a platelet
    count of less than 30 × 10⁹/L", "a platelet count of less than
    50 × 10⁹/L with active bleeding"); an inline lead-in is not a stem.
  * an item that is only a lead-in ("either:", "the patient has any of the
    following:", "the patient has at least 2 of the following:") is the stem
    of the node of its sub-items, never a leaf.
  * items of the "at least 2 of" list end with ";" only; the last sub-item of
    a list carries its parent's connective ("...; and"), which is dropped from
    the leaf.

Content is held once as Python data below; documents and gold are both
generated from it.  PDF section pages are located with pypdfium2.  After
generation the script verifies that every section title, indication name,
field label and criteria leaf (and stem, note and duration text) appears in
the extracted PDF and DOCX text.

Run:  /work/main/.venv/bin/python scripts/make_policy_blind7_a.py
"""

from __future__ import annotations

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
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

ROOT = Path(__file__).resolve().parent.parent
SET = "blind7"
DOC_DIR = ROOT / "corpora" / "policies" / SET
GOLD_DIR = ROOT / "corpora" / "gold" / "policy" / SET
DOCNAME = "legislative_instrument"
FONT = "Times New Roman"


# --------------------------------------------------------------------------
# Small data helpers
# --------------------------------------------------------------------------

class N:
    """Criteria node; items are str leaves, Prose items or N children.

    stem  -> printed as the item's own line; sub-items go one level deeper
    flat  -> (stem None) the node's items are printed at the parent's level,
             joined by this node's connective (used for a top-level 'or' pair)
    sep   -> connective printed at the end of each non-last item
             (default '; and' / '; or' from op)
    """

    def __init__(self, op, stem, items, min=None, flat=False, sep=None):
        self.op, self.stem, self.items = op, stem, items
        self.min, self.flat, self.sep = min, flat, sep


class Prose:
    """One printed item whose text enumerates several conditions (gold = node)."""

    def __init__(self, text, node):
        self.text, self.node = text, node


def T(analyte, comparator, value, unit=None, value_max=None):
    return {"analyte": analyte, "comparator": comparator, "value": value,
            "value_max": value_max, "unit": unit}


def D(amount, unit, frequency=None, max=None, amount_max=None):
    return {"amount": amount, "amount_max": amount_max, "unit": unit,
            "frequency": frequency, "max": max}


def gold_tree(node):
    if isinstance(node, str):
        return node
    if isinstance(node, Prose):
        return gold_tree(node.node)
    d = {"op": node.op, "stem": node.stem, "items": [gold_tree(x) for x in node.items]}
    if node.min:
        d["min"] = node.min
    return d


def leaves(node):
    if isinstance(node, str):
        return [node]
    if isinstance(node, Prose):
        return leaves(node.node)
    out = []
    for x in node.items:
        out.extend(leaves(x))
    return out


def stems(node):
    if isinstance(node, str):
        return []
    if isinstance(node, Prose):
        return stems(node.node)
    out = [node.stem] if node.stem else []
    for x in node.items:
        out.extend(stems(x))
    return out


def node_sep(node):
    if node.sep is not None:
        return node.sep
    return "; and" if node.op == "AND" else "; or"


def flatten(node, trailing):
    n = len(node.items)
    for i, item in enumerate(node.items):
        after = trailing if i == n - 1 else node_sep(node)
        if isinstance(item, N) and item.flat:
            yield from flatten(item, after)
        else:
            yield item, after


ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii"]


def marker(level, idx):
    if level == 0:
        return f"({chr(ord('a') + idx)})"
    return f"({ROMAN[idx]})"


def render(node, level=0, trailing="."):
    """Lines (level, marker, text) of a criteria node in legislative layout."""
    out = []
    for idx, (item, after) in enumerate(flatten(node, trailing)):
        m = marker(level, idx)
        if isinstance(item, str):
            out.append((level, m, item + after))
        elif isinstance(item, Prose):
            out.append((level, m, item.text + after))
        else:
            assert item.stem, "nested non-flat node needs a stem"
            out.append((level, m, item.stem))
            out.extend(render(item, level + 1, after))
    return out


# --------------------------------------------------------------------------
# Content
# --------------------------------------------------------------------------

TITLE = "National Health (Highly Specialised Drugs — Immunoglobulin) Determination 2031"
ACT = "National Health (Specialised Medicines) Act 2027"

STYLE = (
    "Australian/UK-style statutory instrument (ministerial determination) setting eligibility for a "
    "subsidised medicine program: title block with 'made under section 42 of the ... Act', enacting words, "
    "date and signatory; 'Part 1 — Preliminary' / 'Part 2 — Eligibility' with numbered sections as bold "
    "Normal-style lines (not Word headings); typed (1)/(a)/(i) hanging-indent subsections with '; and'/'; or' "
    "endings, 'either:' lead-ins, a bold-term definitions list and 'Note:' paragraphs; 'Schedule 1 — Conditions "
    "and circumstances' as a 4-column Word table (Item | Condition | Circumstances in which treatment is "
    "available | Maximum period of approval). Each schedule row is one indication (name = Condition cell; "
    "fields = the Circumstances cell as selection_criteria with its lettered list as the tree, a 'Note:' in that "
    "cell as a notes field, the Maximum period of approval cell as duration; the Item number is not a field). "
    "The general Part 2 sections (eligible patients — general, continuing treatment, exceptional circumstances) "
    "apply to every condition but are printed once outside any row, so they are sections only and are not "
    "copied into the indications"
)

TITLE_BLOCK = {
    "made_under": f"made under section 42 of the {ACT}",
    "disclaimer": "Fictitious instrument prepared for software testing. It is not a law of any jurisdiction "
                  "and is not clinical or funding advice.",
    "enacting": "I, Dr Ingrid Halvorsen-Mbeki, Delegate of the Minister for Health, make the following "
                "determination.",
    "dated": "Dated 14 March 2031",
    "signature": ["Dr Ingrid Halvorsen-Mbeki",
                  "First Assistant Secretary, Specialised Medicines Division",
                  "Department of Health"],
}

# Part 1 / Part 2 body: list of paragraphs
#   ("sub", "(1)", text)  ("para", "(a)", text)  ("subpara", "(i)", text)
#   ("plain", text)  ("note", text)  ("def", term, rest)
PARTS = [
    {
        "number": "Part 1", "title": "Preliminary",
        "sections": [
            {"number": "1", "title": "Name", "body": [
                ("plain", f"This instrument is the {TITLE}."),
            ]},
            {"number": "2", "title": "Commencement", "body": [
                ("plain", "This instrument commences on 1 July 2031."),
            ]},
            {"number": "3", "title": "Authority", "body": [
                ("plain", f"This instrument is made under section 42 of the {ACT}."),
            ]},
            {"number": "4", "title": "Definitions", "body": [
                ("note", "A number of expressions used in this instrument are defined in the Act, including "
                         "eligible person and medical practitioner."),
                ("plain", "In this instrument:"),
                ("def", "Act", f"means the {ACT}."),
                ("def", "approved specialist", "means a medical practitioner who is recognised as a specialist "
                        "in clinical immunology, haematology, neurology or paediatrics and who is registered "
                        "with the Program;"),
                ("def", "course", "means the total quantity of a specified immunoglobulin product given to a "
                        "patient for a single episode of treatment, whether on one day or over consecutive days;"),
                ("def", "initial period", "has the meaning given by subsection 6(2);"),
                ("def", "Program", "means the Highly Specialised Drugs Program established under Part 4 of "
                        "the Act;"),
                ("def", "specified immunoglobulin product", "means normal human immunoglobulin for intravenous "
                        "or subcutaneous use that is entered in the Register of Specified Products kept under "
                        "section 44 of the Act."),
            ]},
        ],
    },
    {
        "number": "Part 2", "title": "Eligibility",
        "sections": [
            {"number": "5", "title": "Eligible patients — general", "body": [
                ("sub", "(1)", "A patient is eligible for treatment with a specified immunoglobulin product under "
                               "the Program if:"),
                ("para", "(a)", "the patient is an eligible person; and"),
                ("para", "(b)", "the treatment is prescribed by an approved specialist; and"),
                ("para", "(c)", "either:"),
                ("subpara", "(i)", "the patient has a condition mentioned in column 2 of an item of the table "
                                   "in Schedule 1, and the circumstances mentioned in column 3 of that item "
                                   "apply to the patient; or"),
                ("subpara", "(ii)", "an approval under section 7 is in force for the patient."),
                ("sub", "(2)", "Despite subsection (1), a patient is not eligible if:"),
                ("para", "(a)", "the patient has had an anaphylactic reaction to a specified immunoglobulin "
                                "product; or"),
                ("para", "(b)", "the patient has selective IgA deficiency with antibodies to IgA, unless a "
                                "product with a low IgA content is to be used."),
                ("note", "The approved specialist must record the patient's weight with each application, "
                         "because the doses in Schedule 1 are expressed in grams per kilogram of body weight."),
                ("sub", "(3)", "A patient's dose is to be worked out on the basis of adjusted body weight if "
                               "the patient's body mass index is 30 or more."),
            ]},
            {"number": "6", "title": "Continuing treatment", "body": [
                ("sub", "(1)", "Treatment may continue beyond the initial period only if:"),
                ("para", "(a)", "the approved specialist has reviewed the patient within the 4 weeks before the "
                                "end of the initial period; and"),
                ("para", "(b)", "the review documents an objective clinical benefit from treatment; and"),
                ("para", "(c)", "either:"),
                ("subpara", "(i)", "a trial of dose reduction or treatment withdrawal has been undertaken in the "
                                   "preceding 12 months; or"),
                ("subpara", "(ii)", "the approved specialist has recorded why such a trial is clinically "
                                    "inappropriate."),
                ("sub", "(2)", "In this instrument, initial period, for a patient, means the period for initial "
                               "treatment mentioned in column 4 of the item of the table in Schedule 1 that "
                               "applies to the patient or, if only one period is mentioned, that period."),
                ("sub", "(3)", "An approval to continue treatment lasts for the period for continuing treatment "
                               "mentioned in column 4 of that item, or, if no such period is mentioned, for one "
                               "further course."),
                ("note", "Objective clinical benefit for a neurological condition is usually shown by a change in "
                         "a validated disability or strength score recorded before and after treatment."),
            ]},
            {"number": "7", "title": "Exceptional circumstances approvals", "body": [
                ("sub", "(1)", "The Secretary may approve treatment for a patient who does not have a condition "
                               "mentioned in Schedule 1 if the Secretary is satisfied that:"),
                ("para", "(a)", "the patient has a serious or life-threatening condition for which no other "
                                "suitable treatment is available; and"),
                ("para", "(b)", "there is evidence that treatment with a specified immunoglobulin product is "
                                "likely to be effective."),
                ("sub", "(2)", "An approval under subsection (1) must be in writing and lasts for no longer than "
                               "3 months."),
            ]},
        ],
    },
]

SCHEDULE = {
    "number": "Schedule 1", "title": "Conditions and circumstances",
    "note": "See paragraph 5(1)(c) and section 6.",
    "headers": ["Item", "Condition", "Circumstances in which treatment is available",
                "Maximum period of approval"],
    "rows": [
        {
            "item": "1",
            "condition": "Chronic inflammatory demyelinating polyneuropathy",
            "tree": N("AND", None, [
                "the diagnosis has been confirmed by an approved specialist in neurology on the basis of "
                "nerve conduction studies showing features of demyelination",
                "the patient has an Inflammatory Neuropathy Cause and Treatment (INCAT) disability score "
                "of 2 or more",
                N("OR", "either:", [
                    "corticosteroids are contraindicated or have not been tolerated",
                    "the patient has had an inadequate response to at least 12 weeks of corticosteroid therapy",
                ]),
                "other causes of demyelinating neuropathy, including IgM paraproteinaemia with anti-MAG "
                "antibodies and POEMS syndrome, have been excluded",
                "induction treatment is at a dose not exceeding 2 g/kg per course",
                "maintenance treatment is at a dose of 0.4 to 1 g/kg every 3 weeks",
            ]),
            "thresholds": [T("INCAT disability score", ">=", 2, None)],
            "doses": [D(2, "g/kg", None, max="2 g/kg per course"),
                      D(0.4, "g/kg", "every 3 weeks", amount_max=1)],
            "note": None,
            "period": "6 months for initial treatment; 12 months for continuing treatment",
        },
        {
            "item": "2",
            "condition": "Multifocal motor neuropathy",
            "tree": N("AND", None, [
                "the diagnosis has been confirmed by an approved specialist in neurology",
                "the patient has progressive, asymmetric weakness of the limbs without objective sensory loss",
                N("OR", "either:", [
                    "nerve conduction studies show definite or probable motor conduction block outside the "
                    "usual sites of compression",
                    "anti-GM1 IgM antibodies are present together with nerve hypertrophy on magnetic resonance "
                    "imaging of the brachial plexus",
                ]),
                "the patient has a disability score of 1 or more on the Overall Neuropathy Limitations Scale "
                "(ONLS)",
                "treatment is at a dose not exceeding 2 g/kg per course",
            ]),
            "thresholds": [T("ONLS", ">=", 1, None)],
            "doses": [D(2, "g/kg", None, max="2 g/kg per course")],
            "note": None,
            "period": "6 months for initial treatment; 12 months for continuing treatment",
        },
        {
            "item": "3",
            "condition": "Immune thrombocytopenia in adults",
            "tree": N("AND", None, [
                "the patient is at least 18 years of age",
                Prose("the patient has a platelet count of less than 30 × 10⁹/L, or a platelet count of less "
                      "than 50 × 10⁹/L with active bleeding",
                      N("OR", None, [
                          "a platelet count of less than 30 × 10⁹/L",
                          "a platelet count of less than 50 × 10⁹/L with active bleeding",
                      ])),
                N("OR", "either:", [
                    "corticosteroids have been ineffective or are contraindicated",
                    "a rapid increase in platelet count is needed before a surgical or dental procedure that "
                    "cannot be delayed",
                ]),
                "treatment is at a dose not exceeding 2 g/kg per course",
            ]),
            "thresholds": [T("age", ">=", 18, "years"),
                           T("platelet count", "<", 30, "x10^9/L"),
                           T("platelet count", "<", 50, "x10^9/L")],
            "doses": [D(2, "g/kg", None, max="2 g/kg per course")],
            "note": "A further course requires a new approval under this item.",
            "period": "1 course",
        },
        {
            "item": "4",
            "condition": "Kawasaki disease",
            "tree": N("AND", None, [
                N("OR", None, [
                    "the patient has complete Kawasaki disease, being fever for at least 5 days together with "
                    "the principal clinical features of the disease",
                    "the patient has incomplete Kawasaki disease with coronary artery abnormalities on "
                    "echocardiography",
                ], flat=True),
                "treatment is started within 10 days of the onset of fever",
                "treatment is a single dose of 2 g/kg",
            ]),
            "thresholds": [],
            "doses": [D(2, "g/kg", "single dose")],
            "note": "Treatment is to be given together with aspirin unless aspirin is contraindicated.",
            "period": "1 course",
        },
        {
            "item": "5",
            "condition": "Primary immunodeficiency with antibody deficiency",
            "tree": N("AND", None, [
                "the diagnosis has been made by an approved specialist in clinical immunology",
                N("OR", "the patient has any of the following:", [
                    "common variable immunodeficiency",
                    "X-linked or autosomal recessive agammaglobulinaemia",
                    "severe combined immunodeficiency",
                    "another primary immunodeficiency with a demonstrated deficit of specific antibody "
                    "production",
                ]),
                N("OR", "the patient has at least 2 of the following:", [
                    "a serum IgG level of less than 4 g/L",
                    "2 or more serious bacterial infections in the preceding 12 months",
                    "an absent or impaired specific antibody response to polysaccharide or protein vaccines",
                    "bronchiectasis confirmed by computed tomography",
                ], min=2, sep=";"),
                "treatment is at a dose of 0.4 to 0.6 g/kg every 4 weeks",
            ]),
            "thresholds": [T("IgG", "<", 4, "g/L")],
            "doses": [D(0.4, "g/kg", "every 4 weeks", amount_max=0.6)],
            "note": None,
            "period": "12 months",
        },
    ],
}


# --------------------------------------------------------------------------
# DOCX
# --------------------------------------------------------------------------

def base_document():
    d = docx.Document()
    st = d.styles["Normal"]
    st.font.name = FONT
    st.font.size = Pt(11)
    rpr = st.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.append(rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), FONT)
    st.paragraph_format.space_after = Pt(4)
    st.paragraph_format.space_before = Pt(0)
    st.paragraph_format.line_spacing = 1.0
    sec = d.sections[0]
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    sec.left_margin = sec.right_margin = Cm(2.5)
    sec.top_margin, sec.bottom_margin = Cm(2.2), Cm(2.2)
    return d


def add_page_field(run):
    for tag, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if tag:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), tag)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)


def add_footer(d):
    f = d.sections[0].footer
    p = f.paragraphs[0]
    p.paragraph_format.tab_stops.add_tab_stop(Cm(16.0), alignment=2)  # right
    r = p.add_run(TITLE)
    r.italic = True
    r.font.size = Pt(8)
    r = p.add_run("\t")
    r.font.size = Pt(8)
    r = p.add_run()
    r.font.size = Pt(8)
    add_page_field(r)
    top = OxmlElement("w:pBdr")
    b = OxmlElement("w:top")
    for k, v in (("w:val", "single"), ("w:sz", "4"), ("w:space", "4"), ("w:color", "000000")):
        b.set(qn(k), v)
    top.append(b)
    p._p.get_or_add_pPr().append(top)


def hanging(d_or_cell, num, text, left, hang, size=None, space_after=3):
    p = d_or_cell.add_paragraph()
    pf = p.paragraph_format
    pf.left_indent = Cm(left)
    pf.first_line_indent = Cm(-hang)
    pf.tab_stops.add_tab_stop(Cm(left))
    pf.space_after = Pt(space_after)
    r = p.add_run(f"{num}\t{text}")
    if size:
        r.font.size = Pt(size)
    return p


def bold_line(d, text, size, space_before, keep=True):
    p = d.add_paragraph()
    pf = p.paragraph_format
    pf.space_before = Pt(space_before)
    pf.space_after = Pt(6)
    pf.keep_with_next = keep
    pf.left_indent = Cm(1.0)
    pf.first_line_indent = Cm(-1.0)
    pf.tab_stops.add_tab_stop(Cm(1.0))
    r = p.add_run(text)
    r.bold = True
    r.font.size = Pt(size)
    return p


def add_body(d, body):
    for para in body:
        kind = para[0]
        if kind == "plain":
            p = d.add_paragraph(para[1])
            p.paragraph_format.left_indent = Cm(1.0)
        elif kind == "sub":
            hanging(d, para[1], para[2], 1.0, 0.8)
        elif kind == "para":
            hanging(d, para[1], para[2], 1.8, 0.8)
        elif kind == "subpara":
            hanging(d, para[1], para[2], 2.7, 0.9)
        elif kind == "note":
            p = hanging(d, "Note:", para[1], 2.4, 1.4, size=9.5, space_after=5)
            p.paragraph_format.space_before = Pt(3)
        elif kind == "def":
            p = d.add_paragraph()
            p.paragraph_format.left_indent = Cm(1.0)
            p.paragraph_format.space_after = Pt(3)
            r = p.add_run(para[1])
            r.bold = True
            r.italic = True
            p.add_run(" " + para[2])
        else:
            raise ValueError(kind)


def set_cell_shading(cell, hex_fill):
    tcPr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), hex_fill)
    tcPr.append(shd)


def mark_header_row(row):
    trPr = row._tr.get_or_add_trPr()
    h = OxmlElement("w:tblHeader")
    h.set(qn("w:val"), "true")
    trPr.append(h)


def set_table_borders(table):
    tblPr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "bottom", "insideH"):
        e = OxmlElement(f"w:{edge}")
        for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "0"), ("w:color", "000000")):
            e.set(qn(k), v)
        borders.append(e)
    for edge in ("left", "right", "insideV"):
        e = OxmlElement(f"w:{edge}")
        e.set(qn("w:val"), "nil")
        borders.append(e)
    tblPr.append(borders)


def first_par(cell, text, bold=False, size=10):
    cell.text = ""
    p = cell.paragraphs[0]
    p.paragraph_format.space_after = Pt(2)
    r = p.add_run(text)
    r.bold = bold
    r.font.size = Pt(size)
    return p


COLW = [Cm(1.1), Cm(3.4), Cm(8.6), Cm(2.9)]


def build_docx(path: Path):
    d = base_document()
    add_footer(d)
    tb = TITLE_BLOCK
    p = d.add_paragraph()
    p.paragraph_format.space_before = Pt(24)
    p.paragraph_format.space_after = Pt(10)
    r = p.add_run(TITLE)
    r.bold = True
    r.font.size = Pt(18)
    p = d.add_paragraph(tb["made_under"])
    p.runs[0].italic = True
    p.paragraph_format.space_after = Pt(10)
    p = d.add_paragraph()
    r = p.add_run(tb["disclaimer"])
    r.italic = True
    r.font.size = Pt(9)
    p.paragraph_format.space_after = Pt(18)
    d.add_paragraph(tb["enacting"]).paragraph_format.space_after = Pt(12)
    d.add_paragraph(tb["dated"]).paragraph_format.space_after = Pt(30)
    for i, line in enumerate(tb["signature"]):
        sp = d.add_paragraph(line)
        sp.paragraph_format.space_after = Pt(0)
        if i == 0:
            sp.runs[0].bold = True

    for part in PARTS:
        bold_line(d, f"{part['number']} — {part['title']}", 14, 22)
        for sec in part["sections"]:
            bold_line(d, f"{sec['number']}\t{sec['title']}", 12, 12)
            add_body(d, sec["body"])

    # Schedule on a new page
    p = bold_line(d, f"{SCHEDULE['number']} — {SCHEDULE['title']}", 14, 0)
    p.paragraph_format.page_break_before = True
    p.paragraph_format.left_indent = Cm(0)
    p.paragraph_format.first_line_indent = Cm(0)
    np_ = d.add_paragraph()
    np_.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    r = np_.add_run("Note: " + SCHEDULE["note"])
    r.font.size = Pt(9.5)
    np_.paragraph_format.space_after = Pt(8)

    t = d.add_table(rows=1, cols=4)
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    set_table_borders(t)
    hdr = t.rows[0]
    mark_header_row(hdr)
    for c, txt in zip(hdr.cells, SCHEDULE["headers"]):
        first_par(c, txt, bold=True, size=10)
        set_cell_shading(c, "E7E7E7")
    for row in SCHEDULE["rows"]:
        tr = t.add_row()
        cs = OxmlElement("w:cantSplit")
        cs.set(qn("w:val"), "true")
        tr._tr.get_or_add_trPr().append(cs)
        cells = tr.cells
        first_par(cells[0], row["item"])
        first_par(cells[1], row["condition"])
        cells[2].text = ""
        first = True
        for level, m, text in render(row["tree"]):
            left, hang = (0.8, 0.8) if level == 0 else (1.6, 0.8)
            if first:
                p = cells[2].paragraphs[0]
                pf = p.paragraph_format
                pf.left_indent = Cm(left)
                pf.first_line_indent = Cm(-hang)
                pf.tab_stops.add_tab_stop(Cm(left))
                pf.space_after = Pt(2)
                rr = p.add_run(f"{m}\t{text}")
                rr.font.size = Pt(10)
                first = False
            else:
                hanging(cells[2], m, text, left, hang, size=10, space_after=2)
        if row["note"]:
            p = hanging(cells[2], "Note:", row["note"], 1.2, 1.2, size=9, space_after=2)
            p.paragraph_format.space_before = Pt(4)
        first_par(cells[3], row["period"])
    for i, w in enumerate(COLW):
        t.columns[i].width = w
    for row in t.rows:
        for i, w in enumerate(COLW):
            row.cells[i].width = w
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    t._tbl.tblPr.append(layout)
    d.add_paragraph()
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


# --------------------------------------------------------------------------
# Gold
# --------------------------------------------------------------------------

def sections():
    secs = []
    for part in PARTS:
        secs.append({"number": part["number"], "title": part["title"], "level": 1, "page": None})
        for s in part["sections"]:
            secs.append({"number": s["number"], "title": s["title"], "level": 2, "page": None})
    secs.append({"number": SCHEDULE["number"], "title": SCHEDULE["title"], "level": 1, "page": None})
    return secs


def heading_regex(sec):
    num = re.escape(sec["number"])
    title = r"\s*".join(re.escape(w) for w in sec["title"].split())
    if sec["number"].startswith(("Part", "Schedule")):
        return re.compile(rf"^\s*{num}\s*—\s*{title}\s*$")
    return re.compile(rf"^\s*{num}\s*{title}\s*$")


def indications():
    crit_label, period_label = SCHEDULE["headers"][2], SCHEDULE["headers"][3]
    inds = []
    for row in SCHEDULE["rows"]:
        lines = [text for _, _, text in render(row["tree"])]
        fields = [{
            "label": crit_label, "role": "selection_criteria", "text": "\n".join(lines),
            "criteria": gold_tree(row["tree"]),
            "thresholds": row["thresholds"], "doses": row["doses"],
        }]
        if row["note"]:
            fields.append({"label": "Note", "role": "notes", "text": row["note"],
                           "thresholds": [], "doses": []})
        fields.append({"label": period_label, "role": "duration", "text": row["period"],
                       "thresholds": [], "doses": []})
        inds.append({"name": row["condition"], "fields": fields})
    return inds


def check_strings():
    s = [TITLE, TITLE_BLOCK["made_under"], TITLE_BLOCK["disclaimer"]]
    for sec in sections():
        s.append(sec["title"])
    s.extend(SCHEDULE["headers"])
    for row in SCHEDULE["rows"]:
        s.append(row["condition"])
        s.extend(leaves(row["tree"]))
        s.extend(stems(row["tree"]))
        s.extend(text for _, _, text in render(row["tree"]))
        if row["note"]:
            s.append("Note:")
            s.append(row["note"])
        s.append(row["period"])
    return s


# --------------------------------------------------------------------------
# Extraction, pages, verification
# --------------------------------------------------------------------------

def norm(s: str) -> str:
    s = s.replace("\u00a0", " ").replace("\u00ad", "").replace("\x02", "").replace("\ufffe", "")
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


def fill_pages(secs, page_texts):
    start = 0
    for sec in secs:
        rx = heading_regex(sec)
        found = None
        for i in range(start, len(page_texts)):
            if any(rx.match(line) for line in re.split(r"[\r\n]+", page_texts[i])):
                found = i
                break
        if found is None:
            raise RuntimeError(f"heading not found in PDF: {sec['number']} {sec['title']!r}")
        sec["page"] = found + 1
        start = found


def verify(strings, text, what):
    hay = norm(text).lower()
    missing = [x for x in strings if norm(x).lower() not in hay]
    if missing:
        print(f"[verify] {what}: {len(missing)} missing", file=sys.stderr)
        for m in missing:
            print("   -", m, file=sys.stderr)
    return missing


def verify_gold(inds):
    """Structural checks of the gold against CONVENTIONS."""
    problems = []
    tree_roles = {"selection_criteria", "exclusion_criteria", "continuation_criteria", "diagnosis"}

    def walk(node, path):
        if isinstance(node, str):
            if node.rstrip().lower().endswith((" and", " or", ";", ":")):
                problems.append(f"{path}: leaf ends with connective/stem mark: {node!r}")
            return
        if len(node["items"]) < 2:
            problems.append(f"{path}: node with fewer than 2 items")
        for x in node["items"]:
            if isinstance(x, dict) and x["stem"] is None and x["op"] == node["op"]:
                problems.append(f"{path}: unmerged same-op child")
            walk(x, path + "/")

    for ind in inds:
        for f in ind["fields"]:
            if ("criteria" in f) != (f["role"] in tree_roles):
                problems.append(f"{ind['name']}: criteria presence vs role {f['role']}")
            if "criteria" in f:
                walk(f["criteria"], ind["name"])
            if f["label"] and f["label"].endswith(":"):
                problems.append(f"{ind['name']}: label with colon")
    for p in problems:
        print("[gold]", p, file=sys.stderr)
    return problems


def write_gold(kind, producer, secs, inds):
    gold = {
        "source": f"corpora/policies/{SET}/{DOCNAME}.{kind}",
        "producer": producer,
        "style": STYLE,
        "title": TITLE,
        "sections": secs,
        "indications": inds,
    }
    out = GOLD_DIR / f"{DOCNAME}_{kind}.json"
    out.write_text(json.dumps(gold, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return out


def main():
    DOC_DIR.mkdir(parents=True, exist_ok=True)
    GOLD_DIR.mkdir(parents=True, exist_ok=True)
    problems = 0

    docx_path = DOC_DIR / f"{DOCNAME}.docx"
    pdf_path = DOC_DIR / f"{DOCNAME}.pdf"
    build_docx(docx_path)
    with tempfile.TemporaryDirectory() as tmp:
        pdf_tmp = docx_to_pdf_libreoffice(docx_path, Path(tmp))
        shutil.copy(pdf_tmp, pdf_path)

    pages = pdf_page_texts(pdf_path)
    secs_pdf = sections()
    fill_pages(secs_pdf, pages)
    inds = indications()
    problems += len(verify_gold(inds))
    write_gold("pdf", "libreoffice", secs_pdf, inds)
    write_gold("docx", "python-docx", sections(), inds)

    checks = check_strings()
    problems += len(verify(checks, "\n".join(pages), f"{DOCNAME}.pdf"))
    problems += len(verify(checks, docx_text(docx_path), f"{DOCNAME}.docx"))
    n_fields = sum(len(i["fields"]) for i in inds)
    n_leaves = sum(len(leaves(r["tree"])) for r in SCHEDULE["rows"])
    print(f"{DOCNAME}: pdf pages={len(pages)}; indications={len(inds)}; fields={n_fields}; "
          f"leaves={n_leaves}")
    print("sections:", [(s["number"], s["title"], s["page"]) for s in secs_pdf])

    if problems:
        print(f"VERIFY FAILED: {problems} problems", file=sys.stderr)
        return 1
    print("verify OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
