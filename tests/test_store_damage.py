"""A damaged, foreign or read-only database: one line, the storage exit code, and never a
change to a file that is not srctrack's."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from srctrack import store as store_module
from srctrack.cli import cli
from srctrack.errors import ExitCode, StoreError
from srctrack.store import APPLICATION_ID, Store

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = str(ROOT / "examples" / "csto-annual-meeting-2022.txt")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def stored(tmp_path: Path) -> Path:
    db = tmp_path / "good.db"
    assert run("extract", "--db", str(db), EXAMPLE)[0] == 0
    return db


COMMANDS = [["list"], ["export"], ["sources"], ["show", "engvall2022russia"], ["audit"],
            ["edit", "engvall2022russia", "--title", "X"], ["extract", EXAMPLE],
            ["check", "--min-gap", "0"], ["search", "Russia"]]


@pytest.mark.parametrize("args", COMMANDS)
def test_a_damaged_database_is_one_line_and_the_storage_code(stored: Path,
                                                            args: list[str]) -> None:
    data = bytearray(stored.read_bytes())
    page = 4096
    data[2 * page:len(data)] = b"\xff" * (len(data) - 2 * page)  # every page but the first two
    stored.write_bytes(bytes(data))
    code, _, err = run(*args, "--db", str(stored))
    assert code == ExitCode.DATABASE, err
    assert err.count("\n") == 1 and err.startswith("srctrack: error: ")


def test_another_applications_database_is_refused_and_left_alone(tmp_path: Path) -> None:
    other = tmp_path / "other-app.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("INSERT INTO accounts (name) VALUES ('a')")
    conn.commit()
    conn.close()
    before = other.read_bytes()
    for args in (["list"], ["extract", EXAMPLE]):
        code, _, err = run(*args, "--db", str(other))
        assert code == ExitCode.DATABASE
        assert "not a srctrack database" in err and "accounts" in err
    assert other.read_bytes() == before
    assert not Path(str(other) + "-wal").exists()


def test_a_new_database_carries_srctrack_s_application_id(stored: Path) -> None:
    conn = sqlite3.connect(stored)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    conn.close()


def test_read_only_commands_never_write(stored: Path) -> None:
    before = stored.read_bytes()
    for args in (["list"], ["export"], ["sources"], ["show", "engvall2022russia"], ["audit"],
                 ["search", "Russia"]):
        code, _, err = run(*args, "--db", str(stored))
        assert code in (0, 1), err
    assert stored.read_bytes() == before


def test_a_database_in_a_read_only_folder_is_read_as_immutable(
        stored: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Root may write anywhere, so the folder's refusal is played: SQLite cannot open the
    # file read-only in WAL mode (no shared-memory file), and the folder is not writable.
    real = sqlite3.connect

    def connect(target: Any, *args: Any, **kwargs: Any) -> sqlite3.Connection:
        if str(target).endswith("?mode=ro"):
            raise sqlite3.OperationalError("unable to open database file")
        return real(target, *args, **kwargs)

    monkeypatch.setattr(store_module.sqlite3, "connect", connect)
    monkeypatch.setattr(store_module.os, "access", lambda *a, **k: False)
    with Store(stored, readonly=True) as store:
        assert [s.work.key for s in store.works()]
        with pytest.raises(sqlite3.Error):
            store.edit_work("engvall2022russia", {"title": "X"})


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to a read-only folder anyway")
def test_read_only_folder_for_real(stored: Path) -> None:
    folder = stored.parent
    folder.chmod(0o555)
    try:
        assert run("list", "--db", str(stored))[0] == 0
        code, _, err = run("extract", "--db", str(stored), EXAMPLE)
        assert code == ExitCode.DATABASE and err.count("\n") == 1
    finally:
        folder.chmod(0o755)


def test_an_outdated_schema_read_only_is_one_line(stored: Path) -> None:
    conn = sqlite3.connect(stored)
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="brings it up to date"):
        Store(stored, readonly=True)
