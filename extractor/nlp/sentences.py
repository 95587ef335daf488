"""Sentence boundaries aware of bullets, numbered items, headings and PDF line wraps.

spaCy's sentencizer splits on punctuation only; policy text also breaks at bullets ("• "),
numbered items, headings and table lines, while a PDF line wrap inside a paragraph is no break.
The rule (:func:`extractor.nlp.quantities.sentence_bounds`) runs over the doc text once; the
character bounds are kept on ``doc._.char_sentences`` so the extraction components reuse them.
"""

from __future__ import annotations

import bisect

import numpy
from spacy.attrs import IDX, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from extractor.nlp.quantities import sentence_bounds
from extractor.nlp.spans import doc_text

if not Doc.has_extension("char_sentences"):
    Doc.set_extension("char_sentences", default=None)


def doc_sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """Character sentence bounds of ``doc``: the stored ones, else computed from its text."""
    bounds = doc._.char_sentences
    if bounds is None:
        bounds = sentence_bounds(doc_text(doc))
        doc._.char_sentences = bounds
    return [tuple(b) for b in bounds]  # type: ignore[misc]


class SentenceSegmenter:
    """Set ``token.is_sent_start`` from :func:`sentence_bounds` (no settings)."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        """Mark sentence starts and keep the character bounds on ``doc._.char_sentences``."""
        bounds = sentence_bounds(doc_text(doc))
        doc._.char_sentences = bounds
        if len(doc):
            # one array write: setting token.is_sent_start token by token re-checks the whole doc
            # each time (quadratic)
            token_starts = doc.to_array(IDX).tolist()
            flags = numpy.full((len(doc), 1), -1, dtype="int32")
            flags[0, 0] = 1
            for start, _end in bounds:
                i = bisect.bisect_right(token_starts, start) - 1
                if i >= 0:
                    flags[i, 0] = 1
            doc.from_array([SENT_START], flags.astype("uint64"))
        if Doc.has_extension("abbreviations"):
            # scispaCy's detector appends to its extension's default list, shared by every doc
            # that has not set its own; give each doc its own list first.
            doc._.abbreviations = []
        return doc


@Language.factory("extractor_sentences", assigns=["token.is_sent_start", "doc._.char_sentences"],
                  default_config={})
def make_sentence_segmenter(nlp: Language, name: str) -> SentenceSegmenter:
    """Factory of :class:`SentenceSegmenter`."""
    return SentenceSegmenter(nlp, name)
