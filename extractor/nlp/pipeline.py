"""Build, load and run the extraction pipeline.

The default pipeline is ``spacy.blank("en")`` with scispaCy's rule tokenizer, then
``extractor_sentences`` (bullet- and line-aware sentence starts), scispaCy's
``abbreviation_detector``, and the toolkit's components: ``extractor_abbreviations``,
``extractor_thresholds``, ``extractor_doses``, ``extractor_criteria``, ``extractor_references``.
:func:`load` returns it (cached per process): from ``models/<name>`` when that folder exists, from
an installed spaCy package name (our components added to it), else assembled from code.
"""

from __future__ import annotations

import threading
import warnings
from collections import OrderedDict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import scispacy.abbreviation  # noqa: F401  (registers "abbreviation_detector")
import spacy
from spacy.language import Language

import extractor.nlp.abbreviations  # noqa: F401  (registers factories)
import extractor.nlp.criteria  # noqa: F401
import extractor.nlp.doses  # noqa: F401
import extractor.nlp.references  # noqa: F401
import extractor.nlp.sentences  # noqa: F401
import extractor.nlp.thresholds  # noqa: F401
from extractor.errors import UsageError

#: Name of the default pipeline folder under ``models/``.
DEFAULT_PIPELINE = "extractor_core"
#: Our components, in pipeline order, after the sentence and abbreviation stages.
COMPONENTS = ("extractor_abbreviations", "extractor_thresholds", "extractor_doses", "extractor_criteria",
              "extractor_references")
MODELS_DIR = Path(__file__).resolve().parents[2] / "models"

_CACHE: dict[str, Language] = {}
_LOCK = threading.Lock()


def scispacy_tokenizer(nlp: Language) -> Any:
    """scispaCy's ``combined_rule_tokenizer`` for ``nlp``; its regex FutureWarning is caught here only."""
    from scispacy.custom_tokenizer import combined_rule_tokenizer

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=FutureWarning, message="Possible set union")
        return combined_rule_tokenizer(nlp)


def add_components(nlp: Language) -> Language:
    """Add sentence segmentation (if the pipeline has none), abbreviation detection and our components."""
    has_sents = any(name in nlp.pipe_names for name in ("parser", "senter", "sentencizer", "extractor_sentences"))
    if not has_sents:
        nlp.add_pipe("extractor_sentences", first=True)
    if "abbreviation_detector" not in nlp.pipe_names:
        nlp.add_pipe("abbreviation_detector")
    for name in COMPONENTS:
        if name not in nlp.pipe_names:
            nlp.add_pipe(name)
    return nlp


def build_pipeline() -> Language:
    """The default pipeline assembled from code: blank English, scispaCy tokenizer, our components."""
    nlp = spacy.blank("en")
    nlp.tokenizer = scispacy_tokenizer(nlp)
    nlp.meta["name"] = DEFAULT_PIPELINE
    nlp.meta["description"] = ("Rule-based extraction of lab thresholds, doses, criteria, abbreviations and "
                               "references from clinical commissioning policies")
    return add_components(nlp)


def _installed() -> list[str]:
    names = sorted(spacy.util.get_installed_models())
    local = sorted(p.name for p in MODELS_DIR.glob("*") if (p / "config.cfg").exists()) if MODELS_DIR.exists() else []
    return local + names


def load(name: str | None = None) -> Language:
    """The extraction pipeline, loaded once per process.

    Args:
        name: None for the default pipeline (``models/extractor_core`` if present, else built from
            code); a folder under ``models/`` or a path to a saved pipeline; or an installed spaCy
            pipeline package (``en_core_sci_sm``, ``en_core_web_sm``), to which our components are added.

    Returns:
        The pipeline.

    Raises:
        UsageError: ``name`` is neither a models folder, a path nor an installed package.
    """
    key = name or ""
    with _LOCK:
        if key in _CACHE:
            return _CACHE[key]
        with warnings.catch_warnings():
            # scispaCy's tokenizer rules hold a regex that Python flags with a FutureWarning
            # ("Possible set union") each time they are compiled; only that warning is silenced, here.
            warnings.filterwarnings("ignore", category=FutureWarning, message="Possible set union")
            nlp = _load_uncached(name)
        _CACHE[key] = nlp
        return nlp


def _load_uncached(name: str | None) -> Language:
    if name is None:
        folder = MODELS_DIR / DEFAULT_PIPELINE
        if (folder / "config.cfg").exists():
            return spacy.load(folder)
        return build_pipeline()
    folder = MODELS_DIR / name
    if (folder / "config.cfg").exists():
        return add_components(spacy.load(folder))
    path = Path(name)
    if (path / "config.cfg").exists():
        return add_components(spacy.load(path))
    if spacy.util.is_package(name):
        return add_components(spacy.load(name))
    installed = ", ".join(_installed()) or "none"
    raise UsageError(f"unknown model {name!r}: not a folder under models/, a pipeline path or an installed "
                     f"spaCy package; installed: {installed}")


def doc_to_dict(doc: Any) -> dict[str, Any]:
    """The contract's extraction result for a processed doc (offsets index ``doc.text``)."""
    from extractor.nlp.spans import span_items

    definitions = doc._.abbreviation_definitions if doc.has_extension("abbreviation_definitions") else None
    return {
        "thresholds": span_items(doc, "thresholds", "threshold"),
        "doses": span_items(doc, "doses", "dose"),
        "criteria": list(doc._.criteria or []) if doc.has_extension("criteria") else [],
        "abbreviations": list(definitions or []),
        "references": list(doc._.references or []) if doc.has_extension("references") else [],
    }


def extract(text: str, *, nlp: Language | None = None) -> dict[str, Any]:
    """Extract thresholds, doses, criteria, abbreviations and references from ``text``.

    Args:
        text: Any text.
        nlp: A pipeline (default: :func:`load`).

    Returns:
        ``{"thresholds", "doses", "criteria", "abbreviations", "references"}`` in the contract's
        shapes, offsets indexing ``text``.
    """
    nlp = nlp or load()
    cached = _remembered(nlp, text)
    if cached is not None:
        return cached
    return _remember(nlp, text, doc_to_dict(nlp(text)))


def extract_many(texts: Iterable[str], *, nlp: Language | None = None, batch_size: int = 64) -> list[dict[str, Any]]:
    """:func:`extract` on each of ``texts``, the new ones through one ``nlp.pipe`` pass.

    Args:
        texts: Any texts (a change form's cells, say).
        nlp: A pipeline (default: :func:`load`).
        batch_size: Texts per ``nlp.pipe`` batch.

    Returns:
        One result per text, in order, each as :func:`extract` returns it.
    """
    nlp = nlp or load()
    texts = list(texts)
    results: list[dict[str, Any] | None] = [_remembered(nlp, text) for text in texts]
    todo = [index for index, result in enumerate(results) if result is None]
    docs = nlp.pipe((texts[index] for index in todo), batch_size=batch_size)
    for index, doc in zip(todo, docs, strict=True):
        results[index] = _remember(nlp, texts[index], doc_to_dict(doc))
    return [result for result in results if result is not None]


#: Most results :func:`extract` keeps. A batch extracts each change-form cell and the QA rule on
#: numeric changes asks for the same cells again; the spaCy pipeline runs once per text.
_REMEMBERED_MAX = 512
_REMEMBERED: OrderedDict[tuple[int, str], tuple[Language, dict[str, Any]]] = OrderedDict()
_REMEMBERED_LOCK = threading.Lock()


def _remembered(nlp: Language, text: str) -> dict[str, Any] | None:
    """A copy of the result kept for ``text`` by this pipeline, or None."""
    with _REMEMBERED_LOCK:
        entry = _REMEMBERED.get((id(nlp), text))
        if entry is None or entry[0] is not nlp:
            return None
        _REMEMBERED.move_to_end((id(nlp), text))
    return _copy(entry[1])


def _copy(value: Any) -> Any:
    """A copy of an extraction result: its dicts, lists, tuples and sets copied, other values shared.

    Results hold only those containers and immutable values (str, int, float, bool, None), so
    this is a deep copy, without :func:`copy.deepcopy`'s memo and dispatch.
    """
    if isinstance(value, dict):
        return {key: _copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy(item) for item in value]
    if isinstance(value, tuple):
        return tuple(_copy(item) for item in value)
    if isinstance(value, set):
        return {_copy(item) for item in value}
    return value


def _remember(nlp: Language, text: str, result: dict[str, Any]) -> dict[str, Any]:
    """Keep a copy of ``result`` for ``text`` (the oldest goes when full) and return ``result``."""
    with _REMEMBERED_LOCK:
        _REMEMBERED[(id(nlp), text)] = (nlp, _copy(result))
        _REMEMBERED.move_to_end((id(nlp), text))
        while len(_REMEMBERED) > _REMEMBERED_MAX:
            _REMEMBERED.popitem(last=False)
    return result


def _shift_all(value: Any, by: int) -> Any:
    """Shift every ``start``/``end``/``long_start``/``long_end`` in nested dicts and lists by ``by``."""
    if isinstance(value, list):
        return [_shift_all(v, by) for v in value]
    if isinstance(value, dict):
        return {k: (v + by if k in ("start", "end", "long_start", "long_end") and isinstance(v, int)
                    else _shift_all(v, by)) for k, v in value.items()}
    return value


def extract_document(document: Any, *, nlp: Language | None = None, batch_size: int = 16) -> dict[str, Any]:
    """Extract from a read document, page by page with ``nlp.pipe``; offsets index ``document.text``.

    Criteria blocks and abbreviation definitions that span pages are read over the whole text,
    so a heading on one page still owns the bullets on the next.

    Args:
        document: An :class:`extractor.document.Document`.
        nlp: A pipeline (default: :func:`load`).
        batch_size: Pages per ``nlp.pipe`` batch.
    """
    from extractor.nlp.criteria import find_criteria

    nlp = nlp or load()
    pages = [p for p in document.pages if p.text.strip()]
    result: dict[str, Any] = {"thresholds": [], "doses": [], "criteria": [], "abbreviations": [], "references": []}
    disabled = [n for n in ("extractor_criteria",) if n in nlp.pipe_names]
    with nlp.select_pipes(disable=disabled):
        for page, doc in zip(pages, nlp.pipe((p.text for p in pages), batch_size=batch_size)):
            part = doc_to_dict(doc)
            for key in ("thresholds", "doses", "abbreviations", "references"):
                result[key].extend(_shift_all(part[key], page.start))
    if "extractor_criteria" in nlp.pipe_names:
        result["criteria"] = find_criteria(document.text, found=(result["thresholds"], result["doses"]))
    return result
