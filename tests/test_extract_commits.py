"""What extract shows as stored is on disk: a document is printed once its batch is
committed, and SIGTERM stops a run the way Ctrl-C does."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from srctrack import pipeline
from srctrack.errors import ExitCode, SrctrackError
from srctrack.store import Store

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = (ROOT / "examples" / "csto-annual-meeting-2022.txt").read_text(encoding="utf-8")


def _folder(tmp_path: Path, count: int) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for i in range(count):
        (folder / f"a{i:04d}.txt").write_text(f"Article {i}.\n\n{EXAMPLE}", encoding="utf-8")
    return folder


def test_a_document_is_yielded_only_once_committed(tmp_path: Path) -> None:
    folder = _folder(tmp_path, 12)
    db = tmp_path / "x.db"
    with Store(db) as store:
        results = pipeline.run([str(folder)], store)
        # A batch of 5 documents: each result comes out after its batch's COMMIT.
        original = store.batch

        def small_batch(documents: int = 5, seconds: float = 60.0) -> object:
            return original(documents=5, seconds=60.0)

        store.batch = small_batch  # type: ignore[method-assign]
        for result in results:
            assert not isinstance(result, SrctrackError)
            other = sqlite3.connect(db)
            found = other.execute("SELECT count(*) FROM documents WHERE path LIKE ?",
                                  [f"%{Path(result.document.path).name}"]).fetchone()[0]
            other.close()
            assert found == 1, result.document.path


def test_sigterm_stops_like_ctrl_c_and_keeps_what_was_shown(tmp_path: Path) -> None:
    folder = _folder(tmp_path, 3000)
    db = tmp_path / "x.db"
    process = subprocess.Popen(
        [sys.executable, "-m", "srctrack", "extract", "--db", str(db), str(folder)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert process.stdout is not None
    shown = [process.stdout.readline()]  # the first batch is committed
    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=60)
    shown += out.splitlines()
    assert process.returncode == ExitCode.INTERRUPTED, err
    assert "interrupted" in err and "Traceback" not in err
    added = [line.split(":")[0] for line in shown if "(added)" in line]
    assert added
    conn = sqlite3.connect(db)
    stored = {Path(p).name for (p,) in conn.execute("SELECT path FROM documents")}
    conn.close()
    assert {Path(p).name for p in added} <= stored
