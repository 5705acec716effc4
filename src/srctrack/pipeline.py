"""The whole extract job as one library call: discover, read, extract, store.

Extraction is CPU-bound and independent per document, so `jobs > 1` spreads reading and
extracting over worker processes; results come back in input order through a bounded window
of pending work, so memory stays flat however many documents there are. Storage stays in
this process (SQLite has one writer) and commits documents in batches (Store.batch).
The CLI iterates over what `run` yields and renders it; nothing here prints.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Generator, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass

from srctrack import read
from srctrack.errors import InputError, SrctrackError
from srctrack.model import Citation, Document
from srctrack.read import Source
from srctrack.store import SaveResult, Store

#: Documents in flight per worker: enough to keep workers busy, few enough to bound memory.
WINDOW_PER_JOB = 4


@dataclass(frozen=True, slots=True)
class Extracted:
    """One document done: what was read, what was found, and what storing it did."""

    document: Document
    citations: tuple[Citation, ...]
    saved: SaveResult | None = None

    @property
    def keys(self) -> tuple[str | None, ...]:
        return self.saved.keys if self.saved else ()


def failure(exc: BaseException, path: str) -> InputError:
    """What went wrong inside one document, as that document's error: one line naming the
    file, whatever was raised (a malformed document must never stop the run)."""
    detail = " ".join(str(exc).split())[:200]
    kind = type(exc).__name__
    if isinstance(exc, RecursionError):
        detail = "nested too deeply"
    return InputError(f"could not be read ({kind}{': ' + detail if detail else ''})",
                      path=path)


def extract_one(source: Source) -> Extracted | SrctrackError:
    """Read and extract one document; the error instead when it cannot be read, or when
    reading or extracting it fails in any way."""
    from srctrack.extract import extract

    try:
        document = read.read(source)
        return Extracted(document, tuple(extract(document)))
    except SrctrackError as exc:
        return exc
    except Exception as exc:  # one document, never the run
        return failure(exc, source.path)


def extract_all(sources: Iterable[Source | InputError],
                jobs: int = 1) -> Iterator[Extracted | SrctrackError]:
    """Extracted documents (or errors) in the order of `sources`; standard input is always
    read in this process."""
    if jobs <= 1:
        for source in sources:
            yield source if isinstance(source, InputError) else extract_one(source)
        return
    pending: deque[tuple[Future[Extracted | SrctrackError] | Extracted | SrctrackError, str]]
    pending = deque()
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for source in sources:
            if isinstance(source, InputError):
                pending.append((source, source.path or ""))
            elif source.path == read.STDIN:
                pending.append((extract_one(source), source.path))
            else:
                pending.append((pool.submit(extract_one, source), source.path))
            while len(pending) >= jobs * WINDOW_PER_JOB:
                yield _result(*pending.popleft())
        while pending:
            yield _result(*pending.popleft())


def _result(item: Future[Extracted | SrctrackError] | Extracted | SrctrackError,
            path: str = "") -> Extracted | SrctrackError:
    if not isinstance(item, Future):
        return item
    try:
        return item.result()
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # a worker that died, or a result that did not pickle
        return failure(exc, path)


def documents(paths: Iterable[str]) -> Iterator[Document | SrctrackError]:
    """Every readable document the paths name, or the error for each that is not."""
    for source in read.discover(paths):
        if isinstance(source, InputError):
            yield source
            continue
        try:
            yield read.read(source)
        except SrctrackError as exc:
            yield exc
        except Exception as exc:  # one document, never the run
            yield failure(exc, source.path)


def run(paths: Iterable[str], store: Store | None = None,
        jobs: int = 1) -> Generator[Extracted | SrctrackError, None, None]:
    """Extract every document the paths name, storing each when a store is given.

    A stored document is yielded only once its batch is committed, so whatever the caller
    shows as stored is on disk, whatever stops the run next. Closing the generator early,
    after an interrupt in the consumer, commits the documents written so far; a document is
    never stored in part.
    """
    results = extract_all(read.discover(paths), jobs)
    if store is None:
        yield from results
        return
    pending: list[Extracted | SrctrackError] = []
    with store.batch():
        commits = store.commits
        for result in results:
            if store.commits != commits:
                commits = store.commits
                yield from _release(pending)
            if isinstance(result, SrctrackError):
                pending.append(result)
                continue
            try:
                saved = store.save_document(result.document, list(result.citations))
            except SrctrackError:
                raise  # the database itself failed: that stops the run
            except Exception as exc:  # rolled back: this document only
                pending.append(failure(exc, result.document.path))
                continue
            pending.append(Extracted(result.document, result.citations, saved))
            if store.commits != commits:
                commits = store.commits
                yield from _release(pending)
    yield from _release(pending)


def _release(pending: list[Extracted | SrctrackError]
             ) -> Iterator[Extracted | SrctrackError]:
    """The results waiting for their commit, in order, the list emptied as they go."""
    while pending:
        yield pending.pop(0)
