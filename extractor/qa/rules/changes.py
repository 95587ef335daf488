"""Change-form rules: ``no-op-change``, ``reason-mismatch`` and ``numeric-change``.

- no-op-change: the original and new text are the same after normalising whitespace, bullets,
  punctuation spacing and case, yet the row claims a change. New text that is an instruction
  ("Removed", "Moved from X to Y", "Reference ... removed") is not compared.
- reason-mismatch: the reason claims a change of no clinical meaning (typo, spelling, wording,
  grammar, formatting, administrative, terminology, clarification) but the word-level diff
  (difflib opcodes) changes a number, unit, comparator, negation, drug name or criteria logic
  (AND/OR, must/may), or removes a clause (content words that are nowhere in the new text, with
  none added in their place); or the reason says a dose, threshold or other quantity was changed
  but no number, unit or frequency word changed. A unit only respelt ("mL" → "mls", "g" → "gm",
  per ``resources/qa/unit_styles.csv``) is a unit-style matter, not a change of meaning.
- numeric-change: every threshold, dose or interval that differs between the original and
  new text, old → new, for clinical sign-off. Quantities come from ``extractor.nlp.extract``
  when it is available, else from the numbers with units inside the diff's changed spans;
  they are compared after unit normalisation (``extractor.nlp.units.to_canonical``), so
  "4 g/L" rewritten as "400 mg/dL" is no change.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from spacy.lang.en.stop_words import STOP_WORDS

from extractor.qa.data import check_keys, read_yaml, resource_name
from extractor.qa.finding import Finding
from extractor.qa.rules.units import unit_identity
from extractor.qa.text import DiffOp, normalise, word_diff
from extractor.vocabulary import NUMBER_WORDS

NO_OP, REASON, NUMERIC = "no-op-change", "reason-mismatch", "numeric-change"
_SOURCE = resource_name("changes.yaml")
_NUMBER_WORDS = {word: str(value) for word, value in NUMBER_WORDS.items()}
_NUM = r"(?:\d+(?:[.,]\d+)*(?:\^?\d+|[⁰¹²³⁴⁵⁶⁷⁸⁹]+)?|\b(?:" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")\b)"
_CMP = r"(?:<=|>=|≤|≥|<|>|=|above|below|over|under|at\s+least|at\s+most|more\s+than|less\s+than|greater\s+than|" \
       r"fewer\s+than|up\s+to(?:\s+a)?(?:\s+maximum\s+of)?|maximum\s+of|minimum\s+of|within|after|every)"


@dataclass(frozen=True)
class ChangeConfig:
    """Settings (``resources/qa/changes.yaml``); see the file for each list's meaning."""

    instructions: tuple[re.Pattern[str], ...]
    empty_original: tuple[re.Pattern[str], ...]
    minor_reasons: tuple[re.Pattern[str], ...]
    no_change_reasons: tuple[re.Pattern[str], ...]
    negations: frozenset[str]
    logic: frozenset[str]
    modals: frozenset[str]
    comparators: frozenset[str]
    quantity: re.Pattern[str]
    unit_words: frozenset[str] = frozenset()
    quantity_reasons: tuple[re.Pattern[str], ...] = ()
    quantity_words: frozenset[str] = frozenset()
    min_removed_words: int = 2
    minor_change_types: tuple[re.Pattern[str], ...] = ()

    @classmethod
    def from_dict(cls, data: dict, source: str = _SOURCE) -> ChangeConfig:
        """Build from parsed YAML, rejecting unknown keys."""
        keys = ("instructions", "empty_original", "minor_reasons", "no_change_reasons", "negations", "logic",
                "modals", "comparators", "quantity_units")
        check_keys(data, (*keys, "quantity_reasons", "quantity_words", "min_removed_words", "minor_change_types"), source,
                   required=keys)

        def compile_all(items: list[str]) -> tuple[re.Pattern[str], ...]:
            return tuple(re.compile(p, re.IGNORECASE) for p in items)

        units = "|".join(sorted(data["quantity_units"], key=len, reverse=True))
        quantity = re.compile(rf"(?:(?P<cmp>{_CMP})\s*)?(?P<value>{_NUM})(?:\s?(?:-|–|to)\s?(?P<value_max>{_NUM}))?"
                              rf"\s?(?P<unit>(?:{units})(?:/(?:kg|day|week|dose|m2))?)(?![A-Za-z])")
        return cls(compile_all(data["instructions"]), compile_all(data["empty_original"]),
                   compile_all(data["minor_reasons"]), compile_all(data["no_change_reasons"]), frozenset(w.lower() for w in data["negations"]),
                   frozenset(data["logic"]), frozenset(w.lower() for w in data["modals"]),
                   frozenset(w.lower() for w in data["comparators"]), quantity,
                   _unit_words(data["quantity_units"]), compile_all(data.get("quantity_reasons", [])),
                   frozenset(w.lower() for w in data.get("quantity_words", [])),
                   int(data.get("min_removed_words", 2)), compile_all(data.get("minor_change_types", [])))

    def is_instruction(self, text: str) -> bool:
        """Whether the new text is an editor's instruction rather than wording."""
        flat = " ".join(text.split())
        return len(flat) < 160 and any(p.search(flat) for p in self.instructions)

    def is_empty(self, text: str | None) -> bool:
        """Whether an original text means "nothing was there"."""
        flat = " ".join((text or "").split())
        return not flat or any(p.match(flat) for p in self.empty_original)

    def is_minor(self, reason: str | None) -> bool:
        """Whether the reason claims a change without clinical meaning."""
        return bool(reason) and any(p.search(reason) for p in self.minor_reasons)  # type: ignore[arg-type]

    def is_minor_type(self, change_type: str | None) -> bool:
        """Whether a change-type value (its code's meaning included) names a non-clinical class."""
        return bool(change_type) and any(p.search(change_type) for p in self.minor_change_types)  # type: ignore[arg-type]

    def claims_quantity(self, reason: str | None) -> bool:
        """Whether the reason says a dose, threshold or other quantity was changed."""
        return bool(reason) and any(p.search(reason) for p in self.quantity_reasons)  # type: ignore[arg-type]


def _unit_words(units: list[str]) -> frozenset[str]:
    """Measurement units among the quantity units (not everyday words such as "day" or "dose")."""
    out = set()
    for unit in units:
        if re.search(r"[()\[\]|^]", unit):
            continue
        cleaned = re.sub(r"[?\\]", "", unit)
        if re.fullmatch(r"[a-z]{3,}", cleaned) or cleaned in ("h", "per cent", "percent"):
            continue
        out.add(cleaned.rstrip("s") if len(cleaned) > 3 else cleaned)
    return frozenset(out)


@lru_cache(maxsize=1)
def default_config() -> ChangeConfig:
    """The packaged settings."""
    return ChangeConfig.from_dict(read_yaml("changes.yaml"))


def check_no_op(original: str | None, new: str | None, *, config: ChangeConfig | None = None,
                reason: str | None = None) -> Finding | None:
    """Return a ``no-op-change`` finding when the row's text did not change, else None.

    A row whose reason says nothing changed ("reviewed, no change required") is not reported.
    """
    config = config or default_config()
    if reason and any(p.search(reason) for p in config.no_change_reasons):
        return None
    if config.is_empty(original) or not (new or "").strip() or config.is_instruction(new or ""):
        return None
    if normalise(original or "") != normalise(new or ""):
        return None
    exact = (original or "").split() == (new or "").split()
    how = "identical" if exact else "identical apart from spacing, bullets or case"
    return Finding(NO_OP, "warning", f"the original and new text are {how}, yet a change is recorded",
                   text=(new or "")[:200], suggestion=None, field=None)


def _words(op_text: str) -> list[str]:
    return re.findall(r"[A-Za-z][A-Za-z0-9]*(?:/[A-Za-z]+)?|[<>≤≥=]+|\d+(?:[.,]\d+)*", op_text)


#: Words a unit respelling may bring or drop around it ("10 mL" / "10 mls of", "x 10^9/L are" / "x 10^9/l is").
_FILLERS = frozenset({"of", "the", "a", "an", "per", "in", "is", "are", "was", "were", "be"})


def _respelt_units(old_words: list[str], new_words: list[str]) -> bool:
    """Whether two word lists differ only in how units are written ("mL" / "mls of", "g" / "gm", "L" / "l").

    Units are compared by their identity in the unit-style table (a lone "l" is the litre); a few
    filler words ("of", "is"/"are") are ignored, every other word must stay. At least one unit must
    be involved, and the units must be the same on both sides.
    """
    def key(items: list[str]) -> tuple[Counter[str], int]:
        out: Counter[str] = Counter()
        units = 0
        for word in items:
            identity = unit_identity(word) or ("L" if word in ("l", "L") else None)
            if identity:
                out["unit:" + identity] += 1
                units += 1
            elif word.lower() not in _FILLERS:
                out[word.lower()] += 1
        return out, units

    (old_key, old_units), (new_key, new_units) = key(old_words), key(new_words)
    return bool(old_units and new_units) and old_key == new_key and old_words != new_words


def _content_words(text: str) -> set[str]:
    """Lower-case words of three letters or more that are not function words (spaCy's English stop words)."""
    return {w.lower() for w in re.findall(r"[A-Za-z][A-Za-z\-']+", text) if len(w) >= 3 and w.lower() not in STOP_WORDS}


def _removed_clause(op: DiffOp, old_text: str, new_text: str, config: ChangeConfig) -> list[str]:
    """Content words an edit removes that the new text nowhere has, when it adds none in their place.

    A reordered sentence keeps its words (they reappear elsewhere in the new text); a rewording
    replaces words with others; a removed clause or criterion only takes words away.
    """
    if op.tag not in ("delete", "replace"):
        return []
    lost = sorted(_content_words(op.old) - _content_words(new_text))
    gained = _content_words(op.new) - _content_words(old_text)
    return lost if len(lost) >= config.min_removed_words and not gained else []


def quantity_tokens(text: str, config: ChangeConfig | None = None) -> Counter[str]:
    """Numbers (figures or words), units (by identity) and frequency words of ``text``, counted."""
    config = config or default_config()
    out: Counter[str] = Counter()
    for word in _words(text or ""):
        lower = word.lower()
        if word[0].isdigit() or lower in _NUMBER_WORDS:
            out["n:" + _NUMBER_WORDS.get(lower, word)] += 1
        elif unit_identity(word) or lower.rstrip("s") in config.unit_words:
            out["u:" + (unit_identity(word) or lower.rstrip("s"))] += 1
        elif lower in config.quantity_words or lower.rstrip("s") in config.quantity_words:
            out["w:" + lower.rstrip("s")] += 1
    return out


_YEAR = re.compile(r"^(?:19[5-9]\d|20\d\d)$")


def _citation_years_only(op: DiffOp, numbers: set[str], config: ChangeConfig) -> bool:
    """Whether the only numbers an edit changes are years of publication (no unit, no comparator).

    A year written as a bare four-digit number from 1950 to 2099 with no unit or comparator
    next to it ("NHS England (2016) Clinical commissioning policy" -> "(2024)") dates a
    cited document; a dose or threshold carries a unit.
    """
    if not numbers or not all(_YEAR.match(n) for n in numbers):
        return False
    return not (config.quantity.search(op.old) or config.quantity.search(op.new)) and \
        not any(c in op.old + op.new for c in "<>≤≥=")


def meaning_changes(ops: list[DiffOp], *, config: ChangeConfig | None = None,
                    is_drug: Callable[[str], bool] | None = None) -> list[tuple[str, DiffOp]]:
    """Return (what, op) for each diff op that changes meaning (number, unit, negation ...).

    Args:
        ops: Word-level diff opcodes.
        config: Settings.
        is_drug: Predicate telling whether a word is a drug name.
    """
    config = config or default_config()
    found: list[tuple[str, DiffOp]] = []
    old_text, new_text = " ".join(op.old for op in ops), " ".join(op.new for op in ops)
    for op in ops:
        if op.tag == "equal":
            continue
        old_words, new_words = _words(op.old), _words(op.new)
        if {w.lower() for w in old_words} == {w.lower() for w in new_words} and \
                normalise(op.old) == normalise(op.new):
            continue  # only case or spacing changed
        if _respelt_units(old_words, new_words):
            continue  # "mL" → "mls of": a unit-style matter, the quantity is the same
        changed = set(old_words) ^ set(new_words)
        lower = {w.lower() for w in changed}
        what = None
        old_numbers = {_NUMBER_WORDS.get(w.lower(), w) for w in old_words if w[0].isdigit() or w.lower() in _NUMBER_WORDS}
        new_numbers = {_NUMBER_WORDS.get(w.lower(), w) for w in new_words if w[0].isdigit() or w.lower() in _NUMBER_WORDS}
        if _citation_years_only(op, old_numbers | new_numbers, config):
            continue  # "(2016)" -> "(2024)": a newer edition of a cited document, not a clinical number
        if old_numbers and new_numbers and old_numbers != new_numbers:
            what = "a number"
        elif config.quantity.search(op.old) or config.quantity.search(op.new):
            what = "a quantity"
        elif op.tag == "replace" and {w.rstrip("s") for w in changed} & config.unit_words:
            what = "a unit"
        elif False:
            what = "a quantity"
        elif lower & config.comparators and any(w in "<>≤≥=" for w in changed):
            what = "a comparator"
        elif lower & config.negations:
            what = "a negation"
        elif changed & config.logic or ({"and", "or"} <= {w.lower() for w in old_words + new_words}
                                         and op.tag == "replace" and lower & {"and", "or"}) \
                or (lower and lower <= {"and", "or"} and not set(re.sub(r"[\sA-Za-z/]", "", op.old + op.new))):
            what = "the criteria logic"
        elif lower & config.modals and op.tag == "replace" and {w.lower() for w in old_words} & config.modals \
                and {w.lower() for w in new_words} & config.modals:
            what = "how binding the wording is"
        elif is_drug and op.tag == "replace" and any(is_drug(w) for w in changed):
            what = "a drug name"  # one drug for another; a clause that mentions a drug is not a new name
        elif _removed_clause(op, old_text, new_text, config):
            what = "the criteria (a clause is removed: " + " ".join(op.old.strip(" ,;.").split()) + ")"
        if what:
            found.append((what, op))
    return found


def check_reason(original: str | None, new: str | None, reason: str | None, *, config: ChangeConfig | None = None,
                 is_drug: Callable[[str], bool] | None = None, change_type: str | None = None) -> list[Finding]:
    """Return ``reason-mismatch`` findings for a row (one per meaning-changing edit).

    The row claims a change without clinical meaning when its reason says so ("Typo") or its
    change type does ("Minor", "Editorial", a code whose legend says "typographical").
    """
    config = config or default_config()
    if is_drug is None:
        from extractor.qa.rules.spelling import default_speller

        is_drug = default_speller().is_drug_shaped
    if config.is_empty(original) or config.is_instruction(new or ""):
        return []
    if config.claims_quantity(reason) and not config.is_minor(reason) \
            and quantity_tokens(original or "", config) == quantity_tokens(new or "", config):
        flat = " ".join((reason or "").split())
        return [Finding(REASON, "error", f"the reason '{flat}' says a quantity was changed, but no number, unit or "
                        f"frequency changed between the original and new text", text=reason or "", suggestion=None,
                        field="reason", start=0, end=len(reason or ""),
                        extra={"old": original, "new": new, "change": "no quantity", "reason": flat})]
    if not (config.is_minor(reason) or config.is_minor_type(change_type)):
        return []
    stated = "; ".join(" ".join(t.split()) for t in (reason, change_type) if t and t.strip())
    who = f"the reason '{stated}'" if reason and reason.strip() else f"the change type '{stated}'"
    findings = []
    for what, op in meaning_changes(word_diff(original or "", new or ""), config=config, is_drug=is_drug):
        before, after = op.old or "(nothing)", op.new or "(nothing)"
        findings.append(Finding(REASON, "error",
                                f"{who} claims a non-clinical edit, "
                                f"but the change '{before}' → '{after}' alters {what}",
                                text=op.new or op.old, suggestion=None, field="new" if op.new else "original",
                                start=op.new_start if op.new else op.old_start,
                                end=op.new_end if op.new else op.old_end,
                                extra={"old": op.old, "new": op.new, "change": what, "reason": stated}))
    return findings


# --- numeric-change -------------------------------------------------------------------------------

def _to_float(text: str) -> float | None:
    if text.lower() in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[text.lower()])
    text = text.replace(",", "") if re.fullmatch(r"\d{1,3}(?:,\d{3})+", text) else text.replace(",", ".")
    sup = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
    if re.search(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]", text):
        base, exp = re.match(r"(\d+)([⁰¹²³⁴⁵⁶⁷⁸⁹]+)", text).groups()  # type: ignore[union-attr]
        return float(base) ** int(exp.translate(sup))
    if "^" in text:
        base, exp = text.split("^", 1)
        return float(base) ** float(exp)
    try:
        return float(text)
    except ValueError:
        return None


def _canonical(value: float | None, unit: str | None) -> tuple[float | None, str]:
    if value is None or not unit:
        return value, (unit or "")
    try:
        from extractor.nlp.units import to_canonical
    except Exception:  # noqa: BLE001 - without the NLP package, compare units as written
        return value, unit
    try:
        return to_canonical(value, unit)
    except Exception:  # noqa: BLE001 - an unknown unit compares as written
        return value, unit.lower()


@dataclass(frozen=True)
class Quantity:
    """A threshold, dose or interval found in a text.

    Attributes:
        text: As written.
        start: Offset in its text.
        end: Offset one past it.
        comparator: ``<``, ``>`` ... or a word, or None.
        value: The number.
        value_max: Upper end of a range, or None.
        unit: The unit as written.
        analyte: What a threshold measures (when the NLP extractor says), or None.
        kind: ``threshold``, ``dose`` or ``quantity``.
    """

    text: str
    start: int
    end: int
    comparator: str | None
    value: float | None
    value_max: float | None
    unit: str | None
    analyte: str | None = None
    kind: str = "quantity"

    def key(self) -> tuple[Any, ...]:
        """Identity after unit normalisation (analyte, comparator, canonical values, base unit)."""
        value, base = _canonical(self.value, self.unit)
        high, _ = _canonical(self.value_max, self.unit)
        rounded = None if value is None else round(value, 9 - math.floor(math.log10(abs(value))) if value else 0)
        high_rounded = None if high is None else round(high, 6)
        comparator = _COMPARATORS.get((self.comparator or "").lower(), self.comparator)
        if comparator not in ("<", ">", "<=", ">=", "=", "range"):
            comparator = None  # "within", "after", "every" time a quantity; they are not thresholds
        return (self.analyte or "").lower(), comparator, rounded, high_rounded, base

    def to_dict(self) -> dict[str, Any]:
        """JSON form used in the finding's ``old``/``new`` keys."""
        return {"text": self.text, "kind": self.kind, "analyte": self.analyte, "comparator": self.comparator,
                "value": self.value, "value_max": self.value_max, "unit": self.unit}


_COMPARATORS = {"below": "<", "under": "<", "less than": "<", "fewer than": "<", "above": ">", "over": ">",
                "more than": ">", "greater than": ">", "at least": ">=", "≥": ">=", "at most": "<=", "≤": "<=",
                "up to": "<=", "maximum of": "<=", "up to a maximum of": "<=", "minimum of": ">="}


def _nlp_quantities(text: str) -> list[Quantity] | None:
    """Thresholds and doses from ``extractor.nlp.extract`` (contract shapes), or None if unavailable."""
    try:
        from extractor.nlp import extract  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - a broken or missing NLP package: use the diff's own numbers
        return None
    try:
        result = extract(text)
    except Exception:  # noqa: BLE001 - fall back to the diff's own numbers
        return None
    out = []
    for item in result.get("thresholds", []):
        out.append(Quantity(item.get("text", ""), int(item.get("start", 0)), int(item.get("end", 0)),
                            item.get("comparator"), item.get("value"), item.get("value_max"), item.get("unit"),
                            item.get("analyte"), "threshold"))
    for item in result.get("doses", []):
        out.append(Quantity(item.get("text", ""), int(item.get("start", 0)), int(item.get("end", 0)), None,
                            item.get("amount"), item.get("amount_max"), item.get("unit"), item.get("product"), "dose"))
    return out


def quantities(text: str, *, config: ChangeConfig | None = None) -> list[Quantity]:
    """Numbers with units in ``text`` (with a comparator word or sign before them when written)."""
    config = config or default_config()
    out = []
    for match in config.quantity.finditer(text or ""):
        value = _to_float(match.group("value"))
        high = _to_float(match.group("value_max")) if match.group("value_max") else None
        cmp_ = " ".join(match.group("cmp").split()).lower() if match.group("cmp") else None
        out.append(Quantity(match.group().strip(), match.start(), match.end(), cmp_, value, high, match.group("unit")))
    return out


def _all_quantities(text: str, config: ChangeConfig, use_nlp: bool) -> list[Quantity]:
    """The NLP extractor's thresholds and doses, plus numbers with units it did not cover (intervals)."""
    found = (_nlp_quantities(text) if use_nlp and text else None) or []
    for quantity in quantities(text, config=config):
        if not any(q.start < quantity.end and quantity.start < q.end for q in found):
            found.append(quantity)
    return sorted(found, key=lambda q: q.start)


_ANALYTE_FILLERS = frozenset({"count", "counts", "level", "levels", "concentration", "value", "values", "result", "serum",
                               "plasma"})


def _analyte_words(analyte: str | None) -> set[str]:
    words = {w.lower().rstrip("s") for w in re.findall(r"[A-Za-z][A-Za-z0-9]*", analyte or "")}
    return {w for w in words if w not in STOP_WORDS and w not in _ANALYTE_FILLERS}


def _same_quantity(a: Quantity, b: Quantity) -> bool:
    """Whether two quantities are the same after unit normalisation, their analytes named alike.

    "Blood eosinophils of at least 0.3 x 10^9/L" and "a blood eosinophil count of at least
    0.3 x 10^9/l" are one threshold: the analytes share their words once plurals and words such as
    "count" or "level" are set aside.
    """
    key_a, key_b = a.key(), b.key()
    if repr(key_a) == repr(key_b):
        return True
    if repr(key_a[1:]) != repr(key_b[1:]):
        return False
    words_a, words_b = _analyte_words(a.analyte), _analyte_words(b.analyte)
    return bool(words_a and words_b) and (words_a <= words_b or words_b <= words_a)


def _in_changed(q: Quantity, spans: list[tuple[int, int]]) -> bool:
    return any(q.start < e and s < q.end for s, e in spans) or any(s == e and q.start <= s <= q.end for s, e in spans)


def check_numeric(original: str | None, new: str | None, *, config: ChangeConfig | None = None,
                  use_nlp: bool = True) -> list[Finding]:
    """Return ``numeric-change`` findings: each changed, added or removed quantity, old → new."""
    config = config or default_config()
    old_text = "" if config.is_empty(original) else (original or "")
    new_text = new or ""
    if config.is_instruction(new_text):
        return []
    ops = [op for op in word_diff(old_text, new_text) if op.tag != "equal"]
    if not ops:
        return []
    old_q = _all_quantities(old_text, config, use_nlp)
    new_q = _all_quantities(new_text, config, use_nlp)
    findings = []
    used_old: set[int] = set()
    used_new: set[int] = set()
    for op in ops:
        olds = [q for i, q in enumerate(old_q) if i not in used_old and _in_changed(q, [(op.old_start, op.old_end)])]
        news = [q for i, q in enumerate(new_q) if i not in used_new and _in_changed(q, [(op.new_start, op.new_end)])]
        used_old.update(i for i, q in enumerate(old_q) if q in olds)
        used_new.update(i for i, q in enumerate(new_q) if q in news)
        # a quantity still present (same value after unit normalisation) elsewhere in the other text
        # did not change: the edit only touched the words around it
        olds = [q for q in olds if not any(_same_quantity(q, other) for other in new_q)]
        news = [q for q in news if not any(_same_quantity(q, other) for other in old_q)]
        if not olds and not news:
            continue  # nothing numeric, or the same quantities in other units
        before = "; ".join(q.text for q in olds) or "(none)"
        after = "; ".join(q.text for q in news) or "(none)"
        anchor = news or olds
        field = "new" if news else "original"
        start = min(q.start for q in anchor)
        end = max(q.end for q in anchor)
        findings.append(Finding(NUMERIC, "info", f"numeric change: {before} → {after}",
                                text=(new_text if news else old_text)[start:end], suggestion=None, field=field,
                                start=start, end=end,
                                extra={"old": [q.to_dict() for q in olds] or None,
                                       "new": [q.to_dict() for q in news] or None}))
    return findings


__all__ = [
    "NO_OP",
    "NUMERIC",
    "REASON",
    "ChangeConfig",
    "Quantity",
    "check_no_op",
    "check_numeric",
    "check_reason",
    "default_config",
    "meaning_changes",
    "quantities",
    "quantity_tokens",
]
