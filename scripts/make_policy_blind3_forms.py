#!/usr/bin/env python3
"""Generate the "blind3" form-style policy documents and their gold JSON.

Two invented (not clinical guidance) coverage documents, each rendered twice from ONE
Python data source, so that the documents and the gold cannot disagree:

1. ``pa_packet`` -- house style of a US pharmacy-benefit *prior authorization criteria
   packet*.  Numbered general sections (purpose, scope, how to complete the tables,
   definitions table, general provisions, references, revision history table) and a
   "Drug-Specific Criteria" section with four drugs.  Each drug has an all-caps heading
   ("OMALIZUMAB (XOLAIR) – Severe allergic asthma"), a run-in "Covered use:", a label
   "Initial authorization criteria" over a ruled table (No. | Criterion |
   Met? (☐ Yes ☐ No)) whose rows are numbered criteria (some rows hold a stem with
   a./b. sub-items), an approval-rule line under the table ("Approve if criteria 1
   through 5 AND either 6 or 7 are met"), a run-in "Approval duration:", bulleted
   "Renewal criteria" and "Exclusion criteria" lists and "Quantity limits".
   Produced with python-docx (real Word tables) -> ``pa_packet.docx``; converted with
   headless LibreOffice -> ``pa_packet.pdf``.

2. ``lcd_style`` -- house style of a US Medicare Local Coverage Determination (LCD):
   Contractor Information and Document Information tables, Issue, CMS National
   Coverage Policy, "Coverage Indications, Limitations, and/or Medical Necessity"
   with general requirements and four indications introduced by bold run-in headings
   ("Indication 1: Chronic immune thrombocytopenia.") followed by "covered when ALL of
   the following are met:" numbered lists (1./a./i.), prose criteria, run-in
   "Continued coverage:", "Limitations:", "Documentation requirements:" and
   "Utilization guidelines:" blocks; then boilerplate that is NOT an indication
   (Summary/Analysis of Evidence, general Documentation Requirements and Utilization
   Guidelines, ICD-10 code table, Bibliography, Revision History table).
   Rendered to HTML and printed by headless Chromium -> ``lcd_style.pdf``; rendered
   separately with python-docx -> ``lcd_style.docx``.

Gold: every criteria list is written once as a tree of ``L`` (leaf) / ``G`` (group)
objects carrying both the printed decoration (markers, "; and" endings, bare AND/OR
lines, inline groups that print flat but bind tighter) and the logic; the renderers
print the decoration and ``gold_tree`` strips it and normalises per CONVENTIONS.md.
Prose criteria give their printed paragraph plus an explicit tree whose leaves are
substrings of that paragraph.  Thresholds and doses are listed by hand beside each
field.  Section pages are found by searching the PDF page texts with pypdfium2
(case-sensitive, whitespace-insensitive, never moving backwards).  After writing, the
script checks that every section heading and every criteria leaf occurs in the PDF
(and DOCX) text and prints a summary.

Usage: make_policy_blind3_forms.py [--out DOCS_DIR] [--gold GOLD_DIR]
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "corpora" / "policies" / "blind3"
DEFAULT_GOLD = ROOT / "corpora" / "gold" / "policy" / "blind3"
SET = "blind3"


# --------------------------------------------------------------------------- model
class L:
    """A criteria leaf: printed text + printed ending ("; and"); optional gold subtree
    when the printed item is a prose sentence enumerating several conditions."""

    def __init__(self, text, end="", gold=None):
        self.text, self.end, self.gold = text, end, gold


class G:
    """A criteria group.  stem: printed line introducing the list (None if none).
    inline: items print at the parent's level (no stem line) -- used for groups that
    the layout prints flat but that bind tighter.  sep: a bare "AND"/"OR" line printed
    between this group's items."""

    def __init__(self, op, stem, items, min=None, inline=False, sep=None):
        self.op, self.stem, self.items = op, stem, items
        self.min, self.inline, self.sep = min, inline, sep


class Sep:
    """A bare connective line ("AND" / "OR") printed between items (render only)."""

    def __init__(self, word):
        self.word = word


def T(analyte, comparator, value, value_max=None, unit=None):
    return {"analyte": analyte, "comparator": comparator, "value": value,
            "value_max": value_max, "unit": unit}


def D(amount, amount_max, unit, frequency, max=None):
    return {"amount": amount, "amount_max": amount_max, "unit": unit,
            "frequency": frequency, "max": max}


class Field:
    def __init__(self, label, role, *, runin=False, paras=(), tree=None, table=False,
                 bullets=(), prose_tree=None, thresholds=(), doses=(), scheme=None):
        self.label, self.role, self.runin = label, role, runin
        self.paras = list(paras)          # paragraphs printed before the list
        self.tree = tree                  # G printed as a list (or table rows)
        self.table = table                # tree rows printed as a criteria table
        self.bullets = list(bullets)      # plain (non-criteria) bullet lines
        self.prose_tree = prose_tree      # explicit tree for prose criteria
        self.thresholds = list(thresholds)
        self.doses = list(doses)
        self.scheme = scheme or ["•", "–", "◦"]


class Indication:
    def __init__(self, name, heading, fields, number=None):
        self.name, self.heading, self.fields, self.number = name, heading, fields, number


CRITERIA_ROLES = {"selection_criteria", "exclusion_criteria", "continuation_criteria",
                  "diagnosis"}


# --------------------------------------------------------------------------- lists
def _roman(n):
    vals = [(10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
    out = ""
    for v, s in vals:
        while n >= v:
            out += s
            n -= v
    return out


def marker(scheme, level, idx):
    kind = scheme[min(level, len(scheme) - 1)]
    if kind == "1.":
        return f"{idx}."
    if kind == "a.":
        return f"{chr(ord('a') + idx - 1)}."
    if kind == "i.":
        return f"{_roman(idx)}."
    return kind


def list_lines(items, level=0):
    """Flatten list items into printed lines: dicts(kind, level, idx, text)."""
    out = []
    idx = 0

    def emit(items, level):
        nonlocal idx
        first = True
        for it in items:
            if isinstance(it, Sep):
                out.append({"kind": "sep", "level": level, "text": it.word})
                continue
            if isinstance(it, G) and it.inline:
                sub = []
                for j, x in enumerate(it.items):
                    if j and it.sep:
                        sub.append(Sep(it.sep))
                    sub.append(x)
                emit(sub, level)
                continue
            idx += 1
            if isinstance(it, L):
                out.append({"kind": "item", "level": level, "idx": idx,
                            "text": it.text + it.end})
            else:  # G with stem as an item
                assert it.stem, "non-inline nested group needs a stem"
                out.append({"kind": "item", "level": level, "idx": idx, "text": it.stem})
                saved = idx
                out.extend(sub_lines(it, level + 1))
                idx = saved
            first = False

    emit(items, level)
    return out


def sub_lines(g, level):
    items = []
    for j, x in enumerate(g.items):
        if j and g.sep:
            items.append(Sep(g.sep))
        items.append(x)
    return list_lines(items, level)


def root_items(g):
    items = []
    for j, x in enumerate(g.items):
        if j and g.sep:
            items.append(Sep(g.sep))
        items.append(x)
    return items


def table_rows(g):
    """Rows of a criteria table: each row = list of (level, marker-or-None, text)."""
    rows = []

    def add(items):
        for it in items:
            if isinstance(it, Sep):
                continue
            if isinstance(it, G) and it.inline:
                add(it.items)
                continue
            if isinstance(it, L):
                rows.append([(0, None, it.text + it.end)])
            else:
                cell = [(0, None, it.stem)]
                for ln in sub_lines(it, 1):
                    if ln["kind"] == "sep":
                        cell.append((1, None, ln["text"]))
                    else:
                        cell.append((ln["level"], marker(["1.", "a.", "i."], ln["level"], ln["idx"]),
                                     ln["text"]))
                rows.append(cell)

    add(g.items)
    return rows


# --------------------------------------------------------------------------- gold
def _strip_colon(s):
    return s.rstrip().rstrip(":.").rstrip() if s else s


def gold_tree(node, root=True):
    if isinstance(node, L):
        if node.gold is not None:
            return gold_tree(node.gold, root=False)
        return node.text
    items = []
    for it in node.items:
        if isinstance(it, Sep):
            continue
        g = gold_tree(it, root=False)
        if (isinstance(g, dict) and g["op"] == node.op and not g.get("stem")
                and "min" not in g and node.min is None):
            items.extend(g["items"])
        else:
            items.append(g)
    out = {"op": node.op, "stem": _strip_colon(node.stem), "items": items}
    if node.min:
        out["min"] = node.min
    if not root and len(items) == 1 and not node.stem:
        return items[0]
    return out


def field_lines(f):
    """The field's printed text lines (label excluded)."""
    lines = list(f.paras)
    if f.tree is not None:
        if f.table:
            for row in table_rows(f.tree):
                lines.extend(t for _, _, t in row)
            if f.tree.stem:
                lines.append(f.tree.stem)
        else:
            if f.tree.stem:
                lines.append(f.tree.stem)
            lines.extend(ln["text"] for ln in list_lines(root_items(f.tree)))
    lines.extend(f.bullets)
    return lines


def gold_field(f):
    out = {"label": f.label, "role": f.role, "text": "\n".join(field_lines(f))}
    if f.role in CRITERIA_ROLES:
        src = f.tree if f.tree is not None else f.prose_tree
        if src is None:
            out["criteria"] = {"op": "AND", "stem": None, "items": []}
        else:
            t = gold_tree(src)
            if isinstance(t, str):
                t = {"op": "AND", "stem": None, "items": [t]}
            out["criteria"] = t
    out["thresholds"] = f.thresholds
    out["doses"] = f.doses
    return out


def leaves(t):
    if isinstance(t, str):
        return [t]
    out = []
    for it in t["items"]:
        out.extend(leaves(it))
    return out


# =========================================================================== DOC 1
PA_TITLE = "Specialty Drug Prior Authorization Criteria"

PA_DRUGS = [
    Indication(
        "OMALIZUMAB (XOLAIR) – Severe allergic asthma",
        "OMALIZUMAB (XOLAIR) – Severe allergic asthma",
        [
            Field("Covered use", "indication_for_use", runin=True, paras=[
                "Add-on maintenance treatment of severe persistent allergic asthma that is "
                "not controlled with inhaled corticosteroids."]),
            Field("Initial authorization criteria", "selection_criteria", table=True, tree=G(
                "AND", "Approve if criteria 1 through 5 AND either 6 or 7 are met.", [
                    L("Patient is 6 years of age or older"),
                    L("Prescribed by or in consultation with an allergist, immunologist or "
                      "pulmonologist"),
                    L("Positive skin test or in vitro specific IgE to at least one perennial "
                      "aeroallergen (for example, dust mite, cat or dog dander, cockroach, mold)"),
                    G("OR", "Baseline serum total IgE (before any anti-IgE therapy) is within "
                            "either of the following ranges:", [
                        L("Age 12 years or older: 30 to 700 IU/mL", "; or"),
                        L("Age 6 to 11 years: 30 to 1,300 IU/mL")]),
                    G("AND", "Asthma is uncontrolled despite at least 3 consecutive months of "
                             "adherent use of both of the following:", [
                        L("a medium- or high-dose inhaled corticosteroid", "; and"),
                        L("at least one additional controller medication (long-acting "
                          "beta2-agonist, long-acting muscarinic antagonist or leukotriene "
                          "receptor antagonist)")]),
                    G("OR", None, inline=True, items=[
                        L("Two or more asthma exacerbations requiring systemic corticosteroids "
                          "in the past 12 months"),
                        L("Pre-bronchodilator FEV1 less than 80% of predicted at the most "
                          "recent visit")]),
                ]),
                thresholds=[T("age", ">=", 6, unit="years"),
                            T("age", ">=", 12, unit="years"),
                            T("total IgE", "range", 30, 700, "IU/mL"),
                            T("age", "range", 6, 11, "years"),
                            T("total IgE", "range", 30, 1300, "IU/mL"),
                            T("FEV1 % predicted", "<", 80, unit="%")]),
            Field("Approval duration", "duration", runin=True, paras=[
                "Initial authorization – 6 months; renewal – 12 months."]),
            Field("Renewal criteria", "continuation_criteria", tree=G(
                "AND", "Reauthorization requires all of the following:", [
                    L("Patient has received omalizumab for at least 6 months", "; and"),
                    G("OR", "Documented clinical response, shown by one or more of the following:", [
                        L("fewer asthma exacerbations requiring systemic corticosteroids than in "
                          "the 12 months before treatment"),
                        L("increase in pre-bronchodilator FEV1 of at least 100 mL from baseline"),
                        L("improvement in Asthma Control Test (ACT) score of 3 points or more"),
                        L("reduction in maintenance oral corticosteroid dose of at least 50%")]),
                    L("Patient continues to use an inhaled corticosteroid-containing controller "
                      "medication"),
                ]),
                thresholds=[T("FEV1 increase", ">=", 100, unit="mL"),
                            T("ACT score improvement", ">=", 3, unit="points"),
                            T("oral corticosteroid dose reduction", ">=", 50, unit="%")]),
            Field("Exclusion criteria", "exclusion_criteria", tree=G(
                "OR", "Omalizumab will not be authorized if any of the following apply:", [
                    L("Use for relief of acute bronchospasm or status asthmaticus"),
                    L("Concurrent use with another biologic for asthma (mepolizumab, reslizumab, "
                      "benralizumab, dupilumab or tezepelumab)"),
                    L("Body weight below 20 kg or above 150 kg"),
                    L("History of anaphylaxis to omalizumab"),
                ]),
                thresholds=[T("body weight", "<", 20, unit="kg"),
                            T("body weight", ">", 150, unit="kg")]),
            Field("Quantity limits", "dose", bullets=[
                "75 mg to 375 mg subcutaneously every 2 or 4 weeks, per the labeled dosing "
                "table for baseline IgE and body weight",
                "Maximum 750 mg per 28 days"],
                doses=[D(75, 375, "mg", "every 2 or 4 weeks", "750 mg per 28 days")]),
        ]),
    Indication(
        "SOMATROPIN (GENOTROPIN, NORDITROPIN, OMNITROPE) – Pediatric growth hormone deficiency",
        "SOMATROPIN (GENOTROPIN, NORDITROPIN, OMNITROPE) – Pediatric growth hormone deficiency",
        [
            Field("Covered use", "indication_for_use", runin=True, paras=[
                "Long-term treatment of growth failure in children due to inadequate secretion "
                "of endogenous growth hormone."]),
            Field("Initial authorization criteria", "selection_criteria", table=True, tree=G(
                "AND", "Approve if criteria 1 through 4 AND either 5 or 6 AND either 7 or 8 are met.", [
                    L("Patient is younger than 18 years of age"),
                    L("Open epiphyses confirmed by bone age radiograph taken within the past "
                      "12 months"),
                    L("Prescribed by or in consultation with a pediatric endocrinologist"),
                    L("Hypothyroidism, celiac disease, chronic systemic illness and malnutrition "
                      "have been excluded as causes of short stature"),
                    G("OR", None, inline=True, items=[
                        L("Height of -2.0 SD or lower for age and sex"),
                        L("Height velocity below the 25th percentile for age and sex over at "
                          "least 6 months of observation")]),
                    G("OR", None, inline=True, items=[
                        L("Peak growth hormone concentration below 10 ng/mL on two separate "
                          "provocative stimulation tests (for example, arginine, clonidine, "
                          "glucagon or insulin tolerance test)"),
                        G("AND", "Hypothalamic-pituitary disease with both of the following:", [
                            L("structural lesion, cranial irradiation or congenital anomaly "
                              "shown on MRI", "; and"),
                            L("deficiency of at least one other anterior pituitary hormone")])]),
                ]),
                thresholds=[T("age", "<", 18, unit="years"),
                            T("height SDS", "<=", -2.0, unit="SD"),
                            T("height velocity", "<", 25, unit="percentile"),
                            T("peak growth hormone", "<", 10, unit="ng/mL")]),
            Field("Approval duration", "duration", runin=True, paras=[
                "12 months for initial authorization and for each renewal."]),
            Field("Renewal criteria", "continuation_criteria", tree=G(
                "AND", "Continue approval when all of the following are documented:", [
                    L("Height velocity of at least 2.5 cm/year over the previous 12 months", "; and"),
                    L("Epiphyses remain open", "; and"),
                    L("Serum IGF-1 is not above +2 SD for age and sex on the current dose"),
                ]),
                thresholds=[T("height velocity", ">=", 2.5, unit="cm/year"),
                            T("IGF-1", "<=", 2, unit="SD")]),
            Field("Exclusion criteria", "exclusion_criteria", tree=G(
                "OR", "Somatropin is not covered for any of the following:", [
                    L("Idiopathic short stature without documented growth hormone deficiency"),
                    L("Closed epiphyses when the goal of treatment is growth promotion"),
                    L("Active malignancy"),
                    L("Active proliferative or severe non-proliferative diabetic retinopathy"),
                    L("Prader-Willi syndrome with severe obesity (BMI at or above the 99th "
                      "percentile for age)"),
                    L("Acute critical illness after open heart or abdominal surgery, multiple "
                      "trauma or acute respiratory failure"),
                ]),
                thresholds=[T("BMI", ">=", 99, unit="percentile")]),
            Field("Quantity limits", "dose", bullets=[
                "Prepubertal patients: 0.16 to 0.24 mg/kg per week, divided into daily "
                "subcutaneous injections",
                "Pubertal patients: 0.24 to 0.3 mg/kg per week, divided into daily "
                "subcutaneous injections",
                "Pens or cartridges dispensed may not exceed a 30-day supply"],
                doses=[D(0.16, 0.24, "mg/kg", "per week", None),
                       D(0.24, 0.3, "mg/kg", "per week", None)]),
        ]),
    Indication(
        "IMMUNE GLOBULIN, SUBCUTANEOUS (HIZENTRA, CUVITRU, XEMBIFY) – Primary humoral immunodeficiency",
        "IMMUNE GLOBULIN, SUBCUTANEOUS (HIZENTRA, CUVITRU, XEMBIFY) – Primary humoral immunodeficiency",
        [
            Field("Covered use", "indication_for_use", runin=True, paras=[
                "Replacement therapy for primary humoral immunodeficiency in adults and children."]),
            Field("Initial authorization criteria", "selection_criteria", table=True, tree=G(
                "AND", "Approve if ALL criteria are met.", [
                    G("OR", "Diagnosis of primary humoral immunodeficiency made by a clinical "
                            "immunologist, with one of the following:", [
                        L("common variable immunodeficiency (CVID)"),
                        L("X-linked or autosomal recessive agammaglobulinemia"),
                        L("combined immunodeficiency with antibody deficiency")]),
                    L("Pre-treatment serum IgG below 500 mg/dL on two occasions at least 4 weeks "
                      "apart"),
                    G("OR", "Impaired antibody response to vaccination, documented by at least two "
                            "of the following (not required for agammaglobulinemia):", min=2, items=[
                        L("protective antibody titers to fewer than 50% of pneumococcal serotypes "
                          "tested 4 to 8 weeks after a polysaccharide vaccine"),
                        L("absent or inadequate response to a tetanus toxoid booster"),
                        L("absent or inadequate response to a diphtheria toxoid booster")]),
                    L("History of recurrent, severe or unusual bacterial infections despite "
                      "appropriate antibiotic treatment"),
                    L("Secondary causes of hypogammaglobulinemia (protein-losing enteropathy, "
                      "nephrotic syndrome, hematologic malignancy, or medications such as "
                      "rituximab or anticonvulsants) have been excluded"),
                ]),
                thresholds=[T("IgG", "<", 500, unit="mg/dL"),
                            T("protective pneumococcal serotypes", "<", 50, unit="%")]),
            Field("Approval duration", "duration", runin=True, paras=[
                "Initial authorization – 6 months; renewal – 12 months."]),
            Field("Renewal criteria", "continuation_criteria", tree=G(
                "AND", None, [
                    L("Trough serum IgG of at least 600 mg/dL on current therapy, measured within "
                      "the past 12 months"),
                    Sep("AND"),
                    G("OR", None, inline=True, sep="OR", items=[
                        L("Fewer serious bacterial infections than in the 12 months before "
                          "treatment"),
                        L("Stable infection rate with no hospitalization for bacterial infection "
                          "in the past 12 months")]),
                ]),
                thresholds=[T("trough IgG", ">=", 600, unit="mg/dL")]),
            Field("Exclusion criteria", "exclusion_criteria", tree=G(
                "OR", "Subcutaneous immune globulin is not covered when any of the following "
                      "is present:", [
                    L("Isolated IgA deficiency or isolated IgG subclass deficiency with normal "
                      "total IgG"),
                    L("Anaphylaxis or severe systemic reaction to human immune globulin"),
                    L("IgA deficiency with antibodies to IgA and a history of hypersensitivity"),
                    L("Hyperprolinemia type I or II (Hizentra only)"),
                ])),
            Field("Quantity limits", "dose", bullets=[
                "Weekly dosing: 100 to 200 mg/kg subcutaneously once weekly",
                "Biweekly dosing: 200 to 400 mg/kg subcutaneously every 2 weeks",
                "Not to exceed 800 mg/kg in any 28-day period"],
                doses=[D(100, 200, "mg/kg", "once weekly", "800 mg/kg in any 28-day period"),
                       D(200, 400, "mg/kg", "every 2 weeks", "800 mg/kg in any 28-day period")]),
        ]),
    Indication(
        "ADALIMUMAB (HUMIRA AND BIOSIMILARS) – Moderate to severe hidradenitis suppurativa",
        "ADALIMUMAB (HUMIRA AND BIOSIMILARS) – Moderate to severe hidradenitis suppurativa",
        [
            Field("Covered use", "indication_for_use", runin=True, paras=[
                "Treatment of moderate to severe hidradenitis suppurativa (HS)."]),
            Field("Initial authorization criteria", "selection_criteria", table=True, tree=G(
                "AND", "Approve if criteria 1 through 4 AND at least two of criteria 5 through 8 "
                       "are met.", [
                    L("Patient is 12 years of age or older"),
                    L("Prescribed by or in consultation with a dermatologist"),
                    L("Hurley stage II or higher disease"),
                    L("Inadequate response to at least 90 days of oral antibiotic therapy for HS "
                      "(for example, doxycycline, minocycline, or clindamycin with rifampin)"),
                    G("OR", None, inline=True, min=2, items=[
                        L("Total abscess and inflammatory nodule (AN) count of 3 or more"),
                        L("Lesions in more than one distinct anatomic area (for example, axillae "
                          "and inguinal folds)"),
                        L("Dermatology Life Quality Index (DLQI) score greater than 10"),
                        L("Patient-reported skin pain of 4 or more on a 0 to 10 numeric rating "
                          "scale")]),
                ]),
                thresholds=[T("age", ">=", 12, unit="years"),
                            T("Hurley stage", ">=", 2),
                            T("AN count", ">=", 3),
                            T("DLQI", ">", 10),
                            T("skin pain NRS", ">=", 4)]),
            Field("Approval duration", "duration", runin=True, paras=[
                "Initial authorization – 16 weeks; renewal – 12 months."]),
            Field("Renewal criteria", "continuation_criteria", tree=G(
                "AND", "Continuation requires both of the following:", [
                    G("AND", "Clinical response (HiSCR) at week 12 or later, defined as all of "
                             "the following compared with baseline:", [
                        L("at least a 50% reduction in AN count"),
                        L("no increase in abscess count"),
                        L("no increase in draining tunnel count")]),
                    L("Adalimumab is not being used with another biologic or targeted synthetic "
                      "disease-modifying drug"),
                ]),
                thresholds=[T("AN count reduction", ">=", 50, unit="%")]),
            Field("Exclusion criteria", "exclusion_criteria", paras=[
                "Adalimumab will not be authorized for patients with active serious infection "
                "or untreated latent tuberculosis, or when it is to be used in combination with "
                "another biologic or targeted synthetic disease-modifying agent.",
                "Coverage is also excluded for patients with decompensated heart failure."],
                prose_tree=G("OR", None, [
                    L("active serious infection"),
                    L("untreated latent tuberculosis"),
                    L("when it is to be used in combination with another biologic or targeted "
                      "synthetic disease-modifying agent"),
                    L("decompensated heart failure")])),
            Field("Quantity limits", "dose", bullets=[
                "Day 1: 160 mg subcutaneously (given in one day or split over two consecutive days)",
                "Day 15: 80 mg subcutaneously",
                "Day 29 and after: 40 mg every week or 80 mg every other week",
                "Maximum maintenance quantity: 80 mg per 14 days"],
                doses=[D(160, None, "mg", "day 1", None),
                       D(80, None, "mg", "day 15", None),
                       D(40, None, "mg", "every week", "80 mg per 14 days"),
                       D(80, None, "mg", "every other week", "80 mg per 14 days")]),
        ]),
]

# general (non-indication) content: ("h", number, title, level) / ("p", text) /
# ("ul", [items]) / ("ol", [items]) / ("table", header, rows) / ("ind", Indication)
PA_BODY = [
    ("h", "1", "Purpose", 1),
    ("p", "This packet sets out the clinical criteria that Cedar Ridge Pharmacy Benefit Services "
          "(CRPBS) pharmacists and medical reviewers apply when a prescriber requests prior "
          "authorization (PA) for the specialty medications listed below. The criteria are "
          "written for use on a fax or electronic PA form: each numbered criterion is answered "
          "Yes or No, and the approval rule under each table states which combination of answers "
          "allows approval."),
    ("h", "2", "Scope", 1),
    ("p", "These criteria apply to members of CRPBS-administered commercial, exchange and "
          "Medicaid managed care plans when the drug is dispensed through the pharmacy benefit. "
          "Drugs given in a clinic or hospital outpatient department and billed under the "
          "medical benefit are reviewed under the plan's medical policy. Products covered by "
          "this packet:"),
    ("ul", ["Omalizumab (Xolair) prefilled syringe and autoinjector",
            "Somatropin products (Genotropin, Norditropin, Omnitrope)",
            "Subcutaneous immune globulin (Hizentra, Cuvitru, Xembify)",
            "Adalimumab products (Humira and interchangeable biosimilars)"]),
    ("h", "3", "How to Complete the Criteria Tables", 1),
    ("ul", ["Answer every numbered criterion; do not leave a box blank.",
            "Attach chart notes, laboratory reports and prior claims history that support each "
            "\u201cYes\u201d answer.",
            "Periods such as \u201cthe past 12 months\u201d are counted back from the date the "
            "request is received.",
            "Requests that do not meet the approval rule are referred to a clinical pharmacist "
            "and, if still not met, to a physician reviewer before any denial is issued."]),
    ("h", "4", "Definitions", 1),
    ("table", ["Term", "Definition"], [
        ["Initial authorization", "The first approval of a drug for a member, or an approval "
         "after a lapse in therapy of more than 90 days."],
        ["Renewal", "A request to continue therapy at the end of an approved authorization period."],
        ["Specialist", "A prescriber board-certified or board-eligible in the specialty named in "
         "the criterion, or a prescriber acting in documented consultation with one."],
        ["Trial and failure", "Use of a drug at a labeled dose for the stated period, stopped "
         "because of inadequate response or intolerance."],
        ["Quantity limit", "The largest amount of drug that may be dispensed per claim or per "
         "period, based on labeled dosing."]]),
    ("h", "5", "General Authorization Provisions", 1),
    ("ul", ["Dosing must follow FDA-approved labeling or the quantity limits in this packet; "
            "requests above these limits need a separate exception review.",
            "Body weight used for weight-based dosing must be documented within the 30 days "
            "before the request.",
            "An approval applies to the product requested and may not be transferred to another "
            "product unless stated.",
            "Authorization does not guarantee payment; member eligibility and benefit design "
            "apply on the date of dispensing."]),
    ("h", "6", "Drug-Specific Criteria", 1),
    ("p", "Each drug below has its own criteria table, approval rule, approval duration, renewal "
          "criteria, exclusions and quantity limits. Criteria not listed for a drug do not apply "
          "to it."),
    *[("ind", ind) for ind in PA_DRUGS],
    ("h", "7", "References", 1),
    ("ol", ["Global Initiative for Asthma. Global Strategy for Asthma Management and Prevention, "
            "2024 update.",
            "Grimberg A, DiVall SA, Polychronakos C, et al. Guidelines for growth hormone and "
            "insulin-like growth factor-I treatment in children and adolescents. Horm Res "
            "Paediatr. 2016;86:361-397.",
            "Bonilla FA, Khan DA, Ballas ZK, et al. Practice parameter for the diagnosis and "
            "management of primary immunodeficiency. J Allergy Clin Immunol. 2015;136:1186-1205.",
            "Alikhan A, Sayed C, Alavi A, et al. North American clinical management guidelines "
            "for hidradenitis suppurativa. J Am Acad Dermatol. 2019;81:76-101.",
            "Current prescribing information for each product listed in this packet."]),
    ("h", "8", "Revision History", 1),
    ("table", ["Date", "Version", "Summary of changes"], [
        ["07/01/2025", "3.0", "Annual review. Added response measures to omalizumab renewal; "
         "added pubertal dosing to somatropin quantity limits."],
        ["01/15/2025", "2.1", "Adalimumab: approval rule changed to require at least two of "
         "criteria 5 through 8."],
        ["07/01/2024", "2.0", "Packet reformatted into criteria tables with Yes/No boxes."]]),
]


# =========================================================================== DOC 2
LCD_TITLE = ("Local Coverage Determination (LCD): Immune Globulin Intravenous (IVIG) Therapy "
             "for Selected Autoimmune and Inflammatory Conditions")

NUM = ["1.", "a.", "i."]
NUM_I = ["1.", "i."]
BUL = ["•", "◦"]

LCD_INDS = [
    Indication("Chronic immune thrombocytopenia",
               "Chronic immune thrombocytopenia", number="Indication 1", fields=[
        Field(None, "selection_criteria", scheme=NUM, tree=G(
            "AND", "IVIG is considered reasonable and necessary for adults with chronic ITP when "
                   "ALL of the following are met:", [
                L("ITP has been present for more than 12 months after diagnosis", "; and"),
                L("Other causes of thrombocytopenia (for example, heparin-induced thrombocytopenia, "
                  "thrombotic microangiopathy or drug-induced thrombocytopenia) have been excluded",
                  "; and"),
                G("OR", "The platelet count meets one of the following:", [
                    L("platelet count below 30 x 10^9/L", "; or"),
                    L("platelet count below 50 x 10^9/L with clinically significant mucosal or "
                      "other bleeding")]),
                L("The patient has had an insufficient response to, intolerance of, or a "
                  "contraindication to corticosteroids", "; and"),
                G("OR", "IVIG is given for any of the following purposes:", [
                    L("to raise the platelet count rapidly before surgery or an invasive procedure"),
                    L("to treat active bleeding"),
                    L("as rescue therapy when other ITP treatments (thrombopoietin receptor "
                      "agonists, rituximab or splenectomy) have failed")]),
            ]),
            thresholds=[T("platelet count", "<", 30, unit="x10^9/L"),
                        T("platelet count", "<", 50, unit="x10^9/L")]),
        Field("Limitations", "exclusion_criteria", runin=True, scheme=BUL, tree=G(
            "OR", "IVIG is not considered reasonable and necessary for ITP when any of the "
                  "following applies:", [
                L("newly diagnosed ITP in an asymptomatic adult with a platelet count of "
                  "30 x 10^9/L or greater"),
                L("scheduled maintenance infusions without a documented platelet response to a "
                  "previous course"),
                L("thrombocytopenia caused by another condition, such as heparin-induced "
                  "thrombocytopenia or thrombotic thrombocytopenic purpura"),
            ]),
            thresholds=[T("platelet count", ">=", 30, unit="x10^9/L")]),
        Field("Documentation requirements", None, runin=True, paras=[
            "The record must include platelet counts before and within 7 days after each course, "
            "a bleeding assessment, and the dates and outcomes of prior ITP treatments."]),
        Field("Utilization guidelines", "dose", runin=True, paras=[
            "1 g/kg daily for 1 to 2 consecutive days, or 0.4 g/kg daily for 5 consecutive days.",
            "The total dose must not exceed 2 g/kg per course. Courses are not covered more often "
            "than every 4 weeks unless active bleeding is documented."],
            doses=[D(1, None, "g/kg", "daily for 1 to 2 consecutive days", "2 g/kg per course"),
                   D(0.4, None, "g/kg", "daily for 5 consecutive days", "2 g/kg per course")]),
    ]),
    Indication("Chronic inflammatory demyelinating polyneuropathy",
               "Chronic inflammatory demyelinating polyneuropathy", number="Indication 2", fields=[
        Field(None, "selection_criteria", scheme=NUM, tree=G(
            "AND", "IVIG is considered reasonable and necessary for CIDP when ALL of the "
                   "following are met:", [
                G("OR", "The diagnosis is supported by nerve conduction studies showing one or more "
                        "of the following in at least two nerves:", [
                    L("motor distal latency prolonged by 50% or more above the upper limit of normal"),
                    L("motor conduction velocity reduced by 30% or more below the lower limit of "
                      "normal"),
                    L("motor conduction block or abnormal temporal dispersion")]),
                G("OR", "Disability is documented with a validated scale, with either of the "
                        "following:", [
                    L("INCAT disability score of 2 points or more", "; or"),
                    L("I-RODS centile score below 70")]),
                L("Symptoms have progressed or relapsed over at least 8 weeks", "; and"),
                L("Other causes of neuropathy (for example, diabetes, IgM paraprotein with "
                  "anti-MAG antibodies, POEMS syndrome or hereditary neuropathy) have been "
                  "evaluated and excluded"),
            ]),
            thresholds=[T("motor distal latency above upper limit of normal", ">=", 50, unit="%"),
                        T("motor conduction velocity below lower limit of normal", ">=", 30, unit="%"),
                        T("INCAT disability score", ">=", 2, unit="points"),
                        T("I-RODS centile score", "<", 70)]),
        Field("Continued coverage", "continuation_criteria", runin=True, scheme=BUL, tree=G(
            "AND", "Maintenance IVIG beyond the first 3 months is covered when both of the "
                   "following are documented:", [
                G("OR", "objective improvement after the induction course, shown by any of the "
                        "following:", [
                    L("a decrease of at least 1 point in the INCAT disability score"),
                    L("an increase of at least 4 centile points on I-RODS"),
                    L("an increase in grip strength of 8 kg or more")]),
                L("an attempt to reduce the dose or lengthen the interval has been made within the "
                  "past 12 months, or the medical record explains why dose reduction is unsafe",
                  gold=G("OR", None, [
                      L("an attempt to reduce the dose or lengthen the interval has been made "
                        "within the past 12 months"),
                      L("the medical record explains why dose reduction is unsafe")])),
            ]),
            thresholds=[T("INCAT disability score decrease", ">=", 1, unit="points"),
                        T("I-RODS increase", ">=", 4, unit="centile points"),
                        T("grip strength increase", ">=", 8, unit="kg")]),
        Field("Limitations", "exclusion_criteria", runin=True, paras=[
            "IVIG is not covered for CIDP when the neuropathy is associated with an IgM "
            "paraprotein with anti-MAG antibodies, or when no objective improvement has been "
            "documented after 3 induction or maintenance courses."],
            prose_tree=G("OR", None, [
                L("the neuropathy is associated with an IgM paraprotein with anti-MAG antibodies"),
                L("no objective improvement has been documented after 3 induction or maintenance "
                  "courses")])),
        Field("Documentation requirements", None, runin=True, paras=[
            "Baseline and follow-up INCAT or I-RODS scores, grip strength, the nerve conduction "
            "study report and the neurologist's assessment of response must be recorded for each "
            "course."]),
        Field("Utilization guidelines", "dose", runin=True, paras=[
            "Induction: 2 g/kg total, divided over 2 to 5 consecutive days.",
            "Maintenance: 1 g/kg every 3 to 4 weeks, titrated to the lowest effective dose and "
            "longest effective interval.",
            "No more than 2 g/kg may be given in any 3-week period."],
            doses=[D(2, None, "g/kg", "divided over 2 to 5 consecutive days",
                     "2 g/kg in any 3-week period"),
                   D(1, None, "g/kg", "every 3 to 4 weeks", "2 g/kg in any 3-week period")]),
    ]),
    Indication("Kawasaki disease", "Kawasaki disease", number="Indication 3", fields=[
        Field(None, "selection_criteria", scheme=NUM, tree=G(
            "AND", "IVIG is considered reasonable and necessary for a child with Kawasaki disease "
                   "when both of the following are met:", [
                L("Fever has been present for 5 days or more", "; and"),
                G("OR", "At least four of the five principal clinical features are present:", min=4,
                  items=[
                    L("bilateral bulbar conjunctival injection without exudate"),
                    L("changes of the lips and oral cavity (cracked red lips, strawberry tongue or "
                      "diffuse oropharyngeal erythema)"),
                    L("polymorphous rash"),
                    L("changes in the extremities (erythema or edema of the hands or feet, or "
                      "periungual desquamation)"),
                    L("cervical lymphadenopathy of at least 1.5 cm in diameter, usually unilateral")]),
            ]),
            thresholds=[T("cervical lymph node diameter", ">=", 1.5, unit="cm")]),
        Field(None, "selection_criteria", paras=[
            "IVIG is also reasonable and necessary for children with incomplete Kawasaki disease "
            "who have fever for 5 days or more with two or three principal clinical features and "
            "a C-reactive protein of 3.0 mg/dL or higher, or who have coronary artery dilation on "
            "echocardiography with a Z-score of 2.5 or greater."],
            prose_tree=G("OR", None, [
                G("AND", None, [
                    L("have fever for 5 days or more"),
                    L("two or three principal clinical features"),
                    L("a C-reactive protein of 3.0 mg/dL or higher")]),
                L("have coronary artery dilation on echocardiography with a Z-score of 2.5 or "
                  "greater")]),
            thresholds=[T("C-reactive protein", ">=", 3.0, unit="mg/dL"),
                        T("coronary artery Z-score", ">=", 2.5)]),
        Field("Limitations", "exclusion_criteria", runin=True, scheme=BUL, tree=G(
            "OR", "IVIG is not considered reasonable and necessary for Kawasaki disease in any of "
                  "the following situations:", [
                L("presentation after day 10 of illness with no fever, normal inflammatory markers "
                  "and a normal echocardiogram"),
                L("a third or later dose during the same illness episode"),
                L("fever explained by another diagnosis (for example, viral exanthem, scarlet "
                  "fever or drug reaction)"),
            ])),
        Field("Documentation requirements", None, runin=True, paras=[
            "Day of illness at the time of treatment, the principal clinical features present, "
            "C-reactive protein or erythrocyte sedimentation rate, and echocardiogram results."]),
        Field("Utilization guidelines", "dose", runin=True, paras=[
            "A single dose of 2 g/kg infused over 10 to 12 hours, given with acetylsalicylic acid.",
            "One further dose of 2 g/kg is covered for persistent or recurrent fever at least 36 "
            "hours after the end of the first infusion.",
            "Maximum: two doses per illness episode."],
            doses=[D(2, None, "g/kg", "single dose", "two doses per illness episode"),
                   D(2, None, "g/kg", "one further dose", "two doses per illness episode")]),
    ]),
    Indication("Refractory dermatomyositis", "Refractory dermatomyositis", number="Indication 4",
               fields=[
        Field(None, "selection_criteria", scheme=NUM_I, tree=G(
            "AND", "IVIG is considered reasonable and necessary for adults with refractory "
                   "dermatomyositis who meet the following criteria:", [
                L("Probable or definite dermatomyositis by the 2017 EULAR/ACR classification "
                  "criteria (probability of 55% or more)", "; and"),
                G("OR", "Active disease, shown by at least one of the following:", [
                    L("Manual Muscle Testing (MMT-8) score of 136 or less out of 150"),
                    L("creatine kinase more than 4 times the upper limit of normal"),
                    L("Cutaneous Dermatomyositis Disease Area and Severity Index (CDASI) activity "
                      "score of 20 or greater")]),
                Sep("AND"),
                G("OR", None, inline=True, sep="OR", items=[
                    L("Inadequate response after at least 12 weeks of high-dose corticosteroids"),
                    L("Corticosteroids are contraindicated or could not be tapered without "
                      "disease flare")]),
                Sep("AND"),
                L("Inadequate response to, or intolerance of, at least one steroid-sparing "
                  "immunosuppressant (methotrexate, azathioprine or mycophenolate mofetil) taken "
                  "for at least 3 months"),
            ]),
            thresholds=[T("EULAR/ACR classification probability", ">=", 55, unit="%"),
                        T("MMT-8", "<=", 136),
                        T("creatine kinase", ">", 4, unit="x ULN"),
                        T("CDASI activity score", ">=", 20)]),
        Field("Continued coverage", "continuation_criteria", runin=True, paras=[
            "Continued IVIG beyond 6 months is covered for patients who achieve a Total "
            "Improvement Score (TIS) of 20 or more and who have had a dose reduction or interval "
            "extension attempted."],
            prose_tree=G("AND", None, [
                L("achieve a Total Improvement Score (TIS) of 20 or more"),
                L("have had a dose reduction or interval extension attempted")]),
            thresholds=[T("Total Improvement Score", ">=", 20)]),
        Field("Limitations", "exclusion_criteria", runin=True, scheme=BUL, tree=G(
            "OR", "IVIG is not considered reasonable and necessary for any of the following:", [
                L("inclusion body myositis"),
                L("polymyositis or immune-mediated necrotizing myopathy, outside a clinical trial"),
                L("first-line treatment before a trial of corticosteroids, unless corticosteroids "
                  "are contraindicated"),
            ])),
        Field("Documentation requirements", None, runin=True, paras=[
            "MMT-8, creatine kinase, CDASI and TIS recorded at baseline and before every third "
            "course."]),
        Field("Utilization guidelines", "dose", runin=True, paras=[
            "2 g/kg divided over 2 to 5 consecutive days, every 4 weeks.",
            "Maximum: 2 g/kg per 4-week cycle."],
            doses=[D(2, None, "g/kg", "every 4 weeks", "2 g/kg per 4-week cycle")]),
    ]),
]

LCD_BODY = [
    ("h", None, "Contractor Information", 1),
    ("table", ["Contractor Name", "Contract Type", "Contract Number", "Jurisdiction", "State(s)"], [
        ["Prairie Gate Medicare Services, LLC", "A and B MAC", "07112 - MAC A", "J - P",
         "Kansas"],
        ["Prairie Gate Medicare Services, LLC", "A and B MAC", "07212 - MAC B", "J - P",
         "Kansas"],
        ["Prairie Gate Medicare Services, LLC", "A and B MAC", "07312 - MAC A", "J - P",
         "Nebraska"]]),
    ("h", None, "LCD Information", 1),
    ("h", None, "Document Information", 2),
    ("table", None, [
        ["LCD ID", "L39917"],
        ["LCD Title", "Immune Globulin Intravenous (IVIG) Therapy for Selected Autoimmune and "
                      "Inflammatory Conditions"],
        ["Original Effective Date", "For services performed on or after 03/01/2023"],
        ["Revision Effective Date", "For services performed on or after 08/14/2025"],
        ["Revision Ending Date", "N/A"],
        ["Retirement Date", "N/A"],
        ["Notice Period Start Date", "01/15/2023"],
        ["Notice Period End Date", "02/28/2023"],
        ["CPT codes, descriptions and other data only", "Copyright 2024 American Medical "
         "Association. All rights reserved. Applicable FARS/HHSARS apply."]]),
    ("h", None, "Issue", 2),
    ("p", "Issue Description: This LCD states when IVIG is reasonable and necessary for four "
          "autoimmune and inflammatory conditions for which there is no national coverage "
          "determination. IVIG for primary humoral immunodeficiency given in the home is "
          "addressed by the DME MAC and is outside the scope of this LCD."),
    ("h", None, "CMS National Coverage Policy", 1),
    ("p", "This LCD supplements but does not replace, modify or supersede existing Medicare "
          "applicable National Coverage Determinations (NCDs) or payment policy rules and "
          "regulations. The following sources apply:"),
    ("ul", ["Title XVIII of the Social Security Act, §1862(a)(1)(A), which allows coverage and "
            "payment only for items and services that are reasonable and necessary for the "
            "diagnosis or treatment of illness or injury.",
            "CMS Internet-Only Manual, Pub. 100-02, Medicare Benefit Policy Manual, Chapter 15, "
            "§50 Drugs and Biologicals.",
            "CMS Internet-Only Manual, Pub. 100-08, Medicare Program Integrity Manual, Chapter 13, "
            "§13.5.4 Reasonable and Necessary Provisions in LCDs."]),
    ("h", None, "Coverage Guidance", 1),
    ("h", None, "Coverage Indications, Limitations, and/or Medical Necessity", 2),
    ("p", "IVIG is a pooled, plasma-derived product. The following general requirements apply to "
          "every indication in this LCD:"),
    ("ul", ["the diagnosis is made, and IVIG is ordered, by or in consultation with a physician "
            "experienced in managing the condition (hematologist, neurologist, rheumatologist, "
            "dermatologist or pediatric cardiologist, as appropriate);",
            "the patient's weight is recorded at each course so that the dose can be verified; and",
            "IVIG is given in a setting able to recognize and manage infusion reactions."]),
    ("p", "IVIG is considered reasonable and necessary only for the indications below, and only "
          "when the criteria stated for that indication are met."),
    *[("ind", ind) for ind in LCD_INDS],
    ("h", None, "Summary of Evidence", 2),
    ("p", "Randomized trials and systematic reviews support IVIG for raising the platelet count "
          "in ITP, for induction and maintenance in CIDP, and for reducing coronary artery "
          "aneurysms in Kawasaki disease when given within the first 10 days of illness. A "
          "placebo-controlled trial in adults with dermatomyositis showed a higher Total "
          "Improvement Score with IVIG at 16 weeks. Evidence for other myopathies is limited to "
          "case series."),
    ("h", None, "Analysis of Evidence (Rationale for Determination)", 2),
    ("p", "The level of evidence is sufficient to find IVIG reasonable and necessary for the four "
          "indications above when the stated criteria are met. Requirements for objective "
          "response and for periodic attempts at dose reduction reflect the evidence that many "
          "patients can be maintained on lower doses or longer intervals."),
    ("h", None, "General Information", 1),
    ("h", None, "Documentation Requirements", 2),
    ("ol", ["All documentation must be kept in the patient's medical record and made available to "
            "the contractor upon request.",
            "Every page of the record must be legible and include patient identification "
            "information (for example, complete name and dates of service).",
            "The record must support the use of the selected ICD-10-CM and HCPCS codes.",
            "The order must state the product, the dose in g/kg, the total grams, the number of "
            "infusion days and the interval between courses."]),
    ("h", None, "Utilization Guidelines", 2),
    ("p", "In accordance with CMS Ruling 95-1 (V), utilization of these services should be "
          "consistent with locally acceptable standards of practice. Doses for patients with a "
          "body mass index of 30 kg/m2 or more should be calculated using adjusted body weight. "
          "Indication-specific dose and frequency limits are stated under each indication above."),
    ("h", None, "ICD-10-CM Codes that Support Medical Necessity", 1),
    ("table", ["ICD-10-CM Code", "Description"], [
        ["D69.3", "Immune thrombocytopenic purpura"],
        ["G61.81", "Chronic inflammatory demyelinating polyneuritis"],
        ["M30.3", "Mucocutaneous lymph node syndrome [Kawasaki]"],
        ["M33.10", "Other dermatomyositis, organ involvement unspecified"],
        ["M33.11", "Other dermatomyositis with respiratory involvement"]]),
    ("h", None, "Bibliography", 1),
    ("ol", ["Provan D, Arnold DM, Bussel JB, et al. Updated international consensus report on the "
            "investigation and management of primary immune thrombocytopenia. Blood Adv. "
            "2019;3(22):3780-3817.",
            "Van den Bergh PYK, van Doorn PA, Hadden RDM, et al. European Academy of Neurology/"
            "Peripheral Nerve Society guideline on diagnosis and treatment of chronic "
            "inflammatory demyelinating polyradiculoneuropathy. J Peripher Nerv Syst. "
            "2021;26(3):242-268.",
            "McCrindle BW, Rowley AH, Newburger JW, et al. Diagnosis, treatment, and long-term "
            "management of Kawasaki disease. Circulation. 2017;135(17):e927-e999.",
            "Aggarwal R, Charles-Schoeman C, Schessl J, et al. Trial of intravenous immune "
            "globulin in dermatomyositis. N Engl J Med. 2022;387(14):1264-1278."]),
    ("h", None, "Revision History Information", 1),
    ("table", ["Revision History Date", "Revision History Number", "Revision History Explanation",
               "Reasons for Change"], [
        ["08/14/2025", "R3", "Under Coverage Indications, Limitations, and/or Medical Necessity, "
         "added Indication 4 (refractory dermatomyositis) and revised continued coverage for CIDP.",
         "Reconsideration Request; Provider Education/Guidance"],
        ["01/01/2025", "R2", "Annual ICD-10-CM code update. No change to coverage.",
         "Revisions Due To ICD-10-CM Code Changes"],
        ["03/01/2023", "R1", "Initial publication.", "New Policy"]]),
]


# =========================================================================== DOCX
def _docx_imports():
    import docx  # noqa: F401
    from docx.enum.table import WD_TABLE_ALIGNMENT  # noqa: F401
    from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: F401
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Inches, Pt, RGBColor
    return docx, OxmlElement, qn, Inches, Pt, RGBColor


def _shade(cell, fill):
    _, OxmlElement, qn, *_ = _docx_imports()
    tcPr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcPr.append(shd)


def _page_field(par, prefix="Page "):
    _, OxmlElement, qn, *_ = _docx_imports()
    par.add_run(prefix)
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), "PAGE")
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "1"
    r.append(t)
    fld.append(r)
    par._p.append(fld)


def _compact(par, before=0, after=3):
    _, _, _, _, Pt, _ = _docx_imports()
    par.paragraph_format.space_before = Pt(before)
    par.paragraph_format.space_after = Pt(after)


def _table(doc, header, rows, widths, font=9.5, head_fill="D9D9D9"):
    _, _, _, Inches, Pt, _ = _docx_imports()
    ncol = len(widths)
    t = doc.add_table(rows=0, cols=ncol)
    t.style = "Table Grid"
    if header:
        cells = t.add_row().cells
        for c, h in zip(cells, header):
            c.text = ""
            r = c.paragraphs[0].add_run(h)
            r.bold = True
            r.font.size = Pt(font)
            _shade(c, head_fill)
    for row in rows:
        cells = t.add_row().cells
        for c, v in zip(cells, row):
            c.text = ""
            r = c.paragraphs[0].add_run(v)
            r.font.size = Pt(font)
    _fix_table(t, widths)
    return t


def _fix_table(t, widths, header=True):
    """Fixed column widths (tblGrid too, which LibreOffice reads), rows that do not split
    across pages, and a repeating header row."""
    _, OxmlElement, qn, Inches, _, _ = _docx_imports()
    t.autofit = False
    for col, w in zip(t.columns, widths):
        col.width = Inches(w)
    for i, row in enumerate(t.rows):
        for c, w in zip(row.cells, widths):
            c.width = Inches(w)
        trPr = row._tr.get_or_add_trPr()
        trPr.append(OxmlElement("w:cantSplit"))
        if i == 0 and header:
            trPr.append(OxmlElement("w:tblHeader"))


def build_pa_docx(path):
    docx, OxmlElement, qn, Inches, Pt, RGBColor = _docx_imports()
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    d = docx.Document()
    sec = d.sections[0]
    sec.page_width, sec.page_height = Inches(8.5), Inches(11)
    sec.left_margin = sec.right_margin = Inches(0.9)
    sec.top_margin = sec.bottom_margin = Inches(0.8)
    st = d.styles["Normal"]
    st.font.name = "Arial"
    st.font.size = Pt(10)
    for name, size in (("Heading 1", 13), ("Heading 2", 11.5)):
        hs = d.styles[name]
        hs.font.name = "Arial"
        hs.font.size = Pt(size)
        hs.font.color.rgb = RGBColor(0x1F, 0x3A, 0x5F)
    hp = sec.header.paragraphs[0]
    hp.text = "Cedar Ridge Pharmacy Benefit Services \u2022 Prior Authorization Criteria \u2022 PA-SPX-2025-07"
    hp.runs[0].font.size = Pt(8)
    fp = sec.footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_field(fp)

    p = d.add_paragraph()
    r = p.add_run(PA_TITLE)
    r.bold = True
    r.font.size = Pt(18)
    r.font.color.rgb = RGBColor(0x1F, 0x3A, 0x5F)
    p = d.add_paragraph("Cedar Ridge Pharmacy Benefit Services \u2013 Commercial, Exchange and "
                        "Medicaid Managed Care Formularies")
    _compact(p)
    p = d.add_paragraph("Policy number: PA-SPX-2025-07   |   Effective: 07/01/2025   |   "
                        "Next review: 06/2026")
    _compact(p, after=10)

    for el in PA_BODY:
        kind = el[0]
        if kind == "h":
            _, num, title, level = el
            d.add_heading(f"{num}. {title}" if num else title, level=level)
        elif kind == "p":
            _compact(d.add_paragraph(el[1]), after=6)
        elif kind in ("ul", "ol"):
            for it in el[1]:
                _compact(d.add_paragraph(it, style="List Bullet" if kind == "ul" else "List Number"),
                         after=2)
        elif kind == "table":
            _, header, rows = el
            w = [1.6, 5.1] if len(header) == 2 else [1.0, 0.8, 4.9]
            _table(d, header, rows, w)
            d.add_paragraph()
        elif kind == "ind":
            _pa_drug_docx(d, el[1])
    d.save(path)


def _pa_drug_docx(d, ind):
    docx, OxmlElement, qn, Inches, Pt, RGBColor = _docx_imports()
    d.add_heading(ind.heading, level=2)
    for f in ind.fields:
        if f.runin:
            p = d.add_paragraph()
            p.add_run(f.label + ": ").bold = True
            p.add_run(f.paras[0])
            _compact(p, before=4, after=4)
            for extra in f.paras[1:]:
                _compact(d.add_paragraph(extra), after=4)
            continue
        p = d.add_paragraph()
        p.add_run(f.label).bold = True
        _compact(p, before=6, after=3)
        p.paragraph_format.keep_with_next = True
        if f.table:
            t = d.add_table(rows=1, cols=3)
            t.style = "Table Grid"
            for c, h in zip(t.rows[0].cells, ["No.", "Criterion", "Met? (\u2610 Yes \u2610 No)"]):
                c.text = ""
                rr = c.paragraphs[0].add_run(h)
                rr.bold = True
                rr.font.size = Pt(9.5)
                _shade(c, "DCE6F0")
            for n, row in enumerate(table_rows(f.tree), 1):
                cells = t.add_row().cells
                cells[0].text = str(n)
                first = True
                for level, mk, text in row:
                    par = cells[1].paragraphs[0] if first else cells[1].add_paragraph()
                    first = False
                    par.add_run(f"{mk} {text}" if mk else text).font.size = Pt(9.5)
                    if level:
                        par.paragraph_format.left_indent = Inches(0.25 * level)
                    _compact(par, after=1)
                cells[2].text = "\u2610 Yes   \u2610 No"
            _fix_table(t, (0.45, 4.85, 1.4))
            p = d.add_paragraph()
            rr = p.add_run(f.tree.stem)
            rr.bold = True
            rr.italic = True
            _compact(p, before=4, after=4)
            continue
        for para in f.paras:
            _compact(d.add_paragraph(para), after=3)
        if f.tree is not None:
            if f.tree.stem:
                _compact(d.add_paragraph(f.tree.stem), after=2)
            for ln in list_lines(root_items(f.tree)):
                if ln["kind"] == "sep":
                    par = d.add_paragraph()
                    par.add_run(ln["text"]).bold = True
                    par.paragraph_format.left_indent = Inches(0.5)
                elif ln["level"] == 0:
                    par = d.add_paragraph(ln["text"], style="List Bullet")
                else:  # nested items: typed en-dash glyph, deeper indent
                    par = d.add_paragraph(f"\u2013\t{ln['text']}")
                    par.paragraph_format.left_indent = Inches(0.25 + 0.3 * ln["level"])
                    par.paragraph_format.first_line_indent = Inches(-0.2)
                    par.paragraph_format.tab_stops.add_tab_stop(Inches(0.25 + 0.3 * ln["level"]))
                _compact(par, after=2)
        for b in f.bullets:
            _compact(d.add_paragraph(b, style="List Bullet"), after=2)


# ---------------------------------------------------------------- LCD docx
def build_lcd_docx(path):
    docx, OxmlElement, qn, Inches, Pt, RGBColor = _docx_imports()
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    d = docx.Document()
    sec = d.sections[0]
    sec.page_width, sec.page_height = Inches(8.5), Inches(11)
    sec.left_margin = sec.right_margin = Inches(0.85)
    sec.top_margin = sec.bottom_margin = Inches(0.75)
    st = d.styles["Normal"]
    st.font.name = "Calibri"
    st.font.size = Pt(10.5)
    for name, size in (("Heading 1", 14), ("Heading 2", 12)):
        hs = d.styles[name]
        hs.font.name = "Calibri"
        hs.font.size = Pt(size)
        hs.font.color.rgb = RGBColor(0x00, 0x3B, 0x71)
    fp = sec.footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    fp.add_run("Created on 08/20/2025. ")
    _page_field(fp)

    p = d.add_paragraph()
    r = p.add_run(LCD_TITLE)
    r.bold = True
    r.font.size = Pt(16)
    r.font.color.rgb = RGBColor(0x00, 0x3B, 0x71)
    _compact(d.add_paragraph("LCD ID: L39917   \u2022   Status: A-Approved"), after=10)

    for el in LCD_BODY:
        kind = el[0]
        if kind == "h":
            d.add_heading(el[2], level=el[3])
        elif kind == "p":
            _compact(d.add_paragraph(el[1]), after=6)
        elif kind in ("ul", "ol"):
            for i, it in enumerate(el[1], 1):
                par = d.add_paragraph(f"{'•' if kind == 'ul' else str(i) + '.'}\t{it}")
                par.paragraph_format.left_indent = Inches(0.35)
                par.paragraph_format.first_line_indent = Inches(-0.25)
                par.paragraph_format.tab_stops.add_tab_stop(Inches(0.35))
                _compact(par, after=2)
        elif kind == "table":
            _, header, rows = el
            ncol = len(rows[0])
            widths = {2: [2.2, 4.6], 4: [1.1, 1.0, 3.0, 1.7], 5: [1.9, 1.1, 1.3, 0.8, 1.7]}[ncol]
            if header and ncol == 2:
                widths = [1.4, 5.4]
            _table(d, header, rows, widths, font=9.5, head_fill="E4EAF2")
            d.add_paragraph()
        elif kind == "ind":
            _lcd_ind_docx(d, el[1])
    d.save(path)


def _lcd_list_docx(d, f):
    docx, OxmlElement, qn, Inches, Pt, RGBColor = _docx_imports()
    for ln in list_lines(root_items(f.tree)):
        lvl = ln["level"]
        par = d.add_paragraph()
        if ln["kind"] == "sep":
            par.add_run(ln["text"]).bold = True
            par.paragraph_format.left_indent = Inches(0.4 + 0.35 * lvl)
        else:
            mk = marker(f.scheme, lvl, ln["idx"])
            par.add_run(f"{mk}\t{ln['text']}")
            par.paragraph_format.left_indent = Inches(0.4 + 0.35 * lvl)
            par.paragraph_format.first_line_indent = Inches(-0.3)
            par.paragraph_format.tab_stops.add_tab_stop(Inches(0.4 + 0.35 * lvl))
        _compact(par, after=2)


def _lcd_ind_docx(d, ind):
    docx, OxmlElement, qn, Inches, Pt, RGBColor = _docx_imports()
    for k, f in enumerate(ind.fields):
        first_line = f.paras[0] if f.paras else (f.tree.stem if f.tree is not None else "")
        p = d.add_paragraph()
        if k == 0:
            p.add_run(f"{ind.number}: {ind.heading}.").bold = True
            p.add_run(" " + first_line)
            _compact(p, before=8, after=3)
        elif f.runin:
            p.add_run(f"{f.label}:").bold = True
            p.add_run(" " + first_line)
            _compact(p, before=4, after=3)
        else:
            p.add_run(first_line)
            _compact(p, before=3, after=3)
        rest = f.paras[1:] if f.paras else []
        for para in rest:
            _compact(d.add_paragraph(para), after=3)
        if f.tree is not None:
            if f.paras and f.tree.stem:
                _compact(d.add_paragraph(f.tree.stem), after=2)
            _lcd_list_docx(d, f)


# =========================================================================== HTML
LCD_CSS = """
@page { size: Letter; margin: 0.75in 0.7in 0.8in 0.7in; }
body { font-family: 'Liberation Sans', Arial, sans-serif; font-size: 10.5pt; color: #1b1b1b;
       line-height: 1.35; }
h1.title { font-size: 17pt; color: #003b71; margin: 0 0 4pt 0; }
.meta { color: #444; font-size: 9.5pt; margin-bottom: 12pt; }
h2 { font-size: 13pt; color: #fff; background: #003b71; padding: 3pt 6pt; margin: 14pt 0 6pt 0; }
h3 { font-size: 11.5pt; color: #003b71; border-bottom: 1px solid #9fb3c8; margin: 12pt 0 5pt 0;
     padding-bottom: 2pt; }
table { border-collapse: collapse; width: 100%; margin: 4pt 0 8pt 0; font-size: 9.5pt; }
th, td { border: 1px solid #8c9bab; padding: 3pt 5pt; vertical-align: top; text-align: left; }
th { background: #e4eaf2; }
td.k { width: 32%; font-weight: bold; background: #f3f6f9; }
p { margin: 4pt 0; }
ol, ul { margin: 2pt 0 4pt 0; padding-left: 26pt; }
li { margin: 1.5pt 0; }
li.sep { list-style: none; font-weight: bold; margin-left: -8pt; }
p.ind { margin-top: 10pt; }
"""


def _html_list(f, items, level=0):
    kind = f.scheme[min(level, len(f.scheme) - 1)]
    if kind in ("1.", "a.", "i."):
        tag, attr = "ol", {"1.": "1", "a.": "a", "i.": "i"}[kind]
        open_ = f'<ol type="{attr}">'
    else:
        tag = "ul"
        style = {"•": "disc", "◦": "circle", "–": "'\u2013  '"}.get(kind, "disc")
        open_ = f'<ul style="list-style-type: {style}">'
    out = [open_]
    idx = 0

    def emit(items):
        nonlocal idx
        for it in items:
            if isinstance(it, Sep):
                out.append(f'<li class="sep">{escape(it.word)}</li>')
                continue
            if isinstance(it, G) and it.inline:
                sub = []
                for j, x in enumerate(it.items):
                    if j and it.sep:
                        sub.append(Sep(it.sep))
                    sub.append(x)
                emit(sub)
                continue
            idx += 1
            val = f' value="{idx}"' if tag == "ol" else ""
            if isinstance(it, L):
                out.append(f"<li{val}>{escape(it.text + it.end)}</li>")
            else:
                out.append(f"<li{val}>{escape(it.stem)}" + _html_list(f, root_items(it), level + 1)
                           + "</li>")

    emit(items)
    out.append(f"</{tag}>")
    return "".join(out)


def build_lcd_html():
    h = [f"<!doctype html><html><head><meta charset='utf-8'><title>{escape(LCD_TITLE)}</title>"
         f"<style>{LCD_CSS}</style></head><body>",
         f"<h1 class='title'>{escape(LCD_TITLE)}</h1>",
         "<div class='meta'>LCD ID: L39917 &nbsp;&bull;&nbsp; Status: A-Approved</div>"]
    for el in LCD_BODY:
        kind = el[0]
        if kind == "h":
            tag = "h2" if el[3] == 1 else "h3"
            h.append(f"<{tag}>{escape(el[2])}</{tag}>")
        elif kind == "p":
            h.append(f"<p>{escape(el[1])}</p>")
        elif kind in ("ul", "ol"):
            h.append(f"<{kind}>" + "".join(f"<li>{escape(x)}</li>" for x in el[1]) + f"</{kind}>")
        elif kind == "table":
            _, header, rows = el
            t = ["<table>"]
            if header:
                t.append("<tr>" + "".join(f"<th>{escape(x)}</th>" for x in header) + "</tr>")
            for row in rows:
                if header:
                    t.append("<tr>" + "".join(f"<td>{escape(x)}</td>" for x in row) + "</tr>")
                else:
                    t.append(f"<tr><td class='k'>{escape(row[0])}</td><td>{escape(row[1])}</td></tr>")
            t.append("</table>")
            h.append("".join(t))
        elif kind == "ind":
            ind = el[1]
            for k, f in enumerate(ind.fields):
                first = f.paras[0] if f.paras else (f.tree.stem if f.tree is not None else "")
                if k == 0:
                    h.append(f"<p class='ind'><strong>{escape(ind.number)}: {escape(ind.heading)}."
                             f"</strong> {escape(first)}</p>")
                elif f.runin:
                    h.append(f"<p><strong>{escape(f.label)}:</strong> {escape(first)}</p>")
                else:
                    h.append(f"<p>{escape(first)}</p>")
                for para in (f.paras[1:] if f.paras else []):
                    h.append(f"<p>{escape(para)}</p>")
                if f.tree is not None:
                    if f.paras and f.tree.stem:
                        h.append(f"<p>{escape(f.tree.stem)}</p>")
                    h.append(_html_list(f, root_items(f.tree)))
    h.append("</body></html>")
    return "\n".join(h)


def print_chromium(html_path, pdf_path):
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium")
        pg = b.new_page()
        pg.goto(Path(html_path).resolve().as_uri())
        pg.pdf(path=str(pdf_path), format="Letter", print_background=True,
               display_header_footer=True,
               header_template="<div style='font-size:7pt;width:100%;padding:0 0.7in;color:#555'>"
                               "Local Coverage Determination L39917</div>",
               footer_template="<div style='font-size:7pt;width:100%;padding:0 0.7in;"
                               "text-align:right;color:#555'>Created on 08/20/2025. Page "
                               "<span class='pageNumber'></span> of <span class='totalPages'>"
                               "</span></div>",
               margin={"top": "0.75in", "bottom": "0.8in", "left": "0.7in", "right": "0.7in"})
        b.close()


def soffice_pdf(docx_path, outdir):
    prof = Path(tempfile.gettempdir()) / "lo_blind3_forms"
    subprocess.run(["/usr/bin/soffice", f"-env:UserInstallation=file://{prof}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(outdir), str(docx_path)],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=240)


# =========================================================================== gold
def squash(s):
    s = s.replace("\x02", "").replace("\xad", "").replace("\ufffe", "")
    return re.sub(r"\s+", "", s)


def pdf_pages(pdf):
    import pypdfium2 as pdfium
    doc = pdfium.PdfDocument(str(pdf))
    out = [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    doc.close()
    return out


def docx_text(path):
    import docx
    d = docx.Document(str(path))
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            for c in row.cells:
                parts.append(c.text)
    return "\n".join(parts)


def section_specs(body, runin_ind):
    """(number, title, level, printed search string) for every heading in order."""
    out = []
    for el in body:
        if el[0] == "h":
            _, num, title, level = el
            out.append((num, title, level, f"{num}. {title}" if num else title))
        elif el[0] == "ind":
            ind = el[1]
            if runin_ind:
                out.append((ind.number, ind.heading, 3, f"{ind.number}: {ind.heading}."))
            else:
                out.append((None, ind.heading, 2, ind.heading))
    return out


def find_pages(specs, pages):
    sq = [squash(p) for p in pages]
    cur = 0
    res = []
    for num, title, level, needle in specs:
        n = squash(needle)
        hit = None
        for i in range(cur, len(sq)):
            if n in sq[i]:
                hit = i
                break
        if hit is None:
            raise SystemExit(f"heading not found in PDF: {needle!r}")
        cur = hit
        res.append(hit + 1)
    return res


def make_gold(docname, fmt, producer, style, title, body, inds, runin_ind, pages=None):
    specs = section_specs(body, runin_ind)
    pnums = find_pages(specs, pages) if pages is not None else [None] * len(specs)
    ext = "pdf" if fmt == "pdf" else "docx"
    return {
        "source": f"corpora/policies/{SET}/{docname}.{ext}",
        "producer": producer,
        "style": style,
        "title": title,
        "sections": [{"number": s[0], "title": s[1], "level": s[2], "page": pg}
                     for s, pg in zip(specs, pnums)],
        "indications": [{"name": ind.name, "fields": [gold_field(f) for f in ind.fields]}
                        for ind in inds],
    }


def check(gold, text, label):
    """Every section title and criteria leaf must occur in the document text."""
    sq0 = squash(text)
    sqh = sq0.replace("-", "")

    class _In:  # "x in doc": whitespace-insensitive; line-end hyphens (U+FFFE) forgiven
        def __contains__(self, needle):
            return needle in sq0 or needle.replace("-", "") in sqh

    sq = _In()
    bad = []
    for s in gold["sections"]:
        if squash(s["title"]) not in sq:
            bad.append(("section", s["title"]))
    if gold["title"] and squash(gold["title"]) not in sq:
        bad.append(("title", gold["title"]))
    for ind in gold["indications"]:
        if squash(ind["name"]) not in sq:
            bad.append(("indication", ind["name"]))
        for f in ind["fields"]:
            for ln in f["text"].split("\n"):
                if squash(ln) not in sq:
                    bad.append(("text line", ln))
            if "criteria" in f:
                for lf in leaves(f["criteria"]):
                    if squash(lf) not in sq:
                        bad.append(("leaf", lf))
                    if squash(lf) not in squash(f["text"]):
                        bad.append(("leaf not in field text", lf))
            for t in f["thresholds"]:
                for v in (t["value"], t["value_max"]):
                    if v is None:
                        continue
                    vs = f"{abs(v):,}" if isinstance(v, int) else str(abs(v))
                    if vs not in f["text"] and str(abs(v)) not in f["text"]:
                        bad.append(("threshold value", f"{t['analyte']} {v}"))
            for dz in f["doses"]:
                if str(dz["amount"]) not in f["text"]:
                    bad.append(("dose amount", str(dz["amount"])))
    for b in bad:
        print(f"  MISMATCH [{label}] {b[0]}: {b[1]}", file=sys.stderr)
    return not bad


# =========================================================================== main
PA_STYLE = ("US pharmacy-benefit prior authorization criteria packet: per-drug all-caps heading, "
            "ruled Yes/No criteria table with approval-rule line, approval duration, renewal, "
            "exclusion and quantity-limit blocks")
LCD_STYLE = ("US Medicare Local Coverage Determination (LCD): bold run-in 'Indication N:' headings "
             "with 'covered when ALL of the following are met' numbered lists, Limitations, "
             "Documentation requirements, Utilization guidelines, plus LCD boilerplate sections")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="documents directory")
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="gold JSON directory")
    a = ap.parse_args(argv)
    a.out.mkdir(parents=True, exist_ok=True)
    a.gold.mkdir(parents=True, exist_ok=True)

    # ---- document 1: python-docx -> LibreOffice
    pa_docx = a.out / "pa_packet.docx"
    build_pa_docx(pa_docx)
    soffice_pdf(pa_docx, a.out)
    pa_pdf = a.out / "pa_packet.pdf"

    # ---- document 2: HTML -> Chromium, and python-docx
    lcd_pdf = a.out / "lcd_style.pdf"
    with tempfile.TemporaryDirectory() as td:
        hp = Path(td) / "lcd_style.html"
        hp.write_text(build_lcd_html(), encoding="utf-8")
        print_chromium(hp, lcd_pdf)
    lcd_docx = a.out / "lcd_style.docx"
    build_lcd_docx(lcd_docx)

    ok = True
    summary = []
    jobs = [
        ("pa_packet", PA_TITLE, PA_BODY, PA_DRUGS, False, PA_STYLE, pa_pdf, pa_docx, "libreoffice"),
        ("lcd_style", LCD_TITLE, LCD_BODY, LCD_INDS, True, LCD_STYLE, lcd_pdf, lcd_docx, "chromium"),
    ]
    for name, title, body, inds, runin, style, pdf, dx, prod in jobs:
        pages = pdf_pages(pdf)
        g_pdf = make_gold(name, "pdf", prod, style, title, body, inds, runin, pages)
        g_docx = make_gold(name, "docx", "python-docx", style, title, body, inds, runin, None)
        ok &= check(g_pdf, "\n".join(pages), f"{name}.pdf")
        ok &= check(g_docx, docx_text(dx), f"{name}.docx")
        for fmt, g in (("pdf", g_pdf), ("docx", g_docx)):
            (a.gold / f"{name}_{fmt}.json").write_text(
                json.dumps(g, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        fields = [f for i in g_pdf["indications"] for f in i["fields"]]
        summary.append((name, len(pages), len(g_pdf["sections"]), len(g_pdf["indications"]),
                        len(fields),
                        sum(len(leaves(f["criteria"])) for f in fields if "criteria" in f),
                        sum(len(f["thresholds"]) for f in fields),
                        sum(len(f["doses"]) for f in fields)))
    print(f"{'document':12} pages sections indications fields leaves thresholds doses")
    for s in summary:
        print(f"{s[0]:12} {s[1]:5} {s[2]:8} {s[3]:11} {s[4]:6} {s[5]:6} {s[6]:10} {s[7]:5}")
    print("check:", "OK" if ok else "MISMATCHES (see above)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
