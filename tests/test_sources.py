"""Source tracking: sources, show, search, merge and edit, through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from srctrack.cli import cli
from srctrack.errors import ExitCode

DOCS = {
    "one.txt": "A (Anna Kowalska, Grain and Guns, Foreign Policy, March 14, 2022). "
               "B (Ivan Petrov, The Pipeline Deal, Kommersant, June 1, 2022).",
    "two.txt": "C (Anna Kowalska, Grain and Guns, Foreign Policy, March 14, 2022). "
               "D (Ivan Petrov, Pipeline deal signed, Kommersant, June 1, 2022). "
               "E (Human Rights Watch, Dams and Displacement, 2019).",
}


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "x.db")
    for name, text in DOCS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    code, _ = run("extract", "--db", path, str(tmp_path / "one.txt"), str(tmp_path / "two.txt"))
    assert code == 0
    return path


def lines(out: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.splitlines()]


def test_sources_most_cited_first(db: str) -> None:
    code, out = run("sources", "--db", db, "--json")
    rows = lines(out)
    assert code == 0 and rows[0]["key"] == "kowalska2022grain" and rows[0]["documents"] == 2
    assert all(r["first_cited"] and r["last_cited"] for r in rows)
    code, out = run("sources", "--db", db, "--json", "--outlet", "Kommersant")
    assert {r["outlet"] for r in lines(out)} == {"Kommersant"}
    code, out = run("sources", "--db", db, "--json", "--since", "2022-04")
    assert {r["date"] for r in lines(out)} == {"2022-06-01"}


def test_sources_by_outlet_author_year(db: str) -> None:
    _, out = run("sources", "--db", db, "--json", "--by", "outlet")
    by_outlet = {r["outlet"]: r["citations"] for r in lines(out)}
    assert by_outlet == {"Foreign Policy": 2, "Kommersant": 2, "Human Rights Watch": 1}
    _, out = run("sources", "--db", db, "--json", "--by", "year")
    assert {r["year"]: r["works"] for r in lines(out)} == {"2022": 3, "2019": 1}
    _, out = run("sources", "--db", db, "--by", "author")
    assert "Anna Kowalska" in out


def test_show_every_place_a_work_is_cited(db: str, tmp_path: Path) -> None:
    code, out = run("show", "--db", db, "--json", "kowalska2022grain")
    work = json.loads(out)
    assert code == 0
    assert [c["document"] for c in work["cited_at"]] == [str(tmp_path / "one.txt"),
                                                         str(tmp_path / "two.txt")]
    assert work["cited_at"][0]["line"] == 1
    assert run("show", "--db", db, "nosuchkey")[0] == ExitCode.USAGE


@pytest.mark.parametrize(("text", "key"), [
    ("pipeline", "petrov2022pipeline"),
    ("Rights Watch", "humanrightswatch2019dams"),
    ("kowalska", "kowalska2022grain"),
    ("displacement", "humanrightswatch2019dams"),
])
def test_search_titles_outlets_authors(db: str, text: str, key: str) -> None:
    code, out = run("search", "--db", db, "--json", text)
    assert code == 0 and key in {r["key"] for r in lines(out)}
    assert run("search", "--db", db, "--json", "zzzz")[1] == ""


def test_merge_survives_reextraction(db: str, tmp_path: Path) -> None:
    code, out = run("merge", "--db", db, "--json", "petrov2022pipeline", "petrov2022pipelinea")
    assert code == 0 and len(json.loads(out)["cited_at"]) == 2
    # the documents change, and are extracted again: the merge holds
    for name in DOCS:
        path = tmp_path / name
        path.write_text(path.read_text(encoding="utf-8") + " More text.", encoding="utf-8")
    run("extract", "--db", db, str(tmp_path / "one.txt"), str(tmp_path / "two.txt"))
    _, out = run("sources", "--db", db, "--json", "--outlet", "Kommersant")
    assert [(r["key"], r["citations"]) for r in lines(out)] == [("petrov2022pipeline", 2)]


def test_edit_survives_reextraction(db: str, tmp_path: Path) -> None:
    code, out = run("edit", "--db", db, "--json", "kowalska2022grain", "--title",
                    "Grain, Gas and Guns", "--date", "2022-03-13")
    assert code == 0 and json.loads(out)["title"] == "Grain, Gas and Guns"
    path = tmp_path / "one.txt"
    path.write_text(path.read_text(encoding="utf-8") + " Changed.", encoding="utf-8")
    run("extract", "--db", db, str(path))
    _, out = run("show", "--db", db, "--json", "kowalska2022grain")
    assert (json.loads(out)["title"], json.loads(out)["date"]) == ("Grain, Gas and Guns",
                                                                   "2022-03-13")
    assert run("edit", "--db", db, "kowalska2022grain")[0] == ExitCode.USAGE
    assert run("edit", "--db", db, "nokey", "--title", "x")[0] == ExitCode.USAGE
