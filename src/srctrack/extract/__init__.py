"""Find the citations in a document: each style has its own module; this one runs them all
and resolves overlaps. Extraction is pure: Document in, Citations out, no I/O."""

from __future__ import annotations

from srctrack.extract import parenthetical
from srctrack.model import Citation, Document


def extract(document: Document) -> list[Citation]:
    """Every citation in the document, in text order; `text[start:end] == raw` for each."""
    found = parenthetical.find(document)
    found.sort(key=lambda c: (c.start, -c.end))
    return found
