"""The fast first pass must never lose a match: searching only around the anchors gives what
searching the whole text gives."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from srctrack.extract import attribution
from srctrack.extract.anchors import Anchors, finditer_near

# Words from every attribution pattern, capitalised names, Cyrillic and accented text (so
# byte and character offsets differ), and the punctuation between them.
WORDS = ["Reuters", "reported", "has", "had", "according", "to", "a", "report", "by", "the",
         "Human", "Rights", "Watch", "As", "Fyodor", "Lukyanov", "wrote", "in", "Global",
         "Affairs", "'s", "article", "who", "argued", "Selon", "Le", "Monde", "Как",
         "сообщает", "Интерфакс", "пишет", "Según", "El", "País", "écrit", "on", "12", "May",
         "(June", "13)", ",", ".", "\n", "données", "Ёж", "…", "Bloomberg", "notes", "study"]
PATTERNS = [(attribution.PERSON_IN_RE, attribution.PERSON_IN_ANCHORS),
            (attribution.LEAD_RE, attribution.LEAD_ANCHORS),
            (attribution.VERB_RE, attribution.VERB_ANCHORS)]


def spans(matches: Iterator[re.Match[str]]) -> list[tuple[int, int]]:
    # PERSON_IN_RE also matches "X Y in Z" with no verb, which `find` then drops: only the
    # matches it keeps must contain an anchor.
    return [m.span() for m in matches
            if "lead" not in m.re.groupindex or m.group("lead") or m.group("after")]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=80),
       st.lists(st.sampled_from([" ", "  ", "\u00a0", ""]), min_size=80, max_size=80))
def test_searching_near_anchors_finds_what_a_full_search_finds(words: list[str],
                                                                spaces: list[str]) -> None:
    text = "".join(w + s for w, s in zip(words, spaces, strict=False))
    for pattern, anchors in PATTERNS:
        assert spans(finditer_near(pattern, text, anchors)) == spans(pattern.finditer(text))


@pytest.mark.parametrize("text", ["plain ascii: report", "Ёж — report … Report", "report"])
def test_windows_are_character_offsets(text: str) -> None:
    anchors = Anchors(r"(?i)report", before=2, after=1)
    windows = anchors.windows(text)
    found = [m.start() for m in re.finditer("(?i)report", text)]
    assert len(windows) >= 1
    for offset in found:
        assert any(lo <= offset and offset + 6 <= hi for lo, hi in windows)
    assert all(text[max(0, o - 2):o + 7] == text[lo:hi]
               for o, (lo, hi) in zip(found, windows, strict=False) if len(found) == 1)


def test_windows_that_overlap_are_merged() -> None:
    anchors = Anchors("report", before=5, after=5)
    assert anchors.windows("report report") == [(0, 13)]
    assert anchors.windows("report" + " " * 20 + "report") == [(0, 11), (21, 32)]
    assert anchors.windows("nothing here") == []
