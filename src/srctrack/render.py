"""Everything the CLI shows: JSON objects and rich tables, built in one place.

The library returns dataclasses; these functions decide how a person or a program sees them.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from srctrack.model import (
    DEAD_AFTER_DAYS,
    Citation,
    Document,
    Failing,
    LinkCheck,
    LinkStatus,
    Work,
)
from srctrack.normalize import citation_key

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress
    from rich.table import Table

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


def link_check_json(check: LinkCheck, failing: Failing | None = None) -> dict[str, Any]:
    """One line of `srctrack check --json`: the documented keys first, then the extras."""
    return {
        "url": check.url, "status": str(check.status), "http_status": check.http_status,
        "final_url": check.final_url,
        "redirects": [{"url": r.url, "status": r.status} for r in check.redirects],
        "error": check.error, "elapsed_ms": check.elapsed_ms, "checked_at": check.checked_at,
        "archived_url": check.archived_url,
        "reason": check.reason, "permanent": check.permanent_redirect,
        "archive": check.archive,
        "failing_since": failing.since if failing else None,
        "failing_days": failing.days if failing else 0,
        "dead_for_good": failing.dead_for_good if failing else False,
    }


STATUS_STYLE = {
    LinkStatus.ALIVE: "green", LinkStatus.REDIRECTED: "cyan", LinkStatus.SOFT_404: "magenta",
    LinkStatus.DEAD: "red", LinkStatus.BLOCKED: "yellow", LinkStatus.SERVER_ERROR: "red",
    LinkStatus.TIMEOUT: "yellow", LinkStatus.DNS_FAILURE: "red", LinkStatus.TLS_ERROR: "red",
}


def _verdict(check: LinkCheck, failing: Failing | None) -> str:
    if failing is None:
        return ""
    day = failing.since[:10]
    if failing.dead_for_good:
        return f"dead for good: failing since {day}, on {failing.days} separate days"
    return (f"failing since {day}, on {failing.days} of the {DEAD_AFTER_DAYS} separate days "
            "that make it dead")


def check_summary_table(counts: dict[LinkStatus, int], elapsed: float) -> Table:
    from rich.table import Table

    total = sum(counts.values())
    rate = f", {total / elapsed:.0f} URLs/s" if elapsed > 0 and total else ""
    table = Table(title=f"{total} links checked in {elapsed:.1f} s{rate}", title_justify="left")
    table.add_column("status")
    table.add_column("links", justify="right")
    for status in LinkStatus:
        if counts.get(status):
            table.add_row(f"[{STATUS_STYLE[status]}]{status}[/]", str(counts[status]))
    return table


def check_problems_table(problems: Sequence[tuple[LinkCheck, Failing | None]],
                         more: int = 0) -> Table:
    """The links that need a person's eye: everything but `alive`."""
    from rich.table import Table

    title = f"{len(problems) + more} links need attention"
    if more:
        title += f" (first {len(problems)} shown; --json lists all)"
    table = Table(title=title, title_justify="left")
    for column in ("status", "url", "reason", "history"):
        table.add_column(column, overflow="fold")
    for check, failing in problems:
        reason = check.reason
        if check.archived_url:
            reason += f"; archived copy: {check.archived_url}"
        elif check.archive == "unknown":
            reason += "; archive: unknown"
        table.add_row(f"[{STATUS_STYLE[check.status]}]{check.status}[/]", check.url, reason,
                      _verdict(check, failing))
    return table


def history_table(url: str, history: Sequence[LinkCheck], failing: Failing | None) -> Table:
    from rich.table import Table

    verdict = _verdict(history[-1], failing) if history else "never checked"
    table = Table(title=f"{url}: {len(history)} checks" + (f"; {verdict}" if verdict else ""),
                  title_justify="left")
    for column in ("checked at", "status", "http", "reason", "final url"):
        table.add_column(column, overflow="fold")
    for check in history:
        table.add_row(check.checked_at, f"[{STATUS_STYLE[check.status]}]{check.status}[/]",
                      str(check.http_status or ""), check.reason,
                      check.final_url if check.final_url != check.url else "")
    return table


def check_progress(stderr_console: Console) -> Progress:
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    return Progress(TextColumn("checking"), BarColumn(), MofNCompleteColumn(),
                    TextColumn("{task.fields[note]}"), TimeRemainingColumn(),
                    console=stderr_console, transient=True)


def console(stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False)
