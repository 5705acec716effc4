"""Check one URL: requests with redirects followed by hand, retries, HEAD/GET, then a verdict.

Redirects are followed by hand (never by requests) so the chain is recorded, loops are caught,
permanent moves (301, 308) are told from temporary ones (302, 303, 307), cookies set along the
chain are sent on the next hop, and every hop passes through its host's politeness gate.
"""

from __future__ import annotations

import random
import time
import zlib
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, Protocol
from urllib.parse import urljoin, urlsplit

from srctrack.check import classify, soft404
from srctrack.check.addresses import Refused, Resolver
from srctrack.check.options import HEAD_FIRST_SUFFIXES, CheckOptions
from srctrack.check.politeness import Politeness
from srctrack.model import LinkCheck, LinkStatus, Redirect
from srctrack.normalize import canonical_url

REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
HTML_TYPES = ("text/html", "application/xhtml", "text/plain")
#: Error answers whose body is read: bot walls and challenge pages say so in the body.
READ_ERROR_BODY = frozenset({403, 429, 503})


class Session(Protocol):
    """What the checker needs of a `requests.Session`."""

    def request(self, method: str, url: str, **kwargs: Any) -> Any: ...


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(slots=True)
class Answer:
    """The last response of one redirect chain, or why there was none."""

    chain: list[Redirect] = field(default_factory=list)
    code: int | None = None
    url: str = ""  # the URL that gave the last response (or failed)
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    failure: classify.Failure | None = None
    loop: bool = False
    too_many: bool = False
    bad_scheme: bool = False
    refused: str | None = None  # why the host was not fetched (a private address)
    self_redirect: bool = False  # a redirect back to a URL already asked, with new cookies

    @property
    def ok(self) -> bool:
        return self.code is not None and 200 <= self.code < 300

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").lower()

    @property
    def html(self) -> bool:
        ctype = self.content_type
        return not ctype or ctype.startswith(HTML_TYPES)


def retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP-date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


class Checker:
    """Checks URLs one at a time; safe to share between threads."""

    def __init__(self, session: Session, options: CheckOptions,
                 politeness: Politeness | None = None,
                 siblings: soft404.SiblingCache | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.session = session
        self.options = options
        self.politeness = politeness or Politeness(options.per_host, options.min_gap)
        self.siblings = siblings or soft404.SiblingCache()
        self.sleep = sleep
        self.resolver = Resolver(options.allow_private)
        # srctrack's sessions connect to the address checked, not to a second resolution.
        self.pins = bool(getattr(session, "pins_addresses", False))
        self.headers = {"User-Agent": options.user_agent, "Accept": options.accept,
                        "Accept-Language": "en-GB,en;q=0.9,*;q=0.5"}
        self.timeouts = (options.timeout, options.timeout)
        # Only ever turn verification off; otherwise the session's own setting (a CA bundle
        # from the environment) stands.
        self.verify: dict[str, bool] = {} if options.verify_tls else {"verify": False}

    # -- one request chain -----------------------------------------------------------------

    def follow(self, method: str, url: str) -> Answer:
        """Send `method` to `url` and follow redirects by hand, keeping cookies per chain."""
        answer = Answer(url=url)
        jar: Any = None  # made when a response sets a cookie: most chains never do
        asked: set[tuple[str, frozenset[tuple[str, str | None]]]] = set()
        current = url
        for _ in range(self.options.max_redirects + 1):
            answer.url = current
            parts = urlsplit(current)
            if parts.scheme not in ("http", "https"):
                answer.bad_scheme = True
                return answer
            state = (current, frozenset((c.name, c.value) for c in jar) if jar else frozenset())
            if state in asked:
                answer.loop = True
                return answer
            if any(seen == current for seen, _ in asked):
                answer.self_redirect = True
            asked.add(state)
            server: str | None = None
            pin: dict[str, Any] = {}
            try:
                address, port = self.resolver.resolve(parts)
                server = f"server {address} port {port}"
                if self.pins:
                    pin = {"pin": (parts.hostname or "", port, address)}
            except Refused as exc:
                answer.refused = str(exc)
                return answer
            except OSError as exc:
                # A name this machine cannot resolve: srctrack's sessions would fail the same
                # way, but a session through a proxy (requests', with HTTP_PROXY) leaves the
                # name to the proxy.
                if self.pins:
                    answer.failure = classify.from_exception(exc)
                    return answer
            except Exception as exc:  # a port that is no number, a bracket that never closes
                answer.failure = classify.from_exception(exc)
                return answer
            try:
                # Politeness holds per host name and per server (address and port): fifty
                # names of one server share its limit.
                with self.politeness.request(parts.netloc) as gate, \
                        self.politeness.request(server) if server else nullcontext():
                    response = self.session.request(
                        method, current, headers=self.headers, cookies=jar,
                        allow_redirects=False, stream=True, timeout=self.timeouts,
                        **self.verify, **pin)
                    try:
                        code = int(response.status_code)
                        headers = {k.lower(): v for k, v in response.headers.items()}
                        if "set-cookie" in headers:
                            jar = self._keep_cookies(jar, response)
                        location = headers.get("location")
                        if code in REDIRECT_CODES and location:
                            self._drain(response, headers)
                            answer.chain.append(Redirect(current, code))
                            current = urljoin(current, location.strip())
                            if code == 303:
                                method = "GET"
                            continue
                        answer.code, answer.headers = code, headers
                        if method == "GET" and (
                                (200 <= code < 300 and answer.html)
                                or code in READ_ERROR_BODY):
                            answer.body = self._read(response)
                        else:
                            self._drain(response, headers)
                        if code in (429, 503):
                            wait = retry_after(headers.get("retry-after"))
                            if wait:
                                gate.hold_off(min(wait, self.options.retry_after_cap))
                        return answer
                    finally:
                        response.close()
            except Exception as exc:  # any failure of one URL is its result
                answer.failure = classify.from_exception(exc)
                return answer
        answer.too_many = True
        return answer

    @staticmethod
    def _keep_cookies(jar: Any, response: Any) -> Any:
        from requests.cookies import RequestsCookieJar, extract_cookies_to_jar

        jar = jar if jar is not None else RequestsCookieJar()
        extract_cookies_to_jar(jar, response.request, response.raw)  # type: ignore[no-untyped-call]
        return jar

    def _drain(self, response: Any, headers: dict[str, str]) -> None:
        """Read a small unread body to its end, so the connection goes back to the pool
        instead of being closed (a new connection per redirect or 404 costs more than the
        few bytes). A large or unknown-length body is not waited for."""
        length = headers.get("content-length", "")
        if response.request.method != "HEAD" and length.isdigit() \
                and int(length) <= 16384:
            response.raw.read(int(length) + 1, decode_content=False)

    def _read(self, response: Any) -> bytes:
        """At most `max_body` bytes of the body, and no longer than two timeouts: the rest of a
        large page or a trickling server is never waited for."""
        limit = self.options.max_body
        if _is_urllib3(response.raw):
            return read_bounded(response.raw, response.headers.get("content-encoding", ""),
                                limit, time.monotonic() + 2 * self.options.timeout)
        length = response.headers.get("content-length", "")
        if length.isdigit() and int(length) <= limit:
            # Small and of known length: one read (it hands the connection back, too).
            return bytes(response.raw.read(decode_content=True))[:limit]
        deadline = time.monotonic() + 2 * self.options.timeout
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_content(min(16384, limit)):
            chunks.append(chunk)
            size += len(chunk)
            if size >= limit or time.monotonic() > deadline:
                break
        return b"".join(chunks)[:limit]

    # -- retries and HEAD/GET --------------------------------------------------------------

    def _wants_head(self, url: str) -> bool:
        if self.options.head == "always":
            return True
        if self.options.head == "never":
            return False
        return urlsplit(url).path.lower().endswith(HEAD_FIRST_SUFFIXES)

    def fetch(self, url: str) -> tuple[Answer, int]:
        """The answer for `url` after HEAD/GET choice and retries, and the retries made."""
        attempt = 0
        while True:
            answer = self._fetch_once(url)
            wait = self._retry_wait(answer, attempt)
            if wait is None:
                return answer, attempt
            self.sleep(wait)
            attempt += 1

    def _fetch_once(self, url: str) -> Answer:
        if self._wants_head(url):
            head = self.follow("HEAD", url)
            # A HEAD is trusted only when it says the resource is there and is not a page
            # whose body needs reading; a refused, failing or erroring HEAD is often a lie.
            if head.ok and not head.html and not (head.loop or head.too_many):
                return head
        return self.follow("GET", url)

    def _retry_wait(self, answer: Answer, attempt: int) -> float | None:
        if attempt >= self.options.retries:
            return None
        backoff = float(self.options.backoff * 2.0 ** attempt) * random.uniform(0.75, 1.25)
        if answer.failure is not None:
            return backoff if answer.failure.retry else None
        if answer.code not in classify.RETRY_CODES or self._challenge(answer):
            return None
        asked = retry_after(answer.headers.get("retry-after"))
        if asked is None:
            return backoff
        if asked > self.options.retry_after_cap:
            return None  # the server asks for longer than we wait: report what it said
        return max(float(asked), 0.0)

    @staticmethod
    def _challenge(answer: Answer) -> str | None:
        if not answer.body and "cf-mitigated" not in answer.headers:
            return None
        page = soft404.decode(answer.body, answer.content_type)
        return soft404.challenge_signal(page, answer.headers)

    # -- verdict ---------------------------------------------------------------------------

    def check(self, url: str) -> LinkCheck:
        """Check one URL and say what it found, in one line."""
        started = time.monotonic()
        checked_at = now_iso()
        answer, retries = self.fetch(url)
        status, reason = self._verdict(url, answer)
        if retries and status in (LinkStatus.ALIVE, LinkStatus.REDIRECTED):
            reason += f" (after {retries} {'retry' if retries == 1 else 'retries'})"
        elif retries:
            reason += f" ({retries + 1} attempts)"
        final = answer.url if (answer.code is not None or answer.bad_scheme) else None
        return LinkCheck(
            url=url, status=status, reason=reason, checked_at=checked_at,
            http_status=answer.code, final_url=final, redirects=tuple(answer.chain),
            error=answer.failure.error if answer.failure else None,
            elapsed_ms=int((time.monotonic() - started) * 1000))

    def _verdict(self, url: str, answer: Answer) -> tuple[LinkStatus, str]:
        if answer.failure is not None:
            return answer.failure.status, answer.failure.reason
        if answer.refused:
            where = f"redirects to {answer.url}: " if answer.chain else ""
            return LinkStatus.REFUSED, where + answer.refused
        if answer.loop:
            hops = " -> ".join([r.url for r in answer.chain[-4:]] + [answer.url])
            return LinkStatus.DEAD, f"a redirect loop ({hops})"
        if answer.too_many:
            return LinkStatus.DEAD, f"more than {self.options.max_redirects} redirects"
        if answer.bad_scheme:
            return LinkStatus.REDIRECTED, f"moved to a non-HTTP address ({answer.url}), not fetched"
        code = answer.code or 0
        challenge = self._challenge(answer)
        if challenge:
            return LinkStatus.BLOCKED, f"{challenge} (HTTP {code})"
        if 200 <= code < 300:
            return self._answered(url, answer)
        asked = retry_after(answer.headers.get("retry-after"))
        cap = self.options.retry_after_cap
        if code == 429 and asked is not None and asked > cap:
            return LinkStatus.BLOCKED, (f"rate-limits robots (429) and asks to wait "
                                        f"{asked:.0f} s, beyond the {cap:.0f} s cap")
        known = classify.from_code(code)
        if known:
            status, reason = known
            if answer.chain:
                reason += f" at {answer.url} after {len(answer.chain)} redirect(s)"
            return status, reason
        return LinkStatus.SERVER_ERROR, f"an answer srctrack cannot use (HTTP {code})"

    def _answered(self, url: str, answer: Answer) -> tuple[LinkStatus, str]:
        final = answer.url
        code = answer.code
        soft = soft404.redirect_signal(url, final)
        if soft:
            return LinkStatus.SOFT_404, soft
        login = soft404.login_signal(url, final)
        if login:
            return LinkStatus.BLOCKED, login
        if answer.body:
            page = soft404.decode(answer.body, answer.content_type)
            soft = soft404.page_signal(url, page)
            if not soft and self.options.sibling_probe and answer.html:
                sibling = self.siblings.get(soft404.folder_key(final),
                                            lambda: self._probe(final))
                soft = soft404.sibling_signal(url, final, page, sibling)
            if soft:
                return LinkStatus.SOFT_404, soft
        moved = final != url and canonical_url(final) != canonical_url(url)
        if moved:
            kind = "permanently" if all(r.permanent for r in answer.chain) else "temporarily"
            codes = ", ".join(str(r.status) for r in answer.chain)
            return LinkStatus.REDIRECTED, f"moved {kind} to {final} ({codes})"
        if answer.chain:
            return LinkStatus.ALIVE, f"answers {code} after a redirect back to itself"
        return LinkStatus.ALIVE, f"answers {code}"

    def _probe(self, url: str) -> soft404.Fingerprint:
        """Fetch a made-up URL next to `url` once, to learn what the site says for nothing."""
        sibling = soft404.sibling_url(url)
        answer = self.follow("GET", sibling)
        if not answer.ok:
            return soft404.Fingerprint(False, answer.url, bool(answer.chain), frozenset(), 0)
        page = soft404.decode(answer.body, answer.content_type)
        words = soft404.visible_words(page, soft404.echo_tokens(sibling)
                                      + soft404.echo_tokens(answer.url))
        return soft404.Fingerprint(True, answer.url, bool(answer.chain),
                                   soft404.shingles(words), len(words))


def _is_urllib3(raw: Any) -> bool:
    try:
        from urllib3.response import BaseHTTPResponse
    except ImportError:  # pragma: no cover - urllib3 is a dependency
        return False
    return isinstance(raw, BaseHTTPResponse)


#: Decoded bytes one layer of a Content-Encoding chain hands on at a time.
_LAYER_STEP = 64 * 1024


class _Inflate:
    """One gzip or deflate layer (deflate: the zlib format, or raw deflate as some servers
    send it)."""

    def __init__(self, encoding: str) -> None:
        self.gzip = encoding in ("gzip", "x-gzip")
        self.obj = zlib.decompressobj(16 + zlib.MAX_WBITS if self.gzip else zlib.MAX_WBITS)
        self.started = False

    def decompress(self, data: bytes, limit: int) -> bytes:
        try:
            out = self.obj.decompress(data, limit)
        except zlib.error:
            if self.gzip or self.started:
                raise
            self.obj = zlib.decompressobj(-zlib.MAX_WBITS)
            out = self.obj.decompress(data, limit)
        self.started = True
        return out

    @property
    def tail(self) -> bytes:
        return bytes(self.obj.unconsumed_tail)


def _decoders(content_encoding: str) -> list[_Inflate] | None:
    """The layers to undo, outermost first; None for an encoding srctrack does not decode
    (the bytes are then kept as they are, as before)."""
    names = [n.strip().lower() for n in content_encoding.split(",") if n.strip()]
    names = [n for n in names if n != "identity"]
    if any(n not in ("gzip", "x-gzip", "deflate") for n in names):
        return None
    return [_Inflate(n) for n in reversed(names)]


def _pump(layers: list[_Inflate], data: bytes, want: int) -> bytes:
    """Decode `data` through every layer, never holding more than a step of any layer's
    output at once and stopping as soon as `want` bytes came out of the last."""
    if not layers:
        return data[:want]
    first, rest = layers[0], layers[1:]
    out: list[bytes] = []
    got = 0
    while data and got < want:
        step = first.decompress(data, _LAYER_STEP)
        data = first.tail
        if step:
            piece = _pump(rest, step, want - got)
            out.append(piece)
            got += len(piece)
        elif not data:
            break
    return b"".join(out)


def read_bounded(raw: Any, content_encoding: str, limit: int, deadline: float) -> bytes:
    """At most `limit` decoded bytes of a urllib3 response body, decoded here as the raw
    bytes stream in (a 1.8 KB answer that gzip, gzip makes 1 GiB costs 64 KiB), and no
    longer than `deadline`: bytes are read as they arrive, so a server that trickles one
    byte a second is left when the deadline passes."""
    layers = _decoders(content_encoding)
    chunks: list[bytes] = []
    size = 0
    try:
        while size < limit and time.monotonic() < deadline:
            data = raw.read1(16384, decode_content=False) if hasattr(raw, "read1") \
                else raw.read(16384, decode_content=False)
            if not data:
                break
            piece = data if layers is None else _pump(layers, data, limit - size)
            chunks.append(piece)
            size += len(piece)
    except zlib.error:
        pass  # a body that does not decode: what decoded so far is the page
    return b"".join(chunks)[:limit]
