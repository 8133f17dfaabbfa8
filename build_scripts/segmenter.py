"""Stage 3: cut cleaned lines into articles, and articles into blocks.

A digest capture is cut after each line that ends in a source tag. Inside an article,
each line is cut into pieces: role marks left by the cleaner, captions (by their marker
or their credit), in-text subheadings, English and Chinese runs, and readable paragraphs.
Editors can force decisions in the sidecar (see `Overrides`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .cleaner import ROLE_MARK
from .language import (
    CJK_PUNCT, END_MARK, IDEOGRAPH, english_words, ends_sentence, ends_sentence_before, ideograph_count, last_non_space,
    is_english, jieba_tokenizer, split_sentences, to_simplified,
)
from .model import OFF_PAGE_ROLES, Block, Line
from .recall import Recall
from .rules import SegmentationRules

_OPENING = "(“‘「『《[\uff08\u3010\u3014"
_CLOSING = ")”’」』》]\uff09\u3011\u3015"
# Stray punctuation left at a piece's start by a cut; an opening bracket belongs to the text
# ("（中央社記者…電）", "（編輯：…）", "「…」") and stays.
_LEADING_PUNCT = re.compile(f"^(?:(?![{_OPENING}])[\\s,;:.\u3001\uff0c\uff1b\uff1a{CJK_PUNCT}])+")


@dataclass(frozen=True)
class Overrides:
    """Editor decisions from a sidecar's `segmentation:` section, each an exact quote."""

    article_starts: tuple[str, ...] = ()
    paragraph_starts: tuple[str, ...] = ()
    headings: tuple[str, ...] = ()
    captions: tuple[str, ...] = ()
    not_headings: tuple[str, ...] = ()
    bylines: tuple[str, ...] = ()          # reporters' names (also a web page's links to author pages)
    standfirsts: tuple[str, ...] = ()      # the story's standfirst (also the page's own description)
    # Texts the web page marks as captions (<figcaption>, an image's alt text): a caption only where
    # one stands as a whole line, never cut out of the story's text ("新田科技城" is an image's
    # alt text and the headline's first words).
    page_captions: tuple[str, ...] = ()


@dataclass
class Piece:
    text: str
    kind: str = "paragraph"
    role: str = "body"
    lang: str | None = None
    level: int = 2
    reasons: list[str] = field(default_factory=list)
    locked: bool = False     # an editor decided: no rule may cut it further


@dataclass
class ArticleDraft:
    blocks: list[Block]
    source_tag: str | None
    first_line: int


def segment(lines: list[Line], rules: SegmentationRules, overrides: Overrides = Overrides(),
            extra_words: tuple[str, ...] = (), recall: Recall | None = None) -> list[ArticleDraft]:
    """`extra_words`: names the part-of-speech cuts keep whole (tagged as people's names);
    `recall`: those cuts from the capture's last parse."""
    tagger = _Tagger(tuple(extra_words), recall or Recall())
    drafts = []
    for group in _split_articles(lines, rules, overrides):
        source_tag = None
        last = group[-1]
        tag = rules.source_tag.search(last.text)
        if tag:
            source_tag = tag.group(1)
            group = group[:-1] + [Line(last.number, last.text[:tag.start()].rstrip())]
        blocks: list[Block] = []
        pending = None      # a role label standing on its own line ("图片说明，") marks the next line
        in_list = False     # ... or every item of the list under it
        for line in group:
            if not line.text:
                continue
            marks = ROLE_MARK.findall(line.text)
            if marks and not ROLE_MARK.sub("", line.text).strip():
                pending = marks[-1]
                continue
            pieces = _cut_line(line.text, rules, overrides, tagger)
            item = bool(_LIST_ITEM.match(line.text))
            if pending and pieces and (item or not in_list):
                pieces[0] = _with_role(pieces[0], pending)
            # A label over a list ("Takeaways by Bloomberg AI", then "- …" lines) marks every item.
            pending = pending if item else None
            in_list = pending is not None
            for piece in pieces:
                blocks.append(Block(kind=piece.kind, text=piece.text, line=line.number, role=piece.role,
                                    lang=piece.lang or ("en" if is_english(piece.text) else "zh"),
                                    level=piece.level, reasons=piece.reasons))
        if blocks:
            blocks = _join_lone_credits(blocks)
            _mark_front_matter(blocks, rules, tagger, overrides)
            _mark_after_end_mark(blocks, rules)
            _mark_credits(blocks, rules)
            drafts.append(ArticleDraft(blocks, source_tag, group[0].number))
    return drafts


_LIST_ITEM = re.compile(r"\s*[-*•·]\s")


# --- articles --------------------------------------------------------------------------

def _split_articles(lines: list[Line], rules: SegmentationRules, overrides: Overrides) -> list[list[Line]]:
    groups: list[list[Line]] = [[]]
    for line in lines:
        if groups[-1] and any(line.text.startswith(q) for q in overrides.article_starts):
            groups.append([])
        groups[-1].append(line)
        if _ends_article(line.text, rules):
            groups.append([])
    groups = [g for g in groups if g]
    # Lines after the last source tag that hold no body (a lone title, say) stay with it.
    if len(groups) > 1 and not _ends_article(groups[-1][-1].text, rules) and \
            sum(len(line.text) for line in groups[-1]) < rules.title_max_chars:
        groups[-2].extend(groups.pop())
    return groups


def _ends_article(text: str, rules: SegmentationRules) -> bool:
    """A digest's story ends with its source in brackets ("…的新貨櫃碼頭。（港灣日報）"); a
    short line with a bracket at its end is a caption with its photo credit ("（美联社资料照片）")."""
    tag = rules.source_tag.search(text)
    return bool(tag) and len(text[:tag.start()].strip()) >= rules.lead_min_chars


# --- pieces of a line ------------------------------------------------------------------

def _cut_line(text: str, rules: SegmentationRules, overrides: Overrides, tagger: _Tagger) -> list[Piece]:
    pieces = _split_role_marks(text)
    pieces = _apply(pieces, lambda p: _split_editor_quotes(p, overrides))
    pieces = _apply(pieces, lambda p: _split_captions(p, rules))
    pieces = _apply(pieces, lambda p: _split_headings(p, rules, overrides, tagger))
    pieces = _apply(pieces, lambda p: _split_glued_headings(p, rules, overrides, tagger))
    pieces = _apply(pieces, lambda p: _split_front_lines(p, rules))
    pieces = _apply(pieces, lambda p: _split_languages(p, rules))
    solo = len({p.lang for p in pieces if p.kind == "paragraph"}) <= 1
    if solo:
        pieces = _apply(pieces, lambda p: _split_long(p, rules, overrides))
    return [p for p in (_tidy(p) for p in pieces) if p.text]


def _apply(pieces: list[Piece], cut) -> list[Piece]:
    out: list[Piece] = []
    for piece in pieces:
        out.extend([piece] if piece.locked or piece.kind != "paragraph" else cut(piece))
    return out


def _tidy(piece: Piece) -> Piece:
    piece.text = _LEADING_PUNCT.sub("", piece.text.strip()).strip()
    return piece


def _with_role(piece: Piece, role: str) -> Piece:
    """A role from a label; "caption" makes a caption."""
    if role == "caption":
        piece.kind = "caption"
    else:
        piece.role = role
    piece.reasons.append(f"follows a '{role}' label")
    return piece


def _join_lone_credits(blocks: list[Block]) -> list[Block]:
    """A photo credit on a line of its own ("圖／中央社") closes the caption above it: one or two
    sentences ("Rain clouds over … on Jan 14. More rainy days are expected …"), or a clause without
    a full stop ("罢工期间，柏林中央车站的旅客在查看列车运行信息"; a headline above a credit has
    neither)."""
    out: list[Block] = []
    for block in blocks:
        previous = out[-1] if out else None
        # A credit alone has no sentence in it ("图像来源: … /dpa/picture alliance", "ST PHOTO: DESMOND ONG").
        lone_credit = block.kind == "caption" and len(block.text) <= 100 and \
            not re.search(r"[。！？!?]|\.\s", block.text) and \
            any(reason.startswith("credit: ") for reason in block.reasons)
        if lone_credit and not ends_sentence(block.text) and previous is not None \
                and previous.kind == "paragraph" and previous.role == "body" and len(previous.text) <= 200 \
                and len(split_sentences(previous.text)) <= 2 \
                and (ends_sentence(previous.text) or re.search("[，,]", previous.text)):
            previous.kind = "caption"
            previous.text = f"{previous.text} {block.text}"
            previous.reasons += block.reasons
            continue
        out.append(block)
    return out


def _split_role_marks(text: str) -> list[Piece]:
    pieces, role, last = [], "body", 0
    for match in ROLE_MARK.finditer(text):
        if text[last:match.start()].strip():
            pieces.append(Piece(text[last:match.start()], role=role))
            role = "body"
        role = match.group(1)
        last = match.end()
    pieces.append(Piece(text[last:], role=role, reasons=[f"follows a '{role}' label"] if role != "body" else []))
    return [p for p in pieces if p.text.strip()]


def _cut_at(piece: Piece, spans: list[tuple[int, int, Piece]]) -> list[Piece]:
    """Cut a piece around (start, end, replacement) spans, keeping the text between."""
    out, last = [], 0
    for start, end, middle in sorted(spans, key=lambda s: s[0]):
        if start < last:
            continue
        if piece.text[last:start].strip():
            out.append(Piece(piece.text[last:start], role=piece.role if not out else "body"))
        out.append(middle)
        last = end
    if piece.text[last:].strip():
        out.append(Piece(piece.text[last:], role=piece.role if not out else "body"))
    return out or [piece]


def _split_editor_quotes(piece: Piece, overrides: Overrides) -> list[Piece]:
    spans = []
    for kind, quotes in (("heading", overrides.headings), ("caption", overrides.captions)):
        for quote in quotes:
            start = piece.text.find(quote)
            if start >= 0:
                spans.append((start, start + len(quote),
                              Piece(quote, kind=kind, locked=True, level=3, reasons=["editor: sidecar"])))
    if not spans and _is_page_caption(piece.text.strip(), overrides.page_captions):
        return [Piece(piece.text.strip(), kind="caption", locked=True, level=3, reasons=["the page marks it a caption"])]
    for quote in overrides.paragraph_starts:
        start = piece.text.find(quote)
        if start > 0:
            spans.append((start, start, Piece("", reasons=["editor: paragraph break"])))
    if not spans:
        return [piece]
    return [p for p in _cut_at(piece, spans) if p.text or p.locked]


def _is_page_caption(text: str, captions: tuple[str, ...]) -> bool:
    """The line is a caption the page marks, or starts with one as its first sentence (an image's
    alt text, "Passengers at an MTR station", then "Passengers at an MTR station. Fares … Photo: X")."""
    return any(text == c or (text.startswith(c) and text[len(c):len(c) + 1] in _SENTENCE_STOPS) for c in captions if c)


_SENTENCE_STOPS = tuple(".。!?！？")


def _last_sentence_start(text: str, floor: int = 0) -> int:
    """Where the last sentence of text[floor:] starts."""
    sentences = split_sentences(text[floor:])
    return floor + len("".join(sentences[:-1]))


def _split_captions(piece: Piece, rules: SegmentationRules) -> list[Piece]:
    text = piece.text
    spans = []
    for rule in rules.caption_credits:
        for match in rule.pattern.finditer(text):
            before = text[:match.start()].rstrip()
            # The caption is the last sentence before the credit, never crossing a language switch.
            floor = _last_english_end(before, rules) if not is_english(before[-80:]) else 0
            start = _last_sentence_start(before, floor) if before else match.start()
            start = max(start, len(before) - 200)
            if not text[match.end():].strip() and len(before) <= rules.caption_line_chars:
                start = 0       # a short line that ends with the credit: all of it is the caption
            caption = text[start:match.end()].strip().lstrip("▲").strip()
            if caption:
                spans.append((start, match.end(), Piece(caption, kind="caption", reasons=[f"credit: {rule.id}"])))
    for rule in rules.caption_starts:
        for match in rule.pattern.finditer(text):
            rest = text[match.end():]
            first = split_sentences(rest[:300])
            caption = first[0] if first else rest
            spans.append((match.start(), match.end() + len(caption),
                          Piece(caption.strip(), kind="caption", reasons=[f"marker: {rule.id}"])))
    return _cut_at(piece, _drop_overlaps(spans)) if spans else [piece]


def _last_english_end(text: str, rules: SegmentationRules) -> int:
    ends = [m.end() for m in _NON_IDEOGRAPH_RUN.finditer(text)
            if len(english_words(m.group())) >= rules.min_english_words]
    return ends[-1] if ends else 0


def _drop_overlaps(spans):
    kept = []
    for span in sorted(spans, key=lambda s: (s[0], -s[1])):
        if not kept or span[0] >= kept[-1][1]:
            kept.append(span)
    return kept


def _split_front_lines(piece: Piece, rules: SegmentationRules) -> list[Piece]:
    """Bylines and datelines glued to other text stand on their own."""
    text = piece.text
    # Not inside brackets: "（中央社記者X台北24日電）" and "电（记者X）" are the lead's dateline.
    # Nor after an outlet's name alone: "红星新闻记者 王田" is one byline.
    cuts = {m.start() for m in rules.byline_anywhere.finditer(text) if m.start() > 0 and not _inside_brackets(text, m.start())
            and not _OUTLET_PREFIX.fullmatch(text[:m.start()])}
    for match in rules.dateline.finditer(text):
        cuts.update({match.start(), match.end()})
    credit = rules.credit_after_text.search(text)
    if credit and ends_sentence_before(text, credit.start()):
        cuts.add(credit.start())
    cuts = sorted(c for c in cuts if 0 < c < len(text))
    if not cuts:
        return [piece]
    bounds = [0, *cuts, len(text)]
    parts = [text[a:b] for a, b in zip(bounds, bounds[1:])]
    return [Piece(part, role=piece.role if i == 0 else "body", reasons=list(piece.reasons) if i == 0 else [])
            for i, part in enumerate(parts) if part.strip()]


_OUTLET_PREFIX = re.compile(r"[\u4E00-\u9FFF]{1,8}")


def _inside_brackets(text: str, at: int) -> bool:
    before = text[:at]
    return max(before.rfind(c) for c in "(\uff08\u3014\u3010") > max(before.rfind(c) for c in ")\uff09\u3015\u3011")


# --- subheadings -----------------------------------------------------------------------

def _split_headings(piece: Piece, rules: SegmentationRules, overrides: Overrides, tagger: _Tagger) -> list[Piece]:
    text = piece.text
    spans = []
    for rule in rules.heading_markers:
        for match in rule.pattern.finditer(text):
            if not _at_sentence_start(text, match.start()):
                continue
            end = _heading_end(text, match.end(), rules, tagger)
            heading = text[match.start():end].strip()
            if any(heading.startswith(q) for q in overrides.not_headings):
                continue
            level = 2 if rule.id in ("section-number", "closing-section") else 3
            spans.append((match.start(), end, Piece(heading, kind="heading", level=level,
                                                    reasons=[f"marker: {rule.id}"])))
    return _cut_at(piece, _drop_overlaps(spans)) if spans else [piece]


def _split_glued_headings(piece: Piece, rules: SegmentationRules, overrides: Overrides, tagger: _Tagger
                          ) -> list[Piece]:
    """A short unmarked subheading run into the next sentence: "不勞而獲的利益當川普上任時,…".

    Only a run of 4-10 Chinese characters after a sentence end, ending in a noun or
    idiom and followed at once by a listed opener, counts; editors name the rest."""
    text = piece.text
    if is_english(text):
        return [piece]
    spans, position = [], 0
    for sentence in split_sentences(text):
        start = position
        position += len(sentence)
        if start == 0 or not ends_sentence_before(text, start):
            continue
        lead = sentence.lstrip()
        start += len(sentence) - len(lead)
        end = _glued_heading_end(lead, rules, tagger)
        if end and not any(lead.startswith(q) for q in overrides.not_headings):
            spans.append((start, start + end, Piece(lead[:end], kind="heading", level=3,
                                                    reasons=["short phrase run into the next sentence"])))
    return _cut_at(piece, spans) if spans else [piece]


def _glued_heading_end(sentence: str, rules: SegmentationRules, tagger: _Tagger) -> int | None:
    head = re.match(f"[{IDEOGRAPH}]{{4,12}}", sentence)
    if not head:
        return None
    window = sentence[:head.end() + 6]
    simplified = to_simplified(window)
    if len(simplified) != len(window):
        return None
    offset, previous_flag = 0, "x"
    for word, flag in tagger.tokens(simplified):
        if offset > 10 or offset >= head.end():
            return None
        if offset >= 4 and (previous_flag[:1] in ("n", "i", "l") or previous_flag == "vn"):
            rest = simplified[offset:]
            opener = next((o for o in rules.sentence_openers if rest.startswith(o) and len(o) > 1), None)
            clause = re.match("[^,\uff0c。;:\uff1a]*", sentence[offset:]).group()
            # A subheading opens a section: a sentence of some length follows it ("…上上上人为了上上。"
            # is one odd sentence, not a heading and five characters of text).
            following = re.match("[^。！？!?]*", sentence[offset:]).group()
            # Person names are not enough here: "首席執行官" + a name is a title, not a heading.
            if (opener or (rest[:1] in rules.strong_openers)) and len(clause) >= 4 and len(following) >= 12:
                return offset
        offset += len(word)
        previous_flag = flag
    return None


def _at_sentence_start(text: str, position: int) -> bool:
    end = last_non_space(text, position)
    return end == 0 or ends_sentence_before(text, end) or text[end - 1] in _CLOSING


def _heading_end(text: str, start: int, rules: SegmentationRules, tagger: _Tagger) -> int:
    """Where a subheading run into its next sentence ends (an index into text)."""
    window = text[start:start + rules.heading_max_chars + 40]
    stop = re.search("[。!?\uff01\uff1f]", window)
    if stop:
        window = window[:stop.start()]
    simplified = to_simplified(window)
    if len(simplified) != len(window):
        simplified = window
    offset = 0
    previous_flag = "x"
    for word, flag in tagger.tokens(simplified):
        if offset >= rules.heading_min_chars and previous_flag != "x" and \
                _opens_sentence(simplified[offset:], word, flag, previous_flag, rules):
            return start + offset
        if offset > rules.heading_max_chars:
            break
        offset += len(word)
        previous_flag = "x" if not word.strip() or re.fullmatch(f"[\\W{CJK_PUNCT}]+", word) else flag
    # No opener found: the heading runs to the first clause break after min_chars, or to its
    # own question or exclamation mark ("01|為什麼能源成為第一層?").
    brk = re.search("[,\uff0c;\uff1b\u3002]", window[rules.heading_min_chars:])
    end = start + (rules.heading_min_chars + brk.start() if brk else len(window))
    while end < len(text) and text[end] in "?!\uff1f\uff01":
        end += 1
    return end


def _opens_sentence(rest: str, word: str, flag: str, previous_flag: str, rules: SegmentationRules) -> bool:
    if previous_flag[:1] in ("c", "p", "u", "d"):   # after 但, 在, 的, 只 a sentence cannot start
        return False
    opener = next((o for o in rules.sentence_openers if rest.startswith(o)), None)
    if opener:
        # A one-character opener (当, 在, 据) is a preposition inside a phrase unless a noun precedes it.
        return len(opener) > 1 or previous_flag[:1] in ("n", "r") or \
            (opener in rules.strong_openers and previous_flag[:1] in ("v", "a"))
    if flag in rules.opener_tags:
        return True
    return flag in ("ns", "eng") and previous_flag.startswith("n")


@lru_cache(maxsize=4)
def _pos_tokenizer(extra_words: tuple[str, ...]):
    import jieba.posseg

    class POSTokenizer(jieba.posseg.POSTokenizer):
        # jieba reads its whole dictionary file again for every part-of-speech tokenizer
        # (~0.4 s); the default dictionary's tags, read once on import, are copied instead.
        def load_word_tag(self, f):
            f.close()
            self.word_tag_tab = dict(_default_word_tags())

    tokenizer = jieba_tokenizer()
    for word in extra_words:
        tokenizer.add_word(word, freq=2000, tag="nr")
    return POSTokenizer(tokenizer)


def _default_word_tags() -> dict[str, str]:
    import jieba.posseg

    return jieba.posseg.dt.word_tag_tab     # read when jieba.posseg is imported, for its default tokenizer


def _pos_tokens(text: str, extra_words) -> list[tuple[str, str]]:
    return [(pair.word, pair.flag) for pair in _pos_tokenizer(tuple(extra_words)).cut(text)]


@dataclass(frozen=True)
class _Tagger:
    """Part-of-speech cuts that keep `extra_words` whole, recalled by text when the capture's
    last parse made them (jieba is then not even loaded)."""

    extra_words: tuple[str, ...]
    recall: Recall

    def tokens(self, text: str) -> list[tuple[str, str]]:
        return self.recall.get("pos", text, lambda: _pos_tokens(text, self.extra_words))


# --- languages -------------------------------------------------------------------------

_NON_IDEOGRAPH_RUN = re.compile(f"[^{IDEOGRAPH}{CJK_PUNCT}]+")


def _split_languages(piece: Piece, rules: SegmentationRules) -> list[Piece]:
    """Cut a piece into English and Chinese runs (pairs of translations arrive this way)."""
    text = piece.text
    chunks: list[list] = []   # [lang, start, end]
    for match in _NON_IDEOGRAPH_RUN.finditer(text):
        if len(english_words(match.group())) >= rules.min_english_words:
            chunks.append(["en", match.start(), match.end()])
    if not chunks:
        return [_with_lang(piece, "en" if is_english(text) else "zh")]
    # Fill the gaps between English runs with Chinese chunks.
    filled, last = [], 0
    for lang, start, end in chunks:
        if start > last:
            filled.append(["zh", last, start])
        filled.append([lang, start, end])
        last = end
    if last < len(text):
        filled.append(["zh", last, len(text)])
    filled = _absorb_debris(text, filled, rules)
    _return_english_tails(text, filled)
    pieces = []
    for index, (lang, start, end) in enumerate(filled):
        part = text[start:end]
        pieces.append(Piece(part, role=piece.role if index == 0 else "body", lang=lang,
                            reasons=list(piece.reasons) if index == 0 else []))
    return _move_opening_brackets(pieces)


def _absorb_debris(text: str, chunks: list[list], rules: SegmentationRules) -> list[list]:
    """Merge Chinese chunks that are debris inside English, and English-less gaps."""
    changed = True
    while changed:
        changed = False
        for i, (lang, start, end) in enumerate(chunks):
            part = text[start:end]
            if lang != "zh":
                continue
            ideographs = ideograph_count(part)
            between_english = 0 < i < len(chunks) - 1 and chunks[i - 1][0] == chunks[i + 1][0] == "en"
            glued = (start > 0 and text[start - 1].isalpha() and ord(text[start - 1]) < 128) or \
                    (end < len(text) and text[end].isalpha() and ord(text[end]) < 128) or " " in part.strip()
            if ideographs == 0 or (between_english and ideographs <= rules.max_embedded_cjk and glued):
                neighbour = i - 1 if i > 0 and chunks[i - 1][0] == "en" else i + 1
                if 0 <= neighbour < len(chunks) and chunks[neighbour][0] == "en":
                    lo, hi = min(i, neighbour), max(i, neighbour)
                    if between_english and ideographs:
                        hi = i + 1
                        lo = i - 1
                    merged = ["en", chunks[lo][1], chunks[hi][2]]
                    chunks[lo:hi + 1] = [merged]
                    changed = True
                    break
    return chunks


_CHINESE_START = re.compile(f"[{IDEOGRAPH}]|[(\uff08“「《]")


def _return_english_tails(text: str, chunks: list[list]) -> None:
    """'…advantage。 in denial.(川普…': Latin words before a Chinese run's first character or
    opening bracket end the English run before it."""
    for before, current in zip(chunks, chunks[1:]):
        if before[0] != "en" or current[0] != "zh":
            continue
        start = _CHINESE_START.search(text, current[1], current[2])
        if start and re.search("[A-Za-z]", text[current[1]:start.start()]):
            before[2] = current[1] = start.start()


def _move_opening_brackets(pieces: list[Piece]) -> list[Piece]:
    """'in denial.(川普…' : the bracket opens the Chinese run, not the English one;
    '时代。” Details' : the closing quote ends the Chinese run."""
    for current, following in zip(pieces, pieces[1:]):
        lead = following.text.lstrip()
        closing = ""
        while lead and lead[0] in _CLOSING:
            closing += lead[0]
            lead = lead[1:].lstrip()
        if closing:
            current.text = current.text.rstrip() + closing
            following.text = lead
        stripped = current.text.rstrip()
        moved = ""
        while stripped and stripped[-1] in _OPENING:
            moved = stripped[-1] + moved
            stripped = stripped[:-1].rstrip()
        if moved:
            current.text = stripped
            following.text = moved + following.text
    return pieces


def _with_lang(piece: Piece, lang: str) -> Piece:
    piece.lang = lang
    return piece


# --- long paragraphs -------------------------------------------------------------------

def _split_long(piece: Piece, rules: SegmentationRules, overrides: Overrides) -> list[Piece]:
    lang = piece.lang or ("en" if is_english(piece.text) else "zh")
    limit, target = rules.paragraph_split_above[lang], rules.paragraph_target[lang]
    if len(piece.text) <= limit:
        return [piece]
    out, current = [], ""
    for sentence in split_sentences(piece.text):
        current += sentence
        if len(current) >= target and ends_sentence(current):
            out.append(current)
            current = ""
    if current.strip():
        if out and len(current) < target / 3:
            out[-1] += current
        else:
            out.append(current)
    return [Piece(text, role=piece.role if i == 0 else "body", lang=lang,
                  reasons=piece.reasons + (["run-together text cut at a sentence end"] if i else []))
            for i, text in enumerate(out)]


# --- front matter of an article --------------------------------------------------------

def _mark_front_matter(blocks: list[Block], rules: SegmentationRules, tagger: _Tagger,
                       overrides: Overrides = Overrides()) -> None:
    """Headline (and its translation), dek, byline and dateline at the top of an article; the
    site's chrome above the headline (menus, section names) is the masthead, not the story."""
    chosen = _pick_headline(blocks, rules)
    if chosen is not None:
        for block in blocks[:chosen]:
            if block.kind == "paragraph" and block.role == "body":
                block.role = "masthead"
                block.reasons.append("above the headline")
        _make_headline(blocks[chosen])
        first = blocks[chosen]
        # Web pages often repeat the headline inside the story's container.
        for block in blocks[chosen + 1:chosen + 7]:
            if block.role == "body" and "".join(block.text.split()) == "".join(first.text.split()):
                block.role = "masthead"
                block.reasons.append("repeats the headline")
        following = blocks[chosen + 1] if chosen + 1 < len(blocks) else None
        if following is not None and chosen + 2 < len(blocks) and following.lang != first.lang \
                and following.kind == "paragraph" and not ends_sentence(following.text) \
                and len(following.text) <= rules.title_max_chars:
            _make_headline(following)
    start = chosen or 0
    if chosen is None:
        # No headline: the short lines above the story are the site's menus and labels (a byline
        # or a date line among them is still read as one, below).
        lead = next((i for i, b in enumerate(blocks[:rules.headline_search_blocks]) if _is_story_paragraph(b, rules)), 0)
        for block in blocks[:lead]:
            if block.kind == "paragraph" and block.role == "body" and not ends_sentence(block.text) and \
                    not rules.byline.search(block.text) and not rules.dateline.search(block.text):
                block.role = "masthead"
                block.reasons.append("above the story (the capture has no headline)")
        start = max(0, lead - 12)
    window = blocks[start:start + 12]
    for index, block in enumerate(window):
        if block.role != "body" or block.kind != "paragraph":
            continue
        following = window[index + 1] if index + 1 < len(window) else None
        if _EDITOR_LABEL.search(block.text) and rules.credit.search(block.text.strip()):
            # "作者：杜川 责编：任绍敏", "界面新闻编辑 | 宋佳楠" under the headline: the editors' credit line.
            block.role = "credit"
            block.reasons.append("credit line under the headline")
        elif rules.byline.search(block.text) and len(block.text) < 200:
            block.role = "byline"
            block.reasons.append("byline pattern")
        elif block.text.strip() in overrides.bylines:
            block.role = "byline"
            block.reasons.append("a reporter's name (linked to an author page, or named by the editor)")
        elif _EN_NAME.fullmatch(block.text.strip()) and following is not None and \
                rules.byline_role.match(following.text.strip()):
            block.role, following.role = "byline", "masthead"
            block.reasons.append("a name above a reporter's job title")
            following.reasons.append("a reporter's job title")
        elif rules.dateline.fullmatch(block.text.strip()) or \
                (rules.dateline.search(block.text) and len(block.text) < 60):
            if any(b.role == "dateline" for b in window[:index]):
                # "Updated Jan 15, 2025, 07:42 PM" over "Published Jan 15, 2025, 05:30 PM": one is shown.
                block.role = "masthead"
                block.reasons.append("another time stamp of the page")
            else:
                block.role = "dateline"
                block.reasons.append("dateline pattern")
    headline_done = False
    for block in blocks[start:start + 6]:
        if block.role == "headline":
            headline_done = True
            continue
        if headline_done and block.role == "body" and block.kind == "paragraph" and not ends_sentence(block.text) \
                and len(block.text) < 400:
            if _is_name_line(block, rules, tagger):
                # 联合早报 and others print the reporter's bare name under the headline.
                block.role = "byline"
                block.reasons.append("a line of people's names under the headline")
            # A fragment shorter than a headline ("上海频道", "中国") is the page's section label.
            elif 0 < _size(block) < rules.headline_min_size[block.lang]:
                block.role = "masthead"
                block.reasons.append("section label under the headline")
            else:
                block.role = "dek"
                block.reasons.append("short unpunctuated text under the headline")
            continue
        if headline_done:
            break
    _mark_standfirst(blocks, start, rules, overrides.standfirsts)


_EDITOR_LABEL = re.compile(r"责编|責編|编辑|編輯|校对|校對")
_EN_NAME = re.compile(r"[A-Z][A-Za-z'\u2019.\-]+(?:\s[A-Z][A-Za-z'\u2019.\-]+){1,3}")
_NAME_LINE = re.compile(r"[\u4E00-\u9FFF]{2,4}(?:[\s\u3001\uFF0C,/\uFF0F]+[\u4E00-\u9FFF]{2,4}){0,3}")


def _is_name_line(block: Block, rules: SegmentationRules, tagger: _Tagger) -> bool:
    """"蔡慧琳", "王心怡 李思敏": Chinese names only, each tagged as a person's name by jieba."""
    text = block.text.strip()
    if block.lang != "zh" or not _NAME_LINE.fullmatch(text):
        return False
    # jieba tags a name it does not know by its surname ("陈建安": 陈 nr + 建安): each part of the
    # line must start with a word tagged as a name.
    for part in _NAME_SEPARATOR.split(text):
        tokens = [(word, flag) for word, flag in tagger.tokens(part) if word.strip()]
        if not tokens or tokens[0][1] not in rules.opener_tags:
            return False
    return True


_NAME_SEPARATOR = re.compile(r"[\s\u3001\uFF0C,/\uFF0F]+")


def _mark_standfirst(blocks: list[Block], start: int, rules: SegmentationRules, standfirsts=()) -> None:
    """The story's standfirst, above its lead: a paragraph before a wire lead ("（德国之声中文网）
    德国联邦议院…" opens the lead), or one that says what the page's description (or the
    editor) gives as the standfirst, word for word."""
    story = [b for b in blocks[start:] if b.kind == "paragraph" and b.role == "body"][:8]
    if len(story) < 2 or len(story[0].text) > 300 or story[0] not in blocks[start:start + 8]:
        return
    first = story[0].text.strip()
    if not rules.wire_lead.match(first) and rules.wire_lead.match(story[1].text.strip()) and \
            story[1] in blocks[start:start + 8]:
        story[0].role = "dek"
        story[0].reasons.append("standfirst above the wire lead")
    elif any(_squashed(first) == _squashed(s) for s in standfirsts):
        story[0].role = "dek"
        story[0].reasons.append("the page's description, above the lead")


def _squashed(text: str) -> str:
    return "".join(text.split()).rstrip("。.")


def _pick_headline(blocks: list[Block], rules: SegmentationRules) -> int | None:
    """The headline among the blocks above the lead: the first short line without final
    punctuation that is long enough to be a headline (a menu item, a section name or a site's
    name is not); else the first block when it is such a line of any length."""
    head = []
    for index, block in enumerate(blocks[:rules.headline_search_blocks]):
        if _is_story_paragraph(block, rules):
            break
        head.append(index)
    candidates = [i for i in head if _could_be_headline(blocks[i], rules) and i + 1 < len(blocks)]
    for index in candidates:
        block = blocks[index]
        if _size(block) >= rules.headline_min_size[block.lang]:
            return index
    return 0 if candidates[:1] == [0] else None


def _size(block: Block) -> int:
    """Words of English, ideographs of Chinese."""
    return len(english_words(block.text)) if block.lang == "en" else ideograph_count(block.text)


def _could_be_headline(block: Block, rules: SegmentationRules) -> bool:
    text = block.text.strip()
    # A question or an exclamation may be a headline ("香港小店為何還是撐不下去？"); a full stop is not.
    return block.kind == "paragraph" and block.role == "body" and len(text) <= rules.title_max_chars \
        and (not ends_sentence(text) or text[-1:] in "？！?!") and not rules.byline.search(text) and not rules.dateline.search(text) \
        and not rules.never_headline.search(text)


def _is_story_paragraph(block: Block, rules: SegmentationRules) -> bool:
    """The lead or any paragraph of the story: long, with a sentence end."""
    return block.kind == "paragraph" and block.role == "body" and len(block.text) >= rules.lead_min_chars \
        and ends_sentence(block.text)


def _mark_credits(blocks: list[Block], rules: SegmentationRules) -> None:
    """Credit lines at the end of a story (编辑, 責任編輯, Editing by, CNA's date code), and a list
    of other stories' headlines under them."""
    tail = [b for b in blocks if b.role not in OFF_PAGE_ROLES]
    for block in reversed(tail[-4:]):
        # A wire end mark on its own line ("（完）") closes the story; it credits no one.
        if block.role in ("body", "byline") and block.kind == "paragraph" and len(block.text) <= 200 and \
                rules.credit.search(block.text.strip()) and not END_MARK.fullmatch(block.text):
            block.role = "credit"
            block.reasons.append("credit line")
        elif block.kind != "caption":
            break
    _mark_trailing_headlines(blocks, rules)


def _mark_trailing_headlines(blocks: list[Block], rules: SegmentationRules) -> None:
    """Short lines without a full stop at the very end, two or more, or one under the credit
    line, are the site's list of other stories ("相关新闻" without its heading), not the story."""
    run = []
    for block in reversed(blocks):
        if block.role == "body" and block.kind == "paragraph" and not ends_sentence(block.text) and \
                len(block.text) <= rules.title_max_chars:
            run.append(block)
            continue
        break
    story_ended = len(run) < len(blocks) and blocks[-len(run) - 1].role == "credit" if run else False
    if len(run) >= 2 or (run and story_ended):
        for block in run:
            block.role = "masthead"
            block.reasons.append("other stories' headlines after the article")
        if not story_ended:
            _mark_credits(blocks, rules)
    _mark_footer_credit(blocks, rules)


def _mark_after_end_mark(blocks: list[Block], rules: SegmentationRules) -> None:
    """After a wire story's end mark ("…暂停运营。(完)") only the page's lines follow ("新浪新闻公众号"),
    unless a story paragraph does (a digest may run on)."""
    ends = [i for i, b in enumerate(blocks) if b.role == "body" and b.kind == "paragraph" and END_MARK.search(b.text)]
    if not ends:
        return
    # A mark on a line of its own ("（完）") is the wire's, not the story's: the page leaves it out.
    for i in ends:
        if END_MARK.fullmatch(blocks[i].text):
            blocks[i].role = "masthead"
            blocks[i].reasons.append("the story's end mark")
    after = [b for b in blocks[ends[-1] + 1:] if b.kind == "paragraph" and b.role == "body"]
    if any(_is_story_paragraph(b, rules) for b in after):
        return
    for block in after:
        if not rules.credit.search(block.text.strip()):
            block.role = "masthead"
            block.reasons.append("after the story's end mark")


def _mark_footer_credit(blocks: list[Block], rules: SegmentationRules) -> None:
    """An editor's credit among the page's prompts under the story ("责任编辑：韩丹 SF091" below
    "更多猛料！欢迎扫描…") is still the story's credit line."""
    last_body = max((i for i, b in enumerate(blocks) if b.role == "body" and b.kind == "paragraph"), default=None)
    if last_body is None or any(b.role == "credit" for b in blocks[last_body:]):
        return
    for block in blocks[last_body + 1:]:
        if block.kind == "paragraph" and block.role in ("masthead", "body") and \
                rules.footer_credit.fullmatch(block.text.strip()):
            block.role = "credit"
            block.reasons.append("an editor's credit under the story")
            return


def _make_headline(block: Block) -> None:
    block.kind = "heading"
    block.role = "headline"
    block.level = 1
    block.reasons.append("first short line without final punctuation")
