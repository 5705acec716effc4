"""The `srctrack` command: parse options, call the library, render. Nothing else.

Heavy modules (rich, sqlite-utils, bibtexparser) are imported inside the commands so that
`srctrack --help` answers at once.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from srctrack import __version__
from srctrack.errors import EXIT_CODE_MEANINGS, ExitCode, SrctrackError, StoreError

if TYPE_CHECKING:
    from srctrack.model import Work
    from srctrack.store import Store

F = TypeVar("F", bound=Callable[..., Any])

EXIT_CODES_HELP = "\b\nExit codes:\n" + "\n".join(
    f"  {int(code):<3} {meaning}" for code, meaning in EXIT_CODE_MEANINGS.items())


def _fail(error: SrctrackError) -> None:
    click.echo(f"srctrack: error: {error}", err=True)


def db_option(f: F) -> F:
    return click.option(
        "--db", "db_path", type=click.Path(dir_okay=False), envvar="SRCTRACK_DB",
        default="srctrack.db", show_default=True, show_envvar=True,
        help="SQLite bibliography file.")(f)


@contextmanager
def open_store(path: str) -> Iterator[Store]:
    from srctrack.store import Store

    try:
        store = Store(path)
    except StoreError as exc:
        _fail(exc)
        sys.exit(exc.exit_code)
    try:
        yield store
    finally:
        store.close()


@click.group(epilog=EXIT_CODES_HELP, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="srctrack")
def cli() -> None:
    """Find, store, check and export the sources that articles cite."""


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON Lines, one object a document.")
@click.option("--no-store", is_flag=True, help="Extract only; touch no database.")
@click.option("--text", "text_only", is_flag=True,
              help="Print the text srctrack reads from each document (the text that citation "
                   "offsets index) and nothing else.")
def extract(paths: tuple[str, ...], db_path: str, as_json: bool, no_store: bool,
            text_only: bool) -> None:
    """Find the citations in documents and store them in the bibliography.

    PATHS are .txt, .md or .html files, folders (every such file below them), or - for
    standard input. A document that cannot be read is reported and skipped; the others
    are still stored, each whole or not at all.
    """
    from srctrack import pipeline, render

    if text_only:
        failed = False
        for item in pipeline.documents(paths):
            if isinstance(item, SrctrackError):
                _fail(item)
                failed = True
            else:
                click.echo(item.text, nl=False)
        sys.exit(ExitCode.INPUT if failed else ExitCode.OK)
    out = render.console()
    failed = False
    with open_store(db_path) if not no_store else nullcontext() as store:
        results = pipeline.run(paths, store)
        try:
            for result in results:
                if isinstance(result, SrctrackError):
                    _fail(result)
                    failed = True
                elif as_json:
                    click.echo(render.dumps(render.document_json(
                        result.document, result.citations, result.keys)))
                else:
                    out.print(render.extract_table(
                        result.document, result.citations, result.keys,
                        result.saved.action if result.saved else None))
        except StoreError as exc:
            _fail(exc)
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            results.close()  # commits the documents already shown, none in part
            click.echo("srctrack: interrupted; the documents shown were stored, the one "
                       "being stored was rolled back", err=True)
            sys.exit(ExitCode.INTERRUPTED)
    if failed:
        sys.exit(ExitCode.INPUT)


@cli.command(name="list")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON Lines, one object a work.")
def list_works(db_path: str, as_json: bool) -> None:
    """List the works in the bibliography with how many documents cite each."""
    from srctrack import render

    with open_store(db_path) as store:
        summaries = store.works()
    if as_json:
        for summary in summaries:
            click.echo(render.dumps(render.work_json(summary)))
    else:
        render.console().print(render.works_table(summaries))


EXPORT_FORMATS = ("bibtex", "biblatex", "csl-json", "ris", "text", "markdown", "html")


def _iso_date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    import re

    if value is not None and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
        raise click.BadParameter("use an ISO date: 2022, 2022-03 or 2022-03-14")
    return value


@cli.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="bibtex",
              show_default=True,
              help="bibtex (classic, for .bst styles), biblatex (for biber), csl-json, ris, "
                   "or a formatted reference list: text, markdown, html.")
@click.option("--style", help="CSL style for text, markdown and html: a name from the CSL "
                              "repository (apa, chicago-author-date, chicago-notes-bibliography, "
                              "modern-language-association, harvard-cite-them-right, ieee, ...) "
                              "or a .csl file.  [default: apa]")
@click.option("--document", type=click.Path(dir_okay=False),
              help="Only the works this stored document cites.")
@click.option("--outlet", help="Only the works published in this outlet.")
@click.option("--since", callback=_iso_date, metavar="DATE",
              help="Only the works issued on or after this ISO date (undated ones are left out).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="Write to this file instead of standard output.")
def export(db_path: str, fmt: str, style: str | None, document: str | None,
           outlet: str | None, since: str | None, output: str | None) -> None:
    """Write the bibliography, or a filtered part of it, out for other tools."""
    from srctrack.export import exporter

    try:
        write = exporter(fmt, style)
    except SrctrackError as exc:
        _fail(exc)
        sys.exit(exc.exit_code)
    with open_store(db_path) as store:
        stored_path = str(Path(document).resolve()) if document else None
        if stored_path is not None and not store.has_document(stored_path):
            _fail(SrctrackError("no such document in the bibliography (extract it first)",
                                path=document))
            sys.exit(ExitCode.INPUT)
        works = [s.work for s in store.works(document=stored_path, outlet=outlet,
                                             since=since)]
    try:
        text = write(works)
    except SrctrackError as exc:
        _fail(exc)
        sys.exit(exc.exit_code)
    if output:
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as exc:
            _fail(SrctrackError(exc.strerror or str(exc), path=output))
            sys.exit(ExitCode.INPUT)
    else:
        click.echo(text, nl=False)


def _write_or_echo(text: str, output: str | None) -> None:
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as exc:
        _fail(SrctrackError(exc.strerror or str(exc), path=output))
        sys.exit(ExitCode.INPUT)


@cli.command()
@click.argument("paths", nargs=-1)
@db_option
@click.option("--fail-on", metavar="RULES",
              help="Comma-separated rule names or severities (error, warning, info); exit 1 "
                   "when any finding matches.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "markdown", "html"]),
              default="table", show_default=True, help="How to show the findings.")
@click.option("--json", "as_json", is_flag=True, help="Same as --format json (JSON Lines).")
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Write to this file instead of standard output.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              help="Config file with `[audit] disable = [...]` (default: ./srctrack.toml).")
def audit(paths: tuple[str, ...], db_path: str, fail_on: str | None, fmt: str, as_json: bool,
          output: str | None, config_path: str | None) -> None:
    """Find what to fix before publication: missing or impossible dates, missing outlets and
    titles, dead or moved links, inconsistent and duplicate sources.

    PATHS limit the audit to those documents (as extracted before); without them every
    document in the bibliography is audited.
    """
    from srctrack import audit as auditing
    from srctrack import render

    try:
        config = auditing.load_config(Path(config_path) if config_path else None)
        failing = auditing.parse_fail_on(fail_on)
    except SrctrackError as exc:
        _fail(exc)
        sys.exit(ExitCode.USAGE)
    with open_store(db_path) as store:
        report = auditing.audit(store, list(paths) or None, config)
        if fmt == "html":
            from srctrack import report as html_report

            data = html_report.gather(store, list(paths) or None)
    fmt = "json" if as_json else fmt
    if fmt == "json":
        _write_or_echo("".join(render.dumps(render.finding_json(f)) + "\n"
                               for f in report.findings), output)
    elif fmt == "markdown":
        _write_or_echo(render.findings_markdown(report), output)
    elif fmt == "html":
        _write_or_echo(html_report.html(report, data), output)
    elif output:
        from rich.console import Console

        with open(output, "w", encoding="utf-8") as handle:
            Console(file=handle, width=120).print(render.findings_table(report))
    else:
        render.console().print(render.findings_table(report))
    if auditing.fails(report.findings, failing):
        sys.exit(ExitCode.FINDINGS)


@cli.command()
@db_option
@click.option("--outlet", help="Only works from outlets whose name contains this.")
@click.option("--author", help="Only works with an author whose name contains this.")
@click.option("--since", metavar="DATE", help="Only works dated on or after this (ISO).")
@click.option("--document", type=click.Path(), help="Only works this document cites.")
@click.option("--sort", type=click.Choice(["cited", "date", "key"]), default="cited",
              show_default=True, help="Most cited first, newest first, or by key.")
@click.option("--by", type=click.Choice(["outlet", "author", "year"]),
              help="Count works, citations and documents per outlet, author or year.")
@click.option("--limit", type=click.IntRange(min=1), default=1000, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON Lines.")
def sources(db_path: str, outlet: str | None, author: str | None, since: str | None,
            document: str | None, sort: str, by: str | None, limit: int, as_json: bool) -> None:
    """The sources the bibliography relies on: how many documents cite each, and when they
    were first and last cited."""
    from srctrack import render
    from srctrack.store import SourceQuery

    query = SourceQuery(outlet=outlet, author=author, since=since, document=document,
                        sort=sort, limit=limit)
    with open_store(db_path) as store:
        if by:
            counts = store.source_counts(by, query)
        else:
            rows = store.sources(query)
    if by and as_json:
        for c in counts:
            click.echo(render.dumps(render.count_json(c, by)))
    elif by:
        render.console().print(render.counts_table(counts, by))
    elif as_json:
        for r in rows:
            click.echo(render.dumps(render.source_json(r)))
    else:
        render.console().print(render.sources_table(rows, f"{len(rows)} sources"))


@cli.command()
@click.argument("key")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def show(key: str, db_path: str, as_json: bool) -> None:
    """One work with every place it is cited (document, line, sentence)."""
    from srctrack import render

    with open_store(db_path) as store:
        work = store.work(key)
        if work is None or work.id is None:
            _fail(SrctrackError(f"no work with key {key!r}"))
            sys.exit(ExitCode.USAGE)
        cited = store.cited_at(work.id)
    if as_json:
        click.echo(render.dumps(render.work_detail_json(work, cited)))
    else:
        render.console().print(render.work_detail(work, cited))


@cli.command()
@click.argument("text")
@db_option
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON Lines.")
def search(text: str, db_path: str, limit: int, as_json: bool) -> None:
    """Full-text search over titles, outlets and authors."""
    from srctrack import render

    with open_store(db_path) as store:
        rows = store.search(text, limit)
    if as_json:
        for r in rows:
            click.echo(render.dumps(render.source_json(r)))
    else:
        render.console().print(render.sources_table(rows, f"{len(rows)} matches for {text!r}"))


@cli.command()
@click.argument("keep")
@click.argument("others", nargs=-1, required=True)
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the merged work as JSON.")
def merge(keep: str, others: tuple[str, ...], db_path: str, as_json: bool) -> None:
    """Fold works OTHERS into KEEP: one source stored twice becomes one. Re-extracting the
    documents that cite them keeps them merged."""
    _edit_and_show(db_path, as_json, lambda store: store.merge_works(keep, list(others)))


@cli.command()
@click.argument("key")
@db_option
@click.option("--title", help="The work's title.")
@click.option("--outlet", help="Where it appeared (container title).")
@click.option("--date", "issued", help="Its date, ISO 8601 at any precision.")
@click.option("--url", help="Its URL.")
@click.option("--type", "work_type", help="Its CSL type (article-newspaper, report, ...).")
@click.option("--json", "as_json", is_flag=True, help="Print the edited work as JSON.")
def edit(key: str, db_path: str, title: str | None, outlet: str | None, issued: str | None,
         url: str | None, work_type: str | None, as_json: bool) -> None:
    """Correct a work by hand; the edit survives re-extraction of the documents."""
    changes = {k: v for k, v in (("title", title), ("container_title", outlet),
                                 ("issued", issued), ("url", url), ("type", work_type))
               if v is not None}
    if not changes:
        raise click.UsageError("give at least one of --title, --outlet, --date, --url, --type")
    _edit_and_show(db_path, as_json, lambda store: store.edit_work(key, changes))


def _edit_and_show(db_path: str, as_json: bool, change: Callable[[Store], Work]) -> None:
    from srctrack import render

    with open_store(db_path) as store:
        try:
            work = change(store)
        except SrctrackError as exc:
            _fail(exc)
            sys.exit(exc.exit_code)
        cited = store.cited_at(work.id) if work.id is not None else []
    if as_json:
        click.echo(render.dumps(render.work_detail_json(work, cited)))
    else:
        render.console().print(render.work_detail(work, cited))

@cli.command(name="import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(dir_okay=False))
@db_option
@click.option("--json", "as_json", is_flag=True,
              help="Print JSON Lines: one object an entry, then one a problem.")
def import_(paths: tuple[str, ...], db_path: str, as_json: bool) -> None:
    """Merge bibliography files (.bib, CSL-JSON .json, .ris) into the bibliography.

    The same work is matched (by title and year, DOI or URL), not duplicated: its empty
    fields are filled, and a field given differently is kept as stored and the other value
    is recorded in the work and reported as a conflict. A malformed entry is reported with
    its line and the rest of the file still comes in (exit code 3).
    """
    from srctrack import render
    from srctrack.export.reading import read

    failed = False
    with open_store(db_path) as store:
        for path in paths:
            try:
                found = read(path)
                outcomes = store.import_works(found.works, path)
            except SrctrackError as exc:
                _fail(exc)
                if exc.exit_code == ExitCode.DATABASE:
                    sys.exit(exc.exit_code)
                failed = True
                continue
            for problem in found.problems:
                _fail(SrctrackError(str(problem)))
            failed = failed or bool(found.problems)
            if as_json:
                for outcome in outcomes:
                    click.echo(render.dumps(render.import_json(path, outcome)))
                for problem in found.problems:
                    click.echo(render.dumps(render.problem_json(problem)))
            else:
                render.console().print(render.import_table(path, outcomes, found.problems))
    if failed:
        sys.exit(ExitCode.INPUT)
