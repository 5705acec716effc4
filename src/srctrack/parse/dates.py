"""Dates as citations write them, in English, French, German, Italian, Spanish and Russian,
found with their spans and turned into ISO 8601 at the precision the text gives.

Why not dateparser: extraction must know exactly where a date stands in the text and how
precise it is (a year, a month, a day, or a day whose year is not given), and it must scan
megabytes per second. A table of month names and a handful of compiled patterns do both;
general-purpose date parsers guess missing parts from today's date and report no span.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

MONTHS: dict[int, tuple[str, ...]] = {
    1: ("january", "jan", "janvier", "janv", "januar", "jänner", "gennaio", "gen", "enero", "ene",
        "января", "январь", "янв"),
    2: ("february", "feb", "février", "fevrier", "févr", "fevr", "februar", "febbraio", "febrero",
        "февраля", "февраль", "фев", "февр"),
    3: ("march", "mar", "mars", "märz", "maerz", "mär", "marzo", "марта", "март"),
    4: ("april", "apr", "avril", "avr", "aprile", "abril", "abr", "апреля", "апрель", "апр"),
    5: ("may", "mai", "maggio", "mag", "mayo", "мая", "май"),
    6: ("june", "jun", "juin", "juni", "giugno", "giu", "junio", "июня", "июнь", "июн"),
    7: ("july", "jul", "juillet", "juil", "juli", "luglio", "lug", "julio", "июля", "июль", "июл"),
    8: ("august", "aug", "août", "aout", "agosto", "ago", "августа", "август", "авг"),
    9: ("september", "sep", "sept", "septembre", "settembre", "set", "septiembre", "setiembre",
        "сентября", "сентябрь", "сен", "сент"),
    10: ("october", "oct", "octobre", "oktober", "okt", "ottobre", "ott", "octubre",
         "октября", "октябрь", "окт"),
    11: ("november", "nov", "novembre", "noviembre", "ноября", "ноябрь", "ноя", "нояб"),
    12: ("december", "dec", "décembre", "decembre", "déc", "dezember", "dez", "dicembre", "dic",
         "diciembre", "декабря", "декабрь", "дек"),
}
MONTH_NUMBER = {name: number for number, names in MONTHS.items() for name in names}


def _trie(words: list[str]) -> str:
    """The words as one regex shaped like a trie, longest reading first ("sept" before
    "sep"). Python's re tries every branch of a flat alternation at every position; a trie
    fails at the first letter, which made dates four times faster to find. Letters are
    given in both cases so each branch opens with a plain character set."""
    tree: dict[str, dict[str, Any]] = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        branches = []
        for ch, child in sorted(node.items()):
            if ch:
                both = {ch.lower(), ch.upper()}
                head = re.escape(ch) if len(both) == 1 else f"[{''.join(sorted(both))}]"
                branches.append(head + emit(child))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(tree)


_MONTH = _trie(list(MONTH_NUMBER))
# Every date starts with a digit or a month's first letter: positions that start with
# anything else are skipped before the alternation is tried.
_FIRST = "".join(sorted({ch for n in MONTH_NUMBER for ch in (n[0].lower(), n[0].upper())}))
_M = rf"(?P<{{g}}>{_MONTH})\.?"
_DAY = r"(?P<{g}>[0-3]?\d)(?:st|nd|rd|th|er|º|°)?"
_YEAR = r"(?P<{g}>(?:1[5-9]|20)\d\d)"


def _p(template: str, **groups: str) -> str:
    out = template
    for name, part in groups.items():
        out = out.replace("{" + name + "}", part.replace("{g}", name))
    return out


PATTERNS = [
    # 2022-03-14, 2022/03/14
    r"(?P<y1>(?:1[5-9]|20)\d\d)[-/](?P<n1>[01]?\d)[-/](?P<d1>[0-3]?\d)(?![\d/-])",
    # March 14, 2022 / Mar. 14 2022 / March 14
    _p(r"{m2}\s+{d2}(?![\d:])(?:,?\s+{y2})?", m2=_M, d2=_DAY, y2=_YEAR),
    # 14 March 2022 / 14. März 2022 / 12 de marzo de 2022 / 12 марта 2022 г. / 14 March
    _p(r"{d3}\.?(?:\s+de|\s+del)?\s+{m3}(?:,?(?:\s+de|\s+del)?\s+{y3}(?:\s*г(?:ода|\.)?)?)?",
       d3=_DAY, m3=_M, y3=_YEAR),
    # 12/ENE/2022, 12-Mar-2022
    _p(r"{d4}[/-]{m4}[/-]{y4}", d4=_DAY, m4=_M, y4=_YEAR),
    # March 2022 / mars 2022 / marzo de 2022
    _p(r"{m5}(?:,|\s+de|\s+del)?\s+{y5}", m5=_M, y5=_YEAR),
    # 14.03.2022 (day first, as Europe writes it)
    r"(?P<d6>[0-3]?\d)\.(?P<n6>[01]?\d)\.(?P<y6>(?:1[5-9]|20)\d\d)(?!\d)",
    # 10/29/2021 (month first, as the US writes it) or 29/10/2021 (day first)
    r"(?P<a8>[0-3]?\d)/(?P<b8>[0-3]?\d)/(?P<y8>(?:1[5-9]|20)\d\d)(?!\d)",
    # a year alone, not the first half of an arXiv number ("arXiv:1706.01359")
    r"(?P<y7>(?:1[5-9]|20)\d\d)(?![\d-]|\.\d{4})",
]
DATE_RE = re.compile(rf"(?=[0-9{_FIRST}])(?<![\w-])(?:"
                     + "|".join(f"(?:{p})" for p in PATTERNS) + r")(?!\w)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class DateMatch:
    start: int
    end: int
    iso: str  # YYYY, YYYY-MM, YYYY-MM-DD, or --MM-DD when no year is given

    @property
    def has_day(self) -> bool:
        return len(self.iso) >= 10 or self.iso.startswith("--")

    @property
    def year_only(self) -> bool:
        return len(self.iso) == 4


def _iso(year: str | None, month: int | None, day: int | None) -> str | None:
    if month is not None and not 1 <= month <= 12:
        return None
    if day is not None and not 1 <= day <= 31:
        return None
    if year is None:
        return f"--{month:02d}-{day:02d}" if month and day else None
    if month is None:
        return year
    if day is None:
        return f"{year}-{month:02d}"
    return f"{year}-{month:02d}-{day:02d}"


def _from_match(m: re.Match[str]) -> str | None:
    g = m.groupdict()
    if g["y1"]:
        return _iso(g["y1"], int(g["n1"]), int(g["d1"]))
    for i in (2, 3, 4):
        if g[f"m{i}"]:
            return _iso(g[f"y{i}"], MONTH_NUMBER[g[f"m{i}"].lower()], int(g[f"d{i}"]))
    if g["m5"]:
        return _iso(g["y5"], MONTH_NUMBER[g["m5"].lower()], None)
    if g["y6"]:
        return _iso(g["y6"], int(g["n6"]), int(g["d6"]))
    if g["y8"]:
        return _slashed(g["y8"], int(g["a8"]), int(g["b8"]))
    return _iso(g["y7"], None, None)


def _slashed(year: str, first: int, second: int) -> str | None:
    """10/29/2021 is month first and 29/10/2021 day first; 10/06/2021 could be either, so
    only its year is certain."""
    if first > 12:
        return _iso(year, second, first)
    if second > 12:
        return _iso(year, first, second)
    return year if first != second else _iso(year, first, second)


def find_dates(text: str, pos: int = 0, endpos: int | None = None) -> list[DateMatch]:
    """Every date in text[pos:endpos], left to right, longest reading first."""
    found = []
    for m in DATE_RE.finditer(text, pos, len(text) if endpos is None else endpos):
        iso = _from_match(m)
        if iso:
            found.append(DateMatch(m.start(), m.end(), iso))
    return found


def parse_date(text: str) -> str | None:
    """The ISO form of a string that is one date and nothing else, or None."""
    s = text.strip().rstrip(".")
    m = DATE_RE.fullmatch(s)
    return _from_match(m) if m else None


def with_year(iso: str, year: str | None) -> str:
    """Give a month-and-day date the document's year, when there is one."""
    if iso.startswith("--") and year:
        return year + iso[1:]
    return iso
