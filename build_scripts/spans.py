"""Choosing among overlapping matches in a text: shared by glossary mentions and dates."""
from __future__ import annotations

from typing import TypeVar

T = TypeVar("T")


def longest_first(candidates: list[tuple[int, int, int, T]]) -> list[tuple[int, int, T]]:
    """(start, end, rank, item) candidates -> the non-overlapping ones, in text order.
    Longer matches win, then lower rank, then earlier ones."""
    chosen: list[tuple[int, int, T]] = []
    for start, end, _rank, item in sorted(candidates, key=lambda c: (c[0] - c[1], c[2], c[0])):
        if not any(s < end and start < e for s, e, _ in chosen):
            chosen.append((start, end, item))
    return sorted(chosen, key=lambda c: c[0])
