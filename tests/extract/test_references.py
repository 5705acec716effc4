"""Reference lines found by their shape (extract/references.py): no heading, no marker."""

from __future__ import annotations

import pytest

from srctrack.extract import extract, references
from srctrack.model import CitationStyle, Document


def doc(text: str) -> Document:
    return Document(path="t.txt", text=text, sha256="0")


def test_numbered_notes_pasted_without_a_heading() -> None:
    text = ("The reform stalled in 2019.\n\n"
            "12 Ann Lee, ‘Water and power in the Fergana valley’, Central Asian Survey 31, "
            "no. 3 (2012): 55–70.\n"
            "13 Lee, ‘Water and power’.\n"
            "14 B. Ray, Steppe Empires (London: Verso, 2001), pp. 4–9.\n")
    found = [c for c in extract(doc(text)) if c.style is CitationStyle.NOTE]
    assert [c.note for c in found] == ["12", "14"]
    assert found[0].raw.startswith("Ann Lee, ‘Water")
    assert found[1].date == "2001"


def test_an_apa_list_under_no_heading_we_know() -> None:
    text = ("Further reading\n\n"
            "Okafor, C. (2018). Rivers and borders. Journal of Regional Studies, 12(3), 45-67.\n"
            "Brandt, L., & Ivanova, M. (2020). The grain question. Review of Trade, 4, 1-20.\n")
    found = extract(doc(text))
    assert [c.raw[:6] for c in found] == ["Okafor", "Brandt"]
    assert [c.date for c in found] == ["2018", "2020"]


@pytest.mark.parametrize("paragraph", [
    "Turnout fell to 48 per cent in 2021, the lowest since 1995, and it has not recovered.",
    "3 million people left the region between 2014 and 2019, most of them for Russia.",
    "Ibid., 62.",
    "It could be argued that the reform, which began in 2016, was never meant to succeed; "
    "“a façade”, as one official put it, that has served the elite since 1999.",
])
def test_prose_with_a_year_is_no_reference(paragraph: str) -> None:
    assert references.score(paragraph) < references.UNNUMBERED_BAR
    assert extract(doc(paragraph + "\n")) == []


def test_a_note_citing_in_sentences_gives_a_citation_a_source() -> None:
    text = ("1. For the dam, see Ann Lee, Rivers of the Steppe (London: Verso, 2001), 4. "
            "On the treaty, see Bo Ray, The Water Pact (Paris: Seuil, 1999), 12.\n"
            "2. Okafor, C., Brandt, L., et al. (2018). Rivers and borders. Journal of "
            "Regional Studies, 12(3), 45-67.\n")
    found = extract(doc(text))
    assert [c.date for c in found] == ["2001", "1999", "2018"]
    assert found[2].raw.startswith("Okafor") and found[2].raw.endswith("45-67.")


def test_gazette_issues_numbered_alone_above_their_notes() -> None:
    text = ("7\n\nВестник права. 2019, № 4. ст. 120.\n\n8\n\n"
            "Вестник права. 2020. № 11. ст. 57.\n")
    found = extract(doc(text))
    assert [c.outlet for c in found] == ["Вестник права", "Вестник права"]
    assert [c.note for c in found] == ["7", "8"]
    assert [c.date for c in found] == ["2019", "2020"]
