"""Everything the CLI shows: JSON objects and rich tables, built in one place.

The library returns dataclasses; these functions decide how a person or a program sees them.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from srctrack.model import (
    DEAD_AFTER_DAYS,
    Citation,
    Creator,
    Document,
    Failing,
    LinkCheck,
    LinkStatus,
    Work,
)
from srctrack.normalize import citation_key

if TYPE_CHECKING:
    from rich.console import Console, Group
    from rich.progress import Progress
    from rich.table import Table

    from srctrack.audit import AuditReport, Finding
    from srctrack.export.reading import Problem
    from srctrack.parse.reference import ParsedReference
    from srctrack.store import CitedAt, CountRow, ImportOutcome, SourceRow, WorkSummary


#: What a terminal takes for a command rather than text: C0 controls but tab and newline
#: (ESC starts colour, cursor and OSC sequences; OSC 52 writes the clipboard), DEL, C1
#: controls (0x9b is a one-character CSI), and the bidirectional overrides that reorder
#: what is shown.
_TERMINAL_CONTROLS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
#: What JSON leaves unescaped with ensure_ascii=False but a terminal or a JavaScript
#: reader would act on.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e"
                          "\u2066-\u2069]")


def printable(text: str) -> str:
    """Text that is safe to print: every control character a terminal acts on is dropped."""
    return _TERMINAL_CONTROLS.sub("", text)


def printable_same_length(text: str) -> str:
    """`printable`, but each control character becomes U+FFFD, so offsets into the text
    still index what is printed."""
    return _TERMINAL_CONTROLS.sub("\ufffd", text)


def escaped(text: str) -> str:
    """A file name or message on one line: a line break or control character is written as
    its escape (`\\n`, `\\x1b`), so what is printed is what is there and nothing acts."""
    def escape(match: re.Match[str]) -> str:
        char = match.group(0)
        return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(
            char, f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")
    return _ESCAPED.sub(escape, text)


_ESCAPED = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029"
                      "\u202a-\u202e\u2066-\u2069]")


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group(0)):04x}"


def json_safe(text: str) -> str:
    """JSON text with the characters a terminal acts on written as `\\uXXXX` escapes: the
    same JSON value, nothing for a terminal to run."""
    return _JSON_UNSAFE.sub(_json_escape, text)


def _unstored_key(citation: Citation) -> str:
    """The key a citation's work would get: what `--no-store` shows."""
    return citation_key(citation.authors, citation.date, citation.title, citation.outlet)


def citation_json(citation: Citation, key: str | None = None) -> dict[str, Any]:
    if not citation.names_a_source:
        key = None  # it says nothing of a source, so no work holds it
    elif not key:
        key = _unstored_key(citation)
    return {
        "raw": citation.raw, "start": citation.start, "end": citation.end,
        "style": str(citation.style),
        "authors": [a.to_json() for a in citation.authors],
        "title": citation.title, "outlet": citation.outlet, "date": citation.date,
        "url": citation.url, "type": citation.type,
        "key": key,
        "confidence": citation.confidence, "context": citation.context,
    }


def document_json(document: Document, citations: Sequence[Citation],
                  keys: Sequence[str | None] = ()) -> dict[str, Any]:
    keyed = list(keys) if len(keys) == len(citations) else [None] * len(citations)
    # A marker whose note is missing names no source: it is a problem in the text, kept apart
    # so that "citations" stays a list of sources, as the contract says.
    return {
        "path": document.path, "sha256": document.sha256, "title": document.title,
        "author": document.author, "date": document.date, "url": document.url,
        "site": document.site, "encoding": document.encoding,
        "citations": [citation_json(c, k) for c, k in zip(citations, keyed, strict=True)
                      if not c.is_missing_note],
        "markers_without_note": [
            {"raw": c.raw, "start": c.start, "end": c.end, "context": c.context}
            for c in citations if c.is_missing_note],
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
        "accessed": ref.accessed, "edition": ref.edition, "et_al": ref.et_al,
        "confidence": dict(ref.confidence),
    }


def reference_csl(ref: ParsedReference, key: str) -> dict[str, Any]:
    """One parsed reference as a CSL-JSON item (citeproc, pandoc, Zotero); a line that
    held no reference is an item with nothing but its id and the type "document"."""
    item: dict[str, Any] = {"id": key, "type": ref.type or "document"}
    for name, value in (("title", ref.title), ("container-title", ref.container),
                        ("volume", ref.volume), ("issue", ref.issue), ("page", ref.pages),
                        ("publisher", ref.publisher), ("publisher-place", ref.place),
                        ("edition", ref.edition),
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
    return json_safe(json.dumps([reference_csl(r, k) for r, k in zip(
        items, _reference_keys(items), strict=True)], ensure_ascii=False, indent=2))


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
    return json_safe(json.dumps(obj, ensure_ascii=False))


def _authors(work_or_citation: Work | Citation) -> str:
    return "; ".join(a.display for a in work_or_citation.authors)


def extract_table(document: Document, citations: Sequence[Citation],
                  keys: Sequence[str | None], action: str | None) -> Table:
    from rich.table import Table

    from srctrack.extract.context import line_numbers

    table = Table(title=extract_line(document, citations, action), title_justify="left",
                  expand=True)
    table.add_column("line", justify="right", no_wrap=True)
    table.add_column("key", no_wrap=True)
    for column in ("authors", "title", "outlet"):
        table.add_column(column, overflow="fold", ratio=1)
    table.add_column("date", no_wrap=True)
    keyed = list(keys) if len(keys) == len(citations) else [""] * len(citations)
    lines = line_numbers(document.text, [c.start for c in citations])
    for citation, key, line in zip(citations, keyed, lines, strict=True):
        if citation.names_a_source:
            key = key or _unstored_key(citation)
        title = f"(no note {citation.raw})" if citation.is_missing_note else citation.title
        table.add_row(str(line), key or "",
                      _authors(citation), title or "", citation.outlet or "",
                      citation.date or "")
    return table


def extract_line(document: Document, citations: Sequence[Citation], action: str | None) -> str:
    """One line for a document of many: a table of every citation of a whole folder would
    bury the errors, and rich lays out a table at about 3 ms a row."""
    note = f" ({action})" if action else ""
    return f"{escaped(document.path)}: {count(len(citations), 'citation')}{note}"


def extract_total(documents: int, citations: int, failed: int, db_path: str | None) -> str:
    where = f", stored in {escaped(db_path)}" if db_path else ""
    failures = f"; {failed} could not be read" if failed else ""
    return f"{count(documents, 'document')}, {count(citations, 'citation')}{where}{failures}"


def count(n: int, noun: str, plural: str | None = None) -> str:
    """"1 citation", "2 citations"; "2 matches" given the plural."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


def columns(title: str, headers: Sequence[str], rows: Iterable[Sequence[str]],
            widest: Sequence[int | None]) -> Iterator[str]:
    """A title line, then rows in aligned columns, each cell cut to its column's widest
    (None: never cut). Plain text, not a rich table: `list` prints every work of the
    bibliography, and rich lays out a row in about 2 ms (158,000 works took minutes), and
    squeezes long columns to nothing when the output is not a terminal."""
    cut = [[_clip(cell, limit) for cell, limit in zip(row, widest, strict=True)]
           for row in rows]
    widths = [max([len(h), *(len(row[i]) for row in cut)]) for i, h in enumerate(headers)]
    yield escaped(title)

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    yield line(headers)
    for row in cut:
        yield line(row)


def _clip(text: str, limit: int | None) -> str:
    text = " ".join(printable(text).split())
    return text if limit is None or len(text) <= limit else text[:limit - 1] + "…"


WORK_COLUMNS = ("key", "authors", "title", "outlet", "date", "docs")
WORK_WIDEST = (None, 30, 60, 30, 10, None)


def works_table(summaries: Sequence[WorkSummary]) -> Iterator[str]:
    rows = ((s.work.key, _authors(s.work), s.work.title or "", s.work.container_title or "",
             s.work.issued or "", str(s.documents)) for s in summaries)
    return columns(count(len(summaries), "work"), WORK_COLUMNS, rows, WORK_WIDEST)


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
    LinkStatus.REFUSED: "yellow",
}


def _status(status: LinkStatus) -> Any:
    from rich.text import Text

    return Text(str(status), style=STATUS_STYLE[status])


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
            table.add_row(_status(status), str(counts[status]))
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
        table.add_row(_status(check.status), check.url, reason, _verdict(check, failing))
    return table


def history_table(url: str, history: Sequence[LinkCheck], failing: Failing | None) -> Table:
    from rich.table import Table

    verdict = _verdict(history[-1], failing) if history else "never checked"
    table = Table(title=f"{url}: {len(history)} checks" + (f"; {verdict}" if verdict else ""),
                  title_justify="left")
    for column in ("checked at", "status", "http", "reason", "final url"):
        table.add_column(column, overflow="fold")
    for check in history:
        table.add_row(check.checked_at, _status(check.status),
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
    """A rich console that prints text as text: no markup (a title holding `[link=...]` is
    a title), no emoji codes, and no control characters from the data."""
    from rich.console import Console

    class TextConsole(Console):
        def render_str(self, text: str, **options: Any) -> Any:
            return super().render_str(printable(text), **options)

    return TextConsole(stderr=stderr, highlight=False, markup=False, emoji=False)


# -- audit and source tracking ----------------------------------------------------------------

def finding_json(finding: Finding) -> dict[str, Any]:
    return {"rule": finding.rule, "severity": str(finding.severity),
            "document": finding.document, "line": finding.line,
            "citation": finding.citation, "key": finding.key, "message": finding.message}


def findings_text(report: AuditReport, colour: bool = True) -> Iterator[str]:
    """The findings as lines, grouped by document (the bibliography's own last), each as
    `line: severity rule message` with the citation beneath: the shape linters print, so it
    reads in a terminal and in a CI log alike. Plain lines rather than a rich table: an audit
    of a whole archive has tens of thousands of findings, and a table lays out about 1.5 ms
    a row (38 s for 24,784)."""
    import click

    if not report.findings:
        yield (f"No findings in {count(len(report.documents), 'document')} "
               f"({count(len(report.rules), 'rule')} run).")
        return
    colours = {"error": "red", "warning": "yellow", "info": "cyan"}
    width = max(len(f.rule) for f in report.findings)

    def paint(text: str, **style: Any) -> str:
        return click.style(text, **style) if colour else text

    by_document: dict[str | None, list[Finding]] = {}
    for finding in report.findings:
        by_document.setdefault(finding.document, []).append(finding)
    for document in sorted(by_document, key=lambda d: (d is None, d or "")):
        yield paint(escaped(document) if document else "the bibliography", bold=True)
        for f in by_document[document]:
            where = f"{f.line}:" if f.line is not None else f"{escaped(f.key or '')}:"
            severity = paint(f"{f.severity:<7}", fg=colours[str(f.severity)])
            yield f"  {where:>6} {severity} {f.rule:<{width}}  {escaped(f.message)}"
            if f.citation and f.document:
                yield paint(f"  {'':>6} {'':7} {'':<{width}}  {escaped(f.citation)}",
                            dim=True)
        yield ""
    by_severity: dict[str, int] = defaultdict(int)
    for f in report.findings:
        by_severity[str(f.severity)] += 1
    counts = ", ".join(f"{by_severity[s]} {s}" if s == "info" else count(by_severity[s], s)
                       for s in ("error", "warning", "info") if by_severity[s])
    yield (f"{count(len(report.findings), 'finding')} in "
           f"{count(len(report.documents), 'document')}: {counts}")


def findings_markdown(report: AuditReport) -> str:
    def cell(text: object) -> str:
        return markdown_text(str(text or ""))

    lines = [f"# srctrack audit: {len(report.findings)} findings in "
             f"{len(report.documents)} documents", ""]
    if not report.findings:
        lines.append("No findings.")
    else:
        lines += ["| severity | rule | document | line | citation | finding |",
                  "| --- | --- | --- | --- | --- | --- |"]
        lines += [f"| {f.severity} | {f.rule} | {cell(f.document)} | {cell(f.line)} | "
                  f"{cell(f.citation)} | {cell(f.message)} |" for f in report.findings]
    return "\n".join(lines) + "\n"


# (Not `#`: it only heads a line, and the entity of a quote, `&#x27;`, holds one.)
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()+\-.!|~>])")


def markdown_text(text: str) -> str:
    """Text for a Markdown table cell that every renderer shows as text: HTML's `& < > "`
    become entities (no tag, no attribute, no script), Markdown's punctuation is escaped
    with a backslash (no link, image or emphasis), and line breaks become spaces."""
    import html

    one_line = " ".join(printable(text).split())
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(one_line, quote=True))


def source_json(row: SourceRow) -> dict[str, Any]:
    return {"key": row.key, "authors": row.authors, "title": row.title, "outlet": row.outlet,
            "date": row.date, "url": row.url, "documents": row.documents,
            "citations": row.citations, "first_cited": row.first_cited,
            "last_cited": row.last_cited}


def sources_table(rows: Sequence[SourceRow], title: str) -> Iterator[str]:
    cells = ((r.key, r.authors, r.title or "", r.outlet or "", r.date or "", str(r.documents),
              r.first_cited or "", r.last_cited or "") for r in rows)
    return columns(title, (*WORK_COLUMNS, "first cited", "last cited"), cells,
                   (*WORK_WIDEST, None, None))


def counts_table(rows: Sequence[CountRow], by: str) -> Table:
    from rich.table import Table

    table = Table(title=f"sources by {by}", title_justify="left")
    table.add_column(by, overflow="fold")
    for column in ("works", "citations", "documents"):
        table.add_column(column, justify="right")
    for r in rows:
        table.add_row(r.value or "(none)", str(r.works), str(r.citations), str(r.documents))
    return table


def count_json(row: CountRow, by: str) -> dict[str, Any]:
    return {by: row.value, "works": row.works, "citations": row.citations,
            "documents": row.documents}


def work_detail_json(work: Work, cited: Sequence[CitedAt]) -> dict[str, Any]:
    return {"key": work.key, "type": work.type, "title": work.title,
            "authors": [a.to_json() for a in work.authors], "outlet": work.container_title,
            "date": work.issued, "url": work.url,
            "cited_at": [{"document": c.document, "line": c.line, "raw": c.raw,
                          "style": c.style, "context": c.context} for c in cited]}


def work_detail(work: Work, cited: Sequence[CitedAt]) -> Group:
    from rich.console import Group
    from rich.table import Table

    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold")
    facts.add_column()
    for label, value in (("key", work.key), ("type", work.type), ("title", work.title),
                         ("authors", _authors(work)), ("outlet", work.container_title),
                         ("date", work.issued), ("url", work.url)):
        if value:
            facts.add_row(label, value)
    places = Table(title=f"cited {len(cited)} times", title_justify="left", expand=True)
    places.add_column("document", overflow="fold", ratio=1)
    places.add_column("line", justify="right")
    places.add_column("sentence", overflow="fold", ratio=2)
    for c in cited:
        places.add_row(c.document, str(c.line), c.context)
    return Group(facts, places)
