"""check fetches no internal address: loopback, private, link-local and unspecified hosts are
refused after resolution, on every hop, unless --allow-private; politeness holds per server,
whatever name it is reached by."""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from linkserver import Handler, LinkServer, article, serve

from srctrack.check import Checker, CheckOptions, check_links, make_session
from srctrack.check import addresses as addresses_module
from srctrack.check.addresses import kind
from srctrack.cli import cli
from srctrack.model import LinkStatus

OPTIONS = CheckOptions(min_gap=0, timeout=2, retries=0)


@pytest.fixture
def site() -> Iterator[LinkServer]:
    server = LinkServer()

    @server.route("/page")
    def page(h: Handler) -> None:
        h.send(article("A page", h.path))

    @server.route("/to-metadata")
    def to_metadata(h: Handler) -> None:
        h.redirect("http://169.254.169.254/latest/meta-data/", 302)

    @server.route("/to-loopback")
    def to_loopback(h: Handler) -> None:
        h.redirect(f"http://127.2:{h.server.server_address[1]}/page", 301)

    @server.route("/g/*")
    def slow(h: Handler) -> None:
        time.sleep(0.05)
        h.send(article("Page", h.path))

    with serve(server) as running:
        yield running


@pytest.mark.parametrize("text", ["127.0.0.1", "::1", "10.1.2.3", "172.16.0.1", "192.168.1.1",
                                  "169.254.169.254", "0.0.0.0", "::", "fe80::1", "fc00::1",
                                  "100.64.0.1", "::ffff:127.0.0.1", "224.0.0.1"])
def test_internal_addresses_are_named(text: str) -> None:
    assert kind(ipaddress.ip_address(text)) is not None


@pytest.mark.parametrize("text", ["93.184.216.34", "2606:4700::1111", "8.8.8.8"])
def test_public_addresses_pass(text: str) -> None:
    assert kind(ipaddress.ip_address(text)) is None


@pytest.mark.parametrize("host", ["127.0.0.1", "127.1", "0x7f000001", "2130706433", "0177.1",
                                  "localhost", "[::1]", "0.0.0.0", "169.254.169.254",
                                  "10.0.0.1", "192.168.0.1", "[::ffff:127.0.0.1]"])
def test_every_spelling_of_an_internal_host_is_refused(site: LinkServer, host: str) -> None:
    port = site.server_address[1]
    before = sum(site.hits.values())
    result = Checker(make_session(OPTIONS), OPTIONS).check(f"http://{host}:{port}/page")
    assert result.status == LinkStatus.REFUSED, result.reason
    assert "--allow-private" in result.reason
    assert sum(site.hits.values()) == before  # nothing was sent


def test_allow_private_checks_an_intranet(site: LinkServer) -> None:
    options = CheckOptions(min_gap=0, timeout=2, retries=0, allow_private=True)
    assert Checker(make_session(options), options).check(site.url("/page")).status \
        == LinkStatus.ALIVE


@pytest.fixture
def loopback_is_public(monkeypatch: pytest.MonkeyPatch) -> None:
    """The test server stands in for a site on the internet: 127.0.0.1 alone counts as
    public, every other internal address is still refused."""
    def public_here(address: Any) -> str | None:
        return None if str(address) == "127.0.0.1" else kind(address)

    monkeypatch.setattr(addresses_module, "kind", public_here)


@pytest.mark.parametrize(("path", "target"), [("/to-metadata", "169.254.169.254"),
                                              ("/to-loopback", "127.2")])
def test_a_redirect_into_an_internal_address_is_refused(
        site: LinkServer, loopback_is_public: None, path: str, target: str) -> None:
    result = Checker(make_session(OPTIONS), OPTIONS).check(site.url(path))
    assert result.status == LinkStatus.REFUSED, result.reason
    assert result.reason.startswith("redirects to ") and target in result.reason


def test_the_cli_refuses_by_default_and_allows_with_the_flag_or_the_config(
        site: LinkServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    url = site.url("/page")
    common = ["check", "--no-store", "--json", "--min-gap", "0", "--retries", "0", url]
    out = CliRunner().invoke(cli, common, catch_exceptions=False).stdout
    assert '"status": "refused"' in out
    out = CliRunner().invoke(cli, [*common, "--allow-private"], catch_exceptions=False).stdout
    assert '"status": "alive"' in out
    (tmp_path / "srctrack.toml").write_text("[check]\nallow-private = true\n", encoding="utf-8")
    out = CliRunner().invoke(cli, common, catch_exceptions=False).stdout
    assert '"status": "alive"' in out


def test_politeness_holds_per_server_whatever_its_names(
        site: LinkServer, monkeypatch: pytest.MonkeyPatch) -> None:
    real = socket.getaddrinfo

    def names_of_one_server(host: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(host, str) and host.endswith(".test"):
            host = "127.0.0.1"
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", names_of_one_server)
    port = site.server_address[1]
    urls = [f"http://name{i}.test:{port}/g/{i}" for i in range(20)]
    options = CheckOptions(concurrency=20, per_host=1, min_gap=0, timeout=5, retries=0,
                           sibling_probe=False, allow_private=True)
    site.max_in_flight = 0

    class PinnedSession:
        """Sends each request to 127.0.0.1 with the name in the Host header."""

        def __init__(self) -> None:
            self.inner = make_session(options)

        def request(self, method: str, url: str, **kwargs: Any) -> Any:
            return self.inner.request(method, url.replace(url.split("/")[2].split(":")[0],
                                                          "127.0.0.1", 1), **kwargs)

    results = list(check_links(urls, session=PinnedSession(), options=options))
    assert len(results) == 20
    assert site.max_in_flight == 1


@pytest.mark.parametrize("session_kind", ["urllib3", "default"])
def test_the_client_connects_to_the_address_that_was_checked(
        site: LinkServer, loopback_is_public: None, monkeypatch: pytest.MonkeyPatch,
        session_kind: str) -> None:
    """DNS rebinding: the name answers 127.0.0.1 (checked, public here) the first time and
    another address the next; the request still goes to the address checked."""
    from srctrack.check import urllib3_session

    real = socket.getaddrinfo
    asked: list[str] = []

    def rebinding(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host == "rebind.test":
            asked.append(host)
            return real("127.0.0.1" if len(asked) == 1 else "127.0.0.3", *args, **kwargs)
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    session = urllib3_session(OPTIONS) if session_kind == "urllib3" else make_session(OPTIONS)
    result = Checker(session, OPTIONS).check(f"http://rebind.test:{site.server_address[1]}/page")
    assert result.status == LinkStatus.ALIVE, result.reason
