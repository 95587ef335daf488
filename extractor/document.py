"""The document model every reader produces and every later stage consumes.

Readers (PDF, DOCX, text/HTML) turn a file into a :class:`Document`: its pages, one text with
character offsets (pages joined by a blank line), the text lines with their font information
where the format has it, and the tables found. Offsets reported by ``extract``, ``qa`` and
``policy`` index :attr:`Document.text`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

PAGE_SEPARATOR = "\n\n"


@dataclass(frozen=True)
class Line:
    """One line of text on a page, with where it starts and ends in the document text.

    Attributes:
        text: The line's text (superscripts rebuilt where the reader can).
        start: Offset of the first character in :attr:`Document.text`.
        end: Offset one past the last character.
        page: 1-based page number.
        size: Dominant font size in points, or None when the format has none.
        bold: Whether most characters are set in a bold face.
        x0: Left edge in points from the page's left, or None.
        top: Top edge in points from the page's top, or None.
        level: Outline level (1 = top) of a paragraph whose style makes it a heading (DOCX
            "Heading 2"), or None.
        indent: Left indent in points of a paragraph whose format states it (a DOCX list item's
            level, a paragraph's left indent), or None; PDF lines have :attr:`x0` instead.
        column: 0-based column of the table cell a line was read from, when the reader knows it
            (DOCX tables), else None.
        lead_bold: How many characters at the line's start are set bold when the rest of the
            line is not — a run-in label ("**Referral criteria:** Refer if …"); 0 otherwise.
    """

    text: str
    start: int
    end: int
    page: int
    size: float | None = None
    bold: bool = False
    x0: float | None = None
    top: float | None = None
    level: int | None = None
    indent: float | None = None
    column: int | None = None
    lead_bold: int = 0


@dataclass
class Page:
    """One page: its text and where that text sits in the document text.

    Attributes:
        number: 1-based page number.
        text: The page's text, running headers and footers removed by the reader when it can.
        start: Offset of the page's first character in :attr:`Document.text`.
        width: Page width in points (None for formats without pages).
        height: Page height in points.
    """

    number: int
    text: str
    start: int = 0
    width: float | None = None
    height: float | None = None

    @property
    def end(self) -> int:
        """Offset one past the page's last character in the document text."""
        return self.start + len(self.text)


@dataclass
class Table:
    """A table as rows of cell texts.

    Attributes:
        rows: Cell texts, row by row; paragraph breaks are ``\\n``, bullets ``• ``.
        pages: For each row, the 1-based pages it appears on.
        header_rows: How many leading rows are header rows.
    """

    rows: list[list[str]]
    pages: list[list[int]] = field(default_factory=list)
    header_rows: int = 1


@dataclass
class Document:
    """A read document.

    Attributes:
        source: The path it was read from, as given.
        format: ``"pdf"``, ``"docx"``, ``"text"`` or ``"html"``.
        pages: Its pages (a text or DOCX file is one page).
        lines: Text lines with font information, in reading order (may be empty).
        tables: Tables found, in document order.
        metadata: Anything else the reader knows (title, creation date, producer).
    """

    source: str
    format: str
    pages: list[Page] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_page_texts(cls, source: str, format: str, texts: list[str], **kwargs: Any) -> Document:
        """Build a document from page texts, setting each page's offset.

        Args:
            source: Path of the file.
            format: Reader format name.
            texts: One text per page, in order.
            **kwargs: Other :class:`Document` attributes (``lines``, ``tables``, ``metadata``).

        Returns:
            The document, pages numbered from 1.
        """
        pages: list[Page] = []
        offset = 0
        for number, text in enumerate(texts, start=1):
            pages.append(Page(number=number, text=text, start=offset))
            offset += len(text) + len(PAGE_SEPARATOR)
        return cls(source=source, format=format, pages=pages, **kwargs)

    @property
    def text(self) -> str:
        """All page texts joined by a blank line; offsets everywhere index this string."""
        return PAGE_SEPARATOR.join(page.text for page in self.pages)

    def page_at(self, offset: int) -> int | None:
        """Return the 1-based page holding character ``offset``, or None if out of range."""
        for page in self.pages:
            if page.start <= offset <= page.end:
                return page.number
        return None
