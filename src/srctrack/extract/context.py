"""The sentence that carries a citation: what an editor needs to see it in place."""

from __future__ import annotations

import re

# A sentence ends at ., ! or ? followed by space and a capital or an opening quote, or at a
# line break. Abbreviations such as "Dr." occasionally split a sentence; that costs context,
# never correctness of the citation itself.
_END_RE = re.compile(r"[.!?…][)\]”’\"']*\s+(?=[\"“‘(\[]?[A-ZА-ЯÀ-Ý0-9])|\n")
MAX_CONTEXT = 1000


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence(s) that hold text[start:end], trimmed to a readable length."""
    window_start = max(0, start - MAX_CONTEXT)
    left = window_start
    for m in _END_RE.finditer(text, window_start, start):
        left = m.end()
    right_m = _END_RE.search(text, end, min(len(text), end + MAX_CONTEXT))
    right = right_m.start() + 1 if right_m else min(len(text), end + MAX_CONTEXT)
    return " ".join(text[left:right].split())


def line_of(text: str, offset: int) -> int:
    """1-based line number of an offset."""
    return text.count("\n", 0, offset) + 1
