"""Write the blind QA change form ``corpora/qa/blind/tocilizumab_gca_changeform.docx``.

A change form for an (invented) NHS England clinical commissioning policy on tocilizumab for
giant cell arteritis, laid out as a real Word table made with python-docx: title and preamble
paragraphs above the table, a header row marked to repeat on each page, and cells that hold
several paragraphs. The rows carry planted editorial defects and look-alike traps; what each
row is meant to contain is recorded in ``corpora/gold/qa/blind/tocilizumab_gca_changeform.json``
(row indices there are the 0-based positions in :data:`ROWS`). Re-run after editing the rows::

    python scripts/make_qa_blind_docx.py
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "corpora" / "qa" / "blind" / "tocilizumab_gca_changeform.docx"

PREAMBLE = [
    "Clinical Commissioning Policy: change form",
    "Product name: Clinical commissioning policy: Tocilizumab for giant cell arteritis in adults",
    "Publication number: PRN01234",
    "Date of publication: October 2021",
    ("Summary of the rationale and the change: amendments agreed at the annual review by the "
    "Specialised Rheumatology Clinical Reference Group and approved by the Clinical Priorities "
    "Advisory Group."),
    "Description of changes required",
]

HEADER = ["Original text", "Revised text", "Location in document", "Reason for amendment",
          "Author of change", "Date of change"]

# One list per row; a cell given as a list is written as one paragraph per item.
ROWS: list[list[str | list[str]]] = [
    # 0: misspelt drug name in the revised text
    ["Tocilizumab is commissioned for adults with relapsing or refractory giant cell arteritis (GCA).",
     ("Tocilizmuab is commissioned for adults with relapsing or refractory giant cell arteritis (GCA) "
     "who meet the criteria in section 4."),
     "Section 1 Plain language summary", "Cross-reference to the criteria added",
     "Clinical Reference Group Lead", "March 2024"],
    # 1: dose changed, reason says typographical error
    ["Prednisolone should be tapered to 15 mg per day or less within 12 weeks of starting tocilizumab.",
     "Prednisolone should be tapered to 10 mg per day or less within 12 weeks of starting tocilizumab.",
     "Section 4.2 Glucocorticoid tapering", "Typographical error",
     "Clinical Reference Group Lead", "May 2024"],
    # 2: grammatical 'had had'
    ["Patients must have relapsed while taking glucocorticoids.",
     ("Patients must have relapsed while taking glucocorticoids. Patients who had had a relapse before "
     "the policy was published remain eligible."),
     "Section 4.1 Eligibility", "Eligibility of patients who relapsed before publication confirmed",
     "Policy Lead, Specialised Commissioning", "May 2024"],
    # 3: abolished body (CCG) in new text
    ["Requests for treatment beyond 12 months should be made through the Individual Funding Request process.",
     ("Requests for treatment beyond 12 months should be made through the Individual Funding Request "
     "process of the patient's Clinical Commissioning Group."),
     "Section 4.4 Duration of treatment", "Funding route clarified",
     "Policy Lead, Specialised Commissioning", "June 2024"],
    # 4: abolished body (NHS Improvement) in new text
    ["Providers should record all serious infections.",
     "Providers should record all serious infections and report medication incidents to NHS Improvement.",
     "Section 6 Governance", "Incident reporting added",
     "Pharmacy Lead, Specialised Commissioning", "June 2024"],
    # 5: identical text, reason claims new evidence
    ["Tocilizumab is given as 162 mg by subcutaneous injection once a week.",
     "Tocilizumab is given as 162 mg by subcutaneous injection once a week.",
     "Section 5 Dose", "Updated in line with new evidence",
     "Pharmacy Lead, Specialised Commissioning", "July 2024"],
    # 6: superseded guideline cited in new text
    ["Diagnosis should be confirmed by temporal artery biopsy or imaging.",
     ("Diagnosis should be confirmed by temporal artery biopsy or imaging, as recommended in the British "
     "Society for Rheumatology and British Health Professionals in Rheumatology guideline for the "
     "management of giant cell arteritis (2010)."),
     "Section 3 Diagnosis", "Reference to national guidance added",
     "Clinical Reference Group Lead", "August 2024"],
    # 7: lower-case litre in 10^9/l, numbers unchanged
    [("Do not start tocilizumab if the platelet count is below 100 x 10^9/L or the absolute neutrophil "
     "count is below 2 x 10^9/L."),
     ("Do not start tocilizumab if the platelet count is below 100 x 10^9/l or the absolute neutrophil "
     "count is below 2 x 10^9/L; seek haematology advice."),
     "Section 4.3 Exclusions", "Advice on whom to contact added",
     "Pharmacy Lead, Specialised Commissioning", "September 2024"],
    # 8: 'gm' for gram
    ["Patients with visual symptoms should receive intravenous methylprednisolone 500 mg to 1 g daily for 3 days.",
     ("Patients with visual symptoms should receive intravenous methylprednisolone 500 mg to 1 gm daily "
     "for 3 days before starting oral prednisolone."),
     "Section 3.2 Initial treatment", "Wording aligned with the local protocol",
     "Clinical Reference Group Lead", "October 2024"],
    # 9: ordinary misspelling and a repeated 'to to'
    ["Tocilizumab must not be given with other biological treatments.",
     ("Tocilizumab must not be given with other biological treatments; a seperate request is needed to to "
     "switch to another biological treatment."),
     "Section 4.5 Switching", "Switching arrangements added",
     "Policy Lead, Specialised Commissioning", "January 2025"],
    # 10: PMR defined twice with different meanings; impossible date
    ["Patients with isolated polymyalgia rheumatica are not eligible.",
     ["Patients with polymyalgia rheumatica (PMR) symptoms alone are not eligible.",
      "Record the eligibility decision in the patient medication record (PMR)."],
     "Section 4.3 Exclusions", "Documentation requirement added",
     "Pharmacy Lead, Specialised Commissioning", "30 February 2025"],
    # 11: malformed URL; change date in the future
    ["Further information is available from NHS England.",
     "Further information is available from NHS England: http:/www.england.nhs.uk/commissioning/spec-services/npc-crg/group-a/a13/",
     "Section 9 Further information", "Link added",
     "Policy Lead, Specialised Commissioning", "15/02/2027"],
    # 12: historical CCG sentence (trap), misspelling, dead link; date equal to 'today'
    ["Treatment is commissioned by NHS England.",
     ["Treatment is commissioned by NHS England.",
      ("Between 2018 and July 2022 some prescribing costs were met by clinical commissioning groups, "
      "which were replaced by integrated care boards in July 2022."),
      "Any overpayment that occured before 2022 will not be recovered.",
      ("The first version of the policy is archived at "
      "https://www.england.nhs.uk/wp-content/uploads/2018/08/tocilizumab-gca-policy-v1-archived.pdf")],
     "Section 7 Commissioning responsibility", "History of funding arrangements added",
     "Policy Lead, Specialised Commissioning", "01/12/2026"],
    # 13: legitimate threshold change, reason says so
    ["Relapse is defined as recurrence of symptoms with a C-reactive protein (CRP) above 10 mg/L.",
     "Relapse is defined as recurrence of symptoms with a C-reactive protein (CRP) above 5 mg/L.",
     "Section 2 Definitions", "CRP threshold for relapse lowered from 10 mg/L to 5 mg/L on clinical advice",
     "Clinical Reference Group Lead", "June 2025"],
    # 14: one-word change that matters ('should' to 'must')
    ["Treatment should be reviewed at 12 months.",
     "Treatment must be reviewed at 12 months.",
     "Section 4.4 Duration of treatment", "Review at 12 months made mandatory",
     "Clinical Reference Group Lead", "July 2025"],
]


def _repeat_header(row) -> None:  # type: ignore[no-untyped-def]
    """Mark a table row to repeat at the top of each page."""
    properties = row._tr.get_or_add_trPr()
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    properties.append(marker)


def _fill(cell, value: str | list[str]) -> None:  # type: ignore[no-untyped-def]
    """Write one paragraph per item (the cell's first, empty paragraph is reused)."""
    parts = value if isinstance(value, list) else [value]
    cell.paragraphs[0].text = parts[0]
    for part in parts[1:]:
        cell.add_paragraph(part)


def build(path: Path = OUT) -> Path:
    """Write the Word change form and return its path."""
    document = Document()
    document.styles["Normal"].font.name = "Arial"
    document.styles["Normal"].font.size = Pt(10)
    document.core_properties.author = "Specialised Commissioning"
    document.add_heading(PREAMBLE[0], level=1)
    for line in PREAMBLE[1:]:
        document.add_paragraph(line)
    table = document.add_table(rows=1, cols=len(HEADER))
    table.style = "Table Grid"
    for cell, name in zip(table.rows[0].cells, HEADER):
        cell.text = name
        cell.paragraphs[0].runs[0].bold = True
    _repeat_header(table.rows[0])
    for values in ROWS:
        assert len(values) == len(HEADER), values
        cells = table.add_row().cells
        for cell, value in zip(cells, values):
            _fill(cell, value)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


if __name__ == "__main__":
    print(build())
