"""The .bib file layout both BibTeX dialects share: entries of `name = {value}` fields.

Written here rather than through bibtexparser's writer so that the layout is fixed (golden
files stay stable across bibtexparser releases) and a bare macro (`month = mar`) is exact.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import quote

from srctrack.model import Work

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


@dataclass(frozen=True, slots=True)
class BibEntry:
    """One entry: its type, key, and (field, value) pairs, values already encoded."""

    type: str
    key: str
    fields: Sequence[tuple[str, str]]
    bare: frozenset[str] = frozenset({"month"})  # fields written without braces


def dumps(entries: Iterable[BibEntry]) -> str:
    blocks = []
    for entry in entries:
        lines = [f"@{entry.type}{{{safe_key(entry.key)},"]
        for name, value in entry.fields:
            written = value if name in entry.bare else "{" + value + "}"
            lines.append(f"  {name} = {written},")
        lines.append("}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + ("\n" if blocks else "")


def _digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def date_parts(issued: str) -> tuple[str | None, int | None, int | None]:
    """Year, month and day of an ISO date at any precision, `--MM-DD` included; a part that
    is not ASCII digits, or a month or day out of range, is None."""
    if issued.startswith("--"):
        mm, _, dd = issued[2:].partition("-")
        return None, _month(mm), _day(dd[:2])
    parts = issued.split("-")
    year = parts[0] if _digits(parts[0]) and len(parts[0]) == 4 else None
    month = _month(parts[1]) if len(parts) > 1 else None
    day = _day(parts[2][:2]) if len(parts) > 2 and month else None
    return year, month, day


def _month(text: str) -> int | None:
    return int(text) if _digits(text) and len(text) <= 2 and 1 <= int(text) <= 12 else None


def _day(text: str) -> int | None:
    return int(text) if _digits(text) and len(text) == 2 and 1 <= int(text) <= 31 else None


def iso_date(value: str) -> str | None:
    """The ISO date a work's date stands for, rebuilt from its digits (`2022`, `2022-03`,
    `2022-03-14`, `--03-14`), or None when it is not one: a date field is never written as
    it was given, so no text can ride in it."""
    year, month, day = date_parts(value)
    if year is None:
        return f"--{month:02d}-{day:02d}" if month and day else None
    return year + (f"-{month:02d}" if month else "") + (f"-{day:02d}" if month and day else "")


#: What may not stand in a URL or DOI field as it is: a brace or backslash would end the
#: field or start a macro, whitespace and control characters would break the line, and
#: readers split records at Unicode line separators.
_URL_UNSAFE = re.compile(r"[{}\\\s\x00-\x1f\x7f-\x9f\u2028\u2029\"<>^`|]")


def safe_url(value: str) -> str:
    """A URL or DOI, percent-encoded where a .bib field (or a RIS line) would read it as
    structure; what it points to does not change."""
    return _URL_UNSAFE.sub(lambda m: quote(m.group(0), safe=""), value)


#: A citation key holds letters, digits and `_ : . / + -` only: whitespace, a comma, a brace,
#: a quote, `%`, `#`, `=` or a backslash ends the key or the entry in one reader or another.
_KEY_UNSAFE = re.compile(r"[^\w:./+\-]")


def safe_key(key: str) -> str:
    """The key as written: characters that would end it become `_`."""
    cleaned = _KEY_UNSAFE.sub("_", unicodedata.normalize("NFC", key))
    return cleaned or "_"


def link_fields(work: Work) -> list[tuple[str, str]]:
    """DOI, URL and the day it was visited, which BibTeX and biblatex both end an entry
    with: no LaTeX escapes (both read them verbatim), but percent-encoded where a character
    would end the field, and the visit day only as an ISO date."""
    accessed = iso_date(work.accessed[:10]) if work.accessed else None
    return [(name, value) for name, value in (
        ("doi", safe_url(work.doi) if work.doi else None),
        ("url", safe_url(work.url) if work.url else None),
        ("urldate", accessed if accessed and not accessed.startswith("--") else None))
        if value]
