"""Pandoc-style Markdown footnotes: "[^n]" references and "[^n]: text" definitions."""

from __future__ import annotations

from srctrack.extract import extract
from srctrack.model import CitationStyle
from srctrack.read.markdown import to_document

SOURCE = """Sanctions bite slowly.[^1] Prices rose in May.[^wb]

Later the same source again.[^1]

[^1]: Jane Doe, "Grain Corridors," Foreign Affairs, May 3, 2023, https://example.org/a.
[^wb]: World Bank, Commodity Markets Outlook, April 2024,
    with a second line that carries on the note.

Text after the notes is not part of them.
"""


def notes() -> list[tuple[str, str | None, list[str]]]:
    document = to_document("a.md", SOURCE, "0")
    found = [c for c in extract(document) if c.style == CitationStyle.NOTE]
    for c in found:
        assert document.text[c.start:c.end] == c.raw
    return [(c.raw, c.note, [document.text[a:b] for a, b in c.markers]) for c in found]


def test_a_definition_label_is_not_a_marker() -> None:
    [first, _] = notes()
    assert first[1:] == ("1", ["[^1]", "[^1]"])


def test_indented_lines_continue_a_definition_and_a_paragraph_ends_it() -> None:
    [_, second] = notes()
    assert second[0] == ("World Bank, Commodity Markets Outlook, April 2024,\n"
                         "    with a second line that carries on the note.")
    assert second[1:] == ("wb", ["[^wb]"])
