"""Lines of press reviews and reading lists (extract/digest.py): the source stands in a fixed
place on its line."""

from __future__ import annotations

import pytest

from srctrack.extract import extract
from srctrack.model import Document


def doc(text: str) -> Document:
    return Document(path="t.txt", text=text, sha256="0")


@pytest.mark.parametrize(("line", "outlet", "title", "family"), [
    ("Why the steppe votes early | Lakeside Herald - Kazakhstan", "Lakeside Herald",
     "Why the steppe votes early", None),
    ("A quiet pivot to the south (Anna Berg, Steppe Review)", "Steppe Review",
     "A quiet pivot to the south", "Berg"),
    ("The grain corridor reopens again (Caspian Times)", "Caspian Times",
     "The grain corridor reopens again", None),
    ("What the port deal means, by Maria Lopez, Harbor Gazette", "Harbor Gazette",
     "What the port deal means", "Lopez"),
    ("By Thomas Wright – The Evening Ledger.", "The Evening Ledger", None, "Wright"),
    ("Sarah Klein, The Morning Courier", "The Morning Courier", None, "Klein"),
])
def test_digest_lines(line: str, outlet: str, title: str | None, family: str | None) -> None:
    (c,) = extract(doc(f"Reading list\n\n{line}\n"))
    assert c.raw == line.rstrip(".")
    assert c.outlet == outlet
    assert c.title == title
    assert [a.family for a in c.authors] == ([family] if family else [])


@pytest.mark.parametrize("line", [
    "Professor Anna Berg (Harvard University)",
    "Priya Raman — April 18, 2023",
    "Daniyar Seitkali | Almaty, June 27, 2022",
    "Astana, Almaty, Shymkent",
])
def test_lines_that_are_not_items(line: str) -> None:
    assert extract(doc(f"{line}\n")) == []
