"""Link liveness: concurrent, polite per host, classified, streamed.

`check_links(targets, session=...)` yields one `LinkCheck` per URL as each finishes, so a
caller can store results as they come and memory stays flat for 100,000 URLs. The session is
injected (a `requests.Session` or anything with its `request` method); `make_session` builds
the default one.
"""

from __future__ import annotations

import dataclasses
import queue
from collections import Counter, deque
from collections.abc import Generator, Iterable
from concurrent.futures import ThreadPoolExecutor
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
           "check_links", "make_session", "requests_session", "urllib3_session"]

#: URLs read ahead of the ones running, to find other hosts to work on while one host's
#: politeness limit is reached. Bounded so 100,000 URLs never sit in memory at once.
LOOKAHEAD = 5000
ARCHIVED_STATUSES = frozenset({LinkStatus.DEAD, LinkStatus.SOFT_404})


@dataclass(frozen=True, slots=True)
class ArchiveOptions:
    base: str = wayback.DEFAULT_ARCHIVE
    timeout: float = 10.0


def make_session(options: CheckOptions) -> Any:
    """The session a run uses unless one is injected: libcurl when the `fast` extra
    (pycurl) is installed; otherwise a lean urllib3 session, or a `requests.Session` when
    the environment configures a proxy (requests knows HTTP_PROXY and NO_PROXY).
    Cookies are kept per redirect chain by the checker, never shared between checks."""
    import urllib.request

    try:
        from srctrack.check.curl import CurlSession

        return CurlSession(body_limit=options.max_body)  # libcurl honours proxy settings
    except ImportError:
        pass
    hosts = min(1000, options.concurrency * 4)
    if not urllib.request.getproxies():
        from srctrack.check.transport import Urllib3Session

        return Urllib3Session(pool_size=options.per_host + 2, hosts=hosts)
    return requests_session(options)


def urllib3_session(options: CheckOptions) -> Any:
    """The lean urllib3 session (what `make_session` gives without pycurl or a proxy)."""
    from srctrack.check.transport import Urllib3Session

    return Urllib3Session(pool_size=options.per_host + 2,
                          hosts=min(1000, options.concurrency * 4))


def requests_session(options: CheckOptions) -> Any:
    """A `requests.Session` set up for checking: sized pools, no retries, no shared cookies."""
    import http.cookiejar

    import requests
    from requests.adapters import HTTPAdapter

    class RefuseAll(http.cookiejar.DefaultCookiePolicy):
        def set_ok(self, cookie: http.cookiejar.Cookie, request: Any) -> bool:
            return False

    session = requests.Session()
    session.cookies.set_policy(RefuseAll())
    adapter = HTTPAdapter(pool_connections=min(1000, options.concurrency * 4),
                          pool_maxsize=options.per_host + 2, max_retries=0)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def _host(url: str) -> str:
    try:
        return urlsplit(url).netloc.lower()
    except ValueError:
        return ""


#: What a target source yields when it has nothing ready yet but is not finished (a worker
#: process waiting for its parent): the scheduler goes on collecting results meanwhile.
NOT_YET = LinkTarget("")


def check_links(targets: Iterable[str | LinkTarget], *, session: Session | None = None,
                options: CheckOptions | None = None,
                archive: ArchiveOptions | None = None) -> Generator[LinkCheck, None, None]:
    """Check every target; yield each result as soon as it is known (completion order).

    At most `options.concurrency` URLs are checked at once, at most `options.per_host` of them
    on one host; URLs of a busy host wait in a bounded look-ahead while other hosts proceed.
    With `options.processes` > 1 the work is shared by worker processes (see parallel.py),
    each making its own session with `make_session`; `session` is then not used.
    """
    if options is not None and options.processes > 1:
        from srctrack.check.parallel import check_links_parallel

        yield from check_links_parallel(targets, options=options, archive=archive)
        return
    options = options or CheckOptions()
    session = session if session is not None else make_session(options)
    politeness = Politeness(options.per_host, options.min_gap)
    checker = Checker(session, options, politeness, SiblingCache())
    archiver = None if archive is None else wayback.Archive(
        session, archive.base, archive.timeout, options.user_agent, politeness)
    pool = ThreadPoolExecutor(max_workers=options.concurrency,
                              thread_name_prefix="srctrack-check")
    # Finished checks come back through one queue: O(1) a result, where waiting on the set
    # of running futures costs O(concurrency) lock round-trips per result.
    finished: queue.SimpleQueue[tuple[str, LinkCheck | BaseException]] = queue.SimpleQueue()
    running = 0
    per_host: Counter[str] = Counter()
    waiting: dict[str, deque[LinkTarget]] = {}
    ready: deque[str] = deque()  # hosts with a waiting URL and a free slot
    in_ready: set[str] = set()
    waiting_count = 0
    source = iter(targets)
    exhausted = False

    def task(target: LinkTarget, host: str) -> None:
        try:
            result = checker.check(target.url)
            if archiver is not None and result.status in ARCHIVED_STATUSES:
                found = archiver.lookup(target.url, target.date)
                result = dataclasses.replace(result, archived_url=found.url,
                                             archive=found.state)
            finished.put((host, result))
        except BaseException as exc:  # a bug, not a link's trouble: surface it in the caller
            finished.put((host, exc))

    def start(target: LinkTarget, host: str) -> None:
        nonlocal running
        per_host[host] += 1
        running += 1
        pool.submit(task, target, host)

    try:
        while True:
            while running < options.concurrency:
                if ready:
                    host = ready.popleft()
                    in_ready.discard(host)
                    waiting_here = waiting[host]
                    target = waiting_here.popleft()
                    waiting_count -= 1
                    if not waiting_here:
                        del waiting[host]
                    start(target, host)
                    continue
                if exhausted or waiting_count >= LOOKAHEAD:
                    break
                item = next(source, None)
                if item is None:
                    exhausted = True
                    break
                if item is NOT_YET:
                    break
                target = item if isinstance(item, LinkTarget) else LinkTarget(item)
                host = _host(target.url)
                if per_host[host] >= options.per_host:
                    waiting.setdefault(host, deque()).append(target)
                    waiting_count += 1
                else:
                    start(target, host)
            if not running:
                if exhausted:
                    return
                continue
            host, outcome = finished.get()
            running -= 1
            per_host[host] -= 1
            if per_host[host] == 0:
                del per_host[host]
            if host in waiting and host not in in_ready:
                ready.append(host)
                in_ready.add(host)
            if isinstance(outcome, BaseException):
                raise outcome
            yield outcome
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
