"""Parenthetical citations: "(Author, Title, Outlet, Date)", "(Organisation, Title, Date)",
"(Outlet, Date)", "(see Outlet, January 24, 2011)" and groups of them split at ";".

A parenthesis cites something when its text ends in a date and what comes before the date
names a source: a person or organisation first, then a title, then an outlet. Parentheses
that explain, abbreviate or count ("(CSTO)", "(nearly 20% of the population)") end in no
date, or start with a lowercase word, and are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from srctrack.extract.context import sentence_around
from srctrack.model import Citation, CitationStyle, Creator, Document
from srctrack.parse import names, outlets
from srctrack.parse.dates import DateMatch, find_dates, with_year

MAX_INNER = 800  # a parenthesis longer than this is prose, not a citation
LEAD_IN_RE = re.compile(r"(?:see also|see|cf\.?|e\.g\.,?|i\.e\.,?|quoted in|via|per)\s+",
                        re.IGNORECASE)
QUOTES = "\"'“”‘’«»„‚"


def _groups(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of the inside of every innermost-or-outermost balanced parenthesis.

    One pass with a stack; a parenthesis that spans a blank line or runs past MAX_INNER is
    dropped, so unbalanced text costs linear time.
    """
    stack: list[int] = []
    for m in re.finditer(r"[()]|\n\s*\n", text):
        ch = m.group()
        if ch == "(":
            stack.append(m.end())
        elif ch == ")":
            if stack:
                start = stack.pop()
                if m.start() - start <= MAX_INNER and not stack:
                    yield start, m.start()
        else:
            stack.clear()
        if len(stack) > 50:  # runaway nesting: start afresh
            stack.clear()


def _parts(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Split a parenthesis at ";" into the spans of its parts, trimmed of space."""
    pos = start
    for m in re.finditer(";", text[start:end]):
        yield pos, start + m.start()
        pos = start + m.end()
    yield pos, end


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1] in " \t\n.,":
        end -= 1
    return start, end


def _clean_title(title: str) -> str:
    title = " ".join(title.split())
    if len(title) > 1 and title[0] in QUOTES and title[-1] in QUOTES:
        title = title[1:-1]
    return title.strip(" ,;")


def _looks_like_name(segment: str) -> bool:
    """A source's name: capitalised, short, no sentence inside."""
    words = segment.split()
    if not words or len(words) > 9 or len(segment) > 90:
        return False
    first = words[0].lstrip(QUOTES)
    return bool(first[:1].isupper() or (first[:1].isdigit() and outlets.lookup(segment)))


def _looks_like_outlet(segment: str) -> bool:
    if outlets.lookup(segment):
        return True
    words = segment.split()
    if not _looks_like_name(segment) or len(words) > 7 or segment[-1:] in "?!:":
        return False
    small = {"of", "the", "and", "for", "on", "in", "de", "la", "du", "des", "&", "-", "–"}
    return all(w[:1].isupper() or w.lower() in small or w[:1].isdigit() for w in words)


def _fields(body: str) -> tuple[tuple[Creator, ...], str | None, str | None] | None:
    """Authors, title and outlet from the text before the date, or None when it names
    no source."""
    segments = [s.strip() for s in body.split(",")]
    if not segments or not all(segments) or not _looks_like_name(segments[0]):
        return None
    head, rest = segments[0], segments[1:]
    if not rest:
        # "(EDM, January 24, 2011)": an outlet and a date
        if names.looks_like_person(head) or not _looks_like_outlet(head):
            return None
        return (), None, head
    creator = names.creator(head)
    if creator.is_organisation:
        if len(rest) >= 2 and _looks_like_outlet(rest[-1]):
            return (creator,), _clean_title(", ".join(rest[:-1])), rest[-1]
        # "(Organisation, Title, Date)": the organisation is author and outlet at once.
        return (creator,), _clean_title(", ".join(rest)), head
    if len(rest) >= 2:
        return (creator,), _clean_title(", ".join(rest[:-1])), rest[-1]
    return (creator,), _clean_title(rest[0]), None


def _final_date(text: str, start: int, end: int) -> DateMatch | None:
    """The date that closes text[start:end], if it ends there."""
    dates = find_dates(text, start, end)
    if dates and dates[-1].end == end:
        return dates[-1]
    return None


def find(document: Document) -> list[Citation]:
    text = document.text
    doc_year = document.date[:4] if document.date and document.date[:4].isdigit() else None
    found: list[Citation] = []
    for g_start, g_end in _groups(text):
        if "," not in text[g_start:g_end]:
            continue  # every form this module reads has a comma before its date
        for p_start, p_end in _parts(text, g_start, g_end):
            start, end = _trim(text, p_start, p_end)
            lead = LEAD_IN_RE.match(text, start, end)
            if lead:
                start = lead.end()
            date = _final_date(text, start, end)
            if date is None or date.start <= start:
                continue
            body = text[start:date.start].rstrip(" ,")
            fields = _fields(body)
            if fields is None:
                continue
            authors, title, outlet = fields
            found.append(Citation(
                raw=text[start:end], start=start, end=end, style=CitationStyle.PARENTHETICAL,
                authors=authors, title=title or None, outlet=outlet,
                date=with_year(date.iso, doc_year), type="article",
                context=sentence_around(text, g_start - 1, g_end + 1),
                confidence=_confidence(authors, title, outlet, date),
            ))
    return found


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
