"""HTML fragments to text with paragraph breaks as ``\\n`` and list items as ``• ``.

Change forms exported from content systems carry cell text as HTML fragments
(``<p>…</p>``, ``<ul><li>…</li></ul>``, ``<br>``). This module renders such a fragment the way
a reader sees it, using the standard library's :class:`html.parser.HTMLParser`.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

BULLET = "• "
_BLOCK_TAGS = {"p", "div", "li", "ul", "ol", "table", "tr", "h1", "h2", "h3", "h4", "h5", "h6",
               "blockquote", "section", "article", "header", "footer", "dd", "dt"}
_BULLET_CHARS = "•●▪■◦‣∙·-–*"


class _TextRenderer(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.list_styles: list[bool] = []  # True when items show a bullet marker
        self._skip = 0

    def _break(self) -> None:
        self.parts.append("\n")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style"}:
            self._skip += 1
            return
        if tag in {"ul", "ol"}:
            style = (dict(attrs).get("style") or "").replace(" ", "").lower()
            self.list_styles.append("list-style-type:none" not in style)
        if tag in _BLOCK_TAGS:
            self._break()
        if tag == "br":
            self._break()
        if tag == "li" and (not self.list_styles or self.list_styles[-1]):
            self.parts.append(BULLET)

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"}:
            self._skip = max(0, self._skip - 1)
            return
        if tag in {"ul", "ol"} and self.list_styles:
            self.list_styles.pop()
        if tag in _BLOCK_TAGS:
            self._break()

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_to_text(fragment: str) -> str:
    """Render an HTML fragment as plain text.

    Block elements become paragraph breaks (``\\n``, never blank lines), list items shown with
    a marker become ``• `` items, a typed bullet character at the start of a paragraph is
    normalised to ``• ``, and runs of spaces collapse to one.

    Args:
        fragment: HTML, or plain text (returned with whitespace tidied).

    Returns:
        The text.
    """
    renderer = _TextRenderer()
    renderer.feed(fragment)
    renderer.close()
    text = "".join(renderer.parts).replace("\xa0", " ")
    paragraphs = []
    for raw in text.split("\n"):
        line = re.sub(r"[ \t\r\f\v]+", " ", raw).strip()
        if not line:
            continue
        line = re.sub(rf"^[{re.escape(_BULLET_CHARS[:6])}]\s*", BULLET, line) if line[0] in "•●▪■◦‣" else line
        if line.startswith(BULLET + BULLET):
            line = line[len(BULLET):]
        paragraphs.append(line)
    return "\n".join(paragraphs)


def looks_like_html(text: str) -> bool:
    """Return True when ``text`` contains HTML tags."""
    return re.search(r"</?(p|ul|ol|li|br|div|span|u|b|i|strong|em|table|tr|td)\b[^>]*>", text, re.I) is not None
