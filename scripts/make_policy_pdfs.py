"""Generate the invented immunoglobulin policy fixtures (two versions) and their gold records.

The policy is written in the style of a national clinical commissioning policy but its wording is
invented for testing, except for the sentences the seed change form (corpora/gold/changeform/
ig_changeform.json) quotes: those are placed in the indication the form names, the form's
"original" text in version 1 and its "new" text in version 2, so the pair can be reconciled.
Version 2 also carries two changes the form does not list: a platelet threshold, and a bullet
added next to a listed typo fix.

What the PDFs exercise: numbered sections (``1.``, ``2.3``, ``Appendix A``, ``A.2``), indication
entries laid out as headed sections and as two-column tables (named by an "Indication" row or
by a bold title row spanning both columns), entries continuing across pages
(a table row split by a page break), running headers and footers with ``Page n of m``, a raised
superscript (``10`` + raised ``9``) and words hyphenated across line ends by the line breaker.

Output (deterministic; reportlab ``invariant=1``)::

    corpora/policies/ig_policy_v1.pdf, corpora/policies/ig_policy_v2.pdf
    corpora/gold/policy/ig_policy_v1.json, corpora/gold/policy/ig_policy_v2.json

Run: ``python scripts/make_policy_pdfs.py [--out-dir DIR] [--gold-dir DIR]``.
"""

from __future__ import annotations

import argparse
import copy
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import registerFont, stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

ROOT = Path(__file__).resolve().parent.parent
FONT_DIR = Path("/usr/share/fonts/truetype/liberation")
# Embedded TrueType fonts carry a ToUnicode map, so bullets and dashes extract as text.
registerFont(TTFont("FixSans", str(FONT_DIR / "LiberationSans-Regular.ttf")))
registerFont(TTFont("FixSans-Bold", str(FONT_DIR / "LiberationSans-Bold.ttf")))
REGULAR, BOLD = "FixSans", "FixSans-Bold"
WIDTH, HEIGHT = A4
LEFT, RIGHT, TOP, BOTTOM = 56.0, 56.0, 72.0, 70.0
BODY, LEADING = 10.0, 13.0
HEADING_SIZES = {1: 15.0, 2: 12.5, 3: 11.5}
HEADER_TEXT = "Clinical commissioning policy: therapeutic immunoglobulin (invented test fixture)"
FOOTER_TEXT = "Generated for software testing only. Not clinical guidance."
SUP = re.compile(r"\^\{([^}]*)\}")

# ---------------------------------------------------------------------------------------------
# Content. Items of a field: plain strings are paragraphs, strings starting with "• " bullets.
# "^{9}" marks a raised superscript. Version-dependent text is a tuple (v1, v2); None = absent.
# ---------------------------------------------------------------------------------------------

FRONT: list[tuple[Any, ...]] = [
    ("title", "Clinical Commissioning Policy: Therapeutic Immunoglobulin (Ig) in Adults and Children"),
    ("p", "Reference: FIX-IG-001. Prepared by an invented commissioning team for software testing."),
    ("h", 1, "1. Executive summary"),
    ("p", ("This policy sets out when immunoglobulin is routinely commissioned, which patients are "
          "eligible, and how the response to treatment is reviewed. Supplies are limited, so every "
          "request is checked against the criteria below by a local immunoglobulin assessment panel.")),
    ("h", 2, "1.1 Plain language summary"),
    ("p", ("Immunoglobulin is a blood product made from the pooled plasma of many donors. It supplies "
          "antibodies to people who cannot make enough of their own and calms the immune system in "
          "some autoimmune conditions. This summary explains:")),
    ("b", "• Who can receive immunoglobulin and for how long"),
    ("b", "• How doses are worked out and reviewed"),
    ("b", ("• New indications section", None)),
    ("b", "• Where to find the criteria for each condition"),
    ("h", 1, "2. Links and updates to other policies"),
    ("p", ("This document replaces the previous national guidance on immunoglobulin and should be read "
          "alongside the demand management programme for blood products.")),
    ("b", (None, "• Commissioning Criteria Policy for the use of therapeutic immunoglobulin (Ig) England, 2024")),
    ("h", 1, "3. Scope and eligibility"),
    ("h", 2, "3.1 Who the policy applies to"),
    ("p", ("The policy applies to adults and children treated in specialist centres. Prescribers must "
          "record each request, the indication, the dose and the outcome in the national database "
          "before supply is released.")),
    ("h", 2, "3.2 Dose calculation"),
    ("p", ("Doses for adults are calculated on adjusted body weight where the body mass index is above "
          "30. Prescribers should round doses to the nearest vial size to limit wastage, and should "
          "consider antiinflammatory alternatives wherever the evidence supports them.")),
    ("h", 3, "3.2.1 Switching between products"),
    ("p", ("Switching between brands is acceptable for supply reasons, provided the first infusion of a "
          "new product is given under observation in a setting able to manage hypersensitivity.")),
    ("h", 1, "4. General notes: Dosing optimisation in neurology for maintenance"),
    ("p", (("An ongoing issue for diseases that require long-term Ig treatment is that once significant and "
           "functional responsiveness to intravenous Ig (IVIg) is demonstrated for a patient using standard "
           "immunomodulatory dosing, the 'maintenance' dosing required to maintain the therapeutic response "
           "is not well characterised. In this update, the dosing recommendations for some neurological "
           "indications include 'time to relapse' as the interval between doses. This approach is supported "
           "by evidence from The Oxford Programme for Immunomodulatory Immunoglobulin Therapy, which was set "
           "up to review multifocal motor neuropathy (MMN) and chronic inflammatory demyelinating "
           "polyradiculoneuropathy (CIDP) treatment with immunoglobulin. In view of the uncertainty of both "
           "remission and disease progression in CIDP and MMN, The Oxford Programme reviewed the dose and "
           "infusion frequency of patients on a regular basis and showed that increasing the infusion interval "
           "proved successful in some patients and resulted in treatment discontinuation."),
           ("An ongoing issue for diseases that require long-term Ig treatment is that once significant and "
           "functional responsiveness to intravenous Ig (IVIg) is demonstrated for a patient using standard "
           "immunomodulatory dosing, the 'maintenance' dosing required to maintain the therapeutic response "
           "is not well characterised. In this update, the dosing recommendations for some neurological "
           "indications include 'time to relapse' as the interval between doses. This approach is supported "
           "by evidence from The Oxford Programme for Immunomodulatory Immunoglobulin Therapy, which was set "
           "up to review multifocal motor neuropathy (MMN) and chronic inflammatory demyelinating "
           "polyradiculoneuropathy (CIDP) treatment with immunoglobulin. In view of the uncertainty of both "
           "remission and disease progression in CIDP and MMN, The Oxford Programme reviewed the dose and "
           "infusion frequency of patients on a regular basis and showed that increasing the infusion interval "
           "proved successful in some patients and resulted in treatment discontinuation. Very rarely, a small "
           "minority of patients with CIDP and MMN may require higher doses of Ig (> 2g/kg/every 6 weeks) as "
           "maintenance treatment. Such patients should be closely monitored either in or in close liaison with "
           "specialist centres with specific expertise in the management of autoimmune neuropathies. Regular "
           "reasonable disease-relevant attempts should be made to establish continued requirements or the "
           "minimum effective dose by supported cessation trials, down titration of dose or extending the "
           "interval between infusions."))),
    ("h", 1, "Appendix A: Indications by specialty"),
    ("p", ("Each entry gives the specialty, whether use is short or long term, the selection and exclusion "
          "criteria, the recommended dose and the outcome measures used to review treatment.")),
]

# Each indication: name, specialty, use, layout ("headed"|"table"), fields [(label, items)].
IMMUNOLOGY = [
    {"name": (("Haematopoietic stem cell transplantation (HSCT) in primary immunodeficiencies (PID) / inborn "
              "errors of immunity (IEI) – long term use long term use"),
              ("Haematopoietic stem cell transplantation (HSCT) in primary immunodeficiencies (PID) / inborn "
              "errors of immunity (IEI) – long term use")),
     "specialty": "Immunology", "use": "Long term", "layout": "headed",
     "fields": [
         ("Selection criteria", [("• Patients with a primary immunodeficiency awaiting or recovering from "
                                 "transplantation, where antibody production has not yet been restored"),
                                 "• Confirmation by the transplant centre that replacement is still required"]),
         ("Exclusion criteria", [("Patients with documented recovery of B-cell function and normal "
                                 "vaccine responses after transplantation.")]),
         ("Recommended dose", ["0.4 g/kg every 4 weeks, adjusted to keep the trough IgG above 8 g/L."]),
         ("Outcome measures", ["• Number of serious bacterial infections per year",
                               "• Trough IgG level every three months"]),
     ]},
    {"name": "Secondary antibody deficiency – long term use",
     "specialty": "Immunology", "use": "Long term", "layout": "headed",
     "fields": [
         ("Selection criteria", [
             ("Replacement may be considered for patients with an underlying cause of hypogammaglobulinaemia "
             "who meet all of the following:"),
             "• Recurrent or severe bacterial infection despite prophylactic antibiotics for at least six months",
             "• Serum IgG below 4 g/L, excluding paraprotein",
             (("• In patients developing hypogammaglobinaemia associated with B-cell aplasia as a consequence of "
              "Chimeric Antigen Receptor – T cell therapy (CAR-T cells) targeted against B cell antigens, the "
              "prophylactic use of Ig in the absence of a burden of severe infections and vaccine challenge may "
              "be appropriate"),
              ("• In patients developing hypogammaglobinaemia associated with B-cell aplasia as a consequence of "
              "Chimeric Antigen Receptor – T cell therapy (CAR-T cells) targeted against B cell or plasma cell "
              "antigens, the prophylactic use of Ig in the absence of a burden of severe infections and vaccine "
              "challenge may be appropriate")),
             "• Use of Ig post-CAR-T cell therapy in B-cell lymphoma",
             ("The need for Ig replacement in patients receiving CAR-T cell therapy for B-cell lymphoma is variable "
             "ranging between 31% to 64% in published studies highlighting faster B-cell recovery in this group "
             "in contrast to patients with B-cell acute lymphoblastic leukaemia"),
             (None, ("• Use of Ig at inception of bi-specific antibody treatment in patients with myeloma and "
                    "B-cell lymphoma")),
             (None, ("Many patients in these disease groups will have a low serum IgG at baseline due to previous "
                    "chemo-immunotherapy, including CD20 and CD38 depleting agents.")),
             (None, ("The prophylactic use of Ig would be appropriate in patients with a serum IgG of < 4g/l at "
                    "the time of commencement of a bi-specific antibody.")),
         ]),
         ("Exclusion criteria", [("Patients whose infections are explained by structural lung disease alone, "
                                 "or who have not had a trial of prophylactic antibiotics.")]),
         ("Recommended dose", [("Initial dose 0.4 g/kg every 4 weeks, titrated to clinical effect. A trial "
                               "off treatment should be considered after twelve months during the summer.")]),
         ("Outcome measures", ["• Reduction in the number of infections requiring hospital admission",
                               "• Days lost from work or school",
                               "• Trough IgG level"]),
     ]},
    {"name": "Specific antibody deficiency with normal IgG – long term use",
     "specialty": "Immunology", "use": "Long term", "layout": "table",
     "fields": [
         ("Eligibility criteria", ["• Recurrent sinopulmonary infection confirmed by a specialist",
                                   "• Failure to respond to pneumococcal polysaccharide vaccination"]),
         ("Exclusion Criteria", ["Isolated IgG subclass deficiency without infection."]),
         ("Dosage", ["0.4 g/kg every 4 weeks for twelve months, then review."]),
         ("Review", ["Infection diary and antibiotic courses compared with the year before treatment."]),
     ]},
]

HAEMATOLOGY = [
    {"name": "Acquired red cell aplasia associated with chronic parvovirus B19 infection – short term use",
     "specialty": "Haematology", "use": "Short term", "layout": "table", "title_row": True,
     "fields": [
         ("Selection criteria", ["• Parvovirus B19 infection confirmed by PCR,", "AND",
                                 "• Evidence of high viral load, usually above 10^{9} IU/ml",
                                 "• Transfusion-dependent anaemia with reticulocytopenia"]),
         ("Exclusion criteria", ["Red cell aplasia from a drug or thymoma without evidence of infection."]),
         ("Recommended dose", ["0.4 g/kg daily for 5 days; a second course may be given on relapse."]),
         ("Outcome measures", ["Reticulocyte count and haemoglobin at four weeks; viral load by PCR."]),
     ]},
    {"name": ("Covid vaccine-induced thrombosis and thrombocytopenia (VITT)",
              ("Covid vaccine-induced immune thrombotic thrombocytopenia (VITT) or a syndrome of anti-PF4 (platelet "
              "factor 4) associated immune-mediated thrombosis and thrombocytopenia")),
     "specialty": "Haematology", "use": "Short term", "layout": "headed",
     "intro": [("See NICE guideline NG200", None)],
     "fields": [
         ("Selection criteria", [("Suspected or confirmed VITT with a platelet count below 150 x 10^{9}/L and "
                                 "a positive anti-PF4 assay, after discussion with the haematology on-call team.")]),
         ("Exclusion criteria", ["Thrombocytopenia with another clear cause."]),
         ("Recommended dose", ["1 g/kg daily for 2 days."]),
         ("Outcome measures", ["Platelet count daily until stable; extension of thrombosis on imaging."]),
     ]},
    {"name": "Prevention of delayed haemolytic transfusion reaction – short term use",
     "specialty": "Haematology", "use": "Short term", "layout": "table",
     "fields": [
         ("Selection criteria", [("Patients with a history of hyperhaemolysis who need further transfusion "
                                 "and in whom no compatible alternative is available.")]),
         ("Exclusion criteria", ["Patients able to defer transfusion safely.",
                                 (("Eculizumab is commissioned as a 2nd line treatment where 1st line treatment "
                                  "has failed; Rituximab is recommended as a 3rd line treatment"), None)]),
         ("Place in therapy", ["Ig with corticosteroids is first line.",
                               (None, ("Eculizumab is commissioned as a 2nd line treatment where 1st line treatment "
                                      "has failed; Rituximab is recommended as a 3rd line treatment"))]),
         ("Recommended dose", ["0.4 g/kg daily for 5 days, starting before transfusion."]),
         ("Outcome measures", ["Haemoglobin and markers of haemolysis after transfusion."]),
     ]},
    {"name": "Immune thrombocytopenia (ITP) in adults – short term use",
     "specialty": "Haematology", "use": "Short term", "layout": "headed",
     "fields": [
         ("Selection criteria", [
             "Urgent rise in platelets is needed, for example:",
             ("• Platelet count below 30 x 10^{9}/L with active bleeding",
              "• Platelet count below 20 x 10^{9}/L with active bleeding"),
             "• Before a procedure where the platelet count must be raised quickly",
             "• Pregnancy near delivery with a platelet count unsafe for neuraxial anaesthesia"]),
         ("Exclusion criteria", ["Chronic ITP where a thrombopoietin receptor agonist is the better option."]),
         ("Recommended dose", ["1 g/kg as a single dose, repeated once if needed."]),
         ("Outcome measures", ["Platelet count at day 7 and cessation of bleeding."]),
     ]},
]

NEUROLOGY = [
    {"name": "Acute idiopathic/ autoimmune dysautonomia/ ganglionopathy – short term use",
     "specialty": "Neurology", "use": "Short term", "layout": "headed",
     "fields": [
         ("Selection criteria", [("Severe autonomic failure of subacute onset with ganglionic acetylcholine "
                                 "receptor antibodies or a compatible neurophysiology profile.")]),
         ("Position of immunoglobulin", [
             (("Ig may be required to obtain rapid control, but may be substituted for by prednisolone, mycophenolate "
              "mofetil, plasma exchange or other immunosuppressants which are preferable in the longer term"),
              ("Ig may be required to obtain rapid control, but may be substituted by prednisolone, mycophenolate "
              "mofetil, plasma exchange or other immunosuppressants which are preferable in the longer term"))]),
         ("Recommended dose", ["2 g/kg over 2 to 5 days."]),
         ("Outcome measures", [("• Reduction in in numbers of syncopal and pre-syncopal episodes",
                                "• Reduction in numbers of syncopal and pre-syncopal episodes"),
                               "• Orthostatic blood pressure drop on standing"]),
     ]},
    {"name": "Guillain-Barre syndrome (GBS) and variants – short term use",
     "specialty": "Neurology", "use": "Short term", "layout": "table", "title_row": True,
     "fields": [
         ("Selection criteria", ["• Significant disability (unable to walk unaided) within two weeks of onset",
                                 "• Disease progressing towards respiratory or bulbar weakness",
                                 (None, ("For those disease indications in children and young adults where IVIg and "
                                        "plasma exchange (PLEX) are equally efficacious, IVIg may be preferentially "
                                        "considered if poor peripheral venous access or challenges in service "
                                        "delivery preclude the use of PLEX"))]),
         ("Exclusion criteria", ["Mild disease that is not progressing."]),
         ("Recommended dose", ["2 g/kg over 5 days. A second course is not recommended."]),
         ("Outcome measures", ["GBS disability score at four weeks; time to independent walking."]),
     ]},
    {"name": "Inflammatory Myopathies - Dermatomyositis (DM), Juvenile dermatomyositis (JDM), Polymyositis (PM), "
             "Other inflammatory myopathies – long term use",
     "specialty": "Neurology", "use": "Long term", "layout": "headed",
     "fields": [
         ("Selection criteria", [("Significant muscle weakness or dysphagia despite corticosteroids with at least "
                                 "one other immunosuppressant given for three months.")]),
         ("Recommended dose", ["2 g/kg over 2 to 5 days, then 1 g/kg every 4 weeks for up to 6 months."]),
         ("Outcome measures", [("• CK for baseline and assess how a patient has improved after each infusion or at "
                               "least after 3 infusions."),
                               "• Manual muscle testing and a validated swallowing assessment"]),
     ]},
    {"name": "Stiff person syndrome (SPS) or variant – long term use",
     "specialty": "Neurology", "use": "Long term", "layout": "table",
     "fields": [
         ("Selection criteria", [("Disabling stiffness with anti-GAD antibodies despite benzodiazepines and baclofen "
                                 "at the maximum tolerated doses.")]),
         ("Recommended dose", ["2 g/kg over 2 to 5 days, then up to 1 g/kg every 4 weeks."]),
         ("Outcome measures", [(("• If no significant measurable and functionally meaningful improved in abilities "
                                "had been achieved after 3 doses Ig should be stopped."),
                                ("• If no significant measurable and functionally meaningful improvement in "
                                "abilities had been achieved after 3 doses Ig should be stopped.")),
                               "• Timed walk and stiffness index before each course",
                               # Not on the change form, next to a change that is.
                               (None, "• Falls diary reviewed at each clinic visit")]),
     ]},
    {"name": "Chronic inflammatory demyelinating polyradiculoneuropathy (CIDP) – long term use",
     "specialty": "Neurology", "use": "Long term", "layout": "headed",
     "fields": [
         ("Diagnosis", [("Diagnosis confirmed by a neurologist with expertise in neuromuscular disease using "
                        "accepted electrodiagnostic criteria.")]),
         ("Selection criteria", [("• Significant functional impairment, for example an overall disability score of "
                                 "two or more"),
                                 "• Corticosteroids contraindicated, ineffective or not tolerated",
                                 "• Pure motor CIDP, where corticosteroids can worsen weakness"]),
         ("Exclusion criteria", ["Asymptomatic patients with abnormal nerve conduction only."]),
         ("Recommended dose", [("Induction 2 g/kg over 2 to 5 days, then maintenance of 0.4 to 1 g/kg every 2 to 6 "
                               "weeks, guided by the time to relapse.")]),
         ("Outcome measures", ["• Disability score and grip strength before each infusion",
                               "• A trial of dose reduction every twelve months"]),
     ]},
]

INFECTIOUS = [
    {"name": "Measles (immunosuppressed individuals) – short term use",
     "specialty": "Infectious Diseases", "use": "Short term", "layout": "headed",
     "fields": [
         ("Selection criteria", [("For immunosuppressed contacts Ig is mainstay management",
                                  "For immunosuppressed contacts Ig is the mainstay of management"),
                                 ("Significant exposure to confirmed measles in a person whose immunity cannot be "
                                 "assumed.")]),
         ("Recommended dose", [
             ("0.15 g/kg of Ig recommended ideally within 72 hours of exposure although can be given up to 6 days.",
              "0.15 g/kg of IVIg recommended ideally within 72 hours of exposure although can be given up to 6 days."),
             (("Where exposure recognised late or found to be antibody negative between 6 and 18 days after exposure, "
              "Ig may be considered following discussion with specialist clinician."),
              ("Where exposure recognised late or found to be antibody negative between 6 and 18 days after exposure, "
              "IVIg may be considered following discussion with specialist clinician."))]),
         ("References", [(("Public Health England. Guidelines on Post-Exposure Prophylaxis for measles. Available "
                          "from: Guidelines on Post-Exposure Prophylaxis for measles June 2019 "
                          "(publishing.service.gov.uk)"),
                          ("UK Health Security Agency. National measles guidelines. Available from: National "
                          "measles guidelines July 2024"))]),
     ]},
    {"name": "Measles (pregnant women and infants) – short term use",
     "specialty": "Infectious Diseases", "use": "Short term", "layout": "table",
     "fields": [
         ("Selection criteria", [
             ("Pregnant women who have identified as susceptible based on vaccine history and /or antibody testing "
             "who have had a significant exposure to measles. Infants under 9 months of age with a significant "
             "exposure to measles."),
             ("Advice is available at: https://www.gov.uk/government/publications/measles-post-exposure-prophylaxis",
              "Advice is available at: National measles guidelines - GOV.UK")]),
         ("Recommended dose", [
             "• For pregnant contacts, approximately 3000mg of human normal Ig (HNIG)",
             "• Infants 0.6 ml/kg up to a maximum of 1000mg of HNIG",
             "HNIG to be given within 6 days of exposure in pregnant women and infants.",
             (None, ("The National Measles Guidance (referenced in column 2), Section 2.3.2 recommends these doses "
                    "are administered IM, using the SC formulations, as long as use via this route is "
                    "acknowledged to be off-label."))]),
         ("Outcome measures", ["Measles infection prevented or attenuated."]),
     ]},
    {"name": "Suspected tetanus case – short term use",
     "specialty": "Infectious Diseases", "use": "Short term", "layout": "headed",
     "fields": [
         ("Selection criteria", [
             "Person with clinical symptoms suggestive of localised or generalised tetanus",
             ("(\"in the absence of a more likely diagnosis, an acute illness with muscle spasms or hypertonia AND "
             "diagnosis of tetanus by a healthcare provider\")"),
             (None, ("Guidance on the management of suspected tetanus cases and the assessment and management of "
                    "tetanus-prone wounds - GOV.UK"))]),
         ("Recommended dose", ["Intravenous Ig 5,000 to 10,000 IU as a single dose, depending on product."]),
     ]},
    {"name": "Tetanus prone injury (prophylaxis) – short term use",
     "specialty": "Infectious Diseases", "use": "Short term", "layout": "table",
     "fields": [
         ("Selection criteria", [("High-risk tetanus-prone wound in a person who is not fully immunised or whose "
                                 "immunisation history is uncertain.")]),
         ("Recommended dose", [
             "Tetanus Ig (TIg) 250 IU by intramuscular injection; 500 IU if more than 24 hours have passed.",
             "Ig – subcutaneous (SCIg) / intramuscular (IMIg):",
             (("If TIg (for im use) cannot be sourced, Ig for subcutaneous or intra-muscular use may be given as an "
              "alternative. Based on testing for the presence of anti-tetanus antibodies of alternative Ig products, "
              "the volume required to achieve the recommended dose of 250 IU are included."),
              ("If TIg (for im use) cannot be sourced, Ig for subcutaneous or intra-muscular use may be given as an "
              "alternative. Based on testing for the presence of anti-tetanus antibodies of alternative Ig products, "
              "the volume required to achieve the recommended dose of 250 IU are included: Guidance on the "
              "management of suspected tetanus cases and the assessment and management of tetanus-prone wounds - "
              "GOV.UK."))]),
     ]},
    {"name": "Varicella zoster – short term use",
     "specialty": "Infectious Diseases", "use": "Short term", "layout": "headed",
     "fields": [
         ("Selection criteria", [(("Significant exposure to chickenpox or shingles in a susceptible pregnant woman "
                                  "or immunosuppressed person when antiviral prophylaxis is unsuitable."),
                                  ("Significant exposure to chickenpox or disseminated shingles in a person without "
                                  "varicella antibody who is pregnant, immunosuppressed or a neonate, where oral "
                                  "antivirals cannot be used."))]),
         ("Recommended dose", [("0.2 g/kg of IVIg within 10 days of exposure.",
                                "0.2 g/kg of IVIg as soon as possible and within 10 days of exposure.")]),
     ]},
]

OTHER = [
    {"name": "Autoimmune uveitis - short term use",
     "specialty": "Ophthalmology", "use": "Short term", "layout": "headed",
     "fields": [
         ("Selection criteria", ["Sight-threatening inflammation confirmed by an ophthalmologist."]),
         ("Position of immunoglobulin", [
             (("Ig is reserved for exceptional cases where anti-TNF agents are contra-indicated or ineffective or "
              "associated with intolerable adverse effects and other corticosteroid and immunosuppressive agents are "
              "ineffective. Adalimumab is regarded as the treatment of choice for the treatment of severe, refractory "
              "uveitis and is routinely commissioned by NHS England. (NICE TA460)."),
              ("Ig is reserved for exceptional cases where conventional immunosuppressive agents are contra-indicated "
              "or ineffective or associated with intolerable adverse effects, especially in the context of autoimmune "
              "retinopathy. Adalimumab is regarded as the treatment of choice for other forms of severe, refractory "
              "uveitis and is routinely commissioned by NHS England. (NICE TA460)."))]),
         ("Recommended dose", ["1.5 g/kg over 3 days, repeated every 4 weeks for up to 6 months."]),
         ("Outcome measures", ["Visual acuity and inflammatory activity grading at each course."]),
     ]},
    {"name": "Scleromyxedema – long term use", "versions": (2,),
     "specialty": "Dermatology", "use": "Long term", "layout": "table",
     "fields": [
         ("Selection criteria", [("Biopsy-confirmed scleromyxedema with a monoclonal gammopathy and progressive skin "
                                 "or systemic involvement.")]),
         ("Recommended dose", ["2 g/kg over 2 to 5 days every 4 weeks."]),
         ("Outcome measures", ["Skin score and organ involvement every six months."]),
     ]},
]

# The canonical field each label in this fixture stands for (independent of the reader's lexicon).
CANONICAL = {
    "Selection criteria": "selection_criteria", "Eligibility criteria": "selection_criteria",
    "Exclusion criteria": "exclusion_criteria", "Exclusion Criteria": "exclusion_criteria",
    "Recommended dose": "dose", "Dosage": "dose", "Outcome measures": "outcome_measures",
    "Review": "outcome_measures", "Position of immunoglobulin": "position", "Place in therapy": "position",
    "Diagnosis": "diagnosis", "References": "references",
}

APPENDIX = [
    ("A.1 Use of Immunoglobulin in Immunology", IMMUNOLOGY),
    ("A.2 Use of Immunoglobulin in Haematology", HAEMATOLOGY),
    ("A.3 Use of Immunoglobulin in Neurology", NEUROLOGY),
    ("A.4 Use of Immunoglobulin in Infectious Diseases", INFECTIOUS),
    ("A.5 Use of Immunoglobulin in Other Indications", OTHER),
]

# ---------------------------------------------------------------------------------------------


def pick(value: Any, version: int) -> Any:
    """Return the text of ``value`` for ``version`` (tuples are (v1, v2))."""
    if isinstance(value, tuple):
        return value[version - 1]
    return value


def items_for(items: list[Any], version: int) -> list[str]:
    """The field items present in ``version``."""
    return [text for text in (pick(item, version) for item in items) if text is not None]


@dataclass
class Word:
    """A word as runs of (text, font, size, rise)."""

    runs: list[tuple[str, str, float, float]]

    @property
    def width(self) -> float:
        return sum(stringWidth(text, font, size) for text, font, size, _ in self.runs)


def words_of(text: str, font: str, size: float) -> list[Word]:
    """Split text into words; ``^{..}`` becomes a raised run at 60% size."""
    words: list[Word] = []
    for token in text.split():
        runs: list[tuple[str, str, float, float]] = []
        position = 0
        for match in SUP.finditer(token):
            if match.start() > position:
                runs.append((token[position:match.start()], font, size, 0.0))
            runs.append((match.group(1), font, size * 0.6, size * 0.38))
            position = match.end()
        if position < len(token):
            runs.append((token[position:], font, size, 0.0))
        words.append(Word(runs))
    return words


def wrap(words: list[Word], width: float, stats: dict[str, int]) -> list[list[Word]]:
    """Greedy line breaking; long plain words that overflow are hyphenated."""
    lines: list[list[Word]] = [[]]
    used = 0.0
    queue = list(words)
    while queue:
        word = queue.pop(0)
        space = stringWidth(" ", word.runs[0][1], word.runs[0][2]) if lines[-1] else 0.0
        if used + space + word.width <= width or not lines[-1]:
            lines[-1].append(word)
            used += space + word.width
            continue
        text, font, size, rise = word.runs[0]
        if len(word.runs) == 1 and rise == 0 and word.width > width * 0.6 and re.search(r"[-/]", text[:-1]):
            # A long URL or compound: break after a slash or hyphen, as word processors do.
            cuts = [m.end() for m in re.finditer(r"[-/]", text[:-1])]
            fitting = [c for c in cuts if used + space + stringWidth(text[:c], font, size) <= width]
            if fitting:
                lines[-1].append(Word([(text[:fitting[-1]], font, size, 0.0)]))
                queue.insert(0, Word([(text[fitting[-1]:], font, size, 0.0)]))
                stats["broken_urls"] = stats.get("broken_urls", 0) + 1
            else:
                queue.insert(0, word)
            lines.append([])
            used = 0.0
            continue
        if len(word.runs) == 1 and rise == 0 and text.isalpha() and text.islower() and len(text) >= 10:
            for cut in range(len(text) - 4, 4, -1):
                head = text[:cut] + "-"
                if used + space + stringWidth(head, font, size) <= width:
                    lines[-1].append(Word([(head, font, size, 0.0)]))
                    queue.insert(0, Word([(text[cut:], font, size, 0.0)]))
                    stats["hyphenated"] = stats.get("hyphenated", 0) + 1
                    break
            else:
                queue.insert(0, word)
            lines.append([])
            used = 0.0
            continue
        queue.insert(0, word)
        lines.append([])
        used = 0.0
    return [line for line in lines if line]


@dataclass
class Layout:
    """Pages of drawing operations, filled top to bottom."""

    pages: list[list[tuple[Any, ...]]] = field(default_factory=lambda: [[]])
    y: float = HEIGHT - TOP
    stats: dict[str, int] = field(default_factory=dict)

    @property
    def page(self) -> int:
        return len(self.pages)

    def new_page(self) -> None:
        self.pages.append([])
        self.y = HEIGHT - TOP

    def need(self, height: float) -> None:
        if self.y - height < BOTTOM:
            self.new_page()

    def draw_line(self, x: float, words: list[Word]) -> None:
        """Draw words, merging neighbouring runs of one style into strings with real spaces."""
        runs: list[list[Any]] = []
        for index, word in enumerate(words):
            for number, (text, font, size, rise) in enumerate(word.runs):
                if index and number == 0:
                    text = " " + text
                if runs and runs[-1][1:4] == [font, size, rise]:
                    runs[-1][0] += text
                else:
                    runs.append([text, font, size, rise])
        for text, font, size, rise in runs:
            self.pages[-1].append(("text", x, self.y + rise, font, size, text))
            x += stringWidth(text, font, size)

    def paragraph(self, text: str, *, font: str = REGULAR, size: float = BODY, indent: float = 0.0,
                  after: float = 4.0) -> None:
        bullet = text.startswith("• ")
        body = text[2:] if bullet else text
        x = LEFT + indent + (14.0 if bullet else 0.0)
        lines = wrap(words_of(body, font, size), WIDTH - RIGHT - x, self.stats)
        for number, line in enumerate(lines):
            self.need(LEADING)
            self.y -= LEADING
            if bullet and number == 0:
                self.pages[-1].append(("text", LEFT + indent + 4.0, self.y, REGULAR, size, "•"))
            self.draw_line(x, line)
        self.y -= after

    def heading(self, text: str, level: int) -> None:
        size = HEADING_SIZES[level]
        self.need(size * 1.4 + 8 + 4 * LEADING)
        self.y -= 10.0 if level == 1 else 6.0
        for line in wrap(words_of(text, BOLD, size), WIDTH - LEFT - RIGHT, self.stats):
            self.y -= size * 1.3
            self.draw_line(LEFT, line)
        self.y -= 4.0

    def label_value(self, label: str, value: str) -> None:
        words = words_of(label + ":", BOLD, BODY) + words_of(value, REGULAR, BODY)
        for line in wrap(words, WIDTH - LEFT - RIGHT, self.stats):
            self.need(LEADING)
            self.y -= LEADING
            self.draw_line(LEFT, line)
        self.y -= 3.0

    def table(self, rows: list[tuple[str, list[str]]], title: str | None = None) -> None:
        """Two-column table with ruled cells; a row that does not fit is split across pages.

        ``title`` is drawn first as one bold cell spanning both columns (the entry's name).
        """
        first_width = 150.0
        x0, x1, x2 = LEFT, LEFT + first_width, WIDTH - RIGHT
        pad = 4.0
        if title:
            title_lines = wrap(words_of(title, BOLD, BODY + 1), x2 - x0 - 2 * pad, self.stats)
            self.need(LEADING * (len(title_lines) + 4) + 2 * pad)
            top = self.y
            for line in title_lines:
                self.y -= LEADING
                self.draw_line(x0 + pad, line)
            self.y -= 2 * pad
            self.pages[-1].append(("rect", x0, self.y, x2 - x0, top - self.y))
        for label, items in rows:
            label_lines = wrap(words_of(label, BOLD, BODY), first_width - 2 * pad, self.stats)
            value_lines: list[tuple[float, list[Word], bool]] = []
            for item in items:
                bullet = item.startswith("• ")
                text = item[2:] if bullet else item
                indent = 12.0 if bullet else 0.0
                for number, line in enumerate(wrap(words_of(text, REGULAR, BODY),
                                                   x2 - x1 - 2 * pad - indent, self.stats)):
                    value_lines.append((indent, line, bullet and number == 0))
            pending_label = label_lines
            while value_lines or pending_label:
                available = int((self.y - BOTTOM - 2 * pad) // LEADING)
                count = max(len(value_lines), len(pending_label))
                if available < min(count, 3):
                    self.new_page()
                    continue
                take = min(count, available)
                top = self.y
                for index in range(take):
                    self.y -= LEADING
                    if index < len(pending_label):
                        self.draw_line(x0 + pad, pending_label[index])
                    if index < len(value_lines):
                        indent, line, bullet = value_lines[index]
                        if bullet:
                            self.pages[-1].append(("text", x1 + pad, self.y, REGULAR, BODY, "•"))
                        self.draw_line(x1 + pad + indent, line)
                bottom = self.y - 2 * pad
                self.pages[-1].append(("rect", x0, bottom, x1 - x0, top - bottom))
                self.pages[-1].append(("rect", x1, bottom, x2 - x1, top - bottom))
                self.y = bottom
                value_lines = value_lines[take:]
                pending_label = pending_label[take:]
                if value_lines:
                    self.stats["split_rows"] = self.stats.get("split_rows", 0) + 1
                    self.new_page()
        self.y -= 8.0


def build(version: int) -> tuple[Layout, list[dict[str, Any]]]:
    """Lay out one version; return the layout and the gold indication records."""
    layout = Layout()
    gold: list[dict[str, Any]] = []
    for element in FRONT:
        kind = element[0]
        if kind == "title":
            for line in wrap(words_of(element[1], BOLD, 18.0), WIDTH - LEFT - RIGHT, layout.stats):
                layout.y -= 22.0
                layout.draw_line(LEFT, line)
            layout.y -= 10.0
        elif kind == "h":
            layout.heading(element[2], element[1])
        else:
            text = pick(element[1], version)
            if text is not None:
                layout.paragraph(text)
    for heading, entries in APPENDIX:
        layout.heading(heading, 2)
        for entry in entries:
            if version not in entry.get("versions", (1, 2)):
                continue
            name = pick(entry["name"], version)
            fields = [(label, items_for(items, version)) for label, items in entry["fields"]]
            first_page = layout.page
            if entry["layout"] == "headed":
                layout.heading(name, 3)
                for text in items_for(entry.get("intro", []), version):
                    layout.paragraph(text)
                layout.label_value("Specialty", entry["specialty"])
                layout.label_value("Short or long term use", entry["use"])
                for label, items in fields:
                    layout.need(LEADING * 3)
                    layout.paragraph(label, font=BOLD, after=2.0)
                    for item in items:
                        layout.paragraph(item)
            else:
                rows = [("Specialty", [entry["specialty"]]), ("Short or long term use", [entry["use"]])] + fields
                if entry.get("title_row"):
                    layout.table(rows, title=name)
                else:
                    layout.table([("Indication", [name])] + rows)
            gold.append({"name": SUP.sub(_superscript, name), "specialty": entry["specialty"],
                         "use": entry["use"].lower(), "layout": entry["layout"],
                         "pages": [first_page, layout.page],
                         "fields": {CANONICAL[label]: {"label": label, "text": "\n".join(
                             SUP.sub(_superscript, item) for item in items)} for label, items in fields}})
    return layout, gold


_SUPERSCRIPTS = str.maketrans("0123456789+-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻")


def _superscript(match: re.Match[str]) -> str:
    return match.group(1).translate(_SUPERSCRIPTS)


def render(layout: Layout, path: Path, version: int) -> None:
    """Draw the layout with running header and footer into ``path``."""
    canvas = Canvas(str(path), pagesize=A4, invariant=1, pageCompression=0)
    canvas.setTitle(f"Therapeutic immunoglobulin policy (fixture, version {version})")
    canvas.setAuthor("extractor test fixtures")
    total = len(layout.pages)
    for number, operations in enumerate(layout.pages, start=1):
        canvas.setFont(REGULAR, 8)
        canvas.drawString(LEFT, HEIGHT - 40, HEADER_TEXT)
        canvas.drawRightString(WIDTH - RIGHT, HEIGHT - 40, f"Version {version}.0")
        canvas.line(LEFT, HEIGHT - 46, WIDTH - RIGHT, HEIGHT - 46)
        canvas.drawCentredString(WIDTH / 2, 40, f"Page {number} of {total}")
        canvas.setFont(REGULAR, 7)
        canvas.drawCentredString(WIDTH / 2, 30, FOOTER_TEXT)
        canvas.setLineWidth(0.6)
        for operation in operations:
            if operation[0] == "text":
                _, x, y, font, size, text = operation
                canvas.setFont(font, size)
                canvas.drawString(x, y, text)
            else:
                _, x, y, w, h = operation
                canvas.rect(x, y, w, h, stroke=1, fill=0)
        canvas.showPage()
    canvas.save()


def main(argv: list[str] | None = None) -> int:
    """Write both versions and their gold records; print what each exercises."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out-dir", default=str(ROOT / "corpora" / "policies"))
    parser.add_argument("--gold-dir", default=str(ROOT / "corpora" / "gold" / "policy"))
    args = parser.parse_args(argv)
    out_dir, gold_dir = Path(args.out_dir), Path(args.gold_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    gold_dir.mkdir(parents=True, exist_ok=True)
    for version in (1, 2):
        layout, gold = build(version)
        name = f"ig_policy_v{version}"
        render(layout, out_dir / f"{name}.pdf", version)
        record = {"source": f"corpora/policies/{name}.pdf", "pages": len(layout.pages),
                  "note": "Generated by scripts/make_policy_pdfs.py from the same source as the PDF.",
                  "indications": copy.deepcopy(gold)}
        (gold_dir / f"{name}.json").write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n",
                                               encoding="utf-8")
        spanning = [(g["layout"], g["name"][:40]) for g in gold if g["pages"][0] != g["pages"][1]]
        print(f"{name}: {len(layout.pages)} pages, {len(gold)} indications, stats {layout.stats}, "
              f"spanning pages: {spanning}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
