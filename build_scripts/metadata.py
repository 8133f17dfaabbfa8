"""Stage 5: article metadata from the editorial sidecar, and what the build can infer
where the sidecar is silent (each guess is reported)."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError
from .dates import granularity_of
from .language import ends_sentence, is_english
from .model import Article, Block, EventEdit, Hint
from .recall import Recall
from .segmenter import ArticleDraft, Overrides
from .yamlio import LineDict, load_yaml

_ARTICLE_FIELDS = {"index", "slug", "title", "publisher", "authors", "published", "url", "summary", "events"}
_EVENT_FIELDS = {"id", "block", "value", "end_value", "statement", "entities", "date_of", "planned", "hide",
                 "same_as"}
_SEGMENTATION_FIELDS = {"article_starts", "paragraph_starts", "headings", "captions", "not_headings", "standfirsts", "bylines"}
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
_EN_DATE = re.compile(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s(\d{1,2}),\s(\d{4})")
_SUMMARY_CHARS = 240          # a summary is one line on the front page
_ZH_NAMES = re.compile(r"[\u4E00-\u9FFF]{2,4}(?:[\s\u3001\uFF0C,/\uFF0F]+[\u4E00-\u9FFF]{2,4}){0,3}")
_ZH_DATE = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号號]")


@dataclass
class Sidecar:
    path: Path | None
    articles: dict[int, LineDict]
    overrides: Overrides
    event_edits: dict[int, list[EventEdit]] = field(default_factory=dict)   # by article index


def load_sidecar(path: Path) -> Sidecar:
    if not path.exists():
        return Sidecar(None, {}, Overrides())
    data = load_yaml(path)
    if data is None:
        return Sidecar(path, {}, Overrides())
    if not isinstance(data, dict):
        raise InputError(path, "a sidecar must be a mapping with 'articles' (and optionally 'segmentation')", line=1)
    unknown = set(data) - {"articles", "segmentation"}
    if unknown:
        key = sorted(unknown)[0]
        raise InputError(path, f"unknown field '{key}'", line=data.line_of(key), field=key)
    articles: dict[int, LineDict] = {}
    event_edits: dict[int, list[EventEdit]] = {}
    entries = data.get("articles") or []
    if not isinstance(entries, list):
        raise InputError(path, "'articles' must be a list", line=data.line_of("articles"), field="articles")
    for position, entry in enumerate(entries, start=1):
        line = entries.line_of(position - 1)
        if not isinstance(entry, dict):
            raise InputError(path, "each article must be a mapping", line=line, field="articles")
        _check_article(path, entry)
        index = entry.get("index", position)
        if index in articles:
            raise InputError(path, f"two entries for article {index}", line=entry.line_of("index"), field="index")
        articles[index] = entry
        event_edits[index] = _load_event_edits(path, entry.get("events"), entry.line_of("events"))
    return Sidecar(path, articles, _load_overrides(path, data.get("segmentation")), event_edits)


def _check_article(path: Path, entry: LineDict) -> None:
    for key in entry:
        if key not in _ARTICLE_FIELDS:
            raise InputError(path, f"unknown field '{key}' (known: {', '.join(sorted(_ARTICLE_FIELDS))})",
                             line=entry.line_of(key), field=key)
    checks = {
        "index": lambda v: isinstance(v, int) and v >= 1,
        "slug": lambda v: isinstance(v, str) and bool(_SLUG.match(v)) and len(v) <= 80,
        "title": _is_bilingual_text,
        "summary": _is_bilingual_text,
        "publisher": lambda v: isinstance(v, str) or _is_bilingual_text(v),
        "authors": lambda v: isinstance(v, list) and all(isinstance(a, str) and a.strip() for a in v),
        "published": _is_iso_date,
        "url": lambda v: isinstance(v, str) and v.startswith(("https://", "http://")),
    }
    hints = {
        "index": "a whole number from 1", "slug": "lower-case letters, digits and hyphens",
        "title": "a mapping with 'en' and/or 'zh' text", "summary": "a mapping with 'en' and/or 'zh' text",
        "publisher": "text, or a mapping with 'en' and/or 'zh'", "authors": "a list of names",
        "published": "a date written YYYY-MM-DD", "url": "an http(s) address",
    }
    for key, check in checks.items():
        if key in entry and not check(entry[key]):
            raise InputError(path, f"'{key}' must be {hints[key]}", line=entry.line_of(key), field=key)


def _load_event_edits(path: Path, node, line: int) -> list[EventEdit]:
    """An article's `events:` list. Each item either names an event the build found (`id`, see
    `python -m build_scripts timeline --article SLUG`) and changes, hides or merges it, or adds
    one to a paragraph (`block`, with `value` and `statement`)."""
    if node is None:
        return []
    if not isinstance(node, list):
        raise InputError(path, "'events' must be a list of edits", line=line, field="events")
    edits = []
    for position, item in enumerate(node):
        where = node.line_of(position)
        if not isinstance(item, dict):
            raise InputError(path, "each event edit must be a mapping", line=where, field="events")

        def fail(key: str, reason: str):
            raise InputError(path, reason, line=item.line_of(key), field=f"events.{key}")

        for key in item:
            if key not in _EVENT_FIELDS:
                fail(key, f"unknown field '{key}' (known: {', '.join(sorted(_EVENT_FIELDS))})")
        for key in ("id", "block", "same_as"):
            if key in item and not (isinstance(item[key], str) and item[key].strip()):
                fail(key, f"'{key}' must be text")
        if ("id" in item) == ("block" in item):
            fail("id" if "id" in item else "events", "give either 'id' (change an event the build found) "
                 "or 'block' (add an event to that paragraph), not both")
        values = {}
        for key in ("value", "end_value"):
            if key in item:
                values[key] = str(item[key])
                if granularity_of(values[key]) is None:
                    fail(key, f"'{key}' must be a TIMEX3 date: 2025-12-03, 2026-04, 2025-SP, 2025-H1, 2025 or 203X")
        if "end_value" in values and values["end_value"] < values.get("value", ""):
            fail("end_value", "'end_value' comes before 'value'")
        if "statement" in item and not _is_bilingual_text(item["statement"]):
            fail("statement", "'statement' must be a mapping with 'en' and/or 'zh' text")
        if "entities" in item and not (isinstance(item["entities"], list) and
                                       all(isinstance(e, str) for e in item["entities"])):
            fail("entities", "'entities' must be a list of glossary ids")
        if item.get("date_of", "event") not in ("event", "report"):
            fail("date_of", "'date_of' must be 'event' or 'report'")
        for flag in ("hide", "planned"):
            if not isinstance(item.get(flag, False), bool):
                fail(flag, f"'{flag}' must be true or false")
        if "block" in item and not ("value" in item and "statement" in item):
            fail("block", "an added event needs 'value' and 'statement'")
        edits.append(EventEdit(
            line=where, id=item.get("id"), block=item.get("block"), value=values.get("value"),
            end_value=values.get("end_value"), statement=dict(item.get("statement") or {}),
            entities=list(item["entities"]) if "entities" in item else None, date_of=item.get("date_of"),
            planned=item.get("planned"), hide=item.get("hide", False), same_as=item.get("same_as")))
    return edits


def _is_bilingual_text(value) -> bool:
    return isinstance(value, dict) and bool(value) and set(value) <= {"en", "zh"} and \
        all(isinstance(v, str) and v.strip() for v in value.values())


def _is_iso_date(value) -> bool:
    try:
        dt.date.fromisoformat(str(value))
    except ValueError:
        return False
    return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(value)))


def _load_overrides(path: Path, node) -> Overrides:
    if node is None:
        return Overrides()
    if not isinstance(node, dict):
        raise InputError(path, "'segmentation' must be a mapping", field="segmentation")
    values = {}
    for key, quotes in node.items():
        if key not in _SEGMENTATION_FIELDS:
            raise InputError(path, f"unknown field '{key}' (known: {', '.join(sorted(_SEGMENTATION_FIELDS))})",
                             line=node.line_of(key), field=f"segmentation.{key}")
        if not isinstance(quotes, list) or not all(isinstance(q, str) and q.strip() for q in quotes):
            raise InputError(path, "must be a list of exact quotes from the capture", line=node.line_of(key),
                             field=f"segmentation.{key}")
        values[key] = tuple(quotes)
    return Overrides(**values)


# --- building an Article -----------------------------------------------------------------------

def make_article(capture_name: str, index: int, draft: ArticleDraft, sidecar: Sidecar,
                 recall: Recall | None = None, hints: list[Hint] | None = None,
                 wire_lead: re.Pattern | None = None) -> Article:
    """The sidecar's fields win; then what the capture states (hints: HTML fields, front matter,
    wire and portal patterns); then what the build guesses from the blocks. `provenance` says
    where each value came from, `inferred` lists what an editor may want to check. `wire_lead`
    (rules/segmentation.yaml) finds a lead's dateline, left out of summaries and inferred titles."""
    entry = sidecar.articles.get(index, LineDict())
    inferred: dict[str, str] = {}
    provenance: dict[str, str] = {}
    blocks = draft.blocks
    stated: dict[str, Hint] = {}
    for hint in hints or []:
        stated.setdefault(hint.field, hint)

    def where(hint: Hint) -> str:
        return hint.source + (f" (line {hint.line})" if hint.line else "")

    def pick(value, name: str, guess, how: str):
        if value not in (None, "", []):
            provenance[name.split("_")[0]] = f"sidecar '{name.split('_')[0]}'"
            return value
        if guess not in (None, "", []):
            inferred[name] = how
            provenance.setdefault(name.split("_")[0], how)
        return guess

    title = entry.get("title", {})
    headline = {b.lang: b for b in blocks if b.role == "headline"}
    stated_title = stated.get("title")
    for lang in ("en", "zh"):
        if stated_title and (lang == "en") == is_english(str(stated_title.value)):
            headline_text = str(stated_title.value)
            how = f"from {where(stated_title)}"
        else:
            headline_text = headline[lang].text if lang in headline else None
            how = "from the capture's headline (" + ", ".join(headline[lang].reasons) + ")" if lang in headline else ""
        if lang == "en":
            title_en = pick(title.get("en"), "title_en", headline_text, how)
        else:
            title_zh = pick(title.get("zh"), "title_zh", headline_text, how)
    if not title_en and not title_zh:
        lead = next((b for b in blocks if b.kind == "paragraph" and b.role in ("body", "summary")), blocks[0])
        guess = inferred_title(lead.text, wire_lead=wire_lead)
        how = "inferred from the lead (the capture has no headline)"
        if lead.lang == "en":
            title_en = pick(None, "title_en", guess, how)
        else:
            title_zh = pick(None, "title_zh", guess, how)

    published = entry.get("published")
    if published:
        published = str(published)
        provenance["published"] = "sidecar 'published'"
    elif "published" in stated:
        published = str(stated["published"].value)
        inferred["published"] = provenance["published"] = f"from {where(stated['published'])}"
    else:
        published = _infer_date(blocks, inferred)
        if published:
            provenance["published"] = inferred["published"]

    stated_authors = stated.get("authors")
    authors = pick(list(entry.get("authors", [])), "authors",
                   list(stated_authors.value) if stated_authors else _authors_from_byline(blocks),
                   f"from {where(stated_authors)}" if stated_authors else "from the byline")
    publisher = entry.get("publisher")
    if isinstance(publisher, str):
        publisher = {"en": publisher}
    publisher = dict(publisher or {})
    sidecar_publisher_zh = publisher.get("zh")
    if not publisher and "publisher" in stated:
        name = str(stated["publisher"].value)
        publisher = {"en" if is_english(name) else "zh": name}
        inferred["publisher"] = provenance["publisher"] = f"from {where(stated['publisher'])}"
    # The page's own publisher name is a guess like the source tag, not the editor's word.
    publisher_zh = pick(sidecar_publisher_zh, "publisher_zh", publisher.get("zh") or draft.source_tag,
                        inferred.get("publisher", "from the source tag"))
    summary = entry.get("summary", {})
    summaries = {}
    for lang in ("en", "zh"):
        standfirst = _standfirst(blocks, lang)
        guess, how = (standfirst, "the capture's standfirst") if standfirst else \
            (_first_sentence(blocks, lang, wire_lead), "first sentence of the text")
        summaries[lang] = pick(summary.get(lang), f"summary_{lang}", guess, how)
    summary_en, summary_zh = summaries["en"], summaries["zh"]
    url = entry.get("url")
    if not url and "url" in stated:
        url = str(stated["url"].value)
        provenance["url"] = f"from {where(stated['url'])}"
    credit = list(stated["credit"].value) if "credit" in stated else []
    if credit:
        provenance["credit"] = f"from {where(stated['credit'])}"
    lead = next((b for b in blocks if b.kind == "paragraph" and b.role == "body"), None)
    if lead is not None:
        provenance["lead"] = f"first body paragraph, line {lead.line}" + \
            (f" ({'; '.join(lead.reasons)})" if lead.reasons else "")
    slug = entry.get("slug") or _infer_slug(capture_name, index, title_en, title_zh, inferred,
                                               recall or Recall())
    return Article(
        capture=capture_name, index=index, slug=slug, title_en=title_en, title_zh=title_zh,
        published=published, publisher_en=publisher.get("en"), publisher_zh=publisher_zh,
        authors=authors or [], url=url, summary_en=summary_en, summary_zh=summary_zh,
        source_tag=draft.source_tag, blocks=blocks, inferred=inferred,
        event_edits=sidecar.event_edits.get(index, []), credit=credit, provenance=provenance,
    )


def without_opener(text: str, wire_lead: re.Pattern | None) -> str:
    """A lead without its dateline or service tag ("（中央社記者X台北11日電）財政部今天…" -> "財政部今天…")."""
    text = text.strip()
    found = wire_lead.match(text) if wire_lead else None
    return text[found.end():] if found and found.end() < len(text) else text


def inferred_title(lead: str, limit: int = 40, wire_lead: re.Pattern | None = None) -> str:
    """A headline for a capture that has none: the lead's first clause (after its dateline), cut at
    a word or clause end."""
    text = without_opener(lead, wire_lead)
    first = re.split(r"(?<=[。！？!?])|(?<=[.;])\s", text, maxsplit=1)[0].strip()
    clause = re.split(r"[，,；;：:]", first)
    guess = clause[0] if len(clause[0]) >= 8 else first
    if len(guess) <= limit:
        return guess.rstrip("。.！!？?")
    cut = guess[:limit]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut + "…"


def _infer_date(blocks: list[Block], inferred: dict[str, str]) -> str | None:
    for block in blocks:
        if block.role == "dateline":
            found = _find_date(block.text)
            if found:
                inferred["published"] = f"from the dateline \"{block.text.strip()}\""
                return found
    for block in blocks:
        found = _find_date(block.text)
        if found:
            inferred["published"] = "first full date in the text (a guess: set 'published' in the sidecar)"
            return found
    return None


def _find_date(text: str) -> str | None:
    candidates = []
    for match in _EN_DATE.finditer(text):
        candidates.append((match.start(), int(match.group(3)), _MONTHS[match.group(1)[:3].lower()],
                           int(match.group(2))))
    for match in _ZH_DATE.finditer(text):
        candidates.append((match.start(), int(match.group(1)), int(match.group(2)), int(match.group(3))))
    for _, year, month, day in sorted(candidates):
        try:
            return dt.date(year, month, day).isoformat()
        except ValueError:
            continue
    return None


def _authors_from_byline(blocks: list[Block]) -> list[str]:
    for block in blocks:
        if block.role == "byline" and block.lang == "en":
            names = re.sub(r"^\s*By\s+", "", block.text)
            return [n.strip() for n in re.split(r",\s*|\s+and\s+|\s*&\s*", names) if n.strip()]
        if block.role == "byline" and _ZH_NAMES.fullmatch(block.text.strip()):
            # A line of bare names ("蔡慧琳", "王心怡 李思敏"): the wire and portal patterns of
            # rules/metadata.yaml read every other Chinese byline.
            return [n for n in re.split(r"[\s\u3001\uFF0C,/\uFF0F]+", block.text.strip()) if n]
    return []


def _standfirst(blocks: list[Block], lang: str) -> str | None:
    """The publisher's own summary above the story (a dek written as sentences), if short enough."""
    for block in blocks:
        if block.role == "dek" and block.lang == lang and ends_sentence(block.text) and len(block.text) <= _SUMMARY_CHARS:
            return block.text.strip()
    return None


def _first_sentence(blocks: list[Block], lang: str, wire_lead: re.Pattern | None) -> str | None:
    """The lead's first sentence after its dateline, up to 240 characters (cut at a word's end)."""
    for block in blocks:
        if block.lang == lang and block.kind == "paragraph" and block.role in ("summary", "body") and \
                not block.garbled and block.sentences:
            text = without_opener(block.sentences[0].text, wire_lead)
            if len(text) <= _SUMMARY_CHARS:
                return text
            cut = text[:_SUMMARY_CHARS - 1]
            if lang == "en" and " " in cut:
                cut = cut.rsplit(" ", 1)[0].rstrip(",;:")
            return cut + "…"
    return None


def _infer_slug(capture_name: str, index: int, title_en, title_zh, inferred, recall: Recall) -> str:
    if title_en:
        base = slugify(title_en)
    else:
        base = recall.get("pinyin-slug", title_zh, lambda: pinyin_slug(title_zh)) if title_zh else ""
    stem = Path(capture_name).stem
    if not base:
        base = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") + f"-{index}"
    inferred["slug"] = "from the title"
    return base


def slugify(text: str) -> str:
    words = re.findall(r"[a-z0-9]+", text.lower())
    slug = ""
    for word in words:
        if len(slug) + len(word) + 1 > 60:
            break
        slug = f"{slug}-{word}" if slug else word
    return slug


def pinyin_slug(text: str) -> str:
    from pypinyin import Style, lazy_pinyin

    syllables = [s for s in lazy_pinyin(text, style=Style.NORMAL, errors="ignore") if s.strip()]
    return slugify(" ".join(syllables))
