"""The press named by place and shape, with the outlet list emptied: every outlet here is
one the gazetteer does not know, so only the rules of extract/press.py can find it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from srctrack.extract import extract, press
from srctrack.model import Document
from srctrack.parse import outlets


@pytest.fixture(autouse=True)
def no_gazetteer(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    outlets._tables.cache_clear()
    monkeypatch.setenv(outlets.NO_GAZETTEER_VARIABLE, "1")
    yield
    monkeypatch.delenv(outlets.NO_GAZETTEER_VARIABLE)
    outlets._tables.cache_clear()


def doc(text: str, date: str | None = None) -> Document:
    return Document(path="t.txt", text=text, sha256="0", date=date)


@pytest.mark.parametrize(("text", "outlet"), [
    # a verb of publishing after the name, or before it
    ("Steppe Courier reported that the border closed.", "Steppe Courier"),
    ("Ozodlik reported on Monday that the dam leaked.", "Ozodlik"),
    ("The tariff is temporary, writes Le Quotidien Vert.", "Le Quotidien Vert"),
    ("La réforme, rapporte La Voix du Nord-Est, reste fragile.", "La Voix du Nord-Est"),
    ("Das Projekt ist teuer, berichtet die Ostsee Rundschau.", "Ostsee Rundschau"),
    ("Lo informa El Heraldo Andino en su edición de hoy.", "El Heraldo Andino"),
    ("Об этом сообщает «Степной вестник».", "Степной вестник"),
    # a lead
    ("According to Talas Today, the vote was moved.", "Talas Today"),
    ("Selon Mediacongo, le scrutin aura lieu.", "Mediacongo"),
    ("Según El Confidente Digital, el acuerdo se firmó.", "El Confidente Digital"),
    ("По данным Orda.kz, цены выросли.", "Orda.kz"),
    ("The plan was on the front page of the Evening Ledger.", "Evening Ledger"),
    # a word for a medium before the name
    ("The semi-official news agency Kavir said the blast was an accident.", "Kavir"),
    ("Le quotidien privé Le Soleil Levant consacre un dossier au port.", "Le Soleil Levant"),
    ("Die Zeitung „Nordkurier“ meint, das reiche nicht.", "Nordkurier"),
    ("Как пишет газета «Вечерний Бишкек», мэр ушёл.", "Вечерний Бишкек"),
    # a name with a word for a medium in it, a writer at their paper
    ("The Lakeside Herald devoted its front page to the strike.", "The Lakeside Herald"),
    ("Mary Ellis at the Harbor Gazette counted the ships.", "Harbor Gazette"),
    ("Tiber Daily’s John Carter identifies the risk.", "Tiber Daily"),
    ("The Tengri news agency reported the arrests.", "Tengri"),
    ("Según el diario económico chileno El Heraldo Austral, la mina cerrará.",
     "El Heraldo Austral"),
    ("Bishkek Herald's Aida Sultan identifies the risk.", "Bishkek Herald"),
])
def test_outlets_nobody_listed(text: str, outlet: str) -> None:
    found = [c for c in extract(doc(text)) if c.outlet]
    assert [c.outlet for c in found] == [outlet]
    (c,) = found
    assert text[c.start:c.end] == c.raw


@pytest.mark.parametrize("text", [
    "According to a U.S. official, talks stalled.",
    "Peskov told reporters that the talks had failed.",
    "Nothing cited here.",
    "Russia reported a trade surplus in May.",
    "The ministry said on Monday that exports had doubled.",
    "Bill Keller, a New York Times columnist, spoke at the event.",
    "Mr Macron also features in the story.",
    "He told Putin that the talks failed.",
    "According to Russian media, the talks failed.",
    "Critics said the Lakeside plan would fail.",
    "Washington said the talks would resume.",
    "The summit (Astana, 12 October 2023) ended.",
    "The forum opened (Day 1, Monday 4 March 2024).",
    "Biden spoke at the White House. (AP Photo/Evan Vucci)",
    "The rector (Harvard University) spoke at length about the new research grants.",
])
def test_not_a_publication(text: str) -> None:
    assert [c.raw for c in extract(doc(text))] == []


def test_a_date_after_the_attribution_is_its_date() -> None:
    (c,) = extract(doc("Steppe Courier reported on 3 May 2023 that the border closed."))
    assert (c.raw, c.date) == ("Steppe Courier reported on 3 May 2023", "2023-05-03")


@pytest.mark.parametrize(("name", "strong", "expected"), [
    ("Steppe Lantern", False, False),   # no word for a medium, no verb of publishing
    ("Steppe Lantern", True, True),
    ("Northern Times", False, True),    # a word for a medium in it
    ("Johan Engvall", True, False),     # a person
    ("Kazakhstan", True, False),        # a country
    ("Ministry of Energy", True, False),
    ("NATO", False, False),             # an acronym with a verb anyone says
])
def test_is_outlet_name(name: str, strong: bool, expected: bool) -> None:
    assert press.is_outlet_name(name, strong) is expected


def test_article_names_count_in_a_text_that_cites_the_press() -> None:
    review = ("Steppe Courier reported the strike. Talas Today writes that it spread. "
              "The Lakeside Herald devoted its front page to it. "
              "La Voz Andina, en cambio, habló de una huelga corta.")
    assert "La Voz Andina" in [c.outlet for c in extract(doc(review))]
    # alone, a name a Romance article opens is as often a book or a place
    assert extract(doc("La Voz Andina, en cambio, habló de una huelga corta.")) == []
