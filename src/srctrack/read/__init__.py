"""Read inputs into Documents: find the files behind the paths, decode them, pick a reader.

Each reader module turns the bytes of one format into a Document whose `text` is what the
extractor scans; offsets in citations always index that text.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from srctrack.errors import InputError
from srctrack.model import Document

#: Suffixes a folder is searched for, and the reader format each maps to.
FORMATS = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md", ".html": "html",
           ".htm": "html"}
STDIN = "-"
#: The largest document read: memory for extraction and storage grows with one document's
#: size (a 200 MB file took 3.5 GB); an article is rarely a hundredth of this.
MAX_DOCUMENT_BYTES = 32 * 1024 * 1024


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
            root = path.resolve()
            for p in found:
                if p.is_symlink() and not p.resolve().is_relative_to(root):
                    # A link out of the folder is not followed: an article folder from
                    # someone else must not read the reader's own files.
                    yield InputError("a symbolic link out of the folder; not followed "
                                     "(name the file itself to read it)", path=str(p))
                    continue
                yield Source(str(p), FORMATS[p.suffix.lower()])
        elif path.is_file():
            yield Source(given, FORMATS.get(path.suffix.lower(), "txt"))
        elif path.exists():
            yield InputError("not a regular file", path=given)
        else:
            yield InputError("no such file or folder", path=given)


def read_bytes(source: Source) -> bytes:
    """The document's bytes; a document larger than MAX_DOCUMENT_BYTES is refused before it
    is read whole."""
    too_large = InputError(f"larger than {MAX_DOCUMENT_BYTES // (1024 * 1024)} MiB, the most "
                           "srctrack reads of one document", path=source.path)
    if source.path == STDIN:
        data = sys.stdin.buffer.read(MAX_DOCUMENT_BYTES + 1)
        if len(data) > MAX_DOCUMENT_BYTES:
            raise too_large
        return data
    try:
        with open(source.path, "rb") as stream:
            data = stream.read(MAX_DOCUMENT_BYTES + 1)
    except OSError as exc:
        raise InputError(exc.strerror or str(exc), path=source.path) from exc
    if len(data) > MAX_DOCUMENT_BYTES:
        raise too_large
    return data


BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"),
        (b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def sniff_encoding(data: bytes) -> str:
    """How a document's bytes are encoded: a BOM says so; else UTF-8 when they decode as
    UTF-8; else Windows-1252 (a superset of Latin-1 for printable text, which is what real
    files in the other 8-bit encoding almost always hold)."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return encoding
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def decode_with(data: bytes, path: str) -> tuple[str, str]:
    """The document's text and the encoding it was read in; binary data is refused."""
    encoding = sniff_encoding(data)
    if not encoding.startswith(("utf-16", "utf-32")) and b"\x00" in data[:8192]:
        raise InputError("binary file, not text", path=path)
    if encoding == "cp1252":
        # The five bytes cp1252 leaves undefined are Latin-1 control characters.
        text = data.decode("cp1252", errors="strict") if _cp1252_ok(data) \
            else data.decode("latin-1")
    else:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise InputError(f"not valid {encoding} (byte at offset {exc.start})",
                             path=path) from exc
    if encoding == "utf-8-sig" or text.startswith("\ufeff"):
        text = text.removeprefix("\ufeff")
    if _looks_binary(text):
        raise InputError("binary file, not text", path=path)
    # One line-ending convention, so offsets mean the same on every platform.
    return text.replace("\r\n", "\n").replace("\r", "\n"), encoding


def _cp1252_ok(data: bytes) -> bool:
    return not any(b in data for b in (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d"))


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    if not sample:
        return False
    controls = sum(1 for ch in sample if ch < " " and ch not in "\n\r\t\f\v")
    return controls > len(sample) * 0.05


def decode(data: bytes, path: str) -> str:
    """Decode a document's bytes (UTF-8, UTF-16/32 with BOM, Windows-1252, Latin-1)."""
    return decode_with(data, path)[0]


def read(source: Source) -> Document:
    """Read one document; raise InputError naming the file when it cannot be read."""
    data = read_bytes(source)
    text, encoding = decode_with(data, source.path)
    sha = hashlib.sha256(data).hexdigest()
    if source.format == "html":
        from srctrack.read import html

        return replace(html.to_document(source.path, text, sha), encoding=encoding)
    if source.format == "md":
        from srctrack.read import markdown

        return replace(markdown.to_document(source.path, text, sha), encoding=encoding)
    from srctrack.read import plain

    return plain.to_document(source.path, text, sha, encoding)
