"""Link checking shared by worker processes, for runs bound by CPU rather than politeness.

Python threads share one core; parsing HTTP for a thousand URLs a second needs more. Each
worker process runs the ordinary threaded checker on its share of the URLs and sends results
back as they come. Politeness survives the split:
- normally a host belongs to one worker (chosen by a hash of its name), so that worker's
  per-host limit and minimum gap are the host's;
- only when there is no minimum gap and the per-host limit is at least two per worker are one
  host's URLs dealt round-robin, each worker taking `per_host // processes` of the limit, so
  the sum never exceeds it.
Targets are read on the caller's thread (a database cursor may be bound to it) and fed to the
workers in a bounded window, so memory stays flat.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import queue
import signal
import threading
import zlib
from collections.abc import Generator, Iterable, Iterator
from typing import Any
from urllib.parse import urlsplit

from srctrack.check.options import CheckOptions
from srctrack.model import LinkCheck, LinkTarget

_END = "end"


def _worker(inbox: Any, outbox: Any, options: CheckOptions, archive: Any) -> None:
    from srctrack.check import NOT_YET, check_links, make_session

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops us

    outstanding = 0  # targets handed to the checker whose results have not come back

    def source() -> Iterator[LinkTarget]:
        nonlocal outstanding
        while True:
            try:
                # While checks run, never wait for input: the checker has results to hand
                # back. With none running, wait (briefly, to notice the end).
                item = inbox.get(timeout=0.2) if outstanding == 0 else inbox.get_nowait()
            except queue.Empty:
                yield NOT_YET
                continue
            if item == _END:
                return
            outstanding += 1
            yield item

    try:
        for result in check_links(source(), session=make_session(options), options=options,
                                  archive=archive):
            outstanding -= 1
            outbox.put(result)
    except BaseException as exc:
        outbox.put(f"{type(exc).__name__}: {exc}")


def shard_by_url(options: CheckOptions) -> bool:
    return options.min_gap == 0 and options.per_host >= 2 * options.processes


def check_links_parallel(targets: Iterable[str | LinkTarget], *, options: CheckOptions,
                         archive: Any = None) -> Generator[LinkCheck, None, None]:
    workers = options.processes
    by_url = shard_by_url(options)
    share = dataclasses.replace(
        options, processes=1, concurrency=max(1, options.concurrency // workers),
        per_host=options.per_host // workers if by_url else options.per_host)
    # fork starts a worker in milliseconds, but copies any lock another thread holds at that
    # moment; with other threads running (a progress bar), spawn a fresh interpreter instead.
    single = threading.active_count() == 1
    method = "fork" if single and "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context: Any = multiprocessing.get_context(method)
    inboxes = [context.Queue() for _ in range(workers)]
    outbox = context.Queue()
    procs = [context.Process(target=_worker, args=(inboxes[i], outbox, share, archive),
                             daemon=True, name=f"srctrack-check-{i}") for i in range(workers)]
    for proc in procs:
        proc.start()
    window = options.concurrency * 4
    in_flight = 0
    sent = 0
    source = iter(targets)
    exhausted = False
    try:
        while True:
            while not exhausted and in_flight < window:
                item = next(source, None)
                if item is None:
                    exhausted = True
                    break
                target = item if isinstance(item, LinkTarget) else LinkTarget(item)
                if by_url:
                    shard = sent % workers
                else:
                    shard = zlib.crc32(urlsplit(target.url).netloc.lower().encode()) % workers
                inboxes[shard].put(target)
                sent += 1
                in_flight += 1
            if in_flight == 0:
                return
            result = outbox.get()
            if isinstance(result, str):
                raise RuntimeError(f"a link-checking worker failed: {result}")
            in_flight -= 1
            yield result
    finally:
        for inbox in inboxes:
            inbox.put(_END)
        for proc in procs:
            proc.join(timeout=2)
            if proc.is_alive():
                proc.terminate()
        for q in [*inboxes, outbox]:
            q.cancel_join_thread()
            q.close()
