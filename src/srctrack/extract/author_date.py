"""Author-date citations: "(Smith 2020)", "(Smith and Jones, 2019: 12)", "(Oke et al., 2017)",
"(OECD, 2021[4]; IMF, 2022)", "Smith (2020) argues ...", and the reference list they point to.

Each entry of the reference list ("References", "Bibliography", "Literatur", ...) is a citation
of its own, parsed by `parse_reference_fields`. Each in-text part is a citation too, with its
fields taken from the matching entry (first author's family name and year); without a match it
keeps the names and year it gives.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from srctrack.extract.context import sentence_around
from srctrack.extract.parenthetical import groups, parts
from srctrack.extract.press import SENTENCE_OPENERS
from srctrack.model import Citation, CitationStyle, Creator, Document
from srctrack.parse import names, outlets, places
from srctrack.parse.fields import ReferenceFields, parse_reference_fields

HEADING_RE = re.compile(
    r"^[ \t#*]*(?:references|reference list|bibliography|works cited|literature cited|"
    r"sources|literature|références|références bibliographiques|bibliographie|literatur|"
    r"literaturverzeichnis|quellen|bibliografía|referencias|bibliografia|"
    r"riferimenti bibliografici|список литературы|литература|библиография)[ \t*:]*$",
    re.IGNORECASE | re.MULTILINE)
_NAME = r"[^\W\d_][\w'’.\-]*+"
_JOIN = r"(?:,\s*|\s+(?:and|&|et|und|y|e|и)\s+|,\s*(?:and|&)\s+)"
_NAMES = (rf"(?:(?:{_NAME}\s+){{0,3}}{_NAME}(?:{_JOIN}"
          rf"(?:{_NAME}\s+){{0,3}}{_NAME}){{0,5}}(?:,?\s+et\s+al\.?)?)")
_YEAR = r"(?P<year>(?:1[5-9]|20)\d\d)(?P<suffix>[a-z]?)"
_LOCATOR = (r"(?:\s*\[\d{1,3}\])?(?:\s*[:,]\s*(?:pp?\.\s*|S\.\s*|с\.\s*)?[\divxl]+"
            r"(?:\s*[-–]\s*\d+)?)?")
PART_RE = re.compile(rf"(?P<names>{_NAMES}),?\s+{_YEAR}(?P<loc>{_LOCATOR})")
BARE_YEAR_RE = re.compile(rf"{_YEAR}(?P<loc>{_LOCATOR})")
# Narrative citations, "Smith and Jones (2019) argue": found from the "(year)" back, since a
# name pattern tried at every word of a document costs more than all else in this module.
NARRATIVE_YEAR_RE = re.compile(rf"\({_YEAR}(?P<loc>{_LOCATOR})\)")
NAMES_BEFORE_RE = re.compile(rf"\b(?P<names>{_NAMES})\s+\Z")
NAMES_REACH = 300  # no list of six authors is longer
_NAME_SMALL_WORDS = frozenset({*names.AUTHOR_JOINERS, "al", "al."})
BULLET_RE = re.compile(r"^[ \t]*(?:[-*•–]|\d{1,3}[.)]|\[\d{1,3}\])[ \t]+", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Entry:
    start: int
    end: int
    fields: ReferenceFields
    families: tuple[str, ...]
    year: str | None


def _fold(name: str) -> str:
    name = unicodedata.normalize("NFKD", name)
    return "".join(c for c in name if not unicodedata.combining(c)).casefold().strip(" .,")


def _family(creator: Creator) -> str:
    return _fold(creator.literal or creator.family or "")


def reference_list(text: str) -> tuple[int, list[Entry]]:
    """The entries after the last reference-list heading, one a line (an unlabelled line that
    starts in lower case or carries no year continues the entry above it)."""
    headings = list(HEADING_RE.finditer(text))
    if not headings:
        return len(text), []
    heading = headings[-1]
    spans: list[list[int]] = []
    pos = heading.end()
    for line in text[heading.end():].split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        stripped = line.strip()
        if not stripped:
            continue
        bullet = BULLET_RE.match(text, start, end)
        if bullet:
            start = bullet.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        has_year = re.search(r"(?:1[5-9]|20)\d\d|n\.d\.", text[start:end])
        if spans and not bullet and (not has_year or text[start].islower()):
            spans[-1][1] = end
            continue
        if not has_year:
            if spans:
                break  # prose after the list
            continue
        spans.append([start, end])
    entries = []
    for start, end in spans:
        raw = text[start:end]
        fields = parse_reference_fields(re.sub(r"\s*\[\d{1,3}\]\s*$", "", raw))
        year_m = re.search(r"(?:1[5-9]|20)\d\d", fields.date or raw)
        entries.append(Entry(start, end, fields, tuple(_family(a) for a in fields.authors),
                             year_m.group() if year_m else None))
    return heading.start(), entries


def _in_text_families(names_text: str) -> tuple[str, ...]:
    return tuple(_family(c) for c in names.split_authors(names_text))


def _name_ok(names_text: str) -> bool:
    words = names_text.split()
    if not words or not names_text[:1].isupper():
        return False
    lowered = {w.lower().strip(",.") for w in words}
    openers = {"in", "since", "by", "from", "until", "during", "after", "before", "of", "the",
               "and", "between", "around", "about", "early", "late", "mid", "spring", "summer",
               "autumn", "winter", "fall", "january", "february", "march", "april", "may",
               "june", "july", "august", "september", "october", "november", "december"}
    from srctrack.parse.dates import MONTH_NUMBER

    if any(w in MONTH_NUMBER for w in lowered):
        return False  # "(Almaty, May 2023)": a place and a date
    segments = [seg.strip() for seg in names_text.split(",") if seg.strip()]
    if len(segments) > 1 and len(segments[0].split()) > 1 and not names.looks_like_person(
            segments[0]):
        # "(Human Rights Watch, Dams and Displacement, 2019)": an organisation, then a
        # title; author lists name people ("Smith, Jones and Brown").
        return False
    people = names.split_authors(names_text)
    if len(people) > 1 and not lowered & {"in", "since", "the"}:
        # "(Early and Preble 2024)": joined names, whatever the first one means; but
        # "(Spring and Summer 2023)" is no list of people
        return not all(_family(p) in openers for p in people)
    return words[0].lower().strip(",") not in openers and not (lowered & {"in", "since", "the"})


def find(document: Document) -> list[Citation]:
    text = document.text
    list_start, entries = reference_list(text)
    found: list[Citation] = []
    for entry in entries:
        f = entry.fields
        found.append(Citation(
            raw=text[entry.start:entry.end], start=entry.start, end=entry.end,
            style=CitationStyle.AUTHOR_DATE, authors=f.authors, title=f.title, outlet=f.outlet,
            date=f.date, url=f.url, type=f.type, context=" ".join(text[entry.start:entry.end]
                                                                  .split()),
            confidence=0.9 if f.title else 0.7))
    for g_start, g_end in groups(text):
        if g_end > list_start:
            break
        previous_names: str | None = None
        context = ""
        for start, end in parts(text, g_start, g_end):
            m = PART_RE.fullmatch(text, start, end)
            names_text = m.group("names") if m else None
            if m is None:
                m = BARE_YEAR_RE.fullmatch(text, start, end)
                names_text = previous_names
            if m is None or names_text is None or not _name_ok(names_text):
                previous_names = None
                continue
            previous_names = names_text
            context = context or sentence_around(text, g_start - 1, g_end + 1)
            found.append(_in_text(text, start, end, names_text, m.group("year"), entries,
                                  context))
    found.extend(_narrative(text, list_start, entries))
    return found


def _narrative(text: str, list_start: int, entries: list[Entry]) -> list[Citation]:
    """"Smith and Jones (2019) argue": resolved against the reference list when there is
    one; without one, only names that read as authors' surnames, followed by what a
    sentence about a work goes on with (a verb, a comma, a possessive)."""
    found: list[Citation] = []
    taken_to = 0
    for year_m in NARRATIVE_YEAR_RE.finditer(text, 0, list_start):
        m = NAMES_BEFORE_RE.search(text, max(taken_to, year_m.start() - NAMES_REACH),
                                   year_m.start())
        if m is None:
            continue
        # The name pattern also takes the prose before the names ("as Helberger and
        # Diakopoulos (2023) argue"): the names begin at the first capital.
        start = m.start() + _names_begin(m.group("names"))
        names_text, year = text[start:m.end("names")], year_m.group("year")
        if not _name_ok(names_text):
            continue
        if entries:
            if not _resolve(entries, _in_text_families(names_text), year):
                continue
        elif not _reads_as_authors(text, start, names_text, year_m.end()):
            continue
        end = year_m.end()
        found.append(_in_text(text, start, end, names_text, year, entries,
                              sentence_around(text, start, end)))
        taken_to = end
    return found


_AFTER_WORK_RE = re.compile(r"[ \t]*(?:[,;:.]|[ \t][a-zà-ÿ]|['’]s\b)")
_TITLES = frozenset("president minister king queen pope general prime chancellor senator "
                    "governor mayor prince emperor sultan tsar czar".split())


def _reads_as_authors(text: str, start: int, names_text: str, end: int) -> bool:
    """Whether "Name (1984)" with no reference list reads as a work's authors: surnames,
    each capitalised, none a country, a title or a month; what follows continues a
    sentence about the work."""
    if not _AFTER_WORK_RE.match(text, end):
        return False
    people = names.split_authors(names_text)
    if not people or len(names_text) > 80 or places.is_country(names_text.strip()):
        return False
    before = text[max(0, start - 20):start].split()
    if before and before[-1].lower().strip(".,") in _TITLES:
        return False  # "President Tokayev (2019)"
    for person in people:
        family = (person.family or person.literal or "").strip()
        if (not family[:1].isupper() or places.is_country(family)
                or family.lower() in SENTENCE_OPENERS or (" " in family and not person.family)):
            return False
    return True


def _names_begin(text: str) -> int:
    """Where the names of "Rules struggle, as Helberger and Diakopoulos" begin: after the
    last word in lower case that neither joins names nor is a particle of one."""
    begin = 0
    for word in re.finditer(r"\S+", text):
        bare = word.group().strip(",")
        if bare[:1].islower() and bare not in _NAME_SMALL_WORDS and bare not in names.PARTICLES:
            begin = word.end()
    return begin + len(text[begin:]) - len(text[begin:].lstrip(" ,"))


def _resolve(entries: list[Entry], families: tuple[str, ...], year: str) -> Entry | None:
    if not families:
        return None
    for entry in entries:
        if entry.year == year and entry.families and entry.families[0] == families[0]:
            return entry
    return None


def _in_text(text: str, start: int, end: int, names_text: str, year: str,
             entries: list[Entry], context: str) -> Citation:
    authors = names.split_authors(names_text)
    entry = _resolve(entries, tuple(_family(a) for a in authors), year)
    raw = text[start:end]
    if entry is not None:
        f = entry.fields
        return Citation(raw=raw, start=start, end=end, style=CitationStyle.AUTHOR_DATE,
                        authors=f.authors, title=f.title, outlet=f.outlet, date=f.date or year,
                        url=f.url, type=f.type, context=context, confidence=0.95,
                        resolved=True)
    outlet = None
    if len(authors) == 1 and authors[0].is_organisation:
        outlet = outlets.canonical(authors[0].literal or "")
    return Citation(raw=raw, start=start, end=end, style=CitationStyle.AUTHOR_DATE,
                    authors=authors, outlet=outlet, date=year, context=context,
                    confidence=0.6 if entries else 0.7,
                    resolved=False if entries else None)
