"""Links as citations: a Markdown `[text](url)`, an HTML `<a href>` or a bare URL that stands on
its own cites the page it points to. Its outlet is the site's name from the gazetteer, or the
bare domain. A link inside or beside another citation is not a citation of its own: the
extractor gives that citation the link's URL instead (see extract.__init__)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from srctrack.extract.context import sentence_around
from srctrack.model import Citation, CitationStyle, Document, Link
from srctrack.parse import outlets

# Links that are page furniture or point at the document itself, not sources.
SKIP_HOSTS_RE = re.compile(r"(?:^|\.)(?:twitter\.com|x\.com|facebook\.com|linkedin\.com|"
                           r"t\.me|wa\.me|reddit\.com|pinterest\.com|mailto)$")
SHARE_PATH_RE = re.compile(r"/(?:intent|sharer|share|shareArticle)\b", re.IGNORECASE)


def domain(url: str) -> str:
    host = (urlsplit(url if "//" in url else "https://" + url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def is_source_link(link: Link, document: Document) -> bool:
    host = domain(link.url)
    if not host or SKIP_HOSTS_RE.search(host) or SHARE_PATH_RE.search(link.url):
        return False
    return not (document.url and domain(document.url) == host and "#" in link.url)


def find(document: Document) -> list[Citation]:
    text = document.text
    found = []
    for link in document.links:
        if link.end <= link.start or not is_source_link(link, document):
            continue
        raw = text[link.start:link.end]
        if not raw.strip():
            continue
        known = outlets.by_url(link.url)
        anchor = " ".join(raw.split())
        named = outlets.lookup(anchor)
        outlet = (named.name if named and named is known else anchor if named
                  else known.name if known else domain(link.url))
        if named and known is None:
            outlet = anchor
        found.append(Citation(
            raw=raw, start=link.start, end=link.end, style=CitationStyle.LINK, url=link.url,
            outlet=outlet, type="webpage", context=sentence_around(text, link.start, link.end),
            confidence=0.8 if known or named else 0.6))
    return found
