"""`srctrack parse`: one record a line, in order, in JSON, BibTeX and CSL-JSON."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from srctrack.cli import cli

REFERENCES = [
    "Huffman, D. A. (1952). A method for the construction of minimum redundancy codes. "
    "Proceedings of the IRE, 40(9), 1098-1101. https://doi.org/10.1109/JRPROC.1952.273898",
    "",
    "Lakoff, George, and Mark Johnson. Metaphors We Live By. Chicago: University of Chicago "
    "Press, 1980.",
    "this line is not a reference at all",
    "Andrew Roth, “Putin signs law against ‘fake’ war news,” The Guardian, 4 March 2022.",
]
FIELDS = {"authors", "editors", "title", "outlet", "date", "volume", "issue", "pages",
          "publisher", "place", "url", "doi", "type", "accessed", "edition", "et_al",
          "confidence"}
CSL_SCHEMA = Path(__file__).resolve().parent / "data" / "csl-data.json"


def run(*args: str, stdin: bytes | str | None = None) -> str:
    result = CliRunner().invoke(cli, ["parse", *args], input=stdin)
    assert result.exit_code == 0, result.output
    return result.output


def test_json_lines_one_record_a_line_in_order() -> None:
    out = run("--json", stdin="\n".join(REFERENCES) + "\n").splitlines()
    records = [json.loads(line) for line in out]
    assert len(records) == len(REFERENCES)
    assert records[1] == {} and records[3] == {}
    huffman, lakoff, roth = records[0], records[2], records[4]
    assert set(huffman) == FIELDS
    assert huffman["authors"] == [{"family": "Huffman", "given": "D. A."}]
    assert (huffman["date"], huffman["volume"], huffman["issue"], huffman["pages"]) == (
        "1952", "40", "9", "1098-1101")
    assert huffman["doi"] == "10.1109/JRPROC.1952.273898"
    assert lakoff["outlet"] == lakoff["publisher"] == "University of Chicago Press"
    assert lakoff["place"] == "Chicago" and lakoff["type"] == "book"
    assert roth["outlet"] == "The Guardian" and roth["date"] == "2022-03-04"
    assert set(huffman["confidence"]) <= FIELDS
    assert all(0 <= p <= 1 for p in huffman["confidence"].values())


def test_reads_a_file_and_windows_line_ends(tmp_path: Path) -> None:
    path = tmp_path / "refs.txt"
    path.write_bytes("\r\n".join(REFERENCES).encode("utf-8"))
    out = run(str(path), "--json").splitlines()
    assert len(out) == len(REFERENCES)
    assert json.loads(out[2])["title"] == "Metaphors We Live By"


def test_bad_bytes_long_lines_and_nul_keep_the_alignment() -> None:
    lines = [b"\xff\xfe\x00\x01 binary", b"a" * 100_000, REFERENCES[0].encode(), b"",
             b"\x00" * 50, "Ünïcödé ∑ ≠ references".encode()]
    out = run("--json", stdin=b"\n".join(lines) + b"\n").splitlines()
    assert len(out) == len(lines)
    records = [json.loads(line) for line in out]
    assert records[2]["authors"][0]["family"] == "Huffman"
    assert [r == {} for r in records] == [True, True, False, True, True, True]


def test_bibtex_entries_in_input_order() -> None:
    import bibtexparser

    out = run("--bibtex", stdin="\n".join(REFERENCES))
    library = bibtexparser.parse_string(out)
    keys = [e.key for e in library.entries]
    assert keys == ["huffman1952method", "lakoff1980metaphors", "roth2022putin"]
    huffman = library.entries[0]
    assert huffman.entry_type == "article"
    assert huffman["journal"] == "Proceedings of the IRE"
    assert huffman["pages"] == "1098--1101"
    assert "% line 2: no reference" in out and "% line 4: no reference" in out


def test_clashing_keys_get_letters() -> None:
    import bibtexparser

    out = run("--bibtex", stdin=f"{REFERENCES[2]}\n{REFERENCES[2]}\n")
    keys = [e.key for e in bibtexparser.parse_string(out).entries]
    assert keys == ["lakoff1980metaphorsa", "lakoff1980metaphorsb"]


def test_csl_json_array_validates() -> None:
    items = json.loads(run("--csl-json", stdin="\n".join(REFERENCES) + "\n"))
    assert len(items) == len(REFERENCES)
    assert items[0]["issued"] == {"date-parts": [[1952]]}
    assert items[0]["container-title"] == "Proceedings of the IRE"
    assert items[0]["DOI"] == "10.1109/JRPROC.1952.273898"
    assert items[4]["issued"] == {"date-parts": [[2022, 3, 4]]}
    assert items[1] == {"id": "line2", "type": "document"}
    import jsonschema

    jsonschema.validate(items, json.loads(CSL_SCHEMA.read_text("utf-8")))


def test_table_by_default() -> None:
    out = run(stdin=REFERENCES[2])
    assert "Metaphors" in out and "Lakoff" in out and "1 references" in out


def test_a_missing_file_is_an_input_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["parse", str(tmp_path / "none.txt"), "--json"])
    assert result.exit_code == 3
    assert "none.txt" in result.output
