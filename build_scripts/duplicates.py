"""The same story captured twice: articles whose leads (or stated titles) are the same text.

Editors often save a story twice (a text copy and the HTML page, or the same wire story from two
portals). Both are built (neither capture is wrong), and the build report names them so that an
editor can drop one or keep both on purpose.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Article, Capture
from .language import to_simplified

_NOT_WORD = re.compile(r"[\W_]+")
_MIN_LEAD = 40          # shorter openings ("北京讯", a dateline alone) are shared by unrelated stories
_MIN_TITLE = 8          # "新闻公报", "Briefing" are section names more than titles


@dataclass(frozen=True)
class Duplicate:
    reason: str                             # "same lead" or "same title"
    articles: tuple[tuple[str, str], ...]   # (capture file, slug), in capture order


def fingerprint(text: str) -> str:
    """Text compared across scripts and spacing: 台灣 and 台湾, full and half width."""
    return _NOT_WORD.sub("", to_simplified(text)).lower()


def _lead(article: Article) -> str:
    return next((b.text for b in article.blocks if b.role == "body" and b.kind == "paragraph"
                 and len(fingerprint(b.text)) >= _MIN_LEAD), "")


def find_duplicates(captures: list[Capture]) -> list[Duplicate]:
    """Groups of two or more articles, from different places, that tell the same story."""
    groups: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for capture in sorted(captures, key=lambda c: c.name):
        for article in capture.articles:
            keys = [("same lead", fingerprint(_lead(article))[:120])]
            title = fingerprint(article.title_zh or article.title_en or "")
            if len(title) >= _MIN_TITLE and "from the lead" not in article.inferred.get("title", ""):
                keys.append(("same title", title))
            for reason, key in keys:
                if key:
                    groups.setdefault((reason, key), []).append((capture.name, article.slug))
    found, seen = [], set()
    for (reason, _), members in sorted(groups.items(), key=lambda item: (item[1], item[0][0])):
        members_key = tuple(members)
        if len(members) > 1 and members_key not in seen:
            seen.add(members_key)
            found.append(Duplicate(reason, members_key))
    return found
