"""Compare output with a golden file in tests/golden/; SRCTRACK_UPDATE_GOLDEN=1 rewrites it."""

from __future__ import annotations

import os
from pathlib import Path

GOLDEN = Path(__file__).parent / "golden"


def check(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("SRCTRACK_UPDATE_GOLDEN") or not path.exists():
        if os.environ.get("CI") and not path.exists():
            raise AssertionError(f"golden file {name} is missing")
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"differs from tests/golden/{name}"
