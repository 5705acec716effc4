from __future__ import annotations

import pytest

from srctrack.model import Citation, CitationStyle, Creator
from srctrack.normalize import canonical_url, citation_key, work_identity

ENGVALL = (Creator(family="Engvall", given="Johan"),)


@pytest.mark.parametrize(("authors", "date", "title", "outlet", "key"), [
    (ENGVALL, "2022-03-14", "Russia’s War in Ukraine", None, "engvall2022russia"),
    ((Creator(literal="CABAR Asia"),), "2022-04-15", "How Does the War", None,
     "cabarasia2022how"),
    ((Creator(family="Šimečka", given="Michal"),), "2020", "The Über-Plan", None,
     "simecka2020uber"),
    ((), "2011-01-24", None, "EDM", "eurasiadailymonitor2011"),
    ((), None, "A an the", None, "anon"),
])
def test_citation_key(authors: tuple[Creator, ...], date: str | None, title: str | None,
                      outlet: str | None, key: str) -> None:
    assert citation_key(authors, date, title, outlet) == key
    assert key.isascii()


@pytest.mark.parametrize(("url", "canonical"), [
    ("HTTPS://Example.ORG:443/a?utm_source=x&id=3#frag", "https://example.org/a?id=3"),
    ("www.example.org", "https://www.example.org/"),
    ("http://example.org:8080/x?fbclid=1", "http://example.org:8080/x"),
])
def test_canonical_url(url: str, canonical: str) -> None:
    assert canonical_url(url) == canonical


def _cite(title: str | None, date: str | None = "2022-03-14", **kw: object) -> Citation:
    return Citation(raw="x", start=0, end=1, style=CitationStyle.PARENTHETICAL,
                    authors=ENGVALL, title=title, date=date, **kw)  # type: ignore[arg-type]


def test_spelling_variants_of_a_title_are_one_work() -> None:
    a = _cite("Russia’s War in Ukraine: Implications for Central Asia")
    b = _cite("Russia's war in Ukraine - implications for Central Asia")
    assert work_identity(a) == work_identity(b)


def test_different_titles_or_years_are_different_works() -> None:
    assert work_identity(_cite("One")) != work_identity(_cite("Two"))
    assert work_identity(_cite("One", "2021")) != work_identity(_cite("One", "2022"))
