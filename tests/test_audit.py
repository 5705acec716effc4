"""Audit rules over a small bibliography built from documents written for each rule."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from srctrack.audit import AuditConfig, Severity, audit, fails, load_config, parse_fail_on
from srctrack.cli import cli
from srctrack.errors import ExitCode, UsageError
from srctrack.extract import extract
from srctrack.read import Source, read
from srctrack.store import Store

DOCS = {
    "a.txt": "Claims (Anna Kowalska, Grain and Guns, Foreign Policy, March 14, 2022). "
             "A leap (Reuters, February 30, 2022). A prophecy (Interfax, May 2, 2091). "
             "A wrong day (Ivan Petrov, The Pipeline Deal, Kommersant, June 1, 2022).",
    "b.txt": "Again (Anna Kowalska, Grain and Guns, Foreign Policy, March 15, 2022). "
             "Same story (Ivan Petrov, The Pipline Deal, Kommersant, June 1, 2022).",
}


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "a.db")
    for name, text in DOCS.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        document = read(Source(str(path), "txt"))
        s.save_document(document, extract(document))
    return s


def rules_of(store: Store, **kw: object) -> dict[str, int]:
    report = audit(store, config=AuditConfig(today=date(2026, 1, 1)), **kw)  # type: ignore[arg-type]
    return report.counts()


def test_rules_find_what_they_name(store: Store) -> None:
    counts = rules_of(store)
    assert counts["impossible-date"] == 1
    assert counts["future-date"] == 1
    assert counts["inconsistent-date"] == 1  # Kowalska: March 14 and March 15
    assert counts["probable-duplicate"] == 1  # "The Pipeline Deal" / "The Pipline Deal"
    assert "undated" not in counts


def test_findings_carry_document_line_and_citation(store: Store, tmp_path: Path) -> None:
    report = audit(store, config=AuditConfig(today=date(2026, 1, 1)))
    leap = next(f for f in report.findings if f.rule == "impossible-date")
    assert leap.document == str(tmp_path / "a.txt")
    assert leap.line == 1
    assert leap.citation == "Reuters, February 30, 2022"
    assert leap.severity == Severity.ERROR


def test_audit_of_one_document(store: Store, tmp_path: Path) -> None:
    config = AuditConfig(today=date(2026, 1, 1))
    report = audit(store, [str(tmp_path / "a.txt")], config)
    assert {f.document for f in report.findings if f.document} == {str(tmp_path / "a.txt")}
    assert report.documents == (str(tmp_path / "a.txt"),)
    rules = audit(store, [str(tmp_path / "b.txt")], config).counts()
    assert "impossible-date" not in rules and "future-date" not in rules
    assert rules["inconsistent-date"] == 1  # a work b.txt cites


def test_rules_can_be_switched_off(store: Store, tmp_path: Path) -> None:
    config_file = tmp_path / "srctrack.toml"
    config_file.write_text('[audit]\ndisable = ["future-date", "probable-duplicate"]\n')
    config = load_config(config_file)
    counts = audit(store, config=config).counts()
    assert "future-date" not in counts and "probable-duplicate" not in counts
    config_file.write_text('[audit]\ndisable = ["no-such-rule"]\n')
    with pytest.raises(UsageError, match="no-such-rule"):
        load_config(config_file)


def test_fail_on_names_rules_or_severities(store: Store) -> None:
    findings = audit(store, config=AuditConfig(today=date(2026, 1, 1))).findings
    assert fails(findings, parse_fail_on("impossible-date"))
    assert fails(findings, parse_fail_on("error"))
    assert not fails(findings, parse_fail_on("dead-link,undated"))
    with pytest.raises(UsageError):
        parse_fail_on("deadlink")


def test_after_document_date(tmp_path: Path) -> None:
    html = ('<html><head><meta property="article:published_time" content="2021-05-01">'
            "</head><body><p>Later (Reuters, June 3, 2021).</p></body></html>")
    (tmp_path / "d.html").write_text(html, encoding="utf-8")
    with Store(tmp_path / "x.db") as s:
        document = read(Source(str(tmp_path / "d.html"), "html"))
        s.save_document(document, extract(document))
        assert rules_of(s) == {"after-document": 1}


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout


def test_cli_audit_gates_with_fail_on(store: Store) -> None:
    db = store.path
    code, out = run("audit", "--db", db, "--json")
    assert code == 0
    rules = {json.loads(line)["rule"] for line in out.splitlines()}
    assert {"impossible-date", "future-date", "inconsistent-date"} <= rules
    assert run("audit", "--db", db, "--fail-on", "impossible-date")[0] == ExitCode.FINDINGS
    assert run("audit", "--db", db, "--fail-on", "dead-link")[0] == 0
    assert run("audit", "--db", db, "--fail-on", "nonsense")[0] == ExitCode.USAGE


def test_cli_audit_markdown_and_html(store: Store, tmp_path: Path) -> None:
    code, out = run("audit", "--db", store.path, "--format", "markdown")
    assert code == 0 and out.startswith("# srctrack audit:") and "| impossible-date |" in out
    code, _ = run("audit", "--db", store.path, "--format", "html", "-o", str(tmp_path / "r.html"))
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert code == 0 and page.startswith("<!doctype html>")
    assert "impossible-date" in page and "<svg" in page and "Kommersant" in page
    assert "http" not in page.split("<body>")[0]  # nothing loaded from anywhere


def test_link_rules_read_the_latest_check(tmp_path: Path) -> None:
    from srctrack.model import LinkCheck, LinkStatus

    text = ("See [the report](https://example.org/a?utm_source=x) and "
            "[the page](https://example.org/b) and [another](https://example.org/c).")
    (tmp_path / "d.md").write_text(text, encoding="utf-8")
    with Store(tmp_path / "x.db") as s:
        document = read(Source(str(tmp_path / "d.md"), "md"))
        s.save_document(document, extract(document))
        s.record_checks([
            LinkCheck("https://example.org/a", LinkStatus.ALIVE, "answers", "2026-01-01T00:00:00"),
            LinkCheck("https://example.org/a", LinkStatus.DEAD, "404 Not Found",
                      "2026-01-02T00:00:00", http_status=404),
            LinkCheck("https://example.org/b", LinkStatus.TIMEOUT, "no answer in 10 s",
                      "2026-01-02T00:00:00"),
        ])
        counts = rules_of(s)
    assert counts.get("dead-link") == 1
    assert counts.get("failing-link") == 1
    assert counts.get("unchecked-link") == 1


@pytest.mark.parametrize(("text", "rule"), [
    ("Claim one.[1] Claim two.\n\nNotes\n\n"
     "1. John Smith, “Grain Corridors,” Foreign Affairs, March 3, 2021.\n"
     "2. Anna Kowalska, “Water Wars,” Foreign Policy, May 2, 2021.\n",
     "unreferenced-note"),
    ("As shown (Smith 2020) and disputed (Jones 2019).\n\nReferences\n\n"
     "Smith, J. (2020). Grain corridors in Central Asia. Journal of Eurasian Studies, 3(2), "
     "1-10.\n",
     "unresolved-author-date"),
])
def test_note_and_author_date_rules(tmp_path: Path, text: str, rule: str) -> None:
    (tmp_path / "d.txt").write_text(text, encoding="utf-8")
    with Store(tmp_path / "x.db") as s:
        document = read(Source(str(tmp_path / "d.txt"), "txt"))
        s.save_document(document, extract(document))
        report = audit(s, config=AuditConfig(today=date(2026, 1, 1)))
    found = [f for f in report.findings if f.rule == rule]
    assert len(found) == 1, report.findings
    assert found[0].citation and ("Kowalska" in found[0].citation or "Jones" in found[0].citation)


def test_missing_note(tmp_path: Path) -> None:
    text = ("Claim one.[1] Claim two.[2] Claim three.[3]\n\nNotes\n\n"
            "1. John Smith, “Grain Corridors,” Foreign Affairs, March 3, 2021.\n"
            "2. Anna Kowalska, “Water Wars,” Foreign Policy, May 2, 2021.\n")
    (tmp_path / "d.txt").write_text(text, encoding="utf-8")
    with Store(tmp_path / "x.db") as s:
        document = read(Source(str(tmp_path / "d.txt"), "txt"))
        saved = s.save_document(document, extract(document))
        report = audit(s, config=AuditConfig(today=date(2026, 1, 1)))
        assert s.counts()["works"] == 2  # the marker names no source: no work for it
        assert s.save_document(document, extract(document)).keys == saved.keys  # unchanged
    assert saved.keys.count(None) == 1 and len(saved.keys) == 3
    [finding] = [f for f in report.findings if f.citation == "[3]"]
    assert (finding.rule, finding.severity, finding.line) == ("missing-note", Severity.ERROR, 1)
    assert finding.message == "the notes list has no note [3]"
    code, out = run("extract", "--db", str(tmp_path / "y.db"), "--json", str(tmp_path / "d.txt"))
    assert code == 0
    printed = json.loads(out)
    assert [c for c in printed["citations"] if c["raw"] == "[3]"] == []  # not a source
    [marker] = printed["markers_without_note"]
    assert text[marker["start"]:marker["end"]] == marker["raw"] == "[3]"


def test_cli_audit_prints_findings_grouped_by_document(store: Store, tmp_path: Path) -> None:
    code, out = run("audit", "--db", store.path)
    assert code == 0
    lines = out.splitlines()
    documents = [line for line in lines if line and not line.startswith(" ")][:-1]
    assert documents == [*sorted(documents[:-1]), "the bibliography"]
    assert str(tmp_path / "a.txt") in documents
    assert any("impossible-date" in line and line.lstrip().split(":")[0].isdigit()
               for line in lines)  # line number first, as linters print
    assert lines[-1].startswith(f"{len(json_findings(store))} findings in 2 documents: ")
    assert "\x1b[" not in out  # no colours when the output is not a terminal
    code, _ = run("audit", "--db", store.path, "-o", str(tmp_path / "audit.txt"))
    assert (tmp_path / "audit.txt").read_text(encoding="utf-8") == out


def json_findings(store: Store) -> list[str]:
    return run("audit", "--db", store.path, "--json")[1].splitlines()
