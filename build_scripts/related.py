"""Which articles share glossary entries: for "related articles" and the entry pages."""
from __future__ import annotations

import math
from dataclasses import dataclass

from .annotator import mentioned_entries
from .glossary import Glossary
from .model import Article


@dataclass(frozen=True)
class Related:
    article: Article
    shared: tuple[str, ...]     # ids of the entries both articles mention, rarest first


def related_articles(articles: list[Article], glossary: Glossary, limit: int) -> dict[str, list[Related]]:
    """For each article (by slug), the articles sharing the most entries with it.

    Entries marked `common` (China, the United States) are left out: every article shares
    them. Ties go to the pair whose shared entries are rarer across the digest, then to the
    newer article, then by slug, so the order never depends on file order.
    """
    mentions = {a.slug: {e for e in mentioned_entries(a) if not _is_common(glossary, e)} for a in articles}
    spread: dict[str, int] = {}
    for entries in mentions.values():
        for entry in entries:
            spread[entry] = spread.get(entry, 0) + 1
    result: dict[str, list[Related]] = {}
    for article in articles:
        ranked = []
        for other in articles:
            if other.slug == article.slug:
                continue
            shared = mentions[article.slug] & mentions[other.slug]
            if not shared:
                continue
            # fsum: exactly rounded, so the tie-break cannot depend on the set's iteration order.
            rarity = math.fsum(1 / spread[e] for e in shared)
            ranked.append(((-len(shared), -rarity, _negated_date(other), other.slug),
                           Related(other, tuple(sorted(shared, key=lambda e: (spread[e], e))))))
        ranked.sort(key=lambda item: item[0])
        result[article.slug] = [related for _, related in ranked[:limit]]
    return result


def _is_common(glossary: Glossary, entry_id: str) -> bool:
    entry = glossary.get(entry_id)
    return bool(entry and entry.common)


def _negated_date(article: Article) -> str:
    """A sort key that puts newer dates first."""
    digits = (article.published or "0000-00-00").replace("-", "")
    return "".join(str(9 - int(d)) if d.isdigit() else d for d in digits)
