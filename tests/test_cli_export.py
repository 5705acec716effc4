"""`srctrack export`: formats, filters and output file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sample_works import WORKS

from srctrack.cli import cli
from srctrack.model import Citation, CitationStyle, Creator, Document
from srctrack.store import Store


@pytest.fixture()
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "a.db")
    text = "See (Ann Lee, “Ports reopen”, Reuters, 3 May 2023)."
    raw = text[4:-1]
    document = Document(path=str(tmp_path / "doc.txt"), text=text, sha256="s")
    citation = Citation(raw=raw, start=4, end=4 + len(raw), style=CitationStyle.PARENTHETICAL,
                        authors=(Creator.person("Lee", "Ann"),), title="Ports reopen",
                        outlet="Reuters", date="2023-05-03", type="article-newspaper")
    with Store(path) as store:
        store.save_document(document, [citation])
        store.import_works(list(WORKS), "fixture")
    return path


def _keys(output: str) -> set[str]:
    return {item["id"] for item in json.loads(output)}


@pytest.mark.parametrize("fmt", ["bibtex", "biblatex", "csl-json", "ris", "text"])
def test_every_format_exports_every_work(db: str, fmt: str) -> None:
    result = CliRunner().invoke(cli, ["export", "--db", db, "--format", fmt])
    assert result.exit_code == 0, result.output
    assert "lee2023ports" in result.output or "Lee" in result.output


def test_document_filter(db: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["export", "--db", db, "--format", "csl-json",
                                      "--document", str(tmp_path / "doc.txt")])
    assert _keys(result.output) == {"lee2023ports"}


def test_unknown_document_is_an_input_error(db: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["export", "--db", db, "--document",
                                      str(tmp_path / "nope.txt")])
    assert result.exit_code == 3


def test_outlet_and_since_filters(db: str) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["export", "--db", db, "--format", "csl-json",
                                 "--outlet", "reuters"])
    assert _keys(result.output) == {"lee2023ports", "reuters2024ceasefire"}
    result = runner.invoke(cli, ["export", "--db", db, "--format", "csl-json",
                                 "--since", "2022-03"])
    assert _keys(result.output) == {"engvall2022russia", "oconnor2023energy", "lee2023ports",
                                    "reuters2024ceasefire"}
    assert runner.invoke(cli, ["export", "--db", db, "--since", "March"]).exit_code == 2


def test_output_file_and_style(db: str, tmp_path: Path) -> None:
    out = tmp_path / "refs.html"
    result = CliRunner().invoke(cli, ["export", "--db", db, "--format", "html", "--style",
                                      "ieee", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").count('class="csl-entry"') == len(WORKS) + 1


def test_bad_style_is_a_usage_error(db: str) -> None:
    result = CliRunner().invoke(cli, ["export", "--db", db, "--format", "text", "--style",
                                      "no-such-style"])
    assert result.exit_code == 2
    assert "unknown CSL style" in result.output
