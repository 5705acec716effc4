"""How long `srctrack --help` takes: it must answer in well under half a second, so heavy
modules are imported only where they are used. Prints the median of N runs and, for scale,
that of a bare `python -c pass`.

    python benchmarks/startup.py [N]
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import time


def median_seconds(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    exe = shutil.which("srctrack")
    command = [exe, "--help"] if exe else [sys.executable, "-m", "srctrack", "--help"]
    baseline = median_seconds([sys.executable, "-c", "pass"], runs)
    help_time = median_seconds(command, runs)
    print(f"python -c pass:   {baseline * 1000:7.1f} ms (median of {runs})")
    print(f"srctrack --help:  {help_time * 1000:7.1f} ms (median of {runs})")


if __name__ == "__main__":
    main()
