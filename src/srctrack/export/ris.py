"""RIS, the tagged format of EndNote, Mendeley and Zotero, in both directions.

- `TY` by type (NEWS, MGZN, ELEC, RPRT, JOUR, BOOK, ...); `ER` closes each record.
- A person is `AU  - Family, Given` (`Family,` with no given name); an organisation is its
  name with no comma added, so readers take it whole. (An organisation whose name holds a
  comma reads back as a person: RIS has no other way to tell them apart.)
- `DA  - YYYY/MM/DD/` at the date's precision (`2022/03//`), with `PY` for the year;
  `UR` for the URL, `Y2` for the access date, `T2` for the newspaper, site or journal,
  `PB` for the publisher, `DO` for the DOI, `M3` for a report's genre, `ID` for the key.
- Values are one line each: line breaks inside a title become spaces, and a URL or DOI
  is percent-encoded where it holds whitespace or a control character.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from srctrack.export.bibfile import date_parts, safe_url
from srctrack.export.latex import one_line
from srctrack.export.reading import Problem, Reader
from srctrack.model import Creator, Work

TYPES = {
    "article-newspaper": "NEWS", "article-magazine": "MGZN", "article-journal": "JOUR",
    "article": "JOUR", "webpage": "ELEC", "post": "ELEC", "post-weblog": "BLOG",
    "report": "RPRT", "book": "BOOK", "chapter": "CHAP", "thesis": "THES",
    "interview": "PCOMM", "speech": "SOUND", "broadcast": "VIDEO", "dataset": "DATA",
}
#: RIS type -> CSL type when reading; the writer's table inverted, with the synonyms that
#: other tools write.
CSL_TYPES = {**{ris: csl for csl, ris in reversed(list(TYPES.items()))},
             "JOUR": "article-journal", "JFULL": "article-journal", "EJOUR": "article-journal",
             "WEB": "webpage", "ICOMM": "webpage", "GEN": "document", "MGZN": "article-magazine",
             "NEWS": "article-newspaper", "EBOOK": "book", "ECHAP": "chapter"}


def _one_line(value: str) -> str:
    return one_line(value)


def _creator(creator: Creator) -> str:
    if creator.literal is not None:
        return _one_line(creator.literal)
    family = _one_line(creator.family or "")
    # "Family," with nothing after the comma is a person known by one name; without any
    # comma, readers take the name whole as an organisation.
    return f"{family}, {_one_line(creator.given)}" if creator.given else f"{family},"


def _date(value: str) -> str:
    year, month, day = date_parts(value)
    return f"{year or ''}/{month:02d}//" if month and not day else \
        f"{year or ''}/{month:02d}/{day:02d}/" if month and day else f"{year or ''}///"


def record(work: Work) -> list[tuple[str, str]]:
    out = [("TY", TYPES.get(work.type, "GEN"))]
    out.append(("ID", _one_line(work.key)))
    out.extend(("AU", _creator(a)) for a in work.authors)
    if work.title:
        out.append(("TI", _one_line(work.title)))
    if work.container_title:
        out.append(("T2", _one_line(work.container_title)))
    if work.publisher:
        out.append(("PB", _one_line(work.publisher)))
    genre = work.extra.get("genre")
    if isinstance(genre, str) and genre:
        out.append(("M3", _one_line(genre)))
    if work.issued:
        year, _, _ = date_parts(work.issued)
        if year:
            out.append(("PY", year))
        out.append(("DA", _date(work.issued)))
    if work.doi:
        out.append(("DO", safe_url(work.doi)))
    if work.url:
        out.append(("UR", safe_url(work.url)))
    if work.accessed:
        out.append(("Y2", _date(work.accessed[:10])))
    out.append(("ER", ""))
    return out


def dumps(works: Sequence[Work]) -> str:
    """An RIS file holding every work, sorted by key (CRLF-free: every reader takes LF)."""
    lines: list[str] = []
    for work in sorted(works, key=lambda w: w.key):
        lines.extend(f"{tag}  - {value}".rstrip() + ("" if value else " ")
                     for tag, value in record(work))
        lines.append("")
    return "\n".join(lines)


# -- reading -------------------------------------------------------------------------------

_LINE = re.compile(r"^([A-Z][A-Z0-9])  -(?: (.*))?$")
_RIS_DATE = re.compile(r"^(\d{4})?(?:/(\d{1,2})?(?:/(\d{1,2})?)?)?")


def iso(value: str) -> str | None:
    """An ISO date at its precision from `YYYY/MM/DD/`, `YYYY/MM//`, `YYYY` or ISO itself."""
    value = value.strip()
    if re.match(r"^\d{4}(-\d{2}(-\d{2})?)?$", value):
        return value
    match = _RIS_DATE.match(value)
    if not match or not any(match.groups()):
        return None
    year, month, day = match.groups()
    if not year:
        if month and day:
            return f"--{int(month):02d}-{int(day):02d}"
        return None
    out = year
    if month:
        out += f"-{int(month):02d}"
        if day:
            out += f"-{int(day):02d}"
    return out


def _person(value: str) -> Creator:
    if "," in value:
        family, _, given = value.partition(",")
        return Creator.person(family.strip(), given.strip() or None)
    return Creator.organisation(value.strip())


def _work(tags: list[tuple[str, str]]) -> Work:
    first: dict[str, str] = {}
    authors = []
    for tag, value in tags:
        if tag in ("AU", "A1", "A2") and value:
            authors.append(_person(value))
        elif value:
            first.setdefault(tag, value)
    issued = iso(first.get("DA", "")) or iso(first.get("PY", "") or first.get("Y1", ""))
    container = first.get("T2") or first.get("JO") or first.get("JF") or first.get("T3")
    extra = {"genre": first["M3"]} if first.get("M3") else {}
    return Work(key=first.get("ID", ""), type=CSL_TYPES.get(first.get("TY", ""), "document"),
                title=first.get("TI") or first.get("T1"), container_title=container,
                authors=tuple(authors), issued=issued, url=first.get("UR"),
                publisher=first.get("PB"), doi=first.get("DO"),
                accessed=iso(first.get("Y2", "")), extra=extra)


def loads(source: str, path: str = "<string>") -> Reader:
    """Read RIS records. A record whose lines are not RIS is skipped and reported with the
    line it starts on; the records after it still come in."""
    works: list[Work] = []
    problems: list[Problem] = []
    tags: list[tuple[str, str]] = []
    start = 0
    broken: str | None = None
    for number, raw in enumerate(source.splitlines(), start=1):
        line = raw.rstrip()
        if not line:
            continue
        match = _LINE.match(line)
        if not match:
            if not tags:
                problems.append(Problem(path, number, "text outside a record (no TY line)"))
            elif broken is None:
                broken = f"line {number} is not a RIS tag line ('XX  - value')"
            continue
        tag, value = match.group(1), (match.group(2) or "").strip()
        if tag == "TY":
            if tags:
                problems.append(Problem(path, start, "record has no ER line"))
            tags, start, broken = [(tag, value)], number, None
        elif tag == "ER":
            if not tags:
                problems.append(Problem(path, number, "ER without a TY line"))
            elif broken:
                problems.append(Problem(path, start, broken))
            else:
                works.append(_work(tags))
            tags, broken = [], None
        elif not tags:
            problems.append(Problem(path, number, f"{tag} line outside a record (no TY line)"))
        else:
            tags.append((tag, value))
    if tags:
        problems.append(Problem(path, start, "record has no ER line"))
    return Reader(works, problems)
