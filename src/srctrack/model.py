"""The data that flows through the pipeline: frozen dataclasses, no behaviour beyond views.

Works are described with CSL-JSON variable names (type, title, container-title, author,
issued, URL), the lingua franca of citeproc, pandoc and Zotero; exporters translate from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class CitationStyle(StrEnum):
    """How a citation is written in the running text."""

    PARENTHETICAL = "parenthetical"  # (Author, Title, Outlet, Date)
    NOTE = "note"  # a marker pointing to a numbered note
    AUTHOR_DATE = "author-date"  # (Smith 2020)
    ATTRIBUTION = "attribution"  # Reuters reported on 12 May that ...
    LINK = "link"  # a hyperlink or bare URL


@dataclass(frozen=True, slots=True)
class Creator:
    """A person ({family, given}) or an organisation ({literal})."""

    family: str | None = None
    given: str | None = None
    literal: str | None = None

    @classmethod
    def person(cls, family: str, given: str | None = None) -> Creator:
        return cls(family=family, given=given or None)

    @classmethod
    def organisation(cls, name: str) -> Creator:
        return cls(literal=name)

    @property
    def is_organisation(self) -> bool:
        return self.literal is not None

    @property
    def display(self) -> str:
        if self.literal is not None:
            return self.literal
        return " ".join(part for part in (self.given, self.family) if part)

    def to_json(self) -> dict[str, str]:
        if self.literal is not None:
            return {"literal": self.literal}
        out = {"family": self.family or ""}
        if self.given:
            out["given"] = self.given
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Creator:
        if data.get("literal"):
            return cls(literal=str(data["literal"]))
        return cls(family=data.get("family") or "", given=data.get("given") or None)


@dataclass(frozen=True, slots=True)
class Link:
    """A hyperlink found in a document: its target and where its anchor text stands."""

    url: str
    start: int
    end: int
    text: str = ""


@dataclass(frozen=True, slots=True)
class Document:
    """One article as read from disk or stdin: its plain text and what the reader learnt."""

    path: str
    text: str
    sha256: str
    format: str = "txt"
    title: str | None = None
    author: str | None = None
    date: str | None = None  # ISO 8601 at the precision known
    url: str | None = None
    links: tuple[Link, ...] = ()
    site: str | None = None  # the site a web page says it belongs to
    encoding: str = "utf-8"  # how the file's bytes were decoded
    #: Where the reader found the notes list when the markup says so (an HTML page's
    #: footnotes), for lists that no "Notes" heading introduces.
    notes_start: int | None = None


@dataclass(frozen=True, slots=True)
class Citation:
    """One citation as it stands in a document.

    `document.text[start:end] == raw` always holds: extraction is positional.
    """

    raw: str
    start: int
    end: int
    style: CitationStyle
    authors: tuple[Creator, ...] = ()
    title: str | None = None
    outlet: str | None = None
    date: str | None = None  # ISO 8601 at the precision the text gives
    url: str | None = None
    type: str = "article"  # a CSL type
    context: str = ""
    confidence: float = 1.0
    #: For a note: its label ("1", "iv") and the spans of the markers in the running text
    #: that point to it. A citation with no markers has no label.
    note: str | None = None
    markers: tuple[tuple[int, int], ...] = ()
    #: For an author-date citation in the running text: whether the document's reference
    #: list holds its entry; None when the document has no reference list. For a note:
    #: False when a marker points to a note the notes list lacks, the citation being that
    #: marker alone (its label in `note`, its span in `markers`, no source named).
    resolved: bool | None = None

    @property
    def is_missing_note(self) -> bool:
        """A note marker with no note: the text cites something the notes list lacks."""
        return self.style == CitationStyle.NOTE and self.resolved is False

    @property
    def names_a_source(self) -> bool:
        """Whether the citation says anything of its source; one that does not (a marker
        whose note is missing) cites no work the bibliography can hold."""
        return bool(self.authors or self.title or self.outlet or self.date or self.url)


@dataclass(frozen=True, slots=True)
class Work:
    """One source in the bibliography, however many citations point at it."""

    key: str
    type: str
    title: str | None = None
    container_title: str | None = None
    authors: tuple[Creator, ...] = ()
    issued: str | None = None  # ISO 8601 at its precision
    url: str | None = None
    publisher: str | None = None
    doi: str | None = None
    accessed: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    id: int | None = None


class LinkStatus(StrEnum):
    """What checking a link found; `reason` in LinkCheck says why in one line."""

    ALIVE = "alive"  # answers, possibly after retries or a cookie-setting self-redirect
    REDIRECTED = "redirected"  # now lives at another URL that answers
    SOFT_404 = "soft-404"  # answers 200 but is an error or placeholder page
    DEAD = "dead"  # 404/410, a redirect loop, a refused connection
    BLOCKED = "blocked"  # will not answer a robot; the link may well be fine
    SERVER_ERROR = "server-error"  # 5xx after retries, a reset with no answer
    TIMEOUT = "timeout"
    DNS_FAILURE = "dns-failure"
    TLS_ERROR = "tls-error"
    #: Not fetched: the host is this machine or a private network (`--allow-private`).
    REFUSED = "refused"


#: Statuses that count as a failure for the "dead on separate days" rule. `blocked` is not
#: one: a robot being refused says nothing about whether readers can open the page.
FAILING_STATUSES = frozenset({LinkStatus.DEAD, LinkStatus.SOFT_404, LinkStatus.SERVER_ERROR,
                              LinkStatus.TIMEOUT, LinkStatus.DNS_FAILURE, LinkStatus.TLS_ERROR})
#: Statuses that end a run of failures: the link answered.
WORKING_STATUSES = frozenset({LinkStatus.ALIVE, LinkStatus.REDIRECTED})
#: A link is dead for good only after failing on this many separate (UTC) days, with no
#: working check in between: the rule Wikipedia's InternetArchiveBot applies before it
#: replaces a link with an archived copy. One bad day (an outage, a deploy) proves nothing.
DEAD_AFTER_DAYS = 3


@dataclass(frozen=True, slots=True)
class Redirect:
    """One hop of a redirect chain: the URL that answered with a redirect, and its code."""

    url: str
    status: int

    @property
    def permanent(self) -> bool:
        return self.status in (301, 308)


@dataclass(frozen=True, slots=True)
class LinkCheck:
    """The result of checking one URL once."""

    url: str
    status: LinkStatus
    reason: str  # one line a person can act on
    checked_at: str  # ISO 8601, UTC, seconds
    http_status: int | None = None  # of the last answer
    final_url: str | None = None
    redirects: tuple[Redirect, ...] = ()
    error: str | None = None  # the low-level error, when the request failed
    elapsed_ms: int = 0
    archived_url: str | None = None
    #: "found", "none" or "unknown" once an archive lookup was made, else None.
    archive: str | None = None

    @property
    def permanent_redirect(self) -> bool | None:
        """True when every hop was 301/308; None when there was no redirect."""
        if not self.redirects:
            return None
        return all(r.permanent for r in self.redirects)


@dataclass(frozen=True, slots=True)
class LinkTarget:
    """A URL to check, and the date it was cited (for looking up an archived copy)."""

    url: str
    date: str | None = None


@dataclass(frozen=True, slots=True)
class Failing:
    """A link's current run of failures: since when, and on how many separate days."""

    url: str
    since: str  # ISO 8601 time of the first failing check of the run
    days: int
    checks: int

    @property
    def dead_for_good(self) -> bool:
        return self.days >= DEAD_AFTER_DAYS
