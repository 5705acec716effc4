"""Where a URL really points: its host resolved, and refused when that is this machine or a
private network.

An article can link to `http://169.254.169.254/` (the cloud metadata service), to
`http://127.1/`, `http://0x7f000001/`, or to a public name that resolves to 10.0.0.5, or
redirect there from a public page. `check` resolves every hop's host first and refuses
loopback, private, link-local, shared, reserved, multicast and unspecified addresses unless
told to check an intranet on purpose (`--allow-private`). The host is resolved here with the
system resolver: every spelling the resolver accepts for 127.0.0.1 comes back as 127.0.0.1.
srctrack's own sessions then connect to the address checked here (`pin=`), so a name that
answers differently the second time (DNS rebinding) cannot lead them elsewhere.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from urllib.parse import SplitResult

#: Seconds a resolution is reused: a check makes several requests to one host (HEAD, GET,
#: retries, the sibling probe) and each hop is resolved before it is sent.
TTL = 60.0
MAX_CACHED = 10_000

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class Refused(Exception):
    """A URL whose host is an address srctrack does not fetch unless asked."""


def kind(address: IPAddress) -> str | None:
    """What kind of non-public address this is, or None for a public one."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return kind(address.ipv4_mapped)
    if address.is_unspecified:
        return "an unspecified address"
    if address.is_loopback:
        return "a loopback address (this machine)"
    if address.is_link_local:
        return "a link-local address"
    if address.is_multicast:
        return "a multicast address"
    if address.is_private:
        return "a private address"
    if address.is_reserved or not address.is_global:
        return "a reserved address"
    return None


class Resolver:
    """Resolves hosts, remembers the answers for a while, and refuses what is not public."""

    def __init__(self, allow_private: bool = False) -> None:
        self.allow_private = allow_private
        self._cache: dict[tuple[str, int], tuple[float, tuple[str, ...]]] = {}
        self._lock = threading.Lock()

    def addresses(self, host: str, port: int) -> tuple[str, ...]:
        key = (host, port)
        now = time.monotonic()
        with self._lock:
            cached = self._cache.get(key)
        if cached and now - cached[0] < TTL:
            return cached[1]
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        found = tuple(dict.fromkeys(str(info[4][0]).split("%")[0] for info in infos))
        with self._lock:
            if len(self._cache) >= MAX_CACHED:
                self._cache.clear()
            self._cache[key] = (now, found)
        return found

    def resolve(self, parts: SplitResult) -> tuple[str, int]:
        """The address (the first) and port a URL's host resolves to: the client connects
        there, and politeness is kept per server as well as per host name. Raises Refused
        when any of its addresses is not public and private addresses are not allowed, and
        OSError when the host does not resolve."""
        host = parts.hostname or ""
        port = parts.port or (443 if parts.scheme == "https" else 80)
        found = self.addresses(host, port)
        if not found:
            raise socket.gaierror(socket.EAI_NONAME, "no address")
        if not self.allow_private:
            for text in found:
                what = kind(ipaddress.ip_address(text))
                if what:
                    shown = host if host == text else f"{host} ({text})"
                    raise Refused(f"{shown} is {what}; not fetched (--allow-private checks "
                                  "such addresses)")
        return found[0], port
