"""The per-document stage runner: read, extract, check, one document at a time.

:func:`process_document` is what every executor runs in its worker process. It calls the
toolkit's public stages in data-flow order (readers → change-form or policy model → spaCy
extraction → QA) and returns one JSON-ready dict. A stage whose module is not installed in
this build is recorded as ``"unavailable"`` rather than failing the document; a document the
readers cannot read raises :class:`~extractor.errors.InputError` (one line naming the file).
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from extractor.errors import InputError, NotAChangeForm

#: A PDF longer than this many pages is read as a change form only when a change-table header is
#: on one of its first ``PROBE_PAGES`` pages. The change-form reader holds every page's glyphs at
#: once (about 2 MB a page), so reading a 500-page policy through it first would cost a gigabyte
#: before the "no change table" answer; change tables start on the first pages of a form.
PROBE_PAGES = 5


def one_line(exc: BaseException) -> str:
    """Return ``exc`` as one line: the problem of an InputError, else ``Type: message``."""
    if isinstance(exc, InputError):
        return exc.problem
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def optional(module: str, name: str) -> Callable[..., Any] | None:
    """Return ``module.name`` or None when that module (not one it imports) is absent.

    Args:
        module: Dotted module path, e.g. ``"extractor.qa"``.
        name: Attribute to fetch.

    Returns:
        The attribute, or None when the module or the attribute does not exist yet.
    """
    try:
        loaded = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name and (module == exc.name or module.startswith(exc.name + ".")):
            return None
        raise
    return getattr(loaded, name, None)


@dataclass
class Context:
    """What a worker keeps between documents.

    Attributes:
        password: Password tried on encrypted PDFs.
        nlp: The spaCy pipeline, loaded once per worker (None when extraction is unavailable).
        nlp_error: Why the pipeline could not be loaded, if it could not.
        load_seconds: Time spent loading the pipeline.
        extract: Whether to run the spaCy extraction stage.
        qa: Whether to run the QA stage.
        stages: Outcome notes of the reading stage for the current document (``policy``).
    """

    password: str | None = None
    nlp: Any = None
    nlp_error: str | None = None
    load_seconds: float = 0.0
    extract: bool = True
    qa: bool = True
    stages: dict[str, str] = field(default_factory=dict)

    @classmethod
    def create(cls, *, password: str | None = None, extract: bool = True, qa: bool = True) -> Context:
        """Build a context, loading the spaCy pipeline once when extraction is wanted."""
        context = cls(password=password, extract=extract, qa=qa)
        if extract:
            load = optional("extractor.nlp", "load")
            if load is None:
                context.nlp_error = "unavailable"
            else:
                started = time.perf_counter()
                try:
                    context.nlp = load()
                except Exception as exc:  # noqa: BLE001 - a broken pipeline must not stop the batch
                    context.nlp_error = f"failed to load: {type(exc).__name__}: {exc}"
                context.load_seconds = time.perf_counter() - started
        if qa:
            context.warm_up_qa()
        return context

    def warm_up_qa(self) -> None:
        """Run the QA checks once on a tiny text so their word lists load now, not in a document's time."""
        check = optional("extractor.qa", "check_document")
        if check is None:
            return
        from extractor.document import Document

        started = time.perf_counter()
        sample = Document.from_page_texts("<warm-up>", "text", ["Patients with IgG below 4 g/L are eligible."])
        try:
            check(sample)
        except Exception:  # noqa: BLE001, S110 - a failure here shows again, per document, where it is reported
            pass
        self.load_seconds += time.perf_counter() - started


def _to_dict(value: Any) -> Any:
    return value.to_dict() if hasattr(value, "to_dict") else value


def _findings(result: Any) -> list[dict[str, Any]]:
    """Normalise what a QA check returns (a result object, a list of findings, or dicts)."""
    if result is None:
        return []
    if hasattr(result, "findings"):
        result = result.findings
    elif isinstance(result, dict) and "findings" in result:
        result = result["findings"]
    return [_to_dict(item) for item in result]


def _extraction_lists(result: Any) -> dict[str, list[dict[str, Any]]]:
    result = _to_dict(result) or {}
    return {key: [_to_dict(item) for item in value] for key, value in result.items()
            if isinstance(value, list)}


def _read(path: str, context: Context) -> tuple[str, Any, Any]:
    """Read ``path`` as a change form, else as a policy, else as a plain document.

    Returns:
        ``(kind, model, document)`` where kind is ``"changeform"``, ``"policy"`` or
        ``"document"``; ``document`` is the :class:`~extractor.document.Document` when one was read.
    """
    from extractor.changeform import read_changeform

    try:
        if not _may_be_changeform(path, context.password):
            raise NotAChangeForm(path, f"no change table found on the first {PROBE_PAGES} pages")
        return "changeform", read_changeform(path, password=context.password), None
    except NotAChangeForm:
        pass
    except ModuleNotFoundError as exc:
        # A reader for this format (pdf_table, docx_table) is not in this build yet.
        if not (exc.name or "").startswith("extractor.changeform"):
            raise
    from extractor.readers import read_document

    document = read_document(path, password=context.password)
    parse_policy = optional("extractor.policy", "parse_policy")
    if parse_policy is None:
        context.stages["policy"] = "unavailable"
        return "document", None, document
    try:
        policy = parse_policy(document, extract=context.extract)
    except (MemoryError, RecursionError):
        raise
    except Exception as exc:  # noqa: BLE001 - keep the document as plain text, say why
        context.stages["policy"] = one_line(exc)
        return "document", None, document
    context.stages["policy"] = "ok"
    return "policy", policy, document


def _may_be_changeform(path: str, password: str | None) -> bool:
    """False when ``path`` is a PDF of more than :data:`PROBE_PAGES` pages with no change-table
    header on its first pages; True otherwise (short PDFs and other formats are simply read).

    Raises:
        InputError: The PDF cannot be opened.
    """
    from extractor.readers.sniff import sniff

    if sniff(path) != "pdf":
        return True
    try:
        from extractor.changeform import pdf_table
        from extractor.readers.pdf import open_pdf
    except ModuleNotFoundError:
        return True
    config = pdf_table.TableSettings.resolve(None)
    with open_pdf(path, password=password) as pdf:
        if len(pdf.pages) <= PROBE_PAGES:
            return True
        head = SimpleNamespace(pages=pdf.pages[:PROBE_PAGES])
        try:
            pages = pdf_table.load_pages(head, config)
        except (AttributeError, TypeError):  # the reader's internals changed: read the whole file
            return True
        except (MemoryError, RecursionError, InputError):
            raise
        except Exception as exc:  # noqa: BLE001 - damaged content streams raise many kinds
            raise InputError(path, f"unreadable PDF page ({one_line(exc)})") from None
    try:
        pdf_table.read_pages(pages, str(path), config)
    except NotAChangeForm:
        return False
    except InputError:
        return True
    return True


def _changeform_extraction(form: Any, context: Context) -> dict[str, list[dict[str, Any]]]:
    """Run extraction on each row's original and new text; each item carries row and field.

    The texts go through the pipeline together (``extract_many``: one ``nlp.pipe`` pass) when
    the NLP package has it, else one by one.
    """
    extract = optional("extractor.nlp", "extract")
    if extract is None:
        raise LookupError("unavailable")
    cells = [(row.index, name, text) for row in form.rows for name in ("original", "new")
             if (text := form.value(row, name))]
    extract_many = optional("extractor.nlp", "extract_many")
    if extract_many is not None:
        results = extract_many([text for _, _, text in cells], nlp=context.nlp)
    else:
        results = [extract(text, nlp=context.nlp) for _, _, text in cells]
    merged: dict[str, list[dict[str, Any]]] = {}
    for (row, name, _), result in zip(cells, results, strict=True):
        for key, items in _extraction_lists(result).items():
            for item in items:
                merged.setdefault(key, []).append({"row": row, "field": name, **item})
    return merged


def _document_extraction(document: Any, context: Context) -> dict[str, list[dict[str, Any]]]:
    extract_document = optional("extractor.nlp", "extract_document")
    if extract_document is not None:
        return _extraction_lists(extract_document(document, nlp=context.nlp))
    extract = optional("extractor.nlp", "extract")
    if extract is None:
        raise LookupError("unavailable")
    return _extraction_lists(extract(document.text if hasattr(document, "text") else
                                     "\n\n".join(p.text for p in document.pages), nlp=context.nlp))


def _page_count(kind: str, model: Any, document: Any) -> int | None:
    if kind == "changeform":
        return int(model.pages)
    if document is not None:
        return len(document.pages)
    return None


def process_document(path: str, context: Context) -> dict[str, Any]:
    """Run every stage on one document and return its result record.

    Args:
        path: The document (PDF, DOCX, text or HTML export).
        context: The worker's context (password, the loaded spaCy pipeline).

    Returns:
        ``{"source", "kind", "pages", "changeform"|"policy", "extraction", "findings",
        "stages", "timings"}``; ``stages`` says for each stage ``"ok"``, ``"unavailable"`` or
        the one-line error it met (a failing later stage does not lose the earlier results).

    Raises:
        InputError: The document cannot be read.
    """
    timings: dict[str, float] = {}
    stages: dict[str, str] = {}
    started = time.perf_counter()
    context.stages = {}
    kind, model, document = _read(path, context)
    timings["read"] = round(time.perf_counter() - started, 4)
    stages["read"] = "ok"
    stages.update(context.stages)
    record: dict[str, Any] = {"source": str(path), "kind": kind,
                              "pages": _page_count(kind, model, document)}
    if kind == "changeform":
        record["changeform"] = model.to_dict()
        record["rows"] = model.records()
    elif kind == "policy":
        record["policy"] = _to_dict(model)

    extraction: dict[str, list[dict[str, Any]]] = {}
    if not context.extract:
        stages["extract"] = "skipped"
    elif context.nlp_error is not None and context.nlp is None:
        stages["extract"] = context.nlp_error
    else:
        started = time.perf_counter()
        try:
            extraction = (_changeform_extraction(model, context) if kind == "changeform"
                          else _document_extraction(document, context))
            stages["extract"] = "ok"
        except LookupError as exc:
            stages["extract"] = str(exc)
        except (MemoryError, RecursionError):
            raise
        except Exception as exc:  # noqa: BLE001 - a failing stage keeps the earlier results
            stages["extract"] = one_line(exc)
        timings["extract"] = round(time.perf_counter() - started, 4)
    record["extraction"] = extraction

    findings: list[dict[str, Any]] = []
    if not context.qa:
        stages["qa"] = "skipped"
    else:
        check = optional("extractor.qa", "check_changeform" if kind == "changeform" else "check_document")
        if check is None:
            stages["qa"] = "unavailable"
        else:
            started = time.perf_counter()
            try:
                findings = _findings(check(model if kind == "changeform" else document))
                stages["qa"] = "ok"
            except (MemoryError, RecursionError):
                raise
            except Exception as exc:  # noqa: BLE001 - a failing stage keeps the earlier results
                stages["qa"] = one_line(exc)
            timings["qa"] = round(time.perf_counter() - started, 4)
    record["findings"] = findings
    record["stages"] = stages
    record["timings"] = timings
    record["file"] = Path(path).name
    return record
