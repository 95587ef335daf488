#!/usr/bin/env python
"""Generate two blind PROSE-style policy documents and their gold JSON.

House styles imitated (content invented for testing; not clinical guidance):

1. ``ca_ivig_neuro_guideline`` -- a Canadian provincial guideline written in
   prose, "Guidelines for the use of intravenous immune globulin in
   neurological conditions".  Numbered sections (1 Purpose and scope ...
   Appendix B); section 4 holds five conditions (4.1-4.5), each built from
   labelled blocks of full sentences: run-in bold labels ("Recommendation 1:",
   "Dosing."), run-in italic labels ("Place in therapy."), or small
   un-numbered sub-headings ("Recommendations", "Not recommended", ...), with
   a single numbered list (1./a.).  Rendered to HTML and printed to PDF by
   headless Chromium (producer "chromium"); the same content is written to a
   DOCX with python-docx (producer "python-docx").

2. ``nice_ta_style`` -- a NICE-style technology appraisal for one invented
   biologic ("orvekimab") covering four populations.  "1 Recommendations" has
   one un-numbered sub-heading per population (each an indication) with
   numbered paragraphs 1.1, 1.2 ... ("... is recommended as an option for
   treating ..., only if:" followed by "List Bullet"/"List Bullet 2" items
   ending in "and"/"or", bare "and" lines, dose paragraphs, stopping rules,
   "not recommended" paragraphs); then "Why the committee made these
   recommendations", "2 Information about orvekimab", "3 Committee
   discussion", "4 Implementation", "5 Evaluation committee members ...",
   none of which are indications.  Built as DOCX with python-docx (producer
   "python-docx") and converted to PDF by LibreOffice (producer
   "libreoffice").

How the gold is made: all content lives below as Python data (sections,
indications, fields made of paragraph / list blocks).  Each field carries its
hand-written criteria tree, thresholds and doses next to the text they come
from; the same objects are rendered to HTML/DOCX and serialised to gold, so
field text, labels and names cannot disagree.  Section pages are found by
searching the produced PDF's page texts with pypdfium2.  A self-check then
confirms every section heading, every criteria leaf and stem, and every
threshold/dose number occurs in the field text and in the PDF text (modulo
whitespace), and prints a summary.

Usage:  python scripts/make_policy_blind2_prose.py [--out DOCS_DIR] [--gold-out GOLD_DIR]
"""
from __future__ import annotations

import argparse
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field as dc_field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DOCS = ROOT / "corpora" / "policies" / "blind2"
DEFAULT_GOLD = ROOT / "corpora" / "gold" / "policy" / "blind2"


# --------------------------------------------------------------------------
# data model
# --------------------------------------------------------------------------
@dataclass
class P:
    """A paragraph.  ``num`` is a printed paragraph number (NICE style)."""
    text: str
    num: str | None = None
    auto_num: bool = False


@dataclass
class L:
    """A list.  items: str | (str, L) | Conn.  kind: bullet | decimal | alpha."""
    items: list
    kind: str = "bullet"


@dataclass
class Conn:
    """A bare connective line between list items ("and" / "or")."""
    word: str


@dataclass
class Field:
    label: str | None
    role: str | None
    blocks: list
    criteria: dict | None = None
    thresholds: list = dc_field(default_factory=list)
    doses: list = dc_field(default_factory=list)
    style: str = "bold"      # bold | italic | heading | none
    sep: str = ":"           # printed after a run-in label


@dataclass
class Section:
    level: int
    number: str | None
    title: str
    blocks: list = dc_field(default_factory=list)


@dataclass
class Indication:
    level: int
    number: str | None
    name: str
    fields: list


@dataclass
class Doc:
    docname: str
    title: str
    style: str
    front: list            # list of str lines printed under the title
    body: list             # Section | Indication
    footer: str


def AND(*items, stem=None):
    return {"op": "AND", "stem": stem, "items": list(items)}


def OR(*items, stem=None, min=None):
    d = {"op": "OR", "stem": stem, "items": list(items)}
    if min is not None:
        d["min"] = min
    return d


def T(analyte, comparator, value, unit=None, value_max=None):
    return {"analyte": analyte, "comparator": comparator, "value": value,
            "value_max": value_max, "unit": unit}


def D(amount, unit, frequency=None, amount_max=None, max=None):
    return {"amount": amount, "amount_max": amount_max, "unit": unit,
            "frequency": frequency, "max": max}


# --------------------------------------------------------------------------
# Document 1: Canadian provincial IVIG guideline (prose)
# --------------------------------------------------------------------------
def doc_ivig() -> Doc:
    body: list = []
    S = lambda lvl, num, title, *blocks: body.append(Section(lvl, num, title, list(blocks)))

    S(1, "1", "Purpose and scope",
      P("These guidelines describe the neurological conditions in which intravenous immune globulin "
        "(IVIG) is an appropriate treatment for adults and children in the province. They are written "
        "for neurologists, transfusion medicine physicians, hospital blood banks and the regional "
        "immune globulin utilization teams who review requests for IVIG."),
      P("The guidelines do not replace clinical judgement. A request that falls outside these "
        "guidelines may still be approved after discussion between the treating neurologist and a "
        "transfusion medicine physician, and the reasons for the decision should be recorded. "
        "Subcutaneous immune globulin (SCIG) may be substituted for maintenance IVIG at an equivalent "
        "monthly dose when this is agreed by the treating neurologist."))
    S(1, "2", "Background")
    S(2, "2.1", "Supply and stewardship",
      P("Immune globulin is manufactured from the plasma of thousands of donors and is one of the most "
        "expensive biological products purchased by the provincial blood program. Use in neurology has "
        "grown by roughly 8% a year over the last decade and now accounts for close to half of all "
        "immune globulin issued in the province. Appropriate use protects supply for patients with "
        "primary immune deficiency, for whom there is no alternative."))
    S(2, "2.2", "How this guideline was developed",
      P("A panel of neurologists, hematologists, transfusion medicine physicians, pharmacists and a "
        "patient partner reviewed systematic reviews and randomized trials published up to March 2024. "
        "Certainty of evidence was rated as high, moderate, low or very low. Formal recommendations "
        "were agreed by consensus and are numbered consecutively; other statements in section 4 "
        "reflect expert opinion where trial evidence is lacking."))
    S(1, "3", "General principles of IVIG use")
    S(2, "3.1", "Dose calculation",
      P("Doses in this guideline are expressed per kilogram of body weight. For adults with a body "
        "mass index of 30 kg/m2 or more, or whose actual weight is more than 120% of ideal body weight, "
        "the dose should be calculated on adjusted body weight (Appendix A). Doses should be rounded "
        "down to the nearest whole vial where this does not reduce the dose by more than 10%."))
    S(2, "3.2", "Infusion and safety",
      P("The first infusion should be given in a setting where infusion reactions can be managed. "
        "Patients should be well hydrated, and renal function should be checked before the first "
        "course in patients with diabetes, pre-existing renal disease or age over 65 years. The "
        "thrombotic risk of high-dose IVIG should be considered in every patient, and the slowest "
        "practical infusion rate used in those with risk factors."))
    S(2, "3.3", "Requests, review and renewal",
      P("All requests are made on the provincial IVIG request form and reviewed by the regional "
        "utilization team. The approval periods in section 4 are maximums. Each renewal request must "
        "report an objective outcome measure recorded before treatment and at the most recent review; "
        "a request without this information will be returned to the prescriber."))
    S(1, "4", "Recommendations by condition",
      P("Each condition below sets out who should and should not receive IVIG, the usual dose, how long "
        "an approval lasts and a brief summary of the evidence. Conditions not listed in this section "
        "are addressed in section 5."))

    # ---- 4.1 CIDP: run-in bold labels, numbered recommendations -----------------
    body.append(Indication(2, "4.1", "Chronic inflammatory demyelinating polyneuropathy (CIDP)", [
        Field("Diagnosis", "diagnosis", [P(
            "The diagnosis of CIDP should be made or confirmed by a neurologist using the 2021 "
            "EAN/PNS criteria. Before IVIG is requested, the patient should have both electrodiagnostic "
            "evidence of demyelination in at least two nerves and either supportive cerebrospinal fluid "
            "findings (protein above 0.45 g/L) or a documented objective response to a previous "
            "immunotherapy.")],
            criteria=AND(
                "The diagnosis of CIDP should be made or confirmed by a neurologist using the 2021 EAN/PNS criteria",
                "electrodiagnostic evidence of demyelination in at least two nerves",
                OR("supportive cerebrospinal fluid findings (protein above 0.45 g/L)",
                   "a documented objective response to a previous immunotherapy")),
            thresholds=[T("CSF protein", ">", 0.45, "g/L")], sep="."),
        Field("Recommendation 1", "selection_criteria", [P(
            "IVIG is recommended as a first-line treatment for adults and children with CIDP who have "
            "moderate or severe disability (an INCAT disability score of 2 or more), or whose weakness "
            "is progressing despite an adequate trial of corticosteroids.")],
            criteria=OR(
                "have moderate or severe disability (an INCAT disability score of 2 or more)",
                "whose weakness is progressing despite an adequate trial of corticosteroids"),
            thresholds=[T("INCAT disability score", ">=", 2)]),
        Field("Recommendation 2", "exclusion_criteria", [P(
            "IVIG is not recommended for patients with pure sensory CIDP whose symptoms do not affect "
            "function, for patients whose neuropathy is associated with an IgM paraprotein and anti-MAG "
            "antibodies, or for stable CIDP with an INCAT disability score of less than 2.")],
            criteria=OR(
                "patients with pure sensory CIDP whose symptoms do not affect function",
                "patients whose neuropathy is associated with an IgM paraprotein and anti-MAG antibodies",
                "stable CIDP with an INCAT disability score of less than 2"),
            thresholds=[T("INCAT disability score", "<", 2)]),
        Field("Recommendation 3", "continuation_criteria", [P(
            "Maintenance IVIG should be continued only in patients who have had an objective response to "
            "induction, defined as an improvement of at least 1 point on the INCAT disability scale, an "
            "increase of at least 4 centile points on the I-RODS, or an increase in mean grip strength of "
            "8 kPa or more, and who deteriorate when the dose is reduced or the interval is extended.")],
            criteria=AND(
                OR("an improvement of at least 1 point on the INCAT disability scale",
                   "an increase of at least 4 centile points on the I-RODS",
                   "an increase in mean grip strength of 8 kPa or more",
                   stem="have had an objective response to induction, defined as"),
                "deteriorate when the dose is reduced or the interval is extended"),
            thresholds=[T("INCAT disability score improvement", ">=", 1, "points"),
                        T("I-RODS centile increase", ">=", 4, "centile points"),
                        T("grip strength increase", ">=", 8, "kPa")]),
        Field("Dosing", "dose", [P(
            "An induction dose of 2 g/kg is given in divided doses over 2 to 5 days. The usual starting "
            "maintenance dose is 1 g/kg every 3 weeks; the dose may then be adjusted within the range of "
            "0.4 to 2 g/kg every 2 to 6 weeks. The total maintenance dose should not exceed 2 g/kg in any "
            "4-week period.")],
            doses=[D(2, "g/kg"), D(1, "g/kg", "every 3 weeks"),
                   D(0.4, "g/kg", "every 2 to 6 weeks", amount_max=2, max="2 g/kg in any 4-week period")],
            sep="."),
        Field("Duration and review", "duration", [P(
            "Initial approval is for 3 months, which covers induction and two maintenance courses. "
            "Renewal may be approved for up to 12 months at a time. At least once a year the treating "
            "neurologist should attempt to reduce the dose or lengthen the interval to confirm that "
            "treatment is still needed.")], sep="."),
        Field("Evidence", "evidence", [P(
            "Randomized placebo-controlled trials and a systematic review show that IVIG reduces "
            "disability in CIDP over 24 weeks, with benefit maintained during continued treatment "
            "(moderate-certainty evidence). Trials comparing IVIG with corticosteroids found similar "
            "short-term benefit.")], sep="."),
        Field("Practice point", "notes", [P(
            "Many patients are over-treated. A structured dose-reduction trial every 6 to 12 months "
            "identifies patients in remission, who may not need further IVIG.")], sep="."),
    ]))

    # ---- 4.2 MMN: run-in italic labels -----------------------------------------
    body.append(Indication(2, "4.2", "Multifocal motor neuropathy (MMN)", [
        Field("Place in therapy", "position", [P(
            "IVIG is the only treatment with proven benefit in MMN and is recommended as first-line "
            "therapy. Corticosteroids and plasma exchange are not effective and may worsen weakness.")],
            style="italic", sep="."),
        Field("Diagnosis", "diagnosis", [P(
            "The diagnosis must be confirmed by a neurologist with neuromuscular expertise and should be "
            "supported by both of the following: slowly progressive, asymmetric limb weakness in the "
            "distribution of at least two motor nerves without objective sensory loss; and definite or "
            "probable motor conduction block in at least one nerve, with normal sensory conduction "
            "across the same segment.")],
            criteria=AND(
                "The diagnosis must be confirmed by a neurologist with neuromuscular expertise",
                AND("slowly progressive, asymmetric limb weakness in the distribution of at least two "
                    "motor nerves without objective sensory loss",
                    "definite or probable motor conduction block in at least one nerve, with normal "
                    "sensory conduction across the same segment",
                    stem="should be supported by both of the following")),
            style="italic", sep="."),
        Field("Who should receive IVIG", "selection_criteria", [P(
            "IVIG is recommended for adults with MMN who have weakness that interferes with activities "
            "of daily living or employment, or who have an Overall Neuropathy Limitations Scale (ONLS) "
            "score of 2 or more.")],
            criteria=OR(
                "have weakness that interferes with activities of daily living or employment",
                "have an Overall Neuropathy Limitations Scale (ONLS) score of 2 or more"),
            thresholds=[T("ONLS", ">=", 2)], style="italic", sep="."),
        Field("Who should not receive IVIG", "exclusion_criteria", [P(
            "IVIG should not be started in patients with pure lower motor neuron syndromes that do not "
            "meet the diagnostic criteria above, such as progressive muscular atrophy, or in patients "
            "with upper motor neuron signs suggestive of amyotrophic lateral sclerosis.")],
            criteria=OR(
                "patients with pure lower motor neuron syndromes that do not meet the diagnostic criteria "
                "above, such as progressive muscular atrophy",
                "patients with upper motor neuron signs suggestive of amyotrophic lateral sclerosis"),
            style="italic", sep="."),
        Field("Dosing", "dose", [P(
            "Start with 2 g/kg over 2 to 5 days, followed by 1 g/kg every 4 weeks. Most patients are "
            "maintained on between 0.5 and 1.6 g/kg every 2 to 4 weeks; the interval should be set by the "
            "time at which the benefit wears off.")],
            doses=[D(2, "g/kg"), D(1, "g/kg", "every 4 weeks"),
                   D(0.5, "g/kg", "every 2 to 4 weeks", amount_max=1.6)],
            style="italic", sep="."),
        Field("Assessing response", "outcome_measures", [P(
            "Strength should be recorded with the Medical Research Council (MRC) sum score of affected "
            "muscles, grip strength by dynamometer and the ONLS before the first dose and at each review. "
            "A response is an increase of at least 2 points in the MRC sum score of affected muscles or an "
            "improvement of at least 1 point in the ONLS.")],
            thresholds=[T("MRC sum score increase", ">=", 2, "points"),
                        T("ONLS improvement", ">=", 1, "points")],
            style="italic", sep="."),
        Field("Continuing treatment", "continuation_criteria", [P(
            "Treatment may continue beyond the first year if the patient has maintained the response "
            "documented at the first review and has had a trial of dose reduction or interval extension "
            "in the previous 12 months that resulted in deterioration.")],
            criteria=AND(
                "the patient has maintained the response documented at the first review",
                "has had a trial of dose reduction or interval extension in the previous 12 months that "
                "resulted in deterioration"),
            style="italic", sep="."),
        Field("Duration and review", "duration", [P(
            "Initial approval is for 6 months. Subsequent approvals are for 12 months at a time.")],
            style="italic", sep="."),
    ]))

    # ---- 4.3 GBS: small sub-headings ---------------------------------------------
    body.append(Indication(2, "4.3", "Guillain-Barré syndrome (GBS)", [
        Field("Recommendations", "selection_criteria", [P(
            "IVIG is recommended for adults and children with GBS who are unable to walk independently "
            "(GBS disability score of 3 or more) and are within 2 weeks of symptom onset, or who are "
            "within 4 weeks of onset and have rapidly progressive weakness, respiratory compromise "
            "(forced vital capacity below 20 mL/kg) or bulbar dysfunction.")],
            criteria=OR(
                AND("are unable to walk independently (GBS disability score of 3 or more)",
                    "are within 2 weeks of symptom onset"),
                AND("are within 4 weeks of onset",
                    OR("have rapidly progressive weakness",
                       "respiratory compromise (forced vital capacity below 20 mL/kg)",
                       "bulbar dysfunction"))),
            thresholds=[T("GBS disability score", ">=", 3), T("FVC", "<", 20, "mL/kg")],
            style="heading"),
        Field("Not recommended", "exclusion_criteria", [P(
            "IVIG is not recommended in any of the following situations: Miller Fisher syndrome without "
            "limb weakness or respiratory involvement; mild GBS (GBS disability score of 2 or less) in a "
            "patient who is more than 2 weeks from onset and no longer deteriorating; or as a routine "
            "second course in patients who have not improved after a first course, since a randomized "
            "trial found no benefit and more serious adverse events.")],
            criteria=OR(
                "Miller Fisher syndrome without limb weakness or respiratory involvement",
                "mild GBS (GBS disability score of 2 or less) in a patient who is more than 2 weeks from "
                "onset and no longer deteriorating",
                "as a routine second course in patients who have not improved after a first course",
                stem="IVIG is not recommended in any of the following situations"),
            thresholds=[T("GBS disability score", "<=", 2)], style="heading"),
        Field("Dosing", "dose", [P(
            "The recommended dose is 0.4 g/kg daily for 5 days (a total of 2 g/kg per course). In "
            "children, 1 g/kg daily for 2 days is an acceptable alternative. A patient who improves and "
            "then deteriorates within 8 weeks of onset (a treatment-related fluctuation) may receive a "
            "second course at the same dose.")],
            doses=[D(0.4, "g/kg", "daily for 5 days", max="2 g/kg per course"),
                   D(1, "g/kg", "daily for 2 days")],
            style="heading"),
        Field("Duration", "duration", [P(
            "Approval covers a single course. A second course for a treatment-related fluctuation "
            "requires discussion with a transfusion medicine physician.")], style="heading"),
        Field("Evidence", "evidence", [P(
            "Randomized trials show that IVIG started within 2 weeks of onset is as effective as plasma "
            "exchange in hastening recovery in patients who cannot walk unaided (moderate-certainty "
            "evidence). Evidence for treatment started between 2 and 4 weeks after onset comes from "
            "observational studies only.")], style="heading"),
    ]))

    # ---- 4.4 Myasthenia gravis: bold run-in numbered recommendations ----------------
    body.append(Indication(2, "4.4", "Myasthenia gravis", [
        Field("Recommendation 4", "selection_criteria", [P(
            "IVIG is recommended for patients with myasthenic crisis or impending crisis, defined by any "
            "of the following: (a) forced vital capacity below 20 mL/kg or less than 50% of predicted; "
            "(b) severe bulbar weakness with dysphagia or risk of aspiration; (c) rapidly worsening "
            "generalized weakness with an MG-ADL score of 10 or more. IVIG is also recommended before "
            "thymectomy or other surgery in patients with significant bulbar or respiratory weakness.")],
            criteria=OR(
                OR("forced vital capacity below 20 mL/kg or less than 50% of predicted",
                   "severe bulbar weakness with dysphagia or risk of aspiration",
                   "rapidly worsening generalized weakness with an MG-ADL score of 10 or more",
                   stem="IVIG is recommended for patients with myasthenic crisis or impending crisis, "
                        "defined by any of the following"),
                "IVIG is also recommended before thymectomy or other surgery in patients with "
                "significant bulbar or respiratory weakness"),
            thresholds=[T("FVC", "<", 20, "mL/kg"), T("FVC % predicted", "<", 50, "%"),
                        T("MG-ADL", ">=", 10)]),
        Field("Recommendation 5", "selection_criteria", [P(
            "IVIG may be considered as maintenance therapy for adults with generalized myasthenia gravis "
            "only when both of the following apply: the disease remains uncontrolled (an MG-ADL score of "
            "6 or more, or a Quantitative Myasthenia Gravis (QMG) score of 11 or more) despite at least "
            "two immunosuppressive agents given at adequate doses for at least 12 months; and other "
            "treatments, such as rituximab or complement inhibitors, are contraindicated, unavailable or "
            "have failed.")],
            criteria=AND(
                "the disease remains uncontrolled (an MG-ADL score of 6 or more, or a Quantitative "
                "Myasthenia Gravis (QMG) score of 11 or more) despite at least two immunosuppressive "
                "agents given at adequate doses for at least 12 months",
                "other treatments, such as rituximab or complement inhibitors, are contraindicated, "
                "unavailable or have failed",
                stem="IVIG may be considered as maintenance therapy for adults with generalized "
                     "myasthenia gravis only when both of the following apply"),
            thresholds=[T("MG-ADL", ">=", 6), T("QMG", ">=", 11)]),
        Field("Recommendation 6", "exclusion_criteria", [P(
            "IVIG is not recommended for ocular myasthenia gravis, for mild generalized disease (MGFA "
            "class II) that is controlled with pyridostigmine or corticosteroids, or as maintenance "
            "therapy in patients who have not had a trial of immunosuppression.")],
            criteria=OR(
                "ocular myasthenia gravis",
                "mild generalized disease (MGFA class II) that is controlled with pyridostigmine or "
                "corticosteroids",
                "as maintenance therapy in patients who have not had a trial of immunosuppression")),
        Field("Dosing", "dose", [P(
            "For crisis, give 2 g/kg over 2 to 5 days. For maintenance, give 0.4 to 1 g/kg every 4 to 6 "
            "weeks, using the lowest dose that maintains the response.")],
            doses=[D(2, "g/kg"), D(0.4, "g/kg", "every 4 to 6 weeks", amount_max=1)]),
        Field("Outcome measures", "outcome_measures", [P(
            "MG-ADL and QMG scores should be recorded before each course and at every review. For "
            "maintenance therapy, a clinically meaningful response is a reduction of at least 2 points in "
            "the MG-ADL score or at least 3 points in the QMG score.")],
            thresholds=[T("MG-ADL reduction", ">=", 2, "points"), T("QMG reduction", ">=", 3, "points")]),
        Field("Duration of approval", "duration", [P(
            "Approval for crisis covers a single course. Maintenance therapy is approved for 6 months at "
            "a time, and renewal requires documentation of a response as defined above.")]),
        Field("Evidence", "evidence", [P(
            "In myasthenic exacerbations, randomized trials found IVIG and plasma exchange to be similarly "
            "effective (moderate-certainty evidence). Evidence for maintenance IVIG is limited to small "
            "trials and case series (low-certainty evidence).")]),
    ]))

    # ---- 4.5 Stiff person syndrome: bold run-in labels, one numbered list ----------
    body.append(Indication(2, "4.5", "Stiff person syndrome", [
        Field("Criteria for initial use", "selection_criteria", [
            P("IVIG may be considered for adults with stiff person syndrome when all of the following "
              "are met:"),
            L([("the diagnosis is supported by at least two of the following:",
                L(["anti-GAD65 antibodies at a titre above 2000 IU/mL, or anti-amphiphysin or "
                   "anti-glycine receptor antibodies",
                   "continuous motor unit activity in agonist and antagonist muscles on electromyography",
                   "episodic painful spasms triggered by noise, touch or emotional upset"], kind="alpha")),
               "the patient has significant disability, with a modified Rankin Scale score of 3 or more; and",
               "symptoms persist despite adequate trials of a benzodiazepine and baclofen at the maximum "
               "tolerated doses."], kind="decimal")],
            criteria=AND(
                OR("anti-GAD65 antibodies at a titre above 2000 IU/mL, or anti-amphiphysin or "
                   "anti-glycine receptor antibodies",
                   "continuous motor unit activity in agonist and antagonist muscles on electromyography",
                   "episodic painful spasms triggered by noise, touch or emotional upset",
                   stem="the diagnosis is supported by at least two of the following", min=2),
                "the patient has significant disability, with a modified Rankin Scale score of 3 or more",
                "symptoms persist despite adequate trials of a benzodiazepine and baclofen at the maximum "
                "tolerated doses",
                stem="IVIG may be considered for adults with stiff person syndrome when all of the "
                     "following are met"),
            thresholds=[T("anti-GAD65 titre", ">", 2000, "IU/mL"), T("modified Rankin Scale", ">=", 3)]),
        Field("Exclusions", "exclusion_criteria", [P(
            "IVIG should not be used if any of the following apply: symptoms are adequately controlled "
            "with oral therapy; the patient has a paraneoplastic stiff person spectrum disorder and the "
            "underlying cancer has not been treated; or the patient is unable to attend for regular "
            "review.")],
            criteria=OR(
                "symptoms are adequately controlled with oral therapy",
                "the patient has a paraneoplastic stiff person spectrum disorder and the underlying cancer "
                "has not been treated",
                "the patient is unable to attend for regular review",
                stem="IVIG should not be used if any of the following apply")),
        Field("Dose", "dose", [P(
            "The induction dose is 2 g/kg given over 2 to 5 days, repeated every 4 weeks for three "
            "courses. If there is a response, maintenance doses of 1 g/kg every 4 weeks, then every 6 to "
            "8 weeks, may be used.")],
            doses=[D(2, "g/kg", "every 4 weeks for three courses"),
                   D(1, "g/kg", "every 4 weeks, then every 6 to 8 weeks")]),
        Field("Criteria for continued use", "continuation_criteria", [P(
            "Treatment may be continued after the third course if the patient shows an improvement of "
            "at least 1 point on the modified Rankin Scale or a reduction of at least 30% in the "
            "stiffness index, and ongoing need is confirmed by deterioration when the interval between "
            "courses is extended.")],
            criteria=AND(
                OR("the patient shows an improvement of at least 1 point on the modified Rankin Scale",
                   "a reduction of at least 30% in the stiffness index"),
                "ongoing need is confirmed by deterioration when the interval between courses is extended"),
            thresholds=[T("modified Rankin Scale improvement", ">=", 1, "points"),
                        T("stiffness index reduction", ">=", 30, "%")]),
        Field("Approval period", "duration", [P(
            "The initial approval is for 3 months (three courses). Renewals are approved for up to "
            "6 months.")]),
        Field("Information required with the request", None, [P(
            "The request must include the antibody results, the electromyography report, the modified "
            "Rankin Scale score and the doses and durations of previous symptomatic treatments.")]),
        Field("Evidence", "evidence", [P(
            "One small randomized crossover trial and several case series suggest that IVIG reduces "
            "stiffness and spasm frequency (low-certainty evidence).")]),
    ]))

    S(1, "5", "Other neurological conditions",
      P("IVIG is not recommended for amyotrophic lateral sclerosis, Alzheimer disease, chronic fatigue "
        "syndrome, complex regional pain syndrome, autism spectrum disorder or small fibre neuropathy "
        "without a confirmed immune cause. Requests for other conditions, including autoimmune "
        "encephalitis and paraneoplastic syndromes, are considered case by case by a transfusion "
        "medicine physician."))
    S(1, "6", "References",
      P("1. Provincial Blood Advisory Committee. Immune globulin utilization in the province, "
        "2014 to 2023. Annual report; 2024."),
      P("2. Joint task force of the European Academy of Neurology and the Peripheral Nerve Society. "
        "Guideline on the diagnosis and treatment of chronic inflammatory demyelinating "
        "polyradiculoneuropathy, second revision. 2021."),
      P("3. Systematic review of intravenous immunoglobulin for Guillain-Barré syndrome. Cochrane "
        "Database of Systematic Reviews; updated 2014."),
      P("4. Regional immune globulin utilization teams. Audit of IVIG renewal requests in "
        "neurology, 2022. Internal report; 2023."))
    S(1, "Appendix A", "Calculating adjusted body weight",
      P("Ideal body weight (kg) for men is 50 + 0.9 × (height in cm − 152); for women it is "
        "45.5 + 0.9 × (height in cm − 152). Adjusted body weight = ideal body weight + 0.4 × (actual "
        "body weight − ideal body weight). Use the lower of actual and adjusted body weight."))
    S(1, "Appendix B", "Abbreviations",
      P("CIDP, chronic inflammatory demyelinating polyneuropathy; GBS, Guillain-Barré syndrome; "
        "INCAT, Inflammatory Neuropathy Cause and Treatment; I-RODS, Inflammatory Rasch-built Overall "
        "Disability Scale; MG-ADL, Myasthenia Gravis Activities of Daily Living; MGFA, Myasthenia "
        "Gravis Foundation of America; MMN, multifocal motor neuropathy; ONLS, Overall Neuropathy "
        "Limitations Scale; QMG, Quantitative Myasthenia Gravis score."))

    return Doc(
        docname="ca_ivig_neuro_guideline",
        title="Guidelines for the use of intravenous immune globulin in neurological conditions",
        style="Canadian provincial IVIG guideline in prose: numbered condition sections with run-in "
              "bold/italic labels, numbered recommendation paragraphs and small sub-headings",
        front=["Provincial Immune Globulin Stewardship Program",
               "Version 3.1. Approved by the Provincial Blood Advisory Committee, September 2024. "
               "Replaces version 3.0 (2021)."],
        body=body,
        footer="IVIG in neurological conditions, version 3.1",
    )


# --------------------------------------------------------------------------
# Document 2: NICE-style technology appraisal (one drug, four populations)
# --------------------------------------------------------------------------
def doc_nice() -> Doc:
    body: list = []
    S = lambda lvl, num, title, *blocks: body.append(Section(lvl, num, title, list(blocks)))
    N = lambda text: P(text, auto_num=True)
    CA = "the company provides it according to the commercial arrangement."

    S(1, "1", "Recommendations")
    body.append(Indication(2, None, "Plaque psoriasis in adults", [
        Field(None, "selection_criteria", [
            N("Orvekimab is recommended as an option for treating plaque psoriasis in adults, only if:"),
            L(["the disease is severe, as defined by a total Psoriasis Area and Severity Index (PASI) of "
               "10 or more and a Dermatology Life Quality Index (DLQI) of more than 10 and",
               "the disease has not responded to other systemic treatments, including ciclosporin, "
               "methotrexate and phototherapy, or these options are contraindicated or not tolerated and",
               CA])],
            criteria=AND(
                "the disease is severe, as defined by a total Psoriasis Area and Severity Index (PASI) of "
                "10 or more and a Dermatology Life Quality Index (DLQI) of more than 10",
                "the disease has not responded to other systemic treatments, including ciclosporin, "
                "methotrexate and phototherapy, or these options are contraindicated or not tolerated",
                CA.rstrip("."),
                stem="Orvekimab is recommended as an option for treating plaque psoriasis in adults, only if"),
            thresholds=[T("PASI", ">=", 10), T("DLQI", ">", 10)], style="none"),
        Field(None, "dose", [
            N("Give orvekimab as 80 mg by subcutaneous injection at weeks 0, 2 and 4, then every 8 weeks. "
              "Only use the 160 mg maintenance dose for people with a body weight of more than 100 kg, "
              "and only if the company provides it at the same price as the 80 mg dose.")],
            thresholds=[T("body weight", ">", 100, "kg")],
            doses=[D(80, "mg", "at weeks 0, 2 and 4, then every 8 weeks"), D(160, "mg")], style="none"),
        Field(None, "continuation_criteria", [
            N("Assess the response to orvekimab after 16 weeks of treatment. Stop treatment if there has "
              "not been an adequate response, which is defined as:"),
            L(["a 75% reduction in the PASI score (PASI 75) from when treatment started or",
               "a 50% reduction in the PASI score (PASI 50) and a 5-point reduction in DLQI from when "
               "treatment started."])],
            criteria=OR(
                "a 75% reduction in the PASI score (PASI 75) from when treatment started",
                "a 50% reduction in the PASI score (PASI 50) and a 5-point reduction in DLQI from when "
                "treatment started",
                stem="Assess the response to orvekimab after 16 weeks of treatment. Stop treatment if "
                     "there has not been an adequate response, which is defined as"),
            thresholds=[T("PASI reduction", ">=", 75, "%"), T("PASI reduction", ">=", 50, "%"),
                        T("DLQI reduction", ">=", 5, "points")], style="none"),
        Field(None, "notes", [
            N("When using the PASI or the DLQI, healthcare professionals should consider how skin colour, "
              "and any physical, sensory or learning disabilities or communication difficulties, could "
              "affect the scores, and adjust their clinical judgement accordingly.")], style="none"),
    ]))
    body.append(Indication(2, None, "Plaque psoriasis in children and young people", [
        Field(None, "selection_criteria", [
            N("Orvekimab is recommended as an option for treating plaque psoriasis in children and young "
              "people aged 6 to 17 years who weigh 25 kg or more, only if:"),
            L(["the disease is severe, as defined by a total PASI of 10 or more and a Children's "
               "Dermatology Life Quality Index (CDLQI) of more than 10 and",
               ("the disease has not responded to, or the child cannot have, any of the following:",
                L(["ciclosporin", "methotrexate", "phototherapy with narrowband ultraviolet B"])),
               Conn("and"),
               CA])],
            criteria=AND(
                "the disease is severe, as defined by a total PASI of 10 or more and a Children's "
                "Dermatology Life Quality Index (CDLQI) of more than 10",
                OR("ciclosporin", "methotrexate", "phototherapy with narrowband ultraviolet B",
                   stem="the disease has not responded to, or the child cannot have, any of the following"),
                CA.rstrip("."),
                stem="Orvekimab is recommended as an option for treating plaque psoriasis in children and "
                     "young people aged 6 to 17 years who weigh 25 kg or more, only if"),
            thresholds=[T("age", "range", 6, "years", value_max=17), T("body weight", ">=", 25, "kg"),
                        T("PASI", ">=", 10), T("CDLQI", ">", 10)], style="none"),
        Field(None, "dose", [
            N("For children and young people, give 40 mg (body weight 25 kg to less than 50 kg) or 80 mg "
              "(body weight 50 kg or more) at weeks 0, 2 and 4, then every 8 weeks.")],
            thresholds=[T("body weight", "range", 25, "kg", value_max=50), T("body weight", ">=", 50, "kg")],
            doses=[D(40, "mg", "at weeks 0, 2 and 4, then every 8 weeks"),
                   D(80, "mg", "at weeks 0, 2 and 4, then every 8 weeks")], style="none"),
        Field(None, "continuation_criteria", [
            N("Stop orvekimab at 16 weeks if the PASI has not improved by at least 75% from when "
              "treatment started.")],
            criteria=AND("Stop orvekimab at 16 weeks if the PASI has not improved by at least 75% from "
                         "when treatment started"),
            thresholds=[T("PASI improvement", ">=", 75, "%")], style="none"),
        Field(None, "exclusion_criteria", [
            N("Orvekimab is not recommended for treating plaque psoriasis in children younger than "
              "6 years.")],
            criteria=AND("Orvekimab is not recommended for treating plaque psoriasis in children younger "
                         "than 6 years"),
            thresholds=[T("age", "<", 6, "years")], style="none"),
    ]))
    body.append(Indication(2, None, "Psoriatic arthritis", [
        Field(None, "selection_criteria", [
            N("Orvekimab, alone or with methotrexate, is recommended as an option for treating active "
              "psoriatic arthritis in adults, only if:"),
            L(["they have peripheral arthritis with 3 or more tender joints and 3 or more swollen joints and",
               "their disease has not responded to adequate trials of at least 2 standard conventional "
               "disease-modifying antirheumatic drugs (DMARDs), given on their own or together and",
               ("either of the following applies:",
                L(["they have already had a tumour necrosis factor (TNF)-alpha inhibitor but their disease "
                   "did not respond within the first 12 weeks or stopped responding after 12 weeks or",
                   "TNF-alpha inhibitors are contraindicated or not tolerated"])),
               Conn("and"),
               CA])],
            criteria=AND(
                "they have peripheral arthritis with 3 or more tender joints and 3 or more swollen joints",
                "their disease has not responded to adequate trials of at least 2 standard conventional "
                "disease-modifying antirheumatic drugs (DMARDs), given on their own or together",
                OR("they have already had a tumour necrosis factor (TNF)-alpha inhibitor but their "
                   "disease did not respond within the first 12 weeks or stopped responding after 12 weeks",
                   "TNF-alpha inhibitors are contraindicated or not tolerated",
                   stem="either of the following applies"),
                CA.rstrip("."),
                stem="Orvekimab, alone or with methotrexate, is recommended as an option for treating "
                     "active psoriatic arthritis in adults, only if"),
            thresholds=[T("tender joint count", ">=", 3), T("swollen joint count", ">=", 3)], style="none"),
        Field(None, "continuation_criteria", [
            N("Assess the response to orvekimab after 16 weeks of treatment. Only continue treatment if:"),
            L(["there is clear evidence of response, defined as an improvement in at least 2 of the 4 "
               "psoriatic arthritis response criteria (PsARC), 1 of which must be joint tenderness or "
               "swelling score, with no worsening in any of the 4 criteria or",
               "the PsARC response does not justify continuing treatment but there is a PASI 75 response, "
               "and a dermatologist decides that continuing treatment is appropriate based on skin "
               "response."])],
            criteria=OR(
                "there is clear evidence of response, defined as an improvement in at least 2 of the 4 "
                "psoriatic arthritis response criteria (PsARC), 1 of which must be joint tenderness or "
                "swelling score, with no worsening in any of the 4 criteria",
                "the PsARC response does not justify continuing treatment but there is a PASI 75 response, "
                "and a dermatologist decides that continuing treatment is appropriate based on skin "
                "response",
                stem="Assess the response to orvekimab after 16 weeks of treatment. Only continue "
                     "treatment if"), style="none"),
        Field(None, "position", [
            N("If people with the condition and their clinicians consider orvekimab to be one of a range "
              "of suitable treatments, including other interleukin inhibitors and TNF-alpha inhibitors, "
              "after discussing the advantages and disadvantages of the options, use the least expensive. "
              "Take account of administration costs, dosage, price per dose and commercial arrangements.")],
            style="none"),
    ]))
    body.append(Indication(2, None, "Hidradenitis suppurativa", [
        Field(None, "selection_criteria", [
            N("Orvekimab is recommended as an option for treating active moderate to severe hidradenitis "
              "suppurativa (acne inversa) in adults when it has not responded to conventional systemic "
              "treatment, only if:"),
            L(["the total abscess and inflammatory nodule (AN) count is 5 or more and",
               "the person has Hurley stage II or stage III disease and",
               CA])],
            criteria=AND(
                "the total abscess and inflammatory nodule (AN) count is 5 or more",
                "the person has Hurley stage II or stage III disease",
                CA.rstrip("."),
                stem="Orvekimab is recommended as an option for treating active moderate to severe "
                     "hidradenitis suppurativa (acne inversa) in adults when it has not responded to "
                     "conventional systemic treatment, only if"),
            thresholds=[T("AN count", ">=", 5)], style="none"),
        Field(None, "dose", [
            N("Give 320 mg at weeks 0, 2 and 4, then every 4 weeks. Increasing the dose frequency to every "
              "2 weeks is only recommended for people with a body weight of 120 kg or more whose disease "
              "has partly responded at 16 weeks.")],
            thresholds=[T("body weight", ">=", 120, "kg")],
            doses=[D(320, "mg", "at weeks 0, 2 and 4, then every 4 weeks"), D(320, "mg", "every 2 weeks")],
            style="none"),
        Field(None, "continuation_criteria", [
            N("Stop orvekimab at 16 weeks if any of the following apply:"),
            L(["the total AN count has fallen by less than 50% from baseline",
               "the number of abscesses has increased",
               "the number of draining tunnels has increased."])],
            criteria=OR(
                "the total AN count has fallen by less than 50% from baseline",
                "the number of abscesses has increased",
                "the number of draining tunnels has increased",
                stem="Stop orvekimab at 16 weeks if any of the following apply"),
            thresholds=[T("AN count reduction", "<", 50, "%")], style="none"),
        Field(None, "exclusion_criteria", [
            N("Orvekimab is not recommended for people with mild hidradenitis suppurativa (Hurley stage I), "
              "or for people whose disease has responded to conventional systemic treatment.")],
            criteria=OR(
                "people with mild hidradenitis suppurativa (Hurley stage I)",
                "people whose disease has responded to conventional systemic treatment"), style="none"),
    ]))
    S(2, None, "Why the committee made these recommendations",
      P("Orvekimab is an interleukin-17 and interleukin-23 inhibitor. Usual treatment for severe plaque "
        "psoriasis, psoriatic arthritis and hidradenitis suppurativa that has not responded to "
        "conventional systemic treatment includes other biological medicines."),
      P("Clinical trial evidence shows that orvekimab is more effective than placebo in all four "
        "populations, and indirect comparisons suggest it is likely to be at least as effective as other "
        "biological medicines. The most likely cost-effectiveness estimates are within what NICE-style "
        "evaluations normally consider an acceptable use of resources. So, orvekimab is recommended for "
        "the populations above, with the stopping rules used in earlier evaluations."))

    S(1, "2", "Information about orvekimab")
    S(2, None, "Marketing authorisation indication",
      N("Orvekimab (Vekyra, Halden Biopharma) is indicated for moderate to severe plaque psoriasis in "
        "adults and in children and young people aged 6 years and over who are candidates for systemic "
        "therapy, for active psoriatic arthritis in adults, and for active moderate to severe "
        "hidradenitis suppurativa in adults with an inadequate response to conventional systemic "
        "treatment."))
    S(2, None, "Dosage in the marketing authorisation",
      N("The dosage schedule is available in the summary of product characteristics for orvekimab."))
    S(2, None, "Price",
      N("The list price is £2,150 per 80 mg prefilled pen and £4,300 per 160 mg prefilled pen (excluding "
        "VAT; company submission). The annual cost of treatment for plaque psoriasis at the list price is "
        "about £17,200 in the first year and £13,975 in later years. The company has a commercial "
        "arrangement, which makes orvekimab available to the NHS with a discount."))

    S(1, "3", "Committee discussion",
      P("The evaluation committee considered evidence submitted by Halden Biopharma, a review of this "
        "submission by the external assessment group, and responses from stakeholders."))
    S(2, None, "The condition",
      N("Patient experts explained that plaque psoriasis, psoriatic arthritis and hidradenitis "
        "suppurativa are lifelong inflammatory conditions with a large effect on quality of life, "
        "including pain, sleep disturbance, work and relationships. The committee concluded that there "
        "is an unmet need for further effective treatments."))
    S(2, None, "Clinical management",
      N("Clinical experts explained that people whose disease has not responded to conventional systemic "
        "treatment are usually offered a biological medicine, and that many people need several biological "
        "medicines over time because response is often lost."),
      N("For hidradenitis suppurativa, only one biological medicine is routinely available, and the "
        "clinical experts said that a further option would be welcomed."))
    S(2, None, "Clinical evidence",
      N("Four randomised placebo-controlled trials provided the main evidence, one in each population. "
        "At 16 weeks, a larger proportion of people having orvekimab than placebo had a PASI 75 response "
        "(adults 84% compared with 6%; children 79% compared with 12%), a PsARC response (68% compared "
        "with 31%) or a hidradenitis suppurativa clinical response (55% compared with 29%)."),
      N("The company's network meta-analyses suggested that orvekimab is at least as effective as other "
        "interleukin inhibitors. The committee noted that the analyses were uncertain because of "
        "differences in trial populations, but accepted them for decision making."))
    S(2, None, "Stopping rules",
      N("The committee agreed that the stopping rules used in earlier evaluations of biological medicines "
        "for these conditions should also apply to orvekimab, because they reflect clinical practice and "
        "were used in the company's economic model. It noted that a small number of people with a partial "
        "response may benefit from continuing treatment, and that clinicians should use their judgement."))
    S(2, None, "Cost effectiveness",
      N("With the commercial arrangement, the incremental cost-effectiveness ratios for orvekimab compared "
        "with the relevant comparators were within the range normally considered a cost-effective use of "
        "NHS resources for all four populations. The exact results are confidential and cannot be "
        "reported here."),
      N("The committee concluded that orvekimab is cost effective in each population when used as "
        "described in section 1."))
    S(2, None, "Equality",
      N("The committee noted that the PASI may underestimate the severity of psoriasis on darker skin, and "
        "that the DLQI may not capture the effect of the condition for some disabled people. It addressed "
        "this in its recommendations."))

    S(1, "4", "Implementation",
      N("Integrated care boards, NHS England and, with respect to their public health functions, local "
        "authorities should comply with the recommendations in this evaluation within 90 days of its "
        "publication."),
      N("When orvekimab has been recommended, people with the conditions covered should be able to have it "
        "if they and their doctor consider it to be the right treatment for them."))
    S(1, "5", "Evaluation committee members and project team",
      P("This evaluation was considered by one of the standing technology appraisal committees. Committee "
        "members are asked to declare any interests in the technology being evaluated. The project team "
        "comprised a technical lead, a technical adviser and a project manager."))

    # number paragraphs: "1.1", "1.2" ... continuing through each top-level section
    counters: dict[str, int] = {}
    top = None
    for item in body:
        if isinstance(item, Section) and item.level == 1:
            top = item.number
        blocks = item.blocks if isinstance(item, Section) else [b for f in item.fields for b in f.blocks]
        for b in blocks:
            if isinstance(b, P) and b.auto_num:
                counters[top] = counters.get(top, 0) + 1
                b.num = f"{top}.{counters[top]}"

    return Doc(
        docname="nice_ta_style",
        title="Orvekimab for treating plaque psoriasis, psoriatic arthritis and hidradenitis suppurativa",
        style="NICE-style technology appraisal guidance: numbered recommendation paragraphs per population "
              "sub-heading with 'only if' bullet lists, stopping rules, then information and committee "
              "discussion sections",
        front=["Technology appraisal guidance", "Published: 14 May 2025", "Reference: TA1187"],
        body=body,
        footer="Orvekimab for treating plaque psoriasis, psoriatic arthritis and hidradenitis "
               "suppurativa (TA1187)",
    )


# --------------------------------------------------------------------------
# rendering: HTML (Chromium)
# --------------------------------------------------------------------------
CSS = """
@page { size: Letter; margin: 2.2cm 2.2cm 2.4cm 2.2cm; }
body { font-family: 'Liberation Serif', serif; font-size: 11pt; line-height: 1.35; color: #111; }
h1.title { font-family: 'Liberation Sans', sans-serif; font-size: 19pt; color: #1d3f6e; margin: 0 0 8pt 0; }
p.front { font-family: 'Liberation Sans', sans-serif; font-size: 10pt; color: #444; margin: 0 0 3pt 0; }
h2 { font-family: 'Liberation Sans', sans-serif; font-size: 14pt; color: #1d3f6e; margin: 18pt 0 6pt 0; }
h3 { font-family: 'Liberation Sans', sans-serif; font-size: 12pt; color: #1d3f6e; margin: 13pt 0 5pt 0; }
h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
h4 { font-family: 'Liberation Sans', sans-serif; font-size: 10.5pt; font-style: italic; margin: 9pt 0 3pt 0; }
p { margin: 0 0 6pt 0; text-align: justify; }
ol { margin: 0 0 6pt 0; padding-left: 22pt; }
ol ol { margin: 2pt 0 2pt 0; }
li { margin: 0 0 2pt 0; }
hr { border: 0; border-top: 1px solid #1d3f6e; margin: 10pt 0 12pt 0; }
"""


def _esc(s: str) -> str:
    return html.escape(s, quote=False)


def _html_list(lst: L) -> str:
    tag, typ = ("ul", "") if lst.kind == "bullet" else ("ol", ' type="a"' if lst.kind == "alpha" else ' type="1"')
    out = [f"<{tag}{typ}>"]
    for it in lst.items:
        if isinstance(it, Conn):
            out.append(f'<li style="list-style:none">{_esc(it.word)}</li>')
        elif isinstance(it, tuple):
            out.append(f"<li>{_esc(it[0])}{_html_list(it[1])}</li>")
        else:
            out.append(f"<li>{_esc(it)}</li>")
    out.append(f"</{tag}>")
    return "".join(out)


def _html_blocks(blocks, label=None, style="bold", sep=":") -> str:
    out = []
    for i, b in enumerate(blocks):
        if isinstance(b, P):
            pre = ""
            if b.num:
                pre += f"{_esc(b.num)} "
            if i == 0 and label and style in ("bold", "italic"):
                tag = "strong" if style == "bold" else "em"
                pre += f"<{tag}>{_esc(label + sep)}</{tag}> "
            out.append(f"<p>{pre}{_esc(b.text)}</p>")
        elif isinstance(b, L):
            out.append(_html_list(b))
    return "\n".join(out)


def render_html(doc: Doc) -> str:
    parts = [f"<!DOCTYPE html><html lang='en-CA'><head><meta charset='utf-8'><style>{CSS}</style></head><body>",
             f"<h1 class='title'>{_esc(doc.title)}</h1>"]
    parts += [f"<p class='front'>{_esc(x)}</p>" for x in doc.front]
    parts.append("<hr>")
    for item in doc.body:
        num = f"{item.number} " if item.number else ""
        if isinstance(item, Section):
            h = f"h{item.level + 1}"
            parts.append(f"<{h}>{_esc(num + item.title)}</{h}>")
            parts.append(_html_blocks(item.blocks))
        else:
            h = f"h{item.level + 1}"
            parts.append(f"<{h}>{_esc(num + item.name)}</{h}>")
            for f in item.fields:
                if f.style == "heading":
                    parts.append(f"<h{item.level + 2}>{_esc(f.label)}</h{item.level + 2}>")
                parts.append(_html_blocks(f.blocks, f.label, f.style, f.sep))
    parts.append("</body></html>")
    return "\n".join(parts)


def html_to_pdf(html_text: str, pdf_path: Path, footer: str) -> None:
    from playwright.sync_api import sync_playwright
    with tempfile.TemporaryDirectory() as td:
        src = Path(td) / "doc.html"
        src.write_text(html_text, encoding="utf-8")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium")
            page = browser.new_page()
            page.goto(src.as_uri())
            page.pdf(path=str(pdf_path), format="Letter", print_background=True,
                     display_header_footer=True,
                     header_template="<div></div>",
                     footer_template=(
                         "<div style='font-size:8pt;font-family:Liberation Sans,sans-serif;width:100%;"
                         "margin:0 2.2cm;color:#555;display:flex;justify-content:space-between'>"
                         f"<span>{_esc(footer)}</span><span>Page <span class='pageNumber'></span> of "
                         "<span class='totalPages'></span></span></div>"),
                     margin={"top": "2.2cm", "bottom": "2.4cm", "left": "2.2cm", "right": "2.2cm"})
            browser.close()


# --------------------------------------------------------------------------
# rendering: DOCX (python-docx)
# --------------------------------------------------------------------------
def _add_page_field(run, instr: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    for kind, text in (("begin", None), (None, instr), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text == instr:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {instr} "
        else:
            el = OxmlElement("w:t")
            el.text = text
        run._r.append(el)


def render_docx(doc: Doc, path: Path, nice: bool) -> None:
    import docx
    from docx.shared import Pt, Cm, RGBColor
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    d = docx.Document()
    sec = d.sections[0]
    sec.left_margin = sec.right_margin = Cm(2.3)
    sec.top_margin = sec.bottom_margin = Cm(2.2)
    normal = d.styles["Normal"]
    normal.font.name = "Liberation Sans" if nice else "Liberation Serif"
    normal.font.size = Pt(10.5 if nice else 11)
    normal.paragraph_format.space_after = Pt(6)
    for name in ("Heading 1", "Heading 2", "Heading 3", "Title"):
        st = d.styles[name]
        st.font.name = "Liberation Sans"
        st.font.color.rgb = RGBColor(0x1D, 0x3F, 0x6E) if not nice else RGBColor(0x22, 0x22, 0x22)
    d.styles["Title"].font.size = Pt(20)
    d.styles["Heading 3"].font.italic = True

    fp = sec.footer.paragraphs[0]
    fp.style = d.styles["Footer"]
    r = fp.add_run(doc.footer + "    Page ")
    r.font.size = Pt(8)
    r2 = fp.add_run()
    _add_page_field(r2, "PAGE")
    r3 = fp.add_run(" of ")
    r4 = fp.add_run()
    _add_page_field(r4, "NUMPAGES")
    for rr in (r2, r3, r4):
        rr.font.size = Pt(8)

    d.add_paragraph(doc.title, style="Title")
    for x in doc.front:
        p = d.add_paragraph()
        run = p.add_run(x)
        run.font.size = Pt(10)
        run.italic = not nice

    def add_list(lst: L, depth: int = 1):
        for it in lst.items:
            if isinstance(it, Conn):
                p = d.add_paragraph(it.word)
                p.paragraph_format.left_indent = Cm(1.6 if nice else 0.63)
                continue
            text, sub = (it if isinstance(it, tuple) else (it, None))
            base = "List Bullet" if lst.kind == "bullet" else "List Number"
            style = base if depth == 1 else f"{base} {depth}"
            lp = d.add_paragraph(text, style=style)
            if nice:  # NICE layout: bullets sit under the text of the numbered paragraph
                lp.paragraph_format.left_indent = Cm(1.0 + 0.6 * depth)
                lp.paragraph_format.first_line_indent = Cm(-0.5)
            if sub is not None:
                add_list(sub, depth + 1)

    def add_blocks(blocks, label=None, style="bold", sep=":"):
        for i, b in enumerate(blocks):
            if isinstance(b, P):
                p = d.add_paragraph()
                if b.num:
                    p.add_run(b.num + "\t")
                    p.paragraph_format.left_indent = Cm(1.0)
                    p.paragraph_format.first_line_indent = Cm(-1.0)
                    p.paragraph_format.tab_stops.add_tab_stop(Cm(1.0))
                if i == 0 and label and style in ("bold", "italic"):
                    rl = p.add_run(label + sep + " ")
                    rl.bold = style == "bold"
                    rl.italic = style == "italic"
                p.add_run(b.text)
                if not nice:
                    p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            elif isinstance(b, L):
                add_list(b)

    for item in doc.body:
        num = f"{item.number} " if item.number else ""
        if isinstance(item, Section):
            d.add_heading(num + item.title, level=item.level)
            add_blocks(item.blocks)
        else:
            d.add_heading(num + item.name, level=item.level)
            for f in item.fields:
                if f.style == "heading":
                    d.add_heading(f.label, level=item.level + 1)
                add_blocks(f.blocks, f.label, f.style, f.sep)
    d.save(str(path))


def docx_to_pdf(docx_path: Path, out_dir: Path) -> Path:
    profile = Path(tempfile.gettempdir()) / "lo_blind2_prose"
    subprocess.run(["/usr/bin/soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(out_dir), str(docx_path)],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
    return out_dir / (docx_path.stem + ".pdf")


# --------------------------------------------------------------------------
# gold
# --------------------------------------------------------------------------
_TRAIL = re.compile(r"(?:^|[\s;,])(?:and|or|AND|OR)\s*$")


def _list_lines(lst: L) -> list[str]:
    out = []
    for it in lst.items:
        if isinstance(it, Conn):
            out.append(it.word)
        elif isinstance(it, tuple):
            out.append(it[0])
            out += _list_lines(it[1])
        else:
            out.append(it)
    return out


def field_text(f: Field) -> str:
    lines = []
    for b in f.blocks:
        if isinstance(b, P):
            lines.append(b.text)
        elif isinstance(b, L):
            lines += _list_lines(b)
    return "\n".join(lines)


def page_texts(pdf_path: Path) -> list[str]:
    import pypdfium2 as pdfium
    pdf = pdfium.PdfDocument(str(pdf_path))
    texts = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    pdf.close()
    return texts


def _squash(s: str) -> str:
    s = s.replace("\u00ad", "").replace("\ufffe", "-").replace("\u2010", "-")
    return re.sub(r"\s+", "", s)


def find_pages(headings: list[str], pages: list[str]) -> list[int]:
    """1-based page where each heading (in order) is printed as a line."""
    result, start = [], 0
    for h in headings:
        target = _squash(h)
        found = None
        for pi in range(start, len(pages)):
            lines = [_squash(x) for x in re.split(r"\r\n|\n|\r", pages[pi])]
            if any(x == target for x in lines) or any(
                    a + b == target for a, b in zip(lines, lines[1:])):
                found = pi
                break
        if found is None:
            raise SystemExit(f"heading not found in PDF: {h!r}")
        result.append(found + 1)
        start = found
    return result


def heading_list(doc: Doc) -> list[dict]:
    out = []
    for item in doc.body:
        if isinstance(item, Section):
            out.append({"number": item.number, "title": item.title, "level": item.level})
        else:
            out.append({"number": item.number, "title": item.name, "level": item.level})
            for f in item.fields:
                if f.style == "heading":
                    out.append({"number": None, "title": f.label, "level": item.level + 1})
    return out


def build_gold(doc: Doc, kind: str, producer: str, pages: list[str] | None) -> dict:
    secs = heading_list(doc)
    if pages is not None:
        pg = find_pages([(s["number"] + " " if s["number"] else "") + s["title"] for s in secs], pages)
    else:
        pg = [None] * len(secs)
    for s, p in zip(secs, pg):
        s["page"] = p
    inds = []
    for item in doc.body:
        if not isinstance(item, Indication):
            continue
        fields = []
        for f in item.fields:
            fd: dict[str, Any] = {"label": f.label, "role": f.role, "text": field_text(f)}
            if f.role in ("selection_criteria", "exclusion_criteria", "continuation_criteria", "diagnosis"):
                fd["criteria"] = f.criteria if f.criteria is not None else {"op": "AND", "stem": None, "items": []}
            fd["thresholds"] = f.thresholds
            fd["doses"] = f.doses
            fields.append(fd)
        inds.append({"name": item.name, "fields": fields})
    return {"source": f"corpora/policies/blind2/{doc.docname}.{kind}", "producer": producer,
            "style": doc.style, "title": doc.title, "sections": secs, "indications": inds}


# --------------------------------------------------------------------------
# self-check
# --------------------------------------------------------------------------
def _walk(node, leaves, stems):
    if isinstance(node, str):
        leaves.append(node)
        return
    if node.get("stem"):
        stems.append(node["stem"])
    for it in node["items"]:
        _walk(it, leaves, stems)


def _num_str(x) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def check(doc: Doc, gold: dict, full_text: str, label: str) -> dict:
    squashed = _squash(full_text)
    problems, n_leaves, n_thr, n_dose, n_fields = [], 0, 0, 0, 0
    for s in gold["sections"]:
        if _squash(s["title"]) not in squashed:
            problems.append(f"section {s['title']!r} missing")
    if _squash(gold["title"]) not in squashed:
        problems.append("title missing")
    for ind in gold["indications"]:
        for f in ind["fields"]:
            n_fields += 1
            ft = _squash(f["text"])
            if _squash(f["text"]) not in squashed and not all(_squash(x) in squashed for x in f["text"].split("\n")):
                problems.append(f"field text of {ind['name']}/{f['label']} not in document")
            if f.get("label") and _squash(f["label"]) not in squashed:
                problems.append(f"label {f['label']!r} missing")
            if "criteria" in f:
                leaves, stems = [], []
                _walk(f["criteria"], leaves, stems)
                n_leaves += len(leaves)
                for x in leaves + stems:
                    if _squash(x) not in ft:
                        problems.append(f"{ind['name']}: {x[:60]!r} not in field text")
                    if _squash(x) not in squashed:
                        problems.append(f"{ind['name']}: {x[:60]!r} not in {label} text")
                    if _TRAIL.search(x) and x not in stems:
                        problems.append(f"leaf ends with connective: {x[-30:]!r}")
            elif f["role"] in ("selection_criteria", "exclusion_criteria", "continuation_criteria", "diagnosis"):
                problems.append("criteria missing")
            for t in f["thresholds"]:
                n_thr += 1
                for v in (t["value"], t["value_max"]):
                    if v is not None and _num_str(v) not in f["text"]:
                        problems.append(f"threshold value {v} not in field text ({ind['name']})")
            for dz in f["doses"]:
                n_dose += 1
                for v in (dz["amount"], dz["amount_max"]):
                    if v is not None and _num_str(v) not in f["text"]:
                        problems.append(f"dose {v} not in field text ({ind['name']})")
                if dz["frequency"] and _squash(dz["frequency"]) not in ft:
                    problems.append(f"dose frequency {dz['frequency']!r} not in field text")
                if dz["max"] and _squash(dz["max"]) not in ft:
                    problems.append(f"dose max {dz['max']!r} not in field text")
    return {"problems": problems, "indications": len(gold["indications"]), "fields": n_fields,
            "leaves": n_leaves, "thresholds": n_thr, "doses": n_dose, "sections": len(gold["sections"])}


def docx_text(path: Path) -> str:
    import docx
    d = docx.Document(str(path))
    return "\n".join(p.text for p in d.paragraphs)


# --------------------------------------------------------------------------
def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_DOCS, help="directory for the documents")
    ap.add_argument("--gold-out", type=Path, default=DEFAULT_GOLD, help="directory for the gold JSON")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    args.gold_out.mkdir(parents=True, exist_ok=True)

    ok = True
    summary = []

    def emit(doc: Doc, kind: str, producer: str, path: Path, pages: list[str] | None):
        nonlocal ok
        gold = build_gold(doc, kind, producer, pages)
        gpath = args.gold_out / f"{doc.docname}_{kind}.json"
        gpath.write_text(json.dumps(gold, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        if pages is not None:  # drop the running footer so text running over a page break joins up
            foot = re.compile(r"^\s*" + re.escape(doc.footer) + r"\s*Page \d+ of \d+\s*$")
            text = "\n".join(ln for pg in pages for ln in re.split(r"\r\n|\n|\r", pg) if not foot.match(ln))
        else:
            text = docx_text(path)
        res = check(doc, gold, text, kind)
        if res["problems"]:
            ok = False
            for p in res["problems"]:
                print(f"  PROBLEM [{path.name}] {p}", file=sys.stderr)
        summary.append((path.name, len(pages) if pages else "-", res))

    # Document 1: HTML -> Chromium PDF; DOCX via python-docx
    d1 = doc_ivig()
    pdf1 = args.out / f"{d1.docname}.pdf"
    html_to_pdf(render_html(d1), pdf1, d1.footer)
    docx1 = args.out / f"{d1.docname}.docx"
    render_docx(d1, docx1, nice=False)
    emit(d1, "pdf", "chromium", pdf1, page_texts(pdf1))
    emit(d1, "docx", "python-docx", docx1, None)

    # Document 2: DOCX via python-docx -> LibreOffice PDF
    d2 = doc_nice()
    docx2 = args.out / f"{d2.docname}.docx"
    render_docx(d2, docx2, nice=True)
    with tempfile.TemporaryDirectory() as td:
        made = docx_to_pdf(docx2, Path(td))
        pdf2 = args.out / f"{d2.docname}.pdf"
        shutil.copyfile(made, pdf2)
    emit(d2, "pdf", "libreoffice", pdf2, page_texts(pdf2))
    emit(d2, "docx", "python-docx", docx2, None)

    print(f"{'file':34} pages sections indications fields leaves thresholds doses")
    for name, npages, r in summary:
        print(f"{name:34} {str(npages):5} {r['sections']:8} {r['indications']:11} {r['fields']:6} "
              f"{r['leaves']:6} {r['thresholds']:10} {r['doses']:5}")
    print("self-check:", "OK" if ok else "PROBLEMS (see stderr)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
