"""SARIF 2.1.0 report: one run, the rules with ids, one result per finding.

Levels: error → ``error``, warning → ``warning``, info → ``note``. A finding in running text
gets a physical region with line and column (computed from the document text when the result
carries it as ``_text``) and character offsets; a change-form finding gets the source file
and a logical location ``rows[<row>].<field>``.
"""

from __future__ import annotations

import json
from typing import Any

from extractor import __version__
from extractor.reports.common import line_column

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
RULE_HELP = {
    "spelling": "A word that looks like a misspelling of a known word.",
    "repeated-word": "A word or phrase written twice in a row.",
    "stale-reference": "A renamed or abolished body, withdrawn or replaced guidance, retired host, or old citation.",
    "broken-link": "A link that is malformed, broken, redirects, times out or is rate-limited.",
    "no-op-change": "A change-form row whose original and new text are the same.",
    "reason-mismatch": "A change claimed as editorial that alters numbers, units, negation, drugs or logic.",
    "numeric-change": "A threshold, dose or interval that changed, for clinical sign-off.",
    "date-anomaly": "A change date that is unreadable, in the future, too early or out of line.",
    "unit-style": "A unit written in a non-preferred or inconsistent style.",
    "abbreviation": "An abbreviation used before or without its definition, or defined two ways.",
}


def _location(result: dict[str, Any], finding: dict[str, Any]) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": str(result.get("source", ""))}}
    location: dict[str, Any] = {"physicalLocation": physical}
    start, end = finding.get("start"), finding.get("end")
    if finding.get("row") is not None:
        field = finding.get("field")
        name = f"rows[{finding['row']}]" + (f".{field}" if field else "")
        location["logicalLocations"] = [{"name": name, "fullyQualifiedName": name, "kind": "member"}]
        if finding.get("page") is not None:
            location["properties"] = {"page": finding["page"]}
        return location
    if start is not None and end is not None:
        region: dict[str, Any] = {"charOffset": start, "charLength": max(0, end - start)}
        text = result.get("_text")
        if text:
            region["startLine"], region["startColumn"] = line_column(text, start)
            region["endLine"], region["endColumn"] = line_column(text, end)
        region["snippet"] = {"text": finding.get("text", "")}
        physical["region"] = region
    if finding.get("page") is not None:
        location["properties"] = {"page": finding["page"]}
    return location


def render(results: list[dict[str, Any]], *, tool_version: str = __version__, **_: Any) -> str:
    """Return the SARIF log as JSON text."""
    rule_ids: list[str] = list(RULE_HELP)
    for result in results:
        for finding in result.get("findings", []):
            if finding.get("rule") not in rule_ids:
                rule_ids.append(finding["rule"])
    rules = [{"id": rule, "name": rule, "shortDescription": {"text": RULE_HELP.get(rule, rule)}}
             for rule in rule_ids]
    out_results = []
    for result in results:
        for finding in result.get("findings", []):
            properties = {k: v for k, v in finding.items()
                          if k not in ("rule", "severity", "message") and v is not None}
            sarif: dict[str, Any] = {
                "ruleId": finding.get("rule"), "ruleIndex": rule_ids.index(finding.get("rule")),
                "level": LEVELS.get(finding.get("severity", ""), "note"),
                "message": {"text": finding.get("message", "")},
                "locations": [_location(result, finding)],
                "properties": {"severity": finding.get("severity"), **properties},
            }
            if finding.get("suggestion"):
                sarif["message"]["text"] += f" (suggestion: {finding['suggestion']})"
            out_results.append(sarif)
    invocations = [{"executionSuccessful": not any(r.get("error") for r in results),
                    "toolExecutionNotifications": [
                        {"level": "error", "message": {"text": f"{r.get('source')}: {r['error']}"}}
                        for r in results if r.get("error")]}]
    log = {"$schema": SCHEMA, "version": "2.1.0",
           "runs": [{"tool": {"driver": {"name": "extractor-qa", "version": tool_version,
                                         "rules": rules}},
                     "artifacts": [{"location": {"uri": str(r.get("source", ""))}} for r in results],
                     "invocations": invocations,
                     "results": out_results}]}
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"
