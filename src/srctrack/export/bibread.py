"""Read .bib files, BibTeX and biblatex alike, into Works (through bibtexparser 2).

A file from JabRef, Zotero or srctrack itself may mix both dialects, so every field is read
whichever dialect it belongs to (`journal` or `journaltitle`, `year`/`month` or `date`).
LaTeX in values is decoded to Unicode (`latex.decode`); url and doi are taken as written.
An entry bibtexparser cannot parse is reported with the line it starts on, and the entries
after it still come in.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from srctrack.export import latex
from srctrack.export.bibfile import MONTHS
from srctrack.export.reading import Problem, Reader
from srctrack.model import Creator, Work

_MONTH_NAMES = {name: i for i, name in enumerate(MONTHS, start=1)}
_ISO = re.compile(r"^(\d{4}(-\d{2}(-\d{2})?)?|--\d{2}-\d{2})")
#: Where an entry type keeps the name of what holds or issues the work.
_CONTAINER_FIELDS = ("journaltitle", "journal", "booktitle", "howpublished", "organization")
_ISSUER_FIELDS = ("publisher", "institution", "school")
_DEFAULT_GENRES = frozenset({"techreport", "phdthesis", "mathesis", "mastersthesis",
                             "technical report", "phd thesis"})


def csl_type(entry_type: str, subtype: str, has_url: bool) -> str:
    """The CSL type of a BibTeX or biblatex entry type (with biblatex's entrysubtype)."""
    # The subtype says what the work is even when a type was chosen for missing fields.
    if subtype in ("newspaper", "magazine"):
        return f"article-{subtype}"
    if subtype == "interview":
        return "interview"
    if entry_type == "article":
        return "article-journal"
    if entry_type in ("online", "electronic", "www"):
        return "post-weblog" if subtype == "weblog" else "webpage"
    if entry_type == "misc":
        return "webpage" if has_url else "document"
    return {"book": "book", "mvbook": "book", "booklet": "pamphlet", "report": "report",
            "techreport": "report", "inbook": "chapter", "incollection": "chapter",
            "thesis": "thesis", "phdthesis": "thesis", "mastersthesis": "thesis",
            "inproceedings": "paper-conference", "conference": "paper-conference",
            "unpublished": "manuscript", "manual": "report", "dataset": "dataset",
            "software": "software", "patent": "patent"}.get(entry_type, "document")


def _month(value: str) -> int | None:
    value = value.strip().lower()
    if value.isdigit() and 1 <= int(value) <= 12:
        return int(value)
    return _MONTH_NAMES.get(value[:3])


def _issued(fields: dict[str, str]) -> str | None:
    date = fields.get("date", "").strip()
    if date and _ISO.match(date):
        return _ISO.match(date).group(0)  # type: ignore[union-attr]
    year = latex.decode(fields.get("year", "")).strip()
    month = _month(latex.decode(fields.get("month", ""))) if fields.get("month") else None
    if year.isdigit() and len(year) == 4:
        return f"{year}-{month:02d}" if month else year
    return None


def _creators(value: str) -> tuple[Creator, ...]:
    from bibtexparser.middlewares.names import (
        InvalidNameError,
        parse_single_name_into_parts,
        split_multiple_persons_names,
    )

    out = []
    for raw in split_multiple_persons_names(value):
        raw = raw.strip()
        if _braced_whole(raw):
            out.append(Creator.organisation(latex.decode(raw)))
            continue
        try:
            parts = parse_single_name_into_parts(raw)
        except InvalidNameError:
            out.append(Creator.organisation(latex.decode(raw)))
            continue
        family = latex.decode(" ".join([*parts.von, *parts.last]))
        given = latex.decode(" ".join(parts.first))
        if parts.jr:
            given = f"{given}, {latex.decode(' '.join(parts.jr))}" if given else given
        out.append(Creator.person(family, given or None))
    return tuple(out)


def _braced_whole(text: str) -> bool:
    """`{Human Rights Watch}`: one group from the first character to the last. `{\\'E}` is
    not one: a group that starts with a macro is BibTeX's way to write one letter."""
    if not (text.startswith("{") and text.endswith("}")) or text.startswith("{\\"):
        return False
    depth = 0
    for i, char in enumerate(text):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth == 0 and i < len(text) - 1:
            return False
    return True


def work_from_entry(entry_type: str, key: str, fields: dict[str, str]) -> Work:
    def text(name: str) -> str | None:
        value = fields.get(name)
        return latex.decode(value) or None if value else None

    subtype = (fields.get("entrysubtype") or "").strip().lower()
    url = (fields.get("url") or "").strip() or None
    work_type = csl_type(entry_type, subtype, url is not None)
    container_field = next((f for f in _CONTAINER_FIELDS if fields.get(f)), None)
    container = text(container_field) if container_field else None
    # biblatex's @misc names its publisher in `organization` when `howpublished` holds the
    # outlet.
    issuers = [*_ISSUER_FIELDS, "organization"] if container_field != "organization" \
        else list(_ISSUER_FIELDS)
    publisher = next((text(f) for f in issuers if fields.get(f)), None)
    extra: dict[str, Any] = {}
    genre = text("type")
    if genre and genre.lower() not in _DEFAULT_GENRES:
        extra["genre"] = genre
    if text("note"):
        extra["note"] = text("note")
    doi = (fields.get("doi") or "").strip() or None
    accessed = (fields.get("urldate") or "").strip() or None
    return Work(key=key, type=work_type, title=text("title"), container_title=container,
                authors=_creators(fields["author"]) if fields.get("author") else (),
                issued=_issued(fields), url=url, publisher=publisher, doi=doi,
                accessed=accessed, extra=extra)


def loads(source: str, path: str = "<string>") -> Reader:
    from bibtexparser.entrypoint import parse_string
    from bibtexparser.model import DuplicateBlockKeyBlock, Entry, ParsingFailedBlock

    logger = logging.getLogger("bibtexparser")
    level, logger.level = logger.level, logging.CRITICAL  # we report failures ourselves
    try:
        library = parse_string(source)
    finally:
        logger.setLevel(level)
    works: list[Work] = []
    problems: list[Problem] = []
    for block in library.blocks:
        line = (block.start_line or 0) + 1
        if isinstance(block, DuplicateBlockKeyBlock):
            problems.append(Problem(path, line, f"duplicate key {block.key!r}; first one kept"))
        elif isinstance(block, ParsingFailedBlock):
            error = getattr(block, "error", None)
            lines = str(getattr(error, "abort_reason", None) or error or "").strip().splitlines()
            reason = " ".join(lines).strip() or "cannot be parsed"
            problems.append(Problem(path, line, f"malformed entry: {reason}"))
        elif isinstance(block, Entry):
            fields = {f.key.lower(): str(f.value) for f in block.fields}
            if not fields.get("title") and not fields.get("author"):
                problems.append(Problem(path, line,
                                        f"entry {block.key!r} has neither title nor author"))
                continue
            works.append(work_from_entry(block.entry_type.lower(), block.key, fields))
    return Reader(works, problems)
