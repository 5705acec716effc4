"""Time `audit`, `sources` and `search` on a bibliography of 50,000 documents and 500,000
citations, built through the store as `extract` builds it.

    python benchmarks/audit.py [--documents 50000] [--per-document 10] [--db PATH]

Every cited link gets one recorded check (3% of them dead), as after `srctrack check`.
Prints the build time, then each command's wall time (median of 3 runs, in-process through
the library, the way the CLI calls it), and the query plans that show the indexes used.
The whole-bibliography audit is timed twice: with its duplicate scan cached (as when no work
changed since the last audit) and without (as right after `extract`). With --db an existing
database is reused (and migrated if it is older); without, one is built in a temp folder.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import statistics
import tempfile
import time
from pathlib import Path

from srctrack.audit import AuditConfig, audit
from srctrack.model import Citation, CitationStyle, Creator, Document, LinkCheck, LinkStatus
from srctrack.store import SourceQuery, Store

OUTLETS = ["Reuters", "Kommersant", "Interfax", "Euractiv", "Foreign Policy", "The Diplomat",
           "Eurasianet", "RFE/RL", "Le Monde", "Der Spiegel", "El País", "TASS", "Bloomberg",
           "Financial Times", "The Guardian", "Meduza", "Novaya Gazeta", "Al Jazeera"]
WORDS = ("pipeline sanctions grain border election summit drills reform currency migrants "
         "energy tariff water dam railway treaty protest ceasefire corridor uranium gas oil "
         "wheat port bank bond debt inflation drought harvest budget court vote").split()
GIVEN = "Anna Ivan Maria Johan Georgi Fatima Chen Olga Pierre Lena Omar Sara Yusuf Irina".split()
FAMILY = ("Kowalska Petrov Rossi Engvall Gotev Haidari Wei Smirnova Dubois Fischer Nasser "
          "Lindqvist Karimov Volkova Baker Moreau Ortiz Tanaka Novak Horvat").split()


def synthetic_citations(rng: random.Random, n_works: int) -> list[tuple[Creator, str, str, str]]:
    works = []
    for i in range(n_works):
        title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 8))).capitalize()
        title += f" {i}"  # distinct works, as real bibliographies mostly are
        year = rng.randint(2005, 2025)
        issued = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        author = Creator(family=rng.choice(FAMILY), given=rng.choice(GIVEN))
        works.append((author, title, rng.choice(OUTLETS), issued))
    return works


def build(db: Path, documents: int, per_document: int) -> float:
    rng = random.Random(7)
    works = synthetic_citations(rng, documents * per_document // 3)
    start = time.perf_counter()
    with Store(db) as store, store.batch():
        for d in range(documents):
            parts, citations, pos = [], [], 0
            for author, title, outlet, issued in rng.sample(works, per_document):
                raw = f"{author.given} {author.family}, {title}, {outlet}, {issued}"
                prefix = "A claim ("
                url = f"https://example.org/{title.replace(' ', '-')}" if rng.random() < .4 \
                    else None
                citations.append(Citation(
                    raw=raw, start=pos + len(prefix), end=pos + len(prefix) + len(raw),
                    style=CitationStyle.PARENTHETICAL, authors=(author,), title=title,
                    outlet=outlet, date=issued, url=url, context=f"{prefix}{raw})."))
                parts.append(f"{prefix}{raw}). ")
                pos += len(parts[-1])
            text = "".join(parts)
            store.save_document(Document(
                path=f"/bench/doc{d}.txt", text=text, format="txt",
                sha256=hashlib.sha256(text.encode()).hexdigest(),
                date=f"2025-{rng.randint(1, 12):02d}-01"), citations)
    with Store(db) as store:
        # As after `srctrack check`: every link checked once, a few of them dead.
        store.sync_links()
        checks = [LinkCheck(url, LinkStatus.DEAD if rng.random() < 0.03 else LinkStatus.ALIVE,
                            "benchmark", "2026-01-01T00:00:00")
                  for url in store.cited_urls()]
        store.record_checks(checks)
    return time.perf_counter() - start


def timed(fn: object, runs: int = 3) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--documents", type=int, default=50_000)
    ap.add_argument("--per-document", type=int, default=10)
    ap.add_argument("--db", type=Path)
    args = ap.parse_args()
    db = args.db or Path(tempfile.mkdtemp()) / "bench.db"
    if not db.exists():
        seconds = build(db, args.documents, args.per_document)
        print(f"built {db} in {seconds:.1f} s")
    with Store(db) as store:
        print("counts:", store.counts())
        def audit_uncached() -> object:
            store.clear_cache()  # as after any change to the works: duplicates found afresh
            return audit(store, config=AuditConfig())

        t, report = timed(audit_uncached)
        print(f"audit (all, no cache):      {t:6.2f} s  "
              f"{len(report.findings)} findings")  # type: ignore[attr-defined]
        t, report = timed(lambda: audit(store, config=AuditConfig()))
        print(f"audit (all documents):      {t:6.2f} s  "
              f"{len(report.findings)} findings")  # type: ignore[attr-defined]
        t, report = timed(lambda: audit(store, ["/bench/doc17.txt"], AuditConfig()))
        print(f"audit (one document):       {t:6.2f} s  "
              f"{len(report.findings)} findings")  # type: ignore[attr-defined]
        t, rows = timed(lambda: store.sources(SourceQuery(limit=100)))
        print(f"sources (top 100 by cited): {t:6.2f} s  {len(rows)} rows")  # type: ignore[arg-type]
        t, rows = timed(lambda: store.source_counts("outlet", SourceQuery(limit=100)))
        print(f"sources --by outlet:        {t:6.2f} s  {len(rows)} rows")  # type: ignore[arg-type]
        t, rows = timed(lambda: store.sources(SourceQuery(outlet="Kommersant", limit=100)))
        print(f"sources --outlet:           {t:6.2f} s  {len(rows)} rows")  # type: ignore[arg-type]
        t, rows = timed(lambda: store.search("pipeline sanctions"))
        print(f"search 'pipeline sanctions':{t:6.2f} s  {len(rows)} rows")  # type: ignore[arg-type]
        for name, sql in store.explain_plans().items():
            print(f"plan of {name}:")
            for line in sql:
                print("   ", line)


if __name__ == "__main__":
    main()
