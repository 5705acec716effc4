"""HTML: the article's text without menus, banners, share buttons and comments, its links
with their spans in that text, and the page's own metadata (title, author, date, site,
canonical URL) as the document's record.

Footnotes are rendered the way a reader sees them, in the forms the notes extractor reads:
an item of an ordered list starts with its number ("3. ", from the list's `start` and the
item's `value`), a note reference (a `<sup>` holding only a number, or a number linked to a
footnote id: `<a href="#fn3">3</a>`) becomes superscript digits ("³"), and a link from a note
back to its reference ("↩") is dropped; when it is the note's number, the number becomes the
note's label. Where the notes are (the first element a reference points to, else a
`footnotes`/`endnotes` container) is kept as `Document.notes_start`, since such lists often
have no "Notes" heading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from srctrack.model import Document, Link
from srctrack.normalize import canonical_url
from srctrack.read.guard import defuse
from srctrack.read.links import usable_links

SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "nav", "header", "footer",
             "aside", "form", "button", "select", "iframe", "head", "textarea"}
#: An inline style that hides an element: what it holds is not text a reader sees.
HIDDEN_STYLE_RE = re.compile(r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)",
                             re.IGNORECASE)
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
    "date": ("article:published_time", "date", "dc.date", "dcterms.date",
             "citation_publication_date",
             "pubdate", "publish-date", "parsely-pub-date"),
    "site": ("og:site_name", "application-name"),
}
SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
TO_SUPERSCRIPT = str.maketrans("0123456789", SUPERSCRIPTS, "[]")
# What a note reference says: "3", "[3]", "1, 2", "4–6", in plain or superscript digits.
NOTE_NUMBER_RE = re.compile(rf"\[?[\d{SUPERSCRIPTS}]{{1,3}}\]?"
                            rf"(?:\s*[,–-]\s*\[?[\d{SUPERSCRIPTS}]{{1,3}}\]?)*")
# A note's own number where it links back to its reference: "3", "3.", "[3]".
LABEL_RE = re.compile(r"\[?(\d{1,3})\]?\.?")
# Ids, classes and roles that name footnotes: #fn3, #fn:3, #_ftn3, #footnote-3, #note3,
# #endnote-3, #cite_note-3, class="footnote-ref", role="doc-noteref".
NOTE_NAME_RE = re.compile(r"fn|ftn|note", re.IGNORECASE)
# Containers of a page's notes: <section class="footnotes">, <div id="endnotes">,
# role="doc-endnotes".
NOTES_CONTAINER_RE = re.compile(r"(?:foot|end)[-_]?notes|doc-(?:end|foot)notes", re.IGNORECASE)
# What a back-link from a note to its reference says when it is not the note's number.
BRACKETS = {"]": "[", ")": "("}  # closing: opening, around a back-link: "[↩]"
BACKLINK_TEXT_RE = re.compile(r"[\s↩↑⤴⇧^\ufe0e\ufe0f]+")


@dataclass(slots=True)
class _Element:
    tag: str
    skipped: bool  # opened a skipped region
    start: int  # offset in the text where its content begins
    attrs: dict[str, str] = field(default_factory=dict)


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.length = 0
        self.skip_depth = 0
        self.stack: list[_Element] = []
        self.links: list[Link] = []
        self.open_link: tuple[str, int] | None = None
        self.meta: dict[str, str] = {}
        self.title = ""
        self.in_title = False
        self.title_seen = False  # the page's title is its first <title>, outside any svg
        self.canonical: str | None = None
        # Footnotes: the counters of the open lists (None for an unordered one), the label
        # that starts the current list item's text, ids of note references and the ids
        # they point to, and where the notes begin.
        self.lists: list[int | None] = []
        self.pending_label: str | None = None
        self.label: tuple[int, str] | None = None  # where the last label went, and which
        self.reference_ids: set[str] = set()
        self.referenced_ids: set[str] = set()
        self.first_note: int | None = None
        self.notes_container: int | None = None
        self.backlink_end: int | None = None  # where the text stood after a back-link went

    def _emit(self, s: str) -> None:
        if s:
            self.parts.append(s)
            self.length += len(s)

    def _at_line_start(self) -> bool:
        return not self.parts or self.parts[-1].endswith("\n")

    def _newline(self) -> None:
        if not self._at_line_start():
            self._emit("\n")

    def _tail(self, start: int) -> str:
        """The text emitted since offset `start`."""
        pieces, length = [], self.length
        for piece in reversed(self.parts):
            if length <= start:
                break
            pieces.append(piece)
            length -= len(piece)
        return "".join(reversed(pieces))[start - length:]

    def _replace_tail(self, start: int, new: str) -> None:
        """Rewrite the text emitted since offset `start` (nothing after it is a link)."""
        removed = ""
        while self.length > start:
            piece = self.parts.pop()
            self.length -= len(piece)
            removed = piece + removed
        self._emit(removed[:start - self.length] + new)

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
        if tag == "title" and not self.title_seen \
                and not any(e.tag == "svg" for e in self.stack):
            self.in_title = True
        if tag in VOID_TAGS:
            if tag in BLOCK_TAGS and not self.skip_depth:
                self._newline()
            return
        marker = " ".join((a.get("class", ""), a.get("id", ""), a.get("role", "")))
        # (Not aria-hidden: it hides from screen readers what the eye still sees.)
        hidden = "hidden" in a or bool(HIDDEN_STYLE_RE.search(a.get("style", "")))
        # A second <title> (in the body, an svg's) is neither the page's title nor text.
        stray_title = tag == "title" and not self.in_title
        skipped = tag in SKIP_TAGS or hidden or stray_title or bool(BOILERPLATE_RE.search(marker))
        if skipped:
            self.skip_depth += 1
        if not self.skip_depth and tag in BLOCK_TAGS:
            self._newline()
        self.stack.append(_Element(tag, skipped, self.length, a))
        if self.skip_depth:
            return
        self._start_footnote_markup(tag, a, marker)
        if tag == "a" and a.get("href", "").startswith(("http://", "https://")):
            self.open_link = (a["href"], self.length)

    def _start_footnote_markup(self, tag: str, a: dict[str, str], marker: str) -> None:
        if tag == "ol":
            start = a.get("start", "").strip()
            self.lists.append(int(start) - 1 if start.lstrip("-").isdigit() else 0)
        elif tag == "ul":
            self.lists.append(None)
        elif tag == "li" and self.lists and self.lists[-1] is not None:
            value = a.get("value", "").strip()
            number = int(value) if value.lstrip("-").isdigit() else self.lists[-1] + 1
            self.lists[-1] = number
            self.pending_label = f"{number}. "
        if self.first_note is None and (a.get("id") or a.get("name")) in self.referenced_ids:
            self._newline()  # a note starts its own line
            self.first_note = self.length
            self.stack[-1].start = self.length
        if self.notes_container is None and NOTES_CONTAINER_RE.search(marker):
            self.notes_container = self.length

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self.in_title:
            self.in_title = False
            self.title_seen = True
        if not any(e.tag == tag for e in self.stack):
            return  # a stray end tag: ignore rather than unbalance the stack
        while self.stack:
            element = self.stack.pop()
            if element.skipped:
                self.skip_depth -= 1
            if element.tag == tag:
                break
        if self.skip_depth:
            return
        if tag == "a" and self.open_link:
            url, start = self.open_link
            self.links.append(Link(url=url, start=start, end=self.length,
                                   text=self._tail(start)))
            self.open_link = None
        self._end_footnote_markup(element)
        if tag in BLOCK_TAGS:
            self._newline()

    def _end_footnote_markup(self, element: _Element) -> None:
        if element.tag in ("ol", "ul") and self.lists:
            self.lists.pop()
            self.pending_label = None
        elif element.tag == "li":
            self.pending_label = None  # an empty item
        elif element.tag == "sup":
            self._end_sup(element)
        elif element.tag == "a":
            self._end_anchor(element)

    def _end_sup(self, element: _Element) -> None:
        """A superscript holding only a number is a note reference."""
        if self._is_reference_text(element):
            self._mark_reference(element)

    def _end_anchor(self, element: _Element) -> None:
        href = element.attrs.get("href", "")
        if not href.startswith("#") or len(href) < 2:
            return
        fragment, text = href[1:], self._own_text(element)
        if fragment in self.reference_ids or BACKLINK_TEXT_RE.fullmatch(text):
            self._drop_backlink(element, text)
        elif (self._names_note(fragment, element.attrs) or self._inside("sup")) \
                and self._is_reference_text(element):
            self.referenced_ids.add(fragment)
            self._mark_reference(element)

    def _drop_from(self, start: int) -> None:
        """Remove the text from `start` on, and the spaces before it (an arrow at the end of
        a note takes its space along), but never the end of a link."""
        while start > 0 and self._tail(start - 1).startswith(" ") and not (
                self.links and self.links[-1].end >= start):
            start -= 1
        self._replace_tail(start, "")

    def _close_bracketed_backlink(self, data: str) -> str:
        """ "Note text. [↩]": the brackets around a dropped back-link go with it."""
        closer = data[:1]
        if (self.backlink_end == self.length and closer in BRACKETS
                and self._tail(self.length - 1) == BRACKETS[closer]):
            self._drop_from(self.length - 1)
            return data[1:]
        return data

    def _own_text(self, element: _Element) -> str:
        """The element's text without the list item's label its text brought out."""
        text = self._tail(element.start)
        if self.label and self.label[0] >= element.start:
            text = text.removeprefix(self.label[1])
        return text

    def _drop_backlink(self, element: _Element, text: str) -> None:
        """A link from a note back to its reference: the arrow goes; the note's number, at
        the start of the note, becomes its label."""
        self._drop_from(element.start)
        self.backlink_end = self.length
        if not self._at_line_start():
            return
        number = LABEL_RE.fullmatch(text.strip())
        if number:
            self.pending_label = f"{number.group(1)}. "
        elif self.label and self.label[0] >= element.start:
            self.pending_label = self.label[1]  # the list's label went with the arrow

    def _inside(self, tag: str) -> bool:
        return any(e.tag == tag for e in self.stack)

    @staticmethod
    def _names_note(fragment: str, attrs: dict[str, str]) -> bool:
        return any(NOTE_NAME_RE.search(s) for s in (fragment, attrs.get("class", ""),
                                                    attrs.get("role", "")))

    def _is_reference_text(self, element: _Element) -> bool:
        # A number that is itself a link to a page is that link, not a note reference.
        linked = any(link.start >= element.start for link in self.links[-1:])
        return not linked and bool(NOTE_NUMBER_RE.fullmatch(self._tail(element.start).strip()))

    def _mark_reference(self, element: _Element) -> None:
        self._replace_tail(element.start,
                           self._tail(element.start).translate(TO_SUPERSCRIPT))
        self.reference_ids.update(i for i in (element.attrs.get("id"), element.attrs.get("name"))
                                  if i)

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title += data
            return
        if self.skip_depth:
            return
        data = re.sub(r"\s+", " ", data)
        if self.backlink_end is not None:
            data = self._close_bracketed_backlink(data)
            self.backlink_end = None
        if self.pending_label and data.strip():
            self._newline()
            self.label = (self.length, self.pending_label)
            self._emit(self.pending_label)
            self.pending_label = None
        if self.parts and self.parts[-1].endswith(("\n", " ")):
            data = data.lstrip(" ")
        self._emit(data)

    @property
    def notes_start(self) -> int | None:
        return self.first_note if self.first_note is not None else self.notes_container


def to_document(path: str, source: str, sha256: str) -> Document:
    parser = _Extractor()
    parser.feed(defuse(source))
    parser.close()
    text = "".join(parser.parts)
    meta = parser.meta

    def first(field: str) -> str | None:
        return next((meta[k] for k in META_FIELDS[field] if meta.get(k)), None)

    date = first("date")
    site = first("site")
    title = first("title") or _without_site(" ".join(parser.title.split()), site) or None
    url = parser.canonical or meta.get("og:url")
    return Document(path=path, text=text, sha256=sha256, format="html", title=title,
                    author=first("author"), date=date[:10] if date else None,
                    url=_canonical(url) if url else None,
                    links=tuple(usable_links(parser.links)),
                    notes_start=parser.notes_start, site=site)


def _canonical(url: str) -> str | None:
    """The page's own URL, or None when what it declares is not a URL (`http://a.org:x/`)."""
    try:
        return canonical_url(url)
    except ValueError:
        return None


def _without_site(title: str, site: str | None) -> str:
    """A <title> without the site's name that pages add to it: "Grain exports hit record |
    The Steppe Review" is the article "Grain exports hit record"."""
    if site:
        for separator in (" | ", " - ", " – ", " — ", " :: "):
            if title.endswith(separator + site):
                return title[:-len(separator + site)].strip()
    return title
