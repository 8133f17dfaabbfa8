"""Script variants: every page in Simplified (mainland characters) and Traditional (Taiwan characters).

A rendered page is converted as a whole by OpenCC's character conversions (tw2s / s2tw: characters
by their sense in a phrase, no vocabulary tables, whose computer senses are wrong in news: 项目 is
not 專案, 核心 not 内核), with two layers of phrases that win over it: the glossary's names (特朗普 ↔
川普, 英伟达 ↔ 輝達: a name converts as a whole, never character by character) and the editors'
reviewed table in rules/conversion.yaml (news words such as 芯片 ↔ 晶片, one-off fixes, like
Wikipedia's NoteTA).

A capture's words are its own: a paragraph already in the page's script is shown as written (a
Simplified capture's 凤凰城 stays on the Simplified page, a Traditional capture's 只能 on the
Traditional one), and a quotation is converted character by character with the editors' table only,
never reworded with the other region's names. Parts of a page that are script-specific on purpose
(the glossary's 简体 / 繁體 columns, regional forms, tooltip data) carry `data-script-fixed` or are
<script> elements and are left alone. Each converted paragraph keeps its original text in the page,
so a reader can show it.
"""
from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

import ahocorasick
import markdown
import opencc

from .cache import digest
from .errors import InputError
from .glossary import Glossary, is_han_form
from .language import to_simplified, to_traditional
from .recall import Recall
from .spans import longest_first
from .writer import script_json
from .yamlio import LineDict, load_yaml


@dataclass(frozen=True)
class Variant:
    code: str           # BCP 47 tag of the page's Chinese: zh-Hans or zh-Hant
    locale: str         # mkdocs-static-i18n locale (mkdocs.yml): files are NAME.md or NAME.<locale>.md
    suffix: str         # "" for the default variant
    opencc: str         # OpenCC configuration that converts any Chinese into this variant
    label: str


SIMPLIFIED = Variant("zh-Hans", "zh", "", "tw2s", "简体")
TRADITIONAL = Variant("zh-Hant", "zh-Hant", ".zh-Hant", "s2tw", "繁體")
# Character conversion into each variant: what the text would read without any phrase of ours,
# the baseline of the conversion report.
CHARACTER_LEVEL = {"zh-Hans": "tw2s", "zh-Hant": "s2tw"}
VARIANTS = (SIMPLIFIED, TRADITIONAL)
ORIGINAL_DATA_ID = "digest-original"

_PROTECTED = re.compile(r"<script\b.*?</script>|<(?P<tag>[a-z][a-z0-9]*)\b[^>]*\bdata-script-fixed\b[^>]*>.*?</(?P=tag)>",
                        re.S)
_CHINESE_LANG = re.compile(r'(?<=\s)lang="zh(?:-Hans|-Hant)?"')
_PARAGRAPH = re.compile(r'<p\b[^>]*\bid="(?P<id>[a-z]-[0-9a-f]+)"[^>]*>(?P<body>.*?)</p>', re.S)
# A paragraph of Markdown prose (writer.md_attrs): its one line, then its attribute list.
_MD_PARAGRAPH = re.compile(r'^(?P<body>[^\n]+)\n\{: #(?P<id>[a-z]-[0-9a-f]+) (?P<attrs>[^\n}]*)\}$', re.M)


_CONVERTIBLE = re.compile(r"[A-Za-z0-9]*[^\x00-\x7f]+(?:[A-Za-z0-9]+[^\x00-\x7f]+)*[A-Za-z0-9]*")
# Quotation marks, opening and closing: inside them the words are the speaker's.
_QUOTE_OPEN, _QUOTE_CLOSE = "“「『", "”」』"
_QUOTE_MARK = re.compile(f"[{_QUOTE_OPEN}{_QUOTE_CLOSE}]")
# The script a paragraph's data-script attribute names, for each variant code.
_OWN_SCRIPT = {"zh-Hans": "Hans", "zh-Hant": "Hant"}


class Converter:
    """Converts text into one variant: phrases first (longest wins), OpenCC for the rest. Inside
    quotation marks only `quote_phrases` apply (the editors' table, not the glossary's names)."""

    def __init__(self, variant: Variant, phrases: dict[str, str], quote_phrases: dict[str, str] | None = None):
        self.variant = variant
        # A phrase that maps a word to itself matters too: it keeps OpenCC from swapping the word.
        self.phrases = {k: v for k, v in phrases.items() if k}
        self.quote_phrases = self.phrases if quote_phrases is None else {k: v for k, v in quote_phrases.items() if k}

    @cached_property
    def fingerprint(self) -> str:
        """What the conversion depends on besides the text (with the library's version, in the
        build cache's salt)."""
        return digest(self.variant.code, self.variant.opencc, *(p for item in sorted(self.phrases.items()) for p in item),
                      "quotes", *(p for item in sorted(self.quote_phrases.items()) for p in item))

    # Sent to worker processes without the OpenCC handle and the automata (rebuilt there).
    def __getstate__(self):
        return {"variant": self.variant, "phrases": self.phrases, "quote_phrases": self.quote_phrases}

    def __setstate__(self, state):
        self.__init__(state["variant"], state["phrases"], state["quote_phrases"])

    @cached_property
    def _opencc(self) -> opencc.OpenCC:
        # Made when first needed: loading its dictionaries takes a tenth of a second, and a
        # rebuild that finds every conversion in the cache needs none.
        return opencc.OpenCC(self.variant.opencc)

    @cached_property
    def _automaton(self):
        return _automaton_of(self.phrases)

    @cached_property
    def _quote_automaton(self):
        return self._automaton if self.quote_phrases is self.phrases else _automaton_of(self.quote_phrases)

    def convert(self, text: str) -> str:
        # Only runs of non-ASCII text (with Latin letters or digits glued to them, as in U盘 or
        # 3D打印) can change: markup and English between them are passed through unscanned.
        # A quotation may run over several runs (a name inside it is marked up): its depth carries.
        depth = 0

        def run(match: re.Match) -> str:
            nonlocal depth
            out, position = [], 0
            text = match.group()
            for mark in _QUOTE_MARK.finditer(text):
                out.append(self._convert_run(text[position:mark.start()], depth > 0))
                depth = depth + 1 if mark.group() in _QUOTE_OPEN else max(0, depth - 1)
                out.append(mark.group())
                position = mark.end()
            out.append(self._convert_run(text[position:], depth > 0))
            return "".join(out)

        return _CONVERTIBLE.sub(run, text)

    def _convert_run(self, text: str, quoted: bool = False) -> str:
        phrases, automaton = (self.quote_phrases, self._quote_automaton) if quoted else (self.phrases, self._automaton)
        if not text:
            return text
        if not phrases:
            return self._opencc.convert(text)
        candidates = [(end - len(word) + 1, end + 1, 0, word) for end, word in automaton.iter(text)]
        out, position = [], 0
        for start, end, word in longest_first(candidates):
            out.append(self._opencc.convert(text[position:start]))
            out.append(phrases[word])
            position = end
        out.append(self._opencc.convert(text[position:]))
        return "".join(out)


def _automaton_of(phrases: dict[str, str]):
    automaton = ahocorasick.Automaton()
    for source in phrases:
        automaton.add_word(source, source)
    if phrases:
        automaton.make_automaton()
    return automaton


def load_converters(glossary: Glossary, rules_path: Path) -> dict[str, Converter]:
    """A converter per variant code, from the glossary's names and rules/conversion.yaml."""
    editors = load_conversion_rules(rules_path)
    return {v.code: Converter(v, {**glossary_phrases(glossary, v), **editors[v.code]}, editors[v.code])
            for v in VARIANTS}


def glossary_phrases(glossary: Glossary, variant: Variant) -> dict[str, str]:
    """Every Chinese form of every entry's name -> the same name as this variant's readers write it.
    Forms pair up: the full names (name zh-Hans / zh-Hant: 唐纳德·特朗普 / 唐納·川普) and the
    regional short forms (zh-CN / zh-TW: 特朗普 / 川普), so a full name never turns into a short one.
    Other regions' forms (zh-HK, zh-SG) convert to the variant's regional form."""
    phrases: dict[str, str] = {}
    for entry in sorted(glossary.entries.values(), key=lambda e: e.id):
        pairs = [(entry.name_hans, entry.name_hant)]
        mainland, taiwan = entry.regional.get("zh-CN"), entry.regional.get("zh-TW")
        if mainland or taiwan:
            pairs.append((mainland or to_simplified(taiwan), taiwan or to_traditional(mainland)))
        for hans, hant in pairs:
            target = hant if variant is TRADITIONAL else hans
            if not is_han_form(target):
                continue
            for form in (hans, hant, to_traditional(hans), to_simplified(hant)):
                if is_han_form(form):
                    phrases.setdefault(form, target)
        if len(pairs) > 1:
            target = pairs[1][1] if variant is TRADITIONAL else pairs[1][0]
            for region, form in sorted(entry.regional.items()):
                if region not in ("zh-CN", "zh-TW") and is_han_form(form) and is_han_form(target):
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
        # Either form, whichever script the text is in, becomes the variant's form of the word.
        for form in (pair["hans"], pair["hant"]):
            rules[TRADITIONAL.code][form] = pair["hant"]
            rules[SIMPLIFIED.code][form] = pair["hans"]
    for key, code in (("to_traditional", TRADITIONAL.code), ("to_simplified", SIMPLIFIED.code)):
        table = data.get(key) or {}
        if not isinstance(table, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in table.items()):
            raise InputError(path, f"'{key}' maps a word to its replacement", line=data.line_of(key), field=key)
        rules[code].update(table)
    return rules


# --- pages ---------------------------------------------------------------------------------------------

def variant_path(path: str, variant: Variant) -> str:
    """docs/articles/x.md -> docs/articles/x.zh-Hant.md for a non-default variant (any extension:
    mkdocs-static-i18n serves docs/timeline.zh-Hant.json as zh-Hant/timeline.json)."""
    if not variant.suffix:
        return path
    stem, dot, extension = path.rpartition(".")
    return f"{stem}{variant.suffix}.{extension}" if dot and "/" not in extension else path + variant.suffix


# From this size on, a page's lines are converted one by one and recalled: the pages that change
# with every capture (home, sources, build report) are this big, and change by a line or two.
RECALL_LINES_FROM = 200_000


def convert_text(text: str, converter: Converter, recall: Recall | None = None) -> str:
    """converter.convert(text); a big text's lines as `recall` holds them from the last build."""
    if recall is None or len(text) < RECALL_LINES_FROM:
        return converter.convert(text)
    return _convert_lines(text, converter, recall)


def _convert_lines(text: str, converter: Converter, recall: Recall) -> str:
    # The same as converting the whole: a convertible run never spans a line break.
    return "\n".join(recall.get("line", line, lambda: converter.convert(line)) for line in text.split("\n"))


def convert_page(page: str, converter: Converter, recall: Recall | None = None) -> str:
    """The page in the converter's variant: text converted, Chinese lang tags set to the variant,
    protected parts untouched, and the original of every paragraph the conversion changed kept
    as JSON for the "original script" switch. `recall`: a big page's lines as last converted."""
    code = converter.variant.code
    convert = converter.convert
    if recall is not None and len(page) >= RECALL_LINES_FROM:
        def convert(text: str) -> str:
            return _convert_lines(text, converter, recall)
    out, position = [], 0
    protected = _protected_in(code)
    for match in protected.finditer(page):
        out.append(_CHINESE_LANG.sub(f'lang="{code}"', convert(page[position:match.start()])))
        out.append(match.group(0))
        position = match.end()
    out.append(_CHINESE_LANG.sub(f'lang="{code}"', convert(page[position:])))
    converted = "".join(out)
    originals = _changed_paragraphs(page, converted)
    if originals:
        converted += f'\n<script type="application/json" id="{ORIGINAL_DATA_ID}">{script_json(originals)}</script>\n'
    return converted


@lru_cache(maxsize=None)
def _protected_in(code: str) -> re.Pattern:
    """What a page's conversion into `code` leaves alone: the protected parts, and the paragraphs
    already in that script (the capture's own words)."""
    own = _OWN_SCRIPT[code]
    return re.compile(f'{_PROTECTED.pattern}|<p\\b[^>]*\\bdata-script="{own}"[^>]*>.*?</p>'
                      f'|<span\\b[^>]*\\bdata-script="{own}"[^>]*>[^<]*</span>'
                      f'|(?m:^[^\\n]+\\n\\{{: [^\\n}}]*\\bdata-script="{own}"[^\\n}}]*\\}}$)', re.S)


def _changed_paragraphs(original: str, converted: str) -> dict[str, dict[str, str]]:
    """Paragraph id -> its original inner HTML and script, for paragraphs whose text changed."""
    changed = {}
    for pattern, inner_html in ((_PARAGRAPH, str), (_MD_PARAGRAPH, markdown_inline_html)):
        before = {m.group("id"): m for m in pattern.finditer(original)}
        for match in pattern.finditer(converted):
            old = before.get(match.group("id"))
            if old is None or _text(old.group("body")) == _text(match.group("body")):
                continue
            script = re.search(r'data-script="(\w+)"', old.group(0))
            changed[match.group("id")] = {"html": inner_html(old.group("body")),
                                          "script": script.group(1) if script else "mixed"}
    return changed


def markdown_inline_html(line: str) -> str:
    """A Markdown prose line as the HTML MkDocs makes of it (links to pages as .html files)."""
    rendered = _inline_markdown().reset().convert(line)
    rendered = re.sub(r'(<a href="[^"#]*?)\.md(#[^"]*)?"', lambda m: f'{m.group(1)}.html{m.group(2) or ""}"', rendered)
    return rendered.removeprefix("<p>").removesuffix("</p>")


@lru_cache(maxsize=1)
def _inline_markdown() -> markdown.Markdown:
    return markdown.Markdown()


def _text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


# --- conversion report ---------------------------------------------------------------------------

@dataclass
class Swap:
    """A word the conversion changed beyond its characters (软体 -> 软件), for editors to review."""

    variant: str
    before: str             # the text converted character by character
    after: str              # what the page shows
    count: int = 0
    pages: list[str] = field(default_factory=list)
    example: str = ""       # a little context, with the swap in ⟦ ⟧


def vocabulary_swaps(pages: dict[str, str], converters: dict[str, Converter]) -> list[Swap]:
    """Every place where a page's conversion differs from a character-by-character one: the
    vocabulary swaps of OpenCC's phrase tables, the glossary's names and the editors' rules."""
    return merge_swaps({path: page_swaps(page, converters) for path, page in pages.items()})


def page_swaps(page: str, converters: dict[str, Converter]) -> list[tuple[str, str, str, str]]:
    """(variant, before, after, example) for each swap on one page, in the order found."""
    found = []
    text = _visible_text(page)
    for code, converter in sorted(converters.items()):
        character_level = _character_converter(CHARACTER_LEVEL[code])
        # Conversion keeps line breaks, so lines correspond and only differing ones are compared.
        for line in dict.fromkeys(text.split("\n")):
            plain, converted = character_level.convert(line), converter.convert(line)
            if plain == converted:
                continue
            matcher = difflib.SequenceMatcher(None, plain, converted, autojunk=False)
            for tag, a0, a1, b0, b1 in matcher.get_opcodes():
                if tag != "equal":
                    example = f"{converted[max(0, b0 - 8):b0]}⟦{converted[b0:b1]}⟧{converted[b1:b1 + 8]}"
                    found.append((code, plain[a0:a1], converted[b0:b1], example))
    return found


def merge_swaps(per_page: dict[str, list[tuple[str, str, str, str]]]) -> list[Swap]:
    """One Swap per (variant, before, after): counted over all pages, with the first example."""
    swaps: dict[tuple[str, str, str], Swap] = {}
    for path in sorted(per_page):
        for code, before, after, example in per_page[path]:
            swap = swaps.get((code, before, after))
            if swap is None:
                swap = swaps[(code, before, after)] = Swap(code, before, after, example=example)
            swap.count += 1
            if not swap.pages or swap.pages[-1] != path:     # pages come one at a time
                swap.pages.append(path)
    return sorted(swaps.values(), key=lambda s: (s.variant, -s.count, s.before, s.after))


@lru_cache(maxsize=None)
def _character_converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def _visible_text(page: str) -> str:
    """The Chinese-bearing text of a page, lines kept apart: no tags, no scripts."""
    page = re.sub(r"<script\b.*?</script>", "\n", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "\n", page))


def render_conversion_report(swaps: list[Swap]) -> str:
    """reports/conversion-report.md: every vocabulary swap, so that a wrong one is seen and fixed."""
    out = ["# Conversion report\n\n",
           "<!-- GENERATED by `python -m build_scripts build`. Do not edit this file: edit rules/conversion.yaml "
           "or the glossary and rebuild. -->\n\n",
           "Words that the conversion into each variant changed beyond OpenCC's character conversion "
           "(tw2s, s2tw): the glossary's regional names and the reviewed words of `rules/conversion.yaml`. "
           "Paragraphs already in a variant's script, and quotations, keep their words. Review them; "
           "fix a wrong one with a rule in `rules/conversion.yaml`.\n"]
    for code in sorted({s.variant for s in swaps}):
        rows = [s for s in swaps if s.variant == code]
        out.append(f"\n## Into {code} ({len(rows)} different swaps)\n\n"
                   "| character by character | page shows | times | pages | example |\n|---|---|---|---|---|\n")
        for swap in rows:
            cells = [swap.before or "∅", swap.after or "∅", str(swap.count), str(len(swap.pages)), swap.example]
            out.append("| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in cells) + " |\n")
    return "".join(out)
