"""Opening PDFs with pdfplumber, turning its failures into one-line :class:`InputError` s.

Pages are read one at a time and closed (``page.close()``) as soon as they are done, so memory
does not grow with the page count.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

import pdfplumber
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfplumber.pdf import PDF
from pdfplumber.utils.exceptions import PdfminerException

from extractor.document import Document
from extractor.errors import InputError


def _describe(path: str | os.PathLike[str], exc: BaseException, password: str | None) -> InputError:
    """Map a pdfminer/pdfplumber exception to a one-line :class:`InputError`."""
    inner = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
    name = type(inner).__name__
    if isinstance(inner, PDFPasswordIncorrect) or "Password" in name or "Encrypt" in name:
        if password:
            return InputError(path, "encrypted PDF and the password given is wrong")
        return InputError(path, "encrypted PDF; pass --password to open it")
    if isinstance(inner, PDFSyntaxError) or "Syntax" in name or "PSEOF" in name:
        return InputError(path, f"corrupt or truncated PDF ({inner or name})")
    return InputError(path, f"unreadable PDF ({name}: {inner})")


@contextlib.contextmanager
def open_pdf(path: str | os.PathLike[str], *, password: str | None = None) -> Iterator[PDF]:
    """Open ``path`` with pdfplumber, raising :class:`InputError` for anything unreadable.

    Args:
        path: The PDF file.
        password: Password of an encrypted PDF.

    Yields:
        The open :class:`pdfplumber.pdf.PDF`.

    Raises:
        InputError: Not a PDF, corrupt, truncated, encrypted (no or wrong password), no pages.
    """
    try:
        pdf = pdfplumber.open(path, password=password or "")
    except (PdfminerException, PDFSyntaxError, PDFPasswordIncorrect) as exc:
        raise _describe(path, exc, password) from None
    except (ValueError, TypeError, KeyError, AssertionError, RecursionError) as exc:
        raise InputError(path, f"unreadable PDF ({type(exc).__name__}: {exc})") from None
    try:
        try:
            count = len(pdf.pages)
        except (PdfminerException, PDFSyntaxError, PDFPasswordIncorrect) as exc:
            raise _describe(path, exc, password) from None
        except (ValueError, TypeError, KeyError, AssertionError, RecursionError) as exc:
            raise InputError(path, f"unreadable PDF ({type(exc).__name__}: {exc})") from None
        if count == 0:
            raise InputError(path, "PDF has no pages")
        yield pdf
    finally:
        pdf.close()


def read_pdf(path: str | os.PathLike[str], *, password: str | None = None) -> Document:
    """Read a PDF's page texts into a :class:`Document`.

    Args:
        path: The PDF file.
        password: Password of an encrypted PDF.

    Returns:
        The document, one :class:`~extractor.document.Page` per PDF page.

    Raises:
        InputError: The PDF cannot be read, or no page has a text layer (image-only scan).
    """
    texts: list[str] = []
    sizes: list[tuple[float, float]] = []
    with open_pdf(path, password=password) as pdf:
        for page in pdf.pages:
            try:
                texts.append(page.extract_text() or "")
                sizes.append((float(page.width), float(page.height)))
            except (PdfminerException, PDFSyntaxError, ValueError, KeyError, TypeError) as exc:
                raise InputError(path, f"page {page.page_number} unreadable ({type(exc).__name__})") from None
            finally:
                page.close()
        metadata = dict(pdf.metadata or {})
    if not any(text.strip() for text in texts):
        raise InputError(path, "PDF has no text layer (image-only or scanned); run OCR first")
    document = Document.from_page_texts(str(path), "pdf", texts, metadata=metadata)
    for page, (width, height) in zip(document.pages, sizes, strict=True):
        page.width, page.height = width, height
    return document
