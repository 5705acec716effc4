"""The press cited by name, in the six languages srctrack reads, without needing to know the
outlet: "The Sunday Times splashes", "Kloop reported", "writes Le Monde", "souligne L’Express
du Faso", "meint die lettische Zeitung „Diena“", "the semi-official news agency Fars",
"le quotidien privé Le Pays", "газета «Ведомости»", "on the front of the Mail on Sunday",
"EL PAÍS: ...", "Source: CNN".

An outlet is recognised by where a name stands and what it looks like, not by a list:
- a name that a reporting verb follows ("X reported", "X titre") or precedes ("writes X",
  "souligne X"), or that a lead ("according to", "selon", "laut", "по данным", "the front of")
  introduces;
- a name that a word for a medium introduces ("the daily X", "le quotidien X", "die Zeitung
  X", "агентство X"), or that carries such a word ("... Times", "... Zeitung", "... Post");
- a press-review line that opens with the outlet and a colon.
What rules a name out: a person's name (it opens with a known given name or an initial), a
country, a government body, a word that only opens the sentence. Verbs that anyone may use of
themselves ("says", "dit", "sagt", "dice") need a name that looks like a medium; verbs of
publishing ("reported", "titre", "berichtete", "publicó") do not. The gazetteer, when it knows
a name, only confirms it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from srctrack.extract.anchors import Anchors, finditer_near
from srctrack.extract.context import sentence_around
from srctrack.model import Citation, CitationStyle, Document
from srctrack.parse import names, outlets, places
from srctrack.parse.dates import find_dates, with_year

# Verbs of publishing: whoever does them is a publication (or its author).
PUBLISHING = """
reported reports reporting wrote writes published publishes revealed reveals splashes splashed
headlined headlines quoted quotes cited cites broke
rapporte rapportait révèle révélait titre titrait titrent affiche écrit écrivait publie publiait
raconte consacre barre évoque mentionne relate cite
berichtet berichtete berichten schreibt schrieb schreiben meldet meldete titelt titelte zitiert
zitierte veröffentlichte enthüllte kommentiert kommentierte
informa informó publica publicó titula titulan titulaba revela reveló recoge recogió escribe
escribió adelanta adelantó
scrive scriveva riporta riportava riferisce pubblica titola rivela racconta
сообщает сообщил сообщила сообщило сообщили пишет писал писала писало передает передаёт
передал передала опубликовал опубликовала опубликовало публикует выяснил выяснила выяснило
цитирует пишут сообщают передают публикуют
""".split()
# Verbs anyone uses: a publication only when the name looks like one.
SPEAKING = """
says said notes noted adds added argues argued claims claimed calls offers follows hears
estimates warned warns insists suggests carries carried leads features featured profiles prints
printed
souligne indique note relève rappelle précise explique estime avance assure affirme annonce
dit aborde revient présente livre observe
meint sagt sagte erklärt erklärte urteilt warnt fragt
dice dijo asegura aseguró señala señaló exclama explica apunta destaca afirma sostiene recuerda
habla entrevista
sottolinea spiega annuncia dice sostiene afferma osserva
отмечает отметил отметила утверждает отмечают утверждают
observes describes details explains highlights opines dubs opted devoted led went
estime juge analyse dénonce regrette salue constate commente ironise déplore prévient avertit
parle voit décrit qualifie insiste interroge
kommentiert analysiert mutmaßt staunt argumentiert kritisiert lobt bemerkt sieht resümiert
befürchtet glaubt bilanziert fordert konstatiert beschäftigt
destacó remarca remarcó estima estimó subraya subrayó advierte advirtió alerta alertó indica
indicó añade añadió critica criticó considera consideró opina opinó califica calificó define
definió describe describió ilustra ilustraba analiza resalta resaltó abre abría ubica presenta
presentaba refleja reflejaba interpreta tituló lleva llevaba
commenta titola nota critica avverte denuncia rileva parla apre dedica segnala evidenzia ricorda
""".split()
# Leads after which a name is the source: "according to X", "selon X", "the front of X".
LEADS = [
    r"according to(?: (?:a |the )?(?:reports?|data|figures|an? article|an? story) (?:from|by|in))?",
    r"as reported by", r"quoted by", r"cited by", r"reported by", r"published by",
    r"in an interview (?:with|to)", r"told", r"speaking to",
    r"(?<![\w-])per(?-i:(?= the [A-Z]| [A-Z]))",
    r"the front(?: page)? of", r"the headline (?:in|of)", r"an editorial (?:in|from)",
    r"(?:piece|article|report|column|op-ed|essay|story|editorial|commentary|analysis|research|"
    r"blog post|investigation|survey|study|data|interview|profile|feature|exclusive)"
    r"(?: (?:published|compiled|released|carried))? (?:in|for|from|by|on)",
    r"selon", r"d['’]après", r"en [Uu]ne d[eu]", r"à la [Uu]ne d[eu]",
    r"en première page d[eu]", r"interrogée? par", r"dans les colonnes d[eu]",
    r"laut(?-i:(?= [A-ZÄÖÜ\"„“«]| der | dem | des ))", r"zufolge", r"wie (?:die|der|das)",
    r"berichtete (?:die|der|das)",
    r"según", r"de acuerdo con", r"secondo", r"come riporta", r"come scrive",
    r"по данным", r"как сообщает", r"как пишет", r"по информации", r"в статье",
    r"в материале", r"в интервью",
]
# Words for a medium, before its name ("the daily X") or inside it ("... Times").
MEDIUM_BEFORE = """
newspaper daily weekly magazine agency broadcaster website site outlet tabloid paper journal
channel television radio blog portal broadsheet wire
quotidien hebdomadaire journal magazine site agence chaîne radio mensuel
Zeitung Tageszeitung Wochenzeitung Magazin Nachrichtenmagazin Nachrichtenagentur Agentur Sender
Boulevardzeitung Blatt
diario periódico rotativo semanario agencia cadena revista portal emisora
quotidiano settimanale giornale agenzia rivista testata emittente
газета газеты газете агентство агентства издание издания журнал журнала телеканал портал
сайт обозреватель обозревателю колумнист
""".split()
MEDIUM_INSIDE = frozenset("""
monde globo nación tercera
times post journal gazette herald tribune daily weekly review monitor observer telegraph
guardian economist news mail express mirror star sun standard chronicle courier record
magazine independent inquirer examiner today press radio tv television wire digest insider
zeitung allgemeine rundschau kurier nachrichten presse anzeiger spiegel
quotidien courrier libération figaro matin soir parisien humanité echos obs express
diario periódico país mundo noticias vanguardia razón heraldo prensa
corriere gazzetta giornale stampa messaggero repubblica sole
газета ведомости известия новости вести правда коммерсант коммерсантъ
""".split())
NOT_PUBLISHERS = frozenset("""
union unions gewerkschaft syndicat sindicato sindacato internet web online corte cour
gericht tribunal суд commission comisión commissione kommission élysée elysée moncloa quirinale
chigi palais palacio palazzo twitter facebook instagram telegram youtube tiktok vkontakte whatsapp
getty shutterstock images photo photos university université universität universidad
università университет

ministry ministries government kremlin president minister spokesman spokesperson spokeswoman
officials official embassy cabinet parliament duma senate congress police army military
prosecutor court pentagon party committee council office department administration
ministère gouvernement ministerium regierung ministerio gobierno ministero governo
министерство правительство
""".split())
SENTENCE_OPENERS = frozenset("""
then meanwhile later earlier also however now still yet but and so thus today yesterday
recently last this that in on at when while after before since as moreover furthermore
finally first second indeed instead again already even only it he she they we i you there
what which who how where why if
das dies dieser diese es er sie wir man lo la le il ce cela ceci on nous elle ello esto eso
ella él это он она они мы об как так также
although though whereas despite unlike like amid under over
nothing everything something nobody everyone everybody many some most few several others other
all both each critics analysts experts observers sources officials researchers scientists
studies reports data documents records witnesses residents people users readers investors
tout rien personne plusieurs certains beaucoup nichts alles viele einige nada todo muchos
algunos varios niente tutto molti alcuni ничто всё многие некоторые a an un une una uno ein
eine einen
""".split())
# Titles before a person's name: "Mr Macron also features".
HONORIFICS = frozenset("""
mr mrs ms miss dr sir lord lady dame president prime minister senator governor m mme mlle herr
frau sr sra don doña signor signora dott прокурор господин госпожа
""".split())
LABELS = frozenset("""
note notes source sources update updated photo photos image credit summary tags tag share
related see read more editor editors contents subject topic topics date published by profile
time location place venue price cost question answer q a example warning tip
summary abstract keywords introduction conclusion conclusions background analysis
résumé introduction analyse thème sujet
zusammenfassung einleitung fazit thema analyse
resumen introducción conclusión conclusiones análisis tema
riassunto sommario introduzione conclusioni analisi tema
резюме введение заключение анализ тема
january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday
""".split())
_UPPER = "A-ZÀ-ÖØ-ÞА-ЯЁ"
_NAME_WORD_RE = re.compile(rf"[{_UPPER}][\w.&/+'’-]*|[{_UPPER}]\.|\d+")
_CONNECTORS = frozenset("of on the and de du des del della di da do der die und y e et la le "
                        "al am im & - –".split())
_CAP_ARTICLES = frozenset("The Le La Les L’ L' El Los Las Il Lo Der Die Das".split())
_LOW_ARTICLES = frozenset("the le la les l’ l' el los las il lo der die das".split())
_QUOTED_RE = re.compile(r"[«„\"“]([^«»„“”\"\n]{2,60})[»“”\"]")
_TOKEN_RE = re.compile(r"\S+")
_EDGE = ".,;:!?()"
WINDOW = 160


def _words_re(words: list[str] | frozenset[str]) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


def _verbs_re(words: list[str]) -> str:
    """The verbs, each also with a capital, as a sentence opening on the verb writes it
    ("Dice El Mundo", "Writes Le Monde")."""
    unique = sorted(set(words), key=len, reverse=True)
    return "|".join(f"[{re.escape(w[0])}{re.escape(w[0].upper())}]{re.escape(w[1:])}"
                    for w in unique)


LEAD_RE = re.compile(rf"(?<![\w-])(?i:{'|'.join(LEADS)})(?=\s)")
# Case matters: "the daily Al-Quds" names a paper, "Eurasia Daily Monitor" is a name; German
# writes its nouns capitalised, so its words are listed so.
MEDIUM_RE = re.compile(rf"(?<![\w-])(?:{_words_re(MEDIUM_BEFORE)})(?=\s)")
LABEL_LINE_RE = re.compile(rf"^[ \t]*(?P<name>[{_UPPER}a-z][^\n:]{{0,40}}?)[ \t]*:[ \t]+"
                           r"(?!No\.|Vol|Issue|\d)\S", re.MULTILINE)
# "Die VOLKSSTIMME aus Magdeburg", "fragt die SÜDDEUTSCHE ZEITUNG": press reviews that set
# the papers' names in capitals.
# One capitalised word alone is an acronym as often ("die UNESCO"): two or more words, or a
# word for a medium, are needed.
CAPS_NAME_RE = re.compile(r"(?<![\w-])(?:[Dd]ie|[Dd]er|[Dd]as|[Tt]he|[Ll]e|[Ll]a|[Ee]l|[Ii]l)"
                          r"[ \t]+(?P<name>[A-ZÄÖÜÀ-Þ][A-ZÄÖÜÀ-Þ-]{2,}(?:[ \t]+[A-ZÄÖÜÀ-Þ]"
                          r"[A-ZÄÖÜÀ-Þ-]+)+|[A-ZÄÖÜÀ-Þ-]*(?:ZEITUNG|NACHRICHTEN|POST|TIMES|"
                          r"KURIER|ANZEIGER|RUNDSCHAU|PRESSE|BLATT|MERKUR)[A-ZÄÖÜÀ-Þ-]*)(?![\w-])")
# "Source: CNN", "Quelle: dpa", "Via: The Verge" under an item.
SOURCE_LINE_RE = re.compile(r"^[ \t]*(?i:sources?|quelle|quellen|fuente|fuentes|fonte|fonti|"
                            r"источник|via)[ \t]*:[ \t]*(?P<name>[^\n]{2,60}?)[ \t.]*$",
                            re.MULTILINE)
VERB_ANCHORS = Anchors(_verbs_re(PUBLISHING + SPEAKING), before=0, after=0)
# RE2 has no lookahead: the anchors are the leads without theirs (a superset, as anchors
# must be).
LEAD_ANCHORS = Anchors("(?i)(?:" + "|".join(re.sub(r"\(\?<?[=!][^)]*\)", "", lead)
                                           for lead in LEADS)
                       + ")", before=0, after=WINDOW)
MEDIUM_ANCHORS = Anchors(f"(?:{_words_re(MEDIUM_BEFORE)})", before=0, after=WINDOW)
_PUBLISHING = frozenset(PUBLISHING)
_CYRILLIC_RE = re.compile(r"[а-яё]")
_LATIN_NAME_RE = re.compile(r"[A-Za-z][A-Za-z .&'’-]*")
# An adjective after a word for a medium, as the Romance languages place them ("diario
# económico francés", "quotidien privé", "quotidiano nazionale"), or "e"/"y"/"et" between.
_ADJECTIVE_RE = re.compile(
    r"[ \t]+(?!(?:de|la|le|les|del|della|di|da|do|du|des|el|lo|il|una?|une)[ \t])"
    r"(?:[a-zà-öø-ÿ][\w-]*(?:o|a|os|as|e|es|é|ée|ais|aise|ois|oise|ien|ienne|al|ale|ais|és|esa|"
    r"ino|ina|ense|eño|eña|isch|ische)|e|y|et)(?=[ \t])")
# Verbs that a person does as readily as a publication.
_AUTHORS_VERBS = frozenset("wrote writes cites cited quoted quotes écrit écrivait schreibt schrieb "
                           "escribe escribió scrive scriveva пишет писал писала".split())
_DEMONYM_RE = re.compile(r"(?:[A-Z]\w+\s)?[A-Z]\w*(?:ian|ean|ese|ish|an|ais|ien|isch|ano|ino|"
                         r"ский|ские)\s+[a-zà-ÿа-я]")
_DOCUMENT_RE = re.compile(r"(?i)report|data|figures|article|stor|piece|column|op-ed|essay|"
                          r"editorial|commentary|analysis|research|post|investigation|survey|"
                          r"study|published|front|headline|une|colonnes|статье|материале")
_SPOKEN_TO_RE = re.compile(r"(?i)told|speaking|in an interview|interrog")
_MEDIUM_WORDS = frozenset(w.lower() for w in MEDIUM_BEFORE) | {
    "headlines", "headline", "press", "review", "media", "papers", "newspapers", "front", "pages",
    "page"}


@dataclass(frozen=True, slots=True)
class Name:
    start: int
    end: int
    text: str


def _is_name_word(token: str, first: bool) -> bool:
    m = _NAME_WORD_RE.fullmatch(token)
    return bool(m) and not (first and token.isdigit())


def _strip_edges(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _EDGE + "\"'“”«»„‘’":
        start += 1
    while end > start and text[end - 1] in _EDGE + "\"“”«»„‘":
        end -= 1
    return start, end


def _quoted_before(text: str, lo: int, end: int) -> Name | None:
    tail = text[max(lo, end - 64):end].rstrip()
    if not tail or tail[-1] not in "»“”\"":
        return None
    m = next((q for q in _QUOTED_RE.finditer(tail) if q.end() == len(tail)), None)
    if m is None:
        return None
    base = end - len(text[max(lo, end - 64):end]) + m.start(1)
    inner = m.group(1).strip()
    return Name(base, base + len(m.group(1)), inner) if inner[:1].isupper() else None


def name_ending_at(text: str, lo: int, end: int) -> Name | None:
    """The capitalised name that ends at `end` ("the Sunday Express", "L’Express du Faso",
    "«Коммерсантъ»"), with a capitalised article that belongs to it."""
    quoted = _quoted_before(text, lo, end)
    if quoted:
        return quoted
    tokens = [(m.start(), m.end()) for m in _TOKEN_RE.finditer(text, lo, end)]
    kept: list[tuple[int, int]] = []
    while tokens:
        a, b = tokens.pop()
        word = text[a:b]
        if kept and word in _CONNECTORS and tokens:
            prev = text[tokens[-1][0]:tokens[-1][1]]
            if _is_name_word(prev.strip(_EDGE), first=False):
                kept.append((a, b))
                continue
        bare_a, bare_b = _strip_edges(text, a, b)
        if bare_a >= bare_b or (kept and (text[b - 1] in ",;:!?)" or _ends_sentence(text, a, b))):
            break
        if not _is_name_word(text[bare_a:bare_b], first=False):
            break
        kept.append((bare_a, bare_b))
        if text[a:bare_a] and text[a] in "(\"“«„":
            break
        if text[bare_a:bare_b] in _CAP_ARTICLES:
            break  # an article opens a name: "Starker Auftakt Die Zeitung" is two
    while kept and text[kept[-1][0]:kept[-1][1]] in _CONNECTORS:
        kept.pop()
    if not kept:
        return None
    start, stop = kept[-1][0], kept[0][1]
    # "Then RFE/RL": words that only open the sentence are not part of the name.
    # A capitalised article stays: "Le Monde", "The Observer", "El País" are written so.
    while True:
        first, _, rest = text[start:stop].partition(" ")
        if rest and first not in _CAP_ARTICLES and (first.lower() in SENTENCE_OPENERS
                                                     or first in _LOW_ARTICLES):
            start += len(first) + 1
            continue
        break
    if text[start:stop].lower() in SENTENCE_OPENERS or text[start:stop].isdigit():
        return None
    return Name(start, stop, text[start:stop])


_ABBREVIATIONS = frozenset("mr mrs ms dr st jr sr co inc ltd no nr vs gen col sen rep prof".split())


def _ends_sentence(text: str, start: int, end: int) -> bool:
    """A word that ends with a full stop that is not an abbreviation's ("Monde." but not
    "U.S." or "St.")."""
    word = text[start:end].rstrip("\"”»)")
    return (word.endswith(".") and "." not in word[:-1] and len(word) > 2
            and word[:-1].lower() not in _ABBREVIATIONS)


def name_starting_at(text: str, pos: int, hi: int) -> Name | None:
    """The capitalised name that starts at `pos`, after an article that may stand there."""
    while pos < hi and text[pos] in " \t\u00a0":
        pos += 1
    m = _QUOTED_RE.match(text, pos, hi)
    if m and m.group(1).strip()[:1].isupper():
        return Name(m.start(1), m.end(1), m.group(1).strip())
    tokens = [(t.start(), t.end()) for t in _TOKEN_RE.finditer(text, pos, hi)][:8]
    kept: list[tuple[int, int]] = []
    for i, (a, b) in enumerate(tokens):
        word = text[a:b]
        if not kept and word.lower() in _LOW_ARTICLES and word not in _CAP_ARTICLES:
            pos = b
            continue
        if not kept and word[:2].lower() in ("l’", "l'") and len(word) > 2:
            a += 2  # "l'Humanité": the elided article is not the name's
            word = text[a:b]
        bare_a, bare_b = _strip_edges(text, a, b)
        if kept and word in _CONNECTORS and i + 1 < len(tokens):
            nxt = text[tokens[i + 1][0]:tokens[i + 1][1]]
            if _is_name_word(nxt.strip(_EDGE), first=False):
                kept.append((a, b))
                continue
        if bare_a >= bare_b or not _is_name_word(text[bare_a:bare_b], first=not kept):
            break
        kept.append((bare_a, bare_b))
        if text[bare_b:b] and (text[bare_b] in ",;:!?)»”\"" or _ends_sentence(text, bare_a, b)):
            break
    while kept and text[kept[-1][0]:kept[-1][1]] in _CONNECTORS:
        kept.pop()
    if not kept:
        return None
    start, stop = kept[0][0], kept[-1][1]
    while stop > start and text[stop - 1] == ".":
        stop -= 1
    return Name(start, stop, text[start:stop]) if stop > start else None


def _looks_like_medium(name: str) -> bool:
    known = outlets.lookup(name)
    if known is not None:
        return known.is_publication
    words = {w.lower().strip(".’'") for w in name.split()}
    return bool(words & MEDIUM_INSIDE)


def is_outlet_name(name: str, strong: bool, institutions: bool = True) -> bool:
    """Whether a name can be a publication: `strong` when its place in the sentence says
    so (a verb of publishing, a word for a medium before it); `institutions` when a known
    institution that is no publication may be the source there ("MSF reported", but not
    "selon l'Insee")."""
    bare = re.sub(r"['’]s?$", "", name).strip()
    if not bare or len(bare) > 60 or len(bare.split()) > 6:
        return False
    words = [w.lower().strip(".,’'") for w in bare.split()]
    if set(words) & NOT_PUBLISHERS:
        return False
    opener = words[0] in SENTENCE_OPENERS and (len(words) == 1 or words[0] not in _LOW_ARTICLES)
    if opener or words[0] in HONORIFICS or all(w in LABELS for w in words):
        return False
    if all(w in _MEDIUM_WORDS for w in words) or any(ch.isdigit() for ch in bare[:1]):
        return False  # "Newspaper headlines" names no paper
    if words[0] in ("der", "die", "das") and words[-1].rsplit("-", 1)[-1] in _MEDIUM_WORDS:
        return False  # "Die Zeitung", "Das Springer-Blatt": the paper named before (but
        # "Le Quotidien", "Il Giornale" are names)
    if places.is_place(bare):
        return False
    if bare in _CAP_ARTICLES or re.search(r"['’]s\s", bare):
        return False  # "the IMF's PortWatch data": the owner is not what is cited
    known = outlets.lookup(bare)
    if known is not None:
        # An institution publishes reports ("MSF reported") but its statements cite nothing
        # ("MSF said").
        return known.is_publication or (strong and institutions and known.kind != "government")
    if names.known_person(bare):
        return False
    if len(words) == 1 and bare.isupper() and len(bare) <= 5 and not strong:
        return False  # "NATO said": an acronym names a body more often than a paper
    return strong or _looks_like_medium(bare)


_DATE_LEAD_RE = re.compile(r"[ \t]*(?:,[ \t]*)?(?:(?:on|in|of|dated|le|du|el|del|am|vom|il|del)"
                           r"[ \t]+|\()?")


def _citation(text: str, start: int, end: int, outlet: str, confidence: float,
              doc_year: str | None) -> Citation:
    """The citation of text[start:end], taking in a date that follows it ("on 18 July",
    "14 августа", "(July 25)")."""
    date = None
    lead = _DATE_LEAD_RE.match(text, end, min(len(text), end + 12))
    if lead:
        dates = find_dates(text, lead.end(), min(len(text), lead.end() + 40))
        if dates and dates[0].start == lead.end():
            date, end = with_year(dates[0].iso, doc_year), dates[0].end
            if lead.group().endswith("(") and text.startswith(")", end):
                end += 1
    return Citation(raw=text[start:end], start=start, end=end, style=CitationStyle.ATTRIBUTION,
                    outlet=outlet, date=date, type="article",
                    context=sentence_around(text, start, end),
                    confidence=round(confidence + (0.1 if date else 0.0), 2))


def _outlet(name: Name) -> str:
    return re.sub(r"['’]s?$", "", name.text).strip()


# What may stand between a name and its verb: "(AP)", "also", ", which", "on March 11".
_BETWEEN_RE = re.compile(
    r"(?:\s*\([A-Z]{2,8}\))?(?:,?\s+(?:which|who|que|qui|che|also|now|today|yesterday|again|"
    r"too|meanwhile|on\s+\w+(?:\s+\d{1,2})?|last\s+\w+|this\s+\w+|en\s+cambio|"
    r"por\s+el\s+contrario|de\s+son\s+côté|hoy|ayer|aujourd['’]hui|heute|gestern|"
    r"сегодня|вчера)\b,?)*\s+\Z")
_BETWEEN_REACH = 48


# The lower-case words _BETWEEN_RE may end on, and the words that open its phrases.
_BETWEEN_LAST = frozenset("which who que qui che also now today yesterday again too meanwhile "
                          "cambio contrario côté hoy ayer aujourd'hui aujourd’hui heute gestern "
                          "сегодня вчера".split())
_BETWEEN_OPENERS = frozenset("on last this en el por de son".split())


def _no_name_before(text: str, verb_start: int) -> bool:
    """Whether a lower-case word that no name may stand behind comes right before the
    verb ("he said", "it notes"): most verbs end here, before any pattern runs."""
    end = verb_start - 1
    if end <= 0 or text[end] != " ":
        return False
    start = text.rfind(" ", max(0, end - 40), end) + 1
    word = text[start:end]
    if not word[:1].islower() or word.rstrip(",") in _BETWEEN_LAST:
        return False
    opener_start = text.rfind(" ", max(0, start - 40), start - 1) + 1
    return text[opener_start:start - 1].lower() not in _BETWEEN_OPENERS


def _before_verb(text: str, verb_start: int) -> Name | None:
    """The name just before a verb, past what may stand between them."""
    if _no_name_before(text, verb_start):
        return None
    lo = max(text.rfind("\n", 0, verb_start) + 1, verb_start - WINDOW)
    tail_start = max(lo, verb_start - _BETWEEN_REACH)
    between = _BETWEEN_RE.search(text, tail_start, verb_start)
    end = between.start() if between else verb_start
    if end <= lo:
        return None
    last = text[end - 1]
    if not (last.isalnum() or last in ".»”\"’')"):
        return None  # "SQM, recogió": a comma ends the clause the name stands in
    word_start = max(text.rfind(" ", lo, end), text.rfind("\t", lo, end)) + 1
    first = text[word_start:word_start + 1]
    if first.islower() and first not in "«„“\"":
        return None  # "he said", "it notes": the quick way out for most verbs
    return name_ending_at(text, lo, end)


def _whole_word(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] stands as a word of its own, not inside a longer one."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or before in "-_" or after.isalnum() or after in "-_")


def _after(text: str, pos: int) -> Name | None:
    hi = min(len(text), pos + WINDOW)
    line_end = text.find("\n", pos, hi)
    return name_starting_at(text, pos, line_end if line_end >= 0 else hi)


def find(document: Document) -> list[Citation]:
    text = document.text
    year = document.date[:4] if document.date and document.date[:4].isdigit() else None
    found: list[Citation] = []
    for rule in RULES:
        found.extend(rule(text, year))
    if len(found) >= PRESS_TEXT:
        # A text that already cites the press by name: its article-led names are papers.
        found.extend(_article_names(text, year))
    return _disjoint(found)


#: How many citations of the press make a text one that reviews or quotes the press.
PRESS_TEXT = 3


def _by_verbs(text: str, year: str | None) -> list[Citation]:
    """"Kloop reported", "writes Le Monde", "Dice El Mundo"."""
    out = []
    for v_start, v_end in VERB_ANCHORS.spans(text):
        if not _whole_word(text, v_start, v_end):
            continue
        written = text[v_start:v_end]
        verb = written.lower()
        strong = verb in _PUBLISHING
        name = _before_verb(text, v_start) if written[:1].islower() else None
        if name and strong and verb in _AUTHORS_VERBS and " " not in name.text:
            strong = False  # "Nahal writes": a columnist as often as a paper
        if name and is_outlet_name(name.text, strong):
            out.append(_citation(text, name.start, v_end, _outlet(name),
                                 0.75 if strong else 0.7, year))
            continue
        nxt = text[v_end + 1:v_end + 2]
        if not (nxt.isupper() or nxt in "«„“\""):
            continue  # no name follows
        after = _after(text, v_end)
        # "Dice El Mundo" opens on the verb; "Reporting Pains and Costs" is a heading.
        inverted_strong = strong and verb not in _AUTHORS_VERBS and written[:1].islower()
        if after and _CYRILLIC_RE.match(verb) and _LATIN_NAME_RE.fullmatch(after.text):
            inverted_strong = True  # "пишет The Conversation": a foreign paper, by its script
        if (after and not text[v_end:after.start].strip(" \t\u00a0«„“\"")
                and is_outlet_name(after.text, inverted_strong)):
            out.append(_citation(text, v_start, after.end, _outlet(after), 0.7, year))
    return out


def _by_leads(text: str, year: str | None) -> list[Citation]:
    """"according to Talas Today", "selon Mediacongo", "the front of the Evening Ledger"."""
    out = []
    for m in finditer_near(LEAD_RE, text, LEAD_ANCHORS):
        after = _after(text, m.end())
        if after is None or after.start - m.end() > 24:
            continue
        if _DEMONYM_RE.match(text, after.start, min(len(text), after.end + 30)):
            continue  # "according to Russian media": an adjective, not a name
        # One tells a person or gives them an interview as readily as a paper.
        strong = not _SPOKEN_TO_RE.match(m.group())
        names_document = bool(_DOCUMENT_RE.search(m.group()))
        if is_outlet_name(after.text, strong, names_document):
            out.append(_citation(text, m.start(), after.end, _outlet(after), 0.75, year))
    return out


def _by_medium_words(text: str, year: str | None) -> list[Citation]:
    """"the semi-official news agency Fars", "le quotidien privé Le Pays"."""
    out = []
    for m in finditer_near(MEDIUM_RE, text, MEDIUM_ANCHORS):
        # up to three adjectives between: "diario económico francés Les Echos"
        pos = m.end()
        for _ in range(4):
            after = _after(text, pos)
            if after is not None and not text[pos:after.start].strip(" \t\u00a0«„“\"'"):
                if is_outlet_name(after.text, True):
                    out.append(_citation(text, m.start(), after.end, _outlet(after), 0.8, year))
                break
            adjective = _ADJECTIVE_RE.match(text, pos)
            if adjective is None:
                break
            pos = adjective.end()
    return out


_CAPS_ANCHORS = Anchors(r"[A-ZÄÖÜÀ-Þ][A-ZÄÖÜÀ-Þ-]{2,}", before=8, after=80)


def _capitals(text: str, year: str | None) -> list[Citation]:
    """"fragt die SÜDDEUTSCHE ZEITUNG"."""
    out = []
    for m in finditer_near(CAPS_NAME_RE, text, _CAPS_ANCHORS):
        caps = m.group("name")
        if is_outlet_name(caps.title(), strong=True, institutions=False):
            out.append(_citation(text, m.start("name"), m.end("name"), caps, 0.7, year))
    return out


CAPS_LINE_RE = re.compile(r"^[ \t]*(?P<name>[A-ZÀ-Þ][A-ZÀ-Þ'’.-]+"
                          r"(?:[ \t]+[A-ZÀ-Þ0-9][A-ZÀ-Þ0-9'’.-]*){0,4})[ \t]*$", re.MULTILINE)


def _caps_lines(text: str, year: str | None) -> list[Citation]:
    """"LA STAMPA" on a line of its own: a review's heading for the paper below it."""
    out = []
    for m in CAPS_LINE_RE.finditer(text):
        name = m.group("name")
        if len(name) > 3 and is_outlet_name(name.title(), strong=False):
            out.append(_citation(text, m.start("name"), m.end("name"), name, 0.65, year))
    return out


def _source_lines(text: str, year: str | None) -> list[Citation]:
    """"Source: CNN"."""
    out = []
    for m in SOURCE_LINE_RE.finditer(text):
        label = m.group("name").strip()
        if is_outlet_name(label, strong=True):
            out.append(_citation(text, m.start(), m.end("name"), label, 0.8, year))
    return out


# A name that carries a word for a medium ("The Sunday Times", "El Mundo", "Süddeutsche
# Zeitung") names a publication wherever it stands: "The Guardian devoted its front page",
# "En La Tercera", "the Mail on Sunday". Not when it only qualifies a person or a thing:
# "a New York Times columnist", "Bill Keller, a Times editor".
# RE2 finds the capitalised words for a medium; their edges are checked in Python
# (_whole_word), as for the verbs.
MEDIUM_WORD_ANCHORS = Anchors("|".join(sorted((re.escape(w[0].upper() + w[1:])
                                               for w in MEDIUM_INSIDE), key=len, reverse=True)),
                              before=0, after=0)
_QUALIFIED_NOUNS = frozenset("""
columnist columnists correspondent correspondents reporter reporters editor editors journalist
journalists writer writers critic critics contributor contributors bestseller best-seller
bestselling crossword subscriber subscribers reader readers headquarters building office
front cover
chroniqueur journaliste rédacteur korrespondent journalist redakteur columnista corresponsal
periodista giornalista corrispondente editorialista журналист корреспондент обозреватель
""".split())
_ROLE_AT_RE = re.compile(r"\b(?:editor|editors|correspondent|reporter|columnist|journalist|"
                         r"proprietor|owner|founder|director|head|chief|publisher|staff|"
                         r"employee)\s+(?:at|of|for)\s+(?:the\s+)?(?:[a-z-]+\s+)?$")
_OF_THE_RE = re.compile(r"\b(?:proprietor|owner|founder|editor|head|director)\s+of\s+the\s+"
                        r"(?:[a-z-]+\s+)?$")
_CAPTION_RE = re.compile(r"[ \t]*(?:Front page|Front cover|Cover|Photo|Image)\b")
_ON_SUNDAY_RE = re.compile(r" (?:on|am) (?:Sunday|Sonntag)\b")


# After a name: a verb, a clause, a possessive, punctuation or the line's end.
_SUBJECT_RE = re.compile(r"[’'‘]s?\b|[ \t]*[,:;.)»”\"]|[ \t]*\n|[ \t]+[a-zà-ÿа-яё]")
# Before it: a preposition or an article ("En La Tercera", "il Wall Street Journal").
_PREPOSITION_RE = re.compile(r"(?:\b(?:in|dans|en|nel|nella|sul|sulla|im|auf|from|by|on|de|"
                             r"del|della|du|des|von|per|par|por|il|el|le|la|lo|the|der|die|das|"
                             r"dem|den|dell['’])|[(«\"“„])[ \t]*$")


def _subject(text: str, end: int) -> bool:
    """Whether the words after a name make it the subject of a verb ("The Guardian
    devoted", "El Mundo pone", "The Observer, which ...") or the head of a title line."""
    return bool(_SUBJECT_RE.match(text, end, min(len(text), end + 40))) or text.startswith(
        "\n", end)


def _after_preposition(text: str, start: int) -> bool:
    return bool(_PREPOSITION_RE.search(text, max(0, start - 12), start))


def _in_title_case(text: str, start: int, end: int) -> bool:
    """Whether the words around a name are capitalised as a headline's are."""
    before = text[max(0, start - 40):start].split()[-3:]
    after = text[end:end + 40].split()[:3]
    around = [w for w in before + after if w.isalpha() and len(w) > 3]
    return len(around) >= 4 and all(w[:1].isupper() for w in around)


def _mentions(text: str, year: str | None) -> list[Citation]:
    out = []
    for w_start, w_end in MEDIUM_WORD_ANCHORS.spans(text):
        if not _whole_word(text, w_start, w_end):
            continue
        lo = max(text.rfind("\n", 0, w_start) + 1, w_start - 80)
        name = name_ending_at(text, lo, w_end)
        if name is None or name.end != w_end:
            continue
        end = w_end
        more = _ON_SUNDAY_RE.match(text, end)
        if more:
            end = more.end()
        if _CAPTION_RE.match(text, lo):
            continue  # "Front page of the Sunday Mirror": a picture's caption
        before = text[max(0, name.start - 4):name.start].lower()
        if re.search(r"(?:^|\s)(?:a|an|un|une|ein|eine)\s$", before):
            continue  # "a New York Times columnist"
        if _ROLE_AT_RE.search(text, max(0, name.start - 48), name.start):
            continue  # "an editor at the official Global Times, Hu Xijin": a job, not a source
        after = re.match(r"[’']?s?\s+([a-zà-ÿа-яё-]+)", text[end:end + 40])
        if after and after.group(1) in _QUALIFIED_NOUNS:
            continue
        outlet = text[name.start:end]
        if _in_title_case(text, name.start, end):
            continue  # "Mueller's Office Disputes Report On Trump": a headline's words
        words = [w for w in outlet.split() if w not in _CAP_ARTICLES]
        if len(words) < 2 or places.is_country(words[0].rstrip("s’'")):
            continue  # "Presse", "Post", "Europas Presse": a common noun as often as a name
        if not (_subject(text, end) or _after_preposition(text, name.start)):
            continue  # a mention, not a source the sentence draws on
        if is_outlet_name(outlet, False):
            out.append(_citation(text, name.start, end, outlet, 0.7, year))
    return out


# "WaPo's Louisa Loveluck", "The Washington Post’s Anne Applebaum", "Cato’s Jim Dorn":
# a name whose person follows it is where that person writes.
POSSESSIVE_RE = re.compile(rf"['’]s[ \t]+(?P<person>[{_UPPER}][\w.-]+(?:[ \t]+[{_UPPER}][\w.'’-]+)"
                           r"{1,2})")
# "Amy Davidson at The New Yorker", "By Annie Lowrey in the NYT", "writing at Economist.com"
_WRITER_PREPOSITIONS = (r"at|in|for|of|su|sul|sulla|sullo|nel|nella|sur|dans|pour|en|para|"
                        r"im|in der|für|auf|в|для")
WRITER_AT_RE = re.compile(rf"(?:(?P<person>[{_UPPER}][\w.-]+(?:[ \t]+[{_UPPER}][\w.'’-]+)"
                          rf"{{1,2}})|writing|writes|wrote)[ \t]+(?:{_WRITER_PREPOSITIONS})"
                          r"[ \t]+\Z")
# "the Interfax news agency reported", "Al-Quds daily", "Japan's NHK broadcaster"
DESCRIBED_AFTER_RE = re.compile(
    r"[ \t]+(?:news[ \t]+agency|news[ \t]+agencies|agency|newspaper|daily|weekly|broadcaster|"
    r"(?:news[ \t]+)?website|(?:television[ \t]+|TV[ \t]+)?channel|magazine|tabloid|"
    r"news[ \t]+outlet|outlet|wire[ \t]+service)(?![\w-])")
_WRITER_ANCHORS = Anchors(rf"(?:[ \t](?:{_WRITER_PREPOSITIONS})[ \t])", before=0, after=0)


def _possessives(text: str, year: str | None) -> list[Citation]:
    out = []
    for m in POSSESSIVE_RE.finditer(text):
        if not names.starts_with_given_name(m.group("person")):
            continue
        lo = max(text.rfind("\n", 0, m.start()) + 1, m.start() - 80)
        name = name_ending_at(text, lo, m.start())
        if name and not places.is_country(name.text) and is_outlet_name(name.text, True, False):
            out.append(_citation(text, name.start, m.end(), name.text, 0.7, year))
    return out


def _writers_at(text: str, year: str | None) -> list[Citation]:
    out = []
    for p_start, p_end in _WRITER_ANCHORS.spans(text):
        # the preposition and what follows: only a capital (or "the" and one) can name a paper
        rest = text[p_end:p_end + 5]
        if not (rest[:1].isupper() or (rest[:4].lower() == "the " and rest[4:5].isupper())):
            continue
        lo = max(text.rfind("\n", 0, p_start) + 1, p_start - 60)
        m = WRITER_AT_RE.search(text, lo, p_end)
        if m is None or m.end() != p_end:
            continue
        person = m.group("person")
        if person and not names.known_person(person):
            continue
        after = _after(text, m.end())
        if after and after.start - m.end() <= 5 and is_outlet_name(after.text, False):
            out.append(_citation(text, m.start(), after.end, _outlet(after), 0.7, year))
    return out


_DESCRIBED_ANCHORS = Anchors(r"(?:agenc|newspaper|daily|weekly|broadcaster|website|channel|"
                             r"magazine|tabloid|outlet|wire)", before=24, after=12)


def _described_after(text: str, year: str | None) -> list[Citation]:
    out = []
    for m in finditer_near(DESCRIBED_AFTER_RE, text, _DESCRIBED_ANCHORS):
        lo = max(text.rfind("\n", 0, m.start()) + 1, m.start() - 80)
        name = name_ending_at(text, lo, m.start())
        if name is None or name.end != m.start():
            continue
        # "Japan's NHK broadcaster": NHK; "the Tengri news agency": the article is the agency's
        outlet = re.sub(r"^(?:[\w ]+['’]s\s+|(?:The|the)\s+)", "", name.text)
        if _ROLE_AT_RE.search(text, max(0, name.start - 48), name.start) or _OF_THE_RE.search(
                text, max(0, name.start - 40), name.start):
            continue  # "The proprietor of the independent Ingushetiya.ru website"
        if outlet and not places.is_country(outlet) and is_outlet_name(outlet, True, False):
            start = name.start + len(name.text) - len(outlet)
            out.append(_citation(text, start, m.end(), outlet, 0.75, year))
    return out


def _label_lines(text: str, year: str | None) -> list[Citation]:
    """"Bild: Stasi-Akte Scholz", "EL PAÍS: ...": a review's items, each opening with its
    paper. Three or more such lines make a review; one alone needs a name like a paper's."""
    labels = []
    for m in LABEL_LINE_RE.finditer(text):
        label = m.group("name").strip()
        if re.search(r"\d|\s[–—-]\s", label) or len(label) < 3 or len(label.split()) > 4:
            continue  # "PRESS REVIEW – Tuesday, June 3:" heads the page
        first, _, rest = label.partition(" ")
        if (label[:1].islower() and rest) or (rest[:1].islower() and first in _CAP_ARTICLES):
            continue  # a sentence's words before a colon; "Il titolo più grande:"
        if names.looks_like_person(label) or label.lower() in LABELS:
            continue  # an interview's speaker; "Note:"
        labels.append((m.start("name"), label))
    review = len({label for _, label in labels}) >= 3
    return [_citation(text, start, start + len(label), label, 0.7, year)
            for start, label in labels
            if is_outlet_name(label, strong=review or (label.isupper() and len(label) > 2))]


# "(BBC)", "(La Stampa)": an outlet named alone in parentheses, after what it reported.
ALONE_RE = re.compile(r"\((?P<name>[^()\n,;]{2,40})\)")


def _alone_in_parentheses(text: str, year: str | None) -> list[Citation]:
    out = []
    for m in ALONE_RE.finditer(text):
        name = m.group("name").strip()
        line_start = text.rfind("\n", 0, m.start()) + 1
        if len(text[line_start:m.start()].split()) < 4 or re.match(r"\s*[-–—]", text[m.end():]):
            continue  # "MOSCOW, May 3 (Reuters) -": the page's own wire, not a source
        if name[:1].isupper() and is_outlet_name(name, strong=False):
            out.append(_citation(text, m.start("name"), m.end("name"), name, 0.65, year))
    return out


# "Le Pays rappelle", "La Repubblica, de centroizquierda, habló", "«The Times»": in the
# Romance languages a capitalised article before a capitalised word opens a proper name, and
# a name so made that is the subject of a clause, or set in guillemets, is most often a
# paper's. German is left out: its nouns are capitalised after any article.
ARTICLE_NAME_RE = re.compile(
    rf"(?<![\w’'])(?P<name>(?:Le|La|Les|El|Los|Las|Il|Lo|Gli|O)[ \t]+[{_UPPER}][\w’'.-]+"
    rf"(?:[ \t]+(?:(?:de|del|della|di|du|des|da|do|y|e|et)[ \t]+)?[{_UPPER}][\w’'.-]+){{0,3}}"
    rf"|L[’'][{_UPPER}][\w’'.-]+(?:[ \t]+(?:(?:de|du|des)[ \t]+)?[{_UPPER}][\w’'.-]+){{0,3}})"
    r"(?=[ \t]*,|[ \t]+[a-zà-öø-ÿ])")
GUILLEMET_NAME_RE = re.compile(rf"«[ \u00a0]?(?P<name>(?:The|Le|La|Les|El|Il|Der|Die|Das|L[’'])"
                               rf"[ \t]?[{_UPPER}][^«»\n]{{1,40}}?)[ \u00a0]?»")


def _article_names(text: str, year: str | None) -> list[Citation]:
    out = []
    for pattern in (ARTICLE_NAME_RE, GUILLEMET_NAME_RE):
        for m in pattern.finditer(text):
            name = m.group("name")
            bare = re.sub(r"^(?:\w+[ \t]+|L[’'])", "", name)
            if places.is_country(name) or places.is_country(bare) or len(name.split()) > 5:
                continue
            if is_outlet_name(name, strong=True, institutions=False):
                out.append(_citation(text, m.start("name"), m.end("name"), name, 0.65, year))
    return out


def _disjoint(found: list[Citation]) -> list[Citation]:
    """One citation per stretch of text: where two overlap, the longer one."""
    found.sort(key=lambda c: (c.start, -(c.end - c.start)))
    kept: list[Citation] = []
    for c in found:
        if kept and c.start < kept[-1].end:
            if c.end - c.start > kept[-1].end - kept[-1].start:
                kept[-1] = c
            continue
        kept.append(c)
    return kept


#: Each way a name stands as a source, tried on the whole text.
RULES: tuple[Callable[[str, str | None], list[Citation]], ...] = (
    _by_verbs, _by_leads, _by_medium_words, _label_lines, _capitals, _caps_lines, _source_lines,
    _alone_in_parentheses, _mentions, _possessives, _writers_at, _described_after)
