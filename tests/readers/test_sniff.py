from __future__ import annotations

import zipfile

import pytest

from extractor.errors import InputError
from extractor.readers import read_document, sniff


def test_sniff_names_empty_file(tmp_path):
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    with pytest.raises(InputError, match="empty file") as info:
        sniff(path)
    assert str(path) in str(info.value)


def test_sniff_refuses_text_named_pdf(tmp_path):
    path = tmp_path / "fake.pdf"
    path.write_text("hello", encoding="utf-8")
    with pytest.raises(InputError, match="not a PDF"):
        sniff(path)


def test_sniff_refuses_zip_that_is_not_word(tmp_path):
    path = tmp_path / "archive.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(InputError, match="not a Word document"):
        sniff(path)


def test_sniff_refuses_file_over_the_size_limit(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("x" * 100, encoding="utf-8")
    with pytest.raises(InputError, match="larger than the limit"):
        sniff(path, max_bytes=10)


def test_read_document_renders_html_file(tmp_path):
    path = tmp_path / "page.html"
    path.write_text("<html><body><p>Selection criteria</p><ul><li>IgG &lt; 4 g/L</li></ul></body></html>",
                    encoding="utf-8")
    document = read_document(path)
    assert document.format == "html"
    assert document.text == "Selection criteria\n• IgG < 4 g/L"


def test_document_offsets_span_pages(tmp_path, seed_export):
    document = read_document(seed_export)
    assert document.pages[0].start == 0
    assert document.text[document.pages[0].start:document.pages[0].end] == document.pages[0].text
