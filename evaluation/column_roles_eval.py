"""Score the change-form reader's column roles, rows and QA findings on forms with unfamiliar headers.

The forms are those ``scripts/make_changeform_roles.py`` writes (``corpora/changeforms/roles/``,
gold in ``corpora/gold/changeform_roles/``), or a folder of blind forms laid out as
``<name>.<ext>`` next to ``<name>.gold.json`` (``--blind DIR``; gold keys ``file``, ``producer``,
``columns``, ``fields``, ``rows[{index, cells}]``, ``defects``, ``clean_rows``). For each form:

* **columns right** — the reader's ``fields`` (``extractor.read_changeform(path).fields``)
  equal to the gold field, column by column (a column the reader does not have is wrong);
* **rows exact** — gold rows whose every cell equals the reader's, outer whitespace stripped,
  the rows aligned as ``evaluation/changeform_eval.py`` aligns them (its ``align``);
* **forms read** — a form the reader refuses (``InputError``, or any other exception, shown
  as the error) has every row and column wrong;
* **defects found** — ``extractor.qa.engine.check_path(path)`` is run and a planted defect is
  found when a finding has the same rule and row (finding rows are mapped to gold rows through
  the same alignment) and, when the gold names a column and the finding has a ``column``
  attribute that is set, the same column; for ``reason-mismatch`` any column of the row counts;
* **false alarms** — findings of severity ``error`` or ``warning`` on a row the gold lists as
  clean (``--verbose`` lists them).

``--no-synonyms`` scores the same with the header synonym list emptied: the reader is called
as ``extractor.read_changeform(path, synonyms=HeaderSynonyms(fields={}))`` (or, while only the
package function takes the keyword, ``extractor.changeform.read_changeform``, with a note; the
mode is skipped with a note when neither does); such a ``HeaderSynonyms`` has no cue words either,
so roles come from cell content alone. ``check_path`` gets ``synonyms=`` too when its signature
has it; otherwise the QA reads with the default synonyms and its rows are aligned through that
reading.

Run::

    python evaluation/column_roles_eval.py                    # corpora/changeforms/roles
    python evaluation/column_roles_eval.py --no-synonyms      # header words ignored: content only
    python evaluation/column_roles_eval.py --blind DIR --verbose
    python evaluation/column_roles_eval.py --blind corpora/changeforms/blind --blind-gold corpora/gold/changeform_blind

The last line is the summary: ``columns right X/Y (Z%), rows exact A/B, defects found C/D,
false alarms E, forms read F/G``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import inspect
import json
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tabulate import tabulate

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from changeform_eval import align  # noqa: E402 - sibling evaluation module, found via sys.path

FORMS = ROOT / "corpora" / "changeforms" / "roles"
GOLD = ROOT / "corpora" / "gold" / "changeform_roles"
SUFFIXES = {".pdf", ".docx", ".txt", ".html", ".htm"}
ALARM_SEVERITIES = ("error", "warning")
ANY_COLUMN_RULES = {"reason-mismatch"}


@dataclass
class Item:
    """One form to score.

    Attributes:
        name: How the form is named in the tables (file name).
        path: The form file.
        producer: What made it (reportlab, fpdf2, docx, libreoffice, chromium, or the blind gold's value).
        gold: The gold record.
    """

    name: str
    path: Path
    producer: str
    gold: dict[str, Any]


@dataclass
class Score:
    """What the reader and the QA got right on one form.

    Attributes:
        item: The form.
        read: Whether the reader returned a form.
        error: Why it did not (empty when it did).
        columns_right: Columns whose field equals the gold's.
        columns: Gold columns.
        rows_exact: Gold rows read exactly.
        rows: Gold rows.
        defects_found: Planted defects a finding matches.
        defects: Planted defects.
        false_alarms: One line per error/warning finding on a clean row.
        missed: One line per planted defect not found.
        roles: (gold field, field read) per gold column.
        rule_outcomes: (rule, found) per planted defect.
        qa_error: Why the QA failed (empty when it ran or was not asked for).
    """

    item: Item
    read: bool = False
    error: str = ""
    columns_right: int = 0
    columns: int = 0
    rows_exact: int = 0
    rows: int = 0
    defects_found: int = 0
    defects: int = 0
    false_alarms: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    roles: list[tuple[str | None, str | None]] = field(default_factory=list)
    rule_outcomes: list[tuple[str, bool]] = field(default_factory=list)
    qa_error: str = ""


# --------------------------------------------------------------------------- forms


def generated_items(root: Path = FORMS, gold_dir: Path = GOLD) -> list[Item]:
    """Forms ``<formid>__<producer>_<style>.<ext>`` under ``root`` with ``<gold_dir>/<formid>.json``."""
    items = []
    for path in sorted(root.iterdir()) if root.is_dir() else []:
        if path.suffix.lower() not in SUFFIXES or "__" not in path.stem:
            continue
        form_id, rest = path.stem.split("__", 1)
        gold_path = gold_dir / f"{form_id}.json"
        if gold_path.exists():
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            items.append(Item(path.name, path, gold.get("producer") or rest.split("_", 1)[0], gold))
    return items


def blind_items(folder: Path, gold_dir: Path | None = None) -> list[Item]:
    """Blind forms: ``<name>.gold.json`` (in ``gold_dir``, default ``folder``) and the form in ``folder``
    it names (``file``), else ``<name>.<ext>``."""
    items = []
    for gold_path in sorted((gold_dir or folder).glob("*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        name = gold_path.name[: -len(".gold.json")]
        if gold.get("file"):
            path = folder / gold["file"]
        else:
            found = [p for p in sorted(folder.glob(f"{name}.*")) if p.suffix.lower() in SUFFIXES]
            if not found:
                print(f"note: {gold_path.name} has no form next to it; skipped", file=sys.stderr)
                continue
            path = found[0]
        items.append(Item(path.name, path, str(gold.get("producer") or "?"), gold))
    return items


# --------------------------------------------------------------------------- reader and QA


class Unsupported(Exception):
    """The reader or the QA does not take the keyword a mode needs."""


@dataclass
class Tools:
    """How forms are read and checked in one mode.

    Attributes:
        read: Reads a form (``extractor.read_changeform``, maybe with ``synonyms=``).
        check: Runs the QA on a file (``check_path``, maybe with ``synonyms=`` and settings).
        notes: Lines printed before the tables (what the mode could not do).
        qa_read: Reads a form as ``check`` does, when that differs from ``read`` (then the QA's
            finding rows are aligned to the gold through this reading), else None.
    """

    read: Callable[[Path], Any]
    check: Callable[[Path], Any]
    notes: list[str] = field(default_factory=list)
    qa_read: Callable[[Path], Any] | None = None


def make_tools(no_synonyms: bool, today: dt.date | None) -> Tools:
    """The reader and QA calls of a mode (default synonyms, or none)."""
    import extractor
    from extractor.qa.engine import check_path

    settings: dict[str, Any] = {"today": today} if today else {}
    if not no_synonyms:
        return Tools(lambda path: extractor.read_changeform(str(path)),
                     lambda path: check_path(path, settings=settings or None))
    from extractor.changeform.fields import HeaderSynonyms

    empty = HeaderSynonyms(fields={})  # type: ignore[arg-type]
    notes = []
    qa_kwargs: dict[str, Any] = {"settings": settings or None}
    qa_read = None
    if _takes(check_path, "synonyms"):
        qa_kwargs["synonyms"] = empty
    else:
        notes.append("note: check_path has no 'synonyms' parameter: the QA reads the forms with the default synonyms")
        qa_read = lambda path: extractor.read_changeform(str(path))  # noqa: E731 - the QA's own reading

    reader: Callable[..., Any] = extractor.read_changeform
    if not _takes(reader, "synonyms"):
        # the package function may have the keyword before the top-level wrapper passes it on
        from extractor.changeform import read_changeform as package_reader

        if _takes(package_reader, "synonyms"):
            reader = package_reader
            notes.append("note: extractor.read_changeform has no 'synonyms' keyword yet: "
                         "extractor.changeform.read_changeform is called instead")

    def read(path: Path) -> Any:
        try:
            return reader(str(path), synonyms=empty)
        except TypeError as exc:
            if "synonyms" in str(exc):
                raise Unsupported(str(exc)) from None
            raise

    return Tools(read, lambda path: check_path(path, **qa_kwargs), notes, qa_read)


def _takes(function: Callable[..., Any], keyword: str) -> bool:
    """Whether ``function`` accepts the keyword argument ``keyword``."""
    parameters = inspect.signature(function).parameters.values()
    return any(p.name == keyword or p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters)


# --------------------------------------------------------------------------- scoring


def _strip(cells: Sequence[Any]) -> list[str]:
    return ["" if c is None else str(c).strip() for c in cells]


def _aligned(expected: Sequence[Sequence[str]], form: Any) -> list[tuple[int, int]]:
    """(position in ``form.rows``, gold row) pairs that ``changeform_eval.align`` matches."""
    pairs = align(expected, [row.cells for row in form.rows])
    return [(fi, gi) for gi, fi in pairs if gi is not None and fi is not None]


def _row_map(expected: Sequence[Sequence[str]], form: Any) -> dict[int, int]:
    """Reader row index (as findings give it) to gold row index."""
    return {form.rows[fi].index: gi for fi, gi in _aligned(expected, form)}


def _column_matches(finding: Any, defect: dict[str, Any]) -> bool:
    if defect["rule"] in ANY_COLUMN_RULES or defect.get("column") is None:
        return True
    column = getattr(finding, "column", None)
    return column is None or column == defect["column"]


def score_item(item: Item, tools: Tools, *, qa: bool = True) -> Score:
    """Read and check one form against its gold.

    Raises:
        Unsupported: The mode's reader call is not supported by the installed reader.
    """
    from extractor.errors import InputError

    gold = item.gold
    expected = [row["cells"] for row in gold["rows"]]
    gold_fields: list[str | None] = list(gold["fields"])
    score = Score(item, columns=len(gold_fields), rows=len(expected),
                  defects=len(gold.get("defects", [])))
    form = None
    try:
        form = tools.read(item.path)
    except Unsupported:
        raise
    except InputError as exc:
        score.error = f"InputError: {exc.problem}"
    except Exception as exc:  # noqa: BLE001 - a crash on one form is scored as unread, and shown
        score.error = f"{type(exc).__name__}: {exc}"
    found_fields: list[str | None] = list(form.fields) if form is not None else []
    score.roles = [(g, found_fields[i] if i < len(found_fields) else None) for i, g in enumerate(gold_fields)]
    row_map: dict[int, int] = {}
    if form is not None:
        score.read = True
        score.columns_right = sum(1 for gold_field, read in score.roles if gold_field == read)
        row_map = _row_map(expected, form)
        score.rows_exact = sum(1 for fi, gi in _aligned(expected, form)
                               if _strip(expected[gi]) == _strip(form.rows[fi].cells))
    if not qa:
        return score
    if tools.qa_read is not None:  # the QA read the form its own way: align its rows instead
        try:
            row_map = _row_map(expected, tools.qa_read(item.path))
        except Exception:  # noqa: BLE001 - then the QA cannot read it either
            row_map = {}
    findings: list[Any] = []
    try:
        findings = list(tools.check(item.path).findings)
    except Exception as exc:  # noqa: BLE001 - an unreadable form has no findings; the error is shown
        score.qa_error = f"{type(exc).__name__}: {exc}"
    clean = set(gold.get("clean_rows", []))
    for defect in gold.get("defects", []):
        hit = any(f.rule == defect["rule"] and f.row is not None and row_map.get(f.row) == defect["row"]
                  and _column_matches(f, defect) for f in findings)
        score.rule_outcomes.append((defect["rule"], hit))
        score.defects_found += hit
        if not hit:
            same_row = sorted({f.rule for f in findings if f.row is not None and row_map.get(f.row) == defect["row"]})
            hint = f"  (row has: {', '.join(same_row)})" if same_row else ""
            score.missed.append(f"{item.name} row {defect['row']} col {defect.get('column')}: {defect['rule']} "
                                f"{defect.get('text', '')!r}{hint}")
    for f in findings:
        gold_row = row_map.get(f.row) if f.row is not None else None
        if f.severity in ALARM_SEVERITIES and gold_row in clean:
            column = getattr(f, "column", None)
            score.false_alarms.append(f"{item.name} row {gold_row} {f.rule} ({f.severity}) field={f.field}"
                                      + (f" column={column}" if column is not None else "")
                                      + f" {f.text[:50]!r}: {f.message[:100]}")
    return score


# --------------------------------------------------------------------------- tables


def _ratio(a: int, b: int) -> str:
    return f"{a}/{b} ({100 * a / b:.0f}%)" if b else "0/0"


def producer_table(scores: list[Score], qa: bool) -> list[list[Any]]:
    """One row per producer and a total: forms read, columns right, rows exact, defects, false alarms."""
    groups: dict[str, list[Score]] = {}
    for s in scores:
        groups.setdefault(s.item.producer, []).append(s)
    out = []
    for name, group in [*sorted(groups.items()), ("total", scores)]:
        row = [name, _ratio(sum(s.read for s in group), len(group)),
               _ratio(sum(s.columns_right for s in group), sum(s.columns for s in group)),
               _ratio(sum(s.rows_exact for s in group), sum(s.rows for s in group))]
        if qa:
            row += [_ratio(sum(s.defects_found for s in group), sum(s.defects for s in group)),
                    sum(len(s.false_alarms) for s in group)]
        out.append(row)
    return out


def role_table(scores: list[Score]) -> list[list[Any]]:
    """Per gold field: columns read with that field, and what the others were read as."""
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    wrong: dict[str, Counter[str]] = {}
    for s in scores:
        for gold, found in s.roles:
            key = str(gold)
            total[key] += 1
            if s.read and gold == found:
                right[key] += 1
            else:
                wrong.setdefault(key, Counter())[str(found) if s.read else "(unread)"] += 1
    order = ["original", "new", "section", "reason", "changed_by", "date", "change_type", "None"]
    keys = [k for k in order if k in total] + sorted(k for k in total if k not in order)
    return [[k, _ratio(right[k], total[k]), ", ".join(f"{w} ×{n}" for w, n in wrong.get(k, Counter()).most_common(4))]
            for k in keys]


def rule_table(scores: list[Score]) -> list[list[Any]]:
    """Per defect rule: planted defects found."""
    found: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for s in scores:
        for rule, hit in s.rule_outcomes:
            total[rule] += 1
            found[rule] += hit
    return [[rule, _ratio(found[rule], total[rule])] for rule in sorted(total)]


def form_table(scores: list[Score], qa: bool) -> list[list[Any]]:
    """One row per form."""
    out = []
    for s in scores:
        row = [s.item.name[:70], f"{s.columns_right}/{s.columns}", f"{s.rows_exact}/{s.rows}"]
        if qa:
            row += [f"{s.defects_found}/{s.defects}", len(s.false_alarms)]
        row.append((s.error or s.qa_error)[:60])
        out.append(row)
    return out


def summary_line(scores: list[Score], qa: bool = True) -> str:
    """``columns right X/Y (Z%), rows exact A/B, defects found C/D, false alarms E, forms read F/G``
    (``-`` for C and E when the QA was skipped)."""
    x, y = sum(s.columns_right for s in scores), sum(s.columns for s in scores)
    found = sum(s.defects_found for s in scores) if qa else "-"
    alarms = sum(len(s.false_alarms) for s in scores) if qa else "-"
    return (f"columns right {x}/{y} ({100 * x / y if y else 0:.1f}%), "
            f"rows exact {sum(s.rows_exact for s in scores)}/{sum(s.rows for s in scores)}, "
            f"defects found {found}/{sum(s.defects for s in scores)}, false alarms {alarms}, "
            f"forms read {sum(s.read for s in scores)}/{len(scores)}")


def evaluate(items: list[Item], tools: Tools, *, qa: bool = True) -> list[Score]:
    """Score every form (raises :class:`Unsupported` at the first form if the mode cannot run)."""
    return [score_item(item, tools, qa=qa) for item in items]


def main(argv: list[str] | None = None) -> int:
    """Print the tables and the summary line; exit 0 (2 when there is nothing to score)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=FORMS, help="folder of generated forms")
    parser.add_argument("--gold", type=Path, default=GOLD, help="folder of their gold files (<formid>.json)")
    parser.add_argument("--blind", type=Path, help="folder of blind forms <name>.<ext> + <name>.gold.json instead")
    parser.add_argument("--blind-gold", type=Path,
                        help="folder of the blind forms' <name>.gold.json (default: --blind)")
    parser.add_argument("--no-synonyms", action="store_true", help="read with the header synonym list emptied")
    parser.add_argument("--no-qa", action="store_true", help="skip the QA (defects and false alarms)")
    parser.add_argument("--today", type=dt.date.fromisoformat, help="the QA's today (YYYY-MM-DD) for future dates")
    parser.add_argument("--verbose", "-v", action="store_true", help="per-form table, false alarms, misses, errors")
    args = parser.parse_args(argv)
    items = blind_items(args.blind, args.blind_gold) if args.blind else generated_items(args.root, args.gold)
    if not items:
        print(f"no forms with gold found under {args.blind or args.root}", file=sys.stderr)
        return 2
    qa = not args.no_qa
    mode = "header synonyms emptied" if args.no_synonyms else "default header synonyms"
    tools = make_tools(args.no_synonyms, args.today)
    try:
        scores = evaluate(items, tools, qa=qa)
    except Unsupported as exc:
        print(f"note: --no-synonyms skipped: read_changeform does not take synonyms= yet ({exc})")
        return 0
    for note in tools.notes:
        print(note)
    source = (args.blind or args.root).resolve()
    print(f"{len(items)} forms from {source.relative_to(ROOT) if source.is_relative_to(ROOT) else source}; {mode}\n")
    qa_headers = ["defects found", "false alarms"] if qa else []
    if args.verbose:
        headers = ["form", "columns", "rows", *(["defects", "alarms"] if qa else []), "error"]
        print(tabulate(form_table(scores, qa), headers=headers))
        print()
    print(tabulate(producer_table(scores, qa), headers=["producer", "forms read", "columns right", "rows exact",
                                                        *qa_headers]))
    print()
    print(tabulate(role_table(scores), headers=["gold field", "columns right", "read instead as"]))
    if qa:
        print()
        print(tabulate(rule_table(scores), headers=["defect rule", "found"]))
    errors = [f"{s.item.name}: {s.error or s.qa_error}" for s in scores if s.error or s.qa_error]
    if args.verbose:
        for title, lines in (("read errors", errors), ("false alarms", [a for s in scores for a in s.false_alarms]),
                             ("missed defects", [m for s in scores for m in s.missed])):
            if lines:
                print(f"\n{title} ({len(lines)}):")
                print("\n".join(f"  {line}" for line in lines))
    elif errors:
        print(f"\n{len(errors)} form(s) not read or not checked (--verbose lists them)")
    print()
    print(summary_line(scores, qa))
    return 0


if __name__ == "__main__":
    sys.exit(main())
