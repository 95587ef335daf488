from __future__ import annotations

from extractor.readers.html import html_to_text, looks_like_html


def test_html_paragraphs_become_line_breaks():
    assert html_to_text("<p>Appendix A</p> <p>Secondary antibody deficiency</p>") == (
        "Appendix A\nSecondary antibody deficiency")


def test_html_list_items_with_markers_become_bullets():
    assert html_to_text("<ul><li>one</li><li>two</li></ul>") == "• one\n• two"


def test_html_list_without_markers_keeps_typed_bullets_only():
    fragment = '<ul style="list-style-type: none"> • Parvovirus B19, <p>AND</p> <ul style="list-style-type: none"> plain'
    assert html_to_text(fragment) == "• Parvovirus B19,\nAND\nplain"


def test_html_entities_and_spaces_are_normalised():
    assert html_to_text("<p>IgG &lt; 4&nbsp;g/L</p>") == "IgG < 4 g/L"


def test_looks_like_html_ignores_comparison_signs():
    assert not looks_like_html("IgG < 4 g/L and > 2")
    assert looks_like_html("<p>x</p>")
