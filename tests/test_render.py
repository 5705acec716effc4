"""Plain-text rendering: aligned columns that cut long cells, counts that agree in number."""

from __future__ import annotations

import pytest

from srctrack.render import columns, count


def test_columns_align_and_cut_long_cells() -> None:
    lines = list(columns("2 works", ("key", "title", "docs"),
                         [("a2020", "A very long title that goes on", "3"),
                          ("smith2021long", "Short", "12")], (None, 12, None)))
    assert lines == ["2 works",
                     "key            title         docs",
                     "a2020          A very long…  3",
                     "smith2021long  Short         12"]


def test_columns_fold_white_space_and_keep_headers_wide_enough() -> None:
    lines = list(columns("t", ("authors", "x"), [("A\nB", "")], (None, None)))
    assert lines == ["t", "authors  x", "A B"]


@pytest.mark.parametrize(("n", "noun", "plural", "expected"), [
    (1, "citation", None, "1 citation"), (0, "citation", None, "0 citations"),
    (2, "match", "matches", "2 matches"), (1, "match", "matches", "1 match"),
])
def test_count(n: int, noun: str, plural: str | None, expected: str) -> None:
    assert count(n, noun, plural) == expected
