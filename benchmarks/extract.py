#!/usr/bin/env python3
"""Extraction throughput: generate article-like text, extract and store it, report MB/s,
citations/s and peak memory for one process and for --jobs 2.

    python benchmarks/extract.py [--mb 100] [--jobs 1 2] [--json]
    PYTHONPATH=/path/to/other/checkout/src python benchmarks/extract.py --json   # a peer

The corpus is written to a temporary folder one file at a time (streamed, never held in
memory); each configuration runs in a fresh `srctrack extract` process, so the peak memory it
reports (the process and its workers) is that run's alone. A run on a tenth of the corpus is
printed too: peak memory must not grow with the corpus size.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

DOC_BYTES = 60_000
# Names, titles and outlets vary as in a real archive (thousands of distinct authors and
# works), so that caches of names and outlets meet mostly new strings, as they would.
OUTLETS = ["Reuters", "Kommersant", "Interfax", "The Diplomat", "Eurasianet", "Bloomberg",
           "Financial Times", "TASS", "Carnegie Politika", "EDM", "Le Monde", "RFE/RL"]
OUTLET_WORDS = (["Caspian", "Steppe", "Northern", "Civic", "Eastern", "Open", "Daily",
                 "Regional", "Frontier", "Silk Road"],
                ["Review", "Monitor", "Herald", "Observer", "Times", "Dispatch", "Gazette",
                 "Journal", "Report", "Institute"])
GIVEN = ("Johan Georgi Luca Rauf Olga Anna Maria Ivan Aigerim Farid Elena Paul Sarah Timur "
         "Nodira Kamila Pierre Hans Giulia Carmen Yusuf Dina Marek Lena Omar Irina Tomas "
         "Zarina Nikolai Sofia").split()
FAMILY = ("Engvall Gotev Anceschi Mammadov Kavalenka Petrov Kowalska Ivanova Nurlanova Aliyev "
          "Schmidt Rossi Garcia Dubois Novak Kim Haddad Sultanova Karimov Lindqvist Moreau "
          "Fischer Bianchi Lopez Horvat Tanaka Wright Evans Baker Clarke Ahmadi Rashidova "
          "Morozov Vogel Conti Ortega Laurent Weber Costa Bauer").split()
TITLE_WORDS = ("policy energy water border trade security grain pipeline sanctions reform "
               "election migration corridor debt drought power railway gas oil currency "
               "protest alliance summit budget tariff climate labour media court army "
               "lithium uranium wheat cotton transit ports banks courts parties").split()
MONTHS = ["January", "March", "May", "June", "September", "November"]
WORDS = ("the government said that the region remains exposed to shocks while trade and "
         "security ties with neighbours (including the CSTO) continue to shape policy in 2022 "
         "and analysts expect nearly 20% growth although officials in several capitals have "
         "argued for caution as prices of food and fuel rose through the winter").split()


def outlet(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return rng.choice(OUTLETS)
    return f"The {rng.choice(OUTLET_WORDS[0])} {rng.choice(OUTLET_WORDS[1])}"


def title(rng: random.Random) -> str:
    words = [rng.choice(TITLE_WORDS) for _ in range(rng.randint(3, 7))]
    return " ".join(words).capitalize()


def sentence(rng: random.Random) -> str:
    body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 30)))
    kind = rng.random()
    month, day, year = rng.choice(MONTHS), rng.randint(1, 28), rng.randint(2010, 2024)
    if kind < 0.15:
        person = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"
        body += f" ({person}, {title(rng)}, {outlet(rng)}, {month} {day}, {year})"
    elif kind < 0.25:
        body += f" ({outlet(rng)}, {month} {day}; {month} {day + 1})"
    elif kind < 0.30:
        body += f", {outlet(rng)} reported on {day} {month} {year}"
    elif kind < 0.33:
        body += f" https://www.example.org/{year}/{day}/story-{rng.randint(1, 10**6)}"
    return body[0].upper() + body[1:] + "."


def write_corpus(folder: Path, megabytes: int, seed: int = 7) -> int:
    rng = random.Random(seed)
    total, n = 0, 0
    while total < megabytes * 1_000_000:
        parts, size = [f"Article {n}\n\n"], 0
        while size < DOC_BYTES:
            paragraph = " ".join(sentence(rng) for _ in range(rng.randint(3, 7))) + "\n\n"
            parts.append(paragraph)
            size += len(paragraph)
        data = "".join(parts).encode("utf-8")
        (folder / f"doc{n:06d}.txt").write_bytes(data)
        total += len(data)
        n += 1
    return total


def run(folder: Path, jobs: int, db: Path, as_json: bool) -> tuple[float, int, float]:
    """Seconds, citations stored, peak RSS in MB (the largest process of the run).

    The run is the main job as a user types it, `srctrack extract --db DB FOLDER`: read,
    extract, store, and a line a document on standard output (or JSON Lines with --json,
    to compare with a srctrack that printed tables). The citations are counted in the
    database afterwards.
    """
    flag = ",'--json'" if as_json else ""
    code = ("import sys, resource, subprocess, time;"
            "t=time.perf_counter();"
            f"p=subprocess.run([sys.executable,'-m','srctrack','extract','--db',"
            f"{str(db)!r},'--jobs','{jobs}'{flag},{str(folder)!r}],capture_output=True,text=True);"
            "dt=time.perf_counter()-t;"
            "r=resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss;"
            "print(dt, r/1024, p.returncode)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    if out[2] != "0":
        raise SystemExit(f"srctrack extract failed with exit code {out[2]}")
    with sqlite3.connect(db) as conn:
        citations = conn.execute("SELECT COUNT(*) FROM citations").fetchone()[0]
    conn.close()
    return float(out[0]), int(citations), float(out[1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=int, default=100, help="corpus size in MB (default 100)")
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--json", action="store_true",
                    help="run extract --json (PYTHONPATH=OTHER/src times another srctrack)")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for label, mb in (("small", max(1, a.mb // 10)), ("full", a.mb)):
            folder = root / label
            folder.mkdir()
            size = write_corpus(folder, mb)
            for jobs in a.jobs:
                db = root / f"{label}-{jobs}.db"
                seconds, citations, peak = run(folder, jobs, db, a.json)
                print(f"{label:>5} {size / 1e6:7.1f} MB  jobs {jobs}  {seconds:7.1f} s  "
                      f"{size / 1e6 / seconds:6.2f} MB/s  {citations / seconds:9.0f} citations/s"
                      f"  {citations:8d} citations  peak {peak:6.0f} MB (incl. storage)")
                db.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
