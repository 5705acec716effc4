"""Store link checks as they finish: in batches of a few statements, never all at once.

`record(results, store)` passes each result on, after it reached the database, with how long
its link has been failing; an interrupted run keeps every result it yielded.
"""

from __future__ import annotations

import time
from collections.abc import Generator, Iterable, Iterator

from srctrack.model import FAILING_STATUSES, Failing, LinkCheck
from srctrack.store import Store

BATCH = 500
SECONDS = 1.0


def record(results: Iterable[LinkCheck], store: Store | None
           ) -> Generator[tuple[LinkCheck, Failing | None], None, None]:
    """Each result with its link's failing streak, once the result is stored (when a store
    is given): results reach the database and the caller within a second and never pile up
    in memory."""
    batch: list[LinkCheck] = []
    last = time.monotonic()
    try:
        for result in results:
            batch.append(result)
            if len(batch) >= BATCH or time.monotonic() - last > SECONDS:
                yield from _flush(batch, store)
                last = time.monotonic()
        yield from _flush(batch, store)
    finally:
        # An interrupt while checking: what was checked is still kept.
        if batch and store is not None:
            store.record_checks(batch)


def _flush(batch: list[LinkCheck], store: Store | None
           ) -> Iterator[tuple[LinkCheck, Failing | None]]:
    failing: dict[str, Failing] = {}
    done = list(batch)
    batch.clear()
    if store is not None:
        store.record_checks(done)
        failing = store.failing([r.url for r in done if r.status in FAILING_STATUSES])
    for result in done:
        yield result, failing.get(result.url)
