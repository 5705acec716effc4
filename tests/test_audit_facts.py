"""Audit facts stored with each citation (migration 4): what a schema-3 database gets when it
is migrated, what a scoped audit shares with the whole one, and the caches that must follow
the store as it changes."""

from __future__ import annotations

import dataclasses
import gzip
import shutil
from datetime import date
from pathlib import Path

import pytest
from audit_documents import DOCUMENTS, document, fill, stored_path

from srctrack.audit import AuditConfig, Finding, audit
from srctrack.extract import extract
from srctrack.facts import Fact
from srctrack.model import LinkCheck, LinkStatus
from srctrack.store import SCHEMA_VERSION, Store

SCHEMA_3 = Path(__file__).parent / "data" / "schema3.db.gz"
TODAY = AuditConfig(today=date(2026, 1, 1))


@pytest.fixture
def migrated(tmp_path: Path) -> Store:
    """The schema-3 database, opened (and so migrated) by this srctrack."""
    with gzip.open(SCHEMA_3) as packed, open(tmp_path / "old.db", "wb") as unpacked:
        shutil.copyfileobj(packed, unpacked)
    return Store(tmp_path / "old.db")


@pytest.fixture
def fresh(tmp_path: Path) -> Store:
    """The same documents and checks, stored by this srctrack."""
    folder = tmp_path / "docs"
    folder.mkdir()
    store = Store(tmp_path / "fresh.db")
    fill(store, folder)
    return store


def facts_by_citation(store: Store) -> dict[tuple[str, int], int]:
    return {(path, start): facts for path, start, facts in store.db.execute(
        "SELECT d.path, c.start, c.facts FROM citations c "
        "JOIN documents d ON d.id = c.document_id")}


def test_migration_gives_old_rows_the_facts_storing_them_now_gives(migrated: Store,
                                                                   fresh: Store) -> None:
    assert migrated.schema_version == SCHEMA_VERSION
    old, new = facts_by_citation(migrated), facts_by_citation(fresh)
    assert old == new
    every_fact = 0
    for facts in new.values():
        every_fact |= facts
    # The documents were written so that the rows exercise every fact old rows can have.
    assert every_fact == Fact(~Fact.MISSING_NOTE & sum(Fact))


def test_migration_keeps_links_titles_and_findings(migrated: Store, fresh: Store) -> None:
    assert migrated.link_statuses() == fresh.link_statuses()
    assert [w[1:] for w in migrated.titled_works()] == [w[1:] for w in fresh.titled_works()]
    old, new = audit(migrated, config=TODAY), audit(fresh, config=TODAY)
    assert old.findings == new.findings
    assert {f.rule for f in new.findings} >= {
        "undated", "no-outlet", "no-title", "future-date", "after-document", "impossible-date",
        "dead-link", "soft-404", "redirected", "blocked", "failing-link", "unchecked-link",
        "inconsistent-title", "inconsistent-date", "inconsistent-outlet", "probable-duplicate",
        "unreferenced-note", "unresolved-author-date", "link-only"}


def test_a_migrated_store_keeps_its_facts_up_to_date(migrated: Store, tmp_path: Path) -> None:
    migrated.record_checks([LinkCheck("https://example.org/c", LinkStatus.DEAD, "410 Gone",
                                      "2026-01-03T00:00:00")])
    rules = {(f.rule, f.citation) for f in audit(migrated, config=TODAY).findings}
    assert ("dead-link", "another") in rules and ("unchecked-link", "another") not in rules


def scoped(findings: tuple[Finding, ...], path: str, keys: set[str]) -> list[Finding]:
    """The findings an audit of one document gives: its citations' and its works'."""
    return [f for f in findings if f.document == path
            or (f.document is None and (f.key in keys or f.citation in keys))]


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_an_audit_of_one_document_is_the_whole_audit_narrowed(fresh: Store, name: str) -> None:
    path = stored_path(name)
    keys = {k for k, in fresh.db.execute(
        "SELECT w.key FROM citations c JOIN works w ON w.id = c.work_id "
        "JOIN documents d ON d.id = c.document_id WHERE d.path = ?", [path])}
    whole = audit(fresh, config=TODAY).findings
    assert list(audit(fresh, [path], TODAY).findings) == scoped(whole, path, keys)


def test_a_date_becomes_future_or_past_as_today_moves(fresh: Store) -> None:
    def future(today: date) -> set[str | None]:
        report = audit(fresh, config=AuditConfig(today=today))
        return {f.citation for f in report.findings if f.rule == "future-date"}

    pipeline = "Ivan Petrov, The Pipeline Deal, Kommersant, June 1, 2022"
    assert pipeline in future(date(2022, 5, 31))
    assert pipeline not in future(date(2022, 6, 1))  # the day itself is not the future
    assert future(date(2026, 1, 1)) == {"Interfax, May 2, 2091"}
    # A day the calendar lacks is impossible, never also in the future.
    assert "Reuters, February 30, 2022" not in future(date(2021, 1, 1))


def test_duplicates_are_cached_until_works_change(fresh: Store, tmp_path: Path) -> None:
    def duplicates() -> list[str | None]:
        return [f.message for f in audit(fresh, config=TODAY).findings
                if f.rule == "probable-duplicate"]

    first = duplicates()
    assert len(first) == 1
    assert fresh.db.execute("SELECT COUNT(*) FROM audit_cache").fetchone()[0] == 1
    assert duplicates() == first  # read from the cache
    before = fresh.works_generation()
    text = "Third (Ivan Petrov, The Pipeline Deals, Kommersant, June 1, 2022)."
    (tmp_path / "c.txt").write_text(text, encoding="utf-8")
    extra = dataclasses.replace(document(tmp_path, "a.txt"), path="/fixture/c.txt", text=text,
                                sha256="c" * 64)
    fresh.save_document(extra, extract(extra))
    assert fresh.works_generation() > before
    assert len(duplicates()) > 1  # the new work's likeness is found, not the cached answer
    fresh.merge_works("petrov2022pipeline", ["petrov2022pipline", "petrov2022pipelinea"])
    assert duplicates() == []


def test_the_cache_is_only_a_convenience(tmp_path: Path) -> None:
    """A database srctrack may not write to is audited all the same."""
    folder = tmp_path / "docs"
    folder.mkdir()
    with Store(tmp_path / "s.db") as store:
        fill(store, folder)
        expected = audit(store, config=TODAY).findings
        store.db.execute("DELETE FROM audit_cache")
    (tmp_path / "s.db").chmod(0o444)
    with Store(tmp_path / "s.db") as store:
        store.db.execute("PRAGMA query_only = on")
        assert audit(store, config=TODAY).findings == expected
