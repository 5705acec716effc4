"""Tokens of a reference string and the hand-made features the sequence labeller sees.

A reference is cut at whitespace, as AnyStyle's labelled data is, so every token carries
exactly one label. Each token's features describe its own form (capitals, digits,
punctuation, length, affixes), words it is known to be (month names, "pp.", "vol.", "In:",
"et al.", "eds.", journal and publisher words), identifiers (URL and DOI shapes) and where it
stands: its relative position, inside quotes or brackets, how many sentence ends came before
it, whether a year was already seen. Neighbours' features are copied in with an offset
prefix ("-1:", "+1:") so that the CRF sees a window of five tokens.

Features of a token that do not depend on its place are cached by token text (token_info):
reference lists repeat the same words, and a parser of thousands of references a second
spends most of its time here.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

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
for _name, _words in sorted(_LEXICON.items()):
    for _w in sorted(_words):
        _WORD_CLASSES[_w] = (*_WORD_CLASSES.get(_w, ()), _name)
for _m in sorted(MONTH_NUMBER):
    _WORD_CLASSES[_m] = (*_WORD_CLASSES.get(_m, ()), "month")

_EDGE = "\"'“”‘’«»„‚()[]{}<>.,;:!?*†‡§"
_OPEN_QUOTES = "\"“‘«„‚'"
_CLOSE_QUOTES = "\"”’»'"
_URL_RE = re.compile(r"(?i)^[<(\[]?(?:https?://|ftp://|www\.|urn:|[\w-]+\.(?:com|org|net|edu|gov"
                     r"|int|info|io|uk|de|fr|ru|eu)(?:/|$))")
_DOI_RE = re.compile(r"(?i)(?:^|doi[:/]|doi\.org/)10\.\d{3,9}/")
_YEAR_RE = re.compile(r"^[(\[]?(1[5-9]\d\d|20[0-4]\d)[a-z]?[)\]]?[.,;:]*$")
_ROMAN_CHARS = frozenset("ivxlcdm")
_ROMAN_RE = re.compile(r"^(?=[ivxlcdm]+$)m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")
_RANGE_RE = re.compile(
    r"^[(\[]?[A-Za-z]?\d+[A-Za-z]?\s*[-–—‐‑]+\s*[A-Za-z]?\d+[A-Za-z]?[)\]]?[.,;:]*$")
_VOLISSUE_RE = re.compile(r"^\d+\s*\(\s*[\w/–-]+\s*\)[.,:;]*$")
_INITIALS_RE = re.compile(r"^(?:[^\W\d_]\.[-‐]?){1,4}[,;:]?$|^[A-ZÀ-Þ]{1,3}[,;:.]?$")


_COMPACT_RE = re.compile(r"(?<=\d;)(?=\d)")
_GLUED_NUMBER_RE = re.compile(r"^\[\d{1,3}\][^\W\d_]")


def tokenize(text: str) -> list[str]:
    """The reference's tokens: its text cut at whitespace, Vancouver's compact
    "2010;362(4):1234-40" cut after the year's semicolon, and a citation number run into
    the first name ("[29]Hunter") cut off it."""
    tokens = text.split()
    if ";" in text:
        tokens = [part for token in tokens for part in _COMPACT_RE.split(token)]
    if tokens and _GLUED_NUMBER_RE.match(tokens[0]):
        number, _, rest = tokens[0].partition("]")
        tokens[0:1] = [number + "]", rest]
    return tokens


_NO_DIGITS = str.maketrans(dict.fromkeys("0123456789"))
_SHAPE_TABLE = str.maketrans({**dict.fromkeys("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "A"),
                              **dict.fromkeys("abcdefghijklmnopqrstuvwxyz", "a"),
                              **dict.fromkeys("0123456789", "9")})


def _shape(token: str) -> str:
    shape = token.translate(_SHAPE_TABLE)
    if not shape.isascii():
        shape = "".join("A" if c.isupper() else "a" if c.isalpha() else "9" if c.isdigit()
                        else c for c in shape)
    out = shape[:1]
    for c in shape:
        if c != out[-1]:
            out += c
            if len(out) == 8:
                break
    return out


def _caps(word: str) -> str:
    if word.isupper():
        return "upper" if sum(c.isalpha() for c in word) > 1 else "single"
    if word[:1].isupper():
        rest = word[1:]
        return "mixed" if rest != rest.lower() else "title"
    return "lower" if word != word.upper() else "none"


def _bucket(n: int) -> str:
    return str(n) if n < 4 else "4-6" if n < 7 else "7+"


_known: frozenset[str] | None = None


def restrict_to(attributes: frozenset[str] | None) -> None:
    """Give the features a model has weights for (None: all of them). The labeller's
    result is the same either way; features it has no weight for only cost time."""
    global _known
    _known = attributes
    token_info.cache_clear()
    _views.cache_clear()


@lru_cache(maxsize=65536)
def _views(feature: str) -> tuple[str | None, ...]:
    """A feature as the tokens two and one after it, and one and two before it, see it
    ("-2:w=smith" ... "+2:w=smith"); None for a view the model has no weight for."""
    views = ("-2:" + feature, "-1:" + feature, "+1:" + feature, "+2:" + feature)
    return views if _known is None else tuple(v if v in _known else None for v in views)


class TokenInfo(NamedTuple):
    """What sequence_features needs of one token, computed once per distinct token."""

    word: str  # its word feature, "w=smith", of which bigrams are made
    own: tuple[str, ...]  # every feature of the token itself
    # what the tokens after it (two, one) and before it (one, two) see of it
    seen_2_after: tuple[str, ...]
    seen_1_after: tuple[str, ...]
    seen_1_before: tuple[str, ...]
    seen_2_before: tuple[str, ...]
    opens_quote: bool
    opens_paren: bool
    closes_quote: bool
    closes_paren: bool
    stop: bool
    year: bool


class _Found:
    """A token's features as they are gathered, by how far they are seen: `far` two tokens
    away, `near` by the next neighbours too, `own` by the token alone."""

    __slots__ = ("far", "near", "own")

    def __init__(self, fold: str, word: str) -> None:
        self.far = [f"w={fold}" if fold else "w=<punct>", f"caps={_caps(word)}"]
        self.near: list[str] = []
        self.own = [f"len={_bucket(len(word))}"]


def _folded(low: str) -> str:
    """A lowercased word without its accents: "università" -> "universita"."""
    if low.isascii():
        return low
    return "".join(c for c in unicodedata.normalize("NFKD", low) if not unicodedata.combining(c))


def _form(found: _Found, token: str, word: str, fold: str) -> None:
    """Shape, last and first character, prefix and suffix."""
    found.near += [f"sh={_shape(token)}", f"last={token[-1]}"]
    found.own.append(f"first={token[0]}")
    if len(word) > 2:
        found.own += [f"p3={fold[:3]}", f"s3={fold[-3:]}"]


def _known_words(found: _Found, low: str, fold: str) -> None:
    """The lexicon's classes of the word: month, journal word, publisher word ..."""
    for key in dict.fromkeys((low, low.rstrip("."), fold)):  # in order: the model is stable
        for cls in _WORD_CLASSES.get(key, ()):
            found.near.append(f"dict={cls}")


def _identifiers(found: _Found, token: str, low: str) -> None:
    """URL, DOI, ISBN and ISSN shapes."""
    if "." in token or "/" in token or ":" in token:
        if _URL_RE.search(token):
            found.near.append("url")
        if _DOI_RE.search(token) or low.startswith("doi"):
            found.own.append("doi")
    if low.startswith(("isbn", "issn")):
        found.own.append("isbn")


def _numbers(found: _Found, token: str, word: str, low: str) -> bool:
    """Years, page ranges, "6(1)", digit counts, roman numerals; True for a year."""
    digits = len(token) - len(token.translate(_NO_DIGITS))
    if not digits:
        if low and set(low) <= _ROMAN_CHARS and _ROMAN_RE.match(low):
            found.own.append("roman")
        return False
    year = False
    if _YEAR_RE.match(token):
        found.far.append("year")
        year = True
    elif _RANGE_RE.match(token):
        found.near.append("range")
    elif _VOLISSUE_RE.match(token):
        found.own.append("volissue")
    found.own.append("digits=all" if digits == len(word) else "digits=some")
    found.own.append(f"ndigits={_bucket(digits)}")
    return year


class _Marks(NamedTuple):
    initial: bool
    closes_quote: bool
    closes_paren: bool
    stop: bool


def _punctuation(found: _Found, token: str, word: str) -> _Marks:
    """Initials, quotation marks and brackets, sentence ends, hyphens and colons."""
    initial = bool(_INITIALS_RE.match(word + token[len(word):] if word else token))
    if initial:
        found.near.append("initial")
    bare = token.rstrip(".,;:")
    closes_quote = token[-1] in _CLOSE_QUOTES or bare[-1:] in _CLOSE_QUOTES
    closes_paren = bare[-1:] in ")]"
    for flag, name in ((token[0] in _OPEN_QUOTES, "oquote"), (closes_quote, "cquote"),
                       (token[0] in "([", "oparen"), (closes_paren, "cparen")):
        if flag:
            found.near.append(name)
    stop = not initial and token.rstrip("\"”’)]").endswith((".", "!", "?"))
    if stop:
        found.far.append("stop")
    if "-" in word or "–" in word:
        found.own.append("hyphen")
    if token.endswith((":", ":,")):
        found.near.append("colon")
    return _Marks(initial, closes_quote, closes_paren, stop)


@lru_cache(maxsize=65536)
def token_info(token: str) -> TokenInfo:
    """The features of a token that depend on its text alone, its neighbours' view of them,
    and the flags that carry state along the sequence."""
    word = token.strip(_EDGE)
    low = word.lower()
    fold = _folded(low)
    found = _Found(fold, word)
    _form(found, token, word, fold)
    _known_words(found, low, fold)
    _identifiers(found, token, low)
    year = _numbers(found, token, word, low)
    marks = _punctuation(found, token, word)
    return _info(found, token, marks, year)


def _info(found: _Found, token: str, marks: _Marks, year: bool) -> TokenInfo:
    """The TokenInfo of the features found, with the views the neighbours have of them."""
    far, near = found.far, found.near
    far_views = [_views(f) for f in far]
    all_views = far_views + [_views(f) for f in near]
    own = far + near + found.own
    if _known is not None:  # what the model has no weight for changes no label
        own = [f for f in own if f in _known]
    return TokenInfo(far[0], tuple(own),
                     tuple(v[0] for v in far_views if v[0]),
                     tuple(v[1] for v in all_views if v[1]),
                     tuple(v[2] for v in all_views if v[2]),
                     tuple(v[3] for v in far_views if v[3]),
                     token[0] in _OPEN_QUOTES and len(token) > 1, token[0] in "([",
                     marks.closes_quote, marks.closes_paren,
                     marks.stop or token.endswith((".", ":")), year)


_POS = tuple(f"pos={k}" for k in range(10))
_STOPS = tuple(f"stops={k}" for k in range(6))


def sequence_features(tokens: list[str]) -> list[list[str]]:
    """The features of every token of one reference, neighbours and position included."""
    n = len(tokens)
    info = [token_info(t) for t in tokens]
    out: list[list[str]] = []
    in_quote = in_paren = year_seen = False
    stops = 0
    for i, t in enumerate(info):
        feats = ["bias", _POS[10 * i // n], _STOPS[min(stops, 5)]]
        feats += t.own
        in_quote = in_quote or t.opens_quote
        in_paren = in_paren or t.opens_paren
        if in_quote:
            feats.append("inquote")
        if in_paren:
            feats.append("inparen")
        if year_seen:
            feats.append("yearseen")
        if i == 0:
            feats += ("BOS", "-1:none")
        else:
            bigram = "bigram=" + info[i - 1].word + "|" + t.word
            if _known is None or bigram in _known:
                feats.append(bigram)
            feats += info[i - 1].seen_1_after
            if i > 1:
                feats += info[i - 2].seen_2_after
        if i == n - 1:
            feats += ("EOS", "+1:none")
        else:
            feats += info[i + 1].seen_1_before
            if i + 2 < n:
                feats += info[i + 2].seen_2_before
        out.append(feats)
        in_quote = in_quote and not t.closes_quote
        in_paren = in_paren and not t.closes_paren
        stops += t.stop
        year_seen = year_seen or t.year
    return out
