"""Notes: the numbered note or endnote list, and the markers in the running text that point
to it ("[1]", "[i]", "¹", "(1)", "[^1]").

Each note that names a source is one citation: its raw text is the note's text without its
label, its fields come from `parse_reference_fields`, and it carries the spans of every marker
that points to it (`Citation.markers`) and its label (`Citation.note`). Markers themselves are
not citations, except a marker whose note the list lacks: that one is a citation of its own
that names no source (`resolved=False`), so the audit can say the note is missing. "Ibid."
cites the note before it again, so its markers join that note's. Notes that cite nothing
("Author's interview with ...", "This reading is the author's own.") are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from srctrack.extract.context import sentence_around
from srctrack.model import Citation, CitationStyle, Document
from srctrack.parse.fields import ReferenceFields, parse_reference_fields, split_segments

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUP_TO_DIGIT = str.maketrans(SUPERSCRIPTS, "0123456789")
HEADING_RE = re.compile(
    r"^[ \t#*]*(?:notes?|end\s?notes|foot\s?notes|notes and references|references and notes|"
    r"sources(?: and notes)?|notes de bas de page|anmerkungen|fußnoten|fussnoten|endnoten|"
    r"notas|note a piè di pagina|примечания|сноски|источники)[ \t*:]*$",
    re.IGNORECASE | re.MULTILINE)
ROMAN = r"(?:x{0,3})(?:ix|iv|v?i{0,3})"
# A note entry's label at the start of a line, and the note's text after it.
ENTRY_RE = re.compile(
    rf"^[ \t]*(?:\[(?P<b>\d{{1,3}}|{ROMAN})\]|\[\^(?P<f>[\w-]{{1,20}})\]:|\((?P<p>\d{{1,3}})\)"
    rf"|(?P<n>\d{{1,3}})[.)]|(?P<s>[{SUPERSCRIPTS}]{{1,3}})|(?P<r>{ROMAN})\.)[ \t]+(?P<text>\S.*)$",
    re.MULTILINE | re.IGNORECASE)
# The line after a footnote definition: blank lines before it, its indent, its text.
CONTINUATION_RE = re.compile(r"\n(\n*)([ \t]*)(\S[^\n]*)")
IBID_RE = re.compile(r"^(?:ibid|ibidem|idem|id\.|op\.\s*cit|ebd|ebenda|там же|ivi|ídem|"
                     r"loc\.\s*cit)\b", re.IGNORECASE)
# Notes that report the author's own work, not a source.
OWN_RE = re.compile(r"^(?:the\s+)?(?:author|authors|writer)['’]s?\b|^(?:this|these|my|our)\b|"
                    r"^(?:interview|conversation|correspondence|personal communication)s?\b|"
                    r"^.{0,60}?(?:\bauthor['’]s\b|\bde l['’]auteur\b|\bdell['’]autore\b|"
                    r"\bdes autors\b|\bder autorin\b|\bdel autor\b|\bавтора\b)",
                    re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class NoteEntry:
    label: str
    start: int  # of the note's text, after its label
    end: int


def _label(m: re.Match[str]) -> str:
    for group in ("b", "f", "p", "n", "r"):
        if m.group(group):
            return m.group(group).lower()
    return m.group("s").translate(_SUP_TO_DIGIT)


def _entries(text: str, start: int) -> list[NoteEntry]:
    """The note entries that follow text[start:]: consecutive labelled lines; a line without
    a label continues the note above it, a blank line after the list ends it."""
    entries: list[NoteEntry] = []
    for m in ENTRY_RE.finditer(text, start):
        if entries:
            gap = text[entries[-1].end:m.start()]
            if "\n\n" in gap.replace(" ", "").replace("\t", "") and len(gap.strip()) > 0:
                break
            if gap.strip():
                # an unlabelled line continues the previous note
                prev = entries[-1]
                entries[-1] = NoteEntry(prev.label, prev.start, m.start() - 1)
        elif text[start:m.start()].strip():
            break
        entries.append(NoteEntry(_label(m), m.start("text"), m.end("text")))
    return [NoteEntry(e.label, e.start, _rstrip(text, e.start, e.end)) for e in entries]


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _notes_section(text: str, notes_start: int | None = None) -> tuple[int, list[NoteEntry]]:
    """Where the note list starts and its entries: after the last "Notes" heading that is
    followed by labelled lines, else where the reader found the notes (`notes_start`: an
    HTML page's footnotes often have no heading), else Markdown footnote definitions."""
    for m in reversed(list(HEADING_RE.finditer(text))):
        entries = _entries(text, m.end())
        if entries:
            return m.start(), entries
    if notes_start is not None:
        entries = _entries(text, notes_start)
        if entries:
            return notes_start, entries
    return _footnote_definitions(text)


def _footnote_definitions(text: str) -> tuple[int, list[NoteEntry]]:
    """Markdown footnote definitions ("[^3]: text"), which may stand anywhere. A note runs on
    over the lines below it up to the next definition or a blank line before an unindented
    line; the list starts at the first definition's label, so that label is not a marker."""
    defs = [m for m in ENTRY_RE.finditer(text) if m.group("f")]
    entries = []
    for i, m in enumerate(defs):
        limit = defs[i + 1].start() if i + 1 < len(defs) else len(text)
        end = m.end()
        for line in CONTINUATION_RE.finditer(text, end, limit):
            if line.start() != end or (line.group(1) and not line.group(2)):
                break
            end = line.end()
        entries.append(NoteEntry(m.group("f"), m.start("text"),
                                 _rstrip(text, m.start("text"), end)))
    if entries:
        return defs[0].start(), entries
    return len(text), []


def _marker_re(labels: set[str], entries: list[NoteEntry]) -> re.Pattern[str]:
    first = entries[0]
    numeric = [label for label in labels if label.isdigit()]
    alternatives = [r"\[\^(?P<f>[\w-]{1,20})\]", rf"(?P<s>[{SUPERSCRIPTS}]+)"]
    if numeric:
        alternatives.append(r"(?<=\S)\[(?P<b>\d{1,3})\]|(?<=[\w.,;:!?”\"')])\s?\((?P<p>\d{1,3})\)"
                            r"(?=[\s.,;:]|$)")
    if any(not label.isdigit() for label in labels):
        alternatives.append(rf"(?<=\S)\[(?P<r>{ROMAN})\]")
    del first
    return re.compile("|".join(alternatives), re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Marker:
    label: str
    start: int
    end: int
    form: str  # "b" [1], "p" (1), "r" [iv], "f" [^1], "s" ¹


def _scan_markers(text: str, end: int, entries: list[NoteEntry]) -> Iterator[Marker]:
    """Everything in text[:end] written as a note marker, whether or not its note exists."""
    labels = {e.label for e in entries}
    for m in _marker_re(labels, entries).finditer(text, 0, end):
        groups = m.groupdict()
        for group in ("f", "b", "p", "r"):
            if groups.get(group):
                label = m.group(group).lower()
                start, stop = m.start(group), m.end(group)
                if group in ("b", "r", "f"):
                    start, stop = start - (2 if group == "f" else 1), stop + 1
                elif group == "p":
                    start, stop = start - 1, stop + 1
                yield Marker(label, start, stop, group)
                break
        else:
            sup = m.group("s")
            label = sup.translate(_SUP_TO_DIGIT)
            if label not in labels and all(ch in labels for ch in label):
                for i, ch in enumerate(label):  # "¹²" after a word: notes 1 and 2
                    yield Marker(ch, m.start() + i, m.start() + i + 1, "s")
                continue
            yield Marker(label, m.start(), m.end(), "s")


def _markers(scanned: list[Marker], entries: list[NoteEntry]) -> dict[str, list[tuple[int, int]]]:
    """The spans of the markers that point to each note of the list."""
    labels = {e.label for e in entries}
    found: dict[str, list[tuple[int, int]]] = {}
    for marker in scanned:
        if marker.label in labels:
            found.setdefault(marker.label, []).append((marker.start, marker.end))
    return found


def _missing(scanned: list[Marker], entries: list[NoteEntry]) -> list[Marker]:
    """Markers that point to a note the list lacks ("[7]" when the list stops at 5).

    Numbers in brackets or parentheses are not always markers, so a marker counts only when
    it is written the way the markers of existing notes are, and its number is one the list
    skips or one of a run that carries on from the list's last note: "[6] ... [7]" after a
    list that ends at 5, never a lone "[42]". Footnote references ("[^x]") are markers
    whatever their label.
    """
    labels = {e.label for e in entries}
    forms = {m.form for m in scanned if m.label in labels}
    unmatched = [m for m in scanned if m.label not in labels and m.form in forms]
    numbers = {int(label) for label in labels if label.isdigit()}
    cited = {int(m.label) for m in unmatched if m.label.isdigit()}
    last = max(numbers, default=0)
    run_end = last
    while run_end + 1 in cited:
        run_end += 1
    return [m for m in unmatched
            if m.form == "f" or (m.label.isdigit() and 0 < int(m.label) <= run_end)]


#: More words than a publisher's name has: a note whose "outlet" runs longer is a sentence.
NAME_WORDS = 8


def _explains(fields: ReferenceFields) -> bool:
    """A note that explains rather than cites ("The figure is for the plain near Fès and is an
    average for 2015–2022."): no title, no URL, no authors, and the only name the parser could
    find is a whole sentence."""
    return not (fields.title or fields.url or fields.authors) and len(
        (fields.outlet or "").split()) > NAME_WORDS


def _cites_something(note: str) -> bool:
    if OWN_RE.match(note) or IBID_RE.match(note):
        return False
    return bool(note[:1].isupper() or note[:1].isdigit() or note[:1] in "\"“«„")


def find(document: Document) -> list[Citation]:
    text = document.text
    section_start, entries = _notes_section(text, document.notes_start)
    if not entries:
        return []
    doc_year = document.date[:4] if document.date and document.date[:4].isdigit() else None
    scanned = list(_scan_markers(text, section_start, entries))
    markers = _markers(scanned, entries)
    found: list[Citation] = []
    previous: Citation | None = None
    for entry in entries:
        note = text[entry.start:entry.end]
        spans = tuple(markers.get(entry.label, ()))
        if IBID_RE.match(note):
            if previous is not None and spans:
                merged = replace(previous, markers=previous.markers + spans)
                found[found.index(previous)] = merged
                previous = merged
            continue
        if not _cites_something(note):
            previous = None
            continue
        context = (sentence_around(text, spans[0][0], spans[0][1]) if spans
                   else " ".join(note.split()))
        for start, end in split_sources(text, entry.start, entry.end):
            raw = text[start:end]
            fields = parse_reference_fields(raw, doc_year)
            if not (fields.date or fields.url or fields.title) or _explains(fields):
                continue
            confidence = 0.6 + 0.1 * sum(bool(x) for x in (fields.title, fields.outlet,
                                                              fields.date)) + (0.1 if spans
                                                                               else 0.0)
            previous = Citation(
                raw=raw, start=start, end=end, style=CitationStyle.NOTE, authors=fields.authors,
                title=fields.title, outlet=fields.outlet, date=fields.date, url=fields.url,
                type=fields.type, context=context, confidence=round(min(confidence, 1.0), 2),
                note=entry.label, markers=spans)
            found.append(previous)
    return found + [_missing_note(text, marker) for marker in _missing(scanned, entries)]


def _missing_note(text: str, marker: Marker) -> Citation:
    """A marker whose note is missing: a citation that names no source (see
    Citation.resolved)."""
    span = (marker.start, marker.end)
    return Citation(raw=text[marker.start:marker.end], start=marker.start, end=marker.end,
                    style=CitationStyle.NOTE, context=sentence_around(text, *span),
                    confidence=0.5, note=marker.label, markers=(span,), resolved=False)


def split_sources(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """One note may cite several sources, separated by ";" when each part carries a date."""
    from srctrack.parse.dates import find_dates

    parts = list(split_segments(text, start, end, sep=";"))
    if len(parts) > 1 and all(find_dates(text, a, b) for a, b in parts):
        out = []
        for a, b in parts:
            while a < b and text[a].isspace():
                a += 1
            b = _rstrip(text, a, b)
            if a < b:
                out.append((a, b))
        return out
    return [(start, end)]
