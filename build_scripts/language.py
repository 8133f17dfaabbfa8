"""Language facts about text: Chinese characters, scripts, sentences, English words.

Pure functions shared by the segmenter and the aligner.
"""
from __future__ import annotations

import re
from functools import lru_cache

IDEOGRAPH = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
CJK_PUNCT = "\u3000-\u303f\uff00-\uffef"
_IDEOGRAPH_RE = re.compile(f"[{IDEOGRAPH}]")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*")

# Sentence ends: Chinese 。!? (full-width or ASCII after a Chinese character), English .!?
# before a space and a capital, each with the closing quotes or brackets that follow it.
_CLOSERS = "”’」』)\uff09\"'"
_SENTENCE_END = re.compile(
    f"(?:[。\uff01\uff1f]|(?<=[{IDEOGRAPH}{CJK_PUNCT}”」])[!?]|(?<=[{IDEOGRAPH}])[.])[{_CLOSERS}]*"
    f"|(?<![A-Z][a-z])(?<![A-Z])(?<!\\b[a-z])(?<!\\b(?:Mr|Ms|Dr|St|Jr|Sr|vs|No|Co))(?<!\\b(?:Mrs|Gen|Sen|Rep|Gov|Inc|Ltd|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec))[.!?]+[{_CLOSERS}]*(?=\\s+[\"“‘(A-Z]|[{IDEOGRAPH}]|$)"
)
# A wire story's end mark: "…服务。(完)", "（全文完）", "(END)": the story is whole.
END_MARK = re.compile(r"\s*[(\uff08](?:完|完结|完結|全文完|END|End)[)\uff09]\s*$|\s*(?:全文完|完)\s*$")
# A wire story's end mark after the last sentence ("…平乐站。(完)", "…service. (END)") ends it too.
FINAL_PUNCT = re.compile(f"[。.!?\uff01\uff1f…][{_CLOSERS}]*(?:\\s*[(\uff08](?:完|全文完|END|End)[)\uff09])?$")


def ideograph_count(text: str) -> int:
    return len(_IDEOGRAPH_RE.findall(text))


def latin_letter_count(text: str) -> int:
    return sum(1 for ch in text if "a" <= ch.lower() <= "z")


def english_words(text: str) -> list[str]:
    """Words with at least two letters and one lower-case letter (acronyms do not count)."""
    return [w for w in _LATIN_WORD.findall(text) if len(w) >= 2 and any(c.islower() for c in w)]


def is_english(text: str) -> bool:
    """English unless it has Chinese characters and few ordinary (lower-case) English words:
    '作者:Robbie Whelan、Eliot Brown和Josh Dawsey' is Chinese with English names in it."""
    ideographs = ideograph_count(text)
    if latin_letter_count(text) <= 2 * ideographs:
        return False
    if ideographs < 2:
        return True
    ordinary = [w for w in english_words(text) if w[0].islower()]
    return len(ordinary) >= 3


def ends_sentence(text: str) -> bool:
    return ends_sentence_before(text, len(text))


def ends_sentence_before(text: str, position: int) -> bool:
    """ends_sentence(text[:position]) without copying the text or scanning it from the start:
    only the last characters before position are looked at (a long line stays linear)."""
    end = last_non_space(text, position)
    return bool(FINAL_PUNCT.search(text, max(0, end - 16), end))


def last_non_space(text: str, position: int) -> int:
    """The end of text[:position] once trailing white space is left out."""
    while position > 0 and text[position - 1].isspace():
        position -= 1
    return position


def split_sentences(text: str) -> list[str]:
    """Cut text into sentences (both languages); the pieces join back to the text."""
    pieces, last = [], 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end()
        if end - last < 2:
            continue
        pieces.append(text[last:end])
        last = end
    if last < len(text):
        pieces.append(text[last:])
    # Keep white space attached to the preceding sentence so that "".join(pieces) == text.
    merged: list[str] = []
    for piece in pieces:
        if merged and not piece.strip():
            merged[-1] += piece
        else:
            merged.append(piece)
    return merged


@lru_cache(maxsize=4)
def _converter(config: str):
    import opencc

    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    return _converter("t2s").convert(text)


def simplified_same_length(text: str) -> str:
    """Simplified text with the same length as text, so offsets carry over."""
    simplified = to_simplified(text)
    if len(simplified) == len(text):
        return simplified
    return "".join(to_simplified(ch) if len(to_simplified(ch)) == 1 else ch for ch in text)


def to_traditional(text: str, taiwan: bool = False) -> str:
    """Traditional characters; with taiwan=True in Taiwan's character forms (裡, 臺), as the site's
    pages are: no phrase tables, whose computer senses are wrong in news (项目 -> 專案)."""
    return _converter("s2tw" if taiwan else "s2t").convert(text)


def script_of(text: str) -> str:
    """'Hans', 'Hant', 'mixed' or 'neutral' (no character tells the scripts apart)."""
    if not _IDEOGRAPH_RE.search(text):
        return "neutral"
    simplified = _converter("t2s").convert(text)
    traditional = _converter("s2t").convert(text)
    traditional_only = sum(1 for a, b in zip(text, simplified) if a != b) if len(simplified) == len(text) else 0
    simplified_only = sum(1 for a, b in zip(text, traditional) if a != b) if len(traditional) == len(text) else 0
    if traditional_only >= 2 and simplified_only == 1:
        return "Hant"
    if simplified_only >= 2 and traditional_only == 1:
        return "Hans"
    if traditional_only and simplified_only:
        # Some characters are written in both scripts yet converted (台 -> 臺, 周 -> 週), so a few
        # "Simplified" ones inside Traditional text (or the reverse) do not make it mixed.
        share = traditional_only / (traditional_only + simplified_only)
        if share >= 0.8:
            return "Hant"
        if share <= 0.2:
            return "Hans"
        return "mixed"
    if traditional_only:
        return "Hant"
    if simplified_only:
        return "Hans"
    return "neutral"


@lru_cache(maxsize=1)
def _loaded_default_tokenizer():
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.dt.initialize()
    return jieba.dt


def jieba_tokenizer():
    """A jieba tokenizer of its own (words added to it stay in it), whose dictionary is a copy of
    the default one: jieba's dictionary is loaded from disk once per run, not once per tokenizer."""
    import jieba

    default = _loaded_default_tokenizer()
    tokenizer = jieba.Tokenizer()
    tokenizer.FREQ, tokenizer.total = dict(default.FREQ), default.total
    tokenizer.initialized = True
    return tokenizer


def default_jieba():
    """jieba's own tokenizer, its dictionary loaded (for plain segmentation with no added words)."""
    return _loaded_default_tokenizer()

