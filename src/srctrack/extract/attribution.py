"""Attributions in running prose: "Reuters reported on 12 May 2022", "according to a report by
Human Rights Watch", "as Fyodor Lukyanov wrote in Global Affairs (June 13)", "…, RFE/RL reports".

A source here is a publication or an organisation that publishes (a gazetteer outlet, or a
capitalised name with an institutional word in it), never a person alone or a government body:
"Peskov told reporters" and "the foreign ministry said" cite no publication. Each pattern is
anchored on a fixed word (a verb, "according to") and looks at a bounded window around it,
so the cost stays linear in the text.
"""

from __future__ import annotations

import re

from srctrack.extract.anchors import Anchors, finditer_near
from srctrack.extract.context import sentence_around
from srctrack.extract.spans import DisjointSpans
from srctrack.model import Citation, CitationStyle, Creator, Document
from srctrack.parse import names, outlets
from srctrack.parse.dates import DATE_RE, find_dates, with_year

WINDOW = 120
_CAP = r"[A-ZА-ЯЁ][\w'’&./-]*+"
# A person's name word: an apostrophe inside ("O'Brien") but not the possessive after it
# ("Sergei Karaganov's article in Profile").
_PCAP = r"[A-ZА-ЯЁ](?:[\w&./-]|['’](?!s\b))*+"
_LINK = r"(?:of|for|and|the|de|du|des|la|le|di|del|für|der|&)"
# A site named by its address, as Italian and French writers often do ("su lavoce.info").
_DOMAIN = r"[a-z][a-z0-9-]*+(?:\.[a-z0-9-]+)*\.(?:info|com|org|net|eu|it|fr|de|es|ru|uk|io)\b"
_SRC = rf"(?:{_CAP}(?:\s+(?:{_CAP}|{_LINK}))*?\s+)?{_CAP}"
# "<Source> reported", "<Source> has described": the source ends where the verb starts.
VERBS = (r"reported|reports|warned in|has reported|had reported|wrote|writes|noted|notes|has noted|"
         r"counted|estimates|estimated|has described|described|published|revealed|"
         r"found|calculated|berichtete|berichtet|meldete|schrieb|a rapporté|rapporte|écrit|"
         r"informó|informa|publicó|ha riferito|riporta|scrive|сообщает|сообщил|сообщила|"
         r"пишет|писал|said in its|stated in its|noted in its")
VERB_RE = re.compile(rf"(?<=\s)(?:has\s+|had\s+)?(?:{VERBS})\b")
SOURCE_BEFORE_RE = re.compile(rf"(?:\b(?:[Aa]s|[Tt]he|[Aa]n?)\s+)*(?P<src>{_SRC})\s+$")
# "according to (a report by) <Source>"
LEAD_RE = re.compile(
    r"(?=[AaQqCcSsDdLlWwRrIiPpTtОоСсКкП]|[Пп]о)"
    r"\b(?:[Aa]ccording to|[Qq]uoted by|[Cc]ited by|[Ss]elon|[Dd]'après|"
    r"[Ll]aut(?!\s+(?:die|das)\s)|[Ss]econdo|"
    r"[Ss]egún|[Пп]о данным|[Кк]ак сообщает|[Кк]ак пишет|[Ww]riting for|"
    r"(?:[Aa]n?\s+)?(?:report|study|analysis|survey|briefing|investigation|article|review)\s+"
    r"(?:by|from|in)|(?:[Ii]n\s+)?an\s+interview\s+(?:with|to)|[Tt]old|[Ss]peaking\s+to|"
    r"[Dd]e acuerdo con|[Cc]omme l['’]a écrit|[Cc]omme l['’]a rapporté|rapporte|"
    r"riferisce|riporta|recogió|informó|publicó|[Кк]ак сообщает|сообщает|отмечает|[Кк]ак пишет|"
    r"пишет|[Cc]ome riporta|[Cc]ome scrive|[Cc]omo informó)\s+"
    r"(?:(?:a|an|the|its|new|latest|recent|le|la|les|il|lo|el|los|las|der|die|das|des|dem|den|"
    r"einem|einer|eines|un|una|uno|une)\s+|l['’])*"
    r"(?:(?:report|study|analysis|survey|data|figures|estimates|article|briefing|informe|rapport|"
    r"rapporto|Gutachten|Studie|Bericht|étude|estudio|studio|agencia|agence|agenzia|dati|datos|"
    r"données)\s+(?:by|from|of|in|della|dell['’]|del|des|der|de|di|du)\s*"
    r"(?:(?:la|le|el|il|the|der|des|los|las)\s+)?)?")
# A lower-case adjective inside a name, after its article: "des Instituts der deutschen
# Wirtschaft", "de la Banque centrale européenne" is not reached (the noun comes first).
_ADJ = r"(?:[a-zäöüéèàìòù]+(?:en|er|es|e|ischen|ische)[ \t\u00a0]+)"
# After "according to": the longest run of capitalised words (and the small words between
# them), which _publisher_prefix then cuts back to the publisher's name.
SOURCE_AFTER_RE = re.compile(
    rf"(?:the\s+|The\s+)?(?P<src>{_CAP}(?:[ \t\u00a0]+(?:(?:{_LINK})[ \t\u00a0]+{_ADJ}?)?"
    rf"{_CAP}){{0,7}})")
# "as <Person> wrote in <Outlet>", "<Person>, who argued in <Outlet>", "<Person>'s article in"
_WROTE = (r"wrote|argued|writes|argues|noted|warned|warnte|schrieb|argumentierte|a écrit|écrit|"
          r"a noté|ha scritto|scritto|scrive|escribió|escribe|advirtió|писал|пишет|отмечал|писала")
_IN = (r"in|in der|im|in den|dans|su|sul|sulla|sullo|en|в журнале|в газете|в|на сайте|"
       r"for|für|pour|per|para")
PERSON_IN_RE = re.compile(
    # The lookahead lets the engine skip every position that cannot start a match cheaply.
    rf"(?<![\w'’&./-])(?=[A-ZА-ЯЁ]|[Cc]om|[Кк]ак|[Ww]ie|[Aa]s\s)"
    rf"(?P<lead>\b(?:[Aa]s|[Cc]omme l['’]a|[Cc]ome ha|[Cc]omo|[Кк]ак|[Ww]ie)\s+(?:{_WROTE})\s+)?"
    rf"(?:\b[Aa]s\s+)?(?<![\w'’&./-])(?P<person>{_PCAP}(?:\s+{_PCAP}){{1,3}})(?P<after>,\s+who\s+(?:wrote|argued|"
    rf"argues|writes|noted)|['’]s\s+(?:article|op-ed|column|essay|piece|commentary)|"
    rf"\s+(?:{_WROTE}))?"
    rf"\s+(?:{_IN})\s+(?:the\s+|la\s+|le\s+|il\s+|el\s+|der\s+)?(?P<src>{_SRC}|{_DOMAIN})")
# The fixed words each pattern hangs on, for the fast first pass (see anchors.py): every
# match contains one, starting at most `before` characters ahead of it and ending at most
# `after` characters past it.
VERB_ANCHORS = Anchors(f"(?:{VERBS})", before=8, after=2)
LEAD_ANCHORS = Anchors(
    r"(?i)(?:according|quoted|cited|selon|après|laut|secondo|según|данным|сообщает|пишет|"
    r"writing|report|study|analysis|survey|briefing|investigation|article|review|acuerdo|"
    r"écrit|rapporté|rapporte|riferisce|riporta|recogió|informó|publicó|отмечает|scrive|"
    r"interview|told|speaking)",
    before=16, after=160)
PERSON_IN_ANCHORS = Anchors(
    rf"(?i)(?:{_WROTE}|article|op-ed|column|essay|piece|commentary)", before=160, after=300)
# Words that make a "source" a government body or an official, whose statements cite nothing.
NOT_PUBLISHERS = frozenset("""
ministry ministries government kremlin president minister spokesman spokesperson spokeswoman
officials official embassy cabinet parliament duma senate congress police army military
prosecutor court white house state department pentagon
""".split())
PUBLISHER_WORDS = frozenset("""
news times post journal gazette herald tribune daily weekly review monitor observer telegraph
guardian economist agency institute institution foundation bank fund programme program
organization organisation association council centre center group watch network media press
radio television tv service club forum office commission committee unit project consortium
institut instituts instituto istituto stiftung zeitung agentur verband fondation fundación
fondazione banque banco banca agence agencia agenzia observatoire observatorio osservatorio
centro conseil consejo consiglio rundfunk институт института агентство фонд центр центра
""".split())
# Leads that name whom something was said to, not where it was published.
_SPOKEN_TO_RE = re.compile(r"(?i)(?:in\s+)?an\s+interview|told|speaking")
MEDIA_WORDS = frozenset("""
news times post journal gazette herald tribune daily weekly review monitor observer telegraph
guardian economist agency media press radio television tv magazine zeitung rundfunk
""".split())
_PERSON_NOUN_RE = re.compile(
    r"\.?\s+(?:senior\s+|top\s+|former\s+|local\s+)?(?:official|officials|source|sources|"
    r"diplomat|diplomats|spokesman|spokeswoman|spokesperson|analyst|analysts|expert|experts|"
    r"lawmaker|lawmakers|officer|officers|executive|executives|insider|insiders|"
    r"representative|representatives|minister|ministers|aide|aides)\b")
DATE_AFTER_RE = re.compile(r"\s*(?:on|in|dated|of|le|el|il|am|vom|del|du)\s+|\s*\(")


# Capitalised only because they open a sentence: "Then RFE/RL's Kazakh Service reported".
SENTENCE_OPENERS = frozenset("""
then meanwhile later earlier also however now still yet but and so thus today yesterday
recently last this that in on at when while after before since as moreover furthermore
finally first second indeed instead again already even only
""".split())
# What an outlet's department is called: "RFE/RL's Kazakh Service" cites RFE/RL.
OUTLET_PARTS = frozenset("service bureau desk department edition team unit division "
                         "correspondent correspondents newsroom".split())
_POSSESSIVE_RE = re.compile(r"['’]s?$")


def _is_publisher(src: str) -> bool:
    words = src.split()
    # "Service's" and "Times'" lose their possessive; strip(".,'’s") would also have eaten
    # the s that starts "service" and ends "news", "times" and "press".
    low = {_POSSESSIVE_RE.sub("", w.lower()).strip(".,'’") for w in words}
    if low & NOT_PUBLISHERS:
        return False
    if outlets.lookup(src) or outlets.lookup(re.sub(r"['’]s$", "", src)):
        return True
    if len(words) == 1:
        return (src.isupper() and len(src) >= 3) or bool(re.fullmatch(r"[A-Z]+/[A-Z]+", src))
    if names.looks_like_person(src):
        return False
    return bool(low & PUBLISHER_WORDS)


def _publisher_suffix(text: str, start: int, end: int) -> int | None:
    """Where the longest run of words ending at `end` that names a publisher starts:
    "In January Bloomberg" -> "Bloomberg"."""
    pos = start
    while pos < end:
        src = text[pos:end]
        first = src.split(maxsplit=1)[0].lower()
        if src[:1].isupper() and first not in SENTENCE_OPENERS and _is_publisher(src):
            return pos
        nxt = text.find(" ", pos, end)
        if nxt < 0:
            return None
        pos = nxt + 1
    return None


def _is_media(src: str) -> bool:
    """A newspaper, agency, broadcaster or website: what one tells or gives an interview to
    when a statement is published."""
    known = outlets.lookup(src)
    if known is not None:
        return known.is_publication
    return bool({w.lower().strip(".,") for w in src.split()} & MEDIA_WORDS)


def _publisher_prefix(text: str, start: int, end: int) -> int | None:
    """Where the longest run of words starting at `start` that names a publisher ends:
    "Tax Justice Network" of "Tax Justice Network Africa's ..." cut at a word that
    spoils it."""
    while end > start:
        while end > start and text[end - 1] in ".,;:":  # a full stop ends the sentence
            end -= 1
        # "the IMF's PortWatch data": the owner alone is not what is cited
        if not _POSSESSIVE_RE.search(text, start, end) and _is_publisher(text[start:end]):
            return end
        end = max(text.rfind(" ", start, end), text.rfind("\u00a0", start, end))
    return None


def _gazetteer_prefix(text: str, pos: int) -> int | None:
    """The end of the longest run of up to 8 words at `pos` that the gazetteer knows
    ("Институт экономической политики имени Гайдара", "la Repubblica")."""
    ends = [m.start() for m in re.finditer(r"[\s,.;:()]", text[pos:pos + WINDOW])]
    for end in reversed(ends[:8]):
        candidate = text[pos:pos + end]
        candidate = candidate.rstrip(" ,.;:()")
        if candidate.strip() and outlets.lookup(candidate):
            return pos + len(candidate)
    return None


def _trim_source(src: str) -> str:
    """The outlet's name: the gazetteer's when it knows it; "Chatham House's The World
    Today" names the publication after the possessive, "RFE/RL's Kazakh Service" the one
    before it."""
    src = src.strip(" ,.")
    whole = outlets.lookup(src)  # "Lloyd's List" is a name, not Lloyd's list
    if whole is not None:
        return whole.name
    if "'s " in src or "’s " in src:
        owner, part = re.split(r"['’]s\s+", src, maxsplit=1)
        # "RFE/RL's Kazakh Service", "Reuters' Moscow bureau": a part of the outlet, which
        # is the one cited; "Chatham House's The World Today": a publication of its own.
        last = part.split()[-1].lower() if part.split() else ""
        if last in OUTLET_PARTS:
            src = owner
        else:  # a publication's own name keeps its article: "The World Today"
            known = outlets.lookup(part)
            return known.name if known else part
    known = outlets.lookup(src)
    if known is not None:
        return known.name
    return re.sub(r"^(?:The|the)\s+", "", src)


def _date_after(text: str, pos: int, doc_year: str | None) -> tuple[int, str | None]:
    """A date right after an attribution ("on 18 July 2023", "in January", "(July 25)")."""
    m = DATE_AFTER_RE.match(text, pos, min(len(text), pos + 12))
    if not m:
        return pos, None
    d = DATE_RE.match(text, m.end(), min(len(text), m.end() + 40))
    if not d:
        return pos, None
    found = find_dates(text, d.start(), d.end())
    if not found or found[0].start != m.end():
        return pos, None
    end = found[0].end
    if m.group().strip() == "(":
        if not text.startswith(")", end):
            return pos, None
        end += 1
    iso = found[0].iso
    if len(iso) == 4 and m.group().strip() == "in" and False:
        return pos, None
    return end, with_year(iso, doc_year)


def _year_of(document: Document) -> str | None:
    return document.date[:4] if document.date and document.date[:4].isdigit() else None


def find(document: Document) -> list[Citation]:
    text = document.text
    doc_year = _year_of(document)
    found: list[Citation] = []

    def add(start: int, end: int, src: str, authors: tuple[Creator, ...] = (),
            confidence: float = 0.7) -> None:
        end2, date = _date_after(text, end, doc_year)
        outlet = _trim_source(src)
        if date is not None:
            confidence += 0.1
        found.append(Citation(raw=text[start:end2], start=start, end=end2,
                              style=CitationStyle.ATTRIBUTION, authors=authors, outlet=outlet,
                              date=date, type="article", context=sentence_around(text, start,
                                                                                 end2),
                              confidence=round(confidence, 2)))

    for m in finditer_near(PERSON_IN_RE, text, PERSON_IN_ANCHORS):
        src = m.group("src")
        if not (outlets.lookup(src) or _is_publisher(src) or src[:1].isupper()):
            continue
        person = m.group("person")
        if not (m.group("lead") or m.group("after")) or not names.looks_like_person(person):
            continue
        # The pattern takes a name of two capitalised words at most; the gazetteer knows
        # longer ones ("Russia in Global Affairs").
        end = max(m.end(), _gazetteer_prefix(text, m.start("src")) or 0)
        if _POSSESSIVE_RE.search(src) and text.startswith(" ", end):
            # "in Chatham House's The World Today": the publication follows the owner
            more = SOURCE_AFTER_RE.match(text, end + 1, min(len(text), end + WINDOW))
            end = more.end() if more else end
        add(m.start(), end, text[m.start("src"):end], (names.person(person),), 0.75)
    taken = DisjointSpans()
    for c in found:
        taken.add(c.start, c.end)
    for m in finditer_near(LEAD_RE, text, LEAD_ANCHORS):
        known = _gazetteer_prefix(text, m.end())
        if known is not None:
            src_end = known
        else:
            s = SOURCE_AFTER_RE.match(text, m.end(), min(len(text), m.end() + WINDOW))
            found_end = _publisher_prefix(text, s.start("src"), s.end("src")) if s else None
            if found_end is None:
                continue
            src_end = found_end
        if taken.overlaps(m.start(), src_end):
            continue
        if _SPOKEN_TO_RE.match(m.group()) and not _is_media(text[m.end():src_end]):
            continue  # "told the Central Committee": a body hears it, nothing is published
        if _PERSON_NOUN_RE.match(text, src_end):
            continue  # "according to a U.S. official": a person, whom the name only qualifies
        add(m.start(), src_end, text[m.end():src_end], (), 0.75)
        taken.add(m.start(), src_end)
    for m in finditer_near(VERB_RE, text, VERB_ANCHORS):
        window_start = max(0, m.start() - WINDOW)
        line_start = text.rfind("\n", window_start, m.start()) + 1
        s = SOURCE_BEFORE_RE.search(text, max(window_start, line_start), m.start())
        if not s:
            continue
        best = _publisher_suffix(text, s.start("src"), s.end("src"))
        if best is None:
            continue
        start = best if best > s.start("src") else s.start()
        src = text[best:s.end("src")]
        if taken.overlaps(start, m.end()):
            continue
        add(start, m.end(), src, (), 0.7)
        taken.add(start, m.end())
    found.sort(key=lambda c: c.start)
    return found
