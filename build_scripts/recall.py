"""Recall: the results of the slow language calls, by their text, kept from one build to the next.

Parsing a capture or finding an article's mentions is quick once jieba, its part-of-speech
tables, pypinyin and wordfreq are loaded; loading them takes over a second. An editor's change to
a capture leaves almost all of its sentences as they were, and the calls on those sentences
(a part-of-speech cut, a slug's pinyin, a glued word's split, a text's mentions) give what they
gave last time. A Recall holds those answers: what the last parse of the same capture used is
handed to the next parse, which loads a library only for text it has not seen.

A table is kept per capture (or article) under a name that includes the cache's salt (code, rules
and library versions) and the glossary's hash: every answer in it depends only on the text it is
filed under and on those. It is a hint: an empty or missing table only means more work.
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
