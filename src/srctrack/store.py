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
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlite_utils

from srctrack.errors import StoreError, UsageError
from srctrack.facts import citation_facts
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
from srctrack.normalize import (
    canonical_url,
    citation_key,
    creator_key,
    fold_title,
    identity,
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


def _migration_2(db: sqlite_utils.Database) -> None:
    """Hand edits, merges and full-text search.

    - works.edits: the fields an editor set by hand (JSON); re-extraction never overwrites
      them, and an edited work is kept even when no document cites it any more.
    - work_aliases: the identities of works merged into another, so re-extracting a document
      that cites a merged-away work lands on the survivor.
    - works.authors_text and an FTS5 index over titles, outlets and authors.
    """
    db.execute("ALTER TABLE works ADD COLUMN edits TEXT NOT NULL DEFAULT '{}'")
    db.execute("ALTER TABLE works ADD COLUMN authors_text TEXT NOT NULL DEFAULT ''")
    db.execute("""
        CREATE TABLE work_aliases (
            identity TEXT PRIMARY KEY,
            work_id INTEGER NOT NULL REFERENCES works(id) ON DELETE CASCADE
        )""")
    db.execute("""
        UPDATE works SET authors_text = COALESCE((
            SELECT group_concat(COALESCE(c.literal, TRIM(COALESCE(c.given, '') || ' ' ||
                                COALESCE(c.family, ''))), '; ')
            FROM work_creators wc JOIN creators c ON c.id = wc.creator_id
            WHERE wc.work_id = works.id), '')""")
    db.table("works").enable_fts(["title", "container_title", "authors_text"], create_triggers=True,
                           tokenize="unicode61 remove_diacritics 2", replace=True)
    # What a citation says of its work, folded: two citations of one work that disagree on
    # title, date or outlet have different variants, found through one index scan.
    db.execute("ALTER TABLE citations ADD COLUMN variant TEXT NOT NULL DEFAULT ''")
    # The cited date as a column of its own: the audit compares it on every citation, and
    # reading it out of the JSON of half a million rows costs a second.
    db.execute("ALTER TABLE citations ADD COLUMN cited_date TEXT")
    db.execute("UPDATE citations SET cited_date = json_extract(fields, '$.date')")
    db.execute("CREATE INDEX citations_work_variant ON citations(work_id, variant)")
    db.execute("CREATE INDEX citations_work_document ON citations(work_id, document_id)")
    db.execute("CREATE INDEX works_container ON works(container_title)")
    db.execute("CREATE INDEX works_issued ON works(issued)")


def _migration_links(db: sqlite_utils.Database) -> None:
    """Links and their check history: one row per check, never overwritten, so "failing
    since" and "dead on separate days" can be told."""
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


# The audit facts of a citation (srctrack.facts.citation_facts) as SQL over a schema-3 row
# and its document, for the rows stored before facts were. Frozen with migration 4: when
# the facts change, a new migration recomputes them.
_FACTS_OF_SCHEMA_3_ROW = """
      (CASE WHEN c.style IN ('parenthetical', 'note', 'reference', 'author-date')
                 AND COALESCE(c.cited_date, '') = '' THEN 1 ELSE 0 END)
    | (CASE WHEN c.style IN ('note', 'reference')
                 AND COALESCE(json_extract(c.fields, '$.outlet'), '') = '' THEN 2 ELSE 0 END)
    | (CASE WHEN c.style IN ('note', 'reference')
                 AND COALESCE(json_extract(c.fields, '$.title'), '') = '' THEN 4 ELSE 0 END)
    | (CASE WHEN COALESCE(c.cited_date, '') = '' OR c.cited_date LIKE '--%' THEN 0
            WHEN length(c.cited_date) = 10
                 AND date(c.cited_date, '+0 days') IS NOT c.cited_date THEN 8
            WHEN COALESCE(d.date, '') != ''
                 AND substr(c.cited_date, 1, length(d.date))
                     > substr(d.date, 1, length(c.cited_date)) THEN 16
            ELSE 0 END)
    | (CASE WHEN c.style = 'note' AND json_type(c.fields, '$.note') IS NOT NULL
                 AND json_extract(c.fields, '$.markers') = 0 THEN 32 ELSE 0 END)
    | (CASE WHEN c.style = 'author-date'
                 AND json_extract(c.fields, '$.resolved') = 0 THEN 64 ELSE 0 END)
    | (CASE WHEN c.style = 'link' THEN 128 ELSE 0 END)"""


def _migration_audit_facts(db: sqlite_utils.Database) -> None:
    """What the audit reads, made cheap to read at half a million citations.

    - citations.facts: the audit facts of each citation (srctrack.facts), computed when it is
      stored; a partial index over the rows with any lets the audit skip the clean ones.
    - citations.work_id may be NULL: a note marker whose note is missing names no source, so
      it cites no work. SQLite cannot drop a NOT NULL constraint, so the table is rebuilt,
      old rows getting their facts on the way.
    - An index on citations.cited_date: "dated after today" cannot be a stored fact (today
      moves), but the dates after today's year began are a short range of it.
    - links.status and links.reason: the latest check of each link, kept by record_checks,
      with a partial index over the links not known to be alive.
    - works.title_year and works.title_folded: the parts of a title identity, indexed in the
      order duplicate detection reads works (and looks up a work's neighbours).
    - store_generations and audit_cache: a count of changes to works, bumped by triggers so
      no code path that adds, drops or merges works can forget it, and the duplicate scan
      of the whole bibliography cached under the count it was made at.
    """
    db.execute("""
        CREATE TABLE citations_4 (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            work_id INTEGER REFERENCES works(id),  -- NULL when the citation names no source
            start INTEGER NOT NULL, "end" INTEGER NOT NULL, line INTEGER NOT NULL,
            raw TEXT NOT NULL, style TEXT NOT NULL, context TEXT NOT NULL,
            confidence REAL NOT NULL,
            fields TEXT NOT NULL,
            variant TEXT NOT NULL DEFAULT '',
            cited_date TEXT,
            facts INTEGER NOT NULL DEFAULT 0
        )""")
    db.execute(f"""
        INSERT INTO citations_4
        SELECT c.id, c.document_id, c.work_id, c.start, c."end", c.line, c.raw, c.style,
               c.context, c.confidence, c.fields, c.variant, c.cited_date,
               {_FACTS_OF_SCHEMA_3_ROW}
        FROM citations c JOIN documents d ON d.id = c.document_id""")
    db.execute("DROP TABLE citations")
    db.execute("ALTER TABLE citations_4 RENAME TO citations")
    db.execute("CREATE INDEX citations_document ON citations(document_id)")
    db.execute("CREATE INDEX citations_work ON citations(work_id)")
    db.execute("CREATE INDEX citations_work_variant ON citations(work_id, variant)")
    db.execute("CREATE INDEX citations_work_document ON citations(work_id, document_id)")
    db.execute("CREATE INDEX citations_facts ON citations(document_id) WHERE facts != 0")
    db.execute("CREATE INDEX citations_cited_date ON citations(cited_date)")

    db.execute("ALTER TABLE links ADD COLUMN status TEXT")
    db.execute("ALTER TABLE links ADD COLUMN reason TEXT")
    db.execute("""
        UPDATE links SET (status, reason) = (
            SELECT c.status, c.reason FROM link_checks c WHERE c.link_id = links.id
            ORDER BY c.id DESC LIMIT 1)""")
    db.execute("CREATE INDEX links_not_alive ON links(url) WHERE status IS NOT 'alive'")

    db.execute("ALTER TABLE works ADD COLUMN title_year TEXT")
    db.execute("ALTER TABLE works ADD COLUMN title_folded TEXT")
    db.execute("""
        UPDATE works SET title_folded = substr(identity, 7, instr(identity, '|') - 7),
                         title_year = substr(identity, instr(identity, '|') + 1)
        WHERE substr(identity, 1, 6) = 'title:'""")
    db.execute("CREATE INDEX works_titled ON works(title_year, title_folded) "
               "WHERE title_folded IS NOT NULL")

    db.execute("CREATE TABLE store_generations (name TEXT PRIMARY KEY, value INTEGER NOT NULL)")
    db.execute("INSERT INTO store_generations VALUES ('works', 0)")
    bump = "UPDATE store_generations SET value = value + 1 WHERE name = 'works'"
    db.execute(f"CREATE TRIGGER works_added AFTER INSERT ON works BEGIN {bump}; END")
    db.execute(f"CREATE TRIGGER works_dropped AFTER DELETE ON works BEGIN {bump}; END")
    db.execute("CREATE TRIGGER works_renamed AFTER UPDATE OF key, authors_text, title_folded, "
               f"title_year ON works BEGIN {bump}; END")
    db.execute("""
        CREATE TABLE audit_cache (
            name TEXT PRIMARY KEY,
            generation INTEGER NOT NULL,       -- store_generations.value it was made at
            value TEXT NOT NULL                -- JSON
        )""")


def _migration_bulk_writes(db: sqlite_utils.Database) -> None:
    """Cheaper writes, for extraction at megabytes a second.

    - New works enter the full-text index once per write (Store._index_new_works), not
      through a trigger per row: the trigger cost 50 µs a work, one INSERT ... SELECT 3 µs.
    - The update trigger fires only when an indexed column changes, not when a later
      citation gives a work its URL.
    - citations_work goes: the (work_id, variant) and (work_id, document_id) indexes
      already serve every lookup by work, and each index costs every insert.
    - works_added goes for the same reason as works_ai (33 µs a work): the write that adds
      works bumps the works generation once, where it indexes them.
    """
    db.execute("DROP TRIGGER IF EXISTS works_ai")
    db.execute("DROP TRIGGER IF EXISTS works_au")
    db.execute("""
        CREATE TRIGGER works_au AFTER UPDATE OF title, container_title, authors_text ON works
        BEGIN
          INSERT INTO works_fts (works_fts, rowid, title, container_title, authors_text)
          VALUES ('delete', old.rowid, old.title, old.container_title, old.authors_text);
          INSERT INTO works_fts (rowid, title, container_title, authors_text)
          VALUES (new.rowid, new.title, new.container_title, new.authors_text);
        END""")
    db.execute("DROP INDEX IF EXISTS citations_work")
    db.execute("DROP TRIGGER IF EXISTS works_added")


def _migration_document_origin(db: sqlite_utils.Database) -> None:
    """The rest of a document's record: the site a web page says it belongs to
    (og:site_name) and the encoding its bytes were read in (a cp1252 file is worth knowing
    about before its text is quoted)."""
    db.execute("ALTER TABLE documents ADD COLUMN site TEXT")
    db.execute("ALTER TABLE documents ADD COLUMN encoding TEXT")


def _migration_doi_index(db: sqlite_utils.Database) -> None:
    """An index on the DOI as import matches it (case-folded): without it each imported
    entry with a DOI read every work, and import grew with the square of its size."""
    db.execute("CREATE INDEX works_doi ON works(lower(doi)) WHERE doi IS NOT NULL")


#: Migration N brings the schema from version N-1 to N. Append; never edit a released one.
MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [
    _migration_1, _migration_2, _migration_links, _migration_audit_facts,
    _migration_bulk_writes, _migration_document_origin, _migration_doi_index]
SCHEMA_VERSION = len(MIGRATIONS)
#: `PRAGMA application_id` of a srctrack database ("srct"), which `file` and other tools
#: read; databases made before it have 0 and are recognised by their tables.
APPLICATION_ID = 0x73726374


@dataclass(frozen=True, slots=True)
class SaveResult:
    """What storing one document did: "added", "replaced" or "unchanged"."""

    path: str
    action: str
    citations: int
    keys: tuple[str | None, ...]  # None for a citation that names no source


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


class _Batch:
    """Counts the writes of an open batch and commits when it is due."""

    def __init__(self, store: Store, documents: int, seconds: float) -> None:
        self.store, self.documents, self.seconds = store, documents, seconds
        self.pending, self.since = 0, time.monotonic()

    def written(self) -> None:
        self.pending += 1
        if self.pending >= self.documents or time.monotonic() - self.since >= self.seconds:
            self.store.db.execute("COMMIT")
            self.store.commits += 1
            self.store._begin()
            self.pending, self.since = 0, time.monotonic()


class Store:
    """An open bibliography database."""

    def __init__(self, path: str | Path, readonly: bool = False) -> None:
        self.path = str(path)
        #: Commits of batches so far: what was written before the last one is on disk.
        self.commits = 0
        self._batch: _Batch | None = None
        # Per base key, the first clash suffix not yet known to be taken. Valid for one
        # transaction only (another process may add keys between them), so _begin clears it.
        self._key_hints: dict[str, int] = {}
        # Works inserted by the open write, not yet in the full-text index.
        self._unindexed: list[int] = []
        self.readonly = readonly and Path(self.path).is_file()
        try:
            conn = self._connect()
            self.db = sqlite_utils.Database(conn)
            self.db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            self._refuse_foreign()
            if self.readonly:
                version = self.db.execute("PRAGMA user_version").fetchone()[0]
                if version != SCHEMA_VERSION:
                    raise StoreError(f"database schema {version} is not this srctrack's "
                                     f"({SCHEMA_VERSION}); a command that writes (extract, "
                                     "import) brings it up to date", path=self.path)
                return
            self._use_wal()
            self.db.execute("PRAGMA foreign_keys = on")
            self.db.execute("PRAGMA synchronous = normal")
            self._migrate()
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open database: {exc}", path=self.path) from exc

    def _connect(self) -> sqlite3.Connection:
        """A connection; read-only ones never create or change a file, so they work on a
        database in a read-only folder (where SQLite cannot make the WAL's shared-memory file,
        the file is read as immutable)."""
        if not self.readonly:
            return sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        from urllib.parse import quote

        uri = "file:" + quote(str(Path(self.path).resolve()))
        try:
            conn = sqlite3.connect(uri + "?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S,
                                   isolation_level=None)
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return conn
        except sqlite3.OperationalError:
            if os.access(Path(self.path).resolve().parent, os.W_OK):
                raise
        return sqlite3.connect(uri + "?immutable=1", uri=True, isolation_level=None)

    def _refuse_foreign(self) -> None:
        """Refuse another application's database: srctrack never adds its tables to a file
        that holds someone else's (it would also switch the file to WAL)."""
        app = self.db.execute("PRAGMA application_id").fetchone()[0]
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        names = {r[0] for r in self.db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")}
        ours = app == APPLICATION_ID or (app == 0 and (
            not names if version == 0 else {"documents", "works"} <= names))
        if not ours:
            shown = ", ".join(sorted(names)[:5]) + (", ..." if len(names) > 5 else "")
            raise StoreError(f"not a srctrack database (it holds {shown or 'other data'}); "
                             "name a new file with --db", path=self.path)

    def _use_wal(self) -> None:
        """Switch a new file to WAL. Another process creating the same file at the same time
        may hold it locked, and SQLite answers a journal-mode change with "database is
        locked" without waiting, so this waits (up to the busy timeout) itself."""
        deadline = time.monotonic() + BUSY_TIMEOUT_S
        while True:
            try:
                if self.db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                    self.db.execute("PRAGMA journal_mode = wal")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[None]:
        """One IMMEDIATE transaction: the write lock is taken up front, so two writers queue
        on the busy timeout instead of failing on a lock upgrade.

        Inside `batch()` it is a savepoint instead: a failure undoes this write alone, and
        the batch commits many documents at once.
        """
        batch = self._batch
        if batch is not None:
            self.db.execute("SAVEPOINT document")
        else:
            self._begin()
        try:
            yield
            self._index_new_works()
        except BaseException:
            self._unindexed.clear()
            undo = ("ROLLBACK TO document", "RELEASE document") if batch else ("ROLLBACK",)
            try:
                for statement in undo:
                    self.db.execute(statement)
            except sqlite3.Error:
                pass  # SQLite already undid it (a damaged file, a full disk): say why it failed
            raise
        if batch is not None:
            self.db.execute("RELEASE document")
            batch.written()
        else:
            self.db.execute("COMMIT")

    def _index_new_works(self) -> None:
        """Add the works this write inserted to the full-text index in one statement, and count
        the change for the caches that depend on works (what the works_added trigger did a
        row at a time)."""
        ids, self._unindexed = self._unindexed, []
        if ids:
            self.db.conn.execute(
                "UPDATE store_generations SET value = value + 1 WHERE name = 'works'")
            self.db.conn.execute(
                "INSERT INTO works_fts (rowid, title, container_title, authors_text) "
                "SELECT id, title, container_title, authors_text FROM works "
                "WHERE id IN (SELECT value FROM json_each(?))", [json.dumps(ids)])

    def _begin(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")
        self._key_hints.clear()

    @contextmanager
    def batch(self, documents: int = 500, seconds: float = 1.0) -> Iterator[None]:
        """Commit writes in groups rather than one by one.

        A commit costs a few milliseconds whatever it holds, so `extract` over thousands of
        documents groups them: every `documents` writes or `seconds`, whichever comes
        first. Each document still goes in whole or not at all: an error or an interrupt
        undoes the document being written and keeps those before it, and a crash loses at
        most the uncommitted group, never half a document. Other processes wait at most
        about `seconds` for the lock.
        """
        if self._batch is not None:
            yield
            return
        self._batch = _Batch(self, documents, seconds)
        self._begin()
        try:
            yield
        finally:
            # Whatever ended the batch (its end, an error, Ctrl-C), the document being
            # written was already rolled back to its savepoint: what is pending is whole
            # documents only, and they are kept.
            self._batch = None
            try:
                self.db.execute("COMMIT")
                self.commits += 1
            except sqlite3.Error:
                # No transaction may be left to undo: then the COMMIT's error says why.
                with suppress(sqlite3.Error):
                    self.db.execute("ROLLBACK")
                raise

    def _migrate(self) -> None:
        with self._write():
            version = self.db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise StoreError(f"database schema {version} is newer than this srctrack "
                                 f"({SCHEMA_VERSION}); upgrade srctrack", path=self.path)
            for number in range(version, SCHEMA_VERSION):
                MIGRATIONS[number](self.db)
            if self.db.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                self.db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
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
                        "SELECT w.key FROM citations c LEFT JOIN works w ON w.id = c.work_id "
                        "WHERE c.document_id = ? ORDER BY c.start, c.id", [row[0]]))
                    return SaveResult(path, "unchanged", len(keys), keys)
                cited_before: list[int] = []
                if row:
                    cited_before = [r[0] for r in self.db.execute(
                        "SELECT DISTINCT work_id FROM citations WHERE document_id = ? "
                        "AND work_id IS NOT NULL", [row[0]])]
                    self.db.execute("DELETE FROM citations WHERE document_id = ?", [row[0]])
                    self.db.execute("DELETE FROM documents WHERE id = ?", [row[0]])
                doc_id = self._insert_document(path, document)
                keys = self._insert_citations(doc_id, document, citations)
                self._drop_orphan_works(cited_before)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot store {document.path}: {exc}", path=self.path) from exc
        return SaveResult(path, "replaced" if row else "added", len(keys), keys)

    def _insert_document(self, path: str, document: Document) -> int:
        cur = self.db.execute(
            "INSERT INTO documents (path, sha256, format, title, author, date, url, chars, "
            "extracted_at, site, encoding) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [path, document.sha256, document.format, document.title, document.author,
             document.date, document.url, len(document.text), _now(), document.site,
             document.encoding])
        return int(cur.lastrowid or 0)

    def _insert_citations(self, document_id: int, document: Document,
                          citations: list[Citation]) -> tuple[str | None, ...]:
        """Insert a document's citations in one statement; their works' keys, in order
        (None for a citation that names no source, such as a marker whose note is missing)."""
        from srctrack.extract.context import line_numbers  # extraction is loaded by now

        identities = [work_identity(c) if c.names_a_source else None for c in citations]
        known = self._works_by_identity({i for i in identities if i is not None})
        keys, rows = [], []
        authorship: list[tuple[int, int, int]] = []  # (work, creator, position) of new works
        now = _now()
        lines = line_numbers(document.text, [c.start for c in citations])
        for citation, ident, line in zip(citations, identities, lines, strict=True):
            work: tuple[int | None, str | None] = (None, None)
            if ident is not None:
                found = known.get(ident)
                if found is None:
                    found = known[ident] = self._insert_work(citation, ident, now, authorship)
                elif citation.url:
                    # A later citation that gives the link the first one lacked: the work
                    # gains it (a link it already has is never replaced).
                    self.db.conn.execute(
                        "UPDATE works SET url = ? WHERE id = ? AND url IS NULL",
                        [canonical_url(citation.url), found[0]])
                work = found
            keys.append(work[1])
            fields: dict[str, Any] = {
                "authors": [a.to_json() for a in citation.authors], "title": citation.title,
                "outlet": citation.outlet, "date": citation.date, "url": citation.url,
                "type": citation.type,
            }
            if citation.note is not None:
                fields["note"] = citation.note
                fields["markers"] = len(citation.markers)
            if citation.resolved is not None:
                fields["resolved"] = citation.resolved
            rows.append((document_id, work[0], citation.start, citation.end, line, citation.raw,
                         str(citation.style), citation.context, citation.confidence,
                         json.dumps(fields, ensure_ascii=False), citation_variant(citation),
                         citation.date, int(citation_facts(citation, document.date))))
        self.db.conn.executemany("INSERT INTO work_creators (work_id, creator_id, role, "
                                 "position) VALUES (?, ?, 'author', ?)", authorship)
        self.db.conn.executemany(
            'INSERT INTO citations (document_id, work_id, start, "end", line, raw, style, '
            "context, confidence, fields, variant, cited_date, facts) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        return tuple(keys)

    def _works_by_identity(self, identities: set[str]) -> dict[str, tuple[int, str]]:
        """(id, key) of the stored works with these identities, their own or merged in."""
        # One statement text whatever the number of identities (a JSON array, not a "?" a
        # value): each text SQLite prepares stays in the connection's statement cache, and
        # a new length per document made memory creep up for a hundred megabytes.
        found: dict[str, tuple[int, str]] = {}
        wanted = json.dumps(sorted(identities), ensure_ascii=False)
        for ident, work_id, key in self.db.conn.execute(
                "SELECT a.identity, w.id, w.key FROM work_aliases a "
                "JOIN works w ON w.id = a.work_id "
                "WHERE a.identity IN (SELECT value FROM json_each(?1)) "
                "UNION ALL SELECT identity, id, key FROM works "
                "WHERE identity IN (SELECT value FROM json_each(?1))", [wanted]):
            found[ident] = (work_id, key)  # a work's own identity, read last, wins
        return found

    def _insert_work(self, citation: Citation, ident: str, now: str,
                     authorship: list[tuple[int, int, int]]) -> tuple[int, str]:
        """Insert a citation's work; its authors join `authorship`, for the caller to
        insert with the document's others."""
        key = self._free_key(citation_key(citation.authors, citation.date, citation.title,
                                          citation.outlet))
        container = outlets.canonical(citation.outlet) if citation.outlet else None
        cur = self.db.conn.execute(
            "INSERT INTO works (key, identity, type, title, container_title, issued, url, "
            "created_at, authors_text, title_folded, title_year) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [key, ident, citation.type, citation.title, container, citation.date,
             canonical_url(citation.url) if citation.url else None, now,
             "; ".join(a.display for a in citation.authors), *title_parts(ident)])
        work_id = int(cur.lastrowid or 0)
        self._unindexed.append(work_id)
        authorship.extend((work_id, self._creator_id(creator), position)
                          for position, creator in enumerate(citation.authors))
        return work_id, key

    def _free_key(self, base: str) -> str:
        """The base key, or the base with the first free suffix a, b, ... z, aa, ab ...

        A common base ("reuters2022" for every untitled Reuters story of 2022) can have
        thousands of suffixes, so the search resumes where the last one in this
        transaction stopped instead of starting over: storing stays linear.
        """
        n = self._key_hints.get(base, -1)
        while True:
            key = base if n < 0 else base + key_suffix(n)
            n += 1
            if self.db.conn.execute("SELECT 1 FROM works WHERE key = ?",
                                    [key]).fetchone() is None:
                self._key_hints[base] = n
                return key

    def _creator_id(self, creator: Creator) -> int:
        if creator.is_organisation:
            identity = "org:" + creator_key(creator)
        else:
            identity = f"person:{creator_key(creator)}|{(creator.given or '').lower()}"
        row = self.db.conn.execute("SELECT id FROM creators WHERE identity = ?",
                                   [identity]).fetchone()
        if row:
            return int(row[0])
        cur = self.db.conn.execute(
            "INSERT INTO creators (identity, family, given, literal) VALUES (?, ?, ?, ?)",
            [identity, creator.family, creator.given, creator.literal])
        return int(cur.lastrowid or 0)

    def _drop_orphan_works(self, work_ids: list[int]) -> None:
        """Drop the works among `work_ids` that no citation points at any more, unless they
        were imported or edited by hand."""
        for work_id in work_ids:
            self.db.execute(
                "DELETE FROM works WHERE id = ? AND origin = 'extracted' AND edits = '{}' "
                "AND NOT EXISTS (SELECT 1 FROM citations c WHERE c.work_id = works.id)",
                [work_id])

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

    def _authors(self, work_id: int | None = None) -> dict[int, tuple[Creator, ...]]:
        """The authors of one work, or of every work, in order."""
        where, params = ("AND wc.work_id = ?", [work_id]) if work_id is not None else ("", [])
        found: dict[int, list[Creator]] = {}
        for wid, family, given, literal in self.db.execute(
                "SELECT wc.work_id, c.family, c.given, c.literal FROM work_creators wc "
                f"JOIN creators c ON c.id = wc.creator_id WHERE wc.role = 'author' {where} "
                "ORDER BY wc.work_id, wc.position", params):
            found.setdefault(wid, []).append(Creator(family, given, literal))
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
            # Matches the expression of the works_doi index, so the lookup uses it.
            queries.append(("doi IS NOT NULL AND lower(doi) = lower(?)", work.doi))
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
            # The update trigger takes the old values out of the full-text index: a work
            # this same import added must be in it first.
            self._index_new_works()
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
            "publisher, doi, accessed, extra, origin, created_at, title_folded, title_year) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'imported', ?, ?, ?)",
            [key, work_identity_, work.type, work.title, work.container_title, work.issued,
             work.url, work.publisher, work.doi, work.accessed,
             json.dumps(work.extra, ensure_ascii=False), _now(), *title_parts(work_identity_)])
        self._unindexed.append(int(cur.lastrowid or 0))
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
        return self._authors(work_id).get(work_id, ())

    def counts(self) -> dict[str, int]:
        return {t: self.db[t].count for t in ("documents", "works", "creators", "citations")}

    # -- source tracking -------------------------------------------------------------------

    def work(self, key: str) -> Work | None:
        row = self._rows("SELECT * FROM works WHERE key = ?", [key])
        if not row:
            return None
        return _work(row[0], self._authors_of(row[0]["id"]))

    def cited_at(self, work_id: int) -> list[CitedAt]:
        """Every place a work is cited: document, line, the citation and its sentence."""
        return [CitedAt(**r) for r in self._rows("""
            SELECT d.path AS document, d.date AS document_date, c.line, c.raw, c.style,
                   c.context, c.start, c."end" FROM citations c
            JOIN documents d ON d.id = c.document_id
            WHERE c.work_id = ? ORDER BY d.path, c.start""", [work_id])]

    def sources(self, query: SourceQuery) -> list[SourceRow]:
        """Works with how many documents cite them and when they were first and last cited
        (by the citing documents' own dates, or when they were read where they give none)."""
        return [SourceRow(**r) for r in self._rows(*self._sources_sql(query))]

    def _sources_sql(self, query: SourceQuery) -> tuple[str, list[Any]]:
        """Count citations per work straight off the (work_id, document_id) index, rank and
        cut to the limit, and only then look up when the remaining works were first and last
        cited: half a million citations never meet the documents table."""
        where, params = self._work_filter(query)
        doc_where, doc_params = "", []
        if query.document:
            doc_where = "WHERE c.document_id = (SELECT id FROM documents WHERE path = ?)"
            doc_params = [stored_path(query.document)]
        order = {"cited": "documents DESC, citations DESC, w.key",
                 "date": "w.issued IS NULL, w.issued DESC, w.key",
                 "key": "w.key"}[query.sort]
        cited = "COALESCE(d.date, substr(d.extracted_at, 1, 10))"
        return f"""
            SELECT t.*,
                   (SELECT MIN({cited}) FROM citations c JOIN documents d
                    ON d.id = c.document_id WHERE c.work_id = t.id) AS first_cited,
                   (SELECT MAX({cited}) FROM citations c JOIN documents d
                    ON d.id = c.document_id WHERE c.work_id = t.id) AS last_cited
            FROM (
                SELECT w.id, w.key, w.title, w.container_title AS outlet, w.issued AS date,
                       w.url, w.authors_text AS authors, n.documents, n.citations
                FROM (SELECT c.work_id, COUNT(DISTINCT c.document_id) AS documents,
                             COUNT(*) AS citations
                      FROM citations c {doc_where} GROUP BY c.work_id) AS n
                JOIN works w ON w.id = n.work_id
                {where}
                ORDER BY {order} LIMIT ?) AS t""", [*doc_params, *params, query.limit]

    def _work_filter(self, query: SourceQuery) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        # "contains": the text is literal, so a % or _ in it is a character, not a wildcard.
        if query.outlet:
            clauses.append("w.container_title LIKE ? ESCAPE '\\'")
            params.append(f"%{_like_literal(query.outlet)}%")
        if query.author:
            clauses.append("w.authors_text LIKE ? ESCAPE '\\'")
            params.append(f"%{_like_literal(query.author)}%")
        if query.since:
            clauses.append("w.issued >= ?")
            params.append(query.since)
        return ("WHERE " + " AND ".join(clauses) if clauses else ""), params

    def explain_plans(self) -> dict[str, list[str]]:
        """SQLite's query plans for the queries `sources` and `audit` run, to show which
        indexes they use (benchmarks/audit.py prints them)."""
        queries = {name: self._sources_sql(query) for name, query in (
            ("sources", SourceQuery()), ("sources --outlet", SourceQuery(outlet="Reuters")),
            ("sources --document", SourceQuery(document="/x.txt")))}
        queries["audit (citations that can fire)"] = self._audit_sql(None, "2026-01-01")
        queries["audit (one document)"] = self._audit_sql(["/x.txt"], "2026-01-01")
        queries["audit (titled works for duplicates)"] = (_TITLED_WORKS, [])
        return {name: [row[3] for row in self.db.execute("EXPLAIN QUERY PLAN " + sql, params)]
                for name, (sql, params) in queries.items()}

    def source_counts(self, by: str, query: SourceQuery) -> list[CountRow]:
        """How many works, citations and documents per outlet, author or year."""
        where, params = self._work_filter(query)
        if query.document:
            where += (" AND " if where else "WHERE ") + (
                "c.document_id = (SELECT id FROM documents WHERE path = ?)")
            params.append(stored_path(query.document))
        if by == "author":
            group = "COALESCE(cr.literal, TRIM(COALESCE(cr.given, '') || ' ' || cr.family))"
            join = ("JOIN work_creators wc ON wc.work_id = w.id "
                    "JOIN creators cr ON cr.id = wc.creator_id")
        elif by == "year":
            group, join = "substr(w.issued, 1, 4)", ""
        else:
            group, join = "w.container_title", ""
        # A citation of a work with three authors counts once per author only by author.
        citations = "COUNT(DISTINCT c.id)" if by == "author" else "COUNT(*)"
        rows = self._rows(f"""
            SELECT {group} AS value, COUNT(DISTINCT w.id) AS works,
                   {citations} AS citations, COUNT(DISTINCT c.document_id) AS documents
            FROM citations c JOIN works w ON w.id = c.work_id {join}
            {where}
            GROUP BY value ORDER BY citations DESC, value LIMIT ?""", [*params, query.limit])
        return [CountRow(**r) for r in rows]

    def search(self, text: str, limit: int = 50) -> list[SourceRow]:
        """Full-text search over titles, outlets and authors, best match first."""
        fts_query = " ".join(f'"{word}"' for word in text.replace('"', " ").split())
        if not fts_query:
            return []
        rows = self._rows("""
            SELECT w.id, w.key, w.title, w.container_title AS outlet, w.issued AS date, w.url,
                   w.authors_text AS authors,
                   (SELECT COUNT(DISTINCT document_id) FROM citations WHERE work_id = w.id)
                       AS documents,
                   (SELECT COUNT(*) FROM citations WHERE work_id = w.id) AS citations,
                   NULL AS first_cited, NULL AS last_cited
            FROM works_fts JOIN works w ON w.id = works_fts.rowid
            WHERE works_fts MATCH ? ORDER BY works_fts.rank LIMIT ?""", [fts_query, limit])
        return [SourceRow(**r) for r in rows]

    # -- hand edits ------------------------------------------------------------------------

    EDITABLE = ("title", "container_title", "issued", "url", "type", "publisher", "doi")

    def edit_work(self, key: str, changes: dict[str, str]) -> Work:
        """Set fields of a work by hand; the edit is kept across re-extraction."""
        unknown = set(changes) - set(self.EDITABLE)
        if unknown:
            raise UsageError(f"cannot edit {', '.join(sorted(unknown))}")
        with self._write():
            row = self._rows("SELECT id, edits FROM works WHERE key = ?", [key])
            if not row:
                raise UsageError(f"no work with key {key!r}")
            edits = {**json.loads(row[0]["edits"]), **changes}
            assignments = ", ".join(f"{field} = ?" for field in changes)
            self.db.execute(f"UPDATE works SET {assignments}, edits = ? WHERE id = ?",
                            [*changes.values(), json.dumps(edits), row[0]["id"]])
        work = self.work(key)
        assert work is not None
        return work

    def merge_works(self, keep: str, others: list[str]) -> Work:
        """Fold works into one: their citations point at `keep`, and their identities become
        aliases of it, so re-extracting the documents lands on `keep` again."""
        with self._write():
            survivor = self._rows("SELECT id FROM works WHERE key = ?", [keep])
            if not survivor:
                raise UsageError(f"no work with key {keep!r}")
            keep_id = survivor[0]["id"]
            for key in others:
                row = self._rows("SELECT id, identity FROM works WHERE key = ?", [key])
                if not row:
                    raise UsageError(f"no work with key {key!r}")
                if row[0]["id"] == keep_id:
                    continue
                old_id = row[0]["id"]
                self.db.execute("UPDATE citations SET work_id = ? WHERE work_id = ?",
                                [keep_id, old_id])
                self.db.execute("UPDATE work_aliases SET work_id = ? WHERE work_id = ?",
                                [keep_id, old_id])
                self.db.execute("INSERT OR REPLACE INTO work_aliases (identity, work_id) "
                                "VALUES (?, ?)", [row[0]["identity"], keep_id])
                self.db.execute("DELETE FROM works WHERE id = ?", [old_id])
        work = self.work(keep)
        assert work is not None
        return work

    # -- audit queries ---------------------------------------------------------------------

    def audit_citations(self, documents: list[str] | None, today: str) -> Iterator[AuditRow]:
        """The citations an audit rule may fire on, in document order.

        Over given documents: every citation of theirs (index citations_document). Over the
        whole bibliography, only those that can fire, each set read off an index rather than
        found by scanning half a million rows: those with a fact recorded when they were
        stored (citations_facts, partial); those dated after today's year began, the only
        ones that can lie in the future (citations_cited_date); and those whose work's link
        is not known to be alive (links_not_alive, partial, and the works whose link was
        never even listed for checking).
        """
        sql, params = self._audit_sql(documents, today)
        for row in self.db.execute(sql, params):
            yield AuditRow(*row)

    def _audit_sql(self, documents: list[str] | None, today: str) -> tuple[str, list[Any]]:
        if documents:
            where, params = _in_documents(documents)
            sql = f"""
                SELECT {_AUDIT_COLUMNS}, l.status, l.reason
                FROM citations c JOIN documents d ON d.id = c.document_id
                LEFT JOIN works w ON w.id = c.work_id
                LEFT JOIN links l ON l.url = w.url
                WHERE 1 {where}
                ORDER BY d.path, c.start"""
        else:
            params = [today[:4]]
            # A work whose link is not among those unsure is alive: its status is known
            # without looking its URL up.
            sql = f"""
                WITH unsure AS (
                    SELECT w.id AS work_id, l.status, l.reason
                    FROM links l JOIN works w ON w.url = l.url WHERE l.status IS NOT 'alive'
                    UNION ALL
                    SELECT w.id, NULL, NULL FROM works w WHERE w.url IS NOT NULL
                        AND NOT EXISTS (SELECT 1 FROM links l WHERE l.url = w.url))
                SELECT {_AUDIT_COLUMNS},
                       CASE WHEN u.work_id IS NOT NULL THEN u.status
                            WHEN w.url IS NOT NULL THEN 'alive' END,
                       u.reason
                FROM citations c JOIN documents d ON d.id = c.document_id
                LEFT JOIN works w ON w.id = c.work_id
                LEFT JOIN unsure u ON u.work_id = c.work_id
                WHERE c.id IN (
                    SELECT id FROM citations WHERE facts != 0
                    UNION ALL SELECT id FROM citations WHERE cited_date > ?
                    UNION ALL SELECT c2.id FROM unsure JOIN citations c2
                                                ON c2.work_id = unsure.work_id)
                ORDER BY d.path, c.start"""
        return sql, params

    def works_cited_by(self, documents: list[str]) -> set[int]:
        where, params = _in_documents(documents)
        return {r[0] for r in self.db.execute(f"""
            SELECT DISTINCT c.work_id FROM citations c JOIN documents d ON d.id = c.document_id
            WHERE c.work_id IS NOT NULL {where}""", params)}

    def work_variants(self, work_ids: set[int] | None = None
                      ) -> Iterator[tuple[str, str, str, int]]:
        """(key, field, distinct values joined by commas, documents) for works cited with
        different titles, dates or outlets; of the given works only, or of all."""
        if work_ids is None:
            # One scan of the (work_id, variant) index.
            candidates = [r[0] for r in self.db.execute(
                "SELECT work_id FROM citations WHERE work_id IS NOT NULL GROUP BY work_id "
                "HAVING COUNT(DISTINCT variant) > 1")]
        else:
            candidates = sorted(work_ids)
        for start in range(0, len(candidates), 500):
            batch = candidates[start:start + 500]
            cursor = self.db.execute(f"""
                SELECT w.key, COUNT(DISTINCT c.document_id),
                       COUNT(DISTINCT json_extract(c.fields, '$.title')),
                       group_concat(DISTINCT json_extract(c.fields, '$.title')),
                       COUNT(DISTINCT json_extract(c.fields, '$.date')),
                       group_concat(DISTINCT json_extract(c.fields, '$.date')),
                       COUNT(DISTINCT json_extract(c.fields, '$.outlet')),
                       group_concat(DISTINCT json_extract(c.fields, '$.outlet'))
                FROM citations c JOIN works w ON w.id = c.work_id
                WHERE c.work_id IN ({', '.join('?' * len(batch))})
                GROUP BY c.work_id HAVING COUNT(DISTINCT c.variant) > 1""", batch)
            for key, documents, *per_field in cursor:
                pairs = zip(per_field[::2], per_field[1::2], strict=True)
                for name, (count, values) in zip(("title", "date", "outlet"), pairs,
                                                 strict=True):
                    if count > 1:
                        yield key, name, values, documents

    def titled_works(self) -> list[TitledWork]:
        """Every work known by its title, ordered by year and folded title, so near-identical
        titles of one year come out next to each other; read off the works_titled index."""
        return self.db.execute(_TITLED_WORKS).fetchall()

    def titled_neighbourhoods(self, work_ids: set[int], around: int
                              ) -> Iterator[list[TitledWork]]:
        """For each given work known by its title, the run of titled works around it in the
        order of `titled_works`: `around` before it, itself, `around` after it."""
        for work_id in sorted(work_ids):
            row = self.db.execute("SELECT title_year, title_folded FROM works "
                                  "WHERE id = ? AND title_folded IS NOT NULL",
                                  [work_id]).fetchone()
            if row is None:
                continue
            before = self.db.execute(
                "SELECT id, title_year, title_folded FROM works WHERE title_folded IS NOT NULL "
                "AND (title_year, title_folded) < (?, ?) "
                "ORDER BY title_year DESC, title_folded DESC LIMIT ?", [*row, around])
            after = self.db.execute(
                "SELECT id, title_year, title_folded FROM works WHERE title_folded IS NOT NULL "
                "AND (title_year, title_folded) > (?, ?) "
                "ORDER BY title_year, title_folded LIMIT ?", [*row, around])
            yield [*reversed(before.fetchall()), (work_id, *row), *after]

    def work_labels(self, work_ids: Iterable[int]) -> dict[int, tuple[str, str]]:
        """work id -> (key, authors) of the given works."""
        ids = list(set(work_ids))
        found: dict[int, tuple[str, str]] = {}
        for i in range(0, len(ids), 500):
            part = ids[i:i + 500]
            found.update((r[0], (r[1], r[2])) for r in self.db.execute(
                f"SELECT id, key, authors_text FROM works "
                f"WHERE id IN ({', '.join('?' * len(part))})", part))
        return found

    def works_generation(self) -> int:
        """A number that changes whenever a work is added, dropped, or changes its key, its
        authors or its title identity."""
        return int(self.db.execute(
            "SELECT value FROM store_generations WHERE name = 'works'").fetchone()[0])

    def cached(self, name: str, generation: int) -> Any | None:
        """What `cache` kept under this name, if it was made at this generation."""
        row = self.db.execute("SELECT value FROM audit_cache WHERE name = ? AND generation = ?",
                              [name, generation]).fetchone()
        return json.loads(row[0]) if row else None

    def cache(self, name: str, generation: int, value: Any) -> bool:
        """Keep a value computed from the works as they stood at `generation`.

        Best effort and never waiting: a read-only file or another process writing just
        means nothing is kept (the audit computes the value again next time)."""
        if self.readonly:
            return False
        self.db.execute("PRAGMA busy_timeout = 0")
        try:
            with self._write():
                self.db.execute("INSERT OR REPLACE INTO audit_cache (name, generation, value) "
                                "VALUES (?, ?, ?)", [name, generation, json.dumps(value)])
        except sqlite3.Error:
            return False
        finally:
            self.db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        return True

    def clear_cache(self) -> None:
        """Forget every cached value (the benchmark times an audit that finds none)."""
        with self._write():
            self.db.execute("DELETE FROM audit_cache")

    def link_statuses(self) -> dict[str, tuple[str, str]]:
        """The latest check of every checked link: canonical url -> (status, reason)."""
        return {url: (status, reason) for url, status, reason in self.db.execute(
            "SELECT url, status, reason FROM links WHERE status IS NOT NULL")}

    def cited_urls(self, documents: list[str] | None = None) -> list[str]:
        """Every distinct URL the given documents (or all) cite."""
        where, params = _in_documents(documents)
        return [r[0] for r in self.db.execute(f"""
            SELECT DISTINCT COALESCE(json_extract(c.fields, '$.url'), w.url) AS url
            FROM citations c JOIN works w ON w.id = c.work_id
            JOIN documents d ON d.id = c.document_id
            WHERE COALESCE(json_extract(c.fields, '$.url'), w.url) IS NOT NULL {where}""",
            params)]

    def document_paths(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT path FROM documents ORDER BY path")]

    def _rows(self, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
        cursor = self.db.execute(sql, params or [])
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor]

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
                # The last check of a link in the batch is its latest: the audit reads it
                # off the link rather than searching the history.
                latest = {ids[u]: (str(c.status), c.reason)
                          for u, c in zip(urls, checks, strict=True)}
                self.db.conn.executemany("UPDATE links SET status = ?, reason = ? WHERE id = ?",
                                         [(*check, link_id) for link_id, check in latest.items()])
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


@dataclass(frozen=True, slots=True)
class CitedAt:
    document: str
    document_date: str | None
    line: int
    raw: str
    style: str
    context: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class SourceQuery:
    outlet: str | None = None
    author: str | None = None
    since: str | None = None
    document: str | None = None
    sort: str = "cited"
    limit: int = 1000


@dataclass(frozen=True, slots=True)
class SourceRow:
    id: int
    key: str
    title: str | None
    outlet: str | None
    date: str | None
    url: str | None
    authors: str
    documents: int
    citations: int
    first_cited: str | None
    last_cited: str | None


@dataclass(frozen=True, slots=True)
class CountRow:
    value: str | None
    works: int
    citations: int
    documents: int


@dataclass(frozen=True, slots=True)
class AuditRow:
    """A citation as the audit sees it: its facts, its work, its work's link."""

    document: str
    document_date: str | None
    citation_id: int
    line: int
    raw: str
    style: str
    date: str | None
    facts: int  # srctrack.facts.Fact
    url: str | None  # the work's (a work takes the first link any citation gives it)
    key: str | None  # None for a citation that names no source
    work_id: int | None
    work_title: str | None
    link_status: str | None  # of the latest check of the work's link, None if never checked
    link_reason: str | None


#: A work known by its title, as duplicate detection compares it: (id, year, folded title).
#: A plain tuple: the whole bibliography's works are read at once, and tuples come cheapest.
TitledWork = tuple[int, str, str]


def _work(record: dict[str, Any], authors: tuple[Creator, ...]) -> Work:
    return Work(key=record["key"], type=record["type"], title=record["title"],
                container_title=record["container_title"], authors=authors,
                issued=record["issued"], url=record["url"], publisher=record["publisher"],
                doi=record["doi"], accessed=record["accessed"],
                extra=json.loads(record["extra"] or "{}"), id=record["id"])


def title_parts(identity: str) -> tuple[str | None, str | None]:
    """(folded title, year) of a work known by its title, (None, None) for any other."""
    if not identity.startswith("title:"):
        return None, None
    title, _, year = identity[6:].partition("|")
    return title, year


def citation_variant(citation: Citation) -> str:
    """What a citation says of its work, as a reader compares it."""
    outlet = outlets.canonical(citation.outlet) if citation.outlet else ""
    return "|".join((fold_title(citation.title or ""), citation.date or "", outlet.casefold()))


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
    return stored_path(document.path)


def stored_path(path: str) -> str:
    """The path a document given on the command line is stored under."""
    return str(Path(path).resolve())


_TITLED_WORKS = ("SELECT id, title_year, title_folded FROM works "
                 "WHERE title_folded IS NOT NULL ORDER BY title_year, title_folded")

# What the audit reads of a citation, its document and its work (AuditRow, less the link).
_AUDIT_COLUMNS = """d.path, d.date, c.id, c.line, c.raw, c.style, c.cited_date, c.facts,
                    w.url, w.key, w.id, w.title"""


def _in_documents(documents: list[str] | None) -> tuple[str, list[Any]]:
    """An `AND d.path IN (...)` clause for the given documents, or nothing for all."""
    if not documents:
        return "", []
    paths = [stored_path(p) for p in documents]
    return f"AND d.path IN ({', '.join('?' * len(paths))})", paths


def _like_literal(text: str) -> str:
    """Text for a LIKE pattern that matches itself: `%`, `_` and the escape escaped."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
