"""Stage 5: find glossary mentions in the articles' blocks.

One Aho-Corasick automaton holds every surface form of every entry (English names as
written, Chinese names in both scripts). Text is matched after conversion to Simplified,
so a Traditional mention finds a Simplified key. A match is kept only where it stands on
word boundaries: for Chinese, the boundaries of a jieba segmentation that knows every
glossary name (so 孙 does not match inside 子孙), or the edge of a compound whose other part
is a word of two or more characters (美国 in 美国政府), and never next to the middle dot of a
transliterated name; for Latin letters and digits, no letter or digit on either side.
Longer matches win over shorter ones, then earlier over later.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .glossary import Glossary, is_han_form
from .language import IDEOGRAPH, jieba_tokenizer, simplified_same_length, to_simplified
from .model import NOT_PROSE_ROLES, Article, Mention
from .rules import GlossaryRules
from .spans import longest_first

_HAN = re.compile(f"[{IDEOGRAPH}]")
_LATIN_OR_DIGIT = re.compile(r"[A-Za-z0-9]")
# Header blocks repeat the title and the byline; mentions there are neither linked nor counted.
SKIPPED_ROLES = NOT_PROSE_ROLES


@dataclass(frozen=True)
class _Key:
    entry: str
    exact: bool         # the editor wrote this form (not only a script conversion of one)


class Matcher:
    """Finds the mentions of a glossary's entries in any text."""

    def __init__(self, glossary: Glossary, rules: GlossaryRules):
        import ahocorasick

        self.rules = rules
        keys: dict[str, _Key] = {}
        for entry in glossary.entries.values():
            written = set(entry.written_forms())
            for form in entry.surface_forms():
                key = to_simplified(form) if is_han_form(form) else form
                candidate = _Key(entry.id, form in written)
                current = keys.get(key)
                # A form an editor wrote beats another entry's mere script conversion of a name.
                if current is None or (candidate.exact and not current.exact):
                    keys[key] = candidate
        self.automaton = ahocorasick.Automaton()
        for key, owner in sorted(keys.items()):
            self.automaton.add_word(key, (len(key), owner.entry))
        self.has_keys = bool(keys)
        if self.has_keys:
            self.automaton.make_automaton()
        self.han_words = tuple(sorted(k for k in keys if is_han_form(k)))

    def find(self, text: str) -> list[Mention]:
        """Mentions in text, in order, not overlapping."""
        if not self.has_keys or not text:
            return []
        normal = simplified_same_length(text)
        tokens = None
        candidates = []
        for end_index, (length, entry_id) in self.automaton.iter(normal):
            start, end = end_index + 1 - length, end_index + 1
            if tokens is None and _HAN.search(normal):
                tokens = _Tokens(normal, self.han_words)
            if self._on_boundaries(normal, start, end, tokens):
                candidates.append((start, end, 0, entry_id))
        return [Mention(entry_id, start, end, text[start:end]) for start, end, entry_id in longest_first(candidates)]

    def _on_boundaries(self, text: str, start: int, end: int, tokens: _Tokens | None) -> bool:
        for inside, outside, edge in ((text[start], text[start - 1] if start else "", start),
                                      (text[end - 1], text[end] if end < len(text) else "", end)):
            if _HAN.match(inside):
                if outside and outside in self.rules.name_joiners:
                    return False
                if edge not in tokens.boundaries and not tokens.is_compound_part(start, end):
                    return False
            elif _LATIN_OR_DIGIT.match(inside) and outside and _LATIN_OR_DIGIT.match(outside):
                return False
        return True


@lru_cache(maxsize=4)
def _tokenizer(words: tuple[str, ...]):
    tokenizer = jieba_tokenizer()
    for word in words:
        # The frequency jieba needs to keep the name in one piece, and no more: a huge
        # frequency would let 川普 win inside 四川普通话.
        tokenizer.add_word(word, freq=tokenizer.suggest_freq(word, tune=False))
    return tokenizer


class _Tokens:
    """A jieba segmentation of a text: its word boundaries and its words' spans."""

    def __init__(self, text: str, words: tuple[str, ...]):
        self.tokenizer = _tokenizer(words)
        self.text = text
        self.spans, offset = [], 0
        for token in self.tokenizer.cut(text, HMM=False):
            self.spans.append((offset, offset + len(token)))
            offset += len(token)
        self.boundaries = frozenset([0] + [end for _, end in self.spans])

    def is_compound_part(self, start: int, end: int) -> bool:
        """True when one word holds [start, end) and the rest of that word is itself a word of
        two or more characters: 美国 in 美国政府, but not 孙 in 子孙 nor 中国 in 中国人."""
        for word_start, word_end in self.spans:
            if word_start <= start and end <= word_end:
                rest = [self.text[word_start:start], self.text[end:word_end]]
                return all(not part or (len(part) >= 2 and self.tokenizer.FREQ.get(part, 0) > 0)
                           for part in rest)
        return False


# --- articles ---------------------------------------------------------------------------------

def annotate(articles: list[Article], matcher: Matcher, known: dict[str, list[Mention]] | None = None) -> None:
    """Give every block (and our translation of it) its mentions; the first of each entry in each
    section and language is marked for linking (Wikipedia's convention), headings excepted.
    `known` holds mentions already found, by text (from the build cache)."""
    known = known or {}
    for article in articles:
        seen: set[tuple[int, str, str]] = set()
        section = 0
        for source in article.blocks:
            if source.kind == "heading":
                section += 1
            ours = article.translations.get(source.id)
            for block in (source, ours.block) if ours else (source,):
                if block.role in SKIPPED_ROLES:
                    block.mentions = []
                elif block.text in known:
                    # Copies: `first` is set per block. (The constructor, not dataclasses.replace: 5× faster.)
                    block.mentions = [Mention(m.entry, m.start, m.end, m.text, m.first) for m in known[block.text]]
                else:
                    block.mentions = matcher.find(block.text)
                if block.kind == "heading":
                    continue
                for mention in block.mentions:
                    key = (section, block.lang, mention.entry)
                    mention.first = key not in seen
                    seen.add(key)


def annotated_texts(article: Article) -> list[str]:
    """The texts annotate() looks for mentions in, in order."""
    texts = []
    for source in article.blocks:
        ours = article.translations.get(source.id)
        texts.extend(b.text for b in ((source, ours.block) if ours else (source,)) if b.role not in SKIPPED_ROLES)
    return texts


def mentioned_entries(article: Article) -> dict[str, int]:
    """Entry id -> number of mentions in the article."""
    counts: dict[str, int] = {}
    for block in article.blocks:
        for mention in block.mentions:
            counts[mention.entry] = counts.get(mention.entry, 0) + 1
    return counts
