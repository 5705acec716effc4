"""Recording link checks as they come: every result reaches the caller once stored, and an
interrupt keeps what was checked."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from srctrack.check import recording
from srctrack.model import LinkCheck, LinkStatus
from srctrack.store import Store


def checks(n: int, interrupt_at: int | None = None) -> Iterator[LinkCheck]:
    for i in range(n):
        if i == interrupt_at:
            raise KeyboardInterrupt
        status = LinkStatus.DEAD if i % 2 else LinkStatus.ALIVE
        yield LinkCheck(f"https://example.org/{i}", status, "test", "2026-01-01T00:00:00")


def test_every_result_comes_through_stored(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(recording, "BATCH", 3)
    with Store(tmp_path / "a.db") as store:
        seen = list(recording.record(checks(10), store))
        assert [r.url for r, _ in seen] == [f"https://example.org/{i}" for i in range(10)]
        assert all((failing is not None) == (r.status == LinkStatus.DEAD) for r, failing in seen)
        assert len(store.link_history("https://example.org/9")) == 1


def test_an_interrupt_keeps_what_was_checked(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(recording, "BATCH", 4)
    with Store(tmp_path / "a.db") as store:
        with pytest.raises(KeyboardInterrupt):
            for _ in recording.record(checks(10, interrupt_at=6), store):
                pass
        assert all(len(store.link_history(f"https://example.org/{i}")) == 1 for i in range(6))
        assert store.link_history("https://example.org/6") == []


def test_without_a_store_nothing_is_written() -> None:
    assert len(list(recording.record(checks(5), None))) == 5
