"""``repeated-word``: a word or phrase written twice in a row ("in in", "long term use long term use").

Method: the words of the text (outside URLs) are compared as lower-case token sequences; a
phrase of 1 to ``max_ngram`` words immediately followed by the same phrase is reported,
longest first. A repeat whose two halves are separated by a line break or sentence punctuation
(a heading followed by the same words at the start of its paragraph: the first copy is alone on its
line) is not reported, though a repeat across a line wrapped inside a sentence is, nor are
grammatical doubles such as "had had" and "that that", nor numbers; "is is" is grammatical only
after a pseudo-cleft's subject ("what it is is"), per ``conditional_doubles``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from extractor.errors import ConfigError
from extractor.qa.data import check_keys, read_yaml, resource_name
from extractor.qa.finding import Finding
from extractor.qa.text import words

RULE = "repeated-word"
_SOURCE = resource_name("repeated_words.yaml")


@dataclass(frozen=True)
class RepeatConfig:
    """Settings of the rule (``resources/qa/repeated_words.yaml``).

    Attributes:
        max_ngram: Longest phrase looked for, in words.
        allowed_doubles: Words whose doubling is grammatical.
        separators: Characters that break a repeat.
        conditional_doubles: Words whose doubling is grammatical only when the sentence before
            it matches the pattern ("is is" after "what it").
    """

    max_ngram: int
    allowed_doubles: frozenset[str]
    separators: tuple[str, ...]
    conditional_doubles: dict[str, re.Pattern[str]] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: dict, source: str = _SOURCE) -> RepeatConfig:
        """Build from parsed YAML, rejecting unknown keys and bad patterns."""
        keys = ("max_ngram", "allowed_doubles", "separators")
        check_keys(data, (*keys, "conditional_doubles"), source, required=keys)
        conditional = {}
        for word, pattern in (data.get("conditional_doubles") or {}).items():
            try:
                conditional[str(word).lower()] = re.compile(pattern, re.IGNORECASE)
            except re.error as exc:
                raise ConfigError(source, f"conditional_doubles {word!r}: bad pattern: {exc}") from None
        return cls(int(data["max_ngram"]), frozenset(w.lower() for w in data["allowed_doubles"]),
                   tuple(data["separators"]), conditional)

    def allows(self, word: str, before: str) -> bool:
        """Whether doubling ``word`` (lower case) is grammatical after the text ``before``."""
        if word in self.allowed_doubles:
            return True
        pattern = self.conditional_doubles.get(word)
        return bool(pattern and pattern.search(before))


@lru_cache(maxsize=1)
def default_config() -> RepeatConfig:
    """The packaged settings."""
    return RepeatConfig.from_dict(read_yaml("repeated_words.yaml"))


def _wrapped_line(text: str, start: int, gap: str, second: str) -> bool:
    """Whether a line break between two copies is a wrap inside a sentence, not a heading's end.

    The first copy continues a line that already holds words and the second starts in lower
    case ("Reduction in / in numbers"); a line that is only the phrase (perhaps after a section
    number) is a heading, and a capitalised second copy starts a new paragraph.
    """
    if gap.count("\n") > 1 or not second[:1].islower():
        return False
    line_start = text.rfind("\n", 0, start) + 1
    return any(ch.isalpha() for ch in text[line_start:start])


def check(text: str, *, config: RepeatConfig | None = None) -> list[Finding]:
    """Return repeated-word findings for ``text`` (severity ``warning``, offsets into ``text``)."""
    config = config or default_config()
    toks = list(words(text))
    low = [t.text.lower() for t in toks]
    findings: list[Finding] = []
    i = 0
    while i < len(toks):
        found = 0
        for n in range(min(config.max_ngram, (len(toks) - i) // 2), 0, -1):
            first, second = low[i:i + n], low[i + n:i + 2 * n]
            if first != second:
                continue
            if n == 1 and config.allows(first[0], text[max(0, toks[i].start - 200):toks[i].start]):
                continue
            first_text = text[toks[i].start:toks[i + n - 1].end]
            second_text = text[toks[i + n].start:toks[i + 2 * n - 1].end]
            if " ".join(first_text.lower().split()) != " ".join(second_text.lower().split()):
                continue  # the words repeat but what lies between them (numbers, signs) differs
            gap = text[toks[i + n - 1].end:toks[i + n].start]
            if gap.strip(" \t\n") or any(sep in gap for sep in config.separators if sep != "\n"):
                continue
            if "\n" in gap and not _wrapped_line(text, toks[i].start, gap, toks[i + n].text):
                continue  # a heading followed by its paragraph, or a paragraph break
            found = n
            break
        if not found:
            i += 1
            continue
        start, end = toks[i].start, toks[i + 2 * found - 1].end
        phrase = text[toks[i].start:toks[i + found - 1].end]
        findings.append(Finding(RULE, "warning", f"'{phrase}' is repeated", text=text[start:end],
                                suggestion=phrase, start=start, end=end))
        i += 2 * found
    return findings


__all__ = ["RULE", "RepeatConfig", "check", "default_config"]
