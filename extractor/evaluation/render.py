"""Rendering evaluation results: text and markdown tables (pandas), JSON, and a self-contained HTML
report (Jinja2 template ``extractor/templates/evaluation_report.html.j2``, inline CSS/JS)."""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from extractor import __version__

_DIGITS = 3
_SPAN_COLUMNS = ["precision", "recall", "f1", "f1_low", "f1_high", "support", "predicted", "correct", "incorrect",
                 "partial", "missed", "spurious"]


@dataclass
class Section:
    """One titled table of a report."""

    title: str
    frame: pd.DataFrame
    note: str = ""
    index: list[str] = field(default_factory=list)


@dataclass
class Report:
    """Everything one ``extractor evaluate`` run prints.

    Attributes:
        title: Heading.
        meta: Key facts (gold path, documents, predictions source, bootstrap settings).
        sections: Score tables.
        errors: The error-analysis table (column ``cause``), or empty.
        regression: Changed items between two runs, or None.
        data: The JSON payload.
    """

    title: str
    meta: dict[str, Any]
    sections: list[Section]
    errors: pd.DataFrame
    regression: pd.DataFrame | None = None
    data: dict[str, Any] = field(default_factory=dict)


def _rounded(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    for column in frame.columns:
        if pd.api.types.is_float_dtype(frame[column]):
            frame[column] = frame[column].round(_DIGITS)
    return frame


def _display(section: Section) -> pd.DataFrame:
    frame = _rounded(section.frame)
    if frame.empty:
        return frame
    if {"f1_low", "f1_high"} <= set(frame.columns):
        ci = [("" if (isinstance(lo, float) and math.isnan(lo)) else f"{lo:.3f}–{hi:.3f}")
              for lo, hi in zip(frame["f1_low"], frame["f1_high"])]
        frame = frame.drop(columns=["f1_low", "f1_high"])
        frame.insert(list(frame.columns).index("f1") + 1, "f1_ci", ci)
    frame = frame.dropna(axis=1, how="all")
    if section.index:
        frame = frame.set_index(section.index)
    return frame.astype(object).where(frame.notna(), "")


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """JSON-ready rows: NaN/NA → null, numpy scalars → Python."""
    return json.loads(frame.to_json(orient="records", force_ascii=False))


def to_text(report: Report, *, markdown: bool = False, max_errors: int | None = None) -> str:
    """The report as plain-text tables (``to_string``) or markdown (``to_markdown``)."""
    lines: list[str] = []
    heading = (lambda text, level=2: f"{'#' * level} {text}") if markdown else (lambda text, level=2: text if level > 1
                                                                                else text.upper())
    lines.append(heading(report.title, 1))
    lines.append("")
    for key, value in report.meta.items():
        lines.append(f"- {key}: {value}" if markdown else f"{key}: {value}")
    for section in report.sections:
        lines += ["", heading(section.title)]
        if section.note:
            lines.append(section.note if markdown else f"({section.note})")
        lines.append("")
        frame = _display(section)
        if frame.empty:
            lines.append("(none)")
        else:
            lines.append(frame.reset_index().to_markdown(index=False) if markdown and section.index
                         else frame.to_markdown() if markdown else frame.to_string())
    if report.regression is not None:
        lines += ["", heading("Items that changed")]
        lines.append("")
        frame = report.regression.astype(object).where(report.regression.notna(), "")
        lines.append("(none)" if frame.empty else
                     (frame.to_markdown(index=False) if markdown else frame.to_string(index=False)))
    if not report.errors.empty:
        counts = report.errors["cause"].value_counts()
        lines += ["", heading("Errors by cause"), ""]
        lines.append(", ".join(f"{cause}: {count}" for cause, count in counts.items()))
        shown = report.errors if max_errors is None else report.errors.head(max_errors)
        for cause, group in shown.groupby("cause", sort=False):
            lines += ["", heading(f"{cause} ({counts[cause]})", 3), ""]
            columns = [c for c in group.columns if c != "cause" and group[c].notna().any() and (group[c] != "").any()]
            frame = group[columns].astype(object).where(group[columns].notna(), "")
            lines.append(frame.to_markdown(index=False) if markdown else frame.to_string(index=False))
        if max_errors is not None and len(report.errors) > max_errors:
            lines += ["", f"… {len(report.errors) - max_errors} more errors (see --format json or --report)"]
    elif report.errors is not None:
        lines += ["", heading("Errors by cause"), "", "(none)"]
    return "\n".join(lines) + "\n"


def to_json(report: Report) -> str:
    """The JSON payload, two-space indent."""
    return json.dumps(report.data, ensure_ascii=False, indent=2, allow_nan=False, default=str) + "\n"


def _highlight(context: str) -> Any:
    from markupsafe import Markup, escape

    if "[[" not in context:
        return escape(context)
    before, _, rest = context.partition("[[")
    inside, _, after = rest.partition("]]")
    return Markup(f"{escape(before)}<mark>{escape(inside)}</mark>{escape(after)}")


def to_html(report: Report) -> str:
    """The self-contained HTML report."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    environment = Environment(loader=PackageLoader("extractor", "templates"),
                              autoescape=select_autoescape(["html", "j2"]), trim_blocks=True, lstrip_blocks=True)
    template = environment.get_template("evaluation_report.html.j2")
    tables = []
    for section in report.sections:
        frame = _display(section)
        frame = frame.reset_index() if section.index and not frame.empty else frame
        tables.append({"title": section.title, "note": section.note, "columns": list(frame.columns),
                       "rows": frame.values.tolist(), "f1": "f1" in frame.columns})
    errors = []
    if not report.errors.empty:
        for row in report.errors.to_dict(orient="records"):
            row = {k: ("" if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA else v)
                   for k, v in row.items()}
            row["context_html"] = _highlight(str(row.get("context", "")))
            errors.append(row)
    causes = report.errors["cause"].value_counts().to_dict() if not report.errors.empty else {}
    regression = None
    if report.regression is not None:
        frame = report.regression.astype(object).where(report.regression.notna(), "")
        regression = {"columns": list(frame.columns), "rows": frame.values.tolist()}
    return template.render(title=report.title, meta=report.meta, tables=tables, errors=errors, causes=causes,
                           regression=regression, version=__version__,
                           generated=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"))


__all__ = ["Report", "Section", "records", "to_html", "to_json", "to_text"]
