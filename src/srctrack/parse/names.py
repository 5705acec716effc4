"""People told from organisations, and people's names split into family and given.

nameparser does the splitting (particles such as "van der" and "de", suffixes, "Family,
Given" order); this module decides whether a string names a person at all.
"""

from __future__ import annotations

import re
from functools import lru_cache

from srctrack.model import Creator
from srctrack.parse import outlets

# Words that make a name an organisation's: institutions, media, government.
ORG_WORDS = frozenset("""
academy administration agency alliance analyst association asia assembly authority bank board
broadcasting bureau business center centre chamber channel club coalition college commission
committee company congress corporation council court daily department digest directorate
europe european federation forum foundation fund gazette government group guardian herald
inc index initiative institute institution international journal league library limited ltd
magazine media ministry monitor movement museum nations network news newspaper observatory
observer office organisation organization parliament partnership party post press program
programme project quarterly radio report review school service society studies survey
telegraph television times tribune trust tv union university watch weekly world
""".split())
PARTICLES = frozenset("""
van von der den de del della di da dos das du la le al el bin ibn ben ter ten zu af av
""".split())
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
        if low in PARTICLES or low.startswith(("al-", "el-", "d'", "o'")):
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
    return Creator.person(family=family, given=given or None)


def creator(name: str) -> Creator:
    """A Creator for a name of unknown kind: a person when it looks like one."""
    name = " ".join(name.split()).strip(" ,;.")
    if looks_like_person(name):
        return person(name)
    return Creator.organisation(name)
