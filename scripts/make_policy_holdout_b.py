#!/usr/bin/env python3
"""Generate holdout set B of blind policy test documents and their gold JSON.

Two invented documents (content is fictional, written for software testing, not
clinical guidance), each rendered to PDF and DOCX from one Python data source:

1. ``ie_ig_protocol`` -- house style of an Irish / European national
   "immunoglobulin demand management" protocol: numbered headings (1, 2, ...,
   6.1 ... 6.6, Appendix A), one heading per indication followed by a run-in
   "Priority: Red/Amber/Grey" line and bold labelled blocks "Eligibility",
   "Exclusions", "Dosage", "Efficacy outcome measures", "Review" (plus the
   occasional "Diagnosis", "Note", "Approval duration", "Stopping criteria").
   Eligibility is a lettered list "(a) ... (b) ..." with capital AND/OR at the
   end of items or on their own line, nested "(i) (ii)" lists, and prose
   paragraphs.  Built as DOCX with python-docx (producer "python-docx"), then
   converted to PDF with headless LibreOffice (producer "libreoffice").

2. ``pa_criteria_forms`` -- house style of a US state Medicaid prior
   authorization criteria form set: lettered parts (A., B., C.) with A.1-style
   sub-headings, one heading per drug/indication, then a boxed "Criteria for
   approval" table with numbered rows 1-6, an instruction row ("Approve if ALL
   of criteria 1-4 AND EITHER 5 OR 6 are met") and a "Met?" check-box column,
   followed by "Approval period", "Renewal criteria", "Exclusion criteria",
   "Dosing limits" and "Quantity limit" blocks.  Rendered as HTML printed to PDF
   by headless Chromium (producer "chromium"), and separately as DOCX with
   python-docx (producer "python-docx").

How the gold is made: every criteria list is held as a small tree (class
``C``: op, stem, min, items, plus how it is printed -- connectives at the end
of items, on their own line, or none; numbering glyphs).  The same tree is
rendered into the documents and serialised into the gold criteria tree, so
leaves are exactly the printed item texts.  Prose criteria (class ``Prose``)
carry a hand-written tree whose leaves are checked to be substrings of the
printed sentence.  Field "text" is the printed lines without label, numbers or
glyphs.  Thresholds and doses are hand-listed per field and checked to occur in
the field text.  PDF page numbers of section headings are found afterwards by
searching pypdfium2 page texts; DOCX pages are null.  The script then verifies
that every section title and every criteria leaf occurs in the PDF text and
prints a summary.

Usage: make_policy_holdout_b.py [--out DOCS_DIR] [--gold GOLD_DIR]
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

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "corpora" / "policies" / "holdout"
DEFAULT_GOLD = ROOT / "corpora" / "gold" / "policy" / "holdout"
SET_NAME = "holdout"

# ---------------------------------------------------------------------------
# content model
# ---------------------------------------------------------------------------


class C:
    """A criteria node.

    conn: how connectives are printed between items:
      'end'   -> "; AND" / "; OR" appended to items (case per `case`)
      'line'  -> a bare "AND"/"OR" line between items
      None    -> no connectives (the stem says how items combine)
      'table' -> items are numbered rows of a criteria table
    A stemless child node is printed inline at its parent's level (its items
    continue the parent's numbering); a child with a stem is printed as an
    item whose text is the stem, followed by a nested sub-list.
    """

    def __init__(self, op, items, stem=None, min=None, conn=None, case="upper",
                 sep="; "):
        assert op in ("AND", "OR")
        self.op, self.items, self.stem, self.min = op, items, stem, min
        self.conn, self.case, self.sep = conn, case, sep

    def word(self, op=None):
        w = op or self.op
        return w if self.case == "upper" else w.lower()


class Prose:
    """A prose paragraph that states criteria; `tree` leaves must occur in text."""

    def __init__(self, text, tree):
        self.text, self.tree = text, tree


class Para:
    def __init__(self, text):
        self.text = text


class Lines:
    """Plain lines (each its own paragraph), optionally with a bullet glyph."""

    def __init__(self, lines, glyph=None):
        self.lines, self.glyph = lines, glyph


class Table:
    def __init__(self, rows, widths=None):
        self.rows, self.widths = rows, widths


class F:
    """A labelled field of an indication."""

    def __init__(self, label, role, blocks, thresholds=(), doses=(), inline=False,
                 styles=None, root_op="AND"):
        self.label, self.role = label, role
        self.blocks = blocks if isinstance(blocks, list) else [blocks]
        self.thresholds, self.doses = list(thresholds), list(doses)
        self.inline, self.styles, self.root_op = inline, styles, root_op


class Sec:
    def __init__(self, number, title, level, blocks=(), fields=None, printed=None):
        self.number, self.title, self.level = number, title, level
        self.blocks = list(blocks)
        self.fields = fields  # not None -> this section is an indication
        if printed is None:
            printed = f"{number} {title}" if number else title
        self.printed = printed


def T(analyte, comparator, value, unit=None, value_max=None):
    return {"analyte": analyte, "comparator": comparator, "value": value,
            "value_max": value_max, "unit": unit}


def D(amount, unit, frequency=None, amount_max=None, mx=None):
    return {"amount": amount, "amount_max": amount_max, "unit": unit,
            "frequency": frequency, "max": mx}


# numbering styles ----------------------------------------------------------
ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"]


def mk_paren_alpha(n):
    return f"({chr(96 + n)})"


def mk_paren_roman(n):
    return f"({ROMAN[n - 1]})"


def mk_num_dot(n):
    return f"{n}."


def mk_alpha_dot(n):
    return f"{chr(96 + n)}."


def mk_roman_dot(n):
    return f"{ROMAN[n - 1]}."


def glyph(g):
    return lambda n: g


IE_STYLES = [mk_paren_alpha, mk_paren_roman, mk_alpha_dot]
PA_TABLE_STYLES = [mk_num_dot, mk_alpha_dot, mk_roman_dot]
PA_NUM_STYLES = [mk_num_dot, mk_alpha_dot, mk_roman_dot]
PA_BULLET_STYLES = [glyph("•"), glyph("◦"), glyph("–")]
PA_DASH_STYLES = [glyph("–"), glyph("◦"), glyph("·")]


# rendering of criteria nodes into abstract lines --------------------------
# a line is dict(kind='stem'|'item'|'conn', depth, marker, text)

def _entries(node):
    """Flatten stemless child groups: list of (entry, word_after)."""
    out = []
    n = len(node.items)
    for i, it in enumerate(node.items):
        last = i == n - 1
        if isinstance(it, C) and it.stem is None:
            if node.conn != "table":
                assert node.conn in ("end", "line") and node.op == "AND" and it.op == "OR", \
                    "inline groups only as OR inside an AND list with connectives"
            sub = []
            m = len(it.items)
            for j, sit in enumerate(it.items):
                assert not (isinstance(sit, C) and sit.stem is None)
                w = node.word(it.op) if j < m - 1 else (None if last else node.word())
                sub.append((sit, w))
            out.extend(sub)
        else:
            out.append((it, None if last else node.word()))
    return out


def render_node(node, styles, depth=0, with_stem=True):
    lines = []
    if with_stem and node.stem:
        lines.append(dict(kind="stem", depth=depth, marker="", text=node.stem))
    for k, (ent, w) in enumerate(_entries(node), start=1):
        marker = styles[depth](k)
        if isinstance(ent, C):
            lines.append(dict(kind="item", depth=depth, marker=marker, text=ent.stem))
            lines.extend(render_node(ent, styles, depth + 1, with_stem=False))
            if w and node.conn in ("end", "line"):
                lines.append(dict(kind="conn", depth=depth, marker="", text=w))
        else:
            text = ent
            if w and node.conn == "end":
                text = f"{ent}{node.sep}{w}"
            lines.append(dict(kind="item", depth=depth, marker=marker, text=text))
            if w and node.conn == "line":
                lines.append(dict(kind="conn", depth=depth, marker="", text=w))
    return lines


def table_rows(node, styles):
    """For conn='table': list of rows (number, text, sub_lines)."""
    rows = []
    for k, (ent, _w) in enumerate(_entries(node), start=1):
        if isinstance(ent, C):
            rows.append((str(k), ent.stem, render_node(ent, styles, 1, with_stem=False)))
        else:
            rows.append((str(k), ent, []))
    return rows


# gold trees ------------------------------------------------------------------

def to_gold(node):
    d = {"op": node.op, "stem": node.stem}
    if node.min:
        d["min"] = node.min
    d["items"] = [to_gold(i) if isinstance(i, C) else i for i in node.items]
    return d


def normalize(t, is_root=True):
    if isinstance(t, str):
        return t
    items = []
    for it in t["items"]:
        it = normalize(it, False)
        if (isinstance(it, dict) and it["op"] == t["op"] and it["stem"] is None
                and "min" not in it and "min" not in t):
            items.extend(it["items"])
        else:
            items.append(it)
    t = dict(t, items=items)
    if not is_root and len(items) == 1 and t["stem"] is None:
        return items[0]
    return t


def leaves(t):
    if isinstance(t, str):
        return [t]
    out = []
    for i in t["items"]:
        out.extend(leaves(i))
    return out


def field_criteria(f):
    trees = []
    for b in f.blocks:
        if isinstance(b, C):
            trees.append(to_gold(b))
        elif isinstance(b, Prose):
            trees.append(to_gold(b.tree))
            for lf in leaves(to_gold(b.tree)):
                assert lf in b.text, (lf, b.text)
    if not trees:
        return {"op": "AND", "stem": None, "items": []}
    if len(trees) == 1:
        return normalize(trees[0])
    return normalize({"op": f.root_op, "stem": None, "items": trees})


def field_text_lines(f, styles):
    out = []
    for b in f.blocks:
        if isinstance(b, C):
            if b.conn == "table":
                out.append(b.stem)
                for _n, text, sub in table_rows(b, styles):
                    out.append(text)
                    out.extend(l["text"] for l in sub)
            else:
                out.extend(l["text"] for l in render_node(b, styles))
        elif isinstance(b, (Prose, Para)):
            out.append(b.text)
        elif isinstance(b, Lines):
            out.extend(b.lines)
        elif isinstance(b, Table):
            out.extend(" ".join(r) for r in b.rows)
    return out


CRIT_ROLES = {"selection_criteria", "exclusion_criteria", "continuation_criteria", "diagnosis"}


def _numstr(v):
    s = f"{v:g}"
    return s


def gold_field(f, styles):
    lines = field_text_lines(f, styles)
    text = "\n".join(lines)
    d = {"label": f.label, "role": f.role, "text": text}
    if f.role in CRIT_ROLES:
        d["criteria"] = field_criteria(f)
    else:
        assert not any(isinstance(b, (C, Prose)) for b in f.blocks), f.label
    for t in f.thresholds:
        for v in (t["value"], t["value_max"]):
            if v is not None:
                assert _numstr(abs(v)) in text, (f.label, t, text)
    for dd in f.doses:
        assert _numstr(dd["amount"]) in text, (f.label, dd)
        if dd["frequency"]:
            assert dd["frequency"] in text, (f.label, dd)
        if dd["max"]:
            assert dd["max"] in text, (f.label, dd)
    d["thresholds"] = f.thresholds
    d["doses"] = f.doses
    return d


# ---------------------------------------------------------------------------
# Document 1: national immunoglobulin demand management protocol (IE style)
# ---------------------------------------------------------------------------

IE_TITLE = "National Immunoglobulin Demand Management Protocol"
IE_SUBTITLE = ("Guidance on the prescribing, approval and review of intravenous and "
               "subcutaneous immunoglobulin in adults and children")
IE_FOOTER = "NIDMP Version 3.0 | Uncontrolled when printed | Page "


def ie_priority(colour):
    return F("Priority", None, Para(colour), inline=True)


OUTCOME = "Efficacy outcome measures"

IE_INDICATIONS = [
    Sec("6.1", "Primary immunodeficiency disorders with antibody deficiency", 2, fields=[
        ie_priority("Red"),
        F("Eligibility", "selection_criteria", C(
            "AND", stem="Ig replacement therapy may be started when the patient meets the following criteria:",
            conn="end", items=[
                "a diagnosis of a primary immunodeficiency disorder has been made by, or in consultation with, a consultant clinical immunologist",
                C("OR", stem="antibody deficiency is demonstrated by one of the following:", conn="end", items=[
                    "serum IgG below 4 g/L, excluding any paraprotein",
                    "serum IgG of 4 g/L or above with documented failure to respond to polysaccharide or protein antigen challenge",
                    "a genetically confirmed defect known to cause antibody failure",
                ]),
                C("OR", items=[
                    "at least three bacterial infections requiring antibiotic treatment in the previous 12 months",
                    "one severe or invasive bacterial infection requiring hospital admission, such as pneumonia, meningitis or sepsis",
                ]),
            ]),
            thresholds=[T("IgG", "<", 4, "g/L"), T("IgG", ">=", 4, "g/L")]),
        F("Note", "notes", Para(
            "Patients with a genetically confirmed severe antibody defect, such as X-linked "
            "agammaglobulinaemia, may start Ig at diagnosis without meeting criterion (c) or (d).")),
        F("Exclusions", "exclusion_criteria", C(
            "OR", stem="Ig replacement is not approved in any of the following circumstances:", conn="end", items=[
                "selective IgA deficiency",
                "isolated IgG subclass deficiency with normal specific antibody responses",
                "transient hypogammaglobulinaemia of infancy without severe or recurrent infection",
                "hypogammaglobulinaemia secondary to protein loss where the underlying cause has not been treated",
            ])),
        F("Dosage", "dose", Lines([
            "IVIg: 0.4 to 0.6 g/kg every 3 to 4 weeks (maximum 1 g/kg in any 4-week period).",
            "SCIg: 0.1 to 0.15 g/kg every week; the weekly total may be divided into smaller, more frequent infusions.",
            "Adjust the dose to achieve a trough IgG of at least 7 g/L, or 8 to 10 g/L in patients with bronchiectasis.",
        ]), thresholds=[T("trough IgG", ">=", 7, "g/L"), T("trough IgG", "range", 8, "g/L", 10)],
            doses=[D(0.4, "g/kg", "every 3 to 4 weeks", 0.6, "1 g/kg in any 4-week period"),
                   D(0.1, "g/kg", "every week", 0.15)]),
        F(OUTCOME, "outcome_measures", Lines([
            "number of bacterial infections and antibiotic courses per year",
            "days in hospital and days lost from school or work because of infection",
            "trough IgG, measured at least every 6 months",
        ], glyph="•")),
        F("Review", "continuation_criteria", C(
            "AND", stem="At the annual review by the treating immunologist, Ig replacement should continue only where:",
            conn="end", items=[
                "trough IgG has been maintained at 7 g/L or above",
                "the frequency or severity of infection has fallen compared with the year before treatment",
            ]), thresholds=[T("trough IgG", ">=", 7, "g/L")]),
    ]),
    Sec("6.2", "Immune thrombocytopenia (ITP) in adults", 2, fields=[
        ie_priority("Red"),
        F("Eligibility", "selection_criteria", C(
            "AND", stem="Ig is approved in adult ITP when the following criteria are met:", conn="end", items=[
                "the patient is aged 18 years or over with a confirmed diagnosis of primary ITP",
                C("OR", stem="one of the following applies:", conn="end", items=[
                    "platelet count below 30 x 10^9/L with active bleeding of WHO grade 2 or above",
                    "platelet count below 10 x 10^9/L, irrespective of bleeding",
                    "platelet count below 50 x 10^9/L where an urgent rise is needed before surgery or another invasive procedure",
                ]),
                "corticosteroids alone are unsuitable or unlikely to act quickly enough, in the opinion of the treating haematologist",
            ]),
            thresholds=[T("age", ">=", 18, "years"), T("platelet count", "<", 30, "x10^9/L"),
                        T("WHO bleeding grade", ">=", 2, None), T("platelet count", "<", 10, "x10^9/L"),
                        T("platelet count", "<", 50, "x10^9/L")]),
        F("Exclusions", "exclusion_criteria", Prose(
            "Ig is not approved for asymptomatic patients with a platelet count of 30 x 10^9/L or above "
            "who have no planned procedure, or as maintenance therapy for chronic ITP in place of "
            "thrombopoietin receptor agonists or other second-line treatments.",
            C("OR", items=[
                "asymptomatic patients with a platelet count of 30 x 10^9/L or above who have no planned procedure",
                "as maintenance therapy for chronic ITP in place of thrombopoietin receptor agonists or other second-line treatments",
            ])), thresholds=[T("platelet count", ">=", 30, "x10^9/L")]),
        F("Dosage", "dose", Lines([
            "Bleeding or severe thrombocytopenia: 1 g/kg once, which may be repeated once within 3 days "
            "if the response is inadequate (maximum 2 g/kg per episode).",
            "Before surgery or an invasive procedure: 1 g/kg daily for 2 consecutive days.",
        ]), doses=[D(1, "g/kg", "once", mx="2 g/kg per episode"),
                   D(1, "g/kg", "daily for 2 consecutive days")]),
        F(OUTCOME, "outcome_measures", Lines([
            "platelet count before treatment and 2 to 7 days after each course",
            "WHO bleeding grade before and after treatment",
            "need for platelet transfusion or other rescue therapy",
        ], glyph="•")),
        F("Review", "continuation_criteria", C(
            "AND", stem="A further course for a new bleeding episode is approved only when both of the following apply:",
            items=[
                "the previous course raised the platelet count to 30 x 10^9/L or above",
                "the patient has been referred for, or is receiving, second-line therapy",
            ]), thresholds=[T("platelet count", ">=", 30, "x10^9/L")]),
    ]),
    Sec("6.3", "Chronic inflammatory demyelinating polyradiculoneuropathy (CIDP)", 2, fields=[
        ie_priority("Red"),
        F("Diagnosis", "diagnosis", Prose(
            "The diagnosis must be made by a consultant neurologist and must fulfil the EAN/PNS 2021 "
            "electrodiagnostic and clinical criteria for typical CIDP or a CIDP variant.",
            C("AND", items=[
                "must be made by a consultant neurologist",
                "must fulfil the EAN/PNS 2021 electrodiagnostic and clinical criteria for typical CIDP or a CIDP variant",
            ]))),
        F("Eligibility", "selection_criteria", C(
            "AND", stem="Induction treatment with Ig is approved where:", conn="line", items=[
                "there is significant functional disability, with an INCAT disability score of 2 or more",
                C("OR", min=2, stem="at least two of the following have been recorded at baseline:", items=[
                    "MRC sum score",
                    "I-RODS centile score",
                    "grip strength measured with a dynamometer",
                    "timed 10-metre walk",
                ]),
                C("OR", items=[
                    "corticosteroids are unsuitable for the patient",
                    "the patient has pure motor CIDP, in which corticosteroids may cause deterioration",
                ]),
            ]), thresholds=[T("INCAT disability score", ">=", 2, None)]),
        F("Exclusions", "exclusion_criteria", C(
            "OR", stem="Ig is not approved for any of the following:", items=[
                "neuropathy associated with IgM paraprotein and anti-MAG antibodies",
                "POEMS syndrome",
                "chronic axonal neuropathy without electrophysiological evidence of demyelination",
            ])),
        F("Dosage", "dose", Lines([
            "Induction: 2 g/kg given over 2 to 5 days.",
            "Maintenance: 0.4 to 1 g/kg every 2 to 6 weeks, starting 3 weeks after induction and titrated to the lowest effective dose.",
            "SCIg maintenance: 0.2 to 0.4 g/kg per week may be used in stable patients as an alternative to IVIg.",
        ]), doses=[D(2, "g/kg", "over 2 to 5 days"), D(0.4, "g/kg", "every 2 to 6 weeks", 1),
                   D(0.2, "g/kg", "per week", 0.4)]),
        F(OUTCOME, "outcome_measures", [
            Para("Response to induction is assessed 6 to 10 weeks after the first course. "
                 "A clinically meaningful response is any of the following:"),
            Lines([
                "a decrease of at least 1 point in the INCAT disability score",
                "an increase of at least 4 points in the I-RODS centile score",
                "an increase of at least 8 kPa in grip strength",
            ], glyph="•")],
            thresholds=[T("INCAT disability score decrease", ">=", 1, "points"),
                        T("I-RODS centile score increase", ">=", 4, "points"),
                        T("grip strength increase", ">=", 8, "kPa")]),
        F("Review", "continuation_criteria", C(
            "AND", stem="At each 6-monthly review, maintenance Ig may continue only if:", conn="end", items=[
                "objective improvement from baseline is sustained on at least one of the outcome measures above",
                "a reduction in dose or an extension of the dosing interval has been attempted within the previous 12 months, unless the patient relapsed on a previous attempt",
            ])),
        F("Stopping criteria", "continuation_criteria", Prose(
            "Ig should be stopped if there is no objective improvement after two induction courses, "
            "or if the patient develops a serious adverse reaction such as thrombosis or renal impairment.",
            C("OR", items=[
                "there is no objective improvement after two induction courses",
                "the patient develops a serious adverse reaction such as thrombosis or renal impairment",
            ]))),
    ]),
    Sec("6.4", "Secondary antibody deficiency associated with haematological malignancy", 2, fields=[
        ie_priority("Amber"),
        F("Eligibility", "selection_criteria", [
            Prose(
                "Ig replacement is approved for adults with secondary antibody deficiency due to a B-cell "
                "malignancy or B-cell-depleting therapy who have a serum IgG below 4 g/L (excluding "
                "paraprotein) and recurrent bacterial infections despite at least 3 months of prophylactic "
                "antibiotics, or who have had a single life-threatening bacterial infection.",
                C("AND", items=[
                    "adults with secondary antibody deficiency due to a B-cell malignancy or B-cell-depleting therapy",
                    C("OR", items=[
                        C("AND", items=[
                            "have a serum IgG below 4 g/L (excluding paraprotein)",
                            "recurrent bacterial infections despite at least 3 months of prophylactic antibiotics",
                        ]),
                        "have had a single life-threatening bacterial infection",
                    ]),
                ])),
            C("AND", stem="All requests must also satisfy both of the following:", conn="end", items=[
                "the request is supported by a consultant haematologist or clinical immunologist",
                "where feasible, the response to pneumococcal polysaccharide vaccine has been tested and found inadequate",
            ]),
        ], thresholds=[T("IgG", "<", 4, "g/L")]),
        F("Exclusions", "exclusion_criteria", C(
            "OR", stem="Ig is not approved for:", conn="end", items=[
                "low serum IgG without a history of significant infection",
                "hypogammaglobulinaemia caused by protein loss (for example nephrotic syndrome), in which the underlying cause should be treated",
                "prevention of infection in patients with a serum IgG of 4 g/L or above",
            ]), thresholds=[T("IgG", ">=", 4, "g/L")]),
        F("Dosage", "dose", Lines([
            "IVIg: 0.4 g/kg every 4 weeks.",
            "SCIg: 0.1 g/kg every week.",
            "Titrate to a trough IgG of at least 6 g/L; a higher trough is rarely required.",
        ]), thresholds=[T("trough IgG", ">=", 6, "g/L")],
            doses=[D(0.4, "g/kg", "every 4 weeks"), D(0.1, "g/kg", "every week")]),
        F("Approval duration", "duration", Para("Initial approval is for 12 months."), inline=True),
        F(OUTCOME, "outcome_measures", Lines([
            "number of infections requiring antibiotics",
            "hospital admissions for infection",
            "trough IgG at 3 months and then every 6 months",
        ], glyph="•")),
        F("Review", "continuation_criteria", C(
            "AND", stem="Continue beyond 12 months only when both of the following apply:", items=[
                "the number of serious infections has fallen compared with the 12 months before treatment",
                "the underlying cause of antibody deficiency persists",
            ])),
        F("Note", "notes", Para(
            "A planned break from Ig over the summer months should be considered for patients who "
            "have been free of serious infection for 12 months.")),
    ]),
    Sec("6.5", "Myasthenia gravis", 2, fields=[
        ie_priority("Amber"),
        F("Eligibility", "selection_criteria", C(
            "OR", stem="Ig is approved in one of the following situations:", conn="end", items=[
                C("OR", stem="impending or established myasthenic crisis, with any of the following:", items=[
                    "forced vital capacity below 20 mL/kg",
                    "significant bulbar weakness with risk of aspiration",
                    "an MG-ADL score of 6 or more with rapid deterioration over days",
                ]),
                C("AND", stem="refractory generalised myasthenia gravis, where all of the following apply:", items=[
                    "inadequate response to, or intolerance of, at least two immunosuppressive agents each given at an adequate dose for at least 12 months",
                    "a QMG score of 11 or more despite optimal treatment",
                    "plasma exchange is unsuitable or unavailable",
                ]),
                "preparation for thymectomy or other surgery in a patient with significant bulbar or respiratory weakness",
            ]),
            thresholds=[T("FVC", "<", 20, "mL/kg"), T("MG-ADL", ">=", 6, None), T("QMG", ">=", 11, None)]),
        F("Exclusions", "exclusion_criteria", Prose(
            "Ig is not approved for purely ocular myasthenia gravis, or as long-term maintenance treatment "
            "in patients who have not first had an adequate trial of standard immunosuppression.",
            C("OR", items=[
                "purely ocular myasthenia gravis",
                "as long-term maintenance treatment in patients who have not first had an adequate trial of standard immunosuppression",
            ]))),
        F("Dosage", "dose", Lines([
            "Myasthenic crisis: 2 g/kg over 2 to 5 days.",
            "Before thymectomy or other surgery: 1 g/kg once, 1 to 2 weeks before the operation.",
            "Refractory disease (maintenance): 0.4 to 1 g/kg every 4 to 6 weeks.",
        ]), doses=[D(2, "g/kg", "over 2 to 5 days"), D(1, "g/kg", "once"),
                   D(0.4, "g/kg", "every 4 to 6 weeks", 1)]),
        F("Approval duration", "duration", Para(
            "Maintenance treatment for refractory disease is approved for an initial period of 6 months."),
            inline=True),
        F(OUTCOME, "outcome_measures", Lines([
            "MG-ADL score",
            "QMG score",
            "forced vital capacity in patients with respiratory involvement",
            "hospital admissions and days in intensive care",
            "daily prednisolone dose",
        ], glyph="•")),
        F("Review", "continuation_criteria", C(
            "AND", stem="Maintenance Ig may be continued at the 6-month review where:", conn="end", items=[
                "the MG-ADL score has improved by at least 2 points from the pre-treatment baseline",
                "an attempt to reduce the dose or extend the interval has been made, or is planned before the next review",
            ]), thresholds=[T("MG-ADL improvement", ">=", 2, "points")]),
    ]),
    Sec("6.6", "Autoimmune encephalitis", 2, fields=[
        ie_priority("Grey"),
        F("Eligibility", "selection_criteria", C(
            "AND", stem="Ig may be approved by the IAP for patients with autoimmune encephalitis who meet all of the following:",
            conn="end", items=[
                "definite or probable autoimmune encephalitis according to the Graus 2016 clinical criteria",
                "a modified Rankin Scale (mRS) score of 3 or more",
                "infective encephalitis has been excluded by CSF analysis, including viral PCR",
                C("OR", stem="either of the following:", conn="end", items=[
                    "first-line corticosteroids have been ineffective or are contraindicated",
                    "the patient is aged under 16 years, when Ig may be used first line with corticosteroids",
                ]),
            ]), thresholds=[T("mRS", ">=", 3, None), T("age", "<", 16, "years")]),
        F("Exclusions", "exclusion_criteria", C(
            "OR", stem="Ig is not approved where any of the following apply:", items=[
                "antibodies are directed only against intracellular antigens (for example anti-Hu or anti-Ma2) without other features of treatment-responsive disease",
                "there has been no objective improvement after two complete courses",
                "plasma exchange is planned within 2 weeks of the proposed Ig course",
            ])),
        F("Dosage", "dose", Lines([
            "2 g/kg over 5 days.",
            "If there is a partial response, further courses of 2 g/kg may be given every 4 weeks, "
            "up to a maximum of 3 courses in total.",
        ]), doses=[D(2, "g/kg", "over 5 days"), D(2, "g/kg", "every 4 weeks", mx="3 courses in total")]),
        F("Approval duration", "duration", Para(
            "Approval by the IAP covers a maximum of 3 courses over 3 months."), inline=True),
        F(OUTCOME, "outcome_measures", Lines([
            "mRS score before each course",
            "seizure frequency",
            "cognitive assessment (for example MoCA) where feasible",
            "length of hospital and intensive care stay",
        ], glyph="•")),
        F("Review", "continuation_criteria", C(
            "AND", stem="Continuation beyond 3 courses requires a new IAP application and is supported only when:",
            conn="end", items=[
                "the mRS score has improved by at least 1 point since the first course",
                "symptoms have recurred when Ig was withheld or the interval was extended",
            ]), thresholds=[T("mRS improvement", ">=", 1, "point")]),
    ]),
]

IE_SECTIONS = [
    Sec(None, "Document control", 1, [Table([
        ["Document reference", "NISG-PROT-003"],
        ["Version", "3.0"],
        ["Approved by", "National Immunoglobulin Stewardship Group"],
        ["Date of approval", "14 March 2024"],
        ["Revision due", "March 2026"],
    ], widths=(5, 10))]),
    Sec("1", "Purpose", 1, [
        Para("This protocol supports the safe, effective and equitable use of human normal "
             "immunoglobulin (Ig) in public hospitals. For each approved indication it sets out the "
             "priority assigned to the indication, the eligibility criteria that must be met before "
             "Ig is issued, the exclusions, the recommended dose and the outcome measures that must be "
             "recorded so that continued use can be reviewed."),
        Para("Immunoglobulin is a finite product derived from donated plasma. Demand management "
             "ensures that patients for whom Ig is the only effective or life-saving therapy continue "
             "to receive it during periods of restricted supply."),
        Para("Specimen document: the content is invented for software testing and is not clinical guidance."),
    ]),
    Sec("2", "Scope", 1, [
        Para("This protocol applies to all prescribers, pharmacists, haemovigilance officers and "
             "blood bank staff involved in the prescribing, approval, issue and administration of "
             "intravenous (IVIg) and subcutaneous (SCIg) immunoglobulin in adults and children."),
        Para("Hyperimmune immunoglobulins (for example anti-D, hepatitis B, tetanus, rabies and "
             "varicella-zoster immunoglobulin) and immunoglobulin used within clinical trials are "
             "outside the scope of this protocol."),
    ]),
    Sec("3", "Definitions and abbreviations", 1, [Table([
        ["Term", "Meaning"],
        ["Ig", "Human normal immunoglobulin, given intravenously (IVIg) or subcutaneously (SCIg)"],
        ["IAP", "Immunoglobulin Approval Panel of the hospital group, which reviews requests for amber and grey indications"],
        ["DDW", "Dose-determining weight, used to calculate the dose in adults whose body mass index is 30 kg/m2 or above"],
        ["INCAT", "Inflammatory Neuropathy Cause and Treatment disability score (0 to 10)"],
        ["I-RODS", "Inflammatory Rasch-built Overall Disability Scale"],
        ["MG-ADL", "Myasthenia Gravis Activities of Daily Living scale"],
        ["QMG", "Quantitative Myasthenia Gravis score"],
        ["mRS", "Modified Rankin Scale"],
        ["Trough IgG", "Serum IgG measured immediately before the next scheduled dose"],
    ], widths=(3, 12))]),
    Sec("4", "Priority classification", 1, [
        Para("Each indication in section 6 is assigned a priority. The priority determines whether "
             "treatment may be started or maintained when national supply is constrained."),
        Table([
            ["Priority", "Meaning", "During a supply shortage"],
            ["Red", "Ig is the principal or only effective treatment, or treatment is life-saving",
             "Supply continues; new patients may start"],
            ["Amber", "Evidence of benefit, but other treatments are available",
             "New patients only with IAP approval; existing patients reviewed for dose reduction"],
            ["Grey", "Limited or conflicting evidence of benefit",
             "Supplied only on individual IAP approval; suspended during a shortage"],
        ], widths=(2.5, 6.5, 6)),
    ]),
    Sec("5", "General principles of dosing", 1, [Lines([
        "Doses in this protocol are expressed per kilogram of body weight. For adults whose body "
        "mass index is 30 kg/m2 or above, calculate the dose using the dose-determining weight.",
        "Round each dose to the nearest whole vial, provided that rounding does not change the "
        "calculated dose by more than 10%.",
        "Use the lowest dose that maintains clinical effect, and consider dose reduction or interval "
        "extension at every review.",
        "Record the product, batch number and dose administered in the patient record and on the "
        "national Ig database for every infusion.",
        "Do not switch between products without a clinical reason.",
    ], glyph="•")]),
    Sec("6", "Indications for immunoglobulin", 1, [
        Para("Sections 6.1 to 6.6 list the approved indications. A request must meet every "
             "eligibility criterion for the indication and none of the exclusions. Red indications "
             "may be approved by the treating consultant; amber and grey indications require IAP "
             "approval before the first dose."),
    ]),
    *IE_INDICATIONS,
    Sec("7", "Review and audit", 1, [
        Para("Every patient receiving Ig must have a documented review at the interval stated for "
             "the indication. Review outcomes are entered on the national Ig database. Treatment "
             "continued without a recorded review will not be issued by the blood bank after a "
             "4-week grace period."),
        Para("The National Immunoglobulin Stewardship Group audits use against this protocol each "
             "year and reports usage by indication to each hospital group."),
    ]),
    Sec("8", "References", 1, [Lines([
        "1. Clinical guidelines for immunoglobulin use, national update. Stewardship Group; 2022.",
        "2. Joint guideline on the diagnosis and treatment of chronic inflammatory demyelinating polyradiculoneuropathy. 2021.",
        "3. International consensus guidance for management of myasthenia gravis, update. 2020.",
        "4. Clinical approach to the diagnosis of autoimmune encephalitis. 2016.",
    ])]),
    Sec("Appendix A", "Immunoglobulin request checklist", 1, [Lines([
        "Indication and priority confirmed against section 6",
        "Eligibility criteria documented in the request",
        "Baseline outcome measures recorded",
        "Dose calculated using actual weight or dose-determining weight",
        "Review date set",
    ], glyph="–")], printed="Appendix A – Immunoglobulin request checklist"),
]

IE_DOC = dict(
    name="ie_ig_protocol", title=IE_TITLE, sections=IE_SECTIONS, styles=IE_STYLES,
    style=("Irish/European national immunoglobulin demand management protocol: numbered headings, "
           "one heading per indication with Priority red/amber/grey line and Eligibility / Exclusions / "
           "Dosage / Efficacy outcome measures / Review blocks; lettered (a)(b) lists with AND/OR"),
)

# ---------------------------------------------------------------------------
# Document 2: US state Medicaid prior authorization criteria forms
# ---------------------------------------------------------------------------

PA_TITLE = "Prior Authorization Criteria: Specialty Biologics and Growth Hormone"


def pa_renewal(node, styles=PA_NUM_STYLES, **kw):
    return F("Renewal criteria", "continuation_criteria", node, styles=styles, **kw)


PA_INDICATIONS = [
    Sec("B.1", "Dupilumab — Moderate-to-Severe Atopic Dermatitis", 2, fields=[
        F("Covered indication", "indication_for_use", Para(
            "Moderate-to-severe atopic dermatitis in members 6 months of age and older whose disease is "
            "not adequately controlled with topical prescription therapies, or when those therapies are "
            "not advisable."), thresholds=[T("age", ">=", 6, "months")]),
        F("Criteria for approval", "selection_criteria", C(
            "AND", stem="Approve if ALL of criteria 1–4 AND EITHER 5 OR 6 are met", conn="table", items=[
                "Member is 6 months of age or older",
                "Prescribed by or in consultation with a dermatologist, allergist or immunologist",
                C("OR", stem="Baseline disease severity documented by at least ONE of the following:", items=[
                    "Eczema Area and Severity Index (EASI) score of 16 or greater",
                    "Investigator's Global Assessment (IGA) score of 3 or greater",
                    "body surface area (BSA) involvement of 10% or greater",
                ]),
                "Dupilumab will not be used in combination with another biologic or a Janus kinase (JAK) inhibitor",
                C("OR", items=[
                    "Inadequate response, intolerance or contraindication to a medium- to super-high-potency topical corticosteroid used daily for at least 28 days",
                    "Inadequate response, intolerance or contraindication to a topical calcineurin inhibitor used for at least 6 weeks",
                ]),
            ]),
            thresholds=[T("age", ">=", 6, "months"), T("EASI", ">=", 16, None), T("IGA", ">=", 3, None),
                        T("BSA", ">=", 10, "%")]),
        F("Approval period", "duration", Para("Initial approval 4 months; renewal 12 months"), inline=True),
        pa_renewal(C("AND", stem="Approve renewal if ALL of the following are met:", conn="end", case="lower",
                     items=[
                         "Member continues to meet criteria 2 and 4 of the initial criteria",
                         C("OR", stem="Positive clinical response documented by ONE of the following:", items=[
                             "EASI score reduced by 50% or more from baseline",
                             "IGA score of 1 or less",
                             "reduction of at least 2 points in IGA score from baseline",
                         ]),
                         "Claims history shows adherence, with at least 80% of days covered in the previous 6 months",
                     ]),
                   thresholds=[T("EASI reduction from baseline", ">=", 50, "%"), T("IGA", "<=", 1, None),
                               T("IGA reduction from baseline", ">=", 2, "points"),
                               T("proportion of days covered", ">=", 80, "%")]),
        F("Exclusion criteria", "exclusion_criteria", C(
            "OR", stem="Do not approve if ANY of the following apply:", items=[
                "Request is for concurrent use with another biologic immunomodulator or a JAK inhibitor",
                "Mild disease (EASI score below 16 and BSA involvement below 10%)",
                "Active helminth infection that has not been treated",
            ]), styles=PA_BULLET_STYLES, thresholds=[T("EASI", "<", 16, None), T("BSA", "<", 10, "%")]),
        F("Dosing limits", "dose", Lines([
            "Loading dose: 600 mg once (two 300 mg injections)",
            "Maintenance: 300 mg every 2 weeks",
            "Pediatric members: weight-based dose as stated in the prescribing information",
        ], glyph="•"), doses=[D(600, "mg", "once"), D(300, "mg", "every 2 weeks")]),
        F("Quantity limit", "dose", Para(
            "2 syringes per 28 days (a one-time override is allowed for the loading dose)"), inline=True,
            doses=[D(2, "syringes", "per 28 days")]),
        F("Required documentation", None, Lines([
            "chart notes with baseline EASI, IGA or BSA",
            "names, strengths and dates of prior topical therapies",
            "current medication list",
        ], glyph="•")),
    ]),
    Sec("B.2", "Mepolizumab — Severe Eosinophilic Asthma", 2, fields=[
        F("Covered indication", "indication_for_use", Para(
            "Add-on maintenance treatment of severe asthma with an eosinophilic phenotype in members "
            "6 years of age and older."), thresholds=[T("age", ">=", 6, "years")]),
        F("Criteria for approval", "selection_criteria", C(
            "AND", stem="Approve if ALL of criteria 1–3 AND AT LEAST ONE of criteria 4–6 are met", conn="table",
            items=[
                "Member is 6 years of age or older",
                C("OR", stem="Blood eosinophil count of either:", items=[
                    "at least 150 cells/µL within the past 6 weeks",
                    "at least 300 cells/µL at any time in the past 12 months",
                ]),
                C("AND", stem="Asthma remains uncontrolled despite at least 3 months of adherent treatment with BOTH of the following:",
                  items=[
                      "a high-dose inhaled corticosteroid",
                      "an additional controller (long-acting beta-agonist, leukotriene receptor antagonist or long-acting muscarinic antagonist)",
                  ]),
                C("OR", items=[
                    "Two or more exacerbations requiring systemic corticosteroids in the past 12 months",
                    "One or more exacerbations requiring hospitalization or an emergency department visit in the past 12 months",
                    C("OR", stem="Poor symptom control shown by any of the following:", items=[
                        "Asthma Control Questionnaire (ACQ-5) score greater than 1.5",
                        "Asthma Control Test (ACT) score less than 20",
                        "pre-bronchodilator FEV1 less than 80% of predicted",
                    ]),
                ]),
            ]),
            thresholds=[T("age", ">=", 6, "years"), T("blood eosinophil count", ">=", 150, "cells/µL"),
                        T("blood eosinophil count", ">=", 300, "cells/µL"), T("ACQ-5", ">", 1.5, None),
                        T("ACT", "<", 20, None), T("FEV1 % predicted", "<", 80, "%")]),
        F("Approval period", "duration", Para("6 months initial; 12 months for each renewal"), inline=True),
        pa_renewal(C("AND", stem="Approve reauthorization if ALL of the following are documented:", items=[
            C("OR", stem="Improvement in asthma control since starting therapy, shown by one or more of the following:",
              items=[
                  "fewer exacerbations requiring systemic corticosteroids",
                  "reduction in the daily maintenance oral corticosteroid dose",
                  "improvement of at least 0.5 points in ACQ-5 score",
                  "increase in FEV1 of 100 mL or more from baseline",
              ]),
            "Continued use of an inhaled corticosteroid-containing controller",
            "No concurrent use of another monoclonal antibody for asthma",
        ]), styles=PA_BULLET_STYLES,
            thresholds=[T("ACQ-5 improvement", ">=", 0.5, "points"), T("FEV1 increase", ">=", 100, "mL")]),
        F("Exclusion criteria", "exclusion_criteria", C(
            "OR", stem="Not approvable for any of the following:", items=[
                "Treatment of acute bronchospasm or status asthmaticus",
                "Active helminth infection",
                "Concurrent use with benralizumab, dupilumab, omalizumab, reslizumab or tezepelumab",
            ]), styles=PA_DASH_STYLES),
        F("Dosing limits", "dose", Lines([
            "Members 12 years and older: 100 mg subcutaneously every 4 weeks",
            "Members 6 to 11 years: 40 mg subcutaneously every 4 weeks",
        ], glyph="•"), thresholds=[T("age", ">=", 12, "years"), T("age", "range", 6, "years", 11)],
            doses=[D(100, "mg", "every 4 weeks"), D(40, "mg", "every 4 weeks")]),
        F("Quantity limit", "dose", Para("1 syringe per 28 days"), inline=True,
          doses=[D(1, "syringe", "per 28 days")]),
    ]),
    Sec("B.3", "Somatropin — Pediatric Growth Hormone Deficiency", 2, fields=[
        F("Covered indication", "indication_for_use", Para(
            "Growth failure due to inadequate secretion of endogenous growth hormone in children whose "
            "epiphyses are open.")),
        F("Diagnosis", "diagnosis", C(
            "OR", stem="Growth hormone deficiency must be confirmed by ONE of the following:", conn="line", items=[
                "Peak GH below 10 ng/mL on two separate provocative stimulation tests",
                C("AND", stem="Both of the following:", items=[
                    "peak GH below 10 ng/mL on one provocative stimulation test",
                    "deficiency of at least one other anterior pituitary hormone",
                ]),
                "Serum IGF-1 below -2 SD for age and sex in a member with a structural hypothalamic-pituitary abnormality on MRI",
            ]), styles=PA_NUM_STYLES,
            thresholds=[T("peak GH", "<", 10, "ng/mL"), T("IGF-1", "<", -2, "SD")]),
        F("Criteria for approval", "selection_criteria", C(
            "AND", stem="Approve if ALL of criteria 1–3 AND AT LEAST TWO of criteria 4–6 are met", conn="table",
            items=[
                "Prescribed by or in consultation with a pediatric endocrinologist",
                "Diagnosis of growth hormone deficiency confirmed as described under Diagnosis above",
                "Epiphyses are open, confirmed by a bone age radiograph taken within the past 12 months",
                C("OR", min=2, items=[
                    "Height standard deviation score (SDS) of -2.25 or lower for age and sex",
                    "Height velocity below the 25th percentile for age over at least 6 months of observation",
                    "Bone age delayed by 2 years or more compared with chronological age",
                ]),
            ]),
            thresholds=[T("height SDS", "<=", -2.25, "SD"), T("height velocity", "<", 25, "percentile"),
                        T("bone age delay", ">=", 2, "years")]),
        F("Approval period", "duration", Para("12 months"), inline=True),
        pa_renewal(C("AND", stem="Renew for 12 months when ALL of the following are met:", conn="end",
                     case="lower", items=[
                         "Epiphyses remain open",
                         "Height velocity of at least 2.5 cm per year while on treatment",
                         "Serum IGF-1 not above +2 SD for age and sex on the current dose",
                         "Member is adherent to the prescribed regimen",
                     ]),
                   thresholds=[T("height velocity", ">=", 2.5, "cm/year"), T("IGF-1", "<=", 2, "SD")]),
        F("Discontinuation criteria", "continuation_criteria", C(
            "OR", stem="Discontinue therapy when any of the following occurs:", items=[
                "Height velocity falls below 2.5 cm per year",
                "Bone age greater than 16 years (males)",
                "Bone age greater than 14 years (females)",
                "Epiphyseal fusion on radiograph",
            ]), styles=PA_BULLET_STYLES,
            thresholds=[T("height velocity", "<", 2.5, "cm/year"), T("bone age", ">", 16, "years"),
                        T("bone age", ">", 14, "years")]),
        F("Exclusion criteria", "exclusion_criteria", C(
            "OR", stem="Requests will be denied for any of the following:", items=[
                "Idiopathic short stature or constitutional delay of growth and puberty",
                "Active malignancy",
                "Acute critical illness due to complications after open heart or abdominal surgery, multiple accidental trauma or acute respiratory failure",
                "Prader-Willi syndrome with severe obesity or severe respiratory impairment",
            ]), styles=PA_BULLET_STYLES),
        F("Dosing limits", "dose", Para(
            "0.16 to 0.24 mg/kg per week, divided into 6 or 7 daily subcutaneous doses; not to exceed "
            "0.3 mg/kg per week"),
            doses=[D(0.16, "mg/kg", "per week", 0.24, "0.3 mg/kg per week")]),
        F("Required documentation", None, Lines([
            "growth chart with at least two height measurements taken at least 6 months apart",
            "bone age report",
            "stimulation test results and IGF-1 level",
        ], glyph="•")),
    ]),
    Sec("B.4", "Evolocumab — Heterozygous Familial Hypercholesterolemia", 2, fields=[
        F("Covered indication", "indication_for_use", Para(
            "Adjunct to diet and other low-density lipoprotein cholesterol (LDL-C)-lowering therapies in "
            "members 10 years of age and older with heterozygous familial hypercholesterolemia (HeFH)."),
            thresholds=[T("age", ">=", 10, "years")]),
        F("Criteria for approval", "selection_criteria", C(
            "AND", stem="Approve if ALL of criteria 1–4 AND EITHER 5 OR 6 are met", conn="table", items=[
                "Member is 10 years of age or older",
                C("OR", stem="Diagnosis of HeFH confirmed by any of the following:", items=[
                    "genetic testing showing a pathogenic variant in LDLR, APOB or PCSK9",
                    "Dutch Lipid Clinic Network score greater than 8",
                    "Simon Broome criteria for definite familial hypercholesterolemia",
                ]),
                "Prescribed by or in consultation with a cardiologist, endocrinologist or lipid specialist",
                "Evolocumab will be used together with a lipid-lowering diet",
                C("OR", items=[
                    "LDL-C of 100 mg/dL or higher after at least 8 weeks of adherent treatment with a maximally tolerated high-intensity statin plus ezetimibe",
                    C("AND", stem="Documented statin intolerance, defined by BOTH of the following:", items=[
                        "intolerable muscle symptoms with at least 2 different statins that resolved when the statin was stopped",
                        "LDL-C of 100 mg/dL or higher on current non-statin lipid-lowering therapy",
                    ]),
                ]),
            ]),
            thresholds=[T("age", ">=", 10, "years"), T("DLCN score", ">", 8, None),
                        T("LDL-C", ">=", 100, "mg/dL")]),
        F("Approval period", "duration", Para("Initial 6 months; renewal 12 months"), inline=True),
        pa_renewal(C("AND", stem="Renewal requires BOTH of the following:", conn="end", case="lower", items=[
            "LDL-C reduced by at least 30% from the pretreatment baseline, measured within the past 6 months",
            "Member remains adherent to evolocumab and to background lipid-lowering therapy",
        ]), thresholds=[T("LDL-C reduction from baseline", ">=", 30, "%")]),
        F("Exclusion criteria", "exclusion_criteria", Prose(
            "Evolocumab is not covered for members who are pregnant, or for combination use with "
            "inclisiran or another PCSK9 inhibitor.",
            C("OR", items=[
                "members who are pregnant",
                "combination use with inclisiran or another PCSK9 inhibitor",
            ]))),
        F("Dosing limits", "dose", Lines([
            "140 mg subcutaneously every 2 weeks",
            "OR",
            "420 mg subcutaneously once monthly",
        ]), doses=[D(140, "mg", "every 2 weeks"), D(420, "mg", "once monthly")]),
        F("Quantity limit", "dose", Para("2 syringes per 28 days"), inline=True,
          doses=[D(2, "syringes", "per 28 days")]),
    ]),
]

PA_SECTIONS = [
    Sec("A", "General Provisions", 1, printed="A. General Provisions"),
    Sec("A.1", "Purpose", 2, [
        Para("These criteria forms are used by the State Medicaid Pharmacy Program to review prior "
             "authorization (PA) requests for selected specialty drugs dispensed by outpatient "
             "pharmacies. Each form lists the criteria a request must meet, the approval period, "
             "renewal requirements, exclusions and quantity limits."),
        Para("Specimen document: the content is invented for software testing and is not clinical guidance."),
    ]),
    Sec("A.2", "Definitions", 2, [Table([
        ["Term", "Definition"],
        ["Member", "A person enrolled in the State Medicaid program"],
        ["Approval period", "The length of time a prior authorization remains valid from the date of approval"],
        ["Quantity limit", "The maximum quantity payable per claim period without a separate override request"],
        ["Step therapy", "A requirement to try and fail a preferred drug before a non-preferred drug is covered"],
    ], widths=(4, 12))]),
    Sec("A.3", "How to Use the Criteria Tables", 2, [
        Para("Criteria are numbered in each Criteria for approval table. The instruction line at the top "
             "of the table states which combination of rows must be met. Reviewers mark each row as met "
             "or not met and attach supporting documentation."),
        Para("Requests that do not meet the criteria are referred to a clinical pharmacist or physician "
             "reviewer before a denial is issued."),
    ]),
    Sec("B", "Drug-Specific Criteria", 1, [
        Para("The forms below apply to pharmacy claims only. Requests for medical benefit "
             "administration are reviewed under separate policies."),
    ], printed="B. Drug-Specific Criteria"),
    *PA_INDICATIONS,
    Sec("C", "Submission and Appeals", 1, printed="C. Submission and Appeals"),
    Sec("C.1", "Submission Instructions", 2, [Lines([
        "Submit requests through the provider portal or by fax using the standard PA request form.",
        "Include chart notes, laboratory results and claims history that support each criterion.",
        "Urgent requests are decided within 24 hours and standard requests within 72 hours of receipt.",
    ], glyph="•")]),
    Sec("C.2", "Appeals", 2, [
        Para("A prescriber or member may request reconsideration within 60 days of a denial notice. "
             "Reconsideration is performed by a reviewer who did not make the original decision."),
    ]),
    Sec("Appendix A", "Quantity Limit Summary", 1, [Table([
        ["Drug", "Quantity limit", "Claim period"],
        ["Dupilumab", "2 syringes", "28 days"],
        ["Mepolizumab", "1 syringe", "28 days"],
        ["Somatropin", "Calculated from approved weekly dose", "28 days"],
        ["Evolocumab", "2 syringes", "28 days"],
    ], widths=(5, 7, 4))], printed="Appendix A: Quantity Limit Summary"),
    Sec(None, "References", 1, [Lines([
        "Product prescribing information for each drug, current version.",
        "State Medicaid Pharmacy and Therapeutics Committee minutes, 2023–2024.",
        "National guideline summaries for atopic dermatitis, severe asthma, growth hormone therapy and familial hypercholesterolemia.",
    ], glyph="•")]),
]

PA_DOC = dict(
    name="pa_criteria_forms", title=PA_TITLE, sections=PA_SECTIONS, styles=PA_TABLE_STYLES,
    style=("US state Medicaid prior authorization criteria forms: per-drug heading, boxed 'Criteria for "
           "approval' table with numbered rows and an 'Approve if ALL of criteria 1–4 AND EITHER 5 OR 6' "
           "instruction, approval period, renewal, exclusion and quantity-limit blocks"),
)


def fstyles(doc, f):
    return f.styles or doc["styles"]


# ---------------------------------------------------------------------------
# DOCX rendering (python-docx) -- used for both documents
# ---------------------------------------------------------------------------

def _docx_footer(section, text):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    p = section.footer.paragraphs[0]
    p.text = text
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), "PAGE")
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "1"
    r.append(t)
    fld.append(r)
    p._p.append(fld)


def _docx_shade(cell, fill):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    tcPr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcPr.append(shd)


def _docx_list_lines(container, lines, base_cm=0.0, step_cm=0.8):
    from docx.shared import Cm, Pt
    for l in lines:
        p = container.add_paragraph()
        pf = p.paragraph_format
        pf.space_after = Pt(2)
        if l["kind"] == "stem":
            p.add_run(l["text"])
            pf.left_indent = Cm(base_cm)
        elif l["kind"] == "conn":
            pf.left_indent = Cm(base_cm + step_cm * l["depth"] + 0.2)
            p.add_run(l["text"]).bold = True
        else:
            ind = base_cm + step_cm * (l["depth"] + 1)
            pf.left_indent = Cm(ind)
            pf.first_line_indent = Cm(-step_cm)
            pf.tab_stops.add_tab_stop(Cm(ind))
            p.add_run(f"{l['marker']}\t{l['text']}")
    return container


def _docx_table(doc, tbl):
    from docx.shared import Cm, Pt
    t = doc.add_table(rows=0, cols=len(tbl.rows[0]))
    t.style = "Table Grid"
    for i, row in enumerate(tbl.rows):
        cells = t.add_row().cells
        for j, val in enumerate(row):
            cells[j].text = val
            for para in cells[j].paragraphs:
                for run in para.runs:
                    run.font.size = Pt(9)
                    if i == 0 and len(tbl.rows) > 1 and tbl.rows[0][0] in ("Term", "Priority", "Drug"):
                        run.bold = True
    if tbl.widths:
        t.autofit = False
        for j, w in enumerate(tbl.widths):
            t.columns[j].width = Cm(w)
        for row in t.rows:
            for j, w in enumerate(tbl.widths):
                row.cells[j].width = Cm(w)
    doc.add_paragraph()


def _docx_blocks(doc, blocks, styles):
    from docx.shared import Cm, Pt
    for b in blocks:
        if isinstance(b, (Para, Prose)):
            doc.add_paragraph(b.text)
        elif isinstance(b, Lines):
            for line in b.lines:
                p = doc.add_paragraph()
                if b.glyph:
                    p.paragraph_format.left_indent = Cm(0.8)
                    p.paragraph_format.first_line_indent = Cm(-0.5)
                    p.paragraph_format.tab_stops.add_tab_stop(Cm(0.8))
                    p.add_run(f"{b.glyph}\t{line}")
                else:
                    p.add_run(line)
                p.paragraph_format.space_after = Pt(2)
        elif isinstance(b, Table):
            _docx_table(doc, b)
        elif isinstance(b, C):
            if b.conn == "table":
                _docx_criteria_table(doc, b, styles)
            else:
                _docx_list_lines(doc, render_node(b, styles))


def _docx_criteria_table(doc, node, styles, label="Criteria for approval"):
    from docx.shared import Cm, Pt
    rows = table_rows(node, styles)
    t = doc.add_table(rows=0, cols=3)
    t.style = "Table Grid"
    hdr = t.add_row().cells
    m = hdr[0].merge(hdr[2])
    m.text = ""
    m.paragraphs[0].add_run(label).bold = True
    _docx_shade(m, "D9D9D9")
    ins = t.add_row().cells
    m2 = ins[0].merge(ins[1])
    m2.text = ""
    m2.paragraphs[0].add_run(node.stem).bold = True
    ins[2].text = "Met?"
    for num, text, sub in rows:
        cells = t.add_row().cells
        cells[0].text = num
        cells[1].text = text
        for l in sub:
            p = cells[1].add_paragraph()
            ind = 0.6 * l["depth"]
            p.paragraph_format.left_indent = Cm(ind)
            p.add_run(f"{l['marker']} {l['text']}")
        cells[2].text = "☐ Yes  ☐ No"
    t.autofit = False
    for j, w in enumerate((1.0, 13.0, 2.8)):
        t.columns[j].width = Cm(w)
    for row in t.rows:
        for j, w in enumerate((1.0, 13.0, 2.8)):
            row.cells[j].width = Cm(w)
    doc.add_paragraph()


def build_docx(docspec, path):
    import docx
    from docx.enum.text import WD_BREAK
    from docx.shared import Pt, Cm
    d = docx.Document()
    st = d.styles["Normal"]
    st.font.name = "Liberation Sans"
    st.font.size = Pt(10)
    for s in d.sections:
        s.left_margin = s.right_margin = Cm(2.2)
        s.top_margin = s.bottom_margin = Cm(2.0)
    pa = docspec["name"] == "pa_criteria_forms"
    if pa:
        p = d.add_paragraph()
        p.add_run("STATE MEDICAID PHARMACY PROGRAM").bold = True
    d.add_heading(docspec["title"], 0)
    if pa:
        d.add_paragraph("Effective July 1, 2024 | Clinical Criteria Document PA-SB-07")
        _docx_footer(d.sections[0], "PA Criteria — Specialty Drugs | Page ")
    else:
        d.add_paragraph(IE_SUBTITLE).runs[0].italic = True
        d.add_paragraph("National Immunoglobulin Stewardship Group | Version 3.0 | 2024")
        _docx_footer(d.sections[0], IE_FOOTER)
    for sec in docspec["sections"]:
        d.add_heading(sec.printed, sec.level)
        _docx_blocks(d, sec.blocks, docspec["styles"])
        if sec.fields is None:
            continue
        for f in sec.fields:
            styles = fstyles(docspec, f)
            if f.inline:
                p = d.add_paragraph()
                p.add_run(f"{f.label}: ").bold = True
                p.add_run(f.blocks[0].text)
                continue
            if any(isinstance(b, C) and b.conn == "table" for b in f.blocks):
                _docx_criteria_table(d, f.blocks[0], styles, label=f.label)
                continue
            p = d.add_paragraph()
            p.paragraph_format.space_before = Pt(6)
            p.paragraph_format.keep_with_next = True
            p.add_run(f.label).bold = True
            _docx_blocks(d, f.blocks, styles)
    d.save(path)


# ---------------------------------------------------------------------------
# HTML rendering (Chromium) -- document 2
# ---------------------------------------------------------------------------

PA_CSS = """
@page { size: Letter; margin: 0.8in 0.75in 0.9in 0.75in; }
body { font-family: 'Liberation Sans', Arial, sans-serif; font-size: 9.5pt; line-height: 1.22; color: #111; }
.agency { font-weight: bold; letter-spacing: 0.05em; font-size: 9pt; border-bottom: 2px solid #1f3864; padding-bottom: 3px; }
h1 { font-size: 17pt; color: #1f3864; margin: 10px 0 4px 0; }
.meta { font-size: 9pt; color: #444; margin-bottom: 14px; }
h2 { font-size: 13pt; color: #1f3864; margin: 16px 0 6px 0; border-bottom: 1px solid #1f3864; }
h3 { font-size: 11.5pt; margin: 14px 0 6px 0; background: #e8edf5; padding: 4px 6px; }
h3.drug { page-break-before: always; }
p { margin: 4px 0 6px 0; }
.lbl { font-weight: bold; }
.field { margin: 6px 0; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 10px 0; page-break-inside: auto; }
td, th { border: 1px solid #333; padding: 3px 5px; vertical-align: top; font-size: 9pt; }
tr { page-break-inside: avoid; }
th { background: #d9d9d9; text-align: left; }
td.num { width: 4%; text-align: center; font-weight: bold; }
td.met { width: 15%; white-space: nowrap; font-size: 9pt; }
tr.ins td { background: #f2f2f2; font-weight: bold; }
.li { margin: 2px 0; display: flex; }
.mk { flex: 0 0 1.8em; }
.conn { font-weight: bold; margin: 2px 0; }
"""


def _h(s):
    return html.escape(s, quote=False)


def _html_lines(lines, base_em=0.0):
    out = []
    for l in lines:
        if l["kind"] == "stem":
            out.append(f'<div class="li" style="margin-left:{base_em}em">{_h(l["text"])}</div>')
        elif l["kind"] == "conn":
            out.append(f'<div class="conn" style="margin-left:{base_em + 1.8 * l["depth"]}em">{_h(l["text"])}</div>')
        else:
            ind = base_em + 1.8 * (l["depth"] + 1)
            out.append(f'<div class="li" style="margin-left:{ind - 1.8}em">'
                       f'<span class="mk">{_h(l["marker"])}</span><span>{_h(l["text"])}</span></div>')
    return "\n".join(out)


def _html_table(tbl):
    rows = tbl.rows
    out = ["<table>"]
    out.append("<tr>" + "".join(f"<th>{_h(c)}</th>" for c in rows[0]) + "</tr>")
    for r in rows[1:]:
        out.append("<tr>" + "".join(f"<td>{_h(c)}</td>" for c in r) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def _html_criteria_table(node, styles, label):
    out = ["<table class='crit'>",
           f"<tr><th colspan='3'>{_h(label)}</th></tr>",
           f"<tr class='ins'><td colspan='2'>{_h(node.stem)}</td><td class='met'>Met?</td></tr>"]
    for num, text, sub in table_rows(node, styles):
        inner = _h(text)
        if sub:
            inner += "\n" + _html_lines([dict(l, depth=l["depth"] - 1) for l in sub])
        out.append(f"<tr><td class='num'>{num}</td><td>{inner}</td>"
                   f"<td class='met'>☐ Yes&nbsp;&nbsp;☐ No</td></tr>")
    out.append("</table>")
    return "\n".join(out)


def _html_blocks(blocks, styles):
    out = []
    for b in blocks:
        if isinstance(b, (Para, Prose)):
            out.append(f"<p>{_h(b.text)}</p>")
        elif isinstance(b, Lines):
            for line in b.lines:
                if b.glyph:
                    out.append(f'<div class="li" style="margin-left:0.4em">'
                               f'<span class="mk" style="flex-basis:1.2em">{_h(b.glyph)}</span><span>{_h(line)}</span></div>')
                else:
                    out.append(f'<div class="li">{_h(line)}</div>')
        elif isinstance(b, Table):
            out.append(_html_table(b))
        elif isinstance(b, C):
            out.append(_html_lines(render_node(b, styles)))
    return "\n".join(out)


def build_html(docspec):
    parts = [f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{_h(docspec['title'])}</title>"
             f"<style>{PA_CSS}</style></head><body>",
             "<div class='agency'>STATE MEDICAID PHARMACY PROGRAM</div>",
             f"<h1>{_h(docspec['title'])}</h1>",
             "<div class='meta'>Effective July 1, 2024 | Clinical Criteria Document PA-SB-07</div>"]
    for sec in docspec["sections"]:
        tag = "h2" if sec.level == 1 else "h3"
        cls = " class='drug'" if sec.fields is not None else ""
        parts.append(f"<{tag}{cls}>{_h(sec.printed)}</{tag}>")
        parts.append(_html_blocks(sec.blocks, docspec["styles"]))
        if sec.fields is None:
            continue
        for f in sec.fields:
            styles = fstyles(docspec, f)
            if f.inline:
                parts.append(f"<p class='field'><span class='lbl'>{_h(f.label)}:</span> {_h(f.blocks[0].text)}</p>")
            elif any(isinstance(b, C) and b.conn == "table" for b in f.blocks):
                parts.append(_html_criteria_table(f.blocks[0], styles, f.label))
            else:
                parts.append(f"<div class='field'><div class='lbl'>{_h(f.label)}</div>"
                             f"{_html_blocks(f.blocks, styles)}</div>")
    parts.append("</body></html>")
    return "\n".join(parts)


def html_to_pdf(html_text, pdf_path):
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium")
        page = browser.new_page()
        page.set_content(html_text, wait_until="load")
        page.pdf(path=str(pdf_path), format="Letter", print_background=True,
                 display_header_footer=True,
                 header_template="<div></div>",
                 footer_template=("<div style='font-size:8px;width:100%;text-align:center;"
                                  "font-family:Liberation Sans,Arial'>PA Criteria — Specialty Drugs | "
                                  "Page <span class='pageNumber'></span> of <span class='totalPages'></span></div>"),
                 margin={"top": "0.6in", "bottom": "0.75in", "left": "0.7in", "right": "0.7in"})
        browser.close()


def docx_to_pdf(docx_path, out_dir):
    with tempfile.TemporaryDirectory() as td:
        cmd = ["/usr/bin/soffice", f"-env:UserInstallation=file:///tmp/lo_holdout_b",
               "--headless", "--convert-to", "pdf", "--outdir", td, str(docx_path)]
        subprocess.run(cmd, check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
        src = Path(td) / (Path(docx_path).stem + ".pdf")
        shutil.move(str(src), str(Path(out_dir) / src.name))


# ---------------------------------------------------------------------------
# gold
# ---------------------------------------------------------------------------

def _squash(s, hyphen=""):
    """Remove whitespace; pdfium marks a hyphen at a line break as U+FFFE."""
    s = s.replace("\u00ad", "").replace("\ufffe", hyphen).replace("\x02", hyphen)
    return re.sub(r"\s+", "", s)


def pdf_pages(pdf_path):
    import pypdfium2 as pdfium
    pdf = pdfium.PdfDocument(str(pdf_path))
    texts = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    pdf.close()
    return texts


def find_pages(docspec, page_texts):
    sq = [_squash(t, "-") for t in page_texts]
    pages, start = [], 0
    for sec in docspec["sections"]:
        needle = _squash(sec.printed)
        found = None
        for i in range(start, len(sq)):
            if needle in sq[i]:
                found = i
                break
        if found is None:
            raise SystemExit(f"heading not found in PDF: {sec.printed!r}")
        pages.append(found + 1)
        start = found
    return pages


def build_gold(docspec, source, producer, pages):
    sections = []
    for sec, pg in zip(docspec["sections"], pages):
        sections.append({"number": sec.number, "title": sec.title, "level": sec.level, "page": pg})
    inds = []
    for sec in docspec["sections"]:
        if sec.fields is None:
            continue
        inds.append({"name": sec.title,
                     "fields": [gold_field(f, fstyles(docspec, f)) for f in sec.fields]})
    return {"source": source, "producer": producer, "style": docspec["style"],
            "title": docspec["title"], "sections": sections, "indications": inds}


def verify_pdf(gold, page_texts):
    joined = "".join(page_texts)
    wholes = (_squash(joined, "-"), _squash(joined, ""))

    class _Whole:
        def __contains__(self, needle):
            return any(needle in w for w in wholes)

    whole = _Whole()
    problems = []
    for s in gold["sections"]:
        if _squash(s["title"]) not in whole:
            problems.append(("section", s["title"]))
    for ind in gold["indications"]:
        if _squash(ind["name"]) not in whole:
            problems.append(("indication", ind["name"]))
        for f in ind["fields"]:
            if f["label"] and _squash(f["label"]) not in whole:
                problems.append(("label", f["label"]))
            for line in f["text"].split("\n"):
                if _squash(line) not in whole:
                    problems.append(("text", line))
            if "criteria" in f:
                stack = [f["criteria"]]
                while stack:
                    n = stack.pop()
                    if isinstance(n, str):
                        if _squash(n) not in whole:
                            problems.append(("leaf", n))
                        continue
                    if n["stem"] and _squash(n["stem"]) not in whole:
                        problems.append(("stem", n["stem"]))
                    stack.extend(n["items"])
    return problems


def count(gold):
    nf = nl = nt = nd = 0
    for ind in gold["indications"]:
        for f in ind["fields"]:
            nf += 1
            nt += len(f["thresholds"])
            nd += len(f["doses"])
            if "criteria" in f:
                nl += len(leaves(f["criteria"]))
    return len(gold["indications"]), nf, nl, nt, nd


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="documents directory")
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="gold JSON directory")
    a = ap.parse_args(argv)
    a.out.mkdir(parents=True, exist_ok=True)
    a.gold.mkdir(parents=True, exist_ok=True)
    rel = f"corpora/policies/{SET_NAME}"

    outputs = []  # (docspec, file, producer, kind)
    # document 1: DOCX (python-docx) -> PDF (LibreOffice)
    ie_docx = a.out / "ie_ig_protocol.docx"
    build_docx(IE_DOC, ie_docx)
    docx_to_pdf(ie_docx, a.out)
    outputs += [(IE_DOC, a.out / "ie_ig_protocol.pdf", "libreoffice", "pdf"),
                (IE_DOC, ie_docx, "python-docx", "docx")]
    # document 2: HTML -> PDF (Chromium) and DOCX (python-docx)
    pa_pdf = a.out / "pa_criteria_forms.pdf"
    html_to_pdf(build_html(PA_DOC), pa_pdf)
    pa_docx = a.out / "pa_criteria_forms.docx"
    build_docx(PA_DOC, pa_docx)
    outputs += [(PA_DOC, pa_pdf, "chromium", "pdf"), (PA_DOC, pa_docx, "python-docx", "docx")]

    ok = True
    print(f"{'file':28} {'pages':>5} {'ind':>4} {'fields':>6} {'leaves':>6} {'thr':>4} {'doses':>5}")
    for spec, path, producer, kind in outputs:
        if kind == "pdf":
            texts = pdf_pages(path)
            pages = find_pages(spec, texts)
            npages = len(texts)
        else:
            pages = [None] * len(spec["sections"])
            npages = "-"
        gold = build_gold(spec, f"{rel}/{path.name}", producer, pages)
        if kind == "pdf":
            probs = verify_pdf(gold, texts)
            if probs:
                ok = False
                for p in probs:
                    print("  MISSING in PDF:", p, file=sys.stderr)
        gpath = a.gold / f"{spec['name']}_{kind}.json"
        gpath.write_text(json.dumps(gold, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        ni, nf, nl, nt, nd = count(gold)
        print(f"{path.name:28} {npages!s:>5} {ni:>4} {nf:>6} {nl:>6} {nt:>4} {nd:>5}")
    if not ok:
        print("verification FAILED", file=sys.stderr)
        return 1
    print("verification OK: every section title, field line, stem and criteria leaf found in the PDFs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
