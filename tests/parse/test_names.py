from __future__ import annotations

import pytest

from srctrack.model import Creator
from srctrack.parse.names import creator, looks_like_person


@pytest.mark.parametrize("name", ["Johan Engvall", "Georgi Gotev", "J. R. Smith",
                                  "Ursula von der Leyen", "Anna van der Berg"])
def test_people(name: str) -> None:
    assert looks_like_person(name)


@pytest.mark.parametrize("name", ["CABAR Asia", "Human Rights Watch", "Euractiv", "BBC",
                                  "Central Asian Caucasus Analyst Institute", "Reuters",
                                  "the first deputy head", "Ministry of Defence", "2022 Report"])
def test_organisations(name: str) -> None:
    assert not looks_like_person(name)


@pytest.mark.parametrize(("name", "expected"), [
    ("Johan Engvall", Creator(family="Engvall", given="Johan")),
    ("Ursula von der Leyen", Creator(family="von der Leyen", given="Ursula")),
    ("Rania El Amrani", Creator(family="El Amrani", given="Rania")),
    ("Juan Carlos De La Cruz", Creator(family="De La Cruz", given="Juan Carlos")),
    ("Hassan al-Turabi", Creator(family="al-Turabi", given="Hassan")),
    ("CABAR Asia", Creator(literal="CABAR Asia")),
])
def test_creator_splits_people_and_keeps_organisations_whole(name: str,
                                                             expected: Creator) -> None:
    assert creator(name) == expected
