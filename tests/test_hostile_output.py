"""What srctrack prints and writes carries no instruction from the data: no terminal escape
in what is printed, no HTML or Markdown in an audit report, no header in a request."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from srctrack.check.options import CheckOptions
from srctrack.cli import cli
from srctrack.errors import ExitCode
from srctrack.render import escaped, markdown_text, printable
from srctrack.store import Store

ESC_TITLE = "Report \x1b]52;c;aGVsbG8=\x07 on \x1b[2J\x9b31m things [bold]x[/] [/]"
CONTROLS = ("\x1b", "\x07", "\x9b", "\u202e")


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False, env=env)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def hostile_db(tmp_path: Path) -> Path:
    document = tmp_path / "a\x1b[31m.md"
    document.write_text(f"As [{ESC_TITLE}](https://x.org/\u202eevil) reported (Smith, "
                        f"\"{ESC_TITLE}\", Foreign Affairs, March 3, 2022).\n",
                        encoding="utf-8")
    db = tmp_path / "x.db"
    code, _, err = run("extract", "--db", str(db), str(document))
    assert code == 0, err
    with Store(str(db)) as store:
        works = store.works()
        key = works[0].work.key
        store.edit_work(key, {"title": ESC_TITLE, "url": "https://x.org/\x1b[31m"})
    return db


def test_nothing_printed_carries_a_control_character(hostile_db: Path) -> None:
    with Store(str(hostile_db)) as store:
        key = store.works()[0].work.key
    for args in (["list"], ["show", key], ["sources"], ["search", "Report"],
                 ["sources", "--by", "outlet"], ["audit"], ["export", "--format", "ris"],
                 ["export", "--format", "csl-json"], ["list", "--json"], ["show", key, "--json"],
                 ["audit", "--format", "markdown"]):
        code, out, err = run(*args, "--db", str(hostile_db))
        assert code in (0, 1), (args, err)
        for char in CONTROLS:
            assert char not in out, (args, out)
            assert char not in err, (args, err)
    code, out, _ = run("show", key, "--db", str(hostile_db))
    assert "[bold]x[/]" in out  # rich markup in a title is text, not markup


def test_json_keeps_the_value_with_the_controls_escaped(hostile_db: Path) -> None:
    _, out, _ = run("list", "--json", "--db", str(hostile_db))
    titles = [json.loads(line)["title"] for line in out.splitlines()]
    assert ESC_TITLE in titles


def test_a_file_name_with_a_line_break_is_printed_escaped(tmp_path: Path) -> None:
    bad = tmp_path / "evil\nsrctrack: error: fake\x1b[2J.txt"
    bad.write_bytes(b"\x00\x01binary")
    code, _, err = run("extract", "--db", str(tmp_path / "x.db"), str(bad))
    assert code == ExitCode.INPUT
    assert err.count("\n") == 1 and "evil\\nsrctrack" in err and "\x1b" not in err


def test_printing_helpers() -> None:
    assert printable("a\x1b]52;c;x\x07b\x9bc\u202ed\te\nf") == "a]52;c;xbcd\te\nf"
    assert escaped("a\nb\x1b") == "a\\nb\\x1b"


def test_audit_markdown_escapes_html_and_markdown(tmp_path: Path) -> None:
    name = tmp_path / "<img src=x onerror=alert(1)>.md"
    name.write_text('See [the "><script>alert(1)</script> page](http://x.org/"><script>) '
                    "and [r](javascript:alert(1)).\n", encoding="utf-8")
    db = tmp_path / "x.db"
    run("extract", "--db", str(db), str(name))
    _, out, _ = run("audit", "--format", "markdown", "--db", str(db))
    assert "<img" not in out and "<script" not in out and "](javascript" not in out
    assert markdown_text('<b>"x"</b> [l](u) *e* a|b') == (
        "&lt;b&gt;&quot;x&quot;&lt;/b&gt; \\[l\\]\\(u\\) \\*e\\* a\\|b")


def test_audit_html_escapes_paths_and_urls(tmp_path: Path) -> None:
    name = tmp_path / "<img src=x onerror=alert(1)>.md"
    name.write_text('See [a page](http://x.org/"><script>alert(1)</script>).\n',
                    encoding="utf-8")
    db = tmp_path / "x.db"
    run("extract", "--db", str(db), str(name))
    _, out, _ = run("audit", "--format", "html", "--db", str(db))
    assert "<img src=x" not in out and "<script>alert" not in out


@pytest.mark.parametrize("agent", ["a\r\nX-Injected: 1", "a\nGET / HTTP/1.1", "a\x00b",
                                   "a\rb"])
def test_control_characters_in_a_user_agent_are_refused(agent: str) -> None:
    with pytest.raises(ValueError, match="control character"):
        CheckOptions(user_agent=agent)
    code, _, err = run("check", "--no-store", "--user-agent", agent, "http://127.0.0.1:9/")
    assert code == ExitCode.USAGE and "control character" in err
    if "\x00" not in agent:  # an environment variable cannot hold a NUL
        code, _, err = run("check", "--no-store", "http://127.0.0.1:9/",
                           env={"SRCTRACK_USER_AGENT": agent})
        assert code == ExitCode.USAGE and "control character" in err


def test_the_curl_session_refuses_a_line_break_in_any_header() -> None:
    pytest.importorskip("pycurl")
    from srctrack.check.curl import CurlSession

    with pytest.raises(ValueError, match="line break"):
        CurlSession().request("GET", "http://127.0.0.1:9/", headers={"X": "a\r\nB: c"})

