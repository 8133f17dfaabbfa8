"""Loads the rules files (rules/*.yaml) into checked, compiled objects.

Rules are data: editors change the YAML, never this module. A malformed rule fails
with the file, the line and the reason.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from .dates import DateRules, load_date_rules
from .errors import InputError
from .sourcemeta import MetadataRules, load_metadata_rules
from .yamlio import LineDict, load_yaml


@dataclass(frozen=True)
class PatternRule:
    id: str
    pattern: re.Pattern
    replace: str = ""
    marks_next: str | None = None


@dataclass(frozen=True)
class CharacterRule:
    id: str
    ranges: tuple[tuple[int, int], ...]
    normalisation: str


@dataclass(frozen=True)
class GlueRules:
    unknown_below: float
    part_at_least: float
    short_part_at_least: float
    parts_sum_at_least: float
    single_letter_words: frozenset[str]
    inflection_suffixes: tuple[str, ...]
    keep_words: tuple[str, ...]
    keep_patterns: tuple[re.Pattern, ...]
    spacing: tuple[PatternRule, ...]


@dataclass(frozen=True)
class CleaningRules:
    characters: tuple[CharacterRule, ...]
    strip_characters: CharacterRule
    footer_starts: tuple[PatternRule, ...]
    paywall_notices: tuple[PatternRule, ...]
    drop_lines: tuple[PatternRule, ...]
    drop_inline: tuple[PatternRule, ...]
    glue: GlueRules
    max_capture_bytes: int = 5_000_000
    story_line_chars: int = 40          # a footer starts only below a story line at least this long
    related_box_lines: int = 5          # a footer heading over at most this many short lines ...
    related_box_resume_chars: int = 60  # ... then a story line this long is a box inside the story


@dataclass(frozen=True)
class SegmentationRules:
    source_tag: re.Pattern
    title_max_chars: int
    paragraph_target: dict[str, int]
    paragraph_split_above: dict[str, int]
    caption_starts: tuple[PatternRule, ...]
    caption_credits: tuple[PatternRule, ...]
    caption_line_chars: int             # a line this short that ends with a photo credit is all caption
    heading_markers: tuple[PatternRule, ...]
    heading_max_chars: int
    heading_min_chars: int
    sentence_openers: tuple[str, ...]
    strong_openers: tuple[str, ...]
    known_names: tuple[str, ...]
    opener_tags: frozenset[str]
    byline: re.Pattern
    byline_anywhere: re.Pattern
    byline_role: re.Pattern             # a job title under a reporter's name
    dateline: re.Pattern
    credit: re.Pattern
    credit_after_text: re.Pattern       # an editor credit written on the last paragraph's line
    footer_credit: re.Pattern           # an editor credit among the page's prompts under the story
    wire_lead: re.Pattern               # the opening of a wire story's lead (its dateline or tag)
    min_english_words: int
    max_embedded_cjk: int
    headline_min_size: dict[str, int] = field(default_factory=lambda: {"zh": 8, "en": 4})
    headline_search_blocks: int = 40
    lead_min_chars: int = 40
    never_headline: re.Pattern = re.compile("(?!)")    # a site's name or a time stamp
    garbled: dict = field(default_factory=dict)


@dataclass(frozen=True)
class GlossaryRules:
    name_joiners: str               # a Chinese name never matches next to one of these
    snippet_chars: int              # context either side of a mention on an entry's page
    related_max: int                # related articles listed under an article
    suggest_patterns: tuple[PatternRule, ...]
    suggest_ignore: frozenset[str]
    suggest_title_words: tuple[str, ...]
    suggest_stop_tags: frozenset[str]
    suggest_name_stop_tags: frozenset[str]
    suggest_dismissed: frozenset[str]
    suggest_type_words: dict[str, frozenset[str]]


@dataclass(frozen=True)
class TimelineRules:
    skip_roles: frozenset[str]              # blocks whose dates are not events
    min_chars: dict[str, int]               # per language: a statement grows to at least this
    max_chars: dict[str, int]               # and is cut to at most this
    clause_breaks: dict[str, re.Pattern]
    date_leads: dict[str, bool]             # a date closing its clause starts the statement
    leading_words: dict[str, tuple[str, ...]]
    report_cues: dict[str, tuple[str, ...]]
    same_event_similarity: float
    labels: dict                            # month, season, half and modifier words for date labels
    sources_listed: int = 8                 # articles named under one event; the rest are counted
    not_events: tuple[NotEventRule, ...] = ()
    date_line_rest: re.Pattern | None = None     # what else a page's date line may say
    same_event_entities: SameEntities | None = None
    same_article_overlap: float = 1.0       # one article telling an event twice (headline, lead)
    wire_lead: re.Pattern | None = None     # a wire lead's opener (segmentation.yaml): no statement's part


@dataclass(frozen=True)
class NotEventRule:
    """A date in this context dates no happening (a comparison's yardstick, the page's own date)."""
    id: str
    lang: str
    before: re.Pattern | None       # matches the text ending right before the date
    after: re.Pattern | None        # matches the text right after it


@dataclass(frozen=True)
class SameEntities:
    """Two events on one date naming mostly the same glossary entries are one happening."""
    grains: frozenset[str]
    min_shared: int
    min_share: float


@dataclass(frozen=True)
class Rules:
    cleaning: CleaningRules
    segmentation: SegmentationRules
    glossary: GlossaryRules
    dates: DateRules
    timeline: TimelineRules
    metadata: MetadataRules


class _Reader:
    """Reads one rules file and reports problems with their line."""

    def __init__(self, path: Path):
        self.path = path
        self.data = load_yaml(path)
        if not isinstance(self.data, dict):
            raise InputError(path, "a rules file must be a mapping of sections", line=1)

    def section(self, node: LineDict, key: str, kind: type, parent_line: int = 1):
        if not isinstance(node, dict) or key not in node:
            raise InputError(self.path, f"missing '{key}'", line=getattr(node, "line", parent_line), field=key)
        value = node[key]
        if not isinstance(value, kind):
            raise InputError(self.path, f"'{key}' must be a {getattr(kind, '__name__', 'number')}", line=node.line_of(key), field=key)
        return value

    def regex(self, node: LineDict, key: str) -> re.Pattern:
        source = self.section(node, key, str)
        try:
            return re.compile(source)
        except re.error as err:
            raise InputError(self.path, f"bad regular expression: {err}", line=node.line_of(key), field=key) from None

    def pattern_rules(self, node: LineDict, key: str) -> tuple[PatternRule, ...]:
        items = self.section(node, key, list)
        rules = []
        seen = set()
        for index, item in enumerate(items):
            line = items.line_of(index)
            if not isinstance(item, dict):
                raise InputError(self.path, "each rule must be a mapping with 'id' and 'pattern'", line=line, field=key)
            rule_id = self.section(item, "id", str, line)
            if rule_id in seen:
                raise InputError(self.path, f"duplicate rule id '{rule_id}'", line=line, field=key)
            seen.add(rule_id)
            rules.append(PatternRule(rule_id, self.regex(item, "pattern"), str(item.get("replace", "")),
                                     item.get("marks_next")))
        return tuple(rules)

    def character_rule(self, item: LineDict) -> CharacterRule:
        ranges = self.section(item, "ranges", list, item.line)
        checked = []
        for index, pair in enumerate(ranges):
            if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(x, int) for x in pair)
                    and pair[0] <= pair[1]):
                raise InputError(self.path, "a range is [first, last] code points", line=ranges.line_of(index),
                                 field="ranges")
            checked.append((pair[0], pair[1]))
        return CharacterRule(self.section(item, "id", str, item.line), tuple(checked),
                             str(item.get("normalisation", "")))


def load_rules(rules_dir: Path) -> Rules:
    segmentation = _load_segmentation(rules_dir / "segmentation.yaml")
    timeline = replace(_load_timeline_rules(rules_dir / "timeline.yaml"), wire_lead=segmentation.wire_lead)
    return Rules(_load_cleaning(rules_dir / "cleaning.yaml"), segmentation,
                 _load_glossary_rules(rules_dir / "glossary.yaml"), load_date_rules(rules_dir / "dates.yaml"),
                 timeline, load_metadata_rules(rules_dir / "metadata.yaml"))


def _load_timeline_rules(path: Path) -> TimelineRules:
    r = _Reader(path)
    data = r.data
    statement = r.section(data, "statement", dict)

    def per_language(node: LineDict, key: str, kind: type) -> dict:
        table = r.section(node, key, dict)
        for lang in ("en", "zh"):
            r.section(table, lang, kind, table.line)
        return table

    breaks = per_language(statement, "clause_breaks", str)
    similarity, overlap = (_share(r, data, key) for key in ("same_event_similarity", "same_article_overlap"))
    return TimelineRules(
        skip_roles=frozenset(r.section(data, "skip_roles", list)),
        min_chars={k: int(v) for k, v in per_language(statement, "min_chars", int).items()},
        max_chars={k: int(v) for k, v in per_language(statement, "max_chars", int).items()},
        clause_breaks={lang: r.regex(breaks, lang) for lang in ("en", "zh")},
        date_leads=dict(per_language(statement, "date_leads", bool)),
        leading_words={k: tuple(sorted(map(str, v), key=len, reverse=True))
                       for k, v in per_language(statement, "leading_words", list).items()},
        report_cues={k: tuple(map(str, v)) for k, v in per_language(data, "report_cues", list).items()},
        same_event_similarity=similarity,
        same_article_overlap=overlap,
        labels=_date_labels(r, r.section(data, "labels", dict)),
        sources_listed=max(1, int(r.section(data, "sources_listed", int))),
        not_events=_not_event_rules(r, data),
        date_line_rest=r.regex(data, "date_line_rest"),
        same_event_entities=_same_entities(r, r.section(data, "same_event_entities", dict)),
    )


def _share(r: _Reader, data: LineDict, key: str) -> float:
    value = r.section(data, key, (int, float))
    if not 0 < value <= 1:
        raise InputError(r.path, f"'{key}' must be between 0 and 1", line=data.line_of(key), field=key)
    return float(value)


def _not_event_rules(r: _Reader, data: LineDict) -> tuple[NotEventRule, ...]:
    items = r.section(data, "not_events", list)
    rules = []
    for index, item in enumerate(items):
        line = items.line_of(index)
        if not isinstance(item, dict):
            raise InputError(r.path, "each rule must be a mapping with 'id', 'lang' and 'before' or 'after'",
                             line=line, field="not_events")
        lang = r.section(item, "lang", str, line)
        if lang not in ("en", "zh"):
            raise InputError(r.path, "'lang' must be 'en' or 'zh'", line=item.line_of("lang"), field="not_events.lang")
        before, after = (r.regex(item, key) if key in item else None for key in ("before", "after"))
        if before is None and after is None:
            raise InputError(r.path, "a rule needs 'before' or 'after'", line=line, field="not_events")
        rules.append(NotEventRule(r.section(item, "id", str, line), lang, before, after))
    return tuple(rules)


def _same_entities(r: _Reader, node: LineDict) -> SameEntities:
    share = r.section(node, "min_share", (int, float), node.line)
    if not 0 < share <= 1:
        raise InputError(r.path, "'min_share' must be between 0 and 1", line=node.line_of("min_share"),
                         field="same_event_entities.min_share")
    return SameEntities(frozenset(map(str, r.section(node, "grains", list, node.line))),
                        max(1, int(r.section(node, "min_shared", int, node.line))), float(share))


def _date_labels(r: _Reader, node: LineDict) -> dict:
    months = r.section(node, "months", list)
    if len(months) != 12:
        raise InputError(r.path, "'months' must list 12 names", line=node.line_of("months"), field="labels.months")
    labels = {"months": [str(m) for m in months]}
    for key, codes in (("seasons", ("SP", "SU", "FA", "WI")), ("halves", ("H1", "H2")),
                       ("mods", ("START", "MID", "END"))):
        table = r.section(node, key, dict)
        for code in codes:
            words = r.section(table, code, dict, table.line)
            for lang in ("en", "zh"):
                r.section(words, lang, str, table.line_of(code))
        labels[key] = {code: dict(table[code]) for code in codes}
    return labels


def _load_glossary_rules(path: Path) -> GlossaryRules:
    r = _Reader(path)
    data = r.data
    matching = r.section(data, "matching", dict)
    pages = r.section(data, "pages", dict)
    suggest = r.section(data, "suggest", dict)
    return GlossaryRules(
        name_joiners=r.section(matching, "name_joiners", str),
        snippet_chars=int(r.section(pages, "snippet_chars", int)),
        related_max=int(r.section(pages, "related_articles", int)),
        suggest_patterns=r.pattern_rules(suggest, "patterns"),
        suggest_ignore=frozenset(r.section(suggest, "ignore", list)),
        suggest_title_words=tuple(r.section(suggest, "title_words", list)),
        suggest_stop_tags=frozenset(r.section(suggest, "stop_tags", list)),
        suggest_name_stop_tags=frozenset(r.section(suggest, "name_stop_tags", list)),
        suggest_dismissed=frozenset(r.section(suggest, "dismissed", list)),
        suggest_type_words={kind: frozenset(words) for kind, words in r.section(suggest, "type_words", dict).items()},
    )


def _load_cleaning(path: Path) -> CleaningRules:
    r = _Reader(path)
    data = r.data
    characters = tuple(r.character_rule(item) for item in r.section(data, "characters", list))
    glue = r.section(data, "glue_repair", dict)
    keep_patterns = []
    for index, source in enumerate(r.section(glue, "keep_patterns", list)):
        try:
            keep_patterns.append(re.compile(source))
        except re.error as err:
            raise InputError(path, f"bad regular expression: {err}",
                             line=glue["keep_patterns"].line_of(index), field="keep_patterns") from None
    glue_rules = GlueRules(
        unknown_below=float(r.section(glue, "unknown_below", (int, float))),
        part_at_least=float(r.section(glue, "part_at_least", (int, float))),
        short_part_at_least=float(r.section(glue, "short_part_at_least", (int, float))),
        parts_sum_at_least=float(r.section(glue, "parts_sum_at_least", (int, float))),
        single_letter_words=frozenset(r.section(glue, "single_letter_words", list)),
        inflection_suffixes=tuple(r.section(glue, "inflection_suffixes", list)),
        keep_words=tuple(r.section(glue, "keep_words", list)),
        keep_patterns=tuple(keep_patterns),
        spacing=r.pattern_rules(glue, "spacing"),
    )
    limit = r.section(data, "max_capture_bytes", int)
    if limit < 1:
        raise InputError(path, "'max_capture_bytes' must be a positive number of bytes",
                         line=data.line_of("max_capture_bytes"), field="max_capture_bytes")
    return CleaningRules(
        max_capture_bytes=limit,
        story_line_chars=int(r.section(data, "footer_below_story_line_chars", int)),
        related_box_lines=int(r.section(data, "related_box_lines", int)),
        related_box_resume_chars=int(r.section(data, "related_box_resume_chars", int)),
        characters=characters,
        strip_characters=r.character_rule(r.section(data, "strip_characters", dict)),
        footer_starts=r.pattern_rules(data, "footer_starts"),
        paywall_notices=r.pattern_rules(data, "paywall_notices"),
        drop_lines=r.pattern_rules(data, "drop_lines"),
        drop_inline=r.pattern_rules(data, "drop_inline"),
        glue=glue_rules,
    )


def _load_segmentation(path: Path) -> SegmentationRules:
    r = _Reader(path)
    data = r.data
    paragraphs = r.section(data, "paragraphs", dict)
    captions = r.section(data, "captions", dict)
    headings = r.section(data, "headings", dict)
    language = r.section(data, "language", dict)
    headline = r.section(data, "headline", dict)
    return SegmentationRules(
        source_tag=r.regex(data, "source_tag"),
        title_max_chars=int(r.section(data, "title_max_chars", int)),
        headline_min_size={k: int(v) for k, v in r.section(headline, "min_size", dict).items()},
        headline_search_blocks=int(r.section(headline, "search_blocks", int)),
        lead_min_chars=int(r.section(headline, "lead_min_chars", int)),
        never_headline=r.regex(headline, "never"),
        paragraph_target=dict(r.section(paragraphs, "target_chars", dict)),
        paragraph_split_above=dict(r.section(paragraphs, "split_above_chars", dict)),
        caption_starts=r.pattern_rules(captions, "starts"),
        caption_credits=r.pattern_rules(captions, "credits"),
        caption_line_chars=int(r.section(captions, "whole_line_chars", int)),
        heading_markers=r.pattern_rules(headings, "markers"),
        heading_max_chars=int(r.section(headings, "max_chars", int)),
        heading_min_chars=int(r.section(headings, "min_chars", int)),
        sentence_openers=tuple(r.section(headings, "sentence_openers", list)),
        strong_openers=tuple(r.section(headings, "strong_openers", list)),
        known_names=tuple(r.section(headings, "known_names", list)),
        opener_tags=frozenset(r.section(headings, "opener_pos_tags", list)),
        byline=r.regex(data, "byline"),
        byline_anywhere=re.compile(r.regex(data, "byline").pattern.lstrip("^")),
        byline_role=r.regex(data, "byline_role"),
        dateline=r.regex(data, "dateline"),
        credit=r.regex(data, "credit"),
        credit_after_text=r.regex(data, "credit_after_text"),
        footer_credit=r.regex(data, "footer_credit"),
        wire_lead=r.regex(data, "wire_lead"),
        min_english_words=int(r.section(language, "min_english_words", int)),
        max_embedded_cjk=int(r.section(language, "max_cjk_inside_english", int)),
        garbled=dict(r.section(language, "garbled", dict)),
    )
