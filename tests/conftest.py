from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "csto-annual-meeting-2022.txt"


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A private copy of the bundled example article."""
    target = tmp_path / EXAMPLE.name
    shutil.copy(EXAMPLE, target)
    return target


@pytest.fixture(autouse=True)
def _no_env_db(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SRCTRACK_DB", raising=False)
