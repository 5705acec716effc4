"""HTML: the article's text without menus, banners, share buttons and comments, its links
with their spans in that text, and the page's own metadata (title, author, date, site,
canonical URL) as the document's record."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from srctrack.model import Document, Link

SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "nav", "header", "footer",
             "aside", "form", "button", "select", "iframe", "head"}
BLOCK_TAGS = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr",
              "table", "section", "article", "blockquote", "pre", "hr", "dd", "dt", "figcaption",
              "main", "body"}
VOID_TAGS = {"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed", "source",
             "track", "wbr"}
# class or id names of page furniture that is not the article.
BOILERPLATE_RE = re.compile(
    r"(^|[-_\s])(cookie|consent|gdpr|share|sharing|social|comment|comments|menu|navbar|nav|"
    r"sidebar|related|newsletter|subscribe|breadcrumb|advert|ad-|promo|footer|header)([-_\s]|$)",
    re.IGNORECASE)
META_FIELDS = {
    "title": ("og:title", "twitter:title", "dc.title", "citation_title"),
    "author": ("author", "article:author", "dc.creator", "citation_author", "parsely-author"),
    "date": ("article:published_time", "date", "dc.date", "citation_publication_date",
             "pubdate", "publish-date", "parsely-pub-date"),
    "site": ("og:site_name", "application-name"),
}


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.length = 0
        self.skip_depth = 0
        self.stack: list[tuple[str, bool]] = []  # (tag, opened a skipped region)
        self.links: list[Link] = []
        self.open_link: tuple[str, int] | None = None
        self.meta: dict[str, str] = {}
        self.title = ""
        self.in_title = False
        self.canonical: str | None = None

    def _emit(self, s: str) -> None:
        self.parts.append(s)
        self.length += len(s)

    def _newline(self) -> None:
        if self.parts and not self.parts[-1].endswith("\n"):
            self._emit("\n")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "meta":
            name = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if name and a.get("content"):
                self.meta.setdefault(name, a["content"].strip())
            return
        if tag == "link" and "canonical" in a.get("rel", "").lower().split():
            self.canonical = a.get("href") or None
            return
        if tag == "title":
            self.in_title = True
        if tag in VOID_TAGS:
            if tag in BLOCK_TAGS and not self.skip_depth:
                self._newline()
            return
        marker = " ".join((a.get("class", ""), a.get("id", ""), a.get("role", "")))
        skipped = tag in SKIP_TAGS or bool(BOILERPLATE_RE.search(marker))
        self.stack.append((tag, skipped))
        if skipped:
            self.skip_depth += 1
        if self.skip_depth:
            return
        if tag in BLOCK_TAGS:
            self._newline()
        if tag == "a" and a.get("href", "").startswith(("http://", "https://")):
            self.open_link = (a["href"], self.length)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if not any(t == tag for t, _ in self.stack):
            return  # a stray end tag: ignore rather than unbalance the stack
        while self.stack:
            t, skipped = self.stack.pop()
            if skipped:
                self.skip_depth -= 1
            if t == tag:
                break
        if self.skip_depth:
            return
        if tag == "a" and self.open_link:
            url, start = self.open_link
            text = "".join(self.parts)[start:]
            self.links.append(Link(url=url, start=start, end=self.length, text=text))
            self.open_link = None
        if tag in BLOCK_TAGS:
            self._newline()

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title += data
            return
        if self.skip_depth:
            return
        data = re.sub(r"\s+", " ", data)
        if self.parts and self.parts[-1].endswith(("\n", " ")):
            data = data.lstrip(" ")
        if data:
            self._emit(data)


def to_document(path: str, source: str, sha256: str) -> Document:
    parser = _Extractor()
    parser.feed(source)
    parser.close()
    text = "".join(parser.parts)
    meta = parser.meta

    def first(field: str) -> str | None:
        return next((meta[k] for k in META_FIELDS[field] if meta.get(k)), None)

    date = first("date")
    title = first("title") or (" ".join(parser.title.split()) or None)
    return Document(path=path, text=text, sha256=sha256, format="html", title=title,
                    author=first("author"), date=date[:10] if date else None,
                    url=parser.canonical or meta.get("og:url"), links=tuple(parser.links))
