"""Which articles share glossary entries: for "related articles" and the entry pages."""
from __future__ import annotations

import heapq
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
    postings: dict[str, list[int]] = {}     # entry -> the articles (by position) that mention it
    for position, article in enumerate(articles):
        for entry in mentions[article.slug]:
            spread[entry] = spread.get(entry, 0) + 1
            postings.setdefault(entry, []).append(position)
    newest_first = [_negated_date(a) for a in articles]
    result: dict[str, list[Related]] = {}
    for position, article in enumerate(articles):
        # Only the articles sharing an entry are looked at, found through the entries' postings.
        shared_with: dict[int, list[str]] = {}
        for entry in mentions[article.slug]:
            for other in postings[entry]:
                if other != position:
                    shared_with.setdefault(other, []).append(entry)
        ranked = []
        for other, shared in shared_with.items():
            # fsum: exactly rounded, so the tie-break cannot depend on the set's iteration order.
            rarity = math.fsum(1 / spread[e] for e in shared)
            ranked.append((-len(shared), -rarity, newest_first[other], articles[other].slug, other, shared))
        chosen = heapq.nsmallest(limit, ranked, key=lambda item: item[:4])
        result[article.slug] = [Related(articles[item[4]], tuple(sorted(item[5], key=lambda e: (spread[e], e))))
                                for item in chosen]
    return result


def _is_common(glossary: Glossary, entry_id: str) -> bool:
    entry = glossary.get(entry_id)
    return bool(entry and entry.common)


def _negated_date(article: Article) -> str:
    """A sort key that puts newer dates first."""
    digits = (article.published or "0000-00-00").replace("-", "")
    return "".join(str(9 - int(d)) if d.isdigit() else d for d in digits)
