"""Read inputs into Documents: find the files behind the paths, decode them, pick a reader.

Each reader module turns the bytes of one format into a Document whose `text` is what the
extractor scans; offsets in citations always index that text.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from srctrack.errors import InputError
from srctrack.model import Document

#: Suffixes a folder is searched for, and the reader format each maps to.
FORMATS = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md", ".html": "html",
           ".htm": "html"}
STDIN = "-"


@dataclass(frozen=True, slots=True)
class Source:
    """A document to read: a path on disk, or stdin when `path` is "-"."""

    path: str
    format: str


def discover(paths: Iterable[str]) -> Iterator[Source | InputError]:
    """Yield a Source for every document the paths name, or an InputError for a bad path.

    A folder means every file with a known suffix below it, in a stable order. Errors are
    yielded, not raised, so one bad path never stops the others.
    """
    for given in paths:
        if given == STDIN:
            yield Source(STDIN, "txt")
            continue
        path = Path(given)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix.lower() in FORMATS
                           and p.is_file() and not p.name.startswith("."))
            if not found:
                yield InputError("folder holds no .txt, .md or .html documents", path=given)
            for p in found:
                yield Source(str(p), FORMATS[p.suffix.lower()])
        elif path.is_file():
            yield Source(given, FORMATS.get(path.suffix.lower(), "txt"))
        elif path.exists():
            yield InputError("not a regular file", path=given)
        else:
            yield InputError("no such file or folder", path=given)


def read_bytes(source: Source) -> bytes:
    if source.path == STDIN:
        return sys.stdin.buffer.read()
    try:
        return Path(source.path).read_bytes()
    except OSError as exc:
        raise InputError(exc.strerror or str(exc), path=source.path) from exc


def decode(data: bytes, path: str) -> str:
    """Decode a document's bytes as UTF-8 (a BOM is dropped); refuse binary data."""
    if b"\x00" in data[:8192]:
        raise InputError("binary file, not text", path=path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = data[exc.start:exc.start + 1].hex()
        raise InputError(f"not valid UTF-8 (byte 0x{bad} at offset {exc.start})",
                         path=path) from exc
    # One line-ending convention, so offsets mean the same on every platform.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read(source: Source) -> Document:
    """Read one document; raise InputError naming the file when it cannot be read."""
    data = read_bytes(source)
    text = decode(data, source.path)
    sha = hashlib.sha256(data).hexdigest()
    if source.format == "html":
        from srctrack.read import html

        return html.to_document(source.path, text, sha)
    if source.format == "md":
        from srctrack.read import markdown

        return markdown.to_document(source.path, text, sha)
    from srctrack.read import plain

    return plain.to_document(source.path, text, sha)
