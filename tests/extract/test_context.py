"""Where a citation stands: its sentence, and its line."""

from __future__ import annotations

import pytest

from srctrack.extract.context import line_numbers, sentence_around


@pytest.mark.parametrize(("text", "start", "end", "sentence"), [
    ("One. Two (A, May 1). Three.", 9, 18, "Two (A, May 1)."),
    ("See the [report](u).\n\nNext one.", 8, 14, "See the [report](u)."),
    ("No break at all (X, 2020)", 16, 25, "No break at all (X, 2020)"),
    ("First. Second starts here (X, 2020)", 7, 13, "Second starts here (X, 2020)"),
    # The citation took the full stop that ends its sentence.
    ("By the Carnegie Endowment.\n\nThe next.", 7, 26, "By the Carnegie Endowment."),
])
def test_sentence_around(text: str, start: int, end: int, sentence: str) -> None:
    assert sentence_around(text, start, end) == sentence


def test_line_numbers_count_from_the_last_offset() -> None:
    text = "a\nb\nc\nd"
    assert line_numbers(text, [0, 2, 4, 6]) == [1, 2, 3, 4]
    assert line_numbers(text, [6, 0, 4]) == [4, 1, 3]  # out of order: counted again
