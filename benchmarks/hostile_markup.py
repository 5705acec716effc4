#!/usr/bin/env python3
"""Time against size for the Markdown and HTML shapes that used to take quadratic time.

    python benchmarks/hostile_markup.py                 # every shape, 50 KB to 800 KB
    python benchmarks/hostile_markup.py --sizes 100000 200000 400000 --extract

Each shape (an opening that never closes, repeated) is read at doubling sizes; the last
column is the time over the time at half the size: about 2 is linear, about 4 quadratic.
`--extract` times citation extraction on the text too, not only the reader.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from srctrack.read import html, markdown  # noqa: E402

SHAPES = [
    ("md", "[a]("), ("md", "<!-- "), ("md", "[["), ("md", '![a](x "'), ("md", "<http://a"),
    ("md", "[a](b"), ("html", "<a"), ("html", "<!-- "), ("html", '<a x="'),
    ("html", '<a x=">'), ("html", "<![ "), ("html", "<![CDATA[>"), ("html", "</a"),
    ("html", "<!"), ("html", "<?"),
    ("html", "<p>x</p>"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+",
                        default=[50_000, 100_000, 200_000, 400_000, 800_000],
                        help="document sizes in characters")
    parser.add_argument("--extract", action="store_true", help="extract citations too")
    args = parser.parse_args()
    print(f"{'format':<6} {'shape':<12} {'chars':>9} {'seconds':>9} {'x prev':>7}")
    for fmt, shape in SHAPES:
        previous = None
        for size in args.sizes:
            source = shape * (size // len(shape))
            reader = markdown if fmt == "md" else html
            started = time.perf_counter()
            document = reader.to_document("bench", source, "0" * 64)
            if args.extract:
                from srctrack.extract import extract

                extract(document)
            elapsed = time.perf_counter() - started
            ratio = f"{elapsed / previous:7.1f}" if previous and previous > 0.001 else " " * 7
            print(f"{fmt:<6} {shape!r:<12} {len(source):>9,} {elapsed:>9.3f} {ratio}",
                  flush=True)
            previous = elapsed


if __name__ == "__main__":
    main()
