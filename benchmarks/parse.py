#!/usr/bin/env python3
"""How many reference strings `srctrack parse` reads a second, on one core.

    python benchmarks/parse.py                  # the references of ../shared/data/anystyle
    python benchmarks/parse.py refs.txt         # one reference a line
    python benchmarks/parse.py --min 1000       # exit 1 when the median is below 1,000 a second

The model is loaded once, before the clock starts, as it is once per process in use. The
token-feature caches are emptied before each pass, so that each pass pays for every token's
features as a fresh process would. The median and the best of the passes are reported in CPU
time (what one core spends, whatever else the machine runs), and the best by the wall clock.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from srctrack.parse import features, reference  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "data" / "anystyle" / "gold.xml"
FALLBACK = [
    "Huffman, D. A. (1952). A method for the construction of minimum redundancy codes. "
    "Proceedings of the Institute of Radio Engineers, 40, 1098-1101.",
    "Lakoff, George, and Mark Johnson. Metaphors We Live By. Chicago: University of Chicago "
    "Press, 2003.",
    "Daugherty CK, Hlubocky FJ. What are terminally ill cancer patients told about their "
    "expected deaths? J Clin Oncol. 2008;26(36):5988-93.",
    "Andrew Roth, “Putin signs law,” The Guardian, 3 March 2022, "
    "https://www.theguardian.com/world/2022/mar/03/putin-law",
]


def references(path: Path | None) -> list[str]:
    if path is None:
        if not DEFAULT.exists():
            return FALLBACK * 250
        path = DEFAULT
    if path.suffix == ".xml":
        return [" ".join(" ".join("".join(c.itertext()).split()) for c in seq)
                for seq in ET.parse(path).getroot().iter("sequence")]
    return [line for line in path.read_text("utf-8").splitlines() if line.strip()]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("path", nargs="?", type=Path)
    ap.add_argument("--passes", type=int, default=7)
    ap.add_argument("--min", type=float, help="fail below this many references a second")
    a = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    lines = references(a.path)
    reference.parse_reference(lines[0])  # loads the model
    rates, wall_rates = [], []
    for _ in range(a.passes):
        features.token_info.cache_clear()
        wall, cpu = time.perf_counter(), time.process_time()
        reference.parse_references(lines)
        rates.append(len(lines) / (time.process_time() - cpu))
        wall_rates.append(len(lines) / (time.perf_counter() - wall))
    best, typical = max(rates), statistics.median(rates)
    tokens = sum(len(features.tokenize(x)) for x in lines)
    print(f"{len(lines)} references ({tokens / len(lines):.0f} tokens each), "
          f"{a.passes} passes: {typical:,.0f} references a second of CPU time on one core "
          f"(median; best {best:,.0f}; best by the wall clock {max(wall_rates):,.0f})")
    if a.min is not None and typical < a.min:
        sys.exit(1)


if __name__ == "__main__":
    main()
