"""Find numbers with their units in running text, reading lost superscripts as powers of ten.

One regular expression over the text finds each number, an optional power of ten
(``× 10^9``, ``x10⁹``, ``x 109`` where PDF extraction flattened the superscript) and an optional
unit from the unit table. The threshold and dose components classify these quantities by the
words around them; sharing the scanner keeps the two consistent and cheap (one pass, no per-token
Python loops).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from extractor.nlp.resources import Unit, UnitTable, unit_table
from extractor.nlp.ucum import OPEN_UNIT
from extractor.vocabulary import MULTIPLICATIVES, NUMBER_WORDS

_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
#: Written powers that a PDF reader flattens: "109/L" is 10^9/L, "1012/L" is 10^12/L.
_FLATTENED_POWERS = {"103": 3, "106": 6, "109": 9, "1012": 12}
#: Unit kinds after which a flattened power ("above 109 IU/ml") is read as a power of ten.
_POWER_KINDS = {"count_concentration", "activity_concentration"}
#: A multiple of the upper limit of normal, however written: a multiplier word or sign, then the limit
#: ("× ULN", "x the institutional upper limit of normal", "times the upper normal limit", "-fold ULN").
_ULN = re.compile(
    r"\s?(?:(?:[x×X*]|times|-?fold)\s*(?:the\s+)?(?:(?:institutional|institution'?s|local|laboratory)\s+)?"
    r"(?:ULN|UNL|ULRR|LSN|upper\s+(?:normal\s+)?limits?(?:\s+of\s+(?:the\s+)?normal(?:\s+range)?)?"
    r"|normal\s+upper\s+limits?|(?:the\s+)?normal(?:\s+(?:range|value|limit))?)"
    r"|(?:the\s+)?(?:(?:institutional|institution'?s|local)\s+)?(?:ULN|UNL|ULRR|upper\s+limits?\s+of\s+"
    r"(?:the\s+)?normal(?:\s+range)?))\b(?:\s*\((?:ULN|UNL)\))?")
#: What a unit the table lacks may start with (a cheap test before :func:`_open_unit`).
_UNIT_START = re.compile(r"[ \u00a0]?[A-Za-zµμ\[{%]")
#: What a multiple of the ULN may start with (a cheap test before the full pattern).
_ULN_FIRST = re.compile(r"\s?[x×X*tTfFUuLlN-]")
#: Table units that may open a compound unit the table lacks, and the kinds such a compound may take.
_ATOM_KINDS = {"mass", "length", "weight", "volume", "activity"}
_MEASURE_KINDS = {"mass_concentration", "substance_concentration", "count_concentration", "activity_concentration",
                  "velocity", "mass_ratio", "substance_ratio"}


@dataclass(frozen=True)
class Quantity:
    """A number as written, with its power of ten and unit.

    Attributes:
        start: Offset of the number's first character.
        end: Offset one past the unit (or the number when there is no unit).
        value: The number with any value-multiplying power applied (``10⁹ IU/ml`` → 1e9).
        unit: The unit entry, or None (a power of ten before "/L" becomes the unit ``10^9/L``).
        number_text: The number as written.
    """

    start: int
    end: int
    value: float
    unit: Unit | None
    number_text: str

    @property
    def kind(self) -> str | None:
        """The unit's kind, or None without a unit."""
        return self.unit.kind if self.unit else None


def parse_number(text: str) -> float:
    """``"30,000"`` → 30000.0, ``"0·5"`` → 0.5, ``"4"`` → 4.0, ``"2,5"`` → 2.5, ``"15.000"`` → 15000.0,
    ``"1,00,000"`` (Indian grouping) → 100000.0."""
    if text.isdigit():
        return float(text)
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", text):
        return float(text.replace(".", ""))
    if re.fullmatch(r"\d+,\d{1,2}", text):
        return float(text.replace(",", "."))
    return float(re.sub(r"[,\s\u00a0\u2009\u202f]", "", text).replace("·", "."))


@lru_cache(maxsize=4)
def _scanner(table_id: int) -> re.Pattern[str]:
    table = _TABLES[table_id]
    # thousands: "30,000"; SI spacing "20 000" only right before a per-volume unit ("20 000/µL")
    # European decimals ("2,5 mg/dL") only right before a unit; European thousands ("15.000/mm3") only
    # before a per-volume unit or a power of ten
    number = (r"(?:\d{1,3}(?:,\d{3})+(?!\d)|\d{1,2}(?:,\d{2})+,\d{3}(?!\d)|\d{1,3}(?:[ \u00a0\u2009\u202f](?!10(?:9|12|6)\s?/)\d{3})+"
              r"(?=\s?(?:/|cells|copies|IU))"
              r"|\d{1,3}(?:\.\d{3})+(?=\s?(?:/|cells|copies|[x×]\s?10))"
              r"|(?:(?<=[<>≤≥=−–-])|(?<=[<>≤≥=] ))\d+,\d{1,2}(?![\d,])"
              r"|\d+,\d{1,2}(?=\s?(?:%|[mµμunpk]?(?:g|mol|L|IU|U|Eq)(?![a-z])|[mµμunpk]?(?:g|mol|IU|U|Eq)/|[x×]\s?(?:ULN|upper|10)))"
              r"|\d+)(?:[.·]\d+)?")
    # a minus sign counts after a space, bracket or comparator ("T-score < -2.5"), never inside "4-6"
    sign = r"(?:(?<=[\s(<>=≤≥:])|(?<=^))[-−–+](?=\d)"
    power = (r"(?:\s*[x×X*]\s*10\s*(?:\^|\*\*|\*)?\s*(?P<exp>⁻?[⁰¹²³⁴⁵⁶⁷⁸⁹]+|-?\d{1,2}(?!\d))"
             r"|(?P<sup>(?<=10)(?:⁻?[⁰¹²³⁴⁵⁶⁷⁸⁹]+|\^-?\d{1,2}(?!\d)))"
             # "100 109/l": the "x" and the superscript both lost
             r"|\s10(?P<flat>9|12|6)(?=\s?/\s?[lL](?![a-z])))")
    return re.compile(
        # the look-ahead lets the engine skip every position that cannot start a number
        rf"(?=[-−–+\d])(?P<sign>{sign})?(?<![\w.,·/^*])(?P<num>{number})(?![.·,]?\d)(?:{power})?"
        rf"(?:\s?(?P<unit>{table.pattern()}))?",
        re.IGNORECASE)


_TABLES: dict[int, UnitTable] = {}


def scan(text: str, table: UnitTable | None = None) -> list[Quantity]:
    """All quantities in ``text``, in order (cached for the last few texts: two components scan each doc).

    Args:
        text: Any text.
        table: Unit table (default: the packaged one).

    Returns:
        Quantities with character offsets into ``text``.
    """
    table = table or unit_table()
    _TABLES.setdefault(id(table), table)
    return list(_scan_cached(text, id(table)))


@lru_cache(maxsize=16)
def _scan_cached(text: str, table_id: int) -> tuple[Quantity, ...]:
    return tuple(_scan(text, _TABLES[table_id]))


def _scan(text: str, table: UnitTable | None = None) -> list[Quantity]:
    """All quantities in ``text``, in order.

    Args:
        text: Any text.
        table: Unit table (default: the packaged one).

    Returns:
        Quantities with character offsets into ``text``.
    """
    table = table or unit_table()
    _TABLES.setdefault(id(table), table)
    found: list[Quantity] = []
    for match in _scanner(id(table)).finditer(text):
        number_text = match.group("num")
        value = parse_number(number_text) * (-1 if match.group("sign") and match.group("sign") != "+" else 1)
        exp_text = match.group("exp") or match.group("sup") or match.group("flat")
        unit_text = match.group("unit")
        unit = table.lookup(unit_text) if unit_text else None
        end = match.end()
        if unit_text and unit is None:  # matched by the pattern but folded away: drop the unit
            end = match.end("num")
        after = match.end("num") if not exp_text else match.end()
        uln = _ULN.match(text, after) if _ULN_FIRST.match(text, after) else None
        if uln is not None and uln.end() > end and table.by_code.get("{ULN}") is not None:
            unit, end = table.by_code["{ULN}"], uln.end()  # "2.5 x institutional upper limit of normal"
        elif unit is None:
            opened = _open_unit(text, match.end(), table) if _UNIT_START.match(text, match.end()) else None
            if opened is not None:
                unit, end = opened
        elif unit.kind in _ATOM_KINDS and re.match(r"/|\s?per\s", text[end:end + 5]):
            # "9 gm/dL", "4 cm/year": a single table atom opening a concentration or a velocity; a dose
            # unit is never stretched ("g/kg per month", "mg/kg/day" and "10 mg/day" keep their frequency)
            opened = _open_unit(text, match.start("unit"), table)
            if opened is not None and opened[0].kind in _MEASURE_KINDS:
                unit, end = opened
        exponent: int | None = None
        if exp_text:
            exponent = int(exp_text.lstrip("^").translate(_SUPERSCRIPTS))
            if match.group("sup"):
                value = 1.0  # "10⁹" is the power itself
        elif number_text in _FLATTENED_POWERS and unit is not None and unit.kind in _POWER_KINDS:
            exponent = _FLATTENED_POWERS[number_text]
            value = 1.0
        if exponent is not None:
            if unit is not None and unit.ucum.startswith("/") and table.by_code.get(f"10*{exponent}{unit.ucum}"):
                unit = table.by_code[f"10*{exponent}{unit.ucum}"]  # "150 x 10^3/µL" keeps its power as written
            else:
                value = value * 10.0 ** exponent
        if unit is None:
            end = match.end("sup") if match.group("sup") else (match.end("exp") if match.group("exp")
                                                                else match.end("num"))
        found.append(Quantity(start=match.start(), end=end, value=value, unit=unit, number_text=number_text))
    if _NUMBER_WORD.search(text):
        taken = [(q.start, q.end) for q in found]
        words = [q for q in _word_quantities(text, table) if not any(a < q.end and q.start < b for a, b in taken)]
        found = sorted(found + words, key=lambda q: q.start)
    return found


def _open_unit(text: str, after: int, table: UnitTable) -> tuple[Unit, int] | None:
    """A unit the table lacks written at ``after`` (right after a number, one space allowed: "125 pg/ml",
    "3 mEq/L"), read as UCUM (:func:`extractor.nlp.ucum.open_unit`); with its end offset."""
    start = after + (1 if text[after:after + 1] in (" ", "\u00a0") else 0)
    match = OPEN_UNIT.match(text, start)
    if match is None or match.end() <= after:
        return None
    unit = _written_unit(match.group(0), id(table)) or _count_per_field(match.group(0), table)
    return (unit, match.end()) if unit is not None else None


#: Function words that are never the parts of a unit ("and/or").
_NOT_UNIT_PARTS = {"and", "or", "the", "a", "an", "of", "per", "not", "with", "without", "day", "days", "week",
                   "weeks", "month", "months", "year", "years", "dose", "doses", "cycle", "course"}


def _count_per_field(written: str, table: UnitTable) -> Unit | None:
    """A count per unit of something that UCUM has no atom for, written as two lower-case words joined
    by "/" ("15 eos/hpf", "5 cells/hpf"): a unit as written, its UCUM code made of annotations
    ("{eos}/{hpf}"). Counts per time are frequencies, never read here."""
    parts = written.split("/")
    if len(parts) != 2 or not all(re.fullmatch(r"[a-z]{2,12}", p) and p not in _NOT_UNIT_PARTS
                                  and table.lookup(p) is None for p in parts):
        return None  # "min/wk" is a table unit's business, "and/or" no unit
    code = "{" + parts[0] + "}/{" + parts[1] + "}"
    return Unit(unit=written, ucum=code, kind="count_ratio", base=code, factor=1.0, forms=(written,))


@lru_cache(maxsize=4096)
def _written_unit(written: str, table_id: int) -> Unit | None:
    """The unit a written form names: the table's, else read as UCUM (cached per form)."""
    table = _TABLES[table_id]
    found = table.lookup(written)
    if found is not None:
        return found
    from extractor.nlp.ucum import open_unit

    return open_unit(written, table)


#: Numbers written as words, read only before a unit or a multiple of the upper limit of normal
#: ("less than one year", "three times the ULN", "twice the upper limit of normal").
_WORD_VALUES = {**{w: v for w, v in NUMBER_WORDS.items() if v}, **MULTIPLICATIVES}
_NUMBER_WORD = re.compile(r"(?=[" + "".join(sorted({w[0] for w in _WORD_VALUES})) + r"])\b(?P<num>"
                          + "|".join(sorted(_WORD_VALUES, key=len, reverse=True)) + r")\b(?:\s*\(\d+\))?", re.IGNORECASE)


def _word_quantities(text: str, table: UnitTable) -> list[Quantity]:
    """Quantities whose number is a word, followed by a table unit or a multiple of the ULN."""
    found = []
    units = table.leading_unit()
    for match in _NUMBER_WORD.finditer(text):
        word = match.group("num").lower()
        uln = _ULN.match(text, match.end()) if word in MULTIPLICATIVES or re.match(
            r"\s+(?:times|x|×|-?fold)", text[match.end():match.end() + 8]) else None
        if uln is not None and table.by_code.get("{ULN}") is not None:
            found.append(Quantity(match.start(), uln.end(), float(_WORD_VALUES[word]), table.by_code["{ULN}"],
                                  match.group(0)))
            continue
        if word in MULTIPLICATIVES:
            continue
        unit_match = units.match(text, match.end())
        if unit_match is not None:
            unit = table.lookup(unit_match.group(0).strip())
            if unit is not None:
                found.append(Quantity(match.start(), unit_match.end(), float(_WORD_VALUES[word]), unit,
                                      match.group(0)))
    return found


def number_value(value: float) -> float | int:
    """An integral float as int (1000.0 → 1000), else the float; for JSON output."""
    return int(value) if float(value).is_integer() and abs(value) < 1e15 else value


# ------------------------------------------------------------------------------- sentences
_SENTENCE_END = re.compile(
    r"(?<=[.!?])[\"')\]]?\s+(?=[\"'(\[]?[A-Z0-9•·▪◦●\-–])"      # punctuation then a capital
    r"|\n[ \t]*\n\s*"                                           # blank line
    r"|\n(?=[ \t]*(?:[•·▪◦●■□➢►*\-–—]|\(?[a-z0-9]{1,3}[.)]\s))"  # a bullet or numbered item
    r"|(?<=[.:;!?])[ \t]*\n"                                    # a line ending in punctuation
    r"|[ \t]*[•▪◦●■□➢►][ \t]*"                                  # an inline bullet
)
_LINE = re.compile(r"[^\n]*\n?")


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """Split text into sentence-like segments: sentences, bullet items, headings, table lines.

    A line break inside a paragraph (PDF line wrap) does not end a sentence unless the line ends
    in punctuation, the next line starts a bullet or numbered item, or the line is a short
    heading-like line followed by a capitalised line.

    Returns:
        ``(start, end)`` offsets of each non-blank segment, trailing spaces excluded.
    """
    cuts = {0, len(text)}
    for match in _SENTENCE_END.finditer(text):
        cuts.add(match.start())
        cuts.add(match.end())
    # short heading-like lines (no final punctuation) followed by a capitalised line
    offset = 0
    for line in text.split("\n"):
        stripped = line.strip()
        nxt = offset + len(line) + 1
        if stripped and len(stripped) <= 60 and nxt < len(text) and text[nxt:nxt + 1].isupper() \
                and stripped[-1] not in ",-–(" and stripped.split()[-1].lower() not in _JOINING_WORDS:
            cuts.add(offset + len(line))
            cuts.add(nxt)
        offset = nxt
    bounds = []
    ordered = sorted(cuts)
    pending: int | None = None  # a bullet on its own opens the next segment
    for start, end in zip(ordered, ordered[1:]):
        segment = text[start:end]
        if not segment.strip():
            continue
        lead = len(segment) - len(segment.lstrip())
        trail = len(segment) - len(segment.rstrip())
        if not any(ch.isalnum() for ch in segment):
            pending = start + lead if pending is None else pending
            continue
        bounds.append((pending if pending is not None else start + lead, end - trail))
        pending = None
    return bounds


_JOINING_WORDS = {"and", "or", "of", "the", "a", "an", "to", "in", "for", "with", "by", "on", "at", "than",
                  "from", "between", "is", "are", "be", "as", "per", "which", "who", "that"}
