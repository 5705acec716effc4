#!/usr/bin/env python3
"""Put each annotated document of tests/corpus-real into dev/ or the frozen test/ split.

    python scripts/split_corpus.py tests/corpus-real/incoming tests/corpus-real

A document goes to test/ when a keyed hash of its id, with the fixed seed below, falls in
the lowest third of the hash space: a random draw of about a third that no one chooses, that
does not depend on which other documents exist or on the order they arrive, and that never
changes for a document once drawn. Documents are copied (text and gold file together); only
documents whose gold file passes check_corpus.py are placed.
"""

from __future__ import annotations

import hashlib
import shutil
import sys
from pathlib import Path

from check_corpus import check

SEED = "srctrack-corpus-real-2026-11-30"


def split_of(doc_id: str) -> str:
    digest = hashlib.sha256(f"{SEED}:{doc_id}".encode()).digest()
    return "test" if int.from_bytes(digest[:8], "big") % 3 == 0 else "dev"


def main() -> int:
    source, corpus = Path(sys.argv[1]), Path(sys.argv[2])
    placed = {"dev": 0, "test": 0}
    for gold_path in sorted(source.rglob("*.gold.json")):
        problems, gold = check(gold_path)
        if problems:
            print(f"{gold_path}: not placed: {problems[0]}", file=sys.stderr)
            continue
        split = split_of(gold["id"])
        target = corpus / split
        target.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(gold_path, target / gold_path.name)
        shutil.copyfile(gold_path.with_name(gold["file"]), target / gold["file"])
        placed[split] += 1
    print(f"dev {placed['dev']}, test {placed['test']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
