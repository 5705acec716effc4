"""The sentence that carries a citation: what an editor needs to see it in place."""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

# A sentence ends at ., ! or ? followed by space and a capital or an opening quote, or at a
# line break. Abbreviations such as "Dr." occasionally split a sentence; that costs context,
# never correctness of the citation itself.
_END_RE = re.compile(r"[.!?…][)\]”’\"']*\s+(?=[\"“‘(\[]?[A-ZА-ЯÀ-Ý0-9])|\n")
MAX_CONTEXT = 1000


@lru_cache(maxsize=2)
def _sentence_ends(text: str) -> tuple[list[int], list[int]]:
    """(start, end) offsets of every sentence break in the text, found in one pass.

    Every extractor asks for the sentences of the same document, often hundreds of times:
    scanning it once and bisecting is cheaper than scanning back a thousand characters per
    citation. The cache holds the document being extracted (and one more, for workers that
    interleave).
    """
    starts, ends = [], []
    for m in _END_RE.finditer(text):
        starts.append(m.start())
        ends.append(m.end())
    return starts, ends


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence(s) that hold text[start:end], trimmed to a readable length."""
    starts, ends = _sentence_ends(text)
    # The last break that lies wholly before `start` (and within MAX_CONTEXT of it).
    window_start = max(0, start - MAX_CONTEXT)
    i = bisect_right(ends, start) - 1
    left = ends[i] if i >= 0 and starts[i] >= window_start else window_start
    # The first break that ends past `end` (one may start inside the citation: "Endowment.\n\n"
    # where the link took the full stop).
    j = bisect_right(ends, end)
    limit = min(len(text), end + MAX_CONTEXT)
    right = max(starts[j] + 1, end) if j < len(starts) and ends[j] <= limit else limit
    return " ".join(text[left:right].split())


def line_numbers(text: str, offsets: list[int]) -> list[int]:
    """The 1-based line of each offset, counting each stretch of the text once when the
    offsets come in order (as a document's citations do)."""
    lines, pos, line = [], 0, 1
    for offset in offsets:
        if offset < pos:
            pos, line = 0, 1
        line += text.count("\n", pos, offset)
        pos = offset
        lines.append(line)
    return lines
