"""The outlet gazetteer: canonical names, aliases, abbreviations and web domains of news
outlets, think tanks and journals, shipped as data in srctrack/data/outlets.json
(built by scripts/make_outlets.py).

The gazetteer names canonical forms; extraction must find outlets it does not know. Setting
SRCTRACK_NO_GAZETTEER=1 empties it, so that what extraction finds without it can be measured.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class Outlet:
    name: str
    kind: str  # newspaper, agency, magazine, website, think-tank, journal, broadcaster
    aliases: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()

    @property
    def is_publication(self) -> bool:
        """A newspaper, agency, magazine, journal, broadcaster or website: it publishes
        what others write, where an institution (a think tank, a bank) writes its own."""
        return self.kind in PUBLICATION_KINDS


PUBLICATION_KINDS = frozenset({"newspaper", "agency", "magazine", "journal", "broadcaster",
                               "website"})


#: The environment variable that empties the gazetteer, for measuring recall without it.
NO_GAZETTEER_VARIABLE = "SRCTRACK_NO_GAZETTEER"

_NON_WORD = re.compile(r"[^\w]+")


# Extraction asks about the same few hundred candidate names again and again.
@lru_cache(maxsize=4096)
def fold(name: str) -> str:
    """Compare outlet names ignoring case, accents, punctuation, "the" and spacing."""
    if not name.isascii():
        name = unicodedata.normalize("NFKD", name)
        name = "".join(c for c in name if not unicodedata.combining(c))
    name = _NON_WORD.sub(" ", name.casefold()).strip()
    return name[4:] if name.startswith("the ") else name


@cache
def _tables() -> tuple[dict[str, Outlet], dict[str, Outlet]]:
    if os.environ.get(NO_GAZETTEER_VARIABLE, "") not in ("", "0"):
        return {}, {}
    raw = json.loads(resources.files("srctrack.data").joinpath("outlets.json").read_text("utf-8"))
    by_name: dict[str, Outlet] = {}
    by_domain: dict[str, Outlet] = {}
    for item in raw:
        outlet = Outlet(name=item["name"], kind=item.get("kind", "website"),
                        aliases=tuple(item.get("aliases", ())),
                        domains=tuple(item.get("domains", ())))
        for alias in (outlet.name, *outlet.aliases):
            by_name.setdefault(fold(alias), outlet)
        for domain in outlet.domains:
            by_domain.setdefault(domain.lower(), outlet)
    return by_name, by_domain


def lookup(name: str) -> Outlet | None:
    """The outlet a name or abbreviation stands for, if the gazetteer knows it."""
    return _tables()[0].get(fold(name))


def by_url(url: str) -> Outlet | None:
    """The outlet whose site a URL is on: the longest matching domain or domain/path."""
    m = re.match(r"(?i)^(?:https?://)?(?:www\.)?([^/?#:]+)(/[^?#]*)?", url.strip())
    if not m:
        return None
    host, path = m.group(1).lower(), (m.group(2) or "").lower()
    table = _tables()[1]
    first_segment = path.strip("/").split("/", 1)[0]
    if first_segment and (found := table.get(f"{host}/{first_segment}")):
        return found
    parts = host.split(".")
    for i in range(len(parts) - 1):
        if found := table.get(".".join(parts[i:])):
            return found
    return None


def canonical(name: str) -> str:
    """The gazetteer's name for an outlet, or the name as given."""
    found = lookup(name)
    return found.name if found else name
