"""Everything the CLI shows: JSON objects and rich tables, built in one place.

The library returns dataclasses; these functions decide how a person or a program sees them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from srctrack.model import Citation, Document, Work
from srctrack.normalize import citation_key

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

    from srctrack.parse.reference import ParsedReference
    from srctrack.store import WorkSummary


def citation_json(citation: Citation, key: str | None = None) -> dict[str, Any]:
    return {
        "raw": citation.raw, "start": citation.start, "end": citation.end,
        "style": str(citation.style),
        "authors": [a.to_json() for a in citation.authors],
        "title": citation.title, "outlet": citation.outlet, "date": citation.date,
        "url": citation.url, "type": citation.type,
        "key": key or citation_key(citation.authors, citation.date, citation.title,
                                   citation.outlet),
        "confidence": citation.confidence, "context": citation.context,
    }


def document_json(document: Document, citations: Sequence[Citation],
                  keys: Sequence[str] = ()) -> dict[str, Any]:
    keyed = list(keys) if len(keys) == len(citations) else [None] * len(citations)
    return {
        "path": document.path, "sha256": document.sha256, "title": document.title,
        "author": document.author, "date": document.date, "url": document.url,
        "citations": [citation_json(c, k) for c, k in zip(citations, keyed, strict=True)],
    }


def work_json(summary: WorkSummary) -> dict[str, Any]:
    work = summary.work
    return {
        "key": work.key, "type": work.type, "title": work.title,
        "authors": [a.to_json() for a in work.authors], "outlet": work.container_title,
        "date": work.issued, "url": work.url, "documents": summary.documents,
        "citations": summary.citations,
    }


def reference_json(ref: ParsedReference) -> dict[str, Any]:
    """One parsed reference string; `{}` when the line held no reference."""
    if ref.is_empty:
        return {}
    return {
        "authors": [a.to_json() for a in ref.authors],
        "editors": [e.to_json() for e in ref.editors],
        "title": ref.title, "outlet": ref.outlet, "date": ref.date, "volume": ref.volume,
        "issue": ref.issue, "pages": ref.pages, "publisher": ref.publisher,
        "place": ref.place, "url": ref.url, "doi": ref.doi, "type": ref.type,
        "accessed": ref.accessed, "confidence": dict(ref.confidence),
    }


def reference_csl(ref: ParsedReference, key: str) -> dict[str, Any]:
    """One parsed reference as a CSL-JSON item (citeproc, pandoc, Zotero); a line that
    held no reference is an item with nothing but its id and the type "document"."""
    item: dict[str, Any] = {"id": key, "type": ref.type or "document"}
    for name, value in (("title", ref.title), ("container-title", ref.container),
                        ("volume", ref.volume), ("issue", ref.issue), ("page", ref.pages),
                        ("publisher", ref.publisher), ("publisher-place", ref.place),
                        ("URL", ref.url), ("DOI", ref.doi)):
        if value:
            item[name] = value
    if ref.authors:
        item["author"] = [a.to_json() for a in ref.authors]
    if ref.editors:
        item["editor"] = [e.to_json() for e in ref.editors]
    for name, date in (("issued", ref.date), ("accessed", ref.accessed)):
        if date:
            item[name] = {"date-parts": [[int(p) for p in date.split("-")]]}
    return item


def _reference_keys(refs: Sequence[ParsedReference]) -> list[str]:
    """A citation key for every reference, unique in the list; `lineN` for a line that
    held none."""
    from srctrack.normalize import unique_keys
    from srctrack.parse.reference import reference_key

    return unique_keys([reference_key(r) if not r.is_empty else f"line{i}"
                        for i, r in enumerate(refs, 1)])


def references_bibtex(refs: Iterable[ParsedReference]) -> str:
    """BibTeX, one entry a reference in input order; a comment for a line without one."""
    from srctrack.export import bibtex
    from srctrack.parse.reference import to_work

    items = list(refs)
    chunks = []
    for i, (ref, key) in enumerate(zip(items, _reference_keys(items), strict=True), 1):
        if ref.is_empty:
            chunks.append(f"% line {i}: no reference\n")
        else:
            chunks.append(bibtex.dumps([to_work(ref, key)]))
    return "\n".join(chunks)


def references_csl(refs: Iterable[ParsedReference]) -> str:
    """A CSL-JSON array, one item a line in input order."""
    items = list(refs)
    return json.dumps([reference_csl(r, k) for r, k in zip(items, _reference_keys(items),
                                                             strict=True)],
                      ensure_ascii=False, indent=2)


def references_table(refs: Sequence[ParsedReference]) -> Table:
    from rich.table import Table

    table = Table(title=f"{len(refs)} references", title_justify="left")
    for column in ("line", "authors", "title", "outlet", "date", "type"):
        table.add_column(column, overflow="fold")
    for i, r in enumerate(refs, 1):
        table.add_row(str(i), "; ".join(a.display for a in r.authors), r.title or "",
                      r.outlet or "", r.date or "", r.type or "")
    return table


def dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False)


def _authors(work_or_citation: Work | Citation) -> str:
    return "; ".join(a.display for a in work_or_citation.authors)


def extract_table(document: Document, citations: Sequence[Citation],
                  keys: Sequence[str], action: str | None) -> Table:
    from rich.table import Table

    note = f" ({action})" if action else ""
    table = Table(title=f"{document.path}: {len(citations)} citations{note}",
                  title_justify="left", expand=False)
    for column in ("line", "authors", "title", "outlet", "date", "key"):
        table.add_column(column, overflow="fold")
    keyed = list(keys) if len(keys) == len(citations) else [""] * len(citations)
    for citation, key in zip(citations, keyed, strict=True):
        key = key or citation_key(citation.authors, citation.date, citation.title,
                                  citation.outlet)
        table.add_row(str(document.text.count("\n", 0, citation.start) + 1),
                      _authors(citation), citation.title or "", citation.outlet or "",
                      citation.date or "", key)
    return table


def works_table(summaries: Sequence[WorkSummary]) -> Table:
    from rich.table import Table

    table = Table(title=f"{len(summaries)} works", title_justify="left")
    for column in ("key", "authors", "title", "outlet", "date", "docs"):
        table.add_column(column, overflow="fold", justify="right" if column == "docs" else "left")
    for s in summaries:
        w = s.work
        table.add_row(w.key, _authors(w), w.title or "", w.container_title or "",
                      w.issued or "", str(s.documents))
    return table


def console(stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False)
