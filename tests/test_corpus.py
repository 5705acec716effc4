"""The annotated corpus in tests/corpus, scored the way ../shared/eval/score.py scores it:
a prediction matches a gold citation when their spans overlap by half the shorter one.

A regression gate: the figures may only go up. The full report, per style and field, is
`python ../shared/eval/score.py tests/corpus --cmd 'srctrack extract --json --no-store
{files}' --text-cmd 'srctrack extract --text {file}'`.
"""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest

from srctrack.extract import extract
from srctrack.read import FORMATS, Source, read

CORPUS = Path(__file__).parent / "corpus"


def overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    return inter / max(1, min(a[1] - a[0], b[1] - b[0])) if inter > 0 else 0.0


def locate(text: str, raw: str, after: int) -> tuple[int, int]:
    i = text.find(raw, after)
    i = i if i >= 0 else text.find(raw)
    assert i >= 0, raw
    return i, i + len(raw)


def score(folder: Path) -> tuple[int, int, int, int]:
    """(gold, predicted, matched, negatives extracted) over every gold file in folder."""
    gold_n = pred_n = matched = negatives = 0
    for gold_path in sorted(folder.glob("*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        path = gold_path.with_name(gold["file"])
        document = read(Source(str(path), FORMATS[path.suffix]))
        predicted = [(c.start, c.end) for c in extract(document)]
        spans, after = [], 0
        for c in gold["citations"]:
            spans.append(locate(document.text, c["raw"], after))
            after = spans[-1][1]
        used: set[int] = set()
        for g in spans:
            best = max(((overlap(g, p), i) for i, p in enumerate(predicted) if i not in used),
                       default=(0.0, -1))
            if best[0] >= 0.5:
                used.add(best[1])
                matched += 1
        for neg in gold.get("not_citations", []):
            i = document.text.find(neg)
            if i >= 0 and any(overlap((i, i + len(neg)), p) >= 0.5 for p in predicted):
                negatives += 1
        gold_n, pred_n = gold_n + len(spans), pred_n + len(predicted)
    return gold_n, pred_n, matched, negatives


def test_corpus_f1_and_no_negatives() -> None:
    gold, predicted, matched, negatives = score(CORPUS)
    assert gold >= 300
    precision, recall = matched / predicted, matched / gold
    f1 = 2 * precision * recall / (precision + recall)
    assert f1 >= 0.95, (precision, recall)
    assert negatives == 0


@pytest.mark.parametrize("gold_path", sorted((CORPUS / "encodings").glob("*.gold.json")),
                         ids=lambda p: p.stem)
def test_documents_in_other_encodings(gold_path: Path) -> None:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    document = read(Source(str(gold_path.with_name(gold["file"])), "txt"))
    assert codecs.lookup(document.encoding).name.startswith(codecs.lookup(gold["encoding"]).name)
    # Decoded right: every gold span reads back verbatim from the decoded text.
    for citation in gold["citations"]:
        assert citation["raw"] in document.text
    assert extract(document)
