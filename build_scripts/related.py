"""Which articles share glossary entries: for "related articles" and the entry pages."""
from __future__ import annotations

from dataclasses import dataclass

from .annotator import mentioned_entries
from .glossary import Glossary
from .model import Article

# An entry's rarity (1 / the number of articles naming it) counted in whole units of 2**-40: the
# sums are then integers below 2**53, exact in floating point whatever order the matrix product
# adds them in, so ties break the same way on every machine.
_RARITY_UNITS = 2 ** 40
_ROWS_AT_ONCE = 512          # bounds the score matrices' memory for a large digest


@dataclass(frozen=True)
class Related:
    article: Article
    shared: tuple[str, ...]     # ids of the entries both articles mention, rarest first


def related_articles(articles: list[Article], glossary: Glossary, limit: int) -> dict[str, list[Related]]:
    """For each article (by slug), the articles sharing the most entries with it.

    Entries marked `common` (China, the United States) are left out: every article shares
    them. Ties go to the pair whose shared entries are rarer across the digest, then to the
    newer article, then by slug, so the order never depends on file order.

    Every pair is scored at once as a product of the article × entry matrix with itself: the
    count of shared entries, and the sum of their rarities.
    """
    import numpy

    mentions = [frozenset(e for e in mentioned_entries(a) if not _is_common(glossary, e)) for a in articles]
    entries = sorted(frozenset().union(*mentions))
    column = {entry: index for index, entry in enumerate(entries)}
    spread = dict.fromkeys(entries, 0)
    for found in mentions:
        for entry in found:
            spread[entry] += 1
    matrix = numpy.zeros((len(articles), len(entries)))
    for row, found in enumerate(mentions):
        matrix[row, [column[e] for e in found]] = 1.0
    rank = {entry: index for index, entry in enumerate(sorted(entries, key=lambda e: (spread[e], e)))}
    rarest_first = [sorted(found, key=rank.__getitem__) for found in mentions]
    rarity = numpy.array([round(_RARITY_UNITS / spread[e]) for e in entries], dtype=float)
    weighted = matrix * rarity
    # The last tie-break as one number per article: newer first, then by slug.
    order = sorted(range(len(articles)), key=lambda i: (_negated_date(articles[i]), articles[i].slug))
    tie_rank = numpy.empty(len(articles))
    tie_rank[order] = numpy.arange(len(articles))
    result: dict[str, list[Related]] = {}
    for start in range(0, len(articles), _ROWS_AT_ONCE):
        rows = slice(start, start + _ROWS_AT_ONCE)
        counts, sums = matrix[rows] @ matrix.T, weighted[rows] @ matrix.T
        for offset in range(counts.shape[0]):
            position = start + offset
            candidates = numpy.flatnonzero(counts[offset])
            candidates = candidates[candidates != position]
            ranked = candidates[numpy.lexsort((tie_rank[candidates], -sums[offset, candidates],
                                               -counts[offset, candidates]))][:limit]
            result[articles[position].slug] = [
                Related(articles[other], tuple(e for e in rarest_first[position] if e in mentions[other]))
                for other in ranked.tolist()]
    return result


def _is_common(glossary: Glossary, entry_id: str) -> bool:
    entry = glossary.get(entry_id)
    return bool(entry and entry.common)


def _negated_date(article: Article) -> str:
    """A sort key that puts newer dates first."""
    digits = (article.published or "0000-00-00").replace("-", "")
    return "".join(str(9 - int(d)) if d.isdigit() else d for d in digits)
