"""Everything the CLI shows: JSON objects and rich tables, built in one place.

The library returns dataclasses; these functions decide how a person or a program sees them.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from srctrack.model import Citation, Creator, Document, Work
from srctrack.normalize import citation_key

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

    from srctrack.export.reading import Problem
    from srctrack.store import ImportOutcome, WorkSummary


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


def import_json(path: str, outcome: ImportOutcome) -> dict[str, Any]:
    return {
        "file": path, "key": outcome.key, "source_key": outcome.source_key,
        "action": outcome.action, "filled": list(outcome.filled),
        "conflicts": [{"field": c.field, "kept": c.kept, "offered": c.offered}
                      for c in outcome.conflicts],
    }


def problem_json(problem: Problem) -> dict[str, Any]:
    return {"file": problem.path, "line": problem.line, "problem": problem.message}


def _short(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(Creator.from_json(v).display if isinstance(v, dict) else str(v)
                         for v in value)
    return str(value)


def import_table(path: str, outcomes: Sequence[ImportOutcome],
                 problems: Sequence[Problem]) -> Table:
    from rich.table import Table

    counts = {a: sum(1 for o in outcomes if o.action == a)
              for a in ("added", "merged", "unchanged")}
    conflicts = sum(len(o.conflicts) for o in outcomes)
    title = (f"{path}: {counts['added']} added, {counts['merged']} merged, "
             f"{counts['unchanged']} unchanged, {conflicts} conflicts, "
             f"{len(problems)} malformed")
    table = Table(title=title, title_justify="left")
    for column in ("key", "action", "field", "kept", "offered"):
        table.add_column(column, overflow="fold")
    for outcome in outcomes:
        if outcome.conflicts:
            for c in outcome.conflicts:
                table.add_row(outcome.key, "conflict", c.field, _short(c.kept),
                              _short(c.offered))
        elif outcome.action != "unchanged":
            table.add_row(outcome.key, outcome.action, ", ".join(outcome.filled), "", "")
    return table


def console(stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False)
