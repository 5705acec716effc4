"""The fields of one reference string: a note, a reference-list entry, a citation's body.

`parse_reference_fields` is the entry point every extractor uses for a free-standing
reference string; it reads the result of srctrack.parse.reference.parse_reference, the one
parser, which `srctrack parse` prints too. The shape rules here (`shape_fields`) are that
parser's second reader, for strings its labeller refuses or is unsure of. They read the shapes
analysis articles use:

- notes, Chicago-like: `Author, "Title," Outlet, Date, pages, URL.`
- author-date lists, APA/Harvard-like: `Family, G. (2020). Title. Outlet, 12(3), 45-67.`
- Russian GOST: `Иванов И. И. Название // Издание. 2020. № 3.`
- short news notes: `Outlet, Date` and `Organisation, Title, Date`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from srctrack.model import Creator
from srctrack.parse import names, outlets
from srctrack.parse.dates import MONTH_NUMBER, DateMatch, find_dates, with_year

OPEN_QUOTES = "\"“«„‚"
CLOSE_FOR = {'"': '"', "“": "”", "«": "»", "„": "“", "‚": "‘"}
QUOTES = "\"'“”‘’«»„‚"
URL_RE = re.compile(r"""(?:https?://|www\.)[^\s<>"'\]]+|\bdoi:\s*10\.\d{4,9}/\S+""",
                    re.IGNORECASE)
URL_TRAILING = ".,;:!?)’”»"
# Phrases around a URL that are not part of any field.
ACCESS_RE = re.compile(
    r"\(?\s*(?:last\s+)?(?:accessed|retrieved|viewed|consulté|consultado|abgerufen|"
    r"zugegriffen|consultato|дата обращения|проверено)\b[^()]*\)?|"
    r"\[(?:online|en ligne|электронный ресурс)\]|\bavailable (?:at|from)\s*:?|"
    r"\bretrieved from\b|\bURL\s*:", re.IGNORECASE)
PAGES_RE = re.compile(r"^(?:pp?\.|p\.|s\.|с\.|pages?|vol\.|no\.|№|issue|n°|nr\.)?\s*"
                      r"[\divxlc]+(?:[-–—][\dA-Za-z]+)?(?:\s*\(\d+\))?$", re.IGNORECASE)
_YEAR = r"(?:1[5-9]|20)\d\d"
# "Family, G. (2020). Title." / "Family, G. 2020. Title." / "Family (2020, May 12). Title."
APA_RE = re.compile(
    rf"^(?P<authors>[^\"“«(]{{1,250}}?)[\s,]*\((?P<year>{_YEAR})[a-z]?(?:,\s*(?P<md>[^)]{{1,30}}))?\)"
    rf"[.,:]?\s+(?P<rest>.+)$"
    rf"|^(?P<authors2>[^\"“«(]{{1,250}}?\.)\s+(?P<year2>{_YEAR})[a-z]?[.,:]\s+(?P<rest2>.+)$")
SENTENCE_END_RE = re.compile(r"(?<![\s.][A-Z])(?<=[^\s])[.?!](?=\s+\S)")


_Fields = tuple[tuple[Creator, ...], str | None, str | None, str | None]


@dataclass(frozen=True, slots=True)
class ReferenceFields:
    """What a reference string says about the work it cites (CSL-like)."""

    authors: tuple[Creator, ...] = ()
    title: str | None = None
    outlet: str | None = None
    date: str | None = None
    url: str | None = None
    type: str = "article"


def split_segments(text: str, start: int = 0, end: int | None = None,
                   sep: str = ",") -> Iterator[tuple[int, int]]:
    """Spans of text[start:end] split at `sep`, never inside a quotation ("A, B," stays one)."""
    end = len(text) if end is None else end
    pos = start
    closing: str | None = None
    for m in _SPLIT_RE[sep].finditer(text, start, end):
        i = m.start()
        ch = m.group()
        if closing is not None:
            if ch == closing:
                closing = None
                if i > start and text[i - 1] == sep:  # Chicago: "Title," Outlet
                    yield pos, i + 1
                    pos = i + 1
        elif ch in OPEN_QUOTES and (i == start or not text[i - 1].isalnum()):
            closer = CLOSE_FOR[ch]
            # Only treat it as a quotation if it closes within this text.
            if text.find(closer, i + 1, end) > 0:
                closing = closer
        elif ch == sep:
            yield pos, i
            pos = i + 1
    yield pos, end


_SPLIT_RE = {sep: re.compile("[" + re.escape(sep + OPEN_QUOTES + "”»‘") + "]") for sep in ",;"}


def clean_title(title: str) -> str:
    """A title without its quotation marks, trailing punctuation or spare spaces."""
    title = " ".join(title.split()).strip(" ,;:")
    while len(title) > 1 and title[0] in QUOTES and title[-1] in QUOTES:
        title = title[1:-1].strip(" ,;")
    if title[:1] in OPEN_QUOTES and not any(c in title[1:] for c in QUOTES):
        title = title[1:]
    if title[-1:] in "”\"»" and not any(c in title[:-1] for c in QUOTES):
        title = title[:-1]
    title = title.rstrip(" ,;")
    if title.endswith(".") and not re.search(r"\b[A-Z]\.$|\.\.\.$", title):
        title = title[:-1]
    return title.strip()


def find_url(text: str) -> tuple[str | None, str]:
    """The first URL (or DOI) in a reference and the reference without it."""
    m = URL_RE.search(text)
    if not m:
        return None, text
    raw = m.group().rstrip(URL_TRAILING)
    url = raw
    if raw.lower().startswith("doi:"):
        url = "https://doi.org/" + raw[4:].strip()
    elif raw.lower().startswith("www."):
        url = "https://" + raw
    rest = text[:m.start()] + text[m.start() + len(raw):]
    return url, rest


def _is_pages(segment: str) -> bool:
    return bool(PAGES_RE.match(segment.strip(" .")))


def _pick_date(dates: list[DateMatch]) -> DateMatch | None:
    """The most precise date, the later one on a tie (a reference ends with its date)."""
    if not dates:
        return None
    return max(enumerate(dates), key=lambda p: (len(p[1].iso.lstrip("-")), p[0]))[1]


def parse_reference_fields(text: str, doc_year: str | None = None) -> ReferenceFields:
    """Authors, title, outlet, date, URL and CSL type of one reference string, as
    `srctrack parse` reads it (srctrack.parse.reference.parse_reference, the one parser);
    a date without a year takes the document's."""
    from srctrack.parse.reference import parse_reference

    ref = parse_reference(text)
    url = ref.url or (f"https://doi.org/{ref.doi}" if ref.doi else None)
    if url and url.lower().startswith("www."):
        url = "https://" + url
    return ReferenceFields(authors=ref.authors, title=ref.title, outlet=ref.outlet,
                           date=with_year(ref.date, doc_year) if ref.date else None, url=url,
                           type=ref.type or "article")


def shape_fields(text: str) -> tuple[_Fields, str | None, str] | None:
    """The reading of the shape rules (GOST, APA, books with an imprint, quoted titles,
    comma-separated notes): authors, title, outlet and date, the URL, and the CSL type;
    None for a string with nothing left once its URL and access note are gone. The parser
    falls back on it for what the labeller does not read as a reference ("Reuters, 3 May
    2022")."""
    s = " ".join(text.split())
    url, s = find_url(s)
    s = ACCESS_RE.sub(" ", s)
    s = " ".join(s.split()).strip(" .,;:")
    if not s:
        return None
    authors, title, outlet, date = _gost(s) or _apa(s) or _book(s) or _quoted(s) or _commas(s)
    date = with_trailing_month(s, date)
    return (authors, title or None, outlet or None, date), url, _kind(s, title, outlet, url)


_SEE_RE = re.compile(r"^(?:see also|see|cf\.|voir|vgl\.|ver|vedi|см\.)\s+", re.I)


def without_see(text: str) -> str:
    """A note's reference without the "See", "Cf." that introduce it."""
    return _SEE_RE.sub("", text)


def without_series_number(outlet: str) -> str:
    """ "EBRD Working Paper No" -> "EBRD Working Paper"."""
    return _SERIES_NUMBER_RE.sub("", outlet) or outlet


# "(2023) ... EBRD Working Paper No. 276, February.": the year up front, the month at the end.
_TRAILING_MONTH_RE = re.compile(r"[,.]\s*(?P<month>[^\W\d_]{3,})\.?$")
# "EBRD Working Paper No" left of the number a series gives its papers; "IMF Working Paper
# 23/131" with it
_SERIES_NUMBER_RE = re.compile(r"\s+(?:(?:No|Nr|no|nr|n°|№)\.?|\d+/\d+)$")


def with_trailing_month(s: str, date: str | None) -> str | None:
    """A year made year-and-month by a month name that closes the reference."""
    if date is None or len(date) != 4:
        return date
    m = _TRAILING_MONTH_RE.search(s)
    month = MONTH_NUMBER.get(m.group("month").lower()) if m else None
    return f"{date}-{month:02d}" if month else date


def _gost(s: str) -> _Fields | None:
    """Иванов И. И. Название // Издание. 2020. № 3. С. 5–10."""
    if " // " not in s:
        return None
    head, _, container = s.partition(" // ")
    m = re.match(r"^((?:[^\W\d_][\w-]+\s+(?:[^\W\d_]\.\s*){1,2},?\s*)+)(.+)$", head)
    authors: tuple[Creator, ...] = ()
    title = head
    if m:
        authors = tuple(Creator.person(f, " ".join(g.split()))
                        for f, g in re.findall(r"([^\W\d_][\w-]+)\s+((?:[^\W\d_]\.\s*){1,2})",
                                               m.group(1)))
        title = m.group(2)
    outlet = re.split(r"\.\s|,\s", container, maxsplit=1)[0]
    date = _pick_date(find_dates(container))
    return authors, clean_title(title), outlet.strip(" ."), date.iso if date else None


def _apa(s: str) -> _Fields | None:
    m = APA_RE.match(s)
    if not m:
        return None
    who = (m.group("authors") or m.group("authors2") or "").strip(" ,.")
    year = m.group("year") or m.group("year2")
    rest = m.group("rest") or m.group("rest2") or ""
    if not who or len(who.split()) > 40 or not who[:1].isupper():
        return None
    authors = names.split_authors(who)
    date = year
    md = m.group("md")
    if md:
        found = find_dates(f"{md} {year}")
        if found and found[0].iso.startswith(year):
            date = found[0].iso
    if s[m.end("year") + 1: m.end("year") + 3].startswith(("),", ",")) and m.group("year"):
        return _comma_entry(authors, rest, date)
    title, after = _title_then_rest(rest)
    outlet = _container(after)
    if outlet is None and authors and authors[0].is_organisation:
        outlet = authors[0].literal
    return authors, title, outlet, date


DESCRIPTORS_RE = re.compile(r"^(?:press release|working paper|policy brief|blog post|brief|"
                            r"report|speech|statement|communiqué|memo|factsheet|fact sheet)\b",
                            re.IGNORECASE)
CITY_RE = re.compile(r"^(?:Washington|DC|D\.C\.|Paris|London|New York|Brussels|Geneva|Berlin|"
                     r"Cambridge|Oxford|Vienna|Rome|Madrid|Moscow|Tokyo|Beijing|Frankfurt|"
                     r"Stockholm|Amsterdam|Luxembourg|Santiago|Chicago|Boston|Princeton|Kyiv|"
                     r"Cheltenham|Abingdon|New Delhi|Singapore|Warsaw|Milan|Munich|Bonn|Basel|"
                     r"Zurich|Ottawa|Canberra|Nairobi|Cape Town|Москва|Санкт-Петербург)$")


def _container(after: str) -> str | None:
    """The journal, book or publisher that follows an entry's title."""
    after = after.strip(" .")
    if not after or DESCRIPTORS_RE.match(after):
        return None
    after = re.sub(r"^(?:In|Dans|In:|En)\s+", "", after)
    after = re.sub(r"^[A-Z][\w .]{1,30}:\s+", "", after)  # "Brussels: Publisher"
    cut = re.search(r"\s\d+\s*[(:,]|\s\d+\s*$|,\s*(?:edited by|ed\.|eds\.)|,\s*\d|"
                    r"\s+(?:preprint|vol\.|no\.)", after)
    candidate = after[:cut.start()] if cut else after
    if not cut:
        first = next(iter(split_segments(candidate)), None)
        if first and "," in candidate and not re.search(r",\s*(?:and|&)\s", candidate):
            candidate = candidate[first[0]:first[1]]
    candidate = candidate.strip(" .,")
    if not candidate or _is_pages(candidate) or find_dates(candidate):
        return None
    return candidate


def _is_month(segment: str, date: str) -> bool:
    """"October" after an OECD entry's publisher: the month of its year."""
    found = find_dates(f"{segment} {date[:4]}")
    return bool(found and found[0].start == 0 and not re.search(r"\d", segment))


def _comma_entry(authors: tuple[Creator, ...], rest: str, date: str) -> _Fields:
    """OECD style after the year: `Title, Series 37, Publisher, City, Month.`"""
    rest = re.sub(r"\s*\[\d{1,3}\]\s*$", "", rest).strip(" .")
    segments = [rest[a:b].strip(" .") for a, b in split_segments(rest)]
    segments = [seg for seg in segments if seg]
    if not segments:
        return authors, None, None, date
    title = clean_title(segments[0])
    tail = segments[1:]
    while tail and (CITY_RE.match(tail[-1]) or _is_month(tail[-1], date)):
        month = find_dates(tail[-1] + " " + date[:4])
        if month and not CITY_RE.match(tail[-1]) and len(date) == 4:
            date = month[0].iso
        tail.pop()
    outlet = tail[-1] if tail else None
    if outlet and re.search(r"\d", outlet) and len(tail) == 1:
        outlet = None
    if outlet is None and authors and authors[0].is_organisation:
        outlet = authors[0].literal
    return authors, title, outlet, date


def _title_then_rest(rest: str) -> tuple[str | None, str]:
    rest = rest.strip()
    if rest[:1] in OPEN_QUOTES:
        closer = CLOSE_FOR[rest[0]]
        j = rest.find(closer, 1)
        if j > 0:
            return clean_title(rest[1:j]), rest[j + 1:].strip(" .,")
    if rest[:1] in "'‘":
        q = re.search(r"['’](?=[,.]?(?:\s|$))", rest[1:])
        if q:
            return clean_title(rest[1:q.start() + 1]), rest[q.end() + 1:].strip(" .,")
    # A period inside "(IRRI Policy Brief No. 2023-03)" does not end the title.
    masked = re.sub(r"\([^()]*\)", lambda m: "(" + "x" * (len(m.group()) - 2) + ")", rest)
    m = SENTENCE_END_RE.search(masked)
    if not m:
        return clean_title(_drop_series(rest)), ""
    keep = rest[m.start()] in "?!"
    title = rest[:m.end()] if keep else rest[:m.start()]
    return clean_title(_drop_series(title)), rest[m.end():].strip(" .,")


def _drop_series(title: str) -> str:
    """"Title (IRRI Policy Brief No. 2023-03)" -> "Title"."""
    return re.sub(r"\s*\([^()]*\d[^()]*\)\s*$", "", title.strip(" ."))


# "Title (Geneva: Publisher, February 2023)": a book or report with its imprint.
# "(New York: Oxford University Press, 2012)", "(Washington, DC: World Bank, 2023)"
IMPRINT_RE = re.compile(r"\((?:(?P<city>[^():,]{2,40}(?:,\s*[A-Z][A-Za-z.]{1,15})?):\s*)?"
                        r"(?P<pub>[^():]{2,120}?),\s*"
                        r"(?P<date>[^():]{0,30}?\b(?:1[5-9]|20)\d\d)\)")


def _book(s: str) -> _Fields | None:
    m = IMPRINT_RE.search(s)
    if not m or (not m.group("city") and not find_dates(m.group("date"))):
        return None
    before = s[:m.start()].strip(" ,.")
    date = _pick_date(find_dates(m.group("date")))
    publisher = m.group("pub").strip()
    if not before:
        return None
    if re.search(r"[\"“«„]", before):
        quoted = _quoted(before)
        if quoted:
            return quoted[0], quoted[1], quoted[2] or publisher, date.iso if date else None
    segments = [before[a:b].strip(" .") for a, b in split_segments(before)]
    segments = [seg for seg in segments if seg]
    authors: tuple[Creator, ...] = ()
    # "A, B and C, Title": the authors run over several comma-separated parts.
    # A title of two capitalised words looks like a name too ("Great Games, Local Rules"):
    # a known given name is needed to make a part authors.
    while len(segments) >= 3 and _names_people(segments[0]) and _names_people_for_sure(
            segments[1]):
        segments[0:2] = [segments[0] + ", " + segments[1]]
    if len(segments) >= 2:
        head = segments[0]
        authors = (names.split_authors(head) if _names_people(head)
                   else (Creator.organisation(head),))
        title = ", ".join(segments[1:])
    else:
        title = segments[0]
    outlet = publisher
    if authors and authors[0].is_organisation and _is_acronym_of(publisher, authors[0].literal):
        outlet = authors[0].literal or publisher
    return authors, clean_title(title), outlet, date.iso if date else None


def _names_people_for_sure(part: str) -> bool:
    people = re.split(r" and | & ", part)
    return (all(names.looks_like_person(p) for p in people)
            and any(names.starts_with_given_name(p) for p in people))


def _names_people(head: str) -> bool:
    first = _AUTHOR_JOIN_RE.split(head.split(",")[0])[0]
    return names.looks_like_person(first)


def _is_acronym_of(short: str, long: str | None) -> bool:
    """"IEA" for "International Energy Agency", "BMWK" for a German ministry: a short
    all-capitals publisher that stands for the organisation that wrote the work."""
    if not long or not re.fullmatch(r"[A-Z][A-Za-z&]{1,9}", short) or not short.isupper():
        return False
    found = outlets.lookup(short)
    if found and outlets.lookup(long) is found:
        return True
    return short[0] == long[0] or len(long.split()) >= 3


def _quoted(s: str) -> _Fields | None:
    """`Author, "Title," Outlet, Date` and `Outlet, "Title", Date`."""
    m = re.search(r"[\"“«„]", s)
    if not m:
        return None
    closer = CLOSE_FOR[m.group()]
    j = s.find(closer, m.end())
    if j < 0:
        return None
    before = s[:m.start()].strip(" ,.:")
    title = clean_title(s[m.end():j])
    after = s[j + 1:].strip(" ,.")
    authors: tuple[Creator, ...] = ()
    outlet = None
    if before:
        if _names_people(before):
            authors = names.split_authors(before)
        elif outlets.lookup(before):
            outlet = before
        else:
            authors = (names.creator(before),)
    dates = find_dates(after)
    date = _pick_date(dates)
    for a, b in split_segments(after):
        seg = after[a:b].strip(" .")
        seg = re.sub(r"^(?:in|dans|en|in:|в)\s+", "", seg, flags=re.IGNORECASE)
        if not seg or _is_pages(seg):
            continue
        seg_dates = find_dates(seg)
        if seg_dates and seg_dates[0].start == 0:
            continue
        if seg_dates:
            seg = seg[:seg_dates[0].start].strip(" ,.(")
        seg = re.sub(r"(?:\s+\d+|,?\s+(?:vol|no)\.\s*\d+)+\s*\(?$", "", seg).strip(" ,.(")
        if (seg and seg[:1].isupper()) or (seg[:1].isdigit() and outlets.lookup(seg)):
            outlet = outlet or seg
            break
    if outlet is None and authors and authors[0].is_organisation:
        outlet = authors[0].literal
    return authors, title, outlet, date.iso if date else None


def _commas(s: str) -> _Fields:
    """`Head, Title, Outlet, Date` with no quotation marks to go by."""
    segments = [s[a:b].strip(" .") for a, b in split_segments(s)]
    segments = [seg for seg in segments if seg]
    date = None
    cut = len(segments)
    for i in range(len(segments) - 1, -1, -1):
        found = find_dates(segments[i])
        if found and found[-1].end >= len(segments[i]) - 1 and found[0].start <= 1:
            date = _pick_date(found)
            cut = i
            break
        if not _is_pages(segments[i]):
            break
    if date is None:
        # "Title. Outlet 2020" or a date inside the last segment
        found = find_dates(s)
        date = _pick_date(found)
    body = segments[:cut]
    authors, title, outlet = body_fields(body)
    return authors, title, outlet, date.iso if date else None


def body_fields(body: list[str]) -> tuple[tuple[Creator, ...], str | None, str | None]:
    """Authors, title and outlet of the comma-separated parts that come before a date:
    `[Head]`, `[Head, Title]`, `[Head, Title, Outlet]`, `[Head, Title..., Outlet]`."""
    if not body:
        return (), None, None
    head, rest = body[0], body[1:]
    if not rest:
        return (), None, head
    head_is_person = names.looks_like_person(head) or (
        bool(_AUTHOR_JOIN_RE.search(head))
        and names.looks_like_person(_AUTHOR_JOIN_RE.split(head)[0]))
    if head_is_person and len(rest) == 1 and not names.starts_with_given_name(head):
        head_is_person = False  # "Carbon Brief, Title, Date": an outlet's own piece
    if head_is_person:
        authors = names.split_authors(head)
        if len(rest) >= 2:
            return authors, clean_title(", ".join(rest[:-1])), rest[-1]
        return authors, clean_title(rest[0]), None
    if (len(rest) == 1 and _looks_like_title(head) and not _names_an_outlet(head)
            and _names_an_outlet(rest[0])):
        return (), clean_title(head), rest[0]  # "(A Headline of Six Words, Trend News, Date)"
    known = outlets.lookup(head)
    # A newspaper, agency or website publishes what it prints; an institution (a think tank,
    # the World Bank) also writes its own reports, so it stands as their author.
    creators = () if known and known.is_publication else (Creator.organisation(head),)
    if len(rest) >= 2 and (outlets.lookup(rest[-1]) and not known):
        return creators, clean_title(", ".join(rest[:-1])), rest[-1]
    # "(Organisation, Title, Date)": the organisation is the outlet (and author, see above).
    return creators, clean_title(", ".join(rest)), head


# "A and B", "A und B", "A et B", "A y B", "A e B", "A и B", "A et al."
_AUTHOR_JOIN_RE = re.compile(
    "|".join(f" {re.escape(word)} " for word in names.AUTHOR_JOINERS) + "|,? et al")


def _looks_like_title(segment: str) -> bool:
    """A headline rather than a name: long, or punctuated as only titles are."""
    return len(segment.split()) >= 5 or any(ch in segment for ch in ":?!\"“”«")


_NAME_LINKS = frozenset({"of", "the", "and", "for", "on", "in", "&", "de", "du", "des"})


def _names_an_outlet(segment: str) -> bool:
    """The name of an outlet or an institution: the gazetteer's, or capitalised words with
    one that institutions and media are named by ("Trend News Agency")."""
    words = segment.split()
    return outlets.lookup(segment) is not None or (
        1 <= len(words) <= 8 and all(w[:1].isupper() or w.lower() in _NAME_LINKS
                                     for w in words)
        and any(w.lower() in names.ORG_WORDS for w in words))


def _kind(s: str, title: str | None, outlet: str | None, url: str | None) -> str:
    low = s.lower()
    if re.search(r"\b\d+\s*\(\d+\)|\bvol\.|\bdoi\b|doi\.org", low):
        return "article-journal"
    if re.search(r"\b(report|working paper|policy brief|brief|paper|study|доклад|rapport|"
                 r"bericht|informe|rapporto)\b", (title or "").lower() + " " + low[:0]):
        return "report"
    found = outlets.lookup(outlet) if outlet else None
    if found is not None:
        return {"newspaper": "article-newspaper", "agency": "article-newspaper",
                "magazine": "article-magazine", "journal": "article-journal",
                "think-tank": "report", "broadcaster": "article"}.get(found.kind, "article")
    if re.search(r":\s*[A-Z][\w ]+(?:Press|Verlag|Publishing|Publishers|Books)\b", s):
        return "book"
    if url and not outlet:
        return "webpage"
    return "article"
