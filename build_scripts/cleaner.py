"""Stage 2: clean a capture's text with the rules of rules/cleaning.yaml.

Returns the cleaned lines and a Change for everything removed, repaired or normalised,
so that an editor can review what the build dropped.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .model import Change, Line
from .recall import Recall
from .rules import CharacterRule, CleaningRules, GlueRules

# In-band marker left where a rule with `marks_next` removed a label: "\ue000summary\ue001".
# Private-use characters are stripped from the input first, so a capture cannot fake one.
ROLE_MARK = re.compile("\ue000([a-z]+)\ue001")
_LATIN_TOKEN = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?")
_CONTEXT = 24
_SENTENCE_END = re.compile(r"[。！？.!?」”\"]")
_URL = re.compile(r"((?:https?://|www\.)[^\s<>\"\u3000-\u303f\uff00-\uffef]+)")


@dataclass
class CleanText:
    lines: list[Line]
    changes: list[Change]
    footer_line: int | None = None     # where the portal's footer began (it and all after it removed)
    cut_line: int | None = None        # a paywall notice there: the story above it is cut off


def clean(text: str, rules: CleaningRules, recall: Recall | None = None) -> CleanText:
    """`recall` holds the glued words' splits from the capture's last parse."""
    recall = recall or Recall()
    changes: list[Change] = []
    lines: list[Line] = []
    story_started = False
    names = capture_names(text)
    raw_lines = text.split("\n")
    skip_to = 0
    for number, raw in enumerate(raw_lines, start=1):
        if number < skip_to:
            continue
        line = _normalise_characters(raw, number, rules, changes).strip()
        if not line:
            continue
        paywall = _first_match(rules.paywall_notices, line)
        if paywall and story_started:
            rest = [t for t in raw_lines[number - 1:] if t.strip()]
            changes.append(Change(paywall.id, "removed", number, _summarise(rest)))
            return CleanText(lines, changes, number, cut_line=number)
        footer = paywall or _first_match(rules.footer_starts, line)
        # Above the story, a footer heading is a menu item ("即時新聞" in a site's menu bar): the
        # line goes, the story below it stays.
        box_end = _related_box_end(raw_lines, number, rules) if footer and story_started and not paywall else None
        if box_end is not None:
            # "Read more" and two headlines inside the story, which goes on below them.
            box = [t.strip() for t in raw_lines[number - 1:box_end - 1] if t.strip()]
            changes.append(Change("related-box", "removed", number, " / ".join(box)))
            skip_to = box_end
            continue
        if footer and story_started:
            rest = [t for t in raw_lines[number - 1:] if t.strip()]
            changes.append(Change(footer.id, "removed", number, _summarise(rest)))
            return CleanText(lines, changes, number)
        if footer:
            changes.append(Change(footer.id, "removed", number, line))
            continue
        dropped = _first_match(rules.drop_lines, line)
        if dropped:
            changes.append(Change(dropped.id, "removed", number, line))
            continue
        line = _drop_inline(line, number, rules, changes)
        line = repair_glued_english(line, number, rules.glue, changes, recall, names)
        line = re.sub(r"[ \t]{2,}", " ", line).strip()
        if line:
            lines.append(Line(number, line))
            story_started = story_started or _is_story_line(line, rules.story_line_chars)
    return CleanText(lines, changes)


def _related_box_end(raw_lines: list[str], number: int, rules: CleaningRules) -> int | None:
    """The line number where the story resumes, when the footer heading at `number` heads a box of
    a few short headlines inside the story ("Read more", "►延伸閱讀"); None when it is the footer."""
    box = 0
    for later, raw in enumerate(raw_lines[number:], start=number + 1):
        line = raw.strip()
        if not line:
            continue
        if _is_story_line(line, rules.related_box_resume_chars):
            # A story line, not a rule's: the story resumes (a long footer line is not the story).
            if any(_first_match(r, line) for r in (rules.footer_starts, rules.drop_lines, rules.paywall_notices)):
                return None
            return later if box else None
        box += 1
        if box > rules.related_box_lines:
            return None
    return None


def _is_story_line(line: str, min_chars: int) -> bool:
    """A line of the story itself: long, with a sentence end (a menu or a title has none)."""
    return len(line) >= min_chars and bool(_SENTENCE_END.search(line))


def _first_match(rules, line: str):
    return next((rule for rule in rules if rule.pattern.search(line)), None)


def _summarise(lines: list[str]) -> str:
    head = " / ".join(lines[:3])
    return f"{head} … ({len(lines)} lines)" if len(lines) > 3 else head


@lru_cache(maxsize=None)
def _character_class(ranges: tuple[tuple[int, int], ...]) -> re.Pattern:
    """One regular expression matching any character in the rule's code point ranges."""
    parts = "".join(f"{re.escape(chr(first))}-{re.escape(chr(last))}" for first, last in ranges)
    return re.compile(f"[{parts}]" if parts else "(?!)")


def _normalise_characters(line: str, number: int, rules: CleaningRules, changes: list[Change]) -> str:
    strip = _character_class(rules.strip_characters.ranges)
    stripped = strip.sub("", line)
    if stripped != line:
        removed = "".join(sorted({f"U+{ord(ch):04X} " for ch in strip.findall(line)}))
        changes.append(Change(rules.strip_characters.id, "removed", number, removed.strip()))
        line = stripped
    for rule in rules.characters:
        found = sorted(set(_character_class(rule.ranges).findall(line)))
        if not found:
            continue
        table = {ord(ch): unicodedata.normalize(rule.normalisation, ch) for ch in found}
        line = line.translate(table)
        changes.append(Change(rule.id, "normalised", number, "".join(found), "".join(table[ord(c)] for c in found)))
    return line


def _drop_inline(line: str, number: int, rules: CleaningRules, changes: list[Change]) -> str:
    for rule in rules.drop_inline:
        def replace(match: re.Match, rule=rule, text=line) -> str:
            changes.append(Change(rule.id, "removed", number, match.group().strip(),
                                  context=_context(text, match.start(), match.end())))
            replacement = rule.replace
            if rule.marks_next:
                replacement = f" \ue000{rule.marks_next}\ue001 "
            return replacement
        line = rule.pattern.sub(replace, line)
    return line


def _context(text: str, start: int, end: int) -> str:
    return f"…{text[max(0, start - _CONTEXT):start]}⟦{text[start:end]}⟧{text[end:end + _CONTEXT]}…"


# --- English glue repair -------------------------------------------------------------

@lru_cache(maxsize=200_000)
def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word.lower(), "en")


_NAME_TOKEN = re.compile(r"\b[A-Z][a-z]{3,}\b")


def capture_names(text: str) -> frozenset[str]:
    """Capitalised words the capture writes more than once ("Skyrun ... said Skyrun"): two words run
    together are an accident of the capture ("Trumpadministration"), a name is written the same
    way again."""
    counts: dict[str, int] = {}
    for token in _NAME_TOKEN.findall(text):
        counts[token] = counts.get(token, 0) + 1
    return frozenset(t for t, n in counts.items() if n > 1)


def repair_glued_english(line: str, number: int, glue: GlueRules, changes: list[Change],
                         recall: Recall | None = None, names: frozenset[str] = frozenset()) -> str:
    """Split English words run together ("constructionof" -> "construction of"); the capture's
    own `names` (capture_names) are left whole."""
    recall = recall or Recall()
    if _URL.search(line):
        # Addresses are not English text: repair the words between them only.
        pieces = _URL.split(line)
        return "".join(piece if _URL.fullmatch(piece) else repair_glued_english(piece, number, glue, changes, recall,
                                                                                 names)
                       for piece in pieces)
    for rule in glue.spacing:
        def space(match: re.Match, rule=rule, text=line) -> str:
            changes.append(Change(rule.id, "repaired", number, text[max(0, match.start() - 12):match.end() + 12].strip(),
                                  context=_context(text, match.start(), match.end())))
            return rule.replace
        line = rule.pattern.sub(space, line)

    def fix(match: re.Match) -> str:
        token = match.group()
        if token in names:
            return token
        fixed = recall.get("glued", token, lambda: split_glued_token(token, glue))
        if fixed != token and _in_name_run(line, match) and min(len(p) for p in fixed.split()) < 3:
            return token    # "Sebastian Christoph Gollnow" is not "Go ll now"; "White Housespokesman" is split
        if fixed != token:
            changes.append(Change("glued-words", "repaired", number, token, fixed,
                                  context=_context(line, match.start(), match.end())))
        return fixed

    return _LATIN_TOKEN.sub(fix, line)


_TITLE_WORD = re.compile(r"[A-Z][a-z]+")
_WORD_BEFORE = re.compile(r"([A-Za-z]+)[ \-]$")
_WORD_AFTER = re.compile(r"^[ \-]([A-Za-z]+)")


def _in_name_run(line: str, match: re.Match) -> bool:
    """A capitalised word next to another ("Sebastian Christoph Gollnow") may be part of a name."""
    if not _TITLE_WORD.fullmatch(match.group()):
        return False
    before = _WORD_BEFORE.search(line[max(0, match.start() - 30):match.start()])
    after = _WORD_AFTER.search(line[match.end():match.end() + 30])
    return any(m and _TITLE_WORD.fullmatch(m.group(1)) for m in (before, after))


def split_glued_token(token: str, glue: GlueRules) -> str:
    if len(token) < 4 or token.isupper() or _is_kept(token, glue):
        return token
    parts = _split_camel(token, glue)
    return " ".join(_split_lowercase_run(part, glue) for part in parts)


def _is_kept(token: str, glue: GlueRules) -> bool:
    return token in _keep_set(glue.keep_words) or any(p.search(token) for p in glue.keep_patterns)


@lru_cache(maxsize=8)
def _keep_set(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(words)


def _split_camel(token: str, glue: GlueRules) -> list[str]:
    """Split at lower->Upper boundaries, except inside known camel-case names."""
    if _zipf(token) >= glue.unknown_below + 0.5:
        return [token]
    protected = []  # (start, end) spans of kept names inside the token
    for word in sorted(_keep_set(glue.keep_words), key=len, reverse=True):
        start = token.find(word)
        while start >= 0:
            end = start + len(word)
            # A kept name is a word of its own only where a word may end: "Japan" is not inside
            # "inJapanese" (in + Japanese), but is inside "inJapanToday".
            whole = end == len(token) or not token[end].islower()
            if whole and not any(s <= start < e for s, e in protected):
                protected.append((start, end))
            start = token.find(word, start + 1)
    cuts = [i for i in range(1, len(token))
            if token[i - 1].islower() and token[i].isupper()
            and not any(s < i < e for s, e in protected)]
    cuts += [s for s, _ in protected if s > 0] + [e for _, e in protected if e < len(token)]
    cuts = sorted(set(cuts))
    pieces, last = [], 0
    for cut in cuts:
        pieces.append(token[last:cut])
        last = cut
    pieces.append(token[last:])
    return [p for p in pieces if p]


def _split_lowercase_run(word: str, glue: GlueRules, depth: int = 0) -> str:
    """'constructionof' -> 'construction of'; a known word is returned as it is."""
    if len(word) < 5 or _zipf(word) >= glue.unknown_below or _is_kept(word, glue) or depth > 1 \
            or _is_inflection(word, glue):
        return word
    best, best_score = None, 0.0
    for i in range(1, len(word)):
        left, right = word[:i], word[i:]
        if not _is_part(left, glue):
            continue
        right_fixed = right if _is_part(right, glue) else _split_lowercase_run(right, glue, depth + 1)
        if right_fixed == right and not _is_part(right, glue):
            continue
        scores = [_zipf(w) for w in [left, *right_fixed.split(" ")]]
        score = sum(scores) / len(scores) * 2 - 0.5 * (len(scores) - 2)
        if sum(scores[:2]) >= glue.parts_sum_at_least and score > best_score:
            best, best_score = f"{left} {right_fixed}", score
    return best or word


def _is_inflection(word: str, glue: GlueRules) -> bool:
    for suffix in glue.inflection_suffixes:
        stem = word[:-len(suffix)]
        stems = [stem, stem + "e"] if suffix[0] in "aeiou" else [stem]   # onshor(e)+ing
        if word.endswith(suffix) and len(stem) >= 4 and max(map(_zipf, stems)) >= glue.part_at_least:
            return True
    return False


def _is_part(word: str, glue: GlueRules) -> bool:
    if len(word) == 1:
        return word in glue.single_letter_words
    return _zipf(word) >= (glue.short_part_at_least if len(word) <= 3 else glue.part_at_least)
