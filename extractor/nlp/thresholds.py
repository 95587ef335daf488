"""Lab thresholds: an analyte compared with a value in a unit ("serum IgG of < 4g/l").

Method: the quantity scanner (:mod:`extractor.nlp.quantities`) finds every number with its unit
and power of ten; a quantity is a threshold when a comparator phrase ends right before it
("below", "≥", "no more than"), a comparator phrase follows it ("4 g/L or less"), or it is joined
to another value as a range ("between 4 and 6 g/L", "4–6 g/L"), and its unit is a lab unit, or an
analyte from the lexicon stands before it. The analyte is the last lexicon entry in the clause
before the comparator, else the nearest noun-like words. Shares of people ("31% of patients"),
ages, dates and counts are left out. Rules are data: ``resources/nlp/thresholds.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import ensure_path

import extractor.nlp.registry  # noqa: F401  (registers the config functions)
from extractor.nlp.quantities import Quantity, number_value, scan, sentence_bounds
from extractor.nlp.resources import ThresholdRules, Unit, UnitTable, phrase_pattern, threshold_rules, unit_table

#: How far back (characters) the analyte may stand from the comparator.
ANALYTE_WINDOW = 80
_TAG_BEFORE = re.compile(r"<[A-Za-z/][^<>]*>\s*\Z")
_STOP_WORDS = {
    "of", "is", "are", "was", "were", "be", "been", "being", "level", "levels", "value", "values", "that",
    "which", "usually", "typically", "persistently", "consistently", "a", "an", "the", "with", "has", "have",
    "having", "when", "if", "where", "remains", "remain", "must", "should", "and", "or", "in", "on", "at",
    "to", "for", "by", "as", "its", "their", "his", "her", "patient", "patients", "who", "still", "not",
    "any", "all", "either", "both", "than", "least", "most", "concentration", "count", "measured", "result", "results",
    "high", "low", "evidence", "e.g.", "i.e.", "despite", "plus", "mean", "median", "baseline", "at",
    "serum", "plasma", "blood", "s", "it", "this", "these", "those", "there", "after", "before", "following",
    # clause words and leading adjectives that are never part of an analyte's name ("a recent X level")
    "whose", "whom", "only", "also", "but", "nor", "no", "unless", "until", "while", "whilst", "although",
    "from", "into", "within", "between", "during", "per", "had", "require", "requires", "required", "requiring",
    "need", "needs", "shows", "show", "showing", "indicated", "defined", "considered", "documented", "confirmed",
    "demonstrated", "demonstrating", "recent", "latest", "current", "previous", "prior", "repeat", "initial",
    "pretreatment", "pre-treatment", "post-treatment", "sustained", "persistent", "consecutive", "most", "last",
    "stays", "stay", "measurement", "measurements", "reading", "readings", "concentrations", "counts",
    "detectable", "undetectable", "our", "your", "they", "we", "you", "he", "she", "rising", "falling",
    "increasing", "decreasing", "declining", "elevated", "raised", "reduced", "protective", "positive",
    "negative", "abnormal", "normal", "will", "would", "can", "could", "may", "might", "shall", "about",
    "approximately", "around", "roughly", "reaches", "reached", "reach",
}
#: Specimens a measurement is taken in ("activity in leucocytes", "protein in CSF").
_CELLS_AND_FLUIDS = {"leucocytes", "leukocytes", "lymphocytes", "erythrocytes", "fibroblasts", "plasma", "serum",
                     "urine", "csf", "saliva", "sputum", "stool", "blood", "dried"}
#: Specimen words: part of a phrase not in the lexicon ("plasma viscosity"), never a phrase on their own.
_SPECIMEN_WORDS = {"serum", "plasma", "blood", "urine", "urinary", "whole"}
#: Stop words that may stand between an analyte and its comparator inside the threshold's span
#: ("maximal inspiratory pressure is less than", "calprotectin level in excess of"); any other stop word
#: (where, when, if, with, has, a, the, and, or, despite, only, their ...) ends the analyte's clause.
_LINK_WORDS = {
    "of", "is", "are", "was", "were", "be", "been", "being", "level", "levels", "value", "values", "usually",
    "typically", "persistently", "consistently", "remains", "remain", "stays", "stay", "still", "concentration",
    "concentrations", "count", "counts", "measured", "measurement", "measurements", "result", "results",
    "reading", "readings", "reaches", "reached", "reach", "must", "should",
}
_WORD = re.compile(r"(?:\d+-)?[^\W\d_][\w+\-/]*")
#: Unit kinds read by the unit library (:mod:`extractor.nlp.ucum`) that are measurements on their own.
_OPEN_LAB_KINDS = {"velocity", "rate", "activity_concentration", "substance_concentration", "mass_concentration",
                   "count_concentration", "other", "substance_per_mass", "count_ratio"}
#: Content words that never name what is measured ("patients > 18", "dose < 2 g/kg").
_NOT_ANALYTES = {"patients", "patient", "subjects", "people", "dose", "doses", "duration", "period", "total",
                 "interval", "time", "history", "use", "treatment", "therapy", "course", "courses", "cycle",
                 "cycles", "age", "aged", "years", "months", "weeks", "days", "men", "women", "males", "females",
                 "children", "adults"}
_AGE_UNITS = {"a", "mo", "wk", "d"}
#: The dilution of a titre written after "1" ("1:40").
_TITRE = re.compile(r"\s*:\s*(\d{1,6})(?![\d.])")
_BRACKET_OPEN = re.compile(r"\s*[(\[]\s*(?:=|≈|~|approx\.?|approximately|i\.e\.,?|equivalent to)?\s*")
_BRACKET_CLOSE = re.compile(r"\s*[)\];,]")
_SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")
#: When a measurement is taken, written between its name and its value.
_TIME_QUALIFIER = re.compile(r"\b(?:on|at)\s+(?:the\s+)?(?:admission|baseline|screening|diagnosis|entry|enrol?ment|"
                             r"randomi[sz]ation|presentation|referral|inclusion)\b", re.IGNORECASE)
#: "6 points or more": the comparator after the word "points".
_POINTS = re.compile(r"\s*(?:percentage\s+)?(?:points?|pts)\b", re.IGNORECASE)
#: A measurement's change, written with a verb before "by" ("falls by", "has fallen by at least") ...
_CHANGE_VERB = re.compile(r"\s+(?:has\s+|have\s+|is\s+|must\s+|should\s+)?(?:not\s+)?(?P<verb>falls?|fallen|fell|drops?|dropped|"
                          r"decreases?|decreased|declines?|declined|reduces?|reduced|rises?|risen|rose|increases?|"
                          r"increased|improves?|improved|prolonged|lengthened|shortened)\s+by\s+\Z", re.IGNORECASE)
#: ... or with a noun ("a decrease in LVEF of", "an increase in total SOFA score of", "a decline of").
_CHANGE_NOUN = re.compile(r"\b(?P<noun>reduction|decrease|decline|fall|drop|increase|rise|improvement)"
                          r"(?:\s+(?:in|of)\s+(?P<what>(?:the\s+)?[\w-]+(?:\s+[\w-]+){0,3}?))?"
                          r"(?:\s+(?:of|is|was|by))?\s*\Z", re.IGNORECASE)
_CHANGE_STEMS = ("redu", "decr", "decl", "fall", "fell", "drop", "rise", "risen", "rose", "incr", "impr", "prol",
                 "leng", "shor")
#: The noun of a change as written, from the first letters of its verb or noun ("has declined by" →
#: "decline in FVC", "a decrease in ACQ-5" → "decrease in ACQ-5"): the author's word is kept.
_CHANGE_DIRECTION = {"fall": "fall", "fell": "fall", "drop": "drop", "decr": "decrease",
                     "decl": "decline", "redu": "reduction", "rise": "rise", "ris": "rise",
                     "rose": "rise", "incr": "increase", "impr": "improvement", "prol": "prolongation",
                     "leng": "lengthening", "shor": "shortening"}
_NEGATED = {"<": ">=", "<=": ">", ">": "<=", ">=": "<", "=": "="}
#: Comparators written as a word and an "or equal": the grammar, not a list of spellings.
_UP = r"greater|more|higher|larger|bigger|above|over|exceeding"
_DOWN = r"less|fewer|lower|smaller|below|under"
_COMPOUND_COMPARATOR = re.compile(
    rf"(?:(?P<sym>[<>])\s*(?:or|/)\s*=|"
    rf"\b(?:(?P<up>{_UP})|{_DOWN})(?:\s+than)?\s*(?:or|/|and/or)?\s*equal(?:s)?(?:\s+to)?"
    rf"|equal(?:s)?(?:\s+to)?\s*(?:or|/)\s*(?:(?P<up2>{_UP})|{_DOWN})(?:\s+than)?)\s*(?:of\s+)?\Z", re.IGNORECASE)
#: A symbol repeating the comparator words in brackets: "greater than (>)", "less than or equal to (=<)".
_ECHOED_SYMBOL = re.compile(r"(?<=[a-z])\s*\(\s*[<>≤≥=/]{1,3}\s*\)\s*\Z", re.IGNORECASE)
#: "over the age of 18", "up to the age of 35": the comparator stands before the age words.
_COMPARATOR_THEN_AGE = re.compile(r"\s+(?:the\s+)?age(?:\s+of)?\s*\Z", re.IGNORECASE)
#: Words that may follow a unitless value or a percentage without making it a count of things
#: ("DAS28 > 5.1 confirmed on 2 occasions", "EDSS 0 to 5.5 inclusive", "ECOG ≤ 2 and").
_AFTER_VALUE_WORDS = {
    "or", "and", "on", "at", "in", "for", "with", "despite", "after", "before", "but", "while", "whilst", "when",
    "if", "x", "×", "during", "within", "as", "who", "which", "that", "whose", "by", "is", "are", "was", "were",
    "be", "has", "have", "had", "than", "to", "from", "the", "a", "an", "unless", "until", "since",
    "points", "point", "pts", "percentage", "inclusive", "out", "nor", "following", "over", "under", "above", "below",
    "measured",
}
#: What a percentage may be a share of and still be a measurement ("5% of the mean normal value").
_REFERENCE_OF = re.compile(r"\s*of\s+(?:the\s+)?(?:mean\s+|expected\s+|laboratory\s+)?(?:normal|predicted|mean|"
                           r"reference|baseline|control|expected|upper|lower|nadir|total|ideal)\b", re.IGNORECASE)
#: What may follow a level: not a letter or a decimal ("0,5 mg"); "0,1 or 2" is a list of levels.
_LEVEL_END = r"(?!\w|\.\d|,\d+(?!\s*(?:,|or\b|and\b)))"
_LEVEL = r"(?:10|[0-9]|[IVX]{1,4}|[ivx]{1,4})" + _LEVEL_END
#: What joins two levels: "0, 1, or 2", "III or IV", "I–II", "1 to 3".
_LEVEL_JOIN = r"[ \t]*(?:,[ \t]*(?:or|and)|,|or|and|to|-|–|/)[ \t]*"
#: Where a scale may be written: two levels joined, or one level after a scale word.
_SCALE_HINT = re.compile(
    r"(?=[0-9IVX])(?<![\w.,/-])(?:10|[0-9]|[IVX]{1,4})[ \t]*(?:,|or|and|to|-|–|/)[ \t]*(?:10|[0-9]|[IVX]{1,4})"
    + _LEVEL_END
    + r"|(?=[cgsCGS])\b(?i:class|grade|stage|status|score|classification|category)[ \t]*(?:of[ \t]+|[<>≤≥]=?[ \t]*)?"
      r"(?:10|[0-9]|[IVX]{1,4}|[ivx]{1,4})" + _LEVEL_END
    + r"|\b[A-Z]{2,}[ \t]+(?:I{2,3}|IV)" + _LEVEL_END)
_SCALE = re.compile(
    r"(?P<name>(?:[A-Z][\w&-]*|[a-z][\w-]*)(?:[ \t]+(?:&[ \t]+)?[\w-]+){0,5}?[ \t]+)??"
    r"(?:\([^()]{1,40}\)[ \t]+)?"
    r"(?P<head>(?i:(?:functional[ \t]+|physical[ \t]+|performance[ \t]+)?(?:class(?:es)?|grades?|stages?|"
    r"status|score|classification|category|PS))[ \t]*)?"
    r"(?:\([^()]{1,40}\)[ \t]*)?(?:of[ \t]+|:[ \t]*|(?P<comp>[<>≤≥]=?)[ \t]*)?"
    rf"(?P<levels>{_LEVEL}(?:{_LEVEL_JOIN}{_LEVEL})*)"
    r"(?P<tail>[ \t]+(?:or|and)[ \t]+(?:greater|higher|more|above|worse|over|less|lower|below|better))?")
#: A scale word alone: a scale read without its name (the name stands on the line before).
_SCALE_HEADS = {"score", "scores", "grade", "grades", "class", "classes", "stage", "stages", "status", "category",
                "classification", "ps"}
#: Lower-case words inside a scale's name ("ASA physical status", "WHO performance status").
_SCALE_NAME_INNER = {"performance", "physical", "functional", "status", "global", "severity", "disability"}
#: Words a scale's name may be made of, read back from the levels: capitalised words and acronyms.
_NAME_WORD = re.compile(r"(?:[A-Z][\w-]*|&|and|of|\d+)\Z")


def _measure_name(written: str) -> str:
    """A measurement's name as written, on one line, its bracketed short form standing for the long
    form before it ("Asthma Control Questionnaire (ACQ-6) score" → "ACQ-6 score")."""
    name = " ".join(written.split())
    bracket = re.fullmatch(r"(?P<long>.+?)\s*\((?P<short>[^()]{2,12})\)\s*(?P<rest>.*)", name)
    if bracket and _abbreviation_like(bracket.group("short")):
        return " ".join((bracket.group("short") + " " + bracket.group("rest")).split())
    return name


def _change_before(text: str, lo: int, comp_start: int) -> Analyte | None:
    """A change of a measurement as the analyte: "the PHQ-9 falls by 6 points or more", "BASDAI has fallen
    by at least 50%", "a decrease in LVEF of 10 percentage points or more", "a decline of at least 20
    points" → "reduction in PHQ-9", "increase in SOFA score" ...; the direction from the verb or noun."""
    window = text[max(lo, comp_start - 90):comp_start]
    lower = window.lower()
    if not any(stem in lower for stem in _CHANGE_STEMS):
        return None  # the common case, tested cheaply
    base = comp_start - len(window)
    verb = _CHANGE_VERB.search(window) if " by" in lower[-20:] else None
    if verb is not None:
        phrase = noun_phrase_before(window[:verb.start()])
        if phrase is None or not phrase[2] or not _only_link_words(window[phrase[1]:verb.start()]):
            return None  # "the total AN count has fallen by": only link words between
        direction = _CHANGE_DIRECTION[verb.group("verb").lower().rstrip("sned")[:4]]
        what = _measure_name(window[phrase[0]:phrase[1]])
        return Analyte(f"{direction} in {what}", base + phrase[0], False, True, base + verb.end("verb"))
    noun = _CHANGE_NOUN.search(window)
    if noun is not None:
        direction = _CHANGE_DIRECTION[noun.group("noun").lower()[:4]]
        what = noun.group("what")
        if what:
            return Analyte(f"{direction} in {' '.join(what.split())}", base + noun.start(), False, True,
                           base + noun.end("what"))
        if noun.group("noun").lower() in ("fall", "drop", "rise"):
            return None  # "falls below 50": a comparator, not a change
        phrase = noun_phrase_before(window[:noun.start()])
        if phrase is not None and phrase[2] and phrase[1] == len(window[:noun.start()].rstrip()):
            # "BASDAI reduction of ≥ 50%"
            return Analyte(f"{direction} in {_measure_name(window[phrase[0]:phrase[1]])}", base + phrase[0], False,
                           True, base + noun.end("noun"))
    return None


#: The measurement a change names after its value: "improvement of at least 1 point on the INCAT
#: disability score", "a 75% reduction in the PASI score".
_CHANGED_WHAT = re.compile(r"\s*(?:percentage\s+)?(?:points?|pts)?\s*(?:or\s+(?:more|greater|above))?\s*"
                           r"(?:on|in|of)\s+(?:the\s+)?(?:patient'?s\s+)?(?P<what>[\w-]+(?:[ \t]+[\w-]+){0,4}?)"
                           r"(?=[ \t]*(?:[,.;:()\n]|$|\b(?:from|at|after|compared|since|over|within|and|or|by|when|to|"
                           r"relative|versus|vs|of)\b))", re.IGNORECASE)
_CHANGE_WORD = re.compile(r"\b(?P<noun>reduction|decrease|decline|fall|drop|increase|rise|improvement)"
                          r"(?:\s+(?:of|by))?\s*\Z", re.IGNORECASE)
#: A percentage change written before its noun, the value a minimum: "a 75% reduction in the PASI".
_VALUE_THEN_CHANGE = re.compile(r"\s*(?P<noun>reduction|decrease|decline|fall|drop|increase|rise|improvement)\s+"
                                r"(?:in|of)\s+(?:the\s+)?(?P<what>[\w-]+(?:[ \t]+[\w-]+){0,4}?)"
                                r"(?=\s*(?:[,.;:()]|$|\b(?:from|at|after|compared|since|over|within|and|or|by|when|"
                                r"relative|versus|vs)\b))", re.IGNORECASE)


#: A change in points written before its noun: "a 5-point reduction in DLQI".
_POINT_CHANGE = re.compile(r"(?:-|\s*)(?:percentage[ -])?points?(?=[\s-])" + _VALUE_THEN_CHANGE.pattern,
                           re.IGNORECASE)


#: Words that make a value an estimate: "about 5 to 8 cm", "approximately 20-30%".
_ESTIMATE = re.compile(r"(?:\b(?:about|approximately|approx\.|around|roughly|circa|an\s+average\s+of|a\s+mean\s+of)"
                       r"|[~≈])\s*\Z", re.IGNORECASE)
#: A time word right before a unitless range: "at days 2 to 4", "weeks 12-16".
_TIME_POINTS_BEFORE = re.compile(r"\b(?:days?|weeks?|months?|years?|hours?|cycles?|visits?|doses?|courses?)\s*\Z",
                                 re.IGNORECASE)
#: Words numbering parts of a document right before a unitless range: "criteria 1–4", "items 3 to 6".
_NUMBERED_THINGS_BEFORE = re.compile(r"\b(?:criteria|criterion|items?|questions?|steps?|rows?|sections?|parts?|"
                                     r"pages?|appendi(?:x|ces)|tables?|figures?|lines?|paragraphs?)\s*\Z", re.IGNORECASE)
#: A scale's maximum, not a bound: "≥ 5 out of a maximum of 8", "out of 10".
_OUT_OF = re.compile(r"\bout\s+of\s+(?:a\s+)?(?:(?:maximum|possible|total)\s+(?:of\s+)?)?\Z", re.IGNORECASE)
#: What makes a time a period or a time point rather than a measured duration: "over 78 weeks",
#: "at least 36 hours after the end of the infusion".
_PERIOD_BEFORE = re.compile(r"\b(?:over|within|during|for|in)\s*\Z", re.IGNORECASE)
_TIME_POINT_AFTER = re.compile(r"\s*(?:after|before|since|following|post|prior|from|of\s+(?:treatment|therapy|"
                               r"starting|stopping|the))\b", re.IGNORECASE)


def _change_named_after(text: str, lo: int, comp_start: int, value_end: int, hi: int) -> Analyte | None:
    """A change whose noun precedes the value and whose measurement follows it: "improvement of at
    least 1 point on the INCAT disability score" → "improvement in INCAT disability score"."""
    noun = _CHANGE_WORD.search(text, max(lo, comp_start - 40), comp_start)
    if noun is None or noun.end() < comp_start - 1 and text[noun.end():comp_start].strip():
        return None
    what = _CHANGED_WHAT.match(text, value_end, hi)
    if what is None:
        return None
    direction = _CHANGE_DIRECTION[noun.group("noun").lower()[:4]]
    name = " ".join(what.group("what").split())
    return Analyte(f"{direction} in {name}", noun.start(), False, True, what.end("what"))


#: What a percentage is a share of, when that is what is measured: "50% of serotypes reaching a
#: protective titre", "< 50% of serotypes tested".
_SHARE_OF = re.compile(r"\s*of\s+(?:the\s+|all\s+)?(?P<what>[^\W\d_][\w-]*(?:\s+[\w-]+){0,4}?)"
                       r"(?=\s*(?:[,.;:()]|$|\b(?:and|or|tested|measured|after|before|in|on|at|from|within|with|"
                       r"when|if|despite|following|compared)\b))", re.IGNORECASE)


#: The measurement named after a value and its comparator: "a 70% or greater stenosis".
_NAMED_AFTER = re.compile(r"\s*(?P<what>[^\W\d_][\w-]*(?:\s+[\w-]+){0,2}?)"
                          r"(?=\s*(?:[,.;:()]|$|\b(?:of|in|on|at|by|with|and|or|from|after|before)\b))", re.IGNORECASE)


def _counts_events(name: str, events: frozenset[str]) -> bool:
    """Whether an analyte is a change in a count of events ("reduction in exacerbations needing …"):
    the changed thing is named by a consequence that defines events ("… requiring admission"), or
    ``events`` (the rules' ``event_words``) name it."""
    direction, _, what = name.partition(" in ")
    if not what or direction not in _CHANGE_DIRECTION.values():
        return False
    words = what.split()
    return any(word.lower() in events for word in words[:2]) or (
        len(words) > 1 and words[0].endswith("s") and _HISTORY_AFTER.match(" " + " ".join(words[1:])) is not None)


#: Things counted on examination or in a diary, as opposed to events, treatments, people or time:
#: "tender joints", "monthly migraine days" (the words before a plural noun, at most three).
_COUNTED = re.compile(r"[ \t]+(?P<what>(?:[a-z][\w-]*[ \t]+){0,2}?[a-z][\w-]*[^\Wsu]s)\b"
                      r"(?P<per>[ \t]+per[ \t]+(?:month|week|day))?"
                      r"(?=[ \t]*(?:[,.;:()\n]|$|\b(?:and|or|in|on|at|over|during|for|with|despite|from)\b))")


#: What follows a count of events, whatever the events are called: a period looked back over, or
#: the consequence that defines them ("in the previous 12 months", "per year", "requiring admission").
_HISTORY_AFTER = re.compile(r"\s*(?:(?:in|within|during|over)\s+the\s+(?:past|previous|last|preceding|prior)\b"
                            r"|per\s+(?:year|annum)\b|a\s+year\b|(?:needing|requiring|leading\s+to|that\s+required)\b)",
                            re.IGNORECASE)


def _counted_finding(text: str, value_end: int, hi: int, uncounted: frozenset[str]) -> dict[str, Any] | None:
    """A count of findings compared with a number: "3 or more tender joints" → ("tender joint count", ≥ 3),
    "at least 4 monthly migraine days" → ("monthly migraine days", ≥ 4, "days"). Counts of events,
    treatments, people, occasions or time periods (``uncounted``: the rules' event and uncounted
    words) are history, never returned."""
    match = _COUNTED.match(text, value_end, hi)
    if match is None:
        return None
    words = match.group("what").split()
    if any(word.lower() in uncounted or word.lower() in _STOP_WORDS for word in words):
        return None
    if words[-1].lower() != "days" and _HISTORY_AFTER.match(text, match.end(), hi):
        return None  # "2 flares in the past year", "3 attacks needing admission": events counted over time
    if words[-1].lower() == "days":
        if len(words) < 2:
            return None  # "15 days": a period
        name, unit = " ".join(words), "days" + (" per " + match.group("per").split()[-1] if match.group("per") else "")
    else:
        name, unit = " ".join(words[:-1] + [words[-1][:-1]]) + " count", None
    end = match.end()
    return {"end": end, "analyte": name, "value_max": None, "unit": unit, "ucum": None, "analyte_known": False,
            "analyte_start": match.start("what"), "analyte_end": match.end("what")}


def _share_of(text: str, value_end: int, hi: int, doses: frozenset[str]) -> Analyte | None:
    """The things a percentage is a share of, as its analyte ("of serotypes reaching a protective
    titre"); None for a share of a dose, an intake or a reference ("of predicted", "of normal")."""
    if _REFERENCE_OF.match(text, value_end, hi):
        return None
    match = _SHARE_OF.match(text, value_end, hi)
    if match is None:
        return None
    words = match.group("what").split()
    if words[0].lower() in _STOP_WORDS or any(w.lower() in _NOT_ANALYTES or w.lower() in doses for w in words):
        return None
    return Analyte(" ".join(words), match.start("what"), False, True, match.end("what"))


def _change_continued(text: str, previous: dict[str, Any] | None, comp_start: int, value_end: int,
                      hi: int) -> Analyte | None:
    """A second change sharing the first one's noun: "a reduction of at least 2 points in the MG-ADL
    score or at least 3 points in the QMG score" → "reduction in QMG score"."""
    if previous is None or not previous.get("analyte") or previous["end"] > comp_start:
        return None
    direction = previous["analyte"].split(" in ", 1)[0]
    gap_start = max(previous["end"], previous.get("analyte_end") or 0)
    if direction not in _CHANGE_DIRECTION.values() or gap_start > comp_start or not re.fullmatch(
            r"\s*,?\s*(?:or|and|and/or)\s*(?:an?\s+(?:\w+\s+)?of\s+)?", text[gap_start:comp_start],
            re.IGNORECASE):
        return None
    what = _CHANGED_WHAT.match(text, value_end, hi)
    if what is None:
        return None
    return Analyte(f"{direction} in {' '.join(what.group('what').split())}", comp_start, False, True,
                   what.end("what"))


def _restates(text: str, previous: dict[str, Any], found: dict[str, Any]) -> bool:
    """Whether ``found`` repeats ``previous`` in brackets right after it ("30 points or less (≤ 30)")."""
    return re.fullmatch(r"\s*[(\[]\s*", text[previous["end"]:found["start"]]) is not None \
        and (found["comparator"], found["value"], found["value_max"]) == \
        (previous["comparator"], previous["value"], previous["value_max"]) \
        and found["ucum"] in (None, previous["ucum"])


def _same_kind(code: str, unit: Unit, table: UnitTable) -> bool:
    """Whether a UCUM code and a unit measure the same kind of thing (both times, both concentrations ...)."""
    other = table.by_code.get(code)
    return other is None or other.kind == unit.kind


def _shared_analyte(text: str, previous: dict[str, Any] | None, s_start: int, comp_start: int) -> Analyte | None:
    """The analyte of the threshold just before, when only "or"/"and"/a comma separate the two
    ("Age < 20 or > 35 years", "potassium > 5.5 or < 3.5 mmol/L"): the second bound shares it."""
    if previous is None or previous.get("analyte") is None or previous["start"] < s_start \
            or previous["end"] > comp_start:
        return None
    if not re.fullmatch(r"\s*(?:(?:in|for)\s+[a-z]+\s*)?[,(]?\s*(?:or|and|and/or|but)?\s*(?:(?:is|are|was|if|when)\s+)?",
                        text[previous["end"]:comp_start], re.IGNORECASE):
        return None  # ("less than 14 years in girls or less than 16 years in boys": the subgroup may come between)
    start = previous.get("analyte_start")
    return Analyte(previous["analyte"], start if start is not None else previous["start"],
                   bool(previous.get("analyte_known")), True, previous.get("analyte_end"))


def _level(written: str) -> int | None:
    """"III" → 3, "2" → 2; None for a roman numeral that is not one."""
    if written.isdigit():
        return int(written)
    return _ROMAN.get(written.lower())


#: The diastolic half of a blood-pressure pair written after the systolic value ("160/100 mmHg").
_PRESSURE_PAIR = re.compile(r"\s*/\s*(?P<low>\d{2,3})(?!\d)(?:\s*(?:mm\s*Hg|mmHg))?")
_AGE_COMPARATOR_AFTER = re.compile(r"\s*(?:years?|yrs?|months?)?\s*(?:of\s+age|old)\s*(?:or|and)\s+"
                                   r"(?P<dir>older|over|above|younger|under|below)\b", re.IGNORECASE)
_AGE_DIRECTIONS = {"older": ">=", "over": ">=", "above": ">=", "younger": "<=", "under": "<=", "below": "<="}
#: An age word ending the text before the comparator: "Age ≥", "aged", "age of", "Age: between".
_AGE_BEFORE = re.compile(
    r"\b(?P<word>ages?|aged|age\s+range|age\s+at\s+(?:screening|entry|enrol?ment|consent|diagnosis|onset))\b"
    r"(?:\s+(?:of|is|was|must\s+be|should\s+be|at\s+least|reach(?:es|ed)?|has\s+reached))*[\s:,=]*"
    r"(?:between|from|range|ranging|within|in\s+the\s+range(?:\s+of)?)?\s*\Z", re.IGNORECASE)
#: A person noun right before the comparator of a time: "children under 5 years", "adults over 70 years".
_PERSON_BEFORE = re.compile(
    r"\b(?P<word>children|child|infants?|babies|baby|adults?|adolescents?|neonates?|newborns?|patients?|"
    r"people|persons?|individuals?|men|women|males?|females?|boys|girls|those|subjects?|participants?)"
    r"(?:\s+(?:who\s+are|that\s+are|are|is|being))?\s*\(?\s*\Z", re.IGNORECASE)
#: An age word after the value: "18 years of age or older", ">18 years old", "65 years or older".
_AGE_AFTER = re.compile(
    r"\s*(?P<unit>years?|yrs?|months?|weeks?|days?)?\s*(?:(?P<word>of\s+age|old|or\s+older|or\s+younger|"
    r"and\s+older|and\s+younger|or\s+above\s+in\s+age|of\s+age\s+or\s+older)\b)", re.IGNORECASE)
#: Gestational age written around a value in weeks or days: "<37 weeks gestation", "gestation of 24 weeks".
_GESTATION_AFTER = re.compile(r"\s*(?:of\s+|'\s*)?(?P<word>gestation(?:al\s+age)?|GA)\b", re.IGNORECASE)
_GESTATION_BEFORE = re.compile(r"\b(?P<word>gestation(?:al\s+age)?)\b(?:\s+(?:of|is|was|at))*[\s:,=]*\Z", re.IGNORECASE)
_SHORT_FORM = re.compile(r"[^\s()]{2,12}")


class Analyte(NamedTuple):
    """An analyte mention found before a comparator.

    Attributes:
        name: Canonical lexicon name, or the words as written when not in the lexicon.
        start: Offset of the mention's first character (where the threshold span starts).
        from_lexicon: Whether the name comes from the lexicon.
        adjacent: Whether only link words ("is", "level of") stand between the mention and the comparator.
        end: Offset one past the mention's last character (None when not known).
    """

    name: str
    start: int
    from_lexicon: bool
    adjacent: bool = True
    end: int | None = None


def long_form_start(before: str, short: str) -> int | None:
    """Where the long form of ``short`` starts in ``before`` (the text that ends where "(short)" opens).

    Method: Schwartz & Hearst (2003), "A simple algorithm for identifying abbreviation definitions in
    biomedical text": walk the short form's characters from last to first, finding each in the
    candidate long form from right to left; the first character must start a word. The candidate is at
    most ``min(len(short) + 5, 2 * len(short))`` words and never crosses clause punctuation. Digits of
    the short form that the long form spells out ("FEV1": "... in one second") are skipped on a second try.

    Args:
        before: Text ending right before the opening bracket.
        short: The short form written in the brackets.

    Returns:
        The offset into ``before``, or None when no long form is found.
    """
    text = before.rstrip()
    cut = max(text.rfind(ch) for ch in ",;:.()[]") + 1
    words = list(re.finditer(r"\S+", text[cut:]))
    limit = min(len(short) + 5, 2 * len(short))
    if not words:
        return None
    lo = cut + words[max(0, len(words) - limit)].start()
    candidate = text[lo:]
    chars = [c.lower() for c in short if c.isalnum()]
    for attempt in (chars, [c for c in chars if not c.isdigit()]):
        if not attempt or not attempt[0].isalpha():
            continue
        position = len(candidate) - 1
        for index in range(len(attempt) - 1, -1, -1):
            wanted = attempt[index]
            while position >= 0 and (candidate[position].lower() != wanted
                                     or (index == 0 and position > 0 and candidate[position - 1].isalnum())):
                position -= 1
            if position < 0:
                break
            if index:
                position -= 1
        else:
            if text[lo + position:].strip() != short:
                return lo + position
    return None


def enclosing_bracket(window: str, position: int) -> int | None:
    """The offset of the "(" that encloses ``position`` and closes before the end of ``window``, or None."""
    opening = window.rfind("(", 0, position)
    if opening < 0 or window.rfind(")", 0, position) > opening or ")" not in window[position:]:
        return None
    return opening


def noun_phrase_before(window: str, max_words: int = 5) -> tuple[int, int, bool] | None:
    """The nearest run of content words ending ``window`` (clause punctuation and stop words end it).

    Stop words right before the end are skipped ("pressure is", "calprotectin level of"), and so is a
    label's colon ("ECOG performance status: ≤ 2"). A bracketed short form right before the end
    ("sedimentation rate (ESR) level") stands for its long form; one inside the phrase is kept with
    the words before it ("Mini-Mental State Examination (MMSE) score"). A unit ends the phrase: the
    words before "mmol/L or" belong to an earlier value.

    Returns:
        ``(start, end, adjacent)`` offsets into ``window``; ``adjacent`` is True when only link words
        were skipped, or None when there is no content word.
    """
    # "Barthel index on admission of 30 points": a time qualifier is read as link words
    if " on " in window or " at " in window or " On " in window or " At " in window:
        window = _TIME_QUALIFIER.sub(lambda m: " " * len(m.group(0)), window)
    words = list(_WORD.finditer(window))
    picked: list[re.Match[str]] = []
    adjacent = True
    boundary = len(window)
    index = len(words) - 1
    while index >= 0:
        word = words[index]
        index -= 1
        gap = window[word.end():boundary]
        boundary = word.start()
        if re.fullmatch(r"\s*\)\s*", gap):
            opening = window.rfind("(", 0, word.start())
            inner = window[opening + 1:word.end()].strip() if opening >= 0 else ""
            if not picked and _SHORT_FORM.fullmatch(inner):
                found = long_form_start(window[:opening], inner)
                if found is not None:
                    return found, word.end(), adjacent
            if opening >= 0 and len(inner.split()) <= 5 and not re.search(r"[,;:.]", inner) \
                    and re.search(r"\w\s*\Z", window[:opening]):
                # "Examination (MMSE) score": the bracket and the words before it name the analyte
                index = max(i for i, w in enumerate(words) if w.start() < opening) if any(
                    w.start() < opening for w in words) else -1
                boundary = opening
                picked.insert(0, word)
                continue
            break
        if not picked and re.fullmatch(r"\s*[:|\t]\s*", gap):
            pass  # a label: "Serum bilirubin: ≤ 1.2 mg/dL", a table row "Platelets | < 75.000/µl"
        elif re.search(r"[^\s\-–/&']", gap):
            break  # punctuation, digits, a tick box: the phrase ends
        token = word.group(0).lower()
        if _is_unit_word(word.group(0)) and (picked or re.search(r"\d\s*\Z", window[:word.start()])
                                             or not re.search(r"[^\W\d_]\s+\Z", window[:word.start()])):
            break  # a unit ends the phrase, unless it heads one ("monthly migraine days have fallen by")
        if token in _SPECIMEN_WORDS and picked:
            picked.insert(0, word)
            continue
        letter = len(word.group(0)) == 1 and word.group(0).isupper() and index >= 0 \
            and words[index].group(0)[:1].islower() and not window[words[index].end():word.start()].strip()
        if token in _STOP_WORDS and not _acronym(word.group(0)) and not letter:  # "vitamin D", "alpha-galactosidase A"
            if picked:
                break
            adjacent = adjacent and token in _LINK_WORDS
            continue
        picked.insert(0, word)
        if len(picked) >= max_words:
            break
    if not picked:
        return None
    if len(picked) == 1 and picked[0].group(0).lower() in _CELLS_AND_FLUIDS:
        # "alpha-galactosidase A activity in leucocytes": the specimen names where, not what
        inner = re.search(r"(?<=\w)\s+in\s+\Z", window[:picked[0].start()])
        if inner is not None:
            before = noun_phrase_before(window[:inner.start()], max_words)
            if before is not None and before[1] == inner.start():
                return before[0], picked[-1].end(), adjacent
    return picked[0].start(), picked[-1].end(), adjacent


#: Capitalised function words that stay function words ("AND", "OR" between criteria).
_CAPITAL_FUNCTION_WORDS = {"AND", "OR", "NOT", "NOR", "IF", "THE", "A", "OF", "TO", "IN", "ON", "AT", "BY", "FOR",
                           "WITH", "THAN", "IS", "ARE", "BE"}


def _acronym(word: str) -> bool:
    """An acronym spelled like a stop word ("AN count", "NO", "ALL"), never a capitalised connective."""
    return len(word) >= 2 and word.isupper() and word not in _CAPITAL_FUNCTION_WORDS


def _abbreviation_like(word: str) -> bool:
    """A short form that may name an analyte ("MMSE", "FEV1", "anti-HBs"), not a note ("Fridericia")."""
    return bool(_SHORT_FORM.fullmatch(word)) and (sum(ch.isupper() for ch in word) >= 2
                                                    or any(ch.isdigit() for ch in word))


def _counts_things(after: str) -> bool:
    """Whether the word after a unitless value is what it counts ("3 infusions", "2 repeats"), rather
    than a function word or a participle ("> 5.1 confirmed", "0 to 5.5 inclusive", "≤ 2 and")."""
    following = re.match(r"\s*([A-Za-z][\w-]*)", after)
    word = following.group(1).lower() if following else ""
    return bool(word) and word not in _AFTER_VALUE_WORDS and not (len(word) >= 5 and word.endswith("ed"))


def _only_link_words(between: str) -> bool:
    """Whether only link words ("is", "level of"), a colon or a bracketed note separate a mention
    from its comparator."""
    return bool(re.fullmatch(r"[\s:]*(?:(?:%s)\b[\s:]*)*" % "|".join(sorted(_LINK_WORDS)), between, re.IGNORECASE)) \
        or bool(re.fullmatch(r"\s*\([^()]*\)\s*", between))


@lru_cache(maxsize=4096)
def _is_unit_word(word: str) -> bool:
    """Whether a word is a unit of measurement ("mmol/L", "Kg/m2", "months"), never part of an analyte's name."""
    table = unit_table()
    if "/" not in word:
        unit = table.lookup(word)  # "months", "mg", "kg": never a name ("… 390 mg\nmore than 85 kg")
        return unit is not None and (unit.kind == "time" and len(word) > 2
                                     or unit.kind in ("mass", "weight", "volume") and len(word) >= 2)
    from extractor.nlp.ucum import open_unit

    return table.lookup(word) is not None or open_unit(word, table) is not None


@dataclass
class ThresholdFinder:
    """Compiled threshold rules over a unit table.

    Attributes:
        rules: Analytes, comparator phrases and unit kinds.
        units: The unit table the quantity scanner reads.
    """

    rules: ThresholdRules
    units: UnitTable

    @cached_property
    def _analyte_re(self) -> re.Pattern[str]:
        forms = {form: name for name, forms in self.rules.analytes.items() for form in forms}
        self._analyte_names = {f.lower(): n for f, n in forms.items()}
        return re.compile(phrase_pattern(forms), re.IGNORECASE)

    @cached_property
    def _before_re(self) -> re.Pattern[str]:
        """Comparator phrases matched on the REVERSED text before a value, from its end: one anchored
        match instead of a search over every position of the window (same phrases, same boundaries)."""
        self._before_map = {" ".join(f.lower().split()): s for s, fs in self.rules.comparators_before.items()
                            for f in fs}
        parts = []
        for form in sorted(self._before_map, key=lambda f: (-len(f), f)):
            body = r"\s+".join(re.escape(word[::-1]) for word in reversed(form.split()))
            if form[-1].isalnum():
                body = r"(?<![\w])" + body
            if form[0].isalnum():
                body += r"(?![\w])"
            parts.append(body)
        return re.compile(r"\A(?:\s+fo(?![\w])\s*|\s*)(?P<comp>" + "|".join(parts) + ")", re.IGNORECASE)

    @cached_property
    def _after_re(self) -> re.Pattern[str]:
        self._after_map = {" ".join(f.lower().split()): s for s, fs in self.rules.comparators_after.items()
                           for f in fs}
        return re.compile(r"\A\s*(?P<comp>" + phrase_pattern(self._after_map) + r")", re.IGNORECASE)

    @cached_property
    def _joiner_re(self) -> re.Pattern[str]:
        """What joins a range's two ends: a listed joiner, or "to" and any upper-bound comparator of
        the grammar ("25 kg to less than 50 kg", "6 to under 12 years")."""
        upper = [form for symbol, forms in self.rules.comparators_before.items() if symbol in ("<", "<=")
                 for form in forms if form[:1].isalpha()]
        return re.compile(r"\A\s*(?:" + phrase_pattern(self.rules.range_joiners) + r"|to\s+(?:"
                          + phrase_pattern(upper) + r"))\s*\Z", re.IGNORECASE)

    @cached_property
    def _opener_re(self) -> re.Pattern[str]:
        return re.compile(r"(?:" + phrase_pattern(self.rules.range_openers) + r")\s*(?:of\s+)?\Z", re.IGNORECASE)

    @cached_property
    def _population_re(self) -> re.Pattern[str]:
        return re.compile(r"\A\s*(?:of\s+(?:the\s+|all\s+)?)?(?:" + phrase_pattern(self.rules.population_words)
                          + r")", re.IGNORECASE)

    @cached_property
    def _age_re(self) -> re.Pattern[str]:
        return re.compile(phrase_pattern(self.rules.age_words), re.IGNORECASE)

    def comparator_before(self, window: str) -> tuple[str, int] | None:
        """The comparator symbol ending ``window`` and where its phrase starts in it, or None.

        Read from the comparator's grammar first ("greater or equal to", "equal or less than"), then
        from the phrase list; a bracketed symbol repeating the words ("greater than (>)") is skipped,
        and "not" before the comparator gives its complement ("not below 50%" is ≥ 50%).
        """
        if _TAG_BEFORE.search(window):
            return None
        base = max(0, len(window) - 60)
        tail = window[base:]
        echoed = _ECHOED_SYMBOL.search(tail, max(0, len(tail) - 12))
        if echoed:  # "greater than (>) 450 ms": the words decide, the bracketed symbol repeats them
            tail = tail[:echoed.start()] + " "
        compound = _COMPOUND_COMPARATOR.search(tail) if "equal" in tail.lower() or "=" in tail[-8:] else None
        if compound:  # "greater than or equal to", "<or= 8"
            symbol = ">=" if compound.group("up") or compound.group("up2") or compound.group("sym") == ">" else "<="
            start = base + compound.start()
        else:
            match = self._before_re.match(tail[::-1])
            if not match:
                return None
            symbol = self._before_map[" ".join(match.group("comp")[::-1].lower().split())]
            start = base + len(tail) - match.end("comp")
        negated = re.search(r"\b(?:not|never)\s+\Z", window[max(0, start - 8):start], re.IGNORECASE)
        if negated:  # "LVEF not below 50%": the complement
            return _NEGATED[symbol], max(0, start - 8) + negated.start()
        return symbol, start

    def comparator_after(self, text: str) -> tuple[str, int] | None:
        """The comparator symbol of a phrase opening ``text`` ("or less") and its end, or None."""
        match = self._after_re.match(text[:40])
        if not match:
            return None
        return self._after_map[" ".join(match.group("comp").lower().split())], match.end()

    def analyte_before(self, text: str, start: int, end: int, floor: int = 0) -> Analyte | None:
        """The analyte standing before ``end`` (within ``start..end``).

        The last lexicon mention of the clause wins (the lexicon is matched longest first, so
        "urine albumin-to-creatinine ratio" is never "creatinine"). A mention in brackets ("forced
        vital capacity (FVC)") starts at the phrase it defines or that defines it, never inside the
        bracket. A qualified analyte ("varicella antibody titre") starts at its qualifier. Without a
        lexicon mention, the nearest content words name the analyte.

        Returns:
            The analyte, or None.
        """
        _ = self._analyte_re
        opening = re.search(r"\s*\(\s*\Z", text[max(start, end - 4):end])
        if opening is not None:  # "HDL-cholesterol (<40 mg/dl": the name stands before the bracket
            end -= len(opening.group(0))
        lo = max(start, end - ANALYTE_WINDOW)
        window = text[lo:end]
        matches = list(self._analyte_re.finditer(window))
        last = matches[-1] if matches else None
        # words of this threshold's own clause: never those of an earlier threshold ("Hgb 8.0 g/dL or greater
        # Pulse oximetry of 90%")
        own_lo = max(lo, min(floor, end))
        if last is not None and lo + last.start() < floor:
            # the lexicon analyte belongs to an earlier threshold: prefer words of this clause
            own = self._noun_phrase(text[own_lo:end], own_lo)
            if own is not None:
                return own
        between = window[last.end():] if last is not None else ""
        if last is not None and re.match(r"\s*\)?\s*(?:score|scale|index)\b", between, re.IGNORECASE) \
                and last.group(0) not in self._exact_forms:
            # "IGA score ≥ 3": a lab analyte's letters before a score word name a score, not the analyte
            own = self._noun_phrase(window, lo)
            if own is not None and own.adjacent:
                return own
        opened = between.rfind("(")
        if last is not None and opened >= 0 and ")" not in between[opened:]:
            # "EULAR/ACR criteria (probability of 55% or more)": the words inside the bracket name it
            inner_lo = lo + last.end() + opened + 1
            own = self._noun_phrase(text[inner_lo:end], inner_lo)
            if own is not None and own.adjacent:
                return own
        glued = last is not None and last.start() > 0 and not window[last.start() - 1].isspace() \
            and window[last.start() - 1] in "/-" and last.start() > 1 and window[last.start() - 2].isalnum()
        if last is not None and (glued or not _only_link_words(between)) \
                and enclosing_bracket(window, last.start()) is None and not between.lstrip().startswith(")"):
            # "FEV1/FVC ratio", "FEV1/FVC < 70%", "mean pulmonary arterial pressure": the lexicon names
            # part of a longer analyte
            own = self._noun_phrase(window, lo)
            if own is not None and own.adjacent and own.start < lo + last.start() and (own.end or 0) >= lo + last.end():
                return own
        if last is not None and (not re.search(r"[;:]", between) or re.fullmatch(r"\s*:\s*", between)):
            name = self._canonical(last.group(0))
            mention = last.start()
            opening = enclosing_bracket(window, last.start())
            if opening is not None:
                mention, name = self._outside_bracket(window, opening, last, matches, name)
            elif name in self.rules.qualified_analytes:
                qualifier = noun_phrase_before(window[:last.start()], max_words=3)
                if qualifier is not None and re.fullmatch(r"[\s-]*", window[qualifier[1]:last.start()]) \
                        and "(" not in window[qualifier[0]:qualifier[1]]:
                    mention = qualifier[0]
            adjacent = _only_link_words(between)
            return Analyte(name, lo + mention, True, adjacent, lo + last.end())
        found = self._noun_phrase(text[own_lo:end], own_lo)
        if found is not None and opening is not None:
            return found._replace(adjacent=False)  # a name before a bracket: enough for a lab unit only
        return found

    @cached_property
    def _event_words(self) -> frozenset[str]:
        return frozenset(word.lower() for word in self.rules.event_words)

    @cached_property
    def _uncounted_words(self) -> frozenset[str]:
        return self._event_words | frozenset(word.lower() for word in self.rules.uncounted_words)

    @cached_property
    def _dose_words(self) -> frozenset[str]:
        return frozenset(word.lower() for word in self.rules.dose_words)

    @cached_property
    def _exact_forms(self) -> frozenset[str]:
        """The lexicon's analyte forms as written (case kept): "IgA", never "IGA"."""
        return frozenset(form for forms in self.rules.analytes.values() for form in forms)

    def _canonical(self, written: str) -> str:
        """The lexicon name of a written analyte form."""
        key = " ".join(written.lower().split())
        name = self._analyte_names.get(key)
        if name is None:  # whitespace variants
            name = next((n for f, n in self._analyte_names.items() if " ".join(f.split()) == key), written)
        return name

    def _outside_bracket(self, window: str, opening: int, mention: re.Match[str], matches: list[re.Match[str]],
                         name: str) -> tuple[int, str]:
        """Where a mention written in brackets starts outside them, and its name.

        "C-reactive protein (CRP)" and "IgG (immunoglobulin G)": a lexicon form ending right before
        the bracket; else the long form of the bracketed short form (:func:`long_form_start`); else
        the content words before the bracket; else the comparator (``len(window)``).
        """
        head = window[:opening].rstrip()
        for match in reversed(matches):
            if match.end() == len(head):
                return match.start(), self._canonical(match.group(0))
            if match.end() < len(head):
                break
        inner = window[opening + 1:window.index(")", mention.end())].strip()
        if _SHORT_FORM.fullmatch(inner):
            found = long_form_start(head, inner)
            if found is not None:
                return found, name
        phrase = noun_phrase_before(head)
        if phrase is not None and phrase[1] == len(head):
            return phrase[0], name
        return len(window), name

    @staticmethod
    def _noun_phrase(window: str, lo: int) -> Analyte | None:
        """The nearest content words ending ``window`` as an analyte not in the lexicon (see
        :func:`noun_phrase_before`); a bracketed short form names it."""
        found = noun_phrase_before(window)
        if found is None:
            return None
        phrase = window[found[0]:found[1]]
        if "(" in phrase:  # "sedimentation rate (ESR)" → ESR; "Examination (MMSE) score" → MMSE score
            head, _, bracket = phrase.rpartition("(")
            inner, _, rest = bracket.partition(")")
            if rest.strip() or _abbreviation_like(inner.strip()) or not head.strip():
                name = " ".join((inner.strip() + " " + rest.strip()).split())
            else:  # "QTc (Fridericia)": the words before a note in brackets
                name = " ".join(head.split())
        else:  # "serum tryptase" is named "tryptase", as lexicon names leave the specimen out
            words = phrase.split()
            while len(words) > 1 and words[0].lower() in _SPECIMEN_WORDS:
                words.pop(0)
            name = " ".join(words)
        return Analyte(name.translate(_SUBSCRIPTS), lo + found[0], False, found[2], lo + found[1])

    def find(self, text: str, bounds: list[tuple[int, int]] | None = None) -> list[dict[str, Any]]:
        """Thresholds in ``text`` as contract dicts (text, start, end, analyte, comparator, ...).

        Args:
            text: The text.
            bounds: Sentence offsets (default: :func:`sentence_bounds`).
        """
        bounds = bounds if bounds is not None else sentence_bounds(text)
        results: list[dict[str, Any]] = []
        quantities = scan(text, self.units)
        sentence_index = 0
        skip_until = -1
        previous: dict[str, Any] | None = None  # the last threshold read from the text itself (not a copy)
        for i, q in enumerate(quantities):
            if q.start < skip_until:
                continue
            while sentence_index < len(bounds) - 1 and bounds[sentence_index][1] <= q.start:
                sentence_index += 1
            s_start, s_end = bounds[sentence_index] if bounds else (0, len(text))
            if not s_start <= q.start < s_end:
                s_start, s_end = q.start, q.end
            prev_end = max(s_start, quantities[i - 1].end if i else 0)
            floor = previous["end"] if previous else 0
            if previous is not None and self._closes_range(text, previous, q, s_start):
                skip_until = previous["end"]
                other = self._alternative_unit(text, previous, quantities)
                twin = next((r for r in results if r is not previous and r["start"] > previous["start"]
                             and r["analyte"] == previous["analyte"] and r["value_max"] is None
                             and other is not None and r["ucum"] == other["ucum"]), None)
                if twin is not None and other is not None and other["value"] >= twin["value"]:
                    # "≥ 110 lb (50 kg) and ≤ 330 lb (150 kg)": the bracketed bounds make a range too
                    twin.update({"comparator": "range", "value_max": other["value"],
                                 "end": other["end"], "text": text[twin["start"]:other["end"]]})
                    skip_until = other["end"]
                continue
            found = self._classify(text, quantities, i, s_start, s_end, prev_end, floor, previous)
            if found and previous is not None and _restates(text, previous, found):
                skip_until = found["end"]  # "30 points or less (≤ 30)": the same bound again in brackets
                continue
            if found:
                extra = self._pressure_pair(text, found)
                upper = found.pop("_upper", None)
                if upper is not None:
                    extra.append(upper)
                group = self._conjuncts(text, found, s_start, floor)
                if not group and previous is not None and previous.get("_group") \
                        and found["analyte_start"] == previous["analyte_start"] and found["start"] >= previous["end"]:
                    # "AST, ALT ≤ 2.5 × ULN (≤ 5 × ULN if ...)": the second bound is every analyte's
                    group = [{**found, "analyte": item["analyte"], "analyte_known": item["analyte_known"],
                              "analyte_start": item["analyte_start"], "analyte_end": item["analyte_end"]}
                             for item in previous["_group"]]
                found["_group"] = group
                if previous is not None and previous["ucum"] is None and found["ucum"] is not None \
                        and found["analyte_start"] == previous["analyte_start"] \
                        and _shared_analyte(text, previous, s_start, found["start"]) is not None:
                    # "platelet count < 80,000 or > 700,000 cells/mm3": the unit is written once, at the end
                    previous.update({"unit": found["unit"], "ucum": found["ucum"]})
                previous = found
                results.append(found)
                results += extra
                results += group
                skip_until = found["end"]
                alternative = self._alternative_unit(text, found, quantities)
                if alternative is not None:  # "HbA1c ≥ 58 mmol/mol (7,5 %)"
                    results += [alternative] + [{**alternative, "analyte": item["analyte"],
                                                 "analyte_known": item["analyte_known"],
                                                 "analyte_start": item["analyte_start"],
                                                 "analyte_end": item["analyte_end"]} for item in group]
                    skip_until = alternative["end"]
        for scale in self._scales(text):
            overlapping = [r for r in results if min(r["end"], scale["end"]) > max(r["start"], scale["start"])]
            # a scale read as plain numbers ("ECOG 0-2") becomes the scale, with its levels
            bare = scale["analyte"].lower() in _SCALE_HEADS  # "score of 2": the plain reading has the name
            if all(r["ucum"] is None and (r["value"], r["value_max"]) == (scale["value"], scale["value_max"])
                   and r["comparator"] == scale["comparator"]
                   and not (bare and r["analyte"] and len(r["analyte"]) > len(scale["analyte"]))
                   for r in overlapping):
                results = [r for r in results if r not in overlapping] + [scale]
        for result in results:
            result.pop("_group", None)
        return sorted(results, key=lambda r: (r["start"], r["end"]))

    def _scales(self, text: str) -> list[dict[str, Any]]:
        """Ordinal scales written as levels: "NYHA class III or IV", "ECOG performance status 0, 1 or 2",
        "ASA I–II", "Grade II or higher" → ``range`` (or ``=``, ``>=``, ``<=``) with ``scale`` and
        ``values`` (the levels allowed). The scale is a phrase ending in a scale word (class, grade,
        stage, status, score, classification) or a name the lexicon lists as a scale; the levels are
        integers up to 10 or roman numerals joined by commas, "or", "and", "to" or a dash."""
        found: list[dict[str, Any]] = []
        seen: set[int] = set()
        for hint in _SCALE_HINT.finditer(text):  # the full pattern runs only near a list of levels
            lo = max(0, hint.start() - 90, text.rfind("\n", 0, hint.start()) + 1)
            match = _SCALE.search(text[lo:hint.end() + 40])
            while match is not None and lo + match.end("levels") < hint.start():
                match = _SCALE.search(text[lo:hint.end() + 40], match.end())
            if match is None or lo + match.start() in seen:
                continue
            seen.add(lo + match.start())
            after = text[lo + match.end("levels"):lo + match.end("levels") + 24]
            if self.units.leading_unit().match(after) or re.match(r"\s?[%/]", after):
                continue  # "IVIG 1–2 g/kg": amounts, not levels
            scale = self._scale_result(match, lo, self._scale_names)
            if scale is not None:
                found.append(scale)
        return found

    @cached_property
    def _scale_names(self) -> frozenset[str]:
        return frozenset(name.lower() for name in self.rules.scales)

    @staticmethod
    def _scale_result(match: re.Match[str], lo: int, scale_names: frozenset[str]) -> dict[str, Any] | None:
        """The threshold of one :data:`_SCALE` match found at offset ``lo``, or None when it is no scale.

        The scale's name is the run of capitalised words or acronyms right before its scale word
        (class, grade, status ...) or its levels; a match is a scale when it has a scale word, a name
        the lexicon lists, or an acronym. One level alone needs a name and a scale word or a roman
        numeral ("Killip class 4", "NYHA III"), never "category III" or "ASA 2".
        """
        head = " ".join((match.group("head") or "").split())
        kept: list[str] = []
        for word in reversed((match.group("name") or "").split()):
            lower = word.lower()
            if len(kept) == 5 or (lower in _STOP_WORDS and not word.isupper()) or not (
                    _NAME_WORD.match(word) or lower in scale_names or lower in _SCALE_NAME_INNER):
                break
            kept.insert(0, word)
        while kept and (kept[0] in ("&", "and", "of") or kept[0].lower() in _SCALE_NAME_INNER):
            kept.pop(0)  # "ASA physical status": the name starts at its capitalised word
        name = " ".join(kept)
        known = name.lower() in scale_names
        acronym = any(sum(ch.isupper() for ch in word) >= 2 for word in kept)
        levels = [_level(v) for v in re.findall(r"\b(?:10|[0-9]|[IVX]{1,4}|[ivx]{1,4})\b", match.group("levels"))]
        if any(v.islower() for v in re.findall(r"[ivx]+", match.group("levels"))) and not head:
            return None  # lower-case roman numerals only after a scale word ("nyha class of ii, iii or iv")
        if not levels or None in levels or not (head or known or acronym):
            return None
        if not kept and head.lower().split()[-1] in ("class", "classes", "category", "classification"):
            return None  # "class I or III antiarrhythmic drugs": a class of things, not a level of a scale
        roman = not any(ch.isdigit() for ch in match.group("levels"))
        tail = (match.group("tail") or "").lower()
        if len(levels) == 1 and not tail and not match.group("comp") and not (kept and (head or roman)):
            return None
        if kept:
            name_start = lo + match.start("name") + (match.group("name") or "").rfind(kept[0])
            name_end = name_start + len(name)
        else:
            name, name_start, name_end = head, lo + match.start("head"), lo + match.end("head")
        low, high = min(levels), max(levels)  # type: ignore[type-var]
        values: list[int] | None
        written = _SYMBOLS.get(match.group("comp") or "")
        if written and (not head or head.lower().split()[-1] in ("score", "scores")):
            return None  # "CAT score ≥ 10": a score is a number, read as one
        if written and len(levels) == 1:  # "ASA classification >= IV"
            comparator, value, value_max, values = written, levels[0], None, None
        elif tail:
            comparator = ">=" if re.search(r"greater|higher|more|above|worse|over", tail) else "<="
            value, value_max, values = levels[0], None, None
        elif len(levels) == 1:
            comparator, value, value_max, values = "=", levels[0], None, levels  # type: ignore[assignment]
        else:
            comparator, value, value_max = "range", low, high
            joined = re.search(r"[-–]|\bto\b", match.group("levels"))
            values = list(range(low, high + 1)) if joined else sorted(set(levels))  # type: ignore[arg-type]
        end = lo + match.start() + len(match.group(0).rstrip())
        return {"text": match.string[name_start - lo:end - lo], "start": name_start, "end": end,
                "analyte": name, "comparator": comparator, "value": value, "value_max": value_max,
                "unit": None, "ucum": None, "analyte_known": known, "analyte_start": name_start,
                "analyte_end": name_end, "scale": name, "values": values}

    @staticmethod
    def _alternative_unit(text: str, found: dict[str, Any], quantities: list[Quantity]) -> dict[str, Any] | None:
        """The same bound written again in brackets in another unit ("≥ 58 mmol/mol (7,5 %)", "< 20 ng/mL
        (50 nmol/L)", "7.0–9.5% (53–80 mmol/mol)"): a threshold of its own, same analyte and comparator."""
        if found["ucum"] is None:
            return None
        opening = _BRACKET_OPEN.match(text, found["end"])
        if opening is None:
            return None
        inside = [q for q in quantities if opening.end() <= q.start < opening.end() + 40]
        if not inside or inside[0].start != opening.end():
            return None
        low = inside[0]
        high = inside[1] if found["value_max"] is not None and len(inside) > 1 \
            and re.fullmatch(r"\s*(?:-|–|to)\s*", text[low.end:inside[1].start]) else None
        last = high or low
        closing = _BRACKET_CLOSE.match(text, last.end)
        if closing is None or last.unit is None or last.unit.ucum == found["ucum"]:
            return None
        return {**found, "text": text[low.start:last.end], "start": low.start, "end": last.end,
                "value": number_value(low.value), "value_max": number_value(high.value) if high else None,
                "unit": last.unit.unit, "ucum": last.unit.ucum}

    def _closes_range(self, text: str, previous: dict[str, Any], q: Quantity, s_start: int) -> bool:
        """Turn "HbA1c ≥ 6.5% and ≤ 10%" into one range: a lower bound followed, in the same sentence,
        by "and"/"but"/"," and an upper bound on the same kind of quantity. Updates ``previous``."""
        if previous["comparator"] not in (">", ">=") or previous["value_max"] is not None \
                or previous["start"] < s_start or previous["end"] > q.start:
            return False
        gap = text[previous["end"]:q.start]
        bracket = re.match(r"\s*\([^()]{1,30}\)", gap)  # "≥ 110 lb (50 kg) and ≤ 330 lb": skip the other unit
        if bracket is not None:
            gap = " " * bracket.end() + gap[bracket.end():]
        found = self.comparator_before(gap)
        if not found or found[0] not in ("<", "<=") \
                or not re.fullmatch(r"\s*(?:,|and|but|&|to|,\s*and|(?:and\s+)?(?:a\s+)?maximum\s+of)?\s*",
                                    gap[:found[1]], re.IGNORECASE):
            return False
        if q.unit is not None and previous["ucum"] is not None and q.unit.ucum != previous["ucum"]:
            return False
        if q.value < previous["value"]:
            return False
        previous.update({"comparator": "range", "value_max": number_value(q.value), "end": q.end,
                         "text": text[previous["start"]:q.end]})
        if q.unit is not None:
            previous.update({"unit": q.unit.unit, "ucum": q.unit.ucum})
        return True

    def _pressure_pair(self, text: str, found: dict[str, Any]) -> list[dict[str, Any]]:
        """"BP > 160/100 mmHg": the systolic threshold (``found``, updated) and the diastolic one."""
        if found["value_max"] is not None or found["ucum"] not in (None, "mm[Hg]"):
            return []
        pair = _PRESSURE_PAIR.match(text, found["end"])
        if pair is None or not (re.search(r"\b(?:BP|blood\s+pressure|systolic|diastolic)\b", found["analyte"] or "",
                                          re.IGNORECASE) or re.search(r"mm\s*Hg", pair.group(0), re.IGNORECASE)):
            return []
        mmhg = self.units.by_code.get("mm[Hg]")
        end = pair.end()
        found.update({"analyte": "systolic blood pressure", "end": end, "text": text[found["start"]:end]})
        if mmhg is not None and re.search(r"mm\s*Hg", pair.group(0), re.IGNORECASE):  # only when written
            found.update({"unit": mmhg.unit, "ucum": mmhg.ucum})
        return [{**found, "analyte": "diastolic blood pressure", "value": int(pair.group("low"))}]

    def _conjuncts(self, text: str, found: dict[str, Any], s_start: int, floor: int) -> list[dict[str, Any]]:
        """"ALT, AST and bilirubin ≤ 3 x ULN": the same bound for every analyte coordinated before the
        one that heads ``found`` (one threshold each, its span from its own mention).

        Items are at most four content words (a bracketed short form allowed) joined by commas,
        "and", "or", "/" or "&"; they count as analytes when the lexicon knows them or they are
        written as abbreviations ("AST", "NT-proBNP"), or when three or more are listed.
        """
        start = found.get("analyte_start")
        if start is None or start < floor or found["analyte"] == "age":
            return []
        _ = self._analyte_re
        items: list[tuple[int, int, str, bool]] = []
        position = start
        while True:
            window = text[max(s_start, floor, position - 80):position]
            base = position - len(window)
            joint = re.search(r"(?:,\s*(?:and|or)?|\band/or\b|\band\b|\bor\b|/|&)\s*\Z", window)
            if not joint or not window[:joint.start()].strip():
                break
            head = window[:joint.start()].rstrip()
            bracket = re.search(r"\s*\([^()]{1,20}\)\Z", head)
            core = head[:bracket.start()] if bracket else head
            phrase = noun_phrase_before(core, max_words=4)
            if phrase is None or phrase[1] != len(core):
                break
            written = core[phrase[0]:phrase[1]]
            lexical = self._analyte_re.fullmatch(written)
            abbreviation = bool(re.fullmatch(r"[A-Za-z0-9-]*[A-Z][A-Za-z0-9-]*[A-Z0-9][A-Za-z0-9-]*", written))
            items.append((base + phrase[0], base + phrase[1], self._canonical(written) if lexical else written,
                          bool(lexical) or abbreviation))
            position = base + phrase[0]
        if not items or not (all(ok for *_, ok in items) or len(items) >= 2 and sum(ok for *_, ok in items) >= 2):
            return []
        copies = []
        for item_start, item_end, name, _ok in items:
            copies.append({**found, "start": item_start, "text": text[item_start:found["end"]], "analyte": name,
                           "analyte_known": bool(self._analyte_re.fullmatch(text[item_start:item_end])),
                           "analyte_start": item_start, "analyte_end": item_end})
        return copies

    def _classify(self, text: str, quantities: list[Quantity], i: int, s_start: int, s_end: int,
                  prev_end: int, floor: int = 0, previous: dict[str, Any] | None = None) -> dict[str, Any] | None:
        q = quantities[i]
        low, high = q, None
        # a range: "4–6 g/L", "4 to 6 g/L", "between 4 and 6 g/L", "aged 18-75" (no unit: ages, scores)
        if i + 1 < len(quantities):
            q2 = quantities[i + 1]
            between = text[q.end:q2.start]
            if q2.start < s_end and self._joiner_re.match(between) \
                    and (q.unit is None or q2.unit is None or q.unit.kind == q2.unit.kind) \
                    and (q2.unit is not None or q.unit is None):
                if between.strip().lower() != "and" or self._opener_re.search(text[prev_end:q.start]):
                    high = q2
        last = high or low
        unit = last.unit
        if unit is not None and unit.ucum == "{percentile}" and _POINTS.match(text, last.end):
            unit = None  # "4 centile points": a change in points on a centile scale, not a centile
        before = text[prev_end:q.start]
        comparator: str | None = None
        comp_start = q.start
        end = last.end
        if high is not None:
            if unit is None and (_TIME_POINTS_BEFORE.search(before) or _NUMBERED_THINGS_BEFORE.search(before)):
                return None  # "at days 2 to 4", "criteria 1–4": time points or numbered items, not values
            if _ESTIMATE.search(before):
                return None  # "a mean gain of about 5 to 8 cm": a reported estimate, not a threshold
            comparator = "range"
            opener = self._opener_re.search(before)
            comp_start = prev_end + opener.start() if opener else q.start
        else:
            found_before = self.comparator_before(before) if not _OUT_OF.search(before) else None
            if found_before is None and unit is not None and unit.ucum == "{percentile}":
                article = re.search(r"\s+the\s*\Z", before, re.IGNORECASE)  # "below the 25th percentile"
                found_before = self.comparator_before(before[:article.start()] + " ") if article else None
            age_of = _COMPARATOR_THEN_AGE.search(before, max(0, len(before) - 20))
            if found_before is None and age_of is not None:  # "over the age of 18"
                found_before = self.comparator_before(before[:age_of.start()])
            if found_before:
                comparator, offset = found_before
                comp_start = prev_end + offset
            else:
                found_after = self.comparator_after(text[q.end:s_end])
                if found_after:
                    comparator, length = found_after
                    end = q.end + length
                elif (points := _POINTS.match(text, q.end, s_end)) is not None \
                        and (after_points := self.comparator_after(text[points.end():s_end])) is not None:
                    comparator, end = after_points[0], points.end() + after_points[1]  # "30 points or less"
                else:  # "21 years of age or older"
                    aged = _AGE_COMPARATOR_AFTER.match(text, q.end, s_end)
                    if aged:
                        comparator = _AGE_DIRECTIONS[aged.group("dir").lower()]
                        end = aged.end()
        if high is None and unit is not None and unit.kind == "fraction" and (comparator is None or (
                end == last.end and self.analyte_before(text, s_start, comp_start, floor) is None)):
            written = _VALUE_THEN_CHANGE.match(text, last.end, s_end)
            if written is not None:
                # "a 75% reduction in the PASI score" (at least 75%), "at least 50% reduction in EASI score"
                start = q.start if comparator is None else comp_start
                return self._change_after_value(text, written, start, comparator or ">=", low.value, unit)
        if comparator is None and high is None and unit is None \
                and (points := _POINT_CHANGE.match(text, last.end, s_end)) is not None:
            return self._change_after_value(text, points, q.start, ">=", low.value, None)  # "a 5-point reduction in DLQI"
        if comparator is None and unit is None and low.value == 1 and high is None:
            titre_end = _TITRE.match(text, q.end)
            found_after = self.comparator_after(text[titre_end.end():s_end]) if titre_end else None
            if found_after:  # "a titre of 1:160 or higher"
                comparator, end = found_after[0], titre_end.end() + found_after[1]
        if comparator is None:
            return None
        kind = unit.kind if unit else None
        after = text[last.end:s_end]
        if kind == "fraction" and self._population_re.match(after):
            return None
        titre = _TITRE.match(text, last.end) if unit is None and high is None and low.value == 1 else None
        if titre is not None:  # "antibody titre ≥ 1:40": the dilution is the value
            analyte = self.analyte_before(text, s_start, comp_start, floor)
            start = analyte.start if analyte is not None and analyte.start >= floor and analyte.adjacent \
                else comp_start
            end = max(end, titre.end())
            return {"text": text[start:end], "start": start, "end": end,
                    "analyte": analyte.name if analyte else None, "comparator": comparator,
                    "value": int(titre.group(1)), "value_max": None, "unit": "titre", "ucum": "{titer}",
                    "analyte_known": bool(analyte and analyte.from_lexicon),
                    "analyte_start": analyte.start if analyte else None,
                    "analyte_end": analyte.end if analyte else None}
        if unit is None and re.match(r"\s*:\s*\d", after):
            return None  # a ratio ("below 2:1"), not a value in a unit
        shared = _shared_analyte(text, previous, s_start, comp_start)
        if shared is not None and previous is not None and previous["ucum"] and unit is not None \
                and not _same_kind(previous["ucum"], unit, self.units) \
                and not (unit.kind == "fraction" and (unit.ucum != "%" or _REFERENCE_OF.match(after))):
            # (but "FVC below 20 mL/kg or less than 50% of predicted" is one measurement)
            shared = None  # "children 6–59 months < 110 g/L": an age does not take a concentration
        age = shared if shared is not None and (shared.name == "age" or shared.name.endswith(" age")) else \
            self._age(text, s_start, comp_start, last.end, s_end, unit, low.start)
        if age is not None and unit is None and _counts_things(after) and not self._population_re.match(after):
            return None  # "no more than 2 repeats"
        if age is None and unit is None and high is None and comparator != "=" and _counts_things(text[end:s_end]):
            counted = _counted_finding(text, end, s_end, self._uncounted_words)
            if counted is not None:  # "3 or more tender joints", "at least 4 monthly migraine days"
                return counted | {"text": text[comp_start:counted["end"]], "start": comp_start,
                                  "comparator": comparator, "value": number_value(low.value)}
        if age is not None:
            analyte: Analyte | None = age
            if unit is None and re.match(r"\s*(?:years?|yrs?)\b", after):
                unit = self.units.by_code.get("a")
            end = max(end, age.end or end) if age.start >= end else end
        else:
            change = _change_before(text, max(s_start, floor), comp_start) or _change_named_after(
                text, s_start, comp_start, end, s_end) or _change_continued(text, previous, comp_start, end, s_end)
            if kind == "time" and unit is not None and unit.ucum not in ("ms", "s") and (
                    _PERIOD_BEFORE.search(text, max(s_start, comp_start - 12), q.start)
                    or _TIME_POINT_AFTER.match(text, end, s_end)):
                return None  # "over 78 weeks", "36 hours after the infusion": a period or a time point
            analyte = change or shared or self.analyte_before(text, s_start, comp_start, floor)
            share = _share_of(text, last.end, s_end, self._dose_words) if kind == "fraction" and not (
                analyte is not None and analyte.adjacent and analyte.start >= floor) else None
            if share is not None:  # "fewer than 50% of serotypes reaching a protective titre"
                analyte, end = share, max(end, share.end or end)
                after = ""
            elif kind == "fraction" and end > last.end and not (
                    analyte is not None and analyte.adjacent and analyte.start >= floor):
                named_after = _NAMED_AFTER.match(text, end, s_end)  # "a 70% or greater stenosis"
                if named_after is not None and not self._population_re.match(named_after.group("what")) \
                        and named_after.group("what").split()[0].lower() not in _STOP_WORDS:
                    analyte = Analyte(" ".join(named_after.group("what").split()), named_after.start("what"),
                                      False, True, named_after.end("what"))
                    end, after = named_after.end("what"), ""
            if kind == "weight" and shared is None and change is None and (
                    analyte is None or not (analyte.adjacent or analyte.from_lexicon) or analyte.start < floor):
                # "15 kg to less than 30 kg: 200 mg": a patient's weight band, whatever names it
                analyte = Analyte("body weight", comp_start, False, True, None)
            if not self._accepts(kind, unit, analyte, after, floor if shared is None else 0,
                                 whole=float(number_value(low.value)).is_integer()):
                return None
        # an analyte named before an earlier threshold is shared ("platelets < 30 x 109/L, or < 50 ...");
        # words not in the lexicon start the span only when nothing but link words ("is", "level of")
        # separates them from the comparator
        start = comp_start
        if analyte is not None and analyte.start >= floor and analyte.start < comp_start \
                and (analyte.from_lexicon or analyte.adjacent):
            start = analyte.start
        result: dict[str, Any] = {
            "text": text[start:end], "start": start, "end": end,
            "analyte": analyte.name if analyte else None,
            "comparator": comparator,
            "value": number_value(low.value),
            "value_max": number_value(high.value) if high is not None else None,
            "unit": unit.unit if unit else None,
            "ucum": unit.ucum if unit else None,
            "analyte_known": bool(analyte and analyte.from_lexicon),
            "analyte_start": analyte.start if analyte and analyte.end is not None else None,
            "analyte_end": analyte.end if analyte else None,
        }
        if high is not None and low.unit is not None and high.unit is not None and low.unit.kind == "time" \
                and low.unit.ucum != high.unit.ucum:
            # "between 6 months and 5 years": two bounds in their own units, not one range
            result.update({"comparator": ">=", "value_max": None, "unit": low.unit.unit, "ucum": low.unit.ucum,
                           "end": low.end, "text": text[start:low.end],
                           "_upper": {**result, "comparator": "<=", "value": number_value(high.value),
                                      "value_max": None, "start": high.start, "text": text[high.start:end]}})
        return result

    def _change_after_value(self, text: str, written: re.Match[str], start: int, comparator: str, value: float,
                            unit: Unit | None) -> dict[str, Any] | None:
        """The threshold of a change named after its value (``written``: :data:`_VALUE_THEN_CHANGE` or
        :data:`_POINT_CHANGE`), or None when the change is in a dose or in a count of events."""
        direction = _CHANGE_DIRECTION[written.group("noun").lower()[:4]]
        what = " ".join(written.group("what").split())
        name = f"{direction} in {what}"
        if what.split()[-1].lower() in self._dose_words or _counts_events(name, self._event_words):
            return None  # "a 50% reduction in the dose", "… in exacerbations"
        end = written.end("what")
        return {"text": text[start:end], "start": start, "end": end, "analyte": name, "comparator": comparator,
                "value": number_value(value), "value_max": None, "unit": unit.unit if unit else None,
                "ucum": unit.ucum if unit else None, "analyte_known": False,
                "analyte_start": written.start("noun"), "analyte_end": end}

    def _accepts(self, kind: str | None, unit: Unit | None, analyte: Analyte | None, after: str, floor: int, *,
                 whole: bool = True) -> bool:
        """Whether a compared quantity is a threshold, from its unit's kind and its analyte.

        A lab unit (a concentration, count, rate, pressure, a multiple of the upper limit of normal …)
        is enough on its own. A quantity without a lab unit (a score, a percentage, a body measure, a
        time in seconds) needs an analyte: a lexicon entry in the clause, or content words joined to
        the comparator by nothing but link words ("ejection fraction is below 35%"), whatever they
        say. Amounts (mg, g/kg, mL/kg) are the dose component's unless the lexicon names the analyte.
        ``whole`` says the value is a whole number (only whole numbers count things).
        """
        known = bool(analyte and analyte.from_lexicon and analyte.start >= floor)
        named = bool(analyte and analyte.adjacent and analyte.start >= floor
                     and (len(analyte.name) > 2 or any(ch.isupper() for ch in analyte.name))
                     and not self._population_re.match(analyte.name)
                     and analyte.name.lower() not in _NOT_ANALYTES)
        if kind in self.rules.lab_unit_kinds or kind in _OPEN_LAB_KINDS:
            return True
        if analyte is not None and analyte.name.split()[-1].lower() in self._dose_words:
            return False  # "a reduction of at least 50% in the daily prednisolone dose": a dose rule
        if analyte is not None and _counts_events(analyte.name, self._event_words):
            return False  # "at least 50% reduction in exacerbations": a change in a count of events
        if kind is None:
            if _counts_things(after) and whole and not (known and analyte is not None and analyte.adjacent):
                # "more than 2 standard deviations", "over 3 infusions": a count, not a value — unless
                # a measure the lexicon knows stands right before the comparator ("heart rate <60 beat
                # per minute", "platelets < 150.000 cels/mm3": a unit the table lacks); a fraction counts
                # nothing ("9.5 kilo Pascal", "37.5 celsius")
                return False
            return known or named
        if kind == "fraction":
            if re.match(r"\s*of\b", after, re.IGNORECASE) and not _REFERENCE_OF.match(after):
                return False  # "at least 80% of caloric intake", "50% of the dose"
            return known or named
        if kind == "time":
            if unit is not None and unit.ucum in ("ms", "s"):
                return known or named  # QTc, prothrombin time
            return known and bool(analyte and analyte.adjacent)
        if kind in ("weight", "length", "area", "score", "ratio"):
            return known or named
        if kind == "volume" and named and analyte is not None and self._analyte_re.search(analyte.name):
            return True  # "an increase in pre-bronchodilator FEV1 of ≥ 100 mL": a change in a known measure
        # Doses and other amounts are the dose component's, unless the lexicon names the analyte
        # right before the comparator ("IgE up to 600 mg" two clauses on is a dose's maximum).
        return known and bool(analyte and analyte.adjacent)

    def _age(self, text: str, s_start: int, comp_start: int, value_end: int, s_end: int,
             unit: Unit | None, value_start: int = 0) -> Analyte | None:
        """An age criterion: "aged 18 or over", "Age ≥ 18 years", "18 years of age or older",
        "older than 65 years", "18-75 years old". Returns the analyte ``age`` at the age word."""
        if unit is not None and unit.ucum not in _AGE_UNITS:
            return None
        before = text[max(s_start, comp_start - 40):comp_start]
        if unit is not None and unit.ucum in ("wk", "d"):
            after_gestation = _GESTATION_AFTER.match(text, value_end, s_end)
            if after_gestation:  # "<37 weeks gestation", "16-24 weeks of gestation"
                return Analyte("gestational age", after_gestation.start("word"), False, True, after_gestation.end())
            before_gestation = _GESTATION_BEFORE.search(before)
            if before_gestation:  # "gestation < 37 weeks"
                offset = comp_start - len(before) + before_gestation.start("word")
                return Analyte("gestational age", offset, False, True, offset + len(before_gestation.group("word")))
        lead = _AGE_BEFORE.search(before)
        if lead:
            offset = comp_start - len(before) + lead.start("word")
            kind = re.search(r"\b(gestational|postnatal|postmenstrual|corrected|chronological|bone|mental|"
                             r"skeletal)\s+\Z", before[:lead.start("word")], re.IGNORECASE)
            if kind:  # "gestational age of 36 weeks or more"
                start = comp_start - len(before) + kind.start(1)
                return Analyte(f"{kind.group(1).lower()} age", start, False, True, offset + 3)
            return Analyte("age", offset, False, True, offset + len(lead.group("word")))
        tail_of = _COMPARATOR_THEN_AGE.search(text, max(s_start, comp_start, value_start - 20), value_start) \
            if value_start else None
        if tail_of:
            word = text.index("age", tail_of.start())
            return Analyte("age", word, False, True, word + 3)
        person = _PERSON_BEFORE.search(before)
        if person and unit is not None and not re.search(r"\d\s*\Z", before[:person.start()]):
            # "adults under 70 years", but not "in 2 000 patients over 5 years" (a count of people)  # "adults under 70 years", "infants up to 12 months"
            offset = comp_start - len(before) + person.start("word")
            return Analyte("age", offset, False, True, offset + len(person.group("word")))
        tail = _AGE_AFTER.match(text, value_end, s_end)
        if tail and (unit is not None or tail.group("unit")):
            return Analyte("age", value_end + tail.start("word") - value_end, False, True,
                           tail.end("word"))
        if unit is not None and re.match(r"(?:older|younger)\s+than\b", text[comp_start:comp_start + 20]):
            return Analyte("age", comp_start, False, True, comp_start + 5)
        return None

_SYMBOLS = {"<": "<", "<=": "<=", "≤": "<=", ">": ">", ">=": ">=", "≥": ">="}
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}
_ROMAN_RE = re.compile(r"(?<![\w-])(?:i{1,3}|iv|vi{0,3}|ix|x)(?![\w-])", re.IGNORECASE)


_OR_MORE = re.compile(r"\s*(?:[a-zµ/%]+\.?)?\s*(?:of\s+age|old)?\s*(?:or|and)\s+(?P<dir>older|over|above|more|greater|"
                      r"higher|younger|under|below|less|lower)\b", re.I)


def or_more_after(text: str, end: int) -> str | None:
    """``>=`` or ``<=`` when the words right after a value at ``end`` bound it ("18 years of age or
    older", "65 years and above", "5 mg/dL or less"), else None."""
    more = _OR_MORE.match(text, end)
    if more is None:
        return None
    return ">=" if more.group("dir").lower() in ("older", "over", "above", "more", "greater", "higher") else "<="


def parse_value(finder: ThresholdFinder, text: str) -> dict[str, Any] | None:
    """The comparator, value(s) and unit of a value expression on its own ("<1.5 X ULN", "20 - 35 kg/m2",
    "II or higher", "18 years or older"); ``=`` when no comparator is written.

    Used to read annotated values (brat ``Value`` spans) into the contract's threshold keys.

    Returns:
        ``{"comparator", "value", "value_max", "unit", "ucum"}``, or None when the text holds no number.
    """
    written = _ROMAN_RE.sub(lambda m: str(_ROMAN[m.group(0).lower()]), text) \
        if not any(ch.isdigit() for ch in text) else text
    quantities = scan(written, finder.units)
    if not quantities:
        return None
    first = quantities[0]
    last, high = first, None
    if len(quantities) > 1:
        second = quantities[1]
        between = written[first.end:second.start]
        lower = finder.comparator_before(written[:first.start])
        upper = finder.comparator_before(between)
        if finder._joiner_re.match(between) or re.fullmatch(r"\s*(?:and|or|to|-|–)\s*", between):
            last, high = second, second
        elif re.match(r"\s*(?:and|to|,)\s", between) and upper and upper[0] in ("<", "<=") \
                and (not lower or lower[0] in (">", ">=", "=")) and number_value(first.value) < number_value(second.value):
            last, high = second, second  # "=18 and <75 years", ">= 18 and < 70": two bounds, one range
    comparator = "range" if high is not None else None
    if comparator is None:
        found = finder.comparator_before(written[:first.start])
        if found:
            comparator = found[0]
        else:
            after = finder.comparator_after(written[first.end:])
            comparator = after[0] if after else "="
            comparator = (or_more_after(written, first.end) or comparator) if comparator == "=" else comparator
    unit = last.unit or first.unit
    return {"comparator": comparator, "value": number_value(first.value),
            "value_max": number_value(high.value) if high is not None else None,
            "unit": unit.unit if unit else None, "ucum": unit.ucum if unit else None}


def make_finder(rules: ThresholdRules | None = None, units: UnitTable | None = None) -> ThresholdFinder:
    """A finder over the given (default: packaged) rules and unit table."""
    return ThresholdFinder(rules=rules or threshold_rules(), units=units or unit_table())


_DEFAULT: ThresholdFinder | None = None


def find_thresholds(text: str, bounds: list[tuple[int, int]] | None = None) -> list[dict[str, Any]]:
    """Thresholds in ``text`` with the packaged rules; see :class:`ThresholdFinder`."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = make_finder()
    return _DEFAULT.find(text, bounds)


# ------------------------------------------------------------------------------ component
class ThresholdMatcher:
    """spaCy component: thresholds on ``doc.spans["thresholds"]``, attributes on ``span._.threshold``."""

    def __init__(self, nlp: Language, name: str, *, rules: ThresholdRules, units: UnitTable,
                 spans_key: str) -> None:
        self.name = name
        self.spans_key = spans_key
        self.finder = make_finder(rules, units)

    def __call__(self, doc: Doc) -> Doc:
        """Find thresholds over the doc text (sentence bounds from ``doc._.char_sentences``)."""
        from extractor.nlp.sentences import doc_sentence_bounds
        from extractor.nlp.spans import doc_text, set_spans

        set_spans(doc, self.spans_key, "threshold", self.finder.find(doc_text(doc), doc_sentence_bounds(doc)))
        return doc

    def to_disk(self, path: str | Path, *, exclude: tuple[str, ...] = ()) -> None:
        """Save the rules and unit table as JSON."""
        from extractor.nlp.spans import write_json

        write_json(path, "rules.json", self.finder.rules.to_dict())
        write_json(path, "units.json", self.finder.units.to_dict())

    def from_disk(self, path: str | Path, *, exclude: tuple[str, ...] = ()) -> ThresholdMatcher:
        """Load the rules and unit table saved by :meth:`to_disk`."""
        from extractor.nlp.spans import read_json

        path = ensure_path(path)
        rules, units = read_json(path, "rules.json"), read_json(path, "units.json")
        self.finder = make_finder(ThresholdRules.from_dict(rules, str(path / "rules.json")) if rules else None,
                                  UnitTable.from_dict(units, str(path / "units.json")) if units else None)
        return self


@Language.factory(
    "extractor_thresholds",
    assigns=["doc.spans", "span._.threshold"],
    default_config={"rules": {"@misc": "extractor.threshold_rules.v1", "path": None},
                    "units": {"@misc": "extractor.unit_table.v1", "path": None},
                    "spans_key": "thresholds"},
)
def make_threshold_matcher(nlp: Language, name: str, rules: ThresholdRules, units: UnitTable,
                           spans_key: str) -> ThresholdMatcher:
    """Factory of :class:`ThresholdMatcher`."""
    return ThresholdMatcher(nlp, name, rules=rules, units=units, spans_key=spans_key)
