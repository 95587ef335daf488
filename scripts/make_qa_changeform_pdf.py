"""Print the planted-defect change form export as a ruled-table PDF (reportlab), for QA tests.

Run from the repository root: ``python scripts/make_qa_changeform_pdf.py``. The PDF holds the same rows as
``corpora/qa/rituximab_nmosd_changeform_export.txt``, so the same gold findings apply.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from extractor.changeform import read_changeform

HERE = Path(__file__).resolve().parent.parent / "corpora" / "qa"


def main() -> None:
    """Write ``corpora/qa/rituximab_nmosd_changeform.pdf`` from the export beside it."""
    form = read_changeform(HERE / "rituximab_nmosd_changeform_export.txt")
    styles = getSampleStyleSheet()
    cell = styles["BodyText"].clone("cell", fontSize=8, leading=10)
    story = [Paragraph("Change log: published clinical commissioning policy amendments", styles["Title"]),
             Paragraph("Policy: " + form.metadata.get("policy", ""), styles["BodyText"]), Spacer(0, 8)]
    data = [[Paragraph(f"<b>{h}</b>", cell) for h in form.columns]]
    for row in form.rows:
        data.append([Paragraph(text.replace("&", "&amp;").replace("<", "&lt;").replace("\n", "<br/>"), cell)
                     for text in row.cells])
    table = Table(data, colWidths=[190, 190, 100, 110, 90, 70], repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey)]))
    story.append(table)
    SimpleDocTemplate(str(HERE / "rituximab_nmosd_changeform.pdf"), pagesize=landscape(A4), title="Change log",
                      leftMargin=30, rightMargin=30).build(story)


if __name__ == "__main__":
    main()
