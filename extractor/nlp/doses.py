"""Dose rules: amount (or range) and unit, with frequency, duration, route, maximum, timing and product.

Method: the quantity scanner finds amounts whose unit is a dose unit (g/kg, mg/kg, mL/kg, mg, g,
IU, units); two amounts joined by a dash, "to" or "between … and" are one range ("1–2 g/kg"). An
amount introduced by a maximum cue ("up to a maximum of", "should not exceed", "max") is the
previous dose's maximum. Within the rest of the sentence, up to the next dose, regular
expressions built from ``resources/nlp/doses.yaml`` read the frequency ("every 3–6 weeks", "q4w",
"fortnightly", "/day"), the course length ("for 5 days", "over 2–5 days"), the timing window
("within 72 hours of exposure"), the route ("IV", "subcutaneous") and the product (IVIg, SCIg,
HNIG …; its route is used when no route word is written). Counts ("3 infusions"), percentages,
years, ages and section numbers have no dose unit and are never doses. Age bands ("500 mg for
6–10 years" in a sentence that states ages) are neither durations nor timing windows; a timing
window written once before a list of doses is every dose's. Amounts per head of population and
consumption statistics ("95 g per 1,000 population") are not doses.
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
from extractor.nlp.quantities import Quantity, number_value, parse_number, scan, sentence_bounds
from extractor.nlp.resources import DoseRules, UnitTable, dose_rules, phrase_pattern, unit_table

_TIME_UNIT = {"min": "min", "mins": "min", "minute": "min", "minutes": "min",
              "h": "h", "hr": "h", "hrs": "h", "hour": "h", "hours": "h", "hourly": "h",
              "d": "d", "day": "d", "days": "d", "daily": "d",
              "w": "wk", "wk": "wk", "wks": "wk", "week": "wk", "weeks": "wk", "weekly": "wk",
              "m": "mo", "mo": "mo", "month": "mo", "months": "mo", "monthly": "mo",
              "year": "a", "years": "a", "yr": "a", "yrs": "a", "yearly": "a"}
_TIME_WORDS = r"(?:minutes?|mins?|hours?|hrs?|days?|weeks?|wks?|months?|years?|yrs?)"
_RATE = re.compile(r"\s*/\s*(?:min|minute|h|hr|hour)\b", re.IGNORECASE)
_SPAN_OF_YEARS = re.compile(r"\d+(?:\s*(?:-|–|—|to|and)\s*\d+)?\s*(?:years?|yrs?)\b", re.IGNORECASE)
_AGE_AFTER = re.compile(r"\s*(?:of\s+age|old\b|and\s+(?:over|older|above|under|younger)\b"
                        r"|or\s+(?:over|older|above|more|under|younger)\b)", re.IGNORECASE)
#: Unit kinds of plain amounts, which a consumption statistic may also be written in.
_PLAIN_AMOUNT_KINDS = {"mass", "volume", "activity"}
#: Characters a dose's modifiers may reach after its end.
AFTER_WINDOW = 140
BEFORE_WINDOW = 30


@dataclass
class DoseFinder:
    """Compiled dose rules over a unit table."""

    rules: DoseRules
    units: UnitTable

    # ------------------------------------------------------------------ compiled patterns
    @cached_property
    def _num(self) -> str:
        words = phrase_pattern([w for w in self.rules.number_words if len(w) > 2])
        return rf"(?:\d+(?:[.·]\d+)?|{words})"

    def _number(self, text: str | None) -> float | None:
        if text is None:
            return None
        text = text.strip().lower()
        if text in self.rules.number_words:
            return self.rules.number_words[text]
        return parse_number(text)

    @cached_property
    def _frequency_re(self) -> re.Pattern[str]:
        n = self._num
        rng = rf"(?P<a>{n})(?:\s*(?:-|–|—|to|or)\s*(?P<b>{n}))?"
        words = phrase_pattern(self.rules.frequency_words)
        return re.compile(
            rf"(?:/\s*)?every\s+{rng}\s*(?P<u>{_TIME_WORDS})\b"
            rf"|\bq\s?(?P<qa>\d+)(?:\s*[-–]\s*(?P<qb>\d+))?\s?(?P<qu>h|hr|d|w|wk|wks|m|mo|{_TIME_WORDS})\b"
            rf"|(?:at\s+)?intervals\s+of\s+{rng.replace('?P<a>', '?P<va>').replace('?P<b>', '?P<vb>')}\s*"
            rf"(?P<vu>{_TIME_WORDS})\b"
            rf"|(?:at\s+)?(?:intervals\s+of\s+)?{rng.replace('?P<a>', '?P<ia>').replace('?P<b>', '?P<ib>')}"
            rf"[\s-]*(?P<iu>weekly|monthly|daily|hourly|{_TIME_WORDS}(?=\s*(?:intervals|apart)))"
            rf"|(?P<w>{words})",
            re.IGNORECASE)

    @cached_property
    def _frequency_map(self) -> dict[str, tuple[float, float, str]]:
        return {" ".join(k.lower().split()): v for k, v in self.rules.frequency_words.items()}

    @cached_property
    def _duration_re(self) -> re.Pattern[str]:
        n = self._num
        cues = phrase_pattern(self.rules.duration_cues + ("x", "×"))
        return re.compile(
            rf"(?P<cue>{cues})\s*(?P<a>{n})(?:\s*(?:-|–|—|to|or)\s*(?P<b>{n}))?\s*"
            rf"(?:consecutive\s+|successive\s+|further\s+)?(?P<u>{_TIME_WORDS})\b"
            rf"|(?P<ca>{n})(?:\s*(?:-|–|—|to)\s*(?P<cb>{n}))?[\s-](?P<cu>day|week|month)s?\s+course\b"
            rf"|\bon\s+(?P<oa>{n})(?:\s*(?:-|–|—|to|or)\s*(?P<ob>{n}))?\s+(?:consecutive|successive|separate)\s+"
            rf"(?P<ou>{_TIME_WORDS})\b",
            re.IGNORECASE)

    @cached_property
    def _timing_re(self) -> re.Pattern[str]:
        n = self._num
        cues = phrase_pattern(self.rules.timing_cues)
        events = phrase_pattern(self.rules.timing_events)
        return re.compile(
            rf"(?P<cue>{cues})\s+(?P<a>{n})(?:\s*(?:-|–|—|to|and)\s*(?P<b>{n}))?\s*(?P<u>{_TIME_WORDS})\b"
            rf"(?:\s+(?:of|after|from|following|post|since|before|prior\s+to)\s+(?:{events}))?",
            re.IGNORECASE)

    @cached_property
    def _age_before_re(self) -> re.Pattern[str]:
        # an age word, then at most two short words ("children up to", "aged between"; not "adults for") before
        # the span
        return re.compile(r"(?:" + phrase_pattern(self.rules.age_words) + r")(?:\s+(?!(?:for|over|during)\b)[a-z]{1,7})"
                          r"{0,2}\s*\Z",
                          re.IGNORECASE)

    @cached_property
    def _population_re(self) -> re.Pattern[str]:
        return re.compile(r"\s*(?:per|/|for\s+every|for\s+each)\s*(?:\d[\d.,\s\u00a0\u2009]*(?:thousand|million)?\s*)?"
                          r"(?:" + phrase_pattern(self.rules.population_words) + r")", re.IGNORECASE)

    @cached_property
    def _statistic_re(self) -> re.Pattern[str]:
        return re.compile(phrase_pattern(self.rules.statistic_words), re.IGNORECASE)

    @cached_property
    def _route_re(self) -> re.Pattern[str]:
        self._route_map = {f.lower(): r for r, forms in self.rules.routes.items() for f in forms}
        return re.compile(phrase_pattern(self._route_map), re.IGNORECASE)

    @cached_property
    def _product_re(self) -> re.Pattern[str]:
        self._product_map = {}
        for product in self.rules.products:
            for form in product.forms:
                self._product_map.setdefault(form, product)
                self._product_map.setdefault(form.lower(), product)
        return re.compile(phrase_pattern({p for pr in self.rules.products for p in pr.forms}), re.IGNORECASE)

    def _product_of(self, written: str):  # noqa: ANN202
        _ = self._product_re
        key = " ".join(written.split())
        return self._product_map.get(key) or self._product_map.get(key.lower())

    @cached_property
    def _max_re(self) -> re.Pattern[str]:
        return re.compile(r"(?:" + phrase_pattern(self.rules.max_cues) + r")\s*(?:of\s+|:\s*|=\s*)?(?:the\s+)?"
                          r"(?:(?:a\s+)?total\s+(?:dose\s+)?(?:of\s+)?)?\Z",
                          re.IGNORECASE)

    # ------------------------------------------------------------------------- reading
    def _frequency(self, window: str) -> dict[str, Any] | None:
        match = self._frequency_re.search(window)
        if not match:
            return None
        groups = match.groupdict()
        if groups["w"]:
            lo, hi, unit = self._frequency_map[" ".join(groups["w"].lower().split())]
        elif groups["qa"]:
            lo = float(groups["qa"])
            hi = float(groups["qb"]) if groups["qb"] else lo
            unit = _TIME_UNIT.get(groups["qu"].lower(), "wk")
        elif groups["va"]:
            lo = self._number(groups["va"]) or 1.0
            hi = self._number(groups["vb"]) if groups["vb"] else lo
            unit = _TIME_UNIT.get(groups["vu"].lower(), "wk")
        elif groups["ia"]:
            lo = self._number(groups["ia"]) or 1.0
            hi = self._number(groups["ib"]) if groups["ib"] else lo
            unit = _TIME_UNIT[groups["iu"].lower()] if groups["iu"].lower() in _TIME_UNIT else "wk"
        else:
            lo = self._number(groups["a"]) or 1.0
            hi = self._number(groups["b"]) if groups["b"] else lo
            unit = _TIME_UNIT.get(groups["u"].lower(), "wk")
        if unit == "a":  # the contract's interval units stop at months: "once a year" is every 12 months
            lo, hi, unit = lo * 12, (hi or lo) * 12, "mo"
        return {"every": [number_value(lo), number_value(hi or lo)], "unit": unit}

    def _interval(self, match: re.Match[str], a: str, b: str, u: str, cue: str | None = None
                  ) -> dict[str, Any]:
        lo = self._number(match.group(a))
        hi = self._number(match.group(b)) if match.group(b) else lo
        cue_text = (match.group(cue) or "").lower() if cue else ""
        if "up to" in cue_text or "maximum" in cue_text or "exceed" in cue_text or "no longer than" in cue_text \
                or "no more than" in cue_text or cue_text in ("within", "no later than", "not later than", "by",
                                                              "before", "less than", "max", "max."):
            lo, hi = (None, hi) if not match.group(b) else (lo, hi)
        elif "at least" in cue_text or cue_text in ("after", "more than", "later than"):
            lo, hi = lo, None
        unit = _TIME_UNIT.get(match.group(u).lower().rstrip("s"), None) or _TIME_UNIT.get(match.group(u).lower(), "d")
        return {"min": number_value(lo) if lo is not None else None,
                "max": number_value(hi) if hi is not None else None,
                "unit": unit, "text": match.group(0)}

    def _duration(self, window: str, sentence: str = "") -> tuple[dict[str, Any], tuple[int, int]] | None:
        for match in self._duration_re.finditer(window):
            if match.group("ca"):
                found = self._interval(match, "ca", "cb", "cu")
            elif match.group("oa"):
                found = self._interval(match, "oa", "ob", "ou")
            else:
                found = self._interval(match, "a", "b", "u", "cue")
            if not self._is_age(window, match, found["unit"], sentence, cue_before=False):
                return found, match.span()
        return None

    def _timing(self, window: str, exclude: tuple[int, int] | None, sentence: str = "") -> dict[str, Any] | None:
        for match in self._timing_re.finditer(window):
            if exclude and match.start() < exclude[1] and exclude[0] < match.end():
                continue
            found = self._interval(match, "a", "b", "u", "cue")
            if not self._is_age(window, match, found["unit"], sentence):
                return found
        return None

    def _is_age(self, window: str, match: re.Match[str], unit: str, sentence: str, cue_before: bool = True) -> bool:
        """Whether a span of months or years is an age band, never a duration or timing window.

        It is one when an age word stands right before its cue ("for children up to 5 years"; not for
        course lengths: "in adults for 2 years" is a duration) or an age phrase right after it ("15
        years and over"), or, for years, when its sentence states ages that way (the "for 6–10 years"
        of "250 mg for children up to 5 years, 500 mg for 6–10 years ...").
        """
        if unit not in ("a", "mo"):
            return False
        if (cue_before and self._age_before_re.search(window[max(0, match.start() - 40):match.start()])) \
                or _AGE_AFTER.match(window, match.end()):
            return True
        return unit == "a" and self._states_ages(sentence)

    def _states_ages(self, sentence: str) -> bool:
        """Whether ``sentence`` has a span of years written as an age ("children up to 5 years", "aged 15 years")."""
        for match in _SPAN_OF_YEARS.finditer(sentence):
            if self._age_before_re.search(sentence[max(0, match.start() - 40):match.start()]) \
                    or _AGE_AFTER.match(sentence, match.end()):
                return True
        return False

    # -------------------------------------------------------------------------- finding
    def find(self, text: str, bounds: list[tuple[int, int]] | None = None) -> list[dict[str, Any]]:
        """Doses in ``text`` as contract dicts.

        Args:
            text: The text.
            bounds: Sentence offsets (default: :func:`sentence_bounds`).
        """
        bounds = bounds if bounds is not None else sentence_bounds(text)
        kinds = set(self.rules.dose_unit_kinds)
        quantities = scan(text, self.units)
        doses: list[dict[str, Any]] = []
        sentence_of: list[tuple[int, int]] = []
        index = 0
        i = 0
        while i < len(quantities):
            q = quantities[i]
            while index < len(bounds) - 1 and bounds[index][1] <= q.start:
                index += 1
            s_start, s_end = bounds[index] if bounds else (0, len(text))
            if not s_start <= q.start < s_end:
                s_start, s_end = q.start, q.end
            low, high = q, None
            if i + 1 < len(quantities):
                q2 = quantities[i + 1]
                between = text[q.end:q2.start]
                if (q2.unit is not None and q2.unit.kind in kinds and (q.unit is None or q.unit is q2.unit)
                        and q2.start < s_end and re.fullmatch(r"\s*(?:-|–|—|to|and|or)\s*", between, re.I)
                        and (between.strip().lower() not in ("and", "or")
                             or re.search(r"between\s*\Z", text[max(s_start, q.start - 9):q.start], re.I))):
                    high = q2
            last = high or low
            if last.unit is None or last.unit.kind not in kinds:
                i += 1
                continue
            if _RATE.match(text, last.end):  # "8 mg/kg/min": an infusion rate, not a dose
                i += 2 if high is not None else 1
                continue
            i += 2 if high is not None else 1
            start = q.start
            if high is not None:
                opener = re.search(r"between\s*\Z", text[max(s_start, q.start - 9):q.start], re.I)
                start = max(s_start, q.start - 9) + opener.start() if opener else start
            before = text[max(s_start, (doses[-1]["end"] if doses else 0)):q.start]
            if self._population_re.match(text, last.end) or (
                    last.unit.kind in _PLAIN_AMOUNT_KINDS and self._statistic_re.search(re.split(r"[;:]", before)[-1])):
                continue  # "95 g per 1,000 population", "annual consumption of 450 g": a usage statistic
            if self._max_re.search(before):
                previous = doses[-1] if doses and sentence_of[-1] == (s_start, s_end) else None
                maximum = {"value": number_value(last.value), "unit": last.unit.unit}
                if previous is not None and previous["max"] is None:
                    previous["max"] = maximum
                    previous["end"] = last.end
                    previous["text"] = text[previous["start"]:last.end]
                    continue
                # a maximum with no dose before it ("Do not exceed 2 g/kg per course") is a dose whose
                # amount is that maximum
                doses.append(self._dose(text, start, last.end, low, high, last, maximum))
                sentence_of.append((s_start, s_end))
                continue
            doses.append(self._dose(text, start, last.end, low, high, last, None))
            sentence_of.append((s_start, s_end))
        # modifiers: read each dose's context up to the next dose in the same sentence
        for n, dose in enumerate(doses):
            s_start, s_end = sentence_of[n]
            # neighbouring doses of the sentence split it at the first ";" between them, else at the dose
            nxt, prv = s_end, s_start
            if n + 1 < len(doses) and sentence_of[n + 1] == (s_start, s_end):
                semi = text.find(";", dose["end"], doses[n + 1]["start"])
                nxt = semi if semi >= 0 else doses[n + 1]["start"]
            if n and sentence_of[n - 1] == (s_start, s_end):
                semi = text.find(";", doses[n - 1]["end"], dose["start"])
                prv = semi + 1 if semi >= 0 else doses[n - 1]["end"]
            self._modifiers(text, dose, s_start, s_end, prv, nxt)
        self._shared_timing(text, doses, sentence_of)
        return doses

    def _shared_timing(self, text: str, doses: list[dict[str, Any]], sentence_of: list[tuple[int, int]]) -> None:
        """A timing window written once before a list of doses ("Within 10 days of exposure: 250 mg for
        ..., 500 mg for ...") is the timing of every dose of the list that states none (up to a ";"); so is
        one written once after the list, set off by a comma or "all"/"each"/"both" ("250 mg for ..., 500 mg
        for ..., all within 10 days of exposure")."""
        self._trailing_timing(text, doses, sentence_of)
        first = 0
        for n, dose in enumerate(doses):
            if n and sentence_of[n] != sentence_of[n - 1]:
                first = n
            if n == first or dose["timing"] is not None or ";" in text[doses[first]["start"]:dose["start"]]:
                continue
            s_start, s_end = sentence_of[n]
            lead = self._timing(text[s_start:doses[first]["start"]], None, text[s_start:s_end])
            if lead is not None:
                dose["timing"] = lead

    @staticmethod
    def _trailing_timing(text: str, doses: list[dict[str, Any]], sentence_of: list[tuple[int, int]]) -> None:
        groups: dict[tuple[int, int], list[dict[str, Any]]] = {}
        for dose, sentence in zip(doses, sentence_of):
            groups.setdefault(sentence, []).append(dose)
        for group in groups.values():
            last = group[-1]
            timing = last["timing"]
            if len(group) < 2 or timing is None or not timing.get("text") \
                    or ";" in text[group[0]["start"]:last["end"]]:
                continue
            at = text.find(timing["text"], last["end"])
            if at < 0 or not re.search(r"(?:,|\b(?:all|each|both|every\s+dose))\s*(?:given\s+|to\s+be\s+given\s+)?\Z",
                                       text[last["end"]:at], re.IGNORECASE):
                continue
            for dose in group[:-1]:
                if dose["timing"] is None:
                    dose["timing"] = dict(timing)

    def _dose(self, text: str, start: int, end: int, low: Quantity | None, high: Quantity | None,
              last: Quantity, maximum: dict[str, Any] | None) -> dict[str, Any]:
        assert last.unit is not None
        return {"text": text[start:end], "start": start, "end": end,
                "amount": number_value(low.value) if low is not None else None,
                "amount_max": number_value(high.value) if high is not None else None,
                "unit": last.unit.unit, "ucum": last.unit.ucum, "route": None, "frequency": None,
                "duration": None, "max": maximum, "timing": None, "product": None, "_amount_end": end}

    def _modifiers(self, text: str, dose: dict[str, Any], s_start: int, s_end: int, prv: int, nxt: int) -> None:
        after_lo = dose.pop("_amount_end")
        after_hi = min(nxt, after_lo + AFTER_WINDOW)
        after = text[after_lo:after_hi]
        before_lo = max(prv, dose["start"] - BEFORE_WINDOW)
        before = text[before_lo:dose["start"]]
        # a maximum written after the dose ("(max 90 g)") when the scanner saw no dose unit there
        frequency = self._frequency(after)
        if frequency is None:
            frequency = self._frequency(before)
        dose["frequency"] = frequency
        duration = self._duration(after, text[s_start:s_end])
        dose["duration"] = duration[0] if duration else None
        sentence = text[prv:nxt]
        exclude = None
        if duration:
            exclude = (after_lo - prv + duration[1][0], after_lo - prv + duration[1][1])
        dose["timing"] = self._timing(sentence, exclude, text[s_start:s_end])
        # product and route: nearest mention in the sentence
        # a product in brackets after the dose and its modifiers names it ("0.2 g/kg/week (SCIg)");
        # otherwise the nearest product of the sentence
        product = None
        for match in self._product_re.finditer(text, dose["end"], after_hi):
            if re.fullmatch(r"[^()]*\(\s*", text[dose["end"]:match.start()]) and \
                    re.match(r"\s*\)", text[match.end():]):
                product = match
                break
        if product is None:
            product = _nearest(self._product_re.finditer(text, s_start, s_end), dose["start"], dose["end"])
        product_entry = self._product_of(product.group(0)) if product else None
        dose["product"] = product_entry.name if product_entry else None
        _ = self._route_re
        route = _nearest((m for m in self._route_re.finditer(text, s_start, s_end)
                          if not (product and m.start() < product.end() and product.start() < m.end())),
                         dose["start"], dose["end"])
        if route is not None:
            dose["route"] = self._route_map.get(" ".join(route.group(0).lower().split()))
        elif product_entry is not None:
            dose["route"] = product_entry.route


def _nearest(matches, lo: int, hi: int):  # noqa: ANN001, ANN202
    """The match closest to ``lo..hi`` (ties: the one after)."""
    best = None
    best_key = None
    for match in matches:
        if match.end() <= lo:
            key = (lo - match.end(), 1)
        elif match.start() >= hi:
            key = (match.start() - hi, 0)
        else:
            key = (0, 0)
        if best_key is None or key < best_key:
            best, best_key = match, key
    return best


def make_finder(rules: DoseRules | None = None, units: UnitTable | None = None) -> DoseFinder:
    """A finder over the given (default: packaged) rules and unit table."""
    return DoseFinder(rules=rules or dose_rules(), units=units or unit_table())


_DEFAULT: DoseFinder | None = None


def find_doses(text: str, bounds: list[tuple[int, int]] | None = None) -> list[dict[str, Any]]:
    """Doses in ``text`` with the packaged rules; see :class:`DoseFinder`."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = make_finder()
    return _DEFAULT.find(text, bounds)


# ------------------------------------------------------------------------------ component

class DoseMatcher:
    """spaCy component: doses on ``doc.spans["doses"]``, attributes on ``span._.dose``."""

    def __init__(self, nlp: Language, name: str, *, rules: DoseRules, units: UnitTable, spans_key: str) -> None:
        self.name = name
        self.spans_key = spans_key
        self.finder = make_finder(rules, units)

    def __call__(self, doc: Doc) -> Doc:
        """Find doses over the doc text (sentence bounds from ``doc._.char_sentences``)."""
        from extractor.nlp.sentences import doc_sentence_bounds
        from extractor.nlp.spans import doc_text, set_spans

        set_spans(doc, self.spans_key, "dose", self.finder.find(doc_text(doc), doc_sentence_bounds(doc)))
        return doc

    def to_disk(self, path: str | Path, *, exclude: tuple[str, ...] = ()) -> None:
        """Save the rules and unit table as JSON."""
        from extractor.nlp.spans import write_json

        write_json(path, "rules.json", self.finder.rules.to_dict())
        write_json(path, "units.json", self.finder.units.to_dict())

    def from_disk(self, path: str | Path, *, exclude: tuple[str, ...] = ()) -> DoseMatcher:
        """Load the rules and unit table saved by :meth:`to_disk`."""
        from extractor.nlp.spans import read_json

        path = ensure_path(path)
        rules, units = read_json(path, "rules.json"), read_json(path, "units.json")
        self.finder = make_finder(DoseRules.from_dict(rules, str(path / "rules.json")) if rules else None,
                                  UnitTable.from_dict(units, str(path / "units.json")) if units else None)
        return self


@Language.factory(
    "extractor_doses",
    assigns=["doc.spans", "span._.dose"],
    default_config={"rules": {"@misc": "extractor.dose_rules.v1", "path": None},
                    "units": {"@misc": "extractor.unit_table.v1", "path": None},
                    "spans_key": "doses"},
)
def make_dose_matcher(nlp: Language, name: str, rules: DoseRules, units: UnitTable,
                      spans_key: str) -> DoseMatcher:
    """Factory of :class:`DoseMatcher`."""
    return DoseMatcher(nlp, name, rules=rules, units=units, spans_key=spans_key)
