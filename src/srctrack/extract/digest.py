"""Lines of press reviews, digests and reading lists, where each line names its source in a
fixed place rather than in a sentence:

- "Headline | Outlet - Country" and "Headline | Outlet" (a review's item, a page's title);
- "Headline (Author, Outlet)", "Headline (Outlet)", "Headline (Outlet p.12)";
- "Headline, by Author, Outlet";
- "By Author – Outlet." and "– Outlet." under a headline;
- "Author, Outlet" on a line of its own (a critic and their paper).

The raw span is the line; the outlet must still pass `press.is_outlet_name`, and the person in
"Author, Outlet" must look like one, so a line of prose that happens to end in parentheses
("... (Harvard University)") or a list of places is not taken.
"""

from __future__ import annotations

import re

from srctrack.extract.anchors import Anchors, finditer_near
from srctrack.extract.context import sentence_around
from srctrack.extract.press import is_outlet_name
from srctrack.model import Citation, CitationStyle, Creator, Document
from srctrack.parse import names, places
from srctrack.parse.dates import find_dates

_NAME = r"[^\n|()]{2,60}?"
PIPE_RE = re.compile(rf"^[ \t]*(?P<title>[^\n|]{{8,240}}?)[ \t]+\|[ \t]+(?P<name>{_NAME})"
                     r"(?:[ \t]+[-–—][ \t]+(?P<country>[^\n|]{2,30}?))?[ \t]*$", re.MULTILINE)
TAIL_PAREN_RE = re.compile(
    r"^[ \t]*(?P<title>[^\n]{8,240}?)[ \t]+\((?:(?P<person>[^(),\n]{3,50}),[ \t]+)?"
    r"(?P<name>[^(),\n]{2,50}?)(?:[ \t,]+(?:p|S|pp)\.[ \t]?\d+)?\)[ \t.]*$", re.MULTILINE)
BY_COMMA_RE = re.compile(
    r"^[ \t]*(?P<title>[^\n]{8,240}?),?[ \t]+[Bb]y[ \t]+(?P<person>[^,\n]{3,50}),[ \t]+"
    r"(?P<name>[^,\n]{2,50}?)[ \t.]*$", re.MULTILINE)
BY_DASH_RE = re.compile(
    r"^[ \t]*(?:(?:[Bb]y[ \t]+)?(?P<person>[^–—\n]{3,50}?)[ \t]+)?[–—][ \t]+(?P<name>[^\n]{2,60}?)"
    r"[ \t.]*$", re.MULTILINE)
# "welt.de, rnd.de" under an item, "... tagesspiegel.de" closing one: sites named by address.
DOMAIN_RE = re.compile(r"(?<![\w@/.-])(?P<name>[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\."
                       r"(?:de|com|ru|fr|it|es|org|net|uk|kz|kg|uz|info|io|eu|ch|at|ua|by|pl))"
                       r"(?=[ \t]*(?:,|$))", re.MULTILINE)
# 'Carlo Trigilia, “Title” (Domani)', '..., “Title” (intervista al Corriere)', in a line or
# running on in a paragraph of such items.
_UP = "A-ZÀ-ÖØ-Þ"
PERSON_TITLE_PAREN_RE = re.compile(
    rf"(?<![\w'’-])(?P<person>[{_UP}][\w'’-]+(?:[ \t]+[{_UP}][\w'’-]+){{1,2}}),[ \t]+[“\"«]"
    r"(?P<title>[^”\"»\n]{3,200})[”\"»][ \t]+\((?:(?:intervista|interview|entretien|entrevista|"
    r"Interview)[ \t]+(?:a|al|alla|with|au|à|a la|mit|con)[ \t]+)?(?P<name>[^()\n]{2,40})\)")
LINE_REST = 200
# Each line shape has a fixed mark RE2 finds first; its pattern then runs on the line around
# it. A line is at most LINE_REACH long for these shapes (a title of 240 and its source).
LINE_REACH = 420
_PIPE_ANCHORS = Anchors(r" \| ", before=LINE_REACH, after=LINE_REACH)
_TAIL_PAREN_ANCHORS = Anchors(r"(?m)\)[ \t.]*$", before=LINE_REACH, after=4)
_BY_ANCHORS = Anchors(r"[ \t][Bb]y[ \t]", before=LINE_REACH, after=LINE_REACH)
_DASH_ANCHORS = Anchors(r"[–—]", before=LINE_REACH, after=LINE_REACH)
# Where an item's title closes before its paper in parentheses: the item lies around it.
_PERSON_TITLE_ANCHORS = Anchors(r"[”\"»][ \t]+\(", before=320, after=60)
# A site's address ends in one of these: RE2 finds them, the full pattern runs around them.
_DOMAIN_ANCHORS = Anchors(r"\.(?:de|com|ru|fr|it|es|org|net|uk|kz|kg|uz|info|io|eu|ch|at|ua|by|"
                          r"pl)", before=80, after=8)
PERSON_OUTLET_RE = re.compile(r"^[ \t]*(?P<person>[^,\n]{5,40}),[ \t]+(?P<name>[^,\n]{2,50}?)"
                              r"[ \t.]*$", re.MULTILINE)


def _ends_line(text: str, end: int) -> bool:
    return end == len(text) or text[end] == "\n"


def _known_person(name: str) -> bool:
    return names.known_person(name.strip())


def _headline(title: str) -> bool:
    """A headline has words, at least three, and is not a sentence of the running text."""
    return len(title.split()) >= 3 and not title.rstrip().endswith((".", ";", ":"))


def _outlet_ok(name: str, strong: bool) -> bool:
    """An outlet's name at the end of a line: no date in it ("Priya Raman — April 18, 2023"
    is a byline)."""
    return not re.search(r"\d", name) and is_outlet_name(name, strong)


def _from(m: re.Match[str], text: str, person: str | None, title: str | None,
          confidence: float) -> Citation:
    start, end = m.start(), m.end()
    while text[start] in " \t":
        start += 1
    while text[end - 1] in " \t.":
        end -= 1
    authors: tuple[Creator, ...] = (names.person(person.strip()),) if person else ()
    outlet = re.sub(r"^[Tt]he[ \t]+(?=[a-z])", "", m.group("name").strip())
    dates = find_dates(text, start, end)
    return Citation(raw=text[start:end], start=start, end=end, style=CitationStyle.ATTRIBUTION,
                    authors=authors, title=title.strip(" ,") if title else None, outlet=outlet,
                    date=dates[-1].iso if dates else None, type="article",
                    context=sentence_around(text, start, end), confidence=confidence)


def find(document: Document) -> list[Citation]:
    text = document.text
    found: list[Citation] = []
    for m in finditer_near(PIPE_RE, text, _PIPE_ANCHORS):
        if not _ends_line(text, m.end()):
            continue  # the search window, not the line, ended there
        where = m.group("country")
        in_country = where is None or places.is_country(where)
        if in_country and _headline(m.group("title")) and _outlet_ok(m.group("name"), True):
            found.append(_from(m, text, None, m.group("title"), 0.75))
    for m in finditer_near(TAIL_PAREN_RE, text, _TAIL_PAREN_ANCHORS):
        if not _ends_line(text, m.end()):
            continue  # the search window, not the line, ended there
        person = m.group("person")
        if person and not names.looks_like_person(person.strip()):
            continue  # the parentheses' shape says author and paper: a name need only look so
        if _headline(m.group("title")) and _outlet_ok(m.group("name"), bool(person)):
            found.append(_from(m, text, person, m.group("title"), 0.7))
    for m in finditer_near(BY_COMMA_RE, text, _BY_ANCHORS):
        if not _ends_line(text, m.end()):
            continue  # the search window, not the line, ended there
        if names.looks_like_person(m.group("person").strip()) and _outlet_ok(m.group("name"),
                                                                              True):
            found.append(_from(m, text, m.group("person"), m.group("title"), 0.75))
    for m in finditer_near(BY_DASH_RE, text, _DASH_ANCHORS):
        if not _ends_line(text, m.end()):
            continue  # the search window, not the line, ended there
        person = m.group("person")
        if person and not (_known_person(person) or person.strip().lower().startswith("editor")):
            continue
        if _outlet_ok(m.group("name"), True):
            found.append(_from(m, text, person if person and _known_person(person) else None,
                               None, 0.7))
    for m in finditer_near(PERSON_TITLE_PAREN_RE, text, _PERSON_TITLE_ANCHORS):
        if names.looks_like_person(m.group("person")) and _outlet_ok(m.group("name"), True):
            found.append(_from(m, text, m.group("person"), m.group("title"), 0.75))
    for m in PERSON_OUTLET_RE.finditer(text):
        if _known_person(m.group("person")) and _outlet_ok(m.group("name"), False):
            found.append(_from(m, text, m.group("person"), None, 0.7))
    for m in finditer_near(DOMAIN_RE, text, _DOMAIN_ANCHORS):
        line_end = text.find("\n", m.end(), m.end() + LINE_REST)
        if line_end < 0 and len(text) - m.end() > LINE_REST:
            continue  # a long line goes on: prose, not a list of sites
        rest = text[m.end():line_end if line_end >= 0 else len(text)]
        if rest.strip(" \t,") and not DOMAIN_RE.search(rest):
            continue  # a domain inside a sentence, not a line's source
        found.append(Citation(raw=m.group(), start=m.start(), end=m.end(),
                              style=CitationStyle.LINK, outlet=m.group(), type="webpage",
                              context=sentence_around(text, m.start(), m.end()),
                              confidence=0.6))
    return found
