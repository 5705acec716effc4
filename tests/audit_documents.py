"""Documents that fire every audit rule, with the link checks that go with them.

Shared by the migration test (tests/data/schema3.sql holds them as schema 3 stored them) and
by tests that compare an audit of one document with the audit of all.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from srctrack.extract import extract
from srctrack.model import Document, LinkCheck, LinkStatus
from srctrack.read import Source, read
from srctrack.store import Store

#: name -> (reader format, text). Stored under /fixture/NAME.
DOCUMENTS: dict[str, tuple[str, str]] = {
    "a.txt": ("txt",
              "Claims (Anna Kowalska, Grain and Guns, Foreign Policy, March 14, 2022). "
              "A leap (Reuters, February 30, 2022). A prophecy (Interfax, May 2, 2091). "
              "A wrong day (Ivan Petrov, The Pipeline Deal, Kommersant, June 1, 2022). "
              "Undated (Ivan Petrov, Grain Without Dates, Kommersant)."),
    "b.txt": ("txt",
              "Again (Anna Kowalska, Grain And Guns, Foreign Policy, March 15, 2022). "
              "Same story (Ivan Petrov, The Pipline Deal, Kommersant, June 1, 2022). "
              "Elsewhere (Anna Kowalska, Grain and Guns, Foreign Affairs, March 14, 2022)."),
    "notes.txt": ("txt",
                  "Claim one.[1] Claim two.[3] Three.[4] Four.[5]\n\nNotes\n\n"
                  "1. John Smith, “Grain Corridors,” Foreign Affairs, March 3, 2021.\n"
                  "2. Anna Kowalska, “Water Wars,” Foreign Policy, May 2, 2021.\n"
                  "3. Oleg Ivanov, “Dams and Rivers,” 2020.\n"
                  "4. Oleg Ivanov, “Rivers Again,” Eurasianet.\n"
                  "5. Reuters, May 5, 2021.\n"),
    "refs.txt": ("txt",
                 "As shown (Smith 2020) and disputed (Jones 2019).\n\nReferences\n\n"
                 "Smith, J. (2020). Grain corridors in Central Asia. Journal of Eurasian "
                 "Studies, 3(2), 1-10.\n"),
    "links.md": ("md",
                 "See [the report](https://example.org/a?utm_source=x) and "
                 "[the page](https://example.org/b) and [another](https://example.org/c) "
                 "and [a fine one](https://example.org/d) and [moved](https://example.org/e) "
                 "and [robots](https://example.org/f) and [gone](https://example.org/g)."),
    "dated.html": ("html",
                   '<html><head><meta property="article:published_time" content="2021-05-01">'
                   "</head><body><p>Later (Reuters, June 3, 2021).</p></body></html>"),
}

CHECKS = [
    LinkCheck("https://example.org/a", LinkStatus.ALIVE, "answers", "2026-01-01T00:00:00"),
    LinkCheck("https://example.org/a", LinkStatus.DEAD, "404 Not Found", "2026-01-02T00:00:00",
              http_status=404),
    LinkCheck("https://example.org/b", LinkStatus.TIMEOUT, "no answer in 10 s",
              "2026-01-02T00:00:00"),
    LinkCheck("https://example.org/d", LinkStatus.ALIVE, "answers", "2026-01-02T00:00:00"),
    LinkCheck("https://example.org/e", LinkStatus.REDIRECTED, "moved to /e2",
              "2026-01-02T00:00:00"),
    LinkCheck("https://example.org/f", LinkStatus.BLOCKED, "403 to robots", "2026-01-02T00:00:00"),
    LinkCheck("https://example.org/g", LinkStatus.SOFT_404, "a 'not found' page",
              "2026-01-02T00:00:00"),
]


def stored_path(name: str) -> str:
    return f"/fixture/{name}"


def document(folder: Path, name: str) -> Document:
    """The document as srctrack reads it, stored under /fixture/NAME wherever it was read."""
    fmt, text = DOCUMENTS[name]
    (folder / name).write_text(text, encoding="utf-8")
    return dataclasses.replace(read(Source(str(folder / name), fmt)), path=stored_path(name))


def fill(store: Store, folder: Path) -> None:
    """Store every document and record the link checks."""
    for name in DOCUMENTS:
        d = document(folder, name)
        store.save_document(d, extract(d))
    store.record_checks(CHECKS)
