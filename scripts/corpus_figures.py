#!/usr/bin/env python3
"""Extraction figures on an annotated corpus folder, by citation style and by language.

    python scripts/corpus_figures.py tests/corpus-real/dev [tests/corpus-real/test ...]
    SRCTRACK_NO_GAZETTEER=1 python scripts/corpus_figures.py tests/corpus-real/test

Spans match as ../shared/eval/score.py matches them (half the shorter span), so the totals
equal its figures. Recall is given per gold citation style (a citation's own `style`), and
precision, recall and F1 per document language. Only totals are printed: no miss is shown,
so the frozen test split can be reported without being read.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from corpus_scoring import locate, pair

from srctrack.extract import extract
from srctrack.read import FORMATS, Source, read


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def report(folder: Path) -> None:
    style_gold: Counter[str] = Counter()
    style_hit: Counter[str] = Counter()
    lang: dict[str, Counter[str]] = {}
    for gold_path in sorted(folder.glob("*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        path = gold_path.with_name(gold["file"])
        document = read(Source(str(path), FORMATS[path.suffix]))
        predicted = [(c.start, c.end) for c in extract(document) if not c.is_missing_note]
        spans, after = [], 0
        for c in gold["citations"]:
            span = locate(document.text, c["raw"], after) or (-1, -1)
            spans.append(span)
            after = max(after, span[1])
        hit = set(pair(spans, predicted))
        for i, c in enumerate(gold["citations"]):
            style_gold[c["style"]] += 1
            style_hit[c["style"]] += i in hit
        counts = lang.setdefault(gold["lang"], Counter())
        counts["documents"] += 1
        counts["gold"] += len(spans)
        counts["predicted"] += len(predicted)
        counts["matched"] += len(hit)
    print(f"{folder}")
    print("  by style (recall):  " + "  ".join(
        f"{s} {style_hit[s] / style_gold[s]:.3f} ({style_gold[s]})" for s in sorted(style_gold)))
    total: Counter[str] = Counter()
    for code in sorted(lang):
        c = lang[code]
        total.update(c)
        p = c["matched"] / c["predicted"] if c["predicted"] else 0.0
        r = c["matched"] / c["gold"] if c["gold"] else 0.0
        print(f"  {code}: {c['documents']:3d} documents {c['gold']:4d} citations  "
              f"precision {p:.3f} recall {r:.3f} f1 {f1(p, r):.3f}")
    p, r = total["matched"] / total["predicted"], total["matched"] / total["gold"]
    print(f"  all: {total['documents']:3d} documents {total['gold']:4d} citations  "
          f"precision {p:.3f} recall {r:.3f} f1 {f1(p, r):.3f}")


def main() -> int:
    for folder in sys.argv[1:]:
        report(Path(folder))
    return 0


if __name__ == "__main__":
    sys.exit(main())
