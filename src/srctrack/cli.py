"""The `srctrack` command: parse options, call the library, render. Nothing else.

Heavy modules (rich, sqlite-utils, bibtexparser) are imported inside the commands so that
`srctrack --help` answers at once.
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, TypeVar

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
    from srctrack.render import escaped

    click.echo(f"srctrack: error: {escaped(str(error))}", err=True)


def db_option(f: F) -> F:
    return click.option(
        "--db", "db_path", type=click.Path(dir_okay=False), envvar="SRCTRACK_DB",
        default="srctrack.db", show_default=True, show_envvar=True,
        help="SQLite bibliography file.")(f)


def _write_or_echo(text: str, output: str | None) -> None:
    """Write to the file `-o` names, or to standard output."""
    if output is None:
        from srctrack.render import printable

        click.echo(printable(text), nl=False)
        return
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as exc:
        _fail(SrctrackError(exc.strerror or str(exc), path=output))
        sys.exit(ExitCode.INPUT)


@contextmanager
def open_store(path: str, readonly: bool = False) -> Iterator[Store]:
    """The bibliography, open for the command; any database error, on opening or while the
    command runs (a damaged file, a full disk, a read-only file written to), is one line on
    standard error and the storage exit code."""
    from srctrack.store import Store

    try:
        store = Store(path, readonly=readonly)
    except StoreError as exc:
        _fail(exc)
        sys.exit(exc.exit_code)
    try:
        yield store
    except sqlite3.Error as exc:
        _fail(StoreError(f"database error: {exc}", path=path))
        sys.exit(ExitCode.DATABASE)
    except StoreError as exc:
        _fail(exc)
        sys.exit(exc.exit_code)
    finally:
        with suppress(sqlite3.Error):
            store.close()


def _terminate_as_interrupt() -> Any:
    """SIGTERM (a scheduler or a container stopping srctrack) stops it the way Ctrl-C does:
    what was shown as stored is kept, the document being stored is rolled back, a message
    says so, and the exit code is 130."""
    import signal
    import threading

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    if threading.current_thread() is threading.main_thread():
        return signal.signal(signal.SIGTERM, interrupt)
    return None


class _Group(click.Group):
    """The command group; a database error that escapes a command is still one line and
    the storage exit code, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        import signal

        previous = _terminate_as_interrupt()
        try:
            return super().invoke(ctx)
        except sqlite3.Error as exc:
            _fail(StoreError(f"database error: {exc}"))
            sys.exit(ExitCode.DATABASE)
        finally:
            if previous is not None:
                signal.signal(signal.SIGTERM, previous)


@click.group(cls=_Group, epilog=EXIT_CODES_HELP,
             context_settings={"help_option_names": ["-h", "--help"]})
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
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Extract in this many processes (storage stays in one).")
def extract(paths: tuple[str, ...], db_path: str, as_json: bool, no_store: bool,
            text_only: bool, jobs: int) -> None:
    """Find the citations in documents and store them in the bibliography.

    PATHS are .txt, .md or .html files, folders (every such file below them), or - for
    standard input. A document that cannot be read is reported and skipped; the others
    are still stored, each whole or not at all.

    One document is shown as a table of its citations; several, as a line each and a
    total (`srctrack list` and `--json` show every citation).
    """
    from srctrack import pipeline, render

    if text_only:
        unread = 0
        for item in pipeline.documents(paths):
            if isinstance(item, SrctrackError):
                _fail(item)
                unread += 1
            else:
                click.echo(render.printable_same_length(item.text), nl=False)
        sys.exit(ExitCode.INPUT if unread else ExitCode.OK)
    out = render.console()
    # One document shows every citation; a folder or several files, a line a document.
    one_document = len(paths) == 1 and not Path(paths[0]).is_dir()
    failed = 0
    documents = citations = 0
    with open_store(db_path) if not no_store else nullcontext() as store:
        results = pipeline.run(paths, store, jobs)
        try:
            for result in results:
                if isinstance(result, SrctrackError):
                    _fail(result)
                    failed += 1
                    continue
                documents += 1
                citations += len(result.citations)
                action = result.saved.action if result.saved else None
                if as_json:
                    click.echo(render.dumps(render.document_json(
                        result.document, result.citations, result.keys)))
                elif one_document:
                    out.print(render.extract_table(
                        result.document, result.citations, result.keys, action))
                else:
                    click.echo(render.extract_line(result.document, result.citations, action))
        except StoreError as exc:
            _fail(exc)
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            results.close()  # commits the documents already shown, none in part
            click.echo("srctrack: interrupted; the documents shown were stored, the one "
                       "being stored was rolled back", err=True)
            sys.exit(ExitCode.INTERRUPTED)
    if not as_json and not one_document:
        click.echo(render.extract_total(documents, citations, failed,
                                        None if no_store else db_path))
    if failed:
        sys.exit(ExitCode.INPUT)


@cli.command(name="list")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON Lines, one object a work.")
def list_works(db_path: str, as_json: bool) -> None:
    """List the works in the bibliography with how many documents cite each."""
    from srctrack import render

    with open_store(db_path, readonly=True) as store:
        summaries = store.works()
    if as_json:
        for summary in summaries:
            click.echo(render.dumps(render.work_json(summary)))
    else:
        for line in render.works_table(summaries):
            click.echo(line)


#: The largest --limit: what SQLite's LIMIT holds (a 64-bit integer).
MAX_LIMIT = 2**63 - 1

EXPORT_FORMATS = ("bibtex", "biblatex", "csl-json", "ris", "text", "markdown", "html")


def _iso_date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    import re

    if value is not None and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
        raise click.BadParameter("use an ISO date: 2022, 2022-03 or 2022-03-14")
    return value


def _work_date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    import re

    if value is not None and not re.fullmatch(
            r"\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?|--(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])",
            value):
        raise click.BadParameter("use an ISO date: 2022, 2022-03, 2022-03-14 or --03-14")
    return value


def _work_url(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    problem = _url_problem(value) if value is not None else None
    if problem:
        raise click.BadParameter(f"{value!r}: {problem}")
    return value


def _work_type(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from srctrack.export.csljson import CSL_TYPES

    if value is not None and value not in CSL_TYPES:
        raise click.BadParameter(f"{value!r} is not a CSL type; use one of "
                                 f"{', '.join(sorted(CSL_TYPES))}")
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
    with open_store(db_path, readonly=True) as store:
        from srctrack.store import stored_path as stored

        stored_path = stored(document) if document else None
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
    _write_or_echo(text, output)


@cli.command()
@click.argument("paths", nargs=-1)
@db_option
@click.option("--fail-on", metavar="RULES",
              help="Comma-separated rule names or severities (error, warning, info); exit 1 "
                   "when any finding matches.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "markdown", "html"]),
              default="table", show_default=True,
              help="How to show the findings: table lists them by document, a line each "
                   "(line: severity rule message, the citation beneath), then the counts.")
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
    with open_store(db_path, readonly=True) as store:
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
        _write_or_echo("".join(line + "\n" for line in render.findings_text(report, False)),
                       output)
    else:
        for line in render.findings_text(report):
            click.echo(line)  # click drops the colours when the output is not a terminal
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
@click.option("--limit", type=click.IntRange(min=1, max=MAX_LIMIT), default=1000,
              show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON Lines.")
def sources(db_path: str, outlet: str | None, author: str | None, since: str | None,
            document: str | None, sort: str, by: str | None, limit: int, as_json: bool) -> None:
    """The sources the bibliography relies on: how many documents cite each, and when they
    were first and last cited."""
    from srctrack import render
    from srctrack.store import SourceQuery

    query = SourceQuery(outlet=outlet, author=author, since=since, document=document,
                        sort=sort, limit=limit)
    with open_store(db_path, readonly=True) as store:
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
        for line in render.sources_table(rows, render.count(len(rows), "source")):
            click.echo(line)


@cli.command()
@click.argument("key")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def show(key: str, db_path: str, as_json: bool) -> None:
    """One work with every place it is cited (document, line, sentence)."""
    from srctrack import render

    with open_store(db_path, readonly=True) as store:
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
@click.option("--limit", type=click.IntRange(min=1, max=MAX_LIMIT), default=50,
              show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON Lines.")
def search(text: str, db_path: str, limit: int, as_json: bool) -> None:
    """Full-text search over titles, outlets and authors."""
    from srctrack import render

    with open_store(db_path, readonly=True) as store:
        rows = store.search(text, limit)
    if as_json:
        for r in rows:
            click.echo(render.dumps(render.source_json(r)))
    else:
        for line in render.sources_table(rows, f"{render.count(len(rows), 'match', 'matches')} for "
                                                f"{text!r}"):
            click.echo(line)


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
@click.option("--date", "issued", callback=_work_date,
              help="Its date, ISO 8601 at any precision.")
@click.option("--url", callback=_work_url, help="Its URL.")
@click.option("--type", "work_type", callback=_work_type,
              help="Its CSL type (article-newspaper, report, ...).")
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
                try:
                    found = read(path)
                except SrctrackError:
                    raise
                except Exception as exc:  # a malformed file is its own error, not the run's
                    from srctrack.pipeline import failure

                    raise failure(exc, path) from exc
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
#: `srctrack check` defaults; kept equal to `CheckOptions`' (a test says so) and written out
#: here so that `srctrack --help` need not import the checker.
CHECK_DEFAULTS = {"concurrency": 32, "per_host": 2, "min_gap": 0.5, "timeout": 15.0,
                  "retries": 2, "processes": 1}
LINK_STATUSES = ("alive", "redirected", "soft-404", "dead", "blocked", "server-error",
                 "timeout", "dns-failure", "tls-error", "refused")
AGE_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


def _age(ctx: click.Context, param: click.Parameter, value: str | None) -> Any:
    """`--stale 7d` -> timedelta(days=7); s, m, h, d, w units."""
    if value is None:
        return None
    from datetime import timedelta

    text = value.strip().lower()
    unit = text[-1:] if text[-1:] in AGE_UNITS else "d"
    number = text[:-1] if text[-1:] in AGE_UNITS else text
    try:
        amount = float(number)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not an age like 30m, 12h, 7d or 2w") from None
    if amount < 0:
        raise click.BadParameter("an age cannot be negative")
    return timedelta(seconds=amount * AGE_UNITS[unit])


def _header_value(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from srctrack.check.options import header_value_problem

    problem = header_value_problem(value) if value is not None else None
    if problem:
        raise click.BadParameter(problem)
    return value


def _statuses(ctx: click.Context, param: click.Parameter, value: str | None) -> set[str]:
    if not value:
        return set()
    found = {v.strip() for v in value.split(",") if v.strip()}
    unknown = found - set(LINK_STATUSES)
    if unknown:
        raise click.BadParameter(f"unknown status {', '.join(sorted(unknown))}; "
                                 f"choose from {', '.join(LINK_STATUSES)}")
    return found


@cli.command()
@click.argument("urls", nargs=-1)
@db_option
@click.option("--stale", metavar="AGE", callback=_age,
              help="Only links not checked within AGE (30m, 12h, 7d, 2w). Default: all.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON Lines, one object a URL.")
@click.option("--concurrency", type=click.IntRange(1, 1024),
              default=CHECK_DEFAULTS["concurrency"], show_default=True,
              help="URLs checked at once, over all hosts.")
@click.option("--per-host", type=click.IntRange(1, 256), default=CHECK_DEFAULTS["per_host"],
              show_default=True, help="Requests in flight to one host at once.")
@click.option("--min-gap", type=click.FloatRange(0, 600), default=CHECK_DEFAULTS["min_gap"],
              show_default=True, help="Seconds between two requests to one host.")
@click.option("--timeout", type=click.FloatRange(0.1, 600), default=CHECK_DEFAULTS["timeout"],
              show_default=True,
              help="Seconds to wait to connect, and for the answer; one request never "
                   "takes more than twice this.")
@click.option("--retries", type=click.IntRange(0, 20), default=CHECK_DEFAULTS["retries"],
              show_default=True, help="Extra attempts after a 5xx, 429, reset or timeout.")
@click.option("--processes", type=click.IntRange(1, 64), default=CHECK_DEFAULTS["processes"],
              show_default=True,
              help="Worker processes sharing the work; more help only when a run against "
                   "one's own servers is bound by CPU.")
@click.option("--user-agent", envvar="SRCTRACK_USER_AGENT", show_envvar=True,
              callback=_header_value,
              help="User-Agent to send (default: srctrack's own, with a contact URL).")
@click.option("--allow-private", is_flag=True, envvar="SRCTRACK_ALLOW_PRIVATE",
              show_envvar=True,
              help="Also fetch hosts that resolve to this machine or a private network (an "
                   "intranet checked on purpose; `[check] allow-private = true` in "
                   "srctrack.toml says the same). Without it they are refused, on every "
                   "redirect hop too, with the status refused.")
@click.option("--archive", is_flag=True,
              help="Look up an archived copy of dead and soft-404 links.")
@click.option("--archive-url", envvar="SRCTRACK_ARCHIVE_URL", show_envvar=True,
              default="https://web.archive.org", show_default=True,
              help="Base URL of the Wayback Machine (or a compatible archive).")
@click.option("--history", "history_url", metavar="URL",
              help="Show every check of URL recorded in the database, and stop.")
@click.option("--no-store", is_flag=True, help="Check the URLs given; record nothing.")
@click.option("--fail-on", metavar="STATUS[,STATUS]", callback=_statuses,
              help="Exit with 1 if any link has one of these statuses (e.g. dead,soft-404).")
def check(urls: tuple[str, ...], db_path: str, stale: Any, as_json: bool, concurrency: int,
          per_host: int, min_gap: float, timeout: float, retries: int, processes: int,
          user_agent: str | None, allow_private: bool,
          archive: bool, archive_url: str, history_url: str | None, no_store: bool,
          fail_on: set[str]) -> None:
    """Check that cited links still work, and record every check.

    With no URL, checks every link in the bibliography (or only those not checked within
    --stale); with URLs, checks those. Statuses: alive, redirected, soft-404 (answers, but
    with an error or placeholder page), dead, blocked (refuses robots; never counted dead),
    server-error, timeout, dns-failure, tls-error, refused (not fetched: the host is this
    machine or a private network; see --allow-private). A link is dead for good only after failing
    on separate days; until then it is "failing since" its first failure.
    """
    from srctrack import render

    if history_url:
        problem = _url_problem(history_url)
        if problem:
            raise click.BadParameter(f"{history_url!r}: {problem}", param_hint="--history")
        with open_store(db_path, readonly=True) as store:
            history = store.link_history(history_url)
            failing = store.failing_since(history_url)
        if as_json:
            for item in history:
                click.echo(render.dumps(render.link_check_json(item)))
        else:
            render.console().print(render.history_table(history_url, history, failing))
        return
    for url in urls:
        problem = _url_problem(url)
        if problem:
            raise click.BadParameter(f"{url!r}: {problem}", param_hint="URL")
    if no_store and not urls:
        raise click.UsageError("--no-store needs URLs to check")
    _run_check(urls, db_path, stale, as_json, archive, archive_url, no_store, fail_on,
               dict(concurrency=concurrency, per_host=per_host, min_gap=min_gap,
                    timeout=timeout, retries=retries, processes=processes,
                    user_agent=user_agent, allow_private=allow_private))


def _config_allows_private() -> bool:
    """`[check] allow-private = true` in ./srctrack.toml: an intranet checked on purpose."""
    import tomllib

    from srctrack.audit import CONFIG_FILES

    for name in CONFIG_FILES:
        path = Path(name)
        if path.is_file():
            try:
                data = tomllib.loads(path.read_text(encoding="utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as exc:
                _fail(SrctrackError(f"not a valid TOML file: {exc}", path=name))
                sys.exit(ExitCode.USAGE)
            value = data.get("check", {}).get("allow-private", False)
            if not isinstance(value, bool):
                _fail(SrctrackError("[check] allow-private must be true or false", path=name))
                sys.exit(ExitCode.USAGE)
            return value
    return False


def _url_problem(url: str) -> str | None:
    """Why `url` cannot be checked (not http or https, no host, a port that is not a number,
    a bracket that does not close), or None."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError as exc:
        return f"not a URL ({exc})"
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return "only http and https URLs are checked"
    return None


def _run_check(urls: tuple[str, ...], db_path: str, stale: Any, as_json: bool, archive: bool,
               archive_url: str, no_store: bool, fail_on: set[str],
               settings: dict[str, Any]) -> None:
    import time
    from collections import Counter
    from contextlib import nullcontext

    from srctrack import render
    from srctrack.check import ArchiveOptions, CheckOptions, check_links, make_session
    from srctrack.check.recording import record
    from srctrack.model import LinkStatus, LinkTarget

    if settings["user_agent"] is None:
        del settings["user_agent"]
    if not settings["allow_private"]:
        settings["allow_private"] = _config_allows_private()
    options = CheckOptions(**settings)
    store_cm: Any = nullcontext(None) if no_store else open_store(db_path)
    counts: Counter[LinkStatus] = Counter()
    problems: list[Any] = []
    more = 0
    show_limit = 200
    stderr = render.console(stderr=True)
    started = time.monotonic()
    with store_cm as store:
        if urls:
            targets: Any = [LinkTarget(u, store.cited_date(u) if store else None) for u in urls]
            total = len(urls)
        else:
            store.sync_links()
            total = store.count_links_to_check(stale)
            targets = store.links_to_check(stale)
        progress = (render.check_progress(stderr)
                    if not as_json and stderr.is_terminal and total else None)
        task = progress.add_task("check", total=total, note="") if progress else None
        results = check_links(
            targets, session=make_session(options), options=options,
            archive=ArchiveOptions(archive_url, min(options.timeout, 10.0)) if archive else None)
        recorded = record(results, store)
        try:
            if progress:
                progress.start()
            for result, failing in recorded:
                counts[result.status] += 1
                if as_json:
                    click.echo(render.dumps(render.link_check_json(result, failing)))
                elif result.status != LinkStatus.ALIVE:
                    if len(problems) < show_limit:
                        problems.append((result, failing))
                    else:
                        more += 1
                if progress and task is not None:
                    bad = sum(n for s, n in counts.items() if s != LinkStatus.ALIVE)
                    progress.update(task, advance=1, note=f"{bad} need attention")
        except StoreError as exc:
            _fail(exc)
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            if progress:
                progress.stop()
            recorded.close()  # stores what was checked and not yet recorded
            kept = "recorded" if store is not None else "checked"
            click.echo(f"srctrack: interrupted; the links checked so far were {kept}",
                       err=True)
            sys.exit(ExitCode.INTERRUPTED)
        finally:
            results.close()
            if progress:
                progress.stop()
    if not as_json:
        out = render.console()
        out.print(render.check_summary_table(counts, time.monotonic() - started))
        if problems:
            out.print(render.check_problems_table(problems, more))
    if fail_on and any(str(s) in fail_on for s in counts):
        sys.exit(ExitCode.FINDINGS)

#: The longest line `parse` reads as a reference; a longer one (a reference is a few hundred
#: characters) gives an empty record, and is read past without being held.
MAX_REFERENCE_LINE = 64 * 1024


def _bounded_lines(stream: BinaryIO) -> Iterator[str]:
    while raw := stream.readline(MAX_REFERENCE_LINE):
        if len(raw) == MAX_REFERENCE_LINE and not raw.endswith(b"\n"):
            while (rest := stream.readline(MAX_REFERENCE_LINE)) and not rest.endswith(b"\n"):
                pass
            yield ""
            continue
        yield raw.decode("utf-8", errors="replace").rstrip("\r\n")


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
    lines = _bounded_lines(stream)
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
