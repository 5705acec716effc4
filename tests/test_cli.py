"""The `srctrack` command end to end, through click's CliRunner."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from srctrack.cli import cli
from srctrack.errors import ExitCode

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, input: str | bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_help_lists_commands_and_exit_codes() -> None:
    code, out, _ = run("--help")
    assert code == 0
    assert "extract" in out and "export" in out and "Exit codes" in out


def test_extract_prints_json_lines_in_the_contract(example: Path, tmp_path: Path) -> None:
    code, out, _ = run("extract", "--json", "--db", str(tmp_path / "x.db"), str(example))
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert record["path"] == str(example)
    assert len(record["sha256"]) == 64
    text = example.read_text(encoding="utf-8")
    keys = []
    for c in record["citations"]:
        assert text[c["start"]:c["end"]] == c["raw"]
        assert {"raw", "start", "end", "style", "authors", "title", "outlet", "date", "url",
                "type", "key", "context"} <= set(c)
        keys.append(c["key"])
    assert keys == ["engvall2022russia", "gotev2022kazakh", "cabarasia2022how"]
    assert record["citations"][0]["authors"] == [{"family": "Engvall", "given": "Johan"}]
    # CABAR.asia is a publication: it publishes the interview, no author is named
    assert record["citations"][2]["authors"] == []
    assert record["citations"][2]["outlet"] == "CABAR Asia"


def test_default_database_is_srctrack_db_in_the_working_folder(
        example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert run("extract", str(example))[0] == 0
    assert (tmp_path / "srctrack.db").exists()


def test_env_variable_names_the_database(example: Path, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SRCTRACK_DB", str(tmp_path / "env.db"))
    code, _, _ = run("extract", str(example))
    assert code == 0 and (tmp_path / "env.db").exists()


def test_no_store_touches_no_database(example: Path, tmp_path: Path) -> None:
    code, out, _ = run("extract", "--json", "--no-store", "--db", str(tmp_path / "x.db"),
                       str(example))
    assert code == 0 and out
    assert not (tmp_path / "x.db").exists()


def test_stdin(tmp_path: Path) -> None:
    text = "Said (Georgi Gotev, Kazakh official: We will not risk it, Euractiv, March 29, 2022)."
    code, out, _ = run("extract", "--json", "--db", str(tmp_path / "x.db"), "-", input=text)
    assert code == 0
    assert json.loads(out)["citations"][0]["outlet"] == "Euractiv"


def test_table_output_names_the_document(example: Path, tmp_path: Path) -> None:
    code, out, _ = run("extract", "--db", str(tmp_path / "x.db"), str(example))
    assert code == 0
    assert "3 citations (added)" in out and "engvall2022russia" in out
    code, out, _ = run("extract", "--db", str(tmp_path / "x.db"), str(example))
    assert "(unchanged)" in out


def test_list_counts_documents_per_work(example: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "x.db")
    copy = tmp_path / "copy.txt"
    copy.write_text(example.read_text(encoding="utf-8"), encoding="utf-8")
    run("extract", "--db", db, str(example), str(copy))
    code, out, _ = run("list", "--db", db, "--json")
    works = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(works) == 3
    assert {w["documents"] for w in works} == {2}
    code, out, _ = run("list", "--db", db)
    assert "3 works" in out


def test_export_bibtex_reads_back_into_the_same_three_works(example: Path,
                                                            tmp_path: Path) -> None:
    import bibtexparser

    db = str(tmp_path / "x.db")
    run("extract", "--db", db, str(example))
    code, out, _ = run("export", "--db", db, "--format", "bibtex")
    assert code == 0
    library = bibtexparser.parse_string(out)
    assert not library.failed_blocks
    entries = {e.key: e for e in library.entries}
    assert set(entries) == {"engvall2022russia", "gotev2022kazakh", "cabarasia2022how"}
    assert "author" not in entries["cabarasia2022how"]
    assert entries["cabarasia2022how"]["howpublished"] == "CABAR Asia"  # @misc: no author
    assert entries["engvall2022russia"]["date"] == "2022-03-14"
    assert entries["gotev2022kazakh"]["journal"] == "Euractiv"


def test_export_to_a_file(example: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "x.db")
    run("extract", "--db", db, str(example))
    code, out, _ = run("export", "--db", db, "-o", str(tmp_path / "out.bib"))
    assert code == 0 and out == ""
    assert "@article{engvall2022russia," in (tmp_path / "out.bib").read_text(encoding="utf-8")


def test_references_bib_is_what_export_writes(example: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "x.db")
    run("extract", "--db", db, str(example))
    _, out, _ = run("export", "--db", db, "--format", "bibtex")
    assert out == (ROOT / "references.bib").read_text(encoding="utf-8"), (
        "references.bib drifted: rebuild it with `srctrack extract examples/*.txt && "
        "srctrack export -o references.bib`")


# -- bad input --------------------------------------------------------------------------------

def test_missing_path_is_reported_and_the_rest_still_goes_in(example: Path,
                                                             tmp_path: Path) -> None:
    db = str(tmp_path / "x.db")
    code, _, err = run("extract", "--db", db, str(tmp_path / "nope.txt"), str(example))
    assert code == ExitCode.INPUT
    assert err.strip() == f"srctrack: error: {tmp_path / 'nope.txt'}: no such file or folder"
    _, out, _ = run("list", "--db", db, "--json")
    assert len(out.splitlines()) == 3


@pytest.mark.parametrize(("content", "message"), [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file, not text"),
    (b"\xff\xfeC\x00a\x00f", "not valid utf-16"),  # a BOM, then an odd byte count
])
def test_unreadable_documents_store_nothing(tmp_path: Path, content: bytes,
                                            message: str) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    db = str(tmp_path / "x.db")
    code, _, err = run("extract", "--db", db, str(bad))
    assert code == ExitCode.INPUT
    assert err.startswith(f"srctrack: error: {bad}: {message}")
    assert len(err.strip().splitlines()) == 1
    _, out, _ = run("list", "--db", db, "--json")
    assert out == ""


def test_windows_1252_documents_are_read(tmp_path: Path) -> None:
    text = "Café society (Reuters, “Prices rise”, May 2, 2021)."
    (tmp_path / "cp.txt").write_bytes(text.encode("cp1252"))
    code, out, _ = run("extract", "--json", "--no-store", str(tmp_path / "cp.txt"))
    assert code == 0
    assert json.loads(out)["citations"][0]["raw"] == text[14:-2]


def test_folder_without_documents(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "image.png").write_bytes(b"\x89PNG")
    code, _, err = run("extract", "--no-store", str(tmp_path / "empty"))
    assert code == ExitCode.INPUT
    assert "folder holds no .txt, .md or .html documents" in err


def test_folder_means_every_document_below_it(tmp_path: Path, example: Path) -> None:
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    (sub / "one.md").write_text("Said (Reuters, May 2, 2021).", encoding="utf-8")
    (tmp_path / "a" / "two.html").write_text("<p>Said (Interfax, May 3, 2021).</p>",
                                             encoding="utf-8")
    (tmp_path / "a" / "skip.csv").write_text("x,y", encoding="utf-8")
    code, out, _ = run("extract", "--json", "--no-store", str(tmp_path / "a"))
    assert code == 0
    outlets = [c["outlet"] for line in out.splitlines() for c in json.loads(line)["citations"]]
    assert sorted(outlets) == ["Interfax", "Reuters"]


def test_unwritable_database(example: Path, tmp_path: Path) -> None:
    code, _, err = run("extract", "--db", str(tmp_path / "no" / "such" / "dir.db"), str(example))
    assert code == ExitCode.DATABASE
    assert err.startswith(f"srctrack: error: {tmp_path / 'no' / 'such' / 'dir.db'}: cannot open")


def test_interrupt_exits_130_and_keeps_no_half_document(example: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from srctrack.store import Store

    original = Store._insert_work
    calls = 0

    def interrupted(self: Store, *args: object) -> tuple[int, str]:
        nonlocal calls
        calls += 1
        if calls == 2:
            raise KeyboardInterrupt
        return original(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(Store, "_insert_work", interrupted)
    db = str(tmp_path / "x.db")
    result = CliRunner().invoke(cli, ["extract", "--db", db, str(example)])
    assert result.exit_code == ExitCode.INTERRUPTED
    monkeypatch.undo()
    _, out, _ = run("list", "--db", db, "--json")
    assert out == ""


def test_two_runs_on_one_database_at_once_lose_nothing(tmp_path: Path) -> None:
    folders = []
    for run_no in range(2):
        folder = tmp_path / f"run{run_no}"
        folder.mkdir()
        for i in range(40):
            (folder / f"doc{i}.txt").write_text(
                f"Claim (Reporter Number{run_no}x{i}, Title {run_no} {i}, Euractiv, "
                f"March {i % 28 + 1}, 2022).", encoding="utf-8")
        folders.append(folder)
    db = tmp_path / "shared.db"
    env = {**os.environ, "SRCTRACK_DB": str(db)}
    procs = [subprocess.Popen([sys.executable, "-m", "srctrack", "extract", "--json", str(f)],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
             for f in folders]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    code, out, _ = run("list", "--db", str(db), "--json")
    assert code == 0 and len(out.splitlines()) == 80


def test_a_folder_gives_a_line_a_document_and_a_total(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text("Said (Georgi Gotev, Kazakh official, Euractiv, March 29, "
                                  "2022).", encoding="utf-8")
    (folder / "b.txt").write_text("Nothing cited here.", encoding="utf-8")
    (folder / "c.txt").write_bytes(b"\xff\xfe\x00broken")
    db = str(tmp_path / "x.db")
    code, out, err = run("extract", "--db", db, str(folder))
    assert code == ExitCode.INPUT
    assert out.splitlines() == [f"{folder / 'a.txt'}: 1 citation (added)",
                                f"{folder / 'b.txt'}: 0 citations (added)",
                                f"2 documents, 1 citation, stored in {db}; 1 could not be read"]
    assert "c.txt" in err
