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
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from srctrack.errors import StoreError
from srctrack.model import Citation, Creator, Document, Work
from srctrack.normalize import (
    canonical_url,
    citation_key,
    creator_key,
    key_suffix,
    work_identity,
)
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


#: Migration N brings the schema from version N-1 to N. Append; never edit a released one.
MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [_migration_1]
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
        while base + key_suffix(n) in taken:
            n += 1
        return base + key_suffix(n)

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
