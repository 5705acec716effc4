"""A set of disjoint spans with logarithmic overlap tests, so that resolving overlaps stays
linear-ish in the number of citations (a list scan per citation would be quadratic)."""

from __future__ import annotations

from bisect import bisect_left, insort


class DisjointSpans:
    def __init__(self) -> None:
        self._spans: list[tuple[int, int]] = []

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_left(self._spans, (start, start))
        if i < len(self._spans) and self._spans[i][0] < max(end, start + 1):
            return True
        return i > 0 and self._spans[i - 1][1] > start

    def add(self, start: int, end: int) -> None:
        insort(self._spans, (start, end))
