"""Author and editor lists as reference strings print them, split into people and
organisations: "Romero, C., Paunesku, D., & Dweck, C.", "Pérez-Higueras JJ, Arias A",
"S. E. Han, G. Chen", "Lee, L. L., W. E. Howard, and R. E. Marsh", "World Health Organization".

Commas both separate names and stand between a family and a given name; which one a comma is
follows from what stands on either side (initials, a lone surname, a whole name).
srctrack.parse.names gives the words that mark an organisation and the particles of family
names. A name in natural order ("Mark Johnson") is split here rather than by nameparser
(names.person), which takes some two milliseconds a name: a reference list of thousands of
names a second cannot wait for it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from srctrack.model import Creator
from srctrack.parse import outlets
from srctrack.parse.names import ORG_WORDS, PARTICLES, starts_with_given_name

_ET_AL_RE = re.compile(r"[,;]?\s*(?:\[?\bet\.?\s?al\b\.?\]?|\bu\.\s?a\.|\band others\b)", re.I)
_ROLE_RE = re.compile(
    r"[\[(]\s*(?:eds?|éds?|editors?|hrsgs?|hgg?|coords?|dirs?|comps?|trans|transl|red|ред)\.?\s*[\])]"
    r"|^(?:in:?|by|edited\s+by|ed\.\s+by|eds?\.|hrsg\.(?:\s+von)?|hg\.|trans\.(?:\s+by)?"
    r"|translated\s+by|dir\.)\s+"
    r"|,?\s*\b(?:eds?|éds?|editors?|hrsgs?|hgg?|coords?|dirs?|comps?|trans|transl)\b\.?[,:;]?\s*$",
    re.I)
# Any word _ET_AL_RE or _ROLE_RE could remove: most lists have none.
_MARKS_RE = re.compile(r"(?i)\b(?:et|u\.|others|eds?|éds?|editors?|edited|hrsgs?|hgg?|coords?|dirs?"
                       r"|comps?|trans|transl|translated|red|ред|in|by)\b")
_AND_RE = re.compile(r"\s*(?:&|\band\b|\bund\b|\bet\b|\by\b|\bи\b|\bwith\b)\s*")
_CAPS_INITIALS_RE = re.compile(r"[A-ZÀ-ÞА-Я]{2,3}")
_WORDS_RE = re.compile(r"[^\W\d_]+")
_LIST_SPLIT_RE = re.compile(r"[,;&]|\band\b")
_GIVEN_PARTICLES = frozenset({"ben", "bin", "ibn", "al", "el"})  # also given names: "Ben"
_TITLES = frozenset("dr dr. prof prof. mr mr. mrs mrs. ms ms. sir dame".split())
_SUFFIXES = frozenset("jr jr. sr sr. ii iii iv 2nd 3rd".split())
_INITIAL_TOKEN = re.compile(
    r"^(?:[^\W\d_]{1,2}\.[-‐]?)+[^\W\d_]?\.?$|^[^\W\d_]\.?$|^[A-ZÀ-ÞА-Я]{2,3}$")


@lru_cache(maxsize=8192)
def _is_initial_token(token: str) -> bool:
    token = token.strip("()[],;:")
    if not token:
        return False
    if _CAPS_INITIALS_RE.fullmatch(token):
        return True  # Vancouver's "JJ", "ML": initials written together without stops
    return bool(_INITIAL_TOKEN.match(token)) and token[:1].isupper()


@lru_cache(maxsize=8192)
def _initials_only(part: str) -> bool:
    tokens = [t for t in part.split() if t.lower().strip(".") not in _SUFFIXES]
    return bool(tokens) and all(_is_initial_token(t) for t in tokens)


def _given_like(part: str) -> bool:
    """A given name as written after "Family,": "C.", "J. R.", "Nicholson B.", "Chester"."""
    tokens = part.split()
    if not 1 <= len(tokens) <= 4:
        return False
    if _initials_only(part):
        return True
    if _is_initial_token(tokens[0]) and not _is_initial_token(tokens[-1]):
        return False  # "W. E. Howard" is a whole name, not a given one
    return tokens[0][:1].isupper() and all(
        (t[:1].isupper() or particle(t)) and t.strip(".").replace("-", "").isalpha()
        for t in tokens)


def particle(token: str) -> bool:
    """ "van", "de", "Di"; not Vancouver's initials "DE" or "AL"."""
    return token.lower() in PARTICLES and not (token.isupper() and len(token) > 1)


def _surname_like(part: str) -> bool:
    """A family name alone: one word, or particles and one word ("Di Michele", "van Dijk")."""
    tokens = part.split()
    if not tokens or any(_is_initial_token(t) and len(t.strip(".")) < 2 for t in tokens):
        return False
    core = [t for t in tokens if not particle(t)]
    return len(core) == 1 and not any(ch.isdigit() for ch in part)


def _full_name(part: str) -> Creator:
    tokens = [t.strip("()[]") for t in part.split()]
    tokens = [t for t in tokens if t]
    suffix = [t for t in tokens if t.lower().strip(".") in _SUFFIXES]
    tokens = [t for t in tokens if t not in suffix]
    if len(tokens) >= 2:
        lead = 0
        while lead < len(tokens) and _is_initial_token(tokens[lead]):
            lead += 1
        trail = len(tokens)
        while trail > 0 and _is_initial_token(tokens[trail - 1]):
            trail -= 1
        if 0 < lead < len(tokens) and "." in tokens[0]:  # "J. R. Smith", "H. Fischer"
            return Creator.person(" ".join(tokens[lead:]), " ".join(tokens[:lead]))
        if 0 < trail < len(tokens):  # "Daugherty CK", "Heidegger M.", "DE HEERING A."
            return Creator.person(" ".join(tokens[:trail]), " ".join(tokens[trail:]))
        if 0 < lead < len(tokens):  # "DA Alexander"
            return Creator.person(" ".join(tokens[lead:]), " ".join(tokens[:lead]))
        caps = [t.isupper() and len(t) > 3 and t.isalpha() for t in tokens]
        if 0 < sum(caps) < len(tokens) and (caps[0] or caps[-1]):  # "KAHAN Marcel"
            family = [t for t, c in zip(tokens, caps, strict=True) if c]
            given = [t for t, c in zip(tokens, caps, strict=True) if not c]
            return Creator.person(" ".join(family), " ".join(given))
    return _natural_order(tokens) if tokens else Creator.organisation(part)


def _natural_order(tokens: list[str]) -> Creator:
    """ "Mark Johnson", "Ursula von der Leyen", "Prof. Mary Beard": given names first, the
    family name last with any particles before it."""
    tokens = [t for t in tokens if t.lower() not in _TITLES] or tokens
    if len(tokens) == 1:
        return Creator.person(tokens[0])
    start = len(tokens) - 1
    while start > 1 and particle(tokens[start - 1]):
        start -= 1
    if start == 1 and particle(tokens[0]) and tokens[0].lower() not in _GIVEN_PARTICLES:
        # "van der Berg", "De Stefano"; "Ben Hodges" is Ben's
        start = 0
    return Creator.person(" ".join(tokens[start:]), " ".join(tokens[:start]))


@lru_cache(maxsize=8192)
def _is_organisation(text: str) -> bool:
    words = _WORDS_RE.findall(text.lower())
    if any(w in ORG_WORDS for w in words):
        return True
    return len(words) <= 8 and "," not in text and outlet(text) is not None


# The gazetteer, asked once per distinct name.
outlet = lru_cache(maxsize=8192)(outlets.lookup)


def et_al(text: str) -> bool:
    """True when an author list ends in "et al." (or "u. a.", "and others", "и др."): the
    list is cut short, which a bibliography should say rather than forget."""
    return bool(_ET_AL_RE.search(text))


def split_creators(text: str) -> tuple[Creator, ...]:
    """The people and organisations of an author or editor list, in order.

    Reads "Romero, C., Paunesku, D., & Dweck, C.", "Pérez-Higueras JJ, Arias A", "S. E. Han,
    G. Chen", "Lee, L. L., W. E. Howard, and R. E. Marsh", "Wu, H.; Hu, L. B." and
    "World Health Organization"; drops "et al." (see et_al) and editor marks such as
    "(Eds.)". Vancouver's run-together initials are spelled out: "Daugherty CK" is family
    "Daugherty", given "C. K.".
    """
    text = _strip_marks(" ".join(text.split()))
    if not text or not any(c.isalpha() for c in text):
        return (Creator.organisation(text),) if text else ()
    if _whole_organisation(text):
        return (Creator.organisation(text.rstrip(".")),)
    groups = [g for g in text.split(";") if g.strip(" .,")] if ";" in text else [text]
    out: list[Creator] = []
    for group in groups:
        _read_group(_parts(group), out)
    return tuple(_spell_initials(c) for c in out)


def _strip_marks(text: str) -> str:
    """The list without "et al.", role marks ("(Eds.)", "edited by") and closing stops."""
    if _MARKS_RE.search(text):
        text = _ET_AL_RE.sub("", text)
        for _ in range(2):
            text = _ROLE_RE.sub(" ", text).strip(" ,;:")
    text = text.strip(" ,;:")
    if text.endswith(".") and not _is_initial_token(text.split()[-1].split(",")[-1]):
        text = text.rstrip(". ,;:")
    return text


def _whole_organisation(text: str) -> bool:
    """One organisation's name, not a list of people that mentions one."""
    return _is_organisation(text) and not any(
        _initials_only(p) or (_full_name_with_initials(p) and not _is_organisation(p))
        for p in _LIST_SPLIT_RE.split(text))


def _trim(part: str) -> str:
    """A part without its edge punctuation; an initial keeps its stop ("Smith, J.")."""
    part = part.strip(" ,:")
    last = part.split()[-1] if part.split() else ""
    if _initials_only(part) or (_is_initial_token(last) and "." in last
                                and last.lower().strip(".") not in _SUFFIXES):
        return part
    return part.strip(" .,:")


def _parts(group: str) -> list[tuple[str, bool]]:
    """The comma- and "and"-separated parts of a group, each with whether a comma (rather
    than "and" or "&") came after it: only a comma stands between a family and a given
    name."""
    out: list[tuple[str, bool]] = []
    for chunk in _AND_RE.split(group):
        pieces = chunk.split(",")
        for k, piece in enumerate(pieces):
            part = _trim(piece)
            if part:
                out.append((part, k < len(pieces) - 1))
    return out


def _read_group(parts: list[tuple[str, bool]], out: list[Creator]) -> None:
    i = 0
    while i < len(parts):
        part, comma = parts[i]
        nxt = parts[i + 1][0] if i + 1 < len(parts) else None
        if part.lower().strip(".") in _SUFFIXES:
            i += 1
        elif nxt is not None and comma and (_family_then_given(part, nxt) or (
                not out and _inverted_first(part, nxt))):
            out.append(_inverted(part, nxt))
            i += 2
        else:
            _one_name(part, out)
            i += 1


def _family_then_given(part: str, nxt: str) -> bool:
    """ "Romero" before "C.", "Lakoff" before "George": one person, family name first."""
    if _initials_only(part):
        return False
    return (_initials_only(nxt) and not _full_name_with_initials(part)) or (
        _surname_like(part) and _given_like(nxt))


def _inverted_first(part: str, nxt: str) -> bool:
    """Chicago inverts the first author's name alone, a compound family name included:
    "Rodríguez Fernández, María Luz": a known given name after the comma."""
    words = part.split()
    return 1 <= len(words) <= 3 and all(w[:1].isupper() or particle(w) for w in words) \
        and not any(_is_initial_token(w) for w in words) \
        and not starts_with_given_name(part) and _given_like(nxt) \
        and starts_with_given_name(_unaccented(nxt)) and not _is_organisation(part)


def _unaccented(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(c))


def _inverted(part: str, given: str) -> Creator:
    """ "Blyth Jr." and "C." make family "Blyth", given "C. Jr."."""
    family = part.split()
    suffix = [t for t in family[1:] if t.lower().strip(".") in _SUFFIXES]
    family = [t for t in family if t not in suffix]
    suffix = [t + "." if t.lower() in ("jr", "sr") else t for t in suffix]
    return Creator.person(" ".join(family), " ".join([given, *suffix]))


def _one_name(part: str, out: list[Creator]) -> None:
    """A part that is a name by itself, or the initials of the family name before it."""
    if _initials_only(part) and out and not out[-1].is_organisation and not out[-1].given:
        last = out.pop()
        out.append(Creator.person(last.family or "", part))
    elif _is_organisation(part):
        out.append(Creator.organisation(part))
    else:
        out.append(_full_name(part))


_RUN_INITIALS_RE = re.compile(r"^[A-ZÀ-ÞА-Я]{1,3}\.?$")


def _spell_initials(creator: Creator) -> Creator:
    """Vancouver's "CK" and a bare "A" as "C. K." and "A.", as other styles write them."""
    given = creator.given
    if not given or creator.literal is not None:
        return creator
    words = given.split()
    if not any(_RUN_INITIALS_RE.match(w) for w in words) or not all(
            _RUN_INITIALS_RE.match(w) or _is_initial_token(w) for w in words):
        return creator
    spelled = " ".join(" ".join(c + "." for c in w.rstrip(".")) if _RUN_INITIALS_RE.match(w)
                       else w for w in words)
    return Creator.person(creator.family or "", spelled)


def _full_name_with_initials(part: str) -> bool:
    """ "Daugherty CK", "J. Smith": a name already whole, so a following "AB" is another's."""
    tokens = part.split()
    return len(tokens) >= 2 and (_is_initial_token(tokens[0]) or _is_initial_token(tokens[-1]))
