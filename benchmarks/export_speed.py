"""How long each exporter and importer takes on a synthetic bibliography.

    python benchmarks/export_speed.py [N]   (default 5000 works; formatted lists 300)

pandoc's citeproc grows faster than linearly with the size of the list (seen here: 500
works 11 s, 1000 works 150 s), so the formatted list is timed on a smaller sample.
"""

from __future__ import annotations

import sys
import time

from srctrack.export import bibread, csljson, exporter, ris
from srctrack.model import Creator, Work


def works(n: int) -> list[Work]:
    return [Work(key=f"dvorak{2000 + i % 25}w{i}", type=("article-newspaper", "report",
                                                        "webpage", "book")[i % 4],
                 title=f"Šárka’s report #{i} on the CSTO & 50% of Kazakhstan’s {{exports}}",
                 container_title="The Guardian" if i % 2 else None,
                 authors=(Creator.person("Dvořák", "Šárka"),
                          Creator.organisation("Human Rights Watch")),
                 issued=f"{2000 + i % 25}-03-14", publisher="HRW" if i % 3 else None,
                 url=f"https://example.org/{i}?a=b_c%20", accessed="2024-01-05")
            for i in range(n)]


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    sample = works(n)
    texts = {}
    for fmt in ("bibtex", "biblatex", "csl-json", "ris", "text"):
        part = sample if fmt != "text" else sample[:300]
        n_part = len(part)
        start = time.perf_counter()
        texts[fmt] = exporter(fmt)(part)
        elapsed = time.perf_counter() - start
        print(f"export {fmt:9} {n_part} works: {elapsed:6.2f} s  "
              f"({n_part / elapsed:8.0f} works/s)")
    for fmt, loads in (("biblatex", bibread.loads), ("csl-json", csljson.loads),
                       ("ris", ris.loads)):
        start = time.perf_counter()
        read = loads(texts[fmt], fmt)
        elapsed = time.perf_counter() - start
        assert len(read.works) == n, (fmt, len(read.works), read.problems[:3])
        print(f"import {fmt:9} {n} works: {elapsed:6.2f} s  ({n / elapsed:8.0f} works/s)")


if __name__ == "__main__":
    main()
