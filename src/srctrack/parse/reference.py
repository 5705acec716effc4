"""One reference string, as footnotes and reference lists print it, turned into fields.

    >>> ref = parse_reference("Huffman, D. A. (1952). A method for the construction of "
    ...                       "minimum redundancy codes. Proceedings of the IRE, 40, 1098-1101.")
    >>> ref.authors[0].family, ref.date, ref.outlet, ref.pages
    ('Huffman', '1952', 'Proceedings of the IRE', '1098-1101')

A conditional random field (python-crfsuite, trained by scripts/train_parser.py on AnyStyle's
labelled references and shipped as srctrack/data/reference.crfsuite) labels every token:
author, title, journal, date, volume, pages, publisher, location, url, doi and so on. Rules
then do what rules do better: identifiers (a DOI or URL is found by its shape wherever it
stands), dates (srctrack.parse.dates, at the precision given), numbers out of "Vol. 3" and
"pp. 12-15", names split into people and organisations (srctrack.parse.names), and a CSL type
from what was found.

Input that is not a reference gets an empty record, never invented fields: no letters, mostly
control or replacement characters, more than MAX_TOKENS tokens, or labels that do not add up to
a reference (a title alone, say).

The model is loaded once per process and the parser is pure: the same string always gives the
same record. A pycrfsuite tagger is not thread-safe, so each thread opens its own.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from srctrack.model import Creator, Work
from srctrack.parse import creators, dates, features
from srctrack.parse.creators import particle
from srctrack.parse.features import sequence_features, tokenize

if TYPE_CHECKING:
    import pycrfsuite

MODEL_NAME = "reference.crfsuite"
MAX_TOKENS = 400  # the longest reference in the training data has about 250
MAX_CHARS = 8000

FIELDS = ("authors", "editors", "title", "outlet", "date", "volume", "issue", "pages",
          "publisher", "place", "url", "doi", "type", "accessed")


@dataclass(frozen=True, slots=True)
class ParsedReference:
    """The fields of one reference string; every field is None or () when not found.

    `outlet` is what contains the work (journal, newspaper, website, book, series) or, for a
    work that stands alone, its publisher, as in the rest of srctrack; `container` keeps the
    containing title alone. `date` is when the work appeared; `accessed` when the citing
    author read it ("accessed 1 March 2023"), which is no date of the work. `confidence`
    maps each field found to the labeller's mean marginal probability over its tokens (1.0
    for what a rule found by its shape).
    """

    authors: tuple[Creator, ...] = ()
    editors: tuple[Creator, ...] = ()
    title: str | None = None
    outlet: str | None = None
    date: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    publisher: str | None = None
    place: str | None = None
    url: str | None = None
    doi: str | None = None
    type: str | None = None
    accessed: str | None = None
    container: str | None = None
    confidence: dict[str, float] = field(default_factory=dict, compare=False)

    @property
    def is_empty(self) -> bool:
        return not any(getattr(self, name) for name in FIELDS if name != "type")


EMPTY = ParsedReference()

_local = threading.local()


@cache
def _model_path() -> str:
    path = resources.files("srctrack.data").joinpath(MODEL_NAME)
    return str(path)


def _tagger() -> pycrfsuite.Tagger:
    tagger = getattr(_local, "tagger", None)
    if tagger is None:
        import pycrfsuite

        tagger = pycrfsuite.Tagger()
        tagger.open(_model_path())
        _local.tagger = tagger
        features.restrict_to(_attributes(tagger))
    return tagger


def _attributes(tagger: pycrfsuite.Tagger) -> frozenset[str]:
    """The attributes the model knows, from its text dump (Tagger.info() parses the whole
    dump in Python and takes a fifth of a second)."""
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "model.txt"
        tagger.dump(str(path))
        text = path.read_text("utf-8", errors="replace")
    start = text.index("ATTRIBUTES = {")
    return frozenset(_DUMP_ATTRIBUTE_RE.findall(text, start, text.index("\n}", start)))


_DUMP_ATTRIBUTE_RE = re.compile(r"(?m)^ *\d+: (.*)$")


def label(tokens: list[str]) -> tuple[list[str], list[float]]:
    """The labeller's label for every token, and its marginal probability."""
    tagger = _tagger()
    labels: list[str] = tagger.tag(sequence_features(tokens))
    marginals = [tagger.marginal(y, i) for i, y in enumerate(labels)]
    return labels, marginals


# --- cleaning what the labeller cut out -------------------------------------------------

_OPEN = "\"'“‘«„‚([{<"
_CLOSE = "\"'”’»)]}>"
_TRAIL = ".,;:/" + _CLOSE
_PAIRS = {"(": ")", "[": "]", "{": "}", "<": ">"}
_DOI_RE = re.compile(r"10\.\d{4,9}/\S+")
_URL_RE = re.compile(r"(?:https?://|ftp://|www\.)\S+", re.I)
_URL_PREFIX_RE = re.compile(r"^(?:url|urn|online|available\s+(?:at|from|online)|retrieved\s+from"
                            r"|verfügbar\s+unter|abgerufen\s+unter|disponible\s+en)\s*:?\s*",
                            re.I)
_YEAR_RE = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")
_CONTAINER_PREFIX_RE = re.compile(r"^(?:in\s*:|in\b|dans\s*:?|en\s*:|aus\s*:)\s*", re.I)
_PAGES_PREFIX_RE = re.compile(r"^(?:pp?|pgs?|pages?|s|ss|seiten?|str|стр|с)\s*\.?\s*",
                              re.I)
_VOLUME_RE = re.compile(
    r"^(?:vol(?:ume)?s?|v|bd|band|t|tome|tomo|jg|т|том)?\s*\.?\s*(?P<vol>[\w.-]+?)"
    r"\s*(?:\(\s*(?P<iss1>[^()]+?)\s*\)|[,.:]?\s*(?:no|nos|nr|num|number|issue|iss|heft|n°|nº|№"
    r"|вып)\s*\.?\s*(?P<iss2>[\w/–-]+)|[.:/]\s*(?P<iss3>\d+(?:[-–/]\d+)?))?\s*"
    r"(?::\s*(?P<pages>[\w–-]+))?$", re.I)
_YEAR_TOKEN_RE = re.compile(r"^\(?(?:1[5-9]\d\d|20\d\d)[a-z]?\)?;$")
_ACCESSED_RE = re.compile(r"(?i)\b(?:accessed|retrieved|viewed|consulted|cited|abgerufen|"
                          r"zugegriffen|consulté|consultado|visited|last\s+modified)\b")
_PAGES_MARK_RE = re.compile(r"^\D{1,6}\.?\s*\d")


def clean(text: str) -> str:
    """A segment without the punctuation and brackets that tie it to its neighbours."""
    text = " ".join(text.split())
    while True:
        before = text
        text = text.strip(" ,;:")
        if not text:
            return text
        if text[0] in _OPEN and not (text[:1] in _PAIRS and _PAIRS[text[:1]] in text[1:]):
            text = text[1:]
        elif text[:1] in "\"“«„" and text[-1:] in "\"”»":
            text = text[1:-1]
        if text and text[-1] in _TRAIL and not _balanced_close(text):
            text = text[:-1]
        if text == before:
            return text


def _balanced_close(text: str) -> bool:
    """True when the last character closes a bracket opened in the text, or is a stop that
    belongs to an abbreviation or initial ("J. Appl. Physiol.", "Smith, J.")."""
    last = text[-1]
    for opening, closing in _PAIRS.items():
        if last == closing:
            return text.count(opening) >= text.count(closing)
    if last == "." and len(text) >= 3 and text[-2].isalpha() and text[-3] in " .":
        return True  # a one-letter initial: "Smith, J."
    if last in "'’" and text[-2:-1].lower() == "s":
        return False
    return last in "'’" and text.count(last) % 2 == 0


def _identifier(text: str, pattern: re.Pattern[str]) -> str | None:
    m = pattern.search(text)
    return m.group(0).rstrip(".,;:)]}>'\"”’") if m else None


def _url(segment: str) -> str | None:
    text = _URL_PREFIX_RE.sub("", segment.strip(" <>[](),.;"))
    text = "".join(text.split()).strip("<>[](),;")
    text = text.rstrip(".")
    return text or None


def _date(texts: list[str]) -> str | None:
    """The ISO date of the first date segment, completed by what follows it: "(2022, March
    3)" and "2012 ... 4 January" make 2022-03-03 and 2012-01-04."""
    isos = []
    for text in texts:
        found = [d.iso for d in dates.find_dates(text)]
        if not found and (m := _YEAR_RE.search(text)):
            found = [m.group(1)]
        isos += found
    if not isos:
        return None
    first = isos[0]
    if first.startswith("--"):  # a day and month, the year in a later segment
        year = next((d[:4] for d in isos[1:] if not d.startswith("--")), None)
        return dates.with_year(first, year) if year else None
    if len(first) == 4 and len(isos) > 1 and isos[1].startswith("--"):
        return dates.with_year(isos[1], first)
    return first


def _volume(text: str) -> tuple[str | None, str | None, str | None]:
    """Volume, issue and pages out of "Vol. 3", "6(1)", "45:12-15", "v. 32, no. 4"."""
    text = clean(text)
    if not text:
        return None, None, None
    m = _VOLUME_RE.match(text)
    if m and m.group("vol"):
        issue = m.group("iss1") or m.group("iss2") or m.group("iss3")
        return m.group("vol").strip("."), issue, m.group("pages")
    return text, None, None


def _pages(text: str) -> str | None:
    text = clean(text)
    if _PAGES_MARK_RE.match(text):
        text = _PAGES_PREFIX_RE.sub("", text)
    return clean(text) or None


# --- from labels to a record ------------------------------------------------------------

def _segments(tokens: list[str], labels: list[str],
              marginals: list[float]) -> list[tuple[str, str, float]]:
    """Runs of tokens under one label: (label, text, mean marginal)."""
    out: list[tuple[str, str, float]] = []
    start = 0
    for i in range(1, len(tokens) + 1):
        if i == len(tokens) or labels[i] != labels[start]:
            out.append((labels[start], " ".join(tokens[start:i]),
                        sum(marginals[start:i]) / (i - start)))
            start = i
    return out


_JOURNAL_HINT = re.compile(r"\b(?:journal|j\.|review|rev\.|quarterly|annals|bulletin|letters"
                           r"|transactions|zeitschrift|revue|revista|acta)\b", re.I)
_PROCEEDINGS_HINT = re.compile(r"\b(?:proc\.?|proceedings|conference|conf\.|symposium|workshop"
                               r"|congress|meeting)\b", re.I)
_THESIS_HINT = re.compile(r"\b(?:thesis|dissertation|ph\.?\s?d|doctoral|master'?s|diss\.|"
                          r"habilitation|thèse|tesi)\b", re.I)
_REPORT_HINT = re.compile(r"\b(?:report|working\s+paper|technical|discussion\s+paper|"
                          r"policy\s+brief|white\s+paper|memo)\b", re.I)


# The CSL type of what appears in an outlet of the gazetteer's kinds.
OUTLET_TYPES = {"newspaper": "article-newspaper", "agency": "article-newspaper",
              "broadcaster": "article-newspaper", "magazine": "article-magazine",
              "website": "webpage", "think-tank": "report"}


def _csl_type(first: dict[str, str], has: set[str], outlet_kind: str | None) -> str:
    genre = " ".join(first.get(k, "") for k in ("genre", "note"))
    container = first.get("container-title", "")
    if _THESIS_HINT.search(genre):
        return "thesis"
    if outlet_kind in OUTLET_TYPES:
        return OUTLET_TYPES[outlet_kind]
    if "journal" in has:  # a periodical, "Proceedings of the IRE" and "PNAS" included
        return "article-journal"
    if container:
        if _PROCEEDINGS_HINT.search(container):
            return "paper-conference"
        if _JOURNAL_HINT.search(container) and "editor" not in has:
            return "article-journal"
        if "editor" in has or "publisher" in has or "pages" in has or \
                _CONTAINER_PREFIX_RE.match(container):
            return "chapter"
        return "webpage" if "url" in has else "article"
    if _REPORT_HINT.search(genre):
        return "report"
    if "publisher" in has or "edition" in has or "location" in has:
        return "book"
    if "url" in has:
        return "webpage"
    return "document"


def _build(tokens: list[str], labels: list[str], marginals: list[float],
           raw: str) -> ParsedReference:
    if "date" not in labels:  # Vancouver's "2008;26(36):5988-93", all read as the volume
        labels = ["date" if y == "volume" and _YEAR_TOKEN_RE.match(t) else y
                  for t, y in zip(tokens, labels, strict=True)]
    first: dict[str, str] = {}
    conf: dict[str, float] = {}
    date_texts: list[str] = []
    date_conf: list[float] = []
    accessed_texts: list[str] = []
    previous = ""
    for tag, text, p in _segments(tokens, labels, marginals):
        if tag == "date" and _ACCESSED_RE.search(previous + " " + text):
            accessed_texts.append(text)  # "accessed March 1, 2023": not when it appeared
        elif tag == "date":
            date_texts.append(text)
            date_conf.append(p)
        elif tag not in first:
            first[tag] = text
            conf[tag] = p
        previous = text
    has = set(first) | ({"date"} if date_texts else set())

    fields: dict[str, Any] = {}
    c: dict[str, float] = {}
    if "author" in first:
        fields["authors"] = creators.split_creators(first["author"])
        c["authors"] = conf["author"]
    if "editor" in first:
        fields["editors"] = creators.split_creators(
            _CONTAINER_PREFIX_RE.sub("", clean(first["editor"])))
        c["editors"] = conf["editor"]
    if "title" in first:
        fields["title"] = clean(first["title"]) or None
        c["title"] = conf["title"]
    container_label = next((k for k in ("journal", "container-title", "collection-title")
                            if k in first), None)
    if container_label:
        fields["container"] = clean(_CONTAINER_PREFIX_RE.sub("",
                                                             clean(first[container_label])))
        c["container"] = conf[container_label]
    if "publisher" in first:
        fields["publisher"] = clean(first["publisher"]) or None
        c["publisher"] = conf["publisher"]
    if "location" in first:
        fields["place"] = clean(first["location"]) or None
        c["place"] = conf["location"]
    date = _date(date_texts)
    if date is None:  # the labeller missed it: a year in the parts that may carry one
        spare = [t for t, y in zip(tokens, labels, strict=True)
                 if y in ("note", "publisher", "location", "journal", "container-title")]
        date = _date([" ".join(spare)]) if spare else None
        if date:
            c["date"] = 0.5
    elif date_conf:
        c["date"] = min(date_conf)
    fields["date"] = date
    fields["accessed"] = _date(accessed_texts)
    if "volume" in first:
        volume, issue, pages = _volume(first["volume"])
        fields.update(volume=volume, issue=issue)
        c["volume"] = conf["volume"]
        if issue:
            c["issue"] = conf["volume"]
        if pages and "pages" not in first:
            fields["pages"] = pages
            c["pages"] = conf["volume"]
    if "pages" in first:
        fields["pages"] = _pages(first["pages"])
        c["pages"] = conf["pages"]
    doi = _identifier(raw, _DOI_RE)
    if doi:
        fields["doi"] = doi
        c["doi"] = 1.0
    url = _url(first["url"]) if "url" in first else None
    if url and "." not in url and "/" not in url:
        url = None
    if url is None and (found := _identifier(raw, _URL_RE)):
        url = found
    if url:
        fields["url"] = url
        c["url"] = conf.get("url", 1.0)

    container = fields.get("container")
    authors = fields.get("authors", ())
    if not container and not fields.get("publisher") and len(authors) == 1 and \
            authors[0].literal and creators.outlet(authors[0].literal):
        # "Reuters, “Title,” 12 May 2022": an agency, outlet or institution of the gazetteer
        container = fields["container"] = authors[0].literal
        c["container"] = c["authors"]
    outlet = container or fields.get("publisher")
    if outlet:
        fields["outlet"] = outlet
        c["outlet"] = c["container"] if container else c["publisher"]
    known = creators.outlet(container) if container else None
    fields["type"] = _csl_type(first, has, known.kind if known else None)
    confidence: dict[str, float] = {}
    record = ParsedReference(**{k: v for k, v in fields.items() if v}, confidence=confidence)
    if not _plausible(record, raw, sum(marginals) / len(marginals)):
        return EMPTY
    confidence.update((k, round(v, 3)) for k, v in c.items() if k in FIELDS and fields.get(k))
    confidence["type"] = round(sum(marginals) / len(marginals), 3)
    return record


def _plausible(ref: ParsedReference, text: str, certainty: float) -> bool:
    """Labels that add up to a reference: an identifier; three kinds of field among who,
    what, where and when; or two with a sign of a reference's form (a person with a given
    name or initials; a date with a quoted title or a citation number). Prose that the
    labeller reads as a reference anyway it reads with little certainty (its mean marginal
    probability)."""
    if ref.doi or ref.url:
        return True
    people = ref.authors or ref.editors
    who = bool(people) and _name_like(people[0])
    kinds = who + bool(ref.title) + bool(ref.outlet or ref.volume or ref.pages) + bool(ref.date)
    if kinds >= 3:
        return certainty >= 0.7
    if kinds < 2 or certainty < 0.85:
        return False
    if who and people[0].given:
        return True
    return bool(ref.date) and bool(_FORM_RE.search(text))


# Words that start prose, not names: "The GNU General Public License ..."
_NOT_NAMES = frozenset("""
a an the of to in on and or for is are was were be so if any this that these it its as by with
from at not no all each such may must can will you we they he she
""".split())


def _name_like(creator: Creator) -> bool:
    """A person's name: a few capitalised words (particles aside), none of them a common word
    but for initials; an organisation's: mostly words that are not common ones."""
    if creator.literal is not None:  # an organisation, or the ditto of the previous author
        if set(creator.literal) <= set("—–-_"):
            return True
        words = creator.literal.lower().split()
        return any(c.isupper() for c in creator.literal) and \
            sum(w in _NOT_NAMES for w in words) * 2 < len(words)
    family, given = (creator.family or "").split(), (creator.given or "").split()
    if not 1 <= len(family) <= 4 or len(given) > 4:
        return False
    core = [w for w in family if not particle(w)]
    return bool(core) and len(core[0].strip(".")) > 1 and all(
        w[:1].isupper() and (w.lower() not in _NOT_NAMES or len(w.strip(".")) == 1)
        for w in core + [w for w in given if not particle(w)])


_FORM_RE = re.compile(r"^\s*(?:\[\d+\]|\(\d+\)|\d+\.\s)|[“«„\"][^”»\"]{3,}[”»\"]")


_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffd]")


_LETTER_RE = re.compile(r"[^\W\d_]")
_SPACE_RE = re.compile(r"\s")


def _readable(text: str) -> bool:
    """Text a reference could be: letters, and little binary noise."""
    if not text or len(text) > MAX_CHARS:
        return False
    letters = len(_LETTER_RE.findall(text))
    if letters < 2:
        return False
    noise = len(_CONTROL_RE.findall(text))
    visible = len(text) - len(_SPACE_RE.findall(text))
    return noise * 20 <= visible and letters * 4 >= visible


def parse_reference(text: str) -> ParsedReference:
    """The fields of one reference string; an empty record for what is not a reference."""
    text = " ".join(_CONTROL_RE.sub(" ", text).split()) if _readable(text) else ""
    tokens = tokenize(text)
    if not tokens or len(tokens) > MAX_TOKENS:
        return EMPTY
    labels, marginals = label(tokens)
    return _build(tokens, labels, marginals, text)


def parse_references(lines: Iterable[str]) -> list[ParsedReference]:
    """parse_reference for every line, in order, one record a line."""
    return [parse_reference(line) for line in lines]


def reference_key(ref: ParsedReference) -> str:
    """The citation key of a parsed reference (`huffman1952method`); an edited book's
    editors stand in for its authors."""
    from srctrack.normalize import citation_key

    return citation_key(ref.authors or ref.editors, ref.date, ref.title, ref.outlet)


def to_work(ref: ParsedReference, key: str | None = None) -> Work:
    """The reference as a bibliography Work; what Work has no field for goes in `extra`
    under its CSL variable name (volume, issue, page, editor, publisher-place)."""
    extra: dict[str, Any] = {}
    for name, value in (("volume", ref.volume), ("issue", ref.issue), ("page", ref.pages),
                        ("publisher-place", ref.place)):
        if value:
            extra[name] = value
    if ref.editors:
        extra["editor"] = [e.to_json() for e in ref.editors]
    return Work(key=key or reference_key(ref), accessed=ref.accessed,
                type=ref.type or "document", title=ref.title, container_title=ref.container,
                authors=ref.authors, issued=ref.date, url=ref.url, publisher=ref.publisher,
                doi=ref.doi, extra=extra)
