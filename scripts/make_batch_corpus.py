"""Generate realistic change-form PDFs (1–3 pages each) and long policy PDFs for batch runs and benchmarks.

Forms vary what real producers vary: header wording and column order, number of rows, cell
length (a row may run over a page break), bullets and multi-paragraph cells, date styles,
dose and threshold wording. Output is deterministic for a given ``--seed``.

Usage::

    python scripts/make_batch_corpus.py OUT_DIR --forms 200 [--seed 7]
    python scripts/make_batch_corpus.py OUT_DIR --forms 0 --policy-pages 500
"""

from __future__ import annotations

import argparse
import logging
import random
from datetime import UTC, datetime
from pathlib import Path

CREATED = datetime(2025, 1, 1, tzinfo=UTC)

HEADERS = {
    "original": ["Describe what was stated in original document", "Original text", "Previous wording",
                 "Text in current version"],
    "new": ["Describe new text in the document", "New text", "Revised wording", "Proposed text"],
    "section": ["Section/Paragraph to which changes apply", "Section", "Paragraph", "Location in document"],
    "reason": ["Describe why document change required", "Reason for change", "Rationale", "Why changed"],
    "changed_by": ["Changes made by", "Changed by", "Author", "Requested by"],
    "date": ["Date change made", "Date", "Date of change", "When"],
}
DRUGS = ["immunoglobulin", "rituximab", "eculizumab", "tocilizumab", "infliximab", "adalimumab", "IVIg", "SCIg"]
ANALYTES = [("serum IgG", "g/L"), ("platelet count", "x 10^9/L"), ("neutrophil count", "x 10^9/L"),
            ("haemoglobin", "g/L"), ("eGFR", "mL/min/1.73m2"), ("CRP", "mg/L")]
SECTIONS = ["Executive summary", "Plain language summary", "Eligibility criteria", "Exclusion criteria",
            "Dosing", "Monitoring", "Stopping criteria", "Governance", "Appendix A", "References"]
REASONS = ["Updated following clinical panel review", "Alignment with NICE guidance",
           "Correction of typographical error", "Clarification requested by stakeholders",
           "Change to dosing in line with SmPC", "Removal of outdated reference"]
ROLES = ["Senior Pharmacy Lead", "Clinical Policy Lead", "National Clinical Director", "Programme Manager"]
FILLER = ("The commissioned service must ensure that treatment is reviewed by the multidisciplinary team "
          "and that outcomes are recorded in the national database before continuation is approved. ")


def _date(rng: random.Random) -> str:
    year, month, day = rng.choice([2023, 2024, 2025]), rng.randint(1, 12), rng.randint(1, 28)
    months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
              "October", "November", "December"]
    return rng.choice([f"{day:02d}/{month:02d}/{year}", f"{months[month - 1]} {year}", f"{year}-{month:02d}",
                       f"{day} {months[month - 1][:3]} {year}"])


def _clinical(rng: random.Random, changed: bool = False) -> str:
    drug = rng.choice(DRUGS)
    analyte, unit = rng.choice(ANALYTES)
    value = rng.choice([4, 5, 6, 30, 50, 100, 120])
    dose = rng.choice([0.4, 0.5, 1, 2])
    weeks = rng.choice([3, 4, 6, 8])
    if changed:
        value, dose, weeks = value + rng.choice([1, 2, 10]), dose * 2, weeks + 2
    parts = [f"Patients with {analyte} below {value} {unit} are eligible for {drug}.",
             f"Dose {dose} g/kg every {weeks} weeks, up to a maximum of {rng.choice([70, 90, 140])} g per course."]
    if rng.random() < 0.4:
        parts.append("• review at 6 months\n• stop if no response")
    if rng.random() < 0.25:
        parts.append(FILLER * rng.randint(1, 2))
    rng.shuffle(parts)
    return "\n".join(parts[: rng.randint(1, len(parts))])


#: Unicode TrueType fonts tried in order (Carlito is metric-compatible with Calibri, common in NHS forms).
FONT_CANDIDATES = [("/usr/share/fonts/truetype/crosextra/Carlito-Regular.ttf",
                    "/usr/share/fonts/truetype/crosextra/Carlito-Bold.ttf"),
                   ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")]


def _set_up_font(pdf: object) -> str:
    """Register a Unicode font family on ``pdf`` and return its name (Helvetica if none is installed)."""
    for regular, bold in FONT_CANDIDATES:
        if Path(regular).is_file() and Path(bold).is_file():
            pdf.add_font("body", "", regular)  # type: ignore[attr-defined]
            pdf.add_font("body", "B", bold)  # type: ignore[attr-defined]
            return "body"
    return "Helvetica"


def _text(text: str, family: str) -> str:
    return text if family != "Helvetica" else text.replace("•", "-")


def _render_form(order: list[str], header: list[str], rows: list[dict[str, str]], title: str, ref: str,
                 landscape: bool) -> object:
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    widths = {"original": 40, "new": 40, "section": 26, "reason": 34, "changed_by": 22, "date": 20}
    pdf = FPDF(orientation="L" if landscape else "P", format="A4")
    pdf.set_creation_date(CREATED)
    pdf.set_auto_page_break(True, margin=15)
    family = _set_up_font(pdf)
    pdf.add_page()
    pdf.set_font(family, "B", 12)
    pdf.cell(0, 8, f"Clinical commissioning policy: {title}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, size=9)
    pdf.cell(0, 6, ref, new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 6, "Change form", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, size=8)
    with pdf.table(col_widths=tuple(widths[name] for name in order), repeat_headings=1,
                   headings_style=FontFace(emphasis="BOLD")) as table:
        table.row(header)
        for values in rows:
            table.row([_text(values[name], family) for name in order])
    return pdf


def make_form(path: Path, rng: random.Random, max_pages: int = 3) -> int:
    """Write one change form PDF of 1–``max_pages`` pages; return its page count."""
    order = ["original", "new", "section", "reason", "changed_by", "date"]
    if rng.random() < 0.3:
        order = ["section", "original", "new", "reason", "date", "changed_by"]
    header = [rng.choice(HEADERS[name]) for name in order]
    title = f"{rng.choice(DRUGS).title()} for {rng.choice(['CIDP', 'ITP', 'PID', 'MMN', 'GBS'])}"
    ref = f"Policy reference: {rng.randint(100, 999)}P  Version {rng.randint(1, 4)}.{rng.randint(0, 9)}"
    rows = [{"original": _clinical(rng), "new": _clinical(rng, changed=True) if rng.random() < 0.8 else "Removed",
             "section": rng.choice(SECTIONS), "reason": rng.choice(REASONS), "changed_by": rng.choice(ROLES),
             "date": _date(rng)} for _ in range(rng.randint(3, 14))]
    landscape = rng.random() < 0.5
    while True:
        pdf = _render_form(order, header, rows, title, ref, landscape)
        if pdf.pages_count <= max_pages or len(rows) == 1:  # type: ignore[attr-defined]
            break
        rows = rows[:-1]
    pdf.output(str(path))  # type: ignore[attr-defined]
    return int(pdf.pages_count)  # type: ignore[attr-defined]


def make_policy(path: Path, pages: int, rng: random.Random) -> None:
    """Write a long policy PDF: numbered sections, criteria lists, thresholds and doses, ~``pages`` pages."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_creation_date(CREATED)
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    section = 0
    while pdf.page < pages:
        section += 1
        pdf.set_font("Helvetica", "B", 12)
        pdf.multi_cell(0, 7, f"{section} {rng.choice(SECTIONS)}", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", size=10)
        for _ in range(rng.randint(3, 8)):
            pdf.multi_cell(0, 5, _clinical(rng).replace("•", "-") + " " + FILLER * rng.randint(1, 4),
                           new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
    pdf.output(str(path))


def _one_form(job: tuple[Path, int, int]) -> int:
    folder, seed, number = job
    logging.getLogger("fontTools").setLevel(logging.ERROR)  # Carlito's header date trips a warning
    return make_form(folder / f"form_{number:04d}.pdf", random.Random(seed * 1_000_003 + number))


def make_forms(folder: Path, count: int, *, seed: int = 7, jobs: int = 1) -> int:
    """Write ``count`` forms (``form_0000.pdf`` ...) into ``folder``, each seeded by its number; return pages."""
    folder.mkdir(parents=True, exist_ok=True)
    work = [(folder, seed, number) for number in range(count)]
    if jobs <= 1:
        return sum(map(_one_form, work))
    from multiprocessing import Pool

    with Pool(jobs) as pool:
        return sum(pool.imap_unordered(_one_form, work, chunksize=8))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--forms", type=int, default=200, help="change forms to write (default 200)")
    parser.add_argument("--policy-pages", type=int, default=0, help="also write policy_<N>p.pdf of about N pages")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--jobs", type=int, default=1, help="processes generating forms (default 1)")
    args = parser.parse_args()
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    args.out.mkdir(parents=True, exist_ok=True)
    pages = make_forms(args.out, args.forms, seed=args.seed, jobs=args.jobs)
    if args.policy_pages:
        make_policy(args.out / f"policy_{args.policy_pages}p.pdf", args.policy_pages, random.Random(args.seed))
    print(f"wrote {args.forms} forms ({pages} pages){' and a policy' if args.policy_pages else ''} to {args.out}")


if __name__ == "__main__":
    main()
