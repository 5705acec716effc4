"""Find the citations in a document: each style has its own module; this one runs them all
and resolves overlaps. Extraction is pure: Document in, Citations out, no I/O.

Overlaps: a link inside or right beside a citation gives that citation its URL instead of
standing as a citation of its own; where two styles claim the same words, the more specific
one wins (notes and reference-list entries, then parenthetical and author-date parts, then
attributions).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace

from srctrack.extract import (
    attribution,
    author_date,
    digest,
    links,
    notes,
    parenthetical,
    press,
    references,
)
from srctrack.extract.spans import DisjointSpans
from srctrack.model import Citation, CitationStyle, Document

#: The finders, in the order that settles a tie between two of one style: a note list found
#: by its heading or markers before reference lines found by their shape alone, attributions
#: to a known publisher before names recognised by their place in the sentence.
MODULES = (notes, references, author_date, parenthetical, attribution, digest, press)
#: Which style keeps the span when two overlap (lower wins).
PRIORITY = {CitationStyle.NOTE: 0, CitationStyle.AUTHOR_DATE: 1,
            CitationStyle.PARENTHETICAL: 2, CitationStyle.ATTRIBUTION: 3, CitationStyle.LINK: 4}
#: A marker whose note is missing gives way to any citation it overlaps: it names no source.
MISSING_NOTE_PRIORITY = 5
#: How far after a citation a link still counts as "beside" it.
BESIDE = 3


def extract(document: Document) -> list[Citation]:
    """Every citation in the document, in text order; `text[start:end] == raw` for each."""
    found: list[tuple[int, Citation]] = []
    for rank, module in enumerate(MODULES):
        found.extend((rank, c) for c in module.find(document))
    kept = _resolve_overlaps(found)
    kept = _attach_links(document, kept)
    kept.sort(key=lambda c: (c.start, -c.end))
    return kept


def _priority(citation: Citation) -> int:
    return MISSING_NOTE_PRIORITY if citation.is_missing_note else PRIORITY[citation.style]


def _resolve_overlaps(found: list[tuple[int, Citation]]) -> list[Citation]:
    found.sort(key=lambda rc: (_priority(rc[1]), rc[0], rc[1].start))
    kept: list[Citation] = []
    spans = DisjointSpans()
    for _, citation in found:
        if spans.overlaps(citation.start, citation.end):
            continue
        kept.append(citation)
        spans.add(citation.start, citation.end)
    return kept


def _attach_links(document: Document, citations: list[Citation]) -> list[Citation]:
    """Give each citation the URL of a link inside or beside it; the links left over are
    citations of their own."""
    if not document.links:
        return citations
    # A marker whose note is missing takes no link: a link beside it (often the marker's own
    # link to where the note should be) stays what it was without the marker.
    by_start = sorted((i for i, c in enumerate(citations) if not c.is_missing_note),
                      key=lambda i: citations[i].start)
    out = list(citations)
    used: set[int] = set()
    starts = [citations[i].start for i in by_start]
    for li, link in enumerate(document.links):
        first = max(0, bisect_right(starts, link.start) - 8)
        for i in by_start[first:]:
            c = out[i]
            if c.start > link.end:
                break
            inside = c.start <= link.start and link.end <= c.end + BESIDE
            overlapping = link.start < c.end and c.start < link.end
            if inside or overlapping or c.end <= link.start <= c.end + BESIDE:
                if out[i].url is None:
                    out[i] = replace(c, url=link.url)
                used.add(li)
                break
    used_spans = {(document.links[li].start, document.links[li].end) for li in used}
    lone = [c for c in links.find(document) if (c.start, c.end) not in used_spans]
    taken, lone_spans = DisjointSpans(), DisjointSpans()
    for c in out:
        if not c.is_missing_note:
            taken.add(c.start, c.end)
    lone = [c for c in lone if not taken.overlaps(c.start, c.end)]
    for c in lone:
        lone_spans.add(c.start, c.end)
    out = [c for c in out if not (c.is_missing_note and lone_spans.overlaps(c.start, c.end))]
    return out + lone
