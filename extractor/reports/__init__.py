"""Reports of QA findings: json, text, csv, sarif and html.

Every renderer takes a list of result dicts, each ``{"source", "kind", "findings": [...]}``
(the ``extractor qa`` JSON), optionally with ``rows`` (per change-form row: ``index``,
``original``, ``new``, ``section``, ``reason``, ``date``) for diffs, ``_text`` (the checked
document text, for line/column positions and excerpts) and ``error`` (an input that could not
be read). Other commands (``reconcile``, ``batch``) reuse them with their own findings.

>>> render([{"source": "a.txt", "kind": "document", "findings": []}], "text")  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from extractor.errors import UsageError

#: Output formats :func:`render` knows.
FORMATS = ("json", "text", "csv", "sarif", "html")


def render(results: list[dict[str, Any]], fmt: str, **options: Any) -> str:
    """Render QA results in ``fmt``.

    Args:
        results: One dict per checked input (see the module docstring).
        fmt: ``json``, ``text``, ``csv``, ``sarif`` or ``html``.
        **options: Passed to the renderer (``title`` for html, ``tool_version`` for sarif).

    Returns:
        The report text.

    Raises:
        UsageError: Unknown format.
    """
    renderers: dict[str, Callable[..., str]]
    from extractor.reports import csv_report, html_report, json_report, sarif_report, text_report

    renderers = {"json": json_report.render, "text": text_report.render, "csv": csv_report.render,
                 "sarif": sarif_report.render, "html": html_report.render}
    try:
        renderer = renderers[fmt]
    except KeyError:
        raise UsageError(f"unknown report format {fmt!r}; expected one of {list(FORMATS)}") from None
    return renderer(results, **options)


__all__ = ["FORMATS", "render"]
