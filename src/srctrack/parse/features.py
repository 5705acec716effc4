"""Tokens of a reference string and the hand-made features the sequence labeller sees.

A reference is cut at whitespace, as AnyStyle's labelled data is, so every token carries
exactly one label. Each token's features describe its own form (capitals, digits,
punctuation, length, affixes), words it is known to be (month names, "pp.", "vol.", "In:",
"et al.", "eds.", journal and publisher words), identifiers (URL and DOI shapes) and where it
stands: its relative position, inside quotes or brackets, how many sentence ends came before
it, whether a year was already seen. Neighbours' features are copied in with an offset
prefix ("-1:", "+1:") so that the CRF sees a window of five tokens.

Features of a token that do not depend on its place are cached by token text: reference lists
repeat the same words, and a parser of thousands of references a second spends most of its
time here.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from srctrack.parse.dates import MONTH_NUMBER

# Words, lowercased and stripped of edge punctuation, grouped by what they announce.
_LEXICON: dict[str, frozenset[str]] = {
    "pages": frozenset("p pp pg pgs page pages s ss seite seiten str стр с".split()),
    "volume": frozenset("vol vols volume volumes v bd band t tome tomo jg jahrgang "
                        "т том".split()),
    "issue": frozenset("no nos nr num number issue iss n° nº heft fasc suppl supplement "
                       "№ вып".split()),
    "editor": frozenset("ed eds ed. eds. editor editors edited edit hrsg hg hgg coord "
                        "coords dir dirs comp comps red ред".split()),
    "edition": frozenset("edn edition ed aufl auflage éd éd. rev revised 2nd 3rd 4th 5th "
                         "6th 7th 8th 9th 10th 1st".split()),
    "in": frozenset("in in: dans en".split()),
    "etal": frozenset("et al al. et.al etal u.a. ua".split()),
    "and": frozenset("and & und et y e и".split()),
    "trans": frozenset("trans transl translated translator tr übers übersetzt "
                       "trad traducción traduit пер".split()),
    "access": frozenset("retrieved available accessed online access viewed cited "
                        "consulted abgerufen zugegriffen from at".split()),
    "thesis": frozenset("thesis dissertation phd ph.d diss doctoral master's masters "
                        "msc ma habilitation thèse tesi tesis диссертация".split()),
    "report": frozenset("report reports paper papers working technical tech rep memo "
                        "memorandum brief briefing series discussion note notes "
                        "bulletin".split()),
    "journal": frozenset("""
        journal j jour journals review rev revue revista rivista zeitschrift zeitschr
        quarterly annals ann annual bulletin bull letters lett transactions trans
        proceedings proc acta archives arch science sci sciences nature research res
        studies stud magazine newsletter quarterly international int intl american am
        european eur british br medicine med medical clinical clin physics phys chemistry
        chem biology biol society soc association assoc academy acad psychology psychol
        economics econ economic history hist social sociology sociol philosophy philos
        law policy politics political education educ engineering eng computing comput
        mathematics math mathematical applied appl technology technol systems sys
        """.split()),
    "proceedings": frozenset("proceedings proc conference conf symposium symp workshop "
                             "congress meeting colloquium convention icml nips acl "
                             "sigir chi kongress tagung".split()),
    "publisher": frozenset("""
        press publisher publishers publishing publications publication pub pubs books
        verlag editions éditions editorial editora editrice edizioni ed. inc inc. ltd
        ltd. co co. company corp llc gmbh ag sa springer elsevier wiley routledge sage
        pergamon academic blackwell macmillan penguin norton mcgraw-hill harper
        oxford cambridge univ university universität université università universidad
        institute mit acm ieee siam ams kluwer birkhäuser taylor francis palgrave
        brill erlbaum lawrence addison-wesley prentice gruyter suhrkamp gallimard
        seuil fayard mohr beck hanser thieme karger lippincott saunders mosby
        """.split()),
    "place": frozenset("""
        london new york paris berlin cambridge oxford boston chicago amsterdam
        washington princeton philadelphia tokyo leipzig munich münchen frankfurt
        stuttgart wien vienna zürich zurich basel rome roma milan milano madrid
        barcelona lisbon moscow москва beijing toronto montreal sydney melbourne
        heidelberg göttingen hamburg köln cologne bonn dordrecht leiden hague
        haag baltimore berkeley stanford los angeles san francisco diego ithaca
        haven mass ma ny ca nj il tx uk usa us england germany france italy spain
        edinburgh glasgow manchester thousand oaks hoboken amsterdam copenhagen
        stockholm oslo helsinki warsaw warszawa prague praha budapest tübingen
        freiburg mainz bern geneva genève lyon rio janeiro são paulo mexico
        buenos aires santiago bogotá lima delhi mumbai singapore hong kong seoul
        """.split()),
    "genre": frozenset("""
        unpublished manuscript poster presented presentation lecture talk abstract
        preprint arxiv mimeo draft interview film video dvd cd podcast blog tweet
        web website webpage homepage html pdf software dataset patent letter
        """.split()),
    "news": frozenset("""
        times post news herald tribune guardian telegraph journal daily gazette
        reuters afp ap bbc cnn bloomberg economist independent observer chronicle
        mail express standard sun globe star agency tass ria interfax xinhua
        """.split()),
}
_WORD_CLASSES: dict[str, tuple[str, ...]] = {}
for _name, _words in _LEXICON.items():
    for _w in _words:
        _WORD_CLASSES[_w] = (*_WORD_CLASSES.get(_w, ()), _name)
for _m in MONTH_NUMBER:
    _WORD_CLASSES[_m] = (*_WORD_CLASSES.get(_m, ()), "month")

_EDGE = "\"'“”‘’«»„‚()[]{}<>.,;:!?*†‡§"
_OPEN_QUOTES = "\"“‘«„‚'"
_CLOSE_QUOTES = "\"”’»'"
_URL_RE = re.compile(r"(?i)^[<(\[]?(?:https?://|ftp://|www\.|urn:|[\w-]+\.(?:com|org|net|edu|gov"
                     r"|int|info|io|uk|de|fr|ru|eu)(?:/|$))")
_DOI_RE = re.compile(r"(?i)(?:^|doi[:/]|doi\.org/)10\.\d{3,9}/")
_YEAR_RE = re.compile(r"^[(\[]?(1[5-9]\d\d|20[0-4]\d)[a-z]?[)\]]?[.,;:]*$")
_ROMAN_RE = re.compile(r"^(?=[ivxlcdm]+$)m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")
_RANGE_RE = re.compile(r"^[(\[]?[A-Za-z]?\d+[A-Za-z]?\s*[-–—‐‑]+\s*[A-Za-z]?\d+[A-Za-z]?[)\]]?[.,;:]*$")
_VOLISSUE_RE = re.compile(r"^\d+\s*\(\s*[\w/–-]+\s*\)[.,:;]*$")
_INITIALS_RE = re.compile(r"^(?:[^\W\d_]\.[-‐]?){1,4}[,;:]?$|^[A-ZÀ-Þ]{1,3}[,;:.]?$")
_SQUEEZE = re.compile(r"(.)\1+")


_COMPACT_RE = re.compile(r"(?<=\d;)(?=\d)")


def tokenize(text: str) -> list[str]:
    """The reference's tokens: its text cut at whitespace, and Vancouver's compact
    "2010;362(4):1234-40" cut after the year's semicolon."""
    tokens = text.split()
    if ";" not in text:
        return tokens
    return [part for token in tokens for part in _COMPACT_RE.split(token)]


def _shape(token: str) -> str:
    shape = "".join(("A" if c.isupper() else "a" if c.isalpha() else "9" if c.isdigit() else c)
                    for c in token)
    return _SQUEEZE.sub(r"\1", shape)[:8]


def _caps(word: str) -> str:
    letters = [c for c in word if c.isalpha()]
    if not letters:
        return "none"
    if all(c.isupper() for c in letters):
        return "upper" if len(letters) > 1 else "single"
    if letters[0].isupper():
        return "mixed" if any(c.isupper() for c in letters[1:]) else "title"
    return "lower"


def _bucket(n: int) -> str:
    return str(n) if n < 4 else "4-6" if n < 7 else "7+"


@lru_cache(maxsize=65536)
def token_features(token: str) -> tuple[str, ...]:
    """Features of a token that depend on its text alone."""
    word = token.strip(_EDGE)
    low = word.lower()
    fold = "".join(c for c in unicodedata.normalize("NFKD", low) if not unicodedata.combining(c))
    f = [f"w={fold}" if fold else "w=<punct>", f"sh={_shape(token)}", f"caps={_caps(word)}",
         f"len={_bucket(len(word))}", f"last={token[-1]}", f"first={token[0]}"]
    if len(word) > 2:
        f += [f"p2={fold[:2]}", f"p3={fold[:3]}", f"s2={fold[-2:]}", f"s3={fold[-3:]}"]
    if len(token) > 1:
        f.append(f"last2={token[-2:]}")
    for key in {low, low.rstrip("."), fold}:
        for cls in _WORD_CLASSES.get(key, ()):
            f.append(f"dict={cls}")
    if _URL_RE.search(token):
        f.append("url")
    if _DOI_RE.search(token) or low.startswith("doi"):
        f.append("doi")
    if low.startswith(("isbn", "issn")):
        f.append("isbn")
    if _YEAR_RE.match(token):
        f.append("year")
    elif _RANGE_RE.match(token):
        f.append("range")
    elif _VOLISSUE_RE.match(token):
        f.append("volissue")
    digits = sum(c.isdigit() for c in token)
    if digits:
        f.append("digits=all" if digits == len(word) else "digits=some")
        f.append(f"ndigits={_bucket(digits)}")
    if _ROMAN_RE.match(low) and low:
        f.append("roman")
    if _INITIALS_RE.match(word + token[len(word):] if word else token):
        f.append("initial")
    if token[0] in _OPEN_QUOTES:
        f.append("oquote")
    if token[-1] in _CLOSE_QUOTES or token.rstrip(".,;:")[-1:] in _CLOSE_QUOTES:
        f.append("cquote")
    if token[0] in "([":
        f.append("oparen")
    if token.rstrip(".,;:")[-1:] in ")]":
        f.append("cparen")
    if re.search(r"[.!?][\"”’)\]]?$", token) and not f.count("initial"):
        f.append("stop")
    if "-" in word or "–" in word:
        f.append("hyphen")
    if token.endswith(":") or token.endswith(":,"):
        f.append("colon")
    return tuple(f)


# The token features copied to the neighbours' window, by prefix.
_WINDOW_KEYS = ("w=", "sh=", "caps=", "last=", "dict=", "year", "initial", "stop", "url",
                "range", "oquote", "cquote", "oparen", "cparen", "colon")


@lru_cache(maxsize=65536)
def _window_features(token: str) -> tuple[str, ...]:
    return tuple(f for f in token_features(token) if f.startswith(_WINDOW_KEYS))


def sequence_features(tokens: list[str]) -> list[list[str]]:
    """The features of every token of one reference, neighbours and position included."""
    n = len(tokens)
    base = [token_features(t) for t in tokens]
    window = [_window_features(t) for t in tokens]
    out: list[list[str]] = []
    in_quote = in_paren = False
    stops = 0
    year_seen = False
    for i, token in enumerate(tokens):
        feats = ["bias", f"pos={10 * i // n}", f"stops={min(stops, 5)}", *base[i]]
        if i == 0:
            feats.append("BOS")
        if i == n - 1:
            feats.append("EOS")
        if token[0] in _OPEN_QUOTES and len(token) > 1:
            in_quote = True
        if token[0] in "([":
            in_paren = True
        if in_quote:
            feats.append("inquote")
        if in_paren:
            feats.append("inparen")
        if year_seen:
            feats.append("yearseen")
        for offset in (-2, -1, 1, 2):
            j = i + offset
            if 0 <= j < n:
                prefix = f"{offset:+d}:"
                feats.extend(prefix + x for x in window[j])
            elif offset in (-1, 1):
                feats.append(f"{offset:+d}:none")
        if i > 0:
            feats.append(f"bigram={base[i - 1][0]}|{base[i][0]}")
        out.append(feats)
        if "cquote" in base[i]:
            in_quote = False
        if "cparen" in base[i]:
            in_paren = False
        if "stop" in base[i] or token.endswith((".", ":")):
            stops += 1
        if "year" in base[i]:
            year_seen = True
    return out
