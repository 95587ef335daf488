"""map_headers maps cells as their exact scores say (it only asks whether a score reaches min_score)."""

from __future__ import annotations

from itertools import permutations

from extractor.changeform.fields import FIELDS, HeaderSynonyms, default_synonyms, map_headers, score_header

HEADER_WORDINGS = [
    "Describe what was stated in original document", "Original text", "Previous wording", "Text in current version",
    "Describe new text in the document", "New text", "Revised wording", "Proposed text",
    "Section/Paragraph to which changes apply", "Section", "Paragraph", "Location in document",
    "Describe why document change required", "Reason for change", "Rationale", "Why changed",
    "Changes made by", "Changed by", "Author", "Requested by", "Date change made", "Date", "Date of change", "When",
    "Was", "Now", "To", "Page", "Comments",
]
BODY = ["Patients with serum IgG below 4 g/L are eligible", "Updated following clinical panel review",
        "Senior Pharmacy Lead", "03/02/2025", "Dose changed from 0.4 g/kg to 0.5 g/kg", ""]


def _by_exact_scores(header: list[str], synonyms: HeaderSynonyms) -> list[str | None]:
    """The mapping the definition gives: every exact score, greedy from the best down."""
    candidates = [(score_header(cell, synonyms.fields.get(field, ())), column, field)
                  for column, cell in enumerate(header) for field in FIELDS]
    mapping: list[str | None] = [None] * len(header)
    taken: set[str] = set()
    for score, column, field in sorted(candidates, key=lambda c: (-c[0], c[1])):
        if score >= synonyms.min_score and mapping[column] is None and field not in taken:
            mapping[column] = field
            taken.add(field)
    return mapping


def test_map_headers_maps_as_the_exact_scores_say() -> None:
    synonyms = default_synonyms()
    cells = HEADER_WORDINGS + BODY
    rows = [list(row) for row in permutations(cells[::5], 4)] + [cells[i:i + 6] for i in range(len(cells) - 5)]
    rows += [[cell.upper(), cell.lower(), f"{cell} (see note)"] for cell in HEADER_WORDINGS]
    for row in rows:
        assert map_headers(row, synonyms) == _by_exact_scores(row, synonyms), row


def test_map_headers_with_other_thresholds_keeps_to_them() -> None:
    base = default_synonyms()
    for min_score in (0.0, 55.0, 95.0, 100.0, 150.0):
        synonyms = HeaderSynonyms(fields=base.fields, min_score=min_score)
        for row in ([c for c in HEADER_WORDINGS[:6]], HEADER_WORDINGS[6:12] + BODY[:2]):
            assert map_headers(row, synonyms) == _by_exact_scores(row, synonyms)
