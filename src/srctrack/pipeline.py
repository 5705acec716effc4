"""Read and extract many documents, in this process or in a pool of worker processes.

Extraction is CPU-bound and independent per document, so `jobs > 1` spreads documents over
processes; results come back in input order through a bounded window of pending work, so
memory stays flat however many documents there are. Storage is not done here: the caller
stores each result in its own transaction, in one process (SQLite has one writer).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass

from srctrack.errors import SrctrackError
from srctrack.model import Citation, Document
from srctrack.read import Source

#: Documents in flight per worker: enough to keep workers busy, few enough to bound memory.
WINDOW_PER_JOB = 4


@dataclass(frozen=True, slots=True)
class Extracted:
    """One document's outcome: its citations, or the error that stopped reading it."""

    source: Source
    document: Document | None = None
    citations: tuple[Citation, ...] = ()
    error: SrctrackError | None = None


def extract_one(source: Source) -> Extracted:
    from srctrack import read
    from srctrack.extract import extract

    try:
        document = read.read(source)
    except SrctrackError as exc:
        return Extracted(source, error=exc)
    return Extracted(source, document, tuple(extract(document)))


def extract_all(sources: Iterable[Source], jobs: int = 1) -> Iterator[Extracted]:
    """Extracted results in the order of `sources`; standard input is always read here."""
    if jobs <= 1:
        for source in sources:
            yield extract_one(source)
        return
    pending: deque[Future[Extracted] | Extracted] = deque()
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for source in sources:
            if source.path == "-":
                pending.append(extract_one(source))
            else:
                pending.append(pool.submit(extract_one, source))
            while len(pending) >= jobs * WINDOW_PER_JOB:
                yield _result(pending.popleft())
        while pending:
            yield _result(pending.popleft())


def _result(item: Future[Extracted] | Extracted) -> Extracted:
    return item.result() if isinstance(item, Future) else item
