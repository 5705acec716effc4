"""Parenthetical citations: table-driven positives and negatives, and the span invariant."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from srctrack.extract import extract
from srctrack.model import Citation, Creator, Document


def doc(text: str, date: str | None = None) -> Document:
    return Document(path="t.txt", text=text, sha256=hashlib.sha256(text.encode()).hexdigest(),
                    date=date)


def only(text: str, date: str | None = None) -> Citation:
    found = extract(doc(text, date))
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(("text", "authors", "title", "outlet", "date"), [
    ("It said so (Johan Engvall, Russia’s War in Ukraine: Implications for Central Asia, "
     "Central Asian Caucasus Analyst Institute, March 14, 2022).",
     [Creator("Engvall", "Johan")], "Russia’s War in Ukraine: Implications for Central Asia",
     "Central Asian Caucasus Analyst Institute", "2022-03-14"),
    ("Seen before (Anna Kowalska, Grain, Gas, and Guns: A Primer, Foreign Policy, 3 May 2021).",
     [Creator("Kowalska", "Anna")], "Grain, Gas, and Guns: A Primer", "Foreign Policy",
     "2021-05-03"),
    ("It grew (Human Rights Watch, Who Pays for the Dam?, 2019-11-02).",
     [Creator(literal="Human Rights Watch")], "Who Pays for the Dam?", "Human Rights Watch",
     "2019-11-02"),
    ("As reported (see Eurasia Daily Monitor, January 24, 2011).", [], None,
     "Eurasia Daily Monitor", "2011-01-24"),
    ("A quote (Maria Rossi, “The Long Winter”, La Repubblica, March 2020).",
     [Creator("Rossi", "Maria")], "The Long Winter", "La Repubblica", "2020-03"),
])
def test_fields(text: str, authors: list[Creator], title: str | None, outlet: str,
                date: str) -> None:
    c = only(text)
    assert list(c.authors) == authors
    assert (c.title, c.outlet, c.date) == (title, outlet, date)
    assert c.style == "parenthetical"
    assert 0 < c.confidence <= 1


@pytest.mark.parametrize("text", [
    "The bloc (CSTO) met in Moscow.",
    "About 3.5 million people (nearly 20% of the whole population) live there.",
    "Timur Suleymenov (the first deputy head of the Presidential Administration in Kazakhstan).",
    "He was there (born March 3, 1961, in Omsk).",
    "It happened later (in March 2022, after the war began).",
    "The centre (EGS South Korea) agreed.",
    "Unbalanced (parenthesis, March 3, 2020 and more text",
])
def test_parentheses_that_cite_nothing(text: str) -> None:
    assert extract(doc(text)) == []


def test_groups_split_at_semicolons() -> None:
    text = "Both said so (Kommersant, June 12, 2022; Interfax, June 14, 2022)."
    found = extract(doc(text))
    assert [(c.outlet, c.date) for c in found] == [("Kommersant", "2022-06-12"),
                                                  ("Interfax", "2022-06-14")]


def test_a_date_without_year_takes_the_documents_year() -> None:
    text = "Both said so (Kommersant, June 12)."
    assert only(text).date == "--06-12"
    assert only(text, date="2022-07-01").date == "2022-06-12"


def test_raw_is_the_span_and_context_is_the_sentence() -> None:
    text = ("First sentence here. The war changed things (Georgi Gotev, Kazakh official: "
            "We will not risk it, Euractiv, March 29, 2022). Next sentence.")
    c = only(text)
    assert text[c.start:c.end] == c.raw
    assert c.raw.startswith("Georgi Gotev") and c.raw.endswith("2022")
    assert c.context.startswith("The war changed things") and c.context.endswith(").")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("(),;: aA1.\n–Mar2022 Smith")), max_size=400))
def test_never_raises_and_spans_hold(text: str) -> None:
    d = doc(text)
    for c in extract(d):
        assert d.text[c.start:c.end] == c.raw


def test_large_unbalanced_input_is_handled() -> None:
    text = "(" * 100_000 + "Reuters, May 2, 2021" + ")" * 10 + " x" * 100_000
    extract(doc(text))  # finishes: the scan is linear
