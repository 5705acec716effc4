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
    identity,
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
class Conflict:
    """A field an imported entry gives differently from the stored work: the stored value
    is kept, the offered one is recorded in the work's `extra["conflicts"]`."""

    field: str
    kept: Any
    offered: Any


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    """What importing one entry did: "added", "merged" (fields filled or conflicts recorded)
    or "unchanged"."""

    key: str
    source_key: str
    action: str
    filled: tuple[str, ...] = ()
    conflicts: tuple[Conflict, ...] = ()


#: Work fields an import compares and fills, as (Work attribute, works column).
MERGED_FIELDS = (("type", "type"), ("title", "title"), ("container_title", "container_title"),
                 ("issued", "issued"), ("url", "url"), ("publisher", "publisher"),
                 ("doi", "doi"), ("accessed", "accessed"))
_KEY_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-:.")


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

    def works(self, *, document: str | None = None, outlet: str | None = None,
              since: str | None = None) -> list[WorkSummary]:
        """Every work, most cited first, then by key; or only those cited by one document
        (its stored path), published in one outlet (any spelling the gazetteer knows), or
        issued on or after an ISO date (`2022`, `2022-03`, `2022-03-14`)."""
        where, params = [], []
        if document is not None:
            where.append("w.id IN (SELECT c2.work_id FROM citations c2 JOIN documents d "
                         "ON d.id = c2.document_id WHERE d.path = ?)")
            params.append(document)
        if outlet is not None:
            where.append("(lower(w.container_title) = lower(?) "
                         "OR lower(w.container_title) = lower(?))")
            params.extend([outlet, outlets.canonical(outlet)])
        if since is not None:
            where.append("w.issued IS NOT NULL AND w.issued NOT LIKE '--%' AND w.issued >= ?")
            params.append(since)
        clause = ("WHERE " + " AND ".join(where)) if where else ""
        rows = self.db.execute(f"""
            SELECT w.*, COUNT(DISTINCT c.document_id) AS documents, COUNT(c.id) AS citations
            FROM works w LEFT JOIN citations c ON c.work_id = w.id {clause}
            GROUP BY w.id ORDER BY documents DESC, w.key""", params).fetchall()
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

    def has_document(self, path: str) -> bool:
        return self.db.execute("SELECT 1 FROM documents WHERE path = ?",
                               [path]).fetchone() is not None

    # -- importing -------------------------------------------------------------------------

    def import_works(self, works: list[Work], source: str) -> list[ImportOutcome]:
        """Merge works read from a bibliography file, all in one transaction.

        A work matches a stored one by identity (title and year, as for citations), else by
        DOI, else by canonical URL. A match gets its empty fields filled; a field it holds
        differently is kept and the offered value is recorded in `extra["conflicts"]`, never
        overwritten. A work with no match is added with its own key when that key is free
        and ASCII, else with a key made as for extracted works.
        """
        try:
            with self._write():
                return [self._import_one(work, source) for work in works]
        except sqlite3.Error as exc:
            raise StoreError(f"cannot import {source}: {exc}", path=self.path) from exc

    def _match(self, work: Work, work_identity_: str) -> dict[str, Any] | None:
        queries = [("identity = ?", work_identity_)]
        if work.doi:
            queries.append(("lower(doi) = lower(?)", work.doi))
        if work.url:
            queries.append(("url = ?", canonical_url(work.url)))
            queries.append(("url = ?", work.url))
        for condition, value in queries:
            cur = self.db.execute(f"SELECT * FROM works WHERE {condition} ORDER BY id LIMIT 1",
                                  [value])
            row = cur.fetchone()
            if row:
                return dict(zip([d[0] for d in cur.description], row, strict=True))
        return None

    def _import_one(self, work: Work, source: str) -> ImportOutcome:
        work_identity_ = identity(work.title, work.issued, work.url, work.container_title,
                                  work.authors)
        record = self._match(work, work_identity_)
        if record is None:
            return self._add_imported(work, work_identity_)
        stored = _work(record, self._authors_of(record["id"]))
        filled, conflicts, updates = [], [], {}
        for attribute, column in MERGED_FIELDS:
            offered, kept = getattr(work, attribute), getattr(stored, attribute)
            if not offered:
                continue
            if not kept:
                updates[column] = offered
                filled.append(attribute)
            elif not _same(attribute, kept, offered):
                conflicts.append(Conflict(attribute, kept, offered))
        if work.authors and not stored.authors:
            self._set_authors(stored.id or 0, work.authors)
            filled.append("authors")
        elif work.authors and [a.to_json() for a in work.authors] != \
                [a.to_json() for a in stored.authors]:
            conflicts.append(Conflict("authors", [a.to_json() for a in stored.authors],
                                      [a.to_json() for a in work.authors]))
        extra = dict(stored.extra)
        for name, value in work.extra.items():
            if name not in extra:
                extra[name] = value
                filled.append(name)
            elif extra[name] != value:
                conflicts.append(Conflict(name, extra[name], value))
        recorded = extra.setdefault("conflicts", {})
        for conflict in conflicts:
            offers = recorded.setdefault(conflict.field, [])
            if not any(o.get("value") == conflict.offered for o in offers):
                offers.append({"value": conflict.offered, "source": source})
        if not recorded:
            del extra["conflicts"]
        if extra != stored.extra:
            updates["extra"] = json.dumps(extra, ensure_ascii=False)
        if updates or filled:
            updates["origin"] = "imported"  # the user vouched for it: no longer an orphan
        if updates:
            assignments = ", ".join(f"{column} = ?" for column in updates)
            self.db.execute(f"UPDATE works SET {assignments} WHERE id = ?",
                            [*updates.values(), stored.id])
        action = "merged" if (filled or conflicts) else "unchanged"
        return ImportOutcome(stored.key, work.key, action, tuple(filled), tuple(conflicts))

    def _add_imported(self, work: Work, work_identity_: str) -> ImportOutcome:
        own = work.key if work.key and set(work.key) <= _KEY_CHARS else ""
        key = self._free_key(own or citation_key(work.authors, work.issued, work.title,
                                                 work.container_title))
        cur = self.db.execute(
            "INSERT INTO works (key, identity, type, title, container_title, issued, url, "
            "publisher, doi, accessed, extra, origin, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'imported', ?)",
            [key, work_identity_, work.type, work.title, work.container_title, work.issued,
             work.url, work.publisher, work.doi, work.accessed,
             json.dumps(work.extra, ensure_ascii=False), _now()])
        self._set_authors(int(cur.lastrowid or 0), work.authors)
        return ImportOutcome(key, work.key, "added")

    def _set_authors(self, work_id: int, authors: tuple[Creator, ...]) -> None:
        self.db.execute("DELETE FROM work_creators WHERE work_id = ? AND role = 'author'",
                        [work_id])
        for position, creator in enumerate(authors):
            self.db.execute("INSERT INTO work_creators (work_id, creator_id, role, position) "
                            "VALUES (?, ?, 'author', ?)",
                            [work_id, self._creator_id(creator), position])

    def _authors_of(self, work_id: int) -> tuple[Creator, ...]:
        return tuple(Creator(family, given, literal) for family, given, literal in
                     self.db.execute(
                         "SELECT c.family, c.given, c.literal FROM work_creators wc "
                         "JOIN creators c ON c.id = wc.creator_id "
                         "WHERE wc.work_id = ? AND wc.role = 'author' ORDER BY wc.position",
                         [work_id]))

    def counts(self) -> dict[str, int]:
        return {t: self.db[t].count for t in ("documents", "works", "creators", "citations")}


def _work(record: dict[str, Any], authors: tuple[Creator, ...]) -> Work:
    return Work(key=record["key"], type=record["type"], title=record["title"],
                container_title=record["container_title"], authors=authors,
                issued=record["issued"], url=record["url"], publisher=record["publisher"],
                doi=record["doi"], accessed=record["accessed"],
                extra=json.loads(record["extra"] or "{}"), id=record["id"])


def _same(attribute: str, kept: Any, offered: Any) -> bool:
    """Two values of a field that say the same thing, however they are spelt."""
    if attribute == "url":
        return canonical_url(str(kept)) == canonical_url(str(offered))
    if attribute == "doi":
        return str(kept).lower() == str(offered).lower()
    if attribute in ("title", "container_title", "publisher"):
        return " ".join(str(kept).split()) == " ".join(str(offered).split())
    return bool(kept == offered)


def document_identity(document: Document) -> str:
    """Where a document is stored: its absolute path, or its hash when read from stdin."""
    if document.path == "-":
        return f"stdin:{document.sha256[:16]}"
    return str(Path(document.path).resolve())
