"""Recall: the results of the slow language calls, by their text, kept from one build to the next.

Parsing a capture or finding an article's mentions is quick once jieba, its part-of-speech
tables, pypinyin and wordfreq are loaded; loading them takes over a second. A capture that changes
(a re-capture with one more paragraph, say) keeps almost all of its sentences, and the calls on
those sentences (a part-of-speech cut, a slug's pinyin, a glued word's split, a text's mentions)
give what they gave last time. A Recall holds those answers: what the last parse of the same
capture used is handed to the next parse, which loads a library only for text it has not seen.
Big pages' conversions are recalled the same way, line by line.

A table is kept per capture, article or page (workers.cached_map) under a name that includes the
cache's salt (code, rules and library versions) and whatever else the answers depend on besides
their text (the glossary's hash, the converter). It is a hint: an empty or missing table only
means more work.
"""
from __future__ import annotations

from typing import Callable, TypeVar

Value = TypeVar("Value")


class Recall:
    """Answers by (kind, text): `known` from the last build, `used` this time (kept for the next)."""

    def __init__(self, known: dict | None = None):
        self.known = known or {}
        self.used: dict = {}

    def get(self, kind: str, text: str, work_out: Callable[[], Value]) -> Value:
        key = (kind, text)
        value = self.known[key] if key in self.known else work_out()
        self.used[key] = value
        return value
