"""scripts/make_outlets.py is the only source of data/outlets.json: the file is exactly what
the script builds from its table, and two outlets may never answer to one name."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_outlets", ROOT / "scripts" /
                                                  "make_outlets.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_shipped_file_is_what_the_table_builds() -> None:
    script = load_script()
    shipped = (ROOT / "src" / "srctrack" / "data" / "outlets.json").read_text(encoding="utf-8")
    assert shipped == script.render(script.build())


def test_an_alias_two_outlets_share_stops_the_build(monkeypatch: pytest.MonkeyPatch) -> None:
    script = load_script()
    monkeypatch.setattr(script, "TABLE", "Kloop|website|Kloop Media|kloop.kg\n"
                                         "Kloop.kg|website|KLOOP MEDIA|kloop.media\n")
    with pytest.raises(script.AliasCollision, match=r"Kloop Media|KLOOP MEDIA"):
        script.build()


def test_a_domain_two_outlets_share_stops_the_build(monkeypatch: pytest.MonkeyPatch) -> None:
    script = load_script()
    monkeypatch.setattr(script, "TABLE", "Orda|website||orda.kz\nOrda.kz|website||orda.kz\n")
    with pytest.raises(script.AliasCollision, match=r"orda\.kz"):
        script.build()


def test_the_environment_setting_empties_the_gazetteer(monkeypatch: pytest.MonkeyPatch) -> None:
    from srctrack.parse import outlets

    outlets._tables.cache_clear()
    monkeypatch.setenv("SRCTRACK_NO_GAZETTEER", "1")
    try:
        assert outlets.lookup("Reuters") is None
        assert outlets.by_url("https://www.reuters.com/world/") is None
    finally:
        monkeypatch.delenv("SRCTRACK_NO_GAZETTEER")
        outlets._tables.cache_clear()
    assert outlets.lookup("Reuters") is not None
