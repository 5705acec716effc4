"""Limits that hold whatever the client: a whole-request deadline (a server that trickles
headers or a body a byte at a time) and a cap on decoded bytes (a decompression bomb)."""

from __future__ import annotations

import gzip
import time
import tracemalloc
from collections.abc import Iterator

import pytest
from linkserver import Handler, LinkServer, serve

from srctrack.check import Checker, CheckOptions, urllib3_session
from srctrack.check.fetch import read_bounded
from srctrack.model import LinkStatus

OPTIONS = CheckOptions(min_gap=0, timeout=1, retries=0, allow_private=True,
                       sibling_probe=False)
#: 1 GiB of zeros, gzipped twice: about 1 KB on the wire.
BOMB = gzip.compress(gzip.compress(b"\0" * (1 << 30), 9), 9)


@pytest.fixture(scope="module")
def site() -> Iterator[LinkServer]:
    server = LinkServer()

    @server.route("/bomb")
    def bomb(h: Handler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Encoding", "gzip, gzip")
        h.send_header("Content-Length", str(len(BOMB)))
        h.end_headers()
        h.wfile.write(BOMB)
        h._answered = True

    @server.route("/trickle-body")
    def trickle_body(h: Handler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.end_headers()
        h._answered = True
        _trickle(h, b"x")

    @server.route("/trickle-headers")
    def trickle_headers(h: Handler) -> None:
        h.wfile.write(b"HTTP/1.1 200 OK\r\n")
        h._answered = True
        _trickle(h, b"X-Slow: 1\r\n")

    with serve(server) as running:
        yield running


def _trickle(h: Handler, piece: bytes) -> None:
    for _ in range(20):  # 6 s at most, far beyond any deadline here
        try:
            h.wfile.write(piece)
            h.wfile.flush()
        except OSError:
            return
        time.sleep(0.3)


def test_a_decompression_bomb_costs_no_more_than_the_cap(site: LinkServer) -> None:
    assert len(BOMB) < 2_000_000
    checker = Checker(urllib3_session(OPTIONS), OPTIONS)
    tracemalloc.start()
    try:
        answer = checker.follow("GET", site.url("/bomb"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert answer.code == 200
    assert len(answer.body) == OPTIONS.max_body
    assert peak < 32 * 1024 * 1024, peak


@pytest.mark.parametrize("path", ["/trickle-body", "/trickle-headers"])
def test_a_trickling_server_is_left_at_the_deadline(site: LinkServer, path: str) -> None:
    checker = Checker(urllib3_session(OPTIONS), OPTIONS)
    started = time.monotonic()
    result = checker.check(site.url(path))
    # The server would go on for 6 s; a request ends within connect + read (2 s) and the
    # body within two timeouts of its first byte.
    assert time.monotonic() - started < 5
    if path == "/trickle-headers":
        assert result.status == LinkStatus.TIMEOUT, result.reason


def test_bounded_reading_of_layers() -> None:
    class Raw:
        def __init__(self, data: bytes) -> None:
            self.data = data

        def read1(self, amt: int, decode_content: bool = False) -> bytes:
            piece, self.data = self.data[:amt], self.data[amt:]
            return piece

    page = b"<html>" + b"a" * 100_000
    assert read_bounded(Raw(gzip.compress(gzip.compress(page))), "gzip, gzip", 1000,
                        time.monotonic() + 5) == page[:1000]
    assert read_bounded(Raw(page), "", 10, time.monotonic() + 5) == page[:10]
    assert read_bounded(Raw(b"not gzip"), "gzip", 10, time.monotonic() + 5) == b""


@pytest.mark.parametrize("session_kind", ["urllib3", "default"])
def test_a_page_whose_body_trickles_is_alive_once_it_answers(site: LinkServer,
                                                             session_kind: str) -> None:
    from srctrack.check import make_session

    session = urllib3_session(OPTIONS) if session_kind == "urllib3" else make_session(OPTIONS)
    result = Checker(session, OPTIONS).check(site.url("/trickle-body"))
    assert result.status == LinkStatus.ALIVE, result.reason
