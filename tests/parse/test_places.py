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


def test_shipped_cities_are_what_geonames_builds() -> None:
    import importlib.util
    from pathlib import Path

    script = Path(__file__).resolve().parents[2] / "scripts" / "make_places.py"
    spec = importlib.util.spec_from_file_location("make_places", script)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.PATH.read_text(encoding="utf-8") == module.build()
