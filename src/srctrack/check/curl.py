"""A session on libcurl (pycurl), used when the optional `fast` extra is installed.

libcurl parses HTTP in C and releases the GIL for the whole transfer, so a thread spends a
few dozen microseconds of Python per request instead of most of a millisecond: against one's
own servers a run goes about twice as fast as on urllib3. It answers the same single call as
the other sessions, `request(method, url, headers=, cookies=, allow_redirects=False,
stream=True, timeout=, verify=)`, and turns libcurl's error codes into the Python exceptions
`classify.py` reads, so every session is judged alike.

Bodies: at most `body_limit` bytes of a GET are received, then the transfer is cut; a HEAD
receives none.
"""

from __future__ import annotations

import errno
import http.client
import os
import socket
import ssl
import threading
from collections.abc import Iterator
from typing import Any

from srctrack.check.transport import SentRequest, request_with_cookies

DEFAULT_BODY_LIMIT = 64 * 1024


class InvalidURL(ValueError):
    """libcurl refused the URL itself."""


class IncompleteRead(ConnectionError):
    """The server closed the connection before the body it announced was sent."""


def _error(code: int, message: str, os_errno: int = 0) -> BaseException:
    """The Python exception that means what a libcurl error code means."""
    if code == 6:  # COULDNT_RESOLVE_HOST
        return socket.gaierror(socket.EAI_NONAME, message)
    if code == 7:  # COULDNT_CONNECT
        if os_errno == errno.ECONNREFUSED or "refused" in message.lower():
            return ConnectionRefusedError(errno.ECONNREFUSED, message)
        return OSError(os_errno, message)
    if code == 28:  # OPERATION_TIMEDOUT
        return TimeoutError(message)
    if code == 60:  # PEER_FAILED_VERIFICATION: the certificate is not trusted
        return ssl.SSLCertVerificationError(f"certificate verify failed: {message}")
    if code in (35, 51, 53, 54, 58, 59, 64, 66, 77, 80, 82, 83, 90, 91, 98):
        return ssl.SSLError(message)
    if code in (52, 55, 56):  # GOT_NOTHING, SEND_ERROR, RECV_ERROR
        return ConnectionResetError(message)
    if code == 18:  # PARTIAL_FILE
        return IncompleteRead(message)
    if code in (1, 3):  # UNSUPPORTED_PROTOCOL, URL_MALFORMAT
        return InvalidURL(message)
    return OSError(f"curl error {code}: {message}")


class _Raw:
    """What the checker reads of a urllib3 response, over a body already received."""

    def __init__(self, body: bytes, set_cookies: list[str]) -> None:
        self._body = body
        self._pos = 0
        self._original_response: _Original | None = None
        if set_cookies:
            # requests' cookie extraction reads `_original_response.msg.get_all(...)`.
            msg = http.client.HTTPMessage()
            for value in set_cookies:
                msg["Set-Cookie"] = value
            self._original_response = _Original(msg)

    def read(self, amt: int | None = None, decode_content: bool = True) -> bytes:
        end = len(self._body) if amt is None else self._pos + amt
        data = self._body[self._pos:end]
        self._pos += len(data)
        return data

    def stream(self, chunk: int, decode_content: bool = True) -> Iterator[bytes]:
        while data := self.read(chunk):
            yield data

    def close(self) -> None:
        pass

    def release_conn(self) -> None:
        pass


class _Original:
    def __init__(self, msg: http.client.HTTPMessage) -> None:
        self.msg = msg


class Response:
    __slots__ = ("headers", "raw", "request", "status_code", "url")

    def __init__(self, code: int, headers: dict[str, str], raw: _Raw,
                 request: SentRequest) -> None:
        self.status_code, self.headers, self.raw = code, headers, raw
        self.request, self.url = request, request.url

    def iter_content(self, chunk_size: int) -> Iterator[bytes]:
        return self.raw.stream(chunk_size)

    def close(self) -> None:
        pass


class CurlSession:
    """One libcurl handle per thread, reused so connections are kept alive."""

    #: `pin=(host, port, address)` makes libcurl connect to that address.
    pins_addresses = True

    def __init__(self, body_limit: int = DEFAULT_BODY_LIMIT) -> None:
        import pycurl

        self._pycurl = pycurl
        self.body_limit = body_limit
        self._local = threading.local()
        bundle = (os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE")
                  or os.environ.get("SSL_CERT_FILE"))
        if not bundle:
            try:
                import certifi

                bundle = certifi.where()
            except ImportError:
                bundle = None
        self._bundle = bundle

    def _handle(self) -> Any:
        handle = getattr(self._local, "handle", None)
        if handle is None:
            handle = self._local.handle = self._pycurl.Curl()
        else:
            handle.reset()
        return handle

    def request(self, method: str, url: str, *, headers: dict[str, str] | None = None,
                cookies: Any = None, allow_redirects: bool = False, stream: bool = True,
                timeout: float | tuple[float, float] = 30.0, verify: bool = True,
                pin: tuple[str, int, str] | None = None, **_: Any) -> Response:
        pycurl = self._pycurl
        if allow_redirects or not stream:
            raise ValueError("CurlSession only streams, and never follows redirects")
        request = request_with_cookies(method, url, headers, cookies)
        sent = request.headers
        connect, read = timeout if isinstance(timeout, tuple) else (timeout, timeout)
        c = self._handle()
        chunks: list[bytes] = []
        received = 0
        limit = self.body_limit
        cut = False

        def write(data: bytes) -> int:
            nonlocal received, cut
            if received >= limit:
                cut = True
                return 0  # tells libcurl to stop: the rest is never downloaded
            chunks.append(data)
            received += len(data)
            return len(data)

        lines: list[bytes] = []

        def header(line: bytes) -> None:
            if line.startswith(b"HTTP/"):
                lines.clear()  # a new response (after a 100 Continue): start again
            lines.append(line)

        c.setopt(pycurl.URL, url)
        c.setopt(pycurl.NOSIGNAL, 1)
        if pin is not None:
            # Connect to the address srctrack checked, not to a second resolution.
            host, port, address = pin
            shown = f"[{address}]" if ":" in address else address
            c.setopt(pycurl.RESOLVE, [f"{host}:{port}:{shown}"])
        if method == "HEAD":
            c.setopt(pycurl.NOBODY, 1)
        elif method != "GET":
            c.setopt(pycurl.CUSTOMREQUEST, method)
        for name, value in sent.items():
            if any(c in f"{name}{value}" for c in "\r\n\0"):
                # libcurl sends a header line as it is given: a line break would be another
                # header, or another request.
                raise ValueError(f"header {name!r} holds a line break")
        c.setopt(pycurl.HTTPHEADER, [f"{k}: {v}" for k, v in sent.items()])
        c.setopt(pycurl.ACCEPT_ENCODING, "")  # every encoding libcurl decodes
        c.setopt(pycurl.FOLLOWLOCATION, 0)
        c.setopt(pycurl.PROTOCOLS, pycurl.PROTO_HTTP | pycurl.PROTO_HTTPS)
        c.setopt(pycurl.CONNECTTIMEOUT_MS, int(connect * 1000))
        # libcurl has no per-read timeout; a whole transfer gets two, which bounds a server
        # that answers nothing and one that trickles alike.
        c.setopt(pycurl.TIMEOUT_MS, int((connect + read) * 1000))
        c.setopt(pycurl.SSL_VERIFYPEER, 1 if verify else 0)
        c.setopt(pycurl.SSL_VERIFYHOST, 2 if verify else 0)
        if verify and self._bundle:
            c.setopt(pycurl.CAINFO, self._bundle)
        c.setopt(pycurl.WRITEFUNCTION, write)
        c.setopt(pycurl.HEADERFUNCTION, header)
        try:
            c.perform()
        except pycurl.error as exc:
            code, message = exc.args[0], str(exc.args[1]) if len(exc.args) > 1 else ""
            # A body that trickles past the transfer's deadline after the status and its first
            # bytes arrived is an answer, cut short like one past the body cap.
            answered = code == pycurl.E_OPERATION_TIMEDOUT and chunks \
                and int(c.getinfo(pycurl.RESPONSE_CODE)) > 0
            if not ((code == pycurl.E_WRITE_ERROR and cut) or answered):
                raise _error(int(code), message, int(c.getinfo(pycurl.OS_ERRNO))) from None
        status = int(c.getinfo(pycurl.RESPONSE_CODE))
        found: dict[str, str] = {}
        set_cookies: list[str] = []
        for raw_line in lines[1:]:
            text = raw_line.decode("iso-8859-1").rstrip("\r\n")
            name, sep, value = text.partition(":")
            if not sep:
                continue
            key, value = name.strip().lower(), value.strip()
            if key == "set-cookie":
                set_cookies.append(value)
            found[key] = f"{found[key]}, {value}" if key in found and key != "set-cookie" \
                else value
        return Response(status, found, _Raw(b"".join(chunks), set_cookies), request)
