"""A lean session over urllib3 (the engine requests runs on) for checking links at volume.

`requests.Session.request` spends more CPU merging settings, hooks and environment lookups
than the request itself costs; a link checker sends each request one way and needs none of
that. This session answers the one call the checker makes (`request(...)` with redirects off
and streaming on) with a requests-shaped response, so a `requests.Session` can always be
injected instead (and is used when proxies are configured, so NO_PROXY keeps working).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any


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

    __slots__ = ("headers", "raw", "request", "status_code", "url")

    def __init__(self, raw: Any, request: SentRequest) -> None:
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
        self.raw.close()
        self.raw.release_conn()


class Urllib3Session:
    """`request(method, url, headers=, cookies=, allow_redirects=False, stream=True,
    timeout=(connect, read), verify=)`, nothing more."""

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
        self._unverified: Any = None
        self._common = common
        self._timeouts: dict[tuple[float, float], Any] = {}
        # One Retry that never retries (the checker retries, politely, itself).
        self._retries = urllib3.Retry(total=False, redirect=False, raise_on_redirect=False)

    def _pool(self, verify: bool) -> Any:
        if verify:
            return self._verified
        if self._unverified is None:
            import urllib3

            urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)
            self._unverified = urllib3.PoolManager(cert_reqs="CERT_NONE", **self._common)
        return self._unverified

    def request(self, method: str, url: str, *, headers: dict[str, str] | None = None,
                cookies: Any = None, allow_redirects: bool = False, stream: bool = True,
                timeout: float | tuple[float, float] = 30.0, verify: bool = True,
                **_: Any) -> Response:
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
        raw = pool.urlopen(method, parts.request_uri, headers=sent, redirect=False,
                           retries=self._retries, preload_content=False, decode_content=True,
                           timeout=timer, assert_same_host=False)
        return Response(raw, request)
