"""A note marker whose note the notes list lacks is a citation that names no source; numbers
in brackets that are not markers are nothing."""

from __future__ import annotations

import pytest

from srctrack.extract import extract
from srctrack.model import CitationStyle, Document

NOTES = ("\n\nNotes\n\n"
         "1. John Smith, “Grain Corridors,” Foreign Affairs, March 3, 2021.\n"
         "2. Anna Kowalska, “Water Wars,” Foreign Policy, May 2, 2021.\n"
         "3. Oleg Ivanov, “Dams and Rivers,” Eurasianet, June 1, 2020.\n")


def missing(text: str) -> list[tuple[str, str | None]]:
    found = extract(Document(path="t.txt", text=text, sha256="0"))
    for c in found:
        assert text[c.start:c.end] == c.raw
    return [(c.raw, c.note) for c in found if c.is_missing_note]


def test_markers_past_the_end_of_the_list() -> None:
    text = "One.[1] Two.[2] Three.[3] Four.[4] Five.[5]" + NOTES
    assert missing(text) == [("[4]", "4"), ("[5]", "5")]


def test_a_note_the_list_skips() -> None:
    text = "One.[1] Two.[2] Three.[3]" + NOTES.replace("2. Anna", "4. Anna")
    assert missing(text) == [("[2]", "2")]


def test_a_missing_note_names_nothing_and_keeps_its_sentence() -> None:
    text = "Grain moved east.[1] The dams held.[4]" + NOTES
    found = extract(Document(path="t.txt", text=text, sha256="0"))
    [gap] = [c for c in found if c.is_missing_note]
    assert gap.style == CitationStyle.NOTE and gap.resolved is False
    assert not gap.names_a_source and gap.markers == ((gap.start, gap.end),)
    assert gap.context.endswith("The dams held.[4]")  # the sentence around the marker


@pytest.mark.parametrize("text", [
    # no notes list at all: brackets are whatever they are
    "In [12] cases out of [40], see [3] and (4).",
    "A table [1] and a figure [2] show it.\n\n1. first item\n",
    # a lone number far past the list is not a run carrying on from it
    "One.[1] Two.[2] Three.[3] See row [42]." + NOTES,
    # markers are bracketed; a parenthesised enumeration is not one of them
    "One.[1] Two.[2] Three.[3] Steps: (4) weigh, (5) ship." + NOTES,
    # every marker has its note
    "One.[1] Two.[2] Three.[3]" + NOTES,
])
def test_no_missing_notes_where_there_are_none(text: str) -> None:
    assert missing(text) == []


def test_a_missing_note_never_displaces_another_citation() -> None:
    text = ("Prices rose (Anna Kowalska, Grain and Guns, Foreign Policy, March 14, 2022)[4]."
            " One.[1] Two.[2] Three.[3]" + NOTES)
    found = extract(Document(path="t.txt", text=text, sha256="0"))
    assert next(c.style for c in found if not c.is_missing_note) == CitationStyle.PARENTHETICAL
    assert missing(text) == [("[4]", "4")]


def test_json_keeps_markers_without_note_apart_from_the_citations() -> None:
    from srctrack.render import document_json

    text = "Grain moved east.[1] The dams held.[4]" + NOTES
    document = Document(path="t.txt", text=text, sha256="0")
    out = document_json(document, extract(document))
    assert [c["raw"] for c in out["citations"]].count("[4]") == 0
    assert [(m["raw"], text[m["start"]:m["end"]]) for m in out["markers_without_note"]] == [
        ("[4]", "[4]")]
    assert all(c["key"] for c in out["citations"])
