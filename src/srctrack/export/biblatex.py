"""biblatex for biber: UTF-8 as it is, ISO dates at their precision, the entry types and
subtypes biblatex has for news, web pages, reports and interviews.

- `@article` with `journaltitle`, and `entrysubtype = {newspaper}` or `{magazine}` for the
  press (biblatex-chicago and biblatex-apa print those differently from journals).
- `@online` for web pages and posts, with the site in `organization`.
- `@report` with `type` (the work's genre, else `techreport`) and `institution`.
- `@misc` with `entrysubtype = {interview}` for interviews.
- A type whose mandatory fields (biblatex's data model: an article needs an author and a
  journal title) the work lacks falls back to `@online` when it has a URL or DOI, else to
  `@misc`, which needs only a title and a date. The data model requires a date of every
  entry, and srctrack never invents one, so biber warns about an undated work: rightly.
- The publisher goes where the type has a field for it (`publisher` of a book, `institution`
  of a report, `organization` of a misc or an online entry with no site); an article has
  none, so biber would warn about it: it is left out.
- `publisher`, `institution` and `organization` are name lists in biblatex ("A and B"), so
  each is braced whole.
"""

from __future__ import annotations

from collections.abc import Sequence

from srctrack.export import latex
from srctrack.export.bibfile import BibEntry, date_parts, iso_date, link_fields, safe_url
from srctrack.export.bibfile import dumps as dump_entries
from srctrack.model import Creator, Work

#: CSL type -> (biblatex entry type, entrysubtype, the field the container title goes in).
ENTRY_TYPES: dict[str, tuple[str, str | None, str]] = {
    "article": ("article", None, "journaltitle"),
    "article-journal": ("article", None, "journaltitle"),
    "article-newspaper": ("article", "newspaper", "journaltitle"),
    "article-magazine": ("article", "magazine", "journaltitle"),
    "webpage": ("online", None, "organization"),
    "post": ("online", None, "organization"),
    "post-weblog": ("online", "weblog", "organization"),
    "report": ("report", None, "institution"),
    "interview": ("misc", "interview", "howpublished"),
    "book": ("book", None, "publisher"),
    # @incollection requires an editor, which srctrack does not record; @inbook does not.
    "chapter": ("inbook", None, "booktitle"),
    "thesis": ("thesis", None, "institution"),
}
#: biblatex's mandatory fields per type, besides the date (blx-dm.def).
MANDATORY = {
    "article": ("author", "title", "journaltitle"),
    "book": ("author", "title"),
    "inbook": ("author", "title", "booktitle"),
    "report": ("author", "title", "type", "institution"),
    "thesis": ("author", "title", "type", "institution"),
    "online": ("title", "url|doi"),
    "misc": ("title",),
}
#: Where each entry type can name a publisher that is not its container (blx-dm.def).
PUBLISHER_FIELDS = {"book": "publisher", "inbook": "publisher", "misc": "organization",
                    "online": "organization"}
NAME_LISTS = frozenset({"publisher", "institution", "organization"})
DEFAULT_GENRE = {"report": "techreport", "thesis": "phdthesis"}


def text(value: str) -> str:
    return latex.encode(value, ascii_only=False)


def name(creator: Creator) -> str:
    return latex.person_or_organisation(creator, ascii_only=False)


def _value(field: str, value: str) -> str:
    if field in NAME_LISTS:
        return latex.organisation(value, ascii_only=False)
    return text(value)


def _fields(work: Work, entry_type: str, container_field: str) -> dict[str, str]:
    found: dict[str, str] = {}
    if work.authors:
        found["author"] = " and ".join(name(a) for a in work.authors)
    if work.title:
        found["title"] = latex.title(work.title, ascii_only=False)
    issuer_field = container_field in ("publisher", "institution")
    if issuer_field and (work.publisher or work.container_title):
        found[container_field] = _value(container_field,
                                        work.publisher or work.container_title or "")
    elif not issuer_field and work.container_title:
        found[container_field] = _value(container_field, work.container_title)
    genre = work.extra.get("genre")
    if entry_type in DEFAULT_GENRE:
        found["type"] = text(genre) if isinstance(genre, str) and genre else \
            DEFAULT_GENRE[entry_type]
    if work.url:
        found["url"] = safe_url(work.url)
    if work.doi:
        found["doi"] = safe_url(work.doi)
    return found


def _complete(entry_type: str, found: dict[str, str]) -> bool:
    return all(any(f in found for f in need.split("|")) for need in MANDATORY[entry_type])


def entry(work: Work) -> BibEntry:
    entry_type, subtype, container_field = ENTRY_TYPES.get(
        work.type, ("misc", None, "howpublished"))
    found = _fields(work, entry_type, container_field)
    if not _complete(entry_type, found):
        entry_type = "online" if (work.url or work.doi) else "misc"
        container_field = "organization" if entry_type == "online" else "howpublished"
        found = _fields(work, entry_type, container_field)
    out: list[tuple[str, str]] = []
    for field in ("author", "title", container_field, "type"):
        if field in found:
            out.append((field, found[field]))
    if subtype:
        out.append(("entrysubtype", subtype))
    # biblatex knows a publisher only for books; a @misc has `organization` for it, and an
    # @online keeps its site there. Elsewhere (articles) it has no field and is left out.
    publisher_field = PUBLISHER_FIELDS.get(entry_type)
    if work.publisher and publisher_field and publisher_field != container_field \
            and publisher_field not in found:
        out.append((publisher_field, _value(publisher_field, work.publisher)))
    if work.issued:
        year, month, _ = date_parts(work.issued)
        if year:
            out.append(("date", iso_date(work.issued) or year))
        elif month:
            out.append(("month", str(month)))  # a day with no year has no biblatex date
    out += link_fields(work)
    return BibEntry(entry_type, work.key, out, bare=frozenset())


def dumps(works: Sequence[Work]) -> str:
    """A biblatex .bib file holding every work, sorted by key."""
    return dump_entries(entry(w) for w in sorted(works, key=lambda w: w.key))
