"""Bare URLs in text, with their spans."""

from __future__ import annotations

import re
from collections.abc import Iterator

from srctrack.model import Link

# A URL runs to the first space or closing bracket; trailing sentence punctuation is not part
# of it ("see https://example.org/a." ends the sentence, not the URL).
URL_RE = re.compile(r"""\b(?:https?://|www\.)[^\s<>"'\])}]+""", re.IGNORECASE)
TRAILING = ".,;:!?…’”"


def bare_urls(text: str) -> Iterator[Link]:
    for m in URL_RE.finditer(text):
        url = m.group().rstrip(TRAILING)
        if url.lower().startswith("www."):
            full = "https://" + url
        else:
            full = url
        yield Link(url=full, start=m.start(), end=m.start() + len(url), text=url)
