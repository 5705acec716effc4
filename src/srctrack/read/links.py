"""Bare URLs in text, with their spans."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from urllib.parse import urlsplit

from srctrack.model import Link

# A URL runs to the first space or closing bracket; trailing sentence punctuation is not part
# of it ("see https://example.org/a." ends the sentence, not the URL).
# Spelled out in both cases behind a first-letter lookahead: twice as fast as IGNORECASE.
URL_RE = re.compile(r"""(?=[hHwW])\b(?:[hH][tT][tT][pP][sS]?://|[wW][wW][wW]\.)[^\s<>"'\])}]+""")
TRAILING = ".,;:!?…’”"


def usable(url: str) -> bool:
    """Whether a link's URL parses (host, port, brackets): `http://[::1`, `https://[1]/` and
    `http://a.org:x/` do not, and a reader keeps them as text, never as links."""
    try:
        parts = urlsplit(url if "//" in url else "https://" + url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
        parts.hostname  # noqa: B018
    except ValueError:
        return False
    return True


def usable_links(links: Iterable[Link]) -> list[Link]:
    return [link for link in links if usable(link.url)]


def bare_urls(text: str) -> Iterator[Link]:
    for m in URL_RE.finditer(text):
        url = m.group().rstrip(TRAILING)
        if url.lower().startswith("www."):
            full = "https://" + url
        else:
            full = url
        if not usable(full):
            continue
        yield Link(url=full, start=m.start(), end=m.start() + len(url), text=url)
