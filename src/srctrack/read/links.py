"""Bare URLs in text, with their spans."""

from __future__ import annotations

import re
from collections.abc import Iterator

from srctrack.model import Link

# A URL runs to the first space or closing bracket; trailing sentence punctuation is not part
# of it ("see https://example.org/a." ends the sentence, not the URL).
# Spelled out in both cases behind a first-letter lookahead: twice as fast as IGNORECASE.
URL_RE = re.compile(r"""(?=[hHwW])\b(?:[hH][tT][tT][pP][sS]?://|[wW][wW][wW]\.)[^\s<>"'\])}]+""")
TRAILING = ".,;:!?…’”"


def bare_urls(text: str) -> Iterator[Link]:
    for m in URL_RE.finditer(text):
        url = m.group().rstrip(TRAILING)
        if url.lower().startswith("www."):
            full = "https://" + url
        else:
            full = url
        yield Link(url=full, start=m.start(), end=m.start() + len(url), text=url)
