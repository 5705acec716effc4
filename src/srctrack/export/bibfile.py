"""The .bib file layout both BibTeX dialects share: entries of `name = {value}` fields.

Written here rather than through bibtexparser's writer so that the layout is fixed (golden
files stay stable across bibtexparser releases) and a bare macro (`month = mar`) is exact.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

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
        lines = [f"@{entry.type}{{{entry.key},"]
        for name, value in entry.fields:
            written = value if name in entry.bare else "{" + value + "}"
            lines.append(f"  {name} = {written},")
        lines.append("}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + ("\n" if blocks else "")


def date_parts(issued: str) -> tuple[str | None, int | None, int | None]:
    """Year, month and day of an ISO date at any precision, `--MM-DD` included."""
    if issued.startswith("--"):
        mm, _, dd = issued[2:].partition("-")
        return None, int(mm) if mm.isdigit() else None, int(dd[:2]) if dd[:2].isdigit() else None
    parts = issued.split("-")
    year = parts[0] if parts[0].isdigit() else None
    month = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
    day = int(parts[2][:2]) if len(parts) > 2 and parts[2][:2].isdigit() else None
    return year, month, day


def link_fields(work: Work) -> list[tuple[str, str]]:
    """DOI, URL and the day it was visited, which BibTeX and biblatex both end an entry
    with, written as they are (no LaTeX escapes: both read them verbatim)."""
    return [(name, value) for name, value in (("doi", work.doi), ("url", work.url),
                                              ("urldate", work.accessed)) if value]
