"""One malformed document is that document's error, never the run's; markup that never
closes is read in linear time and as text."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from srctrack.cli import cli
from srctrack.errors import ExitCode
from srctrack.read import html, markdown
from srctrack.read.guard import defuse
from srctrack.store import Store

ROOT = Path(__file__).resolve().parent.parent
#: The inputs that used to stop a whole run with a traceback.
BROKEN = {"a.html": "<![ ", "b.txt": "see http://[::1]:8080/ here\n",
          "c.html": '<p>See <a href="https://[1]/">this</a>.</p>',
          "d.html": '<link rel=canonical href="http://a.org:x/"><p>Hello.</p>',
          "e.md": "[r](http://a.org:x/p)\n"}


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_malformed_document_is_its_own_error(tmp_path: Path, jobs: str,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from srctrack import extract as extraction

    real = extraction.extract

    def crashes_on_boom(document: Any) -> Any:
        if document.path.endswith("boom.txt"):
            raise RuntimeError("a bug in an extractor\nwith a second line")
        return real(document)

    # (Workers are forked after this, so they crash on it too.)
    monkeypatch.setattr(extraction, "extract", crashes_on_boom)
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in BROKEN.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "boom.txt").write_text("Anything.\n", encoding="utf-8")
    (folder / "z.txt").write_text(
        (ROOT / "examples" / "csto-annual-meeting-2022.txt").read_text(encoding="utf-8"),
        encoding="utf-8")
    db = tmp_path / "x.db"
    code, out, err = run("extract", "--jobs", jobs, "--db", str(db), str(folder))
    assert code == ExitCode.INPUT, err
    assert "Traceback" not in err
    # The inputs that used to stop the run are read now; the crash is boom.txt's error only.
    assert err.count("\n") == 1 and "boom.txt: could not be read (RuntimeError" in err
    assert "z.txt: 3 citations" in out
    with Store(str(db)) as store:
        for name in (*BROKEN, "z.txt"):
            assert store.has_document(str(folder / name)), name
        assert not store.has_document(str(folder / "boom.txt"))
        stored = {s.work.key for s in store.works()}
    assert "engvall2022russia" in stored


def test_the_page_a_broken_canonical_url_is_read_without_it() -> None:
    document = html.to_document("d.html", BROKEN["d.html"], "0")
    assert document.url is None and "Hello." in document.text


@pytest.mark.parametrize("markup", [
    "<p>A <b>b</b> <!-- x --> c</p>", "<![CDATA[x]]><p>y</p>", "<!DOCTYPE html><p>x</p>",
    "<script>if (a<b) {}</script><p>x</p>", "<p title=\"a>b\">x</p>",
    "<![if !supportLists]>1.<![endif]> x", "<?xml version='1.0'?><p>x</p>"])
def test_markup_that_closes_is_left_as_it_is(markup: str) -> None:
    assert defuse(markup) == markup


@pytest.mark.parametrize(("shape", "fmt"), [
    ("[a](", "md"), ("<!-- ", "md"), ("<!-- ", "html"), ("<a", "html"), ('<a x="', "html"),
    ("<![ ", "html"), ("<![CDATA[>", "html"), ("<http://a", "md"), ('![a](x "', "md")])
def test_openings_that_never_close_are_text(shape: str, fmt: str) -> None:
    # 100 KB of each took from seconds to minutes; now it is read at once. (No timing is
    # asserted; benchmarks/hostile_markup.py prints time against size.)
    source = shape * (100_000 // len(shape))
    sha = hashlib.sha256(source.encode()).hexdigest()
    reader = markdown if fmt == "md" else html
    document = reader.to_document("x", source, sha)
    assert document.text.strip()


def test_markdown_comments_are_dropped_in_one_pass() -> None:
    assert markdown.without_comments("a<!-- x -->b<!-- y") == "ab<!-- y"


@pytest.mark.parametrize("args", [
    ["check", "--no-store", "http://[::1"], ["check", "--no-store", "http://a.org:x/p"],
    ["check", "--history", "http://a.org:x/p"], ["sources", "--limit", "9" * 20],
    ["search", "x", "--limit", "9" * 20]])
def test_bad_arguments_are_one_line_usage_errors(args: list[str], tmp_path: Path) -> None:
    code, _, err = run(*args, "--db", str(tmp_path / "x.db"))
    assert code == ExitCode.USAGE
    assert "Traceback" not in err and "Error: Invalid value" in err


@pytest.mark.parametrize(("name", "content"), [
    ("deep.json", "[" * 100_000 + "]" * 100_000),
    ("deep.bib", "@misc{a, title = " + "{" * 100_000 + "}" * 100_000 + "}")])
def test_a_file_nested_too_deeply_is_its_own_error(name: str, content: str,
                                                   tmp_path: Path) -> None:
    (tmp_path / name).write_text(content, encoding="utf-8")
    good = tmp_path / "good.json"
    good.write_text('[{"id": "a", "type": "book", "title": "A Book"}]', encoding="utf-8")
    code, _, err = run("import", "--db", str(tmp_path / "x.db"), str(tmp_path / name),
                       str(good))
    assert code == ExitCode.INPUT
    assert err.strip().count("\n") == 0 and "nested too deeply" in err
    with Store(str(tmp_path / "x.db")) as store:
        assert [s.work.title for s in store.works()] == ["A Book"]


def test_a_symbolic_link_out_of_the_folder_is_not_followed(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("Secret (Smith, \"Private\", Outlet, 2020).\n", encoding="utf-8")
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text("Nothing cited.\n", encoding="utf-8")
    (folder / "inside.txt").symlink_to(folder / "a.txt")
    (folder / "leak.txt").symlink_to(secret)
    code, _, err = run("extract", "--json", "--no-store", str(folder))
    assert code == ExitCode.INPUT
    assert "leak.txt: a symbolic link out of the folder" in err and "inside.txt" not in err


@pytest.mark.parametrize(("option", "value"), [
    ("--date", "2022-13-01"), ("--date", "yesterday"), ("--type", "evil},note={x"),
    ("--url", "http://[::1"), ("--url", "javascript:alert(1)")])
def test_edit_validates_its_values(tmp_path: Path, option: str, value: str) -> None:
    db = tmp_path / "x.db"
    run("extract", "--db", str(db), str(ROOT / "examples" / "csto-annual-meeting-2022.txt"))
    code, _, err = run("edit", "engvall2022russia", option, value, "--db", str(db))
    assert code == ExitCode.USAGE and "Invalid value" in err


def test_an_outlet_or_author_filter_is_literal(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    run("extract", "--db", str(db), str(ROOT / "examples" / "csto-annual-meeting-2022.txt"))
    _, out, _ = run("sources", "--json", "--outlet", "%", "--db", str(db))
    assert out == ""
    _, out, _ = run("sources", "--json", "--author", "_", "--db", str(db))
    assert out == ""
    _, out, _ = run("sources", "--json", "--outlet", "Euractiv", "--db", str(db))
    assert out.count("\n") == 1


def test_hidden_html_is_not_text_and_a_second_title_is_not_the_title() -> None:
    page = ('<html><head><title>Real</title></head><body><svg><title>Icon</title></svg>'
            '<p>Seen.</p><div hidden>H1</div><p style="color:red; display: none">H2</p>'
            '<p style="visibility:hidden">H3</p><template>H4</template><textarea>H5</textarea>'
            '<title>Fake</title><p>After.</p></body></html>')
    document = html.to_document("x.html", page, "0")
    assert document.title == "Real"
    assert document.text == "Seen.\nAfter.\n"


def test_a_document_larger_than_the_limit_is_its_own_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from srctrack import read

    monkeypatch.setattr(read, "MAX_DOCUMENT_BYTES", 1000)
    (tmp_path / "big.txt").write_text("x" * 1001, encoding="utf-8")
    (tmp_path / "small.txt").write_text("x" * 1000, encoding="utf-8")
    code, _, err = run("extract", "--no-store", "--json", str(tmp_path))
    assert code == ExitCode.INPUT
    assert "big.txt: larger than" in err and "small.txt" not in err


def test_parse_reads_no_line_beyond_its_limit(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    import srctrack.cli

    monkeypatch.setattr(srctrack.cli, "MAX_REFERENCE_LINE", 100)
    source = tmp_path / "refs.txt"
    source.write_text("Smith, J. (2020). A title. Outlet.\n" + "x" * 1000 + "\n"
                      "Doe, A. (2021). Other. Place.\n", encoding="utf-8")
    code, out, _ = run("parse", "--json", str(source))
    assert code == 0
    records = out.splitlines()
    assert len(records) == 3 and records[1] == "{}"
