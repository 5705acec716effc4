"""Links and their check history in the store: streamed in, read back, judged over days."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from srctrack.model import (
    Citation,
    CitationStyle,
    Document,
    LinkCheck,
    LinkStatus,
    LinkTarget,
    Redirect,
)
from srctrack.store import SCHEMA_VERSION, Store


def a_check(url: str, status: LinkStatus, when: str, **kw: object) -> LinkCheck:
    return LinkCheck(url=url, status=status, reason=f"{status} for the test", checked_at=when,
                     **kw)  # type: ignore[arg-type]


def cited(store: Store, *urls: str) -> None:
    text = " ".join(f"(Author, Title {i}, Outlet, 2021-0{i + 1}-01, {u})"
                    for i, u in enumerate(urls))
    citations = [Citation(raw=u, start=0, end=1, style=CitationStyle.PARENTHETICAL,
                          title=f"Title {i}", date=f"2021-0{i + 1}-01", url=u)
                 for i, u in enumerate(urls)]
    store.save_document(Document(path="a.md", text=text, sha256="x" * 64), citations)


def test_migration_adds_link_tables(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        assert store.schema_version == SCHEMA_VERSION >= 2
        assert {"links", "link_checks"} <= set(store.db.table_names())


def test_links_come_from_cited_urls_with_their_dates(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        cited(store, "https://Example.org/a?utm_source=x", "http://example.org/b")
        assert store.sync_links() == 2
        assert store.sync_links() == 0
        targets = list(store.links_to_check(batch=1))
        assert targets == [LinkTarget("https://example.org/a", "2021-01-01"),
                           LinkTarget("http://example.org/b", "2021-02-01")]


def test_stale_selects_links_not_checked_recently(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        cited(store, "https://example.org/a", "https://example.org/b")
        store.sync_links()
        store.record_check(a_check("https://example.org/a", LinkStatus.ALIVE,
                                   "2000-01-01T00:00:00+00:00"))
        from srctrack.check.fetch import now_iso

        store.record_check(a_check("https://example.org/b", LinkStatus.ALIVE, now_iso()))
        stale = [t.url for t in store.links_to_check(timedelta(days=7))]
        assert stale == ["https://example.org/a"]
        assert store.count_links_to_check(timedelta(days=7)) == 1
        assert store.count_links_to_check() == 2


def test_history_keeps_every_check(tmp_path: Path) -> None:
    url = "https://example.org/moved"
    with Store(tmp_path / "s.db") as store:
        first = a_check(url, LinkStatus.ALIVE, "2024-01-01T10:00:00+00:00", http_status=200)
        second = a_check(url, LinkStatus.REDIRECTED, "2024-02-01T10:00:00+00:00",
                         http_status=200, final_url="https://example.org/new",
                         redirects=(Redirect(url, 301),), elapsed_ms=12)
        store.record_check(first)
        store.record_check(second)
        assert store.link_history(url) == [first, second]
        assert store.link_history("https://EXAMPLE.org/moved#frag") == [first, second]


def test_dead_for_good_only_after_failures_on_separate_days(tmp_path: Path) -> None:
    url = "https://example.org/gone"
    with Store(tmp_path / "s.db") as store:
        store.record_check(a_check(url, LinkStatus.ALIVE, "2024-03-01T09:00:00+00:00"))
        assert store.failing_since(url) is None
        store.record_check(a_check(url, LinkStatus.DEAD, "2024-03-02T09:00:00+00:00"))
        store.record_check(a_check(url, LinkStatus.DEAD, "2024-03-02T18:00:00+00:00"))
        failing = store.failing_since(url)
        assert failing is not None
        assert (failing.since, failing.days, failing.checks) == (
            "2024-03-02T09:00:00+00:00", 1, 2)
        assert not failing.dead_for_good
        # A robot being refused neither counts nor breaks the run.
        store.record_check(a_check(url, LinkStatus.BLOCKED, "2024-03-03T09:00:00+00:00"))
        store.record_check(a_check(url, LinkStatus.TIMEOUT, "2024-03-04T09:00:00+00:00"))
        store.record_check(a_check(url, LinkStatus.DEAD, "2024-03-05T09:00:00+00:00"))
        failing = store.failing_since(url)
        assert failing is not None and failing.days == 3 and failing.dead_for_good
        assert failing.since == "2024-03-02T09:00:00+00:00"
        # It answers again: the run is over.
        store.record_check(a_check(url, LinkStatus.ALIVE, "2024-03-06T09:00:00+00:00"))
        assert store.failing_since(url) is None


def test_archived_copy_is_kept_on_the_link(tmp_path: Path) -> None:
    url = "https://example.org/gone"
    with Store(tmp_path / "s.db") as store:
        store.record_check(a_check(url, LinkStatus.DEAD, "2024-03-02T09:00:00+00:00",
                                   archived_url="https://web.archive.org/web/2020/x",
                                   archive="found"))
        row = store.db.execute("SELECT archived_url FROM links").fetchone()
        assert row[0] == "https://web.archive.org/web/2020/x"
        assert store.link_history(url)[0].archive == "found"


def test_add_links_in_batches(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        urls = [f"https://example.org/{i}" for i in range(25)]
        assert store.add_links(iter(urls), batch=10) == 25
        assert store.add_links(["https://EXAMPLE.org/3", "https://example.org/new"]) == 1
        assert store.count_links_to_check() == 26
