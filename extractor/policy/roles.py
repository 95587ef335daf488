"""A field's role from what it says: dose grammar, negated criteria, review time points, durations.

Method: each role scores the share of a field's sentences and list items that carry its cues —
a dose (amount and dose unit, "every N weeks"), a negation or exclusion verb opening the item
("not", "no", "should not", "contraindicated", "excluded"), a continuation or stopping verb
("continue", "renew", "stop", "discontinue") with a response word, a review or monitoring verb
with a time point ("review at 6 months", "monitor every 3 months"), an approval length ("approval
for 6 months", "valid for 12 months"), diagnostic confirmation ("confirmed by", "biopsy"), and
criteria wording ("patients with", "diagnosis of", list stems). The label is the stronger
evidence; :func:`content_roles` is consulted when the label names no role, or several. The
opening sentence decides first when it states what the field is ("… is not recommended for",
"Continue only if", "… is recommended … only if").
"""

from __future__ import annotations

import re

_DOSE = re.compile(r"\b\d+(?:[.,]\d+)?\s*(?:[-–]\s*\d+(?:[.,]\d+)?\s*)?(?:g|mg|mcg|µg|micrograms?|units?|IU|mL|ml)"
                   r"\s*/\s*(?:kg|m2|m²|day|dose)\b|\b\d+(?:\.\d+)?\s*(?:mg|g|mcg|units|IU)\b.{0,40}?\b(?:every|daily|weekly|"
                   r"once|twice|per|at weeks?)\b|\b(?:loading|maintenance|induction) dose\b"
                   r"|\bdoses?\s+(?:is|are|of)\s+\d+(?:[.,]\d+)?\s*(?:mg|g|mcg|µg|micrograms?|units?|IU|mL)\b", re.I)
_NEGATION = re.compile(r"^(?:patients?\s+(?:who|with)\s+\w+\s+)?(?:not|no|none|never|without)\b|\b(?:should|must|will|may)\s+not\b"
                       r"|\bcontra-?indicat|\bexclu(?:de|ded|sion)|\bnot\s+(?:be\s+)?(?:eligible|recommended|funded|"
                       r"commissioned|approved|covered|indicated)|\bineligib|\bdo\s+not\b|\bunless\b", re.I)
_CONTINUE = re.compile(r"\b(?:continu\w*|renew\w*|re-?authori[sz]\w*|stop\w*|discontinu\w*|withdraw\w*|cease\w*|"
                       r"subsequent\s+courses?)\b", re.I)
_RESPONSE = re.compile(r"\b(?:respon\w*|improve\w*|benefit|reduction|stabili[sz]\w*|sustained|maintained|"
                       r"no\s+longer)\b", re.I)
_REVIEW = re.compile(r"\b(?:review\w*|monitor\w*|assess\w*|measur\w*|record\w*|evaluat\w*|outcome\w*)\b", re.I)
_TIME_POINT = re.compile(r"\b(?:every|after|at|within|by)\s+(?:\d+|one|two|three|four|six|twelve)\s*(?:[-–]\s*\d+\s*)?"
                         r"(?:days?|weeks?|months?|years?|doses?|infusions?|cycles?)\b|\bannual\w*|\bbaseline\b", re.I)
_DURATION = re.compile(r"^(?:(?:initial|approval|authori[sz]ation|renewal)\s*[:\-–]?\s*)?(?:up\s+to\s+|for\s+|a\s+maximum\s+of\s+)?"
                       r"(?:\d+|one|two|three|six|twelve)\s*(?:days?|weeks?|months?|years?)\b"
                       r"|\b(?:approv\w*|authori[sz]\w*|valid|approval\s+period|duration)\b.{0,40}?\b(?:\d+|one|two|three|six|"
                       r"twelve)\s*(?:days?|weeks?|months?|years?)\b", re.I)
_DIAGNOSIS = re.compile(r"\b(?:confirmed\s+by|diagnos\w*|biopsy|electrophysiolog\w*|nerve\s+conduction|serolog\w*|"
                        r"genetic\s+testing|antibod\w+\s+positiv\w*|criteria\s+of\s+the)\b", re.I)
_CRITERIA = re.compile(r"\b(?:patients?|adults?|children|people|individuals?)\s+(?:with|who|aged|whose)\b|\b(?:diagnosis\s+of|"
                       r"documented|confirmed|history\s+of|failure\s+of|inadequate\s+response|intoleran\w+|refractory|"
                       r"recommended\s+(?:for|as|in|only))\b|\b(?:all|any|either|one|both)\s+(?:of\s+)?the\s+following\b",
                       re.I)
_PIECES = re.compile(r"(?:[^\n.;]|\.(?=\d)|\.(?!\s|$))+")
_EVIDENCE = re.compile(r"\b(?:randomi[sz]ed|placebo|trials?|stud(?:y|ies)|cohort|systematic\s+review|meta-analys\w+|"
                       r"evidence|certainty|quality\s+of|observational|registry|case\s+series|category\s+\d)\b", re.I)
_PURPOSE = re.compile(r"^(?:short[- ]term|long[- ]term|induction|maintenance|replacement|adjunctive|first[- ]line|"
                      r"second[- ]line)?\s*(?:treatment|therapy|prevention|management|prophylaxis|use)\b"
                      r"|\b(?:treatment|therapy|prophylaxis)\s+(?:of|in|for)\b", re.I)

#: What a field's opening sentence says it is about, strongest first: "X is not recommended for …",
#: "Continue only if …", "X is recommended as an option … only if".
_LEAD_CUES = (
    ("continuation_criteria", re.compile(
        r"^(?:stop|discontinue|continue|renew|withdraw)\b|\b(?:should|must|will|may|can)\s+(?:not\s+)?(?:only\s+)?be\s+"
        r"(?:continued|renewed|stopped|discontinued|withdrawn|re-?authori[sz]ed)\b", re.I)),
    ("exclusion_criteria", re.compile(
        r"\bnot\s+(?:be\s+)?(?:\w+\s+)?(?:recommended|funded|commissioned|approved|covered|indicated|eligible|offered|"
        r"used|given|started|reasonable|appropriate|necessary|payable|reimbursed)\b|\b(?:should|must|will)\s+not\b|\bexclu\w*|\bineligib\w*|\bcontra-?indicated\s+(?:in|for)\b", re.I)),
    ("continuation_criteria", re.compile(r"\b(?:continu\w*|renew\w*|stop\w*|discontinu\w*|re-?authori[sz]\w*|cease\w*)\b",
                                         re.I)),
    ("selection_criteria", re.compile(
        r"\brecommended\s+(?:as|for|in|only|when|if)\b|\beligib\w*|\bmay\s+be\s+(?:offered|funded|used|given|started)\b|"
        r"\b(?:funded|commissioned|approved|covered)\s+(?:for|when|if|only|in)\b|\bonly\s+if\b"
        r"|\breasonable\s+and\s+necessary\b|\b(?:all|any|either|both|each|one\s+or\s+more|at\s+least\s+\w+)\s+of\s+"
        r"(?:the\s+)?following\b", re.I)),
)

#: Least share of a field's pieces that must carry a role's cues for the content to decide.
MIN_SHARE = 0.34


def pieces(text: str) -> list[str]:
    """Sentences and list items of a field's text (split at line breaks, full stops and semicolons)."""
    return [p.strip(" •◦▪-–*\t") for p in _PIECES.findall(text) if len(p.split()) >= 2]


def content_roles(text: str) -> dict[str, float]:
    """Each role's share (0–1) of the field's pieces carrying its cues; roles with no cue are absent.

    Args:
        text: The field's text.

    Returns:
        ``{"dose": 0.8, "outcome_measures": 0.2}``; duration only for short fields.
    """
    parts = pieces(text) or [text.strip()]
    n = len(parts)
    scores: dict[str, float] = {}

    def share(role: str, hits: int) -> None:
        if hits:
            scores[role] = round(hits / n, 3)

    share("dose", sum(bool(_DOSE.search(p)) for p in parts))
    share("exclusion_criteria", sum(bool(_NEGATION.search(p)) for p in parts))
    share("continuation_criteria", sum(bool(_CONTINUE.search(p)) for p in parts))
    share("outcome_measures", sum(bool(_REVIEW.search(p)) and bool(_TIME_POINT.search(p) or _RESPONSE.search(p))
                                  for p in parts))
    if len(text.split()) <= 25:
        share("duration", sum(bool(_DURATION.search(p)) for p in parts))
    share("diagnosis", sum(bool(_DIAGNOSIS.search(p)) for p in parts))
    share("selection_criteria", sum(bool(_CRITERIA.search(p)) for p in parts))
    share("evidence", sum(bool(_EVIDENCE.search(p)) for p in parts))
    if len(parts) == 1 and len(text.split()) <= 30 and _PURPOSE.search(parts[0]) and not _NEGATION.search(parts[0]):
        scores["indication_for_use"] = 1.0
    return scores


def lead_role(text: str) -> str | None:
    """The criteria role a field's opening sentence states ("… is not recommended for …" →
    exclusion), when it states one and no dose fills it."""
    parts = pieces(text)
    if not parts:
        return None
    # A stem ("ERT should be stopped if any of the following occur:") governs the list under it,
    # so it speaks before an opening sentence that only introduces ("FVC is reviewed every 6 months").
    stems = [p for p in parts if p.rstrip().endswith(":")]
    for sentence in stems + [parts[0]]:
        if _DOSE.search(sentence):
            continue
        for role, pattern in _LEAD_CUES:
            if pattern.search(sentence):
                return role
    return None


def instruction_role(text: str) -> str | None:
    """The criteria role an instruction sentence states for numbered criteria ("Approve if ALL of
    criteria 1–4 AND EITHER 5 OR 6 are met" → selection; "Renew if criteria 1 and 2 are met" →
    continuation), wherever it stands in the field; None without one."""
    from extractor.nlp.criteria_tree import is_instruction

    for piece in pieces(text):
        if is_instruction(piece):
            if re.search(r"\b(?:renew\w*|continu\w*|re-?authori[sz]\w*)\b", piece, re.I):
                return "continuation_criteria"
            if re.search(r"\b(?:approv\w*|authori[sz]\w*|eligib\w*|fund\w*|cover\w*|start\w*|initiat\w*)\b",
                         piece, re.I):
                return "selection_criteria"
    return None


def states_duration(text: str) -> bool:
    """Whether ``text`` opens by stating how long an approval lasts ("Initial approval for 6 months;
    renewal subject to …", "Approval for 12 months only"): its first clause names an approval
    length and no patient."""
    first = re.split(r"[;.](?:\s|$)", text.strip(), maxsplit=1)[0]
    return bool(_DURATION.search(first)) and not _CRITERIA.search(first) and len(first.split()) <= 12


def role_from_content(text: str, among: set[str] | None = None) -> str | None:
    """The role the content points at, optionally among the roles a label's words name.

    Exclusion wins over selection when both are cued (exclusions are criteria with negation), a
    dose wins over review when doses fill most of the field, and the content must cue at least
    :data:`MIN_SHARE` of the pieces (less will do when choosing among a label's roles).
    """
    lead = lead_role(text)
    if lead is not None and (among is None or lead in among):
        return lead
    stated = instruction_role(text)
    if stated is not None and (among is None or stated in among):
        return stated
    scores = content_roles(text)
    if among:
        scores = {role: score for role, score in scores.items() if role in among}
        if not scores:
            return None
    if not scores:
        return None
    if scores.get("dose", 0) >= 0.5 and (among is None or "dose" in among):
        return "dose"  # "must not exceed 2 g/kg per course" in a dosing field is a limit, not an exclusion
    if scores.get("exclusion_criteria", 0) >= MIN_SHARE and scores.get("exclusion_criteria", 0) >= scores.get(
            "selection_criteria", 0) * 0.5:
        scores["exclusion_criteria"] += 0.5
    if scores.get("diagnosis", 0) and scores.get("selection_criteria", 0) >= scores["diagnosis"]:
        scores["diagnosis"] -= 0.1
    best = max(scores, key=lambda role: scores[role])
    if among is None and scores[best] < MIN_SHARE:
        return None
    return best


__all__ = ["MIN_SHARE", "content_roles", "lead_role", "pieces", "role_from_content", "states_duration"]
