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
from functools import cached_property
from pathlib import Path
from typing import Any, NamedTuple

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import ensure_path

import extractor.nlp.registry  # noqa: F401  (registers the config functions)
from extractor.nlp.quantities import Quantity, number_value, scan, sentence_bounds
from extractor.nlp.resources import ThresholdRules, UnitTable, phrase_pattern, threshold_rules, unit_table

#: How far back (characters) the analyte may stand from the comparator.
ANALYTE_WINDOW = 80
_TAG_BEFORE = re.compile(r"<[A-Za-z/][^<>]*>\s*\Z")
_STOP_WORDS = {
    "of", "is", "are", "was", "were", "be", "been", "being", "level", "levels", "value", "values", "that",
    "which", "usually", "typically", "persistently", "consistently", "a", "an", "the", "with", "has", "have",
    "having", "when", "if", "where", "remains", "remain", "must", "should", "and", "or", "in", "on", "at",
    "to", "for", "by", "as", "its", "their", "his", "her", "patient", "patients", "who", "still", "not",
    "any", "all", "either", "both", "than", "concentration", "count", "measured", "result", "results",
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
    "negative", "abnormal", "normal",
}
#: Specimen words: part of a phrase not in the lexicon ("plasma viscosity"), never a phrase on their own.
_SPECIMEN_WORDS = {"serum", "plasma", "blood", "urine", "urinary", "whole"}
#: Stop words that may stand between an analyte and its comparator inside the threshold's span
#: ("maximal inspiratory pressure is less than", "calprotectin level in excess of"); any other stop word
#: (where, when, if, with, has, a, the, and, or, despite, only, their ...) ends the analyte's clause.
_LINK_WORDS = {
    "of", "is", "are", "was", "were", "be", "been", "being", "level", "levels", "value", "values", "usually",
    "typically", "persistently", "consistently", "remains", "remain", "stays", "stay", "still", "concentration",
    "concentrations", "count", "counts", "measured", "measurement", "measurements", "result", "results",
    "reading", "readings",
}
_WORD = re.compile(r"(?:\d+-)?[^\W\d_][\w+\-/]*")
_SHORT_FORM = re.compile(r"[^\s()]{2,12}")


class Analyte(NamedTuple):
    """An analyte mention found before a comparator.

    Attributes:
        name: Canonical lexicon name, or the words as written when not in the lexicon.
        start: Offset of the mention's first character (where the threshold span starts).
        from_lexicon: Whether the name comes from the lexicon.
        adjacent: Whether only link words ("is", "level of") stand between the mention and the comparator.
    """

    name: str
    start: int
    from_lexicon: bool
    adjacent: bool = True


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

    Stop words right before the end are skipped ("pressure is", "calprotectin level of"). A bracketed
    short form right before the end ("sedimentation rate (ESR) level") stands for its long form.

    Returns:
        ``(start, end, adjacent)`` offsets into ``window``; ``adjacent`` is True when only link words
        were skipped, or None when there is no content word.
    """
    words = list(_WORD.finditer(window))
    picked: list[re.Match[str]] = []
    adjacent = True
    boundary = len(window)
    for word in reversed(words):
        gap = window[word.end():boundary]
        boundary = word.start()
        if not picked and re.fullmatch(r"\s*\)\s*", gap):
            opening = window.rfind("(", 0, word.start())
            if opening >= 0 and _SHORT_FORM.fullmatch(window[opening + 1:word.end()].strip()):
                found = long_form_start(window[:opening], window[opening + 1:word.end()].strip())
                if found is not None:
                    return found, word.end(), adjacent
            break
        if re.search(r"[,;:.()]", gap):
            break
        token = word.group(0).lower()
        if token in _SPECIMEN_WORDS and picked:
            picked.insert(0, word)
            continue
        if token in _STOP_WORDS:
            if picked:
                break
            adjacent = adjacent and token in _LINK_WORDS
            continue
        picked.insert(0, word)
        if len(picked) == max_words:
            break
    if not picked:
        return None
    return picked[0].start(), picked[-1].end(), adjacent


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
        self._before_map = {" ".join(f.lower().split()): s for s, fs in self.rules.comparators_before.items()
                            for f in fs}
        return re.compile(r"(?P<comp>" + phrase_pattern(self._before_map) + r")\s*(?:of\s+)?\Z", re.IGNORECASE)

    @cached_property
    def _after_re(self) -> re.Pattern[str]:
        self._after_map = {" ".join(f.lower().split()): s for s, fs in self.rules.comparators_after.items()
                           for f in fs}
        return re.compile(r"\A\s*(?P<comp>" + phrase_pattern(self._after_map) + r")", re.IGNORECASE)

    @cached_property
    def _joiner_re(self) -> re.Pattern[str]:
        return re.compile(r"\A\s*(?:" + phrase_pattern(self.rules.range_joiners) + r")\s*\Z", re.IGNORECASE)

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
        """The comparator symbol ending ``window`` and where its phrase starts in it, or None."""
        if _TAG_BEFORE.search(window):
            return None
        match = self._before_re.search(window[-60:])
        if not match:
            return None
        symbol = self._before_map[" ".join(match.group("comp").lower().split())]
        return symbol, len(window) - len(window[-60:]) + match.start()

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
        lo = max(start, end - ANALYTE_WINDOW)
        window = text[lo:end]
        matches = list(self._analyte_re.finditer(window))
        last = matches[-1] if matches else None
        if last is not None and lo + last.start() < floor:
            # the lexicon analyte belongs to an earlier threshold: prefer words of this clause
            own = self._noun_phrase(window, lo)
            if own is not None:
                return own
        between = window[last.end():] if last is not None else ""
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
            return Analyte(name, lo + mention, True)
        return self._noun_phrase(window, lo)

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
        if "(" in phrase:
            name = phrase.rsplit("(", 1)[1].strip()
        else:  # "serum tryptase" is named "tryptase", as lexicon names leave the specimen out
            words = phrase.split()
            while len(words) > 1 and words[0].lower() in _SPECIMEN_WORDS:
                words.pop(0)
            name = " ".join(words)
        return Analyte(name, lo + found[0], False, found[2])

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
        for i, q in enumerate(quantities):
            if q.start < skip_until:
                continue
            while sentence_index < len(bounds) - 1 and bounds[sentence_index][1] <= q.start:
                sentence_index += 1
            s_start, s_end = bounds[sentence_index] if bounds else (0, len(text))
            if not s_start <= q.start < s_end:
                s_start, s_end = q.start, q.end
            prev_end = max(s_start, quantities[i - 1].end if i else 0)
            floor = results[-1]["end"] if results else 0
            found = self._classify(text, quantities, i, s_start, s_end, prev_end, floor)
            if found:
                results.append(found)
                skip_until = found["end"]
        return results

    def _classify(self, text: str, quantities: list[Quantity], i: int, s_start: int, s_end: int,
                  prev_end: int, floor: int = 0) -> dict[str, Any] | None:
        q = quantities[i]
        low, high = q, None
        # a range: "4–6 g/L", "4 to 6 g/L", "between 4 and 6 g/L"
        if i + 1 < len(quantities):
            q2 = quantities[i + 1]
            between = text[q.end:q2.start]
            if q2.start < s_end and q2.unit is not None and self._joiner_re.match(between) \
                    and (q.unit is None or q.unit.kind == q2.unit.kind):
                if between.strip().lower() != "and" or self._opener_re.search(text[prev_end:q.start]):
                    high = q2
        last = high or low
        unit = last.unit
        before = text[prev_end:q.start]
        comparator: str | None = None
        comp_start = q.start
        end = last.end
        if high is not None:
            comparator = "range"
            opener = self._opener_re.search(before)
            comp_start = prev_end + opener.start() if opener else q.start
        else:
            found_before = self.comparator_before(before)
            if found_before:
                comparator, offset = found_before
                comp_start = prev_end + offset
            else:
                found_after = self.comparator_after(text[q.end:s_end])
                if found_after:
                    comparator, length = found_after
                    end = q.end + length
        if comparator is None:
            return None
        kind = unit.kind if unit else None
        after = text[last.end:s_end]
        if kind == "fraction" and self._population_re.match(after):
            return None
        analyte = self.analyte_before(text, s_start, comp_start, floor)
        from_lexicon = bool(analyte and analyte[2])
        if kind in self.rules.lab_unit_kinds:
            pass
        elif kind in (None, "fraction", "time", "weight", "length", "area"):
            if not from_lexicon:
                return None
        else:  # doses and other amounts are the dose component's
            return None
        # ages and dates are not thresholds
        near = text[max(s_start, comp_start - 25):comp_start]
        if kind == "time" and (self._age_re.search(near) or re.match(r"\s*(?:of\s+age|old)\b", after)):
            return None
        if unit is None and re.match(r"\s*:\s*\d", after):
            return None  # a ratio or titre ("below 1:10"), not a value in a unit
        if unit is None and re.match(r"\s*[A-Za-z]", after) and not re.match(
                r"\s*(?:points?|or|and|on|at|in|for|with|despite|after|before|but|while|when|if|x|×)\b", after):
            return None  # "more than 2 standard deviations", "over 3 infusions": a count, not a lab value
        # an analyte named before an earlier threshold is shared ("platelets < 30 x 109/L, or < 50 ...");
        # words not in the lexicon start the span only when nothing but link words ("is", "level of")
        # separates them from the comparator
        start = comp_start
        if analyte is not None and analyte.start >= floor and (from_lexicon or analyte.adjacent):
            start = analyte.start
        value = low.value
        result: dict[str, Any] = {
            "text": text[start:end], "start": start, "end": end,
            "analyte": analyte[0] if analyte else None,
            "comparator": comparator,
            "value": number_value(value),
            "value_max": number_value(high.value) if high is not None else None,
            "unit": unit.unit if unit else None,
            "ucum": unit.ucum if unit else None,
        }
        return result


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
