"""Generate the blind7 (part b) policy test document ``web_guidance_print`` and its gold JSON.

One invented document (plausible but NOT real guidance; the page says so in a
notice under its title), produced as a PDF and a DOCX, with one gold JSON per
produced file, following corpora/gold/policy/blind2/CONVENTIONS.md.

House style: a health-technology guidance WEB PAGE as a user saves it.  A
single HTML page in the style of a national guidance website (the invented
body "Health Guidance Online"): a site header with the logo text, a search
prompt and navigation links, a cookie-consent notice left undismissed, a
breadcrumb trail "Home › Guidance › Conditions and diseases › …", the page
title (h1) with a reference / dates line and a tab strip, then a two-column
layout: a left-hand "On this page" box (its own <h2>, a linked list of the
numbered h2 sections with the h3 sub-headings nested under them) and the main
guidance text.  Main text: "1 Recommendations" with one h3 per condition and
NICE-like numbered recommendation paragraphs "1.1", "1.2", … (some prose, some
with "only if:" / "if they have any of the following:" bullet lists whose
items end with "and" / "or", one nested sub-list), a closing h3 "Why these
recommendations were made"; "2 Information about brenovimab" (prose dosing
"The recommended dose is … every 4 weeks …" and a small HTML table
"Condition | Dose | Maximum"); "3 Committee discussion" (numbered paragraphs
3.1 … full of numbers that are NOT criteria: rate ratios, a hazard ratio
0.62, ICERs such as £12,400 per QALY, eosinophil cut-offs used in subgroup
analyses); "4 Implementation"; "5 Review".  "Back to top" links close every
h2 section, then a "Was this page useful? Yes / No" widget and a footer with
links and a copyright line.

PDF: the saved HTML printed by Chromium headless (``--print-to-pdf``) with the
page's own print CSS and Chromium's default print header/footer (date, page
title, file URL, page x/y), as a browser "Save as PDF" gives.  DOCX: LibreOffice
converting the same HTML file (``soffice --headless --convert-to
docx:"MS Word 2007 XML" page.html``), so it carries the web chrome too (the
nav links, cookie text, breadcrumb, "On this page" heading as a Heading 2 and
its link list, "Back to top" lines, feedback widget and footer).
LibreOffice also turns the page's <div> wrappers into Writer sections, so the
DOCX holds many section breaks and empty paragraphs between recommendations.
Medicine: brenovimab (invented anti-IL-5 monoclonal antibody).  Indications:
severe eosinophilic asthma, chronic rhinosinusitis with nasal polyps,
eosinophilic oesophagitis, eosinophilic granulomatosis with polyangiitis.

Gold decisions (CONVENTIONS leave these open):

* Web chrome is no section and no indication: header, nav, cookie notice,
  breadcrumb, tab strip, the "On this page" box (including its <h2>), the
  invented-page notice, "Back to top" links, the feedback widget, the footer
  and Chromium's print header/footer.  The h1 is the document ``title``.
* Sections are the page's h2 (level 1, number "1".."5", title without the
  number) and h3 (level 2, number null) headings of the main text, in order.
  PDF pages are those of the printed HEADING, not of its entry in the "On
  this page" box: the heading is found with pypdfium2 as the first occurrence
  (case-sensitive, on or after the previous section's page) whose characters
  are printed in a heading font size (box links and body text are smaller).
* Indications are the four condition h3 headings in section 1, names as
  printed there.  "Why these recommendations were made" is a section but not
  an indication.
* Each numbered recommendation under a condition heading is one field with
  label null (the paragraph number is not a label; it is removed from the
  text), role chosen by content: "is recommended … only if / if" ->
  selection_criteria; "is not recommended" -> exclusion_criteria; "Only
  continue treatment if" / "Stop brenovimab … if" -> continuation_criteria;
  "Give brenovimab as …" -> dose; "Assess the response … using …" ->
  outcome_measures; "choose the least expensive" -> position.
* List recommendations: the lead sentence ending "only if:" / "if they have
  any of the following:" / "Only continue treatment if:" / "… both of the
  following apply:" is the root node's stem, printed text with its colon
  (when it holds two sentences, both are the stem, as printed on one line);
  "only if" + items ending "and" -> AND; "any of the following" -> OR; items
  ending "or" -> OR; "both" -> AND.  A bullet whose text introduces a
  sub-list ("… either of the following:") is the stem of a child OR node.
  Leaves are the bullet texts without the trailing "and"/"or" and without the
  final full stop.  Field text = lead line + one line per bullet, as printed
  (connectives and full stop kept, bullet glyphs removed).
* Prose recommendations: a sentence is one leaf (full sentence, final full
  stop removed) in a root AND node with stem null, unless it enumerates whole
  conditions: 1.7 ("… if A, or if B") -> OR of two leaves, the shared lead-in
  "Stop brenovimab at 24 weeks if" and the repeated "if" dropped; 1.12
  ("… in adults who have had X and who have Y") -> AND of leaves "have had X",
  "have Y" (lead-in "… in adults who" dropped), as in the CONVENTIONS example.
* Table 1 (section 2) rows are matched to the indication whose name is the
  row's Condition cell (printed identically to the h3).  Each row gives its
  indication two fields named after the column headers, appended after the
  section 1 fields: "Dose" (role dose, with the dose rules; the row's
  "Maximum" is copied into each rule's ``max``) and "Maximum" (role dose, text
  only, doses []), as in the blind6 pbm_two_column gold.  The general dosing
  prose of section 2 ("The recommended dose is 100 mg every 4 weeks …") names
  no condition and belongs to no indication; neither do the committee
  discussion, implementation and review paragraphs.
* Thresholds: ages, body weight, blood eosinophil count (cells per microlitre
  -> "cells/µL"), FeNO (ppb), sputum eosinophils (%), oesophageal eosinophils
  per high-power field ("eos/hpf"), questionnaire scores (ACQ-5, SNOT-22, DSQ;
  unitless, or "points" for improvements), nasal polyp score, BVAS
  (including "BVAS of 0" -> comparator "=").  Not thresholds: numbers of
  exacerbations, relapses and previous surgeries (counts of events / prior
  treatments), durations and time points.  Thresholds in a stem belong to the
  field like any other.

Content is held once as Python data below; the HTML (hence both documents)
and the gold are generated from it.  After generation the script verifies
that every section title, indication name, field label, stem, criteria leaf
and field-text line appears in the extracted PDF text (Chromium print
header/footer lines removed) and the DOCX text (python-docx paragraphs and
table cells).

Run:  /work/main/.venv/bin/python scripts/make_policy_blind7_b.py
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
import pypdfium2.raw as pdfium_c

ROOT = Path(__file__).resolve().parent.parent
SET = "blind7"
DOCNAME = "web_guidance_print"
DOC_DIR = ROOT / "corpora" / "policies" / SET
GOLD_DIR = ROOT / "corpora" / "gold" / "policy" / SET
CHROMIUM = "/usr/bin/chromium"
# pdfium reports Chromium's font sizes in CSS px: body 10.5pt = 14px, "On this page" links
# 8.5pt = 11.3px, table 9.5pt = 12.7px, h3 12.5pt = 16.7px, h2 15pt = 20px, h1 20pt = 26.7px.
HEADING_MIN_SIZE = 16.0
HEADING_MAX_SIZE = 25.0          # excludes the h1 page title
LEVEL_SIZE = {1: 20.0, 2: 16.7}  # expected size of the matched heading, checked
SOFFICE = "/usr/bin/soffice"


# --------------------------------------------------------------------------
# Small data helpers
# --------------------------------------------------------------------------

class N:
    """Criteria node.  items are str leaves or N children.

    conn -> connective printed at the end of every item but the last
            ("and" / "or"), or None when the stem alone says how items combine.
    """

    def __init__(self, op, stem, items, conn=None, min=None):
        self.op, self.stem, self.items, self.conn, self.min = op, stem, items, conn, min


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


def REC(num, role, *, sentence=None, tree=None, thresholds=(), doses=()):
    """A numbered recommendation.

    List recommendation: tree given, sentence None -- the tree's stem is the
    printed lead line and its items are printed as bullets.
    Prose recommendation: sentence given (printed text); tree (criteria roles
    only) gives the gold criteria for it.
    """
    return {"num": num, "role": role, "sentence": sentence, "tree": tree,
            "thresholds": list(thresholds), "doses": list(doses)}


CRITERIA_ROLES = {"selection_criteria", "exclusion_criteria", "continuation_criteria", "diagnosis"}

# --------------------------------------------------------------------------
# Content
# --------------------------------------------------------------------------

DRUG = "brenovimab"

PAGE = {
    "site": "Health Guidance Online",
    "html_title": "Brenovimab for treating eosinophilic conditions | Guidance | Health Guidance Online",
    "title": "Brenovimab for treating severe eosinophilic asthma, chronic rhinosinusitis with nasal "
             "polyps, eosinophilic oesophagitis and eosinophilic granulomatosis with polyangiitis",
    "style": "Health-technology guidance web page saved by the user (invented 'Health Guidance Online' "
             "site): site header + nav, cookie notice, breadcrumb, left 'On this page' link box, numbered "
             "h2 sections with per-condition h3 sub-headings and numbered recommendations 1.1… (prose and "
             "'only if:' bullet lists), dose table, committee discussion, 'Back to top' links, feedback "
             "widget and footer; PDF printed by Chromium headless, DOCX converted from the same HTML by "
             "LibreOffice. Gold: web chrome is no section/indication; conditions (h3 in section 1) are the "
             "indications; each numbered recommendation is an unlabelled field (role by content); dose-table "
             "rows add 'Dose'/'Maximum' fields to the matching condition",
    "nav": ["Guidance", "Conditions and diseases", "Medicines", "Standards and indicators",
            "Life sciences", "About us"],
    "breadcrumb": ["Home", "Guidance", "Conditions and diseases", "Respiratory conditions",
                   "Brenovimab for treating eosinophilic conditions"],
    "meta": "Technology guidance · Reference number: HGT417 · Published: 14 May 2031 · "
            "Last updated: 2 September 2031",
    "tabs": ["Overview", "Guidance", "Tools and resources", "Information for the public", "Evidence",
             "History"],
    "notice": "Invented example page: Health Guidance Online, brenovimab (Eosivra), Calder Biopharma and all "
              "trials, prices and dates on this page are fictitious. The page was made for testing "
              "document-reading software and is not real guidance or medical advice.",
    "cookie": [
        "Cookies on Health Guidance Online",
        "We use some essential cookies to make this website work. We would also like to set additional "
        "cookies to understand how you use the website, remember your settings and improve our services. "
        "We also use cookies set by other sites to help us deliver content from their services.",
    ],
    "cookie_buttons": ["Accept additional cookies", "Reject additional cookies", "View cookies"],
    "footer_links": ["About Health Guidance Online", "Accessibility statement", "Privacy notice", "Cookies",
                     "Freedom of information", "Contact us", "Newsletters and alerts"],
    "copyright": "© Health Guidance Online 2031. All rights reserved. Subject to notice of rights. "
                 "Invented site for software testing.",
}

CONDITIONS = [
    {
        "name": "Severe eosinophilic asthma",
        "anchor": "severe-eosinophilic-asthma",
        "recs": [
            REC("1.1", "selection_criteria", tree=N("AND",
                "Brenovimab is recommended as an add-on to maintenance treatment for severe eosinophilic asthma "
                "in people aged 12 years and over, only if:", [
                    "the blood eosinophil count has been recorded as 300 cells per microlitre or more in the "
                    "previous 12 months",
                    "they have had at least 3 exacerbations needing systemic corticosteroids in the previous "
                    "12 months, despite high-dose inhaled corticosteroids and an additional controller",
                    "the company provides brenovimab according to the commercial arrangement",
                ], conn="and"),
                thresholds=[T("age", ">=", 12, "years"),
                            T("blood eosinophil count", ">=", 300, "cells/µL")]),
            REC("1.2", "selection_criteria", tree=N("OR",
                "Brenovimab is also recommended as an add-on treatment for severe eosinophilic asthma in people "
                "aged 12 years and over who need maintenance oral corticosteroids, if they have any of the "
                "following:", [
                    "a blood eosinophil count of 150 cells per microlitre or more while taking oral corticosteroids",
                    "a fractional exhaled nitric oxide (FeNO) level of 35 parts per billion or more",
                    "sputum eosinophils of 3% or more",
                ]),
                thresholds=[T("age", ">=", 12, "years"),
                            T("blood eosinophil count", ">=", 150, "cells/µL"),
                            T("FeNO", ">=", 35, "ppb"),
                            T("sputum eosinophils", ">=", 3, "%")]),
            REC("1.3", "continuation_criteria", tree=N("OR",
                "Assess the response to brenovimab after 12 months of treatment. Only continue treatment if:", [
                    "the Asthma Control Questionnaire (ACQ-5) score has improved by at least 0.5 points from "
                    "when treatment started",
                    "there has been a clinically meaningful reduction in the number of severe exacerbations "
                    "needing systemic corticosteroids",
                ], conn="or"),
                thresholds=[T("ACQ-5 improvement", ">=", 0.5, "points")]),
            REC("1.4", "exclusion_criteria",
                sentence="Brenovimab is not recommended for treating severe eosinophilic asthma in children "
                         "aged 6 to 11 years.",
                tree=N("AND", None, [
                    "Brenovimab is not recommended for treating severe eosinophilic asthma in children aged "
                    "6 to 11 years"]),
                thresholds=[T("age", "range", 6, "years", value_max=11)]),
            REC("1.5", "position",
                sentence="If people with the condition and their clinicians consider brenovimab to be one of a "
                         "range of suitable treatments, including mepolizumab and benralizumab, after discussing "
                         "the advantages and disadvantages of the options, choose the least expensive. Take "
                         "account of administration costs, dosage, price per dose and commercial arrangements."),
        ],
    },
    {
        "name": "Chronic rhinosinusitis with nasal polyps",
        "anchor": "chronic-rhinosinusitis-with-nasal-polyps",
        "recs": [
            REC("1.6", "selection_criteria", tree=N("AND",
                "Brenovimab is recommended as an add-on to intranasal corticosteroids for treating severe "
                "chronic rhinosinusitis with nasal polyps in adults, only if:", [
                    "they have had at least 1 previous sinus surgery for nasal polyps",
                    "the total endoscopic nasal polyp score (NPS) is 5 or more out of a maximum of 8",
                    "the Sino-Nasal Outcome Test (SNOT-22) score is 40 or more",
                    "systemic corticosteroids have not controlled the condition, are contraindicated or are "
                    "not tolerated",
                ], conn="and"),
                thresholds=[T("nasal polyp score", ">=", 5, None),
                            T("SNOT-22", ">=", 40, None)]),
            REC("1.7", "continuation_criteria",
                sentence="Stop brenovimab at 24 weeks if the SNOT-22 score has not improved by at least 8.9 "
                         "points from when treatment started, or if the nasal polyp score has not fallen by at "
                         "least 1 point.",
                tree=N("OR", None, [
                    "the SNOT-22 score has not improved by at least 8.9 points from when treatment started",
                    "the nasal polyp score has not fallen by at least 1 point",
                ]),
                thresholds=[T("SNOT-22 improvement", ">=", 8.9, "points"),
                            T("nasal polyp score reduction", ">=", 1, "points")]),
        ],
    },
    {
        "name": "Eosinophilic oesophagitis",
        "anchor": "eosinophilic-oesophagitis",
        "recs": [
            REC("1.8", "selection_criteria", tree=N("AND",
                "Brenovimab is recommended as an option for treating eosinophilic oesophagitis in people aged "
                "12 years and over who weigh at least 40 kg, only if:", [
                    "the diagnosis has been confirmed by oesophageal biopsy showing a peak count of 15 or more "
                    "eosinophils per high-power field",
                    "the Dysphagia Symptom Questionnaire (DSQ) score is 10 or more",
                    N("OR", "the condition has not responded to, or the person cannot have, either of the "
                            "following:", [
                        "a proton pump inhibitor at a high dose for at least 8 weeks",
                        "swallowed topical corticosteroids for at least 12 weeks",
                    ]),
                ], conn="and"),
                thresholds=[T("age", ">=", 12, "years"),
                            T("body weight", ">=", 40, "kg"),
                            T("oesophageal eosinophils", ">=", 15, "eos/hpf"),
                            T("DSQ", ">=", 10, None)]),
            REC("1.9", "dose",
                sentence="Give brenovimab as 600 mg by subcutaneous injection at week 0, then 300 mg every "
                         "2 weeks. Do not increase the dose or the dosing frequency.",
                doses=[D(600, "mg", "at week 0"), D(300, "mg", "every 2 weeks")]),
            REC("1.10", "outcome_measures",
                sentence="Assess the response to brenovimab at 24 weeks using the DSQ score and a repeat "
                         "oesophageal biopsy."),
            REC("1.11", "continuation_criteria",
                sentence="Stop brenovimab at 24 weeks if the peak oesophageal eosinophil count is still more "
                         "than 6 eosinophils per high-power field.",
                tree=N("AND", None, [
                    "Stop brenovimab at 24 weeks if the peak oesophageal eosinophil count is still more than "
                    "6 eosinophils per high-power field"]),
                thresholds=[T("oesophageal eosinophils", ">", 6, "eos/hpf")]),
        ],
    },
    {
        "name": "Eosinophilic granulomatosis with polyangiitis",
        "anchor": "eosinophilic-granulomatosis-with-polyangiitis",
        "recs": [
            REC("1.12", "selection_criteria",
                sentence="Brenovimab is recommended as an add-on to corticosteroids for treating relapsing or "
                         "refractory eosinophilic granulomatosis with polyangiitis in adults who have had at "
                         "least 2 relapses in the previous 24 months and who have a Birmingham Vasculitis "
                         "Activity Score (BVAS) of 3 or more despite standard treatment.",
                tree=N("AND", None, [
                    "have had at least 2 relapses in the previous 24 months",
                    "have a Birmingham Vasculitis Activity Score (BVAS) of 3 or more despite standard treatment",
                ]),
                thresholds=[T("BVAS", ">=", 3, None)]),
            REC("1.13", "continuation_criteria", tree=N("AND",
                "Assess the response to brenovimab after 52 weeks of treatment. Only continue treatment if "
                "both of the following apply:", [
                    "the disease is in remission, defined as a BVAS of 0",
                    "there have been no relapses needing hospital admission since treatment started",
                ]),
                thresholds=[T("BVAS", "=", 0, None)]),
        ],
    },
]

WHY = [
    "Usual treatment for severe eosinophilic asthma includes high-dose inhaled corticosteroids, other "
    "controller medicines, oral corticosteroids and other biological medicines. Clinical trial evidence "
    "shows that brenovimab reduces the number of severe asthma attacks compared with placebo, and the "
    "cost-effectiveness estimates are within what Health Guidance Online normally considers an acceptable "
    "use of resources.",
    "For chronic rhinosinusitis with nasal polyps, the benefit is greatest in people who have already had "
    "sinus surgery and have severe symptoms, so brenovimab is only recommended for this group. For "
    "eosinophilic oesophagitis and eosinophilic granulomatosis with polyangiitis, brenovimab improves "
    "symptoms and reduces relapses compared with placebo, and it is a cost-effective use of resources for "
    "the populations described.",
    "There is not enough evidence in children aged 6 to 11 years with asthma, so brenovimab is not "
    "recommended for them.",
]

INFO = [
    {"title": "Marketing authorisation indications", "anchor": "marketing-authorisation-indications",
     "paras": [
         "Brenovimab (Eosivra, Calder Biopharma) is indicated as an add-on maintenance treatment for severe "
         "eosinophilic asthma in people aged 6 years and over, for severe chronic rhinosinusitis with nasal "
         "polyps in adults, for eosinophilic oesophagitis in people aged 12 years and over, and for relapsing "
         "or refractory eosinophilic granulomatosis with polyangiitis in adults.",
     ]},
    {"title": "Dosage in the marketing authorisation", "anchor": "dosage-in-the-marketing-authorisation",
     "paras": [
         "Brenovimab is given by subcutaneous injection into the upper arm, thigh or abdomen, by a healthcare "
         "professional or, after training, by the patient or their carer. The recommended dose is 100 mg every "
         "4 weeks for most people; the dose for each condition is shown in table 1. The summary of product "
         "characteristics has full details.",
     ],
     "table": True},
    {"title": "Price", "anchor": "price",
     "paras": [
         "The list price is £1,150 per 100 mg prefilled pen (excluding VAT; company submission). The annual "
         "cost of treatment at a dose of 100 mg every 4 weeks is £14,950. Costs may vary in different settings "
         "because of negotiated procurement discounts.",
         "The company has a commercial arrangement. This makes brenovimab available to the health service "
         "with a discount. The size of the discount is commercial in confidence.",
     ]},
]

TABLE_CAPTION = "Table 1 Recommended doses of brenovimab"
TABLE_HEAD = ("Condition", "Dose", "Maximum")
TABLE_ROWS = [
    {"condition": "Severe eosinophilic asthma",
     "dose": "100 mg by subcutaneous injection every 4 weeks",
     "maximum": "100 mg per 4 weeks",
     "doses": [D(100, "mg", "every 4 weeks")]},
    {"condition": "Chronic rhinosinusitis with nasal polyps",
     "dose": "100 mg by subcutaneous injection every 4 weeks",
     "maximum": "100 mg per 4 weeks",
     "doses": [D(100, "mg", "every 4 weeks")]},
    {"condition": "Eosinophilic oesophagitis",
     "dose": "600 mg at week 0, then 300 mg every 2 weeks",
     "maximum": "600 mg per dose",
     "doses": [D(600, "mg", "at week 0"), D(300, "mg", "every 2 weeks")]},
    {"condition": "Eosinophilic granulomatosis with polyangiitis",
     "dose": "300 mg (as 3 injections of 100 mg) every 4 weeks",
     "maximum": "300 mg per 4 weeks",
     "doses": [D(300, "mg", "every 4 weeks")]},
]

COMMITTEE = [
    {"title": "The condition", "anchor": "the-condition", "paras": [
        ("3.1", "Eosinophilic inflammation underlies several chronic conditions. Around 1 in 20 people with "
                "asthma have severe asthma, and about half of these have an eosinophilic phenotype. Patient "
                "experts explained that frequent attacks, repeated courses of oral corticosteroids and loss of "
                "smell or difficulty swallowing have a large effect on quality of life."),
    ]},
    {"title": "Clinical evidence", "anchor": "clinical-evidence", "paras": [
        ("3.2", "In the VANTAGE-1 and VANTAGE-2 trials (1,248 people with severe eosinophilic asthma), "
                "brenovimab reduced the annual rate of severe exacerbations by 54% compared with placebo "
                "(rate ratio 0.46, 95% confidence interval 0.37 to 0.58). The benefit was smaller in people "
                "whose blood eosinophil count was below 300 cells per microlitre (rate ratio 0.78)."),
        ("3.3", "In POLYP-BREN (407 adults), the mean SNOT-22 score improved by 16.2 points with brenovimab and "
                "by 6.1 points with placebo at 24 weeks, and the mean nasal polyp score fell by 1.4 points "
                "compared with 0.2 points."),
        ("3.4", "In OESO-3 (239 people aged 12 years and over), 58% of people having brenovimab had a peak "
                "count of 6 eosinophils per high-power field or fewer at 24 weeks, compared with 5% having "
                "placebo. The mean DSQ score improved by 23.4 points compared with 13.9 points."),
        ("3.5", "In MIRA-EG (136 adults with relapsing or refractory disease), time to first relapse was "
                "longer with brenovimab than with placebo (hazard ratio 0.62, 95% confidence interval 0.44 to "
                "0.87), and 41% of people were in remission at 52 weeks compared with 9%."),
    ]},
    {"title": "Cost effectiveness", "anchor": "cost-effectiveness", "paras": [
        ("3.6", "The committee's preferred incremental cost-effectiveness ratio (ICER) for severe eosinophilic "
                "asthma was £12,400 per quality-adjusted life year (QALY) gained. For chronic rhinosinusitis "
                "with nasal polyps the ICER was £27,900 per QALY gained in the whole population but £18,300 per "
                "QALY gained in people who had had previous sinus surgery and had severe symptoms."),
        ("3.7", "For eosinophilic oesophagitis the ICER was £16,800 per QALY gained, and for eosinophilic "
                "granulomatosis with polyangiitis it was £19,500 per QALY gained. All of these are below "
                "£20,000 per QALY gained, so brenovimab is a cost-effective use of resources for the "
                "recommended populations."),
    ]},
    {"title": "Equality", "anchor": "equality", "paras": [
        ("3.8", "The committee noted that questionnaires such as the ACQ-5 and DSQ may be harder to complete "
                "for people with learning disabilities or communication difficulties. Clinicians should take "
                "this into account when using the scores."),
    ]},
]

IMPLEMENTATION = [
    ("4.1", "Section 7 of the Health Service (Technology Guidance) Regulations 2030 requires integrated care "
            "boards and health boards to fund treatments recommended in technology guidance within 90 days "
            "of its date of publication."),
    ("4.2", "When this guidance recommends a medicine, people should be able to have it if they and their "
            "doctor agree that it is the right treatment. Health Guidance Online has produced tools and "
            "resources to help put this guidance into practice."),
]

REVIEW = [
    ("5.1", "This guidance will be considered for review 3 years after publication, or earlier if significant "
            "new evidence becomes available. The decision on whether to review the guidance will be published "
            "on this website."),
    ("5.2", "Dr Marion Keats, Chair, Technology Guidance Committee C (fictitious)."),
]

SECTIONS_L1 = [
    ("1", "Recommendations", "recommendations"),
    ("2", "Information about brenovimab", "information-about-brenovimab"),
    ("3", "Committee discussion", "committee-discussion"),
    ("4", "Implementation", "implementation"),
    ("5", "Review", "review"),
]
WHY_TITLE, WHY_ANCHOR = "Why these recommendations were made", "why-these-recommendations-were-made"


def subsections(num):
    if num == "1":
        return [(c["name"], c["anchor"]) for c in CONDITIONS] + [(WHY_TITLE, WHY_ANCHOR)]
    if num == "2":
        return [(s["title"], s["anchor"]) for s in INFO]
    if num == "3":
        return [(s["title"], s["anchor"]) for s in COMMITTEE]
    return []


# --------------------------------------------------------------------------
# Rendering of recommendations: printed lines (for gold text) and HTML
# --------------------------------------------------------------------------

def list_lines(node):
    """Printed bullet lines of a list recommendation: [(depth, text)] (no lead line)."""
    out = []

    def walk(n, depth, is_last_branch):
        k = len(n.items)
        for i, item in enumerate(n.items):
            last = i == k - 1
            if isinstance(item, str):
                if last and is_last_branch:
                    out.append((depth, item + "."))
                elif last or not n.conn:
                    out.append((depth, item))
                else:
                    out.append((depth, f"{item} {n.conn}"))
            else:
                if not last:
                    raise ValueError("nested list must be the last item of its list")
                out.append((depth, item.stem))
                walk(item, depth + 1, is_last_branch and last)
    walk(node, 0, True)
    return out


def rec_text(rec):
    if rec["sentence"]:
        return rec["sentence"]
    return "\n".join([rec["tree"].stem] + [t for _, t in list_lines(rec["tree"])])


def html_list(node):
    lines = list_lines(node)
    e = html.escape
    out, cur = [], -1
    for idx, (depth, text) in enumerate(lines):
        if depth > cur:
            out.append("<ul>")
            cur = depth
        else:
            out.append("</li>")
            while cur > depth:
                out.append("</ul></li>")
                cur -= 1
        out.append(f"<li>{e(text)}")
    out.append("</li>")
    while cur > 0:
        out.append("</ul></li>")
        cur -= 1
    out.append("</ul>")
    return "".join(out)


# --------------------------------------------------------------------------
# HTML page
# --------------------------------------------------------------------------

PAGE_TEMPLATE = jinja2.Template("""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ p.html_title }}</title>
<style>
@page { size: A4; margin: 14mm 11mm 14mm 11mm; }
* { box-sizing: border-box; }
html { font-family: "Liberation Sans", Arial, Helvetica, sans-serif; font-size: 10.5pt; color: #0e0e0e; }
body { margin: 0; line-height: 1.42; }
a { color: #005ea5; text-decoration: underline; }
.skip { font-size: 8pt; color: #555; margin: 0 0 2px 0; }
.cookie { background: #f0f4f5; border-top: 3px solid #228096; padding: 6px 10px; margin: 0 0 8px 0; font-size: 9pt; }
.cookie .ck-title { font-weight: bold; font-size: 10pt; margin: 0 0 2px 0; }
.cookie p { margin: 0 0 4px 0; }
.cookie .btn { display: inline-block; border: 1px solid #0e0e0e; padding: 1px 7px; margin-right: 6px; background: #fff; }
.cookie .btn.primary { background: #0e0e0e; color: #fff; }
header.site { background: #0e0e0e; color: #fff; padding: 7px 12px 5px 12px; }
header.site .logo { font-size: 15pt; font-weight: bold; letter-spacing: 0.3px; color: #fff; text-decoration: none; }
header.site .search { float: right; font-size: 8.5pt; border: 1px solid #fff; padding: 1px 8px; margin-top: 4px; }
nav.main { background: #228096; padding: 3px 12px; font-size: 9pt; }
nav.main ul { list-style: none; margin: 0; padding: 0; }
nav.main li { display: inline-block; margin-right: 16px; }
nav.main a { color: #fff; text-decoration: none; font-weight: bold; }
nav.crumbs { font-size: 8.5pt; margin: 8px 0 4px 0; }
nav.crumbs ol { list-style: none; margin: 0; padding: 0; }
nav.crumbs li { display: inline; }
nav.crumbs li + li::before { content: " \\203A  "; color: #555; }
h1 { font-size: 20pt; line-height: 1.2; margin: 6px 0 4px 0; }
.meta { font-size: 9pt; color: #4b4b4b; margin: 0 0 5px 0; }
.invented { border-left: 5px solid #c2410c; background: #fff4ec; padding: 4px 8px; font-size: 9pt; margin: 4px 0 6px 0; }
ul.tabs { list-style: none; margin: 6px 0 10px 0; padding: 0; border-bottom: 1px solid #8a8a8a; font-size: 9pt; }
ul.tabs li { display: inline-block; padding: 2px 9px; margin-right: 2px; border: 1px solid #8a8a8a; border-bottom: none; background: #f3f3f3; }
ul.tabs li.active { background: #fff; font-weight: bold; }
.layout { display: grid; grid-template-columns: 27% 73%; column-gap: 0; }
aside.onthispage { padding-right: 12px; font-size: 8.5pt; }
aside.onthispage .box { border-top: 4px solid #228096; background: #f6f6f6; padding: 4px 7px 6px 7px; }
aside.onthispage h2 { font-size: 10pt; margin: 2px 0 4px 0; }
aside.onthispage ul { list-style: none; margin: 0; padding: 0; }
aside.onthispage ul ul { padding-left: 9px; }
aside.onthispage li { margin: 2px 0; line-height: 1.25; }
aside.onthispage .download { margin-top: 8px; font-size: 8.5pt; }
main { min-width: 0; }
main h2 { font-size: 15pt; margin: 10px 0 5px 0; padding-top: 4px; border-top: 1px solid #c6c6c6; break-after: avoid; page-break-after: avoid; }
main h2:first-child { margin-top: 0; border-top: none; }
main h3 { font-size: 12.5pt; margin: 10px 0 4px 0; break-after: avoid; page-break-after: avoid; }
main p { margin: 0 0 6px 0; }
.rec { margin: 0 0 7px 0; break-inside: avoid; page-break-inside: avoid; }
.rec p { margin: 0 0 2px 0; }
.recnum, .paranum { font-weight: bold; margin-right: 4px; }
.rec ul { margin: 0 0 3px 0; padding-left: 22px; }
.rec ul ul { list-style-type: circle; }
.rec li { margin: 1px 0; }
table.doses { border-collapse: collapse; width: 100%; font-size: 9.5pt; margin: 4px 0 8px 0; break-inside: avoid; }
table.doses caption { text-align: left; font-weight: bold; padding: 0 0 3px 0; caption-side: top; }
table.doses th, table.doses td { border-bottom: 1px solid #b1b4b6; padding: 3px 5px; text-align: left; vertical-align: top; }
table.doses th { border-bottom: 2px solid #0e0e0e; }
p.backtop { font-size: 8.5pt; margin: 2px 0 8px 0; }
.feedback { border: 1px solid #b1b4b6; background: #f3f2f1; padding: 5px 10px; margin: 12px 0 10px 0; font-size: 9pt; break-inside: avoid; }
.feedback p { margin: 0; }
.feedback .btn { display: inline-block; border: 1px solid #0e0e0e; background: #fff; padding: 0 8px; margin-left: 6px; }
footer.site { border-top: 4px solid #228096; background: #f3f2f1; padding: 6px 12px; font-size: 8.5pt; break-inside: avoid; }
footer.site ul { list-style: none; margin: 0 0 4px 0; padding: 0; }
footer.site li { display: inline-block; margin-right: 12px; }
footer.site p { margin: 0; }
</style>
</head>
<body id="top">
<p class="skip"><a href="#content">Skip to content</a></p>
<div class="cookie" role="region" aria-label="{{ p.cookie[0] }}">
<p class="ck-title">{{ p.cookie[0] }}</p>
<p>{{ p.cookie[1] }}</p>
<p>{% for b in p.cookie_buttons %}<span class="btn{% if loop.first %} primary{% endif %}">{{ b }}</span>{% endfor %}</p>
</div>
<header class="site">
<span class="search">Search Health Guidance Online…</span>
<a class="logo" href="#">{{ p.site }}</a>
</header>
<nav class="main" aria-label="Main menu"><ul>{% for n in p.nav %}<li><a href="#">{{ n }}</a></li>{% endfor %}</ul></nav>
<nav class="crumbs" aria-label="Breadcrumb"><ol>{% for c in p.breadcrumb %}<li>{% if not loop.last %}<a href="#">{{ c }}</a>{% else %}{{ c }}{% endif %}</li>{% endfor %}</ol></nav>
<h1>{{ p.title }}</h1>
<p class="meta">{{ p.meta }}</p>
<p class="invented"><strong>Notice:</strong> {{ p.notice }}</p>
<ul class="tabs">{% for t in p.tabs %}<li{% if t == "Guidance" %} class="active"{% endif %}>{{ t }}</li>{% endfor %}</ul>
<div class="layout">
<aside class="onthispage">
<div class="box">
<h2>On this page</h2>
<ul>
{% for s in toc %}<li><a href="#{{ s.anchor }}">{{ s.number }} {{ s.title }}</a>{% if s.children %}
<ul>{% for c in s.children %}<li><a href="#{{ c[1] }}">{{ c[0] }}</a></li>{% endfor %}</ul>{% endif %}</li>
{% endfor %}</ul>
</div>
<p class="download"><a href="#">Download guidance (PDF)</a></p>
</aside>
<main id="content">
{{ body }}
<div class="feedback"><p><strong>Was this page useful?</strong> <span class="btn">Yes</span> / <span class="btn">No</span> &nbsp; <a href="#">Report a problem with this page</a></p></div>
</main>
</div>
<footer class="site">
<ul>{% for f in p.footer_links %}<li><a href="#">{{ f }}</a></li>{% endfor %}</ul>
<p>{{ p.copyright }}</p>
</footer>
</body>
</html>
""")


def build_html(path: Path):
    e = html.escape
    parts = []

    def h2(num, title, anchor):
        parts.append(f'<h2 id="{anchor}"><span class="chapter-number">{num}</span> {e(title)}</h2>')

    def h3(title, anchor):
        parts.append(f'<h3 id="{anchor}">{e(title)}</h3>')

    def numbered(num, text):
        parts.append(f'<p><span class="paranum">{num}</span> {e(text)}</p>')

    def back():
        parts.append('<p class="backtop"><a href="#top">Back to top</a></p>')

    # 1 Recommendations
    h2(*SECTIONS_L1[0])
    for c in CONDITIONS:
        h3(c["name"], c["anchor"])
        for r in c["recs"]:
            if r["sentence"]:
                parts.append(f'<div class="rec" id="{r["num"]}"><p><span class="recnum">{r["num"]}</span> '
                             f'{e(r["sentence"])}</p></div>')
            else:
                parts.append(f'<div class="rec" id="{r["num"]}"><p><span class="recnum">{r["num"]}</span> '
                             f'{e(r["tree"].stem)}</p>{html_list(r["tree"])}</div>')
    h3(WHY_TITLE, WHY_ANCHOR)
    for para in WHY:
        parts.append(f"<p>{e(para)}</p>")
    back()

    # 2 Information about the medicine
    h2(*SECTIONS_L1[1])
    for s in INFO:
        h3(s["title"], s["anchor"])
        for para in s["paras"]:
            parts.append(f"<p>{e(para)}</p>")
        if s.get("table"):
            rows = [f'<table class="doses"><caption>{e(TABLE_CAPTION)}</caption><thead><tr>'
                    + "".join(f'<th scope="col">{e(h)}</th>' for h in TABLE_HEAD) + "</tr></thead><tbody>"]
            for row in TABLE_ROWS:
                rows.append(f"<tr><td>{e(row['condition'])}</td><td>{e(row['dose'])}</td>"
                            f"<td>{e(row['maximum'])}</td></tr>")
            rows.append("</tbody></table>")
            parts.append("".join(rows))
    back()

    # 3 Committee discussion
    h2(*SECTIONS_L1[2])
    parts.append("<p>The technology guidance committee considered evidence submitted by Calder Biopharma, "
                 "a review of this submission by the external assessment group, and responses from "
                 "stakeholders.</p>")
    for s in COMMITTEE:
        h3(s["title"], s["anchor"])
        for num, para in s["paras"]:
            numbered(num, para)
    back()

    # 4 Implementation
    h2(*SECTIONS_L1[3])
    for num, para in IMPLEMENTATION:
        numbered(num, para)
    back()

    # 5 Review
    h2(*SECTIONS_L1[4])
    for num, para in REVIEW:
        numbered(num, para)
    back()

    toc = [{"number": n, "title": t, "anchor": a, "children": subsections(n)} for n, t, a in SECTIONS_L1]
    path.write_text(PAGE_TEMPLATE.render(p=PAGE, toc=toc, body="\n".join(parts)), encoding="utf-8")


# --------------------------------------------------------------------------
# Producers
# --------------------------------------------------------------------------

def html_to_pdf_chromium(html_path: Path, pdf_path: Path):
    """Print like a user's "Save as PDF": Chromium's own header/footer are kept."""
    with tempfile.TemporaryDirectory() as prof:
        cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={prof}",
               f"--print-to-pdf={pdf_path}", html_path.as_uri()]
        subprocess.run(cmd, check=True, capture_output=True, timeout=180)
    if not pdf_path.exists():
        raise RuntimeError(f"Chromium did not produce {pdf_path}")


def html_to_docx_libreoffice(html_path: Path, out_dir: Path) -> Path:
    with tempfile.TemporaryDirectory() as prof:
        cmd = [SOFFICE, f"-env:UserInstallation=file://{prof}", "--headless",
               "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out_dir), str(html_path)]
        subprocess.run(cmd, check=True, capture_output=True, timeout=180)
    out = out_dir / (html_path.stem + ".docx")
    if not out.exists():
        raise RuntimeError(f"LibreOffice did not produce {out}")
    return out


# --------------------------------------------------------------------------
# Gold
# --------------------------------------------------------------------------

def gold_sections():
    secs = []
    for num, title, _ in SECTIONS_L1:
        secs.append({"number": num, "title": title, "level": 1, "page": None})
        for t, _a in subsections(num):
            secs.append({"number": None, "title": t, "level": 2, "page": None})
    return secs


def gold_indications():
    rows = {r["condition"]: r for r in TABLE_ROWS}
    assert set(rows) == {c["name"] for c in CONDITIONS}
    inds = []
    for c in CONDITIONS:
        fields = []
        for r in c["recs"]:
            f = {"label": None, "role": r["role"], "text": rec_text(r)}
            if r["role"] in CRITERIA_ROLES:
                assert r["tree"] is not None, r["num"]
                f["criteria"] = gold_tree(r["tree"])
            else:
                assert r["tree"] is None, r["num"]
            f["thresholds"] = r["thresholds"]
            f["doses"] = r["doses"]
            fields.append(f)
        row = rows[c["name"]]
        fields.append({"label": TABLE_HEAD[1], "role": "dose", "text": row["dose"], "thresholds": [],
                       "doses": [dict(d, max=row["maximum"]) for d in row["doses"]]})
        fields.append({"label": TABLE_HEAD[2], "role": "dose", "text": row["maximum"], "thresholds": [],
                       "doses": []})
        inds.append({"name": c["name"], "fields": fields})
    return inds


def write_gold(kind, producer, sections, indications):
    gold = {
        "source": f"corpora/policies/{SET}/{DOCNAME}.{kind}",
        "producer": producer,
        "style": PAGE["style"],
        "title": PAGE["title"],
        "sections": sections,
        "indications": indications,
    }
    out = GOLD_DIR / f"{DOCNAME}_{kind}.json"
    out.write_text(json.dumps(gold, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return out


# --------------------------------------------------------------------------
# Text extraction, page finding, verification
# --------------------------------------------------------------------------

def norm(s: str) -> str:
    s = s.replace("\u00a0", " ").replace("\u00ad", "").replace("\x02", "").replace("\ufffe", "")
    return re.sub(r"\s+", " ", s).strip()


# Chromium's default print header ("12/3/26, 8:23 PM  <page title>") and footer
# ("file:///…/page.html  2/5"); pdfium gives each as one line at the end of the page text.
PRINT_CHROME_RE = re.compile(
    r"^\s*(\d{1,2}/\d{1,2}/\d{2,4},? \d{1,2}:\d{2}( ?[AP]M)?(\s+" + re.escape(PAGE["html_title"]) + r")?"
    r"|file://\S+(\s+\d+/\d+)?|\d+/\d+|" + re.escape(PAGE["html_title"]) + r")\s*$")


def pdf_pages(path: Path):
    """Per page: (text, [font size per char]).  Text index == char index."""
    pdf = pdfium.PdfDocument(str(path))
    out = []
    for i in range(len(pdf)):
        tp = pdf[i].get_textpage()
        n = tp.count_chars()
        text = tp.get_text_range(0, n)
        if len(text) != n:  # fall back to char-by-char to keep indices aligned
            text = "".join(tp.get_text_range(j, 1) or " " for j in range(n))
        sizes = [pdfium_c.FPDFText_GetFontSize(tp.raw, j) for j in range(n)]
        out.append((text, sizes))
        tp.close()
    pdf.close()
    return out


def strip_print_chrome(text: str) -> str:
    """Remove Chromium's print header/footer lines (date, page title, file URL, page x/y)."""
    lines = re.split(r"\r\n|\n|\r", text)
    return "\n".join(l for l in lines if not PRINT_CHROME_RE.match(l))


def fill_pages(sections, pages, min_size, max_size):
    """Page of each printed heading: first case-sensitive match in heading-size type."""
    start = 0
    for sec in sections:
        target = sec["title"]
        found = size = None
        for pi in range(start, len(pages)):
            text, sizes = pages[pi]
            # whitespace-tolerant search: map normalised string back to char indices
            chars, idx = [], []
            for j, ch in enumerate(text):
                if ch.isspace() or ch in "\x02\ufffe":
                    if chars and chars[-1] == " ":
                        continue
                    chars.append(" ")
                else:
                    chars.append(ch)
                idx.append(j) if len(idx) < len(chars) else None
            flat = "".join(chars)
            pos = flat.find(target)
            while pos != -1:
                j = idx[pos]
                if min_size <= sizes[j] <= max_size:
                    found, size = pi, sizes[j]
                    break
                pos = flat.find(target, pos + 1)
            if found is not None:
                break
        if found is None:
            raise RuntimeError(f"heading not found in PDF: {target!r}")
        if abs(size - LEVEL_SIZE[sec["level"]]) > 0.5:
            raise RuntimeError(f"heading {target!r} matched in font size {size:.1f}, "
                               f"expected {LEVEL_SIZE[sec['level']]}")
        sec["page"] = found + 1
        start = found


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


def check_strings(indications):
    s = [PAGE["title"], PAGE["notice"]]
    for num, title, _ in SECTIONS_L1:
        s.append(title)
        s.extend(t for t, _ in subsections(num))
    for ind in indications:
        s.append(ind["name"])
        for f in ind["fields"]:
            if f["label"]:
                s.append(f["label"])
            s.extend(f["text"].split("\n"))
            if "criteria" in f:
                s.extend(leaves_gold(f["criteria"]))
                s.extend(stems_gold(f["criteria"]))
    return s


def leaves_gold(node):
    if isinstance(node, str):
        return [node]
    return [x for it in node["items"] for x in leaves_gold(it)]


def stems_gold(node):
    if isinstance(node, str):
        return []
    return ([node["stem"]] if node["stem"] else []) + [x for it in node["items"] for x in stems_gold(it)]


def verify(strings, text, what):
    hay = norm(text)
    missing = [x for x in strings if norm(x) not in hay]
    if missing:
        print(f"[verify] {what}: {len(missing)} missing", file=sys.stderr)
        for m in missing:
            print("   -", m, file=sys.stderr)
    return missing


def self_check(indications):
    """Structural checks of the gold against CONVENTIONS."""
    problems = []
    for ind in indications:
        for f in ind["fields"]:
            if ("criteria" in f) != (f["role"] in CRITERIA_ROLES):
                problems.append(f"criteria/role mismatch in {ind['name']}: {f['text'][:40]}")
            if "criteria" in f:
                for leaf in leaves_gold(f["criteria"]):
                    if re.search(r"(\b(and|or|AND|OR)|;|\.)$", leaf.strip()):
                        problems.append(f"leaf ends with connective/stop: {leaf!r}")
                    if leaf.strip().endswith(":"):
                        problems.append(f"stem-like leaf: {leaf!r}")
            for line in f["text"].split("\n"):
                if re.match(r"^\s*(•|-|\d+\.\d+\s)", line):
                    problems.append(f"bullet/number left in text: {line!r}")
    for p in problems:
        print("[self-check]", p, file=sys.stderr)
    return problems


def main():
    DOC_DIR.mkdir(parents=True, exist_ok=True)
    GOLD_DIR.mkdir(parents=True, exist_ok=True)
    pdf_path = DOC_DIR / f"{DOCNAME}.pdf"
    docx_path = DOC_DIR / f"{DOCNAME}.docx"

    with tempfile.TemporaryDirectory() as tmp:
        site_dir = Path(tmp) / "healthguidance.online" / "guidance"
        site_dir.mkdir(parents=True)
        html_path = site_dir / f"{DOCNAME}.html"
        build_html(html_path)
        html_to_pdf_chromium(html_path, pdf_path)
        out = html_to_docx_libreoffice(html_path, Path(tmp))
        shutil.copy(out, docx_path)

    inds = gold_indications()
    problems = len(self_check(inds))

    pages = pdf_pages(pdf_path)
    secs_pdf = gold_sections()
    fill_pages(secs_pdf, pages, HEADING_MIN_SIZE, HEADING_MAX_SIZE)
    write_gold("pdf", "chromium", secs_pdf, inds)
    write_gold("docx", "libreoffice", gold_sections(), inds)

    checks = check_strings(inds)
    pdf_text = "\n".join(strip_print_chrome(t) for t, _ in pages)
    if "file://" in pdf_text or PAGE["html_title"] in pdf_text:
        print("[verify] Chromium print header/footer not fully stripped", file=sys.stderr)
        problems += 1
    problems += len(verify(checks, pdf_text, f"{DOCNAME}.pdf"))
    problems += len(verify(checks, docx_text(docx_path), f"{DOCNAME}.docx"))

    n_fields = sum(len(i["fields"]) for i in inds)
    n_leaves = sum(len(leaves_gold(f["criteria"])) for i in inds for f in i["fields"] if "criteria" in f)
    print(f"{DOCNAME}: pdf pages={len(pages)}; indications={len(inds)} fields={n_fields} leaves={n_leaves}")
    print("sections:", [(s["title"], s["page"]) for s in secs_pdf])
    if problems:
        print(f"VERIFY FAILED: {problems} problems", file=sys.stderr)
        return 1
    print("verify OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
