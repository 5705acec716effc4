"""The `srctrack` command: parse options, call the library, render. Nothing else.

Heavy modules (rich, sqlite-utils, bibtexparser) are imported inside the commands so that
`srctrack --help` answers at once.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, TypeVar

import click

from srctrack import __version__
from srctrack.errors import ExitCode, SrctrackError, StoreError

if TYPE_CHECKING:
    from srctrack.store import Store

F = TypeVar("F", bound=Callable[..., Any])

EXIT_CODES_HELP = """\b
Exit codes:
  0  success
  1  findings of a rule named with --fail-on
  2  bad usage
  3  an input could not be read (the others were still processed)
  4  the database could not be opened or written
  5  a network failure stopped the command
  130 interrupted (nothing half-stored is kept)"""


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
    are still stored, each in a transaction of its own.
    """
    from srctrack import read, render
    from srctrack.extract import extract as find_citations

    out = render.console()
    failed = False
    store_cm = None if (no_store or text_only) else open_store(db_path)
    store = store_cm.__enter__() if store_cm else None
    try:
        for item in read.discover(paths):
            if isinstance(item, SrctrackError):
                _fail(item)
                failed = True
                continue
            try:
                document = read.read(item)
            except SrctrackError as exc:
                _fail(exc)
                failed = True
                continue
            if text_only:
                click.echo(document.text, nl=False)
                continue
            citations = find_citations(document)
            keys: tuple[str, ...] = ()
            action = None
            if store is not None:
                try:
                    saved = store.save_document(document, citations)
                except StoreError as exc:
                    _fail(exc)
                    sys.exit(exc.exit_code)
                keys, action = saved.keys, saved.action
            if as_json:
                click.echo(render.dumps(render.document_json(document, citations, keys)))
            else:
                out.print(render.extract_table(document, citations, keys, action))
    except KeyboardInterrupt:
        click.echo("srctrack: interrupted; the document being stored was rolled back", err=True)
        sys.exit(ExitCode.INTERRUPTED)
    finally:
        if store_cm:
            store_cm.__exit__(None, None, None)
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


@cli.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["bibtex"]), default="bibtex",
              show_default=True, help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="Write to this file instead of standard output.")
def export(db_path: str, fmt: str, output: str | None) -> None:
    """Write the bibliography out for other tools."""
    from srctrack.export import exporter

    with open_store(db_path) as store:
        works = [s.work for s in store.works()]
    text = exporter(fmt)(works)
    if output:
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as exc:
            _fail(SrctrackError(exc.strerror or str(exc), path=output))
            sys.exit(ExitCode.INPUT)
    else:
        click.echo(text, nl=False)


@cli.command()
@click.argument("source", default="-")
@click.option("--json", "fmt", flag_value="json",
              help="JSON Lines: one object a line, {} for a line that holds no reference.")
@click.option("--bibtex", "fmt", flag_value="bibtex", help="BibTeX, one entry a reference.")
@click.option("--csl-json", "fmt", flag_value="csl-json", help="A CSL-JSON array, one item a line.")
def parse(source: str, fmt: str | None) -> None:
    """Split reference strings into fields: one reference a line of SOURCE (a file, or - for
    standard input, the default), one record a line out, in the same order.

    \b
    Fields: authors, editors, title, outlet, date, volume, issue, pages,
    publisher, place, url, doi, type, and the confidence of each.
    An empty line, or one that is not a reference, gives an empty record.
    """
    from srctrack import render
    from srctrack.errors import InputError
    from srctrack.parse.reference import parse_reference

    stdin: BinaryIO = sys.stdin.buffer
    try:
        stream = stdin if source == "-" else open(source, "rb")  # noqa: SIM115
    except OSError as exc:
        _fail(InputError(exc.strerror or str(exc), path=source))
        sys.exit(ExitCode.INPUT)
    lines = (raw.decode("utf-8", errors="replace").rstrip("\r\n") for raw in stream)
    try:
        if fmt == "json":
            for line in lines:
                click.echo(render.dumps(render.reference_json(parse_reference(line))))
        elif fmt == "bibtex":
            click.echo(render.references_bibtex(parse_reference(x) for x in lines), nl=False)
        elif fmt == "csl-json":
            click.echo(render.references_csl(parse_reference(x) for x in lines))
        else:
            render.console().print(render.references_table([parse_reference(x) for x in lines]))
    except KeyboardInterrupt:
        sys.exit(ExitCode.INTERRUPTED)
    finally:
        if stream is not stdin:
            stream.close()
