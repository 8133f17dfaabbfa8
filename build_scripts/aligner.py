"""Stage 4: tag each block's language and script, pair English blocks with their Chinese
translations, align sentences inside pairs, and mark garbled and truncated text."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

from .language import (
    END_MARK, english_words, ends_sentence, ideograph_count, is_english, latin_letter_count,
    script_of, split_sentences,
)
from .model import Block, Sentence
from .recall import Recall
from .rules import SegmentationRules

# Chinese characters per English letter in a translation: wide bounds, for sanity only.
_RATIO_BOUNDS = (0.08, 1.2)


def align(blocks: list[Block], rules: SegmentationRules, recall: Recall | None = None) -> list[Block]:
    """`recall` holds the garbled-English verdicts from the capture's last parse."""
    recall = recall or Recall()
    for block in blocks:
        block.lang = "en" if is_english(block.text) else "zh"
        block.sentences = [Sentence(s) for s in split_sentences(block.text) if s.strip()] or [Sentence(block.text)]
        for sentence in block.sentences:
            sentence.script = script_of(sentence.text) if block.lang == "zh" else "neutral"
        block.script = _block_script(block)
        _mark_garbled(block, rules, recall)
    _assign_ids(blocks)
    _pair(blocks)
    _mark_truncated(blocks)
    return blocks


def _strip_translation_brackets(block: Block) -> None:
    """'(川普總統…)' right after English is a translation in brackets: the brackets are not text.
    The capture sometimes closes them early or never, so only the outer ones go."""
    text = block.text.strip()
    if text[:1] not in "(\uff08":
        return
    text = text[1:]
    if text[-1:] in ")\uff09" and text.count(")") + text.count("\uff09") > text.count("(") + text.count("\uff08"):
        text = text[:-1]
    block.text = text.strip()
    block.sentences = [Sentence(s, script=script_of(s)) for s in split_sentences(block.text) if s.strip()]


def _block_script(block: Block) -> str:
    return script_of(block.text) if block.lang == "zh" else "neutral"


# --- garbled English ---------------------------------------------------------------------

@lru_cache(maxsize=100_000)
def _known(word: str) -> bool:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en") >= 1.0


def _sentence_garbled(text: str, rules: SegmentationRules) -> bool:
    conf = rules.garbled
    if ideograph_count(text) and latin_letter_count(text) > ideograph_count(text):
        return True
    words = [w.strip("'’-").lower() for w in english_words(text)]
    words = [w for w in words if len(w) >= 3]
    if not words:
        return False
    unknown = [w for w in words if not any(_known(part) for part in (w, *w.split("-"))) and "'" not in w]
    if len(unknown) >= conf["min_unknown_words"] and len(unknown) / len(words) >= conf["unknown_share"]:
        return True
    run = conf["repeated_run_words"]
    seen = set()
    for i in range(len(words) - run + 1):
        gram = tuple(words[i:i + run])
        if gram in seen:
            return True
        seen.add(gram)
    return False


def _mark_garbled(block: Block, rules: SegmentationRules, recall: Recall) -> None:
    if block.lang != "en":
        return
    for sentence in block.sentences:
        # Recalled: the word list this needs (wordfreq's) takes a while to load.
        sentence.garbled = recall.get("garbled", sentence.text, lambda: _sentence_garbled(sentence.text, rules))
    block.garbled = any(s.garbled for s in block.sentences)
    if block.garbled:
        block.reasons.append("unknown words or repeated fragments in the English of the capture")


# --- ids -----------------------------------------------------------------------------------

_PREFIX = {"heading": "h", "paragraph": "p", "caption": "c"}


def block_key(text: str) -> str:
    """The letters and characters a block starts with: its id survives edits further on."""
    letters = "".join(ch for ch in unicodedata.normalize("NFKC", text).lower() if ch.isalnum())
    return letters[:48]


def _assign_ids(blocks: list[Block]) -> None:
    used: dict[str, int] = {}
    for block in blocks:
        digest = hashlib.sha1(f"{block.lang}:{block_key(block.text)}".encode()).hexdigest()[:8]
        base = f"{_PREFIX.get(block.kind, 'p')}-{digest}"
        used[base] = used.get(base, 0) + 1
        block.id = base if used[base] == 1 else f"{base}-{used[base]}"


# --- pairs ---------------------------------------------------------------------------------

def _plausible_translation(english: Block, chinese: Block) -> bool:
    letters = max(1, latin_letter_count(english.text))
    ratio = ideograph_count(chinese.text) / letters
    return _RATIO_BOUNDS[0] <= ratio <= _RATIO_BOUNDS[1]


def _pair(blocks: list[Block]) -> None:
    """Pair each block with the adjacent translation. The article's direction (English
    first or Chinese first) is the one that yields more pairs; English first on a tie."""
    english_first = _candidate_pairs(blocks, "en")
    chinese_first = _candidate_pairs(blocks, "zh")
    for first, second in (english_first if len(english_first) >= len(chinese_first) else chinese_first):
        first.pair, second.pair = second.id, first.id
        if first.role != "body" and second.role == "body":
            second.role = first.role
        if first.kind == "heading" and second.kind != "heading":
            second.kind, second.level = "heading", first.level
        english, chinese = (first, second) if first.lang == "en" else (second, first)
        if chinese is second:
            _strip_translation_brackets(chinese)
        _align_sentences(english, chinese)


def _candidate_pairs(blocks: list[Block], leading_lang: str) -> list[tuple[Block, Block]]:
    pairs, taken = [], set()
    for first, second in zip(blocks, blocks[1:]):
        if id(first) in taken or first.lang != leading_lang or second.lang == leading_lang:
            continue
        if "caption" in (first.kind, second.kind):
            continue
        english, chinese = (first, second) if first.lang == "en" else (second, first)
        same_role = first.role == second.role != "body"
        if same_role or _plausible_translation(english, chinese):
            pairs.append((first, second))
            taken.update({id(first), id(second)})
    return pairs


def _align_sentences(english: Block, chinese: Block) -> None:
    """Gale-Church style: 1-1, 1-2, 2-1 (and 1-0, 0-1) matches by length."""
    en = [len(s.text) for s in english.sentences]
    zh = [len(s.text) for s in chinese.sentences]
    ratio = (sum(zh) or 1) / (sum(en) or 1)
    inf = float("inf")
    cost = [[inf] * (len(zh) + 1) for _ in range(len(en) + 1)]
    back = [[None] * (len(zh) + 1) for _ in range(len(en) + 1)]
    cost[0][0] = 0.0
    moves = ((1, 1, 0.0), (1, 2, 0.6), (2, 1, 0.6), (1, 0, 2.0), (0, 1, 2.0), (2, 2, 1.2))
    for i in range(len(en) + 1):
        for j in range(len(zh) + 1):
            if cost[i][j] == inf:
                continue
            for di, dj, penalty in moves:
                ni, nj = i + di, j + dj
                if ni > len(en) or nj > len(zh):
                    continue
                a, b = sum(en[i:ni]) * ratio, sum(zh[j:nj])
                step = penalty + (abs(a - b) / max(a + b, 1) * 4 if di and dj else 0)
                if cost[i][j] + step < cost[ni][nj]:
                    cost[ni][nj] = cost[i][j] + step
                    back[ni][nj] = (i, j)
    i, j, group, path = len(en), len(zh), 0, []
    while (i, j) != (0, 0) and back[i][j] is not None:
        pi, pj = back[i][j]
        path.append((pi, i, pj, j))
        i, j = pi, pj
    for group, (i0, i1, j0, j1) in enumerate(reversed(path), start=1):
        if i1 > i0 and j1 > j0:
            for s in english.sentences[i0:i1]:
                s.group = group
            for s in chinese.sentences[j0:j1]:
                s.group = group


# --- truncation ------------------------------------------------------------------------------

_CUT_MARKERS = re.compile(r"(?:\.\.\.|…+|⋯+)\s*$|(?:read more|continue reading|阅读全文|閱讀全文|未完待续|未完待續)\W*$",
                          re.IGNORECASE)


def looks_cut(text: str) -> bool:
    """Cut in the capture: a trailing ellipsis or "read more", or no final punctuation after a
    sentence's worth of text (a short unpunctuated last line is a sign-off, not a cut)."""
    text = text.strip()
    if _CUT_MARKERS.search(text):
        return True
    if END_MARK.search(text):
        return False
    return not ends_sentence(text) and len(text) >= 24

def mark_cut_off(blocks: list[Block], reason: str) -> None:
    """The story is known to be cut (a paywall notice follows it): its last paragraph says so."""
    body = [b for b in blocks if b.kind == "paragraph" and b.role == "body"]
    if body and not body[-1].truncated:
        body[-1].truncated = True
        body[-1].reasons.append(reason)


def _mark_truncated(blocks: list[Block]) -> None:
    body = [b for b in blocks if b.kind == "paragraph" and b.role == "body"]
    last = [b for b in blocks if b.role not in ("credit", "source")]
    if body and last and last[-1] is body[-1] and looks_cut(body[-1].text):
        body[-1].truncated = True
        body[-1].reasons.append("the capture ends inside this paragraph")
