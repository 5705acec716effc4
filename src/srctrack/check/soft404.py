"""Is a page that answers 200 really the page that was linked? Soft-404 detection.

Signals, each enough on its own:
- a deep link redirected to the site's home page, or to a page named like an error page;
- a "page not found" title or first heading, in the languages readers of analysis meet;
- a parked-domain or domain-for-sale page;
- a meta refresh that sends a deep link to the root;
- a page (nearly) identical to what a made-up sibling URL returns: the site answers any path
  with the same placeholder.
Challenge pages (Cloudflare, Akamai, DataDome ...) are told apart: those are `blocked`.
"""

from __future__ import annotations

import html
import re
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from posixpath import dirname, splitext
from urllib.parse import urljoin, urlsplit, urlunsplit

from srctrack.normalize import ascii_fold

# Titles and headings of "not found" pages. Matched on the accent-folded, lower-cased
# title or first <h1>, so "Página no encontrada" is written "pagina no encontrada".
NOT_FOUND_PHRASES = (
    "page not found", "page cannot be found", "page could not be found",
    "page does not exist", "page doesn't exist", "page no longer exists",
    "we can't find that page", "we couldn't find that page", "this page isn't available",
    "content not found", "article not found",
    "seite nicht gefunden", "seite wurde nicht gefunden",
    "page introuvable", "page non trouvee", "cette page n'existe pas",
    "pagina no encontrada", "pagina non trovata", "pagina niet gevonden",
    "pagina nao encontrada", "strona nie istnieje", "nie znaleziono strony",
    "stranka nenalezena", "stranka nebola najdena", "sidan hittades inte",
    "sidan kunde inte hittas", "siden blev ikke fundet", "siden finnes ikke",
    "siden ble ikke funnet", "sivua ei loytynyt", "sayfa bulunamadi", "oldal nem talalhato",
    "pagina nu a fost gasita", "страница не найдена", "сторінку не знайдено",
    "сторінка не знайдена", "старонка не знойдзена", "σελιδα δεν βρεθηκε",
    "الصفحة غير موجودة", "הדף לא נמצא", "页面不存在", "页面未找到", "找不到页面",
    "ページが見つかりません", "페이지를 찾을 수 없습니다",
)
_NOT_FOUND_RE = re.compile("|".join(re.escape(p) for p in NOT_FOUND_PHRASES))
# Generic words ("Not Found", "404") count only when they are a whole part of the title
# ("404 Not Found", "Not Found | Example"), never inside a headline about something missing.
_WEAK_NOT_FOUND = re.compile(
    r"^(error\s*)?(404\s*)?(error|not found|file not found|nothing found|nicht gefunden|"
    r"introuvable|no encontrado|non trovato|niet gevonden|не найдено)?$")
_TITLE_PARTS = re.compile(r"\s+[|–—\-:·•»]\s+|\s*[|–—·•»]\s*")


def _is_not_found(text: str) -> bool:
    folded = _folded(text)
    if _NOT_FOUND_RE.search(folded):
        return True
    for part in _TITLE_PARTS.split(folded):
        part = part.strip(" .!-")
        if part and part != "error" and _WEAK_NOT_FOUND.match(part):
            return True
    return False
PARKED_MARKERS = (
    "this domain is for sale", "this domain may be for sale", "buy this domain",
    "domain is parked", "this domain has been parked", "parked free", "parkingcrew",
    "sedoparking", "sedo domain parking", "bodis.com", "hugedomains", "afternic",
    "dan.com/buy-domain", "this domain name has expired", "domain has expired",
    "the domain name is for sale", "domain for sale", "parklogic", "above.com",
)
CHALLENGE_MARKERS = (
    "<title>just a moment...</title>", "attention required! | cloudflare",
    "cf-browser-verification", "/cdn-cgi/challenge-platform", "cf_chl_opt",
    "px-captcha", "captcha-delivery.com", "_incapsula_resource", "pardon our interruption",
    "are you a robot", "verify you are human", "checking your browser before accessing",
    "ddos protection by", "please enable cookies and reload",
)
ROOT_PATH = re.compile(r"^/?((index|default|home)(\.\w+)?|home|start|[a-z]{2}([-_][a-z]{2})?)?/?$",
                       re.IGNORECASE)
ERROR_SEGMENTS = frozenset({"404", "notfound", "not-found", "not_found", "pagenotfound",
                            "page-not-found", "page_not_found", "error", "errors", "error404",
                            "404error", "404-page", "error-404", "error_404"})
LOGIN_SEGMENTS = frozenset({"login", "signin", "sign-in", "sign_in", "logon", "auth", "sso",
                            "authenticate", "authorize"})
_TITLE = re.compile(r"<title[^>]*>(.*?)</title", re.IGNORECASE | re.DOTALL)
_H1 = re.compile(r"<h1[^>]*>(.*?)</h1", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_SCRIPT = re.compile(r"<(script|style|noscript|template)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_META_REFRESH = re.compile(
    r"""<meta[^>]+http-equiv\s*=\s*["']?refresh["']?[^>]*>""", re.IGNORECASE)
_REFRESH_URL = re.compile(r"""content\s*=\s*["']?\s*\d*\s*;?\s*url\s*=\s*['"]?([^"'>\s]*)""",
                          re.IGNORECASE)
_WORD = re.compile(r"\w+")
#: Two pages whose word-trigram sets overlap this much are the same page.
SIMILAR = 0.9
#: A page with fewer visible words is a script-rendered shell: comparing it says nothing.
MIN_WORDS = 20


def is_root(url: str) -> bool:
    return bool(ROOT_PATH.match(urlsplit(url).path or "/"))


def is_deep(url: str) -> bool:
    parts = urlsplit(url)
    return not is_root(url) or bool(parts.query)


def _segments(url: str) -> list[str]:
    parts = urlsplit(url)
    segs = [splitext(s)[0].lower() for s in parts.path.split("/") if s]
    return segs


def redirect_signal(original: str, final: str) -> str | None:
    """Why a deep link that ended at `final` is a soft 404, or None."""
    if final == original or not is_deep(original):
        return None
    if is_root(final) and not urlsplit(final).query:
        return f"a deep link redirected to the site's home page ({final})"
    if ERROR_SEGMENTS.intersection(_segments(final)) and not ERROR_SEGMENTS.intersection(
            _segments(original)):
        return f"redirected to an error page ({final})"
    return None


def login_signal(original: str, final: str) -> str | None:
    if final == original:
        return None
    host = (urlsplit(final).hostname or "").split(".")[0]
    if LOGIN_SEGMENTS.intersection(_segments(final)) or host in ("login", "auth", "accounts",
                                                                  "signin", "sso"):
        return f"redirected to a login page ({final})"
    return None


def decode(body: bytes, content_type: str | None) -> str:
    charset = None
    if content_type:
        m = re.search(r"charset=([\w-]+)", content_type, re.IGNORECASE)
        charset = m.group(1) if m else None
    if not charset:
        meta = re.search(rb"""<meta[^>]+charset=["']?([\w-]+)""", body[:4096], re.IGNORECASE)
        charset = meta.group(1).decode("ascii") if meta else "utf-8"
    try:
        return body.decode(charset, "replace")
    except LookupError:
        return body.decode("utf-8", "replace")


def _clean(fragment: str) -> str:
    return " ".join(html.unescape(_TAG.sub(" ", fragment)).split())


def title_of(page: str) -> str:
    m = _TITLE.search(page)
    return _clean(m.group(1)) if m else ""


def _folded(text: str) -> str:
    # Fold Latin accents only; other scripts pass through as they are.
    if text.isascii():
        return text.lower()
    return "".join(ch if ch.isascii() else (ascii_fold(ch) or ch) for ch in text).lower()


def challenge_signal(page: str, headers: dict[str, str]) -> str | None:
    """A bot-wall challenge page: the link may be fine, the robot is refused."""
    if headers.get("cf-mitigated", "").lower() == "challenge":
        return "a bot challenge page (Cloudflare)"
    low = page[:20000].lower()
    for marker in CHALLENGE_MARKERS:
        if marker in low:
            return f"a bot challenge page ({marker.strip('<>/').split('|')[-1].strip()!r})"
    return None


def page_signal(url: str, page: str) -> str | None:
    """Why a page that answered 200 is an error or placeholder page, or None."""
    title = title_of(page)
    if is_deep(url):
        m = _H1.search(page)
        for label, text in (("title", title), ("heading", _clean(m.group(1)) if m else "")):
            if text and len(text) <= 120 and _is_not_found(text):
                return f'a "not found" {label}: "{text[:80]}"'
    low = page.lower()
    for marker in PARKED_MARKERS:
        if marker in low:
            return f'a parked-domain page ("{marker}")'
    for meta in _META_REFRESH.findall(page):
        m = _REFRESH_URL.search(meta)
        if m and is_deep(url):
            target = urljoin(url, html.unescape(m.group(1)))
            if is_root(target) and urlsplit(target).netloc == urlsplit(url).netloc:
                return f"a meta refresh to the site's root ({target})"
    return None


def visible_words(page: str, drop: tuple[str, ...] = ()) -> list[str]:
    """The words a reader sees, with the given strings (echoed paths) taken out."""
    text = html.unescape(_TAG.sub(" ", _SCRIPT.sub(" ", page))).lower()
    for s in drop:
        if s:
            text = text.replace(s.lower(), " ")
    return _WORD.findall(text)


def shingles(words: list[str]) -> frozenset[int]:
    if len(words) < 3:
        return frozenset([hash(tuple(words))])
    return frozenset(map(hash, zip(words, words[1:], words[2:], strict=False)))


def similarity(a: frozenset[int], b: frozenset[int]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def echo_tokens(url: str) -> tuple[str, ...]:
    """The parts of a URL an error page might echo back ("/news/x was not found")."""
    parts = urlsplit(url)
    last = parts.path.rstrip("/").rsplit("/", 1)[-1]
    return (parts.path, parts.path.strip("/"), last, splitext(last)[0], parts.query)


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What a made-up URL in a folder returns: enough to compare a real page with."""

    answered: bool  # 2xx after redirects
    final_url: str | None
    redirected: bool
    shingles: frozenset[int]
    words: int


def sibling_url(url: str) -> str:
    """A URL next to `url` that cannot exist: same folder, same suffix, random name."""
    parts = urlsplit(url)
    path = parts.path or "/"
    folder = path if path.endswith("/") else dirname(path).rstrip("/") + "/"
    suffix = splitext(path.rsplit("/", 1)[-1])[1] if not path.endswith("/") else ""
    if len(suffix) > 6:
        suffix = ""
    name = f"srctrack-{secrets.token_hex(8)}{suffix}"
    return urlunsplit((parts.scheme, parts.netloc, folder + name, "", ""))


def folder_key(url: str) -> str:
    parts = urlsplit(url)
    path = parts.path or "/"
    folder = path if path.endswith("/") else dirname(path)
    return f"{parts.scheme}://{parts.netloc}{folder}"


def sibling_signal(url: str, final_url: str, page: str, sibling: Fingerprint) -> str | None:
    """Why a page that looks like what a made-up sibling URL returns is a soft 404."""
    if not sibling.answered or not is_deep(url):
        return None
    if sibling.redirected and sibling.final_url == final_url and final_url != url:
        return f"redirects where a made-up URL in the same folder does too ({final_url})"
    words = visible_words(page, echo_tokens(url) + echo_tokens(final_url))
    if len(words) < MIN_WORDS or sibling.words < MIN_WORDS:
        return None
    if similarity(shingles(words), sibling.shingles) >= SIMILAR:
        return "the same page a made-up URL in the same folder returns"
    return None


class SiblingCache:
    """One probe per folder, shared by every check in the run; bounded (LRU) so memory stays
    flat. Concurrent checks of one folder wait for the first probe instead of repeating it."""

    def __init__(self, size: int = 4096) -> None:
        self._size = size
        self._lock = threading.Lock()
        self._done: OrderedDict[str, Fingerprint] = OrderedDict()
        self._pending: dict[str, threading.Event] = {}

    def get(self, key: str, probe: Callable[[], Fingerprint]) -> Fingerprint:
        """The fingerprint for `key`, calling `probe()` once if no one has yet."""
        while True:
            with self._lock:
                if key in self._done:
                    self._done.move_to_end(key)
                    return self._done[key]
                event = self._pending.get(key)
                if event is None:
                    event = self._pending[key] = threading.Event()
                    mine = True
                else:
                    mine = False
            if not mine:
                event.wait()
                continue
            try:
                found = probe()
            except BaseException:
                with self._lock:
                    del self._pending[key]
                event.set()
                raise
            with self._lock:
                self._done[key] = found
                while len(self._done) > self._size:
                    self._done.popitem(last=False)
                del self._pending[key]
            event.set()
            return found
