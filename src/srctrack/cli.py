"""The `srctrack` command: parse options, call the library, render. Nothing else.

Heavy modules (rich, sqlite-utils, bibtexparser) are imported inside the commands so that
`srctrack --help` answers at once.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

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


#: `srctrack check` defaults; kept equal to `CheckOptions`' (a test says so) and written out
#: here so that `srctrack --help` need not import the checker.
CHECK_DEFAULTS = {"concurrency": 32, "per_host": 2, "min_gap": 0.5, "timeout": 15.0,
                  "retries": 2, "processes": 1}
LINK_STATUSES = ("alive", "redirected", "soft-404", "dead", "blocked", "server-error",
                 "timeout", "dns-failure", "tls-error")
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
              help="User-Agent to send (default: srctrack's own, with a contact URL).")
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
          user_agent: str | None,
          archive: bool, archive_url: str, history_url: str | None, no_store: bool,
          fail_on: set[str]) -> None:
    """Check that cited links still work, and record every check.

    With no URL, checks every link in the bibliography (or only those not checked within
    --stale); with URLs, checks those. Statuses: alive, redirected, soft-404 (answers, but
    with an error or placeholder page), dead, blocked (refuses robots; never counted dead),
    server-error, timeout, dns-failure, tls-error. A link is dead for good only after failing
    on separate days; until then it is "failing since" its first failure.
    """
    from urllib.parse import urlsplit

    from srctrack import render

    if history_url:
        with open_store(db_path) as store:
            history = store.link_history(history_url)
            failing = store.failing_since(history_url)
        if as_json:
            for item in history:
                click.echo(render.dumps(render.link_check_json(item)))
        else:
            render.console().print(render.history_table(history_url, history, failing))
        return
    for url in urls:
        if urlsplit(url).scheme.lower() not in ("http", "https") or not urlsplit(url).netloc:
            raise click.BadParameter(f"{url!r}: only http and https URLs are checked",
                                     param_hint="URL")
    if no_store and not urls:
        raise click.UsageError("--no-store needs URLs to check")
    _run_check(urls, db_path, stale, as_json, archive, archive_url, no_store, fail_on,
               dict(concurrency=concurrency, per_host=per_host, min_gap=min_gap,
                    timeout=timeout, retries=retries, processes=processes,
                    user_agent=user_agent))


def _run_check(urls: tuple[str, ...], db_path: str, stale: Any, as_json: bool, archive: bool,
               archive_url: str, no_store: bool, fail_on: set[str],
               settings: dict[str, Any]) -> None:
    import time
    from collections import Counter
    from contextlib import nullcontext

    from srctrack import render
    from srctrack.check import ArchiveOptions, CheckOptions, check_links, make_session
    from srctrack.model import FAILING_STATUSES, LinkStatus, LinkTarget

    if settings["user_agent"] is None:
        del settings["user_agent"]
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
        batch: list[Any] = []
        last_flush = time.monotonic()

        def flush() -> None:
            """Record a batch, then show it: results reach the database and the screen within
            a second, in a few statements a batch, and never pile up in memory."""
            nonlocal more
            failing: dict[str, Any] = {}
            if store is not None:
                try:
                    store.record_checks(batch)
                    failing = store.failing([r.url for r in batch
                                             if r.status in FAILING_STATUSES])
                except StoreError as exc:
                    _fail(exc)
                    sys.exit(exc.exit_code)
            for result in batch:
                if as_json:
                    click.echo(render.dumps(render.link_check_json(
                        result, failing.get(result.url))))
                elif result.status != LinkStatus.ALIVE:
                    if len(problems) < show_limit:
                        problems.append((result, failing.get(result.url)))
                    else:
                        more += 1
            batch.clear()

        try:
            if progress:
                progress.start()
            for result in results:
                counts[result.status] += 1
                batch.append(result)
                if len(batch) >= 500 or time.monotonic() - last_flush > 1.0:
                    flush()
                    last_flush = time.monotonic()
                if progress and task is not None:
                    bad = sum(n for s, n in counts.items() if s != LinkStatus.ALIVE)
                    progress.update(task, advance=1, note=f"{bad} need attention")
            flush()
        except KeyboardInterrupt:
            if progress:
                progress.stop()
            flush()
            done = sum(counts.values())
            kept = "recorded" if store is not None else "checked"
            click.echo(f"srctrack: interrupted; {done} links were {kept}", err=True)
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
