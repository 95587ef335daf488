"""Write two immunoglobulin policies in the styles of other health systems, as PDF and DOCX, with gold.

Written blind: the content and layouts were chosen without reading the policy parser, to measure
how far a reader developed on NHS England's layout (``make_policy_pdfs.py``) generalises. The
wording is invented for testing (paraphrasing how such documents put things); it is not
clinical guidance.

Documents (:data:`DOCUMENTS`):

* ``au_ig_criteria`` — in the style of Australia's "Criteria for the Clinical Use of
  Immunoglobulin": unnumbered headings (a chapter "Conditions" with one heading per condition),
  each condition's fields as a bold coloured label paragraph ("Specialty", "Indication for use",
  "Qualifying criteria", "Review criteria", "Dose", "Exclusion criteria") followed by its
  paragraphs and bullets; qualifying criteria joined by bold "AND"/"OR" lines; doses split into
  "Initial:" and "Maintenance:" lines; general sections before and after the conditions
  ("Dose calculation", "Glossary") that are not entries.
* ``ca_ig_guidelines`` — in the style of a Canadian provincial immune globulin utilization
  guideline: numbered sections ("3.2 Multifocal motor neuropathy") grouped under specialty
  chapters ("3. Neurology"), fields as bold run-in labels ("Recommended:", "Not recommended:",
  "Dose:", "Monitoring:") starting paragraphs, an unlabelled background paragraph before them,
  and one chapter ("5. Immunology") as a table with one condition per row and the fields as
  columns. Specialty is the chapter's title; the use (short/long term) is not stated.

Each document is printed from HTML with headless Chromium (Playwright,
``executable_path=/usr/bin/chromium``, A4, a running footer with "Page X of Y") and written as
DOCX with python-docx (``Title``/``Heading 1``/``Heading 2`` styles, ``List Bullet`` lists, bold
runs for labels, a real table, a footer with a PAGE field).

Gold (``corpora/gold/policy/blind/<document>_<pdf|docx>.json``), in the format of
``corpora/gold/policy/`` plus the expected ``sections`` (number, title, level and, for the PDF,
the page, found by searching the page texts with pypdfium2 — not with this project's reader).
Score with ``python evaluation/policy_eval.py --blind``.

Run (needs Chromium; CI does not run this, the outputs are committed)::

    python scripts/make_policy_blind.py
"""

from __future__ import annotations

import argparse
import html
import json
import re
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "corpora" / "policies" / "blind"
GOLD = ROOT / "corpora" / "gold" / "policy" / "blind"
CHROMIUM = "/usr/bin/chromium"
SUPERSCRIPTS = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789", strict=True))
CONNECTIVES = ("AND", "OR")

# ---------------------------------------------------------------------------------------------
# Content. Blocks: ("title", text) | ("h", level, number|None, title) | ("p", text)
# | ("ul", [items]) | ("entry", {...}) | ("table", {...}).
# Field items: plain strings are paragraphs, "• " strings bullets, "AND"/"OR" connective lines.
# ---------------------------------------------------------------------------------------------

AU_ENTRIES: list[dict[str, Any]] = [
    {"name": "Chronic inflammatory demyelinating polyneuropathy (CIDP)", "specialty": "Neurology",
     "use": "long term",
     "fields": [
         ("indication_for_use", "Indication for use",
          [("Long-term induction and maintenance therapy in adults with CIDP, including IgG and IgA "
           "paraproteinaemic demyelinating neuropathy.")]),
         ("selection_criteria", "Qualifying criteria",
          ["• Diagnosis of CIDP confirmed by a neurologist on clinical and electrodiagnostic grounds",
           "AND",
           "• Significant disability, with an INCAT disability score of 2 or more",
           "AND",
           "• Corticosteroids are contraindicated, ineffective or not tolerated"]),
         ("outcome_measures", "Review criteria",
          ["Review by a neurologist within 4 months of starting and then every 12 months.",
           "• Improvement of at least 1 point on the INCAT disability score",
           "• A trial of dose reduction or cessation at least once every 2 years in stable patients"]),
         ("dose", "Dose",
          ["Initial: 2 g/kg in 2 to 5 divided doses.",
           ("Maintenance: 0.4–1 g/kg every 2 to 6 weeks, titrated to the lowest effective dose. The "
           "maximum is 2 g/kg in any 4-week period.")]),
         ("exclusion_criteria", "Exclusion criteria",
          ["Demyelinating neuropathy associated with an IgM paraprotein and anti-MAG antibodies."]),
     ]},
    {"name": "Immune thrombocytopenia (ITP) in adults", "specialty": "Haematology", "use": "short term",
     "fields": [
         ("indication_for_use", "Indication for use",
          [("Short-term treatment of newly diagnosed or relapsed ITP with bleeding or a high risk of "
           "bleeding.")]),
         ("selection_criteria", "Qualifying criteria",
          ["• Platelet count below 30 × 10⁹/L",
           "AND",
           "• Clinically significant bleeding",
           "OR",
           "• Platelet count below 20 × 10⁹/L before a planned surgical or dental procedure"]),
         ("outcome_measures", "Review criteria",
          ["Platelet count before any further dose and 1 week after each dose.",
           "• Platelet count above 30 × 10⁹/L, or bleeding stopped"]),
         ("dose", "Dose",
          ["Initial: 1 g/kg as a single dose, repeated once within 3 days if required.",
           "Maintenance: not applicable; a further course needs a new request."]),
         ("exclusion_criteria", "Exclusion criteria",
          ["Patients without bleeding whose platelet count is 30 × 10⁹/L or more."]),
     ]},
    {"name": "Kawasaki disease", "specialty": "Paediatrics", "use": "short term",
     "fields": [
         ("indication_for_use", "Indication for use",
          ["Short-term treatment of Kawasaki disease in children, given with aspirin."]),
         ("selection_criteria", "Qualifying criteria",
          ["• Diagnosis of complete or incomplete Kawasaki disease by a paediatrician",
           "AND",
           ("• Treatment can start within 10 days of the onset of fever, or later if fever or raised "
           "inflammatory markers persist")]),
         ("outcome_measures", "Review criteria",
          ["Resolution of fever within 36 hours of the infusion; echocardiography at 6 to 8 weeks."]),
         ("dose", "Dose",
          ["Initial: 2 g/kg as a single infusion over 10 to 12 hours.",
           ("Maintenance: a second dose of 2 g/kg may be given if fever persists 36 hours after the "
           "first.")]),
     ]},
    {"name": "Myasthenia gravis (MG)", "specialty": "Neurology", "use": "short term",
     "fields": [
         ("indication_for_use", "Indication for use",
          [("Short-term treatment of myasthenic crisis or a severe exacerbation, and preparation for "
           "thymectomy or other surgery.")]),
         ("selection_criteria", "Qualifying criteria",
          ["• Myasthenic crisis or a severe exacerbation with bulbar or respiratory involvement",
           "OR",
           "• Preparation for thymectomy in a patient with significant weakness",
           "OR",
           "• Moderate to severe MG where other immunosuppression has failed or is contraindicated"]),
         ("outcome_measures", "Review criteria",
          ["• Improvement of at least 3 points in the quantitative MG score",
           "• Time to extubation or discharge from intensive care"]),
         ("dose", "Dose",
          ["Initial: 2 g/kg in 2 to 5 divided doses.",
           ("Maintenance: 0.4–1 g/kg every 4 to 6 weeks, only for patients meeting the third "
           "criterion; review after 6 months.")]),
         ("exclusion_criteria", "Exclusion criteria",
          ["Ocular myasthenia gravis without generalised weakness."]),
     ]},
    {"name": "Specific antibody deficiency", "specialty": "Immunology", "use": "long term",
     "fields": [
         ("indication_for_use", "Indication for use",
          ["Long-term replacement therapy for specific antibody deficiency with recurrent infections."]),
         ("selection_criteria", "Qualifying criteria",
          ["• Serum IgG within the reference range",
           "AND",
           ("• Failure to respond to a pneumococcal polysaccharide vaccine challenge, with fewer than "
           "50% of serotypes reaching protective levels"),
           "AND",
           ("• Three or more severe bacterial infections in the previous 12 months despite 6 months of "
           "prophylactic antibiotics")]),
         ("outcome_measures", "Review criteria",
          ["Review by an immunologist at 12 months.",
           "• Fewer infections needing antibiotics or admission than in the year before treatment",
           "• A planned trial off treatment after 2 years"]),
         ("dose", "Dose",
          ["Initial: 0.4 g/kg every 4 weeks.",
           ("Maintenance: 0.4–0.6 g/kg every 4 weeks; subcutaneous dosing may be used at an "
           "equivalent weekly dose.")]),
         ("exclusion_criteria", "Exclusion criteria",
          ["IgG subclass deficiency without a demonstrated failure of vaccine response."]),
     ]},
]

AU_BLOCKS: list[tuple[Any, ...]] = [
    ("title", "Criteria for the Clinical Use of Immunoglobulin (invented test edition)"),
    ("p", "Version 1.0. Prepared for software testing; not clinical guidance."),
    ("h", 1, None, "About the criteria"),
    ("p", ("These criteria identify the conditions and circumstances in which immunoglobulin (Ig) "
           "products are funded under the national arrangements. They are not clinical practice "
           "guidelines. Each request is assessed against the qualifying criteria for the condition, "
           "and continued supply depends on a documented review against its review criteria.")),
    ("h", 2, None, "Principles"),
    ("ul", ["Where a safe, effective and affordable alternative exists, it is preferred to Ig.",
            "The lowest dose for the shortest time needed to reach the intended outcome should be used.",
            "Ongoing therapy needs measurable clinical benefit; Ig should stop where none is shown."]),
    ("h", 2, None, "Dose calculation"),
    ("p", ("Doses for adults are calculated on adjusted body weight where the body mass index is 30 "
           "or more, and rounded to the nearest whole vial. Review criteria for each condition say "
           "when the response must be assessed; a request for continuing therapy is declined if the "
           "review has not been recorded.")),
    ("h", 1, None, "Conditions"),
    ("p", ("Conditions are listed in alphabetical order. Each gives its specialty, the indication for "
          "use, the qualifying and review criteria, the dose and any exclusions.")),
    *[("entry", entry) for entry in AU_ENTRIES],
    ("h", 1, None, "Glossary"),
    ("p", ("AND: every criterion joined by AND must be met. OR: at least one of the criteria joined "
          "by OR must be met.")),
    ("p", "INCAT: Inflammatory Neuropathy Cause and Treatment disability score."),
]

CA_ENTRIES = [
    {"name": "Guillain–Barré syndrome (GBS)", "number": "3.1",
     "background": ("GBS is an acute immune-mediated polyneuropathy. IVIG and plasma exchange are "
                    "equally effective; the choice depends on local availability."),
     "fields": [
         ("selection_criteria", "Recommended",
          [("IVIG is recommended for adults and children with GBS who cannot walk unaided (GBS "
           "disability score of 3 or more) within 2 weeks of the onset of symptoms.")]),
         ("exclusion_criteria", "Not recommended",
          [("Mild GBS in patients who can walk unaided, or a routine second course in patients who "
           "do not improve after the first.")]),
         ("dose", "Dose", ["2 g/kg adjusted body weight divided over 2 to 5 days."]),
         ("outcome_measures", "Monitoring",
          ["GBS disability score and forced vital capacity during the admission."]),
     ]},
    {"name": "Multifocal motor neuropathy (MMN)", "number": "3.2",
     "background": ("MMN is a rare, slowly progressive, asymmetric motor neuropathy. Corticosteroids "
                    "are not effective and may worsen weakness."),
     "fields": [
         ("selection_criteria", "Recommended",
          ["IVIG is recommended as first-line therapy when weakness causes functional disability and:",
           "• conduction block is shown in at least one motor nerve on nerve conduction studies",
           "• there are no upper motor neuron signs"]),
         ("exclusion_criteria", "Not recommended", ["Patients without functional impairment."]),
         ("dose", "Dose",
          [("Induction: 2 g/kg adjusted body weight over 2 to 5 days. Maintenance: 1 g/kg every 2 to "
           "4 weeks, or 2 g/kg every 4 to 8 weeks, adjusted to the lowest effective dose.")]),
         ("outcome_measures", "Monitoring",
          [("Grip strength and a disability scale before each of the first three courses, and at "
           "least yearly thereafter.")]),
     ]},
    {"name": "Fetal and neonatal alloimmune thrombocytopenia (FNAIT)", "number": "4.1",
     "background": ("FNAIT follows maternal alloimmunisation against a paternal platelet antigen and "
                    "can cause intracranial hemorrhage in the fetus."),
     "fields": [
         ("selection_criteria", "Recommended",
          [("Antenatal IVIG is recommended for pregnant women with a previous pregnancy affected by "
           "FNAIT and a confirmed antiplatelet alloantibody.")]),
         ("exclusion_criteria", "Not recommended",
          [("Alloantibodies found by screening without a previously affected pregnancy, outside a "
           "research study.")]),
         ("dose", "Dose",
          [("1 g/kg per week from 16 to 20 weeks' gestation, increased to 2 g/kg per week in "
           "high-risk pregnancies.")]),
         ("outcome_measures", "Monitoring", ["Fetal growth scans; neonatal platelet count at birth."]),
     ]},
    {"name": "Post-transfusion purpura (PTP)", "number": "4.2",
     "background": "PTP is a rare, severe thrombocytopenia 5 to 12 days after a transfusion.",
     "fields": [
         ("selection_criteria", "Recommended",
          ["IVIG is recommended for PTP with a platelet count below 10 × 10⁹/L or with bleeding."]),
         ("dose", "Dose", ["1 g/kg daily for 2 days."]),
         ("outcome_measures", "Monitoring", ["Platelet count daily until above 50 × 10⁹/L."]),
     ]},
]

CA_TABLE = {
    "caption": "Table 1. Replacement therapy in antibody deficiency",
    "columns": [("name", "Condition"), ("selection_criteria", "Recommended"), ("dose", "Dose"),
                ("outcome_measures", "Monitoring")],
    "rows": [
        {"name": "Primary immunodeficiency with antibody deficiency",
         "selection_criteria": ("Recommended for patients with a confirmed inborn error of immunity and "
                                "impaired antibody production, such as common variable immunodeficiency "
                                "or X-linked agammaglobulinemia."),
         "dose": ("0.4–0.6 g/kg every 3 to 4 weeks intravenously, or the equivalent weekly dose "
                  "subcutaneously."),
         "outcome_measures": "Trough IgG every 6 months; infection frequency."},
        {"name": "Secondary hypogammaglobulinemia",
         "selection_criteria": ("Recommended for patients with chronic lymphocytic leukemia, myeloma or "
                                "after CAR-T therapy, with IgG below 4 g/L and recurrent or severe "
                                "bacterial infections despite prophylactic antibiotics."),
         "dose": "0.4 g/kg every 4 weeks; review the need for treatment every 12 months.",
         "outcome_measures": ("Infection frequency and antibiotic use; a trial off therapy in the "
                              "summer months.")},
    ],
}

CA_BLOCKS: list[tuple[Any, ...]] = [
    ("title", "Immune Globulin (IG) Utilization Guidelines (invented test province)"),
    ("p", "Version 2.1. Prepared for software testing; not clinical guidance."),
    ("h", 1, "1", "Introduction"),
    ("p", ("These guidelines set out the conditions for which intravenous and subcutaneous immune "
           "globulin (IVIG, SCIG) are recommended in the province. Requests outside them need the "
           "approval of a transfusion medicine physician.")),
    ("h", 1, "2", "General principles"),
    ("h", 2, "2.1", "Dose calculation"),
    ("p", ("IG doses are prescribed per kilogram of adjusted body weight and rounded to the nearest "
           "vial size. The dose for each condition below is the usual adult dose.")),
    ("h", 2, "2.2", "Review of ongoing therapy"),
    ("p", ("For maintenance therapy, effectiveness should be assessed no later than 6 months after "
           "starting and at least yearly thereafter, with a trial of dose reduction where the "
           "condition is stable.")),
    ("h", 1, "3", "Neurology"),
    *[("entry", e) for e in CA_ENTRIES[:2]],
    ("h", 1, "4", "Hematology"),
    *[("entry", e) for e in CA_ENTRIES[2:]],
    ("h", 1, "5", "Immunology"),
    ("p", "Replacement therapy for antibody deficiency is summarized in Table 1."),
    ("table", CA_TABLE),
    ("h", 1, "6", "Adjusted body weight calculation"),
    ("p", ("Adjusted body weight = ideal body weight + 0.4 × (actual body weight − ideal body "
           "weight), used when the actual weight exceeds the ideal weight by 20% or more.")),
]

DOCUMENTS: dict[str, dict[str, Any]] = {
    "au_ig_criteria": {"style": "au", "blocks": AU_BLOCKS,
                       "footer": "Criteria for the clinical use of immunoglobulin (invented test edition)"},
    "ca_ig_guidelines": {"style": "ca", "blocks": CA_BLOCKS,
                         "footer": "IG Utilization Guidelines (invented test province)"},
}

CSS = {
    "au": """
        body { font-family: 'Liberation Sans', Arial, sans-serif; font-size: 10pt; line-height: 1.35; }
        .doc-title { font-size: 20pt; font-weight: bold; color: #1d4f5e; margin: 0 0 6pt 0; }
        h1 { font-size: 16pt; color: #1d4f5e; border-bottom: 1.5pt solid #1d4f5e; margin: 18pt 0 6pt 0; }
        h2 { font-size: 13pt; color: #2a7185; margin: 16pt 0 4pt 0; }
        p { margin: 3pt 0; }
        .label { font-weight: bold; color: #2a7185; font-size: 10.5pt; margin: 8pt 0 2pt 0; }
        .conn { font-weight: bold; margin: 2pt 0 2pt 14pt; }
        ul { margin: 2pt 0; padding-left: 18pt; }
    """,
    "ca": """
        body { font-family: 'Liberation Serif', 'Times New Roman', serif; font-size: 11pt; line-height: 1.3; }
        .doc-title { font-size: 18pt; font-weight: bold; text-align: center; margin: 0 0 4pt 0; }
        .doc-title + p { text-align: center; font-style: italic; }
        h1 { font-size: 14pt; margin: 16pt 0 4pt 0; }
        h2 { font-size: 12pt; margin: 12pt 0 4pt 0; }
        p { margin: 4pt 0; text-align: justify; }
        ul { margin: 2pt 0 2pt 0; padding-left: 22pt; }
        table { border-collapse: collapse; width: 100%; margin-top: 6pt; font-size: 10pt; }
        th, td { border: 0.75pt solid #444; padding: 3pt 5pt; vertical-align: top; text-align: left; }
        th { background: #e4e4e4; }
        caption { caption-side: top; text-align: left; font-weight: bold; margin-bottom: 3pt; }
    """,
}


def _html_text(text: str) -> str:
    """Escape and typeset Unicode superscript digits as <sup>."""
    out = html.escape(text)
    return re.sub("[⁰¹²³⁴⁵⁶⁷⁸⁹]+", lambda m: "<sup>" + "".join(SUPERSCRIPTS[c] for c in m.group()) + "</sup>",
                  out)


def _html_items(items: list[str], lead: str = "") -> str:
    """Paragraphs, bullet lists (<ul>) and connective lines; ``lead`` prefixes the first paragraph."""
    parts: list[str] = []
    bullets: list[str] = []

    def flush() -> None:
        if bullets:
            parts.append("<ul>" + "".join(f"<li>{b}</li>" for b in bullets) + "</ul>")
            bullets.clear()

    for i, item in enumerate(items):
        if item.startswith("• "):
            bullets.append(_html_text(item[2:]))
            continue
        flush()
        if item in CONNECTIVES:
            parts.append(f'<p class="conn">{item}</p>')
        else:
            parts.append(f"<p>{lead if i == 0 else ''}{_html_text(item)}</p>")
    flush()
    return "".join(parts)


def to_html(doc: dict[str, Any]) -> str:
    """The document as one HTML page."""
    style, body = doc["style"], []
    for block in doc["blocks"]:
        kind = block[0]
        if kind == "title":
            body.append(f'<p class="doc-title">{_html_text(block[1])}</p>')
        elif kind == "h":
            _, level, number, title = block
            text = f"{number}. {title}" if number and "." not in number else (f"{number} {title}" if number else title)
            body.append(f"<h{level}>{_html_text(text)}</h{level}>")
        elif kind == "p":
            body.append(f"<p>{_html_text(block[1])}</p>")
        elif kind == "ul":
            body.append(_html_items(["• " + item for item in block[1]]))
        elif kind == "entry" and style == "au":
            entry = block[1]
            body.append(f"<h2>{_html_text(entry['name'])}</h2>")
            body.append('<p class="label">Specialty</p>' + f"<p>{_html_text(entry['specialty'])}</p>")
            for _, label, items in entry["fields"]:
                body.append(f'<p class="label">{html.escape(label)}</p>' + _html_items(items))
        elif kind == "entry":
            entry = block[1]
            body.append(f"<h2>{entry['number']} {_html_text(entry['name'])}</h2>")
            body.append(f"<p>{_html_text(entry['background'])}</p>")
            for _, label, items in entry["fields"]:
                body.append(_html_items(items, lead=f"<b>{html.escape(label)}:</b> "))
        elif kind == "table":
            table = block[1]
            head = "".join(f"<th>{html.escape(label)}</th>" for _, label in table["columns"])
            rows = "".join("<tr>" + "".join(f"<td>{_html_text(row[key])}</td>" for key, _ in table["columns"])
                           + "</tr>" for row in table["rows"])
            body.append(f"<table><caption>{html.escape(table['caption'])}</caption>"
                        f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
    return (f"<!doctype html><html><head><meta charset='utf-8'><style>{CSS[style]}</style></head>"
            f"<body>{''.join(body)}</body></html>")


def write_pdf(doc: dict[str, Any], path: Path) -> None:
    """Print the HTML with headless Chromium, with a running footer "title · Page X of Y"."""
    from playwright.sync_api import sync_playwright

    footer = ("<div style='font-size:8pt; width:100%; margin:0 15mm; color:#555; display:flex; "
              "justify-content:space-between'>"
              f"<span>{html.escape(doc['footer'])}</span>"
              "<span>Page <span class='pageNumber'></span> of <span class='totalPages'></span></span></div>")
    with sync_playwright() as p, tempfile.TemporaryDirectory() as tmp:
        browser = p.chromium.launch(executable_path=CHROMIUM)
        page = browser.new_page()
        source = Path(tmp) / "doc.html"
        source.write_text(to_html(doc), encoding="utf-8")
        page.goto(source.as_uri())
        page.pdf(path=str(path), format="A4", print_background=True, display_header_footer=True,
                 header_template="<span></span>", footer_template=footer,
                 margin={"top": "20mm", "bottom": "22mm", "left": "18mm", "right": "18mm"})
        browser.close()


def _docx_runs(paragraph: Any, text: str, bold: bool = False) -> None:
    """Add ``text`` as runs, Unicode superscript digits as superscript runs."""
    for piece in re.split("([⁰¹²³⁴⁵⁶⁷⁸⁹]+)", text):
        if not piece:
            continue
        if piece[0] in SUPERSCRIPTS:
            run = paragraph.add_run("".join(SUPERSCRIPTS[c] for c in piece))
            run.font.superscript = True
        else:
            run = paragraph.add_run(piece)
        run.bold = bold or None


def _docx_items(document: Any, items: list[str], lead: str | None = None) -> None:
    for i, item in enumerate(items):
        if item.startswith("• "):
            _docx_runs(document.add_paragraph(style="List Bullet"), item[2:])
        elif item in CONNECTIVES:
            _docx_runs(document.add_paragraph(), item, bold=True)
        else:
            paragraph = document.add_paragraph()
            if lead and i == 0:
                _docx_runs(paragraph, lead + ":", bold=True)
                paragraph.add_run(" ")
            _docx_runs(paragraph, item)


def write_docx(doc: dict[str, Any], path: Path) -> None:
    """The document with Word's heading styles, bullet lists, bold label runs and a footer."""
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    document = Document()
    style = doc["style"]
    document.styles["Normal"].font.name = "Liberation Sans" if style == "au" else "Liberation Serif"
    document.styles["Normal"].font.size = Pt(10 if style == "au" else 11)
    for block in doc["blocks"]:
        kind = block[0]
        if kind == "title":
            document.add_heading(block[1], 0)
        elif kind == "h":
            _, level, number, title = block
            text = f"{number}. {title}" if number and "." not in number else (f"{number} {title}" if number else title)
            document.add_heading(text, level)
        elif kind == "p":
            _docx_runs(document.add_paragraph(), block[1])
        elif kind == "ul":
            _docx_items(document, ["• " + item for item in block[1]])
        elif kind == "entry" and style == "au":
            entry = block[1]
            document.add_heading(entry["name"], 2)
            for label, items in [("Specialty", [entry["specialty"]])] + [(lab, it) for _, lab, it in entry["fields"]]:
                paragraph = document.add_paragraph()
                run = paragraph.add_run(label)
                run.bold = True
                run.font.color.rgb = RGBColor(0x2A, 0x71, 0x85)
                paragraph.paragraph_format.space_before = Pt(8)
                _docx_items(document, items)
        elif kind == "entry":
            entry = block[1]
            document.add_heading(f"{entry['number']} {entry['name']}", 2)
            _docx_runs(document.add_paragraph(), entry["background"])
            for _, label, items in entry["fields"]:
                _docx_items(document, items, lead=label)
        elif kind == "table":
            spec = block[1]
            caption = document.add_paragraph()
            _docx_runs(caption, spec["caption"], bold=True)
            table = document.add_table(rows=1 + len(spec["rows"]), cols=len(spec["columns"]))
            table.style = "Table Grid"
            for j, (_, label) in enumerate(spec["columns"]):
                cell = table.rows[0].cells[j]
                _docx_runs(cell.paragraphs[0], label, bold=True)
            for i, row in enumerate(spec["rows"], start=1):
                for j, (key, _) in enumerate(spec["columns"]):
                    _docx_runs(table.rows[i].cells[j].paragraphs[0], row[key])
    footer = document.sections[0].footer.paragraphs[0]
    footer.add_run(doc["footer"] + " · Page ")
    run = footer.add_run()
    for tag, attr in (("w:fldChar", "begin"), ("w:instrText", None), ("w:fldChar", "end")):
        element = OxmlElement(tag)
        if attr:
            element.set(qn("w:fldCharType"), attr)
        else:
            element.set(qn("xml:space"), "preserve")
            element.text = " PAGE "
        run._r.append(element)
    document.core_properties.title = next(b[1] for b in doc["blocks"] if b[0] == "title")
    document.core_properties.author = "test fixture generator"
    document.save(str(path))


# ---------------------------------------------------------------------------------------------
# Gold
# ---------------------------------------------------------------------------------------------

def _field_text(items: list[str]) -> str:
    return "\n".join(items)


def gold_record(name: str, doc: dict[str, Any], source: Path, pdf: bool) -> dict[str, Any]:
    """Expected sections and indications of one rendering."""
    sections: list[dict[str, Any]] = []
    indications: list[dict[str, Any]] = []
    specialty = None
    for block in doc["blocks"]:
        if block[0] == "h":
            _, level, number, title = block
            sections.append({"number": number, "title": title, "level": level})
            specialty = title
        elif block[0] == "entry":
            entry = block[1]
            if doc["style"] == "au":
                sections.append({"number": None, "title": entry["name"], "level": 2})
                indications.append({"name": entry["name"], "specialty": entry["specialty"], "use": entry["use"],
                                    "layout": "label-paragraphs",
                                    "fields": {key: {"label": label, "text": _field_text(items)}
                                               for key, label, items in entry["fields"]}})
            else:
                sections.append({"number": entry["number"], "title": entry["name"], "level": 2})
                indications.append({"name": entry["name"], "specialty": specialty, "use": None,
                                    "layout": "run-in-labels",
                                    "fields": {key: {"label": label, "text": _field_text(items)}
                                               for key, label, items in entry["fields"]}})
        elif block[0] == "table":
            table = block[1]
            for row in table["rows"]:
                indications.append({"name": row["name"], "specialty": specialty, "use": None,
                                    "layout": "table-rows",
                                    "fields": {key: {"label": label, "text": row[key]}
                                               for key, label in table["columns"] if key != "name"}})
    record: dict[str, Any] = {
        "source": (source.relative_to(ROOT) if source.is_relative_to(ROOT) else source).as_posix(), "pages": None,
        "note": (f"Written blind by scripts/make_policy_blind.py ({doc['style']} style) from the same "
                 "source as the document; section pages found with pypdfium2."),
        "sections": sections, "indications": indications}
    if pdf:
        record["pages"] = _locate_pages(source, sections)
    return record


def _locate_pages(path: Path, sections: list[dict[str, Any]]) -> int:
    """Set each section's ``page`` (1-based) by finding its heading line in the page texts."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(path))
    texts = [pdf[i].get_textpage().get_text_range().replace("\r\n", "\n") for i in range(len(pdf))]
    page = 0
    for section in sections:
        head = f"{section['number']}. " if section["number"] and "." not in section["number"] else (
            f"{section['number']} " if section["number"] else "")
        words = (head + section["title"]).split()
        pattern = re.compile(r"(^|\n)\s*" + r"\s+".join(re.escape(w) for w in words))
        for i in range(page, len(texts)):
            if pattern.search(texts[i]):
                page = i
                section["page"] = i + 1
                break
        else:
            raise SystemExit(f"{path.name}: heading {head + section['title']!r} not found")
    return len(pdf)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out-dir", default=str(OUT))
    parser.add_argument("--gold-dir", default=str(GOLD))
    args = parser.parse_args(argv)
    out, gold_dir = Path(args.out_dir), Path(args.gold_dir)
    out.mkdir(parents=True, exist_ok=True)
    gold_dir.mkdir(parents=True, exist_ok=True)
    for name, doc in DOCUMENTS.items():
        for ext in ("pdf", "docx"):
            path = out / f"{name}.{ext}"
            (write_pdf if ext == "pdf" else write_docx)(doc, path)
            record = gold_record(name, doc, path, pdf=ext == "pdf")
            (gold_dir / f"{name}_{ext}.json").write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n",
                                                        encoding="utf-8")
            print(f"wrote {path} and its gold")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
