"""What the audit needs to know of one citation, worked out once, when it is stored.

Most audit rules look at one citation and its document alone (no date where the style wants
one, a day the calendar lacks, a note no marker points to). The store records these facts
as a small integer on the citation row, and a partial index over the rows with any fact set
lets the audit read only the citations that can fire a rule, however large the bibliography.

Facts never depend on anything that changes after the citation is stored: the document's
date is stored with its citations and replaced with them. What does change (today's date,
link checks, other works, hand edits of a work) the audit reads at audit time.
"""

from __future__ import annotations

from datetime import date
from enum import IntFlag

from srctrack.model import Citation

#: Styles that carry a date, an outlet, a title when written in full.
DATED_STYLES = frozenset({"parenthetical", "note", "reference", "author-date"})
DESCRIBED_STYLES = frozenset({"note", "reference"})


class Fact(IntFlag):
    """One bit each; the values are stored, so never renumber one (add new bits instead)."""

    UNDATED = 1  # no date, in a style that gives one
    NO_OUTLET = 2  # no outlet, in a style that gives one
    NO_TITLE = 4  # no title, in a style that gives one
    IMPOSSIBLE_DATE = 8  # a full date that is no day of the calendar
    AFTER_DOCUMENT = 16  # dated later than its document (the audit prefers future-date)
    UNREFERENCED_NOTE = 32  # a note that no marker points to
    UNRESOLVED_AUTHOR_DATE = 64  # an author-date citation the reference list lacks
    LINK = 128  # a bare link: link-only fires when its work has no title, which an edit changes
    MISSING_NOTE = 256  # a note marker whose note the notes list lacks


def citation_facts(citation: Citation, document_date: str | None) -> Fact:
    """The facts of a citation in a document of the given date."""
    style = str(citation.style)
    if citation.is_missing_note:
        return Fact.MISSING_NOTE  # nothing else can be said of a note that is not there
    facts = Fact(0)
    if style in DATED_STYLES and not citation.date:
        facts |= Fact.UNDATED
    if style in DESCRIBED_STYLES and not citation.outlet:
        facts |= Fact.NO_OUTLET
    if style in DESCRIBED_STYLES and not citation.title:
        facts |= Fact.NO_TITLE
    facts |= date_facts(citation.date, document_date)
    if style == "note" and citation.note is not None and not citation.markers:
        facts |= Fact.UNREFERENCED_NOTE
    if style == "author-date" and citation.resolved is False:
        facts |= Fact.UNRESOLVED_AUTHOR_DATE
    if style == "link":
        facts |= Fact.LINK
    return facts


def date_facts(cited: str | None, document_date: str | None) -> Fact:
    """IMPOSSIBLE_DATE or AFTER_DOCUMENT, compared at the precision each date gives
    ("2021" is not after "2021-05-01"); a day with no year ("--06-12") is neither."""
    if not cited or cited.startswith("--"):
        return Fact(0)
    if len(cited) == 10 and not _valid_day(cited):
        return Fact.IMPOSSIBLE_DATE
    if document_date and cited[:len(document_date)] > document_date[:len(cited)]:
        return Fact.AFTER_DOCUMENT
    return Fact(0)


def is_future(cited: str | None, today: str) -> bool:
    """Whether a cited date lies after today (ISO 8601), at the precision it gives ("2026"
    is not in the future during 2026)."""
    if not cited or cited.startswith("--"):
        return False
    return cited[:len(today)] > today[:len(cited)]


def _valid_day(iso: str) -> bool:
    try:
        date.fromisoformat(iso)
    except ValueError:
        return False
    return True
