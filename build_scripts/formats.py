"""Stage 1b: what kind of document a capture is, and the plain text the cleaner reads.

A capture may be plain text, a saved web page (.html, .htm, or HTML under any name) or a Markdown
export with YAML front matter. Web pages go through trafilatura, which finds the main text and
leaves menus, share bars and footers out; the page's own metadata (JSON-LD, <meta>, OpenGraph,
<time>) is read with the XPath lists of rules/metadata.yaml, so each value can name its field.
The result is text with the headline on its first line, and Hints for the metadata stage.
"""
from __future__ import annotations

import functools
import html as html_lib
import json
import re
from dataclasses import dataclass, field

from .model import Hint
from .sourcemeta import MetadataRules, names_of, parse_date, text_hints

_HTML_NAMES = (".html", ".htm", ".xhtml", ".shtml")
_MARKDOWN_NAMES = (".md", ".markdown")
_HTML_START = re.compile(r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>]|head[\s>]|meta\s|body[\s>])",
                         re.IGNORECASE | re.DOTALL)
_HTML_TAGS = re.compile(r"</(?:p|div|h[1-6]|li|td|span|a)>|<br\s*/?>", re.IGNORECASE)
_FRONT_MATTER = re.compile(r"\A\s*---[ \t]*\n(.*?)\n---[ \t]*\n", re.DOTALL)
_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK = re.compile(r"(?<!!)\[([^\]]+)\]\((?:https?:|/|#)[^)]*\)")
_MD_LINK_PARTS = re.compile(r"(?<!!)\[([^\]]+)\]\(((?:https?:|/)[^)\s]*)[^)]*\)")
_FIGCAPTION = re.compile(r"<figcaption[^>]*>(.*?)</figcaption>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_ONE_CELL_ROW = re.compile(r"^\|\s*([^|]+?)\s*\|$")
_HEADLINE_REPEAT_LINES = 8       # how far down the extracted text a repeated headline is looked for
_JSONLD_TYPES = {"NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "BlogPosting",
                 "WebPage", "OpinionNewsArticle"}


@dataclass
class Extracted:
    text: str
    format: str                                     # text, html or markdown
    hints: list[Hint] = field(default_factory=list)   # document-wide metadata (line 0)
    captions: tuple[str, ...] = ()                  # texts the document marks as captions
    bylines: tuple[str, ...] = ()                   # texts it links to a reporter's page


def sniff_format(name: str, text: str) -> str:
    lower = name.lower()
    if lower.endswith(_HTML_NAMES) or _HTML_START.match(text[:2000]) or \
            len(_HTML_TAGS.findall(text[:20000])) >= 8 and text.lstrip().startswith("<"):
        return "html"
    if lower.endswith(_MARKDOWN_NAMES) or _front_matter(text) is not None:
        return "markdown"
    return "text"


def extract(name: str, text: str, rules: MetadataRules, paywall_notices=()) -> Extracted:
    """`paywall_notices` (rules/cleaning.yaml): a web page's paywall notice under the story is kept
    in the text, for the cleaner to see that the story is cut off."""
    kind = sniff_format(name, text)
    if kind == "html":
        return extract_html(text, rules, paywall_notices)
    if kind == "markdown":
        return extract_markdown(text, rules)
    return Extracted(text, "text")


# --- Markdown -----------------------------------------------------------------------------

def _front_matter(text: str) -> tuple[dict, str] | None:
    found = _FRONT_MATTER.match(text)
    if not found:
        return None
    import yaml

    try:
        data = yaml.safe_load(found.group(1))
    except yaml.YAMLError:
        return None
    if not isinstance(data, dict):
        return None
    return data, text[found.end():]


_CLIPPER_EXCERPT = re.compile(r"^>\s*#{1,6}\s*Excerpt\s*\n(?:>.*\n?)*", re.MULTILINE)
_MD_HEADLINE = re.compile(r"^#\s+(.+)$", re.MULTILINE)
_WIKI_LINK = re.compile(r"^\[\[([^\]|]+)(?:\|[^\]]*)?\]\]$")


def extract_markdown(text: str, rules: MetadataRules) -> Extracted:
    hints: list[Hint] = []
    parsed = _front_matter(text)
    body = text
    if parsed:
        data, body = parsed
        hints = _front_matter_hints(data, rules)
    # A web clipper's own excerpt box ("> ## Excerpt" and the page's description) is not the story.
    body = _CLIPPER_EXCERPT.sub("", body)
    # The clipper's headline is often the page's <title>, site name and all ("… - 風傳媒").
    headline = _MD_HEADLINE.search(body)
    if headline and strip_site_suffix(headline.group(1), rules) != headline.group(1).strip():
        body = body[:headline.start(1)] + strip_site_suffix(headline.group(1), rules) + body[headline.end(1):]
    captions: list[str] = []
    bylines: list[str] = []
    lines = []
    for line in body.split("\n"):
        for caption in _FIGCAPTION.findall(line):
            captions.append(_plain(caption))
        line = _FIGCAPTION.sub(lambda m: "\n" + _plain(m.group(1)) + "\n", line)
        images = _MD_IMAGE.findall(line)
        captions.extend(alt.strip() for alt in images if alt.strip())
        line = _MD_IMAGE.sub(lambda m: "\n" + m.group(1).strip() + "\n", line)
        bylines.extend(text.strip() for text, url in _MD_LINK_PARTS.findall(line) if rules.author_link.search(url))
        if _is_link_bar(line):
            continue
        line = _MD_LINK.sub(r"\1", line)
        line = _TAG.sub("", line)
        line = re.sub(r"^\s{0,3}(?:>\s?)+", "", line)      # quote marks: a boxed note is text like any other
        line = re.sub(r"^\s{0,3}#{1,6}\s+", "", line)      # heading marks: the segmenter finds headings
        line = re.sub(r"(\*\*|__)(.+?)\1", r"\2", line)
        line = re.sub(r"(?<![\w*])([*_])(?=\S)(.+?)(?<=\S)\1(?![\w*])", r"\2", line)   # emphasis, as in captions
        lines.append(html_lib.unescape(line))
    title = next((h.value for h in hints if h.field == "title"), None)
    out = "\n".join(lines)
    if title and not out.lstrip().startswith(str(title)):
        out = f"{title}\n\n{out}"
    return Extracted(out, "markdown", hints, tuple(c for c in captions if c), tuple(dict.fromkeys(bylines)))


def _front_matter_hints(data: dict, rules: MetadataRules) -> list[Hint]:
    hints = []
    site = None
    for field_name, keys in rules.front_matter.items():
        for key in keys:
            value = data.get(key)
            if value in (None, "", []):
                continue
            if field_name == "published":
                value = parse_date(str(value))
            elif field_name == "title":
                # "偷拍女同事裙底 …｜星島頭條": the part after the separator is the site's name.
                value = strip_site_suffix(str(value), rules)
                site = str(data.get(key)).strip()[len(value):].strip(" -|｜_–—·")
            elif field_name == "authors":
                items = value if isinstance(value, list) else [value]
                # Obsidian writes an author as a wiki link ("[[Oliver Tse]]"); the site as its author
                # ("[[星島頭條]]", "中央社") is no byline.
                names = [n for item in items for n in names_of(_WIKI_LINK.sub(r"\1", str(item).strip()), rules)]
                value = [n for n in names if n and n != site and not rules.not_authors.match(n)]
            else:
                value = str(value).strip()
            if value:
                hints.append(Hint(field_name, value, f"front matter '{key}'"))
                break
    return hints


def _is_link_bar(line: str) -> bool:
    """A line of three or more links and nothing else is the page's menu, breadcrumb or tag list
    ("[Markets](…) [Commodities](…) [Economics](…)", "[大公文匯網](…) > [香港](…) > [大公報](…)")."""
    links = _MD_LINK.findall(line)
    return len(links) >= 3 and not _LINK_BAR_REST.sub("", _MD_LINK.sub("", line))


_LINK_BAR_REST = re.compile(r"[\s>›»|｜/·•,，、]+")


# --- HTML ---------------------------------------------------------------------------------

def extract_html(text: str, rules: MetadataRules, paywall_notices=()) -> Extracted:
    import lxml.html

    try:
        tree = lxml.html.document_fromstring(text)
    except Exception:                                   # lxml's own errors for pages it cannot read
        return Extracted(_plain(text), "html")
    hints = _html_hints(tree, rules)
    page = _page_lines(tree, hints)
    authors = next((h for h in hints if h.field == "authors"), None)
    if authors is not None:
        # Some portals name the editor as the page's author: a name the page credits as its
        # editor ("[ 责编：王红 ]") is not the byline.
        credited = {name for h in text_hints(page, rules) if h.field == "credit" for name in h.value}
        if set(authors.value) <= credited:
            hints.remove(authors)
    missing = {"authors", "published"} - {h.field for h in hints}
    if missing:
        # A byline or date the page shows only as text ("作者：记者 刘芳", "Updated: 2025-02-06
        # 07:28" in an info bar the extractor drops).
        hints += [Hint(h.field, h.value, f"page text, {h.source}") for h in text_hints(page, rules)
                  if h.field in missing]
    captions = tuple(dict.fromkeys(c for c in (_plain(e.text_content()) for e in _xpath_all(tree, rules.html["captions"]))
                                   if c))
    body = MAIN_TEXT_EXTRACTORS[rules.extractor](text, rules.min_story_chars)
    # A one-cell table row ("| 图为…摄 |") is how old portals lay out a picture's caption.
    lines = [_ONE_CELL_ROW.sub(r"\1", line.strip()) for line in body.split("\n")]
    credit_rules = [rule.pattern for rule in rules.text_rules if rule.field == "credit"]
    lines += _lines_after_story(page, lines, credit_rules, rules.tail_lines)[:2]
    lines += _lines_after_story(page, lines, [rule.pattern for rule in paywall_notices], rules.tail_lines)[:1]
    title = next((h.value for h in hints if h.field == "title"), None)
    if title:
        # trafilatura often opens with the headline, sometimes with the page title, sometimes with the
        # section name and then the headline: the text starts after the headline, and the title is
        # put on top once.
        near_top = [i for i, line in enumerate(lines[:_HEADLINE_REPEAT_LINES]) if line == title]
        if near_top:
            lines = lines[near_top[0] + 1:]
        while lines and (not lines[0] or lines[0] == title or title.startswith(lines[0])):
            lines.pop(0)
        lines = [title, ""] + lines
    # The extractor drops figures; their captions come back under the headline (where the lead
    # picture stands), marked as captions, unless the extracted text kept them in place.
    # The extractor may keep a caption without its photo credit ("北京一座教堂外的十字架。" for
    # "… (美联社资料照片)"): that line is the caption.
    # trafilatura writes a figure's caption inside a list as a list item ("- 2025年3月5日，…").
    lines = [line[2:] if line.startswith("- ") and line[2:] in captions else line for line in lines]
    found = {caption: next((line for line in lines if line == caption or
                            (len(line) >= 4 and (caption.startswith(line) or line.startswith(caption)))), None)
             for caption in captions}
    for caption in (c for c, line in found.items() if line is None):
        at = _where_on_page(caption, page, lines, 2 if title else 0)
        lines[at:at] = [caption, ""]
    captions = tuple(dict.fromkeys(line or caption for caption, line in found.items()))
    # A picture whose alt text the page also prints as a line of its own ("台積電亞利桑那廠。（路透）"
    # under the photo, with no <figcaption>): that line is the picture's caption. Only as a whole
    # line: an alt text is cut out of no sentence, and one the text does not show is not added.
    shown = set(lines)
    captions += tuple(alt for alt in dict.fromkeys(_plain(a) for a in tree.xpath("//img/@alt"))
                      if alt and alt in shown and alt not in captions and alt != title)
    # The extractor drops a standfirst set apart from the story (<div class="subhead">): it comes
    # back under the headline, and is read as the dek (the page's own summary).
    standfirst = next((t for t in (_plain(e.text_content()) for e in _xpath_all(tree, rules.html["standfirst"])) if t), None)
    if standfirst and not any(_squash(standfirst) == _squash(line) for line in lines):
        at = 2 if title else 0
        lines[at:at] = [standfirst, ""]
    if standfirst:
        hints.append(Hint("description", standfirst, "the page's standfirst"))
    bylines = tuple(dict.fromkeys(
        text for a in tree.xpath("//a[@href or @rel]")
        if (a.get("rel") == "author" or rules.author_link.search(a.get("href") or "")) and (text := _plain(a.text_content()))))
    return Extracted("\n".join(lines), "html", hints, captions, bylines)


def _lines_after_story(page: list[tuple[int, str]], story: list[str], patterns, limit: int) -> list[str]:
    """Lines of the page right under the story that the extractor left out with the page's
    furniture but that belong to it: the editor's credit ("责任编辑：王楠"), a paywall notice.
    A line may hold a button before it ("【我要纠错】 责任编辑：王楠"): it is the line's end from a
    word on."""
    last = next((line for line in reversed(story) if line.strip()), None)
    ends = [i for i, (_, text) in enumerate(page) if last and (text == last or last.endswith(text))]
    if not ends:
        return []
    kept = set(story)
    found = []
    for _, text in page[ends[-1] + 1:ends[-1] + 1 + limit]:
        words = text.split(" ")
        tails = [" ".join(words[i:]) for i in range(len(words))]
        match = next((t for t in tails if any(p.search(t) for p in patterns)), None)
        if match and match not in kept:
            found.append(match)
    return found


def _where_on_page(caption: str, page: list[tuple[int, str]], lines: list[str], default: int) -> int:
    """Where a caption the extractor dropped goes in its text: after the last line of the text that
    stands above the picture on the page (a photo after the first paragraph stays there)."""
    texts = [t for _, t in page]
    if caption not in texts:
        return default
    kept = {_squash(line): i for i, line in enumerate(lines) if line}
    for above in reversed(texts[:texts.index(caption)]):
        at = kept.get(_squash(above))
        if at is not None and at >= default:
            return at + 1
    return default


def _squash(text: str) -> str:
    return "".join(text.split())


def _page_lines(tree, hints: list[Hint]) -> list[tuple[int, str]]:
    """The page's short text blocks from its headline on (numbered from 1), for the text rules."""
    leaves = tree.xpath("//body//*[self::p or self::div or self::span or self::section or self::h1 or self::li or self::figcaption]"
                        "[not(.//p or .//div or .//section or .//li)]")
    lines = [text for text in (_plain(e.text_content()) for e in leaves) if text and len(text) <= 200]
    title = next((str(h.value) for h in hints if h.field == "title"), None)
    if title in lines:
        lines = lines[lines.index(title):]
    return list(enumerate(lines, start=1))


@functools.lru_cache(maxsize=4)
def _trafilatura_config(min_chars: int):
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", str(min_chars))
    return config


def _trafilatura(page: str, min_chars: int, precision: bool = False) -> str:
    import trafilatura

    config = _trafilatura_config(min_chars)
    return trafilatura.extract(page, output_format="txt", include_comments=False, include_tables=True,
                               include_images=False, include_links=False, deduplicate=False, with_metadata=False,
                               favor_recall=not precision, favor_precision=precision, config=config) or ""


def _readability(page: str, min_chars: int) -> str:
    """readability-lxml (a test-only dependency, for benchmarks/capture_accuracy.py --extractor)."""
    import lxml.html
    from readability import Document

    tree = lxml.html.fragment_fromstring(Document(page).summary(html_partial=True))
    blocks = tree.xpath(".//p|.//h1|.//h2|.//h3|.//li|.//blockquote|.//figcaption|.//pre") or [tree]
    return "\n".join(_plain(lxml.html.tostring(b, encoding="unicode")) for b in blocks)


# Main-text extractors by the name rules/metadata.yaml gives (html.extractor, one of EXTRACTORS);
# chosen by measuring on tests/fixtures/real_captures (see BENCHMARKS.md).
MAIN_TEXT_EXTRACTORS = {
    "trafilatura": _trafilatura,
    "trafilatura-precision": lambda page, min_chars: _trafilatura(page, min_chars, precision=True),
    "readability": _readability,
}


def _xpath_all(tree, expressions) -> list:
    found = []
    for expression in expressions:
        try:
            found.extend(tree.xpath(expression))
        except Exception:                               # an expression lxml rejects finds nothing
            continue
    return found


def _first_value(tree, expression: str, jsonld: list[dict]):
    if expression.startswith("jsonld:"):
        key = expression[len("jsonld:"):]
        for item in jsonld:
            if item.get(key) not in (None, "", []):
                return item[key]
        return None
    try:
        results = tree.xpath(expression)
    except Exception:
        return None
    for result in results:
        value = result if isinstance(result, str) else result.text_content()
        value = _plain(str(value))
        if value:
            return value
    return None


def _html_hints(tree, rules: MetadataRules) -> list[Hint]:
    jsonld = _jsonld_articles(tree)
    hints: list[Hint] = []
    titles = [(e, v) for e in rules.html["title"] if (v := _first_value(tree, e, jsonld))]
    headline = None
    for expression in rules.html["headline_elements"]:
        value = _first_value(tree, expression, [])
        if value and (not titles or any(value in str(v) for _, v in titles)):
            headline = (expression, value)
            break
    if headline:
        hints.append(Hint("title", headline[1], f"html {headline[0]}"))
    elif titles:
        expression, value = titles[0]
        hints.append(Hint("title", strip_site_suffix(str(value), rules), f"html {expression} (site name cut)"))
    for field_name in ("published", "authors", "publisher", "url", "description"):
        for expression in rules.html[field_name]:
            value = _first_value(tree, expression, jsonld)
            value = _html_value(field_name, value, rules)
            if value:
                hints.append(Hint(field_name, value, f"html {expression}"))
                break
    # A page whose only title is the site's own name ("<title>滨江新闻网</title>") has no headline:
    # the title is then inferred from the lead, never the site's name.
    publisher = next((str(h.value) for h in hints if h.field == "publisher"), None)
    return [h for h in hints if h.field != "title" or not _is_site_name(str(h.value), publisher, rules)]


def _is_site_name(title: str, publisher: str | None, rules: MetadataRules) -> bool:
    return title == publisher or (len(title) <= rules.suffix_max_chars and bool(rules.not_authors.match(title)))


def _html_value(field_name: str, value, rules: MetadataRules):
    if value in (None, "", []):
        return None
    if field_name == "published":
        return parse_date(str(value))
    if field_name in ("authors", "publisher"):
        items = value if isinstance(value, list) else [value]
        names = []
        for item in items:
            if isinstance(item, dict):
                if field_name == "authors" and item.get("@type") == "Organization":
                    continue        # the site named as author ("DW") is the publisher, not a byline
                item = item.get("name", "")
            names.extend(names_of(str(item), rules) if field_name == "authors" else [str(item).strip()])
        if field_name == "authors":
            names = [n for n in names if n and not rules.not_authors.match(n)]
            return names or None
        return names[0] if names and names[0] else None
    value = str(value).strip()
    return value if field_name != "url" or value.startswith(("http://", "https://")) else None


def _jsonld_articles(tree) -> list[dict]:
    found = []
    for script in tree.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text_content())
        except (ValueError, TypeError):
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                kinds = item.get("@type")
                kinds = set(kinds) if isinstance(kinds, list) else {kinds}
                if kinds & _JSONLD_TYPES:
                    found.append(item)
                stack.extend(item.get("@graph", []) if isinstance(item.get("@graph"), list) else [])
    return found


def strip_site_suffix(title: str, rules: MetadataRules) -> str:
    """"标题_国务委员_中国政府网" -> "标题": short parts after a separator are the site's."""
    stripped = title.strip()
    parts = rules.title_separators.split(stripped)
    while len(parts) > 1 and len(parts[-1]) <= rules.suffix_max_chars:
        parts.pop()
    end = 0
    for part in parts:      # up to the end of the last part kept, separators inside it included
        end = stripped.index(part, end) + len(part)
    return stripped[:end]


def _plain(fragment: str) -> str:
    return re.sub(r"\s+", " ", html_lib.unescape(_TAG.sub("", fragment))).strip()
