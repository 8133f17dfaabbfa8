"""Choosing among overlapping matches in a text: shared by glossary mentions and dates."""
from __future__ import annotations

from typing import TypeVar

T = TypeVar("T")


def longest_first(candidates: list[tuple[int, int, int, T]]) -> list[tuple[int, int, T]]:
    """(start, end, rank, item) candidates -> the non-overlapping ones, in text order.
    Longer matches win, then lower rank, then earlier ones."""
    if not candidates:
        return []
    # Which text positions a chosen match covers: one byte per character, so checking a
    # candidate costs its own length, not the number already chosen.
    taken = bytearray(max(c[1] for c in candidates) - min(c[0] for c in candidates) + 1)
    base = min(c[0] for c in candidates)
    chosen: list[tuple[int, int, T]] = []
    for start, end, _rank, item in sorted(candidates, key=lambda c: (c[0] - c[1], c[2], c[0])):
        if taken.find(1, start - base, end - base) == -1:
            taken[start - base:end - base] = b"\x01" * (end - start)
            chosen.append((start, end, item))
    return sorted(chosen, key=lambda c: c[0])
