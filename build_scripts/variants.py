"""Script variants: every page in Simplified (mainland vocabulary) and Traditional (Taiwan vocabulary).

A rendered page is converted as a whole by OpenCC (tw2sp / s2twp), with two layers of phrases that
win over it: the glossary's names (特朗普 ↔ 川普, 英伟达 ↔ 輝達: a name converts as a whole, never
character by character) and the editors' one-off rules in rules/conversion.yaml (like Wikipedia's
NoteTA). Parts of a page that are script-specific on purpose (the glossary's 简体 / 繁體 columns,
regional forms, tooltip data) carry `data-script-fixed` or are <script> elements and are left alone.
Each converted paragraph keeps its original text in the page, so a reader can show it.
"""
from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import ahocorasick
import opencc

from .errors import InputError
from .glossary import Glossary, is_han_form
from .spans import longest_first
from .yamlio import LineDict, load_yaml


@dataclass(frozen=True)
class Variant:
    code: str           # BCP 47 tag of the page's Chinese: zh-Hans or zh-Hant
    locale: str         # mkdocs-static-i18n locale (mkdocs.yml): files are NAME.md or NAME.<locale>.md
    suffix: str         # "" for the default variant
    opencc: str         # OpenCC configuration that converts any Chinese into this variant
    label: str


SIMPLIFIED = Variant("zh-Hans", "zh", "", "tw2sp", "简体")
TRADITIONAL = Variant("zh-Hant", "zh-Hant", ".zh-Hant", "s2twp", "繁體")
VARIANTS = (SIMPLIFIED, TRADITIONAL)
ORIGINAL_DATA_ID = "digest-original"

_PROTECTED = re.compile(r"<script\b.*?</script>|<(?P<tag>[a-z][a-z0-9]*)\b[^>]*\bdata-script-fixed\b[^>]*>.*?</(?P=tag)>",
                        re.S)
_CHINESE_LANG = re.compile(r'(?<=\s)lang="zh(?:-Hans|-Hant)?"')
_PARAGRAPH = re.compile(r'<p\b[^>]*\bid="(?P<id>[a-z]-[0-9a-f]+)"[^>]*>(?P<body>.*?)</p>', re.S)


class Converter:
    """Converts text into one variant: phrases first (longest wins), OpenCC for the rest."""

    def __init__(self, variant: Variant, phrases: dict[str, str]):
        self.variant = variant
        self.phrases = {k: v for k, v in phrases.items() if k and k != v}
        self._opencc = opencc.OpenCC(variant.opencc)

    @cached_property
    def _automaton(self):
        automaton = ahocorasick.Automaton()
        for source in self.phrases:
            automaton.add_word(source, source)
        if self.phrases:
            automaton.make_automaton()
        return automaton

    def convert(self, text: str) -> str:
        if not self.phrases:
            return self._opencc.convert(text)
        candidates = [(end - len(word) + 1, end + 1, 0, word) for end, word in self._automaton.iter(text)]
        out, position = [], 0
        for start, end, word in longest_first(candidates):
            out.append(self._opencc.convert(text[position:start]))
            out.append(self.phrases[word])
            position = end
        out.append(self._opencc.convert(text[position:]))
        return "".join(out)


def load_converters(glossary: Glossary, rules_path: Path) -> dict[str, Converter]:
    """A converter per variant code, from the glossary's names and rules/conversion.yaml."""
    editors = load_conversion_rules(rules_path)
    return {v.code: Converter(v, {**glossary_phrases(glossary, v), **editors[v.code]}) for v in VARIANTS}


def glossary_phrases(glossary: Glossary, variant: Variant) -> dict[str, str]:
    """Every Chinese form of every entry's name -> the form this variant's readers use."""
    phrases: dict[str, str] = {}
    for entry in sorted(glossary.entries.values(), key=lambda e: e.id):
        if variant is TRADITIONAL:
            target = entry.regional.get("zh-TW") or entry.name_hant
        else:
            target = entry.regional.get("zh-CN") or entry.name_hans
        forms = [entry.name_hans, entry.name_hant, *entry.regional.values()]
        for form in forms:
            if is_han_form(form) and is_han_form(target):
                phrases.setdefault(form, target)
    return phrases


def load_conversion_rules(path: Path) -> dict[str, dict[str, str]]:
    """rules/conversion.yaml: `pairs` (Simplified and Traditional forms of one word, both ways),
    `to_traditional` and `to_simplified` (one way)."""
    rules = {SIMPLIFIED.code: {}, TRADITIONAL.code: {}}
    if not path.exists():
        return rules
    data = load_yaml(path) or LineDict()
    if not isinstance(data, dict):
        raise InputError(path, "must be a mapping with 'pairs', 'to_traditional' and/or 'to_simplified'", line=1)
    for key in data:
        if key not in ("pairs", "to_traditional", "to_simplified"):
            raise InputError(path, f"unknown field '{key}'", line=data.line_of(key), field=key)
    for index, pair in enumerate(data.get("pairs") or []):
        if not (isinstance(pair, dict) and set(pair) == {"hans", "hant"} and
                all(isinstance(v, str) and v for v in pair.values())):
            raise InputError(path, "each pair is {hans: 简体形式, hant: 繁體形式}", line=data["pairs"].line_of(index),
                             field="pairs")
        rules[TRADITIONAL.code][pair["hans"]] = pair["hant"]
        rules[SIMPLIFIED.code][pair["hant"]] = pair["hans"]
    for key, code in (("to_traditional", TRADITIONAL.code), ("to_simplified", SIMPLIFIED.code)):
        table = data.get(key) or {}
        if not isinstance(table, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in table.items()):
            raise InputError(path, f"'{key}' maps a word to its replacement", line=data.line_of(key), field=key)
        rules[code].update(table)
    return rules


# --- pages ---------------------------------------------------------------------------------------------

def variant_path(path: str, variant: Variant) -> str:
    """docs/articles/x.md -> docs/articles/x.zh-Hant.md for a non-default variant."""
    return path[:-3] + variant.suffix + ".md" if variant.suffix else path


def convert_page(page: str, converter: Converter) -> str:
    """The page in the converter's variant: text converted, Chinese lang tags set to the variant,
    protected parts untouched, and the original of every paragraph the conversion changed kept
    as JSON for the "original script" switch."""
    code = converter.variant.code
    out, position = [], 0
    for match in _PROTECTED.finditer(page):
        out.append(_CHINESE_LANG.sub(f'lang="{code}"', converter.convert(page[position:match.start()])))
        out.append(match.group(0))
        position = match.end()
    out.append(_CHINESE_LANG.sub(f'lang="{code}"', converter.convert(page[position:])))
    converted = "".join(out)
    originals = _changed_paragraphs(page, converted)
    if originals:
        data = json.dumps(originals, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        converted += f'\n<script type="application/json" id="{ORIGINAL_DATA_ID}">{data}</script>\n'
    return converted


def _changed_paragraphs(original: str, converted: str) -> dict[str, dict[str, str]]:
    """Paragraph id -> its original inner HTML and script, for paragraphs whose text changed."""
    before = {m.group("id"): m for m in _PARAGRAPH.finditer(original)}
    changed = {}
    for match in _PARAGRAPH.finditer(converted):
        old = before.get(match.group("id"))
        if old is None or _text(old.group("body")) == _text(match.group("body")):
            continue
        script = re.search(r'data-script="(\w+)"', old.group(0))
        changed[match.group("id")] = {"html": old.group("body"), "script": script.group(1) if script else "mixed"}
    return changed


def _text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))
