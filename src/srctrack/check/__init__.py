"""Link liveness: concurrent, polite per host, classified, streamed.

`check_links(targets, session=...)` yields one `LinkCheck` per URL as each finishes, so a
caller can store results as they come and memory stays flat for 100,000 URLs. The session is
injected (a `requests.Session` or anything with its `request` method); `make_session` builds
the default one.
"""

from __future__ import annotations

import dataclasses
from collections import Counter, deque
from collections.abc import Generator, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from srctrack.check import archive as wayback
from srctrack.check.fetch import Checker, Session
from srctrack.check.options import DEFAULT_USER_AGENT, CheckOptions
from srctrack.check.politeness import Politeness
from srctrack.check.soft404 import SiblingCache
from srctrack.model import LinkCheck, LinkStatus, LinkTarget

__all__ = ["DEFAULT_USER_AGENT", "ArchiveOptions", "CheckOptions", "Checker", "LinkTarget",
           "check_links", "make_session"]

#: URLs read ahead of the ones running, to find other hosts to work on while one host's
#: politeness limit is reached. Bounded so 100,000 URLs never sit in memory at once.
LOOKAHEAD = 5000
ARCHIVED_STATUSES = frozenset({LinkStatus.DEAD, LinkStatus.SOFT_404})


@dataclass(frozen=True, slots=True)
class ArchiveOptions:
    base: str = wayback.DEFAULT_ARCHIVE
    timeout: float = 10.0


def make_session(options: CheckOptions) -> Any:
    """A requests Session sized for the run: one connection pool per host, big enough for
    the per-host limit; its own cookie jar refuses everything, because cookies are kept per
    redirect chain, never shared between unrelated checks."""
    import http.cookiejar

    import requests
    from requests.adapters import HTTPAdapter

    class RefuseAll(http.cookiejar.DefaultCookiePolicy):
        def set_ok(self, cookie: http.cookiejar.Cookie, request: Any) -> bool:
            return False

    session = requests.Session()
    session.cookies.set_policy(RefuseAll())
    adapter = HTTPAdapter(pool_connections=min(1000, options.concurrency * 4),
                          pool_maxsize=max(options.per_host, 1) + 2, max_retries=0)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def _host(url: str) -> str:
    try:
        return urlsplit(url).netloc.lower()
    except ValueError:
        return ""


def check_links(targets: Iterable[str | LinkTarget], *, session: Session,
                options: CheckOptions | None = None,
                archive: ArchiveOptions | None = None) -> Generator[LinkCheck, None, None]:
    """Check every target; yield each result as soon as it is known (completion order).

    At most `options.concurrency` URLs are checked at once, at most `options.per_host` of them
    on one host; URLs of a busy host wait in a bounded look-ahead while other hosts proceed.
    """
    options = options or CheckOptions()
    checker = Checker(session, options, Politeness(options.per_host, options.min_gap),
                      SiblingCache())
    pool = ThreadPoolExecutor(max_workers=options.concurrency,
                              thread_name_prefix="srctrack-check")
    running: dict[Future[LinkCheck], str] = {}
    per_host: Counter[str] = Counter()
    waiting: dict[str, deque[LinkTarget]] = {}
    ready: deque[str] = deque()  # hosts with a waiting URL and a free slot
    waiting_count = 0
    source = iter(targets)
    exhausted = False

    def task(target: LinkTarget) -> LinkCheck:
        result = checker.check(target.url)
        if archive is not None and result.status in ARCHIVED_STATUSES:
            found = wayback.lookup(session, target.url, target.date, base=archive.base,
                                   timeout=archive.timeout, user_agent=options.user_agent)
            result = dataclasses.replace(result, archived_url=found.url, archive=found.state)
        return result

    def start(target: LinkTarget, host: str) -> None:
        per_host[host] += 1
        running[pool.submit(task, target)] = host

    try:
        while True:
            while len(running) < options.concurrency:
                if ready:
                    host = ready.popleft()
                    queue = waiting[host]
                    target = queue.popleft()
                    waiting_count -= 1
                    if not queue:
                        del waiting[host]
                    start(target, host)
                    continue
                if exhausted or waiting_count >= LOOKAHEAD:
                    break
                item = next(source, None)
                if item is None:
                    exhausted = True
                    break
                target = item if isinstance(item, LinkTarget) else LinkTarget(item)
                host = _host(target.url)
                if per_host[host] >= options.per_host:
                    waiting.setdefault(host, deque()).append(target)
                    waiting_count += 1
                else:
                    start(target, host)
            if not running:
                return
            done, _ = wait(list(running), return_when=FIRST_COMPLETED)
            for future in done:
                host = running.pop(future)
                per_host[host] -= 1
                if per_host[host] == 0:
                    del per_host[host]
                if host in waiting and host not in ready:
                    ready.append(host)
                yield future.result()
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
