"""Plain text: the text is the document; its first short line is taken as its title."""

from __future__ import annotations

from srctrack.model import Document
from srctrack.read.links import bare_urls


def guess_title(text: str) -> str | None:
    for line in text.split("\n", 40)[:40]:
        line = line.strip()
        if 3 <= len(line) <= 200:
            return line
    return None


def to_document(path: str, text: str, sha256: str) -> Document:
    return Document(path=path, text=text, sha256=sha256, format="txt",
                    title=guess_title(text), links=tuple(bare_urls(text)))
