"""People told from organisations, and people's names split into family and given.

nameparser does the splitting (particles such as "van der" and "de", suffixes, "Family,
Given" order); this module decides whether a string names a person at all.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from importlib import resources

from srctrack.model import Creator
from srctrack.parse import outlets

# Words that make a name an organisation's: institutions, media, government.
ORG_WORDS = frozenset("""
academy administration agency alliance analyst association asia assembly authority bank board
broadcasting bureau business center centre chamber channel club coalition college commission
committee company congress corporation council court daily department digest directorate
europe european consortium federation forum foundation fund gazette government group guardian herald
inc index initiative institute institution international journal league library limited ltd
magazine media ministry brief barometer borders monitor movement museum nations network
news newspaper observatory
observer office organisation organization parliament partnership party post press program
programme project quarterly radio report review school service society studies survey
telegraph television times tribune trust tv union university watch weekly world
institut instituts instituto istituto stiftung zeitung agentur verband fondation fundación
fondazione banque banco banca agence agencia agenzia observatoire observatorio osservatorio
conseil consejo consiglio rundfunk universität université universidad università
""".split())
PARTICLES = frozenset("""
van von der den de del della di da dos das du la le al el bin ibn ben ter ten zu af av
""".split())
_JOINED_PARTICLE_RE = re.compile(r"(?:al-|el-|d'|o')", re.IGNORECASE)
_WORD_RE = re.compile(r"[^\W\d_][\w'’.-]*", re.UNICODE)


def _is_initial(token: str) -> bool:
    return bool(re.fullmatch(r"(?:[^\W\d_]\.-?){1,3}|[^\W\d_]", token))


def looks_like_person(name: str) -> bool:
    """True for "Johan Engvall", "J. R. Smith", "Ursula von der Leyen"; False for
    "CABAR Asia", "Human Rights Watch", "Euractiv", "the first deputy head"."""
    name = name.strip()
    if not name or any(ch.isdigit() for ch in name) or len(name) > 60:
        return False
    if outlets.lookup(name) is not None:
        return False
    tokens = name.replace(",", " ").split()
    if not 2 <= len(tokens) <= 5:
        return False
    capitalised = 0
    for token in tokens:
        bare = token.strip(".'’")
        low = bare.lower()
        if low in ORG_WORDS:
            return False
        if low in PARTICLES and bare.islower():
            continue
        joined = _JOINED_PARTICLE_RE.match(bare)
        if joined:
            # "al-Turabi", "O'Brien": a family name with its particle joined on
            capitalised += bare[joined.end():][:1].isupper()
            continue
        if _is_initial(token):
            capitalised += 1
            continue
        if not bare[:1].isupper():
            return False
        # An acronym ("CABAR", "BBC") is an organisation's mark, not a person's name.
        if len(bare) > 1 and bare.isupper():
            return False
        capitalised += 1
    return capitalised >= 2


@lru_cache(maxsize=4096)
def person(name: str) -> Creator:
    """Split a person's name into family and given parts."""
    from nameparser import HumanName

    parsed = HumanName(name.strip())
    family = " ".join(p for p in (parsed.last,) if p).strip()
    given = " ".join(p for p in (parsed.first, parsed.middle) if p).strip()
    if not family:
        family, given = name.strip(), ""
    # nameparser leaves a capitalised particle with the given names ("Rania El Amrani"):
    # the particle belongs to the family name, as "de Gaulle" and "Di Stefano" do.
    given_words = given.split()
    while len(given_words) > 1 and given_words[-1].lower() in PARTICLES:
        family = f"{given_words.pop()} {family}"
    return Creator.person(family=family, given=" ".join(given_words) or None)


def creator(name: str) -> Creator:
    """A Creator for a name of unknown kind: a person when it looks like one."""
    name = " ".join(name.split()).strip(" ,;.")
    if looks_like_person(name):
        return person(name)
    return Creator.organisation(name)


@cache
def given_names() -> frozenset[str]:
    """Common given names in the languages srctrack reads (data/given_names.txt)."""
    raw = resources.files("srctrack.data").joinpath("given_names.txt").read_text("utf-8")
    return frozenset(word for line in raw.splitlines() if not line.startswith("#")
                     for word in line.split())


def starts_with_given_name(name: str) -> bool:
    """True when a name opens with a known given name or an initial: strong evidence of a
    person where the shape alone is ambiguous ("Nasha Niva", "Carbon Brief")."""
    tokens = name.split()
    if not tokens:
        return False
    first = tokens[0]
    if _is_initial(first):
        return True
    return first.lower().split("-")[0] in given_names()


def known_person(name: str) -> bool:
    """A person's name that opens with a known given name or an initial: where a name's
    place does not say person or outlet, its shape and the given-name list must."""
    return looks_like_person(name) and starts_with_given_name(name)


# Between two authors: "and", "&", and the same word in the other languages; or a comma.
AUTHOR_JOINERS = ("and", "&", "et", "und", "e", "y", "и")


def split_authors(text: str) -> tuple[Creator, ...]:
    """Creators of "Michael Kofman and Rob Lee", "Balié, J., Valera, H. G., & Pede, V. O.",
    "Wood, Alex J., Mark Graham, and Isis Hjorth", "Datoo et al.", "World Bank": the one
    name splitter, srctrack.parse.creators.split_creators, under the name extraction
    knows it by."""
    from srctrack.parse.creators import split_creators

    return split_creators(text)
