"""Plain text: the text is the document; its first short line is taken as its title, and a
dated line in its header ("Almaty, June 27, 2022", "12 mars 2022") as its date."""

from __future__ import annotations

from srctrack.model import Document
from srctrack.read.links import bare_urls

HEADER_LINES = 6
MAX_HEADER_LINE = 160


def guess_title(text: str) -> str | None:
    for line in text.split("\n", 40)[:40]:
        line = line.strip()
        if 3 <= len(line) <= 200:
            return line
    return None


def guess_date(text: str) -> str | None:
    """The first full date (with a year) on one of the header's short lines, before the first
    paragraph of prose."""
    from srctrack.parse.dates import find_dates

    seen = 0
    for line in text[:4000].split("\n"):
        line = line.strip()
        if not line:
            continue
        seen += 1
        if seen > HEADER_LINES or len(line) > MAX_HEADER_LINE:
            break
        for found in find_dates(line):
            if len(found.iso) >= 7 and not found.iso.startswith("--"):
                return found.iso
    return None


def to_document(path: str, text: str, sha256: str, encoding: str = "utf-8") -> Document:
    return Document(path=path, text=text, sha256=sha256, format="txt",
                    title=guess_title(text), date=guess_date(text),
                    links=tuple(bare_urls(text)), encoding=encoding)
