"""`srctrack check` end to end: CliRunner against servers on 127.0.0.1."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from linkserver import Handler, LinkServer, article, block_dns, serve

from srctrack.check import CheckOptions
from srctrack.cli import CHECK_DEFAULTS, cli
from srctrack.model import Citation, CitationStyle, Document
from srctrack.store import Store

FAST = ["--min-gap", "0", "--timeout", "2", "--retries", "0", "--allow-private"]
JSON_KEYS = ["url", "status", "http_status", "final_url", "redirects", "error", "elapsed_ms",
             "checked_at", "archived_url"]


@pytest.fixture(autouse=True)
def no_internet(monkeypatch: pytest.MonkeyPatch) -> None:
    block_dns(monkeypatch)


@pytest.fixture(scope="module")
def site() -> Iterator[LinkServer]:
    server = LinkServer()

    @server.route("/live")
    def live(h: Handler) -> None:
        h.send(article("Live", "live"))

    @server.route("/moved")
    def moved(h: Handler) -> None:
        h.redirect("/live", 308)

    @server.route("/wall")
    def wall(h: Handler) -> None:
        h.send("no robots", 403)

    with serve(server):
        yield server


@pytest.fixture(scope="module")
def archive() -> Iterator[LinkServer]:
    server = LinkServer()

    @server.route("/web/*")
    def lookup(h: Handler) -> None:
        target = h.path.split("/", 3)[3]
        h.redirect(f"/web/20210102030405/{target}", 302)

    with serve(server):
        yield server


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)
    return result.exit_code, result.output


def lines(output: str) -> dict[str, dict[str, object]]:
    return {o["url"]: o for o in map(json.loads, output.splitlines())}  # type: ignore[misc]


def test_json_lines_carry_the_documented_keys(site: LinkServer, tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    code, out = run("check", "--db", db, "--json", *FAST, site.url("/live"),
                    site.url("/moved"), site.url("/missing"), site.url("/wall"))
    assert code == 0
    found = lines(out)
    for obj in found.values():
        assert list(obj)[:len(JSON_KEYS)] == JSON_KEYS
    assert found[site.url("/live")]["status"] == "alive"
    moved = found[site.url("/moved")]
    assert moved["status"] == "redirected"
    assert moved["final_url"] == site.url("/live")
    assert moved["redirects"] == [{"url": site.url("/moved"), "status": 308}]
    assert moved["permanent"] is True
    assert found[site.url("/missing")]["status"] == "dead"
    assert found[site.url("/missing")]["failing_since"]
    assert found[site.url("/wall")]["status"] == "blocked"
    assert found[site.url("/wall")]["failing_since"] is None


def test_human_output_has_a_summary_and_the_problems(site: LinkServer, tmp_path: Path) -> None:
    code, out = run("check", "--db", str(tmp_path / "s.db"), *FAST, site.url("/live"),
                    site.url("/missing"))
    assert code == 0
    assert "2 links checked" in out
    assert "alive" in out and "dead" in out
    assert "not found (404)" in out
    assert "failing since" in out


def cite(db: Path, *urls: str) -> None:
    citations = [Citation(raw=u, start=0, end=1, style=CitationStyle.PARENTHETICAL,
                          title=f"Report {i}", date="2021-01-02", url=u)
                 for i, u in enumerate(urls)]
    with Store(db) as store:
        store.save_document(Document(path="a.md", text="x", sha256="0" * 64), citations)


def test_checks_the_bibliography_and_keeps_history(site: LinkServer, tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    cite(db, site.url("/live"), site.url("/missing"))
    code, out = run("check", "--db", str(db), "--json", *FAST)
    assert code == 0
    assert set(lines(out)) == {site.url("/live"), site.url("/missing")}
    # Checked a moment ago: nothing is stale within a day, everything within no time.
    code, out = run("check", "--db", str(db), "--json", "--stale", "1d", *FAST)
    assert (code, out) == (0, "")
    code, out = run("check", "--db", str(db), "--json", "--stale", "0s", *FAST)
    assert len(lines(out)) == 2
    code, out = run("check", "--db", str(db), "--json", "--history", site.url("/missing"))
    history = [json.loads(line) for line in out.splitlines()]
    assert [h["status"] for h in history] == ["dead", "dead"]
    code, out = run("check", "--db", str(db), "--history", site.url("/missing"))
    assert "2 checks" in out and "failing since" in out


def test_archive_lookup_from_the_configured_archive(site: LinkServer, archive: LinkServer,
                                                    tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    cite(db, site.url("/missing"))
    code, out = run("check", "--db", str(db), "--json", "--archive", *FAST,
                    env={"SRCTRACK_ARCHIVE_URL": archive.base})
    assert code == 0
    (found,) = lines(out).values()
    assert found["archived_url"] == f"{archive.base}/web/20210102030405/{site.url('/missing')}"
    assert archive.methods == [("GET", f"/web/20210102/{site.url('/missing')}")]


def test_fail_on(site: LinkServer, tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    assert run("check", "--db", db, *FAST, "--fail-on", "dead", site.url("/live"))[0] == 0
    assert run("check", "--db", db, *FAST, "--fail-on", "dead,soft-404",
               site.url("/missing"))[0] == 1


def test_no_store_records_nothing(site: LinkServer, tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    code, _ = run("check", "--db", str(db), "--no-store", *FAST, site.url("/live"))
    assert code == 0
    assert not db.exists()


@pytest.mark.parametrize("args", [
    ["ftp://example.org/file"], ["mailto:someone@example.org"], ["--stale", "soon"],
    ["--fail-on", "broken", "http://127.0.0.1:1/"], ["--no-store"], ["--concurrency", "0"],
])
def test_bad_usage_exits_2(args: list[str], tmp_path: Path) -> None:
    code, out = run("check", "--db", str(tmp_path / "s.db"), *args)
    assert code == 2
    assert "Error" in out


def test_cli_defaults_are_the_library_defaults() -> None:
    options = CheckOptions()
    for name, value in CHECK_DEFAULTS.items():
        assert getattr(options, name) == value, name
