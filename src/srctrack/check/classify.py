"""From what the network did to a status: exceptions and HTTP codes, without the page body.

Soft-404 detection, which reads the body, lives in `soft404.py`.
"""

from __future__ import annotations

import errno
import socket
import ssl
from dataclasses import dataclass

from srctrack.model import LinkStatus

#: Codes a robot gets from a site that does not want robots; the page may be fine for people.
BLOCKED_CODES = {401: "asks for a login (401)", 402: "asks for payment (402)",
                 403: "refuses robots (403)", 407: "needs a proxy login (407)",
                 429: "rate-limits robots (429) and never cleared",
                 451: "unavailable for legal reasons (451)",
                 999: "refuses robots (999, LinkedIn's bot wall)"}
DEAD_CODES = {404: "not found (404)", 410: "gone (410)"}
RETRY_CODES = frozenset({429, 500, 502, 503, 504, 520, 521, 522, 523, 524})


@dataclass(frozen=True, slots=True)
class Failure:
    """A request that got no HTTP answer: what it means, and whether to try again."""

    status: LinkStatus
    reason: str
    error: str
    retry: bool


def _chain(exc: BaseException) -> list[BaseException]:
    """The exception, its causes and contexts, and exceptions carried in args (urllib3 wraps
    the socket error in MaxRetryError.reason, requests wraps that again)."""
    seen: list[BaseException] = []
    todo = [exc]
    while todo:
        e = todo.pop()
        if e in seen or len(seen) > 20:
            continue
        seen.append(e)
        for nxt in (e.__cause__, e.__context__, getattr(e, "reason", None), *e.args):
            if isinstance(nxt, BaseException):
                todo.append(nxt)
    return seen


def _names(chain: list[BaseException]) -> set[str]:
    return {c.__name__ for e in chain for c in type(e).__mro__}


def from_exception(exc: BaseException) -> Failure:
    """Classify a request that raised instead of answering."""
    chain = _chain(exc)
    names = _names(chain)
    text = " ".join(str(e) for e in chain[:1]) or type(exc).__name__
    error = f"{type(exc).__name__}: {text}"[:300]
    if any(isinstance(e, socket.gaierror) for e in chain) or "NameResolutionError" in names:
        return Failure(LinkStatus.DNS_FAILURE, "the host name does not resolve", error, False)
    if any(isinstance(e, ssl.SSLError | ssl.CertificateError) for e in chain) \
            or "SSLError" in names:
        detail = "certificate not trusted" if "CERTIFICATE_VERIFY_FAILED" in error \
            or "certificate" in error.lower() else "TLS handshake failed"
        return Failure(LinkStatus.TLS_ERROR, detail, error, False)
    if any(isinstance(e, ConnectionRefusedError) for e in chain) or any(
            getattr(e, "errno", None) == errno.ECONNREFUSED for e in chain) \
            or "Connection refused" in error:
        return Failure(LinkStatus.DEAD, "connection refused: nothing listens there", error,
                       False)
    if names & {"Timeout", "ConnectTimeout", "ReadTimeout", "ReadTimeoutError",
                "ConnectTimeoutError", "TimeoutError", "timeout"}:
        return Failure(LinkStatus.TIMEOUT, "no answer within the timeout", error, True)
    if any(isinstance(e, ConnectionResetError | BrokenPipeError) for e in chain) or names & {
            "RemoteDisconnected", "ProtocolError", "ChunkedEncodingError",
            "IncompleteRead", "ConnectionAbortedError"}:
        return Failure(LinkStatus.SERVER_ERROR, "the connection was reset with no answer",
                       error, True)
    if names & {"InvalidURL", "InvalidSchema", "MissingSchema", "LocationParseError",
                "UnicodeError", "InvalidHeader"}:
        return Failure(LinkStatus.DEAD, "not a URL that can be fetched", error, False)
    if any(isinstance(e, OSError) for e in chain):
        return Failure(LinkStatus.SERVER_ERROR, "the connection failed", error, True)
    return Failure(LinkStatus.SERVER_ERROR, "the request failed", error, True)


def from_code(code: int) -> tuple[LinkStatus, str] | None:
    """The status an error code means by itself; None for codes that need more looking
    (2xx, 3xx)."""
    if code in DEAD_CODES:
        return LinkStatus.DEAD, DEAD_CODES[code]
    if code in BLOCKED_CODES:
        return LinkStatus.BLOCKED, BLOCKED_CODES[code]
    if code >= 500:
        return LinkStatus.SERVER_ERROR, f"server error ({code})"
    if code >= 400:
        # Other client errors (400, 405, 406 ...) are how bot filters and picky servers
        # answer robots far more often than how a page is gone: never call them dead.
        return LinkStatus.BLOCKED, f"the server refused the request ({code})"
    return None
