from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from srctrack.extract import extract
from srctrack.model import Document
from srctrack.store import SCHEMA_VERSION, Store

TEXT = ("A claim (Johan Engvall, Russia’s War in Ukraine: Implications for Central Asia, "
        "Central Asian Caucasus Analyst Institute, March 14, 2022). Another claim (Georgi Gotev, "
        "Kazakh official: We will not risk it, Euractiv, March 29, 2022).")


def doc(path: str, text: str = TEXT) -> Document:
    return Document(path=path, text=text, sha256=hashlib.sha256(text.encode()).hexdigest())


def test_schema_is_versioned(tmp_path: Path) -> None:
    with Store(tmp_path / "a.db") as store:
        assert store.schema_version == SCHEMA_VERSION
    with Store(tmp_path / "a.db") as store:  # reopening migrates nothing twice
        assert store.schema_version == SCHEMA_VERSION


def test_same_source_in_two_documents_is_one_work(tmp_path: Path) -> None:
    with Store(tmp_path / "a.db") as store:
        for name in ("one.txt", "two.txt"):
            d = doc(str(tmp_path / name))
            store.save_document(d, extract(d))
        assert store.counts() == {"documents": 2, "works": 2, "creators": 2, "citations": 4}
        assert {s.documents for s in store.works()} == {2}


def test_unchanged_document_changes_nothing(tmp_path: Path) -> None:
    with Store(tmp_path / "a.db") as store:
        d = doc(str(tmp_path / "one.txt"))
        first = store.save_document(d, extract(d))
        again = store.save_document(d, extract(d))
        assert (first.action, again.action) == ("added", "unchanged")
        assert again.keys == first.keys


def test_changed_document_replaces_its_citations(tmp_path: Path) -> None:
    with Store(tmp_path / "a.db") as store:
        d = doc(str(tmp_path / "one.txt"))
        store.save_document(d, extract(d))
        shorter = doc(d.path, TEXT.split(" Another")[0])
        result = store.save_document(shorter, extract(shorter))
        assert result.action == "replaced"
        assert store.counts()["citations"] == 1
        assert store.counts()["works"] == 1  # the work no document cites any more is gone


def test_key_clash_gets_a_suffix(tmp_path: Path) -> None:
    a = "Said (Johan Engvall, Russia Now, Euractiv, March 14, 2022)."
    b = "Said (Johan Engvall, Russia Then, Euractiv, March 15, 2022)."
    with Store(tmp_path / "a.db") as store:
        keys = []
        for name, text in (("a.txt", a), ("b.txt", b)):
            d = doc(str(tmp_path / name), text)
            keys += store.save_document(d, extract(d)).keys
    assert keys == ["engvall2022russia", "engvall2022russiaa"]


@pytest.mark.parametrize("error", [RuntimeError, KeyboardInterrupt])
def test_a_failure_mid_document_stores_nothing_of_it(tmp_path: Path, error: type[BaseException],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    with Store(tmp_path / "a.db") as store:
        calls = 0
        original = store._insert_work

        def flaky(*args: object) -> tuple[int, str]:
            nonlocal calls
            calls += 1
            if calls == 2:
                raise error("boom")
            return original(*args)  # type: ignore[arg-type]

        monkeypatch.setattr(store, "_insert_work", flaky)
        d = doc(str(tmp_path / "one.txt"))
        with pytest.raises(error):
            store.save_document(d, extract(d))
        assert store.counts() == {"documents": 0, "works": 0, "creators": 0, "citations": 0}


def test_wal_mode(tmp_path: Path) -> None:
    Store(tmp_path / "a.db").close()
    assert sqlite3.connect(tmp_path / "a.db").execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_batch_keeps_whole_documents_when_one_fails(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    with Store(tmp_path / "a.db") as store:
        original = store._insert_work
        with pytest.raises(KeyboardInterrupt), store.batch():
            first = doc(str(tmp_path / "one.txt"))
            store.save_document(first, extract(first))

            def interrupted(*args: object) -> tuple[int, str]:
                raise KeyboardInterrupt

            monkeypatch.setattr(store, "_insert_work", interrupted)
            second = doc(str(tmp_path / "two.txt"), TEXT.replace("Kazakh", "Uzbek"))
            store.save_document(second, extract(second))
        monkeypatch.setattr(store, "_insert_work", original)
    with Store(tmp_path / "a.db") as store:  # a new connection sees what was committed
        assert store.counts()["documents"] == 1
        assert store.counts()["citations"] == 2


def test_a_batch_commits_as_it_goes(tmp_path: Path) -> None:
    with Store(tmp_path / "a.db") as store, store.batch(documents=2):
        for i in range(3):
            d = doc(str(tmp_path / f"{i}.txt"), TEXT + f" {i}")
            store.save_document(d, extract(d))
        other = sqlite3.connect(tmp_path / "a.db")
        assert other.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 2


def test_a_work_gains_the_link_a_later_citation_gives(tmp_path: Path) -> None:
    bare = "A (Anna Kowalska, Grain and Guns, Foreign Policy, March 14, 2022)."
    linked = ("B (Anna Kowalska, Grain and Guns, Foreign Policy, March 14, 2022, "
              "https://example.org/grain?utm_source=x).")
    from srctrack.read import Source, read

    with Store(tmp_path / "a.db") as store:
        for name, text in (("a.txt", bare), ("b.txt", linked)):
            (tmp_path / name).write_text(text, encoding="utf-8")
            d = read(Source(str(tmp_path / name), "txt"))
            store.save_document(d, extract(d))
        [summary] = store.works()
        assert summary.work.url == "https://example.org/grain"


def test_many_works_on_one_base_key_get_distinct_suffixes(tmp_path: Path) -> None:
    # Untitled citations of one outlet and year share a base key; the suffix search resumes
    # within a write and starts afresh (from the database) in the next one.
    text = " ".join(f"Claim {day} (Reuters, March {day}, 2022)." for day in range(1, 29))
    with Store(tmp_path / "a.db") as store:
        first = store.save_document(doc(str(tmp_path / "a.txt"), text),
                                    extract(doc("a.txt", text))).keys
        later = text.replace("March", "May")
        second = store.save_document(doc(str(tmp_path / "b.txt"), later),
                                     extract(doc("b.txt", later))).keys
    keys = [*first, *second]
    assert len(set(keys)) == 56
    assert keys[:3] == ["reuters2022", "reuters2022a", "reuters2022b"]
    assert keys[28] == "reuters2022ab"  # the 29th: z, then aa, ab


def test_new_works_are_searchable_and_the_index_stays_sound(tmp_path: Path) -> None:
    with Store(tmp_path / "a.db") as store, store.batch():
        store.save_document(doc(str(tmp_path / "a.txt")), extract(doc("a.txt")))
        broken = doc(str(tmp_path / "b.txt"), "Said (Anna Kowalska, Grain and Guns, "
                                               "Foreign Policy, March 14, 2022).")
        store.save_document(broken, extract(broken))
        assert [hit.key for hit in store.search("Kazakh official")] == ["gotev2022kazakh"]
        assert [hit.key for hit in store.search("grain guns")] == ["kowalska2022grain"]
        store.db.execute("INSERT INTO works_fts (works_fts) VALUES ('integrity-check')")


def test_a_version_3_database_is_migrated_and_its_works_stay_searchable(tmp_path: Path) -> None:
    import gzip
    import shutil

    path = tmp_path / "old.db"  # stored by srctrack at schema 3 (tests/audit_documents.py)
    with gzip.open(Path(__file__).parent / "data" / "schema3.db.gz") as packed, \
            open(path, "wb") as unpacked:
        shutil.copyfileobj(packed, unpacked)
    old = sqlite3.connect(path)
    assert {"works_ai", "citations_work"} <= {r[0] for r in old.execute(
        "SELECT name FROM sqlite_master")}
    old.close()
    with Store(path) as store:
        names = {r[0] for r in store.db.execute("SELECT name FROM sqlite_master")}
        assert "works_ai" not in names and "citations_work" not in names
        assert "works_au" in names
        later = doc(str(tmp_path / "b.txt"), "Said (Anna Kowalska, Harvest and Steel, "
                                              "Foreign Policy, March 14, 2022).")
        store.save_document(later, extract(later))
        store.edit_work("petrov2022pipeline", {"title": "The Pipeline Settlement"})
        assert [hit.key for hit in store.search("Harvest Steel")] == ["kowalska2022harvest"]
        assert [hit.key for hit in store.search("pipeline settlement")] == [
            "petrov2022pipeline"]
        assert [hit.key for hit in store.search("Grain Guns")] == ["kowalska2022grain"]
        store.db.execute("INSERT INTO works_fts (works_fts) VALUES ('integrity-check')")


def test_a_documents_site_and_encoding_are_kept(tmp_path: Path) -> None:
    from dataclasses import replace

    page = replace(doc(str(tmp_path / "a.html")), format="html", site="The Diplomat",
                   encoding="cp1252")
    with Store(tmp_path / "a.db") as store:
        store.save_document(page, extract(page))
        row = store.db.execute("SELECT site, encoding FROM documents").fetchone()
    assert row == ("The Diplomat", "cp1252")


def test_a_store_opens_while_another_process_holds_the_new_file(tmp_path: Path) -> None:
    import threading

    path = tmp_path / "a.db"
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("PRAGMA application_id = 1936876404")  # srctrack's, as another would set it
    other.execute("CREATE TABLE t (x)")
    other.execute("BEGIN EXCLUSIVE")  # as another srctrack would while it creates the file
    threading.Timer(0.3, lambda: other.execute("COMMIT")).start()
    with Store(path) as store:
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.schema_version == SCHEMA_VERSION
    other.close()
