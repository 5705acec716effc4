"""Classic BibTeX for .bst styles such as plainnat, and for JabRef and Zotero.

What reference managers and bibtex itself get wrong when a file is not exactly right, and
what this module does about it (the text rules live in `latex.py`):
- `& % $ # _ { } ~ ^ \\` in text fields are escaped (a raw `%` comments out the rest of a
  line in the .bbl); url and doi are written as they are, but for a brace, a backslash,
  whitespace or a control character, which are percent-encoded (`bibfile.safe_url`).
- Non-ASCII Latin letters become LaTeX accents in braces (`{\\v{S}}`): classic BibTeX counts
  bytes, so UTF-8 initials come out as half a letter.
- Organisations stand in double braces, so no style splits "Human Rights Watch" into a
  given and a family name.
- Acronyms and proper nouns in titles are braced so styles that lowercase titles keep
  them; the whole title is never braced.
- An entry type is used only when the work has every field that plainnat requires of it
  (an `@article` without author or journal warns); otherwise the work is a `@misc`, which
  requires nothing and still prints author, title, howpublished, date and url.
- `month` is a bare macro (`mar`), which every style localises. The day, which classic
  BibTeX cannot hold, is kept in `date` (ISO), which styles ignore and importers read.
- A work with no author gets `key` (its outlet), which plainnat sorts and labels by.
- `entrysubtype` (newspaper, magazine, interview) is biblatex's word for what classic
  BibTeX cannot say; .bst styles ignore it and importers get the type back.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from srctrack.export import latex
from srctrack.export.bibfile import MONTHS, BibEntry, date_parts, iso_date, link_fields
from srctrack.export.bibfile import dumps as dump_entries
from srctrack.model import Creator, Work

#: CSL type -> (BibTeX entry type, the field the container title goes in).
ENTRY_TYPES = {
    "article": ("article", "journal"), "article-journal": ("article", "journal"),
    "article-newspaper": ("article", "journal"), "article-magazine": ("article", "journal"),
    "book": ("book", "publisher"), "report": ("techreport", "institution"),
    "chapter": ("incollection", "booktitle"), "thesis": ("phdthesis", "school"),
    "paper-conference": ("inproceedings", "booktitle"),
}
#: What plainnat warns about when it is missing ("empty journal in ...").
REQUIRED = {
    "article": ("author", "title", "journal", "year"),
    "book": ("author", "title", "publisher", "year"),
    "techreport": ("author", "title", "institution", "year"),
    "incollection": ("author", "title", "booktitle", "publisher", "year"),
    "phdthesis": ("author", "title", "school", "year"),
    "inproceedings": ("author", "title", "booktitle", "year"),
}
SUBTYPES = {"article-newspaper": "newspaper", "article-magazine": "magazine",
            "interview": "interview"}


def text(value: str) -> str:
    return latex.encode(value, ascii_only=True)


def name(creator: Creator) -> str:
    return latex.person_or_organisation(creator, ascii_only=True)


def title(value: str) -> str:
    return latex.title(value, ascii_only=True)


def _candidate_fields(work: Work, container_field: str) -> dict[str, str]:
    found: dict[str, str] = {}
    if work.authors:
        found["author"] = " and ".join(name(a) for a in work.authors)
    if work.title:
        found["title"] = title(work.title)
    # Where a standalone work (book, report) names who issued it: its publisher, else the
    # outlet the citation gave.
    if container_field in ("publisher", "institution", "school"):
        issuer = work.publisher or work.container_title
        if issuer:
            found[container_field] = text(issuer)
    elif work.container_title:
        found[container_field] = text(work.container_title)
    if work.issued:
        year, _, _ = date_parts(work.issued)
        if year:
            found["year"] = year
    return found


def entry(work: Work) -> BibEntry:
    """The BibTeX entry of a work, in the order people expect to read the fields."""
    entry_type, container_field = ENTRY_TYPES.get(work.type, ("misc", "howpublished"))
    found = _candidate_fields(work, container_field)
    if entry_type != "misc" and not all(f in found for f in REQUIRED[entry_type]):
        entry_type, container_field = "misc", "howpublished"
        found = _candidate_fields(work, "howpublished")
        if "howpublished" not in found and work.publisher:
            found["howpublished"] = text(work.publisher)
    out: list[tuple[str, str]] = []
    for field in ("author", "title", container_field):
        if field in found:
            out.append((field, found[field]))
    if not work.authors:
        # plainnat sorts and labels an entry by its author, else by `key` ("need author or
        # key"): the outlet, else the publisher, else the title stands in.
        stand_in = work.container_title or work.publisher or work.title
        if stand_in:
            out.append(("key", text(stand_in)))
    if work.publisher and container_field not in ("publisher", "institution", "school") \
            and found.get("howpublished") != text(work.publisher):
        out.append(("publisher", text(work.publisher)))
    genre = work.extra.get("genre")
    if isinstance(genre, str) and genre and entry_type in ("techreport", "phdthesis"):
        out.append(("type", text(genre)))
    if work.type in SUBTYPES:
        out.append(("entrysubtype", SUBTYPES[work.type]))
    if work.issued:
        year, month, day = date_parts(work.issued)
        if year:
            out.append(("year", year))
        if month and 1 <= month <= 12:
            out.append(("month", MONTHS[month - 1]))
        if year and day:
            out.append(("date", iso_date(work.issued) or year))
    out += _numbers(work)
    out += link_fields(work)
    return BibEntry(entry_type, work.key, out)


# CSL variables a work may carry in `extra` (the reference parser fills them) and the
# BibTeX fields they go to.
_EXTRA_FIELDS = (("volume", "volume"), ("issue", "number"), ("page", "pages"),
                 ("publisher-place", "address"), ("edition", "edition"))


def _numbers(work: Work) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    editors = work.extra.get("editor")
    if isinstance(editors, list) and editors:
        out.append(("editor", " and ".join(name(Creator.from_json(e)) for e in editors)))
    for variable, bibtex_field in _EXTRA_FIELDS:
        value = work.extra.get(variable)
        if isinstance(value, str) and value:
            if variable == "page":  # a range takes an en dash: 1098--1101
                out.append((bibtex_field, "--".join(
                    text(part.strip()) for part in re.split(r"[-–—]+", value))))
            else:
                out.append((bibtex_field, text(value)))
    return out


def dumps(works: Sequence[Work]) -> str:
    """A .bib file holding every work, sorted by key."""
    return dump_entries(entry(w) for w in sorted(works, key=lambda w: w.key))
