"""Score the change-form reader on every fixture under corpora/changeforms/ against its gold.

A fixture ``<goldname>__<layout>.pdf`` (or ``.docx``) anywhere under ``corpora/changeforms/`` is
compared with ``corpora/gold/changeform/<goldname>.json``; the folders are the producers:
``generated/`` (reportlab, fpdf2), ``office/`` (LibreOffice) and ``chromium/`` (HTML printed by
headless Chromium), and the summary ends with the totals per folder. Rows are aligned in order (difflib on
whole rows, then position inside unequal stretches); a row is exact when every cell equals the
gold cell (outer whitespace ignored). Page numbers are not compared: they differ per layout.

For comparison the same fixtures are read with plain pdfplumber ``page.extract_tables()``
(header rows dropped, nothing merged) and scored the same way, and once more ignoring all
whitespace differences (its cells keep every line wrap as a newline).

Run: ``python evaluation/changeform_eval.py [--root corpora/changeforms] [--no-baseline] [--diff N]``
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "corpora" / "changeforms"
GOLD = ROOT / "corpora" / "gold" / "changeform"


def fixtures(root: Path = FIXTURES, gold: Path = GOLD) -> list[tuple[Path, Path]]:
    """(fixture, gold file) pairs for every PDF/DOCX fixture whose gold exists, sorted by path."""
    pairs = []
    for path in sorted(root.rglob("*")):
        if path.suffix.lower() in {".pdf", ".docx"} and "__" in path.stem:
            gold_path = gold / f"{path.stem.split('__', 1)[0]}.json"
            if gold_path.exists():
                pairs.append((path, gold_path))
    return pairs


def _norm(cell: Any) -> str:
    return "" if cell is None else str(cell).strip()


def _flat(cell: Any) -> str:
    return " ".join(_norm(cell).split())


def align(expected: Sequence[Sequence[str]], found: Sequence[Sequence[str]]) -> list[tuple[int | None, int | None]]:
    """Pairs (gold row, found row) aligned by difflib on whole rows, by position inside changes."""
    a = [tuple(_norm(c) for c in row) for row in expected]
    b = [tuple(_norm(c) for c in row) for row in found]
    pairs: list[tuple[int | None, int | None]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            pairs += list(zip(range(i1, i2), range(j1, j2), strict=True))
            continue
        span = max(i2 - i1, j2 - j1)
        for k in range(span):
            pairs.append((i1 + k if i1 + k < i2 else None, j1 + k if j1 + k < j2 else None))
    return pairs


def score(name: str, expected: Sequence[Sequence[str]], found: Sequence[Sequence[str]]
          ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """One summary record for a fixture and one record per differing cell."""
    width = max((len(r) for r in expected), default=0)
    exact = cells_ok = 0
    diffs: list[dict[str, Any]] = []
    for gi, fi in align(expected, found):
        gold_row = [_norm(c) for c in expected[gi]] if gi is not None else []
        got_row = [_norm(c) for c in found[fi]] if fi is not None else []
        if gi is None:
            diffs.append({"fixture": name, "row": f"+{fi}", "column": "", "expected": "", "found": " | ".join(got_row)})
            continue
        same = 0
        for column in range(width):
            want = gold_row[column] if column < len(gold_row) else ""
            got = got_row[column] if column < len(got_row) else ""
            if fi is not None and want == got:
                same += 1
            else:
                diffs.append({"fixture": name, "row": gi, "column": column, "expected": want, "found": got})
        cells_ok += same
        exact += same == width
    total = len(expected) * width
    summary = {"fixture": name, "rows_expected": len(expected), "rows_found": len(found), "rows_exact": exact,
               "rows_exact_%": round(100 * exact / max(len(expected), 1), 1),
               "cell_accuracy_%": round(100 * cells_ok / max(total, 1), 1)}
    return summary, diffs


def read_rows(path: Path) -> tuple[list[list[str]], str]:
    """The reader's rows for a fixture (empty and the error on failure)."""
    from extractor.changeform import read_changeform
    from extractor.errors import InputError

    try:
        return [row.cells for row in read_changeform(path).rows], ""
    except InputError as exc:
        return [], exc.problem


def baseline_rows(path: Path) -> list[list[str]]:
    """Rows of plain pdfplumber ``extract_tables()``: every table row, header rows dropped."""
    import pdfplumber

    from extractor.changeform.fields import map_headers

    def header_score(cells: list[str]) -> int:
        """How many cells name a change-form field (the packaged header synonyms)."""
        return sum(name is not None for name in map_headers(cells))

    rows: list[list[str]] = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            for table in page.extract_tables():
                for row in table:
                    cells = [_norm(c) for c in row]
                    if header_score(cells) >= 2 or not any(cells):
                        continue
                    rows.append(cells)
            page.close()
    return rows


def evaluate(root: Path = FIXTURES, gold_dir: Path = GOLD, baseline: bool = True
             ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Score every fixture; return the summary table and the differing cells."""
    summaries, diffs = [], []
    for path, gold_path in fixtures(root, gold_dir):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        expected = [row["cells"] for row in gold["rows"]]
        name = str(path.relative_to(root))
        found, error = read_rows(path)
        summary, cell_diffs = score(name, expected, found)
        summary["error"] = error
        if baseline and path.suffix.lower() == ".pdf":
            plain = baseline_rows(path)
            base, _ = score(name, expected, plain)
            summary["baseline_rows_exact_%"] = base["rows_exact_%"]
            summary["baseline_cell_accuracy_%"] = base["cell_accuracy_%"]
            # The same baseline judged leniently: all whitespace (line breaks included) collapsed.
            loose, _ = score(name, [[_flat(c) for c in row] for row in expected], [[_flat(c) for c in row] for row in plain])
            summary["baseline_ws_cell_accuracy_%"] = loose["cell_accuracy_%"]
        summaries.append(summary)
        diffs.extend(cell_diffs)
    return pd.DataFrame(summaries), pd.DataFrame(diffs, columns=["fixture", "row", "column", "expected", "found"])


def by_folder(summary: pd.DataFrame) -> pd.DataFrame:
    """Totals per fixture folder (producer): fixtures, rows expected/exact, mean cell accuracy."""
    folder = summary["fixture"].map(lambda name: Path(name).parent.as_posix() if Path(name).parent.name else ".")
    grouped = summary.assign(folder=folder).groupby("folder", sort=True)
    table = grouped.agg(fixtures=("fixture", "size"), rows_expected=("rows_expected", "sum"),
                        rows_exact=("rows_exact", "sum"), cell_accuracy_mean=("cell_accuracy_%", "mean")).reset_index()
    table["rows_exact_%"] = (100 * table["rows_exact"] / table["rows_expected"].clip(lower=1)).round(1)
    table["cell_accuracy_mean"] = table["cell_accuracy_mean"].round(1)
    return table[["folder", "fixtures", "rows_expected", "rows_exact", "rows_exact_%", "cell_accuracy_mean"]]


def main(argv: list[str] | None = None) -> int:
    """Print the summary and the differing cells; exit 1 when a fixture is not 100% rows exact."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=FIXTURES)
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--no-baseline", action="store_true", help="skip the plain pdfplumber baseline")
    parser.add_argument("--diff", type=int, default=40, help="most differing cells to list (default 40)")
    parser.add_argument("--width", type=int, default=90, help="characters of each differing cell shown")
    args = parser.parse_args(argv)
    summary, diffs = evaluate(args.root, args.gold, baseline=not args.no_baseline)
    if summary.empty:
        print("no fixtures with gold found under", args.root)
        return 1
    with pd.option_context("display.width", 250, "display.max_columns", 20, "display.max_colwidth", 60):
        print(summary.to_string(index=False))
        totals = summary[["rows_expected", "rows_exact"]].sum()
        print(f"\nall fixtures: {int(totals.rows_exact)}/{int(totals.rows_expected)} rows exact "
              f"({100 * totals.rows_exact / max(totals.rows_expected, 1):.1f}%), mean cell accuracy "
              f"{summary['cell_accuracy_%'].mean():.1f}%"
              + (f"; pdfplumber extract_tables baseline: mean cell accuracy {summary['baseline_cell_accuracy_%'].mean():.1f}% "
                 f"exact, {summary['baseline_ws_cell_accuracy_%'].mean():.1f}% ignoring whitespace"
                 if "baseline_cell_accuracy_%" in summary else ""))
        print("\nper folder:")
        print(by_folder(summary).to_string(index=False))
        if not diffs.empty:
            shown = diffs.head(args.diff).copy()
            for column in ("expected", "found"):
                shown[column] = shown[column].map(lambda text: repr(text)[: args.width])
            print(f"\ndiffering cells ({len(diffs)}; first {len(shown)}):")
            print(shown.to_string(index=False))
    return 0 if (summary["rows_exact"] == summary["rows_expected"]).all() else 1


if __name__ == "__main__":
    sys.exit(main())
