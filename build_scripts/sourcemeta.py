"""Metadata a capture writes in its own text: portal timestamps, wire datelines, bylines,
editors' credits and CNA's Minguo date codes, read with the rules of rules/metadata.yaml.

Each value found is a Hint that names its rule and line, so that `inspect` can say where a
title, date or byline came from. The rules run on the text before cleaning: the cleaner drops
the timestamp and credit lines from the reading text, and their facts must survive that.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .errors import InputError
from .model import Hint
from .yamlio import LineDict, load_yaml

_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
_ZONES = ("head", "tail", "any")
EXTRACTORS = ("trafilatura", "trafilatura-precision", "readability")     # see formats.MAIN_TEXT_EXTRACTORS


@dataclass(frozen=True)
class TextRule:
    id: str
    field: str          # published, authors or credit
    zone: str           # head, tail or any
    pattern: re.Pattern


@dataclass(frozen=True)
class MetadataRules:
    html: dict                              # field -> XPath list, plus the title-suffix settings
    extractor: str                          # the main-text extractor for web pages (EXTRACTORS)
    min_story_chars: int                    # the shortest main text the extractor accepts
    author_link: re.Pattern                 # the address of a reporter's page
    title_separators: re.Pattern
    suffix_max_chars: int
    not_authors: re.Pattern
    front_matter: dict[str, tuple[str, ...]]   # field -> keys, best first
    text_rules: tuple[TextRule, ...]
    head_lines: int
    tail_lines: int
    name_separators: re.Pattern
    name_noise: re.Pattern
    name_roles: re.Pattern                  # role words around a name ("記者王心怡" -> "王心怡")


def load_metadata_rules(path) -> MetadataRules:
    data = load_yaml(path)
    if not isinstance(data, dict):
        raise InputError(path, "a rules file must be a mapping of sections", line=1)

    def need(node: LineDict, key: str, kind):
        if not isinstance(node, dict) or key not in node:
            raise InputError(path, f"missing '{key}'", line=getattr(node, "line", 1), field=key)
        if not isinstance(node[key], kind):
            raise InputError(path, f"'{key}' must be a {kind.__name__}", line=node.line_of(key), field=key)
        return node[key]

    def regex(node: LineDict, key: str) -> re.Pattern:
        try:
            return re.compile(need(node, key, str))
        except re.error as err:
            raise InputError(path, f"bad regular expression: {err}", line=node.line_of(key), field=key) from None

    html = need(data, "html", dict)
    for key in ("title", "headline_elements", "published", "authors", "publisher", "url", "description", "captions",
                "standfirst"):
        if not all(isinstance(x, str) for x in need(html, key, list)):
            raise InputError(path, f"'html.{key}' must list XPath expressions", line=html.line_of(key), field=key)
    try:
        re.compile(need(html, "author_link", str))
    except re.error as err:
        raise InputError(path, f"bad regular expression: {err}", line=html.line_of("author_link"),
                         field="html.author_link") from None
    extractor = need(html, "extractor", str)
    if extractor not in EXTRACTORS:
        raise InputError(path, f"'html.extractor' must be one of {', '.join(EXTRACTORS)}", line=html.line_of("extractor"),
                         field="html.extractor")
    front = need(data, "front_matter", dict)
    rules, seen = [], set()
    for field_name in ("published", "authors", "credits"):
        items = need(data, field_name, list)
        for index, item in enumerate(items):
            line = items.line_of(index)
            if not isinstance(item, dict):
                raise InputError(path, "each rule is a mapping with 'id', 'zone' and 'pattern'", line=line,
                                 field=field_name)
            rule_id = need(item, "id", str)
            if rule_id in seen:
                raise InputError(path, f"duplicate rule id '{rule_id}'", line=line, field=field_name)
            seen.add(rule_id)
            zone = need(item, "zone", str)
            if zone not in _ZONES:
                raise InputError(path, f"'zone' must be one of {', '.join(_ZONES)}", line=item.line_of("zone"),
                                 field=f"{rule_id}.zone")
            rules.append(TextRule(rule_id, "credit" if field_name == "credits" else field_name, zone,
                                  regex(item, "pattern")))
    zones = need(data, "zones", dict)
    return MetadataRules(
        html={key: tuple(value) for key, value in html.items() if isinstance(value, list)},
        extractor=extractor,
        min_story_chars=need(html, "min_story_chars", int),
        author_link=re.compile(html["author_link"]),
        title_separators=regex(html, "title_separators"),
        suffix_max_chars=int(need(html, "suffix_max_chars", int)),
        not_authors=regex(html, "not_authors"),
        front_matter={key: tuple(map(str, need(front, key, list))) for key in front},
        text_rules=tuple(rules),
        head_lines=int(need(zones, "head_lines", int)),
        tail_lines=int(need(zones, "tail_lines", int)),
        name_separators=regex(data, "name_separators"),
        name_noise=regex(data, "name_noise"),
        name_roles=regex(data, "name_roles"),
    )


def text_hints(lines: list[tuple[int, str]], rules: MetadataRules, head_end: int | None = None) -> list[Hint]:
    """Hints from the text patterns, for one article's lines ((line number, text), in order).
    The head runs to the lead paragraph's line (`head_end`) and the tail is the last lines."""
    hints = []
    lines = [(n, t) for n, t in lines if t.strip()]
    # Up to the lead, however many lines of menus stand above it (a portal prints dozens).
    head = [(n, t) for n, t in lines if n <= head_end] if head_end is not None else lines[:rules.head_lines]
    zones = {"head": head, "tail": lines[-rules.tail_lines:], "any": lines}
    for rule in rules.text_rules:
        for number, text in zones[rule.zone]:
            match = rule.pattern.search(text)
            if not match:
                continue
            value = date_of_match(match) if rule.field == "published" else split_names(match, rules)
            if value:
                hints.append(Hint(rule.field, value, f"rule {rule.id}", number))
                break
    return hints


def date_of_match(match: re.Match) -> str | None:
    groups = match.groupdict()
    try:
        if groups.get("roc"):
            year = int(groups["roc"]) + 1911
        else:
            year = int(groups["y"])
        month = _MONTHS[groups["mon"][:3].lower()] if groups.get("mon") else int(groups["m"])
        return dt.date(year, month, int(groups["d"])).isoformat()
    except (KeyError, TypeError, ValueError):
        return None


def split_names(match: re.Match, rules: MetadataRules) -> list[str]:
    found = next((v for k, v in match.groupdict().items() if k.startswith("names") and v), "")
    return names_of(found, rules)


def names_of(text: str, rules: MetadataRules) -> list[str]:
    names = []
    for name in rules.name_separators.split(text.strip()):
        name = rules.name_roles.sub("", name.strip(" \u3000."))
        if name and not rules.name_noise.match(name) and name not in names:
            # "KAREN HOLLOWAY" is Karen Holloway; an editor's code ("韩丹 SF091") stays as written.
            names.append(name.title() if _CAPITALS_NAME.fullmatch(name) and len(name) > 3 else name)
    return names


_CAPITALS_NAME = re.compile(r"[A-Z][A-Z .'\-]+")
_ISO_DATE = re.compile(r"((?:19|20)\d{2})\s*[-/.\u5E74]\s*(\d{1,2})\s*[-/.\u6708]\s*(\d{1,2})")
_EN_DATE = re.compile(r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+(\d{1,2}),?\s+((?:19|20)\d{2})")


def parse_date(text: str) -> str | None:
    """The calendar date a metadata field gives, as written (an ISO time's offset is the
    publisher's own: 2025-04-24T15:32:00+08:00 is 2025-04-24)."""
    text = str(text)
    found = _ISO_DATE.search(text)
    try:
        if found:
            return dt.date(int(found.group(1)), int(found.group(2)), int(found.group(3))).isoformat()
        found = _EN_DATE.search(text)
        if found:
            return dt.date(int(found.group(3)), _MONTHS[found.group(1)[:3].lower()], int(found.group(2))).isoformat()
    except ValueError:
        return None
    return None
