"""The annotated corpora, scored as ../shared/eval/score.py scores them, held to stored
baselines that may only go up (tests/corpus_baselines.json, written by
`python tests/corpus_scoring.py --update`).

`tests/corpus` is the synthetic regression set, written for srctrack; `tests/corpus-real` is
real published text, with a frozen `test/` split that is read only as totals here. The full
report per style and field is `python ../shared/eval/score.py FOLDER --cmd 'srctrack extract
--json --no-store {files}' --text-cmd 'srctrack extract --text {file}'`.
"""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest
from corpus_scoring import BASELINES, FIELDS, FOLDERS, TESTS, Counts, locate, score_folder

from srctrack.extract import extract
from srctrack.read import Source, read

CORPUS = TESTS / "corpus"


def f1(counts: Counts) -> float:
    if not counts.matched:
        return 0.0
    precision, recall = counts.matched / counts.predicted, counts.matched / counts.gold
    return 2 * precision * recall / (precision + recall)
BASELINE = json.loads(BASELINES.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", [n for n in FOLDERS if n in BASELINE])
def test_corpus_never_gets_worse(name: str) -> None:
    base, now = Counts(**BASELINE[name]), score_folder(TESTS / name)
    assert now.gold == base.gold, "the gold changed: update the baseline with it"
    assert now.matched >= base.matched, "fewer gold citations found"
    # False positives may rise with recall, as long as F1 does not fall.
    assert f1(now) >= f1(base) - 1e-9, "F1 fell"
    assert now.negatives_extracted <= base.negatives_extracted, "a not_citation extracted"
    assert now.exact >= base.exact, "fewer citations right in every field"
    for f in FIELDS:
        assert now.fields[f] >= base.fields[f], f"{f} right less often"


def test_synthetic_corpus_stays_near_perfect() -> None:
    counts = score_folder(CORPUS)
    assert f1(counts) >= 0.99
    assert counts.negatives_extracted == 0


def test_a_not_citation_missing_from_the_text_fails(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Reuters reported on 3 May 2023 that grain left.\n")
    gold = {"id": "a", "file": "a.txt", "citations": [], "not_citations": ["(AP Photo)"]}
    (tmp_path / "a.gold.json").write_text(json.dumps(gold))
    with pytest.raises(AssertionError, match="not_citation not in the text"):
        score_folder(tmp_path)


@pytest.mark.parametrize("gold_path", sorted((CORPUS / "encodings").glob("*.gold.json")),
                         ids=lambda p: p.stem)
def test_documents_in_other_encodings(gold_path: Path) -> None:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    document = read(Source(str(gold_path.with_name(gold["file"])), "txt"))
    assert codecs.lookup(document.encoding).name.startswith(codecs.lookup(gold["encoding"]).name)
    after = 0
    for citation in gold["citations"]:
        span = locate(document.text, citation["raw"], after)
        assert span is not None, citation["raw"]  # decoded right: the span reads back
        after = span[1]
    # What extraction finds in them is held by test_corpus_never_gets_worse.
    assert extract(document)
