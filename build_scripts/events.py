"""Stage 8: timeline events from the dates in the text.

Each date expression an article's text gives (rules/dates.yaml), resolved against the article's
published date, becomes an event: the date, the clause around it as a statement, the glossary
entries named in that clause, and the paragraph it comes from (rules/timeline.yaml says how).
Then, in order:

1. a paragraph and its translation tell the same events: matching dates merge into one
   event with a statement in each language;
2. the editors' edits from the article's sidecar (`events:`) correct, hide or add events;
3. two articles telling the same event on the same date (nearly the same statement) merge
   into one event with both as sources; editors merge others with `same_as`.

An article without a published date keeps only the dates that do not depend on it (2019年,
Dec. 4, 2025): relative ones (明年4月) cannot be resolved, and no date is invented.
"""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from functools import lru_cache
from pathlib import Path

from .dates import DateMention, find_dates, granularity_of, interval
from .errors import BuildFailed, InputError
from .language import to_simplified
from .model import Article, Block, Event, EventEdit, EventSource
from .rules import Rules, SameEntities, TimelineRules

# Two reference dates far apart: a value both give is absolute (used when an article has no date).
_PROBE_REFS = (date(2001, 3, 10), date(2013, 9, 20))
_WORD_CHARS = re.compile(r"[\W_]+")


def build_timeline(articles: list[Article], rules: Rules, glossary_ids: set[str],
                   sidecars: dict[str, Path | str], found_events: list[list[Event]] | None = None) -> list[Event]:
    """Every event of every article, edits applied and duplicates merged, in chronological order.
    `sidecars` maps an article's slug to its sidecar (for errors that point at an edit);
    `found_events`, when given, holds article_events() of each article (from the build cache)."""
    errors: list[InputError] = []
    events: list[Event] = []
    merges: list[tuple[str, EventEdit, Article]] = []
    for position, article in enumerate(articles):
        found = found_events[position] if found_events is not None else article_events(article, rules)
        try:
            kept, same_as = apply_edits(found, article, glossary_ids, sidecars.get(article.slug, article.capture))
        except BuildFailed as failed:
            errors.extend(failed.errors)
            continue
        events.extend(kept)
        merges.extend(same_as)
    if errors:
        raise BuildFailed(errors)
    edited = {e.key for e in events if e.edited}
    events = merge_retold(events, rules.timeline.same_event_similarity, protected=edited,
                          same_entities=rules.timeline.same_event_entities)
    events = _merge_by_editors(events, merges, sidecars)
    return sorted(events, key=chronological)


def chronological(event: Event) -> tuple:
    """Earlier first; of two starting together, the more precise (shorter) first."""
    return (event.start, event.end, event.article, event.position)


# --- one article --------------------------------------------------------------------------------

def article_events(article: Article, rules: Rules) -> list[Event]:
    """The events of one article's text, a paragraph and its translation merged."""
    ref = date.fromisoformat(article.published) if article.published else None
    by_block: dict[str, list[Event]] = {}
    for index, block in enumerate(article.blocks):
        if block.role in rules.timeline.skip_roles:
            continue
        mentions = _dated(block, ref, rules)
        if _is_date_line(block.text, mentions, rules.timeline):
            continue
        found = [_event(article, block, mention, rules.timeline, index * 100_000 + mention.start, ref)
                 for mention in mentions if not_event_rule(block, mention, rules.timeline) is None]
        by_block[block.id] = _once_per_statement(found)
        _number_repeats(by_block[block.id])
    blocks = {b.id: b for b in article.blocks}
    events: list[Event] = []
    done: set[str] = set()
    for block in article.blocks:
        if block.id not in by_block or block.id in done:
            continue
        done.add(block.id)
        partner = blocks.get(block.pair) if block.pair else None
        if partner is not None and partner.id in by_block and partner.id not in done:
            done.add(partner.id)
            events.extend(_merge_translations(by_block[block.id], by_block[partner.id]))
        else:
            events.extend(by_block[block.id])
    return _once_per_article(events, rules.timeline.same_article_overlap)


def _once_per_article(events: list[Event], overlap: float) -> list[Event]:
    """A happening the article tells twice on one date (its headline "立法院會24日三讀通過" and its
    lead "立法院會今天三讀通過") is one event: the first telling, with both as sources."""
    kept: list[Event] = []
    for event in events:
        twin = next((i for i, k in enumerate(kept)
                     if (k.value, k.end_value, k.mod, k.date_of) == (event.value, event.end_value, event.mod, event.date_of)
                     and _overlap(k.statement, event.statement) >= overlap), None)
        if twin is None:
            kept.append(event)
        else:   # written at one time: told as still to come once, it was still to come
            kept[twin] = replace(_combine(kept[twin], event), planned=kept[twin].planned or event.planned)
    return kept


def _dated(block: Block, ref: date | None, rules: Rules) -> list[DateMention]:
    if ref is not None:
        return find_dates(block.text, ref, rules.dates, block.lang)
    first, second = (find_dates(block.text, r, rules.dates, block.lang) for r in _PROBE_REFS)
    absolute = {(m.start, m.value, m.end_value) for m in second}
    return [m for m in first if (m.start, m.value, m.end_value) in absolute]


def _once_per_statement(events: list[Event]) -> list[Event]:
    """One paragraph naming a date twice in one statement ("4月30日电 … 4月30日主持") tells it once."""
    seen: set[tuple] = set()
    kept = []
    for event in events:
        key = (event.value, event.end_value, event.mod, tuple(event.statement.items()))
        if key not in seen:
            seen.add(key)
            kept.append(event)
    return kept


def _is_date_line(text: str, mentions: list[DateMention], rules: TimelineRules) -> bool:
    """A block saying nothing but its dates ("2024年5月3日 星期五"): a page's date line, no event."""
    if not mentions or rules.date_line_rest is None:
        return False
    rest, last = [], 0
    for mention in mentions:
        rest.append(text[last:mention.start])
        last = mention.end
    rest.append(text[last:])
    return rules.date_line_rest.match(" ".join(rest)) is not None


def not_event_rule(block: Block, mention: DateMention, rules: TimelineRules) -> str | None:
    """The id of the not_events rule that says this date dates no happening, or None."""
    before, after = block.text[max(0, mention.start - 60):mention.start], block.text[mention.end:mention.end + 30]
    for rule in rules.not_events:
        if rule.lang != block.lang:
            continue
        if (rule.before is None or rule.before.search(before)) and (rule.after is None or rule.after.match(after)):
            return rule.id
    return None


def is_planned(mention: DateMention, ref: date | None) -> bool:
    """Written before the date came: the date starts after the published day, or the clause speaks
    of the future (将, will) and the date had not ended by then."""
    if ref is None:
        return mention.tense == "future"
    first, last = interval(mention.value, mention.end_value, mention.mod)
    return first > ref or (mention.tense == "future" and last >= ref)


def _event(article: Article, block: Block, mention: DateMention, rules: TimelineRules, position: int,
           ref: date | None = None) -> Event:
    start, end, text = statement_around(block, mention, rules)
    lang = block.lang
    words = text.casefold() if lang == "en" else text
    reported = any(_has_word(words, cue, lang) for cue in rules.report_cues[lang])
    entities = list(dict.fromkeys(m.entry for m in block.mentions if m.start < end and start < m.end))
    first, last = interval(mention.value, mention.end_value, mention.mod)
    garbled = any(s.garbled for s, (a, b) in _sentence_spans(block) if a < end and start < b)
    source = EventSource(article.slug, block.id, lang, mention.text, id=f"{block.id}@{mention.text}")
    return Event(
        id=source.id, article=article.slug, value=mention.value,
        granularity=mention.granularity, start=first.isoformat(), end=last.isoformat(),
        end_value=mention.end_value, mod=mention.mod, statement={lang: text},
        script=block.script if lang == "zh" else "neutral", entities=entities, sources=[source],
        date_of="report" if reported else "event", garbled=[lang] if garbled else [], position=position,
        planned=not reported and is_planned(mention, ref),
    )


def _has_word(text: str, cue: str, lang: str) -> bool:
    if lang == "zh":
        return cue in text
    return re.search(rf"\b{re.escape(cue.casefold())}\b", text) is not None


def _number_repeats(events: list[Event]) -> None:
    """The same date text twice in a paragraph: the second is "<block>@<text>#2"."""
    seen: dict[str, int] = {}
    for event in events:
        seen[event.id] = seen.get(event.id, 0) + 1
        if seen[event.id] > 1:
            event.id = f"{event.id}#{seen[event.id]}"
        event.sources[0].id = event.id


def _merge_translations(first: list[Event], second: list[Event]) -> list[Event]:
    """A paragraph and its translation: the n-th date of a value in one is the n-th in the other."""
    out, unmatched = [], list(second)
    for event in first:
        partner = next((e for e in unmatched if (e.value, e.end_value) == (event.value, event.end_value)), None)
        if partner is None:
            out.append(event)
            continue
        unmatched.remove(partner)
        out.append(_combine(event, partner))
    return out + unmatched


def _combine(keep: Event, other: Event) -> Event:
    """One event told by both: `keep`'s id and date, the statements and sources of both."""
    statement = {**other.statement, **keep.statement}
    known = {_source_key(s) for s in keep.sources}      # a set: an event may be retold hundreds of times
    return replace(
        keep, statement=statement, script=keep.script if "zh" in keep.statement else other.script,
        entities=list(dict.fromkeys(keep.entities + other.entities)),
        sources=keep.sources + [s for s in other.sources if _source_key(s) not in known],
        date_of="report" if "report" in (keep.date_of, other.date_of) else "event",
        garbled=sorted(set(keep.garbled) | set(other.garbled)), edited=keep.edited + other.edited,
        planned=keep.planned and other.planned,
    )


def _source_key(source: EventSource) -> tuple[str, str, str, str, str]:
    return source.article, source.block, source.lang, source.text, source.id


# --- the statement ----------------------------------------------------------------------------------

def _sentence_spans(block: Block):
    offset = 0
    for sentence in block.sentences:
        yield sentence, (offset, offset + len(sentence.text))
        offset += len(sentence.text)


def statement_around(block: Block, mention: DateMention, rules: TimelineRules) -> tuple[int, int, str]:
    """The clause holding the date, grown by whole clauses until it says min_chars characters
    besides the date, trimmed of linking words and stray punctuation and cut to max_chars around
    the date. Returns its span in the block's text and the statement ("…" marks a cut).

    A clause that opens with the date ("10月, X met Y") grows forward; one with the date inside
    ("X 可能在本月发布") grows backward first, towards its subject. A date that closes its clause
    ("…资深议员10月, 两国领导人会面") belongs to what follows it."""
    lang, text = block.lang, block.text
    low, high = 0, len(text)
    for _, (a, b) in _sentence_spans(block):
        if a <= mention.start < b:
            low, high = a, b
            break
    opener = rules.wire_lead.match(text) if rules.wire_lead and low == 0 else None
    if opener and opener.end() <= mention.start:
        low = opener.end()          # "（中央社記者X台北24日電）": who sent it, not what happened
    breaks = rules.clause_breaks[lang]
    cuts = sorted({low, high} | {low + m.end() for m in breaks.finditer(text[low:high])})
    clauses = [(a, b) for a, b in zip(cuts, cuts[1:]) if a < b]
    first = next(i for i, (a, b) in enumerate(clauses) if a <= mention.start < b)
    last = next(i for i, (a, b) in enumerate(clauses) if a < mention.end <= b)
    floor = low
    after = text[mention.end:clauses[last][1]].lstrip()
    if rules.date_leads[lang] and last + 1 < len(clauses) and breaks.fullmatch(after):
        floor = mention.start       # "…资深议员10月, 两国领导人会面": the date belongs to what follows

    def span() -> tuple[int, int]:
        return _tidy(text, max(floor, clauses[first][0]), clauses[last][1], rules, lang)

    def said() -> int:
        start, end = span()
        return (end - start) - (mention.end - mention.start)

    opens = span()[0] >= mention.start
    while said() < rules.min_chars[lang]:
        if (opens or first == 0 or clauses[first - 1][0] < floor) and last + 1 < len(clauses):
            last += 1
        elif first > 0 and clauses[first - 1][0] >= floor:
            first -= 1
        else:
            break
    start, end = span()
    words = text[start:end].casefold() if lang == "en" else text[start:end]
    if any(_has_word(words, cue, lang) for cue in rules.report_cues[lang]) and last + 1 < len(clauses):
        last += 1                   # a report's date: say what it reported too
        start, end = span()
    start, end, cut_left, cut_right = _cut(text, start, end, mention, rules.max_chars[lang], lang)
    statement = text[start:end]
    if lang == "en" and not cut_left:
        statement = statement[:1].upper() + statement[1:]
    return start, end, ("…" if cut_left else "") + statement + ("…" if cut_right else "")


_EDGE_PUNCTUATION = " \t\u3000,，;；:：、.。!！?？—–-·"
_PAIRS = {"(": ")", "（": "）", "「": "」", "『": "』", "《": "》", "“": "”", "‘": "’", "[": "]"}


def _tidy(text: str, start: int, end: int, rules: TimelineRules, lang: str) -> tuple[int, int]:
    """Narrow [start, end) past edge punctuation, linking words and unpaired brackets or quotes."""
    changed = True
    while changed and start < end:
        changed = False
        while start < end and text[start] in _EDGE_PUNCTUATION:
            start, changed = start + 1, True
        while end > start and text[end - 1] in _EDGE_PUNCTUATION:
            end, changed = end - 1, True
        for word in rules.leading_words[lang]:
            piece = text[start:end]
            if lang == "en":
                match = re.match(rf"{re.escape(word)}\b[ ,]*", piece, re.IGNORECASE)
                if match and match.end() < len(piece):
                    start, changed = start + match.end(), True
                    break
            elif piece.startswith(word) and len(piece) > len(word) + 1:
                start, changed = start + len(word), True
                break
        piece = text[start:end]
        if piece and piece[0] in _PAIRS.values():
            start, changed = start + 1, True
        elif piece and piece[-1] in _PAIRS and _PAIRS[piece[-1]] not in piece:
            end, changed = end - 1, True
        elif piece and piece[0] in _PAIRS and _PAIRS[piece[0]] not in piece:
            start, changed = start + 1, True
    return start, end


def _cut(text: str, start: int, end: int, mention: DateMention, limit: int, lang: str
         ) -> tuple[int, int, bool, bool]:
    """At most `limit` characters of [start, end), keeping the date and more of what follows it."""
    if end - start <= limit:
        return start, end, False, False
    left = max(start, min(mention.start - limit // 4, end - limit))
    right = min(end, left + limit)
    if lang == "en":        # whole words only
        if left > start:
            space = text.find(" ", left, mention.start)
            left = space + 1 if space >= 0 else left
        if right < end:
            space = text.rfind(" ", mention.end, right)
            right = space if space >= 0 else right
    return left, right, left > start, right < end


# --- editors' edits -----------------------------------------------------------------------------------

def apply_edits(events: list[Event], article: Article, glossary_ids: set[str], sidecar: Path | str
                ) -> tuple[list[Event], list[tuple[str, EventEdit, Article]]]:
    """The article's events after its sidecar's edits, and (by source key) the events editors
    said are another's. An edit's id may be written with or without "<slug>/" in front."""
    errors: list[InputError] = []
    by_id = {source.id: event for event in events for source in event.sources}
    blocks = {b.id: b for b in article.blocks}
    hidden: set[int] = set()
    same_as = []
    for edit in article.event_edits:
        def fail(reason: str, field: str):
            errors.append(InputError(sidecar, reason, line=edit.line, field=f"events.{field}"))

        for entity in edit.entities or []:
            if entity not in glossary_ids:
                fail(f"no glossary entry '{entity}' (see editorial/glossary/)", "entities")
        if edit.id is not None:
            event = by_id.get(edit.id.removeprefix(article.slug + "/"))
            if event is None:
                known = ", ".join(sorted(by_id)) or "none"
                fail(f"article {article.index} ({article.slug}) has no event '{edit.id}'; its events: {known}", "id")
                continue
        else:
            block = blocks.get(edit.block)
            if block is None:
                fail(f"article {article.index} ({article.slug}) has no block '{edit.block}'", "block")
                continue
            event = _added(article, block, edit)
            events.append(event)
        _edit(event, edit)
        if edit.hide:
            hidden.add(id(event))
        if edit.same_as:
            same_as.append((f"{article.slug}/{event.sources[0].id}", edit, article))
    if errors:
        raise BuildFailed(errors)
    return [e for e in events if id(e) not in hidden], same_as


def _added(article: Article, block: Block, edit: EventEdit) -> Event:
    source = EventSource(article.slug, block.id, block.lang, "", id=f"{block.id}@{edit.value}")
    position = next(i for i, b in enumerate(article.blocks) if b.id == block.id) * 100_000
    return Event(id=source.id, article=article.slug, value=edit.value or "", granularity="", start="", end="",
                 script=block.script if block.lang == "zh" else "neutral", sources=[source], edited=["added"],
                 position=position)


def _edit(event: Event, edit: EventEdit) -> None:
    if edit.value is not None:
        event.value, event.end_value, event.mod = edit.value, edit.end_value, None
        event.granularity = granularity_of(edit.value) or ""
        first, last = interval(event.value, event.end_value)
        event.start, event.end = first.isoformat(), last.isoformat()
        if "added" not in event.edited:
            event.edited.append("date")
    if edit.statement:
        event.statement = {**event.statement, **edit.statement}
        event.garbled = [lang for lang in event.garbled if lang not in edit.statement]
        event.edited.append("statement")
    if edit.entities is not None:
        event.entities = list(edit.entities)
        event.edited.append("entities")
    if edit.date_of is not None:
        event.date_of = edit.date_of
        event.edited.append("date_of")
    if edit.planned is not None:
        event.planned = edit.planned
        event.edited.append("planned")
    if edit.hide:
        event.edited.append("hidden")


# --- the same event in several articles -----------------------------------------------------------

def merge_retold(events: list[Event], threshold: float, protected: set[str] = frozenset(),
                 same_entities: SameEntities | None = None) -> list[Event]:
    """Events on the same date in different articles that tell one happening become one, with
    the earlier article's event first: their statements (in a shared language) are nearly the
    same, or (`same_entities`) their date is a day and they name mostly the same glossary entries,
    whatever their languages. Edited events (`protected` keys) are left as the editors made them."""
    out: list[_Retold] = []
    same_dates: dict[tuple, list[int]] = {}     # (value, end_value) -> positions in out, in order
    for event in sorted(events, key=chronological):
        candidates = same_dates.setdefault((event.value, event.end_value), [])
        twin = None if event.key in protected else next(
            (i for i in candidates if out[i].first.key not in protected and out[i].first.article != event.article
             and out[i].first.date_of == event.date_of
             and (_similar(out[i].statement, event.statement) >= threshold
                  or _same_entities(out[i].entity_ids, event, same_entities))), None)
        if twin is None:
            candidates.append(len(out))
            out.append(_Retold(event))
        else:
            out[twin].add(event)
    return [retold.event() for retold in out]


class _Retold:
    """An event and the retellings merged into it so far: what _combine(_combine(first, a), b)…
    would give, gathered in one pass (an event may be retold hundreds of times)."""

    def __init__(self, first: Event):
        self.first, self.statement, self.merged = first, first.statement, False

    @property
    def entity_ids(self) -> list[str]:
        return list(self.entities) if self.merged else self.first.entities

    def add(self, other: Event) -> None:
        if not self.merged:
            first = self.first
            self.merged, self.script, self.date_of = True, first.script, first.date_of
            self.entities = dict.fromkeys(first.entities)
            self.sources, self.known = list(first.sources), {_source_key(s) for s in first.sources}
            self.garbled, self.edited = set(first.garbled), list(first.edited)
            self.planned = first.planned
        self.script = self.script if "zh" in self.statement else other.script
        self.statement = {**other.statement, **self.statement}
        self.entities.update(dict.fromkeys(other.entities))
        added = [s for s in other.sources if _source_key(s) not in self.known]
        self.sources.extend(added)
        self.known.update(_source_key(s) for s in added)
        self.date_of = "report" if "report" in (self.date_of, other.date_of) else "event"
        self.garbled.update(other.garbled)
        self.edited.extend(other.edited)
        self.planned = self.planned and other.planned

    def event(self) -> Event:
        if not self.merged:
            return self.first
        return replace(self.first, statement=self.statement, script=self.script, entities=list(self.entities),
                       sources=self.sources, date_of=self.date_of, garbled=sorted(self.garbled), edited=self.edited,
                       planned=self.planned)


def _same_entities(entities: list[str], event: Event, rule: SameEntities | None) -> bool:
    """A day's event naming mostly the same glossary entries as `entities` (any languages)."""
    if rule is None or event.granularity not in rule.grains or event.mod:
        return False
    mine, theirs = set(entities), set(event.entities)
    shared = len(mine & theirs)
    return shared >= rule.min_shared and shared / len(mine | theirs) >= rule.min_share


def _similar(a: dict[str, str], b: dict[str, str]) -> float:
    """How alike two statements are (by language), 0 to 1."""
    scores = [_jaccard(_pairs(a[lang]), _pairs(b[lang])) for lang in a if lang in b]
    return max(scores, default=0.0)


@lru_cache(maxsize=None)
def _pairs(text: str) -> frozenset[str]:
    flat = _WORD_CHARS.sub("", to_simplified(text).casefold())
    return frozenset(flat[i:i + 2] for i in range(len(flat) - 1))


def _overlap(a: dict[str, str], b: dict[str, str]) -> float:
    """How much of the shorter statement the longer one says (by language), 0 to 1."""
    scores = []
    for lang in a.keys() & b.keys():
        mine, theirs = _pairs(a[lang]), _pairs(b[lang])
        if mine and theirs:
            scores.append(len(mine & theirs) / min(len(mine), len(theirs)))
    return max(scores, default=0.0)


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _merge_by_editors(events: list[Event], merges: list[tuple[str, EventEdit, Article]],
                      sidecars: dict[str, Path | str]) -> list[Event]:
    """Fold each event an editor marked `same_as` into the one it names (any of its source ids)."""
    def index() -> dict[str, int]:
        return {f"{s.article}/{s.id}": i for i, e in enumerate(events) for s in e.sources}

    errors = []
    for own_key, edit, article in merges:
        where = index()
        target, own = where.get(edit.same_as.strip()), where.get(own_key)
        if target is None or own is None:
            errors.append(InputError(sidecars.get(article.slug, article.capture),
                                     f"same_as '{edit.same_as}' names no event (write '<article slug>/<event id>' "
                                     "as `python -m build_scripts timeline` prints it)",
                                     line=edit.line, field="events.same_as"))
            continue
        if target == own:
            continue        # already one event
        merged = _combine(events[target], events[own])
        merged.edited = list(dict.fromkeys(events[target].edited + ["merged"]))
        events[target] = merged
        del events[own]
    if errors:
        raise BuildFailed(errors)
    return events
