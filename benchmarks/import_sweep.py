#!/usr/bin/env python3
"""Time and memory of `srctrack import` against the size of a .bib with DOIs.

    python benchmarks/import_sweep.py                    # 2,000 to 32,000 entries
    python benchmarks/import_sweep.py --entries 10000 20000 40000

Each size is a fresh database and a fresh process; the last column is the time over the time
at the size before it (about 2 for a doubling is linear, about 4 quadratic).
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def write_bib(path: Path, entries: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        for i in range(entries):
            out.write(f"@article{{k{i},\n  author = {{Smith{i}, John}},\n"
                      f"  title = {{A study of thing number {i} in depth}},\n"
                      f"  journal = {{Journal {i % 50}}},\n  year = {{{1990 + i % 30}}},\n"
                      f"  doi = {{10.1000/x{i}}},\n}}\n\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, nargs="+",
                        default=[2000, 4000, 8000, 16000, 32000])
    args = parser.parse_args()
    print(f"{'entries':>8} {'MB':>6} {'seconds':>8} {'x prev':>7} {'peak RSS MB':>12}")
    previous = None
    with tempfile.TemporaryDirectory() as tmp:
        for entries in args.entries:
            bib = Path(tmp) / f"b{entries}.bib"
            write_bib(bib, entries)
            before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "srctrack", "import", "--json", "--db",
                            str(Path(tmp) / f"{entries}.db"), str(bib)],
                           check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
            elapsed = time.perf_counter() - started
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            ratio = f"{elapsed / previous:7.1f}" if previous else " " * 7
            print(f"{entries:>8,} {bib.stat().st_size / 1e6:>6.1f} {elapsed:>8.2f} {ratio} "
                  f"{max(peak, before) / 1024:>12.0f}", flush=True)
            previous = elapsed


if __name__ == "__main__":
    main()
