"""One reference string, as footnotes and reference lists print it, turned into fields.

    >>> ref = parse_reference("Huffman, D. A. (1952). A method for the construction of "
    ...                       "minimum redundancy codes. Proceedings of the IRE, 40, 1098-1101.")
    >>> ref.authors[0].family, ref.date, ref.outlet, ref.pages
    ('Huffman', '1952', 'Proceedings of the IRE', '1098-1101')

This is srctrack's one reference parser: `srctrack parse` prints it, and extraction reads
notes and reference lists with it (srctrack.parse.fields.parse_reference_fields).

A conditional random field (python-crfsuite, trained by scripts/train_parser.py on AnyStyle's
and GROBID's labelled references and shipped as srctrack/data/reference.crfsuite) labels every
token: author, title, journal, date, volume, pages, publisher, location, url, doi and so on.
Rules then repair what a labeller of tokens gets wrong about the whole string (quoted titles,
fields that end at punctuation, GOST's "//") and do what rules do better: identifiers (a DOI
or URL is found by its shape wherever it stands), dates (srctrack.parse.dates, at the
precision given), numbers out of "Vol. 3" and "pp. 12-15", editions, names split into people
and organisations (srctrack.parse.creators), and a CSL type from what was found. A string the
labeller refuses or is unsure of, the shape rules of srctrack.parse.fields may read.

Input that is not a reference gets an empty record, never invented fields: no letters, mostly
control or replacement characters, more than MAX_TOKENS tokens, or labels that do not add up to
a reference (a title alone, say).

The model is loaded once per process and the parser is pure: the same string always gives the
same record. A pycrfsuite tagger is not thread-safe, so each thread opens its own.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
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
          "publisher", "place", "url", "doi", "type", "accessed", "edition")


@dataclass(frozen=True, slots=True)
class ParsedReference:
    """The fields of one reference string; every field is None or () when not found.

    `outlet` is what contains the work (journal, newspaper, website, book, series) or, for a
    work that stands alone, its publisher, as in the rest of srctrack; `container` keeps the
    containing title alone. `date` is when the work appeared; `accessed` when the citing
    author read it ("accessed 1 March 2023"), which is no date of the work. `et_al` says the
    author list was cut short with "et al.". `confidence` maps each field found to the
    labeller's mean marginal probability over its tokens (1.0 for what a rule found by its
    shape).
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
    edition: str | None = None
    container: str | None = None
    et_al: bool = False
    confidence: dict[str, float] = field(default_factory=dict, compare=False)

    @property
    def is_empty(self) -> bool:
        return not any(getattr(self, name) for name in FIELDS if name != "type")


EMPTY = ParsedReference()

_local = threading.local()


_override: list[str] = []


def use_model(path: str | None) -> None:
    """Label with the model at `path` from now on (None: the shipped one again), in this
    thread; for training scripts that score a model they have just written."""
    _override[:] = [path] if path else []
    _local.tagger = None


def _model_path() -> str:
    if _override:
        return _override[0]
    return str(resources.files("srctrack.data").joinpath(MODEL_NAME))


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
_TRAIL = ".,;:/“" + _CLOSE  # “ closes German quotations: „Titel“
_PAIRS = {"(": ")", "[": "]", "{": "}", "<": ">"}
_DOI_RE = re.compile(r"10\.\d{4,9}/\S+")
_URL_RE = re.compile(r"(?:https?://|ftp://|www\.)\S+", re.I)
_URL_PREFIX_RE = re.compile(r"^(?:url|urn|online|available\s+(?:at|from|online)|retrieved\s+from"
                            r"|verfügbar\s+unter|abgerufen\s+unter|disponible\s+en)\s*:?\s*",
                            re.I)
# not the first half of an arXiv number, "arXiv:1706.01359"
_YEAR_RE = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d|\.\d{4})")
_CONTAINER_PREFIX_RE = re.compile(r"^(?:in\s*:|in\b|dans\s*:?|en\s*:|aus\s*:|//)\s*", re.I)
_PAGES_PREFIX_RE = re.compile(r"^(?:pages?|pgs?|pp?|seiten?|ss|s|str|стр|с)\s*\.?\s*",
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
        text = text.strip(" ,;:—–")
        if not text:
            return text
        if text[0] in _OPEN and not (text[:1] in _PAIRS and _PAIRS[text[:1]] in text[1:]):
            text = text[1:]
        elif text[:1] in "\"“«„" and text[-1:] in "\"”»“":
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


_ISSUE_ONLY_RE = re.compile(r"(?i)^(?:no|nos|nr|n°|nº|№|issue|heft|вып)\s*\.?\s*(?P<iss>[\w/–-]+)$")


def _volume(text: str) -> tuple[str | None, str | None, str | None]:
    """Volume, issue and pages out of "Vol. 3", "6(1)", "45:12-15", "v. 32, no. 4"; an
    issue alone out of "№ 3"."""
    text = clean(text)
    if not text:
        return None, None, None
    if m := _ISSUE_ONLY_RE.match(text):
        return None, m.group("iss"), None
    m = _VOLUME_RE.match(text)
    if m and m.group("vol"):
        issue = m.group("iss1") or m.group("iss2") or m.group("iss3")
        return m.group("vol").strip("."), issue, m.group("pages")
    return text, None, None


def _pages(text: str) -> str | None:
    text = clean(text)
    if text[:1] == "(" and text[-1:] == ")":  # APA's "(pp. 315-324)"
        text = clean(text[1:-1])
    if _PAGES_MARK_RE.match(text):
        text = _PAGES_PREFIX_RE.sub("", text)
    return clean(text) or None


# --- from labels to a record ------------------------------------------------------------

def _glued(tokens: list[str], text: str) -> list[bool]:
    """For every token, whether it follows the one before without a space in the text
    (Vancouver's "2010;362(4)", a section letter and its volume "D89", cut by the parser;
    a field gives them back as written)."""
    out: list[bool] = []
    end = -1
    for token in tokens:
        at = text.find(token, max(end, 0))
        out.append(at >= 0 and at == end)
        if at >= 0:
            end = at + len(token)
    return out


def _joined(tokens: list[str], glued: list[bool]) -> str:
    return "".join(t if g or not i else " " + t
                   for i, (t, g) in enumerate(zip(tokens, glued, strict=True)))


def _segments(tokens: list[str], labels: list[str], marginals: list[float],
              glued: list[bool]) -> list[tuple[str, str, float]]:
    """Runs of tokens under one label: (label, text, mean marginal)."""
    out: list[tuple[str, str, float]] = []
    start = 0
    for i in range(1, len(tokens) + 1):
        if i == len(tokens) or labels[i] != labels[start]:
            out.append((labels[start], _joined(tokens[start:i], glued[start:i]),
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


_CONFERENCE_HINT = re.compile(r"\b(?:conference|conf\.?|symposium|symp\.|workshop|congress"
                              r"|colloquium|meeting|kongress|tagung|convention)\b", re.I)


def _conference(container: str, has: set[str]) -> bool:
    """A paper in conference proceedings: "Proc. 34th Int. Cosmic Ray Conference", "In
    Proceedings of ..."; not a journal named so ("Proceedings of the IRE", 40(9))."""
    if _CONFERENCE_HINT.search(container):
        return True
    return bool(_PROCEEDINGS_HINT.search(container)) and (
        "volume" not in has or bool(_CONTAINER_PREFIX_RE.match(container)))


def _csl_type(first: dict[str, str], has: set[str], outlet_kind: str | None) -> str:
    genre = " ".join(first.get(k, "") for k in ("genre", "note"))
    container = first.get("container-title", "")
    journal = first.get("journal", "")
    if _THESIS_HINT.search(genre):
        return "thesis"
    if outlet_kind in OUTLET_TYPES:
        return OUTLET_TYPES[outlet_kind]
    if _conference(journal or container, has) and (journal or container):
        return "paper-conference"
    if journal:  # a periodical, "Proceedings of the IRE" and "PNAS" included
        return "article-journal"
    if container:
        return _contained_type(container, has)
    if _REPORT_HINT.search(genre):
        return "report"
    if "publisher" in has or "edition" in has or "location" in has:
        return "book"
    if "url" in has:
        return "webpage"
    return "document"


def _contained_type(container: str, has: set[str]) -> str:
    """The type of a work inside a container that is not labelled a journal."""
    if _JOURNAL_HINT.search(container) and "editor" not in has:
        return "article-journal"
    if "editor" in has or "publisher" in has or "pages" in has or \
            _CONTAINER_PREFIX_RE.match(container):
        return "chapter"
    return "webpage" if "url" in has else "article"


@dataclass(slots=True)
class _Segments:
    """The labeller's runs of one reference: the first run of each label, the date runs,
    the access-date runs, and mean marginal probabilities."""

    first: dict[str, str] = field(default_factory=dict)
    conf: dict[str, float] = field(default_factory=dict)
    dates: list[str] = field(default_factory=list)
    date_conf: list[float] = field(default_factory=list)
    accessed: list[str] = field(default_factory=list)

    @property
    def has(self) -> set[str]:
        return set(self.first) | ({"date"} if self.dates else set())


def _collect(tokens: list[str], labels: list[str], marginals: list[float],
             glued: list[bool]) -> _Segments:
    seg = _Segments()
    previous = ""
    for tag, text, p in _segments(tokens, labels, marginals, glued):
        if tag == "date" and _ACCESSED_RE.search(previous + " " + text):
            seg.accessed.append(text)  # "accessed March 1, 2023": not when it appeared
        elif tag == "date":
            seg.dates.append(text)
            seg.date_conf.append(p)
        elif tag not in seg.first:
            seg.first[tag] = text
            seg.conf[tag] = p
        previous = text
    return seg


class _Record:
    """Fields found so far and the confidence of each."""

    def __init__(self) -> None:
        self.fields: dict[str, Any] = {}
        self.conf: dict[str, float] = {}

    def put(self, name: str, value: Any, conf: float) -> None:
        if value:
            self.fields[name] = value
            self.conf[name] = conf


def _people(seg: _Segments, rec: _Record) -> None:
    if "author" in seg.first:
        rec.put("authors", creators.split_creators(seg.first["author"]), seg.conf["author"])
        rec.fields["et_al"] = creators.et_al(seg.first["author"])
    if "editor" in seg.first:
        editors = _CONTAINER_PREFIX_RE.sub("", clean(seg.first["editor"]))
        rec.put("editors", creators.split_creators(editors), seg.conf["editor"])


_CONTAINER_LABELS = ("journal", "container-title", "collection-title")
_EDITION_RE = re.compile(r"(?i)^\(?(?P<n>\d+)(?:st|nd|rd|th|e|\.)?\s*(?:ed(?:n|ition)?|aufl"
                         r"(?:age)?|éd(?:ition)?)\.?\)?$")


_EDITION_IN_TEXT_RE = re.compile(r"(?i)\b(?P<n>\d+)(?:st|nd|rd|th)\s+(?:ed|edn|edition)\b")


def _edition(text: str) -> str | None:
    """ "2nd edn" -> "2", "3. Aufl." -> "3"; other wordings ("Rev. ed.") as written."""
    text = clean(text)
    m = _EDITION_RE.match(text)
    return m.group("n") if m else (text or None)


# A report series by its issuer's name: "IMF Working Paper", "DGAP Policy Brief"
_SERIES_RE = re.compile(r"^(?:[A-Z][\w&.-]*\s+){1,4}(?:working\s+papers?|policy\s+briefs?"
                        r"|discussion\s+papers?|briefs?|reports?|papers?)\b", re.I)


# "eng. In :Nature": what comes before an "In:" inside the container is not its name
_INNER_IN_RE = re.compile(r"(?i)(?<=[\s.,])in\s?:\s*(?=\w)")


def _container(text: str) -> str:
    inner = [m.end() for m in _INNER_IN_RE.finditer(text)]
    if inner:
        text = text[inner[-1]:]
    return clean(_CONTAINER_PREFIX_RE.sub("", clean(text)))


def _texts(seg: _Segments, rec: _Record) -> None:
    first, conf = seg.first, seg.conf
    if "title" in first:
        rec.put("title", clean(first["title"]), conf["title"])
    label = next((k for k in _CONTAINER_LABELS if k in first), None)
    if label:
        rec.put("container", _container(first[label]), conf[label])
    for name, tag in (("publisher", "publisher"), ("place", "location")):
        if tag in first:
            rec.put(name, clean(first[tag]), conf[tag])
    genre = clean(first.get("genre", ""))
    if genre and "title" not in first and len(genre.split()) >= 3:
        rec.put("title", genre, conf["genre"])  # "WHO. Global tuberculosis report 2020."
    elif genre and not label and "publisher" not in first and _SERIES_RE.match(genre):
        rec.put("container", genre, conf["genre"])  # "IMF Working Paper 23/131"
    if "edition" in first:
        rec.put("edition", _edition(first["edition"]), conf["edition"])
    elif m := _EDITION_IN_TEXT_RE.search(" ".join(first.values())):
        rec.put("edition", m.group("n"), 1.0)  # "2nd edn", "3rd ed." left in another field


_SPARE_DATE_LABELS = frozenset({"note", "publisher", "location", "journal", "container-title"})


def _when(seg: _Segments, tokens: list[str], labels: list[str], rec: _Record) -> None:
    date = _date(seg.dates)
    if date is None:  # the labeller missed it: a year in the parts that may carry one
        spare = [t for t, y in zip(tokens, labels, strict=True) if y in _SPARE_DATE_LABELS]
        rec.put("date", _date([" ".join(spare)]) if spare else None, 0.5)
    else:
        rec.put("date", date, min(seg.date_conf))
    rec.put("accessed", _date(seg.accessed), 1.0)


_VOLUME_PAGES_RE = re.compile(r"^\d+\s*(?:\([^()]+\))?\s*:\s*\w")


def _numbers(seg: _Segments, rec: _Record) -> None:
    first, conf = seg.first, seg.conf
    if "volume" not in first and _VOLUME_PAGES_RE.match(first.get("pages", "")):
        first = {**first, "volume": first["pages"]}  # "26(36):5988-93" read as pages
        first.pop("pages")
        conf = {**conf, "volume": conf["pages"]}
    if "volume" in first:
        volume, issue, pages = _volume(first["volume"])
        rec.put("volume", volume, conf["volume"])
        rec.put("issue", issue, conf["volume"])
        if "pages" not in first:
            rec.put("pages", pages, conf["volume"])
    if "pages" in first:
        rec.put("pages", _pages(first["pages"]), conf["pages"])


_DOI_TAIL_RE = re.compile(r"(?i)[.,;]?(?:url|pmid|pmcid|arxiv|https?:)\S*$")


def _identifiers(seg: _Segments, raw: str, rec: _Record) -> None:
    doi = _identifier(raw, _DOI_RE)
    rec.put("doi", _DOI_TAIL_RE.sub("", doi) if doi else None, 1.0)
    url = _url(seg.first["url"]) if "url" in seg.first else None
    if url and "." not in url and "/" not in url:
        url = None
    if url and (start := url.lower().find("http")) > 0:
        url = url[start:]  # "г.,https://carnegieendowment.org/...": a token run together
    if url is None and (found := _identifier(raw, _URL_RE)):
        url = found
    rec.put("url", url, seg.conf.get("url", 1.0))


def _outlet(rec: _Record) -> None:
    """The outlet: the container, else the publisher; an agency or newspaper of the
    gazetteer that stands as the only author of a piece ("Reuters, “Title,” 12 May 2022")."""
    fields = rec.fields
    authors = fields.get("authors", ())
    if not fields.get("container") and not fields.get("publisher") and len(authors) == 1 \
            and authors[0].literal and creators.outlet(authors[0].literal):
        rec.put("container", authors[0].literal, rec.conf["authors"])
    if fields.get("container"):
        rec.put("outlet", fields["container"], rec.conf["container"])
    elif fields.get("publisher"):
        rec.put("outlet", fields["publisher"], rec.conf["publisher"])


def _vancouver_year(tokens: list[str], labels: list[str]) -> list[str]:
    """Vancouver's "2008;26(36):5988-93", all read as the volume: the year is the date."""
    if "date" in labels:
        return labels
    return ["date" if y == "volume" and _YEAR_TOKEN_RE.match(t) else y
            for t, y in zip(tokens, labels, strict=True)]


_GOST_STOP_RE = re.compile(r"^(?:[—–-]|\d|№|[TТ]\.|[CС]\.|Вып\.|Vol\.|No\.|pp?\.)")


def _gost_labels(tokens: list[str], labels: list[str]) -> list[str]:
    """GOST's "Title // Journal. 2023. — № 3. — С. 5–10.": what follows "//" up to the
    first element GOST sets off ("— 2023", "№ 3", a year) is the journal; what comes
    before it is no journal."""
    if "//" not in tokens:
        return labels
    cut = tokens.index("//")
    out = ["title" if y in _CONTAINER_LABELS else y for y in labels[:cut]]
    out.append("journal")
    k = cut + 1
    while k < len(tokens):
        out.append("journal")
        ends = tokens[k].endswith((".", ","))
        k += 1
        if k < len(tokens) and ends and (_GOST_STOP_RE.match(tokens[k])
                                         or labels[k] in ("date", "volume", "pages")):
            break
    return out + labels[k:]


_QUOTE_PAIRS = {"“": "”", "«": "»", "„": "“", '"': '"'}


def _quoted_spans(tokens: list[str]) -> Iterator[tuple[int, int]]:
    """Runs of tokens inside double quotation marks that stand between fields: after the
    start or a token that ends in punctuation, and closed before punctuation or the end
    ("du « modèle » bulgare" is a word quoted inside a title, not a title)."""
    i = 0
    while i < len(tokens):
        closer = _QUOTE_PAIRS.get(tokens[i][:1])
        if closer is None or (i and tokens[i - 1][-1:] not in ".,:;)"):
            i += 1
            continue
        j = next((j for j in range(i, len(tokens))
                  if closer in tokens[j][1 if j == i else 0:]), None)
        if j is None:
            return
        tail = tokens[j][tokens[j].rindex(closer) + 1:]
        if j + 1 == len(tokens) or tail[:1] in (".", ",") or \
                tokens[j][-2:-1] in (".", ","):
            yield i, j + 1
        i = j + 1


def _quote_labels(tokens: list[str], labels: list[str]) -> list[str]:
    """A title in quotation marks is the title, all of it and nothing more: "Ministry of
    State Assets, “Umowa społeczna”" and "“The Last Mile,” speech at ..." cut at the marks.
    Before it stands who wrote it; after it, a note."""
    for start, end in _quoted_spans(tokens):
        if "title" in labels[start:end] or "title" not in labels:
            who = "note" if "author" in labels[:start] else "author"
            before = [who if y == "title" else y for y in labels[:start]]
            after = ["note" if y == "title" else y for y in labels[end:]]
            return before + ["title"] * (end - start) + after
    return labels


_WORD_FIELDS = frozenset({"title", "journal", "container-title", "publisher", "location",
                          "collection-title", "note", "genre"})
_FIELD_END = (".", ",", ";", ":", "?", "!", "”", "\"", "’", "»", ")")
_MAX_CARRIED = 6
_PLAIN_WORD_RE = re.compile(r"^[^\W\d_][\w'’-]*[.,;:?!”\"’»)]?$")


def _punctuated(tokens: list[str], labels: list[str]) -> list[str]:
    """Fields of words end where punctuation ends them: "Survivorship Bias in Performance
    | Studies. Review of Financial Studies" moves "Studies." back into the title, and
    "Bulletin of the Seismological Society | of America," keeps the journal whole."""
    out = list(labels)
    i = 1
    while i < len(tokens):
        a, b = out[i - 1], out[i]
        if a != b and a in _WORD_FIELDS and b in _WORD_FIELDS and \
                not tokens[i - 1].endswith(_FIELD_END):
            end = i
            while end < len(tokens) and out[end] == b and end - i < _MAX_CARRIED:
                if tokens[end].endswith(_FIELD_END):
                    break
                end += 1
            if end < len(tokens) and out[end] == b and tokens[end].endswith(_FIELD_END) \
                    and end + 1 < len(tokens) and out[end + 1] == b \
                    and tokens[end + 1][:1].isupper() \
                    and all(_PLAIN_WORD_RE.match(t) for t in tokens[i:end + 1]):
                out[i:end + 1] = [a] * (end + 1 - i)
                i = end + 1
                continue
        i += 1
    return out


_BARE_YEAR_RE = re.compile(r"^(?:1[5-9]\d\d|20\d\d)[.,]?$")


def _year_in_title(tokens: list[str], labels: list[str]) -> list[str]:
    """ "Global tuberculosis report 2020. Geneva: WHO; 2020.": a bare year run into a title,
    with the reference's date given again later, belongs to the title."""
    first = next((i for i, y in enumerate(labels) if y == "date"), None)
    if first is None or first == 0 or not _BARE_YEAR_RE.match(tokens[first]):
        return labels
    before = labels[first - 1]
    if before not in ("title", "genre") or tokens[first - 1].endswith(_FIELD_END) or \
            first + 1 >= len(labels) or labels[first + 1] == "date" or \
            "date" not in labels[first + 1:]:
        return labels
    return [*labels[:first], before, *labels[first + 1:]]


def _year_after_title(tokens: list[str], labels: list[str]) -> list[str]:
    """ "Bagging predictors 1996 Machine Learning 24": with no date found, a bare year that
    ends the title, with more of the reference after it, is the date."""
    if "date" in labels or "title" not in labels:
        return labels
    end = labels.index("title")
    while end < len(labels) and labels[end] == "title":
        end += 1
    last = end - 1
    if end < len(labels) and last > labels.index("title") and \
            _BARE_YEAR_RE.match(tokens[last]):
        return [*labels[:last], "date", *labels[end:]]
    return labels


def _leading_outlet(labels: list[str]) -> list[str]:
    """ "BBC (2022) 'Title', BBC News": an outlet's name first, before the date, with the
    container named again later, is who wrote the piece."""
    if "author" in labels or labels[0] not in ("journal", "publisher"):
        return labels
    end = next((i for i, y in enumerate(labels) if y != labels[0]), len(labels))
    if end < len(labels) and labels[end] == "date" and labels[0] in labels[end:]:
        return ["author"] * end + labels[end:]
    return labels


_SECTION_VOLUME_RE = re.compile(r"^([A-Z])(\d)")


def _journal_section(tokens: list[str], labels: list[str],
                     marginals: list[float]) -> None:
    """ "Phys. Rev. D89": the section letter run into the volume belongs to the journal's
    name ("Phys. Rev. D", volume 89). Cuts the token in two, in place."""
    for i in range(len(tokens) - 1, 0, -1):
        if labels[i] == "volume" and labels[i - 1] == "journal" and \
                _SECTION_VOLUME_RE.match(tokens[i]):
            tokens[i:i + 1] = [tokens[i][0], tokens[i][1:]]
            labels.insert(i, "journal")
            marginals.insert(i, marginals[i])


def _build(tokens: list[str], labels: list[str], marginals: list[float],
           raw: str) -> ParsedReference:
    tokens, labels, marginals = list(tokens), list(labels), list(marginals)
    _journal_section(tokens, labels, marginals)
    labels = _gost_labels(tokens, _vancouver_year(tokens, labels))
    labels = _leading_outlet(_punctuated(tokens, _quote_labels(tokens, labels)))
    labels = _year_after_title(tokens, _year_in_title(tokens, labels))
    seg = _collect(tokens, labels, marginals, _glued(tokens, raw))
    rec = _Record()
    _people(seg, rec)
    _texts(seg, rec)
    _when(seg, tokens, labels, rec)
    _numbers(seg, rec)
    _identifiers(seg, raw, rec)
    _outlet(rec)
    container = rec.fields.get("container")
    known = creators.outlet(container) if container else None
    certainty = sum(marginals) / len(marginals)
    confidence: dict[str, float] = {}
    record = ParsedReference(**rec.fields, confidence=confidence,
                             type=_csl_type(seg.first, seg.has, known.kind if known else None))
    if not _plausible(record, raw, certainty):
        return EMPTY
    confidence.update((k, round(v, 3)) for k, v in rec.conf.items() if k in FIELDS)
    confidence["type"] = round(certainty, 3)
    return record


def _plausible(ref: ParsedReference, text: str, certainty: float) -> bool:
    """Labels that add up to a reference: an identifier; three kinds of field among who,
    what, where and when; a journal with its numbers and year; or two kinds with a sign of
    a reference's form (a person with a given name or initials; a date with a quoted title
    or a citation number). Prose that the labeller reads as a reference anyway it reads
    with little certainty (its mean marginal probability)."""
    if ref.doi or ref.url:
        return True
    people = ref.authors or ref.editors
    who = bool(people) and _name_like(people[0])
    kinds = who + bool(ref.title) + bool(ref.outlet or ref.volume or ref.pages) + bool(ref.date)
    if kinds >= 3:
        return certainty >= 0.6
    if ref.outlet and ref.date and (ref.volume or ref.pages):
        return certainty >= 0.6  # "Eur. J. Phys. 32 (2011) 1007–1018": a journal's citation
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
    """The fields of one reference string; an empty record for what is not a reference.

    The one parser of srctrack: `srctrack parse` prints it, and extraction reads every
    note and reference-list entry with it (srctrack.parse.fields.parse_reference_fields).
    The labeller reads the string; what it does not read as a reference, or reads with little
    certainty, the shape rules of srctrack.parse.fields may ("Reuters, 3 May 2022",
    "Outlet, “Title,” Date").
    """
    from srctrack.parse import fields as shapes

    text = " ".join(_CONTROL_RE.sub(" ", text).split()) if _readable(text) else ""
    text = shapes.without_see(text)
    tokens = tokenize(text)
    if not tokens or len(tokens) > MAX_TOKENS:
        return EMPTY
    labels, marginals = label(tokens)
    ref = _build(tokens, labels, marginals, text)
    if ref.is_empty:
        ref = _from_shapes(text)
    elif ref.confidence.get("type", 1.0) < _BLEND_BELOW:
        ref = _blended(ref, text)
    return _finished(ref, text)


# Below this mean marginal probability the labeller is unsure, as it is of news and
# government notes ("Ministry, “Title,” press release, 1 May 2023"), which its training data
# has few of; above it, the shape rules would only make academic references worse.
_BLEND_BELOW = 0.8


def _blended(ref: ParsedReference, text: str) -> ParsedReference:
    """A reading the labeller is unsure of, when the shape rules find a whole note (title,
    outlet and date): the rules' authors, title, outlet and date, the labeller's numbers,
    identifiers and the rest."""
    from srctrack.parse import fields as shapes

    found = shapes.shape_fields(text)
    if found is None:
        return ref
    (authors, title, outlet, date), _, _ = found
    date = _with_year(date)
    if not (title and outlet and date):
        return ref
    return replace(ref, authors=authors, title=title, outlet=outlet, date=date,
                   container=outlet if ref.container else ref.container)


def _with_year(date: str | None) -> str | None:
    """A shape rule's date, left out when it has no year ("12 May"), as the labeller's
    reading leaves it: a reference's date is its year at least."""
    return None if date is None or date.startswith("--") else date


_SHAPE_CONFIDENCE = 0.5
_SHAPE_MAX_WORDS = 10  # in one comma-separated part: more is a sentence, not a field
_QUOTED_RE = re.compile(r"[“«„\"][^”»“\"]{3,}[”»“\"]")


def _from_shapes(text: str) -> ParsedReference:
    """The shape rules' reading of a string the labeller refused, when it looks like a
    note: an identifier, or a date with a title or outlet in short comma-separated parts or
    in three parts or more, the date in the last."""
    from srctrack.parse import fields as shapes

    found = shapes.shape_fields(text)
    if found is None:
        return EMPTY
    (authors, title, outlet, date), url, kind = found
    unquoted = _QUOTED_RE.sub(" ", text)
    parts = [p for p in re.split(r"[,;]", unquoted) if p.strip()]
    short = all(len(p.split()) <= _SHAPE_MAX_WORDS for p in parts)
    # "Governo italiano, Protocollo tra il Governo ... di Albania, 6 novembre 2023.": a
    # long title between a name and a date of their own
    listed = len(parts) >= 3 and bool(dates.find_dates(parts[-1]))
    if not url and not (date and (title or outlet) and (short or listed)):
        return EMPTY
    date = _with_year(date)
    found_fields = {"authors": authors, "title": title, "outlet": outlet, "date": date,
                    "url": url, "type": kind}
    confidence = {k: _SHAPE_CONFIDENCE for k, v in found_fields.items() if v}
    return ParsedReference(authors=authors, title=title, outlet=outlet, container=outlet,
                           date=date, url=url, type=kind, confidence=confidence,
                           et_al=creators.et_al(text) and bool(authors))


def _finished(ref: ParsedReference, text: str) -> ParsedReference:
    """Touches both readings share: "EBRD Working Paper No" loses its "No", and a year
    becomes a month when the reference closes with the month's name."""
    from srctrack.parse import fields as shapes

    if ref.is_empty:
        return ref
    outlet = shapes.without_series_number(ref.outlet) if ref.outlet else None
    date = shapes.with_trailing_month(text.strip(" .,;:"), ref.date)
    if outlet == ref.outlet and date == ref.date:
        return ref
    return replace(ref, outlet=outlet, date=date)


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
    under its CSL variable name (volume, issue, page, editor, publisher-place, edition)."""
    extra: dict[str, Any] = {}
    for name, value in (("volume", ref.volume), ("issue", ref.issue), ("page", ref.pages),
                        ("publisher-place", ref.place), ("edition", ref.edition)):
        if value:
            extra[name] = value
    if ref.editors:
        extra["editor"] = [e.to_json() for e in ref.editors]
    return Work(key=key or reference_key(ref), accessed=ref.accessed,
                type=ref.type or "document", title=ref.title, container_title=ref.container,
                authors=ref.authors, issued=ref.date, url=ref.url, publisher=ref.publisher,
                doi=ref.doi, extra=extra)
