"""One parser: a reference string gives the same fields through `srctrack parse --json` and
through a note in `srctrack extract --json`.

The strings are the notes and reference-list entries of the annotated corpus (tests/corpus),
the styles of test_reference.py and a few that once went two ways (GOST, Vancouver). Each is
put alone in a note of a small document; where extraction takes the note whole as one
citation, its authors, title, outlet, date, URL and type must be what `srctrack parse` says.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from srctrack.cli import cli

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
EXTRA = [
    "Иванов И. И. Экономика санкций // Вопросы экономики. 2023.",
    "Иванов И. И., Петров П. П. Экономика санкций // Вопросы экономики. — 2023. — № 3. — "
    "С. 5–10.",
    "Daugherty CK, Hlubocky FJ. What are terminally ill cancer patients told about their "
    "expected deaths? J Clin Oncol. 2008;26(36):5988-93.",
    "Smith, J., Jones, K., et al. (2019). Deep nets. In Proceedings of the 36th International "
    "Conference on Machine Learning (pp. 1-10). PMLR.",
    "Reuters, “EU agrees new sanctions on Russia,” 3 May 2022.",
]


@cache
def strings() -> tuple[str, ...]:
    """Every distinct single-line note and reference-list entry of the corpus, and more."""
    from tests.parse.test_reference import STYLES

    found: dict[str, None] = {}
    for path in sorted(CORPUS.glob("*.gold.json")):
        gold = json.loads(path.read_text("utf-8"))
        if gold.get("style") in ("note", "author-date", "mixed"):
            for citation in gold["citations"]:
                raw = " ".join(citation["raw"].split())
                if len(raw) > 40 and "[" not in raw[:3]:
                    found[raw] = None
    for style in STYLES:
        found[style[1]] = None
    for text in EXTRA:
        found[text] = None
    return tuple(found)


def run(*args: str, input: str) -> str:
    result = CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def parsed(text: str) -> dict[str, object]:
    out: dict[str, object] = json.loads(run("parse", "--json", "-", input=text + "\n"))
    return out


def noted(text: str) -> dict[str, object] | None:
    """The citation extraction makes of the string as note 1 of a document; None when it
    does not take the note whole (it splits notes that cite several sources)."""
    document = f"A Title\n\nA claim that needs a source.[1]\n\nNotes\n1. {text}\n"
    out = json.loads(run("extract", "--json", "--no-store", "-", input=document))
    whole = [c for c in out["citations"]
             if c["style"] == "note" and " ".join(c["raw"].split()) == text]
    return whole[0] if whole else None


def same_fields(ref: dict[str, object], citation: dict[str, object]) -> None:
    doi = ref.get("doi")
    url = ref.get("url") or (f"https://doi.org/{doi}" if doi else None)
    if isinstance(url, str) and url.lower().startswith("www."):
        url = "https://" + url
    expected = {"authors": ref.get("authors") or [], "title": ref.get("title"),
                "outlet": ref.get("outlet"), "date": ref.get("date"), "url": url,
                "type": ref.get("type") or "article"}
    got = {name: citation.get(name) or ([] if name == "authors" else None)
           for name in expected}
    assert got == expected


def test_the_corpus_has_strings_to_compare() -> None:
    assert len(strings()) >= 150


@pytest.mark.parametrize("text", EXTRA, ids=range(len(EXTRA)))
def test_same_fields_for_the_shapes_that_went_two_ways(text: str) -> None:
    citation = noted(text)
    assert citation is not None
    same_fields(parsed(text), citation)


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_same_fields_through_parse_and_through_a_note(data: st.DataObject) -> None:
    text = data.draw(st.sampled_from(strings()))
    ref = parsed(text)
    citation = noted(text)
    if citation is None or not ref:
        return  # extraction split the note, or neither reads a reference in it
    same_fields(ref, citation)


def test_most_corpus_strings_are_noted_whole_and_agree() -> None:
    agree = 0
    for text in strings():
        ref, citation = parsed(text), noted(text)
        if citation is not None and ref:
            same_fields(ref, citation)
            agree += 1
    assert agree >= 0.8 * len(strings())
