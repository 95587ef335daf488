"""Small text helpers the rules share: words with offsets, normalisation, word-level diffs."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass

#: A word: letters, inner apostrophes or hyphens, digits allowed after the first letter ("CD20").
WORD = re.compile(r"[A-Za-zÀ-ÿ](?:[A-Za-zÀ-ÿ0-9]|['’\-](?=[A-Za-zÀ-ÿ0-9]))*")
#: URLs and e-mail addresses, which no word rule looks inside.
URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"')\]]+|\b[\w.+-]+@[\w-]+\.[\w.-]+", re.IGNORECASE)
#: Something written as a web address whose scheme may be mangled ("htps://", "https//", "http:/www.",
#: "http//", "hhttps://", "https:www."): a scheme near "http", a separator made of ":" and slashes, a host.
#: :func:`extractor.qa.rules.links.malformed` decides which are wrong; word rules never look inside any.
SCHEMED_URL = re.compile(r"(?<![\w.@/])(?P<scheme>h{0,2}t{1,3}p{1,2}s{0,2})(?P<sep>[:;]?/{1,3}|:\\{1,2}|:)"
                         r"(?P<rest>[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+(?:[/?#:][^\s<>\"')\]]*)?)",
                         re.IGNORECASE)
#: Word-level tokens for diffs: words, numbers (with decimals) and single symbols.
TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[A-Za-zÀ-ÿ0-9]+(?:['’][A-Za-z]+)?|[^\sA-Za-zÀ-ÿ0-9]")
_BULLETS = re.compile(r"^[\s•·▪‣◦\-*–]+", re.MULTILINE)


@dataclass(frozen=True)
class Token:
    """A token of a text and where it is.

    Attributes:
        text: The token as written.
        start: Offset of its first character.
        end: Offset one past its last character.
    """

    text: str
    start: int
    end: int


def url_spans(text: str) -> list[tuple[int, int]]:
    """Return the (start, end) spans of URLs (mangled ones too) and e-mail addresses in ``text``."""
    spans = [(m.start(), m.end()) for m in URL.finditer(text)]
    spans += [(m.start(), m.end()) for m in SCHEMED_URL.finditer(text)]
    return sorted(spans)


def words(text: str) -> Iterator[Token]:
    """Yield the words of ``text`` outside URLs, with their offsets."""
    spans = url_spans(text)
    for match in WORD.finditer(text):
        if any(start <= match.start() < end for start, end in spans):
            continue
        yield Token(match.group(), match.start(), match.end())


def tokens(text: str) -> list[Token]:
    """Return word, number and symbol tokens of ``text`` (for word-level diffs)."""
    return [Token(m.group(), m.start(), m.end()) for m in TOKEN.finditer(text)]


def normalise(text: str) -> str:
    """Lower-case, drop bullets and punctuation spacing differences, collapse whitespace."""
    text = _BULLETS.sub("", text or "")
    text = re.sub(r"\s*([,.;:()/])\s*", r"\1", text)
    return " ".join(text.lower().split())


def sentence_initial(text: str, start: int) -> bool:
    """Whether the word at ``start`` opens a sentence, line, list item or the text."""
    before = text[:start].rstrip(" \t\"'“‘(")
    return not before or before[-1] in ".!?:;\n•–-" or before.endswith("\n")


@dataclass(frozen=True)
class DiffOp:
    """One word-level edit between an old and a new text.

    Attributes:
        tag: ``replace``, ``delete``, ``insert`` or ``equal`` (difflib's opcodes).
        old: The old tokens' text.
        new: The new tokens' text.
        old_start: Offset in the old text (start of the first old token, or the insertion point).
        old_end: Offset one past the last old token.
        new_start: Offset in the new text.
        new_end: Offset one past the last new token.
    """

    tag: str
    old: str
    new: str
    old_start: int
    old_end: int
    new_start: int
    new_end: int


def word_diff(old: str, new: str) -> list[DiffOp]:
    """Word-level diff of two texts with difflib's SequenceMatcher (case-sensitive tokens).

    Args:
        old: The original text.
        new: The new text.

    Returns:
        The opcodes, ``equal`` ones included, with character offsets into both texts.
    """
    a, b = tokens(old or ""), tokens(new or "")
    matcher = difflib.SequenceMatcher(a=[t.text for t in a], b=[t.text for t in b], autojunk=False)
    ops: list[DiffOp] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        old_start = a[i1].start if i1 < len(a) else len(old or "")
        old_end = a[i2 - 1].end if i2 > i1 else old_start
        new_start = b[j1].start if j1 < len(b) else len(new or "")
        new_end = b[j2 - 1].end if j2 > j1 else new_start
        ops.append(DiffOp(tag, (old or "")[old_start:old_end], (new or "")[new_start:new_end],
                          old_start, old_end, new_start, new_end))
    return ops


__all__ = ["SCHEMED_URL", "URL", "DiffOp", "Token", "normalise", "sentence_initial", "tokens", "url_spans", "word_diff", "words"]
