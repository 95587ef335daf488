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
from typing import Any

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
}


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

    def analyte_before(self, text: str, start: int, end: int, floor: int = 0) -> tuple[str, int, bool] | None:
        """The analyte standing before ``end`` (within ``start..end``).

        Returns:
            ``(name, offset, from_lexicon)`` or None.
        """
        _ = self._analyte_re
        lo = max(start, end - ANALYTE_WINDOW)
        window = text[lo:end]
        last = None
        for match in self._analyte_re.finditer(window):
            last = match
        if last is not None and lo + last.start() < floor:
            # the lexicon analyte belongs to an earlier threshold: prefer words of this clause
            own = self._noun_phrase(window, lo)
            if own is not None:
                return own
        between = window[last.end():] if last is not None else ""
        if last is not None and (not re.search(r"[;:]", between) or re.fullmatch(r"\s*:\s*", between)):
            name = self._analyte_names.get(" ".join(last.group(0).lower().split()))
            if name is None:  # whitespace variants
                name = next((n for f, n in self._analyte_names.items()
                             if " ".join(f.split()) == " ".join(last.group(0).lower().split())), last.group(0))
            return name, lo + last.start(), True
        return self._noun_phrase(window, lo)

    @staticmethod
    def _noun_phrase(window: str, lo: int) -> tuple[str, int, bool] | None:
        """The nearest run of up to four content words ending ``window`` (clause punctuation stops it)."""
        words = list(re.finditer(r"[A-Za-z][\w+\-/]*", window))
        picked: list[re.Match[str]] = []
        for word in reversed(words):
            gap = window[word.end():(picked[0].start() if picked else len(window))]
            if re.search(r"[,;:.()]", gap):
                break
            token = word.group(0).lower()
            if token in _STOP_WORDS:
                if picked:
                    break
                continue
            picked.insert(0, word)
            if len(picked) == 4:
                break
        if not picked:
            return None
        return window[picked[0].start():picked[-1].end()], lo + picked[0].start(), False

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
        if unit is None and re.match(r"\s*[A-Za-z]", after) and not re.match(
                r"\s*(?:points?|or|and|on|at|in|for|with|despite|after|before|but|while|when|if|x|×)\b", after):
            return None  # "more than 2 standard deviations", "over 3 infusions": a count, not a lab value
        # an analyte named before an earlier threshold is shared ("platelets < 30 x 109/L, or < 50 ...")
        start = analyte[1] if from_lexicon and analyte[1] >= floor else comp_start
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
