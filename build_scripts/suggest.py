"""`glossary suggest`: names in the articles that the glossary does not know yet.

Candidates come from the patterns in rules/glossary.yaml: pairs the text gives itself
("喬納森·欽(Jonathan Czin)"), transliterated names with "·", runs of capitalised English
words and acronyms. A candidate one of whose forms the glossary already knows becomes an
alias suggestion for that entry; the rest become draft entries, ranked by frequency.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .annotator import SKIPPED_ROLES, Matcher
from .glossary import Glossary, collision_key, is_han_form
from .language import default_jieba, to_simplified, to_traditional
from .metadata import pinyin_slug, slugify
from .model import Article
from .rules import GlossaryRules


@dataclass(frozen=True)
class Place:
    capture: str
    line: int
    article: str
    block: str


@dataclass
class Candidate:
    zh: str | None
    en: str | None
    source: str                     # id of the pattern that found it first
    places: list[Place] = field(default_factory=list)
    known_as: str | None = None     # entry that already has the other form: suggest an alias
    alias: str | None = None        # the form that entry lacks

    @property
    def count(self) -> int:
        return len(self.places)

    def draft(self, rules: GlossaryRules) -> str:
        """A glossary file to start from (it fails validation until the TODOs are written)."""
        entry_id = slugify(self.en) if self.en else pinyin_slug(self.zh or "") or "new-entry"
        simplified = to_simplified(self.zh) if self.zh else "TODO"
        traditional = to_traditional(self.zh) if self.zh else "TODO"
        lines = [f"# editorial/glossary/{entry_id}.yaml (draft from `glossary suggest`: check every field)",
                 f"id: {entry_id}",
                 f"type: {guess_type(self, rules)}",
                 "name:",
                 f'  en: "{self.en or "TODO"}"',
                 f'  zh-Hans: "{simplified}"',
                 f'  zh-Hant: "{traditional}"',
                 "description:",
                 '  en: "TODO: one or two sentences of our own"',
                 '  zh-Hans: "TODO"']
        return "\n".join(lines) + "\n"

    def as_json(self) -> dict:
        return {"zh": self.zh, "en": self.en, "source": self.source, "count": self.count,
                "known_as": self.known_as, "alias": self.alias,
                "places": [{"capture": p.capture, "line": p.line, "article": p.article, "block": p.block}
                           for p in self.places]}


def guess_type(candidate: Candidate, rules: GlossaryRules) -> str:
    words = set(re.findall(r"[A-Za-z]+", candidate.en or ""))
    for kind in ("organisation", "policy", "event", "place"):
        if words & rules.suggest_type_words.get(kind, frozenset()):
            return kind
    if candidate.zh and "·" in candidate.zh:
        return "person"
    if candidate.en and re.fullmatch(r"[A-Z][a-z]+(?: [A-Z][a-z]+){1,2}", candidate.en):
        return "person"
    return "concept"


def suggest(articles: list[Article], glossary: Glossary, matcher: Matcher, rules: GlossaryRules) -> list[Candidate]:
    known: dict[str, str] = {}
    for entry in glossary.entries.values():
        for form in entry.surface_forms():
            known.setdefault(collision_key(form), entry.id)
    found: dict[tuple[str, str], Candidate] = {}
    by_zh: dict[str, Candidate] = {}
    by_en: dict[str, Candidate] = {}
    for article in articles:
        for block in article.blocks:
            if block.role in SKIPPED_ROLES:
                continue
            place = Place(article.capture, block.line, article.slug, block.id)
            for rule in rules.suggest_patterns:
                for match in rule.pattern.finditer(block.text):
                    groups = match.groupdict()
                    zh = _trim_chinese(groups.get("zh"), rules)
                    en = _trim_english(groups.get("en"), rules)
                    if not zh and not en:
                        continue
                    _record(found, by_zh, by_en, zh, en, rule.id, place)
    result = []
    for candidate in found.values():
        zh_owner = known.get(collision_key(candidate.zh)) if candidate.zh else None
        en_owner = known.get(collision_key(candidate.en)) if candidate.en else None
        if (zh_owner or not candidate.zh) and (en_owner or not candidate.en):
            continue        # nothing new
        if {candidate.zh, candidate.en} & rules.suggest_dismissed:
            continue
        if en_owner and not zh_owner and any(m.entry == en_owner for m in matcher.find(candidate.zh)):
            continue        # the Chinese run holds the known name and words before it
        single = candidate.zh or candidate.en
        if not (candidate.zh and candidate.en) and matcher.find(single):
            continue        # a known name inside a longer phrase ("Trump administration")
        if zh_owner or en_owner:
            candidate.known_as = zh_owner or en_owner
            candidate.alias = candidate.en if zh_owner else candidate.zh
        result.append(candidate)
    result.sort(key=lambda c: (-c.count, c.known_as is not None, not (c.zh and c.en), c.en or "", c.zh or ""))
    return result


def _record(found, by_zh, by_en, zh, en, source, place) -> None:
    """Merge with an earlier candidate sharing a form, so a pair and its halves count once."""
    zh_key = collision_key(zh) if zh else None
    en_key = collision_key(en) if en else None
    candidate = (by_zh.get(zh_key) if zh_key else None) or (by_en.get(en_key) if en_key else None)
    if candidate is None:
        candidate = found.setdefault((zh_key or "", en_key or ""), Candidate(zh, en, source))
    else:
        candidate.zh = candidate.zh or zh
        candidate.en = candidate.en or en
    if zh_key:
        by_zh.setdefault(zh_key, candidate)
    if en_key:
        by_en.setdefault(en_key, candidate)
    if place not in candidate.places:
        candidate.places.append(place)


def _trim_english(text: str | None, rules: GlossaryRules) -> str | None:
    if not text:
        return None
    words = text.strip(" .-'’").split()
    while words and words[0] in rules.suggest_ignore:
        words.pop(0)
    while words and words[-1] in rules.suggest_ignore:
        words.pop()
    if not words or (len(words) == 1 and not re.fullmatch(r"[A-Z][A-Z0-9&\-]+", words[0]) and len(text.split()) > 1):
        return None
    name = " ".join(words)
    return None if name in rules.suggest_ignore or len(name) < 2 else name


def _trim_chinese(text: str | None, rules: GlossaryRules) -> str | None:
    """Cut a Chinese run down to the name at its end: after the last title word (总统, 教授)
    or word of a stop class (的, 在, 和), and for "·" names to the last word before the dot."""
    if not text:
        return None
    text = text.strip("·")
    head, dot, tail = text.partition("·")
    tokens = _pos_tokens(to_simplified(head))
    stop_tags = rules.suggest_name_stop_tags if dot else rules.suggest_stop_tags
    keep = []
    for word, flag in reversed(tokens):
        if word in rules.suggest_title_words or flag in stop_tags:
            break
        keep.insert(0, word)
    if not keep:
        return None
    trimmed = head[len(head) - sum(len(w) for w in keep):] + dot + tail
    return trimmed if len(trimmed.replace("·", "")) >= 2 and is_han_form(trimmed) else None


def _pos_tokens(text: str) -> list[tuple[str, str]]:
    import jieba.posseg

    default_jieba()         # loaded once, quietly
    return [(pair.word, pair.flag) for pair in jieba.posseg.cut(text)]


def render_suggestions(candidates: list[Candidate], rules: GlossaryRules, limit: int | None = None) -> str:
    if not candidates:
        return "# No candidates: every name the patterns find is in the glossary.\n"
    shown = candidates[:limit] if limit else candidates
    out = [f"# {len(candidates)} candidate(s) not in editorial/glossary/, most frequent first.\n"
           "# Aliases: add the form to the named entry. Drafts: save as the file named, then write the\n"
           "# descriptions (a draft fails validation until its TODOs are gone).\n"]
    for candidate in shown:
        names = " / ".join(n for n in (candidate.zh, candidate.en) if n)
        out.append(f"\n# {candidate.count}× {names}  [{candidate.source}]\n")
        for place in candidate.places[:5]:
            out.append(f"#   {place.capture}:{place.line}  {place.article}#{place.block}\n")
        if len(candidate.places) > 5:
            out.append(f"#   … and {len(candidate.places) - 5} more\n")
        if candidate.known_as:
            language = "zh-Hans" if is_han_form(candidate.alias) else "en"
            out.append(f"# alias for editorial/glossary/{candidate.known_as}.yaml:\n"
                       f"#   aliases: {{{language}: [\"{candidate.alias}\"]}}\n")
        else:
            out.append("---\n" + candidate.draft(rules))
    return "".join(out)
