"""Reference lines that no heading and no marker introduce: endnote lists pasted as plain
text ("1. ...", "50 ...", "[3] ..."), reference-list entries (APA, Harvard, Chicago, GOST)
standing under a heading srctrack does not know or under none, and full notes whose marker was
lost when the text was copied from a PDF.

Whether a line is a reference is decided from its shape, not from where it stands: a year or
a link, and enough of what references carry (a name list at the start, a quoted title, an
imprint "(City: Publisher, 1999)", pages, a volume and issue, editors, "//"). Prose that
happens to hold a year and a title carries too few of them and too many of the words prose is
made of. Numbered lines in a run (1, 2, 3 ...) need less, as their numbering already says what
they are. Fields come from `parse_reference_fields`, as for notes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from srctrack.extract.context import sentence_around
from srctrack.extract.notes import IBID_RE, OWN_RE, split_sources
from srctrack.model import Citation, CitationStyle, Document
from srctrack.parse.fields import parse_reference_fields
from srctrack.parse.reference import parse_reference

MAX_ENTRY = 900
MIN_ENTRY = 20
YEAR_RE = re.compile(r"(?<!\d)(?:1[5-9]\d\d|20\d\d)(?!\d)")
URL_RE = re.compile(r"https?://|www\.|\bdoi\b|10\.\d{4,}/", re.IGNORECASE)
LABEL_RE = re.compile(r"^[ \t]*(?:\[(?P<b>\d{1,3})\]|\((?P<p>\d{1,3})\)|(?P<n>\d{1,3})[.)]?)"
                      r"[ \t]+(?=\S)", re.MULTILINE)
# What references carry, each with the weight it adds to a line's score.
SIGNS: tuple[tuple[re.Pattern[str], float], ...] = (
    # APA/Harvard: "Alford, J. (2001)." / "Coleman, James S. 1988."
    (re.compile(r"^[A-ZÀ-ÖØ-ÞА-ЯЁ][\w'’-]+(?: [A-Z][\w'’-]+)?, (?:[A-ZА-ЯЁ]\.[ -]?){1,3}"
                r"|^[^\n(]{2,120}?\((?:1[5-9]|20)\d\d[a-z]?\)\.?\s"
                r"|^[A-Z][\w'’-]+, [A-Z][\w'’-]+(?: [A-Z]\.)?,? ?(?:1[5-9]|20)\d\d\b"), 2.0),
    # Chicago/Oxford: names, then a comma: "Robert Gilpin, War and Change"
    (re.compile(r"^(?:[A-Z][\w'’.-]+ ){1,3}[A-Z][\w'’-]+(?: and (?:[A-Z][\w'’.-]+ ){1,3}"
                r"[A-Z][\w'’-]+)?(?:, eds?\.)?, "), 1.0),
    # GOST: "Иванов И. И. Название // Журнал."
    (re.compile(r" // "), 2.0),
    (re.compile(r"[“‘\"«„][^”’\"»“\n]{8,}[”’\"»“]"), 1.0),  # a quoted title
    # "(New York: Praeger, 1968)", "(Cambridge, Mass.: Harvard University Press, 1983)"
    (re.compile(r"\([A-Z][\w.'’ -]{1,30}(?:, [A-Z][\w.]{1,10})?: [^():]{2,80},? "
                r"(?:[A-Z][a-z]+ )?(?:1[5-9]|20)\d\d\)"), 2.0),
    (re.compile(r"\b(?:[A-Z][a-z]+(?:, [A-Z]{2})?): [A-Z][^.:;]{2,60}(?:Press|Publishing|"
                r"Publishers|Books|Verlag|Éditions|Editions|Edizioni|Editorial)\b"), 2.0),
    # an imprint that closes the entry: "Mahwah, NJ: Lawrence Erlbaum Associates."
    (re.compile(r"(?:^|[.,] )[A-Z][a-z]+(?: [A-Z][a-z]+)?(?:, [A-Z]{2,3})?: [A-Z][\w&.' -]{2,50}"
                r"\.?$"), 1.5),
    (re.compile(r"\b(?:University Press|Press|Publishing|Publishers|Verlag|Éditions|"
                r"Découverte|Gallimard|Routledge|Springer|Palgrave|Macmillan|Praeger)\b"), 1.0),
    (re.compile(r"\bpp?\.\s?\d|\bS\.\s?\d|\bС\.\s?\d"), 1.0),  # pages
    (re.compile(r"\b\d{1,4}\s?\(\d{1,3}\)|\b[Vv]ol\.|\b[Nn]o\.\s?\d|№\s?\d|\bissue\b|, \d{1,3}, "
                r"\d{1,5}\s?[-–]\s?\d"), 1.0),  # volume and issue
    (re.compile(r"\(eds?\.?\)|\beds?\.,|\bed\. |\(dir\.\)|\(Hrsg\.\)|\(a cura di\)|\(ред\.\)"),
     1.0),
    (re.compile(r"\b(?:Journal|Review|Quarterly|Studies|Affairs|Proceedings|Bulletin)\b"), 0.5),
    (re.compile(r"https?://|\bwww\.|\bdoi\b|10\.\d{4,}/", re.IGNORECASE), 1.0),
    (re.compile(r"\b(?:[Rr]etrieved|[Aa]ccessed|[Cc]onsulté|[Aa]bgerufen|[Cc]onsultado)\b"), 1.0),
)
# Words prose is made of and references are not.
PROSE_RE = re.compile(
    r"\b(?:that|which|is|are|was|were|has|have|had|could|would|should|will|not|but|however|"
    r"this|these|because|argued|argues|we|our|it|its|there|their|they|also|can|must|may|"
    r"qui|est|sont|était|nous|dass|ist|sind|wurde|wird|wir|fue|son|está|nosotros|che|è|sono|"
    r"что|это|был|была|были|является|который|которые)\b")
# What comes before the first comma, stop, colon or parenthesis: names or a title.
_HEAD_RE = re.compile(r"[^,.:;(]*")
MAX_HEAD = 110
LONG_ENTRY = 300
MAX_PROSE = 6
UNNUMBERED_BAR = 3.0
NUMBERED_BAR = 1.0


#: How far below its bar a line's shape may fall and the labeller still decide.
LABELLER_REACH = 1.5
#: How sure the labeller must be, on average over the fields it found.
LABELLER_SURE = 0.9


def _labelled(entry: str) -> bool:
    """Whether the reference labeller reads a borderline line as a reference, and is sure
    of it: names or a title, a date, and a high mean marginal probability. On prose it
    falls back to the shape rules, whose fields it marks at 0.5."""
    parsed = parse_reference(" ".join(entry.split()))
    sure = parsed.confidence
    return bool(sure) and "date" in sure and ("authors" in sure or "title" in sure) and (
        sum(sure.values()) / len(sure) >= LABELLER_SURE)


@dataclass(frozen=True, slots=True)
class Line:
    start: int  # of the entry's text, after any label
    end: int
    label: int | None


def score(entry: str) -> float:
    """How much a string looks like a reference; 0 when it cannot be one."""
    entry = " ".join(entry.split())
    if not MIN_ENTRY <= len(entry) <= MAX_ENTRY or not (entry[:1].isupper() or entry[:1] in
                                                        "“\"‘«„"):
        return 0.0
    if IBID_RE.match(entry) or OWN_RE.match(entry):
        return 0.0
    if not (YEAR_RE.search(entry) or URL_RE.search(entry)):
        return 0.0
    head = _HEAD_RE.match(entry)
    if head is None or len(head.group()) > MAX_HEAD:
        return 0.0  # a reference names its author or title first, then a comma or a stop
    prose = len(PROSE_RE.findall(entry))
    if prose >= MAX_PROSE:
        return 0.0  # sentences, not a reference: no sign needs looking for
    if len(entry) > LONG_ENTRY and not any(p.search(entry) for p, w in SIGNS if w >= 2.0):
        return 0.0  # a long paragraph with a year in it: prose, unless it has an imprint
    weights = [weight for pattern, weight in SIGNS if pattern.search(entry)]
    return sum(weights) - max(0, prose - 1) * 0.75


def _lines(text: str) -> list[Line]:
    """The text's lines as entries: a labelled line starts one, an unlabelled line right
    below a labelled one continues it (a wrapped note), a blank line ends it."""
    out: list[Line] = []
    pos = 0
    previous_blank = True
    pending: int | None = None
    for raw in text.splitlines(keepends=True):
        start, end = pos, pos + len(raw.rstrip("\r\n"))
        pos += len(raw)
        if not text[start:end].strip():
            previous_blank = True
            continue
        m = LABEL_RE.match(text, start, end)
        label = None
        lone = _LONE_LABEL_RE.fullmatch(text, start, end)
        if lone:
            pending = int(lone.group(1))  # "12" alone on its line, its note below it
            previous_blank = True
            continue
        if pending is not None:
            out.append(Line(start, end, pending))
            pending = None
            previous_blank = False
            continue
        if m and (m.group("b") or m.group("p") or m.group("n")):
            label = int(m.group("b") or m.group("p") or m.group("n"))
            start = m.end()
        elif out and not previous_blank and out[-1].label is not None:
            out[-1] = Line(out[-1].start, end, out[-1].label)
            continue
        elif out and not previous_blank and out[-1].label is None and not _starts_entry(
                text, start, end):
            # a wrapped paragraph: the line continues the entry above
            out[-1] = Line(out[-1].start, end, None)
            continue
        out.append(Line(start, end, label))
        previous_blank = False
    return out


# A periodical's issue cited by its name, year and number, as GOST short notes are:
# "СЗ РФ. 1994, № 32. ст. 3301.", "Вопросы экономики. 2023. № 3."
_PERIODICAL_RE = re.compile(r"(?P<outlet>[^\W\d][^.,;:()]{0,40}?)\.\s+(?:1[5-9]|20)\d\d[.,]\s*"
                            r"(?:\d{1,2}\s+\w+[.,]\s*)?(?:№|No\.|Nr\.|n\.)\s*\d")
_LONE_LABEL_RE = re.compile(r"[ \t]*\[?(\d{1,3})[.)\]]?[ \t]*")
_ENTRY_START_RE = re.compile(r"[A-ZÀ-ÖØ-ÞА-ЯЁ][\w'’-]+,? (?:[A-ZА-ЯЁ][\w'’.-]*|\()")


def _starts_entry(text: str, start: int, end: int) -> bool:
    """Whether a line opens a reference of its own ("Anderson, G. (1989)."), as the lines of
    a reference list pasted without blank lines between them do."""
    return bool(_ENTRY_START_RE.match(text, start, end)) and bool(
        YEAR_RE.search(text, start, min(end, start + 160)))


def _in_run(lines: list[Line], i: int) -> bool:
    """A numbered line whose neighbour carries the next or the previous number."""
    label = lines[i].label
    if label is None:
        return False
    before = lines[i - 1].label if i > 0 else None
    after = lines[i + 1].label if i + 1 < len(lines) else None
    # notes keyed to pages repeat a number ("591 ...", "591 ...", "592 ...")
    return (before is not None and 0 <= label - before <= 2) or (
        after is not None and 0 <= after - label <= 2)


# Where a note's sentences part: after a stop that ends a word of three letters or more that
# is no abbreviation ("pp.", "Mass.", "eds."), before a capital or "see".
_SENTENCE_END_RE = re.compile(r"(?<=[\w’”)])\.\s+(?=[A-Z“\"‘(]|see\b)")
_ABBREVIATIONS = frozenset("""
pp vol vols no nos ed eds mass calif conn univ dept trans rev repr ibid cit op etc al jr sr
inc co ltd st mr mrs ms dr prof gen col sen rep ch chap fig
""".split())


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out, begin = [], start
    for m in _SENTENCE_END_RE.finditer(text, start, end):
        word = re.search(r"(\w+)[’”)]?$", text[begin:m.start()])
        bare = word.group(1) if word else ""
        if not bare.isdigit() and (len(bare) < 3 or bare.lower() in _ABBREVIATIONS):
            continue  # an initial or an abbreviation, not a sentence's end ("12." is a page)
        out.append((begin, m.start() + 1))
        begin = m.end()
    out.append((begin, end))
    return out


def _parts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The sources one note cites: parts split at ";" (split_sources), and sentences that
    each read as a reference ("For X, see A, Title (1999). On Y, see B, Title (2001).")."""
    out: list[tuple[int, int]] = []
    for a, b in split_sources(text, start, end):
        sentences = _sentences(text, a, b)
        if len(sentences) > 1 and sum(score(text[s:e]) >= UNNUMBERED_BAR
                                      or _SEE_RE.search(text, s, e) is not None
                                      for s, e in sentences) >= 2:
            out.extend((s, e) for s, e in sentences if YEAR_RE.search(text, s, e))
        else:
            out.append((a, b))
    return out


_SEE_RE = re.compile(r"\bsee\b[^;]{0,120}?(?:1[5-9]|20)\d\d")


def find(document: Document) -> list[Citation]:
    text = document.text
    doc_year = document.date[:4] if document.date and document.date[:4].isdigit() else None
    lines = _lines(text)
    scores = [score(text[line.start:line.end].rstrip()) for line in lines]
    found: list[Citation] = []
    for i, line in enumerate(lines):
        raw = text[line.start:line.end].rstrip()
        numbered = _in_run(lines, i)
        if line.label is not None and not numbered:
            continue  # "3 million people ...": a number opens the line, no list is there
        # A line among others shaped like references is an entry of a list: less is needed.
        in_list = any(0 <= j < len(lines) and scores[j] >= NUMBERED_BAR for j in (i - 1, i + 1))
        bar = NUMBERED_BAR if numbered or in_list else UNNUMBERED_BAR
        confidence = scores[i]
        borderline = confidence > 0 and confidence >= bar - LABELLER_REACH
        if confidence < bar and not (borderline and _labelled(raw)):
            continue
        for start, end in _parts(text, line.start, line.start + len(raw)):
            part = text[start:end]
            if IBID_RE.match(part):
                continue
            fields = parse_reference_fields(part, doc_year)
            periodical = _PERIODICAL_RE.match(part)
            if periodical is not None:
                # "СЗ РФ. 1994, № 32. ст. 3301.": a gazette's issue, named by its abbreviation
                fields = replace(fields, authors=(), title=None,
                                 outlet=periodical.group("outlet"), type="article-journal")
            if not (fields.title or fields.outlet or fields.url):
                continue
            found.append(Citation(
                raw=part, start=start, end=end, style=CitationStyle.NOTE,
                authors=fields.authors, title=fields.title, outlet=fields.outlet,
                date=fields.date, url=fields.url, type=fields.type,
                context=sentence_around(text, start, end),
                confidence=round(min(0.5 + 0.05 * confidence, 0.85), 2),
                note=str(line.label) if numbered else None))
    return found
