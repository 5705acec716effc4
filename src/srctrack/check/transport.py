"""A lean session over urllib3 (the engine requests runs on) for checking links at volume.

`requests.Session.request` spends more CPU merging settings, hooks and environment lookups
than the request itself costs; a link checker sends each request one way and needs none of
that. This session answers the one call the checker makes (`request(...)` with redirects off
and streaming on) with a requests-shaped response, so a `requests.Session` can always be
injected instead (and is used when proxies are configured, so NO_PROXY keeps working).
"""

from __future__ import annotations

import heapq
import itertools
import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import suppress
from typing import Any

_current = threading.local()  # the connection the running request of this thread uses


class _Watch:
    """One request's deadline, and the connection to cut when it passes."""

    __slots__ = ("cancelled", "deadline", "fired", "holder")

    def __init__(self, deadline: float) -> None:
        self.deadline = deadline
        self.holder: Any = None  # the urllib3 connection, once the request has one
        self.fired = self.cancelled = False


class Deadlines:
    """One thread for every request: when a request passes its deadline its socket is shut
    down, which ends whatever read is waiting on it. urllib3's own timeouts bound each read,
    not the request: a server sending a header line or a byte a second holds it for ever."""

    def __init__(self) -> None:
        self._heap: list[tuple[float, int, _Watch]] = []
        self._counter = itertools.count()
        self._wake = threading.Condition()
        self._thread: threading.Thread | None = None

    def watch(self, seconds: float) -> _Watch:
        entry = _Watch(time.monotonic() + seconds)
        with self._wake:
            heapq.heappush(self._heap, (entry.deadline, next(self._counter), entry))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="srctrack-deadlines",
                                                daemon=True)
                self._thread.start()
            self._wake.notify()
        return entry

    def _run(self) -> None:
        while True:
            with self._wake:
                while not self._heap or self._heap[0][0] > time.monotonic():
                    self._wake.wait(self._heap[0][0] - time.monotonic() if self._heap
                                    else None)
                _, _, entry = heapq.heappop(self._heap)
            if entry.cancelled:
                continue
            entry.fired = True
            sock = getattr(entry.holder, "sock", None)
            if sock is not None:
                with suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)


DEADLINES = Deadlines()


def _connection_classes() -> tuple[Any, Any]:
    """urllib3's pools, with connections that tell the running request which they are."""
    from urllib3.connection import HTTPConnection, HTTPSConnection
    from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

    class Noting:
        """What both connection classes add: connect to the address that was checked (TLS
        still checks the certificate against the host name), and tell the running request
        which connection carries it."""

        host: str
        port: int

        def connect(self) -> None:
            pin = getattr(_current, "pin", None)
            if pin is not None and pin[0] == self.host and pin[1] == self.port:
                self._dns_host = pin[2]
            super().connect()  # type: ignore[misc]

        def request(self, *args: Any, **kwargs: Any) -> Any:
            watch = getattr(_current, "watch", None)
            if watch is not None:
                watch.holder = self
            return super().request(*args, **kwargs)  # type: ignore[misc]

    class Noted(Noting, HTTPConnection):
        pass

    class NotedTLS(Noting, HTTPSConnection):
        pass

    class Pool(HTTPConnectionPool):
        ConnectionCls = Noted

    class TLSPool(HTTPSConnectionPool):
        ConnectionCls = NotedTLS

    return Pool, TLSPool


class SentRequest:
    """What cookie handling needs to know of a request (requests' MockRequest reads it)."""

    __slots__ = ("headers", "method", "url")

    def __init__(self, method: str, url: str, headers: dict[str, str]) -> None:
        self.method, self.url, self.headers = method, url, headers


def request_with_cookies(method: str, url: str, headers: dict[str, str] | None,
                         cookies: Any) -> SentRequest:
    """The request as it will be sent: its headers, plus a Cookie header when the redirect
    chain so far set cookies for this URL."""
    sent = dict(headers or {})
    request = SentRequest(method, url, sent)
    if cookies is not None and len(cookies):
        from requests.cookies import get_cookie_header  # only when a chain set cookies

        cookie = get_cookie_header(cookies, request)  # type: ignore[no-untyped-call]
        if cookie:
            sent["Cookie"] = cookie
    return request


class Response:
    """The part of `requests.Response` the checker uses."""

    __slots__ = ("headers", "raw", "request", "status_code", "url", "watch")

    def __init__(self, raw: Any, request: SentRequest, watch: _Watch | None = None) -> None:
        self.watch = watch
        self.raw = raw
        self.request = request
        self.url = request.url
        self.status_code = int(raw.status)
        self.headers = raw.headers

    def iter_content(self, chunk_size: int) -> Iterator[bytes]:
        yield from self.raw.stream(chunk_size, decode_content=True)

    def close(self) -> None:
        # A body read to its end has already gone back to the pool; an unread one must not
        # (the next request would read its leftovers), so its connection is closed.
        if self.watch is not None:
            self.watch.cancelled = True
        self.raw.close()
        self.raw.release_conn()


class Urllib3Session:
    """`request(method, url, headers=, cookies=, allow_redirects=False, stream=True,
    timeout=(connect, read), verify=, pin=(host, port, address))`, nothing more."""

    #: `pin=` makes a new connection go to that address (the one srctrack checked).
    pins_addresses = True

    def __init__(self, pool_size: int = 10, hosts: int = 100) -> None:
        import urllib3

        bundle = (os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE")
                  or os.environ.get("SSL_CERT_FILE"))
        if not bundle:
            try:
                import certifi

                bundle = certifi.where()  # the same trust store requests uses
            except ImportError:
                bundle = None
        common: dict[str, Any] = {"num_pools": hosts, "maxsize": pool_size, "block": False,
                                  "retries": False}
        self._verified = urllib3.PoolManager(cert_reqs="CERT_REQUIRED", ca_certs=bundle,
                                             **common)
        self._noted(self._verified)
        self._unverified: Any = None
        self._common = common
        self._timeouts: dict[tuple[float, float], Any] = {}
        # One Retry that never retries (the checker retries, politely, itself).
        self._retries = urllib3.Retry(total=False, redirect=False, raise_on_redirect=False)

    @staticmethod
    def _noted(manager: Any) -> None:
        pool, tls_pool = _connection_classes()
        manager.pool_classes_by_scheme = {"http": pool, "https": tls_pool}

    def _pool(self, verify: bool) -> Any:
        if verify:
            return self._verified
        if self._unverified is None:
            import urllib3

            urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)
            self._unverified = urllib3.PoolManager(cert_reqs="CERT_NONE", **self._common)
            self._noted(self._unverified)
        return self._unverified

    def request(self, method: str, url: str, *, headers: dict[str, str] | None = None,
                cookies: Any = None, allow_redirects: bool = False, stream: bool = True,
                timeout: float | tuple[float, float] = 30.0, verify: bool = True,
                pin: tuple[str, int, str] | None = None, **_: Any) -> Response:
        import urllib3
        from urllib3.util import parse_url

        if allow_redirects or not stream:
            raise ValueError("Urllib3Session only streams, and never follows redirects")
        request = request_with_cookies(method, url, headers, cookies)
        sent = request.headers
        limits = timeout if isinstance(timeout, tuple) else (timeout, timeout)
        timer = self._timeouts.get(limits)
        if timer is None:
            timer = self._timeouts[limits] = urllib3.Timeout(connect=limits[0], read=limits[1])
        parts = parse_url(url)
        pool = self._pool(verify).connection_from_host(parts.host, parts.port, parts.scheme)
        # The whole request, headers and body, ends within connect + read seconds: what
        # libcurl's transfer timeout gives the default session.
        watch = _current.watch = DEADLINES.watch(limits[0] + limits[1])
        _current.pin = pin
        try:
            raw = pool.urlopen(method, parts.request_uri, headers=sent, redirect=False,
                               retries=self._retries, preload_content=False,
                               decode_content=True, timeout=timer, assert_same_host=False)
        except Exception as exc:
            watch.cancelled = True
            if watch.fired:
                raise TimeoutError(f"no complete answer within {limits[0] + limits[1]:g} s"
                                   ) from exc
            raise
        finally:
            _current.watch = _current.pin = None
        if watch.fired:  # the headers were cut short: an end of file is no answer
            raw.close()
            raise TimeoutError(f"no complete answer within {limits[0] + limits[1]:g} s")
        return Response(raw, request, watch)
