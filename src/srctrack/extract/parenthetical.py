"""Parenthetical citations: "(Author, Title, Outlet, Date)", "(Organisation, Title, Date)",
"(Outlet, Date)", "(see Outlet, January 24, 2011)", groups split at ";" into their parts, and a
bare date after ";" that continues the previous source ("(see EDM, January 24, 2011;
November 3, 2015)" cites EDM twice).

A parenthesis cites something when a part of it ends in a date with a month, or in a year
after a title, and what comes before the date names a source. Parentheses that explain,
abbreviate or count ("(CSTO)", "(nearly 20% of the population)") end in no date, or start
with a lowercase word, and are left alone. "(Smith 2020)" belongs to author_date.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from srctrack.extract.context import sentence_around
from srctrack.extract.press import is_outlet_name
from srctrack.model import Citation, CitationStyle, Creator, Document
from srctrack.parse import names, outlets, places
from srctrack.parse.dates import DateMatch, find_dates, with_year
from srctrack.parse.fields import body_fields, clean_title, split_segments

MAX_INNER = 800  # a parenthesis longer than this is prose, not a citation
MAX_DEPTH = 50
DATE_TAIL = 48
LEAD_IN_RE = re.compile(
    r"(?:see also|see e\.g\.,?|see|cf\.?|e\.g\.,?|i\.e\.,?|quoted in|via|per|also|"
    r"voir aussi|voir|vgl\.|siehe|ver también|ver|véase|vedi anche|vedi|см\. также|см\.)\s+",
    re.IGNORECASE)
_PAREN_RE = re.compile(r"[()]|\n[ \t]*\n")
DOMAIN_NAME_RE = re.compile(r"[\w-]+(?:\.[\w-]+)*\.(?:[a-z]{2,3}|info)", re.IGNORECASE)
PAGES_TAIL_RE = re.compile(r",\s*(?:pp?\.|S\.|с\.)\s*\d[\d,\s–-]*$")
URL_TAIL_RE = re.compile(r",?\s*(?:available at:?\s*)?(?:https?://|www\.)\S+$", re.IGNORECASE)
# First words that open prose, not a source's name: "(In March 2022, ...)".
PROSE_OPENERS = frozenset("""
a an in on at by since until till from after before during as of for to with between
around about over under this that these those it its and or but if when while then than
le la les en au aux dans depuis jusqu der die das im am seit bis nach vor il lo gli nel dal
del el los las desde hasta durante в во с до после на по
""".split())


@lru_cache(maxsize=2)
def groups(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of the inside of every outermost balanced parenthesis.

    One pass with a stack; a parenthesis that spans a blank line or runs past MAX_INNER is
    dropped, so unbalanced text costs linear time. Parenthetical and author-date citations
    both read them, so the document's groups are found once.
    """
    found: list[tuple[int, int]] = []
    stack: list[int] = []
    for m in _PAREN_RE.finditer(text):
        ch = m.group()
        if ch == "(":
            stack.append(m.end())
            if len(stack) > MAX_DEPTH:  # runaway nesting: start afresh
                stack.clear()
        elif ch == ")":
            if stack:
                start = stack.pop()
                if not stack and m.start() - start <= MAX_INNER:
                    found.append((start, m.start()))
        else:
            stack.clear()
    return tuple(found)


def parts(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """A parenthesis split at ";" (never inside quotation marks), each part trimmed and
    stripped of its lead-in ("see", "cf.")."""
    for a, b in split_segments(text, start, end, sep=";"):
        a, b = trim(text, a, b)
        lead = LEAD_IN_RE.match(text, a, b)
        if lead:
            a = lead.end()
        if a < b:
            yield a, b


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1] in " \t\n.,":
        end -= 1
    return start, end


def _final_date(text: str, start: int, end: int) -> DateMatch | None:
    """The date that closes text[start:end], if it ends there."""
    # A date is at most ~40 characters long: look only at the tail, so the cost of a part
    # does not grow with its length.
    dates = find_dates(text, max(start, end - DATE_TAIL), end)
    if dates and dates[-1].end == end:
        return dates[-1]
    return None


def _looks_like_source(segment: str) -> bool:
    words = segment.split()
    if not words or len(words) > 9 or len(segment) > 100:
        return False
    first = words[0].lstrip("\"“«'‘")
    if first.lower() in PROSE_OPENERS and not outlets.lookup(segment):
        return False
    return bool(first[:1].isupper() or outlets.lookup(segment))


def _looks_like_outlet(segment: str) -> bool:
    if outlets.lookup(segment):
        return True
    words = segment.split()
    if not _looks_like_source(segment) or len(words) > 7 or segment[-1:] in "?!:":
        return False
    if names.known_person(segment):
        return False
    small = {"of", "the", "and", "for", "on", "in", "de", "la", "du", "des", "&", "-", "–",
             "di", "del", "für", "der", "y", "to", "at", "without", "against"}
    return all(w[:1].isupper() or w.lower() in small or w[:1].isdigit() for w in words)


def fields_before_date(text: str, start: int, date_start: int
                       ) -> tuple[tuple[Creator, ...], str | None, str | None] | None:
    """Authors, title and outlet from text[start:date_start], or None when it names no
    source."""
    body = [text[a:b].strip() for a, b in split_segments(text, start, date_start)]
    while body and not body[-1]:
        body.pop()
    if not body or not all(body) or not _looks_like_source(body[0]):
        return None
    if len(body) == 1 and not _looks_like_outlet(body[0]):
        return None
    if len(body) > 1 and body[-1][:1].islower():
        return None  # "(MP for Godalming, born 1 November 1966)": prose, not a title
    return body_fields(body)


def find(document: Document) -> list[Citation]:
    text = document.text
    doc_year = document.date[:4] if document.date and document.date[:4].isdigit() else None
    found: list[Citation] = []
    for g_start, g_end in groups(text):
        if "," not in text[g_start:g_end]:
            continue  # every form this module reads has a comma before its date
        context = ""
        previous: Citation | None = None
        for start, end in parts(text, g_start, g_end):
            # The search tries every position of the part: only where a URL can be.
            has_url = text.find("://", start, end) >= 0 or text.find("www.", start, end) >= 0
            url_tail = URL_TAIL_RE.search(text, start, end) if has_url else None
            date_end = url_tail.start() if url_tail else end
            pages = PAGES_TAIL_RE.search(text, max(start, date_end - 24), date_end)
            if pages:
                date_end = pages.start()  # "(Trud, July 8, pp. 1, 4)"
            date = _final_date(text, start, date_end)
            if date is None:
                previous = None
                continue
            context = context or sentence_around(text, g_start - 1, g_end + 1)
            iso = with_year(date.iso, doc_year)
            if date.start == start and previous is not None:
                # "; November 3, 2015": the previous source again, on another day
                previous = Citation(
                    raw=text[start:end], start=start, end=end,
                    style=CitationStyle.PARENTHETICAL, authors=previous.authors,
                    outlet=previous.outlet, date=iso, type=previous.type, context=context,
                    confidence=round(previous.confidence * 0.9, 2))
                found.append(previous)
                continue
            previous = None
            if date.start <= start:
                continue
            if date.year_only and "," not in text[start:date.start].rstrip(" ,"):
                continue  # "(OECD, 2021)": author-date, not a dated news citation
            fields = fields_before_date(text, start, date.start)
            if fields is None:
                continue
            if (not fields[0] and not fields[1] and not date.has_day
                    and not _names_a_medium(fields[2] or "")):
                continue  # "(Almaty, May 2023)": a place and a month, not a source
            if _a_place_or_a_day(fields[1], fields[2]) and all(
                    a.literal in (fields[1], fields[2]) for a in fields[0]):
                continue  # "(Astana, 12 October 2023)", "(Day 1, Monday 4 March 2024)"
            authors, title, outlet = fields
            previous = Citation(
                raw=text[start:end], start=start, end=end, style=CitationStyle.PARENTHETICAL,
                authors=authors, title=clean_title(title) if title else None, outlet=outlet,
                date=iso, type="article", context=context,
                confidence=_confidence(authors, title, outlet, date))
            found.append(previous)
    return found


_DAY_RE = re.compile(r"(?i)^(?:day|jour|tag|día|giorno|день)\s+\d+$|^(?:monday|tuesday|wednesday|"
                     r"thursday|friday|saturday|sunday|lundi|mardi|mercredi|jeudi|vendredi|samedi|"
                     r"dimanche|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag)$")


def _a_place_or_a_day(title: str | None, outlet: str | None) -> bool:
    """Whether what stands before a date is where or which day it was, not a source."""
    parts = [p for p in (title, outlet) if p]
    return bool(parts) and all(places.is_place(p) or _DAY_RE.match(p.strip()) for p in parts)


def _names_a_medium(name: str) -> bool:
    """A newspaper, agency or site by its name's shape ("Ranepa.ru", "Steppe Times")."""
    return bool(outlets.lookup(name) or DOMAIN_NAME_RE.fullmatch(name)
                or is_outlet_name(name, strong=False))


def _confidence(authors: tuple[Creator, ...], title: str | None, outlet: str | None,
                date: DateMatch) -> float:
    score = 0.5
    if title:
        score += 0.2
    if outlet:
        score += 0.1 + (0.1 if outlets.lookup(outlet) else 0.0)
    if authors:
        score += 0.05
    if date.has_day:
        score += 0.05
    return round(min(score, 1.0), 2)
