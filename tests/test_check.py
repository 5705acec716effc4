"""The link checker against real servers on 127.0.0.1, one behaviour of the web per test."""

from __future__ import annotations

import importlib.util
import itertools
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from linkserver import (
    Handler,
    LinkServer,
    article,
    block_dns,
    http_date,
    refused_port,
    serve,
    tls_server,
)

from srctrack.check import (
    ArchiveOptions,
    CheckOptions,
    LinkTarget,
    check_links,
    make_session,
    requests_session,
    urllib3_session,
)
from srctrack.check.fetch import Checker, retry_after
from srctrack.model import LinkCheck, LinkStatus


def curl_session(options: CheckOptions) -> Any:
    from srctrack.check.curl import CurlSession

    return CurlSession(body_limit=options.max_body)


#: Every session the checker can run on; libcurl only where pycurl is installed.
SESSIONS = [urllib3_session, requests_session]
if importlib.util.find_spec("pycurl"):
    SESSIONS.append(curl_session)

# The link servers run on 127.0.0.1: every test checks them with allow_private.
FAST = CheckOptions(allow_private=True, concurrency=8, per_host=4, min_gap=0, timeout=2,
                    retries=2, backoff=0.01, retry_after_cap=5)


@pytest.fixture(autouse=True)
def no_internet(monkeypatch: pytest.MonkeyPatch) -> None:
    block_dns(monkeypatch)


def web() -> LinkServer:
    server = LinkServer()
    r = server.route

    @r("/")
    def home(h: Handler) -> None:
        h.send(article("Example News: home", "home"))

    @r("/ok")
    def ok(h: Handler) -> None:
        h.send(article("Talks resume in Geneva", "ok"))

    @r("/files/head-refused.pdf")
    def head_refused(h: Handler) -> None:
        if h.command == "HEAD":
            h.send("", 405)
        else:
            h.send(b"%PDF-1.4 ...", ctype="application/pdf")

    @r("/files/head-lies.pdf")
    def head_lies(h: Handler) -> None:
        if h.command == "HEAD":
            h.send("", 404)
        else:
            h.send(b"%PDF-1.4 ...", ctype="application/pdf")

    @r("/files/report.pdf")
    def pdf(h: Handler) -> None:
        h.send(b"%PDF-1.4 " + b"x" * 5_000_000, ctype="application/pdf")

    @r("/big")
    def big(h: Handler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", str(200 * 1024 * 1024))
        h.end_headers()
        chunk = (b"<p>" + b"word " * 2000 + b"</p>\n")
        try:
            while server.sent_bytes < 200 * 1024 * 1024:
                h.wfile.write(chunk)
                server.sent_bytes += len(chunk)
        except OSError:
            pass

    @r("/old-address")
    def moved(h: Handler) -> None:
        h.redirect("/new-address", 301)

    @r("/new-address")
    def new_address(h: Handler) -> None:
        h.send(article("Talks resume, new address", "new"))

    @r("/chain-start")
    def chain(h: Handler) -> None:
        h.redirect("/chain-middle", 302)

    @r("/chain-middle")
    def chain2(h: Handler) -> None:
        h.redirect(server.url("/chain-end"), 301)

    @r("/chain-end")
    def chain3(h: Handler) -> None:
        h.send(article("End of the chain", "end"))

    @r("/cookie-wall")
    def cookie(h: Handler) -> None:
        if "session=abc" in (h.headers.get("Cookie") or ""):
            h.send(article("Behind the cookie", "cookie"))
        else:
            h.redirect("/cookie-wall", 302, {"Set-Cookie": "session=abc; Path=/"})

    @r("/loop-a")
    def loop_a(h: Handler) -> None:
        h.redirect("/loop-b", 302)

    @r("/loop-b")
    def loop_b(h: Handler) -> None:
        h.redirect("/loop-a", 302)

    @r("/gone")
    def gone(h: Handler) -> None:
        h.send("gone", 410)

    @r("/news/2019/old-story")
    def to_home(h: Handler) -> None:
        h.redirect("/", 301)

    @r("/news/2019/to-error-page")
    def to_error(h: Handler) -> None:
        h.redirect("/errors/404.html", 302)

    @r("/errors/404.html")
    def error_page(h: Handler) -> None:
        h.send(article("Oops", "err"))

    @r("/title-not-found")
    def title_nf(h: Handler) -> None:
        h.send("<html><head><title>Page not found | Example News</title></head>"
               "<body>Sorry.</body></html>")

    @r("/de/artikel-weg")
    def heading_nf(h: Handler) -> None:
        h.send("<html><head><title>Example Nachrichten</title></head>"
               "<body><h1>Seite nicht gefunden</h1></body></html>")

    @r("/parked")
    def parked(h: Handler) -> None:
        h.send("<html><head><title>example-news.com</title></head>"
               "<body>This domain is for sale! Make an offer.</body></html>")

    @r("/meta-refresh")
    def meta_refresh(h: Handler) -> None:
        h.send('<html><head><meta http-equiv="refresh" content="0; url=/"></head>'
               "<body>Redirecting</body></html>")

    @r("/catchall/*")
    def catchall(h: Handler) -> None:
        h.send("<html><head><title>Example News</title></head><body><p>We looked everywhere "
               f"for {h.path} but the story you want has moved or never existed. Try the "
               "search box above, browse the latest headlines from our newsroom, or "
               "return to the front page to keep reading today's coverage.</p></body></html>")

    @r("/articles/real-story")
    def real_story(h: Handler) -> None:
        h.send(article("A real story", "story"))

    @r("/bot-wall")
    def bot_wall(h: Handler) -> None:
        h.send("<html><head><title>Just a moment...</title></head></html>", 403,
               headers={"Server": "cloudflare"})

    @r("/challenge-503")
    def challenge(h: Handler) -> None:
        h.send("<html><head><title>Just a moment...</title></head></html>", 503,
               headers={"cf-mitigated": "challenge"})

    @r("/linkedin")
    def linkedin(h: Handler) -> None:
        h.send("", 999)

    @r("/rate-then-ok")
    def rate_then_ok(h: Handler) -> None:
        if h.hits % 2 == 1:  # every first try fails, every retry works
            h.send("slow down", 429, headers={"Retry-After": "0"})
        else:
            h.send(article("Finally", "rate"))

    @r("/rate-date-then-ok")
    def rate_date(h: Handler) -> None:
        if h.hits % 2 == 1:  # every first try fails, every retry works
            h.send("slow down", 429, headers={"Retry-After": http_date(1)})
        else:
            h.send(article("Finally, by date", "rated"))

    @r("/rate-forever")
    def rate_forever(h: Handler) -> None:
        h.send("slow down", 429, headers={"Retry-After": "0"})

    @r("/rate-long")
    def rate_long(h: Handler) -> None:
        h.send("come back tomorrow", 429, headers={"Retry-After": "86400"})

    @r("/flaky")
    def flaky(h: Handler) -> None:
        if h.hits % 2 == 1:  # every first try fails, every retry works
            h.send("oops", 500)
        else:
            h.send(article("Recovered", "flaky"))

    @r("/down")
    def down(h: Handler) -> None:
        h.send("unavailable", 503)

    @r("/reset")
    def reset(h: Handler) -> None:
        h.reset()

    @r("/slow")
    def slow(h: Handler) -> None:
        time.sleep(1.5)
        h.send(article("Slow", "slow"))

    @r("/login-only")
    def login_only(h: Handler) -> None:
        h.redirect("/account/login?next=/login-only", 302)

    @r("/account/login")
    def login(h: Handler) -> None:
        h.send(article("Sign in", "login"))

    return server


@pytest.fixture(scope="module")
def site() -> Iterator[LinkServer]:
    with serve(web()) as server:
        yield server


def check(url: str, options: CheckOptions = FAST, session: Any = None) -> LinkCheck:
    return Checker(session or make_session(options), options).check(url)


@pytest.mark.parametrize(("path", "status", "words"), [
    ("/ok", LinkStatus.ALIVE, "answers 200"),
    ("/files/head-refused.pdf", LinkStatus.ALIVE, "answers 200"),
    ("/files/head-lies.pdf", LinkStatus.ALIVE, "answers 200"),
    ("/files/report.pdf", LinkStatus.ALIVE, "answers 200"),
    ("/cookie-wall", LinkStatus.ALIVE, "redirect back to itself"),
    ("/old-address", LinkStatus.REDIRECTED, "moved permanently"),
    ("/chain-start", LinkStatus.REDIRECTED, "moved temporarily"),
    ("/loop-a", LinkStatus.DEAD, "redirect loop"),
    ("/missing", LinkStatus.DEAD, "not found (404)"),
    ("/gone", LinkStatus.DEAD, "gone (410)"),
    ("/news/2019/old-story", LinkStatus.SOFT_404, "home page"),
    ("/news/2019/to-error-page", LinkStatus.SOFT_404, "error page"),
    ("/title-not-found", LinkStatus.SOFT_404, '"not found" title'),
    ("/de/artikel-weg", LinkStatus.SOFT_404, '"not found" heading'),
    ("/parked", LinkStatus.SOFT_404, "parked"),
    ("/meta-refresh", LinkStatus.SOFT_404, "meta refresh"),
    ("/catchall/2020/some-story", LinkStatus.SOFT_404, "made-up URL"),
    ("/articles/real-story", LinkStatus.ALIVE, "answers 200"),
    ("/bot-wall", LinkStatus.BLOCKED, "challenge"),
    ("/challenge-503", LinkStatus.BLOCKED, "challenge"),
    ("/linkedin", LinkStatus.BLOCKED, "999"),
    ("/login-only", LinkStatus.BLOCKED, "login page"),
    ("/rate-then-ok", LinkStatus.ALIVE, "after 1 retry"),
    ("/rate-date-then-ok", LinkStatus.ALIVE, "after 1 retry"),
    ("/rate-forever", LinkStatus.BLOCKED, "429"),
    ("/rate-long", LinkStatus.BLOCKED, "beyond the 5 s cap"),
    ("/flaky", LinkStatus.ALIVE, "after 1 retry"),
    ("/down", LinkStatus.SERVER_ERROR, "server error (503)"),
    ("/reset", LinkStatus.SERVER_ERROR, "reset"),
])
@pytest.mark.parametrize("session", SESSIONS)
def test_behaviour(site: LinkServer, path: str, status: LinkStatus, words: str,
                   session: Any) -> None:
    """Every behaviour, with the default session and with an injected requests.Session."""
    result = check(site.url(path), session=session(FAST))
    assert result.status == status, result
    assert words in result.reason, result.reason
    assert "\n" not in result.reason


def test_head_first_only_for_files(site: LinkServer) -> None:
    site.methods.clear()
    assert check(site.url("/files/head-refused.pdf")).status == LinkStatus.ALIVE
    assert check(site.url("/ok")).status == LinkStatus.ALIVE
    methods = [m for m, p in site.methods if p in ("/files/head-refused.pdf", "/ok")]
    assert methods == ["HEAD", "GET", "GET"]


def test_head_answer_trusted_for_a_large_file(site: LinkServer) -> None:
    site.methods.clear()
    assert check(site.url("/files/report.pdf")).http_status == 200
    assert [m for m, p in site.methods if p == "/files/report.pdf"] == ["HEAD"]


def test_redirect_chain_is_recorded(site: LinkServer) -> None:
    result = check(site.url("/chain-start"))
    assert [(r.url, r.status) for r in result.redirects] == [
        (site.url("/chain-start"), 302), (site.url("/chain-middle"), 301)]
    assert result.final_url == site.url("/chain-end")
    assert result.permanent_redirect is False
    moved = check(site.url("/old-address"))
    assert moved.permanent_redirect is True
    assert moved.final_url == site.url("/new-address")


def test_redirect_cap(site: LinkServer) -> None:
    options = CheckOptions(allow_private=True, min_gap=0, timeout=2, max_redirects=1, retries=0)
    result = check(site.url("/chain-start"), options)
    assert result.status == LinkStatus.DEAD
    assert "more than 1 redirects" in result.reason


def test_retries_exhausted_count_attempts(site: LinkServer) -> None:
    before = site.hits["/down"]
    result = check(site.url("/down"))
    assert site.hits["/down"] - before == 3
    assert "3 attempts" in result.reason
    assert result.http_status == 503


def test_large_body_is_not_downloaded(site: LinkServer) -> None:
    result = check(site.url("/big"))
    assert result.status == LinkStatus.ALIVE
    # The checker reads 64 KiB and hangs up; kernel buffers may take a few MB more.
    assert site.sent_bytes < 20 * 1024 * 1024


@pytest.mark.parametrize("session", SESSIONS)
def test_refused_port_is_dead(session: Any) -> None:
    result = check(f"http://127.0.0.1:{refused_port()}/page", session=session(FAST))
    assert result.status == LinkStatus.DEAD
    assert "refused" in result.reason
    assert result.error


@pytest.mark.parametrize("session", SESSIONS)
def test_slow_server_times_out(site: LinkServer, session: Any) -> None:
    options = CheckOptions(allow_private=True, min_gap=0, timeout=0.3, retries=1, backoff=0.01)
    result = check(site.url("/slow"), options, session(options))
    assert result.status == LinkStatus.TIMEOUT
    assert result.http_status is None


@pytest.mark.parametrize("session", [urllib3_session, requests_session])
def test_unresolvable_name_is_a_dns_failure(session: Any) -> None:
    """libcurl resolves names itself, out of reach of the guard above, so the curl session
    is not sent to a name; its error mapping is checked on its own below."""
    result = check("http://no-such-host.invalid/article", session=session(FAST))
    assert result.status == LinkStatus.DNS_FAILURE
    assert "resolve" in result.reason


@pytest.mark.filterwarnings("ignore::urllib3.exceptions.InsecureRequestWarning")
@pytest.mark.parametrize("session", SESSIONS)
def test_self_signed_certificate_is_a_tls_error(tmp_path: Path, session: Any) -> None:
    with serve(tls_server(tmp_path)) as secure:
        result = check(secure.url("/"), session=session(FAST))
        assert result.status == LinkStatus.TLS_ERROR, result
        assert "certificate" in result.reason
        trusting = CheckOptions(allow_private=True, min_gap=0, timeout=2, verify_tls=False)
        assert check(secure.url("/"), trusting, session(trusting)).status == LinkStatus.ALIVE


def test_headers_are_honest_and_browser_like(site: LinkServer) -> None:
    seen: dict[str, str] = {}

    @site.route("/echo")
    def echo(h: Handler) -> None:
        seen.update(h.headers.items())
        h.send(article("Echo", "echo"))

    options = CheckOptions(allow_private=True, min_gap=0, timeout=2,
                           user_agent="MyBot/1.0 (+mailto:me@x.org)")
    assert check(site.url("/echo"), options).status == LinkStatus.ALIVE
    assert seen["User-Agent"] == "MyBot/1.0 (+mailto:me@x.org)"
    assert seen["Accept"].startswith("text/html")
    assert "srctrack" in CheckOptions().user_agent


def test_only_http_and_https(site: LinkServer) -> None:
    @site.route("/to-ftp")
    def to_ftp(h: Handler) -> None:
        h.redirect("ftp://files.example.org/report.pdf", 301)

    result = check(site.url("/to-ftp"))
    assert result.status == LinkStatus.REDIRECTED
    assert result.final_url == "ftp://files.example.org/report.pdf"
    assert "not fetched" in result.reason


def test_retry_after_parses_seconds_and_dates() -> None:
    assert retry_after("120") == 120
    date = retry_after(http_date(30))
    assert date is not None and 25 <= date <= 31
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0
    assert retry_after("soon") is None
    assert retry_after(None) is None


def test_many_links_concurrently_and_politely() -> None:
    server = LinkServer()

    @server.route("/p/*")
    def page(h: Handler) -> None:
        time.sleep(0.05)
        h.send(article("Page", h.path))

    with serve(server):
        options = CheckOptions(allow_private=True, concurrency=16, per_host=3, min_gap=0, timeout=5,
                               sibling_probe=False)
        urls = [server.url(f"/p/{i}") for i in range(30)]
        results = list(check_links(urls, session=make_session(options), options=options))
    assert sorted(r.url for r in results) == sorted(urls)
    assert {r.status for r in results} == {LinkStatus.ALIVE}
    assert server.max_in_flight <= 3


def test_min_gap_between_requests_to_one_host() -> None:
    server = LinkServer()

    @server.route("/g/*")
    def page(h: Handler) -> None:
        h.send(article("Page", h.path))

    starts: list[float] = []
    options = CheckOptions(allow_private=True, concurrency=4, per_host=4, min_gap=0.2, timeout=5,
                           sibling_probe=False)
    inner = make_session(options)

    class Recording:
        """Notes when each request leaves, which is what the gap governs."""

        def request(self, *args: Any, **kwargs: Any) -> Any:
            starts.append(time.monotonic())
            return inner.request(*args, **kwargs)

    with serve(server):
        results = list(check_links([server.url(f"/g/{i}") for i in range(5)],
                                   session=Recording(), options=options))
    assert {r.status for r in results} == {LinkStatus.ALIVE}
    starts.sort()
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    assert len(starts) == 5
    # The gate spaces requests as they leave it; the moment this wrapper notes them can lag
    # by the time a loaded machine takes to run a thread, hence a little slack.
    assert min(gaps) >= 0.18, gaps


def test_a_busy_host_does_not_hold_up_other_hosts() -> None:
    """Two slots, a slow host first in line: its URLs wait in the look-ahead (one at a time
    on it) while the other slot works through the fast host."""
    slow, fast = LinkServer(), LinkServer()

    @slow.route("/s/*")
    def slow_page(h: Handler) -> None:
        time.sleep(0.4)
        h.send(article("Slow", h.path))

    @fast.route("/f/*")
    def fast_page(h: Handler) -> None:
        h.send(article("Fast", h.path))

    with serve(slow), serve(fast):
        options = CheckOptions(allow_private=True, concurrency=2, per_host=1, min_gap=0, timeout=5,
                               sibling_probe=False)
        urls = [slow.url(f"/s/{i}") for i in range(3)] + [fast.url(f"/f/{i}") for i in range(4)]
        order = [r.url for r in check_links(urls, session=make_session(options),
                                            options=options)]
    last_fast = max(i for i, u in enumerate(order) if "/f/" in u)
    second_slow = [i for i, u in enumerate(order) if "/s/" in u][1]
    assert last_fast < second_slow, order


def wayback(mode: str) -> LinkServer:
    server = LinkServer()

    @server.route("/web/*")
    def lookup(h: Handler) -> None:
        if mode == "found":
            target = h.path.split("/", 3)[3]
            h.redirect(f"/web/20190405060708/{target}", 302)
        elif mode == "none":
            h.send("not archived", 404)
        elif mode == "busy":
            h.send("too many", 429, headers={"Retry-After": "60"})
        else:
            time.sleep(1.0)
            h.send("late", 200)

    return server


@pytest.mark.parametrize(("mode", "state"), [("found", "found"), ("none", "none"),
                                             ("busy", "unknown"), ("slow", "unknown")])
def test_archive_lookup(site: LinkServer, mode: str, state: str) -> None:
    with serve(wayback(mode)) as archive:
        targets = [LinkTarget(site.url("/missing"), "2019-04-05"), site.url("/ok")]
        results = {r.url: r for r in check_links(
            targets, session=make_session(FAST), options=FAST,
            archive=ArchiveOptions(archive.base, timeout=0.3))}
        asked = [p for _, p in archive.methods]
    dead = results[site.url("/missing")]
    assert dead.status == LinkStatus.DEAD
    assert dead.archive == state
    if state == "found":
        assert dead.archived_url == (f"{archive.base}/web/20190405060708/"
                                     f"{site.url('/missing')}")
        assert asked == [f"/web/20190405/{site.url('/missing')}"]
    else:
        assert dead.archived_url is None
    alive = results[site.url("/ok")]
    assert alive.archive is None  # live links are not looked up


def test_a_rate_limiting_archive_is_left_alone(site: LinkServer) -> None:
    options = CheckOptions(allow_private=True, concurrency=4, per_host=1, min_gap=0, timeout=2,
                           retries=0)
    with serve(wayback("busy")) as archive:
        targets = [site.url(f"/missing/{i}") for i in range(3)]
        results = list(check_links(targets, session=make_session(options), options=options,
                                   archive=ArchiveOptions(archive.base, timeout=1)))
        asked = len(archive.methods)
    assert [r.archive for r in results] == ["unknown"] * 3
    assert asked == 1


def test_curl_errors_mean_what_the_other_sessions_errors_mean() -> None:
    from srctrack.check import classify
    from srctrack.check.curl import _error

    cases = {6: LinkStatus.DNS_FAILURE, 28: LinkStatus.TIMEOUT, 60: LinkStatus.TLS_ERROR,
             35: LinkStatus.TLS_ERROR, 56: LinkStatus.SERVER_ERROR, 52: LinkStatus.SERVER_ERROR,
             3: LinkStatus.DEAD}
    for code, status in cases.items():
        assert classify.from_exception(_error(code, "curl says")).status == status, code
    refused = _error(7, "Failed to connect to 127.0.0.1 port 1: Couldn't connect", 111)
    assert classify.from_exception(refused).status == LinkStatus.DEAD
