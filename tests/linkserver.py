"""Real HTTP servers on 127.0.0.1 that behave like the web's awkward corners, for the link
checker's tests. Nothing here touches the internet."""

from __future__ import annotations

import socket
import ssl
import struct
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

Route = Callable[["Handler"], None]

ARTICLE = """<!doctype html><html><head><title>{title}</title></head><body>
<h1>{title}</h1><p>{body}</p></body></html>"""
LOREM = ("Analysts followed the negotiations closely and published a long account of "
         "what each delegation wanted, which concessions were offered and refused, and why "
         "the talks stalled in the spring before resuming in a different capital. ")


def article(title: str, seed: str = "") -> str:
    words = " ".join(f"{seed}{i} {w}" for i, w in enumerate((LOREM * 3).split()))
    return ARTICLE.format(title=title, body=words)


class Handler(BaseHTTPRequestHandler):
    server: LinkServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def _dispatch(self) -> None:
        srv = self.server
        path = self.path.split("?")[0]
        with srv.lock:
            srv.hits[path] += 1
            srv.methods.append((self.command, path))
            srv.in_flight += 1
            srv.max_in_flight = max(srv.max_in_flight, srv.in_flight)
            srv.starts.append(time.monotonic())
        self._answered = False
        try:
            route = srv.routes.get(path)
            if route is None:
                for prefix, r in srv.prefixes.items():
                    if path.startswith(prefix):
                        route = r
                        break
            if route is None:
                self.send("<html><head><title>404 Not Found</title></head></html>", 404)
            else:
                route(self)
        finally:
            self._done()

    def _done(self) -> None:
        """The request stops counting as in flight once, before its answer leaves: a client
        that has the answer may ask again at once, and must not be counted twice."""
        if not self._answered:
            self._answered = True
            with self.server.lock:
                self.server.in_flight -= 1

    do_GET = do_HEAD = _dispatch

    @property
    def hits(self) -> int:
        return self.server.hits[self.path.split("?")[0]]

    def send(self, body: str | bytes = "", code: int = 200, ctype: str = "text/html; charset=utf-8",
             headers: dict[str, str] | None = None) -> None:
        data = body.encode() if isinstance(body, str) else body
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self._done()
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def redirect(self, location: str, code: int = 301, headers: dict[str, str] | None = None
                 ) -> None:
        self.send("", code, headers={"Location": location, **(headers or {})})

    def reset(self) -> None:
        """Close the connection with a TCP RST and no answer."""
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                   struct.pack("ii", 1, 0))
        self.close_connection = True
        self.connection.close()


class LinkServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.routes: dict[str, Route] = {}
        self.prefixes: dict[str, Route] = {}
        self.lock = threading.Lock()
        self.hits: Counter[str] = Counter()
        self.methods: list[tuple[str, str]] = []
        self.starts: list[float] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.sent_bytes = 0

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients that hang up early (that is the point of several tests) are no news

    @property
    def base(self) -> str:
        scheme = "https" if isinstance(self.socket, ssl.SSLSocket) else "http"
        return f"{scheme}://127.0.0.1:{self.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def route(self, path: str) -> Callable[[Route], Route]:
        def register(fn: Route) -> Route:
            if path.endswith("*"):
                self.prefixes[path[:-1]] = fn
            else:
                self.routes[path] = fn
            return fn
        return register


@contextmanager
def serve(server: LinkServer | None = None) -> Iterator[LinkServer]:
    server = server or LinkServer()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def block_dns(monkeypatch: Any) -> None:
    """Any name but 127.0.0.1/localhost fails to resolve, so no DNS query leaves the machine
    (a `.invalid` name included) and nothing can reach the internet."""
    real = socket.getaddrinfo

    def guarded(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host in ("127.0.0.1", "localhost", b"127.0.0.1", b"localhost"):
            return real(host, *args, **kwargs)
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", guarded)


def http_date(seconds_from_now: float) -> str:
    return formatdate(time.time() + seconds_from_now, usegmt=True)


def refused_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound, then closed)."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = int(s.getsockname()[1])
    s.close()
    return port


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, made with `cryptography`."""
    import datetime
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=2))
            .add_extension(x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


def tls_server(folder: Path) -> LinkServer:
    server = LinkServer()
    cert, key = self_signed(folder)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)

    @server.route("/")
    def _root(h: Handler) -> None:
        h.send(article("Secure home"))

    return server
