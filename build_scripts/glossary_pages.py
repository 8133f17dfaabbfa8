"""Stage 6 (glossary): the glossary index, a page per entry, and the search dictionary.

Entry pages gather every mention from the annotated articles ("mentioned in", with a
snippet linked to the paragraph anchor). All text is escaped: entries are editorial data.
"""
from __future__ import annotations

import re
from typing import Callable, NamedTuple

from .glossary import ENTRY_TYPES, TYPE_LABELS, Entry, Glossary, pinyin_sort_key
from .language import IDEOGRAPH
from .model import Article, Block, Mention
from .writer import SiteInfo, display_title, esc, front_matter, generated_notice, lang_attr

_HAN_RUN = re.compile(f"[{IDEOGRAPH}]+")
GLOSSARY_DIR = "glossary"
SEARCH_DICTIONARY_PATH = "reports/search-dictionary.txt"
REGION_LABELS = {"zh-CN": "Mainland 大陆", "zh-TW": "Taiwan 台湾", "zh-HK": "Hong Kong 香港",
                 "zh-SG": "Singapore 新加坡", "zh-MO": "Macau 澳门"}


class Occurrence(NamedTuple):
    """Where an entry is mentioned: one block of one article (its first mention there)."""

    article: Article
    block: Block
    start: int
    end: int
    count: int          # mentions of the entry in this block


class MentionView(NamedTuple):
    """What an entry page shows of one occurrence. The page is rendered from these alone, so
    they are also what its key in the build cache is made of. (Tuples: there are tens of
    thousands, made on every build.)"""

    slug: str
    title: str          # the article's display title
    lang: str           # the block's lang attribute
    block_id: str
    before: str         # the snippet: text before the name, the name, text after it
    name: str
    after: str
    count: int


class CreditView(NamedTuple):
    """What an entry page shows of an article the entry published or wrote."""

    slug: str
    title: str


def mention_views(found: list[Occurrence], snippet_chars: int) -> list[MentionView]:
    titles: dict[int, str] = {}
    views = []
    for occ in found:
        article, block, text = occ.article, occ.block, occ.block.text
        title = titles.get(id(article))
        if title is None:
            title = titles[id(article)] = display_title(article)
        start, end = max(0, occ.start - snippet_chars), min(len(text), occ.end + snippet_chars)
        views.append(MentionView(article.slug, title, lang_attr(block), block.id,
                                 ("…" if start > 0 else "") + text[start:occ.start], text[occ.start:occ.end],
                                 text[occ.end:end] + ("…" if end < len(text) else ""), occ.count))
    return views


def credit_views(credited: list[Article]) -> list[CreditView]:
    return [CreditView(a.slug, display_title(a)) for a in credited]


def entry_path(entry_id: str) -> str:
    return f"{GLOSSARY_DIR}/{entry_id}.md"


def occurrences(articles: list[Article]) -> dict[str, list[Occurrence]]:
    """Entry id -> its occurrences, in article order (newest article first) then text order."""
    from .writer import newest_first

    found: dict[str, list[Occurrence]] = {}
    for article in newest_first(articles):
        for block in article.blocks:
            per_entry: dict[str, list] = {}
            for mention in block.mentions:
                per_entry.setdefault(mention.entry, []).append(mention)
            for entry_id, mentions in per_entry.items():
                first = mentions[0]
                found.setdefault(entry_id, []).append(Occurrence(article, block, first.start, first.end, len(mentions)))
    return found


def credit_texts(article: Article) -> list[str]:
    """The sidecar's metadata that may name entries: publisher, source tag, authors."""
    return [t for t in (article.publisher_en, article.publisher_zh, article.source_tag, *article.authors) if t]


def credits(articles: list[Article], find: Callable[[str], list[Mention]]) -> dict[str, list[Article]]:
    """Entry id -> articles it published or wrote (matched in the publisher, source tag and
    authors from the sidecar, which are metadata rather than text and so not mentions).
    `find` gives a text's mentions (Matcher.find, or a cache of its results)."""
    from .writer import newest_first

    found: dict[str, list[Article]] = {}
    for article in newest_first(articles):
        for entry_id in dict.fromkeys(m.entry for text in credit_texts(article) for m in find(text)):
            found.setdefault(entry_id, []).append(article)
    return found


# --- index ------------------------------------------------------------------------------------

def render_glossary_index(glossary: Glossary, found: dict[str, list[Occurrence]],
                          credited: dict[str, list[Article]]) -> str:
    out = [front_matter(generated_notice("editorial/glossary/*.yaml"),
                        {"edit_source": "editorial/glossary/README.md",
                         "title": "Glossary · 词汇表",
                         "description": "People, organisations, places, events, policies, products and "
                                        "concepts in the digest, in English, Simplified and Traditional Chinese."}),
           "# Glossary · 词汇表\n\n",
           f'<p lang="en">{len(glossary)} entries. Every name links to a page with its forms in English and both '
           "Chinese scripts, pinyin, a description written by the digest’s editors, and every paragraph that "
           "mentions it.</p>\n\n",
           '<div class="gl-sort" role="group" aria-label="Sort the tables">Sort by · 排序: '
           '<button type="button" class="md-button gl-sort-button" data-sort="en" aria-pressed="true">English A–Z</button> '
           '<button type="button" class="md-button gl-sort-button" data-sort="py" aria-pressed="false">Pinyin 拼音</button>'
           '</div>\n\n']
    by_type: dict[str, list[Entry]] = {}
    for entry in glossary.entries.values():
        by_type.setdefault(entry.type, []).append(entry)
    for entry_type in ENTRY_TYPES:
        entries = sorted(by_type.get(entry_type, []), key=lambda e: (e.name_en.casefold(), e.id))
        if not entries:
            continue
        english, chinese = TYPE_LABELS[entry_type]
        out.append(f'## {english} · <span lang="zh-Hans">{chinese}</span> {{#{entry_type}}}\n\n')
        out.append('<div class="gl-table-wrap">\n<table class="gl-table">\n<thead><tr><th>English</th><th lang="zh-Hans">简体</th>'
                   '<th lang="zh-Hant">繁體</th><th>Pinyin</th><th>Articles</th></tr></thead>\n<tbody>\n')
        for entry in entries:
            articles = len({o.article.slug for o in found.get(entry.id, [])}
                           | {a.slug for a in credited.get(entry.id, [])})
            out.append(f'<tr data-en="{esc(entry.name_en.casefold())}" data-py="{esc(pinyin_sort_key(entry))}">'
                       f'<td><a href="{esc(entry.id)}.html" lang="en">{esc(entry.name_en)}</a></td>'
                       f'<td lang="zh-Hans" data-script-fixed>{esc(entry.name_hans)}</td>'
                       f'<td lang="zh-Hant" data-script-fixed>{esc(entry.name_hant)}</td>'
                       f'<td class="gl-pinyin" lang="zh-Latn-pinyin">{esc(entry.pinyin)}</td><td>{articles}</td></tr>\n')
        out.append("</tbody>\n</table>\n</div>\n\n")
    return "".join(out)


# --- entry pages --------------------------------------------------------------------------------

def render_entry(entry: Entry, glossary: Glossary, mentions: list[MentionView], site: SiteInfo,
                 credited: list[CreditView] = (), timeline: str = "") -> str:
    """An entry's page; `mentions` and `credited` come from mention_views() and credit_views()."""
    english, chinese = TYPE_LABELS[entry.type]
    out = [front_matter(generated_notice(entry.path), {
        "edit_source": entry.path,
        "title": f"{entry.name_hans} · {entry.name_en}",
        "description": entry.description_en,
        "entry": entry.id,
        "source": entry.path,
    })]
    out.append(f'<header class="gl-entry-header" data-entry="{esc(entry.id)}">\n'
               f'<p class="digest-label"><a href="index.html#{entry.type}">{esc(english)} · '
               f'<span lang="zh-Hans">{esc(chinese)}</span></a></p>\n'
               f'<h1 class="digest-title"><span lang="zh-Hans">{esc(entry.name_hans)}</span>'
               f'<span class="digest-title-en" lang="en">{esc(entry.name_en)}</span></h1>\n</header>\n\n')
    out.append(_names(entry))
    out.append('<div class="gl-description">\n'
               f'<p lang="en">{esc(entry.description_en)}</p>\n'
               f'<p lang="zh-Hans" data-script-fixed>{esc(entry.description_hans)}</p>\n'
               f'<p lang="zh-Hant" data-script-fixed>{esc(entry.description_hant)}</p>\n</div>\n\n')
    related = [glossary.get(i) for i in entry.related if glossary.get(i)]
    if related:
        items = "".join(f'<li>{_entry_link(r, "")}</li>\n' for r in related)
        out.append(f'## Related entries · <span lang="zh-Hans">相关词条</span> {{#related data-search-exclude}}\n\n'
                   f'<ul class="gl-related">\n{items}</ul>\n\n')
    if credited:
        items = "".join(f'<li><a href="../articles/{esc(c.slug)}.html">{esc(c.title)}</a></li>\n'
                        for c in credited)
        out.append(f'## Source or author of · <span lang="zh-Hans">来源或作者</span> {{#source-of}}\n\n'
                   f'<ul class="gl-credits">\n{items}</ul>\n\n')
    out.append(timeline)
    out.append(_mentioned_in(mentions, bool(credited)))
    out.append(_references(entry, site))
    return "".join(out)


def _names(entry: Entry) -> str:
    rows = [("English", "en", entry.name_en), ("简体", "zh-Hans", entry.name_hans),
            ("繁體", "zh-Hant", entry.name_hant), ("Pinyin 拼音", "", entry.pinyin)]
    out = ['<dl class="gl-names">\n']
    for label, lang, value in rows:
        if value:
            attr = f' lang="{lang}"' + (" data-script-fixed" if lang.startswith("zh") else "") if lang \
                else ' class="gl-pinyin" lang="zh-Latn-pinyin"'
            out.append(f"<dt>{esc(label)}</dt><dd{attr}>{esc(value)}</dd>\n")
    if entry.regional:
        regional = " · ".join(f'{esc(REGION_LABELS[r])} <span lang="{_region_lang(r)}" data-script-fixed>{esc(v)}</span>'
                              for r, v in sorted(entry.regional.items()))
        out.append(f"<dt>Regional forms 地区用法</dt><dd>{regional}</dd>\n")
    aliases = [(lang, a) for lang in ("en", "zh-Hans", "zh-Hant") for a in entry.aliases.get(lang, [])]
    if aliases:
        listed = ", ".join(f'<span lang="{lang}"{" data-script-fixed" if lang != "en" else ""}>{esc(a)}</span>'
                           for lang, a in aliases)
        out.append(f"<dt>Also written 又作</dt><dd>{listed}</dd>\n")
    out.append("</dl>\n\n")
    return "".join(out)


def _region_lang(region: str) -> str:
    return "zh-Hans" if region in ("zh-CN", "zh-SG") else "zh-Hant"


def _entry_link(entry: Entry, prefix: str) -> str:
    chinese = "" if entry.name_hans == entry.name_en else f' · <span lang="zh-Hans">{esc(entry.name_hans)}</span>'
    return f'<a href="{prefix}{esc(entry.id)}.html"><span lang="en">{esc(entry.name_en)}</span>{chinese}</a>'



def _mentioned_in(found: list[MentionView], credited: bool = False) -> str:
    heading = 'Mentioned in · <span lang="zh-Hans">出现于</span> {#mentioned-in data-search-exclude}'
    if not found:
        return "" if credited else f"## {heading}\n\nNo article mentions this entry yet.\n\n"
    by_article: dict[str, list[MentionView]] = {}
    for occurrence in found:
        by_article.setdefault(occurrence.slug, []).append(occurrence)
    ranked = sorted(by_article.values(), key=lambda occ: -sum(o.count for o in occ))  # stable: newest first on ties
    total = sum(o.count for o in found)
    out = [f"## {heading}\n\n",
           f'<p lang="en">{total} mention{"s" if total != 1 else ""} in {len(by_article)} article'
           f'{"s" if len(by_article) != 1 else ""}, the articles that mention it most first.</p>\n\n',
           '<div class="gl-mentions">\n']
    for occs in ranked:
        slug = esc(occs[0].slug)
        count = sum(o.count for o in occs)
        out.append(f'<section class="gl-mention-article">\n<h3 class="gl-mention-title">'
                   f'<a href="../articles/{slug}.html">{esc(occs[0].title)}</a> '
                   f'<span class="gl-count">{count}×</span></h3>\n<ul>\n')
        for occ in occs:
            out.append(f'<li lang="{occ.lang}"><a href="../articles/{slug}.html#{esc(occ.block_id)}">'
                       f'{esc(occ.before)}<mark>{esc(occ.name)}</mark>{esc(occ.after)}</a></li>\n')
        out.append("</ul>\n</section>\n")
    out.append("</div>\n\n")
    return "".join(out)


def _references(entry: Entry, site: SiteInfo) -> str:
    links = []
    if entry.wikidata:
        links.append(f'<a href="https://www.wikidata.org/wiki/{esc(entry.wikidata)}" rel="nofollow">'
                     f'Wikidata {esc(entry.wikidata)}</a>')
    for lang, title in sorted(entry.wikipedia.items()):
        url = f"https://{lang}.wikipedia.org/wiki/" + _wiki_path(title)
        links.append(f'<a href="{esc(url)}" rel="nofollow" hreflang="{lang}">Wikipedia ({lang}): '
                     f'<span lang="{"en" if lang == "en" else "zh"}">{esc(title)}</span></a>')
    edit = site.edit_link(entry.path)
    source = f'<a class="digest-edit" href="{esc(edit)}">edit this entry</a>' if edit else f"<code>{esc(entry.path)}</code>"
    refs = f'<p class="gl-refs">{" · ".join(links)}</p>\n' if links else ""
    return (f'## References · <span lang="zh-Hans">参考</span> {{#references}}\n\n{refs}'
            f'<p class="gl-source" lang="en">Our own description, as of the captures\' dates. Source: {source}</p>\n')


def _wiki_path(title: str) -> str:
    from urllib.parse import quote

    return quote(title.replace(" ", "_"), safe="_(),'-.")


# --- search ---------------------------------------------------------------------------------------

def render_search_dictionary(glossary: Glossary) -> str:
    """jieba user dictionary for Material's search: every Chinese name in both scripts, one token each."""
    header = ("# GENERATED by `python -m build_scripts build` from editorial/glossary/*.yaml.\n"
              "# jieba user dictionary for the site search (mkdocs.yml: plugins.search.jieba_dict_user).\n")
    # Material segments only runs of Han characters, so 拉賈·克里希納穆爾蒂 is looked up as two runs.
    words = {run for name in glossary.han_names() for run in _HAN_RUN.findall(name) if len(run) >= 2}
    return header + "".join(f"{w}\n" for w in sorted(words))
