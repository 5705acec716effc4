"""Importing bibliography files into the store: matching, filling, conflicts, bad entries."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from sample_works import WORKS

from srctrack.cli import cli
from srctrack.export import biblatex, bibtex, csljson, ris
from srctrack.export.reading import read
from srctrack.model import Citation, CitationStyle, Creator, Document, Work
from srctrack.store import Store

DUMPERS = {".bib": biblatex.dumps, ".bibtex": bibtex.dumps, ".json": csljson.dumps,
           ".ris": ris.dumps}


def _stored(store: Store) -> dict[str, Work]:
    return {s.work.key: replace(s.work, id=None) for s in store.works()}


@pytest.mark.parametrize("suffix", [".json", ".bib", ".ris"])
def test_export_then_import_gives_the_same_works(tmp_path: Path, suffix: str) -> None:
    with Store(tmp_path / "a.db") as first:
        first.import_works(list(WORKS), "fixture")
        exported = DUMPERS[suffix](list(_stored(first).values()))
        before = _stored(first)
    path = tmp_path / f"out{suffix}"
    path.write_text(exported, encoding="utf-8")
    with Store(tmp_path / "b.db") as second:
        outcomes = second.import_works(read(path).works, str(path))
        after = _stored(second)
    assert {o.action for o in outcomes} == {"added"}
    assert after.keys() == before.keys()
    for key, work in before.items():
        got = after[key]
        assert (got.title, got.authors, got.issued, got.url, got.doi, got.accessed) == \
            (work.title, work.authors, work.issued, work.url, work.doi, work.accessed)
        if suffix == ".json":
            assert got == work  # CSL-JSON holds everything a work has


def test_reimporting_changes_nothing(tmp_path: Path) -> None:
    with Store(tmp_path / "a.db") as store:
        store.import_works(list(WORKS), "one")
        outcomes = store.import_works(list(WORKS), "two")
        assert {o.action for o in outcomes} == {"unchanged"}
        assert store.counts()["works"] == len(WORKS)


def test_same_work_is_matched_filled_and_conflicts_kept(tmp_path: Path) -> None:
    text = "As (Johan Engvall, “Russia rebuilds”, The Guardian, 14 March 2022) said."
    document = Document(path=str(tmp_path / "d.txt"), text=text, sha256="x")
    raw = text[3:text.index(")") + 1]
    citation = Citation(raw=raw, start=3, end=3 + len(raw), style=CitationStyle.PARENTHETICAL,
                        authors=(Creator.person("Engvall", "Johan"),), title="Russia rebuilds",
                        outlet="The Guardian", date="2022-03-14", type="article-newspaper")
    imported = Work(key="engvall-other-key", type="article-newspaper", title="Russia rebuilds",
                    container_title="Guardian Weekly", authors=citation.authors,
                    issued="2022-03-14", doi="10.1/x")
    with Store(tmp_path / "a.db") as store:
        store.save_document(document, [citation])
        [outcome] = store.import_works([imported], "mine.bib")
        [summary] = store.works()
    assert outcome.action == "merged"
    assert outcome.key == summary.work.key != "engvall-other-key"  # matched, not duplicated
    assert outcome.filled == ("doi",)
    assert [(c.field, c.kept, c.offered) for c in outcome.conflicts] == \
        [("container_title", "The Guardian", "Guardian Weekly")]
    assert summary.work.container_title == "The Guardian"  # kept, not overwritten
    assert summary.work.doi == "10.1/x"
    assert summary.work.extra["conflicts"] == {
        "container_title": [{"value": "Guardian Weekly", "source": "mine.bib"}]}


def test_a_taken_or_non_ascii_key_gets_a_fresh_one(tmp_path: Path) -> None:
    first = Work(key="k", type="book", title="One", issued="2020")
    second = Work(key="k", type="book", title="Two", issued="2020")
    third = Work(key="müller2020", type="book", title="Three", issued="2020",
                 authors=(Creator.person("Müller"),))
    with Store(tmp_path / "a.db") as store:
        keys = [o.key for o in store.import_works([first, second, third], "f")]
    assert keys == ["k", "ka", "muller2020three"]


def test_cli_import_reports_malformed_entries_by_line_and_imports_the_rest(
        tmp_path: Path) -> None:
    bib = tmp_path / "mixed.bib"
    bib.write_text("@book{good1, title={Good one}, year={2020}}\n\n"
                   "@article{bad,\n  title = {Unclosed,\n\n"
                   "@book{good2, title={Good two}, year={2021}}\n", encoding="utf-8")
    db = str(tmp_path / "a.db")
    result = CliRunner().invoke(cli, ["import", str(bib), "--db", db, "--json"])
    assert result.exit_code == 3
    assert f"{bib}:3: malformed entry" in result.output
    with Store(db) as store:
        assert {s.work.key for s in store.works()} == {"good1", "good2"}


def test_cli_import_refuses_an_unknown_suffix(tmp_path: Path) -> None:
    path = tmp_path / "refs.txt"
    path.write_text("x", encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(path), "--db", str(tmp_path / "a.db")])
    assert result.exit_code == 3
    assert "cannot import .txt" in result.output


def test_the_doi_lookup_of_import_uses_an_index(tmp_path: Path) -> None:
    """Import matched a DOI by reading every work: quadratic in the file's size."""
    from srctrack.store import Store

    with Store(tmp_path / "x.db") as store:
        plan = store.db.execute(
            "EXPLAIN QUERY PLAN SELECT * FROM works WHERE doi IS NOT NULL "
            "AND lower(doi) = lower(?) ORDER BY id LIMIT 1", ["10.1/x"]).fetchall()
    assert any("works_doi" in row[3] for row in plan), plan
