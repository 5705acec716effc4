"""Markdown emphasis marks go; stars that are not emphasis stay."""

from __future__ import annotations

import pytest

from srctrack.read.markdown import to_text


@pytest.mark.parametrize(("source", "text"), [
    ("*Foreign Affairs*, May 3, 2023", "Foreign Affairs, May 3, 2023"),
    ("**Bold** and *italic*.", "Bold and italic."),
    ("* one\n* two", "* one\n* two"),  # bullets
    ("5 * 3 = 15", "5 * 3 = 15"),
    ("a*b*c", "a*b*c"),  # inside a word
    ("Growth slowed.[^1]\n\n[^1]: *Outlook*, 2024.", "Growth slowed.[^1]\n\n[^1]: Outlook, 2024."),
])
def test_emphasis_marks_are_dropped(source: str, text: str) -> None:
    assert to_text(source)[0] == text
