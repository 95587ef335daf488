"""``spelling``: likely typos in British English with medical vocabulary.

Method: a word is *known* when the shipped en_GB Hunspell word list (expanded with
``unmunch``), the domain lexicon, or wordfreq's English frequencies (above ``known_zipf``) know
it, or when it is an American spelling of a known British word. An unknown word is a *likely
typo* when a known word, or a word the document uses (frequent, or known and used anywhere in
it), lies within a few edits of it (optimal string alignment distance via rapidfuzz, edits
allowed growing with length), the two do not merely differ by a derivational ending
(``syncopal``/``syncope``), and the unknown word is much rarer than the known one (a misspelling
is; two real words are not). An unknown word far from every known word is a rare term, not an
error. A word shaped like a drug name (an INN stem) is compared with the drug names the lexicon
and the dictionary hold and with the document's words, not waved through.

Medical vocabulary beyond the word lists comes from wordfreq's English data by word formation
(``medical_derivations`` in the rules): a word wordfreq attests that is the Latin adjective of a
known noun (``ileal``/``ileum``, ``pruritic``/``pruritus``) or a clinical suffix on a known stem
(``glossitis``, ``thyroiditis``, ``meniscectomy``) is a word, not a typo of a common one
(``ileal`` is not ``ideal``).

Proper names (capitalised words inside a sentence), words in capitals or with inner capitals or
digits (``IgG``, ``CD20``), hyphenated compounds and URLs are not checked, except that a
capitalised word is compared with the lexicon (one edit, or the drug names for a drug-shaped
word) so that a misspelt drug name is still caught.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA, Levenshtein
from wordfreq import zipf_frequency

from extractor.errors import ConfigError
from extractor.qa.data import check_keys, read_bytes, read_word_list, read_yaml, resource_name
from extractor.qa.finding import Finding
from extractor.qa.text import sentence_initial, words

RULE = "spelling"
_SOURCE = resource_name("spelling/rules.yaml")


@dataclass(frozen=True)
class SpellingConfig:
    """The spelling rule's data (``resources/qa/spelling/rules.yaml``).

    Attributes:
        max_edits: (min_length, edits) pairs, longest first after loading.
        known_zipf: Frequency above which an unlisted word is known.
        min_zipf_gap: How much rarer than its neighbour a typo must be.
        derivational_suffixes: Endings whose swap makes another word, not a typo.
        drug_suffixes: INN stems marking drug names.
        us_variants: (pattern, replacement) turning an American spelling into British.
        attested_zipf: A word at least this frequent in English (but below ``known_zipf``) is
            attested: it is taken for a typo only within ``attested_max_edits`` of its correction.
        attested_max_edits: Most edits between an attested or regularly formed word and the word
            it misspells.
        prefixes: Word-forming prefixes ("antiemetic", "subaortic").
        inflections: Endings that inflect a known word ("stenting", "designee", "tracheas").
    """

    max_edits: tuple[tuple[int, int], ...]
    known_zipf: float
    min_zipf_gap: float
    min_candidate_zipf: float
    derivational_suffixes: frozenset[str]
    drug_suffixes: tuple[str, ...]
    us_variants: tuple[tuple[re.Pattern[str], str], ...]
    derivation_min_zipf: float = 0.0
    adjective_endings: tuple[str, ...] = ()
    noun_endings: tuple[str, ...] = ()
    clinical_suffixes: tuple[str, ...] = ()
    attested_zipf: float = 0.0
    attested_max_edits: int = 0
    prefixes: tuple[str, ...] = ()
    inflections: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, data: dict, source: str = _SOURCE) -> SpellingConfig:
        """Build from parsed YAML.

        Raises:
            ConfigError: Unknown or missing keys, or malformed values.
        """
        keys = ("max_edits", "known_zipf", "min_zipf_gap", "min_candidate_zipf", "derivational_suffixes",
                "drug_suffixes", "us_variants")
        check_keys(data, (*keys, "medical_derivations", "attested", "word_formation"), source, required=keys)
        derivations = data.get("medical_derivations") or {}
        check_keys(derivations, ("min_zipf", "adjective_endings", "noun_endings", "clinical_suffixes"),
                   f"{source} medical_derivations")
        attested = data.get("attested") or {}
        check_keys(attested, ("min_zipf", "max_edits"), f"{source} attested")
        formation = data.get("word_formation") or {}
        check_keys(formation, ("prefixes", "inflections"), f"{source} word_formation")

        def longest_first(items: Iterable[str]) -> tuple[str, ...]:
            return tuple(sorted(set(items), key=len, reverse=True))
        edits = []
        for item in data["max_edits"]:
            check_keys(item, ("min_length", "edits"), source, required=("min_length", "edits"))
            edits.append((int(item["min_length"]), int(item["edits"])))
        try:
            variants = tuple((re.compile(p), r) for p, r in data["us_variants"])
        except (re.error, ValueError, TypeError) as exc:
            raise ConfigError(source, f"us_variants: expected [pattern, replacement] pairs ({exc})") from None
        return cls(max_edits=tuple(sorted(edits, reverse=True)), known_zipf=float(data["known_zipf"]),
                   min_zipf_gap=float(data["min_zipf_gap"]),
                   min_candidate_zipf=float(data["min_candidate_zipf"]),
                   derivational_suffixes=frozenset(data["derivational_suffixes"]),
                   drug_suffixes=tuple(sorted(set(data["drug_suffixes"]), key=len, reverse=True)),
                   us_variants=variants, derivation_min_zipf=float(derivations.get("min_zipf", 0.0)),
                   adjective_endings=longest_first(derivations.get("adjective_endings", ())),
                   noun_endings=longest_first(derivations.get("noun_endings", ())),
                   clinical_suffixes=longest_first(derivations.get("clinical_suffixes", ())),
                   attested_zipf=float(attested.get("min_zipf", 0.0)),
                   attested_max_edits=int(attested.get("max_edits", 0)),
                   prefixes=longest_first(formation.get("prefixes", ())),
                   inflections=longest_first(formation.get("inflections", ())))

    def edits_for(self, length: int) -> int:
        """Most edits allowed between a word of ``length`` letters and its correction."""
        for min_length, edits in self.max_edits:
            if length >= min_length:
                return edits
        return 0


class Speller:
    """Known-word lookup and nearest-word search.

    Args:
        config: Rule settings.
        dictionary: Words of the general dictionary (case as listed).
        lexicon: Domain words.
        misspellings: Known misspellings mapped to their corrections (optional).
    """

    def __init__(self, config: SpellingConfig, dictionary: Iterable[str], lexicon: Iterable[str],
                 misspellings: dict[str, str] | None = None) -> None:
        self.config = config
        self.dictionary = set(dictionary)
        self.lower = {word.lower() for word in self.dictionary}
        self.lexicon = {word.lower() for word in lexicon}
        self.misspellings = dict(misspellings or {})
        self._buckets: dict[str, list[str]] = {}
        for word in self.dictionary:
            if word.isalpha() and word.islower() and len(word) >= 3:
                self._buckets.setdefault(word[0], []).append(word)
        for word in self.lexicon:
            if word.isalpha():
                self._buckets.setdefault(word[0], []).append(word)
        self._common = {word for word in self.dictionary if word.islower()} | self.lexicon  # not names
        self._drugs = sorted({word for word in self.lexicon | self.lower if word.isalpha() and self.is_drug_shaped(word)})
        self._sorted = sorted(self.lower | self.lexicon)

    def is_truncation(self, word: str) -> bool:
        """Whether ``word`` (lower case) begins a longer known word ("endocrinol", "metab")."""
        at = bisect.bisect_right(self._sorted, word)
        return at < len(self._sorted) and self._sorted[at].startswith(word) and len(self._sorted[at]) > len(word)

    def is_drug_shaped(self, word: str) -> bool:
        """Whether ``word`` ends in an INN drug stem."""
        lower = word.lower()
        return len(lower) >= 7 and lower.endswith(self.config.drug_suffixes)

    def _listed(self, lower: str) -> bool:
        return lower in self.lower or lower in self.lexicon

    def known(self, word: str) -> bool:
        """Whether ``word`` is a known word (any case, British or American spelling)."""
        lower = word.lower()
        if lower in self.misspellings and not self._listed(lower):
            return False
        if self._listed(lower):
            return True
        if lower.endswith(("'s", "’s")) and self._listed(lower[:-2]):
            return True
        if self._us_variant(lower):
            return True
        if zipf_frequency(lower, "en") >= self.config.known_zipf:
            return True
        return self.medical_derivation(lower) is not None

    def _us_variant(self, lower: str) -> bool:
        """Whether ``lower`` is an American spelling of a listed word.

        Each pattern is tried at each place it matches, one place at a time ("anesthetics" is
        "anaesthetics", not "anaesthaetics"), and at all places at once.
        """
        for pattern, replacement in self.config.us_variants:
            variants = {pattern.sub(replacement, lower)}
            for match in pattern.finditer(lower):
                variants.add(lower[:match.start()] + match.expand(replacement) + lower[match.end():])
            if any(v != lower and self._listed(v) for v in variants):
                return True
        return False

    def _inflected(self, lower: str) -> bool:
        """Whether ``lower`` is a listed word (or its American spelling) with an inflection.

        "stenting" (stent), "stented", "designee" (design), "tracheas" (trachea), "premedicated"
        (premedicate, a final e dropped), "bleedings"; a doubled final consonant is undone.
        """
        for ending in self.config.inflections:
            stem = lower[:-len(ending)]
            if not lower.endswith(ending) or len(stem) < 3:
                continue
            if ending.startswith("s") and stem.endswith("s"):
                continue  # no plural of a plural ("calculatess")
            stems = {stem}
            if ending[0] in "aeiou":  # a final e gives way, a final consonant doubles
                stems.add(stem + "e")
                if len(stem) > 4 and stem[-1] == stem[-2] and stem[-1] not in "aeiou" and stem[-3] != stem[-1]:
                    stems.add(stem[:-1])
            if any(s in self._common for s in stems):
                return True
        return False

    def formed(self, lower: str) -> bool:
        """Whether ``lower`` is formed from a known word by a prefix and/or an inflection.

        Word formation is how clinical English makes most of its rare words: "antiemetic",
        "coinfection", "subaortic", "immunodepressed", "reoperations", "unresected". The rest
        after a prefix must be a word of four letters or more that is listed, inflected, or itself
        prefixed; the prefixes and inflections are the rules' data. A formed word is still a typo
        when one slip from a commoner word ("coomit" is co- + "omit" but misspells "commit").
        """
        if self._inflected(lower):
            return True
        for prefix in self.config.prefixes:
            rest = lower[len(prefix):]
            if lower.startswith(prefix) and len(rest) >= 4:
                if rest in self._common or self._us_variant(rest) or self.formed(rest):
                    return True
        return False

    def medical_derivation(self, lower: str) -> str | None:
        """The listed word that ``lower`` regularly derives from, when wordfreq attests ``lower``, or None.

        Two word-formation patterns of medical English count: a Latin adjective of a listed noun
        ("ileal" from "ileum", "pruritic" from "pruritus") and a clinical suffix on a listed stem
        ("glossitis" on "gloss", "meniscectomy" beside "meniscus"). Endings are the rules' data.
        """
        config = self.config
        if not config.derivation_min_zipf or zipf_frequency(lower, "en") < config.derivation_min_zipf:
            return None
        for ending in config.adjective_endings:
            stem = lower[:-len(ending)]
            if lower.endswith(ending) and len(stem) >= 3:
                for noun in config.noun_endings:
                    if stem + noun != lower and self._listed(stem + noun):
                        return stem + noun
        for suffix in config.clinical_suffixes:
            stem = lower[:-len(suffix)]
            if lower.endswith(suffix) and len(stem) >= 4:
                if self._listed(stem):
                    return stem
                for ending in (*config.clinical_suffixes, *config.noun_endings, *config.adjective_endings):
                    if stem + ending != lower and self._listed(stem + ending):
                        return stem + ending
        return None

    def _derivation(self, word: str, candidate: str) -> bool:
        """Whether ``word`` and ``candidate`` differ only by derivational endings."""
        prefix = 0
        for a, b in zip(word, candidate, strict=False):
            if a != b:
                break
            prefix += 1
        tail_a, tail_b = word[prefix:], candidate[prefix:]
        if not tail_a or not tail_b:
            # one word is the other plus an ending: a derivation only for a real ending ("-s", "-al"),
            # not a dropped final letter ("methotrexat")
            tail = tail_a or tail_b
            attested = zipf_frequency(word, "en") > 0  # "optica" is a word; "methotrexat" is not
            if tail != "s" and not attested and (len(tail) < 2 or tail not in self.config.derivational_suffixes):
                return False
        if tail_a and tail_b and len(tail_a) != len(tail_b) and OSA.distance(tail_a, tail_b) == 1:
            longer, shorter = (tail_a, tail_b) if len(tail_a) > len(tail_b) else (tail_b, tail_a)
            if longer != shorter + "s":
                return False  # one letter slipped in or dropped ("anaphylaxsis"), not another ending
        suffixes = self.config.derivational_suffixes | {""}
        for back in range(3):  # allow the shared stem to give back a letter or two
            if prefix - back < 3:
                break
            a = word[prefix - back:] if back else tail_a
            b = candidate[prefix - back:] if back else tail_b
            if a in suffixes and b in suffixes:
                return True
        return False

    def nearest(self, word: str, extra: Iterable[str] = (), *, drugs_only: bool = False, lexicon_only: bool = False,
                max_edits: int | None = None) -> str | None:
        """Return the known word ``word`` most likely misspells, or None (a rare term).

        Args:
            word: The unknown word, lower case.
            extra: More candidate words (words of the document).
            drugs_only: Compare only with drug names (the lexicon's and the dictionary's).
            lexicon_only: Compare only with the domain lexicon (and ``extra``).
            max_edits: At most this many edits (the length-based limit otherwise).
        """
        if word in self.misspellings:
            return self.misspellings[word]
        limit = self.config.edits_for(len(word))
        if max_edits is not None:
            limit = min(limit, max_edits)
        word_zipf = zipf_frequency(word, "en")
        # a rare word in use is a typo only one slip, or two of the usual kinds, away from a
        # commoner word ("wtih", "dissapears"), not any two edits ("colistin" is not "colitis")
        attested = bool(self.config.attested_zipf) and word_zipf >= self.config.attested_zipf
        formed = not attested and self.formed(word)
        if formed:  # a regular formation ("reoperations") is a typo only one slip from its correction
            limit = min(limit, self.config.attested_max_edits)
        if limit <= 0:
            return None
        if drugs_only:
            pool = self._drugs
        elif lexicon_only:
            pool = [w for w in self._buckets.get(word[0], []) if w in self.lexicon]
        else:
            pool = self._buckets.get(word[0], [])
        extra_words = [w for w in extra if w != word and w[:1] == word[:1]]
        choices = [w for w in (*pool, *extra_words) if abs(len(w) - len(word)) <= limit]
        if not choices:
            return None
        matches = process.extract(word, choices, scorer=OSA.distance, score_cutoff=limit, limit=10)
        ranked = []
        for candidate, distance, _ in matches:
            if candidate == word or self._derivation(word, candidate):
                continue
            if attested and distance > self.config.attested_max_edits and not usual_slips(word, candidate):
                continue
            candidate_zipf = zipf_frequency(candidate, "en")
            if word_zipf > 0 and candidate_zipf - word_zipf < self.config.min_zipf_gap:
                continue
            if candidate_zipf < self.config.min_candidate_zipf and candidate not in self.lexicon \
                    and candidate not in extra_words and not drugs_only:
                continue
            # a swap of two letters ("Givne"/"Given") is likelier than a missing one ("Give"),
            # unless the other word is much more common ("asess": "assess", not "asses")
            swap_bonus = 0.2 if len(candidate) == len(word) and sorted(candidate) == sorted(word) else 0.0
            ranked.append((distance, -(candidate_zipf + swap_bonus), candidate))
        if not ranked:
            return None
        return min(ranked)[2]


_VOWELS = frozenset("aeiouy")


def _cluster_slip(text: str, at: int) -> bool:
    """Whether the letter at ``at`` doubles a neighbour, or is a vowel beside a vowel ("ai" for "e")."""
    letter, around = text[at], text[max(0, at - 1):at] + text[at + 1:at + 2]
    return letter in around or (letter in _VOWELS and any(ch in _VOWELS for ch in around))


def usual_slips(word: str, candidate: str) -> bool:
    """Whether every edit turning ``candidate`` into ``word`` is a usual kind of slip.

    The usual slips of real misspellings (Damerau 1964; Kukich 1992, "Techniques for automatically
    correcting words in text") that keep a word recognisable: a letter doubled or undoubled
    ("dissapears"), two neighbours swapped, one vowel or vowel group for another ("desease",
    "maintainance"). Two substituted
    consonants or a dropped letter that is not a double ("colistin"/"colitis") make another word.
    """
    ops = Levenshtein.editops(candidate, word)
    index = 0
    while index < len(ops):
        op = ops[index]
        if (index + 1 < len(ops) and op.tag == "replace" and ops[index + 1].tag == "replace"
                and ops[index + 1].src_pos == op.src_pos + 1
                and candidate[op.src_pos] == word[op.dest_pos + 1]
                and candidate[op.src_pos + 1] == word[op.dest_pos]):
            index += 2  # two neighbours swapped
            continue
        if op.tag == "replace":
            if not (candidate[op.src_pos] in _VOWELS and word[op.dest_pos] in _VOWELS):
                return False
        elif op.tag == "insert":  # a letter in word that candidate lacks
            if not _cluster_slip(word, op.dest_pos):
                return False
        elif not _cluster_slip(candidate, op.src_pos):  # a letter of candidate that word drops
            return False
        index += 1
    return True


class ProjectSpeller:
    """A speller that also knows a project's own words (``[qa.spelling] words``), around another.

    Args:
        base: The speller it extends.
        words: Extra known words, lower case.
    """

    def __init__(self, base: Speller, words: frozenset[str]) -> None:
        self.base = base
        self.words = words

    def known(self, word: str) -> bool:
        """Whether ``word`` is one of the project's words or known to the base speller."""
        return word.lower() in self.words or self.base.known(word)

    def __getattr__(self, name: str) -> object:
        return getattr(self.base, name)


@lru_cache(maxsize=8)
def project_speller(words: frozenset[str]) -> Speller | ProjectSpeller:
    """The packaged speller, extended with a project's words when it has any."""
    return ProjectSpeller(default_speller(), words) if words else default_speller()


@lru_cache(maxsize=1)
def default_speller() -> Speller:
    """The speller built from the packaged data (loaded once, about a second)."""
    config = SpellingConfig.from_dict(read_yaml("spelling/rules.yaml"))
    dictionary = read_bytes("spelling/en_GB.words.xz").decode("utf-8").split("\n")
    lexicon = read_word_list("spelling/lexicon.txt")
    return Speller(config, dictionary, lexicon)


_PATH_LIKE = re.compile(r"[/\\@_]|\w\.\w|://")
_INITIALS = re.compile(r"\s+[A-Z]{1,3}(?:[,.;]|\s+et\s+al|\s*$)")


def _in_path_like_chunk(text: str, start: int, end: int) -> bool:
    """Whether the whitespace-delimited chunk around a word looks like a URL, path or address."""
    left = max(text.rfind(" ", 0, start), text.rfind("\n", 0, start)) + 1
    right_candidates = [i for i in (text.find(" ", end), text.find("\n", end)) if i >= 0]
    right = min(right_candidates) if right_candidates else len(text)
    return bool(_PATH_LIKE.search(text[left:right]))


def _broken_over_lines(text: str, start: int, end: int, speller: Speller) -> bool:
    """Whether a word is half of a word split over two lines ("commissionin" / "g")."""
    after = re.match(r"-?\n([a-z]+)", text[end:end + 30])
    before = re.search(r"([a-z]+)-?\n$", text[max(0, start - 30):start])
    if after and speller.known(text[start:end] + after.group(1)):
        return True
    return bool(before and speller.known(before.group(1) + text[start:end]))


def _followed_by_initials(text: str, end: int) -> bool:
    """Whether a word is followed by author initials ("Imel EA, ...", "Smith J.")."""
    return bool(_INITIALS.match(text[end:end + 12]))


_GENUS_INITIAL = re.compile(r"(?:^|[\s(])[A-Z]\.\s*$")


def _species_epithet(text: str, start: int) -> bool:
    """Whether the word at ``start`` follows an abbreviated genus ("C. difficile", "P. vivax").

    Binomial names abbreviate the genus to its capital initial; the Latin epithet after it is
    not English and not checked.
    """
    return bool(_GENUS_INITIAL.search(text, max(0, start - 4), start))


def vocabulary(texts: Iterable[str]) -> Counter[str]:
    """Count, per text, the lower-case words it holds (each text counts a word once)."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update({token.text.lower() for token in words(text)})
    return counts


def check(text: str, *, speller: Speller | ProjectSpeller | None = None, frequent: Iterable[str] = (),
          min_length: int = 4, label: bool = False) -> list[Finding]:
    """Return spelling findings for ``text`` (offsets into ``text``, severity ``error``).

    Args:
        text: The text to check.
        speller: The speller (the packaged one by default).
        frequent: Words of the whole document offered as corrections (frequent ones, and known words
            used anywhere in it: "cyanocobalmin" is "cyanocobalamin" when the document spells it so).
        min_length: Shorter words are not checked.
        label: The text is a short label (a table cell other than prose: a heading, a team, a
            status), written in title case, so a capitalised word is checked like any other
            rather than taken for a proper name.
    """
    speller = speller or default_speller()
    frequent = [w for w in frequent if speller.known(w) or w.isalpha()]
    # a drug name is corrected to a drug name of the document, not to an unknown word that is
    # not shaped like one ("apatinib" is not a slip for the document's own typo "apatinin")
    drug_like = [w for w in frequent if speller.known(w) or speller.is_drug_shaped(w)]
    findings: list[Finding] = []
    for token in words(text):
        word = token.text
        if _in_path_like_chunk(text, token.start, token.end) or (not label and _followed_by_initials(text, token.end)):
            continue  # a URL or file name broken over lines; an author's surname before initials
        if word.endswith(("'s", "’s")):
            word = word[:-2]
        if len(word) < min_length or not word.isalpha() or any(ch in word for ch in "-'’"):
            continue
        if word.islower() and _species_epithet(text, token.start):
            continue
        if word.isupper() or any(ch.isupper() for ch in word[1:]):
            continue  # abbreviations, gene and antibody names, words in capitals
        capitalised = word[0].isupper()
        if capitalised and speller.is_truncation(word.lower()):
            continue  # an abbreviated word in a citation ("J Clin Endocrinol Metab")
        if capitalised and not label and not sentence_initial(text, token.start):
            if speller.known(word):
                continue
            if speller.is_drug_shaped(word):
                suggestion = speller.nearest(word.lower(), drugs_only=True, extra=drug_like)
            else:  # a proper name (author, scale, place, product) unless one edit from a medical word
                suggestion = speller.nearest(word.lower(), lexicon_only=True, max_edits=1)
        else:
            if speller.known(word):
                continue
            drug = speller.is_drug_shaped(word)
            suggestion = speller.nearest(word.lower(), drugs_only=drug, extra=drug_like if drug else frequent)
        if suggestion is None or _broken_over_lines(text, token.start, token.end, speller):
            continue
        if capitalised:
            suggestion = suggestion[:1].upper() + suggestion[1:]
        findings.append(Finding(RULE, "error", f"'{word}' looks misspelt; did you mean '{suggestion}'?",
                                text=word, suggestion=suggestion, start=token.start,
                                end=token.start + len(word)))
    return findings


__all__ = ["ProjectSpeller", "RULE", "Speller", "project_speller", "SpellingConfig", "check", "default_speller", "vocabulary"]
