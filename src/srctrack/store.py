"""The bibliography in SQLite: the only module that speaks SQL.

One document is stored in one IMMEDIATE transaction, so a crash, Ctrl-C or a second
`srctrack` process never sees half of it; WAL mode and a busy timeout let two runs write
to one file at once. The schema is versioned with `PRAGMA user_version` and migrated
forward on open.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlite_utils

from srctrack.errors import StoreError
from srctrack.model import (
    FAILING_STATUSES,
    WORKING_STATUSES,
    Citation,
    Creator,
    Document,
    Failing,
    LinkCheck,
    LinkStatus,
    LinkTarget,
    Redirect,
    Work,
)
from srctrack.normalize import canonical_url, citation_key, creator_key, work_identity
from srctrack.parse import outlets

DEFAULT_DB = "srctrack.db"
BUSY_TIMEOUT_S = 60.0


def default_path() -> str:
    return os.environ.get("SRCTRACK_DB") or DEFAULT_DB


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _migration_1(db: sqlite_utils.Database) -> None:
    db.execute("""
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            path TEXT NOT NULL UNIQUE,
            sha256 TEXT NOT NULL,
            format TEXT NOT NULL,
            title TEXT, author TEXT, date TEXT, url TEXT,
            chars INTEGER NOT NULL,
            extracted_at TEXT NOT NULL
        )""")
    db.execute("""
        CREATE TABLE works (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,
            identity TEXT NOT NULL UNIQUE,
            type TEXT NOT NULL,
            title TEXT, container_title TEXT, issued TEXT, url TEXT,
            publisher TEXT, doi TEXT, accessed TEXT,
            extra TEXT NOT NULL DEFAULT '{}',
            origin TEXT NOT NULL DEFAULT 'extracted',
            created_at TEXT NOT NULL
        )""")
    db.execute("""
        CREATE TABLE creators (
            id INTEGER PRIMARY KEY,
            identity TEXT NOT NULL UNIQUE,
            family TEXT, given TEXT, literal TEXT
        )""")
    db.execute("""
        CREATE TABLE work_creators (
            work_id INTEGER NOT NULL REFERENCES works(id) ON DELETE CASCADE,
            creator_id INTEGER NOT NULL REFERENCES creators(id),
            role TEXT NOT NULL DEFAULT 'author',
            position INTEGER NOT NULL,
            PRIMARY KEY (work_id, role, position)
        )""")
    db.execute("""
        CREATE TABLE citations (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            work_id INTEGER NOT NULL REFERENCES works(id),
            start INTEGER NOT NULL, "end" INTEGER NOT NULL, line INTEGER NOT NULL,
            raw TEXT NOT NULL, style TEXT NOT NULL, context TEXT NOT NULL,
            confidence REAL NOT NULL,
            fields TEXT NOT NULL
        )""")
    db.execute("CREATE INDEX citations_document ON citations(document_id)")
    db.execute("CREATE INDEX citations_work ON citations(work_id)")
    db.execute("CREATE INDEX work_creators_creator ON work_creators(creator_id)")


def _migration_links(db: sqlite_utils.Database) -> None:
    """Links and their check history: one row per check, never overwritten, so "failing
    since" and "dead on separate days" can be told. (Named, not numbered: it goes after
    whatever migrations main holds when issue 5 is merged.)"""
    db.execute("""
        CREATE TABLE links (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL UNIQUE,          -- canonical (normalize.canonical_url)
            first_seen TEXT NOT NULL,
            archived_url TEXT                  -- the latest archived copy found, if any
        )""")
    db.execute("""
        CREATE TABLE link_checks (
            id INTEGER PRIMARY KEY,
            link_id INTEGER NOT NULL REFERENCES links(id) ON DELETE CASCADE,
            url TEXT NOT NULL,                 -- as checked
            status TEXT NOT NULL,
            http_status INTEGER,
            final_url TEXT,
            redirects TEXT NOT NULL DEFAULT '[]',  -- [[url, code], ...]
            error TEXT,
            reason TEXT NOT NULL,
            elapsed_ms INTEGER NOT NULL,
            checked_at TEXT NOT NULL,
            archived_url TEXT,
            archive TEXT                       -- found / none / unknown, when looked up
        )""")
    db.execute("CREATE INDEX link_checks_link ON link_checks(link_id, id)")
    db.execute("CREATE INDEX works_url ON works(url)")


#: Migration N brings the schema from version N-1 to N. Append; never edit a released one.
MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [_migration_1, _migration_links]
SCHEMA_VERSION = len(MIGRATIONS)


@dataclass(frozen=True, slots=True)
class SaveResult:
    """What storing one document did: "added", "replaced" or "unchanged"."""

    path: str
    action: str
    citations: int
    keys: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class WorkSummary:
    work: Work
    documents: int
    citations: int


class Store:
    """An open bibliography database."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        try:
            conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
            self.db = sqlite_utils.Database(conn)
            self.db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            if self.db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                self.db.execute("PRAGMA journal_mode = wal")
            self.db.execute("PRAGMA foreign_keys = on")
            self.db.execute("PRAGMA synchronous = normal")
            self._migrate()
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open database: {exc}", path=self.path) from exc

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[None]:
        """One IMMEDIATE transaction: the write lock is taken up front, so two writers queue
        on the busy timeout instead of failing on a lock upgrade."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def _migrate(self) -> None:
        with self._write():
            version = self.db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise StoreError(f"database schema {version} is newer than this srctrack "
                                 f"({SCHEMA_VERSION}); upgrade srctrack", path=self.path)
            for number in range(version, SCHEMA_VERSION):
                MIGRATIONS[number](self.db)
            if version != SCHEMA_VERSION:
                self.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    @property
    def schema_version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    # -- writing ---------------------------------------------------------------------------

    def save_document(self, document: Document, citations: list[Citation]) -> SaveResult:
        """Store a document and its citations, replacing what an earlier run stored for it.

        An unchanged document (same path, same bytes) is left exactly as it was.
        """
        path = document_identity(document)
        try:
            with self._write():
                row = self.db.execute("SELECT id, sha256 FROM documents WHERE path = ?",
                                      [path]).fetchone()
                if row and row[1] == document.sha256:
                    keys = tuple(r[0] for r in self.db.execute(
                        "SELECT w.key FROM citations c JOIN works w ON w.id = c.work_id "
                        "WHERE c.document_id = ? ORDER BY c.start, c.id", [row[0]]))
                    return SaveResult(path, "unchanged", len(keys), keys)
                if row:
                    self.db.execute("DELETE FROM citations WHERE document_id = ?", [row[0]])
                    self.db.execute("DELETE FROM documents WHERE id = ?", [row[0]])
                doc_id = self._insert_document(path, document)
                keys = tuple(self._insert_citation(doc_id, document.text, c) for c in citations)
                self._drop_orphan_works()
        except sqlite3.Error as exc:
            raise StoreError(f"cannot store {document.path}: {exc}", path=self.path) from exc
        return SaveResult(path, "replaced" if row else "added", len(keys), keys)

    def _insert_document(self, path: str, document: Document) -> int:
        cur = self.db.execute(
            "INSERT INTO documents (path, sha256, format, title, author, date, url, chars, "
            "extracted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [path, document.sha256, document.format, document.title, document.author,
             document.date, document.url, len(document.text), _now()])
        return int(cur.lastrowid or 0)

    def _insert_citation(self, document_id: int, text: str, citation: Citation) -> str:
        work_id, key = self._work_for(citation)
        fields = {
            "authors": [a.to_json() for a in citation.authors], "title": citation.title,
            "outlet": citation.outlet, "date": citation.date, "url": citation.url,
            "type": citation.type,
        }
        self.db.execute(
            'INSERT INTO citations (document_id, work_id, start, "end", line, raw, style, '
            "context, confidence, fields) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [document_id, work_id, citation.start, citation.end,
             text.count("\n", 0, citation.start) + 1, citation.raw, str(citation.style),
             citation.context, citation.confidence, json.dumps(fields, ensure_ascii=False)])
        return key

    def _work_for(self, citation: Citation) -> tuple[int, str]:
        identity = work_identity(citation)
        row = self.db.execute("SELECT id, key FROM works WHERE identity = ?",
                              [identity]).fetchone()
        if row:
            return int(row[0]), str(row[1])
        key = self._free_key(citation_key(citation.authors, citation.date, citation.title,
                                          citation.outlet))
        container = outlets.canonical(citation.outlet) if citation.outlet else None
        cur = self.db.execute(
            "INSERT INTO works (key, identity, type, title, container_title, issued, url, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [key, identity, citation.type, citation.title, container, citation.date,
             canonical_url(citation.url) if citation.url else None, _now()])
        work_id = int(cur.lastrowid or 0)
        for position, creator in enumerate(citation.authors):
            self.db.execute("INSERT INTO work_creators (work_id, creator_id, role, position) "
                            "VALUES (?, ?, 'author', ?)",
                            [work_id, self._creator_id(creator), position])
        return work_id, key

    def _free_key(self, base: str) -> str:
        """The base key, or the base with the first free suffix a, b, ... z, aa, ab ..."""
        taken = {r[0] for r in self.db.execute(
            "SELECT key FROM works WHERE key = ? OR key GLOB ?", [base, base + "[a-z]*"])}
        if base not in taken:
            return base
        n = 0
        while True:
            suffix, m = "", n
            while True:
                suffix = chr(ord("a") + m % 26) + suffix
                m = m // 26 - 1
                if m < 0:
                    break
            if base + suffix not in taken:
                return base + suffix
            n += 1

    def _creator_id(self, creator: Creator) -> int:
        if creator.is_organisation:
            identity = "org:" + creator_key(creator)
        else:
            identity = f"person:{creator_key(creator)}|{(creator.given or '').lower()}"
        row = self.db.execute("SELECT id FROM creators WHERE identity = ?",
                              [identity]).fetchone()
        if row:
            return int(row[0])
        cur = self.db.execute(
            "INSERT INTO creators (identity, family, given, literal) VALUES (?, ?, ?, ?)",
            [identity, creator.family, creator.given, creator.literal])
        return int(cur.lastrowid or 0)

    def _drop_orphan_works(self) -> None:
        self.db.execute(
            "DELETE FROM works WHERE origin = 'extracted' AND NOT EXISTS "
            "(SELECT 1 FROM citations c WHERE c.work_id = works.id)")

    # -- reading ---------------------------------------------------------------------------

    def works(self) -> list[WorkSummary]:
        """Every work, most cited first, then by key."""
        rows = self.db.execute("""
            SELECT w.*, COUNT(DISTINCT c.document_id) AS documents, COUNT(c.id) AS citations
            FROM works w LEFT JOIN citations c ON c.work_id = w.id
            GROUP BY w.id ORDER BY documents DESC, w.key""").fetchall()
        columns = [d[0] for d in self.db.execute("SELECT * FROM works LIMIT 0").description]
        authors = self._authors()
        out = []
        for row in rows:
            record = dict(zip([*columns, "documents", "citations"], row, strict=True))
            out.append(WorkSummary(_work(record, authors.get(record["id"], ())),
                                   record["documents"], record["citations"]))
        return out

    def _authors(self) -> dict[int, tuple[Creator, ...]]:
        found: dict[int, list[Creator]] = {}
        for work_id, family, given, literal in self.db.execute(
                "SELECT wc.work_id, c.family, c.given, c.literal FROM work_creators wc "
                "JOIN creators c ON c.id = wc.creator_id WHERE wc.role = 'author' "
                "ORDER BY wc.work_id, wc.position"):
            found.setdefault(work_id, []).append(Creator(family, given, literal))
        return {k: tuple(v) for k, v in found.items()}

    def counts(self) -> dict[str, int]:
        return {t: self.db[t].count for t in ("documents", "works", "creators", "citations")}

    # -- links -----------------------------------------------------------------------------

    def sync_links(self) -> int:
        """Add every cited http(s) URL not yet in `links`; return how many were new."""
        try:
            with self._write():
                cur = self.db.execute(
                    "INSERT OR IGNORE INTO links (url, first_seen) SELECT url, ? FROM works "
                    "WHERE url LIKE 'http://%' OR url LIKE 'https://%' "
                    "GROUP BY url ORDER BY MIN(id)", [_now()])
                return max(0, cur.rowcount)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot list links: {exc}", path=self.path) from exc

    def add_links(self, urls: Iterable[str], batch: int = 1000) -> int:
        """Add URLs to check (canonical form); those already known are left as they are.
        Committed in batches so a long list never sits in memory."""
        added = 0
        chunk: list[str] = []

        def flush() -> int:
            with self._write():
                before = self.db.execute("SELECT total_changes()").fetchone()[0]
                self.db.conn.executemany(
                    "INSERT OR IGNORE INTO links (url, first_seen) VALUES (?, ?)",
                    [(u, now) for u in chunk])
                return int(self.db.execute("SELECT total_changes()").fetchone()[0] - before)

        now = _now()
        try:
            for url in urls:
                chunk.append(canonical_url(url))
                if len(chunk) >= batch:
                    added += flush()
                    chunk.clear()
            if chunk:
                added += flush()
        except sqlite3.Error as exc:
            raise StoreError(f"cannot add links: {exc}", path=self.path) from exc
        return added

    def _stale_clause(self, stale: timedelta | None) -> tuple[str, list[Any]]:
        if stale is None:
            return "", []
        cutoff = (datetime.now(UTC) - stale).isoformat(timespec="seconds")
        return ("AND NOT EXISTS (SELECT 1 FROM link_checks c WHERE c.link_id = l.id "
                "AND c.checked_at > ?)", [cutoff])

    def count_links_to_check(self, stale: timedelta | None = None) -> int:
        clause, params = self._stale_clause(stale)
        return int(self.db.execute(f"SELECT COUNT(*) FROM links l WHERE 1 {clause}",
                                   params).fetchone()[0])

    def links_to_check(self, stale: timedelta | None = None,
                       batch: int = 1000) -> Iterator[LinkTarget]:
        """Every link, or only those not checked within `stale`, with the date it was cited.

        Read in batches by id, so 100,000 links never sit in memory and results can be written
        on the same connection while this is being consumed."""
        clause, params = self._stale_clause(stale)
        last = 0
        while True:
            rows = self.db.execute(
                f"SELECT l.id, l.url, (SELECT MIN(w.issued) FROM works w WHERE w.url = l.url) "
                f"FROM links l WHERE l.id > ? {clause} ORDER BY l.id LIMIT ?",
                [last, *params, batch]).fetchall()
            if not rows:
                return
            for link_id, url, issued in rows:
                last = link_id
                yield LinkTarget(url, issued)

    def cited_date(self, url: str) -> str | None:
        """The earliest date a work with this URL was cited with, if any."""
        row = self.db.execute("SELECT MIN(issued) FROM works WHERE url = ?",
                              [canonical_url(url)]).fetchone()
        return str(row[0]) if row and row[0] else None

    def record_check(self, check: LinkCheck) -> None:
        """Append one check to the link's history (adding the link if new)."""
        self.record_checks([check])

    def record_checks(self, checks: Sequence[LinkCheck]) -> None:
        """Append checks to their links' histories in one transaction.

        A caller streams results through here in small batches: memory stays flat however many
        links a run checks, and a batch costs a handful of statements, not five per result
        (each SQLite call releases the GIL, which a busy checker's threads are slow to give
        back)."""
        if not checks:
            return
        urls = [canonical_url(c.url) for c in checks]
        try:
            with self._write():
                self.db.conn.executemany(
                    "INSERT OR IGNORE INTO links (url, first_seen) VALUES (?, ?)",
                    [(u, c.checked_at) for u, c in zip(urls, checks, strict=True)])
                ids = self._link_ids(urls)
                self.db.conn.executemany(
                    "INSERT INTO link_checks (link_id, url, status, http_status, final_url, "
                    "redirects, error, reason, elapsed_ms, checked_at, archived_url, archive) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [(ids[u], c.url, str(c.status), c.http_status, c.final_url,
                      json.dumps([[r.url, r.status] for r in c.redirects]), c.error, c.reason,
                      c.elapsed_ms, c.checked_at, c.archived_url, c.archive)
                     for u, c in zip(urls, checks, strict=True)])
                archived = [(c.archived_url, ids[u]) for u, c in zip(urls, checks, strict=True)
                            if c.archived_url]
                if archived:
                    self.db.conn.executemany("UPDATE links SET archived_url = ? WHERE id = ?",
                                             archived)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot record link checks: {exc}", path=self.path) from exc

    def _link_ids(self, urls: Sequence[str]) -> dict[str, int]:
        unique = list(dict.fromkeys(urls))
        found: dict[str, int] = {}
        for i in range(0, len(unique), 500):
            part = unique[i:i + 500]
            found.update((u, int(i)) for i, u in self.db.execute(
                f"SELECT id, url FROM links WHERE url IN ({', '.join('?' * len(part))})",
                part))
        return found

    def link_history(self, url: str) -> list[LinkCheck]:
        """Every check of a URL, oldest first."""
        rows = self.db.execute(
            "SELECT c.url, c.status, c.reason, c.checked_at, c.http_status, c.final_url, "
            "c.redirects, c.error, c.elapsed_ms, c.archived_url, c.archive "
            "FROM link_checks c JOIN links l ON l.id = c.link_id WHERE l.url = ? "
            "ORDER BY c.id", [canonical_url(url)]).fetchall()
        return [LinkCheck(url=r[0], status=LinkStatus(r[1]), reason=r[2], checked_at=r[3],
                          http_status=r[4], final_url=r[5],
                          redirects=tuple(Redirect(u, int(s)) for u, s in json.loads(r[6])),
                          error=r[7], elapsed_ms=r[8], archived_url=r[9], archive=r[10])
                for r in rows]

    def failing_since(self, url: str) -> Failing | None:
        """The link's current run of failures (checks since it last worked; `blocked` checks
        neither count nor break the run), or None when its last telling check worked."""
        return self.failing([url]).get(url)

    def failing(self, urls: Sequence[str]) -> dict[str, Failing]:
        """`failing_since` for many URLs in one query a few hundred; keyed by the URL given."""
        failing = sorted(str(s) for s in FAILING_STATUSES)
        working = sorted(str(s) for s in WORKING_STATUSES)
        by_canonical: dict[str, list[str]] = {}
        for url in urls:
            by_canonical.setdefault(canonical_url(url), []).append(url)
        keys = list(by_canonical)
        out: dict[str, Failing] = {}
        for i in range(0, len(keys), 400):
            part = keys[i:i + 400]
            rows = self.db.execute(
                f"""SELECT l.url, MIN(c.checked_at), COUNT(DISTINCT substr(c.checked_at, 1, 10)),
                           COUNT(*)
                    FROM link_checks c JOIN links l ON l.id = c.link_id
                    WHERE l.url IN ({", ".join("?" * len(part))})
                      AND c.status IN ({", ".join("?" * len(failing))}) AND c.id > COALESCE(
                        (SELECT MAX(c2.id) FROM link_checks c2 WHERE c2.link_id = l.id
                         AND c2.status IN ({", ".join("?" * len(working))})), 0)
                    GROUP BY l.id""",
                [*part, *failing, *working]).fetchall()
            for canonical, since, days, count in rows:
                for given in by_canonical[canonical]:
                    out[given] = Failing(given, since, int(days), int(count))
        return out


def _work(record: dict[str, Any], authors: tuple[Creator, ...]) -> Work:
    return Work(key=record["key"], type=record["type"], title=record["title"],
                container_title=record["container_title"], authors=authors,
                issued=record["issued"], url=record["url"], publisher=record["publisher"],
                doi=record["doi"], accessed=record["accessed"],
                extra=json.loads(record["extra"] or "{}"), id=record["id"])


def document_identity(document: Document) -> str:
    """Where a document is stored: its absolute path, or its hash when read from stdin."""
    if document.path == "-":
        return f"stdin:{document.sha256[:16]}"
    return str(Path(document.path).resolve())
