"""Places by name (parse/places.py): countries in six languages, cities of 50,000 or more."""

from __future__ import annotations

import pytest

from srctrack.parse import places


@pytest.mark.parametrize(("name", "country", "place"), [
    ("Kazakhstan", True, True),
    ("Казахстан", True, True),
    ("Allemagne", True, True),
    ("Astana", False, True),
    ("Bishkek", False, True),
    ("Qazinform", False, False),
    ("Steppe Courier", False, False),
])
def test_places(name: str, country: bool, place: bool) -> None:
    assert places.is_country(name) is country
    assert places.is_place(name) is place
